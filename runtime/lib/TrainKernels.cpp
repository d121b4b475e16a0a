//===- TrainKernels.cpp - Reference kernels (continued) -----------------------===//
#include "gnnrt/TrainKernels.h"

namespace gnnrt {} // namespace gnnrt
