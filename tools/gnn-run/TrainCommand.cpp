//===- TrainCommand.cpp - `gnn-run train-ref`: training on the evaluator ---===//
//
//   gnn-run train-ref FILE.mlir [--function F] [--steps N] [--input NAME=X.npy]...
//                    [--seed S] [--weights DIR] [--checkpoint-dir DIR]
//                    [--losses FILE]
//
// Runs N steps of a train-step function made by gnn-autodiff on the reference
// evaluator and prints (and optionally writes) the loss of every step:
//
//   gnn-opt model.mlir --gnn-autodiff="optimizer=adam lr=0.01" |
//     gnn-run train-ref - --steps 100 --weights init/ --input x=x.npy ...
//
// Weights and checkpoints are directories of .npy files, one per parameter,
// buffer and optimizer-state entry, named after their gnn.name (e.g.
// conv1.weight.npy, conv1.weight.exp_avg.npy), plus _step.npy (i64, the
// number of steps taken) in checkpoints. Entries missing from --weights start
// from the module's initialisers (optimizer state from zeros).
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <string>

#include "Commands.h"
#include "FunctionArgs.h"
#include "LoadedModule.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/InitAll.h"
#include "gnnrt/Npy.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

cl::SubCommand gnnrun::trainCommand(
    "train-ref",
    "Run training steps of a gnn-autodiff train step on the reference "
    "evaluator");
