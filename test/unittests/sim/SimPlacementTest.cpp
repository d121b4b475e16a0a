//===- SimPlacementTest.cpp - Lifetimes, planned offsets, dim-1 layouts ---===//
#include <cctype>
#include <cstring>
#include <random>

#include "gmock/gmock.h"
#include "gnnrt/sim/Codelets.h"
#include "gnnrt/sim/Simulator.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::sim {
namespace {

using testutil::smallTarget;
using testutil::tensorDecl;

using ::testing::HasSubstr;

Tensor iota(Shape shape, float start = 0) {
  std::vector<float> v(static_cast<size_t>(numElements(shape)));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = start + static_cast<float>(i);
  return Tensor::fromF32(shape, v);
}

using ::gnnrt::sim::testutil::bitEqual;

// --- Mapping geometry ---

TEST(SimMappingTest, Dim1SliceGeometry) {
  // [3, 10, 2] blocked on dim 1 in blocks of 4 over tiles 1..3: tile 1
  // holds columns 0-3, tile 2 4-7, tile 3 8-9.
  TensorDecl t = tensorDecl("t", {3, 10, 2}, Mapping::blocked({1, 3}, 4, 1));
  using Range = std::pair<int64_t, int64_t>;
  EXPECT_EQ(t.rowsOnTile(1), Range(0, 4));
  EXPECT_EQ(t.rowsOnTile(3), Range(8, 10));
  EXPECT_EQ(t.rowsOnTile(0), Range(0, 0));
  EXPECT_EQ(t.localShape(2), (Shape{3, 4, 2}));
  EXPECT_EQ(t.localShape(3), (Shape{3, 2, 2}));
  EXPECT_EQ(t.localShape(0), (Shape{0, 0, 0}));
  EXPECT_EQ(t.bytesOnTile(1), 3 * 4 * 2 * 4);
  EXPECT_EQ(t.bytesOnTile(3), 3 * 2 * 2 * 4);
  EXPECT_EQ(t.maxBytesOnTile(), 96);
  EXPECT_EQ(t.tilesWithData(), 3);
  // Runs of tile 2: one per index of dim 0, 8 elements each.
  std::vector<ElementRun> runs;
  forEachRun(t, 2, 0, 60, [&](const ElementRun &r) { runs.push_back(r); });
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].begin, 20 + 8);
  EXPECT_EQ(runs[1].length, 8);
  EXPECT_EQ(runs[1].local, 8);
  // Clipped to a flat range inside row 1.
  runs.clear();
  forEachRun(t, 2, 30, 33, [&](const ElementRun &r) { runs.push_back(r); });
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].begin, 30);
  EXPECT_EQ(runs[0].length, 3);
  EXPECT_EQ(runs[0].local, 8 + 2);
}

TEST(SimMappingTest, Dim1ValidationErrors) {
  Program p;
  p.target = smallTarget();
  p.tensors = {tensorDecl("v", {8}, Mapping::blocked({0, 4}, 2, 1))};
  EXPECT_THAT(validate(p).message(),
              HasSubstr("mapping dim 1 must be 0, or 1 for rank >= 2"));
  p.tensors = {tensorDecl("m", {2, 9}, Mapping::blocked({0, 4}, 2, 1))};
  EXPECT_THAT(validate(p).message(),
              HasSubstr("blocks of 2 rows on 4 tiles cover 8 rows but dim 1 "
                        "is 9"));
  p.tensors = {tensorDecl("r", {2, 9}, Mapping{true, 0, {0, 4}, 1})};
  EXPECT_THAT(validate(p).message(), HasSubstr("replicated mapping has dim 0"));
  p.tensors = {tensorDecl("ok", {2, 9}, Mapping::blocked({0, 4}, 3, 1))};
  EXPECT_TRUE(validate(p).ok()) << validate(p);
}

// --- Lifetimes ---

Program lifetimeProgram() {
  Program p;
  p.target = smallTarget();
  Mapping m = Mapping::blocked({0, 4}, 1);
  p.tensors = {tensorDecl("in", {4}, m),  tensorDecl("a", {4}, m),
               tensorDecl("b", {4}, m),   tensorDecl("c", {4}, m),
               tensorDecl("unused", {4}, m), tensorDecl("w", {4}, m),
               tensorDecl("k", {4}, m)};
  p.tensors[5].state = "w";
  p.tensors[6].constant = iota({4});
  p.streams = {{"x", DType::kF32, {4}, StreamDirection::kHostToDevice},
               {"y", DType::kF32, {4}, StreamDirection::kDeviceToHost}};
  TileRange all{0, 4};
  p.steps = {
      Step::streamCopy("x", "in"),                                   // 0
      Step::computeSet("c1", {{"relu", all, {"in"}, {"a"}}}),        // 1
      Step::repeat(2,                                                // 2
                   {Step::sync(),                                    // 3
                    Step::repeat(3, {Step::computeSet(               // 4
                                        "c2", {{"relu", all, {"a"},  // 5
                                                {"b"}}})}),
                    Step::sync()}),                                  // 6
      Step::computeSet("c3", {{"relu", all, {"b"}, {"c"}}}),         // 7
      Step::streamCopy("c", "y"),                                    // 8
  };
  return p;
}

