//===- IndexHaloTest.cpp - Exact halos for constant indices ---------------===//
//
// Replays the plans on synthetic index arrays: the runs fill a halo buffer of
// count * haloRows rows, then every ref must name the row the reference
// gather or segment reduction reads.
//
//===----------------------------------------------------------------------===//
#include "gnnc/Partition/IndexHalo.h"

#include <cmath>
#include <cstring>
#include <set>
#include <sstream>

#include "../../../lib/Partition/Rng.h"
#include "gtest/gtest.h"

namespace gnnc::partition {
namespace {

using ::testing::AssertionFailure;
using ::testing::AssertionResult;
using ::testing::AssertionSuccess;

/// `rows` rows in blocks of `block` over the fewest tiles that hold them.
BlockedRows blocked(int64_t rows, int64_t block) {
  return {rows, block, std::max<int64_t>(1, (rows + block - 1) / block)};
}

std::string describe(BlockedRows b) {
  std::ostringstream os;
  os << "{rows " << b.rows << ", block " << b.block << ", count " << b.count
     << "}";
  return os.str();
}

bool owns(BlockedRows b, int64_t tile, int64_t row) {
  return tile < b.count && b.begin(tile) <= row && row < b.end(tile);
}

/// Executes the runs (from row, halo row, rows) into a halo buffer of
/// `haloSize` rows holding the source row ids (-1: unwritten). Fails on a
/// malformed run, a row outside either side, or a halo row written twice.
AssertionResult replayRuns(const std::vector<int64_t> &runs, int64_t sourceRows,
                           int64_t haloSize, std::vector<int64_t> &halo,
                           int64_t &moved) {
  halo.assign(haloSize, -1);
  moved = 0;
  if (runs.size() % 3 != 0)
    return AssertionFailure() << "runs of " << runs.size() << " values";
  for (size_t i = 0; i < runs.size(); i += 3) {
    int64_t from = runs[i], to = runs[i + 1], n = runs[i + 2];
    if (n < 1)
      return AssertionFailure() << "run " << i / 3 << " of " << n << " rows";
    for (int64_t k = 0; k < n; ++k) {
      if (from + k < 0 || from + k >= sourceRows)
        return AssertionFailure() << "run " << i / 3 << " reads row "
                                  << from + k << " of " << sourceRows;
      if (to + k < 0 || to + k >= haloSize)
        return AssertionFailure() << "run " << i / 3 << " writes halo row "
                                  << to + k << " of " << haloSize;
      if (halo[to + k] != -1)
        return AssertionFailure() << "halo row " << to + k << " written twice";
      halo[to + k] = from + k;
    }
    moved += n;
  }
  return AssertionSuccess();
}

/// The table row `ref` names on tile t, or -1 when it names none.
int64_t resolve(int32_t ref, int64_t t, BlockedRows table,
                const std::vector<int64_t> &halo, int64_t haloRows) {
  if (ref >= 0) {
    int64_t row = table.begin(t) + ref;
    return owns(table, t, row) ? row : -1;
  }
  int64_t slot = -static_cast<int64_t>(ref) - 1;
  return slot < haloRows ? halo[t * haloRows + slot] : -1;
}

/// Checks a gather plan against out[e] = table[index[e]].
AssertionResult checkGather(const std::vector<int64_t> &index,
                            BlockedRows table, BlockedRows lookups,
                            const GatherHalo &plan) {
  if (plan.refs.size() != index.size())
    return AssertionFailure()
           << plan.refs.size() << " refs for " << index.size() << " lookups";
  std::vector<int64_t> halo;
  int64_t moved = 0;
  if (AssertionResult r = replayRuns(
          plan.runs, table.rows, lookups.count * plan.haloRows, halo, moved);
      !r)
    return r;
  int64_t haloRows = 1, remoteRows = 0;
  for (int64_t t = 0; t < lookups.count; ++t) {
    std::set<int64_t> remote;
    for (int64_t e = lookups.begin(t); e < lookups.end(t); ++e) {
      if (!owns(table, t, index[e]))
        remote.insert(index[e]);
      int64_t row = resolve(plan.refs[e], t, table, halo, plan.haloRows);
      if (row != index[e])
        return AssertionFailure()
               << "lookup " << e << " on tile " << t << ": ref " << plan.refs[e]
               << " reads row " << row << ", want " << index[e];
    }
    haloRows = std::max<int64_t>(haloRows, remote.size());
    remoteRows += remote.size();
  }
  if (plan.haloRows != haloRows)
    return AssertionFailure()
           << "haloRows " << plan.haloRows << ", want " << haloRows;
  if (plan.remoteRows != remoteRows || moved != remoteRows)
    return AssertionFailure()
           << "remoteRows " << plan.remoteRows << ", runs move " << moved
           << ", want " << remoteRows;
  return AssertionSuccess();
}

/// Per out row in [0, rows), the entries e with index[e] == row, ascending.
std::vector<std::vector<int64_t>> edgesByRow(const std::vector<int64_t> &index,
                                             int64_t rows) {
  std::vector<std::vector<int64_t>> out(rows);
  for (int64_t e = 0; e < static_cast<int64_t>(index.size()); ++e)
    if (index[e] >= 0 && index[e] < rows)
      out[index[e]].push_back(e);
  return out;
}

/// The checks both CSR plans share. Replays the runs from a table of
/// `tableRows` rows, then per tile: offsets from 0, monotone, within the
/// entries; each out row's entries standing for exactly its edges (index[e]
/// == row) in edge order; unused slots zero (`unusedOk`); and entries,
/// haloRows and remoteRows (distinct remote table rows) as planned.
/// `entry(t, k, halo, edge, row)` says which edge entry k of tile t stands
/// for and which table row it reads.
template <typename Entry, typename UnusedOk>
AssertionResult checkCsrPlan(const SegmentHalo &plan,
                             const std::vector<int64_t> &index,
                             int64_t tableRows, BlockedRows out, Entry entry,
                             UnusedOk unusedOk) {
  const int64_t stride = out.block + 1;
  if (static_cast<int64_t>(plan.offsets.size()) != out.count * stride ||
      static_cast<int64_t>(plan.refs.size()) != out.count * plan.entries)
    return AssertionFailure() << plan.offsets.size() << " offsets and "
                              << plan.refs.size() << " refs";
  std::vector<int64_t> halo;
  int64_t moved = 0;
  if (AssertionResult r = replayRuns(plan.runs, tableRows,
                                     out.count * plan.haloRows, halo, moved);
      !r)
    return r;
  std::vector<std::vector<int64_t>> want = edgesByRow(index, out.rows);
  int64_t entries = 1, haloRows = 1, remoteRows = 0;
  for (int64_t t = 0; t < out.count; ++t) {
    const int32_t *offsets = plan.offsets.data() + t * stride;
    const int32_t *refs = plan.refs.data() + t * plan.entries;
    if (offsets[0] != 0 || offsets[out.block] > plan.entries)
      return AssertionFailure() << "tile " << t << " offsets span "
                                << offsets[0] << ".." << offsets[out.block]
                                << " of " << plan.entries << " entries";
    std::set<int64_t> remote;
    for (int64_t i = 0; i < out.block; ++i) {
      if (offsets[i + 1] < offsets[i])
        return AssertionFailure() << "tile " << t << " offsets fall at " << i;
      int64_t r = out.begin(t) + i;
      std::vector<int64_t> got;
      for (int32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
        int64_t edge = -1, row = -1;
        if (AssertionResult a = entry(t, k, halo, edge, row); !a)
          return a;
        got.push_back(edge);
        if (refs[k] < 0)
          remote.insert(row);
      }
      const std::vector<int64_t> none;
      const std::vector<int64_t> &expected = r < out.end(t) ? want[r] : none;
      if (got != expected) {
        AssertionResult f = AssertionFailure();
        f << "out row " << r << " on tile " << t << " has edges [";
        for (int64_t e : got)
          f << " " << e;
        f << " ], want [";
        for (int64_t e : expected)
          f << " " << e;
        return f << " ]";
      }
    }
    for (int64_t k = offsets[out.block]; k < plan.entries; ++k)
      if (refs[k] != 0 || !unusedOk(t, k))
        return AssertionFailure()
               << "tile " << t << " unused entry " << k << " is in use";
    entries = std::max<int64_t>(entries, offsets[out.block]);
    haloRows = std::max<int64_t>(haloRows, remote.size());
    remoteRows += remote.size();
  }
  if (plan.entries != entries || plan.haloRows != haloRows)
    return AssertionFailure()
           << "entries " << plan.entries << ", haloRows " << plan.haloRows
           << "; want " << entries << ", " << haloRows;
  if (plan.remoteRows != remoteRows || moved != remoteRows)
    return AssertionFailure()
           << "remoteRows " << plan.remoteRows << ", runs move " << moved
           << ", want " << remoteRows;
  return AssertionSuccess();
}

/// Checks a segment plan against out[n] = reduce{source[e] : index[e] == n}:
/// each entry's ref reads source row e itself.
AssertionResult checkSegment(const std::vector<int64_t> &index,
                             BlockedRows source, BlockedRows out,
                             const SegmentHalo &plan) {
  auto entry = [&](int64_t t, int64_t k, const std::vector<int64_t> &halo,
                   int64_t &edge, int64_t &row) {
    edge = row = resolve(plan.refs[t * plan.entries + k], t, source, halo,
                         plan.haloRows);
    return AssertionSuccess();
  };
  return checkCsrPlan(plan, index, source.rows, out, entry,
                      [](int64_t, int64_t) { return true; });
}

/// Checks an spmm plan against out[n] = sum{w[e] * table[src[e]] : dst[e]
/// == n}: each entry names its edge, and its ref reads the table row of
/// that edge's src.
AssertionResult checkSpmm(const std::vector<int64_t> &src,
                          const std::vector<int64_t> &dst, BlockedRows table,
                          BlockedRows out, const SpmmHalo &plan) {
  if (plan.edges.size() != plan.refs.size())
    return AssertionFailure() << plan.edges.size() << " edges for "
                              << plan.refs.size() << " refs";
  auto entry = [&](int64_t t, int64_t k, const std::vector<int64_t> &halo,
                   int64_t &edge, int64_t &row) -> AssertionResult {
    int64_t slot = t * plan.entries + k;
    edge = plan.edges[slot];
    if (edge < 0 || edge >= static_cast<int64_t>(src.size()))
      return AssertionFailure()
             << "tile " << t << " entry " << k << " names edge " << edge;
    row = resolve(plan.refs[slot], t, table, halo, plan.haloRows);
    if (row != src[edge])
      return AssertionFailure()
             << "edge " << edge << " on tile " << t << ": ref "
             << plan.refs[slot] << " reads table row " << row << ", want "
             << src[edge];
    return AssertionSuccess();
  };
  return checkCsrPlan(plan, dst, table.rows, out, entry,
                      [&](int64_t t, int64_t k) {
                        return plan.edges[t * plan.entries + k] == -1;
                      });
}

std::vector<int64_t> randomIndex(int64_t n, int64_t rows, Rng &rng) {
  std::vector<int64_t> index(n);
  for (int64_t &i : index)
    i = rng.below(rows);
  return index;
}

/// Indices into [0, rows) with about one in five padding entries outside.
std::vector<int64_t> paddedIndex(int64_t n, int64_t rows, Rng &rng) {
  std::vector<int64_t> index(n);
  for (int64_t &i : index) {
    if (rng.below(5) == 0) {
      const int64_t pad[] = {-1, rows, rows + 3, -7};
      i = pad[rng.below(4)];
    } else {
      i = rng.below(rows);
    }
  }
  return index;
}

TEST(IndexHaloTest, GatherOnRandomIndicesAndBlocks) {
  Rng rng(1);
  for (int draw = 0; draw < 500; ++draw) {
    int64_t rows = 1 + rng.below(40), n = rng.below(60);
    BlockedRows table = blocked(rows, 1 + rng.below(rows));
    BlockedRows lookups = blocked(n, 1 + rng.below(std::max<int64_t>(n, 1)));
    std::vector<int64_t> index = randomIndex(n, rows, rng);
    std::optional<GatherHalo> plan = planGatherHalo(index, table, lookups);
    ASSERT_TRUE(plan) << "draw " << draw;
    ASSERT_TRUE(checkGather(index, table, lookups, *plan))
        << "draw " << draw << ": table " << describe(table) << ", lookups "
        << describe(lookups);
  }
}

TEST(IndexHaloTest, GatherEdgeBlocks) {
  Rng rng(2);
  struct Case {
    BlockedRows table, lookups;
  };
  const Case cases[] = {
      {blocked(10, 5), blocked(40, 4)},   // table on fewer tiles than lookups
      {blocked(40, 4), blocked(10, 5)},   // and more
      {blocked(17, 1), blocked(23, 1)},   // block 1
      {blocked(17, 17), blocked(23, 23)}, // a single tile each
      {blocked(17, 17), blocked(23, 3)},  // the table on one tile
      {blocked(17, 2), blocked(23, 23)},  // the lookups on one tile
      {blocked(1, 1), blocked(9, 2)},     // a one-row table
      {{5, 2, 3}, {5, 2, 4}},             // a trailing tile with no lookups
  };
  for (const Case &c : cases)
    for (int draw = 0; draw < 50; ++draw) {
      std::vector<int64_t> index =
          randomIndex(c.lookups.rows, c.table.rows, rng);
      std::optional<GatherHalo> plan =
          planGatherHalo(index, c.table, c.lookups);
      ASSERT_TRUE(plan);
      ASSERT_TRUE(checkGather(index, c.table, c.lookups, *plan))
          << "table " << describe(c.table) << ", lookups "
          << describe(c.lookups) << ", draw " << draw;
    }
}

TEST(IndexHaloTest, GatherAllLocalNeedsNoExchange) {
  // Every lookup reads a row of its own tile: no runs, one (unused) halo
  // row per tile, local refs only.
  BlockedRows b = blocked(30, 4);
  std::vector<int64_t> index(30);
  for (int64_t e = 0; e < 30; ++e)
    index[e] = b.begin(b.owner(e)) +
               (e * 7) % (b.end(b.owner(e)) - b.begin(b.owner(e)));
  std::optional<GatherHalo> plan = planGatherHalo(index, b, b);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(checkGather(index, b, b, *plan));
  EXPECT_TRUE(plan->runs.empty());
  EXPECT_EQ(plan->haloRows, 1);
  EXPECT_EQ(plan->remoteRows, 0);
  for (int32_t ref : plan->refs)
    EXPECT_GE(ref, 0);

  // One tile: everything is local whatever the indices.
  Rng rng(3);
  std::vector<int64_t> any = randomIndex(50, 12, rng);
  plan = planGatherHalo(any, blocked(12, 12), blocked(50, 50));
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->runs.empty());
  EXPECT_EQ(plan->remoteRows, 0);

