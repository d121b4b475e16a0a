//===- PartitionPass.cpp - gnn-partition ------------------------------------===//
//
// Chooses a #bsp.mapping for every value and a parallel plan for every op of
// each static gnn function (see Plan.h and docs/Partitioning.md).
//
// Layout: every value of rank >= 1 is blocked on dim 0; all values with the
// same number of rows share one block size, so row-local ops between nodes
// (or between edges) never move data. The block is ceil(rows / tiles) but
// at least the PopLibs-style grain `min-bytes-per-tile`. Rank-0 values live
// on one tile.
//
// Plans with a choice (gather, scatter, contraction) pick the number of tile
// groups G with a small cycle model (exchange bytes at the target's
// bandwidth, compute at its vector width and workers) under a memory budget
// per tile, the way PopLibs plans multiSlice / multiUpdateAdd and matmuls.
//
//===----------------------------------------------------------------------===//
#include "Plan.h"

#include <algorithm>
#include <limits>

#include "bsp/BspDialect.h"
#include "gnn/GnnOps.h"
#include "gnnc/Conversion/Passes.h"
#include "gnnc/Partition/IndexHalo.h"
#include "gnnc/Partition/Targets.h"
#include "gnnrt/sim/CostModel.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNPARTITION
#include "gnnc/Conversion/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;
using gnnc::partition::BlockedRows;
using gnnc::partition::GatherHalo;
using gnnc::partition::SegmentHalo;

namespace mlir::gnn::plan {

bsp::MappingAttr blockedRows(MLIRContext *ctx, int64_t block, int64_t count,
                             int64_t first) {
  return bsp::MappingAttr::get(ctx, /*replicated=*/false, /*dim=*/0, block,
                               bsp::TilesAttr::get(ctx, first, count));
}
bsp::MappingAttr replicatedOn(MLIRContext *ctx, int64_t first, int64_t count) {
  return bsp::MappingAttr::get(ctx, /*replicated=*/true, 0, 0,
                               bsp::TilesAttr::get(ctx, first, count));
}
bsp::MappingAttr groupRows(MLIRContext *ctx, int64_t rows, int64_t groups) {
  int64_t block = std::max<int64_t>(1, ceilDiv(rows, groups));
  return blockedRows(ctx, block, ceilDiv(std::max<int64_t>(rows, 1), block));
}
StringRef planKind(Operation *op) {
  auto plan = op->getAttrOfType<DictionaryAttr>(kPlanAttr);
  if (!plan)
    return "";
  if (auto kind = plan.getAs<StringAttr>("kind"))
    return kind.getValue();
  return "";
}
int64_t planInt(Operation *op, StringRef key, int64_t dflt) {
  auto plan = op->getAttrOfType<DictionaryAttr>(kPlanAttr);
  if (!plan)
    return dflt;
  if (auto v = plan.getAs<IntegerAttr>(key))
    return v.getInt();
  return dflt;
}
std::optional<std::vector<int64_t>> constantIndices(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return std::nullopt;
  Attribute value;
  if (auto c = dyn_cast<ConstantOp>(def))
    value = c.getValue();
  else if (auto c = dyn_cast<arith::ConstantOp>(def))
    value = c.getValue();
  auto dense = dyn_cast_or_null<DenseIntElementsAttr>(value);
  if (!dense || dense.getElementType().isInteger(1))
    return std::nullopt;
  std::vector<int64_t> out;
  out.reserve(dense.getNumElements());
  for (const APInt &i : dense.getValues<APInt>())
    out.push_back(i.getSExtValue());
  return out;
}

std::optional<SpmmChain> matchSpmmChain(ScatterOp scatter) {
  if (scatter.getReduce() != ReduceKind::sum || scatter.getMask())
    return std::nullopt;
  auto mul = scatter.getSource().getDefiningOp<MulOp>();
  if (!mul || !mul->hasOneUse())
    return std::nullopt;
  for (bool gatherFirst : {true, false}) {
    Value g = gatherFirst ? mul.getLhs() : mul.getRhs();
    Value w = gatherFirst ? mul.getRhs() : mul.getLhs();
    auto gather = g.getDefiningOp<GatherOp>();
    if (!gather || !gather->hasOneUse() || g == w ||
        g.getType() != mul.getResult().getType())
      continue;
    auto c = w.getDefiningOp<ConstantOp>();
    auto wType = dyn_cast<RankedTensorType>(w.getType());
    auto dense = c ? dyn_cast<DenseElementsAttr>(c.getValue()) : nullptr;
    if (!wType || !wType.getElementType().isF32())
      return std::nullopt;
    auto rowsType = cast<RankedTensorType>(g.getType());
    int64_t edges = rowsType.getDimSize(0);
    // A scalar, or one weight per row that broadcasts over the rest; a
    // weight computed on the device must be the latter.
    bool perEdge = wType.getRank() == rowsType.getRank() &&
                   wType.getDimSize(0) == edges &&
                   wType.getNumElements() == edges;
    if ((wType.getRank() != 0 || !dense) && !perEdge)
      return std::nullopt;
    // The fused op reads the table where the scatter is: no state update
    // may come between (it could write a parameter table in place).
    if (gather->getBlock() != scatter->getBlock())
      return std::nullopt;
    for (Operation *op = gather->getNextNode(); op != scatter.getOperation();
         op = op->getNextNode())
      if (!op || isa<SgdUpdateOp, AdamUpdateOp>(op))
        return std::nullopt;
    std::optional<std::vector<int64_t>> src =
        constantIndices(gather.getIndices());
    std::optional<std::vector<int64_t>> dst =
        constantIndices(scatter.getIndices());
    if (!src || !dst)
      return std::nullopt;
    SpmmChain chain{gather, mul, {}, Value(), std::move(*src),
                    std::move(*dst)};
    if (!dense)
      chain.weightValue = w;
    else if (perEdge)
      chain.weights.assign(dense.value_begin<float>(), dense.value_end<float>());
    else
      chain.weights.assign(edges, dense.getSplatValue<float>());
    return chain;
  }
  return std::nullopt;
}

} // namespace mlir::gnn::plan

