//===- Evaluator.h - Reference evaluator of gnn functions -------*- C++ -*-===//
//
// The golden model of gnnc: executes a func.func of gnn ops on host tensors,
// op by op, with the runtime's reference kernels. Every later stage (passes,
// the tile simulator, PyTorch parity) is checked against it. Errors (bad
// inputs, out-of-range indices, unsupported ops) are reported as MLIR
// diagnostics at the failing op's location.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_EVALUATOR_EVALUATOR_H
#define GNNC_EVALUATOR_EVALUATOR_H

#include <cstdint>

#include "gnnrt/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace gnnc {

/// Current values of a module's gnn.parameter ops, by symbol name.
using ParameterStore = llvm::StringMap<gnnrt::Tensor>;

/// Converts an MLIR element type to a runtime dtype (f32, i32, i64, i1).
mlir::FailureOr<gnnrt::DType> toDType(mlir::Type elementType);

/// Materialises every gnn.parameter of `module` from its initialiser.
mlir::FailureOr<ParameterStore> initializeParameters(mlir::ModuleOp module);

/// Evaluates one op (no regions, no parameters) on `operands` and returns
/// its results: what constant folding needs.
mlir::FailureOr<llvm::SmallVector<gnnrt::Tensor>>
evaluateOperation(mlir::Operation *op, llvm::ArrayRef<gnnrt::Tensor> operands);

/// Converts a tensor to a dense elements attribute of `type` (whose element
/// type must match the tensor's dtype).
mlir::DenseElementsAttr tensorToAttr(const gnnrt::Tensor &tensor,
                                     mlir::RankedTensorType type);

/// Evaluates `function` on `arguments` (one per function argument, matching
/// its types) and returns its results. `parameters` must hold every
/// parameter the function reads.
mlir::FailureOr<llvm::SmallVector<gnnrt::Tensor>>
evaluateFunction(mlir::func::FuncOp function,
                 llvm::ArrayRef<gnnrt::Tensor> arguments,
                 const ParameterStore &parameters);

/// Random arguments for `function` drawn from `seed`. Integer arguments
/// used as indices or labels are drawn inside the range their uses accept
/// (e.g. [0, rows of the gathered tensor), [0, classes)), so generated
/// programs run; other integers are drawn in [0, 10), floats in [-1, 1),
/// booleans with probability 1/2. Arguments marked in `given` are left
/// empty for the caller to supply; the others need static shapes.
mlir::FailureOr<llvm::SmallVector<gnnrt::Tensor>>
generateArguments(mlir::func::FuncOp function, uint64_t seed,
                  llvm::ArrayRef<bool> given = {});

//===-- Training: train-step functions made by gnn-autodiff ---------------===//
// (Defined in lib/Training/TrainLoop.cpp, library GnncTraining.)

/// Adds to `state` every parameter, buffer and optimizer-state argument of
/// `trainStep` (by its gnn.name) that `state` lacks: parameters and buffers
/// from their gnn.parameter initialisers, optimizer state as zeros (torch's
/// initial state). Checks the types of those already present.
mlir::LogicalResult completeTrainState(mlir::func::FuncOp trainStep,
                                       ParameterStore &state);

/// Runs `numSteps` steps of `trainStep`, numbered firstStep, firstStep + 1,
/// ... (the first update of a fresh optimizer is step 1). Arguments with
/// gnn.role "input" come from `inputs` by gnn.name; parameters, buffers and
/// optimizer state from `state`, which receives the new values after each
/// step. Returns the loss of every step (computed before its update, like
/// a PyTorch training loop's loss.item()).
mlir::FailureOr<llvm::SmallVector<float>>
runTrainSteps(mlir::func::FuncOp trainStep, ParameterStore &state,
              const llvm::StringMap<gnnrt::Tensor> &inputs, int64_t firstStep,
              int64_t numSteps);

} // namespace gnnc

#endif // GNNC_EVALUATOR_EVALUATOR_H
