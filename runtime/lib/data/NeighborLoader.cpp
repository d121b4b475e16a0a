//===- NeighborLoader.cpp - Fixed-size neighbour sampling -------------------===//
#include "gnnrt/data/NeighborLoader.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "Internal.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gnnrt/data/Prefetch.h"

namespace gnnrt::data {

namespace {

/// Up to k of the n candidates [0, n) (all when k < 0 or n <= k), drawn
/// without replacement by a partial Fisher-Yates shuffle into `scratch`.
absl::Span<const int64_t> choose(int64_t n, int64_t k, Rng &rng,
                                 std::vector<int64_t> &scratch) {
  scratch.resize(n);
  std::iota(scratch.begin(), scratch.end(), 0);
  if (k < 0 || n <= k)
    return scratch;
  for (int64_t i = 0; i < k; ++i)
    std::swap(scratch[i], scratch[i + rng.below(n - i)]);
  return absl::MakeConstSpan(scratch.data(), k);
}

/// Incoming-edge lists (CSC) of `numNodes` nodes from edge targets.
void buildInEdges(int64_t numNodes, const std::vector<int64_t> &dst,
                  std::vector<int64_t> &ptr, std::vector<int64_t> &edges) {
  ptr.assign(numNodes + 1, 0);
  for (int64_t d : dst)
    ptr[d + 1]++;
  for (int64_t i = 0; i < numNodes; ++i)
    ptr[i + 1] += ptr[i];
  edges.resize(dst.size());
  std::vector<int64_t> fill(ptr.begin(), ptr.end() - 1);
  for (size_t e = 0; e < dst.size(); ++e)
    edges[fill[dst[e]]++] = static_cast<int64_t>(e);
}

absl::Status checkOptions(const NeighborLoaderOptions &o) {
  if (o.batchSize < 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "batch size %d: a neighbour batch needs at least one seed node",
        o.batchSize));
  if (o.numNeighbors.empty())
    return absl::InvalidArgumentError(
        "num_neighbors is empty: give one count per hop (e.g. 5,5)");
  if (o.overSize == OverSizeStrategy::kSkip)
    return absl::InvalidArgumentError(
        "over-size skip does not apply to neighbour batches (a seed batch is "
        "never dropped); use error or trim");
  return absl::OkStatus();
}

absl::Status checkInput(std::vector<int64_t> &input, int64_t numNodes,
                        absl::string_view what) {
  if (input.empty())
    for (int64_t i = 0; i < numNodes; ++i)
      input.push_back(i);
  std::vector<uint8_t> seen(numNodes, 0);
  for (int64_t v : input) {
    if (v < 0 || v >= numNodes)
      return absl::OutOfRangeError(absl::StrFormat(
          "input node %d is outside the %d %s nodes", v, numNodes, what));
    if (seen[v]++)
      return absl::InvalidArgumentError(
          absl::StrFormat("input node %d is listed twice", v));
  }
  return absl::OkStatus();
}

std::vector<int64_t> epochSeeds(const std::vector<int64_t> &input,
                                const NeighborLoaderOptions &o, int64_t epoch,
                                int64_t index) {
  std::vector<int64_t> order = input;
  if (o.shuffle) {
    Rng rng(o.seed, streamId(StreamPurpose::kShuffle, epoch));
    shuffleInPlace(absl::MakeSpan(order), rng);
  }
  int64_t begin = std::min<int64_t>(index * o.batchSize, order.size());
  int64_t end = std::min<int64_t>(begin + o.batchSize, order.size());
  return std::vector<int64_t>(order.begin() + begin, order.begin() + end);
}

/// Batches of at most `o.batchSize` seeds covering `numInputs` seeds.
int64_t batchCount(size_t numInputs, const NeighborLoaderOptions &o) {
  int64_t n = static_cast<int64_t>(numInputs);
  return (n + o.batchSize - 1) / o.batchSize;
}

/// The generator of the neighbour sampling of batch `index` in `epoch`.
Rng samplingRng(const NeighborLoaderOptions &o, int64_t epoch, int64_t index) {
  return Rng(o.seed, streamId(StreamPurpose::kNeighbors, epoch, index));
}

} // namespace

