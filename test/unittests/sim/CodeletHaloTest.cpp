//===- CodeletHaloTest.cpp - halo.gather / segment / spmm vs references ---===//
//
// halo.gather runs on hand-built per-tile tables, halos and refs and must
// equal a plain loop over the global tensors. halo.segment runs on random
// graphs partitioned into row blocks, with an exact halo (every remote source
// row a tile reads, once) and a per-tile CSR of the edges into its rows in
// edge order; it must equal gnnrt::scatter(gather(x, src), dst) (with the
// mask of the source rows, or degree() for an unweighted count) bit for bit.
// halo.spmm must equal scatter(gather(x, src) * w, dst) bit for bit.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "CodeletTestUtil.h"
#include "gmock/gmock.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Random.h"
#include "gtest/gtest.h"

namespace gnnrt::sim {
namespace {

using ::testing::HasSubstr;
using testutil::bitEqual;
using testutil::Harness;
using testutil::Layout;
using testutil::reduceName;

const float kNaN = std::numeric_limits<float>::quiet_NaN();

/// Rows [begin, end) of tile `t` under a block of `block` rows of `n`.
std::pair<int64_t, int64_t> blockRows(int64_t n, int64_t block, int64_t t) {
  int64_t b = std::min(n, t * block), e = std::min(n, (t + 1) * block);
  return {b, e};
}

/// A tensor of `dtype` with random contents (any bit pattern of a row is
/// copied as is by halo.gather).
Tensor randomOf(DType dtype, const Shape &shape, uint64_t seed) {
  switch (dtype) {
  case DType::kF32:
    return randomFloatTensor(shape, -2.0f, 2.0f, seed);
  case DType::kBool:
    return randomBoolTensor(shape, 0.5, seed);
  default:
    return randomIntTensor(dtype, shape, -1000, 1000, seed);
  }
}

//===-- halo.gather -------------------------------------------------------===//

enum class RefMix { kBoth, kLocalOnly, kHaloOnly };

struct GatherCase {
  DType dtype;
  Shape row;             // the row shape F...
  int64_t n, tableBlock; // table rows and block
  int64_t haloRows;      // H per tile
  int64_t outRows, outBlock;
  int64_t tiles;
  RefMix mix;
  bool perTileHalo; // halo as [T, H, F...] (block 1) instead of [T*H, ...]
};

Shape withRows(int64_t rows, const Shape &row) {
  Shape s = {rows};
  s.insert(s.end(), row.begin(), row.end());
  return s;
}

void runGatherCase(const GatherCase &c, uint64_t seed) {
  const int64_t width = numElements(c.row);
  const int64_t es = dtypeSize(c.dtype);
  Tensor table = randomOf(c.dtype, withRows(c.n, c.row), seed);
  Shape haloShape = withRows(c.tiles * c.haloRows, c.row);
  if (c.perTileHalo)
    haloShape = withRows(c.tiles, withRows(c.haloRows, c.row));
  Tensor halo = randomOf(c.dtype, haloShape, seed + 1);
  Tensor refs(DType::kI32, {c.outRows});
  Tensor want(c.dtype, withRows(c.outRows, c.row));
  uint64_t counter = 0;
  for (int64_t i = 0; i < c.outRows; ++i) {
    int64_t t = i / c.outBlock;
    auto [tb, te] = blockRows(c.n, c.tableBlock, t);
    int64_t local = te - tb;
    bool toHalo = c.mix == RefMix::kHaloOnly ||
                  (c.mix == RefMix::kBoth &&
                   randomUniform01(seed, 7, counter++) < 0.5f) ||
                  local == 0;
    if (c.mix == RefMix::kLocalOnly) {
      ASSERT_GT(local, 0) << "a local-only case needs local rows on tile " << t;
    }
    int64_t range = toHalo ? c.haloRows : local;
    int64_t pick = std::min(
        range - 1, static_cast<int64_t>(randomUniform01(seed, 8, counter++) *
                                        static_cast<float>(range)));
    int32_t ref = static_cast<int32_t>(toHalo ? -pick - 1 : pick);
    refs.data<int32_t>()[i] = ref;
    // The plain-loop reference on the global tensors.
    const uint8_t *src =
        toHalo ? halo.rawData() + (t * c.haloRows + pick) * width * es
               : table.rawData() + (tb + pick) * width * es;
    std::memcpy(want.rawData() + i * width * es, src,
                static_cast<size_t>(width * es));
  }
  Harness h("halo.gather", c.tiles);
  h.in("table", table, Layout::kRows, c.tableBlock)
      .in("halo", halo, Layout::kRows, c.perTileHalo ? 1 : c.haloRows)
      .in("refs", refs, Layout::kRows, c.outBlock)
      .out("out", c.dtype, want.shape(), Layout::kRows, c.outBlock);
  absl::StatusOr<std::vector<Tensor>> got = h.run();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(bitEqual((*got)[0], want))
      << "\n got " << (*got)[0].toString() << "\nwant " << want.toString();
  // Each tile pays gatherCycles for its rows; a tile without rows only the
  // vertex overhead.
  TargetModel target;
  for (int64_t t = 0; t < c.tiles; ++t) {
    auto [b, e] = blockRows(c.outRows, c.outBlock, t);
    EXPECT_EQ(h.cycles()[t],
              gatherCycles(target, CostParams(), e - b, width * es))
        << "tile " << t;
  }
}

TEST(CodeletHaloTest, GatherMatchesLoop) {
  // 17 table rows on 5 tiles: 5,5,5,2,0 (the last tile holds none, so its
  // refs all go to the halo); 23 out rows: 5,5,5,5,3.
  const GatherCase cases[] = {
      {DType::kF32, {3}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, false},
      {DType::kF32, {2, 3}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, true},
      {DType::kF32, {}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, false},
      {DType::kI64, {3}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, false},
      {DType::kI64, {}, 17, 5, 2, 23, 6, 4, RefMix::kBoth, true},
      {DType::kBool, {5}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, false},
      {DType::kBool, {}, 17, 5, 3, 23, 5, 5, RefMix::kBoth, true},
      {DType::kI32, {4}, 17, 5, 4, 23, 5, 5, RefMix::kBoth, false},
      {DType::kF32, {3}, 17, 5, 4, 23, 5, 5, RefMix::kHaloOnly, false},
      {DType::kI64, {2}, 20, 5, 4, 23, 6, 4, RefMix::kLocalOnly, false},
      // More out rows than the out block leaves on the last tile: 6,6,6,5,0.
      {DType::kF32, {3}, 17, 5, 4, 23, 6, 5, RefMix::kBoth, false},
  };
  uint64_t seed = 100;
  for (const GatherCase &c : cases) {
    SCOPED_TRACE(::testing::Message()
                 << dtypeName(c.dtype) << shapeToString(c.row) << " mix "
                 << static_cast<int>(c.mix) << " perTileHalo "
                 << c.perTileHalo);
    runGatherCase(c, seed += 10);
  }
}

/// A small gather on 2 tiles: table [4, 2] in blocks of 2, halo [2 x 3, 2].
Harness smallGather(const Tensor &refs, DType tableType = DType::kF32) {
  Harness h("halo.gather", 2);
  h.in("table", randomOf(tableType, {4, 2}, 1), Layout::kRows, 2)
      .in("halo", randomOf(DType::kF32, {6, 2}, 2), Layout::kRows, 3)
      .in("refs", refs, Layout::kRows, 3)
      .out("out", DType::kF32, {refs.dim(0), 2}, Layout::kRows, 3);
  return h;
}

TEST(CodeletHaloTest, GatherErrors) {
  Tensor refs = Tensor::fromI32({6}, {0, 1, -1, -3, 1, 0});
  ASSERT_TRUE(smallGather(refs).run().ok());

  Tensor badLocal = refs;
  badLocal.data<int32_t>()[4] = 2; // tile 1 holds 2 table rows
  EXPECT_THAT(smallGather(badLocal).run().status().message(),
              HasSubstr("halo.gather: ref 2 at entry 1 (out row 4) is out of "
                        "range: local row 2 but the local slice has 2 rows"));
  Tensor badHalo = refs;
  badHalo.data<int32_t>()[3] = -4; // 3 halo rows per tile
  EXPECT_THAT(smallGather(badHalo).run().status().message(),
              HasSubstr("halo.gather: ref -4 at entry 0 (out row 3) is out "
                        "of range: halo row 3 but the halo slice has 3 rows"));

  absl::Status wrongType = smallGather(refs, DType::kI64).check();
  EXPECT_THAT(wrongType.message(), HasSubstr("must share a dtype"));

  Harness i64Refs = smallGather(Tensor::fromI64({6}, {0, 1, -1, -3, 1, 0}));
  EXPECT_THAT(i64Refs.check().message(),
              HasSubstr("halo.gather: refs 'refs' (i64[6]) must be i32"));

  // refs blocked differently from the result: a count mismatch per tile.
  Harness skew("halo.gather", 2);
  skew.in("table", randomOf(DType::kF32, {4, 2}, 1), Layout::kRows, 2)
      .in("halo", randomOf(DType::kF32, {6, 2}, 2), Layout::kRows, 3)
      .in("refs", Tensor::fromI32({6}, {0, 0, 0, 0, 0, 0}), Layout::kRows, 4)
      .out("out", DType::kF32, {6, 2}, Layout::kRows, 3);
  EXPECT_THAT(skew.run().status().message(),
              HasSubstr("refs 'refs' has 4 local entries but result 'out' "
                        "has 3 local rows"));

  Harness badRow("halo.gather", 2);
  badRow.in("table", randomOf(DType::kF32, {4, 3}, 1), Layout::kRows, 2)
      .in("halo", randomOf(DType::kF32, {6, 2}, 2), Layout::kRows, 3)
      .in("refs", refs, Layout::kRows, 3)
      .out("out", DType::kF32, {6, 2}, Layout::kRows, 3);
  EXPECT_THAT(badRow.check().message(),
              HasSubstr("table 'table' has shape [4, 3], expected rows of "
                        "[2]"));

  Harness dim1("halo.gather", 2);
  dim1.in("table", randomOf(DType::kF32, {4, 2}, 1), Layout::kDim1, 1)
      .in("halo", randomOf(DType::kF32, {6, 2}, 2), Layout::kRows, 3)
      .in("refs", refs, Layout::kRows, 3)
      .out("out", DType::kF32, {6, 2}, Layout::kRows, 3);
  EXPECT_THAT(dim1.check().message(),
              HasSubstr("must be blocked on dim 0 or replicated"));
}

//===-- halo.segment ------------------------------------------------------===//

struct Graph {
  int64_t n = 0;
  std::vector<int64_t> src, dst;
};

enum class EdgeMix { kRandom, kLocalOnly, kHaloOnly };

/// A random graph on `n` nodes; kLocalOnly keeps edges inside a row block,
/// kHaloOnly keeps edges across blocks. Some nodes receive no edge.
Graph randomGraph(int64_t n, int64_t edges, int64_t block, EdgeMix mix,
                  uint64_t seed) {
  Graph g;
  g.n = n;
  uint64_t counter = 0;
  auto draw = [&](int64_t hi) {
    return std::min(hi - 1,
                    static_cast<int64_t>(randomUniform01(seed, 1, counter++) *
                                         static_cast<float>(hi)));
  };
  while (static_cast<int64_t>(g.src.size()) < edges) {
    int64_t d = draw(n);
    if (d % 7 == 3) // nodes 3, 10, 17, ... stay without in-edges
      continue;
    int64_t s = draw(n);
    bool same = s / block == d / block;
    if ((mix == EdgeMix::kLocalOnly && !same) ||
        (mix == EdgeMix::kHaloOnly && same))
      continue;
    g.src.push_back(s);
    g.dst.push_back(d);
  }
  return g;
}

/// The per-tile operands of halo.segment for `g` with rows in blocks of
/// `block` over `tiles` tiles: the halo of each tile (its remote sources in
/// first-use order, padded with NaN rows), the local CSR (entries of a row
/// in edge order) and the refs, padded with garbage that must not be read.
struct Plan {
  int64_t haloRows = 1, entries = 1;
  std::vector<std::vector<int64_t>> halo; // per tile: global source rows
  Tensor offsets, refs;
};

Plan planSegment(const Graph &g, int64_t tiles, int64_t block) {
  Plan p;
  std::vector<std::vector<int32_t>> refs(tiles), offs(tiles);
  p.halo.resize(tiles);
  for (int64_t t = 0; t < tiles; ++t) {
    auto [b, e] = blockRows(g.n, block, t);
    std::map<int64_t, int64_t> haloIndex;
    offs[t].push_back(0);
    for (int64_t r = b; r < e; ++r) {
      for (size_t k = 0; k < g.src.size(); ++k) {
        if (g.dst[k] != r)
          continue;
        int64_t s = g.src[k];
        if (s >= b && s < e) {
          refs[t].push_back(static_cast<int32_t>(s - b));
          continue;
        }
        auto it = haloIndex.find(s);
        if (it == haloIndex.end()) {
          it = haloIndex.emplace(s, p.halo[t].size()).first;
          p.halo[t].push_back(s);
        }
        refs[t].push_back(static_cast<int32_t>(-it->second - 1));
      }
      offs[t].push_back(static_cast<int32_t>(refs[t].size()));
    }
    p.haloRows = std::max<int64_t>(p.haloRows, p.halo[t].size());
    p.entries = std::max<int64_t>(p.entries, refs[t].size());
  }
  p.offsets = Tensor(DType::kI32, {tiles * (block + 1)});
  p.refs = Tensor(DType::kI32, {tiles * p.entries});
  for (int64_t t = 0; t < tiles; ++t) {
    int32_t *o = p.offsets.data<int32_t>().data() + t * (block + 1);
    for (int64_t i = 0; i <= block; ++i)
      o[i] = i < static_cast<int64_t>(offs[t].size()) ? offs[t][i]
                                                      : offs[t].back();
    int32_t *r = p.refs.data<int32_t>().data() + t * p.entries;
    for (int64_t i = 0; i < p.entries; ++i)
      r[i] = i < static_cast<int64_t>(refs[t].size())
                 ? refs[t][i]
                 : std::numeric_limits<int32_t>::min();
  }
  return p;
}

/// The halo rows of `x` ([n, F...] f32 or [n] bool) as [T * H, F...], or
/// [T, H, F...] when `perTile`; padding rows are NaN / true.
Tensor haloOf(const Tensor &x, const Plan &p, bool perTile) {
  int64_t tiles = static_cast<int64_t>(p.halo.size());
  Shape row(x.shape().begin() + 1, x.shape().end());
  Shape shape = perTile ? withRows(tiles, withRows(p.haloRows, row))
                        : withRows(tiles * p.haloRows, row);
  Tensor h(x.dtype(), shape);
  int64_t es = dtypeSize(x.dtype()), width = numElements(row);
  if (x.dtype() == DType::kF32)
    std::fill_n(h.data<float>().data(), h.numElements(), kNaN);
  else
    std::fill_n(h.rawData(), h.sizeInBytes(), 1);
  for (int64_t t = 0; t < tiles; ++t)
    for (size_t i = 0; i < p.halo[t].size(); ++i)
      std::memcpy(h.rawData() + (t * p.haloRows + i) * width * es,
                  x.rawData() + p.halo[t][i] * width * es,
                  static_cast<size_t>(width * es));
  return h;
}

struct SegmentCase {
  int64_t n, edges, tiles, block;
  Shape row; // the source's row shape (no source: the result's)
  EdgeMix mix;
  bool perTileHalo;
};

void runSegmentCase(const SegmentCase &c, uint64_t seed) {
  Graph g = randomGraph(c.n, c.edges, c.block, c.mix, seed);
  Plan p = planSegment(g, c.tiles, c.block);
  // The case reads what it says: local rows only, halo rows only, or both.
  int64_t local = 0, remote = 0;
  for (int64_t t = 0; t < c.tiles; ++t) {
    auto [b, e] = blockRows(c.n, c.block, t);
    const int32_t *o = p.offsets.data<int32_t>().data() + t * (c.block + 1);
    for (int64_t k = 0; k < o[e - b]; ++k)
      (p.refs.data<int32_t>()[t * p.entries + k] < 0 ? remote : local) += 1;
  }
  EXPECT_EQ(local + remote, c.edges);
  EXPECT_EQ(local > 0, c.mix != EdgeMix::kHaloOnly);
  EXPECT_EQ(remote > 0, c.mix != EdgeMix::kLocalOnly);
  Tensor x = randomFloatTensor(withRows(c.n, c.row), -2.0f, 2.0f, seed + 1);
  if (x.numElements() > 7) // NaN wins in max and min
    x.data<float>()[7] = kNaN;
  Tensor nodeMask = randomBoolTensor({c.n}, 0.7, seed + 2);
  Tensor srcIdx = Tensor::fromI64({c.edges}, g.src);
  Tensor dstIdx = Tensor::fromI64({c.edges}, g.dst);
  Tensor edgeMask(DType::kBool, {c.edges});
  for (int64_t e = 0; e < c.edges; ++e)
    edgeMask.data<uint8_t>()[e] = nodeMask.data<uint8_t>()[g.src[e]];
  Tensor xHalo = haloOf(x, p, c.perTileHalo);
  Tensor maskHalo = haloOf(nodeMask, p, c.perTileHalo);
  Tensor ones(DType::kF32, withRows(c.edges, c.row));
  std::fill_n(ones.data<float>().data(), ones.numElements(), 1.0f);
  absl::StatusOr<Tensor> messages = gather(x, srcIdx);
  ASSERT_TRUE(messages.ok()) << messages.status();
  const int64_t haloBlock = c.perTileHalo ? 1 : p.haloRows;

  for (Reduce kind : {Reduce::kSum, Reduce::kMean, Reduce::kMax, Reduce::kMin})
    for (bool hasSource : {true, false})
      for (bool hasMask : {false, true}) {
        SCOPED_TRACE(::testing::Message() << reduceName(kind) << " source "
                                          << hasSource << " mask " << hasMask);
        const Tensor *mask = hasMask ? &edgeMask : nullptr;
        absl::StatusOr<Tensor> want =
            hasSource ? scatter(*messages, dstIdx, c.n, kind, mask)
            : kind == Reduce::kSum && c.row.empty()
                ? degree(dstIdx, c.n, nullptr, mask)
                : scatter(ones, dstIdx, c.n, kind, mask);
        ASSERT_TRUE(want.ok()) << want.status();
        Harness h("halo.segment", c.tiles,
                  {{"reduce", std::string(reduceName(kind))},
                   {"has_source", int64_t{hasSource}},
                   {"has_mask", int64_t{hasMask}}});
        if (hasSource)
          h.in("x", x, Layout::kRows, c.block)
              .in("x_halo", xHalo, Layout::kRows, haloBlock);
        h.in("offsets", p.offsets, Layout::kRows, c.block + 1)
            .in("refs", p.refs, Layout::kRows, p.entries);
        if (hasMask)
          h.in("mask", nodeMask, Layout::kRows, c.block)
              .in("mask_halo", maskHalo, Layout::kRows, haloBlock);
        h.out("out", DType::kF32, withRows(c.n, c.row), Layout::kRows, c.block);
        absl::StatusOr<std::vector<Tensor>> got = h.run();
        ASSERT_TRUE(got.ok()) << got.status();
        EXPECT_TRUE(bitEqual((*got)[0], *want))
            << "\n got " << (*got)[0].toString() << "\nwant "
            << want->toString();
        // An empty tile pays the vertex overhead only; the others more.
        for (int64_t t = 0; t < c.tiles; ++t) {
          auto [b, e] = blockRows(c.n, c.block, t);
          if (b == e)
            EXPECT_EQ(h.cycles()[t], CostParams().vertexOverheadCycles);
          else
            EXPECT_GT(h.cycles()[t], CostParams().vertexOverheadCycles);
        }
      }
}

TEST(CodeletHaloTest, SegmentMatchesScatter) {
  // 17 nodes on 5 tiles in blocks of 4 (4,4,4,4,1) and of 5 (5,5,5,2,0: an
  // empty tile); 26 nodes on 3 tiles in blocks of 9.
  const SegmentCase cases[] = {
      {17, 60, 5, 4, {3}, EdgeMix::kRandom, false},
      {17, 60, 5, 5, {3}, EdgeMix::kRandom, true},
      {17, 40, 5, 5, {}, EdgeMix::kRandom, false},
      {26, 90, 3, 9, {2, 2}, EdgeMix::kRandom, true},
      {17, 40, 5, 4, {3}, EdgeMix::kLocalOnly, false},
      {17, 40, 5, 5, {3}, EdgeMix::kHaloOnly, false},
      {26, 50, 3, 9, {}, EdgeMix::kHaloOnly, true},
  };
  uint64_t seed = 500;
  for (const SegmentCase &c : cases) {
    SCOPED_TRACE(::testing::Message() << c.n << " nodes, block " << c.block
                                      << ", row " << shapeToString(c.row)
                                      << ", mix " << static_cast<int>(c.mix));
    runSegmentCase(c, seed += 10);
  }
}

/// Sums and means in entry order equal a sequential loop bit for bit even
/// where reassociation would not (large and small magnitudes).
TEST(CodeletHaloTest, SegmentAccumulatesInEntryOrder) {
  Tensor x = Tensor::fromF32({3}, {1e8f, 1.0f, -1e8f});
  Tensor halo = Tensor::fromF32({1}, {1.0f});
  // Row 0: x0 + x1 + halo0 + x2; row 1: x2 + x0 + x1; row 2: none.
  Tensor offsets = Tensor::fromI32({4}, {0, 4, 7, 7});
  Tensor refs = Tensor::fromI32({7}, {0, 1, -1, 2, 2, 0, 1});
  for (const char *kind : {"sum", "mean"}) {
    Harness h("halo.segment", 1, {{"reduce", std::string(kind)}});
    h.in("x", x, Layout::kRows, 3)
        .in("x_halo", halo, Layout::kRows, 1)
        .in("offsets", offsets, Layout::kRows, 4)
        .in("refs", refs, Layout::kRows, 7)
        .out("out", DType::kF32, {3}, Layout::kRows, 3);
    absl::StatusOr<std::vector<Tensor>> got = h.run();
    ASSERT_TRUE(got.ok()) << got.status();
    float r0 = 0.0f, r1 = 0.0f;
    for (float v : {1e8f, 1.0f, 1.0f, -1e8f})
      r0 += v;
    for (float v : {-1e8f, 1e8f, 1.0f})
      r1 += v;
    if (std::string(kind) == "mean") {
      r0 /= 4.0f;
      r1 /= 3.0f;
    }
    EXPECT_EQ((*got)[0].data<float>()[0], r0) << kind;
    EXPECT_EQ((*got)[0].data<float>()[1], r1) << kind;
    EXPECT_EQ((*got)[0].data<float>()[2], 0.0f) << kind;
  }
}

/// One tile, 3 out rows, source [4, 2] and halo [2, 2].
Harness smallSegment(const Tensor &offsets, const Tensor &refs,
                     Params params = {{"reduce", std::string("sum")}}) {
  Harness h("halo.segment", 1, std::move(params));
  h.in("x", randomFloatTensor({4, 2}, -1.0f, 1.0f, 3), Layout::kRows, 4)
      .in("x_halo", randomFloatTensor({2, 2}, -1.0f, 1.0f, 4), Layout::kRows, 2)
      .in("offsets", offsets, Layout::kRows, offsets.dim(0))
      .in("refs", refs, Layout::kRows, refs.dim(0))
      .out("out", DType::kF32, {3, 2}, Layout::kRows, 3);
  return h;
}

TEST(CodeletHaloTest, SegmentErrors) {
  Tensor offsets = Tensor::fromI32({4}, {0, 2, 2, 5});
  Tensor refs = Tensor::fromI32({5}, {0, -1, 3, -2, 1});
  ASSERT_TRUE(smallSegment(offsets, refs).run().ok());

  EXPECT_THAT(
      smallSegment(Tensor::fromI32({4}, {0, 3, 2, 5}), refs)
          .run()
          .status()
          .message(),
      HasSubstr("halo.segment: offsets are not monotone: offsets[1] = 3 > "
                "offsets[2] = 2 (out row 1)"));
  EXPECT_THAT(smallSegment(Tensor::fromI32({4}, {0, 2, 2, 6}), refs)
                  .run()
                  .status()
                  .message(),
              HasSubstr("halo.segment: offsets[3] = 6 exceeds the 5 local "
                        "entries of refs 'refs'"));
  EXPECT_THAT(smallSegment(Tensor::fromI32({4}, {-1, 2, 2, 5}), refs)
                  .run()
                  .status()
                  .message(),
              HasSubstr("offsets[0] = -1 is negative"));
  EXPECT_THAT(smallSegment(Tensor::fromI32({3}, {0, 2, 2}), refs)
                  .run()
                  .status()
                  .message(),
              HasSubstr("offsets 'offsets' has 3 local entries, 4 needed"));
  EXPECT_THAT(smallSegment(offsets, Tensor::fromI32({5}, {0, -1, 4, -2, 1}))
                  .run()
                  .status()
                  .message(),
              HasSubstr("halo.segment: ref 4 at entry 2 (out row 2) is out of "
                        "range: local row 4 but the local slice has 4 rows"));
  EXPECT_THAT(smallSegment(offsets, Tensor::fromI32({5}, {0, -3, 3, -2, 1}))
                  .run()
                  .status()
                  .message(),
              HasSubstr("halo.segment: ref -3 at entry 1 (out row 0) is out "
                        "of range: halo row 2 but the halo slice has 2 rows"));

  EXPECT_THAT(smallSegment(offsets, refs, {}).check().message(),
              HasSubstr("halo.segment: missing param 'reduce'"));
  EXPECT_THAT(smallSegment(offsets, refs, {{"reduce", std::string("prod")}})
                  .check()
                  .message(),
              HasSubstr("param 'reduce' is \"prod\""));
  EXPECT_THAT(
      smallSegment(offsets, refs,
                   {{"reduce", std::string("sum")}, {"has_source", int64_t{2}}})
          .check()
          .message(),
      HasSubstr("param 'has_source' must be 0 or 1, got 2"));
  EXPECT_THAT(
      smallSegment(offsets, refs,
                   {{"reduce", std::string("sum")}, {"has_mask", int64_t{1}}})
          .check()
          .message(),
      HasSubstr("halo.segment: takes 6 inputs, got 4 (source, "
                "source_halo, offsets, refs, mask, mask_halo)"));

  // A mask that is not one entry per source row.
  Harness badMask("halo.segment", 1,
                  {{"reduce", std::string("max")}, {"has_mask", int64_t{1}}});
  badMask.in("x", randomFloatTensor({4, 2}, -1.0f, 1.0f, 3), Layout::kRows, 4)
      .in("x_halo", randomFloatTensor({2, 2}, -1.0f, 1.0f, 4), Layout::kRows, 2)
      .in("offsets", offsets, Layout::kRows, 4)
      .in("refs", refs, Layout::kRows, 5)
      .in("mask", randomBoolTensor({3}, 0.5, 5), Layout::kRows, 3)
      .in("mask_halo", randomBoolTensor({2}, 0.5, 6), Layout::kRows, 2)
      .out("out", DType::kF32, {3, 2}, Layout::kRows, 3);
  EXPECT_THAT(badMask.check().message(),
              HasSubstr("mask 'mask' ([3]) must have one entry per row of "
                        "'x' ([4])"));

  // Without a source or a mask, refs are not read: any value is accepted.
  Harness count("halo.segment", 1,
                {{"reduce", std::string("sum")}, {"has_source", int64_t{0}}});
  count.in("offsets", offsets, Layout::kRows, 4)
      .in("refs", Tensor::fromI32({5}, {99, -99, 0, 0, 0}), Layout::kRows, 5)
      .out("out", DType::kF32, {3}, Layout::kRows, 3);
  absl::StatusOr<std::vector<Tensor>> degrees = count.run();
  ASSERT_TRUE(degrees.ok()) << degrees.status();
  EXPECT_TRUE(bitEqual((*degrees)[0], Tensor::fromF32({3}, {2, 0, 3})));
}

//===-- halo.spmm ---------------------------------------------------------===//

/// Two tiles of two rows each way. Tile 0 reads x2 and x3 through its halo,
/// tile 1 reads x0 and x1; magnitudes make the order of the sums and the
/// rounding of each product visible.
struct SmallSpmm {
  Tensor x = Tensor::fromF32({4, 2}, {1e8f, 3.0f, 0.1f, -7.0f, -1e8f, 0.3f,
                                      2.5f, 1e-3f});
  // Edges (src -> dst, weight), in edge order.
  Tensor src = Tensor::fromI64({7}, {2, 0, 3, 0, 1, 2, 1});
  Tensor dst = Tensor::fromI64({7}, {0, 0, 0, 2, 2, 3, 3});
  Tensor w = Tensor::fromF32({7, 1}, {1.0f, 1.0f, 0.7f, 0.3f, 3.0f, 1.1f, 0.9f});
  // Halo rows per tile: tile 0 [x2, x3], tile 1 [x0, x1].
  Tensor halo = Tensor::fromF32({4, 2}, {-1e8f, 0.3f, 2.5f, 1e-3f, 1e8f, 3.0f,
                                         0.1f, -7.0f});
  // CSR per tile (3 offsets, 3 entries): out row 0 <- e0, e1, e2; row 1 <-
  // none; row 2 <- e3, e4; row 3 <- e5.
  Tensor offsets = Tensor::fromI32({6}, {0, 3, 3, 0, 2, 3});
  Tensor refs = Tensor::fromI32({6}, {-1, 0, -2, -1, -2, 0});
  Tensor weights = Tensor::fromF32({6}, {1.0f, 1.0f, 0.7f, 0.3f, 3.0f, 1.1f});

