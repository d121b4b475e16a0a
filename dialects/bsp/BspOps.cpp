//===- BspOps.cpp - bsp dialect operations --------------------------------===//
//
// Structural checks live in each op's verifier; checks that need to resolve a
// symbol are in verifySymbolUses, which the program (a symbol table) runs
// after its body has been verified. Tile ranges are checked against the
// target once, by the program.
//
//===----------------------------------------------------------------------===//
#include "bsp/BspOps.h"

#include <limits>

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::bsp;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {
/// A half-open range, printed in diagnostics as `[begin, end)`.
struct Range {
  int64_t begin, end;
};

Diagnostic &operator<<(Diagnostic &diag, Range range) {
  return diag << "[" << range.begin << ", " << range.end << ")";
}
} // namespace

static Range tileRange(TilesAttr tiles) {
  return {tiles.getFirst(), tiles.getEnd()};
}

/// Resolves `ref` from `user` to an op of type OpTy, or reports why not.
template <typename OpTy>
static FailureOr<OpTy> lookupDecl(Operation *user,
                                  SymbolTableCollection &symbolTable,
                                  FlatSymbolRefAttr ref, StringRef expected) {
  Operation *decl = symbolTable.lookupNearestSymbolFrom(user, ref);
  if (!decl)
    return user->emitOpError("'") << ref.getValue()
                                  << "' does not name a declaration of the "
                                     "enclosing program";
  auto op = dyn_cast<OpTy>(decl);
  if (!op)
    return user->emitOpError("'")
           << ref.getValue() << "' is a '" << decl->getName() << "', expected "
           << expected;
  return op;
}

/// Only ops of the bsp dialect (declarations and steps) may appear in the
/// body of a program or a repeat; their own parent constraints do the rest.
static LogicalResult verifyBspOnly(Operation *container, Block &body);

/// The single, empty block of a program, compute set, exchange or repeat.
static void addBody(OperationState &state) {
  state.addRegion()->emplaceBlock();
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// A possibly empty list `@a, @b` of flat symbol references.
static ParseResult parseSymbolList(OpAsmParser &parser, ArrayAttr &symbols) {
  SmallVector<Attribute> refs;
  StringAttr name;
  if (succeeded(parser.parseOptionalSymbolName(name))) {
    refs.push_back(FlatSymbolRefAttr::get(name));
    while (succeeded(parser.parseOptionalComma())) {
      if (parser.parseSymbolName(name))
        return failure();
      refs.push_back(FlatSymbolRefAttr::get(name));
    }
  }
  symbols = parser.getBuilder().getArrayAttr(refs);
  return success();
}

static void printSymbolList(OpAsmPrinter &printer, Operation *,
                            ArrayAttr symbols) {
  llvm::interleaveComma(symbols, printer, [&](Attribute symbol) {
    printer.printSymbolName(cast<FlatSymbolRefAttr>(symbol).getValue());
  });
}

#define GET_OP_CLASSES
#include "bsp/BspOps.cpp.inc"

static LogicalResult verifyBspOnly(Operation *container, Block &body) {
  for (Operation &op : body) {
    if (op.getDialect() != container->getDialect() || isa<ProgramOp>(op))
      return op.emitOpError("cannot appear in a '")
             << container->getName()
             << "'; its body holds only bsp declarations and steps";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

void ProgramOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      TargetAttr target) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getTargetAttrName(state.name), target);
  addBody(state);
}

