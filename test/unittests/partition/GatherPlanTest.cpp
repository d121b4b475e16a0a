//===- GatherPlanTest.cpp - Static gather for data-dependent indices -------===//
#include "gnnc/Partition/GatherPlan.h"

#include "../../../lib/Partition/Rng.h"
#include "gmock/gmock.h"
#include "gnnc/Partition/PlanCheck.h"
#include "gnnc/Partition/Targets.h"
#include "gtest/gtest.h"

namespace gnnc::partition {
namespace {

using ::testing::HasSubstr;

std::vector<int64_t> randomIndex(int64_t n, int64_t rows, Rng &rng) {
  std::vector<int64_t> idx(n);
  for (int64_t &i : idx)
    i = rng.below(rows);
  return idx;
}

/// Every split of the 16-tile test target is correct for 100 random index
/// arrays of the fixed size, plus the adversarial ones (all lookups of the
/// same row, rows in order).
TEST(GatherPlanTest, CorrectForEveryDrawAndSplit) {
  gnnrt::TargetModel target = testTarget();
  for (int64_t S : {1, 2, 4, 8, 16}) {
    GatherOptions opts;
    opts.tableSplit = S;
    auto plan = planGather(301, 16, 517, target, opts);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->tableSplit * plan->lookupSplit, 16);
    Rng rng(S);
    for (int draw = 0; draw < 100; ++draw) {
      std::vector<int64_t> idx = randomIndex(517, 301, rng);
      absl::Status s = checkGatherPlan(*plan, idx);
      ASSERT_TRUE(s.ok()) << "S=" << S << " draw " << draw << ": " << s;
    }
    for (int64_t row : {int64_t{0}, int64_t{150}, int64_t{300}})
      EXPECT_TRUE(
          checkGatherPlan(*plan, std::vector<int64_t>(517, row)).ok());
    std::vector<int64_t> sorted(517);
    for (int64_t e = 0; e < 517; ++e)
      sorted[e] = e * 301 / 517;
    EXPECT_TRUE(checkGatherPlan(*plan, sorted).ok());
  }
}

TEST(GatherPlanTest, FewerRowsOrLookupsThanTiles) {
  gnnrt::TargetModel target = testTarget(2); // 32 tiles
  for (int64_t S : {1, 4, 32}) {
    GatherOptions opts;
    opts.tableSplit = S;
    auto plan = planGather(5, 8, 11, target, opts);
    ASSERT_TRUE(plan.ok()) << plan.status();
    Rng rng(7);
    for (int draw = 0; draw < 100; ++draw)
      ASSERT_TRUE(checkGatherPlan(*plan, randomIndex(11, 5, rng)).ok());
  }
}

TEST(GatherPlanTest, AllgatherCosts) {
  // S = 1: every tile receives every table row it does not hold and
  // nothing moves in phase 2.
  GatherOptions opts;
  opts.tableSplit = 1;
  auto p = planGather(160, 32, 320, testTarget(), opts);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->maxPhase1Bytes(), 150 * 32); // in: 150 rows; out: 10 x 15
  EXPECT_EQ(p->phase1In[0], 150 * 32);
  EXPECT_EQ(p->phase1Out[0], 10 * 32 * 15);
  EXPECT_EQ(p->maxPhase2Bytes(), 0);
  EXPECT_TRUE(p->partialCopies.empty());
  EXPECT_TRUE(p->indexCopies.empty());
}

TEST(GatherPlanTest, FullSplitCosts) {
  // S = T: no table row moves; every tile receives all other indices and
  // the other tiles' partials for its own 20 lookups.
  GatherOptions opts;
  opts.tableSplit = 16;
  auto p = planGather(160, 32, 320, testTarget(), opts);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->tableCopies.empty());
  EXPECT_EQ(p->phase1In[3], 300 * 4);
  EXPECT_EQ(p->phase2In[3], 15 * 20 * 32);
  EXPECT_EQ(p->phase2Out[3], 15 * 20 * 32);
}

TEST(GatherPlanTest, ChoosesAMiddleSplitForLargeTables) {
  // Cora-sized on a GC200 with 64-byte rows: the chosen split beats both
  // extremes and the allgather's phase 1.
  gnnrt::TargetModel target = gc200Target();
  auto best = planGather(2708, 64, 10556, target);
  ASSERT_TRUE(best.ok()) << best.status();
  GatherOptions all, none;
  all.tableSplit = 1;
  none.tableSplit = 1472;
  auto a = planGather(2708, 64, 10556, target, all);
  auto n = planGather(2708, 64, 10556, target, none);
  ASSERT_TRUE(a.ok()) << a.status();
  // S = T would hold every lookup's partial on every tile: 675 KB.
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(n.status().message(), HasSubstr("(table split 1472)"));
  EXPECT_GT(best->tableSplit, 1);
  EXPECT_LT(best->tableSplit, 1472);
  EXPECT_LT(best->totalCycles(), a->totalCycles());
  EXPECT_LT(best->maxPhase1Bytes(), a->maxPhase1Bytes());
}

TEST(GatherPlanTest, CheckerCatchesBrokenPlans) {
  GatherOptions opts;
  opts.tableSplit = 4;
  auto plan = planGather(100, 16, 200, testTarget(), opts);
  ASSERT_TRUE(plan.ok());
  std::vector<int64_t> idx(200);
  for (int64_t e = 0; e < 200; ++e)
    idx[e] = (e * 37) % 100;
  ASSERT_TRUE(checkGatherPlan(*plan, idx).ok());
  GatherPlan noTable = *plan;
  noTable.tableCopies.pop_back();
  EXPECT_THAT(checkGatherPlan(noTable, idx).message(),
              HasSubstr("it does not hold after phase 1"));
  GatherPlan noPartial = *plan;
  noPartial.partialCopies.erase(noPartial.partialCopies.begin());
  EXPECT_THAT(checkGatherPlan(noPartial, idx).message(),
              HasSubstr("never receives its row"));
  GatherPlan twice = *plan;
  twice.partialCopies.push_back(twice.partialCopies.front());
  // Some index of the duplicated range is looked up by its source.
  absl::Status s = checkGatherPlan(twice, idx);
  EXPECT_THAT(s.message(), HasSubstr("sums 2 copies of its row"));
  std::vector<int64_t> bad = idx;
  bad[7] = 100;
  EXPECT_EQ(checkGatherPlan(*plan, bad).message(),
            "gather check: index 7 is 100, outside the table's 100 rows");
}

TEST(GatherPlanTest, Errors) {
  gnnrt::TargetModel target = testTarget();
  GatherOptions opts;
  opts.tableSplit = 3;
  EXPECT_EQ(planGather(10, 4, 10, target, opts).status().message(),
            "gather plan: tableSplit 3 must be a positive divisor of the 16 "
            "tiles");
  EXPECT_THAT(planGather(0, 4, 10, target).status().message(),
              HasSubstr("need a non-empty table"));
  // 20000 rows of 1 KiB cannot fit 16 x 64 KiB under any split.
  auto big = planGather(20000, 1024, 100, target);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(big.status().message(),
              HasSubstr("no table split fits: tile "));
  EXPECT_THAT(big.status().message(),
              HasSubstr("over the limit of 39321 bytes (0.6 of 65536 bytes "
                        "per tile); use more IPUs, a smaller batch"));
}

} // namespace
} // namespace gnnc::partition
