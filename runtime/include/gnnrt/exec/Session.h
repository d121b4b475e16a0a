//===- Session.h - Running a gnnc executable on the BSP simulator ---------===//
//
// A Session owns one simulator per program of an Executable and the state
// those programs share. Inputs and outputs are addressed by the model-level
// binding of their host stream ("x", "loss"); state tensors by name
// ("conv1.lin.weight"). See docs/Runtime.md.
//
//   auto exe = loadExecutable("cora_gcn.gnnx");
//   auto session = Session::create(*std::move(exe), {/*threads=*/4});
//   (*session)->setInput("train_step", "x", x);
//   (*session)->run("train_step", /*iterations=*/200);
//   Tensor w = *(*session)->getState("conv1.lin.weight");
//   (*session)->setInput("inference", "x", x);
//   (*session)->run("inference");
//   Tensor y = *(*session)->getOutput("inference", "y");
//
// A Session is not thread-safe: call it from one thread at a time. It runs
// the simulators on its own pool of `threads` host threads.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_EXEC_SESSION_H
#define GNNRT_EXEC_SESSION_H

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/exec/Executable.h"
#include "gnnrt/sim/CostModel.h"
#include "gnnrt/sim/Simulator.h"

namespace gnnrt::exec {

struct SessionOptions {
  /// Host threads for the simulators: 0 = hardware_concurrency, 1 = inline.
  int threads = 0;
  sim::CostParams cost;
  /// Streams with a row order (HostStreamDecl::rowOrder) carry rows in host
  /// order: setInput permutes the host rows into device order once, and
  /// getOutput permutes device rows back. false: every stream carries device
  /// order unchanged (e.g. to compare against a reference that runs the
  /// renumbered program).
  bool hostOrder = true;
};

/// One host stream of a program as the host sees it.
struct StreamBinding {
  /// The model-level name (the stream's name when it has no binding).
  std::string binding;
  /// "input", "output", "loss", "step", ... (may be empty).
  std::string role;
  DType dtype = DType::kF32;
  Shape shape;
  /// The stream's symbol in the program.
  std::string stream;
  /// The executable's row order of the stream's leading dimension (see
  /// Executable::rowOrders); empty when it has none.
  std::string rowOrder;
};

class Session {
public:
  /// Validates the executable and creates (and places) every program's
  /// simulator; state tensors start at their initial values.
  static absl::StatusOr<std::unique_ptr<Session>>
  create(Executable executable, SessionOptions options = SessionOptions());
  ~Session();

  std::vector<std::string> programNames() const;
  /// The program's host_to_device / device_to_host streams, in declaration
  /// order. NotFound for an unknown program.
  absl::StatusOr<std::vector<StreamBinding>>
  inputs(const std::string &program) const;
  absl::StatusOr<std::vector<StreamBinding>>
  outputs(const std::string &program) const;

  /// Binds the value the host_to_device stream with this binding delivers
  /// on every following run (dtype and shape must match). Binding the
  /// "step" stream explicitly turns off its automatic feeding for that
  /// program. A stream with a row order takes its rows in host order
  /// (unless SessionOptions::hostOrder is false); they are permuted into
  /// device order here, once, not on every run.
  absl::Status setInput(const std::string &program, const std::string &binding,
                        const Tensor &value);
  /// Runs `program` `iterations` times. Every iteration re-reads the bound
  /// inputs; every input must have been bound, except "step" streams, which
  /// get the session's step counter (then incremented once per iteration).
  absl::Status run(const std::string &program, int64_t iterations = 1);
  /// The value a device_to_host stream received in the program's last run,
  /// its rows in host order when the stream has a row order (unless
  /// SessionOptions::hostOrder is false). FailedPrecondition before the
  /// program has run.
  absl::StatusOr<Tensor> getOutput(const std::string &program,
                                   const std::string &binding) const;

  /// The latest value of a state tensor (after the last run of any program
  /// that holds it, or the last setState).
  absl::StatusOr<Tensor> getState(const std::string &name);
  /// Replaces a state tensor's value (dtype and shape must match); every
  /// program sees it on its next run.
  absl::Status setState(const std::string &name, const Tensor &value);
  /// Names of the executable's state tensors.
  std::vector<std::string> stateNames() const;

  /// The value the next automatically fed "step" stream receives (starts at
  /// 1), and a way to set it (e.g. when resuming from a checkpoint).
  int64_t stepCounter() const { return stepCounter_; }
  void setStepCounter(int64_t next) { stepCounter_ = next; }

  /// The program's profile, accumulated over all its runs.
  absl::StatusOr<sim::Profile> profile(const std::string &program) const;
  const Executable &executable() const { return executable_; }
  /// The program's simulator (for inspection: tensors, offsets).
  absl::StatusOr<const sim::Simulator *>
  simulator(const std::string &program) const;

private:
  Session() = default;
  struct ProgramState;
  absl::StatusOr<ProgramState *> find(const std::string &program);
  absl::StatusOr<const ProgramState *> find(const std::string &program) const;
  /// Copies the latest value of state `name` into the store if a program's
  /// device holds it.
  absl::Status syncToStore(const std::string &name);

  Executable executable_;
  SessionOptions options_;
  std::shared_ptr<sim::ThreadPool> pool_;
  std::vector<std::unique_ptr<ProgramState>> programs_;
  /// State store: the value of every state tensor as of `holder_`.
  std::map<std::string, Tensor> store_;
  /// Per state tensor: the program whose device holds the latest value, or
  /// -1 when the store does.
  std::map<std::string, int> holder_;
  int64_t stepCounter_ = 1;
};

} // namespace gnnrt::exec

#endif // GNNRT_EXEC_SESSION_H
