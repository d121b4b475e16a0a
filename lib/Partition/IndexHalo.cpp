//===- IndexHalo.cpp - Exact exchanges for constant indices ---------------===//
#include "gnnc/Partition/IndexHalo.h"

#include <algorithm>

namespace gnnc::partition {

namespace {
/// Appends the row run (from, to, 1), extending the previous run when both
/// sides continue it.
void addRun(std::vector<int64_t> &runs, int64_t from, int64_t to) {
  size_t n = runs.size();
  if (n >= 3 && runs[n - 3] + runs[n - 1] == from &&
      runs[n - 2] + runs[n - 1] == to) {
    ++runs[n - 1];
    return;
  }
  runs.insert(runs.end(), {from, to, 1});
}
} // namespace

std::optional<GatherHalo> planGatherHalo(const std::vector<int64_t> &index,
                                         BlockedRows table,
                                         BlockedRows lookups) {
  for (int64_t i : index)
    if (i < 0 || i >= table.rows)
      return std::nullopt;
  GatherHalo plan;
  plan.refs.assign(index.size(), 0);
  std::vector<std::vector<int64_t>> remote(lookups.count);
  for (int64_t t = 0; t < lookups.count; ++t) {
    std::vector<int64_t> &rows = remote[t];
    for (int64_t e = lookups.begin(t); e < lookups.end(t); ++e)
      if (table.owner(index[e]) != t)
        rows.push_back(index[e]);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    plan.haloRows = std::max<int64_t>(plan.haloRows, rows.size());
    plan.remoteRows += rows.size();
  }
  for (int64_t t = 0; t < lookups.count; ++t) {
    const std::vector<int64_t> &rows = remote[t];
    for (int64_t e = lookups.begin(t); e < lookups.end(t); ++e) {
      int64_t r = index[e];
      if (table.owner(r) == t) {
        plan.refs[e] = static_cast<int32_t>(r - table.begin(t));
        continue;
      }
      int64_t slot =
          std::lower_bound(rows.begin(), rows.end(), r) - rows.begin();
      plan.refs[e] = static_cast<int32_t>(-slot - 1);
    }
    for (size_t s = 0; s < rows.size(); ++s)
      addRun(plan.runs, rows[s], t * plan.haloRows + static_cast<int64_t>(s));
  }
  return plan;
}

SegmentHalo planSegmentHalo(const std::vector<int64_t> &index,
                            BlockedRows source, BlockedRows out) {
  SegmentHalo plan;
  // Entries per out tile in edge order, grouped by out row (a stable
  // counting sort by row).
  std::vector<int64_t> rowCount(out.rows + 1, 0);
  for (int64_t i : index)
    if (i >= 0 && i < out.rows)
      ++rowCount[i + 1];
  for (int64_t r = 0; r < out.rows; ++r)
    rowCount[r + 1] += rowCount[r];
  std::vector<int64_t> byRow(rowCount[out.rows]);
  {
    std::vector<int64_t> next(rowCount.begin(), rowCount.end() - 1);
    for (int64_t e = 0; e < static_cast<int64_t>(index.size()); ++e)
      if (index[e] >= 0 && index[e] < out.rows)
        byRow[next[index[e]]++] = e;
  }
  std::vector<int64_t> haloCount(out.count, 0);
  for (int64_t t = 0; t < out.count; ++t) {
    int64_t entries = rowCount[out.end(t)] - rowCount[out.begin(t)];
    plan.entries = std::max(plan.entries, entries);
    for (int64_t k = rowCount[out.begin(t)]; k < rowCount[out.end(t)]; ++k)
      if (source.owner(byRow[k]) != t)
        ++haloCount[t];
    plan.haloRows = std::max(plan.haloRows, haloCount[t]);
    plan.remoteRows += haloCount[t];
  }
  plan.offsets.assign(out.count * (out.block + 1), 0);
  plan.refs.assign(out.count * plan.entries, 0);
  for (int64_t t = 0; t < out.count; ++t) {
    int32_t *offsets = plan.offsets.data() + t * (out.block + 1);
    int32_t *refs = plan.refs.data() + t * plan.entries;
    int64_t first = rowCount[out.begin(t)];
    // Halo slots in edge order: the source rows come in ascending runs.
    std::vector<int64_t> remote;
    for (int64_t k = first; k < rowCount[out.end(t)]; ++k)
      if (source.owner(byRow[k]) != t)
        remote.push_back(byRow[k]);
    std::sort(remote.begin(), remote.end());
    for (int64_t r = out.begin(t); r < out.begin(t) + out.block; ++r) {
      int64_t local = r - out.begin(t);
      offsets[local] = static_cast<int32_t>(
          (r < out.end(t) ? rowCount[r] : rowCount[out.end(t)]) - first);
      if (r >= out.end(t))
        continue;
      for (int64_t k = rowCount[r]; k < rowCount[r + 1]; ++k) {
        int64_t e = byRow[k];
        if (source.owner(e) == t) {
          refs[k - first] = static_cast<int32_t>(e - source.begin(t));
        } else {
          int64_t slot = std::lower_bound(remote.begin(), remote.end(), e) -
                         remote.begin();
          refs[k - first] = static_cast<int32_t>(-slot - 1);
        }
      }
    }
    offsets[out.block] = static_cast<int32_t>(rowCount[out.end(t)] - first);
    for (size_t s = 0; s < remote.size(); ++s)
      addRun(plan.runs, remote[s], t * plan.haloRows + static_cast<int64_t>(s));
  }
  return plan;
}

} // namespace gnnc::partition
