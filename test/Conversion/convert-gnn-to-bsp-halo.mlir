// RUN: gnn-opt %s --gnn-partition="target=test tiles=3 min-bytes-per-tile=1" --convert-gnn-to-bsp --split-input-file | FileCheck %s

// x rows: 2 per tile; edges: 3 per tile. Each tile receives exactly the
// rows it lacks (one `runs` copy per exchange, runs merged where rows and
// slots are consecutive) and reads them through constant refs (>= 0: its
// own rows, < 0: halo row -ref-1). The index constants never reach the
// device.
// CHECK-LABEL: bsp.program @fixed_graph
// CHECK-NOT: dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
// CHECK-DAG: bsp.tensor @[[GH:gather.*halo]] : tensor<6x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 3>>)
// CHECK-DAG: bsp.tensor @[[GR:gather.*refs]] : tensor<8xi32> {{.*}}value = dense<[0, 1, -1, 1, -1, -2, -1, -2]>
// CHECK-DAG: bsp.tensor @[[SH:scatter.*\.halo]] : tensor<9x4xf32> mapping(#bsp.mapping<dim = 0, block = 3, tiles = #bsp.tiles<0, 3>>)
// CHECK-DAG: bsp.tensor @[[MH:scatter.*mask_halo]] : tensor<9xi1>
// CHECK-DAG: bsp.tensor @[[SO:scatter.*offsets]] : tensor<9xi32> {{.*}}value = dense<[0, 1, 2, 0, 1, 3, 0, 1, 3]>
// CHECK-DAG: bsp.tensor @[[SR:scatter.*refs]] : tensor<9xi32> {{.*}}value = dense<[-1, 0, 0, -1, -2, -3, -1, -2, 1]>
// CHECK: bsp.exchange
// CHECK-NEXT: bsp.copy @x -> @[[GH]] runs [8, 0, 4, 16, 8, 8, 0, 16, 4, 8, 20, 4]
// CHECK: bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 3>) ins(@x, @[[GH]], @[[GR]]) outs(@[[G:.*]]) params {has_table = 1 : i64} {halo_reads = array<i64: 1, 2>}
// CHECK: bsp.exchange
// CHECK-NEXT: bsp.copy @[[G]] -> @[[SH]] runs [20, 0, 4, 4, 12, 8, 24, 20, 4, 12, 24, 8]
// CHECK-NEXT: bsp.copy @edges_mask -> @[[MH]] runs [5, 0, 1, 1, 3, 2, 6, 5, 1, 3, 6, 2]
// CHECK: bsp.vertex "halo.segment" tiles(#bsp.tiles<0, 3>) ins(@[[G]], @[[SH]], @[[SO]], @[[SR]], @edges_mask, @[[MH]]) outs(@{{.*}}) params {has_local = 1 : i64, has_mask = 1 : i64, has_source = 1 : i64, reduce = "mean"} {halo_reads = array<i64: 1, 3, 5, 3>}
func.func @fixed_graph(%x: tensor<6x4xf32> {gnn.name = "x"}, %em: tensor<8xi1> {gnn.name = "edges_mask"}) -> (tensor<6x4xf32> {gnn.name = "out"}) {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %a = gnn.scatter mean %m, %dst mask %em : (tensor<8x4xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}

// -----

// The table spans fewer tiles than the lookups: the tile without table
// rows reads everything from its halo (has_table = 0); likewise the tile
// without reduced rows (has_local = 0).
// CHECK-LABEL: bsp.program @uneven
// CHECK: bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, {{.*}}) params {has_table = 1 : i64}
// CHECK-NEXT: bsp.vertex "halo.gather" tiles(#bsp.tiles<2, 1>) ins(@{{[^,]*}}, @{{[^,]*}}) outs({{.*}}) params {has_table = 0 : i64} {halo_reads = array<i64: 0, 1>}
// CHECK: bsp.vertex "halo.segment" tiles(#bsp.tiles<0, 2>) {{.*}} params {has_local = 1 : i64, has_mask = 0 : i64, has_source = 1 : i64, reduce = "sum"}
// CHECK-NEXT: bsp.vertex "halo.segment" tiles(#bsp.tiles<2, 1>) {{.*}} params {has_local = 0 : i64, has_mask = 0 : i64, has_source = 1 : i64, reduce = "sum"}
func.func @uneven(%x: tensor<2x4xf32> {gnn.name = "x"}) -> (tensor<6x4xf32> {gnn.name = "out"}) {
  %i = gnn.constant dense<[0, 1, 1, 0, 0, 1]> : tensor<6xi64>
  %m = gnn.gather %x[%i] : (tensor<2x4xf32>, tensor<6xi64>) -> tensor<6x4xf32>
  %j = gnn.constant dense<[0, 1]> : tensor<2xi64>
  %p = gnn.gather %m[%j] : (tensor<6x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %k = gnn.constant dense<[5, 4]> : tensor<2xi64>
  %s = gnn.scatter sum %p, %k : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  return %s : tensor<6x4xf32>
}

// -----

// A fused spmm chain: each tile pulls the x rows its in-edges read and runs
// one halo.spmm over its weighted CSR (refs and weights per entry, edge
// order within a row). Neither the per-edge rows nor the index and weight
// constants reach the device.
// CHECK-LABEL: bsp.program @spmm
// CHECK-NOT: tensor<8x4xf32>
// CHECK-NOT: tensor<8xi64>
// CHECK-NOT: tensor<8x1xf32>
// CHECK-DAG: bsp.tensor @[[H:scatter.*\.halo]] : tensor<6x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 3>>)
// CHECK-DAG: bsp.tensor @[[O:scatter.*offsets]] : tensor<9xi32> {{.*}}value = dense<[0, 1, 2, 0, 1, 3, 0, 1, 3]>
// CHECK-DAG: bsp.tensor @[[R:scatter.*refs]] : tensor<9xi32> {{.*}}value = dense<[-1, 0, 0, -2, 0, -1, -2, 0, -1]>
// CHECK-DAG: bsp.tensor @[[W:scatter.*weights]] : tensor<9xf32> {{.*}}value = dense<[6.000000e+00, 1.000000e+00, 0.000000e+00, 2.000000e+00, 3.000000e+00, 7.000000e+00, 4.000000e+00, 5.000000e+00, 8.000000e+00]>
// CHECK: bsp.exchange
// CHECK-NEXT: bsp.copy @x -> @[[H]] runs [20, 0, 4, 0, 8, 16]
// CHECK: bsp.vertex "halo.spmm" tiles(#bsp.tiles<0, 3>) ins(@x, @[[H]], @[[O]], @[[R]], @[[W]]) outs(@{{.*}}) params {has_table = 1 : i64} {halo_reads = array<i64: 1, 3>}
func.func @spmm(%x: tensor<6x4xf32> {gnn.name = "x"}) -> (tensor<6x4xf32> {gnn.name = "out"}) {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %w = gnn.constant dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]> : tensor<8x1xf32>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw = gnn.mul %m, %w : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %mw, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}

// -----

// Weights computed on the device: the per-entry weight slots are loaded as
// zeros and the halo exchange also copies each edge's weight into its slot
// (edge e -> slot; tile 0: edges 5, 0; tile 1: 1, 2, 6; tile 2: 3, 4, 7).
// CHECK-LABEL: bsp.program @spmm_device_weights
// CHECK-DAG: bsp.tensor @[[H:scatter.*\.halo]] : tensor<6x4xf32>
// CHECK-DAG: bsp.tensor @[[W:scatter.*weights]] : tensor<9xf32> {{.*}}value = dense<0.000000e+00> : tensor<9xf32>
// CHECK: bsp.exchange @scatter{{.*}}.halo
// CHECK-NEXT: bsp.copy @x -> @[[H]] runs [20, 0, 4, 0, 8, 16]
// CHECK-NEXT: bsp.copy @[[D:dropout[.0-9]*]] -> @[[W]] runs [5, 0, 1, 0, 1, 1, 1, 3, 2, 6, 5, 1, 3, 6, 2, 7, 8, 1]
// CHECK: bsp.vertex "halo.spmm" tiles(#bsp.tiles<0, 3>) ins(@x, @[[H]], @{{.*}}, @{{.*}}, @[[W]])
func.func @spmm_device_weights(%x: tensor<6x4xf32> {gnn.name = "x"}, %step: tensor<i64> {gnn.name = "step", gnn.role = "step"}) -> (tensor<6x4xf32> {gnn.name = "out"}) {
  %src = gnn.constant dense<[0, 1, 2, 3, 4, 5, 0, 2]> : tensor<8xi64>
  %dst = gnn.constant dense<[1, 2, 3, 4, 5, 0, 3, 5]> : tensor<8xi64>
  %w = gnn.constant dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]> : tensor<8x1xf32>
  %wd = gnn.dropout %w offset %step {p = 0.5 : f64, seed = 3 : i64} : (tensor<8x1xf32>, tensor<i64>) -> tensor<8x1xf32>
  %m = gnn.gather %x[%src] : (tensor<6x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  %mw = gnn.mul %m, %wd : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %a = gnn.scatter sum %mw, %dst : (tensor<8x4xf32>, tensor<8xi64>) -> tensor<6x4xf32>
  return %a : tensor<6x4xf32>
}
