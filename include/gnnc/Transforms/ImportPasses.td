//===- ImportPasses.td - gnn passes (continued) ---------------------*- tablegen -*-===//
//
// Included at the end of Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_TRANSFORMS_IMPORTPASSES_TD
#define GNNC_TRANSFORMS_IMPORTPASSES_TD

include "mlir/Pass/PassBase.td"

#endif // GNNC_TRANSFORMS_IMPORTPASSES_TD
