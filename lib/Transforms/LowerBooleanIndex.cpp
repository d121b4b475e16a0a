//===- LowerBooleanIndex.cpp - x[mask] to static masked forms -------------===//
//
// Two kinds of patterns: sinking patterns move a boolean_index below a
// row-local op (op(x[m]) == op(x)[m]), and consuming patterns replace the
// selection at a loss or reduction by that op's masked form. What is left
// afterwards has no masked equivalent and is reported.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNLOWERBOOLEANINDEX
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

BooleanIndexOp selection(Value v) { return v.getDefiningOp<BooleanIndexOp>(); }

/// `type` with its first dimension replaced by the rows of `like`.
RankedTensorType withRowsOf(Type type, Value like) {
  auto ranked = llvm::cast<RankedTensorType>(type);
  SmallVector<int64_t> shape(ranked.getShape());
  shape[0] = llvm::cast<RankedTensorType>(like.getType()).getDimSize(0);
  return RankedTensorType::get(shape, ranked.getElementType());
}

/// The mask all selected operands share, or null when they differ or none is
/// selected. Unselected operands must broadcast without a row dimension.
Value commonMask(Operation *op, int64_t resultRank) {
  Value mask;
  for (Value operand : op->getOperands()) {
    if (BooleanIndexOp sel = selection(operand)) {
      // A lower-rank selection would broadcast its rows along another
      // dimension: selecting afterwards is not the same.
      if ((mask && mask != sel.getMask()) ||
          llvm::cast<RankedTensorType>(operand.getType()).getRank() !=
              resultRank)
        return nullptr;
      mask = sel.getMask();
      continue;
    }
    if (llvm::cast<RankedTensorType>(operand.getType()).getRank() >= resultRank)
      return nullptr; // would need its own rows selected
  }
  return mask;
}

/// op(x[m], ...) -> op(x, ...)[m] for ops that act on each row on its own.
struct SinkThroughRowwise : public RewritePattern {
  SinkThroughRowwise(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  static bool isRowwise(Operation *op) {
    if (llvm::isa<ReluOp, SigmoidOp, TanhOp, ExpOp, LogOp, NegOp, SqrtOp,
                  AbsOp, LeakyReluOp, EluOp, PowOp, CastOp, NotOp, AddOp,
                  SubOp, MulOp, DivOp, MaxOp, MinOp, WhereOp, CmpOp, AndOp,
                  OrOp, XorOp>(op))
      return true;
    // Dropout is not: its mask depends on each element's position.
    if (auto sm = llvm::dyn_cast<SoftmaxOp>(op))
      return sm.getAxis() != 0 && sm.getAxis() != -sm.getType().getRank();
    if (auto sm = llvm::dyn_cast<LogSoftmaxOp>(op))
      return sm.getAxis() != 0 && sm.getAxis() != -sm.getType().getRank();
    if (auto lin = llvm::dyn_cast<LinearOp>(op))
      return lin.getType().getRank() >= 2;
    return false;
  }

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isRowwise(op) || op->getNumResults() != 1)
      return failure();
    auto resultType = llvm::cast<RankedTensorType>(op->getResult(0).getType());
    Value mask;
    if (auto lin = llvm::dyn_cast<LinearOp>(op)) {
      BooleanIndexOp sel = selection(lin.getInput());
      if (!sel || selection(lin.getWeight()) ||
          (lin.getBias() && selection(lin.getBias())))
        return failure();
      mask = sel.getMask();
    } else {
      mask = commonMask(op, resultType.getRank());
    }
    if (!mask)
      return rewriter.notifyMatchFailure(op, "operands not selected alike");
    SmallVector<Value> operands;
    Value rowsLike;
    for (Value operand : op->getOperands()) {
      if (BooleanIndexOp sel = selection(operand)) {
        operands.push_back(sel.getSource());
        rowsLike = sel.getSource();
      } else {
        operands.push_back(operand);
      }
    }
    OperationState state(op->getLoc(), op->getName(), operands,
                         {withRowsOf(resultType, rowsLike)}, op->getAttrs());
    Operation *full = rewriter.create(state);
    // The new selection keeps the location of the user's x[mask].
    Location selLoc = mask.getLoc();
    for (Value operand : op->getOperands())
      if (BooleanIndexOp sel = selection(operand))
        selLoc = sel.getLoc();
    auto moved = rewriter.create<BooleanIndexOp>(selLoc, resultType,
                                                 full->getResult(0), mask);
    rewriter.replaceOp(op, moved.getResult());
    return success();
  }
};

