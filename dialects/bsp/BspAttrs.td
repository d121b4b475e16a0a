//===- BspAttrs.td - bsp dialect attributes -----------------*- tablegen -*-===//
//
// The target machine, tile ranges and tensor tile mappings.
//
//===----------------------------------------------------------------------===//
#ifndef BSP_ATTRS_TD
#define BSP_ATTRS_TD

include "bsp/BspDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Bsp_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Bsp_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

/// A double written as an MLIR float literal (`1.85e9`, `2.0e9`; an integer
/// literal needs a trailing `.0`).
def Bsp_F64Parameter : AttrParameter<"::llvm::APFloat", "double value"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
      double value;
      if ($_parser.parseFloat(value))
        return ::mlir::failure();
      return ::llvm::APFloat(value);
    }() }];
  let printer = "$_printer << $_self";
}

//===----------------------------------------------------------------------===//
// Target
//===----------------------------------------------------------------------===//

def Bsp_TargetAttr : Bsp_Attr<"Target", "target"> {
  let summary = "The tiled machine a program runs on";
  let description = [{
    The hardware model: how many tiles each IPU has, the SRAM of one tile,
    how many IPUs, the clock, the exchange bandwidth of one tile, the cost of
    a sync and the hardware worker threads of a tile. It carries the fields of
    `gnnrt::TargetModel` (see `toTargetModel()`), which the cost model and
    the simulator read. Every field must be positive. `workers_per_tile` may
    be left out (6).

    ```mlir
    #bsp.target<tiles_per_ipu = 1472, bytes_per_tile = 638976, ipus = 1,
                clock_hz = 1.85e9, exchange_bytes_per_cycle = 4,
                sync_cycles = 600>
    ```
  }];
  let parameters = (ins
    "int64_t":$tiles_per_ipu,
    "int64_t":$bytes_per_tile,
    "int64_t":$ipus,
    Bsp_F64Parameter:$clock_hz,
    "int64_t":$exchange_bytes_per_cycle,
    "int64_t":$sync_cycles,
    DefaultValuedParameter<"int64_t", "6">:$workers_per_tile
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "const ::gnnrt::TargetModel &":$model), [{
      return $_get($_ctxt, model.tilesPerIpu, model.bytesPerTile,
                   model.numIpus, ::llvm::APFloat(model.clockHz),
                   model.exchangeBytesPerCycle, model.syncCycles,
                   model.workersPerTile);
    }]>
  ];
  let extraClassDeclaration = [{
    /// Tiles of all IPUs together; tile ids are [0, getTotalTiles()).
    int64_t getTotalTiles() const { return getTilesPerIpu() * getIpus(); }
    double getClockHzValue() const { return getClockHz().convertToDouble(); }
    /// The runtime's description of the same machine.
    ::gnnrt::TargetModel toTargetModel() const;
  }];
}

//===----------------------------------------------------------------------===//
// Tile ranges
//===----------------------------------------------------------------------===//

def Bsp_TilesAttr : Bsp_Attr<"Tiles", "tiles"> {
  let summary = "A contiguous range of tiles";
  let description = [{
    The tiles `[first, first + count)`, numbered globally across IPUs (tile
    `t` is on IPU `t / tiles_per_ipu`). The set of tiles an SPMD vertex runs
    on, or over which a tensor is mapped. `first >= 0`, `count >= 1`; the
    enclosing `bsp.program` checks the range against its target.

    ```mlir
    #bsp.tiles<0, 1472>
    ```
  }];
  let parameters = (ins "int64_t":$first, "int64_t":$count);
  let assemblyFormat = "`<` $first `,` $count `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// One past the last tile.
    int64_t getEnd() const { return getFirst() + getCount(); }
    bool contains(int64_t tile) const {
      return tile >= getFirst() && tile < getEnd();
    }
    bool contains(TilesAttr other) const {
      return other.getFirst() >= getFirst() && other.getEnd() <= getEnd();
    }
    bool overlaps(TilesAttr other) const {
      return getFirst() < other.getEnd() && other.getFirst() < getEnd();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Tensor mappings
//===----------------------------------------------------------------------===//

def Bsp_MappingAttr : Bsp_Attr<"Mapping", "mapping"> {
  let summary = "How a tensor is laid out over tiles";
  let description = [{
    Either a block distribution of one dimension over a tile range, or a
    replica of the whole tensor on every tile of a range.

    Blocked: tile `first + k` holds the slice `[k * block, (k + 1) * block)`
    of dimension `dim` (clamped to the dimension's size; tiles past the end
    hold nothing) and all of the other dimensions. A tensor with this mapping
    must be covered: `count * block >= size(dim)`.

    ```mlir
    #bsp.mapping<dim = 0, block = 2, tiles = #bsp.tiles<0, 1472>>
    #bsp.mapping<replicated, tiles = #bsp.tiles<0, 1472>>
    ```
  }];
  let parameters = (ins
    "bool":$replicated,
    "int64_t":$dim,
    "int64_t":$block,
    "::mlir::bsp::TilesAttr":$tiles
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilderWithInferredContext<(ins "::mlir::bsp::TilesAttr":$tiles,
                                        "int64_t":$dim, "int64_t":$block), [{
      return $_get(tiles.getContext(), false, dim, block, tiles);
    }]>,
    AttrBuilderWithInferredContext<(ins "::mlir::bsp::TilesAttr":$tiles), [{
      return $_get(tiles.getContext(), true, 0, 0, tiles);
    }]>
  ];
  let extraClassDeclaration = [{
    /// The half-open range [begin, end) of dimension `dim` (all of it when
    /// replicated) that `tile` holds of a dimension of `dimSize` elements;
    /// empty (begin == end) when the tile holds nothing.
    std::pair<int64_t, int64_t> getSliceOnTile(int64_t tile,
                                               int64_t dimSize) const;
    /// The largest extent along `dim` any tile holds.
    int64_t getMaxExtent(int64_t dimSize) const;
  }];
}

#endif // BSP_ATTRS_TD
