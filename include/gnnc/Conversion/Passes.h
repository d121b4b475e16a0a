//===- Passes.h - gnn to bsp partitioning and lowering ----------*- C++ -*-===//
#ifndef GNNC_CONVERSION_PASSES_H
#define GNNC_CONVERSION_PASSES_H

#include "bsp/BspDialect.h"
#include "gnn/GnnDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::gnn {

#define GEN_PASS_DECL
#include "gnnc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "gnnc/Conversion/Passes.h.inc"

/// Registers the `gnn-compile` pipeline (staticize, autodiff, partition,
/// lower, plan memory, verify).
void registerGnnCompilePipeline();

} // namespace mlir::gnn

#endif // GNNC_CONVERSION_PASSES_H
