//===- ConvertGnnToBsp.cpp - convert-gnn-to-bsp ------------------------------===//
//
// Lowers each function annotated by gnn-partition into a bsp.program of the
// same name. Every value becomes a bsp.tensor with the mapping the partition
// chose; each op becomes
//
//   [exchange: broadcasts / re-layouts of its operands; sync]
//   compute set: its vertices (docs/Codelets.md); sync
//   [exchange: partials re-laid out by segment; sync; combine; sync]
//
// Arguments and results become host streams bound by gnn.name and gnn.role;
// parameters, buffers and optimizer state become `state` tensors updated in
// place; constants become tensors with a `value`. Initial state values go
// into the module attribute gnn.state_init for the executable.
//
//===----------------------------------------------------------------------===//
#include "Plan.h"

#include "bsp/BspDialect.h"
#include "bsp/BspOps.h"
#include "gnn/GnnOps.h"
#include "gnnc/Conversion/Passes.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/Partition/IndexHalo.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_CONVERTGNNTOBSP
#include "gnnc/Conversion/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;
using plan::ceilDiv;
using gnnc::partition::BlockedRows;
using gnnc::partition::GatherHalo;
using gnnc::partition::SegmentHalo;
using gnnc::partition::SpmmHalo;

namespace {

constexpr llvm::StringLiteral kStateInitAttr = "gnn.state_init";
/// Replicas up to this size are reused by later ops (see use()).
constexpr int64_t kCachedReplicaBytes = 64 * 1024;

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

bool isStateRole(StringRef role) {
  return role == "parameter" || role == "optimizer_state" || role == "buffer";
}

/// The op's attributes as vertex params (docs/Codelets.md, "Parameters").
DictionaryAttr vertexParams(Operation *op, Builder &b) {
  NamedAttrList attrs(op->getAttrDictionary());
  if (std::optional<RegisteredOperationName> info = op->getRegisteredInfo())
    info->populateDefaultAttrs(attrs);
  SmallVector<NamedAttribute> params;
  for (NamedAttribute na : attrs) {
    StringRef name = na.getName().getValue();
    Attribute a = na.getValue();
    if (name.starts_with("bsp.") || name.starts_with("gnn."))
      continue;
    if (name == "operandSegmentSizes" || name == "resultSegmentSizes") {
      if (auto seg = dyn_cast<DenseI32ArrayAttr>(a)) {
        SmallVector<int64_t> v(seg.asArrayRef().begin(), seg.asArrayRef().end());
        params.push_back(b.getNamedAttr(
            name == "operandSegmentSizes" ? "operand_segments"
                                          : "result_segments",
            b.getDenseI64ArrayAttr(v)));
      }
      continue;
    }
    if (auto i = dyn_cast<IntegerAttr>(a)) {
      int64_t v = i.getType().isInteger(1) ? i.getValue().getZExtValue()
                                           : i.getInt();
      std::optional<StringRef> keyword;
      if (name == "reduce" || name == "kind")
        keyword = stringifyReduceKind(static_cast<ReduceKind>(v));
      else if (name == "predicate")
        keyword = stringifyCmpPredicate(static_cast<CmpPredicate>(v));
      else if (name == "reduction")
        keyword = stringifyLossReduction(static_cast<LossReduction>(v));
      else if (name == "mode")
        keyword = stringifySelfLoopMode(static_cast<SelfLoopMode>(v));
      if (keyword)
        params.push_back(b.getNamedAttr(name, b.getStringAttr(*keyword)));
      else
        params.push_back(b.getNamedAttr(name, b.getI64IntegerAttr(v)));
    } else if (auto f = dyn_cast<FloatAttr>(a)) {
      params.push_back(
          b.getNamedAttr(name, b.getF64FloatAttr(f.getValueAsDouble())));
    } else if (isa<UnitAttr>(a)) {
      params.push_back(b.getNamedAttr(name, b.getI64IntegerAttr(1)));
    } else if (auto s = dyn_cast<StringAttr>(a)) {
      params.push_back(b.getNamedAttr(name, s));
    } else if (auto arr = dyn_cast<DenseI64ArrayAttr>(a)) {
      params.push_back(b.getNamedAttr(name, arr));
    } else if (auto arr = dyn_cast<ArrayAttr>(a)) {
      SmallVector<int64_t> v;
      bool ints = true;
      for (Attribute e : arr)
        if (auto i = dyn_cast<IntegerAttr>(e))
          v.push_back(i.getInt());
        else
          ints = false;
      if (ints)
        params.push_back(b.getNamedAttr(name, b.getDenseI64ArrayAttr(v)));
    }
    // Types, symbols and element attributes are not codelet parameters.
  }
  return b.getDictionaryAttr(params);
}

/// The operands of a segment reduction (scatter, degree, global pooling):
/// the rows reduced (none for an unweighted degree), their segment ids, the
/// row mask, and the reduction.
struct SegmentOperands {
  Value source, indices, mask;
  StringRef reduce;
};
SegmentOperands segmentOperands(Operation *op) {
  if (auto s = dyn_cast<ScatterOp>(op))
    return {s.getSource(), s.getIndices(), s.getMask(),
            stringifyReduceKind(s.getReduce())};
  if (auto d = dyn_cast<DegreeOp>(op))
    return {d.getWeights(), d.getIndices(), d.getMask(), "sum"};
  auto p = cast<GlobalPoolOp>(op);
  return {p.getInput(), p.getBatch(), p.getMask(),
          stringifyReduceKind(p.getReduce())};
}

/// A model-level state tensor (parameter, buffer, optimizer state) as the
/// programs declare it.
struct StateDecl {
  RankedTensorType type;
  std::string role;
};

class FunctionLowering {
public:
  FunctionLowering(func::FuncOp func, bsp::ProgramOp program,
                   llvm::StringMap<StateDecl> &states)
      : func(func), program(program), ctx(func.getContext()), b(ctx),
        states(states) {
    b.setInsertionPointToEnd(&program.getBodyRegion().front());
    auto target = func->getAttrOfType<bsp::TargetAttr>(plan::kTargetAttr);
    globalSync = target.getIpus() > 1;
    totalTiles = target.getTotalTiles();
  }

  LogicalResult run();

private:
  std::string uniqueName(StringRef base);
  std::string declare(StringRef base, RankedTensorType type,
                      bsp::MappingAttr mapping, StringRef state = {},
                      Attribute value = {});
  std::string stateTensor(StringRef name, RankedTensorType type,
                          bsp::MappingAttr mapping, StringRef role);
  /// The symbol of a tensor holding `v` with `mapping`; schedules a copy
  /// into the pending exchange when the home layout differs.
  std::string use(Value v, bsp::MappingAttr mapping);
  void copy(StringRef from, StringRef to);
  void flushExchange(StringRef label);
  void compute(StringRef label, StringRef codelet, bsp::TilesAttr tiles,
               ArrayRef<std::string> ins, ArrayRef<std::string> outs,
               DictionaryAttr params);
  void sync();
  std::string label(Operation *op);
  bsp::MappingAttr mappingOf(Operation *op, unsigned result);
  std::string defineResult(Operation *op, unsigned result);

  LogicalResult lowerOp(Operation *op);
  LogicalResult lowerRows(Operation *op);
  LogicalResult lowerSerial(Operation *op);
  LogicalResult lowerGather(GatherOp op);
  LogicalResult lowerScatter(Operation *op);
  LogicalResult lowerColumns(Operation *op, bool isGather);
  LogicalResult lowerContractCols(MatmulOp op);
  LogicalResult lowerLinearKSplit(LinearOp op);
  LogicalResult lowerContractGrid(MatmulOp op);
  LogicalResult lowerGatherGrid(GatherOp op);
  LogicalResult lowerScatterGrid(Operation *op);
  LogicalResult lowerHaloGather(GatherOp op);
  LogicalResult lowerHaloSegment(Operation *op);
  LogicalResult lowerHaloSpmm(ScatterOp op);
  LogicalResult lowerTransposeRuns(TransposeOp op);
  /// The row blocks of `v`'s home layout (blocked on dim 0 from tile 0, as
  /// gnn-partition lays out every value of rank >= 1).
  FailureOr<BlockedRows> rowBlocks(Operation *op, Value v);
  /// A constant int32 tensor of `values` laid out as `mapping`.
  std::string int32Constant(StringRef name, ArrayRef<int32_t> values,
                            bsp::MappingAttr mapping);
  /// Copies `count` elements from `from` at `fromBegin` to `to` at `toBegin`.
  void copyRange(StringRef from, int64_t fromBegin, StringRef to,
                 int64_t toBegin, int64_t count);
  /// A replicated constant of `n` elements of i1 (`value`) or f32 (1.0).
  std::string constantFill(Type elementType, int64_t n, bool value,
                           int64_t tiles);
  LogicalResult lowerReduceRows(ReduceOp op);
  LogicalResult lowerContract(MatmulOp op);
  LogicalResult lowerLoss(Operation *op);
  /// Re-lays out P [G, R, ...] into P2 blocked on dim 1 like `out`, and
  /// combines it into `out`.
  void combine(StringRef base, StringRef partial, StringRef counts,
               RankedTensorType partialType, RankedTensorType countType,
               bsp::MappingAttr outMapping, StringRef out, StringRef reduce,
               StringRef empty);
  /// Params of a `combine` vertex.
  DictionaryAttr combineParams(StringRef reduce, StringRef empty = "zero") {
    return b.getDictionaryAttr(
        {b.getNamedAttr("reduce", b.getStringAttr(reduce)),
         b.getNamedAttr("empty", b.getStringAttr(empty))});
  }

