//===- GnnOps.cpp - gnn dialect operations --------------------------------===//
//
// Verifiers check every shape relation that is known statically; dynamic
// dimensions (`?`) are accepted wherever a static one would be, except where
// an op needs a static size (the number of segments of a reduction).
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include <cmath>
#include <limits>
#include <optional>

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::gnn;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static RankedTensorType rankedType(Value value) {
  return llvm::cast<RankedTensorType>(value.getType());
}

/// The number of elements of a static shape, or nullopt when it overflows
/// int64 (such a tensor could never exist).
static std::optional<int64_t> checkedNumElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      continue;
    std::optional<int64_t> next = llvm::checkedMul(n, d);
    if (!next)
      return std::nullopt;
    n = *next;
  }
  return n;
}

static bool dimsMatch(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

static bool shapesMatch(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return a.size() == b.size() && llvm::all_of(llvm::zip_equal(a, b), [](auto p) {
           return dimsMatch(std::get<0>(p), std::get<1>(p));
         });
}

/// Normalises `axis` into [0, rank) or returns failure.
static FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return failure();
  return axis < 0 ? axis + rank : axis;
}

/// Shared checks of the segment reductions (scatter, global_pool): rows of
/// `source` are reduced into the first dimension of `result` by `index`.
/// An optional row mask must have one entry per row.
static LogicalResult verifyRowMask(Operation *op, Value mask, int64_t rows,
                                   StringRef rowsName) {
  if (!mask)
    return success();
  int64_t entries = rankedType(mask).getDimSize(0);
  if (!dimsMatch(entries, rows))
    return op->emitOpError("mask has ")
           << entries << " entries but there are " << rows << " " << rowsName;
  return success();
}

static LogicalResult verifySegmentReduction(Operation *op, Value source,
                                            Value index, Value result,
                                            StringRef indexName, Value mask) {
  RankedTensorType srcType = rankedType(source);
  RankedTensorType resType = rankedType(result);
  RankedTensorType idxType = rankedType(index);
  if (srcType.getRank() < 1)
    return op->emitOpError("source must have rank >= 1 (rows to reduce)");
  if (!dimsMatch(idxType.getDimSize(0), srcType.getDimSize(0)))
    return op->emitOpError() << indexName << " has " << idxType.getDimSize(0)
                             << " entries but the source has "
                             << srcType.getDimSize(0) << " rows";
  if (resType.getRank() != srcType.getRank())
    return op->emitOpError("result rank ")
           << resType.getRank() << " differs from source rank "
           << srcType.getRank();
  if (failed(verifyRowMask(op, mask, srcType.getDimSize(0), "rows")))
    return failure();
  if (!shapesMatch(resType.getShape().drop_front(),
                   srcType.getShape().drop_front()))
    return op->emitOpError("result row shape must equal the source row shape");
  if (resType.getElementType() != srcType.getElementType())
    return op->emitOpError("result element type must equal the source's");
  return success();
}

