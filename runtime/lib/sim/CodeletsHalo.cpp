//===- CodeletsHalo.cpp - Gathers and segment reductions over halos -------===//
//
// On a graph fixed at compile time the compiler plans an exact halo
// exchange (gnn-partition's halo_gather / halo_segment plans): every tile
// receives, into a halo buffer, the remote rows its result rows read. A tile then reads each row
// either from its own slice of the table or from its halo, named by one
// int32 ref: ref >= 0 is local row `ref`, ref < 0 is halo row `-ref - 1`.
//
//   halo.gather   [table], halo, refs -> out
//                 params: has_table (default 1; 0 on tiles that hold no
//                 rows of the table: every ref is then a halo ref)
//                 out row i = table row refs[i] or halo row -refs[i]-1;
//                 any dtype (a byte copy of the row)
//   halo.segment  [[source], source_halo], offsets, refs,
//                 [[mask], mask_halo] -> out (f32)
//                 params: reduce, has_source, has_mask, has_local (default
//                 1; 0 drops the local source and mask on tiles that hold
//                 none of the reduced rows)
//                 out row r reduces the entries k in
//                 [offsets[r], offsets[r+1]) of refs (a local CSR), k
//                 ascending, with the semantics of gnnrt::scatter (sum and
//                 mean from +0.0, max/min from the first contribution, NaN
//                 wins, mean divides by the count, a row with no
//                 contribution is 0), so it is bit-identical to the
//                 reference when the entries of each row are in the
//                 reference's row order.
//
//   halo.spmm     [table], halo, offsets, refs, weights -> out (f32)
//                 params: has_table (as halo.gather)
//                 out row r = sum over the entries k in [offsets[r],
//                 offsets[r+1]), k ascending, of weights[k] * (table row
//                 refs[k] or halo row -refs[k]-1): each product rounded to
//                 f32, added from +0.0, so it is bit-identical to the
//                 gather -> mul -> scatter-sum chain it fuses when the
//                 entries of each row are in edge order. weights is f32,
//                 laid out like refs.
//
// A table (table, halo, source, source_halo) is blocked on dim 0 or
// replicated, with the result's row shape either as [N, F...] (N rows) or
// as a per-tile buffer [T, H, F...] (T * H rows); a tile reads its local
// rows only. refs and offsets are i32, blocked on dim 0, read flat.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "CodeletsCommon.h"

