// RUN: gnn-opt %s --gnn-partition --split-input-file | FileCheck %s

// Node tables too tall for a tile and too many lookups to split by columns
// run on an L x S grid: S row blocks of the table, L lookup groups.
// CHECK-LABEL: func.func @tall
func.func @tall(%x: tensor<20001x16xf32>, %src: tensor<60001xi64>, %dst: tensor<60001xi64>) -> tensor<20001x16xf32> {
  // CHECK: gnn.gather {{.*}}bsp.plan = {blocks = {{[0-9]+}} : i64, groups = {{[0-9]+}} : i64, kind = "gather_grid"}
  %m = gnn.gather %x[%src] : (tensor<20001x16xf32>, tensor<60001xi64>) -> tensor<60001x16xf32>
  // CHECK: gnn.scatter {{.*}}bsp.plan = {blocks = {{[0-9]+}} : i64, groups = {{[0-9]+}} : i64, kind = "scatter_grid"}
  %a = gnn.scatter sum %m, %dst : (tensor<60001x16xf32>, tensor<60001xi64>) -> tensor<20001x16xf32>
  return %a : tensor<20001x16xf32>
}

// -----

// A linear layer whose weight (64 x 3066 f32, 785 KB) does not fit a tile
// splits K: each tile multiplies all rows by its columns of x and W.
// CHECK-LABEL: func.func @wide_linear
func.func @wide_linear(%x: tensor<500x3066xf32>, %w: tensor<64x3066xf32>, %b: tensor<64xf32>) -> tensor<500x64xf32> {
  // CHECK: gnn.linear {{.*}}bsp.plan = {columns = {{[0-9]+}} : i64, kind = "linear_ksplit", tiles = {{[0-9]+}} : i64}
  %y = gnn.linear %x, %w, %b : (tensor<500x3066xf32>, tensor<64x3066xf32>, tensor<64xf32>) -> tensor<500x64xf32>
  return %y : tensor<500x64xf32>
}

// -----

// A weight gradient too big for per-tile partials ([64, 1433]) and whose
// left operand is too big to broadcast ([2708, 64]): G row groups, each on
// its own tiles splitting the 1433 columns, then the G partials combined.
// CHECK-LABEL: func.func @grid_contraction
func.func @grid_contraction(%g: tensor<2708x64xf32>, %x: tensor<2708x1433xf32>) -> tensor<64x1433xf32> {
  %t = gnn.transpose %g permutation [1, 0] : tensor<2708x64xf32> -> tensor<64x2708xf32>
  // CHECK: gnn.matmul {{.*}}bsp.plan = {columns = {{[0-9]+}} : i64, groups = {{[0-9]+}} : i64, kind = "contract_grid", tiles = {{[0-9]+}} : i64}
  %w = gnn.matmul %t, %x : (tensor<64x2708xf32>, tensor<2708x1433xf32>) -> tensor<64x1433xf32>
  return %w : tensor<64x1433xf32>
}
