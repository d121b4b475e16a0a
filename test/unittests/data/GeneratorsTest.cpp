//===- GeneratorsTest.cpp - Built-in synthetic datasets --------------------===//
#include "gnnrt/data/Generators.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "DataTestUtil.h"
#include "gnnrt/data/Summary.h"

namespace gnnrt::data {
namespace {

using namespace testing_util;

std::set<std::pair<int64_t, int64_t>> edgeSet(const GraphDataset &ds,
                                              int64_t g = 0) {
  std::set<std::pair<int64_t, int64_t>> s;
  for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e)
    s.emplace(ds.src[e], ds.dst[e]);
  return s;
}

bool sameGraph(const GraphDataset &a, const GraphDataset &b) {
  return a.nodePtr == b.nodePtr && a.edgePtr == b.edgePtr && a.src == b.src &&
         a.dst == b.dst && a.x.allClose(b.x, 0, 0) && a.y.allClose(b.y, 0, 0);
}

TEST(CitationTest, CoraSizedSymmetricAndSplit) {
  GraphDataset ds = generateCitation({});
  ASSERT_TRUE(validate(ds).ok()) << validate(ds);
  EXPECT_EQ(ds.numNodes(), 2708);
  EXPECT_EQ(ds.numEdges(), 10556);
  EXPECT_EQ(ds.numNodeFeatures(), 1433);
  EXPECT_EQ(ds.numClasses, 7);
  EXPECT_EQ(ds.trainIdx.size(), 140u);
  EXPECT_EQ(ds.valIdx.size(), 500u);
  EXPECT_EQ(ds.testIdx.size(), 1000u);
  auto edges = edgeSet(ds);
  EXPECT_EQ(edges.size(), 10556u); // no repeats
  int64_t sameClass = 0;
  absl::Span<const int64_t> y = ds.y.data<int64_t>();
  for (auto [s, d] : edges) {
    ASSERT_NE(s, d);
    ASSERT_TRUE(edges.count({d, s})) << s << " -> " << d;
    sameClass += y[s] == y[d];
  }
  // homophily 0.8 plus the 1/7 of the other draws that land in-class.
  EXPECT_NEAR(double(sameClass) / edges.size(), 0.8 + 0.2 / 7, 0.03);
  double words = 0;
  for (float v : ds.x.data<float>())
    words += v;
  EXPECT_NEAR(words / 2708, 18.0, 1.5); // repeats of a word collapse
  // Skewed degrees, as in citation graphs (Cora's maximum is 168).
  std::vector<int64_t> degree(2708, 0);
  for (int64_t s : ds.src)
    degree[s]++;
  EXPECT_GT(*std::max_element(degree.begin(), degree.end()), 40);
}

TEST(CitationTest, SeededAndReproducible) {
  CitationOptions o;
  o.numNodes = 500;
  o.numUndirectedEdges = 1000;
  o.numFeatures = 100;
  GraphDataset a = generateCitation(o), b = generateCitation(o);
  EXPECT_TRUE(sameGraph(a, b));
  o.seed = 1;
  GraphDataset c = generateCitation(o);
  EXPECT_FALSE(sameGraph(a, c));
}

// A label-efficient check that the data are learnable far above chance
// (1/7): class centroids of one-hop aggregated features, fitted on the 140
// training nodes only, classify the 1000 test nodes.
TEST(CitationTest, LearnableFarAboveChance) {
  GraphDataset ds = generateCitation({});
  int64_t n = ds.numNodes(), f = ds.numNodeFeatures(), c = ds.numClasses;
  absl::Span<const float> x = ds.x.data<float>();
  std::vector<float> h(x.begin(), x.end());
  std::vector<int64_t> degree(n, 0);
  for (int64_t s : ds.src)
    degree[s]++;
  for (int64_t e = 0; e < ds.numEdges(); ++e)
    for (int64_t j = 0; j < f; ++j)
      h[ds.dst[e] * f + j] += x[ds.src[e] * f + j] / degree[ds.src[e]];
  std::vector<double> centroid(c * f, 0.0);
  absl::Span<const int64_t> y = ds.y.data<int64_t>();
  for (int64_t i : ds.trainIdx)
    for (int64_t j = 0; j < f; ++j)
      centroid[y[i] * f + j] += h[i * f + j];
  for (int64_t k = 0; k < c; ++k) {
    double norm = 0;
    for (int64_t j = 0; j < f; ++j)
      norm += centroid[k * f + j] * centroid[k * f + j];
    for (int64_t j = 0; j < f; ++j)
      centroid[k * f + j] /= std::sqrt(norm) + 1e-12;
  }
  int64_t correct = 0;
  for (int64_t i : ds.testIdx) {
    int64_t best = 0;
    double bestScore = -1;
    for (int64_t k = 0; k < c; ++k) {
      double score = 0;
      for (int64_t j = 0; j < f; ++j)
        score += centroid[k * f + j] * h[i * f + j];
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    correct += best == y[i];
  }
  double accuracy = double(correct) / ds.testIdx.size();
  std::printf("centroid accuracy on synthetic-cora: %.3f\n", accuracy);
  EXPECT_GT(accuracy, 0.6) << "chance is 1/7";
}

TEST(MoleculesTest, QM9LikeShapes) {
  GraphDataset ds = generateMolecules({});
  ASSERT_TRUE(validate(ds).ok()) << validate(ds);
  EXPECT_EQ(ds.numGraphs(), 1000);
  EXPECT_EQ(ds.numNodeFeatures(), 5);
  EXPECT_EQ(ds.numEdgeFeatures(), 4);
  Summary s = summarize(ds);
  EXPECT_NEAR(s.nodes.mean, 18.0, 0.5);
  EXPECT_NEAR(s.nodes.std, 3.0, 0.5);
  EXPECT_GE(s.nodes.min, 3);
  EXPECT_LE(s.nodes.max, 29);
  // Trees plus at most 3 rings, both directions: 2(n-1) <= E <= 2(n+2).
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    int64_t n = ds.graphNumNodes(g), e = ds.graphNumEdges(g);
    ASSERT_GE(e, 2 * (n - 1));
    ASSERT_LE(e, 2 * (n + 2));
    auto edges = edgeSet(ds, g);
    ASSERT_EQ(static_cast<int64_t>(edges.size()), e);
    for (auto [a, b] : edges)
      ASSERT_TRUE(edges.count({b, a}));
  }
  int64_t positives = 0;
  for (int64_t l : ds.y.data<int64_t>())
    positives += l;
  EXPECT_GT(positives, 200);
  EXPECT_LT(positives, 800);
}

TEST(MoleculesTest, EachMoleculeIsAPureFunctionOfSeedAndIndex) {
  MoleculeOptions small, large;
  small.numGraphs = 10;
  large.numGraphs = 50;
  GraphDataset a = generateMolecules(small), b = generateMolecules(large);
  for (int64_t g = 0; g < 10; ++g) {
    ASSERT_EQ(a.graphNumNodes(g), b.graphNumNodes(g));
    ASSERT_EQ(edgeSet(a, g), edgeSet(b, g));
  }
  large.seed = 3;
  GraphDataset c = generateMolecules(large);
  EXPECT_NE(b.nodePtr, c.nodePtr);
}

TEST(HeteroGenTest, ImdbLikeStructure) {
  HeteroOptions o;
  o.numMovies = 300;
  o.numDirectors = 120;
  o.numActors = 400;
  o.numFeatures = 60;
  HeteroGraph g = generateHetero(o);
  ASSERT_TRUE(validate(g).ok()) << validate(g);
  ASSERT_EQ(g.edgeTypes.size(), 4u);
  const EdgeType &md = g.edgeTypes[0], &ma = g.edgeTypes[1];
  const EdgeType &dm = g.edgeTypes[2], &am = g.edgeTypes[3];
  EXPECT_EQ(md.numEdges(), 300); // one director per movie
  EXPECT_EQ(ma.numEdges(), 900); // three distinct actors per movie
  EXPECT_EQ(dm.srcIdx, md.dstIdx);
  EXPECT_EQ(am.dstIdx, ma.srcIdx);
  // A director's features are the mean of its movies' features.
  const Tensor &xm = g.nodeTypes[0].x, &xd = g.nodeTypes[1].x;
  int64_t d = md.dstIdx[0];
  std::vector<double> mean(60, 0.0);
  int64_t count = 0;
  for (int64_t e = 0; e < md.numEdges(); ++e)
    if (md.dstIdx[e] == d) {
      ++count;
      for (int64_t j = 0; j < 60; ++j)
        mean[j] += xm.data<float>()[md.srcIdx[e] * 60 + j];
    }
  for (int64_t j = 0; j < 60; ++j)
    EXPECT_NEAR(xd.data<float>()[d * 60 + j], mean[j] / count, 1e-5);
  const NodeType &movie = g.nodeTypes[0];
  EXPECT_EQ(movie.trainIdx.size() + movie.valIdx.size() + movie.testIdx.size(),
            300u);
}

TEST(RandomGraphTest, SizesRangeAndSeed) {
  RandomGraphOptions o;
  o.numNodes = 100000;
  o.avgDegree = 10;
  GraphDataset a = generateRandomGraph(o);
  ASSERT_TRUE(validate(a).ok()) << validate(a);
  EXPECT_EQ(a.numNodes(), 100000);
  EXPECT_EQ(a.numEdges(), 1000000);
  for (int64_t e = 0; e < a.numEdges(); ++e)
    ASSERT_NE(a.src[e], a.dst[e]);
  EXPECT_EQ(a.src, generateRandomGraph(o).src);
  o.seed = 9;
  EXPECT_NE(a.src, generateRandomGraph(o).src);
}

} // namespace
} // namespace gnnrt::data
