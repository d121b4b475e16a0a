//===- Packing.h - Which graphs go into which fixed-size batch -------------===//
//
// Planners work on graph sizes only; collation happens later. Each returns
// the graph ids of every batch, in order, and the graphs it skipped.
//
//   PadToMax    consecutive groups of numGraphs-1 graphs (PopTorch Geometric's
//               default FixedSizeDataLoader).
//   StreamPack  PopTorch Geometric's StreamPackingSampler: online next-fit. A
//               graph joins the open batch when it fits and leaves at least
//               one node and one edge for every graph slot still free;
//               otherwise the batch is closed and the graph retried in a new
//               one. No sorting, no look-ahead.
//   Pack        ours, offline: it sees the whole epoch, computes the lower
//               bound on the number of batches (graph, node and edge limits),
//               and searches for an assignment into exactly that many
//               batches (first-fit/best-fit/worst-fit decreasing over several
//               orders, then a move/swap repair), adding a batch only when
//               no assignment is found. Node efficiency = real nodes /
//               (batches x node slots), so fewer batches is the whole game.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_PACKING_H
#define GNNRT_DATA_PACKING_H

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

struct GraphSize {
  int64_t nodes = 0;
  int64_t edges = 0;
};

/// Node and edge counts of every graph of `ds`, indexed by graph id.
std::vector<GraphSize> graphSizes(const GraphDataset &ds);

/// Real items one batch may hold: slots minus the padding reserve.
struct PackLimits {
  int64_t maxGraphs = 0, maxNodes = 0, maxEdges = 0;
  static PackLimits fromOptions(const FixedSizeOptions &o) {
    return {o.numGraphs - 1, o.numNodes - 1, o.numEdges - 1};
  }
};

struct PackPlan {
  std::vector<std::vector<int64_t>> batches;
  std::vector<int64_t> skipped;
};

/// PadToMax over `order`. kError fails on the first over-size group; kSkip
/// leaves out a graph that would overflow the group being filled (and counts
/// it); trimming strategies keep the groups (collation trims).
absl::StatusOr<PackPlan> planPadToMax(absl::Span<const GraphSize> sizes,
                                      absl::Span<const int64_t> order,
                                      const PackLimits &limits,
                                      OverSizeStrategy overSize);

/// StreamPack over `order`. A graph too large for an empty batch fails
/// (kError), is skipped (kSkip) or gets a batch of its own to be trimmed.
absl::StatusOr<PackPlan> planStreamPack(absl::Span<const GraphSize> sizes,
                                        absl::Span<const int64_t> order,
                                        const PackLimits &limits,
                                        OverSizeStrategy overSize);

/// The offline packer over the graphs `ids`. Randomised orders are drawn
/// from `seed`; the result is deterministic for a given seed.
absl::StatusOr<PackPlan> planPack(absl::Span<const GraphSize> sizes,
                                  absl::Span<const int64_t> ids,
                                  const PackLimits &limits,
                                  OverSizeStrategy overSize, uint64_t seed);

/// max(ceil(G / maxGraphs), ceil(N / maxNodes), ceil(E / maxEdges)) over
/// the graphs `ids` that fit a batch on their own.
int64_t lowerBoundBatches(absl::Span<const GraphSize> sizes,
                          absl::Span<const int64_t> ids,
                          const PackLimits &limits);

/// Slots of our own choosing for the packer: with `numGraphs` graph slots,
/// the fewest batches B the graph limit allows, and the smallest node and
/// edge slots (searched upward from total / B + 1) for which planPack finds
/// B batches. Node and edge efficiency are then total / (B x slots).
absl::StatusOr<FixedSizeOptions>
choosePackSizes(absl::Span<const GraphSize> sizes,
                absl::Span<const int64_t> ids, int64_t numGraphs,
                uint64_t seed);

} // namespace gnnrt::data

#endif // GNNRT_DATA_PACKING_H
