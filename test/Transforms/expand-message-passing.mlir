// RUN: gnn-opt %s --gnn-expand-message-passing --split-input-file | FileCheck %s

// Sources are gathered by src, targets by dst, edge data is used as is, the
// body is inlined and the message is scattered into dst with the same reduce.
// CHECK-LABEL: func.func @sources_targets_edge_data
// CHECK-SAME: (%[[X:.*]]: tensor<5x3xf32>, %[[H:.*]]: tensor<5x3xf32>, %[[S:.*]]: tensor<8xi64>, %[[D:.*]]: tensor<8xi64>, %[[W:.*]]: tensor<8x1xf32>)
// CHECK-NOT: gnn.message_passing
// CHECK: %[[XJ:.*]] = gnn.gather %[[X]][%[[S]]] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
// CHECK: %[[XI:.*]] = gnn.gather %[[H]][%[[D]]] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
// CHECK: %[[DIFF:.*]] = gnn.sub %[[XJ]], %[[XI]]
// CHECK: %[[M:.*]] = gnn.mul %[[DIFF]], %[[W]]
// CHECK: %[[OUT:.*]] = gnn.scatter max %[[M]], %[[D]] : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
// CHECK: return %[[OUT]]
func.func @sources_targets_edge_data(%x: tensor<5x3xf32>, %h: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %w: tensor<8x1xf32>) -> tensor<5x3xf32> {
  %out = gnn.message_passing max edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%x : tensor<5x3xf32>) targets(%h : tensor<5x3xf32>) edge_data(%w : tensor<8x1xf32>)
      -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>, %xi: tensor<8x3xf32>, %we: tensor<8x1xf32>):
    %diff = gnn.sub %xj, %xi : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
    %m = gnn.mul %diff, %we : (tensor<8x3xf32>, tensor<8x1xf32>) -> tensor<8x3xf32>
    gnn.yield %m : tensor<8x3xf32>
  }
  return %out : tensor<5x3xf32>
}

// -----

// A body that yields a gathered row directly (PyG's plain `x_j` message), on
// a bipartite graph: 6 source nodes, 3 destination nodes.
// CHECK-LABEL: func.func @identity_message_bipartite
// CHECK: %[[XJ:.*]] = gnn.gather %{{.*}}[%{{.*}}] : (tensor<6x2xf32>, tensor<4xi32>) -> tensor<4x2xf32>
// CHECK-NEXT: %[[OUT:.*]] = gnn.scatter mean %[[XJ]], %{{.*}} : (tensor<4x2xf32>, tensor<4xi32>) -> tensor<3x2xf32>
// CHECK-NEXT: return %[[OUT]]
func.func @identity_message_bipartite(%x: tensor<6x2xf32>, %src: tensor<4xi32>, %dst: tensor<4xi32>) -> tensor<3x2xf32> {
  %out = gnn.message_passing mean edges(%src, %dst : tensor<4xi32>, tensor<4xi32>)
      sources(%x : tensor<6x2xf32>) -> tensor<3x2xf32> {
  ^bb0(%xj: tensor<4x2xf32>):
    gnn.yield %xj : tensor<4x2xf32>
  }
  return %out : tensor<3x2xf32>
}

// -----

// A message that uses only values defined outside the region (no gather).
// CHECK-LABEL: func.func @message_from_outside
// CHECK-NOT: gnn.gather
// CHECK: %[[OUT:.*]] = gnn.scatter sum %{{.*}}, %{{.*}} : (tensor<4x2xf32>, tensor<4xi64>) -> tensor<3x2xf32>
func.func @message_from_outside(%e: tensor<4x2xf32>, %src: tensor<4xi64>, %dst: tensor<4xi64>) -> tensor<3x2xf32> {
  %out = gnn.message_passing sum edges(%src, %dst : tensor<4xi64>, tensor<4xi64>) -> tensor<3x2xf32> {
  ^bb0:
    gnn.yield %e : tensor<4x2xf32>
  }
  return %out : tensor<3x2xf32>
}

// -----

// Don't touch functions without message passing.
// CHECK-LABEL: func.func @dont_touch_plain_scatter
// CHECK-NEXT: %[[A:.*]] = gnn.scatter sum
// CHECK-NEXT: return %[[A]]
func.func @dont_touch_plain_scatter(%m: tensor<4x2xf32>, %dst: tensor<4xi64>) -> tensor<3x2xf32> {
  %a = gnn.scatter sum %m, %dst : (tensor<4x2xf32>, tensor<4xi64>) -> tensor<3x2xf32>
  return %a : tensor<3x2xf32>
}
