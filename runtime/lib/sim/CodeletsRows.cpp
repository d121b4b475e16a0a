//===- CodeletsRows.cpp - Row-local codelets (rows.<op>) ------------------===//
//
// Elementwise, broadcasting, indexing, layout and normalisation codelets on
// the tile's rows. Each body is a raw loop over the local slices, with the
// reference kernel's expression per element (Kernels.cpp) so that results
// are bit-identical; no heap allocation per call.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "CodeletsCommon.h"
#include "gnnrt/Kernels.h"

namespace gnnrt::sim::detail {
namespace {

//===-- Shared checks ---------------------------------------------------===//

/// One result blocked on dim 0; every input aligned with it or replicated.
absl::Status rowsCheck(const char *cn, const Decls &ins, const Decls &outs) {
  for (const TensorDecl *o : outs)
    if (absl::Status s = requireRowBlocked(cn, "result", o); !s.ok())
      return s;
  for (const TensorDecl *i : ins)
    if (absl::Status s = requireAlignedOrReplicated(cn, "operand", i, outs[0]);
        !s.ok())
      return s;
  return absl::OkStatus();
}

absl::Status sizeMismatch(const char *cn, const LocalSlice &in,
                          int64_t inElems, const LocalSlice &out) {
  return invalid(absl::StrCat(cn, ": local slice of '", in.decl->name,
                              "' has ", inElems, " elements but '",
                              out.decl->name, "' has ", out.numElements()));
}

/// The facts of a one-input, one-result elementwise instance: where the
/// input's row view starts and the element count (they must match).
struct MapState {
  int64_t offset[1] = {}; // bytes from the input slice's data to its view
  int64_t n = 0;
};
absl::Status prepareMap(const char *cn, Slices ins, Slices outs,
                        MapState &s) {
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  s.offset[0] = x.data - ins[0].data;
  s.n = o.numElements();
  if (x.dims.elements() != s.n)
    return sizeMismatch(cn, ins[0], x.dims.elements(), o);
  return absl::OkStatus();
}

/// The facts of a broadcasting elementwise instance over N operands: where
/// each operand's row view starts and the walk of the result.
template <int N> struct ZipState {
  int64_t offset[N] = {}; // bytes from operand k's slice data to its view
  Broadcast<N> bc;
};
template <int N>
absl::Status prepareZip(const char *cn, Slices ins, Slices outs,
                        ZipState<N> &s) {
  const LocalSlice &o = outs[0];
  View v[N];
  const Dims *ds[N];
  for (int k = 0; k < N; ++k) {
    v[k] = rowView(ins[k], o);
    s.offset[k] = v[k].data - ins[k].data;
    ds[k] = &v[k].dims;
  }
  return makeBroadcast<N>(cn, localDims(o), ds, s.bc);
}
/// Operand k of a prepared instance, typed.
template <typename T, typename S>
const T *operand(const S &s, Slices ins, int k) {
  return reinterpret_cast<const T *>(ins[k].data + s.offset[k]);
}

int64_t outCost(const TargetModel &t, const CostParams &p, Slices,
                Slices outs) {
  return elementwiseCycles(t, p, outs[0].decl->dtype, outs[0].numElements());
}
int64_t outCost2(const TargetModel &t, const CostParams &p, Slices,
                 Slices outs) {
  return vectorCycles(t, p, outs[0].decl->dtype, outs[0].numElements(), 2);
}
int64_t outCost3(const TargetModel &t, const CostParams &p, Slices,
                 Slices outs) {
  return vectorCycles(t, p, outs[0].decl->dtype, outs[0].numElements(), 3);
}
int64_t transcendentalCost(const TargetModel &t, const CostParams &p, Slices,
                           Slices outs) {
  return scalarCycles(t, p, outs[0].numElements(), kTranscendentalCycles);
}

//===-- Unary f32 ---------------------------------------------------------===//

template <UnaryOp Op> struct UnaryInfo;
#define GNNRT_UNARY(OP, NAME)                                                  \
  template <> struct UnaryInfo<UnaryOp::OP> {                                  \
    static constexpr const char *name = NAME;                                  \
  };
GNNRT_UNARY(kRelu, "rows.relu")
GNNRT_UNARY(kSigmoid, "rows.sigmoid")
GNNRT_UNARY(kTanh, "rows.tanh")
GNNRT_UNARY(kExp, "rows.exp")
GNNRT_UNARY(kLog, "rows.log")
GNNRT_UNARY(kNeg, "rows.neg")
GNNRT_UNARY(kSqrt, "rows.sqrt")
GNNRT_UNARY(kAbs, "rows.abs")
GNNRT_UNARY(kLeakyRelu, "rows.leaky_relu")
GNNRT_UNARY(kElu, "rows.elu")
GNNRT_UNARY(kPow, "rows.pow")
#undef GNNRT_UNARY

template <UnaryOp Op>
absl::Status unaryCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = UnaryInfo<Op>::name;
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "input", ins[0], DType::kF32); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "result", outs[0], DType::kF32);
      !s.ok())
    return s;
  if (ins[0]->shape != outs[0]->shape)
    return invalid(absl::StrCat(cn, ": input '", ins[0]->name, "' has shape ",
                                shapeToString(ins[0]->shape), " but result '",
                                outs[0]->name, "' has ",
                                shapeToString(outs[0]->shape)));
  if (Op == UnaryOp::kLeakyRelu)
    return checkParam(cn, v, "negative_slope", ParamKind::kFloat, false);
  if (Op == UnaryOp::kElu)
    return checkParam(cn, v, "alpha", ParamKind::kFloat, false);
  if (Op == UnaryOp::kPow) {
    if (absl::Status s =
            checkParam(cn, v, "exponent", ParamKind::kFloat, true);
        !s.ok())
      return s;
    return checkParam(cn, v, "inf_to_zero", ParamKind::kInt, false);
  }
  return absl::OkStatus();
}

struct UnaryState {
  MapState map;
  float p = 0.0f;
  bool infToZero = false;
};

template <UnaryOp Op>
absl::Status unaryPrepare(const Vertex &v, Slices ins, Slices outs,
                          UnaryState &s) {
  if (absl::Status st = prepareMap(UnaryInfo<Op>::name, ins, outs, s.map);
      !st.ok())
    return st;
  double param = 0.0;
  if (Op == UnaryOp::kLeakyRelu)
    param = floatOr(v.params, "negative_slope", 0.01);
  else if (Op == UnaryOp::kElu)
    param = floatOr(v.params, "alpha", 1.0);
  else if (Op == UnaryOp::kPow) {
    if (!paramAsDouble(v.params, "exponent", param))
      return invalid("rows.pow: missing param 'exponent'");
    s.infToZero = intOr(v.params, "inf_to_zero", 0) != 0;
  }
  s.p = static_cast<float>(param);
  return absl::OkStatus();
}

