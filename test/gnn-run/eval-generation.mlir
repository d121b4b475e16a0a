// --seed generates what --input does not give, drawing index and label
// arguments inside the range their uses accept, also through calls and
// gathers of labels; --input may give dynamically shaped arguments.
// RUN: rm -rf %t && mkdir -p %t
// RUN: gnn-run eval %s --function make_src --output-dir %t
// RUN: gnn-run eval %s --function dynamic_edges --input 1=%t/src.npy --seed 3 | FileCheck %s --check-prefix=DYN
// RUN: gnn-run eval %s --function through_call --seed 5 | FileCheck %s --check-prefix=CALL
// RUN: gnn-run eval %s --function gathered_labels --seed 5 | FileCheck %s --check-prefix=LABELS
// RUN: not gnn-run eval %s --function same_names --seed 1 --output-dir %t/o 2>&1 | FileCheck %s --check-prefix=NAMES

func.func @make_src() -> (tensor<6xi64> {gnn.name = "src"}) {
  %s = gnn.constant dense<[0, 1, 2, 2, 1, 0]> : tensor<6xi64>
  return %s : tensor<6xi64>
}

// DYN: result #0: tensor<6x2xf32>
func.func @dynamic_edges(%x: tensor<3x2xf32>, %src: tensor<?xi64>) -> tensor<?x2xf32> {
  %xj = gnn.gather %x[%src] : (tensor<3x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
  return %xj : tensor<?x2xf32>
}

func.func private @rows(%x: tensor<3x2xf32>, %i: tensor<50xi64>) -> tensor<50x2xf32> {
  %g = gnn.gather %x[%i] : (tensor<3x2xf32>, tensor<50xi64>) -> tensor<50x2xf32>
  return %g : tensor<50x2xf32>
}
// CALL: result #0: tensor<50x2xf32>
func.func @through_call(%x: tensor<3x2xf32>, %i: tensor<50xi64>) -> tensor<50x2xf32> {
  %g = call @rows(%x, %i) : (tensor<3x2xf32>, tensor<50xi64>) -> tensor<50x2xf32>
  return %g : tensor<50x2xf32>
}

// LABELS: result #0: tensor<f32>
func.func @gathered_labels(%logits: tensor<40x3xf32>, %y: tensor<10xi64>, %idx: tensor<40xi64>) -> tensor<f32> {
  %labels = gnn.gather %y[%idx] : (tensor<10xi64>, tensor<40xi64>) -> tensor<40xi64>
  %l = gnn.cross_entropy mean %logits, %labels : (tensor<40x3xf32>, tensor<40xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// NAMES: error: result #1 is named 'a', which cannot be a file name in --output-dir: give each result a distinct gnn.name without path separators
func.func @same_names(%x: tensor<2xf32>) -> (tensor<2xf32> {gnn.name = "a"}, tensor<2xf32> {gnn.name = "a"}) {
  return %x, %x : tensor<2xf32>, tensor<2xf32>
}
