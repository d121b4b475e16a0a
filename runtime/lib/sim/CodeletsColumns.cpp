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
//
// For tables too tall for one tile (PubMed, million-node graphs) the
// compiler lays tiles out as an L x S grid (PopLibs' multiSlice /
// multiUpdateAdd with a split table): tile l*S + s holds row block s of
// the table (nb rows) and lookup group l (its indices, replicated over the
// group's S tiles).
//
//   gather_grid   TB [L*S, nb, W] (dim 0, block 1), IX [el] (replicated)
//                 -> PO [L*S, el, W] (dim 0, block 1): row i of the tile's
//                 slice is table row IX[i] when it lies in the tile's block,
//                 else 0 (the compiler then sums PO over s)
//                 params: blocks S, block_rows nb, num_rows N
//   scatter_grid  SRC [el, W], IX [el], MK [el] (replicated)
//                 -> PB [L*S, nb, W][, CB [L*S, nb]] (dim 0, block 1): the
//                 rows of the group whose index lies in the tile's block,
//                 reduced into it (sum/mean: from 0, max/min: from -inf /
//                 +inf; CB counts them; the compiler combines over l)
//                 params: blocks, block_rows, num_rows, reduce
//   linear_partial X [N, K] (dim 1), W [M, K] (dim 1, same column blocks)
//                 -> P [C, N, M] (dim 0, block 1): the tile's share of
//                 x W^T over its columns of K, k ascending from +0.0 (the
//                 compiler combines the C partials and adds the bias)
//   contract_cols A [R, K] (replicated), B [R, W] (dim 1)
//                 -> out [K, W] (dim 1, same column blocks): A^T B on the
//                 tile's columns, rows summed in order from +0.0 like
//                 gnnrt::matmul(transpose(A), B)
//
//===----------------------------------------------------------------------===//
#include "CodeletsCommon.h"

#include <cmath>
#include <cstring>
#include <limits>

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
  auto whole = [](const LocalSlice &s) {
    Tensor t(s.decl->dtype, s.shape);
    if (t.sizeInBytes() > 0)
      std::memcpy(t.rawData(), s.data, static_cast<size_t>(t.sizeInBytes()));
    return t;
  };
  Tensor source = whole(src);
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
  // out[kk, j] = sum_r a[r, kk] * b[r, j], r ascending. b is often raw
  // sparse features: a zero of b adds a ±0 product when a's row is finite,
  // which never changes the accumulator, so such terms are skipped.
  for (int64_t row = 0; row < r; ++row) {
    const float *arow = pa + row * k;
    const float *brow = pb + row * w;
    bool aFinite = true;
    for (int64_t kk = 0; kk < k; ++kk)
      aFinite &= std::isfinite(arow[kk]);
    for (int64_t j = 0; j < w; ++j) {
      const float bv = brow[j];
      if (bv == 0.0f && aFinite)
        continue;
      for (int64_t kk = 0; kk < k; ++kk)
        po[kk * w + j] += arow[kk] * bv;
    }
  }
  return absl::OkStatus();
}

int64_t contractColsCost(const TargetModel &t, const CostParams &p, Slices ins,
                         Slices outs) {
  return matmulCycles(t, p, ins[0].shape[0] * ins[0].shape[1] * ins[1].shape[1]);
}

int64_t indexAt(const LocalSlice &idx, int64_t i) {
  return idx.decl->dtype == DType::kI64 ? ptr<int64_t>(idx)[i]
                                        : ptr<int32_t>(idx)[i];
}

absl::Status gridParams(const char *cn, const Vertex &v) {
  for (const char *key : {"blocks", "block_rows", "num_rows"})
    if (intOr(v.params, key, 0) < 1)
      return invalid(absl::StrCat(cn, ": missing or non-positive param '",
                                  key, "'"));
  return absl::OkStatus();
}

