// RUN: gnn-opt %s --gnn-sparsify-constant-products="min-elements=1 max-density=0.5" --canonicalize --split-input-file | FileCheck %s

// A linear layer on sparse constant features: the transposed weight's rows
// gathered by column, scaled by the nonzeros, summed by row (row-major
// nonzeros: (0, 1) = 2, (1, 0) = 3, (2, 3) = 4), then the bias.
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[W:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK-NOT: tensor<3x4xf32>
// CHECK-DAG: %[[VALS:.*]] = gnn.constant dense<{{\[}}[2.000000e+00], [3.000000e+00], [4.000000e+00]]> : tensor<3x1xf32>
// CHECK-DAG: %[[COLS:.*]] = gnn.constant dense<[1, 0, 3]> : tensor<3xi64>
// CHECK-DAG: %[[ROWS:.*]] = gnn.constant dense<[0, 1, 2]> : tensor<3xi64>
// CHECK: %[[WT:.*]] = gnn.transpose %[[W]] permutation [1, 0] : tensor<2x4xf32> -> tensor<4x2xf32>
// CHECK: %[[G:.*]] = gnn.gather %[[WT]][%[[COLS]]] : (tensor<4x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
// CHECK: %[[S:.*]] = gnn.mul %[[G]], %[[VALS]]
// CHECK: %[[H:.*]] = gnn.scatter sum %[[S]], %[[ROWS]] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
// CHECK: %[[OUT:.*]] = gnn.add %[[H]], %[[B]]
// CHECK-NOT: gnn.linear
// CHECK: return %[[OUT]]
func.func @linear(%w: tensor<2x4xf32>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %x = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %h = gnn.linear %x, %w, %b : (tensor<3x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %h : tensor<3x2xf32>
}

// -----

// The weight gradient dy^T C is the transpose of a [K, M] sum: dy's rows
// gathered by the nonzeros' row, summed by their column into 4 rows.
// C B and C^T B need no transpose.
// CHECK-LABEL: func.func @matmuls
// CHECK-SAME: (%[[DY:.*]]: tensor<3x2xf32>, %[[B4:.*]]: tensor<4x2xf32>)
// CHECK-DAG: %[[COLS:.*]] = gnn.constant dense<[1, 0, 3]> : tensor<3xi64>
// CHECK-DAG: %[[ROWS:.*]] = gnn.constant dense<[0, 1, 2]> : tensor<3xi64>
// CHECK: %[[G1:.*]] = gnn.gather %[[DY]][%[[ROWS]]] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
// CHECK: %[[S1:.*]] = gnn.scatter sum %{{.*}}, %[[COLS]] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<4x2xf32>
// CHECK: %[[GRAD:.*]] = gnn.transpose %[[S1]] permutation [1, 0] : tensor<4x2xf32> -> tensor<2x4xf32>
// CHECK: %[[G2:.*]] = gnn.gather %[[B4]][%[[COLS]]] : (tensor<4x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
// CHECK: gnn.scatter sum %{{.*}}, %[[ROWS]] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
// CHECK: %[[G3:.*]] = gnn.gather %[[DY]][%[[ROWS]]]
// CHECK: %[[S3:.*]] = gnn.scatter sum %{{.*}}, %[[COLS]] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<4x2xf32>
// CHECK: return %[[GRAD]], %{{.*}}, %[[S3]]
// CHECK-NOT: gnn.matmul
func.func @matmuls(%dy: tensor<3x2xf32>, %b4: tensor<4x2xf32>) -> (tensor<2x4xf32>, tensor<3x2xf32>, tensor<4x2xf32>) {
  %x = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %dyt = gnn.transpose %dy permutation [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  %grad = gnn.matmul %dyt, %x : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %cb = gnn.matmul %x, %b4 : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  %xt = gnn.transpose %x permutation [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
  %ctb = gnn.matmul %xt, %dy : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  return %grad, %cb, %ctb : tensor<2x4xf32>, tensor<3x2xf32>, tensor<4x2xf32>
}

// -----

// Left dense: a constant above max-density, one that is all zeros, a
// product whose sparse operand is not a constant, and a constant on the
// right of a plain matmul (its columns would be gathered).
// CHECK-LABEL: func.func @left_dense
// CHECK-COUNT-3: gnn.linear
// CHECK: gnn.matmul
// CHECK-NOT: gnn.gather
func.func @left_dense(%w: tensor<2x4xf32>, %a: tensor<3x4xf32>, %b: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x4xf32>) {
  %dense = gnn.constant dense<[[1.0, 2.0, 0.0, 5.0], [3.0, 0.0, 6.0, 0.0], [0.0, 7.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %zero = gnn.constant dense<0.0> : tensor<3x4xf32>
  %sparse = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %0 = gnn.linear %dense, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %1 = gnn.linear %zero, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %2 = gnn.linear %a, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %3 = gnn.matmul %b, %sparse : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %3 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x4xf32>
}

// -----

// By default small constants stay dense (min-elements = 4096).
// RUN: gnn-opt %s --gnn-sparsify-constant-products --split-input-file | FileCheck %s --check-prefix=DEFAULT
// DEFAULT-LABEL: func.func @small
// DEFAULT: gnn.linear
// CHECK-LABEL: func.func @small
// CHECK: gnn.scatter
func.func @small(%w: tensor<2x4xf32>) -> tensor<3x2xf32> {
  %x = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %h = gnn.linear %x, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  return %h : tensor<3x2xf32>
}

// -----

// Dropout of sparse features (Kipf's input dropout): the nonzeros are
// dropped at their dense positions (row * 4 + col) once, after the dropout,
// and that one value feeds both the forward product and the weight
// gradient.
// CHECK-LABEL: func.func @dropped_features
// CHECK-SAME: (%[[W:.*]]: tensor<2x4xf32>, %[[DY:.*]]: tensor<3x2xf32>, %[[STEP:.*]]: tensor<i64>)
// CHECK-NOT: gnn.dropout
// CHECK-DAG: %[[VALS:.*]] = gnn.constant dense<{{\[}}[2.000000e+00], [3.000000e+00], [4.000000e+00]]> : tensor<3x1xf32>
// CHECK-DAG: %[[POS:.*]] = gnn.constant dense<{{\[}}[1], [4], [11]]> : tensor<3x1xi64>
// CHECK: %[[DROP:.*]] = gnn.dropout %[[VALS]] offset %[[STEP]] positions %[[POS]] {p = 5.000000e-01 : f64, seed = 7 : i64}
// CHECK: gnn.mul %{{.*}}, %[[DROP]]
// CHECK: gnn.mul %{{.*}}, %[[DROP]]
// CHECK-NOT: gnn.dropout
// CHECK-NOT: gnn.linear
// CHECK-NOT: gnn.matmul
func.func @dropped_features(%w: tensor<2x4xf32>, %dy: tensor<3x2xf32>, %step: tensor<i64>) -> (tensor<3x2xf32>, tensor<2x4xf32>) {
  %x = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %d = gnn.dropout %x offset %step {p = 0.5 : f64, seed = 7 : i64} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  %h = gnn.linear %d, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %dyt = gnn.transpose %dy permutation [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  %grad = gnn.matmul %dyt, %d : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %h, %grad : tensor<3x2xf32>, tensor<2x4xf32>
}

// -----

// A weight above max-transpose-elements stays dense in both forms (its
// transpose would run on one tile); a plain C B needs no transpose.
// RUN: gnn-opt %s --gnn-sparsify-constant-products="min-elements=1 max-density=0.5 max-transpose-elements=7" --split-input-file | FileCheck %s --check-prefix=WIDE
// WIDE-LABEL: func.func @wide_weight
// WIDE: gnn.linear
// WIDE: gnn.matmul
// WIDE-NOT: gnn.matmul
// WIDE: gnn.scatter
// CHECK-LABEL: func.func @wide_weight
func.func @wide_weight(%w: tensor<2x4xf32>, %dy: tensor<3x2xf32>, %b: tensor<4x2xf32>) -> (tensor<3x2xf32>, tensor<2x4xf32>, tensor<3x2xf32>) {
  %x = gnn.constant dense<[[0.0, 2.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 4.0]]> : tensor<3x4xf32>
  %h = gnn.linear %x, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %dyt = gnn.transpose %dy permutation [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  %grad = gnn.matmul %dyt, %x : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %cb = gnn.matmul %x, %b : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %h, %grad, %cb : tensor<3x2xf32>, tensor<2x4xf32>, tensor<3x2xf32>
}