TEST(SimLifetimeTest, PreOrderWithOutermostRepeat) {
  Program p = lifetimeProgram();
  EXPECT_EQ(countSteps(p.steps), 9);
  std::vector<Lifetime> l = tensorLifetimes(p);
  auto is = [](const Lifetime &x, int64_t f, int64_t e) {
    return x.first == f && x.last == e;
  };
  EXPECT_TRUE(is(l[0], 0, 8));  // in: filled by the host: whole program
  EXPECT_TRUE(is(l[1], 1, 6));  // a: c1, then inside the outer repeat [2, 6]
  EXPECT_TRUE(is(l[2], 2, 7));  // b: the outer repeat, then c3
  EXPECT_TRUE(is(l[3], 7, 8));  // c
  EXPECT_TRUE(l[4].empty());    // unused
  EXPECT_TRUE(is(l[5], 0, 8));  // state: whole program
  EXPECT_TRUE(is(l[6], 0, 8));  // constant: whole program
  EXPECT_TRUE(l[0].overlaps(l[1]));
  EXPECT_TRUE(l[0].overlaps(l[2]));
  EXPECT_FALSE(l[1].overlaps(l[3])); // a [1, 6] and c [7, 8]
  EXPECT_FALSE(l[0].overlaps(l[4]));
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  EXPECT_EQ((*sim)->lifetimeOf("b").first, 2);
  EXPECT_TRUE((*sim)->lifetimeOf("nope").empty());
}

// --- Planned offsets ---

TEST(SimPlacementTest, PlannedOffsetsShareBytesWhenLifetimesDoNot) {
  Program p = lifetimeProgram();
  // 4 bytes per tile each. `a` [1,6] and `c` [7,8] may share offset 8; `in`
  // (host-filled), `w` and `k` live throughout; `b` [2,7] has 0 to itself;
  // `unused` overlaps everything in bytes but lives nowhere.
  int64_t offsets[] = {32, 8, 0, 8, 0, 16, 24};
  for (size_t i = 0; i < p.tensors.size(); ++i)
    p.tensors[i].offset = offsets[i];
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  EXPECT_EQ((*sim)->offsetOf("c", 2), 8);
  EXPECT_EQ((*sim)->offsetOf("k", 3), 24);
  // The arena ends at the highest used byte.
  EXPECT_EQ((*sim)->arenaBytes(0), 36);
  EXPECT_EQ((*sim)->profile().bytesPerTile[3], 36);
  // Constants are written at creation; the program computes through shared
  // bytes correctly.
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("k"), iota({4})));
  ASSERT_TRUE((*sim)->setStream("x", Tensor::fromF32({4}, {-1, 2, -3, 4})).ok());
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE((*sim)->getStream("y")->allClose(
      Tensor::fromF32({4}, {0, 2, 0, 4})));
}

TEST(SimPlacementTest, OverlappingLiveOffsetsAreRejected) {
  Program p = lifetimeProgram();
  int64_t offsets[] = {32, 8, 0, 8, 0, 16, 24};
  for (size_t i = 0; i < p.tensors.size(); ++i)
    p.tensors[i].offset = offsets[i];
  p.tensors[1].offset = 0; // a [1,6] on top of b [2,7]
  auto sim = Simulator::create(p);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(sim.status().message(), HasSubstr("'a' (bytes [0, 4), live "
                                                "steps [1, 6])"));
  EXPECT_THAT(sim.status().message(), HasSubstr("'b' (bytes [0, 4), live "
                                                "steps [2, 7])"));
  EXPECT_THAT(sim.status().message(), HasSubstr("overlap on tile 0"));
  // The host-filled `in` lives everywhere: nothing may sit on it.
  p.tensors[1].offset = 32;
  sim = Simulator::create(p);
  ASSERT_FALSE(sim.ok());
  EXPECT_THAT(sim.status().message(), HasSubstr("'in' (bytes [32, 36), live "
                                                "steps [0, 8])"));
  // Partial byte overlap with the state tensor (live everywhere).
  p.tensors[1].offset = 8;
  p.tensors[5].offset = 4; // w [4, 8): touches [0, 4) and [8, 12) only
  ASSERT_TRUE(Simulator::create(p).ok());
  p.tensors[5].offset = 12; // w [12, 16): fine too
  ASSERT_TRUE(Simulator::create(p).ok());
  p.tensors[6].offset = 12; // k [12, 16) and w [12, 16): both live always
  sim = Simulator::create(p);
  ASSERT_FALSE(sim.ok());
  EXPECT_THAT(sim.status().message(), HasSubstr("'w'"));
  EXPECT_THAT(sim.status().message(), HasSubstr("'k'"));
}

