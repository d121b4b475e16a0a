//===- FixedSize.cpp - Fixed-size batches: padding, masks, the null graph -===//
#include "gnnrt/data/FixedSize.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "Internal.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

const char *strategyName(FixedSizeStrategy strategy) {
  switch (strategy) {
  case FixedSizeStrategy::kPadToMax:
    return "pad-to-max";
  case FixedSizeStrategy::kStreamPack:
    return "stream-pack";
  case FixedSizeStrategy::kPack:
    return "pack";
  }
  return "unknown";
}

const char *overSizeName(OverSizeStrategy strategy) {
  switch (strategy) {
  case OverSizeStrategy::kError:
    return "error";
  case OverSizeStrategy::kSkip:
    return "skip";
  case OverSizeStrategy::kTrimNodes:
    return "trim-nodes";
  case OverSizeStrategy::kTrimEdges:
    return "trim-edges";
  case OverSizeStrategy::kTrimNodesAndEdges:
    return "trim";
  }
  return "unknown";
}

absl::StatusOr<FixedSizeStrategy> parseStrategy(absl::string_view name) {
  for (FixedSizeStrategy s :
       {FixedSizeStrategy::kPadToMax, FixedSizeStrategy::kStreamPack,
        FixedSizeStrategy::kPack})
    if (name == strategyName(s))
      return s;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown batching strategy '", name,
      "'; use pad-to-max, stream-pack or pack"));
}

absl::StatusOr<OverSizeStrategy> parseOverSize(absl::string_view name) {
  if (name == "trim-nodes-and-edges")
    return OverSizeStrategy::kTrimNodesAndEdges;
  for (OverSizeStrategy s :
       {OverSizeStrategy::kError, OverSizeStrategy::kSkip,
        OverSizeStrategy::kTrimNodes, OverSizeStrategy::kTrimEdges,
        OverSizeStrategy::kTrimNodesAndEdges})
    if (name == overSizeName(s))
      return s;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown over-size strategy '", name,
      "'; use error, skip, trim-nodes, trim-edges or trim"));
}

absl::Status FixedSizeOptions::check() const {
  if (numGraphs < 2)
    return absl::InvalidArgumentError(absl::StrFormat(
        "num_graphs is %d; it must be at least 2 (one graph slot is always "
        "the null graph)",
        numGraphs));
  if (numNodes < 1 || numEdges < 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "num_nodes %d and num_edges %d must be at least 1 (one node and one "
        "edge are always padding)",
        numNodes, numEdges));
  constexpr int64_t kMaxSlots = int64_t{1} << 31;
  if (numNodes > kMaxSlots || numEdges > kMaxSlots || numGraphs > kMaxSlots)
    return absl::InvalidArgumentError(absl::StrFormat(
        "%d graph / %d node / %d edge slots: at most 2^31 of each (indices "
        "are int32 on the device)",
        numGraphs, numNodes, numEdges));
  return absl::OkStatus();
}

std::string FixedSizeOptions::toString() const {
  return absl::StrFormat("%d graphs / %d nodes / %d edges (one of each "
                         "reserved for padding)",
                         numGraphs, numNodes, numEdges);
}

absl::StatusOr<FixedSizeOptions>
FixedSizeOptions::fromDataset(const GraphDataset &ds,
                              absl::Span<const int64_t> ids,
                              int64_t batchSize) {
  if (batchSize < 2)
    return absl::InvalidArgumentError(absl::StrFormat(
        "batch size %d: fixed-size batches need at least 2 graph slots (one "
        "is the null graph)",
        batchSize));
  int64_t maxNodes = 0, maxEdges = 0;
  auto visit = [&](int64_t g) {
    maxNodes = std::max(maxNodes, ds.graphNumNodes(g));
    maxEdges = std::max(maxEdges, ds.graphNumEdges(g));
  };
  if (ids.empty())
    for (int64_t g = 0; g < ds.numGraphs(); ++g)
      visit(g);
  else
    for (int64_t g : ids)
      visit(g);
  FixedSizeOptions o;
  o.numGraphs = batchSize;
  o.numNodes = maxNodes * (batchSize - 1) + 1;
  o.numEdges = maxEdges * (batchSize - 1) + 1;
  return o;
}

