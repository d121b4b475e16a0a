// imdb_heteroconv_sage_gat.textproto: import, gnn-staticize, and evaluation of both functions on
// generated data.
// RUN: gnn-translate --import-model %examples/models/imdb_heteroconv_sage_gat.textproto | FileCheck %s
// RUN: gnn-translate --import-model %examples/models/imdb_heteroconv_sage_gat.textproto | gnn-opt --gnn-staticize > %t.mlir
// RUN: gnn-opt --gnn-verify-static %t.mlir
// RUN: gnn-run eval %t.mlir --function inference --seed 1 | FileCheck %s --check-prefix=INFER
// RUN: gnn-run eval %t.mlir --function loss --seed 1 | FileCheck %s --check-prefix=LOSS

// CHECK: gnn.parameter @conv1.movie__to__actor.lin_src.weight : tensor<64x3066xf32> init glorot_uniform
// CHECK: gnn.parameter @conv1.movie__to__actor.att_src : tensor<1x1x64xf32> init glorot_uniform
// CHECK: gnn.parameter @lin.weight : tensor<3x64xf32> init kaiming_uniform
// CHECK-LABEL: func.func @inference
// CHECK-SAME: -> (tensor<500x3xf32> {gnn.name = "out"})
// CHECK-NOT: gnn.add_self_loops
// CHECK: gnn.message_passing mean
// CHECK: gnn.leaky_relu %{{.*}} {negative_slope = 2.000000e-01 : f64} : tensor<200x1xf32>
// CHECK: gnn.segment_softmax %{{.*}}, %{{.*}} segments 300 : (tensor<200x1xf32>, tensor<200xi64>) -> tensor<200x1xf32>
// CHECK: gnn.segment_softmax %{{.*}}, %{{.*}} segments 500
// CHECK-LABEL: func.func @loss
// CHECK: gnn.cross_entropy mean %{{.*}}, %{{.*}} : (tensor<500x3xf32>, tensor<500xi64>) -> tensor<f32>

// INFER: result #{{[0-9]+}} (out{{[_a-z]*}}): tensor<500x3xf32> {{\[\[}}
// INFER-NOT: nan
// LOSS: result #0 (loss): tensor<f32> {{[0-9]+\.[0-9]+}}
// LOSS-NOT: nan
