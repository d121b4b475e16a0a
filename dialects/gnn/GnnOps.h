//===- GnnOps.h - gnn dialect operations ------------------------*- C++ -*-===//
#ifndef GNN_GNNOPS_H
#define GNN_GNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "gnn/GnnDialect.h"
#include "gnn/GnnEnums.h.inc"

#define GET_OP_CLASSES
#include "gnn/GnnOps.h.inc"

#endif // GNN_GNNOPS_H