absl::StatusOr<FixedSizeOptions>
FixedSizeOptions::fromLoader(const GraphDataset &ds,
                             absl::Span<const int64_t> ids, int64_t batchSize,
                             int64_t sampleLimit) {
  if (batchSize < 1)
    return absl::InvalidArgumentError(
        absl::StrFormat("batch size %d: a loader batch holds at least one "
                        "graph",
                        batchSize));
  std::vector<int64_t> all;
  if (ids.empty()) {
    for (int64_t g = 0; g < ds.numGraphs(); ++g)
      all.push_back(g);
    ids = all;
  }
  int64_t maxNodes = 0, maxEdges = 0, maxGraphs = 0;
  int64_t count = static_cast<int64_t>(ids.size());
  for (int64_t b = 0; b < sampleLimit && b * batchSize < count; ++b) {
    int64_t nodes = 0, edges = 0, graphs = 0;
    for (int64_t i = b * batchSize; i < std::min(count, (b + 1) * batchSize);
         ++i) {
      if (ids[i] < 0 || ids[i] >= ds.numGraphs())
        return absl::OutOfRangeError(absl::StrFormat(
            "graph %d is outside dataset '%s'", ids[i], ds.name));
      nodes += ds.graphNumNodes(ids[i]);
      edges += ds.graphNumEdges(ids[i]);
      ++graphs;
    }
    maxNodes = std::max(maxNodes, nodes);
    maxEdges = std::max(maxEdges, edges);
    maxGraphs = std::max(maxGraphs, graphs);
  }
  FixedSizeOptions o;
  o.numNodes = maxNodes + 1;
  o.numEdges = maxEdges + 1;
  o.numGraphs = maxGraphs + 1;
  return o;
}

RawBatch gatherGraphs(const GraphDataset &ds, absl::Span<const int64_t> ids) {
  RawBatch raw;
  int64_t nodes = 0, edges = 0;
  for (int64_t g : ids) {
    nodes += ds.graphNumNodes(g);
    edges += ds.graphNumEdges(g);
  }
  raw.nodes.resize(nodes);
  raw.nodeSlot.resize(nodes);
  raw.nodePriority.assign(nodes, 0);
  raw.src.resize(edges);
  raw.dst.resize(edges);
  raw.edges.resize(edges);
  raw.graphs.assign(ids.begin(), ids.end());
  int64_t n = 0, m = 0;
  for (size_t slot = 0; slot < ids.size(); ++slot) {
    int64_t g = ids[slot];
    int64_t offset = n;
    if (ds.nodePtr[g + 1] > ds.nodePtr[g])
      raw.nodePriority[n] = -1; // the first node of every graph is kept
    for (int64_t v = ds.nodePtr[g]; v < ds.nodePtr[g + 1]; ++v, ++n) {
      raw.nodes[n] = v;
      raw.nodeSlot[n] = static_cast<int64_t>(slot);
    }
    for (int64_t e = ds.edgePtr[g]; e < ds.edgePtr[g + 1]; ++e, ++m) {
      raw.src[m] = offset + ds.src[e];
      raw.dst[m] = offset + ds.dst[e];
      raw.edges[m] = e;
    }
  }
  return raw;
}

namespace {

absl::Status overSizeError(const RawBatch &raw, int64_t maxNodes,
                           int64_t maxEdges, absl::string_view what) {
  return absl::OutOfRangeError(absl::StrFormat(
      "a batch of %d graphs holds %d nodes and %d edges but only %d nodes "
      "and %d edges fit (slots minus the padding reserve)%s; fix: raise "
      "num_nodes / num_edges (FixedSizeOptions::fromDataset gives safe "
      "sizes) or choose over-size skip or trim",
      raw.graphs.size(), raw.nodes.size(), raw.src.size(), maxNodes,
      maxEdges, what));
}

} // namespace

