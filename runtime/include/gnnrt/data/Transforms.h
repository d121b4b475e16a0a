//===- Transforms.h - Dataset transforms ------------------------------------===//
//
// The PyG transforms the seeds use (NormalizeFeatures, AddSelfLoops,
// ToUndirected, RemoveIsolatedNodes, subgraph) plus graph selection and the
// Planetoid-style split. Transforms on a GraphDataset act on each graph.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_TRANSFORMS_H
#define GNNRT_DATA_TRANSFORMS_H

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

/// Divides every node feature row by its sum (rows summing to 0 are kept).
void normalizeFeatures(GraphDataset &ds);
void normalizeFeatures(HeteroGraph &graph);

/// Appends one self loop (i, i) per node after each graph's edges, whether
/// or not the node already had one (PyG AddSelfLoops); the loops' edge
/// features are `fill`. Cora: 10556 -> 13264 edges.
void addSelfLoops(GraphDataset &ds, float fill = 1.0f);

/// Adds the reverse of every edge and coalesces: edges sorted by (src, dst),
/// a repeated pair keeps the features of its first occurrence.
void toUndirected(GraphDataset &ds);

/// Removes nodes without an edge to another node (a node with only self
/// loops is isolated; its loops go too), renumbering the rest in order.
/// Node-level labels and splits follow; graphs keep their slots.
void removeIsolatedNodes(GraphDataset &ds);

/// The subgraph of a one-graph dataset induced by `nodes` (unique ids, new
/// node i = nodes[i]); node labels follow, split ids outside are dropped.
absl::StatusOr<GraphDataset> subgraph(const GraphDataset &ds,
                                      absl::Span<const int64_t> nodes);

/// Keeps `nodes` of the named types (others are kept whole) and the edges
/// whose both ends survive (PyG HeteroData.subgraph).
absl::StatusOr<HeteroGraph>
subgraph(const HeteroGraph &graph,
         const std::vector<std::pair<std::string, std::vector<int64_t>>>
             &nodesPerType);

/// Removes the nodes of every type that no edge of any type touches.
void removeIsolatedNodes(HeteroGraph &graph);

/// A graph dataset holding graphs `ids` of `ds` in that order (PyG
/// dataset[index]); graph labels follow, graph splits are remapped.
absl::StatusOr<GraphDataset> selectGraphs(const GraphDataset &ds,
                                          absl::Span<const int64_t> ids);

/// Planetoid's public split of a node-labelled one-graph dataset: the first
/// `perClass` nodes of each class (node order) train, the next `numVal`
/// other nodes validate, the last `numTest` nodes test (clamped so the three
/// stay disjoint).
void planetoidSplit(GraphDataset &ds, int64_t perClass = 20,
                    int64_t numVal = 500, int64_t numTest = 1000);

} // namespace gnnrt::data

#endif // GNNRT_DATA_TRANSFORMS_H
