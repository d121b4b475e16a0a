// RUN: gnn-opt %s -split-input-file -verify-diagnostics --gnn-autodiff
// RUN: not gnn-opt %s --split-input-file --gnn-autodiff="optimizer=rmsprop" 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not gnn-opt %s --split-input-file --gnn-autodiff="optimizer=sgd nesterov=true" 2>&1 | FileCheck %s --check-prefix=NESTEROV
// OPT: unknown optimizer 'rmsprop' (use none, sgd, adam or adamw)
// NESTEROV: Nesterov momentum requires a momentum and zero dampening

gnn.parameter @w : tensor<4xf32> init zeros
// expected-error @+1 {{no result named 'loss' and 0 rank-0 float results}}
func.func @no_loss(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = gnn.get_parameter @w : tensor<4xf32>
  %y = gnn.mul %x, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

gnn.parameter @w : tensor<4xf32> init zeros
// expected-error @+1 {{argument #0 has type 'tensor<?xf32>'; training needs static shapes (run gnn-staticize first)}}
func.func @dynamic(%x: tensor<?xf32>) -> (tensor<f32> {gnn.name = "loss"}) {
  %s = gnn.reduce sum %x dims [0] : tensor<?xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

gnn.parameter @ew : tensor<3xf32> init ones
func.func @no_rule(%src: tensor<3xi64>, %dst: tensor<3xi64>, %x: tensor<2x1xf32>) -> (tensor<f32> {gnn.name = "loss"}) {
  %w = gnn.get_parameter @ew : tensor<3xf32>
  // expected-error @+1 {{'gnn.add_self_loops' op has no gradient rule in gnn-autodiff, but the loss depends on it through a parameter}}
  %s, %d, %nw = gnn.add_self_loops all %src, %dst weights %w nodes %x
      : (tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<2x1xf32>) -> (tensor<5xi64>, tensor<5xi64>, tensor<5xf32>)
  %l = gnn.reduce sum %nw dims [0] : tensor<5xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

gnn.parameter @w : tensor<4xf32> init zeros
// expected-error @+1 {{the loss (result #0) must be a rank-0 f32 tensor, got 'tensor<1xf32>'}}
func.func @vector_loss(%x: tensor<4xf32>) -> (tensor<1xf32> {gnn.name = "loss"}) {
  %w = gnn.get_parameter @w : tensor<4xf32>
  %s = gnn.reduce sum %w dims [0] : tensor<4xf32> -> tensor<f32>
  %r = gnn.reshape %s : tensor<f32> -> tensor<1xf32>
  return %r : tensor<1xf32>
}

