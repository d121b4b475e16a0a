// RUN: gnn-opt %s --bsp-plan-memory --split-input-file -verify-diagnostics
// RUN: not gnn-opt %s --bsp-plan-memory="report=%t.missing/dir/report.json" --split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// REPORT: error: cannot write the memory report: {{.*}}report.json
// RUN: not gnn-opt %s --bsp-plan-memory="reserved-bytes=64" --split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=RESERVED

// RESERVED: error: program @too_big does not fit in tile memory: tile 0 needs 144 bytes but 64 are available (bytes_per_tile 128 - reserved 64){{.*}}use more IPUs (ipus=3)
// RESERVED: error: program @peak_tile does not fit in tile memory: tile 1 needs 144 bytes but 72 are available (bytes_per_tile 136 - reserved 64)

// Three 48-byte slices live at once at step 3 on tiles of 128 bytes: 144
// bytes are needed. The error names the tile, the bytes against the limit,
// the largest live tensors and what to change.

// expected-error @+1 {{program @too_big does not fit in tile memory: tile 0 needs 144 bytes but 128 are available (bytes_per_tile 128); at step 3 (compute set 'sum') the tensors live there take 144 bytes, the largest: 'a' (48 bytes), 'b' (48 bytes), 'c' (48 bytes); use more IPUs (ipus=2), a smaller batch or fewer nodes per batch, or fewer hidden channels}}
bsp.program @too_big target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 128, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @a : tensor<24xf32> mapping(#bsp.mapping<dim = 0, block = 12, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @b : tensor<24xf32> mapping(#bsp.mapping<dim = 0, block = 12, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @c : tensor<24xf32> mapping(#bsp.mapping<dim = 0, block = 12, tiles = #bsp.tiles<0, 2>>)
  bsp.host_stream @a_in : tensor<24xf32> direction(host_to_device)
  bsp.host_stream @b_in : tensor<24xf32> direction(host_to_device)
  bsp.stream_copy @a_in -> @a
  bsp.stream_copy @b_in -> @b
  bsp.sync internal
  bsp.compute_set @sum {
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 2>) ins(@a, @b) outs(@c)
  }
}

// -----

// Six tensors live together on tile 1 (tile 0 holds two of them): the peak
// is on tile 1 and only the five largest are listed. The 20-byte slice of
// @c (5 f32) reserves 24 bytes.

// expected-error @+1 {{tile 1 needs 144 bytes but 136 are available (bytes_per_tile 136); at step 1 (compute set 'all') the tensors live there take 144 bytes, the largest: 'f' (48 bytes), 'b' (32 bytes), 'c' (24 bytes), 'a' (16 bytes), 'd' (16 bytes); use more IPUs (ipus=2)}}
bsp.program @peak_tile target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 136, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @a : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 2>>) {state = "a"}
  bsp.tensor @b : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<1, 1>>)
  bsp.tensor @c : tensor<5xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<1, 1>>)
  bsp.tensor @d : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<1, 1>>)
  bsp.tensor @e : tensor<2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<1, 1>>)
  bsp.tensor @f : tensor<24xf32> mapping(#bsp.mapping<dim = 0, block = 12, tiles = #bsp.tiles<0, 2>>)
  bsp.host_stream @b_in : tensor<8xf32> direction(host_to_device)
  bsp.stream_copy @b_in -> @b
  bsp.compute_set @all {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<1, 1>) ins(@b, @a) outs(@c)
    bsp.vertex "rows.relu" tiles(#bsp.tiles<1, 1>) ins(@b) outs(@d)
    bsp.vertex "rows.relu" tiles(#bsp.tiles<1, 1>) ins(@b) outs(@e)
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@a) outs(@f)
  }
}