/// loss(x[m], y[m]) -> loss(x, where(m, y, ignore_index)).
template <typename LossOp>
struct LowerClassificationLoss : public OpRewritePattern<LossOp> {
  using OpRewritePattern<LossOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(LossOp op,
                                PatternRewriter &rewriter) const override {
    BooleanIndexOp xs = selection(op.getInput());
    BooleanIndexOp ys = selection(op.getLabels());
    if (!xs || !ys || xs.getMask() != ys.getMask() || op.getMask())
      return failure();
    Location loc = op.getLoc();
    auto labelType = llvm::cast<RankedTensorType>(ys.getSource().getType());
    unsigned width = labelType.getElementType().getIntOrFloatBitWidth();
    if (!llvm::isIntN(width, op.getIgnoreIndex())) {
      // ignore_index does not fit the labels: select with the row mask.
      rewriter.replaceOpWithNewOp<LossOp>(
          op, op.getType(), op.getReductionAttr(), xs.getSource(),
          ys.getSource(), xs.getMask(), op.getIgnoreIndexAttr());
      return success();
    }
    auto scalarType = RankedTensorType::get({}, labelType.getElementType());
    auto ignore = rewriter.create<ConstantOp>(
        loc, scalarType,
        DenseElementsAttr::get(scalarType,
                               rewriter.getIntegerAttr(
                                   labelType.getElementType(),
                                   op.getIgnoreIndex())));
    auto labels = rewriter.create<WhereOp>(loc, labelType, xs.getMask(),
                                           ys.getSource(), ignore);
    rewriter.replaceOpWithNewOp<LossOp>(
        op, op.getType(), op.getReductionAttr(), xs.getSource(), labels,
        /*mask=*/Value(), op.getIgnoreIndexAttr());
    return success();
  }
};

/// loss(x[m], t[m]) -> loss(x, t, mask = m).
template <typename LossOp>
struct LowerRegressionLoss : public OpRewritePattern<LossOp> {
  using OpRewritePattern<LossOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(LossOp op,
                                PatternRewriter &rewriter) const override {
    BooleanIndexOp xs = selection(op.getInput());
    BooleanIndexOp ts = selection(op.getTarget());
    if (!xs || !ts || xs.getMask() != ts.getMask() || op.getMask())
      return failure();
    rewriter.replaceOpWithNewOp<LossOp>(op, op.getType(),
                                        op.getReductionAttr(), xs.getSource(),
                                        ts.getSource(), xs.getMask());
    return success();
  }
};

/// reduce(x[m]) over dim 0 -> reduce(x, mask = m).
struct LowerReduce : public OpRewritePattern<ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rewriter) const override {
    BooleanIndexOp xs = selection(op.getInput());
    int64_t rank = op.getInput().getType().getRank();
    bool reducesRows = llvm::any_of(
        op.getDims(), [&](int64_t d) { return d == 0 || d == -rank; });
    if (!xs || op.getMask() || !reducesRows)
      return failure();
    rewriter.replaceOpWithNewOp<ReduceOp>(op, op.getType(), op.getKindAttr(),
                                          xs.getSource(), xs.getMask(),
                                          op.getDimsAttr());
    return success();
  }
};