namespace {

using plan::ceilDiv;

int64_t elementBytes(Type t) {
  return std::max<int64_t>(1, ceilDiv(t.getIntOrFloatBitWidth(), 8));
}
RankedTensorType tensorType(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}
/// Bytes of one dim-0 row of a ranked tensor (the whole tensor for rank 0).
int64_t rowBytes(RankedTensorType t) {
  int64_t n = elementBytes(t.getElementType());
  for (int64_t i = 1; i < t.getRank(); ++i)
    n *= t.getDimSize(i);
  return n;
}
int64_t totalBytes(RankedTensorType t) {
  return t.getNumElements() * elementBytes(t.getElementType());
}

struct RowClass {
  int64_t block = 1;
  int64_t count = 1;
};

class Partitioner {
public:
  Partitioner(func::FuncOp func, const gnnrt::TargetModel &target,
              int64_t minRowBytes)
      : func(func), ctx(func.getContext()), target(target),
        tiles(target.totalTiles()), minRowBytes(minRowBytes) {
    budget = static_cast<int64_t>(0.6 * static_cast<double>(target.bytesPerTile));
  }

  LogicalResult run();

private:
  void collectRowClasses();
  bsp::MappingAttr homeOf(Value v);
  const RowClass &rowClass(int64_t rows) { return classes[rows]; }
  BlockedRows blocks(int64_t rows) {
    const RowClass &c = rowClass(rows);
    return {rows, c.block, c.count};
  }
  /// The halo plans, when the indices are constants and the halo fits.
  bool planHaloGather(GatherOp op);
  bool planHaloSegment(Operation *op, Value source, Value indices);
  /// Finds the halo_spmm chains that fit, before any op is planned: their
  /// gathers and muls are then fused rather than planned on their own.
  void findSpmmChains();
  /// Plan attributes of each scatter found by findSpmmChains.
  llvm::DenseMap<Operation *, SmallVector<NamedAttribute>> spmmPlans;
  llvm::DenseSet<Operation *> fusedOps;
  LogicalResult planOp(Operation *op);
  void setPlan(Operation *op, StringRef kind,
               ArrayRef<NamedAttribute> extra = {});
  void setResultMappings(Operation *op, ArrayRef<bsp::MappingAttr> mappings);
  bool isRowLocalElementwise(Operation *op);
  /// A row-local product fits when the replicated weight and one block of
  /// input and output rows fit the budget together.
  bool fitsWithWeight(Value input, Value weight, Value result) {
    RankedTensorType in = tensorType(input), out = tensorType(result);
    int64_t block = rowClass(in.getDimSize(0)).block;
    return totalBytes(tensorType(weight)) +
               block * (rowBytes(in) + rowBytes(out)) <= budget;
  }

