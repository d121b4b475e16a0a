//===- Translations.h - gnnc translations -----------------------*- C++ -*-===//
#ifndef GNNC_TARGET_TRANSLATIONS_H
#define GNNC_TARGET_TRANSLATIONS_H

namespace gnnc {

/// `--gnn-to-parameter-manifest`: the parameters of a module as JSON.
void registerParameterManifestTranslation();

/// Every translation gnn-translate offers.
void registerAllTranslations();

} // namespace gnnc

#endif // GNNC_TARGET_TRANSLATIONS_H
