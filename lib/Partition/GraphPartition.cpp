//===- GraphPartition.cpp - Fixed-graph partitioner -----------------------===//
//
// 1. Order: a breadth-first order of each connected component (taken in
//    order of their smallest node) from a pseudo-peripheral node (the last
//    node of a BFS from the component's first node).
// 2. Growth: tiles are filled one after another to their balanced size
//    (floor(N/T), +1 for the first N mod T tiles). A tile starts from the
//    unassigned node earliest in the order and repeatedly takes the
//    unassigned node with the most edges into the tile (ties: earliest in
//    the order), from a lazy max-heap; when its frontier is empty it takes
//    the next unassigned node in the order.
// 3. Refinement: label propagation in the same order. A node moves to the
//    neighbouring tile it has the most edges to when that lowers the cut,
//    the target stays within the capacity and the source above the floor.
//    Every move lowers the cut, so the passes terminate; they also stop
//    after a pass that gained less than minPassGain of the cut.
//
//===----------------------------------------------------------------------===//
#include "gnnc/Partition/GraphPartition.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <tuple>

#include "Rng.h"
#include "absl/strings/str_cat.h"

namespace gnnc::partition {
namespace {

/// Undirected adjacency with multiplicity, self loops dropped.
struct Adjacency {
  std::vector<int64_t> offsets;
  std::vector<int32_t> nbrs; // node ids < 2^31 (checked by the caller)

  explicit Adjacency(const Graph &g) : offsets(g.numNodes + 1, 0) {
    for (int64_t e = 0; e < g.numEdges(); ++e)
      if (g.src[e] != g.dst[e]) {
        ++offsets[g.src[e] + 1];
        ++offsets[g.dst[e] + 1];
      }
    for (int64_t v = 0; v < g.numNodes; ++v)
      offsets[v + 1] += offsets[v];
    nbrs.resize(offsets.back());
    std::vector<int64_t> fill(offsets.begin(), offsets.end() - 1);
    for (int64_t e = 0; e < g.numEdges(); ++e)
      if (g.src[e] != g.dst[e]) {
        nbrs[fill[g.src[e]]++] = static_cast<int32_t>(g.dst[e]);
        nbrs[fill[g.dst[e]]++] = static_cast<int32_t>(g.src[e]);
      }
  }
  template <typename F> void forEach(int64_t v, F f) const {
    for (int64_t i = offsets[v]; i < offsets[v + 1]; ++i)
      f(nbrs[i]);
  }
};

/// BFS order of every component, each from a pseudo-peripheral node.
std::vector<int64_t> peripheralBfsOrder(const Adjacency &adj, int64_t n) {
  std::vector<int64_t> order;
  order.reserve(n);
  std::vector<int64_t> stamp(n, -1); // BFS sweep that last visited a node
  std::vector<char> done(n, 0);
  int64_t sweep = 0;
  std::vector<int64_t> queue;
  auto bfs = [&](int64_t start) {
    queue.clear();
    queue.push_back(start);
    stamp[start] = sweep;
    for (size_t h = 0; h < queue.size(); ++h)
      adj.forEach(queue[h], [&](int64_t u) {
        if (stamp[u] != sweep) {
          stamp[u] = sweep;
          queue.push_back(u);
        }
      });
    ++sweep;
  };
  for (int64_t v = 0; v < n; ++v) {
    if (done[v])
      continue;
    bfs(v);
    bfs(queue.back());
    for (int64_t u : queue) {
      done[u] = 1;
      order.push_back(u);
    }
  }
  return order;
}

} // namespace

int64_t GraphPartition::maxNodesPerTile() const {
  return nodesPerTile.empty()
             ? 0
             : *std::max_element(nodesPerTile.begin(), nodesPerTile.end());
}

int64_t GraphPartition::maxEdgesPerTile() const {
  return edgesPerTile.empty()
             ? 0
             : *std::max_element(edgesPerTile.begin(), edgesPerTile.end());
}

int64_t computeEdgeCut(const Graph &graph, absl::Span<const int32_t> nodeTile) {
  int64_t cut = 0;
  for (int64_t e = 0; e < graph.numEdges(); ++e)
    cut += nodeTile[graph.src[e]] != nodeTile[graph.dst[e]];
  return cut;
}

std::vector<int32_t> randomAssignment(int64_t numNodes, int64_t numTiles,
                                      uint64_t seed) {
  std::vector<int32_t> tile(numNodes);
  for (int64_t v = 0; v < numNodes; ++v)
    tile[v] = static_cast<int32_t>(v % numTiles);
  Rng rng(seed);
  for (int64_t i = numNodes - 1; i > 0; --i)
    std::swap(tile[i], tile[rng.below(i + 1)]);
  return tile;
}

absl::StatusOr<GraphPartition> partitionGraph(const Graph &graph,
                                              int64_t numTiles,
                                              const PartitionOptions &options) {
  if (absl::Status s = graph.validate(); !s.ok())
    return s;
  if (graph.numNodes > INT32_MAX)
    return absl::InvalidArgumentError(absl::StrCat(
        "partition: ", graph.numNodes, " nodes; at most 2^31 - 1 supported"));
  if (numTiles <= 0 || numTiles > INT32_MAX)
    return absl::InvalidArgumentError(absl::StrCat(
        "partition: the tile count must be in [1, 2^31); got ", numTiles));
  if (!(options.imbalance >= 0.0) || options.maxRefinePasses < 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "partition: imbalance (", options.imbalance,
        ") and maxRefinePasses (", options.maxRefinePasses,
        ") must be >= 0"));
  const int64_t n = graph.numNodes;
  const double mean = static_cast<double>(n) / numTiles;
  GraphPartition p;
  p.numTiles = numTiles;
  p.capacity = std::max<int64_t>((n + numTiles - 1) / numTiles,
                                 std::floor(mean * (1.0 + options.imbalance)));
  const int64_t floorSize =
      std::min<int64_t>(n / numTiles, std::ceil(mean * (1.0 - options.imbalance)));
  p.nodeTile.assign(n, -1);
  p.nodesPerTile.assign(numTiles, 0);

