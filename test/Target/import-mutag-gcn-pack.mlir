// mutag_gcn_pack.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/mutag_gcn_pack.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/mutag_gcn_pack.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: FileCheck %s --check-prefix=STATIC < %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: module @mutag_gcn_pack attributes {{{.*}}lr = 1.000000e-02 : f64{{.*}}gnn.task = "graph_classification"}
// CHECK-LABEL: func.func @loss
// CHECK-SAME: %[[Y:[^:]+]]: tensor<?xi64> {gnn.name = "y", gnn.rows = "graphs"}, %[[GM:[^:]+]]: tensor<?xi1> {gnn.name = "graphs_mask", gnn.rows = "graphs"})
// CHECK: gnn.global_pool mean
// CHECK: %[[YL:.*]] = gnn.where %[[GM]], %[[Y]], %{{.*}} : (tensor<?xi1>, tensor<?xi64>, tensor<i64>) -> tensor<?xi64>
// CHECK: %[[SUM:.*]] = gnn.cross_entropy sum %{{.*}}, %[[YL]] :
// CHECK: %[[MF:.*]] = gnn.cast %[[GM]] : tensor<?xi1> to tensor<?xf32>
// CHECK: %[[N:.*]] = gnn.reduce sum %[[MF]] dims [0] : tensor<?xf32> -> tensor<f32>
// CHECK: gnn.div %[[SUM]], %[[N]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// The pack's own graphs_mask is the padding mask (no second one is added):
// STATIC-LABEL: func.func @loss
// STATIC-SAME: tensor<10xi1> {gnn.name = "graphs_mask", gnn.rows = "graphs"}, %{{[^:]+}}: tensor<400xi1> {gnn.name = "nodes_mask"}, %{{[^:]+}}: tensor<800xi1> {gnn.name = "edges_mask"})

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<10x2xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
