// RUN: gnn-opt %s --gnn-bind-inputs="inputs=src=%S/Inputs/bind-src.npy,dst=%S/Inputs/bind-dst-i32.npy,edges_mask=%S/Inputs/bind-mask.npy" | FileCheck %s

// Bound inputs become constants marked with their name (i32 values
// convert to the argument's i64) and leave every signature; the others
// stay.
// CHECK-LABEL: func.func @inference(
// CHECK-SAME: %arg0: tensor<3x2xf32> {gnn.name = "x"}) -> tensor<3x2xf32>
// CHECK-DAG: %[[SRC:.*]] = gnn.constant {gnn.bound = "src"} dense<[0, 1, 2]> : tensor<3xi64>
// CHECK-DAG: %[[DST:.*]] = gnn.constant {gnn.bound = "dst"} dense<[1, 2, 0]> : tensor<3xi64>
// CHECK-DAG: %[[M:.*]] = gnn.constant {gnn.bound = "edges_mask"} dense<[true, true, false]> : tensor<3xi1>
// CHECK: gnn.gather %arg0[%[[SRC]]]
// CHECK: gnn.scatter sum %{{.*}}, %[[DST]] mask %[[M]]
func.func @inference(%x: tensor<3x2xf32> {gnn.name = "x"},
                     %src: tensor<3xi64> {gnn.name = "src"},
                     %dst: tensor<3xi64> {gnn.name = "dst"},
                     %em: tensor<3xi1> {gnn.name = "edges_mask"}) -> tensor<3x2xf32> {
  %m = gnn.gather %x[%src] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
  %a = gnn.scatter sum %m, %dst mask %em : (tensor<3x2xf32>, tensor<3xi64>, tensor<3xi1>) -> tensor<3x2xf32>
  return %a : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @loss(
// CHECK-SAME: %arg0: tensor<3x2xf32> {gnn.name = "x"}, %arg1: tensor<3xi64> {gnn.name = "y"})
func.func @loss(%x: tensor<3x2xf32> {gnn.name = "x"},
                %src: tensor<3xi64> {gnn.name = "src"},
                %y: tensor<3xi64> {gnn.name = "y"}) -> tensor<3x2xf32> {
  %m = gnn.gather %x[%src] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
  return %m : tensor<3x2xf32>
}

// As a streamed input would: integer values bound to an f32 regression
// target [3, 1] are reshaped and converted.
// RUN: gnn-opt %s --split-input-file --gnn-bind-inputs="inputs=y=%S/Inputs/bind-src.npy" | FileCheck %s --check-prefix=TARGET
// TARGET-LABEL: func.func @regression(
// TARGET: gnn.constant {gnn.bound = "y"} dense<{{\[}}[0.000000e+00], [1.000000e+00], [2.000000e+00]]> : tensor<3x1xf32>

// -----

func.func @regression(%x: tensor<3x1xf32> {gnn.name = "x"},
                      %y: tensor<3x1xf32> {gnn.name = "y"}) -> tensor<3x1xf32> {
  %d = gnn.sub %x, %y : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
  return %d : tensor<3x1xf32>
}
