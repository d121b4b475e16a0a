//===- Tensor.h - Host tensors for the reference kernels and simulator ----===//
//
// A dense, row-major host tensor with a runtime element type. It is the value
// type of the reference evaluator and (later) of the BSP simulator, so it has
// no MLIR dependency.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TENSOR_H
#define GNNRT_TENSOR_H

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace gnnrt {

/// Element types the runtime computes with. Integer tensors carry indices and
/// labels; bool tensors carry masks.
enum class DType { kF32, kI32, kI64, kBool };

/// "f32", "i32", "i64", "i1".
const char *dtypeName(DType dtype);
/// Size in bytes of one element.
int64_t dtypeSize(DType dtype);

using Shape = std::vector<int64_t>;

/// Number of elements of a shape (1 for rank 0).
int64_t numElements(const Shape &shape);
/// "[2, 3]".
std::string shapeToString(const Shape &shape);

class Tensor {
public:
  Tensor() = default;
  /// A zero-filled tensor.
  Tensor(DType dtype, Shape shape);

  /// values.size() should equal numElements(shape); missing values are zero
  /// and extra ones are dropped (never a crash).
  static Tensor fromF32(Shape shape, std::vector<float> values);
  static Tensor fromI64(Shape shape, std::vector<int64_t> values);
  static Tensor fromI32(Shape shape, std::vector<int32_t> values);
  static Tensor fromBool(Shape shape, std::vector<bool> values);
  /// A rank-0 tensor.
  static Tensor scalarF32(float value);

  DType dtype() const { return dtype_; }
  const Shape &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  int64_t dim(int64_t i) const { return shape_[i]; }
  int64_t numElements() const { return gnnrt::numElements(shape_); }
  int64_t sizeInBytes() const { return numElements() * dtypeSize(dtype_); }
  bool isInteger() const {
    return dtype_ == DType::kI32 || dtype_ == DType::kI64;
  }

  /// Typed views; T must match the dtype (float, int32_t, int64_t, uint8_t
  /// for bool). A mismatched T yields an empty span.
  template <typename T> absl::Span<T> data();
  template <typename T> absl::Span<const T> data() const;
  /// The storage as raw bytes (sizeInBytes() of them; null when empty or
  /// not allocated): for byte copies that do not care about the dtype.
  uint8_t *rawData() { return bytes_.empty() ? nullptr : bytes_.data(); }
  const uint8_t *rawData() const {
    return bytes_.empty() ? nullptr : bytes_.data();
  }

  /// Element i (flat, row-major) of an integer or bool tensor as int64 (a
  /// float is truncated). Out-of-range i gives 0, as does floatAt.
  int64_t intAt(int64_t i) const;
  /// Element i of any tensor converted to float.
  float floatAt(int64_t i) const;

  /// Same shape and dtype and elementwise |a-b| <= atol + rtol*|b| (exact for
  /// integers and bools). NaN matches NaN; an infinity only the same
  /// infinity. Used by tests.
  bool allClose(const Tensor &other, float rtol = 1e-5f,
                float atol = 1e-6f) const;

  /// Human-readable, numpy-like text ("tensor<2x2xf32> [[1, 2], [3, 4]]").
  std::string toString(int64_t maxElements = 1000) const;

private:
  DType dtype_ = DType::kF32;
  Shape shape_;
  std::vector<uint8_t> bytes_;
};

} // namespace gnnrt

#endif // GNNRT_TENSOR_H
