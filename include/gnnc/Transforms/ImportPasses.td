//===- ImportPasses.td - gnn passes (continued) ---------------------*- tablegen -*-===//
//
// Included at the end of Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_TRANSFORMS_IMPORTPASSES_TD
#define GNNC_TRANSFORMS_IMPORTPASSES_TD

include "mlir/Pass/PassBase.td"

def GnnDecomposeSegmentSoftmax
    : Pass<"gnn-decompose-segment-softmax", "func::FuncOp"> {
  let summary = "Rewrites gnn.segment_softmax into scatters, gathers and elementwise ops";
  let description = [{
    Replaces `segment_softmax(src, index, mask)` by its definition, PyG's
    `exp(src - max[index]) / (sum[index] + 1e-16)`: a `scatter max`, a
    `gather` of the maxima, `sub`, `exp`, masked rows set to 0, a `scatter
    sum`, a `gather` of the sums and a `div`. Masked rows read index 0
    instead of theirs (padding indices are never dereferenced) and come out
    as 0, as in the op. The result equals the op's up to the order of the
    sums; the partitioner then gives every piece a distributed plan instead
    of running the whole softmax on one tile.
  }];
  let dependentDialects = ["::mlir::gnn::GnnDialect"];
}

#endif // GNNC_TRANSFORMS_IMPORTPASSES_TD
