// cora_gcn_kipf.textproto (Kipf & Welling's setup): import, gnn-staticize,
// and evaluation of both functions on generated data.
// RUN: gnn-translate --import-model %examples/models/cora_gcn_kipf.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_gcn_kipf.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv1.lin.weight : tensor<16x1433xf32> init glorot_uniform {seed = 1234000 : i64}
// CHECK: gnn.parameter @conv2.bias : tensor<7xf32> init zeros
// CHECK-LABEL: func.func @inference
// CHECK-NOT: gnn.dropout
// CHECK: gnn.add_self_loops remaining
// CHECK-LABEL: func.func @loss
// CHECK: gnn.dropout %arg0 {p = 5.000000e-01
// CHECK: gnn.add_self_loops remaining
// CHECK: gnn.dropout %{{.*}} {p = 5.000000e-01
// CHECK: gnn.nll_loss mean

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
