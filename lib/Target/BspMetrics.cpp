//===- BspMetrics.cpp - Static metrics of bsp programs as JSON ------------===//
//
// `--bsp-to-metrics` summarises every bsp.program of a module: supersteps
// with repeat multiplicity, vertices, copies, the bytes that cross tiles in
// exchanges, tile memory (planned or not), per-IPU totals and the serial
// fallbacks. Field by field in docs/Executable.md. Cross-tile bytes come
// from the two mappings in closed form over runs of elements held by one
// tile, never per element.
//
//===----------------------------------------------------------------------===//
#include <algorithm>

#include "../Transforms/BspLifetimes.h"
#include "bsp/BspOps.h"
#include "gnnc/InitAll.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::bsp;
using gnnc::bspinfo::FlatLayout;

namespace gnnc {
void registerBspMetricsTranslation();
} // namespace gnnc

namespace {

/// Copied elements that land on a destination tile in [wa, wb) from a
/// different source tile, counted once per destination tile that receives
/// them (every replica of a replicated destination). A replicated source
/// serves a destination tile from its own replica when it has one and from
/// its first replica otherwise, as the simulator does.
int64_t crossTileElements(const FlatLayout &source, int64_t sb, int64_t se,
                          const FlatLayout &dest, int64_t db, int64_t de,
                          int64_t wa, int64_t wb) {
  int64_t n = se - sb;
  int64_t a = std::max(dest.firstTile, wa), b = std::min(dest.endTile, wb);
  if (a >= b || n <= 0)
    return 0;
  auto overlap = [](int64_t x0, int64_t x1, int64_t y0, int64_t y1) {
    return std::max<int64_t>(0, std::min(x1, y1) - std::max(x0, y0));
  };
  if (dest.replicated) {
    int64_t tiles = b - a;
    if (source.replicated)
      return n * (tiles - overlap(a, b, source.firstTile, source.endTile));
    // Each source element is local to one destination replica at most: its
    // owner's.
    return n * tiles - source.countOwned(sb, se, a, b);
  }
  int64_t received = dest.countOwned(db, de, a, b);
  if (source.replicated)
    return received - dest.countOwned(db, de, std::max(a, source.firstTile),
                                      std::min(b, source.endTile));
  // Both blocked: walk the runs of the side with fewer of them and count
  // in closed form how much of each run the other side holds on that tile.
  int64_t shift = db - sb;
  int64_t local = 0;
  if (source.estimateRuns(sb, se) <= dest.estimateRuns(db, de)) {
    for (int64_t f = sb; f < se;) {
      int64_t tile = source.owner(f), end = source.runEnd(f, se);
      if (tile >= a && tile < b)
        local += dest.countOwned(f + shift, end + shift, tile, tile + 1);
      f = end;
    }
  } else {
    for (int64_t g = db; g < de;) {
      int64_t tile = dest.owner(g), end = dest.runEnd(g, de);
      if (tile >= a && tile < b)
        local += source.countOwned(g - shift, end - shift, tile, tile + 1);
      g = end;
    }
  }
  return received - local;
}

struct Counts {
  int64_t computeSets = 0, exchanges = 0, syncs = 0, streamCopies = 0;
  int64_t bytesExchanged = 0;
  int64_t bytesToDevice = 0, bytesToHost = 0;
  std::vector<int64_t> ipuBytesReceived;
};

class ProgramMetrics {
public:
  explicit ProgramMetrics(ProgramOp program) : program(program) {
    target = program.getTarget();
    for (TensorOp tensor : program.getOps<TensorOp>())
      layouts[tensor.getSymName()] = FlatLayout::get(tensor);
    counts.ipuBytesReceived.assign(static_cast<size_t>(target.getIpus()), 0);
  }

