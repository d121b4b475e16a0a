//===- LoaderSimBench.cpp - loader batches/s against simulator steps/s ----===//
//
//   gnnc-loader-sim-bench EXE.gnnx DATASET [--dataset-dir DIR]
//       [--strategy pack|pad-to-max|stream-pack] --num-graphs G
//       --num-nodes N --num-edges E [--epochs K] [--threads T] [--seed S]
//
// Loads DATASET (a `gnn-run data` spec: mutag, qm9, synthetic-molecules, ...)
// and batches all its graphs with the fixed-size loader at the given sizes
// (those the executable was compiled for: `gnn-run compile MODEL -o EXE
// --num-graphs G --num-nodes N --num-edges E`). It then times, in one
// process:
//   loader     forEachBatch over K epochs, building every batch (batches/s);
//   simulator  the same batches bound to the train-step program and run
//              one device iteration each on a gnnrt::exec::Session with T
//              host threads (steps/s; loader time excluded: the batches of
//              an epoch are built first).
// and prints one JSON object. bench/loader_vs_sim.py drives it. (`gnn-run
// train --batching pack` does the same consumption with compilation and
// evaluation around it; this measures the two rates alone.)
//
//===----------------------------------------------------------------------===//
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/data/Datasets.h"
#include "gnnrt/data/Loader.h"
#include "gnnrt/exec/Executable.h"
#include "gnnrt/exec/BatchBinding.h"
#include "gnnrt/exec/Session.h"

using gnnrt::Tensor;
using Clock = std::chrono::steady_clock;