  int64_t chooseGroups(Operation *op, int64_t maxGroups,
                       llvm::function_ref<int64_t(int64_t)> cycles,
                       llvm::function_ref<int64_t(int64_t)> bytes,
                       StringRef what, bool emit = true);
  /// An L x S grid for a row-indexed op on a table of `n` rows: S row
  /// blocks of `blockRowBytes` per row, L lookup groups of `groupRowBytes`
  /// per lookup; the fewest blocks that fit, then about as many lookups per
  /// group as block rows. {L, S}, or {-1, -1} when no grid of at most
  /// `tiles` tiles fits.
  std::pair<int64_t, int64_t> chooseGrid(int64_t n, int64_t lookups,
                                         int64_t blockRowBytes,
                                         int64_t groupRowBytes) const {
    for (int64_t s = 1; s <= tiles; ++s) {
      int64_t nb = ceilDiv(n, s);
      int64_t blockBytes = nb * blockRowBytes;
      if (blockBytes > budget / 2)
        continue;
      int64_t elMax = (budget - blockBytes) / std::max<int64_t>(groupRowBytes, 1);
      if (elMax < 1)
        continue;
      int64_t lMin = ceilDiv(lookups, elMax);
      if (lMin * s > tiles)
        continue;
      int64_t l = std::clamp<int64_t>(ceilDiv(lookups, std::max<int64_t>(nb, 1)),
                                      lMin, tiles / s);
      return {l, s};
    }
    return {-1, -1};
  }
  /// A column split for a row-indexed op whose table does not fit whole:
  /// the fewest columns per tile (the most tiles); -1 unless the slices of
  /// the `rowsIn` input and `rowsOut` output rows, plus `fixedBytes` of
  /// replicated indices, fit the budget.
  int64_t chooseColumns(int64_t width, int64_t rowsIn, int64_t rowsOut,
                        int64_t fixedBytes) const {
    int64_t cb = std::max<int64_t>(1, ceilDiv(width, tiles));
    if ((rowsIn + rowsOut) * cb * 4 + fixedBytes > budget)
      return -1;
    return cb;
  }

  /// The simulator's cost model (runtime/include/gnnrt/sim/CostModel.h,
  /// docs/CostModel.md), so plans are chosen by what they will cost there:
  /// cycles to move `bytes` into one tile, and of `elements` f32 vector
  /// operations on one tile.
  int64_t exchange(int64_t bytes) const {
    return gnnrt::sim::exchangeCycles(target, 0, bytes);
  }
  int64_t vector(int64_t elements) const {
    return gnnrt::sim::elementwiseCycles(target, gnnrt::sim::CostParams(),
                                         gnnrt::DType::kF32, elements);
  }

