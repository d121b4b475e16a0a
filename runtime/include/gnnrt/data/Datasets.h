//===- Datasets.h - Datasets by name: generators and real folders ----------===//
//
// One spec string names any dataset the pipeline can produce:
//
//   synthetic-cora[:N]          citation-like SBM graph (N nodes, default 2708)
//   synthetic-molecules[:G]     G molecule-like graphs (default 1000)
//   synthetic-hetero            IMDB-like heterogeneous graph
//   random:N[:DEG]              uniform random graph, N nodes, DEG edges/node
//   cora, citeseer, pubmed      Planetoid text under DIR/<name>/planetoid
//   cora-linqs                  LINQS Cora under DIR/cora/linqs
//   mutag, qm9                  TUDataset text under DIR/mutag, DIR/qm9_subset
//   imdb                        IMDB heterogeneous text under DIR/imdb
//   planetoid:PATH[:NAME]  linqs:PATH  tu:PATH[:PREFIX]  imdb:PATH  csv:PATH
//
// DIR is the datasets folder (shared/datasets beside the checkout).
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_DATASETS_H
#define GNNRT_DATA_DATASETS_H

#include <string>

#include "absl/status/statusor.h"
#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

struct LoadedDataset {
  bool hetero = false;
  GraphDataset graphs;    // when !hetero
  HeteroGraph heteroGraph; // when hetero
};

/// Loads `spec`; generators draw from `seed`. Real-data names need
/// `datasetDir`.
absl::StatusOr<LoadedDataset> loadDataset(const std::string &spec,
                                          const std::string &datasetDir,
                                          uint64_t seed = 0);

/// The spec grammar above, for --help texts.
const char *datasetSpecHelp();

} // namespace gnnrt::data

#endif // GNNRT_DATA_DATASETS_H
