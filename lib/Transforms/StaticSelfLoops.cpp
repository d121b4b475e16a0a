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
#include "RowMasks.h"

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

/// The static edge list that replaced one add_self_loops.
struct StaticEdges {
  Value src, dst, weights, mask; // mask is null when every edge is real
};

/// Edge positions are found with a float max-scatter, exact below 2^24.
constexpr int64_t kMaxExactPositions = int64_t{1} << 24;

FailureOr<StaticEdges> rewrite(AddSelfLoopsOp op) {
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
      // Position of each node's last existing self-loop, as an f32 so a
      // masked max-scatter finds it (exact below 2^24 edges); nodes without
      // one keep the fill value.
      if (e > kMaxExactPositions)
        return op.emitError("add_remaining_self_loops with weights over ")
               << e << " edges: the static form finds existing loops by "
               << "edge position, exact only below " << kMaxExactPositions
               << " edges; split the edge list or add the loops in the data";
      Type f32 = b.getF32Type();
      auto posF = RankedTensorType::get({e}, f32);
      Value positions = b.create<CastOp>(
          loc, posF, b.create<IotaOp>(loc, vec(e, idxElem)));
      auto nodeF = RankedTensorType::get({n}, f);
      Value lastF = b.create<ScatterOp>(loc, RankedTensorType::get({n}, f32),
                                        ReduceKind::max, positions,
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

  // Rewire users to the static arrays.
  op.getNewSrcIndex().replaceAllUsesWith(src);
  op.getNewDstIndex().replaceAllUsesWith(dst);
  if (weights)
    op.getNewWeights()[0].replaceAllUsesWith(weights);
  op.erase();
  return StaticEdges{src, dst, weights, newMask};
}

struct StaticSelfLoopsPass
    : mlir::gnn::impl::GnnStaticSelfLoopsBase<StaticSelfLoopsPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    SmallVector<AddSelfLoopsOp> ops;
    function.walk([&](AddSelfLoopsOp op) { ops.push_back(op); });
    SmallVector<StaticEdges> masked;
    for (AddSelfLoopsOp op : ops) {
      FailureOr<StaticEdges> edges = rewrite(op);
      if (failed(edges))
        return signalPassFailure();
      if (edges->mask)
        masked.push_back(*edges);
      ++numRewritten;
    }
    if (!ops.empty() && failed(refineShapes(function)))
      return signalPassFailure();
    if (masked.empty())
      return;
    // Every value whose rows are the new edges (indices, weights, gathered
    // rows, messages) reaches a result only through a reduction over those
    // rows: each such reduction takes the edge mask.
    RowClasses rows;
    rows.build(function);
    llvm::DenseMap<Value, Value> maskOf; // row-class leader -> edge mask
    for (const StaticEdges &edges : masked) {
      rows.unite(edges.src, edges.dst);
      rows.unite(edges.src, edges.weights);
      maskOf[rows.leader(edges.src)] = edges.mask;
    }
    auto maskFor = [&](Value v) -> Value {
      Value leader = rows.leader(v);
      return leader ? maskOf.lookup(leader) : Value();
    };
    if (failed(attachRowMasks(function, maskFor, "masked self-loop",
                              /*rejectReturns=*/true)))
      signalPassFailure();
  }
};

} // namespace
