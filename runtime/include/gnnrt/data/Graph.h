//===- Graph.h - Graph datasets held in memory ------------------------------===//
//
// A GraphDataset holds either one large graph (node tasks: Cora, PubMed, a
// random 1M-node graph) or many small graphs stored back to back (graph tasks:
// MUTAG, QM9), as PyTorch Geometric's InMemoryDataset does: graph g owns the
// nodes [nodePtr[g], nodePtr[g+1]) and the edges [edgePtr[g], edgePtr[g+1]),
// and edge endpoints are numbered locally within their graph. A HeteroGraph
// holds one graph with several node and edge types (IMDB).
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_GRAPH_H
#define GNNRT_DATA_GRAPH_H

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gnnrt/Tensor.h"

namespace gnnrt::data {

/// What a dataset's labels are.
enum class LabelKind {
  kNone,       // no labels
  kClass,      // y: i64 [L], class ids in [0, numClasses)
  kRegression, // y: f32 [L, numTargets]
};

/// Whether there is one label per node or one per graph (L above).
enum class LabelLevel { kNode, kGraph };

const char *labelKindName(LabelKind kind);

struct GraphDataset {
  std::string name;
  /// Prefix sums of node and edge counts per graph (size numGraphs() + 1).
  std::vector<int64_t> nodePtr = {0};
  std::vector<int64_t> edgePtr = {0};
  /// Edge endpoints, local to the edge's graph (0-based).
  std::vector<int64_t> src;
  std::vector<int64_t> dst;
  /// f32 [numNodes, F]; F may be 0.
  Tensor x = Tensor(DType::kF32, {0, 0});
  /// f32 [numEdges, FE]; FE = 0 when edges carry no features.
  Tensor edgeAttr = Tensor(DType::kF32, {0, 0});
  LabelKind labelKind = LabelKind::kNone;
  LabelLevel labelLevel = LabelLevel::kGraph;
  /// See LabelKind; empty for kNone.
  Tensor y;
  /// kClass: number of classes (labels lie in [0, numClasses)).
  int64_t numClasses = 0;
  /// Splits: node ids for node-level labels, graph ids for graph-level ones.
  std::vector<int64_t> trainIdx, valIdx, testIdx;

  int64_t numGraphs() const {
    return static_cast<int64_t>(nodePtr.size()) - 1;
  }
  int64_t numNodes() const { return nodePtr.back(); }
  int64_t numEdges() const { return edgePtr.back(); }
  int64_t numNodeFeatures() const { return x.rank() == 2 ? x.dim(1) : 0; }
  int64_t numEdgeFeatures() const {
    return edgeAttr.rank() == 2 ? edgeAttr.dim(1) : 0;
  }
  int64_t numTargets() const {
    return labelKind == LabelKind::kRegression && y.rank() == 2 ? y.dim(1) : 0;
  }
  int64_t graphNumNodes(int64_t g) const {
    return nodePtr[g + 1] - nodePtr[g];
  }
  int64_t graphNumEdges(int64_t g) const {
    return edgePtr[g + 1] - edgePtr[g];
  }
};

/// Checks every invariant above: prefix sums start at 0 and never decrease,
/// edge endpoints lie inside their graph, tensors have the documented dtypes
/// and shapes, features are finite, class labels lie in range, split ids are
/// in range and unique. The error names the dataset and the first offending
/// item.
absl::Status validate(const GraphDataset &ds);

/// Builds a one-graph dataset from an edge list over nodes 0..numNodes-1.
/// `x` may be empty (then F = 0).
GraphDataset makeSingleGraph(std::string name, int64_t numNodes,
                             std::vector<int64_t> src,
                             std::vector<int64_t> dst, Tensor x = Tensor());

//===----------------------------------------------------------------------===//
// Heterogeneous graphs
//===----------------------------------------------------------------------===//

struct NodeType {
  std::string name;
  int64_t numNodes = 0;
  /// f32 [numNodes, F]; F may be 0.
  Tensor x = Tensor(DType::kF32, {0, 0});
  LabelKind labelKind = LabelKind::kNone;
  Tensor y;
  int64_t numClasses = 0;
  std::vector<int64_t> trainIdx, valIdx, testIdx;
};

struct EdgeType {
  std::string src, rel, dst;
  /// Endpoints: indices into the src and dst node types.
  std::vector<int64_t> srcIdx, dstIdx;

  int64_t numEdges() const { return static_cast<int64_t>(srcIdx.size()); }
  /// "src__rel__dst", PyG's key for the type.
  std::string key() const { return src + "__" + rel + "__" + dst; }
};

struct HeteroGraph {
  std::string name;
  std::vector<NodeType> nodeTypes;
  std::vector<EdgeType> edgeTypes;

  /// Index of the node type named `name`, or -1.
  int64_t nodeTypeIndex(absl::string_view name) const;
  /// Index of the edge type whose key() or "src,rel,dst" is `key`, or -1.
  int64_t edgeTypeIndex(absl::string_view key) const;
  int64_t totalNodes() const;
  int64_t totalEdges() const;
};

/// The heterogeneous counterpart of validate(GraphDataset).
absl::Status validate(const HeteroGraph &graph);

} // namespace gnnrt::data

#endif // GNNRT_DATA_GRAPH_H
