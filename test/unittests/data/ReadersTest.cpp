//===- ReadersTest.cpp - Dataset readers, validation and summaries --------===//
//
// Real datasets are checked against the statistics their READMEs publish;
// malformed files must give "path:line: problem; fix: ..." and never crash.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/data/Readers.h"

#include <numeric>

#include "DataTestUtil.h"
#include "gnnrt/data/Datasets.h"
#include "gnnrt/data/Summary.h"

namespace gnnrt::data {
namespace {

using namespace testing_util;
using ::testing::AllOf;
using ::testing::HasSubstr;

double sum(const Tensor &t) {
  double s = 0;
  for (float v : t.data<float>())
    s += v;
  return s;
}

std::vector<int64_t> classCounts(const Tensor &y, int64_t classes) {
  std::vector<int64_t> counts(classes, 0);
  for (int64_t v : y.data<int64_t>())
    counts[v]++;
  return counts;
}

//===----------------------------------------------------------------------===//
// Real datasets
//===----------------------------------------------------------------------===//

TEST(PlanetoidTest, CoraMatchesPublishedStatistics) {
  REQUIRE_DATASET(dir, "cora");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readPlanetoid(dir + "/planetoid"));
  EXPECT_EQ(ds.name, "cora");
  EXPECT_EQ(ds.numGraphs(), 1);
  EXPECT_EQ(ds.numNodes(), 2708);
  EXPECT_EQ(ds.numEdges(), 10556);
  EXPECT_EQ(ds.numNodeFeatures(), 1433);
  EXPECT_EQ(sum(ds.x), 49216.0);
  EXPECT_EQ(ds.numClasses, 7);
  EXPECT_THAT(classCounts(ds.y, 7),
              ::testing::ElementsAre(351, 217, 418, 818, 426, 298, 180));
  EXPECT_EQ(ds.trainIdx.size(), 140u);
  EXPECT_EQ(ds.valIdx.size(), 500u);
  EXPECT_EQ(ds.testIdx.size(), 1000u);
  EXPECT_EQ(ds.testIdx.front(), 1708);
  EXPECT_EQ(ds.labelLevel, LabelLevel::kNode);
}

TEST(PlanetoidTest, CiteSeerAndPubMed) {
  REQUIRE_DATASET(citeseer, "citeseer");
  ASSERT_OK_AND_ASSIGN(GraphDataset cs, readPlanetoid(citeseer + "/planetoid"));
  EXPECT_EQ(cs.numNodes(), 3327);
  EXPECT_EQ(cs.numEdges(), 9104);
  EXPECT_EQ(cs.numNodeFeatures(), 3703);
  EXPECT_EQ(sum(cs.x), 105165.0);
  EXPECT_EQ(cs.numClasses, 6);
  REQUIRE_DATASET(pubmed, "pubmed");
  ASSERT_OK_AND_ASSIGN(GraphDataset pm,
                       readPlanetoid(pubmed + "/planetoid", "pubmed"));
  EXPECT_EQ(pm.numNodes(), 19717);
  EXPECT_EQ(pm.numEdges(), 88648);
  EXPECT_EQ(pm.numNodeFeatures(), 0); // no features in the release
  EXPECT_EQ(pm.trainIdx.size(), 60u);
}

TEST(LinqsTest, CoraIsTheSameGraphAsPlanetoid) {
  REQUIRE_DATASET(dir, "cora");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readLinqsCora(dir + "/linqs"));
  EXPECT_EQ(ds.numNodes(), 2708);
  EXPECT_EQ(ds.numEdges(), 10556); // 5429 citations, symmetrised, deduped
  EXPECT_EQ(ds.numNodeFeatures(), 1433);
  EXPECT_EQ(sum(ds.x), 49216.0);
  EXPECT_EQ(ds.numClasses, 7);
  // Sorted class names: Case_Based(298) Genetic_Algorithms(418)
  // Neural_Networks(818) Probabilistic_Methods(426) Reinforcement_Learning(217)
  // Rule_Learning(180) Theory(351).
  EXPECT_THAT(classCounts(ds.y, 7),
              ::testing::ElementsAre(298, 418, 818, 426, 217, 180, 351));
}

