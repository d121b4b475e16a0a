//===- IndexHalo.cpp - Exact exchanges for constant indices ---------------===//
#include "gnnc/Partition/IndexHalo.h"

#include <algorithm>

namespace gnnc::partition {

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
      appendRun(plan.runs, rows[s], t * plan.haloRows + static_cast<int64_t>(s));
  }
  return plan;
}

namespace {
/// The entries of a segment reduction grouped by out row, each row's in
/// index order (a stable counting sort): row r's are byRow[rowStart[r] ..
/// rowStart[r + 1]). Indices outside [0, rows) are left out.
struct EntriesByRow {
  std::vector<int64_t> rowStart, byRow;
};
EntriesByRow entriesByRow(const std::vector<int64_t> &index, int64_t rows) {
  EntriesByRow out;
  out.rowStart.assign(rows + 1, 0);
  for (int64_t i : index)
    if (i >= 0 && i < rows)
      ++out.rowStart[i + 1];
  for (int64_t r = 0; r < rows; ++r)
    out.rowStart[r + 1] += out.rowStart[r];
  out.byRow.resize(out.rowStart[rows]);
  std::vector<int64_t> next(out.rowStart.begin(), out.rowStart.end() - 1);
  for (int64_t e = 0; e < static_cast<int64_t>(index.size()); ++e)
    if (index[e] >= 0 && index[e] < rows)
      out.byRow[next[index[e]]++] = e;
  return out;
}
} // namespace

SegmentHalo planSegmentHalo(const std::vector<int64_t> &index,
                            BlockedRows source, BlockedRows out) {
  SegmentHalo plan;
  EntriesByRow grouped = entriesByRow(index, out.rows);
  const std::vector<int64_t> &rowCount = grouped.rowStart, &byRow = grouped.byRow;
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
      appendRun(plan.runs, remote[s], t * plan.haloRows + static_cast<int64_t>(s));
  }
  return plan;
}

std::optional<SpmmHalo> planSpmmHalo(const std::vector<int64_t> &src,
                                     const std::vector<int64_t> &dst,
                                     BlockedRows table, BlockedRows out) {
  if (src.size() != dst.size())
    return std::nullopt;
  for (int64_t i : src)
    if (i < 0 || i >= table.rows)
      return std::nullopt;
  SpmmHalo plan;
  EntriesByRow grouped = entriesByRow(dst, out.rows);
  const std::vector<int64_t> &rowStart = grouped.rowStart,
                             &byRow = grouped.byRow;
  // Per tile, its distinct remote table rows, ascending (its halo).
  std::vector<std::vector<int64_t>> remote(out.count);
  for (int64_t t = 0; t < out.count; ++t) {
    int64_t first = rowStart[out.begin(t)], last = rowStart[out.end(t)];
    plan.entries = std::max(plan.entries, last - first);
    std::vector<int64_t> &rows = remote[t];
    for (int64_t k = first; k < last; ++k)
      if (table.owner(src[byRow[k]]) != t)
        rows.push_back(src[byRow[k]]);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    plan.haloRows = std::max<int64_t>(plan.haloRows, rows.size());
    plan.remoteRows += rows.size();
  }
  plan.offsets.assign(out.count * (out.block + 1), 0);
  plan.refs.assign(out.count * plan.entries, 0);
  plan.edges.assign(out.count * plan.entries, -1);
  for (int64_t t = 0; t < out.count; ++t) {
    int32_t *offsets = plan.offsets.data() + t * (out.block + 1);
    int32_t *refs = plan.refs.data() + t * plan.entries;
    int64_t *edges = plan.edges.data() + t * plan.entries;
    int64_t first = rowStart[out.begin(t)], last = rowStart[out.end(t)];
    // Rows past the end of the tensor (a short last block) are empty.
    for (int64_t local = 0; local <= out.block; ++local) {
      int64_t r = std::min(out.begin(t) + local, out.end(t));
      offsets[local] = static_cast<int32_t>(rowStart[r] - first);
    }
    const std::vector<int64_t> &rows = remote[t];
    for (int64_t k = first; k < last; ++k) {
      int64_t e = byRow[k], row = src[e];
      edges[k - first] = e;
      if (table.owner(row) == t) {
        refs[k - first] = static_cast<int32_t>(row - table.begin(t));
        continue;
      }
      int64_t slot =
          std::lower_bound(rows.begin(), rows.end(), row) - rows.begin();
      refs[k - first] = static_cast<int32_t>(-slot - 1);
    }
    for (size_t s = 0; s < rows.size(); ++s)
      appendRun(plan.runs, rows[s], t * plan.haloRows + static_cast<int64_t>(s));
  }
  return plan;
}

} // namespace gnnc::partition
