// RUN: not gnn-opt %s --gnn-partition="target=tpu" 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not gnn-opt %s --gnn-partition="target=test tiles=17" 2>&1 | FileCheck %s --check-prefix=TILES
// RUN: gnn-opt %s --gnn-partition="target=gc200 ipus=2 tiles=4" | FileCheck %s --check-prefix=SUBSET

// TARGET: gnn-partition: unknown target 'tpu'; valid targets: gc200, bow, test
// TILES: gnn-partition: tiles=17 must lie in [0, 16]

// Four tiles of each of two GC200s: eight tiles of 624 KiB, two IPUs.
// SUBSET: bsp.mapping = #bsp.mapping<dim = 0, block = 8, tiles = #bsp.tiles<0, 8>>
// SUBSET-SAME: bsp.target = #bsp.target<tiles_per_ipu = 4, bytes_per_tile = 638976, ipus = 2
func.func @f(%x: tensor<64x16xf32>) -> tensor<64x16xf32> {
  %r = gnn.relu %x : tensor<64x16xf32>
  return %r : tensor<64x16xf32>
}
