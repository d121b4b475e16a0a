//===- Transforms.cpp - Dataset transforms ----------------------------------===//
#include "gnnrt/data/Transforms.h"

#include <algorithm>

#include "Internal.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

namespace {

void normalizeRows(Tensor &x) {
  if (x.rank() != 2 || x.dim(1) == 0)
    return;
  absl::Span<float> v = x.data<float>();
  int64_t rows = x.dim(0), cols = x.dim(1);
  for (int64_t r = 0; r < rows; ++r) {
    float *row = &v[r * cols];
    float sum = 0;
    for (int64_t c = 0; c < cols; ++c)
      sum += row[c];
    if (sum == 0)
      continue;
    for (int64_t c = 0; c < cols; ++c)
      row[c] /= sum;
  }
}

/// Graph id of every node.
std::vector<int64_t> nodeGraph(const GraphDataset &ds) {
  std::vector<int64_t> g(ds.numNodes());
  for (int64_t i = 0; i < ds.numGraphs(); ++i)
    std::fill(g.begin() + ds.nodePtr[i], g.begin() + ds.nodePtr[i + 1], i);
  return g;
}

std::vector<int64_t> remapIds(const std::vector<int64_t> &ids,
                              const std::vector<int64_t> &oldToNew) {
  std::vector<int64_t> out;
  for (int64_t id : ids)
    if (oldToNew[id] >= 0)
      out.push_back(oldToNew[id]);
  return out;
}

/// Keeps the nodes `newToOld` (global ids; each graph's nodes stay in their
/// graph, listed graph by graph) and the edges between kept nodes.
GraphDataset selectNodes(const GraphDataset &ds,
                         const std::vector<int64_t> &newToOld) {
  std::vector<int64_t> graphOf = nodeGraph(ds);
  std::vector<int64_t> oldToNew(ds.numNodes(), -1);
  GraphDataset out;
  out.name = ds.name;
  out.nodePtr.assign(ds.numGraphs() + 1, 0);
  for (size_t i = 0; i < newToOld.size(); ++i) {
    oldToNew[newToOld[i]] = static_cast<int64_t>(i);
    out.nodePtr[graphOf[newToOld[i]] + 1]++;
  }
  for (int64_t g = 0; g < ds.numGraphs(); ++g)
    out.nodePtr[g + 1] += out.nodePtr[g];
  std::vector<int64_t> keptEdges;
  out.edgePtr = {0};
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e) {
      int64_t s = oldToNew[ds.nodePtr[g] + ds.src[e]];
      int64_t d = oldToNew[ds.nodePtr[g] + ds.dst[e]];
      if (s < 0 || d < 0)
        continue;
      out.src.push_back(s - out.nodePtr[g]);
      out.dst.push_back(d - out.nodePtr[g]);
      keptEdges.push_back(e);
    }
    out.edgePtr.push_back(static_cast<int64_t>(out.src.size()));
  }
  out.x = internal::gatherRows(ds.x, newToOld);
  out.edgeAttr = internal::gatherRows(ds.edgeAttr, keptEdges);
  out.labelKind = ds.labelKind;
  out.labelLevel = ds.labelLevel;
  out.numClasses = ds.numClasses;
  if (ds.labelLevel == LabelLevel::kNode) {
    if (ds.labelKind != LabelKind::kNone)
      out.y = internal::gatherRows(ds.y, newToOld);
    out.trainIdx = remapIds(ds.trainIdx, oldToNew);
    out.valIdx = remapIds(ds.valIdx, oldToNew);
    out.testIdx = remapIds(ds.testIdx, oldToNew);
  } else {
    out.y = ds.y;
    out.trainIdx = ds.trainIdx;
    out.valIdx = ds.valIdx;
    out.testIdx = ds.testIdx;
  }
  return out;
}

} // namespace

void normalizeFeatures(GraphDataset &ds) { normalizeRows(ds.x); }

void normalizeFeatures(HeteroGraph &graph) {
  for (NodeType &t : graph.nodeTypes)
    normalizeRows(t.x);
}

void addSelfLoops(GraphDataset &ds, float fill) {
  int64_t fe = ds.numEdgeFeatures();
  std::vector<int64_t> src, dst, ptr = {0};
  std::vector<float> attr;
  absl::Span<const float> oldAttr = ds.edgeAttr.data<float>();
  src.reserve(ds.numEdges() + ds.numNodes());
  dst.reserve(ds.numEdges() + ds.numNodes());
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e) {
      src.push_back(ds.src[e]);
      dst.push_back(ds.dst[e]);
      attr.insert(attr.end(), oldAttr.begin() + e * fe,
                  oldAttr.begin() + (e + 1) * fe);
    }
    for (int64_t i = 0; i < ds.graphNumNodes(g); ++i) {
      src.push_back(i);
      dst.push_back(i);
      attr.insert(attr.end(), fe, fill);
    }
    ptr.push_back(static_cast<int64_t>(src.size()));
  }
  int64_t m = static_cast<int64_t>(src.size());
  ds.src = std::move(src);
  ds.dst = std::move(dst);
  ds.edgePtr = std::move(ptr);
  ds.edgeAttr = Tensor::fromF32({m, fe}, std::move(attr));
}

