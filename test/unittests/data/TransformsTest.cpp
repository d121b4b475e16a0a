//===- TransformsTest.cpp - Dataset transforms -----------------------------===//
#include "gnnrt/data/Transforms.h"

#include "DataTestUtil.h"
#include "gnnrt/data/Generators.h"
#include "gnnrt/data/Readers.h"

namespace gnnrt::data {
namespace {

using namespace testing_util;

/// 4 nodes: 0 - 1 - 2, node 3 isolated but with a self loop; edge features
/// [e] = edge id.
GraphDataset tiny() {
  GraphDataset ds = makeSingleGraph("tiny", 4, {0, 1, 2, 3}, {1, 2, 1, 3},
                                    F({4, 2}, {1, 3, 0, 0, 2, 2, 5, 5}));
  ds.edgeAttr = F({4, 1}, {0, 1, 2, 3});
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = 3;
  ds.y = I64({4}, {0, 1, 2, 1});
  ds.trainIdx = {0, 3};
  ds.testIdx = {2};
  return ds;
}

TEST(TransformsTest, NormalizeFeatures) {
  GraphDataset ds = tiny();
  normalizeFeatures(ds);
  EXPECT_TRUE(ds.x.allClose(F({4, 2}, {0.25, 0.75, 0, 0, 0.5, 0.5, 0.5, 0.5})));
}

TEST(TransformsTest, AddSelfLoops) {
  GraphDataset ds = tiny();
  addSelfLoops(ds, 9.0f);
  EXPECT_EQ(ds.numEdges(), 8);
  EXPECT_EQ(ds.src, (std::vector<int64_t>{0, 1, 2, 3, 0, 1, 2, 3}));
  EXPECT_EQ(ds.dst, (std::vector<int64_t>{1, 2, 1, 3, 0, 1, 2, 3}));
  EXPECT_TRUE(ds.edgeAttr.allClose(F({8, 1}, {0, 1, 2, 3, 9, 9, 9, 9})));
  EXPECT_TRUE(validate(ds).ok());
}

TEST(TransformsTest, ToUndirectedCoalesces) {
  GraphDataset ds = tiny();
  toUndirected(ds);
  EXPECT_EQ(ds.src, (std::vector<int64_t>{0, 1, 1, 2, 3}));
  EXPECT_EQ(ds.dst, (std::vector<int64_t>{1, 0, 2, 1, 3}));
  // (1, 0) copies edge 0; (2, 1) is an original edge (id 2) and keeps its
  // own features rather than those of the reverse of edge 1.
  EXPECT_TRUE(ds.edgeAttr.allClose(F({5, 1}, {0, 0, 1, 2, 3})));
}

TEST(TransformsTest, RemoveIsolatedNodesRemapsLabelsAndSplits) {
  GraphDataset ds = tiny();
  removeIsolatedNodes(ds);
  ASSERT_TRUE(validate(ds).ok()) << validate(ds);
  EXPECT_EQ(ds.numNodes(), 3);
  EXPECT_EQ(ds.numEdges(), 3); // node 3's self loop is gone
  EXPECT_TRUE(ds.y.allClose(I64({3}, {0, 1, 2})));
  EXPECT_EQ(ds.trainIdx, (std::vector<int64_t>{0}));
  EXPECT_EQ(ds.testIdx, (std::vector<int64_t>{2}));
}

TEST(TransformsTest, SubgraphInducedInGivenOrder) {
  GraphDataset ds = tiny();
  ASSERT_OK_AND_ASSIGN(GraphDataset sub, subgraph(ds, {2, 1, 3}));
  ASSERT_TRUE(validate(sub).ok()) << validate(sub);
  EXPECT_EQ(sub.numNodes(), 3);
  EXPECT_EQ(sub.src, (std::vector<int64_t>{1, 0, 2}));
  EXPECT_EQ(sub.dst, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_TRUE(sub.edgeAttr.allClose(F({3, 1}, {1, 2, 3})));
  EXPECT_TRUE(sub.y.allClose(I64({3}, {2, 1, 1})));
  EXPECT_EQ(sub.trainIdx, (std::vector<int64_t>{2}));
  EXPECT_EQ(sub.testIdx, (std::vector<int64_t>{0}));
  EXPECT_FALSE(subgraph(ds, {1, 1}).ok());
  EXPECT_FALSE(subgraph(ds, {7}).ok());
}

TEST(TransformsTest, SelectGraphs) {
  MoleculeOptions o;
  o.numGraphs = 5;
  GraphDataset ds = generateMolecules(o);
  ASSERT_OK_AND_ASSIGN(GraphDataset sel, selectGraphs(ds, {3, 0}));
  ASSERT_TRUE(validate(sel).ok()) << validate(sel);
  EXPECT_EQ(sel.numGraphs(), 2);
  EXPECT_EQ(sel.graphNumNodes(0), ds.graphNumNodes(3));
  EXPECT_EQ(sel.graphNumEdges(1), ds.graphNumEdges(0));
  EXPECT_EQ(sel.y.data<int64_t>()[0], ds.y.data<int64_t>()[3]);
  EXPECT_FALSE(selectGraphs(ds, {5}).ok());
}

TEST(TransformsTest, PlanetoidSplit) {
  GraphDataset ds = tiny();
  planetoidSplit(ds, 1, 1, 1);
  EXPECT_EQ(ds.trainIdx, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_TRUE(ds.valIdx.empty()); // node 3 is the test node
  EXPECT_EQ(ds.testIdx, (std::vector<int64_t>{3}));
}

TEST(TransformsTest, CoraAddSelfLoopsGives13264Edges) {
  REQUIRE_DATASET(dir, "cora");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readPlanetoid(dir + "/planetoid"));
  addSelfLoops(ds);
  EXPECT_EQ(ds.numEdges(), 13264);
  normalizeFeatures(ds);
  double first = 0;
  for (int64_t j = 0; j < ds.numNodeFeatures(); ++j)
    first += ds.x.data<float>()[j];
  EXPECT_NEAR(first, 1.0, 1e-5);
}

// Seed 003: movies 0..999, then RemoveIsolatedNodes, leaves 482 directors,
// 1469 actors, 1000 + 2998 edges each way.
TEST(TransformsTest, ImdbSubgraphAsInTheHeterogeneousSeed) {
  REQUIRE_DATASET(dir, "imdb");
  ASSERT_OK_AND_ASSIGN(HeteroGraph g, readImdb(dir));
  std::vector<int64_t> movies(1000);
  for (int64_t i = 0; i < 1000; ++i)
    movies[i] = i;
  ASSERT_OK_AND_ASSIGN(HeteroGraph sub, subgraph(g, {{"movie", movies}}));
  removeIsolatedNodes(sub);
  ASSERT_TRUE(validate(sub).ok()) << validate(sub);
  EXPECT_EQ(sub.nodeTypes[0].numNodes, 1000);
  EXPECT_EQ(sub.nodeTypes[1].numNodes, 482);
  EXPECT_EQ(sub.nodeTypes[2].numNodes, 1469);
  EXPECT_EQ(sub.edgeTypes[0].numEdges(), 1000);
  EXPECT_EQ(sub.edgeTypes[1].numEdges(), 2998);
  EXPECT_EQ(sub.edgeTypes[2].numEdges(), 1000);
  EXPECT_EQ(sub.edgeTypes[3].numEdges(), 2998);
}

TEST(TransformsTest, HeteroSubgraphSynthetic) {
  HeteroOptions o;
  o.numMovies = 100;
  o.numDirectors = 50;
  o.numActors = 150;
  o.numFeatures = 20;
  HeteroGraph g = generateHetero(o);
  ASSERT_OK_AND_ASSIGN(HeteroGraph sub,
                       subgraph(g, {{"movie", {0, 1, 2, 3, 4}}}));
  removeIsolatedNodes(sub);
  ASSERT_TRUE(validate(sub).ok());
  EXPECT_EQ(sub.edgeTypes[0].numEdges(), 5);
  EXPECT_EQ(sub.edgeTypes[1].numEdges(), 15);
  EXPECT_LE(sub.nodeTypes[1].numNodes, 5);
  EXPECT_LE(sub.nodeTypes[2].numNodes, 15);
  EXPECT_FALSE(subgraph(g, {{"nope", {0}}}).ok());
}

} // namespace
} // namespace gnnrt::data
