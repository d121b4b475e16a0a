// The seeds' patterns through the whole gnn-staticize pipeline.

// Seed 000/001: GCNConv with add_self_loops inside the layer and
// x[train_mask] in the loss, on a dynamically sized graph.
// RUN: gnn-opt %examples/gcn_dynamic.mlir --gnn-staticize="num-nodes=12 num-edges=40" | FileCheck %s --check-prefix=GCN
// GCN-LABEL: func.func @gcn
// GCN-SAME: tensor<12x8xf32>
// GCN-SAME: %[[TRAIN:[^:]+]]: tensor<12xi1> {gnn.name = "train_mask"}, %[[NM:[^:]+]]: tensor<12xi1> {gnn.name = "nodes_mask"}, %[[EM:[^:]+]]: tensor<40xi1> {gnn.name = "edges_mask"})
// GCN-NOT: gnn.boolean_index
// GCN-NOT: gnn.add_self_loops
// GCN-NOT: ?x
// GCN: gnn.cmp ne
// GCN: %[[KEEP:.*]] = gnn.and %[[EM]], %{{.*}} : (tensor<40xi1>, tensor<40xi1>) -> tensor<40xi1>
// GCN: %[[MASK:.*]] = gnn.concat %[[KEEP]], %{{.*}} axis 0 : (tensor<40xi1>, tensor<12xi1>) -> tensor<52xi1>
// GCN: gnn.degree %{{.*}} mask %[[MASK]] : (tensor<52xi64>, tensor<52xi1>) -> tensor<12xf32>
// GCN: gnn.message_passing sum {{.*}} edge_mask(%[[MASK]] : tensor<52xi1>) -> tensor<12x4xf32>
// GCN: gnn.where %[[TRAIN]], %{{.*}}, %{{.*}} : (tensor<12xi1>, tensor<12xi64>, tensor<i64>) -> tensor<12xi64>
// GCN: gnn.nll_loss mean %{{.*}}, %{{.*}} mask %[[NM]]

// Seed 001: global_mean_pool without size=, and seeds 002/004: the null
// graph masked out of a regression loss normalised by the real graphs.
// RUN: gnn-opt %s --gnn-staticize="num-nodes=32 num-edges=64 num-graphs=5" | FileCheck %s --check-prefix=POOL
// POOL-LABEL: func.func @pool_without_size
// POOL-SAME: %[[NM:[^:]+]]: tensor<32xi1> {gnn.name = "nodes_mask"}, %[[EM:[^:]+]]: tensor<64xi1> {gnn.name = "edges_mask"}, %[[GM:[^:]+]]: tensor<5xi1> {gnn.name = "graphs_mask"}) -> (tensor<5x1xf32>, tensor<f32>)
// POOL: gnn.global_pool mean %{{.*}}, %{{.*}} mask %[[NM]] : (tensor<32x8xf32>, tensor<32xi64>, tensor<32xi1>) -> tensor<5x8xf32>
// POOL: gnn.mse_loss mean %{{.*}}, %{{.*}} mask %[[GM]] : (tensor<5x1xf32>, tensor<5x1xf32>, tensor<5xi1>) -> tensor<f32>
// The result passes the static check (the pipeline ends with it):
// RUN: gnn-opt %s --gnn-staticize="num-nodes=32 num-edges=64 num-graphs=5" | gnn-opt --gnn-verify-static
// RUN: gnn-opt %examples/gcn_dynamic.mlir --gnn-staticize="num-nodes=12 num-edges=40" | gnn-opt --gnn-verify-static

func.func @pool_without_size(%x: tensor<?x3xf32> {gnn.rows = "nodes"}, %src: tensor<?xi64> {gnn.rows = "edges"}, %dst: tensor<?xi64>,
                             %batch: tensor<?xi64>, %y: tensor<?x1xf32> {gnn.rows = "graphs"},
                             %w: tensor<8x3xf32>, %w2: tensor<1x8xf32>) -> (tensor<?x1xf32>, tensor<f32>) {
  %h = gnn.linear %x, %w : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<?x8xf32>
  %agg = gnn.message_passing sum edges(%src, %dst : tensor<?xi64>, tensor<?xi64>) sources(%h : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%hj: tensor<?x8xf32>):
    gnn.yield %hj : tensor<?x8xf32>
  }
  %r = gnn.relu %agg : tensor<?x8xf32>
  %g = gnn.global_pool mean %r, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  %p = gnn.linear %g, %w2 : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x1xf32>
  %l = gnn.mse_loss mean %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %p, %l : tensor<?x1xf32>, tensor<f32>
}
