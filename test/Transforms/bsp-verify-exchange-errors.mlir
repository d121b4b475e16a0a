// RUN: gnn-opt %s --bsp-verify-exchange --split-input-file -verify-diagnostics

// Read before any write.

bsp.program @read_undefined target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @relu {
    // expected-error @+1 {{program @read_undefined, step compute set 'relu': vertex #0 ('rows.relu') reads 'h' elements [4, 8) on tile 1, which no earlier step defines}}
    bsp.vertex "rows.relu" tiles(#bsp.tiles<1, 3>) ins(@h) outs(@y)
  }
}

// -----

// An exchange writes @halo and a compute set reads it with no sync between.

bsp.program @no_sync_after_exchange target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.sync internal
  bsp.exchange @swap {
    bsp.copy @h[0 : 8] -> @halo[8 : 16]
    bsp.copy @h[8 : 16] -> @halo[0 : 8]
  }
  bsp.compute_set @add {
    // expected-error @+1 {{program @no_sync_after_exchange, step compute set 'add': vertex #0 ('rows.add') reads 'halo' elements [0, 4) on tile 0, written by exchange 'swap' with no bsp.sync in between}}
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@h, @halo) outs(@y)
  }
}

// -----

// A host stream copy counts as an exchange: a compute set may not read its
// data before a sync.

bsp.program @no_sync_after_stream target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.compute_set @relu {
    // expected-error @+1 {{reads 'h' elements [8, 12) on tile 2, written by stream copy @h_in -> @h with no bsp.sync in between}}
    bsp.vertex "rows.relu" tiles(#bsp.tiles<2, 2>) ins(@h) outs(@h)
  }
}

// -----

// A compute set writes @h and an exchange reads it with no sync between.

bsp.program @no_sync_before_exchange target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @x_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.compute_set @transform {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@h)
  }
  bsp.exchange @swap {
    bsp.copy @x[0 : 8] -> @halo[8 : 16]
    // expected-error @+1 {{program @no_sync_before_exchange, step exchange 'swap': copy #1 (@h -> @halo) reads 'h' elements [8, 12) on tile 2, written by compute set 'transform' with no bsp.sync in between}}
    bsp.copy @h[8 : 16] -> @halo[0 : 8]
  }
}

// -----

// A partial copy leaves a hole in @y that a vertex reads.

bsp.program @hole target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @z : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @x_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.exchange @shift {
    bsp.copy @x[0 : 6] -> @y[0 : 6]
    bsp.copy @x[10 : 16] -> @y[10 : 16]
  }
  bsp.sync internal
  bsp.compute_set @use {
    // expected-error @+1 {{program @hole, step compute set 'use': vertex #0 ('rows.relu') reads 'y' elements [6, 8) on tile 1, which no earlier step defines}}
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@y) outs(@z)
  }
}

// -----

// A replica written by a vertex on tiles 0 and 1 only, then read on all
// four tiles: tile 2's replica is undefined.

bsp.program @partial_replica target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @r : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @make {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@w) outs(@r)
  }
  bsp.compute_set @use {
    // expected-error @+1 {{program @partial_replica, step compute set 'use': vertex #0 ('rows.add') reads 'r' elements [0, 4) on tile 2, which no earlier step defines}}
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@r) outs(@y)
  }
}

// -----

// A copy into a replica writes the same elements in every replica: here
// only half of them.

bsp.program @half_replica target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @r : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @x_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.exchange @bcast {
    bsp.copy @x[0 : 2] -> @r[0 : 2]
  }
  bsp.sync internal
  bsp.compute_set @use {
    // expected-error @+1 {{vertex #0 ('rows.add') reads 'r' elements [2, 4) on tile 1, which no earlier step defines}}
    bsp.vertex "rows.add" tiles(#bsp.tiles<1, 3>) ins(@r) outs(@y)
  }
}

// -----

// A copy from a replica reads, on each destination tile that has a replica,
// that replica: tile 2's was never written.

bsp.program @copy_from_partial_replica target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @w : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @r : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @d : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @make {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@w) outs(@r)
  }
  bsp.sync internal
  bsp.exchange @spread {
    // expected-error @+1 {{program @copy_from_partial_replica, step exchange 'spread': copy #0 (@r -> @d) reads 'r' elements [4, 6) on tile 2, which no earlier step defines}}
    bsp.copy @r -> @d
  }
}

// -----

// The body's exchange writes @h at the end of one iteration and its
// compute set reads it at the start of the next with no sync between: only
// the second run of the body sees it.

bsp.program @loop_carried target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @h2 : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.sync internal
  bsp.repeat 2 {
    bsp.compute_set @step {
      // expected-error @+1 {{program @loop_carried, step compute set 'step' (in a later iteration of its bsp.repeat): vertex #0 ('rows.relu') reads 'h' elements [0, 4) on tile 0, written by exchange 'rotate' with no bsp.sync in between}}
      bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@h) outs(@h2)
    }
    bsp.sync internal
    bsp.exchange @rotate {
      bsp.copy @h2[0 : 4] -> @h[12 : 16]
      bsp.copy @h2[4 : 16] -> @h[0 : 12]
    }
  }
}

