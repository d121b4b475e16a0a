// RUN: gnn-opt %s --gnn-fold-constants --split-input-file -verify-diagnostics

// An index outside the table is reported at compile time, at the op.
func.func @gather_out_of_range(%x: tensor<3x2xf32>) -> tensor<2xf32> {
  %t = gnn.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %i = gnn.constant dense<[0, 5]> : tensor<2xi64>
  // expected-error @+1 {{'gnn.gather' op gather: index 5 at position 1 is out of range [0, 3)}}
  %g = gnn.gather %t[%i] : (tensor<3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %g : tensor<2xf32>
}
