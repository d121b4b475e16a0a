//===- ModelImport.h - Model descriptions to the gnn dialect ----*- C++ -*-===//
#ifndef GNNC_TARGET_MODELIMPORT_H
#define GNNC_TARGET_MODELIMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

namespace gnnc {

/// Imports the model description in the main buffer of `sourceMgr`
/// (proto/model.proto as text format, or JSON when the buffer's name ends in
/// .json or the text starts with '{'). Errors are emitted as diagnostics at
/// the offending line and column; the result is null then.
mlir::OwningOpRef<mlir::ModuleOp> importModelDescription(llvm::SourceMgr &sourceMgr,
                                                         mlir::MLIRContext *ctx);

} // namespace gnnc

#endif // GNNC_TARGET_MODELIMPORT_H
