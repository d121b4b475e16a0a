//===- Autodiff.cpp - gnn-autodiff: reverse mode and train steps ----------===//
//
// Builds a new function from the loss function: its ops are cloned (calls
// inlined, message passing expanded, parameters turned into arguments), then
// a reverse sweep emits one gradient rule per op in reverse order, adjoints
// of values used several times are summed, and the optimizer updates
// (gnn.sgd_update / gnn.adam_update) consume the parameter gradients.
//
// Only values that depend on a differentiated input are "active"; integer
// and boolean values never are, so the graph structure (indices, degrees,
// GCN normalisation) receives no gradient. The rules only use static types
// derived from the forward types, so a static input gives a static result.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/MessagePassing.h"
#include "mlir/Transforms/InliningUtils.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNAUTODIFF
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

RankedTensorType tensorType(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

bool isFloatTensor(Value v) {
  auto t = llvm::dyn_cast<RankedTensorType>(v.getType());
  return t && llvm::isa<FloatType>(t.getElementType());
}

//===----------------------------------------------------------------------===//
// Preparation: inline calls, expand message passing
//===----------------------------------------------------------------------===//

/// Replaces every func.call in `fn` by the callee's body (recursively).
LogicalResult inlineCalls(func::FuncOp fn) {
  for (int depth = 0;; ++depth) {
    SmallVector<func::CallOp> calls;
    fn.walk([&](func::CallOp c) { calls.push_back(c); });
    if (calls.empty())
      return success();
    if (depth >= 64)
      return fn.emitError("gnn-autodiff: call depth exceeds 64; is the call "
                          "graph recursive?");
    for (func::CallOp call : calls) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      // MLIR's inliner, through the dialects' inliner interfaces.
      InlinerInterface interface(fn.getContext());
      if (!callee || callee.isExternal() || !callee.getBody().hasOneBlock() ||
          failed(inlineCall(interface, call, callee, &callee.getBody())))
        return call.emitOpError("gnn-autodiff needs a callee with one block "
                                "to inline");
      call.erase();
    }
  }
}

//===----------------------------------------------------------------------===//
// Gradient builder: small typed helpers over the gnn ops
//===----------------------------------------------------------------------===//