/// Checks that `result` has exactly the numpy broadcast shape of `operands`.
static LogicalResult verifyBroadcastResult(Operation *op, ValueRange operands,
                                           Value result) {
  SmallVector<int64_t> shape;
  for (Value operand : operands) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape,
                                            rankedType(operand).getShape(),
                                            next))
      return op->emitOpError("operand shapes are not broadcast-compatible");
    shape = std::move(next);
  }
  if (!shapesMatch(rankedType(result).getShape(), shape))
    return op->emitOpError("result shape must be the broadcast shape of the "
                           "operands, [")
           << llvm::make_range(shape.begin(), shape.end()) << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// Constants and parameters
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ParameterOp::verify() {
  RankedTensorType type = getTensorType();
  if (!type.hasStaticShape())
    return emitOpError("parameter type must have a static shape");
  if (!checkedNumElements(type.getShape()))
    return emitOpError("parameter type ") << type << " has too many elements";
  for (auto [attr, name] :
       {std::pair(getValueAttr(), "value"), std::pair(getLowAttr(), "low"),
        std::pair(getHighAttr(), "high"), std::pair(getMeanAttr(), "mean"),
        std::pair(getStdAttr(), "std")})
    if (attr && !std::isfinite(attr.getValueAsDouble()))
      return emitOpError("initialiser attribute '")
             << name << "' must be finite";
  if (getValueAttr() && llvm::isa<IntegerType>(type.getElementType())) {
    double v = getValueAttr().getValueAsDouble();
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    double limit = width >= 64 ? 9.2e18 : std::ldexp(1.0, width - 1);
    if (v != std::trunc(v) || v >= limit || v < -limit)
      return emitOpError("constant ")
             << v << " is not representable in " << type.getElementType();
  }
  auto requireAttr = [&](Attribute attr, StringRef name) -> LogicalResult {
    if (!attr)
      return emitOpError("initialiser '")
             << stringifyInitKind(getInit()) << "' needs the '" << name
             << "' attribute";
    return success();
  };
  bool isRandom = false;
  switch (getInit()) {
  case InitKind::zeros:
  case InitKind::ones:
    break;
  case InitKind::constant:
    return requireAttr(getValueAttr(), "value");
  case InitKind::uniform:
    if (failed(requireAttr(getLowAttr(), "low")) ||
        failed(requireAttr(getHighAttr(), "high")))
      return failure();
    if (!(getLow()->convertToDouble() < getHigh()->convertToDouble()))
      return emitOpError("uniform initialiser needs low < high");
    isRandom = true;
    break;
  case InitKind::normal:
    if (failed(requireAttr(getMeanAttr(), "mean")) ||
        failed(requireAttr(getStdAttr(), "std")))
      return failure();
    if (getStd()->convertToDouble() < 0.0)
      return emitOpError("normal initialiser needs std >= 0");
    isRandom = true;
    break;
  case InitKind::glorot_uniform:
  case InitKind::kaiming_uniform: {
    // Both read the fans off a weight [..., out, in] (PyG / torch).
    int64_t minRank = 2;
    if (type.getRank() < minRank || type.getNumElements() == 0)
      return emitOpError("fan-based initialiser '")
             << stringifyInitKind(getInit())
             << "' needs a non-empty tensor of rank >= " << minRank;
    isRandom = true;
    break;
  }
  case InitKind::value: {
    if (failed(requireAttr(getInitialValueAttr(), "initial_value")))
      return failure();
    if (getInitialValueAttr().getType() != type)
      return emitOpError("initial_value type ")
             << getInitialValueAttr().getType()
             << " does not match the parameter type " << type;
    break;
  }
  }
  if (isRandom && !llvm::isa<FloatType>(type.getElementType()))
    return emitOpError("random initialisers need a float element type");
  return success();
}

LogicalResult
GetParameterOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto param =
      symbolTable.lookupNearestSymbolFrom<ParameterOp>(*this, getNameAttr());
  if (!param)
    return emitOpError("'") << getName()
                            << "' does not name a gnn.parameter in scope";
  if (param.getTensorType() != getType())
    return emitOpError("result type ")
           << getType() << " does not match parameter '" << getName()
           << "' of type " << param.getTensorType();
  return success();
}

//===----------------------------------------------------------------------===//
// Graph primitives
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  RankedTensorType srcType = getSource().getType();
  RankedTensorType resType = getResult().getType();
  if (srcType.getRank() < 1)
    return emitOpError("source must have rank >= 1 (rows to gather)");
  if (resType.getRank() != srcType.getRank())
    return emitOpError("result rank ")
           << resType.getRank() << " differs from source rank "
           << srcType.getRank();
  if (!dimsMatch(resType.getDimSize(0), getIndices().getType().getDimSize(0)))
    return emitOpError("result has ")
           << resType.getDimSize(0) << " rows but there are "
           << getIndices().getType().getDimSize(0) << " indices";
  if (!shapesMatch(resType.getShape().drop_front(),
                   srcType.getShape().drop_front()))
    return emitOpError("result row shape must equal the source row shape");
  if (resType.getElementType() != srcType.getElementType())
    return emitOpError("result element type must equal the source's");
  return success();
}

