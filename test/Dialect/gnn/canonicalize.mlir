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

// -----

// A where with an all-true (all-false) constant condition is its true (false)
// side when that side already has the result type.
// CHECK-LABEL: func.func @where_splat_condition
// CHECK-SAME: (%[[A:.*]]: tensor<4x2xf32>, %[[B:.*]]: tensor<4x2xf32>)
// CHECK-NOT: gnn.where
// CHECK: return %[[A]], %[[B]]
func.func @where_splat_condition(%a: tensor<4x2xf32>, %b: tensor<4x2xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>) {
  %t = gnn.constant dense<true> : tensor<4x1xi1>
  %f = gnn.constant dense<false> : tensor<4x2xi1>
  %0 = gnn.where %t, %a, %b : (tensor<4x1xi1>, tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %1 = gnn.where %f, %a, %b : (tensor<4x2xi1>, tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0, %1 : tensor<4x2xf32>, tensor<4x2xf32>
}

// -----

// Not when the picked side would need broadcasting, nor with a mixed
// condition.
// CHECK-LABEL: func.func @where_needs_broadcast
// CHECK-COUNT-2: gnn.where
func.func @where_needs_broadcast(%a: tensor<4x2xf32>, %m: tensor<4x2xi1>) -> (tensor<4x2xf32>, tensor<4x2xf32>) {
  %t = gnn.constant dense<false> : tensor<4x2xi1>
  %zero = gnn.constant dense<0.0> : tensor<f32>
  %mixed = gnn.constant dense<[true, false, true, true]> : tensor<4xi1>
  %0 = gnn.where %t, %a, %zero : (tensor<4x2xi1>, tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  %c = gnn.reshape %mixed : tensor<4xi1> -> tensor<4x1xi1>
  %1 = gnn.where %c, %a, %zero : (tensor<4x1xi1>, tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  return %0, %1 : tensor<4x2xf32>, tensor<4x2xf32>
}

// -----

// An all-true scatter mask is dropped; another mask stays.
// CHECK-LABEL: func.func @scatter_all_true_mask
// CHECK: gnn.scatter sum %{{.*}}, %{{.*}} :
// CHECK: gnn.scatter sum %{{.*}}, %{{.*}} mask %{{.*}} :
func.func @scatter_all_true_mask(%m: tensor<3x2xf32>, %i: tensor<3xi64>, %k: tensor<3xi1>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %t = gnn.constant dense<true> : tensor<3xi1>
  %0 = gnn.scatter sum %m, %i mask %t : (tensor<3x2xf32>, tensor<3xi64>, tensor<3xi1>) -> tensor<2x2xf32>
  %1 = gnn.scatter sum %m, %i mask %k : (tensor<3x2xf32>, tensor<3xi64>, tensor<3xi1>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// and with all-true, or with all-false, is the other operand (when it has
// the result type); a broadcasting one stays.
// CHECK-LABEL: func.func @logical_identities
// CHECK-SAME: (%[[M:.*]]: tensor<3xi1>, %[[S:.*]]: tensor<1xi1>)
// CHECK: %[[KEEP:.*]] = gnn.and %[[S]], %{{.*}}
// CHECK: return %[[M]], %[[M]], %[[KEEP]]
func.func @logical_identities(%m: tensor<3xi1>, %s: tensor<1xi1>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %t = gnn.constant dense<true> : tensor<3xi1>
  %f = gnn.constant dense<false> : tensor<3xi1>
  %0 = gnn.and %t, %m : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %1 = gnn.or %m, %f : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %2 = gnn.and %s, %t : (tensor<1xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}