TEST(SimPlacementTest, OnlySharedTilesConflict) {
  Program p;
  p.target = smallTarget();
  p.tensors = {tensorDecl("a", {2}, Mapping::blocked({0, 2}, 1), 0),
               tensorDecl("b", {2}, Mapping::blocked({2, 2}, 1), 0)};
  p.steps = {Step::computeSet("c", {{"relu", {0, 2}, {"a"}, {"a"}},
                                    {"relu", {2, 2}, {"b"}, {"b"}}})};
  EXPECT_TRUE(Simulator::create(p).ok());
  // A dim-0 tensor whose last tiles hold nothing does not conflict there.
  p.tensors = {tensorDecl("a", {3}, Mapping::blocked({0, 4}, 2), 0),
               tensorDecl("b", {2}, Mapping::blocked({2, 2}, 1), 0)};
  EXPECT_TRUE(Simulator::create(p).ok()) << Simulator::create(p).status();
  p.tensors[1].mapping = Mapping::blocked({1, 2}, 1);
  p.steps = {Step::computeSet("c", {{"relu", {0, 1}, {"a"}, {"a"}},
                                    {"relu", {1, 2}, {"b"}, {"b"}}})};
  auto sim = Simulator::create(p);
  EXPECT_THAT(sim.status().message(), HasSubstr("overlap on tile 1"));
}

TEST(SimPlacementTest, UnplannedTensorsGoAfterThePlannedRegion) {
  Program p;
  p.target = smallTarget();
  p.tensors = {tensorDecl("a", {4, 3}, Mapping::blocked({0, 4}, 1), 100),
               tensorDecl("b", {4, 2}, Mapping::blocked({0, 4}, 1)),
               tensorDecl("c", {2}, Mapping::blocked({0, 2}, 1), 0)};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  // Planned region ends at 112 on every tile; b is bump-placed at 112.
  EXPECT_EQ((*sim)->offsetOf("b", 0), 112);
  EXPECT_EQ((*sim)->offsetOf("b", 3), 112);
  EXPECT_EQ((*sim)->arenaBytes(0), 120);
}

TEST(SimPlacementTest, OffsetValidation) {
  Program p;
  p.target = smallTarget(4, 1024);
  p.tensors = {tensorDecl("a", {4, 8}, Mapping::blocked({0, 4}, 1), -2)};
  EXPECT_THAT(validate(p).message(), HasSubstr("offset -2 must be >= 0"));
  p.tensors[0].offset = 2;
  EXPECT_THAT(validate(p).message(),
              HasSubstr("offset 2 is not a multiple of the 4-byte f32"));
  p.tensors[0].offset = 1000;
  absl::Status s = validate(p);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(s.message(),
              HasSubstr("offset 1000 + 32 bytes of its largest slice"));
  p.tensors[0].offset = 992;
  EXPECT_TRUE(validate(p).ok());
  p.tensors[0].offset = int64_t(1) << 62;
  EXPECT_FALSE(validate(p).ok());
}

TEST(SimPlacementTest, ConstantStateAndStreamValidation) {
  Program p;
  p.target = smallTarget();
  p.tensors = {tensorDecl("k", {4}, Mapping::replica({0, 4}))};
  p.tensors[0].constant = iota({5});
  EXPECT_THAT(validate(p).message(),
              HasSubstr("constant is f32[5] but the tensor is f32[4]"));
  p.tensors[0].constant = Tensor::fromI64({4}, {1, 2, 3, 4});
  EXPECT_THAT(validate(p).message(), HasSubstr("constant is i64[4]"));
  p.tensors[0].constant = iota({4});
  p.tensors[0].state = "s";
  EXPECT_THAT(validate(p).message(), HasSubstr("cannot also hold state"));
  p.tensors[0].constant.reset();
  p.tensors.push_back(tensorDecl("k2", {4}, Mapping::replica({0, 4})));
  p.tensors[1].state = "s";
  EXPECT_THAT(validate(p).message(),
              HasSubstr("state 's' is already held by tensor 'k'"));
  p.tensors[1].state = "s2";
  EXPECT_TRUE(validate(p).ok());

  HostStreamDecl x{"x", DType::kF32, {4}, StreamDirection::kHostToDevice,
                   "x", "input"};
  HostStreamDecl x2 = x;
  x2.name = "x2";
  p.streams = {x, x2};
  EXPECT_THAT(validate(p).message(),
              HasSubstr("binding 'x' is already used by host_to_device "
                        "stream 'x'"));
  p.streams[1].direction = StreamDirection::kDeviceToHost; // other direction
  EXPECT_TRUE(validate(p).ok());
  p.streams[1] = {"st", DType::kI32, {}, StreamDirection::kHostToDevice,
                  "step", "step"};
  EXPECT_THAT(validate(p).message(),
              HasSubstr("a \"step\" stream must be a host_to_device i64[] "
                        "scalar, got host_to_device i32[]"));
  p.streams[1].dtype = DType::kI64;
  EXPECT_TRUE(validate(p).ok());
}

