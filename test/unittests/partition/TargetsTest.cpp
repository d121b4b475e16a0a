//===- TargetsTest.cpp - Named target presets ------------------------------===//
#include "gnnc/Partition/Targets.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gnnc::partition {
namespace {

using ::testing::HasSubstr;

TEST(TargetsTest, Presets) {
  gnnrt::TargetModel gc200 = gc200Target();
  EXPECT_EQ(gc200.tilesPerIpu, 1472);
  EXPECT_EQ(gc200.bytesPerTile, 638976);
  EXPECT_DOUBLE_EQ(gc200.clockHz, 1.33e9);
  EXPECT_TRUE(gc200.validate().ok());
  gnnrt::TargetModel bow = bowTarget(4);
  EXPECT_EQ(bow.tilesPerIpu, 1472);
  EXPECT_EQ(bow.bytesPerTile, 638976);
  EXPECT_DOUBLE_EQ(bow.clockHz, 1.85e9);
  EXPECT_EQ(bow.totalTiles(), 5888);
  gnnrt::TargetModel test = testTarget();
  EXPECT_EQ(test.totalTiles(), 16);
  EXPECT_EQ(test.bytesPerTile, 65536);
  EXPECT_TRUE(test.validate().ok());
}

TEST(TargetsTest, ByName) {
  for (const std::string &name : targetNames()) {
    absl::StatusOr<gnnrt::TargetModel> t = targetByName(name, 2);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->numIpus, 2);
  }
  EXPECT_EQ(targetByName("gc200")->clockHz, 1.33e9);
  EXPECT_EQ(targetByName("BOW")->clockHz, 1.85e9);
  EXPECT_EQ(targetByName("test", 3)->totalTiles(), 48);
}

TEST(TargetsTest, UnknownNameListsValidNames) {
  absl::StatusOr<gnnrt::TargetModel> t = targetByName("mk3");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().message(),
            "unknown target 'mk3'; valid targets: gc200, bow, test");
}

TEST(TargetsTest, BadIpuCountNamesTheField) {
  absl::StatusOr<gnnrt::TargetModel> t = targetByName("gc200", 0);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("numIpus is 0"));
}

} // namespace
} // namespace gnnc::partition