  func::FuncOp func;
  bsp::ProgramOp program;
  MLIRContext *ctx;
  OpBuilder b;
  llvm::StringMap<StateDecl> &states;
  bool globalSync = false;
  int64_t totalTiles = 1;

  llvm::StringSet<> names;
  llvm::DenseMap<Value, std::string> home;
  llvm::DenseMap<Value, bsp::MappingAttr> homeMapping;
  llvm::DenseMap<std::pair<Value, Attribute>, std::string> relayouts;
  llvm::StringMap<std::string> stateTensors;
  /// Results that are new state: value -> state name.
  llvm::DenseMap<Value, std::string> stateResults;
  /// The copies of the next exchange; a range of -1 is the whole tensor.
  struct PendingCopy {
    std::string from;
    int64_t fromBegin, fromEnd;
    std::string to;
    int64_t toBegin, toEnd;
    /// Element runs (source begin, dest begin, count) instead of a range.
    std::vector<int64_t> runs = {};
  };
  SmallVector<PendingCopy> pendingCopies;
  struct VertexSpec {
    std::string codelet;
    bsp::TilesAttr tiles;
    SmallVector<std::string> ins, outs;
    DictionaryAttr params;
    /// (halo buffer, refs) positions in `ins` (bsp.vertex's halo_reads).
    SmallVector<int64_t> haloReads = {};
  };
  /// One compute set of several vertices (on disjoint tiles).
  void computeMany(StringRef label, ArrayRef<VertexSpec> vertices);
  int64_t opCounter = 0;
};

std::string FunctionLowering::uniqueName(StringRef base) {
  std::string name = base.str();
  for (int i = 1; names.contains(name); ++i)
    name = (base + "." + Twine(i)).str();
  names.insert(name);
  return name;
}

std::string FunctionLowering::declare(StringRef base, RankedTensorType type,
                                      bsp::MappingAttr mapping, StringRef state,
                                      Attribute value) {
  std::string name = uniqueName(base);
  auto op = b.create<bsp::TensorOp>(
      func.getLoc(), b.getStringAttr(name), TypeAttr::get(type), mapping);
  if (!state.empty())
    op.setStateAttr(b.getStringAttr(state));
  if (value)
    op.setValueAttr(cast<ElementsAttr>(value));
  return name;
}

std::string FunctionLowering::stateTensor(StringRef name, RankedTensorType type,
                                          bsp::MappingAttr mapping,
                                          StringRef role) {
  auto it = stateTensors.find(name);
  if (it != stateTensors.end())
    return it->second;
  states[name] = StateDecl{type, role.str()};
  std::string sym = declare(name, type, mapping, name);
  stateTensors[name] = sym;
  return sym;
}

std::string FunctionLowering::use(Value v, bsp::MappingAttr mapping) {
  if (homeMapping.lookup(v) == mapping)
    return home.lookup(v);
  auto key = std::make_pair(v, Attribute(mapping));
  auto it = relayouts.find(key);
  if (it != relayouts.end())
    return it->second;
  std::string suffix = mapping.getReplicated() ? ".rep" : ".blk";
  std::string name = declare(home.lookup(v) + suffix, tensorType(v), mapping);
  copy(home.lookup(v), name);
  // Small re-layouts are kept for later uses (a weight broadcast once serves
  // the forward and the backward pass); large replicas are made again where
  // needed, so they do not hold tile memory in between.
  RankedTensorType t = tensorType(v);
  int64_t bytes = t.getNumElements() *
                  std::max<int64_t>(1, t.getElementTypeBitWidth() / 8);
  if (!mapping.getReplicated() || bytes <= kCachedReplicaBytes)
    relayouts[key] = name;
  return name;
}

void FunctionLowering::copy(StringRef from, StringRef to) {
  pendingCopies.push_back({from.str(), -1, -1, to.str(), -1, -1});
}

void FunctionLowering::sync() {
  b.create<bsp::SyncOp>(func.getLoc(), globalSync ? bsp::SyncScope::global
                                                  : bsp::SyncScope::internal);
}

void FunctionLowering::computeMany(StringRef label,
                                   ArrayRef<VertexSpec> vertices) {
  auto cs = b.create<bsp::ComputeSetOp>(func.getLoc(), uniqueName(label));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&cs.getBodyRegion().front());
    for (const VertexSpec &v : vertices) {
      auto refs = [&](ArrayRef<std::string> syms) {
        SmallVector<Attribute> r;
        for (const std::string &sym : syms)
          r.push_back(FlatSymbolRefAttr::get(ctx, sym));
        return b.getArrayAttr(r);
      };
      b.create<bsp::VertexOp>(
          func.getLoc(), b.getStringAttr(v.codelet), v.tiles, refs(v.ins),
          refs(v.outs), v.params && !v.params.empty() ? v.params : nullptr,
          v.haloReads.empty() ? DenseI64ArrayAttr()
                              : b.getDenseI64ArrayAttr(v.haloReads));
    }
  }
  b.setInsertionPointAfter(cs);
  sync();
}

void FunctionLowering::flushExchange(StringRef label) {
  if (pendingCopies.empty())
    return;
  auto ex = b.create<bsp::ExchangeOp>(func.getLoc(), uniqueName(label));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&ex.getBodyRegion().front());
  auto bound = [&](int64_t v) {
    return v < 0 ? IntegerAttr() : b.getI64IntegerAttr(v);
  };
  for (const PendingCopy &c : pendingCopies) {
    b.create<bsp::CopyOp>(
        func.getLoc(), FlatSymbolRefAttr::get(ctx, c.from), bound(c.fromBegin),
        bound(c.fromEnd), FlatSymbolRefAttr::get(ctx, c.to), bound(c.toBegin),
        bound(c.toEnd),
        c.runs.empty() ? DenseI64ArrayAttr() : b.getDenseI64ArrayAttr(c.runs));
  }
  pendingCopies.clear();
  b.setInsertionPointAfter(ex);
  sync();
}

void FunctionLowering::compute(StringRef label, StringRef codelet,
                               bsp::TilesAttr tiles, ArrayRef<std::string> ins,
                               ArrayRef<std::string> outs,
                               DictionaryAttr params) {
  computeMany(label, {VertexSpec{codelet.str(), tiles,
                                 SmallVector<std::string>(ins),
                                 SmallVector<std::string>(outs), params}});
}

std::string FunctionLowering::label(Operation *op) {
  return (op->getName().stripDialect() + "." + Twine(opCounter)).str();
}

bsp::MappingAttr FunctionLowering::mappingOf(Operation *op, unsigned result) {
  auto mappings = op->getAttrOfType<ArrayAttr>(plan::kMappingsAttr);
  return cast<bsp::MappingAttr>(mappings[result]);
}

std::string FunctionLowering::defineResult(Operation *op, unsigned result) {
  Value v = op->getResult(result);
  bsp::MappingAttr mapping = mappingOf(op, result);
  // Write new state straight into its state tensor when the old value is
  // not read afterwards and the layouts agree (in-place optimizer update).
  auto st = stateResults.find(v);
  if (st != stateResults.end()) {
    auto it = stateTensors.find(st->second);
    if (it != stateTensors.end()) {
      Value old;
      for (BlockArgument arg : func.getArguments())
        if (home.lookup(arg) == it->second)
          old = arg;
      bool readLater = old && llvm::any_of(old.getUsers(), [&](Operation *u) {
        return u != op && op->isBeforeInBlock(u);
      });
      if (!readLater && homeMapping.lookup(old) == mapping) {
        home[v] = it->second;
        homeMapping[v] = mapping;
        return it->second;
      }
    }
  }
  std::string name = declare(label(op) + (op->getNumResults() > 1
                                              ? "." + std::to_string(result)
                                              : std::string()),
                             tensorType(v), mapping);
  home[v] = name;
  homeMapping[v] = mapping;
  return name;
}

LogicalResult FunctionLowering::lowerRows(Operation *op) {
  RankedTensorType result = tensorType(op->getResult(0));
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  bsp::MappingAttr replica = plan::replicatedOn(
      ctx, outMapping.getTiles().getFirst(), outMapping.getTiles().getCount());
  SmallVector<std::string> ins, outs;
  // Weights and running statistics are never row-aligned, whatever their
  // shape; elementwise operands are when they span the result's rows.
  // Ops that keep rows but change the rank (reshape, reduce over inner
  // dims) align by dim 0 alone.
  bool onlyFirstAligned = isa<LinearOp, MatmulOp, BatchNormOp>(op);
  bool rowPreserving = isa<ReshapeOp, ReduceOp>(op);
  for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
    RankedTensorType t = tensorType(operand);
    bool aligned = t.getRank() >= 1 &&
                   (t.getRank() == result.getRank() || rowPreserving) &&
                   t.getDimSize(0) == result.getDimSize(0) &&
                   (!onlyFirstAligned || i == 0);
    ins.push_back(use(operand, aligned ? outMapping : replica));
  }
  std::string l = label(op);
  flushExchange(l + ".in");
  for (unsigned i = 0; i < op->getNumResults(); ++i)
    outs.push_back(defineResult(op, i));
  compute(l, ("rows." + op->getName().stripDialect()).str(),
          outMapping.getTiles(), ins, outs, vertexParams(op, b));
  return success();
}

