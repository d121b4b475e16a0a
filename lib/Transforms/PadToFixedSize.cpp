//===- PadToFixedSize.cpp - Dynamic functions to padded static ones -------===//
//
// 1. Group values whose first dimension must be equal (dimension classes,
//    a union-find over the op semantics: gather result ~ indices, scatter
//    source ~ indices, elementwise operands ~ results, ...).
// 2. Name each class that holds a dynamic argument dimension: nodes, edges
//    or graphs (argument attribute gnn.rows, or the graph ops that use it).
// 3. Give those dimensions their fixed sizes, add the *_mask arguments and
//    attach the right mask to every op whose result padding would change.
//
//===----------------------------------------------------------------------===//
#include <optional>

#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnc/Transforms/ShapeRefinement.h"
#include "RowMasks.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNPADTOFIXEDSIZE
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

enum class RowKind { nodes, edges, graphs };
constexpr RowKind kKinds[] = {RowKind::nodes, RowKind::edges, RowKind::graphs};

StringRef kindName(RowKind kind) {
  switch (kind) {
  case RowKind::nodes:
    return "nodes";
  case RowKind::edges:
    return "edges";
  case RowKind::graphs:
    return "graphs";
  }
  llvm_unreachable("unknown kind");
}

std::optional<RowKind> parseKind(StringRef name) {
  for (RowKind kind : kKinds)
    if (kindName(kind) == name)
      return kind;
  return std::nullopt;
}

