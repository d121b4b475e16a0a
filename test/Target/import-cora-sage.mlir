// cora_sage.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/cora_sage.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_sage.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: FileCheck %s --check-prefix=STATIC < %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: module @cora_sage attributes {gnn.optimizer = {kind = "sgd", lr = 1.000000e-02 : f64, momentum = 9.000000e-01 : f64, weight_decay = 5.000000e-04 : f64}
// CHECK: gnn.parameter @conv1.lin_l.weight : tensor<16x1433xf32> init kaiming_uniform
// CHECK: gnn.parameter @conv1.lin_l.bias : tensor<16xf32> init uniform {high = 0.0264{{[0-9]*}} : f64, low = -0.0264{{[0-9]*}} : f64
// CHECK: gnn.parameter @conv1.lin_r.weight : tensor<16x1433xf32> init kaiming_uniform
// CHECK-NOT: @conv1.lin_r.bias
// CHECK-LABEL: func.func @inference
// CHECK: %[[AGG:.*]] = gnn.message_passing mean edges({{.*}}) sources(%{{.*}} : tensor<?x1433xf32>) -> tensor<?x1433xf32>
// CHECK: %[[L:.*]] = gnn.linear %[[AGG]]
// CHECK: %[[R:.*]] = gnn.linear %arg0
// CHECK: gnn.add %[[L]], %[[R]]
// CHECK-LABEL: func.func @loss
// CHECK: %[[SEL:.*]] = gnn.boolean_index %{{.*}}[%[[M:.*]]] : (tensor<?x7xf32>, tensor<?xi1>) -> tensor<?x7xf32>
// CHECK: %[[YS:.*]] = gnn.boolean_index %{{.*}}[%[[M]]] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
// CHECK: gnn.nll_loss mean %[[SEL]], %[[YS]]
// STATIC-LABEL: func.func @loss
// STATIC-NOT: gnn.boolean_index
// STATIC: gnn.nll_loss mean %{{.*}}, %{{.*}} mask

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
