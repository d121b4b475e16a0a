//===- SimulatorTest.cpp - BSP simulator core -----------------------------===//
#include "gnnrt/sim/Simulator.h"

#include <cstring>
#include <functional>

#include "gmock/gmock.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/sim/Codelets.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::sim {
namespace {

using ::testing::HasSubstr;

using testutil::smallTarget;

Tensor ramp(Shape shape, float scale, float offset) {
  std::vector<float> v(static_cast<size_t>(numElements(shape)));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = scale * static_cast<float>((i * 7919) % 23) + offset;
  return Tensor::fromF32(shape, v);
}

Tensor transpose(const Tensor &w) {
  Tensor t(DType::kF32, {w.dim(1), w.dim(0)});
  for (int64_t i = 0; i < w.dim(0); ++i)
    for (int64_t j = 0; j < w.dim(1); ++j)
      t.data<float>()[j * w.dim(0) + i] = w.data<float>()[i * w.dim(1) + j];
  return t;
}

using ::gnnrt::sim::testutil::bitEqual;

TileRange all4() { return TileRange{0, 4}; }

TensorDecl blocked(std::string name, Shape shape, int64_t block,
                   TileRange tiles = all4(), DType dtype = DType::kF32) {
  return TensorDecl{std::move(name), dtype, std::move(shape),
                    Mapping::blocked(tiles, block)};
}
TensorDecl replicated(std::string name, Shape shape,
                      TileRange tiles = all4()) {
  return TensorDecl{std::move(name), DType::kF32, std::move(shape),
                    Mapping::replica(tiles)};
}

// relu(relu(X W1) W2): X row blocks (3, 3, 3, 1 rows), weights streamed in
// row-blocked and broadcast into replicated copies by one exchange.
Program twoLayerProgram() {
  Program p;
  p.name = "gcn2";
  p.target = smallTarget();
  p.tensors = {blocked("X", {10, 8}, 3),         blocked("W1", {8, 6}, 2),
               blocked("W2", {6, 5}, 2, {0, 3}), replicated("W1r", {8, 6}),
               replicated("W2r", {6, 5}),        blocked("Z1", {10, 6}, 3),
               blocked("H1", {10, 6}, 3),        blocked("Z2", {10, 5}, 3),
               blocked("Y", {10, 5}, 3)};
  p.streams = {{"x_in", DType::kF32, {10, 8}, StreamDirection::kHostToDevice},
               {"w1_in", DType::kF32, {8, 6}, StreamDirection::kHostToDevice},
               {"w2_in", DType::kF32, {6, 5}, StreamDirection::kHostToDevice},
               {"y_out", DType::kF32, {10, 5}, StreamDirection::kDeviceToHost}};
  p.steps = {
      Step::streamCopy("x_in", "X"),
      Step::streamCopy("w1_in", "W1"),
      Step::streamCopy("w2_in", "W2"),
      Step::sync(),
      Step::exchange("bcast", {Copy{"W1", -1, -1, "W1r"},
                               Copy{"W2", -1, -1, "W2r"}}),
      Step::sync(),
      Step::computeSet("l1_mm", {{"matmul_rows", all4(), {"X", "W1r"}, {"Z1"}}}),
      Step::computeSet("l1_relu", {{"relu", all4(), {"Z1"}, {"H1"}}}),
      Step::sync(),
      Step::computeSet("l2_mm",
                       {{"matmul_rows", all4(), {"H1", "W2r"}, {"Z2"}}}),
      Step::computeSet("l2_relu", {{"relu", all4(), {"Z2"}, {"Y"}}}),
      Step::sync(),
      Step::streamCopy("Y", "y_out"),
  };
  return p;
}

TEST(SimProgramTest, TwoLayerProgramIsValid) {
  EXPECT_TRUE(validate(twoLayerProgram()).ok())
      << validate(twoLayerProgram());
}

TEST(SimulatorTest, TwoLayerMatchesReferenceBitExactly) {
  auto sim = Simulator::create(twoLayerProgram());
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor x = ramp({10, 8}, 0.37f, -3.1f);
  Tensor w1 = ramp({8, 6}, -0.113f, 1.3f);
  Tensor w2 = ramp({6, 5}, 0.071f, -0.7f);
  ASSERT_TRUE((*sim)->setStream("x_in", x).ok());
  ASSERT_TRUE((*sim)->setStream("w1_in", w1).ok());
  ASSERT_TRUE((*sim)->setStream("w2_in", w2).ok());
  ASSERT_TRUE((*sim)->run().ok());
  absl::StatusOr<Tensor> y = (*sim)->getStream("y_out");
  ASSERT_TRUE(y.ok());

  // Reference: linear takes weight [out, in], i.e. W^T.
  Tensor h1 = *unary(UnaryOp::kRelu, *linear(x, transpose(w1)));
  Tensor ref = *unary(UnaryOp::kRelu, *linear(h1, transpose(w2)));
  EXPECT_TRUE(bitEqual(*y, ref)) << y->toString() << "\n" << ref.toString();
  Tensor ref2 =
      *unary(UnaryOp::kRelu, *matmul(*unary(UnaryOp::kRelu, *matmul(x, w1)), w2));
  EXPECT_TRUE(bitEqual(*y, ref2));
  // Some outputs are positive and some clamped, so relu did something.
  int positive = 0;
  for (float v : y->data<float>())
    positive += v > 0;
  EXPECT_GT(positive, 0);
  EXPECT_LT(positive, 50);

  // Every replica of W1 was filled by the broadcast.
  for (int64_t tile = 0; tile < 4; ++tile) {
    auto rep = (*sim)->readTensorOnTile("W1r", tile);
    ASSERT_TRUE(rep.ok());
    EXPECT_TRUE(bitEqual(*rep, w1)) << "tile " << tile;
  }
  // A second run gives the same answer and doubles the cycles.
  int64_t once = (*sim)->profile().totalCycles;
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE(bitEqual(*(*sim)->getStream("y_out"), ref));
  EXPECT_EQ((*sim)->profile().totalCycles, 2 * once);
}

TEST(SimulatorTest, TwoLayerProfile) {
  auto sim = Simulator::create(twoLayerProgram());
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)->run().ok());
  const Profile &p = (*sim)->profile();
  ASSERT_EQ(p.steps.size(), 13u);
  // Broadcast: W1 [8,6] in blocks of 2 rows (48 B per tile), W2 [6,5] in
  // blocks of 2 rows on tiles 0-2 (40 B). Tile 3 receives 6 rows of W1
  // (144 B) and all of W2 (120 B) = 264 B; it is the busiest receiver.
  // Senders send each block once (multicast): at most 48 + 40 = 88 B.
  EXPECT_EQ(p.steps[4].name, "bcast");
  EXPECT_EQ(p.steps[4].cycles, 264 / 4);
  EXPECT_EQ(p.steps[4].bytes, 8 * 6 * 4 + 6 * 5 * 4);
  // l1_mm: tile 0 has 3 rows: 3*8*6 = 144 MACs -> 9 + 11 cycles.
  EXPECT_EQ(p.steps[6].cycles, 144 / 16 + 11);
  EXPECT_EQ(p.steps[6].minTileCycles, (1 * 8 * 6 + 15) / 16 + 11);
  // l1_relu: 18 f32 -> 6 * ceil(18 / 12) + 11.
  EXPECT_EQ(p.steps[7].cycles, 6 * 2 + 11);
  // l2_mm: 3*6*5 = 90 MACs -> 6 + 11; l2_relu: 15 -> 6 * 2 + 11.
  EXPECT_EQ(p.steps[9].cycles, 6 + 11);
  EXPECT_EQ(p.steps[10].cycles, 6 * 2 + 11);
  EXPECT_EQ(p.syncCycles, 4 * 100);
  EXPECT_EQ(p.exchangeCycles, 66);
  EXPECT_EQ(p.computeCycles, 20 + 23 + 17 + 23);
  EXPECT_EQ(p.totalCycles, 400 + 66 + 83);
  EXPECT_DOUBLE_EQ(p.seconds, 549e-9);
  EXPECT_EQ(p.hostBytes, (80 + 48 + 30 + 50) * 4);
  // Tile 0: X 96, W1 48, W2 40, W1r 192, W2r 120, Z1 72, H1 72, Z2 60,
  // Y 60 bytes, each 8-byte aligned.
  EXPECT_EQ(p.bytesPerTile[0],
            96 + 48 + 40 + 192 + 120 + 72 + 72 + 60 + 4 + 60);
  EXPECT_EQ(p.maxBytesPerTile, p.bytesPerTile[0]);
  // Tile 3: X 32, W1 48, W1r 192, W2r 120, Z1 24, H1 24, Z2 20 (+4 pad), Y 20.
  EXPECT_EQ(p.bytesPerTile[3], 32 + 48 + 192 + 120 + 24 + 24 + 24 + 20);
  EXPECT_THAT(p.toString(), HasSubstr("bcast"));
}

