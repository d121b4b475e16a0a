//===- BspOps.h - bsp dialect operations ------------------------*- C++ -*-===//
#ifndef BSP_BSPOPS_H
#define BSP_BSPOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"

#include "bsp/BspAttrs.h"
#include "bsp/BspDialect.h"
#include "bsp/BspEnums.h.inc"

namespace mlir::bsp {
/// One element run of a bsp.copy: `count` elements from flat index `source`
/// of the source tensor to flat index `dest` of the destination.
struct CopyRun {
  int64_t source, dest, count;
};
} // namespace mlir::bsp

#define GET_OP_CLASSES
#include "bsp/BspOps.h.inc"

#endif // BSP_BSPOPS_H