absl::Status fitToSlots(RawBatch &raw, int64_t maxNodes, int64_t maxEdges,
                        OverSizeStrategy overSize, Rng &rng,
                        int64_t &trimmedNodes, int64_t &trimmedEdges) {
  trimmedNodes = trimmedEdges = 0;
  int64_t n = static_cast<int64_t>(raw.nodes.size());
  int64_t m = static_cast<int64_t>(raw.src.size());
  if (n <= maxNodes && m <= maxEdges)
    return absl::OkStatus();
  bool trimNodes = overSize == OverSizeStrategy::kTrimNodes ||
                   overSize == OverSizeStrategy::kTrimNodesAndEdges;
  bool trimEdges = overSize == OverSizeStrategy::kTrimEdges ||
                   overSize == OverSizeStrategy::kTrimNodesAndEdges;
  if ((n > maxNodes && !trimNodes) || (!trimEdges && !trimNodes))
    return overSizeError(raw, maxNodes, maxEdges, "");

  if (n > maxNodes) {
    std::vector<int64_t> candidates, priority;
    for (int64_t i = 0; i < n; ++i)
      if (raw.nodePriority[i] >= 0) {
        candidates.push_back(i);
        priority.push_back(raw.nodePriority[i]);
      }
    if (n - static_cast<int64_t>(candidates.size()) > maxNodes)
      return overSizeError(raw, maxNodes, maxEdges,
                           ", and the protected nodes (one per graph, or the "
                           "seeds) alone exceed the node slots");
    std::vector<int64_t> removed =
        internal::trimOrder(candidates, priority, n - maxNodes, rng);
    std::vector<int64_t> newId(n, 0);
    for (int64_t i : removed)
      newId[i] = -1;
    RawBatch out;
    out.graphs = raw.graphs;
    out.numSeeds = raw.numSeeds;
    for (int64_t i = 0; i < n; ++i) {
      if (newId[i] < 0)
        continue;
      newId[i] = static_cast<int64_t>(out.nodes.size());
      out.nodes.push_back(raw.nodes[i]);
      out.nodeSlot.push_back(raw.nodeSlot[i]);
      out.nodePriority.push_back(raw.nodePriority[i]);
    }
    for (int64_t e = 0; e < m; ++e) {
      if (newId[raw.src[e]] < 0 || newId[raw.dst[e]] < 0)
        continue;
      out.src.push_back(newId[raw.src[e]]);
      out.dst.push_back(newId[raw.dst[e]]);
      out.edges.push_back(raw.edges[e]);
    }
    trimmedNodes = n - static_cast<int64_t>(out.nodes.size());
    trimmedEdges = m - static_cast<int64_t>(out.src.size());
    raw = std::move(out);
    m = static_cast<int64_t>(raw.src.size());
  }

  if (m > maxEdges) {
    if (!trimEdges)
      return overSizeError(raw, maxNodes, maxEdges,
                           " (edge trimming is off; choose trim-edges or trim)");
    // Keep the first edge of every graph slot.
    std::vector<int64_t> candidates, priority;
    std::vector<uint8_t> slotHasEdge(raw.graphs.size() + 1, 0);
    for (int64_t e = 0; e < m; ++e) {
      int64_t slot = raw.nodeSlot[raw.src[e]];
      if (!slotHasEdge[slot]) {
        slotHasEdge[slot] = 1;
        continue;
      }
      candidates.push_back(e);
      priority.push_back(std::max(raw.nodePriority[raw.src[e]],
                                  raw.nodePriority[raw.dst[e]]));
    }
    if (m - static_cast<int64_t>(candidates.size()) > maxEdges)
      return overSizeError(raw, maxNodes, maxEdges,
                           ", and one edge per graph alone exceeds the edge "
                           "slots");
    std::vector<int64_t> removed =
        internal::trimOrder(candidates, priority, m - maxEdges, rng);
    std::vector<uint8_t> drop(m, 0);
    for (int64_t e : removed)
      drop[e] = 1;
    int64_t w = 0;
    for (int64_t e = 0; e < m; ++e) {
      if (drop[e])
        continue;
      raw.src[w] = raw.src[e];
      raw.dst[w] = raw.dst[e];
      raw.edges[w] = raw.edges[e];
      ++w;
    }
    raw.src.resize(w);
    raw.dst.resize(w);
    raw.edges.resize(w);
    trimmedEdges += m - w;
  }
  return absl::OkStatus();
}

namespace {

template <typename T>
void copyRow(absl::Span<const T> in, int64_t from, absl::Span<T> out,
             int64_t to, int64_t width) {
  if (width > 0)
    std::memcpy(&out[to * width], &in[from * width], width * sizeof(T));
}

/// out[i] = in[rows[i]] for every i, one memcpy per run of consecutive rows
/// (a graph's nodes and edges are consecutive in the dataset).
template <typename T>
void copyRows(absl::Span<const T> in, const std::vector<int64_t> &rows,
              absl::Span<T> out, int64_t width) {
  if (width <= 0)
    return;
  size_t i = 0;
  while (i < rows.size()) {
    size_t j = i + 1;
    while (j < rows.size() && rows[j] == rows[j - 1] + 1)
      ++j;
    std::memcpy(&out[i * width], &in[rows[i] * width],
                (j - i) * width * sizeof(T));
    i = j;
  }
}

} // namespace

