//===- Graph.h - Edge lists and synthetic graphs ----------------*- C++ -*-===//
//
// A directed edge list in PyG's convention: edge e sends a message from
// src[e] to dst[e]; undirected graphs store both directions. The synthetic
// generators feed the partitioner's tests and benchmark.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_GRAPH_H
#define GNNC_PARTITION_GRAPH_H

#include <cstdint>
#include <vector>

#include "absl/status/status.h"

namespace gnnc::partition {

struct Graph {
  int64_t numNodes = 0;
  std::vector<int64_t> src;
  std::vector<int64_t> dst;

  int64_t numEdges() const { return static_cast<int64_t>(src.size()); }
  /// src and dst of equal length, every endpoint in [0, numNodes).
  absl::Status validate() const;
};

/// A cycle 0-1-...-(n-1)-0, both directions: 2n edges.
Graph ringGraph(int64_t n);
/// A rows x cols 4-neighbour grid, both directions; node r*cols + c.
Graph gridGraph(int64_t rows, int64_t cols);
/// `numEdges` directed edges with uniformly random endpoints (self loops
/// possible), deterministic in `seed`.
Graph randomGraph(int64_t numNodes, int64_t numEdges, uint64_t seed);
/// A stochastic block model: `numNodes` nodes in `numCommunities` equal
/// communities under a random permutation of ids (so ids carry no hint);
/// `intraPairs` undirected edges inside a community and `interPairs` across
/// communities, each stored in both directions. `community`, when given,
/// receives each node's community.
Graph stochasticBlockModel(int64_t numNodes, int64_t numCommunities,
                           int64_t intraPairs, int64_t interPairs,
                           uint64_t seed,
                           std::vector<int32_t> *community = nullptr);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_GRAPH_H
