//===- StaticizeTest.cpp - gnn-staticize against the dynamic program ------===//
//
// Property tests of the dynamic-to-static pipeline (issue 3): for every
// pattern below, the dynamically shaped program is compiled once with
// gnn::buildStaticizePipeline, and then for 200 seeded random graphs or
// batches
//
//   evaluate(dynamic program, unpadded data)
//     == evaluate(static program, padded data)   on the real rows
//
// with |static - dynamic| <= 1e-6 * max(1, |dynamic|) elementwise (NaN
// matches NaN: an empty train mask gives a NaN mean loss in both).
//
// Padding follows PopTorch Geometric's conventions: padding at the end,
// padded nodes are zero rows, padded edges are self-loops on the last
// padding node (num_nodes_fixed - 1), padded nodes belong to the last graph
// (the null graph, num_graphs_fixed - 1), padded labels / targets are 0,
// padded train-mask entries false, and nodes_mask / edges_mask / graphs_mask
// are true for the real items. Arguments are bound by their gnn.name, so the
// mask arguments the pass appends are found whatever their position. The
// random data are drawn by the test's own std::mt19937_64, seeded per case.
//
// Node results are compared on the first N rows, graph results on the first
// G rows (G = max(batch) + 1, the dynamic program's count), everything else
// (losses, batch-norm statistics, reductions without rows) whole.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/InitAll.h"
#include "gnnc/Transforms/Passes.h"
#include "gtest/gtest.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using gnnrt::Tensor;

