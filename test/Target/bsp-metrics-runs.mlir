// RUN: gnn-translate --bsp-to-metrics %s | FileCheck %s

// A copy with runs counts each run exactly as a copy of its own: @runs and
// @ranges move the same elements, once as two copies with runs, once as
// six range copies, and report the same bytes. Two IPUs of 2 tiles; f32.
//
// @h and @halo [8, 2], rows in pairs: tile k holds rows 2k, 2k + 1
// (elements [4k, 4k + 4)).
//   run [14, 0, 2]   row 7 (tile 3) -> halo row 0 (tile 0): 2 el, IPU 0
//   run [2, 2, 2]    row 1 (tile 0) -> halo row 1 (tile 0): local
//   run [4, 10, 4]   rows 2-3 (tile 1) -> halo rows 5 (tile 2) and 6
//                    (tile 3): 4 el, IPU 1
//   run [8, 8, 2]    row 4 (tile 2) -> halo row 4 (tile 2): local
// @r [2], replicated on all 4 tiles:
//   run [0, 0, 1]    element 0 (tile 0) -> every replica: remote on tiles
//                    1 (IPU 0), 2, 3 (IPU 1)
//   run [13, 1, 1]   element 13 (row 6, tile 3): remote on tiles 0, 1
//                    (IPU 0) and 2 (IPU 1)
// IPU 0: 2 + 1 + 2 = 5 el = 20 B; IPU 1: 4 + 2 + 1 = 7 el = 28 B; 48 B.

// CHECK:      "bytes_exchanged": 48,
// CHECK-NEXT: "copies": 2,
// CHECK:      "name": "runs",
// CHECK:      "bytes_received": 20,
// CHECK-NEXT: "ipu": 0,
// CHECK:      "bytes_received": 28,
// CHECK-NEXT: "ipu": 1,
// CHECK:      "bytes_exchanged": 48,
// CHECK-NEXT: "copies": 6,
// CHECK:      "name": "ranges",
// CHECK:      "bytes_received": 20,
// CHECK-NEXT: "ipu": 0,
// CHECK:      "bytes_received": 28,
// CHECK-NEXT: "ipu": 1,

bsp.program @runs target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @r : tensor<2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @gather {
    bsp.copy @h -> @halo runs [14, 0, 2, 2, 2, 2, 4, 10, 4, 8, 8, 2]
    bsp.copy @h -> @r runs [0, 0, 1, 13, 1, 1]
  }
}

bsp.program @ranges target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @r : tensor<2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @gather {
    bsp.copy @h[14 : 16] -> @halo[0 : 2]
    bsp.copy @h[2 : 4] -> @halo[2 : 4]
    bsp.copy @h[4 : 8] -> @halo[10 : 14]
    bsp.copy @h[8 : 10] -> @halo[8 : 10]
    bsp.copy @h[0 : 1] -> @r[0 : 1]
    bsp.copy @h[13 : 14] -> @r[1 : 2]
  }
}
