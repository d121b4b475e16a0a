//===- Translations.cpp - Register every gnnc translation -----------------===//
#include "gnnc/Target/Translations.h"

namespace gnnc {
/// `--bsp-to-executable` and `--bsp-to-executable-text` (BspToExecutable.cpp).
void registerBspToExecutableTranslation();
/// `--bsp-to-metrics` (BspMetrics.cpp).
void registerBspMetricsTranslation();
} // namespace gnnc

void gnnc::registerAllTranslations() {
  static bool once = [] {
    registerParameterManifestTranslation();
    registerModelImportTranslation();
    registerBspToExecutableTranslation();
    registerBspMetricsTranslation();
    return true;
  }();
  (void)once;
}
