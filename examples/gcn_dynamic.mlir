// The seeds' GCN as PyG users write it before porting to the IPU: GCNConv
// adds the self-loops a node lacks inside the layer, the loss reads
// out[train_mask], and the graph has data-dependent sizes. gnn-staticize turns
// it into the static, masked program the seeds write by hand:
//
//   gnn-opt examples/gcn_dynamic.mlir --gnn-staticize="num-nodes=12 num-edges=40"

gnn.parameter @w : tensor<4x8xf32> init glorot_uniform {seed = 1 : i64}
gnn.parameter @b : tensor<4xf32> init zeros

// GCNConv with add_self_loops inside the layer (PyG's default), x[train_mask]
// in the loss, on a graph whose sizes are dynamic.
func.func @gcn(%x: tensor<?x8xf32> {gnn.name = "x", gnn.rows = "nodes"},
               %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
               %dst: tensor<?xi64> {gnn.name = "dst"},
               %y: tensor<?xi64> {gnn.name = "y"},
               %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32> {gnn.name = "out"}, tensor<f32> {gnn.name = "loss"}) {
  %s2, %d2 = gnn.add_self_loops remaining %src, %dst nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?x8xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  %deg = gnn.degree %d2 : (tensor<?xi64>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %ds = gnn.gather %dinv[%s2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %dd = gnn.gather %dinv[%d2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %norm = gnn.mul %ds, %dd : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %col = gnn.reshape %norm : tensor<?xf32> -> tensor<?x1xf32>
  %w = gnn.get_parameter @w : tensor<4x8xf32>
  %b = gnn.get_parameter @b : tensor<4xf32>
  %h = gnn.linear %x, %w : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %agg = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h : tensor<?x4xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x4xf32> {
  ^bb0(%hj: tensor<?x4xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %out = gnn.add %agg, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %logp = gnn.log_softmax %out axis 1 : tensor<?x4xf32>
  %sel = gnn.boolean_index %logp[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %loss = gnn.nll_loss mean %sel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  return %out, %loss : tensor<?x4xf32>, tensor<f32>
}
