//===- ModelSource.cpp - Reading a model for the embedding API ------------===//
#include "ModelSource.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gnnc/InitAll.h"
#include "gnnc/Target/ModelImport.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace gnnc::detail {
namespace {

bool isModelDescription(absl::string_view name) {
  for (absl::string_view ext : {".textproto", ".pbtxt", ".json", ".txtpb"})
    if (absl::EndsWith(name, ext))
      return true;
  return false;
}

DialectRegistry allDialects() {
  DialectRegistry registry;
  registerAllDialects(registry);
  return registry;
}

} // namespace

absl::StatusOr<std::string> readModelFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the model file"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

LoadedModel::LoadedModel(std::string name)
    : name_(std::move(name)), ctx_(allDialects()) {
  ctx_.loadAllAvailableDialects();
  // An error on the module must not print the whole module (its weights).
  ctx_.printOpOnDiagnostic(false);
}

absl::StatusOr<std::unique_ptr<LoadedModel>>
LoadedModel::load(absl::string_view source, const std::string &name,
                  int64_t modelSeed) {
  std::unique_ptr<LoadedModel> m(new LoadedModel(name));
  m->sourceMgr_.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(source.data(), source.size()), name),
      llvm::SMLoc());
  m->handler_ = std::make_unique<SourceMgrDiagnosticHandler>(
      m->sourceMgr_, &m->ctx_, m->diagOs_);
  m->module_ = isModelDescription(name)
                   ? importModelDescription(m->sourceMgr_, &m->ctx_)
                   : parseSourceFile<ModuleOp>(m->sourceMgr_, &m->ctx_);
  if (!m->module_)
    return m->error("cannot read the model");
  if (modelSeed >= 0)
    reseedModel(m->module(), modelSeed);
  return m;
}

absl::Status LoadedModel::error(absl::string_view what) {
  diagOs_.flush();
  return absl::InvalidArgumentError(absl::StrCat(
      name_, ": ", what, diagnostics_.empty() ? "" : "\n", diagnostics_));
}

mlir::gnn::CompileOptions pipelineOptions(const CompileOptions &options,
                                          ModuleOp module) {
  mlir::gnn::CompileOptions p;
  p.target = options.target;
  p.ipus = options.ipus;
  p.tiles = options.tiles;
  p.numNodes = options.numNodes;
  p.numEdges = options.numEdges;
  p.numGraphs = options.numGraphs;
  p.lossFunction = options.lossFunction;
  p.train = options.train &&
            module.lookupSymbol<func::FuncOp>(options.lossFunction);
  if (!options.fixedInputs.empty()) {
    auto bound = std::make_shared<mlir::gnn::BoundInputs>();
    for (const auto &[name, value] : options.fixedInputs)
      (*bound)[name] = value;
    p.boundInputs = std::move(bound);
  }
  p.renumberGraph = options.renumberGraph;
  return p;
}

} // namespace gnnc::detail
