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

#endif // GNNC_TRANSFORMS_PASSES_TD