//===----------------------------------------------------------------------===//
// Homogeneous
//===----------------------------------------------------------------------===//

NeighborSampler::NeighborSampler(const GraphDataset &ds)
    : numNodes_(ds.numNodes()), src_(ds.src) {
  buildInEdges(numNodes_, ds.dst, inPtr_, inEdges_);
}

SampledSubgraph NeighborSampler::sample(absl::Span<const int64_t> seeds,
                                        absl::Span<const int64_t> numNeighbors,
                                        Rng &rng) const {
  SampledSubgraph s;
  absl::flat_hash_map<int64_t, int64_t> local;
  std::vector<int64_t> frontier, next, scratch;
  for (int64_t v : seeds)
    if (local.emplace(v, s.nodes.size()).second) {
      frontier.push_back(static_cast<int64_t>(s.nodes.size()));
      s.nodes.push_back(v);
      s.hop.push_back(0);
    }
  s.numSeeds = static_cast<int64_t>(s.nodes.size());
  for (size_t h = 0; h < numNeighbors.size(); ++h) {
    next.clear();
    for (int64_t vl : frontier) {
      int64_t v = s.nodes[vl];
      int64_t begin = inPtr_[v], deg = inPtr_[v + 1] - begin;
      for (int64_t pick : choose(deg, numNeighbors[h], rng, scratch)) {
        int64_t e = inEdges_[begin + pick];
        int64_t u = src_[e];
        auto [it, added] = local.emplace(u, s.nodes.size());
        if (added) {
          next.push_back(it->second);
          s.nodes.push_back(u);
          s.hop.push_back(static_cast<int64_t>(h) + 1);
        }
        s.src.push_back(it->second);
        s.dst.push_back(vl);
        s.edgeIds.push_back(e);
      }
    }
    std::swap(frontier, next);
  }
  return s;
}

absl::StatusOr<FixedSizeNeighborLoader>
FixedSizeNeighborLoader::create(const GraphDataset &ds,
                                std::vector<int64_t> inputNodes,
                                NeighborLoaderOptions options,
                                std::optional<FixedSizeOptions> sizes) {
  if (ds.numGraphs() != 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "dataset '%s' holds %d graphs; neighbour sampling needs one large "
        "graph (use the graph loader for many small ones)",
        ds.name, ds.numGraphs()));
  if (absl::Status s = checkOptions(options); !s.ok())
    return s;
  if (absl::Status s = checkInput(inputNodes, ds.numNodes(), "graph"); !s.ok())
    return s;
  FixedSizeNeighborLoader loader(ds, std::move(inputNodes),
                                 std::move(options));
  if (sizes) {
    if (absl::Status s = sizes->check(); !s.ok())
      return s;
    loader.sizes_ = *sizes;
  } else {
    // PopTorch's from_loader: the largest sampled batch plus one padding
    // node and edge.
    int64_t maxNodes = 0, maxEdges = 0;
    int64_t count =
        std::min(loader.numBatches(), loader.options_.sampleLimit);
    for (int64_t b = 0; b < count; ++b) {
      SampledSubgraph s = loader.sample(0, b);
      maxNodes = std::max<int64_t>(maxNodes, s.nodes.size());
      maxEdges = std::max<int64_t>(maxEdges, s.src.size());
    }
    loader.sizes_.numNodes = maxNodes + 1;
    loader.sizes_.numEdges = maxEdges + 1;
    loader.sizes_.numGraphs = 2;
  }
  return loader;
}

int64_t FixedSizeNeighborLoader::numBatches() const {
  return batchCount(input_.size(), options_);
}

std::vector<int64_t> FixedSizeNeighborLoader::seeds(int64_t epoch,
                                                    int64_t index) const {
  return epochSeeds(input_, options_, epoch, index);
}

