//===- InitAll.h - Register every gnnc dialect and pass ---------*- C++ -*-===//
//
// The single place tools and embedders call to see the whole compiler.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_INITALL_H
#define GNNC_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace gnnc {

/// The gnn and bsp dialects plus the upstream dialects gnnc programs use
/// (func, arith, tensor).
void registerAllDialects(mlir::DialectRegistry &registry);

/// gnnc's passes and the upstream core transforms (canonicalize, cse, ...).
void registerAllPasses();

} // namespace gnnc

#endif // GNNC_INITALL_H
