// RUN: gnn-opt %s --gnn-partition | FileCheck %s

// Node tables too tall for a tile and too many lookups to split by columns
// run on an L x S grid: S row blocks of the table, L lookup groups.
// CHECK-LABEL: func.func @tall
func.func @tall(%x: tensor<20001x16xf32>, %src: tensor<60001xi64>, %dst: tensor<60001xi64>) -> tensor<20001x16xf32> {
  // CHECK: gnn.gather {{.*}}bsp.plan = {blocks = {{[0-9]+}} : i64, groups = {{[0-9]+}} : i64, kind = "gather_grid"}
  %m = gnn.gather %x[%src] : (tensor<20001x16xf32>, tensor<60001xi64>) -> tensor<60001x16xf32>
  // CHECK: gnn.scatter {{.*}}bsp.plan = {blocks = {{[0-9]+}} : i64, groups = {{[0-9]+}} : i64, kind = "scatter_grid"}
  %a = gnn.scatter sum %m, %dst : (tensor<60001x16xf32>, tensor<60001xi64>) -> tensor<20001x16xf32>
  return %a : tensor<20001x16xf32>
}
