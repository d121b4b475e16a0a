// imdb_to_hetero_sage.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/imdb_to_hetero_sage.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/imdb_to_hetero_sage.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv1.movie__to__director.lin_l.weight : tensor<64x3066xf32> init kaiming_uniform
// CHECK: gnn.parameter @conv1.movie__to__director.lin_r.weight : tensor<64x3066xf32> init kaiming_uniform
// CHECK: gnn.parameter @conv2.actor__to__movie.lin_r.weight : tensor<64x64xf32>
// CHECK-LABEL: func.func @inference
// CHECK-SAME: (%[[XM:[^:]+]]: tensor<500x3066xf32> {gnn.name = "x_movie"}, %[[XD:[^:]+]]: tensor<100x3066xf32> {gnn.name = "x_director"}, %[[XA:[^:]+]]: tensor<300x3066xf32> {gnn.name = "x_actor"},
// CHECK-SAME: %[[S1:[^:]+]]: tensor<100xi64> {gnn.name = "movie__to__director_src"}, %[[D1:[^:]+]]: tensor<100xi64> {gnn.name = "movie__to__director_dst"}
// CHECK-SAME: -> (tensor<100x64xf32> {gnn.name = "out_director"}, tensor<300x64xf32> {gnn.name = "out_actor"}, tensor<500x64xf32> {gnn.name = "out_movie"})
// CHECK: gnn.message_passing mean edges(%[[S1]], %[[D1]] : tensor<100xi64>, tensor<100xi64>) sources(%[[XM]] : tensor<500x3066xf32>) -> tensor<100x3066xf32>
// Two edge types into movie, summed (to_hetero's aggr):
// CHECK: %[[A:.*]] = gnn.add %{{.*}}, %{{.*}} : (tensor<500x64xf32>, tensor<500x64xf32>) -> tensor<500x64xf32>
// CHECK: gnn.relu %{{.*}} : tensor<500x64xf32>
// CHECK-LABEL: func.func @loss
// CHECK: gnn.cross_entropy mean %{{.*}}, %{{.*}} : (tensor<500x64xf32>, tensor<500xi64>) -> tensor<f32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<500x64xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
