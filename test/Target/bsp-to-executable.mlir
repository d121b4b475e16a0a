// RUN: gnn-translate --bsp-to-executable-text %s 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// RUN: gnn-translate --bsp-to-executable %s -o %t.bin
// RUN: protoc --proto_path=%gnnc_src/proto --decode=gnnc.exec.Executable executable.proto < %t.bin | FileCheck %s

// Two programs sharing one state tensor, with module metadata. Text format
// leaves out proto3 fields at their defaults (0, false, ""). The binary
// form decodes to the same message.

// WARN: warning: no initial value for state 'step' in gnn.state_init; it starts as zeros

// CHECK:      format: "gnnc-executable"
// CHECK-NEXT: format_version: 1
// CHECK-NEXT: producer: "gnnc gnn-translate"
// CHECK-NEXT: model_name: "cora_gcn"
// CHECK-NEXT: target {
// CHECK-NEXT:   tiles_per_ipu: 4
// CHECK-NEXT:   bytes_per_tile: 4096
// CHECK-NEXT:   ipus: 2
// CHECK-NEXT:   clock_hz: 1850000000
// CHECK-NEXT:   exchange_bytes_per_cycle: 4
// CHECK-NEXT:   sync_cycles: 600
// CHECK-NEXT:   workers_per_tile: 6
// CHECK-NEXT: }

