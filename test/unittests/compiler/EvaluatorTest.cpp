//===- EvaluatorTest.cpp - The reference evaluator on hand-computed values ===//
//
// Each test parses a small gnn function, evaluates it and compares with
// values worked out by hand (written in the comments), so the op-to-kernel
// mapping of the evaluator is checked independently of the kernels' own
// tests.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/InitAll.h"
#include "gtest/gtest.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

using gnnrt::Tensor;
using ::testing::ElementsAre;
using ::testing::FloatNear;
using ::testing::HasSubstr;
using ::testing::Pointwise;

namespace {

constexpr float kTol = 1e-5f;

class EvaluatorTest : public ::testing::Test {
protected:
  EvaluatorTest() {
    mlir::DialectRegistry registry;
    gnnc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Parses `source`, evaluates function `name` on `args`. On failure,
  /// returns an empty vector and leaves the diagnostics in `errors`.
  std::vector<Tensor> eval(const std::string &source, std::vector<Tensor> args,
                           const std::string &name = "f") {
    errors.clear();
    mlir::ScopedDiagnosticHandler handler(
        &context, [&](mlir::Diagnostic &diag) {
          errors += diag.str() + "\n";
          return mlir::success();
        });
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module)
      return {};
    auto fn = module->lookupSymbol<mlir::func::FuncOp>(name);
    if (!fn)
      return {};
    auto params = gnnc::initializeParameters(*module);
    if (mlir::failed(params))
      return {};
    auto results = gnnc::evaluateFunction(fn, args, *params);
    if (mlir::failed(results))
      return {};
    return std::vector<Tensor>(results->begin(), results->end());
  }

  /// Evaluates and returns the single f32 result's values.
  std::vector<float> evalF32(const std::string &source,
                             std::vector<Tensor> args) {
    std::vector<Tensor> results = eval(source, std::move(args));
    EXPECT_EQ(results.size(), 1u) << errors;
    if (results.size() != 1)
      return {};
    auto data = results[0].data<float>();
    return std::vector<float>(data.begin(), data.end());
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string errors;
};

Tensor f32(gnnrt::Shape shape, std::vector<float> v) {
  return Tensor::fromF32(std::move(shape), std::move(v));
}
Tensor i64(gnnrt::Shape shape, std::vector<int64_t> v) {
  return Tensor::fromI64(std::move(shape), std::move(v));
}
Tensor boolean(gnnrt::Shape shape, std::vector<bool> v) {
  return Tensor::fromBool(std::move(shape), std::move(v));
}

//===-- Graph primitives -----------------------------------------------===//

TEST_F(EvaluatorTest, Gather) {
  // x = [[1,2],[3,4],[5,6]], idx = [2,0,2] -> [[5,6],[1,2],[5,6]]
  auto out = evalF32(R"(
    func.func @f(%x: tensor<3x2xf32>, %i: tensor<3xi64>) -> tensor<3x2xf32> {
      %0 = gnn.gather %x[%i] : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<3x2xf32>
      return %0 : tensor<3x2xf32>
    })",
                     {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i64({3}, {2, 0, 2})});
  EXPECT_THAT(out, ElementsAre(5, 6, 1, 2, 5, 6));
}

TEST_F(EvaluatorTest, GatherOutOfRangeIndexIsAnError) {
  auto out = eval(R"(
    func.func @f(%x: tensor<3x2xf32>, %i: tensor<2xi64>) -> tensor<2x2xf32> {
      %0 = gnn.gather %x[%i] : (tensor<3x2xf32>, tensor<2xi64>) -> tensor<2x2xf32>
      return %0 : tensor<2x2xf32>
    })",
                  {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i64({2}, {0, 3})});
  EXPECT_TRUE(out.empty());
  EXPECT_THAT(errors, HasSubstr("'gnn.gather' op"));
  EXPECT_THAT(errors, HasSubstr("out of range"));
}

const char *kScatter = R"(
    func.func @f(%m: tensor<4x1xf32>, %i: tensor<4xi64>) -> tensor<4x1xf32> {
      %0 = gnn.scatter KIND %m, %i : (tensor<4x1xf32>, tensor<4xi64>) -> tensor<4x1xf32>
      return %0 : tensor<4x1xf32>
    })";

std::string withKind(std::string text, const std::string &kind) {
  text.replace(text.find("KIND"), 4, kind);
  return text;
}

TEST_F(EvaluatorTest, ScatterEveryReductionWithEmptySegments) {
  // rows [1,2,3,4] into segments [0,0,2,2]; segments 1 and 3 are empty -> 0.
  auto args = [] {
    return std::vector<Tensor>{f32({4, 1}, {1, 2, 3, 4}),
                               i64({4}, {0, 0, 2, 2})};
  };
  EXPECT_THAT(evalF32(withKind(kScatter, "sum"), args()),
              ElementsAre(3, 0, 7, 0));
  EXPECT_THAT(evalF32(withKind(kScatter, "mean"), args()),
              ElementsAre(1.5, 0, 3.5, 0));
  EXPECT_THAT(evalF32(withKind(kScatter, "max"), args()),
              ElementsAre(2, 0, 4, 0));
  EXPECT_THAT(evalF32(withKind(kScatter, "min"), args()),
              ElementsAre(1, 0, 3, 0));
}

TEST_F(EvaluatorTest, ScatterMaxTiesAndNegatives) {
  // segment 0 gets {-5, -5} (a tie), segment 1 gets {-1, -7}; 2, 3 empty.
  auto args = std::vector<Tensor>{f32({4, 1}, {-5, -1, -5, -7}),
                                  i64({4}, {0, 1, 0, 1})};
  EXPECT_THAT(evalF32(withKind(kScatter, "max"), args),
              ElementsAre(-5, -1, 0, 0));
  EXPECT_THAT(evalF32(withKind(kScatter, "min"), args),
              ElementsAre(-5, -7, 0, 0));
}

