//===- CodeletsReduce.cpp - Distributed reductions over rows --------------===//
//
// scatter_partial / reduce_partial / loss_partial write one partial per
// tile of the vertex (row g = tile - first of P); after the compiler's
// re-layout of P into P2 (blocked on dim 1), combine / loss_combine fold
// the partials in g order. Sums are reordered relative to the reference
// kernels (tile partials first); max and min are exact, since the
// reference's "first, greater, or NaN" rule is associative and keeps the
// first of equal values, which folding partials in tile order preserves.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "CodeletsCommon.h"

namespace gnnrt::sim::detail {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

inline void foldInto(ReduceKind kind, float &acc, float v) {
  switch (kind) {
  case ReduceKind::kSum:
  case ReduceKind::kMean:
    acc += v;
    break;
  case ReduceKind::kMax:
    if (v > acc || std::isnan(v))
      acc = v;
    break;
  case ReduceKind::kMin:
    if (v < acc || std::isnan(v))
      acc = v;
    break;
  }
}

inline float initial(ReduceKind kind) {
  return kind == ReduceKind::kMax   ? -kInf
         : kind == ReduceKind::kMin ? kInf
                                    : 0.0f;
}

absl::Status reduceParam(const char *cn, const Vertex &v, const char *key,
                         ReduceKind &kind) {
  if (absl::Status s = checkEnumParam(cn, v, key, {"sum", "mean", "max", "min"},
                                      true);
      !s.ok())
    return s;
  parseReduce(paramStringRef(v.params, key), kind);
  return absl::OkStatus();
}

absl::Status flagParam(const char *cn, const Vertex &v, const char *key,
                       bool &out) {
  if (absl::Status s = checkParam(cn, v, key, ParamKind::kInt, false); !s.ok())
    return s;
  int64_t f = intOr(v.params, key, 0);
  if (f != 0 && f != 1)
    return invalid(absl::StrCat(cn, ": param '", key, "' must be 0 or 1"));
  out = f != 0;
  return absl::OkStatus();
}

//===-- scatter_partial -------------------------------------------------===//

struct ScatterArgs {
  ReduceKind kind = ReduceKind::kSum;
  bool hasSource = true, hasMask = false;
  int64_t numSegments = 0;
};

absl::Status scatterArgs(const Vertex &v, ScatterArgs &a) {
  const char *cn = "scatter_partial";
  if (absl::Status s = reduceParam(cn, v, "reduce", a.kind); !s.ok())
    return s;
  if (absl::Status s =
          checkParam(cn, v, "num_segments", ParamKind::kInt, true);
      !s.ok())
    return s;
  a.numSegments = *paramIntRef(v.params, "num_segments");
  if (a.numSegments < 0)
    return invalid("scatter_partial: num_segments must be >= 0");
  if (absl::Status s = checkParam(cn, v, "has_source", ParamKind::kInt, false);
      !s.ok())
    return s;
  a.hasSource = intOr(v.params, "has_source", 1) != 0;
  return flagParam(cn, v, "has_mask", a.hasMask);
}

absl::Status scatterCheck(const Vertex &v, const Decls &ins,
                          const Decls &outs) {
  const char *cn = "scatter_partial";
  ScatterArgs a;
  if (absl::Status s = scatterArgs(v, a); !s.ok())
    return s;
  size_t nIns = (a.hasSource ? 1 : 0) + 1 + (a.hasMask ? 1 : 0);
  size_t nOuts = a.kind == ReduceKind::kSum ? 1 : 2;
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), nIns, nIns);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), nOuts, nOuts);
      !s.ok())
    return s;
  const TensorDecl *idx = ins[a.hasSource ? 1 : 0];
  if (absl::Status s = requireRowBlocked(cn, "index", idx); !s.ok())
    return s;
  if (absl::Status s = requireInt(cn, "index", idx); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "index", idx, 1); !s.ok())
    return s;
  Shape pShape = {v.tiles.count, a.numSegments};
  if (a.hasSource) {
    const TensorDecl *src = ins[0];
    if (absl::Status s = requireAligned(cn, "source", src, idx); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "source", src, DType::kF32); !s.ok())
      return s;
    pShape.insert(pShape.end(), src->shape.begin() + 1, src->shape.end());
  }
  if (a.hasMask) {
    const TensorDecl *mask = ins.back();
    if (absl::Status s = requireAligned(cn, "mask", mask, idx); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "mask", mask, DType::kBool); !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "mask", mask, 1); !s.ok())
      return s;
  }
  for (const TensorDecl *t : outs) {
    if (absl::Status s = requirePartial(cn, "partial", t, v); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "partial", t, DType::kF32); !s.ok())
      return s;
  }
  if (outs[0]->shape != pShape)
    return invalid(absl::StrCat(cn, ": partial '", outs[0]->name,
                                "' has shape ", shapeToString(outs[0]->shape),
                                ", expected ", shapeToString(pShape)));
  if (nOuts == 2 && outs[1]->shape != Shape{v.tiles.count, a.numSegments})
    return invalid(absl::StrCat(cn, ": count '", outs[1]->name,
                                "' has shape ", shapeToString(outs[1]->shape),
                                ", expected [", v.tiles.count, ", ",
                                a.numSegments, "]"));
  return requireNoAlias(cn, ins, outs);
}

