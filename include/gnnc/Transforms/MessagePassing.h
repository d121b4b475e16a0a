//===- MessagePassing.h - Expanding message_passing -------------*- C++ -*-===//
#ifndef GNNC_TRANSFORMS_MESSAGEPASSING_H
#define GNNC_TRANSFORMS_MESSAGEPASSING_H

namespace mlir {
class Operation;
} // namespace mlir

namespace mlir::gnn {

/// Replaces every gnn.message_passing nested in `root` by gather(sources by
/// src) ++ gather(targets by dst) ++ edge_data, the body's ops and a
/// scatter of the message by dst with the op's edge mask. Inner ops expand
/// first. Returns the number expanded. (The gnn-expand-message-passing pass;
/// gnn-autodiff calls it too.)
unsigned expandMessagePassing(Operation *root);

} // namespace mlir::gnn

#endif // GNNC_TRANSFORMS_MESSAGEPASSING_H
