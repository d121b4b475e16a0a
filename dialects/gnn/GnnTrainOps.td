//===- GnnTrainOps.td - gnn dialect operations (continued) --------*- tablegen -*-===//
//
// Included at the end of GnnOps.td; see that file for the conventions.
//
// Ops that training adds: the transpose that gradients of linear layers and
// matrix products need, and the optimizer updates of torch.optim (SGD with
// momentum / Nesterov / weight decay, Adam and AdamW). Every other gradient
// is expressed with the ops of GnnOps.td (see docs/Training.md).
//
//===----------------------------------------------------------------------===//
#ifndef GNN_GNNTRAINOPS_TD
#define GNN_GNNTRAINOPS_TD

def Gnn_TransposeOp : Gnn_Op<"transpose", [Pure]> {
  let summary = "Permutes the dimensions of a tensor";
  let description = [{
    Dimension `d` of the result is dimension `permutation[d]` of the input
    (`torch.permute`). The gradient of a linear layer's weight is
    `transpose(dy) x`.

    ```mlir
    %t = gnn.transpose %x permutation [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins Gnn_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Gnn_Tensor:$result);
  let assemblyFormat = [{
    $input `permutation` $permutation attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Gnn_SgdUpdateOp : Gnn_Op<"sgd_update", [Pure]> {
  let summary = "One step of torch.optim.SGD for one parameter";
  let description = [{
    Exactly `torch.optim.SGD` (PyTorch 1.13, `maximize=False`) for one
    parameter `p` with gradient `g` at step `step` (1 for the first update):

    ```
    d = g + weight_decay * p                      (when weight_decay != 0)
    buf = d                                       (step 1)
    buf = momentum * buf + (1 - dampening) * d    (later steps)
    d = d + momentum * buf  (nesterov)   or   d = buf
    p = p - lr * d
    ```

    The momentum buffer is an operand and a result exactly when
    `momentum != 0`; Nesterov needs a positive momentum and no dampening, as
    in PyTorch. The step is a rank-0 integer tensor; a step below 1 is a
    run-time error.

    ```mlir
    %p2, %buf2 = gnn.sgd_update %p, %g, %step momentum_buffer %buf
        {lr = 1.000000e-01 : f64, momentum = 9.000000e-01 : f64}
        : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<i64>, tensor<4x8xf32>)
        -> (tensor<4x8xf32>, tensor<4x8xf32>)
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$param, Gnn_FloatTensor:$grad,
                       0DTensorOf<[I32, I64]>:$step,
                       Optional<Gnn_FloatTensor>:$momentum_buffer,
                       F64Attr:$lr,
                       DefaultValuedAttr<F64Attr, "0.0">:$momentum,
                       DefaultValuedAttr<F64Attr, "0.0">:$dampening,
                       DefaultValuedAttr<F64Attr, "0.0">:$weight_decay,
                       UnitAttr:$nesterov);
  let results = (outs Gnn_FloatTensor:$new_param,
                      Optional<Gnn_FloatTensor>:$new_momentum_buffer);
  let assemblyFormat = [{
    $param `,` $grad `,` $step (`momentum_buffer` $momentum_buffer^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Gnn_AdamUpdateOp : Gnn_Op<"adam_update", [Pure]> {
  let summary = "One step of torch.optim.Adam / AdamW for one parameter";
  let description = [{
    Exactly `torch.optim.Adam` (PyTorch 1.13, `amsgrad=False`,
    `maximize=False`), or `torch.optim.AdamW` with `decoupled`, for one
    parameter `p` with gradient `g`, first and second moments `m`, `v` and
    the step number `t` (1 for the first update):

    ```
    p = p * (1 - lr * weight_decay)               (decoupled: AdamW)
    g = g + weight_decay * p                      (otherwise, when weight_decay != 0)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    ```

    The bias corrections are computed in double precision from `t`, as
    PyTorch does in Python. A step below 1 is a run-time error.

    ```mlir
    %p2, %m2, %v2 = gnn.adam_update %p, %g, %m, %v, %step {lr = 1.000000e-02 : f64}
        : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<i64>)
        -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins Gnn_FloatTensor:$param, Gnn_FloatTensor:$grad,
                       Gnn_FloatTensor:$exp_avg, Gnn_FloatTensor:$exp_avg_sq,
                       0DTensorOf<[I32, I64]>:$step,
                       F64Attr:$lr,
                       DefaultValuedAttr<F64Attr, "0.9">:$beta1,
                       DefaultValuedAttr<F64Attr, "0.999">:$beta2,
                       DefaultValuedAttr<F64Attr, "1.0e-8">:$eps,
                       DefaultValuedAttr<F64Attr, "0.0">:$weight_decay,
                       UnitAttr:$decoupled);
  let results = (outs Gnn_FloatTensor:$new_param, Gnn_FloatTensor:$new_exp_avg,
                      Gnn_FloatTensor:$new_exp_avg_sq);
  let assemblyFormat = [{
    $param `,` $grad `,` $exp_avg `,` $exp_avg_sq `,` $step attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // GNN_GNNTRAINOPS_TD