  // No lookups at all.
  plan = planGatherHalo({}, blocked(12, 3), blocked(0, 1));
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->refs.empty());
  EXPECT_TRUE(plan->runs.empty());
  EXPECT_EQ(plan->haloRows, 1);
}

TEST(IndexHaloTest, GatherSmallExample) {
  // Two tiles of 4 rows each way; each tile reads the other's block in
  // order, then again backwards: one merged run per tile, deduplicated.
  BlockedRows b = blocked(8, 4);
  std::vector<int64_t> index = {4, 5, 6, 7, 3, 2, 1, 0};
  std::optional<GatherHalo> plan = planGatherHalo(index, b, b);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(checkGather(index, b, b, *plan));
  EXPECT_EQ(plan->haloRows, 4);
  EXPECT_EQ(plan->remoteRows, 8);
  EXPECT_EQ(plan->runs, (std::vector<int64_t>{4, 0, 4, 0, 4, 4}));
  EXPECT_EQ(plan->refs, (std::vector<int32_t>{-1, -2, -3, -4, -4, -3, -2, -1}));

  // Repeated remote rows take one halo row; local rows stay local.
  index = {6, 6, 0, 6, 4, 5, 0, 0};
  plan = planGatherHalo(index, b, b);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(checkGather(index, b, b, *plan));
  EXPECT_EQ(plan->haloRows, 1);
  EXPECT_EQ(plan->remoteRows, 2);
  EXPECT_EQ(plan->refs, (std::vector<int32_t>{-1, -1, 0, -1, 0, 1, -1, -1}));
  EXPECT_EQ(plan->runs, (std::vector<int64_t>{6, 0, 1, 0, 1, 1}));
}

