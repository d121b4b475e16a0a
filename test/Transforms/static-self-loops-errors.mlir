// RUN: gnn-opt %s --gnn-static-self-loops -split-input-file -verify-diagnostics

func.func @dynamic_nodes(%src: tensor<6xi64>, %dst: tensor<6xi64>, %x: tensor<?x3xf32>) -> tensor<?xi64> {
  // expected-error @+1 {{self-loop insertion needs a static number of edges and nodes to become static (got 6 edges and ? nodes); run gnn-pad-to-fixed-size first}}
  %s, %d = gnn.add_self_loops all %src, %dst nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<?x3xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  return %s : tensor<?xi64>
}

// -----

func.func @mask_cannot_reach_return(%src: tensor<6xi64>, %dst: tensor<6xi64>, %x: tensor<4x3xf32>) -> tensor<?xi64> {
  %s, %d = gnn.add_self_loops remaining %src, %dst nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<4x3xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  // expected-error @+1 {{'func.return' reads an edge list whose self-loops were made static with an edge mask, and cannot take that mask}}
  return %s : tensor<?xi64>
}
