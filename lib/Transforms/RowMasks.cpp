//===- RowMasks.cpp - Row classes and masks for the static-shape passes ---===//
#include "RowMasks.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::gnn;

namespace {

bool hasRows(Value v) {
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  return type && type.getRank() >= 1;
}

int64_t rowsOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getDimSize(0);
}

} // namespace

void RowClasses::unite(Value a, Value b) {
  if (a && b && hasRows(a) && hasRows(b))
    classes.unionSets(a, b);
}

void RowClasses::uniteAll(ValueRange values) {
  for (Value v : values)
    unite(values.front(), v);
}

Value RowClasses::leader(Value v) {
  if (!v || !hasRows(v))
    return nullptr;
  classes.insert(v);
  return classes.getLeaderValue(v);
}

void RowClasses::build(func::FuncOp function) {
  function.walk([&](Operation *op) { addRules(op); });
}

void RowClasses::addRules(Operation *op) {
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
      .Case<ReluOp, SigmoidOp, TanhOp, ExpOp, LogOp, NegOp, SqrtOp, AbsOp,
            LeakyReluOp, EluOp, PowOp, DropoutOp, SoftmaxOp, LogSoftmaxOp,
            CastOp, NotOp, AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, WhereOp,
            CmpOp, AndOp, OrOp, XorOp>([&](Operation *o) {
        // Elementwise: operands of the result's rank share its rows (a
        // lower-rank operand broadcasts along other dimensions).
        int64_t rank =
            llvm::cast<RankedTensorType>(o->getResult(0).getType()).getRank();
        for (Value v : o->getOperands())
          if (hasRows(v) &&
              llvm::cast<RankedTensorType>(v.getType()).getRank() == rank &&
              rowsOf(v) != 1)
            unite(v, o->getResult(0));
      });
}

LogicalResult mlir::gnn::attachRowMasks(func::FuncOp function,
                                      function_ref<Value(Value)> maskFor,
                                      StringRef why, bool rejectReturns) {
  bool ok = true;
  auto combine = [&](Operation *op, Value existing, Value mask) -> Value {
    if (!existing)
      return mask;
    OpBuilder b(op);
    return b.create<AndOp>(op->getLoc(), mask.getType(), existing, mask);
  };
  function.walk([&](Operation *op) {
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
            o->emitError("a softmax across ")
                << why << " rows would include them; normalise along "
                << "features or use gnn.segment_softmax with a mask";
            ok = false;
          }
        })
        .Case([&](BooleanIndexOp o) {
          if (maskFor(o.getSource())) {
            o->emitError("x[mask] over ")
                << why << " rows: run gnn-lower-boolean-index first";
            ok = false;
          }
        })
        .Case([&](ConcatOp o) {
          bool rows = o.getAxis() == 0 || o.getAxis() == -o.getType().getRank();
          if (rows && llvm::any_of(o.getInputs(),
                                   [&](Value v) { return maskFor(v); })) {
            o->emitError("concatenating ")
                << why << " rows along dimension 0 would interleave them "
                << "with real rows";
            ok = false;
          }
        })
        .Case([&](TransposeOp o) {
          if (maskFor(o->getOperand(0))) {
            o->emitError("transposing ")
                << why << " rows is not supported: they would become "
                << "columns that no mask covers";
            ok = false;
          }
        })
        .Case([&](func::ReturnOp o) {
          if (!rejectReturns)
            return;
          for (Value v : o.getOperands())
            if (maskFor(v)) {
              o->emitError("returns ")
                  << why << " rows, which carry no mask outside the function; "
                  << "return what a masked reduction computes from them";
              ok = false;
              return;
            }
        });
  });
  return success(ok);
}