TEST(IndexHaloTest, GatherIndexOutsideTheTable) {
  BlockedRows table = blocked(10, 3), lookups = blocked(4, 2);
  EXPECT_FALSE(planGatherHalo({0, 1, 10, 2}, table, lookups));
  EXPECT_FALSE(planGatherHalo({0, -1, 9, 2}, table, lookups));
  EXPECT_TRUE(planGatherHalo({0, 1, 9, 2}, table, lookups));
}

TEST(IndexHaloTest, SegmentOnRandomIndicesAndBlocks) {
  Rng rng(4);
  for (int draw = 0; draw < 500; ++draw) {
    int64_t rows = 1 + rng.below(40), n = rng.below(80);
    BlockedRows source = blocked(n, 1 + rng.below(std::max<int64_t>(n, 1)));
    BlockedRows out = blocked(rows, 1 + rng.below(rows));
    std::vector<int64_t> index = paddedIndex(n, rows, rng);
    SegmentHalo plan = planSegmentHalo(index, source, out);
    ASSERT_TRUE(checkSegment(index, source, out, plan))
        << "draw " << draw << ": source " << describe(source) << ", out "
        << describe(out);
  }
}

TEST(IndexHaloTest, SegmentEdgeBlocks) {
  Rng rng(5);
  struct Case {
    BlockedRows source, out;
  };
  const Case cases[] = {
      {blocked(12, 6), blocked(40, 4)},   // sources on fewer tiles than out
      {blocked(60, 3), blocked(10, 5)},   // and more
      {blocked(33, 1), blocked(17, 1)},   // block 1
      {blocked(33, 33), blocked(17, 17)}, // a single tile each
      {blocked(33, 33), blocked(17, 4)},  // the sources on one tile
      {blocked(33, 2), blocked(17, 17)},  // the out rows on one tile
      {blocked(33, 5), blocked(1, 1)},    // one out row
      {blocked(0, 1), blocked(9, 4)},     // no entries at all
  };
  for (const Case &c : cases)
    for (int draw = 0; draw < 50; ++draw) {
      std::vector<int64_t> index = paddedIndex(c.source.rows, c.out.rows, rng);
      SegmentHalo plan = planSegmentHalo(index, c.source, c.out);
      ASSERT_TRUE(checkSegment(index, c.source, c.out, plan))
          << "source " << describe(c.source) << ", out " << describe(c.out)
          << ", draw " << draw;
    }
}

