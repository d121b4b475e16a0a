//===- OptimizerTest.cpp - Optimizer kernels and the training loop --------===//
//
// The kernels against the torch.optim formulas evaluated in double
// precision (independent straight-line code below), and the training loop
// (gnn-autodiff + runTrainSteps) against a closed-form SGD trajectory.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/InitAll.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnrt/TrainKernels.h"
#include "gtest/gtest.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

using gnnrt::Tensor;
using ::testing::HasSubstr;

namespace {

const std::vector<float> kParam = {0.5f, -1.25f, 2.0f, 0.0f};
const std::vector<std::vector<float>> kGrads = {
    {0.1f, -0.2f, 0.3f, 0.0f}, {-0.4f, 0.05f, 0.2f, 1.0f},
    {0.25f, 0.5f, -0.1f, -2.0f}};

/// |got - want| <= 1e-6 (1 + |want|) elementwise.
void expectClose(const Tensor &got, const std::vector<double> &want) {
  ASSERT_EQ(got.numElements(), static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got.floatAt(i), want[i], 1e-6 * (1 + std::abs(want[i])))
        << "element " << i;
}

void sgdCase(const gnnrt::SgdOptions &o) {
  std::vector<double> p(kParam.begin(), kParam.end()), buf(p.size(), 0);
  Tensor param = Tensor::fromF32({4}, kParam);
  Tensor mbuf(gnnrt::DType::kF32, {4});
  for (int step = 1; step <= 3; ++step) {
    const std::vector<float> &g = kGrads[step - 1];
    for (size_t i = 0; i < p.size(); ++i) {
      double d = g[i] + o.weightDecay * p[i];
      if (o.momentum != 0) {
        buf[i] = step == 1 ? d : o.momentum * buf[i] + (1 - o.dampening) * d;
        d = o.nesterov ? d + o.momentum * buf[i] : buf[i];
      }
      p[i] -= o.lr * d;
    }
    auto r = gnnrt::sgdUpdate(param, Tensor::fromF32({4}, g),
                              o.momentum != 0 ? &mbuf : nullptr, step, o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    param = r->param;
    if (o.momentum != 0)
      mbuf = r->momentumBuffer;
    expectClose(param, p);
  }
}

TEST(OptimizerKernels, SgdPlain) { sgdCase({0.1, 0, 0, 0, false}); }
TEST(OptimizerKernels, SgdMomentumDampeningWeightDecay) {
  sgdCase({0.05, 0.9, 0.1, 0.01, false});
}
TEST(OptimizerKernels, SgdNesterov) { sgdCase({0.05, 0.9, 0, 5e-4, true}); }

void adamCase(const gnnrt::AdamOptions &o) {
  std::vector<double> p(kParam.begin(), kParam.end()), m(4, 0), v(4, 0);
  Tensor param = Tensor::fromF32({4}, kParam);
  Tensor em(gnnrt::DType::kF32, {4}), ev(gnnrt::DType::kF32, {4});
  for (int step = 1; step <= 3; ++step) {
    const std::vector<float> &g = kGrads[step - 1];
    for (size_t i = 0; i < p.size(); ++i) {
      double gi = g[i];
      if (o.decoupled)
        p[i] *= 1 - o.lr * o.weightDecay;
      else
        gi += o.weightDecay * p[i];
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
      double mhat = m[i] / (1 - std::pow(o.beta1, step));
      double vhat = v[i] / (1 - std::pow(o.beta2, step));
      p[i] -= o.lr * mhat / (std::sqrt(vhat) + o.eps);
    }
    auto r = gnnrt::adamUpdate(param, Tensor::fromF32({4}, g), em, ev, step, o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    param = r->param;
    em = r->expAvg;
    ev = r->expAvgSq;
    expectClose(param, p);
    expectClose(em, m);
    expectClose(ev, v);
  }
}

TEST(OptimizerKernels, Adam) { adamCase({0.01, 0.9, 0.999, 1e-8, 0, false}); }
TEST(OptimizerKernels, AdamWeightDecay) {
  adamCase({0.01, 0.8, 0.99, 1e-6, 0.05, false});
}
TEST(OptimizerKernels, AdamW) { adamCase({0.01, 0.9, 0.999, 1e-8, 0.01, true}); }

TEST(OptimizerKernels, Errors) {
  Tensor p = Tensor::fromF32({4}, kParam);
  auto r = gnnrt::sgdUpdate(p, p, nullptr, 0, {0.1, 0, 0, 0, false});
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("steps count from 1"));
  r = gnnrt::sgdUpdate(p, p, nullptr, 1, {0.1, 0.9, 0, 0, false});
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("momentum buffer"));
  auto a = gnnrt::adamUpdate(p, Tensor::fromF32({2}, {1, 2}), p, p, 1, {});
  EXPECT_THAT(std::string(a.status().message()), HasSubstr("the gradient"));
}

TEST(TransposeKernel, Rank3) {
  // x[i, j, k] = 100 i + 10 j + k, shape [2, 3, 2]; permutation [2, 0, 1].
  std::vector<float> v;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 2; ++k)
        v.push_back(100 * i + 10 * j + k);
  auto t = gnnrt::transpose(Tensor::fromF32({2, 3, 2}, v), {2, 0, 1});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->shape(), (gnnrt::Shape{2, 2, 3}));
  // result[k, i, j] = x[i, j, k]
  EXPECT_EQ(t->floatAt(1 * 6 + 1 * 3 + 2), 121.0f);
  EXPECT_EQ(t->floatAt(0 * 6 + 1 * 3 + 0), 100.0f);
}

