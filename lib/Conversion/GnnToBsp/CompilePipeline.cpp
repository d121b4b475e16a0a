//===- CompilePipeline.cpp - gnn-compile --------------------------------------===//
//
// The whole compiler as one pipeline: an imported model (gnn-translate
// --import-model) in, bsp programs out, ready for --bsp-to-executable.
//
//===----------------------------------------------------------------------===//
#include "gnnc/Conversion/Passes.h"
#include "gnnc/Conversion/Pipelines.h"
#include "gnnc/Partition/Targets.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::gnn::buildCompilePipeline(OpPassManager &pm,
                                     const CompileOptions &options) {
  buildCompileFrontendPipeline(pm, options);
  buildCompileBackendPipeline(pm, options);
}

void mlir::gnn::buildCompileFrontendPipeline(OpPassManager &pm,
                                             const CompileOptions &options) {
  buildStaticizePipeline(pm, StaticizeOptions{options.numNodes,
                                              options.numEdges,
                                              options.numGraphs});
  bool bound = options.boundInputs || !options.boundInputFiles.empty();
  if (options.boundInputs) {
    pm.addPass(createGnnBindInputs(options.boundInputs));
  } else if (!options.boundInputFiles.empty()) {
    GnnBindInputsOptions bind;
    bind.inputs = options.boundInputFiles;
    pm.addPass(createGnnBindInputs(bind));
  }
  if (bound && options.renumberGraph) {
    // One node block per tile the node rows will be spread over.
    absl::StatusOr<gnnrt::TargetModel> target =
        gnnc::partition::targetByName(options.target, options.ipus);
    if (target.ok()) {
      if (options.tiles > 0)
        target->tilesPerIpu = options.tiles;
      GnnRenumberGraphOptions renumber;
      renumber.parts = target->totalTiles();
      pm.addPass(createGnnRenumberGraph(renumber));
    }
  }
  if (options.train) {
    GnnAutodiffOptions autodiff;
    autodiff.function = options.lossFunction;
    autodiff.optimizer = "module";
    pm.addPass(createGnnAutodiff(autodiff));
  }
}

void mlir::gnn::buildCompileBackendPipeline(OpPassManager &pm,
                                            const CompileOptions &options) {
  pm.addPass(createGnnExpandMessagePassing());
  pm.addNestedPass<func::FuncOp>(createGnnDecomposeSegmentSoftmax());
  // A graph bound at compile time: its indices, degrees and coefficients
  // become constants, and gathers and scatters on it halo exchanges.
  pm.addNestedPass<func::FuncOp>(createGnnFoldConstants());
  // Features bound with the graph: products with them sum over their
  // nonzeros (halo_spmm) instead of over every zero.
  pm.addNestedPass<func::FuncOp>(createGnnSparsifyConstantProducts());
  pm.addNestedPass<func::FuncOp>(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createCSEPass());
  GnnPartitionOptions partition;
  partition.targetName = options.target;
  partition.numIpus = options.ipus;
  partition.tiles = options.tiles;
  pm.addPass(createGnnPartition(partition));
  pm.addPass(createConvertGnnToBsp());
  BspPlanMemoryOptions memory;
  memory.reportFile = options.memoryReport;
  pm.addPass(createBspPlanMemory(memory));
  pm.addPass(createBspVerifyExchange());
}

namespace {
struct CompilePipelineOptions
    : public PassPipelineOptions<CompilePipelineOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("gc200, bow or test"),
                             llvm::cl::init("gc200")};
  Option<int64_t> ipus{*this, "ipus", llvm::cl::desc("Number of IPUs"),
                       llvm::cl::init(1)};
  Option<int64_t> tiles{*this, "tiles",
                        llvm::cl::desc("Tiles per IPU to use (0: all)"),
                        llvm::cl::init(0)};
  Option<int64_t> numNodes{*this, "num-nodes",
                           llvm::cl::desc("Fixed number of nodes"),
                           llvm::cl::init(0)};
  Option<int64_t> numEdges{*this, "num-edges",
                           llvm::cl::desc("Fixed number of edges"),
                           llvm::cl::init(0)};
  Option<int64_t> numGraphs{*this, "num-graphs",
                            llvm::cl::desc("Fixed number of graphs"),
                            llvm::cl::init(0)};
  Option<bool> train{*this, "train",
                     llvm::cl::desc("Also build the train step (gnn-autodiff "
                                    "with the model's optimizer)"),
                     llvm::cl::init(true)};
  Option<std::string> lossFunction{*this, "loss-function",
                                   llvm::cl::desc("Function to differentiate"),
                                   llvm::cl::init("loss")};
  Option<bool> renumber{
      *this, "renumber",
      llvm::cl::desc("With a bound graph, renumber its nodes and edges so "
                     "that neighbours share tiles (gnn-renumber-graph)"),
      llvm::cl::init(true)};
  ListOption<std::string> bind{
      *this, "bind",
      llvm::cl::desc("Inputs fixed at compile time: name=file.npy pairs "
                     "(gnn-bind-inputs), e.g. a graph trained full-batch")};
  Option<std::string> memoryReport{*this, "memory-report",
                                   llvm::cl::desc("Per-tile memory report JSON"),
                                   llvm::cl::init("")};
};
} // namespace

void mlir::gnn::registerGnnCompilePipeline() {
  PassPipelineRegistration<CompilePipelineOptions>(
      "gnn-compile",
      "Compile an imported gnn model into bsp programs (staticize, autodiff, "
      "partition, lower, plan memory, verify exchanges)",
      [](OpPassManager &pm, const CompilePipelineOptions &o) {
        CompileOptions options;
        options.target = o.target;
        options.ipus = o.ipus;
        options.tiles = o.tiles;
        options.numNodes = o.numNodes;
        options.numEdges = o.numEdges;
        options.numGraphs = o.numGraphs;
        options.train = o.train;
        options.lossFunction = o.lossFunction;
        options.memoryReport = o.memoryReport;
        options.boundInputFiles.assign(o.bind.begin(), o.bind.end());
        options.renumberGraph = o.renumber;
        buildCompilePipeline(pm, options);
      });
}