cl::OptionCategory gnnrun::trainRefCategory("gnn-run train-ref options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .mlir file>"),
                                          cl::init("-"),
                                          cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<std::string> functionName(
    "function",
    cl::desc("Train-step function (default: the only one with a step "
             "argument)"),
    cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<int64_t> numSteps("steps", cl::desc("Number of steps"),
                                 cl::init(1), cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::list<std::string>
    inputSpecs("input", cl::desc("NAME=FILE.npy: the input named NAME"),
               cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<uint64_t>
    seed("seed", cl::desc("Generate the inputs not given by --input"),
         cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<std::string> weightsDir(
    "weights",
    cl::desc("Directory of initial weights / a checkpoint (<name>.npy)"),
    cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<std::string> checkpointDir(
    "checkpoint-dir",
    cl::desc("Write the final parameters and optimizer state here"),
    cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));
static cl::opt<std::string>
    lossesFile("losses", cl::desc("Write the per-step losses, one per line"),
               cl::sub(gnnrun::trainCommand), cl::cat(gnnrun::trainRefCategory));

namespace {

using gnnrun::attrString;
using gnnrun::npyPath;

FailureOr<func::FuncOp> selectTrainStep(ModuleOp module) {
  return gnnrun::selectFunction(
      module, functionName,
      [](func::FuncOp fn) {
        for (unsigned i = 0; i < fn.getNumArguments(); ++i)
          if (attrString(fn.getArgAttrDict(i), "gnn.role") == "step")
            return true;
        return false;
      },
      [&](ArrayRef<func::FuncOp> candidates) {
        module.emitError("found ")
            << candidates.size()
            << " train-step functions (functions with a gnn.role = \"step\" "
               "argument); run gnn-autodiff first or choose one with "
               "--function";
      });
}

} // namespace

int gnnrun::runTrain() {
  std::unique_ptr<LoadedModule> loaded = LoadedModule::load(inputFilename);
  if (!loaded)
    return 1;
  ModuleOp module = loaded->module();
  FailureOr<func::FuncOp> fn = selectTrainStep(module);
  if (failed(fn))
    return 1;
  if (numSteps < 0) {
    llvm::errs() << "error: --steps must be >= 0\n";
    return 1;
  }

  // Inputs by gnn.name: from files, else generated.
  llvm::StringMap<gnnrt::Tensor> inputs;
  SmallVector<bool> given(fn->getNumArguments(), true);
  llvm::StringMap<unsigned> inputArg;
  for (unsigned i = 0; i < fn->getNumArguments(); ++i)
    if (attrString(fn->getArgAttrDict(i), "gnn.role") == "input") {
      inputArg[attrString(fn->getArgAttrDict(i), "gnn.name")] = i;
      given[i] = false;
    }
  for (const std::string &spec : inputSpecs) {
    auto [key, path] = llvm::StringRef(spec).split('=');
    auto it = inputArg.find(key);
    if (key.empty() || path.empty() || it == inputArg.end()) {
      llvm::errs() << "error: --input '" << spec << "': expected NAME=FILE.npy "
                   << "with NAME one of the inputs of '" << fn->getSymName()
                   << "':";
      for (auto &entry : inputArg)
        llvm::errs() << " " << entry.getKey();
      llvm::errs() << "\n";
      return 1;
    }
    FailureOr<gnnrt::Tensor> t = gnnrun::readNpy(path);
    if (failed(t))
      return 1;
    inputs[key] = *std::move(t);
    given[it->second] = true;
  }
  if (seed.getNumOccurrences()) {
    FailureOr<SmallVector<gnnrt::Tensor>> generated =
        gnnc::generateArguments(*fn, seed, given);
    if (failed(generated))
      return 1;
    for (auto &entry : inputArg)
      if (!given[entry.second])
        inputs[entry.getKey()] = (*generated)[entry.second];
  }
  for (auto &entry : inputArg)
    if (!inputs.count(entry.getKey())) {
      llvm::errs() << "error: input '" << entry.getKey()
                   << "' has no value: pass --input " << entry.getKey()
                   << "=FILE.npy or --seed N\n";
      return 1;
    }

  // Initial state: --weights entries, the rest from initialisers / zeros.
  gnnc::ParameterStore state;
  int64_t firstStep = 1;
  if (!weightsDir.empty()) {
    if (!llvm::sys::fs::is_directory(weightsDir)) {
      llvm::errs() << "error: --weights '" << weightsDir
                   << "' is not a directory\n";
      return 1;
    }
    for (unsigned i = 0; i < fn->getNumArguments(); ++i) {
      llvm::StringRef role = attrString(fn->getArgAttrDict(i), "gnn.role");
      if (role != "parameter" && role != "buffer" && role != "optimizer_state")
        continue;
      llvm::StringRef name = attrString(fn->getArgAttrDict(i), "gnn.name");
      std::string path = npyPath(weightsDir, name);
      if (!llvm::sys::fs::exists(path))
        continue;
      FailureOr<gnnrt::Tensor> t = gnnrun::readNpy(path);
      if (failed(t))
        return 1;
      state[name] = *std::move(t);
    }
    std::string stepPath = npyPath(weightsDir, "_step");
    if (llvm::sys::fs::exists(stepPath)) {
      absl::StatusOr<gnnrt::Tensor> t = gnnrt::readNpyFile(stepPath);
      if (!t.ok() || t->numElements() != 1 || !t->isInteger()) {
        llvm::errs() << "error: " << stepPath
                     << " must hold one integer (the steps taken)\n";
        return 1;
      }
      firstStep = t->intAt(0) + 1;
    }
  }

  FailureOr<SmallVector<float>> losses =
      gnnc::runTrainSteps(*fn, state, inputs, firstStep, numSteps);
  if (failed(losses))
    return 1;

  std::string text;
  llvm::raw_string_ostream os(text);
  for (float loss : *losses) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.9e", static_cast<double>(loss));
    os << buffer << "\n";
  }
  for (auto [i, loss] : llvm::enumerate(*losses)) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.9e", static_cast<double>(loss));
    llvm::outs() << "step " << firstStep + static_cast<int64_t>(i) << " loss "
                 << buffer << "\n";
  }
  if (!lossesFile.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream out(lossesFile, ec);
    if (ec) {
      llvm::errs() << "error: cannot write '" << lossesFile
                   << "': " << ec.message() << "\n";
      return 1;
    }
    out << text;
  }
  if (!checkpointDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(checkpointDir)) {
      llvm::errs() << "error: cannot create '" << checkpointDir
                   << "': " << ec.message() << "\n";
      return 1;
    }
    for (auto &entry : state) {
      if (entry.getKey().contains('/') || entry.getKey().starts_with(".")) {
        llvm::errs() << "error: state '" << entry.getKey()
                     << "' cannot be a file name\n";
        return 1;
      }
      if (failed(gnnrun::writeNpy(npyPath(checkpointDir, entry.getKey()),
                                  entry.getValue())))
        return 1;
    }
    if (failed(gnnrun::writeNpy(
            npyPath(checkpointDir, "_step"),
            gnnrt::Tensor::fromI64({}, {firstStep + numSteps - 1}))))
      return 1;
  }
  return 0;
}
