//===- BspPlanMemory.cpp - Tile memory addresses from lifetimes -----------===//
//
// Every bsp.tensor gets one byte offset, the same on all tiles of its
// mapping, for a reservation of its largest per-tile slice rounded up to 8
// bytes. Two tensors may share bytes only when their lifetimes (see
// BspLifetimes.h, docs/MemoryPlanning.md) do not overlap or their tile
// ranges do not intersect. Placement is first-fit in order of decreasing
// size over the address intervals of the conflicting tensors already
// placed; tile ranges are intervals, so no step loops over tile pairs.
//
//===----------------------------------------------------------------------===//
#include "BspLifetimes.h"

#include <algorithm>
#include <numeric>
#include <queue>

#include "bsp/BspOps.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_BSPPLANMEMORY
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::bsp;
using gnnc::bspinfo::Lifetime;

namespace {

/// One tensor to place.
struct Item {
  TensorOp op;
  StringRef name;
  int64_t bytes = 0; // reservation on every tile of the mapping
  int64_t firstTile = 0, endTile = 0;
  Lifetime lifetime;
  int64_t offset = 0;

  bool conflictsWith(const Item &o) const {
    return bytes > 0 && o.bytes > 0 && lifetime.overlaps(o.lifetime) &&
           firstTile < o.endTile && o.firstTile < endTile;
  }
};

/// The plan of one program and what it needs on every tile.
struct Plan {
  std::vector<Item> items;
  /// Per tile of the target: max(offset + bytes) over the tensors mapped
  /// there.
  std::vector<int64_t> tileBytes;
  int64_t peakTile = 0;
  int64_t maxTileBytes = 0;
  double meanTileBytes = 0;
};

/// First fit in order of decreasing size.
void placeAll(std::vector<Item> &items) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Item &x = items[a], &y = items[b];
    if (x.bytes != y.bytes)
      return x.bytes > y.bytes;
    if (x.lifetime.first != y.lifetime.first)
      return x.lifetime.first < y.lifetime.first;
    return x.name < y.name;
  });
  std::vector<size_t> placed;
  placed.reserve(items.size());
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t i : order) {
    Item &item = items[i];
    busy.clear();
    for (size_t j : placed)
      if (item.conflictsWith(items[j]))
        busy.emplace_back(items[j].offset, items[j].offset + items[j].bytes);
    std::sort(busy.begin(), busy.end());
    int64_t candidate = 0;
    for (auto [begin, end] : busy) {
      if (begin >= candidate + item.bytes)
        break;
      candidate = std::max(candidate, end);
    }
    item.offset = candidate;
    placed.push_back(i);
  }
}

/// Per-tile max(offset + bytes), by a sweep over tiles with a max-heap of
/// the tensors mapped there: O((tensors + tiles) log tensors).
void measure(Plan &plan, int64_t totalTiles) {
  plan.tileBytes.assign(static_cast<size_t>(totalTiles), 0);
  std::vector<size_t> byFirst(plan.items.size());
  std::iota(byFirst.begin(), byFirst.end(), 0);
  std::sort(byFirst.begin(), byFirst.end(), [&](size_t a, size_t b) {
    return plan.items[a].firstTile < plan.items[b].firstTile;
  });
  // (top address, end tile)
  std::priority_queue<std::pair<int64_t, int64_t>> active;
  size_t next = 0;
  for (int64_t tile = 0; tile < totalTiles; ++tile) {
    while (next < byFirst.size() &&
           plan.items[byFirst[next]].firstTile <= tile) {
      const Item &item = plan.items[byFirst[next++]];
      if (item.bytes > 0)
        active.emplace(item.offset + item.bytes, item.endTile);
    }
    // Lazy deletion: an entry that has ended is dropped when it surfaces.
    while (!active.empty() && active.top().second <= tile)
      active.pop();
    plan.tileBytes[tile] = active.empty() ? 0 : active.top().first;
  }
  plan.maxTileBytes = 0;
  plan.peakTile = 0;
  double total = 0;
  for (int64_t tile = 0; tile < totalTiles; ++tile) {
    total += static_cast<double>(plan.tileBytes[tile]);
    if (plan.tileBytes[tile] > plan.maxTileBytes) {
      plan.maxTileBytes = plan.tileBytes[tile];
      plan.peakTile = tile;
    }
  }
  plan.meanTileBytes = totalTiles ? total / static_cast<double>(totalTiles) : 0;
}

