//===- Rng.h - Sequential draws from the counter-based generator ----------===//
//
// Every random choice of the data pipeline (shuffles, generators, neighbour
// sampling, trimming) reads gnnrt::randomBits(seed, stream, counter) with a
// counter that counts up from 0. A stream names one purpose (and epoch, batch
// ...), so a result depends only on the seed and on what is being drawn, never
// on the order batches are built in or on prefetch threads.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_RNG_H
#define GNNRT_DATA_RNG_H

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "gnnrt/Random.h"

namespace gnnrt::data {

/// Purposes of random streams; `streamId` combines one with up to two
/// indices (epoch, batch, ...).
enum class StreamPurpose : uint64_t {
  kShuffle = 1,
  kLoaderOrder = 2,
  kPack = 3,
  kTrim = 4,
  kNeighbors = 5,
  kGenerator = 6,
  kSplit = 7,
};

/// A stream id for `purpose` and indices `a`, `b` (each below 2^28).
inline uint64_t streamId(StreamPurpose purpose, uint64_t a = 0,
                         uint64_t b = 0) {
  return (static_cast<uint64_t>(purpose) << 56) ^ (a << 28) ^ b;
}

/// Successive values of one (seed, stream): draw i reads counter i.
class Rng {
public:
  Rng(uint64_t seed, uint64_t stream) : seed_(seed), stream_(stream) {}

  uint64_t next() { return randomBits(seed_, stream_, counter_++); }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [0, n) for n >= 1 (Lemire's multiply-high; the bias is below
  /// n / 2^64). Returns 0 for n <= 1.
  int64_t below(int64_t n) {
    if (n <= 1)
      return 0;
    unsigned __int128 product =
        static_cast<unsigned __int128>(next()) * static_cast<uint64_t>(n);
    return static_cast<int64_t>(product >> 64);
  }
  bool bernoulli(double p) { return uniform() < p; }
  uint64_t counter() const { return counter_; }

private:
  uint64_t seed_;
  uint64_t stream_;
  uint64_t counter_ = 0;
};

/// Fisher-Yates shuffle, walking from the last element down.
template <typename T> void shuffleInPlace(absl::Span<T> values, Rng &rng) {
  for (int64_t i = static_cast<int64_t>(values.size()) - 1; i > 0; --i) {
    int64_t j = rng.below(i + 1);
    std::swap(values[i], values[j]);
  }
}

/// A random permutation of 0..n-1.
inline std::vector<int64_t> randomPermutation(int64_t n, Rng &rng) {
  std::vector<int64_t> perm(n > 0 ? n : 0);
  for (int64_t i = 0; i < n; ++i)
    perm[i] = i;
  shuffleInPlace(absl::MakeSpan(perm), rng);
  return perm;
}

} // namespace gnnrt::data

#endif // GNNRT_DATA_RNG_H