LogicalResult FunctionLowering::lowerSerial(Operation *op) {
  int64_t tile = plan::planInt(op, "tile");
  bsp::MappingAttr replica = plan::replicatedOn(ctx, tile, 1);
  SmallVector<std::string> ins, outs;
  for (Value operand : op->getOperands())
    ins.push_back(use(operand, replica));
  std::string l = label(op);
  flushExchange(l + ".in");
  // The op writes replicas on its tile, which then move to the results'
  // homes (row blocks) unless a home is that very replica.
  SmallVector<std::pair<std::string, std::string>> moves;
  for (unsigned i = 0; i < op->getNumResults(); ++i) {
    std::string result = defineResult(op, i);
    if (mappingOf(op, i) == replica) {
      outs.push_back(result);
      continue;
    }
    std::string tmp = declare(result + ".serial",
                              tensorType(op->getResult(i)), replica);
    outs.push_back(tmp);
    moves.emplace_back(tmp, result);
  }
  compute(l, ("serial." + op->getName().stripDialect()).str(),
          replica.getTiles(), ins, outs, vertexParams(op, b));
  for (auto &[from, to] : moves)
    copy(from, to);
  flushExchange(l + ".out");
  return success();
}

LogicalResult FunctionLowering::lowerGather(GatherOp op) {
  int64_t groups = plan::planInt(op, "groups", 1);
  RankedTensorType out = tensorType(op.getResult());
  bsp::MappingAttr grouped = plan::groupRows(ctx, out.getDimSize(0), groups);
  bsp::MappingAttr table = plan::replicatedOn(ctx, 0, groups);
  std::string l = label(op);
  std::string tableSym = use(op.getSource(), table);
  std::string idxSym = use(op.getIndices(), grouped);
  flushExchange(l + ".in");
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  std::string result = defineResult(op, 0);
  std::string dest = grouped == outMapping
                         ? result
                         : declare(result + ".grp", out, grouped);
  compute(l, "rows.gather", grouped.getTiles(), {tableSym, idxSym}, {dest},
          vertexParams(op, b));
  if (dest != result) {
    copy(dest, result);
    flushExchange(l + ".out");
  }
  return success();
}

void FunctionLowering::combine(StringRef base, StringRef partial,
                               StringRef counts, RankedTensorType partialType,
                               RankedTensorType countType,
                               bsp::MappingAttr outMapping, StringRef out,
                               StringRef reduce, StringRef empty) {
  int64_t g = partialType.getDimSize(0);
  int64_t columns = partialType.getNumElements() / std::max<int64_t>(g, 1);
  int64_t homeTiles = outMapping.getTiles().getCount();
  int64_t useful = std::min(totalTiles, columns);
  // Counts per partial ([G], from reduce_partial) are replicated to the
  // combining tiles; counts per segment ([G, R], from scatter_partial) are
  // re-laid out like the partials.
  bool countsPerPartial = !counts.empty() && countType.getRank() == 1;
  auto replicatedCounts = [&](int64_t first, int64_t tiles) {
    std::string c2 = declare((base + ".C2").str(), countType,
                             plan::replicatedOn(ctx, first, tiles));
    copy(counts, c2);
    return c2;
  };
  if ((counts.empty() || countsPerPartial) &&
      (homeTiles * 2 < useful || outMapping.getReplicated())) {
    // Too few tiles hold the result's rows (a weight gradient [16, 1433]
    // has 16): combine a flat view over `useful` tiles, then move it home.
    int64_t blk = ceilDiv(columns, useful);
    int64_t tiles = ceilDiv(columns, blk);
    auto f32 = Float32Type::get(ctx);
    auto flatP = RankedTensorType::get({g, columns}, f32);
    auto byColumns = bsp::MappingAttr::get(ctx, false, 1, blk,
                                           bsp::TilesAttr::get(ctx, 0, tiles));
    std::string p2 = declare((base + ".P2").str(), flatP, byColumns);
    copy(partial, p2);
    SmallVector<std::string> ins{p2};
    if (countsPerPartial)
      ins.push_back(replicatedCounts(0, tiles));
    flushExchange((base + ".redistribute").str());
    std::string flat = declare((base + ".flat").str(),
                               RankedTensorType::get({columns}, f32),
                               plan::blockedRows(ctx, blk, tiles));
    compute((base + ".combine").str(), "combine",
            bsp::TilesAttr::get(ctx, 0, tiles), ins, {flat},
            combineParams(reduce, empty));
    copy(flat, out);
    flushExchange((base + ".home").str());
    return;
  }
  // P2: the partials as [G, result shape...] blocked on dim 1 like the
  // result's rows (the flat copy also reshapes).
  auto outSym = cast<bsp::TensorOp>(SymbolTable::lookupSymbolIn(program, out));
  SmallVector<int64_t> p2Shape{g};
  llvm::append_range(p2Shape, outSym.getTensorType().getShape());
  partialType = RankedTensorType::get(p2Shape, partialType.getElementType());
  int64_t block = outMapping.getBlock();
  int64_t count = outMapping.getReplicated() ? 1 : outMapping.getTiles().getCount();
  int64_t first = outMapping.getTiles().getFirst();
  auto byColumns = [&](int64_t blk) {
    return bsp::MappingAttr::get(ctx, false, 1, blk,
                                 bsp::TilesAttr::get(ctx, first, count));
  };
  std::string p2 = declare((base + ".P2").str(), partialType, byColumns(block));
  copy(partial, p2);
  SmallVector<std::string> ins{p2};
  if (countsPerPartial) {
    ins.push_back(replicatedCounts(first, count));
  } else if (!counts.empty()) {
    int64_t countBlock = outMapping.getReplicated() ? countType.getDimSize(1)
                                                    : outMapping.getBlock();
    std::string c2 = declare((base + ".C2").str(), countType, byColumns(countBlock));
    copy(counts, c2);
    ins.push_back(c2);
  }
  flushExchange((base + ".redistribute").str());
  compute((base + ".combine").str(), "combine",
          bsp::TilesAttr::get(ctx, first, count), ins, {out.str()},
          combineParams(reduce, empty));
}

LogicalResult FunctionLowering::lowerScatter(Operation *op) {
  int64_t groups = plan::planInt(op, "groups", 1);
  auto [source, indices, mask, reduce] = segmentOperands(op);
  RankedTensorType out = tensorType(op->getResult(0));
  int64_t rows = tensorType(indices).getDimSize(0);
  int64_t n = out.getDimSize(0);
  bsp::MappingAttr grouped = plan::groupRows(ctx, rows, groups);
  std::string l = label(op);
  SmallVector<std::string> ins;
  if (source)
    ins.push_back(use(source, grouped));
  ins.push_back(use(indices, grouped));
  if (mask)
    ins.push_back(use(mask, grouped));
  flushExchange(l + ".in");

  int64_t g = grouped.getTiles().getCount();
  SmallVector<int64_t> pShape{g};
  pShape.append(out.getShape().begin(), out.getShape().end());
  auto f32 = Float32Type::get(ctx);
  auto pType = RankedTensorType::get(pShape, f32);
  auto cType = RankedTensorType::get({g, n}, f32);
  bsp::MappingAttr perTile = plan::blockedRows(ctx, 1, g);
  std::string p = declare(l + ".P", pType, perTile);
  SmallVector<std::string> outs{p};
  std::string c;
  if (reduce != "sum") {
    c = declare(l + ".C", cType, perTile);
    outs.push_back(c);
  }
  compute(l + ".partial", "scatter_partial", grouped.getTiles(), ins, outs,
          b.getDictionaryAttr(
              {b.getNamedAttr("reduce", b.getStringAttr(reduce)),
               b.getNamedAttr("num_segments", b.getI64IntegerAttr(n)),
               b.getNamedAttr("has_source", b.getI64IntegerAttr(source ? 1 : 0)),
               b.getNamedAttr("has_mask", b.getI64IntegerAttr(mask ? 1 : 0))}));
  std::string result = defineResult(op, 0);
  combine(l, p, c, pType, cType, mappingOf(op, 0), result, reduce, "zero");
  return success();
}

