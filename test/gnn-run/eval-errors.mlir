// Bad inputs get a clear message, a location or file name, and a non-zero exit.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not gnn-run eval %s --function gather_rows 2>&1 | FileCheck %s --check-prefix=NO-VALUE
// RUN: not gnn-run eval %s 2>&1 | FileCheck %s --check-prefix=WHICH
// RUN: not gnn-run eval %s --function nope 2>&1 | FileCheck %s --check-prefix=NO-FUNC
// RUN: gnn-run eval %s --function bad_index_data --output-dir %t
// RUN: not gnn-run eval %s --function gather_rows --input 0=%t/x.npy --input 1=%t/idx.npy 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not gnn-run eval %s --function gather_rows --input 0=%t/missing.npy --seed 1 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not gnn-run eval %s --function gather_rows --input 0=%s --seed 1 2>&1 | FileCheck %s --check-prefix=NOT-NPY
// RUN: not gnn-run eval %s --function gather_rows --input 0=%t/idx.npy --seed 1 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not gnn-run eval %s --function gather_rows --input 7=%t/x.npy 2>&1 | FileCheck %s --check-prefix=NO-ARG
// RUN: not gnn-run eval %s --function gather_rows --input x.npy 2>&1 | FileCheck %s --check-prefix=SPEC
// RUN: not gnn-run eval %t/nowhere.mlir 2>&1 | FileCheck %s --check-prefix=NO-FILE
// RUN: not gnn-run 2>&1 | FileCheck %s --check-prefix=NO-SUB

// NO-VALUE: error: argument #0 of 'gather_rows' has no value: pass --input 0=FILE.npy or --seed N
// WHICH: error: found 4 public functions; choose one with --function
// WHICH: note: candidate 'gather_rows'
// NO-FUNC: error: no function named 'nope'
// RANGE: eval-errors.mlir:[[@LINE+9]]:8: error: 'gnn.gather' op {{.*}}out of range
// MISSING: error: {{.*}}missing.npy
// NOT-NPY: error: {{.*}}eval-errors.mlir
// TYPE: error: argument #0: expected a value of type 'tensor<3x2xf32>', got i64 tensor of shape [2]
// NO-ARG: error: --input '7={{.*}}': function 'gather_rows' has no argument '7'
// SPEC: error: --input 'x.npy' must be ARG=FILE.npy
// NO-FILE: error: cannot open input file '{{.*}}nowhere.mlir': No such file or directory
// NO-SUB: gnn-run: give a subcommand (compile, train, infer, check, eval, train-ref or data)
func.func @gather_rows(%x: tensor<3x2xf32>, %i: tensor<2xi64>) -> tensor<2x2xf32> {
  %0 = gnn.gather %x[%i] : (tensor<3x2xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

func.func @bad_index_data() -> (tensor<3x2xf32> {gnn.name = "x"}, tensor<2xi64> {gnn.name = "idx"}) {
  %x = gnn.constant dense<1.0> : tensor<3x2xf32>
  %i = gnn.constant dense<[0, 3]> : tensor<2xi64>
  return %x, %i : tensor<3x2xf32>, tensor<2xi64>
}

// Shapes that types leave open are checked when the program runs.
// RUN: gnn-run eval %s --function edges4 --output-dir %t
// RUN: not gnn-run eval %s --function mp_dynamic --input 1=%t/s.npy --input 2=%t/d3.npy --seed 1 2>&1 | FileCheck %s --check-prefix=EDGES
// EDGES: error: 'gnn.message_passing' op src_index has 4 entries but dst_index has 3
func.func @edges4() -> (tensor<4xi64> {gnn.name = "s"}, tensor<3xi64> {gnn.name = "d3"}) {
  %s = gnn.constant dense<[0, 1, 2, 0]> : tensor<4xi64>
  %d = gnn.constant dense<[1, 1, 2]> : tensor<3xi64>
  return %s, %d : tensor<4xi64>, tensor<3xi64>
}
func.func @mp_dynamic(%x: tensor<3x2xf32>, %s: tensor<?xi64>, %d: tensor<?xi64>) -> tensor<3x2xf32> {
  %o = gnn.message_passing sum edges(%s, %d : tensor<?xi64>, tensor<?xi64>) sources(%x : tensor<3x2xf32>) -> tensor<3x2xf32> {
  ^bb0(%xj: tensor<?x2xf32>):
    gnn.yield %xj : tensor<?x2xf32>
  }
  return %o : tensor<3x2xf32>
}
