
gnn.parameter @conv1.weight : tensor<4x6xf32> init zeros
gnn.parameter @conv1.bias : tensor<4xf32> init zeros
gnn.parameter @conv2.weight : tensor<3x4xf32> init zeros
gnn.parameter @conv2.bias : tensor<3xf32> init zeros

func.func @gcn(%x: tensor<12x6xf32> {gnn.name = "x"}, %src: tensor<42xi64> {gnn.name = "src"},
               %dst: tensor<42xi64> {gnn.name = "dst"}, %y: tensor<12xi64> {gnn.name = "y"},
               %train_mask: tensor<12xi1> {gnn.name = "train_mask"})
    -> (tensor<12x3xf32> {gnn.name = "log_probs"}, tensor<f32> {gnn.name = "loss"}) {
  %deg = gnn.degree %dst : (tensor<42xi64>) -> tensor<12xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<12xf32>
  %ds = gnn.gather %dinv[%src] : (tensor<12xf32>, tensor<42xi64>) -> tensor<42xf32>
  %dd = gnn.gather %dinv[%dst] : (tensor<12xf32>, tensor<42xi64>) -> tensor<42xf32>
  %nrm = gnn.mul %ds, %dd : (tensor<42xf32>, tensor<42xf32>) -> tensor<42xf32>
  %norm = gnn.reshape %nrm : tensor<42xf32> -> tensor<42x1xf32>
  %w1 = gnn.get_parameter @conv1.weight : tensor<4x6xf32>
  %b1 = gnn.get_parameter @conv1.bias : tensor<4xf32>
  %xw = gnn.linear %x, %w1 : (tensor<12x6xf32>, tensor<4x6xf32>) -> tensor<12x4xf32>
  %agg1 = gnn.message_passing sum edges(%src, %dst : tensor<42xi64>, tensor<42xi64>)
      sources(%xw : tensor<12x4xf32>) edge_data(%norm : tensor<42x1xf32>) -> tensor<12x4xf32> {
  ^bb0(%xj: tensor<42x4xf32>, %n: tensor<42x1xf32>):
    %m = gnn.mul %xj, %n : (tensor<42x4xf32>, tensor<42x1xf32>) -> tensor<42x4xf32>
    gnn.yield %m : tensor<42x4xf32>
  }
  %h1 = gnn.add %agg1, %b1 : (tensor<12x4xf32>, tensor<4xf32>) -> tensor<12x4xf32>
  %a1 = gnn.relu %h1 : tensor<12x4xf32>
  %w2 = gnn.get_parameter @conv2.weight : tensor<3x4xf32>
  %b2 = gnn.get_parameter @conv2.bias : tensor<3xf32>
  %hw = gnn.linear %a1, %w2 : (tensor<12x4xf32>, tensor<3x4xf32>) -> tensor<12x3xf32>
  %agg2 = gnn.message_passing sum edges(%src, %dst : tensor<42xi64>, tensor<42xi64>)
      sources(%hw : tensor<12x3xf32>) edge_data(%norm : tensor<42x1xf32>) -> tensor<12x3xf32> {
  ^bb0(%hj: tensor<42x3xf32>, %n: tensor<42x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<42x3xf32>, tensor<42x1xf32>) -> tensor<42x3xf32>
    gnn.yield %m : tensor<42x3xf32>
  }
  %h2 = gnn.add %agg2, %b2 : (tensor<12x3xf32>, tensor<3xf32>) -> tensor<12x3xf32>
  %logp = gnn.log_softmax %h2 axis 1 : tensor<12x3xf32>
  %ignore = gnn.constant dense<-100> : tensor<i64>
  %yl = gnn.where %train_mask, %y, %ignore : (tensor<12xi1>, tensor<12xi64>, tensor<i64>) -> tensor<12xi64>
  %loss = gnn.nll_loss mean %logp, %yl : (tensor<12x3xf32>, tensor<12xi64>) -> tensor<f32>
  return %logp, %loss : tensor<12x3xf32>, tensor<f32>
}
