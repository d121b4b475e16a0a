//===- ModelSource.h - Reading a model for the embedding API ----*- C++ -*-===//
//
// What compileModel* and checkAgainstReference share: reading the model
// file, parsing or importing it in a context of its own with diagnostics
// captured for the returned status, and turning CompileOptions into the
// pipeline's options for that model.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_LIB_API_MODELSOURCE_H
#define GNNC_LIB_API_MODELSOURCE_H

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gnnc/Compiler.h"
#include "gnnc/Conversion/Pipelines.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace gnnc::detail {

/// The bytes of `path`, or NotFound naming it.
absl::StatusOr<std::string> readModelFile(const std::string &path);

class LoadedModel {
public:
  /// Parses (.mlir) or imports (a model description, chosen by `name`'s
  /// extension) `source`, re-seeded when `modelSeed >= 0`. Errors carry the
  /// compiler's diagnostics (file:line:col: message).
  static absl::StatusOr<std::unique_ptr<LoadedModel>>
  load(absl::string_view source, const std::string &name, int64_t modelSeed);

  mlir::ModuleOp module() { return *module_; }
  mlir::MLIRContext &context() { return ctx_; }
  /// `what` failed: an InvalidArgument naming the file, with the
  /// diagnostics emitted so far.
  absl::Status error(absl::string_view what);

private:
  explicit LoadedModel(std::string name);

  std::string name_;
  mlir::MLIRContext ctx_;
  llvm::SourceMgr sourceMgr_;
  std::string diagnostics_;
  llvm::raw_string_ostream diagOs_{diagnostics_};
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> handler_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
};

/// The pipeline options for `options` on `module`: no train step when the
/// module has no loss function to differentiate.
mlir::gnn::CompileOptions pipelineOptions(const CompileOptions &options,
                                          mlir::ModuleOp module);

} // namespace gnnc::detail

#endif // GNNC_LIB_API_MODELSOURCE_H