TEST(SimulatorTest, ExchangeMovesFlatRanges) {
  Program p;
  p.target = smallTarget();
  p.tensors = {blocked("A", {8}, 2), blocked("B", {8}, 2),
               blocked("R", {4, 2}, 1), blocked("C", {2, 4}, 1, {2, 2})};
  // A[0:4] -> B[4:8] (tiles 0,1 -> 2,3), B[0:4] -> A[4:8] at the same
  // time, and a re-layout R [4,2] over 4 tiles -> C [2,4] over tiles 2-3.
  p.steps = {Step::exchange("x", {Copy{"A", 0, 4, "B", 4, 8},
                                  Copy{"B", 0, 4, "A", 4, 8},
                                  Copy{"R", -1, -1, "C", -1, -1}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)
                  ->writeTensor("A", Tensor::fromF32({8}, {1, 2, 3, 4, 5, 6,
                                                           7, 8}))
                  .ok());
  ASSERT_TRUE((*sim)
                  ->writeTensor("B", Tensor::fromF32({8}, {11, 12, 13, 14,
                                                           15, 16, 17, 18}))
                  .ok());
  ASSERT_TRUE((*sim)
                  ->writeTensor("R", Tensor::fromF32({4, 2}, {0, 1, 2, 3, 4,
                                                              5, 6, 7}))
                  .ok());
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE((*sim)->readTensor("A")->allClose(
      Tensor::fromF32({8}, {1, 2, 3, 4, 11, 12, 13, 14})));
  EXPECT_TRUE((*sim)->readTensor("B")->allClose(
      Tensor::fromF32({8}, {11, 12, 13, 14, 1, 2, 3, 4})));
  EXPECT_TRUE((*sim)->readTensor("C")->allClose(
      Tensor::fromF32({2, 4}, {0, 1, 2, 3, 4, 5, 6, 7})));
  // Received: tile 2 gets A[0:2], B[0:2] and R rows 0-1 (C row 0) =
  // 8 + 8 + 16 B; tile 3 gets A[2:4], B[2:4] and R row 2 (row 3 is local) =
  // 24 B. Sent: tiles 0 and 1 send 8 + 8 + 8 B, tile 2 sends R row 2 (8 B).
  const Profile &prof = (*sim)->profile();
  EXPECT_EQ(prof.steps[0].cycles, 32 / 4);
  EXPECT_EQ(prof.bytesExchanged, 24 + 24 + 8);
}

TEST(SimulatorTest, ReplicatedSourceIsReadLocally) {
  Program p;
  p.target = smallTarget();
  p.tensors = {replicated("W", {4}), replicated("V", {4}),
               replicated("U", {4}, {0, 1}), replicated("X", {4})};
  p.steps = {Step::exchange("x", {Copy{"X", -1, -1, "V", -1, -1},
                                  Copy{"U", -1, -1, "W", -1, -1}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)->writeTensor("U", Tensor::fromF32({4}, {1, 2, 3, 4})).ok());
  ASSERT_TRUE((*sim)->run().ok());
  // X -> V is local on every tile (X = zeros); U (tile 0 only) is
  // multicast to tiles 1-3: 16 B sent once, 16 B received per tile.
  for (int64_t t = 0; t < 4; ++t) {
    EXPECT_TRUE((*sim)->readTensorOnTile("V", t)->allClose(
        Tensor::fromF32({4}, {0, 0, 0, 0})));
    EXPECT_TRUE((*sim)->readTensorOnTile("W", t)->allClose(
        Tensor::fromF32({4}, {1, 2, 3, 4})));
  }
  EXPECT_EQ((*sim)->profile().exchangeCycles, 4);
  EXPECT_EQ((*sim)->profile().bytesExchanged, 16);
}

TEST(SimulatorTest, ElementwiseCodelets) {
  Program p;
  p.target = smallTarget();
  p.tensors = {blocked("a", {5, 2}, 2, {0, 3}), blocked("b", {5, 2}, 2, {0, 3}),
               blocked("s", {5, 2}, 2, {0, 3}), blocked("m", {5, 2}, 2, {0, 3}),
               blocked("k", {5, 2}, 2, {0, 3}), blocked("c", {5, 2}, 2, {0, 3})};
  Vertex scale{"scale", {0, 3}, {"a"}, {"k"}, {{"scale", 0.5}}};
  p.steps = {Step::computeSet(
      "cs", {{"add", {0, 3}, {"a", "b"}, {"s"}},
             {"mul", {0, 3}, {"a", "b"}, {"m"}},
             scale,
             {"copy", {0, 3}, {"b"}, {"c"}}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor a = ramp({5, 2}, 0.3f, -1.0f), b = ramp({5, 2}, -0.21f, 2.0f);
  ASSERT_TRUE((*sim)->writeTensor("a", a).ok());
  ASSERT_TRUE((*sim)->writeTensor("b", b).ok());
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("s"), *binary(BinaryOp::kAdd, a, b)));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("m"), *binary(BinaryOp::kMul, a, b)));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("k"),
                       *binary(BinaryOp::kMul, a, Tensor::scalarF32(0.5f))));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("c"), b));
  // Tile 0 runs 4 vertices of 4 elements: 4 * (6 * 1 + 11).
  EXPECT_EQ((*sim)->profile().computeCycles, 4 * 17);
  EXPECT_EQ((*sim)->profile().steps[0].minTileCycles, 4 * 17); // tile 2: 2 el.
}