TEST(TransposeKernel, Rank2EveryDtypeAcrossTiles) {
  // [rows, cols] straddles the kernel's 32 x 32 tiles; x[r, c] = 100 r + c.
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{37, 70},
                            std::pair<int64_t, int64_t>{1, 33},
                            std::pair<int64_t, int64_t>{64, 1},
                            std::pair<int64_t, int64_t>{0, 5}}) {
    std::vector<float> f;
    std::vector<int32_t> i32;
    std::vector<int64_t> i64;
    std::vector<bool> b;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        f.push_back(static_cast<float>(100 * r + c));
        i32.push_back(static_cast<int32_t>(100 * r + c));
        i64.push_back((int64_t{1} << 40) + 100 * r + c);
        b.push_back((r * 7 + c * 3) % 5 == 0);
      }
    for (const Tensor &x : {Tensor::fromF32({rows, cols}, f),
                            Tensor::fromI32({rows, cols}, i32),
                            Tensor::fromI64({rows, cols}, i64),
                            Tensor::fromBool({rows, cols}, b)}) {
      auto t = gnnrt::transpose(x, {1, 0});
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(t->dtype(), x.dtype());
      ASSERT_EQ(t->shape(), (gnnrt::Shape{cols, rows}));
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) {
          if (x.dtype() == gnnrt::DType::kF32)
            ASSERT_EQ(t->floatAt(c * rows + r), x.floatAt(r * cols + c));
          else
            ASSERT_EQ(t->intAt(c * rows + r), x.intAt(r * cols + c))
                << gnnrt::dtypeName(x.dtype()) << " at " << r << ", " << c;
        }
    }
  }
  // The identity permutation of a matrix is a plain copy.
  auto id = gnnrt::transpose(Tensor::fromF32({2, 3}, {1, 2, 3, 4, 5, 6}),
                             {0, 1});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->shape(), (gnnrt::Shape{2, 3}));
  EXPECT_EQ(id->floatAt(4), 5.0f);
}

TEST(TrainLoop, SgdOnAQuadraticFollowsTheClosedForm) {
  mlir::DialectRegistry registry;
  gnnc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(R"(
gnn.parameter @w : tensor<3xf32> init value {initial_value = dense<[1.0, -2.0, 0.5]> : tensor<3xf32>}
func.func @f(%t: tensor<3xf32> {gnn.name = "t"}) -> (tensor<f32> {gnn.name = "loss"}) {
  %w = gnn.get_parameter @w : tensor<3xf32>
  %l = gnn.mse_loss sum %w, %t : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
)",
                                                        &context);
  ASSERT_TRUE(module);
  mlir::PassManager pm(&context);
  mlir::gnn::GnnAutodiffOptions options;
  options.optimizer = "sgd";
  options.lr = 0.1;
  pm.addPass(mlir::gnn::createGnnAutodiff(options));
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  auto step = module->lookupSymbol<mlir::func::FuncOp>("f_train_step");
  ASSERT_TRUE(step);
  gnnc::ParameterStore state;
  llvm::StringMap<Tensor> inputs;
  inputs["t"] = Tensor::fromF32({3}, {0.0f, 0.0f, 1.0f});
  auto losses = gnnc::runTrainSteps(step, state, inputs, 1, 5);
  ASSERT_TRUE(mlir::succeeded(losses));
  // w - t shrinks by 1 - 0.1 * 2 = 0.8 per step, the loss by 0.64.
  double loss0 = 1.0 + 4.0 + 0.25;
  for (int k = 0; k < 5; ++k)
    EXPECT_NEAR((*losses)[k], loss0 * std::pow(0.64, k), 1e-5);
  EXPECT_NEAR(state["w"].floatAt(1), -2.0 * std::pow(0.8, 5), 1e-5);
  // Resuming continues the trajectory (step numbers only matter for
  // momentum and Adam, but the state must carry over).
  auto more = gnnc::runTrainSteps(step, state, inputs, 6, 1);
  ASSERT_TRUE(mlir::succeeded(more));
  EXPECT_NEAR((*more)[0], loss0 * std::pow(0.64, 5), 1e-5);
}

} // namespace
