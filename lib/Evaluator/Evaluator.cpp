//===- Evaluator.cpp - Reference evaluator of gnn functions ---------------===//
//
// A direct interpreter: walk the function's single block in order, look up
// operand tensors, call the matching reference kernel, bind the results.
// The interpreter only maps IR to kernels; all numerics live in runtime/.
//
//===----------------------------------------------------------------------===//
#include "gnnc/Evaluator/Evaluator.h"

#include <algorithm>
#include <limits>

#include "gnn/GnnOps.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/TrainKernels.h"
#include "gnnrt/Random.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using gnnrt::DType;
using gnnrt::Tensor;

namespace gnnc {

/// Generated arguments stay far below what a host can allocate.
constexpr int64_t kMaxGeneratedElements = int64_t{1} << 31;

FailureOr<DType> toDType(Type elementType) {
  if (elementType.isF32())
    return DType::kF32;
  if (elementType.isSignlessInteger(64))
    return DType::kI64;
  if (elementType.isSignlessInteger(32))
    return DType::kI32;
  if (elementType.isSignlessInteger(1))
    return DType::kBool;
  return failure();
}

namespace {

gnnrt::Reduce toReduce(gnn::ReduceKind kind) {
  switch (kind) {
  case gnn::ReduceKind::sum:
    return gnnrt::Reduce::kSum;
  case gnn::ReduceKind::mean:
    return gnnrt::Reduce::kMean;
  case gnn::ReduceKind::max:
    return gnnrt::Reduce::kMax;
  case gnn::ReduceKind::min:
    return gnnrt::Reduce::kMin;
  }
  llvm_unreachable("unknown reduce kind");
}

gnnrt::LossReduction toLossReduction(gnn::LossReduction reduction) {
  return reduction == gnn::LossReduction::mean ? gnnrt::LossReduction::kMean
                                               : gnnrt::LossReduction::kSum;
}

/// Checks that `tensor` can stand for a value of MLIR type `type`.
LogicalResult checkTensorMatchesType(const Tensor &tensor, Type type,
                                     function_ref<InFlightDiagnostic()> emit) {
  auto ranked = llvm::dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return emit() << "the evaluator only handles ranked tensors, got " << type;
  FailureOr<DType> dtype = toDType(ranked.getElementType());
  if (failed(dtype))
    return emit() << "element type " << ranked.getElementType()
                  << " is not supported by the evaluator (use f32, i32, i64 "
                     "or i1)";
  bool shapeOk = tensor.rank() == ranked.getRank();
  for (int64_t d = 0; shapeOk && d < ranked.getRank(); ++d)
    shapeOk = ranked.isDynamicDim(d) || ranked.getDimSize(d) == tensor.dim(d);
  if (!shapeOk || tensor.dtype() != *dtype)
    return emit() << "expected a value of type " << type << ", got "
                  << gnnrt::dtypeName(tensor.dtype()) << " tensor of shape "
                  << gnnrt::shapeToString(tensor.shape());
  return success();
}

FailureOr<Tensor> tensorFromAttr(ElementsAttr attr, Operation *op) {
  auto dense = llvm::dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return op->emitOpError("the evaluator needs a dense elements attribute");
  auto type = llvm::dyn_cast<RankedTensorType>(dense.getType());
  if (!type)
    return op->emitOpError("the evaluator needs a tensor constant, got ")
           << dense.getType();
  FailureOr<DType> dtype = toDType(type.getElementType());
  if (failed(dtype))
    return op->emitOpError("unsupported constant element type ")
           << type.getElementType();
  gnnrt::Shape shape(type.getShape());
  switch (*dtype) {
  case DType::kF32: {
    std::vector<float> values;
    for (const APFloat &v : dense.getValues<APFloat>())
      values.push_back(v.convertToFloat());
    return Tensor::fromF32(shape, std::move(values));
  }
  case DType::kI32: {
    std::vector<int32_t> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(static_cast<int32_t>(v.getSExtValue()));
    return Tensor::fromI32(shape, std::move(values));
  }
  case DType::kI64: {
    std::vector<int64_t> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(v.getSExtValue());
    return Tensor::fromI64(shape, std::move(values));
  }
  case DType::kBool: {
    std::vector<bool> values;
    for (bool v : dense.getValues<bool>())
      values.push_back(v);
    return Tensor::fromBool(shape, std::move(values));
  }
  }
  llvm_unreachable("unknown dtype");
}

/// Interprets one function body. Values live in `env` until the block ends.
class Interpreter {
public:
  explicit Interpreter(const ParameterStore &parameters)
      : parameters(parameters) {}