  Harness harness(const Tensor &refsIn) const {
    Harness h("halo.spmm", 2);
    h.in("x", x, Layout::kRows, 2)
        .in("x_halo", halo, Layout::kRows, 2)
        .in("offsets", offsets, Layout::kRows, 3)
        .in("refs", refsIn, Layout::kRows, 3)
        .in("weights", weights, Layout::kRows, 3)
        .out("out", DType::kF32, {4, 2}, Layout::kRows, 2);
    return h;
  }
};

TEST(CodeletHaloTest, SpmmMatchesGatherMulScatter) {
  SmallSpmm c;
  // The last edge (1 -> 3) is left out of the CSR: the reference masks it.
  Tensor mask = Tensor::fromBool({7}, {1, 1, 1, 1, 1, 1, 0});
  absl::StatusOr<Tensor> rows = gather(c.x, c.src);
  ASSERT_TRUE(rows.ok());
  absl::StatusOr<Tensor> scaled = binary(BinaryOp::kMul, *rows, c.w);
  ASSERT_TRUE(scaled.ok());
  absl::StatusOr<Tensor> want = scatter(*scaled, c.dst, 4, Reduce::kSum, &mask);
  ASSERT_TRUE(want.ok());
  Harness h = c.harness(c.refs);
  absl::StatusOr<std::vector<Tensor>> got = h.run();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(bitEqual((*got)[0], *want))
      << "\n got " << (*got)[0].toString() << "\nwant " << want->toString();
  for (int64_t t = 0; t < 2; ++t)
    EXPECT_GT(h.cycles()[t], CostParams().vertexOverheadCycles);

  // A tile without table rows reads everything through its halo.
  Harness haloOnly("halo.spmm", 1, {{"has_table", int64_t{0}}});
  haloOnly.in("x_halo", Tensor::fromF32({2, 2}, {1.0f, 2.0f, 3.0f, 4.0f}),
              Layout::kRows, 2)
      .in("offsets", Tensor::fromI32({2}, {0, 2}), Layout::kRows, 2)
      .in("refs", Tensor::fromI32({2}, {-2, -1}), Layout::kRows, 2)
      .in("weights", Tensor::fromF32({2}, {0.5f, 2.0f}), Layout::kRows, 2)
      .out("out", DType::kF32, {1, 2}, Layout::kRows, 1);
  got = haloOnly.run();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)[0].data<float>()[0], 3.0f * 0.5f + 1.0f * 2.0f);
  EXPECT_EQ((*got)[0].data<float>()[1], 4.0f * 0.5f + 2.0f * 2.0f);
}

