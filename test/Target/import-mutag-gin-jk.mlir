// mutag_gin_jk.pbtxt: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/mutag_gin_jk.pbtxt | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/mutag_gin_jk.pbtxt | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv1.nn.0.weight : tensor<32x7xf32> init kaiming_uniform
// CHECK: gnn.parameter @conv2.nn.0.weight : tensor<32x32xf32> init kaiming_uniform
// CHECK-LABEL: func.func @inference
// CHECK: %[[JK:.*]] = gnn.concat %{{.*}}, %{{.*}} axis 1 : (tensor<?x32xf32>, tensor<?x32xf32>) -> tensor<?x64xf32>
// CHECK: gnn.global_pool sum %[[JK]], %{{.*}} : (tensor<?x64xf32>, tensor<?xi64>) -> tensor<?x64xf32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<10x2xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
