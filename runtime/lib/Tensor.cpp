//===- Tensor.cpp - Host tensors -------------------------------------------===//
//
// Storage is a byte vector holding numElements() elements of the dtype in
// row-major order; bools are stored as one byte, 0 or 1.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::kF32:
    return "f32";
  case DType::kI32:
    return "i32";
  case DType::kI64:
    return "i64";
  case DType::kBool:
    return "i1";
  }
  return "unknown";
}

int64_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::kF32:
    return 4;
  case DType::kI32:
    return 4;
  case DType::kI64:
    return 8;
  case DType::kBool:
    return 1;
  }
  return 1;
}

int64_t numElements(const Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    // A negative dimension is invalid; such a shape holds no elements (the
    // kernels reject it with an error).
    if (d <= 0)
      return 0;
  }
  for (int64_t d : shape) {
    if (__builtin_mul_overflow(n, d, &n))
      return std::numeric_limits<int64_t>::max();
  }
  return n;
}

std::string shapeToString(const Shape &shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      out += ", ";
    absl::StrAppend(&out, shape[i]);
  }
  out += "]";
  return out;
}

Tensor::Tensor(DType dtype, Shape shape)
    : dtype_(dtype), shape_(std::move(shape)) {
  int64_t n = gnnrt::numElements(shape_);
  int64_t bytes = 0;
  // An absurdly large shape gets no storage rather than throwing; kernels
  // detect the mismatch between shape and storage and report it.
  if (!__builtin_mul_overflow(n, dtypeSize(dtype_), &bytes) &&
      bytes <= (int64_t{1} << 40))
    bytes_.assign(static_cast<size_t>(bytes), 0);
}

namespace {
template <typename T> bool dtypeMatches(DType dtype) {
  if constexpr (std::is_same_v<T, float>)
    return dtype == DType::kF32;
  else if constexpr (std::is_same_v<T, int32_t>)
    return dtype == DType::kI32;
  else if constexpr (std::is_same_v<T, int64_t>)
    return dtype == DType::kI64;
  else if constexpr (std::is_same_v<T, uint8_t>)
    return dtype == DType::kBool;
  else
    return false;
}

template <typename T, typename V>
Tensor fromValues(DType dtype, Shape shape, const std::vector<V> &values) {
  Tensor t(dtype, std::move(shape));
  absl::Span<T> d = t.data<T>();
  size_t n = std::min(d.size(), values.size());
  for (size_t i = 0; i < n; ++i)
    d[i] = static_cast<T>(values[i]);
  return t;
}

int64_t floatToInt64(float v) {
  if (std::isnan(v))
    return 0;
  if (v >= 9.2233720368547758e18f)
    return std::numeric_limits<int64_t>::max();
  if (v <= -9.2233720368547758e18f)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}
} // namespace

template <typename T> absl::Span<T> Tensor::data() {
  if (!dtypeMatches<T>(dtype_))
    return absl::Span<T>();
  return absl::Span<T>(reinterpret_cast<T *>(bytes_.data()),
                       bytes_.size() / sizeof(T));
}

template <typename T> absl::Span<const T> Tensor::data() const {
  if (!dtypeMatches<T>(dtype_))
    return absl::Span<const T>();
  return absl::Span<const T>(reinterpret_cast<const T *>(bytes_.data()),
                             bytes_.size() / sizeof(T));
}

template absl::Span<float> Tensor::data<float>();
template absl::Span<int32_t> Tensor::data<int32_t>();
template absl::Span<int64_t> Tensor::data<int64_t>();
template absl::Span<uint8_t> Tensor::data<uint8_t>();
template absl::Span<const float> Tensor::data<float>() const;
template absl::Span<const int32_t> Tensor::data<int32_t>() const;
template absl::Span<const int64_t> Tensor::data<int64_t>() const;
template absl::Span<const uint8_t> Tensor::data<uint8_t>() const;

Tensor Tensor::fromF32(Shape shape, std::vector<float> values) {
  return fromValues<float>(DType::kF32, std::move(shape), values);
}
Tensor Tensor::fromI64(Shape shape, std::vector<int64_t> values) {
  return fromValues<int64_t>(DType::kI64, std::move(shape), values);
}
Tensor Tensor::fromI32(Shape shape, std::vector<int32_t> values) {
  return fromValues<int32_t>(DType::kI32, std::move(shape), values);
}
Tensor Tensor::fromBool(Shape shape, std::vector<bool> values) {
  Tensor t(DType::kBool, std::move(shape));
  absl::Span<uint8_t> d = t.data<uint8_t>();
  size_t n = std::min(d.size(), values.size());
  for (size_t i = 0; i < n; ++i)
    d[i] = values[i] ? 1 : 0;
  return t;
}
Tensor Tensor::scalarF32(float value) {
  return fromF32(Shape{}, std::vector<float>{value});
}

