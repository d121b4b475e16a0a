// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=src=%S/Inputs/bind-short.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=src=%S/Inputs/bind-float.npy" 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=srcc=%S/Inputs/bind-src.npy" 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=src" 2>&1 | FileCheck %s --check-prefix=PAIR
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=src=%S/Inputs/missing.npy" 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=dyn=%S/Inputs/bind-src.npy" 2>&1 | FileCheck %s --check-prefix=DYN
// RUN: not gnn-opt %s --gnn-bind-inputs="inputs=pair=%S/Inputs/bind-2x3.npy" 2>&1 | FileCheck %s --check-prefix=RESHAPE

// SHAPE: error: gnn-bind-inputs: input 'src' (argument #1) is 'tensor<3xi64>' but the bound value is [2] i64
// DTYPE: error: gnn-bind-inputs: input 'src' (argument #1) is 'tensor<3xi64>' but the bound value is [3] f32
// NAME: error: gnn-bind-inputs: no function takes an input named 'srcc'
// PAIR: error: gnn-bind-inputs: 'src' is not name=file.npy (e.g. inputs=src=src.npy)
// FILE: error: gnn-bind-inputs: input 'src': {{.*}}missing.npy
// DYN: error: gnn-bind-inputs: input 'dyn' has type 'tensor<?xi64>'; bind inputs after gnn-staticize, when shapes are static
// Only dimensions of 1 may differ: [2, 3] is not a [3, 2].
// RESHAPE: error: gnn-bind-inputs: input 'pair' (argument #3) is 'tensor<3x2xi64>' but the bound value is [2, 3] i64
func.func @f(%x: tensor<3x2xf32> {gnn.name = "x"},
             %src: tensor<3xi64> {gnn.name = "src"},
             %dyn: tensor<?xi64> {gnn.name = "dyn"},
             %pair: tensor<3x2xi64> {gnn.name = "pair"}) -> tensor<3x2xf32> {
  %m = gnn.gather %x[%src] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
  return %m : tensor<3x2xf32>
}