TEST(SimulatorTest, RepeatAndSyncCycles) {
  Program p;
  p.target = smallTarget();
  p.tensors = {blocked("a", {4}, 1)};
  p.steps = {Step::repeat(
      3, {Step::computeSet("double",
                           {{"add", all4(), {"a", "a"}, {"a"}}}),
          Step::sync(false)})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)->writeTensor("a", Tensor::fromF32({4}, {1, 2, 3, 4})).ok());
  ASSERT_TRUE((*sim)->run().ok());
  EXPECT_TRUE((*sim)->readTensor("a")->allClose(
      Tensor::fromF32({4}, {8, 16, 24, 32})));
  const Profile &prof = (*sim)->profile();
  ASSERT_EQ(prof.steps.size(), 3u);
  EXPECT_EQ(prof.steps[1].executions, 3);
  EXPECT_EQ(prof.steps[1].cycles, 3 * 17);
  EXPECT_EQ(prof.steps[2].cycles, 3 * 100);
  EXPECT_EQ(prof.steps[0].cycles, 3 * 117);
  EXPECT_EQ(prof.totalCycles, 3 * 117);
}

TEST(SimCostModelTest, Formulas) {
  TargetModel t = smallTarget();
  CostParams c;
  EXPECT_EQ(elementwiseCycles(t, c, DType::kF32, 0), 11);
  EXPECT_EQ(elementwiseCycles(t, c, DType::kF32, 12), 6 + 11);
  EXPECT_EQ(elementwiseCycles(t, c, DType::kF32, 13), 12 + 11);
  EXPECT_EQ(elementwiseCycles(t, c, DType::kI64, 12), 12 + 11);
  EXPECT_EQ(elementwiseCycles(t, c, DType::kBool, 48), 6 + 11);
  EXPECT_EQ(matmulCycles(t, c, 1000), 63 + 11);
  EXPECT_EQ(exchangeCycles(t, 10, 3), 3);
  EXPECT_EQ(exchangeCycles(t, 0, 0), 0);
}