  func::FuncOp func;
  MLIRContext *ctx;
  gnnrt::TargetModel target;
  int64_t tiles;
  int64_t minRowBytes;
  int64_t budget;
  int64_t nextSerialTile = 0;
  llvm::DenseMap<int64_t, RowClass> classes;
};

void Partitioner::collectRowClasses() {
  llvm::DenseMap<int64_t, int64_t> widestRow;
  auto note = [&](Value v) {
    RankedTensorType t = tensorType(v);
    if (!t || t.getRank() == 0 || !t.hasStaticShape())
      return;
    int64_t &w = widestRow[t.getDimSize(0)];
    w = std::max(w, rowBytes(t));
  };
  for (BlockArgument arg : func.getArguments())
    note(arg);
  func.walk([&](Operation *op) {
    for (Value r : op->getResults())
      note(r);
  });
  for (auto [rows, widest] : widestRow) {
    int64_t grain = std::max<int64_t>(1, ceilDiv(minRowBytes, std::max<int64_t>(widest, 1)));
    RowClass c;
    c.block = std::max<int64_t>({ceilDiv(rows, tiles), grain, 1});
    c.count = std::max<int64_t>(1, ceilDiv(rows, c.block));
    classes[rows] = c;
  }
}

bsp::MappingAttr Partitioner::homeOf(Value v) {
  RankedTensorType t = tensorType(v);
  if (t.getRank() == 0)
    return plan::replicatedOn(ctx, 0, 1);
  const RowClass &c = rowClass(t.getDimSize(0));
  return plan::blockedRows(ctx, c.block, c.count);
}

void Partitioner::setPlan(Operation *op, StringRef kind,
                          ArrayRef<NamedAttribute> extra) {
  SmallVector<NamedAttribute> entries;
  Builder b(ctx);
  entries.push_back(b.getNamedAttr("kind", b.getStringAttr(kind)));
  entries.append(extra.begin(), extra.end());
  op->setAttr(plan::kPlanAttr, b.getDictionaryAttr(entries));
}

void Partitioner::setResultMappings(Operation *op,
                                    ArrayRef<bsp::MappingAttr> mappings) {
  SmallVector<Attribute> attrs(mappings.begin(), mappings.end());
  op->setAttr(plan::kMappingsAttr, ArrayAttr::get(ctx, attrs));
}

bool Partitioner::isRowLocalElementwise(Operation *op) {
  if (op->getNumResults() == 0)
    return false;
  RankedTensorType result = tensorType(op->getResult(0));
  if (!result || result.getRank() == 0)
    return false;
  int64_t rows = result.getDimSize(0);
  for (Value operand : op->getOperands()) {
    RankedTensorType t = tensorType(operand);
    if (!t)
      return false;
    if (t.getRank() < result.getRank())
      continue; // broadcast along leading dims: replicated
    if (t.getRank() > result.getRank())
      return false;
    if (t.getDimSize(0) == rows)
      continue; // aligned
    if (t.getDimSize(0) == 1)
      continue; // broadcast of a single row: replicated
    return false;
  }
  return true;
}

int64_t Partitioner::chooseGroups(Operation *op, int64_t maxGroups,
                                  llvm::function_ref<int64_t(int64_t)> cycles,
                                  llvm::function_ref<int64_t(int64_t)> bytes,
                                  StringRef what, bool emit) {
  SmallVector<int64_t> candidates;
  for (int64_t g = 1; g < maxGroups; g *= 2)
    candidates.push_back(g);
  candidates.push_back(maxGroups);
  int64_t best = -1, bestCycles = std::numeric_limits<int64_t>::max();
  for (int64_t g : candidates) {
    if (bytes(g) > budget)
      continue;
    int64_t c = cycles(g);
    if (c < bestCycles) {
      bestCycles = c;
      best = g;
    }
  }
  if (best < 0 && emit) {
    op->emitError() << what << " needs " << bytes(maxGroups)
                    << " bytes on a tile even when spread over " << maxGroups
                    << " tile groups, more than the "
                    << budget << " bytes (60% of a tile) the plan may use; use "
                       "more IPUs (ipus=N), a smaller batch, or fewer channels";
    return -1;
  }
  return best;
}

LogicalResult Partitioner::planOp(Operation *op) {
  Builder b(ctx);
  auto groupsAttr = [&](int64_t g) {
    return b.getNamedAttr("groups", b.getI64IntegerAttr(g));
  };
  auto homes = [&]() {
    SmallVector<bsp::MappingAttr> m;
    for (Value r : op->getResults())
      m.push_back(homeOf(r));
    return m;
  };
  auto serial = [&]() -> LogicalResult {
    int64_t tile = nextSerialTile;
    nextSerialTile = (nextSerialTile + 1) % tiles;
    setPlan(op, plan::kSerial, {b.getNamedAttr("tile", b.getI64IntegerAttr(tile))});
    setResultMappings(op, homes());
    return success();
  };
  auto rows = [&]() -> LogicalResult {
    if (op->getNumResults() == 0 || tensorType(op->getResult(0)).getRank() == 0)
      return serial();
    setPlan(op, plan::kRows);
    setResultMappings(op, homes());
    return success();
  };

  if (isa<MessagePassingOp>(op))
    return op->emitError("run gnn-expand-message-passing before gnn-partition");
  if (isa<BooleanIndexOp, AddSelfLoopsOp>(op))
    return op->emitError("has a data-dependent result size; run gnn-staticize "
                         "before gnn-partition");
  for (Value r : op->getResults())
    if (!tensorType(r) || !tensorType(r).hasStaticShape())
      return op->emitError("has a dynamic result; run gnn-staticize first");

  if (isa<ConstantOp, GetParameterOp>(op)) {
    setPlan(op, plan::kNone);
    setResultMappings(op, homes());
    return success();
  }
  if (fusedOps.contains(op)) {
    setPlan(op, plan::kFused);
    setResultMappings(op, homes());
    return success();
  }
  if (auto it = spmmPlans.find(op); it != spmmPlans.end()) {
    setPlan(op, plan::kHaloSpmm, it->second);
    setResultMappings(op, {homeOf(op->getResult(0))});
    return success();
  }
  if (auto transpose = dyn_cast<TransposeOp>(op)) {
    // Folded into matmul(transpose(A), B) contractions when that is its only
    // use; the contraction reads A in its row layout.
    bool folded = !op->use_empty() &&
                  llvm::all_of(op->getUsers(), [&](Operation *user) {
                    auto mm = dyn_cast<MatmulOp>(user);
                    return mm && mm.getLhs() == transpose.getResult() &&
                           mm.getRhs() != transpose.getResult() &&
                           tensorType(transpose.getInput()).getRank() == 2 &&
                           transpose.getPermutation() == ArrayRef<int64_t>{1, 0} &&
                           tensorType(mm.getRhs()).getRank() == 2 &&
                           tensorType(mm.getRhs()).getDimSize(0) ==
                               tensorType(transpose.getInput()).getDimSize(0);
                  });
    if (folded) {
      setPlan(op, plan::kNone);
      setResultMappings(op, homes());
      return success();
    }
    RankedTensorType in = tensorType(transpose.getInput());
    if (in.getRank() == 2 &&
        transpose.getPermutation() == ArrayRef<int64_t>{1, 0} &&
        in.getNumElements() <= plan::kMaxTransposeRunElements) {
      setPlan(op, plan::kTransposeRuns);
      setResultMappings(op, homes());
      return success();
    }
    return serial();
  }
  if (auto mm = dyn_cast<MatmulOp>(op)) {
    auto transpose = mm.getLhs().getDefiningOp<TransposeOp>();
    if (transpose && plan::planKind(transpose) == plan::kNone) {
      RankedTensorType a = tensorType(transpose.getInput());
      RankedTensorType bT = tensorType(mm.getRhs());
      int64_t r = a.getDimSize(0), k = a.getDimSize(1), m = bT.getDimSize(1);
      int64_t rowTiles = rowClass(r).count;
      int64_t outTiles = rowClass(k).count;
      int64_t g = chooseGroups(
          op, rowTiles,
          [&](int64_t g) {
            int64_t local = ceilDiv(r, g);
            int64_t c = ceilDiv(local * k * m, 16) + exchange(k * m * 4) +
                        vector(ceilDiv(g * k * m, outTiles));
            if (g != rowTiles)
              c += exchange(local * (k + m) * 4);
            return c;
          },
          // The [K, M] partial counts twice: other values stay live beside
          // it while it is made and re-laid out.
          [&](int64_t g) { return ceilDiv(r, g) * (k + m) * 4 + 2 * k * m * 4; },
          "the weight-gradient contraction", /*emit=*/false);
      if (g < 0) {
        // The [K, M] partial is too big: split M over the tiles instead, each
        // contracting all rows of its columns with A broadcast.
        int64_t cb = std::max<int64_t>(1, ceilDiv(m, tiles));
        if (r * k * 4 + (r + k) * cb * 4 > budget) {
          // Neither: G row groups, each broadcast to C tiles that split M.
          for (int64_t g = 2; g <= tiles; g *= 2) {
            int64_t c = tiles / g;
            int64_t cbg = ceilDiv(m, std::max<int64_t>(c, 1));
            int64_t rg = ceilDiv(r, g);
            int64_t outTiles = rowClass(k).count;
            int64_t perTile = rg * k * 4 + (rg + k) * cbg * 4;
            int64_t combine = g * ceilDiv(k, outTiles) * m * 4;
            if (c >= 1 && perTile <= budget / 2 && combine <= budget / 2) {
              setPlan(op, plan::kContractGrid,
                      {b.getNamedAttr("groups", b.getI64IntegerAttr(g)),
                       b.getNamedAttr("columns", b.getI64IntegerAttr(cbg)),
                       b.getNamedAttr("tiles", b.getI64IntegerAttr(ceilDiv(m, cbg)))});
              setResultMappings(op, homes());
              return success();
            }
          }
        }
        if (r * k * 4 + (r + k) * cb * 4 > budget)
          return op->emitError("the weight-gradient contraction [")
                 << k << "x" << r << "] x [" << r << "x" << m
                 << "] fits neither as per-tile partials nor split by "
                    "columns within "
                 << budget << " bytes per tile; use more IPUs (ipus=N), a "
                              "smaller batch, or fewer channels";
        setPlan(op, plan::kContractCols,
                {b.getNamedAttr("columns", b.getI64IntegerAttr(cb)),
                 b.getNamedAttr("tiles", b.getI64IntegerAttr(ceilDiv(m, cb)))});
        setResultMappings(op, homes());
        return success();
      }
      setPlan(op, plan::kContract, {groupsAttr(g)});
      setResultMappings(op, homes());
      return success();
    }
    if (tensorType(mm.getLhs()).getRank() >= 2 &&
        fitsWithWeight(mm.getLhs(), mm.getRhs(), mm.getResult()))
      return rows();
    return serial();
  }
  if (auto linear = dyn_cast<LinearOp>(op)) {
    RankedTensorType in = tensorType(linear.getInput());
    if (in.getRank() >= 2 &&
        fitsWithWeight(linear.getInput(), linear.getWeight(), linear.getResult()))
      return rows();
    if (in.getRank() == 2) {
      // Split K: every tile multiplies all rows by its columns of x and W
      // into a full [N, M] partial; the partials are combined by row block.
      RankedTensorType w = tensorType(linear.getWeight());
      int64_t n = in.getDimSize(0), k = in.getDimSize(1), m = w.getDimSize(0);
      int64_t blockN = rowClass(n).block;
      int64_t maxTiles = std::min<int64_t>(
          {tiles, k, (budget / 2) / std::max<int64_t>(blockN * m * 4, 1)});
      if (maxTiles >= 1) {
        int64_t kb = ceilDiv(k, maxTiles);
        if (n * m * 4 + (n + m) * kb * 4 <= budget) {
          setPlan(op, plan::kLinearKSplit,
                  {b.getNamedAttr("columns", b.getI64IntegerAttr(kb)),
                   b.getNamedAttr("tiles", b.getI64IntegerAttr(ceilDiv(k, kb)))});
          setResultMappings(op, homes());
          return success();
        }
      }
    }
    return serial();
  }
  if (auto gather = dyn_cast<GatherOp>(op)) {
    if (planHaloGather(gather))
      return success();
    RankedTensorType table = tensorType(gather.getSource());
    RankedTensorType out = tensorType(gather.getResult());
    int64_t e = out.getDimSize(0);
    int64_t tableBytes = totalBytes(table);
    int64_t outRow = rowBytes(out);
    int64_t lookupTiles = rowClass(e).count;
    // Beyond 64 MiB of replicas in all, more groups only cost host memory.
    int64_t maxGroups = std::clamp<int64_t>(
        (int64_t(64) << 20) / std::max<int64_t>(tableBytes, 1), 1, lookupTiles);
    int64_t g = chooseGroups(
        op, maxGroups,
        [&](int64_t g) {
          int64_t local = ceilDiv(e, g);
          int64_t c = exchange(tableBytes) + vector(local * outRow / 4 + local);
          if (g != lookupTiles)
            c += exchange(local * (outRow + 8));
          return c;
        },
        [&](int64_t g) { return tableBytes + ceilDiv(e, g) * (outRow + 8); },
        "gathering from this table", /*emit=*/false);
    if (g < 0) {
      // Too wide to replicate: split the columns instead.
      int64_t n = table.getDimSize(0);
      int64_t width = table.getNumElements() / std::max<int64_t>(n, 1);
      int64_t cb = chooseColumns(width, n, e, e * 8);
      if (cb < 0 && elementBytes(table.getElementType()) == 4) {
        // Too tall too: split the rows over an L x S grid.
        auto [l, sBlocks] = chooseGrid(n, e, rowBytes(table),
                                       8 + 3 * outRow);
        if (l > 0) {
          setPlan(op, plan::kGatherGrid,
                  {b.getNamedAttr("groups", b.getI64IntegerAttr(l)),
                   b.getNamedAttr("blocks", b.getI64IntegerAttr(sBlocks))});
          setResultMappings(op, homes());
          return success();
        }
      }
      if (cb < 0 || elementBytes(table.getElementType()) != 4)
        return op->emitError("gathering ")
               << e << " rows from a " << n << " x " << width
               << " table fits no plan within " << budget
               << " bytes per tile (60% of a tile): replicated, each tile "
                  "needs at least "
               << tableBytes + ceilDiv(e, maxGroups) * (outRow + 8)
               << "; split by columns, "
               << (n + e) * std::max<int64_t>(1, ceilDiv(width, tiles)) * 4 + e * 8
               << "; an L x S grid needs more than the " << tiles
               << " tiles; use more IPUs (ipus=N) or smaller batches";
      setPlan(op, plan::kGatherCols,
              {b.getNamedAttr("columns", b.getI64IntegerAttr(cb)),
               b.getNamedAttr("tiles", b.getI64IntegerAttr(ceilDiv(width, cb)))});
      setResultMappings(op, homes());
      return success();
    }
    setPlan(op, plan::kGather, {groupsAttr(g)});
    setResultMappings(op, homes());
    return success();
  }
  if (isa<ScatterOp, DegreeOp, GlobalPoolOp>(op)) {
    RankedTensorType out = tensorType(op->getResult(0));
    Value rowsValue = isa<DegreeOp>(op) ? cast<DegreeOp>(op).getIndices()
                      : isa<ScatterOp>(op) ? cast<ScatterOp>(op).getIndices()
                                           : cast<GlobalPoolOp>(op).getBatch();
    Value sourceValue = isa<DegreeOp>(op) ? cast<DegreeOp>(op).getWeights()
                        : isa<ScatterOp>(op) ? cast<ScatterOp>(op).getSource()
                                             : cast<GlobalPoolOp>(op).getInput();
    if (planHaloSegment(op, sourceValue, rowsValue))
      return success();
    int64_t e = tensorType(rowsValue).getDimSize(0);
    int64_t n = out.getDimSize(0);
    int64_t partialBytes = totalBytes(out) + n * 4;
    int64_t inRow = 16 + (op->getNumOperands() > 0
                              ? rowBytes(tensorType(op->getOperand(0)))
                              : 0);
    int64_t rowTiles = rowClass(e).count;
    int64_t outTiles = rowClass(n).count;
    int64_t f = out.getNumElements() / std::max<int64_t>(n, 1);
    int64_t g = chooseGroups(
        op, rowTiles,
        [&](int64_t g) {
          int64_t local = ceilDiv(e, g);
          int64_t c = vector(local * f) + exchange(partialBytes) +
                      vector(ceilDiv(g * n * f, outTiles));
          if (g != rowTiles)
            c += exchange(local * inRow);
          return c;
        },
        [&](int64_t g) { return partialBytes + ceilDiv(e, g) * inRow; },
        "this segment reduction's partial result", /*emit=*/false);
    if (g < 0) {
      // A full-size partial does not fit: split the columns, every tile
      // reducing all rows of its columns; or split the segments over an
      // L x S grid.
      int64_t width = f;
      int64_t cb = isa<ScatterOp, GlobalPoolOp>(op)
                       ? chooseColumns(width, e, n, e * 9)
                       : -1;
      if (cb < 0) {
        auto [l, sBlocks] = chooseGrid(n, e, 2 * (f * 4 + 4), inRow);
        if (l > 0) {
          setPlan(op, plan::kScatterGrid,
                  {b.getNamedAttr("groups", b.getI64IntegerAttr(l)),
                   b.getNamedAttr("blocks", b.getI64IntegerAttr(sBlocks))});
          setResultMappings(op, homes());
          return success();
        }
      }
      if (cb < 0)
        return op->emitError("reducing ")
               << e << " rows into " << n << " segments of " << f
               << " values fits no plan within " << budget
               << " bytes per tile (60% of a tile): a full partial per tile "
                  "needs at least "
               << partialBytes + ceilDiv(e, rowTiles) * inRow
               << (isa<ScatterOp, GlobalPoolOp>(op)
                       ? "; split by columns, " +
                             std::to_string((e + n) * std::max<int64_t>(1, ceilDiv(f, tiles)) * 4 + e * 9)
                       : std::string())
               << "; an L x S grid needs more than the " << tiles
               << " tiles; use more IPUs (ipus=N) or smaller batches";
      setPlan(op, plan::kScatterCols,
              {b.getNamedAttr("columns", b.getI64IntegerAttr(cb)),
               b.getNamedAttr("tiles", b.getI64IntegerAttr(ceilDiv(width, cb)))});
      setResultMappings(op, homes());
      return success();
    }
    setPlan(op, plan::kScatter, {groupsAttr(g)});
    setResultMappings(op, homes());
    return success();
  }
  if (auto reduce = dyn_cast<ReduceOp>(op)) {
    if (tensorType(reduce.getInput()).getRank() == 0)
      return serial();
    if (!llvm::is_contained(reduce.getDims(), 0))
      return rows();
    setPlan(op, plan::kReduceRows);
    setResultMappings(op, homes());
    return success();
  }
  if (isa<CrossEntropyOp, NllLossOp, MseLossOp, L1LossOp>(op)) {
    if (tensorType(op->getOperand(0)).getRank() == 0)
      return serial();
    setPlan(op, plan::kLoss);
    setResultMappings(op, homes());
    return success();
  }
  if (isa<SoftmaxOp, LogSoftmaxOp>(op)) {
    int64_t rank = tensorType(op->getResult(0)).getRank();
    int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
    if (axis < 0)
      axis += rank;
    return rank >= 2 && axis != 0 ? rows() : serial();
  }
  if (isa<SliceOp, ConcatOp>(op)) {
    int64_t rank = tensorType(op->getResult(0)).getRank();
    int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
    if (axis < 0)
      axis += rank;
    if (axis == 0 || !isRowLocalElementwise(op))
      return serial();
    return rows();
  }
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    RankedTensorType in = tensorType(reshape.getInput());
    RankedTensorType out = tensorType(reshape.getResult());
    if (in.getRank() >= 1 && out.getRank() >= 1 &&
        in.getDimSize(0) == out.getDimSize(0))
      return rows();
    return serial();
  }
  if (auto bn = dyn_cast<BatchNormOp>(op)) {
    if (!bn.getTraining() && !bn.getMask() &&
        tensorType(bn.getInput()).getRank() >= 2)
      return rows();
    return serial();
  }
  if (isa<SegmentSoftmaxOp>(op))
    return serial();
  if (isa<IotaOp>(op))
    return rows();
  if (isa<SgdUpdateOp, AdamUpdateOp>(op))
    return rows();
  if (isRowLocalElementwise(op))
    return rows();
  return serial();
}