namespace {

int fail(const std::string &what, const absl::Status &s) {
  std::fprintf(stderr, "gnnc-loader-sim-bench: %s: %s\n", what.c_str(),
               std::string(s.message()).c_str());
  return 1;
}

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

using gnnrt::exec::bindBatch;

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: gnnc-loader-sim-bench EXE.gnnx DATASET [--dataset-dir "
                 "DIR] [--strategy pack|pad-to-max|stream-pack] --num-graphs G "
                 "--num-nodes N --num-edges E [--epochs K] [--threads T] "
                 "[--seed S]\n");
    return 2;
  }
  std::string exePath = argv[1], spec = argv[2], dir, strategy = "pack";
  int64_t graphs = 0, nodes = 0, edges = 0, epochs = 5;
  int threads = 1;
  uint64_t seed = 0;
  if (const char *env = std::getenv("GNNC_DATASETS"))
    dir = env;
  auto number = [](const std::string &k, const std::string &v,
                   int64_t &out) {
    if (absl::SimpleAtoi(v, &out) && out >= 0)
      return true;
    std::fprintf(stderr, "gnnc-loader-sim-bench: %s needs a non-negative "
                         "integer, got '%s'\n", k.c_str(), v.c_str());
    return false;
  };
  for (int i = 3; i < argc; i += 2) {
    std::string k = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "gnnc-loader-sim-bench: %s needs a value\n",
                   k.c_str());
      return 2;
    }
    std::string v = argv[i + 1];
    int64_t n = 0;
    if (k == "--dataset-dir")
      dir = v;
    else if (k == "--strategy")
      strategy = v;
    else if (k == "--num-graphs" || k == "--num-nodes" || k == "--num-edges" ||
             k == "--epochs" || k == "--threads" || k == "--seed") {
      if (!number(k, v, n))
        return 2;
      if (k == "--num-graphs")
        graphs = n;
      else if (k == "--num-nodes")
        nodes = n;
      else if (k == "--num-edges")
        edges = n;
      else if (k == "--epochs")
        epochs = n;
      else if (k == "--threads")
        threads = static_cast<int>(n);
      else
        seed = static_cast<uint64_t>(n);
    } else {
      std::fprintf(stderr, "gnnc-loader-sim-bench: unknown option %s\n",
                   k.c_str());
      return 2;
    }
  }
  if (strategy != "pack" && strategy != "pad-to-max" &&
      strategy != "stream-pack") {
    std::fprintf(stderr, "gnnc-loader-sim-bench: unknown --strategy '%s' "
                         "(pack, pad-to-max or stream-pack)\n",
                 strategy.c_str());
    return 2;
  }
  // The executable first: a bad path is reported before any timing.
  auto exe = gnnrt::exec::loadExecutable(exePath);
  if (!exe.ok())
    return fail(exePath, exe.status());

  auto loaded = gnnrt::data::loadDataset(spec, dir, seed);
  if (!loaded.ok())
    return fail(spec, loaded.status());
  if (loaded->hetero)
    return fail(spec, absl::InvalidArgumentError("heterogeneous dataset"));
  const gnnrt::data::GraphDataset &ds = loaded->graphs; // outlives the loader
  gnnrt::data::LoaderOptions lo;
  lo.strategy = strategy == "pad-to-max"    ? gnnrt::data::FixedSizeStrategy::kPadToMax
                : strategy == "stream-pack" ? gnnrt::data::FixedSizeStrategy::kStreamPack
                                            : gnnrt::data::FixedSizeStrategy::kPack;
  lo.sizes.numGraphs = graphs;
  lo.sizes.numNodes = nodes;
  lo.sizes.numEdges = edges;
  lo.shuffle = true;
  lo.seed = seed;
  auto loader = gnnrt::data::FixedSizeDataLoader::create(ds, {}, lo);
  if (!loader.ok())
    return fail("loader", loader.status());

  // Loader alone.
  int64_t loaderBatches = 0;
  auto t0 = Clock::now();
  for (int64_t e = 0; e < epochs; ++e)
    if (absl::Status s = loader->forEachBatch(e, [&](gnnrt::data::Batch &) {
          ++loaderBatches;
          return absl::OkStatus();
        });
        !s.ok())
      return fail("loader", s);
  double loaderSeconds = since(t0);

  // Simulator on the same batches.
  gnnrt::exec::SessionOptions so;
  so.threads = threads;
  auto session = gnnrt::exec::Session::create(*std::move(exe), so);
  if (!session.ok())
    return fail("session", session.status());
  gnnrt::exec::Session &s = **session;
  std::string program;
  for (const std::string &p : s.programNames())
    if (p.size() > 11 && p.compare(p.size() - 11, 11, "_train_step") == 0)
      program = p;
  if (program.empty())
    return fail(exePath, absl::NotFoundError("no *_train_step program"));
  int64_t steps = 0;
  double simSeconds = 0, lossSum = 0;
  for (int64_t e = 0; e < epochs; ++e) {
    std::vector<gnnrt::data::Batch> batches;
    if (absl::Status st = loader->forEachBatch(e, [&](gnnrt::data::Batch &b) {
          batches.push_back(std::move(b));
          return absl::OkStatus();
        });
        !st.ok())
      return fail("loader", st);
    auto t1 = Clock::now();
    for (const gnnrt::data::Batch &b : batches) {
      if (absl::Status st = bindBatch(s, program, b); !st.ok())
        return fail("bind", st);
      if (absl::Status st = s.run(program, 1); !st.ok())
        return fail("run", st);
      if (auto loss = s.getOutput(program, "loss"); loss.ok())
        lossSum += loss->floatAt(0);
      ++steps;
    }
    simSeconds += since(t1);
  }
  auto prof = s.profile(program);
  double ipu = prof.ok() && steps ? prof->seconds / steps : 0;
  std::printf(
      "{\"dataset\": \"%s\", \"strategy\": \"%s\", \"num_graphs\": %lld, "
      "\"num_nodes\": %lld, \"num_edges\": %lld, \"epochs\": %lld, "
      "\"threads\": %d, \"program\": \"%s\", \"loader_batches\": %lld, "
      "\"loader_seconds\": %.6f, \"loader_batches_per_second\": %.3f, "
      "\"sim_steps\": %lld, \"sim_seconds\": %.6f, "
      "\"sim_steps_per_second\": %.3f, \"mean_loss\": %.6f, "
      "\"ipu_seconds_per_step\": %.9f}\n",
      spec.c_str(), strategy.c_str(), (long long)loader->options().sizes.numGraphs,
      (long long)loader->options().sizes.numNodes,
      (long long)loader->options().sizes.numEdges, (long long)epochs, threads,
      program.c_str(), (long long)loaderBatches, loaderSeconds,
      loaderSeconds > 0 ? loaderBatches / loaderSeconds : 0.0,
      (long long)steps, simSeconds, simSeconds > 0 ? steps / simSeconds : 0.0,
      steps ? lossSum / steps : 0.0, ipu);
  return 0;
}
