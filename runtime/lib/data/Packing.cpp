//===- Packing.cpp - Which graphs go into which fixed-size batch ----------===//
#include "gnnrt/data/Packing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "absl/strings/str_format.h"
#include "gnnrt/data/Rng.h"

namespace gnnrt::data {

std::vector<GraphSize> graphSizes(const GraphDataset &ds) {
  std::vector<GraphSize> sizes(ds.numGraphs());
  for (int64_t g = 0; g < ds.numGraphs(); ++g)
    sizes[g] = {ds.graphNumNodes(g), ds.graphNumEdges(g)};
  return sizes;
}

namespace {

bool fitsAlone(const GraphSize &s, const PackLimits &l) {
  return l.maxGraphs >= 1 && s.nodes <= l.maxNodes && s.edges <= l.maxEdges;
}

absl::Status tooLarge(int64_t id, const GraphSize &s, const PackLimits &l) {
  return absl::OutOfRangeError(absl::StrFormat(
      "graph %d has %d nodes and %d edges but a batch holds at most %d nodes "
      "and %d edges (slots minus the padding reserve); fix: raise num_nodes "
      "/ num_edges or choose over-size skip or trim",
      id, s.nodes, s.edges, l.maxNodes, l.maxEdges));
}

absl::Status checkIds(absl::Span<const GraphSize> sizes,
                      absl::Span<const int64_t> ids) {
  for (int64_t id : ids)
    if (id < 0 || id >= static_cast<int64_t>(sizes.size()))
      return absl::OutOfRangeError(absl::StrFormat(
          "graph id %d is outside [0, %d)", id, sizes.size()));
  return absl::OkStatus();
}

bool isTrim(OverSizeStrategy s) {
  return s == OverSizeStrategy::kTrimNodes ||
         s == OverSizeStrategy::kTrimEdges ||
         s == OverSizeStrategy::kTrimNodesAndEdges;
}

} // namespace

absl::StatusOr<PackPlan> planPadToMax(absl::Span<const GraphSize> sizes,
                                      absl::Span<const int64_t> order,
                                      const PackLimits &limits,
                                      OverSizeStrategy overSize) {
  if (absl::Status s = checkIds(sizes, order); !s.ok())
    return s;
  if (limits.maxGraphs < 1)
    return absl::InvalidArgumentError("pad-to-max needs at least 2 graph "
                                      "slots");
  PackPlan plan;
  std::vector<int64_t> group;
  int64_t nodes = 0, edges = 0;
  auto close = [&]() {
    if (!group.empty())
      plan.batches.push_back(std::move(group));
    group.clear();
    nodes = edges = 0;
  };
  for (int64_t id : order) {
    const GraphSize &s = sizes[id];
    if (overSize == OverSizeStrategy::kSkip &&
        (nodes + s.nodes > limits.maxNodes ||
         edges + s.edges > limits.maxEdges)) {
      plan.skipped.push_back(id);
      continue;
    }
    group.push_back(id);
    nodes += s.nodes;
    edges += s.edges;
    if (static_cast<int64_t>(group.size()) == limits.maxGraphs) {
      if (overSize == OverSizeStrategy::kError &&
          (nodes > limits.maxNodes || edges > limits.maxEdges))
        return absl::OutOfRangeError(absl::StrFormat(
            "pad-to-max batch %d (graphs %d..) holds %d nodes and %d edges "
            "but at most %d nodes and %d edges fit; fix: raise num_nodes / "
            "num_edges (from_dataset sizes always fit) or choose over-size "
            "skip or trim",
            plan.batches.size(), group.front(), nodes, edges,
            limits.maxNodes, limits.maxEdges));
      close();
    }
  }
  if (overSize == OverSizeStrategy::kError &&
      (nodes > limits.maxNodes || edges > limits.maxEdges))
    return absl::OutOfRangeError(absl::StrFormat(
        "the last pad-to-max batch holds %d nodes and %d edges but at most "
        "%d nodes and %d edges fit; fix: raise num_nodes / num_edges",
        nodes, edges, limits.maxNodes, limits.maxEdges));
  close();
  return plan;
}

absl::StatusOr<PackPlan> planStreamPack(absl::Span<const GraphSize> sizes,
                                        absl::Span<const int64_t> order,
                                        const PackLimits &limits,
                                        OverSizeStrategy overSize) {
  if (absl::Status s = checkIds(sizes, order); !s.ok())
    return s;
  PackPlan plan;
  std::vector<int64_t> open;
  int64_t nodes = 0, edges = 0;
  for (int64_t id : order) {
    const GraphSize &s = sizes[id];
    while (true) {
      int64_t nodesLeft = limits.maxNodes - (nodes + s.nodes);
      int64_t edgesLeft = limits.maxEdges - (edges + s.edges);
      int64_t graphsLeft =
          limits.maxGraphs - (static_cast<int64_t>(open.size()) + 1);
      bool fits = nodesLeft >= 0 && edgesLeft >= 0 && graphsLeft >= 0;
      bool reserve = nodesLeft >= graphsLeft && edgesLeft >= graphsLeft;
      if (fits && reserve) {
        open.push_back(id);
        nodes += s.nodes;
        edges += s.edges;
        break;
      }
      if (!open.empty()) {
        plan.batches.push_back(std::move(open));
        open.clear();
        nodes = edges = 0;
        continue;
      }
      if (overSize == OverSizeStrategy::kSkip) {
        plan.skipped.push_back(id);
      } else if (isTrim(overSize) && limits.maxGraphs >= 1) {
        plan.batches.push_back({id});
      } else {
        return tooLarge(id, s, limits);
      }
      break;
    }
  }
  if (!open.empty())
    plan.batches.push_back(std::move(open));
  return plan;
}

int64_t lowerBoundBatches(absl::Span<const GraphSize> sizes,
                          absl::Span<const int64_t> ids,
                          const PackLimits &limits) {
  int64_t count = 0, nodes = 0, edges = 0;
  for (int64_t id : ids) {
    if (!fitsAlone(sizes[id], limits))
      continue;
    ++count;
    nodes += sizes[id].nodes;
    edges += sizes[id].edges;
  }
  auto ceilDiv = [](int64_t a, int64_t b) {
    return b <= 0 ? (a > 0 ? INT64_MAX : 0) : (a + b - 1) / b;
  };
  return std::max({ceilDiv(count, limits.maxGraphs),
                   ceilDiv(nodes, limits.maxNodes),
                   ceilDiv(edges, limits.maxEdges)});
}

namespace {

/// Assignment of items into a fixed number of bins.
class BinSearch {
public:
  BinSearch(absl::Span<const GraphSize> sizes, std::vector<int64_t> items,
            const PackLimits &limits, int64_t bins)
      : sizes_(sizes), items_(std::move(items)), limits_(limits),
        bins_(bins) {}

