//===- Loader.cpp - The fixed-size data loader for many small graphs ------===//
//
// Streams: the epoch order is (kShuffle, epoch), the packer's search
// (kPack-derived inside planPack, keyed by seed + epoch when shuffling) and
// trimming (kTrim, epoch, batch index).
//
//===----------------------------------------------------------------------===//
#include "gnnrt/data/Loader.h"

#include "absl/strings/str_format.h"
#include "gnnrt/data/Prefetch.h"

namespace gnnrt::data {

void EpochStats::add(const Batch &b) {
  ++batches;
  nodeSlots = b.numNodes;
  edgeSlots = b.numEdges;
  graphSlots = b.numGraphs;
  realNodes += b.realNodes;
  realEdges += b.realEdges;
  realGraphs += b.realGraphs;
  trimmedNodes += b.trimmedNodes;
  trimmedEdges += b.trimmedEdges;
  realGraphsPerBatch.push_back(b.realGraphs);
}

double EpochStats::nodeEfficiency() const {
  return batches ? double(realNodes) / (double(batches) * nodeSlots) : 0.0;
}
double EpochStats::edgeEfficiency() const {
  return batches ? double(realEdges) / (double(batches) * edgeSlots) : 0.0;
}
double EpochStats::graphEfficiency() const {
  return batches ? double(realGraphs) / (double(batches) * graphSlots) : 0.0;
}

absl::StatusOr<FixedSizeDataLoader>
FixedSizeDataLoader::create(const GraphDataset &ds,
                            std::vector<int64_t> graphIds,
                            LoaderOptions options) {
  if (ds.labelLevel == LabelLevel::kNode && ds.numGraphs() == 1 &&
      ds.labelKind != LabelKind::kNone)
    return absl::InvalidArgumentError(absl::StrFormat(
        "dataset '%s' is one graph with node labels: batch it with the "
        "neighbour loader or as a full batch, not the graph loader",
        ds.name));
  if (graphIds.empty())
    for (int64_t g = 0; g < ds.numGraphs(); ++g)
      graphIds.push_back(g);
  for (int64_t g : graphIds)
    if (g < 0 || g >= ds.numGraphs())
      return absl::OutOfRangeError(absl::StrFormat(
          "graph %d is outside dataset '%s' (%d graphs)", g, ds.name,
          ds.numGraphs()));
  if (options.sizes.numGraphs < 2)
    return absl::InvalidArgumentError(absl::StrFormat(
        "num_graphs %d: fixed-size batches need at least 2 graph slots (one "
        "is the null graph)",
        options.sizes.numGraphs));
  if (options.sizes.numNodes <= 0 || options.sizes.numEdges <= 0) {
    FixedSizeOptions chosen;
    if (options.strategy == FixedSizeStrategy::kPack) {
      absl::StatusOr<FixedSizeOptions> o = choosePackSizes(
          graphSizes(ds), graphIds, options.sizes.numGraphs, options.seed);
      if (!o.ok())
        return o.status();
      chosen = *o;
    } else {
      absl::StatusOr<FixedSizeOptions> o = FixedSizeOptions::fromDataset(
          ds, graphIds, options.sizes.numGraphs);
      if (!o.ok())
        return o.status();
      chosen = *o;
    }
    if (options.sizes.numNodes <= 0)
      options.sizes.numNodes = chosen.numNodes;
    if (options.sizes.numEdges <= 0)
      options.sizes.numEdges = chosen.numEdges;
  }
  if (absl::Status s = options.sizes.check(); !s.ok())
    return s;
  FixedSizeDataLoader loader(ds, std::move(graphIds), options);
  if (!options.shuffle) {
    absl::StatusOr<PackPlan> p = loader.plan(0);
    if (!p.ok())
      return p.status();
    loader.fixedPlan_ = std::make_shared<const PackPlan>(*std::move(p));
  }
  return loader;
}

absl::StatusOr<std::shared_ptr<const PackPlan>>
FixedSizeDataLoader::sharedPlan(int64_t epoch) const {
  if (fixedPlan_)
    return fixedPlan_;
  absl::StatusOr<PackPlan> p = plan(epoch);
  if (!p.ok())
    return p.status();
  return std::make_shared<const PackPlan>(*std::move(p));
}

absl::StatusOr<PackPlan> FixedSizeDataLoader::plan(int64_t epoch) const {
  if (fixedPlan_)
    return *fixedPlan_;
  std::vector<int64_t> order = ids_;
  if (options_.shuffle) {
    Rng rng(options_.seed, streamId(StreamPurpose::kShuffle, epoch));
    shuffleInPlace(absl::MakeSpan(order), rng);
  }
  PackLimits limits = PackLimits::fromOptions(options_.sizes);
  switch (options_.strategy) {
  case FixedSizeStrategy::kPadToMax:
    return planPadToMax(sizes_, order, limits, options_.overSize);
  case FixedSizeStrategy::kStreamPack:
    return planStreamPack(sizes_, order, limits, options_.overSize);
  case FixedSizeStrategy::kPack: {
    uint64_t seed = options_.shuffle ? options_.seed + 0x9e3779b9ULL * epoch
                                     : options_.seed;
    absl::StatusOr<PackPlan> p =
        planPack(sizes_, order, limits, options_.overSize, seed);
    if (p.ok() && options_.shuffle) {
      Rng rng(options_.seed, streamId(StreamPurpose::kLoaderOrder, epoch));
      shuffleInPlace(absl::MakeSpan(p->batches), rng);
    }
    return p;
  }
  }
  return absl::InternalError("unknown strategy");
}

absl::StatusOr<Batch> FixedSizeDataLoader::collate(
    absl::Span<const int64_t> graphs, int64_t epoch, int64_t index) const {
  Rng rng(options_.seed, streamId(StreamPurpose::kTrim, epoch, index));
  return collateGraphs(*ds_, graphs, options_.sizes, options_.overSize, rng);
}

absl::Status FixedSizeDataLoader::forEachBatch(
    int64_t epoch, const std::function<absl::Status(Batch &)> &consume,
    EpochStats *stats) const {
  absl::StatusOr<std::shared_ptr<const PackPlan>> p = sharedPlan(epoch);
  if (!p.ok())
    return p.status();
  if (stats) {
    *stats = EpochStats();
    stats->skippedGraphs = static_cast<int64_t>((*p)->skipped.size());
    stats->nodeSlots = options_.sizes.numNodes;
    stats->edgeSlots = options_.sizes.numEdges;
    stats->graphSlots = options_.sizes.numGraphs;
  }
  const PackPlan &planRef = **p;
  std::function<absl::StatusOr<Batch>(int64_t)> produce =
      [&](int64_t i) -> absl::StatusOr<Batch> {
    return collate(planRef.batches[i], epoch, i);
  };
  std::function<absl::Status(Batch &)> sink = [&](Batch &b) -> absl::Status {
    if (stats)
      stats->add(b);
    return consume(b);
  };
  return runPipelined<Batch>(static_cast<int64_t>(planRef.batches.size()),
                             options_.prefetch, produce, sink);
}

} // namespace gnnrt::data
