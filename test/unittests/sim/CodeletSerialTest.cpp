//===- CodeletSerialTest.cpp - serial.<op> codelets vs the kernels --------===//
//
// Every serial codelet runs on replicated operands (on one tile and on two,
// where each tile computes its own replica) and must equal its reference
// kernel bit for bit; params are the op's ODS attributes.
//
//===----------------------------------------------------------------------===//
#include <functional>

#include "CodeletTestUtil.h"
#include "gmock/gmock.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Random.h"
#include "gnnrt/TrainKernels.h"
#include "gtest/gtest.h"

namespace gnnrt::sim {
namespace {

using testutil::bitEqual;
using testutil::Harness;
using testutil::Layout;
using ::testing::HasSubstr;

struct Case {
  std::string codelet;
  Params params;
  std::vector<Tensor> ins;
  std::vector<Tensor> want;
};

Tensor f32(Shape s, uint64_t seed) { return randomFloatTensor(s, -2, 2, seed); }

std::vector<Case> cases() {
  Tensor x = f32({6, 4}, 1), y = f32({6, 4}, 2), row = f32({4}, 3);
  Tensor idx = randomIntTensor(DType::kI64, {6}, 0, 3, 4);
  Tensor mask = randomBoolTensor({6}, 0.6, 5);
  Tensor w = f32({6}, 6);
  Tensor lw = f32({3, 4}, 7), lb = f32({3}, 8);
  Tensor labels = randomIntTensor(DType::kI64, {6}, 0, 4, 9);
  Tensor pos = randomFloatTensor({6, 4}, 0.1f, 2.0f, 10);
  Tensor bools = randomBoolTensor({6, 4}, 0.5, 11);
  Tensor step = Tensor::fromI64({}, {3});
  // x's elements drawn as if they were flat elements 100, 107, ... of a
  // larger tensor.
  std::vector<int64_t> positionValues(24);
  for (int64_t i = 0; i < 24; ++i)
    positionValues[i] = 100 + 7 * i;
  Tensor dropPositions = Tensor::fromI64({6, 4}, positionValues);
  Tensor nodes = f32({5, 2}, 12);
  Tensor src = randomIntTensor(DType::kI64, {6}, 0, 5, 13);
  Tensor dst = randomIntTensor(DType::kI64, {6}, 0, 5, 14);
  AdamOptions ao;
  ao.lr = 0.01;
  AdamResult ar = *adamUpdate(x, y, x, pos, 3, ao);
  SgdOptions so;
  so.lr = 0.1;
  so.momentum = 0.9;
  SgdResult sr = *sgdUpdate(x, y, &pos, 3, so);
  BatchNormResult bn =
      *batchNorm(x, row, row, row, *unary(UnaryOp::kAbs, row), 1e-5, 0.2,
                 true, &mask);
  EdgeList loops = *addSelfLoops(src, dst, &w, 5, true, 2.0f, &mask);
  const Tensor *cat[] = {&x, &y, &x};
  std::vector<Case> c = {
      {"serial.gather", {}, {x, idx}, {*gather(x, idx)}},
      {"serial.scatter",
       {{"reduce", std::string("max")}},
       {x, idx, mask},
       {*scatter(x, idx, 4, Reduce::kMax, &mask)}},
      {"serial.degree", {}, {idx, w}, {*degree(idx, 4, &w)}},
      {"serial.degree", {}, {idx, mask}, {*degree(idx, 4, nullptr, &mask)}},
      {"serial.segment_softmax",
       {{"num_segments", int64_t{4}}},
       {x, idx, mask},
       {*segmentSoftmax(x, idx, 4, &mask)}},
      {"serial.boolean_index", {}, {x, mask}, {*booleanIndex(x, mask)}},
      {"serial.add_self_loops",
       {{"mode", std::string("remaining")},
        {"fill_value", 2.0},
        {"operand_segments", std::vector<int64_t>{1, 1, 1, 1, 1}}},
       {src, dst, w, nodes, mask},
       {loops.src, loops.dst, loops.weights}},
      {"serial.linear", {}, {x, lw, lb}, {*linear(x, lw, &lb)}},
      {"serial.matmul", {}, {x, *transpose(y, {1, 0})},
       {*matmul(x, *transpose(y, {1, 0}))}},
      {"serial.add", {}, {x, row}, {*binary(BinaryOp::kAdd, x, row)}},
      {"serial.sub", {}, {x, y}, {*binary(BinaryOp::kSub, x, y)}},
      {"serial.mul", {}, {x, y}, {*binary(BinaryOp::kMul, x, y)}},
      {"serial.div", {}, {x, y}, {*binary(BinaryOp::kDiv, x, y)}},
      {"serial.max", {}, {x, y}, {*binary(BinaryOp::kMax, x, y)}},
      {"serial.min", {}, {x, y}, {*binary(BinaryOp::kMin, x, y)}},
      {"serial.relu", {}, {x}, {*unary(UnaryOp::kRelu, x)}},
      {"serial.sigmoid", {}, {x}, {*unary(UnaryOp::kSigmoid, x)}},
      {"serial.tanh", {}, {x}, {*unary(UnaryOp::kTanh, x)}},
      {"serial.exp", {}, {x}, {*unary(UnaryOp::kExp, x)}},
      {"serial.log", {}, {pos}, {*unary(UnaryOp::kLog, pos)}},
      {"serial.neg", {}, {x}, {*unary(UnaryOp::kNeg, x)}},
      {"serial.sqrt", {}, {pos}, {*unary(UnaryOp::kSqrt, pos)}},
      {"serial.abs", {}, {x}, {*unary(UnaryOp::kAbs, x)}},
      {"serial.leaky_relu",
       {{"negative_slope", 0.1}},
       {x},
       {*unary(UnaryOp::kLeakyRelu, x, 0.1)}},
      {"serial.elu", {}, {x}, {*unary(UnaryOp::kElu, x, 1.0)}},
      {"serial.pow",
       {{"exponent", 1.5}},
       {pos},
       {*unary(UnaryOp::kPow, pos, 1.5)}},
      {"serial.dropout",
       {{"p", 0.4}, {"seed", int64_t{3}}},
       {x, step},
       {*dropout(x, 0.4, 3, 3)}},
      {"serial.dropout",
       {{"p", 0.4},
        {"seed", int64_t{3}},
        {"operand_segments", std::vector<int64_t>{1, 1, 1}}},
       {x, step, dropPositions},
       {*dropoutAt(x, dropPositions, 0.4, 3, 3)}},
      {"serial.softmax", {{"axis", int64_t{0}}}, {x}, {*softmax(x, 0)}},
      {"serial.log_softmax",
       {{"axis", int64_t{-1}}},
       {x},
       {*logSoftmax(x, -1)}},
      {"serial.batch_norm",
       {{"eps", 1e-5}, {"momentum", 0.2}, {"training", int64_t{1}}},
       {x, row, row, row, *unary(UnaryOp::kAbs, row), mask},
       {bn.output, bn.runningMean, bn.runningVar}},
      {"serial.concat", {{"axis", int64_t{0}}}, {x, y, x}, {*concat(cat, 0)}},
      {"serial.slice",
       {{"axis", int64_t{0}}, {"offset", int64_t{2}}},
       {x},
       {*slice(x, 0, 2, 3)}},
      {"serial.reshape", {}, {x}, {*reshape(x, {4, 6})}},
      {"serial.where", {}, {bools, x, y}, {*where(bools, x, y)}},
      {"serial.cmp",
       {{"predicate", std::string("le")}},
       {x, y},
       {*compare(ComparePredicate::kLe, x, y)}},
      {"serial.and", {}, {bools, bools}, {*logical(LogicalOp::kAnd, bools,
                                                   bools)}},
      {"serial.or", {}, {bools, bools}, {*logical(LogicalOp::kOr, bools,
                                                  bools)}},
      {"serial.xor", {}, {bools, bools}, {*logical(LogicalOp::kXor, bools,
                                                   bools)}},
      {"serial.not", {}, {bools}, {*logicalNot(bools)}},
      {"serial.iota", {}, {}, {*iota(DType::kI32, 9)}},
      {"serial.cast", {}, {x}, {*cast(x, DType::kI64)}},
      {"serial.reduce",
       {{"kind", std::string("mean")}, {"dims", std::vector<int64_t>{0}}},
       {x, mask},
       {*reduce(x, {0}, Reduce::kMean, &mask)}},
      {"serial.global_pool",
       {{"reduce", std::string("mean")}},
       {x, idx},
       {*globalPool(x, idx, 3, Reduce::kMean)}},
      {"serial.cross_entropy",
       {{"reduction", std::string("mean")}, {"ignore_index", int64_t{2}}},
       {x, labels, mask},
       {*crossEntropy(x, labels, &mask, 2, LossReduction::kMean)}},
      {"serial.nll_loss",
       {{"reduction", std::string("sum")}},
       {x, labels},
       {*nllLoss(x, labels, nullptr, -100, LossReduction::kSum)}},
      {"serial.mse_loss",
       {{"reduction", std::string("mean")}},
       {x, y, mask},
       {*mseLoss(x, y, &mask, LossReduction::kMean)}},
      {"serial.l1_loss",
       {{"reduction", std::string("sum")}},
       {x, y},
       {*l1Loss(x, y, nullptr, LossReduction::kSum)}},
      {"serial.transpose",
       {{"permutation", std::vector<int64_t>{1, 0}}},
       {x},
       {*transpose(x, {1, 0})}},
      {"serial.sgd_update",
       {{"lr", 0.1}, {"momentum", 0.9}},
       {x, y, step, pos},
       {sr.param, sr.momentumBuffer}},
      {"serial.adam_update",
       {{"lr", 0.01}},
       {x, y, x, pos, step},
       {ar.param, ar.expAvg, ar.expAvgSq}},
  };
  return c;
}

TEST(CodeletSerialTest, MatchesReferenceKernels) {
  for (const Case &c : cases())
    for (int64_t tiles : {int64_t{1}, int64_t{2}}) {
      Harness h(c.codelet, tiles, c.params);
      for (size_t i = 0; i < c.ins.size(); ++i)
        h.in(absl::StrCat("in", i), c.ins[i], Layout::kReplicated);
      for (size_t i = 0; i < c.want.size(); ++i)
        h.out(absl::StrCat("out", i), c.want[i].dtype(), c.want[i].shape(),
              Layout::kReplicated);
      absl::StatusOr<std::vector<Tensor>> got = h.run();
      ASSERT_TRUE(got.ok()) << c.codelet << ": " << got.status();
      for (size_t i = 0; i < c.want.size(); ++i)
        EXPECT_TRUE(bitEqual((*got)[i], c.want[i]))
            << c.codelet << " result " << i << "\n got "
            << (*got)[i].toString() << "\nwant " << c.want[i].toString();
      EXPECT_GT(h.cycles()[0], 0) << c.codelet;
    }
}

TEST(CodeletSerialTest, Errors) {
  Tensor x = f32({6, 4}, 1);
  Tensor idx = randomIntTensor(DType::kI64, {6}, 0, 3, 4);
  idx.data<int64_t>()[2] = 9;
  Harness h("serial.gather", 1);
  h.in("x", x, Layout::kReplicated)
      .in("i", idx, Layout::kReplicated)
      .out("y", DType::kF32, {6, 4}, Layout::kReplicated);
  EXPECT_THAT(h.run().status().message(),
              HasSubstr("serial.gather: gather: index 9 at position 2 is out "
                        "of range [0, 6)"));
  Harness blocked("serial.relu", 2);
  blocked.in("x", x, Layout::kRows, 3)
      .out("y", DType::kF32, {6, 4}, Layout::kReplicated);
  EXPECT_THAT(blocked.check().message(),
              HasSubstr("serial.relu: operand 'x' (f32[6, 4]) must be "
                        "replicated"));
  Harness noAxis("serial.softmax", 1);
  noAxis.in("x", x, Layout::kReplicated)
      .out("y", DType::kF32, {6, 4}, Layout::kReplicated);
  EXPECT_THAT(noAxis.check().message(),
              HasSubstr("serial.softmax: missing param 'axis'"));
  Harness shape("serial.relu", 1);
  shape.in("x", x, Layout::kReplicated)
      .out("y", DType::kF32, {4, 6}, Layout::kReplicated);
  EXPECT_THAT(shape.run().status().message(),
              HasSubstr("result 0 is f32[6, 4] but 'y' is f32[4, 6]"));
  Harness count("serial.scatter", 1, {{"reduce", std::string("sum")}});
  count.in("x", x, Layout::kReplicated)
      .out("y", DType::kF32, {4, 4}, Layout::kReplicated);
  EXPECT_THAT(count.check().message(), HasSubstr("takes 2 to 3 inputs, got 1"));
  Harness segs("serial.degree", 1,
               {{"operand_segments", std::vector<int64_t>{1, 1}}});
  segs.in("i", idx, Layout::kReplicated)
      .out("y", DType::kF32, {4}, Layout::kReplicated);
  EXPECT_THAT(segs.check().message(),
              HasSubstr("operand_segments has 2 entries, expected 3"));
  Harness train("serial.batch_norm", 1, {{"training", int64_t{1}}});
  Tensor r = f32({4}, 3);
  train.in("x", x, Layout::kReplicated)
      .in("g", r, Layout::kReplicated)
      .in("b", r, Layout::kReplicated)
      .in("m", r, Layout::kReplicated)
      .in("v", r, Layout::kReplicated)
      .out("y", DType::kF32, {6, 4}, Layout::kReplicated);
  EXPECT_THAT(train.run().status().message(), HasSubstr("has 3 results"));
}

} // namespace
} // namespace gnnrt::sim
