//===- GnnDialect.cpp - The gnn dialect -----------------------------------===//
#include "gnn/GnnDialect.h"
#include "gnn/GnnOps.h"
#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::gnn;

#include "gnn/GnnDialect.cpp.inc"
#include "gnn/GnnEnums.cpp.inc"

namespace {
/// Every gnn op is pure or region-local, so calls into functions of gnn ops
/// (e.g. a shared normalisation helper) can be inlined, as the static-shape
/// passes need whole programs.
struct GnnInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Operation *, bool) const final {
    return true;
  }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void GnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "gnn/GnnOps.cpp.inc"
      >();
  addInterfaces<GnnInlinerInterface>();
}

Operation *GnnDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = llvm::dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}