template <UnaryOp Op>
absl::Status unaryExec(const UnaryState &s, Slices ins, Slices outs) {
  const float *in = operand<float>(s.map, ins, 0);
  float *dst = mptr<float>(outs[0]);
  const int64_t n = s.map.n;
  const float p = s.p;
  const bool infToZero = s.infToZero;
  // The expressions of gnnrt::unary, case by case.
  for (int64_t i = 0; i < n; ++i) {
    float val = in[i];
    float r;
    if constexpr (Op == UnaryOp::kRelu)
      r = std::isnan(val) ? val : (val > 0.0f ? val : 0.0f);
    else if constexpr (Op == UnaryOp::kSigmoid)
      r = 1.0f / (1.0f + std::exp(-val));
    else if constexpr (Op == UnaryOp::kTanh)
      r = std::tanh(val);
    else if constexpr (Op == UnaryOp::kExp)
      r = std::exp(val);
    else if constexpr (Op == UnaryOp::kLog)
      r = std::log(val);
    else if constexpr (Op == UnaryOp::kNeg)
      r = -val;
    else if constexpr (Op == UnaryOp::kSqrt)
      r = std::sqrt(val);
    else if constexpr (Op == UnaryOp::kAbs)
      r = std::fabs(val);
    else if constexpr (Op == UnaryOp::kLeakyRelu)
      r = val > 0.0f ? val : val * p;
    else if constexpr (Op == UnaryOp::kElu)
      r = val > 0.0f ? val : p * (std::exp(val) - 1.0f);
    else {
      r = std::pow(val, p);
      if (infToZero && std::isinf(r))
        r = 0.0f;
    }
    dst[i] = r;
  }
  return absl::OkStatus();
}

template <UnaryOp Op> Codelet unaryCodelet() {
  bool cheap = Op == UnaryOp::kRelu || Op == UnaryOp::kNeg ||
               Op == UnaryOp::kAbs || Op == UnaryOp::kLeakyRelu;
  return Prepared<UnaryState>::codelet<unaryPrepare<Op>, unaryExec<Op>>(
      UnaryInfo<Op>::name, 1, 1, unaryCheck<Op>,
      cheap ? (Op == UnaryOp::kLeakyRelu ? outCost2 : outCost)
            : transcendentalCost);
}

//===-- Broadcasting binaries ---------------------------------------------===//

/// Checks the broadcast of the local shapes of `ins` against the result.
absl::Status broadcastCheck(const char *cn, const Decls &ins,
                            const Decls &outs) {
  const Shape &out = outs[0]->shape;
  for (const TensorDecl *t : ins) {
    if (t->shape.size() > out.size())
      return invalid(absl::StrCat(cn, ": operand '", t->name, "' has shape ",
                                  shapeToString(t->shape),
                                  ", of higher rank than the result ",
                                  shapeToString(out)));
    for (size_t i = 0; i < t->shape.size(); ++i) {
      int64_t a = t->shape[t->shape.size() - 1 - i];
      int64_t b = out[out.size() - 1 - i];
      if (a != b && a != 1)
        return invalid(absl::StrCat(cn, ": operand '", t->name, "' ",
                                    shapeToString(t->shape),
                                    " does not broadcast to the result ",
                                    shapeToString(out)));
    }
  }
  // An operand whose leading axis is the result's row axis must bring the
  // rows with it (aligned) or be replicated whole (viewed at the rows).
  return absl::OkStatus();
}

template <BinaryOp Op> struct BinaryInfo;
#define GNNRT_BINARY(OP, NAME)                                                 \
  template <> struct BinaryInfo<BinaryOp::OP> {                                \
    static constexpr const char *name = NAME;                                  \
  };
GNNRT_BINARY(kAdd, "rows.add")
GNNRT_BINARY(kSub, "rows.sub")
GNNRT_BINARY(kMul, "rows.mul")
GNNRT_BINARY(kDiv, "rows.div")
GNNRT_BINARY(kMax, "rows.max")
GNNRT_BINARY(kMin, "rows.min")
#undef GNNRT_BINARY

template <BinaryOp Op>
absl::Status binaryCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = BinaryInfo<Op>::name;
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], ins[1], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  return broadcastCheck(cn, ins, outs);
}

template <BinaryOp Op> struct BinaryFn {
  float operator()(float x, float y) const {
    if constexpr (Op == BinaryOp::kAdd)
      return x + y;
    else if constexpr (Op == BinaryOp::kSub)
      return x - y;
    else if constexpr (Op == BinaryOp::kMul)
      return x * y;
    else if constexpr (Op == BinaryOp::kDiv)
      return x / y;
    else if constexpr (Op == BinaryOp::kMax)
      return std::isnan(x) || std::isnan(y)
                 ? std::numeric_limits<float>::quiet_NaN()
                 : (x > y ? x : y);
    else
      return std::isnan(x) || std::isnan(y)
                 ? std::numeric_limits<float>::quiet_NaN()
                 : (x < y ? x : y);
  }
};

/// c = fn(a, b) over a prepared broadcast walk: the one loop of the
/// two-operand elementwise codelets.
template <typename A, typename B, typename C, typename Fn>
void zipLoop(const Broadcast<2> &bc, const A *as, const B *bs, C *cs, Fn fn) {
  forEachRun<2>(bc, [&](int64_t oo, const int64_t *off, int64_t len,
                        const int64_t *st) {
    binaryRunLoop(as + off[0], st[0], bs + off[1], st[1], cs + oo, len, fn);
  });
}

template <BinaryOp Op>
absl::Status binaryPrepare(const Vertex &, Slices ins, Slices outs,
                           ZipState<2> &s) {
  return prepareZip<2>(BinaryInfo<Op>::name, ins, outs, s);
}

template <BinaryOp Op>
absl::Status binaryExec(const ZipState<2> &s, Slices ins, Slices outs) {
  zipLoop(s.bc, operand<float>(s, ins, 0), operand<float>(s, ins, 1),
          mptr<float>(outs[0]), BinaryFn<Op>());
  return absl::OkStatus();
}

template <BinaryOp Op> Codelet binaryCodelet() {
  return Prepared<ZipState<2>>::codelet<binaryPrepare<Op>, binaryExec<Op>>(
      BinaryInfo<Op>::name, 2, 1, binaryCheck<Op>,
      Op == BinaryOp::kDiv                              ? transcendentalCost
      : (Op == BinaryOp::kMax || Op == BinaryOp::kMin) ? outCost2
                                                        : outCost);
}

//===-- Comparison and logic ----------------------------------------------===//

enum class Pred { kEq, kNe, kLt, kLe, kGt, kGe };
bool parsePred(const std::string *s, Pred &p) {
  if (!s)
    return false;
  static const char *names[] = {"eq", "ne", "lt", "le", "gt", "ge"};
  for (int i = 0; i < 6; ++i)
    if (*s == names[i]) {
      p = static_cast<Pred>(i);
      return true;
    }
  return false;
}

absl::Status cmpCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.cmp";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, ins[0], ins[1]); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "result", outs[0], DType::kBool);
      !s.ok())
    return s;
  if (absl::Status s = checkEnumParam(cn, v, "predicate",
                                      {"eq", "ne", "lt", "le", "gt", "ge"},
                                      true);
      !s.ok())
    return s;
  return broadcastCheck(cn, ins, outs);
}

