//===- gnn-run.cpp - Run gnnc programs --------------------------------------===//
//
// A thin main over the subcommands in this folder (see Commands.h):
//   gnn-run compile MODEL -o EXE     compile for the BSP simulator
//   gnn-run train MODEL ...          train and evaluate on the simulator
//   gnn-run infer MODEL ...          predict from a checkpoint on the simulator
//   gnn-run eval FILE.mlir ...       evaluate with the reference evaluator
//   gnn-run train-ref STEP.mlir ...  training steps on the reference evaluator
//   gnn-run data DATASET ...         batch a dataset into fixed-size batches
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  // --help lists gnn-run's options, not those LLVM's libraries register.
  for (llvm::cl::SubCommand *sub :
       {&llvm::cl::SubCommand::getTopLevel(), &gnnrun::compileCommand,
        &gnnrun::simTrainCommand, &gnnrun::inferCommand, &gnnrun::checkCommand,
        &gnnrun::evalCommand, &gnnrun::trainCommand, &gnnrun::dataCommand})
    llvm::cl::HideUnrelatedOptions(
        {&gnnrun::evalCategory, &gnnrun::trainRefCategory,
         &gnnrun::dataCategory, &gnnrun::simCategory},
        *sub);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "gnn-run: run gnnc programs\n\n"
      "  gnn-run compile MODEL -o EXE compile a model for the BSP simulator\n"
      "  gnn-run train MODEL          train and evaluate on the simulator\n"
      "  gnn-run infer MODEL          predict from a checkpoint\n"
      "  gnn-run check MODEL          simulator against the reference evaluator\n"
      "  gnn-run eval FILE.mlir       evaluate with the reference evaluator\n"
      "  gnn-run train-ref STEP.mlir  run gnn-autodiff train steps on the\n"
      "                               reference evaluator\n"
      "  gnn-run data DATASET     batch a dataset into fixed-size batches and\n"
      "                           report efficiency and loader throughput\n");
  if (gnnrun::compileCommand)
    return gnnrun::runCompile();
  if (gnnrun::simTrainCommand)
    return gnnrun::runSimTrain();
  if (gnnrun::inferCommand)
    return gnnrun::runInfer();
  if (gnnrun::checkCommand)
    return gnnrun::runCheck();
  if (gnnrun::evalCommand)
    return gnnrun::runEval();
  if (gnnrun::trainCommand)
    return gnnrun::runTrain();
  if (gnnrun::dataCommand)
    return gnnrun::runData();
  llvm::errs() << "gnn-run: give a subcommand (compile, train, infer, check, eval, train-ref or data); see "
                  "gnn-run --help\n";
  return 1;
}