bool Partitioner::planHaloGather(GatherOp op) {
  std::optional<std::vector<int64_t>> index =
      plan::constantIndices(op.getIndices());
  if (!index)
    return false;
  RankedTensorType table = tensorType(op.getSource());
  RankedTensorType out = tensorType(op.getResult());
  if (table.getRank() == 0 || out.getRank() == 0)
    return false;
  std::optional<GatherHalo> h =
      gnnc::partition::planGatherHalo(*index, blocks(table.getDimSize(0)),
                                      blocks(out.getDimSize(0)));
  if (!h)
    return false;
  // The halo, the refs and the block of the result live together.
  int64_t outBlock = rowClass(out.getDimSize(0)).block;
  if (h->haloRows * rowBytes(table) + outBlock * (rowBytes(out) + 4) > budget)
    return false;
  Builder b(ctx);
  setPlan(op, plan::kHaloGather,
          {b.getNamedAttr("halo_rows", b.getI64IntegerAttr(h->haloRows)),
           b.getNamedAttr("remote_rows", b.getI64IntegerAttr(h->remoteRows))});
  setResultMappings(op, {homeOf(op.getResult())});
  return true;
}

bool Partitioner::planHaloSegment(Operation *op, Value source, Value indices) {
  std::optional<std::vector<int64_t>> index = plan::constantIndices(indices);
  if (!index)
    return false;
  RankedTensorType out = tensorType(op->getResult(0));
  if (out.getRank() == 0 || !out.getElementType().isF32())
    return false;
  int64_t rows = tensorType(indices).getDimSize(0);
  SegmentHalo h = gnnc::partition::planSegmentHalo(*index, blocks(rows),
                                                   blocks(out.getDimSize(0)));
  int64_t sourceRow = source ? rowBytes(tensorType(source)) : 0;
  int64_t outBlock = rowClass(out.getDimSize(0)).block;
  // Halo rows of the source and the row mask, CSR offsets and refs, the
  // block of the result.
  if (h.haloRows * (sourceRow + 1) + (outBlock + 1 + h.entries) * 4 +
          outBlock * rowBytes(out) >
      budget)
    return false;
  Builder b(ctx);
  setPlan(op, plan::kHaloSegment,
          {b.getNamedAttr("halo_rows", b.getI64IntegerAttr(h.haloRows)),
           b.getNamedAttr("entries", b.getI64IntegerAttr(h.entries)),
           b.getNamedAttr("remote_rows", b.getI64IntegerAttr(h.remoteRows))});
  setResultMappings(op, {homeOf(op->getResult(0))});
  return true;
}

