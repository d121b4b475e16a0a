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

bool hasRows(Value v) {
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  return type && type.getRank() >= 1;
}

int64_t rowsOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getDimSize(0);
}

/// Union-find over "dimension 0 of this value".
class DimensionClasses {
public:
  void unite(Value a, Value b) {
    if (a && b && hasRows(a) && hasRows(b))
      classes.unionSets(a, b);
  }
  void uniteAll(ValueRange values) {
    for (Value v : values)
      unite(values.front(), v);
  }
  Value leader(Value v) {
    if (!hasRows(v))
      return nullptr;
    classes.insert(v);
    return classes.getLeaderValue(v);
  }

  void build(func::FuncOp function) {
    function.walk([&](Operation *op) { addRules(op); });
  }

private:
  void addRules(Operation *op) {
    llvm::TypeSwitch<Operation *>(op)
        .Case([&](GatherOp o) { unite(o.getResult(), o.getIndices()); })
        .Case([&](ScatterOp o) {
          unite(o.getSource(), o.getIndices());
          unite(o.getSource(), o.getMask());
        })
        .Case([&](DegreeOp o) {
          unite(o.getIndices(), o.getWeights());
          unite(o.getIndices(), o.getMask());
        })
        .Case([&](SegmentSoftmaxOp o) {
          uniteAll({o.getResult(), o.getSource(), o.getIndices()});
          unite(o.getSource(), o.getMask());
        })
        .Case([&](BooleanIndexOp o) { unite(o.getSource(), o.getMask()); })
        .Case([&](AddSelfLoopsOp o) {
          uniteAll({o.getSrcIndex(), o.getDstIndex()});
          unite(o.getSrcIndex(), o.getWeights());
          unite(o.getSrcIndex(), o.getMask());
          unite(o.getNewSrcIndex(), o.getNewDstIndex());
          for (Value w : o.getNewWeights())
            unite(o.getNewSrcIndex(), w);
        })
        .Case([&](MessagePassingOp o) {
          Value src = o.getSrcIndex();
          unite(src, o.getDstIndex());
          for (Value v : o.getEdgeData())
            unite(src, v);
          unite(src, o.getEdgeMask());
          for (BlockArgument arg : o.getBody().getArguments())
            unite(src, arg);
          unite(src, o.getBody().front().getTerminator()->getOperand(0));
          for (Value t : o.getTargets())
            unite(o.getResult(), t);
        })
        .Case([&](GlobalPoolOp o) {
          unite(o.getInput(), o.getBatch());
          unite(o.getInput(), o.getMask());
        })
        .Case([&](LinearOp o) {
          if (o.getType().getRank() >= 2)
            unite(o.getInput(), o.getResult());
        })
        .Case([&](MatmulOp o) { unite(o.getLhs(), o.getResult()); })
        .Case([&](ReshapeOp o) {
          // [?, ...] -> [?, ...] keeps the rows when only they are dynamic.
          auto in = o.getInput().getType();
          auto out = o.getType();
          if (in.getRank() >= 1 && out.getRank() >= 1 && in.isDynamicDim(0) &&
              out.isDynamicDim(0) && in.getNumDynamicDims() == 1)
            unite(o.getInput(), o.getResult());
        })
        .Case([&](BatchNormOp o) {
          unite(o.getInput(), o.getResult());
          unite(o.getInput(), o.getMask());
        })
        .Case([&](ConcatOp o) {
          if (o.getAxis() != 0 && o.getAxis() != -o.getType().getRank())
            for (Value v : o.getInputs())
              unite(v, o.getResult());
        })
        .Case([&](SliceOp o) {
          if (o.getAxis() != 0 && o.getAxis() != -o.getType().getRank())
            unite(o.getInput(), o.getResult());
        })
        .Case([&](ReduceOp o) {
          int64_t rank = o.getInput().getType().getRank();
          bool rows = llvm::any_of(o.getDims(), [&](int64_t d) {
            return d == 0 || d == -rank;
          });
          if (!rows)
            unite(o.getInput(), o.getResult());
          unite(o.getInput(), o.getMask());
        })
        .Case<CrossEntropyOp, NllLossOp, MseLossOp, L1LossOp>(
            [&](Operation *o) {
              for (Value v : o->getOperands())
                unite(o->getOperand(0), v);
            })
        .Default([&](Operation *o) {
          // Elementwise ops (unary, broadcasting binary, where, cmp, logic,
          // cast, dropout, softmax): operands of the result's rank share
          // its rows.
          if (o->getNumResults() != 1 || !hasRows(o->getResult(0)) ||
              !o->getDialect() ||
              o->getDialect()->getNamespace() != GnnDialect::getDialectNamespace() ||
              llvm::isa<ConstantOp, GetParameterOp, IotaOp>(o))
            return;
          int64_t rank =
              llvm::cast<RankedTensorType>(o->getResult(0).getType()).getRank();
          for (Value v : o->getOperands())
            if (hasRows(v) &&
                llvm::cast<RankedTensorType>(v.getType()).getRank() == rank &&
                rowsOf(v) != 1)
              unite(v, o->getResult(0));
        });
  }