TEST(TUDatasetTest, MutagMatchesPublishedStatistics) {
  REQUIRE_DATASET(dir, "mutag");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readTUDataset(dir));
  EXPECT_EQ(ds.name, "MUTAG");
  EXPECT_EQ(ds.numGraphs(), 188);
  EXPECT_EQ(ds.numNodes(), 3371);
  EXPECT_EQ(ds.numEdges(), 7442);
  EXPECT_EQ(ds.numNodeFeatures(), 7);
  EXPECT_EQ(ds.numEdgeFeatures(), 4);
  EXPECT_EQ(sum(ds.x), 3371.0);
  EXPECT_EQ(ds.numClasses, 2);
  EXPECT_THAT(classCounts(ds.y, 2), ::testing::ElementsAre(63, 125));
  // The first two molecules, as the packing tutorial prints them.
  EXPECT_EQ(ds.graphNumNodes(0), 17);
  EXPECT_EQ(ds.graphNumEdges(0), 38);
  EXPECT_EQ(ds.graphNumNodes(1), 13);
  EXPECT_EQ(ds.graphNumEdges(1), 28);
  EXPECT_EQ(ds.y.data<int64_t>()[0], 1);
  EXPECT_EQ(ds.y.data<int64_t>()[1], 0);
  // Coalesced: sorted by (src, dst) within each graph.
  for (int64_t g = 0; g < ds.numGraphs(); ++g)
    for (int64_t e = ds.edgePtr[g] + 1; e < ds.edgePtr[g + 1]; ++e)
      ASSERT_LT(std::make_pair(ds.src[e - 1], ds.dst[e - 1]),
                std::make_pair(ds.src[e], ds.dst[e]));
}

TEST(TUDatasetTest, MutagSummaryMatchesTheTutorial) {
  REQUIRE_DATASET(dir, "mutag");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readTUDataset(dir));
  Summary s = summarize(ds);
  // The table printed by PyG's Summary in the packing tutorial (1 decimal).
  EXPECT_NEAR(s.nodes.mean, 17.9, 0.05);
  EXPECT_NEAR(s.nodes.std, 4.6, 0.05);
  EXPECT_EQ(s.nodes.min, 10);
  EXPECT_EQ(s.nodes.q25, 14);
  EXPECT_EQ(s.nodes.median, 17);
  EXPECT_EQ(s.nodes.q75, 22);
  EXPECT_EQ(s.nodes.max, 28);
  EXPECT_NEAR(s.edges.mean, 39.6, 0.05);
  EXPECT_NEAR(s.edges.std, 11.4, 0.05);
  EXPECT_EQ(s.edges.min, 20);
  EXPECT_EQ(s.edges.q25, 28);
  EXPECT_EQ(s.edges.median, 38);
  EXPECT_EQ(s.edges.q75, 50);
  EXPECT_EQ(s.edges.max, 66);
  EXPECT_THAT(formatSummary(s), HasSubstr("MUTAG: 188 graphs, 3371 nodes"));
}

TEST(TUDatasetTest, Qm9Subset) {
  REQUIRE_DATASET(dir, "qm9_subset");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readTUDataset(dir));
  EXPECT_EQ(ds.numGraphs(), 14392);
  EXPECT_EQ(ds.numNodes(), 259453);
  EXPECT_EQ(ds.numEdges(), 536796);
  EXPECT_EQ(ds.numNodeFeatures(), 11); // node attributes alone (kAuto)
  EXPECT_EQ(ds.numEdgeFeatures(), 4);
  EXPECT_EQ(ds.labelKind, LabelKind::kRegression);
  ASSERT_EQ(ds.y.shape(), (Shape{14392, 19}));
  double gap = 0;
  for (int64_t g = 0; g < 14392; ++g)
    gap += ds.y.data<float>()[g * 19 + 4];
  EXPECT_NEAR(gap / 14392, 6.8574, 1e-3);
  Summary s = summarize(ds);
  EXPECT_EQ(s.nodes.max, 29);
  EXPECT_EQ(s.edges.max, 56);
  EXPECT_NEAR(s.nodes.mean, 18.03, 0.005);
  EXPECT_NEAR(s.edges.mean, 37.30, 0.005);
}