/// scatter(s[m], i[m]) -> scatter(s, i, mask = m); likewise global_pool.
template <typename SegmentOp>
struct LowerSegmentReduction : public OpRewritePattern<SegmentOp> {
  using OpRewritePattern<SegmentOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(SegmentOp op,
                                PatternRewriter &rewriter) const override {
    BooleanIndexOp rows = selection(op->getOperand(0));
    BooleanIndexOp index = selection(op->getOperand(1));
    if (!rows || !index || rows.getMask() != index.getMask() || op.getMask())
      return failure();
    rewriter.replaceOpWithNewOp<SegmentOp>(
        op, op.getType(), op.getReduceAttr(), rows.getSource(),
        index.getSource(), rows.getMask());
    return success();
  }
};

/// degree(i[m]) -> degree(i, mask = m).
struct LowerDegree : public OpRewritePattern<DegreeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DegreeOp op,
                                PatternRewriter &rewriter) const override {
    BooleanIndexOp index = selection(op.getIndices());
    if (!index || op.getMask())
      return failure();
    Value weights;
    if (op.getWeights()) {
      BooleanIndexOp w = selection(op.getWeights());
      if (!w || w.getMask() != index.getMask())
        return failure();
      weights = w.getSource();
    }
    rewriter.replaceOpWithNewOp<DegreeOp>(op, op.getType(),
                                          index.getSource(), weights,
                                          index.getMask());
    return success();
  }
};

/// What a user can write instead, for the uses we cannot rewrite.
std::string adviceFor(Operation *user) {
  if (llvm::isa<CrossEntropyOp, NllLossOp>(user))
    return "select both the scores and the labels with the same mask, or "
           "write the labels as gnn.where(mask, y, -100)";
  if (llvm::isa<MseLossOp, L1LossOp>(user))
    return "select both the input and the target with the same mask, or "
           "pass the mask as the loss's row mask";
  if (llvm::isa<func::ReturnOp>(user))
    return "return the whole tensor together with the mask and select on "
           "the host";
  return "compute on all rows and pass the mask to the consuming reduction "
         "or loss (mask operand), or use gnn.where(mask, x, fill)";
}

struct LowerBooleanIndexPass
    : mlir::gnn::impl::GnnLowerBooleanIndexBase<LowerBooleanIndexPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    int64_t before = 0;
    function.walk([&](BooleanIndexOp) { ++before; });

    RewritePatternSet patterns(&getContext());
    patterns.add<SinkThroughRowwise, LowerReduce, LowerDegree,
                 LowerClassificationLoss<CrossEntropyOp>,
                 LowerClassificationLoss<NllLossOp>,
                 LowerRegressionLoss<MseLossOp>, LowerRegressionLoss<L1LossOp>,
                 LowerSegmentReduction<ScatterOp>,
                 LowerSegmentReduction<GlobalPoolOp>>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(function, std::move(patterns))))
      return signalPassFailure();

    // One diagnostic per consumer, with a note at each selection it reads.
    int64_t after = 0;
    llvm::MapVector<Operation *, SmallVector<BooleanIndexOp>> badUses;
    function.walk([&](BooleanIndexOp sel) {
      ++after;
      for (Operation *user : sel->getUsers())
        if (!llvm::isa<BooleanIndexOp>(user)) {
          auto &sels = badUses[user];
          if (!llvm::is_contained(sels, sel))
            sels.push_back(sel);
        }
    });
    for (auto &[user, sels] : badUses) {
      InFlightDiagnostic diag =
          user->emitError("'")
          << user->getName() << "' uses x[mask] (gnn.boolean_index), "
          << "whose size depends on the data, and has no masked equivalent; "
          << adviceFor(user);
      for (BooleanIndexOp sel : sels)
        diag.attachNote(sel.getLoc()) << "the selection is made here";
    }
    bool failedAny = !badUses.empty();
    numLowered += before - after;
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