LogicalResult FunctionLowering::lowerColumns(Operation *op, bool isGather) {
  int64_t cb = plan::planInt(op, "columns", 1);
  int64_t tiles = plan::planInt(op, "tiles", 1);
  auto byColumns = bsp::MappingAttr::get(ctx, false, 1, cb,
                                         bsp::TilesAttr::get(ctx, 0, tiles));
  bsp::MappingAttr replica = plan::replicatedOn(ctx, 0, tiles);
  RankedTensorType out = tensorType(op->getResult(0));
  auto flat2d = [](RankedTensorType t) {
    int64_t rows = t.getDimSize(0);
    return RankedTensorType::get(
        {rows, t.getNumElements() / std::max<int64_t>(rows, 1)},
        t.getElementType());
  };
  std::string l = label(op);
  // The wide operand (table or rows reduced) re-laid out by column blocks
  // (a 2-D view of it); indices and mask replicated.
  SegmentOperands seg =
      isGather ? SegmentOperands{cast<GatherOp>(op).getSource(),
                                 cast<GatherOp>(op).getIndices(), Value(), "sum"}
               : segmentOperands(op);
  Value wide = seg.source, mask = seg.mask;
  StringRef reduce = seg.reduce;
  std::string wideHome = home.lookup(wide);
  std::string wideCols = declare(wideHome + ".cols", flat2d(tensorType(wide)), byColumns);
  copy(wideHome, wideCols);
  SmallVector<std::string> ins{wideCols, use(seg.indices, replica)};
  if (mask)
    ins.push_back(use(mask, replica));
  flushExchange(l + ".in");
  std::string result = defineResult(op, 0);
  std::string outCols = declare(result + ".cols", flat2d(out), byColumns);
  DictionaryAttr params =
      isGather ? b.getDictionaryAttr({})
               : b.getDictionaryAttr(
                     {b.getNamedAttr("reduce", b.getStringAttr(reduce)),
                      b.getNamedAttr("has_mask", b.getI64IntegerAttr(mask ? 1 : 0))});
  compute(l, isGather ? "gather_cols" : "scatter_cols",
          bsp::TilesAttr::get(ctx, 0, tiles), ins, {outCols}, params);
  copy(outCols, result);
  flushExchange(l + ".out");
  return success();
}

LogicalResult FunctionLowering::lowerContractGrid(MatmulOp op) {
  auto transpose = op.getLhs().getDefiningOp<TransposeOp>();
  Value a = transpose.getInput(), bv = op.getRhs();
  int64_t groups = plan::planInt(op, "groups", 1);
  int64_t cb = plan::planInt(op, "columns", 1);
  int64_t colTiles = plan::planInt(op, "tiles", 1);
  int64_t r = tensorType(a).getDimSize(0), k = tensorType(a).getDimSize(1);
  int64_t m = tensorType(bv).getDimSize(1);
  int64_t rg = ceilDiv(r, groups);
  auto f32 = Float32Type::get(ctx);
  std::string l = label(op);
  std::string aHome = home.lookup(a);
  std::string bHome = home.lookup(bv);
  // Group g's rows of A, broadcast to its C tiles; its rows of B, split by
  // columns over them. (The last group's missing rows are zeros.)
  std::string zeros;
  SmallVector<VertexSpec> contracts;
  SmallVector<std::string> partials;
  int64_t pad = groups * rg - r;
  if (pad > 0)
    zeros = declare(l + ".zeros", RankedTensorType::get({pad * std::max(k, m)}, f32),
                    plan::replicatedOn(ctx, 0, 1), {},
                    DenseElementsAttr::get(RankedTensorType::get({pad * std::max(k, m)}, f32),
                                           b.getFloatAttr(f32, 0.0)));
  for (int64_t g = 0; g < groups; ++g) {
    auto tiles = bsp::TilesAttr::get(ctx, g * colTiles, colTiles);
    int64_t rows = std::min(rg, r - g * rg);
    std::string ag = declare(l + ".A" + std::to_string(g),
                             RankedTensorType::get({rg, k}, f32),
                             bsp::MappingAttr::get(ctx, true, 0, 0, tiles));
    std::string bg = declare(l + ".B" + std::to_string(g),
                             RankedTensorType::get({rg, m}, f32),
                             bsp::MappingAttr::get(ctx, false, 1, cb, tiles));
    copyRange(aHome, g * rg * k, ag, 0, rows * k);
    copyRange(bHome, g * rg * m, bg, 0, rows * m);
    copyRange(zeros, 0, ag, rows * k, (rg - rows) * k);
    copyRange(zeros, 0, bg, rows * m, (rg - rows) * m);
    std::string pg = declare(l + ".PG" + std::to_string(g),
                             RankedTensorType::get({k, m}, f32),
                             bsp::MappingAttr::get(ctx, false, 1, cb, tiles));
    contracts.push_back({"contract_cols", tiles, {ag, bg}, {pg},
                         b.getDictionaryAttr({})});
    partials.push_back(pg);
  }
  flushExchange(l + ".in");
  computeMany(l + ".partial", contracts);
  // The G partials side by side, combined into the result's rows.
  auto pType = RankedTensorType::get({groups, k, m}, f32);
  std::string result = defineResult(op, 0);
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  std::string p2 = declare(l + ".P2", pType,
                           bsp::MappingAttr::get(ctx, false, 1, outMapping.getBlock(),
                                                 outMapping.getTiles()));
  for (int64_t g = 0; g < groups; ++g)
    copyRange(partials[g], 0, p2, g * k * m, k * m);
  flushExchange(l + ".redistribute");
  compute(l + ".combine", "combine", outMapping.getTiles(), {p2}, {result},
          combineParams("sum"));
  return success();
}

LogicalResult FunctionLowering::lowerLinearKSplit(LinearOp op) {
  int64_t kb = plan::planInt(op, "columns", 1);
  int64_t tiles = plan::planInt(op, "tiles", 1);
  auto byColumns = bsp::MappingAttr::get(ctx, false, 1, kb,
                                         bsp::TilesAttr::get(ctx, 0, tiles));
  RankedTensorType in = tensorType(op.getInput());
  RankedTensorType out = tensorType(op.getResult());
  std::string l = label(op);
  std::string x = use(op.getInput(), byColumns);
  std::string w = use(op.getWeight(), byColumns);
  flushExchange(l + ".in");
  auto pType = RankedTensorType::get({tiles, in.getDimSize(0), out.getDimSize(1)},
                                     Float32Type::get(ctx));
  std::string p = declare(l + ".P", pType, plan::blockedRows(ctx, 1, tiles));
  compute(l + ".partial", "linear_partial", bsp::TilesAttr::get(ctx, 0, tiles),
          {x, w}, {p}, b.getDictionaryAttr({}));
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  std::string result = defineResult(op, 0);
  if (!op.getBias()) {
    combine(l, p, "", pType, pType, outMapping, result, "sum", "zero");
    return success();
  }
  // x W^T first, then the bias, as gnnrt::linear adds it.
  std::string product = declare(l + ".xw", out, outMapping);
  combine(l, p, "", pType, pType, outMapping, product, "sum", "zero");
  std::string bias = use(op.getBias(),
                         plan::replicatedOn(ctx, outMapping.getTiles().getFirst(),
                                            outMapping.getTiles().getCount()));
  flushExchange(l + ".bias");
  compute(l + ".bias", "rows.add", outMapping.getTiles(), {product, bias},
          {result}, b.getDictionaryAttr({}));
  return success();
}

LogicalResult FunctionLowering::lowerContractCols(MatmulOp op) {
  auto transpose = op.getLhs().getDefiningOp<TransposeOp>();
  Value a = transpose.getInput(), bv = op.getRhs();
  int64_t cb = plan::planInt(op, "columns", 1);
  int64_t tiles = plan::planInt(op, "tiles", 1);
  auto byColumns = bsp::MappingAttr::get(ctx, false, 1, cb,
                                         bsp::TilesAttr::get(ctx, 0, tiles));
  std::string l = label(op);
  std::string aSym = use(a, plan::replicatedOn(ctx, 0, tiles));
  std::string bSym = use(bv, byColumns);
  flushExchange(l + ".in");
  std::string result = defineResult(op, 0);
  std::string outCols = declare(result + ".cols", tensorType(op.getResult()),
                                byColumns);
  compute(l, "contract_cols", bsp::TilesAttr::get(ctx, 0, tiles), {aSym, bSym},
          {outCols}, b.getDictionaryAttr({}));
  copy(outCols, result);
  flushExchange(l + ".out");
  return success();
}

void FunctionLowering::copyRange(StringRef from, int64_t fromBegin,
                                 StringRef to, int64_t toBegin, int64_t count) {
  if (count <= 0)
    return;
  pendingCopies.push_back({from.str(), fromBegin, fromBegin + count, to.str(),
                           toBegin, toBegin + count});
}

std::string FunctionLowering::constantFill(Type elementType, int64_t n,
                                           bool value, int64_t tiles) {
  auto type = RankedTensorType::get({n}, elementType);
  Attribute element = elementType.isInteger(1)
                          ? Attribute(b.getBoolAttr(value))
                          : Attribute(b.getFloatAttr(elementType, 1.0));
  return declare(value ? "ones" : "zeros", type,
                 plan::replicatedOn(ctx, 0, tiles),
                 {}, DenseElementsAttr::get(type, element));
}

