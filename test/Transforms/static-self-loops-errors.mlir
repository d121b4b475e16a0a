// RUN: gnn-opt %s --gnn-static-self-loops -split-input-file -verify-diagnostics

func.func @dynamic_nodes(%src: tensor<6xi64>, %dst: tensor<6xi64>, %x: tensor<?x3xf32>) -> tensor<?xi64> {
  // expected-error @+1 {{self-loop insertion needs a static number of edges and nodes to become static (got 6 edges and ? nodes); run gnn-pad-to-fixed-size first}}
  %s, %d = gnn.add_self_loops all %src, %dst nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<?x3xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  return %s : tensor<?xi64>
}

// -----

func.func @mask_cannot_reach_return(%src: tensor<6xi64>, %dst: tensor<6xi64>, %x: tensor<4x3xf32>) -> tensor<?xi64> {
  %s, %d = gnn.add_self_loops remaining %src, %dst nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<4x3xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  // expected-error @+1 {{returns masked self-loop rows, which carry no mask outside the function; return what a masked reduction computes from them}}
  return %s : tensor<?xi64>
}

// -----

func.func @too_many_edges_for_positions(%src: tensor<16777218xi64>, %dst: tensor<16777218xi64>, %w: tensor<16777218xf32>, %x: tensor<3x1xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{add_remaining_self_loops with weights over 16777218 edges: the static form finds existing loops by edge position, exact only below 16777216 edges; split the edge list or add the loops in the data}}
  %s, %d, %w2 = gnn.add_self_loops remaining %src, %dst weights %w nodes %x : (tensor<16777218xi64>, tensor<16777218xi64>, tensor<16777218xf32>, tensor<3x1xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  %deg = gnn.degree %d weights %w2 : (tensor<?xi64>, tensor<?xf32>) -> tensor<?xf32>
  return %deg : tensor<?xf32>
}