TEST(SimulatorTest, TileMemoryOverflowNamesTileBytesAndLimit) {
  Program p;
  p.target = smallTarget();
  // Each fits alone (40 KiB on tile 0) but not together.
  p.tensors = {blocked("a", {4, 10240}, 1), blocked("b", {4, 10240}, 1)};
  EXPECT_TRUE(validate(p).ok());
  auto sim = Simulator::create(p);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(sim.status().message(), HasSubstr("tile 0 needs 81920 bytes"));
  EXPECT_THAT(sim.status().message(), HasSubstr("'b'"));
  EXPECT_THAT(sim.status().message(), HasSubstr("bytes_per_tile is 65536"));
  // One slice that can never fit is a validation error.
  p.tensors = {blocked("big", {4, 20000}, 1)};
  absl::Status s = validate(p);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(s.message(), HasSubstr("tile 0 needs 80000 bytes"));
}

struct InvalidCase {
  const char *what;
  std::function<void(Program &)> mutate;
  const char *error;
};

TEST(SimProgramTest, EachValidationError) {
  std::vector<InvalidCase> cases = {
      {"target", [](Program &p) { p.target.bytesPerTile = 0; }, "target:"},
      {"dup tensor", [](Program &p) { p.tensors.push_back(p.tensors[0]); },
       "tensor 9 'X': duplicate symbol name"},
      {"stream dup",
       [](Program &p) { p.streams[0].name = "X"; },
       "host stream 0 'X': duplicate symbol name"},
      {"empty name", [](Program &p) { p.tensors[0].name = ""; }, "empty name"},
      {"negative dim", [](Program &p) { p.tensors[0].shape = {-1, 8}; },
       "negative dimension"},
      {"range past target",
       [](Program &p) { p.tensors[3].mapping.tiles = {2, 4}; },
       "tensor 3 'W1r' mapping: tile range <2, 4> ends past the target's 4"},
      {"range negative",
       [](Program &p) { p.tensors[3].mapping.tiles = {-1, 2}; },
       "needs first >= 0"},
      {"block too small", [](Program &p) { p.tensors[0].mapping.block = 2; },
       "blocks of 2 rows on 4 tiles cover 8 rows but dim 0 is 10"},
      {"block zero", [](Program &p) { p.tensors[0].mapping.block = 0; },
       "block 0 must be >= 1"},
      {"rank0 blocked",
       [](Program &p) { p.tensors.push_back(blocked("s", {}, 1)); },
       "rank-0 tensor must be replicated"},
      {"unknown codelet",
       [](Program &p) { p.steps[6].vertices[0].codelet = "conv"; },
       "unknown codelet 'conv'"},
      {"arity",
       [](Program &p) { p.steps[7].vertices[0].ins.push_back("X"); },
       "takes 1 inputs and 1 outputs, got 2 and 1"},
      {"missing tensor",
       [](Program &p) { p.steps[7].vertices[0].ins[0] = "nope"; },
       "input 'nope' is not a tensor of the program"},
      {"vertex tiles",
       [](Program &p) { p.steps[6].vertices[0].tiles = {1, 4}; },
       "step 6 (compute_set 'l1_mm'), vertex 0 'matmul_rows': tile range"},
      {"operand not mapped on vertex tiles",
       [](Program &p) {
         p.tensors[5].mapping = Mapping::blocked({0, 2}, 5);
       },
       "output 'Z1' is mapped on tiles <0, 2> which do not cover"},
      {"matmul rhs blocked",
       [](Program &p) { p.steps[6].vertices[0].ins[1] = "W1"; },
       "rhs 'W1' must be replicated"},
      {"matmul shapes",
       [](Program &p) { p.steps[9].vertices[0].ins[1] = "W1r"; },
       "do not match"},
      {"dtype",
       [](Program &p) { p.tensors[6].dtype = DType::kI32; },
       "'H1' is i32, expected f32"},
      {"scale param",
       [](Program &p) { p.steps[7].vertices[0].codelet = "scale"; },
       "missing param 'scale'"},
      {"no outputs",
       [](Program &p) { p.steps[7].vertices[0].outs.clear(); },
       "at least one output"},
      {"vertex write race",
       [](Program &p) {
         p.steps[7].vertices.push_back({"relu", {3, 1}, {"X"}, {"H1"}});
       },
       "writes 'H1' on tiles vertex 0 also writes"},
      {"vertex read/write race",
       [](Program &p) {
         p.steps[7].vertices.push_back({"relu", {3, 1}, {"Z2"}, {"Z1"}});
       },
       "writes 'Z1' on tiles where vertex 0 reads it"},
      {"dup phase", [](Program &p) { p.steps[7].name = "l1_mm"; },
       "duplicate phase name"},
      {"copy missing source",
       [](Program &p) { p.steps[4].copies[0].source = "nope"; },
       "step 4 (exchange 'bcast'), copy 0 ('nope' -> 'W1r'): source 'nope'"},
      {"copy missing dest",
       [](Program &p) { p.steps[4].copies[0].dest = "nope"; },
       "dest 'nope' is not a tensor"},
      {"copy out of bounds",
       [](Program &p) {
         p.steps[4].copies[0].sourceBegin = 10;
         p.steps[4].copies[0].sourceEnd = 49;
       },
       "source range [10, 49) is not inside 'W1' (48 elements)"},
      {"copy count",
       [](Program &p) {
         p.steps[4].copies[0].sourceBegin = 0;
         p.steps[4].copies[0].sourceEnd = 47;
       },
       "source has 47 elements but dest has 48"},
      {"copy dtype", [](Program &p) { p.tensors[3].dtype = DType::kI32; },
       "source is f32 but dest is i32"},
      {"copy write race",
       [](Program &p) { p.steps[4].copies[1].source = "W1"; p.steps[4].copies[1].dest = "W1r"; },
       "writes elements of 'W1r' that copy 0 also writes"},
      {"copy read after write",
       [](Program &p) {
         p.steps[4].copies.push_back(Copy{"W1r", 0, 30, "W2r", 0, 30});
         p.steps[4].copies[1].sourceBegin = 0;
         p.steps[4].copies[1].sourceEnd = 0;
         p.steps[4].copies[1].destBegin = 0;
         p.steps[4].copies[1].destEnd = 0;
       },
       "reads elements of 'W1r' that copy 0 writes"},
      {"copy self overlap",
       [](Program &p) {
         p.steps[4].copies = {Copy{"X", 0, 10, "X", 5, 15}};
       },
       "overlap in one tensor"},
      {"repeat count",
       [](Program &p) { p.steps.push_back(Step::repeat(0, {Step::sync()})); },
       "step 13 (repeat): count 0 must be >= 1"},
      {"nested error path",
       [](Program &p) {
         p.steps.push_back(Step::repeat(
             2, {Step::computeSet("z", {{"foo", all4(), {"X"}, {"Z1"}}})}));
       },
       "step 13 (repeat), step 0 (compute_set 'z'), vertex 0 'foo': unknown"},
      {"stream copy of two tensors",
       [](Program &p) { p.steps[0] = Step::streamCopy("Y", "X"); },
       "must copy a host stream into a tensor"},
      {"stream direction",
       [](Program &p) { p.steps[0] = Step::streamCopy("y_out", "X"); },
       "stream 'y_out' is device_to_host but is read"},
      {"stream direction 2",
       [](Program &p) {
         p.streams[3].direction = StreamDirection::kHostToDevice;
       },
       "stream 'y_out' is host_to_device but is written"},
      {"stream read wrong way",
       [](Program &p) {
         p.streams[0].direction = StreamDirection::kDeviceToHost;
       },
       "stream 'x_in' is device_to_host but is read"},
      {"stream type",
       [](Program &p) { p.streams[0].shape = {10, 9}; },
       "stream 'x_in' is f32[10, 9] but tensor 'X' is f32[10, 8]"},
  };
  for (const InvalidCase &c : cases) {
    Program p = twoLayerProgram();
    c.mutate(p);
    absl::Status s = validate(p);
    EXPECT_FALSE(s.ok()) << c.what;
    EXPECT_THAT(s.message(), HasSubstr(c.error)) << c.what;
    // Create never crashes on a bad program either.
    EXPECT_FALSE(Simulator::create(p).ok()) << c.what;
  }
}

