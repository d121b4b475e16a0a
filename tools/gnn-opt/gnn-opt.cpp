//===- gnn-opt.cpp - mlir-opt for gnnc ------------------------------------===//
//
// Parses, verifies, transforms and prints IR of every gnnc dialect; runs any
// registered pass or pipeline (`gnn-opt --help` lists them).
//
//===----------------------------------------------------------------------===//
#include "gnnc/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  gnnc::registerAllDialects(registry);
  gnnc::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "gnnc optimizer driver\n", registry));
}
