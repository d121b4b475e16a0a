//===- CodeletsCommon.h - Shared helpers of the codelet library -----------===//
//
// Private to runtime/lib/sim/Codelets*.cpp: signature-check helpers, param
// accessors that neither copy nor allocate, local shapes, a broadcasting
// walker over local slices (no heap allocation), cost helpers and the
// registration hooks of each codelet family.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_LIB_SIM_CODELETSCOMMON_H
#define GNNRT_LIB_SIM_CODELETSCOMMON_H

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gnnrt/sim/Codelets.h"

namespace gnnrt::sim::detail {

using Decls = std::vector<const TensorDecl *>;
using Slices = absl::Span<const LocalSlice>;

inline absl::Status invalid(std::string msg) {
  return absl::InvalidArgumentError(std::move(msg));
}

//===-- Per-compute-set caches ------------------------------------------===//

/// The simulator runs the vertices of every compute-set execution inside a
/// ComputeSetScope with a fresh epoch (newComputeSetEpoch). Inside one
/// compute set the inputs of its vertices are read-only (validate forbids
/// read/write races and tensors live at the same step never share bytes),
/// so a codelet may cache what it derives from an input (a transposed
/// weight, finiteness flags) in a thread_local keyed by the input's address
/// and computeSetEpoch(): a later compute set has another epoch. Outside a
/// scope (codelets called directly) the epoch is 0: cache nothing.
uint64_t newComputeSetEpoch();
uint64_t computeSetEpoch();
class ComputeSetScope {
public:
  explicit ComputeSetScope(uint64_t epoch);
  ~ComputeSetScope();
  ComputeSetScope(const ComputeSetScope &) = delete;
  ComputeSetScope &operator=(const ComputeSetScope &) = delete;

private:
  uint64_t previous_;
};

//===-- Params (no copies) ------------------------------------------------===//

/// Keys longer than the small-string buffer, built once.
inline const std::string kOperandSegments = "operand_segments";

const int64_t *paramIntRef(const Params &p, const std::string &key);
const std::string *paramStringRef(const Params &p, const std::string &key);
const std::vector<int64_t> *paramIntsRef(const Params &p,
                                         const std::string &key);
/// An integer or a float as a double.
bool paramAsDouble(const Params &p, const std::string &key, double &out);
inline double floatOr(const Params &p, const std::string &key, double def) {
  double v = def;
  paramAsDouble(p, key, v);
  return v;
}
inline int64_t intOr(const Params &p, const std::string &key, int64_t def) {
  const int64_t *v = paramIntRef(p, key);
  return v ? *v : def;
}

enum class ParamKind { kInt, kFloat, kString, kInts };
/// Present with the right type (a float param also takes an integer), or
/// absent when optional.
absl::Status checkParam(const char *cn, const Vertex &v, const std::string &key,
                        ParamKind kind, bool required);
/// A string param that must be one of `allowed` (when present).
absl::Status checkEnumParam(const char *cn, const Vertex &v,
                            const std::string &key,
                            std::initializer_list<const char *> allowed,
                            bool required);

enum class ReduceKind { kSum, kMean, kMax, kMin };
/// "sum", "mean", "max", "min" (false when none).
bool parseReduce(const std::string *s, ReduceKind &out);

//===-- Operand groups (ODS operand segments) ----------------------------===//

enum class Group { kRequired, kOptional, kVariadic };
constexpr int kMaxGroups = 8;
struct Groups {
  int count = 0;
  int first[kMaxGroups] = {};
  int size[kMaxGroups] = {};
  bool has(int g) const { return size[g] > 0; }
};
/// Splits `numIns` operands into the ODS groups `spec` using the
/// `operand_segments` param when present, else by counting (possible when at
/// most one group is optional or variadic, or when the count is the minimum
/// or the maximum).
absl::Status resolveGroups(const char *cn, const Vertex &v, size_t numIns,
                           absl::Span<const Group> spec, Groups &out);

//===-- Signature checks ----------------------------------------------===//

absl::Status checkCount(const char *cn, const char *what, size_t got,
                        size_t lo, size_t hi);
absl::Status requireDtype(const char *cn, const char *role,
                          const TensorDecl *t, DType dtype);
absl::Status requireInt(const char *cn, const char *role, const TensorDecl *t);
absl::Status requireRank(const char *cn, const char *role, const TensorDecl *t,
                         int64_t rank);
absl::Status requireMinRank(const char *cn, const char *role,
                            const TensorDecl *t, int64_t rank);
absl::Status requireSameDtype(const char *cn, const TensorDecl *a,
                              const TensorDecl *b);
/// Blocked on dim 0 (the rows of a rows.* result or a partial).
absl::Status requireRowBlocked(const char *cn, const char *role,
                               const TensorDecl *t);
absl::Status requireReplicated(const char *cn, const char *role,
                               const TensorDecl *t);
/// Replicated, or blocked on dim 0 exactly like `out` (same tiles, block
/// and dim-0 extent).
absl::Status requireAlignedOrReplicated(const char *cn, const char *role,
                                        const TensorDecl *t,
                                        const TensorDecl *out);
absl::Status requireAligned(const char *cn, const char *role,
                            const TensorDecl *t, const TensorDecl *out);
absl::Status requireNoAlias(const char *cn, const Decls &ins,
                            const Decls &outs);
/// The partial-result tensor P [G, ...] of a vertex on `v.tiles`: blocked on
/// dim 0 with block 1 over exactly those tiles.
absl::Status requirePartial(const char *cn, const char *role,
                            const TensorDecl *t, const Vertex &v);

//===-- Local shapes --------------------------------------------------===//

constexpr int kMaxRank = 8;
struct Dims {
  int rank = 0;
  int64_t d[kMaxRank] = {};
  int64_t elements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i)
      n *= d[i];
    return n;
  }
};
/// Shape of the local slice, from its decl (rows replace the mapped dim).
Dims localDims(const LocalSlice &s);
/// An operand as a rows.* codelet reads it against result `out`: its local
/// dims and data, where a replicated operand that has the result's full
/// dim 0 (and rank) is viewed at the result's rows [begin, begin + rows).
struct View {
  const uint8_t *data = nullptr;
  Dims dims;
};
View rowView(const LocalSlice &s, const LocalSlice &out);