template <typename I>
absl::Status scatterRows(const ScatterArgs &a, const I *idx, int64_t rows,
                         int64_t begin, const float *src, int64_t inner,
                         const uint8_t *mask, float *p, float *c) {
  const int64_t n = a.numSegments;
  for (int64_t e = 0; e < rows; ++e) {
    if (mask && !mask[e])
      continue;
    int64_t s = static_cast<int64_t>(idx[e]);
    if (s < 0 || s >= n)
      return invalid(absl::StrCat("scatter_partial: index ", s,
                                  " at position ", begin + e,
                                  " is out of range [0, ", n, ")"));
    if (c)
      c[s] += 1.0f;
    float *acc = p + s * inner;
    if (!src) {
      acc[0] += 1.0f;
      continue;
    }
    const float *in = src + e * inner;
    switch (a.kind) {
    case ReduceKind::kSum:
    case ReduceKind::kMean:
      for (int64_t k = 0; k < inner; ++k)
        acc[k] += in[k];
      break;
    case ReduceKind::kMax:
      for (int64_t k = 0; k < inner; ++k)
        if (in[k] > acc[k] || std::isnan(in[k]))
          acc[k] = in[k];
      break;
    case ReduceKind::kMin:
      for (int64_t k = 0; k < inner; ++k)
        if (in[k] < acc[k] || std::isnan(in[k]))
          acc[k] = in[k];
      break;
    }
  }
  return absl::OkStatus();
}

absl::Status scatterRun(const Vertex &v, Slices ins, Slices outs) {
  ScatterArgs a;
  if (absl::Status s = scatterArgs(v, a); !s.ok())
    return s;
  const LocalSlice &idx = ins[a.hasSource ? 1 : 0];
  const LocalSlice &p = outs[0];
  int64_t n = a.numSegments;
  int64_t inner = n == 0 ? 0 : p.numElements() / n;
  float *ps = mptr<float>(p);
  std::fill_n(ps, p.numElements(), initial(a.kind));
  float *cs = nullptr;
  if (outs.size() > 1) {
    cs = mptr<float>(outs[1]);
    std::fill_n(cs, outs[1].numElements(), 0.0f);
  }
  if (p.rows == 0)
    return absl::OkStatus();
  const float *src = a.hasSource ? ptr<float>(ins[0]) : nullptr;
  if (a.hasSource && ins[0].rows != idx.rows)
    return invalid("scatter_partial: local rows of source and index differ");
  const uint8_t *mask = a.hasMask ? ptr<uint8_t>(ins.back()) : nullptr;
  if (idx.decl->dtype == DType::kI64)
    return scatterRows(a, ptr<int64_t>(idx), idx.rows, idx.begin, src, inner,
                       mask, ps, cs);
  return scatterRows(a, ptr<int32_t>(idx), idx.rows, idx.begin, src, inner,
                     mask, ps, cs);
}

