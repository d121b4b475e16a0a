// RUN: gnn-opt %s --gnn-expand-message-passing -split-input-file -verify-diagnostics

// The expansion itself cannot fail on verified IR; what reaches it is checked
// by the op verifiers first, so a malformed message_passing is rejected with
// a diagnostic before the pass would build ill-typed gathers from it.

func.func @message_rows_differ_from_edges(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) -> tensor<5x3xf32> {
  // expected-error @+1 {{yielded message type 'tensor<5x3xf32>' must have one row per edge (8)}}
  %out = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    gnn.yield %x : tensor<5x3xf32>
  }
  return %out : tensor<5x3xf32>
}

// -----

func.func @missing_block_argument(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %w: tensor<8x1xf32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{body must take 2 arguments (one per source, target and edge_data input), got 1}}
  %out = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%x : tensor<5x3xf32>) edge_data(%w : tensor<8x1xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    gnn.yield %xj : tensor<8x3xf32>
  }
  return %out : tensor<5x3xf32>
}
