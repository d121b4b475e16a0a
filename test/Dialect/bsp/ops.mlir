// RUN: gnn-opt %s | gnn-opt | FileCheck %s
// RUN: gnn-opt %s --mlir-print-op-generic | gnn-opt | FileCheck %s

// One GCN layer on a Mk2 IPU: load, broadcast the weights, transform, swap
// halo rows, aggregate, a repeated activation, store.

// CHECK-LABEL: bsp.program @gcn_layer
// CHECK-SAME:    target(#bsp.target<tiles_per_ipu = 1472, bytes_per_tile = 638976, ipus = 1, clock_hz = 1.850000e+09, exchange_bytes_per_cycle = 4, sync_cycles = 600>)
bsp.program @gcn_layer target(#bsp.target<tiles_per_ipu = 1472, bytes_per_tile = 638976, ipus = 1, clock_hz = 1.85e9, exchange_bytes_per_cycle = 4, sync_cycles = 600>) {
  // CHECK: bsp.tensor @[[X:[a-z_0-9]+]] : tensor<2944x16xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
  bsp.tensor @x : tensor<2944x16xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
  // The stripped form of a nested tile range parses too.
  // CHECK: bsp.tensor @[[W:[a-z_0-9]+]] : tensor<16x32xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1472>>)
  bsp.tensor @w : tensor<16x32xf32> mapping(#bsp.mapping<replicated, tiles = <0, 1472>>)
  // CHECK: bsp.tensor @[[WSTAGE:[a-z_0-9]+]] : tensor<16x32xf32> mapping(#bsp.mapping<dim = 0, block = 16, tiles = #bsp.tiles<0, 1>>)
  bsp.tensor @w_stage : tensor<16x32xf32> mapping(#bsp.mapping<dim = 0, block = 16, tiles = #bsp.tiles<0, 1>>)
  // CHECK: bsp.tensor @[[H:[a-z_0-9]+]] : tensor<2944x32xf32>
  bsp.tensor @h : tensor<2944x32xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
  // CHECK: bsp.tensor @[[HALO:[a-z_0-9]+]] : tensor<2944x32xf32>
  bsp.tensor @halo : tensor<2944x32xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
  // CHECK: bsp.tensor @[[Y:[a-z_0-9]+]] : tensor<2944x32xf32>
  bsp.tensor @y : tensor<2944x32xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
  // CHECK: bsp.host_stream @[[XIN:[a-z_0-9]+]] : tensor<2944x16xf32> direction(host_to_device)
  bsp.host_stream @x_in : tensor<2944x16xf32> direction(host_to_device)
  // CHECK: bsp.host_stream @[[WIN:[a-z_0-9]+]] : tensor<16x32xf32> direction(host_to_device)
  bsp.host_stream @w_in : tensor<16x32xf32> direction(host_to_device)
  // CHECK: bsp.host_stream @[[YOUT:[a-z_0-9]+]] : tensor<2944x32xf32> direction(device_to_host)
  bsp.host_stream @y_out : tensor<2944x32xf32> direction(device_to_host)

  // CHECK: bsp.stream_copy @[[XIN]] -> @[[X]]
  bsp.stream_copy @x_in -> @x
  // CHECK: bsp.stream_copy @[[WIN]] -> @[[WSTAGE]]
  bsp.stream_copy @w_in -> @w_stage
  // CHECK: bsp.sync internal
  bsp.sync internal
  // CHECK: bsp.exchange @broadcast_w {
  // CHECK-NEXT: bsp.copy @[[WSTAGE]] -> @[[W]]
  bsp.exchange @broadcast_w {
    bsp.copy @w_stage -> @w
  }
  // CHECK: bsp.compute_set @transform {
  // CHECK-NEXT: bsp.vertex "matmul" tiles(#bsp.tiles<0, 1472>) ins(@[[X]], @[[W]]) outs(@[[H]])
  bsp.compute_set @transform {
    bsp.vertex "matmul" tiles(#bsp.tiles<0, 1472>) ins(@x, @w) outs(@h)
  }
  bsp.sync internal
  // CHECK: bsp.exchange @swap_halo {
  // CHECK-NEXT: bsp.copy @[[H]][0 : 64] -> @[[HALO]][64 : 128]
  // CHECK-NEXT: bsp.copy @[[H]][64 : 128] -> @[[HALO]][0 : 64]
  bsp.exchange @swap_halo {
    bsp.copy @h[0 : 64] -> @halo[64 : 128]
    bsp.copy @h[64 : 128] -> @halo[0 : 64]
  }
  // CHECK: bsp.compute_set @aggregate {
  // CHECK-NEXT: bsp.vertex "add" tiles(#bsp.tiles<0, 1472>) ins(@[[H]], @[[HALO]]) outs(@[[Y]]) params {scale = 5.000000e-01 : f32}
  bsp.compute_set @aggregate {
    bsp.vertex "add" tiles(#bsp.tiles<0, 1472>) ins(@h, @halo) outs(@y) params {scale = 0.5 : f32}
  }
  // CHECK: bsp.repeat 2 {
  // CHECK-NEXT: bsp.compute_set @activate {
  // CHECK-NEXT: bsp.vertex "relu" tiles(#bsp.tiles<0, 1472>) ins(@[[Y]]) outs(@[[Y]])
  // CHECK: bsp.sync internal
  bsp.repeat 2 {
    bsp.compute_set @activate {
      bsp.vertex "relu" tiles(#bsp.tiles<0, 1472>) ins(@y) outs(@y)
    }
    bsp.sync internal
  }
  // CHECK: bsp.stream_copy @[[Y]] -> @[[YOUT]]
  bsp.stream_copy @y -> @y_out
}

// A vertex that reads only the halo rows its constant refs name.
// CHECK-LABEL: bsp.program @halo_reads
// CHECK: bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, @halo, @refs) outs(@out) {halo_reads = array<i64: 1, 2>}
bsp.program @halo_reads target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @halo : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @refs : tensor<4xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>) {value = dense<[-1, -2, 0, -1]> : tensor<4xi32>}
  bsp.tensor @out : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.compute_set @gather {
    bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, @halo, @refs) outs(@out) {halo_reads = array<i64: 1, 2>}
  }
}

// Two small IPUs: tile ranges cross the IPU boundary, other element types,
// a mapping of dimension 1, a non-default worker count, disjoint writers of
// one tensor, an output-only vertex, nested repeats and a global sync.

// CHECK-LABEL: bsp.program @two_ipus
// CHECK-SAME:    target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1333333333.7, exchange_bytes_per_cycle = 8, sync_cycles = 150, workers_per_tile = 4>)
bsp.program @two_ipus target(#bsp.target<workers_per_tile = 4, tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.3333333337e9, exchange_bytes_per_cycle = 8, sync_cycles = 150>) {
  // CHECK: bsp.tensor @[[A:[a-z_0-9]+]] : tensor<3x8xf16> mapping(#bsp.mapping<dim = 1, block = 1, tiles = #bsp.tiles<0, 8>>)
  bsp.tensor @a : tensor<3x8xf16> mapping(#bsp.mapping<dim = 1, block = 1, tiles = #bsp.tiles<0, 8>>)
  // CHECK: bsp.tensor @[[B:[a-z_0-9]+]] : tensor<3x8xf16> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<2, 4>>)
  bsp.tensor @b : tensor<3x8xf16> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<2, 4>>)
  // CHECK: bsp.tensor @[[IDX:[a-z_0-9]+]] : tensor<10xi32> mapping(#bsp.mapping<dim = 0, block = 3, tiles = #bsp.tiles<4, 4>>)
  bsp.tensor @idx : tensor<10xi32> mapping(#bsp.mapping<dim = 0, block = 3, tiles = #bsp.tiles<4, 4>>)
  // CHECK: bsp.tensor @[[MASK:[a-z_0-9]+]] : tensor<i1> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>)
  bsp.tensor @mask : tensor<i1> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>)

  // CHECK: bsp.compute_set @init {
  // CHECK-NEXT: bsp.vertex "fill" tiles(#bsp.tiles<0, 2>) ins() outs(@[[A]]) params {value = 0.000000e+00 : f16}
  // CHECK-NEXT: bsp.vertex "fill" tiles(#bsp.tiles<2, 6>) ins() outs(@[[A]]) params {value = 1.000000e+00 : f16}
  // CHECK-NEXT: bsp.vertex "iota" tiles(#bsp.tiles<4, 4>) ins() outs(@[[IDX]], @[[MASK]])
  bsp.compute_set @init {
    bsp.vertex "fill" tiles(#bsp.tiles<0, 2>) ins() outs(@a) params {value = 0.0 : f16}
    bsp.vertex "fill" tiles(#bsp.tiles<2, 6>) ins() outs(@a) params {value = 1.0 : f16}
    bsp.vertex "iota" tiles(#bsp.tiles<4, 4>) ins() outs(@idx, @mask)
  }
  // CHECK: bsp.sync global
  bsp.sync global
  // CHECK: bsp.repeat 3 {
  // CHECK-NEXT: bsp.exchange @relayout {
  // CHECK-NEXT: bsp.copy @[[A]] -> @[[B]]
  // CHECK: bsp.repeat 1 {
  // CHECK-NEXT: bsp.sync global
  bsp.repeat 3 {
    bsp.exchange @relayout {
      bsp.copy @a -> @b
    }
    bsp.repeat 1 {
      bsp.sync global
    }
  }
}

// Many element runs in one copy: rows 7, 1 and 2-3 of @h gathered into
// @halo (4 elements a row), a copy within one tensor whose runs read
// nothing they write, and a range copy beside them in the same exchange.

// CHECK-LABEL: bsp.program @runs
// CHECK:         bsp.exchange @gather {
// CHECK-NEXT:      bsp.copy @[[RH:[a-z_0-9]+]] -> @[[RHALO:[a-z_0-9]+]] runs [28, 0, 4, 4, 4, 4, 8, 16, 8]{{$}}
// CHECK-NEXT:      bsp.copy @[[RS:[a-z_0-9]+]] -> @[[RS]] runs [0, 6, 2, 3, 2, 1]{{$}}
// CHECK-NEXT:      bsp.copy @[[RH]][0 : 4] -> @[[RHALO]][8 : 12]{{$}}
// CHECK-NEXT:    }
bsp.program @runs target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @s : tensor<8xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @gather {
    bsp.copy @h -> @halo runs [28, 0, 4, 4, 4, 4, 8, 16, 8]
    bsp.copy @s -> @s runs [0, 6, 2, 3, 2, 1]
    bsp.copy @h[0 : 4] -> @halo[8 : 12]
  }
}

// Empty bodies are allowed.

// CHECK-LABEL: bsp.program @empty
// CHECK:         bsp.compute_set @nothing {
// CHECK-NEXT:    }
// CHECK-NEXT:    bsp.exchange @nothing_either {
// CHECK-NEXT:    }
bsp.program @empty target(#bsp.target<tiles_per_ipu = 1, bytes_per_tile = 1, ipus = 1, clock_hz = 1.0, exchange_bytes_per_cycle = 1, sync_cycles = 1>) {
  bsp.compute_set @nothing {}
  bsp.exchange @nothing_either {}
}