void toUndirected(GraphDataset &ds) {
  std::vector<int64_t> src, dst, rows, ptr = {0};
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e) {
      src.push_back(ds.src[e]);
      dst.push_back(ds.dst[e]);
      rows.push_back(e);
    }
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e) {
      src.push_back(ds.dst[e]);
      dst.push_back(ds.src[e]);
      rows.push_back(e);
    }
    ptr.push_back(static_cast<int64_t>(src.size()));
  }
  ds.src = std::move(src);
  ds.dst = std::move(dst);
  ds.edgePtr = std::move(ptr);
  ds.edgeAttr = internal::gatherRows(ds.edgeAttr, rows);
  internal::sortEdgesPerGraph(ds, /*dedupe=*/true);
}

void removeIsolatedNodes(GraphDataset &ds) {
  std::vector<uint8_t> touched(ds.numNodes(), 0);
  for (int64_t g = 0; g < ds.numGraphs(); ++g)
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e)
      if (ds.src[e] != ds.dst[e]) {
        touched[ds.nodePtr[g] + ds.src[e]] = 1;
        touched[ds.nodePtr[g] + ds.dst[e]] = 1;
      }
  std::vector<int64_t> keep;
  for (int64_t i = 0; i < ds.numNodes(); ++i)
    if (touched[i])
      keep.push_back(i);
  ds = selectNodes(ds, keep);
}

absl::StatusOr<GraphDataset> subgraph(const GraphDataset &ds,
                                      absl::Span<const int64_t> nodes) {
  if (ds.numGraphs() != 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "subgraph: dataset '%s' holds %d graphs; a node subset needs one "
        "graph (select graphs with selectGraphs instead)",
        ds.name, ds.numGraphs()));
  std::vector<uint8_t> seen(ds.numNodes(), 0);
  for (int64_t n : nodes) {
    if (n < 0 || n >= ds.numNodes())
      return absl::InvalidArgumentError(absl::StrFormat(
          "subgraph: node %d is outside [0, %d)", n, ds.numNodes()));
    if (seen[n]++)
      return absl::InvalidArgumentError(
          absl::StrFormat("subgraph: node %d is listed twice", n));
  }
  return selectNodes(ds, std::vector<int64_t>(nodes.begin(), nodes.end()));
}

namespace {

/// Keeps, per node type, the nodes newToOld[t] (in that order) and the edges
/// between kept nodes.
HeteroGraph selectHeteroNodes(const HeteroGraph &graph,
                              const std::vector<std::vector<int64_t>> &keep) {
  HeteroGraph out;
  out.name = graph.name;
  std::vector<std::vector<int64_t>> oldToNew(graph.nodeTypes.size());
  for (size_t t = 0; t < graph.nodeTypes.size(); ++t) {
    const NodeType &in = graph.nodeTypes[t];
    oldToNew[t].assign(in.numNodes, -1);
    for (size_t i = 0; i < keep[t].size(); ++i)
      oldToNew[t][keep[t][i]] = static_cast<int64_t>(i);
    NodeType nt;
    nt.name = in.name;
    nt.numNodes = static_cast<int64_t>(keep[t].size());
    nt.x = internal::gatherRows(in.x, keep[t]);
    nt.labelKind = in.labelKind;
    nt.numClasses = in.numClasses;
    if (in.labelKind != LabelKind::kNone)
      nt.y = internal::gatherRows(in.y, keep[t]);
    nt.trainIdx = remapIds(in.trainIdx, oldToNew[t]);
    nt.valIdx = remapIds(in.valIdx, oldToNew[t]);
    nt.testIdx = remapIds(in.testIdx, oldToNew[t]);
    out.nodeTypes.push_back(std::move(nt));
  }
  for (const EdgeType &in : graph.edgeTypes) {
    int64_t s = graph.nodeTypeIndex(in.src), d = graph.nodeTypeIndex(in.dst);
    EdgeType et;
    et.src = in.src;
    et.rel = in.rel;
    et.dst = in.dst;
    for (int64_t e = 0; e < in.numEdges(); ++e) {
      int64_t a = oldToNew[s][in.srcIdx[e]], b = oldToNew[d][in.dstIdx[e]];
      if (a >= 0 && b >= 0) {
        et.srcIdx.push_back(a);
        et.dstIdx.push_back(b);
      }
    }
    out.edgeTypes.push_back(std::move(et));
  }
  return out;
}

} // namespace

