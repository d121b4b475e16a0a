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

// A partial result of 65536 x 16 floats and their counts (4.25 MiB) cannot
// sit on a 64 KiB tile, and one column of it (256 KiB) cannot either.
func.func @too_big(%m: tensor<64x16xf32>, %dst: tensor<64xi64>) -> tensor<65536x16xf32> {
  // expected-error @+1 {{reducing 64 rows into 65536 segments of 16 values fits no plan within 39321 bytes per tile (60% of a tile): a full partial per tile needs at least 4456768; split by columns, 262976; an L x S grid needs more than the 16 tiles}}
  %a = gnn.scatter sum %m, %dst : (tensor<64x16xf32>, tensor<64xi64>) -> tensor<65536x16xf32>
  return %a : tensor<65536x16xf32>
}

// -----

// A 256 x 1024 table (1 MiB) is too big to replicate and, with 4096 lookups,
// too tall to split by columns on 16 tiles of 64 KiB.
func.func @table(%x: tensor<256x1024xf32>, %i: tensor<4096xi64>) -> tensor<4096x1024xf32> {
  // expected-error @+1 {{gathering 4096 rows from a 256 x 1024 table fits no plan within 39321 bytes per tile (60% of a tile): replicated, each tile needs at least 2099200; split by columns, 1146880; an L x S grid needs more than the 16 tiles}}
  %g = gnn.gather %x[%i] : (tensor<256x1024xf32>, tensor<4096xi64>) -> tensor<4096x1024xf32>
  return %g : tensor<4096x1024xf32>
}

