//===- Simulator.h - Executes BSP tile programs ---------------------------===//
//
// Places every tensor in per-tile byte arenas (bump allocation in declaration
// order, 8-byte aligned, limited to bytes_per_tile), binds host streams to
// host tensors and runs the program's supersteps, accumulating a Profile
// with the cycle model of CostModel.h.
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
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/sim/CostModel.h"
#include "gnnrt/sim/Program.h"

namespace gnnrt::sim {

class Simulator {
public:
  /// Validates `program` and places its tensors. A tensor that does not fit
  /// is ResourceExhausted naming the tile, the bytes needed and the limit.
  static absl::StatusOr<std::unique_ptr<Simulator>>
  create(Program program, CostParams params = CostParams());

  /// Binds the tensor a host_to_device stream delivers (dtype and shape
  /// must match the stream).
  absl::Status setStream(const std::string &name, const Tensor &value);
  /// The tensor last written to a device_to_host stream (zeros before).
  absl::StatusOr<Tensor> getStream(const std::string &name) const;

  /// Writes a device tensor on every tile that holds part of it (all
  /// replicas), bypassing the program (no cycles).
  absl::Status writeTensor(const std::string &name, const Tensor &value);
  /// Reads a device tensor back (the first tile's replica of a replicated
  /// one).
  absl::StatusOr<Tensor> readTensor(const std::string &name) const;
  /// Reads the replica a given tile holds of a replicated tensor (or the
  /// rows of a blocked one, as a [rows, ...] tensor).
  absl::StatusOr<Tensor> readTensorOnTile(const std::string &name,
                                          int64_t tile) const;

  /// Runs all steps once. Profile counters accumulate across runs.
  absl::Status run();

  const Profile &profile() const { return profile_; }
  const Program &program() const { return program_; }
  /// Byte offset of tensor `name` in `tile`'s arena, or -1.
  int64_t offsetOf(const std::string &name, int64_t tile) const;

private:
  Simulator() = default;
  struct Placement {
    const TensorDecl *decl = nullptr;
    /// Offset in each tile's arena, indexed by tile - mapping.tiles.first.
    std::vector<int64_t> offsets;
  };
  uint8_t *sliceData(const Placement &p, int64_t tile) const;
  const Placement *placement(const std::string &name) const;
  absl::Status runSteps(const std::vector<Step> &steps, int64_t &index);
  absl::Status runComputeSet(const Step &step, StepProfile &prof);
  absl::Status runExchange(const Step &step, StepProfile &prof);
  absl::Status runStreamCopy(const Step &step, StepProfile &prof);
  void scatterToTiles(const Placement &p, const Tensor &value);
  Tensor gatherFromTiles(const Placement &p) const;

  Program program_;
  CostParams params_;
  std::vector<std::vector<uint8_t>> arenas_;
  std::map<std::string, Placement> placements_;
  std::map<std::string, Tensor> streams_;
  Profile profile_;
};

} // namespace gnnrt::sim

#endif // GNNRT_SIM_SIMULATOR_H
