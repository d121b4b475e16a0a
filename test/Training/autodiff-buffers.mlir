// RUN: gnn-opt %s --gnn-autodiff="optimizer=none" | FileCheck %s

// Batch-norm's updated running statistics are buffers updated outside
// autograd, as in PyTorch: a loss that reads them gets no gradient through
// them (here none at all: the gradients of g and b are zero).
// CHECK-LABEL: func.func @f_grad
// CHECK-SAME: -> (tensor<f32> {gnn.name = "loss", gnn.role = "loss"}, tensor<3xf32> {gnn.name = "grad.g", gnn.role = "gradient"}, tensor<3xf32> {gnn.name = "grad.b", gnn.role = "gradient"})
// CHECK: %[[L:.*]] = gnn.reduce sum %{{.*}} dims [0] : tensor<3xf32> -> tensor<f32>
// CHECK-DAG: %[[Z1:.*]] = gnn.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-DAG: %[[Z2:.*]] = gnn.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: return %[[L]], %[[Z1]], %[[Z2]]
gnn.parameter @g : tensor<3xf32> init ones
gnn.parameter @b : tensor<3xf32> init zeros
gnn.parameter @rm : tensor<3xf32> init zeros {frozen}
gnn.parameter @rv : tensor<3xf32> init ones {frozen}
func.func @f(%x: tensor<5x3xf32> {gnn.name = "x"}) -> (tensor<f32> {gnn.name = "loss"}) {
  %g = gnn.get_parameter @g : tensor<3xf32>
  %b = gnn.get_parameter @b : tensor<3xf32>
  %rm = gnn.get_parameter @rm : tensor<3xf32>
  %rv = gnn.get_parameter @rv : tensor<3xf32>
  %y, %nm, %nv = gnn.batch_norm %x, %g, %b, %rm, %rv {training} : (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>)
  %s = gnn.reduce sum %nm dims [0] : tensor<3xf32> -> tensor<f32>
  return %s : tensor<f32>
}
