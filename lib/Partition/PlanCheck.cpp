//===- PlanCheck.cpp - Re-derive what exchange plans deliver --------------===//
#include "gnnc/Partition/PlanCheck.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"

namespace gnnc::partition {
namespace {

/// A set of indices as sorted, merged half-open intervals.
class IntervalSet {
public:
  void add(int64_t begin, int64_t end) {
    if (begin < end)
      pending.push_back({begin, end});
  }
  void finish() {
    std::sort(pending.begin(), pending.end(),
              [](const IndexRange &a, const IndexRange &b) {
                return a.begin < b.begin;
              });
    for (const IndexRange &r : pending)
      if (!merged.empty() && r.begin <= merged.back().end)
        merged.back().end = std::max(merged.back().end, r.end);
      else
        merged.push_back(r);
    pending.clear();
  }
  /// Whether all of [begin, end) is in the set (true when empty).
  bool covers(int64_t begin, int64_t end) const {
    if (begin >= end)
      return true;
    auto it = std::upper_bound(
        merged.begin(), merged.end(), begin,
        [](int64_t v, const IndexRange &r) { return v < r.begin; });
    if (it == merged.begin())
      return false;
    --it;
    return it->begin <= begin && end <= it->end;
  }
  bool contains(int64_t i) const { return covers(i, i + 1); }

private:
  std::vector<IndexRange> pending, merged;
};

std::string copyText(const char *what, const RangeCopy &c) {
  return absl::StrCat(what, " copy tile ", c.fromTile, " -> tile ", c.toTile,
                      " [", c.begin, ", ", c.end, ")");
}

} // namespace

absl::Status checkHaloPlan(const Graph &graph,
                           absl::Span<const int32_t> nodeTile,
                           const HaloPlan &plan) {
  const int64_t T = plan.numTiles;
  if (static_cast<int64_t>(plan.offsets.size()) != T + 1 ||
      plan.offsets.back() != plan.totalRows() ||
      plan.fromTile.size() != plan.rows.size())
    return absl::InternalError("halo plan: malformed offsets");
  std::set<std::pair<int32_t, int64_t>> received; // (tile, row)
  std::vector<int64_t> bytesIn(T, 0), bytesOut(T, 0);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = plan.offsets[t]; i < plan.offsets[t + 1]; ++i) {
      const int64_t row = plan.rows[i];
      const int32_t from = plan.fromTile[i];
      if (row < 0 || row >= graph.numNodes || nodeTile[row] != from)
        return absl::InternalError(absl::StrCat(
            "halo plan: tile ", t, " receives row ", row, " from tile ", from,
            ", which does not own it"));
      if (from == t)
        return absl::InternalError(absl::StrCat(
            "halo plan: tile ", t, " receives its own row ", row));
      if (!received.insert({static_cast<int32_t>(t), row}).second)
        return absl::InternalError(absl::StrCat(
            "halo plan: tile ", t, " receives row ", row, " twice"));
      bytesIn[t] += plan.rowBytes;
      bytesOut[from] += plan.rowBytes;
    }
  std::set<std::pair<int32_t, int64_t>> used;
  for (int64_t e = 0; e < graph.numEdges(); ++e) {
    const int32_t to = nodeTile[graph.dst[e]];
    if (nodeTile[graph.src[e]] == to)
      continue;
    if (!received.count({to, graph.src[e]}))
      return absl::InternalError(absl::StrCat(
          "halo plan: tile ", to, " lacks row ", graph.src[e],
          " needed by edge ", e, " (", graph.src[e], " -> ", graph.dst[e],
          ")"));
    used.insert({to, graph.src[e]});
  }
  for (const auto &[t, row] : received)
    if (!used.count({t, row}))
      return absl::InternalError(absl::StrCat("halo plan: tile ", t,
                                              " receives row ", row,
                                              " that no edge on it reads"));
  if (bytesIn != plan.bytesIn || bytesOut != plan.bytesOut)
    return absl::InternalError("halo plan: byte counts do not match the rows");
  return absl::OkStatus();
}

