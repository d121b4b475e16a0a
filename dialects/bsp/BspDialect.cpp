//===- BspDialect.cpp - The bsp dialect -----------------------------------===//
#include "bsp/BspDialect.h"
#include "bsp/BspAttrs.h"
#include "bsp/BspOps.h"

using namespace mlir;
using namespace mlir::bsp;

#include "bsp/BspDialect.cpp.inc"
#include "bsp/BspEnums.cpp.inc"

void BspDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "bsp/BspOps.cpp.inc"
      >();
}