template <typename T, Pred P> struct CmpFn {
  uint8_t operator()(T x, T y) const {
    if constexpr (P == Pred::kEq)
      return x == y;
    else if constexpr (P == Pred::kNe)
      return x != y;
    else if constexpr (P == Pred::kLt)
      return x < y;
    else if constexpr (P == Pred::kLe)
      return x <= y;
    else if constexpr (P == Pred::kGt)
      return x > y;
    else
      return x >= y;
  }
};

template <typename T, Pred P>
void cmpLoop(const Broadcast<2> &bc, const T *as, const T *bs, uint8_t *cs) {
  zipLoop(bc, as, bs, cs, CmpFn<T, P>());
}

struct CmpState {
  ZipState<2> zip;
  Pred pred = Pred::kEq;
};

absl::Status cmpPrepare(const Vertex &v, Slices ins, Slices outs,
                        CmpState &s) {
  if (!parsePred(paramStringRef(v.params, "predicate"), s.pred))
    return invalid("rows.cmp: missing or unknown param 'predicate'");
  return prepareZip<2>("rows.cmp", ins, outs, s.zip);
}

absl::Status cmpExec(const CmpState &s, Slices ins, Slices outs) {
  const Broadcast<2> &bc = s.zip.bc;
  uint8_t *cs = mptr<uint8_t>(outs[0]);
  dispatchType(ins[0].decl->dtype, [&](auto tag) {
    using T = decltype(tag);
    const T *as = operand<T>(s.zip, ins, 0);
    const T *bs = operand<T>(s.zip, ins, 1);
    switch (s.pred) {
    case Pred::kEq:
      cmpLoop<T, Pred::kEq>(bc, as, bs, cs);
      break;
    case Pred::kNe:
      cmpLoop<T, Pred::kNe>(bc, as, bs, cs);
      break;
    case Pred::kLt:
      cmpLoop<T, Pred::kLt>(bc, as, bs, cs);
      break;
    case Pred::kLe:
      cmpLoop<T, Pred::kLe>(bc, as, bs, cs);
      break;
    case Pred::kGt:
      cmpLoop<T, Pred::kGt>(bc, as, bs, cs);
      break;
    case Pred::kGe:
      cmpLoop<T, Pred::kGe>(bc, as, bs, cs);
      break;
    }
    return 0;
  });
  return absl::OkStatus();
}

template <LogicalOp Op> constexpr const char *logicalName() {
  return Op == LogicalOp::kAnd ? "rows.and"
         : Op == LogicalOp::kOr ? "rows.or"
                                : "rows.xor";
}

template <LogicalOp Op>
absl::Status logicalCheck(const Vertex &, const Decls &ins,
                          const Decls &outs) {
  const char *cn = logicalName<Op>();
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], ins[1], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kBool); !s.ok())
      return s;
  return broadcastCheck(cn, ins, outs);
}

template <LogicalOp Op>
absl::Status logicalPrepare(const Vertex &, Slices ins, Slices outs,
                            ZipState<2> &s) {
  return prepareZip<2>(logicalName<Op>(), ins, outs, s);
}

template <LogicalOp Op>
absl::Status logicalExec(const ZipState<2> &s, Slices ins, Slices outs) {
  zipLoop(s.bc, operand<uint8_t>(s, ins, 0), operand<uint8_t>(s, ins, 1),
          mptr<uint8_t>(outs[0]), [](uint8_t x, uint8_t y) {
            bool p = x != 0, q = y != 0;
            return static_cast<uint8_t>(Op == LogicalOp::kAnd  ? (p && q)
                                        : Op == LogicalOp::kOr ? (p || q)
                                                               : (p != q));
          });
  return absl::OkStatus();
}

template <LogicalOp Op> Codelet logicalCodelet() {
  return Prepared<ZipState<2>>::codelet<logicalPrepare<Op>, logicalExec<Op>>(
      logicalName<Op>(), 2, 1, logicalCheck<Op>, outCost);
}

absl::Status notCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.not";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kBool); !s.ok())
      return s;
  if (ins[0]->shape != outs[0]->shape)
    return invalid("rows.not: input and result shapes differ");
  return absl::OkStatus();
}
absl::Status notRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  View a = rowView(ins[0], o);
  int64_t n = o.numElements();
  if (a.dims.elements() != n)
    return sizeMismatch("rows.not", ins[0], a.dims.elements(), o);
  uint8_t *c = mptr<uint8_t>(o);
  for (int64_t i = 0; i < n; ++i)
    c[i] = a.data[i] == 0;
  return absl::OkStatus();
}

//===-- where -----------------------------------------------------------===//

absl::Status whereCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.where";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "condition", ins[0], DType::kBool);
      !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, ins[1], ins[2]); !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, ins[1], outs[0]); !s.ok())
    return s;
  return broadcastCheck(cn, ins, outs);
}

absl::Status wherePrepare(const Vertex &, Slices ins, Slices outs,
                          ZipState<3> &s) {
  return prepareZip<3>("rows.where", ins, outs, s);
}

absl::Status whereExec(const ZipState<3> &s, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  dispatchType(o.decl->dtype, [&](auto tag) {
    using T = decltype(tag);
    const uint8_t *cs = operand<uint8_t>(s, ins, 0);
    const T *as = operand<T>(s, ins, 1);
    const T *bs = operand<T>(s, ins, 2);
    T *dst = mptr<T>(o);
    forEachRun<3>(s.bc, [&](int64_t oo, const int64_t *off, int64_t len,
                            const int64_t *st) {
      const uint8_t *cc = cs + off[0];
      const T *aa = as + off[1];
      const T *bb = bs + off[2];
      T *d = dst + oo;
      if (st[0] == 1 && st[1] == 1 && st[2] == 1) {
        for (int64_t i = 0; i < len; ++i)
          d[i] = cc[i] ? aa[i] : bb[i];
      } else if (st[0] == 1 && st[1] == 1 && st[2] == 0) {
        const T bv = bb[0];
        for (int64_t i = 0; i < len; ++i)
          d[i] = cc[i] ? aa[i] : bv;
      } else {
        for (int64_t i = 0; i < len; ++i)
          d[i] = cc[i * st[0]] ? aa[i * st[1]] : bb[i * st[2]];
      }
    });
    return 0;
  });
  return absl::OkStatus();
}

//===-- cast ------------------------------------------------------------===//

absl::Status castCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.cast";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (ins[0]->shape != outs[0]->shape)
    return invalid(absl::StrCat(cn, ": input '", ins[0]->name, "' has shape ",
                                shapeToString(ins[0]->shape), " but result '",
                                outs[0]->name, "' has ",
                                shapeToString(outs[0]->shape)));
  return absl::OkStatus();
}

