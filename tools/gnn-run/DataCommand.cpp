//===- DataCommand.cpp - `gnn-run data`: the fixed-size data pipeline ------===//
//
//   gnn-run data DATASET [--dataset-dir DIR] [--transform T,...]
//                [--strategy pad-to-max|stream-pack|pack|neighbor|full]
//                [--num-graphs N] [--num-nodes N] [--num-edges N]
//                [--over-size error|skip|trim-nodes|trim-edges|trim]
//                [--order FILE] [--shuffle-seed S] [--take N] [--split S]
//                [--batch-size N] [--num-neighbors 5,5] [--input-nodes S]
//                [--epochs N] [--shuffle] [--seed N] [--prefetch N]
//                [--metrics-json FILE] [--export-dir DIR]
//
// Loads a dataset (a generator or a real folder), prints its summary, batches
// it into fixed-size batches and prints the batching efficiency (real nodes,
// edges and graphs over slots), the lower bound those limits allow, and the
// loader throughput; --metrics-json writes the same figures as JSON.
// --export-dir writes the full batch of a one-graph dataset as .npy files
// named after the arguments of imported models (x, src, dst, y, train_mask,
// ..., nodes_mask, edges_mask), ready for `gnn-run eval/train-ref --input`.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "Commands.h"
#include "gnnrt/Npy.h"
#include "gnnrt/data/Datasets.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Loader.h"
#include "gnnrt/data/NeighborLoader.h"
#include "gnnrt/data/Packing.h"
#include "gnnrt/data/Readers.h"
#include "gnnrt/data/Rng.h"
#include "gnnrt/data/Summary.h"
#include "gnnrt/data/Transforms.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace gnnrt::data;

cl::SubCommand gnnrun::dataCommand(
    "data", "Batch a dataset into fixed-size batches and report the summary, "
            "batching efficiency and loader throughput");

cl::OptionCategory gnnrun::dataCategory("gnn-run data options");

// cl::desc keeps a StringRef: the text must outlive the option.
static const std::string datasetHelp =
    std::string("<dataset>\n\nDATASET is a generator or a real dataset:\n") +
    datasetSpecHelp();
