// Choosing the loss result: an explicit name must exist and be unique.
// A loss named explicitly must exist (no fallback to another scalar).
// RUN: not gnn-opt %s --split-input-file --gnn-autodiff="function=named_loss loss=typo optimizer=none" 2>&1 | FileCheck %s --check-prefix=LOSSNAME
// LOSSNAME: error: gnn-autodiff: no result named 'typo' (loss=typo); name the result with gnn.name
func.func @named_loss(%x: tensor<3xf32> {gnn.name = "x"}) -> (tensor<f32> {gnn.name = "aux"}) {
  %s = gnn.reduce sum %x dims [0] : tensor<3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// Two results named like the loss are ambiguous.
// RUN: not gnn-opt %s --split-input-file --gnn-autodiff="function=two_losses optimizer=none" 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: error: gnn-autodiff: results #0 and #1 are both named 'loss'; name the loss uniquely
func.func @two_losses(%x: tensor<3xf32> {gnn.name = "x"}) -> (tensor<f32> {gnn.name = "loss"}, tensor<f32> {gnn.name = "loss"}) {
  %s = gnn.reduce sum %x dims [0] : tensor<3xf32> -> tensor<f32>
  %m = gnn.reduce mean %x dims [0] : tensor<3xf32> -> tensor<f32>
  return %s, %m : tensor<f32>, tensor<f32>
}