template <typename T> const T *ptr(const LocalSlice &s) {
  return reinterpret_cast<const T *>(s.data);
}
template <typename T> T *mptr(const LocalSlice &s) {
  return reinterpret_cast<T *>(s.data);
}

/// Reads element 0 of a rank-0 integer slice (i32 or i64) as int64.
int64_t scalarInt(const LocalSlice &s);

/// Calls f(T{}) with T the C++ element type of dtype (uint8_t for i1).
template <typename F> decltype(auto) dispatchType(DType dtype, F &&f) {
  switch (dtype) {
  case DType::kI32:
    return f(int32_t{});
  case DType::kI64:
    return f(int64_t{});
  case DType::kBool:
    return f(uint8_t{});
  case DType::kF32:
    break;
  }
  return f(float{});
}

//===-- Broadcasting walker ---------------------------------------------===//

/// The output walked as runs of contiguous elements; each operand advances
/// by 0 or 1 element per output element inside a run (dims coalesced).
template <int N> struct Broadcast {
  int rank = 0;
  int64_t shape[kMaxRank] = {};
  int64_t stride[N][kMaxRank] = {};
  int64_t total = 0;
};

template <int N>
absl::Status makeBroadcast(const char *cn, const Dims &out,
                           const Dims *const (&ins)[N], Broadcast<N> &b) {
  b = Broadcast<N>();
  int r = out.rank;
  int64_t st[N][kMaxRank] = {};
  for (int k = 0; k < N; ++k) {
    const Dims &in = *ins[k];
    if (in.rank > r)
      return invalid(absl::StrCat(cn, ": operand ", k, " has rank ", in.rank,
                                  " but the result has rank ", r));
    int64_t s = 1;
    for (int i = 0; i < in.rank; ++i) {
      int ia = in.rank - 1 - i, oa = r - 1 - i;
      if (in.d[ia] == out.d[oa])
        st[k][oa] = in.d[ia] == 1 ? 0 : s;
      else if (in.d[ia] == 1)
        st[k][oa] = 0;
      else
        return invalid(absl::StrCat(
            cn, ": local slice of operand ", k, " has size ", in.d[ia],
            " at axis ", ia, ", which does not broadcast to the result's ",
            out.d[oa]));
      s *= in.d[ia];
    }
  }
  b.total = out.elements();
  // Drop size-1 dims, then coalesce dims whose strides chain for every
  // operand.
  int64_t shp[kMaxRank];
  int64_t cst[N][kMaxRank];
  int n = 0;
  for (int i = 0; i < r; ++i) {
    if (out.d[i] == 1)
      continue;
    shp[n] = out.d[i];
    for (int k = 0; k < N; ++k)
      cst[k][n] = st[k][i];
    ++n;
  }
  if (n == 0) {
    shp[0] = 1;
    for (int k = 0; k < N; ++k)
      cst[k][0] = 0;
    n = 1;
  }
  int m = 0;
  b.shape[0] = shp[0];
  for (int k = 0; k < N; ++k)
    b.stride[k][0] = cst[k][0];
  for (int i = 1; i < n; ++i) {
    bool merge = true;
    for (int k = 0; k < N && merge; ++k)
      merge = b.stride[k][m] == cst[k][i] * shp[i];
    if (merge) {
      b.shape[m] *= shp[i];
      for (int k = 0; k < N; ++k)
        b.stride[k][m] = cst[k][i];
    } else {
      ++m;
      b.shape[m] = shp[i];
      for (int k = 0; k < N; ++k)
        b.stride[k][m] = cst[k][i];
    }
  }
  b.rank = m + 1;
  return absl::OkStatus();
}

