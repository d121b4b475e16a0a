// RUN: gnn-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{target tiles_per_ipu must be positive, got 0}}
bsp.program @p target(#bsp.target<tiles_per_ipu = 0, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {}

// -----

// expected-error @+1 {{target workers_per_tile must be positive, got -1}}
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100, workers_per_tile = -1>) {}

// -----

// expected-error @+1 {{target clock_hz must be positive and finite, got 0}}
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 0.0, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{tile count must be positive, got 0}}
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 0>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{first tile must be non-negative, got -1}}
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<-1, 4>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{mapping block must be positive, got 0}}
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 0, tiles = #bsp.tiles<0, 4>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{mapping dim must be non-negative, got -1}}
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = -1, block = 1, tiles = #bsp.tiles<0, 4>>)
}

// -----

//===----------------------------------------------------------------------===//
// bsp.program
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{'builtin.module' op cannot appear in a 'bsp.program'; its body holds only bsp declarations and steps}}
  builtin.module {}
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{'bsp.program' op cannot appear in a 'bsp.program'; its body holds only bsp declarations and steps}}
  bsp.program @inner target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {}
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 2, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 8>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op uses tiles [4, 12) but the target has 8 tiles}}
    bsp.vertex "relu" tiles(#bsp.tiles<4, 8>) ins() outs(@x)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{'bsp.tensor' op uses tiles [0, 1472) but the target has 4 tiles}}
  bsp.tensor @x : tensor<1472xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 1472>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-note @+1 {{first used here}}
  bsp.compute_set @phase {}
  bsp.repeat 2 {
    // expected-error @+1 {{'bsp.exchange' op reuses the phase name 'phase'}}
    bsp.exchange @phase {}
  }
}

// -----

//===----------------------------------------------------------------------===//
// bsp.tensor
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{mapping dimension 2 is out of range for a tensor of rank 2}}
  bsp.tensor @x : tensor<4x4xf32> mapping(#bsp.mapping<dim = 2, block = 1, tiles = #bsp.tiles<0, 4>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{mapping covers 8 of the 10 entries of dimension 0 (4 tiles x block 2)}}
  bsp.tensor @x : tensor<10x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // 4 rows of 65 f32 on the first tile of the range; exactly 1024 bytes would fit.
  // expected-error @+1 {{'bsp.tensor' op needs 1040 bytes on tile 1 but the target has 1024 bytes per tile}}
  bsp.tensor @x : tensor<10x65xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<1, 3>>)
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{'bsp.tensor' op needs 2048 bytes on tile 0 but the target has 1024 bytes per tile}}
  bsp.tensor @w : tensor<16x16xi64> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
}

// -----

// expected-error @+1 {{'bsp.tensor' op expects parent op 'bsp.program'}}
bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{type attribute of statically shaped tensor of floating-point or signless integer values}}
  bsp.tensor @x : tensor<?xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
}

// -----

//===----------------------------------------------------------------------===//
// bsp.stream_copy
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  // expected-error @+1 {{'bsp.stream_copy' op 'missing' does not name a declaration of the enclosing program}}
  bsp.stream_copy @missing -> @x
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  // expected-error @+1 {{copies between a host stream and a tensor, not a 'bsp.tensor' and a 'bsp.tensor'}}
  bsp.stream_copy @x -> @y
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @out : tensor<4xf32> direction(device_to_host)
  // expected-error @+1 {{stream 'out' is device_to_host but is used host_to_device}}
  bsp.stream_copy @out -> @x
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @in : tensor<2x2xf32> direction(host_to_device)
  // expected-error @+1 {{stream type 'tensor<2x2xf32>' does not match tensor type 'tensor<4xf32>'}}
  bsp.stream_copy @in -> @x
}

// -----

