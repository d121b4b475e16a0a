// RUN: gnn-opt %s --gnn-lower-boolean-index -split-input-file -verify-diagnostics

func.func @gather_through_selection(%x: tensor<6x2xf32>, %m: tensor<6xi1>, %i: tensor<3xi64>) -> tensor<3x2xf32> {
  // expected-note @+1 {{the selection is made here}}
  %xs = gnn.boolean_index %x[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  // expected-error @+1 {{'gnn.gather' uses x[mask] (gnn.boolean_index), whose size depends on the data, and has no masked equivalent; compute on all rows and pass the mask to the consuming reduction or loss (mask operand), or use gnn.where(mask, x, fill)}}
  %g = gnn.gather %xs[%i] : (tensor<?x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
  return %g : tensor<3x2xf32>
}

// -----

func.func @labels_not_selected(%x: tensor<6x3xf32>, %y3: tensor<?xi64>, %m: tensor<6xi1>) -> tensor<f32> {
  // expected-note @+1 {{the selection is made here}}
  %xs = gnn.boolean_index %x[%m] : (tensor<6x3xf32>, tensor<6xi1>) -> tensor<?x3xf32>
  // expected-error @+1 {{'gnn.cross_entropy' uses x[mask] (gnn.boolean_index), whose size depends on the data, and has no masked equivalent; select both the scores and the labels with the same mask, or write the labels as gnn.where(mask, y, -100)}}
  %l = gnn.cross_entropy mean %xs, %y3 : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @different_masks(%p: tensor<6x2xf32>, %t: tensor<6x2xf32>, %m: tensor<6xi1>, %k: tensor<6xi1>) -> tensor<f32> {
  // expected-note @+1 {{the selection is made here}}
  %ps = gnn.boolean_index %p[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  // expected-note @+1 {{the selection is made here}}
  %ts = gnn.boolean_index %t[%k] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  // expected-error @+1 {{select both the input and the target with the same mask}}
  %l = gnn.l1_loss mean %ps, %ts : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @returned_selection(%x: tensor<6x2xf32>, %m: tensor<6xi1>) -> tensor<?x2xf32> {
  // expected-note @+1 {{the selection is made here}}
  %xs = gnn.boolean_index %x[%m] : (tensor<6x2xf32>, tensor<6xi1>) -> tensor<?x2xf32>
  // expected-error @+1 {{'func.return' uses x[mask] (gnn.boolean_index), whose size depends on the data, and has no masked equivalent; return the whole tensor together with the mask and select on the host}}
  return %xs : tensor<?x2xf32>
}

// -----

// A selected vector broadcasts along columns, not rows: selecting after the
// add would not be the same, so nothing moves.
func.func @lower_rank_selection(%y: tensor<5x5xf32>, %x: tensor<5xf32>, %m: tensor<5xi1>) -> tensor<f32> {
  // expected-note @+1 {{the selection is made here}}
  %ys = gnn.boolean_index %y[%m] : (tensor<5x5xf32>, tensor<5xi1>) -> tensor<?x5xf32>
  // expected-note @+1 {{the selection is made here}}
  %xs = gnn.boolean_index %x[%m] : (tensor<5xf32>, tensor<5xi1>) -> tensor<?xf32>
  // expected-error @+1 {{'gnn.add' uses x[mask] (gnn.boolean_index)}}
  %a = gnn.add %ys, %xs : (tensor<?x5xf32>, tensor<?xf32>) -> tensor<?x5xf32>
  %s = gnn.reduce sum %a dims [0, 1] : tensor<?x5xf32> -> tensor<f32>
  return %s : tensor<f32>
}