TEST(IndexHaloTest, SegmentAllLocalAndAllPadding) {
  // Entry e reduces into row e / 3 with both sides blocked alike by tile:
  // every entry is local.
  BlockedRows source = blocked(24, 6), out = blocked(8, 2);
  std::vector<int64_t> index(24);
  for (int64_t e = 0; e < 24; ++e)
    index[e] = e / 3;
  SegmentHalo plan = planSegmentHalo(index, source, out);
  EXPECT_TRUE(checkSegment(index, source, out, plan));
  EXPECT_TRUE(plan.runs.empty());
  EXPECT_EQ(plan.haloRows, 1);
  EXPECT_EQ(plan.remoteRows, 0);
  EXPECT_EQ(plan.entries, 6);

  // Nothing but padding: empty ranges, one unused entry and halo row.
  std::vector<int64_t> pad(24, -1);
  plan = planSegmentHalo(pad, source, out);
  EXPECT_TRUE(checkSegment(pad, source, out, plan));
  EXPECT_TRUE(plan.runs.empty());
  EXPECT_EQ(plan.entries, 1);
  EXPECT_EQ(plan.haloRows, 1);
  for (int32_t o : plan.offsets)
    EXPECT_EQ(o, 0);
}

TEST(IndexHaloTest, SegmentSmallExample) {
  // Out rows on two tiles of 3 (5 rows: tile 1's third row is past the
  // end), entries on two tiles of 3. Entry 4 is padding.
  BlockedRows source = blocked(6, 3), out = {5, 3, 2};
  std::vector<int64_t> index = {4, 0, 3, 0, 5, 1};
  SegmentHalo plan = planSegmentHalo(index, source, out);
  EXPECT_TRUE(checkSegment(index, source, out, plan));
  // Tile 0 (rows 0..2): row 0 <- e1, e3 (e3 remote), row 1 <- e5 (remote),
  // halo [e3, e5]. Tile 1 (rows 3, 4): row 3 <- e2, row 4 <- e0, both
  // remote, halo [e0, e2].
  EXPECT_EQ(plan.entries, 3);
  EXPECT_EQ(plan.haloRows, 2);
  EXPECT_EQ(plan.remoteRows, 4);
  EXPECT_EQ(plan.offsets, (std::vector<int32_t>{0, 2, 3, 3, 0, 1, 2, 2}));
  EXPECT_EQ(plan.refs, (std::vector<int32_t>{1, -1, -2, -2, -1, 0}));
  EXPECT_EQ(plan.runs,
            (std::vector<int64_t>{3, 0, 1, 5, 1, 1, 0, 2, 1, 2, 3, 1}));
}

