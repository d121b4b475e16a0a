//===- LayerKernels.cpp - Reference kernels (continued) -----------------------===//
#include "gnnrt/LayerKernels.h"

namespace gnnrt {} // namespace gnnrt