  FailureOr<SmallVector<Tensor>> run(func::FuncOp function,
                                     ArrayRef<Tensor> arguments);
  FailureOr<SmallVector<Tensor>> runOperation(Operation *op,
                                              ArrayRef<Tensor> operands);

private:
  /// Runs the ops of `block` (all but a terminator) with `args` bound to its
  /// arguments; returns the terminator's operand values.
  FailureOr<SmallVector<Tensor>> runBlock(Block &block,
                                          ArrayRef<Tensor> args);
  LogicalResult execute(Operation *op);

  const Tensor &get(Value value) { return env.find(value)->second; }
  const Tensor *getOptional(Value value) {
    return value ? &env.find(value)->second : nullptr;
  }
  FailureOr<int64_t> numSegments(Operation *op, Value result, Value index,
                                 Value mask);
  /// Binds `result` to a kernel's output or reports its error at `op`.
  LogicalResult bind(Operation *op, Value result,
                     absl::StatusOr<Tensor> tensor);

  const ParameterStore &parameters;
  llvm::DenseMap<Value, Tensor> env;
  int callDepth = 0;
};

/// The number of segments of a reduction into `result`'s rows: its static
/// first dimension, else max(index) + 1 over the kept rows (PyG).
FailureOr<int64_t> Interpreter::numSegments(Operation *op, Value result,
                                            Value index, Value mask) {
  int64_t rows = llvm::cast<RankedTensorType>(result.getType()).getDimSize(0);
  if (!ShapedType::isDynamic(rows))
    return rows;
  absl::StatusOr<int64_t> inferred =
      gnnrt::inferNumSegments(get(index), getOptional(mask));
  if (!inferred.ok())
    return op->emitOpError() << std::string(inferred.status().message());
  return *inferred;
}

LogicalResult Interpreter::bind(Operation *op, Value result,
                                absl::StatusOr<Tensor> tensor) {
  if (!tensor.ok())
    return op->emitOpError() << std::string(tensor.status().message());
  if (failed(checkTensorMatchesType(*tensor, result.getType(), [&] {
        return op->emitOpError("produced a result that does not match its "
                               "type: ");
      })))
    return failure();
  env[result] = *std::move(tensor);
  return success();
}

FailureOr<SmallVector<Tensor>> Interpreter::run(func::FuncOp function,
                                                ArrayRef<Tensor> arguments) {
  if (function.isExternal())
    return function.emitOpError("has no body to evaluate");
  if (!function.getBody().hasOneBlock())
    return function.emitOpError("has ")
           << function.getBody().getBlocks().size()
           << " blocks; the evaluator runs straight-line functions only";
  if (arguments.size() != function.getNumArguments())
    return function.emitOpError("takes ")
           << function.getNumArguments() << " arguments but "
           << arguments.size() << " were given";
  for (auto [i, arg] : llvm::enumerate(arguments))
    if (failed(checkTensorMatchesType(
            arg, function.getArgumentTypes()[i], [&, i = i] {
              return function.emitError("argument #") << i << ": ";
            })))
      return failure();
  return runBlock(function.getBody().front(), arguments);
}

FailureOr<SmallVector<Tensor>>
Interpreter::runOperation(Operation *op, ArrayRef<Tensor> operands) {
  if (op->getNumRegions() != 0)
    return op->emitOpError("has regions; only single ops are evaluated alone");
  if (operands.size() != op->getNumOperands())
    return op->emitOpError("takes ")
           << op->getNumOperands() << " operands but " << operands.size()
           << " were given";
  for (auto [value, tensor] : llvm::zip_equal(op->getOperands(), operands))
    env[value] = tensor;
  if (failed(execute(op)))
    return failure();
  SmallVector<Tensor> results;
  for (Value r : op->getResults())
    results.push_back(get(r));
  return results;
}

FailureOr<SmallVector<Tensor>> Interpreter::runBlock(Block &block,
                                                     ArrayRef<Tensor> args) {
  for (auto [arg, value] : llvm::zip_equal(block.getArguments(), args))
    env[arg] = value;
  for (Operation &op : block.without_terminator())
    if (failed(execute(&op)))
      return failure();
  SmallVector<Tensor> results;
  for (Value v : block.getTerminator()->getOperands())
    results.push_back(get(v));
  return results;
}

LogicalResult Interpreter::execute(Operation *op) {
  using namespace gnn;
  auto unary = [&](Operation *o, gnnrt::UnaryOp kind, double param = 0.0,
                   bool infToZero = false) {
    return bind(o, o->getResult(0),
                gnnrt::unary(kind, get(o->getOperand(0)), param, infToZero));
  };
  auto binary = [&](Operation *o, gnnrt::BinaryOp kind) {
    return bind(o, o->getResult(0),
                gnnrt::binary(kind, get(o->getOperand(0)),
                              get(o->getOperand(1))));
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      // Constants and parameters.
      .Case([&](ConstantOp c) -> LogicalResult {
        FailureOr<Tensor> t = tensorFromAttr(c.getValue(), c);
        if (failed(t))
          return failure();
        return bind(c, c.getResult(), *std::move(t));
      })
      .Case([&](arith::ConstantOp c) -> LogicalResult {
        auto elements = llvm::dyn_cast<ElementsAttr>(c.getValue());
        if (!elements)
          return c.emitOpError("the evaluator only handles tensor constants");
        FailureOr<Tensor> t = tensorFromAttr(elements, c);
        if (failed(t))
          return failure();
        return bind(c, c.getResult(), *std::move(t));
      })
      .Case([&](GetParameterOp g) -> LogicalResult {
        auto it = parameters.find(g.getName());
        if (it == parameters.end())
          return g.emitOpError("no value for parameter '")
                 << g.getName() << "'";
        return bind(g, g.getResult(), it->second);
      })
      // Graph primitives.
      .Case([&](GatherOp g) {
        return bind(g, g.getResult(),
                    gnnrt::gather(get(g.getSource()), get(g.getIndices())));
      })
      .Case([&](ScatterOp s) -> LogicalResult {
        FailureOr<int64_t> n =
            numSegments(s, s.getResult(), s.getIndices(), s.getMask());
        if (failed(n))
          return failure();
        return bind(s, s.getResult(),
                    gnnrt::scatter(get(s.getSource()), get(s.getIndices()), *n,
                                   toReduce(s.getReduce()),
                                   getOptional(s.getMask())));
      })
      .Case([&](DegreeOp d) -> LogicalResult {
        FailureOr<int64_t> n =
            numSegments(d, d.getResult(), d.getIndices(), d.getMask());
        if (failed(n))
          return failure();
        return bind(d, d.getResult(),
                    gnnrt::degree(get(d.getIndices()), *n,
                                  getOptional(d.getWeights()),
                                  getOptional(d.getMask())));
      })
      .Case([&](SegmentSoftmaxOp s) {
        return bind(s, s.getResult(),
                    gnnrt::segmentSoftmax(get(s.getSource()),
                                          get(s.getIndices()),
                                          s.getNumSegments(),
                                          getOptional(s.getMask())));
      })
      .Case([&](BooleanIndexOp b) {
        return bind(b, b.getResult(),
                    gnnrt::booleanIndex(get(b.getSource()), get(b.getMask())));
      })
      .Case([&](AddSelfLoopsOp a) -> LogicalResult {
        absl::StatusOr<gnnrt::EdgeList> edges = gnnrt::addSelfLoops(
            get(a.getSrcIndex()), get(a.getDstIndex()),
            getOptional(a.getWeights()), get(a.getNodes()).dim(0),
            a.getMode() == SelfLoopMode::remaining,
            static_cast<float>(a.getFillValue().convertToDouble()),
            getOptional(a.getMask()));
        if (!edges.ok())
          return a.emitOpError() << std::string(edges.status().message());
        if (failed(bind(a, a.getNewSrcIndex(), std::move(edges->src))) ||
            failed(bind(a, a.getNewDstIndex(), std::move(edges->dst))))
          return failure();
        if (a.getWeights())
          return bind(a, a.getNewWeights()[0], std::move(edges->weights));
        return success();
      })
      .Case([&](MessagePassingOp mp) -> LogicalResult {
        // Dynamic types leave these to run time: one row per edge everywhere.
        int64_t edges = get(mp.getSrcIndex()).dim(0);
        if (get(mp.getDstIndex()).dim(0) != edges)
          return mp.emitOpError("src_index has ")
                 << edges << " entries but dst_index has "
                 << get(mp.getDstIndex()).dim(0);
        for (Value v : mp.getEdgeData())
          if (get(v).rank() < 1 || get(v).dim(0) != edges)
            return mp.emitOpError("edge_data of shape ")
                   << gnnrt::shapeToString(get(v).shape())
                   << " does not have one row per edge (" << edges << ")";
        SmallVector<Tensor> perEdge;
        for (Value v : mp.getSources()) {
          absl::StatusOr<Tensor> t = gnnrt::gather(get(v), get(mp.getSrcIndex()));
          if (!t.ok())
            return mp.emitOpError("gathering sources: ")
                   << std::string(t.status().message());
          perEdge.push_back(*std::move(t));
        }
        for (Value v : mp.getTargets()) {
          absl::StatusOr<Tensor> t = gnnrt::gather(get(v), get(mp.getDstIndex()));
          if (!t.ok())
            return mp.emitOpError("gathering targets: ")
                   << std::string(t.status().message());
          perEdge.push_back(*std::move(t));
        }
        for (Value v : mp.getEdgeData())
          perEdge.push_back(get(v));
        for (auto [arg, value] :
             llvm::zip_equal(mp.getBody().getArguments(), perEdge))
          if (failed(checkTensorMatchesType(value, arg.getType(), [&] {
                return mp.emitOpError("body argument #")
                       << arg.getArgNumber() << ": ";
              })))
            return failure();
        FailureOr<SmallVector<Tensor>> message =
            runBlock(mp.getBody().front(), perEdge);
        if (failed(message))
          return failure();
        // Like PyG's propagate, the node count comes from the node tensors
        // (targets, else the sources of a homogeneous graph), and only
        // without any from the indices.
        FailureOr<int64_t> n = failure();
        if (!mp.getType().isDynamicDim(0))
          n = mp.getType().getDimSize(0);
        else if (!mp.getTargets().empty())
          n = get(mp.getTargets().front()).dim(0);
        else if (!mp.getSources().empty())
          n = get(mp.getSources().front()).dim(0);
        else
          n = numSegments(mp, mp.getResult(), mp.getDstIndex(),
                          mp.getEdgeMask());
        if (failed(n))
          return failure();
        return bind(mp, mp.getResult(),
                    gnnrt::scatter((*message)[0], get(mp.getDstIndex()), *n,
                                   toReduce(mp.getReduce()),
                                   getOptional(mp.getEdgeMask())));
      })
      // Dense layers.
      .Case([&](LinearOp l) {
        return bind(l, l.getResult(),
                    gnnrt::linear(get(l.getInput()), get(l.getWeight()),
                                  getOptional(l.getBias())));
      })
      .Case([&](MatmulOp m) {
        return bind(m, m.getResult(),
                    gnnrt::matmul(get(m.getLhs()), get(m.getRhs())));
      })
      .Case([&](AddOp o) { return binary(o, gnnrt::BinaryOp::kAdd); })
      .Case([&](SubOp o) { return binary(o, gnnrt::BinaryOp::kSub); })
      .Case([&](MulOp o) { return binary(o, gnnrt::BinaryOp::kMul); })
      .Case([&](DivOp o) { return binary(o, gnnrt::BinaryOp::kDiv); })
      .Case([&](MaxOp o) { return binary(o, gnnrt::BinaryOp::kMax); })
      .Case([&](MinOp o) { return binary(o, gnnrt::BinaryOp::kMin); })
      .Case([&](ReluOp o) { return unary(o, gnnrt::UnaryOp::kRelu); })
      .Case([&](SigmoidOp o) { return unary(o, gnnrt::UnaryOp::kSigmoid); })
      .Case([&](TanhOp o) { return unary(o, gnnrt::UnaryOp::kTanh); })
      .Case([&](ExpOp o) { return unary(o, gnnrt::UnaryOp::kExp); })
      .Case([&](LogOp o) { return unary(o, gnnrt::UnaryOp::kLog); })
      .Case([&](NegOp o) { return unary(o, gnnrt::UnaryOp::kNeg); })
      .Case([&](SqrtOp o) { return unary(o, gnnrt::UnaryOp::kSqrt); })
      .Case([&](AbsOp o) { return unary(o, gnnrt::UnaryOp::kAbs); })
      .Case([&](LeakyReluOp o) {
        return unary(o, gnnrt::UnaryOp::kLeakyRelu,
                     o.getNegativeSlope().convertToDouble());
      })
      .Case([&](EluOp o) {
        return unary(o, gnnrt::UnaryOp::kElu, o.getAlpha().convertToDouble());
      })
      .Case([&](PowOp o) {
        return unary(o, gnnrt::UnaryOp::kPow, o.getExponent().convertToDouble(),
                     o.getInfToZero());
      })
      .Case([&](DropoutOp d) -> LogicalResult {
        uint64_t offset = 0;
        if (d.getOffset())
          offset = static_cast<uint64_t>(get(d.getOffset()).intAt(0));
        double p = d.getP().convertToDouble();
        uint64_t seed = static_cast<uint64_t>(d.getSeed());
        if (d.getPositions())
          return bind(d, d.getResult(),
                      gnnrt::dropoutAt(get(d.getInput()),
                                       get(d.getPositions()), p, seed, offset));
        return bind(d, d.getResult(),
                    gnnrt::dropout(get(d.getInput()), p, seed, offset));
      })
      .Case([&](SoftmaxOp s) {
        return bind(s, s.getResult(),
                    gnnrt::softmax(get(s.getInput()), s.getAxis()));
      })
      .Case([&](LogSoftmaxOp s) {
        return bind(s, s.getResult(),
                    gnnrt::logSoftmax(get(s.getInput()), s.getAxis()));
      })
      .Case([&](BatchNormOp b) -> LogicalResult {
        absl::StatusOr<gnnrt::BatchNormResult> r = gnnrt::batchNorm(
            get(b.getInput()), get(b.getWeight()), get(b.getBias()),
            get(b.getRunningMean()), get(b.getRunningVar()),
            b.getEps().convertToDouble(), b.getMomentum().convertToDouble(),
            b.getTraining(), getOptional(b.getMask()));
        if (!r.ok())
          return b.emitOpError() << std::string(r.status().message());
        if (failed(bind(b, b.getResult(), std::move(r->output))) ||
            failed(bind(b, b.getNewRunningMean(), std::move(r->runningMean))))
          return failure();
        return bind(b, b.getNewRunningVar(), std::move(r->runningVar));
      })
      .Case([&](ConcatOp c) {
        SmallVector<const Tensor *> inputs;
        for (Value v : c.getInputs())
          inputs.push_back(&get(v));
        return bind(c, c.getResult(), gnnrt::concat(inputs, c.getAxis()));
      })
      .Case([&](SliceOp s) {
        int64_t rank = s.getType().getRank();
        int64_t axis = s.getAxis() < 0 ? s.getAxis() + rank : s.getAxis();
        return bind(s, s.getResult(),
                    gnnrt::slice(get(s.getInput()), axis, s.getOffset(),
                                 s.getType().getDimSize(axis)));
      })
      .Case([&](ReshapeOp r) {
        // A dynamic result dimension takes the elements the others leave.
        const Tensor &in = get(r.getInput());
        gnnrt::Shape shape(r.getType().getShape());
        int64_t known = 1;
        for (int64_t d : shape)
          known *= ShapedType::isDynamic(d) ? 1 : d;
        for (int64_t &d : shape)
          if (ShapedType::isDynamic(d))
            d = known == 0 ? 0 : in.numElements() / known;
        return bind(r, r.getResult(), gnnrt::reshape(in, shape));
      })
      .Case([&](WhereOp w) {
        return bind(w, w.getResult(),
                    gnnrt::where(get(w.getCondition()),
                                 get(w.getTrueValue()),
                                 get(w.getFalseValue())));
      })
      .Case([&](CmpOp c) {
        static constexpr gnnrt::ComparePredicate kPredicates[] = {
            gnnrt::ComparePredicate::kEq, gnnrt::ComparePredicate::kNe,
            gnnrt::ComparePredicate::kLt, gnnrt::ComparePredicate::kLe,
            gnnrt::ComparePredicate::kGt, gnnrt::ComparePredicate::kGe};
        return bind(c, c.getResult(),
                    gnnrt::compare(
                        kPredicates[static_cast<int>(c.getPredicate())],
                        get(c.getLhs()), get(c.getRhs())));
      })
      .Case([&](AndOp o) {
        return bind(o, o.getResult(),
                    gnnrt::logical(gnnrt::LogicalOp::kAnd, get(o.getLhs()),
                                   get(o.getRhs())));
      })
      .Case([&](OrOp o) {
        return bind(o, o.getResult(),
                    gnnrt::logical(gnnrt::LogicalOp::kOr, get(o.getLhs()),
                                   get(o.getRhs())));
      })
      .Case([&](XorOp o) {
        return bind(o, o.getResult(),
                    gnnrt::logical(gnnrt::LogicalOp::kXor, get(o.getLhs()),
                                   get(o.getRhs())));
      })
      .Case([&](NotOp o) {
        return bind(o, o.getResult(), gnnrt::logicalNot(get(o.getInput())));
      })
      .Case([&](IotaOp i) -> LogicalResult {
        FailureOr<DType> dtype = toDType(i.getType().getElementType());
        if (failed(dtype))
          return i.emitOpError("unsupported element type");
        return bind(i, i.getResult(),
                    gnnrt::iota(*dtype, i.getType().getDimSize(0)));
      })
      .Case([&](CastOp c) -> LogicalResult {
        FailureOr<DType> to = toDType(c.getType().getElementType());
        if (failed(to))
          return c.emitOpError("unsupported target element type");
        return bind(c, c.getResult(), gnnrt::cast(get(c.getInput()), *to));
      })
      .Case([&](ReduceOp r) {
        return bind(r, r.getResult(),
                    gnnrt::reduce(get(r.getInput()), r.getDims(),
                                  toReduce(r.getKind()),
                                  getOptional(r.getMask())));
      })
      // Readout and losses.
      .Case([&](GlobalPoolOp p) -> LogicalResult {
        FailureOr<int64_t> n =
            numSegments(p, p.getResult(), p.getBatch(), p.getMask());
        if (failed(n))
          return failure();
        return bind(p, p.getResult(),
                    gnnrt::globalPool(get(p.getInput()), get(p.getBatch()), *n,
                                      toReduce(p.getReduce()),
                                      getOptional(p.getMask())));
      })
      .Case([&](CrossEntropyOp l) {
        return bind(l, l.getLoss(),
                    gnnrt::crossEntropy(get(l.getInput()), get(l.getLabels()),
                                        getOptional(l.getMask()),
                                        l.getIgnoreIndex(),
                                        toLossReduction(l.getReduction())));
      })
      .Case([&](NllLossOp l) {
        return bind(l, l.getLoss(),
                    gnnrt::nllLoss(get(l.getInput()), get(l.getLabels()),
                                   getOptional(l.getMask()),
                                   l.getIgnoreIndex(),
                                   toLossReduction(l.getReduction())));
      })
      .Case([&](MseLossOp l) {
        return bind(l, l.getLoss(),
                    gnnrt::mseLoss(get(l.getInput()), get(l.getTarget()),
                                   getOptional(l.getMask()),
                                   toLossReduction(l.getReduction())));
      })
      .Case([&](L1LossOp l) {
        return bind(l, l.getLoss(),
                    gnnrt::l1Loss(get(l.getInput()), get(l.getTarget()),
                                  getOptional(l.getMask()),
                                  toLossReduction(l.getReduction())));
      })
      // Training: transpose and optimizer updates (GnnTrainOps.td).
      .Case([&](TransposeOp t) {
        return bind(t, t.getResult(),
                    gnnrt::transpose(get(t.getInput()), t.getPermutation()));
      })
      .Case([&](SgdUpdateOp u) -> LogicalResult {
        gnnrt::SgdOptions options;
        options.lr = u.getLr().convertToDouble();
        options.momentum = u.getMomentum().convertToDouble();
        options.dampening = u.getDampening().convertToDouble();
        options.weightDecay = u.getWeightDecay().convertToDouble();
        options.nesterov = u.getNesterov();
        absl::StatusOr<gnnrt::SgdResult> r = gnnrt::sgdUpdate(
            get(u.getParam()), get(u.getGrad()),
            getOptional(u.getMomentumBuffer()), get(u.getStep()).intAt(0),
            options);
        if (!r.ok())
          return u.emitOpError() << std::string(r.status().message());
        if (failed(bind(u, u.getNewParam(), std::move(r->param))))
          return failure();
        if (u.getNewMomentumBuffer())
          return bind(u, u.getNewMomentumBuffer(),
                      std::move(r->momentumBuffer));
        return success();
      })
      .Case([&](AdamUpdateOp u) -> LogicalResult {
        gnnrt::AdamOptions options;
        options.lr = u.getLr().convertToDouble();
        options.beta1 = u.getBeta1().convertToDouble();
        options.beta2 = u.getBeta2().convertToDouble();
        options.eps = u.getEps().convertToDouble();
        options.weightDecay = u.getWeightDecay().convertToDouble();
        options.decoupled = u.getDecoupled();
        absl::StatusOr<gnnrt::AdamResult> r = gnnrt::adamUpdate(
            get(u.getParam()), get(u.getGrad()), get(u.getExpAvg()),
            get(u.getExpAvgSq()), get(u.getStep()).intAt(0), options);
        if (!r.ok())
          return u.emitOpError() << std::string(r.status().message());
        if (failed(bind(u, u.getNewParam(), std::move(r->param))) ||
            failed(bind(u, u.getNewExpAvg(), std::move(r->expAvg))))
          return failure();
        return bind(u, u.getNewExpAvgSq(), std::move(r->expAvgSq));
      })
      // Calls between functions of the module.
      .Case([&](func::CallOp call) -> LogicalResult {
        auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
            call, call.getCalleeAttr());
        if (!callee)
          return call.emitOpError("unknown callee ") << call.getCallee();
        if (callDepth >= 64)
          return call.emitOpError("call depth exceeds 64; is the call graph "
                                  "recursive?");
        SmallVector<Tensor> args;
        for (Value v : call.getOperands())
          args.push_back(get(v));
        Interpreter inner(parameters);
        inner.callDepth = callDepth + 1;
        FailureOr<SmallVector<Tensor>> results = inner.run(callee, args);
        if (failed(results))
          return call.emitError("in call to ") << call.getCallee();
        for (auto [res, value] : llvm::zip_equal(call.getResults(), *results))
          env[res] = std::move(value);
        return success();
      })
      .Default([&](Operation *other) -> LogicalResult {
        return other->emitOpError(
            "is not supported by the reference evaluator");
      });
}

//===----------------------------------------------------------------------===//
// Argument generation
//===----------------------------------------------------------------------===//

/// The tightest upper bound (exclusive) the uses of an integer value accept,
/// or nullopt when no use constrains it. Values that flow unchanged into
/// other values (where, reshape, slice, concat, gathers of labels, call
/// arguments, message-passing inputs) inherit the bound of where they go.
/// Memoised: a value used many times is analysed once.
class IndexBounds {
public:
  std::optional<int64_t> of(Value value) {
    auto it = cache.find(value);
    if (it != cache.end())
      return it->second;
    cache[value] = std::nullopt; // SSA has no cycles; this guards calls
    std::optional<int64_t> bound = compute(value);
    cache[value] = bound;
    return bound;
  }

private:
  std::optional<int64_t> compute(Value value) {
    std::optional<int64_t> bound;
    auto tighten = [&](int64_t b) {
      if (!ShapedType::isDynamic(b))
        bound = bound ? std::min(*bound, b) : b;
    };
    auto inherit = [&](Value through) {
      if (std::optional<int64_t> b = of(through))
        tighten(*b);
    };
    auto rows = [](Value v) {
      return llvm::cast<RankedTensorType>(v.getType()).getDimSize(0);
    };
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto g = llvm::dyn_cast<gnn::GatherOp>(user)) {
        if (use.get() == g.getIndices())
          tighten(rows(g.getSource()));
        else
          inherit(g.getResult()); // gathered labels keep their range
      } else if (auto s = llvm::dyn_cast<gnn::ScatterOp>(user)) {
        if (use.get() == s.getIndices())
          tighten(rows(s.getResult()));
      } else if (auto d = llvm::dyn_cast<gnn::DegreeOp>(user)) {
        if (use.get() == d.getIndices())
          tighten(rows(d.getResult()));
      } else if (auto s = llvm::dyn_cast<gnn::SegmentSoftmaxOp>(user)) {
        if (use.get() == s.getIndices())
          tighten(s.getNumSegments());
      } else if (auto p = llvm::dyn_cast<gnn::GlobalPoolOp>(user)) {
        if (use.get() == p.getBatch())
          tighten(rows(p.getResult()));
      } else if (auto mp = llvm::dyn_cast<gnn::MessagePassingOp>(user)) {
        if (use.get() == mp.getDstIndex()) {
          tighten(rows(mp.getResult()));
          for (Value t : mp.getTargets())
            tighten(rows(t));
        }
        if (use.get() == mp.getSrcIndex()) {
          for (Value src : mp.getSources())
            tighten(rows(src));
          if (mp.getSources().empty())
            tighten(rows(mp.getResult()));
        }
        // Integer per-edge inputs reach the body through a block argument.
        for (auto [input, arg] : llvm::zip_equal(
                 mp.getPerEdgeInputs(), mp.getBody().front().getArguments()))
          if (input == use.get())
            inherit(arg);
      } else if (llvm::isa<gnn::CrossEntropyOp, gnn::NllLossOp>(user)) {
        if (use.getOperandNumber() == 1) {
          Value scores = user->getOperand(0);
          tighten(
              llvm::cast<RankedTensorType>(scores.getType()).getDimSize(1));
        }
      } else if (auto a = llvm::dyn_cast<gnn::AddSelfLoopsOp>(user)) {
        if (use.get() == a.getSrcIndex() || use.get() == a.getDstIndex())
          tighten(rows(a.getNodes()));
      } else if (auto w = llvm::dyn_cast<gnn::WhereOp>(user)) {
        if (use.get() != w.getCondition())
          inherit(w.getResult());
      } else if (llvm::isa<gnn::ReshapeOp, gnn::SliceOp, gnn::ConcatOp>(
                     user)) {
        inherit(user->getResult(0));
      } else if (auto call = llvm::dyn_cast<func::CallOp>(user)) {
        auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
            call, call.getCalleeAttr());
        if (callee && !callee.isExternal())
          inherit(callee.getArgument(use.getOperandNumber()));
      }
    }
    return bound;
  }

  llvm::DenseMap<Value, std::optional<int64_t>> cache;
};

} // namespace

