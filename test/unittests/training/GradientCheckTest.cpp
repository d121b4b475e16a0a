//===- GradientCheckTest.cpp - gnn-autodiff against finite differences ---===//
//
// Each test writes a small function `@f` whose scalar `loss` depends on the op
// under test (usually through `sum(y * w)` with a random weight `w`, so every
// element of the gradient matters), runs gnn-autodiff with optimizer=none and
// wrt-arguments, evaluates the gradient function `@f_grad` and compares every
// gradient element (of float arguments and parameters) with a central finite
// difference of the loss.
//
// Finite differences: the evaluator computes in f32, so the difference is
// the fourth-order central stencil
//     (8 (L(x+h) - L(x-h)) - (L(x+2h) - L(x-2h))) / (12 h),   h = 1e-2,
// accumulated in double (h = 1e-3 for the whole GCN, whose relu units are
// not kept away from their kink by construction). Its truncation error is O(h^4 |L'''''|) ~ 1e-8 for
// these smooth, O(1) functions, and its rounding error is about
// (18 / 12) * eps_f32 * |L| * sqrt(ops) / h <= 2e-4 * |L|: the tolerance
// |analytic - fd| <= 2e-3 * (1 + |fd|) + 1e-3 * |L| leaves a margin of ~10
// over the noise while a wrong rule (a missing term, a wrong sign, a
// misrouted row) is off by O(1). Inputs are distinct grid values
// 0.13 k + offset (shuffled) so no input lies within 2h of a kink of relu,
// abs, max/min or a tie of a max-reduction, where the derivative jumps.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/InitAll.h"
#include "gnnc/Transforms/Passes.h"
#include "gtest/gtest.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

using gnnrt::Tensor;

namespace {

/// Distinct values 0.13 * (k - n/2) + offset in shuffled order.
Tensor distinct(gnnrt::Shape shape, unsigned seed, double offset = 0.05,
                double step = 0.13) {
  int64_t n = gnnrt::numElements(shape);
  std::vector<int64_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = static_cast<float>(step * (double(perm[i]) - double(n / 2)) + offset);
  return Tensor::fromF32(std::move(shape), std::move(v));
}

/// Distinct positive values in [0.3, 0.3 + 0.11 n).
Tensor positive(gnnrt::Shape shape, unsigned seed) {
  int64_t n = gnnrt::numElements(shape);
  return distinct(std::move(shape), seed, 0.3 + 0.11 * double(n / 2), 0.11);
}

std::string attrString(mlir::DictionaryAttr attrs, llvm::StringRef key) {
  if (attrs)
    if (auto s = attrs.getAs<mlir::StringAttr>(key))
      return s.str();
  return "";
}

class GradientCheck : public ::testing::Test {
protected:
  GradientCheck() {
    mlir::DialectRegistry registry;
    gnnc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Parses `source`, differentiates @f and checks every gradient. Float
  /// arguments missing from `given` are generated with distinct().
  void check(const std::string &source, std::map<std::string, Tensor> given,
             int minChecked = 1, double h = 1e-2) {
    std::string errors;
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
      errors += d.str() + "\n";
      return mlir::success();
    });
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    ASSERT_TRUE(module) << errors;
    mlir::PassManager pm(&context);
    mlir::gnn::GnnAutodiffOptions options;
    options.function = "f";
    options.optimizer = "none";
    options.wrtArguments = true;
    pm.addPass(mlir::gnn::createGnnAutodiff(options));
    ASSERT_TRUE(mlir::succeeded(pm.run(*module))) << errors;
    auto f = module->lookupSymbol<mlir::func::FuncOp>("f");
    auto grad = module->lookupSymbol<mlir::func::FuncOp>("f_grad");
    ASSERT_TRUE(f && grad);

