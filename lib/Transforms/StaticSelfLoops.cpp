//===- StaticSelfLoops.cpp - Self-loop insertion as a static edge list ----===//
//
// add_self_loops over E static edges and N static nodes becomes
//   src' = concat(src, iota(N)), dst' = concat(dst, iota(N))
// plus, when some input edge must disappear (remaining flavour, masked
// input), the edge mask concat(keep, true(N)) attached to every reduction
// over the new edges. Existing loop weights are found without data-dependent
// shapes: the position of each node's last self-loop is a masked scatter-max
// of edge positions, and the weight is gathered from there.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnc/Transforms/ShapeRefinement.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNSTATICSELFLOOPS
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

std::string dimString(int64_t d) {
  return ShapedType::isDynamic(d) ? "?" : std::to_string(d);
}

RankedTensorType vec(int64_t n, Type elem) {
  return RankedTensorType::get({n}, elem);
}

Value splat(OpBuilder &b, Location loc, RankedTensorType type,
            Attribute value) {
  return b.create<ConstantOp>(loc, type, DenseElementsAttr::get(type, value));
}

Value andMasks(OpBuilder &b, Location loc, Value a, Value c) {
  if (!a)
    return c;
  if (!c)
    return a;
  return b.create<AndOp>(loc, a.getType(), a, c);
}

/// Attaches `mask` (AND any mask already there) to the reduction that reads
/// edges through `use`. Fails, with a diagnostic, for a use that cannot
/// carry a mask.
LogicalResult attachEdgeMask(OpOperand &use, Value mask) {
  Operation *user = use.getOwner();
  OpBuilder b(user);
  Location loc = user->getLoc();
  auto setMask = [&](Value current, auto setter) {
    setter(andMasks(b, loc, current, mask));
    return success();
  };
  // Gathers read rows by edge; what they read for a masked edge is dropped
  // by the masked reduction downstream.
  if (llvm::isa<GatherOp>(user))
    return success();
  if (auto s = llvm::dyn_cast<ScatterOp>(user))
    return setMask(s.getMask(), [&](Value m) { s.getMaskMutable().assign(m); });
  if (auto d = llvm::dyn_cast<DegreeOp>(user))
    return setMask(d.getMask(), [&](Value m) { d.getMaskMutable().assign(m); });
  if (auto s = llvm::dyn_cast<SegmentSoftmaxOp>(user))
    return setMask(s.getMask(), [&](Value m) { s.getMaskMutable().assign(m); });
  if (auto mp = llvm::dyn_cast<MessagePassingOp>(user))
    return setMask(mp.getEdgeMask(),
                   [&](Value m) { mp.getEdgeMaskMutable().assign(m); });
  if (auto a = llvm::dyn_cast<AddSelfLoopsOp>(user))
    return setMask(a.getMask(), [&](Value m) { a.getMaskMutable().assign(m); });
  return user->emitError("'")
         << user->getName()
         << "' reads an edge list whose self-loops were made static with an "
            "edge mask, and cannot take that mask; use the edges through "
            "gather, scatter, degree, segment_softmax or message_passing";
}

/// Masks every reduction that reads the new edge list through one of its
/// index arrays, once per op. Per-edge values (weights, messages) need no
/// mask of their own: they only reach a result through such a reduction.
LogicalResult maskUses(ValueRange edgeArrays, Value mask) {
  llvm::SmallPtrSet<Operation *, 8> done;
  for (Value array : edgeArrays)
    for (OpOperand &use : llvm::make_early_inc_range(array.getUses()))
      if (done.insert(use.getOwner()).second &&
          failed(attachEdgeMask(use, mask)))
        return failure();
  return success();
}

