// RUN: gnn-opt %s --gnn-partition="target=test" --convert-gnn-to-bsp --split-input-file | FileCheck %s

// A row-local op reads its aligned operand in place; the weight is broadcast
// to the op's tiles first (exchange, sync), then one SPMD vertex runs on
// every tile of the row blocks. Inputs and outputs are host streams bound by
// gnn.name; the function is gone.
// CHECK-LABEL: bsp.program @linear
// CHECK-DAG: bsp.tensor @x : tensor<64x8xf32> mapping(#bsp.mapping<dim = 0, block = 8, tiles = #bsp.tiles<0, 8>>)
// CHECK-DAG: bsp.tensor @w.rep : tensor<4x8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>)
// CHECK-DAG: bsp.host_stream @x.in : tensor<64x8xf32> direction(host_to_device) {binding = "x", role = "input"}
// CHECK-DAG: bsp.host_stream @h.out : tensor<64x4xf32> direction(device_to_host) {binding = "h", role = "output"}
// CHECK: bsp.stream_copy @x.in -> @x
// CHECK: bsp.stream_copy @w.in -> @w
// CHECK-NEXT: bsp.sync internal
// CHECK-NEXT: bsp.exchange @linear.1.in {
// CHECK-NEXT:   bsp.copy @w -> @w.rep
// CHECK-NEXT: }
// CHECK-NEXT: bsp.sync internal
// CHECK-NEXT: bsp.compute_set @linear.1.1 {
// CHECK-NEXT:   bsp.vertex "rows.linear" tiles(#bsp.tiles<0, 8>) ins(@x, @w.rep) outs(@linear.1){{$}}
// CHECK: bsp.stream_copy @linear.1 -> @h.out
// CHECK-NOT: func.func
func.func @linear(%x: tensor<64x8xf32> {gnn.name = "x"}, %w: tensor<4x8xf32> {gnn.name = "w"}) -> (tensor<64x4xf32> {gnn.name = "h"}) {
  %h = gnn.linear %x, %w : (tensor<64x8xf32>, tensor<4x8xf32>) -> tensor<64x4xf32>
  return %h : tensor<64x4xf32>
}

// -----

// A scatter: each tile group reduces its edges into a full-size partial P
// (one slice per group), one flat copy re-lays P out by node block (P2,
// blocked on dim 1), and `combine` folds the partials on the node tiles.
// Mean also carries counts.
// CHECK-LABEL: bsp.program @aggregate
// CHECK-DAG: bsp.tensor @scatter.1.P : tensor<16x64x4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 16>>)
// CHECK-DAG: bsp.tensor @scatter.1.P2 : tensor<16x64x4xf32> mapping(#bsp.mapping<dim = 1, block = 16, tiles = #bsp.tiles<0, 4>>)
// CHECK-DAG: bsp.tensor @scatter.1.C2 : tensor<16x64xf32> mapping(#bsp.mapping<dim = 1, block = 16, tiles = #bsp.tiles<0, 4>>)
// CHECK: bsp.vertex "scatter_partial" tiles(#bsp.tiles<0, 16>) ins(@m, @dst) outs(@scatter.1.P, @scatter.1.C) params {has_mask = 0 : i64, has_source = 1 : i64, num_segments = 64 : i64, reduce = "mean"}
// CHECK: bsp.exchange @scatter.1.redistribute {
// CHECK-NEXT: bsp.copy @scatter.1.P -> @scatter.1.P2
// CHECK-NEXT: bsp.copy @scatter.1.C -> @scatter.1.C2
// CHECK: bsp.vertex "combine" tiles(#bsp.tiles<0, 4>) ins(@scatter.1.P2, @scatter.1.C2) outs(@scatter.1) params {empty = "zero", reduce = "mean"}
func.func @aggregate(%m: tensor<256x4xf32> {gnn.name = "m"}, %dst: tensor<256xi64> {gnn.name = "dst"}) -> (tensor<64x4xf32> {gnn.name = "agg"}) {
  %a = gnn.scatter mean %m, %dst : (tensor<256x4xf32>, tensor<256xi64>) -> tensor<64x4xf32>
  return %a : tensor<64x4xf32>
}

