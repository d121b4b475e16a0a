//===- ShapeRefinement.h - Propagate static shapes through gnn IR -*- C++ -*-===//
//
// The static-shape passes change a few types (function arguments, the number
// of segments of a reduction, the length of an edge list); every type that
// depends on them must follow. refineShapes recomputes, op by op, what each
// result's shape must be from its operands and keeps the more static of that
// and its current type.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_TRANSFORMS_SHAPEREFINEMENT_H
#define GNNC_TRANSFORMS_SHAPEREFINEMENT_H

#include "mlir/Support/LogicalResult.h"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace mlir::gnn {

/// Refines every result type (and message_passing block argument) of
/// `function` from its operands, then the function's result types from its
/// return. A static size that contradicts another is reported at the op and
/// fails.
LogicalResult refineShapes(func::FuncOp function);

} // namespace mlir::gnn

#endif // GNNC_TRANSFORMS_SHAPEREFINEMENT_H