/// The shapes gather_grid / scatter_grid rely on: `blocked` is
/// [tiles, block_rows, ...] with one slice per vertex tile and tiles a
/// multiple of `blocks`; blocks x block_rows covers num_rows; for a gather,
/// `out` is [tiles, el, ...] with the table's row width and el indices.
absl::Status gridShapes(const char *cn, const Vertex &v, const TensorDecl *blocked,
                        const TensorDecl *out, const Shape &indices) {
  int64_t S = intOr(v.params, "blocks", 0), nb = intOr(v.params, "block_rows", 0);
  int64_t n = intOr(v.params, "num_rows", 0);
  const Shape &b = blocked->shape;
  const TileRange &bt = blocked->mapping.tiles;
  // Each vertex is one lookup group: S consecutive tiles, block s on the
  // s-th, inside the grid the blocked tensor spans (one slice per tile).
  if (b[0] != bt.count || !bt.contains(v.tiles) || v.tiles.count != S ||
      (v.tiles.first - bt.first) % S != 0)
    return invalid(absl::StrCat(
        cn, ": the vertex must cover one group of blocks (", S,
        ") tiles aligned to the grid of '", blocked->name, "' (one slice per "
        "tile of its ", bt.count, ")"));
  if (S * nb < n)
    return invalid(absl::StrCat(cn, ": blocks (", S, ") x block_rows (", nb,
                                ") do not cover num_rows (", n, ")"));
  if (!out)
    return absl::OkStatus();
  if (b[1] != nb)
    return invalid(absl::StrCat(cn, ": table blocks hold ", b[1],
                                " rows, block_rows says ", nb));
  int64_t tableRow = numElements(b) / std::max<int64_t>(b[0] * b[1], 1);
  const Shape &o = out->shape;
  if (o.size() < 2 || o[0] != b[0] || indices.size() != 1 ||
      o[1] != indices[0] ||
      numElements(o) / std::max<int64_t>(o[0] * o[1], 1) != tableRow)
    return invalid(absl::StrCat(cn, ": result '", out->name, "' ",
                                shapeToString(o), " must be [", b[0], ", ",
                                indices.empty() ? 0 : indices[0],
                                ", ...] with the table's row width"));
  return absl::OkStatus();
}

absl::Status gatherGridCheck(const Vertex &v, const Decls &ins,
                             const Decls &outs) {
  const char *cn = "gather_grid";
  if (ins.size() != 2 || outs.size() != 1)
    return invalid("gather_grid: takes (table blocks, indices) and gives "
                   "(partial rows)");
  if (absl::Status s = gridParams(cn, v); !s.ok())
    return s;
  for (auto [t, role] : {std::pair{ins[0], "table blocks"},
                         std::pair{outs[0], "partial rows"}})
    if (t->mapping.replicated || t->mapping.dim != 0 || t->mapping.block != 1 ||
        t->shape.size() < 2)
      return invalid(absl::StrCat(cn, ": ", role, " '", t->name,
                                  "' must be [tiles, rows, ...] blocked on "
                                  "dim 0 with block 1"));
  if (absl::Status s = requireReplicated(cn, "indices", ins[1]); !s.ok())
    return s;
  if (absl::Status s = requireInt(cn, "indices", ins[1]); !s.ok())
    return s;
  if (ins[0]->dtype != outs[0]->dtype)
    return invalid("gather_grid: table and result dtypes differ");
  return gridShapes(cn, v, ins[0], outs[0], ins[1]->shape);
}

absl::Status gatherGridRun(const Vertex &v, Slices ins, Slices outs) {
  const LocalSlice &tb = ins[0], &idx = ins[1], &po = outs[0];
  if (po.rows == 0)
    return absl::OkStatus();
  int64_t S = intOr(v.params, "blocks", 1), nb = intOr(v.params, "block_rows", 1);
  int64_t n = intOr(v.params, "num_rows", 1);
  int64_t s = tb.begin % S, lo = s * nb, hi = lo + nb;
  int64_t el = po.shape[1];
  int64_t rowBytes = (po.rowElements / std::max<int64_t>(el, 1)) *
                     dtypeSize(po.decl->dtype);
  for (int64_t i = 0; i < el; ++i) {
    int64_t r = indexAt(idx, i);
    uint8_t *dst = po.data + i * rowBytes;
    if (r < 0 || r >= n)
      return invalid(absl::StrCat("gather_grid: index ", r, " at position ", i,
                                  " is outside the table's rows [0, ", n, ")"));
    if (r >= lo && r < hi)
      std::memcpy(dst, tb.data + (r - lo) * rowBytes, static_cast<size_t>(rowBytes));
    else
      std::memset(dst, 0, static_cast<size_t>(rowBytes));
  }
  return absl::OkStatus();
}