namespace gnnrt::sim::detail {
namespace {

//===-- Shared checks -----------------------------------------------------===//

/// `t` holds rows shaped like the result's rows (shape[1:] of `out`), as
/// [N, F...] or [T, H, F...], blocked on dim 0 or replicated.
absl::Status requireRowTable(const char *cn, const char *role,
                             const TensorDecl *t, const TensorDecl *out) {
  if (absl::Status s = requireMinRank(cn, role, t, 1); !s.ok())
    return s;
  if (!t->mapping.replicated && t->mapping.dim != 0)
    return invalid(absl::StrCat(cn, ": ", role, " '", t->name,
                                "' must be blocked on dim 0 or replicated, "
                                "but it is blocked on dim ",
                                t->mapping.dim));
  size_t rank = out->shape.size();
  size_t lead = t->shape.size() == rank       ? 1
                : t->shape.size() == rank + 1 ? 2
                                              : 0;
  if (lead == 0 || !std::equal(t->shape.begin() + lead, t->shape.end(),
                               out->shape.begin() + 1, out->shape.end())) {
    Shape row(out->shape.begin() + 1, out->shape.end());
    return invalid(absl::StrCat(
        cn, ": ", role, " '", t->name, "' has shape ", shapeToString(t->shape),
        ", expected rows of ", shapeToString(row),
        " as [N, ...] or [T, H, ...] (like result '", out->name, "')"));
  }
  return absl::OkStatus();
}

/// Rows of a table slice (see requireRowTable) on this tile.
int64_t tableRows(const LocalSlice &s, const LocalSlice &out) {
  return s.decl->shape.size() > out.decl->shape.size()
             ? s.rows * s.decl->shape[1]
             : s.rows;
}

/// An i32 index array blocked on dim 0, read flat.
absl::Status requireIndexArray(const char *cn, const char *role,
                               const TensorDecl *t) {
  if (absl::Status s = requireRowBlocked(cn, role, t); !s.ok())
    return s;
  return requireDtype(cn, role, t, DType::kI32);
}

/// Where a ref points: local row `ref` (>= 0) or halo row `-ref - 1`.
struct RefTarget {
  bool halo;
  int64_t row;
};
inline RefTarget target(int32_t ref) {
  return ref < 0 ? RefTarget{true, -static_cast<int64_t>(ref) - 1}
                 : RefTarget{false, ref};
}

/// The error of a ref out of range, naming the codelet, the entry, the
/// global out row and the bad value.
absl::Status refError(const char *cn, int32_t ref, int64_t entry,
                      int64_t outRow, int64_t localRows, int64_t haloRows) {
  RefTarget t = target(ref);
  return invalid(absl::StrCat(
      cn, ": ref ", ref, " at entry ", entry, " (out row ", outRow,
      ") is out of range: ",
      t.halo ? absl::StrCat("halo row ", t.row, " but the halo slice has ",
                            haloRows, " rows (refs -1..-", haloRows, ")")
             : absl::StrCat("local row ", t.row, " but the local slice has ",
                            localRows, " rows (refs 0..", localRows - 1, ")")));
}

/// Checks the refs of local out rows [0, rows) before anything is written:
/// row r's entries are [offsets[r], offsets[r + 1]), or entry r alone
/// without offsets (a gather). Range tests inline; only an error builds a
/// status.
absl::Status checkRefs(const char *cn, const int32_t *ref,
                       const int32_t *offsets, int64_t rows,
                       const LocalSlice &out, int64_t localRows,
                       int64_t haloRows) {
  for (int64_t r = 0; r < rows; ++r) {
    int64_t first = offsets ? offsets[r] : r;
    int64_t last = offsets ? offsets[r + 1] : r + 1;
    for (int64_t k = first; k < last; ++k) {
      int32_t v = ref[k];
      if (v >= 0 ? v < localRows : -static_cast<int64_t>(v) - 1 < haloRows)
        continue;
      return refError(cn, v, k, out.begin + r, localRows, haloRows);
    }
  }
  return absl::OkStatus();
}

//===-- halo.gather -------------------------------------------------------===//

constexpr const char *kGather = "halo.gather";

/// With has_table = 0 (a tile that holds no rows of the table) the operands
/// start at the halo and every ref is a halo ref.
absl::Status tableFlag(const char *cn, const Vertex &v, bool &hasTable) {
  if (absl::Status s = checkParam(cn, v, "has_table", ParamKind::kInt, false);
      !s.ok())
    return s;
  int64_t f = intOr(v.params, "has_table", 1);
  if (f != 0 && f != 1)
    return invalid(
        absl::StrCat(cn, ": param 'has_table' must be 0 or 1, got ", f));
  hasTable = f != 0;
  return absl::OkStatus();
}

/// The local CSR of a segment-like codelet: `rows` + 1 offsets, monotone,
/// within the `numRefs` local entries.
absl::Status checkCsr(const char *cn, const LocalSlice &offs, int64_t rows,
                      const LocalSlice &refs, const LocalSlice &out) {
  const int32_t *off = ptr<int32_t>(offs);
  const int64_t numRefs = refs.numElements();
  if (offs.numElements() < rows + 1)
    return invalid(absl::StrCat(cn, ": offsets '", offs.decl->name, "' has ",
                                offs.numElements(), " local entries, ",
                                rows + 1, " needed (local result rows + 1)"));
  if (off[0] < 0)
    return invalid(absl::StrCat(cn, ": offsets[0] = ", off[0], " is negative"));
  for (int64_t r = 0; r < rows; ++r)
    if (off[r + 1] < off[r])
      return invalid(absl::StrCat(cn, ": offsets are not monotone: offsets[", r,
                                  "] = ", off[r], " > offsets[", r + 1, "] = ",
                                  off[r + 1], " (out row ", out.begin + r, ")"));
  if (off[rows] > numRefs)
    return invalid(absl::StrCat(
        cn, ": offsets[", rows, "] = ", off[rows], " exceeds the ", numRefs,
        " local entries of refs '", refs.decl->name, "'"));
  return absl::OkStatus();
}

absl::Status gatherCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = kGather;
  bool hasTable = true;
  if (absl::Status s = tableFlag(cn, v, hasTable); !s.ok())
    return s;
  size_t want = hasTable ? 3 : 2;
  if (ins.size() != want || outs.size() != 1)
    return invalid(absl::StrCat(cn, ": takes ", want, " inputs (",
                                hasTable ? "table, " : "",
                                "halo, refs) and 1 result, got ", ins.size(),
                                " and ", outs.size()));
  const TensorDecl *table = hasTable ? ins[0] : nullptr,
                   *halo = ins[want - 2], *refs = ins[want - 1],
                   *out = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", out); !s.ok())
    return s;
  if (table) {
    if (absl::Status s = requireRowTable(cn, "table", table, out); !s.ok())
      return s;
    if (absl::Status s = requireSameDtype(cn, table, out); !s.ok())
      return s;
  }
  if (absl::Status s = requireRowTable(cn, "halo", halo, out); !s.ok())
    return s;
  if (absl::Status s = requireIndexArray(cn, "refs", refs); !s.ok())
    return s;
  if (absl::Status s = requireSameDtype(cn, halo, out); !s.ok())
    return s;
  return requireNoAlias(cn, ins, outs);
}

absl::Status gatherRun(const Vertex &v, Slices ins, Slices outs) {
  bool hasTable = true;
  if (absl::Status s = tableFlag(kGather, v, hasTable); !s.ok())
    return s;
  const size_t n = hasTable ? 3 : 2;
  if (ins.size() != n)
    return invalid(absl::StrCat(kGather, ": takes ", n, " inputs, got ",
                                ins.size()));
  const LocalSlice &halo = ins[n - 2], &refs = ins[n - 1], &o = outs[0];
  if (refs.numElements() != o.rows)
    return invalid(absl::StrCat(kGather, ": refs '", refs.decl->name, "' has ",
                                refs.numElements(),
                                " local entries but result '", o.decl->name,
                                "' has ", o.rows, " local rows"));
  const int64_t rowBytes = o.rowElements * dtypeSize(o.decl->dtype);
  const int64_t localRows = hasTable ? tableRows(ins[0], o) : 0,
                haloRows = tableRows(halo, o);
  const uint8_t *table = hasTable ? ins[0].data : nullptr;
  const int32_t *ref = ptr<int32_t>(refs);
  if (absl::Status s = checkRefs(kGather, ref, nullptr, o.rows, o, localRows,
                                 haloRows);
      !s.ok())
    return s;
  for (int64_t i = 0; i < o.rows; ++i) {
    RefTarget t = target(ref[i]);
    const uint8_t *src = (t.halo ? halo.data : table) + t.row * rowBytes;
    std::memcpy(o.data + i * rowBytes, src, static_cast<size_t>(rowBytes));
  }
  return absl::OkStatus();
}

int64_t gatherCost(const TargetModel &t, const CostParams &p, Slices,
                   Slices outs) {
  return gatherCycles(t, p, outs[0].rows,
                      outs[0].rowElements * dtypeSize(outs[0].decl->dtype));
}

//===-- halo.segment ------------------------------------------------------===//

constexpr const char *kSegment = "halo.segment";

/// The params and the positions of the operands in `ins` (-1: absent).
struct SegmentArgs {
  ReduceKind kind = ReduceKind::kSum;
  /// has_local = 0: a tile that holds none of the reduced rows; the local
  /// source and mask operands are absent and every ref is a halo ref.
  bool hasSource = true, hasMask = false, hasLocal = true;
  int source = -1, sourceHalo = -1, offsets = 0, refs = 1, mask = -1,
      maskHalo = -1;
  size_t numIns = 2;
};

absl::Status flagParam(const Vertex &v, const char *key, bool def, bool &out) {
  if (absl::Status s = checkParam(kSegment, v, key, ParamKind::kInt, false);
      !s.ok())
    return s;
  int64_t f = intOr(v.params, key, def ? 1 : 0);
  if (f != 0 && f != 1)
    return invalid(
        absl::StrCat(kSegment, ": param '", key, "' must be 0 or 1, got ", f));
  out = f != 0;
  return absl::OkStatus();
}

absl::Status segmentArgs(const Vertex &v, SegmentArgs &a) {
  if (absl::Status s = checkEnumParam(kSegment, v, "reduce",
                                      {"sum", "mean", "max", "min"}, true);
      !s.ok())
    return s;
  parseReduce(paramStringRef(v.params, "reduce"), a.kind);
  if (absl::Status s = flagParam(v, "has_source", true, a.hasSource); !s.ok())
    return s;
  if (absl::Status s = flagParam(v, "has_mask", false, a.hasMask); !s.ok())
    return s;
  if (absl::Status s = flagParam(v, "has_local", true, a.hasLocal); !s.ok())
    return s;
  int i = 0;
  if (a.hasSource) {
    a.source = a.hasLocal ? i++ : -1;
    a.sourceHalo = i++;
  }
  a.offsets = i++;
  a.refs = i++;
  if (a.hasMask) {
    a.mask = a.hasLocal ? i++ : -1;
    a.maskHalo = i++;
  }
  a.numIns = static_cast<size_t>(i);
  return absl::OkStatus();
}

/// A mask over the rows of `source` (bool, shaped like its row dims and
/// mapped like it), or, without a source, a bool [N] or [T, H].
absl::Status requireMask(const char *role, const TensorDecl *mask,
                         const TensorDecl *source, const TensorDecl *out) {
  const char *cn = kSegment;
  if (absl::Status s = requireDtype(cn, role, mask, DType::kBool); !s.ok())
    return s;
  if (!source) {
    if (mask->shape.size() != 1 && mask->shape.size() != 2)
      return invalid(absl::StrCat(cn, ": ", role, " '", mask->name,
                                  "' has shape ", shapeToString(mask->shape),
                                  ", expected [N] or [T, H]"));
    if (!mask->mapping.replicated && mask->mapping.dim != 0)
      return invalid(absl::StrCat(cn, ": ", role, " '", mask->name,
                                  "' must be blocked on dim 0 or replicated"));
    return absl::OkStatus();
  }
  size_t lead = source->shape.size() > out->shape.size() ? 2 : 1;
  Shape want(source->shape.begin(), source->shape.begin() + lead);
  const Mapping &m = mask->mapping, &sm = source->mapping;
  if (mask->shape != want || m.replicated != sm.replicated ||
      (!m.replicated &&
       (m.dim != 0 || m.block != sm.block || m.tiles.first != sm.tiles.first)))
    return invalid(absl::StrCat(
        cn, ": ", role, " '", mask->name, "' (", shapeToString(mask->shape),
        ") must have one entry per row of '", source->name, "' (",
        shapeToString(want), ") and be mapped like it"));
  return absl::OkStatus();
}

absl::Status segmentCheck(const Vertex &v, const Decls &ins,
                          const Decls &outs) {
  const char *cn = kSegment;
  SegmentArgs a;
  if (absl::Status s = segmentArgs(v, a); !s.ok())
    return s;
  if (absl::Status s = checkCount(cn, "inputs", ins.size(), a.numIns, a.numIns);
      !s.ok())
    return invalid(absl::StrCat(
        s.message(), " (", a.hasSource ? "source, source_halo, " : "",
        "offsets, refs", a.hasMask ? ", mask, mask_halo" : "", ")"));
  if (absl::Status s = checkCount(cn, "results", outs.size(), 1, 1); !s.ok())
    return s;
  const TensorDecl *out = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", out); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "result", out, DType::kF32); !s.ok())
    return s;
  if (absl::Status s = requireIndexArray(cn, "offsets", ins[a.offsets]);
      !s.ok())
    return s;
  if (absl::Status s = requireIndexArray(cn, "refs", ins[a.refs]); !s.ok())
    return s;
  const TensorDecl *source = nullptr, *sourceHalo = nullptr;
  if (a.hasSource) {
    source = a.hasLocal ? ins[a.source] : nullptr;
    sourceHalo = ins[a.sourceHalo];
    if (source)
      if (absl::Status s = requireRowTable(cn, "source", source, out); !s.ok())
        return s;
    if (absl::Status s = requireRowTable(cn, "source_halo", sourceHalo, out);
        !s.ok())
      return s;
    if (source)
      if (absl::Status s = requireDtype(cn, "source", source, DType::kF32);
          !s.ok())
        return s;
    if (absl::Status s =
            requireDtype(cn, "source_halo", sourceHalo, DType::kF32);
        !s.ok())
      return s;
  }
  if (a.hasMask) {
    if (a.hasLocal)
      if (absl::Status s = requireMask("mask", ins[a.mask], source, out);
          !s.ok())
        return s;
    if (absl::Status s =
            requireMask("mask_halo", ins[a.maskHalo], sourceHalo, out);
        !s.ok())
      return s;
  }
  return requireNoAlias(cn, ins, outs);
}

absl::Status segmentRun(const Vertex &v, Slices ins, Slices outs) {
  const char *cn = kSegment;
  SegmentArgs a;
  if (absl::Status s = segmentArgs(v, a); !s.ok())
    return s;
  if (ins.size() != a.numIns)
    return invalid(
        absl::StrCat(cn, ": takes ", a.numIns, " inputs, got ", ins.size()));
  const LocalSlice &o = outs[0], &offs = ins[a.offsets], &refs = ins[a.refs];
  const int64_t rows = o.rows, width = o.rowElements;
  if (rows == 0)
    return absl::OkStatus();

  if (absl::Status s = checkCsr(cn, offs, rows, refs, o); !s.ok())
    return s;
  const int32_t *off = ptr<int32_t>(offs);

  // What a ref may address: the source rows, else the mask entries, else
  // anything (an unmasked count reads no ref).
  const float *src = nullptr, *srcHalo = nullptr;
  const uint8_t *mask = nullptr, *maskHalo = nullptr;
  int64_t localRows = std::numeric_limits<int64_t>::max(),
          haloRows = std::numeric_limits<int64_t>::max();
  if (a.hasSource) {
    src = a.hasLocal ? ptr<float>(ins[a.source]) : nullptr;
    srcHalo = ptr<float>(ins[a.sourceHalo]);
    localRows = a.hasLocal ? tableRows(ins[a.source], o) : 0;
    haloRows = tableRows(ins[a.sourceHalo], o);
  }
  if (a.hasMask) {
    const LocalSlice &mh = ins[a.maskHalo];
    int64_t maskLocal = a.hasLocal ? ins[a.mask].numElements() : 0;
    mask = a.hasLocal ? ptr<uint8_t>(ins[a.mask]) : nullptr;
    maskHalo = ptr<uint8_t>(mh);
    if (a.hasSource &&
        (maskLocal != localRows || mh.numElements() != haloRows))
      return invalid(
          absl::StrCat(cn, ": masks have ", maskLocal, " local and ",
                       mh.numElements(), " halo entries but the source has ",
                       localRows, " local and ", haloRows, " halo rows"));
    localRows = maskLocal;
    haloRows = mh.numElements();
  } else if (!a.hasLocal) {
    localRows = 0;
  }
  const bool readsRefs = a.hasSource || a.hasMask;
  const int32_t *ref = ptr<int32_t>(refs);
  if (readsRefs)
    if (absl::Status s = checkRefs(cn, ref, off, rows, o, localRows, haloRows);
        !s.ok())
      return s;

  float *dst = mptr<float>(o);
  for (int64_t r = 0; r < rows; ++r) {
    float *acc = dst + r * width;
    int64_t count = 0;
    // Without a source every contribution is 1.0: `ones` is their f32 sum.
    float ones = 0.0f;
    if (a.kind == ReduceKind::kSum || a.kind == ReduceKind::kMean)
      std::fill_n(acc, width, 0.0f);
    for (int64_t k = off[r]; k < off[r + 1]; ++k) {
      RefTarget t = readsRefs ? target(ref[k]) : RefTarget{false, 0};
      if (a.hasMask && !(t.halo ? maskHalo : mask)[t.row])
        continue;
      bool first = count == 0;
      ++count;
      if (!a.hasSource) {
        ones += 1.0f;
        continue;
      }
      const float *in = (t.halo ? srcHalo : src) + t.row * width;
      // The expressions of gnnrt::scatter.
      switch (a.kind) {
      case ReduceKind::kSum:
      case ReduceKind::kMean:
        for (int64_t j = 0; j < width; ++j)
          acc[j] += in[j];
        break;
      case ReduceKind::kMax:
        for (int64_t j = 0; j < width; ++j)
          if (first || in[j] > acc[j] || std::isnan(in[j]))
            acc[j] = in[j];
        break;
      case ReduceKind::kMin:
        for (int64_t j = 0; j < width; ++j)
          if (first || in[j] < acc[j] || std::isnan(in[j]))
            acc[j] = in[j];
        break;
      }
    }
    if (count == 0) {
      std::fill_n(acc, width, 0.0f);
      continue;
    }
    if (!a.hasSource) {
      float value = a.kind == ReduceKind::kSum ? ones
                    : a.kind == ReduceKind::kMean
                        ? ones / static_cast<float>(count)
                        : 1.0f;
      std::fill_n(acc, width, value);
      continue;
    }
    if (a.kind == ReduceKind::kMean)
      for (int64_t j = 0; j < width; ++j)
        acc[j] /= static_cast<float>(count);
  }
  return absl::OkStatus();
}

int64_t segmentCost(const TargetModel &t, const CostParams &p, Slices ins,
                    Slices outs) {
  // The cost sees no params and no data: the source is present when the
  // first operand is f32; offsets and refs are the first two i32 operands;
  // the entries are bounded by the refs slice's capacity.
  const bool hasSource = !ins.empty() && ins[0].decl->dtype == DType::kF32;
  const LocalSlice &o = outs[0];
  size_t refsAt = ins.size() - 1;
  for (size_t i = 0, seen = 0; i < ins.size(); ++i)
    if (ins[i].decl->dtype == DType::kI32 && ++seen == 2) {
      refsAt = i;
      break;
    }
  const LocalSlice &refs = ins[refsAt];
  const int64_t rowBytes = o.rowElements * 4;
  // A tile without result rows reads nothing (it pays the overhead only).
  const int64_t entries = o.rows == 0 ? 0 : refs.numElements();
  // One read-modify-write of the accumulator per entry (a counter without a
  // source), then per output row its offsets, count and a pass over it.
  return scatterCycles(t, p, entries, hasSource ? rowBytes : 4) +
         gatherCycles(t, p, o.rows, rowBytes) - p.vertexOverheadCycles;
}

//===-- halo.spmm ---------------------------------------------------------===//

constexpr const char *kSpmm = "halo.spmm";

absl::Status spmmCheck(const Vertex &v, const Decls &ins, const Decls &outs) {
  const char *cn = kSpmm;
  bool hasTable = true;
  if (absl::Status s = tableFlag(cn, v, hasTable); !s.ok())
    return s;
  size_t want = hasTable ? 5 : 4;
  if (ins.size() != want || outs.size() != 1)
    return invalid(absl::StrCat(cn, ": takes ", want, " inputs (",
                                hasTable ? "table, " : "",
                                "halo, offsets, refs, weights) and 1 result, "
                                "got ",
                                ins.size(), " and ", outs.size()));
  const TensorDecl *halo = ins[want - 4], *offsets = ins[want - 3],
                   *refs = ins[want - 2], *weights = ins[want - 1],
                   *out = outs[0];
  if (absl::Status s = requireRowBlocked(cn, "result", out); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "result", out, DType::kF32); !s.ok())
    return s;
  for (const TensorDecl *t : {hasTable ? ins[0] : halo, halo}) {
    if (absl::Status s = requireRowTable(cn, "table", t, out); !s.ok())
      return s;
    if (absl::Status s = requireDtype(cn, "table", t, DType::kF32); !s.ok())
      return s;
  }
  if (absl::Status s = requireIndexArray(cn, "offsets", offsets); !s.ok())
    return s;
  if (absl::Status s = requireIndexArray(cn, "refs", refs); !s.ok())
    return s;
  if (absl::Status s = requireRowBlocked(cn, "weights", weights); !s.ok())
    return s;
  if (absl::Status s = requireDtype(cn, "weights", weights, DType::kF32);
      !s.ok())
    return s;
  const Mapping &wm = weights->mapping, &rm = refs->mapping;
  if (weights->shape != refs->shape || wm.block != rm.block ||
      wm.tiles.first != rm.tiles.first || wm.tiles.count != rm.tiles.count)
    return invalid(absl::StrCat(cn, ": weights '", weights->name, "' (",
                                shapeToString(weights->shape),
                                ") must be shaped and mapped like refs '",
                                refs->name, "' (", shapeToString(refs->shape),
                                ")"));
  return requireNoAlias(cn, ins, outs);
}