TEST_F(EvaluatorTest, Degree) {
  const char *src = R"(
    func.func @f(%i: tensor<3xi64>, %w: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
      %0 = gnn.degree %i : (tensor<3xi64>) -> tensor<3xf32>
      %1 = gnn.degree %i weights %w : (tensor<3xi64>, tensor<3xf32>) -> tensor<3xf32>
      return %0, %1 : tensor<3xf32>, tensor<3xf32>
    })";
  auto out = eval(src, {i64({3}, {0, 0, 2}), f32({3}, {0.5, 1.5, 2})});
  ASSERT_EQ(out.size(), 2u) << errors;
  // counts [2, 0, 1]; weighted [0.5 + 1.5, 0, 2]
  EXPECT_THAT(out[0].data<float>(), ElementsAre(2, 0, 1));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(2, 0, 2));
}

TEST_F(EvaluatorTest, SegmentSoftmax) {
  // segment 0 holds {1, 1} -> 0.5 each; segment 1 holds {2} -> 1.
  auto out = evalF32(R"(
    func.func @f(%s: tensor<3x1xf32>, %i: tensor<3xi64>) -> tensor<3x1xf32> {
      %0 = gnn.segment_softmax %s, %i segments 2 : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<3x1xf32>
      return %0 : tensor<3x1xf32>
    })",
                     {f32({3, 1}, {1, 1, 2}), i64({3}, {0, 0, 1})});
  EXPECT_THAT(out, Pointwise(FloatNear(kTol), {0.5f, 0.5f, 1.0f}));
}

TEST_F(EvaluatorTest, MessagePassing) {
  // x = [1, 2, 3]; edges 0->1, 1->2, 2->1 with weights 1, 10, 100.
  // messages x_j * w = [1, 20, 300]; node 1 sums 1 + 300, node 2 gets 20,
  // node 0 receives nothing -> 0. Max keeps 300 and 20.
  const char *src = R"(
    func.func @f(%x: tensor<3x1xf32>, %s: tensor<3xi64>, %d: tensor<3xi64>, %w: tensor<3x1xf32>) -> (tensor<3x1xf32>, tensor<3x1xf32>) {
      %0 = gnn.message_passing sum edges(%s, %d : tensor<3xi64>, tensor<3xi64>)
          sources(%x : tensor<3x1xf32>) edge_data(%w : tensor<3x1xf32>) -> tensor<3x1xf32> {
      ^bb0(%xj: tensor<3x1xf32>, %we: tensor<3x1xf32>):
        %m = gnn.mul %xj, %we : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
        gnn.yield %m : tensor<3x1xf32>
      }
      %1 = gnn.message_passing max edges(%s, %d : tensor<3xi64>, tensor<3xi64>)
          sources(%x : tensor<3x1xf32>) targets(%x : tensor<3x1xf32>) edge_data(%w : tensor<3x1xf32>) -> tensor<3x1xf32> {
      ^bb0(%xj: tensor<3x1xf32>, %xi: tensor<3x1xf32>, %we: tensor<3x1xf32>):
        %m = gnn.mul %xj, %we : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
        %n = gnn.sub %m, %xi : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
        gnn.yield %n : tensor<3x1xf32>
      }
      return %0, %1 : tensor<3x1xf32>, tensor<3x1xf32>
    })";
  auto out = eval(src, {f32({3, 1}, {1, 2, 3}), i64({3}, {0, 1, 2}),
                        i64({3}, {1, 2, 1}), f32({3, 1}, {1, 10, 100})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(0, 301, 20));
  // x_j*w - x_i: edge0 1-2=-1, edge1 20-3=17, edge2 300-2=298 -> max per dst.
  EXPECT_THAT(out[1].data<float>(), ElementsAre(0, 298, 17));
}

TEST_F(EvaluatorTest, MaskedReductionsIgnoreMaskedRows) {
  const char *src = R"(
    func.func @f(%m: tensor<4x1xf32>, %i: tensor<4xi64>, %k: tensor<4xi1>) -> (tensor<3x1xf32>, tensor<3x1xf32>, tensor<3xf32>, tensor<4x1xf32>, tensor<3x1xf32>) {
      %0 = gnn.scatter mean %m, %i mask %k : (tensor<4x1xf32>, tensor<4xi64>, tensor<4xi1>) -> tensor<3x1xf32>
      %1 = gnn.scatter max %m, %i mask %k : (tensor<4x1xf32>, tensor<4xi64>, tensor<4xi1>) -> tensor<3x1xf32>
      %2 = gnn.degree %i mask %k : (tensor<4xi64>, tensor<4xi1>) -> tensor<3xf32>
      %3 = gnn.segment_softmax %m, %i mask %k segments 3 : (tensor<4x1xf32>, tensor<4xi64>, tensor<4xi1>) -> tensor<4x1xf32>
      %4 = gnn.global_pool sum %m, %i mask %k : (tensor<4x1xf32>, tensor<4xi64>, tensor<4xi1>) -> tensor<3x1xf32>
      return %0, %1, %2, %3, %4 : tensor<3x1xf32>, tensor<3x1xf32>, tensor<3xf32>, tensor<4x1xf32>, tensor<3x1xf32>
    })";
  // rows [1, 9, 3, 5] into [0, 0, 1, 1]; row 1 (value 9) is masked out and
  // row 3's index 7 would be out of range but is masked out too.
  auto out = eval(src, {f32({4, 1}, {1, 9, 3, 5}), i64({4}, {0, 0, 1, 7}),
                        boolean({4}, {true, false, true, false})});
  ASSERT_EQ(out.size(), 5u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(1, 3, 0));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(1, 3, 0));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(1, 1, 0));
  // each kept row is alone in its segment -> 1; masked rows -> 0
  EXPECT_THAT(out[3].data<float>(), Pointwise(FloatNear(kTol), {1.0f, 0.0f,
                                                                1.0f, 0.0f}));
  EXPECT_THAT(out[4].data<float>(), ElementsAre(1, 3, 0));
}