    mlir::FailureOr<gnnc::ParameterStore> params =
        gnnc::initializeParameters(*module);
    ASSERT_TRUE(mlir::succeeded(params)) << errors;
    std::map<std::string, Tensor> inputs = std::move(given);
    unsigned seed = 1;
    for (unsigned i = 0; i < f.getNumArguments(); ++i) {
      std::string name = attrString(f.getArgAttrDict(i), "gnn.name");
      ASSERT_FALSE(name.empty()) << "argument #" << i << " needs a gnn.name";
      auto type = llvm::cast<mlir::RankedTensorType>(f.getArgumentTypes()[i]);
      if (!inputs.count(name)) {
        ASSERT_TRUE(type.getElementType().isF32()) << name << " not given";
        inputs[name] = distinct(gnnrt::Shape(type.getShape()), seed,
                                0.05 + 0.031 * i);
      }
      ++seed;
    }
    // Forward loss of @f for the current inputs and parameters.
    auto lossOf = [&](const std::map<std::string, Tensor> &in,
                      const gnnc::ParameterStore &ps) -> double {
      llvm::SmallVector<Tensor> args;
      for (unsigned i = 0; i < f.getNumArguments(); ++i)
        args.push_back(in.at(attrString(f.getArgAttrDict(i), "gnn.name")));
      auto results = gnnc::evaluateFunction(f, args, ps);
      EXPECT_TRUE(mlir::succeeded(results)) << errors;
      if (mlir::failed(results))
        return NAN;
      for (unsigned i = 0; i < f.getNumResults(); ++i)
        if (attrString(f.getResultAttrDict(i), "gnn.name") == "loss")
          return (*results)[i].floatAt(0);
      return NAN;
    };

    // Analytic gradients.
    llvm::SmallVector<Tensor> gargs;
    for (unsigned i = 0; i < grad.getNumArguments(); ++i) {
      std::string role = attrString(grad.getArgAttrDict(i), "gnn.role");
      std::string name = attrString(grad.getArgAttrDict(i), "gnn.name");
      gargs.push_back(role == "input" ? inputs.at(name) : (*params)[name]);
    }
    auto results = gnnc::evaluateFunction(grad, gargs, *params);
    ASSERT_TRUE(mlir::succeeded(results)) << errors;
    double loss = NAN;
    int checked = 0;
    for (unsigned r = 0; r < grad.getNumResults(); ++r) {
      std::string role = attrString(grad.getResultAttrDict(r), "gnn.role");
      std::string name = attrString(grad.getResultAttrDict(r), "gnn.name");
      if (role == "loss") {
        loss = (*results)[r].floatAt(0);
        EXPECT_NEAR(loss, lossOf(inputs, *params), 1e-6 * (1 + std::abs(loss)));
      }
      if (role != "gradient")
        continue;
      std::string of = name.substr(5); // "grad."
      bool isParam = params->count(of);
      Tensor base = isParam ? (*params)[of] : inputs.at(of);
      const Tensor &analytic = (*results)[r];
      ASSERT_EQ(analytic.shape(), base.shape()) << name;
      for (int64_t k = 0; k < base.numElements(); ++k) {
        auto at = [&](double delta) {
          Tensor t = base;
          t.data<float>()[k] = static_cast<float>(base.floatAt(k) + delta);
          if (isParam) {
            gnnc::ParameterStore ps = *params;
            ps[of] = t;
            return lossOf(inputs, ps);
          }
          std::map<std::string, Tensor> in = inputs;
          in[of] = t;
          return lossOf(in, *params);
        };
        double fd = (8.0 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) /
                    (12.0 * h);
        double a = analytic.floatAt(k);
        double tol = 2e-3 * (1.0 + std::abs(fd)) + 1e-3 * std::abs(loss);
        EXPECT_NEAR(a, fd, tol) << name << "[" << k << "] (loss " << loss
                                << ")";
        ++checked;
      }
    }
    EXPECT_GE(checked, minChecked);
  }

  /// `@f(args) -> loss` whose loss is sum(y * w) for the value `y` of type
  /// `yType` computed by `body`; `w` is a generated weight.
  static std::string weighted(const std::string &params,
                              const std::string &args, const std::string &body,
                              const std::string &yType,
                              const std::string &dims) {
    return params + "func.func @f(" + args + ", %w: " + yType +
           " {gnn.name = \"w\"}) -> (tensor<f32> {gnn.name = \"loss\"}) {\n" +
           body + "\n  %wy = gnn.mul %y, %w : (" + yType + ", " + yType +
           ") -> " + yType + "\n  %loss = gnn.reduce sum %wy dims " + dims +
           " : " + yType + " -> tensor<f32>\n  return %loss : tensor<f32>\n}\n";
  }

