//===- Simulator.h - Executes BSP tile programs ---------------------------===//
//
// Places every tensor in per-tile byte arenas, binds host streams to host
// tensors and runs the program's supersteps, accumulating a Profile with the
// cycle model of CostModel.h. See docs/Runtime.md.
//
// Placement: tensors with a planned offset (TensorDecl::offset >= 0, from
// bsp-plan-memory) sit at that offset on every tile of their mapping; two
// tensors whose lifetimes (tensorLifetimes) overlap may not overlap in bytes
// on a tile they share. Tensors without an offset are bump-allocated in
// declaration order (8-byte aligned) after the planned region of each tile.
// Each tile's arena is as large as its highest used byte (<= bytes_per_tile).
// Constants are written at creation.
//
// Compute sets run their vertex instances tile-parallel on a thread pool;
// exchanges are tile-parallel by destination. The per-(vertex, tile)
// LocalSlice tables and the exchange work lists are built once at creation.
//
//   auto sim = Simulator::create(program);     // validates and places
//   sim->setStream("x_in", x);                 // host -> device data
//   sim->run();                                 // one execution
//   Tensor y = *sim->getStream("y_out");       // device -> host data
//   sim->profile().toString();
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_SIM_SIMULATOR_H
#define GNNRT_SIM_SIMULATOR_H

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/sim/CostModel.h"
#include "gnnrt/sim/Program.h"

namespace gnnrt::sim {

struct LocalSlice;

/// The LocalSlice a codelet instance on `tile` sees of tensor `t` whose
/// slice starts at `data` (Codelets.h): dim 0 blocked: rows = local rows,
/// rowElements = elements per row, begin = first local row; dim 1 blocked:
/// rows = dim 0, rowElements = local elements per index of dim 0, begin =
/// first local column; replicated: the whole tensor (rows = dim 0, or 1 for
/// rank 0), begin = 0. shape = t.localShape(tile).
LocalSlice makeLocalSlice(const TensorDecl &t, int64_t tile, uint8_t *data);

/// A fixed set of host threads running index ranges (std::thread based).
/// The calling thread takes part, so a pool of size 1 runs everything inline.
/// parallelFor calls are serialised: one job at a time.
class ThreadPool {
public:
  /// `threads` <= 0: std::thread::hardware_concurrency() (at least 1).
  explicit ThreadPool(int threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }
  /// Calls fn(i) for every i in [0, n), spread over the threads; returns
  /// when all calls have returned. fn must not call parallelFor.
  void parallelFor(int64_t n, const std::function<void(int64_t)> &fn);

private:
  struct State;
  void workerLoop();
  std::unique_ptr<State> state_;
  std::vector<std::thread> workers_;
};

struct SimulatorOptions {
  CostParams cost;
  /// Host threads: 0 = hardware_concurrency, 1 = run inline.
  int threads = 0;
  /// A pool to share (e.g. between the programs of a session); overrides
  /// `threads` when set.
  std::shared_ptr<ThreadPool> pool;
};

class Simulator {
public:
  /// Validates `program` and places its tensors. A tensor that does not fit
  /// is ResourceExhausted naming the tile, the bytes needed and the limit;
  /// planned tensors whose lifetimes and bytes overlap are InvalidArgument
  /// naming both, the tile and the byte ranges.
  static absl::StatusOr<std::unique_ptr<Simulator>>
  create(Program program, CostParams params = CostParams());
  static absl::StatusOr<std::unique_ptr<Simulator>>
  create(Program program, const SimulatorOptions &options);
  ~Simulator();

  /// Binds the tensor a host_to_device stream delivers (dtype and shape
  /// must match the stream); pass an rvalue to bind without a copy.
  absl::Status setStream(const std::string &name, Tensor value);
  /// The tensor last written to a device_to_host stream (zeros before), or
  /// the tensor bound to a host_to_device one.
  absl::StatusOr<Tensor> getStream(const std::string &name) const;
  /// The same without a copy: valid until the next setStream or run; null
  /// for an unknown stream.
  const Tensor *streamValue(const std::string &name) const;