LogicalResult FunctionLowering::lowerGatherGrid(GatherOp op) {
  int64_t groups = plan::planInt(op, "groups", 1);
  int64_t blocks = plan::planInt(op, "blocks", 1);
  RankedTensorType table = tensorType(op.getSource());
  RankedTensorType out = tensorType(op.getResult());
  int64_t n = table.getDimSize(0), w = table.getNumElements() / n;
  int64_t e = out.getDimSize(0);
  int64_t nb = ceilDiv(n, blocks), el = ceilDiv(e, groups);
  int64_t gridTiles = groups * blocks;
  std::string l = label(op);
  std::string tableHome = home.lookup(op.getSource());
  std::string idxHome = home.lookup(op.getIndices());
  Type f32 = table.getElementType();
  // Table blocks: every group gets the whole table, cut into its S blocks
  // (the last block's tail repeats the first rows: defined, never read).
  std::string tb = declare(l + ".TB",
                           RankedTensorType::get({gridTiles, nb, w}, f32),
                           plan::blockedRows(ctx, 1, gridTiles));
  int64_t pad = (blocks * nb - n) * w;
  SmallVector<std::string> ix;
  Type idxType = tensorType(op.getIndices()).getElementType();
  for (int64_t g = 0; g < groups; ++g) {
    int64_t base = g * blocks * nb * w;
    copyRange(tableHome, 0, tb, base, n * w);
    copyRange(tableHome, 0, tb, base + n * w, pad);
    std::string x = declare(l + ".IX" + std::to_string(g),
                            RankedTensorType::get({el}, idxType),
                            plan::replicatedOn(ctx, g * blocks, blocks));
    int64_t len = std::min(el, e - g * el);
    copyRange(idxHome, g * el, x, 0, len);
    copyRange(idxHome, 0, x, len, el - len); // tail: any valid index
    ix.push_back(x);
  }
  flushExchange(l + ".in");
  std::string po = declare(l + ".PO",
                           RankedTensorType::get({gridTiles, el, w}, f32),
                           plan::blockedRows(ctx, 1, gridTiles));
  DictionaryAttr params = b.getDictionaryAttr(
      {b.getNamedAttr("blocks", b.getI64IntegerAttr(blocks)),
       b.getNamedAttr("block_rows", b.getI64IntegerAttr(nb)),
       b.getNamedAttr("num_rows", b.getI64IntegerAttr(n))});
  SmallVector<VertexSpec> lookups;
  for (int64_t g = 0; g < groups; ++g)
    lookups.push_back({"gather_grid", bsp::TilesAttr::get(ctx, g * blocks, blocks),
                       {tb, ix[g]}, {po}, params});
  computeMany(l + ".lookup", lookups);
  // Per group: sum the S partial rows (one of them holds each row).
  int64_t cbl = ceilDiv(el, blocks);
  int64_t combineTiles = ceilDiv(el, cbl);
  SmallVector<std::string> outs;
  SmallVector<VertexSpec> combines;
  for (int64_t g = 0; g < groups; ++g) {
    std::string p2 = declare(l + ".P2." + std::to_string(g),
                             RankedTensorType::get({blocks, el, w}, f32),
                             bsp::MappingAttr::get(ctx, false, 1, cbl,
                                 bsp::TilesAttr::get(ctx, g * blocks, combineTiles)));
    copyRange(po, g * blocks * el * w, p2, 0, blocks * el * w);
    std::string o = declare(l + ".OUT." + std::to_string(g),
                            RankedTensorType::get({el, w}, f32),
                            plan::blockedRows(ctx, cbl, combineTiles, g * blocks));
    combines.push_back({"combine", bsp::TilesAttr::get(ctx, g * blocks, combineTiles),
                        {p2}, {o},
                        combineParams("sum")});
    outs.push_back(o);
  }
  flushExchange(l + ".redistribute");
  computeMany(l + ".combine", combines);
  std::string result = defineResult(op, 0);
  for (int64_t g = 0; g < groups; ++g)
    copyRange(outs[g], 0, result, g * el * w, std::min(el, e - g * el) * w);
  flushExchange(l + ".out");
  return success();
}

LogicalResult FunctionLowering::lowerScatterGrid(Operation *op) {
  int64_t groups = plan::planInt(op, "groups", 1);
  int64_t blocks = plan::planInt(op, "blocks", 1);
  auto [source, indices, mask, reduce] = segmentOperands(op);
  RankedTensorType out = tensorType(op->getResult(0));
  int64_t n = out.getDimSize(0), w = out.getNumElements() / n;
  int64_t e = tensorType(indices).getDimSize(0);
  int64_t nb = ceilDiv(n, blocks), el = ceilDiv(e, groups);
  int64_t gridTiles = groups * blocks;
  auto f32 = Float32Type::get(ctx);
  auto i1 = IntegerType::get(ctx, 1);
  std::string l = label(op);
  std::string srcHome = source ? home.lookup(source) : "";
  std::string idxHome = home.lookup(indices);
  std::string maskHome = mask ? home.lookup(mask) : "";
  std::string ones = source ? "" : constantFill(f32, el, true, gridTiles);
  std::string trues = mask ? "" : constantFill(i1, el, true, 1);
  std::string falses = constantFill(i1, el, false, 1);
  Type idxType = tensorType(indices).getElementType();
  SmallVector<VertexSpec> partials;
  std::string pb = declare(l + ".PB", RankedTensorType::get({gridTiles, nb, w}, f32),
                           plan::blockedRows(ctx, 1, gridTiles));
  std::string cb;
  if (reduce != "sum")
    cb = declare(l + ".CB", RankedTensorType::get({gridTiles, nb}, f32),
                 plan::blockedRows(ctx, 1, gridTiles));
  DictionaryAttr params = b.getDictionaryAttr(
      {b.getNamedAttr("blocks", b.getI64IntegerAttr(blocks)),
       b.getNamedAttr("block_rows", b.getI64IntegerAttr(nb)),
       b.getNamedAttr("num_rows", b.getI64IntegerAttr(n)),
       b.getNamedAttr("reduce", b.getStringAttr(reduce))});
  for (int64_t g = 0; g < groups; ++g) {
    bsp::MappingAttr group = plan::replicatedOn(ctx, g * blocks, blocks);
    int64_t len = std::min(el, e - g * el);
    std::string src = ones;
    if (source) {
      src = declare(l + ".SRC" + std::to_string(g),
                    RankedTensorType::get({el, w}, f32), group);
      copyRange(srcHome, g * el * w, src, 0, len * w);
      copyRange(srcHome, 0, src, len * w, (el - len) * w);
    }
    std::string x = declare(l + ".IX" + std::to_string(g),
                            RankedTensorType::get({el}, idxType), group);
    copyRange(idxHome, g * el, x, 0, len);
    copyRange(idxHome, 0, x, len, el - len);
    std::string mk = declare(l + ".MK" + std::to_string(g),
                             RankedTensorType::get({el}, i1), group);
    copyRange(mask ? maskHome : trues, mask ? g * el : 0, mk, 0, len);
    copyRange(falses, 0, mk, len, el - len); // the tail is not real
    SmallVector<std::string> outsG{pb};
    if (!cb.empty())
      outsG.push_back(cb);
    partials.push_back({"scatter_grid", bsp::TilesAttr::get(ctx, g * blocks, blocks),
                        {src, x, mk}, outsG, params});
  }
  flushExchange(l + ".in");
  computeMany(l + ".partial", partials);
  // Per row block: the L partials, re-laid out by rows and combined.
  int64_t cs = std::max<int64_t>(1, std::min(totalTiles / blocks, nb));
  int64_t cbs = ceilDiv(nb, cs);
  cs = ceilDiv(nb, cbs);
  SmallVector<VertexSpec> combines;
  SmallVector<std::string> outs;
  for (int64_t s = 0; s < blocks; ++s) {
    auto tiles = bsp::TilesAttr::get(ctx, s * cs, cs);
    auto byRows = bsp::MappingAttr::get(ctx, false, 1, cbs, tiles);
    std::string p2 = declare(l + ".P2." + std::to_string(s),
                             RankedTensorType::get({groups, nb, w}, f32), byRows);
    std::string c2;
    if (!cb.empty())
      c2 = declare(l + ".C2." + std::to_string(s),
                   RankedTensorType::get({groups, nb}, f32), byRows);
    for (int64_t g = 0; g < groups; ++g) {
      copyRange(pb, (g * blocks + s) * nb * w, p2, g * nb * w, nb * w);
      if (!cb.empty())
        copyRange(cb, (g * blocks + s) * nb, c2, g * nb, nb);
    }
    std::string o = declare(l + ".OUT." + std::to_string(s),
                            RankedTensorType::get({nb, w}, f32),
                            plan::blockedRows(ctx, cbs, cs, s * cs));
    SmallVector<std::string> ins{p2};
    if (!c2.empty())
      ins.push_back(c2);
    combines.push_back({"combine", tiles, ins, {o},
                        combineParams(reduce)});
    outs.push_back(o);
  }
  flushExchange(l + ".redistribute");
  computeMany(l + ".combine", combines);
  std::string result = defineResult(op, 0);
  for (int64_t s = 0; s < blocks; ++s)
    copyRange(outs[s], 0, result, s * nb * w, std::min(nb, n - s * nb) * w);
  flushExchange(l + ".out");
  return success();
}

LogicalResult FunctionLowering::lowerReduceRows(ReduceOp op) {
  RankedTensorType in = tensorType(op.getInput());
  RankedTensorType out = tensorType(op.getResult());
  bsp::MappingAttr inMapping = homeMapping.lookup(op.getInput());
  int64_t g = inMapping.getTiles().getCount();
  int64_t k = out.getNumElements();
  std::string l = label(op);
  SmallVector<std::string> ins{use(op.getInput(), inMapping)};
  if (op.getMask())
    ins.push_back(use(op.getMask(), inMapping));
  flushExchange(l + ".in");
  auto f32 = Float32Type::get(ctx);
  auto pType = RankedTensorType::get({g, k}, f32);
  bsp::MappingAttr perTile = plan::blockedRows(ctx, 1, g, inMapping.getTiles().getFirst());
  std::string reduce = stringifyReduceKind(op.getKind()).str();
  std::string p = declare(l + ".P", pType, perTile);
  SmallVector<std::string> outs{p};
  std::string c;
  auto cType = RankedTensorType::get({g}, f32);
  if (reduce != "sum") {
    c = declare(l + ".C", cType, perTile);
    outs.push_back(c);
  }
  SmallVector<int64_t> dims(op.getDims().begin(), op.getDims().end());
  compute(l + ".partial", "reduce_partial", inMapping.getTiles(), ins, outs,
          b.getDictionaryAttr(
              {b.getNamedAttr("kind", b.getStringAttr(reduce)),
               b.getNamedAttr("dims", b.getDenseI64ArrayAttr(dims)),
               b.getNamedAttr("has_mask", b.getI64IntegerAttr(op.getMask() ? 1 : 0))}));
  (void)in;
  std::string result = defineResult(op, 0);
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  combine(l, p, c, pType, cType, outMapping, result, reduce,
          reduce == "mean" ? "nan" : "zero");
  return success();
}

