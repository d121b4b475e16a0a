//===- SimCommands.cpp - gnn-run compile / train / infer on the simulator
//--===//
//
//   gnn-run compile MODEL -o model.gnnx [--target --tiles --ipus --num-*]
//                 [--bind src=src.npy,dst=dst.npy,...] [--renumber-graph]
//   gnn-run train MODEL [--dataset SPEC] [--epochs N] [--batching full|pad|
//                 pack|stream-pack|neighbor] [--batch-size B] [--seed S]
//                 [--threads T] [--output-dir DIR] [--metrics-json FILE]
//                 [--fixed-graph] [--renumber-graph]
//
// A one-graph dataset trained full batch is compiled with its graph fixed
// (gnnc::CompileOptions::fixedInputs: halo exchanges, renumbered nodes);
// --fixed-graph=false streams it like any batch.
//   gnn-run infer MODEL --checkpoint DIR [--dataset SPEC] [--output FILE.npy]
//
// MODEL is a model description or gnn MLIR; it is compiled through the
// embedding API (gnnc::compileModelCached) into an executable cached under
// --cache-dir, and run by a gnnrt::exec::Session on the BSP simulator.
//
// Heterogeneous datasets (imdb, builtin:hetero) train a heterogeneous model
// (x_<type>, <src>__<rel>__<dst>_src/_dst, y and masks of the labelled node
// type): the compiled program's per-type budgets fix the batch; the whole
// graph is padded into them when it fits (full), otherwise the fixed-size
// heterogeneous neighbour loader samples batches of labelled seed nodes
// (neighbor), trimming what exceeds the budgets (reported).
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gnnc/Compiler.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Npy.h"
#include "gnnrt/data/Datasets.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Generators.h"
#include "gnnrt/data/Loader.h"
#include "gnnrt/data/NeighborLoader.h"
#include "gnnrt/data/Transforms.h"
#include "gnnrt/exec/BatchBinding.h"
#include "gnnrt/exec/Session.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using gnnrt::Tensor;
namespace fs = std::filesystem;

cl::SubCommand gnnrun::compileCommand(
    "compile", "Compile a model into an executable for the BSP simulator");
cl::SubCommand gnnrun::simTrainCommand(
    "train", "Train a model on the BSP simulator and evaluate it");
cl::SubCommand gnnrun::inferCommand(
    "infer", "Predict with a trained model (a checkpoint) on the simulator");
cl::SubCommand gnnrun::checkCommand(
    "check", "Compare the simulated programs of a model with the reference "
             "evaluator");

// The subcommands each option belongs to.
static cl::SubCommandGroup
    compiling({&gnnrun::compileCommand, &gnnrun::simTrainCommand,
               &gnnrun::inferCommand, &gnnrun::checkCommand});
static cl::SubCommandGroup modelOptions({&gnnrun::compileCommand,
                                         &gnnrun::simTrainCommand,
                                         &gnnrun::inferCommand});
static cl::SubCommandGroup simulating({&gnnrun::simTrainCommand,
                                       &gnnrun::inferCommand,
                                       &gnnrun::checkCommand});
static cl::SubCommandGroup running({&gnnrun::simTrainCommand,
                                    &gnnrun::inferCommand});

cl::OptionCategory gnnrun::simCategory("gnn-run compile/train/infer options");
static cl::opt<std::string>
    modelFile(cl::Positional, cl::desc("<model .textproto|.json|.mlir>"),
              cl::sub(compiling), cl::cat(gnnrun::simCategory));
static cl::opt<std::string> outputExe("o", cl::desc("Executable to write"),
                                      cl::value_desc("file.gnnx"),
                                      cl::sub(gnnrun::compileCommand),
                                      cl::cat(gnnrun::simCategory));
static cl::opt<std::string>
    bspOut("bsp-out", cl::desc("Also write the bsp programs (MLIR)"),
           cl::sub(gnnrun::compileCommand), cl::cat(gnnrun::simCategory));