SampledSubgraph FixedSizeNeighborLoader::sample(int64_t epoch,
                                                int64_t index) const {
  Rng rng = samplingRng(options_, epoch, index);
  return sampler_.sample(seeds(epoch, index), options_.numNeighbors, rng);
}

absl::StatusOr<Batch> FixedSizeNeighborLoader::batch(int64_t epoch,
                                                     int64_t index) const {
  SampledSubgraph s = sample(epoch, index);
  RawBatch raw;
  raw.nodes = s.nodes;
  raw.nodeSlot.assign(s.nodes.size(), 0);
  raw.nodePriority.resize(s.nodes.size());
  for (size_t i = 0; i < s.nodes.size(); ++i)
    raw.nodePriority[i] = static_cast<int64_t>(i) < s.numSeeds ? -1 : s.hop[i];
  raw.src = std::move(s.src);
  raw.dst = std::move(s.dst);
  raw.edges = std::move(s.edgeIds);
  raw.graphs = {0};
  raw.numSeeds = s.numSeeds;
  Rng rng(options_.seed, streamId(StreamPurpose::kTrim, epoch, index));
  int64_t trimmedNodes = 0, trimmedEdges = 0;
  if (absl::Status st =
          fitToSlots(raw, sizes_.numNodes - 1, sizes_.numEdges - 1,
                     options_.overSize, rng, trimmedNodes, trimmedEdges);
      !st.ok())
    return st;
  absl::StatusOr<Batch> b = materialize(*ds_, raw, sizes_);
  if (b.ok()) {
    b->trimmedNodes = trimmedNodes;
    b->trimmedEdges = trimmedEdges;
  }
  return b;
}

absl::Status FixedSizeNeighborLoader::forEachBatch(
    int64_t epoch, const std::function<absl::Status(Batch &)> &consume,
    EpochStats *stats) const {
  if (stats) {
    *stats = EpochStats();
    stats->nodeSlots = sizes_.numNodes;
    stats->edgeSlots = sizes_.numEdges;
    stats->graphSlots = sizes_.numGraphs;
  }
  std::function<absl::StatusOr<Batch>(int64_t)> produce =
      [&](int64_t i) { return batch(epoch, i); };
  std::function<absl::Status(Batch &)> sink = [&](Batch &b) {
    if (stats)
      stats->add(b);
    return consume(b);
  };
  return runPipelined<Batch>(numBatches(), options_.prefetch, produce, sink);
}

//===----------------------------------------------------------------------===//
// Heterogeneous
//===----------------------------------------------------------------------===//

std::string HeteroFixedSizeOptions::toString(const HeteroGraph &graph) const {
  std::vector<std::string> nodes, edges;
  for (size_t t = 0; t < numNodes.size() && t < graph.nodeTypes.size(); ++t)
    nodes.push_back(absl::StrCat(graph.nodeTypes[t].name, " ", numNodes[t]));
  for (size_t t = 0; t < numEdges.size() && t < graph.edgeTypes.size(); ++t)
    edges.push_back(absl::StrCat(graph.edgeTypes[t].key(), " ", numEdges[t]));
  return absl::StrCat("nodes {", absl::StrJoin(nodes, ", "), "}, edges {",
                      absl::StrJoin(edges, ", "), "}, ", numGraphs,
                      " graphs (one of each reserved for padding)");
}

HeteroNeighborSampler::HeteroNeighborSampler(const HeteroGraph &graph)
    : graph_(&graph) {
  for (const EdgeType &et : graph.edgeTypes) {
    srcType_.push_back(graph.nodeTypeIndex(et.src));
    dstType_.push_back(graph.nodeTypeIndex(et.dst));
    inPtr_.emplace_back();
    inEdges_.emplace_back();
    buildInEdges(graph.nodeTypes[dstType_.back()].numNodes, et.dstIdx,
                 inPtr_.back(), inEdges_.back());
  }
}