LogicalResult ScatterOp::verify() {
  return verifySegmentReduction(*this, getSource(), getIndices(), getResult(),
                                "index", getMask());
}

LogicalResult DegreeOp::verify() {
  if (failed(verifyRowMask(*this, getMask(),
                           getIndices().getType().getDimSize(0), "indices")))
    return failure();
  if (getWeights() &&
      !dimsMatch(getWeights().getType().getDimSize(0),
                 getIndices().getType().getDimSize(0)))
    return emitOpError("weights have ")
           << getWeights().getType().getDimSize(0) << " entries but there are "
           << getIndices().getType().getDimSize(0) << " indices";
  if (getWeights() && getWeights().getType().getElementType() !=
                          getResult().getType().getElementType())
    return emitOpError("weights and result must share an element type");
  return success();
}

LogicalResult SegmentSoftmaxOp::verify() {
  RankedTensorType srcType = getSource().getType();
  if (srcType.getRank() < 1)
    return emitOpError("source must have rank >= 1 (rows to normalise)");
  if (srcType != getResult().getType())
    return emitOpError("result type must equal the source type");
  if (!dimsMatch(srcType.getDimSize(0), getIndices().getType().getDimSize(0)))
    return emitOpError("index has ")
           << getIndices().getType().getDimSize(0)
           << " entries but the source has " << srcType.getDimSize(0)
           << " rows";
  if (getNumSegments() < 1)
    return emitOpError("num_segments must be positive");
  return verifyRowMask(*this, getMask(), srcType.getDimSize(0), "rows");
}

LogicalResult BooleanIndexOp::verify() {
  RankedTensorType srcType = getSource().getType();
  RankedTensorType resType = getResult().getType();
  if (srcType.getRank() < 1)
    return emitOpError("source must have rank >= 1 (rows to select)");
  if (!dimsMatch(getMask().getType().getDimSize(0), srcType.getDimSize(0)))
    return emitOpError("mask has ")
           << getMask().getType().getDimSize(0)
           << " entries but the source has " << srcType.getDimSize(0)
           << " rows";
  if (resType.getRank() != srcType.getRank() ||
      resType.getElementType() != srcType.getElementType() ||
      !shapesMatch(resType.getShape().drop_front(),
                   srcType.getShape().drop_front()))
    return emitOpError("result must have the source's row shape and element "
                       "type");
  if (!resType.isDynamicDim(0))
    return emitOpError("the number of selected rows is data-dependent: the "
                       "result's first dimension must be '?'");
  return success();
}

LogicalResult AddSelfLoopsOp::verify() {
  RankedTensorType srcType = getSrcIndex().getType();
  int64_t numEdges = srcType.getDimSize(0);
  if (getDstIndex().getType() != srcType)
    return emitOpError("src_index and dst_index must have the same type");
  if (getWeights() &&
      !dimsMatch(getWeights().getType().getDimSize(0), numEdges))
    return emitOpError("weights have ")
           << getWeights().getType().getDimSize(0)
           << " entries but there are " << numEdges << " edges";
  if (failed(verifyRowMask(*this, getMask(), numEdges, "edges")))
    return failure();
  if (getNodes().getType().getRank() < 1)
    return emitOpError("nodes must have rank >= 1: its first dimension is "
                       "the number of nodes");
  if (getNewWeights().size() != (getWeights() ? 1u : 0u))
    return emitOpError("returns new weights exactly when it is given weights");
  RankedTensorType newType = getNewSrcIndex().getType();
  if (getNewDstIndex().getType() != newType ||
      newType.getElementType() != srcType.getElementType())
    return emitOpError("new src and dst indices must share the input index "
                       "element type");
  if (getWeights() &&
      (rankedType(getNewWeights()[0]).getElementType() !=
           getWeights().getType().getElementType() ||
       !dimsMatch(rankedType(getNewWeights()[0]).getDimSize(0),
                  newType.getDimSize(0))))
    return emitOpError("new weights must match the new edge count and the "
                       "weights' element type");
  int64_t numNodes = getNodes().getType().getDimSize(0);
  int64_t newEdges = newType.getDimSize(0);
  if (getMode() == SelfLoopMode::remaining || getMask()) {
    if (!ShapedType::isDynamic(newEdges))
      return emitOpError("the number of edges after removing existing or "
                         "masked self-loops is data-dependent: the new edge "
                         "lists must have length '?'");
  } else if (!ShapedType::isDynamic(newEdges) &&
             !ShapedType::isDynamic(numEdges) &&
             !ShapedType::isDynamic(numNodes) &&
             newEdges != numEdges + numNodes) {
    return emitOpError("adding ")
           << numNodes << " self-loops to " << numEdges << " edges gives "
           << numEdges + numNodes << " edges, not " << newEdges;
  }
  return success();
}