TEST(ImdbTest, MatchesPublishedStatistics) {
  REQUIRE_DATASET(dir, "imdb");
  ASSERT_OK_AND_ASSIGN(HeteroGraph g, readImdb(dir));
  ASSERT_EQ(g.nodeTypes.size(), 3u);
  EXPECT_EQ(g.nodeTypes[0].numNodes, 4278);
  EXPECT_EQ(g.nodeTypes[1].numNodes, 2081);
  EXPECT_EQ(g.nodeTypes[2].numNodes, 5257);
  EXPECT_EQ(g.nodeTypes[0].x.dim(1), 3066);
  EXPECT_EQ(g.nodeTypes[0].numClasses, 3);
  EXPECT_EQ(g.nodeTypes[0].trainIdx.size(), 400u);
  EXPECT_EQ(g.nodeTypes[0].testIdx.size(), 3478u);
  ASSERT_EQ(g.edgeTypes.size(), 4u);
  EXPECT_EQ(g.edgeTypes[0].key(), "movie__to__director");
  EXPECT_EQ(g.edgeTypes[0].numEdges(), 4278);
  EXPECT_EQ(g.edgeTypes[1].numEdges(), 12828);
  EXPECT_EQ(g.edgeTypeIndex("actor,to,movie"), 3);
  EXPECT_THAT(formatHeteroSummary(g), HasSubstr("movie__to__actor"));
}

//===----------------------------------------------------------------------===//
// Malformed input: located errors, never a crash
//===----------------------------------------------------------------------===//

/// A small valid TUDataset (two graphs: a triangle and an edge) in `dir`.
void writeTinyTU(const std::string &dir) {
  writeFile(dir + "/T_A.txt", "1, 2\n2, 1\n2, 3\n3, 2\n4, 5\n5, 4\n");
  writeFile(dir + "/T_graph_indicator.txt", "1\n1\n1\n2\n2\n");
  writeFile(dir + "/T_graph_labels.txt", "-1\n1\n");
  writeFile(dir + "/T_node_labels.txt", "0\n1\n0\n2\n0\n");
}

TEST(TUDatasetTest, TinyValidDataset) {
  std::string dir = freshDir("tu");
  writeTinyTU(dir);
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readTUDataset(dir));
  EXPECT_EQ(ds.numGraphs(), 2);
  EXPECT_EQ(ds.nodePtr, (std::vector<int64_t>{0, 3, 5}));
  EXPECT_EQ(ds.edgePtr, (std::vector<int64_t>{0, 4, 6}));
  EXPECT_EQ(ds.src, (std::vector<int64_t>{0, 1, 1, 2, 0, 1}));
  EXPECT_EQ(ds.dst, (std::vector<int64_t>{1, 0, 2, 1, 1, 0}));
  EXPECT_EQ(ds.numNodeFeatures(), 3);
  EXPECT_EQ(ds.numEdgeFeatures(), 0);
}

struct BadTUCase {
  std::string file, contents, message;
};

void PrintTo(const BadTUCase &c, std::ostream *os) {
  *os << c.file << " -> \"" << c.message << "\"";
}

class BadTUTest : public ::testing::TestWithParam<BadTUCase> {};