// --- Exchanges and stream copies for any pair of mappings ---

TEST(SimExchangeTest, PartialsBlockedOnDim0ToDim1) {
  // P [G, N]: one row per tile (dim 0, block 1) -> P2 [G, N] blocked on
  // dim 1 in blocks of 3 columns over tiles 0-2 (the combine layout).
  const int64_t G = 4, N = 8;
  Program p;
  p.target = smallTarget();
  p.tensors = {tensorDecl("P", {G, N}, Mapping::blocked({0, 4}, 1, 0)),
               tensorDecl("P2", {G, N}, Mapping::blocked({0, 3}, 3, 1)),
               tensorDecl("Q", {G, N}, Mapping::blocked({1, 3}, 2, 0))};
  p.streams = {{"p_in", DType::kF32, {G, N}, StreamDirection::kHostToDevice},
               {"p2_out", DType::kF32, {G, N}, StreamDirection::kDeviceToHost}};
  p.steps = {Step::streamCopy("p_in", "P"), Step::exchange("relayout", {Copy{"P", -1, -1, "P2", -1, -1}}),
             Step::exchange("back", {Copy{"P2", -1, -1, "Q", -1, -1}}),
             Step::streamCopy("P2", "p2_out")};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor value = iota({G, N}, 1);
  ASSERT_TRUE((*sim)->setStream("p_in", value).ok());
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE(bitEqual(*(*sim)->getStream("p2_out"), value));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("P2"), value));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("Q"), value));
  // Tile 1 holds columns 3-5 of every row, compactly: [G, 3].
  Tensor onTile = *(*sim)->readTensorOnTile("P2", 1);
  ASSERT_EQ(onTile.shape(), (Shape{G, 3}));
  for (int64_t g = 0; g < G; ++g)
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_EQ(onTile.data<float>()[g * 3 + c], 1 + g * N + 3 + c);
  // Relayout traffic: tile t holds row t (8 floats) and keeps the columns of
  // its own block. Tile 0 receives columns 0-2 of rows 1-3 (36 B), tile 1
  // columns 3-5 of rows 0, 2, 3 (36 B), tile 2 columns 6-7 of rows 0, 1, 3
  // (24 B); tile 3 sends all of row 3 (32 B), tiles 0-2 send 5 or 6 columns.
  const Profile &prof = (*sim)->profile();
  EXPECT_EQ(prof.steps[1].bytes, (4 * 8 - 3 - 3 - 2) * 4);
  EXPECT_EQ(prof.steps[1].cycles, 36 / 4);
  EXPECT_EQ(prof.steps[1].maxTileCycles, 9);
  EXPECT_EQ(prof.steps[1].minTileCycles, 24 / 4);
}

struct MappingCase {
  Mapping m;
  Shape shape;
};