template <typename From, typename To>
absl::Status castLoop(const From *in, To *out, int64_t n, int64_t base) {
  DType to = std::is_same_v<To, float>     ? DType::kF32
             : std::is_same_v<To, uint8_t> ? DType::kBool
             : std::is_same_v<To, int32_t> ? DType::kI32
                                           : DType::kI64;
  if constexpr (std::is_same_v<To, float>) {
    for (int64_t i = 0; i < n; ++i)
      out[i] = std::is_same_v<From, float>
                   ? static_cast<float>(in[i])
                   : static_cast<float>(static_cast<int64_t>(in[i]));
  } else if constexpr (std::is_same_v<To, uint8_t>) {
    for (int64_t i = 0; i < n; ++i)
      out[i] = std::is_same_v<From, float>
                   ? (static_cast<float>(in[i]) != 0.0f ? 1 : 0)
                   : (static_cast<int64_t>(in[i]) != 0 ? 1 : 0);
  } else {
    constexpr bool is32 = std::is_same_v<To, int32_t>;
    const int64_t lo = is32 ? std::numeric_limits<int32_t>::min()
                            : std::numeric_limits<int64_t>::min();
    const int64_t hi = is32 ? std::numeric_limits<int32_t>::max()
                            : std::numeric_limits<int64_t>::max();
    for (int64_t i = 0; i < n; ++i) {
      int64_t v;
      if constexpr (std::is_same_v<From, float>) {
        float f = in[i];
        double limit = is32 ? 2147483648.0 : 9223372036854775808.0;
        double t = std::trunc(static_cast<double>(f));
        if (!(t >= -limit && t < limit))
          return invalid(absl::StrCat(
              "rows.cast: element ", base + i, " is ", f, ", which has no ",
              dtypeName(to), " value; clamp or mask non-finite and "
              "out-of-range values before casting"));
        v = static_cast<int64_t>(t);
      } else {
        v = static_cast<int64_t>(in[i]);
        if (v < lo || v > hi)
          return invalid(absl::StrCat("rows.cast: element ", base + i, " is ",
                                      v, ", which is out of range for ",
                                      dtypeName(to)));
      }
      out[i] = static_cast<To>(v);
    }
  }
  return absl::OkStatus();
}

absl::Status castPrepare(const Vertex &, Slices ins, Slices outs,
                         MapState &s) {
  return prepareMap("rows.cast", ins, outs, s);
}

absl::Status castExec(const MapState &s, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  const int64_t n = s.n;
  int64_t base = o.begin * o.rowElements;
  return dispatchType(ins[0].decl->dtype, [&](auto from) {
    using F = decltype(from);
    const F *in = operand<F>(s, ins, 0);
    return dispatchType(o.decl->dtype, [&](auto to) {
      using T = decltype(to);
      return castLoop<F, T>(in, mptr<T>(o), n, base);
    });
  });
}

//===-- iota ------------------------------------------------------------===//

absl::Status iotaCheck(const Vertex &, const Decls &, const Decls &outs) {
  const char *cn = "rows.iota";
  if (absl::Status s = requireRowBlocked(cn, "result", outs[0]); !s.ok())
    return s;
  if (absl::Status s = requireInt(cn, "result", outs[0]); !s.ok())
    return s;
  return requireRank(cn, "result", outs[0], 1);
}
absl::Status iotaRun(const Vertex &, Slices, Slices outs) {
  const LocalSlice &o = outs[0];
  int64_t n = o.numElements(), b = o.begin;
  if (o.decl->dtype == DType::kI64) {
    int64_t *d = mptr<int64_t>(o);
    for (int64_t i = 0; i < n; ++i)
      d[i] = b + i;
  } else {
    int32_t *d = mptr<int32_t>(o);
    for (int64_t i = 0; i < n; ++i)
      d[i] = static_cast<int32_t>(b + i);
  }
  return absl::OkStatus();
}

//===-- dropout ---------------------------------------------------------===//

/// Where the optional operands are: input[, offset][, positions]. Compiled
/// vertices say by three `operand_segments`; with two, or none, a second
/// operand is the offset (programs from before positions existed).
absl::Status dropoutGroups(const Vertex &v, size_t numIns, int &offsetAt,
                           int &positionsAt) {
  const char *cn = "rows.dropout";
  Groups g;
  const std::vector<int64_t> *segments =
      paramIntsRef(v.params, kOperandSegments);
  bool withPositions = segments && segments->size() == 3;
  if (absl::Status s =
          withPositions
              ? resolveGroups(cn, v, numIns,
                              {Group::kRequired, Group::kOptional,
                               Group::kOptional},
                              g)
              : resolveGroups(cn, v, numIns,
                              {Group::kRequired, Group::kOptional}, g);
      !s.ok())
    return s;
  offsetAt = g.has(1) ? g.first[1] : -1;
  positionsAt = withPositions && g.has(2) ? g.first[2] : -1;
  return absl::OkStatus();
}

absl::Status dropoutCheck(const Vertex &v, const Decls &ins,
                          const Decls &outs) {
  const char *cn = "rows.dropout";
  int offsetAt = -1, positionsAt = -1;
  if (absl::Status s = dropoutGroups(v, ins.size(), offsetAt, positionsAt);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  if (absl::Status s = requireRowBlocked(cn, "result", outs[0]); !s.ok())
    return s;
  if (absl::Status s = requireAlignedOrReplicated(cn, "input", ins[0], outs[0]);
      !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  if (ins[0]->shape != outs[0]->shape)
    return invalid("rows.dropout: input and result shapes differ");
  if (offsetAt >= 0) {
    const TensorDecl *off = ins[offsetAt];
    if (absl::Status s = requireReplicated(cn, "offset", off); !s.ok())
      return s;
    if (absl::Status s = requireRank(cn, "offset", off, 0); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "offset", off, DType::kI64); !s.ok())
      return s;
  }
  if (positionsAt >= 0) {
    const TensorDecl *pos = ins[positionsAt];
    if (absl::Status s = requireDtype(cn, "positions", pos, DType::kI64);
        !s.ok())
      return s;
    if (pos->shape != outs[0]->shape)
      return invalid("rows.dropout: positions and result shapes differ");
    if (absl::Status s = requireAlignedOrReplicated(cn, "positions", pos,
                                                    outs[0]);
        !s.ok())
      return s;
  }
  if (absl::Status s = checkParam(cn, v, "p", ParamKind::kFloat, true);
      !s.ok())
    return s;
  if (absl::Status s = checkParam(cn, v, "seed", ParamKind::kInt, false);
      !s.ok())
    return s;
  double p = floatOr(v.params, "p", 0.0);
  if (!(p >= 0.0 && p <= 1.0))
    return invalid(absl::StrCat(cn, ": p=", p, " is outside [0, 1]"));
  return absl::OkStatus();
}

struct DropoutState {
  MapState map;
  double p = 0.0;
  uint64_t seed = 0;
  int offsetAt = -1, positionsAt = -1;
  int64_t positionsOffset = 0; // bytes from the positions slice to its view
};

absl::Status dropoutPrepare(const Vertex &v, Slices ins, Slices outs,
                            DropoutState &s) {
  if (absl::Status st = prepareMap("rows.dropout", ins, outs, s.map); !st.ok())
    return st;
  if (!paramAsDouble(v.params, "p", s.p))
    return invalid("rows.dropout: missing param 'p'");
  s.seed = static_cast<uint64_t>(intOr(v.params, "seed", 0));
  if (absl::Status st =
          dropoutGroups(v, ins.size(), s.offsetAt, s.positionsAt);
      !st.ok())
    return st;
  if (s.positionsAt >= 0) {
    const LocalSlice &pos = ins[s.positionsAt];
    View view = rowView(pos, outs[0]);
    if (view.dims.elements() != s.map.n)
      return sizeMismatch("rows.dropout", pos, view.dims.elements(), outs[0]);
    s.positionsOffset = view.data - pos.data;
  }
  return absl::OkStatus();
}

absl::Status dropoutExec(const DropoutState &s, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  const int64_t n = s.map.n;
  // The offset operand is data: read on every run.
  uint64_t offset =
      s.offsetAt >= 0 ? static_cast<uint64_t>(scalarInt(ins[s.offsetAt])) : 0;
  const float *in = operand<float>(s.map, ins, 0);
  float *dst = mptr<float>(o);
  if (s.p == 1.0) {
    std::fill_n(dst, n, 0.0f);
    return absl::OkStatus();
  }
  if (s.positionsAt >= 0)
    dropoutPositions(in, dst, n,
                     reinterpret_cast<const int64_t *>(
                         ins[s.positionsAt].data + s.positionsOffset),
                     s.p, s.seed, offset);
  else
    dropoutRange(in, dst, n, static_cast<uint64_t>(o.begin * o.rowElements),
                 s.p, s.seed, offset);
  return absl::OkStatus();
}

int64_t dropoutCost(const TargetModel &t, const CostParams &p, Slices,
                    Slices outs) {
  return scalarCycles(t, p, outs[0].numElements(), kRngCycles);
}

//===-- softmax / log_softmax -------------------------------------------===//

absl::StatusOr<int64_t> rowAxis(const char *cn, const Vertex &v,
                                const TensorDecl *t) {
  if (absl::Status s = checkParam(cn, v, "axis", ParamKind::kInt, true);
      !s.ok())
    return s;
  int64_t rank = static_cast<int64_t>(t->shape.size());
  int64_t axis = *paramIntRef(v.params, "axis");
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 1 || a >= rank)
    return invalid(absl::StrCat(cn, ": axis ", axis, " of '", t->name, "' ",
                                shapeToString(t->shape),
                                " must name a dim in [1, ", rank,
                                ") (dim 0 is the tile's rows)"));
  return a;
}

