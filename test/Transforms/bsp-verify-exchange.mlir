// RUN: gnn-opt %s --bsp-verify-exchange --split-input-file | FileCheck %s

// Programs whose every read is defined and synced pass unchanged.

// One GCN layer: load, broadcast the weights from tile 0, transform, swap
// halo rows, aggregate and store; the whole-tensor copy into a replica
// defines every replica, and the two halo copies cover @halo together.

// CHECK-LABEL: bsp.program @gcn_layer
// CHECK:         bsp.exchange @swap_halo
// CHECK:         bsp.stream_copy @y -> @y_out
bsp.program @gcn_layer target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @w_stage : tensor<4x4xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 1>>)
  bsp.tensor @w : tensor<4x4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @x_in : tensor<8x4xf32> direction(host_to_device)
  bsp.host_stream @w_in : tensor<4x4xf32> direction(host_to_device)
  bsp.host_stream @y_out : tensor<8x4xf32> direction(device_to_host)
  bsp.stream_copy @x_in -> @x
  bsp.stream_copy @w_in -> @w_stage
  bsp.sync internal
  bsp.exchange @broadcast_w {
    bsp.copy @w_stage -> @w
  }
  bsp.sync internal
  bsp.compute_set @transform {
    bsp.vertex "rows.matmul" tiles(#bsp.tiles<0, 4>) ins(@x, @w) outs(@h)
  }
  bsp.sync internal
  bsp.exchange @swap_halo {
    bsp.copy @h[0 : 16] -> @halo[16 : 32]
    bsp.copy @h[16 : 32] -> @halo[0 : 16]
  }
  bsp.sync internal
  bsp.compute_set @aggregate {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@h, @halo) outs(@y)
  }
  bsp.sync internal
  bsp.stream_copy @y -> @y_out
}

// -----

// A replica written piecewise by two vertices on disjoint tiles, then read
// on all of them; state and constants are defined from the start; a
// vertex may read and write the same tensor.

// CHECK-LABEL: bsp.program @pieces
bsp.program @pieces target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @k : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {value = dense<2.0> : tensor<4xf32>}
  bsp.tensor @r : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @out : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @left_right {
    bsp.vertex "rows.mul" tiles(#bsp.tiles<0, 1>) ins(@w, @k) outs(@r)
    bsp.vertex "rows.mul" tiles(#bsp.tiles<1, 3>) ins(@w, @k) outs(@r)
  }
  bsp.compute_set @use {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@r) outs(@out)
  }
  bsp.compute_set @in_place {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@out) outs(@out)
  }
}

// -----

// A distributed reduction: per-tile partials @p (4 x 8, one row per tile)
// re-laid out by one flat copy into @p2, blocked on dimension 1 (two
// columns of every row per tile), then combined per column block. A serial
// result on tile 0 is spread over four tiles from its only replica.

// CHECK-LABEL: bsp.program @partials
bsp.program @partials target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @p : tensor<4x8xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @p2 : tensor<4x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @sum : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @s : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>)
  bsp.tensor @spread : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @x_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.compute_set @partial {
    bsp.vertex "scatter_partial" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@p)
  }
  bsp.sync internal
  bsp.exchange @relayout {
    bsp.copy @p -> @p2
  }
  bsp.sync internal
  bsp.compute_set @combine {
    bsp.vertex "combine" tiles(#bsp.tiles<0, 4>) ins(@p2) outs(@sum)
    bsp.vertex "serial.softmax" tiles(#bsp.tiles<0, 1>) ins(@x) outs(@s)
  }
  bsp.sync internal
  bsp.exchange @spread_s {
    bsp.copy @s -> @spread
  }
  bsp.sync internal
  bsp.compute_set @use {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@sum, @spread) outs(@sum)
  }
}

// -----

// A training loop: the body reads what the previous iteration's exchange
// wrote, with a sync at the end of the body (and one before the loop).

// CHECK-LABEL: bsp.program @loop
// CHECK:         bsp.repeat 3
bsp.program @loop target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h2 : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.sync internal
  bsp.repeat 3 {
    bsp.compute_set @step {
      bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@h) outs(@h2)
    }
    bsp.sync internal
    bsp.exchange @rotate {
      bsp.copy @h2[0 : 4] -> @h[12 : 16]
      bsp.copy @h2[4 : 16] -> @h[0 : 12]
    }
    bsp.sync internal
  }
}

// -----

// A halo gathered row by row with runs: each tile's halo rows come from
// rows other tiles computed, and the runs together define all of @halo
// (rows 0-1 from row 7 and 1, rows 2-7 from rows 2-7 in reverse pairs).
// Runs out of a replica read the destination tile's own replica.

// CHECK-LABEL: bsp.program @runs_halo
// CHECK:         bsp.copy @h -> @halo runs [28, 0, 4, 4, 4, 4, 24, 8, 8, 16, 16, 8, 8, 24, 8]
// CHECK:         bsp.copy @w -> @wd runs [0, 4, 4, 0, 0, 4]
bsp.program @runs_halo target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @w : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @wd : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 2>>)
  bsp.host_stream @x_in : tensor<8x4xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.compute_set @transform {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@h)
  }
  bsp.sync internal
  bsp.exchange @gather {
    bsp.copy @h -> @halo runs [28, 0, 4, 4, 4, 4, 24, 8, 8, 16, 16, 8, 8, 24, 8]
    bsp.copy @w -> @wd runs [0, 4, 4, 0, 0, 4]
  }
  bsp.sync internal
  bsp.compute_set @aggregate {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@h, @halo) outs(@y)
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@wd) outs(@wd)
  }
}

// -----

// A vertex with halo_reads reads only the halo rows its constant refs name: tile 0
// needs two halo rows, tile 1 one, so row 1 of tile 1's slice is never
// written and never read.
// CHECK-LABEL: bsp.program @halo_reads_referenced_rows
bsp.program @halo_reads_referenced_rows target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @halo : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @refs : tensor<4xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>) {value = dense<[-1, -2, 0, -1]> : tensor<4xi32>}
  bsp.tensor @out : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.host_stream @x_in : tensor<4x2xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.exchange @halo {
    bsp.copy @x -> @halo runs [4, 0, 4, 0, 4, 2]
  }
  bsp.sync internal
  bsp.compute_set @gather {
    bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, @halo, @refs) outs(@out) {halo_reads = array<i64: 1, 2>}
  }
  bsp.sync internal
}