class GradBuilder {
public:
  GradBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  RankedTensorType like(RankedTensorType t, ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, t.getElementType());
  }
  RankedTensorType boolLike(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getI1Type());
  }

  /// A splat constant of `type` (float or integer elements).
  Value splat(RankedTensorType type, double value) {
    Attribute elt;
    if (auto ft = llvm::dyn_cast<FloatType>(type.getElementType()))
      elt = b.getFloatAttr(ft, value);
    else
      elt = b.getIntegerAttr(type.getElementType(),
                             static_cast<int64_t>(value));
    return b.create<ConstantOp>(loc, type,
                                DenseElementsAttr::get(type, elt));
  }
  /// A rank-0 constant with the element type of `like`.
  Value scalar(Value likeValue, double value) {
    return splat(like(tensorType(likeValue), {}), value);
  }
  Value zerosLike(Value v) { return splat(tensorType(v), 0.0); }

  static SmallVector<int64_t> broadcastShape(ArrayRef<int64_t> a,
                                             ArrayRef<int64_t> c) {
    size_t rank = std::max(a.size(), c.size());
    SmallVector<int64_t> out(rank);
    for (size_t i = 0; i < rank; ++i) {
      int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
      int64_t y = i < rank - c.size() ? 1 : c[i - (rank - c.size())];
      out[i] = x == 1 ? y : x;
    }
    return out;
  }

  template <typename OpTy> Value binary(Value l, Value r) {
    RankedTensorType lt = tensorType(l);
    return b.create<OpTy>(
        loc, like(lt, broadcastShape(lt.getShape(), tensorType(r).getShape())),
        l, r);
  }
  Value add(Value l, Value r) { return binary<AddOp>(l, r); }
  Value sub(Value l, Value r) { return binary<SubOp>(l, r); }
  Value mul(Value l, Value r) { return binary<MulOp>(l, r); }
  Value div(Value l, Value r) { return binary<DivOp>(l, r); }
  Value maxOf(Value l, Value r) { return binary<MaxOp>(l, r); }
  Value mulScalar(Value v, double s) { return mul(v, scalar(v, s)); }

  template <typename OpTy> Value unary(Value v) {
    return b.create<OpTy>(loc, v.getType(), v);
  }
  Value neg(Value v) { return unary<NegOp>(v); }
  Value exp(Value v) { return unary<ExpOp>(v); }

  Value cmp(CmpPredicate p, Value l, Value r) {
    return b.create<CmpOp>(
        loc,
        boolLike(broadcastShape(tensorType(l).getShape(),
                                tensorType(r).getShape())),
        p, l, r);
  }
  Value land(Value l, Value r) {
    return b.create<AndOp>(
        loc,
        boolLike(broadcastShape(tensorType(l).getShape(),
                                tensorType(r).getShape())),
        l, r);
  }
  Value where(Value c, Value t, Value f) {
    SmallVector<int64_t> shape = broadcastShape(
        tensorType(c).getShape(),
        broadcastShape(tensorType(t).getShape(), tensorType(f).getShape()));
    return b.create<WhereOp>(loc, like(tensorType(t), shape), c, t, f);
  }
  Value castTo(Value v, Type elt) {
    return b.create<CastOp>(
        loc, RankedTensorType::get(tensorType(v).getShape(), elt), v);
  }
  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (tensorType(v).getShape() == shape)
      return v;
    return b.create<ReshapeOp>(loc, like(tensorType(v), shape), v);
  }
  /// Reduces `v` over `dims` (removed from the shape).
  Value reduce(ReduceKind kind, Value v, ArrayRef<int64_t> dims,
               Value mask = Value()) {
    RankedTensorType t = tensorType(v);
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (!llvm::is_contained(dims, d))
        shape.push_back(t.getDimSize(d));
    return b.create<ReduceOp>(loc, like(t, shape), kind, v, mask, dims);
  }
  /// Sums `g` (a broadcast result) back to `target`'s shape.
  Value sumToShape(Value g, RankedTensorType target) {
    RankedTensorType gt = tensorType(g);
    if (gt.getShape() == target.getShape())
      return g;
    int64_t k = gt.getRank() - target.getRank();
    SmallVector<int64_t> dims;
    for (int64_t d = 0; d < gt.getRank(); ++d)
      if (d < k || (target.getDimSize(d - k) == 1 && gt.getDimSize(d) != 1))
        dims.push_back(d);
    Value r = dims.empty() ? g : reduce(ReduceKind::sum, g, dims);
    return reshape(r, target.getShape());
  }
  /// `v` (of `reducedDims` removed from `full`) with those dims as size 1.
  Value keepDims(Value v, ArrayRef<int64_t> full, ArrayRef<int64_t> dims) {
    SmallVector<int64_t> shape(full);
    for (int64_t d : dims)
      shape[d] = 1;
    return reshape(v, shape);
  }
  Value broadcastTo(Value v, RankedTensorType target) {
    if (tensorType(v).getShape() == target.getShape())
      return v;
    return add(splat(target, 0.0), v);
  }
  /// A row mask [N] as [N, 1, ..., 1] of `rank`.
  Value maskColumn(Value mask, int64_t rank) {
    SmallVector<int64_t> shape(rank, 1);
    shape[0] = tensorType(mask).getDimSize(0);
    return reshape(mask, shape);
  }
  /// Rows of `v` whose mask is false become 0 (no-op without a mask).
  Value maskRows(Value v, Value mask) {
    if (!mask)
      return v;
    return where(maskColumn(mask, tensorType(v).getRank()), v, scalar(v, 0.0));
  }
  /// Indices of masked-out rows replaced by 0, so gathers stay in range.
  Value safeIndex(Value index, Value mask) {
    if (!mask)
      return index;
    return where(mask, index, scalar(index, 0.0));
  }
  Value gather(Value source, Value index) {
    SmallVector<int64_t> shape(tensorType(source).getShape());
    shape[0] = tensorType(index).getDimSize(0);
    return b.create<GatherOp>(loc, like(tensorType(source), shape), source,
                              index);
  }
  Value scatterSum(Value source, Value index, int64_t segments, Value mask) {
    SmallVector<int64_t> shape(tensorType(source).getShape());
    shape[0] = segments;
    return b.create<ScatterOp>(loc, like(tensorType(source), shape),
                               ReduceKind::sum, source, index, mask);
  }
  /// Number of kept rows per segment, as f32 [segments].
  Value segmentCounts(Value index, int64_t segments, Value mask, Type elt) {
    return b.create<DegreeOp>(loc, RankedTensorType::get({segments}, elt),
                              index, Value(), mask);
  }
  Value transpose(Value v, ArrayRef<int64_t> perm) {
    RankedTensorType t = tensorType(v);
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(t.getDimSize(p));
    return b.create<TransposeOp>(loc, like(t, shape), v,
                                 b.getDenseI64ArrayAttr(perm));
  }
  Value matmul(Value l, Value r) {
    return b.create<MatmulOp>(loc,
                              like(tensorType(l), {tensorType(l).getDimSize(0),
                                                   tensorType(r).getDimSize(1)}),
                              l, r);
  }
  Value linear(Value x, Value w) {
    return b.create<LinearOp>(loc,
                              like(tensorType(x), {tensorType(x).getDimSize(0),
                                                   tensorType(w).getDimSize(0)}),
                              x, w, Value());
  }
  /// sign(x) in {-1, 0, 1}.
  Value sign(Value x) {
    Value zero = scalar(x, 0.0);
    return where(cmp(CmpPredicate::gt, x, zero), scalar(x, 1.0),
                 where(cmp(CmpPredicate::lt, x, zero), scalar(x, -1.0), zero));
  }
  /// Number of true entries of a bool [N] as a rank-0 tensor of `elt`.
  Value countTrue(Value mask, Type elt) {
    return reduce(ReduceKind::sum, castTo(mask, elt), {0});
  }

  OpBuilder &b;
  Location loc;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ParamInfo {
  ParameterOp op;
  BlockArgument arg;
  bool frozen;
};

struct AutodiffPass : mlir::gnn::impl::GnnAutodiffBase<AutodiffPass> {
  using GnnAutodiffBase::GnnAutodiffBase;

  void runOnOperation() override;

private:
  FailureOr<func::FuncOp> selectFunction(ModuleOp module);
  LogicalResult differentiate(Operation *op, GradBuilder &gb,
                              function_ref<Value(Value)> adjointOf,
                              function_ref<void(Value, Value)> accumulate);
};

FailureOr<func::FuncOp> AutodiffPass::selectFunction(ModuleOp module) {
  if (!function.empty()) {
    auto fn = module.lookupSymbol<func::FuncOp>(function);
    if (!fn)
      return module.emitError("gnn-autodiff: no function named '")
             << function << "'";
    return fn;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto fn : module.getOps<func::FuncOp>())
    if (fn.isPublic() && !fn.isExternal())
      candidates.push_back(fn);
  if (candidates.size() != 1)
    return module.emitError("gnn-autodiff: found ")
           << candidates.size()
           << " public functions with a body; choose one with function=NAME";
  return candidates.front();
}

std::string attrName(DictionaryAttr attrs) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("gnn.name"))
      return name.str();
  return "";
}

void AutodiffPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *ctx = &getContext();

  // optimizer=module: the settings gnn-translate --import-model recorded.
  if (optimizer == "module") {
    auto opt = module->getAttrOfType<DictionaryAttr>("gnn.optimizer");
    if (!opt) {
      module.emitError("gnn-autodiff: optimizer=module needs the module "
                       "attribute gnn.optimizer (gnn-translate --import-model "
                       "records it); name the optimizer instead");
      return signalPassFailure();
    }
    auto number = [&](StringRef key, double dflt) {
      if (auto f = opt.getAs<FloatAttr>(key))
        return f.getValueAsDouble();
      return dflt;
    };
    auto kind = opt.getAs<StringAttr>("kind");
    optimizer = kind ? kind.str() : std::string("adam");
    lr = number("lr", lr);
    weightDecay = number("weight_decay", weightDecay);
    momentum = number("momentum", momentum);
    beta1 = number("beta1", beta1);
    beta2 = number("beta2", beta2);
    eps = number("eps", eps);
  }
  if (optimizer != "none" && optimizer != "sgd" && optimizer != "adam" &&
      optimizer != "adamw") {
    module.emitError("gnn-autodiff: unknown optimizer '")
        << optimizer << "' (use none, sgd, adam or adamw)";
    return signalPassFailure();
  }
  bool withOptimizer = optimizer != "none";
  double wd = weightDecay >= 0 ? double(weightDecay)
                               : (optimizer == "adamw" ? 0.01 : 0.0);
  if (optimizer == "sgd" && nesterov && (momentum <= 0 || dampening != 0)) {
    module.emitError("gnn-autodiff: Nesterov momentum requires a momentum "
                     "and zero dampening");
    return signalPassFailure();
  }

  FailureOr<func::FuncOp> selected = selectFunction(module);
  if (failed(selected))
    return signalPassFailure();
  func::FuncOp source = *selected;
  if (source.isExternal() || !source.getBody().hasOneBlock()) {
    source.emitError("gnn-autodiff: the function needs a body of one block");
    return signalPassFailure();
  }

  // The loss result.
  std::optional<unsigned> lossIndex;
  for (unsigned i = 0; i < source.getNumResults(); ++i) {
    if (attrName(source.getResultAttrDict(i)) != loss)
      continue;
    if (lossIndex) {
      source.emitError("gnn-autodiff: results #")
          << *lossIndex << " and #" << i << " are both named '" << loss
          << "'; name the loss uniquely";
      return signalPassFailure();
    }
    lossIndex = i;
  }
  // Only the default name falls back to the single scalar result: a loss
  // named explicitly must exist.
  if (!lossIndex && (loss.getNumOccurrences() || loss.getValue() != "loss")) {
    source.emitError("gnn-autodiff: no result named '")
        << loss << "' (loss=" << loss << "); name the result with gnn.name";
    return signalPassFailure();
  }
  if (!lossIndex) {
    SmallVector<unsigned> scalars;
    for (unsigned i = 0; i < source.getNumResults(); ++i) {
      auto t = llvm::dyn_cast<RankedTensorType>(source.getResultTypes()[i]);
      if (t && t.getRank() == 0 && llvm::isa<FloatType>(t.getElementType()))
        scalars.push_back(i);
    }
    if (scalars.size() != 1) {
      source.emitError("gnn-autodiff: no result named '")
          << loss << "' and " << scalars.size()
          << " rank-0 float results; name the loss with gnn.name or "
             "loss=NAME";
      return signalPassFailure();
    }
    lossIndex = scalars.front();
  }
  auto lossType =
      llvm::dyn_cast<RankedTensorType>(source.getResultTypes()[*lossIndex]);
  if (!lossType || lossType.getRank() != 0 ||
      !lossType.getElementType().isF32()) {
    source.emitError("gnn-autodiff: the loss (result #")
        << *lossIndex << ") must be a rank-0 f32 tensor, got "
        << source.getResultTypes()[*lossIndex];
    return signalPassFailure();
  }

  // Work on a private copy: inline calls, expand message passing.
  OpBuilder moduleBuilder(ctx);
  moduleBuilder.setInsertionPointToEnd(module.getBody());
  auto work = llvm::cast<func::FuncOp>(moduleBuilder.clone(*source));
  auto eraseWork = llvm::make_scope_exit([&] { work.erase(); });
  if (failed(inlineCalls(work)))
    return signalPassFailure();
  expandMessagePassing(work);

  // Static shapes only, and no ops that the reverse sweep cannot follow.
  for (BlockArgument arg : work.getArguments())
    if (auto t = llvm::dyn_cast<RankedTensorType>(arg.getType());
        !t || !t.hasStaticShape()) {
      source.emitError("gnn-autodiff: argument #")
          << arg.getArgNumber() << " has type " << arg.getType()
          << "; training needs static shapes (run gnn-staticize first)";
      return signalPassFailure();
    }
  for (Operation &op : work.getBody().front())
    for (Value r : op.getResults())
      if (auto t = llvm::dyn_cast<RankedTensorType>(r.getType());
          !t || !t.hasStaticShape()) {
        op.emitError("gnn-autodiff: result of type ")
            << r.getType()
            << " is not static; run gnn-staticize before gnn-autodiff";
        return signalPassFailure();
      }

  // Parameters the function reads, in module order.
  llvm::SetVector<StringRef> readNames;
  work.walk([&](GetParameterOp g) { readNames.insert(g.getName()); });
  SmallVector<ParameterOp> params;
  for (auto p : module.getOps<ParameterOp>())
    if (readNames.contains(p.getSymName()))
      params.push_back(p);
  for (StringRef name : readNames)
    if (!module.lookupSymbol<ParameterOp>(name)) {
      work.emitError("gnn-autodiff: no gnn.parameter @") << name;
      return signalPassFailure();
    }
  SmallVector<ParameterOp> trainable, frozen;
  for (ParameterOp p : params) {
    if (p.getFrozen())
      frozen.push_back(p);
    else if (!p.getTensorType().getElementType().isF32()) {
      p.emitError("gnn-autodiff: trainable parameters must be f32; mark "
                  "integer buffers frozen");
      return signalPassFailure();
    }
    else
      trainable.push_back(p);
  }

  // Signature of the new function.
  SmallVector<std::string> slots;
  if (optimizer == "sgd" && momentum != 0.0)
    slots.push_back("momentum_buffer");
  if (optimizer == "adam" || optimizer == "adamw")
    slots = {"exp_avg", "exp_avg_sq"};
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  auto attrs = [&](StringRef role, StringRef name,
                   DictionaryAttr base = {}) -> DictionaryAttr {
    NamedAttrList list(base);
    list.set("gnn.role", StringAttr::get(ctx, role));
    list.set("gnn.name", StringAttr::get(ctx, name));
    return list.getDictionary(ctx);
  };
  for (ParameterOp p : trainable) {
    argTypes.push_back(p.getTensorType());
    argAttrs.push_back(attrs("parameter", p.getSymName()));
  }
  for (ParameterOp p : frozen) {
    argTypes.push_back(p.getTensorType());
    argAttrs.push_back(attrs("buffer", p.getSymName()));
  }
  if (withOptimizer)
    for (ParameterOp p : trainable)
      for (const std::string &slot : slots) {
        argTypes.push_back(p.getTensorType());
        argAttrs.push_back(attrs("optimizer_state",
                                 (p.getSymName() + "." + slot).str()));
      }
  unsigned inputBase = argTypes.size();
  for (unsigned i = 0; i < work.getNumArguments(); ++i) {
    argTypes.push_back(work.getArgumentTypes()[i]);
    std::string name = attrName(work.getArgAttrDict(i));
    argAttrs.push_back(attrs("input", name.empty() ? "arg" + std::to_string(i)
                                                   : name,
                             work.getArgAttrDict(i)));
  }
  auto stepType = RankedTensorType::get({}, IntegerType::get(ctx, 64));
  if (withOptimizer) {
    argTypes.push_back(stepType);
    argAttrs.push_back(attrs("step", "step"));
  }

  std::string newName =
      (source.getSymName() + (withOptimizer ? "_train_step" : "_grad")).str();
  if (module.lookupSymbol(newName)) {
    source.emitError("gnn-autodiff: the module already has a symbol '")
        << newName << "'";
    return signalPassFailure();
  }
  auto fn = moduleBuilder.create<func::FuncOp>(
      source.getLoc(), newName, FunctionType::get(ctx, argTypes, {}));
  Block *entry = fn.addEntryBlock();
  OpBuilder b = OpBuilder::atBlockEnd(entry);

  llvm::StringMap<Value> paramValue;
  for (auto [i, p] : llvm::enumerate(trainable))
    paramValue[p.getSymName()] = entry->getArgument(i);
  for (auto [i, p] : llvm::enumerate(frozen))
    paramValue[p.getSymName()] = entry->getArgument(trainable.size() + i);
  Value step = withOptimizer ? entry->getArguments().back() : Value();

  // Forward: clone, reading parameters from arguments; dropout is keyed by
  // the step.
  IRMapping map;
  Block &workBlock = work.getBody().front();
  for (unsigned i = 0; i < work.getNumArguments(); ++i)
    map.map(workBlock.getArgument(i), entry->getArgument(inputBase + i));
  SmallVector<Operation *> forward;
  for (Operation &op : workBlock.without_terminator()) {
    if (auto g = llvm::dyn_cast<GetParameterOp>(op)) {
      Value v = paramValue[g.getName()];
      if (v.getType() != g.getType()) {
        g.emitOpError("reads @")
            << g.getName() << " as " << g.getType() << " but it is "
            << v.getType();
        return signalPassFailure();
      }
      map.map(g.getResult(), v);
      continue;
    }
    Operation *clone = b.clone(op, map);
    if (auto d = llvm::dyn_cast<DropoutOp>(clone); d && step && !d.getOffset())
      d.getOffsetMutable().assign(step);
    forward.push_back(clone);
  }
  SmallVector<Value> results;
  for (Value v : workBlock.getTerminator()->getOperands())
    results.push_back(map.lookupOrDefault(v));
  Value lossValue = results[*lossIndex];

  // Activity: values that depend on a differentiated argument.
  llvm::DenseSet<Value> active;
  for (unsigned i = 0; i < trainable.size(); ++i)
    active.insert(entry->getArgument(i));
  SmallVector<unsigned> wrtArgs;
  if (!withOptimizer && wrtArguments)
    for (unsigned i = 0; i < work.getNumArguments(); ++i)
      if (isFloatTensor(entry->getArgument(inputBase + i))) {
        wrtArgs.push_back(inputBase + i);
        active.insert(entry->getArgument(inputBase + i));
      }
  for (Operation *op : forward)
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value r : op->getResults())
        if (isFloatTensor(r))
          active.insert(r);

  // Reverse sweep.
  llvm::DenseMap<Value, Value> adjoint;
  GradBuilder gb(b, source.getLoc());
  auto accumulate = [&](Value v, Value g) {
    if (!active.contains(v))
      return;
    auto it = adjoint.find(v);
    if (it == adjoint.end())
      adjoint[v] = g;
    else
      it->second = gb.add(it->second, g);
  };
  auto adjointOf = [&](Value v) -> Value { return adjoint.lookup(v); };
  if (active.contains(lossValue))
    adjoint[lossValue] = gb.splat(lossType, 1.0);
  for (Operation *op : llvm::reverse(forward)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value r) { return adjoint.count(r); }))
      continue;
    gb.loc = op->getLoc();
    if (failed(differentiate(op, gb, adjointOf, accumulate)))
      return signalPassFailure();
  }
  gb.loc = source.getLoc();
  auto gradientOf = [&](Value v) {
    Value g = adjoint.lookup(v);
    return g ? g : gb.zerosLike(v);
  };

  // Optimizer updates and the returned values.
  SmallVector<Value> ret;
  SmallVector<DictionaryAttr> retAttrs;
  if (withOptimizer) {
    SmallVector<Value> newParams, newState;
    SmallVector<DictionaryAttr> stateAttrs;
    unsigned stateBase = trainable.size() + frozen.size();
    for (auto [i, p] : llvm::enumerate(trainable)) {
      Value param = entry->getArgument(i);
      Value grad = gradientOf(param);
      Type t = param.getType();
      auto state = [&, i = i](unsigned slot) -> Value {
        return entry->getArgument(stateBase + i * slots.size() + slot);
      };
      for (const std::string &slot : slots)
        stateAttrs.push_back(
            attrs("optimizer_state", (p.getSymName() + "." + slot).str()));
      if (optimizer == "sgd") {
        Value buf = slots.empty() ? Value() : state(0);
        auto upd = b.create<SgdUpdateOp>(
            gb.loc, t, slots.empty() ? Type() : t, param, grad, step, buf,
            b.getF64FloatAttr(lr), b.getF64FloatAttr(momentum),
            b.getF64FloatAttr(dampening), b.getF64FloatAttr(wd),
            nesterov ? b.getUnitAttr() : UnitAttr());
        newParams.push_back(upd.getNewParam());
        if (buf)
          newState.push_back(upd.getNewMomentumBuffer());
      } else {
        auto upd = b.create<AdamUpdateOp>(
            gb.loc, t, t, t, param, grad, state(0), state(1), step,
            b.getF64FloatAttr(lr), b.getF64FloatAttr(beta1),
            b.getF64FloatAttr(beta2), b.getF64FloatAttr(eps),
            b.getF64FloatAttr(wd),
            optimizer == "adamw" ? b.getUnitAttr() : UnitAttr());
        newParams.push_back(upd.getNewParam());
        newState.push_back(upd.getNewExpAvg());
        newState.push_back(upd.getNewExpAvgSq());
      }
    }
    for (auto [v, p] : llvm::zip_equal(newParams, trainable)) {
      ret.push_back(v);
      retAttrs.push_back(attrs("parameter", p.getSymName()));
    }
    // Buffers: batch-norm running statistics read straight from a buffer
    // come back updated; other buffers come back unchanged.
    for (auto [i, p] : llvm::enumerate(frozen)) {
      Value arg = entry->getArgument(trainable.size() + i);
      Value updated = arg;
      for (Operation *op : forward)
        if (auto bn = llvm::dyn_cast<BatchNormOp>(op); bn && bn.getTraining()) {
          if (bn.getRunningMean() == arg)
            updated = bn.getNewRunningMean();
          if (bn.getRunningVar() == arg)
            updated = bn.getNewRunningVar();
        }
      ret.push_back(updated);
      retAttrs.push_back(attrs("buffer", p.getSymName()));
    }
    ret.append(newState.begin(), newState.end());
    retAttrs.append(stateAttrs.begin(), stateAttrs.end());
  }
  ret.push_back(lossValue);
  retAttrs.push_back(attrs("loss", "loss", source.getResultAttrDict(*lossIndex)));
  for (auto [i, v] : llvm::enumerate(results)) {
    if (i == *lossIndex)
      continue;
    std::string name = attrName(source.getResultAttrDict(i));
    ret.push_back(v);
    retAttrs.push_back(attrs("output",
                             name.empty() ? "result" + std::to_string(i) : name,
                             source.getResultAttrDict(i)));
  }
  if (!withOptimizer) {
    for (auto [i, p] : llvm::enumerate(trainable)) {
      ret.push_back(gradientOf(entry->getArgument(i)));
      retAttrs.push_back(attrs("gradient", ("grad." + p.getSymName()).str()));
    }
    for (unsigned a : wrtArgs) {
      ret.push_back(gradientOf(entry->getArgument(a)));
      retAttrs.push_back(attrs(
          "gradient", "grad." + attrName(argAttrs[a])));
    }
  }
  b.create<func::ReturnOp>(source.getLoc(), ret);
  SmallVector<Type> resultTypes;
  for (Value v : ret)
    resultTypes.push_back(v.getType());
  fn.setType(FunctionType::get(ctx, argTypes, resultTypes));
  fn.setAllArgAttrs(argAttrs);
  fn.setAllResultAttrs(retAttrs);

  // Drop what nothing uses (forward values only the discarded results read).
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
      if (!op.hasTrait<OpTrait::IsTerminator>() && op.use_empty() &&
          isMemoryEffectFree(&op)) {
        op.erase();
        changed = true;
      }
  }

  // Statistics: forward activations read by the backward pass.
  llvm::DenseSet<Operation *> forwardOps;
  for (Operation *op : forward)
    forwardOps.insert(op);
  llvm::DenseSet<Value> saved;
  int64_t bytes = 0;
  for (Operation &op : *entry) {
    if (forwardOps.contains(&op) || llvm::isa<func::ReturnOp>(op))
      continue;
    ++numGradientOps;
    for (Value v : op.getOperands()) {
      Operation *def = v.getDefiningOp();
      if (!def || !forwardOps.contains(def) || llvm::isa<ConstantOp>(def) ||
          !saved.insert(v).second)
        continue;
      RankedTensorType t = tensorType(v);
      int64_t bits = t.getElementTypeBitWidth();
      bytes += t.getNumElements() * std::max<int64_t>(bits / 8, 1);
    }
  }
  savedBytes += bytes;
  fn->setAttr("gnn.saved_activation_bytes", b.getI64IntegerAttr(bytes));
}

