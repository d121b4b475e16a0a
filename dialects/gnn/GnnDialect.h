//===- GnnDialect.h - The gnn dialect ---------------------------*- C++ -*-===//
#ifndef GNN_GNNDIALECT_H
#define GNN_GNNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "gnn/GnnDialect.h.inc"

#endif // GNN_GNNDIALECT_H
