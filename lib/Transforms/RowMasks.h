//===- RowMasks.h - Row classes and masks for the static-shape passes -*- C++ -*-===//
//
// Padding and static self-loops both add rows that must not count. They
// find every value whose first dimension lists the same items (a row
// class: a union-find over op semantics, e.g. gather result ~ indices,
// elementwise operand ~ result) and put the class's mask on every op that
// reduces over such rows.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_LIB_TRANSFORMS_ROWMASKS_H
#define GNNC_LIB_TRANSFORMS_ROWMASKS_H

#include "gnn/GnnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/EquivalenceClasses.h"

namespace mlir::gnn {

/// Union-find over "dimension 0 of this value".
class RowClasses {
public:
  /// Groups the values of `function` whose rows must be the same items.
  void build(func::FuncOp function);
  void unite(Value a, Value b);
  /// The representative of `v`'s class; null for values without rows.
  Value leader(Value v);

private:
  void uniteAll(ValueRange values);
  void addRules(Operation *op);

  struct ValueOrder {
    bool operator()(Value a, Value b) const {
      return a.getAsOpaquePointer() < b.getAsOpaquePointer();
    }
  };
  llvm::EquivalenceClasses<Value, ValueOrder> classes;
};

/// Puts `maskFor(rows)` (when non-null) on every op of `function` that
/// reduces over rows: scatter, degree, segment softmax, message passing,
/// self-loop insertion, pooling, batch-norm statistics, reductions over
/// dimension 0 and losses, combined with any mask already there. Ops that
/// cannot take a mask over such rows (a softmax across them, a concatenation
/// of them, a selection of them, a transpose, and - with `rejectReturns` - a
/// return) are errors that say `why` the rows are masked.
LogicalResult attachRowMasks(func::FuncOp function,
                             function_ref<Value(Value)> maskFor,
                             StringRef why, bool rejectReturns);

} // namespace mlir::gnn

#endif // GNNC_LIB_TRANSFORMS_ROWMASKS_H