// Random copies between random layouts of random shapes, checked against a
// flat host-side copy.
TEST(SimExchangeTest, RandomLayoutsMatchFlatCopies) {
  std::mt19937_64 rng(1234);
  auto pick = [&](int64_t n) {
    return static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
  };
  auto randomMapping = [&](const Shape &shape) {
    int64_t first = pick(4);
    int64_t count = 1 + pick(8 - first);
    int kind = static_cast<int>(pick(shape.size() >= 2 ? 3 : 2));
    if (kind == 0)
      return Mapping::replica({first, count});
    int64_t dim = kind == 2 ? 1 : 0;
    int64_t size = shape[static_cast<size_t>(dim)];
    int64_t block = std::max<int64_t>(1, (size + count - 1) / count) + pick(2);
    return Mapping::blocked({first, count}, block, dim);
  };
  for (int trial = 0; trial < 300; ++trial) {
    Shape s1, s2;
    int64_t n = 0;
    // Same element count, possibly different shapes.
    int64_t a = 1 + pick(5), b = 1 + pick(6), c = 1 + pick(3);
    n = a * b * c;
    s1 = pick(2) ? Shape{a, b, c} : Shape{a * b, c};
    s2 = pick(2) ? Shape{a * c, b} : Shape{n};
    if (pick(3) == 0)
      s2 = Shape{c, a, b};
    Program p;
    p.target = smallTarget(8);
    p.tensors = {tensorDecl("S", s1, randomMapping(s1)),
                 tensorDecl("D", s2, randomMapping(s2))};
    int64_t len = pick(n + 1);
    int64_t sb = pick(n - len + 1), db = pick(n - len + 1);
    p.steps = {Step::exchange("x", {Copy{"S", sb, sb + len, "D", db, db + len}})};
    auto sim = Simulator::create(p, SimulatorOptions{CostParams(), 1 + static_cast<int>(trial % 3), nullptr});
    ASSERT_TRUE(sim.ok()) << sim.status();
    Tensor src = iota(s1, 1), dst = iota(s2, 1000);
    ASSERT_TRUE((*sim)->writeTensor("S", src).ok());
    ASSERT_TRUE((*sim)->writeTensor("D", dst).ok());
    ASSERT_TRUE((*sim)->run().ok());
    Tensor expect = dst;
    for (int64_t i = 0; i < len; ++i)
      expect.data<float>()[db + i] = src.data<float>()[sb + i];
    Tensor got = *(*sim)->readTensor("D");
    ASSERT_TRUE(bitEqual(got, expect))
        << "trial " << trial << " S" << shapeToString(s1) << " D"
        << shapeToString(s2) << " [" << sb << ", " << sb + len << ") -> ["
        << db << ", " << db + len << ")\n"
        << got.toString() << "\n"
        << expect.toString();
    // Every replica of a replicated destination was written.
    const TensorDecl &d = *(*sim)->program().findTensor("D");
    if (d.mapping.replicated) {
      for (int64_t t = d.mapping.tiles.first; t < d.mapping.tiles.end(); ++t) {
        ASSERT_TRUE(bitEqual(*(*sim)->readTensorOnTile("D", t), expect))
            << "trial " << trial << " tile " << t;
      }
    }
    // A copy moves at most its bytes per receiving tile.
    EXPECT_LE((*sim)->profile().bytesExchanged,
              len * 4 * (d.mapping.replicated ? d.mapping.tiles.count : 1));
  }
}

// --- Codelets see dim-1 slices ---

TEST(SimComputeTest, LocalSliceFieldsForEveryMapping) {
  uint8_t buf[8];
  // Dim 0: [10, 3, 2] in blocks of 4 over tiles 2-4: tile 4 has rows 8-9.
  TensorDecl d0 = tensorDecl("d0", {10, 3, 2}, Mapping::blocked({2, 3}, 4));
  LocalSlice s = makeLocalSlice(d0, 4, buf);
  EXPECT_EQ(s.decl, &d0);
  EXPECT_EQ(s.rows, 2);
  EXPECT_EQ(s.rowElements, 6);
  EXPECT_EQ(s.begin, 8);
  EXPECT_EQ(s.shape, (Shape{2, 3, 2}));
  EXPECT_EQ(s.data, buf);
  // Dim 1: [5, 7, 2] in blocks of 3 columns over tiles 0-2: tile 2 has
  // column 6 of every row.
  TensorDecl d1 = tensorDecl("d1", {5, 7, 2}, Mapping::blocked({0, 3}, 3, 1));
  s = makeLocalSlice(d1, 2, buf);
  EXPECT_EQ(s.rows, 5);
  EXPECT_EQ(s.rowElements, 1 * 2);
  EXPECT_EQ(s.begin, 6);
  EXPECT_EQ(s.shape, (Shape{5, 1, 2}));
  EXPECT_EQ(s.numElements(), d1.elementsOnTileCount(2));
  s = makeLocalSlice(d1, 1, buf);
  EXPECT_EQ(s.rowElements, 3 * 2);
  EXPECT_EQ(s.begin, 3);
  // Replicated, and a rank-0 replica.
  TensorDecl r = tensorDecl("r", {4, 3}, Mapping::replica({0, 4}));
  s = makeLocalSlice(r, 3, buf);
  EXPECT_EQ(s.rows, 4);
  EXPECT_EQ(s.rowElements, 3);
  EXPECT_EQ(s.begin, 0);
  EXPECT_EQ(s.shape, (Shape{4, 3}));
  TensorDecl r0 = tensorDecl("r0", {}, Mapping::replica({0, 4}));
  s = makeLocalSlice(r0, 1, buf);
  EXPECT_EQ(s.rows, 1);
  EXPECT_EQ(s.rowElements, 1);
  EXPECT_EQ(s.numElements(), 1);
  EXPECT_EQ(s.shape, Shape{});
  // A tile past the end of a blocked dim holds nothing.
  TensorDecl e = tensorDecl("e", {3, 4}, Mapping::blocked({0, 4}, 2));
  s = makeLocalSlice(e, 3, buf);
  EXPECT_EQ(s.rows, 0);
  EXPECT_EQ(s.numElements(), 0);
  EXPECT_EQ(s.shape, (Shape{0, 4}));
  TensorDecl e1 = tensorDecl("e1", {3, 4}, Mapping::blocked({0, 4}, 3, 1));
  s = makeLocalSlice(e1, 3, buf);
  EXPECT_EQ(s.rows, 3);
  EXPECT_EQ(s.numElements(), 0);
  EXPECT_EQ(s.shape, (Shape{3, 0}));
}