int64_t scatterCost(const TargetModel &t, const CostParams &p, Slices ins,
                    Slices outs) {
  // Initialise the partial, then one read-modify-write row per input row.
  int64_t init = elementwiseCycles(t, p, DType::kF32, outs[0].numElements());
  int64_t rows = ins.back().rows;
  int64_t inner = outs[0].decl->shape.size() > 2
                      ? outs[0].decl->rowElements() / outs[0].decl->shape[1]
                      : 1;
  return init + scatterCycles(t, p, rows, inner * 4);
}

//===-- combine ---------------------------------------------------------===//

absl::Status combineCheck(const Vertex &v, const Decls &ins,
                          const Decls &outs) {
  const char *cn = "combine";
  ReduceKind kind;
  if (absl::Status s = reduceParam(cn, v, "reduce", kind); !s.ok())
    return s;
  if (absl::Status s = checkEnumParam(cn, v, "empty", {"zero", "nan"}, false);
      !s.ok())
    return s;
  size_t nIns = kind == ReduceKind::kSum ? 1 : 2;
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), nIns, nIns);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  const TensorDecl *p2 = ins[0], *out = outs[0];
  if (absl::Status s = requireMinRank(cn, "partials", p2, 2); !s.ok())
    return s;
  if (absl::Status s = requireRowBlocked(cn, "result", out); !s.ok())
    return s;
  for (const TensorDecl *t : {p2, out})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  const Mapping &m = p2->mapping, &o = out->mapping;
  if (m.replicated || m.dim != 1 || m.tiles.first != o.tiles.first ||
      m.block != o.block)
    return invalid(absl::StrCat(
        cn, ": partials '", p2->name, "' must be blocked on dim 1 like the "
        "result '", out->name, "' is on dim 0 (tiles from ", o.tiles.first,
        ", block ", o.block, ")"));
  Shape want(p2->shape.begin() + 1, p2->shape.end());
  if (out->shape != want)
    return invalid(absl::StrCat(cn, ": result '", out->name, "' has shape ",
                                shapeToString(out->shape), ", expected ",
                                shapeToString(want)));
  if (nIns == 2) {
    const TensorDecl *c2 = ins[1];
    if (absl::Status s = requireDtype(cn, "counts", c2, DType::kF32); !s.ok())
      return s;
    bool perColumn = c2->shape == Shape{p2->shape[0], p2->shape[1]} &&
                     !c2->mapping.replicated && c2->mapping.dim == 1 &&
                     c2->mapping.tiles.first == m.tiles.first &&
                     c2->mapping.block == m.block;
    bool perPartial = c2->shape == Shape{p2->shape[0]} &&
                      c2->mapping.replicated;
    if (!perColumn && !perPartial)
      return invalid(absl::StrCat(
          cn, ": counts '", c2->name, "' ", shapeToString(c2->shape),
          " must be [", p2->shape[0], ", ", p2->shape[1],
          "] blocked on dim 1 like the partials, or [", p2->shape[0],
          "] replicated (one count per partial)"));
  }
  return requireNoAlias(cn, ins, outs);
}

