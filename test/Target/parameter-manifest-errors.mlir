// Invalid IR is rejected with its location before any translation runs.
// RUN: not gnn-translate --gnn-to-parameter-manifest %s 2>&1 | FileCheck %s

// CHECK: parameter-manifest-errors.mlir:[[@LINE+1]]:1: error: 'gnn.parameter' op uniform initialiser needs low < high
gnn.parameter @w : tensor<4xf32> init uniform {low = 1.0 : f64, high = 0.0 : f64}
