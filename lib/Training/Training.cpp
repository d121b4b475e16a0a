//===- Training.cpp - Training support ----------------------------------===//
#include "gnnc/Transforms/Passes.h"
