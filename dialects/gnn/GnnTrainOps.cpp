//===- GnnTrainOps.cpp - Verifiers of the ops in GnnTrainOps.td -----------------------===//
#include "gnn/GnnOps.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "llvm/ADT/SmallVector.h"

using namespace mlir;
using namespace mlir::gnn;

LogicalResult TransposeOp::verify() {
  auto in = llvm::cast<RankedTensorType>(getInput().getType());
  auto out = llvm::cast<RankedTensorType>(getResult().getType());
  ArrayRef<int64_t> perm = getPermutation();
  if (static_cast<int64_t>(perm.size()) != in.getRank())
    return emitOpError("permutation has ")
           << perm.size() << " entries but the input has rank "
           << in.getRank();
  if (out.getRank() != in.getRank())
    return emitOpError("result rank ")
           << out.getRank() << " differs from input rank " << in.getRank();
  if (out.getElementType() != in.getElementType())
    return emitOpError("result element type ")
           << out.getElementType() << " differs from the input's "
           << in.getElementType();
  llvm::SmallVector<bool> seen(perm.size(), false);
  for (auto [d, p] : llvm::enumerate(perm)) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return emitOpError("permutation must list every dimension in [0, ")
             << in.getRank() << ") once";
    seen[p] = true;
    int64_t want = in.getDimSize(p), have = out.getDimSize(d);
    if (!ShapedType::isDynamic(want) && !ShapedType::isDynamic(have) &&
        want != have)
      return emitOpError("result dimension ")
             << d << " is " << have << " but input dimension " << p
             << " is " << want;
  }
  return success();
}

/// Common checks of optimizer updates: every float operand and result has
/// the parameter's type, hyperparameters are finite and in range.
static LogicalResult checkSameAsParam(Operation *op, Type paramType,
                                      ValueRange values, StringRef what) {
  for (Value v : values)
    if (v.getType() != paramType)
      return op->emitOpError(what)
             << " of type " << v.getType()
             << " must have the parameter's type " << paramType;
  return success();
}

/// A double as C++ streams print it by default ("0", "0.9", "inf").
static std::string show(double value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

static LogicalResult checkHyper(Operation *op, StringRef name, double value,
                                double low, double high, bool highOpen) {
  if (!std::isfinite(value) || value < low ||
      (highOpen ? value >= high : value > high))
    return op->emitOpError(name)
           << " must lie in [" << show(low) << ", " << show(high)
           << (highOpen ? ")" : "]") << ", got " << show(value);
  return success();
}

LogicalResult SgdUpdateOp::verify() {
  Type type = getParam().getType();
  if (failed(checkSameAsParam(*this, type, getGrad(), "gradient")) ||
      failed(checkSameAsParam(*this, type, getNewParam(), "new parameter")))
    return failure();
  double inf = std::numeric_limits<double>::infinity();
  double momentum = getMomentum().convertToDouble();
  if (failed(checkHyper(*this, "lr", getLr().convertToDouble(), 0, inf, true)) ||
      failed(checkHyper(*this, "momentum", momentum, 0, inf, true)) ||
      failed(checkHyper(*this, "dampening", getDampening().convertToDouble(),
                        -inf, inf, true)) ||
      failed(checkHyper(*this, "weight_decay",
                        getWeightDecay().convertToDouble(), 0, inf, true)))
    return failure();
  bool hasBuffer = momentum != 0.0;
  if (static_cast<bool>(getMomentumBuffer()) != hasBuffer)
    return emitOpError(hasBuffer ? "needs a momentum_buffer operand when "
                                   "momentum != 0"
                                 : "takes no momentum_buffer when momentum "
                                   "is 0");
  if (static_cast<bool>(getNewMomentumBuffer()) != hasBuffer)
    return emitOpError("returns a new momentum buffer exactly when momentum "
                       "!= 0");
  if (hasBuffer &&
      (failed(checkSameAsParam(*this, type, getMomentumBuffer(),
                               "momentum_buffer")) ||
       failed(checkSameAsParam(*this, type, getNewMomentumBuffer(),
                               "new momentum buffer"))))
    return failure();
  if (getNesterov() &&
      (momentum <= 0.0 || getDampening().convertToDouble() != 0.0))
    return emitOpError("Nesterov momentum requires a momentum and zero "
                       "dampening");
  return success();
}

LogicalResult AdamUpdateOp::verify() {
  Type type = getParam().getType();
  if (failed(checkSameAsParam(
          *this, type, {getGrad(), getExpAvg(), getExpAvgSq()},
          "gradient and moment")) ||
      failed(checkSameAsParam(*this, type,
                              {getNewParam(), getNewExpAvg(),
                               getNewExpAvgSq()},
                              "result")))
    return failure();
  double inf = std::numeric_limits<double>::infinity();
  if (failed(checkHyper(*this, "lr", getLr().convertToDouble(), 0, inf, true)) ||
      failed(checkHyper(*this, "beta1", getBeta1().convertToDouble(), 0, 1,
                        true)) ||
      failed(checkHyper(*this, "beta2", getBeta2().convertToDouble(), 0, 1,
                        true)) ||
      failed(checkHyper(*this, "eps", getEps().convertToDouble(), 0, inf,
                        true)) ||
      failed(checkHyper(*this, "weight_decay",
                        getWeightDecay().convertToDouble(), 0, inf, true)))
    return failure();
  return success();
}
