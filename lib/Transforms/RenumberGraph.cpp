//===- RenumberGraph.cpp - gnn-renumber-graph --------------------------------===//
//
// Renumbers a graph bound at compile time so that the row blocks of
// gnn-partition hold neighbourhoods: nodes block by block of a min-cut
// partition (lib/Partition), edges by source. The host keeps its own
// order; the permutations travel to the runtime as row orders of the host
// streams.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>

#include "gnn/GnnOps.h"
#include "gnnc/Partition/GraphPartition.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNRENUMBERGRAPH
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

constexpr llvm::StringLiteral kBound = "gnn.bound";
constexpr llvm::StringLiteral kRowOrder = "gnn.row_order";

std::vector<int64_t> intValues(ConstantOp c) {
  std::vector<int64_t> out;
  auto dense = dyn_cast<DenseIntElementsAttr>(c.getValue());
  if (!dense)
    return out;
  out.reserve(dense.getNumElements());
  for (const APInt &v : dense.getValues<APInt>())
    out.push_back(dense.getElementType().isInteger(1) ? v.getZExtValue()
                                                      : v.getSExtValue());
  return out;
}

/// `values` as a constant of `c`'s type (i64 and i32 index arrays without
/// a detour through APInt: a million-edge graph has millions of them).
DenseElementsAttr valuesLike(ConstantOp c, ArrayRef<int64_t> values) {
  auto type = cast<RankedTensorType>(c.getType());
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  if (width == 64)
    return DenseElementsAttr::get(type, values);
  if (width == 32) {
    SmallVector<int32_t> v(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<int32_t>(v));
  }
  SmallVector<APInt> v;
  v.reserve(values.size());
  for (int64_t x : values)
    v.push_back(APInt(width, static_cast<uint64_t>(x), /*isSigned=*/true));
  return DenseElementsAttr::get(type, v);
}

/// Row i of the result is row order[i] of `attr` (any element type; i1,
/// which MLIR packs as bits, through APInt).
DenseElementsAttr permuteRows(DenseElementsAttr attr, ArrayRef<int64_t> order) {
  auto type = cast<RankedTensorType>(attr.getType());
  int64_t rows = type.getDimSize(0);
  int64_t perRow = rows ? type.getNumElements() / rows : 0;
  if (type.getElementType().isInteger(1)) {
    SmallVector<APInt> in(attr.getValues<APInt>()), out;
    out.reserve(in.size());
    for (int64_t i = 0; i < rows; ++i)
      out.append(in.begin() + order[i] * perRow,
                 in.begin() + (order[i] + 1) * perRow);
    return DenseElementsAttr::get(type, out);
  }
  // Elements are stored in whole bytes (i1 aside, above).
  ArrayRef<char> raw = attr.getRawData();
  size_t rowBytes = static_cast<size_t>(perRow) *
                    ((type.getElementTypeBitWidth() + 7) / 8);
  std::vector<char> out(raw.size());
  for (int64_t i = 0; i < rows; ++i)
    std::memcpy(out.data() + i * rowBytes, raw.data() + order[i] * rowBytes,
                rowBytes);
  return DenseElementsAttr::getFromRawBuffer(type, out);
}

DenseElementsAttr indexTensor(MLIRContext *ctx, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(ctx, 64));
  return DenseElementsAttr::get(type, values);
}

