// RUN: gnn-opt %s --bsp-plan-memory="report=%t.json" -o /dev/null
// RUN: FileCheck %s < %t.json

// One report for every program of the module: the plan's summary, every
// tensor with its offset, reservation and lifetime, and the bytes each tile
// of the target needs (the top of the highest reservation mapped there).

// CHECK:      "programs": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "bytes_per_tile": 4096,
// CHECK-NEXT:     "fits": true,
// CHECK-NEXT:     "limit": 4096,
// CHECK-NEXT:     "max_tile_bytes": 160,
// CHECK-NEXT:     "mean_tile_bytes": 160,
// CHECK-NEXT:     "name": "share",
// CHECK-NEXT:     "num_steps": 5,
// CHECK-NEXT:     "peak_tile": 0,
// CHECK-NEXT:     "reserved_bytes": 0,
// CHECK-NEXT:     "tensors": [
// CHECK-NEXT:       {
// CHECK-NEXT:         "bytes": 32,
// CHECK-NEXT:         "first_tile": 0,
// CHECK-NEXT:         "lifetime": [
// CHECK-NEXT:           0,
// CHECK-NEXT:           4
// CHECK-NEXT:         ],
// CHECK-NEXT:         "name": "x",
// CHECK-NEXT:         "offset": 64,
// CHECK-NEXT:         "tile_count": 4
// CHECK-NEXT:       },
// CHECK:              "name": "w",
// CHECK-NEXT:         "offset": 0,
// CHECK:            "tile_peak_bytes": [
// CHECK-NEXT:       160,
// CHECK-NEXT:       160,
// CHECK-NEXT:       160,
// CHECK-NEXT:       160
// CHECK-NEXT:     ]
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

// Offsets are the same on every tile of a tensor: @big (a 40-byte slice
// on tiles 1 and 2, placed first) pushes @small (8 bytes on tiles 0 to 3)
// to offset 40 on all of its tiles, so tiles 0 and 3 need 48 bytes too.
// @solo alone on tile 4 needs 16. An unreferenced tensor has no lifetime
// (null) and conflicts with nothing. Mean: (4 * 48 + 16) / 5 = 41.6.

// CHECK:          "max_tile_bytes": 48,
// CHECK-NEXT:     "mean_tile_bytes": {{41\.6[0-9]*}},
// CHECK-NEXT:     "name": "uneven",
// CHECK-NEXT:     "num_steps": 2,
// CHECK-NEXT:     "peak_tile": 0,
// CHECK:              "name": "small",
// CHECK-NEXT:         "offset": 40,
// CHECK:              "lifetime": null,
// CHECK-NEXT:         "name": "unused",
// CHECK-NEXT:         "offset": 0,
// CHECK:            "tile_peak_bytes": [
// CHECK-NEXT:       48,
// CHECK-NEXT:       48,
// CHECK-NEXT:       48,
// CHECK-NEXT:       48,
// CHECK-NEXT:       16
// CHECK-NEXT:     ]
bsp.program @uneven target(#bsp.target<tiles_per_ipu = 5, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @small : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @big : tensor<20xf32> mapping(#bsp.mapping<dim = 0, block = 10, tiles = #bsp.tiles<1, 2>>)
  bsp.tensor @solo : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<4, 1>>)
  bsp.tensor @unused : tensor<2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>)
  bsp.host_stream @in : tensor<8xf32> direction(host_to_device)
  bsp.stream_copy @in -> @small
  bsp.compute_set @fill {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@small) outs(@small)
    bsp.vertex "rows.iota" tiles(#bsp.tiles<1, 2>) ins() outs(@big)
    bsp.vertex "rows.iota" tiles(#bsp.tiles<4, 1>) ins() outs(@solo)
  }
}
