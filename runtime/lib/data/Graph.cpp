//===- Graph.cpp - Graph datasets and their invariants ---------------------===//
#include "gnnrt/data/Graph.h"

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

const char *labelKindName(LabelKind kind) {
  switch (kind) {
  case LabelKind::kNone:
    return "none";
  case LabelKind::kClass:
    return "class";
  case LabelKind::kRegression:
    return "regression";
  }
  return "unknown";
}

namespace {

absl::Status invalid(absl::string_view name, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("dataset '", name, "': ", what));
}

/// A f32 [rows, *] tensor whose elements are all finite.
absl::Status checkFeatures(absl::string_view name, absl::string_view what,
                           const Tensor &t, int64_t rows) {
  if (t.dtype() != DType::kF32 || t.rank() != 2 || t.dim(0) != rows)
    return invalid(name, absl::StrFormat("%s must be f32 [%d, F], got %s %s",
                                         what, rows, dtypeName(t.dtype()),
                                         shapeToString(t.shape())));
  absl::Span<const float> v = t.data<float>();
  int64_t cols = t.dim(1);
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      return invalid(name, absl::StrFormat("%s[%d, %d] is %f; features must "
                                           "be finite",
                                           what, i / cols, i % cols, v[i]));
  return absl::OkStatus();
}

absl::Status checkLabels(absl::string_view name, LabelKind kind,
                         const Tensor &y, int64_t rows, int64_t numClasses) {
  switch (kind) {
  case LabelKind::kNone:
    return absl::OkStatus();
  case LabelKind::kClass: {
    if (y.dtype() != DType::kI64 || y.rank() != 1 || y.dim(0) != rows)
      return invalid(name, absl::StrFormat("class labels must be i64 [%d], "
                                           "got %s %s",
                                           rows, dtypeName(y.dtype()),
                                           shapeToString(y.shape())));
    if (numClasses < 1)
      return invalid(name, "class labels need numClasses >= 1");
    absl::Span<const int64_t> v = y.data<int64_t>();
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i] < 0 || v[i] >= numClasses)
        return invalid(name, absl::StrFormat("label %d of item %d is outside "
                                             "[0, %d)",
                                             v[i], i, numClasses));
    return absl::OkStatus();
  }
  case LabelKind::kRegression:
    return checkFeatures(name, "regression targets y", y, rows);
  }
  return absl::OkStatus();
}

absl::Status checkSplit(absl::string_view name, absl::string_view split,
                        const std::vector<int64_t> &ids, int64_t bound) {
  absl::flat_hash_set<int64_t> seen;
  for (int64_t id : ids) {
    if (id < 0 || id >= bound)
      return invalid(name, absl::StrFormat("%s split holds %d, outside [0, %d)",
                                           split, id, bound));
    if (!seen.insert(id).second)
      return invalid(name,
                     absl::StrFormat("%s split holds %d twice", split, id));
  }
  return absl::OkStatus();
}

} // namespace

absl::Status validate(const GraphDataset &ds) {
  const std::string &name = ds.name;
  if (ds.nodePtr.empty() || ds.edgePtr.empty() ||
      ds.nodePtr.size() != ds.edgePtr.size())
    return invalid(name, "nodePtr and edgePtr must both have numGraphs + 1 "
                         "entries");
  if (ds.nodePtr[0] != 0 || ds.edgePtr[0] != 0)
    return invalid(name, "nodePtr and edgePtr must start at 0");
  for (int64_t g = 0; g < ds.numGraphs(); ++g)
    if (ds.nodePtr[g + 1] < ds.nodePtr[g] || ds.edgePtr[g + 1] < ds.edgePtr[g])
      return invalid(name, absl::StrFormat("graph %d has a negative node or "
                                           "edge count",
                                           g));
  if (static_cast<int64_t>(ds.src.size()) != ds.numEdges() ||
      static_cast<int64_t>(ds.dst.size()) != ds.numEdges())
    return invalid(name, absl::StrFormat("%d edges announced but src/dst hold "
                                         "%d/%d",
                                         ds.numEdges(), ds.src.size(),
                                         ds.dst.size()));
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    int64_t n = ds.graphNumNodes(g);
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e)
      if (ds.src[e] < 0 || ds.src[e] >= n || ds.dst[e] < 0 || ds.dst[e] >= n)
        return invalid(name,
                       absl::StrFormat("edge %d (%d -> %d) of graph %d leaves "
                                       "the graph's %d nodes",
                                       e, ds.src[e], ds.dst[e], g, n));
  }
  if (absl::Status s = checkFeatures(name, "node features x", ds.x,
                                     ds.numNodes());
      !s.ok())
    return s;
  if (absl::Status s = checkFeatures(name, "edge features edge_attr",
                                     ds.edgeAttr, ds.numEdges());
      !s.ok())
    return s;
  int64_t rows = ds.labelLevel == LabelLevel::kNode ? ds.numNodes()
                                                    : ds.numGraphs();
  if (absl::Status s =
          checkLabels(name, ds.labelKind, ds.y, rows, ds.numClasses);
      !s.ok())
    return s;
  for (auto [split, ids] :
       {std::pair<const char *, const std::vector<int64_t> *>{"train",
                                                              &ds.trainIdx},
        {"val", &ds.valIdx},
        {"test", &ds.testIdx}})
    if (absl::Status s = checkSplit(name, split, *ids, rows); !s.ok())
      return s;
  return absl::OkStatus();
}

