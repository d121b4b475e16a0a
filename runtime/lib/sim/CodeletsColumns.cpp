//===- CodeletsColumns.cpp - Gather and scatter over column slices --------===//
//
// For tables too wide to sit whole on a tile (raw 1433-wide features
// aggregated by SAGE or GIN before any linear layer), the compiler splits the
// feature columns over tiles instead of the rows: every tile holds all rows
// of a column block (a dim-1 mapping) and all indices (replicated), and
// gathers or scatters its columns. Each output column is computed exactly as
// the reference kernel computes it, so the results are bit-identical.
//
//   gather_cols   table [N, W] (dim 1), idx [E] (replicated)
//                 -> out [E, W] (dim 1, same column blocks)
//   scatter_cols  [src [E, W] (dim 1)], idx [E], [mask [E]] (replicated)
//                 -> out [N, W] (dim 1, same column blocks)
//                 params: reduce, has_mask (src is always present)
//   contract_cols A [R, K] (replicated), B [R, W] (dim 1)
//                 -> out [K, W] (dim 1, same column blocks): A^T B on the
//                 tile's columns, rows summed in order from +0.0 like
//                 gnnrt::matmul(transpose(A), B)
//
//===----------------------------------------------------------------------===//
#include "CodeletsCommon.h"

#include <cstring>

#include "gnnrt/Kernels.h"

namespace gnnrt::sim::detail {
namespace {

absl::Status requireColumns(const char *cn, const char *role,
                            const TensorDecl *t) {
  if (t->shape.size() != 2 || t->mapping.replicated || t->mapping.dim != 1)
    return invalid(absl::StrCat(cn, ": ", role, " '", t->name,
                                "' must be a rank-2 tensor blocked on dim 1"));
  return absl::OkStatus();
}

absl::Status sameColumns(const char *cn, const TensorDecl *a,
                         const TensorDecl *b) {
  if (a->shape[1] != b->shape[1] || a->mapping.block != b->mapping.block ||
      a->mapping.tiles.first != b->mapping.tiles.first)
    return invalid(absl::StrCat(cn, ": '", a->name, "' and '", b->name,
                                "' must have the same columns in the same "
                                "column blocks"));
  return absl::OkStatus();
}

absl::Status gatherColsCheck(const Vertex &, const Decls &ins,
                             const Decls &outs) {
  const char *cn = "gather_cols";
  if (ins.size() != 2 || outs.size() != 1)
    return invalid("gather_cols: takes (table, idx) and gives (out)");
  for (auto [t, role] : {std::pair{ins[0], "table"}, std::pair{outs[0], "result"}})
    if (absl::Status s = requireColumns(cn, role, t); !s.ok())
      return s;
  if (absl::Status s = requireReplicated(cn, "indices", ins[1]); !s.ok())
    return s;
  if (absl::Status s = requireInt(cn, "indices", ins[1]); !s.ok())
    return s;
  if (ins[1]->shape.size() != 1 || ins[1]->shape[0] != outs[0]->shape[0])
    return invalid("gather_cols: indices must be [E] for a result [E, W]");
  if (ins[0]->dtype != outs[0]->dtype)
    return invalid("gather_cols: table and result dtypes differ");
  return sameColumns(cn, ins[0], outs[0]);
}

absl::Status gatherColsRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &table = ins[0], &idx = ins[1], &o = outs[0];
  int64_t n = table.shape[0], w = table.shape[1], e = o.shape[0];
  if (w == 0 || e == 0)
    return absl::OkStatus();
  int64_t es = dtypeSize(o.decl->dtype);
  for (int64_t i = 0; i < e; ++i) {
    int64_t r = idx.decl->dtype == DType::kI64 ? ptr<int64_t>(idx)[i]
                                               : ptr<int32_t>(idx)[i];
    if (r < 0 || r >= n)
      return invalid(absl::StrCat("gather_cols: index ", r, " at position ",
                                  i, " is outside the table's rows [0, ", n,
                                  ")"));
    std::memcpy(o.data + i * w * es, table.data + r * w * es,
                static_cast<size_t>(w * es));
  }
  return absl::OkStatus();
}

int64_t gatherColsCost(const TargetModel &t, const CostParams &p, Slices,
                       Slices outs) {
  return gatherCycles(t, p, outs[0].shape[0],
                      outs[0].shape[1] * dtypeSize(outs[0].decl->dtype));
}

absl::Status scatterColsCheck(const Vertex &v, const Decls &ins,
                              const Decls &outs) {
  const char *cn = "scatter_cols";
  if (absl::Status s = checkEnumParam(cn, v, "reduce",
                                      {"sum", "mean", "max", "min"}, true);
      !s.ok())
    return s;
  bool masked = intOr(v.params, "has_mask", 0) != 0;
  if (ins.size() != (masked ? 3u : 2u) || outs.size() != 1)
    return invalid("scatter_cols: takes (src, idx[, mask]) and gives (out)");
  for (auto [t, role] : {std::pair{ins[0], "source"}, std::pair{outs[0], "result"}})
    if (absl::Status s = requireColumns(cn, role, t); !s.ok())
      return s;
  for (size_t i = 1; i < ins.size(); ++i)
    if (absl::Status s = requireReplicated(cn, i == 1 ? "indices" : "mask", ins[i]);
        !s.ok())
      return s;
  if (absl::Status s = requireInt(cn, "indices", ins[1]); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "result", outs[0], DType::kF32); !s.ok())
    return s;
  return sameColumns(cn, ins[0], outs[0]);
}

