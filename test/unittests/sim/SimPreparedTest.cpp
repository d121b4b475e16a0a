//===- SimPreparedTest.cpp - Prepared codelet instances vs direct runs ----===//
//
// The simulator runs codelets that have a Codelet::prepare through their
// prepared state (derived once, when the program is loaded); the codelet
// harness calls `run` directly. Both paths must give bit-identical results,
// over row blocks that broadcast against replicated operands (a bias row,
// a full-height column viewed at the tile's rows) and uneven tiles.
//
//===----------------------------------------------------------------------===//
#include "CodeletTestUtil.h"
#include "gnnrt/Random.h"
#include "gnnrt/sim/Simulator.h"
#include "gtest/gtest.h"

namespace gnnrt::sim {
namespace {

using testutil::bitEqual;
using testutil::Harness;
using testutil::Layout;

constexpr int64_t kTiles = 4, kBlock = 3, kRows = 10;

struct Operand {
  std::string name;
  Tensor value;
  Layout layout; // kRows (block kBlock) or kReplicated
};

/// Runs `codelet` once in a one-compute-set program on the simulator and
/// once through the harness, and expects the same result bits.
void expectSame(const std::string &codelet, const std::vector<Operand> &ins,
                DType outType, const Shape &outShape, Params params = {}) {
  TileRange tiles{0, kTiles};
  Harness h(codelet, kTiles, params);
  Program p;
  p.name = "prepared";
  p.target = testutil::smallTarget(kTiles);
  Vertex v{codelet, tiles, {}, {"Y"}, params};
  for (const Operand &o : ins) {
    h.in(o.name, o.value, o.layout, kBlock);
    Mapping m = o.layout == Layout::kRows ? Mapping::blocked(tiles, kBlock)
                                          : Mapping::replica(tiles);
    p.tensors.push_back(
        testutil::tensorDecl(o.name, o.value.shape(), m, -1, o.value.dtype()));
    p.streams.push_back({o.name + "_in", o.value.dtype(), o.value.shape(),
                         StreamDirection::kHostToDevice});
    p.steps.push_back(Step::streamCopy(o.name + "_in", o.name));
    v.ins.push_back(o.name);
  }
  h.out("Y", outType, outShape, Layout::kRows, kBlock);
  p.tensors.push_back(testutil::tensorDecl(
      "Y", outShape, Mapping::blocked(tiles, kBlock), -1, outType));
  p.streams.push_back(
      {"y_out", outType, outShape, StreamDirection::kDeviceToHost});
  p.steps.push_back(Step::sync());
  p.steps.push_back(Step::computeSet("cs", {v}));
  p.steps.push_back(Step::sync());
  p.steps.push_back(Step::streamCopy("Y", "y_out"));

  absl::StatusOr<std::vector<Tensor>> want = h.run();
  ASSERT_TRUE(want.ok()) << want.status();
  absl::StatusOr<std::unique_ptr<Simulator>> sim =
      Simulator::create(std::move(p));
  ASSERT_TRUE(sim.ok()) << sim.status();
  for (const Operand &o : ins)
    ASSERT_TRUE((*sim)->setStream(o.name + "_in", o.value).ok());
  ASSERT_TRUE((*sim)->run().ok());
  absl::StatusOr<Tensor> got = (*sim)->getStream("y_out");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(bitEqual(*got, (*want)[0])) << codelet;
}

Tensor randF(Shape s, uint64_t seed) {
  return randomFloatTensor(s, -2.0f, 2.0f, seed);
}

TEST(SimPreparedTest, BroadcastingBinaries) {
  Tensor x = randF({kRows, 6}, 1), y = randF({kRows, 6}, 2);
  Tensor bias = randF({1, 6}, 3), col = randF({kRows, 1}, 4);
  for (const char *op : {"rows.add", "rows.sub", "rows.mul", "rows.div",
                         "rows.max", "rows.min"}) {
    expectSame(op, {{"A", x, Layout::kRows}, {"B", y, Layout::kRows}},
               DType::kF32, {kRows, 6});
    expectSame(op, {{"A", x, Layout::kRows}, {"B", bias, Layout::kReplicated}},
               DType::kF32, {kRows, 6});
    expectSame(op, {{"A", col, Layout::kReplicated}, {"B", x, Layout::kRows}},
               DType::kF32, {kRows, 6});
  }
}

TEST(SimPreparedTest, CompareWhereCast) {
  Tensor x = randF({kRows, 5}, 5), col = randF({kRows, 1}, 6);
  expectSame("rows.cmp",
             {{"A", x, Layout::kRows}, {"B", col, Layout::kReplicated}},
             DType::kBool, {kRows, 5}, {{"predicate", std::string("gt")}});
  Tensor cond(DType::kBool, {kRows, 5});
  for (int64_t i = 0; i < cond.numElements(); ++i)
    cond.data<uint8_t>()[i] = (i * 7) % 3 == 0;
  expectSame("rows.where",
             {{"C", cond, Layout::kRows},
              {"A", x, Layout::kRows},
              {"B", randF({1, 5}, 7), Layout::kReplicated}},
             DType::kF32, {kRows, 5});
  expectSame("rows.cast", {{"A", cond, Layout::kRows}}, DType::kF32,
             {kRows, 5});
}

TEST(SimPreparedTest, UnaryDropoutSoftmax) {
  Tensor x = randF({kRows, 7}, 8);
  expectSame("rows.relu", {{"A", x, Layout::kRows}}, DType::kF32, {kRows, 7});
  expectSame("rows.leaky_relu", {{"A", x, Layout::kRows}}, DType::kF32,
             {kRows, 7}, {{"negative_slope", 0.2}});
  expectSame("rows.dropout", {{"A", x, Layout::kRows}}, DType::kF32,
             {kRows, 7}, {{"p", 0.5}, {"seed", int64_t{11}}});
  expectSame("rows.log_softmax", {{"A", x, Layout::kRows}}, DType::kF32,
             {kRows, 7}, {{"axis", int64_t{1}}});
  expectSame("rows.softmax", {{"A", x, Layout::kReplicated}}, DType::kF32,
             {kRows, 7}, {{"axis", int64_t{-1}}});
}

} // namespace
} // namespace gnnrt::sim
