//===- GnnLayerOps.cpp - Verifiers of the ops in GnnLayerOps.td -----------------------===//
#include "gnn/GnnOps.h"

using namespace mlir;
using namespace mlir::gnn;