template <bool Log>
absl::Status softmaxCheck(const Vertex &v, const Decls &ins,
                          const Decls &outs) {
  const char *cn = Log ? "rows.log_softmax" : "rows.softmax";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  if (ins[0]->shape != outs[0]->shape)
    return invalid(absl::StrCat(cn, ": input and result shapes differ"));
  return rowAxis(cn, v, outs[0]).status();
}

struct SoftmaxState {
  int64_t offset[1] = {}; // bytes from the input slice's data to its view
  int64_t outer = 1, inner = 1, len = 0;
};

template <bool Log>
absl::Status softmaxPrepare(const Vertex &v, Slices ins, Slices outs,
                            SoftmaxState &s) {
  const char *cn = Log ? "rows.log_softmax" : "rows.softmax";
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  s.offset[0] = x.data - ins[0].data;
  Dims d = localDims(o);
  if (x.dims.elements() != d.elements())
    return sizeMismatch(cn, ins[0], x.dims.elements(), o);
  const int64_t *axp = paramIntRef(v.params, "axis");
  if (!axp)
    return invalid(absl::StrCat(cn, ": missing param 'axis'"));
  int64_t axis = *axp < 0 ? *axp + d.rank : *axp;
  if (axis < 1 || axis >= d.rank)
    return invalid(absl::StrCat(cn, ": axis ", *axp, " is out of range"));
  s.len = d.d[axis];
  for (int i = 0; i < axis; ++i)
    s.outer *= d.d[i];
  for (int i = static_cast<int>(axis) + 1; i < d.rank; ++i)
    s.inner *= d.d[i];
  return absl::OkStatus();
}

template <bool Log>
absl::Status softmaxExec(const SoftmaxState &s, Slices ins, Slices outs) {
  const int64_t outer = s.outer, inner = s.inner, len = s.len;
  const float *in = operand<float>(s, ins, 0);
  float *dst = mptr<float>(outs[0]);
  // softmaxImpl of Kernels.cpp, loop for loop.
  for (int64_t oo = 0; oo < outer; ++oo) {
    for (int64_t i = 0; i < inner; ++i) {
      int64_t base = oo * len * inner + i;
      float m = -std::numeric_limits<float>::infinity();
      for (int64_t j = 0; j < len; ++j) {
        float val = in[base + j * inner];
        if (val > m || std::isnan(val))
          m = val;
      }
      float sum = 0.0f;
      for (int64_t j = 0; j < len; ++j)
        sum += std::exp(in[base + j * inner] - m);
      if (Log) {
        float logSum = std::log(sum);
        for (int64_t j = 0; j < len; ++j)
          dst[base + j * inner] = (in[base + j * inner] - m) - logSum;
      } else {
        for (int64_t j = 0; j < len; ++j)
          dst[base + j * inner] = std::exp(in[base + j * inner] - m) / sum;
      }
    }
  }
  return absl::OkStatus();
}

int64_t softmaxCost(const TargetModel &t, const CostParams &p, Slices,
                    Slices outs) {
  // Max pass, exp-and-sum pass, normalise pass (an exp or a subtract).
  int64_t n = outs[0].numElements();
  return scalarCycles(t, p, n, 2 * kTranscendentalCycles + 2);
}

//===-- gather ----------------------------------------------------------===//

absl::Status gatherCheck(const Vertex &, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.gather";
  const TensorDecl *table = ins[0], *idx = ins[1], *out = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", out); !s.ok())
    return s;
  if (absl::Status s = requireReplicated(cn, "table", table); !s.ok())
    return s;
  if (absl::Status s = requireMinRank(cn, "table", table, 1); !s.ok())
    return s;
  if (absl::Status s = requireAlignedOrReplicated(cn, "index", idx, out);
      !s.ok())
    return s;
  if (absl::Status s = requireInt(cn, "index", idx); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "index", idx, 1); !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, table, out); !s.ok())
    return s;
  Shape want = {idx->shape[0]};
  want.insert(want.end(), table->shape.begin() + 1, table->shape.end());
  if (out->shape != want)
    return invalid(absl::StrCat(cn, ": result '", out->name, "' has shape ",
                                shapeToString(out->shape), ", expected ",
                                shapeToString(want)));
  return requireNoAlias(cn, ins, outs);
}

template <typename I>
absl::Status gatherRows(const I *idx, int64_t rows, int64_t tableRows,
                        const uint8_t *src, uint8_t *dst, int64_t rowBytes,
                        int64_t begin) {
  for (int64_t e = 0; e < rows; ++e) {
    int64_t s = static_cast<int64_t>(idx[e]);
    if (s < 0 || s >= tableRows)
      return invalid(absl::StrCat("rows.gather: index ", s, " at position ",
                                  begin + e, " is out of range [0, ",
                                  tableRows, ")"));
    std::memcpy(dst + e * rowBytes, src + s * rowBytes,
                static_cast<size_t>(rowBytes));
  }
  return absl::OkStatus();
}