static cl::opt<std::string> targetOpt("target", cl::desc("gc200, bow or test"),
                                      cl::init("gc200"), cl::sub(compiling),
                                      cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> ipusOpt("ipus", cl::desc("Number of IPUs"), cl::init(1),
                                cl::sub(compiling), cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> tilesOpt("tiles",
                                 cl::desc("Tiles per IPU to use (0: all)"),
                                 cl::init(0), cl::sub(compiling),
                                 cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> numNodesOpt("num-nodes", cl::desc("Fixed node slots"),
                                    cl::init(0), cl::sub(compiling),
                                    cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> numEdgesOpt("num-edges", cl::desc("Fixed edge slots"),
                                    cl::init(0), cl::sub(compiling),
                                    cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> numGraphsOpt("num-graphs",
                                     cl::desc("Fixed graph slots (with the "
                                              "null graph)"),
                                     cl::init(0), cl::sub(compiling),
                                     cl::cat(gnnrun::simCategory));
static cl::opt<std::string>
    cacheDir("cache-dir",
             cl::desc("Executable cache (default $GNNC_CACHE_DIR, else "
                      "~/.cache/gnnc); 'none' disables it"),
             cl::sub(gnnrun::simTrainCommand), cl::sub(gnnrun::inferCommand),
             cl::cat(gnnrun::simCategory));
static cl::opt<std::string> datasetOpt(
    "dataset",
    cl::desc("builtin:cora | builtin:molecules | builtin:hetero[:MOVIES"
             "[:FEATURES]] | a dataset name or spec of `gnn-run data` "
             "(default builtin:cora)"),
    cl::init("builtin:cora"), cl::sub(running), cl::cat(gnnrun::simCategory));
static cl::opt<std::string>
    datasetDir("dataset-dir",
               cl::desc("Folder of real datasets (default $GNNC_DATASETS)"),
               cl::sub(running), cl::cat(gnnrun::simCategory));
static cl::list<std::string> transforms(
    "transform",
    cl::desc("Dataset transforms: normalize-features, add-self-loops, "
             "to-undirected, remove-isolated-nodes"),
    cl::CommaSeparated, cl::sub(running), cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> epochsOpt("epochs", cl::desc("Epochs (default 200)"),
                                  cl::init(200),
                                  cl::sub(gnnrun::simTrainCommand),
                                  cl::cat(gnnrun::simCategory));
static cl::opt<std::string> batchingOpt(
    "batching",
    cl::desc("full (one graph, node task), pad, pack or stream-pack (graph "
             "tasks), neighbor (heterogeneous graphs); default: full for one "
             "graph (heterogeneous: when it fits the model's budgets, "
             "neighbor otherwise), pack otherwise"),
    cl::sub(gnnrun::simTrainCommand), cl::sub(gnnrun::inferCommand),
    cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> batchSizeOpt(
    "batch-size",
    cl::desc("Graphs per batch, null graph included (default 32); neighbor: "
             "seed nodes per batch (default: the most of 128, 64, ..., 1 "
             "whose sampled batches fit the model's budgets)"),
    cl::init(32), cl::sub(gnnrun::simTrainCommand),
    cl::sub(gnnrun::inferCommand), cl::cat(gnnrun::simCategory));
static cl::opt<std::string> numNeighborsOpt(
    "num-neighbors",
    cl::desc("neighbor: neighbours sampled per hop and edge type (default "
             "5,5; -1: all)"),
    cl::init("5,5"), cl::sub(gnnrun::simTrainCommand),
    cl::sub(gnnrun::inferCommand), cl::cat(gnnrun::simCategory));
static cl::opt<uint64_t> seedOpt("seed",
                                 cl::desc("Seed of data generation and "
                                          "shuffling (default 0)"),
                                 cl::init(0), cl::sub(simulating),
                                 cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> modelSeedOpt(
    "model-seed",
    cl::desc("Re-seed the model's initialisers and dropout (default: the "
             "description's seed)"),
    cl::init(-1), cl::sub(modelOptions), cl::cat(gnnrun::simCategory));
static cl::opt<int> threadsOpt("threads",
                               cl::desc("Simulator host threads (0: all)"),
                               cl::init(0), cl::sub(simulating),
                               cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> evalEvery("eval-every",
                                  cl::desc("Evaluate every K epochs (default "
                                           "10, and after the last)"),
                                  cl::init(10),
                                  cl::sub(gnnrun::simTrainCommand),
                                  cl::cat(gnnrun::simCategory));
static cl::opt<int64_t> evalBatches(
    "eval-batches",
    cl::desc("neighbor: evaluate on the first N batches of each split (0: "
             "all; for quick runs, metrics.json counts the nodes scored)"),
    cl::init(0), cl::sub(gnnrun::simTrainCommand), cl::cat(gnnrun::simCategory));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Folder for metrics.json, "
                                               "loss.csv, loss.svg, profile "
                                               "and checkpoint/"),
                                      cl::init("gnn-run-out"), cl::sub(running),
                                      cl::cat(gnnrun::simCategory));
static cl::opt<std::string> metricsJson("metrics-json",
                                        cl::desc("Also write the metrics here"),
                                        cl::sub(gnnrun::simTrainCommand),
                                        cl::cat(gnnrun::simCategory));
static cl::opt<std::string> checkpointDir("checkpoint",
                                          cl::desc("Checkpoint folder to load "
                                                   "(from gnn-run train)"),
                                          cl::sub(gnnrun::inferCommand),
                                          cl::cat(gnnrun::simCategory));
static cl::opt<std::string> predictionsFile(
    "output", cl::desc("Predictions .npy (default OUTPUT_DIR/predictions.npy)"),
    cl::sub(gnnrun::inferCommand), cl::cat(gnnrun::simCategory));
static cl::opt<bool> fixedGraphOpt(
    "fixed-graph",
    cl::desc("Compile a one-graph dataset's graph into the executable (full "
             "batching; check: a random graph): its degrees and "
             "normalisation fold into constants and message passing becomes "
             "exact halo exchanges. --fixed-graph=false streams the edge "
             "index every step and plans for any graph (default: true for "
             "train and infer, false for check)"),
    cl::sub(simulating), cl::cat(gnnrun::simCategory));
static cl::opt<std::string> bindOpt(
    "bind",
    cl::desc("Fix inputs at compile time: name=file.npy,... (e.g. "
             "src=src.npy,dst=dst.npy,nodes_mask=nm.npy,edges_mask=em.npy, "
             "from `gnn-run data ... --export-dir`; for full-batch training "
             "also y, train_mask and sparse features x, as `gnn-run train` "
             "fixes them)"),
    cl::sub(gnnrun::compileCommand), cl::cat(gnnrun::simCategory));
static cl::opt<bool> renumberGraphOpt(
    "renumber-graph",
    cl::desc("With a fixed graph, renumber its nodes and edges so that "
             "neighbours share tiles (fewer halo rows; outputs stay in the "
             "dataset's order). Default true"),
    cl::init(true), cl::sub(compiling), cl::cat(gnnrun::simCategory));
static cl::opt<bool> quiet("quiet", cl::desc("No progress output"),
                           cl::sub(running), cl::cat(gnnrun::simCategory));

namespace {

int fail(const absl::Status &status, absl::string_view what = "") {
  llvm::errs() << "gnn-run: " << std::string(what) << (what.empty() ? "" : ": ")
               << std::string(status.message()) << "\n";
  return 1;
}

/// Sizes and counts must make sense before anything is compiled.
absl::Status checkOptions(bool training) {
  for (auto [name, value] :
       {std::pair<const char *, int64_t>{"--num-nodes", numNodesOpt},
        {"--num-edges", numEdgesOpt},
        {"--num-graphs", numGraphsOpt},
        {"--tiles", tilesOpt}})
    if (value < 0)
      return absl::InvalidArgumentError(
          absl::StrCat(name, " is ", value,
                       "; give a positive number, or 0 for the "
                       "model's (or the target's) own"));
  if (ipusOpt < 1)
    return absl::InvalidArgumentError(
        absl::StrCat("--ipus is ", ipusOpt.getValue(), "; give at least 1"));
  if (training && epochsOpt < 1)
    return absl::InvalidArgumentError(absl::StrCat(
        "--epochs is ", epochsOpt.getValue(), "; give at least 1"));
  if (batchSizeOpt < 1)
    return absl::InvalidArgumentError(absl::StrCat(
        "--batch-size is ", batchSizeOpt.getValue(), "; give at least 1"));
  return absl::OkStatus();
}

gnnc::CompileOptions compileOptions() {
  gnnc::CompileOptions o;
  o.target = targetOpt;
  o.ipus = ipusOpt;
  o.tiles = tilesOpt;
  o.numNodes = numNodesOpt;
  o.numEdges = numEdgesOpt;
  o.numGraphs = numGraphsOpt;
  o.modelSeed = modelSeedOpt;
  o.renumberGraph = renumberGraphOpt;
  return o;
}

std::string resolveCacheDir() {
  if (!cacheDir.empty())
    return cacheDir;
  if (const char *env = std::getenv("GNNC_CACHE_DIR"))
    return env;
  if (const char *home = std::getenv("HOME"))
    return absl::StrCat(home, "/.cache/gnnc");
  return ".gnnc-cache";
}

absl::StatusOr<gnnrt::exec::Executable>
compile(const gnnc::CompileOptions &options, gnnc::CompileInfo &info) {
  std::string dir = resolveCacheDir();
  if (dir == "none")
    return gnnc::compileModelFile(modelFile, options, &info);
  return gnnc::compileModelCached(modelFile, options, dir, &info);
}

//===-- Data ------------------------------------------------------------===//

struct Data {
  /// On the heap: the loaders keep a pointer to it while Data moves.
  std::unique_ptr<gnnrt::data::LoadedDataset> loaded;
  bool nodeTask = false;
  std::string batching;
  /// Node tasks: the one full batch. Graph tasks: the loaders.
  gnnrt::data::Batch full;
  std::optional<gnnrt::data::FixedSizeDataLoader> train, test;
  gnnrt::data::FixedSizeOptions sizes;

  /// Heterogeneous graphs (loaded->hetero): the labelled node type, the
  /// model's budgets and either the padded full graph with its split masks
  /// or one neighbour loader per split (seeds: that split's nodes).
  int64_t target = -1;
  gnnrt::data::HeteroFixedSizeOptions budgets;
  gnnrt::data::HeteroBatch heteroFull;
  gnnrt::exec::HeteroMasks fullMasks;
  std::optional<gnnrt::data::FixedSizeHeteroNeighborLoader> heteroTrain,
      heteroVal, heteroTest, heteroAll;
  /// Trimmed by the neighbour loader (training batches, all epochs).
  int64_t trimmedNodes = 0, trimmedEdges = 0;
  bool hetero() const { return loaded && loaded->hetero; }
};

absl::Status applyTransforms(gnnrt::data::GraphDataset &ds) {
  for (const std::string &t : transforms) {
    if (t == "normalize-features")
      gnnrt::data::normalizeFeatures(ds);
    else if (t == "add-self-loops")
      gnnrt::data::addSelfLoops(ds);
    else if (t == "to-undirected")
      gnnrt::data::toUndirected(ds);
    else if (t == "remove-isolated-nodes")
      gnnrt::data::removeIsolatedNodes(ds);
    else
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown transform '", t,
          "'; use normalize-features, add-self-loops, to-undirected or "
          "remove-isolated-nodes"));
  }
  return absl::OkStatus();
}

/// builtin:hetero:MOVIES[:FEATURES]: the IMDB-like generator scaled down
/// (directors and actors in IMDB's proportions to the movies), for tests
/// and small models.
absl::StatusOr<gnnrt::data::LoadedDataset>
smallHetero(const std::string &spec) {
  std::vector<std::string> parts = absl::StrSplit(spec, ':');
  gnnrt::data::HeteroOptions o;
  int64_t movies = 0, features = o.numFeatures;
  if (parts.size() > 3 || !absl::SimpleAtoi(parts[1], &movies) || movies < 2 ||
      movies > 10'000'000 ||
      (parts.size() == 3 && (!absl::SimpleAtoi(parts[2], &features) ||
                             features < 1 || features > 100'000)))
    return absl::InvalidArgumentError(
        absl::StrCat("'", spec,
                     "': expected builtin:hetero[:MOVIES[:FEATURES]] (MOVIES "
                     ">= 2, FEATURES >= 1)"));
  o.numDirectors = std::max<int64_t>(1, movies * o.numDirectors / o.numMovies);
  o.numActors = std::max<int64_t>(1, movies * o.numActors / o.numMovies);
  o.numMovies = movies;
  o.numFeatures = features;
  o.seed = seedOpt;
  gnnrt::data::LoadedDataset out;
  out.hetero = true;
  out.heteroGraph = gnnrt::data::generateHetero(o);
  if (absl::Status st = gnnrt::data::validate(out.heteroGraph); !st.ok())
    return st;
  return out;
}

/// Heterogeneous data before the model is compiled: transforms and the
/// labelled node type; batches follow from the model's budgets
/// (prepareHetero).
absl::StatusOr<Data> loadHetero(Data data) {
  gnnrt::data::HeteroGraph &g = data.loaded->heteroGraph;
  for (const std::string &t : transforms) {
    if (t == "normalize-features")
      gnnrt::data::normalizeFeatures(g);
    else if (t == "remove-isolated-nodes")
      gnnrt::data::removeIsolatedNodes(g);
    else
      return absl::InvalidArgumentError(
          absl::StrCat("transform '", t,
                       "' does not apply to heterogeneous graphs; use "
                       "normalize-features or remove-isolated-nodes"));
  }
  for (size_t t = 0; t < g.nodeTypes.size() && data.target < 0; ++t)
    if (g.nodeTypes[t].labelKind == gnnrt::data::LabelKind::kClass)
      data.target = static_cast<int64_t>(t);
  if (data.target < 0)
    return absl::InvalidArgumentError(
        absl::StrCat("heterogeneous dataset '", g.name,
                     "' has no node type with class labels to train on"));
  data.nodeTask = true;
  data.batching = batchingOpt;
  if (!data.batching.empty() && data.batching != "full" &&
      data.batching != "neighbor")
    return absl::InvalidArgumentError(absl::StrCat(
        "--batching ", data.batching,
        " does not apply to heterogeneous "
        "graphs; use full (the whole graph padded into the model's budgets) "
        "or neighbor (the heterogeneous neighbour loader)"));
  return data;
}

absl::StatusOr<Data> loadData() {
  std::string spec = datasetOpt;
  if (absl::StartsWith(spec, "builtin:"))
    spec = "synthetic-" + spec.substr(8);
  std::string dir = datasetDir;
  if (dir.empty())
    if (const char *env = std::getenv("GNNC_DATASETS"))
      dir = env;
  absl::StatusOr<gnnrt::data::LoadedDataset> loaded =
      absl::StartsWith(spec, "synthetic-hetero:")
          ? smallHetero(spec)
          : gnnrt::data::loadDataset(spec, dir, seedOpt);
  if (!loaded.ok())
    return loaded.status();
  Data data;
  data.loaded =
      std::make_unique<gnnrt::data::LoadedDataset>(*std::move(loaded));
  if (data.loaded->hetero)
    return loadHetero(std::move(data));
  gnnrt::data::GraphDataset &ds = data.loaded->graphs;
  if (absl::Status s = applyTransforms(ds); !s.ok())
    return s;
  data.nodeTask = ds.labelLevel == gnnrt::data::LabelLevel::kNode;
  data.batching = batchingOpt.empty() ? (ds.numGraphs() == 1 ? "full" : "pack")
                                      : std::string(batchingOpt);
  if (data.batching == "full") {
    if (ds.numGraphs() != 1)
      return absl::InvalidArgumentError(absl::StrCat(
          "--batching full needs a one-graph dataset; this one has ",
          ds.numGraphs(), " graphs (use pad, pack or stream-pack)"));
    absl::StatusOr<gnnrt::data::Batch> b = gnnrt::data::fullBatch(ds);
    if (!b.ok())
      return b.status();
    data.full = *std::move(b);
    data.sizes.numNodes = data.full.numNodes;
    data.sizes.numEdges = data.full.numEdges;
    data.sizes.numGraphs = data.full.numGraphs;
    return data;
  }
  gnnrt::data::LoaderOptions options;
  if (data.batching == "pad")
    options.strategy = gnnrt::data::FixedSizeStrategy::kPadToMax;
  else if (data.batching == "pack")
    options.strategy = gnnrt::data::FixedSizeStrategy::kPack;
  else if (data.batching == "stream-pack")
    options.strategy = gnnrt::data::FixedSizeStrategy::kStreamPack;
  else
    return absl::InvalidArgumentError(
        absl::StrCat("unknown --batching '", data.batching,
                     "'; use full, pad, pack or stream-pack"));
  options.sizes.numGraphs = batchSizeOpt;
  options.shuffle = true;
  options.seed = seedOpt;
  std::vector<int64_t> trainIds = ds.trainIdx, testIds = ds.testIdx;
  if (trainIds.empty()) {
    // No split: 80/20 of the graphs in order.
    int64_t n = ds.numGraphs(), cut = n * 8 / 10;
    for (int64_t g = 0; g < n; ++g)
      (g < cut ? trainIds : testIds).push_back(g);
  }
  // One set of sizes for both splits: computed over all the graphs.
  std::vector<int64_t> all = trainIds;
  all.insert(all.end(), testIds.begin(), testIds.end());
  auto sizer = gnnrt::data::FixedSizeDataLoader::create(ds, all, options);
  if (!sizer.ok())
    return sizer.status();
  options.sizes = sizer->options().sizes;
  data.sizes = options.sizes;
  auto train = gnnrt::data::FixedSizeDataLoader::create(ds, trainIds, options);
  if (!train.ok())
    return train.status();
  options.shuffle = false;
  auto test = gnnrt::data::FixedSizeDataLoader::create(ds, testIds, options);
  if (!test.ok())
    return test.status();
  data.train.emplace(*std::move(train));
  data.test.emplace(*std::move(test));
  return data;
}

using gnnrt::exec::bindBatch;

/// Whether the data's graph is compiled in: one homogeneous graph every
/// step (full batching), unless --fixed-graph=false. (check's default is
/// the opposite: it draws its own graph.)
bool fixesGraph(const Data &data) {
  bool wanted = fixedGraphOpt.getNumOccurrences() ? fixedGraphOpt.getValue()
                                                  : true;
  return wanted && !data.hetero() && data.batching == "full";
}

/// "; renumbered: N edges of E cut between tile blocks (was M)" from the
/// executable's gnn.graph_partition metadata, or "".
std::string graphPartitionText(const gnnrt::exec::Executable &exe) {
  auto get = [&](const char *key) -> std::string {
    auto it = exe.metadata.find(absl::StrCat("gnn.graph_partition.", key));
    return it == exe.metadata.end() ? std::string() : it->second;
  };
  if (get("edge_cut_after").empty())
    return "";
  return absl::StrCat("; renumbered: ", get("edge_cut_after"), " of ",
                      get("edges"), " edges cut between tile blocks (was ",
                      get("edge_cut_before"), ")");
}

/// Compiles the model (cached) for the data's fixed sizes, unless the
/// options fix them, and opens a simulator session on it.
absl::StatusOr<std::unique_ptr<gnnrt::exec::Session>>
compileForData(const Data &data, gnnc::CompileInfo &info) {
  gnnc::CompileOptions options = compileOptions();
  // Heterogeneous models keep their per-type budgets (the options have one
  // node and one edge count); the data is padded or sampled into them.
  if (!data.hetero()) {
    if (!options.numNodes)
      options.numNodes = data.sizes.numNodes;
    if (!options.numEdges)
      options.numEdges = data.sizes.numEdges;
    if (!options.numGraphs && !data.nodeTask)
      options.numGraphs = data.sizes.numGraphs;
    if (fixesGraph(data))
      options.fixedInputs = gnnrt::exec::fullBatchInputs(data.full);
  }
  absl::StatusOr<gnnrt::exec::Executable> exe = compile(options, info);
  if (!exe.ok())
    return exe.status();
  if (!quiet) {
    llvm::errs() << absl::StrFormat("compiled %s for %d tiles in %.2f s%s\n",
                                    modelFile, exe->target.totalTiles(),
                                    info.seconds,
                                    info.cacheHit ? " (cached)" : "");
    if (!options.fixedInputs.empty())
      llvm::errs() << "the graph is fixed at compile time (halo exchanges; "
                      "--fixed-graph=false streams it)"
                   << graphPartitionText(*exe) << "\n";
    if (options.fixedInputs.count("x"))
      llvm::errs() << "the sparse features are fixed too: a product with "
                      "them becomes a sum over their nonzeros\n";
  }
  gnnrt::exec::SessionOptions so;
  so.threads = threadsOpt;
  return gnnrt::exec::Session::create(*std::move(exe), so);
}

//===-- Heterogeneous batches ---------------------------------------------===//

gnnrt::data::HeteroBatch::Nodes padNodes(const gnnrt::data::NodeType &nt,
                                         int64_t slots) {
  gnnrt::data::HeteroBatch::Nodes out;
  int64_t n = nt.numNodes, f = nt.x.rank() == 2 ? nt.x.dim(1) : 0;
  out.slots = slots;
  out.real = n;
  out.x = Tensor(gnnrt::DType::kF32, {slots, f});
  auto xin = nt.x.data<float>();
  auto xout = out.x.data<float>();
  std::copy(xin.begin(), xin.begin() + n * f, xout.begin());
  std::vector<int64_t> ids(slots, 0), batch(slots, 1), y(slots, 0);
  for (int64_t i = 0; i < n; ++i) {
    ids[i] = i;
    batch[i] = 0;
  }
  out.nId = Tensor::fromI64({slots}, ids);
  out.batch = Tensor::fromI64({slots}, batch);
  out.ptr = Tensor::fromI64({3}, {0, n, slots});
  out.nodesMask = Tensor(gnnrt::DType::kBool, {slots});
  std::fill(out.nodesMask.data<uint8_t>().begin(),
            out.nodesMask.data<uint8_t>().begin() + n, 1);
  if (nt.labelKind == gnnrt::data::LabelKind::kClass) {
    auto yin = nt.y.data<int64_t>();
    std::copy(yin.begin(), yin.begin() + n, y.begin());
    out.y = Tensor::fromI64({slots}, y);
  }
  return out;
}

/// The whole heterogeneous graph padded into `sizes` (one padding node and
/// edge per type at least, as the loaders pad), with the labelled type as
/// the input type. The caller has checked that it fits.
gnnrt::data::HeteroBatch
fullHeteroBatch(const gnnrt::data::HeteroGraph &g,
                const gnnrt::data::HeteroFixedSizeOptions &sizes,
                int64_t target) {
  gnnrt::data::HeteroBatch b;
  for (size_t t = 0; t < g.nodeTypes.size(); ++t)
    b.nodes.push_back(padNodes(g.nodeTypes[t], sizes.numNodes[t]));
  for (size_t et = 0; et < g.edgeTypes.size(); ++et) {
    const gnnrt::data::EdgeType &e = g.edgeTypes[et];
    gnnrt::data::HeteroBatch::Edges out;
    int64_t slots = sizes.numEdges[et], m = e.numEdges();
    out.slots = slots;
    out.real = m;
    std::vector<int64_t> ei(2 * slots), ids(slots, 0);
    std::copy(e.srcIdx.begin(), e.srcIdx.end(), ei.begin());
    std::copy(e.dstIdx.begin(), e.dstIdx.end(), ei.begin() + slots);
    // Padding edges join the first padding nodes of their end types.
    std::fill(ei.begin() + m, ei.begin() + slots,
              b.nodes[g.nodeTypeIndex(e.src)].real);
    std::fill(ei.begin() + slots + m, ei.end(),
              b.nodes[g.nodeTypeIndex(e.dst)].real);
    for (int64_t k = 0; k < m; ++k)
      ids[k] = k;
    out.edgeIndex = Tensor::fromI64({2, slots}, ei);
    out.eId = Tensor::fromI64({slots}, ids);
    out.edgesMask = Tensor(gnnrt::DType::kBool, {slots});
    std::fill(out.edgesMask.data<uint8_t>().begin(),
              out.edgesMask.data<uint8_t>().begin() + m, 1);
    b.edges.push_back(std::move(out));
  }
  b.graphsMask = Tensor(gnnrt::DType::kBool, {sizes.numGraphs});
  b.graphsMask.data<uint8_t>()[0] = 1;
  b.inputType = target;
  b.numSeeds = g.nodeTypes[target].numNodes;
  return b;
}

Tensor idsMask(const std::vector<int64_t> &ids, int64_t slots) {
  Tensor m(gnnrt::DType::kBool, {slots});
  auto d = m.data<uint8_t>();
  for (int64_t i : ids)
    if (i < slots)
      d[i] = 1;
  return m;
}

/// Whether sampled sizes exceed the budgets.
bool misfitSizes(const gnnrt::data::HeteroFixedSizeOptions &sampled,
                 const gnnrt::data::HeteroFixedSizeOptions &budgets) {
  for (size_t t = 0; t < sampled.numNodes.size(); ++t)
    if (sampled.numNodes[t] > budgets.numNodes[t])
      return true;
  for (size_t t = 0; t < sampled.numEdges.size(); ++t)
    if (sampled.numEdges[t] > budgets.numEdges[t])
      return true;
  return false;
}

/// Which types of the graph exceed the budgets (one slot of each is
/// padding); empty when the whole graph fits.
std::string misfit(const gnnrt::data::HeteroGraph &g,
                   const gnnrt::data::HeteroFixedSizeOptions &sizes) {
  std::vector<std::string> over;
  for (size_t t = 0; t < g.nodeTypes.size(); ++t)
    if (g.nodeTypes[t].numNodes > sizes.numNodes[t] - 1)
      over.push_back(
          absl::StrFormat("%d '%s' nodes > %d", g.nodeTypes[t].numNodes,
                          g.nodeTypes[t].name, sizes.numNodes[t] - 1));
  for (size_t t = 0; t < g.edgeTypes.size(); ++t)
    if (g.edgeTypes[t].numEdges() > sizes.numEdges[t] - 1)
      over.push_back(
          absl::StrFormat("%d '%s' edges > %d", g.edgeTypes[t].numEdges(),
                          g.edgeTypes[t].key(), sizes.numEdges[t] - 1));
  if (over.size() > 3) {
    over.resize(3);
    over.push_back("...");
  }
  return absl::StrJoin(over, ", ");
}

/// Builds the heterogeneous batches for the compiled model's budgets: the
/// padded full graph when it fits (or --batching full), otherwise the
/// neighbour loaders.
absl::Status prepareHetero(gnnrt::exec::Session &s, Data &data) {
  const gnnrt::data::HeteroGraph &g = data.loaded->heteroGraph;
  absl::StatusOr<gnnrt::data::HeteroFixedSizeOptions> budgets =
      gnnrt::exec::heteroBudgets(s, "inference", g);
  if (!budgets.ok())
    return budgets.status();
  data.budgets = *budgets;
  const gnnrt::data::NodeType &tt = g.nodeTypes[data.target];
  std::string over = misfit(g, data.budgets);
  if (data.batching.empty())
    data.batching = over.empty() ? "full" : "neighbor";
  if (!quiet)
    llvm::errs() << absl::StrFormat(
        "heterogeneous graph '%s' (%d nodes, %d edges; labels on '%s'), model "
        "budgets %s: %s\n",
        g.name, g.totalNodes(), g.totalEdges(), tt.name,
        data.budgets.toString(g),
        data.batching == "full"
            ? "the whole graph, padded"
            : absl::StrCat("neighbour batches (the graph exceeds them: ",
                           over.empty() ? "it does not" : over, ")"));
  if (data.batching == "full") {
    if (!over.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "--batching full: graph '", g.name,
          "' does not fit the model's "
          "budgets (",
          over,
          "; one slot per type is padding); use "
          "--batching neighbor or raise num_nodes / num_edges in the model "
          "description"));
    data.heteroFull = fullHeteroBatch(g, data.budgets, data.target);
    int64_t slots = data.budgets.numNodes[data.target];
    data.fullMasks.train = idsMask(tt.trainIdx, slots);
    data.fullMasks.val = idsMask(tt.valIdx, slots);
    data.fullMasks.test = idsMask(tt.testIdx, slots);
    data.sizes.numNodes = slots;
    return absl::OkStatus();
  }
  gnnrt::data::NeighborLoaderOptions no;
  no.numNeighbors.clear();
  for (absl::string_view part :
       absl::StrSplit(numNeighborsOpt.getValue(), ',')) {
    int64_t k = 0;
    if (!absl::SimpleAtoi(part, &k) || k == 0)
      return absl::InvalidArgumentError(absl::StrCat(
          "--num-neighbors takes comma-separated counts (-1: all), e.g. 5,5; "
          "got '",
          numNeighborsOpt.getValue(), "'"));
    no.numNeighbors.push_back(k);
  }
  no.seed = seedOpt;
  no.overSize = gnnrt::data::OverSizeStrategy::kTrimNodesAndEdges;
  std::vector<int64_t> trainIds = tt.trainIdx;
  if (trainIds.empty())
    for (int64_t i = 0; i < tt.numNodes; ++i)
      trainIds.push_back(i);
  // Seeds per batch: given, or the most whose sampled batches fit.
  if (batchSizeOpt.getNumOccurrences()) {
    no.batchSize = batchSizeOpt;
  } else {
    no.batchSize = 1;
    for (int64_t bs : {128, 64, 32, 16, 8, 4, 2}) {
      gnnrt::data::NeighborLoaderOptions probe = no;
      probe.batchSize = bs;
      probe.sampleLimit = 20;
      auto l = gnnrt::data::FixedSizeHeteroNeighborLoader::create(
          g, tt.name, trainIds, probe);
      if (!l.ok())
        return l.status();
      if (misfitSizes(l->sizes(), data.budgets))
        continue;
      no.batchSize = bs;
      break;
    }
  }
  if (no.batchSize > data.budgets.numNodes[data.target] - 1)
    return absl::InvalidArgumentError(absl::StrFormat(
        "--batch-size %d: the seeds alone exceed the model's %d '%s' slots "
        "(one is padding)",
        no.batchSize, data.budgets.numNodes[data.target], tt.name));
  auto make = [&](std::vector<int64_t> ids, bool shuffle)
      -> absl::StatusOr<gnnrt::data::FixedSizeHeteroNeighborLoader> {
    gnnrt::data::NeighborLoaderOptions o = no;
    o.shuffle = shuffle;
    return gnnrt::data::FixedSizeHeteroNeighborLoader::create(
        g, tt.name, std::move(ids), o, data.budgets);
  };
  auto train = make(trainIds, true);
  if (!train.ok())
    return train.status();
  data.heteroTrain.emplace(*std::move(train));
  for (auto [ids, slot] :
       {std::pair<const std::vector<int64_t> *,
                  std::optional<gnnrt::data::FixedSizeHeteroNeighborLoader> *>{
            &tt.valIdx, &data.heteroVal},
        {&tt.testIdx, &data.heteroTest}}) {
    if (ids->empty())
      continue;
    auto l = make(*ids, false);
    if (!l.ok())
      return l.status();
    slot->emplace(*std::move(l));
  }
  auto all = make({}, false);
  if (!all.ok())
    return all.status();
  data.heteroAll.emplace(*std::move(all));
  data.sizes.numNodes = data.budgets.numNodes[data.target];
  if (!quiet)
    llvm::errs() << absl::StrFormat(
        "neighbour loader: %d '%s' seeds per batch, fan-out %s, %d training "
        "batches per epoch; over-size batches are trimmed (counted in "
        "metrics.json)\n",
        no.batchSize, tt.name, numNeighborsOpt.getValue(),
        data.heteroTrain->numBatches());
  return absl::OkStatus();
}

//===-- Metrics -----------------------------------------------------------===//

struct Counts {
  int64_t correct = 0, total = 0;
  double sqError = 0;
  /// Float labels: a regression, scored by mean squared error per row.
  bool regression = false;
  double accuracy() const {
    return total && !regression ? double(correct) / total : NAN;
  }
  double mse() const { return total && regression ? sqError / total : NAN; }
  std::string text(const char *split) const {
    return regression ? absl::StrFormat("  %s mse %.4g", split, mse())
                      : absl::StrFormat("  %s %.4f", split, accuracy());
  }
};

/// The index of the largest of `cols` values (the first on ties).
int64_t argmaxRow(const float *row, int64_t cols) {
  int64_t best = 0;
  for (int64_t k = 1; k < cols; ++k)
    if (row[k] > row[best])
      best = k;
  return best;
}

/// Runs `program` once on the inputs bound and returns output `out`.
absl::StatusOr<Tensor> runOnce(gnnrt::exec::Session &s,
                               const std::string &program,
                               const std::string &out) {
  if (absl::Status st = s.run(program, 1); !st.ok())
    return st;
  return s.getOutput(program, out);
}

/// Classification: argmax of each row of `out` against `labels` on the
/// rows `mask` keeps; regression: squared error.
void score(const Tensor &out, const Tensor &labels, const Tensor &mask,
           Counts &c) {
  if (out.rank() != 2 || labels.numElements() == 0)
    return;
  int64_t rows = out.dim(0), cols = out.dim(1);
  auto o = out.data<float>();
  for (int64_t r = 0; r < rows && r < mask.numElements(); ++r) {
    if (!mask.intAt(r))
      continue;
    if (labels.dtype() == gnnrt::DType::kF32) {
      c.regression = true;
      for (int64_t k = 0; k < cols; ++k) {
        double d = o[r * cols + k] - labels.floatAt(r * cols + k);
        c.sqError += d * d;
      }
      ++c.total;
      continue;
    }
    c.correct += argmaxRow(o.data() + r * cols, cols) == labels.intAt(r);
    ++c.total;
  }
}

std::string outputBinding(gnnrt::exec::Session &s, const std::string &program) {
  auto outs = s.outputs(program);
  if (outs.ok())
    for (const auto &o : *outs)
      if (o.role == "output")
        return o.binding;
  return "out";
}

/// The output of a heterogeneous model for the labelled type: out_<type>,
/// else out, else the first output.
std::string heteroOutput(gnnrt::exec::Session &s, const std::string &program,
                         const std::string &type) {
  auto outs = s.outputs(program);
  if (outs.ok())
    for (const std::string &name : {"out_" + type, std::string("out")})
      for (const auto &o : *outs)
        if (o.binding == name)
          return o.binding;
  return outputBinding(s, program);
}

/// Heterogeneous evaluation: the full graph on the split's mask, or the
/// split's neighbour batches on their seeds.
absl::StatusOr<Counts> evaluateHetero(gnnrt::exec::Session &s, Data &data,
                                      const std::string &split) {
  Counts c;
  const gnnrt::data::HeteroGraph &g = data.loaded->heteroGraph;
  std::string program = "inference";
  std::string out = heteroOutput(s, program, g.nodeTypes[data.target].name);
  auto one = [&](const gnnrt::data::HeteroBatch &b,
                 const gnnrt::exec::HeteroMasks &masks,
                 const Tensor &mask) -> absl::Status {
    if (absl::Status st = gnnrt::exec::bindHeteroBatch(s, program, g, b, masks);
        !st.ok())
      return st;
    absl::StatusOr<Tensor> o = runOnce(s, program, out);
    if (!o.ok())
      return o.status();
    score(*o, b.nodes[b.inputType].y, mask, c);
    return absl::OkStatus();
  };
  if (data.batching == "full") {
    const Tensor &mask = split == "val"     ? data.fullMasks.val
                         : split == "train" ? data.fullMasks.train
                                            : data.fullMasks.test;
    if (absl::Status st = one(data.heteroFull, data.fullMasks, mask); !st.ok())
      return st;
    return c;
  }
  auto &loader = split == "val"     ? data.heteroVal
                 : split == "train" ? data.heteroTrain
                                    : data.heteroTest;
  if (!loader)
    return c; // no such split: accuracy undefined (null)
  int64_t batches = loader->numBatches();
  if (evalBatches > 0)
    batches = std::min<int64_t>(batches, evalBatches);
  for (int64_t i = 0; i < batches; ++i) {
    absl::StatusOr<gnnrt::data::HeteroBatch> b = loader->batch(0, i);
    if (!b.ok())
      return b.status();
    Tensor seeds(gnnrt::DType::kBool, {b->nodes[b->inputType].slots});
    std::fill(seeds.data<uint8_t>().begin(),
              seeds.data<uint8_t>().begin() + b->numSeeds, 1);
    if (absl::Status st = one(*b, gnnrt::exec::HeteroMasks(), seeds); !st.ok())
      return st;
  }
  return c;
}

absl::StatusOr<Counts> evaluate(gnnrt::exec::Session &s, Data &data,
                                const char *split) {
  if (data.hetero())
    return evaluateHetero(s, data, split);
  Counts c;
  std::string program = "inference";
  std::string out = outputBinding(s, program);
  auto one = [&](const gnnrt::data::Batch &b,
                 const Tensor &mask) -> absl::Status {
    if (absl::Status st = bindBatch(s, program, b); !st.ok())
      return st;
    absl::StatusOr<Tensor> o = runOnce(s, program, out);
    if (!o.ok())
      return o.status();
    score(*o, b.y, mask, c);
    return absl::OkStatus();
  };
  if (data.nodeTask) {
    const Tensor &mask = std::string(split) == "val"     ? data.full.valMask
                         : std::string(split) == "train" ? data.full.trainMask
                                                         : data.full.testMask;
    if (absl::Status st = one(data.full, mask); !st.ok())
      return st;
    return c;
  }
  gnnrt::data::FixedSizeDataLoader &loader =
      std::string(split) == "train" ? *data.train : *data.test;
  absl::Status st = loader.forEachBatch(
      0, [&](gnnrt::data::Batch &b) { return one(b, b.graphsMask); });
  if (!st.ok())
    return st;
  return c;
}

//===-- Outputs -----------------------------------------------------------===//

absl::Status writeFile(const fs::path &path, const std::string &text) {
  fs::path tmp = path;
  tmp += absl::StrCat(".tmp", getpid());
  std::error_code ec;
  std::ofstream out(tmp, std::ios::binary);
  out << text;
  out.close(); // flushes: a full disk shows here
  if (!out) {
    fs::remove(tmp, ec);
    return absl::PermissionDeniedError(
        absl::StrCat(path.string(), ": cannot write"));
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return absl::PermissionDeniedError(
        absl::StrCat(path.string(), ": cannot write: ", ec.message()));
  }
  return absl::OkStatus();
}

std::string lossSvg(const std::vector<double> &losses) {
  const double w = 640, h = 360, l = 60, r = 20, t = 30, bm = 40;
  double lo = INFINITY, hi = -INFINITY;
  for (double v : losses)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9)
    hi = lo + 1;
  std::string pts;
  for (size_t i = 0; i < losses.size(); ++i) {
    if (!std::isfinite(losses[i]))
      continue;
    double x =
        l +
        (w - l - r) * (losses.size() > 1 ? double(i) / (losses.size() - 1) : 0);
    double y = t + (h - t - bm) * (1 - (losses[i] - lo) / (hi - lo));
    absl::StrAppendFormat(&pts, "%.1f,%.1f ", x, y);
  }
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"%g\" y=\"18\">training loss per epoch</text>\n"
      "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n"
      "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n"
      "<text x=\"4\" y=\"%g\">%.4g</text><text x=\"4\" y=\"%g\">%.4g</text>\n"
      "<text x=\"%g\" y=\"%g\">epoch 1</text><text x=\"%g\" y=\"%g\">epoch "
      "%d</text>\n"
      "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" "
      "points=\"%s\"/>\n</svg>\n",
      w, h, l, l, h - bm, w - r, h - bm, l, t, l, h - bm, t + 4, hi, h - bm, lo,
      l, h - bm + 16, w - r - 60, h - bm + 16, losses.size(), pts);
}

absl::Status writeCheckpoint(gnnrt::exec::Session &s, const fs::path &dir) {
  fs::path tmp = dir;
  tmp += absl::StrCat(".tmp", getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec)
    return absl::PermissionDeniedError(
        absl::StrCat(tmp.string(), ": ", ec.message()));
  std::string manifest = "{\n";
  bool first = true;
  for (const std::string &name : s.stateNames()) {
    absl::StatusOr<Tensor> t = s.getState(name);
    if (!t.ok())
      return t.status();
    if (absl::Status st =
            gnnrt::writeNpyFile((tmp / (name + ".npy")).string(), *t);
        !st.ok())
      return st;
    absl::StrAppend(&manifest, first ? "" : ",\n", "  \"", name, "\": \"", name,
                    ".npy\"");
    first = false;
  }
  manifest += "\n}\n";
  if (absl::Status st = writeFile(tmp / "manifest.json", manifest); !st.ok())
    return st;
  // Swap: the old checkpoint moves aside, the new one into place, and the
  // old one goes only then, so a crash never leaves no checkpoint.
  fs::path old = dir;
  old += absl::StrCat(".old", getpid());
  fs::remove_all(old, ec);
  bool hadOld = fs::exists(dir);
  if (hadOld) {
    fs::rename(dir, old, ec);
    if (ec)
      return absl::PermissionDeniedError(absl::StrCat(
          dir.string(),
          ": cannot move the previous checkpoint aside: ", ec.message()));
  }
  fs::rename(tmp, dir, ec);
  if (ec) {
    std::error_code ignored;
    if (hadOld)
      fs::rename(old, dir, ignored);
    return absl::PermissionDeniedError(absl::StrCat(
        dir.string(),
        ": cannot move the checkpoint into place: ", ec.message()));
  }
  if (hadOld)
    fs::remove_all(old, ec);
  return absl::OkStatus();
}

absl::Status loadCheckpoint(gnnrt::exec::Session &s, const fs::path &dir) {
  if (!fs::is_directory(dir))
    return absl::NotFoundError(absl::StrCat(
        dir.string(), ": no such checkpoint folder (gnn-run train writes "
                      "OUTPUT_DIR/checkpoint)"));
  // Parameters and buffers must all be there (predicting with initial
  // weights is a silent error); optimizer state is not needed to predict.
  std::vector<std::string> missing;
  for (const std::string &name : s.stateNames()) {
    const gnnrt::exec::StateTensor *state = s.executable().findState(name);
    if (fs::exists(dir / (name + ".npy")) ||
        (state && state->role == "optimizer_state"))
      continue;
    missing.push_back(name + ".npy");
  }
  if (!missing.empty())
    return absl::NotFoundError(absl::StrCat(
        dir.string(), ": the checkpoint lacks ", absl::StrJoin(missing, ", "),
        " (is it a checkpoint of this model?)"));
  for (const std::string &name : s.stateNames()) {
    fs::path file = dir / (name + ".npy");
    if (!fs::exists(file))
      continue; // optimizer state
    absl::StatusOr<Tensor> t = gnnrt::readNpyFile(file.string());
    if (!t.ok())
      return t.status();
    if (absl::Status st = s.setState(name, *t); !st.ok())
      return absl::InvalidArgumentError(
          absl::StrCat(file.string(), ": ", st.message()));
  }
  return absl::OkStatus();
}

std::string trainProgram(const gnnrt::exec::Session &s) {
  for (const std::string &p : s.programNames())
    if (absl::EndsWith(p, "_train_step"))
      return p;
  return "";
}

} // namespace

static cl::opt<double> rtolOpt("rtol", cl::desc("Relative tolerance (1e-5)"),
                               cl::init(1e-5), cl::sub(gnnrun::checkCommand),
                               cl::cat(gnnrun::simCategory));
static cl::opt<double> atolOpt("atol", cl::desc("Absolute tolerance (1e-6)"),
                               cl::init(1e-6), cl::sub(gnnrun::checkCommand),
                               cl::cat(gnnrun::simCategory));

int gnnrun::runCheck() {
  if (absl::Status st = checkOptions(/*training=*/false); !st.ok())
    return fail(st);
  absl::StatusOr<gnnc::CheckReport> report = gnnc::checkAgainstReference(
      modelFile, compileOptions(), seedOpt == 0 ? 1 : seedOpt.getValue(),
      rtolOpt, atolOpt, threadsOpt,
      fixedGraphOpt.getNumOccurrences() && fixedGraphOpt.getValue());
  if (!report.ok())
    return fail(report.status());
  llvm::outs() << modelFile << " on " << report->toString();
  if (!report->ok()) {
    llvm::outs() << "FAILED: the simulated programs differ from the reference "
                    "evaluator\n";
    return 1;
  }
  llvm::outs() << "PASSED\n";
  return 0;
}

int gnnrun::runCompile() {
  if (absl::Status st = checkOptions(/*training=*/false); !st.ok())
    return fail(st);
  if (outputExe.empty()) {
    llvm::errs() << "gnn-run compile: give the executable to write with -o\n";
    return 1;
  }
  gnnc::CompileInfo info;
  gnnc::CompileOptions options = compileOptions();
  if (absl::Status st = gnnc::readBoundInputs(bindOpt, options.fixedInputs);
      !st.ok())
    return fail(st);
  absl::StatusOr<gnnrt::exec::Executable> exe = gnnc::compileModelFile(
      modelFile, options, &info, !bspOut.empty());
  if (!exe.ok())
    return fail(exe.status());
  if (absl::Status s = gnnrt::exec::saveExecutable(*exe, outputExe); !s.ok())
    return fail(s);
  if (!bspOut.empty())
    if (absl::Status s = writeFile(bspOut.getValue(), info.bspMlir); !s.ok())
      return fail(s);
  llvm::outs() << absl::StrFormat(
      "compiled %s in %.3f s: %d program(s) for %d tile(s) -> %s\n", modelFile,
      info.seconds, exe->programs.size(), exe->target.totalTiles(), outputExe);
  return 0;
}

/// Makes the folder a file will go to; checked before any work is done so
/// a run is never lost to an unwritable output path.
absl::Status makeParent(const fs::path &dir) {
  if (dir.empty())
    return absl::OkStatus();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    return absl::PermissionDeniedError(
        absl::StrCat(dir.string(), ": cannot create the output folder",
                     ec ? ": " + ec.message() : std::string()));
  return absl::OkStatus();
}

int gnnrun::runSimTrain() {
  if (absl::Status st = checkOptions(/*training=*/true); !st.ok())
    return fail(st);
  if (absl::Status st = makeParent(outputDir.getValue()); !st.ok())
    return fail(st);
  if (!metricsJson.empty())
    if (absl::Status st =
            makeParent(fs::path(metricsJson.getValue()).parent_path());
        !st.ok())
      return fail(st);
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Data> data = loadData();
  if (!data.ok())
    return fail(data.status(), datasetOpt);
  gnnc::CompileInfo info;
  auto session = compileForData(*data, info);
  if (!session.ok())
    return fail(session.status());
  gnnrt::exec::Session &s = **session;
  std::string program = trainProgram(s);
  if (program.empty()) {
    llvm::errs() << "gnn-run train: the model has no loss function to train "
                    "(its description needs a `loss`)\n";
    return 1;
  }
  if (data->hetero()) {
    if (absl::Status st = prepareHetero(s, *data); !st.ok())
      return fail(st, datasetOpt);
    if (data->batching == "full")
      if (absl::Status st = gnnrt::exec::bindHeteroBatch(
              s, program, data->loaded->heteroGraph, data->heteroFull,
              data->fullMasks);
          !st.ok())
        return fail(st);
  } else if (data->nodeTask) {
    if (absl::Status st = bindBatch(s, program, data->full); !st.ok())
      return fail(st);
  }

  std::vector<double> losses;
  std::string evalLog = "epoch,train_loss,val_acc,test_acc\n";
  Counts lastVal, lastTest;
  double trainSeconds = 0;
  int64_t steps = 0;
  for (int64_t epoch = 1; epoch <= epochsOpt; ++epoch) {
    auto t0 = std::chrono::steady_clock::now();
    double sum = 0;
    int64_t n = 0;
    auto step = [&]() -> absl::Status {
      if (absl::Status st = s.run(program, 1); !st.ok())
        return st;
      absl::StatusOr<Tensor> loss = s.getOutput(program, "loss");
      if (!loss.ok())
        return loss.status();
      sum += loss->floatAt(0);
      ++n;
      ++steps;
      return absl::OkStatus();
    };
    absl::Status st;
    if (data->hetero() && data->batching == "neighbor")
      st = data->heteroTrain->forEachBatch(
          epoch - 1, [&](gnnrt::data::HeteroBatch &b) {
            data->trimmedNodes += b.trimmedNodes;
            data->trimmedEdges += b.trimmedEdges;
            if (absl::Status bs = gnnrt::exec::bindHeteroBatch(
                    s, program, data->loaded->heteroGraph, b);
                !bs.ok())
              return bs;
            return step();
          });
    else if (data->nodeTask)
      st = step();
    else
      st = data->train->forEachBatch(epoch - 1, [&](gnnrt::data::Batch &b) {
        if (absl::Status bs = bindBatch(s, program, b); !bs.ok())
          return bs;
        return step();
      });
    if (!st.ok())
      return fail(st, absl::StrCat("epoch ", epoch));
    trainSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    double loss = n ? sum / n : NAN;
    losses.push_back(loss);
    bool evalNow =
        epoch == epochsOpt || (evalEvery > 0 && epoch % evalEvery == 0);
    std::string accText;
    if (evalNow) {
      absl::StatusOr<Counts> val = data->nodeTask
                                       ? evaluate(s, *data, "val")
                                       : absl::StatusOr<Counts>(Counts());
      absl::StatusOr<Counts> test = evaluate(s, *data, "test");
      if (!val.ok())
        return fail(val.status(), "evaluation");
      if (!test.ok())
        return fail(test.status(), "evaluation");
      lastVal = *val;
      lastTest = *test;
      accText = (data->nodeTask ? val->text("val") : std::string()) +
                test->text("test");
      absl::StrAppendFormat(&evalLog, "%d,%.6f,%.6f,%.6f\n", epoch, loss,
                            val->accuracy(), test->accuracy());
    }
    // A progress line rewritten in place on a terminal; a line per
    // evaluation in a log.
    bool tty = isatty(2);
    if (!quiet && (tty || evalNow)) {
      auto prof = s.profile(program);
      double ipu = prof.ok() && steps ? prof->seconds / steps : 0;
      llvm::errs() << absl::StrFormat(
          "%sepoch %4d/%d  loss %.4f  %.1f steps/s  IPU %.3f ms/step%s",
          tty ? "\r" : "", epoch, epochsOpt.getValue(), loss,
          steps / std::max(trainSeconds, 1e-9), ipu * 1e3, accText);
      if (evalNow || !tty)
        llvm::errs() << "\n";
    }
  }

  // Outputs: metrics, loss curve, profile, checkpoint.
  fs::path out(outputDir.getValue());
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec)
    return fail(absl::PermissionDeniedError(ec.message()), outputDir);
  auto prof = s.profile(program);
  if (!prof.ok())
    return fail(prof.status());
  std::string lossCsv = "epoch,loss\n";
  for (size_t i = 0; i < losses.size(); ++i)
    absl::StrAppendFormat(&lossCsv, "%d,%.6f\n", i + 1, losses[i]);
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // JSON has no NaN: undefined figures (no validation split, no labels of
  // that kind) are null.
  auto num = [](double v) {
    return std::isfinite(v) ? absl::StrFormat("%.6f", v) : std::string("null");
  };
  // Whether the graph and the features were compiled in (the train step
  // streams neither), and the edge cut between tile blocks after
  // renumbering.
  bool fixedGraph = fixesGraph(*data);
  bool fixedFeatures = fixedGraph;
  if (auto inputs = s.inputs(program); inputs.ok())
    for (const gnnrt::exec::StreamBinding &in : *inputs)
      fixedFeatures &= in.binding != "x";
  auto cut = s.executable().metadata.find("gnn.graph_partition.edge_cut_after");
  std::string edgeCut =
      cut == s.executable().metadata.end() ? "null" : cut->second;
  std::string metrics = absl::StrFormat(
      "{\n  \"model\": \"%s\",\n  \"dataset\": \"%s\",\n  \"batching\": "
      "\"%s\",\n"
      "  \"epochs\": %d,\n  \"steps\": %d,\n  \"first_loss\": %s,\n"
      "  \"final_loss\": %s,\n  \"val_accuracy\": %s,\n"
      "  \"test_accuracy\": %s,\n  \"test_graphs_or_nodes\": %d,\n"
      "  \"test_mse\": %s,\n"
      "  \"tiles\": %d,\n  \"compile_seconds\": %.4f,\n  \"compile_cached\": "
      "%s,\n"
      "  \"host_seconds_per_step\": %.6f,\n  \"ipu_seconds_per_step\": %.9f,\n"
      "  \"trimmed_nodes\": %d,\n  \"trimmed_edges\": %d,\n"
      "  \"fixed_graph\": %s,\n  \"fixed_features\": %s,\n"
      "  \"edge_cut\": %s,\n"
      "  \"total_seconds\": %.3f,\n  \"compiler\": \"%s\"\n}\n",
      std::string(modelFile), std::string(datasetOpt), data->batching,
      epochsOpt.getValue(), steps, num(losses.empty() ? NAN : losses.front()),
      num(losses.empty() ? NAN : losses.back()), num(lastVal.accuracy()),
      num(lastTest.accuracy()), lastTest.total, num(lastTest.mse()),
      s.executable().target.totalTiles(), info.seconds,
      info.cacheHit ? "true" : "false", steps ? trainSeconds / steps : 0.0,
      steps ? prof->seconds / steps : 0.0, data->trimmedNodes,
      data->trimmedEdges, fixedGraph ? "true" : "false",
      fixedFeatures ? "true" : "false", edgeCut, total,
      gnnc::compilerVersion());
  for (auto [file, text] :
       {std::pair<const char *, std::string>{"metrics.json", metrics},
        {"loss.csv", lossCsv},
        {"eval.csv", evalLog},
        {"loss.svg", lossSvg(losses)},
        {"profile.json", prof->toJson()},
        {"profile.svg", prof->toSvg()},
        {"profile.txt", prof->toString()}})
    if (absl::Status st = writeFile(out / file, text); !st.ok())
      return fail(st);
  if (!metricsJson.empty())
    if (absl::Status st = writeFile(metricsJson.getValue(), metrics); !st.ok())
      return fail(st);
  if (absl::Status st = writeCheckpoint(s, out / "checkpoint"); !st.ok())
    return fail(st);
  if (!quiet && (data->trimmedNodes || data->trimmedEdges))
    llvm::errs() << absl::StrFormat(
        "the neighbour loader trimmed %d nodes and %d edges over %d training "
        "batches to fit the model's budgets\n",
        data->trimmedNodes, data->trimmedEdges, steps);
  if (!quiet)
    llvm::errs() << absl::StrFormat(
        "final loss %.4f,%s; wrote %s/{metrics.json, loss.csv, loss.svg, "
        "profile.json, profile.svg, checkpoint/}\n",
        losses.empty() ? NAN : losses.back(), lastTest.text("test"),
        out.string());
  return 0;
}

namespace {
/// Writes the predictions ([n] class ids, or [n, targets] values for a
/// regression) to --output, else OUTPUT_DIR/predictions.npy.
absl::Status writePredictions(const Tensor &predictions) {
  std::string file =
      predictionsFile.empty()
          ? (fs::path(outputDir.getValue()) / "predictions.npy").string()
          : std::string(predictionsFile);
  if (absl::Status st = makeParent(fs::path(file).parent_path()); !st.ok())
    return st;
  if (absl::Status ws = gnnrt::writeNpyFile(file, predictions); !ws.ok())
    return ws;
  if (!quiet)
    llvm::errs() << absl::StrFormat("wrote %d predictions%s to %s\n",
                                    predictions.dim(0),
                                    predictions.rank() == 2
                                        ? absl::StrCat(" of ", predictions.dim(1),
                                                       " values")
                                        : std::string(),
                                    file);
  return absl::OkStatus();
}

/// Predictions for every node of the labelled type, in node order.
int inferHetero(gnnrt::exec::Session &s, Data &data) {
  if (absl::Status st = prepareHetero(s, data); !st.ok())
    return fail(st, datasetOpt);
  const gnnrt::data::HeteroGraph &g = data.loaded->heteroGraph;
  const gnnrt::data::NodeType &tt = g.nodeTypes[data.target];
  std::string out = heteroOutput(s, "inference", tt.name);
  std::vector<int64_t> predictions(tt.numNodes, -1);
  auto predict = [&](const gnnrt::data::HeteroBatch &b,
                     int64_t rows) -> absl::Status {
    if (absl::Status st = gnnrt::exec::bindHeteroBatch(s, "inference", g, b);
        !st.ok())
      return st;
    absl::StatusOr<Tensor> o = runOnce(s, "inference", out);
    if (!o.ok())
      return o.status();
    int64_t cols = o->rank() == 2 ? o->dim(1) : 1;
    auto d = o->data<float>();
    auto ids = b.nodes[b.inputType].nId.data<int64_t>();
    for (int64_t r = 0; r < rows && r < o->dim(0); ++r)
      predictions[ids[r]] = argmaxRow(d.data() + r * cols, cols);
    return absl::OkStatus();
  };
  absl::Status st =
      data.batching == "full"
          ? predict(data.heteroFull, tt.numNodes)
          : data.heteroAll->forEachBatch(0, [&](gnnrt::data::HeteroBatch &b) {
              return predict(b, b.numSeeds);
            });
  if (!st.ok())
    return fail(st, "inference");
  int64_t n = static_cast<int64_t>(predictions.size());
  if (absl::Status ws =
          writePredictions(Tensor::fromI64({n}, std::move(predictions)));
      !ws.ok())
    return fail(ws);
  return 0;
}
} // namespace

int gnnrun::runInfer() {
  if (absl::Status st = checkOptions(/*training=*/false); !st.ok())
    return fail(st);
  if (checkpointDir.empty()) {
    llvm::errs()
        << "gnn-run infer: give --checkpoint DIR (from gnn-run train)\n";
    return 1;
  }
  if (!fs::is_directory(checkpointDir.getValue()))
    return fail(absl::NotFoundError(absl::StrCat(
        checkpointDir.getValue(), ": no such checkpoint folder (gnn-run train "
                                  "writes OUTPUT_DIR/checkpoint)")));
  absl::StatusOr<Data> data = loadData();
  if (!data.ok())
    return fail(data.status(), datasetOpt);
  gnnc::CompileInfo info;
  auto session = compileForData(*data, info);
  if (!session.ok())
    return fail(session.status());
  gnnrt::exec::Session &s = **session;
  if (absl::Status st = loadCheckpoint(s, checkpointDir.getValue()); !st.ok())
    return fail(st);
  if (data->hetero())
    return inferHetero(s, *data);
  // Predictions: argmax per node (node tasks) or per real graph; the
  // predicted values themselves for regression (float labels).
  std::vector<int64_t> predictions;
  std::vector<float> values;
  int64_t valueCols = 0;
  std::string out = outputBinding(s, "inference");
  auto predict = [&](const gnnrt::data::Batch &b,
                     const Tensor &keep) -> absl::Status {
    if (absl::Status st = bindBatch(s, "inference", b); !st.ok())
      return st;
    absl::StatusOr<Tensor> o = runOnce(s, "inference", out);
    if (!o.ok())
      return o.status();
    int64_t rows = o->dim(0), cols = o->rank() == 2 ? o->dim(1) : 1;
    auto d = o->data<float>();
    bool regression = b.y.dtype() == gnnrt::DType::kF32;
    for (int64_t r = 0; r < rows; ++r) {
      if (!keep.intAt(r))
        continue;
      if (regression) {
        valueCols = cols;
        values.insert(values.end(), d.begin() + r * cols,
                      d.begin() + (r + 1) * cols);
        continue;
      }
      predictions.push_back(argmaxRow(d.data() + r * cols, cols));
    }
    return absl::OkStatus();
  };
  absl::Status st;
  if (data->nodeTask)
    st = predict(data->full, data->full.nodesMask);
  else
    st = data->test->forEachBatch(
        0, [&](gnnrt::data::Batch &b) { return predict(b, b.graphsMask); });
  if (!st.ok())
    return fail(st, "inference");
  int64_t n = valueCols > 0 ? static_cast<int64_t>(values.size()) / valueCols
                            : static_cast<int64_t>(predictions.size());
  Tensor result = valueCols > 0
                      ? Tensor::fromF32({n, valueCols}, std::move(values))
                      : Tensor::fromI64({n}, std::move(predictions));
  if (absl::Status ws = writePredictions(result); !ws.ok())
    return fail(ws);
  return 0;
}