absl::Status combineRun(const Vertex &v, Slices ins, Slices outs) {
  ReduceKind kind;
  if (!parseReduce(paramStringRef(v.params, "reduce"), kind))
    return invalid("combine: missing or unknown param 'reduce'");
  const std::string *empty = paramStringRef(v.params, "empty");
  const float emptyValue = empty && *empty == "nan"
                               ? std::numeric_limits<float>::quiet_NaN()
                               : 0.0f;
  const LocalSlice &p2 = ins[0], &o = outs[0];
  int64_t g = p2.rows, len = p2.rowElements;
  if (len != o.numElements())
    return invalid(absl::StrCat("combine: local partials of '", p2.decl->name,
                                "' hold ", len, " elements per partial but '",
                                o.decl->name, "' has ", o.numElements()));
  const float *ps = ptr<float>(p2);
  float *dst = mptr<float>(o);
  if (kind == ReduceKind::kSum) {
    std::fill_n(dst, len, 0.0f);
    for (int64_t k = 0; k < g; ++k) {
      const float *row = ps + k * len;
      for (int64_t j = 0; j < len; ++j)
        dst[j] += row[j];
    }
    return absl::OkStatus();
  }
  const LocalSlice &c2 = ins[1];
  bool perColumn = c2.decl->shape.size() == 2;
  int64_t cols = perColumn ? c2.rowElements : 1;
  if (perColumn ? c2.rows != g : c2.numElements() != g)
    return invalid("combine: counts and partials disagree on the number of "
                   "partials");
  int64_t inner = cols == 0 ? 0 : len / cols;
  if (perColumn && cols * inner != len)
    return invalid("combine: local counts do not match the local partials");
  const float *cs = ptr<float>(c2);
  auto count = [&](int64_t k, int64_t col) {
    return perColumn ? cs[k * cols + col] : cs[k];
  };
  if (kind == ReduceKind::kMean) {
    std::fill_n(dst, len, 0.0f);
    for (int64_t k = 0; k < g; ++k) {
      const float *row = ps + k * len;
      for (int64_t j = 0; j < len; ++j)
        dst[j] += row[j];
    }
    for (int64_t col = 0; col < (perColumn ? cols : 1); ++col) {
      float total = 0.0f;
      for (int64_t k = 0; k < g; ++k)
        total += count(k, col);
      int64_t lo = perColumn ? col * inner : 0;
      int64_t hi = perColumn ? lo + inner : len;
      for (int64_t j = lo; j < hi; ++j)
        dst[j] = total > 0.0f ? dst[j] / total : emptyValue;
    }
    return absl::OkStatus();
  }
  for (int64_t j = 0; j < len; ++j) {
    int64_t col = perColumn ? j / std::max<int64_t>(inner, 1) : 0;
    float acc = 0.0f;
    bool any = false;
    for (int64_t k = 0; k < g; ++k) {
      if (!(count(k, col) > 0.0f))
        continue;
      float val = ps[k * len + j];
      if (!any) {
        acc = val;
        any = true;
      } else {
        foldInto(kind, acc, val);
      }
    }
    dst[j] = any ? acc : emptyValue;
  }
  return absl::OkStatus();
}

int64_t combineCost(const TargetModel &t, const CostParams &p, Slices ins,
                    Slices) {
  return elementwiseCycles(t, p, DType::kF32, ins[0].numElements());
}

//===-- reduce_partial --------------------------------------------------===//

struct RPlan {
  ReduceKind kind = ReduceKind::kSum;
  bool hasMask = false;
  int nKept = 0, nRed = 0;
  int64_t keptShape[kMaxRank], keptStride[kMaxRank];
  int64_t redShape[kMaxRank], redStride[kMaxRank];
  int64_t keptCount = 1, redCount = 1;
};

