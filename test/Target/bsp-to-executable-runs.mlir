// RUN: gnn-translate --bsp-to-executable-text %s | FileCheck %s
// RUN: gnn-translate --bsp-to-executable %s -o %t.bin
// RUN: protoc --proto_path=%gnnc_src/proto --decode=gnnc.exec.Executable executable.proto < %t.bin | FileCheck %s

// A copy with runs keeps them as flat (source, dest, count) triples, in
// order, with -1 in the four range fields; a range copy beside it has no
// runs.

// CHECK:      exchange {
// CHECK-NEXT:   name: "gather"
// CHECK-NEXT:   copies {
// CHECK-NEXT:     source: "h"
// CHECK-NEXT:     source_begin: -1
// CHECK-NEXT:     source_end: -1
// CHECK-NEXT:     dest: "halo"
// CHECK-NEXT:     dest_begin: -1
// CHECK-NEXT:     dest_end: -1
// CHECK-NEXT:     runs: 28
// CHECK-NEXT:     runs: 0
// CHECK-NEXT:     runs: 4
// CHECK-NEXT:     runs: 4
// CHECK-NEXT:     runs: 4
// CHECK-NEXT:     runs: 4
// CHECK-NEXT:   }
// CHECK-NEXT:   copies {
// CHECK-NEXT:     source: "h"
// CHECK-NEXT:     source_end: 4
// CHECK-NEXT:     dest: "halo"
// CHECK-NEXT:     dest_begin: 8
// CHECK-NEXT:     dest_end: 12
// CHECK-NEXT:   }
// CHECK-NEXT: }

bsp.program @runs target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @gather {
    bsp.copy @h -> @halo runs [28, 0, 4, 4, 4, 4]
    bsp.copy @h[0 : 4] -> @halo[8 : 12]
  }
}
