//===- FixedSize.h - Fixed-size batches: padding, masks, the null graph ---===//
//
// An IPU program is compiled for fixed tensor shapes, so every batch has the
// same number of node, edge and graph slots. Real graphs fill the first slots
// (PyG's diagonal batching); what is left is padding that belongs to one or
// more "null graphs" at the end:
//
//   * at least one node, one edge and one graph slot are always padding, so
//     a batch holds at most numNodes-1 real nodes, numEdges-1 real edges and
//     numGraphs-1 real graphs;
//   * padding nodes are split evenly over the padding graphs (the first ones
//     get one more), and every padding edge is a self loop on the first
//     padding node, so no edge ever joins a real node;
//   * nodes_mask, edges_mask and graphs_mask are true exactly on real items
//     (a prefix of each), batch maps nodes to graph slots, ptr holds the
//     slots' node offsets.
//
// Batches whose real content exceeds the slots are handled by an
// OverSizeStrategy; trimming removes random nodes/edges (seeded) but keeps
// at least one node and one edge of every real graph and never the
// protected nodes (the seeds of a neighbour batch).
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_FIXEDSIZE_H
#define GNNRT_DATA_FIXEDSIZE_H

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/data/Graph.h"
#include "gnnrt/data/Rng.h"

namespace gnnrt::data {

/// How graphs are grouped into batches.
enum class FixedSizeStrategy {
  kPadToMax,   // numGraphs-1 real graphs per batch, in order, plus padding
  kStreamPack, // PopTorch Geometric's StreamPack: online next-fit packing
  kPack,       // our offline packer: fewest batches under the limits
};

/// What happens when a batch's real content exceeds its slots.
enum class OverSizeStrategy {
  kError,             // the loader fails, naming the batch and its sizes
  kSkip,              // graphs that do not fit are dropped, and counted
  kTrimNodes,         // random nodes (and their edges) are removed
  kTrimEdges,         // random edges are removed
  kTrimNodesAndEdges, // both
};

const char *strategyName(FixedSizeStrategy strategy);
const char *overSizeName(OverSizeStrategy strategy);
/// "pad-to-max", "stream-pack", "pack".
absl::StatusOr<FixedSizeStrategy> parseStrategy(absl::string_view name);
/// "error", "skip", "trim-nodes", "trim-edges", "trim" (both).
absl::StatusOr<OverSizeStrategy> parseOverSize(absl::string_view name);

struct FixedSizeOptions {
  /// Slots per batch, padding included.
  int64_t numNodes = 0;
  int64_t numEdges = 0;
  int64_t numGraphs = 2;
  /// Values of padding node features, edge features and graph labels.
  float nodePadValue = 0.0f;
  float edgePadValue = 0.0f;
  float graphPadValue = 0.0f;

  /// numGraphs >= 2, numNodes >= 1, numEdges >= 1.
  absl::Status check() const;
  std::string toString() const;

  /// PopTorch Geometric's from_dataset: with the largest graph of `ids`
  /// (all graphs when empty) having N nodes and E edges, numNodes =
  /// N * (batchSize - 1) + 1, numEdges = E * (batchSize - 1) + 1,
  /// numGraphs = batchSize: batchSize - 1 worst-case graphs always fit.
  static absl::StatusOr<FixedSizeOptions>
  fromDataset(const GraphDataset &ds, absl::Span<const int64_t> ids,
              int64_t batchSize);