  mlir::MLIRContext context;
};

Tensor i64(std::vector<int64_t> v) {
  int64_t n = static_cast<int64_t>(v.size());
  return Tensor::fromI64({n}, std::move(v));
}
Tensor mask(std::vector<bool> v) {
  int64_t n = static_cast<int64_t>(v.size());
  return Tensor::fromBool({n}, std::move(v));
}

// Edges of a 5-node graph; node 4 receives nothing (an empty segment), the
// last edge is padding: masked out, with an out-of-range index 9 that must
// never be read.
const std::vector<int64_t> kDst = {0, 1, 0, 2, 3, 1, 0, 9};
const std::vector<int64_t> kSrc = {1, 2, 3, 4, 0, 0, 2, 9};
const std::vector<bool> kEdgeMask = {true, true, true, true,
                                     true, true, true, false};

//===----------------------------------------------------------------------===//
// Elementwise arithmetic and activations
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, ArithmeticWithBroadcasting) {
  check(weighted("",
                 "%x: tensor<5x3xf32> {gnn.name = \"x\"}, %b: tensor<3xf32> "
                 "{gnn.name = \"b\"}, %c: tensor<5x1xf32> {gnn.name = \"c\"}",
                 R"(
  %a = gnn.add %x, %b : (tensor<5x3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  %s = gnn.sub %a, %c : (tensor<5x3xf32>, tensor<5x1xf32>) -> tensor<5x3xf32>
  %m = gnn.mul %s, %x : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  %e = gnn.exp %c : tensor<5x1xf32>
  %d = gnn.div %m, %e : (tensor<5x3xf32>, tensor<5x1xf32>) -> tensor<5x3xf32>
  %n = gnn.mul %b, %d : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  %y = gnn.sub %n, %c : (tensor<5x3xf32>, tensor<5x1xf32>) -> tensor<5x3xf32>)",
                 "tensor<5x3xf32>", "[0, 1]"),
        {}, 15 + 3 + 5 + 15);
}

TEST_F(GradientCheck, MaxMin) {
  check(weighted("",
                 "%x: tensor<4x3xf32> {gnn.name = \"x\"}, %z: tensor<4x3xf32> "
                 "{gnn.name = \"z\"}, %b: tensor<3xf32> {gnn.name = \"b\"}",
                 R"(
  %m = gnn.max %x, %z : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %n = gnn.min %x, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %y = gnn.add %m, %n : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>)",
                 "tensor<4x3xf32>", "[0, 1]"),
        {});
}

TEST_F(GradientCheck, Activations) {
  check(weighted("", "%x: tensor<4x5xf32> {gnn.name = \"x\"}", R"(
  %r = gnn.relu %x : tensor<4x5xf32>
  %l = gnn.leaky_relu %x {negative_slope = 2.000000e-01 : f64} : tensor<4x5xf32>
  %e = gnn.elu %x {alpha = 1.500000e+00 : f64} : tensor<4x5xf32>
  %s = gnn.sigmoid %x : tensor<4x5xf32>
  %t = gnn.tanh %x : tensor<4x5xf32>
  %a = gnn.abs %x : tensor<4x5xf32>
  %n = gnn.neg %x : tensor<4x5xf32>
  %x2 = gnn.mul %x, %x : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %ex = gnn.exp %x : tensor<4x5xf32>
  %0 = gnn.add %r, %l : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %1 = gnn.add %0, %e : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %2 = gnn.add %1, %s : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %3 = gnn.add %2, %t : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %4 = gnn.mul %3, %a : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %5 = gnn.add %4, %n : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %6 = gnn.add %5, %ex : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %y = gnn.add %6, %x2 : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>)",
                 "tensor<4x5xf32>", "[0, 1]"),
        {}, 40);
}

