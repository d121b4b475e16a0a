//===- Graph.cpp - Edge lists and synthetic graphs ------------------------===//
#include "gnnc/Partition/Graph.h"

#include <numeric>

#include "Rng.h"
#include "absl/strings/str_cat.h"

namespace gnnc::partition {

absl::Status Graph::validate() const {
  if (numNodes < 0)
    return absl::InvalidArgumentError(
        absl::StrCat("graph: numNodes is ", numNodes, ", must be >= 0"));
  if (src.size() != dst.size())
    return absl::InvalidArgumentError(
        absl::StrCat("graph: ", src.size(), " sources but ", dst.size(),
                     " destinations"));
  for (size_t e = 0; e < src.size(); ++e)
    if (src[e] < 0 || src[e] >= numNodes || dst[e] < 0 || dst[e] >= numNodes)
      return absl::InvalidArgumentError(
          absl::StrCat("graph: edge ", e, " (", src[e], " -> ", dst[e],
                       ") has an endpoint outside [0, ", numNodes, ")"));
  return absl::OkStatus();
}

static void addBoth(Graph &g, int64_t a, int64_t b) {
  g.src.push_back(a);
  g.dst.push_back(b);
  g.src.push_back(b);
  g.dst.push_back(a);
}

Graph ringGraph(int64_t n) {
  Graph g;
  g.numNodes = n;
  for (int64_t i = 0; i < n && n > 1; ++i)
    addBoth(g, i, (i + 1) % n);
  return g;
}

Graph gridGraph(int64_t rows, int64_t cols) {
  Graph g;
  g.numNodes = rows * cols;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      if (c + 1 < cols)
        addBoth(g, r * cols + c, r * cols + c + 1);
      if (r + 1 < rows)
        addBoth(g, r * cols + c, (r + 1) * cols + c);
    }
  return g;
}

Graph randomGraph(int64_t numNodes, int64_t numEdges, uint64_t seed) {
  Rng rng(seed);
  Graph g;
  g.numNodes = numNodes;
  g.src.resize(numEdges);
  g.dst.resize(numEdges);
  for (int64_t e = 0; e < numEdges; ++e) {
    g.src[e] = rng.below(numNodes);
    g.dst[e] = rng.below(numNodes);
  }
  return g;
}

Graph stochasticBlockModel(int64_t numNodes, int64_t numCommunities,
                           int64_t intraPairs, int64_t interPairs,
                           uint64_t seed, std::vector<int32_t> *community) {
  Rng rng(seed);
  // Community c is the block [c*n/k, (c+1)*n/k) of a random permutation.
  std::vector<int64_t> perm(numNodes);
  std::iota(perm.begin(), perm.end(), 0);
  for (int64_t i = numNodes - 1; i > 0; --i)
    std::swap(perm[i], perm[rng.below(i + 1)]);
  auto member = [&](int64_t c, int64_t j) {
    return perm[c * numNodes / numCommunities + j];
  };
  auto size = [&](int64_t c) {
    return (c + 1) * numNodes / numCommunities - c * numNodes / numCommunities;
  };
  Graph g;
  g.numNodes = numNodes;
  for (int64_t i = 0; i < intraPairs; ++i) {
    int64_t c = rng.below(numCommunities);
    int64_t a = member(c, rng.below(size(c)));
    int64_t b = member(c, rng.below(size(c)));
    if (a != b)
      addBoth(g, a, b);
  }
  for (int64_t i = 0; i < interPairs && numCommunities > 1; ++i) {
    int64_t c1 = rng.below(numCommunities);
    int64_t c2 = (c1 + 1 + rng.below(numCommunities - 1)) % numCommunities;
    addBoth(g, member(c1, rng.below(size(c1))), member(c2, rng.below(size(c2))));
  }
  if (community) {
    community->assign(numNodes, 0);
    for (int64_t c = 0; c < numCommunities; ++c)
      for (int64_t j = 0; j < size(c); ++j)
        (*community)[member(c, j)] = static_cast<int32_t>(c);
  }
  return g;
}

} // namespace gnnc::partition
