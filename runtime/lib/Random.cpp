//===- Random.cpp - Counter-based random numbers and initialisers ----------===//
//
// The generator, bit-exact (all arithmetic modulo 2^64 on uint64_t):
//
//   mix64(z):  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
//              z = (z ^ (z >> 27)) * 0x94d049bb133111eb
//              return z ^ (z >> 31)                 (the splitmix64 finaliser)
//   G  = 0x9e3779b97f4a7c15,  H = 0xd1b54a32d192ed03
//   randomBits(seed, stream, counter) =
//       k1 = mix64(seed + G)
//       k2 = mix64(k1 + stream * H)
//       return mix64(k2 + (counter + 1) * G)
//
// i.e. element `counter` of a splitmix64 sequence whose state starts at a key
// derived from (seed, stream). Derived values:
//   randomUniform01 = float(bits >> 40) * 2^-24                 in [0, 1)
//   randomNormal    = float(sqrt(-2 ln u1) * cos(2 pi u2)) computed in double
//                     with u1 = ((bits >> 40) + 1) * 2^-24       in (0, 1]
//                          u2 = ((bits >> 16) & 0xffffff) * 2^-24 in [0, 1)
//                     (both from the same randomBits value).
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Random.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt {

namespace {

absl::Status checkShape(const Shape &shape) {
  for (int64_t d : shape)
    if (d < 0)
      return absl::InvalidArgumentError(
          absl::StrCat("initialize: shape ", shapeToString(shape),
                       " has a negative dimension; dimensions must be >= 0"));
  return absl::OkStatus();
}

/// The high 64 bits of the 128-bit product a * b.
uint64_t mulHigh(uint64_t a, uint64_t b) {
  uint64_t aLo = a & 0xffffffffULL, aHi = a >> 32;
  uint64_t bLo = b & 0xffffffffULL, bHi = b >> 32;
  uint64_t loLo = aLo * bLo, hiLo = aHi * bLo, loHi = aLo * bHi;
  uint64_t hiHi = aHi * bHi;
  uint64_t cross = (loLo >> 32) + (hiLo & 0xffffffffULL) + loHi;
  return hiHi + (hiLo >> 32) + (cross >> 32);
}

/// Elements actually allocated (0 when the shape was too large to allocate).
int64_t storageElements(const Tensor &t) {
  switch (t.dtype()) {
  case DType::kF32:
    return static_cast<int64_t>(t.data<float>().size());
  case DType::kI32:
    return static_cast<int64_t>(t.data<int32_t>().size());
  case DType::kI64:
    return static_cast<int64_t>(t.data<int64_t>().size());
  case DType::kBool:
    return static_cast<int64_t>(t.data<uint8_t>().size());
  }
  return 0;
}
} // namespace

uint64_t randomBits(uint64_t seed, uint64_t stream, uint64_t counter) {
  return RandomStream(seed, stream).bits(counter);
}

RandomStream::RandomStream(uint64_t seed, uint64_t stream)
    : key_(mix64(mix64(seed + kGolden) + stream * kStreamMul)) {}


float randomUniform01(uint64_t seed, uint64_t stream, uint64_t counter) {
  return RandomStream(seed, stream).uniform01(counter);
}

float randomNormal(uint64_t seed, uint64_t stream, uint64_t counter) {
  uint64_t bits = randomBits(seed, stream, counter);
  double u1 = static_cast<double>((bits >> 40) + 1) * 0x1p-24;
  double u2 = static_cast<double>((bits >> 16) & 0xffffffULL) * 0x1p-24;
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) *
                            std::cos(kTwoPi * u2));
}

