// Values given as .npy files (written by gnn-run itself from constants) and
// evaluated with hand-checked results.
// RUN: rm -rf %t && mkdir -p %t
// RUN: gnn-run eval %s --function make_inputs --output-dir %t | FileCheck %s --check-prefix=INPUTS
// RUN: gnn-run eval %s --function mean_agg --input x=%t/x.npy --input 1=%t/src.npy --input dst=%t/dst.npy --output-dir %t/out | FileCheck %s --check-prefix=AGG
// RUN: gnn-run eval %s --function mean_agg --input x=%t/x.npy --seed 5 | FileCheck %s --check-prefix=SEEDED

// INPUTS: result #0 (x): tensor<3x2xf32> {{\[\[}}1, 2], [3, 4], [5, 6]]
// INPUTS: result #1 (src): tensor<4xi64> [0, 1, 2, 0]
// INPUTS: result #2 (dst): tensor<4xi64> [1, 1, 2, 2]
func.func @make_inputs() -> (tensor<3x2xf32> {gnn.name = "x"}, tensor<4xi64> {gnn.name = "src"}, tensor<4xi64> {gnn.name = "dst"}) {
  %x = gnn.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %s = gnn.constant dense<[0, 1, 2, 0]> : tensor<4xi64>
  %d = gnn.constant dense<[1, 1, 2, 2]> : tensor<4xi64>
  return %x, %s, %d : tensor<3x2xf32>, tensor<4xi64>, tensor<4xi64>
}

// Node 0 receives nothing (0), node 1 the mean of x0, x1, node 2 of x2, x0.
// AGG: result #0 (agg): tensor<3x2xf32> {{\[\[}}0, 0], [2, 3], [3, 4]]
func.func @mean_agg(%x: tensor<3x2xf32> {gnn.name = "x"}, %src: tensor<4xi64> {gnn.name = "src"}, %dst: tensor<4xi64> {gnn.name = "dst"}) -> (tensor<3x2xf32> {gnn.name = "agg"}) {
  %out = gnn.message_passing mean edges(%src, %dst : tensor<4xi64>, tensor<4xi64>)
      sources(%x : tensor<3x2xf32>) -> tensor<3x2xf32> {
  ^bb0(%xj: tensor<4x2xf32>):
    gnn.yield %xj : tensor<4x2xf32>
  }
  return %out : tensor<3x2xf32>
}

// --seed generates the arguments not given by --input.
// SEEDED: result #0 (agg): tensor<3x2xf32>
