//===- GatherPlan.cpp - Static gather for data-dependent indices ----------===//
#include "gnnc/Partition/GatherPlan.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnc::partition {
namespace {

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

IndexRange balancedBlock(int64_t n, int64_t parts, int64_t i) {
  int64_t base = n / parts, extra = n % parts;
  int64_t begin = i * base + std::min(i, extra);
  return {begin, begin + base + (i < extra)};
}

IndexRange intersect(IndexRange a, IndexRange b) {
  IndexRange r{std::max(a.begin, b.begin), std::min(a.end, b.end)};
  if (r.end < r.begin)
    r.end = r.begin;
  return r;
}

IndexRange homeRange(const RowBlockMapping &m, int64_t t) {
  return {m.begin(t), m.end(t)};
}

enum class CopyKind { kTable, kIndex, kPartial };

/// Calls f(kind, copy) for every copy of the plan with split S.
template <typename F>
void forEachCopy(const GatherPlan &p, F f) {
  const int64_t S = p.tableSplit;
  for (int64_t t = 0; t < p.numTiles; ++t) {
    const int64_t s = t % S, l = t / S;
    const IndexRange block = p.tableBlock[t];
    if (block.size() > 0) {
      int64_t h0 = p.tableHome.tileOf(block.begin);
      int64_t h1 = p.tableHome.tileOf(block.end - 1);
      for (int64_t h = h0; h <= h1; ++h) {
        IndexRange r = intersect(block, homeRange(p.tableHome, h));
        if (h != t && r.size() > 0)
          f(CopyKind::kTable, RangeCopy{static_cast<int32_t>(h),
                                        static_cast<int32_t>(t), r.begin,
                                        r.end});
      }
    }
    const IndexRange own = homeRange(p.lookupHome, t);
    for (int64_t s2 = 0; s2 < S; ++s2) {
      const int64_t h = l * S + s2;
      if (h == t)
        continue;
      IndexRange r = homeRange(p.lookupHome, h);
      if (r.size() > 0)
        f(CopyKind::kIndex, RangeCopy{static_cast<int32_t>(h),
                                      static_cast<int32_t>(t), r.begin, r.end});
      if (own.size() > 0)
        f(CopyKind::kPartial, RangeCopy{static_cast<int32_t>(h),
                                        static_cast<int32_t>(t), own.begin,
                                        own.end});
    }
    (void)s;
  }
}

/// Fills the geometry and costs of split S; stores the copies when asked.
GatherPlan buildPlan(int64_t numRows, int64_t rowBytes, int64_t numLookups,
                     int64_t indexBytes, const gnnrt::TargetModel &target,
                     int64_t S, bool storeCopies) {
  GatherPlan p;
  p.numTiles = target.totalTiles();
  p.numRows = numRows;
  p.rowBytes = rowBytes;
  p.numLookups = numLookups;
  p.indexBytes = indexBytes;
  p.tableSplit = S;
  p.lookupSplit = p.numTiles / S;
  p.tableHome = *mapRowBlocks(numRows, rowBytes, p.numTiles, kNoLimit);
  p.lookupHome =
      *mapRowBlocks(numLookups, rowBytes + indexBytes, p.numTiles, kNoLimit);
  p.tableBlock.resize(p.numTiles);
  p.lookupGroup.resize(p.numTiles);
  for (int64_t t = 0; t < p.numTiles; ++t) {
    const int64_t s = t % S, l = t / S;
    p.tableBlock[t] = balancedBlock(numRows, S, s);
    p.lookupGroup[t] = {p.lookupHome.begin(l * S),
                        p.lookupHome.end(l * S + S - 1)};
  }
  const int64_t T = p.numTiles;
  p.phase1In.assign(T, 0);
  p.phase1Out.assign(T, 0);
  p.phase2In.assign(T, 0);
  p.phase2Out.assign(T, 0);
  forEachCopy(p, [&](CopyKind kind, const RangeCopy &c) {
    const int64_t n = c.end - c.begin;
    switch (kind) {
    case CopyKind::kTable:
      p.phase1In[c.toTile] += n * rowBytes;
      p.phase1Out[c.fromTile] += n * rowBytes;
      if (storeCopies)
        p.tableCopies.push_back(c);
      break;
    case CopyKind::kIndex:
      p.phase1In[c.toTile] += n * indexBytes;
      p.phase1Out[c.fromTile] += n * indexBytes;
      if (storeCopies)
        p.indexCopies.push_back(c);
      break;
    case CopyKind::kPartial:
      p.phase2In[c.toTile] += n * rowBytes;
      p.phase2Out[c.fromTile] += n * rowBytes;
      if (storeCopies)
        p.partialCopies.push_back(c);
      break;
    }
  });
  // Peak without buffer reuse: home table rows, home indices and outputs,
  // everything received, and the partials for the group's other lookups.
  // Look-up cost after PopLibs' getMultiSliceCycleEstimate with every index
  // in range on one tile (the worst case), 4-byte elements two per cycle;
  // the phase-2 sum adds S-1 partials, 8 bytes per cycle.
  p.peakBytes.assign(T, 0);
  const int64_t workers = target.workersPerTile;
  for (int64_t t = 0; t < T; ++t) {
    const int64_t own = p.lookupHome.rows(t);
    const int64_t group = p.lookupGroup[t].size();
    p.peakBytes[t] = p.tableHome.rows(t) * rowBytes +
                     own * (rowBytes + indexBytes) + p.phase1In[t] +
                     (group - own) * rowBytes + p.phase2In[t];
    const int64_t perWorker = (group + workers - 1) / workers;
    const int64_t lookup =
        (30 + perWorker * (19 + 2 * ((rowBytes + 7) / 8))) * workers;
    const int64_t sum = (S - 1) * own * ((rowBytes + 7) / 8);
    p.computeCycles = std::max(p.computeCycles, lookup + sum);
  }
  const int64_t bpc = target.exchangeBytesPerCycle;
  p.exchangeCycles = (p.maxPhase1Bytes() + bpc - 1) / bpc +
                     (p.maxPhase2Bytes() + bpc - 1) / bpc;
  p.syncCycles = target.syncCycles * (S > 1 ? 2 : 1);
  return p;
}

int64_t maxOf(const std::vector<int64_t> &v) {
  return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

} // namespace

int64_t GatherPlan::maxPeakBytes() const { return maxOf(peakBytes); }
int64_t GatherPlan::maxPhase1Bytes() const {
  return std::max(maxOf(phase1In), maxOf(phase1Out));
}
int64_t GatherPlan::maxPhase2Bytes() const {
  return std::max(maxOf(phase2In), maxOf(phase2Out));
}

absl::StatusOr<GatherPlan> planGather(int64_t numRows, int64_t rowBytes,
                                      int64_t numLookups,
                                      const gnnrt::TargetModel &target,
                                      const GatherOptions &options) {
  if (absl::Status s = target.validate(); !s.ok())
    return s;
  if (numRows <= 0 || rowBytes <= 0 || numLookups < 0 ||
      options.indexBytes <= 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "gather plan: need a non-empty table, positive row and index bytes "
        "and lookups >= 0; got ",
        numRows, " rows of ", rowBytes, " bytes, ", numLookups,
        " lookups of ", options.indexBytes, "-byte indices"));
  if (!(options.availableMemoryProportion > 0.0 &&
        options.availableMemoryProportion <= 1.0))
    return absl::InvalidArgumentError(absl::StrCat(
        "gather plan: availableMemoryProportion is ",
        options.availableMemoryProportion, ", must be in (0, 1]"));
  const int64_t T = target.totalTiles();
  const int64_t limit = static_cast<int64_t>(
      options.availableMemoryProportion * target.bytesPerTile);
  std::vector<int64_t> splits;
  if (options.tableSplit != 0) {
    if (options.tableSplit < 0 || T % options.tableSplit != 0)
      return absl::InvalidArgumentError(absl::StrCat(
          "gather plan: tableSplit ", options.tableSplit,
          " must be a positive divisor of the ", T, " tiles"));
    splits.push_back(options.tableSplit);
  } else {
    for (int64_t S = 1; S <= T; ++S)
      if (T % S == 0)
        splits.push_back(S);
  }
  int64_t best = -1, bestCycles = 0, bestPeak = 0;
  int64_t leastPeak = -1, leastPeakTile = 0, leastPeakSplit = 0;
  for (int64_t S : splits) {
    GatherPlan p = buildPlan(numRows, rowBytes, numLookups, options.indexBytes,
                             target, S, /*storeCopies=*/false);
    const int64_t peak = p.maxPeakBytes();
    if (leastPeak < 0 || peak < leastPeak) {
      leastPeak = peak;
      leastPeakSplit = S;
      leastPeakTile = std::max_element(p.peakBytes.begin(), p.peakBytes.end()) -
                      p.peakBytes.begin();
    }
    if (peak > limit)
      continue;
    if (best < 0 || p.totalCycles() < bestCycles ||
        (p.totalCycles() == bestCycles && peak < bestPeak))
      best = S, bestCycles = p.totalCycles(), bestPeak = peak;
  }
  if (best < 0)
    return absl::ResourceExhaustedError(absl::StrFormat(
        "gather plan: %s: tile %d needs %d bytes (table split %d), over the "
        "limit of %d bytes (%g of %d bytes per tile); use more IPUs, a "
        "smaller batch (fewer lookups), or fewer bytes per row",
        splits.size() == 1 ? "the table split does not fit"
                           : "no table split fits",
        leastPeakTile, leastPeak, leastPeakSplit, limit,
        options.availableMemoryProportion, target.bytesPerTile));
  return buildPlan(numRows, rowBytes, numLookups, options.indexBytes, target,
                   best, /*storeCopies=*/true);
}

} // namespace gnnc::partition
