// RUN: gnn-opt %s --gnn-pad-to-fixed-size="num-nodes=32 num-edges=64 num-graphs=4" --split-input-file | FileCheck %s

// Seeds 002/004: graph regression over a batch of small graphs. Rows become
// fixed sizes, masks are appended, message passing ignores padded edges,
// pooling ignores padded nodes, and the loss counts real graphs only (the
// null graph and padding graphs are masked out of the mean).
// CHECK-LABEL: func.func @graph_regression
// CHECK-SAME: (%[[X:[^:]+]]: tensor<32x11xf32> {gnn.rows = "nodes"}, %[[S:[^:]+]]: tensor<64xi64> {gnn.rows = "edges"}, %[[D:[^:]+]]: tensor<64xi64>, %[[B:[^:]+]]: tensor<32xi64>, %[[T:[^:]+]]: tensor<4x1xf32> {gnn.rows = "graphs"},
// CHECK-SAME: %[[NM:[^:]+]]: tensor<32xi1> {gnn.name = "nodes_mask"}, %[[EM:[^:]+]]: tensor<64xi1> {gnn.name = "edges_mask"}, %[[GM:[^:]+]]: tensor<4xi1> {gnn.name = "graphs_mask"}) -> (tensor<4x1xf32>, tensor<f32>)
// CHECK: %[[H:.*]] = gnn.linear %[[X]], %{{.*}} : (tensor<32x11xf32>, tensor<16x11xf32>) -> tensor<32x16xf32>
// CHECK: gnn.message_passing sum edges(%[[S]], %[[D]] : tensor<64xi64>, tensor<64xi64>) sources(%[[H]] : tensor<32x16xf32>) edge_mask(%[[EM]] : tensor<64xi1>) -> tensor<32x16xf32>
// CHECK: ^bb0(%{{.*}}: tensor<64x16xf32>):
// CHECK: gnn.global_pool mean %{{.*}}, %[[B]] mask %[[NM]] : (tensor<32x16xf32>, tensor<32xi64>, tensor<32xi1>) -> tensor<4x16xf32>
// CHECK: %[[P:.*]] = gnn.linear %{{.*}} -> tensor<4x1xf32>
// CHECK: %[[L:.*]] = gnn.mse_loss mean %[[P]], %[[T]] mask %[[GM]] : (tensor<4x1xf32>, tensor<4x1xf32>, tensor<4xi1>) -> tensor<f32>
// CHECK: return %[[P]], %[[L]] : tensor<4x1xf32>, tensor<f32>
func.func @graph_regression(%x: tensor<?x11xf32> {gnn.rows = "nodes"}, %src: tensor<?xi64> {gnn.rows = "edges"}, %dst: tensor<?xi64>,
                            %batch: tensor<?xi64>, %target: tensor<?x1xf32> {gnn.rows = "graphs"},
                            %w1: tensor<16x11xf32>, %w2: tensor<1x16xf32>) -> (tensor<?x1xf32>, tensor<f32>) {
  %h = gnn.linear %x, %w1 : (tensor<?x11xf32>, tensor<16x11xf32>) -> tensor<?x16xf32>
  %agg = gnn.message_passing sum edges(%src, %dst : tensor<?xi64>, tensor<?xi64>) sources(%h : tensor<?x16xf32>) -> tensor<?x16xf32> {
  ^bb0(%hj: tensor<?x16xf32>):
    gnn.yield %hj : tensor<?x16xf32>
  }
  %r = gnn.relu %agg : tensor<?x16xf32>
  %g = gnn.global_pool mean %r, %batch : (tensor<?x16xf32>, tensor<?xi64>) -> tensor<?x16xf32>
  %pred = gnn.linear %g, %w2 : (tensor<?x16xf32>, tensor<1x16xf32>) -> tensor<?x1xf32>
  %loss = gnn.mse_loss mean %pred, %target : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %pred, %loss : tensor<?x1xf32>, tensor<f32>
}

// -----