int64_t Tensor::intAt(int64_t i) const {
  if (i < 0 || i >= numElements())
    return 0;
  size_t k = static_cast<size_t>(i);
  switch (dtype_) {
  case DType::kF32: {
    auto d = data<float>();
    return k < d.size() ? floatToInt64(d[k]) : 0;
  }
  case DType::kI32: {
    auto d = data<int32_t>();
    return k < d.size() ? d[k] : 0;
  }
  case DType::kI64: {
    auto d = data<int64_t>();
    return k < d.size() ? d[k] : 0;
  }
  case DType::kBool: {
    auto d = data<uint8_t>();
    return k < d.size() ? (d[k] ? 1 : 0) : 0;
  }
  }
  return 0;
}

float Tensor::floatAt(int64_t i) const {
  if (i < 0 || i >= numElements())
    return 0.0f;
  size_t k = static_cast<size_t>(i);
  switch (dtype_) {
  case DType::kF32: {
    auto d = data<float>();
    return k < d.size() ? d[k] : 0.0f;
  }
  case DType::kI32: {
    auto d = data<int32_t>();
    return k < d.size() ? static_cast<float>(d[k]) : 0.0f;
  }
  case DType::kI64: {
    auto d = data<int64_t>();
    return k < d.size() ? static_cast<float>(d[k]) : 0.0f;
  }
  case DType::kBool: {
    auto d = data<uint8_t>();
    return k < d.size() ? (d[k] ? 1.0f : 0.0f) : 0.0f;
  }
  }
  return 0.0f;
}

bool Tensor::allClose(const Tensor &other, float rtol, float atol) const {
  if (dtype_ != other.dtype_ || shape_ != other.shape_ ||
      bytes_.size() != other.bytes_.size())
    return false;
  int64_t n = numElements();
  if (dtype_ != DType::kF32) {
    for (int64_t i = 0; i < n; ++i)
      if (intAt(i) != other.intAt(i))
        return false;
    return true;
  }
  auto a = data<float>();
  auto b = other.data<float>();
  for (size_t i = 0; i < a.size(); ++i) {
    float x = a[i], y = b[i];
    if (std::isnan(x) || std::isnan(y)) {
      if (std::isnan(x) && std::isnan(y))
        continue;
      return false;
    }
    if (x == y) // also equal infinities
      continue;
    if (std::isinf(x) || std::isinf(y))
      return false;
    if (!(std::fabs(x - y) <= atol + rtol * std::fabs(y)))
      return false;
  }
  return true;
}

namespace {
std::string formatElement(const Tensor &t, int64_t i) {
  switch (t.dtype()) {
  case DType::kF32: {
    float v = t.floatAt(i);
    if (std::isnan(v))
      return "nan";
    return absl::StrFormat("%g", v);
  }
  case DType::kBool:
    return t.intAt(i) ? "true" : "false";
  case DType::kI32:
  case DType::kI64:
    return absl::StrCat(t.intAt(i));
  }
  return "?";
}

struct Printer {
  Printer(const Tensor &t, int64_t maxElements)
      : t(t), strides(t.shape().size(), 1), maxElements(maxElements) {
    for (int64_t d = t.rank() - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * t.dim(d + 1);
  }

  const Tensor &t;
  std::vector<int64_t> strides;
  int64_t maxElements;
  int64_t printed = 0;
  bool truncated = false;
  std::string out;

  void print(int64_t dim, int64_t base) {
    out += '[';
    int64_t extent = t.dim(dim);
    for (int64_t j = 0; j < extent && !truncated; ++j) {
      if (printed >= maxElements) {
        if (j > 0)
          out += ", ";
        out += "...";
        truncated = true;
        break;
      }
      if (j > 0)
        out += ", ";
      if (dim == t.rank() - 1) {
        out += formatElement(t, base + j);
        ++printed;
      } else {
        print(dim + 1, base + j * strides[dim]);
      }
    }
    out += ']';
  }
};
} // namespace

std::string Tensor::toString(int64_t maxElements) const {
  std::string out = "tensor<";
  for (int64_t d : shape_)
    absl::StrAppend(&out, d, "x");
  absl::StrAppend(&out, dtypeName(dtype_), "> ");
  for (int64_t d : shape_)
    if (d < 0)
      return out + "<invalid shape " + shapeToString(shape_) + ">";
  if (shape_.empty()) {
    if (maxElements <= 0)
      return out + "...";
    return out + formatElement(*this, 0);
  }
  Printer p(*this, std::max<int64_t>(maxElements, 0));
  p.print(0, 0);
  return out + p.out;
}

} // namespace gnnrt
