// cora_gin.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/cora_gin.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_gin.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv1.eps : tensor<1xf32> init constant {value = 0.000000e+00 : f64}
// CHECK: gnn.parameter @conv1.nn.0.weight : tensor<16x1433xf32> init kaiming_uniform
// CHECK: gnn.parameter @conv1.nn.1.running_mean : tensor<16xf32> init zeros {frozen}
// CHECK: gnn.parameter @conv1.nn.1.running_var : tensor<16xf32> init ones {frozen}
// CHECK-NOT: @conv2.eps
// CHECK-LABEL: func.func @inference
// CHECK: %[[AGG:.*]] = gnn.message_passing sum edges({{.*}}) sources(%[[X:.*]] : tensor<?x1433xf32>) -> tensor<?x1433xf32>
// CHECK: %[[EPS:.*]] = gnn.get_parameter @conv1.eps : tensor<1xf32>
// CHECK: %[[ONE:.*]] = gnn.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[S:.*]] = gnn.add %[[EPS]], %[[ONE]] : (tensor<1xf32>, tensor<f32>) -> tensor<1xf32>
// CHECK: %[[ROOT:.*]] = gnn.mul %[[X]], %[[S]]
// CHECK: gnn.add %[[AGG]], %[[ROOT]]
// CHECK: gnn.batch_norm {{.*}} : (tensor<?x16xf32>
// CHECK-LABEL: func.func @loss
// CHECK: gnn.batch_norm {{.*}} {training}

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