LogicalResult ProgramOp::verify() {
  // Every tile range, wherever it appears in an attribute, is on the target.
  // Checked on entry, before the nested ops' own verifiers, which may rely
  // on it.
  int64_t totalTiles = getTarget().getTotalTiles();
  WalkResult walk = getBody()->walk([&](Operation *op) -> WalkResult {
    TilesAttr bad;
    op->getAttrDictionary().walk([&](TilesAttr tiles) {
      if (!bad && tiles.getEnd() > totalTiles)
        bad = tiles;
    });
    if (!bad)
      return WalkResult::advance();
    op->emitOpError("uses tiles ")
        << tileRange(bad) << " but the target has " << totalTiles << " tiles";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

LogicalResult ProgramOp::verifyRegions() {
  if (failed(verifyBspOnly(*this, *getBody())))
    return failure();

  // Phase names are unique in the whole program, repeats included.
  llvm::DenseMap<StringAttr, Operation *> phases;
  WalkResult walk = getBody()->walk([&](Operation *op) -> WalkResult {
    StringAttr name;
    if (auto computeSet = dyn_cast<ComputeSetOp>(op))
      name = computeSet.getPhaseNameAttr();
    else if (auto exchange = dyn_cast<ExchangeOp>(op))
      name = exchange.getPhaseNameAttr();
    if (!name)
      return WalkResult::advance();
    auto [it, inserted] = phases.try_emplace(name, op);
    if (inserted)
      return WalkResult::advance();
    InFlightDiagnostic diag = op->emitOpError("reuses the phase name '")
                              << name.getValue() << "'";
    diag.attachNote(it->second->getLoc()) << "first used here";
    return WalkResult::interrupt();
  });
  if (walk.wasInterrupted())
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// TensorOp
//===----------------------------------------------------------------------===//

int64_t TensorOp::getElementBytes() {
  return (getTensorType().getElementTypeBitWidth() + 7) / 8;
}

int64_t TensorOp::getBytesOnTile(int64_t tile) {
  RankedTensorType type = getTensorType();
  MappingAttr mapping = getMapping();
  if (mapping.getReplicated())
    return mapping.getTiles().contains(tile)
               ? type.getNumElements() * getElementBytes()
               : 0;
  int64_t dimSize = type.getDimSize(mapping.getDim());
  auto [begin, end] = mapping.getSliceOnTile(tile, dimSize);
  int64_t rest = dimSize == 0 ? 0 : type.getNumElements() / dimSize;
  return (end - begin) * rest * getElementBytes();
}

int64_t TensorOp::getMaxBytesPerTile() {
  return getBytesOnTile(getMapping().getTiles().getFirst());
}

LogicalResult TensorOp::verify() {
  RankedTensorType type = getTensorType();
  MappingAttr mapping = getMapping();
  if (!mapping.getReplicated()) {
    int64_t dim = mapping.getDim();
    if (dim >= type.getRank())
      return emitOpError("mapping dimension ")
             << dim << " is out of range for a tensor of rank "
             << type.getRank();
    int64_t dimSize = type.getDimSize(dim);
    int64_t covered = mapping.getTiles().getCount() * mapping.getBlock();
    if (covered < dimSize)
      return emitOpError("mapping covers ")
             << covered << " of the " << dimSize << " entries of dimension "
             << dim << " (" << mapping.getTiles().getCount()
             << " tiles x block " << mapping.getBlock() << ")";
  }
  auto program = (*this)->getParentOfType<ProgramOp>();
  int64_t limit = program.getTarget().getBytesPerTile();
  int64_t needed = getMaxBytesPerTile();
  if (needed > limit)
    return emitOpError("needs ")
           << needed << " bytes on tile " << mapping.getTiles().getFirst()
           << " but the target has " << limit << " bytes per tile";
  if (std::optional<int64_t> offset = getOffset();
      offset && *offset + needed > limit)
    return emitOpError("at offset ")
           << *offset << " its " << needed << " bytes end past the "
           << limit << " bytes of a tile";
  if (std::optional<ElementsAttr> value = getValue();
      value && value->getType() != type)
    return emitOpError("constant value of type ")
           << value->getType() << " does not match the tensor type " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// StreamCopyOp
//===----------------------------------------------------------------------===//

LogicalResult
StreamCopyOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *source =
      symbolTable.lookupNearestSymbolFrom(*this, getSourceAttr());
  Operation *dest = symbolTable.lookupNearestSymbolFrom(*this, getDestAttr());
  for (auto [op, ref] : {std::make_pair(source, getSourceAttr()),
                         std::make_pair(dest, getDestAttr())})
    if (!op)
      return emitOpError("'") << ref.getValue()
                              << "' does not name a declaration of the "
                                 "enclosing program";

  HostStreamOp stream;
  TensorOp tensor;
  StreamDirection expected;
  if ((stream = dyn_cast<HostStreamOp>(source)) &&
      (tensor = dyn_cast<TensorOp>(dest))) {
    expected = StreamDirection::host_to_device;
  } else if ((tensor = dyn_cast<TensorOp>(source)) &&
             (stream = dyn_cast<HostStreamOp>(dest))) {
    expected = StreamDirection::device_to_host;
  } else {
    return emitOpError("copies between a host stream and a tensor, not a '")
           << source->getName() << "' and a '" << dest->getName() << "'";
  }
  if (stream.getDirection() != expected)
    return emitOpError("stream '")
           << stream.getSymName() << "' is "
           << stringifyStreamDirection(stream.getDirection()) << " but is used "
           << stringifyStreamDirection(expected);
  if (stream.getType() != tensor.getType())
    return emitOpError("stream type ")
           << stream.getType() << " does not match tensor type "
           << tensor.getType();
  return success();
}

//===----------------------------------------------------------------------===//
// ComputeSetOp and VertexOp
//===----------------------------------------------------------------------===//

void ComputeSetOp::build(OpBuilder &builder, OperationState &state,
                         StringRef name) {
  state.addAttribute(getPhaseNameAttrName(state.name),
                     builder.getStringAttr(name));
  addBody(state);
}

namespace {
/// A vertex's access to a tensor on a tile range.
struct TileAccess {
  int64_t first, end;
  VertexOp vertex;
};
} // namespace

LogicalResult ComputeSetOp::verifyRegions() {
  for (Operation &op : *getBody())
    if (!isa<VertexOp>(op))
      return op.emitOpError("cannot appear in a compute set; it holds only "
                            "'bsp.vertex' ops");

  // Vertices run concurrently: per tensor, the writers' tile ranges must be
  // disjoint, and no vertex may read where another one writes.
  llvm::MapVector<StringAttr, SmallVector<TileAccess>> writes, reads;
  for (VertexOp vertex : getVertices()) {
    TilesAttr tiles = vertex.getTiles();
    for (auto ref : vertex.getOuts().getAsRange<FlatSymbolRefAttr>())
      writes[ref.getAttr()].push_back(
          {tiles.getFirst(), tiles.getEnd(), vertex});
    for (auto ref : vertex.getIns().getAsRange<FlatSymbolRefAttr>())
      reads[ref.getAttr()].push_back(
          {tiles.getFirst(), tiles.getEnd(), vertex});
  }
  for (auto &[tensor, accesses] : writes) {
    llvm::stable_sort(accesses, [](const TileAccess &a, const TileAccess &b) {
      return a.first < b.first;
    });
    for (size_t i = 1; i < accesses.size(); ++i) {
      TileAccess prev = accesses[i - 1], cur = accesses[i];
      if (cur.first >= prev.end)
        continue;
      // Report on the later of the two in program order.
      bool curLater = prev.vertex->isBeforeInBlock(cur.vertex);
      VertexOp later = curLater ? cur.vertex : prev.vertex;
      VertexOp earlier = curLater ? prev.vertex : cur.vertex;
      InFlightDiagnostic diag =
          later.emitOpError("writes '")
          << tensor.getValue() << "' on tiles " << tileRange(later.getTiles())
          << " where another vertex of the compute set also writes it";
      diag.attachNote(earlier.getLoc()) << "other writer here";
      return diag;
    }
  }
  for (auto &[tensor, accesses] : reads) {
    auto it = writes.find(tensor);
    if (it == writes.end())
      continue;
    MutableArrayRef<TileAccess> sortedWrites = it->second;
    for (TileAccess read : accesses) {
      auto *w = llvm::partition_point(sortedWrites, [&](const TileAccess &w) {
        return w.end <= read.first;
      });
      for (; w != sortedWrites.end() && w->first < read.end; ++w) {
        if (w->vertex == read.vertex)
          continue; // An in-place update.
        InFlightDiagnostic diag =
            read.vertex.emitOpError("reads '")
            << tensor.getValue() << "' on tiles "
            << tileRange(read.vertex.getTiles())
            << " where another vertex of the compute set writes it";
        diag.attachNote(w->vertex.getLoc()) << "writer here";
        return diag;
      }
    }
  }
  return success();
}

LogicalResult VertexOp::verify() {
  if (getCodelet().empty())
    return emitOpError("needs a codelet name");
  if (getOuts().empty())
    return emitOpError("needs at least one output");
  llvm::SmallDenseSet<Attribute> seen;
  for (Attribute out : getOuts())
    if (!seen.insert(out).second)
      return emitOpError("lists '") << cast<FlatSymbolRefAttr>(out).getValue()
                                    << "' twice among its outputs";
  if (std::optional<ArrayRef<int64_t>> pairs = getHaloReads()) {
    if (pairs->size() % 2 != 0)
      return emitOpError("halo_reads needs (buffer, refs) pairs of input "
                         "positions; got ")
             << pairs->size() << " values";
    int64_t n = static_cast<int64_t>(getIns().size());
    for (size_t i = 0; i < pairs->size(); i += 2) {
      int64_t buffer = (*pairs)[i], refs = (*pairs)[i + 1];
      if (buffer < 0 || buffer >= n || refs < 0 || refs >= n || buffer == refs)
        return emitOpError("halo_reads pair (")
               << buffer << ", " << refs
               << ") must name two different inputs among the " << n;
    }
  }
  return success();
}

LogicalResult VertexOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  TilesAttr tiles = getTiles();
  if (std::optional<ArrayRef<int64_t>> pairs = getHaloReads())
    for (size_t i = 1; i < pairs->size(); i += 2) {
      auto ref = cast<FlatSymbolRefAttr>(getIns()[(*pairs)[i]]);
      FailureOr<TensorOp> refs =
          lookupDecl<TensorOp>(*this, symbolTable, ref, "a 'bsp.tensor'");
      if (failed(refs))
        return failure();
      auto value = dyn_cast_or_null<DenseIntElementsAttr>(refs->getValueAttr());
      if (!value || !value.getElementType().isInteger(32))
        return emitOpError("halo_reads refs '")
               << ref.getValue() << "' must be an i32 tensor with a constant value";
    }
  for (ArrayAttr list : {getIns(), getOuts()}) {
    for (auto ref : list.getAsRange<FlatSymbolRefAttr>()) {
      FailureOr<TensorOp> tensor =
          lookupDecl<TensorOp>(*this, symbolTable, ref, "a 'bsp.tensor'");
      if (failed(tensor))
        return failure();
      TilesAttr mapped = tensor->getMapping().getTiles();
      if (!mapped.contains(tiles))
        return emitOpError("runs on tiles ")
               << tileRange(tiles) << " but '" << ref.getValue()
               << "' is mapped to tiles " << tileRange(mapped);
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ExchangeOp and CopyOp
//===----------------------------------------------------------------------===//

void ExchangeOp::build(OpBuilder &builder, OperationState &state,
                       StringRef name) {
  state.addAttribute(getPhaseNameAttrName(state.name),
                     builder.getStringAttr(name));
  addBody(state);
}

LogicalResult ExchangeOp::verifyRegions() {
  for (Operation &op : *getBody())
    if (!isa<CopyOp>(op))
      return op.emitOpError("cannot appear in an exchange; it holds only "
                            "'bsp.copy' ops");
  return success();
}

namespace {
/// A copy's access to a flattened element range of a tensor.
struct ElementAccess {
  int64_t begin, end;
  CopyOp copy;
};
} // namespace

LogicalResult ExchangeOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  // The copies' own checks first, so that the runs below are valid. Every
  // run is an access of its own.
  llvm::MapVector<StringAttr, SmallVector<ElementAccess>> writes, reads;
  for (CopyOp copy : getCopies()) {
    if (failed(copy.verifySymbolUses(symbolTable)))
      return failure();
    auto source = cast<TensorOp>(
        symbolTable.lookupNearestSymbolFrom(copy, copy.getSourceAttr()));
    SmallVector<ElementAccess> &copyReads =
        reads[copy.getSourceAttr().getAttr()];
    SmallVector<ElementAccess> &copyWrites =
        writes[copy.getDestAttr().getAttr()];
    for (CopyRun run :
         copy.getElementRuns(source.getTensorType().getNumElements())) {
      copyReads.push_back({run.source, run.source + run.count, copy});
      copyWrites.push_back({run.dest, run.dest + run.count, copy});
    }
  }
  // All copies move data at once: per tensor, written ranges are disjoint and
  // no copy reads what another writes. Sorted, so O(K log K) in the runs.
  for (auto &[tensor, accesses] : writes) {
    llvm::stable_sort(accesses,
                      [](const ElementAccess &a, const ElementAccess &b) {
                        return a.begin < b.begin;
                      });
    for (size_t i = 1; i < accesses.size(); ++i) {
      ElementAccess prev = accesses[i - 1], cur = accesses[i];
      if (cur.begin >= prev.end)
        continue;
      bool curLater = prev.copy->isBeforeInBlock(cur.copy);
      ElementAccess later = curLater ? cur : prev;
      ElementAccess earlier = curLater ? prev : cur;
      InFlightDiagnostic diag =
          later.copy.emitOpError("writes elements ")
          << Range{later.begin, later.end} << " of '" << tensor.getValue()
          << "', which another copy of the exchange also writes";
      diag.attachNote(earlier.copy.getLoc()) << "other writer here";
      return diag;
    }
  }
  for (auto &[tensor, accesses] : reads) {
    auto it = writes.find(tensor);
    if (it == writes.end())
      continue;
    MutableArrayRef<ElementAccess> sortedWrites = it->second;
    for (ElementAccess read : accesses) {
      auto *w =
          llvm::partition_point(sortedWrites, [&](const ElementAccess &w) {
            return w.end <= read.begin;
          });
      if (w == sortedWrites.end() || w->begin >= read.end)
        continue;
      InFlightDiagnostic diag =
          read.copy.emitOpError("reads elements ")
          << Range{read.begin, read.end} << " of '" << tensor.getValue()
          << "', which a copy of the same exchange writes";
      diag.attachNote(w->copy.getLoc()) << "writer here";
      return diag;
    }
  }
  return success();
}

std::pair<int64_t, int64_t> CopyOp::getSourceRange(int64_t numElements) {
  if (getSourceBegin())
    return {*getSourceBegin(), *getSourceEnd()};
  return {0, numElements};
}

std::pair<int64_t, int64_t> CopyOp::getDestRange(int64_t numElements) {
  if (getDestBegin())
    return {*getDestBegin(), *getDestEnd()};
  return {0, numElements};
}

SmallVector<CopyRun> CopyOp::getElementRuns(int64_t sourceElements) {
  SmallVector<CopyRun> result;
  if (std::optional<ArrayRef<int64_t>> runs = getRuns()) {
    result.reserve(runs->size() / 3);
    for (size_t i = 0; i + 2 < runs->size(); i += 3)
      result.push_back({(*runs)[i], (*runs)[i + 1], (*runs)[i + 2]});
    return result;
  }
  auto [sb, se] = getSourceRange(sourceElements);
  int64_t db = static_cast<int64_t>(getDestBegin().value_or(0));
  result.push_back({sb, db, se - sb});
  return result;
}

LogicalResult CopyOp::verify() {
  auto checkRange = [&](std::optional<int64_t> begin,
                        std::optional<int64_t> end,
                        StringRef side) -> LogicalResult {
    if (begin.has_value() != end.has_value())
      return emitOpError() << side << " range needs both a begin and an end";
    if (begin && (*begin < 0 || *begin >= *end))
      return emitOpError() << side << " range " << Range{*begin, *end}
                           << " is empty or negative";
    return success();
  };
  if (failed(checkRange(getSourceBegin(), getSourceEnd(), "source")) ||
      failed(checkRange(getDestBegin(), getDestEnd(), "destination")))
    return failure();
  std::optional<ArrayRef<int64_t>> runs = getRuns();
  if (!runs)
    return success();
  if (getSourceBegin() || getDestBegin())
    return emitOpError("has both runs and an element range");
  // An empty list would read as the whole-tensor form in an executable.
  if (runs->empty() || runs->size() % 3 != 0)
    return emitOpError("runs hold ")
           << runs->size()
           << " values; expected one or more (source, destination, count) "
              "triples";
  for (size_t i = 0; i < runs->size(); i += 3) {
    int64_t s = (*runs)[i], d = (*runs)[i + 1], n = (*runs)[i + 2];
    if (n <= 0)
      return emitOpError("run #")
             << i / 3 << " has count " << n << "; counts must be positive";
    if (s < 0 || d < 0)
      return emitOpError("run #") << i / 3 << " begins at a negative index ("
                                  << s << ", " << d << ")";
  }
  return success();
}

/// `begin + count`, saturated so that out-of-range runs can be reported.
static int64_t runEnd(int64_t begin, int64_t count) {
  return count > std::numeric_limits<int64_t>::max() - begin
             ? std::numeric_limits<int64_t>::max()
             : begin + count;
}

/// The runs form: bounds, disjoint destination runs and, within one tensor,
/// no run reading what a run writes. Sorted, so O(K log K) in the runs.
static LogicalResult verifyRuns(CopyOp copy, ArrayRef<int64_t> runs,
                                int64_t sourceSize, int64_t destSize) {
  size_t numRuns = runs.size() / 3;
  for (size_t k = 0; k < numRuns; ++k) {
    int64_t s = runs[3 * k], d = runs[3 * k + 1], n = runs[3 * k + 2];
    if (runEnd(s, n) > sourceSize)
      return copy.emitOpError("run #")
             << k << " reads " << Range{s, runEnd(s, n)} << ", beyond the "
             << sourceSize << " elements of '" << copy.getSource() << "'";
    if (runEnd(d, n) > destSize)
      return copy.emitOpError("run #")
             << k << " writes " << Range{d, runEnd(d, n)} << ", beyond the "
             << destSize << " elements of '" << copy.getDest() << "'";
  }
  // Destination runs by begin: disjoint iff each starts at or after the end
  // of the one before.
  SmallVector<size_t> order(numRuns);
  for (size_t k = 0; k < numRuns; ++k)
    order[k] = k;
  auto destBegin = [&](size_t k) { return runs[3 * k + 1]; };
  auto destEnd = [&](size_t k) { return runs[3 * k + 1] + runs[3 * k + 2]; };
  llvm::sort(order, [&](size_t a, size_t b) {
    return std::make_pair(destBegin(a), a) < std::make_pair(destBegin(b), b);
  });
  for (size_t i = 1; i < numRuns; ++i) {
    size_t prev = order[i - 1], cur = order[i];
    if (destBegin(cur) < destEnd(prev))
      return copy.emitOpError("runs #")
             << std::min(prev, cur) << " and #" << std::max(prev, cur)
             << " both write elements "
             << Range{destBegin(cur), std::min(destEnd(cur), destEnd(prev))}
             << " of '" << copy.getDest() << "'";
  }
  if (copy.getSource() != copy.getDest())
    return success();
  for (size_t k = 0; k < numRuns; ++k) {
    int64_t s = runs[3 * k], e = s + runs[3 * k + 2];
    auto *w =
        llvm::partition_point(order, [&](size_t j) { return destEnd(j) <= s; });
    if (w != order.end() && destBegin(*w) < e)
      return copy.emitOpError("run #")
             << k << " reads elements " << Range{s, e} << " of '"
             << copy.getSource() << "', which run #" << *w << " writes";
  }
  return success();
}

LogicalResult CopyOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  FailureOr<TensorOp> source = lookupDecl<TensorOp>(
      *this, symbolTable, getSourceAttr(), "a 'bsp.tensor'");
  if (failed(source))
    return failure();
  FailureOr<TensorOp> dest =
      lookupDecl<TensorOp>(*this, symbolTable, getDestAttr(), "a 'bsp.tensor'");
  if (failed(dest))
    return failure();
  Type sourceElement = source->getTensorType().getElementType();
  Type destElement = dest->getTensorType().getElementType();
  if (sourceElement != destElement)
    return emitOpError("copies ")
           << sourceElement << " elements of '" << getSource() << "' into "
           << destElement << " elements of '" << getDest() << "'";

  int64_t sourceSize = source->getTensorType().getNumElements();
  int64_t destSize = dest->getTensorType().getNumElements();
  if (std::optional<ArrayRef<int64_t>> runs = getRuns())
    return verifyRuns(*this, *runs, sourceSize, destSize);
  auto [sb, se] = getSourceRange(sourceSize);
  auto [db, de] = getDestRange(destSize);
  if (se > sourceSize)
    return emitOpError("source range ")
           << Range{sb, se} << " exceeds the " << sourceSize << " elements of '"
           << getSource() << "'";
  if (de > destSize)
    return emitOpError("destination range ")
           << Range{db, de} << " exceeds the " << destSize << " elements of '"
           << getDest() << "'";
  if (se - sb != de - db)
    return emitOpError("reads ")
           << se - sb << " elements but writes " << de - db;
  if (getSource() == getDest() && sb < de && db < se)
    return emitOpError("source range ")
           << Range{sb, se} << " and destination range " << Range{db, de}
           << " of '" << getSource() << "' overlap";
  return success();
}

//===----------------------------------------------------------------------===//
// RepeatOp
//===----------------------------------------------------------------------===//

void RepeatOp::build(OpBuilder &builder, OperationState &state, int64_t count) {
  state.addAttribute(getCountAttrName(state.name),
                     builder.getI64IntegerAttr(count));
  addBody(state);
}

LogicalResult RepeatOp::verifyRegions() {
  return verifyBspOnly(*this, *getBody());
}