HeteroSample HeteroNeighborSampler::sample(
    int64_t inputType, absl::Span<const int64_t> seeds,
    absl::Span<const int64_t> numNeighbors, Rng &rng) const {
  size_t types = graph_->nodeTypes.size(), etypes = graph_->edgeTypes.size();
  HeteroSample s;
  s.inputType = inputType;
  s.nodes.resize(types);
  s.hop.resize(types);
  s.src.resize(etypes);
  s.dst.resize(etypes);
  s.edgeIds.resize(etypes);
  std::vector<absl::flat_hash_map<int64_t, int64_t>> local(types);
  std::vector<std::vector<int64_t>> frontier(types), next(types);
  std::vector<int64_t> scratch;
  for (int64_t v : seeds)
    if (local[inputType].emplace(v, s.nodes[inputType].size()).second) {
      frontier[inputType].push_back(s.nodes[inputType].size());
      s.nodes[inputType].push_back(v);
      s.hop[inputType].push_back(0);
    }
  s.numSeeds = static_cast<int64_t>(s.nodes[inputType].size());
  for (size_t h = 0; h < numNeighbors.size(); ++h) {
    for (auto &n : next)
      n.clear();
    for (size_t et = 0; et < etypes; ++et) {
      int64_t st = srcType_[et], dt = dstType_[et];
      const std::vector<int64_t> &srcIdx = graph_->edgeTypes[et].srcIdx;
      for (int64_t vl : frontier[dt]) {
        int64_t v = s.nodes[dt][vl];
        int64_t begin = inPtr_[et][v], deg = inPtr_[et][v + 1] - begin;
        for (int64_t pick : choose(deg, numNeighbors[h], rng, scratch)) {
          int64_t e = inEdges_[et][begin + pick];
          int64_t u = srcIdx[e];
          auto [it, added] = local[st].emplace(u, s.nodes[st].size());
          if (added) {
            next[st].push_back(it->second);
            s.nodes[st].push_back(u);
            s.hop[st].push_back(static_cast<int64_t>(h) + 1);
          }
          s.src[et].push_back(it->second);
          s.dst[et].push_back(vl);
          s.edgeIds[et].push_back(e);
        }
      }
    }
    std::swap(frontier, next);
  }
  return s;
}

void HeteroEpochStats::add(const HeteroBatch &b) {
  if (batches == 0) {
    nodeSlots.assign(b.nodes.size(), 0);
    realNodes.assign(b.nodes.size(), 0);
    edgeSlots.assign(b.edges.size(), 0);
    realEdges.assign(b.edges.size(), 0);
  }
  ++batches;
  for (size_t t = 0; t < b.nodes.size(); ++t) {
    nodeSlots[t] = b.nodes[t].slots;
    realNodes[t] += b.nodes[t].real;
  }
  for (size_t t = 0; t < b.edges.size(); ++t) {
    edgeSlots[t] = b.edges[t].slots;
    realEdges[t] += b.edges[t].real;
  }
  trimmedNodes += b.trimmedNodes;
  trimmedEdges += b.trimmedEdges;
}

namespace {
double ratio(const std::vector<int64_t> &real,
             const std::vector<int64_t> &slots, int64_t batches) {
  int64_t r = std::accumulate(real.begin(), real.end(), int64_t{0});
  int64_t s = std::accumulate(slots.begin(), slots.end(), int64_t{0});
  return batches && s ? double(r) / (double(s) * batches) : 0.0;
}
} // namespace

double HeteroEpochStats::nodeEfficiency() const {
  return ratio(realNodes, nodeSlots, batches);
}
double HeteroEpochStats::edgeEfficiency() const {
  return ratio(realEdges, edgeSlots, batches);
}

