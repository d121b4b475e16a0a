//===- ExpandMessagePassing.cpp - message_passing to gather/scatter -------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/MessagePassing.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNEXPANDMESSAGEPASSING
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

/// gather(sources by src) ++ gather(targets by dst) ++ edge_data, then the
/// body's ops, then scatter(message by dst) with the op's edge mask.
void expand(MessagePassingOp op) {
  OpBuilder builder(op);
  Location loc = op.getLoc();
  Block &body = op.getBody().front();
  IRMapping mapping;
  unsigned argIndex = 0;
  auto gatherInto = [&](ValueRange nodeTensors, Value index) {
    for (Value nodes : nodeTensors) {
      BlockArgument arg = body.getArgument(argIndex++);
      mapping.map(arg, builder.create<GatherOp>(loc, arg.getType(), nodes,
                                                index).getResult());
    }
  };
  gatherInto(op.getSources(), op.getSrcIndex());
  gatherInto(op.getTargets(), op.getDstIndex());
  for (Value data : op.getEdgeData())
    mapping.map(body.getArgument(argIndex++), data);

  for (Operation &inner : body.without_terminator())
    builder.clone(inner, mapping);
  auto yield = llvm::cast<YieldOp>(body.getTerminator());
  Value message = mapping.lookupOrDefault(yield.getValue());
  // Masked-out edges send nothing: the mask moves to the reduction.
  auto scatter = builder.create<ScatterOp>(loc, op.getType(),
                                           op.getReduceAttr(), message,
                                           op.getDstIndex(), op.getEdgeMask());
  op.replaceAllUsesWith(scatter.getResult());
  op.erase();
}

struct ExpandMessagePassingPass
    : mlir::gnn::impl::GnnExpandMessagePassingBase<ExpandMessagePassingPass> {
  void runOnOperation() override {
    numExpanded += expandMessagePassing(getOperation());
  }
};

} // namespace

unsigned mlir::gnn::expandMessagePassing(Operation *root) {
  // Post-order: a message_passing nested in another body expands first, so
  // the outer clone copies the already-expanded form.
  SmallVector<MessagePassingOp> ops;
  root->walk([&](MessagePassingOp op) { ops.push_back(op); });
  for (MessagePassingOp op : ops)
    expand(op);
  return ops.size();
}
