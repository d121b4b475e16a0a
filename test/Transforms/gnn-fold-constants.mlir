// RUN: gnn-opt %s --gnn-fold-constants --split-input-file | FileCheck %s
// RUN: gnn-opt %s --gnn-fold-constants="max-elements=4" --split-input-file | FileCheck %s --check-prefix=SMALL

// A fixed graph's self-loops, degrees and coefficients fold in order; only
// the values something left reads become constants (the concatenated dst
// only feeds the folded degree).
// CHECK-LABEL: func.func @gcn_coefficients
// CHECK-DAG: gnn.constant dense<[0, 1, 0, 1, 2]> : tensor<5xi64>
// CHECK-DAG: gnn.constant dense<[1.000000e+00, 2.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NOT: dense<[1, 2, 0, 1, 2]>
// CHECK-NOT: gnn.iota
// CHECK-NOT: gnn.concat
// CHECK-NOT: gnn.degree
// CHECK: %[[M:.*]] = gnn.gather %arg0[
// CHECK: return %[[M]]
// SMALL-LABEL: func.func @gcn_coefficients
// SMALL: gnn.constant dense<[0, 1, 2]> : tensor<3xi64>
// SMALL: gnn.concat
func.func @gcn_coefficients(%x: tensor<3x2xf32>) -> (tensor<5x2xf32>, tensor<3xf32>) {
  %src = gnn.constant dense<[0, 1]> : tensor<2xi64>
  %dst = gnn.constant dense<[1, 2]> : tensor<2xi64>
  %ids = gnn.iota : tensor<3xi64>
  %s = gnn.concat %src, %ids axis 0 : (tensor<2xi64>, tensor<3xi64>) -> tensor<5xi64>
  %d = gnn.concat %dst, %ids axis 0 : (tensor<2xi64>, tensor<3xi64>) -> tensor<5xi64>
  %deg = gnn.degree %d : (tensor<5xi64>) -> tensor<3xf32>
  %m = gnn.gather %x[%s] : (tensor<3x2xf32>, tensor<5xi64>) -> tensor<5x2xf32>
  return %m, %deg : tensor<5x2xf32>, tensor<3xf32>
}

// -----

// Random ops and ops on non-constant operands stay.
// CHECK-LABEL: func.func @keeps_dropout_and_inputs
// CHECK: gnn.dropout
// CHECK: gnn.relu %arg0
func.func @keeps_dropout_and_inputs(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %c = gnn.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %d = gnn.dropout %c {p = 0.5 : f64, seed = 7 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  %r = gnn.relu %x : tensor<2xf32>
  return %d, %r : tensor<2xf32>, tensor<2xf32>
}