TEST_P(BadTUTest, ReportsFileLineAndFix) {
  std::string dir = freshDir("bad");
  writeTinyTU(dir);
  writeFile(dir + "/" + GetParam().file, GetParam().contents);
  absl::StatusOr<GraphDataset> ds = readTUDataset(dir);
  ASSERT_FALSE(ds.ok());
  EXPECT_THAT(std::string(ds.status().message()),
              AllOf(HasSubstr(GetParam().message), HasSubstr("fix: ")));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadTUTest,
    ::testing::Values(
        BadTUCase{"T_A.txt", "1, 2\n2, 9\n", "T_A.txt:2: node id 9 is outside"},
        BadTUCase{"T_A.txt", "1, 2\n3, 4\n",
                  "T_A.txt:2: edge 3 -> 4 joins graph 1 to graph 2"},
        BadTUCase{"T_A.txt", "1, 2\n2\n", "T_A.txt:2: expected 2 fields"},
        BadTUCase{"T_A.txt", "1, 2\n\n2, 1\n", "T_A.txt:2: empty line"},
        BadTUCase{"T_A.txt", "1, x\n", "T_A.txt:1: 'x' is not an integer"},
        BadTUCase{"T_graph_indicator.txt", "1\n2\n1\n2\n2\n",
                  "T_graph_indicator.txt:3: graph id 1 after 2"},
        BadTUCase{"T_graph_indicator.txt", "1\n0\n",
                  "T_graph_indicator.txt:2: graph id 0 is below 1"},
        BadTUCase{"T_graph_indicator.txt", "1\n1\n1\n2\n999999999999\n",
                  "T_graph_indicator.txt:5: graph id 999999999999 exceeds "
                  "the 5 nodes"},
        BadTUCase{"T_graph_labels.txt", "1\n",
                  "T_graph_labels.txt: 1 lines, but"},
        BadTUCase{"T_node_labels.txt", "0\n1\n",
                  "T_node_labels.txt: 2 lines, but"},
        BadTUCase{"T_node_attributes.txt", "1, 2\n3, 4\n5\n6, 7\n8, 9\n",
                  "T_node_attributes.txt:3: expected 2 fields, found 1"},
        BadTUCase{"T_node_attributes.txt", "1, 2\n3, nan\n5, 6\n6, 7\n8, 9\n",
                  "T_node_attributes.txt:2: 'nan' is not finite"},
        BadTUCase{"T_node_attributes.txt", "1, 2\n3, inf\n5, 6\n6, 7\n8, 9\n",
                  "T_node_attributes.txt:2: 'inf' is not finite"}));

TEST(TUDatasetTest, MissingFolderAndPrefix) {
  absl::StatusOr<GraphDataset> ds = readTUDataset("/nonexistent/folder");
  ASSERT_FALSE(ds.ok());
  EXPECT_THAT(std::string(ds.status().message()),
              HasSubstr("/nonexistent/folder: not a directory; fix:"));
  std::string dir = freshDir("empty");
  ds = readTUDataset(dir);
  ASSERT_FALSE(ds.ok());
  EXPECT_THAT(std::string(ds.status().message()),
              HasSubstr("found 0 *_A.txt files"));
}

/// A small valid Planetoid folder named "p".
void writeTinyPlanetoid(const std::string &dir) {
  writeFile(dir + "/p.features.txt", "3 2 2\n0 0 1\n2 1 0.5\n");
  writeFile(dir + "/p.labels.txt", "3 2\n0\n1\n1\n");
  writeFile(dir + "/p.edges.txt", "3 4\n0 1\n1 0\n1 2\n2 1\n");
  writeFile(dir + "/p.train_idx.txt", "1\n0\n");
}

TEST(PlanetoidTest, TinyValid) {
  std::string dir = freshDir("p");
  writeTinyPlanetoid(dir);
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readPlanetoid(dir));
  EXPECT_EQ(ds.numNodes(), 3);
  EXPECT_EQ(ds.numEdges(), 4);
  EXPECT_TRUE(ds.x.allClose(F({3, 2}, {1, 0, 0, 0, 0, 0.5})));
  EXPECT_EQ(ds.trainIdx, (std::vector<int64_t>{0}));
  EXPECT_TRUE(ds.valIdx.empty());
}

class BadPlanetoidTest : public ::testing::TestWithParam<BadTUCase> {};

