//===- FunctionArgs.h - Function selection and .npy I/O -*- C++ -*--------===//
#ifndef GNNRUN_FUNCTIONARGS_H
#define GNNRUN_FUNCTIONARGS_H

#include <string>

#include "gnnrt/Tensor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace gnnrun {

/// The string attribute `key` of an argument/result attribute dictionary, or
/// "" when it has none.
llvm::StringRef attrString(mlir::DictionaryAttr attrs, llvm::StringRef key);

/// The function named `name` when it is not empty (an error when there is
/// none), else the only function of `module` that `isCandidate` accepts.
/// With no or several candidates, `reportAmbiguous` emits the error and the
/// result is a failure.
mlir::FailureOr<mlir::func::FuncOp> selectFunction(
    mlir::ModuleOp module, llvm::StringRef name,
    llvm::function_ref<bool(mlir::func::FuncOp)> isCandidate,
    llvm::function_ref<void(llvm::ArrayRef<mlir::func::FuncOp>)>
        reportAmbiguous);

/// DIR/NAME.npy.
std::string npyPath(llvm::StringRef dir, llvm::StringRef name);

/// The tensor of an .npy file; a failure, after printing why, when it
/// cannot be read.
mlir::FailureOr<gnnrt::Tensor> readNpy(llvm::StringRef path);

/// Writes `tensor` as an .npy file; a failure, after printing why, when it
/// cannot be written.
mlir::LogicalResult writeNpy(llvm::StringRef path, const gnnrt::Tensor &tensor);

} // namespace gnnrun

#endif // GNNRUN_FUNCTIONARGS_H
