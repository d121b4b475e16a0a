//===- ParameterManifest.cpp - Parameters of a module as JSON -------------===//
//
// Frameworks that embed gnnc map their own state dicts onto gnn.parameter
// ops; this manifest tells them the names, shapes, element types,
// initialisers and which entries are frozen buffers.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/InitAll.h"
#include "gnnc/Target/Translations.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/JSON.h"

using namespace mlir;

static LogicalResult writeParameterManifest(Operation *op,
                                            llvm::raw_ostream &os) {
  auto module = llvm::dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a builtin.module");
  llvm::json::Array params;
  int64_t totalElements = 0;
  for (auto param : module.getOps<gnn::ParameterOp>()) {
    RankedTensorType type = param.getTensorType();
    llvm::json::Array shape;
    for (int64_t d : type.getShape())
      shape.push_back(d);
    std::string elementType;
    llvm::raw_string_ostream(elementType) << type.getElementType();
    totalElements += type.getNumElements();
    llvm::json::Object entry{
        {"name", param.getSymName()},
        {"shape", std::move(shape)},
        {"element_type", elementType},
        {"init", gnn::stringifyInitKind(param.getInit())},
        {"seed", param.getSeed()},
        {"trainable", !param.getFrozen()},
        {"num_elements", type.getNumElements()},
    };
    // The initialiser's parameters, so a framework can reproduce it.
    for (auto [attr, key] : {std::pair(param.getValueAttr(), "value"),
                             std::pair(param.getLowAttr(), "low"),
                             std::pair(param.getHighAttr(), "high"),
                             std::pair(param.getMeanAttr(), "mean"),
                             std::pair(param.getStdAttr(), "std")})
      if (attr)
        entry[key] = attr.getValueAsDouble();
    params.push_back(std::move(entry));
  }
  llvm::json::Object manifest{{"parameters", std::move(params)},
                              {"total_elements", totalElements}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(manifest))) << "\n";
  return success();
}

void gnnc::registerParameterManifestTranslation() {
  TranslateFromMLIRRegistration registration(
      "gnn-to-parameter-manifest",
      "list the gnn.parameter ops of a module as JSON",
      writeParameterManifest, [](DialectRegistry &registry) {
        gnnc::registerAllDialects(registry);
      });
}
