//===- Compiler.h - gnnc's embedding API: compile a model -------*- C++ -*-===//
//
// The compiler as a library call: a model description (.textproto, .pbtxt,
// .json) or gnn MLIR (.mlir) in, a validated executable out, ready for a
// gnnrt::exec::Session (runtime/include/gnnrt/exec/Session.h), which trains,
// evaluates and infers on the simulator:
//
//   gnnc::CompileOptions options;
//   options.tiles = 64;                        // of a GC200
//   auto exe = gnnc::compileModelFile("cora_gcn.textproto", options);
//   auto session = gnnrt::exec::Session::create(*std::move(exe));
//   (*session)->setInput("loss_train_step", "x", x);  ...
//   (*session)->run("loss_train_step", 100);
//
// The C mirror is include/gnnc/gnnc.h.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_COMPILER_H
#define GNNC_COMPILER_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gnnrt/exec/Executable.h"

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace gnnc {

struct CompileOptions {
  /// Machine: "gc200", "bow" or "test"; IPUs; tiles per IPU to use (0: all).
  std::string target = "gc200";
  int64_t ipus = 1;
  int64_t tiles = 0;
  /// Fixed batch sizes (0: from the model's attributes / description).
  int64_t numNodes = 0, numEdges = 0, numGraphs = 0;
  /// Also build the train step (gnn-autodiff of `lossFunction` with the
  /// model's optimizer) when the model has that function.
  bool train = true;
  std::string lossFunction = "loss";
  /// Re-seed an imported model: its parameter initialisers and dropout
  /// masks draw from this seed instead of the description's `seed`
  /// (-1 keeps it).
  int64_t modelSeed = -1;
  /// Inputs fixed at compile time, by name (gnn-bind-inputs): a graph
  /// trained full-batch binds src, dst, nodes_mask and edges_mask. The
  /// programs then no longer take them; the graph-only computations fold
  /// into constants and gathers/scatters on the graph become exact halo
  /// exchanges. Names the model does not take are ignored.
  std::map<std::string, gnnrt::Tensor> fixedInputs;
  /// With fixed inputs that form a graph: renumber its nodes and edges so
  /// that neighbours share tiles (fewer halo rows). Sessions keep showing
  /// the host's order (row orders of the host streams).
  bool renumberGraph = true;

  /// The options as `key=value` words (part of the cache key; fixed inputs
  /// appear as a hash of their values).
  std::string toString() const;
};

/// Reads `name=file.npy,name=file.npy,...` (the `bind` option of gnn-compile,
/// the C API and `gnn-run compile`) into `inputs`. Errors name the pair or
/// the file and say what the option takes.
absl::Status readBoundInputs(absl::string_view pairs,
                             std::map<std::string, gnnrt::Tensor> &inputs);

/// What a compilation produced besides the executable.
struct CompileInfo {
  /// The bsp programs (MLIR text, large constants elided), when asked for.
  std::string bspMlir;
  bool cacheHit = false;
  std::string cachePath;
  double seconds = 0;
};

/// Gives an imported model's initialisers and dropout masks the seed
/// `seed` (what `seed:` in the model description would have given).
void reseedModel(mlir::ModuleOp module, int64_t seed);

/// "gnnc <version> (<source revision>)": part of every cache key.
std::string compilerVersion();

/// Compiles the model in `path`. Errors carry the compiler's diagnostics
/// (file:line:col: message) and name the file.
absl::StatusOr<gnnrt::exec::Executable>
compileModelFile(const std::string &path, const CompileOptions &options,
                 CompileInfo *info = nullptr, bool wantBspMlir = false);

/// Compiles model text; `name` (a file name) picks the format by extension
/// and prefixes diagnostics.
absl::StatusOr<gnnrt::exec::Executable>
compileModelSource(absl::string_view source, const std::string &name,
                   const CompileOptions &options, CompileInfo *info = nullptr,
                   bool wantBspMlir = false);

/// compileModelFile with an executable cache in `cacheDir` (created when
/// missing), keyed by a hash of the model text, the options and
/// compilerVersion(), like PopTorch's executable cache. Entries are written
/// atomically (a temporary file renamed into place).
absl::StatusOr<gnnrt::exec::Executable>
compileModelCached(const std::string &path, const CompileOptions &options,
                   const std::string &cacheDir, CompileInfo *info = nullptr);

/// One comparison of a simulated result against the reference evaluator.
struct CheckResult {
  std::string program;
  std::string name;
  double maxAbsError = 0;
  double maxRelError = 0;
  bool ok = true;
  /// The element furthest outside the tolerance (or with the largest error).
  int64_t worstIndex = -1;
  double worstSim = 0, worstRef = 0;
  /// Why a difference outside the tolerance is accepted, if it is.
  std::string note;
};
struct CheckReport {
  std::vector<CheckResult> results;
  int64_t tiles = 0;
  bool ok() const {
    for (const CheckResult &r : results)
      if (!r.ok)
        return false;
    return !results.empty();
  }
  std::string toString() const;
};

/// Compiles the model at `path` and runs every program it has on the
/// simulator (`inference`, and one step of the train step from the initial
/// state) with seeded random inputs (indices and labels in range), and
/// compares every output, loss and updated state tensor with the reference
/// evaluator running the same static functions: |sim - ref| <= atol + rtol
/// |ref| elementwise. With `fixedGraph`, the graph inputs (src, dst, their
/// per-type forms, the node/edge/graph masks and batch) are generated once
/// and bound at compile time, as gnn-run does for full-batch training, and
/// so are the features `x` (f32 [N, F]), 95% of them zero.
absl::StatusOr<CheckReport> checkAgainstReference(const std::string &path,
                                                  const CompileOptions &options,
                                                  uint64_t seed = 1,
                                                  double rtol = 1e-5,
                                                  double atol = 1e-6,
                                                  int threads = 0,
                                                  bool fixedGraph = false);

} // namespace gnnc

#endif // GNNC_COMPILER_H
