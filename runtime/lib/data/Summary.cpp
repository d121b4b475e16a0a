//===- Summary.cpp - Dataset statistics -------------------------------------===//
#include "gnnrt/data/Summary.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

Stats computeStats(absl::Span<const int64_t> values) {
  Stats s;
  int64_t n = static_cast<int64_t>(values.size());
  if (n == 0)
    return s;
  std::vector<int64_t> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (int64_t v : sorted)
    sum += static_cast<double>(v);
  s.mean = sum / n;
  double sq = 0;
  for (int64_t v : sorted)
    sq += (v - s.mean) * (v - s.mean);
  s.std = n > 1 ? std::sqrt(sq / (n - 1)) : 0.0;
  s.min = static_cast<double>(sorted.front());
  s.max = static_cast<double>(sorted.back());
  auto quantile = [&](double q) {
    double pos = q * (n - 1);
    int64_t lo = static_cast<int64_t>(std::floor(pos));
    int64_t hi = std::min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  s.q25 = quantile(0.25);
  s.q75 = quantile(0.75);
  s.median = static_cast<double>(sorted[(n - 1) / 2]);
  return s;
}

Summary summarize(const GraphDataset &ds, absl::Span<const int64_t> graphIds) {
  std::vector<int64_t> ids(graphIds.begin(), graphIds.end());
  if (ids.empty())
    for (int64_t g = 0; g < ds.numGraphs(); ++g)
      ids.push_back(g);
  std::vector<int64_t> nodes, edges;
  nodes.reserve(ids.size());
  edges.reserve(ids.size());
  Summary s;
  s.name = ds.name;
  s.numGraphs = static_cast<int64_t>(ids.size());
  for (int64_t g : ids) {
    nodes.push_back(ds.graphNumNodes(g));
    edges.push_back(ds.graphNumEdges(g));
    s.totalNodes += nodes.back();
    s.totalEdges += edges.back();
  }
  s.nodes = computeStats(nodes);
  s.edges = computeStats(edges);
  return s;
}

std::string formatSummary(const Summary &summary) {
  std::string out = absl::StrFormat("%s: %d graphs, %d nodes, %d edges\n",
                                    summary.name, summary.numGraphs,
                                    summary.totalNodes, summary.totalEdges);
  absl::StrAppendFormat(&out, "  %-8s %10s %10s\n", "", "#nodes", "#edges");
  auto row = [&](const char *label, double a, double b) {
    absl::StrAppendFormat(&out, "  %-8s %10.1f %10.1f\n", label, a, b);
  };
  const Stats &n = summary.nodes, &e = summary.edges;
  row("mean", n.mean, e.mean);
  row("std", n.std, e.std);
  row("min", n.min, e.min);
  row("q25", n.q25, e.q25);
  row("median", n.median, e.median);
  row("q75", n.q75, e.q75);
  row("max", n.max, e.max);
  return out;
}

std::string formatHeteroSummary(const HeteroGraph &graph) {
  std::string out =
      absl::StrFormat("%s: %d node types, %d edge types, %d nodes, %d edges\n",
                      graph.name, graph.nodeTypes.size(),
                      graph.edgeTypes.size(), graph.totalNodes(),
                      graph.totalEdges());
  for (const NodeType &t : graph.nodeTypes)
    absl::StrAppendFormat(&out, "  node %-24s %8d nodes, %d features%s\n",
                          t.name, t.numNodes, t.x.rank() == 2 ? t.x.dim(1) : 0,
                          t.labelKind == LabelKind::kClass
                              ? absl::StrFormat(", %d classes", t.numClasses)
                              : "");
  for (const EdgeType &t : graph.edgeTypes)
    absl::StrAppendFormat(&out, "  edge %-24s %8d edges\n", t.key(),
                          t.numEdges());
  return out;
}

} // namespace gnnrt::data