TEST(SimComputeTest, ElementwiseOnDim1Slices) {
  Program p;
  p.target = smallTarget();
  Mapping m1 = Mapping::blocked({0, 3}, 2, 1); // [3, 5] columns 0-1, 2-3, 4
  p.tensors = {tensorDecl("a", {3, 5}, m1), tensorDecl("b", {3, 5}, m1),
               tensorDecl("c", {3, 5}, m1)};
  p.steps = {Step::computeSet("mul", {{"mul", {0, 3}, {"a", "b"}, {"c"}}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor a = iota({3, 5}, 1), b = iota({3, 5}, -3);
  ASSERT_TRUE((*sim)->writeTensor("a", a).ok());
  ASSERT_TRUE((*sim)->writeTensor("b", b).ok());
  ASSERT_TRUE((*sim)->run().ok());
  Tensor c = *(*sim)->readTensor("c");
  for (int64_t i = 0; i < 15; ++i)
    EXPECT_EQ(c.data<float>()[i], a.data<float>()[i] * b.data<float>()[i]);
  // Tile 0 multiplies 6 elements (3 rows x 2 columns), tile 2 three: both
  // 6 * ceil(n / 12) + 11.
  EXPECT_EQ((*sim)->profile().steps[0].maxTileCycles, 6 + 11);
  EXPECT_EQ((*sim)->profile().steps[0].minTileCycles, 6 + 11);
}

// --- Threads ---

Program bigProgram(int64_t tiles, int64_t rows, int64_t cols) {
  Program p;
  p.target = smallTarget(tiles, 1 << 20);
  int64_t block = (rows + tiles - 1) / tiles;
  Mapping m = Mapping::blocked({0, tiles}, block);
  p.tensors = {tensorDecl("x", {rows, cols}, m), tensorDecl("h", {rows, cols}, m),
               tensorDecl("w", {cols, cols}, Mapping::replica({0, tiles})),
               tensorDecl("y", {rows, cols}, m),
               tensorDecl("yt", {rows, cols},
                      Mapping::blocked({0, tiles}, (cols + tiles - 1) / tiles, 1)),
               tensorDecl("w0", {cols, cols}, Mapping::blocked({0, 1}, cols))};
  p.streams = {{"x_in", DType::kF32, {rows, cols}, StreamDirection::kHostToDevice},
               {"w_in", DType::kF32, {cols, cols}, StreamDirection::kHostToDevice},
               {"y_out", DType::kF32, {rows, cols}, StreamDirection::kDeviceToHost}};
  TileRange all{0, tiles};
  p.steps = {Step::streamCopy("x_in", "x"), Step::streamCopy("w_in", "w0"),
             Step::exchange("bcast", {Copy{"w0", -1, -1, "w", -1, -1}}),
             Step::repeat(2, {Step::computeSet("relu", {{"relu", all, {"x"}, {"h"}}}),
                              Step::computeSet("mm", {{"matmul_rows", all, {"h", "w"}, {"y"}}}),
                              Step::computeSet("add", {{"add", all, {"y", "x"}, {"x"}}})}),
             Step::exchange("relayout", {Copy{"x", -1, -1, "yt", -1, -1}}),
             Step::streamCopy("yt", "y_out")};
  return p;
}

TEST(SimThreadsTest, ThreadedRunsEqualInlineRuns) {
  Program p = bigProgram(64, 1000, 24);
  Tensor x = iota({1000, 24}, -500), w = iota({24, 24}, -200);
  for (float &v : x.data<float>())
    v *= 0.001f;
  for (float &v : w.data<float>())
    v *= 0.003f;
  std::vector<Tensor> outs;
  std::vector<int64_t> cycles;
  for (int threads : {1, 2, 4}) {
    SimulatorOptions o;
    o.threads = threads;
    auto sim = Simulator::create(p, o);
    ASSERT_TRUE(sim.ok()) << sim.status();
    EXPECT_EQ((*sim)->threads(), threads);
    ASSERT_TRUE((*sim)->setStream("x_in", x).ok());
    ASSERT_TRUE((*sim)->setStream("w_in", w).ok());
    ASSERT_TRUE((*sim)->run().ok());
    ASSERT_TRUE((*sim)->run().ok());
    outs.push_back(*(*sim)->getStream("y_out"));
    cycles.push_back((*sim)->profile().totalCycles);
    EXPECT_EQ((*sim)->profile().runs, 2);
  }
  EXPECT_TRUE(bitEqual(outs[0], outs[1]));
  EXPECT_TRUE(bitEqual(outs[0], outs[2]));
  EXPECT_EQ(cycles[0], cycles[1]);
  EXPECT_EQ(cycles[0], cycles[2]);
  // Something happened: the output is not the input.
  EXPECT_FALSE(bitEqual(outs[0], x));
}

TEST(SimThreadsTest, CodeletErrorsNameStepCodeletAndTile) {
  Program p;
  p.target = smallTarget(8, 1 << 20);
  // Equal element counts, different per-tile splits: c is on tiles 0-3
  // only, so the local sizes differ on tiles 5-7 (the first is reported).
  p.tensors = {tensorDecl("a", {8, 4096}, Mapping::blocked({0, 8}, 1)),
               tensorDecl("c", {8, 4096}, Mapping::blocked({0, 8}, 2)),
               tensorDecl("b", {8, 4096}, Mapping::blocked({0, 8}, 1))};
  p.steps = {Step::repeat(1, {Step::computeSet(
                                 "cs", {{"add", {5, 3}, {"a", "c"}, {"b"}}})})};
  for (int threads : {1, 4}) {
    SimulatorOptions o;
    o.threads = threads;
    auto sim = Simulator::create(p, o);
    ASSERT_TRUE(sim.ok()) << sim.status();
    absl::Status s = (*sim)->run();
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(s.message(),
                HasSubstr("step 0 (repeat), step 0 (compute_set 'cs'), "
                          "vertex 0 'add' on tile 5: "));
    // The next run fails the same way (no stale error state).
    EXPECT_EQ((*sim)->run().message(), s.message());
  }
}

TEST(SimThreadsTest, PoolRunsEveryIndexOnce) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3);
  for (int round = 0; round < 50; ++round) {
    std::vector<int> hits(1000, 0);
    pool.parallelFor(1000, [&](int64_t i) { hits[i]++; });
    for (int h : hits)
      ASSERT_EQ(h, 1);
  }
  ThreadPool inlinePool(1);
  int64_t sum = 0;
  inlinePool.parallelFor(10, [&](int64_t i) { sum += i; });
  EXPECT_EQ(sum, 45);
}

// --- Profile reports ---

// A tiny JSON checker: accepts exactly one JSON value (RFC 8259 grammar,
// without checking UTF-8) and records object keys.
class JsonChecker {
public:
  explicit JsonChecker(const std::string &s) : s_(s) {}
  bool parse() {
    ws();
    if (!value())
      return false;
    ws();
    return i_ == s_.size();
  }
  std::vector<std::string> keys;

private:
  void ws() {
    while (i_ < s_.size() && std::strchr(" \t\n\r", s_[i_]))
      ++i_;
  }
  bool lit(const char *w) {
    size_t n = std::strlen(w);
    if (s_.compare(i_, n, w) != 0)
      return false;
    i_ += n;
    return true;
  }
  bool string(std::string *out = nullptr) {
    if (i_ >= s_.size() || s_[i_] != '"')
      return false;
    ++i_;
    std::string v;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (static_cast<unsigned char>(s_[i_]) < 0x20)
        return false;
      if (s_[i_] == '\\') {
        ++i_;
        if (i_ >= s_.size() || !std::strchr("\"\\/bfnrtu", s_[i_]))
          return false;
        if (s_[i_] == 'u') {
          for (int k = 0; k < 4; ++k)
            if (++i_ >= s_.size() || !std::isxdigit(s_[i_]))
              return false;
        }
      } else {
        v += s_[i_];
      }
      ++i_;
    }
    if (i_ >= s_.size())
      return false;
    ++i_;
    if (out)
      *out = v;
    return true;
  }
  bool number() {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-')
      ++i_;
    if (i_ >= s_.size() || !std::isdigit(s_[i_]))
      return false;
    if (s_[i_] == '0')
      ++i_;
    else
      while (i_ < s_.size() && std::isdigit(s_[i_]))
        ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (i_ >= s_.size() || !std::isdigit(s_[i_]))
        return false;
      while (i_ < s_.size() && std::isdigit(s_[i_]))
        ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-'))
        ++i_;
      if (i_ >= s_.size() || !std::isdigit(s_[i_]))
        return false;
      while (i_ < s_.size() && std::isdigit(s_[i_]))
        ++i_;
    }
    return i_ > start;
  }
  bool value() {
    ws();
    if (i_ >= s_.size())
      return false;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == '}')
        return ++i_, true;
      for (;;) {
        ws();
        std::string k;
        if (!string(&k))
          return false;
        keys.push_back(k);
        ws();
        if (i_ >= s_.size() || s_[i_++] != ':')
          return false;
        if (!value())
          return false;
        ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        return i_ < s_.size() && s_[i_++] == '}';
      }
    }
    if (c == '[') {
      ++i_;
      ws();
      if (i_ < s_.size() && s_[i_] == ']')
        return ++i_, true;
      for (;;) {
        if (!value())
          return false;
        ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        return i_ < s_.size() && s_[i_++] == ']';
      }
    }
    if (c == '"')
      return string();
    if (c == 't')
      return lit("true");
    if (c == 'f')
      return lit("false");
    if (c == 'n')
      return lit("null");
    return number();
  }
  const std::string &s_;
  size_t i_ = 0;
};

