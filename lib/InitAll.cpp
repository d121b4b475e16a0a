//===- InitAll.cpp - Register every gnnc dialect and pass -----------------===//
#include "gnnc/InitAll.h"

#include "bsp/BspDialect.h"
#include "gnn/GnnDialect.h"
#include "gnnc/Conversion/Passes.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void gnnc::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::gnn::GnnDialect, mlir::bsp::BspDialect,
                  mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::tensor::TensorDialect>();
  // func.call is inlinable (the static-shape pipeline inlines helpers).
  mlir::func::registerInlinerExtension(registry);
}

void gnnc::registerAllPasses() {
  mlir::registerTransformsPasses();
  mlir::gnn::registerGnnPasses();
  mlir::gnn::registerGnnPipelines();
  mlir::gnn::registerGnncConversionPasses();
  mlir::gnn::registerGnnCompilePipeline();
}
