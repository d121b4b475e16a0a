//===- VerifyStatic.cpp - Nothing dynamic is left -------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNVERIFYSTATIC
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;

namespace {

bool isDynamic(Type type) {
  auto shaped = llvm::dyn_cast<ShapedType>(type);
  return shaped && (!shaped.hasRank() || !shaped.hasStaticShape());
}

struct VerifyStaticPass
    : mlir::gnn::impl::GnnVerifyStaticBase<VerifyStaticPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    int64_t count = 0;
    for (auto [i, type] : llvm::enumerate(function.getArgumentTypes()))
      if (isDynamic(type)) {
        function.emitError("argument #") << i << " has dynamic type " << type;
        ++count;
      }
    for (auto [i, type] : llvm::enumerate(function.getResultTypes()))
      if (isDynamic(type)) {
        function.emitError("result #") << i << " has dynamic type " << type;
        ++count;
      }
    function.walk([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (isDynamic(arg.getType()) && op != function) {
              op->emitError("block argument #")
                  << arg.getArgNumber() << " has dynamic type "
                  << arg.getType();
              ++count;
            }
      for (OpResult result : op->getResults())
        if (isDynamic(result.getType())) {
          op->emitError("result #")
              << result.getResultNumber() << " has dynamic type "
              << result.getType();
          ++count;
        }
    });
    if (count) {
      function.emitError("function '")
          << function.getSymName() << "' is not static: " << count
          << " value(s) have a dynamic dimension; give a fixed size for "
             "every dynamic row count (gnn-staticize's num-nodes, num-edges, "
             "num-graphs or the gnn.num_* attributes), and see the errors "
             "above for ops that no pass makes static";
      signalPassFailure();
    }
  }
};

} // namespace