TEST_P(BadPlanetoidTest, ReportsFileLineAndFix) {
  std::string dir = freshDir("bad");
  writeTinyPlanetoid(dir);
  writeFile(dir + "/" + GetParam().file, GetParam().contents);
  absl::StatusOr<GraphDataset> ds = readPlanetoid(dir, "p");
  ASSERT_FALSE(ds.ok());
  EXPECT_THAT(std::string(ds.status().message()),
              AllOf(HasSubstr(GetParam().message), HasSubstr("fix: ")));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadPlanetoidTest,
    ::testing::Values(
        BadTUCase{"p.labels.txt", "3 2\n0\n2\n1\n",
                  "p.labels.txt:3: class 2 is outside [0, 2)"},
        BadTUCase{"p.labels.txt", "3 2\n0\n1\n",
                  "p.labels.txt: the header announces 3 data lines but the "
                  "file has 2"},
        BadTUCase{"p.edges.txt", "3 2\n0 1\n1 3\n",
                  "p.edges.txt:3: target node 3 is outside [0, 3)"},
        BadTUCase{"p.edges.txt", "4 0\n",
                  "the edge file announces 4 nodes but the labels file has 3"},
        BadTUCase{"p.edges.txt", "3\n", "p.edges.txt:1: header has 1 fields"},
        BadTUCase{"p.features.txt", "3 2 1\n0 5 1\n",
                  "p.features.txt:2: feature 5 is outside [0, 2)"},
        BadTUCase{"p.features.txt", "3 2 1\n0 1 -inf\n",
                  "p.features.txt:2: '-inf' is not finite"},
        BadTUCase{"p.features.txt", "3 99999999999 1\n0 1 1\n",
                  "p.features.txt:1: 3 nodes x 99999999999 features would "
                  "need more than 2^32 dense values"},
        BadTUCase{"p.train_idx.txt", "2\n0\n0\n",
                  "p.train_idx.txt:3: index 0 appears twice"},
        BadTUCase{"p.train_idx.txt", "1\n7\n",
                  "p.train_idx.txt:2: index 7 is outside [0, 3)"}));

TEST(CsvTest, HeaderCommentsFeaturesLabels) {
  std::string dir = freshDir("csv");
  writeFile(dir + "/edges.csv", "src,dst\n# a comment\n0,1\n1,2\n");
  writeFile(dir + "/features.csv", "1,2\n3,4\n5,6\n");
  writeFile(dir + "/labels.csv", "0\n2\n1\n");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readCsvGraph(dir));
  EXPECT_EQ(ds.numNodes(), 3);
  EXPECT_EQ(ds.numEdges(), 2);
  EXPECT_EQ(ds.numClasses, 3);
  EXPECT_TRUE(ds.x.allClose(F({3, 2}, {1, 2, 3, 4, 5, 6})));
  writeFile(dir + "/edges.csv", "0,1\n1,3\n");
  absl::StatusOr<GraphDataset> bad = readCsvGraph(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("edges.csv:2: node 3 is outside [0, 3)"));
  writeFile(dir + "/edges.csv", "0,1\n");
  writeFile(dir + "/labels.csv", "0\n-1\n1\n");
  bad = readCsvGraph(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("labels.csv:2: class -1 is negative"));
}

TEST(CsvTest, NodeCountFromEdgesWithoutFeatures) {
  std::string dir = freshDir("csv");
  writeFile(dir + "/edges.csv", "0 ,4\n");
  ASSERT_OK_AND_ASSIGN(GraphDataset ds, readCsvGraph(dir));
  EXPECT_EQ(ds.numNodes(), 5);
  EXPECT_EQ(ds.numNodeFeatures(), 0);
  // An absurd id would make a graph of isolated nodes: refused, not
  // allocated.
  writeFile(dir + "/edges.csv", "0,123456789012\n");
  absl::StatusOr<GraphDataset> bad = readCsvGraph(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("the largest node id is 123456789012 for 1 edges"));
}

TEST(ValidateTest, CatchesBrokenInvariants) {
  GraphDataset ds = makeSingleGraph("g", 3, {0, 1}, {1, 5});
  absl::Status s = validate(ds);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("edge 1 (1 -> 5) of graph 0 leaves the graph's 3 "
                        "nodes"));
  ds = makeSingleGraph("g", 2, {0}, {1}, F({2, 1}, {1, NAN}));
  EXPECT_THAT(std::string(validate(ds).message()),
              HasSubstr("node features x[1, 0] is nan"));
  ds = makeSingleGraph("g", 2, {0}, {1});
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = 2;
  ds.y = I64({2}, {0, 2});
  EXPECT_THAT(std::string(validate(ds).message()),
              HasSubstr("label 2 of item 1 is outside [0, 2)"));
  ds.y = I64({2}, {0, 1});
  ds.trainIdx = {1, 1};
  EXPECT_THAT(std::string(validate(ds).message()),
              HasSubstr("train split holds 1 twice"));
}

