//===- InferStaticSizes.cpp - Static segment counts for reductions --------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnc/Transforms/ShapeRefinement.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNINFERSTATICSIZES
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

int64_t rowsOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getDimSize(0);
}

/// The number of nodes an index vector of node ids ranges over, read off
/// the graph ops around it; kDynamic when nothing tells.
int64_t nodesFromStructure(Value index) {
  // A static edge list with loops appended: concat(ids, iota(N)).
  if (auto concat = index.getDefiningOp<ConcatOp>())
    if (auto iota = concat.getInputs().back().getDefiningOp<IotaOp>())
      return iota.getType().getDimSize(0);
  if (auto loops = index.getDefiningOp<AddSelfLoopsOp>())
    if (!ShapedType::isDynamic(rowsOf(loops.getNodes())))
      return rowsOf(loops.getNodes());
  for (OpOperand &use : index.getUses()) {
    Operation *user = use.getOwner();
    int64_t n = ShapedType::kDynamic;
    if (auto g = llvm::dyn_cast<GatherOp>(user))
      n = rowsOf(g.getSource());
    else if (auto p = llvm::dyn_cast<GlobalPoolOp>(user);
             p && use.get() == p.getBatch())
      n = rowsOf(p.getResult()); // a batch vector counts graphs
    else if (auto a = llvm::dyn_cast<AddSelfLoopsOp>(user))
      n = rowsOf(a.getNodes());
    else if (auto mp = llvm::dyn_cast<MessagePassingOp>(user);
             mp && use.get() == mp.getDstIndex())
      n = rowsOf(mp.getResult());
    if (!ShapedType::isDynamic(n))
      return n;
  }
  return ShapedType::kDynamic;
}

struct InferStaticSizesPass
    : mlir::gnn::impl::GnnInferStaticSizesBase<InferStaticSizesPass> {
  using GnnInferStaticSizesBase::GnnInferStaticSizesBase;

  /// A pass option wins over the function's attribute (as in
  /// gnn-pad-to-fixed-size).
  int64_t fromFunction(StringRef attr, int64_t option) {
    if (option > 0)
      return option;
    if (auto value = getOperation()->getAttrOfType<IntegerAttr>(attr))
      return value.getInt();
    return ShapedType::kDynamic;
  }

  LogicalResult setRows(Operation *op, Value result, int64_t rows,
                        StringRef what, StringRef fix) {
    if (ShapedType::isDynamic(rows))
      return op->emitError("cannot infer the number of ")
             << what << " of '" << op->getName() << "': " << fix;
    auto type = llvm::cast<RankedTensorType>(result.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[0] = rows;
    result.setType(RankedTensorType::get(shape, type.getElementType()));
    return success();
  }

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    std::string nodeFix =
        "its index is not used to gather from a node tensor of static size; "
        "give the result type a static size, set gnn.num_nodes on the "
        "function or pass num-nodes=N";
    bool failedAny = false;
    // Graph counts first: a batch vector's other reductions read them.
    function.walk([&](GlobalPoolOp p) {
      if (ShapedType::isDynamic(rowsOf(p.getResult())) &&
          failed(setRows(p, p.getResult(),
                         fromFunction("gnn.num_graphs", numGraphs), "graphs",
                         "PyG takes batch.max() + 1, which the IPU cannot; "
                         "set gnn.num_graphs on the function or pass "
                         "num-graphs=G (PyG's size= argument)")))
        failedAny = true;
    });
    function.walk([&](Operation *op) {
      Value result, index;
      if (auto s = llvm::dyn_cast<ScatterOp>(op)) {
        result = s.getResult();
        index = s.getIndices();
      } else if (auto d = llvm::dyn_cast<DegreeOp>(op)) {
        result = d.getResult();
        index = d.getIndices();
      } else if (auto mp = llvm::dyn_cast<MessagePassingOp>(op)) {
        result = mp.getResult();
        index = mp.getDstIndex();
        // As PyG's propagate: the targets' rows, else (a homogeneous graph)
        // the sources'.
        Value nodes = !mp.getTargets().empty()   ? mp.getTargets().front()
                      : !mp.getSources().empty() ? mp.getSources().front()
                                                 : Value();
        if (nodes && ShapedType::isDynamic(rowsOf(result)) &&
            !ShapedType::isDynamic(rowsOf(nodes)))
          (void)setRows(op, result, rowsOf(nodes), "", "");
      } else {
        return;
      }
      if (!ShapedType::isDynamic(rowsOf(result)))
        return;
      int64_t n = nodesFromStructure(index);
      if (ShapedType::isDynamic(n))
        n = fromFunction("gnn.num_nodes", numNodes);
      if (failed(setRows(op, result, n, "segments", nodeFix)))
        failedAny = true;
    });
    if (failedAny || failed(refineShapes(function)))
      signalPassFailure();
  }
};

} // namespace