  struct ValueOrder {
    bool operator()(Value a, Value b) const {
      return a.getAsOpaquePointer() < b.getAsOpaquePointer();
    }
  };
  llvm::EquivalenceClasses<Value, ValueOrder> classes;
};

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
  LogicalResult assignKinds(DimensionClasses &dims,
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
    DimensionClasses dims;
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

    if (failed(attachMasks(maskFor)))
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

  /// Puts the mask of each padded row class on the ops that reduce over it.
  LogicalResult attachMasks(function_ref<Value(Value)> maskFor) {
    bool ok = true;
    auto combine = [&](Operation *op, Value existing, Value mask) -> Value {
      if (!existing)
        return mask;
      OpBuilder b(op);
      return b.create<AndOp>(op->getLoc(), mask.getType(), existing, mask);
    };
    getOperation().walk([&](Operation *op) {
      llvm::TypeSwitch<Operation *>(op)
          .Case([&](ScatterOp o) {
            if (Value m = maskFor(o.getSource()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](DegreeOp o) {
            if (Value m = maskFor(o.getIndices()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](SegmentSoftmaxOp o) {
            if (Value m = maskFor(o.getSource()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](MessagePassingOp o) {
            if (Value m = maskFor(o.getSrcIndex()))
              o.getEdgeMaskMutable().assign(combine(op, o.getEdgeMask(), m));
          })
          .Case([&](AddSelfLoopsOp o) {
            if (Value m = maskFor(o.getSrcIndex()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](GlobalPoolOp o) {
            if (Value m = maskFor(o.getInput()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](BatchNormOp o) {
            if (Value m = maskFor(o.getInput()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case([&](ReduceOp o) {
            int64_t rank = o.getInput().getType().getRank();
            bool rows = llvm::any_of(o.getDims(), [&](int64_t d) {
              return d == 0 || d == -rank;
            });
            if (!rows)
              return;
            if (Value m = maskFor(o.getInput()))
              o.getMaskMutable().assign(combine(op, o.getMask(), m));
          })
          .Case<CrossEntropyOp, NllLossOp, MseLossOp, L1LossOp>(
              [&](Operation *o) {
                Value m = maskFor(o->getOperand(0));
                if (!m)
                  return;
                // Losses keep their mask as the last operand.
                auto setMask = [&](auto loss) {
                  loss.getMaskMutable().assign(
                      combine(op, loss.getMask(), m));
                };
                if (auto l = llvm::dyn_cast<CrossEntropyOp>(o))
                  setMask(l);
                else if (auto l = llvm::dyn_cast<NllLossOp>(o))
                  setMask(l);
                else if (auto l = llvm::dyn_cast<MseLossOp>(o))
                  setMask(l);
                else
                  setMask(llvm::cast<L1LossOp>(o));
              })
          .Case<SoftmaxOp, LogSoftmaxOp>([&](Operation *o) {
            int64_t axis = o->getAttrOfType<IntegerAttr>("axis").getInt();
            int64_t rank =
                llvm::cast<RankedTensorType>(o->getResult(0).getType())
                    .getRank();
            if ((axis == 0 || axis == -rank) && maskFor(o->getOperand(0))) {
              o->emitError("a softmax across padded rows would include the "
                           "padding; normalise along features or use "
                           "gnn.segment_softmax with a mask");
              ok = false;
            }
          })
          .Case([&](BooleanIndexOp o) {
            if (maskFor(o.getSource())) {
              o->emitError("x[mask] over padded rows: run "
                           "gnn-lower-boolean-index before padding");
              ok = false;
            }
          })
          .Case([&](ConcatOp o) {
            bool rows = o.getAxis() == 0 || o.getAxis() == -o.getType().getRank();
            if (rows && llvm::any_of(o.getInputs(),
                                     [&](Value v) { return maskFor(v); })) {
              o->emitError("concatenating padded rows along dimension 0 "
                           "would interleave padding with real rows");
              ok = false;
            }
          });
    });
    return success(ok);
  }
};

} // namespace
