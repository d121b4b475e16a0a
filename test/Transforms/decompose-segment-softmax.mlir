// RUN: gnn-opt %s --gnn-decompose-segment-softmax --split-input-file | FileCheck %s
// The decomposition agrees with the op on generated inputs: the printed
// values (six significant digits) are the same.
// RUN: gnn-run eval %s --function masked --seed 3 --print-limit 100 > %t.before
// RUN: gnn-opt %s --gnn-decompose-segment-softmax | gnn-run eval - --function masked --seed 3 --print-limit 100 > %t.after
// RUN: diff %t.before %t.after

// CHECK-LABEL: func.func @masked
// CHECK-SAME: (%[[SRC:.*]]: tensor<10x2xf32>, %[[IDX:.*]]: tensor<10xi64>, %[[MASK:.*]]: tensor<10xi1>)
// CHECK: %[[SAFE:.*]] = gnn.where %[[MASK]], %[[IDX]], %{{.*}} : (tensor<10xi1>, tensor<10xi64>, tensor<i64>) -> tensor<10xi64>
// CHECK: %[[ROWS:.*]] = gnn.reshape %[[MASK]] : tensor<10xi1> -> tensor<10x1xi1>
// CHECK: %[[MAX:.*]] = gnn.scatter max %[[SRC]], %[[IDX]] mask %[[MASK]]
// CHECK: %[[G:.*]] = gnn.gather %[[MAX]][%[[SAFE]]]
// CHECK: %[[D:.*]] = gnn.sub %[[SRC]], %[[G]]
// CHECK: %[[E:.*]] = gnn.exp %[[D]]
// CHECK: %[[EM:.*]] = gnn.where %[[ROWS]], %[[E]], %{{.*}}
// CHECK: %[[SUM:.*]] = gnn.scatter sum %[[EM]], %[[IDX]] mask %[[MASK]]
// CHECK: %[[GS:.*]] = gnn.gather %[[SUM]][%[[SAFE]]]
// CHECK: %[[DEN:.*]] = gnn.add %[[GS]], %{{.*}}
// CHECK: %[[Y:.*]] = gnn.div %[[EM]], %[[DEN]]
// CHECK-NOT: gnn.segment_softmax
// CHECK: return %[[Y]]
func.func @masked(%src: tensor<10x2xf32>, %idx: tensor<10xi64>, %mask: tensor<10xi1>) -> tensor<10x2xf32> {
  %y = gnn.segment_softmax %src, %idx mask %mask segments 4 : (tensor<10x2xf32>, tensor<10xi64>, tensor<10xi1>) -> tensor<10x2xf32>
  return %y : tensor<10x2xf32>
}

// -----

// Without a mask every row reads its own index.
// CHECK-LABEL: func.func @unmasked
// CHECK-NOT: gnn.where
// CHECK: gnn.scatter max
// CHECK-NOT: gnn.segment_softmax
func.func @unmasked(%src: tensor<6xf32>, %idx: tensor<6xi64>) -> tensor<6xf32> {
  %y = gnn.segment_softmax %src, %idx segments 3 : (tensor<6xf32>, tensor<6xi64>) -> tensor<6xf32>
  return %y : tensor<6xf32>
}
