//===- BspDialect.td - The bsp dialect ---------------------*- tablegen -*-===//
//
// Bulk-synchronous tile programs in the style of Poplar: tile-mapped tensors,
// compute sets of SPMD vertices, exchanges and syncs. The target of lowering
// from gnn; see Rationale.md.
//
//===----------------------------------------------------------------------===//
#ifndef BSP_DIALECT_TD
#define BSP_DIALECT_TD

include "mlir/IR/OpBase.td"

def Bsp_Dialect : Dialect {
  let name = "bsp";
  let cppNamespace = "::mlir::bsp";
  let summary = "Bulk-synchronous programs for tiled processors";
  let description = [{
    The `bsp` dialect describes a program for an IPU-style machine: many tiles,
    each with its own small SRAM, that alternate between a compute phase (every
    tile runs its vertices on local data), a sync, and an exchange phase
    (tiles copy data to each other). A `bsp.program` names the machine it runs
    on with a `#bsp.target` attribute; its body declares tile-mapped tensors
    (`bsp.tensor`) and host streams (`bsp.host_stream`) and then lists the
    steps in execution order.

    Work is SPMD over tile ranges (`#bsp.tiles<first, count>`): one
    `bsp.vertex` op stands for the same codelet on every tile of its range,
    each tile working on the slice of its operands that the tensors' mappings
    place there. Nothing in the dialect hard-codes a tile count or a memory
    size; the verifiers check tile ranges and per-tile memory against the
    program's target. See dialects/bsp/Rationale.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (BspAttrs.cpp, where their storage is).
    void registerAttributes();
  }];
}

#endif // BSP_DIALECT_TD
