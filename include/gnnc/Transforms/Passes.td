//===- Passes.td - gnn dialect transformations -------------*- tablegen -*-===//
#ifndef GNNC_TRANSFORMS_PASSES_TD
#define GNNC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def GnnExpandMessagePassing : Pass<"gnn-expand-message-passing"> {
  let summary = "Rewrites gnn.message_passing into gather, message and scatter";
  let description = [{
    Replaces every `gnn.message_passing` by its definition: a `gnn.gather` of
    each source tensor by the source indices and of each target tensor by the
    destination indices, the body's ops inlined on those per-edge tensors,
    and a `gnn.scatter` of the yielded message into the destination nodes.
    The result is numerically identical (the reference evaluator checks it);
    backends that cannot fuse the region use this form.
  }];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numExpanded", "num-expanded", "message_passing ops expanded">
  ];
}

def GnnLowerBooleanIndex : Pass<"gnn-lower-boolean-index", "func::FuncOp"> {
  let summary = "Rewrites x[mask] into static masked forms";
  let description = [{
    The IPU cannot hold a tensor whose size depends on data, as `x[mask]`'s
    does. This pass moves every `gnn.boolean_index` towards its uses through
    row-local ops (activations, softmax along features, linear layers,
    elementwise arithmetic between rows selected by the same mask) and then
    replaces it with a masked equivalent where it is consumed:

    * a classification loss of `x[m]` against `y[m]` becomes the loss of `x`
      against `where(m, y, ignore_index)` (the seeds' `-100` idiom);
    * a regression loss of `x[m]` against `t[m]` takes `m` as its row mask;
    * `reduce`, `scatter`, `degree` and `global_pool` over selected rows take
      `m` as their row mask (sums over kept rows, counts = sum(m), means =
      sum / count).

    A use with no masked equivalent (a gather through selected rows, a
    selection returned from the function, ...) is an error naming the use
    and the rewrite the user can make.
  }];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numLowered", "num-lowered", "boolean_index ops removed">
  ];
}

def GnnStaticSelfLoops : Pass<"gnn-static-self-loops", "func::FuncOp"> {
  let summary = "Self-loop insertion as a static E + N edge list and a mask";
  let description = [{
    Rewrites `gnn.add_self_loops` with a static number of edges E and nodes N
    into a static edge list of E + N edges: the input edges in place followed
    by one loop per node (`gnn.iota`). In the `remaining` flavour (and when
    input edges are masked) an edge mask disables the pre-existing
    self-loops (and masked edges), and each loop's weight is the weight of
    the node's last existing self-loop or the fill value, exactly PyG's
    `add_remaining_self_loops`. The mask is attached to every reduction over
    the new edges (scatter, degree, segment softmax, message passing, a
    further self-loop insertion).
  }];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numRewritten", "num-rewritten", "add_self_loops ops rewritten">
  ];
}

