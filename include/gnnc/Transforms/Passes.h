//===- Passes.h - gnn dialect transformations -------------------*- C++ -*-===//
#ifndef GNNC_TRANSFORMS_PASSES_H
#define GNNC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include "gnn/GnnDialect.h"
#include "gnnrt/Tensor.h"
#include "llvm/ADT/StringMap.h"

#include <memory>

namespace mlir::gnn {

#define GEN_PASS_DECL
#include "gnnc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "gnnc/Transforms/Passes.h.inc"

/// Values of function inputs fixed at compile time, by gnn.name.
using BoundInputs = llvm::StringMap<gnnrt::Tensor>;

/// gnn-bind-inputs with values in memory (the compiler library's form).
std::unique_ptr<Pass>
createGnnBindInputs(std::shared_ptr<const BoundInputs> values);

/// Options of the gnn-staticize pipeline.
struct StaticizeOptions {
  int64_t numNodes = 0;
  int64_t numEdges = 0;
  int64_t numGraphs = 0;
};

/// gnn-staticize: inline, lower boolean indexing, pad to fixed sizes, make
/// self-loop insertion static, infer the remaining sizes, canonicalize and
/// verify that nothing dynamic is left.
void buildStaticizePipeline(OpPassManager &pm,
                            const StaticizeOptions &options);

/// Registers gnn-staticize with the pass pipeline registry.
void registerGnnPipelines();

} // namespace mlir::gnn

#endif // GNNC_TRANSFORMS_PASSES_H
