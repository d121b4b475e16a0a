//===- Compiler.cpp - gnnc's embedding API: compile a model ---------------===//
#include "gnnc/Compiler.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gnnc/Conversion/Pipelines.h"
#include "gnnc/InitAll.h"
#include "gnnc/Target/Executable.h"
#include "gnnc/Target/ModelImport.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "gnn/GnnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/xxhash.h"

#ifndef GNNC_SOURCE_REVISION
#define GNNC_SOURCE_REVISION "unknown"
#endif

using namespace mlir;

namespace gnnc {
namespace {

bool isModelDescription(absl::string_view name) {
  for (absl::string_view ext : {".textproto", ".pbtxt", ".json", ".txtpb"})
    if (name.size() >= ext.size() &&
        name.substr(name.size() - ext.size()) == ext)
      return true;
  return false;
}

} // namespace

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
  return absl::StrFormat("target=%s ipus=%d tiles=%d num-nodes=%d "
                         "num-edges=%d num-graphs=%d train=%d loss-function=%s "
                         "model-seed=%d",
                         target, ipus, tiles, numNodes, numEdges, numGraphs,
                         train ? 1 : 0, lossFunction, modelSeed);
}

std::string compilerVersion() {
  return absl::StrCat("gnnc 0.2 (", GNNC_SOURCE_REVISION, ")");
}

absl::StatusOr<gnnrt::exec::Executable>
compileModelSource(absl::string_view source, const std::string &name,
                   const CompileOptions &options, CompileInfo *info,
                   bool wantBspMlir) {
  auto start = std::chrono::steady_clock::now();
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  // An error on the module must not print the whole module (its weights).
  ctx.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(source.data(), source.size()), name),
      llvm::SMLoc());
  std::string diagnostics;
  llvm::raw_string_ostream diagOs(diagnostics);
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx, diagOs);
  auto fail = [&](absl::string_view what) {
    diagOs.flush();
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": ", what, diagnostics.empty() ? "" : "\n", diagnostics));
  };

  OwningOpRef<ModuleOp> module =
      isModelDescription(name)
          ? importModelDescription(sourceMgr, &ctx)
          : parseSourceFile<ModuleOp>(sourceMgr, &ctx);
  if (!module)
    return fail("cannot read the model");

  CompileOptions opts = options;
  if (opts.modelSeed >= 0)
    reseedModel(*module, opts.modelSeed);
  if (opts.train && !module->lookupSymbol<func::FuncOp>(opts.lossFunction))
    opts.train = false; // an inference-only model
  mlir::gnn::CompileOptions pipeline;
  pipeline.target = opts.target;
  pipeline.ipus = opts.ipus;
  pipeline.tiles = opts.tiles;
  pipeline.numNodes = opts.numNodes;
  pipeline.numEdges = opts.numEdges;
  pipeline.numGraphs = opts.numGraphs;
  pipeline.train = opts.train;
  pipeline.lossFunction = opts.lossFunction;
  PassManager pm(&ctx, ModuleOp::getOperationName());
  mlir::gnn::buildCompilePipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return fail("compilation failed");
  if (info && wantBspMlir) {
    llvm::raw_string_ostream os(info->bspMlir);
    OpPrintingFlags flags;
    flags.elideLargeElementsAttrs(16);
    module->print(os, flags);
  }
  FailureOr<gnnc::exec::Executable> proto = buildExecutableProto(*module);
  if (failed(proto))
    return fail("cannot build the executable");
  proto->set_producer(compilerVersion());
  (*proto->mutable_metadata())["gnn.compile_options"] = opts.toString();
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
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the model file"));
  std::stringstream text;
  text << in.rdbuf();
  return compileModelSource(text.str(), path, options, info, wantBspMlir);
}

absl::StatusOr<gnnrt::exec::Executable>
compileModelCached(const std::string &path, const CompileOptions &options,
                   const std::string &cacheDir, CompileInfo *info) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the model file"));
  std::stringstream text;
  text << in.rdbuf();
  std::string source = text.str();
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