SmallVector<Value> MessagePassingOp::getPerEdgeInputs() {
  SmallVector<Value> values(getSources());
  llvm::append_range(values, getTargets());
  llvm::append_range(values, getEdgeData());
  return values;
}

LogicalResult MessagePassingOp::verify() {
  int64_t numEdges = getNumEdges();
  if (!dimsMatch(numEdges, getDstIndex().getType().getDimSize(0)))
    return emitOpError("src_index has ")
           << numEdges << " entries but dst_index has "
           << getDstIndex().getType().getDimSize(0);
  RankedTensorType resType = getResult().getType();
  if (resType.getRank() < 1)
    return emitOpError("result must have the destination nodes as its first "
                       "dimension");
  if (failed(verifyRowMask(*this, getEdgeMask(), numEdges, "edges")))
    return failure();
  for (Value value : getPerEdgeInputs())
    if (rankedType(value).getRank() < 1)
      return emitOpError("every input must have rank >= 1");
  for (auto [i, target] : llvm::enumerate(getTargets()))
    if (!dimsMatch(rankedType(target).getDimSize(0), resType.getDimSize(0)))
      return emitOpError("target #")
             << i << " has " << rankedType(target).getDimSize(0)
             << " rows but the result has " << resType.getDimSize(0)
             << " destination nodes";
  for (auto [i, data] : llvm::enumerate(getEdgeData()))
    if (!dimsMatch(rankedType(data).getDimSize(0), numEdges))
      return emitOpError("edge_data #")
             << i << " has " << rankedType(data).getDimSize(0)
             << " rows but there are " << numEdges << " edges";
  return success();
}