TEST_F(EvaluatorTest, DynamicNumberOfSegmentsIsMaxIndexPlusOne) {
  const char *src = R"(
    func.func @f(%m: tensor<3x1xf32>, %i: tensor<3xi64>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
      %0 = gnn.scatter sum %m, %i : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<?x1xf32>
      %1 = gnn.global_pool mean %m, %i : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<?x1xf32>
      return %0, %1 : tensor<?x1xf32>, tensor<?x1xf32>
    })";
  // max index 3 -> 4 segments; segments 1 and 2 are empty.
  auto out = eval(src, {f32({3, 1}, {1, 2, 4}), i64({3}, {0, 3, 3})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_EQ(out[0].shape(), (gnnrt::Shape{4, 1}));
  EXPECT_THAT(out[0].data<float>(), ElementsAre(1, 0, 0, 6));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(1, 0, 0, 3));
}

TEST_F(EvaluatorTest, BooleanIndexSelectsRows) {
  const char *src = R"(
    func.func @f(%x: tensor<3x2xf32>, %y: tensor<3xi64>, %m: tensor<3xi1>) -> (tensor<?x2xf32>, tensor<?xi64>) {
      %0 = gnn.boolean_index %x[%m] : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x2xf32>
      %1 = gnn.boolean_index %y[%m] : (tensor<3xi64>, tensor<3xi1>) -> tensor<?xi64>
      return %0, %1 : tensor<?x2xf32>, tensor<?xi64>
    })";
  auto out = eval(src, {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i64({3}, {7, 8, 9}),
                        boolean({3}, {true, false, true})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_EQ(out[0].shape(), (gnnrt::Shape{2, 2}));
  EXPECT_THAT(out[0].data<float>(), ElementsAre(1, 2, 5, 6));
  EXPECT_THAT(out[1].data<int64_t>(), ElementsAre(7, 9));
}

TEST_F(EvaluatorTest, AddSelfLoopsBothFlavours) {
  const char *src = R"(
    func.func @f(%s: tensor<3xi64>, %d: tensor<3xi64>, %w: tensor<3xf32>, %x: tensor<3x1xf32>)
        -> (tensor<6xi64>, tensor<6xi64>, tensor<6xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xf32>) {
      %s1, %d1, %w1 = gnn.add_self_loops all %s, %d weights %w nodes %x : (tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<3x1xf32>) -> (tensor<6xi64>, tensor<6xi64>, tensor<6xf32>)
      %s2, %d2, %w2 = gnn.add_self_loops remaining %s, %d weights %w nodes %x {fill_value = 2.0 : f64} : (tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<3x1xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
      return %s1, %d1, %w1, %s2, %d2, %w2 : tensor<6xi64>, tensor<6xi64>, tensor<6xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xf32>
    })";
  // edges 0->1 (0.5), 1->1 (3, an existing self-loop), 1->2 (0.7); 3 nodes.
  auto out = eval(src, {i64({3}, {0, 1, 1}), i64({3}, {1, 1, 2}),
                        f32({3}, {0.5, 3, 0.7}), f32({3, 1}, {0, 0, 0})});
  ASSERT_EQ(out.size(), 6u) << errors;
  // all: every edge kept, a loop per node with weight 1.
  EXPECT_THAT(out[0].data<int64_t>(), ElementsAre(0, 1, 1, 0, 1, 2));
  EXPECT_THAT(out[1].data<int64_t>(), ElementsAre(1, 1, 2, 0, 1, 2));
  EXPECT_THAT(out[2].data<float>(), Pointwise(FloatNear(kTol),
                                              {0.5f, 3.0f, 0.7f, 1.0f, 1.0f,
                                               1.0f}));
  // remaining: the 1->1 edge moves to the loops and keeps its weight 3;
  // nodes 0 and 2 get the fill value 2.
  EXPECT_THAT(out[3].data<int64_t>(), ElementsAre(0, 1, 0, 1, 2));
  EXPECT_THAT(out[4].data<int64_t>(), ElementsAre(1, 2, 0, 1, 2));
  EXPECT_THAT(out[5].data<float>(), Pointwise(FloatNear(kTol),
                                              {0.5f, 0.7f, 2.0f, 3.0f, 2.0f}));
}

TEST_F(EvaluatorTest, CompareLogicAndIota) {
  const char *src = R"(
    func.func @f(%a: tensor<3xi64>, %b: tensor<3xi64>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<4xi64>) {
      %lt = gnn.cmp lt %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
      %eq = gnn.cmp eq %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
      %and = gnn.and %lt, %eq : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
      %or = gnn.or %lt, %eq : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
      %not = gnn.not %or : tensor<3xi1>
      %ids = gnn.iota : tensor<4xi64>
      return %lt, %eq, %and, %or, %not, %ids : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<4xi64>
    })";
  // a = [1, 5, 3], b = [2, 5, 1]
  auto out = eval(src, {i64({3}, {1, 5, 3}), i64({3}, {2, 5, 1})});
  ASSERT_EQ(out.size(), 6u) << errors;
  EXPECT_THAT(out[0].data<uint8_t>(), ElementsAre(1, 0, 0));
  EXPECT_THAT(out[1].data<uint8_t>(), ElementsAre(0, 1, 0));
  EXPECT_THAT(out[2].data<uint8_t>(), ElementsAre(0, 0, 0));
  EXPECT_THAT(out[3].data<uint8_t>(), ElementsAre(1, 1, 0));
  EXPECT_THAT(out[4].data<uint8_t>(), ElementsAre(0, 0, 1));
  EXPECT_THAT(out[5].data<int64_t>(), ElementsAre(0, 1, 2, 3));
}

