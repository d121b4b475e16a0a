//===- BspPasses.td - passes on bsp programs -----------------*- tablegen -*-===//
//
// Included at the end of Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_TRANSFORMS_BSPPASSES_TD
#define GNNC_TRANSFORMS_BSPPASSES_TD

include "mlir/Pass/PassBase.td"

def BspPlanMemory : Pass<"bsp-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Assigns tile memory addresses to bsp tensors from their lifetimes";
  let description = [{
    Sets `offset` on every `bsp.tensor` of every `bsp.program`: tensors whose
    lifetimes (first to last step that touches them; state, constants and
    stream targets as documented) do not overlap may share bytes on tiles
    they share. Overflow is an error naming the tile, its bytes against the
    limit, the largest tensors live there and what to change.
  }];
  let options = [
    Option<"reservedBytes", "reserved-bytes", "int64_t", /*default=*/"0",
           "Bytes per tile kept free for code, stacks and exchange buffers">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write a per-tile memory report (JSON) to this file">
  ];
  let dependentDialects = ["::mlir::bsp::BspDialect"];
}

def BspVerifyExchange : Pass<"bsp-verify-exchange", "::mlir::ModuleOp"> {
  let summary = "Checks that every tile reads only data delivered and synced before";
  let description = [{
    Re-derives, for every vertex on every tile, the elements it reads, and
    checks that each was written (stream copy, constant, state, compute or
    exchange) before, with a sync between an exchange and a compute set (and
    between a compute set and an exchange) that touch the same tensor.
  }];
  let dependentDialects = ["::mlir::bsp::BspDialect"];
}

#endif // GNNC_TRANSFORMS_BSPPASSES_TD