TEST_F(GradientCheck, LogSqrtPow) {
  check(weighted("", "%x: tensor<2x5xf32> {gnn.name = \"x\"}", R"(
  %l = gnn.log %x : tensor<2x5xf32>
  %s = gnn.sqrt %x : tensor<2x5xf32>
  %p = gnn.pow %x {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<2x5xf32>
  %q = gnn.pow %x {exponent = 3.000000e+00 : f64} : tensor<2x5xf32>
  %0 = gnn.add %l, %s : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %1 = gnn.add %0, %p : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %y = gnn.add %1, %q : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>)",
                 "tensor<2x5xf32>", "[0, 1]"),
        {{"x", positive({2, 5}, 3)}});
}

TEST_F(GradientCheck, DropoutReusesItsMask) {
  check(weighted("", "%x: tensor<6x4xf32> {gnn.name = \"x\"}", R"(
  %d = gnn.dropout %x {p = 5.000000e-01 : f64, seed = 3 : i64} : (tensor<6x4xf32>) -> tensor<6x4xf32>
  %y = gnn.mul %d, %x : (tensor<6x4xf32>, tensor<6x4xf32>) -> tensor<6x4xf32>)",
                 "tensor<6x4xf32>", "[0, 1]"),
        {});
}

TEST_F(GradientCheck, SoftmaxAndLogSoftmax) {
  check(weighted("", "%x: tensor<4x5xf32> {gnn.name = \"x\"}", R"(
  %s = gnn.softmax %x axis 1 : tensor<4x5xf32>
  %l = gnn.log_softmax %x axis 0 : tensor<4x5xf32>
  %y = gnn.add %s, %l : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>)",
                 "tensor<4x5xf32>", "[0, 1]"),
        {});
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, LinearWithParameters) {
  check(weighted(R"(
gnn.parameter @lin.weight : tensor<3x4xf32> init kaiming_uniform {seed = 5 : i64}
gnn.parameter @lin.bias : tensor<3xf32> init uniform {low = -5.000000e-01 : f64, high = 5.000000e-01 : f64, seed = 6 : i64}
)",
                 "%x: tensor<5x4xf32> {gnn.name = \"x\"}", R"(
  %W = gnn.get_parameter @lin.weight : tensor<3x4xf32>
  %b = gnn.get_parameter @lin.bias : tensor<3xf32>
  %h = gnn.linear %x, %W, %b : (tensor<5x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  %y = gnn.tanh %h : tensor<5x3xf32>)",
                 "tensor<5x3xf32>", "[0, 1]"),
        {}, 20 + 12 + 3 + 15);
}

TEST_F(GradientCheck, LinearOnRank3AndMatmulTranspose) {
  check(weighted("",
                 "%x: tensor<2x3x4xf32> {gnn.name = \"x\"}, %W: "
                 "tensor<2x4xf32> {gnn.name = \"W\"}, %A: tensor<6x2xf32> "
                 "{gnn.name = \"A\"}",
                 R"(
  %h = gnn.linear %x, %W : (tensor<2x3x4xf32>, tensor<2x4xf32>) -> tensor<2x3x2xf32>
  %r = gnn.reshape %h : tensor<2x3x2xf32> -> tensor<6x2xf32>
  %t = gnn.transpose %A permutation [1, 0] : tensor<6x2xf32> -> tensor<2x6xf32>
  %y = gnn.matmul %t, %r : (tensor<2x6xf32>, tensor<6x2xf32>) -> tensor<2x2xf32>)",
                 "tensor<2x2xf32>", "[0, 1]"),
        {});
}

TEST_F(GradientCheck, BatchNormTrainingMasked) {
  check(weighted("",
                 "%x: tensor<6x3xf32> {gnn.name = \"x\"}, %g: tensor<3xf32> "
                 "{gnn.name = \"g\"}, %b: tensor<3xf32> {gnn.name = \"b\"}, "
                 "%rm: tensor<3xf32> {gnn.name = \"rm\"}, %rv: tensor<3xf32> "
                 "{gnn.name = \"rv\"}, %m: tensor<6xi1> {gnn.name = \"m\"}",
                 R"(
  %y, %nm, %nv = gnn.batch_norm %x, %g, %b, %rm, %rv mask %m {training}
      : (tensor<6x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<6xi1>)
      -> (tensor<6x3xf32>, tensor<3xf32>, tensor<3xf32>))",
                 "tensor<6x3xf32>", "[0, 1]"),
        {{"m", mask({true, true, false, true, true, false})},
         {"rv", positive({3}, 9)}});
}

