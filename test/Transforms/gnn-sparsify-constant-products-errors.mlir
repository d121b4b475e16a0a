// RUN: gnn-opt %s --gnn-sparsify-constant-products="max-density=1.5" -verify-diagnostics -split-input-file
// RUN: gnn-opt %s --gnn-sparsify-constant-products="min-elements=-1" -verify-diagnostics -split-input-file
// RUN: gnn-opt %s --gnn-sparsify-constant-products="max-transpose-elements=-1" -verify-diagnostics -split-input-file

// Options outside their range are an error naming both.
// expected-error @below {{gnn-sparsify-constant-products: max-density must lie in [0, 1] and min-elements and max-transpose-elements be >= 0}}
func.func @bad_options(%w: tensor<2x4xf32>) -> tensor<2x4xf32> {
  return %w : tensor<2x4xf32>
}
