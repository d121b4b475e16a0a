// RUN: gnn-opt %s | gnn-opt | FileCheck %s
// Round trip of the training ops (GnnTrainOps.td).

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<4x8xf32>, %y: tensor<2x3x4xi64>) -> (tensor<8x4xf32>, tensor<4x2x3xi64>) {
  // CHECK: gnn.transpose %{{.*}} permutation [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
  %t = gnn.transpose %x permutation [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
  // CHECK: gnn.transpose %{{.*}} permutation [2, 0, 1] : tensor<2x3x4xi64> -> tensor<4x2x3xi64>
  %u = gnn.transpose %y permutation [2, 0, 1] : tensor<2x3x4xi64> -> tensor<4x2x3xi64>
  return %t, %u : tensor<8x4xf32>, tensor<4x2x3xi64>
}

// CHECK-LABEL: func.func @sgd
func.func @sgd(%p: tensor<4x8xf32>, %g: tensor<4x8xf32>, %buf: tensor<4x8xf32>, %step: tensor<i64>)
    -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  // CHECK: %[[P:.*]] = gnn.sgd_update %{{.*}}, %{{.*}}, %{{.*}} {lr = 1.000000e-01 : f64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<i64>) -> tensor<4x8xf32>
  %p1 = gnn.sgd_update %p, %g, %step {lr = 0.1 : f64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<i64>) -> tensor<4x8xf32>
  // CHECK: gnn.sgd_update %[[P]], %{{.*}}, %{{.*}} momentum_buffer %{{.*}} {lr = 1.000000e-01 : f64, momentum = 9.000000e-01 : f64, nesterov, weight_decay = 5.000000e-04 : f64}
  %p2, %b2 = gnn.sgd_update %p1, %g, %step momentum_buffer %buf {lr = 0.1 : f64, momentum = 0.9 : f64, nesterov, weight_decay = 5.0e-4 : f64}
      : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<i64>, tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>)
  return %p1, %p2, %b2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @adam
func.func @adam(%p: tensor<16xf32>, %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>, %step: tensor<i64>)
    -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) {
  // CHECK: gnn.adam_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {decoupled, lr = 1.000000e-02 : f64, weight_decay = 1.000000e-02 : f64}
  %p2, %m2, %v2 = gnn.adam_update %p, %g, %m, %v, %step {lr = 0.01 : f64, weight_decay = 0.01 : f64, decoupled}
      : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<i64>)
      -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return %p2, %m2, %v2 : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>
}