  llvm::json::Object run() {
    walk(*program.getBody(), 1);
    int64_t totalTiles = target.getTotalTiles();
    int64_t tilesPerIpu = target.getTilesPerIpu();

    // Static counts.
    int64_t vertices = 0, copies = 0, serial = 0, steps = 0;
    std::vector<int64_t> ipuVertexInstances(counts.ipuBytesReceived.size());
    program.walk([&](Operation *op) {
      if (isa<ComputeSetOp, ExchangeOp, SyncOp, RepeatOp, StreamCopyOp>(op))
        ++steps;
      if (auto vertex = dyn_cast<VertexOp>(op)) {
        ++vertices;
        if (vertex.getCodelet().starts_with("serial."))
          ++serial;
        TilesAttr tiles = vertex.getTiles();
        for (size_t ipu = 0; ipu < ipuVertexInstances.size(); ++ipu) {
          int64_t lo = static_cast<int64_t>(ipu) * tilesPerIpu;
          ipuVertexInstances[ipu] +=
              std::max<int64_t>(0, std::min(tiles.getEnd(), lo + tilesPerIpu) -
                                       std::max(tiles.getFirst(), lo));
        }
      } else if (isa<CopyOp>(op)) {
        ++copies;
      }
    });

    // Tile memory: from the plan when every tensor has an offset, else the
    // sum of the slices.
    bool planned = true;
    for (TensorOp tensor : program.getOps<TensorOp>())
      planned &= tensor.getOffset().has_value();
    std::vector<int64_t> tileBytes(static_cast<size_t>(totalTiles), 0);
    if (planned) {
      for (TensorOp tensor : program.getOps<TensorOp>()) {
        int64_t top =
            *tensor.getOffset() + gnnc::bspinfo::reservedBytes(tensor);
        TilesAttr tiles = tensor.getMapping().getTiles();
        for (int64_t t = tiles.getFirst(); t < tiles.getEnd(); ++t)
          tileBytes[t] = std::max(tileBytes[t], top);
      }
    } else {
      // A slice is the same on every tile of a replica; a blocked tensor has
      // full blocks, then at most one partial block, then nothing: a
      // difference array over at most three pieces per tensor.
      std::vector<int64_t> delta(static_cast<size_t>(totalTiles) + 1, 0);
      auto addRange = [&](int64_t lo, int64_t hi, int64_t bytes) {
        if (lo >= hi || bytes == 0)
          return;
        delta[lo] += bytes;
        delta[hi] -= bytes;
      };
      for (TensorOp tensor : program.getOps<TensorOp>()) {
        const FlatLayout &layout = layouts[tensor.getSymName()];
        if (layout.replicated) {
          addRange(layout.firstTile, layout.endTile,
                   tensor.getMaxBytesPerTile());
          continue;
        }
        int64_t full =
            std::min(layout.dimSize / layout.block, layout.numTiles());
        int64_t fullBytes = tensor.getMaxBytesPerTile();
        addRange(layout.firstTile, layout.firstTile + full, fullBytes);
        if (full < layout.numTiles())
          addRange(layout.firstTile + full, layout.firstTile + full + 1,
                   tensor.getBytesOnTile(layout.firstTile + full));
      }
      int64_t running = 0;
      for (int64_t t = 0; t < totalTiles; ++t)
        tileBytes[t] = running += delta[t];
    }
    int64_t maxTileBytes = 0, peakTile = 0;
    double sum = 0;
    for (int64_t t = 0; t < totalTiles; ++t) {
      sum += static_cast<double>(tileBytes[t]);
      if (tileBytes[t] > maxTileBytes) {
        maxTileBytes = tileBytes[t];
        peakTile = t;
      }
    }

    llvm::json::Array perIpu;
    for (int64_t ipu = 0; ipu < target.getIpus(); ++ipu) {
      int64_t total = 0, max = 0;
      for (int64_t t = ipu * tilesPerIpu; t < (ipu + 1) * tilesPerIpu; ++t) {
        total += tileBytes[t];
        max = std::max(max, tileBytes[t]);
      }
      perIpu.push_back(llvm::json::Object{
          {"ipu", ipu},
          {"tile_bytes", total},
          {"max_tile_bytes", max},
          {"bytes_received", counts.ipuBytesReceived[ipu]},
          {"vertex_instances", ipuVertexInstances[ipu]},
      });
    }

    return llvm::json::Object{
        {"name", program.getSymName()},
        {"tiles", totalTiles},
        {"steps", steps},
        {"supersteps",
         llvm::json::Object{
             {"compute_sets", counts.computeSets},
             {"exchanges", counts.exchanges},
             {"syncs", counts.syncs},
             {"total", counts.computeSets + counts.exchanges + counts.syncs},
         }},
        {"stream_copies", counts.streamCopies},
        {"vertices", vertices},
        {"copies", copies},
        {"bytes_exchanged", counts.bytesExchanged},
        {"stream_bytes_to_device", counts.bytesToDevice},
        {"stream_bytes_to_host", counts.bytesToHost},
        {"memory_planned", planned},
        {"max_tile_bytes", maxTileBytes},
        {"mean_tile_bytes", totalTiles ? sum / totalTiles : 0.0},
        {"peak_tile", peakTile},
        {"serial_vertices", serial},
        {"per_ipu", std::move(perIpu)},
    };
  }

private:
  void walk(Block &block, int64_t times) {
    for (Operation &op : block) {
      if (isa<ComputeSetOp>(op)) {
        counts.computeSets += times;
      } else if (isa<SyncOp>(op)) {
        counts.syncs += times;
      } else if (auto repeat = dyn_cast<RepeatOp>(op)) {
        walk(*repeat.getBody(), times * repeat.getCount());
      } else if (auto streamCopy = dyn_cast<StreamCopyOp>(op)) {
        counts.streamCopies += times;
        auto in = layouts.find(streamCopy.getDest());
        auto out = layouts.find(streamCopy.getSource());
        if (in != layouts.end())
          counts.bytesToDevice +=
              times * in->second.numElements * in->second.elementBytes;
        else if (out != layouts.end())
          counts.bytesToHost +=
              times * out->second.numElements * out->second.elementBytes;
      } else if (auto exchange = dyn_cast<ExchangeOp>(op)) {
        counts.exchanges += times;
        for (CopyOp copy : exchange.getCopies())
          countCopy(copy, times);
      }
    }
  }

