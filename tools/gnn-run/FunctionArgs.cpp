//===- FunctionArgs.cpp - Function selection and .npy I/O ----------------===//
#include "FunctionArgs.h"

#include "gnnrt/Npy.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

llvm::StringRef gnnrun::attrString(DictionaryAttr attrs, llvm::StringRef key) {
  if (attrs)
    if (auto s = attrs.getAs<StringAttr>(key))
      return s.getValue();
  return "";
}

FailureOr<func::FuncOp> gnnrun::selectFunction(
    ModuleOp module, llvm::StringRef name,
    llvm::function_ref<bool(func::FuncOp)> isCandidate,
    llvm::function_ref<void(llvm::ArrayRef<func::FuncOp>)> reportAmbiguous) {
  if (!name.empty()) {
    auto fn = module.lookupSymbol<func::FuncOp>(name);
    if (!fn)
      return module.emitError("no function named '") << name << "'";
    return fn;
  }
  SmallVector<func::FuncOp> candidates;
  for (auto fn : module.getOps<func::FuncOp>())
    if (isCandidate(fn))
      candidates.push_back(fn);
  if (candidates.size() == 1)
    return candidates.front();
  reportAmbiguous(candidates);
  return failure();
}

std::string gnnrun::npyPath(llvm::StringRef dir, llvm::StringRef name) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name + ".npy");
  return std::string(path);
}

FailureOr<gnnrt::Tensor> gnnrun::readNpy(llvm::StringRef path) {
  absl::StatusOr<gnnrt::Tensor> tensor = gnnrt::readNpyFile(path.str());
  if (!tensor.ok()) {
    llvm::errs() << "error: " << std::string(tensor.status().message())
                 << "\n";
    return failure();
  }
  return *std::move(tensor);
}

LogicalResult gnnrun::writeNpy(llvm::StringRef path,
                               const gnnrt::Tensor &tensor) {
  absl::Status status = gnnrt::writeNpyFile(path.str(), tensor);
  if (!status.ok()) {
    llvm::errs() << "error: " << std::string(status.message()) << "\n";
    return failure();
  }
  return success();
}
