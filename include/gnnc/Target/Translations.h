//===- Translations.h - gnnc translations -----------------------*- C++ -*-===//
#ifndef GNNC_TARGET_TRANSLATIONS_H
#define GNNC_TARGET_TRANSLATIONS_H

namespace gnnc {

/// `--gnn-to-parameter-manifest`: the parameters of a module as JSON.
void registerParameterManifestTranslation();

/// `--import-model`: a model description (proto/model.proto, as text format
/// or JSON) to a gnn module with inference and loss functions.
void registerModelImportTranslation();

/// Every translation gnn-translate offers.
void registerAllTranslations();

} // namespace gnnc

#endif // GNNC_TARGET_TRANSLATIONS_H
