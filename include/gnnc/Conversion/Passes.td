//===- Passes.td - gnn to bsp partitioning and lowering ----*- tablegen -*-===//
#ifndef GNNC_CONVERSION_PASSES_TD
#define GNNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def GnnPartition : Pass<"gnn-partition", "::mlir::ModuleOp"> {
  let summary = "Chooses a tile mapping for every tensor and a parallel plan for every op";
  let description = [{
    Annotates every static gnn function for one target machine. Each value
    gets a `#bsp.mapping` (result attribute `bsp.mapping` of its op, or the
    argument attribute of the same name): node, edge and graph rows are
    blocked on dim 0 over the tiles, with one block size per row count so
    that row-local ops line up. Each op gets `bsp.plan`, a dictionary whose
    `kind` is one of:

    * `rows`: the op runs on each tile's rows; aligned operands are read in
      place, small operands (weights, biases, scalars, gather tables) are
      broadcast to the op's tiles;
    * `scatter`: segment reductions (scatter, degree, global pooling): `G`
      groups of tiles each reduce a share of the rows into a full-size
      partial, the partials are re-laid out by segment and combined
      (PopLibs' multiUpdateAdd plan); `groups` is chosen by the cost model;
    * `gather_grouped`: the table is broadcast to `groups` tiles which look
      up their share of the indices (PopLibs' multiSlice with the table
      replicated);
    * `reduce_rows`, `contract`, `loss`: reductions over rows (sum/mean/max/
      min, `transpose(A) · B` weight gradients, masked losses) as partial
      per tile plus combine;
    * `serial`: the whole op on one tile (ops without a distributed plan).

    See docs/Partitioning.md.
  }];
  let options = [
    Option<"targetName", "target", "std::string", /*default=*/"\"gc200\"",
           "Target machine: gc200, bow or test (4 tiles of 64 KiB)">,
    Option<"numIpus", "ipus", "int64_t", /*default=*/"1",
           "Number of IPUs">,
    Option<"tiles", "tiles", "int64_t", /*default=*/"0",
           "Use only this many tiles per IPU (0: all)">,
    Option<"minRowBytes", "min-bytes-per-tile", "int64_t", /*default=*/"256",
           "Smallest slice a tile gets of a row-blocked tensor (PopLibs' grain)">
  ];
  let dependentDialects = ["::mlir::bsp::BspDialect"];
}

def ConvertGnnToBsp : Pass<"convert-gnn-to-bsp", "::mlir::ModuleOp"> {
  let summary = "Lowers partitioned gnn functions to bsp programs";
  let description = [{
    Turns every function annotated by `gnn-partition` into a `bsp.program`
    of the same name: one `bsp.tensor` per value with its mapping, host
    streams for the arguments and results (bound by `gnn.name` and
    `gnn.role`), constants as initialised tensors, parameters and optimizer
    state as `state` tensors updated in place, and per op its exchanges
    (broadcasts, re-layouts, partial re-distribution), a sync and a compute
    set of the codelets in docs/Codelets.md. The functions are removed.
  }];
  let dependentDialects = ["::mlir::bsp::BspDialect"];
}

#endif // GNNC_CONVERSION_PASSES_TD