int64_t gatherGridCost(const TargetModel &t, const CostParams &p, Slices,
                       Slices outs) {
  int64_t el = outs[0].shape.size() > 1 ? outs[0].shape[1] : 0;
  return gatherCycles(t, p, el,
                      outs[0].rowElements / std::max<int64_t>(el, 1) *
                          dtypeSize(outs[0].decl->dtype));
}

absl::Status scatterGridCheck(const Vertex &v, const Decls &ins,
                              const Decls &outs) {
  const char *cn = "scatter_grid";
  if (absl::Status s = gridParams(cn, v); !s.ok())
    return s;
  if (absl::Status s = checkEnumParam(cn, v, "reduce",
                                      {"sum", "mean", "max", "min"}, true);
      !s.ok())
    return s;
  bool sum = *paramStringRef(v.params, "reduce") == "sum";
  if (ins.size() != 3 || outs.size() != (sum ? 1u : 2u))
    return invalid("scatter_grid: takes (source, indices, mask) and gives "
                   "(partials[, counts])");
  for (size_t i = 0; i < 3; ++i)
    if (absl::Status s = requireReplicated(cn, "group input", ins[i]); !s.ok())
      return s;
  if (absl::Status s = requireInt(cn, "indices", ins[1]); !s.ok())
    return s;
  for (const TensorDecl *t : outs)
    if (t->mapping.replicated || t->mapping.dim != 0 || t->mapping.block != 1 ||
        t->shape.size() < 2 || t->dtype != DType::kF32)
      return invalid(absl::StrCat(cn, ": '", t->name,
                                  "' must be f32 [tiles, rows, ...] blocked "
                                  "on dim 0 with block 1"));
  if (ins[2]->dtype != DType::kBool)
    return invalid("scatter_grid: the mask must be i1");
  int64_t el = ins[1]->shape.empty() ? 0 : ins[1]->shape[0];
  if (ins[1]->shape.size() != 1 || ins[2]->shape != Shape{el} ||
      ins[0]->shape.empty() || ins[0]->shape[0] != el)
    return invalid("scatter_grid: source, indices and mask must all have the "
                   "group's rows [el, ...], [el], [el]");
  int64_t w = numElements(ins[0]->shape) / std::max<int64_t>(el, 1);
  int64_t nb = intOr(v.params, "block_rows", 0);
  if (numElements(outs[0]->shape) / std::max<int64_t>(outs[0]->shape[0], 1) !=
      nb * w)
    return invalid(absl::StrCat("scatter_grid: partials '", outs[0]->name,
                                "' must hold block_rows (", nb, ") x ", w,
                                " elements per tile"));
  if (outs.size() > 1 && outs[1]->shape != Shape{outs[0]->shape[0], nb})
    return invalid("scatter_grid: counts must be [tiles, block_rows]");
  return gridShapes(cn, v, outs[0], nullptr, ins[1]->shape);
}

absl::Status scatterGridRun(const Vertex &v, Slices ins, Slices outs) {
  const LocalSlice &src = ins[0], &idx = ins[1], &mask = ins[2], &pb = outs[0];
  if (pb.rows == 0)
    return absl::OkStatus();
  int64_t S = intOr(v.params, "blocks", 1), nb = intOr(v.params, "block_rows", 1);
  int64_t n = intOr(v.params, "num_rows", 1);
  ReduceKind kind;
  parseReduce(paramStringRef(v.params, "reduce"), kind);
  int64_t s = pb.begin % S, lo = s * nb, hi = lo + nb;
  int64_t w = pb.rowElements / std::max<int64_t>(nb, 1);
  float *acc = mptr<float>(pb);
  float *cnt = outs.size() > 1 ? mptr<float>(outs[1]) : nullptr;
  float init = kind == ReduceKind::kMax   ? -std::numeric_limits<float>::infinity()
               : kind == ReduceKind::kMin ? std::numeric_limits<float>::infinity()
                                          : 0.0f;
  for (int64_t i = 0; i < nb * w; ++i)
    acc[i] = init;
  if (cnt)
    for (int64_t i = 0; i < nb; ++i)
      cnt[i] = 0.0f;
  const float *x = ptr<float>(src);
  const uint8_t *m = mask.data;
  int64_t el = idx.numElements();
  for (int64_t i = 0; i < el; ++i) {
    if (!m[i])
      continue;
    int64_t r = indexAt(idx, i);
    if (r < 0 || r >= n)
      return invalid(absl::StrCat("scatter_grid: index ", r, " at position ", i,
                                  " is outside the segments [0, ", n, ")"));
    if (r < lo || r >= hi)
      continue;
    float *a = acc + (r - lo) * w;
    const float *xi = x + i * w;
    switch (kind) {
    case ReduceKind::kSum:
    case ReduceKind::kMean:
      for (int64_t j = 0; j < w; ++j)
        a[j] += xi[j];
      break;
    case ReduceKind::kMax:
      for (int64_t j = 0; j < w; ++j)
        if (xi[j] > a[j] || std::isnan(xi[j]))
          a[j] = xi[j];
      break;
    case ReduceKind::kMin:
      for (int64_t j = 0; j < w; ++j)
        if (xi[j] < a[j] || std::isnan(xi[j]))
          a[j] = xi[j];
      break;
    }
    if (cnt)
      cnt[r - lo] += 1.0f;
  }
  return absl::OkStatus();
}

