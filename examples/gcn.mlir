// A two-layer GCN (Kipf & Welling) for node classification, written the way
// PyTorch Geometric computes it: symmetric normalisation from the in-degree
// of the edge list (self-loops are part of the data, as on the IPU), messages
// h_j * norm_ij summed into each node, and a cross-entropy loss over the
// training nodes only, expressed with ignore_index -100 instead of x[mask].
//
//   gnn-opt examples/gcn.mlir --gnn-expand-message-passing | gnn-run eval - --seed 1

gnn.parameter @conv1.weight : tensor<16x8xf32> init glorot_uniform {seed = 1 : i64}
gnn.parameter @conv1.bias : tensor<16xf32> init zeros
gnn.parameter @conv2.weight : tensor<4x16xf32> init glorot_uniform {seed = 2 : i64}
gnn.parameter @conv2.bias : tensor<4xf32> init zeros

// gcn_norm: norm[e] = deg(src)^-1/2 * deg(dst)^-1/2, as an [E, 1] column.
func.func private @gcn_norm(%src: tensor<64xi64>, %dst: tensor<64xi64>) -> tensor<64x1xf32> {
  %deg = gnn.degree %dst : (tensor<64xi64>) -> tensor<20xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<20xf32>
  %ds = gnn.gather %dinv[%src] : (tensor<20xf32>, tensor<64xi64>) -> tensor<64xf32>
  %dd = gnn.gather %dinv[%dst] : (tensor<20xf32>, tensor<64xi64>) -> tensor<64xf32>
  %norm = gnn.mul %ds, %dd : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  %col = gnn.reshape %norm : tensor<64xf32> -> tensor<64x1xf32>
  return %col : tensor<64x1xf32>
}

func.func @gcn(%x: tensor<20x8xf32> {gnn.name = "x"},
               %src: tensor<64xi64> {gnn.name = "src"},
               %dst: tensor<64xi64> {gnn.name = "dst"},
               %y: tensor<20xi64> {gnn.name = "y"},
               %train_mask: tensor<20xi1> {gnn.name = "train_mask"})
    -> (tensor<20x4xf32> {gnn.name = "log_probs"}, tensor<f32> {gnn.name = "loss"}) {
  %norm = call @gcn_norm(%src, %dst) : (tensor<64xi64>, tensor<64xi64>) -> tensor<64x1xf32>

  // Layer 1: h = relu(A_hat x W1^T + b1).
  %w1 = gnn.get_parameter @conv1.weight : tensor<16x8xf32>
  %b1 = gnn.get_parameter @conv1.bias : tensor<16xf32>
  %xw = gnn.linear %x, %w1 : (tensor<20x8xf32>, tensor<16x8xf32>) -> tensor<20x16xf32>
  %agg1 = gnn.message_passing sum edges(%src, %dst : tensor<64xi64>, tensor<64xi64>)
      sources(%xw : tensor<20x16xf32>) edge_data(%norm : tensor<64x1xf32>) -> tensor<20x16xf32> {
  ^bb0(%xj: tensor<64x16xf32>, %n: tensor<64x1xf32>):
    %m = gnn.mul %xj, %n : (tensor<64x16xf32>, tensor<64x1xf32>) -> tensor<64x16xf32>
    gnn.yield %m : tensor<64x16xf32>
  }
  %h1 = gnn.add %agg1, %b1 : (tensor<20x16xf32>, tensor<16xf32>) -> tensor<20x16xf32>
  %a1 = gnn.relu %h1 : tensor<20x16xf32>

  // Layer 2 and log-softmax.
  %w2 = gnn.get_parameter @conv2.weight : tensor<4x16xf32>
  %b2 = gnn.get_parameter @conv2.bias : tensor<4xf32>
  %hw = gnn.linear %a1, %w2 : (tensor<20x16xf32>, tensor<4x16xf32>) -> tensor<20x4xf32>
  %agg2 = gnn.message_passing sum edges(%src, %dst : tensor<64xi64>, tensor<64xi64>)
      sources(%hw : tensor<20x4xf32>) edge_data(%norm : tensor<64x1xf32>) -> tensor<20x4xf32> {
  ^bb0(%hj: tensor<64x4xf32>, %n: tensor<64x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<64x4xf32>, tensor<64x1xf32>) -> tensor<64x4xf32>
    gnn.yield %m : tensor<64x4xf32>
  }
  %h2 = gnn.add %agg2, %b2 : (tensor<20x4xf32>, tensor<4xf32>) -> tensor<20x4xf32>
  %logp = gnn.log_softmax %h2 axis 1 : tensor<20x4xf32>

  // Loss over training nodes: where(mask, y, -100) and NLL's ignore_index.
  %ignore = gnn.constant dense<-100> : tensor<i64>
  %yl = gnn.where %train_mask, %y, %ignore : (tensor<20xi1>, tensor<20xi64>, tensor<i64>) -> tensor<20xi64>
  %loss = gnn.nll_loss mean %logp, %yl : (tensor<20x4xf32>, tensor<20xi64>) -> tensor<f32>
  return %logp, %loss : tensor<20x4xf32>, tensor<f32>
}