  Adjacency adj(graph);
  std::vector<int64_t> order = peripheralBfsOrder(adj, n);
  std::vector<int64_t> rank(n);
  for (int64_t i = 0; i < n; ++i)
    rank[order[i]] = i;

  // Growth.
  using Entry = std::tuple<int64_t, int64_t, int64_t>; // gain, -rank, node
  std::priority_queue<Entry> heap;
  std::vector<int64_t> conn(n, 0);
  std::vector<int32_t> connTile(n, -1);
  int64_t cursor = 0;
  const int64_t base = n / numTiles, extra = n % numTiles;
  for (int64_t t = 0; t < numTiles; ++t) {
    const int64_t size = base + (t < extra);
    heap = {};
    for (int64_t count = 0; count < size;) {
      int64_t v;
      if (heap.empty()) {
        while (p.nodeTile[order[cursor]] >= 0)
          ++cursor;
        v = order[cursor];
      } else {
        auto [gain, negRank, u] = heap.top();
        heap.pop();
        if (p.nodeTile[u] >= 0 || connTile[u] != t || conn[u] != gain)
          continue; // assigned meanwhile, or a stale entry
        v = u;
      }
      p.nodeTile[v] = static_cast<int32_t>(t);
      ++count;
      adj.forEach(v, [&](int64_t u) {
        if (p.nodeTile[u] >= 0)
          return;
        conn[u] = connTile[u] == t ? conn[u] + 1 : 1;
        connTile[u] = static_cast<int32_t>(t);
        heap.emplace(conn[u], -rank[u], u);
      });
    }
    p.nodesPerTile[t] = size;
  }
  p.initialEdgeCut = computeEdgeCut(graph, p.nodeTile);
  p.edgeCut = p.initialEdgeCut;

  // Refinement.
  std::vector<int64_t> count(numTiles, 0);
  std::vector<int32_t> touched;
  for (int pass = 0; pass < options.maxRefinePasses; ++pass) {
    int64_t gainSum = 0;
    for (int64_t v : order) {
      const int32_t a = p.nodeTile[v];
      if (p.nodesPerTile[a] - 1 < floorSize)
        continue;
      touched.clear();
      adj.forEach(v, [&](int64_t u) {
        int32_t b = p.nodeTile[u];
        if (count[b]++ == 0)
          touched.push_back(b);
      });
      int32_t best = a;
      int64_t bestCount = count[a];
      for (int32_t b : touched)
        if (b != a && p.nodesPerTile[b] < p.capacity &&
            (count[b] > bestCount || (count[b] == bestCount && best != a &&
                                      b < best)))
          best = b, bestCount = count[b];
      if (best != a && bestCount > count[a]) {
        gainSum += bestCount - count[a];
        p.nodeTile[v] = best;
        --p.nodesPerTile[a];
        ++p.nodesPerTile[best];
      }
      for (int32_t b : touched)
        count[b] = 0;
    }
    const int64_t before = p.edgeCut;
    p.edgeCut -= gainSum;
    if (gainSum > 0)
      p.refinePasses = pass + 1;
    if (gainSum == 0 || gainSum < options.minPassGain * before)
      break;
  }

  p.edgesPerTile.assign(numTiles, 0);
  for (int64_t e = 0; e < graph.numEdges(); ++e)
    ++p.edgesPerTile[p.nodeTile[graph.dst[e]]];
  return p;
}

} // namespace gnnc::partition