struct BspPlanMemoryPass
    : mlir::gnn::impl::BspPlanMemoryBase<BspPlanMemoryPass> {
  using BspPlanMemoryBase::BspPlanMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::json::Array reports;
    bool failedAny = false;
    for (ProgramOp program : module.getOps<ProgramOp>())
      if (failed(planProgram(program, reports)))
        failedAny = true;
    if (!reportFile.empty()) {
      std::string error;
      std::unique_ptr<llvm::ToolOutputFile> file =
          openOutputFile(reportFile, &error);
      if (!file) {
        mlir::emitError(module.getLoc(), "cannot write the memory report: ")
            << error;
        return signalPassFailure();
      }
      llvm::json::Object root{{"programs", std::move(reports)}};
      file->os() << llvm::formatv("{0:2}", llvm::json::Value(std::move(root)))
                 << "\n";
      file->keep();
    }
    if (failedAny)
      signalPassFailure();
  }

  LogicalResult planProgram(ProgramOp program, llvm::json::Array &reports) {
    TargetAttr target = program.getTarget();
    int64_t bytesPerTile = target.getBytesPerTile();
    if (reservedBytes < 0 || reservedBytes >= bytesPerTile)
      return program.emitError("reserved-bytes=")
             << static_cast<int64_t>(reservedBytes)
             << " leaves no memory on tiles of " << bytesPerTile << " bytes";
    int64_t limit = bytesPerTile - reservedBytes;

    gnnc::bspinfo::ProgramLifetimes lifetimes =
        gnnc::bspinfo::computeLifetimes(program);
    Plan plan;
    for (TensorOp tensor : program.getOps<TensorOp>()) {
      Item item;
      item.op = tensor;
      item.name = tensor.getSymName();
      item.bytes = gnnc::bspinfo::reservedBytes(tensor);
      item.firstTile = tensor.getMapping().getTiles().getFirst();
      item.endTile = tensor.getMapping().getTiles().getEnd();
      item.lifetime = lifetimes.lifetimes.lookup(item.name);
      plan.items.push_back(item);
    }
    placeAll(plan.items);
    measure(plan, target.getTotalTiles());

    reports.push_back(makeReport(program, plan, lifetimes, limit));
    if (plan.maxTileBytes > limit)
      return reportOverflow(program, plan, lifetimes, limit);

    Builder builder(program.getContext());
    for (Item &item : plan.items)
      item.op.setOffset(item.offset);
    program->setAttr(
        "bsp.memory",
        builder.getDictionaryAttr({
            builder.getNamedAttr("max_tile_bytes",
                                 builder.getI64IntegerAttr(plan.maxTileBytes)),
            builder.getNamedAttr("mean_tile_bytes",
                                 builder.getI64IntegerAttr(
                                     static_cast<int64_t>(plan.meanTileBytes))),
            builder.getNamedAttr("peak_tile",
                                 builder.getI64IntegerAttr(plan.peakTile)),
        }));
    return success();
  }

  llvm::json::Object
  makeReport(ProgramOp program, const Plan &plan,
             const gnnc::bspinfo::ProgramLifetimes &lifetimes, int64_t limit) {
    llvm::json::Array tensors;
    for (const Item &item : plan.items) {
      llvm::json::Value lifetime = nullptr;
      if (!item.lifetime.empty())
        lifetime = llvm::json::Array{item.lifetime.first, item.lifetime.last};
      tensors.push_back(llvm::json::Object{
          {"name", item.name},
          {"offset", item.offset},
          {"bytes", item.bytes},
          {"first_tile", item.firstTile},
          {"tile_count", item.endTile - item.firstTile},
          {"lifetime", std::move(lifetime)},
      });
    }
    llvm::json::Array tiles;
    for (int64_t bytes : plan.tileBytes)
      tiles.push_back(bytes);
    return llvm::json::Object{
        {"name", program.getSymName()},
        {"fits", plan.maxTileBytes <= limit},
        {"bytes_per_tile", program.getTarget().getBytesPerTile()},
        {"reserved_bytes", static_cast<int64_t>(reservedBytes)},
        {"limit", limit},
        {"num_steps", lifetimes.numSteps()},
        {"max_tile_bytes", plan.maxTileBytes},
        {"mean_tile_bytes", plan.meanTileBytes},
        {"peak_tile", plan.peakTile},
        {"tensors", std::move(tensors)},
        {"tile_peak_bytes", std::move(tiles)},
    };
  }

  LogicalResult reportOverflow(ProgramOp program, const Plan &plan,
                               const gnnc::bspinfo::ProgramLifetimes &lifetimes,
                               int64_t limit) {
    int64_t tile = plan.peakTile;
    // The step where the tensors live on the peak tile weigh the most: a
    // sweep over their lifetimes.
    std::vector<const Item *> here;
    for (const Item &item : plan.items)
      if (item.firstTile <= tile && tile < item.endTile && item.bytes > 0 &&
          !item.lifetime.empty())
        here.push_back(&item);
    std::vector<std::pair<int64_t, int64_t>> events; // (step, +/- bytes)
    for (const Item *item : here) {
      events.emplace_back(item->lifetime.first, item->bytes);
      events.emplace_back(item->lifetime.last + 1, -item->bytes);
    }
    // At equal steps, ends (negative) before starts.
    std::sort(events.begin(), events.end());
    int64_t live = 0, peakLive = 0, peakStep = 0;
    for (size_t i = 0; i < events.size();) {
      int64_t step = events[i].first;
      for (; i < events.size() && events[i].first == step; ++i)
        live += events[i].second;
      if (live > peakLive) {
        peakLive = live;
        peakStep = step;
      }
    }
    std::vector<const Item *> liveAtPeak;
    for (const Item *item : here)
      if (item->lifetime.first <= peakStep && peakStep <= item->lifetime.last)
        liveAtPeak.push_back(item);
    std::stable_sort(liveAtPeak.begin(), liveAtPeak.end(),
                     [](const Item *a, const Item *b) {
                       if (a->bytes != b->bytes)
                         return a->bytes > b->bytes;
                       return a->name < b->name;
                     });
    if (liveAtPeak.size() > 5)
      liveAtPeak.resize(5);

    TargetAttr target = program.getTarget();
    // Memory per tile falls roughly with the number of tiles.
    int64_t ipus = target.getIpus();
    int64_t suggested =
        std::max(ipus + 1, (ipus * plan.maxTileBytes + limit - 1) / limit);

    // On the location only: printing a large program would bury the message.
    InFlightDiagnostic diag = mlir::emitError(program.getLoc());
    diag << "program @" << program.getSymName()
         << " does not fit in tile memory: tile " << tile << " needs "
         << plan.maxTileBytes << " bytes but " << limit
         << " are available (bytes_per_tile " << target.getBytesPerTile();
    if (reservedBytes > 0)
      diag << " - reserved " << static_cast<int64_t>(reservedBytes);
    diag << ")";
    if (!liveAtPeak.empty()) {
      diag << "; at step " << peakStep << " ("
           << gnnc::bspinfo::describeStep(lifetimes.steps[peakStep])
           << ") the tensors live there take " << peakLive
           << " bytes, the largest: ";
      llvm::interleaveComma(liveAtPeak, diag, [&](const Item *item) {
        diag << "'" << item->name << "' (" << item->bytes << " bytes)";
      });
    }
    diag << "; use more IPUs (ipus=" << suggested
         << "), a smaller batch or fewer nodes per batch, or fewer hidden "
            "channels";
    return diag;
  }
};

} // namespace
