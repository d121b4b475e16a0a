//===- Codelets.cpp - The simulator's codelet library ---------------------===//
//
// The registry, the original codelets (copy, add, mul, relu, scale,
// matmul_rows) and the helpers shared by the codelet families in
// Codelets{Rows,Dense,Reduce,Train,Serial,Columns,Halo}.cpp
// (CodeletsCommon.h).
//
//===----------------------------------------------------------------------===//
#include "gnnrt/sim/Codelets.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "CodeletsCommon.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gnnrt::sim {
namespace {

absl::Status invalid(const std::string &msg) {
  return absl::InvalidArgumentError(msg);
}

absl::Status requireF32(const std::vector<const TensorDecl *> &ts,
                        const char *role) {
  for (const TensorDecl *t : ts)
    if (t->dtype != DType::kF32)
      return invalid(absl::StrCat(role, " '", t->name, "' is ",
                                  dtypeName(t->dtype), ", expected f32"));
  return absl::OkStatus();
}

absl::Status sameLocalSize(absl::Span<const LocalSlice> ins,
                           absl::Span<const LocalSlice> outs) {
  int64_t n = outs[0].numElements();
  for (const LocalSlice &s : ins)
    if (s.numElements() != n)
      return invalid(absl::StrCat("local slice of '", s.decl->name, "' has ",
                                  s.numElements(), " elements but '",
                                  outs[0].decl->name, "' has ", n));
  return absl::OkStatus();
}

// --- copy ---
absl::Status copyCheck(const Vertex &, const std::vector<const TensorDecl *> &ins,
                       const std::vector<const TensorDecl *> &outs) {
  if (ins[0]->dtype != outs[0]->dtype)
    return invalid(absl::StrCat("input '", ins[0]->name, "' is ",
                                dtypeName(ins[0]->dtype), " but output '",
                                outs[0]->name, "' is ",
                                dtypeName(outs[0]->dtype)));
  return absl::OkStatus();
}
absl::Status copyRun(const Vertex &, absl::Span<const LocalSlice> ins,
                     absl::Span<const LocalSlice> outs) {
  if (absl::Status s = sameLocalSize(ins, outs); !s.ok())
    return s;
  int64_t bytes = outs[0].numElements() * dtypeSize(outs[0].decl->dtype);
  if (bytes > 0 && ins[0].data != outs[0].data)
    std::memmove(outs[0].data, ins[0].data, static_cast<size_t>(bytes));
  return absl::OkStatus();
}

// --- f32 elementwise ---
absl::Status f32Check(const Vertex &, const std::vector<const TensorDecl *> &ins,
                      const std::vector<const TensorDecl *> &outs) {
  if (absl::Status s = requireF32(ins, "input"); !s.ok())
    return s;
  return requireF32(outs, "output");
}
absl::Status scaleCheck(const Vertex &v,
                        const std::vector<const TensorDecl *> &ins,
                        const std::vector<const TensorDecl *> &outs) {
  if (!paramFloat(v.params, "scale"))
    return invalid("missing param 'scale'");
  return f32Check(v, ins, outs);
}

template <typename F>
absl::Status unaryRun(absl::Span<const LocalSlice> ins,
                      absl::Span<const LocalSlice> outs, F f) {
  if (absl::Status s = sameLocalSize(ins, outs); !s.ok())
    return s;
  const float *a = ins[0].as<float>();
  float *c = outs[0].as<float>();
  for (int64_t i = 0, n = outs[0].numElements(); i < n; ++i)
    c[i] = f(a[i]);
  return absl::OkStatus();
}
template <typename F>
absl::Status binaryRun(absl::Span<const LocalSlice> ins,
                       absl::Span<const LocalSlice> outs, F f) {
  if (absl::Status s = sameLocalSize(ins, outs); !s.ok())
    return s;
  const float *a = ins[0].as<float>();
  const float *b = ins[1].as<float>();
  float *c = outs[0].as<float>();
  for (int64_t i = 0, n = outs[0].numElements(); i < n; ++i)
    c[i] = f(a[i], b[i]);
  return absl::OkStatus();
}

absl::Status addRun(const Vertex &, absl::Span<const LocalSlice> ins,
                    absl::Span<const LocalSlice> outs) {
  return binaryRun(ins, outs, [](float a, float b) { return a + b; });
}
absl::Status mulRun(const Vertex &, absl::Span<const LocalSlice> ins,
                    absl::Span<const LocalSlice> outs) {
  return binaryRun(ins, outs, [](float a, float b) { return a * b; });
}
absl::Status reluRun(const Vertex &, absl::Span<const LocalSlice> ins,
                     absl::Span<const LocalSlice> outs) {
  // Same expression as gnnrt::unary(kRelu).
  return unaryRun(ins, outs, [](float v) {
    return std::isnan(v) ? v : (v > 0.0f ? v : 0.0f);
  });
}
absl::Status scaleRun(const Vertex &v, absl::Span<const LocalSlice> ins,
                      absl::Span<const LocalSlice> outs) {
  float s = static_cast<float>(*paramFloat(v.params, "scale"));
  return unaryRun(ins, outs, [s](float a) { return a * s; });
}

int64_t elementwiseCost(const TargetModel &t, const CostParams &p,
                        absl::Span<const LocalSlice>,
                        absl::Span<const LocalSlice> outs) {
  return elementwiseCycles(t, p, outs[0].decl->dtype, outs[0].numElements());
}

// --- matmul_rows ---
absl::Status matmulCheck(const Vertex &v,
                         const std::vector<const TensorDecl *> &ins,
                         const std::vector<const TensorDecl *> &outs) {
  if (absl::Status s = f32Check(v, ins, outs); !s.ok())
    return s;
  const TensorDecl &a = *ins[0], &b = *ins[1], &c = *outs[0];
  for (const TensorDecl *t : {&a, &b, &c})
    if (t->shape.size() != 2)
      return invalid(absl::StrCat("'", t->name, "' has shape ",
                                  shapeToString(t->shape),
                                  ", expected rank 2"));
  if (!b.mapping.replicated)
    return invalid(absl::StrCat("rhs '", b.name, "' must be replicated"));
  if (a.shape[1] != b.shape[0] || c.shape[1] != b.shape[1] ||
      a.shape[0] != c.shape[0])
    return invalid(absl::StrCat("shapes ", shapeToString(a.shape), " x ",
                                shapeToString(b.shape), " -> ",
                                shapeToString(c.shape), " do not match"));
  if (c.name == a.name || c.name == b.name)
    return invalid(absl::StrCat("output '", c.name,
                                "' may not also be an input"));
  return absl::OkStatus();
}
absl::Status matmulRun(const Vertex &, absl::Span<const LocalSlice> ins,
                       absl::Span<const LocalSlice> outs) {
  const LocalSlice &a = ins[0], &b = ins[1], &c = outs[0];
  if (a.rows != c.rows)
    return invalid(absl::StrCat("local rows of '", a.decl->name, "' (",
                                a.rows, ") and '", c.decl->name, "' (",
                                c.rows, ") differ"));
  int64_t r = a.rows, k = a.rowElements, n = c.rowElements;
  const float *as = a.as<float>();
  const float *bs = b.as<float>();
  float *cs = c.as<float>();
  // Row-streaming: each output sums k in order from +0.0, like the
  // reference gemm, so the result is bit-identical.
  for (int64_t i = 0; i < r; ++i) {
    float *crow = cs + i * n;
    for (int64_t j = 0; j < n; ++j)
      crow[j] = 0.0f;
    for (int64_t kk = 0; kk < k; ++kk) {
      float av = as[i * k + kk];
      const float *brow = bs + kk * n;
      for (int64_t j = 0; j < n; ++j)
        crow[j] += av * brow[j];
    }
  }
  return absl::OkStatus();
}
int64_t matmulCost(const TargetModel &t, const CostParams &p,
                   absl::Span<const LocalSlice> ins,
                   absl::Span<const LocalSlice> outs) {
  return matmulCycles(t, p,
                      ins[0].rows * ins[0].rowElements * outs[0].rowElements);
}

const std::vector<Codelet> &registry() {
  static const std::vector<Codelet> *codelets = [] {
    auto *v = new std::vector<Codelet>{
        {"add", 2, 1, f32Check, addRun, elementwiseCost},
        {"copy", 1, 1, copyCheck, copyRun, elementwiseCost},
        {"matmul_rows", 2, 1, matmulCheck, matmulRun, matmulCost},
        {"mul", 2, 1, f32Check, mulRun, elementwiseCost},
        {"relu", 1, 1, f32Check, reluRun, elementwiseCost},
        {"scale", 1, 1, scaleCheck, scaleRun, elementwiseCost},
    };
    detail::addRowsCodelets(*v);
    detail::addDenseCodelets(*v);
    detail::addReduceCodelets(*v);
    detail::addTrainCodelets(*v);
    detail::addSerialCodelets(*v);
    detail::addColumnCodelets(*v);
    detail::addHaloCodelets(*v);
    std::sort(v->begin(), v->end(),
              [](const Codelet &a, const Codelet &b) { return a.name < b.name; });
    return v;
  }();
  return *codelets;
}

} // namespace

bool arityMatches(const Codelet &c, size_t numIns, size_t numOuts) {
  return (c.numIns == kVariadicArity ||
          static_cast<size_t>(c.numIns) == numIns) &&
         (c.numOuts == kVariadicArity ||
          static_cast<size_t>(c.numOuts) == numOuts);
}

const Codelet *findCodelet(absl::string_view name) {
  const std::vector<Codelet> &r = registry();
  auto it = std::lower_bound(
      r.begin(), r.end(), name,
      [](const Codelet &c, absl::string_view n) { return c.name < n; });
  if (it != r.end() && it->name == name)
    return &*it;
  return nullptr;
}

std::vector<std::string> codeletNames() {
  std::vector<std::string> names;
  for (const Codelet &c : registry())
    names.push_back(c.name);
  return names;
}

} // namespace gnnrt::sim
