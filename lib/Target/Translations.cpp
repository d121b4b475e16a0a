//===- Translations.cpp - Register every gnnc translation -----------------===//
#include "gnnc/Target/Translations.h"

void gnnc::registerAllTranslations() {
  static bool once = [] {
    registerParameterManifestTranslation();
    registerModelImportTranslation();
    return true;
  }();
  (void)once;
}
