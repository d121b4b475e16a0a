//===- Rng.h - A small portable generator for the partitioner ---*- C++ -*-===//
//
// splitmix64: the same numbers on every standard library (std::
// distributions are not portable), which keeps tests' expectations stable.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_LIB_PARTITION_RNG_H
#define GNNC_LIB_PARTITION_RNG_H

#include <cstdint>

namespace gnnc::partition {

class Rng {
public:
  explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) for n > 0 (modulo bias below 2^-40 for n < 2^24).
  int64_t below(int64_t n) {
    return static_cast<int64_t>(next() % static_cast<uint64_t>(n));
  }

private:
  uint64_t state;
};

} // namespace gnnc::partition

#endif // GNNC_LIB_PARTITION_RNG_H
