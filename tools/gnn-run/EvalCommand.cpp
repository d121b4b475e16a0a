//===- EvalCommand.cpp - `gnn-run eval`: the reference evaluator -----------===//
//
//   gnn-run eval FILE.mlir [--function F] [--input ARG=FILE.npy]... [--seed N]
//                [--weights DIR] [--output-dir DIR] [--print-limit N]
//
// Runs a function with the reference evaluator. Arguments come from .npy
// files (by position or by their `gnn.name` argument attribute) or are
// generated from a seed; results are printed and optionally written as .npy.
// Parameters come from their initialisers, or from DIR/<name>.npy with
// --weights (e.g. a `gnn-run train-ref --checkpoint-dir` checkpoint).
//
//===----------------------------------------------------------------------===//
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
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

cl::SubCommand gnnrun::evalCommand(
    "eval", "Evaluate a function with the reference evaluator");
cl::OptionCategory gnnrun::evalCategory("gnn-run eval options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .mlir file>"),
                                          cl::init("-"), cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::opt<std::string>
    functionName("function",
                 cl::desc("Function to evaluate (default: the only public "
                          "function with a body)"),
                 cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::list<std::string>
    inputSpecs("input",
               cl::desc("ARG=FILE.npy: value of argument ARG, given by "
                        "position or by its gnn.name attribute"),
               cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::opt<uint64_t>
    seed("seed",
         cl::desc("Generate every argument not given by --input from this "
                  "seed"),
         cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::opt<std::string> weightsDir(
    "weights",
    cl::desc("Directory of parameter values <name>.npy (e.g. a train-ref "
             "checkpoint); parameters without a file keep their initialiser"),
    cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Also write each result as DIR/<name>.npy"),
              cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));
static cl::opt<int64_t>
    printLimit("print-limit",
               cl::desc("Print at most this many elements per result"),
               cl::init(1000), cl::sub(gnnrun::evalCommand), cl::cat(gnnrun::evalCategory));

namespace {

/// The name of argument/result `i` from its `gnn.name` attribute, or "".
std::string attrName(DictionaryAttr attrs) {
  return gnnrun::attrString(attrs, "gnn.name").str();
}

FailureOr<func::FuncOp> selectEvalFunction(ModuleOp module) {
  return gnnrun::selectFunction(
      module, functionName,
      [](func::FuncOp fn) { return fn.isPublic() && !fn.isExternal(); },
      [&](ArrayRef<func::FuncOp> candidates) {
        InFlightDiagnostic diag =
            module.emitError()
            << "found " << candidates.size()
            << " public functions; choose one with --function";
        for (auto fn : candidates)
          diag.attachNote(fn.getLoc())
              << "candidate '" << fn.getSymName() << "'";
      });
}

LogicalResult bindInputs(func::FuncOp fn, SmallVector<gnnrt::Tensor> &args,
                         SmallVector<bool> &given) {
  for (const std::string &spec : inputSpecs) {
    auto [key, path] = llvm::StringRef(spec).split('=');
    if (key.empty() || path.empty()) {
      llvm::errs() << "error: --input '" << spec
                   << "' must be ARG=FILE.npy (ARG: position or gnn.name)\n";
      return failure();
    }
    std::optional<unsigned> index;
    unsigned position;
    if (!key.getAsInteger(10, position)) {
      if (position < fn.getNumArguments())
        index = position;
    } else {
      for (unsigned i = 0; i < fn.getNumArguments(); ++i)
        if (attrName(fn.getArgAttrDict(i)) == key)
          index = i;
    }
    if (!index) {
      llvm::errs() << "error: --input '" << spec << "': function '"
                   << fn.getSymName() << "' has no argument '" << key
                   << "' (it takes " << fn.getNumArguments()
                   << "; name them by position or gnn.name)\n";
      return failure();
    }
    FailureOr<gnnrt::Tensor> tensor = gnnrun::readNpy(path);
    if (failed(tensor))
      return failure();
    args[*index] = *std::move(tensor);
    given[*index] = true;
  }
  return success();
}

/// --weights: replaces the initial value of every parameter that has a
/// DIR/<name>.npy file; the file must match the parameter's type.
LogicalResult loadWeights(gnnc::ParameterStore &params) {
  if (!llvm::sys::fs::is_directory(weightsDir)) {
    llvm::errs() << "error: --weights '" << weightsDir
                 << "' is not a directory (give the folder of <name>.npy "
                    "files, e.g. a train-ref --checkpoint-dir)\n";
    return failure();
  }
  unsigned loaded = 0;
  for (auto &entry : params) {
    std::string path = gnnrun::npyPath(weightsDir, entry.getKey());
    if (!llvm::sys::fs::exists(path))
      continue;
    FailureOr<gnnrt::Tensor> t = gnnrun::readNpy(path);
    if (failed(t))
      return failure();
    const gnnrt::Tensor &expected = entry.getValue();
    if (t->dtype() != expected.dtype() || t->shape() != expected.shape()) {
      llvm::errs() << "error: " << path << " holds "
                   << gnnrt::dtypeName(t->dtype())
                   << gnnrt::shapeToString(t->shape()) << " but parameter '"
                   << entry.getKey() << "' is "
                   << gnnrt::dtypeName(expected.dtype())
                   << gnnrt::shapeToString(expected.shape())
                   << "; write the file with the parameter's type or remove "
                      "it to use the initialiser\n";
      return failure();
    }
    entry.getValue() = *std::move(t);
    ++loaded;
  }
  if (loaded == 0 && !params.empty()) {
    llvm::errs() << "error: --weights '" << weightsDir
                 << "' holds none of the module's parameters (expected e.g. "
                 << params.begin()->getKey() << ".npy)\n";
    return failure();
  }
  return success();
}

} // namespace

int gnnrun::runEval() {
  std::unique_ptr<LoadedModule> loaded = LoadedModule::load(inputFilename);
  if (!loaded)
    return 1;
  ModuleOp module = loaded->module();

  FailureOr<func::FuncOp> fn = selectEvalFunction(module);
  if (failed(fn))
    return 1;

  SmallVector<gnnrt::Tensor> args(fn->getNumArguments());
  SmallVector<bool> given(fn->getNumArguments(), false);
  if (failed(bindInputs(*fn, args, given)))
    return 1;
  if (seed.getNumOccurrences()) {
    // Only what --input did not give is generated.
    FailureOr<SmallVector<gnnrt::Tensor>> generated =
        gnnc::generateArguments(*fn, seed, given);
    if (failed(generated))
      return 1;
    for (auto [i, isGiven] : llvm::enumerate(given))
      if (!isGiven)
        args[i] = std::move((*generated)[i]);
    given.assign(args.size(), true);
  }
  for (auto [i, isGiven] : llvm::enumerate(given)) {
    if (isGiven)
      continue;
    std::string name = attrName(fn->getArgAttrDict(i));
    llvm::errs() << "error: argument #" << i
                 << (name.empty() ? "" : " (" + name + ")")
                 << " of '" << fn->getSymName()
                 << "' has no value: pass --input " << i
                 << "=FILE.npy or --seed N\n";
    return 1;
  }

  FailureOr<gnnc::ParameterStore> params = gnnc::initializeParameters(module);
  if (failed(params))
    return 1;
  if (!weightsDir.empty() && failed(loadWeights(*params)))
    return 1;
  FailureOr<SmallVector<gnnrt::Tensor>> results =
      gnnc::evaluateFunction(*fn, args, *params);
  if (failed(results))
    return 1;

  // Output files are named after the results; names must be plain and
  // distinct so no result overwrites another or lands outside the folder.
  SmallVector<std::string> fileNames;
  for (unsigned i = 0; i < fn->getNumResults(); ++i) {
    std::string name = attrName(fn->getResultAttrDict(i));
    if (name.empty())
      name = "result_" + std::to_string(i);
    if (!outputDir.empty() &&
        (name == "." || name == ".." ||
         name.find_first_of("/\\") != std::string::npos ||
         llvm::is_contained(fileNames, name))) {
      llvm::errs() << "error: result #" << i << " is named '" << name
                   << "', which cannot be a file name in --output-dir: "
                      "give each result a distinct gnn.name without path "
                      "separators\n";
      return 1;
    }
    fileNames.push_back(name);
  }
  if (!outputDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(outputDir)) {
      llvm::errs() << "error: cannot create output directory '" << outputDir
                   << "': " << ec.message() << "\n";
      return 1;
    }
  }
  for (auto [i, result] : llvm::enumerate(*results)) {
    std::string name = attrName(fn->getResultAttrDict(i));
    llvm::outs() << "result #" << i << (name.empty() ? "" : " (" + name + ")")
                 << ": " << result.toString(printLimit) << "\n";
    if (outputDir.empty())
      continue;
    if (failed(gnnrun::writeNpy(gnnrun::npyPath(outputDir, fileNames[i]),
                                result)))
      return 1;
  }
  return 0;
}
