//===- CodeletsCommon.cpp - Shared helpers of the codelet library ---------===//
#include "CodeletsCommon.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_join.h"

namespace gnnrt::sim::detail {

//===-- Per-compute-set caches ----------------------------------------===//

namespace {
std::atomic<uint64_t> epochCounter{0};
thread_local uint64_t currentEpoch = 0;
} // namespace

uint64_t newComputeSetEpoch() { return epochCounter.fetch_add(1) + 1; }
uint64_t computeSetEpoch() { return currentEpoch; }
ComputeSetScope::ComputeSetScope(uint64_t epoch) : previous_(currentEpoch) {
  currentEpoch = epoch;
}
ComputeSetScope::~ComputeSetScope() { currentEpoch = previous_; }

//===-- Params --------------------------------------------------------===//

const int64_t *paramIntRef(const Params &p, const std::string &key) {
  auto it = p.find(key);
  return it == p.end() ? nullptr : std::get_if<int64_t>(&it->second);
}
const std::string *paramStringRef(const Params &p, const std::string &key) {
  auto it = p.find(key);
  return it == p.end() ? nullptr : std::get_if<std::string>(&it->second);
}
const std::vector<int64_t> *paramIntsRef(const Params &p,
                                         const std::string &key) {
  auto it = p.find(key);
  return it == p.end() ? nullptr
                       : std::get_if<std::vector<int64_t>>(&it->second);
}
bool paramAsDouble(const Params &p, const std::string &key, double &out) {
  auto it = p.find(key);
  if (it == p.end())
    return false;
  if (const double *d = std::get_if<double>(&it->second)) {
    out = *d;
    return true;
  }
  if (const int64_t *i = std::get_if<int64_t>(&it->second)) {
    out = static_cast<double>(*i);
    return true;
  }
  return false;
}

static const char *kindName(ParamKind k) {
  switch (k) {
  case ParamKind::kInt:
    return "an integer";
  case ParamKind::kFloat:
    return "a float";
  case ParamKind::kString:
    return "a string";
  case ParamKind::kInts:
    return "an integer list";
  }
  return "?";
}

absl::Status checkParam(const char *cn, const Vertex &v, const std::string &key,
                        ParamKind kind, bool required) {
  auto it = v.params.find(key);
  if (it == v.params.end()) {
    if (required)
      return invalid(absl::StrCat(cn, ": missing param '", key, "' (",
                                  kindName(kind), ")"));
    return absl::OkStatus();
  }
  const ParamValue &val = it->second;
  bool ok = false;
  switch (kind) {
  case ParamKind::kInt:
    ok = std::holds_alternative<int64_t>(val);
    break;
  case ParamKind::kFloat:
    ok = std::holds_alternative<double>(val) ||
         std::holds_alternative<int64_t>(val);
    break;
  case ParamKind::kString:
    ok = std::holds_alternative<std::string>(val);
    break;
  case ParamKind::kInts:
    ok = std::holds_alternative<std::vector<int64_t>>(val);
    break;
  }
  if (!ok)
    return invalid(
        absl::StrCat(cn, ": param '", key, "' must be ", kindName(kind)));
  return absl::OkStatus();
}

absl::Status checkEnumParam(const char *cn, const Vertex &v,
                            const std::string &key,
                            std::initializer_list<const char *> allowed,
                            bool required) {
  if (absl::Status s = checkParam(cn, v, key, ParamKind::kString, required);
      !s.ok())
    return s;
  const std::string *s = paramStringRef(v.params, key);
  if (!s)
    return absl::OkStatus();
  for (const char *a : allowed)
    if (*s == a)
      return absl::OkStatus();
  return invalid(absl::StrCat(cn, ": param '", key, "' is \"", *s,
                              "\", expected one of ",
                              absl::StrJoin(allowed, ", ")));
}

bool parseReduce(const std::string *s, ReduceKind &out) {
  if (!s)
    return false;
  if (*s == "sum")
    out = ReduceKind::kSum;
  else if (*s == "mean")
    out = ReduceKind::kMean;
  else if (*s == "max")
    out = ReduceKind::kMax;
  else if (*s == "min")
    out = ReduceKind::kMin;
  else
    return false;
  return true;
}

//===-- Operand groups --------------------------------------------------===//

absl::Status resolveGroups(const char *cn, const Vertex &v, size_t numIns,
                           absl::Span<const Group> spec, Groups &out) {
  out = Groups();
  int n = static_cast<int>(spec.size());
  out.count = n;
  const Group *g = spec.data();
  if (const std::vector<int64_t> *seg =
          paramIntsRef(v.params, kOperandSegments)) {
    if (static_cast<int>(seg->size()) != n)
      return invalid(absl::StrCat(cn, ": operand_segments has ", seg->size(),
                                  " entries, expected ", n));
    int64_t at = 0;
    for (int i = 0; i < n; ++i) {
      int64_t s = (*seg)[i];
      bool ok = s >= 0 && (g[i] != Group::kRequired || s == 1) &&
                (g[i] != Group::kOptional || s <= 1);
      if (!ok)
        return invalid(absl::StrCat(cn, ": operand_segments entry ", i, " is ",
                                    s, ", which group ", i, " cannot take"));
      out.first[i] = static_cast<int>(at);
      out.size[i] = static_cast<int>(s);
      at += s;
    }
    if (at != static_cast<int64_t>(numIns))
      return invalid(absl::StrCat(cn, ": operand_segments [",
                                  absl::StrJoin(*seg, ", "), "] add up to ", at,
                                  " operands but the vertex has ", numIns));
    return absl::OkStatus();
  }
  int required = 0, optional = 0, variadic = 0;
  for (int i = 0; i < n; ++i) {
    required += g[i] == Group::kRequired;
    optional += g[i] == Group::kOptional;
    variadic += g[i] == Group::kVariadic;
  }
  int extra = static_cast<int>(numIns) - required;
  if (extra < 0 || (variadic == 0 && extra > optional))
    return invalid(absl::StrCat(cn, ": takes ", required, " to ",
                                required + optional, " inputs, got ", numIns));
  bool allOptional = variadic == 0 && extra == optional;
  if (!(extra == 0 || allOptional || optional + variadic == 1))
    return invalid(absl::StrCat(cn, ": ", numIns,
                                " inputs are ambiguous without the param "
                                "'operand_segments'"));
  int at = 0;
  for (int i = 0; i < n; ++i) {
    int s = 1;
    if (g[i] == Group::kOptional)
      s = extra > 0 ? 1 : 0;
    else if (g[i] == Group::kVariadic)
      s = extra;
    out.first[i] = at;
    out.size[i] = s;
    at += s;
  }
  return absl::OkStatus();
}

//===-- Signature checks ----------------------------------------------===//

absl::Status checkCount(const char *cn, const char *what, size_t got,
                        size_t lo, size_t hi) {
  if (got >= lo && got <= hi)
    return absl::OkStatus();
  if (lo == hi)
    return invalid(
        absl::StrCat(cn, ": takes ", lo, " ", what, ", got ", got));
  return invalid(
      absl::StrCat(cn, ": takes ", lo, " to ", hi, " ", what, ", got ", got));
}

static std::string describe(const TensorDecl *t) {
  return absl::StrCat("'", t->name, "' (", dtypeName(t->dtype),
                      shapeToString(t->shape), ")");
}

absl::Status requireDtype(const char *cn, const char *role,
                          const TensorDecl *t, DType dtype) {
  if (t->dtype != dtype)
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t), " must be ",
                                dtypeName(dtype)));
  return absl::OkStatus();
}
absl::Status requireInt(const char *cn, const char *role,
                        const TensorDecl *t) {
  if (t->dtype != DType::kI32 && t->dtype != DType::kI64)
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " must be i32 or i64"));
  return absl::OkStatus();
}
absl::Status requireRank(const char *cn, const char *role, const TensorDecl *t,
                         int64_t rank) {
  if (static_cast<int64_t>(t->shape.size()) != rank)
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " must have rank ", rank));
  return absl::OkStatus();
}
absl::Status requireMinRank(const char *cn, const char *role,
                            const TensorDecl *t, int64_t rank) {
  if (static_cast<int64_t>(t->shape.size()) < rank)
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " must have rank >= ", rank));
  if (t->shape.size() > static_cast<size_t>(kMaxRank))
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " has rank > ", kMaxRank));
  return absl::OkStatus();
}
absl::Status requireSameDtype(const char *cn, const TensorDecl *a,
                              const TensorDecl *b) {
  if (a->dtype != b->dtype)
    return invalid(absl::StrCat(cn, ": ", describe(a), " and ", describe(b),
                                " must share a dtype"));
  return absl::OkStatus();
}
absl::Status requireRowBlocked(const char *cn, const char *role,
                               const TensorDecl *t) {
  if (t->shape.size() > static_cast<size_t>(kMaxRank))
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " has rank > ", kMaxRank));
  if (t->mapping.replicated || t->mapping.dim != 0 || t->shape.empty())
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " must be blocked on dim 0"));
  return absl::OkStatus();
}
absl::Status requireReplicated(const char *cn, const char *role,
                               const TensorDecl *t) {
  if (t->shape.size() > static_cast<size_t>(kMaxRank))
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " has rank > ", kMaxRank));
  if (!t->mapping.replicated)
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " must be replicated, but it is blocked on "
                                "dim ",
                                t->mapping.dim));
  return absl::OkStatus();
}
absl::Status requireAligned(const char *cn, const char *role,
                            const TensorDecl *t, const TensorDecl *out) {
  if (t->shape.size() > static_cast<size_t>(kMaxRank))
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " has rank > ", kMaxRank));
  const Mapping &m = t->mapping, &o = out->mapping;
  if (m.replicated || m.dim != 0 || t->shape.empty() ||
      m.tiles.first != o.tiles.first || m.block != o.block ||
      t->shape[0] != out->shape[0])
    return invalid(absl::StrCat(
        cn, ": ", role, " ", describe(t),
        " must be blocked on dim 0 like '", out->name, "' (tiles from ",
        o.tiles.first, ", block ", o.block, ", ", out->shape[0], " rows)"));
  return absl::OkStatus();
}
absl::Status requireAlignedOrReplicated(const char *cn, const char *role,
                                        const TensorDecl *t,
                                        const TensorDecl *out) {
  if (t->mapping.replicated)
    return requireReplicated(cn, role, t);
  if (absl::Status s = requireAligned(cn, role, t, out); !s.ok())
    return invalid(absl::StrCat(s.message(), ", or be replicated"));
  return absl::OkStatus();
}
absl::Status requireNoAlias(const char *cn, const Decls &ins,
                            const Decls &outs) {
  for (const TensorDecl *o : outs)
    for (const TensorDecl *i : ins)
      if (o == i || o->name == i->name)
        return invalid(absl::StrCat(cn, ": output '", o->name,
                                    "' may not also be an input"));
  return absl::OkStatus();
}
absl::Status requirePartial(const char *cn, const char *role,
                            const TensorDecl *t, const Vertex &v) {
  const Mapping &m = t->mapping;
  if (m.replicated || m.dim != 0 || m.block != 1 || t->shape.empty() ||
      m.tiles.first != v.tiles.first || t->shape[0] != v.tiles.count)
    return invalid(absl::StrCat(
        cn, ": ", role, " ", describe(t), " must have one row per tile of "
        "the vertex (dim 0 = ", v.tiles.count, ", blocked on dim 0 with "
        "block 1 from tile ", v.tiles.first, ")"));
  if (t->shape.size() > static_cast<size_t>(kMaxRank))
    return invalid(absl::StrCat(cn, ": ", role, " ", describe(t),
                                " has rank > ", kMaxRank));
  return absl::OkStatus();
}