absl::Status rplan(const Vertex &v, const Shape &shape, RPlan &plan) {
  const char *cn = "reduce_partial";
  if (absl::Status s = reduceParam(cn, v, "kind", plan.kind); !s.ok())
    return s;
  if (absl::Status s = flagParam(cn, v, "has_mask", plan.hasMask); !s.ok())
    return s;
  if (absl::Status s = checkParam(cn, v, "dims", ParamKind::kInts, true);
      !s.ok())
    return s;
  const std::vector<int64_t> &dims = *paramIntsRef(v.params, "dims");
  int rank = static_cast<int>(shape.size());
  if (rank < 1 || rank > kMaxRank)
    return invalid("reduce_partial: the input must have rank 1 to 8");
  bool reduced[kMaxRank] = {};
  for (int64_t d : dims) {
    if (d < -rank || d >= rank)
      return invalid(absl::StrCat(cn, ": dim ", d, " is out of range for ",
                                  shapeToString(shape)));
    int64_t nd = d < 0 ? d + rank : d;
    if (reduced[nd])
      return invalid(absl::StrCat(cn, ": dim ", d, " appears twice"));
    reduced[nd] = true;
  }
  if (!reduced[0])
    return invalid(absl::StrCat(cn, ": dims must contain 0 (the rows)"));
  int64_t strides[kMaxRank];
  int64_t s = 1;
  for (int d = rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= shape[d];
  }
  for (int d = 1; d < rank; ++d) {
    if (reduced[d]) {
      plan.redShape[plan.nRed] = shape[d];
      plan.redStride[plan.nRed++] = strides[d];
      plan.redCount *= shape[d];
    } else {
      plan.keptShape[plan.nKept] = shape[d];
      plan.keptStride[plan.nKept++] = strides[d];
      plan.keptCount *= shape[d];
    }
  }
  return absl::OkStatus();
}

absl::Status reducePartialCheck(const Vertex &v, const Decls &ins,
                                const Decls &outs) {
  const char *cn = "reduce_partial";
  if (ins.empty())
    return invalid("reduce_partial: needs an input");
  RPlan plan;
  if (absl::Status s = rplan(v, ins[0]->shape, plan); !s.ok())
    return s;
  size_t nIns = plan.hasMask ? 2 : 1;
  size_t nOuts = plan.kind == ReduceKind::kSum ? 1 : 2;
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), nIns, nIns);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), nOuts, nOuts);
      !s.ok())
    return s;
  const TensorDecl *x = ins[0];
  if (absl::Status s = requireRowBlocked(cn, "input", x); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "input", x, DType::kF32); !s.ok())
    return s;
  if (plan.hasMask) {
    if (absl::Status s = requireAligned(cn, "mask", ins[1], x); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "mask", ins[1], DType::kBool);
        !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "mask", ins[1], 1); !s.ok())
      return s;
  }
  for (const TensorDecl *t : outs) {
    if (absl::Status s = requirePartial(cn, "partial", t, v); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "partial", t, DType::kF32); !s.ok())
      return s;
  }
  if (outs[0]->shape != Shape{v.tiles.count, plan.keptCount})
    return invalid(absl::StrCat(cn, ": partial '", outs[0]->name,
                                "' has shape ", shapeToString(outs[0]->shape),
                                ", expected [", v.tiles.count, ", ",
                                plan.keptCount, "]"));
  if (nOuts == 2 && outs[1]->shape != Shape{v.tiles.count})
    return invalid(absl::StrCat(cn, ": count '", outs[1]->name,
                                "' has shape ", shapeToString(outs[1]->shape),
                                ", expected [", v.tiles.count, "]"));
  return requireNoAlias(cn, ins, outs);
}

absl::Status reducePartialPrepare(const Vertex &v, Slices ins, Slices,
                                  RPlan &plan) {
  return rplan(v, ins[0].decl->shape, plan);
}

