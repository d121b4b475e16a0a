//===- SparsifyConstantProducts.cpp - gnn-sparsify-constant-products ------===//
//
// A product with a mostly-zero constant (bag-of-words features bound at
// compile time) becomes gather -> scale -> segment sum over the constant's
// nonzeros, which gnn-partition fuses into one halo_spmm per product.
//
//===----------------------------------------------------------------------===//
#include "gnn/GnnOps.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_GNNSPARSIFYCONSTANTPRODUCTS
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::gnn;

namespace {

/// The nonzeros of a rank-2 f32 constant in row-major order.
struct Nonzeros {
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> row, col;
  std::vector<float> value;
};

RankedTensorType tensorType(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

Value indexConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI64Type());
  return b.create<ConstantOp>(loc, type, DenseElementsAttr::get(type, values));
}

struct GnnSparsifyConstantProductsPass
    : public mlir::gnn::impl::GnnSparsifyConstantProductsBase<
          GnnSparsifyConstantProductsPass> {
  using GnnSparsifyConstantProductsBase::GnnSparsifyConstantProductsBase;

  void runOnOperation() override {
    if (!(maxDensity >= 0.0 && maxDensity <= 1.0) || minElements < 0 ||
        maxTransposeElements < 0) {
      getOperation().emitError("gnn-sparsify-constant-products: max-density "
                               "must lie in [0, 1] and min-elements and "
                               "max-transpose-elements be >= 0; got ")
          << maxDensity.getValue() << ", " << minElements.getValue() << " and "
          << maxTransposeElements.getValue();
      return signalPassFailure();
    }
    nonzeros.clear();
    sparseValues.clear();
    SmallVector<Operation *> products;
    getOperation().walk([&](Operation *op) {
      if (isa<LinearOp, MatmulOp>(op))
        products.push_back(op);
    });
    for (Operation *op : products)
      if (Value sparse = rewrite(op)) {
        op->getResult(0).replaceAllUsesWith(sparse);
        op->erase();
        ++numRewritten;
      }
  }

private:
  /// Sparse enough to rewrite: nonzeros of `v` when it is a rank-2 f32
  /// constant of at least min-elements elements and at most max-density
  /// nonzero (and not all zero: nothing to gather from).
  std::optional<Nonzeros> nonzerosOf(Value v) {
    auto c = v.getDefiningOp<ConstantOp>();
    RankedTensorType type = tensorType(v);
    auto dense = c ? dyn_cast<DenseElementsAttr>(c.getValue()) : nullptr;
    if (!dense || type.getRank() != 2 || !type.getElementType().isF32() ||
        dense.isSplat() || type.getNumElements() < minElements)
      return std::nullopt;
    Nonzeros nz{type.getDimSize(0), type.getDimSize(1), {}, {}, {}};
    int64_t limit = static_cast<int64_t>(
        maxDensity * static_cast<double>(type.getNumElements()));
    int64_t i = 0;
    for (float x : dense.getValues<float>()) {
      // -0.0 is a zero too: its products are zeros.
      if (x != 0.0f) {
        if (static_cast<int64_t>(nz.value.size()) == limit)
          return std::nullopt;
        nz.row.push_back(i / nz.cols);
        nz.col.push_back(i % nz.cols);
        nz.value.push_back(x);
      }
      ++i;
    }
    if (nz.value.empty())
      return std::nullopt;
    return nz;
  }

  /// A sparse operand: its nonzeros' coordinates and the [nnz, 1] values
  /// the products scale by (a constant, or the dropout of one).
  struct SparseOperand {
    const Nonzeros *nz;
    Value values;
  };

  /// `v` as a sparse operand: a sparse constant, or a dropout of one, whose
  /// kept values are the constant's nonzeros dropped at their dense
  /// positions (built once, after the dropout, and shared by every product
  /// that reads it).
  std::optional<SparseOperand> sparseOperand(Value v) {
    Value constant = v;
    auto dropout = v.getDefiningOp<DropoutOp>();
    if (dropout && !dropout.getPositions())
      constant = dropout.getInput();
    else
      dropout = nullptr;
    auto c = constant.getDefiningOp<ConstantOp>();
    if (!c)
      return std::nullopt;
    auto found = nonzeros.find(c);
    if (found == nonzeros.end()) {
      std::optional<Nonzeros> nz = nonzerosOf(constant);
      if (!nz)
        return std::nullopt;
      found = nonzeros.try_emplace(c, std::move(*nz)).first;
    }
    const Nonzeros &nz = found->second;
    Operation *at = dropout ? dropout.getOperation() : c.getOperation();
    Value &values = sparseValues[at];
    if (!values) {
      OpBuilder b(at->getContext());
      b.setInsertionPointAfter(at);
      Location loc = at->getLoc();
      int64_t n = static_cast<int64_t>(nz.value.size());
      auto type = RankedTensorType::get({n, 1}, b.getF32Type());
      values = b.create<ConstantOp>(loc, type,
                                    DenseElementsAttr::get(type, ArrayRef<float>(nz.value)));
      if (dropout) {
        SmallVector<int64_t> positions(n);
        for (int64_t k = 0; k < n; ++k)
          positions[k] = nz.row[k] * nz.cols + nz.col[k];
        auto positionType = RankedTensorType::get({n, 1}, b.getI64Type());
        Value positionValues = b.create<ConstantOp>(
            loc, positionType,
            DenseElementsAttr::get(positionType, ArrayRef<int64_t>(positions)));
        values = b.create<DropoutOp>(loc, type, values, dropout.getOffset(),
                                     positionValues, dropout.getPAttr(),
                                     dropout.getSeedAttr());
      }
    }
    return SparseOperand{&nz, values};
  }

  /// sum over nonzeros k of values[k] * table[from[k]] into row to[k] of a
  /// [rows, width] result.
  Value spmm(OpBuilder &b, Location loc, Value table,
             ArrayRef<int64_t> from, ArrayRef<int64_t> to, Value values,
             int64_t rows) {
    RankedTensorType t = tensorType(table);
    int64_t nnz = static_cast<int64_t>(from.size());
    Type f32 = b.getF32Type();
    auto edgeRows = RankedTensorType::get({nnz, t.getDimSize(1)}, f32);
    Value gathered =
        b.create<GatherOp>(loc, edgeRows, table, indexConstant(b, loc, from));
    Value scaled = b.create<MulOp>(loc, edgeRows, gathered, values);
    return b.create<ScatterOp>(
        loc, RankedTensorType::get({rows, t.getDimSize(1)}, f32),
        ReduceKind::sum, scaled, indexConstant(b, loc, to), Value());
  }

  Value transposed(OpBuilder &b, Location loc, Value v) {
    RankedTensorType t = tensorType(v);
    return b.create<TransposeOp>(
        loc,
        RankedTensorType::get({t.getDimSize(1), t.getDimSize(0)},
                              t.getElementType()),
        v, b.getDenseI64ArrayAttr({1, 0}));
  }

  /// The sparse form of `op`'s result, or null when it has none.
  Value rewrite(Operation *op) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    auto isRank2F32 = [](Value v) {
      RankedTensorType t = tensorType(v);
      return t && t.getRank() == 2 && t.getElementType().isF32();
    };
    auto transposable = [&](Value v) {
      return isRank2F32(v) &&
             tensorType(v).getNumElements() <= maxTransposeElements;
    };
    if (auto linear = dyn_cast<LinearOp>(op)) {
      // C W^T (+ b): row n sums C[n, k] * W^T[k] over its nonzeros.
      if (!transposable(linear.getWeight()))
        return {};
      std::optional<SparseOperand> c = sparseOperand(linear.getInput());
      if (!c)
        return {};
      Value out = spmm(b, loc, transposed(b, loc, linear.getWeight()),
                       c->nz->col, c->nz->row, c->values, c->nz->rows);
      if (Value bias = linear.getBias())
        out = b.create<AddOp>(loc, out.getType(), out, bias);
      return out;
    }
    auto mm = cast<MatmulOp>(op);
    if (!isRank2F32(mm.getLhs()) || !isRank2F32(mm.getRhs()))
      return {};
    if (std::optional<SparseOperand> c = sparseOperand(mm.getLhs()))
      return spmm(b, loc, mm.getRhs(), c->nz->col, c->nz->row, c->values,
                  c->nz->rows);
    auto transpose = mm.getLhs().getDefiningOp<TransposeOp>();
    if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
      return {};
    if (std::optional<SparseOperand> c = sparseOperand(transpose.getInput()))
      // C^T B: row k sums C[n, k] * B[n] over n.
      return spmm(b, loc, mm.getRhs(), c->nz->row, c->nz->col, c->values,
                  c->nz->cols);
    if (!transposable(mm.getResult()))
      return {};
    if (std::optional<SparseOperand> c = sparseOperand(mm.getRhs()))
      // A^T C = (C^T A)^T: the weight gradient of a layer on constant input.
      return transposed(b, loc,
                        spmm(b, loc, transpose.getInput(), c->nz->row,
                             c->nz->col, c->values, c->nz->cols));
    return {};
  }

  /// Per sparse constant its nonzeros, and per constant or dropout of one
  /// the values its products scale by (built once).
  llvm::DenseMap<Operation *, Nonzeros> nonzeros;
  llvm::DenseMap<Operation *, Value> sparseValues;
};

} // namespace
