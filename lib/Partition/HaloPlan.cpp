//===- HaloPlan.cpp - Exact halo exchange of a partitioned graph ----------===//
#include <algorithm>
#include <tuple>

#include "gnnc/Partition/GraphPartition.h"

namespace gnnc::partition {

int64_t HaloPlan::maxBytesIn() const {
  return bytesIn.empty() ? 0 : *std::max_element(bytesIn.begin(), bytesIn.end());
}

int64_t HaloPlan::maxBytesOut() const {
  return bytesOut.empty() ? 0
                          : *std::max_element(bytesOut.begin(), bytesOut.end());
}

int64_t HaloPlan::exchangeCycles(const gnnrt::TargetModel &target) const {
  int64_t busiest = std::max(maxBytesIn(), maxBytesOut());
  return (busiest + target.exchangeBytesPerCycle - 1) /
         target.exchangeBytesPerCycle;
}

HaloPlan planHalo(const Graph &graph, absl::Span<const int32_t> nodeTile,
                  int64_t numTiles, int64_t rowBytes) {
  // (destination tile, source tile, row) of every cut edge, deduplicated.
  struct Need {
    int32_t to, from;
    int64_t row;
    bool operator<(const Need &o) const {
      return std::tie(to, from, row) < std::tie(o.to, o.from, o.row);
    }
    bool operator==(const Need &o) const {
      return to == o.to && from == o.from && row == o.row;
    }
  };
  std::vector<Need> needs;
  for (int64_t e = 0; e < graph.numEdges(); ++e) {
    int32_t from = nodeTile[graph.src[e]], to = nodeTile[graph.dst[e]];
    if (from != to)
      needs.push_back({to, from, graph.src[e]});
  }
  std::sort(needs.begin(), needs.end());
  needs.erase(std::unique(needs.begin(), needs.end()), needs.end());

  HaloPlan plan;
  plan.numTiles = numTiles;
  plan.rowBytes = rowBytes;
  plan.offsets.assign(numTiles + 1, 0);
  plan.bytesIn.assign(numTiles, 0);
  plan.bytesOut.assign(numTiles, 0);
  plan.rows.reserve(needs.size());
  plan.fromTile.reserve(needs.size());
  for (size_t i = 0; i < needs.size(); ++i) {
    const Need &n = needs[i];
    plan.rows.push_back(n.row);
    plan.fromTile.push_back(n.from);
    ++plan.offsets[n.to + 1];
    plan.bytesIn[n.to] += rowBytes;
    plan.bytesOut[n.from] += rowBytes;
    if (i == 0 || needs[i - 1].to != n.to || needs[i - 1].from != n.from)
      ++plan.numMessages;
  }
  for (int64_t t = 0; t < numTiles; ++t)
    plan.offsets[t + 1] += plan.offsets[t];
  return plan;
}

} // namespace gnnc::partition