LogicalResult MessagePassingOp::verifyRegions() {
  Block &body = getBody().front();
  SmallVector<Value> inputs = getPerEdgeInputs();
  if (body.getNumArguments() != inputs.size())
    return emitOpError("body must take ")
           << inputs.size()
           << " arguments (one per source, target and edge_data input), got "
           << body.getNumArguments();
  int64_t numEdges = getNumEdges();
  size_t numGathered = getSources().size() + getTargets().size();
  for (auto [i, input] : llvm::enumerate(inputs)) {
    RankedTensorType inType = rankedType(input);
    RankedTensorType expected = inType;
    if (i < numGathered) {
      SmallVector<int64_t> shape(inType.getShape());
      shape[0] = numEdges;
      expected = RankedTensorType::get(shape, inType.getElementType());
    }
    Type argType = body.getArgument(i).getType();
    auto argRanked = llvm::dyn_cast<RankedTensorType>(argType);
    if (!argRanked || argRanked.getElementType() != expected.getElementType() ||
        !shapesMatch(argRanked.getShape(), expected.getShape()))
      return emitOpError("body argument #")
             << i << " has type " << argType << " but its input implies "
             << expected;
  }
  auto yield = llvm::dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with gnn.yield of the per-edge message");
  RankedTensorType msgType = rankedType(yield.getValue());
  RankedTensorType resType = getResult().getType();
  if (msgType.getRank() != resType.getRank() ||
      !dimsMatch(msgType.getDimSize(0), numEdges) ||
      !shapesMatch(msgType.getShape().drop_front(),
                   resType.getShape().drop_front()) ||
      msgType.getElementType() != resType.getElementType())
    return emitOpError("yielded message type ")
           << msgType << " must have one row per edge (" << numEdges
           << ") and the row shape and element type of the result " << resType;
  return success();
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::verify() {
  RankedTensorType inType = getInput().getType();
  RankedTensorType wType = getWeight().getType();
  if (inType.getRank() < 1)
    return emitOpError("input must have rank >= 1");
  if (wType.getRank() != 2)
    return emitOpError("weight must be [out, in], got rank ")
           << wType.getRank();
  if (!dimsMatch(inType.getShape().back(), wType.getDimSize(1)))
    return emitOpError("input feature size ")
           << inType.getShape().back() << " does not match weight [out, in] = ["
           << wType.getDimSize(0) << ", " << wType.getDimSize(1) << "]";
  if (getBias()) {
    RankedTensorType bType = getBias().getType();
    if (bType.getRank() != 1 || !dimsMatch(bType.getDimSize(0), wType.getDimSize(0)))
      return emitOpError("bias must be [") << wType.getDimSize(0) << "]";
  }
  SmallVector<int64_t> shape(inType.getShape());
  shape.back() = wType.getDimSize(0);
  if (!shapesMatch(getResult().getType().getShape(), shape))
    return emitOpError("result must be [..., out] = ")
           << RankedTensorType::get(shape, inType.getElementType());
  for (Value v : getOperation()->getOperands())
    if (rankedType(v).getElementType() != getResult().getType().getElementType())
      return emitOpError("operands and result must share an element type");
  return success();
}

LogicalResult MatmulOp::verify() {
  RankedTensorType a = getLhs().getType(), b = getRhs().getType();
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOpError("operands must be matrices");
  if (!dimsMatch(a.getDimSize(1), b.getDimSize(0)))
    return emitOpError("inner dimensions differ: ")
           << a.getDimSize(1) << " vs " << b.getDimSize(0);
  if (!shapesMatch(getResult().getType().getShape(),
                   {a.getDimSize(0), b.getDimSize(1)}))
    return emitOpError("result must be [")
           << a.getDimSize(0) << ", " << b.getDimSize(1) << "]";
  if (a.getElementType() != b.getElementType() ||
      a.getElementType() != getResult().getType().getElementType())
    return emitOpError("operands and result must share an element type");
  return success();
}

#define GNN_BINARY_VERIFIER(OP)                                                \
  LogicalResult OP::verify() {                                                 \
    return verifyBroadcastResult(*this, getOperation()->getOperands(),         \
                                 getResult());                                 \
  }
GNN_BINARY_VERIFIER(AddOp)
GNN_BINARY_VERIFIER(SubOp)
GNN_BINARY_VERIFIER(MulOp)
GNN_BINARY_VERIFIER(DivOp)
GNN_BINARY_VERIFIER(MaxOp)
GNN_BINARY_VERIFIER(MinOp)
#undef GNN_BINARY_VERIFIER

LogicalResult DropoutOp::verify() {
  double p = getP().convertToDouble();
  if (!(p >= 0.0 && p < 1.0))
    return emitOpError("dropout probability p must be in [0, 1), got ") << p;
  if (getInput().getType() != getResult().getType())
    return emitOpError("result type must equal the input type");
  if (Value positions = getPositions()) {
    auto pos = cast<RankedTensorType>(positions.getType());
    if (pos.getShape() != getInput().getType().getShape())
      return emitOpError("positions ")
             << pos << " must have the shape of the input "
             << getInput().getType();
    DenseIntElementsAttr values;
    if (matchPattern(positions, m_Constant(&values)))
      for (const APInt &v : values)
        if (v.isNegative())
          return emitOpError("position ")
                 << v.getSExtValue()
                 << " is negative; positions are flat element indices";
  }
  return success();
}

/// The value of a splat boolean constant, if `attr` is one.
static std::optional<bool> splatBool(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat() || !dense.getElementType().isInteger(1))
    return std::nullopt;
  return dense.getSplatValue<bool>();
}

