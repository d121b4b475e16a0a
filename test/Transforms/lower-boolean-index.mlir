// RUN: gnn-opt %s --gnn-lower-boolean-index --split-input-file | FileCheck %s

// Seed 001: loss = cross_entropy(out[train_mask], y[train_mask]) becomes the
// loss over all rows with the labels of the other rows set to -100.
// CHECK-LABEL: func.func @masked_cross_entropy
// CHECK-SAME: (%[[X:.*]]: tensor<6x3xf32>, %[[Y:.*]]: tensor<6xi64>, %[[M:.*]]: tensor<6xi1>)
// CHECK-NOT: gnn.boolean_index
// CHECK: %[[IGN:.*]] = gnn.constant dense<-100> : tensor<i64>
// CHECK: %[[YL:.*]] = gnn.where %[[M]], %[[Y]], %[[IGN]] : (tensor<6xi1>, tensor<6xi64>, tensor<i64>) -> tensor<6xi64>
// CHECK: %[[L:.*]] = gnn.cross_entropy mean %[[X]], %[[YL]] : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<f32>
// CHECK: return %[[L]]
func.func @masked_cross_entropy(%x: tensor<6x3xf32>, %y: tensor<6xi64>, %m: tensor<6xi1>) -> tensor<f32> {
  %xs = gnn.boolean_index %x[%m] : (tensor<6x3xf32>, tensor<6xi1>) -> tensor<?x3xf32>
  %ys = gnn.boolean_index %y[%m] : (tensor<6xi64>, tensor<6xi1>) -> tensor<?xi64>
  %l = gnn.cross_entropy mean %xs, %ys : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The selection sinks through row-local ops (log_softmax along features, a
// linear layer, relu) before the NLL loss consumes it; ignore_index is kept.
// CHECK-LABEL: func.func @sinks_through_rowwise_ops
// CHECK-NOT: gnn.boolean_index
// CHECK: %[[IGN:.*]] = gnn.constant dense<-1> : tensor<i32>
// CHECK: %[[H:.*]] = gnn.linear %{{.*}}, %{{.*}} : (tensor<6x4xf32>, tensor<3x4xf32>) -> tensor<6x3xf32>
// CHECK: %[[R:.*]] = gnn.relu %[[H]] : tensor<6x3xf32>
// CHECK: %[[LP:.*]] = gnn.log_softmax %[[R]] axis 1 : tensor<6x3xf32>
// CHECK: %[[YL:.*]] = gnn.where %{{.*}}, %{{.*}}, %[[IGN]]
// CHECK: gnn.nll_loss sum %[[LP]], %[[YL]] {ignore_index = -1 : i64}
func.func @sinks_through_rowwise_ops(%x: tensor<6x4xf32>, %w: tensor<3x4xf32>, %y: tensor<6xi32>, %m: tensor<6xi1>) -> tensor<f32> {
  %xs = gnn.boolean_index %x[%m] : (tensor<6x4xf32>, tensor<6xi1>) -> tensor<?x4xf32>
  %h = gnn.linear %xs, %w : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x3xf32>
  %r = gnn.relu %h : tensor<?x3xf32>
  %lp = gnn.log_softmax %r axis 1 : tensor<?x3xf32>
  %ys = gnn.boolean_index %y[%m] : (tensor<6xi32>, tensor<6xi1>) -> tensor<?xi32>
  %l = gnn.nll_loss sum %lp, %ys {ignore_index = -1 : i64} : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Regression losses take the selection as their row mask.
// CHECK-LABEL: func.func @masked_mse
// CHECK-SAME: (%[[P:.*]]: tensor<6x2xf32>, %[[T:.*]]: tensor<6x2xf32>, %[[M:.*]]: tensor<6xi1>)
// CHECK: gnn.mse_loss mean %[[P]], %[[T]] mask %[[M]] : (tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xi1>) -> tensor<f32>
func.func @masked_mse(%p: tensor<6x2xf32>, %t: tensor<6x2xf32>, %m: tensor<6xi1>) -> tensor<f32> {
  %ps = gnn.boolean_index %p[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  %ts = gnn.boolean_index %t[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  %l = gnn.mse_loss mean %ps, %ts : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Sums and means over selected rows: reductions with a row mask (the mean
// divides by sum(mask)). Elementwise arithmetic between rows selected by the
// same mask sinks too.
// CHECK-LABEL: func.func @masked_reductions
// CHECK-SAME: (%[[X:.*]]: tensor<6x2xf32>, %[[Z:.*]]: tensor<6x2xf32>, %[[M:.*]]: tensor<6xi1>)
// CHECK: %[[D:.*]] = gnn.sub %[[X]], %[[Z]] : (tensor<6x2xf32>, tensor<6x2xf32>) -> tensor<6x2xf32>
// CHECK: gnn.reduce mean %[[D]] dims [0] mask %[[M]] : tensor<6xi1> : tensor<6x2xf32> -> tensor<2xf32>
// CHECK: gnn.reduce sum %[[X]] dims [0, 1] mask %[[M]] : tensor<6xi1> : tensor<6x2xf32> -> tensor<f32>
func.func @masked_reductions(%x: tensor<6x2xf32>, %z: tensor<6x2xf32>, %m: tensor<6xi1>) -> (tensor<2xf32>, tensor<f32>) {
  %xs = gnn.boolean_index %x[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  %zs = gnn.boolean_index %z[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  %d = gnn.sub %xs, %zs : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %mean = gnn.reduce mean %d dims [0] : tensor<?x2xf32> -> tensor<2xf32>
  %sum = gnn.reduce sum %xs dims [0, 1] : tensor<?x2xf32> -> tensor<f32>
  return %mean, %sum : tensor<2xf32>, tensor<f32>
}

// -----

// Pooling and scatter over selected rows take the selection as their mask.
// CHECK-LABEL: func.func @masked_segments
// CHECK: gnn.global_pool mean %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<6x2xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<2x2xf32>
// CHECK: gnn.scatter max %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<6x2xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<2x2xf32>
// CHECK: gnn.degree %{{.*}} mask %{{.*}} : (tensor<6xi64>, tensor<6xi1>) -> tensor<2xf32>
func.func @masked_segments(%x: tensor<6x2xf32>, %b: tensor<6xi64>, %m: tensor<6xi1>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) {
  %xs = gnn.boolean_index %x[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  %bs = gnn.boolean_index %b[%m] : (tensor<6xi64>, tensor<6xi1>) -> tensor<?xi64>
  %p = gnn.global_pool mean %xs, %bs : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<2x2xf32>
  %s = gnn.scatter max %xs, %bs : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<2x2xf32>
  %d = gnn.degree %bs : (tensor<?xi64>) -> tensor<2xf32>
  return %p, %s, %d : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>
}

// -----

// Dropout does not commute with selection (its mask depends on positions):
// leaving it is fine when no selection reaches it.
// CHECK-LABEL: func.func @dont_touch_unselected
// CHECK: gnn.dropout
// CHECK-NOT: gnn.boolean_index
func.func @dont_touch_unselected(%x: tensor<6x2xf32>) -> tensor<6x2xf32> {
  %d = gnn.dropout %x {p = 5.000000e-01 : f64} : (tensor<6x2xf32>) -> tensor<6x2xf32>
  return %d : tensor<6x2xf32>
}

// -----

// An ignore_index the labels' type cannot hold: the selection becomes the
// loss's row mask instead.
// CHECK-LABEL: func.func @wide_ignore_index
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[Y:.*]]: tensor<4xi32>, %[[M:.*]]: tensor<4xi1>)
// CHECK: gnn.cross_entropy mean %[[X]], %[[Y]] mask %[[M]] {ignore_index = 4294967298 : i64}
func.func @wide_ignore_index(%x: tensor<4x3xf32>, %y: tensor<4xi32>, %m: tensor<4xi1>) -> tensor<f32> {
  %xs = gnn.boolean_index %x[%m] : (tensor<4x3xf32>, tensor<4xi1>) -> tensor<?x3xf32>
  %ys = gnn.boolean_index %y[%m] : (tensor<4xi32>, tensor<4xi1>) -> tensor<?xi32>
  %l = gnn.cross_entropy mean %xs, %ys {ignore_index = 4294967298 : i64} : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
  return %l : tensor<f32>
}