absl::Status reducePartialExec(const RPlan &plan, Slices ins, Slices outs) {
  const LocalSlice &x = ins[0], &p = outs[0];
  float *ps = mptr<float>(p);
  std::fill_n(ps, p.numElements(), initial(plan.kind));
  if (outs.size() > 1)
    std::fill_n(mptr<float>(outs[1]), outs[1].numElements(), 0.0f);
  if (p.rows == 0)
    return absl::OkStatus();
  if (p.numElements() != plan.keptCount)
    return invalid("reduce_partial: local partial has the wrong size");
  const uint8_t *mask = plan.hasMask ? ptr<uint8_t>(ins[1]) : nullptr;
  const float *xs = ptr<float>(x);
  int64_t rowIn = x.rowElements;
  int64_t active = 0;
  for (int64_t r = 0; r < x.rows; ++r) {
    if (mask && !mask[r])
      continue;
    ++active;
    const float *row = xs + r * rowIn;
    if (plan.nRed == 0) {
      // Only the rows are reduced: the kept dims are the row, contiguous.
      if (plan.kind == ReduceKind::kSum || plan.kind == ReduceKind::kMean) {
        for (int64_t k = 0; k < rowIn; ++k)
          ps[k] += row[k];
      } else {
        for (int64_t k = 0; k < rowIn; ++k)
          foldInto(plan.kind, ps[k], row[k]);
      }
      continue;
    }
    int64_t kc[kMaxRank] = {};
    int64_t koff = 0;
    for (int64_t k = 0; k < plan.keptCount; ++k) {
      int64_t rc[kMaxRank] = {};
      int64_t roff = 0;
      float acc = ps[k];
      for (int64_t e = 0; e < plan.redCount; ++e) {
        foldInto(plan.kind, acc, row[koff + roff]);
        for (int d = plan.nRed - 1; d >= 0; --d) {
          roff += plan.redStride[d];
          if (++rc[d] < plan.redShape[d])
            break;
          roff -= plan.redStride[d] * plan.redShape[d];
          rc[d] = 0;
        }
      }
      ps[k] = acc;
      for (int d = plan.nKept - 1; d >= 0; --d) {
        koff += plan.keptStride[d];
        if (++kc[d] < plan.keptShape[d])
          break;
        koff -= plan.keptStride[d] * plan.keptShape[d];
        kc[d] = 0;
      }
    }
  }
  if (outs.size() > 1)
    *mptr<float>(outs[1]) = static_cast<float>(active * plan.redCount);
  return absl::OkStatus();
}

int64_t reducePartialCost(const TargetModel &t, const CostParams &p,
                          Slices ins, Slices) {
  return elementwiseCycles(t, p, DType::kF32, ins[0].numElements());
}

//===-- loss_partial / loss_combine -------------------------------------===//

enum class Loss { kNll, kCrossEntropy, kMse, kL1 };

struct LossArgs {
  Loss loss = Loss::kNll;
  int64_t ignoreIndex = -100;
  bool hasMask = false;
};

absl::Status lossArgs(const Vertex &v, LossArgs &a) {
  const char *cn = "loss_partial";
  if (absl::Status s = checkEnumParam(
          cn, v, "loss", {"nll", "cross_entropy", "mse", "l1"}, true);
      !s.ok())
    return s;
  const std::string &l = *paramStringRef(v.params, "loss");
  a.loss = l == "nll"             ? Loss::kNll
           : l == "cross_entropy" ? Loss::kCrossEntropy
           : l == "mse"           ? Loss::kMse
                                  : Loss::kL1;
  if (absl::Status s =
          checkParam(cn, v, "ignore_index", ParamKind::kInt, false);
      !s.ok())
    return s;
  a.ignoreIndex = intOr(v.params, "ignore_index", -100);
  return flagParam(cn, v, "has_mask", a.hasMask);
}