//===-- Local shapes --------------------------------------------------===//

Dims localDims(const LocalSlice &s) {
  Dims d;
  const TensorDecl &t = *s.decl;
  d.rank = static_cast<int>(std::min<size_t>(t.shape.size(), kMaxRank));
  for (int i = 0; i < d.rank; ++i)
    d.d[i] = t.shape[i];
  if (t.mapping.replicated || d.rank == 0)
    return d;
  d.d[0] = s.rows;
  if (t.mapping.dim == 1 && d.rank >= 2) {
    int64_t rest = 1;
    for (int i = 2; i < d.rank; ++i)
      rest *= d.d[i];
    d.d[1] = rest == 0 ? 0 : s.rowElements / rest;
  }
  return d;
}

View rowView(const LocalSlice &s, const LocalSlice &out) {
  View v;
  v.data = s.data;
  v.dims = localDims(s);
  const TensorDecl &t = *s.decl, &o = *out.decl;
  if (t.mapping.replicated && !o.mapping.replicated && !o.shape.empty() &&
      t.shape.size() == o.shape.size() && t.shape[0] == o.shape[0] &&
      o.shape[0] != 1) {
    v.data = s.data + out.begin * t.rowElements() * dtypeSize(t.dtype);
    v.dims.d[0] = out.rows;
  }
  return v;
}

int64_t scalarInt(const LocalSlice &s) {
  if (s.decl->dtype == DType::kI32)
    return *ptr<int32_t>(s);
  if (s.decl->dtype == DType::kI64)
    return *ptr<int64_t>(s);
  if (s.decl->dtype == DType::kBool)
    return *ptr<uint8_t>(s);
  return static_cast<int64_t>(*ptr<float>(s));
}

//===-- Costs ----------------------------------------------------------===//

} // namespace gnnrt::sim::detail