// -----

// Streaming out a tensor that was only partly written.

bsp.program @stream_out_hole target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @y_out : tensor<16xf32> direction(device_to_host)
  bsp.compute_set @fill {
    bsp.vertex "rows.iota" tiles(#bsp.tiles<0, 3>) ins() outs(@y)
  }
  bsp.sync internal
  // expected-error @+1 {{program @stream_out_hole, step stream copy @y -> @y_out: reads 'y' elements [12, 16) on tile 3, which no earlier step defines}}
  bsp.stream_copy @y -> @y_out
}

// -----

// Runs that leave a hole: row 5 of @halo (elements [20, 24), tile 2) is
// never written, and the vertex on tile 2 reads it.

bsp.program @runs_hole target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<8x4xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.sync internal
  bsp.exchange @gather {
    bsp.copy @h -> @halo runs [28, 0, 4, 4, 4, 4, 24, 8, 8, 16, 16, 4, 8, 24, 8]
  }
  bsp.sync internal
  bsp.compute_set @aggregate {
    // expected-error @+1 {{program @runs_hole, step compute set 'aggregate': vertex #0 ('rows.add') reads 'halo' elements [20, 24) on tile 2, which no earlier step defines}}
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@h, @halo) outs(@y)
  }
}

// -----

// A run reads a row no step defined: @h is written only on tiles 0-1
// (rows 0-3), and the third run reads row 6 (elements [24, 28), tile 3).

bsp.program @runs_read_undefined target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>) {state = "x"}
  bsp.tensor @h : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<8x4xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @transform {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@x) outs(@h)
  }
  bsp.sync internal
  bsp.exchange @gather {
    // expected-error @+1 {{program @runs_read_undefined, step exchange 'gather': copy #0 (@h -> @halo) reads 'h' elements [24, 28) on tile 3, which no earlier step defines}}
    bsp.copy @h -> @halo runs [0, 16, 4, 12, 20, 4, 24, 0, 4]
  }
}

// -----

// Runs out of a replica read each destination tile's own replica: @r is
// defined on tiles 0-1 only, and the run into @d[4 : 6) (tile 2) reads
// tile 2's replica, elements [0, 2).

bsp.program @runs_from_partial_replica target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @w : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  bsp.tensor @r : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @d : tensor<8xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @make {
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 2>) ins(@w) outs(@r)
  }
  bsp.sync internal
  bsp.exchange @spread {
    // expected-error @+1 {{program @runs_from_partial_replica, step exchange 'spread': copy #0 (@r -> @d) reads 'r' elements [0, 2) on tile 2, which no earlier step defines}}
    bsp.copy @r -> @d runs [6, 0, 2, 0, 4, 2]
  }
}

// -----

// Runs write @halo and a compute set reads it with no sync between.

bsp.program @runs_no_sync target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @h : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @halo : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.tensor @y : tensor<16xf32> mapping(#bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 4>>)
  bsp.host_stream @h_in : tensor<16xf32> direction(host_to_device)
  bsp.stream_copy @h_in -> @h
  bsp.sync internal
  bsp.exchange @swap {
    bsp.copy @h -> @halo runs [12, 0, 4, 8, 4, 4, 4, 8, 4, 0, 12, 4]
  }
  bsp.compute_set @add {
    // expected-error @+1 {{program @runs_no_sync, step compute set 'add': vertex #0 ('rows.add') reads 'halo' elements [0, 4) on tile 0, written by exchange 'swap' with no bsp.sync in between}}
    bsp.vertex "rows.add" tiles(#bsp.tiles<0, 4>) ins(@h, @halo) outs(@y)
  }
}

// -----

// A halo ref naming a halo row no exchange wrote.

bsp.program @halo_ref_to_unwritten_row target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @halo : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.tensor @refs : tensor<4xi32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>) {value = dense<[-1, -2, 0, -2]> : tensor<4xi32>}
  bsp.tensor @out : tensor<4x2xf32> mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 2>>)
  bsp.host_stream @x_in : tensor<4x2xf32> direction(host_to_device)
  bsp.stream_copy @x_in -> @x
  bsp.sync internal
  bsp.exchange @halo {
    bsp.copy @x -> @halo runs [4, 0, 4, 0, 4, 2]
  }
  bsp.sync internal
  bsp.compute_set @gather {
    // expected-error @+1 {{program @halo_ref_to_unwritten_row, step compute set 'gather': vertex #0 ('halo.gather') reads 'halo' elements [6, 8) on tile 1, which no earlier step defines}}
    bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, @halo, @refs) outs(@out) {halo_reads = array<i64: 1, 2>}
  }
}

// -----

// Without halo_reads the vertex reads its whole halo slice, and tile 1's
// second row is never written.

bsp.program @halo_without_halo_reads target(#bsp.target<tiles_per_ipu = 2, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
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
    // expected-error @+1 {{program @halo_without_halo_reads, step compute set 'gather': vertex #0 ('halo.gather') reads 'halo' elements [6, 8) on tile 1, which no earlier step defines}}
    bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 2>) ins(@x, @halo, @refs) outs(@out)
  }
}