// -----

// Training state: parameters and optimizer state are `state` tensors, not
// streams; the update writes them in place when nothing reads the old value
// later; the step is a stream with role "step"; a loss is a partial per
// tile plus a combine on one tile. Initial state values go to the module.
// CHECK: module attributes {gnn.state_init = {w = dense<{{.*}}> : tensor<4x8xf32>, w.exp_avg = dense<0.000000e+00> : tensor<4x8xf32>
// CHECK-LABEL: bsp.program @step
// CHECK-DAG: bsp.tensor @w : tensor<4x8xf32> mapping({{.*}}) {state = "w"}
// CHECK-DAG: bsp.host_stream @step.in : tensor<i64> direction(host_to_device) {binding = "step", role = "step"}
// CHECK: bsp.vertex "loss_partial" tiles(#bsp.tiles<0, 8>) ins(@x, @y) outs(@mse_loss.1.P) params {has_mask = 0 : i64, loss = "mse"}
// CHECK: bsp.vertex "loss_combine" tiles(#bsp.tiles<0, 1>) ins(@mse_loss.1.P2) outs(@mse_loss.1) params {reduction = "mean"}
// CHECK: bsp.vertex "rows.adam_update" tiles(#bsp.tiles<0, 1>) ins(@w, @g, @w.exp_avg, @w.exp_avg_sq, @step) outs(@w, @w.exp_avg, @w.exp_avg_sq) params {beta1 = 9.000000e-01 : f64, {{.*}}, lr = 1.000000e-02 : f64
// CHECK-NOT: state.update
// CHECK: bsp.stream_copy @mse_loss.1 -> @loss.out
gnn.parameter @w : tensor<4x8xf32> init glorot_uniform {seed = 3 : i64}
func.func @step(%w: tensor<4x8xf32> {gnn.name = "w", gnn.role = "parameter"},
                %m: tensor<4x8xf32> {gnn.name = "w.exp_avg", gnn.role = "optimizer_state"},
                %v: tensor<4x8xf32> {gnn.name = "w.exp_avg_sq", gnn.role = "optimizer_state"},
                %x: tensor<64x8xf32> {gnn.name = "x", gnn.role = "input"},
                %y: tensor<64x8xf32> {gnn.name = "y", gnn.role = "input"},
                %g: tensor<4x8xf32> {gnn.name = "g", gnn.role = "input"},
                %t: tensor<i64> {gnn.name = "step", gnn.role = "step"})
    -> (tensor<4x8xf32> {gnn.name = "w", gnn.role = "parameter"},
        tensor<4x8xf32> {gnn.name = "w.exp_avg", gnn.role = "optimizer_state"},
        tensor<4x8xf32> {gnn.name = "w.exp_avg_sq", gnn.role = "optimizer_state"},
        tensor<f32> {gnn.name = "loss", gnn.role = "loss"}) {
  %l = gnn.mse_loss mean %x, %y : (tensor<64x8xf32>, tensor<64x8xf32>) -> tensor<f32>
  %p, %m2, %v2 = gnn.adam_update %w, %g, %m, %v, %t {lr = 0.01 : f64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<i64>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>)
  return %p, %m2, %v2, %l : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<f32>
}

// -----

// A 2-D transpose is one exchange: every element copied to its transposed
// place (runs merge only where both sides are consecutive), no compute set
// and no serial tile.
// CHECK-LABEL: bsp.program @transpose_runs
// CHECK: bsp.exchange @transpose.{{[0-9]+}}
// CHECK-NEXT: bsp.copy @w -> @[[T:transpose[.0-9]*]] runs [0, 0, 1, 3, 1, 1, 1, 2, 1, 4, 3, 1, 2, 4, 1, 5, 5, 1]
// CHECK-NOT: bsp.compute_set @transpose
// CHECK: bsp.stream_copy @[[T]] -> @out.out
func.func @transpose_runs(%w: tensor<2x3xf32> {gnn.name = "w"}) -> (tensor<3x2xf32> {gnn.name = "out"}) {
  %t = gnn.transpose %w permutation [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}