namespace {

constexpr int kSeeds = 200;
constexpr double kRelTol = 1e-6;

//===----------------------------------------------------------------------===//
// Programs
//===----------------------------------------------------------------------===//

// 1a. Two GCNConv layers (PyG's gcn_norm) with add_remaining_self_loops
// inside the layer, no edge weights; NLL loss on log_softmax(out)[train];
// mean and max over the node rows (the padded rows hold the bias).
const char *kGcnRemaining = R"mlir(
gnn.parameter @w1 : tensor<6x8xf32> init glorot_uniform {seed = 11 : i64}
gnn.parameter @b1 : tensor<6xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 12 : i64}
gnn.parameter @w2 : tensor<4x6xf32> init glorot_uniform {seed = 13 : i64}
gnn.parameter @b2 : tensor<4xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 14 : i64}
func.func @f(%x: tensor<?x8xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %y: tensor<?xi64> {gnn.name = "y"},
             %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32>, tensor<?xf32>, tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %s2, %d2 = gnn.add_self_loops remaining %src, %dst nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?x8xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  %deg = gnn.degree %d2 : (tensor<?xi64>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %ds = gnn.gather %dinv[%s2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %dd = gnn.gather %dinv[%d2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %norm = gnn.mul %ds, %dd : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %col = gnn.reshape %norm : tensor<?xf32> -> tensor<?x1xf32>
  %w1 = gnn.get_parameter @w1 : tensor<6x8xf32>
  %b1 = gnn.get_parameter @b1 : tensor<6xf32>
  %w2 = gnn.get_parameter @w2 : tensor<4x6xf32>
  %b2 = gnn.get_parameter @b2 : tensor<4xf32>
  %h1 = gnn.linear %x, %w1 : (tensor<?x8xf32>, tensor<6x8xf32>) -> tensor<?x6xf32>
  %a1 = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h1 : tensor<?x6xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x6xf32> {
  ^bb0(%hj: tensor<?x6xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x6xf32>, tensor<?x1xf32>) -> tensor<?x6xf32>
    gnn.yield %m : tensor<?x6xf32>
  }
  %o1 = gnn.add %a1, %b1 : (tensor<?x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %r1 = gnn.relu %o1 : tensor<?x6xf32>
  %h2 = gnn.linear %r1, %w2 : (tensor<?x6xf32>, tensor<4x6xf32>) -> tensor<?x4xf32>
  %a2 = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h2 : tensor<?x4xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x4xf32> {
  ^bb0(%hj: tensor<?x4xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %out = gnn.add %a2, %b2 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %logp = gnn.log_softmax %out axis 1 : tensor<?x4xf32>
  %sel = gnn.boolean_index %logp[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %loss = gnn.nll_loss mean %sel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  %mean = gnn.reduce mean %out dims [0] : tensor<?x4xf32> -> tensor<4xf32>
  %max = gnn.reduce max %out dims [0] : tensor<?x4xf32> -> tensor<4xf32>
  return %out, %deg, %loss, %mean, %max : tensor<?x4xf32>, tensor<?xf32>, tensor<f32>, tensor<4xf32>, tensor<4xf32>
}
)mlir";

// 1b. GCNConv with edge weights and add_remaining_self_loops (fill 2, the
// "improved" GCN): a node's existing self-loop keeps its (last) weight.
const char *kGcnRemainingWeighted = R"mlir(
gnn.parameter @w1 : tensor<4x8xf32> init glorot_uniform {seed = 21 : i64}
gnn.parameter @b1 : tensor<4xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 22 : i64}
func.func @f(%x: tensor<?x8xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %ew: tensor<?xf32> {gnn.name = "edge_weight"},
             %y: tensor<?xi64> {gnn.name = "y"},
             %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32>, tensor<?xf32>, tensor<f32>) {
  %s2, %d2, %w2 = gnn.add_self_loops remaining %src, %dst weights %ew nodes %x {fill_value = 2.0 : f64} : (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>, tensor<?x8xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  %deg = gnn.degree %d2 weights %w2 : (tensor<?xi64>, tensor<?xf32>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %ds = gnn.gather %dinv[%s2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %dd = gnn.gather %dinv[%d2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %n0 = gnn.mul %ds, %w2 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %norm = gnn.mul %n0, %dd : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %col = gnn.reshape %norm : tensor<?xf32> -> tensor<?x1xf32>
  %w1 = gnn.get_parameter @w1 : tensor<4x8xf32>
  %b1 = gnn.get_parameter @b1 : tensor<4xf32>
  %h1 = gnn.linear %x, %w1 : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %a1 = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h1 : tensor<?x4xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x4xf32> {
  ^bb0(%hj: tensor<?x4xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %out = gnn.add %a1, %b1 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %logp = gnn.log_softmax %out axis 1 : tensor<?x4xf32>
  %sel = gnn.boolean_index %logp[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %loss = gnn.nll_loss mean %sel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  return %out, %deg, %loss : tensor<?x4xf32>, tensor<?xf32>, tensor<f32>
}
)mlir";

// 1c. The other PyG flavour: add_self_loops (every node gets a loop, existing
// loops stay) with edge weights and fill 1.
const char *kGcnAllWeighted = R"mlir(
gnn.parameter @w1 : tensor<4x8xf32> init glorot_uniform {seed = 31 : i64}
gnn.parameter @b1 : tensor<4xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 32 : i64}
func.func @f(%x: tensor<?x8xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %ew: tensor<?xf32> {gnn.name = "edge_weight"},
             %y: tensor<?xi64> {gnn.name = "y"},
             %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32>, tensor<?xf32>, tensor<f32>) {
  %s2, %d2, %w2 = gnn.add_self_loops all %src, %dst weights %ew nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>, tensor<?x8xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  %deg = gnn.degree %d2 weights %w2 : (tensor<?xi64>, tensor<?xf32>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %ds = gnn.gather %dinv[%s2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %dd = gnn.gather %dinv[%d2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %n0 = gnn.mul %ds, %w2 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %norm = gnn.mul %n0, %dd : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %col = gnn.reshape %norm : tensor<?xf32> -> tensor<?x1xf32>
  %w1 = gnn.get_parameter @w1 : tensor<4x8xf32>
  %b1 = gnn.get_parameter @b1 : tensor<4xf32>
  %h1 = gnn.linear %x, %w1 : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %a1 = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h1 : tensor<?x4xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x4xf32> {
  ^bb0(%hj: tensor<?x4xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %out = gnn.add %a1, %b1 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %logp = gnn.log_softmax %out axis 1 : tensor<?x4xf32>
  %sel = gnn.boolean_index %logp[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %loss = gnn.nll_loss mean %sel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  return %out, %deg, %loss : tensor<?x4xf32>, tensor<?xf32>, tensor<f32>
}
)mlir";

// 2. x[train_mask] feeding cross_entropy with sum and mean reductions, and a
// mean over selected rows, in a node MLP with dropout (its keep decisions
// depend on the element position, which padding at the end preserves); and
// a cross-entropy over all node rows (the padding must be masked out).
const char *kMlpCrossEntropy = R"mlir(
gnn.parameter @w1 : tensor<6x8xf32> init kaiming_uniform {seed = 41 : i64}
gnn.parameter @b1 : tensor<6xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 42 : i64}
gnn.parameter @w2 : tensor<4x6xf32> init kaiming_uniform {seed = 43 : i64}
func.func @f(%x: tensor<?x8xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %y: tensor<?xi64> {gnn.name = "y"},
             %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32>, tensor<f32>, tensor<f32>, tensor<6xf32>, tensor<f32>) {
  %w1 = gnn.get_parameter @w1 : tensor<6x8xf32>
  %b1 = gnn.get_parameter @b1 : tensor<6xf32>
  %w2 = gnn.get_parameter @w2 : tensor<4x6xf32>
  %h = gnn.linear %x, %w1, %b1 : (tensor<?x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %t = gnn.tanh %h : tensor<?x6xf32>
  %r = gnn.dropout %t {p = 3.000000e-01 : f64, seed = 5 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %logits = gnn.linear %r, %w2 : (tensor<?x6xf32>, tensor<4x6xf32>) -> tensor<?x4xf32>
  %lsel = gnn.boolean_index %logits[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %lsum = gnn.cross_entropy sum %lsel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  %lmean = gnn.cross_entropy mean %lsel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  %rsel = gnn.boolean_index %r[%train] : (tensor<?x6xf32>, tensor<?xi1>) -> tensor<?x6xf32>
  %rmean = gnn.reduce mean %rsel dims [0] : tensor<?x6xf32> -> tensor<6xf32>
  %all = gnn.cross_entropy mean %logits, %y : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  return %logits, %lsum, %lmean, %rmean, %all : tensor<?x4xf32>, tensor<f32>, tensor<f32>, tensor<6xf32>, tensor<f32>
}
)mlir";

// 3. Graph classification: GCN layer (add_self_loops all), global mean
// pooling without a size (tensor<?x8xf32>), cross-entropy over graphs; also
// global max pooling of values of both signs, graph sizes (degree of batch)
// and a mean scatter into graphs, all without a size.
// FUNC_ATTRS is replaced by nothing (sizes from the pipeline options) or by
// the gnn.num_* function attributes (sizes from the function).
const char *kGraphClassification = R"mlir(
gnn.parameter @w1 : tensor<8x5xf32> init glorot_uniform {seed = 51 : i64}
gnn.parameter @b1 : tensor<8xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 52 : i64}
gnn.parameter @w2 : tensor<3x8xf32> init kaiming_uniform {seed = 53 : i64}
gnn.parameter @b2 : tensor<3xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 54 : i64}
func.func @f(%x: tensor<?x5xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %batch: tensor<?xi64> {gnn.name = "batch"},
             %gy: tensor<?xi64> {gnn.name = "graph_y", gnn.rows = "graphs"})
    -> (tensor<?x8xf32>, tensor<?x3xf32>, tensor<f32>, tensor<?x8xf32>, tensor<?xf32>, tensor<?x8xf32>) FUNC_ATTRS {
  %s2, %d2 = gnn.add_self_loops all %src, %dst nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?x5xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  %deg = gnn.degree %d2 : (tensor<?xi64>) -> tensor<?xf32>
  %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<?xf32>
  %ds = gnn.gather %dinv[%s2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %dd = gnn.gather %dinv[%d2] : (tensor<?xf32>, tensor<?xi64>) -> tensor<?xf32>
  %norm = gnn.mul %ds, %dd : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %col = gnn.reshape %norm : tensor<?xf32> -> tensor<?x1xf32>
  %w1 = gnn.get_parameter @w1 : tensor<8x5xf32>
  %b1 = gnn.get_parameter @b1 : tensor<8xf32>
  %w2 = gnn.get_parameter @w2 : tensor<3x8xf32>
  %b2 = gnn.get_parameter @b2 : tensor<3xf32>
  %h = gnn.linear %x, %w1 : (tensor<?x5xf32>, tensor<8x5xf32>) -> tensor<?x8xf32>
  %agg = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h : tensor<?x8xf32>) edge_data(%col : tensor<?x1xf32>) -> tensor<?x8xf32> {
  ^bb0(%hj: tensor<?x8xf32>, %n: tensor<?x1xf32>):
    %m = gnn.mul %hj, %n : (tensor<?x8xf32>, tensor<?x1xf32>) -> tensor<?x8xf32>
    gnn.yield %m : tensor<?x8xf32>
  }
  %o = gnn.add %agg, %b1 : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %r = gnn.relu %o : tensor<?x8xf32>
  %g = gnn.global_pool mean %r, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  %logits = gnn.linear %g, %w2, %b2 : (tensor<?x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %loss = gnn.cross_entropy mean %logits, %gy : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  %gmax = gnn.global_pool max %o, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  %sizes = gnn.degree %batch : (tensor<?xi64>) -> tensor<?xf32>
  %smean = gnn.scatter mean %h, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  return %g, %logits, %loss, %gmax, %sizes, %smean : tensor<?x8xf32>, tensor<?x3xf32>, tensor<f32>, tensor<?x8xf32>, tensor<?xf32>, tensor<?x8xf32>
}
)mlir";

// 4a. The seeds' graph regression exactly as in staticize-seeds.mlir
// (message passing without self-loops, global mean pooling without a size,
// MSE mean), with gnn.name on the arguments so the test can bind them.
const char *kSeedRegression = R"mlir(
func.func @f(%x: tensor<?x3xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %batch: tensor<?xi64> {gnn.name = "batch"},
             %y: tensor<?x1xf32> {gnn.name = "graph_target", gnn.rows = "graphs"},
             %w: tensor<8x3xf32> {gnn.name = "w"},
             %w2: tensor<1x8xf32> {gnn.name = "w2"}) -> (tensor<?x1xf32>, tensor<f32>) {
  %h = gnn.linear %x, %w : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<?x8xf32>
  %agg = gnn.message_passing sum edges(%src, %dst : tensor<?xi64>, tensor<?xi64>) sources(%h : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%hj: tensor<?x8xf32>):
    gnn.yield %hj : tensor<?x8xf32>
  }
  %r = gnn.relu %agg : tensor<?x8xf32>
  %g = gnn.global_pool mean %r, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  %p = gnn.linear %g, %w2 : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x1xf32>
  %l = gnn.mse_loss mean %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %p, %l : tensor<?x1xf32>, tensor<f32>
}
)mlir";

// 4b. Graph regression with global add pooling after a GCN layer: MSE mean
// (normalised by the real graphs), MSE sum and L1 mean over graphs; and an
// attention readout (segment softmax of a gate over the nodes of each graph,
// PyG's AttentionalAggregation).
const char *kAddPoolRegression = R"mlir(
gnn.parameter @w1 : tensor<8x5xf32> init glorot_uniform {seed = 61 : i64}
gnn.parameter @w2 : tensor<2x8xf32> init kaiming_uniform {seed = 62 : i64}
gnn.parameter @b2 : tensor<2xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 63 : i64}
gnn.parameter @gate : tensor<1x8xf32> init glorot_uniform {seed = 64 : i64}
func.func @f(%x: tensor<?x5xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %batch: tensor<?xi64> {gnn.name = "batch"},
             %t: tensor<?x2xf32> {gnn.name = "graph_target", gnn.rows = "graphs"})
    -> (tensor<?x2xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x8xf32>) {
  %s2, %d2 = gnn.add_self_loops all %src, %dst nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?x5xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  %w1 = gnn.get_parameter @w1 : tensor<8x5xf32>
  %w2 = gnn.get_parameter @w2 : tensor<2x8xf32>
  %b2 = gnn.get_parameter @b2 : tensor<2xf32>
  %h = gnn.linear %x, %w1 : (tensor<?x5xf32>, tensor<8x5xf32>) -> tensor<?x8xf32>
  %agg = gnn.message_passing mean edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>) sources(%h : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%hj: tensor<?x8xf32>):
    gnn.yield %hj : tensor<?x8xf32>
  }
  %r = gnn.relu %agg : tensor<?x8xf32>
  %g = gnn.global_pool sum %r, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  %p = gnn.linear %g, %w2, %b2 : (tensor<?x8xf32>, tensor<2x8xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %mse = gnn.mse_loss mean %p, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  %sse = gnn.mse_loss sum %p, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  %l1 = gnn.l1_loss mean %p, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  %wg = gnn.get_parameter @gate : tensor<1x8xf32>
  %score = gnn.linear %r, %wg : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x1xf32>
  %att = gnn.segment_softmax %score, %batch segments 6 : (tensor<?x1xf32>, tensor<?xi64>) -> tensor<?x1xf32>
  %weighted = gnn.mul %r, %att : (tensor<?x8xf32>, tensor<?x1xf32>) -> tensor<?x8xf32>
  %ga = gnn.global_pool sum %weighted, %batch : (tensor<?x8xf32>, tensor<?xi64>) -> tensor<?x8xf32>
  return %p, %mse, %sse, %l1, %ga : tensor<?x2xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x8xf32>
}
)mlir";

// 5. GAT-style attention (segment softmax over the incoming edges of each
// node, with self-loops), a max aggregation, batch norm in training mode over
// the nodes, and cross-entropy on x[train_mask]. segments = the fixed node
// count, an upper bound for both programs.
const char *kGatBatchNorm = R"mlir(
gnn.parameter @w : tensor<4x6xf32> init glorot_uniform {seed = 71 : i64}
gnn.parameter @att_src : tensor<1x4xf32> init glorot_uniform {seed = 72 : i64}
gnn.parameter @att_dst : tensor<1x4xf32> init glorot_uniform {seed = 73 : i64}
gnn.parameter @gamma : tensor<4xf32> init uniform {low = 0.5 : f64, high = 1.5 : f64, seed = 74 : i64}
gnn.parameter @beta : tensor<4xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64, seed = 75 : i64}
gnn.parameter @running_mean : tensor<4xf32> init zeros {frozen}
gnn.parameter @running_var : tensor<4xf32> init ones {frozen}
func.func @f(%x: tensor<?x6xf32> {gnn.name = "x", gnn.rows = "nodes"},
             %src: tensor<?xi64> {gnn.name = "src", gnn.rows = "edges"},
             %dst: tensor<?xi64> {gnn.name = "dst"},
             %y: tensor<?xi64> {gnn.name = "y"},
             %train: tensor<?xi1> {gnn.name = "train_mask"})
    -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<f32>) {
  %s2, %d2 = gnn.add_self_loops remaining %src, %dst nodes %x : (tensor<?xi64>, tensor<?xi64>, tensor<?x6xf32>) -> (tensor<?xi64>, tensor<?xi64>)
  %w = gnn.get_parameter @w : tensor<4x6xf32>
  %as = gnn.get_parameter @att_src : tensor<1x4xf32>
  %ad = gnn.get_parameter @att_dst : tensor<1x4xf32>
  %gamma = gnn.get_parameter @gamma : tensor<4xf32>
  %beta = gnn.get_parameter @beta : tensor<4xf32>
  %rm = gnn.get_parameter @running_mean : tensor<4xf32>
  %rv = gnn.get_parameter @running_var : tensor<4xf32>
  %h = gnn.linear %x, %w : (tensor<?x6xf32>, tensor<4x6xf32>) -> tensor<?x4xf32>
  %hj = gnn.gather %h[%s2] : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x4xf32>
  %hi = gnn.gather %h[%d2] : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<?x4xf32>
  %ej = gnn.linear %hj, %as : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x1xf32>
  %ei = gnn.linear %hi, %ad : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x1xf32>
  %e = gnn.add %ej, %ei : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  %e2 = gnn.leaky_relu %e {negative_slope = 2.000000e-01 : f64} : tensor<?x1xf32>
  %alpha = gnn.segment_softmax %e2, %d2 segments 16 : (tensor<?x1xf32>, tensor<?xi64>) -> tensor<?x1xf32>
  %att = gnn.message_passing sum edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h : tensor<?x4xf32>) edge_data(%alpha : tensor<?x1xf32>) -> tensor<?x4xf32> {
  ^bb0(%xj: tensor<?x4xf32>, %a: tensor<?x1xf32>):
    %m = gnn.mul %xj, %a : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %mx = gnn.message_passing max edges(%s2, %d2 : tensor<?xi64>, tensor<?xi64>)
      sources(%h : tensor<?x4xf32>) targets(%h : tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%xj: tensor<?x4xf32>, %xi: tensor<?x4xf32>):
    %m = gnn.sub %xj, %xi : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    gnn.yield %m : tensor<?x4xf32>
  }
  %sum = gnn.add %att, %mx : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %bn, %nm, %nv = gnn.batch_norm %sum, %gamma, %beta, %rm, %rv {training} : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>)
  %act = gnn.elu %bn : tensor<?x4xf32>
  %sel = gnn.boolean_index %act[%train] : (tensor<?x4xf32>, tensor<?xi1>) -> tensor<?x4xf32>
  %ysel = gnn.boolean_index %y[%train] : (tensor<?xi64>, tensor<?xi1>) -> tensor<?xi64>
  %loss = gnn.cross_entropy mean %sel, %ysel : (tensor<?x4xf32>, tensor<?xi64>) -> tensor<f32>
  return %bn, %nm, %nv, %loss : tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<f32>
}
)mlir";

std::string replaced(std::string text, const std::string &key,
                     const std::string &value) {
  size_t at = text.find(key);
  if (at != std::string::npos)
    text.replace(at, key.size(), value);
  return text;
}

std::string replaceAll(std::string text, const std::string &key,
                       const std::string &value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

//===----------------------------------------------------------------------===//
// Random graphs and batches
//===----------------------------------------------------------------------===//

/// What a pattern needs from its data.
struct DataSpec {
  int64_t numNodes = 16;  // fixed sizes
  int64_t numEdges = 48;
  int64_t numGraphs = 0;  // 0: not a batch of graphs
  int64_t minRealNodes = 1;
  int64_t features = 8;
  int64_t classes = 4;         // node labels y (0: none)
  int64_t graphClasses = 0;    // graph labels graph_y (0: none)
  int64_t graphTargets = 0;    // width of graph_target (0: none)
  bool edgeWeights = false;
  bool edges = true;
  bool trainMask = true;
  /// The dynamic program sizes a message passing result by max(dst) + 1
  /// (gnn's rule for a `?` result) and then combines it with node rows:
  /// the last node must receive an edge for the program to be well formed.
  bool lastNodeReceives = false;
  /// Weight arguments w [8, features] and w2 [1, 8] (pattern 4a).
  bool weightArguments = false;
};

/// One random graph (or batch of graphs), unpadded.
struct Sample {
  int64_t n = 0, e = 0, g = 0;
  std::vector<float> x;
  std::vector<int64_t> src, dst, batch, y, graphY;
  std::vector<float> edgeWeight, graphTarget, w, w2;
  std::vector<bool> train;
};

class Rng {
public:
  explicit Rng(uint64_t seed) : engine(seed) {}
  int64_t uniformInt(int64_t lo, int64_t hi) { // [lo, hi]
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine);
  }
  float uniform(float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(engine);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(engine); }

private:
  std::mt19937_64 engine;
};

/// Edges among `nodes` (global ids): self-loops, duplicates and isolated
/// nodes on purpose.
void addEdges(Rng &rng, const std::vector<int64_t> &nodes, int64_t count,
              Sample &s) {
  if (nodes.empty() || count <= 0)
    return;
  // Some nodes stay isolated (when at least one other remains).
  std::vector<int64_t> active;
  for (int64_t v : nodes)
    if (!rng.chance(0.2))
      active.push_back(v);
  if (active.empty())
    active = nodes;
  size_t first = s.src.size();
  for (int64_t i = 0; i < count; ++i) {
    int64_t a, b;
    double kind = rng.uniform(0.0f, 1.0f);
    if (kind < 0.15) { // a self-loop (sometimes several on one node)
      a = b = active[rng.uniformInt(0, active.size() - 1)];
    } else if (kind < 0.3 && s.src.size() > first) { // a duplicate edge
      size_t k = rng.uniformInt(first, s.src.size() - 1);
      a = s.src[k];
      b = s.dst[k];
    } else {
      a = active[rng.uniformInt(0, active.size() - 1)];
      b = active[rng.uniformInt(0, active.size() - 1)];
    }
    s.src.push_back(a);
    s.dst.push_back(b);
  }
}

Sample generate(const DataSpec &spec, uint64_t seed) {
  Rng rng(seed * 0x9E3779B97F4A7C15ull + 12345);
  Sample s;
  // The last node (num_nodes_fixed - 1) is always padding: padded edges
  // are self-loops on it, so real data leave at least one padding node.
  int64_t maxNodes = spec.numNodes - 1;
  int64_t edgeBudget = spec.numEdges - (spec.lastNodeReceives ? 1 : 0);
  if (spec.numGraphs == 0) {
    s.n = rng.uniformInt(spec.minRealNodes, maxNodes);
    if (spec.edges) {
      std::vector<int64_t> nodes(s.n);
      for (int64_t i = 0; i < s.n; ++i)
        nodes[i] = i;
      int64_t count = rng.chance(0.08) ? 0 : rng.uniformInt(1, edgeBudget);
      addEdges(rng, nodes, count, s);
    }
  } else {
    // Several small graphs; the null graph (num_graphs_fixed - 1) is
    // padding. Middle graphs may be empty; the last real one never is (the
    // dynamic program counts graphs as max(batch) + 1).
    int64_t maxGraphs = spec.numGraphs - 1;
    int64_t graphs = rng.uniformInt(1, maxGraphs);
    std::vector<int64_t> sizes;
    for (int64_t g = 0; g < graphs; ++g)
      sizes.push_back(g + 1 < graphs && rng.chance(0.1)
                          ? 0
                          : rng.uniformInt(1, 8));
    auto total = [&] {
      int64_t t = 0;
      for (int64_t v : sizes)
        t += v;
      return t;
    };
    while (total() > maxNodes)
      sizes.pop_back();
    while (!sizes.empty() && sizes.back() == 0)
      sizes.pop_back();
    if (sizes.empty())
      sizes.push_back(1);
    s.g = sizes.size();
    int64_t next = 0;
    for (int64_t g = 0; g < s.g; ++g) {
      std::vector<int64_t> nodes;
      for (int64_t i = 0; i < sizes[g]; ++i) {
        nodes.push_back(next++);
        s.batch.push_back(g);
      }
      int64_t room = edgeBudget - static_cast<int64_t>(s.src.size());
      int64_t count = std::min(room, rng.uniformInt(0, 2 * sizes[g]));
      if (spec.edges)
        addEdges(rng, nodes, count, s);
    }
    s.n = next;
  }
  if (spec.lastNodeReceives) {
    bool receives = std::find(s.dst.begin(), s.dst.end(), s.n - 1) !=
                    s.dst.end();
    if (!receives) {
      // From a node of the same graph (itself when it is alone).
      int64_t from = s.n - 1;
      if (!s.batch.empty()) {
        int64_t first = s.n - 1;
        while (first > 0 && s.batch[first - 1] == s.batch[s.n - 1])
          --first;
        from = rng.uniformInt(first, s.n - 1);
      } else {
        from = rng.uniformInt(0, s.n - 1);
      }
      s.src.push_back(from);
      s.dst.push_back(s.n - 1);
    }
  }
  s.e = s.src.size();
  for (int64_t i = 0; i < s.e; ++i)
    s.edgeWeight.push_back(rng.uniform(0.1f, 2.0f));
  for (int64_t i = 0; i < s.n * spec.features; ++i)
    s.x.push_back(rng.uniform(-1.0f, 1.0f));
  if (spec.classes > 0)
    for (int64_t i = 0; i < s.n; ++i)
      s.y.push_back(rng.uniformInt(0, spec.classes - 1));
  // Sometimes nothing is in the training set: the mean loss is NaN.
  bool noneTrain = rng.chance(0.08);
  for (int64_t i = 0; i < s.n; ++i)
    s.train.push_back(!noneTrain && rng.chance(0.5));
  if (spec.graphClasses > 0)
    for (int64_t g = 0; g < s.g; ++g)
      s.graphY.push_back(rng.uniformInt(0, spec.graphClasses - 1));
  for (int64_t i = 0; i < s.g * spec.graphTargets; ++i)
    s.graphTarget.push_back(rng.uniform(-1.0f, 1.0f));
  if (spec.weightArguments) {
    for (int64_t i = 0; i < 8 * spec.features; ++i)
      s.w.push_back(rng.uniform(-1.0f, 1.0f));
    for (int64_t i = 0; i < 8; ++i)
      s.w2.push_back(rng.uniform(-1.0f, 1.0f));
  }
  return s;
}

template <typename T>
std::vector<T> padded(std::vector<T> v, size_t size, T fill) {
  v.resize(size, fill);
  return v;
}

std::vector<bool> firstTrue(int64_t count, int64_t size) {
  std::vector<bool> m(size, false);
  for (int64_t i = 0; i < count; ++i)
    m[i] = true;
  return m;
}

/// The arguments by gnn.name: unpadded for the dynamic program, padded with
/// PopTorch Geometric's conventions (and the masks) for the static one.
std::map<std::string, Tensor> namedArguments(const DataSpec &spec,
                                             const Sample &s, bool pad) {
  int64_t n = pad ? spec.numNodes : s.n;
  int64_t e = pad ? spec.numEdges : s.e;
  int64_t g = pad ? spec.numGraphs : s.g;
  int64_t padNode = spec.numNodes - 1;
  int64_t nullGraph = spec.numGraphs - 1;
  std::map<std::string, Tensor> args;
  args["x"] = Tensor::fromF32({n, spec.features},
                              padded(s.x, n * spec.features, 0.0f));
  if (spec.edges) {
    args["src"] = Tensor::fromI64({e}, padded(s.src, e, padNode));
    args["dst"] = Tensor::fromI64({e}, padded(s.dst, e, padNode));
    if (spec.edgeWeights)
      args["edge_weight"] =
          Tensor::fromF32({e}, padded(s.edgeWeight, e, 0.0f));
  }
  if (spec.classes > 0)
    args["y"] = Tensor::fromI64({n}, padded(s.y, n, int64_t{0}));
  if (spec.trainMask)
    args["train_mask"] = Tensor::fromBool({n}, padded(s.train, n, false));
  if (spec.numGraphs > 0) {
    args["batch"] = Tensor::fromI64({n}, padded(s.batch, n, nullGraph));
    if (spec.graphClasses > 0)
      args["graph_y"] = Tensor::fromI64({g}, padded(s.graphY, g, int64_t{0}));
    if (spec.graphTargets > 0)
      args["graph_target"] = Tensor::fromF32(
          {g, spec.graphTargets},
          padded(s.graphTarget, g * spec.graphTargets, 0.0f));
  }
  if (spec.weightArguments) {
    args["w"] = Tensor::fromF32({8, spec.features}, s.w);
    args["w2"] = Tensor::fromF32({1, 8}, s.w2);
  }
  if (pad) {
    args["nodes_mask"] = Tensor::fromBool({n}, firstTrue(s.n, n));
    if (spec.edges)
      args["edges_mask"] = Tensor::fromBool({e}, firstTrue(s.e, e));
    if (spec.numGraphs > 0)
      args["graphs_mask"] = Tensor::fromBool({g}, firstTrue(s.g, g));
  }
  return args;
}

std::string describe(const Sample &s) {
  std::ostringstream os;
  os << "N=" << s.n << " E=" << s.e << " G=" << s.g << " src=[";
  for (int64_t v : s.src)
    os << v << " ";
  os << "] dst=[";
  for (int64_t v : s.dst)
    os << v << " ";
  os << "]";
  if (!s.batch.empty()) {
    os << " batch=[";
    for (int64_t v : s.batch)
      os << v << " ";
    os << "]";
  }
  os << " train=[";
  for (bool b : s.train)
    os << b;
  os << "]";
  return os.str();
}

//===----------------------------------------------------------------------===//
// The property
//===----------------------------------------------------------------------===//

/// How often the random data hit the corner cases (reported, and checked
/// to be reached).
struct Coverage {
  int noEdges = 0, noTrain = 0, selfLoops = 0, duplicates = 0, isolated = 0,
      emptyGraphs = 0, maxGraphs = 0, paddedEdges = 0, nanResults = 0;

  void add(const DataSpec &spec, const Sample &s) {
    noEdges += spec.edges && s.e == 0;
    noTrain += std::none_of(s.train.begin(), s.train.end(),
                            [](bool b) { return b; });
    paddedEdges += s.e < spec.numEdges;
    bool loop = false, dup = false;
    std::vector<bool> touched(s.n, false);
    for (int64_t i = 0; i < s.e; ++i) {
      loop |= s.src[i] == s.dst[i];
      touched[s.src[i]] = touched[s.dst[i]] = true;
      for (int64_t j = 0; j < i && !dup; ++j)
        dup = s.src[i] == s.src[j] && s.dst[i] == s.dst[j];
    }
    selfLoops += loop;
    duplicates += dup;
    isolated += spec.edges &&
                std::count(touched.begin(), touched.end(), false) > 0;
    if (spec.numGraphs > 0) {
      std::vector<int64_t> sizes(s.g, 0);
      for (int64_t b : s.batch)
        ++sizes[b];
      emptyGraphs += std::count(sizes.begin(), sizes.end(), 0) > 0;
      maxGraphs += s.g == spec.numGraphs - 1;
    }
  }

  std::string str() const {
    std::ostringstream os;
    os << "with self-loops " << selfLoops << ", duplicate edges "
       << duplicates << ", isolated nodes " << isolated << ", no edges "
       << noEdges << ", padded edges " << paddedEdges << ", empty train mask "
       << noTrain << ", an empty graph " << emptyGraphs
       << ", all real graph slots used " << maxGraphs
       << "; NaN == NaN elements " << nanResults;
    return os.str();
  }
};

/// Which rows of a result are real. `graphIndexed` is a scatter or degree
/// by the batch vector without a size: the dynamic program has
/// max(batch) + 1 rows, the static one whatever gnn-infer-static-sizes
/// chose (documented: the num-nodes size when the graph does not tell, so
/// 32 here rather than num-graphs); the first G rows are compared.
enum class Rows { nodes, graphs, graphIndexed, all };

struct Pattern {
  std::string name;
  std::string source;
  mlir::gnn::StaticizeOptions options;
  DataSpec data;
  std::vector<Rows> results;
  /// gnn.name of the arguments the pass appends, in order.
  std::vector<std::string> appendedMasks;
};

class StaticizeProperty : public ::testing::Test {
protected:
  StaticizeProperty() {
    mlir::DialectRegistry registry;
    gnnc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  void check(const Pattern &p);

  mlir::MLIRContext context;
};

std::string typeString(mlir::Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

/// Values of `fn` whose type still has a dynamic dimension.
std::vector<std::string> dynamicValues(mlir::func::FuncOp fn) {
  std::vector<std::string> found;
  auto isDynamic = [](mlir::Type t) {
    auto shaped = llvm::dyn_cast<mlir::ShapedType>(t);
    return shaped && !shaped.hasStaticShape();
  };
  for (mlir::Type t : fn.getFunctionType().getInputs())
    if (isDynamic(t))
      found.push_back("argument " + typeString(t));
  for (mlir::Type t : fn.getFunctionType().getResults())
    if (isDynamic(t))
      found.push_back("result " + typeString(t));
  fn.walk([&](mlir::Operation *op) {
    for (mlir::Value v : op->getResults())
      if (isDynamic(v.getType()))
        found.push_back(op->getName().getStringRef().str() + " -> " +
                        typeString(v.getType()));
    for (mlir::Region &r : op->getRegions())
      for (mlir::Block &b : r)
        for (mlir::BlockArgument a : b.getArguments())
          if (isDynamic(a.getType()))
            found.push_back("block argument of " +
                            op->getName().getStringRef().str() + " " +
                            typeString(a.getType()));
  });
  return found;
}

/// Arguments of `fn` in order, looked up by their gnn.name.
bool bindByName(mlir::func::FuncOp fn,
                const std::map<std::string, Tensor> &named,
                std::vector<Tensor> &out, std::string &error) {
  out.clear();
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    auto name = fn.getArgAttrOfType<mlir::StringAttr>(i, "gnn.name");
    if (!name) {
      error = "argument #" + std::to_string(i) + " has no gnn.name";
      return false;
    }
    auto it = named.find(name.getValue().str());
    if (it == named.end()) {
      error = "no data for argument '" + name.getValue().str() + "'";
      return false;
    }
    // Index and label arguments are generated as i64; a program over i32
    // indices gets them converted.
    auto type = llvm::cast<mlir::RankedTensorType>(fn.getArgumentTypes()[i]);
    if (type.getElementType().isInteger(32) &&
        it->second.dtype() == gnnrt::DType::kI64) {
      std::vector<int32_t> values;
      for (int64_t v : it->second.data<int64_t>())
        values.push_back(static_cast<int32_t>(v));
      out.push_back(Tensor::fromI32(it->second.shape(), std::move(values)));
      continue;
    }
    out.push_back(it->second);
  }
  return true;
}

void StaticizeProperty::check(const Pattern &p) {
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return mlir::success();
  });

  // The dynamic program and its static compilation (once per pattern).
  mlir::OwningOpRef<mlir::ModuleOp> dynamicModule =
      mlir::parseSourceString<mlir::ModuleOp>(p.source, &context);
  ASSERT_TRUE(dynamicModule) << p.name << ": parse error\n" << diagnostics;
  auto dynamicFn = dynamicModule->lookupSymbol<mlir::func::FuncOp>("f");
  ASSERT_TRUE(dynamicFn);
  ASSERT_FALSE(dynamicValues(dynamicFn).empty())
      << p.name << ": the program should be dynamic";

  mlir::OwningOpRef<mlir::ModuleOp> staticModule = dynamicModule->clone();
  mlir::PassManager pm(&context);
  mlir::gnn::buildStaticizePipeline(pm, p.options);
  ASSERT_TRUE(mlir::succeeded(pm.run(*staticModule)))
      << p.name << ": gnn-staticize failed\n" << diagnostics;
  auto staticFn = staticModule->lookupSymbol<mlir::func::FuncOp>("f");
  ASSERT_TRUE(staticFn);
  std::vector<std::string> dynamic = dynamicValues(staticFn);
  std::string printed;
  {
    llvm::raw_string_ostream os(printed);
    staticModule->print(os);
  }
  ASSERT_TRUE(dynamic.empty())
      << p.name << ": dynamic after gnn-staticize: " << dynamic.front()
      << "\n" << printed;

  // The pass appends the masks after the user's arguments, named by
  // gnn.name (bound by name below, whatever their position).
  unsigned userArgs = dynamicFn.getNumArguments();
  ASSERT_EQ(staticFn.getNumArguments(), userArgs + p.appendedMasks.size())
      << p.name << "\n" << printed;
  for (size_t i = 0; i < p.appendedMasks.size(); ++i) {
    auto name =
        staticFn.getArgAttrOfType<mlir::StringAttr>(userArgs + i, "gnn.name");
    ASSERT_TRUE(name) << p.name << ": appended argument " << i;
    EXPECT_EQ(name.getValue().str(), p.appendedMasks[i]) << p.name;
  }
  ASSERT_EQ(staticFn.getNumResults(), p.results.size());
  ASSERT_EQ(dynamicFn.getNumResults(), p.results.size());

  auto dynamicParams = gnnc::initializeParameters(*dynamicModule);
  ASSERT_TRUE(mlir::succeeded(dynamicParams)) << diagnostics;
  auto staticParams = gnnc::initializeParameters(*staticModule);
  ASSERT_TRUE(mlir::succeeded(staticParams)) << diagnostics;

  double maxRel = 0.0;
  int failures = 0;
  Coverage cover;
  for (int seed = 0; seed < kSeeds && failures < 5; ++seed) {
    Sample s = generate(p.data, seed);
    cover.add(p.data, s);
    std::string where = p.name + " seed " + std::to_string(seed) + " (" +
                        describe(s) + ")";
    std::vector<Tensor> dynArgs, staticArgs;
    std::string error;
    ASSERT_TRUE(bindByName(dynamicFn, namedArguments(p.data, s, false),
                           dynArgs, error))
        << where << ": " << error;
    ASSERT_TRUE(bindByName(staticFn, namedArguments(p.data, s, true),
                           staticArgs, error))
        << where << ": " << error;

    diagnostics.clear();
    auto expected =
        gnnc::evaluateFunction(dynamicFn, dynArgs, *dynamicParams);
    if (mlir::failed(expected)) {
      ADD_FAILURE() << where << ": the dynamic program failed\n"
                    << diagnostics;
      ++failures;
      continue;
    }
    auto actual = gnnc::evaluateFunction(staticFn, staticArgs, *staticParams);
    if (mlir::failed(actual)) {
      ADD_FAILURE() << where << ": the static program failed\n"
                    << diagnostics;
      ++failures;
      continue;
    }

    for (size_t r = 0; r < p.results.size(); ++r) {
      const Tensor &want = (*expected)[r];
      const Tensor &got = (*actual)[r];
      std::string at = where + " result #" + std::to_string(r);
      int64_t real = want.rank() == 0 ? 1 : want.dim(0);
      if (p.results[r] == Rows::nodes) {
        real = s.n;
        ASSERT_EQ(want.dim(0), s.n) << at << ": dynamic node rows";
        ASSERT_EQ(got.dim(0), p.data.numNodes) << at << ": static node rows";
      } else if (p.results[r] == Rows::graphs) {
        real = s.g;
        ASSERT_EQ(want.dim(0), s.g) << at << ": dynamic graph rows";
        ASSERT_EQ(got.dim(0), p.data.numGraphs) << at << ": static graph rows";
      } else if (p.results[r] == Rows::graphIndexed) {
        real = s.g;
        ASSERT_EQ(want.dim(0), s.g) << at << ": dynamic graph rows";
        ASSERT_GE(got.dim(0), p.data.numGraphs) << at << ": static rows";
      } else {
        ASSERT_EQ(want.shape(), got.shape()) << at;
      }
      ASSERT_EQ(want.rank(), got.rank()) << at;
      for (int64_t d = 1; d < want.rank(); ++d)
        ASSERT_EQ(want.dim(d), got.dim(d)) << at;
      int64_t rowSize = 1;
      for (int64_t d = 1; d < want.rank(); ++d)
        rowSize *= want.dim(d);
      int64_t count = want.rank() == 0 ? 1 : real * rowSize;
      bool resultOk = true;
      for (int64_t i = 0; i < count && resultOk; ++i) {
        double b = want.floatAt(i), a = got.floatAt(i);
        if (std::isnan(a) && std::isnan(b)) {
          ++cover.nanResults;
          continue;
        }
        double rel = std::fabs(a - b) / std::max(1.0, std::fabs(b));
        if (!(rel <= kRelTol)) { // also catches a NaN on one side only
          ADD_FAILURE() << at << " element " << i << " (row " << i / rowSize
                        << "): static " << a << " vs dynamic " << b
                        << " (|a-b| / max(1,|b|) = " << rel << ")";
          resultOk = false;
          ++failures;
        }
        if (!std::isnan(rel))
          maxRel = std::max(maxRel, rel);
      }
    }
  }
  if (failures)
    ADD_FAILURE() << p.name << ": static program:\n" << printed;
  std::cout << "[ property ] " << p.name << ": " << kSeeds
            << " seeds, max |static - dynamic| / max(1, |dynamic|) = "
            << maxRel << "\n             data: " << cover.str() << "\n";
  // The generator must reach the corner cases the property is about.
  if (p.data.edges) {
    EXPECT_GT(cover.selfLoops, 0) << p.name;
    EXPECT_GT(cover.duplicates, 0) << p.name;
    EXPECT_GT(cover.isolated, 0) << p.name;
    EXPECT_GT(cover.paddedEdges, 0) << p.name;
  }
  if (p.data.numGraphs == 0) {
    EXPECT_GT(cover.noTrain, 0) << p.name;
    if (p.data.edges) {
      EXPECT_GT(cover.noEdges, 0) << p.name;
    }
  } else {
    EXPECT_GT(cover.emptyGraphs, 0) << p.name;
    EXPECT_GT(cover.maxGraphs, 0) << p.name;
  }
}

//===-- 1. GCN with self-loops added inside the layer, NLL on x[train] ----===//

DataSpec nodeData(bool weights) {
  DataSpec d;
  d.numNodes = 16;
  d.numEdges = 48;
  d.edgeWeights = weights;
  return d;
}

TEST_F(StaticizeProperty, GcnRemainingSelfLoops) {
  check({"gcn-remaining-self-loops", kGcnRemaining, {16, 48, 0},
         nodeData(false),
         {Rows::nodes, Rows::nodes, Rows::all, Rows::all, Rows::all},
         {"nodes_mask", "edges_mask"}});
}

TEST_F(StaticizeProperty, GcnRemainingSelfLoopsWeighted) {
  check({"gcn-remaining-self-loops-weighted", kGcnRemainingWeighted,
         {16, 48, 0}, nodeData(true), {Rows::nodes, Rows::nodes, Rows::all},
         {"nodes_mask", "edges_mask"}});
}

// The same over i32 indices and labels (the loops' iota, the positions of
// existing loops and the ignore_index constant follow the index type).
TEST_F(StaticizeProperty, GcnRemainingSelfLoopsWeightedI32) {
  check({"gcn-remaining-self-loops-weighted-i32",
         replaceAll(kGcnRemainingWeighted, "xi64>", "xi32>"), {16, 48, 0},
         nodeData(true), {Rows::nodes, Rows::nodes, Rows::all},
         {"nodes_mask", "edges_mask"}});
}

TEST_F(StaticizeProperty, GcnAllSelfLoopsWeighted) {
  check({"gcn-all-self-loops-weighted", kGcnAllWeighted, {16, 48, 0},
         nodeData(true), {Rows::nodes, Rows::nodes, Rows::all},
         {"nodes_mask", "edges_mask"}});
}

//===-- 2. x[train_mask] into cross_entropy (sum and mean) ----------------===//

TEST_F(StaticizeProperty, MaskedCrossEntropySumAndMean) {
  DataSpec d;
  d.numNodes = 24;
  d.numEdges = 0;
  d.edges = false;
  check({"mlp-masked-cross-entropy", kMlpCrossEntropy, {24, 0, 0}, d,
         {Rows::nodes, Rows::all, Rows::all, Rows::all, Rows::all},
         {"nodes_mask"}});
}

//===-- 3. Global mean pooling without a size, cross-entropy over graphs --===//

DataSpec graphData() {
  DataSpec d;
  d.numNodes = 32;
  d.numEdges = 64;
  d.numGraphs = 6;
  d.features = 5;
  d.classes = 0;
  d.trainMask = false;
  return d;
}

TEST_F(StaticizeProperty, GraphClassificationMeanPoolWithoutSize) {
  DataSpec d = graphData();
  d.graphClasses = 3;
  check({"graph-classification-mean-pool",
         replaced(kGraphClassification, "FUNC_ATTRS", ""), {32, 64, 6}, d,
         {Rows::graphs, Rows::graphs, Rows::all, Rows::graphs,
          Rows::graphIndexed, Rows::graphIndexed},
         {"nodes_mask", "edges_mask", "graphs_mask"}});
}

TEST_F(StaticizeProperty, GraphClassificationSizesFromFunctionAttributes) {
  DataSpec d = graphData();
  d.graphClasses = 3;
  check({"graph-classification-mean-pool-attributes",
         replaced(kGraphClassification, "FUNC_ATTRS",
                  "attributes {gnn.num_nodes = 32 : i64, gnn.num_edges = 64 "
                  ": i64, gnn.num_graphs = 6 : i64}"),
         {0, 0, 0}, d, {Rows::graphs, Rows::graphs, Rows::all, Rows::graphs,
          Rows::graphIndexed, Rows::graphIndexed},
         {"nodes_mask", "edges_mask", "graphs_mask"}});
}

//===-- 4. The null graph masked out of a regression loss -----------------===//

TEST_F(StaticizeProperty, SeedRegressionNullGraphMasked) {
  DataSpec d = graphData();
  d.features = 3;
  d.graphTargets = 1;
  d.weightArguments = true;
  d.lastNodeReceives = false; // message_passing takes its rows from x, as PyG
  check({"seed-regression-mean-pool", kSeedRegression, {32, 64, 6}, d,
         {Rows::graphs, Rows::all},
         {"nodes_mask", "edges_mask", "graphs_mask"}});
}

TEST_F(StaticizeProperty, AddPoolRegressionNullGraphMasked) {
  DataSpec d = graphData();
  d.graphTargets = 2;
  check({"add-pool-regression", kAddPoolRegression, {32, 64, 6}, d,
         {Rows::graphs, Rows::all, Rows::all, Rows::all, Rows::graphs},
         {"nodes_mask", "edges_mask", "graphs_mask"}});
}

//===-- 5. Attention (segment softmax), max aggregation, batch norm -------===//

TEST_F(StaticizeProperty, GatAttentionAndBatchNorm) {
  DataSpec d = nodeData(false);
  d.features = 6;
  d.minRealNodes = 2; // batch-norm statistics need two rows
  check({"gat-attention-batch-norm", kGatBatchNorm, {16, 48, 0}, d,
         {Rows::nodes, Rows::all, Rows::all, Rows::all},
         {"nodes_mask", "edges_mask"}});
}

} // namespace
