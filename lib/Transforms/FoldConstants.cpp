//===- FoldConstants.cpp - gnn-fold-constants -------------------------------===//
//
// Evaluates ops whose operands are all constants with the reference
// evaluator, so that a graph bound at compile time becomes constant edge
// indices, degrees and normalisation coefficients.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNFOLDCONSTANTS
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

bool isConstant(Operation *op) { return isa<ConstantOp, arith::ConstantOp>(op); }

/// Ops the pass must not evaluate: random ones (a folded dropout mask would
/// be the same every step), state, and anything the evaluator runs only as
/// part of a function. `known(v)` says whether an operand is a constant or
/// the result of an op folded before.
template <typename Known> bool foldable(Operation *op, Known known) {
  if (op->getDialect() != op->getContext()->getLoadedDialect<GnnDialect>())
    return false;
  if (isConstant(op) || op->getNumResults() == 0 || op->getNumRegions() != 0)
    return false;
  if (op->hasAttr("seed") ||
      isa<DropoutOp, GetParameterOp, SgdUpdateOp, AdamUpdateOp>(op))
    return false;
  for (Value operand : op->getOperands())
    if (!known(operand))
      return false;
  for (Value r : op->getResults()) {
    auto t = dyn_cast<RankedTensorType>(r.getType());
    if (!t || !t.hasStaticShape())
      return false;
  }
  return true;
}

struct GnnFoldConstantsPass
    : public mlir::gnn::impl::GnnFoldConstantsBase<GnnFoldConstantsPass> {
  using GnnFoldConstantsBase::GnnFoldConstantsBase;

  void runOnOperation() override {
    // Evaluate every foldable op in program order, keeping the values on the
    // side; only values that something left on the device reads become
    // constants. An intermediate (a gather of every edge's feature row on
    // its way to a segment sum) never becomes an attribute, which would
    // stay in the context for good.
    llvm::DenseMap<Value, gnnrt::Tensor> values;
    auto known = [&](Value v) {
      Operation *def = v.getDefiningOp();
      return def && (isConstant(def) || values.contains(v));
    };
    auto valueOf = [&](Value v) -> FailureOr<gnnrt::Tensor> {
      auto it = values.find(v);
      if (it != values.end())
        return it->second;
      FailureOr<SmallVector<gnnrt::Tensor>> t =
          gnnc::evaluateOperation(v.getDefiningOp(), {});
      if (failed(t))
        return failure();
      values[v] = (*t)[0];
      return (*t)[0];
    };
    SmallVector<Operation *> ops, folded;
    getOperation().walk([&](Operation *op) { ops.push_back(op); });
    for (Operation *op : ops) {
      if (!foldable(op, known))
        continue;
      int64_t elements = 0;
      for (Value r : op->getResults())
        elements += cast<RankedTensorType>(r.getType()).getNumElements();
      if (elements > maxElements)
        continue;
      SmallVector<gnnrt::Tensor> operands;
      for (Value operand : op->getOperands()) {
        FailureOr<gnnrt::Tensor> t = valueOf(operand);
        if (failed(t))
          return signalPassFailure();
        operands.push_back(*std::move(t));
      }
      // An op the evaluator rejects on these constants (an index out of
      // range, say) would fail at run time too; reporting it now names it.
      FailureOr<SmallVector<gnnrt::Tensor>> results =
          gnnc::evaluateOperation(op, operands);
      if (failed(results))
        return signalPassFailure();
      for (auto [r, t] : llvm::zip_equal(op->getResults(), *results))
        values[r] = std::move(t);
      folded.push_back(op);
    }
    llvm::DenseSet<Operation *> isFolded(folded.begin(), folded.end());
    auto readLater = [&](OpOperand &use) {
      return !isFolded.contains(use.getOwner());
    };
    for (Operation *op : folded) {
      OpBuilder b(op);
      for (Value r : op->getResults()) {
        if (llvm::none_of(r.getUses(), readLater))
          continue;
        auto type = cast<RankedTensorType>(r.getType());
        auto c = b.create<ConstantOp>(op->getLoc(), type,
                                      gnnc::tensorToAttr(values[r], type));
        r.replaceUsesWithIf(c.getResult(), readLater);
      }
    }
    for (Operation *op : llvm::reverse(folded))
      op->erase();
    numFolded += folded.size();
  }
};

} // namespace