TEST(SummaryTest, StatsOfSmallSets) {
  Stats s = computeStats(std::vector<int64_t>{4, 1, 3, 2});
  EXPECT_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.std, 1.2909944, 1e-6);
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.q25, 1.75);
  EXPECT_EQ(s.median, 2); // the lower median, as torch.median
  EXPECT_EQ(s.q75, 3.25);
  EXPECT_EQ(s.max, 4);
  Stats one = computeStats(std::vector<int64_t>{7});
  EXPECT_EQ(one.std, 0);
  EXPECT_EQ(one.median, 7);
  Stats none = computeStats(std::vector<int64_t>{});
  EXPECT_EQ(none.max, 0);
}

TEST(DatasetSpecTest, GeneratorsAndErrors) {
  ASSERT_OK_AND_ASSIGN(LoadedDataset mol, loadDataset("synthetic-molecules:7", ""));
  EXPECT_FALSE(mol.hetero);
  EXPECT_EQ(mol.graphs.numGraphs(), 7);
  ASSERT_OK_AND_ASSIGN(LoadedDataset cora, loadDataset("synthetic-cora:500", ""));
  EXPECT_EQ(cora.graphs.numNodes(), 500);
  ASSERT_OK_AND_ASSIGN(LoadedDataset rnd, loadDataset("random:1000:2.5", ""));
  EXPECT_EQ(rnd.graphs.numEdges(), 2500);
  ASSERT_OK_AND_ASSIGN(LoadedDataset het, loadDataset("synthetic-hetero", ""));
  EXPECT_TRUE(het.hetero);
  // Seeds change generated data.
  ASSERT_OK_AND_ASSIGN(LoadedDataset other,
                       loadDataset("synthetic-molecules:7", "", 1));
  EXPECT_NE(other.graphs.nodePtr, mol.graphs.nodePtr);
  for (const char *bad : {"nope", "random", "random:0", "random:10:x",
                          "synthetic-molecules:-3", "synthetic-hetero:2",
                          "tu:", "csv:a:b", "mutag:x"})
    EXPECT_FALSE(loadDataset(bad, "").ok()) << bad;
  absl::StatusOr<LoadedDataset> noDir = loadDataset("mutag", "");
  ASSERT_FALSE(noDir.ok());
  EXPECT_THAT(std::string(noDir.status().message()),
              HasSubstr("fix: pass --dataset-dir DIR"));
}

TEST(DatasetSpecTest, RealFoldersByNameAndPath) {
  REQUIRE_DATASET(mutag, "mutag");
  ASSERT_OK_AND_ASSIGN(LoadedDataset byName,
                       loadDataset("mutag", datasetsDir()));
  ASSERT_OK_AND_ASSIGN(LoadedDataset byPath,
                       loadDataset("tu:" + mutag + ":MUTAG", ""));
  EXPECT_EQ(byName.graphs.numGraphs(), 188);
  EXPECT_EQ(byPath.graphs.nodePtr, byName.graphs.nodePtr);
  std::string dir = freshDir("csv");
  writeFile(dir + "/edges.csv", "0,1\n");
  ASSERT_OK_AND_ASSIGN(LoadedDataset csv, loadDataset("csv:" + dir, ""));
  EXPECT_EQ(csv.graphs.numNodes(), 2);
}

TEST(IdListTest, OrderFiles) {
  std::string dir = freshDir("ids");
  writeFile(dir + "/ok.txt", "# a permutation\n2\n0\n1\n");
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids, readIdList(dir + "/ok.txt", 3));
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 0, 1}));
  writeFile(dir + "/bad.txt", "0\n3\n");
  absl::StatusOr<std::vector<int64_t>> bad = readIdList(dir + "/bad.txt", 3);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("bad.txt:2: id 3 is outside [0, 3)"));
}

} // namespace
} // namespace gnnrt::data
