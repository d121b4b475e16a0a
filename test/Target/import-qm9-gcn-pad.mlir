// qm9_gcn_pad.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/qm9_gcn_pad.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/qm9_gcn_pad.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: FileCheck %s --check-prefix=STATIC < %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @lin.weight : tensor<19x16xf32> init kaiming_uniform
// CHECK: gnn.parameter @lin.bias : tensor<19xf32> init uniform {high = 2.500000e-01 : f64, low = -2.500000e-01 : f64
// CHECK-LABEL: func.func @inference
// CHECK-SAME: tensor<?x4xf32> {gnn.name = "edge_attr", gnn.rows = "edges"}, %[[B:[^:]+]]: tensor<?xi64> {gnn.name = "batch", gnn.rows = "nodes"})
// CHECK-SAME: attributes {gnn.num_edges = 7168 : i64, gnn.num_graphs = 128 : i64, gnn.num_nodes = 3712 : i64}
// CHECK: gnn.global_pool mean %{{.*}}, %[[B]] : (tensor<?x16xf32>, tensor<?xi64>) -> tensor<?x16xf32>
// CHECK-LABEL: func.func @loss
// CHECK-SAME: tensor<?x19xf32> {gnn.name = "y", gnn.rows = "graphs"}
// CHECK: gnn.mse_loss mean %{{.*}}, %{{.*}} : (tensor<?x19xf32>, tensor<?x19xf32>) -> tensor<f32>
// The null graph leaves the loss through the graphs mask padding adds:
// STATIC-LABEL: func.func @loss
// STATIC-SAME: %[[GM:[^:]+]]: tensor<128xi1> {gnn.name = "graphs_mask"})
// STATIC: gnn.global_pool mean {{.*}} -> tensor<128x16xf32>
// STATIC: gnn.mse_loss mean %{{.*}}, %{{.*}} mask %[[GM]] : (tensor<128x19xf32>, tensor<128x19xf32>, tensor<128xi1>) -> tensor<f32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<128x19xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
