// RUN: gnn-opt %s --gnn-infer-static-sizes -split-input-file -verify-diagnostics

func.func @pool_without_size(%h: tensor<9x4xf32>, %batch: tensor<9xi64>) -> tensor<?x4xf32> {
  // expected-error @+1 {{cannot infer the number of graphs of 'gnn.global_pool': PyG takes batch.max() + 1, which the IPU cannot; set gnn.num_graphs on the function or pass num-graphs=G (PyG's size= argument)}}
  %g = gnn.global_pool mean %h, %batch : (tensor<9x4xf32>, tensor<9xi64>) -> tensor<?x4xf32>
  return %g : tensor<?x4xf32>
}

// -----

func.func @scatter_without_nodes(%m: tensor<8x3xf32>, %dst: tensor<8xi64>) -> tensor<?x3xf32> {
  // expected-error @+1 {{cannot infer the number of segments of 'gnn.scatter': its index is not used to gather from a node tensor of static size; give the result type a static size, set gnn.num_nodes on the function or pass num-nodes=N}}
  %a = gnn.scatter sum %m, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<?x3xf32>
  return %a : tensor<?x3xf32>
}
