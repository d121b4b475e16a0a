//===- TrainKernels.h - Reference kernels (continued) ---------------------*- C++ -*-===//
#ifndef GNNRT_TRAINKERNELS_H
#define GNNRT_TRAINKERNELS_H

#include "gnnrt/Kernels.h"

namespace gnnrt {} // namespace gnnrt

#endif // GNNRT_TRAINKERNELS_H
