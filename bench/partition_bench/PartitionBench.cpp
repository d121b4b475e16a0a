//===- PartitionBench.cpp - Partitioner and gather-plan timings -----------===//
//
// Times partitionGraph + planHalo on a Cora-sized and a PubMed-sized
// stochastic block model (7 and 3 communities, the datasets' class counts)
// and a 1M-node uniform random graph, and planGather for a Cora-sized batch,
// all for one GC200 (1472 tiles); then the real Cora and PubMed when
// --dataset-dir (default: ../shared/datasets) holds them. One line per graph.
//   build/bin/gnnc-partition-bench [--tiles N] [--dataset-dir DIR]
//
//===----------------------------------------------------------------------===//
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gnnc/Partition/GatherPlan.h"
#include "gnnc/Partition/GraphPartition.h"
#include "gnnc/Partition/Targets.h"
#include "gnnrt/data/Datasets.h"

using namespace gnnc::partition;

static double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

int main(int argc, char **argv) {
  gnnrt::TargetModel target = gc200Target();
  std::string datasetDir = GNNC_DATASETS_DIR;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--tiles"))
      target.tilesPerIpu = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dataset-dir"))
      datasetDir = argv[i + 1];
  }
  const int64_t T = target.totalTiles();
  struct Case {
    const char *name;
    Graph graph;
  };
  // Cora: 10556 directed edges = 5278 pairs; PubMed: 88648 = 44324 pairs.
  // About 80% of a citation graph's edges stay inside a class.
  std::vector<Case> cases = {
      {"cora-sized sbm (2708 nodes, 10556 edges, 7 communities)",
       stochasticBlockModel(2708, 7, 4222, 1056, 1)},
      {"pubmed-sized sbm (19717 nodes, 88648 edges, 3 communities)",
       stochasticBlockModel(19717, 3, 35459, 8865, 2)},
      {"1M-node random (1000000 nodes, 10000000 edges)",
       randomGraph(1000000, 10000000, 3)},
  };
  for (const char *name : {"cora", "pubmed"}) {
    auto d = gnnrt::data::loadDataset(name, datasetDir);
    if (!d.ok() || d->hetero) {
      std::printf("%s: skipped (%s)\n", name,
                  d.ok() ? "hetero" : std::string(d.status().message()).c_str());
      continue;
    }
    Graph g;
    g.numNodes = d->graphs.nodePtr.back();
    g.src = d->graphs.src;
    g.dst = d->graphs.dst;
    cases.push_back({name, std::move(g)});
  }
  std::printf("tiles: %lld\n", static_cast<long long>(T));
  for (Case &c : cases) {
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<GraphPartition> p = partitionGraph(c.graph, T);
    if (!p.ok()) {
      std::fprintf(stderr, "%s\n", p.status().ToString().c_str());
      return 1;
    }
    double partitionS = seconds(start);
    start = std::chrono::steady_clock::now();
    HaloPlan halo = planHalo(c.graph, p->nodeTile, T, /*rowBytes=*/64);
    double haloS = seconds(start);
    int64_t randomCut =
        computeEdgeCut(c.graph, randomAssignment(c.graph.numNodes, T, 7));
    std::printf(
        "%s: edges %lld; partition %.3f s, halo %.3f s; edge cut %lld "
        "(initial %lld, %d refine passes) vs random %lld = %.3f; max nodes "
        "%lld (mean %.2f, cap %lld), max edges %lld; halo rows %lld, max in "
        "%lld B at 64 B/row\n",
        c.name, static_cast<long long>(c.graph.numEdges()), partitionS, haloS,
        static_cast<long long>(p->edgeCut),
        static_cast<long long>(p->initialEdgeCut), p->refinePasses,
        static_cast<long long>(randomCut),
        static_cast<double>(p->edgeCut) / randomCut,
        static_cast<long long>(p->maxNodesPerTile()),
        static_cast<double>(c.graph.numNodes) / T,
        static_cast<long long>(p->capacity),
        static_cast<long long>(p->maxEdgesPerTile()),
        static_cast<long long>(halo.totalRows()),
        static_cast<long long>(halo.maxBytesIn()));
  }
  // Data-dependent gather: Cora-sized table of 64-byte rows (16 floats
  // after the first GCN matmul) and 1433 floats (the raw features).
  for (int64_t rowBytes : {64, 1433 * 4}) {
    auto start = std::chrono::steady_clock::now();
    absl::StatusOr<GatherPlan> g = planGather(2708, rowBytes, 10556, target);
    double s = seconds(start);
    if (!g.ok()) {
      std::printf("gather 2708 x %lld B, 10556 lookups: %s\n",
                  static_cast<long long>(rowBytes),
                  g.status().ToString().c_str());
      continue;
    }
    absl::StatusOr<GatherPlan> all =
        planGather(2708, rowBytes, 10556, target, {/*tableSplit=*/1});
    std::printf("gather 2708 x %lld B, 10556 lookups: plan %.3f s; split "
                "S=%lld L=%lld: phase1 %lld B, phase2 %lld B, peak %lld B, "
                "cycles %lld; allgather (S=1): %s\n",
                static_cast<long long>(rowBytes), s,
                static_cast<long long>(g->tableSplit),
                static_cast<long long>(g->lookupSplit),
                static_cast<long long>(g->maxPhase1Bytes()),
                static_cast<long long>(g->maxPhase2Bytes()),
                static_cast<long long>(g->maxPeakBytes()),
                static_cast<long long>(g->totalCycles()),
                all.ok() ? std::to_string(all->totalCycles()).append(" cycles, peak ")
                               .append(std::to_string(all->maxPeakBytes()))
                               .append(" B")
                               .c_str()
                         : std::string(all.status().message()).c_str());
  }
  return 0;
}
