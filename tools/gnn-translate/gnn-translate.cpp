//===- gnn-translate.cpp - Translations in and out of gnnc IR -------------===//
//
// mlir-translate for gnnc: model descriptions in, IR out; IR to executables
// and manifests. Each translation registers itself in lib/Target/.
//
//===----------------------------------------------------------------------===//
#include "gnnc/Target/Translations.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  gnnc::registerAllTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "gnnc translation driver\n"))
             ? 1
             : 0;
}
