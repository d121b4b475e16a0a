//===- LoadedModule.h - A parsed module for gnn-run subcommands -*- C++ -*-===//
#ifndef GNNRUN_LOADEDMODULE_H
#define GNNRUN_LOADEDMODULE_H

#include <memory>

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

namespace gnnrun {

/// A module parsed from a file (or "-" for stdin) with every gnnc dialect.
/// While it lives, diagnostics print with their file:line:column.
class LoadedModule {
public:
  /// Null, after printing why, when the file cannot be read or parsed.
  static std::unique_ptr<LoadedModule> load(llvm::StringRef filename);

  mlir::ModuleOp module() { return *moduleOp; }
  mlir::MLIRContext &context() { return ctx; }

private:
  LoadedModule();

  mlir::MLIRContext ctx;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> handler;
  mlir::OwningOpRef<mlir::ModuleOp> moduleOp;
};

} // namespace gnnrun

#endif // GNNRUN_LOADEDMODULE_H