OpFoldResult ScatterOp::fold(FoldAdaptor adaptor) {
  // Every row takes part: the mask says nothing (a graph bound at compile
  // time without padding). Updated in place.
  if (getMask() && splatBool(adaptor.getMask()) == true) {
    getMaskMutable().clear();
    return getResult();
  }
  return {};
}

/// `op`'s other operand when one operand is the splat `identity` and the
/// other already has the result type.
template <typename LogicalOp>
static OpFoldResult foldLogicalIdentity(LogicalOp op, Attribute lhs,
                                        Attribute rhs, bool identity) {
  if (splatBool(rhs) == identity &&
      op.getLhs().getType() == op.getResult().getType())
    return op.getLhs();
  if (splatBool(lhs) == identity &&
      op.getRhs().getType() == op.getResult().getType())
    return op.getRhs();
  return {};
}
OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  return foldLogicalIdentity(*this, adaptor.getLhs(), adaptor.getRhs(), true);
}
OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  return foldLogicalIdentity(*this, adaptor.getLhs(), adaptor.getRhs(), false);
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  std::optional<bool> cond = splatBool(adaptor.getCondition());
  if (!cond)
    return {};
  Value picked = *cond ? getTrueValue() : getFalseValue();
  if (picked.getType() != getResult().getType())
    return {};
  return picked;
}

OpFoldResult DropoutOp::fold(FoldAdaptor) {
  if (getP().isZero())
    return getInput();
  return {};
}

template <typename SoftmaxLike>
static LogicalResult verifySoftmaxAxis(SoftmaxLike op) {
  int64_t rank = op.getInput().getType().getRank();
  if (failed(normalizeAxis(op.getAxis(), rank)))
    return op.emitOpError("axis ")
           << op.getAxis() << " is out of range for rank " << rank;
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult BatchNormOp::verify() {
  RankedTensorType inType = getInput().getType();
  if (inType.getRank() != 2)
    return emitOpError("input must be [N, C], got rank ") << inType.getRank();
  int64_t channels = inType.getDimSize(1);
  for (Value v : {getWeight(), getBias(), getRunningMean(), getRunningVar()}) {
    RankedTensorType t = rankedType(v);
    if (t.getRank() != 1 || !dimsMatch(t.getDimSize(0), channels) ||
        t.getElementType() != inType.getElementType())
      return emitOpError("weight, bias and running statistics must be [")
             << channels << "] of " << inType.getElementType();
  }
  if (getResult().getType() != inType)
    return emitOpError("result type must equal the input type");
  if (getNewRunningMean().getType() != getRunningMean().getType() ||
      getNewRunningVar().getType() != getRunningVar().getType())
    return emitOpError("updated statistics must have the running statistics' "
                       "types");
  if (failed(verifyRowMask(*this, getMask(), inType.getDimSize(0), "rows")))
    return failure();
  if (!(getEps().convertToDouble() > 0.0))
    return emitOpError("eps must be positive");
  double momentum = getMomentum().convertToDouble();
  if (!(momentum >= 0.0 && momentum <= 1.0))
    return emitOpError("momentum must be in [0, 1]");
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  RankedTensorType first = rankedType(getInputs().front());
  int64_t rank = first.getRank();
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), rank);
  if (failed(axis))
    return emitOpError("axis ") << getAxis() << " is out of range for rank "
                                << rank;
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  for (Value input : getInputs()) {
    RankedTensorType t = rankedType(input);
    if (t.getRank() != rank || t.getElementType() != first.getElementType())
      return emitOpError("inputs must share rank and element type");
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *axis) {
        std::optional<int64_t> sum =
            (ShapedType::isDynamic(shape[d]) || t.isDynamicDim(d))
                ? std::optional<int64_t>(ShapedType::kDynamic)
                : llvm::checkedAdd(shape[d], t.getDimSize(d));
        if (!sum)
          return emitOpError("concatenated extent overflows");
        shape[d] = *sum;
      } else if (!dimsMatch(shape[d], t.getDimSize(d))) {
        return emitOpError("inputs differ in dimension ")
               << d << ", which is not the concatenation axis";
      }
    }
  }
  RankedTensorType resType = getResult().getType();
  if (resType.getElementType() != first.getElementType() ||
      !shapesMatch(resType.getShape(), shape))
    return emitOpError("result must be ")
           << RankedTensorType::get(shape, first.getElementType());
  return success();
}

