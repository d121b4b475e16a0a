//===- DecomposeSegmentSoftmax.cpp - gnn-decompose-segment-softmax ---------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/Builders.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNDECOMPOSESEGMENTSOFTMAX
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

Value scalar(OpBuilder &b, Location loc, Type elementType, Attribute value) {
  auto type = RankedTensorType::get({}, elementType);
  return b.create<ConstantOp>(loc, type, DenseElementsAttr::get(type, value));
}

LogicalResult decompose(SegmentSoftmaxOp op) {
  auto src = cast<RankedTensorType>(op.getSource().getType());
  auto idxType = cast<RankedTensorType>(op.getIndices().getType());
  if (!src.hasStaticShape() || !idxType.hasStaticShape())
    return op.emitOpError("needs static shapes; run gnn-staticize first");
  OpBuilder b(op);
  Location loc = op.getLoc();
  int64_t n = op.getNumSegments();
  SmallVector<int64_t> segShape(src.getShape());
  segShape[0] = n;
  auto segType = RankedTensorType::get(segShape, src.getElementType());
  Value mask = op.getMask();
  // Indices a gather may read: masked rows use 0.
  Value index = op.getIndices();
  Value rowMask;
  if (mask) {
    Value zero = scalar(b, loc, idxType.getElementType(),
                        b.getIntegerAttr(idxType.getElementType(), 0));
    index = b.create<WhereOp>(loc, idxType, mask, index, zero);
    SmallVector<int64_t> maskShape(src.getRank(), 1);
    maskShape[0] = src.getDimSize(0);
    rowMask = b.create<ReshapeOp>(
        loc, RankedTensorType::get(maskShape, b.getI1Type()), mask);
  }
  Value maxima = b.create<ScatterOp>(loc, segType, ReduceKind::max,
                                     op.getSource(), op.getIndices(), mask);
  Value shifted = b.create<SubOp>(
      loc, src, op.getSource(), b.create<GatherOp>(loc, src, maxima, index));
  Value exps = b.create<ExpOp>(loc, src, shifted);
  if (rowMask)
    exps = b.create<WhereOp>(
        loc, src, rowMask, exps,
        scalar(b, loc, src.getElementType(),
               b.getFloatAttr(src.getElementType(), 0.0)));
  Value sums = b.create<ScatterOp>(loc, segType, ReduceKind::sum, exps,
                                   op.getIndices(), mask);
  Value denominators = b.create<AddOp>(
      loc, src, b.create<GatherOp>(loc, src, sums, index),
      scalar(b, loc, src.getElementType(),
             b.getFloatAttr(src.getElementType(), 1e-16)));
  Value result = b.create<DivOp>(loc, src, exps, denominators);
  op.getResult().replaceAllUsesWith(result);
  op.erase();
  return success();
}

struct DecomposeSegmentSoftmaxPass
    : public mlir::gnn::impl::GnnDecomposeSegmentSoftmaxBase<
          DecomposeSegmentSoftmaxPass> {
  void runOnOperation() override {
    SmallVector<SegmentSoftmaxOp> ops;
    getOperation().walk([&](SegmentSoftmaxOp op) { ops.push_back(op); });
    for (SegmentSoftmaxOp op : ops)
      if (failed(decompose(op)))
        return signalPassFailure();
  }
};

} // namespace