LogicalResult FunctionLowering::lowerContract(MatmulOp op) {
  auto transpose = op.getLhs().getDefiningOp<TransposeOp>();
  Value a = transpose.getInput(), bv = op.getRhs();
  int64_t groups = plan::planInt(op, "groups", 1);
  int64_t r = tensorType(a).getDimSize(0);
  int64_t k = tensorType(a).getDimSize(1), m = tensorType(bv).getDimSize(1);
  bsp::MappingAttr grouped = plan::groupRows(ctx, r, groups);
  std::string l = label(op);
  std::string aSym = use(a, grouped), bSym = use(bv, grouped);
  flushExchange(l + ".in");
  int64_t g = grouped.getTiles().getCount();
  auto pType = RankedTensorType::get({g, k * m}, Float32Type::get(ctx));
  std::string p = declare(l + ".P", pType, plan::blockedRows(ctx, 1, g));
  compute(l + ".partial", "contract_partial", grouped.getTiles(), {aSym, bSym},
          {p}, b.getDictionaryAttr({}));
  std::string result = defineResult(op, 0);
  combine(l, p, "", pType, pType, mappingOf(op, 0), result, "sum", "zero");
  return success();
}

LogicalResult FunctionLowering::lowerLoss(Operation *op) {
  Value pred = op->getOperand(0), target = op->getOperand(1);
  Value mask = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  bsp::MappingAttr inMapping = homeMapping.lookup(pred);
  std::string l = label(op);
  SmallVector<std::string> ins{use(pred, inMapping), use(target, inMapping)};
  if (mask)
    ins.push_back(use(mask, inMapping));
  flushExchange(l + ".in");
  int64_t g = inMapping.getTiles().getCount();
  auto pType = RankedTensorType::get({g, 2}, Float32Type::get(ctx));
  std::string p = declare(l + ".P", pType,
                          plan::blockedRows(ctx, 1, g, inMapping.getTiles().getFirst()));
  StringRef loss = isa<CrossEntropyOp>(op) ? "cross_entropy"
                   : isa<NllLossOp>(op)    ? "nll"
                   : isa<MseLossOp>(op)    ? "mse"
                                           : "l1";
  SmallVector<NamedAttribute> params{
      b.getNamedAttr("loss", b.getStringAttr(loss)),
      b.getNamedAttr("has_mask", b.getI64IntegerAttr(mask ? 1 : 0))};
  if (auto ignore = op->getAttrOfType<IntegerAttr>("ignore_index"))
    params.push_back(b.getNamedAttr("ignore_index", b.getI64IntegerAttr(ignore.getInt())));
  else if (isa<CrossEntropyOp, NllLossOp>(op))
    params.push_back(b.getNamedAttr("ignore_index", b.getI64IntegerAttr(-100)));
  compute(l + ".partial", "loss_partial", inMapping.getTiles(), ins, {p},
          b.getDictionaryAttr(params));
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  std::string p2 = declare(l + ".P2", pType, outMapping);
  copy(p, p2);
  flushExchange(l + ".redistribute");
  std::string result = defineResult(op, 0);
  auto reduction = op->getAttrOfType<IntegerAttr>("reduction");
  StringRef red = stringifyLossReduction(
      static_cast<LossReduction>(reduction ? reduction.getInt() : 0));
  compute(l + ".combine", "loss_combine", outMapping.getTiles(), {p2}, {result},
          b.getDictionaryAttr({b.getNamedAttr("reduction", b.getStringAttr(red))}));
  return success();
}

FailureOr<BlockedRows> FunctionLowering::rowBlocks(Operation *op, Value v) {
  bsp::MappingAttr m = homeMapping.lookup(v);
  if (!m || m.getReplicated() || m.getDim() != 0 ||
      m.getTiles().getFirst() != 0)
    return op->emitError("a halo plan needs its operands blocked by rows from "
                         "tile 0; got ")
           << m;
  return BlockedRows{tensorType(v).getDimSize(0), m.getBlock(),
                     m.getTiles().getCount()};
}

std::string FunctionLowering::int32Constant(StringRef name,
                                            ArrayRef<int32_t> values,
                                            bsp::MappingAttr mapping) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI32Type());
  return declare(name, type, mapping, {}, DenseElementsAttr::get(type, values));
}

/// The elements of one dim-0 row of `type`, and `type` with `rows` rows.
static std::pair<int64_t, RankedTensorType> rowsOf(RankedTensorType type,
                                                   int64_t rows) {
  SmallVector<int64_t> shape(type.getShape());
  int64_t width = type.getNumElements() / std::max<int64_t>(shape[0], 1);
  shape[0] = rows;
  return {width, RankedTensorType::get(shape, type.getElementType())};
}

/// Scales row runs (from, to, rows) to element runs of `width` elements.
static std::vector<int64_t> elementRuns(const std::vector<int64_t> &rowRuns,
                                        int64_t width) {
  std::vector<int64_t> runs(rowRuns);
  for (int64_t &v : runs)
    v *= width;
  return runs;
}

LogicalResult FunctionLowering::lowerHaloGather(GatherOp op) {
  std::optional<std::vector<int64_t>> index =
      plan::constantIndices(op.getIndices());
  if (!index)
    return op.emitError("halo_gather needs constant indices");
  FailureOr<BlockedRows> table = rowBlocks(op, op.getSource());
  if (failed(table))
    return failure();
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  BlockedRows lookups{tensorType(op.getResult()).getDimSize(0),
                      outMapping.getBlock(), outMapping.getTiles().getCount()};
  std::optional<GatherHalo> h =
      gnnc::partition::planGatherHalo(*index, *table, lookups);
  if (!h)
    return op.emitError("halo_gather: an index lies outside the table");
  std::string l = label(op);
  auto [width, haloType] =
      rowsOf(tensorType(op.getSource()), lookups.count * h->haloRows);
  std::string haloSym = declare(l + ".halo", haloType,
                                plan::blockedRows(ctx, h->haloRows, lookups.count));
  std::string refs = int32Constant(l + ".refs", h->refs, outMapping);
  std::string tableSym = home.lookup(op.getSource());
  if (!h->runs.empty())
    pendingCopies.push_back({tableSym, -1, -1, haloSym, -1, -1,
                             elementRuns(h->runs, width)});
  flushExchange(l + ".halo");
  std::string result = defineResult(op, 0);
  // Tiles beyond the table's blocks hold no rows of it: everything they
  // read comes through their halo.
  int64_t withTable = std::min(lookups.count, table->count);
  SmallVector<VertexSpec> vertices;
  auto params = [&](bool hasTable) {
    return b.getDictionaryAttr(
        {b.getNamedAttr("has_table", b.getI64IntegerAttr(hasTable ? 1 : 0))});
  };
  vertices.push_back({"halo.gather", bsp::TilesAttr::get(ctx, 0, withTable),
                      {tableSym, haloSym, refs}, {result}, params(true),
                      {1, 2}});
  if (withTable < lookups.count)
    vertices.push_back(
        {"halo.gather",
         bsp::TilesAttr::get(ctx, withTable, lookups.count - withTable),
         {haloSym, refs}, {result}, params(false), {0, 1}});
  computeMany(l, vertices);
  return success();
}

