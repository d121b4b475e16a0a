//===- RowBlocks.h - Contiguous row blocks over tiles -----------*- C++ -*-===//
//
// The layout of node-wise tensors: R rows of B bytes split into contiguous
// blocks, one per tile.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_ROWBLOCKS_H
#define GNNC_PARTITION_ROWBLOCKS_H

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace gnnc::partition {

enum class BlockStyle {
  /// Tile t holds floor(R/T) rows, plus one for the first R mod T tiles.
  kBalanced,
  /// Tile t holds [t*k, (t+1)*k) with k = ceil(R/T), clipped to R: the
  /// block distribution of #bsp.mapping. Trailing tiles may be empty. Both
  /// styles have the same largest block.
  kUniform,
};

struct RowBlockMapping {
  int64_t numRows = 0;
  int64_t rowBytes = 0;
  int64_t numTiles = 0;
  /// numTiles + 1 offsets: tile t holds rows [offsets[t], offsets[t + 1]).
  std::vector<int64_t> offsets;

  int64_t begin(int64_t tile) const { return offsets[tile]; }
  int64_t end(int64_t tile) const { return offsets[tile + 1]; }
  int64_t rows(int64_t tile) const { return end(tile) - begin(tile); }
  int64_t bytes(int64_t tile) const { return rows(tile) * rowBytes; }
  /// The first tile holding the most rows, and that many rows.
  int64_t largestTile() const;
  int64_t maxRows() const { return rows(largestTile()); }
  int64_t maxBytes() const { return maxRows() * rowBytes; }
  /// The tile holding `row` (0 <= row < numRows), O(log T).
  int64_t tileOf(int64_t row) const;
};

/// Splits `numRows` rows of `rowBytes` bytes over `numTiles` tiles. Errors:
/// non-positive sizes, and a block larger than `bytesPerTile`, naming the
/// tile, its bytes, the limit and the fewest tiles that would fit.
absl::StatusOr<RowBlockMapping>
mapRowBlocks(int64_t numRows, int64_t rowBytes, int64_t numTiles,
             int64_t bytesPerTile, BlockStyle style = BlockStyle::kBalanced);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_ROWBLOCKS_H