absl::StatusOr<Tensor> initialize(DType dtype, const Shape &shape,
                                  const InitSpec &spec) {
  if (absl::Status s = checkShape(shape); !s.ok())
    return s;
  Tensor t(dtype, shape);
  int64_t n = t.numElements();
  if (storageElements(t) != n)
    return absl::InvalidArgumentError(
        absl::StrCat("initialize: shape ", shapeToString(shape),
                     " is too large to allocate; use a smaller shape"));

  // Deterministic kinds: any dtype.
  if (spec.kind == InitKind::kZeros || spec.kind == InitKind::kOnes ||
      spec.kind == InitKind::kConstant) {
    double v = spec.kind == InitKind::kZeros  ? 0.0
               : spec.kind == InitKind::kOnes ? 1.0
                                              : spec.a;
    switch (dtype) {
    case DType::kF32:
      for (float &x : t.data<float>())
        x = static_cast<float>(v);
      break;
    case DType::kBool:
      for (uint8_t &x : t.data<uint8_t>())
        x = v != 0.0 ? 1 : 0;
      break;
    case DType::kI32:
    case DType::kI64: {
      bool is32 = dtype == DType::kI32;
      double lo = is32 ? -2147483648.0 : -9223372036854775808.0;
      double hi = is32 ? 2147483648.0 : 9223372036854775808.0;
      if (!(v == std::trunc(v) && v >= lo && v < hi))
        return absl::InvalidArgumentError(absl::StrFormat(
            "initialize: constant %g is not representable as %s; use an "
            "integral value in range or an f32 tensor",
            v, dtypeName(dtype)));
      if (is32)
        for (int32_t &x : t.data<int32_t>())
          x = static_cast<int32_t>(v);
      else
        for (int64_t &x : t.data<int64_t>())
          x = static_cast<int64_t>(v);
      break;
    }
    }
    return t;
  }

  if (dtype != DType::kF32)
    return absl::InvalidArgumentError(
        absl::StrCat("initialize: random initialisers produce f32, but the "
                     "requested dtype is ",
                     dtypeName(dtype), "; request an f32 tensor"));
  absl::Span<float> out = t.data<float>();

  switch (spec.kind) {
  case InitKind::kUniform: {
    if (!std::isfinite(spec.a) || !std::isfinite(spec.b) || !(spec.b > spec.a))
      return absl::InvalidArgumentError(absl::StrFormat(
          "initialize: uniform bounds [a=%g, b=%g) are invalid; need finite "
          "a < b",
          spec.a, spec.b));
    for (int64_t i = 0; i < n; ++i)
      out[i] = static_cast<float>(
          spec.a + (spec.b - spec.a) * randomUniform01(spec.seed, 0, i));
    return t;
  }
  case InitKind::kNormal: {
    if (!std::isfinite(spec.a) || !std::isfinite(spec.b) || spec.b < 0)
      return absl::InvalidArgumentError(absl::StrFormat(
          "initialize: normal mean=%g std=%g is invalid; need a finite mean "
          "and a finite std >= 0",
          spec.a, spec.b));
    for (int64_t i = 0; i < n; ++i)
      out[i] = static_cast<float>(spec.a +
                                  spec.b * randomNormal(spec.seed, 0, i));
    return t;
  }
  case InitKind::kGlorotUniform:
  case InitKind::kKaimingUniform: {
    bool glorot = spec.kind == InitKind::kGlorotUniform;
    if (shape.size() < 2)
      return absl::InvalidArgumentError(absl::StrCat(
          "initialize: ", glorot ? "glorot" : "kaiming",
          " initialisation needs a weight of rank >= 2 ([..., out, in]), got "
          "shape ",
          shapeToString(shape)));
    if (n == 0)
      return t;
    double s;
    if (glorot) {
      // PyG's glorot: the last two dimensions, whatever the rank (GAT's
      // attention vectors are [1, heads, channels]).
      double fans = static_cast<double>(shape[shape.size() - 2]) +
                    static_cast<double>(shape.back());
      s = std::sqrt(6.0 / fans);
    } else {
      // torch's fan_in: dim 1 times the receptive field (dims 2...).
      double fanIn = static_cast<double>(shape[1]);
      for (size_t i = 2; i < shape.size(); ++i)
        fanIn *= static_cast<double>(shape[i]);
      s = 1.0 / std::sqrt(fanIn);
    }
    for (int64_t i = 0; i < n; ++i)
      out[i] = static_cast<float>(-s +
                                  2.0 * s * randomUniform01(spec.seed, 0, i));
    return t;
  }
  default:
    break;
  }
  return absl::InvalidArgumentError("initialize: unknown initialiser kind");
}

Tensor randomFloatTensor(const Shape &shape, float lo, float hi,
                         uint64_t seed) {
  Tensor t(DType::kF32, shape);
  absl::Span<float> out = t.data<float>();
  double range = static_cast<double>(hi) - static_cast<double>(lo);
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<float>(lo + range * randomUniform01(seed, 0, i));
  return t;
}

Tensor randomIntTensor(DType dtype, const Shape &shape, int64_t lo, int64_t hi,
                       uint64_t seed) {
  if (dtype == DType::kI32) {
    constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    lo = std::min(std::max(lo, kMin), kMax);
    hi = std::min(std::max(hi, kMin), kMax + 1);
  }
  Tensor t(dtype, shape);
  int64_t n = storageElements(t);
  // Value i = lo + floor(randomBits(seed, 0, i) * (hi - lo) / 2^64), or lo
  // when hi <= lo.
  uint64_t range = hi > lo ? static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo)
                           : 0;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t r = mulHigh(randomBits(seed, 0, i), range);
    int64_t v = static_cast<int64_t>(static_cast<uint64_t>(lo) + r);
    switch (dtype) {
    case DType::kF32:
      t.data<float>()[i] = static_cast<float>(v);
      break;
    case DType::kI32:
      t.data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    case DType::kI64:
      t.data<int64_t>()[i] = v;
      break;
    case DType::kBool:
      t.data<uint8_t>()[i] = v != 0 ? 1 : 0;
      break;
    }
  }
  return t;
}

Tensor randomBoolTensor(const Shape &shape, double pTrue, uint64_t seed) {
  Tensor t(DType::kBool, shape);
  absl::Span<uint8_t> out = t.data<uint8_t>();
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = randomUniform01(seed, 0, i) < pTrue ? 1 : 0;
  return t;
}

} // namespace gnnrt