TEST_F(EvaluatorTest, MaskedBatchNormAndReduce) {
  const char *src = R"(
    func.func @f(%x: tensor<3x1xf32>, %c1: tensor<1xf32>, %c0: tensor<1xf32>, %k: tensor<3xi1>) -> (tensor<3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) {
      %y, %m, %v = gnn.batch_norm %x, %c1, %c0, %c0, %c1 mask %k {training} : (tensor<3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<3xi1>) -> (tensor<3x1xf32>, tensor<1xf32>, tensor<1xf32>)
      %r = gnn.reduce mean %x dims [0] mask %k : tensor<3xi1> : tensor<3x1xf32> -> tensor<1xf32>
      return %y, %m, %v, %r : tensor<3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>
    })";
  // x = [1, 3, 100] with the third row masked out: statistics of {1, 3}:
  // mean 2, biased var 1, unbiased var 2; the masked row is still normalised.
  auto out = eval(src, {f32({3, 1}, {1, 3, 100}), f32({1}, {1}),
                        f32({1}, {0}), boolean({3}, {true, true, false})});
  ASSERT_EQ(out.size(), 4u) << errors;
  EXPECT_THAT(out[0].data<float>(),
              Pointwise(FloatNear(1e-4f), {-0.999995f, 0.999995f, 97.9995f}));
  EXPECT_NEAR(out[1].data<float>()[0], 0.2f, kTol);
  EXPECT_NEAR(out[2].data<float>()[0], 0.9f + 0.2f, kTol);
  EXPECT_NEAR(out[3].data<float>()[0], 2.0f, kTol);
}

//===-- Dense layers -----------------------------------------------------===//

TEST_F(EvaluatorTest, LinearAndMatmul) {
  const char *src = R"(
    func.func @f(%x: tensor<1x2xf32>, %w: tensor<3x2xf32>, %b: tensor<3xf32>, %m: tensor<2x1xf32>) -> (tensor<1x3xf32>, tensor<1x1xf32>) {
      %0 = gnn.linear %x, %w, %b : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
      %1 = gnn.matmul %x, %m : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
      return %0, %1 : tensor<1x3xf32>, tensor<1x1xf32>
    })";
  // [1,2] . [[1,0],[0,1],[1,1]]^T + 0.5 = [1.5, 2.5, 3.5]; [1,2].[5,6] = 17
  auto out = eval(src, {f32({1, 2}, {1, 2}), f32({3, 2}, {1, 0, 0, 1, 1, 1}),
                        f32({3}, {0.5, 0.5, 0.5}), f32({2, 1}, {5, 6})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(1.5, 2.5, 3.5));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(17));
}

TEST_F(EvaluatorTest, BinaryOpsBroadcast) {
  const char *src = R"(
    func.func @f(%a: tensor<2x2xf32>, %r: tensor<2xf32>, %s: tensor<f32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
      %0 = gnn.add %a, %r : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
      %1 = gnn.sub %a, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
      %2 = gnn.mul %r, %a : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
      %3 = gnn.div %a, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
      %4 = gnn.max %a, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
      %5 = gnn.min %a, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
      return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
    })";
  auto out = eval(src, {f32({2, 2}, {1, 2, 3, 4}), f32({2}, {10, 20}),
                        f32({}, {2})});
  ASSERT_EQ(out.size(), 6u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(11, 22, 13, 24));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(-1, 0, 1, 2));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(10, 40, 30, 80));
  EXPECT_THAT(out[3].data<float>(), ElementsAre(0.5, 1, 1.5, 2));
  EXPECT_THAT(out[4].data<float>(), ElementsAre(2, 2, 3, 4));
  EXPECT_THAT(out[5].data<float>(), ElementsAre(1, 2, 2, 2));
}

TEST_F(EvaluatorTest, UnaryOps) {
  const char *src = R"(
    func.func @f(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
      %0 = gnn.relu %x : tensor<3xf32>
      %1 = gnn.neg %x : tensor<3xf32>
      %2 = gnn.abs %x : tensor<3xf32>
      %3 = gnn.leaky_relu %x {negative_slope = 2.0e-01 : f64} : tensor<3xf32>
      %4 = gnn.elu %x : tensor<3xf32>
      %5 = gnn.leaky_relu %x : tensor<3xf32>
      return %0, %1, %2, %3, %4, %5 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
    })";
  // x = [-5, 0, 2]
  auto out = eval(src, {f32({3}, {-5, 0, 2})});
  ASSERT_EQ(out.size(), 6u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(0, 0, 2));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(5, 0, -2));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(5, 0, 2));
  EXPECT_THAT(out[3].data<float>(),
              Pointwise(FloatNear(kTol), {-1.0f, 0.0f, 2.0f}));
  // elu(-5) = exp(-5) - 1 = -0.993262053
  EXPECT_THAT(out[4].data<float>(),
              Pointwise(FloatNear(kTol), {-0.993262053f, 0.0f, 2.0f}));
  // default slope 0.01
  EXPECT_THAT(out[5].data<float>(),
              Pointwise(FloatNear(kTol), {-0.05f, 0.0f, 2.0f}));
}

