//===- Summary.h - Dataset statistics ---------------------------------------===//
//
// The per-graph node and edge count statistics that PyG's Summary prints and
// that sizing decisions start from: mean, standard deviation (n - 1
// denominator), min, quartiles by linear interpolation, the lower median, max.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_SUMMARY_H
#define GNNRT_DATA_SUMMARY_H

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "gnnrt/data/Graph.h"

namespace gnnrt::data {

struct Stats {
  double mean = 0, std = 0, min = 0, q25 = 0, median = 0, q75 = 0, max = 0;
};

/// Statistics of `values` (all zero when empty; std is 0 for one value).
Stats computeStats(absl::Span<const int64_t> values);

struct Summary {
  std::string name;
  int64_t numGraphs = 0;
  Stats nodes, edges;
  int64_t totalNodes = 0, totalEdges = 0;
};

/// Summary of the graphs `graphIds` of `ds` (all graphs when empty).
Summary summarize(const GraphDataset &ds,
                  absl::Span<const int64_t> graphIds = {});

/// A table with one row per statistic and columns #nodes and #edges.
std::string formatSummary(const Summary &summary);

/// Node and edge counts per type.
std::string formatHeteroSummary(const HeteroGraph &graph);

} // namespace gnnrt::data

#endif // GNNRT_DATA_SUMMARY_H