absl::Status lossPartialCheck(const Vertex &v, const Decls &ins,
                              const Decls &outs) {
  const char *cn = "loss_partial";
  LossArgs a;
  if (absl::Status s = lossArgs(v, a); !s.ok())
    return s;
  size_t nIns = a.hasMask ? 3 : 2;
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), nIns, nIns);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  const TensorDecl *pred = ins[0], *target = ins[1];
  if (absl::Status s = requireRowBlocked(cn, "prediction", pred); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "prediction", pred, DType::kF32);
      !s.ok())
    return s;
  if (absl::Status s = requireAligned(cn, "target", target, pred); !s.ok())
    return s;
  if (a.loss == Loss::kNll || a.loss == Loss::kCrossEntropy) {
    if (absl::Status s = requireRank(cn, "prediction", pred, 2); !s.ok())
      return s;
    if (absl::Status s = requireInt(cn, "target", target); !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "target", target, 1); !s.ok())
      return s;
  } else {
    if (absl::Status s = requireDtype(cn, "target", target, DType::kF32);
        !s.ok())
      return s;
    if (target->shape != pred->shape)
      return invalid(absl::StrCat(cn, ": target '", target->name,
                                  "' must have the prediction's shape ",
                                  shapeToString(pred->shape)));
  }
  if (a.hasMask) {
    if (absl::Status s = requireAligned(cn, "mask", ins[2], pred); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "mask", ins[2], DType::kBool);
        !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "mask", ins[2], 1); !s.ok())
      return s;
  }
  if (absl::Status s = requirePartial(cn, "partial", outs[0], v); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "partial", outs[0], DType::kF32);
      !s.ok())
    return s;
  if (outs[0]->shape != Shape{v.tiles.count, 2})
    return invalid(absl::StrCat(cn, ": partial '", outs[0]->name,
                                "' must be [", v.tiles.count, ", 2]"));
  return requireNoAlias(cn, ins, outs);
}

template <typename I>
absl::Status classLoss(const LossArgs &a, const float *x, int64_t rows,
                       int64_t c, const I *labels, const uint8_t *mask,
                       int64_t begin, float &total, int64_t &counted) {
  for (int64_t r = 0; r < rows; ++r) {
    int64_t label = static_cast<int64_t>(labels[r]);
    if (label == a.ignoreIndex || (mask && !mask[r]))
      continue;
    if (label < 0 || label >= c)
      return invalid(absl::StrCat("loss_partial: label ", label, " of row ",
                                  begin + r, " is out of range [0, ", c, ")"));
    const float *in = x + r * c;
    float lp;
    if (a.loss == Loss::kCrossEntropy) {
      // softmaxImpl(log = true) of Kernels.cpp on this row.
      float m = -kInf;
      for (int64_t j = 0; j < c; ++j)
        if (in[j] > m || std::isnan(in[j]))
          m = in[j];
      float sum = 0.0f;
      for (int64_t j = 0; j < c; ++j)
        sum += std::exp(in[j] - m);
      float logSum = std::log(sum);
      lp = (in[label] - m) - logSum;
    } else {
      lp = in[label];
    }
    total += -lp;
    ++counted;
  }
  return absl::OkStatus();
}

absl::Status lossPartialPrepare(const Vertex &v, Slices, Slices,
                                LossArgs &a) {
  return lossArgs(v, a);
}

absl::Status lossPartialExec(const LossArgs &a, Slices ins, Slices outs) {
  const LocalSlice &pred = ins[0], &target = ins[1], &p = outs[0];
  if (p.rows == 0)
    return absl::OkStatus();
  if (pred.rows != target.rows)
    return invalid("loss_partial: local rows of prediction and target differ");
  const uint8_t *mask = a.hasMask ? ptr<uint8_t>(ins[2]) : nullptr;
  float total = 0.0f;
  int64_t counted = 0;
  if (a.loss == Loss::kNll || a.loss == Loss::kCrossEntropy) {
    absl::Status s =
        target.decl->dtype == DType::kI64
            ? classLoss(a, ptr<float>(pred), pred.rows, pred.rowElements,
                        ptr<int64_t>(target), mask, pred.begin, total, counted)
            : classLoss(a, ptr<float>(pred), pred.rows, pred.rowElements,
                        ptr<int32_t>(target), mask, pred.begin, total,
                        counted);
    if (!s.ok())
      return s;
  } else {
    const float *ps = ptr<float>(pred), *ts = ptr<float>(target);
    int64_t row = pred.rowElements;
    bool squared = a.loss == Loss::kMse;
    for (int64_t r = 0; r < pred.rows; ++r) {
      if (mask && !mask[r])
        continue;
      for (int64_t k = 0; k < row; ++k) {
        float d = ps[r * row + k] - ts[r * row + k];
        total += squared ? d * d : std::fabs(d);
      }
      counted += row;
    }
  }
  float *out = mptr<float>(p);
  out[0] = total;
  out[1] = static_cast<float>(counted);
  return absl::OkStatus();
}

