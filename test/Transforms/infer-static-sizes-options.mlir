// RUN: gnn-opt %s --gnn-infer-static-sizes="num-graphs=7 num-nodes=9" | FileCheck %s

// Options win over the function's attributes (as in gnn-pad-to-fixed-size),
// and give the sizes the graph structure does not tell.
// CHECK-LABEL: func.func @options
// CHECK: gnn.global_pool max %{{.*}}, %{{.*}} : (tensor<9x4xf32>, tensor<9xi64>) -> tensor<7x4xf32>
// CHECK: gnn.scatter sum %{{.*}}, %{{.*}} : (tensor<6x4xf32>, tensor<6xi64>) -> tensor<9x4xf32>
// CHECK: return %{{.*}}, %{{.*}} : tensor<7x4xf32>, tensor<9x4xf32>
func.func @options(%h: tensor<9x4xf32>, %batch: tensor<9xi64>, %m: tensor<6x4xf32>, %dst: tensor<6xi64>)
    -> (tensor<?x4xf32>, tensor<?x4xf32>) attributes {gnn.num_graphs = 3 : i64, gnn.num_nodes = 5 : i64} {
  %g = gnn.global_pool max %h, %batch : (tensor<9x4xf32>, tensor<9xi64>) -> tensor<?x4xf32>
  %s = gnn.scatter sum %m, %dst : (tensor<6x4xf32>, tensor<6xi64>) -> tensor<?x4xf32>
  return %g, %s : tensor<?x4xf32>, tensor<?x4xf32>
}
