//===- GnnDialect.cpp - The gnn dialect -----------------------------------===//
#include "gnn/GnnDialect.h"
#include "gnn/GnnOps.h"

using namespace mlir;
using namespace mlir::gnn;

#include "gnn/GnnDialect.cpp.inc"
#include "gnn/GnnEnums.cpp.inc"

void GnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "gnn/GnnOps.cpp.inc"
      >();
}

Operation *GnnDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = llvm::dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}