/// Breaking a plan makes the replay fail: the checks above can fail.
TEST(IndexHaloTest, ReplayCatchesBrokenPlans) {
  Rng rng(6);
  BlockedRows table = blocked(20, 5), lookups = blocked(30, 8);
  std::vector<int64_t> index = randomIndex(30, 20, rng);
  GatherHalo good = *planGatherHalo(index, table, lookups);
  ASSERT_TRUE(checkGather(index, table, lookups, good));
  ASSERT_FALSE(good.runs.empty());
  GatherHalo bad = good;
  bad.runs[0] += 1; // reads the wrong rows
  EXPECT_FALSE(checkGather(index, table, lookups, bad));
  bad = good;
  bad.runs.insert(bad.runs.end(), good.runs.begin(), good.runs.begin() + 3);
  EXPECT_FALSE(checkGather(index, table, lookups, bad)); // written twice
  bad = good;
  bad.refs[7] = bad.refs[7] >= 0 ? -1 - bad.refs[7] : -bad.refs[7] - 1;
  EXPECT_FALSE(checkGather(index, table, lookups, bad));
  bad = good;
  ++bad.haloRows;
  EXPECT_FALSE(checkGather(index, table, lookups, bad));

  BlockedRows source = blocked(40, 7), out = blocked(15, 4);
  std::vector<int64_t> seg = paddedIndex(40, 15, rng);
  SegmentHalo sgood = planSegmentHalo(seg, source, out);
  ASSERT_TRUE(checkSegment(seg, source, out, sgood));
  // Swapping two entries of one row breaks the edge order.
  int64_t row = -1, k = 0;
  for (int64_t t = 0; t < out.count && row < 0; ++t)
    for (int64_t i = 0; i < out.block && row < 0; ++i) {
      int32_t lo = sgood.offsets[t * (out.block + 1) + i];
      int32_t hi = sgood.offsets[t * (out.block + 1) + i + 1];
      if (hi - lo >= 2) {
        row = t * out.block + i;
        k = t * sgood.entries + lo;
      }
    }
  ASSERT_GE(row, 0);
  SegmentHalo sbad = sgood;
  std::swap(sbad.refs[k], sbad.refs[k + 1]);
  EXPECT_FALSE(checkSegment(seg, source, out, sbad));
  sbad = sgood;
  ++sbad.offsets[1]; // moves an entry between rows
  EXPECT_FALSE(checkSegment(seg, source, out, sbad));
}

uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/// A sum through the plan (the runs copy rows into the halo, each out row
/// adds its entries' rows in CSR order) equals the direct segment sum bit
/// for bit: the plan keeps the edge order.
TEST(IndexHaloTest, SegmentSumMatchesReferenceBitForBit) {
  Rng rng(7);
  const int64_t width = 3;
  bool orderShows = false;
  for (int draw = 0; draw < 50; ++draw) {
    int64_t rows = 1 + rng.below(30), n = 1 + rng.below(200);
    BlockedRows source = blocked(n, 1 + rng.below(n));
    BlockedRows out = blocked(rows, 1 + rng.below(rows));
    std::vector<int64_t> index = paddedIndex(n, rows, rng);
    // Magnitudes from 2^-20 to 2^20 and both signs, so the order of the
    // additions shows in the rounding.
    std::vector<float> values(n * width);
    for (float &v : values)
      v = std::ldexp(static_cast<float>(rng.below(1 << 20)) / (1 << 20) - 0.5f,
                     static_cast<int>(rng.below(41)) - 20);

    std::vector<float> want(rows * width, 0.0f), reversed(rows * width, 0.0f);
    for (int64_t e = 0; e < n; ++e)
      if (index[e] >= 0 && index[e] < rows)
        for (int64_t j = 0; j < width; ++j)
          want[index[e] * width + j] += values[e * width + j];
    for (int64_t e = n - 1; e >= 0; --e)
      if (index[e] >= 0 && index[e] < rows)
        for (int64_t j = 0; j < width; ++j)
          reversed[index[e] * width + j] += values[e * width + j];

    SegmentHalo plan = planSegmentHalo(index, source, out);
    std::vector<float> halo(out.count * plan.haloRows * width, 0.0f);
    for (size_t i = 0; i < plan.runs.size(); i += 3)
      for (int64_t k = 0; k < plan.runs[i + 2]; ++k)
        for (int64_t j = 0; j < width; ++j)
          halo[(plan.runs[i + 1] + k) * width + j] =
              values[(plan.runs[i] + k) * width + j];
    std::vector<float> got(rows * width, 0.0f);
    for (int64_t t = 0; t < out.count; ++t) {
      const int32_t *offsets = plan.offsets.data() + t * (out.block + 1);
      const int32_t *refs = plan.refs.data() + t * plan.entries;
      for (int64_t r = out.begin(t); r < out.end(t); ++r) {
        int64_t i = r - out.begin(t);
        for (int32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
          const float *row =
              refs[k] >= 0 ? &values[(source.begin(t) + refs[k]) * width]
                           : &halo[(t * plan.haloRows - refs[k] - 1) * width];
          for (int64_t j = 0; j < width; ++j)
            got[r * width + j] += row[j];
        }
      }
    }
    for (int64_t i = 0; i < rows * width; ++i)
      ASSERT_EQ(bits(got[i]), bits(want[i]))
          << "draw " << draw << ", out element " << i << ": " << got[i]
          << " vs " << want[i];
    for (int64_t i = 0; i < rows * width; ++i)
      orderShows |= bits(reversed[i]) != bits(want[i]);
  }
  // The data tell the edge order from its reverse, so a plan that reordered
  // the entries would fail above.
  EXPECT_TRUE(orderShows);
}

