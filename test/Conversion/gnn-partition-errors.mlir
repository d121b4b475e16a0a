// RUN: gnn-opt %s --gnn-partition="target=test" --split-input-file --verify-diagnostics

// expected-error @+1 {{argument #0 is not a static tensor; run gnn-staticize first}}
func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  return %x : tensor<?x8xf32>
}

// -----

func.func @self_loops(%src: tensor<8xi64>, %dst: tensor<8xi64>, %w: tensor<8xf32>, %x: tensor<5x3xf32>) -> tensor<?xi64> {
  // expected-error @+1 {{has a data-dependent result size; run gnn-staticize before gnn-partition}}
  %s, %d, %w2 = gnn.add_self_loops remaining %src, %dst weights %w nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<5x3xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  return %s : tensor<?xi64>
}

// -----

// A partial result of 4096 x 16 floats (256 KiB) cannot sit on a 64 KiB tile.
func.func @too_big(%m: tensor<64x16xf32>, %dst: tensor<64xi64>) -> tensor<4096x16xf32> {
  // expected-error @+1 {{this segment reduction's partial result needs}}
  %a = gnn.scatter sum %m, %dst : (tensor<64x16xf32>, tensor<64xi64>) -> tensor<4096x16xf32>
  return %a : tensor<4096x16xf32>
}