GraphDataset makeSingleGraph(std::string name, int64_t numNodes,
                             std::vector<int64_t> src, std::vector<int64_t> dst,
                             Tensor x) {
  GraphDataset ds;
  ds.name = std::move(name);
  ds.nodePtr = {0, numNodes};
  ds.edgePtr = {0, static_cast<int64_t>(src.size())};
  ds.src = std::move(src);
  ds.dst = std::move(dst);
  ds.x = x.rank() == 2 ? std::move(x) : Tensor(DType::kF32, {numNodes, 0});
  ds.edgeAttr = Tensor(DType::kF32, {ds.edgePtr[1], 0});
  ds.labelLevel = LabelLevel::kNode;
  return ds;
}

int64_t HeteroGraph::nodeTypeIndex(absl::string_view name) const {
  for (size_t i = 0; i < nodeTypes.size(); ++i)
    if (nodeTypes[i].name == name)
      return static_cast<int64_t>(i);
  return -1;
}

int64_t HeteroGraph::edgeTypeIndex(absl::string_view key) const {
  for (size_t i = 0; i < edgeTypes.size(); ++i) {
    const EdgeType &t = edgeTypes[i];
    if (t.key() == key || absl::StrCat(t.src, ",", t.rel, ",", t.dst) == key)
      return static_cast<int64_t>(i);
  }
  return -1;
}

int64_t HeteroGraph::totalNodes() const {
  int64_t n = 0;
  for (const NodeType &t : nodeTypes)
    n += t.numNodes;
  return n;
}

int64_t HeteroGraph::totalEdges() const {
  int64_t n = 0;
  for (const EdgeType &t : edgeTypes)
    n += t.numEdges();
  return n;
}

absl::Status validate(const HeteroGraph &graph) {
  absl::flat_hash_set<std::string> names;
  for (const NodeType &t : graph.nodeTypes) {
    std::string where = absl::StrCat(graph.name, "[", t.name, "]");
    if (!names.insert(t.name).second)
      return invalid(graph.name, absl::StrCat("node type '", t.name,
                                              "' is declared twice"));
    if (t.numNodes < 0)
      return invalid(where, "negative node count");
    if (absl::Status s = checkFeatures(where, "node features x", t.x,
                                       t.numNodes);
        !s.ok())
      return s;
    if (absl::Status s =
            checkLabels(where, t.labelKind, t.y, t.numNodes, t.numClasses);
        !s.ok())
      return s;
    for (auto [split, ids] :
         {std::pair<const char *, const std::vector<int64_t> *>{"train",
                                                                &t.trainIdx},
          {"val", &t.valIdx},
          {"test", &t.testIdx}})
      if (absl::Status s = checkSplit(where, split, *ids, t.numNodes); !s.ok())
        return s;
  }
  absl::flat_hash_set<std::string> keys;
  for (const EdgeType &t : graph.edgeTypes) {
    if (!keys.insert(t.key()).second)
      return invalid(graph.name, absl::StrCat("edge type '", t.key(),
                                              "' is declared twice"));
    int64_t s = graph.nodeTypeIndex(t.src), d = graph.nodeTypeIndex(t.dst);
    if (s < 0 || d < 0)
      return invalid(graph.name, absl::StrCat("edge type '", t.key(),
                                              "' names an unknown node type"));
    if (t.srcIdx.size() != t.dstIdx.size())
      return invalid(graph.name, absl::StrCat("edge type '", t.key(),
                                              "': src and dst differ in "
                                              "length"));
    int64_t ns = graph.nodeTypes[s].numNodes, nd = graph.nodeTypes[d].numNodes;
    for (size_t e = 0; e < t.srcIdx.size(); ++e)
      if (t.srcIdx[e] < 0 || t.srcIdx[e] >= ns || t.dstIdx[e] < 0 ||
          t.dstIdx[e] >= nd)
        return invalid(graph.name,
                       absl::StrFormat("edge %d (%d -> %d) of type '%s' is "
                                       "out of range (%d %s, %d %s nodes)",
                                       e, t.srcIdx[e], t.dstIdx[e], t.key(), ns,
                                       t.src, nd, t.dst));
  }
  return absl::OkStatus();
}

} // namespace gnnrt::data