absl::Status gatherRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &table = ins[0], &o = outs[0];
  View idx = rowView(ins[1], o);
  if (idx.dims.elements() != o.rows)
    return sizeMismatch("rows.gather", ins[1], idx.dims.elements(), o);
  int64_t rowBytes = o.rowElements * dtypeSize(o.decl->dtype);
  int64_t tableRows = table.decl->shape[0];
  if (ins[1].decl->dtype == DType::kI64)
    return gatherRows(reinterpret_cast<const int64_t *>(idx.data), o.rows,
                      tableRows, table.data, o.data, rowBytes, o.begin);
  return gatherRows(reinterpret_cast<const int32_t *>(idx.data), o.rows,
                    tableRows, table.data, o.data, rowBytes, o.begin);
}

int64_t gatherCost(const TargetModel &t, const CostParams &p, Slices,
                   Slices outs) {
  return gatherCycles(t, p, outs[0].rows,
                      outs[0].rowElements * dtypeSize(outs[0].decl->dtype));
}

//===-- reduce over non-row dims ----------------------------------------===//

struct ReducePlan {
  ReduceKind kind = ReduceKind::kSum;
  int nKept = 0, nRed = 0;
  int64_t keptShape[kMaxRank], keptStride[kMaxRank];
  int64_t redShape[kMaxRank], redStride[kMaxRank];
  int64_t extent = 1, keptCount = 1;
};

/// `dims` of `x` (rank >= 1) without dim 0.
absl::Status reducePlan(const char *cn, const Vertex &v, const Shape &shape,
                        ReducePlan &plan) {
  if (!parseReduce(paramStringRef(v.params, "kind"), plan.kind))
    return invalid(absl::StrCat(
        cn, ": param 'kind' must be one of \"sum\", \"mean\", \"max\", "
            "\"min\""));
  const std::vector<int64_t> *dims = paramIntsRef(v.params, "dims");
  if (!dims)
    return invalid(absl::StrCat(cn, ": missing param 'dims' (an integer "
                                    "list)"));
  int rank = static_cast<int>(shape.size());
  bool reduced[kMaxRank] = {};
  for (int64_t d : *dims) {
    if (d < -rank || d >= rank)
      return invalid(absl::StrCat(cn, ": dim ", d, " is out of range for ",
                                  shapeToString(shape)));
    int64_t nd = d < 0 ? d + rank : d;
    if (nd == 0)
      return invalid(absl::StrCat(cn, ": dims may not contain dim 0 (the "
                                      "tile's rows); use reduce_partial"));
    if (reduced[nd])
      return invalid(absl::StrCat(cn, ": dim ", d, " appears twice"));
    reduced[nd] = true;
  }
  int64_t strides[kMaxRank];
  int64_t s = 1;
  for (int d = rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= shape[d];
  }
  plan.nKept = plan.nRed = 0;
  plan.extent = plan.keptCount = 1;
  for (int d = 1; d < rank; ++d) {
    if (reduced[d]) {
      plan.redShape[plan.nRed] = shape[d];
      plan.redStride[plan.nRed++] = strides[d];
      plan.extent *= shape[d];
    } else {
      plan.keptShape[plan.nKept] = shape[d];
      plan.keptStride[plan.nKept++] = strides[d];
      plan.keptCount *= shape[d];
    }
  }
  return absl::OkStatus();
}

absl::Status reduceCheck(const Vertex &v, const Decls &ins,
                         const Decls &outs) {
  const char *cn = "rows.reduce";
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  for (const TensorDecl *t : {ins[0], outs[0]})
    if (absl::Status s = requireDtype(cn, "operand", t, DType::kF32); !s.ok())
      return s;
  if (absl::Status s = requireMinRank(cn, "input", ins[0], 1); !s.ok())
    return s;
  ReducePlan plan;
  if (absl::Status s = reducePlan(cn, v, ins[0]->shape, plan); !s.ok())
    return s;
  if (plan.extent == 0 &&
      (plan.kind == ReduceKind::kMax || plan.kind == ReduceKind::kMin))
    return invalid(absl::StrCat(cn, ": max/min over an empty extent of ",
                                shapeToString(ins[0]->shape)));
  Shape want = {ins[0]->shape[0]};
  want.insert(want.end(), plan.keptShape, plan.keptShape + plan.nKept);
  if (outs[0]->shape != want)
    return invalid(absl::StrCat(cn, ": result '", outs[0]->name,
                                "' has shape ", shapeToString(outs[0]->shape),
                                ", expected ", shapeToString(want)));
  return requireNoAlias(cn, ins, outs);
}

absl::Status reduceRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = "rows.reduce";
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  ReducePlan plan;
  if (absl::Status s = reducePlan(cn, v, ins[0].decl->shape, plan); !s.ok())
    return s;
  if (x.dims.d[0] != o.rows)
    return sizeMismatch(cn, ins[0], x.dims.elements(), o);
  const float *in = reinterpret_cast<const float *>(x.data);
  float *dst = mptr<float>(o);
  int64_t rowIn = ins[0].decl->rowElements();
  // gnnrt::reduce's loops, per row: outputs in row-major order of the kept
  // dims, each accumulating the reduced coordinates in row-major order.
  for (int64_t r = 0; r < o.rows; ++r) {
    const float *row = in + r * rowIn;
    float *orow = dst + r * plan.keptCount;
    int64_t kc[kMaxRank] = {};
    int64_t koff = 0;
    for (int64_t k = 0; k < plan.keptCount; ++k) {
      int64_t rc[kMaxRank] = {};
      int64_t roff = 0;
      float acc = 0.0f;
      bool first = true;
      for (int64_t e = 0; e < plan.extent; ++e) {
        float val = row[koff + roff];
        switch (plan.kind) {
        case ReduceKind::kSum:
        case ReduceKind::kMean:
          acc += val;
          break;
        case ReduceKind::kMax:
          if (first || val > acc || std::isnan(val))
            acc = val;
          break;
        case ReduceKind::kMin:
          if (first || val < acc || std::isnan(val))
            acc = val;
          break;
        }
        first = false;
        for (int d = plan.nRed - 1; d >= 0; --d) {
          roff += plan.redStride[d];
          if (++rc[d] < plan.redShape[d])
            break;
          roff -= plan.redStride[d] * plan.redShape[d];
          rc[d] = 0;
        }
      }
      if (plan.kind == ReduceKind::kMean)
        acc = plan.extent == 0 ? std::numeric_limits<float>::quiet_NaN()
                               : acc / static_cast<float>(plan.extent);
      orow[k] = acc;
      for (int d = plan.nKept - 1; d >= 0; --d) {
        koff += plan.keptStride[d];
        if (++kc[d] < plan.keptShape[d])
          break;
        koff -= plan.keptStride[d] * plan.keptShape[d];
        kc[d] = 0;
      }
    }
  }
  return absl::OkStatus();
}

