// RUN: gnn-opt %s --gnn-infer-static-sizes --split-input-file | FileCheck %s

// The index also gathers from a node tensor of 5 rows: 5 segments, and the
// shapes that follow become static.
// CHECK-LABEL: func.func @from_gathered_nodes
// CHECK: gnn.degree %{{.*}} : (tensor<8xi64>) -> tensor<5xf32>
// CHECK: gnn.pow %{{.*}} : tensor<5xf32>
// CHECK: gnn.scatter sum %{{.*}}, %{{.*}} : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
// CHECK: gnn.relu %{{.*}} : tensor<5x3xf32>
// CHECK: return {{.*}} : tensor<5x3xf32>, tensor<5xf32>
func.func @from_gathered_nodes(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) -> (tensor<?x3xf32>, tensor<?xf32>) {
  %deg = gnn.degree %dst : (tensor<8xi64>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %xj = gnn.gather %x[%dst] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
  %agg = gnn.scatter sum %xj, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<?x3xf32>
  %r = gnn.relu %agg : tensor<?x3xf32>
  return %r, %dinv : tensor<?x3xf32>, tensor<?xf32>
}

// -----

// Message passing into targets of known size, and loops appended by a static
// self-loop insertion (concat with an iota of the node count).
// CHECK-LABEL: func.func @from_targets_and_loops
// CHECK: gnn.message_passing {{.*}} -> tensor<4x2xf32>
// CHECK: gnn.degree %{{.*}} : (tensor<10xi64>) -> tensor<4xf32>
func.func @from_targets_and_loops(%h: tensor<4x2xf32>, %src: tensor<6xi64>, %dst: tensor<6xi64>) -> (tensor<?x2xf32>, tensor<?xf32>) {
  %out = gnn.message_passing sum edges(%src, %dst : tensor<6xi64>, tensor<6xi64>) targets(%h : tensor<4x2xf32>) -> tensor<?x2xf32> {
  ^bb0(%hi: tensor<6x2xf32>):
    gnn.yield %hi : tensor<6x2xf32>
  }
  %ids = gnn.iota : tensor<4xi64>
  %d2 = gnn.concat %dst, %ids axis 0 : (tensor<6xi64>, tensor<4xi64>) -> tensor<10xi64>
  %deg = gnn.degree %d2 : (tensor<10xi64>) -> tensor<?xf32>
  return %out, %deg : tensor<?x2xf32>, tensor<?xf32>
}

// -----

// Seed 001: global_mean_pool without size= takes gnn.num_graphs from the
// function (or the num-graphs option, see infer-static-sizes-options.mlir).
// CHECK-LABEL: func.func @pool_size_from_function
// CHECK: gnn.global_pool mean %{{.*}}, %{{.*}} : (tensor<9x4xf32>, tensor<9xi64>) -> tensor<3x4xf32>
func.func @pool_size_from_function(%h: tensor<9x4xf32>, %batch: tensor<9xi64>) -> tensor<?x4xf32> attributes {gnn.num_graphs = 3 : i64} {
  %g = gnn.global_pool mean %h, %batch : (tensor<9x4xf32>, tensor<9xi64>) -> tensor<?x4xf32>
  return %g : tensor<?x4xf32>
}