struct GnnRenumberGraphPass
    : public mlir::gnn::impl::GnnRenumberGraphBase<GnnRenumberGraphPass> {
  using GnnRenumberGraphBase::GnnRenumberGraphBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The bound graph: the same values in every function that took them.
    llvm::StringMap<SmallVector<ConstantOp>> bound;
    module.walk([&](ConstantOp c) {
      if (auto name = c->getAttrOfType<StringAttr>(kBound))
        bound[name.getValue()].push_back(c);
    });
    if (!bound.contains("src") || !bound.contains("dst") || parts < 2)
      return;
    // Every bound input must be one dense tensor wherever it was bound
    // (attributes are uniqued: one comparison each); the graph's indices and
    // masks must be integers that can be read back (not a resource blob).
    llvm::StringMap<std::vector<int64_t>> values;
    for (auto &[name, ops] : bound) {
      for (ConstantOp c : ops)
        if (c.getValue() != ops.front().getValue())
          return;
      auto dense = dyn_cast<DenseElementsAttr>(ops.front().getValue());
      if (!dense || !dense.getElementType().isIntOrFloat())
        return; // rows that could not be permuted
      if (name != "src" && name != "dst" && !name.ends_with("_mask"))
        continue;
      values[name] = intValues(ops.front());
      if (static_cast<int64_t>(values[name].size()) !=
          cast<RankedTensorType>(ops.front().getType()).getNumElements())
        return;
    }
    const std::vector<int64_t> &src = values["src"], &dst = values["dst"];
    for (StringRef mask : {"nodes_mask", "edges_mask"})
      if (values.contains(mask))
        for (int64_t v : values[mask])
          if (v == 0)
            return; // a padded batch: its slots are not the graph's nodes
    std::optional<int64_t> numNodes = nodeCount(module, values);
    int64_t numEdges = static_cast<int64_t>(src.size());
    if (!numNodes || *numNodes == numEdges || src.size() != dst.size())
      return;
    int64_t n = *numNodes;
    if (!orderFree(module, n))
      return;
    gnnc::partition::Graph graph{n, src, dst};
    if (!graph.validate().ok())
      return;
    int64_t block = (n + parts - 1) / parts;
    int64_t numParts = (n + block - 1) / block;
    if (numParts < 2)
      return;
    absl::StatusOr<gnnc::partition::GraphPartition> partition =
        gnnc::partition::partitionGraph(graph, numParts);
    if (!partition.ok()) {
      module.emitWarning("gnn-renumber-graph: ")
          << std::string(partition.status().message())
          << "; keeping the host's numbering";
      return;
    }
    // Nodes part by part (stable: the host's order within a part), edges by
    // new source, then new destination, so that the lookups of a gather by
    // source are mostly in its own tile's block.
    std::vector<int64_t> nodeHost(n), newId(n);
    std::iota(nodeHost.begin(), nodeHost.end(), 0);
    std::stable_sort(nodeHost.begin(), nodeHost.end(), [&](int64_t a, int64_t b) {
      return partition->nodeTile[a] < partition->nodeTile[b];
    });
    for (int64_t i = 0; i < n; ++i)
      newId[nodeHost[i]] = i;
    std::vector<int64_t> edgeHost(numEdges);
    std::iota(edgeHost.begin(), edgeHost.end(), 0);
    std::stable_sort(edgeHost.begin(), edgeHost.end(), [&](int64_t a, int64_t b) {
      return std::make_pair(newId[src[a]], newId[dst[a]]) <
             std::make_pair(newId[src[b]], newId[dst[b]]);
    });

    // The cut between consecutive blocks of `block` rows, before and after.
    std::vector<int32_t> before(n), after(n);
    for (int64_t i = 0; i < n; ++i) {
      before[i] = static_cast<int32_t>(i / block);
      after[i] = static_cast<int32_t>(newId[i] / block);
    }
    int64_t cutBeforeValue = gnnc::partition::computeEdgeCut(graph, before);
    int64_t cutAfterValue = gnnc::partition::computeEdgeCut(graph, after);
    cutBefore = cutBeforeValue;
    cutAfter = cutAfterValue;

    std::vector<int64_t> newSrc(numEdges), newDst(numEdges);
    for (int64_t j = 0; j < numEdges; ++j) {
      newSrc[j] = newId[src[edgeHost[j]]];
      newDst[j] = newId[dst[edgeHost[j]]];
    }
    // One new attribute per bound input, set on every constant holding it:
    // the indices renumbered, every other tensor with a row per node or per
    // edge (masks, labels, features) permuted like those rows.
    for (auto &[name, ops] : bound) {
      DenseElementsAttr attr;
      if (name == "src" || name == "dst") {
        attr = valuesLike(ops.front(), name == "src" ? newSrc : newDst);
      } else {
        auto old = cast<DenseElementsAttr>(ops.front().getValue());
        auto type = cast<RankedTensorType>(old.getType());
        if (old.isSplat() || type.getRank() == 0)
          continue;
        if (type.getDimSize(0) == n)
          attr = permuteRows(old, nodeHost);
        else if (type.getDimSize(0) == numEdges)
          attr = permuteRows(old, edgeHost);
        else
          continue;
      }
      for (ConstantOp c : ops)
        c.setValueAttr(attr);
    }

    // What the host streams see in host order.
    MLIRContext *ctx = &getContext();
    auto nodes = StringAttr::get(ctx, "nodes"), edges = StringAttr::get(ctx, "edges");
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      for (BlockArgument arg : func.getArguments()) {
        auto rows = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "gnn.rows");
        auto type = dyn_cast<RankedTensorType>(arg.getType());
        if (!rows || !type || type.getRank() == 0)
          continue;
        if (rows.getValue() == "nodes" && type.getDimSize(0) == n)
          func.setArgAttr(arg.getArgNumber(), kRowOrder, nodes);
        else if (rows.getValue() == "edges" && type.getDimSize(0) == numEdges)
          func.setArgAttr(arg.getArgNumber(), kRowOrder, edges);
      }
      for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
        auto ranked = dyn_cast<RankedTensorType>(type);
        if (ranked && ranked.getRank() >= 1 && ranked.getDimSize(0) == n)
          func.setResultAttr(i, kRowOrder, nodes);
      }
    }
    Builder b(ctx);
    module->setAttr("gnn.row_orders",
                    b.getDictionaryAttr(
                        {b.getNamedAttr("nodes", indexTensor(ctx, nodeHost)),
                         b.getNamedAttr("edges", indexTensor(ctx, edgeHost))}));
    module->setAttr(
        "gnn.graph_partition",
        b.getDictionaryAttr(
            {b.getNamedAttr("parts", b.getI64IntegerAttr(numParts)),
             b.getNamedAttr("block", b.getI64IntegerAttr(block)),
             b.getNamedAttr("edge_cut_before", b.getI64IntegerAttr(cutBeforeValue)),
             b.getNamedAttr("edge_cut_after", b.getI64IntegerAttr(cutAfterValue)),
             b.getNamedAttr("edges", b.getI64IntegerAttr(numEdges))}));
  }