void Partitioner::findSpmmChains() {
  func.walk([&](ScatterOp op) {
    std::optional<plan::SpmmChain> chain = plan::matchSpmmChain(op);
    RankedTensorType out = tensorType(op.getResult());
    if (!chain || out.getRank() == 0 || !out.getElementType().isF32())
      return;
    RankedTensorType table = tensorType(chain->gather.getSource());
    std::optional<gnnc::partition::SpmmHalo> h = gnnc::partition::planSpmmHalo(
        chain->src, chain->dst, blocks(table.getDimSize(0)),
        blocks(out.getDimSize(0)));
    if (!h)
      return;
    // The halo of table rows, offsets, refs and weights, the result block.
    int64_t outBlock = rowClass(out.getDimSize(0)).block;
    if (h->haloRows * rowBytes(table) + (outBlock + 1 + 2 * h->entries) * 4 +
            outBlock * rowBytes(out) >
        budget)
      return;
    Builder b(ctx);
    spmmPlans[op] = {
        b.getNamedAttr("halo_rows", b.getI64IntegerAttr(h->haloRows)),
        b.getNamedAttr("entries", b.getI64IntegerAttr(h->entries)),
        b.getNamedAttr("remote_rows", b.getI64IntegerAttr(h->remoteRows))};
    fusedOps.insert(chain->gather);
    fusedOps.insert(chain->mul);
  });
}

