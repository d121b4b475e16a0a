//===- GraphPartitionTest.cpp - Fixed-graph partitioner and halo plan ------===//
#include "gnnc/Partition/GraphPartition.h"

#include <set>

#include "gmock/gmock.h"
#include "gnnc/Partition/PlanCheck.h"
#include "gtest/gtest.h"

namespace gnnc::partition {
namespace {

using ::testing::HasSubstr;

/// Counts, cut and capacity agree with the assignment.
void expectConsistent(const Graph &g, const GraphPartition &p) {
  ASSERT_EQ(static_cast<int64_t>(p.nodeTile.size()), g.numNodes);
  std::vector<int64_t> nodes(p.numTiles, 0), edges(p.numTiles, 0);
  for (int32_t t : p.nodeTile) {
    ASSERT_GE(t, 0);
    ASSERT_LT(t, p.numTiles);
    ++nodes[t];
  }
  for (int64_t e = 0; e < g.numEdges(); ++e)
    ++edges[p.nodeTile[g.dst[e]]];
  EXPECT_EQ(nodes, p.nodesPerTile);
  EXPECT_EQ(edges, p.edgesPerTile);
  EXPECT_EQ(p.edgeCut, computeEdgeCut(g, p.nodeTile));
  EXPECT_LE(p.edgeCut, p.initialEdgeCut);
  // Balance: at most 3% or one node over the mean.
  const double mean = static_cast<double>(g.numNodes) / p.numTiles;
  EXPECT_LE(p.maxNodesPerTile(), std::max(mean * 1.03, std::ceil(mean)));
  EXPECT_LE(p.maxNodesPerTile(), p.capacity);
}

TEST(GraphPartitionTest, RingCutIsNearMinimal) {
  // 1000 nodes on 10 tiles: the minimum is 10 pairs = 20 directed edges.
  Graph g = ringGraph(1000);
  auto p = partitionGraph(g, 10);
  ASSERT_TRUE(p.ok()) << p.status();
  expectConsistent(g, *p);
  EXPECT_LE(p->edgeCut, 24);
}

TEST(GraphPartitionTest, GridCutIsNearMinimal) {
  // A 32x32 grid on 16 tiles: 4x4 blocks of 8x8 cut 3*32 + 3*32 = 192
  // pairs = 384 directed edges, the minimum for equal parts.
  Graph g = gridGraph(32, 32);
  auto p = partitionGraph(g, 16);
  ASSERT_TRUE(p.ok()) << p.status();
  expectConsistent(g, *p);
  EXPECT_LE(p->edgeCut, 384 * 3 / 2) << "initial " << p->initialEdgeCut;
  int64_t random = computeEdgeCut(g, randomAssignment(g.numNodes, 16, 1));
  EXPECT_LE(p->edgeCut * 5, random);
}

TEST(GraphPartitionTest, StochasticBlockModelFindsCommunities) {
  // 8 communities of 250 nodes, 90% of the edges inside a community. The
  // ideal cut is the 10% crossing edges; a random assignment cuts 7/8.
  std::vector<int32_t> community;
  Graph g = stochasticBlockModel(2000, 8, 9000, 1000, 42, &community);
  auto p = partitionGraph(g, 8);
  ASSERT_TRUE(p.ok()) << p.status();
  expectConsistent(g, *p);
  int64_t random = computeEdgeCut(g, randomAssignment(g.numNodes, 8, 1));
  int64_t ideal = computeEdgeCut(g, community);
  EXPECT_GT(random, g.numEdges() * 8 / 10);
  EXPECT_LE(p->edgeCut * 4, random) << "ideal " << ideal;
  EXPECT_LE(p->edgeCut, 2 * ideal) << "random " << random;
}

TEST(GraphPartitionTest, StochasticBlockModelOnManyTiles) {
  // More tiles than communities (a Cora-like shape at 64 tiles): still far
  // below random.
  Graph g = stochasticBlockModel(2708, 7, 4222, 1056, 1);
  auto p = partitionGraph(g, 64);
  ASSERT_TRUE(p.ok()) << p.status();
  expectConsistent(g, *p);
  int64_t random = computeEdgeCut(g, randomAssignment(g.numNodes, 64, 1));
  EXPECT_LE(p->edgeCut * 10, random * 7);
}

TEST(GraphPartitionTest, BalanceOnAwkwardSizes) {
  for (int64_t n : {1, 7, 97, 1000}) {
    for (int64_t tiles : {1, 3, 16, 100, 1472}) {
      Graph g = randomGraph(n, 4 * n, n + tiles);
      auto p = partitionGraph(g, tiles);
      ASSERT_TRUE(p.ok()) << p.status();
      expectConsistent(g, *p);
    }
  }
}

TEST(GraphPartitionTest, DisconnectedAndEmptyGraphs) {
  Graph g;
  g.numNodes = 50; // no edges at all
  auto p = partitionGraph(g, 7);
  ASSERT_TRUE(p.ok());
  expectConsistent(g, *p);
  EXPECT_EQ(p->edgeCut, 0);
  // Two rings of 40 on 2 tiles: each ring on its own tile.
  Graph two = ringGraph(40);
  Graph other = ringGraph(40);
  two.numNodes = 80;
  for (int64_t e = 0; e < other.numEdges(); ++e) {
    two.src.push_back(other.src[e] + 40);
    two.dst.push_back(other.dst[e] + 40);
  }
  auto q = partitionGraph(two, 2);
  ASSERT_TRUE(q.ok());
  expectConsistent(two, *q);
  EXPECT_EQ(q->edgeCut, 0);
}

TEST(GraphPartitionTest, Errors) {
  Graph g = ringGraph(10);
  EXPECT_THAT(partitionGraph(g, 0).status().message(),
              HasSubstr("tile count must be in [1, 2^31); got 0"));
  g.dst[3] = 10;
  EXPECT_EQ(partitionGraph(g, 2).status().message(),
            "graph: edge 3 (2 -> 10) has an endpoint outside [0, 10)");
  PartitionOptions bad;
  bad.imbalance = -1;
  EXPECT_THAT(partitionGraph(ringGraph(10), 2, bad).status().message(),
              HasSubstr("must be >= 0"));
}

TEST(HaloPlanTest, ExactOnRandomGraphs) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const int64_t n = 200 + 37 * seed, tiles = 1 + seed % 16;
    Graph g = randomGraph(n, 5 * n, seed);
    auto p = partitionGraph(g, tiles);
    ASSERT_TRUE(p.ok());
    HaloPlan halo = planHalo(g, p->nodeTile, tiles, 64);
    ASSERT_TRUE(checkHaloPlan(g, p->nodeTile, halo).ok())
        << checkHaloPlan(g, p->nodeTile, halo);
    // Also exact for an arbitrary (random) assignment.
    std::vector<int32_t> random = randomAssignment(n, tiles, seed);
    HaloPlan rh = planHalo(g, random, tiles, 64);
    ASSERT_TRUE(checkHaloPlan(g, random, rh).ok());
    // Independent count: distinct (destination tile, remote source) pairs.
    std::set<std::pair<int32_t, int64_t>> needed;
    for (int64_t e = 0; e < g.numEdges(); ++e)
      if (random[g.src[e]] != random[g.dst[e]])
        needed.insert({random[g.dst[e]], g.src[e]});
    EXPECT_EQ(rh.totalRows(), static_cast<int64_t>(needed.size()));
  }
}

