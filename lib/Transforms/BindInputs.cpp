//===- BindInputs.cpp - gnn-bind-inputs ---------------------------------------===//
//
// Replaces function arguments by constants of values known at compile time
// (the edge index of a graph trained full-batch), so that the graph-only
// part of the model folds and gathers/scatters on it get exact halos.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Npy.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNBINDINPUTS
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

struct GnnBindInputsPass
    : public mlir::gnn::impl::GnnBindInputsBase<GnnBindInputsPass> {
  using GnnBindInputsBase::GnnBindInputsBase;
  explicit GnnBindInputsPass(std::shared_ptr<const BoundInputs> values)
      : given(std::move(values)) {}

  LogicalResult initialize(MLIRContext *ctx) override {
    if (given)
      return success();
    auto loaded = std::make_shared<BoundInputs>();
    for (const std::string &pair : inputs) {
      size_t eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
        return emitError(UnknownLoc::get(ctx))
               << "gnn-bind-inputs: '" << pair
               << "' is not name=file.npy (e.g. inputs=src=src.npy)";
      std::string name = pair.substr(0, eq), path = pair.substr(eq + 1);
      absl::StatusOr<gnnrt::Tensor> t = gnnrt::readNpyFile(path);
      if (!t.ok())
        return emitError(UnknownLoc::get(ctx))
               << "gnn-bind-inputs: input '" << name << "': "
               << std::string(t.status().message());
      (*loaded)[name] = *std::move(t);
    }
    given = std::move(loaded);
    requireAll = true;
    return success();
  }

  void runOnOperation() override {
    llvm::StringSet<> used;
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      llvm::BitVector erase(func.getNumArguments());
      OpBuilder b(func.getBody());
      for (BlockArgument arg : func.getArguments()) {
        auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                      "gnn.name");
        auto role = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                      "gnn.role");
        // Parameters and optimizer state are never graph inputs.
        if (!name || (role && role.getValue() != "input"))
          continue;
        auto it = given->find(name.getValue());
        if (it == given->end())
          continue;
        used.insert(name.getValue());
        FailureOr<Value> c = constantFor(func, arg, name.getValue(), it->second, b);
        if (failed(c))
          return signalPassFailure();
        arg.replaceAllUsesWith(*c);
        erase.set(arg.getArgNumber());
        ++numBound;
      }
      func.eraseArguments(erase);
    }
    // From the command line a misspelt name would silently bind nothing;
    // the library binds whichever of a batch's inputs the model takes.
    for (const auto &entry : *given)
      if (requireAll && !used.contains(entry.getKey())) {
        getOperation().emitError("gnn-bind-inputs: no function takes an input "
                                 "named '")
            << entry.getKey() << "'";
        return signalPassFailure();
      }
  }

private:
  FailureOr<Value> constantFor(func::FuncOp func, BlockArgument arg,
                               StringRef name, const gnnrt::Tensor &value,
                               OpBuilder &b) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    auto mismatch = [&]() {
      return func.emitError("gnn-bind-inputs: input '")
             << name << "' (argument #" << arg.getArgNumber() << ") is "
             << arg.getType() << " but the bound value is "
             << gnnrt::shapeToString(value.shape()) << " "
             << std::string(gnnrt::dtypeName(value.dtype()));
    };
    if (!type || !type.hasStaticShape())
      return func.emitError("gnn-bind-inputs: input '")
             << name << "' has type " << arg.getType()
             << "; bind inputs after gnn-staticize, when shapes are static";
    FailureOr<gnnrt::DType> dtype = gnnc::toDType(type.getElementType());
    if (failed(dtype) || value.numElements() != type.getNumElements())
      return mismatch();
    // As a streamed input would be (gnnrt::conformTo, like
    // gnnrt::exec::bindBatch): [N] labels for [N, 1], integer widths, i64
    // labels as f32 targets.
    absl::StatusOr<gnnrt::Tensor> conformed = gnnrt::conformTo(
        value, gnnrt::Shape(type.getShape().begin(), type.getShape().end()),
        *dtype);
    if (!conformed.ok())
      return mismatch();
    const gnnrt::Tensor &t = *conformed;
    auto c =
        b.create<ConstantOp>(arg.getLoc(), type, gnnc::tensorToAttr(t, type));
    // gnn-renumber-graph finds the graph by these marks.
    c->setAttr("gnn.bound", b.getStringAttr(name));
    return c.getResult();
  }

  std::shared_ptr<const BoundInputs> given;
  bool requireAll = false;
};

} // namespace

std::unique_ptr<Pass>
mlir::gnn::createGnnBindInputs(std::shared_ptr<const BoundInputs> values) {
  return std::make_unique<GnnBindInputsPass>(std::move(values));
}
