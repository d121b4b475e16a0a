// cora_gcn_skip.json: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/cora_gcn_skip.json | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_gcn_skip.json | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: FileCheck %s --check-prefix=STATIC < %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: module @cora_gcn_skip attributes {gnn.optimizer = {beta1 = 9.000000e-01 : f64, beta2 = {{0.98999.*|9.900000e-01}} : f64, eps = 1.000000e-08 : f64, kind = "adamw", lr = 1.000000e-02 : f64, weight_decay = 5.000000e-04 : f64}, gnn.seed = 99 : i64
// CHECK: gnn.parameter @conv1.lin.weight : tensor<32x1433xf32> init glorot_uniform {seed = 99000 : i64}
// CHECK-LABEL: func.func @inference
// GCNConv's default add_self_loops=True: PyG's add_remaining_self_loops.
// CHECK: %[[S:.*]], %[[D:.*]] = gnn.add_self_loops remaining %arg1, %arg2 nodes %arg0 : (tensor<?xi64>, tensor<?xi64>, tensor<?x1433xf32>) -> (tensor<?xi64>, tensor<?xi64>)
// CHECK: gnn.degree %[[D]]
// CHECK: %[[R1:.*]] = gnn.relu
// CHECK: %[[R2:.*]] = gnn.relu
// CHECK: gnn.add %[[R1]], %[[R2]] : (tensor<?x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
// STATIC-LABEL: func.func @inference
// STATIC-NOT: gnn.add_self_loops
// STATIC: gnn.degree {{.*}} mask {{.*}} : (tensor<13264xi64>, tensor<13264xi1>) -> tensor<2708xf32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
