//===- BspOps.td - bsp dialect operations -------------------*- tablegen -*-===//
//
// A bsp.program holds declarations (tile-mapped tensors, host streams) and
// the steps that run in order: host transfers, compute sets, exchanges,
// syncs and repeats. Steps refer to declarations by symbol. See
// Rationale.md for the execution model.
//
//===----------------------------------------------------------------------===//
#ifndef BSP_OPS_TD
#define BSP_OPS_TD

include "bsp/BspDialect.td"
include "bsp/BspAttrs.td"
include "bsp/BspEnums.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Bsp_Tensor : StaticShapeTensorOf<[AnyFloat, AnySignlessInteger]>;

class Bsp_Op<string mnemonic, list<Trait> traits = []>
    : Op<Bsp_Dialect, mnemonic, traits>;

/// Steps run in order in a program or in the body of a repeat.
def Bsp_StepParent : ParentOneOf<["ProgramOp", "RepeatOp"]>;

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

def Bsp_ProgramOp : Bsp_Op<"program",
    [IsolatedFromAbove, Symbol, SymbolTable, SingleBlock, NoTerminator,
     NoRegionArguments]> {
  let summary = "A bulk-synchronous program for one target machine";
  let description = [{
    The unit that runs on the device. The attribute names the machine; the
    body holds declarations (`bsp.tensor`, `bsp.host_stream`), which may
    appear anywhere in it, and steps (`bsp.stream_copy`, `bsp.compute_set`,
    `bsp.exchange`, `bsp.sync`, `bsp.repeat`), which run one after the other
    in the order written. Only bsp ops may appear in the body, and programs
    do not nest.

    The verifier checks that every tile range used inside (in vertices,
    mappings, anywhere in an attribute) lies within the target's
    `tiles_per_ipu * ipus` tiles, and that the names of compute sets and
    exchanges are unique in the whole program, repeats included.

    ```mlir
    bsp.program @gcn target(#bsp.target<tiles_per_ipu = 1472,
        bytes_per_tile = 638976, ipus = 1, clock_hz = 1.85e9,
        exchange_bytes_per_cycle = 4, sync_cycles = 600>) {
      bsp.tensor @x : tensor<2944x16xf32>
          mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
      bsp.host_stream @x_in : tensor<2944x16xf32> direction(host_to_device)
      bsp.stream_copy @x_in -> @x
      bsp.compute_set @relu {
        bsp.vertex "relu" tiles(#bsp.tiles<0, 1472>) ins(@x) outs(@x)
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Bsp_TargetAttr:$target);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $sym_name `target` `(` qualified($target) `)` attr-dict-with-keyword $bodyRegion
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::bsp::TargetAttr":$target)>
  ];
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

def Bsp_TensorOp : Bsp_Op<"tensor", [Symbol, HasParent<"ProgramOp">]> {
  let summary = "A tensor variable distributed over tiles";
  let description = [{
    Declares a statically shaped tensor that lives in tile memory, laid out as
    its `#bsp.mapping` says: a block distribution of one dimension over a tile
    range, or a replica on every tile of a range. Steps refer to it by symbol.

    The verifier checks that the mapped dimension exists, that the blocks
    cover it, and that the largest slice any tile holds fits in the
    `bytes_per_tile` of the program's target (elements take their bit width
    rounded up to whole bytes). Checking the sum over all tensors on a tile is
    left to memory planning, which knows lifetimes.

    Optional attributes: `offset`, the byte address of the tensor's slice
    on each of its tiles (set by `bsp-plan-memory`); `state`, the name of
    the model-level state (a parameter, optimizer state or buffer) the
    tensor holds across executions and programs; `value`, constant contents
    written when the program is loaded.

    ```mlir
    bsp.tensor @h : tensor<2944x16xf32>
        mapping(#bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>)
    bsp.tensor @w : tensor<16x16xf32>
        mapping(#bsp.mapping<replicated, tiles = #bsp.tiles<0, 1472>>)
        {offset = 4096 : i64, state = "conv1.lin.weight"}
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<Bsp_Tensor>:$type,
    Bsp_MappingAttr:$mapping,
    OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$offset,
    OptionalAttr<StrAttr>:$state,
    OptionalAttr<ElementsAttr>:$value
  );
  let builders = [
    OpBuilder<(ins "::mlir::StringAttr":$sym_name, "::mlir::TypeAttr":$type,
                   "::mlir::bsp::MappingAttr":$mapping), [{
      build($_builder, $_state, sym_name, type, mapping, nullptr, nullptr,
            nullptr);
    }]>
  ];
  let assemblyFormat = [{
    $sym_name `:` $type `mapping` `(` qualified($mapping) `)` attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
    /// Bytes of one element: its bit width rounded up to whole bytes.
    int64_t getElementBytes();
    /// Bytes of the slice `tile` holds; 0 when it holds nothing.
    int64_t getBytesOnTile(int64_t tile);
    /// Bytes of the largest slice any tile holds (the first tile's).
    int64_t getMaxBytesPerTile();
  }];
}

def Bsp_HostStreamOp : Bsp_Op<"host_stream", [Symbol, HasParent<"ProgramOp">]> {
  let summary = "A data stream between the host and the device";
  let description = [{
    Declares a stream of whole tensors: the host fills a `host_to_device`
    stream (model inputs, parameters) and drains a `device_to_host` stream
    (outputs). `bsp.stream_copy` moves one tensor through it per execution.

    ```mlir
    bsp.host_stream @x_in : tensor<2944x16xf32> direction(host_to_device)
    bsp.host_stream @y_out : tensor<2944x7xf32> direction(device_to_host)
        {binding = "out", role = "output"}
    ```

    `binding` is the model-level name the host binds to the stream (a
    function argument's or result's `gnn.name`) and `role` its `gnn.role`.
    `row_order` names a permutation of dim 0 (the module attribute
    `gnn.row_orders`, from gnn-renumber-graph): the device holds the rows in
    that order and the runtime converts from and to the host's.
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<Bsp_Tensor>:$type,
    Bsp_StreamDirection:$direction,
    OptionalAttr<StrAttr>:$binding,
    OptionalAttr<StrAttr>:$role,
    OptionalAttr<StrAttr>:$row_order
  );
  let builders = [
    OpBuilder<(ins "::mlir::StringAttr":$sym_name, "::mlir::TypeAttr":$type,
                   "::mlir::bsp::StreamDirectionAttr":$direction,
                   "::mlir::StringAttr":$binding, "::mlir::StringAttr":$role), [{
      build($_builder, $_state, sym_name, type, direction, binding, role,
            nullptr);
    }]>
  ];
  let assemblyFormat = [{
    $sym_name `:` $type `direction` `(` $direction `)` attr-dict
  }];
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

//===----------------------------------------------------------------------===//
// Steps
//===----------------------------------------------------------------------===//

def Bsp_StreamCopyOp : Bsp_Op<"stream_copy",
    [Bsp_StepParent, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Transfers a tensor between a host stream and the device";
  let description = [{
    Copies the next tensor of a `host_to_device` stream into a `bsp.tensor`
    (scattering it over the tensor's tiles), or a `bsp.tensor` into a
    `device_to_host` stream. One side must be a stream and the other a
    tensor of the same type, and the stream's direction must agree.

    ```mlir
    bsp.stream_copy @x_in -> @x
    bsp.stream_copy @y -> @y_out
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, FlatSymbolRefAttr:$dest);
  let assemblyFormat = "$source `->` $dest attr-dict";
}

