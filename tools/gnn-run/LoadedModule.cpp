//===- LoadedModule.cpp - A parsed module for gnn-run subcommands ---------===//
#include "LoadedModule.h"

#include "gnnc/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static DialectRegistry allDialects() {
  DialectRegistry registry;
  gnnc::registerAllDialects(registry);
  return registry;
}

gnnrun::LoadedModule::LoadedModule() : ctx(allDialects()) {}

std::unique_ptr<gnnrun::LoadedModule>
gnnrun::LoadedModule::load(llvm::StringRef filename) {
  std::unique_ptr<LoadedModule> loaded(new LoadedModule());
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(filename, &errorMessage);
  if (!file) {
    llvm::errs() << "error: " << errorMessage << "\n";
    return nullptr;
  }
  loaded->sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  loaded->handler = std::make_unique<SourceMgrDiagnosticHandler>(
      loaded->sourceMgr, &loaded->ctx);
  loaded->moduleOp =
      parseSourceFile<ModuleOp>(loaded->sourceMgr, &loaded->ctx);
  if (!loaded->moduleOp)
    return nullptr;
  return loaded;
}