LogicalResult SliceOp::verify() {
  RankedTensorType inType = getInput().getType();
  RankedTensorType resType = getResult().getType();
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), inType.getRank());
  if (failed(axis))
    return emitOpError("axis ") << getAxis() << " is out of range for rank "
                                << inType.getRank();
  if (resType.getRank() != inType.getRank() ||
      resType.getElementType() != inType.getElementType())
    return emitOpError("result must have the input's rank and element type");
  for (int64_t d = 0; d < inType.getRank(); ++d)
    if (d != *axis && !dimsMatch(resType.getDimSize(d), inType.getDimSize(d)))
      return emitOpError("result differs from the input in dimension ")
             << d << ", which is not the sliced axis";
  if (getOffset() < 0)
    return emitOpError("offset must be non-negative");
  if (resType.isDynamicDim(*axis))
    return emitOpError("the result's extent on the sliced axis is the slice "
                       "size and must be static");
  if (!inType.isDynamicDim(*axis) &&
      resType.getDimSize(*axis) > inType.getDimSize(*axis) - getOffset())
    return emitOpError("slice [")
           << getOffset() << ", "
           << llvm::checkedAdd(getOffset(), resType.getDimSize(*axis))
                  .value_or(std::numeric_limits<int64_t>::max())
           << ") exceeds the input extent " << inType.getDimSize(*axis);
  return success();
}

LogicalResult CmpOp::verify() {
  if (getLhs().getType().getElementType() !=
      getRhs().getType().getElementType())
    return emitOpError("operands must share an element type");
  return verifyBroadcastResult(*this, getOperation()->getOperands(),
                               getResult());
}

#define GNN_LOGICAL_VERIFIER(OP)                                               \
  LogicalResult OP::verify() {                                                 \
    return verifyBroadcastResult(*this, getOperation()->getOperands(),         \
                                 getResult());                                 \
  }
GNN_LOGICAL_VERIFIER(AndOp)
GNN_LOGICAL_VERIFIER(OrOp)
GNN_LOGICAL_VERIFIER(XorOp)
#undef GNN_LOGICAL_VERIFIER

LogicalResult IotaOp::verify() {
  if (getType().isDynamicDim(0))
    return emitOpError("the length of an iota must be static");
  return success();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType inType = getInput().getType();
  RankedTensorType resType = getResult().getType();
  if (inType.getElementType() != resType.getElementType())
    return emitOpError("result element type must equal the input's");
  // At most one dynamic dimension on each side, which stands for the same
  // number of elements (e.g. [?] -> [?, 1]).
  if (inType.getNumDynamicDims() > 1 || resType.getNumDynamicDims() > 1 ||
      inType.getNumDynamicDims() != resType.getNumDynamicDims())
    return emitOpError("input and result may each have at most one dynamic "
                       "dimension, and both or neither");
  std::optional<int64_t> inCount = checkedNumElements(inType.getShape());
  std::optional<int64_t> resCount = checkedNumElements(resType.getShape());
  if (!inCount || !resCount)
    return emitOpError("shape has too many elements");
  if (*inCount != *resCount)
    return emitOpError("cannot reshape ")
           << *inCount << " elements into " << *resCount;
  return success();
}

