// cora_gat.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/cora_gat.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_gat.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: FileCheck %s --check-prefix=STATIC < %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: module @cora_gat attributes {gnn.optimizer = {{{.*}}kind = "adamw", lr = 5.000000e-03 : f64, weight_decay = 1.000000e-02 : f64}
// CHECK: gnn.parameter @conv1.lin.weight : tensor<64x1433xf32> init glorot_uniform
// CHECK: gnn.parameter @conv1.att_src : tensor<1x8x8xf32> init glorot_uniform
// CHECK: gnn.parameter @conv1.bias : tensor<64xf32> init zeros
// CHECK: gnn.parameter @conv2.bias : tensor<7xf32> init zeros
// CHECK-LABEL: func.func @inference
// CHECK: %[[H:.*]] = gnn.reshape %{{.*}} : tensor<?x64xf32> -> tensor<?x8x8xf32>
// CHECK: gnn.reduce sum %{{.*}} dims [2] : tensor<?x8x8xf32> -> tensor<?x8xf32>
// CHECK: %[[S:.*]], %[[D:.*]] = gnn.add_self_loops remaining %arg1, %arg2 nodes %arg0
// CHECK: %[[A:.*]] = gnn.segment_softmax %{{.*}}, %[[D]] segments 2708 : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
// CHECK: %[[A3:.*]] = gnn.reshape %[[A]] : tensor<?x8xf32> -> tensor<?x8x1xf32>
// CHECK: gnn.message_passing sum edges(%[[S]], %[[D]] : tensor<?xi64>, tensor<?xi64>) sources(%[[H]] : tensor<?x8x8xf32>) edge_data(%[[A3]] : tensor<?x8x1xf32>) -> tensor<?x8x8xf32>
// CHECK: gnn.elu
// CHECK: gnn.reduce mean %{{.*}} dims [1] : tensor<?x1x7xf32> -> tensor<?x7xf32>
// CHECK-LABEL: func.func @loss
// Attention dropout in training:
// CHECK: gnn.segment_softmax
// CHECK-NEXT: gnn.dropout %{{.*}} {p = 6.000000e-01
// STATIC-LABEL: func.func @inference
// STATIC-NOT: gnn.add_self_loops
// STATIC: gnn.segment_softmax %{{.*}} mask %{{.*}} segments 2708 : (tensor<13264x8xf32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