struct PadToFixedSizePass
    : mlir::gnn::impl::GnnPadToFixedSizeBase<PadToFixedSizePass> {
  using GnnPadToFixedSizeBase::GnnPadToFixedSizeBase;

  void runOnOperation() override {
    if (failed(pad()))
      signalPassFailure();
  }

  int64_t fixedSize(RowKind kind) {
    int64_t option = kind == RowKind::nodes   ? numNodes
                     : kind == RowKind::edges ? numEdges
                                              : numGraphs;
    if (option > 0)
      return option;
    std::string attr = ("gnn.num_" + kindName(kind)).str();
    if (auto value = getOperation()->getAttrOfType<IntegerAttr>(attr))
      return value.getInt();
    return 0;
  }

  /// Kinds the graph ops imply for the classes they touch.
  LogicalResult assignKinds(RowClasses &dims,
                            llvm::DenseMap<Value, RowKind> &kinds) {
    func::FuncOp function = getOperation();
    bool ok = true;
    auto assign = [&](Value v, RowKind kind, Operation *why) {
      Value leader = dims.leader(v);
      if (!leader)
        return;
      auto [it, inserted] = kinds.try_emplace(leader, kind);
      if (!inserted && it->second != kind) {
        why->emitError("dimension 0 of this operand would count both ")
            << kindName(it->second) << " and " << kindName(kind)
            << "; check the gnn.rows attributes of the arguments";
        ok = false;
      }
    };
    for (BlockArgument arg : function.getArguments()) {
      // A mask argument named like the ones this pass adds has that kind.
      if (auto name = function.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                             "gnn.name"))
        for (RowKind kind : kKinds)
          if (name.getValue() == (kindName(kind) + "_mask").str())
            assign(arg, kind, function);
      auto rows = function.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        "gnn.rows");
      if (!rows)
        continue;
      std::optional<RowKind> kind = parseKind(rows.getValue());
      if (!kind) {
        function.emitError("argument #")
            << arg.getArgNumber() << ": gnn.rows must be \"nodes\", "
            << "\"edges\" or \"graphs\", got \"" << rows.getValue() << "\"";
        return failure();
      }
      assign(arg, *kind, function);
    }
    function.walk([&](Operation *op) {
      if (auto mp = llvm::dyn_cast<MessagePassingOp>(op)) {
        assign(mp.getSrcIndex(), RowKind::edges, op);
        assign(mp.getResult(), RowKind::nodes, op);
        for (Value source : mp.getSources())
          assign(source, RowKind::nodes, op);
      } else if (auto p = llvm::dyn_cast<GlobalPoolOp>(op)) {
        assign(p.getInput(), RowKind::nodes, op);
        assign(p.getResult(), RowKind::graphs, op);
      } else if (llvm::isa<ScatterOp, DegreeOp>(op)) {
        // Segments are graphs when the index is also a pooling batch vector,
        // else nodes.
        Value index = op->getOperand(llvm::isa<ScatterOp>(op) ? 1 : 0);
        bool byGraph = llvm::any_of(index.getUsers(), [&](Operation *u) {
          auto p = llvm::dyn_cast<GlobalPoolOp>(u);
          return p && p.getBatch() == index;
        });
        assign(op->getResult(0), byGraph ? RowKind::graphs : RowKind::nodes,
               op);
      } else if (auto a = llvm::dyn_cast<AddSelfLoopsOp>(op)) {
        assign(a.getSrcIndex(), RowKind::edges, op);
        assign(a.getNodes(), RowKind::nodes, op);
      }
    });
    return success(ok);
  }

  LogicalResult pad() {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return success();
    RowClasses dims;
    dims.build(function);
    llvm::DenseMap<Value, RowKind> kinds;
    if (failed(assignKinds(dims, kinds)))
      return failure();

    // The classes to pad are those of dynamic argument rows.
    llvm::DenseMap<Value, RowKind> padded; // leader -> kind
    for (BlockArgument arg : function.getArguments()) {
      auto type = llvm::dyn_cast<RankedTensorType>(arg.getType());
      if (!type || type.hasStaticShape())
        continue;
      for (int64_t d = 1; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          return function.emitError("argument #")
                 << arg.getArgNumber() << " of type " << type
                 << " has a dynamic dimension other than the first; only "
                    "rows (nodes, edges, graphs) can be padded";
      Value leader = dims.leader(arg);
      auto kind = kinds.find(leader);
      if (kind == kinds.end())
        return function.emitError("cannot tell whether dimension 0 of "
                                  "argument #")
               << arg.getArgNumber() << " counts nodes, edges or graphs; "
               << "add {gnn.rows = \"nodes\"} (or \"edges\", \"graphs\") to "
                  "the argument";
      if (fixedSize(kind->second) <= 0)
        return function.emitError("argument #")
               << arg.getArgNumber() << " has a dynamic number of "
               << kindName(kind->second) << "; pass num-"
               << kindName(kind->second) << "=N or set gnn.num_"
               << kindName(kind->second) << " on the function";
      padded[leader] = kind->second;
    }
    if (padded.empty())
      return success();
    // Rows the padded graph implies although no argument carries them: a
    // reduction into nodes or graphs with a dynamic count gets the fixed
    // count, its padding rows masked like the arguments' (e.g. the null
    // graph in a global_pool result).
    bool ok = true;
    auto padImplied = [&](Value v, Operation *op) {
      auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
      if (!type || type.getRank() < 1 || !type.isDynamicDim(0))
        return;
      Value leader = dims.leader(v);
      auto kind = kinds.find(leader);
      if (kind == kinds.end() || padded.count(leader) ||
          kind->second == RowKind::edges)
        return;
      if (fixedSize(kind->second) <= 0) {
        op->emitError("the padded program has a dynamic number of ")
            << kindName(kind->second) << " here; pass num-"
            << kindName(kind->second) << "=N or set gnn.num_"
            << kindName(kind->second) << " on the function";
        ok = false;
        return;
      }
      padded[leader] = kind->second;
    };
    function.walk([&](Operation *op) {
      if (llvm::isa<func::CallOp>(op)) {
        op->emitError("padding changes argument types, which a call cannot "
                      "follow; inline the callee first (the gnn-staticize "
                      "pipeline does)");
        ok = false;
      }
      for (Value r : op->getResults())
        padImplied(r, op);
    });
    if (!ok)
      return failure();
    if (padded.empty())
      return success();

    // Mask arguments, reusing ones the function already names *_mask.
    Block &entry = function.getBody().front();
    llvm::DenseMap<unsigned, Value> masks; // kind -> mask value
    for (RowKind kind : kKinds) {
      if (!llvm::any_of(padded, [&](auto &p) { return p.second == kind; }))
        continue;
      std::string name = (kindName(kind) + "_mask").str();
      Value mask;
      for (BlockArgument arg : function.getArguments())
        if (auto n = function.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                           "gnn.name"))
          if (n.getValue() == name)
            mask = arg;
      if (mask) {
        auto type = llvm::dyn_cast<RankedTensorType>(mask.getType());
        if (!type || type.getRank() != 1 || !type.getElementType().isInteger(1) ||
            (!type.isDynamicDim(0) && type.getDimSize(0) != fixedSize(kind)))
          return function.emitError("argument '")
                 << name << "' must be a tensor<" << fixedSize(kind)
                 << "xi1> (or tensor<?xi1>) to serve as the padding mask, "
                 << "got " << mask.getType();
      }
      if (!mask) {
        auto type = RankedTensorType::get({fixedSize(kind)},
                                          IntegerType::get(&getContext(), 1));
        unsigned index = function.getNumArguments();
        function.insertArgument(
            index, type,
            DictionaryAttr::get(
                &getContext(),
                {NamedAttribute(StringAttr::get(&getContext(), "gnn.name"),
                                StringAttr::get(&getContext(), name))}),
            function.getLoc());
        mask = function.getArgument(index);
      }
      masks[static_cast<unsigned>(kind)] = mask;
    }
    auto maskFor = [&](Value rows) -> Value {
      Value leader = dims.leader(rows);
      auto it = padded.find(leader);
      if (it == padded.end())
        return nullptr;
      return masks.lookup(static_cast<unsigned>(it->second));
    };

    if (failed(attachRowMasks(function, maskFor, "padded", false)))
      return failure();

    // Every value of a padded class gets its fixed size.
    auto fix = [&](Value v) {
      Value leader = dims.leader(v);
      auto it = padded.find(leader);
      if (it == padded.end())
        return;
      auto type = llvm::cast<RankedTensorType>(v.getType());
      if (!type.isDynamicDim(0))
        return;
      SmallVector<int64_t> shape(type.getShape());
      shape[0] = fixedSize(it->second);
      v.setType(RankedTensorType::get(shape, type.getElementType()));
    };
    for (BlockArgument arg : entry.getArguments())
      fix(arg);
    function.walk([&](Operation *op) {
      for (Value r : op->getResults())
        fix(r);
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            fix(arg);
    });
    function.setFunctionType(FunctionType::get(
        &getContext(), entry.getArgumentTypes(), function.getResultTypes()));
    return refineShapes(function);
  }
};

} // namespace
