//===- Passes.h - gnn dialect transformations -------------------*- C++ -*-===//
#ifndef GNNC_TRANSFORMS_PASSES_H
#define GNNC_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

#include "gnn/GnnDialect.h"

namespace mlir::gnn {

#define GEN_PASS_DECL
#include "gnnc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "gnnc/Transforms/Passes.h.inc"

} // namespace mlir::gnn

#endif // GNNC_TRANSFORMS_PASSES_H