FailureOr<ParameterStore> initializeParameters(ModuleOp module) {
  ParameterStore store;
  for (auto param : module.getOps<gnn::ParameterOp>()) {
    RankedTensorType type = param.getTensorType();
    FailureOr<DType> dtype = toDType(type.getElementType());
    if (failed(dtype))
      return param.emitOpError("element type ")
             << type.getElementType() << " is not supported by the evaluator";
    if (param.getInit() == gnn::InitKind::value) {
      FailureOr<Tensor> t = tensorFromAttr(*param.getInitialValue(), param);
      if (failed(t))
        return failure();
      store[param.getSymName()] = *std::move(t);
      continue;
    }
    gnnrt::InitSpec spec;
    spec.seed = static_cast<uint64_t>(param.getSeed());
    switch (param.getInit()) {
    case gnn::InitKind::zeros:
      spec.kind = gnnrt::InitKind::kZeros;
      break;
    case gnn::InitKind::ones:
      spec.kind = gnnrt::InitKind::kOnes;
      break;
    case gnn::InitKind::constant:
      spec.kind = gnnrt::InitKind::kConstant;
      spec.a = param.getValue()->convertToDouble();
      break;
    case gnn::InitKind::uniform:
      spec.kind = gnnrt::InitKind::kUniform;
      spec.a = param.getLow()->convertToDouble();
      spec.b = param.getHigh()->convertToDouble();
      break;
    case gnn::InitKind::normal:
      spec.kind = gnnrt::InitKind::kNormal;
      spec.a = param.getMean()->convertToDouble();
      spec.b = param.getStd()->convertToDouble();
      break;
    case gnn::InitKind::glorot_uniform:
      spec.kind = gnnrt::InitKind::kGlorotUniform;
      break;
    case gnn::InitKind::kaiming_uniform:
      spec.kind = gnnrt::InitKind::kKaimingUniform;
      break;
    case gnn::InitKind::value:
      llvm_unreachable("handled above");
    }
    absl::StatusOr<Tensor> t = gnnrt::initialize(
        *dtype, gnnrt::Shape(type.getShape()), spec);
    if (!t.ok())
      return param.emitOpError() << std::string(t.status().message());
    store[param.getSymName()] = *std::move(t);
  }
  return store;
}

