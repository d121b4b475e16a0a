//===- Random.h - Counter-based random numbers and initialisers ------------===//
//
// Every random value in gnnc is a pure function of (seed, stream, counter), so
// results do not depend on evaluation order, threads or tile partitioning.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_RANDOM_H
#define GNNRT_RANDOM_H

#include <cstdint>

#include "absl/status/statusor.h"
#include "gnnrt/Tensor.h"

namespace gnnrt {

/// 64 well-mixed bits for element `counter` of stream `stream` under `seed`
/// (splitmix64-based; the exact formula is documented in Random.cpp).
uint64_t randomBits(uint64_t seed, uint64_t stream, uint64_t counter);
/// Uniform in [0, 1) from the top 24 bits of randomBits (exact in f32).
float randomUniform01(uint64_t seed, uint64_t stream, uint64_t counter);
/// Standard normal (Box-Muller on two uniforms of the same counter).
float randomNormal(uint64_t seed, uint64_t stream, uint64_t counter);

/// The same numbers for loops over counters: the (seed, stream) part of
/// randomBits once, then one mix per element.
class RandomStream {
public:
  RandomStream(uint64_t seed, uint64_t stream);
  uint64_t bits(uint64_t counter) const {
    return mix64(key_ + (counter + 1) * kGolden);
  }
  /// randomUniform01(seed, stream, counter).
  float uniform01(uint64_t counter) const {
    return static_cast<float>(bits(counter) >> 40) * 0x1p-24f;
  }

  static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
  static constexpr uint64_t kStreamMul = 0xd1b54a32d192ed03ULL;
  static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

private:
  uint64_t key_;
};

/// Parameter initialisers (PyTorch / PyG defaults) for weights of rank >= 2
/// where the fan-based kinds are concerned.
enum class InitKind {
  kZeros,
  kOnes,
  kConstant,       // a = value
  kUniform,        // U(a, b)
  kNormal,         // N(mean = a, std = b)
  kGlorotUniform,  // U(-s, s), s = sqrt(6 / (size(-2) + size(-1)))  (PyG's
                   //   glorot; rank >= 2)
  kKaimingUniform, // U(-s, s), s = 1 / sqrt(fan_in), fan_in = size(1) *
                   //   receptive field (torch.nn.Linear's weight,
                   //   kaiming_uniform_ with a = sqrt(5); rank >= 2)
};

struct InitSpec {
  InitKind kind = InitKind::kZeros;
  double a = 0.0;
  double b = 0.0;
  uint64_t seed = 0;
};

/// A new f32 tensor filled by `spec`. Errors on a non-f32 dtype for the
/// random kinds or invalid parameters (b <= a for uniform, std < 0).
absl::StatusOr<Tensor> initialize(DType dtype, const Shape &shape,
                                  const InitSpec &spec);

/// Random inputs for `gnn-run eval --seed`: floats in [lo, hi), integers in
/// [lo, hi), bools true with probability pTrue.
Tensor randomFloatTensor(const Shape &shape, float lo, float hi,
                         uint64_t seed);
Tensor randomIntTensor(DType dtype, const Shape &shape, int64_t lo, int64_t hi,
                       uint64_t seed);
Tensor randomBoolTensor(const Shape &shape, double pTrue, uint64_t seed);

} // namespace gnnrt

#endif // GNNRT_RANDOM_H