absl::Status scatterColsRun(const Vertex &v, Slices ins, Slices outs) {
  const LocalSlice &src = ins[0], &o = outs[0];
  if (o.shape[1] == 0)
    return absl::OkStatus();
  // The reference kernel on the local columns: same rows in the same order.
  Tensor source(DType::kF32, src.shape);
  std::memcpy(source.data<float>().data(), src.data,
              static_cast<size_t>(source.sizeInBytes()));
  auto whole = [](const LocalSlice &s) {
    Tensor t(s.decl->dtype, s.shape);
    int64_t bytes = t.sizeInBytes();
    switch (t.dtype()) {
    case DType::kF32: std::memcpy(t.data<float>().data(), s.data, bytes); break;
    case DType::kI32: std::memcpy(t.data<int32_t>().data(), s.data, bytes); break;
    case DType::kI64: std::memcpy(t.data<int64_t>().data(), s.data, bytes); break;
    case DType::kBool: std::memcpy(t.data<uint8_t>().data(), s.data, bytes); break;
    }
    return t;
  };
  Tensor index = whole(ins[1]);
  Tensor mask;
  if (ins.size() > 2)
    mask = whole(ins[2]);
  ReduceKind kind;
  parseReduce(paramStringRef(v.params, "reduce"), kind);
  Reduce reduce = kind == ReduceKind::kSum    ? Reduce::kSum
                  : kind == ReduceKind::kMean ? Reduce::kMean
                  : kind == ReduceKind::kMax  ? Reduce::kMax
                                              : Reduce::kMin;
  absl::StatusOr<Tensor> out = scatter(source, index, o.shape[0], reduce,
                                       ins.size() > 2 ? &mask : nullptr);
  if (!out.ok())
    return invalid(absl::StrCat("scatter_cols: ", out.status().message()));
  std::memcpy(o.data, out->data<float>().data(),
              static_cast<size_t>(out->sizeInBytes()));
  return absl::OkStatus();
}

int64_t scatterColsCost(const TargetModel &t, const CostParams &p, Slices ins,
                        Slices outs) {
  return scatterCycles(t, p, ins[0].shape[0],
                       outs[0].shape[1] * dtypeSize(outs[0].decl->dtype)) +
         vectorCycles(t, p, DType::kF32, outs[0].numElements(), 1);
}

absl::Status contractColsCheck(const Vertex &, const Decls &ins,
                               const Decls &outs) {
  const char *cn = "contract_cols";
  if (ins.size() != 2 || outs.size() != 1)
    return invalid("contract_cols: takes (A, B) and gives (out)");
  if (absl::Status s = requireReplicated(cn, "A", ins[0]); !s.ok())
    return s;
  for (auto [t, role] : {std::pair{ins[1], "B"}, std::pair{outs[0], "result"}})
    if (absl::Status s = requireColumns(cn, role, t); !s.ok())
      return s;
  for (const TensorDecl *t : {ins[0], ins[1], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  const Shape &a = ins[0]->shape, &b = ins[1]->shape, &o = outs[0]->shape;
  if (a.size() != 2 || a[0] != b[0] || o[0] != a[1])
    return invalid(absl::StrCat("contract_cols: shapes ", shapeToString(a),
                                ", ", shapeToString(b), " -> ",
                                shapeToString(o), " are not [R, K], [R, W] -> "
                                "[K, W]"));
  return sameColumns(cn, ins[1], outs[0]);
}

absl::Status contractColsRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &a = ins[0], &b = ins[1], &o = outs[0];
  int64_t r = a.shape[0], k = a.shape[1], w = b.shape[1];
  if (w == 0)
    return absl::OkStatus();
  const float *pa = ptr<float>(a), *pb = ptr<float>(b);
  float *po = mptr<float>(o);
  for (int64_t i = 0; i < k * w; ++i)
    po[i] = 0.0f;
  // out[kk, j] = sum_r a[r, kk] * b[r, j], r ascending.
  for (int64_t row = 0; row < r; ++row)
    for (int64_t kk = 0; kk < k; ++kk) {
      float av = pa[row * k + kk];
      float *orow = po + kk * w;
      const float *brow = pb + row * w;
      for (int64_t j = 0; j < w; ++j)
        orow[j] += av * brow[j];
    }
  return absl::OkStatus();
}

int64_t contractColsCost(const TargetModel &t, const CostParams &p, Slices ins,
                         Slices outs) {
  return matmulCycles(t, p, ins[0].shape[0] * ins[0].shape[1] * ins[1].shape[1]);
}

} // namespace

void addColumnCodelets(std::vector<Codelet> &out) {
  out.push_back({"contract_cols", 2, 1, contractColsCheck, contractColsRun,
                 contractColsCost});
  out.push_back({"gather_cols", 2, 1, gatherColsCheck, gatherColsRun,
                 gatherColsCost});
  out.push_back({"scatter_cols", kVariadicArity, 1, scatterColsCheck,
                 scatterColsRun, scatterColsCost});
}

} // namespace gnnrt::sim::detail