private:
  /// Whether nothing but the host streams ties node rows to positions. Node
  /// rows computed on the device (iota included: self-loops i -> i) follow
  /// the renumbering; what would not is state or a non-splat constant with a
  /// row per node (a learned embedding, a baked-in table) and picking rows by
  /// position (a slice of node rows, node rows assembled by concatenation).
  static bool orderFree(ModuleOp module, int64_t n) {
    auto nodeRows = [&](Type t) {
      auto ranked = dyn_cast<RankedTensorType>(t);
      return ranked && ranked.getRank() >= 1 && ranked.getDimSize(0) == n;
    };
    WalkResult walk = module.walk([&](Operation *op) {
      bool tied = false;
      if (auto param = dyn_cast<ParameterOp>(op))
        tied = nodeRows(param.getType());
      else if (auto c = dyn_cast<ConstantOp>(op); c && !op->hasAttr(kBound)) {
        auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
        // A splat (all-true masks, zeros) is the same in any order.
        tied = nodeRows(c.getType()) && !(dense && dense.isSplat());
      }
      else if (isa<SliceOp, ConcatOp>(op)) {
        auto result = cast<RankedTensorType>(op->getResult(0).getType());
        int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
        if (axis < 0)
          axis += result.getRank();
        tied = axis == 0 &&
               (nodeRows(result) ||
                (isa<SliceOp>(op) && nodeRows(op->getOperand(0).getType())));
      }
      return tied ? WalkResult::interrupt() : WalkResult::advance();
    });
    return !walk.wasInterrupted();
  }

  /// The node count: the rows of node-row arguments, else of a bound node
  /// mask.
  static std::optional<int64_t>
  nodeCount(ModuleOp module, const llvm::StringMap<std::vector<int64_t>> &values) {
    for (func::FuncOp func : module.getOps<func::FuncOp>())
      for (BlockArgument arg : func.getArguments()) {
        auto rows = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "gnn.rows");
        auto type = dyn_cast<RankedTensorType>(arg.getType());
        if (rows && rows.getValue() == "nodes" && type && type.getRank() >= 1 &&
            type.hasStaticShape())
          return type.getDimSize(0);
      }
    auto mask = values.find("nodes_mask");
    if (mask != values.end())
      return static_cast<int64_t>(mask->second.size());
    return std::nullopt;
  }
};

} // namespace