  enum class Fit { kFirst, kBest, kWorst };

  /// Places items in `order` (indices into items_); the rest go through the
  /// repair. True when everything is placed.
  bool run(const std::vector<int64_t> &order, Fit fit, Rng &rng) {
    count_.assign(bins_, 0);
    nodes_.assign(bins_, 0);
    edges_.assign(bins_, 0);
    members_.assign(bins_, {});
    std::vector<int64_t> left;
    for (int64_t i : order) {
      int64_t b = choose(i, fit);
      if (b < 0)
        left.push_back(i);
      else
        place(i, b);
    }
    // The repair fixes a few stragglers; many mean the bin count is hopeless
    // for this order.
    int64_t n = static_cast<int64_t>(items_.size());
    if (static_cast<int64_t>(left.size()) > std::max<int64_t>(8, n / 16))
      return false;
    return repair(left, rng);
  }

  PackPlan plan() const {
    PackPlan p;
    for (const auto &m : members_) {
      if (m.empty())
        continue;
      std::vector<int64_t> ids;
      for (int64_t i : m)
        ids.push_back(items_[i]);
      p.batches.push_back(std::move(ids));
    }
    return p;
  }

private:
  const GraphSize &size(int64_t i) const { return sizes_[items_[i]]; }

  bool fits(int64_t i, int64_t b) const {
    return count_[b] + 1 <= limits_.maxGraphs &&
           nodes_[b] + size(i).nodes <= limits_.maxNodes &&
           edges_[b] + size(i).edges <= limits_.maxEdges;
  }
  /// Normalised room left in bin b after adding item i.
  double room(int64_t i, int64_t b) const {
    return double(limits_.maxGraphs - count_[b] - 1) / limits_.maxGraphs +
           double(limits_.maxNodes - nodes_[b] - size(i).nodes) /
               std::max<int64_t>(limits_.maxNodes, 1) +
           double(limits_.maxEdges - edges_[b] - size(i).edges) /
               std::max<int64_t>(limits_.maxEdges, 1);
  }
  int64_t choose(int64_t i, Fit fit) const {
    int64_t best = -1;
    double bestRoom = 0;
    for (int64_t b = 0; b < bins_; ++b) {
      if (!fits(i, b))
        continue;
      if (fit == Fit::kFirst)
        return b;
      double r = room(i, b);
      if (best < 0 || (fit == Fit::kBest ? r < bestRoom : r > bestRoom)) {
        best = b;
        bestRoom = r;
      }
    }
    return best;
  }
  void place(int64_t i, int64_t b) {
    count_[b]++;
    nodes_[b] += size(i).nodes;
    edges_[b] += size(i).edges;
    members_[b].push_back(i);
  }
  void remove(int64_t i, int64_t b) {
    count_[b]--;
    nodes_[b] -= size(i).nodes;
    edges_[b] -= size(i).edges;
    auto &m = members_[b];
    m.erase(std::find(m.begin(), m.end(), i));
  }