FailureOr<SmallVector<Tensor>>
evaluateFunction(func::FuncOp function, ArrayRef<Tensor> arguments,
                 const ParameterStore &parameters) {
  Interpreter interpreter(parameters);
  return interpreter.run(function, arguments);
}

FailureOr<SmallVector<Tensor>> evaluateOperation(Operation *op,
                                                 ArrayRef<Tensor> operands) {
  ParameterStore none;
  Interpreter interpreter(none);
  return interpreter.runOperation(op, operands);
}

DenseElementsAttr tensorToAttr(const Tensor &t, RankedTensorType type) {
  switch (t.dtype()) {
  case DType::kF32: {
    auto d = t.data<float>();
    return DenseElementsAttr::get(type, ArrayRef<float>(d.data(), d.size()));
  }
  case DType::kI32: {
    auto d = t.data<int32_t>();
    return DenseElementsAttr::get(type, ArrayRef<int32_t>(d.data(), d.size()));
  }
  case DType::kI64: {
    auto d = t.data<int64_t>();
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(d.data(), d.size()));
  }
  case DType::kBool: {
    auto d = t.data<uint8_t>();
    SmallVector<bool> v(d.begin(), d.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(v));
  }
  }
  return {};
}

FailureOr<SmallVector<Tensor>> generateArguments(func::FuncOp function,
                                                 uint64_t seed,
                                                 ArrayRef<bool> given) {
  SmallVector<Tensor> args;
  IndexBounds bounds;
  for (BlockArgument arg : function.getArguments()) {
    if (arg.getArgNumber() < given.size() && given[arg.getArgNumber()]) {
      args.emplace_back(); // supplied by the caller
      continue;
    }
    auto type = llvm::dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return function.emitError("cannot generate argument #")
             << arg.getArgNumber() << " of type " << arg.getType()
             << ": it needs a static shape (pass it with --input instead)";
    FailureOr<DType> dtype = toDType(type.getElementType());
    if (failed(dtype))
      return function.emitError("cannot generate argument #")
             << arg.getArgNumber() << " of element type "
             << type.getElementType();
    // Refuse what could not be allocated rather than abort.
    int64_t elements = 1;
    for (int64_t d : type.getShape())
      if (__builtin_mul_overflow(elements, d, &elements) ||
          elements > kMaxGeneratedElements)
        return function.emitError("cannot generate argument #")
               << arg.getArgNumber() << " of type " << type
               << ": more than " << kMaxGeneratedElements
               << " elements; pass it with --input instead";
    gnnrt::Shape shape(type.getShape());
    // Each argument draws from its own seed so adding one leaves the others.
    uint64_t argSeed = seed * 1000003ull + arg.getArgNumber();
    switch (*dtype) {
    case DType::kF32:
      args.push_back(gnnrt::randomFloatTensor(shape, -1.0f, 1.0f, argSeed));
      break;
    case DType::kBool:
      args.push_back(gnnrt::randomBoolTensor(shape, 0.5, argSeed));
      break;
    case DType::kI32:
    case DType::kI64: {
      std::optional<int64_t> bound = bounds.of(arg);
      if (bound && *bound <= 0 && elements > 0)
        return function.emitError("cannot generate argument #")
               << arg.getArgNumber()
               << ": its uses index an empty dimension";
      args.push_back(gnnrt::randomIntTensor(
          *dtype, shape, 0, std::max<int64_t>(bound.value_or(10), 1),
          argSeed));
      break;
    }
    }
  }
  return args;
}

} // namespace gnnc
