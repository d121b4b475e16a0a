//===- CodeletsDense.cpp - rows.linear, rows.matmul, contract_partial -----===//
//
// Row-streaming products: every output element is accumulated in f32 from
// +0.0 over k = 0, 1, ... in turn, exactly like gnnrt's gemmRowMajor, so
// rows.linear / rows.matmul are bit-identical to gnnrt::linear / matmul.
// The inner loop runs over contiguous output columns (vectorisable).
//
// Zero skipping: the accumulator starts at +0.0 and can never become -0.0
// (x + y is -0.0 in round-to-nearest only when both are -0.0), so adding
// a * b with a == 0 and b finite (a ±0 product) never changes it. A term is
// therefore skipped when a == 0 and the whole row of b it multiplies is
// finite; with a non-finite b the term is added (0 * inf = NaN). Cora's
// bag-of-words features are ~99% zeros, which makes this the main cost
// saving of the simulator; the cycle estimate still counts every MAC, as
// the AMP unit does not skip.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "CodeletsCommon.h"

namespace gnnrt::sim::detail {
namespace {

/// Per-thread scratch that only grows (no allocation in steady state).
struct Scratch {
  std::vector<float> floats;
  std::vector<uint8_t> flags;
};
Scratch &scratch() {
  thread_local Scratch s;
  return s;
}

/// c[i, :] = sum_k a[i, k] * b[k, :] for i < m, from +0.0 in k order,
/// skipping a[i, k] == 0 where finiteRow[k]. c does not alias a or b.
void rowGemm(const float *a, int64_t lda, const float *b, const uint8_t *finite,
             float *c, int64_t m, int64_t k, int64_t n) {
  for (int64_t i = 0; i < m; ++i) {
    float *crow = c + i * n;
    std::fill_n(crow, n, 0.0f);
    const float *arow = a + i * lda;
    for (int64_t p = 0; p < k; ++p) {
      const float av = arow[p];
      if (av == 0.0f && finite[p])
        continue;
      const float *brow = b + p * n;
      for (int64_t j = 0; j < n; ++j)
        crow[j] += av * brow[j];
    }
  }
}

/// finite[k] = every element of row k of b [k, n] is finite.
void finiteRows(const float *b, int64_t k, int64_t n, uint8_t *finite) {
  for (int64_t p = 0; p < k; ++p) {
    const float *row = b + p * n;
    bool ok = true;
    for (int64_t j = 0; j < n; ++j)
      ok &= std::isfinite(row[j]);
    finite[p] = ok;
  }
}

//===-- rows.linear -----------------------------------------------------===//

absl::Status linearCheck(const Vertex &v, const Decls &ins,
                         const Decls &outs) {
  const char *cn = "rows.linear";
  Groups g;
  if (absl::Status s =
          resolveGroups(cn, v, ins.size(),
                        {Group::kRequired, Group::kRequired, Group::kOptional},
                        g);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  const TensorDecl *x = ins[0], *w = ins[1], *y = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", y); !s.ok())
    return s;
  if (absl::Status s = requireAlignedOrReplicated(cn, "input", x, y); !s.ok())
    return s;
  if (absl::Status s = requireReplicated(cn, "weight", w); !s.ok())
    return s;
  for (const TensorDecl *t : ins)
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  if (absl::Status s = requireDtype(cn, "result", y, DType::kF32); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "weight", w, 2); !s.ok())
    return s;
  if (absl::Status s = requireMinRank(cn, "input", x, 2); !s.ok())
    return s;
  Shape want = x->shape;
  want.back() = w->shape[0];
  if (x->shape.back() != w->shape[1] || y->shape != want)
    return invalid(absl::StrCat(cn, ": ", shapeToString(x->shape), " x ",
                                shapeToString(w->shape), "^T -> ",
                                shapeToString(y->shape),
                                " do not match (weight is [out, in])"));
  if (g.has(2)) {
    const TensorDecl *b = ins[g.first[2]];
    if (absl::Status s = requireReplicated(cn, "bias", b); !s.ok())
      return s;
    if (b->shape != Shape{w->shape[0]})
      return invalid(absl::StrCat(cn, ": bias '", b->name, "' must be [",
                                  w->shape[0], "]"));
  }
  return requireNoAlias(cn, ins, outs);
}

absl::Status linearRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0], &w = ins[1];
  View x = rowView(ins[0], o);
  int64_t in = w.decl->shape[1], outF = w.decl->shape[0];
  int64_t m = in == 0 ? 0 : x.dims.elements() / in;
  if (m * outF != o.numElements())
    return invalid(absl::StrCat("rows.linear: local slice of '",
                                ins[0].decl->name, "' has ", m,
                                " rows of features but '", o.decl->name,
                                "' has ", o.numElements() / std::max<int64_t>(
                                                                outF, 1)));
  if (m == 0)
    return absl::OkStatus();
  // weight^T [in, out] so that the inner loop streams output columns.
  Scratch &s = scratch();
  if (static_cast<int64_t>(s.floats.size()) < in * outF)
    s.floats.resize(static_cast<size_t>(in * outF));
  if (static_cast<int64_t>(s.flags.size()) < in)
    s.flags.resize(static_cast<size_t>(in));
  float *wt = s.floats.data();
  const float *ws = ptr<float>(w);
  for (int64_t oo = 0; oo < outF; ++oo)
    for (int64_t k = 0; k < in; ++k)
      wt[k * outF + oo] = ws[oo * in + k];
  finiteRows(wt, in, outF, s.flags.data());
  float *dst = mptr<float>(o);
  rowGemm(reinterpret_cast<const float *>(x.data), in, wt, s.flags.data(), dst,
          m, in, outF);
  if (ins.size() > 2) {
    const float *bs = ptr<float>(ins[2]);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t oo = 0; oo < outF; ++oo)
        dst[i * outF + oo] += bs[oo];
  }
  return absl::OkStatus();
}

