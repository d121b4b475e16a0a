//===- GnnTrainOps.cpp - Verifiers of the ops in GnnTrainOps.td -----------------------===//
#include "gnn/GnnOps.h"

using namespace mlir;
using namespace mlir::gnn;