int64_t scatterGridCost(const TargetModel &t, const CostParams &p, Slices ins,
                        Slices outs) {
  int64_t el = ins[1].numElements();
  return scatterCycles(t, p, el, ins[0].rowElements * 4) +
         vectorCycles(t, p, DType::kF32, outs[0].numElements(), 1);
}

absl::Status linearPartialCheck(const Vertex &v, const Decls &ins,
                                const Decls &outs) {
  const char *cn = "linear_partial";
  if (ins.size() != 2 || outs.size() != 1)
    return invalid("linear_partial: takes (x, W) and gives (partials)");
  for (auto [t, role] : {std::pair{ins[0], "x"}, std::pair{ins[1], "W"}})
    if (absl::Status s = requireColumns(cn, role, t); !s.ok())
      return s;
  if (ins[0]->shape[1] != ins[1]->shape[1] ||
      ins[0]->mapping.block != ins[1]->mapping.block ||
      ins[0]->mapping.tiles.first != ins[1]->mapping.tiles.first)
    return invalid("linear_partial: x and W must split K in the same blocks");
  if (absl::Status s = requirePartial(cn, "partials", outs[0], v); !s.ok())
    return s;
  const Shape &p = outs[0]->shape;
  if (p.size() != 3 || p[1] != ins[0]->shape[0] || p[2] != ins[1]->shape[0])
    return invalid(absl::StrCat("linear_partial: partials ", shapeToString(p),
                                " are not [tiles, N, M]"));
  for (const TensorDecl *t : {ins[0], ins[1], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  return absl::OkStatus();
}

absl::Status linearPartialRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &x = ins[0], &w = ins[1], &p = outs[0];
  int64_t n = x.shape[0], kb = x.shape[1], m = w.shape[0];
  float *po = mptr<float>(p);
  if (p.rows == 0)
    return absl::OkStatus();
  const float *px = ptr<float>(x), *pw = ptr<float>(w);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) {
      float acc = 0.0f;
      for (int64_t k = 0; k < kb; ++k)
        acc += px[i * kb + k] * pw[j * kb + k];
      po[i * m + j] = acc;
    }
  return absl::OkStatus();
}

int64_t linearPartialCost(const TargetModel &t, const CostParams &p,
                          Slices ins, Slices) {
  return matmulCycles(t, p, ins[0].shape[0] * ins[0].shape[1] * ins[1].shape[0]);
}

} // namespace

void addColumnCodelets(std::vector<Codelet> &out) {
  out.push_back({"linear_partial", 2, 1, linearPartialCheck, linearPartialRun,
                 linearPartialCost});
  out.push_back({"gather_grid", 2, 1, gatherGridCheck, gatherGridRun,
                 gatherGridCost});
  out.push_back({"scatter_grid", 3, kVariadicArity, scatterGridCheck,
                 scatterGridRun, scatterGridCost});
  out.push_back({"contract_cols", 2, 1, contractColsCheck, contractColsRun,
                 contractColsCost});
  out.push_back({"gather_cols", 2, 1, gatherColsCheck, gatherColsRun,
                 gatherColsCost});
  out.push_back({"scatter_cols", kVariadicArity, 1, scatterColsCheck,
                 scatterColsRun, scatterColsCost});
}

} // namespace gnnrt::sim::detail