TEST_F(EvaluatorTest, TranscendentalOps) {
  const char *src = R"(
    func.func @f(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
      %0 = gnn.sigmoid %x : tensor<2xf32>
      %1 = gnn.tanh %x : tensor<2xf32>
      %2 = gnn.exp %x : tensor<2xf32>
      %3 = gnn.log %x : tensor<2xf32>
      %4 = gnn.sqrt %x : tensor<2xf32>
      %5 = gnn.pow %x {exponent = -5.0e-01 : f64, inf_to_zero} : tensor<2xf32>
      return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
    })";
  // x = [0, 4]
  auto out = eval(src, {f32({2}, {0, 4})});
  ASSERT_EQ(out.size(), 6u) << errors;
  EXPECT_THAT(out[0].data<float>(),
              Pointwise(FloatNear(kTol), {0.5f, 0.982013790f}));
  EXPECT_THAT(out[1].data<float>(),
              Pointwise(FloatNear(kTol), {0.0f, 0.999329300f}));
  EXPECT_THAT(out[2].data<float>(),
              Pointwise(FloatNear(1e-4f), {1.0f, 54.5981500f}));
  EXPECT_TRUE(std::isinf(out[3].data<float>()[0]) &&
              out[3].data<float>()[0] < 0);
  EXPECT_NEAR(out[3].data<float>()[1], 1.386294361f, kTol);
  EXPECT_THAT(out[4].data<float>(), Pointwise(FloatNear(kTol), {0.0f, 2.0f}));
  // 0^-0.5 = inf -> 0 (isolated node); 4^-0.5 = 0.5
  EXPECT_THAT(out[5].data<float>(), Pointwise(FloatNear(kTol), {0.0f, 0.5f}));
}

TEST_F(EvaluatorTest, DropoutKeepsOrScalesAndFoldsAtZero) {
  const char *src = R"(
    func.func @f(%x: tensor<1000xf32>, %o: tensor<i64>) -> (tensor<1000xf32>, tensor<1000xf32>, tensor<1000xf32>) {
      %0 = gnn.dropout %x {p = 2.5e-01 : f64, seed = 9 : i64} : (tensor<1000xf32>) -> tensor<1000xf32>
      %1 = gnn.dropout %x offset %o {p = 2.5e-01 : f64, seed = 9 : i64} : (tensor<1000xf32>, tensor<i64>) -> tensor<1000xf32>
      %2 = gnn.dropout %x {p = 0.0 : f64} : (tensor<1000xf32>) -> tensor<1000xf32>
      return %0, %1, %2 : tensor<1000xf32>, tensor<1000xf32>, tensor<1000xf32>
    })";
  std::vector<float> ones(1000, 3.0f);
  auto out = eval(src, {f32({1000}, ones), Tensor::fromI64({}, {1})});
  ASSERT_EQ(out.size(), 3u) << errors;
  int kept = 0, differ = 0;
  for (int i = 0; i < 1000; ++i) {
    float v = out[0].data<float>()[i];
    // kept values are scaled by 1 / (1 - 0.25): 3 * 4/3 = 4
    ASSERT_TRUE(v == 0.0f || std::fabs(v - 4.0f) < kTol) << v;
    kept += v != 0.0f;
    differ += (v != 0.0f) != (out[1].data<float>()[i] != 0.0f);
    EXPECT_EQ(out[2].data<float>()[i], 3.0f);
  }
  EXPECT_NEAR(kept / 1000.0, 0.75, 0.05);
  // Another offset (training step) draws another mask.
  EXPECT_GT(differ, 100);
  // And the same seed and offset draw the same mask again.
  auto again = eval(src, {f32({1000}, ones), Tensor::fromI64({}, {1})});
  ASSERT_EQ(again.size(), 3u);
  EXPECT_TRUE(again[0].allClose(out[0], 0, 0));
}

TEST_F(EvaluatorTest, SoftmaxAndLogSoftmax) {
  const char *src = R"(
    func.func @f(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
      %0 = gnn.softmax %x axis 1 : tensor<1x2xf32>
      %1 = gnn.log_softmax %x axis -1 : tensor<1x2xf32>
      return %0, %1 : tensor<1x2xf32>, tensor<1x2xf32>
    })";
  // [0, ln 3] -> [1/4, 3/4]; logs [-1.386294, -0.287682]
  auto out = eval(src, {f32({1, 2}, {0, std::log(3.0f)})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_THAT(out[0].data<float>(), Pointwise(FloatNear(kTol), {0.25f, 0.75f}));
  EXPECT_THAT(out[1].data<float>(),
              Pointwise(FloatNear(kTol), {-1.386294361f, -0.287682072f}));
}

TEST_F(EvaluatorTest, BatchNormTrainingAndInference) {
  const char *src = R"(
    func.func @f(%x: tensor<2x1xf32>, %g: tensor<1xf32>, %b: tensor<1xf32>, %m: tensor<1xf32>, %v: tensor<1xf32>) -> (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<2x1xf32>) {
      %y, %nm, %nv = gnn.batch_norm %x, %g, %b, %m, %v {training} : (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>)
      %y2, %m2, %v2 = gnn.batch_norm %x, %g, %b, %m, %v : (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>)
      return %y, %nm, %nv, %y2 : tensor<2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<2x1xf32>
    })";
  // x = [1, 3], gamma 2, beta 1, running mean 0, var 1, eps 1e-5.
  // Batch mean 2, biased var 1: y = 2 * (+-1) / sqrt(1 + 1e-5) + 1.
  // Running mean 0.9*0 + 0.1*2 = 0.2; unbiased var 2: 0.9*1 + 0.1*2 = 1.1.
  // Inference: y = 2 * x / sqrt(1 + 1e-5) + 1 = [2.99999, 6.99997].
  auto out = eval(src, {f32({2, 1}, {1, 3}), f32({1}, {2}), f32({1}, {1}),
                        f32({1}, {0}), f32({1}, {1})});
  ASSERT_EQ(out.size(), 4u) << errors;
  EXPECT_THAT(out[0].data<float>(),
              Pointwise(FloatNear(kTol), {-0.99999f, 2.99999f}));
  EXPECT_NEAR(out[1].data<float>()[0], 0.2f, kTol);
  EXPECT_NEAR(out[2].data<float>()[0], 1.1f, kTol);
  EXPECT_THAT(out[3].data<float>(),
              Pointwise(FloatNear(1e-4f), {2.99999f, 6.99997f}));
}

