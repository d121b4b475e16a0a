//===- Pipelines.h - The gnn-compile pipeline -------------------*- C++ -*-===//
#ifndef GNNC_CONVERSION_PIPELINES_H
#define GNNC_CONVERSION_PIPELINES_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gnnc/Transforms/Passes.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::gnn {

/// Options of gnn-compile (the flags of `gnn-opt --gnn-compile=...`).
struct CompileOptions {
  std::string target = "gc200";
  int64_t ipus = 1;
  /// Tiles per IPU to use; 0 uses all.
  int64_t tiles = 0;
  int64_t numNodes = 0, numEdges = 0, numGraphs = 0;
  /// Build `<loss>_train_step` with the module's optimizer.
  bool train = true;
  std::string lossFunction = "loss";
  std::string memoryReport;
  /// Inputs fixed at compile time (gnn-bind-inputs after gnn-staticize):
  /// in memory, or as name=file.npy pairs.
  std::shared_ptr<const BoundInputs> boundInputs;
  std::vector<std::string> boundInputFiles;
  /// With a bound graph: renumber its nodes and edges so that neighbours
  /// share tiles (gnn-renumber-graph); the host keeps its order.
  bool renumberGraph = true;
};

/// staticize → [bind inputs] → autodiff → expand message passing → canonicalize → partition
/// → convert-gnn-to-bsp → bsp-plan-memory → bsp-verify-exchange.
void buildCompilePipeline(OpPassManager &pm, const CompileOptions &options);
/// The first half: static gnn functions (and the train step); what the
/// reference evaluator runs when checking the compiled programs.
void buildCompileFrontendPipeline(OpPassManager &pm,
                                  const CompileOptions &options);
/// The second half: gnn functions to planned, verified bsp programs.
void buildCompileBackendPipeline(OpPassManager &pm,
                                 const CompileOptions &options);

} // namespace mlir::gnn

#endif // GNNC_CONVERSION_PIPELINES_H
