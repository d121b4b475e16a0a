// RUN: gnn-opt %s --gnn-renumber-graph=parts=2 --split-input-file | FileCheck %s

// Two triangles, {0, 2, 4} and {1, 3, 5}, numbered alternately: blocks of
// three consecutive ids cut 8 of the 12 edges. Renumbered, each triangle is
// a block and nothing is cut. The host keeps its order through the row
// orders; node-row arguments and results name them.
// CHECK: module attributes {gnn.graph_partition = {block = 3 : i64, edge_cut_after = 0 : i64, edge_cut_before = 8 : i64, edges = 12 : i64, parts = 2 : i64}, gnn.row_orders = {edges = dense<[{{.*}}]> : tensor<12xi64>, nodes = dense<[0, 2, 4, 1, 3, 5]> : tensor<6xi64>}}
// CHECK-LABEL: func.func @inference(
// CHECK-SAME: {gnn.name = "x", gnn.row_order = "nodes", gnn.rows = "nodes"}
// CHECK-SAME: -> (tensor<6x2xf32> {gnn.name = "out", gnn.row_order = "nodes"})
// Edges in the new numbering, sorted by source.
// CHECK: gnn.constant {gnn.bound = "src"} dense<[0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]>
// CHECK: gnn.constant {gnn.bound = "dst"} dense<[1, 2, 0, 2, 0, 1, 4, 5, 3, 5, 3, 4]>
module {
  func.func @inference(%x: tensor<6x2xf32> {gnn.name = "x", gnn.rows = "nodes"}) -> (tensor<6x2xf32> {gnn.name = "out"}) {
    %src = gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]> : tensor<12xi64>
    %dst = gnn.constant {gnn.bound = "dst"} dense<[2, 0, 4, 2, 0, 4, 3, 1, 5, 3, 1, 5]> : tensor<12xi64>
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    %a = gnn.scatter sum %m, %dst : (tensor<12x2xf32>, tensor<12xi64>) -> tensor<6x2xf32>
    return %a : tensor<6x2xf32>
  }
}

// -----

// A padded batch (a false mask entry) is not renumbered: its slots are not
// all the graph's nodes.
// CHECK-NOT: gnn.row_orders
// CHECK-LABEL: func.func @padded
// CHECK: gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]>
module {
  func.func @padded(%x: tensor<6x2xf32> {gnn.name = "x", gnn.rows = "nodes"}) -> (tensor<6x2xf32> {gnn.name = "out"}) {
    %src = gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]> : tensor<12xi64>
    %dst = gnn.constant {gnn.bound = "dst"} dense<[2, 0, 4, 2, 0, 4, 3, 1, 5, 3, 1, 5]> : tensor<12xi64>
    %em = gnn.constant {gnn.bound = "edges_mask"} dense<[true, true, true, true, true, true, true, true, true, true, true, false]> : tensor<12xi1>
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    %a = gnn.scatter sum %m, %dst mask %em : (tensor<12x2xf32>, tensor<12xi64>, tensor<12xi1>) -> tensor<6x2xf32>
    return %a : tensor<6x2xf32>
  }
}

// -----

// Indices from the host: nothing to renumber.
// CHECK-NOT: gnn.row_orders
// CHECK-LABEL: func.func @streamed
// CHECK-NOT: gnn.row_order
module {
  func.func @streamed(%x: tensor<6x2xf32> {gnn.name = "x", gnn.rows = "nodes"}, %src: tensor<12xi64>) -> (tensor<12x2xf32> {gnn.name = "out"}) {
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    return %m : tensor<12x2xf32>
  }
}

// -----

// A learned embedding per node is state in the host's order: the graph is
// left alone.
// CHECK-NOT: gnn.row_orders
// CHECK-LABEL: func.func @embedding
// CHECK: gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]>
module {
  gnn.parameter @emb : tensor<6x2xf32> init zeros
  func.func @embedding(%y: tensor<6xi64> {gnn.name = "y", gnn.rows = "nodes"}) -> (tensor<12x2xf32> {gnn.name = "out"}) {
    %src = gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]> : tensor<12xi64>
    %dst = gnn.constant {gnn.bound = "dst"} dense<[2, 0, 4, 2, 0, 4, 3, 1, 5, 3, 1, 5]> : tensor<12xi64>
    %x = gnn.get_parameter @emb : tensor<6x2xf32>
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    return %m : tensor<12x2xf32>
  }
}

