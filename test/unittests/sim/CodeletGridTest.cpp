//===- CodeletGridTest.cpp - gather_grid / scatter_grid ----------------------===//
//
// The grid codelets trust their params to address tile memory, so their
// checks must tie every param to the operand shapes; and on a valid grid
// they must reproduce the reference gather and scatter.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Kernels.h"
#include "gnnrt/sim/Simulator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace gnnrt;
using namespace gnnrt::sim;
using ::testing::HasSubstr;

namespace {

TargetModel target4() {
  TargetModel t;
  t.tilesPerIpu = 4;
  t.bytesPerTile = 64 * 1024;
  return t;
}

// A 1 x 4 grid (one lookup group, four row blocks of 3 rows) gathering
// rows of a 10 x 2 table for 5 indices.
Program gatherGrid(int64_t blockRows) {
  Program p;
  p.target = target4();
  TileRange all{0, 4};
  p.tensors = {
      TensorDecl{"TB", DType::kF32, {4, 3, 2}, Mapping::blocked(all, 1)},
      TensorDecl{"IX", DType::kI64, {5}, Mapping::replica(all)},
      TensorDecl{"PO", DType::kF32, {4, 5, 2}, Mapping::blocked(all, 1)}};
  p.streams = {{"tb", DType::kF32, {4, 3, 2}, StreamDirection::kHostToDevice},
               {"ix", DType::kI64, {5}, StreamDirection::kHostToDevice},
               {"po", DType::kF32, {4, 5, 2}, StreamDirection::kDeviceToHost}};
  Vertex v{"gather_grid", all, {"TB", "IX"}, {"PO"},
           {{"blocks", int64_t{4}}, {"block_rows", blockRows},
            {"num_rows", int64_t{10}}}};
  p.steps = {Step::streamCopy("tb", "TB"), Step::streamCopy("ix", "IX"),
             Step::sync(), Step::computeSet("g", {v}), Step::sync(),
             Step::streamCopy("PO", "po")};
  return p;
}

TEST(CodeletGridTest, GatherGridSumsToTheReferenceGather) {
  auto sim = Simulator::create(gatherGrid(3));
  ASSERT_TRUE(sim.ok()) << sim.status();
  std::vector<float> table(20);
  for (int i = 0; i < 20; ++i)
    table[i] = 0.5f * i - 3;
  Tensor t = Tensor::fromF32({10, 2}, table);
  std::vector<float> padded(table);
  padded.resize(24, 0.0f); // block 3 has rows 9..11; 10 and 11 do not exist
  ASSERT_TRUE((*sim)->setStream("tb", Tensor::fromF32({4, 3, 2}, padded)).ok());
  Tensor idx = Tensor::fromI64({5}, {9, 0, 4, 4, 7});
  ASSERT_TRUE((*sim)->setStream("ix", idx).ok());
  ASSERT_TRUE((*sim)->run().ok());
  Tensor po = *(*sim)->getStream("po");
  absl::StatusOr<Tensor> want = gather(t, idx);
  ASSERT_TRUE(want.ok());
  // Exactly one block holds each row: the sum over blocks is the gather.
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 2; ++j) {
      float sum = 0;
      for (int64_t s = 0; s < 4; ++s)
        sum += po.data<float>()[(s * 5 + i) * 2 + j];
      EXPECT_EQ(sum, want->data<float>()[i * 2 + j]) << i << "," << j;
    }
}

TEST(CodeletGridTest, ParamsThatOverrunTheTensorsAreRejected) {
  // block_rows far beyond the table blocks' 3 rows: the loader must refuse
  // it rather than let the codelet read past the tile's slice.
  absl::Status s = validate(gatherGrid(100000000));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("block_rows"));
  // Blocks that do not cover the table.
  Program p = gatherGrid(2);
  s = validate(p);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("do not cover num_rows"));
}

TEST(CodeletGridTest, ScatterGridShapesAreChecked) {
  Program p;
  p.target = target4();
  TileRange all{0, 4};
  p.tensors = {
      TensorDecl{"SRC", DType::kF32, {6, 2}, Mapping::replica(all)},
      TensorDecl{"IX", DType::kI64, {5}, Mapping::replica(all)},
      TensorDecl{"MK", DType::kBool, {5}, Mapping::replica(all)},
      TensorDecl{"PB", DType::kF32, {4, 3, 2}, Mapping::blocked(all, 1)}};
  Vertex v{"scatter_grid", all, {"SRC", "IX", "MK"}, {"PB"},
           {{"blocks", int64_t{4}}, {"block_rows", int64_t{3}},
            {"num_rows", int64_t{10}}, {"reduce", std::string("sum")}}};
  p.steps = {Step::computeSet("s", {v})};
  absl::Status s = validate(p);
  ASSERT_FALSE(s.ok()); // 6 source rows for 5 indices
  EXPECT_THAT(std::string(s.message()), HasSubstr("group's rows"));
  p.tensors[0].shape = {5, 2};
  EXPECT_TRUE(validate(p).ok()) << validate(p);
  p.tensors[2].dtype = DType::kF32;
  EXPECT_FALSE(validate(p).ok()); // the mask must be i1
}

} // namespace