TEST_F(GradientCheck, BatchNormTrainingAndInference) {
  check(weighted("",
                 "%x: tensor<5x2xf32> {gnn.name = \"x\"}, %g: tensor<2xf32> "
                 "{gnn.name = \"g\"}, %b: tensor<2xf32> {gnn.name = \"b\"}, "
                 "%rm: tensor<2xf32> {gnn.name = \"rm\"}, %rv: tensor<2xf32> "
                 "{gnn.name = \"rv\"}",
                 R"(
  %t, %nm, %nv = gnn.batch_norm %x, %g, %b, %rm, %rv {training}
      : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
      -> (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>)
  %i, %im, %iv = gnn.batch_norm %x, %g, %b, %rm, %rv
      : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
      -> (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>)
  %y = gnn.mul %t, %i : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<5x2xf32>)",
                 "tensor<5x2xf32>", "[0, 1]"),
        {{"rv", positive({2}, 4)}});
}

//===----------------------------------------------------------------------===//
// Shapes and selection
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, ConcatSliceReshapeWhere) {
  check(weighted("",
                 "%a: tensor<4x2xf32> {gnn.name = \"a\"}, %b: tensor<4x3xf32> "
                 "{gnn.name = \"b\"}, %c: tensor<4xi1> {gnn.name = \"c\"}, "
                 "%s: tensor<f32> {gnn.name = \"s\"}",
                 R"(
  %cat = gnn.concat %a, %b axis 1 : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  %sl = gnn.slice %cat axis 1 offset 1 : tensor<4x5xf32> -> tensor<4x3xf32>
  %r = gnn.reshape %sl : tensor<4x3xf32> -> tensor<3x4xf32>
  %rr = gnn.reshape %r : tensor<3x4xf32> -> tensor<4x3xf32>
  %cc = gnn.reshape %c : tensor<4xi1> -> tensor<4x1xi1>
  %wh = gnn.where %cc, %rr, %s : (tensor<4x1xi1>, tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
  %y = gnn.mul %wh, %b : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>)",
                 "tensor<4x3xf32>", "[0, 1]"),
        {{"c", mask({true, false, true, true})}});
}

TEST_F(GradientCheck, ReduceSumMeanMaxMinMasked) {
  check(weighted("",
                 "%x: tensor<5x4xf32> {gnn.name = \"x\"}, %m: tensor<5xi1> "
                 "{gnn.name = \"m\"}",
                 R"(
  %s = gnn.reduce sum %x dims [0] mask %m : tensor<5xi1> : tensor<5x4xf32> -> tensor<4xf32>
  %a = gnn.reduce mean %x dims [0] mask %m : tensor<5xi1> : tensor<5x4xf32> -> tensor<4xf32>
  %b = gnn.reduce max %x dims [0] : tensor<5x4xf32> -> tensor<4xf32>
  %c = gnn.reduce min %x dims [0] mask %m : tensor<5xi1> : tensor<5x4xf32> -> tensor<4xf32>
  %r = gnn.reduce mean %x dims [1] : tensor<5x4xf32> -> tensor<5xf32>
  %r2 = gnn.mul %r, %r : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %rs = gnn.reduce sum %r2 dims [0] : tensor<5xf32> -> tensor<f32>
  %0 = gnn.add %s, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = gnn.mul %0, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = gnn.add %1, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = gnn.add %2, %rs : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>)",
                 "tensor<4xf32>", "[0]"),
        {{"m", mask({true, false, true, true, false})}});
}

