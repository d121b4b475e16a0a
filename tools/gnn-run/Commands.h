//===- Commands.h - gnn-run subcommands -------------------------*- C++ -*-===//
//
// Each subcommand lives in its own file with its own options (attached to its
// llvm::cl::SubCommand) and a run function returning the exit code.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRUN_COMMANDS_H
#define GNNRUN_COMMANDS_H

#include "llvm/Support/CommandLine.h"

namespace gnnrun {

/// `gnn-run eval`: evaluate a function with the reference evaluator.
extern llvm::cl::SubCommand evalCommand;
int runEval();
/// `gnn-run train-ref`: training steps on the reference evaluator.
extern llvm::cl::SubCommand trainCommand;
int runTrain();

/// `gnn-run data`: batch a dataset into fixed-size batches and report the
/// summary, batching efficiency and loader throughput.
extern llvm::cl::SubCommand dataCommand;
int runData();

/// `gnn-run compile`: a model to an executable for the simulator.
extern llvm::cl::SubCommand compileCommand;
int runCompile();
/// `gnn-run train`: compile (cached), train and evaluate on the simulator.
extern llvm::cl::SubCommand simTrainCommand;
int runSimTrain();
/// `gnn-run infer`: predictions from a checkpoint on the simulator.
extern llvm::cl::SubCommand inferCommand;
int runInfer();

/// `gnn-run check`: simulated programs against the reference evaluator.
extern llvm::cl::SubCommand checkCommand;
int runCheck();

/// Each subcommand's options; main hides every other option (LLVM's own)
/// from --help.
extern llvm::cl::OptionCategory evalCategory, trainRefCategory, dataCategory,
    simCategory;

} // namespace gnnrun

#endif // GNNRUN_COMMANDS_H
