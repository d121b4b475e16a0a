//===- CostModel.h - The simulator's cycle model --------------------------===//
//
// An analytical per-superstep model in the spirit of Poplar's IPUModel (see
// docs/CostModel.md for the formulas and their sources): a compute set costs
// its slowest tile (sum of the tile's vertex estimates), an exchange costs
// max over tiles of max(bytes sent, bytes received) / exchange_bytes_per_cycle,
// a sync costs sync_cycles.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_SIM_COSTMODEL_H
#define GNNRT_SIM_COSTMODEL_H

#include <cstdint>
#include <string>
#include <vector>

#include "gnnrt/TargetModel.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/sim/Program.h"

namespace gnnrt::sim {

/// Per-tile constants that TargetModel does not carry (ipu.md §1.2).
struct CostParams {
  /// Cycles to launch one vertex instance on a tile (PopLibs
  /// basicOpSupervisorOverhead, IPU21 calibration).
  int64_t vertexOverheadCycles = 11;
  /// Bytes one worker processes per vector instruction (64-bit datapath:
  /// 2 x f32 / i32, 1 x i64, 8 x bool).
  int64_t vectorBytes = 8;
  /// f32 multiply-accumulates per tile cycle of the AMP unit (16 conv units).
  int64_t f32MacsPerCycle = 16;
};

/// Cycles of an elementwise vertex over `elements` elements of `dtype` on
/// one tile: workers * ceil(elements / (workers * lanes)) + overhead, where
/// lanes = max(1, vectorBytes / dtypeSize). The `workers` factor is the
/// barrel scheduler: each worker issues once every `workers` tile cycles.
int64_t elementwiseCycles(const TargetModel &target, const CostParams &params,
                          DType dtype, int64_t elements);
/// Vector work: `instrPerVector` instructions for every vector of
/// max(1, vectorBytes / dtypeSize) elements, spread over the workers
/// (barrel-scheduled: workers * ceil(n / (workers * lanes)) * instr), plus
/// the vertex overhead. instrPerVector = 1 is elementwiseCycles.
int64_t vectorCycles(const TargetModel &t, const CostParams &p, DType dtype,
                     int64_t elements, int64_t instrPerVector);
/// Per-element scalar work (transcendentals, RNG, compares with branches):
/// workers * ceil(n / workers) * cyclesPerElement + overhead.
int64_t scalarCycles(const TargetModel &t, const CostParams &p,
                     int64_t elements, int64_t cyclesPerElement);
/// Row-indexed copy (gather / multiSlice): per row an index load, a bounds
/// check and an address computation (kRowOverhead worker cycles) plus the
/// row's bytes at vectorBytes per instruction; rows spread over workers.
int64_t gatherCycles(const TargetModel &t, const CostParams &p, int64_t rows,
                     int64_t rowBytes);
/// Row-indexed read-modify-write (scatter-add / multiUpdateAdd): like
/// gatherCycles with a load, an op and a store per vector of the row.
int64_t scatterCycles(const TargetModel &t, const CostParams &p, int64_t rows,
                      int64_t rowBytes);
/// Worker cycles of the per-row bookkeeping of gather/scatter.
constexpr int64_t kRowOverheadCycles = 6;
/// Worker cycles of one transcendental (exp, log, tanh, pow, sqrt) on the
/// scalar f32 unit.
constexpr int64_t kTranscendentalCycles = 4;
/// Worker cycles per element of the counter-based RNG of dropout.
constexpr int64_t kRngCycles = 8;

/// Cycles of a matmul vertex doing `macs` f32 multiply-accumulates on one
/// tile: ceil(macs / f32MacsPerCycle) + overhead.
int64_t matmulCycles(const TargetModel &target, const CostParams &params,
                     int64_t macs);
/// Cycles of an exchange in which the busiest tile sends `maxSent` and
/// receives `maxReceived` bytes: ceil(max / exchange_bytes_per_cycle).
int64_t exchangeCycles(const TargetModel &target, int64_t maxSent,
                       int64_t maxReceived);

/// Sent and received bytes of one tile in one exchange.
struct TileTraffic {
  int64_t sent = 0;
  int64_t received = 0;
};
/// What an exchange costs given every tile's traffic: cycles (of the
/// busiest tile), total sent bytes, and the least busy active tile's and
/// the mean active tile's cycles.
struct ExchangeCost {
  int64_t cycles = 0;
  int64_t bytes = 0;
  int64_t minTileCycles = 0;
  double meanTileCycles = 0;
};
ExchangeCost exchangeCost(const TargetModel &target,
                          const std::vector<TileTraffic> &traffic);

/// What one static step of the program cost, summed over its executions.
struct StepProfile {
  /// Pre-order position of the step in the program (repeat bodies follow
  /// their repeat).
  int64_t index = 0;
  Step::Kind kind = Step::Kind::kSync;
  /// Phase name; "sync", "repeat", or "source->dest" for a stream copy.
  std::string name;
  int64_t executions = 0;
  int64_t cycles = 0;
  /// Exchange: bytes moved between tiles; stream copy: host bytes.
  int64_t bytes = 0;
  /// Compute: cycles of the fastest busy tile (one with a vertex instance)
  /// in the last execution; exchange: of the least busy tile that sends or
  /// receives (tile cycles = ceil(max(sent, received) / bandwidth)).
  int64_t minTileCycles = 0;
  /// Same for the busiest tile (= the step's cycles for one execution).
  int64_t maxTileCycles = 0;
  /// Mean over busy tiles in the last execution (maxTileCycles /
  /// meanTileCycles is the step's load imbalance).
  double meanTileCycles = 0;
  /// Wall-clock seconds the simulator (the host, not the IPU) spent on this
  /// step over all executions: where simulation time goes. A repeat counts
  /// its body.
  double hostSeconds = 0;
};

struct Profile {
  std::vector<StepProfile> steps;
  /// Executions of the whole program (Simulator::run calls that finished).
  int64_t runs = 0;
  int64_t totalCycles = 0;
  int64_t computeCycles = 0;
  int64_t exchangeCycles = 0;
  int64_t syncCycles = 0;
  /// Sum over compute-set executions of the mean busy-tile cycles: what
  /// compute would cost with perfect balance. computeCycles /
  /// balancedComputeCycles is the load imbalance (>= 1).
  double balancedComputeCycles = 0;
  int64_t bytesExchanged = 0;
  int64_t hostBytes = 0;
  /// Arena bytes of each tile (its highest used byte).
  std::vector<int64_t> bytesPerTile;
  int64_t maxBytesPerTile = 0;
  double meanBytesPerTile = 0;
  /// The target's bytes_per_tile and clock (for the reports).
  int64_t bytesPerTileLimit = 0;
  double clockHz = 0;
  /// totalCycles / clock.
  double seconds = 0;

  /// computeCycles / balancedComputeCycles (1 when there is no compute).
  double loadImbalance() const;
  /// Program executions per simulated second (runs / seconds; 0 if none).
  double runsPerSecond() const;

  /// A readable summary: totals, split and the per-step table.
  std::string toString() const;
  /// The profile as a JSON object (docs/Runtime.md lists the fields).
  std::string toJson() const;
  /// A standalone SVG picture in the spirit of PopVision's summary: a bar
  /// chart of per-tile memory with the bytes_per_tile line, and a bar chart
  /// of the cycles of every superstep, coloured by kind.
  std::string toSvg() const;
};

} // namespace gnnrt::sim

#endif // GNNRT_SIM_COSTMODEL_H
