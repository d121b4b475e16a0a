//===- RowBlocksTest.cpp - Contiguous row blocks over tiles ----------------===//
#include "gnnc/Partition/RowBlocks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gnnc::partition {
namespace {

using ::testing::HasSubstr;

/// Blocks are contiguous, cover [0, R) in order, and tileOf agrees.
void expectCovers(const RowBlockMapping &m) {
  ASSERT_EQ(static_cast<int64_t>(m.offsets.size()), m.numTiles + 1);
  EXPECT_EQ(m.offsets.front(), 0);
  EXPECT_EQ(m.offsets.back(), m.numRows);
  for (int64_t t = 0; t < m.numTiles; ++t) {
    EXPECT_LE(m.begin(t), m.end(t));
    for (int64_t r = m.begin(t); r < m.end(t); ++r)
      EXPECT_EQ(m.tileOf(r), t) << "row " << r;
  }
}

TEST(RowBlocksTest, BalancedDiffersByAtMostOne) {
  for (int64_t rows : {0, 1, 15, 16, 17, 100, 2708}) {
    for (int64_t tiles : {1, 3, 16, 1472}) {
      auto m = mapRowBlocks(rows, 8, tiles, 1 << 20);
      ASSERT_TRUE(m.ok()) << m.status();
      expectCovers(*m);
      int64_t lo = rows / tiles, hi = (rows + tiles - 1) / tiles;
      for (int64_t t = 0; t < tiles; ++t) {
        EXPECT_GE(m->rows(t), lo);
        EXPECT_LE(m->rows(t), hi);
      }
      EXPECT_EQ(m->maxRows(), hi);
      EXPECT_EQ(m->maxBytes(), hi * 8);
    }
  }
}

TEST(RowBlocksTest, ExampleBlocks) {
  auto m = mapRowBlocks(10, 4, 4, 1024);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->offsets, (std::vector<int64_t>{0, 3, 6, 8, 10}));
  auto u = mapRowBlocks(10, 4, 4, 1024, BlockStyle::kUniform);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->offsets, (std::vector<int64_t>{0, 3, 6, 9, 10}));
  // The #bsp.mapping block form leaves trailing tiles empty.
  auto e = mapRowBlocks(9, 4, 4, 1024, BlockStyle::kUniform);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->offsets, (std::vector<int64_t>{0, 3, 6, 9, 9}));
  expectCovers(*e);
  EXPECT_EQ(e->maxBytes(), 12);
}

TEST(RowBlocksTest, FitsExactlyAtTheLimit) {
  // 2708 rows over 16 tiles: 170 rows of 100 bytes on the largest tile.
  auto m = mapRowBlocks(2708, 100, 16, 17000);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->maxBytes(), 17000);
  EXPECT_EQ(m->largestTile(), 0);
}

TEST(RowBlocksTest, OverflowNamesTileBytesAndLimit) {
  auto m = mapRowBlocks(2708, 100, 16, 16999);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(m.status().message(),
            "row blocks: tile 0 needs 170 rows x 100 bytes = 17000 bytes, "
            "over the limit of 16999 bytes per tile; 2708 rows need at least "
            "17 tiles; use more tiles or IPUs, or fewer or smaller rows");
}

TEST(RowBlocksTest, RowLargerThanATile) {
  auto m = mapRowBlocks(4, 2048, 16, 1024);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(),
              HasSubstr("a single row does not fit; split the row"));
}

TEST(RowBlocksTest, BadSizes) {
  EXPECT_EQ(mapRowBlocks(-1, 4, 4, 16).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(mapRowBlocks(4, 0, 4, 16).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(mapRowBlocks(4, 4, 0, 16).status().code(),
            absl::StatusCode::kInvalidArgument);
}

} // namespace
} // namespace gnnc::partition
