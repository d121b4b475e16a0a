//===- TrainPasses.td - gnn passes (continued) ---------------------*- tablegen -*-===//
//
// Included at the end of Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_TRANSFORMS_TRAINPASSES_TD
#define GNNC_TRANSFORMS_TRAINPASSES_TD

include "mlir/Pass/PassBase.td"

def GnnAutodiff : Pass<"gnn-autodiff", "ModuleOp"> {
  let summary = "Reverse-mode autodiff: builds a train-step (or gradient) function";
  let description = [{
    Differentiates the scalar loss result of a function (the result whose
    `gnn.name` is `loss`, else its only rank-0 float result) with respect to
    every non-frozen `gnn.parameter` it reads, one rule per op (see
    docs/Training.md), and adds to the module:

    * with an optimizer (`sgd`, `adam`, `adamw`), `@<f>_train_step`, taking
      (parameters, buffers, optimizer state, the function's arguments,
      `step : tensor<i64>`) and returning (new parameters, new buffers, new
      optimizer state, loss, the function's other results);
    * with `optimizer=none`, `@<f>_grad`, taking (parameters, buffers, the
      function's arguments) and returning (loss, other results, one gradient
      per parameter, and with `wrt-arguments` one per float argument).

    Every argument and result carries `gnn.role` (`parameter`, `buffer`,
    `optimizer_state`, `input`, `step`, `loss`, `output`, `gradient`) and
    `gnn.name` (parameters by symbol, state as `<param>.<slot>` with torch's
    slot names `momentum_buffer`, `exp_avg`, `exp_avg_sq`). Calls are inlined
    and message passing is expanded first; the result is static when the
    input is (a dynamic type is an error: run gnn-staticize first). Dropout
    draws its mask from (seed, step, element) and its gradient reuses it.
    Batch-norm running statistics read from frozen parameters come back as
    new buffer values.
  }];
  let options = [
    Option<"function", "function", "std::string", "\"\"",
           "Function to differentiate (default: the only public function with a body)">,
    Option<"loss", "loss", "std::string", "\"loss\"",
           "gnn.name of the loss result (default: loss, else the only scalar float result)">,
    Option<"optimizer", "optimizer", "std::string", "\"adam\"",
           "none, sgd, adam, adamw, or module (the gnn.optimizer module attribute)">,
    Option<"lr", "lr", "double", "0.001", "Learning rate">,
    Option<"momentum", "momentum", "double", "0.0", "SGD momentum">,
    Option<"dampening", "dampening", "double", "0.0", "SGD dampening">,
    Option<"nesterov", "nesterov", "bool", "false", "SGD Nesterov momentum">,
    Option<"weightDecay", "weight-decay", "double", "-1.0",
           "Weight decay (default: 0, and 0.01 for adamw as in torch)">,
    Option<"beta1", "beta1", "double", "0.9", "Adam beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam beta2">,
    Option<"eps", "eps", "double", "1.0e-8", "Adam epsilon">,
    Option<"wrtArguments", "wrt-arguments", "bool", "false",
           "With optimizer=none, also return gradients for float arguments">
  ];
  let dependentDialects = ["::mlir::gnn::GnnDialect",
                           "::mlir::func::FuncDialect"];
  let statistics = [
    Statistic<"savedBytes", "saved-activation-bytes",
              "bytes of forward activations the backward pass reads">,
    Statistic<"numGradientOps", "num-gradient-ops",
              "ops emitted for the backward pass and the optimizer">
  ];
}

#endif // GNNC_TRANSFORMS_TRAINPASSES_TD
