// RUN: gnn-opt %s --gnn-partition="target=test" --split-input-file | FileCheck %s

// One GCN-style layer on the 16-tile test target. Node rows (64) and edge
// rows (256) each get one block size shared by every value with that many
// rows, so row-local ops (relu, add) line up without moving data; the
// linear layer is row-local with its weight broadcast; the gather and the
// scatter get tile-group plans; the contraction for a weight gradient is
// planned with its transpose folded in.
// CHECK-LABEL: func.func @layer
// CHECK-SAME: %{{.*}}: tensor<64x8xf32> {bsp.mapping = #bsp.mapping<dim = 0, block = 8, tiles = #bsp.tiles<0, 8>>
// CHECK-SAME: %{{.*}}: tensor<256xi64> {bsp.mapping = #bsp.mapping<dim = 0, block = 16, tiles = #bsp.tiles<0, 16>>
// CHECK-SAME: bsp.target = #bsp.target<tiles_per_ipu = 16, bytes_per_tile = 65536
func.func @layer(%x: tensor<64x8xf32>, %src: tensor<256xi64>, %dst: tensor<256xi64>,
                 %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> (tensor<64x4xf32>, tensor<4x8xf32>) {
  // CHECK: gnn.linear {{.*}}bsp.mappings = [#bsp.mapping<dim = 0, block = 8, tiles = #bsp.tiles<0, 8>>], bsp.plan = {kind = "rows"}
  %h = gnn.linear %x, %w, %b : (tensor<64x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<64x4xf32>
  // CHECK: gnn.gather {{.*}}bsp.plan = {groups = {{[0-9]+}} : i64, kind = "gather"}
  %m = gnn.gather %h[%src] : (tensor<64x4xf32>, tensor<256xi64>) -> tensor<256x4xf32>
  // CHECK: gnn.scatter {{.*}}bsp.plan = {groups = {{[0-9]+}} : i64, kind = "scatter"}
  %a = gnn.scatter sum %m, %dst : (tensor<256x4xf32>, tensor<256xi64>) -> tensor<64x4xf32>
  // CHECK: gnn.relu {{.*}}bsp.plan = {kind = "rows"}
  %r = gnn.relu %a : tensor<64x4xf32>
  // CHECK: gnn.transpose {{.*}}bsp.plan = {kind = "none"}
  %t = gnn.transpose %r permutation [1, 0] : tensor<64x4xf32> -> tensor<4x64xf32>
  // CHECK: gnn.matmul {{.*}}bsp.plan = {groups = {{[0-9]+}} : i64, kind = "contract"}
  %g = gnn.matmul %t, %x : (tensor<4x64xf32>, tensor<64x8xf32>) -> tensor<4x8xf32>
  return %r, %g : tensor<64x4xf32>, tensor<4x8xf32>
}

// -----

// (Edge rows: 16-byte message rows need 16 rows per tile, which 256 rows
// fill exactly on 16 tiles.)

// Reductions over rows and losses are partial-and-combine plans; a 2-D
// transpose that feeds something else than a contraction is done by the
// exchange (transpose_runs); a rank-0 result and a transpose of higher rank
// run whole on one tile.
// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<64x8xf32>, %y: tensor<64xi64>, %m: tensor<64xi1>, %z: tensor<4x2x8xf32>) -> (tensor<8xf32>, tensor<f32>, tensor<8x64xf32>, tensor<f32>, tensor<8x2x4xf32>) {
  // CHECK: gnn.reduce {{.*}}bsp.plan = {kind = "reduce_rows"}
  %s = gnn.reduce sum %x dims [0] : tensor<64x8xf32> -> tensor<8xf32>
  // CHECK: gnn.cross_entropy {{.*}}bsp.mappings = [#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>], bsp.plan = {kind = "loss"}
  %l = gnn.cross_entropy mean %x, %y mask %m : (tensor<64x8xf32>, tensor<64xi64>, tensor<64xi1>) -> tensor<f32>
  // CHECK: gnn.transpose {{.*}}bsp.plan = {kind = "transpose_runs"}
  %t = gnn.transpose %x permutation [1, 0] : tensor<64x8xf32> -> tensor<8x64xf32>
  // CHECK: gnn.add {{.*}}bsp.plan = {kind = "serial", tile = 0 : i64}
  %d = gnn.add %l, %l : (tensor<f32>, tensor<f32>) -> tensor<f32>
  // CHECK: gnn.transpose {{.*}}bsp.plan = {kind = "serial", tile = 1 : i64}
  %t3 = gnn.transpose %z permutation [2, 1, 0] : tensor<4x2x8xf32> -> tensor<8x2x4xf32>
  return %s, %l, %t, %d, %t3 : tensor<8xf32>, tensor<f32>, tensor<8x64xf32>, tensor<f32>, tensor<8x2x4xf32>
}

// -----

// The grain: 24-byte rows would give one row per tile on 16 tiles; the
// block grows so every tile holds at least 256 bytes (11 rows).
// CHECK-LABEL: func.func @grain
// CHECK-SAME: bsp.mapping = #bsp.mapping<dim = 0, block = 11, tiles = #bsp.tiles<0, 2>>
func.func @grain(%x: tensor<20x6xf32>) -> tensor<20x6xf32> {
  %r = gnn.relu %x : tensor<20x6xf32>
  return %r : tensor<20x6xf32>
}

// -----

// Tables too wide for the row plans are split by columns: every tile holds
// all rows of a few columns and all the indices. The weight gradient of a
// wide layer is split by output columns the same way.
// CHECK-LABEL: func.func @wide
func.func @wide(%x: tensor<32x512xf32>, %src: tensor<128xi64>, %dst: tensor<128xi64>, %g: tensor<32x32xf32>)
    -> (tensor<32x512xf32>, tensor<32x512xf32>) {
  // CHECK: gnn.gather {{.*}}bsp.plan = {columns = 32 : i64, kind = "gather_cols", tiles = 16 : i64}
  %m = gnn.gather %x[%src] : (tensor<32x512xf32>, tensor<128xi64>) -> tensor<128x512xf32>
  // CHECK: gnn.scatter {{.*}}bsp.plan = {columns = 32 : i64, kind = "scatter_cols", tiles = 16 : i64}
  %a = gnn.scatter sum %m, %dst : (tensor<128x512xf32>, tensor<128xi64>) -> tensor<32x512xf32>
  %t = gnn.transpose %g permutation [1, 0] : tensor<32x32xf32> -> tensor<32x32xf32>
  // CHECK: gnn.matmul {{.*}}bsp.plan = {columns = 32 : i64, kind = "contract_cols", tiles = 16 : i64}
  %w = gnn.matmul %t, %a : (tensor<32x32xf32>, tensor<32x512xf32>) -> tensor<32x512xf32>
  return %a, %w : tensor<32x512xf32>, tensor<32x512xf32>
}