absl::StatusOr<Batch> materialize(const GraphDataset &ds, const RawBatch &raw,
                                  const FixedSizeOptions &sizes) {
  const int64_t N = sizes.numNodes, E = sizes.numEdges, G = sizes.numGraphs;
  const int64_t n = static_cast<int64_t>(raw.nodes.size());
  const int64_t m = static_cast<int64_t>(raw.src.size());
  const int64_t k = static_cast<int64_t>(raw.graphs.size());
  const int64_t padNodes = N - n, padEdges = E - m, padGraphs = G - k;
  if (padNodes < 0 || padEdges < 0 || padGraphs < 0 ||
      ((padNodes > 0 || padEdges > 0) && padGraphs < 1) ||
      (padEdges > 0 && padNodes < 1))
    return absl::InternalError(absl::StrFormat(
        "materialize: %d graphs / %d nodes / %d edges do not fit %s", k, n, m,
        sizes.toString()));
  constexpr int64_t kMaxElements = int64_t{1} << 32;
  if (N > kMaxElements / std::max<int64_t>(ds.numNodeFeatures(), 1) ||
      E > kMaxElements / std::max<int64_t>(ds.numEdgeFeatures(), 1))
    return absl::InvalidArgumentError(absl::StrFormat(
        "%d node slots x %d features or %d edge slots x %d features exceed "
        "2^32 values per batch; fix: choose smaller num_nodes / num_edges",
        N, ds.numNodeFeatures(), E, ds.numEdgeFeatures()));
  Batch b;
  b.numNodes = N;
  b.numEdges = E;
  b.numGraphs = G;
  b.realNodes = n;
  b.realEdges = m;
  b.realGraphs = k;
  b.numSeeds = raw.numSeeds;
  b.graphIds = raw.graphs;

  // Node features.
  const int64_t F = ds.numNodeFeatures();
  b.x = Tensor(DType::kF32, {N, F});
  {
    absl::Span<const float> in = ds.x.data<float>();
    absl::Span<float> out = b.x.data<float>();
    copyRows(in, raw.nodes, out, F);
    std::fill(out.begin() + n * F, out.end(), sizes.nodePadValue);
  }
  // Edges: real ones, then self loops on the first padding node.
  b.edgeIndex = Tensor(DType::kI64, {2, E});
  {
    absl::Span<int64_t> ei = b.edgeIndex.data<int64_t>();
    std::copy(raw.src.begin(), raw.src.end(), ei.begin());
    std::copy(raw.dst.begin(), raw.dst.end(), ei.begin() + E);
    std::fill(ei.begin() + m, ei.begin() + E, n);
    std::fill(ei.begin() + E + m, ei.end(), n);
  }
  const int64_t FE = ds.numEdgeFeatures();
  b.edgeAttr = Tensor(DType::kF32, {E, FE});
  {
    absl::Span<const float> in = ds.edgeAttr.data<float>();
    absl::Span<float> out = b.edgeAttr.data<float>();
    copyRows(in, raw.edges, out, FE);
    std::fill(out.begin() + m * FE, out.end(), sizes.edgePadValue);
  }
  // Graph slots: real nodes keep theirs; padding nodes are split evenly
  // over the padding graphs.
  b.batch = Tensor(DType::kI64, {N});
  b.ptr = Tensor(DType::kI64, {G + 1});
  {
    absl::Span<int64_t> batch = b.batch.data<int64_t>();
    absl::Span<int64_t> ptr = b.ptr.data<int64_t>();
    std::vector<int64_t> count(G, 0);
    for (int64_t i = 0; i < n; ++i) {
      batch[i] = raw.nodeSlot[i];
      count[raw.nodeSlot[i]]++;
    }
    int64_t i = n;
    for (int64_t j = 0; j < padGraphs; ++j) {
      int64_t c = padNodes / padGraphs + (j < padNodes % padGraphs ? 1 : 0);
      count[k + j] = c;
      for (int64_t t = 0; t < c; ++t)
        batch[i++] = k + j;
    }
    ptr[0] = 0;
    for (int64_t g = 0; g < G; ++g)
      ptr[g + 1] = ptr[g] + count[g];
  }
  // Masks: a prefix of each.
  auto prefixMask = [](int64_t size, int64_t real) {
    Tensor t(DType::kBool, {size});
    absl::Span<uint8_t> v = t.data<uint8_t>();
    std::fill(v.begin(), v.begin() + real, 1);
    return t;
  };
  b.nodesMask = prefixMask(N, n);
  b.edgesMask = prefixMask(E, m);
  b.graphsMask = prefixMask(G, k);
  b.nId = Tensor(DType::kI64, {N});
  std::copy(raw.nodes.begin(), raw.nodes.end(), b.nId.data<int64_t>().begin());

  // Labels: per node for node-level datasets, per graph slot otherwise.
  if (ds.labelKind != LabelKind::kNone) {
    bool perNode = ds.labelLevel == LabelLevel::kNode;
    int64_t rows = perNode ? N : G;
    const std::vector<int64_t> &from = perNode ? raw.nodes : raw.graphs;
    if (ds.labelKind == LabelKind::kClass) {
      b.y = Tensor(DType::kI64, {rows});
      absl::Span<const int64_t> in = ds.y.data<int64_t>();
      absl::Span<int64_t> out = b.y.data<int64_t>();
      for (size_t r = 0; r < from.size(); ++r)
        out[r] = in[from[r]];
      std::fill(out.begin() + from.size(), out.end(),
                static_cast<int64_t>(sizes.graphPadValue));
    } else {
      int64_t T = ds.numTargets();
      b.y = Tensor(DType::kF32, {rows, T});
      absl::Span<const float> in = ds.y.data<float>();
      absl::Span<float> out = b.y.data<float>();
      copyRows(in, from, out, T);
      std::fill(out.begin() + from.size() * T, out.end(), sizes.graphPadValue);
    }
  }
  // Split masks of node tasks.
  if (ds.labelLevel == LabelLevel::kNode &&
      !(ds.trainIdx.empty() && ds.valIdx.empty() && ds.testIdx.empty())) {
    std::vector<uint8_t> which(ds.numNodes(), 0);
    for (int64_t i : ds.trainIdx)
      which[i] |= 1;
    for (int64_t i : ds.valIdx)
      which[i] |= 2;
    for (int64_t i : ds.testIdx)
      which[i] |= 4;
    b.trainMask = Tensor(DType::kBool, {N});
    b.valMask = Tensor(DType::kBool, {N});
    b.testMask = Tensor(DType::kBool, {N});
    absl::Span<uint8_t> tr = b.trainMask.data<uint8_t>();
    absl::Span<uint8_t> va = b.valMask.data<uint8_t>();
    absl::Span<uint8_t> te = b.testMask.data<uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
      uint8_t w = which[raw.nodes[i]];
      tr[i] = w & 1;
      va[i] = (w >> 1) & 1;
      te[i] = (w >> 2) & 1;
    }
  }
  return b;
}