//===----------------------------------------------------------------------===//
// bsp.compute_set and bsp.vertex
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.compute_set @cs {
    // expected-error @+1 {{'builtin.module' op cannot appear in a compute set; it holds only 'bsp.vertex' ops}}
    builtin.module {}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-note @+1 {{other writer here}}
    bsp.vertex "a" tiles(#bsp.tiles<0, 2>) ins() outs(@x)
    bsp.vertex "b" tiles(#bsp.tiles<2, 1>) ins() outs(@x)
    // expected-error @+1 {{'bsp.vertex' op writes 'x' on tiles [1, 2) where another vertex of the compute set also writes it}}
    bsp.vertex "c" tiles(#bsp.tiles<1, 1>) ins() outs(@x)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // In-place on its own tiles is fine; reading where another vertex writes is a race.
    bsp.vertex "scale" tiles(#bsp.tiles<0, 2>) ins(@x) outs(@x)
    // expected-error @+1 {{'bsp.vertex' op reads 'x' on tiles [1, 4) where another vertex of the compute set writes it}}
    bsp.vertex "copy" tiles(#bsp.tiles<1, 3>) ins(@x) outs(@y)
    // expected-note @-3 {{writer here}}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op needs at least one output}}
    bsp.vertex "sink" tiles(#bsp.tiles<0, 4>) ins(@x) outs()
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op lists 'x' twice among its outputs}}
    bsp.vertex "dup" tiles(#bsp.tiles<0, 4>) ins() outs(@x, @x)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op halo_reads needs (buffer, refs) pairs of input positions; got 3 values}}
    bsp.vertex "h" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@y) {halo_reads = array<i64: 0, 1, 2>}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op halo_reads pair (0, 1) must name two different inputs among the 1}}
    bsp.vertex "h" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@y) {halo_reads = array<i64: 0, 1>}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @refs : tensor<4xi32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op halo_reads refs 'refs' must be an i32 tensor with a constant value}}
    bsp.vertex "h" tiles(#bsp.tiles<0, 4>) ins(@x, @refs) outs(@y) {halo_reads = array<i64: 0, 1>}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op needs a codelet name}}
    bsp.vertex "" tiles(#bsp.tiles<0, 4>) ins() outs(@x)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op 'nope' does not name a declaration of the enclosing program}}
    bsp.vertex "relu" tiles(#bsp.tiles<0, 4>) ins(@nope) outs(@x)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.host_stream @in : tensor<4xf32> direction(host_to_device)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op 'in' is a 'bsp.host_stream', expected a 'bsp.tensor'}}
    bsp.vertex "relu" tiles(#bsp.tiles<0, 4>) ins() outs(@in)
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 2>>)
  bsp.compute_set @cs {
    // expected-error @+1 {{'bsp.vertex' op runs on tiles [0, 4) but 'w' is mapped to tiles [0, 2)}}
    bsp.vertex "scale" tiles(#bsp.tiles<0, 4>) ins(@w) outs(@x)
  }
}

// -----

//===----------------------------------------------------------------------===//
// bsp.exchange and bsp.copy
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.exchange @ex {
    // expected-error @+1 {{'builtin.module' op cannot appear in an exchange; it holds only 'bsp.copy' ops}}
    builtin.module {}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-note @+1 {{other writer here}}
    bsp.copy @a[0 : 4] -> @b[0 : 4]
    // expected-error @+1 {{'bsp.copy' op writes elements [2, 6) of 'b', which another copy of the exchange also writes}}
    bsp.copy @a[4 : 8] -> @b[2 : 6]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op reads elements [0, 4) of 'b', which a copy of the same exchange writes}}
    bsp.copy @b[0 : 4] -> @a[0 : 4]
    // expected-note @+1 {{writer here}}
    bsp.copy @a[4 : 8] -> @b[2 : 6]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op 'b' does not name a declaration of the enclosing program}}
    bsp.copy @a -> @b
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<8xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op copies 'f32' elements of 'a' into 'i32' elements of 'b'}}
    bsp.copy @a -> @b
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<2x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op source range [4, 12) exceeds the 8 elements of 'a'}}
    bsp.copy @a[4 : 12] -> @b[0 : 8]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<2x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op destination range [8, 17) exceeds the 16 elements of 'b'}}
    bsp.copy @a[0 : 8] -> @b[8 : 17]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<2x8xf32> mapping(#bsp.mapping<dim = 1, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op reads 8 elements but writes 16}}
    bsp.copy @a -> @b
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op source range [0, 4) and destination range [2, 6) of 'a' overlap}}
    bsp.copy @a[0 : 4] -> @a[2 : 6]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op source range [4, 4) is empty or negative}}
    bsp.copy @a[4 : 4] -> @b[4 : 4]
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op destination range needs both a begin and an end}}
    "bsp.copy"() <{source = @a, dest = @b, dest_begin = 0 : i64}> : () -> ()
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op runs hold 4 values; expected one or more (source, destination, count) triples}}
    bsp.copy @a -> @b runs [0, 0, 4, 4]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op runs hold 0 values; expected one or more (source, destination, count) triples}}
    bsp.copy @a -> @b runs []
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op run #1 has count 0; counts must be positive}}
    bsp.copy @a -> @b runs [0, 0, 4, 4, 8, 0]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op run #0 begins at a negative index (-1, 0)}}
    bsp.copy @a -> @b runs [-1, 0, 2]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op has both runs and an element range}}
    bsp.copy @a[0 : 4] -> @b runs [0, 0, 4]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op run #1 reads [6, 10), beyond the 8 elements of 'a'}}
    bsp.copy @a -> @b runs [0, 0, 4, 6, 4, 4]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op run #0 writes [14, 18), beyond the 16 elements of 'b'}}
    bsp.copy @a -> @b runs [0, 14, 4]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // An overflowing end is reported saturated, not wrapped.
    // expected-error @+1 {{'bsp.copy' op run #0 reads [2, 9223372036854775807), beyond the 8 elements of 'a'}}
    bsp.copy @a -> @b runs [2, 0, 9223372036854775807]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op runs #0 and #2 both write elements [6, 8) of 'b'}}
    bsp.copy @a -> @b runs [0, 4, 4, 4, 12, 2, 6, 6, 2]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op run #1 reads elements [4, 6) of 'b', which run #0 writes}}
    bsp.copy @b -> @b runs [0, 5, 2, 4, 12, 2]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-note @+1 {{other writer here}}
    bsp.copy @a[0 : 4] -> @b[8 : 12]
    // expected-error @+1 {{'bsp.copy' op writes elements [10, 11) of 'b', which another copy of the exchange also writes}}
    bsp.copy @a -> @b runs [4, 0, 2, 6, 10, 1]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-note @+1 {{writer here}}
    bsp.copy @a -> @b runs [0, 0, 2, 2, 4, 2]
    // expected-error @+1 {{'bsp.copy' op reads elements [5, 6) of 'b', which a copy of the same exchange writes}}
    bsp.copy @b -> @a runs [8, 4, 1, 5, 5, 1]
  }
}

// -----
bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.tensor @a : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @b : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @c : tensor<8xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.exchange @ex {
    // expected-error @+1 {{'bsp.copy' op copies 'f32' elements of 'a' into 'i32' elements of 'c'}}
    bsp.copy @a -> @c runs [0, 0, 1]
  }
}

// -----

//===----------------------------------------------------------------------===//
// bsp.repeat and steps
//===----------------------------------------------------------------------===//

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  // expected-error @+1 {{'bsp.repeat' op attribute 'count' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  bsp.repeat 0 {
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.repeat 2 {
    // expected-error @+1 {{'builtin.module' op cannot appear in a 'bsp.repeat'; its body holds only bsp declarations and steps}}
    builtin.module {}
  }
}

// -----

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 1024, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 100>) {
  bsp.repeat 2 {
    // expected-error @+1 {{'bsp.tensor' op expects parent op 'bsp.program'}}
    bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  }
}

// -----

// expected-error @+1 {{'bsp.sync' op expects parent op to be one of 'bsp.program, bsp.repeat'}}
bsp.sync global