/// Calls run(outOffset, offsets[N], length, innerStrides[N]) for each run.
template <int N, typename F> void forEachRun(const Broadcast<N> &b, F &&run) {
  if (b.total == 0)
    return;
  int inner = b.rank - 1;
  int64_t len = b.shape[inner];
  int64_t istr[N];
  for (int k = 0; k < N; ++k)
    istr[k] = b.stride[k][inner];
  int64_t coord[kMaxRank] = {};
  int64_t off[N] = {};
  for (int64_t o = 0; o < b.total; o += len) {
    run(o, static_cast<const int64_t *>(off), len,
        static_cast<const int64_t *>(istr));
    for (int d = inner - 1; d >= 0; --d) {
      ++coord[d];
      for (int k = 0; k < N; ++k)
        off[k] += b.stride[k][d];
      if (coord[d] < b.shape[d])
        break;
      for (int k = 0; k < N; ++k)
        off[k] -= b.stride[k][d] * b.shape[d];
      coord[d] = 0;
    }
  }
}

/// c[i] = f(a, b) over one run, with the stride patterns specialised so the
/// common cases vectorise.
template <typename TA, typename TB, typename TC, typename F>
inline void binaryRunLoop(const TA *a, int64_t sa, const TB *b, int64_t sb,
                          TC *c, int64_t n, F f) {
  if (sa == 1 && sb == 1) {
    for (int64_t i = 0; i < n; ++i)
      c[i] = f(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    const TB bv = b[0];
    for (int64_t i = 0; i < n; ++i)
      c[i] = f(a[i], bv);
  } else if (sa == 0 && sb == 1) {
    const TA av = a[0];
    for (int64_t i = 0; i < n; ++i)
      c[i] = f(av, b[i]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      c[i] = f(a[i * sa], b[i * sb]);
  }
}

//===-- Prepared instances (Codelet::prepare) ----------------------------===//

/// Builds a codelet whose instances run through a trivially copyable state
/// S: Prep(vertex, ins, outs, S&) derives it (shape-only facts and parsed
/// params, reporting what `run` reported before the loop), Exec(const S&,
/// ins, outs) runs the loop. `run` is Prep then Exec, so the direct and the
/// prepared paths share one body and give the same results and errors.
template <typename S> struct Prepared {
  static_assert(std::is_trivially_copyable_v<S> && alignof(S) <= 8,
                "a prepared state is raw bytes of 8-byte alignment");
  using PrepFn = absl::Status (*)(const Vertex &, Slices, Slices, S &);
  using ExecFn = absl::Status (*)(const S &, Slices, Slices);

  template <PrepFn Prep, ExecFn Exec>
  static absl::Status run(const Vertex &v, Slices ins, Slices outs) {
    S s{};
    if (absl::Status st = Prep(v, ins, outs, s); !st.ok())
      return st;
    return Exec(s, ins, outs);
  }
  template <PrepFn Prep, ExecFn Exec>
  static Codelet codelet(const char *name, int numIns, int numOuts,
                         decltype(Codelet::check) check,
                         decltype(Codelet::cycles) cycles) {
    Codelet c{name, numIns, numOuts, check, run<Prep, Exec>, cycles};
    c.stateBytes = sizeof(S);
    c.prepare = [](const Vertex &v, Slices ins, Slices outs, void *state) {
      return Prep(v, ins, outs, *::new (state) S{});
    };
    c.runPrepared = [](const void *state, Slices ins, Slices outs) {
      return Exec(*static_cast<const S *>(state), ins, outs);
    };
    return c;
  }
};

//===-- Costs ----------------------------------------------------------===//

//===-- Registration --------------------------------------------------===//

void addRowsCodelets(std::vector<Codelet> &out);
void addDenseCodelets(std::vector<Codelet> &out);
void addReduceCodelets(std::vector<Codelet> &out);
void addTrainCodelets(std::vector<Codelet> &out);
void addSerialCodelets(std::vector<Codelet> &out);
void addColumnCodelets(std::vector<Codelet> &out);
void addHaloCodelets(std::vector<Codelet> &out);

} // namespace gnnrt::sim::detail

#endif // GNNRT_LIB_SIM_CODELETSCOMMON_H
