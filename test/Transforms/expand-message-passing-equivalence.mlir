// The expansion is numerically identical: evaluate the example GCN before and
// after the pass on the same generated inputs and compare every printed value.
// RUN: gnn-run eval %examples/gcn.mlir --seed 7 > %t.before
// RUN: gnn-opt %examples/gcn.mlir --gnn-expand-message-passing | gnn-run eval - --seed 7 > %t.after
// RUN: diff %t.before %t.after
// RUN: FileCheck %s --input-file %t.after
// CHECK: result #0 (log_probs): tensor<20x4xf32>
// CHECK: result #1 (loss): tensor<f32>
