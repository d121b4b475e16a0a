//===- Pipelines.cpp - gnn-staticize --------------------------------------===//
#include "gnnc/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::gnn::buildStaticizePipeline(OpPassManager &pm,
                                       const StaticizeOptions &options) {
  // Whole programs: helpers such as a normalisation function are inlined.
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  OpPassManager &fn = pm.nest<func::FuncOp>();
  fn.addPass(createGnnLowerBooleanIndex());
  fn.addPass(createGnnPadToFixedSize(GnnPadToFixedSizeOptions{
      options.numNodes, options.numEdges, options.numGraphs}));
  fn.addPass(createGnnStaticSelfLoops());
  fn.addPass(createGnnInferStaticSizes(
      GnnInferStaticSizesOptions{options.numNodes, options.numGraphs}));
  fn.addPass(createCanonicalizerPass());
  fn.addPass(createCSEPass());
  fn.addPass(createGnnVerifyStatic());
}

namespace {
struct StaticizePipelineOptions
    : public PassPipelineOptions<StaticizePipelineOptions> {
  Option<int64_t> numNodes{*this, "num-nodes",
                           llvm::cl::desc("Fixed number of nodes"),
                           llvm::cl::init(0)};
  Option<int64_t> numEdges{*this, "num-edges",
                           llvm::cl::desc("Fixed number of edges"),
                           llvm::cl::init(0)};
  Option<int64_t> numGraphs{
      *this, "num-graphs",
      llvm::cl::desc("Fixed number of graphs (including the null graph)"),
      llvm::cl::init(0)};
};
} // namespace

void mlir::gnn::registerGnnPipelines() {
  PassPipelineRegistration<StaticizePipelineOptions>(
      "gnn-staticize",
      "Turn a dynamically shaped gnn program into a static, masked one",
      [](OpPassManager &pm, const StaticizePipelineOptions &options) {
        buildStaticizePipeline(pm, StaticizeOptions{options.numNodes,
                                                    options.numEdges,
                                                    options.numGraphs});
      });
}