absl::StatusOr<FixedSizeHeteroNeighborLoader>
FixedSizeHeteroNeighborLoader::create(const HeteroGraph &graph,
                                      const std::string &inputType,
                                      std::vector<int64_t> inputNodes,
                                      NeighborLoaderOptions options,
                                      std::optional<HeteroFixedSizeOptions> sizes) {
  int64_t t = graph.nodeTypeIndex(inputType);
  if (t < 0) {
    std::vector<std::string> names;
    for (const NodeType &nt : graph.nodeTypes)
      names.push_back(nt.name);
    return absl::InvalidArgumentError(
        absl::StrCat("no node type '", inputType, "' in '", graph.name,
                     "'; input nodes must be of one of: ",
                     absl::StrJoin(names, ", ")));
  }
  if (absl::Status s = checkOptions(options); !s.ok())
    return s;
  if (absl::Status s =
          checkInput(inputNodes, graph.nodeTypes[t].numNodes, inputType);
      !s.ok())
    return s;
  FixedSizeHeteroNeighborLoader loader(graph, t, std::move(inputNodes),
                                       std::move(options));
  size_t types = graph.nodeTypes.size(), etypes = graph.edgeTypes.size();
  if (sizes) {
    if (sizes->numNodes.size() != types || sizes->numEdges.size() != etypes)
      return absl::InvalidArgumentError(absl::StrFormat(
          "fixed sizes give %d node types and %d edge types; the graph has %d "
          "and %d",
          sizes->numNodes.size(), sizes->numEdges.size(), types, etypes));
    for (int64_t n : sizes->numNodes)
      if (n < 1)
        return absl::InvalidArgumentError(
            "every node type needs at least 1 slot (the padding node)");
    for (int64_t n : sizes->numEdges)
      if (n < 1)
        return absl::InvalidArgumentError(
            "every edge type needs at least 1 slot (the padding edge)");
    if (sizes->numGraphs < 2)
      return absl::InvalidArgumentError("num_graphs must be at least 2");
    loader.sizes_ = *sizes;
  } else {
    HeteroFixedSizeOptions o;
    o.numNodes.assign(types, 0);
    o.numEdges.assign(etypes, 0);
    int64_t count = std::min(loader.numBatches(), loader.options_.sampleLimit);
    for (int64_t b = 0; b < count; ++b) {
      HeteroSample s = loader.sample(0, b);
      for (size_t i = 0; i < types; ++i)
        o.numNodes[i] = std::max<int64_t>(o.numNodes[i], s.nodes[i].size());
      for (size_t i = 0; i < etypes; ++i)
        o.numEdges[i] = std::max<int64_t>(o.numEdges[i], s.src[i].size());
    }
    for (int64_t &n : o.numNodes)
      ++n;
    for (int64_t &n : o.numEdges)
      ++n;
    loader.sizes_ = o;
  }
  return loader;
}

int64_t FixedSizeHeteroNeighborLoader::numBatches() const {
  return batchCount(input_.size(), options_);
}

std::vector<int64_t> FixedSizeHeteroNeighborLoader::seeds(int64_t epoch,
                                                          int64_t index) const {
  return epochSeeds(input_, options_, epoch, index);
}

HeteroSample FixedSizeHeteroNeighborLoader::sample(int64_t epoch,
                                                   int64_t index) const {
  Rng rng = samplingRng(options_, epoch, index);
  return sampler_.sample(inputType_, seeds(epoch, index),
                         options_.numNeighbors, rng);
}

