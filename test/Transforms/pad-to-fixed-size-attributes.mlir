// RUN: gnn-opt %s --gnn-pad-to-fixed-size | FileCheck %s
// RUN: gnn-opt %s --gnn-pad-to-fixed-size="num-nodes=6" | FileCheck %s --check-prefix=OPTION

// Without options the fixed sizes come from the function's attributes; an
// option overrides the attribute. The sum over rows counts real rows only.
// CHECK-LABEL: func.func @sizes_from_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<10x2xf32> {gnn.rows = "nodes"}, %[[M:.*]]: tensor<10xi1> {gnn.name = "nodes_mask"}) -> tensor<2xf32>
// CHECK: gnn.reduce sum %[[X]] dims [0] mask %[[M]] : tensor<10xi1> : tensor<10x2xf32> -> tensor<2xf32>
// OPTION: tensor<6x2xf32>
func.func @sizes_from_attributes(%x: tensor<?x2xf32> {gnn.rows = "nodes"}) -> tensor<2xf32> attributes {gnn.num_nodes = 10 : i64} {
  %s = gnn.reduce sum %x dims [0] : tensor<?x2xf32> -> tensor<2xf32>
  return %s : tensor<2xf32>
}