  void countCopy(CopyOp copy, int64_t times) {
    const FlatLayout &source = layouts[copy.getSource()];
    const FlatLayout &dest = layouts[copy.getDest()];
    int64_t tilesPerIpu = target.getTilesPerIpu();
    // Each run on its own, exactly as one copy per run: O(K * ipus).
    std::vector<int64_t> elements(counts.ipuBytesReceived.size(), 0);
    for (CopyRun run : copy.getElementRuns(source.numElements)) {
      for (size_t ipu = 0; ipu < elements.size(); ++ipu) {
        int64_t lo = static_cast<int64_t>(ipu) * tilesPerIpu;
        elements[ipu] += crossTileElements(
            source, run.source, run.source + run.count, dest, run.dest,
            run.dest + run.count, lo, lo + tilesPerIpu);
      }
    }
    for (size_t ipu = 0; ipu < elements.size(); ++ipu) {
      int64_t bytes = elements[ipu] * dest.elementBytes * times;
      counts.ipuBytesReceived[ipu] += bytes;
      counts.bytesExchanged += bytes;
    }
  }

  ProgramOp program;
  TargetAttr target;
  llvm::StringMap<FlatLayout> layouts;
  Counts counts;
};

LogicalResult writeMetrics(Operation *op, llvm::raw_ostream &os) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a builtin.module of bsp.program ops");
  llvm::json::Array programs;
  for (ProgramOp program : module.getOps<ProgramOp>())
    programs.push_back(ProgramMetrics(program).run());
  llvm::json::Object root{{"programs", std::move(programs)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

} // namespace

void gnnc::registerBspMetricsTranslation() {
  TranslateFromMLIRRegistration registration(
      "bsp-to-metrics",
      "static metrics of the bsp programs of a module as JSON", writeMetrics,
      [](DialectRegistry &registry) { gnnc::registerAllDialects(registry); });
}
