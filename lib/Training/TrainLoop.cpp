//===- TrainLoop.cpp - Running train-step functions on the evaluator ------===//
//
// The train step made by gnn-autodiff is a pure function; this loop binds its
// arguments by gnn.role / gnn.name from a store and writes the updated
// parameters, buffers and optimizer state back after every step.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using gnnrt::Tensor;

namespace gnnc {
namespace {

StringRef stringAttr(DictionaryAttr attrs, StringRef key) {
  if (attrs)
    if (auto s = attrs.getAs<StringAttr>(key))
      return s.getValue();
  return "";
}

bool isStateRole(StringRef role) {
  return role == "parameter" || role == "buffer" || role == "optimizer_state";
}

} // namespace

LogicalResult completeTrainState(func::FuncOp trainStep,
                                 ParameterStore &state) {
  auto module = trainStep->getParentOfType<ModuleOp>();
  FailureOr<ParameterStore> initial = initializeParameters(module);
  if (failed(initial))
    return failure();
  for (unsigned i = 0; i < trainStep.getNumArguments(); ++i) {
    DictionaryAttr attrs = trainStep.getArgAttrDict(i);
    StringRef role = stringAttr(attrs, "gnn.role");
    StringRef name = stringAttr(attrs, "gnn.name");
    if (!isStateRole(role))
      continue;
    auto type = llvm::cast<RankedTensorType>(trainStep.getArgumentTypes()[i]);
    auto it = state.find(name);
    if (it != state.end()) {
      FailureOr<gnnrt::DType> dtype = toDType(type.getElementType());
      if (failed(dtype) || it->second.dtype() != *dtype ||
          it->second.shape() != gnnrt::Shape(type.getShape()))
        return trainStep.emitError("state '")
               << name << "' is a " << gnnrt::dtypeName(it->second.dtype())
               << " tensor of shape "
               << gnnrt::shapeToString(it->second.shape()) << " but '"
               << trainStep.getSymName() << "' expects " << type;
      continue;
    }
    if (role == "optimizer_state") {
      state[name] = Tensor(gnnrt::DType::kF32, gnnrt::Shape(type.getShape()));
      continue;
    }
    auto init = initial->find(name);
    if (init == initial->end())
      return trainStep.emitError("no gnn.parameter @")
             << name << " for argument #" << i;
    state[name] = init->second;
  }
  return success();
}

FailureOr<SmallVector<float>>
runTrainSteps(func::FuncOp trainStep, ParameterStore &state,
              const llvm::StringMap<Tensor> &inputs, int64_t firstStep,
              int64_t numSteps) {
  if (failed(completeTrainState(trainStep, state)))
    return failure();
  std::optional<unsigned> lossIndex;
  for (unsigned i = 0; i < trainStep.getNumResults(); ++i)
    if (stringAttr(trainStep.getResultAttrDict(i), "gnn.role") == "loss")
      lossIndex = i;
  if (!lossIndex)
    return trainStep.emitError("has no result with gnn.role = \"loss\"; is "
                               "it a train step made by gnn-autodiff?");
  SmallVector<Tensor> args(trainStep.getNumArguments());
  SmallVector<int> stepArgs;
  for (unsigned i = 0; i < trainStep.getNumArguments(); ++i) {
    DictionaryAttr attrs = trainStep.getArgAttrDict(i);
    StringRef role = stringAttr(attrs, "gnn.role");
    StringRef name = stringAttr(attrs, "gnn.name");
    if (role == "input") {
      auto it = inputs.find(name);
      if (it == inputs.end())
        return trainStep.emitError("no value for input '") << name << "'";
      args[i] = it->second;
    } else if (role == "step") {
      stepArgs.push_back(i);
    } else if (!isStateRole(role)) {
      return trainStep.emitError("argument #")
             << i << " has no gnn.role the training loop knows";
    }
  }
  SmallVector<float> losses;
  for (int64_t s = 0; s < numSteps; ++s) {
    for (unsigned i = 0; i < trainStep.getNumArguments(); ++i) {
      DictionaryAttr attrs = trainStep.getArgAttrDict(i);
      if (isStateRole(stringAttr(attrs, "gnn.role")))
        args[i] = state.find(stringAttr(attrs, "gnn.name"))->second;
    }
    for (int i : stepArgs)
      args[i] = Tensor::fromI64({}, {firstStep + s});
    FailureOr<SmallVector<Tensor>> results =
        evaluateFunction(trainStep, args, state);
    if (failed(results))
      return failure();
    losses.push_back((*results)[*lossIndex].floatAt(0));
    for (unsigned i = 0; i < trainStep.getNumResults(); ++i) {
      DictionaryAttr attrs = trainStep.getResultAttrDict(i);
      if (isStateRole(stringAttr(attrs, "gnn.role")))
        state[stringAttr(attrs, "gnn.name")] = std::move((*results)[i]);
    }
  }
  return losses;
}

} // namespace gnnc
