// RUN: gnn-opt %s --gnn-verify-static -split-input-file -verify-diagnostics

// A static function passes.
func.func @all_static(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %r = gnn.relu %x : tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// Every dynamic value is listed.
// expected-error @+3 {{argument #0 has dynamic type 'tensor<?x2xf32>'}}
// expected-error @+2 {{result #0 has dynamic type 'tensor<?x2xf32>'}}
// expected-error @+1 {{function 'dynamic' is not static: 4 value(s) have a dynamic dimension; give a fixed size for every dynamic row count}}
func.func @dynamic(%x: tensor<?x2xf32>, %m: tensor<4xi1>, %y: tensor<4x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{result #0 has dynamic type 'tensor<?x2xf32>'}}
  %r = gnn.relu %x : tensor<?x2xf32>
  // expected-error @+1 {{result #0 has dynamic type 'tensor<?x2xf32>'}}
  %s = gnn.boolean_index %y[%m] : (tensor<4x2xf32>, tensor<4xi1>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// Block arguments of message passing bodies count too.
// expected-error @+1 {{function 'dynamic_body' is not static: 1 value(s) have a dynamic dimension}}
func.func @dynamic_body(%x: tensor<4x2xf32>, %src: tensor<6xi64>, %dst: tensor<6xi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{block argument #0 has dynamic type 'tensor<?x2xf32>'}}
  %out = gnn.message_passing sum edges(%src, %dst : tensor<6xi64>, tensor<6xi64>) sources(%x : tensor<4x2xf32>) -> tensor<4x2xf32> {
  ^bb0(%xj: tensor<?x2xf32>):
    %z = gnn.constant dense<0.0> : tensor<6x2xf32>
    gnn.yield %z : tensor<6x2xf32>
  }
  return %out : tensor<4x2xf32>
}
