// RUN: gnn-translate --bsp-to-executable-text %s --split-input-file -verify-diagnostics

// An executable has one target.

// expected-note @+1 {{first program here}}
bsp.program @a target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
}
// expected-error @+1 {{program @b targets #bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.000000e+09, exchange_bytes_per_cycle = 4, sync_cycles = 10> but program @a targets #bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.000000e+09, exchange_bytes_per_cycle = 4, sync_cycles = 10>; an executable has one target}}
bsp.program @b target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 2, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
}

// -----

// A param of a kind the executable has no field for.

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @c {
    // expected-error @+1 {{vertex 'rows.relu': param 'table' is dense<[1, 2]> : tensor<2xi64>, which executables cannot hold (integers, floats, strings, booleans, unit and integer lists only)}}
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@x) params {axis = 1 : i64, table = dense<[1, 2]> : tensor<2xi64>}
  }
}

// -----

// A list param must hold integers only.

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  bsp.tensor @x : tensor<4xf32> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
  bsp.compute_set @c {
    // expected-error @+1 {{vertex 'rows.relu': param 'mixed' is [1, "two"]}}
    bsp.vertex "rows.relu" tiles(#bsp.tiles<0, 4>) ins(@x) outs(@x) params {mixed = [1, "two"]}
  }
}

// -----

// Element types the runtime has no dtype for.

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  // expected-error @+1 {{tensor 'h' has element type 'f16', which executables cannot hold (f32, i32, i64 and i1 only)}}
  bsp.tensor @h : tensor<4xf16> mapping(#bsp.mapping<dim = 0, block = 1, tiles = #bsp.tiles<0, 4>>)
}

// -----

// One state name, two types.

bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  // expected-note @+1 {{other holder here}}
  bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "lin.weight"}
}
bsp.program @q target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
  // expected-error @+1 {{holds state 'lin.weight' as 'tensor<8xf32>' but @w of program @p holds it as 'tensor<4xf32>'}}
  bsp.tensor @w : tensor<8xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "lin.weight"}
}

// -----

// An initial value must have the state's type; the error is reported at
// the tensor holding the state.

module attributes {gnn.state_init = {"lin.weight" = dense<1.0> : tensor<2xf32>}} {
  bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
    // expected-error @+1 {{the initial value of state 'lin.weight' has type 'tensor<2xf32>' but the tensor is 'tensor<4xf32>'}}
    bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "lin.weight"}
  }
}

// -----

// expected-error @+1 {{no bsp.program to serialise}}
module {
}

// -----

// gnn.state_init must map state names to dense values (the error names the
// module's location, without printing the module).

// expected-error @+1 {{gnn.state_init must be a dictionary from state names to dense elements, got "w"}}
module attributes {gnn.state_init = "w"} {
  bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
    bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  }
}

// -----

// expected-error @+1 {{gnn.state_roles must be a dictionary from state names to strings, got 3 : i64}}
module attributes {gnn.state_roles = 3 : i64} {
  bsp.program @p target(#bsp.target<tiles_per_ipu = 4, bytes_per_tile = 4096, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 10>) {
    bsp.tensor @w : tensor<4xf32> mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 4>>) {state = "w"}
  }
}
