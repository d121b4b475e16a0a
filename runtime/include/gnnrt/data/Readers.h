//===- Readers.h - Dataset readers for the text formats in shared/datasets ===//
//
// Each reader checks everything it reads (header counts against line counts,
// ids in range, labels in range, finite numbers, ragged lines) and reports the
// first problem as "path:line: what is wrong; fix: how to fix it". A reader
// never crashes on bad input. The result passes data::validate().
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_READERS_H
#define GNNRT_DATA_READERS_H

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

/// Planetoid text (shared/datasets/{cora,citeseer,pubmed}/planetoid):
/// NAME.features.txt (optional; sparse COO "node feature value" after a
/// "N F nnz" header), NAME.labels.txt ("N C", one class per line),
/// NAME.edges.txt ("N E", "src dst" lines) and NAME.{train,val,test}_idx.txt
/// ("count", one node per line). `name` "" picks the only *.labels.txt in
/// `dir`. One graph with node-level class labels and the public split.
absl::StatusOr<GraphDataset> readPlanetoid(const std::string &dir,
                                           std::string name = "");

/// LINQS Cora (cora.content: "paper_id <F values> class_name", tab-separated;
/// cora.cites: "cited_id citing_id"). Citations become edges in both
/// directions, duplicates and self-citations are dropped and edges are sorted
/// by (src, dst). Class ids follow the sorted class names. No split.
absl::StatusOr<GraphDataset> readLinqsCora(const std::string &dir);

/// Which node features a TUDataset reader builds.
enum class TUNodeFeatures {
  kAuto,         // node attributes when present, else one-hot node labels
  kLabelsOneHot, // one-hot of DS_node_labels.txt
  kAttributes,   // DS_node_attributes.txt
  kBoth,         // attributes followed by one-hot labels (PyG's TUDataset)
};

/// TUDataset text (DS_A.txt, DS_graph_indicator.txt and optional
/// DS_graph_labels.txt, DS_node_labels.txt, DS_node_attributes.txt,
/// DS_edge_labels.txt, DS_edge_attributes.txt, DS_graph_attributes.txt;
/// comma-separated, 1-based ids). `prefix` "" detects DS from the only
/// *_A.txt in `dir`. Edge features are the edge attributes followed by the
/// one-hot edge labels. Graph labels become class ids 0..k-1 in sorted order
/// of their values (MUTAG: -1 -> 0, 1 -> 1); without graph labels the graph
/// attributes become regression targets. Edges are sorted by (src, dst)
/// within each graph, as PyG's coalesce does.
absl::StatusOr<GraphDataset>
readTUDataset(const std::string &dir, std::string prefix = "",
              TUNodeFeatures features = TUNodeFeatures::kAuto);

/// The IMDB heterogeneous text files (imdb.<type>.features.txt for movie,
/// director and actor; imdb.movie.labels.txt; imdb.movie.*_idx.txt;
/// imdb.<src>__<dst>.edges.txt with a "num_src num_dst num_edges" header).
/// Edge types are named (src, "to", dst) as in PyG.
absl::StatusOr<HeteroGraph> readImdb(const std::string &dir);

/// A generic graph in a folder: edges.csv ("src,dst" per line, 0-based; an
/// optional header line and '#' comment lines are skipped), optional
/// features.csv (one row of comma-separated floats per node, all rows the same
/// length; its row count is the node count), optional labels.csv (one class id
/// per node). Without features.csv the node count is 1 + the largest id.
absl::StatusOr<GraphDataset> readCsvGraph(const std::string &dir);

/// A list of ids, one per line ('#' comment lines and blank trailing lines
/// are ignored), each in [0, bound) and listed once: a graph order or a node
/// subset.
absl::StatusOr<std::vector<int64_t>> readIdList(const std::string &path,
                                                int64_t bound);

} // namespace gnnrt::data

#endif // GNNRT_DATA_READERS_H
