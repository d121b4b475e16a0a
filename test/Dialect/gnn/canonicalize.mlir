// RUN: gnn-opt %s --canonicalize --split-input-file | FileCheck %s

// A dropout with p = 0 is the identity and folds away.
// CHECK-LABEL: func.func @dropout_p_zero_folds
// CHECK-SAME: (%[[X:.*]]: tensor<4x2xf32>)
// CHECK-NOT: gnn.dropout
// CHECK: return %[[X]]
func.func @dropout_p_zero_folds(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = gnn.dropout %x {p = 0.0 : f64, seed = 5 : i64} : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// Don't fold a dropout that drops something.
// CHECK-LABEL: func.func @dont_fold_active_dropout
// CHECK: %[[D:.*]] = gnn.dropout
// CHECK: return %[[D]]
func.func @dont_fold_active_dropout(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = gnn.dropout %x {p = 0.5 : f64} : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// Identical constants are uniqued and unused ones disappear; pure ops whose
// results are unused are erased.
// CHECK-LABEL: func.func @constants_unique
// CHECK-COUNT-1: gnn.constant dense<-100> : tensor<i64>
// CHECK-NOT: gnn.constant
// CHECK-NOT: gnn.relu
func.func @constants_unique(%x: tensor<3xf32>) -> (tensor<i64>, tensor<i64>) {
  %a = gnn.constant dense<-100> : tensor<i64>
  %b = gnn.constant dense<-100> : tensor<i64>
  %unused = gnn.constant dense<1.0> : tensor<3xf32>
  %dead = gnn.relu %x : tensor<3xf32>
  return %a, %b : tensor<i64>, tensor<i64>
}