//===----------------------------------------------------------------------===//
// Gradient rules
//===----------------------------------------------------------------------===//

LogicalResult
AutodiffPass::differentiate(Operation *op, GradBuilder &gb,
                            function_ref<Value(Value)> adjointOf,
                            function_ref<void(Value, Value)> accumulate) {
  Value g = op->getNumResults() ? adjointOf(op->getResult(0)) : Value();
  auto noGradient = [&]() -> LogicalResult { return success(); };
  // Batch-norm's updated running statistics (results #1, #2) are, like
  // PyTorch's buffers, updated outside autograd: a loss that reads only them
  // gets no gradient through the op.
  if (!g && llvm::isa<BatchNormOp>(op))
    return noGradient();
  auto sumTo = [&](Value grad, Value target) {
    accumulate(target, gb.sumToShape(grad, tensorType(target)));
  };
  // A segment reduction (scatter, global pooling) of `src` by `index`.
  auto segmentRule = [&](ReduceKind kind, Value src, Value index, Value mask,
                         Value result) {
    Value idx = gb.safeIndex(index, mask);
    int64_t segments = tensorType(result).getDimSize(0);
    Type elt = tensorType(src).getElementType();
    int64_t rank = tensorType(src).getRank();
    switch (kind) {
    case ReduceKind::sum:
      accumulate(src, gb.maskRows(gb.gather(g, idx), mask));
      return;
    case ReduceKind::mean: {
      Value cnt = gb.segmentCounts(index, segments, mask, elt);
      cnt = gb.maxOf(cnt, gb.scalar(cnt, 1.0));
      Value per = gb.div(g, gb.maskColumn(cnt, rank));
      accumulate(src, gb.maskRows(gb.gather(per, idx), mask));
      return;
    }
    case ReduceKind::max:
    case ReduceKind::min: {
      // Ties share the gradient equally (torch.scatter_reduce amax/amin).
      Value eq = gb.cmp(CmpPredicate::eq, src, gb.gather(result, idx));
      if (mask)
        eq = gb.land(eq, gb.maskColumn(mask, rank));
      Value cnt = gb.scatterSum(gb.castTo(eq, elt), index, segments, mask);
      cnt = gb.maxOf(cnt, gb.scalar(cnt, 1.0));
      Value per = gb.gather(gb.div(g, cnt), idx);
      accumulate(src, gb.where(eq, per, gb.scalar(per, 0.0)));
      return;
    }
    }
  };

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      // Elementwise arithmetic with broadcasting.
      .Case([&](AddOp o) {
        sumTo(g, o.getLhs());
        sumTo(g, o.getRhs());
        return success();
      })
      .Case([&](SubOp o) {
        sumTo(g, o.getLhs());
        sumTo(gb.neg(g), o.getRhs());
        return success();
      })
      .Case([&](MulOp o) {
        sumTo(gb.mul(g, o.getRhs()), o.getLhs());
        sumTo(gb.mul(g, o.getLhs()), o.getRhs());
        return success();
      })
      .Case([&](DivOp o) {
        sumTo(gb.div(g, o.getRhs()), o.getLhs());
        sumTo(gb.neg(gb.div(gb.mul(g, o.getResult()), o.getRhs())),
              o.getRhs());
        return success();
      })
      .Case<MaxOp, MinOp>([&](Operation *o) {
        // Ties split the gradient in halves (torch.maximum / minimum).
        Value l = o->getOperand(0), r = o->getOperand(1);
        CmpPredicate wins =
            llvm::isa<MaxOp>(o) ? CmpPredicate::gt : CmpPredicate::lt;
        Value zero = gb.scalar(g, 0.0);
        Value half = gb.mulScalar(g, 0.5);
        Value eq = gb.cmp(CmpPredicate::eq, l, r);
        Value lw = gb.cmp(wins, l, r);
        sumTo(gb.where(eq, half, gb.where(lw, g, zero)), l);
        sumTo(gb.where(eq, half, gb.where(lw, zero, g)), r);
        return success();
      })
      // Activations.
      .Case([&](ReluOp o) {
        Value x = o.getInput();
        accumulate(x, gb.where(gb.cmp(CmpPredicate::gt, x, gb.scalar(x, 0.0)),
                               g, gb.scalar(g, 0.0)));
        return success();
      })
      .Case([&](LeakyReluOp o) {
        Value x = o.getInput();
        accumulate(x, gb.where(gb.cmp(CmpPredicate::gt, x, gb.scalar(x, 0.0)),
                               g,
                               gb.mulScalar(g, o.getNegativeSlope()
                                                   .convertToDouble())));
        return success();
      })
      .Case([&](EluOp o) {
        Value x = o.getInput();
        Value below = gb.mul(
            g, gb.add(o.getResult(),
                      gb.scalar(x, o.getAlpha().convertToDouble())));
        accumulate(x, gb.where(gb.cmp(CmpPredicate::gt, x, gb.scalar(x, 0.0)),
                               g, below));
        return success();
      })
      .Case([&](SigmoidOp o) {
        Value y = o.getResult();
        accumulate(o.getInput(),
                   gb.mul(gb.mul(g, y), gb.sub(gb.scalar(y, 1.0), y)));
        return success();
      })
      .Case([&](TanhOp o) {
        Value y = o.getResult();
        accumulate(o.getInput(),
                   gb.mul(g, gb.sub(gb.scalar(y, 1.0), gb.mul(y, y))));
        return success();
      })
      .Case([&](ExpOp o) {
        accumulate(o.getInput(), gb.mul(g, o.getResult()));
        return success();
      })
      .Case([&](LogOp o) {
        accumulate(o.getInput(), gb.div(g, o.getInput()));
        return success();
      })
      .Case([&](NegOp o) {
        accumulate(o.getInput(), gb.neg(g));
        return success();
      })
      .Case([&](SqrtOp o) {
        accumulate(o.getInput(), gb.div(g, gb.mulScalar(o.getResult(), 2.0)));
        return success();
      })
      .Case([&](AbsOp o) {
        accumulate(o.getInput(), gb.mul(g, gb.sign(o.getInput())));
        return success();
      })
      .Case([&](PowOp o) {
        double p = o.getExponent().convertToDouble();
        Value x = o.getInput();
        if (p == 0.0)
          return success();
        Value d = gb.b.create<PowOp>(gb.loc, x.getType(), x,
                                     gb.b.getF64FloatAttr(p - 1.0),
                                     o.getInfToZeroAttr());
        accumulate(x, gb.mul(gb.mulScalar(g, p), d));
        return success();
      })
      .Case([&](DropoutOp o) {
        // The same (seed, offset, element) draws the same mask.
        accumulate(o.getInput(),
                   gb.b.create<DropoutOp>(gb.loc, g.getType(), g,
                                          o.getOffset(), o.getPositions(),
                                          o.getPAttr(), o.getSeedAttr()));
        return success();
      })
      .Case([&](SoftmaxOp o) {
        RankedTensorType t = o.getType();
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + t.getRank() : o.getAxis();
        Value y = o.getResult();
        Value s = gb.keepDims(gb.reduce(ReduceKind::sum, gb.mul(g, y), {axis}),
                              t.getShape(), {axis});
        accumulate(o.getInput(), gb.mul(y, gb.sub(g, s)));
        return success();
      })
      .Case([&](LogSoftmaxOp o) {
        RankedTensorType t = o.getType();
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + t.getRank() : o.getAxis();
        Value s = gb.keepDims(gb.reduce(ReduceKind::sum, g, {axis}),
                              t.getShape(), {axis});
        accumulate(o.getInput(),
                   gb.sub(g, gb.mul(gb.exp(o.getResult()), s)));
        return success();
      })
      // Dense layers.
      .Case([&](LinearOp o) {
        Value x = o.getInput(), w = o.getWeight();
        RankedTensorType xt = tensorType(x);
        int64_t in = tensorType(w).getDimSize(1);
        int64_t out = tensorType(w).getDimSize(0);
        int64_t rows = xt.getNumElements() / std::max<int64_t>(in, 1);
        Value x2 = gb.reshape(x, {rows, in});
        Value g2 = gb.reshape(g, {rows, out});
        accumulate(x, gb.reshape(gb.matmul(g2, w), xt.getShape()));
        accumulate(w, gb.matmul(gb.transpose(g2, {1, 0}), x2));
        if (o.getBias())
          accumulate(o.getBias(), gb.reduce(ReduceKind::sum, g2, {0}));
        return success();
      })
      .Case([&](MatmulOp o) {
        accumulate(o.getLhs(), gb.linear(g, o.getRhs()));
        accumulate(o.getRhs(),
                   gb.matmul(gb.transpose(o.getLhs(), {1, 0}), g));
        return success();
      })
      .Case([&](TransposeOp o) {
        ArrayRef<int64_t> perm = o.getPermutation();
        SmallVector<int64_t> inverse(perm.size());
        for (auto [d, p] : llvm::enumerate(perm))
          inverse[p] = d;
        accumulate(o.getInput(), gb.transpose(g, inverse));
        return success();
      })
      .Case([&](BatchNormOp o) {
        Value x = o.getInput(), gamma = o.getWeight(), mask = o.getMask();
        RankedTensorType xt = tensorType(x);
        Value eps = gb.scalar(x, o.getEps().convertToDouble());
        Value S1 = gb.reduce(ReduceKind::sum, g, {0});
        if (!o.getTraining()) {
          Value invstd = gb.b.create<PowOp>(
              gb.loc, o.getRunningVar().getType(),
              gb.add(o.getRunningVar(), eps), gb.b.getF64FloatAttr(-0.5),
              UnitAttr());
          Value xhat = gb.mul(gb.sub(x, o.getRunningMean()), invstd);
          Value gx = gb.mul(g, gb.mul(gamma, invstd));
          accumulate(x, gx);
          // The running statistics are inputs here (usually frozen buffers).
          accumulate(o.getRunningMean(),
                     gb.neg(gb.reduce(ReduceKind::sum, gx, {0})));
          accumulate(o.getRunningVar(),
                     gb.mul(gb.reduce(ReduceKind::sum, gb.mul(gx, xhat), {0}),
                            gb.mulScalar(invstd, -0.5)));
          accumulate(gamma, gb.reduce(ReduceKind::sum, gb.mul(g, xhat), {0}));
          accumulate(o.getBias(), S1);
          return success();
        }
        Value mean = gb.reduce(ReduceKind::mean, x, {0}, mask);
        Value xc = gb.sub(x, mean);
        Value var = gb.reduce(ReduceKind::mean, gb.mul(xc, xc), {0}, mask);
        Value invstd = gb.b.create<PowOp>(gb.loc, var.getType(),
                                          gb.add(var, eps),
                                          gb.b.getF64FloatAttr(-0.5),
                                          UnitAttr());
        Value xhat = gb.mul(xc, invstd);
        Value S2 = gb.reduce(ReduceKind::sum, gb.mul(g, xhat), {0});
        Value count = mask ? gb.countTrue(mask, xt.getElementType())
                           : gb.scalar(x, double(xt.getDimSize(0)));
        Value corr = gb.maskRows(
            gb.div(gb.add(S1, gb.mul(xhat, S2)), count), mask);
        accumulate(x, gb.mul(gb.mul(gamma, invstd), gb.sub(g, corr)));
        accumulate(gamma, S2);
        accumulate(o.getBias(), S1);
        return success();
      })
      // Shapes and selection.
      .Case([&](ConcatOp o) {
        RankedTensorType t = o.getType();
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + t.getRank() : o.getAxis();
        int64_t offset = 0;
        for (Value in : o.getInputs()) {
          RankedTensorType it = tensorType(in);
          if (isFloatTensor(in))
            accumulate(in, gb.b.create<SliceOp>(
                               gb.loc, it, g, gb.b.getI64IntegerAttr(axis),
                               gb.b.getI64IntegerAttr(offset)));
          offset += it.getDimSize(axis);
        }
        return success();
      })
      .Case([&](SliceOp o) {
        RankedTensorType in = tensorType(o.getInput());
        int64_t axis = o.getAxis() < 0 ? o.getAxis() + in.getRank() : o.getAxis();
        int64_t before = o.getOffset();
        int64_t after =
            in.getDimSize(axis) - before - o.getType().getDimSize(axis);
        SmallVector<Value> pieces;
        auto zeros = [&](int64_t n) {
          SmallVector<int64_t> shape(in.getShape());
          shape[axis] = n;
          return gb.splat(gb.like(in, shape), 0.0);
        };
        if (before > 0)
          pieces.push_back(zeros(before));
        pieces.push_back(g);
        if (after > 0)
          pieces.push_back(zeros(after));
        Value dx = pieces.size() == 1
                       ? g
                       : gb.b.create<ConcatOp>(gb.loc, in, pieces,
                                               gb.b.getI64IntegerAttr(axis))
                             .getResult();
        accumulate(o.getInput(), dx);
        return success();
      })
      .Case([&](ReshapeOp o) {
        accumulate(o.getInput(), gb.reshape(g, tensorType(o.getInput()).getShape()));
        return success();
      })
      .Case([&](WhereOp o) {
        Value zero = gb.scalar(g, 0.0);
        if (isFloatTensor(o.getTrueValue()))
          sumTo(gb.where(o.getCondition(), g, zero), o.getTrueValue());
        if (isFloatTensor(o.getFalseValue()))
          sumTo(gb.where(o.getCondition(), zero, g), o.getFalseValue());
        return success();
      })
      .Case([&](CastOp o) -> LogicalResult {
        if (isFloatTensor(o.getInput()) && o.getInput().getType() == g.getType())
          accumulate(o.getInput(), g);
        return success();
      })
      .Case([&](ReduceOp o) {
        Value x = o.getInput(), mask = o.getMask();
        RankedTensorType xt = tensorType(x);
        SmallVector<int64_t> dims;
        for (int64_t d : o.getDims())
          dims.push_back(d < 0 ? d + xt.getRank() : d);
        switch (o.getKind()) {
        case ReduceKind::sum:
        case ReduceKind::mean: {
          Value gk = gb.keepDims(g, xt.getShape(), dims);
          if (o.getKind() == ReduceKind::mean) {
            double others = 1;
            for (int64_t d : dims)
              if (!(mask && d == 0))
                others *= double(xt.getDimSize(d));
            Value count = mask ? gb.mulScalar(gb.countTrue(
                                                  mask, xt.getElementType()),
                                              others)
                               : gb.scalar(x, others);
            gk = gb.div(gk, count);
          }
          accumulate(x, gb.maskRows(gb.broadcastTo(gk, xt), mask));
          return success();
        }
        case ReduceKind::max:
        case ReduceKind::min: {
          Value yk = gb.keepDims(o.getResult(), xt.getShape(), dims);
          Value eq = gb.cmp(CmpPredicate::eq, x, yk);
          if (mask)
            eq = gb.land(eq, gb.maskColumn(mask, xt.getRank()));
          Value cnt = gb.reduce(ReduceKind::sum,
                                gb.castTo(eq, xt.getElementType()), dims,
                                mask);
          Value per = gb.broadcastTo(
              gb.keepDims(gb.div(g, cnt), xt.getShape(), dims), xt);
          accumulate(x, gb.where(eq, per, gb.scalar(per, 0.0)));
          return success();
        }
        }
        return success();
      })
      // Graph primitives.
      .Case([&](GatherOp o) {
        accumulate(o.getSource(),
                   gb.scatterSum(g, o.getIndices(),
                                 tensorType(o.getSource()).getDimSize(0),
                                 Value()));
        return success();
      })
      .Case([&](ScatterOp o) {
        segmentRule(o.getReduce(), o.getSource(), o.getIndices(), o.getMask(),
                    o.getResult());
        return success();
      })
      .Case([&](GlobalPoolOp o) {
        segmentRule(o.getReduce(), o.getInput(), o.getBatch(), o.getMask(),
                    o.getResult());
        return success();
      })
      .Case([&](DegreeOp o) {
        if (o.getWeights())
          accumulate(o.getWeights(),
                     gb.maskRows(gb.gather(g, gb.safeIndex(o.getIndices(),
                                                           o.getMask())),
                                 o.getMask()));
        return success();
      })
      .Case([&](SegmentSoftmaxOp o) {
        Value y = o.getResult(), mask = o.getMask();
        Value idx = gb.safeIndex(o.getIndices(), mask);
        Value t = gb.scatterSum(gb.mul(g, y), o.getIndices(),
                                o.getNumSegments(), mask);
        accumulate(o.getSource(),
                   gb.maskRows(gb.mul(y, gb.sub(g, gb.gather(t, idx))), mask));
        return success();
      })
      // Losses.
      .Case<CrossEntropyOp, NllLossOp>([&](Operation *o) {
        Value x = o->getOperand(0), labels = o->getOperand(1);
        Value mask = o->getNumOperands() > 2 ? o->getOperand(2) : Value();
        int64_t ignore =
            llvm::isa<CrossEntropyOp>(o)
                ? llvm::cast<CrossEntropyOp>(o).getIgnoreIndex()
                : llvm::cast<NllLossOp>(o).getIgnoreIndex();
        LossReduction reduction =
            llvm::isa<CrossEntropyOp>(o)
                ? llvm::cast<CrossEntropyOp>(o).getReduction()
                : llvm::cast<NllLossOp>(o).getReduction();
        RankedTensorType xt = tensorType(x);
        int64_t n = xt.getDimSize(0), c = xt.getDimSize(1);
        Type elt = xt.getElementType();
        Value counted = gb.cmp(CmpPredicate::ne, labels,
                               gb.scalar(labels, double(ignore)));
        if (mask)
          counted = gb.land(counted, mask);
        Value classes = gb.b.create<IotaOp>(
            gb.loc, RankedTensorType::get({c}, tensorType(labels).getElementType()));
        Value onehot = gb.castTo(
            gb.cmp(CmpPredicate::eq, gb.reshape(labels, {n, 1}), classes), elt);
        Value scale = g;
        if (reduction == LossReduction::mean)
          scale = gb.div(g, gb.countTrue(counted, elt));
        Value d = llvm::isa<CrossEntropyOp>(o)
                      ? gb.sub(gb.b.create<SoftmaxOp>(gb.loc, xt, x,
                                                      gb.b.getI64IntegerAttr(1)),
                               onehot)
                      : gb.neg(onehot);
        accumulate(x, gb.maskRows(gb.mul(d, scale), counted));
        return success();
      })
      .Case<MseLossOp, L1LossOp>([&](Operation *o) {
        Value x = o->getOperand(0), t = o->getOperand(1);
        Value mask = o->getNumOperands() > 2 ? o->getOperand(2) : Value();
        LossReduction reduction =
            llvm::isa<MseLossOp>(o) ? llvm::cast<MseLossOp>(o).getReduction()
                                    : llvm::cast<L1LossOp>(o).getReduction();
        RankedTensorType xt = tensorType(x);
        Value diff = gb.sub(x, t);
        Value scale = g;
        if (reduction == LossReduction::mean) {
          double trailing =
              double(xt.getNumElements()) /
              std::max<double>(1.0, double(xt.getDimSize(0)));
          Value count = mask ? gb.mulScalar(gb.countTrue(mask, xt.getElementType()),
                                            trailing)
                             : gb.scalar(x, double(xt.getNumElements()));
          scale = gb.div(g, count);
        }
        Value d = llvm::isa<MseLossOp>(o)
                      ? gb.mul(gb.mulScalar(diff, 2.0), scale)
                      : gb.mul(gb.sign(diff), scale);
        d = gb.maskRows(d, mask);
        accumulate(x, d);
        if (isFloatTensor(t))
          accumulate(t, gb.neg(d));
        return success();
      })
      // No float operand receives a gradient through these.
      .Case<ConstantOp, IotaOp, CmpOp, AndOp, OrOp, XorOp, NotOp>(
          [&](Operation *) { return noGradient(); })
      .Default([&](Operation *other) -> LogicalResult {
        return other->emitOpError("has no gradient rule in gnn-autodiff, but "
                                  "the loss depends on it through a "
                                  "parameter");
      });
}

} // namespace