absl::StatusOr<Batch> collateGraphs(const GraphDataset &ds,
                                    absl::Span<const int64_t> ids,
                                    const FixedSizeOptions &sizes,
                                    OverSizeStrategy overSize, Rng &rng) {
  if (absl::Status s = sizes.check(); !s.ok())
    return s;
  if (static_cast<int64_t>(ids.size()) > sizes.numGraphs - 1)
    return absl::OutOfRangeError(absl::StrFormat(
        "%d graphs do not fit %d graph slots (one is the null graph)",
        ids.size(), sizes.numGraphs));
  for (int64_t g : ids)
    if (g < 0 || g >= ds.numGraphs())
      return absl::OutOfRangeError(absl::StrFormat(
          "graph %d is outside dataset '%s' (%d graphs)", g, ds.name,
          ds.numGraphs()));
  RawBatch raw = gatherGraphs(ds, ids);
  int64_t trimmedNodes = 0, trimmedEdges = 0;
  if (absl::Status s = fitToSlots(raw, sizes.numNodes - 1, sizes.numEdges - 1,
                                  overSize, rng, trimmedNodes, trimmedEdges);
      !s.ok())
    return s;
  absl::StatusOr<Batch> b = materialize(ds, raw, sizes);
  if (b.ok()) {
    b->trimmedNodes = trimmedNodes;
    b->trimmedEdges = trimmedEdges;
  }
  return b;
}

absl::StatusOr<Batch> fullBatch(const GraphDataset &ds,
                                const FixedSizeOptions *sizes) {
  if (ds.numGraphs() != 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "full batch: dataset '%s' holds %d graphs; the full-batch case is "
        "one graph (use a graph loader for many)",
        ds.name, ds.numGraphs()));
  RawBatch raw = gatherGraphs(ds, std::vector<int64_t>{0});
  FixedSizeOptions exact;
  if (sizes) {
    if (absl::Status s = sizes->check(); !s.ok())
      return s;
    int64_t tn = 0, te = 0;
    Rng unused(0, 0);
    if (absl::Status s =
            fitToSlots(raw, sizes->numNodes - 1, sizes->numEdges - 1,
                       OverSizeStrategy::kError, unused, tn, te);
        !s.ok())
      return s;
  } else {
    exact.numNodes = ds.numNodes();
    exact.numEdges = ds.numEdges();
    exact.numGraphs = 1;
  }
  return materialize(ds, raw, sizes ? *sizes : exact);
}

} // namespace gnnrt::data