TEST(HaloPlanTest, SmallExample) {
  // 0 -> 2, 1 -> 2, 0 -> 3, 3 -> 0; tiles {0,1} | {2,3}.
  Graph g;
  g.numNodes = 4;
  g.src = {0, 1, 0, 3, 0};
  g.dst = {2, 2, 3, 0, 1};
  std::vector<int32_t> tile = {0, 0, 1, 1};
  HaloPlan h = planHalo(g, tile, 2, 8);
  EXPECT_EQ(h.offsets, (std::vector<int64_t>{0, 1, 3}));
  EXPECT_EQ(h.rows, (std::vector<int64_t>{3, 0, 1})); // row 0 once
  EXPECT_EQ(h.fromTile, (std::vector<int32_t>{1, 0, 0}));
  EXPECT_EQ(h.bytesIn, (std::vector<int64_t>{8, 16}));
  EXPECT_EQ(h.bytesOut, (std::vector<int64_t>{16, 8}));
  EXPECT_EQ(h.numMessages, 2);
  gnnrt::TargetModel t;
  t.exchangeBytesPerCycle = 4;
  EXPECT_EQ(h.exchangeCycles(t), 4);
}

TEST(HaloPlanTest, CheckerCatchesMissingAndExtraRows) {
  Graph g = randomGraph(300, 1500, 5);
  std::vector<int32_t> tile = randomAssignment(300, 8, 5);
  HaloPlan h = planHalo(g, tile, 8, 16);
  ASSERT_TRUE(checkHaloPlan(g, tile, h).ok());
  HaloPlan missing = h; // drop tile 0's last row
  missing.rows.erase(missing.rows.begin() + missing.offsets[1] - 1);
  missing.fromTile.erase(missing.fromTile.begin() + missing.offsets[1] - 1);
  for (size_t t = 1; t < missing.offsets.size(); ++t)
    --missing.offsets[t];
  missing.bytesIn[0] -= 16;
  EXPECT_THAT(checkHaloPlan(g, tile, missing).message(), HasSubstr("lacks row"));
  HaloPlan extra = h; // tile 0 receives a row nobody on it reads
  int64_t unused = -1;
  std::set<int64_t> got(h.rows.begin(), h.rows.begin() + h.offsets[1]);
  for (int64_t v = 0; v < 300 && unused < 0; ++v)
    if (tile[v] != 0 && !got.count(v))
      unused = v;
  ASSERT_GE(unused, 0);
  extra.rows.insert(extra.rows.begin(), unused);
  extra.fromTile.insert(extra.fromTile.begin(), tile[unused]);
  for (size_t t = 1; t < extra.offsets.size(); ++t)
    ++extra.offsets[t];
  EXPECT_THAT(checkHaloPlan(g, tile, extra).message(),
              HasSubstr("that no edge on it reads"));
}

} // namespace
} // namespace gnnc::partition