LogicalResult Partitioner::run() {
  for (BlockArgument arg : func.getArguments())
    if (!tensorType(arg) || !tensorType(arg).hasStaticShape())
      return func.emitError("argument #")
             << arg.getArgNumber()
             << " is not a static tensor; run gnn-staticize first";
  collectRowClasses();
  findSpmmChains();
  for (BlockArgument arg : func.getArguments())
    func.setArgAttr(arg.getArgNumber(), plan::kMappingAttr, homeOf(arg));
  WalkResult walk = func.walk([&](Operation *op) {
    if (op == func.getOperation() || isa<func::ReturnOp>(op))
      return WalkResult::advance();
    if (op->getDialect() != ctx->getLoadedDialect<GnnDialect>()) {
      op->emitError("gnn-partition handles gnn ops only; found '")
          << op->getName() << "'";
      return WalkResult::interrupt();
    }
    return failed(planOp(op)) ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  func->setAttr(plan::kTargetAttr, bsp::TargetAttr::get(ctx, target));
  return success();
}

struct GnnPartitionPass
    : public mlir::gnn::impl::GnnPartitionBase<GnnPartitionPass> {
  using GnnPartitionBase::GnnPartitionBase;

  void runOnOperation() override {
    absl::StatusOr<gnnrt::TargetModel> target =
        gnnc::partition::targetByName(targetName, numIpus);
    if (!target.ok()) {
      mlir::emitError(getOperation().getLoc(), "gnn-partition: ")
          << std::string(target.status().message());
      return signalPassFailure();
    }
    if (tiles < 0 || tiles > target->tilesPerIpu) {
      mlir::emitError(getOperation().getLoc(), "gnn-partition: tiles=")
          << static_cast<int64_t>(tiles) << " must lie in [0, " << target->tilesPerIpu << "]";
      return signalPassFailure();
    }
    if (tiles > 0)
      target->tilesPerIpu = tiles;
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Partitioner partitioner(func, *target, minRowBytes);
      if (failed(partitioner.run()))
        return signalPassFailure();
    }
  }
};

} // namespace
