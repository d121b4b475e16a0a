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

#define GET_OP_CLASSES
#include "bsp/BspOps.h.inc"

#endif // BSP_BSPOPS_H
