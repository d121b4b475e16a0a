// RUN: gnn-opt %s --gnn-static-self-loops --split-input-file | FileCheck %s

// add_self_loops (PyG's default in GCNConv with add_self_loops=True when the
// data has no loops): E + N static edges, no mask needed.
// CHECK-LABEL: func.func @all_loops
// CHECK-SAME: (%[[S:.*]]: tensor<6xi64>, %[[D:.*]]: tensor<6xi64>, %[[W:.*]]: tensor<6xf32>, %[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: gnn.add_self_loops
// CHECK: %[[IDS:.*]] = gnn.iota : tensor<4xi64>
// CHECK: %[[S2:.*]] = gnn.concat %[[S]], %[[IDS]] axis 0 : (tensor<6xi64>, tensor<4xi64>) -> tensor<10xi64>
// CHECK: %[[D2:.*]] = gnn.concat %[[D]], %[[IDS]] axis 0
// CHECK: %[[FILL:.*]] = gnn.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK: %[[W2:.*]] = gnn.concat %[[W]], %[[FILL]] axis 0 : (tensor<6xf32>, tensor<4xf32>) -> tensor<10xf32>
// CHECK: %[[DEG:.*]] = gnn.degree %[[D2]] weights %[[W2]] : (tensor<10xi64>, tensor<10xf32>) -> tensor<4xf32>
// CHECK-NOT: mask
// CHECK: return %[[DEG]]
func.func @all_loops(%src: tensor<6xi64>, %dst: tensor<6xi64>, %w: tensor<6xf32>, %x: tensor<4x3xf32>) -> tensor<4xf32> {
  %s, %d, %w2 = gnn.add_self_loops all %src, %dst weights %w nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<6xf32>, tensor<4x3xf32>) -> (tensor<10xi64>, tensor<10xi64>, tensor<10xf32>)
  %deg = gnn.degree %d weights %w2 : (tensor<10xi64>, tensor<10xf32>) -> tensor<4xf32>
  return %deg : tensor<4xf32>
}

// -----