// One state entry per name, in order of first appearance: the initial value
// from gnn.state_init (1.0, -2.0, 0.5, 4.0 as little-endian f32), or zeros.
// CHECK-NEXT: state {
// CHECK-NEXT:   name: "conv.weight"
// CHECK-NEXT:   role: "parameter"
// CHECK-NEXT:   initial {
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     data: "\000\000\200?\000\000\000\300\000\000\000?\000\000\200@"
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-NEXT: state {
// CHECK-NEXT:   name: "step"
// CHECK-NEXT:   role: "buffer"
// CHECK-NEXT:   initial {
// CHECK-NEXT:     dtype: I64
// CHECK-NEXT:     data: "\000\000\000\000\000\000\000\000"
// CHECK-NEXT:   }
// CHECK-NEXT: }

// CHECK-NEXT: programs {
// CHECK-NEXT:   name: "inference"
// CHECK-NEXT:   tensors {
// CHECK-NEXT:     name: "x"
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 8
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     mapping {
// CHECK-NEXT:       block: 2
// CHECK-NEXT:       first_tile: 4
// CHECK-NEXT:       tile_count: 4
// CHECK-NEXT:     }
// CHECK-NEXT:     offset: 64
// CHECK-NEXT:   }
// CHECK-NEXT:   tensors {
// CHECK-NEXT:     name: "w"
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     mapping {
// CHECK-NEXT:       replicated: true
// CHECK-NEXT:       tile_count: 8
// CHECK-NEXT:     }
// CHECK-NEXT:     state: "conv.weight"
// CHECK-NEXT:   }
// No offset: -1, the runtime places the tensor.
// CHECK-NEXT:   tensors {
// CHECK-NEXT:     name: "p"
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 4
// CHECK-NEXT:     shape: 8
// CHECK-NEXT:     mapping {
// CHECK-NEXT:       dim: 1
// CHECK-NEXT:       block: 2
// CHECK-NEXT:       tile_count: 4
// CHECK-NEXT:     }
// CHECK-NEXT:     offset: -1
// CHECK-NEXT:   }
// Constants: i1 one byte per element, integers little-endian two's
// complement.
// CHECK-NEXT:   tensors {
// CHECK-NEXT:     name: "mask"
// CHECK-NEXT:     dtype: BOOL
// CHECK-NEXT:     shape: 3
// CHECK:          constant {
// CHECK-NEXT:       dtype: BOOL
// CHECK-NEXT:       shape: 3
// CHECK-NEXT:       data: "\001\000\001"
// CHECK-NEXT:     }
// CHECK:          name: "idx"
// CHECK-NEXT:     dtype: I32
// CHECK:          constant {
// CHECK-NEXT:       dtype: I32
// CHECK-NEXT:       shape: 2
// CHECK-NEXT:       data: "\001\000\000\000\376\377\377\377"
// CHECK:          name: "big"
// CHECK-NEXT:     dtype: I64
// CHECK:          constant {
// CHECK-NEXT:       dtype: I64
// CHECK-NEXT:       shape: 1
// CHECK-NEXT:       data: "\002\001\000\000\000\000\000\000"

// CHECK:        streams {
// CHECK-NEXT:     name: "x_in"
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 8
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:     host_to_device: true
// CHECK-NEXT:     binding: "x"
// CHECK-NEXT:     role: "input"
// CHECK-NEXT:   }
// CHECK-NEXT:   streams {
// CHECK-NEXT:     name: "y_out"
// CHECK-NEXT:     dtype: F32
// CHECK-NEXT:     shape: 8
// CHECK-NEXT:     shape: 2
// CHECK-NEXT:   }

// Steps in order; params sorted by key.
// CHECK-NEXT:   steps {
// CHECK-NEXT:     stream_copy {
// CHECK-NEXT:       source: "x_in"
// CHECK-NEXT:       dest: "x"
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT:   steps {
// CHECK-NEXT:     sync {
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT:   steps {
// CHECK-NEXT:     compute_set {
// CHECK-NEXT:       name: "layer"
// CHECK-NEXT:       vertices {
// CHECK-NEXT:         codelet: "rows.linear"
// CHECK-NEXT:         first_tile: 4
// CHECK-NEXT:         tile_count: 4
// CHECK-NEXT:         ins: "x"
// CHECK-NEXT:         ins: "w"
// CHECK-NEXT:         outs: "x"
// CHECK-NEXT:         params {
// CHECK-NEXT:           key: "alpha"
// CHECK-NEXT:           value {
// CHECK-NEXT:             f: 0.5
// CHECK:                key: "dims"
// CHECK-NEXT:           value {
// CHECK-NEXT:             ints {
// CHECK-NEXT:               values: 0
// CHECK-NEXT:               values: 2
// CHECK:                key: "flag"
// CHECK-NEXT:           value {
// CHECK-NEXT:             i: 1
// CHECK:                key: "kind"
// CHECK-NEXT:           value {
// CHECK-NEXT:             s: "sum"
// CHECK:                key: "n"
// CHECK-NEXT:           value {
// CHECK-NEXT:             i: -3
// CHECK:                key: "off"
// CHECK-NEXT:           value {
// CHECK-NEXT:             i: 0
// CHECK:                key: "on"
// CHECK-NEXT:           value {
// CHECK-NEXT:             i: 1
// CHECK:                key: "operand_segments"
// CHECK-NEXT:           value {
// CHECK-NEXT:             ints {
// CHECK-NEXT:               values: 1
// CHECK-NEXT:               values: 1
// CHECK-NEXT:               values: 0
// CHECK:          steps {
// CHECK-NEXT:     sync {
// CHECK-NEXT:       global: true
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// Whole-tensor sides are -1/-1 (proto3 leaves out a 0 begin).
// CHECK-NEXT:   steps {
// CHECK-NEXT:     repeat {
// CHECK-NEXT:       count: 2
// CHECK-NEXT:       body {
// CHECK-NEXT:         exchange {
// CHECK-NEXT:           name: "copy"
// CHECK-NEXT:           copies {
// CHECK-NEXT:             source: "x"
// CHECK-NEXT:             source_end: 4
// CHECK-NEXT:             dest: "p"
// CHECK-NEXT:             dest_begin: 4
// CHECK-NEXT:             dest_end: 8
// CHECK-NEXT:           }
// CHECK-NEXT:           copies {
// CHECK-NEXT:             source: "w"
// CHECK-NEXT:             source_begin: -1
// CHECK-NEXT:             source_end: -1
// CHECK-NEXT:             dest: "p"
// CHECK-NEXT:             dest_end: 4
// CHECK-NEXT:           }
// CHECK-NEXT:         }
// CHECK-NEXT:       }
// CHECK-NEXT:       body {
// CHECK-NEXT:         sync {
// CHECK-NEXT:         }
// CHECK-NEXT:       }
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT:   steps {
// CHECK-NEXT:     stream_copy {
// CHECK-NEXT:       source: "x"
// CHECK-NEXT:       dest: "y_out"

// CHECK:      programs {
// CHECK-NEXT:   name: "train_step"
// CHECK:          name: "step"
// CHECK-NEXT:     dtype: I64
// CHECK-NEXT:     mapping {
// CHECK-NEXT:       replicated: true
// CHECK-NEXT:       tile_count: 1
// CHECK-NEXT:     }
// CHECK-NEXT:     offset: -1
// CHECK-NEXT:     state: "step"

// Metadata: gnn.* strings, integers, floats and booleans, sorted by key;
// the optimizer dictionary (as the importer writes it) in MLIR syntax and
// field by field; gnn.state_init, gnn.state_roles and other dialects'
// attributes stay out.
// CHECK:      metadata {
// CHECK-NEXT:   key: "gnn.deterministic"
// CHECK-NEXT:   value: "true"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.lr"
// CHECK-NEXT:   value: "0.01"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.model_name"
// CHECK-NEXT:   value: "cora_gcn"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.optimizer"
// CHECK-NEXT:   value: "{amsgrad = false, kind = \"adam\", lr = 1.000000e-03 : f64}"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.optimizer.amsgrad"
// CHECK-NEXT:   value: "false"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.optimizer.kind"
// CHECK-NEXT:   value: "adam"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.optimizer.lr"
// CHECK-NEXT:   value: "0.001"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.seed"
// CHECK-NEXT:   value: "7"
// CHECK-NEXT: }
// CHECK-NEXT: metadata {
// CHECK-NEXT:   key: "gnn.task"
// CHECK-NEXT:   value: "node_classification"
// CHECK-NEXT: }
// CHECK-NOT:  metadata
// CHECK-NOT:  ignored

module attributes {gnn.model_name = "cora_gcn", gnn.optimizer = {kind = "adam", lr = 1.0e-03 : f64, amsgrad = false}, gnn.task = "node_classification", gnn.seed = 7 : i64, gnn.lr = 1.0e-02 : f64, gnn.deterministic = true, gnn.state_init = {"conv.weight" = dense<[[1.0, -2.0], [0.5, 4.0]]> : tensor<2x2xf32>}, gnn.state_roles = {"conv.weight" = "parameter", "step" = "buffer"}, other.ignored = 3 : i64} {
  bsp.program @inference target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.85e9, exchange_bytes_per_cycle = 4, sync_cycles = 600>) {
    bsp.tensor @x : tensor<8x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<4, 4>>) {offset = 64 : i64}
    bsp.tensor @w : tensor<2x2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>) {offset = 0 : i64, state = "conv.weight"}
    bsp.tensor @p : tensor<4x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
    bsp.tensor @mask : tensor<3xi1> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>) {value = dense<[true, false, true]> : tensor<3xi1>}
    bsp.tensor @idx : tensor<2xi32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>) {value = dense<[1, -2]> : tensor<2xi32>}
    bsp.tensor @big : tensor<1xi64> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>) {value = dense<258> : tensor<1xi64>}
    bsp.host_stream @x_in : tensor<8x2xf32> direction(host_to_device) {binding = "x", role = "input"}
    bsp.host_stream @y_out : tensor<8x2xf32> direction(device_to_host)
    bsp.stream_copy @x_in -> @x
    bsp.sync internal
    bsp.compute_set @layer {
      bsp.vertex "rows.linear" tiles(#bsp.tiles<4, 4>) ins(@x, @w) outs(@x) params {operand_segments = array<i64: 1, 1, 0>, alpha = 0.5 : f64, kind = "sum", flag = true, off = false, n = -3 : i32, on, dims = [0, 2]}
    }
    bsp.sync global
    bsp.repeat 2 {
      bsp.exchange @copy {
        bsp.copy @x[0 : 4] -> @p[4 : 8]
        bsp.copy @w -> @p[0 : 4]
      }
      bsp.sync internal
    }
    bsp.stream_copy @x -> @y_out
  }
  bsp.program @train_step target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.85e9, exchange_bytes_per_cycle = 4, sync_cycles = 600>) {
    bsp.tensor @w : tensor<2x2xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 8>>) {state = "conv.weight"}
    bsp.tensor @step : tensor<i64> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1>>) {state = "step"}
    bsp.compute_set @upd {
      bsp.vertex "rows.sgd_update" tiles(#bsp.tiles<0, 1>) ins(@w, @step) outs(@w, @step)
    }
  }
}