TEST_F(EvaluatorTest, ConcatSliceReshape) {
  const char *src = R"(
    func.func @f(%a: tensor<2x1xf32>, %b: tensor<2x2xf32>) -> (tensor<2x3xf32>, tensor<2x2xf32>, tensor<3x2xf32>) {
      %0 = gnn.concat %a, %b axis 1 : (tensor<2x1xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
      %1 = gnn.slice %0 axis 1 offset 1 : tensor<2x3xf32> -> tensor<2x2xf32>
      %2 = gnn.reshape %0 : tensor<2x3xf32> -> tensor<3x2xf32>
      return %0, %1, %2 : tensor<2x3xf32>, tensor<2x2xf32>, tensor<3x2xf32>
    })";
  auto out = eval(src, {f32({2, 1}, {1, 2}), f32({2, 2}, {3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 3u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(1, 3, 4, 2, 5, 6));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(3, 4, 5, 6));
  EXPECT_EQ(out[2].shape(), (gnnrt::Shape{3, 2}));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(1, 3, 4, 2, 5, 6));
}

TEST_F(EvaluatorTest, WhereCastReduceAndMaskedLabels) {
  const char *src = R"(
    func.func @f(%m: tensor<3xi1>, %y: tensor<3xi64>) -> (tensor<3xi64>, tensor<3xf32>, tensor<f32>) {
      %ignore = gnn.constant dense<-100> : tensor<i64>
      %0 = gnn.where %m, %y, %ignore : (tensor<3xi1>, tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
      %1 = gnn.cast %m : tensor<3xi1> to tensor<3xf32>
      %2 = gnn.reduce sum %1 dims [0] : tensor<3xf32> -> tensor<f32>
      return %0, %1, %2 : tensor<3xi64>, tensor<3xf32>, tensor<f32>
    })";
  auto out = eval(src, {boolean({3}, {true, false, true}), i64({3}, {4, 5, 6})});
  ASSERT_EQ(out.size(), 3u) << errors;
  EXPECT_THAT(out[0].data<int64_t>(), ElementsAre(4, -100, 6));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(1, 0, 1));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(2));
}

TEST_F(EvaluatorTest, ReduceKinds) {
  const char *src = R"(
    func.func @f(%x: tensor<2x3xf32>) -> (tensor<3xf32>, tensor<2xf32>, tensor<f32>, tensor<2xf32>) {
      %0 = gnn.reduce mean %x dims [0] : tensor<2x3xf32> -> tensor<3xf32>
      %1 = gnn.reduce max %x dims [1] : tensor<2x3xf32> -> tensor<2xf32>
      %2 = gnn.reduce sum %x dims [0, 1] : tensor<2x3xf32> -> tensor<f32>
      %3 = gnn.reduce min %x dims [-1] : tensor<2x3xf32> -> tensor<2xf32>
      return %0, %1, %2, %3 : tensor<3xf32>, tensor<2xf32>, tensor<f32>, tensor<2xf32>
    })";
  // [[1, 5, 3], [3, -1, 9]]
  auto out = eval(src, {f32({2, 3}, {1, 5, 3, 3, -1, 9})});
  ASSERT_EQ(out.size(), 4u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(2, 2, 6));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(5, 9));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(20));
  EXPECT_THAT(out[3].data<float>(), ElementsAre(1, -1));
}

//===-- Readout and losses ---------------------------------------------===//

TEST_F(EvaluatorTest, GlobalPoolWithEmptyGraph) {
  const char *src = R"(
    func.func @f(%h: tensor<3x1xf32>, %b: tensor<3xi64>) -> (tensor<3x1xf32>, tensor<3x1xf32>, tensor<3x1xf32>) {
      %0 = gnn.global_pool mean %h, %b : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<3x1xf32>
      %1 = gnn.global_pool sum %h, %b : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<3x1xf32>
      %2 = gnn.global_pool max %h, %b : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<3x1xf32>
      return %0, %1, %2 : tensor<3x1xf32>, tensor<3x1xf32>, tensor<3x1xf32>
    })";
  // nodes [1, 3, 5] in graphs [0, 0, 2]; graph 1 is empty -> 0.
  auto out = eval(src, {f32({3, 1}, {1, 3, 5}), i64({3}, {0, 0, 2})});
  ASSERT_EQ(out.size(), 3u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(2, 0, 5));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(4, 0, 5));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(3, 0, 5));
}

