// RUN: gnn-opt %s --gnn-decompose-segment-softmax --verify-diagnostics

func.func @dynamic(%src: tensor<?x2xf32>, %idx: tensor<?xi64>) -> tensor<?x2xf32> {
  // expected-error @+1 {{needs static shapes; run gnn-staticize first}}
  %y = gnn.segment_softmax %src, %idx segments 4 : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