// -----

// Rows sliced by position (the first three nodes) would select other nodes
// after renumbering: left alone.
// CHECK-NOT: gnn.row_orders
// CHECK-LABEL: func.func @sliced
module {
  func.func @sliced(%x: tensor<6x2xf32> {gnn.name = "x", gnn.rows = "nodes"}) -> (tensor<3x2xf32> {gnn.name = "out"}) {
    %src = gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]> : tensor<12xi64>
    %dst = gnn.constant {gnn.bound = "dst"} dense<[2, 0, 4, 2, 0, 4, 3, 1, 5, 3, 1, 5]> : tensor<12xi64>
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    %a = gnn.scatter sum %m, %dst : (tensor<12x2xf32>, tensor<12xi64>) -> tensor<6x2xf32>
    %s = gnn.slice %a axis 0 offset 0 : tensor<6x2xf32> -> tensor<3x2xf32>
    return %s : tensor<3x2xf32>
  }
}

// -----

// Other bound tensors with a row per node or per edge move with their rows:
// labels, a mask, features (f32, row by row), per-edge weights; a splat
// stays as it is.
// CHECK-LABEL: func.func @bound_rows
// CHECK-DAG: gnn.constant {gnn.bound = "y"} dense<[0, 2, 4, 1, 3, 5]> : tensor<6xi64>
// CHECK-DAG: gnn.constant {gnn.bound = "train_mask"} dense<[true, true, true, false, false, false]> : tensor<6xi1>
// CHECK-DAG: gnn.constant {gnn.bound = "x"} dense<{{\[}}[0.000000e+00, 1.000000e+00], [2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00], [1.000000e+01, 1.100000e+01], [3.000000e+01, 3.100000e+01], [5.000000e+01, 5.100000e+01]]> : tensor<6x2xf32>
// CHECK-DAG: gnn.constant {gnn.bound = "edge_weight"} dense<[0.000000e+00, 5.000000e+00, 1.000000e+00, 2.000000e+00, 4.000000e+00, 3.000000e+00, 6.000000e+00, 1.100000e+01, 7.000000e+00, 8.000000e+00, 1.000000e+01, 9.000000e+00]> : tensor<12xf32>
// CHECK-DAG: gnn.constant {gnn.bound = "nodes_mask"} dense<true> : tensor<6xi1>
module {
  func.func @bound_rows() -> (tensor<6x2xf32> {gnn.name = "out"}, tensor<6xi64>, tensor<6xi1>, tensor<6xi1>) {
    %src = gnn.constant {gnn.bound = "src"} dense<[0, 2, 2, 4, 4, 0, 1, 3, 3, 5, 5, 1]> : tensor<12xi64>
    %dst = gnn.constant {gnn.bound = "dst"} dense<[2, 0, 4, 2, 0, 4, 3, 1, 5, 3, 1, 5]> : tensor<12xi64>
    %x = gnn.constant {gnn.bound = "x"} dense<[[0.0, 1.0], [10.0, 11.0], [2.0, 3.0], [30.0, 31.0], [4.0, 5.0], [50.0, 51.0]]> : tensor<6x2xf32>
    %y = gnn.constant {gnn.bound = "y"} dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
    %tm = gnn.constant {gnn.bound = "train_mask"} dense<[true, false, true, false, true, false]> : tensor<6xi1>
    %nm = gnn.constant {gnn.bound = "nodes_mask"} dense<true> : tensor<6xi1>
    %w = gnn.constant {gnn.bound = "edge_weight"} dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> : tensor<12xf32>
    %m = gnn.gather %x[%src] : (tensor<6x2xf32>, tensor<12xi64>) -> tensor<12x2xf32>
    %w2 = gnn.reshape %w : tensor<12xf32> -> tensor<12x1xf32>
    %mw = gnn.mul %m, %w2 : (tensor<12x2xf32>, tensor<12x1xf32>) -> tensor<12x2xf32>
    %a = gnn.scatter sum %mw, %dst : (tensor<12x2xf32>, tensor<12xi64>) -> tensor<6x2xf32>
    return %a, %y, %tm, %nm : tensor<6x2xf32>, tensor<6xi64>, tensor<6xi1>, tensor<6xi1>
  }
}
