// RUN: gnn-opt %s -split-input-file -verify-diagnostics

func.func @transpose_not_permutation(%x: tensor<4x8xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{permutation must list every dimension in [0, 2) once}}
  %t = gnn.transpose %x permutation [1, 1] : tensor<4x8xf32> -> tensor<8x4xf32>
  return %t : tensor<8x4xf32>
}

// -----

func.func @transpose_wrong_length(%x: tensor<4x8xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{permutation has 3 entries but the input has rank 2}}
  %t = gnn.transpose %x permutation [1, 0, 2] : tensor<4x8xf32> -> tensor<8x4xf32>
  return %t : tensor<8x4xf32>
}

// -----

func.func @transpose_wrong_shape(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{result dimension 0 is 4 but input dimension 1 is 8}}
  %t = gnn.transpose %x permutation [1, 0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return %t : tensor<4x8xf32>
}

// -----

func.func @sgd_missing_buffer(%p: tensor<4xf32>, %g: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{needs a momentum_buffer operand when momentum != 0}}
  %p1 = gnn.sgd_update %p, %g, %s {lr = 0.1 : f64, momentum = 0.9 : f64} : (tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @sgd_extra_buffer(%p: tensor<4xf32>, %g: tensor<4xf32>, %s: tensor<i64>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{takes no momentum_buffer when momentum is 0}}
  %p1, %b1 = gnn.sgd_update %p, %g, %s momentum_buffer %b {lr = 0.1 : f64} : (tensor<4xf32>, tensor<4xf32>, tensor<i64>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %p1 : tensor<4xf32>
}

// -----

func.func @sgd_nesterov_dampening(%p: tensor<4xf32>, %g: tensor<4xf32>, %s: tensor<i64>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Nesterov momentum requires a momentum and zero dampening}}
  %p1, %b1 = gnn.sgd_update %p, %g, %s momentum_buffer %b {lr = 0.1 : f64, momentum = 0.9 : f64, dampening = 0.1 : f64, nesterov} : (tensor<4xf32>, tensor<4xf32>, tensor<i64>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %p1 : tensor<4xf32>
}

// -----

func.func @sgd_grad_type(%p: tensor<4xf32>, %g: tensor<3xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{gradient of type 'tensor<3xf32>' must have the parameter's type 'tensor<4xf32>'}}
  %p1 = gnn.sgd_update %p, %g, %s {lr = 0.1 : f64} : (tensor<4xf32>, tensor<3xf32>, tensor<i64>) -> tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @sgd_negative_lr(%p: tensor<4xf32>, %g: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{lr must lie in [0, inf), got -1}}
  %p1 = gnn.sgd_update %p, %g, %s {lr = -1.0 : f64} : (tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @adam_beta(%p: tensor<4xf32>, %g: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{beta2 must lie in [0, 1), got 1}}
  %p1, %m1, %v1 = gnn.adam_update %p, %g, %m, %v, %s {lr = 0.01 : f64, beta2 = 1.0 : f64}
      : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %p1 : tensor<4xf32>
}

// -----

func.func @adam_moment_type(%p: tensor<4xf32>, %g: tensor<4xf32>, %m: tensor<2x2xf32>, %v: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{gradient and moment of type 'tensor<2x2xf32>' must have the parameter's type 'tensor<4xf32>'}}
  %p1, %m1, %v1 = gnn.adam_update %p, %g, %m, %v, %s {lr = 0.01 : f64}
      : (tensor<4xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<4xf32>, tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %p1 : tensor<4xf32>
}

// -----

func.func @adam_step_type(%p: tensor<4xf32>, %g: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %s: tensor<1xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{operand #4 must be 0D tensor of 32-bit signless integer or 64-bit signless integer values}}
  %p1, %m1, %v1 = gnn.adam_update %p, %g, %m, %v, %s {lr = 0.01 : f64}
      : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1xi64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %p1 : tensor<4xf32>
}
