//===- LayerKernels.h - Reference kernels (continued) ---------------------*- C++ -*-===//
#ifndef GNNRT_LAYERKERNELS_H
#define GNNRT_LAYERKERNELS_H

#include "gnnrt/Kernels.h"

namespace gnnrt {} // namespace gnnrt

#endif // GNNRT_LAYERKERNELS_H