TEST(SimProfileTest, JsonCheckerRejectsBadJson) {
  for (const char *bad : {"", "{", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "01",
                          "\"x", "[1] 2", "{'a':1}", "nan", "1.", "-"})
    EXPECT_FALSE(JsonChecker(bad).parse()) << bad;
  for (const char *good : {"{}", "[]", "{\"a\": [1, -2.5e3, true, null]}",
                           "\"\\u00e9\"", "0"})
    EXPECT_TRUE(JsonChecker(good).parse()) << good;
}

TEST(SimProfileTest, JsonAndSvgReports) {
  Program p = bigProgram(8, 100, 4);
  p.steps.push_back(Step::sync());
  p.tensors[0].name = "x\"quoted\\<&>"; // names are escaped
  for (Step &s : p.steps)
    if (s.kind == Step::Kind::kStreamCopy && s.dest == "x")
      s.dest = p.tensors[0].name;
  for (Step &s : p.steps[3].body)
    for (Vertex &v : s.vertices)
      for (auto *list : {&v.ins, &v.outs})
        for (std::string &n : *list)
          if (n == "x")
            n = p.tensors[0].name;
  p.steps[4].copies[0].source = p.tensors[0].name;
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)->run().ok());
  ASSERT_TRUE((*sim)->run().ok());
  const Profile &prof = (*sim)->profile();
  std::string json = prof.toJson();
  JsonChecker checker(json);
  ASSERT_TRUE(checker.parse()) << json;
  for (const char *key :
       {"runs", "total_cycles", "compute_cycles", "exchange_cycles",
        "sync_cycles", "load_imbalance", "seconds", "runs_per_second",
        "split", "tile_memory", "per_tile", "limit", "steps", "kind", "name",
        "executions", "cycles", "bytes", "min_tile_cycles",
        "max_tile_cycles", "host_seconds"})
    EXPECT_THAT(checker.keys, ::testing::Contains(std::string(key))) << key;
  EXPECT_THAT(json, HasSubstr("\"runs\": 2"));
  EXPECT_THAT(json, HasSubstr("x_in->x\\\"quoted\\\\<&>\""));
  EXPECT_THAT(json, HasSubstr("\"kind\": \"compute_set\""));
  EXPECT_GE(prof.loadImbalance(), 1.0);
  EXPECT_NEAR(prof.runsPerSecond(), 2.0 / prof.seconds, 1e-6);

  std::string svg = prof.toSvg();
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_THAT(svg, HasSubstr("xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, HasSubstr("bytes_per_tile"));
  EXPECT_THAT(svg, HasSubstr("x&quot;quoted\\&lt;&amp;&gt;"));
  EXPECT_EQ(svg.find("x\"quoted"), std::string::npos);
  EXPECT_THAT(svg, HasSubstr("</svg>"));
  // Balanced tags of the kinds we emit.
  auto count = [&](const std::string &what) {
    size_t n = 0;
    for (size_t at = svg.find(what); at != std::string::npos;
         at = svg.find(what, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("<text"), count("</text>"));
  EXPECT_EQ(count("<title>"), count("</title>"));
  EXPECT_EQ(count("<svg"), 1u);
}

} // namespace
} // namespace gnnrt::sim
