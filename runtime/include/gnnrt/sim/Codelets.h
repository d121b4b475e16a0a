//===- Codelets.h - The simulator's codelet library -----------------------===//
//
// A codelet runs on one tile and sees that tile's slices of its operands: the
// tile's rows of a block-mapped tensor, the whole tensor for a replicated
// one. Each codelet has a static signature check (run by validate()), a
// per-tile body and a per-tile cycle estimate.
//
// Codelets (f32 unless noted):
//   copy        ins(a) outs(c)      c = a (any dtype, equal local sizes)
//   add, mul    ins(a, b) outs(c)   c = a + b, a * b over local elements
//   relu        ins(a) outs(c)      c = relu(a) (NaN stays NaN)
//   scale       ins(a) outs(c)      c = a * params["scale"]
//   matmul_rows ins(A, B) outs(C)   local rows of A [r, k] times replicated
//                                   B [k, n] into local rows of C [r, n];
//                                   each output sums k in order from +0.0
//
// and the codelets of docs/Codelets.md, the contract with the compiler:
// `rows.<op>` (row-local gnn ops), the distributed primitives
// (scatter_partial, combine, reduce_partial, contract_partial, loss_partial,
// loss_combine), the column and grid splits, the halo codelets of fixed
// graphs (halo.gather, halo.segment) and `serial.<op>` (whole op on
// replicated operands by its reference kernel). Their cycle estimates are
// documented in the "Costs" section of docs/Codelets.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_SIM_CODELETS_H
#define GNNRT_SIM_CODELETS_H

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "gnnrt/sim/CostModel.h"
#include "gnnrt/sim/Program.h"

namespace gnnrt::sim {

/// One operand as a codelet instance sees it on its tile.
struct LocalSlice {
  const TensorDecl *decl = nullptr;
  /// Local rows of dim 0 (the whole dim 0 for a replicated tensor) and the
  /// elements per row, for dim-0 and replicated mappings; for a dim-1
  /// mapping `rows` is dim 0 and `rowElements` the local elements per row.
  int64_t rows = 0;
  int64_t rowElements = 0;
  /// Global index of the first local index of the mapped dimension (0 for
  /// a replica).
  int64_t begin = 0;
  /// Shape of the local slice.
  Shape shape;
  int64_t numElements() const { return rows * rowElements; }
  uint8_t *data = nullptr;
  template <typename T> T *as() const { return reinterpret_cast<T *>(data); }
};

/// numIns / numOuts value of a codelet whose operand count varies (optional
/// or variadic operands); its `check` validates the count.
inline constexpr int kVariadicArity = -1;

struct Codelet {
  std::string name;
  /// Operand counts, or kVariadicArity.
  int numIns = 0;
  int numOuts = 1;
  /// Static check of operand dtypes, ranks, mappings and params.
  absl::Status (*check)(const Vertex &vertex,
                        const std::vector<const TensorDecl *> &ins,
                        const std::vector<const TensorDecl *> &outs) = nullptr;
  /// Runs one instance on one tile. May still fail on a size mismatch of
  /// the local slices.
  absl::Status (*run)(const Vertex &vertex, absl::Span<const LocalSlice> ins,
                      absl::Span<const LocalSlice> outs) = nullptr;
  /// Cycles of one instance on one tile. Reads only the slices' shapes,
  /// never their data: the simulator computes it once per compute set, when
  /// the program is loaded.
  int64_t (*cycles)(const TargetModel &target, const CostParams &params,
                    absl::Span<const LocalSlice> ins,
                    absl::Span<const LocalSlice> outs) = nullptr;

  /// Optional fast path for codelets whose instances are so small that the
  /// per-run setup (broadcast strides, param lookups) outweighs the work.
  /// `prepare` derives, once when the program is loaded, what depends only
  /// on the vertex's params and the slices' shapes and addresses (never
  /// their data) into `state`: `stateBytes` zeroed bytes, 8-byte aligned,
  /// kept by the simulator for the instance. `runPrepared` then runs the
  /// instance from that state with exactly the results of `run`. When
  /// `prepare` fails the instance keeps using `run`, which reports the
  /// error when it runs. All three are set together or not at all.
  size_t stateBytes = 0;
  absl::Status (*prepare)(const Vertex &vertex,
                          absl::Span<const LocalSlice> ins,
                          absl::Span<const LocalSlice> outs,
                          void *state) = nullptr;
  absl::Status (*runPrepared)(const void *state,
                              absl::Span<const LocalSlice> ins,
                              absl::Span<const LocalSlice> outs) = nullptr;
};

/// Whether `codelet` takes `numIns` inputs and `numOuts` outputs as far as
/// its fixed counts say (a kVariadicArity count accepts any number; `check`
/// then decides).
bool arityMatches(const Codelet &codelet, size_t numIns, size_t numOuts);

/// The codelet called `name`, or null.
const Codelet *findCodelet(absl::string_view name);
/// Names of all codelets, sorted.
std::vector<std::string> codeletNames();

} // namespace gnnrt::sim

#endif // GNNRT_SIM_CODELETS_H
