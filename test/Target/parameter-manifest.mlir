// RUN: gnn-translate --gnn-to-parameter-manifest %s | FileCheck %s
// RUN: gnn-translate --gnn-to-parameter-manifest %s | %python %S/Inputs/check_json.py

// CHECK:      "parameters": [
// CHECK:          "element_type": "f32",
// CHECK-NEXT:     "init": "glorot_uniform",
// CHECK-NEXT:     "name": "conv.weight",
// CHECK-NEXT:     "num_elements": 24,
// CHECK-NEXT:     "seed": 3,
// CHECK-NEXT:     "shape": [
// CHECK-NEXT:       4,
// CHECK-NEXT:       6
// CHECK-NEXT:     ],
// CHECK-NEXT:     "trainable": true
// CHECK:          "name": "bn.running_mean",
// CHECK:          "trainable": false
// CHECK:          "high": 0.25,
// CHECK-NEXT:     "init": "uniform",
// CHECK-NEXT:     "low": -0.25,
// CHECK-NEXT:     "name": "lin.bias",
// CHECK:        "total_elements": 36
gnn.parameter @conv.weight : tensor<4x6xf32> init glorot_uniform {seed = 3 : i64}
gnn.parameter @conv.bias : tensor<4xf32> init zeros
gnn.parameter @bn.running_mean : tensor<4xf32> init zeros {frozen}
gnn.parameter @lin.bias : tensor<4xf32> init uniform {low = -0.25 : f64, high = 0.25 : f64}

func.func @f() -> tensor<4xf32> {
  %b = gnn.get_parameter @conv.bias : tensor<4xf32>
  return %b : tensor<4xf32>
}