int64_t linearCost(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices outs) {
  int64_t in = ins[1].decl->shape[1];
  int64_t c = matmulCycles(t, p, outs[0].numElements() * in);
  if (ins.size() > 2)
    c += elementwiseCycles(t, p, DType::kF32, outs[0].numElements()) -
         p.vertexOverheadCycles;
  return c;
}

//===-- rows.matmul -----------------------------------------------------===//

absl::Status matmulCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.matmul";
  const TensorDecl *a = ins[0], *b = ins[1], *c = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", c); !s.ok())
    return s;
  if (absl::Status s = requireAlignedOrReplicated(cn, "lhs", a, c); !s.ok())
    return s;
  if (absl::Status s = requireReplicated(cn, "rhs", b); !s.ok())
    return s;
  for (const TensorDecl *t : {a, b, c}) {
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "operand", t, 2); !s.ok())
      return s;
  }
  if (a->shape[1] != b->shape[0] || c->shape[1] != b->shape[1] ||
      a->shape[0] != c->shape[0])
    return invalid(absl::StrCat(cn, ": shapes ", shapeToString(a->shape),
                                " x ", shapeToString(b->shape), " -> ",
                                shapeToString(c->shape), " do not match"));
  return requireNoAlias(cn, ins, outs);
}

absl::Status matmulRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0], &b = ins[1];
  View a = rowView(ins[0], o);
  int64_t k = b.decl->shape[0], n = b.decl->shape[1];
  if (a.dims.d[0] != o.rows)
    return invalid(absl::StrCat("rows.matmul: local rows of '",
                                ins[0].decl->name, "' (", a.dims.d[0],
                                ") and '", o.decl->name, "' (", o.rows,
                                ") differ"));
  if (o.rows == 0)
    return absl::OkStatus();
  Scratch &s = scratch();
  if (static_cast<int64_t>(s.flags.size()) < k)
    s.flags.resize(static_cast<size_t>(k));
  finiteRows(ptr<float>(b), k, n, s.flags.data());
  rowGemm(reinterpret_cast<const float *>(a.data), k, ptr<float>(b),
          s.flags.data(), mptr<float>(o), o.rows, k, n);
  return absl::OkStatus();
}

int64_t matmulCost(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices outs) {
  return matmulCycles(t, p, outs[0].numElements() * ins[1].decl->shape[0]);
}

