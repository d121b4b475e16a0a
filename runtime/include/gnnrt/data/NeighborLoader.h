//===- NeighborLoader.h - Fixed-size neighbour sampling on one large graph ===//
//
// Node tasks on one large graph (PyG NeighborLoader + PopTorch Geometric's
// FixedSizeNeighborLoader). A batch starts from `batchSize` seed nodes; hop h
// adds, for every node reached at hop h-1, up to numNeighbors[h] of its
// incoming edges drawn without replacement (all of them when it has fewer,
// or when the count is negative), and their source nodes. Nodes are listed
// in discovery order with the seeds first, so a loss reads the first
// numSeeds rows. The subgraph is then padded to fixed sizes (one real graph
// plus the null graph); over-size batches are trimmed by default, dropping
// nodes of the last hop first and never a seed.
//
// Every draw of batch b of epoch e reads Rng(seed, (kNeighbors, e, b)), so a
// batch is reproducible on its own, with or without prefetching.
//
// The heterogeneous loader applies numNeighbors to every edge type, with
// fixed sizes per node type and per edge type.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_NEIGHBORLOADER_H
#define GNNRT_DATA_NEIGHBORLOADER_H

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Graph.h"
#include "gnnrt/data/Loader.h"

namespace gnnrt::data {

struct NeighborLoaderOptions {
  std::vector<int64_t> numNeighbors = {5, 5};
  /// Seed nodes per batch.
  int64_t batchSize = 5;
  bool shuffle = false;
  uint64_t seed = 0;
  /// kError, kTrimNodes, kTrimEdges or kTrimNodesAndEdges (kSkip does not
  /// apply: a seed batch is never dropped).
  OverSizeStrategy overSize = OverSizeStrategy::kTrimNodesAndEdges;
  int64_t prefetch = 0;
  /// Batches FixedSizeOptions::fromLoader looks at (PopTorch: 1000).
  int64_t sampleLimit = 1000;
};

/// A sampled subgraph before padding.
struct SampledSubgraph {
  std::vector<int64_t> nodes; // dataset node ids, seeds first
  std::vector<int64_t> hop;   // 0 for seeds
  std::vector<int64_t> src, dst;
  std::vector<int64_t> edgeIds; // dataset edge ids
  int64_t numSeeds = 0;
};

/// Incoming-edge lists of a one-graph dataset.
class NeighborSampler {
public:
  explicit NeighborSampler(const GraphDataset &ds);
  SampledSubgraph sample(absl::Span<const int64_t> seeds,
                         absl::Span<const int64_t> numNeighbors,
                         Rng &rng) const;

private:
  int64_t numNodes_;
  std::vector<int64_t> inPtr_, inEdges_, src_;
};

class FixedSizeNeighborLoader {
public:
  /// `inputNodes` empty: every node. Without `sizes`, they come from
  /// fromLoader (the largest of the first sampleLimit batches + 1).
  static absl::StatusOr<FixedSizeNeighborLoader>
  create(const GraphDataset &ds, std::vector<int64_t> inputNodes,
         NeighborLoaderOptions options,
         std::optional<FixedSizeOptions> sizes = std::nullopt);

  const FixedSizeOptions &sizes() const { return sizes_; }
  const NeighborLoaderOptions &options() const { return options_; }
  int64_t numBatches() const;
  /// The seeds of batch `index` of `epoch`.
  std::vector<int64_t> seeds(int64_t epoch, int64_t index) const;
  SampledSubgraph sample(int64_t epoch, int64_t index) const;
  absl::StatusOr<Batch> batch(int64_t epoch, int64_t index) const;
  absl::Status forEachBatch(int64_t epoch,
                            const std::function<absl::Status(Batch &)> &consume,
                            EpochStats *stats = nullptr) const;

private:
  FixedSizeNeighborLoader(const GraphDataset &ds, std::vector<int64_t> input,
                          NeighborLoaderOptions options)
      : ds_(&ds), input_(std::move(input)), options_(std::move(options)),
        sampler_(ds) {}