int64_t reduceCost(const TargetModel &t, const CostParams &p, Slices ins,
                   Slices) {
  return vectorCycles(t, p, DType::kF32, ins[0].numElements(), 1);
}

//===-- copy / reshape / slice / concat ---------------------------------===//

absl::Status copyLikeCheck(const char *cn, const Decls &ins,
                           const Decls &outs, bool sameRows) {
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, ins[0], outs[0]); !s.ok())
    return s;
  if (sameRows) {
    if (ins[0]->shape.empty() || ins[0]->shape[0] != outs[0]->shape[0] ||
        numElements(ins[0]->shape) != numElements(outs[0]->shape))
      return invalid(absl::StrCat(
          cn, ": '", ins[0]->name, "' ", shapeToString(ins[0]->shape),
          " and '", outs[0]->name, "' ", shapeToString(outs[0]->shape),
          " must have the same dim 0 and element count"));
  }
  return absl::OkStatus();
}
absl::Status reshapeCheck(const Vertex &, const Decls &ins,
                          const Decls &outs) {
  return copyLikeCheck("rows.reshape", ins, outs, true);
}
absl::Status rowsCopyCheck(const Vertex &, const Decls &ins,
                           const Decls &outs) {
  // Any layout: equal local element counts are checked at run time.
  if (absl::Status s = requireRowBlocked("rows.copy", "result", outs[0]);
      !s.ok())
    return s;
  return requireSameDtype("rows.copy", ins[0], outs[0]);
}
template <const char *Name>
absl::Status byteCopyRun(const Vertex &, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  int64_t n = o.numElements();
  if (x.dims.elements() != n)
    return sizeMismatch(Name, ins[0], x.dims.elements(), o);
  int64_t bytes = n * dtypeSize(o.decl->dtype);
  if (bytes > 0 && x.data != o.data)
    std::memmove(o.data, x.data, static_cast<size_t>(bytes));
  return absl::OkStatus();
}
constexpr char kReshapeName[] = "rows.reshape";
constexpr char kCopyName[] = "rows.copy";

struct SliceArgs {
  int64_t axis = 1, offset = 0, size = 0;
};
absl::Status sliceArgs(const char *cn, const Vertex &v, const TensorDecl *x,
                       const TensorDecl *y, SliceArgs &a) {
  absl::StatusOr<int64_t> ax = rowAxis(cn, v, x);
  if (!ax.ok())
    return ax.status();
  a.axis = *ax;
  if (absl::Status s = checkParam(cn, v, "offset", ParamKind::kInt, true);
      !s.ok())
    return s;
  if (absl::Status s = checkParam(cn, v, "size", ParamKind::kInt, false);
      !s.ok())
    return s;
  a.offset = *paramIntRef(v.params, "offset");
  a.size = intOr(v.params, "size", y->shape.size() > static_cast<size_t>(a.axis)
                                       ? y->shape[a.axis]
                                       : 0);
  int64_t extent = x->shape[a.axis];
  if (a.offset < 0 || a.size < 0 || a.offset > extent ||
      a.size > extent - a.offset)
    return invalid(absl::StrCat(cn, ": [", a.offset, ", ", a.offset, " + ",
                                a.size, ") is not within [0, ", extent,
                                ") along axis ", a.axis));
  Shape want = x->shape;
  want[a.axis] = a.size;
  if (y->shape != want)
    return invalid(absl::StrCat(cn, ": result '", y->name, "' has shape ",
                                shapeToString(y->shape), ", expected ",
                                shapeToString(want)));
  return absl::OkStatus();
}
absl::Status sliceCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = "rows.slice";
  if (absl::Status s = copyLikeCheck(cn, ins, outs, false); !s.ok())
    return s;
  if (absl::Status s = requireNoAlias(cn, ins, outs); !s.ok())
    return s;
  SliceArgs a;
  return sliceArgs(cn, v, ins[0], outs[0], a);
}
absl::Status sliceRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = "rows.slice";
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  SliceArgs a;
  if (absl::Status s = sliceArgs(cn, v, ins[0].decl, o.decl, a); !s.ok())
    return s;
  if (x.dims.d[0] != o.rows)
    return sizeMismatch(cn, ins[0], x.dims.elements(), o);
  const Shape &xs = ins[0].decl->shape;
  int64_t outer = o.rows, inner = 1;
  for (int64_t d = 1; d < a.axis; ++d)
    outer *= xs[d];
  for (size_t d = a.axis + 1; d < xs.size(); ++d)
    inner *= xs[d];
  int64_t es = dtypeSize(o.decl->dtype);
  int64_t extent = xs[a.axis];
  size_t chunk = static_cast<size_t>(a.size * inner * es);
  for (int64_t i = 0; i < outer; ++i)
    if (chunk)
      std::memcpy(o.data + i * a.size * inner * es,
                  x.data + (i * extent + a.offset) * inner * es, chunk);
  return absl::OkStatus();
}

absl::Status concatCheck(const Vertex &v, const Decls &ins,
                         const Decls &outs) {
  const char *cn = "rows.concat";
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), 1, 1 << 20);
      !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  if (absl::Status s = rowsCheck(cn, ins, outs); !s.ok())
    return s;
  if (absl::Status s = requireNoAlias(cn, ins, outs); !s.ok())
    return s;
  absl::StatusOr<int64_t> ax = rowAxis(cn, v, outs[0]);
  if (!ax.ok())
    return ax.status();
  Shape want = outs[0]->shape;
  want[*ax] = 0;
  for (const TensorDecl *t : ins) {
    if (absl::Status s = requireSameDtype(cn, t, outs[0]); !s.ok())
      return s;
    bool ok = t->shape.size() == want.size();
    for (size_t d = 0; ok && d < want.size(); ++d)
      ok = static_cast<int64_t>(d) == *ax || t->shape[d] == want[d];
    if (!ok)
      return invalid(absl::StrCat(cn, ": input '", t->name, "' has shape ",
                                  shapeToString(t->shape),
                                  ", which does not match the result ",
                                  shapeToString(outs[0]->shape),
                                  " except along axis ", *ax));
    want[*ax] += t->shape[*ax];
  }
  if (want != outs[0]->shape)
    return invalid(absl::StrCat(cn, ": inputs add up to ",
                                shapeToString(want), " but the result is ",
                                shapeToString(outs[0]->shape)));
  return absl::OkStatus();
}
absl::Status concatRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = "rows.concat";
  const LocalSlice &o = outs[0];
  const int64_t *axp = paramIntRef(v.params, "axis");
  if (!axp)
    return invalid("rows.concat: missing param 'axis'");
  const Shape &ys = o.decl->shape;
  int64_t axis = *axp < 0 ? *axp + static_cast<int64_t>(ys.size()) : *axp;
  int64_t outer = o.rows, inner = 1;
  for (int64_t d = 1; d < axis; ++d)
    outer *= ys[d];
  for (size_t d = axis + 1; d < ys.size(); ++d)
    inner *= ys[d];
  int64_t es = dtypeSize(o.decl->dtype);
  uint8_t *dst = o.data;
  for (const LocalSlice &in : ins) {
    View x = rowView(in, o);
    if (x.dims.d[0] != o.rows)
      return sizeMismatch(cn, in, x.dims.elements(), o);
  }
  for (int64_t i = 0; i < outer; ++i)
    for (const LocalSlice &in : ins) {
      View x = rowView(in, o);
      int64_t chunk = in.decl->shape[axis] * inner * es;
      if (chunk)
        std::memcpy(dst, x.data + i * chunk, static_cast<size_t>(chunk));
      dst += chunk;
    }
  return absl::OkStatus();
}