def Bsp_ComputeSetOp : Bsp_Op<"compute_set",
    [Bsp_StepParent, SingleBlock, NoTerminator, NoRegionArguments]> {
  let summary = "A compute phase: vertices that run in parallel";
  let description = [{
    One compute superstep. Every `bsp.vertex` in the body runs at the same
    time, each on every tile of its range; the step ends when all of them have
    finished. Vertices therefore must not race: a tensor may not be written
    by two vertices on overlapping tiles, nor read by one vertex on tiles
    where another writes it (a vertex may read and write the same tensor, an
    in-place update).

    The name labels the phase in schedules and profiles; it is unique among
    the compute sets and exchanges of the program but is not a symbol (a
    phase can sit in a `bsp.repeat`, which is not a symbol table).

    ```mlir
    bsp.compute_set @layer1 {
      bsp.vertex "matmul" tiles(#bsp.tiles<0, 1472>) ins(@x, @w) outs(@h)
      bsp.vertex "fill" tiles(#bsp.tiles<0, 1472>) ins() outs(@acc)
          params {value = 0.0 : f32}
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$phase_name);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$phase_name attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
  let extraClassDeclaration = [{
    auto getVertices() { return getBody()->getOps<VertexOp>(); }
  }];
}

def Bsp_VertexOp : Bsp_Op<"vertex",
    [HasParent<"ComputeSetOp">, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "A codelet run SPMD on every tile of a range";
  let description = [{
    Stands for one instance of the codelet on each tile of `tiles`. Each
    instance sees the slices of the `ins` and `outs` tensors that the
    tensors' mappings place on its tile, so every operand must be mapped over
    (at least) the vertex's tiles. `params` are compile-time constants passed
    to every instance alike. A tensor may appear in both `ins` and `outs`
    (updated in place) but only once in `outs`; there must be an output.

    ```mlir
    bsp.vertex "gcn_aggregate" tiles(#bsp.tiles<0, 1472>) ins(@h, @adj)
        outs(@agg) params {normalize = true}
    ```

    `halo_reads`, pairs (buffer, refs) of positions in `ins`, says that of
    the buffer the vertex reads, on each tile, only the rows its slice of
    the refs names with negative entries (ref < 0 is row -ref-1 of the
    tile's slice): a halo buffer sized for the busiest tile, which the
    others fill only in part. The refs must be an i32 tensor with a constant
    `value`. Checks of what a vertex reads (bsp-verify-exchange) take it
    into account; the codelet still sees the whole slice.

    ```mlir
    bsp.vertex "halo.gather" tiles(#bsp.tiles<0, 4>) ins(@x, @halo, @refs)
        outs(@out) {halo_reads = array<i64: 1, 2>}
    ```
  }];
  let arguments = (ins
    StrAttr:$codelet,
    Bsp_TilesAttr:$tiles,
    FlatSymbolRefArrayAttr:$ins,
    FlatSymbolRefArrayAttr:$outs,
    OptionalAttr<DictionaryAttr>:$params,
    OptionalAttr<DenseI64ArrayAttr>:$halo_reads
  );
  let builders = [
    OpBuilder<(ins "::mlir::StringAttr":$codelet, "::mlir::bsp::TilesAttr":$tiles,
                   "::mlir::ArrayAttr":$ins, "::mlir::ArrayAttr":$outs,
                   "::mlir::DictionaryAttr":$params), [{
      build($_builder, $_state, codelet, tiles, ins, outs, params, nullptr);
    }]>
  ];
  let assemblyFormat = [{
    $codelet `tiles` `(` qualified($tiles) `)`
    `ins` `(` custom<SymbolList>($ins) `)`
    `outs` `(` custom<SymbolList>($outs) `)`
    (`params` $params^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Bsp_ExchangeOp : Bsp_Op<"exchange",
    [Bsp_StepParent, SingleBlock, NoTerminator, NoRegionArguments,
     DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "An exchange phase: copies between tile-mapped tensors";
  let description = [{
    One exchange superstep: all `bsp.copy` ops in the body move their data at
    the same time, each tile sending what it holds of the sources to the
    tiles that hold the destinations. The copies must not race: no two may
    write overlapping elements of a tensor, and none may read elements
    another writes (each run of a `runs` copy counts as a copy of its own).
    The name labels the phase, as for `bsp.compute_set`.

    ```mlir
    bsp.exchange @halo {
      bsp.copy @h[0 : 32] -> @halo[32 : 64]
      bsp.copy @w -> @w_rep
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$phase_name);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$phase_name attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
  let extraClassDeclaration = [{
    auto getCopies() { return getBody()->getOps<CopyOp>(); }
  }];
}

def Bsp_CopyOp : Bsp_Op<"copy",
    [HasParent<"ExchangeOp">, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Copies elements of one tile-mapped tensor into another";
  let description = [{
    Copies the elements `[source_begin, source_end)` of `source` to
    `[dest_begin, dest_end)` of `dest`, both counted in the row-major
    flattening of the tensor; a side without a range means the whole tensor.
    Both sides must have the same element type and number of elements; the
    shapes and mappings may differ (a copy can re-layout a tensor). A
    replicated destination receives the elements in every replica. Within one
    tensor the two ranges must not overlap.

    The `runs` form moves many element runs at once (a halo exchange gathers
    thousands of rows into one tile): flat triples `[s, d, n, ...]`, each
    copying `[s, s + n)` of `source` to `[d, d + n)` of `dest`, exactly as
    one copy per triple would. It takes no ranges; it holds at least one
    triple; counts are positive, the runs in bounds, the destination runs
    disjoint, and within one tensor no run reads what another writes.

    ```mlir
    bsp.copy @h[0 : 32] -> @halo[32 : 64]
    bsp.copy @w -> @w_rep
    // Rows 7 and 2 (16 elements each) of @h to rows 0 and 1 of @halo.
    bsp.copy @h -> @halo runs [112, 0, 16, 32, 16, 16]
    ```
  }];
  let arguments = (ins
    FlatSymbolRefAttr:$source,
    OptionalAttr<I64Attr>:$source_begin,
    OptionalAttr<I64Attr>:$source_end,
    FlatSymbolRefAttr:$dest,
    OptionalAttr<I64Attr>:$dest_begin,
    OptionalAttr<I64Attr>:$dest_end,
    OptionalAttr<DenseI64ArrayAttr>:$runs
  );
  let assemblyFormat = [{
    $source (`[` $source_begin^ `:` $source_end `]`)?
    `->` $dest (`[` $dest_begin^ `:` $dest_end `]`)?
    (`runs` $runs^)? attr-dict
  }];
  let builders = [
    // The range form, as before `runs` existed.
    OpBuilder<(ins "::mlir::FlatSymbolRefAttr":$source,
      "::mlir::IntegerAttr":$source_begin, "::mlir::IntegerAttr":$source_end,
      "::mlir::FlatSymbolRefAttr":$dest, "::mlir::IntegerAttr":$dest_begin,
      "::mlir::IntegerAttr":$dest_end), [{
      build($_builder, $_state, source, source_begin, source_end, dest,
            dest_begin, dest_end, ::mlir::DenseI64ArrayAttr());
    }]>,
    // The runs form: flat (source, dest, count) triples.
    OpBuilder<(ins "::llvm::StringRef":$source, "::llvm::StringRef":$dest,
      "::llvm::ArrayRef<int64_t>":$runs), [{
      build($_builder, $_state,
            ::mlir::FlatSymbolRefAttr::get($_builder.getContext(), source),
            {}, {}, ::mlir::FlatSymbolRefAttr::get($_builder.getContext(), dest),
            {}, {}, $_builder.getDenseI64ArrayAttr(runs));
    }]>
  ];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The flattened element range read from `source`, a tensor of
    /// `numElements` elements (range form only).
    std::pair<int64_t, int64_t> getSourceRange(int64_t numElements);
    /// The flattened element range written to `dest` (range form only).
    std::pair<int64_t, int64_t> getDestRange(int64_t numElements);
    /// The element runs the copy moves, in order: the triples of `runs`, or
    /// the one run of the range form. `sourceElements` is the size of
    /// `source`; the copy is expected to have verified.
    ::llvm::SmallVector<CopyRun> getElementRuns(int64_t sourceElements);
  }];
}

def Bsp_SyncOp : Bsp_Op<"sync", [Bsp_StepParent]> {
  let summary = "Waits until all tiles have reached this point";
  let description = [{
    A barrier between supersteps: `internal` synchronises the tiles of each
    IPU, `global` all tiles of all IPUs (needed before an exchange that
    crosses IPUs). It costs the target's `sync_cycles`.

    ```mlir
    bsp.sync internal
    bsp.sync global
    ```
  }];
  let arguments = (ins Bsp_SyncScope:$scope);
  let assemblyFormat = "$scope attr-dict";
}

def Bsp_RepeatOp : Bsp_Op<"repeat",
    [Bsp_StepParent, SingleBlock, NoTerminator, NoRegionArguments]> {
  let summary = "Runs the enclosed steps a fixed number of times";
  let description = [{
    Runs the steps of the body, in order, `count` (> 0) times: the layers of
    a model, or training iterations. Declarations stay in the program.

    ```mlir
    bsp.repeat 10 {
      bsp.compute_set @step { bsp.vertex "sgd" tiles(#bsp.tiles<0, 4>) ins(@g) outs(@w) }
      bsp.sync internal
    }
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntPositive]>:$count);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$count attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "int64_t":$count)>];
}

#endif // BSP_OPS_TD