TEST(IndexHaloTest, SpmmOnRandomGraphsAndBlocks) {
  Rng rng(9);
  for (int draw = 0; draw < 500; ++draw) {
    int64_t tableRows = 1 + rng.below(40), outRows = 1 + rng.below(40),
            n = rng.below(80);
    BlockedRows table = blocked(tableRows, 1 + rng.below(tableRows));
    BlockedRows out = blocked(outRows, 1 + rng.below(outRows));
    std::vector<int64_t> src = randomIndex(n, tableRows, rng);
    std::vector<int64_t> dst = paddedIndex(n, outRows, rng);
    std::optional<SpmmHalo> plan = planSpmmHalo(src, dst, table, out);
    ASSERT_TRUE(plan) << "draw " << draw;
    ASSERT_TRUE(checkSpmm(src, dst, table, out, *plan))
        << "draw " << draw << ": table " << describe(table) << ", out "
        << describe(out);
  }
}

TEST(IndexHaloTest, SpmmSmallExampleAndBadIndices) {
  // Two tiles of two rows: out row 0 sums table rows 3 and 0 (edges 0, 2),
  // row 3 sums row 3 (edge 1); edge 3 is padding. Tile 0 pulls row 3,
  // tile 1 nothing.
  BlockedRows b = blocked(4, 2);
  std::vector<int64_t> src = {3, 3, 0, 1}, dst = {0, 3, 0, -1};
  std::optional<SpmmHalo> plan = planSpmmHalo(src, dst, b, b);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(checkSpmm(src, dst, b, b, *plan));
  EXPECT_EQ(plan->entries, 2);
  EXPECT_EQ(plan->haloRows, 1);
  EXPECT_EQ(plan->runs, (std::vector<int64_t>{3, 0, 1}));
  EXPECT_EQ(plan->offsets, (std::vector<int32_t>{0, 2, 2, 0, 0, 1}));
  EXPECT_EQ(plan->refs, (std::vector<int32_t>{-1, 0, 1, 0}));
  EXPECT_EQ(plan->edges, (std::vector<int64_t>{0, 2, 1, -1}));

  EXPECT_FALSE(planSpmmHalo({0, 4}, {0, 1}, b, b)); // src outside the table
  EXPECT_FALSE(planSpmmHalo({0, -1}, {0, 1}, b, b));
  EXPECT_FALSE(planSpmmHalo({0, 1}, {0}, b, b)); // lengths differ
}

} // namespace

} // namespace gnnc::partition
