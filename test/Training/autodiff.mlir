// RUN: gnn-opt %s --gnn-autodiff="optimizer=adam lr=0.01" | FileCheck %s
// RUN: gnn-opt %s --gnn-autodiff="optimizer=sgd lr=0.1 momentum=0.9 nesterov=true weight-decay=0.0005" | FileCheck %s --check-prefix=SGD
// RUN: gnn-opt %s --gnn-autodiff="optimizer=none" | FileCheck %s --check-prefix=GRAD
// RUN: gnn-opt %s --gnn-autodiff="optimizer=adamw lr=0.01" | gnn-run train-ref - --steps 3 --seed 1 | FileCheck %s --check-prefix=TRAIN

// A linear layer with dropout, message passing and a masked cross-entropy;
// @bn.mean / @bn.var are frozen running statistics of a batch norm.

gnn.parameter @lin.weight : tensor<3x4xf32> init kaiming_uniform {seed = 1 : i64}
gnn.parameter @lin.bias : tensor<3xf32> init zeros
gnn.parameter @bn.weight : tensor<4xf32> init ones
gnn.parameter @bn.bias : tensor<4xf32> init zeros
gnn.parameter @bn.mean : tensor<4xf32> init zeros {frozen}
gnn.parameter @bn.var : tensor<4xf32> init ones {frozen}

func.func @model(%x: tensor<5x4xf32> {gnn.name = "x"},
                 %src: tensor<8xi64> {gnn.name = "src"},
                 %dst: tensor<8xi64> {gnn.name = "dst"},
                 %y: tensor<5xi64> {gnn.name = "y"},
                 %m: tensor<5xi1> {gnn.name = "train_mask"})
    -> (tensor<f32> {gnn.name = "loss"}, tensor<5x3xf32> {gnn.name = "logits"}) {
  %g = gnn.get_parameter @bn.weight : tensor<4xf32>
  %b = gnn.get_parameter @bn.bias : tensor<4xf32>
  %rm = gnn.get_parameter @bn.mean : tensor<4xf32>
  %rv = gnn.get_parameter @bn.var : tensor<4xf32>
  %xn, %nm, %nv = gnn.batch_norm %x, %g, %b, %rm, %rv {training}
      : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
      -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  %xd = gnn.dropout %xn {p = 5.000000e-01 : f64, seed = 7 : i64} : (tensor<5x4xf32>) -> tensor<5x4xf32>
  %w = gnn.get_parameter @lin.weight : tensor<3x4xf32>
  %bias = gnn.get_parameter @lin.bias : tensor<3xf32>
  %h = gnn.linear %xd, %w, %bias : (tensor<5x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  %agg = gnn.message_passing mean edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%h : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%hj: tensor<8x3xf32>):
    gnn.yield %hj : tensor<8x3xf32>
  }
  %l = gnn.cross_entropy mean %agg, %y mask %m : (tensor<5x3xf32>, tensor<5xi64>, tensor<5xi1>) -> tensor<f32>
  return %l, %agg : tensor<f32>, tensor<5x3xf32>
}

// The original function stays; the train step takes parameters, buffers,
// optimizer state, inputs and the step, and returns the new values.
// CHECK-LABEL: func.func @model(
// CHECK-LABEL: func.func @model_train_step(
// CHECK-SAME: %[[W:[a-z0-9]+]]: tensor<3x4xf32> {gnn.name = "lin.weight", gnn.role = "parameter"}
// CHECK-SAME: tensor<4xf32> {gnn.name = "bn.mean", gnn.role = "buffer"}
// CHECK-SAME: tensor<3x4xf32> {gnn.name = "lin.weight.exp_avg", gnn.role = "optimizer_state"}
// CHECK-SAME: tensor<3x4xf32> {gnn.name = "lin.weight.exp_avg_sq", gnn.role = "optimizer_state"}
// CHECK-SAME: {gnn.name = "x", gnn.role = "input"}
// CHECK-SAME: %[[STEP:[a-z0-9]+]]: tensor<i64> {gnn.name = "step", gnn.role = "step"}
// CHECK-SAME: -> (tensor<3x4xf32> {gnn.name = "lin.weight", gnn.role = "parameter"}
// CHECK-SAME: tensor<4xf32> {gnn.name = "bn.mean", gnn.role = "buffer"}
// CHECK-SAME: tensor<f32> {gnn.name = "loss", gnn.role = "loss"}, tensor<5x3xf32> {gnn.name = "logits", gnn.role = "output"})
// CHECK-SAME: gnn.saved_activation_bytes = {{[1-9][0-9]*}} : i64
// No parameter is read through get_parameter any more; message passing is
// expanded; dropout is keyed by the step, and its gradient reuses the mask.
// CHECK-NOT: gnn.get_parameter
// CHECK-NOT: gnn.message_passing
// CHECK: %[[XN:.*]], %[[NM:.*]], %[[NV:.*]] = gnn.batch_norm
// CHECK: gnn.dropout %[[XN]] offset %[[STEP]] {p = 5.000000e-01 : f64, seed = 7 : i64}
// CHECK: gnn.linear %{{.*}}, %[[W]], %{{.*}}
// CHECK: gnn.scatter mean
// CHECK: gnn.cross_entropy mean
// Backward: softmax - onehot of the counted rows, mean by the count.
// CHECK: gnn.softmax
// CHECK: gnn.degree
// CHECK: gnn.transpose %{{.*}} permutation [1, 0] : tensor<5x3xf32> -> tensor<3x5xf32>
// CHECK: gnn.dropout %{{.*}} offset %[[STEP]] {p = 5.000000e-01 : f64, seed = 7 : i64}
// CHECK: gnn.adam_update %[[W]], %{{.*}}, %{{.*}}, %{{.*}}, %[[STEP]] {lr = 1.000000e-02 : f64}
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NM]], %[[NV]],

// SGD-LABEL: func.func @model_train_step(
// SGD-SAME: {gnn.name = "lin.weight.momentum_buffer", gnn.role = "optimizer_state"}
// SGD: gnn.sgd_update %{{.*}}, %{{.*}}, %{{.*}} momentum_buffer %{{.*}} {lr = 1.000000e-01 : f64, momentum = 9.000000e-01 : f64, nesterov, weight_decay = 5.000000e-04 : f64}

// GRAD-LABEL: func.func @model_grad(
// GRAD-NOT: gnn.role = "step"
// GRAD-SAME: -> (tensor<f32> {gnn.name = "loss", gnn.role = "loss"}, tensor<5x3xf32> {gnn.name = "logits", gnn.role = "output"}, tensor<3x4xf32> {gnn.name = "grad.lin.weight", gnn.role = "gradient"}
// GRAD-NOT: _update

// TRAIN: step 1 loss {{[0-9.e+-]+}}
// TRAIN-NEXT: step 2 loss
// TRAIN-NEXT: step 3 loss