// Kinds come from the graph ops when arguments are not annotated; batch-norm
// statistics and a classification loss over padded nodes are masked, an
// existing loss mask is combined with the padding mask, and a user-provided
// nodes_mask argument is reused.
// CHECK-LABEL: func.func @node_classification
// CHECK-SAME: (%[[X:[^:]+]]: tensor<32x8xf32>, %[[S:[^:]+]]: tensor<64xi64>, %[[D:[^:]+]]: tensor<64xi64>, %[[Y:[^:]+]]: tensor<32xi64>, %[[TM:[^:]+]]: tensor<32xi1>, %[[NM:[^:]+]]: tensor<32xi1> {gnn.name = "nodes_mask"}, %{{.*}}: tensor<8xf32>, %[[EM:[^:]+]]: tensor<64xi1> {gnn.name = "edges_mask"})
// CHECK: gnn.message_passing mean {{.*}} edge_mask(%[[EM]] : tensor<64xi1>)
// CHECK: gnn.batch_norm %{{.*}} mask %[[NM]] {training}
// CHECK: %[[BOTH:.*]] = gnn.and %[[TM]], %[[NM]] : (tensor<32xi1>, tensor<32xi1>) -> tensor<32xi1>
// CHECK: gnn.cross_entropy mean %{{.*}}, %[[Y]] mask %[[BOTH]]
func.func @node_classification(%x: tensor<?x8xf32>, %src: tensor<?xi64>, %dst: tensor<?xi64>, %y: tensor<?xi64>, %train: tensor<?xi1>,
                               %nodes_mask: tensor<?xi1> {gnn.name = "nodes_mask"}, %c: tensor<8xf32>) -> tensor<f32> {
  %agg = gnn.message_passing mean edges(%src, %dst : tensor<?xi64>, tensor<?xi64>) sources(%x : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%xj: tensor<?x8xf32>):
    gnn.yield %xj : tensor<?x8xf32>
  }
  %n, %m, %v = gnn.batch_norm %agg, %c, %c, %c, %c {training} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>)
  %loss = gnn.cross_entropy mean %n, %y mask %train : (tensor<?x8xf32>, tensor<?xi64>, tensor<?xi1>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// A static function is left alone.
// CHECK-LABEL: func.func @already_static
// CHECK-SAME: (%{{.*}}: tensor<3x2xf32>) -> tensor<2xf32>
func.func @already_static(%x: tensor<3x2xf32>) -> tensor<2xf32> {
  %s = gnn.reduce sum %x dims [0] : tensor<3x2xf32> -> tensor<2xf32>
  return %s : tensor<2xf32>
}

// -----

// Rows no argument carries are padded too: the pooled graphs (with the null
// graph) and the scattered nodes get the fixed counts, and reductions over
// them take graphs_mask / nodes_mask.
// CHECK-LABEL: func.func @implied_rows
// CHECK-SAME: %[[NM:[^:]+]]: tensor<32xi1> {gnn.name = "nodes_mask"}, %[[EM:[^:]+]]: tensor<64xi1> {gnn.name = "edges_mask"}, %[[GM:[^:]+]]: tensor<4xi1> {gnn.name = "graphs_mask"})
// CHECK: %[[G:.*]] = gnn.global_pool mean %{{.*}} mask %[[NM]] : (tensor<32x2xf32>, tensor<32xi64>, tensor<32xi1>) -> tensor<4x2xf32>
// CHECK: gnn.reduce mean %[[G]] dims [0] mask %[[GM]] : tensor<4xi1> : tensor<4x2xf32> -> tensor<2xf32>
// CHECK: %[[S:.*]] = gnn.scatter sum %{{.*}} mask %[[EM]] : (tensor<64x2xf32>, tensor<64xi64>, tensor<64xi1>) -> tensor<32x2xf32>
// CHECK: gnn.reduce max %[[S]] dims [0] mask %[[NM]] : tensor<32xi1> : tensor<32x2xf32> -> tensor<2xf32>
func.func @implied_rows(%x: tensor<?x2xf32> {gnn.rows = "nodes"}, %batch: tensor<?xi64>, %src: tensor<?xi64> {gnn.rows = "edges"}, %dst: tensor<?xi64>) -> (tensor<2xf32>, tensor<2xf32>) {
  %g = gnn.global_pool mean %x, %batch : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
  %gm = gnn.reduce mean %g dims [0] : tensor<?x2xf32> -> tensor<2xf32>
  %xj = gnn.gather %x[%src] : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
  %s = gnn.scatter sum %xj, %dst : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
  %sm = gnn.reduce max %s dims [0] : tensor<?x2xf32> -> tensor<2xf32>
  return %gm, %sm : tensor<2xf32>, tensor<2xf32>
}