//===----------------------------------------------------------------------===//
// Graph primitives (masked and padded)
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, GatherScatterSumAndMeanMasked) {
  check(weighted("",
                 "%x: tensor<5x3xf32> {gnn.name = \"x\"}, %src: tensor<8xi64> "
                 "{gnn.name = \"src\"}, %dst: tensor<8xi64> {gnn.name = "
                 "\"dst\"}, %em: tensor<8xi1> {gnn.name = \"em\"}, %safe: "
                 "tensor<8xi64> {gnn.name = \"safe\"}",
                 R"(
  %xj = gnn.gather %x[%safe] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
  %t = gnn.tanh %xj : tensor<8x3xf32>
  %s = gnn.scatter sum %t, %dst mask %em : (tensor<8x3xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<5x3xf32>
  %m = gnn.scatter mean %xj, %dst mask %em : (tensor<8x3xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<5x3xf32>
  %y = gnn.mul %s, %m : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>)",
                 "tensor<5x3xf32>", "[0, 1]"),
        {{"src", i64(kSrc)},
         {"dst", i64(kDst)},
         {"em", mask(kEdgeMask)},
         {"safe", i64({1, 2, 3, 4, 0, 0, 2, 4})}});
}

TEST_F(GradientCheck, ScatterMaxMinMasked) {
  check(weighted("",
                 "%e: tensor<8x2xf32> {gnn.name = \"e\"}, %dst: tensor<8xi64> "
                 "{gnn.name = \"dst\"}, %em: tensor<8xi1> {gnn.name = \"em\"}",
                 R"(
  %a = gnn.scatter max %e, %dst mask %em : (tensor<8x2xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<5x2xf32>
  %b = gnn.scatter min %e, %dst mask %em : (tensor<8x2xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<5x2xf32>
  %c = gnn.mul %a, %a : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<5x2xf32>
  %y = gnn.add %c, %b : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<5x2xf32>)",
                 "tensor<5x2xf32>", "[0, 1]"),
        {{"dst", i64(kDst)}, {"em", mask(kEdgeMask)}});
}

TEST_F(GradientCheck, MessagePassingGcnNormAndEdgeWeights) {
  // Edge weights are differentiable through degree (weighted gcn_norm) and
  // the message; the index vectors get no gradient.
  check(weighted("",
                 "%x: tensor<5x3xf32> {gnn.name = \"x\"}, %ew: tensor<8xf32> "
                 "{gnn.name = \"ew\"}, %src: tensor<8xi64> {gnn.name = "
                 "\"src\"}, %dst: tensor<8xi64> {gnn.name = \"dst\"}",
                 R"(
  %deg = gnn.degree %dst weights %ew : (tensor<8xi64>, tensor<8xf32>) -> tensor<5xf32>
  %one = gnn.constant dense<1.0> : tensor<f32>
  %deg1 = gnn.add %deg, %one : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %dinv = gnn.pow %deg1 {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<5xf32>
  %ds = gnn.gather %dinv[%src] : (tensor<5xf32>, tensor<8xi64>) -> tensor<8xf32>
  %n = gnn.mul %ds, %ew : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %col = gnn.reshape %n : tensor<8xf32> -> tensor<8x1xf32>
  %y = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%x : tensor<5x3xf32>) targets(%x : tensor<5x3xf32>) edge_data(%col : tensor<8x1xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>, %xi: tensor<8x3xf32>, %c: tensor<8x1xf32>):
    %d = gnn.sub %xj, %xi : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
    %m = gnn.mul %d, %c : (tensor<8x3xf32>, tensor<8x1xf32>) -> tensor<8x3xf32>
    gnn.yield %m : tensor<8x3xf32>
  })",
                 "tensor<5x3xf32>", "[0, 1]"),
        {{"src", i64({1, 2, 3, 4, 0, 0, 2, 4})},
         {"dst", i64({0, 1, 0, 2, 3, 1, 0, 4})},
         {"ew", positive({8}, 12)}});
}

TEST_F(GradientCheck, DegreeWeightsMasked) {
  check(weighted("",
                 "%ew: tensor<8xf32> {gnn.name = \"ew\"}, %dst: tensor<8xi64> "
                 "{gnn.name = \"dst\"}, %em: tensor<8xi1> {gnn.name = \"em\"}",
                 R"(
  %deg = gnn.degree %dst weights %ew mask %em : (tensor<8xi64>, tensor<8xf32>, tensor<8xi1>) -> tensor<5xf32>
  %y = gnn.mul %deg, %deg : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>)",
                 "tensor<5xf32>", "[0]"),
        {{"dst", i64(kDst)}, {"em", mask(kEdgeMask)}});
}

