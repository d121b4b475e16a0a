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

/// finite[k] = every element of row k of b [k, n] is finite; returns
/// whether all are.
bool finiteRows(const float *b, int64_t k, int64_t n, uint8_t *finite) {
  bool all = true;
  for (int64_t p = 0; p < k; ++p) {
    const float *row = b + p * n;
    bool ok = true;
    for (int64_t j = 0; j < n; ++j)
      ok &= std::isfinite(row[j]);
    finite[p] = ok;
    all &= ok;
  }
  return all;
}

/// The right-hand side of a row product as the inner loop wants it: b [k, n]
/// (rows.linear: the weight [n, k] transposed) and its per-row finiteness,
/// cached per thread for the rest of the compute set (the input is
/// read-only there; see computeSetEpoch; never cached outside one). Replicas a simulator shares
/// between tiles have one address, so this is built once per compute set
/// and thread rather than once per tile.
struct Rhs {
  const float *b = nullptr;
  const uint8_t *finite = nullptr;
  bool allFinite = false;
};
struct RhsCache {
  const float *source = nullptr;
  int64_t k = -1, n = -1;
  bool transposed = false;
  uint64_t epoch = 0;
  std::vector<float> b;
  std::vector<uint8_t> finite;
  bool allFinite = false;
};
Rhs rhsFor(const float *source, int64_t k, int64_t n, bool transpose) {
  thread_local RhsCache c;
  uint64_t epoch = computeSetEpoch();
  if (epoch == 0 || c.source != source || c.k != k || c.n != n ||
      c.transposed != transpose || c.epoch != epoch) {
    c.source = source;
    c.k = k;
    c.n = n;
    c.transposed = transpose;
    c.epoch = epoch;
    c.finite.resize(static_cast<size_t>(k));
    const float *b = source;
    if (transpose) {
      c.b.resize(static_cast<size_t>(k * n));
      float *wt = c.b.data();
      for (int64_t oo = 0; oo < n; ++oo)
        for (int64_t kk = 0; kk < k; ++kk)
          wt[kk * n + oo] = source[oo * k + kk];
      b = wt;
    }
    c.allFinite = finiteRows(b, k, n, c.finite.data());
  }
  return Rhs{c.transposed ? c.b.data() : c.source, c.finite.data(),
             c.allFinite};
}

/// Whether any of a[0..8) is non-zero (NaN counts as non-zero; -0.0 not).
inline bool anyNonZero8(const float *a) {
  uint32_t bits[8];
  std::memcpy(bits, a, sizeof(bits));
  uint32_t any = 0;
  for (int j = 0; j < 8; ++j)
    any |= bits[j] & 0x7fffffffu;
  return any != 0;
}

/// c[i, :] = sum_k a[i, k] * b[k, :] for i < m, from +0.0 in k order,
/// skipping a[i, k] == 0 where finiteRow[k]. c does not alias a or b.
void rowGemm(const float *a, int64_t lda, const Rhs &rhs, float *c, int64_t m,
             int64_t k, int64_t n) {
  const float *b = rhs.b;
  const uint8_t *finite = rhs.finite;
  for (int64_t i = 0; i < m; ++i) {
    float *crow = c + i * n;
    std::fill_n(crow, n, 0.0f);
    const float *arow = a + i * lda;
    auto term = [&](int64_t p) {
      const float av = arow[p];
      if (av == 0.0f && finite[p])
        return;
      const float *brow = b + p * n;
      for (int64_t j = 0; j < n; ++j)
        crow[j] += av * brow[j];
    };
    int64_t p = 0;
    if (rhs.allFinite) // skip blocks of zeros of a wholesale
      for (; p + 8 <= k; p += 8)
        if (anyNonZero8(arow + p))
          for (int64_t q = p; q < p + 8; ++q)
            term(q);
    for (; p < k; ++p)
      term(p);
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
  Rhs rhs = rhsFor(ptr<float>(w), in, outF, /*transpose=*/true);
  float *dst = mptr<float>(o);
  rowGemm(reinterpret_cast<const float *>(x.data), in, rhs, dst, m, in, outF);
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
  Rhs rhs = rhsFor(ptr<float>(b), k, n, /*transpose=*/false);
  rowGemm(reinterpret_cast<const float *>(a.data), k, rhs, mptr<float>(o),
          o.rows, k, n);
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
  // P[kk, :] += A[i, kk] * B[i, :] for i in order. A row of B (or of A)
  // that is mostly zeros is walked by its non-zeros instead (same
  // per-element order; a skipped term is a ±0 product with a finite row of
  // the other operand, which never changes the accumulator).
  for (int64_t i = 0; i < a.rows; ++i) {
    const float *arow = as + i * k;
    const float *brow = bs + i * m;
    // Every path below adds the same non-skipped terms in the same order;
    // they differ only in how they find them.
    bool aFinite = true;
    int64_t nnzA = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      aFinite &= std::isfinite(arow[kk]);
      nnzA += arow[kk] != 0.0f;
    }
    // A finite A row: a zero of B adds ±0 products only, so walk B's
    // non-zeros, skipping whole blocks of zeros (sparse features) without
    // looking at each element. A dense B row costs what the row-wise loop
    // does.
    if (aFinite && nnzA * 4 >= k) {
      auto column = [&](int64_t j) {
        const float bv = brow[j];
        if (bv == 0.0f)
          return;
        for (int64_t kk = 0; kk < k; ++kk)
          dst[kk * m + j] += arow[kk] * bv;
      };
      int64_t j = 0;
      for (; j + 8 <= m; j += 8)
        if (anyNonZero8(brow + j))
          for (int64_t q = j; q < j + 8; ++q)
            column(q);
      for (; j < m; ++j)
        column(j);
      continue;
    }
    bool bFinite = true;
    for (int64_t j = 0; j < m; ++j)
      bFinite &= std::isfinite(brow[j]);
    // Finite B row: a zero of A adds ±0 products only (a mostly-zero A row,
    // e.g. a gradient through a ReLU): walk A's non-zeros.
    if (bFinite && nnzA * 4 < k) {
      auto term = [&](int64_t kk) {
        const float av = arow[kk];
        if (av == 0.0f)
          return;
        float *prow = dst + kk * m;
        for (int64_t jj = 0; jj < m; ++jj)
          prow[jj] += av * brow[jj];
      };
      int64_t kk = 0;
      for (; kk + 8 <= k; kk += 8)
        if (anyNonZero8(arow + kk))
          for (int64_t q = kk; q < kk + 8; ++q)
            term(q);
      for (; kk < k; ++kk)
        term(kk);
      continue;
    }
    for (int64_t kk = 0; kk < k; ++kk) {
      const float av = arow[kk];
      float *prow = dst + kk * m;
      for (int64_t jj = 0; jj < m; ++jj)
        prow[jj] += av * brow[jj];
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
