//===- Compiler.cpp - gnnc's embedding API: compile a model ---------------===//
#include "gnnc/Compiler.h"
#include "absl/strings/str_split.h"
#include "gnnrt/Npy.h"

#include "ModelSource.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gnnc/Conversion/Pipelines.h"
#include "gnnc/Target/Executable.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "gnn/GnnOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/xxhash.h"

#ifndef GNNC_SOURCE_REVISION
#define GNNC_SOURCE_REVISION "unknown"
#endif

using namespace mlir;

namespace gnnc {

void reseedModel(ModuleOp module, int64_t seed) {
  // The importer derives every seed from the description's: parameter i
  // draws from seed * 1000 + i, dropout j from seed * 1000 + 500 + j.
  auto old = module->getAttrOfType<IntegerAttr>("gnn.seed");
  int64_t base = old ? old.getInt() * 1000 : 0;
  auto reseed = [&](int64_t s) { return seed * 1000 + (s - base); };
  Builder b(module.getContext());
  module.walk([&](Operation *op) {
    if (!isa<mlir::gnn::ParameterOp, mlir::gnn::DropoutOp>(op))
      return;
    // Seed 0 is a seed too (a description without `seed:`); only a
    // parameter with a deterministic initialiser keeps it.
    if (auto param = dyn_cast<mlir::gnn::ParameterOp>(op))
      if (param.getInit() == mlir::gnn::InitKind::zeros ||
          param.getInit() == mlir::gnn::InitKind::ones ||
          param.getInit() == mlir::gnn::InitKind::constant ||
          param.getInit() == mlir::gnn::InitKind::value)
        return;
    auto s = op->getAttrOfType<IntegerAttr>("seed");
    op->setAttr("seed", b.getI64IntegerAttr(reseed(s ? s.getInt() : base)));
  });
  module->setAttr("gnn.seed", b.getI64IntegerAttr(seed));
}

std::string CompileOptions::toString() const {
  std::string s = absl::StrFormat(
      "target=%s ipus=%d tiles=%d num-nodes=%d num-edges=%d num-graphs=%d "
      "train=%d loss-function=%s model-seed=%d",
      target, ipus, tiles, numNodes, numEdges, numGraphs, train ? 1 : 0,
      lossFunction, modelSeed);
  // A different graph is a different executable.
  if (!fixedInputs.empty())
    absl::StrAppend(&s, " renumber-graph=", renumberGraph ? 1 : 0);
  for (const auto &[name, value] : fixedInputs) {
    llvm::ArrayRef<uint8_t> bytes(value.rawData(),
                                  static_cast<size_t>(value.sizeInBytes()));
    absl::StrAppendFormat(
        &s, " fixed:%s=%s:%s:%016x", name, gnnrt::dtypeName(value.dtype()),
        gnnrt::shapeToString(value.shape()),
        llvm::xxh3_64bits(bytes));
  }
  return s;
}

absl::Status readBoundInputs(absl::string_view pairs,
                             std::map<std::string, gnnrt::Tensor> &inputs) {
  for (absl::string_view pair : absl::StrSplit(pairs, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> np =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (np.first.empty() || np.second.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "bind: '", pair,
          "' is not name=file.npy (e.g. src=src.npy,dst=dst.npy)"));
    if (inputs.count(np.first))
      return absl::InvalidArgumentError(
          absl::StrCat("bind: input '", np.first, "' is bound twice"));
    absl::StatusOr<gnnrt::Tensor> t = gnnrt::readNpyFile(np.second);
    if (!t.ok())
      return absl::InvalidArgumentError(absl::StrCat(
          "bind: input '", np.first, "': ", t.status().message()));
    inputs[np.first] = *std::move(t);
  }
  return absl::OkStatus();
}

std::string compilerVersion() {
  return absl::StrCat("gnnc 0.2 (", GNNC_SOURCE_REVISION, ")");
}

absl::StatusOr<gnnrt::exec::Executable>
compileModelSource(absl::string_view source, const std::string &name,
                   const CompileOptions &options, CompileInfo *info,
                   bool wantBspMlir) {
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<detail::LoadedModel>> model =
      detail::LoadedModel::load(source, name, options.modelSeed);
  if (!model.ok())
    return model.status();
  ModuleOp module = (*model)->module();
  mlir::gnn::CompileOptions pipeline = detail::pipelineOptions(options, module);
  PassManager pm(&(*model)->context(), ModuleOp::getOperationName());
  mlir::gnn::buildCompilePipeline(pm, pipeline);
  if (failed(pm.run(module)))
    return (*model)->error("compilation failed");
  if (info && wantBspMlir) {
    llvm::raw_string_ostream os(info->bspMlir);
    OpPrintingFlags flags;
    flags.elideLargeElementsAttrs(16);
    module->print(os, flags);
  }
  FailureOr<gnnc::exec::Executable> proto = buildExecutableProto(module);
  if (failed(proto))
    return (*model)->error("cannot build the executable");
  CompileOptions used = options;
  used.train = pipeline.train;
  proto->set_producer(compilerVersion());
  (*proto->mutable_metadata())["gnn.compile_options"] = used.toString();
  absl::StatusOr<gnnrt::exec::Executable> exe =
      gnnrt::exec::fromProto(*proto, name);
  if (info)
    info->seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  return exe;
}

absl::StatusOr<gnnrt::exec::Executable>
compileModelFile(const std::string &path, const CompileOptions &options,
                 CompileInfo *info, bool wantBspMlir) {
  absl::StatusOr<std::string> source = detail::readModelFile(path);
  if (!source.ok())
    return source.status();
  return compileModelSource(*source, path, options, info, wantBspMlir);
}

absl::StatusOr<gnnrt::exec::Executable>
compileModelCached(const std::string &path, const CompileOptions &options,
                   const std::string &cacheDir, CompileInfo *info) {
  absl::StatusOr<std::string> read = detail::readModelFile(path);
  if (!read.ok())
    return read.status();
  const std::string &source = *read;
  std::string key = absl::StrCat(compilerVersion(), "\n", options.toString(),
                                 "\n", source);
  uint64_t hash = llvm::xxh3_64bits(llvm::StringRef(key));
  std::filesystem::path dir(cacheDir);
  std::filesystem::path file = dir / absl::StrFormat("%016x.gnnx", hash);
  if (info)
    info->cachePath = file.string();
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    absl::StatusOr<gnnrt::exec::Executable> cached =
        gnnrt::exec::loadExecutable(file.string());
    if (cached.ok()) {
      if (info)
        info->cacheHit = true;
      return cached;
    }
    // A damaged entry is recompiled and replaced.
  }
  absl::StatusOr<gnnrt::exec::Executable> exe =
      compileModelSource(source, path, options, info);
  if (!exe.ok())
    return exe;
  // The cache is an optimisation: failing to write it loses nothing, so the
  // compiled executable is returned whatever happens here. The temporary
  // name is unique per process, thread and call, and rename() replaces
  // atomically, so concurrent compiles of one model never see half a file.
  static std::atomic<uint64_t> counter{0};
  std::filesystem::create_directories(dir, ec);
  std::string tmp = absl::StrCat(
      file.string(), ".tmp.", getpid(), ".",
      std::hash<std::thread::id>()(std::this_thread::get_id()), ".",
      counter++);
  if (!ec && gnnrt::exec::saveExecutable(*exe, tmp).ok()) {
    std::filesystem::rename(tmp, file, ec);
    if (ec)
      std::filesystem::remove(tmp, ec);
  }
  return exe;
}

} // namespace gnnc
