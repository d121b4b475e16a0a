//===- GatherPlan.h - Static gather for data-dependent indices --*- C++ -*-===//
//
// out[e] = table[index[e]] where index is a new edge_index every batch, so the
// exchange must be fixed at compile time yet correct for every index array
// of the fixed size. The plan follows PopLibs' multiSlice: the T tiles form
// an S x L grid (S = tableSplit, L = lookupSplit = T / S). Tile t = l*S + s
//   phase 1 (exchange): receives table block s (rows split into S balanced
//            blocks) and the indices of lookup group l (the lookups homed on
//            tiles l*S .. l*S+S-1);
//   compute:  looks up every index of group l that falls in block s, writing
//            zeros for the others (a partial result over group l);
//   phase 2 (exchange, only when S > 1): receives from the S-1 other tiles of
//            its group their partials for its own home lookups and sums
//            them; exactly one tile contributed each row, so the sum is the
//            row.
// S = 1 is the allgather (every tile receives the whole table, no phase 2);
// S = T moves no table rows but every tile scans all indices and phase 2
// moves (T-1)/T of all partials. Cost trade-off: docs/Partitioning.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_GATHERPLAN_H
#define GNNC_PARTITION_GATHERPLAN_H

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "gnnc/Partition/RowBlocks.h"
#include "gnnrt/TargetModel.h"

namespace gnnc::partition {

struct GatherOptions {
  /// S; 0 chooses the divisor of the tile count with the fewest estimated
  /// cycles whose peak fits the memory budget.
  int64_t tableSplit = 0;
  /// The share of each tile's SRAM the plan may use (PopLibs' default).
  double availableMemoryProportion = 0.6;
  int64_t indexBytes = 4;
};

/// A half-open range [begin, end) of rows or lookups.
struct IndexRange {
  int64_t begin = 0;
  int64_t end = 0;
  bool contains(int64_t i) const { return begin <= i && i < end; }
  int64_t size() const { return end - begin; }
};

/// A static copy of elements [begin, end) of a 1-D space (table rows,
/// indices or partial results) from one tile to another.
struct RangeCopy {
  int32_t fromTile = 0;
  int32_t toTile = 0;
  int64_t begin = 0;
  int64_t end = 0;
};

struct GatherPlan {
  int64_t numTiles = 0;
  int64_t numRows = 0;
  int64_t rowBytes = 0;
  int64_t numLookups = 0;
  int64_t indexBytes = 4;
  int64_t tableSplit = 1;
  int64_t lookupSplit = 1;
  /// Where the table and the lookups (indices in, rows out: the edges) live
  /// before and after the gather: balanced row blocks over all tiles.
  RowBlockMapping tableHome;
  RowBlockMapping lookupHome;
  /// Per tile: the table rows it looks up from and the lookups it scans.
  std::vector<IndexRange> tableBlock;
  std::vector<IndexRange> lookupGroup;
  /// Phase 1: table rows and indices; phase 2: partial results, summed at
  /// the receiver.
  std::vector<RangeCopy> tableCopies;
  std::vector<RangeCopy> indexCopies;
  std::vector<RangeCopy> partialCopies;
  /// Per-tile bytes per phase, and the estimated peak bytes of a tile.
  std::vector<int64_t> phase1In, phase1Out, phase2In, phase2Out, peakBytes;
  /// Estimates: exchange cycles of both phases at the target's bandwidth,
  /// worst-case look-up cycles, syncs; and their sum.
  int64_t exchangeCycles = 0;
  int64_t computeCycles = 0;
  int64_t syncCycles = 0;
  int64_t totalCycles() const {
    return exchangeCycles + computeCycles + syncCycles;
  }
  int64_t maxPeakBytes() const;
  /// Busiest tile's bytes (max of in and out) in the two phases.
  int64_t maxPhase1Bytes() const;
  int64_t maxPhase2Bytes() const;
};

/// Plans the gather of `numLookups` rows out of a `numRows` x `rowBytes`
/// table over target.totalTiles() tiles. Errors: bad sizes, a tableSplit that
/// does not divide the tile count, and no split fitting the memory budget
/// (naming the tile, its bytes and the limit).
absl::StatusOr<GatherPlan> planGather(int64_t numRows, int64_t rowBytes,
                                      int64_t numLookups,
                                      const gnnrt::TargetModel &target,
                                      const GatherOptions &options = {});

} // namespace gnnc::partition

#endif // GNNC_PARTITION_GATHERPLAN_H