absl::StatusOr<HeteroBatch>
FixedSizeHeteroNeighborLoader::batch(int64_t epoch, int64_t index) const {
  HeteroSample s = sample(epoch, index);
  const HeteroGraph &g = *graph_;
  size_t types = g.nodeTypes.size(), etypes = g.edgeTypes.size();
  bool trimNodes = options_.overSize == OverSizeStrategy::kTrimNodes ||
                   options_.overSize == OverSizeStrategy::kTrimNodesAndEdges;
  bool trimEdges = options_.overSize == OverSizeStrategy::kTrimEdges ||
                   options_.overSize == OverSizeStrategy::kTrimNodesAndEdges;
  HeteroBatch b;
  Rng rng(options_.seed, streamId(StreamPurpose::kTrim, epoch, index));
  // Trim nodes per type (never a seed; last hop first), then the edges that
  // lost an end.
  std::vector<std::vector<int64_t>> newId(types);
  bool anyRemoved = false;
  for (size_t t = 0; t < types; ++t) {
    int64_t n = static_cast<int64_t>(s.nodes[t].size());
    int64_t maxNodes = sizes_.numNodes[t] - 1;
    newId[t].resize(n);
    std::iota(newId[t].begin(), newId[t].end(), 0);
    if (n <= maxNodes)
      continue;
    int64_t seeds = static_cast<int64_t>(t) == s.inputType ? s.numSeeds : 0;
    if (!trimNodes || seeds > maxNodes)
      return absl::OutOfRangeError(absl::StrFormat(
          "a batch holds %d '%s' nodes but %d fit (slots minus the padding "
          "node)%s; fix: raise that type's node slots or trim",
          n, g.nodeTypes[t].name, maxNodes,
          seeds > maxNodes ? ", and the seeds alone exceed them" : ""));
    std::vector<int64_t> candidates, priority;
    for (int64_t i = seeds; i < n; ++i) {
      candidates.push_back(i);
      priority.push_back(s.hop[t][i]);
    }
    for (int64_t i : internal::trimOrder(candidates, priority, n - maxNodes, rng))
      newId[t][i] = -1;
    std::vector<int64_t> nodes, hop;
    for (int64_t i = 0; i < n; ++i) {
      if (newId[t][i] < 0)
        continue;
      newId[t][i] = static_cast<int64_t>(nodes.size());
      nodes.push_back(s.nodes[t][i]);
      hop.push_back(s.hop[t][i]);
    }
    b.trimmedNodes += n - static_cast<int64_t>(nodes.size());
    s.nodes[t] = std::move(nodes);
    s.hop[t] = std::move(hop);
    anyRemoved = true;
  }
  std::vector<int64_t> srcType(etypes), dstType(etypes);
  for (size_t et = 0; et < etypes; ++et) {
    srcType[et] = g.nodeTypeIndex(g.edgeTypes[et].src);
    dstType[et] = g.nodeTypeIndex(g.edgeTypes[et].dst);
    std::vector<int64_t> &src = s.src[et], &dst = s.dst[et],
                         &ids = s.edgeIds[et];
    int64_t m = static_cast<int64_t>(src.size()), w = 0;
    if (anyRemoved) {
      for (int64_t e = 0; e < m; ++e) {
        int64_t a = newId[srcType[et]][src[e]], c = newId[dstType[et]][dst[e]];
        if (a < 0 || c < 0)
          continue;
        src[w] = a;
        dst[w] = c;
        ids[w] = ids[e];
        ++w;
      }
      b.trimmedEdges += m - w;
      src.resize(w);
      dst.resize(w);
      ids.resize(w);
      m = w;
    }
    int64_t maxEdges = sizes_.numEdges[et] - 1;
    if (m <= maxEdges)
      continue;
    if (!trimEdges)
      return absl::OutOfRangeError(absl::StrFormat(
          "a batch holds %d '%s' edges but %d fit (slots minus the padding "
          "edge); fix: raise that type's edge slots or trim",
          m, g.edgeTypes[et].key(), maxEdges));
    std::vector<int64_t> candidates(m), priority(m);
    for (int64_t e = 0; e < m; ++e) {
      candidates[e] = e;
      priority[e] = std::max(s.hop[srcType[et]][src[e]],
                             s.hop[dstType[et]][dst[e]]);
    }
    std::vector<uint8_t> drop(m, 0);
    for (int64_t e : internal::trimOrder(candidates, priority, m - maxEdges, rng))
      drop[e] = 1;
    w = 0;
    for (int64_t e = 0; e < m; ++e) {
      if (drop[e])
        continue;
      src[w] = src[e];
      dst[w] = dst[e];
      ids[w] = ids[e];
      ++w;
    }
    b.trimmedEdges += m - w;
    src.resize(w);
    dst.resize(w);
    ids.resize(w);
  }

  // Pad every type: real rows first, padding after (graph slot 1).
  b.inputType = s.inputType;
  b.numSeeds = s.numSeeds;
  b.nodes.resize(types);
  for (size_t t = 0; t < types; ++t) {
    const NodeType &nt = g.nodeTypes[t];
    HeteroBatch::Nodes &out = b.nodes[t];
    int64_t slots = sizes_.numNodes[t];
    int64_t n = static_cast<int64_t>(s.nodes[t].size());
    int64_t f = nt.x.rank() == 2 ? nt.x.dim(1) : 0;
    out.slots = slots;
    out.real = n;
    out.x = Tensor(DType::kF32, {slots, f});
    absl::Span<const float> xin = nt.x.data<float>();
    absl::Span<float> xout = out.x.data<float>();
    for (int64_t i = 0; i < n; ++i)
      if (f > 0)
        std::memcpy(&xout[i * f], &xin[s.nodes[t][i] * f], f * sizeof(float));
    std::fill(xout.begin() + n * f, xout.end(), sizes_.nodePadValue);
    out.nId = Tensor(DType::kI64, {slots});
    std::copy(s.nodes[t].begin(), s.nodes[t].end(),
              out.nId.data<int64_t>().begin());
    out.batch = Tensor(DType::kI64, {slots});
    std::fill(out.batch.data<int64_t>().begin() + n,
              out.batch.data<int64_t>().end(), 1);
    out.ptr = Tensor::fromI64({3}, {0, n, slots});
    out.nodesMask = Tensor(DType::kBool, {slots});
    std::fill(out.nodesMask.data<uint8_t>().begin(),
              out.nodesMask.data<uint8_t>().begin() + n, 1);
    if (nt.labelKind == LabelKind::kClass) {
      out.y = Tensor(DType::kI64, {slots});
      absl::Span<int64_t> y = out.y.data<int64_t>();
      for (int64_t i = 0; i < n; ++i)
        y[i] = nt.y.data<int64_t>()[s.nodes[t][i]];
      std::fill(y.begin() + n, y.end(),
                static_cast<int64_t>(sizes_.graphPadValue));
    }
  }
  b.edges.resize(etypes);
  for (size_t et = 0; et < etypes; ++et) {
    HeteroBatch::Edges &out = b.edges[et];
    int64_t slots = sizes_.numEdges[et];
    int64_t m = static_cast<int64_t>(s.src[et].size());
    out.slots = slots;
    out.real = m;
    out.edgeIndex = Tensor(DType::kI64, {2, slots});
    absl::Span<int64_t> ei = out.edgeIndex.data<int64_t>();
    std::copy(s.src[et].begin(), s.src[et].end(), ei.begin());
    std::copy(s.dst[et].begin(), s.dst[et].end(), ei.begin() + slots);
    // Padding edges join the first padding node of each end's type.
    std::fill(ei.begin() + m, ei.begin() + slots, b.nodes[srcType[et]].real);
    std::fill(ei.begin() + slots + m, ei.end(), b.nodes[dstType[et]].real);
    out.eId = Tensor(DType::kI64, {slots});
    std::copy(s.edgeIds[et].begin(), s.edgeIds[et].end(),
              out.eId.data<int64_t>().begin());
    out.edgesMask = Tensor(DType::kBool, {slots});
    std::fill(out.edgesMask.data<uint8_t>().begin(),
              out.edgesMask.data<uint8_t>().begin() + m, 1);
  }
  b.graphsMask = Tensor(DType::kBool, {sizes_.numGraphs});
  b.graphsMask.data<uint8_t>()[0] = 1;
  return b;
}

absl::Status FixedSizeHeteroNeighborLoader::forEachBatch(
    int64_t epoch, const std::function<absl::Status(HeteroBatch &)> &consume,
    HeteroEpochStats *stats) const {
  if (stats)
    *stats = HeteroEpochStats();
  std::function<absl::StatusOr<HeteroBatch>(int64_t)> produce =
      [&](int64_t i) { return batch(epoch, i); };
  std::function<absl::Status(HeteroBatch &)> sink = [&](HeteroBatch &b) {
    if (stats)
      stats->add(b);
    return consume(b);
  };
  return runPipelined<HeteroBatch>(numBatches(), options_.prefetch, produce,
                                   sink);
}

} // namespace gnnrt::data