int64_t lossPartialCost(const TargetModel &t, const CostParams &p, Slices ins,
                        Slices) {
  // Cross-entropy's exp per logit dominates; nll / mse / l1 are cheaper
  // but bounded by the same pass over the prediction.
  return scalarCycles(t, p, ins[0].numElements(), kTranscendentalCycles);
}

absl::Status lossCombineCheck(const Vertex &v, const Decls &ins,
                              const Decls &outs) {
  const char *cn = "loss_combine";
  if (absl::Status s =
          checkEnumParam(cn, v, "reduction", {"mean", "sum"}, true);
      !s.ok())
    return s;
  const TensorDecl *p2 = ins[0], *loss = outs[0];
  if (absl::Status s = requireDtype(cn, "partials", p2, DType::kF32); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "partials", p2, 2); !s.ok())
    return s;
  if (p2->shape[1] != 2)
    return invalid(absl::StrCat(cn, ": partials '", p2->name,
                                "' must be [G, 2] (sum, count)"));
  if (absl::Status s = requireDtype(cn, "loss", loss, DType::kF32); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "loss", loss, 0); !s.ok())
    return s;
  return requireNoAlias(cn, ins, outs);
}

absl::Status lossCombineRun(const Vertex &v, Slices ins, Slices outs) {
  const LocalSlice &p2 = ins[0];
  int64_t g = p2.decl->shape[0];
  if (p2.numElements() != 2 * g)
    return invalid(absl::StrCat("loss_combine: the tile holds ",
                                p2.numElements(), " elements of '",
                                p2.decl->name, "', it needs all ", 2 * g));
  const std::string *red = paramStringRef(v.params, "reduction");
  if (!red)
    return invalid("loss_combine: missing param 'reduction'");
  const float *ps = ptr<float>(p2);
  float total = 0.0f, count = 0.0f;
  for (int64_t k = 0; k < g; ++k) {
    total += ps[2 * k];
    count += ps[2 * k + 1];
  }
  float result = total;
  if (*red == "mean")
    result = count == 0.0f ? std::numeric_limits<float>::quiet_NaN()
                           : total / count;
  *mptr<float>(outs[0]) = result;
  return absl::OkStatus();
}

int64_t lossCombineCost(const TargetModel &t, const CostParams &p, Slices ins,
                        Slices) {
  return scalarCycles(t, p, ins[0].numElements(), 1);
}

} // namespace

void addReduceCodelets(std::vector<Codelet> &out) {
  out.push_back({"scatter_partial", kVariadicArity, kVariadicArity,
                 scatterCheck, scatterRun, scatterCost});
  out.push_back({"combine", kVariadicArity, 1, combineCheck, combineRun,
                 combineCost});
  out.push_back(
      Prepared<RPlan>::codelet<reducePartialPrepare, reducePartialExec>(
          "reduce_partial", kVariadicArity, kVariadicArity,
          reducePartialCheck, reducePartialCost));
  out.push_back(Prepared<LossArgs>::codelet<lossPartialPrepare,
                                            lossPartialExec>(
      "loss_partial", kVariadicArity, 1, lossPartialCheck, lossPartialCost));
  out.push_back({"loss_combine", 1, 1, lossCombineCheck, lossCombineRun,
                 lossCombineCost});
}

} // namespace gnnrt::sim::detail
