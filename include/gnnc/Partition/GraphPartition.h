//===- GraphPartition.h - Fixed-graph partitioner and halo plan -*- C++ -*-===//
//
// For a graph whose structure is known at compile time (full-batch training
// on Cora): assign nodes to tiles, balancing node counts and minimising the
// edge cut; place each edge with its destination, so aggregation is
// tile-local; and plan the halo exchange of exactly the remote source rows
// each tile needs. Algorithm and measured cuts: docs/Partitioning.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_GRAPHPARTITION_H
#define GNNC_PARTITION_GRAPHPARTITION_H

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gnnc/Partition/Graph.h"
#include "gnnrt/TargetModel.h"

namespace gnnc::partition {

struct PartitionOptions {
  /// A tile may hold max(ceil(N/T), floor(N/T * (1 + imbalance))) nodes.
  double imbalance = 0.03;
  /// Refinement passes at most (each strictly lowers the cut or stops).
  int maxRefinePasses = 16;
  /// Stop refining after a pass that lowered the cut by less than this
  /// fraction (on unstructured graphs passes after the first gain little).
  double minPassGain = 0.001;
};

struct GraphPartition {
  int64_t numTiles = 0;
  /// The most nodes a tile may hold (see PartitionOptions::imbalance).
  int64_t capacity = 0;
  /// Tile of each node; edge e lives on nodeTile[dst[e]].
  std::vector<int32_t> nodeTile;
  std::vector<int64_t> nodesPerTile;
  std::vector<int64_t> edgesPerTile;
  /// Edges whose endpoints are on different tiles (of the edge list, so an
  /// undirected edge stored both ways counts twice).
  int64_t edgeCut = 0;
  /// The cut of the initial growth, before refinement.
  int64_t initialEdgeCut = 0;
  int refinePasses = 0;

  int64_t maxNodesPerTile() const;
  int64_t maxEdgesPerTile() const;
};

/// Partitions `graph` over `numTiles` tiles: greedy graph growing in a
/// breadth-first order from a pseudo-peripheral node, then boundary
/// refinement by label propagation under the capacity. O((N + E) log E)
/// growth plus O(N + E) per refinement pass. Deterministic.
absl::StatusOr<GraphPartition>
partitionGraph(const Graph &graph, int64_t numTiles,
               const PartitionOptions &options = {});

/// Edges of `graph` whose endpoints `nodeTile` puts on different tiles.
int64_t computeEdgeCut(const Graph &graph, absl::Span<const int32_t> nodeTile);

/// A balanced random assignment (a shuffled round-robin): the baseline the
/// partitioner's cut is compared against.
std::vector<int32_t> randomAssignment(int64_t numNodes, int64_t numTiles,
                                      uint64_t seed);

/// The halo exchange of a partitioned graph: tile t receives, once, every
/// source row u of an edge u->v with v on t and u elsewhere, from u's tile.
struct HaloPlan {
  int64_t numTiles = 0;
  int64_t rowBytes = 0;
  /// numTiles + 1 offsets into rows/fromTile: the rows tile t receives,
  /// sorted by (source tile, row); consecutive entries with the same source
  /// tile form one tile-to-tile copy.
  std::vector<int64_t> offsets;
  std::vector<int64_t> rows;
  std::vector<int32_t> fromTile;
  std::vector<int64_t> bytesIn;
  std::vector<int64_t> bytesOut;
  /// Distinct (source tile, destination tile) pairs.
  int64_t numMessages = 0;

  int64_t totalRows() const { return static_cast<int64_t>(rows.size()); }
  int64_t maxBytesIn() const;
  int64_t maxBytesOut() const;
  /// Cycles of the exchange phase: the busiest tile's bytes at the
  /// target's exchange bandwidth (sync not included).
  int64_t exchangeCycles(const gnnrt::TargetModel &target) const;
};

/// The exact halo plan of `nodeTile` for rows of `rowBytes` bytes.
/// O(E log E).
HaloPlan planHalo(const Graph &graph, absl::Span<const int32_t> nodeTile,
                  int64_t numTiles, int64_t rowBytes);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_GRAPHPARTITION_H