def GnnInferStaticSizes : Pass<"gnn-infer-static-sizes", "func::FuncOp"> {
  let summary = "Gives reductions without a size a static number of segments";
  let description = [{
    Fills the `?` number of segments of `scatter`, `degree`,
    `message_passing` and `global_pool` results: from the graph structure
    (the rows of the node tensor a reduction's index also gathers from or
    adds self-loops to, the targets of a message passing), else from the
    function's `gnn.num_nodes` / `gnn.num_graphs` attributes or the pass
    options. Then propagates the new static shapes to every dependent type.
    A reduction whose size cannot be found is an error telling which option
    or attribute to set.
  }];
  let options = [
    Option<"numNodes", "num-nodes", "int64_t", "0",
           "Number of nodes a node-indexed reduction produces when the graph does not tell">,
    Option<"numGraphs", "num-graphs", "int64_t", "0",
           "Number of graphs global pooling produces (PyG's size=)">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
}

def GnnPadToFixedSize : Pass<"gnn-pad-to-fixed-size", "func::FuncOp"> {
  let summary = "Turns a dynamically shaped function into a padded static one with masks";
  let description = [{
    Every dynamic first dimension of a function argument counts nodes, edges
    or graphs (from the `gnn.rows` argument attribute, or from the graph ops
    that use the argument). The pass gives each of them its fixed size,
    appends `nodes_mask`, `edges_mask` and `graphs_mask` arguments (true for
    real items) for the kinds it padded, and masks every op whose result
    padding would change: scatter / degree / segment softmax / message
    passing over padded edges, pooling and batch-norm statistics over padded
    nodes, reductions over padded rows, and losses (so means count only real
    nodes or graphs). The data follow PopTorch Geometric's conventions:
    padding at the end, padded edges are self-loops on a padding node, padded
    nodes belong to the last (null) graph.
  }];
  let options = [
    Option<"numNodes", "num-nodes", "int64_t", "0", "Fixed number of nodes">,
    Option<"numEdges", "num-edges", "int64_t", "0", "Fixed number of edges">,
    Option<"numGraphs", "num-graphs", "int64_t", "0", "Fixed number of graphs (including the null graph)">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
}

def GnnVerifyStatic : Pass<"gnn-verify-static", "func::FuncOp"> {
  let summary = "Fails on, and lists, every value that still has a dynamic dimension";
  let description = [{
    The boundary check of the static-shape pipeline: reports each function
    argument, result and op result whose type has a `?`, and each remaining
    dynamic op (`boolean_index`, `add_self_loops remaining`).
  }];
}

def GnnBindInputs : Pass<"gnn-bind-inputs", "ModuleOp"> {
  let summary = "Fixes function inputs to values known at compile time";
  let description = [{
    Full-batch training on one graph (Cora, PubMed) feeds the same edge
    index and masks every step. Binding them makes them constants: every
    function argument whose `gnn.name` is bound is replaced by a
    `gnn.constant` of the value and removed from the signature, so the host
    no longer streams it and `gnn-fold-constants` can evaluate everything
    that depends on the graph alone. Run it after `gnn-staticize` (the
    shapes must be static and equal to the values'); integer values convert
    to the argument's integer type.

    `inputs` takes `name=file.npy` pairs; the compiler library passes
    tensors directly. Naming an input no function takes is an error (a
    misspelt name would otherwise silently bind nothing).

    ```
    gnn-opt --gnn-bind-inputs="inputs=src=src.npy,dst=dst.npy" model.mlir
    ```
  }];
  let options = [
    ListOption<"inputs", "inputs", "std::string",
               "name=file.npy pairs: the values to bind">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numBound", "num-bound", "function arguments bound">
  ];
}

def GnnRenumberGraph : Pass<"gnn-renumber-graph", "ModuleOp"> {
  let summary = "Renumbers a bound graph's nodes and edges so neighbours share tiles";
  let description = [{
    After `gnn-bind-inputs` has fixed a graph (`src`, `dst` and the masks,
    marked `gnn.bound`), partitions its nodes into `parts` blocks with the
    greedy graph-growing partitioner of lib/Partition (fewest cut edges,
    balanced), and renumbers the nodes block by block and the edges by
    source. The row blocks `gnn-partition` gives every node tensor then hold
    neighbourhoods, and the halo exchanges of `halo_gather` shrink towards
    the cut (docs/Partitioning.md has the measurements and why segment
    reductions do not gain yet).

    The device works in this order and the host keeps its own: node-row
    arguments (`gnn.rows = "nodes"`) and results with as many rows as
    nodes get `gnn.row_order = "nodes"`, edge-row arguments `"edges"`, and
    the module attribute `gnn.row_orders` holds both permutations
    (`host_rows[i]` is the host row at device row i), which the executable
    carries and the runtime session applies at its host streams. The bound
    constants are rewritten in the new numbering. The module attribute
    `gnn.graph_partition` reports the parts and the edge cut before and
    after.

    Nothing changes when no graph is bound, when the masks are not all true
    (a padded batch), when the node and edge counts are equal (results
    could not be told apart), when a parameter has a row per node (a
    learned node embedding stays in the host's order) or a slice or
    concatenation runs along node rows, or when `parts` < 2.
  }];
  let options = [
    Option<"parts", "parts", "int64_t", "0",
           "Node blocks (the tiles the node rows are spread over)">
  ];
  let statistics = [
    Statistic<"cutBefore", "cut-before", "edges between blocks before">,
    Statistic<"cutAfter", "cut-after", "edges between blocks after">
  ];
}

def GnnFoldConstants : Pass<"gnn-fold-constants", "func::FuncOp"> {
  let summary = "Evaluates ops whose operands are all constants";
  let description = [{
    Replaces every gnn op whose operands are all constants by `gnn.constant`s
    of its results, computed by the reference evaluator, in program order so
    that chains fold. On a graph fixed at compile time (the edge index and
    masks bound as constants) this turns the whole graph-only part of a
    model into constants: self-loop insertion, degrees, normalisation
    coefficients and every gather/scatter index, which `gnn-partition` then
    plans as exact halo exchanges.

    Random ops (anything with a `seed`: dropout), parameters, updates and
    ops with regions are left alone, as are ops whose results would exceed
    `max-elements` elements in all (a constant lives in tile memory for the
    whole program).

    ```mlir
    %src = gnn.constant dense<[0, 1]> : tensor<2xi64>
    %iota = gnn.iota : tensor<3xi64>
    %all = gnn.concat %src, %iota axis 0 : (tensor<2xi64>, tensor<3xi64>) -> tensor<5xi64>
    // becomes
    %all = gnn.constant dense<[0, 1, 0, 1, 2]> : tensor<5xi64>
    ```
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", "1 << 24",
           "Largest result (elements, all results together) to fold">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numFolded", "num-folded", "ops replaced by constants">
  ];
}

def GnnSparsifyConstantProducts
    : Pass<"gnn-sparsify-constant-products", "func::FuncOp"> {
  let summary = "Products with a mostly-zero constant become sums over its "
                "nonzeros";
  let description = [{
    Bag-of-words features (Cora's are 1.3% nonzero) bound at compile time
    make `x W^T` and the weight gradient `dy^T x` products with a sparse
    constant. Each such product becomes a gather of the other operand's rows
    by one coordinate of the nonzeros, a scale by their values and a segment
    sum by the other coordinate (nonzeros in row-major order), which
    `gnn-partition` plans as one `halo_spmm` (an exact halo exchange and a
    weighted CSR per tile) instead of a dense product over every zero:

    ```mlir
    %h = gnn.linear %x, %w : (tensor<N x K>, tensor<M x K>) -> tensor<N x M>
    // with %x constant, nonzeros (row[i], col[i]) = val[i], becomes
    %wt = gnn.transpose %w permutation [1, 0]
    %g = gnn.gather %wt[%col]
    %s = gnn.mul %g, %val          // val: [nnz, 1]
    %h = gnn.scatter sum %s, %row  // N rows
    ```

    Forms: `linear(C, W[, b])`, `matmul(C, B)`, `matmul(transpose(C), B)`
    and `matmul(transpose(A), C)` (the weight gradient, as the transpose of
    a [K, M] sum), where C may also be `dropout(C)`: the nonzeros are then
    dropped at their dense positions (`gnn.dropout ... positions`), the
    same mask, once for all of that dropout's products. Sums keep the dense product's order (ascending over the
    contracted index, from +0.0), and a zero term never changes an f32 sum
    that starts at +0.0, so finite results are bit-identical; only a
    non-finite value in the other operand (0 * inf = NaN) is no longer
    spread. Constants denser than `max-density` or smaller than
    `min-elements` are left dense, and so are the products that would
    transpose more than `max-transpose-elements`.
  }];
  let options = [
    Option<"maxDensity", "max-density", "double", "0.1",
           "Largest fraction of nonzeros that is rewritten">,
    Option<"minElements", "min-elements", "int64_t", "4096",
           "Smallest constant (elements) that is rewritten">,
    Option<"maxTransposeElements", "max-transpose-elements", "int64_t",
           "1 << 18",
           "Largest weight the linear and weight-gradient forms transpose "
           "(gnn-partition does 2-D transposes up to this size in the "
           "exchange; larger ones would run on one tile)">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
  let statistics = [
    Statistic<"numRewritten", "num-rewritten", "products rewritten">
  ];
}

// Training and model-import passes are declared in their own files.
include "gnnc/Transforms/TrainPasses.td"
include "gnnc/Transforms/ImportPasses.td"
include "gnnc/Transforms/BspPasses.td"

#endif // GNNC_TRANSFORMS_PASSES_TD