TEST(SimulatorTest, HostApiErrors) {
  auto sim = Simulator::create(twoLayerProgram());
  ASSERT_TRUE(sim.ok());
  EXPECT_THAT((*sim)->setStream("nope", Tensor()).message(),
              HasSubstr("no host stream 'nope'"));
  EXPECT_THAT((*sim)->setStream("y_out", Tensor()).message(),
              HasSubstr("device_to_host"));
  EXPECT_THAT((*sim)->setStream("x_in", Tensor(DType::kF32, {2})).message(),
              HasSubstr("carries f32[10, 8]"));
  EXPECT_FALSE((*sim)->readTensor("nope").ok());
  EXPECT_FALSE((*sim)->readTensorOnTile("W2", 3).ok());
  EXPECT_FALSE((*sim)->writeTensor("X", Tensor(DType::kF32, {1})).ok());
  EXPECT_EQ((*sim)->offsetOf("X", 0), 0);
  EXPECT_EQ((*sim)->offsetOf("W1", 0), 96);
  EXPECT_EQ((*sim)->offsetOf("W2", 3), -1);
}

TEST(SimulatorTest, RuntimeSliceMismatchIsAnError) {
  Program p;
  p.target = smallTarget();
  // Same element count overall, different row split: local sizes differ.
  p.tensors = {blocked("a", {4, 2}, 1), blocked("b", {8}, 2, {0, 4}),
               blocked("c", {2, 4}, 1, {0, 4})};
  p.steps = {Step::computeSet("cs", {{"add", all4(), {"a", "c"}, {"b"}}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  absl::Status s = (*sim)->run();
  EXPECT_THAT(s.message(), HasSubstr("vertex 0 'add' on tile 0"));
}

} // namespace
} // namespace gnnrt::sim