const char *kCrossEntropy = R"(
    func.func @f(%l: tensor<2x2xf32>, %y: tensor<2xi64>, %m: tensor<2xi1>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
      %0 = gnn.cross_entropy mean %l, %y : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<f32>
      %1 = gnn.cross_entropy sum %l, %y : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<f32>
      %2 = gnn.cross_entropy mean %l, %y mask %m : (tensor<2x2xf32>, tensor<2xi64>, tensor<2xi1>) -> tensor<f32>
      return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
    })";

TEST_F(EvaluatorTest, CrossEntropyMeanSumAndMask) {
  // logits [[0, 0], [0, ln 3]], labels [0, 1]:
  // row 0: ln 2 = 0.693147; row 1: ln 4 - ln 3 = 0.287682.
  auto logits = f32({2, 2}, {0, 0, 0, std::log(3.0f)});
  auto out = eval(kCrossEntropy,
                  {logits, i64({2}, {0, 1}), boolean({2}, {false, true})});
  ASSERT_EQ(out.size(), 3u) << errors;
  EXPECT_NEAR(out[0].data<float>()[0], 0.490414566f, kTol);
  EXPECT_NEAR(out[1].data<float>()[0], 0.980829132f, kTol);
  EXPECT_NEAR(out[2].data<float>()[0], 0.287682072f, kTol);
}

TEST_F(EvaluatorTest, CrossEntropyIgnoresMinus100) {
  auto logits = f32({2, 2}, {0, 0, 0, std::log(3.0f)});
  auto out = eval(kCrossEntropy,
                  {logits, i64({2}, {0, -100}), boolean({2}, {false, true})});
  ASSERT_EQ(out.size(), 3u) << errors;
  EXPECT_NEAR(out[0].data<float>()[0], 0.693147181f, kTol);
  EXPECT_NEAR(out[1].data<float>()[0], 0.693147181f, kTol);
  // Row 0 masked out and row 1 ignored: no row counts, mean is NaN (PyTorch).
  EXPECT_TRUE(std::isnan(out[2].data<float>()[0]));
}

TEST_F(EvaluatorTest, NllLossWithCustomIgnoreIndex) {
  const char *src = R"(
    func.func @f(%l: tensor<3x2xf32>, %y: tensor<3xi64>) -> (tensor<f32>, tensor<f32>) {
      %0 = gnn.nll_loss mean %l, %y : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<f32>
      %1 = gnn.nll_loss sum %l, %y {ignore_index = 1 : i64} : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<f32>
      return %0, %1 : tensor<f32>, tensor<f32>
    })";
  // log-probs [[-1,-2],[-3,-4],[-5,-6]], labels [1, 0, 1]:
  // mean (2 + 3 + 6) / 3; with ignore_index 1 only row 1 counts: 3.
  auto out = eval(src, {f32({3, 2}, {-1, -2, -3, -4, -5, -6}),
                        i64({3}, {1, 0, 1})});
  ASSERT_EQ(out.size(), 2u) << errors;
  EXPECT_NEAR(out[0].data<float>()[0], 11.0f / 3.0f, kTol);
  EXPECT_NEAR(out[1].data<float>()[0], 3.0f, kTol);
}

TEST_F(EvaluatorTest, LabelOutOfRangeIsAnError) {
  auto logits = f32({2, 2}, {0, 0, 0, 0});
  auto out = eval(kCrossEntropy,
                  {logits, i64({2}, {0, 2}), boolean({2}, {true, true})});
  EXPECT_TRUE(out.empty());
  EXPECT_THAT(errors, HasSubstr("'gnn.cross_entropy' op"));
}

TEST_F(EvaluatorTest, RegressionLosses) {
  const char *src = R"(
    func.func @f(%p: tensor<2x2xf32>, %t: tensor<2x2xf32>, %m: tensor<2xi1>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
      %0 = gnn.mse_loss mean %p, %t : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<f32>
      %1 = gnn.mse_loss mean %p, %t mask %m : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xi1>) -> tensor<f32>
      %2 = gnn.l1_loss sum %p, %t : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<f32>
      %3 = gnn.l1_loss mean %p, %t mask %m : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xi1>) -> tensor<f32>
      return %0, %1, %2, %3 : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
    })";
  // errors [[1, -2], [3, 4]]: squares 1, 4, 9, 16.
  auto out = eval(src, {f32({2, 2}, {1, 0, 3, 4}), f32({2, 2}, {0, 2, 0, 0}),
                        boolean({2}, {true, false})});
  ASSERT_EQ(out.size(), 4u) << errors;
  EXPECT_NEAR(out[0].data<float>()[0], 30.0f / 4, kTol);
  EXPECT_NEAR(out[1].data<float>()[0], 5.0f / 2, kTol);
  EXPECT_NEAR(out[2].data<float>()[0], 10.0f, kTol);
  EXPECT_NEAR(out[3].data<float>()[0], 3.0f / 2, kTol);
}

//===-- Parameters, calls, arguments -------------------------------------===//

