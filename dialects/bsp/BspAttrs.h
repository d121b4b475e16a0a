//===- BspAttrs.h - bsp dialect attributes ----------------------*- C++ -*-===//
#ifndef BSP_BSPATTRS_H
#define BSP_BSPATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/APFloat.h"

#include "gnnrt/TargetModel.h"

#define GET_ATTRDEF_CLASSES
#include "bsp/BspAttrs.h.inc"

#endif // BSP_BSPATTRS_H