  const GraphDataset *ds_;
  std::vector<int64_t> input_;
  NeighborLoaderOptions options_;
  NeighborSampler sampler_;
  FixedSizeOptions sizes_;
};

//===----------------------------------------------------------------------===//
// Heterogeneous graphs
//===----------------------------------------------------------------------===//

/// Slots per node type and per edge type (in the graph's type order).
struct HeteroFixedSizeOptions {
  std::vector<int64_t> numNodes;
  std::vector<int64_t> numEdges;
  int64_t numGraphs = 2;
  float nodePadValue = 0.0f;
  float graphPadValue = 0.0f;

  std::string toString(const HeteroGraph &graph) const;
};

struct HeteroSample {
  std::vector<std::vector<int64_t>> nodes, hop;       // per node type
  std::vector<std::vector<int64_t>> src, dst, edgeIds; // per edge type
  int64_t inputType = 0;
  int64_t numSeeds = 0;
};

struct HeteroBatch {
  struct Nodes {
    int64_t slots = 0, real = 0;
    Tensor x;         // f32 [slots, F]
    Tensor y;         // i64 [slots] for labelled types
    Tensor nId;       // i64 [slots] (0 for padding)
    Tensor batch;     // i64 [slots]: 0 real, 1 padding
    Tensor ptr;       // i64 [3]
    Tensor nodesMask; // i1 [slots]
  };
  struct Edges {
    int64_t slots = 0, real = 0;
    Tensor edgeIndex; // i64 [2, slots]; padding joins the padding nodes
    Tensor eId;       // i64 [slots] (0 for padding)
    Tensor edgesMask; // i1 [slots]
  };
  std::vector<Nodes> nodes;
  std::vector<Edges> edges;
  Tensor graphsMask; // i1 [numGraphs]
  int64_t inputType = 0;
  int64_t numSeeds = 0;
  int64_t trimmedNodes = 0, trimmedEdges = 0;
};

class HeteroNeighborSampler {
public:
  explicit HeteroNeighborSampler(const HeteroGraph &graph);
  HeteroSample sample(int64_t inputType, absl::Span<const int64_t> seeds,
                      absl::Span<const int64_t> numNeighbors, Rng &rng) const;

private:
  const HeteroGraph *graph_;
  std::vector<int64_t> srcType_, dstType_;
  std::vector<std::vector<int64_t>> inPtr_, inEdges_;
};

/// Real / slot counts of one heterogeneous epoch, per type.
struct HeteroEpochStats {
  int64_t batches = 0;
  std::vector<int64_t> nodeSlots, edgeSlots, realNodes, realEdges;
  int64_t trimmedNodes = 0, trimmedEdges = 0;
  void add(const HeteroBatch &b);
  double nodeEfficiency() const; // all types together
  double edgeEfficiency() const;
};

class FixedSizeHeteroNeighborLoader {
public:
  static absl::StatusOr<FixedSizeHeteroNeighborLoader>
  create(const HeteroGraph &graph, const std::string &inputType,
         std::vector<int64_t> inputNodes, NeighborLoaderOptions options,
         std::optional<HeteroFixedSizeOptions> sizes = std::nullopt);

  const HeteroFixedSizeOptions &sizes() const { return sizes_; }
  int64_t numBatches() const;
  std::vector<int64_t> seeds(int64_t epoch, int64_t index) const;
  HeteroSample sample(int64_t epoch, int64_t index) const;
  absl::StatusOr<HeteroBatch> batch(int64_t epoch, int64_t index) const;
  absl::Status
  forEachBatch(int64_t epoch,
               const std::function<absl::Status(HeteroBatch &)> &consume,
               HeteroEpochStats *stats = nullptr) const;

private:
  FixedSizeHeteroNeighborLoader(const HeteroGraph &graph, int64_t inputType,
                                std::vector<int64_t> input,
                                NeighborLoaderOptions options)
      : graph_(&graph), inputType_(inputType), input_(std::move(input)),
        options_(std::move(options)), sampler_(graph) {}

  const HeteroGraph *graph_;
  int64_t inputType_;
  std::vector<int64_t> input_;
  NeighborLoaderOptions options_;
  HeteroNeighborSampler sampler_;
  HeteroFixedSizeOptions sizes_;
};

} // namespace gnnrt::data

#endif // GNNRT_DATA_NEIGHBORLOADER_H
