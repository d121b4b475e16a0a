// RUN: gnn-opt %s --convert-gnn-to-bsp --split-input-file --verify-diagnostics

// expected-error @+1 {{convert-gnn-to-bsp: no function carries bsp.target; run gnn-partition first}}
module {
  func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

func.func @f(%x: tensor<4xf32> {bsp.mapping = #bsp.mapping<dim = 0, block = 4, tiles = #bsp.tiles<0, 1>>}) -> tensor<4xf32>
    attributes {bsp.target = #bsp.target<tiles_per_ipu = 16, bytes_per_tile = 65536, ipus = 1, clock_hz = 1.0e9, exchange_bytes_per_cycle = 4, sync_cycles = 600>} {
  // expected-error @+1 {{has no bsp.plan; run gnn-partition first}}
  %r = gnn.relu %x : tensor<4xf32>
  return %r : tensor<4xf32>
}