  /// PopTorch Geometric's from_loader for a plain (dynamic-shape) loader of
  /// `batchSize` graphs per batch over `ids` in order (all graphs when
  /// empty): the largest node, edge and graph counts of its first
  /// `sampleLimit` batches, plus one each for padding. Approximate, as in
  /// PopTorch: later batches may be larger (then trim or skip).
  static absl::StatusOr<FixedSizeOptions>
  fromLoader(const GraphDataset &ds, absl::Span<const int64_t> ids,
             int64_t batchSize, int64_t sampleLimit = 1000);
};

/// One fixed-size batch. Shapes depend only on the FixedSizeOptions (and the
/// dataset's feature widths), never on the graphs inside.
struct Batch {
  int64_t numNodes = 0, numEdges = 0, numGraphs = 0; // slots
  int64_t realNodes = 0, realEdges = 0, realGraphs = 0;
  Tensor x;          // f32 [numNodes, F]
  Tensor edgeIndex;  // i64 [2, numEdges]
  Tensor edgeAttr;   // f32 [numEdges, FE]
  /// Graph labels: i64 [numGraphs] or f32 [numGraphs, T]; node labels (node
  /// tasks): i64 [numNodes] or f32 [numNodes, T]; empty without labels.
  Tensor y;
  Tensor batch;      // i64 [numNodes]: graph slot of each node
  Tensor ptr;        // i64 [numGraphs + 1]
  Tensor nodesMask;  // i1 [numNodes]
  Tensor edgesMask;  // i1 [numEdges]
  Tensor graphsMask; // i1 [numGraphs]
  /// i64 [numNodes]: dataset node id of each real node (0 for padding).
  Tensor nId;
  /// Node tasks: the first `numSeeds` nodes are the seed (input) nodes.
  int64_t numSeeds = 0;
  /// Node tasks with splits: i1 [numNodes] each (false on padding).
  Tensor trainMask, valMask, testMask;
  /// Dataset graph ids of the real graphs, slot by slot.
  std::vector<int64_t> graphIds;
  int64_t trimmedNodes = 0, trimmedEdges = 0;
};

/// Real batch content before padding: dataset node ids, their graph slots,
/// batch-local edges with their dataset edge ids, and the graphs' dataset
/// ids. Node priority orders trimming: higher goes first, < 0 is protected.
struct RawBatch {
  std::vector<int64_t> nodes;
  std::vector<int64_t> nodeSlot;
  std::vector<int64_t> nodePriority;
  std::vector<int64_t> src, dst;
  std::vector<int64_t> edges;
  std::vector<int64_t> graphs;
  int64_t numSeeds = 0;
};

/// The real content of graphs `ids` of `ds` (diagonal batching); the first
/// node of every graph is protected from trimming.
RawBatch gatherGraphs(const GraphDataset &ds, absl::Span<const int64_t> ids);

/// Applies `overSize` so that `raw` fits maxNodes / maxEdges real items
/// (slots - 1). kError and kSkip fail on an over-size batch (a planner skips
/// graphs before collation); trimming draws from `rng`.
absl::Status fitToSlots(RawBatch &raw, int64_t maxNodes, int64_t maxEdges,
                        OverSizeStrategy overSize, Rng &rng,
                        int64_t &trimmedNodes, int64_t &trimmedEdges);

/// Pads `raw` (which must fit) into a Batch of `sizes`; features and labels
/// come from `ds` (node labels for node-level datasets, graph labels
/// otherwise).
absl::StatusOr<Batch> materialize(const GraphDataset &ds, const RawBatch &raw,
                                  const FixedSizeOptions &sizes);

/// gatherGraphs + fitToSlots + materialize.
absl::StatusOr<Batch> collateGraphs(const GraphDataset &ds,
                                    absl::Span<const int64_t> ids,
                                    const FixedSizeOptions &sizes,
                                    OverSizeStrategy overSize, Rng &rng);

/// The full-batch case of a node task: the whole (one-graph) dataset as one
/// batch with its split masks. With `sizes` it is padded into them (the null
/// graph takes the padding, over-size is an error); without, the slots are
/// exactly the real counts and numGraphs is 1 (no padding at all).
absl::StatusOr<Batch> fullBatch(const GraphDataset &ds,
                                const FixedSizeOptions *sizes = nullptr);

} // namespace gnnrt::data

#endif // GNNRT_DATA_FIXEDSIZE_H