absl::Status checkGatherPlan(const GatherPlan &plan,
                             absl::Span<const int64_t> index) {
  const int64_t T = plan.numTiles;
  if (static_cast<int64_t>(index.size()) != plan.numLookups)
    return absl::InvalidArgumentError(
        absl::StrCat("gather check: ", index.size(), " indices for a plan of ",
                     plan.numLookups, " lookups"));
  for (size_t e = 0; e < index.size(); ++e)
    if (index[e] < 0 || index[e] >= plan.numRows)
      return absl::InvalidArgumentError(
          absl::StrCat("gather check: index ", e, " is ", index[e],
                       ", outside the table's ", plan.numRows, " rows"));
  // Phase 1: sources may only send what they hold at home.
  std::vector<IntervalSet> rows(T), indices(T);
  for (int64_t t = 0; t < T; ++t) {
    rows[t].add(plan.tableHome.begin(t), plan.tableHome.end(t));
    indices[t].add(plan.lookupHome.begin(t), plan.lookupHome.end(t));
  }
  for (const RangeCopy &c : plan.tableCopies) {
    if (c.begin < plan.tableHome.begin(c.fromTile) ||
        c.end > plan.tableHome.end(c.fromTile))
      return absl::InternalError(absl::StrCat(
          "gather check: ", copyText("table", c), " sends rows its source "
          "does not hold"));
    rows[c.toTile].add(c.begin, c.end);
  }
  for (const RangeCopy &c : plan.indexCopies) {
    if (c.begin < plan.lookupHome.begin(c.fromTile) ||
        c.end > plan.lookupHome.end(c.fromTile))
      return absl::InternalError(absl::StrCat(
          "gather check: ", copyText("index", c), " sends indices its "
          "source does not hold"));
    indices[c.toTile].add(c.begin, c.end);
  }
  for (int64_t t = 0; t < T; ++t) {
    rows[t].finish();
    indices[t].finish();
    // The look-up reads its whole block and group.
    if (!rows[t].covers(plan.tableBlock[t].begin, plan.tableBlock[t].end))
      return absl::InternalError(absl::StrCat(
          "gather check: tile ", t, " looks up table rows [",
          plan.tableBlock[t].begin, ", ", plan.tableBlock[t].end,
          ") it does not hold after phase 1"));
    if (!indices[t].covers(plan.lookupGroup[t].begin, plan.lookupGroup[t].end))
      return absl::InternalError(absl::StrCat(
          "gather check: tile ", t, " scans indices [",
          plan.lookupGroup[t].begin, ", ", plan.lookupGroup[t].end,
          ") it does not hold after phase 1"));
  }
  // Phase 2: partials a tile computed, summed at the receiver.
  std::vector<std::vector<const RangeCopy *>> incoming(T);
  for (const RangeCopy &c : plan.partialCopies) {
    if (c.begin < plan.lookupGroup[c.fromTile].begin ||
        c.end > plan.lookupGroup[c.fromTile].end)
      return absl::InternalError(absl::StrCat(
          "gather check: ", copyText("partial", c), " sends partials its "
          "source never computed"));
    incoming[c.toTile].push_back(&c);
  }
  auto computes = [&](int64_t t, int64_t e) {
    return plan.lookupGroup[t].contains(e) &&
           plan.tableBlock[t].contains(index[e]);
  };
  for (int64_t e = 0; e < plan.numLookups; ++e) {
    const int64_t owner = plan.lookupHome.tileOf(e);
    int contributors = computes(owner, e);
    for (const RangeCopy *c : incoming[owner])
      if (c->begin <= e && e < c->end)
        contributors += computes(c->fromTile, e);
    if (contributors != 1)
      return absl::InternalError(absl::StrCat(
          "gather check: lookup ", e, " (row ", index[e], ") on tile ", owner,
          contributors == 0 ? " never receives its row"
                            : absl::StrCat(" sums ", contributors,
                                           " copies of its row")));
  }
  return absl::OkStatus();
}

} // namespace gnnc::partition