TEST(CodeletHaloTest, SpmmErrors) {
  SmallSpmm c;
  Tensor badRef = c.refs;
  badRef.data<int32_t>()[4] = -3; // 2 halo rows per tile
  EXPECT_THAT(c.harness(badRef).run().status().message(),
              HasSubstr("halo.spmm: ref -3 at entry 1 (out row 2) is out of "
                        "range: halo row 2 but the halo slice has 2 rows"));

  Harness shortWeights("halo.spmm", 2);
  shortWeights.in("x", c.x, Layout::kRows, 2)
      .in("x_halo", c.halo, Layout::kRows, 2)
      .in("offsets", c.offsets, Layout::kRows, 3)
      .in("refs", c.refs, Layout::kRows, 3)
      .in("weights", Tensor::fromF32({4}, {1, 1, 1, 1}), Layout::kRows, 2)
      .out("out", DType::kF32, {4, 2}, Layout::kRows, 2);
  EXPECT_THAT(shortWeights.check().message(),
              HasSubstr("must be shaped and mapped like refs"));

  Harness missing("halo.spmm", 2);
  missing.in("x", c.x, Layout::kRows, 2)
      .in("offsets", c.offsets, Layout::kRows, 3)
      .in("refs", c.refs, Layout::kRows, 3)
      .in("weights", c.weights, Layout::kRows, 3)
      .out("out", DType::kF32, {4, 2}, Layout::kRows, 2);
  EXPECT_THAT(missing.check().message(),
              HasSubstr("halo.spmm: takes 5 inputs (table, halo, offsets, "
                        "refs, weights)"));
}

} // namespace
} // namespace gnnrt::sim