TEST_F(GradientCheck, SegmentSoftmaxMasked) {
  check(weighted("",
                 "%s: tensor<8x2xf32> {gnn.name = \"s\"}, %dst: tensor<8xi64> "
                 "{gnn.name = \"dst\"}, %em: tensor<8xi1> {gnn.name = \"em\"}",
                 R"(
  %y = gnn.segment_softmax %s, %dst mask %em segments 5 : (tensor<8x2xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<8x2xf32>)",
                 "tensor<8x2xf32>", "[0, 1]"),
        {{"dst", i64(kDst)}, {"em", mask(kEdgeMask)}});
}

TEST_F(GradientCheck, GlobalPoolSumMeanMaxMasked) {
  // Graph 2 is empty (a padding graph); the last node is padding.
  check(weighted("",
                 "%h: tensor<7x2xf32> {gnn.name = \"h\"}, %batch: "
                 "tensor<7xi64> {gnn.name = \"batch\"}, %nm: tensor<7xi1> "
                 "{gnn.name = \"nm\"}",
                 R"(
  %s = gnn.global_pool sum %h, %batch mask %nm : (tensor<7x2xf32>, tensor<7xi64>, tensor<7xi1>) -> tensor<3x2xf32>
  %m = gnn.global_pool mean %h, %batch mask %nm : (tensor<7x2xf32>, tensor<7xi64>, tensor<7xi1>) -> tensor<3x2xf32>
  %x = gnn.global_pool max %h, %batch mask %nm : (tensor<7x2xf32>, tensor<7xi64>, tensor<7xi1>) -> tensor<3x2xf32>
  %0 = gnn.mul %s, %m : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = gnn.add %0, %x : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>)",
                 "tensor<3x2xf32>", "[0, 1]"),
        {{"batch", i64({0, 0, 0, 1, 1, 1, 7})},
         {"nm", mask({true, true, true, true, true, true, false})}});
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, ClassificationLossesMaskAndIgnoreIndex) {
  check(R"(
func.func @f(%x: tensor<6x4xf32> {gnn.name = "x"}, %y: tensor<6xi64> {gnn.name = "y"},
             %m: tensor<6xi1> {gnn.name = "m"}, %y2: tensor<6xi64> {gnn.name = "y2"}) -> (tensor<f32> {gnn.name = "loss"}) {
  %ce = gnn.cross_entropy mean %x, %y mask %m : (tensor<6x4xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<f32>
  %cs = gnn.cross_entropy sum %x, %y2 {ignore_index = 3 : i64} : (tensor<6x4xf32>, tensor<6xi64>) -> tensor<f32>
  %lp = gnn.log_softmax %x axis 1 : tensor<6x4xf32>
  %nl = gnn.nll_loss mean %lp, %y : (tensor<6x4xf32>, tensor<6xi64>) -> tensor<f32>
  %0 = gnn.add %ce, %cs : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %loss = gnn.add %0, %nl : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %loss : tensor<f32>
}
)",
        {{"y", i64({0, 3, -100, 2, 1, 3})},
         {"y2", i64({0, 3, 1, 2, 1, 3})},
         {"m", mask({true, true, true, false, true, true})}},
        24);
}

TEST_F(GradientCheck, RegressionLossesMasked) {
  check(R"(
func.func @f(%x: tensor<5x2xf32> {gnn.name = "x"}, %t: tensor<5x2xf32> {gnn.name = "t"},
             %m: tensor<5xi1> {gnn.name = "m"}) -> (tensor<f32> {gnn.name = "loss"}) {
  %a = gnn.mse_loss mean %x, %t mask %m : (tensor<5x2xf32>, tensor<5x2xf32>, tensor<5xi1>) -> tensor<f32>
  %b = gnn.mse_loss sum %x, %t : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<f32>
  %c = gnn.l1_loss mean %x, %t mask %m : (tensor<5x2xf32>, tensor<5x2xf32>, tensor<5xi1>) -> tensor<f32>
  %d = gnn.l1_loss sum %x, %t : (tensor<5x2xf32>, tensor<5x2xf32>) -> tensor<f32>
  %0 = gnn.add %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = gnn.add %0, %c : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %loss = gnn.add %1, %d : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %loss : tensor<f32>
}
)",
        {{"m", mask({true, false, true, true, false})},
         {"t", distinct({5, 2}, 77, 0.6)}},
        20);
}