  /// Writes a device tensor on every tile that holds part of it (all
  /// replicas), bypassing the program (no cycles).
  absl::Status writeTensor(const std::string &name, const Tensor &value);
  /// Reads a device tensor back (the first tile's replica of a replicated
  /// one).
  absl::StatusOr<Tensor> readTensor(const std::string &name) const;
  /// Reads the slice a given tile holds, shaped as TensorDecl::localShape
  /// (the whole tensor for a replica, [rows, ...] for a dim-0 block,
  /// [d0, cols, ...] for a dim-1 block).
  absl::StatusOr<Tensor> readTensorOnTile(const std::string &name,
                                          int64_t tile) const;

  /// Runs all steps once. Profile counters accumulate across runs.
  absl::Status run();

  const Profile &profile() const { return profile_; }
  const Program &program() const { return program_; }
  /// Byte offset of tensor `name` in `tile`'s arena, or -1.
  int64_t offsetOf(const std::string &name, int64_t tile) const;
  /// Bytes of `tile`'s arena (its highest used byte).
  int64_t arenaBytes(int64_t tile) const;
  /// Lifetime of tensor `name` (tensorLifetimes), empty if unknown.
  Lifetime lifetimeOf(const std::string &name) const;
  /// Host threads used.
  int threads() const;

private:
  Simulator();
  struct Placement {
    const TensorDecl *decl = nullptr;
    size_t index = 0; // in program_.tensors
    /// Offset in each tile's arena, indexed by tile - mapping.tiles.first.
    std::vector<int64_t> offsets;
    /// >= 0: a replicated tensor whose replicas provably always hold the
    /// same bytes (no vertex writes it; every copy into it delivers the
    /// same data to every replica). Its replicas then share one host copy
    /// at this offset of the memory block (the tiles' arenas still reserve
    /// its bytes, so placement and profiles are unchanged).
    int64_t shared = -1;
    /// Bumped by every host write (stream copy, writeTensor, constants).
    mutable uint64_t hostVersion = 0;
  };
  struct Memory;
  struct ComputePlan;
  struct ExchangePlan;
  struct StepPlan;
  absl::Status place();
  void findSharedReplicas();
  std::vector<bool> findExclusiveTensors() const;
  void buildExchangeRuns(ExchangePlan &ep);
  void accountExchange(ExchangePlan &ep);
  absl::Status buildPlans(const std::vector<Step> &steps,
                          const std::string &prefix);
  uint8_t *sliceData(const Placement &p, int64_t tile) const;
  const Placement *placement(const std::string &name) const;
  absl::Status runSteps(const std::vector<Step> &steps, int64_t &index);
  absl::Status runComputeSet(StepPlan &plan, StepProfile &prof);
  /// Estimates every tile's cycles for a compute set (once, at creation).
  void costComputeSet(ComputePlan &cp);
  absl::Status runExchange(StepPlan &plan, StepProfile &prof);
  absl::Status runStreamCopy(const Step &step, StepPlan &plan,
                             StepProfile &prof);
  void scatterToTiles(const Placement &p, const Tensor &value);
  Tensor gatherFromTiles(const Placement &p) const;
  void parallelFor(int64_t n, const std::function<void(int64_t)> &fn) const;

  Program program_;
  CostParams params_;
  std::shared_ptr<ThreadPool> pool_;
  /// Bytes of each tile's arena (its highest used byte).
  std::vector<int64_t> arenaSizes_;
  std::vector<Lifetime> lifetimes_;
  std::map<std::string, Placement> placements_;
  std::map<std::string, Tensor> streams_;
  /// Indexed by pre-order step index, like profile_.steps.
  std::vector<std::unique_ptr<StepPlan>> plans_;
  Profile profile_;
  /// One block holding every tile's arena (at tileBase_[tile]) and the
  /// shared replicas; pages nothing writes are never touched.
  std::unique_ptr<Memory> memory_;
  std::vector<int64_t> tileBase_;
  /// Per host_to_device stream: bumped by setStream.
  std::map<std::string, uint64_t> streamVersions_;
};

} // namespace gnnrt::sim

#endif // GNNRT_SIM_SIMULATOR_H
