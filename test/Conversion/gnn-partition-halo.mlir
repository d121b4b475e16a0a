// RUN: gnn-opt %s --gnn-partition="target=test tiles=3 min-bytes-per-tile=1" --split-input-file | FileCheck %s

// Constant indices (a graph bound at compile time) give halo plans: the
// busiest tile's halo rows and the rows moved in all.
// x: 2 rows per tile; edges: 3 per tile.
// CHECK-LABEL: func.func @fixed_graph
// CHECK: gnn.gather {{.*}}bsp.plan = {halo_rows = 2 : i64, kind = "halo_gather", remote_rows = 5 : i64}
// CHECK: gnn.scatter {{.*}}bsp.plan = {entries = 3 : i64, halo_rows = 3 : i64, kind = "halo_segment", remote_rows = 6 : i64}
func.func @fixed_graph(%x: tensor<6x4xf32>, %em: tensor<8xi1>) -> tensor<6x4xf32> {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %a = gnn.scatter mean %m, %dst mask %em : (tensor<8x4xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}

// -----

// Indices from the host keep the plans that work for any index array.
// CHECK-LABEL: func.func @streamed_graph
// CHECK: gnn.gather {{.*}}kind = "gather"
// CHECK: gnn.scatter {{.*}}kind = "scatter"
func.func @streamed_graph(%x: tensor<6x4xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) -> tensor<6x4xf32> {
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %m, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}

// -----

// A constant index outside the table has no halo plan (the evaluator
// reports it when folding); the gather keeps the general plan.
// CHECK-LABEL: func.func @out_of_range
// CHECK: gnn.gather {{.*}}kind = "gather"
func.func @out_of_range(%x: tensor<6x4xf32>) -> tensor<2x4xf32> {
  %i = gnn.constant dense<[0, 9]> : tensor<2xi64>
  %m = gnn.gather %x[%i] : (tensor<6x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return %m : tensor<2x4xf32>
}

// -----

// A gather, a per-edge scale by a constant and a segment sum on constant
// indices are one halo_spmm at the scatter (the busiest tile's halo of x
// rows and its entries); the gather and the mul are fused into it.
// CHECK-LABEL: func.func @spmm_chain
// CHECK: gnn.gather {{.*}}bsp.plan = {kind = "fused"}
// CHECK: gnn.mul {{.*}}bsp.plan = {kind = "fused"}
// CHECK: gnn.scatter {{.*}}bsp.plan = {entries = 3 : i64, halo_rows = 2 : i64, kind = "halo_spmm", remote_rows = 5 : i64}
// The weights may come first, or be one scalar.
// CHECK: gnn.scatter {{.*}}kind = "halo_spmm"
func.func @spmm_chain(%x: tensor<6x4xf32>) -> (tensor<6x4xf32>, tensor<6x4xf32>) {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %w = gnn.constant dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]> : tensor<8x1xf32>
  %half = gnn.constant dense<0.5> : tensor<f32>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw = gnn.mul %m, %w : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %mw, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  %m2 = gnn.gather %x[%dst] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw2 = gnn.mul %half, %m2 : (tensor<f32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %b = gnn.scatter sum %mw2, %src : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a, %b : tensor<6x4xf32>, tensor<6x4xf32>
}

// -----

// Not fused: weights that are not constants, a mean, a gather with another
// use; each op keeps its own plan.
// CHECK-LABEL: func.func @spmm_not_fused
// CHECK-NOT: fused
// CHECK-NOT: halo_spmm
func.func @spmm_not_fused(%x: tensor<6x4xf32>, %w: tensor<8x1xf32>) -> (tensor<6x4xf32>, tensor<6x4xf32>, tensor<8x4xf32>) {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %c = gnn.constant dense<2.0> : tensor<8x1xf32>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw = gnn.mul %m, %w : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %mw, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  %mc = gnn.mul %m, %c : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %b = gnn.scatter mean %mc, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a, %b, %m : tensor<6x4xf32>, tensor<6x4xf32>, tensor<8x4xf32>
}

// -----

// Per-edge weights computed on the device (dropped-out values) fuse too.
// CHECK-LABEL: func.func @spmm_device_weights
// CHECK: gnn.dropout {{.*}}kind = "rows"
// CHECK: gnn.gather {{.*}}bsp.plan = {kind = "fused"}
// CHECK: gnn.mul {{.*}}bsp.plan = {kind = "fused"}
// CHECK: gnn.scatter {{.*}}kind = "halo_spmm"
func.func @spmm_device_weights(%x: tensor<6x4xf32>, %step: tensor<i64>) -> tensor<6x4xf32> {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %w = gnn.constant dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]> : tensor<8x1xf32>
  %wd = gnn.dropout %w offset %step {p = 0.5 : f64, seed = 3 : i64} : (tensor<8x1xf32>, tensor<i64>) -> tensor<8x1xf32>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw = gnn.mul %m, %wd : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %mw, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}