LogicalResult WhereOp::verify() {
  Type elemType = getResult().getType().getElementType();
  if (getTrueValue().getType().getElementType() != elemType ||
      getFalseValue().getType().getElementType() != elemType)
    return emitOpError("both values and the result must share an element type");
  return verifyBroadcastResult(*this, getOperation()->getOperands(),
                               getResult());
}

LogicalResult ReduceOp::verify() {
  RankedTensorType inType = getInput().getType();
  llvm::SmallSet<int64_t, 4> reduced;
  for (int64_t dim : getDims()) {
    FailureOr<int64_t> d = normalizeAxis(dim, inType.getRank());
    if (failed(d))
      return emitOpError("dimension ") << dim << " is out of range for rank "
                                       << inType.getRank();
    if (!reduced.insert(*d).second)
      return emitOpError("dimension ") << dim << " is listed twice";
  }
  if (getMask()) {
    if (!reduced.contains(0))
      return emitOpError("a row mask applies to dimension 0, which must be "
                         "reduced");
    if (failed(verifyRowMask(*this, getMask(), inType.getDimSize(0), "rows")))
      return failure();
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < inType.getRank(); ++d)
    if (!reduced.contains(d))
      shape.push_back(inType.getDimSize(d));
  RankedTensorType resType = getResult().getType();
  if (resType.getElementType() != inType.getElementType() ||
      !shapesMatch(resType.getShape(), shape))
    return emitOpError("result must be ")
           << RankedTensorType::get(shape, inType.getElementType());
  return success();
}

//===----------------------------------------------------------------------===//
// Readout and losses
//===----------------------------------------------------------------------===//

LogicalResult GlobalPoolOp::verify() {
  return verifySegmentReduction(*this, getInput(), getBatch(), getResult(),
                                "batch", getMask());
}

template <typename LossOp>
static LogicalResult verifyRowMask(LossOp op, int64_t numRows) {
  if (op.getMask() &&
      !dimsMatch(op.getMask().getType().getDimSize(0), numRows))
    return op.emitOpError("mask has ")
           << op.getMask().getType().getDimSize(0) << " entries but there are "
           << numRows << " rows";
  if (op.getLoss().getType().getElementType() !=
      op.getInput().getType().getElementType())
    return op.emitOpError("loss element type must equal the input's");
  return success();
}

template <typename LossOp>
static LogicalResult verifyClassificationLoss(LossOp op) {
  RankedTensorType inType = op.getInput().getType();
  if (inType.getRank() != 2)
    return op.emitOpError("input must be [N, C] scores, got rank ")
           << inType.getRank();
  if (!dimsMatch(op.getLabels().getType().getDimSize(0), inType.getDimSize(0)))
    return op.emitOpError("there are ")
           << op.getLabels().getType().getDimSize(0) << " labels for "
           << inType.getDimSize(0) << " rows";
  return verifyRowMask(op, inType.getDimSize(0));
}
LogicalResult CrossEntropyOp::verify() { return verifyClassificationLoss(*this); }
LogicalResult NllLossOp::verify() { return verifyClassificationLoss(*this); }

template <typename LossOp>
static LogicalResult verifyRegressionLoss(LossOp op) {
  RankedTensorType inType = op.getInput().getType();
  if (inType.getRank() < 1)
    return op.emitOpError("input must have rank >= 1");
  if (inType.getElementType() != op.getTarget().getType().getElementType() ||
      !shapesMatch(inType.getShape(), op.getTarget().getType().getShape()))
    return op.emitOpError("input and target must have the same shape and "
                          "element type");
  return verifyRowMask(op, inType.getDimSize(0));
}
LogicalResult MseLossOp::verify() { return verifyRegressionLoss(*this); }
LogicalResult L1LossOp::verify() { return verifyRegressionLoss(*this); }

#define GET_OP_CLASSES
#include "gnn/GnnOps.cpp.inc"
