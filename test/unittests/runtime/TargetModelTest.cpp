//===- TargetModelTest.cpp - Target description ----------------------------===//
#include "gnnrt/TargetModel.h"

#include <cmath>
#include <limits>

#include "TestUtil.h"

namespace gnnrt {
namespace {

using namespace testing_util;

TEST(TargetModelTest, Mk2Defaults) {
  TargetModel t = TargetModel::ipuMk2();
  EXPECT_TRUE(t.validate().ok()) << t.validate();
  EXPECT_EQ(t.tilesPerIpu, 1472);
  EXPECT_EQ(t.bytesPerTile, 638976);
  EXPECT_EQ(t.totalTiles(), 1472);
  t.numIpus = 4;
  EXPECT_EQ(t.totalTiles(), 5888);
  EXPECT_TRUE(t.validate().ok());
}

TEST(TargetModelTest, ToString) {
  EXPECT_EQ(TargetModel::ipuMk2().toString(),
            "target<tilesPerIpu=1472, bytesPerTile=638976, numIpus=1, "
            "clockHz=1.85e+09, exchangeBytesPerCycle=4, syncCycles=600, "
            "workersPerTile=6>");
  TargetModel small;
  small.tilesPerIpu = 4;
  small.bytesPerTile = 1024;
  small.clockHz = 1e6;
  EXPECT_EQ(small.toString(),
            "target<tilesPerIpu=4, bytesPerTile=1024, numIpus=1, "
            "clockHz=1e+06, exchangeBytesPerCycle=4, syncCycles=600, "
            "workersPerTile=6>");
}

TEST(TargetModelTest, ValidateNamesTheField) {
  struct Case {
    void (*mutate)(TargetModel &);
    const char *field;
  };
  const Case cases[] = {
      {[](TargetModel &t) { t.tilesPerIpu = 0; }, "tilesPerIpu is 0"},
      {[](TargetModel &t) { t.bytesPerTile = -1; }, "bytesPerTile is -1"},
      {[](TargetModel &t) { t.numIpus = 0; }, "numIpus is 0"},
      {[](TargetModel &t) { t.exchangeBytesPerCycle = 0; },
       "exchangeBytesPerCycle is 0"},
      {[](TargetModel &t) { t.syncCycles = -5; }, "syncCycles is -5"},
      {[](TargetModel &t) { t.workersPerTile = 0; }, "workersPerTile is 0"},
      {[](TargetModel &t) { t.clockHz = 0; }, "clockHz is 0"},
      {[](TargetModel &t) { t.clockHz = -1e9; }, "clockHz"},
      {[](TargetModel &t) { t.clockHz = std::nan(""); }, "clockHz"},
      {[](TargetModel &t) {
         t.clockHz = std::numeric_limits<double>::infinity();
       },
       "clockHz"},
      {[](TargetModel &t) {
         t.tilesPerIpu = int64_t{1} << 40;
         t.numIpus = int64_t{1} << 40;
       },
       "overflows"},
  };
  for (const Case &c : cases) {
    TargetModel t;
    c.mutate(t);
    expectInvalid(t.validate(), c.field);
  }
  TargetModel noSync;
  noSync.syncCycles = 0; // a free sync is allowed
  EXPECT_TRUE(noSync.validate().ok());
}

} // namespace
} // namespace gnnrt