  /// Ejection chains: an unplaced item goes where it fits, or replaces an
  /// item that can move elsewhere, or (randomly) evicts one that then needs
  /// a place itself.
  /// Work (bin and item visits) one repair may spend before giving up.
  static constexpr int64_t kMaxWork = 2'000'000;

  bool repair(std::vector<int64_t> left, Rng &rng) {
    int64_t work = 0;
    while (!left.empty() && work < kMaxWork) {
      int64_t i = left.back();
      left.pop_back();
      int64_t b = choose(i, Fit::kBest);
      if (b >= 0) {
        place(i, b);
        continue;
      }
      bool done = false;
      std::vector<std::pair<int64_t, int64_t>> evictable;
      for (int64_t bb = 0; bb < bins_ && !done; ++bb) {
        for (int64_t j : std::vector<int64_t>(members_[bb])) {
          ++work;
          remove(j, bb);
          if (fits(i, bb)) {
            place(i, bb);
            int64_t c = -1;
            work += bins_;
            for (int64_t cc = 0; cc < bins_; ++cc)
              if (cc != bb && fits(j, cc)) {
                c = cc;
                break;
              }
            if (c >= 0) {
              place(j, c);
              done = true;
              break;
            }
            remove(i, bb);
            evictable.emplace_back(j, bb);
          }
          place(j, bb);
        }
      }
      if (done)
        continue;
      if (evictable.empty())
        return false;
      auto [j, bb] = evictable[rng.below(evictable.size())];
      remove(j, bb);
      place(i, bb);
      left.push_back(j);
    }
    return left.empty();
  }

  absl::Span<const GraphSize> sizes_;
  std::vector<int64_t> items_;
  PackLimits limits_;
  int64_t bins_;
  std::vector<int64_t> count_, nodes_, edges_;
  std::vector<std::vector<int64_t>> members_;
};

} // namespace

namespace {

/// Searches for an assignment of `items` into exactly `bins` batches.
std::optional<PackPlan> packIntoBins(absl::Span<const GraphSize> sizes,
                                     const std::vector<int64_t> &items,
                                     const PackLimits &limits, int64_t bins,
                                     uint64_t seed) {
  int64_t n = static_cast<int64_t>(items.size());
  std::vector<double> key(n);
  for (int64_t i = 0; i < n; ++i)
    key[i] = double(sizes[items[i]].nodes) /
                 std::max<int64_t>(limits.maxNodes, 1) +
             double(sizes[items[i]].edges) /
                 std::max<int64_t>(limits.maxEdges, 1);
  constexpr int kAttempts = 12;
  BinSearch search(sizes, items, limits, bins);
  Rng rng(seed, streamId(StreamPurpose::kPack, bins));
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> k(n);
    for (int64_t i = 0; i < n; ++i) {
      const GraphSize &s = sizes[items[i]];
      switch (attempt) {
      case 0:
      case 1:
        k[i] = key[i];
        break;
      case 2:
        k[i] = double(s.nodes);
        break;
      case 3:
        k[i] = double(s.edges);
        break;
      default:
        k[i] = key[i] * (1.0 + 0.3 * rng.uniform());
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return k[a] > k[b]; });
    BinSearch::Fit fit =
        attempt % 2 ? BinSearch::Fit::kWorst : BinSearch::Fit::kBest;
    if (search.run(order, fit, rng))
      return search.plan();
  }
  return std::nullopt;
}

/// Items that fit a batch alone; the others are skipped, given a batch of
/// their own (trimming) or reported.
absl::Status splitOversized(absl::Span<const GraphSize> sizes,
                            absl::Span<const int64_t> ids,
                            const PackLimits &limits, OverSizeStrategy overSize,
                            std::vector<int64_t> &items, PackPlan &out) {
  for (int64_t id : ids) {
    if (fitsAlone(sizes[id], limits)) {
      items.push_back(id);
      continue;
    }
    if (overSize == OverSizeStrategy::kSkip)
      out.skipped.push_back(id);
    else if (isTrim(overSize))
      out.batches.push_back({id});
    else
      return tooLarge(id, sizes[id], limits);
  }
  return absl::OkStatus();
}

} // namespace

