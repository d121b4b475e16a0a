// RUN: gnn-translate --bsp-to-metrics %s | FileCheck %s
// RUN: gnn-opt %s --bsp-plan-memory -o %t.planned.mlir
// RUN: gnn-translate --bsp-to-metrics %t.planned.mlir -o %t.planned.json
// RUN: cat %t.planned.mlir %t.planned.json | FileCheck %s --check-prefix=PLANNED

// Two IPUs of 4 tiles. Every number below is worked out by hand.
//
// Bytes that cross tiles (f32: 4 bytes an element), per copy:
//   ex1 (once)
//     @w_stage -> @w   replica on tile 0 -> replicas on tiles 0-7: 7 remote
//                      replicas x 4 elements = 28 el = 112 B (IPU 0: 3
//                      replicas, 48 B; IPU 1: 4 replicas, 64 B)
//     @x -> @h         element f lives on tile f/4 in @x, f/2 in @h: only
//                      f = 0, 1 stay; 14 el = 56 B (IPU 0 receives @h[0:8]
//                      less 2 local: 24 B; IPU 1 @h[8:16]: 32 B)
//     @w_stage -> @b   tiles 2-5 have no replica of @w_stage: 4 el = 16 B
//                      (8 B per IPU)
//   ex2 (3 times, in the repeat)
//     @p -> @p2        row r on tile r -> columns 2k, 2k+1 on tile k: 2 of
//                      8 per row stay; 24 el = 96 B, IPU 0
//     @x[0:5] -> @s    tiles 0, 1 -> tiles 5, 6, 7: 5 el = 20 B, IPU 1
//     @w -> @b2        every destination tile has its own replica: 0
//   ex3 (once)
//     @h -> @hr        2 replicas (tiles 6, 7) x 16 el, less the 4 elements
//                      @h holds on tiles 6 and 7: 28 el = 112 B, IPU 1
// Total 184 + 3 x 116 + 112 = 644 B; IPU 0: 80 + 3 x 96 = 368 B;
// IPU 1: 104 + 3 x 20 + 112 = 276 B.
//
// Supersteps with multiplicity: compute sets 1 + 3, exchanges 1 + 3 + 1,
// syncs 3 + 3 x 2 + 1; 19 in all. 15 step ops. Host streams: 64 + 16 B in,
// 64 B out.
//
// Tile bytes (unplanned: the sum of the slices on each tile):
//   tile 0: x 16 + h 8 + w 16 + w_stage 16 + p 32 + p2 32 = 120
//   tile 1: 104; tiles 2, 3: 104 + b 4 + b2 4 = 112
//   tile 4: h 8 + w 16 + b 4 + b2 4 + t 64 = 96; tile 5: h 8 + w 16 + s 8 +
//   b 4 + b2 4 = 40; tile 6: h 8 + w 16 + s 8 + hr 64 = 96; tile 7: 92
//   max 120 on tile 0, mean 772 / 8 = 96.5; IPU 0 448 (max 120), IPU 1 324
//   (max 96).

// CHECK:      "programs": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "bytes_exchanged": 644,
// CHECK-NEXT:     "copies": 7,
// CHECK-NEXT:     "max_tile_bytes": 120,
// CHECK-NEXT:     "mean_tile_bytes": 96.5,
// CHECK-NEXT:     "memory_planned": false,
// CHECK-NEXT:     "name": "metrics",
// CHECK-NEXT:     "peak_tile": 0,
// CHECK-NEXT:     "per_ipu": [
// CHECK-NEXT:       {
// CHECK-NEXT:         "bytes_received": 368,
// CHECK-NEXT:         "ipu": 0,
// CHECK-NEXT:         "max_tile_bytes": 120,
// CHECK-NEXT:         "tile_bytes": 448,
// CHECK-NEXT:         "vertex_instances": 8
// CHECK-NEXT:       },
// CHECK-NEXT:       {
// CHECK-NEXT:         "bytes_received": 276,
// CHECK-NEXT:         "ipu": 1,
// CHECK-NEXT:         "max_tile_bytes": 96,
// CHECK-NEXT:         "tile_bytes": 324,
// CHECK-NEXT:         "vertex_instances": 1
// CHECK-NEXT:       }
// CHECK-NEXT:     ],
// CHECK-NEXT:     "serial_vertices": 1,
// CHECK-NEXT:     "steps": 15,
// CHECK-NEXT:     "stream_bytes_to_device": 80,
// CHECK-NEXT:     "stream_bytes_to_host": 64,
// CHECK-NEXT:     "stream_copies": 3,
// CHECK-NEXT:     "supersteps": {
// CHECK-NEXT:       "compute_sets": 4,
// CHECK-NEXT:       "exchanges": 5,
// CHECK-NEXT:       "syncs": 10,
// CHECK-NEXT:       "total": 19
// CHECK-NEXT:     },
// CHECK-NEXT:     "tiles": 8,
// CHECK-NEXT:     "vertices": 3
// CHECK-NEXT:   }
// CHECK-NEXT: ]

// Once planned, tile bytes are the tops of the reservations, as the plan
// itself reports them.
// PLANNED:      bsp.memory = {max_tile_bytes = [[MAX:[0-9]+]] : i64, mean_tile_bytes = {{[0-9]+}} : i64, peak_tile = [[PEAK:[0-9]+]] : i64}
// PLANNED:      "bytes_exchanged": 644,
// PLANNED:      "max_tile_bytes": [[MAX]],
// PLANNED:      "memory_planned": true,
// PLANNED:      "peak_tile": [[PEAK]],

bsp.program @metrics target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 8>>)
  bsp.tensor @w : tensor<2x2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>)
  bsp.tensor @w_stage : tensor<2x2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>)
  bsp.tensor @p : tensor<4x8xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @p2 : tensor<4x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @s : tensor<5xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<5, 3>>)
  bsp.tensor @b : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<2, 4>>)
  bsp.tensor @b2 : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<2, 4>>)
  bsp.tensor @hr : tensor<8x2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<6, 2>>)
  bsp.tensor @t : tensor<2x8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<4, 1>>)
  bsp.host_stream @x_in : tensor<8x2xf32> direction(host_to_device)
  bsp.host_stream @ws_in : tensor<2x2xf32> direction(host_to_device)
  bsp.host_stream @hr_out : tensor<8x2xf32> direction(device_to_host)
  bsp.stream_copy @x_in -> @x
  bsp.stream_copy @ws_in -> @w_stage
  bsp.sync internal
  bsp.exchange @ex1 {
    bsp.copy @w_stage -> @w
    bsp.copy @x -> @h
    bsp.copy @w_stage -> @b
  }
  bsp.sync global
  bsp.compute_set @cs1 {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@p)
    bsp.vertex "serial.transpose" tiles(#bsp.tiles<4, 1>) ins(@h) outs(@t)
  }
  bsp.sync internal
  bsp.repeat 3 {
    bsp.exchange @ex2 {
      bsp.copy @p -> @p2
      bsp.copy @x[0 : 5] -> @s[0 : 5]
      bsp.copy @w -> @b2
    }
    bsp.sync internal
    bsp.compute_set @cs2 {
      bsp.vertex "combine" tiles(#bsp.tiles<0, 4>) ins(@p2) outs(@p2)
    }
    bsp.sync internal
  }
  bsp.exchange @ex3 {
    bsp.copy @h -> @hr
  }
  bsp.sync global
  bsp.stream_copy @hr -> @hr_out
}
