// RUN: gnn-opt %s --gnn-pad-to-fixed-size="num-nodes=8 num-edges=16" -split-input-file -verify-diagnostics

// expected-error @+1 {{cannot tell whether dimension 0 of argument #0 counts nodes, edges or graphs; add {gnn.rows = "nodes"} (or "edges", "graphs") to the argument}}
func.func @unknown_kind(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %r = gnn.relu %x : tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{argument #0 has a dynamic number of graphs; pass num-graphs=N or set gnn.num_graphs on the function}}
func.func @missing_size(%g: tensor<?x2xf32> {gnn.rows = "graphs"}) -> tensor<?x2xf32> {
  return %g : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{argument #0: gnn.rows must be "nodes", "edges" or "graphs", got "vertices"}}
func.func @bad_kind(%x: tensor<?x2xf32> {gnn.rows = "vertices"}) -> tensor<?x2xf32> {
  return %x : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{argument #0 of type 'tensor<?x?xf32>' has a dynamic dimension other than the first; only rows (nodes, edges, graphs) can be padded}}
func.func @dynamic_features(%x: tensor<?x?xf32> {gnn.rows = "nodes"}) -> tensor<?x?xf32> {
  return %x : tensor<?x?xf32>
}

// -----

func.func @softmax_over_nodes(%x: tensor<?x2xf32> {gnn.rows = "nodes"}) -> tensor<?x2xf32> {
  // expected-error @+1 {{a softmax across padded rows would include them; normalise along features or use gnn.segment_softmax with a mask}}
  %s = gnn.softmax %x axis 0 : tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

func.func @selection_before_lowering(%x: tensor<?x2xf32> {gnn.rows = "nodes"}, %m: tensor<?xi1>) -> tensor<?x2xf32> {
  // expected-error @+1 {{x[mask] over padded rows: run gnn-lower-boolean-index first}}
  %s = gnn.boolean_index %x[%m] : (tensor<?x2xf32>, tensor<?xi1>) -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

func.func @concat_rows(%x: tensor<?x2xf32> {gnn.rows = "nodes"}) -> tensor<?x2xf32> {
  // expected-error @+1 {{concatenating padded rows along dimension 0 would interleave them with real rows}}
  %c = gnn.concat %x, %x axis 0 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  return %c : tensor<?x2xf32>
}

// -----

func.func @conflicting_kinds(%x: tensor<?x2xf32> {gnn.rows = "edges"}, %b: tensor<?xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{dimension 0 of this operand would count both edges and nodes; check the gnn.rows attributes of the arguments}}
  %g = gnn.global_pool sum %x, %b : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<3x2xf32>
  return %g : tensor<3x2xf32>
}

// -----

func.func private @helper(%x: tensor<?x2xf32>) -> tensor<?x2xf32>
func.func @call_before_inlining(%x: tensor<?x2xf32> {gnn.rows = "nodes"}) -> tensor<?x2xf32> {
  // expected-error @+1 {{padding changes argument types, which a call cannot follow; inline the callee first (the gnn-staticize pipeline does)}}
  %y = call @helper(%x) : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{argument 'nodes_mask' must be a tensor<8xi1> (or tensor<?xi1>) to serve as the padding mask, got 'tensor<3xi1>'}}
func.func @wrong_mask_size(%x: tensor<?x2xf32> {gnn.rows = "nodes"}, %m: tensor<3xi1> {gnn.name = "nodes_mask"}) -> tensor<2xf32> {
  %s = gnn.reduce sum %x dims [0] : tensor<?x2xf32> -> tensor<2xf32>
  return %s : tensor<2xf32>
}

// -----

func.func @transpose_rows(%x: tensor<?x2xf32> {gnn.rows = "nodes"}) -> tensor<2x?xf32> {
  // expected-error @+1 {{transposing padded rows is not supported: they would become columns that no mask covers}}
  %t = gnn.transpose %x permutation [1, 0] : tensor<?x2xf32> -> tensor<2x?xf32>
  return %t : tensor<2x?xf32>
}
