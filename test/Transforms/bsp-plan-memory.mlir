// RUN: gnn-opt %s --bsp-plan-memory --split-input-file | FileCheck %s

// Steps are 0 stream copy, 1 sync, 2 compute @a, 3 compute @b, 4 stream
// copy. @x is filled by the host, so it lives for the whole program (an
// unchanged input need not be sent again): [0, 4]; @h lives in [2, 3], @y
// in [3, 4] and the state @w in [0, 4]. Largest first: @w (64 bytes, a 4x4
// f32 replica) at 0; then the 32-byte slices (2 rows x 4 f32) by first
// step: @x after @w, @h after @x, @y after @h (they meet at step 3).

// CHECK-LABEL: bsp.program @share
// CHECK-SAME:    attributes {bsp.memory = {max_tile_bytes = 160 : i64, mean_tile_bytes = 160 : i64, peak_tile = 0 : i64}}
// CHECK:         bsp.tensor @x : {{.*}} {offset = 64 : i64}
// CHECK-NEXT:    bsp.tensor @h : {{.*}} {offset = 96 : i64}
// CHECK-NEXT:    bsp.tensor @y : {{.*}} {offset = 128 : i64}
// CHECK-NEXT:    bsp.tensor @w : {{.*}} {offset = 0 : i64, state = "w"}

bsp.program @share target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @w : tensor<4x4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.host_stream @x_in : tensor<8x4xf32> direction(host_to_device)
  bsp.host_stream @y_out : tensor<8x4xf32> direction(device_to_host)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.compute_set @a {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@h)
  }
  bsp.compute_set @b {
    bsp.vertex "rows.matmul" tiles(#bsp.tiles<0, 4>) ins(@h, @w) outs(@y)
  }
  bsp.stream_copy @y -> @y_out
}

// -----

// A reference inside a repeat holds the tensor for the whole repeat (steps
// 2 to 5): @d (used at step 3 only) and @e (step 5 only) would otherwise
// share, but both live in [2, 5]. @c lives after the repeat, in [6, 7], and
// takes the bytes of @d. All slices are 16 bytes (4 f32).

// CHECK-LABEL: bsp.program @repeat_extends
// CHECK-SAME:    bsp.memory = {max_tile_bytes = 48 : i64, mean_tile_bytes = 48 : i64, peak_tile = 0 : i64}
// CHECK:         bsp.tensor @a : {{.*}} {offset = 0 : i64}
// CHECK-NEXT:    bsp.tensor @d : {{.*}} {offset = 16 : i64}
// CHECK-NEXT:    bsp.tensor @e : {{.*}} {offset = 32 : i64}
// CHECK-NEXT:    bsp.tensor @c : {{.*}} {offset = 16 : i64}
bsp.program @repeat_extends target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @a : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @d : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @e : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @c : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @a_in : tensor<16xf32> direction(host_to_device)
  bsp.host_stream @c_out : tensor<16xf32> direction(device_to_host)
  bsp.stream_copy @a_in -> @a
  bsp.sync internal
  bsp.repeat 3 {
    bsp.compute_set @make_d {
      bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@d)
    }
    bsp.sync internal
    bsp.compute_set @make_e {
      bsp.vertex "rows.neg" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@e)
    }
  }
  bsp.compute_set @make_c {
    bsp.vertex "rows.exp" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@c)
  }
  bsp.stream_copy @c -> @c_out
}

// -----

// Nested repeats: a reference in the inner repeat holds the tensor for the
// whole outer one (steps 1 to 4), so @p (inner only) and @q (outer body
// only) conflict; @r, used after the outer repeat, reuses @p's bytes.

// CHECK-LABEL: bsp.program @nested
// CHECK:         bsp.tensor @a : {{.*}} {offset = 0 : i64}
// CHECK-NEXT:    bsp.tensor @p : {{.*}} {offset = 16 : i64}
// CHECK-NEXT:    bsp.tensor @q : {{.*}} {offset = 32 : i64}
// CHECK-NEXT:    bsp.tensor @r : {{.*}} {offset = 16 : i64}
bsp.program @nested target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @a : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @p : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @q : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @r : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @a_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @a_in -> @a
  bsp.repeat 2 {
    bsp.repeat 2 {
      bsp.compute_set @inner {
        bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@p)
      }
    }
    bsp.compute_set @outer_tail {
      bsp.vertex "rows.neg" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@q)
    }
  }
  bsp.compute_set @after {
    bsp.vertex "rows.exp" tiles(#bsp.tiles<0, 4>) ins(@a) outs(@r)
  }
}

// -----

// State and constants live for the whole program: @w and @k are first used
// at step 3 but may not take the bytes of @t1 (steps 0 to 1, written by a
// compute set); @t2 (steps 3 to 4) may.

// CHECK-LABEL: bsp.program @whole_program
// CHECK:         bsp.tensor @k : {{.*}} {offset = 0 : i64, value = dense<1.000000e+00> : tensor<4xf32>}
// CHECK-NEXT:    bsp.tensor @t1 : {{.*}} {offset = 16 : i64}
// CHECK-NEXT:    bsp.tensor @w : {{.*}} {offset = 32 : i64, state = "w"}
// CHECK-NEXT:    bsp.tensor @t2 : {{.*}} {offset = 16 : i64}
bsp.program @whole_program target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @k : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {value = dense<1.0> : tensor<4xf32>}
  bsp.tensor @t1 : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @t2 : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @out : tensor<16xf32> direction(device_to_host)
  bsp.compute_set @zero {
    bsp.vertex "rows.iota" tiles(#bsp.tiles<0, 4>) ins() outs(@t1)
  }
  bsp.compute_set @first {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@t1) outs(@t1)
  }
  bsp.sync internal
  bsp.compute_set @second {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@w, @k) outs(@t2)
  }
  bsp.stream_copy @t2 -> @out
}

// -----

// Tensors on disjoint tiles share bytes even while both are live; @all
// spans both ranges and conflicts with each. Slices are 8 bytes (2 f32).

// CHECK-LABEL: bsp.program @disjoint_tiles
// CHECK-SAME:    bsp.memory = {max_tile_bytes = 16 : i64, mean_tile_bytes = 16 : i64, peak_tile = 0 : i64}
// CHECK:         bsp.tensor @l : {{.*}} {offset = 0 : i64}
// CHECK-NEXT:    bsp.tensor @r : {{.*}} {offset = 0 : i64}
// CHECK-NEXT:    bsp.tensor @all : {{.*}} {offset = 8 : i64}
bsp.program @disjoint_tiles target(#bsp.target<tiles_per_ipu = 8, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @l : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @r : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<4, 4>>)
  bsp.tensor @all : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 8>>)
  bsp.host_stream @l_in : tensor<8xf32> direction(host_to_device)
  bsp.host_stream @r_in : tensor<8xf32> direction(host_to_device)
  bsp.stream_copy @l_in -> @l
  bsp.stream_copy @r_in -> @r
  bsp.sync internal
  bsp.compute_set @both {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@l) outs(@l)
    bsp.vertex "rows.relu" tiles(#bsp.tiles<4, 4>) ins(@r) outs(@r)
    bsp.vertex "rows.iota" tiles(#bsp.tiles<0, 8>) ins() outs(@all)
  }
}