LogicalResult FunctionLowering::lowerHaloSegment(Operation *op) {
  auto [source, indices, mask, reduce] = segmentOperands(op);
  std::optional<std::vector<int64_t>> index = plan::constantIndices(indices);
  if (!index)
    return op->emitError("halo_segment needs constant indices");
  // The rows reduced: the source's layout, or the mask's (an unweighted
  // degree has no source), or the index class when neither exists.
  Value rowsValue = source ? source : mask;
  BlockedRows rows;
  if (rowsValue) {
    FailureOr<BlockedRows> r = rowBlocks(op, rowsValue);
    if (failed(r))
      return failure();
    rows = *r;
  } else {
    // Nothing is read per row: any layout of the entries will do.
    rows = {tensorType(indices).getDimSize(0), 1, 1};
  }
  if (source && mask && homeMapping.lookup(source) != homeMapping.lookup(mask))
    return op->emitError("halo_segment: the source and the mask are laid out "
                         "differently");
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  BlockedRows out{tensorType(op->getResult(0)).getDimSize(0),
                  outMapping.getBlock(), outMapping.getTiles().getCount()};
  SegmentHalo h = gnnc::partition::planSegmentHalo(*index, rows, out);
  std::string l = label(op);
  auto haloMapping = plan::blockedRows(ctx, h.haloRows, out.count);
  std::string sourceSym, sourceHalo, maskSym, maskHalo;
  if (source) {
    auto [width, type] = rowsOf(tensorType(source), out.count * h.haloRows);
    sourceSym = home.lookup(source);
    sourceHalo = declare(l + ".halo", type, haloMapping);
    if (!h.runs.empty())
      pendingCopies.push_back({sourceSym, -1, -1, sourceHalo, -1, -1,
                               elementRuns(h.runs, width)});
  }
  if (mask) {
    auto [width, type] = rowsOf(tensorType(mask), out.count * h.haloRows);
    maskSym = home.lookup(mask);
    maskHalo = declare(l + ".mask_halo", type, haloMapping);
    if (!h.runs.empty())
      pendingCopies.push_back(
          {maskSym, -1, -1, maskHalo, -1, -1, elementRuns(h.runs, width)});
  }
  std::string offsets = int32Constant(
      l + ".offsets", h.offsets, plan::blockedRows(ctx, out.block + 1, out.count));
  std::string refs = int32Constant(
      l + ".refs", h.refs, plan::blockedRows(ctx, h.entries, out.count));
  flushExchange(l + ".halo");
  std::string result = defineResult(op, 0);
  auto vertex = [&](int64_t first, int64_t count, bool local) {
    SmallVector<std::string> ins;
    SmallVector<int64_t> halos;
    if (source) {
      if (local)
        ins.push_back(sourceSym);
      halos.push_back(ins.size());
      ins.push_back(sourceHalo);
    }
    ins.push_back(offsets);
    int64_t refsAt = ins.size();
    ins.push_back(refs);
    if (mask) {
      if (local)
        ins.push_back(maskSym);
      halos.push_back(ins.size());
      ins.push_back(maskHalo);
    }
    SmallVector<int64_t> haloReads;
    for (int64_t h : halos)
      haloReads.append({h, refsAt});
    DictionaryAttr params = b.getDictionaryAttr(
        {b.getNamedAttr("reduce", b.getStringAttr(reduce)),
         b.getNamedAttr("has_source", b.getI64IntegerAttr(source ? 1 : 0)),
         b.getNamedAttr("has_mask", b.getI64IntegerAttr(mask ? 1 : 0)),
         b.getNamedAttr("has_local", b.getI64IntegerAttr(local ? 1 : 0))});
    return VertexSpec{"halo.segment", bsp::TilesAttr::get(ctx, first, count),
                      ins, {result}, params, haloReads};
  };
  // Tiles beyond the reduced rows' blocks hold none of them locally.
  bool anyLocal = source || mask;
  int64_t withLocal = anyLocal ? std::min(out.count, rows.count) : out.count;
  SmallVector<VertexSpec> vertices{vertex(0, withLocal, anyLocal)};
  if (withLocal < out.count)
    vertices.push_back(vertex(withLocal, out.count - withLocal, false));
  computeMany(l, vertices);
  return success();
}

LogicalResult FunctionLowering::lowerHaloSpmm(ScatterOp op) {
  std::optional<plan::SpmmChain> chain = plan::matchSpmmChain(op);
  if (!chain)
    return op.emitError("halo_spmm needs scatter(mul(gather(T, src), w), dst) "
                        "with constant src and dst and per-edge w");
  Value tableValue = chain->gather.getSource();
  FailureOr<BlockedRows> table = rowBlocks(op, tableValue);
  if (failed(table))
    return failure();
  bsp::MappingAttr outMapping = mappingOf(op, 0);
  BlockedRows out{tensorType(op.getResult()).getDimSize(0),
                  outMapping.getBlock(), outMapping.getTiles().getCount()};
  std::optional<SpmmHalo> h =
      gnnc::partition::planSpmmHalo(chain->src, chain->dst, *table, out);
  if (!h)
    return op.emitError("halo_spmm: an index lies outside the table");
  std::string l = label(op);
  auto [width, haloType] = rowsOf(tensorType(tableValue), out.count * h->haloRows);
  std::string tableSym = home.lookup(tableValue);
  std::string haloSym =
      declare(l + ".halo", haloType, plan::blockedRows(ctx, h->haloRows, out.count));
  if (!h->runs.empty())
    pendingCopies.push_back(
        {tableSym, -1, -1, haloSym, -1, -1, elementRuns(h->runs, width)});
  auto entryMapping = plan::blockedRows(ctx, h->entries, out.count);
  std::string offsets = int32Constant(
      l + ".offsets", h->offsets, plan::blockedRows(ctx, out.block + 1, out.count));
  std::string refs = int32Constant(l + ".refs", h->refs, entryMapping);
  // Each entry's edge weight, unused slots 0: constants, or, for weights
  // computed on the device, slots loaded as zeros that the exchange
  // refreshes from the edges' weights every run.
  SmallVector<float> weightValues(h->edges.size(), 0.0f);
  std::vector<int64_t> weightRuns;
  for (size_t k = 0; k < h->edges.size(); ++k) {
    int64_t e = h->edges[k];
    if (e < 0)
      continue;
    if (chain->weightValue)
      gnnc::partition::appendRun(weightRuns, e, static_cast<int64_t>(k));
    else
      weightValues[k] = chain->weights[e];
  }
  auto weightType = RankedTensorType::get(
      {static_cast<int64_t>(weightValues.size())}, b.getF32Type());
  std::string weights =
      declare(l + ".weights", weightType, entryMapping, {},
              DenseElementsAttr::get(weightType, ArrayRef<float>(weightValues)));
  if (!weightRuns.empty())
    pendingCopies.push_back({home.lookup(chain->weightValue), -1, -1, weights,
                             -1, -1, std::move(weightRuns)});
  flushExchange(l + ".halo");
  std::string result = defineResult(op, 0);
  // Tiles beyond the table's blocks hold no rows of it: everything they
  // read comes through their halo.
  int64_t withTable = std::min(out.count, table->count);
  auto params = [&](bool hasTable) {
    return b.getDictionaryAttr(
        {b.getNamedAttr("has_table", b.getI64IntegerAttr(hasTable ? 1 : 0))});
  };
  SmallVector<VertexSpec> vertices;
  if (withTable > 0)
    vertices.push_back({"halo.spmm", bsp::TilesAttr::get(ctx, 0, withTable),
                        {tableSym, haloSym, offsets, refs, weights},
                        {result},
                        params(true),
                        {1, 3}});
  if (withTable < out.count)
    vertices.push_back(
        {"halo.spmm", bsp::TilesAttr::get(ctx, withTable, out.count - withTable),
         {haloSym, offsets, refs, weights}, {result}, params(false), {0, 2}});
  computeMany(l, vertices);
  return success();
}

LogicalResult FunctionLowering::lowerTransposeRuns(TransposeOp op) {
  RankedTensorType in = tensorType(op.getInput());
  int64_t rows = in.getDimSize(0), cols = in.getDimSize(1);
  // Output element (j, i) is input element (i, j), in output order; runs
  // merge where both sides are consecutive (a dimension of 1).
  std::vector<int64_t> runs;
  runs.reserve(static_cast<size_t>(3 * rows * cols));
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < rows; ++i)
      gnnc::partition::appendRun(runs, i * cols + j, j * rows + i);
  std::string result = defineResult(op, 0);
  if (!runs.empty())
    pendingCopies.push_back(
        {home.lookup(op.getInput()), -1, -1, result, -1, -1, std::move(runs)});
  flushExchange(label(op));
  return success();
}

/// Whether `use` is an operand that an op planned as a halo bakes into its
/// own constants (indices; the weights of a fused spmm chain): never read on
/// the device.
static bool isHaloIndexUse(OpOperand &use) {
  Operation *user = use.getOwner();
  StringRef kind = plan::planKind(user);
  if (kind == plan::kHaloSpmm)
    return use.get() == cast<ScatterOp>(user).getIndices() &&
           use.get() != cast<ScatterOp>(user).getSource();
  if (kind == plan::kFused) {
    if (auto gather = dyn_cast<GatherOp>(user))
      return use.get() == gather.getIndices() && use.get() != gather.getSource();
    // The mul: its constant weights (the gather's result is not a constant).
    return isa<MulOp>(user) && use.get().getDefiningOp<ConstantOp>();
  }
  if (kind == plan::kHaloGather)
    return use.get() == cast<GatherOp>(user).getIndices() &&
           use.get() != cast<GatherOp>(user).getSource();
  if (kind == plan::kHaloSegment) {
    SegmentOperands seg = segmentOperands(user);
    return use.get() == seg.indices && use.get() != seg.source &&
           use.get() != seg.mask;
  }
  return false;
}