//===-- contract_partial ------------------------------------------------===//

absl::Status contractCheck(const Vertex &v, const Decls &ins,
                           const Decls &outs) {
  const char *cn = "contract_partial";
  const TensorDecl *a = ins[0], *b = ins[1], *p = outs[0];
  if (absl::Status s = requirePartial(cn, "partial", p, v); !s.ok())
    return s;
  for (const TensorDecl *t : {a, b}) {
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "operand", t, 2); !s.ok())
      return s;
    if (absl::Status s = requireRowBlocked(cn, "operand", t); !s.ok())
      return s;
  }
  if (absl::Status s = requireAligned(cn, "rhs", b, a); !s.ok())
    return s;
  if (a->mapping.tiles.first != v.tiles.first)
    return invalid(absl::StrCat(cn, ": lhs '", a->name,
                                "' must be blocked from the vertex's first "
                                "tile ",
                                v.tiles.first));
  if (absl::Status s = requireDtype(cn, "partial", p, DType::kF32); !s.ok())
    return s;
  if (p->shape != Shape{v.tiles.count, a->shape[1] * b->shape[1]})
    return invalid(absl::StrCat(cn, ": partial '", p->name, "' has shape ",
                                shapeToString(p->shape), ", expected [",
                                v.tiles.count, ", ", a->shape[1], " * ",
                                b->shape[1], "]"));
  return requireNoAlias(cn, ins, outs);
}

absl::Status contractRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &a = ins[0], &b = ins[1], &p = outs[0];
  if (a.rows != b.rows)
    return invalid(absl::StrCat("contract_partial: local rows of '",
                                a.decl->name, "' (", a.rows, ") and '",
                                b.decl->name, "' (", b.rows, ") differ"));
  int64_t k = a.rowElements, m = b.rowElements;
  if (p.numElements() != k * m)
    return invalid(absl::StrCat("contract_partial: local partial of '",
                                p.decl->name, "' has ", p.numElements(),
                                " elements, expected ", k * m));
  float *dst = mptr<float>(p);
  std::fill_n(dst, k * m, 0.0f);
  const float *as = ptr<float>(a), *bs = ptr<float>(b);
  // P[kk, :] += A[i, kk] * B[i, :] for i in order. A row of B that is
  // mostly zeros is walked by its non-zeros instead (same per-element
  // order; a skipped term is a ±0 product with a finite A row).
  for (int64_t i = 0; i < a.rows; ++i) {
    const float *arow = as + i * k;
    const float *brow = bs + i * m;
    bool aFinite = true;
    for (int64_t kk = 0; kk < k; ++kk)
      aFinite &= std::isfinite(arow[kk]);
    int64_t nnz = 0;
    if (aFinite)
      for (int64_t j = 0; j < m; ++j)
        nnz += brow[j] != 0.0f;
    if (aFinite && nnz * 4 < m) {
      for (int64_t j = 0; j < m; ++j) {
        const float bv = brow[j];
        if (bv == 0.0f)
          continue;
        for (int64_t kk = 0; kk < k; ++kk)
          dst[kk * m + j] += arow[kk] * bv;
      }
      continue;
    }
    for (int64_t kk = 0; kk < k; ++kk) {
      const float av = arow[kk];
      float *prow = dst + kk * m;
      for (int64_t j = 0; j < m; ++j)
        prow[j] += av * brow[j];
    }
  }
  return absl::OkStatus();
}

int64_t contractCost(const TargetModel &t, const CostParams &p, Slices ins,
                     Slices) {
  return matmulCycles(t, p, ins[0].rows * ins[0].rowElements *
                                ins[1].rowElements);
}

} // namespace

void addDenseCodelets(std::vector<Codelet> &out) {
  out.push_back({"rows.linear", kVariadicArity, 1, linearCheck, linearRun,
                 linearCost});
  out.push_back({"rows.matmul", 2, 1, matmulCheck, matmulRun, matmulCost});
  out.push_back({"contract_partial", 2, 1, contractCheck, contractRun,
                 contractCost});
}

} // namespace gnnrt::sim::detail