LogicalResult rewrite(AddSelfLoopsOp op) {
  auto idxType = op.getSrcIndex().getType();
  int64_t e = idxType.getDimSize(0);
  int64_t n = llvm::cast<RankedTensorType>(op.getNodes().getType()).getDimSize(0);
  if (ShapedType::isDynamic(e) || ShapedType::isDynamic(n))
    return op.emitError("self-loop insertion needs a static number of edges "
                        "and nodes to become static (got ")
           << dimString(e) << " edges and " << dimString(n)
           << " nodes); run gnn-pad-to-fixed-size first";
  OpBuilder b(op);
  Location loc = op.getLoc();
  Type idxElem = idxType.getElementType();
  Type i1 = b.getI1Type();
  auto edgeVec = vec(e + n, idxElem);
  auto ids = b.create<IotaOp>(loc, vec(n, idxElem));
  Value src = b.create<ConcatOp>(loc, edgeVec,
                                 ValueRange{op.getSrcIndex(), ids},
                                 b.getI64IntegerAttr(0));
  Value dst = b.create<ConcatOp>(loc, edgeVec,
                                 ValueRange{op.getDstIndex(), ids},
                                 b.getI64IntegerAttr(0));

  bool remaining = op.getMode() == SelfLoopMode::remaining;
  // keep[e]: input edge e survives (not masked, not an existing loop when
  // the loops are "remaining").
  Value keep = op.getMask();
  Value isLoop;
  if (remaining) {
    auto maskType = vec(e, i1);
    Value notLoop = b.create<CmpOp>(loc, maskType, CmpPredicate::ne,
                                    op.getSrcIndex(), op.getDstIndex());
    isLoop = b.create<CmpOp>(loc, maskType, CmpPredicate::eq,
                             op.getSrcIndex(), op.getDstIndex());
    isLoop = andMasks(b, loc, op.getMask(), isLoop);
    keep = andMasks(b, loc, op.getMask(), notLoop);
  }
  Value newMask;
  if (keep) {
    Value loopsKept = splat(b, loc, vec(n, i1), b.getBoolAttr(true));
    newMask = b.create<ConcatOp>(loc, vec(e + n, i1), ValueRange{keep, loopsKept},
                                 b.getI64IntegerAttr(0));
  }

  Value weights;
  if (op.getWeights()) {
    auto wType = op.getWeights().getType();
    Type f = wType.getElementType();
    Value fill = splat(b, loc, vec(n, f),
                       b.getFloatAttr(f, op.getFillValue().convertToDouble()));
    Value loopWeights = fill;
    if (remaining && e > 0) {
      // Position of each node's last existing self-loop, as a float so a
      // masked max-scatter finds it; nodes without one keep the fill value.
      auto posF = RankedTensorType::get({e}, f);
      Value positions = b.create<CastOp>(
          loc, posF, b.create<IotaOp>(loc, vec(e, idxElem)));
      auto nodeF = RankedTensorType::get({n}, f);
      Value lastF = b.create<ScatterOp>(loc, nodeF, ReduceKind::max, positions,
                                        op.getSrcIndex(), isLoop);
      Value last = b.create<CastOp>(loc, vec(n, idxElem), lastF);
      Value existing = b.create<GatherOp>(loc, nodeF, op.getWeights(), last);
      Value count = b.create<DegreeOp>(loc, nodeF, op.getSrcIndex(), Value(),
                                       isLoop);
      Value zero = splat(b, loc, RankedTensorType::get({}, f),
                         b.getFloatAttr(f, 0.0));
      Value has = b.create<CmpOp>(loc, vec(n, i1), CmpPredicate::gt, count,
                                  zero);
      loopWeights = b.create<WhereOp>(loc, nodeF, has, existing, fill);
    }
    weights = b.create<ConcatOp>(loc, vec(e + n, f),
                                 ValueRange{op.getWeights(), loopWeights},
                                 b.getI64IntegerAttr(0));
  }

  // Rewire users to the static arrays, then mask the reductions over them.
  op.getNewSrcIndex().replaceAllUsesWith(src);
  op.getNewDstIndex().replaceAllUsesWith(dst);
  if (weights)
    op.getNewWeights()[0].replaceAllUsesWith(weights);
  op.erase();
  if (newMask && failed(maskUses({src, dst}, newMask)))
    return failure();
  return success();
}

struct StaticSelfLoopsPass
    : mlir::gnn::impl::GnnStaticSelfLoopsBase<StaticSelfLoopsPass> {
  void runOnOperation() override {
    SmallVector<AddSelfLoopsOp> ops;
    getOperation().walk([&](AddSelfLoopsOp op) { ops.push_back(op); });
    for (AddSelfLoopsOp op : ops) {
      if (failed(rewrite(op)))
        return signalPassFailure();
      ++numRewritten;
    }
    if (!ops.empty() && failed(refineShapes(getOperation())))
      signalPassFailure();
  }
};

} // namespace
