//===- ShapeRefinement.cpp - Propagate static shapes through gnn IR -------===//
#include "gnnc/Transforms/ShapeRefinement.h"

#include <optional>

#include "gnn/GnnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::gnn;

namespace {

using Shape = SmallVector<int64_t>;

ArrayRef<int64_t> shapeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getShape();
}

/// The shape `result` must have given its operands, where a rule exists.
/// Dynamic entries mean "unknown".
std::optional<Shape> inferShape(Operation *op, unsigned resultIndex) {
  auto broadcastAll = [&]() -> std::optional<Shape> {
    Shape shape;
    for (Value operand : op->getOperands()) {
      Shape next;
      if (!OpTrait::util::getBroadcastedShape(shape, shapeOf(operand), next))
        return std::nullopt;
      shape = std::move(next);
    }
    return shape;
  };
  auto withRows = [](int64_t rows, ArrayRef<int64_t> row) {
    Shape shape{rows};
    shape.append(row.begin(), row.end());
    return shape;
  };
  auto keepRows = [&](Value like) {
    return withRows(shapeOf(op->getResult(resultIndex))[0],
                    shapeOf(like).drop_front());
  };
  return llvm::TypeSwitch<Operation *, std::optional<Shape>>(op)
      .Case<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, WhereOp, CmpOp, AndOp,
            OrOp, XorOp>([&](auto) { return broadcastAll(); })
      .Case<ReluOp, SigmoidOp, TanhOp, ExpOp, LogOp, NegOp, SqrtOp, AbsOp,
            LeakyReluOp, EluOp, PowOp, DropoutOp, SoftmaxOp, LogSoftmaxOp,
            NotOp, CastOp>([&](Operation *o) {
        return Shape(shapeOf(o->getOperand(0)));
      })
      .Case([&](SegmentSoftmaxOp o) { return Shape(shapeOf(o.getSource())); })
      .Case([&](BatchNormOp o) {
        return Shape(shapeOf(o->getOperand(resultIndex == 0 ? 0 : 2 + resultIndex)));
      })
      .Case([&](LinearOp o) {
        Shape shape(shapeOf(o.getInput()));
        shape.back() = shapeOf(o.getWeight())[0];
        return shape;
      })
      .Case([&](MatmulOp o) {
        return Shape{shapeOf(o.getLhs())[0], shapeOf(o.getRhs())[1]};
      })
      .Case([&](GatherOp o) {
        return withRows(shapeOf(o.getIndices())[0],
                        shapeOf(o.getSource()).drop_front());
      })
      .Case([&](BooleanIndexOp o) {
        return withRows(ShapedType::kDynamic,
                        shapeOf(o.getSource()).drop_front());
      })
      .Case([&](ScatterOp o) { return keepRows(o.getSource()); })
      .Case([&](GlobalPoolOp o) { return keepRows(o.getInput()); })
      .Case([&](ConcatOp o) -> std::optional<Shape> {
        Shape shape(shapeOf(o.getInputs().front()));
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + shape.size() : o.getAxis();
        shape[axis] = 0;
        for (Value v : o.getInputs()) {
          int64_t d = shapeOf(v)[axis];
          shape[axis] = ShapedType::isDynamic(d) || ShapedType::isDynamic(shape[axis])
                            ? ShapedType::kDynamic
                            : shape[axis] + d;
        }
        return shape;
      })
      .Case([&](SliceOp o) {
        Shape shape(shapeOf(o.getInput()));
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + shape.size() : o.getAxis();
        shape[axis] = shapeOf(o.getResult())[axis];
        return shape;
      })
      .Case([&](ReduceOp o) {
        Shape in(shapeOf(o.getInput())), shape;
        int64_t rank = in.size();
        for (int64_t d = 0; d < rank; ++d)
          if (!llvm::any_of(o.getDims(), [&](int64_t r) {
                return r == d || r + rank == d;
              }))
            shape.push_back(in[d]);
        return shape;
      })
      .Case([&](AddSelfLoopsOp o) -> std::optional<Shape> {
        int64_t e = shapeOf(o.getSrcIndex())[0];
        int64_t n = shapeOf(o.getNodes())[0];
        if (o.getMode() == SelfLoopMode::remaining || o.getMask() ||
            ShapedType::isDynamic(e) || ShapedType::isDynamic(n))
          return Shape{ShapedType::kDynamic};
        return Shape{e + n};
      })
      .Case([&](ReshapeOp o) -> std::optional<Shape> {
        auto in = llvm::cast<RankedTensorType>(o.getInput().getType());
        Shape shape(shapeOf(o.getResult()));
        if (!in.hasStaticShape())
          return shape;
        int64_t known = 1;
        for (int64_t d : shape)
          known *= ShapedType::isDynamic(d) ? 1 : d;
        for (int64_t &d : shape)
          if (ShapedType::isDynamic(d) && known != 0)
            d = in.getNumElements() / known;
        return shape;
      })
      .Case([&](MessagePassingOp o) -> std::optional<Shape> {
        auto yield = llvm::cast<YieldOp>(o.getBody().front().getTerminator());
        return keepRows(yield.getValue());
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// Joins `current` with `inferred`: the more static wins; two different
/// static sizes conflict.
FailureOr<Shape> join(Operation *op, ArrayRef<int64_t> current,
                      ArrayRef<int64_t> inferred) {
  if (current.size() != inferred.size())
    return op->emitOpError("shape refinement: result rank ")
           << current.size() << " differs from the inferred rank "
           << inferred.size();
  Shape shape;
  for (auto [c, i] : llvm::zip_equal(current, inferred)) {
    if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(i) && c != i)
      return op->emitOpError("shape refinement: a result dimension is ")
             << c << " but its operands imply " << i;
    shape.push_back(ShapedType::isDynamic(c) ? i : c);
  }
  return shape;
}

LogicalResult setShape(Value value, ArrayRef<int64_t> shape) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  if (type.getShape() != shape)
    value.setType(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult refineBlock(Block &block);

LogicalResult refineOp(Operation *op) {
  if (auto mp = llvm::dyn_cast<MessagePassingOp>(op)) {
    // Per-edge block arguments follow their inputs, then the body.
    Block &body = mp.getBody().front();
    int64_t edges = shapeOf(mp.getSrcIndex())[0];
    size_t gathered = mp.getSources().size() + mp.getTargets().size();
    for (auto [i, input] : llvm::enumerate(mp.getPerEdgeInputs())) {
      Shape expected(shapeOf(input));
      if (i < gathered)
        expected[0] = edges;
      BlockArgument arg = body.getArgument(i);
      FailureOr<Shape> joined = join(op, shapeOf(arg), expected);
      if (failed(joined) || failed(setShape(arg, *joined)))
        return failure();
    }
    if (failed(refineBlock(body)))
      return failure();
  }
  for (OpResult result : op->getResults()) {
    auto type = llvm::dyn_cast<RankedTensorType>(result.getType());
    if (!type)
      continue;
    std::optional<Shape> inferred = inferShape(op, result.getResultNumber());
    if (!inferred)
      continue;
    FailureOr<Shape> joined = join(op, type.getShape(), *inferred);
    if (failed(joined) || failed(setShape(result, *joined)))
      return failure();
  }
  return success();
}

LogicalResult refineBlock(Block &block) {
  for (Operation &op : block)
    if (failed(refineOp(&op)))
      return failure();
  return success();
}

} // namespace

LogicalResult mlir::gnn::refineShapes(func::FuncOp function) {
  if (function.isExternal())
    return success();
  Block &entry = function.getBody().front();
  if (failed(refineBlock(entry)))
    return failure();
  auto ret = llvm::cast<func::ReturnOp>(entry.getTerminator());
  function.setFunctionType(FunctionType::get(
      function.getContext(), entry.getArgumentTypes(),
      ret.getOperandTypes()));
  return success();
}