static cl::opt<std::string> datasetSpec(cl::Positional,
                                        cl::desc(datasetHelp),
                                        cl::sub(gnnrun::dataCommand),
                                        cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> datasetDir(
    "dataset-dir",
    cl::desc("Folder holding the real datasets (mutag/, cora/, ...); default "
             "$GNNC_DATASETS"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<uint64_t>
    dataSeed("data-seed", cl::desc("Seed of the generators (default 0)"),
             cl::init(0), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::list<std::string> transforms(
    "transform",
    cl::desc("Transforms applied in order: normalize-features, "
             "add-self-loops, to-undirected, remove-isolated-nodes"),
    cl::CommaSeparated, cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> strategyOpt(
    "strategy",
    cl::desc("pad-to-max (PopTorch Geometric's default), stream-pack "
             "(PopTorch Geometric's packer), pack (our offline packer), "
             "neighbor (node tasks on one graph), full (the whole graph as one "
             "batch). Default: pad-to-max for many graphs, full for one "
             "graph, neighbor for heterogeneous graphs"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> numGraphs(
    "num-graphs",
    cl::desc("Graph slots per batch, the null graph included (PopTorch's "
             "batch_size; default 10)"),
    cl::init(10), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> numNodes(
    "num-nodes",
    cl::desc("Node slots per batch, padding included (default: from the "
             "dataset for pad-to-max/stream-pack, our own choice for pack, "
             "from the loader for neighbor); for heterogeneous graphs, every "
             "node type"),
    cl::init(0), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> numEdges("num-edges",
                                 cl::desc("Edge slots per batch (as above)"),
                                 cl::init(0), cl::sub(gnnrun::dataCommand),
                                 cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> nodesPerType(
    "num-nodes-per-type",
    cl::desc("Heterogeneous node slots, TYPE=N,... (others from the loader)"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> edgesPerType(
    "num-edges-per-type",
    cl::desc("Heterogeneous edge slots, SRC__REL__DST=N,..."),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> overSizeOpt(
    "over-size",
    cl::desc("error, skip, trim-nodes, trim-edges or trim (default: error; "
             "trim for neighbor)"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> orderFile(
    "order",
    cl::desc("Graph order: a file with one graph id per line (e.g. the "
             "permutation of a PyTorch shuffle), applied before --take"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> shuffleSeed(
    "shuffle-seed",
    cl::desc("Shuffle the graphs once with this seed before --take (like "
             "dataset.shuffle())"),
    cl::init(-1), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t>
    take("take", cl::desc("Keep the first N graphs (after --order/--shuffle-seed)"),
         cl::init(-1), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> split(
    "split",
    cl::desc("Graph datasets: keep the train, val or test split; node "
             "datasets: see --input-nodes"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> inputNodes(
    "input-nodes",
    cl::desc("neighbor: seed nodes, train, val, test or all (default train "
             "when the dataset has a split)"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> inputType(
    "input-type",
    cl::desc("neighbor on heterogeneous graphs: the seed node type (default: "
             "the first labelled type)"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t>
    batchSize("batch-size",
              cl::desc("neighbor: seed nodes per batch (default 5)"),
              cl::init(5), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> numNeighbors(
    "num-neighbors",
    cl::desc("neighbor: neighbours sampled per hop, e.g. 5,5 (-1: all)"),
    cl::init("5,5"), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> sampleLimit(
    "sample-limit",
    cl::desc("neighbor: batches sampled to size the loader (default 1000)"),
    cl::init(1000), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t> epochs("epochs",
                               cl::desc("Epochs to run (throughput)"),
                               cl::init(1), cl::sub(gnnrun::dataCommand),
                               cl::cat(gnnrun::dataCategory));
static cl::opt<bool> shuffle("shuffle",
                             cl::desc("Reshuffle the graphs or seeds every "
                                      "epoch"),
                             cl::sub(gnnrun::dataCommand),
                             cl::cat(gnnrun::dataCategory));
static cl::opt<uint64_t> seed("seed",
                              cl::desc("Seed of the loader (shuffle, packing "
                                       "search, sampling, trimming)"),
                              cl::init(0), cl::sub(gnnrun::dataCommand),
                              cl::cat(gnnrun::dataCategory));
static cl::opt<int64_t>
    prefetch("prefetch",
             cl::desc("Batches built ahead on a background thread"),
             cl::init(0), cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<bool> printBatches(
    "print-batches", cl::desc("Print the real counts of every batch"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string>
    metricsJson("metrics-json", cl::desc("Write the figures as JSON to FILE"),
                cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));
static cl::opt<std::string> exportDir(
    "export-dir",
    cl::desc("Write the full batch of a one-graph dataset (padded into "
             "--num-nodes/--num-edges if given) as DIR/<name>.npy, named as "
             "imported models' arguments: x, src, dst, edge_attr, y, "
             "train_mask, val_mask, test_mask, nodes_mask, edges_mask"),
    cl::sub(gnnrun::dataCommand), cl::cat(gnnrun::dataCategory));

namespace {

int fail(const absl::Status &status) {
  llvm::errs() << "error: " << std::string(status.message()) << "\n";
  return 1;
}

int fail(llvm::StringRef message) {
  llvm::errs() << "error: " << message << "\n";
  return 1;
}

std::string percent(double fraction) {
  return llvm::formatv("{0:F2}%", fraction * 100).str();
}

llvm::json::Object statsJson(const Stats &s) {
  return llvm::json::Object{{"mean", s.mean},     {"std", s.std},
                            {"min", s.min},       {"q25", s.q25},
                            {"median", s.median}, {"q75", s.q75},
                            {"max", s.max}};
}

/// "5,5" -> {5, 5}.
bool parseInts(llvm::StringRef text, std::vector<int64_t> &out) {
  out.clear();
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef p : parts) {
    int64_t v;
    if (p.trim().getAsInteger(10, v))
      return false;
    out.push_back(v);
  }
  return !out.empty();
}

/// "a=1,b=2" -> {a: 1, b: 2}.
bool parseTypeSizes(llvm::StringRef text, std::map<std::string, int64_t> &out) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef p : parts) {
    auto [key, value] = p.split('=');
    int64_t v;
    if (key.trim().empty() || value.trim().getAsInteger(10, v) || v < 1)
      return false;
    out[key.trim().str()] = v;
  }
  return true;
}

absl::Status applyTransforms(LoadedDataset &data) {
  for (const std::string &t : transforms) {
    if (data.hetero) {
      if (t == "normalize-features")
        normalizeFeatures(data.heteroGraph);
      else if (t == "remove-isolated-nodes")
        removeIsolatedNodes(data.heteroGraph);
      else
        return absl::InvalidArgumentError(
            "transform '" + t +
            "' does not apply to heterogeneous graphs; use "
            "normalize-features or remove-isolated-nodes");
      continue;
    }
    if (t == "normalize-features")
      normalizeFeatures(data.graphs);
    else if (t == "add-self-loops")
      addSelfLoops(data.graphs);
    else if (t == "to-undirected")
      toUndirected(data.graphs);
    else if (t == "remove-isolated-nodes")
      removeIsolatedNodes(data.graphs);
    else
      return absl::InvalidArgumentError(
          "unknown transform '" + t +
          "'; use normalize-features, add-self-loops, to-undirected or "
          "remove-isolated-nodes");
  }
  return absl::OkStatus();
}

/// Throughput over all epochs.
struct Timing {
  int64_t batches = 0;
  double seconds = 0;
  double perSecond() const { return seconds > 0 ? batches / seconds : 0; }
};

void printTiming(const Timing &t) {
  llvm::outs() << llvm::formatv(
      "throughput: {0} batches in {1:F4} s over {2} epoch(s): {3:F0} "
      "batches/s\n",
      t.batches, t.seconds, epochs.getValue(), t.perSecond());
}

llvm::json::Object timingJson(const Timing &t) {
  return llvm::json::Object{{"epochs", epochs.getValue()},
                            {"batches", t.batches},
                            {"seconds", t.seconds},
                            {"batches_per_second", t.perSecond()},
                            {"prefetch", prefetch.getValue()}};
}

/// A checksum the consumer computes so the batches are really touched.
volatile int64_t sink = 0;

absl::Status touch(const Batch &b) {
  sink = sink + b.realNodes + b.edgeIndex.intAt(0);
  return absl::OkStatus();
}

absl::Status touchHetero(const HeteroBatch &b) {
  for (const HeteroBatch::Nodes &n : b.nodes)
    sink = sink + n.real;
  return absl::OkStatus();
}

/// Runs --epochs epochs of `loader`, passing every batch to `consume`:
/// `first` gets the first epoch's stats, `timing` the throughput over all
/// epochs, and `onEpoch` sees the stats of every epoch.
template <typename Loader, typename Stats, typename Consume, typename OnEpoch>
absl::Status runEpochs(const Loader &loader, Consume consume, Stats &first,
                       Timing &timing, OnEpoch onEpoch) {
  auto start = std::chrono::steady_clock::now();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    Stats stats;
    absl::Status st = loader.forEachBatch(epoch, consume, &stats);
    if (!st.ok())
      return st;
    timing.batches += stats.batches;
    onEpoch(stats);
    if (epoch == 0)
      first = stats;
  }
  timing.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return absl::OkStatus();
}

template <typename Loader, typename Stats, typename Consume>
absl::Status runEpochs(const Loader &loader, Consume consume, Stats &first,
                       Timing &timing) {
  return runEpochs(loader, consume, first, timing, [](const Stats &) {});
}

/// "batches: N per epoch" and "efficiency: nodes X, edges Y<more> (<note>)"
/// of the first epoch.
template <typename Stats>
void printEfficiency(const Stats &first, llvm::StringRef more,
                     llvm::StringRef note) {
  llvm::outs() << "batches: " << first.batches << " per epoch\n";
  llvm::outs() << "efficiency: nodes " << percent(first.nodeEfficiency())
               << ", edges " << percent(first.edgeEfficiency()) << more
               << " (" << note << ")\n";
}

/// The JSON figures of every loader: the first epoch's batches and trimmed
/// items, its `efficiency`, and the throughput.
template <typename Stats>
void addEpochJson(llvm::json::Object &json, const Stats &first,
                  llvm::json::Object efficiency, const Timing &timing) {
  json["batches"] = first.batches;
  json["efficiency"] = std::move(efficiency);
  json["trimmed_nodes"] = first.trimmedNodes;
  json["trimmed_edges"] = first.trimmedEdges;
  json["throughput"] = timingJson(timing);
}

/// The "batching" JSON fields the homogeneous and heterogeneous neighbour
/// loaders share.
llvm::json::Object neighborBatchingJson(bool given, OverSizeStrategy overSize,
                                        const NeighborLoaderOptions &no,
                                        size_t seedNodes) {
  return llvm::json::Object{
      {"strategy", "neighbor"},
      {"sizes_origin", given ? "given" : "from the loader"},
      {"over_size", gnnrt::data::overSizeName(overSize)},
      {"batch_size", no.batchSize},
      {"num_neighbors", numNeighbors.getValue()},
      {"seed_nodes", static_cast<int64_t>(seedNodes)}};
}

int writeJson(llvm::json::Object object) {
  if (metricsJson.empty())
    return 0;
  std::error_code ec;
  llvm::raw_fd_ostream os(metricsJson, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail("cannot write --metrics-json file '" + metricsJson +
                "': " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(object))) << "\n";
  return 0;
}

/// The graphs to batch, after --split, --order, --shuffle-seed and --take.
absl::StatusOr<std::vector<int64_t>> selectGraphIds(const GraphDataset &ds,
                                                    std::string &how) {
  std::vector<int64_t> ids;
  if (!split.empty()) {
    const std::vector<int64_t> *s = split == "train" ? &ds.trainIdx
                                    : split == "val" ? &ds.valIdx
                                    : split == "test" ? &ds.testIdx
                                                      : nullptr;
    if (!s)
      return absl::InvalidArgumentError("--split must be train, val or test");
    if (s->empty())
      return absl::InvalidArgumentError("dataset '" + ds.name +
                                        "' has no " + split +
                                        " split; select graphs with --order "
                                        "/ --shuffle-seed / --take instead");
    ids = *s;
    how += " " + split + " split;";
  } else {
    for (int64_t g = 0; g < ds.numGraphs(); ++g)
      ids.push_back(g);
  }
  if (!orderFile.empty()) {
    absl::StatusOr<std::vector<int64_t>> order =
        readIdList(orderFile, ds.numGraphs());
    if (!order.ok())
      return order.status();
    std::vector<uint8_t> allowed(ds.numGraphs(), 0);
    for (int64_t g : ids)
      allowed[g] = 1;
    std::vector<int64_t> kept;
    for (int64_t g : *order)
      if (allowed[g])
        kept.push_back(g);
    ids = std::move(kept);
    how += " order from " + orderFile + ";";
  }
  if (shuffleSeed >= 0) {
    Rng rng(static_cast<uint64_t>(shuffleSeed.getValue()),
            streamId(StreamPurpose::kSplit, 1));
    shuffleInPlace(absl::MakeSpan(ids), rng);
    how += " shuffled with seed " + std::to_string(shuffleSeed) + ";";
  }
  if (take >= 0) {
    if (take > static_cast<int64_t>(ids.size()))
      return absl::InvalidArgumentError(
          "--take " + std::to_string(take) + " exceeds the " +
          std::to_string(ids.size()) + " graphs selected");
    ids.resize(take);
    how += " first " + std::to_string(take) + ";";
  }
  return ids;
}

OverSizeStrategy defaultOverSize(bool neighbor) {
  return neighbor ? OverSizeStrategy::kTrimNodesAndEdges
                  : OverSizeStrategy::kError;
}

int runGraphLoader(const GraphDataset &ds, FixedSizeStrategy strategy,
                   OverSizeStrategy overSize, llvm::json::Object &json) {
  std::string how;
  absl::StatusOr<std::vector<int64_t>> ids = selectGraphIds(ds, how);
  if (!ids.ok())
    return fail(ids.status());
  if (ids->empty())
    return fail("no graphs selected");
  if (!how.empty()) {
    Summary sel = summarize(ds, *ids);
    sel.name = "selection (" + llvm::StringRef(how).trim().rtrim(';').str() +
               ")";
    llvm::outs() << formatSummary(sel);
    json["selection"] = llvm::json::Object{
        {"how", llvm::StringRef(how).trim().str()},
        {"graphs", sel.numGraphs},
        {"nodes", sel.totalNodes},
        {"edges", sel.totalEdges},
        {"node_stats", statsJson(sel.nodes)},
        {"edge_stats", statsJson(sel.edges)}};
  }
  LoaderOptions lo;
  lo.strategy = strategy;
  lo.overSize = overSize;
  lo.sizes.numGraphs = numGraphs;
  lo.sizes.numNodes = numNodes;
  lo.sizes.numEdges = numEdges;
  lo.shuffle = shuffle;
  lo.seed = seed;
  lo.prefetch = prefetch;
  absl::StatusOr<FixedSizeDataLoader> loader =
      FixedSizeDataLoader::create(ds, *ids, lo);
  if (!loader.ok())
    return fail(loader.status());
  const FixedSizeOptions &sizes = loader->options().sizes;
  const char *origin =
      numNodes > 0 && numEdges > 0
          ? "given"
          : (strategy == FixedSizeStrategy::kPack ? "chosen by the packer"
                                                  : "from the dataset");
  llvm::outs() << "batching: " << gnnrt::data::strategyName(strategy)
               << ", slots " << sizes.toString() << " (" << origin
               << "), over-size " << gnnrt::data::overSizeName(overSize)
               << (shuffle ? ", reshuffled every epoch" : "") << "\n";

  EpochStats first;
  Timing timing;
  std::vector<double> nodeEff;
  if (absl::Status s = runEpochs(
          *loader, [](Batch &b) { return touch(b); }, first, timing,
          [&](const EpochStats &stats) {
            nodeEff.push_back(stats.nodeEfficiency());
          });
      !s.ok())
    return fail(s);

  std::vector<GraphSize> graphSizesAll = graphSizes(ds);
  PackLimits limits = PackLimits::fromOptions(sizes);
  int64_t bound = lowerBoundBatches(graphSizesAll, *ids, limits);
  int64_t totalNodes = 0, totalEdges = 0;
  for (int64_t g : *ids) {
    totalNodes += graphSizesAll[g].nodes;
    totalEdges += graphSizesAll[g].edges;
  }
  double boundNodes =
      bound ? double(totalNodes) / (double(bound) * sizes.numNodes) : 0;
  double boundEdges =
      bound ? double(totalEdges) / (double(bound) * sizes.numEdges) : 0;

  printEfficiency(first, ", graphs " + percent(first.graphEfficiency()),
                  "real items over slots, first epoch");
  if (epochs > 1) {
    double mean = 0;
    for (double e : nodeEff)
      mean += e;
    llvm::outs() << "node efficiency over " << epochs.getValue()
                 << " epochs: mean " << percent(mean / nodeEff.size()) << "\n";
  }
  llvm::outs() << "bound: at least " << bound
               << " batches at these limits, so at most nodes "
               << percent(boundNodes) << ", edges " << percent(boundEdges)
               << "\n";
  llvm::outs() << "skipped graphs: " << first.skippedGraphs
               << ", trimmed nodes: " << first.trimmedNodes
               << ", trimmed edges: " << first.trimmedEdges << "\n";
  llvm::outs() << "real graphs per batch:";
  const std::vector<int64_t> &perBatchCounts = first.realGraphsPerBatch;
  if (perBatchCounts.size() <= 40) {
    for (int64_t g : perBatchCounts)
      llvm::outs() << " " << g;
  } else {
    auto [lo, hi] =
        std::minmax_element(perBatchCounts.begin(), perBatchCounts.end());
    llvm::outs() << llvm::formatv(
        " min {0}, mean {1:F2}, max {2} (all {3} in --metrics-json)", *lo,
        double(first.realGraphs) / first.batches, *hi, first.batches);
  }
  llvm::outs() << "\n";
  if (printBatches) {
    absl::StatusOr<PackPlan> plan = loader->plan(0);
    if (plan.ok())
      for (size_t b = 0; b < plan->batches.size(); ++b) {
        int64_t n = 0, e = 0;
        for (int64_t g : plan->batches[b]) {
          n += graphSizesAll[g].nodes;
          e += graphSizesAll[g].edges;
        }
        llvm::outs() << llvm::formatv("  batch {0}: {1} graphs, {2} nodes, "
                                      "{3} edges\n",
                                      b, plan->batches[b].size(), n, e);
      }
  }
  printTiming(timing);

  llvm::json::Array perBatch;
  for (int64_t g : first.realGraphsPerBatch)
    perBatch.push_back(g);
  json["batching"] = llvm::json::Object{
      {"strategy", gnnrt::data::strategyName(strategy)},
      {"num_graphs", sizes.numGraphs},
      {"num_nodes", sizes.numNodes},
      {"num_edges", sizes.numEdges},
      {"sizes_origin", origin},
      {"over_size", gnnrt::data::overSizeName(overSize)},
      {"shuffle", shuffle.getValue()},
      {"seed", static_cast<int64_t>(seed.getValue())}};
  addEpochJson(json, first,
               llvm::json::Object{{"nodes", first.nodeEfficiency()},
                                  {"edges", first.edgeEfficiency()},
                                  {"graphs", first.graphEfficiency()}},
               timing);
  json["real"] = llvm::json::Object{{"nodes", first.realNodes},
                                    {"edges", first.realEdges},
                                    {"graphs", first.realGraphs}};
  json["bound"] = llvm::json::Object{
      {"batches", bound}, {"nodes", boundNodes}, {"edges", boundEdges}};
  json["real_graphs_per_batch"] = std::move(perBatch);
  json["skipped_graphs"] = first.skippedGraphs;
  return 0;
}

absl::StatusOr<std::vector<int64_t>> pickInputNodes(
    const std::vector<int64_t> &train, const std::vector<int64_t> &val,
    const std::vector<int64_t> &test, int64_t count) {
  std::string which = inputNodes;
  if (which.empty())
    which = train.empty() ? "all" : "train";
  if (which == "all") {
    std::vector<int64_t> all(count);
    for (int64_t i = 0; i < count; ++i)
      all[i] = i;
    return all;
  }
  const std::vector<int64_t> *s = which == "train" ? &train
                                  : which == "val" ? &val
                                  : which == "test" ? &test
                                                    : nullptr;
  if (!s)
    return absl::InvalidArgumentError(
        "--input-nodes must be train, val, test or all");
  if (s->empty())
    return absl::InvalidArgumentError("the dataset has no " + which +
                                      " split; use --input-nodes all");
  return *s;
}

int runNeighbor(const GraphDataset &ds, OverSizeStrategy overSize,
                const NeighborLoaderOptions &no, llvm::json::Object &json) {
  absl::StatusOr<std::vector<int64_t>> input =
      pickInputNodes(ds.trainIdx, ds.valIdx, ds.testIdx, ds.numNodes());
  if (!input.ok())
    return fail(input.status());
  std::optional<FixedSizeOptions> sizes;
  if (numNodes > 0 || numEdges > 0) {
    if (numNodes <= 0 || numEdges <= 0)
      return fail("give both --num-nodes and --num-edges, or neither (then "
                  "they come from the loader)");
    sizes = FixedSizeOptions{numNodes, numEdges, 2};
  }
  absl::StatusOr<FixedSizeNeighborLoader> loader =
      FixedSizeNeighborLoader::create(ds, *input, no, sizes);
  if (!loader.ok())
    return fail(loader.status());
  const FixedSizeOptions &s = loader->sizes();
  llvm::outs() << "batching: neighbor, " << input->size() << " seed nodes, "
               << no.batchSize << " per batch, fan-out "
               << numNeighbors.getValue() << ", slots " << s.toString() << " ("
               << (sizes ? "given" : "from the loader") << "), over-size "
               << gnnrt::data::overSizeName(overSize) << "\n";
  EpochStats first;
  Timing timing;
  if (absl::Status st = runEpochs(
          *loader, [](Batch &b) { return touch(b); }, first, timing);
      !st.ok())
    return fail(st);
  printEfficiency(first, "", "real items over slots, first epoch");
  llvm::outs() << "trimmed nodes: " << first.trimmedNodes
               << ", trimmed edges: " << first.trimmedEdges << "\n";
  printTiming(timing);
  llvm::json::Object batching =
      neighborBatchingJson(sizes.has_value(), overSize, no, input->size());
  batching["num_graphs"] = s.numGraphs;
  batching["num_nodes"] = s.numNodes;
  batching["num_edges"] = s.numEdges;
  json["batching"] = std::move(batching);
  addEpochJson(json, first,
               llvm::json::Object{{"nodes", first.nodeEfficiency()},
                                  {"edges", first.edgeEfficiency()}},
               timing);
  return 0;
}

int runHeteroNeighbor(const HeteroGraph &g, OverSizeStrategy overSize,
                      const NeighborLoaderOptions &no,
                      llvm::json::Object &json) {
  std::string type = inputType;
  if (type.empty()) {
    for (const NodeType &t : g.nodeTypes)
      if (t.labelKind != LabelKind::kNone) {
        type = t.name;
        break;
      }
    if (type.empty())
      type = g.nodeTypes.empty() ? "" : g.nodeTypes[0].name;
  }
  int64_t t = g.nodeTypeIndex(type);
  if (t < 0)
    return fail("no node type '" + type + "' in '" + g.name +
                "'; pick one with --input-type");
  const NodeType &nt = g.nodeTypes[t];
  absl::StatusOr<std::vector<int64_t>> input =
      pickInputNodes(nt.trainIdx, nt.valIdx, nt.testIdx, nt.numNodes);
  if (!input.ok())
    return fail(input.status());
  std::map<std::string, int64_t> nodeMap, edgeMap;
  if (!parseTypeSizes(nodesPerType, nodeMap) ||
      !parseTypeSizes(edgesPerType, edgeMap))
    return fail("--num-nodes-per-type / --num-edges-per-type take "
                "NAME=COUNT,... with counts >= 1");
  for (const auto &[name, count] : nodeMap)
    if (g.nodeTypeIndex(name) < 0)
      return fail("--num-nodes-per-type names unknown node type '" + name +
                  "'");
  for (const auto &[name, count] : edgeMap)
    if (g.edgeTypeIndex(name) < 0)
      return fail("--num-edges-per-type names unknown edge type '" + name +
                  "' (write SRC__REL__DST)");
  std::optional<HeteroFixedSizeOptions> sizes;
  bool given = numNodes > 0 || numEdges > 0 || !nodeMap.empty() ||
               !edgeMap.empty();
  if (given) {
    // Start from the loader's sizes and override what was given.
    absl::StatusOr<FixedSizeHeteroNeighborLoader> probe =
        FixedSizeHeteroNeighborLoader::create(g, type, *input, no);
    if (!probe.ok())
      return fail(probe.status());
    HeteroFixedSizeOptions o = probe->sizes();
    for (size_t i = 0; i < g.nodeTypes.size(); ++i) {
      if (numNodes > 0)
        o.numNodes[i] = numNodes;
      auto it = nodeMap.find(g.nodeTypes[i].name);
      if (it != nodeMap.end())
        o.numNodes[i] = it->second;
    }
    for (size_t i = 0; i < g.edgeTypes.size(); ++i) {
      if (numEdges > 0)
        o.numEdges[i] = numEdges;
      for (const auto &[name, count] : edgeMap)
        if (g.edgeTypeIndex(name) == static_cast<int64_t>(i))
          o.numEdges[i] = count;
    }
    sizes = o;
  }
  absl::StatusOr<FixedSizeHeteroNeighborLoader> loader =
      FixedSizeHeteroNeighborLoader::create(g, type, *input, no, sizes);
  if (!loader.ok())
    return fail(loader.status());
  const HeteroFixedSizeOptions &s = loader->sizes();
  llvm::outs() << "batching: neighbor (heterogeneous), " << input->size()
               << " '" << type << "' seed nodes, " << no.batchSize
               << " per batch, fan-out " << numNeighbors.getValue()
               << ", over-size " << gnnrt::data::overSizeName(overSize)
               << "\nslots (" << (given ? "given" : "from the loader")
               << "): " << s.toString(g) << "\n";
  HeteroEpochStats first;
  Timing timing;
  if (absl::Status st = runEpochs(
          *loader, [](HeteroBatch &b) { return touchHetero(b); }, first,
          timing);
      !st.ok())
    return fail(st);
  printEfficiency(first, "", "all types, first epoch");
  llvm::json::Object perNode, perEdge, nodeSlots, edgeSlots;
  for (size_t i = 0; i < g.nodeTypes.size() && first.batches; ++i) {
    double e = double(first.realNodes[i]) /
               (double(first.nodeSlots[i]) * first.batches);
    llvm::outs() << "  node " << g.nodeTypes[i].name << ": "
                 << first.nodeSlots[i] << " slots, " << percent(e) << "\n";
    perNode[g.nodeTypes[i].name] = e;
    nodeSlots[g.nodeTypes[i].name] = first.nodeSlots[i];
  }
  for (size_t i = 0; i < g.edgeTypes.size() && first.batches; ++i) {
    double e = double(first.realEdges[i]) /
               (double(first.edgeSlots[i]) * first.batches);
    llvm::outs() << "  edge " << g.edgeTypes[i].key() << ": "
                 << first.edgeSlots[i] << " slots, " << percent(e) << "\n";
    perEdge[g.edgeTypes[i].key()] = e;
    edgeSlots[g.edgeTypes[i].key()] = first.edgeSlots[i];
  }
  llvm::outs() << "trimmed nodes: " << first.trimmedNodes
               << ", trimmed edges: " << first.trimmedEdges << "\n";
  printTiming(timing);
  llvm::json::Object batching =
      neighborBatchingJson(given, overSize, no, input->size());
  batching["input_type"] = type;
  batching["num_graphs"] = s.numGraphs;
  batching["num_nodes_per_type"] = std::move(nodeSlots);
  batching["num_edges_per_type"] = std::move(edgeSlots);
  json["batching"] = std::move(batching);
  addEpochJson(json, first,
               llvm::json::Object{{"nodes", first.nodeEfficiency()},
                                  {"edges", first.edgeEfficiency()},
                                  {"nodes_per_type", std::move(perNode)},
                                  {"edges_per_type", std::move(perEdge)}},
               timing);
  return 0;
}

/// Row `row` of an i64 [2, E] edge index as an i64 [E] tensor.
gnnrt::Tensor edgeRow(const gnnrt::Tensor &edgeIndex, int64_t row) {
  int64_t e = edgeIndex.dim(1);
  absl::Span<const int64_t> v = edgeIndex.data<int64_t>().subspan(row * e, e);
  return gnnrt::Tensor::fromI64({e}, std::vector<int64_t>(v.begin(), v.end()));
}

/// --export-dir: the batch's tensors as .npy files named after the
/// arguments of imported models (gnn-translate --import-model): x, src, dst,
/// edge_attr (with edge features), y (with labels), the split masks (with a
/// split) and the padding masks nodes_mask / edges_mask that gnn-staticize
/// appends (all true when nothing is padded).
int exportBatch(const GraphDataset &ds, const Batch &b,
                llvm::json::Object &json) {
  std::vector<std::pair<std::string, gnnrt::Tensor>> files;
  files.emplace_back("x", b.x);
  files.emplace_back("src", edgeRow(b.edgeIndex, 0));
  files.emplace_back("dst", edgeRow(b.edgeIndex, 1));
  if (ds.numEdgeFeatures() > 0)
    files.emplace_back("edge_attr", b.edgeAttr);
  if (ds.labelKind != LabelKind::kNone)
    files.emplace_back("y", b.y);
  if (b.trainMask.numElements() > 0) {
    files.emplace_back("train_mask", b.trainMask);
    files.emplace_back("val_mask", b.valMask);
    files.emplace_back("test_mask", b.testMask);
  }
  files.emplace_back("nodes_mask", b.nodesMask);
  files.emplace_back("edges_mask", b.edgesMask);

  if (std::error_code ec = llvm::sys::fs::create_directories(exportDir))
    return fail("cannot create --export-dir '" + exportDir +
                "': " + ec.message());
  llvm::outs() << "export: " << exportDir.getValue() << "/";
  llvm::json::Array names;
  for (auto [i, file] : llvm::enumerate(files)) {
    llvm::SmallString<256> path(exportDir.getValue());
    llvm::sys::path::append(path, file.first + ".npy");
    if (absl::Status s = gnnrt::writeNpyFile(std::string(path), file.second);
        !s.ok())
      return fail(s);
    llvm::outs() << (i ? ", " : "") << file.first << " "
                 << gnnrt::dtypeName(file.second.dtype())
                 << gnnrt::shapeToString(file.second.shape());
    names.push_back(file.first);
  }
  llvm::outs() << " (.npy)\n";
  json["export"] = llvm::json::Object{{"dir", exportDir.getValue()},
                                      {"files", std::move(names)}};
  return 0;
}

int runFull(const GraphDataset &ds, llvm::json::Object &json) {
  std::optional<FixedSizeOptions> sizes;
  if (numNodes > 0 || numEdges > 0)
    sizes = FixedSizeOptions{numNodes, numEdges, 2};
  Timing timing;
  Batch last;
  auto start = std::chrono::steady_clock::now();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    absl::StatusOr<Batch> b = fullBatch(ds, sizes ? &*sizes : nullptr);
    if (!b.ok())
      return fail(b.status());
    (void)touch(*b);
    last = *std::move(b);
    ++timing.batches;
  }
  timing.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  double nodeEff = double(last.realNodes) / last.numNodes;
  double edgeEff = last.numEdges ? double(last.realEdges) / last.numEdges : 1;
  llvm::outs() << "batching: full batch, " << last.numNodes << " node and "
               << last.numEdges << " edge slots ("
               << (sizes ? "given" : "exact") << ")\n";
  llvm::outs() << "efficiency: nodes " << percent(nodeEff) << ", edges "
               << percent(edgeEff) << "\n";
  printTiming(timing);
  json["batching"] = llvm::json::Object{{"strategy", "full"},
                                        {"num_graphs", last.numGraphs},
                                        {"num_nodes", last.numNodes},
                                        {"num_edges", last.numEdges}};
  json["batches"] = 1;
  json["efficiency"] =
      llvm::json::Object{{"nodes", nodeEff}, {"edges", edgeEff}};
  json["throughput"] = timingJson(timing);
  if (!exportDir.empty())
    return exportBatch(ds, last, json);
  return 0;
}

} // namespace

int gnnrun::runData() {
  if (datasetSpec.empty())
    return fail("give a dataset, e.g. `gnn-run data synthetic-molecules` or "
                "`gnn-run data mutag --dataset-dir DIR` (see gnn-run data "
                "--help)");
  if (epochs < 1)
    return fail("--epochs must be at least 1");
  std::string dir = datasetDir;
  if (dir.empty())
    if (const char *env = std::getenv("GNNC_DATASETS"))
      dir = env;
  absl::StatusOr<LoadedDataset> data = loadDataset(datasetSpec, dir, dataSeed);
  if (!data.ok())
    return fail(data.status());
  if (absl::Status s = applyTransforms(*data); !s.ok())
    return fail(s);

  llvm::json::Object json;
  llvm::json::Object dsJson{{"spec", datasetSpec.getValue()},
                            {"hetero", data->hetero}};
  if (data->hetero) {
    const HeteroGraph &g = data->heteroGraph;
    llvm::outs() << formatHeteroSummary(g);
    llvm::json::Object nodes, edges;
    for (const NodeType &t : g.nodeTypes)
      nodes[t.name] = t.numNodes;
    for (const EdgeType &t : g.edgeTypes)
      edges[t.key()] = t.numEdges();
    dsJson["name"] = g.name;
    dsJson["nodes"] = g.totalNodes();
    dsJson["edges"] = g.totalEdges();
    dsJson["nodes_per_type"] = std::move(nodes);
    dsJson["edges_per_type"] = std::move(edges);
  } else {
    const GraphDataset &ds = data->graphs;
    Summary s = summarize(ds);
    llvm::outs() << formatSummary(s);
    llvm::outs() << "features: " << ds.numNodeFeatures() << " per node, "
                 << ds.numEdgeFeatures() << " per edge; labels: "
                 << labelKindName(ds.labelKind)
                 << (ds.labelLevel == LabelLevel::kNode ? " per node"
                                                        : " per graph");
    if (ds.labelKind == LabelKind::kClass)
      llvm::outs() << " (" << ds.numClasses << " classes)";
    llvm::outs() << "\n";
    dsJson["name"] = ds.name;
    dsJson["graphs"] = ds.numGraphs();
    dsJson["nodes"] = ds.numNodes();
    dsJson["edges"] = ds.numEdges();
    dsJson["node_features"] = ds.numNodeFeatures();
    dsJson["edge_features"] = ds.numEdgeFeatures();
    dsJson["labels"] = labelKindName(ds.labelKind);
    dsJson["classes"] = ds.numClasses;
    json["summary"] = llvm::json::Object{{"nodes", statsJson(s.nodes)},
                                         {"edges", statsJson(s.edges)}};
  }
  json["dataset"] = std::move(dsJson);

  // Strategy and its defaults.
  std::string strategy = strategyOpt;
  if (strategy.empty())
    strategy = data->hetero                     ? "neighbor"
               : data->graphs.numGraphs() == 1 ? "full"
                                               : "pad-to-max";
  if (!exportDir.empty()) {
    if (data->hetero)
      return fail("--export-dir writes one homogeneous graph; '" +
                  datasetSpec.getValue() + "' is heterogeneous");
    if (data->graphs.numGraphs() != 1)
      return fail("--export-dir writes the full batch of a one-graph "
                  "(node-level) dataset; '" +
                  datasetSpec.getValue() + "' holds " +
                  std::to_string(data->graphs.numGraphs()) + " graphs");
    if (strategy != "full")
      return fail("--export-dir writes the full batch: use --strategy full "
                  "(the default for one graph), not " + strategy);
  }
  bool neighbor = strategy == "neighbor";
  OverSizeStrategy overSize = defaultOverSize(neighbor);
  if (!overSizeOpt.empty()) {
    absl::StatusOr<OverSizeStrategy> o = parseOverSize(overSizeOpt);
    if (!o.ok())
      return fail(o.status());
    overSize = *o;
  }
  int rc;
  if (neighbor || strategy == "full") {
    if (strategy == "full") {
      if (data->hetero)
        return fail("--strategy full takes a homogeneous graph; use neighbor "
                    "for heterogeneous graphs");
      rc = runFull(data->graphs, json);
    } else {
      NeighborLoaderOptions no;
      if (!parseInts(numNeighbors, no.numNeighbors))
        return fail("--num-neighbors takes comma-separated counts, e.g. 5,5");
      no.batchSize = batchSize;
      no.shuffle = shuffle;
      no.seed = seed;
      no.overSize = overSize;
      no.prefetch = prefetch;
      no.sampleLimit = sampleLimit;
      rc = data->hetero
               ? runHeteroNeighbor(data->heteroGraph, overSize, no, json)
               : runNeighbor(data->graphs, overSize, no, json);
    }
  } else {
    absl::StatusOr<FixedSizeStrategy> s = parseStrategy(strategy);
    if (!s.ok())
      return fail(std::string(s.status().message()) +
                  ", neighbor or full");
    if (data->hetero)
      return fail("heterogeneous graphs are batched with --strategy neighbor");
    rc = runGraphLoader(data->graphs, *s, overSize, json);
  }
  if (rc != 0)
    return rc;
  return writeJson(std::move(json));
}
