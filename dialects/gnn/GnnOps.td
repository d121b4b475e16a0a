//===- GnnOps.td - gnn dialect operations ------------------*- tablegen -*-===//
//
// Every op verifies its shapes; the numerical semantics are those of the
// reference kernels in runtime/ (see Rationale.md).
//
//===----------------------------------------------------------------------===//
#ifndef GNN_OPS_TD
#define GNN_OPS_TD

include "gnn/GnnDialect.td"
include "gnn/GnnEnums.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Gnn_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger]>;
def Gnn_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Gnn_IndexTensor : TensorRankOf<[I32, I64], [1]>;
def Gnn_MaskTensor : TensorRankOf<[I1], [1]>;
def Gnn_BoolTensor : RankedTensorOf<[I1]>;
def Gnn_ScalarFloatTensor : 0DTensorOf<[AnyFloat]>;

// A signless 64-bit integer attribute read as a signed value (axes may be
// negative, ignore_index is -100); upstream's I64Attr returns uint64_t.
def Gnn_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                               "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

class Gnn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Gnn_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Constants and parameters
//===----------------------------------------------------------------------===//

def Gnn_ConstantOp : Gnn_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "A constant tensor";
  let description = [{
    Materialises a dense constant. Labels such as `-100` and scalars that
    broadcast in elementwise ops are written as rank-0 constants.

    ```mlir
    %ignore = gnn.constant dense<-100> : tensor<i64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Gnn_ParameterOp : Gnn_Op<"parameter", [Symbol, HasParent<"ModuleOp">]> {
  let summary = "A model parameter or buffer and its initialiser";
  let description = [{
    Declares a named tensor that persists across training steps: a trainable
    parameter or, with `frozen`, a buffer such as batch-norm running
    statistics that the optimizer never updates. Training, checkpointing and
    the executable format find parameters through this op; functions read
    them with `gnn.get_parameter`.

    The initialiser is one of `zeros`, `ones`, `constant` (`value`), `uniform`
    (`low`, `high`), `normal` (`mean`, `std`), `glorot_uniform` (PyG's
    `glorot`), `kaiming_uniform` (torch.nn.Linear's weight default, bound
    1/sqrt(fan_in)) or `value` (`initial_value`, an explicit tensor). Random
    initialisers are a pure function of `seed` and the element index.

    ```mlir
    gnn.parameter @conv1.weight : tensor<16x8xf32> init glorot_uniform {seed = 7 : i64}
    gnn.parameter @conv1.bias : tensor<16xf32> init zeros
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<AnyRankedTensor>:$type,
    Gnn_InitKind:$init,
    DefaultValuedAttr<Gnn_I64Attr, "0">:$seed,
    OptionalAttr<F64Attr>:$value,
    OptionalAttr<F64Attr>:$low,
    OptionalAttr<F64Attr>:$high,
    OptionalAttr<F64Attr>:$mean,
    OptionalAttr<F64Attr>:$std,
    OptionalAttr<ElementsAttr>:$initial_value,
    UnitAttr:$frozen
  );
  let assemblyFormat = "$sym_name `:` $type `init` $init attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

def Gnn_GetParameterOp : Gnn_Op<"get_parameter",
    [Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Reads the current value of a parameter";
  let description = [{
    ```mlir
    %w = gnn.get_parameter @conv1.weight : tensor<16x8xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$name);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Graph primitives
//===----------------------------------------------------------------------===//

def Gnn_GatherOp : Gnn_Op<"gather", [Pure]> {
  let summary = "Gathers rows of a node tensor along an index vector";
  let description = [{
    `result[e, ...] = source[indices[e], ...]`: the rows of a node tensor that
    the edges read (PyG's `x_j = x[edge_index[0]]`). An index outside
    `[0, dim(source, 0))` is an error at run time.

    ```mlir
    %xj = gnn.gather %x[%src] : (tensor<4x8xf32>, tensor<10xi64>) -> tensor<10x8xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$source, Gnn_IndexTensor:$indices);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_ScatterOp : Gnn_Op<"scatter", [Pure]> {
  let summary = "Segment reduction of edge rows into node rows";
  let description = [{
    `result[s] = reduce{ source[e] : indices[e] == s }` for `sum`, `mean`,
    `max` or `min`. The number of segments is the first dimension of the
    result; when it is `?` it is `max(indices) + 1`, as PyG infers it, and
    `gnn-infer-static-sizes` makes it static. Segments that receive no row are
    0 for every reduction, as in PyG; `mean` divides by the number of rows
    received. With a `mask`, rows whose mask is false take no part at all
    (padding, disabled edges).

    ```mlir
    %agg = gnn.scatter mean %msg, %dst : (tensor<10x8xf32>, tensor<10xi64>) -> tensor<4x8xf32>
    %agg2 = gnn.scatter max %msg, %dst mask %real : (tensor<10x8xf32>, tensor<10xi64>, tensor<10xi1>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Gnn_ReduceKind:$reduce, Gnn_FloatTensor:$source,
                       Gnn_IndexTensor:$indices, Optional<Gnn_MaskTensor>:$mask);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $reduce $source `,` $indices (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;  // An all-true constant mask is dropped (in place).
  let hasFolder = 1;
}

def Gnn_DegreeOp : Gnn_Op<"degree", [Pure, AttrSizedOperandSegments]> {
  let summary = "Number (or total weight) of index entries per node";
  let description = [{
    `result[n] = sum{ weights[e] (or 1) : indices[e] == n }` as a float vector
    whose length is the number of nodes (PyG's `degree`, and the weighted
    degree of `gcn_norm`); `?` means `max(indices) + 1`. Entries whose mask is
    false are not counted.

    ```mlir
    %deg = gnn.degree %dst : (tensor<10xi64>) -> tensor<4xf32>
    %wdeg = gnn.degree %dst weights %w : (tensor<10xi64>, tensor<10xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Gnn_IndexTensor:$indices,
                       Optional<TensorRankOf<[AnyFloat], [1]>>:$weights,
                       Optional<Gnn_MaskTensor>:$mask);
  let results = (outs TensorRankOf<[AnyFloat], [1]>:$result);
  let assemblyFormat = [{
    $indices (`weights` $weights^)? (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_SegmentSoftmaxOp : Gnn_Op<"segment_softmax", [Pure]> {
  let summary = "Softmax of edge rows within each destination segment";
  let description = [{
    PyG's `torch_geometric.utils.softmax(src, index, num_nodes)`: for every
    trailing position, the rows that share a segment id are normalised by the
    softmax over that segment (attention coefficients in GAT). Rows whose
    mask is false take no part and come out as 0.

    ```mlir
    %alpha = gnn.segment_softmax %score, %dst segments 4 : (tensor<10x2xf32>, tensor<10xi64>) -> tensor<10x2xf32>
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$source, Gnn_IndexTensor:$indices,
                       Optional<Gnn_MaskTensor>:$mask,
                       Gnn_I64Attr:$num_segments);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $source `,` $indices (`mask` $mask^)? `segments` $num_segments attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_BooleanIndexOp : Gnn_Op<"boolean_index", [Pure]> {
  let summary = "The rows selected by a boolean mask (x[mask])";
  let description = [{
    PyTorch's `x[mask]`: the rows of `source` whose mask entry is true, in
    order. The number of rows is data-dependent, so the result's first
    dimension is `?`; `gnn-lower-boolean-index` rewrites the uses into masked
    static forms (or explains which use has none).

    ```mlir
    %sel = gnn.boolean_index %x[%train] : (tensor<5x3xf32>, tensor<5xi1>) -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$source, Gnn_MaskTensor:$mask);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $source `[` $mask `]` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_AddSelfLoopsOp : Gnn_Op<"add_self_loops",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "Self-loop insertion (PyG add_self_loops / add_remaining_self_loops)";
  let description = [{
    Appends a self-loop `(n, n)` for every node `n` of `nodes` (its first
    dimension is the node count, like PyG's `num_nodes=x.size(0)`):

    * `all` is `add_self_loops`: every existing edge is kept; loops get the
      weight `fill_value`. The result has `E + N` edges.
    * `remaining` is `add_remaining_self_loops`: existing self-loops are
      removed from the list and every node gets one loop at the end, whose
      weight is the weight of the node's existing self-loop if it had one
      (the last, if several) and `fill_value` otherwise. The number of edges
      is data-dependent (`?`).

    Input edges whose `mask` is false are dropped first. Weights are
    optional; with them, the op also returns the new weights.
    `gnn-static-self-loops` turns both flavours into a static `E + N` edge
    list with an edge mask.

    ```mlir
    %s, %d, %w = gnn.add_self_loops remaining %src, %dst weights %ew nodes %x {fill_value = 2.0 : f64}
        : (tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<5x3xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
    ```
  }];
  let arguments = (ins Gnn_SelfLoopMode:$mode, Gnn_IndexTensor:$src_index,
                       Gnn_IndexTensor:$dst_index,
                       Optional<TensorRankOf<[AnyFloat], [1]>>:$weights,
                       Gnn_Tensor:$nodes, Optional<Gnn_MaskTensor>:$mask,
                       DefaultValuedAttr<F64Attr, "1.0">:$fill_value);
  let results = (outs Gnn_IndexTensor:$new_src_index,
                      Gnn_IndexTensor:$new_dst_index,
                      Variadic<TensorRankOf<[AnyFloat], [1]>>:$new_weights);
  let assemblyFormat = [{
    $mode $src_index `,` $dst_index (`weights` $weights^)? `nodes` $nodes
    (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_MessagePassingOp : Gnn_Op<"message_passing",
    [RecursiveMemoryEffects, AttrSizedOperandSegments, SingleBlock]> {
  let summary = "Gather, message and aggregate in one region op";
  let description = [{
    One round of message passing over the edges `(src_index[e],
    dst_index[e])`:

    1. every `sources` tensor is gathered by `src_index` (PyG's `x_j`), every
       `targets` tensor by `dst_index` (`x_i`), and every `edge_data` tensor is
       taken as is (edge attributes, weights);
    2. the body computes one message row per edge from those per-edge values,
       passed as block arguments in the order sources, targets, edge_data,
       and yields it with `gnn.yield`;
    3. the messages are reduced into the destination nodes with `reduce`
       exactly like `gnn.scatter`; the result's first dimension is the number
       of destination nodes (`?`: as PyG's `propagate`, the rows of the
       targets, else of the sources — a homogeneous graph —, and only without
       node tensors `max(dst_index) + 1`).

    With an `edge_mask`, edges whose mask is false send no message.

    It is equivalent to `gnn.gather` + body + `gnn.scatter` (the
    `gnn-expand-message-passing` pass performs that rewrite); keeping it whole
    lets later passes fuse and partition it.

    ```mlir
    %out = gnn.message_passing sum edges(%src, %dst : tensor<10xi64>, tensor<10xi64>)
        sources(%x : tensor<4x8xf32>) edge_data(%w : tensor<10x1xf32>)
        -> tensor<4x8xf32> {
    ^bb0(%xj: tensor<10x8xf32>, %we: tensor<10x1xf32>):
      %m = gnn.mul %xj, %we : (tensor<10x8xf32>, tensor<10x1xf32>) -> tensor<10x8xf32>
      gnn.yield %m : tensor<10x8xf32>
    }
    ```
  }];
  let arguments = (ins
    Gnn_ReduceKind:$reduce,
    Gnn_IndexTensor:$src_index,
    Gnn_IndexTensor:$dst_index,
    Variadic<Gnn_Tensor>:$sources,
    Variadic<Gnn_Tensor>:$targets,
    Variadic<Gnn_Tensor>:$edge_data,
    Optional<Gnn_MaskTensor>:$edge_mask
  );
  let results = (outs Gnn_FloatTensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $reduce `edges` `(` $src_index `,` $dst_index `:` type($src_index) `,` type($dst_index) `)`
    (`sources` `(` $sources^ `:` type($sources) `)`)?
    (`targets` `(` $targets^ `:` type($targets) `)`)?
    (`edge_data` `(` $edge_data^ `:` type($edge_data) `)`)?
    (`edge_mask` `(` $edge_mask^ `:` type($edge_mask) `)`)?
    `->` type($result) $body attr-dict-with-keyword
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of edges (from whichever index has a static length), or
    /// ShapedType::kDynamic.
    int64_t getNumEdges() {
      int64_t src = getSrcIndex().getType().getDimSize(0);
      return ::mlir::ShapedType::isDynamic(src)
                 ? getDstIndex().getType().getDimSize(0)
                 : src;
    }
    /// The value each per-edge block argument is built from, in block order.
    ::llvm::SmallVector<::mlir::Value> getPerEdgeInputs();
  }];
}

def Gnn_YieldOp : Gnn_Op<"yield",
    [Pure, Terminator, ReturnLike, HasParent<"MessagePassingOp">]> {
  let summary = "Yields the per-edge message of a message_passing body";
  let arguments = (ins Gnn_Tensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

def Gnn_LinearOp : Gnn_Op<"linear", [Pure]> {
  let summary = "Affine layer y = x W^T + b";
  let description = [{
    `input` is `[..., in]`, `weight` `[out, in]` (PyTorch's layout) and the
    optional `bias` `[out]`; the result is `[..., out]`.

    ```mlir
    %h = gnn.linear %x, %w, %b : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$input, Gnn_FloatTensor:$weight,
                       Optional<Gnn_FloatTensor>:$bias);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_MatmulOp : Gnn_Op<"matmul", [Pure]> {
  let summary = "Matrix product [M, K] x [K, N] -> [M, N]";
  let arguments = (ins Gnn_FloatTensor:$lhs, Gnn_FloatTensor:$rhs);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class Gnn_BinaryOp<string mnemonic, string expr>
    : Gnn_Op<mnemonic, [Pure, SameOperandsAndResultElementType]> {
  let summary = "Elementwise " # expr # " with numpy broadcasting";
  let description = [{
    Shapes broadcast as in NumPy and PyTorch: trailing dimensions are aligned
    and a dimension of size 1 (or a missing one) stretches. The result shape
    must be exactly the broadcast shape.
  }];
  let arguments = (ins Gnn_FloatTensor:$lhs, Gnn_FloatTensor:$rhs);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_AddOp : Gnn_BinaryOp<"add", "lhs + rhs">;
def Gnn_SubOp : Gnn_BinaryOp<"sub", "lhs - rhs">;
def Gnn_MulOp : Gnn_BinaryOp<"mul", "lhs * rhs">;
def Gnn_DivOp : Gnn_BinaryOp<"div", "lhs / rhs">;
def Gnn_MaxOp : Gnn_BinaryOp<"max", "max(lhs, rhs)">;
def Gnn_MinOp : Gnn_BinaryOp<"min", "min(lhs, rhs)">;

class Gnn_UnaryOp<string mnemonic, string expr>
    : Gnn_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise " # expr;
  let arguments = (ins Gnn_FloatTensor:$input);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Gnn_ReluOp : Gnn_UnaryOp<"relu", "max(x, 0)">;
def Gnn_SigmoidOp : Gnn_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Gnn_TanhOp : Gnn_UnaryOp<"tanh", "tanh(x)">;
def Gnn_ExpOp : Gnn_UnaryOp<"exp", "exp(x)">;
def Gnn_LogOp : Gnn_UnaryOp<"log", "natural logarithm">;
def Gnn_NegOp : Gnn_UnaryOp<"neg", "-x">;
def Gnn_SqrtOp : Gnn_UnaryOp<"sqrt", "sqrt(x)">;
def Gnn_AbsOp : Gnn_UnaryOp<"abs", "|x|">;

def Gnn_LeakyReluOp : Gnn_UnaryOp<"leaky_relu",
    "x if x > 0 else negative_slope * x"> {
  let arguments = (ins Gnn_FloatTensor:$input,
                       DefaultValuedAttr<F64Attr, "0.01">:$negative_slope);
}

def Gnn_EluOp : Gnn_UnaryOp<"elu", "x if x > 0 else alpha * (exp(x) - 1)"> {
  let arguments = (ins Gnn_FloatTensor:$input,
                       DefaultValuedAttr<F64Attr, "1.0">:$alpha);
}

def Gnn_PowOp : Gnn_UnaryOp<"pow", "x ** exponent"> {
  let description = [{
    With `inf_to_zero`, infinite results become 0: PyG's `gcn_norm` computes
    `deg.pow(-0.5)` and zeroes the entries of isolated nodes that way.

    ```mlir
    %dinv = gnn.pow %deg {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<4xf32>
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$input, F64Attr:$exponent,
                       UnitAttr:$inf_to_zero);
}

def Gnn_DropoutOp : Gnn_Op<"dropout", [Pure, AttrSizedOperandSegments]> {
  let summary = "Inverted dropout with a counter-based mask";
  let description = [{
    Zeroes each element with probability `p` and scales the kept ones by
    `1 / (1 - p)`. Whether element `i` is kept is a pure function of `seed`,
    the optional `offset` (a step counter, so successive training steps draw
    new masks) and `i`, so every partitioning of the tensor across tiles
    reproduces the same mask. Dropout is always active: an inference program
    simply has none (a dropout with `p = 0` folds away).

    With `positions` (i64, shaped like the input), element `i` draws as
    flat element `positions[i]` of a larger tensor: the nonzero values of a
    sparse matrix are dropped exactly as its dense form would be
    (gnn-sparsify-constant-products).

    ```mlir
    %d = gnn.dropout %x {p = 5.000000e-01 : f64, seed = 1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
    %v = gnn.dropout %vals offset %step positions %pos {p = 5.000000e-01 : f64, seed = 1 : i64} : (tensor<3x1xf32>, tensor<i64>, tensor<3x1xi64>) -> tensor<3x1xf32>
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$input,
                       Optional<0DTensorOf<[I64]>>:$offset,
                       Optional<RankedTensorOf<[I64]>>:$positions,
                       F64Attr:$p, DefaultValuedAttr<Gnn_I64Attr, "0">:$seed);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`offset` $offset^)? (`positions` $positions^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

class Gnn_SoftmaxLikeOp<string mnemonic, string what>
    : Gnn_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = what # " along one axis";
  let arguments = (ins Gnn_FloatTensor:$input, Gnn_I64Attr:$axis);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = "$input `axis` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Gnn_SoftmaxOp : Gnn_SoftmaxLikeOp<"softmax", "Softmax">;
def Gnn_LogSoftmaxOp : Gnn_SoftmaxLikeOp<"log_softmax", "Log-softmax">;

def Gnn_BatchNormOp : Gnn_Op<"batch_norm", [Pure]> {
  let summary = "Batch normalisation over the node (batch) dimension";
  let description = [{
    PyTorch's `BatchNorm1d` on `[N, C]`. With `training` it normalises with
    the batch mean and biased variance and returns running statistics
    updated with the unbiased variance:
    `new = (1 - momentum) * running + momentum * batch`. Without it, it uses
    the running statistics and returns them unchanged. The running statistics
    are usually `frozen` parameters. With a row `mask`, the batch statistics
    come from the rows whose mask is true (padding rows are still normalised
    but do not shift the statistics).

    ```mlir
    %y, %m, %v = gnn.batch_norm %x, %gamma, %beta, %mean, %var {training}
        : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>)
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$input, Gnn_FloatTensor:$weight,
                       Gnn_FloatTensor:$bias, Gnn_FloatTensor:$running_mean,
                       Gnn_FloatTensor:$running_var,
                       Optional<Gnn_MaskTensor>:$mask,
                       DefaultValuedAttr<F64Attr, "1.0e-5">:$eps,
                       DefaultValuedAttr<F64Attr, "0.1">:$momentum,
                       UnitAttr:$training);
  let results = (outs Gnn_FloatTensor:$result,
                      Gnn_FloatTensor:$new_running_mean,
                      Gnn_FloatTensor:$new_running_var);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `,` $running_mean `,` $running_var
    (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_ConcatOp : Gnn_Op<"concat", [Pure]> {
  let summary = "Concatenates tensors along an axis";
  let description = [{
    ```mlir
    %c = gnn.concat %a, %b axis 1 : (tensor<4x8xf32>, tensor<4x2xf32>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Variadic<Gnn_Tensor>:$inputs, Gnn_I64Attr:$axis);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

def Gnn_SliceOp : Gnn_Op<"slice", [Pure]> {
  let summary = "A contiguous range of one axis";
  let description = [{
    Elements `[offset, offset + size)` along `axis`, where `size` is the
    result's extent on that axis.

    ```mlir
    %s = gnn.slice %x axis 1 offset 2 : tensor<4x8xf32> -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$input, Gnn_I64Attr:$axis, Gnn_I64Attr:$offset);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis `offset` $offset attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Gnn_ReshapeOp : Gnn_Op<"reshape", [Pure]> {
  let summary = "Reinterprets a tensor with another static shape";
  let description = [{
    Keeps the row-major element order; both shapes hold the same number of
    elements (e.g. a per-edge weight vector as a column that broadcasts over
    features). Each side may have one dynamic dimension, standing for the
    same number of elements (`[?] -> [?, 1]`).

    ```mlir
    %col = gnn.reshape %w : tensor<10xf32> -> tensor<10x1xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$input);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Gnn_WhereOp : Gnn_Op<"where", [Pure]> {
  let summary = "Elementwise select with numpy broadcasting";
  let description = [{
    `condition ? true_value : false_value`. The masked-label idiom of the
    seeds is `where(mask, y, -100)`:

    ```mlir
    %yl = gnn.where %mask, %y, %ignore : (tensor<4xi1>, tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
    ```
  }];
  let arguments = (ins Gnn_BoolTensor:$condition, Gnn_Tensor:$true_value,
                       Gnn_Tensor:$false_value);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;  // A splat constant condition picks one side when that side already has
  // the result's type (no broadcast needed).
  let hasFolder = 1;
}

def Gnn_CmpOp : Gnn_Op<"cmp", [Pure]> {
  let summary = "Elementwise comparison with numpy broadcasting";
  let description = [{
    `eq ne lt le gt ge` on two tensors of one element type; the result is a
    boolean tensor of the broadcast shape.

    ```mlir
    %not_loop = gnn.cmp ne %src, %dst : (tensor<8xi64>, tensor<8xi64>) -> tensor<8xi1>
    ```
  }];
  let arguments = (ins Gnn_CmpPredicate:$predicate, Gnn_Tensor:$lhs,
                       Gnn_Tensor:$rhs);
  let results = (outs Gnn_BoolTensor:$result);
  let assemblyFormat = [{
    $predicate $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class Gnn_LogicalBinaryOp<string mnemonic, string what>
    : Gnn_Op<mnemonic, [Pure]> {
  let summary = "Elementwise logical " # what # " with numpy broadcasting";
  let arguments = (ins Gnn_BoolTensor:$lhs, Gnn_BoolTensor:$rhs);
  let results = (outs Gnn_BoolTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

// x and true = x, x or false = x (a mask bound at compile time without
// padding), when x already has the result type.
def Gnn_AndOp : Gnn_LogicalBinaryOp<"and", "and"> { let hasFolder = 1; }
def Gnn_OrOp : Gnn_LogicalBinaryOp<"or", "or"> { let hasFolder = 1; }
def Gnn_XorOp : Gnn_LogicalBinaryOp<"xor", "exclusive or">;

def Gnn_NotOp : Gnn_Op<"not", [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise logical negation";
  let arguments = (ins Gnn_BoolTensor:$input);
  let results = (outs Gnn_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Gnn_IotaOp : Gnn_Op<"iota", [Pure]> {
  let summary = "The vector [0, 1, ..., n-1]";
  let description = [{
    Node ids as an index vector; `n` is the static length of the result.

    ```mlir
    %ids = gnn.iota : tensor<5xi64>
    ```
  }];
  let results = (outs Gnn_IndexTensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Gnn_CastOp : Gnn_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise element-type conversion";
  let description = [{
    Booleans become 0 or 1, floats convert to integers by truncation toward
    zero.

    ```mlir
    %f = gnn.cast %mask : tensor<4xi1> to tensor<4xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$input);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
}

def Gnn_ReduceOp : Gnn_Op<"reduce", [Pure]> {
  let summary = "Reduces a float tensor over some dimensions";
  let description = [{
    The reduced dimensions are removed. `mean` of an empty extent is NaN and
    `max`/`min` of one is an error, as in PyTorch. A `mask` over dimension 0
    (which must then be reduced) keeps only the rows whose mask is true.

    ```mlir
    %n = gnn.reduce sum %m dims [0] : tensor<4xf32> -> tensor<f32>
    ```
  }];
  let arguments = (ins Gnn_ReduceKind:$kind, Gnn_FloatTensor:$input,
                       Optional<Gnn_MaskTensor>:$mask,
                       DenseI64ArrayAttr:$dims);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $input `dims` $dims (`mask` $mask^ `:` type($mask))? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Readout and losses
//===----------------------------------------------------------------------===//

def Gnn_GlobalPoolOp : Gnn_Op<"global_pool", [Pure]> {
  let summary = "Pools node rows into one row per graph";
  let description = [{
    `global_add_pool` / `global_mean_pool` / `global_max_pool` with the graph
    id of every node in `batch`; the number of graphs is the result's first
    dimension (`?`: `max(batch) + 1`, PyG's behaviour without `size=`, which
    `gnn-infer-static-sizes` replaces by a static count). Semantics of
    `gnn.scatter` (empty graphs give 0); nodes whose mask is false take no
    part.

    ```mlir
    %g = gnn.global_pool mean %h, %batch : (tensor<6x8xf32>, tensor<6xi64>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Gnn_ReduceKind:$reduce, Gnn_FloatTensor:$input,
                       Gnn_IndexTensor:$batch, Optional<Gnn_MaskTensor>:$mask);
  let results = (outs Gnn_FloatTensor:$result);
  let assemblyFormat = [{
    $reduce $input `,` $batch (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class Gnn_ClassificationLossOp<string mnemonic, string what>
    : Gnn_Op<mnemonic, [Pure]> {
  let summary = what # " with ignore_index and an optional row mask";
  let description = [{
    A row counts when its label differs from `ignore_index` (default `-100`,
    PyTorch's) and, when a mask is given, its mask is true. `mean` divides
    the sum over counted rows by their number (NaN when there is none, like
    PyTorch); `sum` adds them.

    ```mlir
    %l = gnn.cross_entropy mean %logits, %y mask %train : (tensor<4x3xf32>, tensor<4xi64>, tensor<4xi1>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Gnn_LossReduction:$reduction, Gnn_FloatTensor:$input,
                       Gnn_IndexTensor:$labels, Optional<Gnn_MaskTensor>:$mask,
                       DefaultValuedAttr<Gnn_I64Attr, "-100">:$ignore_index);
  let results = (outs Gnn_ScalarFloatTensor:$loss);
  let assemblyFormat = [{
    $reduction $input `,` $labels (`mask` $mask^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_CrossEntropyOp
    : Gnn_ClassificationLossOp<"cross_entropy", "Cross-entropy of logits">;
def Gnn_NllLossOp
    : Gnn_ClassificationLossOp<"nll_loss", "Negative log-likelihood">;

class Gnn_RegressionLossOp<string mnemonic, string what>
    : Gnn_Op<mnemonic, [Pure]> {
  let summary = what # " with an optional row mask";
  let description = [{
    `input` and `target` have the same shape `[N, ...]`; a mask `[N]` selects
    the rows that count. `mean` divides by the number of counted elements.

    ```mlir
    %l = gnn.mse_loss mean %pred, %t mask %m : (tensor<4x1xf32>, tensor<4x1xf32>, tensor<4xi1>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Gnn_LossReduction:$reduction, Gnn_FloatTensor:$input,
                       Gnn_FloatTensor:$target,
                       Optional<Gnn_MaskTensor>:$mask);
  let results = (outs Gnn_ScalarFloatTensor:$loss);
  let assemblyFormat = [{
    $reduction $input `,` $target (`mask` $mask^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_MseLossOp : Gnn_RegressionLossOp<"mse_loss", "Mean squared error">;
def Gnn_L1LossOp : Gnn_RegressionLossOp<"l1_loss", "Mean absolute error">;

// Ops added for training (optimizer updates, gradients) and for model
// import (layer-level ops) live in their own files.
include "gnn/GnnTrainOps.td"
include "gnn/GnnLayerOps.td"

#endif // GNN_OPS_TD
