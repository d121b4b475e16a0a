//===- Executable.h - bsp programs to a gnnc executable ---------*- C++ -*-===//
#ifndef GNNC_TARGET_EXECUTABLE_H
#define GNNC_TARGET_EXECUTABLE_H

#include "gnnc/executable.pb.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"

namespace gnnc {

/// The executable (proto/executable.proto) of the bsp.program ops of
/// `module`, with the state initial values of its gnn.state_init attribute;
/// what `gnn-translate --bsp-to-executable` writes. Errors are diagnostics.
mlir::FailureOr<gnnc::exec::Executable> buildExecutableProto(mlir::Operation *module);

} // namespace gnnc

#endif // GNNC_TARGET_EXECUTABLE_H