absl::StatusOr<HeteroGraph>
subgraph(const HeteroGraph &graph,
         const std::vector<std::pair<std::string, std::vector<int64_t>>>
             &nodesPerType) {
  std::vector<std::vector<int64_t>> keep(graph.nodeTypes.size());
  std::vector<uint8_t> given(graph.nodeTypes.size(), 0);
  for (const auto &[name, nodes] : nodesPerType) {
    int64_t t = graph.nodeTypeIndex(name);
    if (t < 0)
      return absl::InvalidArgumentError(
          absl::StrCat("subgraph: no node type '", name, "' in '", graph.name,
                       "'"));
    std::vector<uint8_t> seen(graph.nodeTypes[t].numNodes, 0);
    for (int64_t n : nodes) {
      if (n < 0 || n >= graph.nodeTypes[t].numNodes)
        return absl::InvalidArgumentError(absl::StrFormat(
            "subgraph: %s node %d is outside [0, %d)", name, n,
            graph.nodeTypes[t].numNodes));
      if (seen[n]++)
        return absl::InvalidArgumentError(absl::StrFormat(
            "subgraph: %s node %d is listed twice", name, n));
    }
    keep[t] = nodes;
    given[t] = 1;
  }
  for (size_t t = 0; t < keep.size(); ++t)
    if (!given[t])
      for (int64_t i = 0; i < graph.nodeTypes[t].numNodes; ++i)
        keep[t].push_back(i);
  return selectHeteroNodes(graph, keep);
}

void removeIsolatedNodes(HeteroGraph &graph) {
  std::vector<std::vector<uint8_t>> touched(graph.nodeTypes.size());
  for (size_t t = 0; t < graph.nodeTypes.size(); ++t)
    touched[t].assign(graph.nodeTypes[t].numNodes, 0);
  for (const EdgeType &et : graph.edgeTypes) {
    int64_t s = graph.nodeTypeIndex(et.src), d = graph.nodeTypeIndex(et.dst);
    for (int64_t e = 0; e < et.numEdges(); ++e) {
      if (s == d && et.srcIdx[e] == et.dstIdx[e])
        continue;
      touched[s][et.srcIdx[e]] = 1;
      touched[d][et.dstIdx[e]] = 1;
    }
  }
  std::vector<std::vector<int64_t>> keep(graph.nodeTypes.size());
  for (size_t t = 0; t < keep.size(); ++t)
    for (int64_t i = 0; i < graph.nodeTypes[t].numNodes; ++i)
      if (touched[t][i])
        keep[t].push_back(i);
  graph = selectHeteroNodes(graph, keep);
}

absl::StatusOr<GraphDataset> selectGraphs(const GraphDataset &ds,
                                          absl::Span<const int64_t> ids) {
  GraphDataset out;
  out.name = ds.name;
  std::vector<int64_t> nodes, edges, oldToNew(ds.numGraphs(), -1);
  for (size_t i = 0; i < ids.size(); ++i) {
    int64_t g = ids[i];
    if (g < 0 || g >= ds.numGraphs())
      return absl::InvalidArgumentError(absl::StrFormat(
          "selectGraphs: graph %d is outside [0, %d)", g, ds.numGraphs()));
    oldToNew[g] = static_cast<int64_t>(i);
    for (int64_t n = ds.nodePtr[g]; n < ds.nodePtr[g + 1]; ++n)
      nodes.push_back(n);
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e) {
      edges.push_back(e);
      out.src.push_back(ds.src[e]);
      out.dst.push_back(ds.dst[e]);
    }
    out.nodePtr.push_back(static_cast<int64_t>(nodes.size()));
    out.edgePtr.push_back(static_cast<int64_t>(edges.size()));
  }
  out.x = internal::gatherRows(ds.x, nodes);
  out.edgeAttr = internal::gatherRows(ds.edgeAttr, edges);
  out.labelKind = ds.labelKind;
  out.labelLevel = ds.labelLevel;
  out.numClasses = ds.numClasses;
  if (ds.labelKind != LabelKind::kNone)
    out.y = internal::gatherRows(
        ds.y, ds.labelLevel == LabelLevel::kNode ? absl::Span<const int64_t>(nodes)
                                                 : ids);
  if (ds.labelLevel == LabelLevel::kGraph) {
    out.trainIdx = remapIds(ds.trainIdx, oldToNew);
    out.valIdx = remapIds(ds.valIdx, oldToNew);
    out.testIdx = remapIds(ds.testIdx, oldToNew);
  }
  return out;
}

void planetoidSplit(GraphDataset &ds, int64_t perClass, int64_t numVal,
                    int64_t numTest) {
  ds.trainIdx.clear();
  ds.valIdx.clear();
  ds.testIdx.clear();
  if (ds.labelKind != LabelKind::kClass || ds.labelLevel != LabelLevel::kNode)
    return;
  int64_t n = ds.numNodes();
  absl::Span<const int64_t> y = ds.y.data<int64_t>();
  std::vector<int64_t> perClassCount(ds.numClasses, 0);
  std::vector<uint8_t> used(n, 0);
  numTest = std::min(numTest, n / 2);
  int64_t testStart = n - numTest;
  for (int64_t i = 0; i < testStart; ++i)
    if (perClassCount[y[i]] < perClass) {
      perClassCount[y[i]]++;
      ds.trainIdx.push_back(i);
      used[i] = 1;
    }
  for (int64_t i = 0; i < testStart && (int64_t)ds.valIdx.size() < numVal; ++i)
    if (!used[i])
      ds.valIdx.push_back(i);
  for (int64_t i = testStart; i < n; ++i)
    ds.testIdx.push_back(i);
}

} // namespace gnnrt::data