//===-- batch_norm (inference) ------------------------------------------===//

absl::Status batchNormCheck(const Vertex &v, const Decls &ins,
                            const Decls &outs) {
  const char *cn = "rows.batch_norm";
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), 5, 6); !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  if (intOr(v.params, "training", 0) != 0)
    return invalid(absl::StrCat(cn, ": training batch norm needs batch "
                                    "statistics; use serial.batch_norm"));
  if (absl::Status s = checkParam(cn, v, "eps", ParamKind::kFloat, false);
      !s.ok())
    return s;
  const TensorDecl *x = ins[0], *y = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", y); !s.ok())
    return s;
  if (absl::Status s = requireAlignedOrReplicated(cn, "input", x, y); !s.ok())
    return s;
  if (absl::Status s = requireRank(cn, "input", x, 2); !s.ok())
    return s;
  if (x->shape != y->shape)
    return invalid("rows.batch_norm: input and result shapes differ");
  static const char *roles[] = {"input", "weight", "bias", "running_mean",
                                "running_var"};
  for (int i = 0; i < 5; ++i) {
    if (absl::Status s = requireDtype(cn, roles[i], ins[i], DType::kF32);
        !s.ok())
      return s;
    if (i > 0) {
      if (absl::Status s = requireReplicated(cn, roles[i], ins[i]); !s.ok())
        return s;
      if (ins[i]->shape != Shape{x->shape[1]})
        return invalid(absl::StrCat(cn, ": ", roles[i], " '", ins[i]->name,
                                    "' must be [", x->shape[1], "]"));
    }
  }
  double eps = floatOr(v.params, "eps", 1e-5);
  if (!(eps >= 0.0) || !std::isfinite(eps))
    return invalid(absl::StrCat(cn, ": eps=", eps, " must be finite and >= 0"));
  return requireDtype(cn, "result", y, DType::kF32);
}
absl::Status batchNormRun(const Vertex &v, Slices ins, Slices outs) {
  const LocalSlice &o = outs[0];
  View x = rowView(ins[0], o);
  if (x.dims.elements() != o.numElements())
    return sizeMismatch("rows.batch_norm", ins[0], x.dims.elements(), o);
  const float *xs = reinterpret_cast<const float *>(x.data);
  const float *g = ptr<float>(ins[1]), *b = ptr<float>(ins[2]);
  const float *rm = ptr<float>(ins[3]), *rv = ptr<float>(ins[4]);
  float *dst = mptr<float>(o);
  int64_t n = o.rows, c = o.rowElements;
  float epsF = static_cast<float>(floatOr(v.params, "eps", 1e-5));
  for (int64_t j = 0; j < c; ++j) {
    float mean = rm[j], var = rv[j];
    float invStd = 1.0f / std::sqrt(var + epsF);
    for (int64_t i = 0; i < n; ++i)
      dst[i * c + j] = (xs[i * c + j] - mean) * invStd * g[j] + b[j];
  }
  return absl::OkStatus();
}

} // namespace

void addRowsCodelets(std::vector<Codelet> &out) {
  out.push_back(unaryCodelet<UnaryOp::kRelu>());
  out.push_back(unaryCodelet<UnaryOp::kSigmoid>());
  out.push_back(unaryCodelet<UnaryOp::kTanh>());
  out.push_back(unaryCodelet<UnaryOp::kExp>());
  out.push_back(unaryCodelet<UnaryOp::kLog>());
  out.push_back(unaryCodelet<UnaryOp::kNeg>());
  out.push_back(unaryCodelet<UnaryOp::kSqrt>());
  out.push_back(unaryCodelet<UnaryOp::kAbs>());
  out.push_back(unaryCodelet<UnaryOp::kLeakyRelu>());
  out.push_back(unaryCodelet<UnaryOp::kElu>());
  out.push_back(unaryCodelet<UnaryOp::kPow>());
  out.push_back(binaryCodelet<BinaryOp::kAdd>());
  out.push_back(binaryCodelet<BinaryOp::kSub>());
  out.push_back(binaryCodelet<BinaryOp::kMul>());
  out.push_back(binaryCodelet<BinaryOp::kDiv>());
  out.push_back(binaryCodelet<BinaryOp::kMax>());
  out.push_back(binaryCodelet<BinaryOp::kMin>());
  out.push_back(Prepared<CmpState>::codelet<cmpPrepare, cmpExec>(
      "rows.cmp", 2, 1, cmpCheck, outCost));
  out.push_back(logicalCodelet<LogicalOp::kAnd>());
  out.push_back(logicalCodelet<LogicalOp::kOr>());
  out.push_back(logicalCodelet<LogicalOp::kXor>());
  out.push_back({"rows.not", 1, 1, notCheck, notRun, outCost});
  out.push_back(Prepared<ZipState<3>>::codelet<wherePrepare, whereExec>(
      "rows.where", 3, 1, whereCheck, outCost2));
  out.push_back(Prepared<MapState>::codelet<castPrepare, castExec>(
      "rows.cast", 1, 1, castCheck, outCost2));
  out.push_back({"rows.iota", 0, 1, iotaCheck, iotaRun, outCost});
  out.push_back(Prepared<DropoutState>::codelet<dropoutPrepare, dropoutExec>(
      "rows.dropout", kVariadicArity, 1, dropoutCheck, dropoutCost));
  out.push_back(
      Prepared<SoftmaxState>::codelet<softmaxPrepare<false>,
                                      softmaxExec<false>>(
          "rows.softmax", 1, 1, softmaxCheck<false>, softmaxCost));
  out.push_back(
      Prepared<SoftmaxState>::codelet<softmaxPrepare<true>, softmaxExec<true>>(
          "rows.log_softmax", 1, 1, softmaxCheck<true>, softmaxCost));
  out.push_back({"rows.gather", 2, 1, gatherCheck, gatherRun, gatherCost});
  out.push_back({"rows.reduce", 1, 1, reduceCheck, reduceRun, reduceCost});
  out.push_back({"rows.reshape", 1, 1, reshapeCheck, byteCopyRun<kReshapeName>,
                 outCost});
  out.push_back(
      {"rows.copy", 1, 1, rowsCopyCheck, byteCopyRun<kCopyName>, outCost});
  out.push_back({"rows.slice", 1, 1, sliceCheck, sliceRun, outCost});
  out.push_back({"rows.concat", kVariadicArity, 1, concatCheck, concatRun,
                 outCost});
  out.push_back({"rows.batch_norm", kVariadicArity, 1, batchNormCheck,
                 batchNormRun, outCost3});
}

} // namespace gnnrt::sim::detail
