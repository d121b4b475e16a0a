// glance_gcn.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/glance_gcn.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/glance_gcn.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv.lin.weight : tensor<7x1433xf32> init glorot_uniform {seed = 1234000 : i64}
// CHECK-LABEL: func.func @inference
// CHECK-SAME: attributes {gnn.num_edges = 10556 : i64, gnn.num_nodes = 2708 : i64}
// CHECK-NOT: gnn.dropout
// CHECK: gnn.relu
// CHECK-LABEL: func.func @loss
// CHECK: gnn.dropout %arg0 {p = 5.000000e-01
// CHECK: gnn.cross_entropy mean %{{.*}}, %{{.*}} : (tensor<?x7xf32>, tensor<?xi64>) -> tensor<f32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