// add_remaining_self_loops: existing self-loops are disabled by the edge
// mask, every node gets a loop whose weight is its last existing loop's
// weight (found by a masked max-scatter of edge positions) or the fill
// value, and every reduction over the new edges takes the mask. The
// gathers need none.
// CHECK-LABEL: func.func @remaining_loops
// CHECK-SAME: (%[[S:.*]]: tensor<6xi64>, %[[D:.*]]: tensor<6xi64>, %[[W:.*]]: tensor<6xf32>, %[[X:.*]]: tensor<4x3xf32>)
// CHECK: %[[S2:.*]] = gnn.concat %[[S]], %{{.*}} axis 0 : (tensor<6xi64>, tensor<4xi64>) -> tensor<10xi64>
// CHECK: %[[D2:.*]] = gnn.concat %[[D]], %{{.*}} axis 0
// CHECK: %[[NOTLOOP:.*]] = gnn.cmp ne %[[S]], %[[D]]
// CHECK: %[[ISLOOP:.*]] = gnn.cmp eq %[[S]], %[[D]]
// CHECK: %[[TRUE:.*]] = gnn.constant dense<true> : tensor<4xi1>
// CHECK: %[[MASK:.*]] = gnn.concat %[[NOTLOOP]], %[[TRUE]] axis 0 : (tensor<6xi1>, tensor<4xi1>) -> tensor<10xi1>
// CHECK: %[[FILL:.*]] = gnn.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK: %[[POS:.*]] = gnn.cast %{{.*}} : tensor<6xi64> to tensor<6xf32>
// CHECK: %[[LASTF:.*]] = gnn.scatter max %[[POS]], %[[S]] mask %[[ISLOOP]] : (tensor<6xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<4xf32>
// CHECK: %[[LAST:.*]] = gnn.cast %[[LASTF]] : tensor<4xf32> to tensor<4xi64>
// CHECK: %[[OLD:.*]] = gnn.gather %[[W]][%[[LAST]]]
// CHECK: %[[COUNT:.*]] = gnn.degree %[[S]] mask %[[ISLOOP]]
// CHECK: %[[HAS:.*]] = gnn.cmp gt %[[COUNT]], %{{.*}}
// CHECK: %[[LOOPW:.*]] = gnn.where %[[HAS]], %[[OLD]], %[[FILL]]
// CHECK: %[[W2:.*]] = gnn.concat %[[W]], %[[LOOPW]] axis 0
// CHECK: gnn.degree %[[D2]] weights %[[W2]] mask %[[MASK]] : (tensor<10xi64>, tensor<10xf32>, tensor<10xi1>) -> tensor<?xf32>
// CHECK: gnn.gather %{{.*}}[%[[S2]]] : (tensor<4x3xf32>, tensor<10xi64>) -> tensor<10x3xf32>
// CHECK: gnn.scatter sum %{{.*}}, %[[D2]] mask %[[MASK]] : (tensor<10x3xf32>, tensor<10xi64>, tensor<10xi1>) -> tensor<4x3xf32>
func.func @remaining_loops(%src: tensor<6xi64>, %dst: tensor<6xi64>, %w: tensor<6xf32>, %x: tensor<4x3xf32>) -> (tensor<?xf32>, tensor<4x3xf32>) {
  %s, %d, %w2 = gnn.add_self_loops remaining %src, %dst weights %w nodes %x {fill_value = 2.0 : f64} : (tensor<6xi64>, tensor<6xi64>, tensor<6xf32>, tensor<4x3xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  %deg = gnn.degree %d weights %w2 : (tensor<?xi64>, tensor<?xf32>) -> tensor<?xf32>
  %xj = gnn.gather %x[%s] : (tensor<4x3xf32>, tensor<?xi64>) -> tensor<?x3xf32>
  %agg = gnn.scatter sum %xj, %d : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<4x3xf32>
  return %deg, %agg : tensor<?xf32>, tensor<4x3xf32>
}

// -----

// A masked input (padding) and an existing mask on the consumer combine.
// CHECK-LABEL: func.func @masked_input_edges
// CHECK-SAME: (%[[S:.*]]: tensor<6xi64>, %[[D:.*]]: tensor<6xi64>, %[[X:.*]]: tensor<4x3xf32>, %[[EM:.*]]: tensor<6xi1>, %[[K:.*]]: tensor<10xi1>)
// CHECK: %[[MASK:.*]] = gnn.concat %[[EM]], %{{.*}} axis 0 : (tensor<6xi1>, tensor<4xi1>) -> tensor<10xi1>
// CHECK: %[[BOTH:.*]] = gnn.and %[[K]], %[[MASK]]
// CHECK: gnn.message_passing mean edges(%{{.*}}, %{{.*}} : tensor<10xi64>, tensor<10xi64>) sources(%[[X]] : tensor<4x3xf32>) edge_mask(%[[BOTH]] : tensor<10xi1>)
func.func @masked_input_edges(%src: tensor<6xi64>, %dst: tensor<6xi64>, %x: tensor<4x3xf32>, %em: tensor<6xi1>, %k: tensor<10xi1>) -> tensor<4x3xf32> {
  %s, %d = gnn.add_self_loops all %src, %dst nodes %x mask %em : (tensor<6xi64>, tensor<6xi64>, tensor<4x3xf32>, tensor<6xi1>) -> (tensor<?xi64>, tensor<?xi64>)
  %out = gnn.message_passing mean edges(%s, %d : tensor<?xi64>, tensor<?xi64>) sources(%x : tensor<4x3xf32>) edge_mask(%k : tensor<10xi1>) -> tensor<4x3xf32> {
  ^bb0(%xj: tensor<?x3xf32>):
    gnn.yield %xj : tensor<?x3xf32>
  }
  return %out : tensor<4x3xf32>
}

// -----

// Every value whose rows are the new edges reaches a result only through a
// reduction that takes the mask: gathered rows reduced directly, and the new
// weights summed on their own.
// CHECK-LABEL: func.func @mask_follows_rows
// CHECK: %[[MASK:.*]] = gnn.concat %{{.*}}, %{{.*}} axis 0 : (tensor<6xi1>, tensor<4xi1>) -> tensor<10xi1>
// CHECK: gnn.reduce sum %{{.*}} dims [0] mask %[[MASK]] : tensor<10xi1> : tensor<10x3xf32> -> tensor<3xf32>
// CHECK: gnn.reduce sum %{{.*}} dims [0] mask %[[MASK]] : tensor<10xi1> : tensor<10xf32> -> tensor<f32>
func.func @mask_follows_rows(%src: tensor<6xi64>, %dst: tensor<6xi64>, %w: tensor<6xf32>, %x: tensor<4x3xf32>) -> (tensor<3xf32>, tensor<f32>) {
  %s, %d, %w2 = gnn.add_self_loops remaining %src, %dst weights %w nodes %x : (tensor<6xi64>, tensor<6xi64>, tensor<6xf32>, tensor<4x3xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  %xj = gnn.gather %x[%s] : (tensor<4x3xf32>, tensor<?xi64>) -> tensor<?x3xf32>
  %r = gnn.reduce sum %xj dims [0] : tensor<?x3xf32> -> tensor<3xf32>
  %t = gnn.reduce sum %w2 dims [0] : tensor<?xf32> -> tensor<f32>
  return %r, %t : tensor<3xf32>, tensor<f32>
}
