//===- NeighborLoaderTest.cpp - Fixed-size neighbour sampling -------------===//
//
// Sampling by hand on small graphs, then properties on generated and real
// graphs: sampled edges exist, per-hop fan-in never exceeds the count, seeds
// come first and survive trimming, masks are exact, shapes are fixed, and
// every batch is reproducible from the seed alone.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/data/NeighborLoader.h"

#include <map>
#include <set>

#include "DataTestUtil.h"
#include "gnnrt/data/Generators.h"
#include "gnnrt/data/Readers.h"

namespace gnnrt::data {
namespace {

using namespace testing_util;

/// Node 0 receives edges from 1..10; node 1 receives from 11 and 12.
GraphDataset star() {
  std::vector<int64_t> src, dst;
  for (int64_t i = 1; i <= 10; ++i) {
    src.push_back(i);
    dst.push_back(0);
  }
  src.insert(src.end(), {11, 12});
  dst.insert(dst.end(), {1, 1});
  GraphDataset ds = makeSingleGraph("star", 13, src, dst);
  ds.labelKind = LabelKind::kClass;
  ds.numClasses = 2;
  std::vector<int64_t> y(13, 0);
  y[0] = 1;
  ds.y = Tensor::fromI64({13}, y);
  return ds;
}

TEST(NeighborSamplerTest, FanInPerHopWithoutReplacement) {
  GraphDataset ds = star();
  NeighborSampler sampler(ds);
  Rng rng(1, 0);
  SampledSubgraph s = sampler.sample({0}, {3}, rng);
  EXPECT_EQ(s.numSeeds, 1);
  EXPECT_EQ(s.nodes.size(), 4u);
  EXPECT_EQ(s.nodes[0], 0);
  EXPECT_EQ(s.src.size(), 3u);
  std::set<int64_t> picked(s.nodes.begin() + 1, s.nodes.end());
  EXPECT_EQ(picked.size(), 3u); // distinct
  for (size_t e = 0; e < s.src.size(); ++e) {
    EXPECT_EQ(s.dst[e], 0);
    EXPECT_EQ(ds.src[s.edgeIds[e]], s.nodes[s.src[e]]);
    EXPECT_EQ(s.hop[s.src[e]], 1);
  }
  // -1 takes every neighbour; a second hop expands only the new nodes.
  Rng all(1, 0);
  SampledSubgraph t = sampler.sample({0}, {-1, -1}, all);
  EXPECT_EQ(t.nodes.size(), 13u);
  EXPECT_EQ(t.src.size(), 12u);
}

TEST(NeighborSamplerTest, TwoHopsOnAPath) {
  // 3 -> 2 -> 1 -> 0
  GraphDataset ds = makeSingleGraph("path", 4, {3, 2, 1}, {2, 1, 0});
  NeighborSampler sampler(ds);
  Rng rng(0, 0);
  SampledSubgraph s = sampler.sample({0}, {5, 5}, rng);
  EXPECT_EQ(s.nodes, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(s.hop, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(s.src, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(s.dst, (std::vector<int64_t>{0, 1}));
}

void checkNeighborBatch(const GraphDataset &ds, const Batch &b,
                        const FixedSizeOptions &o,
                        const std::vector<int64_t> &seeds, int64_t fanIn) {
  ASSERT_EQ(b.x.shape(), (Shape{o.numNodes, ds.numNodeFeatures()}));
  ASSERT_EQ(b.edgeIndex.shape(), (Shape{2, o.numEdges}));
  ASSERT_EQ(b.y.shape(), (Shape{o.numNodes}));
  ASSERT_EQ(b.graphsMask.shape(), (Shape{2}));
  ASSERT_EQ(b.numSeeds, static_cast<int64_t>(seeds.size()));
  absl::Span<const int64_t> nId = b.nId.data<int64_t>();
  for (size_t i = 0; i < seeds.size(); ++i)
    ASSERT_EQ(nId[i], seeds[i]) << "seeds come first, in order";
  for (int64_t i = 0; i < o.numNodes; ++i)
    ASSERT_EQ(b.nodesMask.data<uint8_t>()[i], i < b.realNodes);
  for (int64_t e = 0; e < o.numEdges; ++e)
    ASSERT_EQ(b.edgesMask.data<uint8_t>()[e], e < b.realEdges);
  absl::Span<const int64_t> ei = b.edgeIndex.data<int64_t>();
  absl::Span<const int64_t> batch = b.batch.data<int64_t>();
  std::map<int64_t, int64_t> fan;
  std::set<std::pair<int64_t, int64_t>> graphEdges;
  for (int64_t e = 0; e < ds.numEdges(); ++e)
    graphEdges.emplace(ds.src[e], ds.dst[e]);
  for (int64_t e = 0; e < o.numEdges; ++e) {
    int64_t s = ei[e], d = ei[o.numEdges + e];
    ASSERT_EQ(batch[s], batch[d]);
    if (e >= b.realEdges) {
      ASSERT_EQ(s, b.realNodes);
      continue;
    }
    ASSERT_LT(s, b.realNodes);
    ASSERT_LT(d, b.realNodes);
    ASSERT_TRUE(graphEdges.count({nId[s], nId[d]}))
        << "sampled edge " << nId[s] << " -> " << nId[d] << " is not real";
    fan[d]++;
  }
  for (auto [d, count] : fan)
    ASSERT_LE(count, fanIn);
  for (int64_t i = 0; i < b.realNodes; ++i)
    ASSERT_EQ(b.y.data<int64_t>()[i], ds.y.data<int64_t>()[nId[i]]);
}

bool sameBatch(const Batch &a, const Batch &b) {
  return a.x.allClose(b.x, 0, 0) && a.edgeIndex.allClose(b.edgeIndex, 0, 0) &&
         a.nId.allClose(b.nId, 0, 0) && a.y.allClose(b.y, 0, 0);
}

TEST(NeighborLoaderTest, PropertiesOnSyntheticCora) {
  GraphDataset ds = generateCitation({});
  NeighborLoaderOptions o;
  o.numNeighbors = {10, 5};
  o.batchSize = 16;
  o.shuffle = true;
  o.seed = 4;
  o.sampleLimit = 1000;
  ASSERT_OK_AND_ASSIGN(FixedSizeNeighborLoader loader,
                       FixedSizeNeighborLoader::create(ds, ds.trainIdx, o));
  EXPECT_EQ(loader.numBatches(), (140 + 15) / 16);
  EXPECT_EQ(loader.sizes().numGraphs, 2);
  for (int64_t epoch = 0; epoch < 2; ++epoch) {
    std::multiset<int64_t> seen;
    EpochStats stats;
    int64_t index = 0;
    ASSERT_TRUE(loader
                    .forEachBatch(
                        epoch,
                        [&](Batch &b) {
                          std::vector<int64_t> seeds =
                              loader.seeds(epoch, index++);
                          checkNeighborBatch(ds, b, loader.sizes(), seeds, 10);
                          seen.insert(seeds.begin(), seeds.end());
                          return absl::OkStatus();
                        },
                        &stats)
                    .ok());
    // Every training node is a seed exactly once per epoch.
    EXPECT_EQ(seen, std::multiset<int64_t>(ds.trainIdx.begin(),
                                           ds.trainIdx.end()));
    // from_loader sizes fit every batch of epoch 0 without trimming.
    if (epoch == 0) {
      EXPECT_EQ(stats.trimmedNodes, 0);
      EXPECT_EQ(stats.trimmedEdges, 0);
    }
  }
  // Reproducible: the same seed gives the same batch, with or without
  // prefetching; another seed gives another.
  ASSERT_OK_AND_ASSIGN(Batch a, loader.batch(1, 3));
  ASSERT_OK_AND_ASSIGN(Batch again, loader.batch(1, 3));
  EXPECT_TRUE(sameBatch(a, again));
  NeighborLoaderOptions p = o;
  p.prefetch = 3;
  ASSERT_OK_AND_ASSIGN(FixedSizeNeighborLoader prefetching,
                       FixedSizeNeighborLoader::create(ds, ds.trainIdx, p,
                                                       loader.sizes()));
  int64_t k = 0;
  ASSERT_TRUE(prefetching
                  .forEachBatch(1,
                                [&](Batch &b) {
                                  if (k++ == 3)
                                    EXPECT_TRUE(sameBatch(a, b));
                                  return absl::OkStatus();
                                })
                  .ok());
  NeighborLoaderOptions other = o;
  other.seed = 5;
  ASSERT_OK_AND_ASSIGN(FixedSizeNeighborLoader different,
                       FixedSizeNeighborLoader::create(ds, ds.trainIdx, other,
                                                       loader.sizes()));
  ASSERT_OK_AND_ASSIGN(Batch c, different.batch(1, 3));
  EXPECT_FALSE(sameBatch(a, c));
}

TEST(NeighborLoaderTest, TrimmingKeepsSeedsAndDropsTheLastHopFirst) {
  GraphDataset ds = generateCitation({});
  NeighborLoaderOptions o;
  o.numNeighbors = {10, 10};
  o.batchSize = 8;
  FixedSizeOptions small;
  small.numNodes = 40;
  small.numEdges = 40;
  small.numGraphs = 2;
  ASSERT_OK_AND_ASSIGN(FixedSizeNeighborLoader loader,
                       FixedSizeNeighborLoader::create(ds, ds.trainIdx, o,
                                                       small));
  EpochStats stats;
  int64_t index = 0;
  ASSERT_TRUE(loader
                  .forEachBatch(
                      0,
                      [&](Batch &b) {
                        std::vector<int64_t> seeds = loader.seeds(0, index);
                        SampledSubgraph full = loader.sample(0, index++);
                        checkNeighborBatch(ds, b, small, seeds, 10);
                        // Hop-2 nodes go before any hop-1 node.
                        int64_t hop1 = 0, kept1 = 0;
                        std::set<int64_t> kept(b.nId.data<int64_t>().begin(),
                                               b.nId.data<int64_t>().begin() +
                                                   b.realNodes);
                        for (size_t i = 0; i < full.nodes.size(); ++i)
                          if (full.hop[i] == 1) {
                            ++hop1;
                            kept1 += kept.count(full.nodes[i]);
                          }
                        if (b.trimmedNodes > 0 &&
                            b.realNodes >= b.numSeeds + hop1)
                          EXPECT_EQ(kept1, hop1);
                        return absl::OkStatus();
                      },
                      &stats)
                  .ok());
  EXPECT_GT(stats.trimmedNodes, 0);
  EXPECT_GT(stats.trimmedEdges, 0);
  // Without trimming the same batches are an error that names the fix.
  o.overSize = OverSizeStrategy::kError;
  ASSERT_OK_AND_ASSIGN(FixedSizeNeighborLoader strict,
                       FixedSizeNeighborLoader::create(ds, ds.trainIdx, o,
                                                       small));
  absl::StatusOr<Batch> b = strict.batch(0, 0);
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(std::string(b.status().message()), ::testing::HasSubstr("fix:"));
}

TEST(NeighborLoaderTest, RejectsBadOptions) {
  GraphDataset ds = star();
  NeighborLoaderOptions o;
  o.overSize = OverSizeStrategy::kSkip;
  EXPECT_FALSE(FixedSizeNeighborLoader::create(ds, {}, o).ok());
  o = NeighborLoaderOptions();
  EXPECT_FALSE(FixedSizeNeighborLoader::create(ds, {0, 0}, o).ok());
  EXPECT_FALSE(FixedSizeNeighborLoader::create(ds, {13}, o).ok());
  o.numNeighbors.clear();
  EXPECT_FALSE(FixedSizeNeighborLoader::create(ds, {}, o).ok());
  GraphDataset many = generateMolecules({});
  EXPECT_FALSE(FixedSizeNeighborLoader::create(many, {}, {}).ok());
}

//===----------------------------------------------------------------------===//
// Heterogeneous
//===----------------------------------------------------------------------===//

void checkHeteroBatch(const HeteroGraph &g, const HeteroBatch &b,
                      const HeteroFixedSizeOptions &sizes,
                      const std::vector<int64_t> &seeds) {
  ASSERT_EQ(b.nodes.size(), g.nodeTypes.size());
  ASSERT_EQ(b.edges.size(), g.edgeTypes.size());
  for (size_t t = 0; t < g.nodeTypes.size(); ++t) {
    const HeteroBatch::Nodes &n = b.nodes[t];
    ASSERT_EQ(n.slots, sizes.numNodes[t]);
    ASSERT_EQ(n.x.shape(), (Shape{n.slots, g.nodeTypes[t].x.dim(1)}));
    ASSERT_LT(n.real, n.slots);
    for (int64_t i = 0; i < n.slots; ++i) {
      ASSERT_EQ(n.nodesMask.data<uint8_t>()[i], i < n.real);
      ASSERT_EQ(n.batch.data<int64_t>()[i], i < n.real ? 0 : 1);
    }
    ASSERT_TRUE(n.ptr.allClose(I64({3}, {0, n.real, n.slots})));
  }
  const HeteroBatch::Nodes &input = b.nodes[b.inputType];
  for (size_t i = 0; i < seeds.size(); ++i)
    ASSERT_EQ(input.nId.data<int64_t>()[i], seeds[i]);
  for (size_t et = 0; et < g.edgeTypes.size(); ++et) {
    const EdgeType &type = g.edgeTypes[et];
    const HeteroBatch::Edges &e = b.edges[et];
    const HeteroBatch::Nodes &s = b.nodes[g.nodeTypeIndex(type.src)];
    const HeteroBatch::Nodes &d = b.nodes[g.nodeTypeIndex(type.dst)];
    ASSERT_EQ(e.slots, sizes.numEdges[et]);
    ASSERT_LT(e.real, e.slots);
    absl::Span<const int64_t> ei = e.edgeIndex.data<int64_t>();
    for (int64_t k = 0; k < e.slots; ++k) {
      ASSERT_EQ(e.edgesMask.data<uint8_t>()[k], k < e.real);
      int64_t a = ei[k], c = ei[e.slots + k];
      if (k >= e.real) {
        ASSERT_EQ(a, s.real); // padding joins padding nodes only
        ASSERT_EQ(c, d.real);
        continue;
      }
      ASSERT_LT(a, s.real);
      ASSERT_LT(c, d.real);
      int64_t id = e.eId.data<int64_t>()[k];
      ASSERT_EQ(type.srcIdx[id], s.nId.data<int64_t>()[a]);
      ASSERT_EQ(type.dstIdx[id], d.nId.data<int64_t>()[c]);
    }
  }
  ASSERT_TRUE(b.graphsMask.allClose(B({2}, {true, false})));
}

TEST(HeteroNeighborLoaderTest, SyntheticPerTypeSizesFromLoader) {
  HeteroOptions ho;
  ho.numMovies = 500;
  ho.numDirectors = 200;
  ho.numActors = 600;
  ho.numFeatures = 32;
  HeteroGraph g = generateHetero(ho);
  NeighborLoaderOptions o;
  o.batchSize = 5;
  o.seed = 2;
  const std::vector<int64_t> &train = g.nodeTypes[0].trainIdx;
  ASSERT_OK_AND_ASSIGN(
      FixedSizeHeteroNeighborLoader loader,
      FixedSizeHeteroNeighborLoader::create(g, "movie", train, o));
  const HeteroFixedSizeOptions &sizes = loader.sizes();
  ASSERT_EQ(sizes.numNodes.size(), 3u);
  ASSERT_EQ(sizes.numEdges.size(), 4u);
  // One director per movie: a hop-1 batch of 5 movies has <= 5 directors.
  EXPECT_LE(sizes.numNodes[1], 1 + 5 + 5 * 3 * 5);
  HeteroEpochStats stats;
  int64_t index = 0;
  ASSERT_TRUE(loader
                  .forEachBatch(
                      0,
                      [&](HeteroBatch &b) {
                        checkHeteroBatch(g, b, sizes, loader.seeds(0, index++));
                        return absl::OkStatus();
                      },
                      &stats)
                  .ok());
  EXPECT_EQ(stats.trimmedNodes, 0);
  EXPECT_EQ(stats.batches, loader.numBatches());
  // Reproducible.
  ASSERT_OK_AND_ASSIGN(HeteroBatch a, loader.batch(0, 2));
  ASSERT_OK_AND_ASSIGN(HeteroBatch b, loader.batch(0, 2));
  for (size_t t = 0; t < 3; ++t)
    EXPECT_TRUE(a.nodes[t].nId.allClose(b.nodes[t].nId, 0, 0));
}

TEST(HeteroNeighborLoaderTest, UniformSizesTrimAsInSeed003) {
  HeteroOptions ho;
  ho.numMovies = 400;
  ho.numDirectors = 100;
  ho.numActors = 300;
  ho.numFeatures = 16;
  HeteroGraph g = generateHetero(ho);
  NeighborLoaderOptions o;
  o.batchSize = 20;
  HeteroFixedSizeOptions uniform;
  uniform.numNodes.assign(3, 30);
  uniform.numEdges.assign(4, 30);
  ASSERT_OK_AND_ASSIGN(FixedSizeHeteroNeighborLoader loader,
                       FixedSizeHeteroNeighborLoader::create(g, "movie", {}, o,
                                                             uniform));
  HeteroEpochStats stats;
  int64_t index = 0;
  ASSERT_TRUE(loader
                  .forEachBatch(
                      0,
                      [&](HeteroBatch &b) {
                        checkHeteroBatch(g, b, uniform,
                                         loader.seeds(0, index++));
                        return absl::OkStatus();
                      },
                      &stats)
                  .ok());
  EXPECT_GT(stats.trimmedNodes, 0);
  EXPECT_GT(stats.trimmedEdges, 0);
  EXPECT_FALSE(
      FixedSizeHeteroNeighborLoader::create(g, "studio", {}, o).ok());
}

TEST(HeteroNeighborLoaderTest, ImdbAsInSeed003) {
  REQUIRE_DATASET(dir, "imdb");
  ASSERT_OK_AND_ASSIGN(HeteroGraph g, readImdb(dir));
  NeighborLoaderOptions o;
  o.numNeighbors = {5, 5};
  o.batchSize = 5;
  ASSERT_OK_AND_ASSIGN(FixedSizeHeteroNeighborLoader loader,
                       FixedSizeHeteroNeighborLoader::create(
                           g, "movie", g.nodeTypes[0].trainIdx, o));
  EXPECT_EQ(loader.numBatches(), 80);
  const HeteroFixedSizeOptions &s = loader.sizes();
  std::printf("IMDB from_loader sizes: %s\n", s.toString(g).c_str());
  // Hop 1 reaches one director per seed movie, hop 2 comes back to movies:
  // at most 5 directors (+1 padding), 5 x 5 actors (+1).
  EXPECT_LE(s.numNodes[1], 6);
  EXPECT_LE(s.numNodes[2], 26);
  EXPECT_EQ(s.numEdges[2], 6); // director -> movie: exactly one per seed
  HeteroEpochStats stats;
  int64_t index = 0;
  ASSERT_TRUE(loader
                  .forEachBatch(
                      0,
                      [&](HeteroBatch &b) {
                        checkHeteroBatch(g, b, s, loader.seeds(0, index++));
                        return absl::OkStatus();
                      },
                      &stats)
                  .ok());
  EXPECT_EQ(stats.trimmedNodes, 0);
  std::printf("IMDB hetero neighbour loader: node efficiency %.2f%%, edge "
              "%.2f%%\n",
              stats.nodeEfficiency() * 100, stats.edgeEfficiency() * 100);
}

} // namespace
} // namespace gnnrt::data
