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
    Sets `offset` on every `bsp.tensor` of every `bsp.program` in the module.
    A tensor reserves its largest per-tile slice, rounded up to 8 bytes, at
    the same offset on every tile of its mapping.

    Lifetimes (the simulator checks the same rule when it loads an
    executable): steps are numbered in pre-order (a `bsp.repeat` is a step
    and its body's steps follow it); a tensor lives from the first to the
    last step that refers to it (stream copy source or destination, vertex
    `ins`/`outs`, copy source or destination), where a reference inside a
    repeat stands for the whole outermost repeat around it; tensors with
    `state` or `value` live for the whole program. Two tensors may share
    bytes only if their lifetimes do not overlap or their tile ranges do not
    intersect.

    Placement is first-fit, largest tensors first, over the address ranges of
    the conflicting tensors already placed. A tile that needs more than
    `bytes_per_tile - reserved-bytes` is an error on the program naming the
    tile, its bytes against the limit, the five largest tensors live there
    at its peak and what to change. On success the program gets
    `bsp.memory = {max_tile_bytes, mean_tile_bytes, peak_tile}`; with
    `report=FILE` a JSON report (per-tile peak bytes, every tensor's offset,
    size and lifetime) is written, also when the plan does not fit. See
    docs/MemoryPlanning.md.
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
    Runs every `bsp.program` abstractly and re-derives, for every vertex on
    every tile of its range, the elements it reads (the tile's slice of each
    `ins` tensor, or its replica) and, for every copy, the source elements it
    reads (from their owner tiles; from a replicated source, the destination
    tile's own replica where there is one, else the first). Element sets are
    intervals over the row-major flat index, tracked per replica where
    writes to a replicated tensor differ between tiles. It checks that:

    * every element read was defined before: by a host stream copy, a
      constant (`value`), model state (`state`, defined at start), a vertex
      that wrote it (its `outs` slices on its tiles) or a copy; this covers
      copy sources and device-to-host stream copies too;
    * a `bsp.sync` separates an exchange or stream copy that writes elements
      from a later compute set reading them, and a compute set that writes
      elements from a later exchange reading them.

    Repeat bodies run twice, so definitions and unsynchronised writes that
    cross iterations are seen. An error names the program, the step (its
    phase name), the vertex or copy, the tensor, the tile and the element
    range. The IR is not changed.
  }];
  let dependentDialects = ["::mlir::bsp::BspDialect"];
}

#endif // GNNC_TRANSFORMS_BSPPASSES_TD