//===----------------------------------------------------------------------===//
// A whole model: the example GCN (calls, message passing, parameters)
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, ExampleGcnParameters) {
  std::ifstream file(GNNC_EXAMPLES_DIR "/gcn.mlir");
  ASSERT_TRUE(file.good());
  std::string source((std::istreambuf_iterator<char>(file)),
                     std::istreambuf_iterator<char>());
  // Rename @gcn to @f for the harness.
  size_t at = source.find("func.func @gcn(");
  ASSERT_NE(at, std::string::npos);
  source.replace(at, 15, "func.func @f(");
  std::vector<int64_t> src, dst;
  for (int64_t n = 0; n < 20; ++n) { // self-loops, as the data carries them
    src.push_back(n);
    dst.push_back(n);
  }
  std::mt19937 rng(11);
  while (src.size() < 64) {
    src.push_back(rng() % 20);
    dst.push_back(rng() % 20);
  }
  std::vector<int64_t> y(20);
  std::vector<bool> train(20);
  for (int64_t n = 0; n < 20; ++n) {
    y[n] = rng() % 4;
    train[n] = n % 3 != 0;
  }
  check(source,
        {{"src", i64(src)},
         {"dst", i64(dst)},
         {"y", i64(y)},
         {"train_mask", mask(train)},
         {"x", distinct({20, 8}, 5, 0.01, 0.01)}},
        16 * 8 + 16 + 4 * 16 + 4, /*h=*/1e-3);
}

//===----------------------------------------------------------------------===//
// Ties: max / min route the gradient to the selected elements, shared
// equally among ties (torch.scatter_reduce amax / amin, torch.maximum).
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, TiesShareTheGradient) {
  const char *source = R"(
func.func @f(%e: tensor<4x1xf32> {gnn.name = "e"}, %dst: tensor<4xi64> {gnn.name = "dst"},
             %a: tensor<2xf32> {gnn.name = "a"}, %b: tensor<2xf32> {gnn.name = "b"})
    -> (tensor<f32> {gnn.name = "loss"}) {
  %m = gnn.scatter max %e, %dst : (tensor<4x1xf32>, tensor<4xi64>) -> tensor<2x1xf32>
  %s = gnn.reduce sum %m dims [0, 1] : tensor<2x1xf32> -> tensor<f32>
  %x = gnn.max %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %t = gnn.reduce sum %x dims [0] : tensor<2xf32> -> tensor<f32>
  %loss = gnn.add %s, %t : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %loss : tensor<f32>
}
)";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  mlir::PassManager pm(&context);
  mlir::gnn::GnnAutodiffOptions options;
  options.optimizer = "none";
  options.wrtArguments = true;
  pm.addPass(mlir::gnn::createGnnAutodiff(options));
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  auto grad = module->lookupSymbol<mlir::func::FuncOp>("f_grad");
  ASSERT_TRUE(grad);
  // Segment 0 = {2, 2, 1}: the two 2s share; segment 1 = {5}.
  auto results = gnnc::evaluateFunction(
      grad,
      {Tensor::fromF32({4, 1}, {2, 2, 1, 5}), i64({0, 0, 0, 1}),
       Tensor::fromF32({2}, {1, 3}), Tensor::fromF32({2}, {1, 2})},
      {});
  ASSERT_TRUE(mlir::succeeded(results));
  // (loss, grad.e, grad.a, grad.b)
  ASSERT_EQ(results->size(), 4u);
  EXPECT_THAT((*results)[1].data<float>(),
              ::testing::ElementsAre(0.5f, 0.5f, 0.0f, 1.0f));
  EXPECT_THAT((*results)[2].data<float>(), ::testing::ElementsAre(0.5f, 1.0f));
  EXPECT_THAT((*results)[3].data<float>(), ::testing::ElementsAre(0.5f, 0.0f));
}

} // namespace
