//===- BspDialect.h - The bsp dialect ---------------------------*- C++ -*-===//
#ifndef BSP_BSPDIALECT_H
#define BSP_BSPDIALECT_H

#include "mlir/IR/Dialect.h"

#include "bsp/BspDialect.h.inc"

#endif // BSP_BSPDIALECT_H