absl::StatusOr<PackPlan> planPack(absl::Span<const GraphSize> sizes,
                                  absl::Span<const int64_t> ids,
                                  const PackLimits &limits,
                                  OverSizeStrategy overSize, uint64_t seed) {
  if (absl::Status s = checkIds(sizes, ids); !s.ok())
    return s;
  if (limits.maxGraphs < 1)
    return absl::InvalidArgumentError("packing needs at least 2 graph slots");
  PackPlan out;
  std::vector<int64_t> items;
  if (absl::Status s =
          splitOversized(sizes, ids, limits, overSize, items, out);
      !s.ok())
    return s;
  if (items.empty())
    return out;
  int64_t lower = lowerBoundBatches(sizes, items, limits);
  int64_t n = static_cast<int64_t>(items.size());
  int64_t tries = std::max<int64_t>(2, lower / 10);
  for (int64_t bins = lower; bins <= std::min(n, lower + tries); ++bins) {
    if (std::optional<PackPlan> p =
            packIntoBins(sizes, items, limits, bins, seed)) {
      // Graphs in dataset order within a batch: collation then reads the
      // dataset's arrays front to back.
      for (auto &b : p->batches) {
        std::sort(b.begin(), b.end());
        out.batches.push_back(std::move(b));
      }
      return out;
    }
  }
  std::vector<double> key(n);
  for (int64_t i = 0; i < n; ++i)
    key[i] = double(sizes[items[i]].nodes) /
                 std::max<int64_t>(limits.maxNodes, 1) +
             double(sizes[items[i]].edges) /
                 std::max<int64_t>(limits.maxEdges, 1);
  // Fallback: first-fit decreasing with as many bins as it needs.
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return key[a] > key[b]; });
  std::vector<std::vector<int64_t>> bins;
  std::vector<GraphSize> load;
  for (int64_t i : order) {
    const GraphSize &s = sizes[items[i]];
    size_t b = 0;
    for (; b < bins.size(); ++b)
      if (static_cast<int64_t>(bins[b].size()) < limits.maxGraphs &&
          load[b].nodes + s.nodes <= limits.maxNodes &&
          load[b].edges + s.edges <= limits.maxEdges)
        break;
    if (b == bins.size()) {
      bins.emplace_back();
      load.push_back({0, 0});
    }
    bins[b].push_back(items[i]);
    load[b].nodes += s.nodes;
    load[b].edges += s.edges;
  }
  for (auto &b : bins)
    out.batches.push_back(std::move(b));
  return out;
}

absl::StatusOr<FixedSizeOptions>
choosePackSizes(absl::Span<const GraphSize> sizes,
                absl::Span<const int64_t> ids, int64_t numGraphs,
                uint64_t seed) {
  if (numGraphs < 2)
    return absl::InvalidArgumentError(absl::StrFormat(
        "num_graphs %d: packing needs at least 2 graph slots", numGraphs));
  if (absl::Status s = checkIds(sizes, ids); !s.ok())
    return s;
  if (ids.empty())
    return absl::InvalidArgumentError("no graphs to size batches for");
  int64_t count = static_cast<int64_t>(ids.size());
  int64_t nodes = 0, edges = 0, maxNodes = 0, maxEdges = 0;
  for (int64_t id : ids) {
    nodes += sizes[id].nodes;
    edges += sizes[id].edges;
    maxNodes = std::max(maxNodes, sizes[id].nodes);
    maxEdges = std::max(maxEdges, sizes[id].edges);
  }
  int64_t batches = (count + numGraphs - 2) / (numGraphs - 1);
  for (double slack : {0.0, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04,
                       0.06, 0.08, 0.12, 0.16, 0.25, 0.5, 1.0}) {
    FixedSizeOptions o;
    o.numGraphs = numGraphs;
    o.numNodes = std::max<int64_t>(
        static_cast<int64_t>(std::ceil(double(nodes) / batches * (1 + slack))),
        maxNodes) + 1;
    o.numEdges = std::max<int64_t>(
        static_cast<int64_t>(std::ceil(double(edges) / batches * (1 + slack))),
        maxEdges) + 1;
    PackLimits limits = PackLimits::fromOptions(o);
    if (lowerBoundBatches(sizes, ids, limits) > batches)
      continue;
    std::vector<int64_t> items(ids.begin(), ids.end());
    if (packIntoBins(sizes, items, limits, batches, seed))
      return o;
  }
  // Always feasible: the worst case of numGraphs - 1 largest graphs.
  FixedSizeOptions o;
  o.numGraphs = numGraphs;
  o.numNodes = maxNodes * (numGraphs - 1) + 1;
  o.numEdges = maxEdges * (numGraphs - 1) + 1;
  return o;
}

} // namespace gnnrt::data