LogicalResult FunctionLowering::lowerOp(Operation *op) {
  ++opCounter;
  StringRef kind = plan::planKind(op);
  if (kind.empty())
    return op->emitError("has no bsp.plan; run gnn-partition first");
  if (auto c = dyn_cast<ConstantOp>(op)) {
    Value v = c.getResult();
    if (llvm::all_of(v.getUses(), isHaloIndexUse))
      return success(); // not needed on the device
    bsp::MappingAttr m = mappingOf(op, 0);
    home[v] = declare(label(op), tensorType(v), m, {}, c.getValue());
    homeMapping[v] = m;
    return success();
  }
  if (auto gp = dyn_cast<GetParameterOp>(op)) {
    Value v = gp.getResult();
    bsp::MappingAttr m = mappingOf(op, 0);
    auto param = SymbolTable::lookupNearestSymbolFrom<ParameterOp>(
        op, gp.getNameAttr());
    home[v] = stateTensor(gp.getName(), tensorType(v), m,
                          param && param.getFrozen() ? "buffer" : "parameter");
    homeMapping[v] = m;
    return success();
  }
  if (kind == plan::kNone || kind == plan::kFused)
    return success(); // a transpose folded into its contraction, or part of
                      // a halo_spmm chain
  if (kind == plan::kRows)
    return lowerRows(op);
  if (kind == plan::kSerial)
    return lowerSerial(op);
  if (kind == plan::kGather)
    return lowerGather(cast<GatherOp>(op));
  if (kind == plan::kHaloGather)
    return lowerHaloGather(cast<GatherOp>(op));
  if (kind == plan::kHaloSegment)
    return lowerHaloSegment(op);
  if (kind == plan::kHaloSpmm)
    return lowerHaloSpmm(cast<ScatterOp>(op));
  if (kind == plan::kTransposeRuns)
    return lowerTransposeRuns(cast<TransposeOp>(op));
  if (kind == plan::kScatter)
    return lowerScatter(op);
  if (kind == plan::kGatherGrid)
    return lowerGatherGrid(cast<GatherOp>(op));
  if (kind == plan::kScatterGrid)
    return lowerScatterGrid(op);
  if (kind == plan::kContractGrid)
    return lowerContractGrid(cast<MatmulOp>(op));
  if (kind == plan::kLinearKSplit)
    return lowerLinearKSplit(cast<LinearOp>(op));
  if (kind == plan::kContractCols)
    return lowerContractCols(cast<MatmulOp>(op));
  if (kind == plan::kGatherCols)
    return lowerColumns(op, /*isGather=*/true);
  if (kind == plan::kScatterCols)
    return lowerColumns(op, /*isGather=*/false);
  if (kind == plan::kReduceRows)
    return lowerReduceRows(cast<ReduceOp>(op));
  if (kind == plan::kContract)
    return lowerContract(cast<MatmulOp>(op));
  if (kind == plan::kLoss)
    return lowerLoss(op);
  return op->emitError("unknown bsp.plan kind '") << kind << "'";
}

LogicalResult FunctionLowering::run() {
  Location loc = func.getLoc();
  auto argName = [&](unsigned i) -> std::string {
    if (auto n = func.getArgAttrOfType<StringAttr>(i, "gnn.name"))
      return n.str();
    return "arg" + std::to_string(i);
  };
  auto resultName = [&](unsigned i) -> std::string {
    if (auto n = func.getResultAttrOfType<StringAttr>(i, "gnn.name"))
      return n.str();
    return "result" + std::to_string(i);
  };
  auto roleOf = [](DictionaryAttr attrs, StringRef dflt) -> std::string {
    if (attrs)
      if (auto r = attrs.getAs<StringAttr>("gnn.role"))
        return r.str();
    return dflt.str();
  };

  // Arguments: state tensors, or streams copied into their home tensors.
  SmallVector<std::pair<std::string, std::string>> inputCopies;
  for (BlockArgument arg : func.getArguments()) {
    unsigned i = arg.getArgNumber();
    auto mapping = func.getArgAttrOfType<bsp::MappingAttr>(i, plan::kMappingAttr);
    if (!mapping)
      return func.emitError("argument #") << i << " has no bsp.mapping; run "
                                                   "gnn-partition first";
    std::string role = roleOf(func.getArgAttrDict(i), "input");
    std::string name = argName(i);
    if (isStateRole(role)) {
      home[arg] = stateTensor(name, tensorType(arg), mapping, role);
    } else {
      home[arg] = declare(name, tensorType(arg), mapping);
      std::string stream = uniqueName(name + ".in");
      auto op = b.create<bsp::HostStreamOp>(
          loc, b.getStringAttr(stream), TypeAttr::get(tensorType(arg)),
          bsp::StreamDirectionAttr::get(ctx, bsp::StreamDirection::host_to_device), b.getStringAttr(name),
          b.getStringAttr(role));
      if (auto order = func.getArgAttrOfType<StringAttr>(i, "gnn.row_order"))
        op.setRowOrderAttr(order);
      inputCopies.emplace_back(stream, home[arg]);
    }
    homeMapping[arg] = mapping;
  }
  for (auto &[stream, tensor] : inputCopies)
    b.create<bsp::StreamCopyOp>(loc, FlatSymbolRefAttr::get(ctx, stream),
                                FlatSymbolRefAttr::get(ctx, tensor));
  if (!inputCopies.empty())
    sync();

  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    std::string role = roleOf(func.getResultAttrDict(i), "output");
    if (isStateRole(role))
      stateResults[v] = resultName(i);
  }

  for (Operation &op : func.getBody().front().without_terminator())
    if (failed(lowerOp(&op)))
      return failure();

  // Results: new state into the state tensors, the rest to the host.
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    std::string role = roleOf(func.getResultAttrDict(i), "output");
    std::string name = resultName(i);
    if (isStateRole(role)) {
      auto it = stateTensors.find(name);
      if (it == stateTensors.end())
        return func.emitError("result #")
               << i << " is state '" << name
               << "' but no argument or parameter holds it";
      if (home.lookup(v) != it->second) {
        auto stateOp = cast<bsp::TensorOp>(
            SymbolTable::lookupSymbolIn(program, it->second));
        copy(use(v, stateOp.getMapping()), it->second);
      }
    }
  }
  flushExchange("state.update");
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    std::string role = roleOf(func.getResultAttrDict(i), "output");
    if (isStateRole(role))
      continue;
    std::string name = resultName(i);
    std::string stream = uniqueName(name + ".out");
    auto out = b.create<bsp::HostStreamOp>(
        loc, b.getStringAttr(stream), TypeAttr::get(tensorType(v)),
        bsp::StreamDirectionAttr::get(ctx, bsp::StreamDirection::device_to_host), b.getStringAttr(name),
        b.getStringAttr(role));
    if (auto order = func.getResultAttrOfType<StringAttr>(i, "gnn.row_order"))
      out.setRowOrderAttr(order);
    b.create<bsp::StreamCopyOp>(loc, FlatSymbolRefAttr::get(ctx, home.lookup(v)),
                                FlatSymbolRefAttr::get(ctx, stream));
  }
  // Declarations first, in creation order, then the steps.
  Block &body = program.getBodyRegion().front();
  SmallVector<Operation *> decls;
  for (Operation &op : body)
    if (isa<bsp::TensorOp, bsp::HostStreamOp>(op))
      decls.push_back(&op);
  for (Operation *decl : llvm::reverse(decls))
    decl->moveBefore(&body, body.begin());
  return success();
}

struct ConvertGnnToBspPass
    : public mlir::gnn::impl::ConvertGnnToBspBase<ConvertGnnToBspPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> funcs;
    for (func::FuncOp f : module.getOps<func::FuncOp>())
      if (!f.isExternal() && f->hasAttr(plan::kTargetAttr))
        funcs.push_back(f);
    if (funcs.empty()) {
      mlir::emitError(module.getLoc(),
                      "convert-gnn-to-bsp: no function carries bsp.target; "
                       "run gnn-partition first");
      return signalPassFailure();
    }
    llvm::StringMap<StateDecl> states;
    OpBuilder builder(module.getContext());
    for (func::FuncOp f : funcs) {
      builder.setInsertionPoint(f);
      auto target = f->getAttrOfType<bsp::TargetAttr>(plan::kTargetAttr);
      auto program =
          builder.create<bsp::ProgramOp>(f.getLoc(), f.getSymName(), target);
      if (auto kind = f->getAttr("gnn.kind"))
        program->setAttr("gnn.kind", kind);
      FunctionLowering lowering(f, program, states);
      if (failed(lowering.run()))
        return signalPassFailure();
    }
    if (failed(attachState(module, states)))
      return signalPassFailure();
    for (func::FuncOp f : funcs)
      f.erase();
  }

  /// Initial values (gnn.state_init) and roles (gnn.state_roles) of every
  /// state tensor: parameters and buffers from their gnn.parameter
  /// initialisers, optimizer state as zeros.
  LogicalResult attachState(ModuleOp module,
                            const llvm::StringMap<StateDecl> &states) {
    if (states.empty())
      return success();
    FailureOr<gnnc::ParameterStore> params = gnnc::initializeParameters(module);
    if (failed(params))
      return failure();
    Builder b(module.getContext());
    SmallVector<NamedAttribute> values, roles;
    for (const auto &entry : states) {
      StringRef name = entry.getKey();
      RankedTensorType type = entry.getValue().type;
      auto it = params->find(name);
      Attribute value =
          it != params->end()
              ? Attribute(gnnc::tensorToAttr(it->second, type))
              : DenseElementsAttr::get(type, b.getZeroAttr(type.getElementType()));
      values.push_back(b.getNamedAttr(name, value));
      roles.push_back(
          b.getNamedAttr(name, b.getStringAttr(entry.getValue().role)));
    }
    module->setAttr(kStateInitAttr, b.getDictionaryAttr(values));
    module->setAttr("gnn.state_roles", b.getDictionaryAttr(roles));
    return success();
  }
};

} // namespace