/// What an instance's shapes and params fix (Codelet::prepare): a tile's
/// spmm is a few dozen entries, so parsing params and slices every run
/// would cost as much as the sums.
struct SpmmState {
  bool hasTable = true;
  int64_t localRows = 0, numHalo = 0;
};

absl::Status spmmPrepare(const Vertex &v, Slices ins, Slices outs,
                         SpmmState &s) {
  const char *cn = kSpmm;
  if (absl::Status st = tableFlag(cn, v, s.hasTable); !st.ok())
    return st;
  const size_t n = s.hasTable ? 5 : 4;
  if (ins.size() != n)
    return invalid(absl::StrCat(cn, ": takes ", n, " inputs, got ", ins.size()));
  const LocalSlice &refs = ins[n - 2], &weights = ins[n - 1];
  if (weights.numElements() != refs.numElements())
    return invalid(absl::StrCat(cn, ": weights '", weights.decl->name, "' has ",
                                weights.numElements(), " local entries but refs '",
                                refs.decl->name, "' has ", refs.numElements()));
  s.localRows = s.hasTable ? tableRows(ins[0], outs[0]) : 0;
  s.numHalo = tableRows(ins[n - 4], outs[0]);
  return absl::OkStatus();
}

absl::Status spmmExec(const SpmmState &s, Slices ins, Slices outs) {
  const char *cn = kSpmm;
  const size_t n = s.hasTable ? 5 : 4;
  const LocalSlice &halo = ins[n - 4], &offs = ins[n - 3], &refs = ins[n - 2],
                   &weights = ins[n - 1], &o = outs[0];
  const int64_t rows = o.rows, width = o.rowElements;
  if (rows == 0)
    return absl::OkStatus();
  // The CSR and the refs are data: checked on every run, before any write.
  if (absl::Status st = checkCsr(cn, offs, rows, refs, o); !st.ok())
    return st;
  const int32_t *off = ptr<int32_t>(offs), *ref = ptr<int32_t>(refs);
  if (absl::Status st =
          checkRefs(cn, ref, off, rows, o, s.localRows, s.numHalo);
      !st.ok())
    return st;
  const float *w = ptr<float>(weights);
  const float *table = s.hasTable ? ptr<float>(ins[0]) : nullptr,
              *haloRows = ptr<float>(halo);
  float *dst = mptr<float>(o);
  for (int64_t r = 0; r < rows; ++r) {
    float *acc = dst + r * width;
    std::fill_n(acc, width, 0.0f);
    for (int64_t k = off[r]; k < off[r + 1]; ++k) {
      RefTarget t = target(ref[k]);
      const float *in = (t.halo ? haloRows : table) + t.row * width;
      const float wk = w[k];
      // Rounded product, then the sum: the unfused chain's two roundings.
      for (int64_t j = 0; j < width; ++j) {
        const float product = in[j] * wk;
        acc[j] += product;
      }
    }
  }
  return absl::OkStatus();
}

int64_t spmmCost(const TargetModel &t, const CostParams &p, Slices ins,
                 Slices outs) {
  const LocalSlice &o = outs[0], &refs = ins[ins.size() - 2];
  const int64_t rowBytes = o.rowElements * 4;
  const int64_t entries = o.rows == 0 ? 0 : refs.numElements();
  // A segment sum over the entries plus one multiply per element read, then
  // a pass over each output row.
  return scatterCycles(t, p, entries, rowBytes) +
         elementwiseCycles(t, p, DType::kF32, entries * o.rowElements) +
         gatherCycles(t, p, o.rows, rowBytes) - 2 * p.vertexOverheadCycles;
}

} // namespace

void addHaloCodelets(std::vector<Codelet> &out) {
  out.push_back({"halo.gather", kVariadicArity, 1, gatherCheck, gatherRun,
                 gatherCost});
  out.push_back({"halo.segment", kVariadicArity, 1, segmentCheck, segmentRun,
                 segmentCost});
  out.push_back(Prepared<SpmmState>::codelet<spmmPrepare, spmmExec>(
      "halo.spmm", kVariadicArity, 1, spmmCheck, spmmCost));
}

} // namespace gnnrt::sim::detail