TEST_F(EvaluatorTest, ParametersAreInitialisedAndRead) {
  const char *src = R"(
    gnn.parameter @z : tensor<2xf32> init zeros
    gnn.parameter @o : tensor<2xf32> init ones
    gnn.parameter @c : tensor<2xf32> init constant {value = 2.5e-01 : f64}
    gnn.parameter @v : tensor<2xf32> init value {initial_value = dense<[7.0, 8.0]> : tensor<2xf32>}
    gnn.parameter @g : tensor<30x20xf32> init glorot_uniform {seed = 3 : i64}
    func.func @f() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<30x20xf32>) {
      %z = gnn.get_parameter @z : tensor<2xf32>
      %o = gnn.get_parameter @o : tensor<2xf32>
      %c = gnn.get_parameter @c : tensor<2xf32>
      %v = gnn.get_parameter @v : tensor<2xf32>
      %g = gnn.get_parameter @g : tensor<30x20xf32>
      return %z, %o, %c, %v, %g : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<30x20xf32>
    })";
  auto out = eval(src, {});
  ASSERT_EQ(out.size(), 5u) << errors;
  EXPECT_THAT(out[0].data<float>(), ElementsAre(0, 0));
  EXPECT_THAT(out[1].data<float>(), ElementsAre(1, 1));
  EXPECT_THAT(out[2].data<float>(), ElementsAre(0.25, 0.25));
  EXPECT_THAT(out[3].data<float>(), ElementsAre(7, 8));
  // glorot bound sqrt(6 / (20 + 30)) = 0.34641
  float maxAbs = 0;
  for (float w : out[4].data<float>())
    maxAbs = std::max(maxAbs, std::fabs(w));
  EXPECT_LE(maxAbs, 0.3464102f);
  EXPECT_GT(maxAbs, 0.3f);
}

TEST_F(EvaluatorTest, CallsBetweenFunctions) {
  const char *src = R"(
    func.func private @double(%x: tensor<2xf32>) -> tensor<2xf32> {
      %0 = gnn.add %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      return %0 : tensor<2xf32>
    }
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      %0 = call @double(%x) : (tensor<2xf32>) -> tensor<2xf32>
      %1 = call @double(%0) : (tensor<2xf32>) -> tensor<2xf32>
      return %1 : tensor<2xf32>
    })";
  EXPECT_THAT(evalF32(src, {f32({2}, {1, -2})}), ElementsAre(4, -8));
}

TEST_F(EvaluatorTest, ArgumentsMustMatchTheSignature) {
  const char *src = R"(
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      return %x : tensor<2xf32>
    })";
  EXPECT_TRUE(eval(src, {f32({3}, {1, 2, 3})}).empty());
  EXPECT_THAT(errors, HasSubstr("argument #0"));
  EXPECT_THAT(errors, HasSubstr("expected a value of type 'tensor<2xf32>'"));
  EXPECT_TRUE(eval(src, {}).empty());
  EXPECT_THAT(errors, HasSubstr("takes 1 arguments but 0 were given"));
}

TEST_F(EvaluatorTest, GeneratedArgumentsRespectIndexBounds) {
  const char *src = R"(
    func.func @f(%x: tensor<5x2xf32>, %s: tensor<200xi64>, %d: tensor<200xi32>, %y: tensor<3xi64>, %h: tensor<3x4xf32>, %m: tensor<3xi1>) -> (tensor<3x2xf32>, tensor<f32>) {
      %xj = gnn.gather %x[%s] : (tensor<5x2xf32>, tensor<200xi64>) -> tensor<200x2xf32>
      %a = gnn.scatter sum %xj, %d : (tensor<200x2xf32>, tensor<200xi32>) -> tensor<3x2xf32>
      %l = gnn.cross_entropy mean %h, %y mask %m : (tensor<3x4xf32>, tensor<3xi64>, tensor<3xi1>) -> tensor<f32>
      return %a, %l : tensor<3x2xf32>, tensor<f32>
    })";
  mlir::OwningOpRef<mlir::ModuleOp> parsed =
      mlir::parseSourceString<mlir::ModuleOp>(src, &context);
  ASSERT_TRUE(parsed);
  auto fn = parsed->lookupSymbol<mlir::func::FuncOp>("f");
  auto args = gnnc::generateArguments(fn, 42);
  ASSERT_TRUE(mlir::succeeded(args));
  ASSERT_EQ(args->size(), 6u);
  for (int64_t v : (*args)[1].data<int64_t>())
    EXPECT_TRUE(v >= 0 && v < 5) << v;
  for (int32_t v : (*args)[2].data<int32_t>())
    EXPECT_TRUE(v >= 0 && v < 3) << v;
  for (int64_t v : (*args)[3].data<int64_t>())
    EXPECT_TRUE(v >= 0 && v < 4) << v;
  for (float v : (*args)[0].data<float>())
    EXPECT_TRUE(v >= -1.0f && v < 1.0f) << v;
  // The same seed generates the same arguments; they evaluate.
  auto again = gnnc::generateArguments(fn, 42);
  ASSERT_TRUE(mlir::succeeded(again));
  EXPECT_TRUE((*again)[1].allClose((*args)[1], 0, 0));
  gnnc::ParameterStore none;
  EXPECT_TRUE(mlir::succeeded(gnnc::evaluateFunction(fn, *args, none)));
}

TEST_F(EvaluatorTest, ControlFlowIsRejected) {
  const char *src = R"(
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      cf.br ^next
    ^next:
      return %x : tensor<2xf32>
    })";
  mlir::DialectRegistry registry;
  registry.insert<mlir::cf::ControlFlowDialect>();
  context.appendDialectRegistry(registry);
  EXPECT_TRUE(eval(src, {f32({2}, {1, 2})}).empty());
  EXPECT_THAT(errors, HasSubstr("has 2 blocks; the evaluator runs "
                                "straight-line functions only"));
}

TEST_F(EvaluatorTest, UnsupportedOpIsReportedAtItsLocation) {
  const char *src = R"(
    func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
      %0 = tensor.empty() : tensor<2xf32>
      return %0 : tensor<2xf32>
    })";
  EXPECT_TRUE(eval(src, {f32({2}, {1, 2})}).empty());
  EXPECT_THAT(errors, HasSubstr("is not supported by the reference evaluator"));
}

} // namespace
