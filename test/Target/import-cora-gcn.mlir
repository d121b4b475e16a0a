// cora_gcn.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/cora_gcn.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/cora_gcn.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: module @cora_gcn attributes {gnn.optimizer = {{{.*}}kind = "adam", lr = 1.000000e-03 : f64{{.*}}}, gnn.seed = 1234 : i64, gnn.task = "node_classification"}
// CHECK: gnn.parameter @conv1.lin.weight : tensor<16x1433xf32> init glorot_uniform
// CHECK: gnn.parameter @conv1.bias : tensor<16xf32> init zeros
// CHECK: gnn.parameter @conv2.lin.weight : tensor<7x16xf32> init glorot_uniform
// CHECK-LABEL: func.func @inference
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x1433xf32> {gnn.name = "x", gnn.rows = "nodes"}, %[[SRC:[^:]+]]: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"}, %[[DST:[^:]+]]: tensor<?xi64> {gnn.name = "dst", gnn.rows = "edges"})
// CHECK-SAME: -> (tensor<?x7xf32> {gnn.name = "out"}) attributes {gnn.num_edges = 13264 : i64, gnn.num_nodes = 2708 : i64}
// CHECK-NOT: gnn.add_self_loops
// CHECK-NOT: gnn.dropout
// CHECK: %[[DEG:.*]] = gnn.degree %[[DST]]
// CHECK: %[[DINV:.*]] = gnn.pow %[[DEG]] {exponent = -5.000000e-01 : f64, inf_to_zero}
// CHECK: gnn.gather %[[DINV]][%[[SRC]]]
// CHECK: %[[H:.*]] = gnn.linear %[[X]], %{{.*}} : (tensor<?x1433xf32>, tensor<16x1433xf32>) -> tensor<?x16xf32>
// CHECK: gnn.message_passing sum edges(%[[SRC]], %[[DST]] : tensor<?xi64>, tensor<?xi64>) sources(%[[H]] : tensor<?x16xf32>) edge_data
// CHECK: gnn.log_softmax %{{.*}} axis -1 : tensor<?x7xf32>
// CHECK-LABEL: func.func @loss
// CHECK-SAME: %[[Y:[^:]+]]: tensor<?xi64> {gnn.name = "y", gnn.rows = "nodes"}, %[[TM:[^:]+]]: tensor<?xi1> {gnn.name = "train_mask", gnn.rows = "nodes"}) -> (tensor<f32> {gnn.name = "loss"})
// CHECK: gnn.dropout %{{.*}} {p = 5.000000e-01 : f64, seed = {{[0-9]+}} : i64}
// CHECK: %[[IGN:.*]] = gnn.constant dense<-100> : tensor<i64>
// CHECK: %[[YL:.*]] = gnn.where %[[TM]], %[[Y]], %[[IGN]]
// CHECK: gnn.nll_loss mean %{{.*}}, %[[YL]] :

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<2708x7xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
