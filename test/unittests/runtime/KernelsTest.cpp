//===- KernelsTest.cpp - Reference kernels against hand-computed values ----===//
//
// Expected values are written out by hand (or from an independent float64
// computation of the formula), never recomputed with the kernels themselves.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Kernels.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "TestUtil.h"
#include "gnnrt/Random.h"

namespace gnnrt {
namespace {

using namespace testing_util;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

//===-- gather ---------------------------------------------------------===//

TEST(GatherTest, GathersRows) {
  Tensor src = F({3, 2}, {1, 2, 3, 4, 5, 6});
  ASSERT_OK_AND_ASSIGN(Tensor out, gather(src, I64({3}, {2, 0, 2})));
  expectF32(out, {3, 2}, {5, 6, 1, 2, 5, 6}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor out32, gather(src, I32({2}, {1, 1})));
  expectF32(out32, {2, 2}, {3, 4, 3, 4}, 0);
}

TEST(GatherTest, MultiDimIndexAndOtherDtypes) {
  Tensor src = I64({3}, {10, 20, 30});
  ASSERT_OK_AND_ASSIGN(Tensor out, gather(src, I64({2, 2}, {0, 2, 1, 1})));
  expectInts(out, DType::kI64, {2, 2}, {10, 30, 20, 20});
  ASSERT_OK_AND_ASSIGN(Tensor b,
                       gather(B({2}, {true, false}), I64({3}, {1, 0, 1})));
  expectInts(b, DType::kBool, {3}, {0, 1, 0});
  ASSERT_OK_AND_ASSIGN(Tensor empty, gather(F({3, 2}, {1, 2, 3, 4, 5, 6}),
                                            I64({0}, {})));
  expectF32(empty, {0, 2}, {});
}

TEST(GatherTest, Errors) {
  Tensor src = F({3, 2}, {1, 2, 3, 4, 5, 6});
  expectInvalid(gather(src, I64({2}, {0, 7})),
                "gather: index 7 at position 1 is out of range [0, 3)");
  expectInvalid(gather(src, I64({1}, {-1})),
                "index -1 at position 0 is out of range [0, 3)");
  expectInvalid(gather(src, F({1}, {0})), "must be an i32 or i64");
  expectInvalid(gather(Tensor::scalarF32(1), I64({1}, {0})), "rank >= 1");
  expectInvalid(gather(Tensor(DType::kF32, {-1, 2}), I64({1}, {0})),
                "negative dimension");
}

//===-- conformTo ------------------------------------------------------===//

TEST(ConformToTest, OnlyLosslessChanges) {
  // [N] labels for an [N, 1] target, i64 as f32.
  absl::StatusOr<Tensor> t = conformTo(I64({3}, {0, 2, 1}), {3, 1}, DType::kF32);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->shape(), (Shape{3, 1}));
  EXPECT_EQ(t->dtype(), DType::kF32);
  EXPECT_EQ(t->floatAt(1), 2.0f);
  // i32 indices for an i64 input.
  t = conformTo(Tensor::fromI32({2}, {5, 7}), {2}, DType::kI64);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->dtype(), DType::kI64);
  EXPECT_EQ(t->intAt(1), 7);
  // A transposed matrix is not a reshape; f32 is not an integer input.
  expectInvalid(conformTo(F({2, 3}, {0, 1, 2, 3, 4, 5}), {3, 2}, DType::kF32),
                "f32[2, 3] does not fit an input f32[3, 2]");
  expectInvalid(conformTo(F({2}, {0, 1}), {2}, DType::kI64),
                "does not fit an input i64[2]");
}

//===-- scatter --------------------------------------------------------===//

// Rows 0 and 2 go to segment 0, rows 1 and 3 to segment 2; segments 1 and 3
// receive nothing.
class ScatterTest : public ::testing::Test {
protected:
  Tensor src = F({4, 2}, {1, -2, 3, 5, 4, 0, -1, 7});
  Tensor index = I64({4}, {0, 2, 0, 2});
};

TEST_F(ScatterTest, Sum) {
  ASSERT_OK_AND_ASSIGN(Tensor out, scatter(src, index, 4, Reduce::kSum));
  expectF32(out, {4, 2}, {5, -2, 0, 0, 2, 12, 0, 0}, 0);
}

TEST_F(ScatterTest, Mean) {
  ASSERT_OK_AND_ASSIGN(Tensor out, scatter(src, index, 4, Reduce::kMean));
  expectF32(out, {4, 2}, {2.5f, -1, 0, 0, 1, 6, 0, 0}, 0);
}

TEST_F(ScatterTest, Max) {
  ASSERT_OK_AND_ASSIGN(Tensor out, scatter(src, index, 4, Reduce::kMax));
  expectF32(out, {4, 2}, {4, 0, 0, 0, 3, 7, 0, 0}, 0);
}

TEST_F(ScatterTest, Min) {
  ASSERT_OK_AND_ASSIGN(Tensor out, scatter(src, index, 4, Reduce::kMin));
  expectF32(out, {4, 2}, {1, -2, 0, 0, -1, 5, 0, 0}, 0);
}

TEST(ScatterReduceTest, NegativeValuesAreNotClampedByEmptyDefault) {
  // Segment 0 is empty (0), segment 1 has only negatives.
  Tensor src = F({2}, {-3, -5});
  Tensor index = I64({2}, {1, 1});
  ASSERT_OK_AND_ASSIGN(Tensor mx, scatter(src, index, 2, Reduce::kMax));
  expectF32(mx, {2}, {0, -3}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mn, scatter(src, index, 2, Reduce::kMin));
  expectF32(mn, {2}, {0, -5}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mean, scatter(src, index, 2, Reduce::kMean));
  expectF32(mean, {2}, {0, -4}, 0);
}

TEST(ScatterReduceTest, TiesAndMeanDivision) {
  Tensor src = F({4}, {2, 2, 1, 4});
  Tensor index = I32({4}, {0, 0, 0, 1});
  ASSERT_OK_AND_ASSIGN(Tensor mx, scatter(src, index, 2, Reduce::kMax));
  expectF32(mx, {2}, {2, 4}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mn,
                       scatter(F({3}, {1, 1, 3}), I32({3}, {0, 0, 0}), 1,
                               Reduce::kMin));
  expectF32(mn, {1}, {1}, 0);
  // (2 + 2 + 1) / 3 = 1.6666667
  ASSERT_OK_AND_ASSIGN(Tensor mean, scatter(src, index, 2, Reduce::kMean));
  expectF32(mean, {2}, {1.6666667f, 4}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor mean3,
                       scatter(F({3}, {1, 2, 4}), I64({3}, {0, 0, 0}), 1,
                               Reduce::kMean));
  expectF32(mean3, {1}, {2.3333333f}, 1e-6f);
}

TEST(ScatterReduceTest, AllEmptyAndZeroRows) {
  ASSERT_OK_AND_ASSIGN(Tensor out, scatter(Tensor(DType::kF32, {0, 3}),
                                           I64({0}, {}), 2, Reduce::kMax));
  expectF32(out, {2, 3}, {0, 0, 0, 0, 0, 0}, 0);
}

TEST_F(ScatterTest, Errors) {
  expectInvalid(scatter(src, I64({4}, {0, 4, 0, 2}), 4, Reduce::kSum),
                "scatter: index 4 at position 1 is out of range [0, 4)");
  expectInvalid(scatter(src, I64({4}, {0, -1, 0, 2}), 4, Reduce::kSum),
                "index -1 at position 1 is out of range [0, 4)");
  expectInvalid(scatter(src, I64({3}, {0, 0, 0}), 4, Reduce::kSum),
                "index has 3 entries but source has 4 rows");
  expectInvalid(scatter(src, index, -1, Reduce::kSum), "must be >= 0");
  expectInvalid(scatter(src, I64({2, 2}, {0, 0, 0, 0}), 4, Reduce::kSum),
                "must have rank 1");
  expectInvalid(scatter(I64({4}, {1, 2, 3, 4}), index, 4, Reduce::kSum),
                "source must be f32");
}

//===-- degree / segmentSoftmax ---------------------------------------===//

TEST(DegreeTest, CountsAndWeights) {
  Tensor index = I64({5}, {0, 2, 2, 1, 2});
  ASSERT_OK_AND_ASSIGN(Tensor deg, degree(index, 4));
  expectF32(deg, {4}, {1, 1, 3, 0}, 0);
  Tensor w = F({5}, {0.5f, 1, 2, 3, 4});
  ASSERT_OK_AND_ASSIGN(Tensor wdeg, degree(index, 4, &w));
  expectF32(wdeg, {4}, {0.5f, 3, 7, 0}, 0);
}

TEST(DegreeTest, Errors) {
  Tensor index = I64({2}, {0, 3});
  expectInvalid(degree(index, 3), "index 3 at position 1 is out of range [0, 3)");
  Tensor w = F({3}, {1, 1, 1});
  expectInvalid(degree(index, 4, &w), "weights has 3 entries but index has 2");
  expectInvalid(degree(index, -2), "numNodes must be >= 0");
}

TEST(SegmentSoftmaxTest, PerSegment) {
  // seg 0: softmax(1, 2) = (0.26894142, 0.73105858)
  // seg 1: softmax(3, 0) = (0.95257413, 0.04742587); seg 2 empty.
  ASSERT_OK_AND_ASSIGN(Tensor out, segmentSoftmax(F({4}, {1, 2, 3, 0}),
                                                  I64({4}, {0, 0, 1, 1}), 3));
  expectF32(out, {4}, {0.26894142f, 0.73105858f, 0.95257413f, 0.04742587f},
            1e-6f);
}

TEST(SegmentSoftmaxTest, PerTrailingElementAndStable) {
  ASSERT_OK_AND_ASSIGN(Tensor out, segmentSoftmax(F({2, 2}, {1, 0, 2, 0}),
                                                  I64({2}, {0, 0}), 1));
  expectF32(out, {2, 2}, {0.26894142f, 0.5f, 0.73105858f, 0.5f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor big, segmentSoftmax(F({3}, {1000, 1000, -1000}),
                                                  I64({3}, {1, 1, 0}), 2));
  expectF32(big, {3}, {0.5f, 0.5f, 1.0f}, 1e-6f);
  expectInvalid(segmentSoftmax(F({2}, {1, 2}), I64({2}, {0, 5}), 2),
                "index 5 at position 1 is out of range [0, 2)");
}

//===-- linear / matmul ------------------------------------------------===//

TEST(LinearTest, WithAndWithoutBias) {
  Tensor x = F({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor w = F({2, 3}, {1, 0, -1, 2, 1, 0});
  Tensor b = F({2}, {0.5f, -1});
  ASSERT_OK_AND_ASSIGN(Tensor y, linear(x, w, &b));
  expectF32(y, {2, 2}, {-1.5f, 3, -1.5f, 12}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor y0, linear(x, w));
  expectF32(y0, {2, 2}, {-2, 4, -2, 13}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor y3, linear(F({1, 2, 3}, {1, 2, 3, 4, 5, 6}), w));
  expectF32(y3, {1, 2, 2}, {-2, 4, -2, 13}, 0);
}

TEST(LinearTest, Errors) {
  Tensor x = F({2, 3}, {1, 2, 3, 4, 5, 6});
  expectInvalid(linear(x, F({2, 2}, {1, 2, 3, 4})),
                "x has 3 features");
  Tensor badBias = F({3}, {0, 0, 0});
  expectInvalid(linear(x, F({2, 3}, {0, 0, 0, 0, 0, 0}), &badBias),
                "bias must be [2]");
  expectInvalid(linear(x, F({6}, {0, 0, 0, 0, 0, 0})), "weight must have rank 2");
}

TEST(MatmulTest, Values) {
  ASSERT_OK_AND_ASSIGN(Tensor c, matmul(F({2, 2}, {1, 2, 3, 4}),
                                        F({2, 2}, {5, 6, 7, 8})));
  expectF32(c, {2, 2}, {19, 22, 43, 50}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor d, matmul(F({2, 3}, {1, 2, 3, 4, 5, 6}),
                                        F({3, 1}, {1, 0, -1})));
  expectF32(d, {2, 1}, {-2, -2}, 0);
  expectInvalid(matmul(F({2, 3}, {1, 2, 3, 4, 5, 6}), F({2, 1}, {1, 2})),
                "mismatched inner dimensions 3 and 2");
}

/// Deterministic values with full mantissas (so that rounding depends on the
/// order of accumulation), in [-2, 2).
std::vector<float> scrambled(int64_t n, uint32_t seed) {
  std::vector<float> v(static_cast<size_t>(n));
  uint32_t s = seed;
  for (float &x : v) {
    s = s * 1664525u + 1013904223u;
    x = static_cast<float>(s >> 8) / static_cast<float>(1 << 22) - 2.0f;
  }
  return v;
}

/// The textbook dot product: f32 accumulation from +0.0 in index order, each
/// product rounded before it is added (volatile: never a fused multiply-add).
float dotInOrder(const float *a, int64_t aStride, const float *b,
                 int64_t bStride, int64_t k) {
  float acc = 0.0f;
  for (int64_t p = 0; p < k; ++p) {
    volatile float prod = a[p * aStride] * b[p * bStride];
    acc += prod;
  }
  return acc;
}

TEST(MatmulTest, TiledLoopIsBitForBitTheDotProductLoop) {
  // Sizes straddle the kernel's row (8) and column (256) tiles.
  for (auto [m, k, n] : {std::array<int64_t, 3>{19, 37, 300},
                         std::array<int64_t, 3>{8, 1, 256},
                         std::array<int64_t, 3>{1, 300, 7},
                         std::array<int64_t, 3>{17, 64, 513}}) {
    std::vector<float> a = scrambled(m * k, 1), b = scrambled(k * n, 2);
    ASSERT_OK_AND_ASSIGN(Tensor c, matmul(F({m, k}, a), F({k, n}, b)));
    ASSERT_EQ(c.shape(), (Shape{m, n}));
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        ASSERT_EQ(c.data<float>()[i * n + j],
                  dotInOrder(&a[i * k], 1, &b[j], n, k))
            << m << "x" << k << "x" << n << " at " << i << ", " << j;
  }
}

TEST(MatmulTest, EmptyAndSpecialValues) {
  ASSERT_OK_AND_ASSIGN(Tensor z, matmul(F({2, 0}, {}), F({0, 3}, {})));
  expectF32(z, {2, 3}, {0, 0, 0, 0, 0, 0}, 0);
  // 0 * inf is NaN and NaN propagates: zero rows are not skipped.
  ASSERT_OK_AND_ASSIGN(Tensor c, matmul(F({2, 2}, {0, 0, 1, kNaN}),
                                        F({2, 2}, {kInf, 1, 2, 3})));
  expectF32(c, {2, 2}, {kNaN, 0, kNaN, kNaN}, 0);
}

TEST(LinearTest, TiledLoopIsBitForBitTheDotProductLoop) {
  int64_t rows = 21, in = 300, out = 19;
  std::vector<float> x = scrambled(rows * in, 3), w = scrambled(out * in, 4),
                     b = scrambled(out, 5);
  Tensor bias = F({out}, b);
  ASSERT_OK_AND_ASSIGN(Tensor y, linear(F({3, 7, in}, x), F({out, in}, w),
                                        &bias));
  ASSERT_EQ(y.shape(), (Shape{3, 7, out}));
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t o = 0; o < out; ++o)
      ASSERT_EQ(y.data<float>()[i * out + o],
                dotInOrder(&x[i * in], 1, &w[o * in], 1, in) + b[o])
          << i << ", " << o;
}

TEST(LinearTest, EmptyAndSpecialValues) {
  Tensor bias = F({2}, {1, -1});
  ASSERT_OK_AND_ASSIGN(Tensor y, linear(F({3, 0}, {}), F({2, 0}, {}), &bias));
  expectF32(y, {3, 2}, {1, -1, 1, -1, 1, -1}, 0);
  // 0 * inf is NaN: zero inputs are not skipped.
  ASSERT_OK_AND_ASSIGN(Tensor n, linear(F({2, 2}, {0, 0, 1, 2}),
                                        F({2, 2}, {kInf, 1, 2, 3})));
  expectF32(n, {2, 2}, {kNaN, 0, kInf, 8}, 0);
}

//===-- binary / unary -------------------------------------------------===//

TEST(BinaryTest, Broadcasting) {
  ASSERT_OK_AND_ASSIGN(Tensor a, binary(BinaryOp::kAdd,
                                        F({2, 3}, {1, 2, 3, 4, 5, 6}),
                                        F({3}, {10, 20, 30})));
  expectF32(a, {2, 3}, {11, 22, 33, 14, 25, 36}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor m, binary(BinaryOp::kMul, F({2, 1}, {1, 2}),
                                        F({1, 3}, {3, 4, 5})));
  expectF32(m, {2, 3}, {3, 4, 5, 6, 8, 10}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor s, binary(BinaryOp::kSub, F({2}, {1, 2}),
                                        Tensor::scalarF32(0.5f)));
  expectF32(s, {2}, {0.5f, 1.5f}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor r, binary(BinaryOp::kSub,
                                        Tensor::scalarF32(1),
                                        F({2, 1}, {3, 5})));
  expectF32(r, {2, 1}, {-2, -4}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor sc, binary(BinaryOp::kMul, Tensor::scalarF32(2),
                                         Tensor::scalarF32(3)));
  expectF32(sc, {}, {6}, 0);
}

TEST(BinaryTest, OpsAndSpecialValues) {
  Tensor x = F({4}, {1, -2, kNaN, 3});
  Tensor y = F({4}, {0, 5, 1, 3});
  ASSERT_OK_AND_ASSIGN(Tensor d, binary(BinaryOp::kDiv, x, y));
  expectF32(d, {4}, {kInf, -0.4f, kNaN, 1}, 1e-7f);
  ASSERT_OK_AND_ASSIGN(Tensor mx, binary(BinaryOp::kMax, x, y));
  expectF32(mx, {4}, {1, 5, kNaN, 3}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mn, binary(BinaryOp::kMin, x, y));
  expectF32(mn, {4}, {0, -2, kNaN, 3}, 0);
}

TEST(BinaryTest, Errors) {
  expectInvalid(binary(BinaryOp::kAdd, F({2, 3}, {1, 2, 3, 4, 5, 6}),
                       F({2}, {1, 2})),
                "cannot be broadcast");
  expectInvalid(binary(BinaryOp::kAdd, I64({2}, {1, 2}), F({2}, {1, 2})),
                "lhs must be f32");
}

TEST(UnaryTest, Activations) {
  Tensor x = F({3}, {-1, 0, 2});
  ASSERT_OK_AND_ASSIGN(Tensor relu, unary(UnaryOp::kRelu, x));
  expectF32(relu, {3}, {0, 0, 2}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor sig, unary(UnaryOp::kSigmoid, F({3}, {0, 2, -2})));
  expectF32(sig, {3}, {0.5f, 0.88079708f, 0.11920292f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor th, unary(UnaryOp::kTanh, F({2}, {1, -1})));
  expectF32(th, {2}, {0.76159416f, -0.76159416f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor lr, unary(UnaryOp::kLeakyRelu,
                                        F({3}, {-2, 0, 3}), 0.1));
  expectF32(lr, {3}, {-0.2f, 0, 3}, 1e-7f);
  // elu(x) = alpha * (exp(x) - 1) for x <= 0.
  ASSERT_OK_AND_ASSIGN(Tensor elu1, unary(UnaryOp::kElu, x, 1.0));
  expectF32(elu1, {3}, {-0.63212056f, 0, 2}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor elu2, unary(UnaryOp::kElu, F({1}, {-2}), 2.0));
  expectF32(elu2, {1}, {-1.72932943f}, 1e-6f);
}

TEST(UnaryTest, Math) {
  ASSERT_OK_AND_ASSIGN(Tensor e, unary(UnaryOp::kExp, F({2}, {1, 0})));
  expectF32(e, {2}, {2.71828183f, 1}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor l, unary(UnaryOp::kLog,
                                       F({3}, {2.71828183f, 0, -1})));
  expectF32(l, {3}, {1, -kInf, kNaN}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor n, unary(UnaryOp::kNeg, F({2}, {1.5f, -2})));
  expectF32(n, {2}, {-1.5f, 2}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor s, unary(UnaryOp::kSqrt, F({2}, {4, -1})));
  expectF32(s, {2}, {2, kNaN}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor a, unary(UnaryOp::kAbs, F({2}, {-3, 2})));
  expectF32(a, {2}, {3, 2}, 0);
}

TEST(UnaryTest, PowWithInfToZero) {
  // deg^-0.5 with an isolated node (deg 0).
  Tensor deg = F({3}, {4, 0, 1});
  ASSERT_OK_AND_ASSIGN(Tensor raw, unary(UnaryOp::kPow, deg, -0.5));
  expectF32(raw, {3}, {0.5f, kInf, 1}, 1e-7f);
  ASSERT_OK_AND_ASSIGN(Tensor fixed, unary(UnaryOp::kPow, deg, -0.5, true));
  expectF32(fixed, {3}, {0.5f, 0, 1}, 1e-7f);
  ASSERT_OK_AND_ASSIGN(Tensor sq, unary(UnaryOp::kPow, F({1}, {-3}), 2.0));
  expectF32(sq, {1}, {9}, 0);
  expectInvalid(unary(UnaryOp::kRelu, I32({1}, {1})), "x must be f32");
}

//===-- dropout --------------------------------------------------------===//

TEST(DropoutTest, EdgeProbabilities) {
  Tensor x = F({4}, {1, -2, 3, 4});
  ASSERT_OK_AND_ASSIGN(Tensor keepAll, dropout(x, 0.0, 7));
  expectF32(keepAll, {4}, {1, -2, 3, 4}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor dropAll, dropout(x, 1.0, 7));
  expectF32(dropAll, {4}, {0, 0, 0, 0}, 0);
  expectInvalid(dropout(x, -0.1, 7), "outside [0, 1]");
  expectInvalid(dropout(x, 1.5, 7), "outside [0, 1]");
  expectInvalid(dropout(x, std::nan(""), 7), "outside [0, 1]");
}

TEST(DropoutTest, ScalesKeptValuesAndIsDeterministic) {
  constexpr int64_t kN = 1000;
  Tensor ones(DType::kF32, {kN});
  for (float &v : ones.data<float>())
    v = 1.0f;
  ASSERT_OK_AND_ASSIGN(Tensor a, dropout(ones, 0.25, 42, 3));
  ASSERT_OK_AND_ASSIGN(Tensor b, dropout(ones, 0.25, 42, 3));
  ASSERT_OK_AND_ASSIGN(Tensor c, dropout(ones, 0.25, 43, 3));
  ASSERT_OK_AND_ASSIGN(Tensor d, dropout(ones, 0.25, 42, 4));
  EXPECT_TRUE(a.allClose(b, 0, 0));
  EXPECT_FALSE(a.allClose(c, 0, 0));
  EXPECT_FALSE(a.allClose(d, 0, 0));
  int64_t kept = 0;
  for (int64_t i = 0; i < kN; ++i) {
    float v = a.data<float>()[i];
    // 1 / (1 - 0.25) = 1.3333334f exactly in f32.
    EXPECT_TRUE(v == 0.0f || v == 1.3333334f) << "element " << i << " = " << v;
    kept += v != 0.0f;
  }
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, kN);
}

TEST(DropoutTest, PartitionIndependentViaDropoutKeep) {
  constexpr int64_t kN = 1000;
  const double p = 0.4;
  Tensor x(DType::kF32, {kN});
  for (int64_t i = 0; i < kN; ++i)
    x.data<float>()[i] = static_cast<float>(i) - 500.0f;
  ASSERT_OK_AND_ASSIGN(Tensor whole, dropout(x, p, 11, 5));
  // Two "tiles" [0, 300) and [300, 1000), each computing its own elements
  // from the global flat index.
  const float scale = 1.0f / 0.6f;
  using Range = std::pair<int64_t, int64_t>;
  for (auto [lo, hi] : std::initializer_list<Range>{{0, 300}, {300, kN}}) {
    for (int64_t i = lo; i < hi; ++i) {
      float want = dropoutKeep(p, 11, 5, static_cast<uint64_t>(i))
                       ? x.data<float>()[i] * scale
                       : 0.0f;
      EXPECT_EQ(whole.data<float>()[i], want) << "element " << i;
    }
  }
}

TEST(DropoutTest, KeepFractionMatches) {
  constexpr uint64_t kN = 100000;
  for (double p : {0.1, 0.3, 0.5, 0.9}) {
    uint64_t kept = 0;
    for (uint64_t i = 0; i < kN; ++i)
      kept += dropoutKeep(p, 1234, 0, i);
    // Binomial std <= sqrt(0.25 / 1e5) = 0.0016; allow 0.01.
    EXPECT_NEAR(static_cast<double>(kept) / kN, 1.0 - p, 0.01) << "p=" << p;
  }
  // And through the kernel.
  Tensor ones(DType::kF32, {static_cast<int64_t>(kN)});
  for (float &v : ones.data<float>())
    v = 1.0f;
  ASSERT_OK_AND_ASSIGN(Tensor out, dropout(ones, 0.3, 99));
  int64_t kept = 0;
  for (float v : out.data<float>())
    kept += v != 0.0f;
  EXPECT_NEAR(static_cast<double>(kept) / kN, 0.7, 0.01);
}

//===-- softmax --------------------------------------------------------===//

TEST(SoftmaxTest, LastAxis) {
  Tensor x = F({3}, {1, 2, 3});
  ASSERT_OK_AND_ASSIGN(Tensor s, softmax(x, -1));
  expectF32(s, {3}, {0.09003057f, 0.24472847f, 0.66524096f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor ls, logSoftmax(x, 0));
  expectF32(ls, {3}, {-2.40760596f, -1.40760596f, -0.40760596f}, 1e-6f);
}

TEST(SoftmaxTest, FirstAxis) {
  // Columns (1, 2) and (1, 3).
  Tensor x = F({2, 2}, {1, 1, 2, 3});
  ASSERT_OK_AND_ASSIGN(Tensor s, softmax(x, 0));
  expectF32(s, {2, 2}, {0.26894142f, 0.11920292f, 0.73105858f, 0.88079708f},
            1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor s2, softmax(x, -2));
  EXPECT_TRUE(s.allClose(s2, 0, 0));
}

TEST(SoftmaxTest, NumericallyStable) {
  Tensor x = F({2}, {1000, 1001});
  ASSERT_OK_AND_ASSIGN(Tensor s, softmax(x, 0));
  expectF32(s, {2}, {0.26894142f, 0.73105858f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor ls, logSoftmax(x, 0));
  expectF32(ls, {2}, {-1.31326169f, -0.31326169f}, 1e-5f);
  ASSERT_OK_AND_ASSIGN(Tensor neg, logSoftmax(F({2}, {-1000, -1001}), 0));
  expectF32(neg, {2}, {-0.31326169f, -1.31326169f}, 1e-5f);
}

TEST(SoftmaxTest, Errors) {
  expectInvalid(softmax(F({2, 2}, {1, 2, 3, 4}), 2),
                "axis 2 is out of range [-2, 2)");
  expectInvalid(logSoftmax(F({2}, {1, 2}), -2), "axis -2 is out of range");
  expectInvalid(softmax(I64({2}, {1, 2}), 0), "x must be f32");
}

//===-- batchNorm ------------------------------------------------------===//

class BatchNormTest : public ::testing::Test {
protected:
  // Column 0 = (1, 3, 5): mean 3, biased var 8/3, unbiased var 4.
  // Column 1 = (2, 6, 10): mean 6, biased var 32/3, unbiased var 16.
  Tensor x = F({3, 2}, {1, 2, 3, 6, 5, 10});
  Tensor gamma = F({2}, {1, 2});
  Tensor beta = F({2}, {0, 1});
  Tensor runningMean = F({2}, {0, 1});
  Tensor runningVar = F({2}, {1, 2});
};

TEST_F(BatchNormTest, Training) {
  ASSERT_OK_AND_ASSIGN(BatchNormResult r,
                       batchNorm(x, gamma, beta, runningMean, runningVar,
                                 1e-5, 0.1, /*training=*/true));
  // (x - mean) / sqrt(var + 1e-5) * gamma + beta.
  expectF32(r.output, {3, 2},
            {-1.22474258f, -1.44948859f, 0.0f, 1.0f, 1.22474258f, 3.44948859f},
            1e-5f);
  // 0.9 * running + 0.1 * batch (unbiased variance).
  expectF32(r.runningMean, {2}, {0.3f, 1.5f}, 1e-6f);
  expectF32(r.runningVar, {2}, {1.3f, 3.4f}, 1e-6f);
}

TEST_F(BatchNormTest, Inference) {
  ASSERT_OK_AND_ASSIGN(BatchNormResult r,
                       batchNorm(x, gamma, beta, runningMean, runningVar,
                                 1e-5, 0.1, /*training=*/false));
  expectF32(r.output, {3, 2},
            {0.99999500f, 2.41421003f, 2.99998500f, 8.07105013f, 4.99997500f,
             13.72789024f},
            1e-5f);
  expectF32(r.runningMean, {2}, {0, 1}, 0);
  expectF32(r.runningVar, {2}, {1, 2}, 0);
}

TEST_F(BatchNormTest, Errors) {
  Tensor one = F({1, 2}, {1, 2});
  expectInvalid(batchNorm(one, gamma, beta, runningMean, runningVar, 1e-5,
                          0.1, true),
                "expected more than 1 value per channel");
  // A single row is fine in inference.
  EXPECT_TRUE(batchNorm(one, gamma, beta, runningMean, runningVar, 1e-5, 0.1,
                        false)
                  .ok());
  Tensor g3 = F({3}, {1, 1, 1});
  expectInvalid(batchNorm(x, g3, beta, runningMean, runningVar, 1e-5, 0.1,
                          true),
                "gamma has shape [3] but x has 2 channels");
  expectInvalid(batchNorm(F({6}, {1, 2, 3, 4, 5, 6}), gamma, beta,
                          runningMean, runningVar, 1e-5, 0.1, true),
                "x must have rank 2");
  expectInvalid(batchNorm(x, gamma, beta, runningMean, runningVar, -1, 0.1,
                          true),
                "eps");
}

//===-- concat / slice / where / cast ----------------------------------===//

TEST(ConcatTest, Axes) {
  Tensor a = F({1, 2}, {1, 2});
  Tensor b = F({2, 2}, {3, 4, 5, 6});
  const Tensor *rows[] = {&a, &b};
  ASSERT_OK_AND_ASSIGN(Tensor r, concat(rows, 0));
  expectF32(r, {3, 2}, {1, 2, 3, 4, 5, 6}, 0);

  Tensor c = F({2, 1}, {1, 2});
  const Tensor *cols[] = {&c, &b};
  ASSERT_OK_AND_ASSIGN(Tensor q, concat(cols, -1));
  expectF32(q, {2, 3}, {1, 3, 4, 2, 5, 6}, 0);

  Tensor i1 = I64({2}, {1, 2}), i2 = I64({1}, {3});
  const Tensor *ints[] = {&i1, &i2};
  ASSERT_OK_AND_ASSIGN(Tensor ir, concat(ints, 0));
  expectInts(ir, DType::kI64, {3}, {1, 2, 3});
}

TEST(ConcatTest, Errors) {
  Tensor a = F({1, 2}, {1, 2});
  Tensor b = F({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor i = I64({1, 2}, {1, 2});
  const Tensor *ab[] = {&a, &b};
  expectInvalid(concat(ab, 0), "all sizes except along axis 0 must be equal");
  const Tensor *ai[] = {&a, &i};
  expectInvalid(concat(ai, 0), "must share a dtype");
  const Tensor *aa[] = {&a, &a};
  expectInvalid(concat(aa, 2), "axis 2 is out of range [-2, 2)");
  expectInvalid(concat({}, 0), "at least one input");
}

TEST(SliceTest, Values) {
  Tensor x = F({2, 4}, {0, 1, 2, 3, 4, 5, 6, 7});
  ASSERT_OK_AND_ASSIGN(Tensor a, slice(x, 1, 1, 2));
  expectF32(a, {2, 2}, {1, 2, 5, 6}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor b, slice(x, -2, 1, 1));
  expectF32(b, {1, 4}, {4, 5, 6, 7}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor c, slice(x, 1, 4, 0));
  expectF32(c, {2, 0}, {}, 0);
  expectInvalid(slice(x, 1, 3, 2), "is not within [0, 4)");
  expectInvalid(slice(x, 1, -1, 1), "is not within");
  expectInvalid(slice(x, 2, 0, 1), "axis 2 is out of range");
}

TEST(ReshapeTest, KeepsRowMajorOrder) {
  Tensor x = F({2, 3}, {0, 1, 2, 3, 4, 5});
  ASSERT_OK_AND_ASSIGN(Tensor a, reshape(x, {3, 2}));
  expectF32(a, {3, 2}, {0, 1, 2, 3, 4, 5}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor b, reshape(I64({4}, {7, 8, 9, 10}), {4, 1}));
  expectInts(b, DType::kI64, {4, 1}, {7, 8, 9, 10});
  ASSERT_OK_AND_ASSIGN(Tensor c, reshape(F({1}, {5}), {}));
  expectF32(c, {}, {5}, 0);
  expectInvalid(reshape(x, {4, 2}), "cannot view 6 elements");
  expectInvalid(reshape(x, {-6}), "negative dimension");
}

TEST(WhereTest, Broadcasting) {
  ASSERT_OK_AND_ASSIGN(Tensor a, where(B({3}, {true, false, true}),
                                       F({3}, {1, 2, 3}),
                                       Tensor::scalarF32(0)));
  expectF32(a, {3}, {1, 0, 3}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor b, where(B({2, 1}, {true, false}),
                                       F({3}, {1, 2, 3}),
                                       F({2, 3}, {10, 20, 30, 40, 50, 60})));
  expectF32(b, {2, 3}, {1, 2, 3, 40, 50, 60}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor c, where(B({2}, {false, true}),
                                       I64({2}, {1, 2}), I64({2}, {-1, -2})));
  expectInts(c, DType::kI64, {2}, {-1, 2});
  expectInvalid(where(B({2}, {true, false}), F({2}, {1, 2}), I64({2}, {1, 2})),
                "a and b must share a dtype");
  expectInvalid(where(F({2}, {1, 0}), F({2}, {1, 2}), F({2}, {1, 2})),
                "cond must be a bool");
  expectInvalid(where(B({3}, {true, true, true}), F({2}, {1, 2}),
                      F({2}, {1, 2})),
                "cannot be broadcast");
}

TEST(CastTest, Conversions) {
  ASSERT_OK_AND_ASSIGN(Tensor bf, cast(B({2}, {true, false}), DType::kF32));
  expectF32(bf, {2}, {1, 0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor fi, cast(F({4}, {2.7f, -2.7f, 0.5f, -0.5f}),
                                       DType::kI32));
  expectInts(fi, DType::kI32, {4}, {2, -2, 0, 0});
  ASSERT_OK_AND_ASSIGN(Tensor fl, cast(F({2}, {1e10f, -3.9f}), DType::kI64));
  expectInts(fl, DType::kI64, {2}, {10000000000, -3});
  ASSERT_OK_AND_ASSIGN(Tensor lf, cast(I64({2}, {-4, 9}), DType::kF32));
  expectF32(lf, {2}, {-4, 9}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor fb, cast(F({3}, {0, -0.0f, 2.5f}), DType::kBool));
  expectInts(fb, DType::kBool, {3}, {0, 0, 1});
  ASSERT_OK_AND_ASSIGN(Tensor ib, cast(I32({3}, {0, 5, -1}), DType::kBool));
  expectInts(ib, DType::kBool, {3}, {0, 1, 1});
  ASSERT_OK_AND_ASSIGN(Tensor bi, cast(B({2}, {true, false}), DType::kI64));
  expectInts(bi, DType::kI64, {2}, {1, 0});
}

TEST(CastTest, Errors) {
  expectInvalid(cast(I64({2}, {1, 3000000000}), DType::kI32),
                "element 1 is 3000000000, which is out of range for i32");
  expectInvalid(cast(F({1}, {kNaN}), DType::kI32), "element 0 is nan");
  expectInvalid(cast(F({1}, {kInf}), DType::kI64), "has no i64 value");
}

//===-- reduce ---------------------------------------------------------===//

TEST(ReduceTest, Dims) {
  Tensor x = F({2, 3}, {1, 2, 3, 4, 5, 6});
  ASSERT_OK_AND_ASSIGN(Tensor s0, reduce(x, {0}, Reduce::kSum));
  expectF32(s0, {3}, {5, 7, 9}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor s1, reduce(x, {-1}, Reduce::kSum));
  expectF32(s1, {2}, {6, 15}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor all, reduce(x, {0, 1}, Reduce::kSum));
  expectF32(all, {}, {21}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mean, reduce(x, {1}, Reduce::kMean));
  expectF32(mean, {2}, {2, 5}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mx, reduce(x, {0}, Reduce::kMax));
  expectF32(mx, {3}, {4, 5, 6}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mn, reduce(x, {1}, Reduce::kMin));
  expectF32(mn, {2}, {1, 4}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor none, reduce(x, {}, Reduce::kSum));
  expectF32(none, {2, 3}, {1, 2, 3, 4, 5, 6}, 0);
}

TEST(ReduceTest, NonAdjacentDims) {
  // x[i][j][k] = 4i + 2j + k; sum over i and k leaves j.
  Tensor x = F({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  ASSERT_OK_AND_ASSIGN(Tensor s, reduce(x, {0, 2}, Reduce::kSum));
  expectF32(s, {2}, {10, 18}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor m, reduce(x, {2, -3}, Reduce::kMax));
  expectF32(m, {2}, {5, 7}, 0);
}

TEST(ReduceTest, EmptyExtent) {
  Tensor x(DType::kF32, {0, 3});
  ASSERT_OK_AND_ASSIGN(Tensor mean, reduce(x, {0}, Reduce::kMean));
  expectF32(mean, {3}, {kNaN, kNaN, kNaN});
  ASSERT_OK_AND_ASSIGN(Tensor sum, reduce(x, {0}, Reduce::kSum));
  expectF32(sum, {3}, {0, 0, 0}, 0);
  expectInvalid(reduce(x, {0}, Reduce::kMax), "empty extent");
  expectInvalid(reduce(x, {0}, Reduce::kMin), "empty extent");
}

TEST(ReduceTest, Errors) {
  Tensor x = F({2, 3}, {1, 2, 3, 4, 5, 6});
  expectInvalid(reduce(x, {2}, Reduce::kSum), "dim 2 is out of range [-2, 2)");
  expectInvalid(reduce(x, {1, -1}, Reduce::kSum), "more than once");
  expectInvalid(reduce(I64({1}, {1}), {0}, Reduce::kSum), "x must be f32");
}

//===-- globalPool -----------------------------------------------------===//

TEST(GlobalPoolTest, Reductions) {
  Tensor x = F({3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor batch = I64({3}, {0, 0, 1});
  ASSERT_OK_AND_ASSIGN(Tensor s, globalPool(x, batch, 3, Reduce::kSum));
  expectF32(s, {3, 2}, {4, 6, 5, 6, 0, 0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor m, globalPool(x, batch, 3, Reduce::kMean));
  expectF32(m, {3, 2}, {2, 3, 5, 6, 0, 0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mx, globalPool(x, batch, 3, Reduce::kMax));
  expectF32(mx, {3, 2}, {3, 4, 5, 6, 0, 0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mn, globalPool(x, batch, 3, Reduce::kMin));
  expectF32(mn, {3, 2}, {1, 2, 5, 6, 0, 0}, 0);
  expectInvalid(globalPool(x, batch, 1, Reduce::kSum),
                "globalPool: batch 1 at position 2 is out of range [0, 1)");
}

//===-- losses ---------------------------------------------------------===//

class CrossEntropyTest : public ::testing::Test {
protected:
  // Row 0: -log_softmax(1, 2, 3)[2] = 0.40760596.
  // Row 1: -log_softmax(1, 1, 1)[0] = log 3 = 1.09861229.
  Tensor logits = F({2, 3}, {1, 2, 3, 1, 1, 1});
};

TEST_F(CrossEntropyTest, MeanAndSum) {
  Tensor labels = I64({2}, {2, 0});
  ASSERT_OK_AND_ASSIGN(Tensor mean, crossEntropy(logits, labels, nullptr, -100,
                                                 LossReduction::kMean));
  expectF32(mean, {}, {0.75310913f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor sum, crossEntropy(logits, labels, nullptr, -100,
                                                LossReduction::kSum));
  expectF32(sum, {}, {1.50621825f}, 1e-6f);
}

TEST_F(CrossEntropyTest, IgnoreIndexAndMask) {
  ASSERT_OK_AND_ASSIGN(Tensor ign,
                       crossEntropy(logits, I32({2}, {2, -100}), nullptr,
                                    -100, LossReduction::kMean));
  expectF32(ign, {}, {0.40760596f}, 1e-6f);
  Tensor mask = B({2}, {false, true});
  // The masked-out row's label (7) is never checked.
  ASSERT_OK_AND_ASSIGN(Tensor masked,
                       crossEntropy(logits, I64({2}, {7, 0}), &mask, -100,
                                    LossReduction::kMean));
  expectF32(masked, {}, {1.09861229f}, 1e-6f);
  ASSERT_OK_AND_ASSIGN(Tensor custom,
                       crossEntropy(logits, I64({2}, {2, 0}), nullptr, 2,
                                    LossReduction::kSum));
  expectF32(custom, {}, {1.09861229f}, 1e-6f);
}

TEST_F(CrossEntropyTest, NoCountedRows) {
  Tensor none = B({2}, {false, false});
  Tensor labels = I64({2}, {2, 0});
  ASSERT_OK_AND_ASSIGN(Tensor mean, crossEntropy(logits, labels, &none, -100,
                                                 LossReduction::kMean));
  expectF32(mean, {}, {kNaN});
  ASSERT_OK_AND_ASSIGN(Tensor sum, crossEntropy(logits, labels, &none, -100,
                                                LossReduction::kSum));
  expectF32(sum, {}, {0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor ignored,
                       crossEntropy(logits, I64({2}, {-100, -100}), nullptr,
                                    -100, LossReduction::kMean));
  expectF32(ignored, {}, {kNaN});
}

TEST_F(CrossEntropyTest, Errors) {
  expectInvalid(crossEntropy(logits, I64({2}, {3, 0}), nullptr, -100,
                             LossReduction::kMean),
                "label 3 of row 0 is out of range [0, 3)");
  expectInvalid(crossEntropy(logits, I64({2}, {0, -1}), nullptr, -100,
                             LossReduction::kMean),
                "label -1 of row 1 is out of range [0, 3)");
  expectInvalid(crossEntropy(logits, I64({3}, {0, 0, 0}), nullptr, -100,
                             LossReduction::kMean),
                "labels has 3 entries but there are 2 rows");
  Tensor badMask = I64({2}, {1, 1});
  expectInvalid(crossEntropy(logits, I64({2}, {0, 0}), &badMask, -100,
                             LossReduction::kMean),
                "mask must be a bool");
  expectInvalid(crossEntropy(F({3}, {1, 2, 3}), I64({1}, {0}), nullptr, -100,
                             LossReduction::kMean),
                "logits must have rank 2");
  expectInvalid(crossEntropy(logits, F({2}, {0, 0}), nullptr, -100,
                             LossReduction::kMean),
                "labels must be an i32 or i64");
}

TEST(NllLossTest, Values) {
  Tensor lp = F({2, 2}, {-0.5f, -1.0f, -2.0f, -0.1f});
  Tensor labels = I64({2}, {1, 0});
  ASSERT_OK_AND_ASSIGN(Tensor mean,
                       nllLoss(lp, labels, nullptr, -100, LossReduction::kMean));
  expectF32(mean, {}, {1.5f}, 1e-7f);
  ASSERT_OK_AND_ASSIGN(Tensor sum,
                       nllLoss(lp, labels, nullptr, -100, LossReduction::kSum));
  expectF32(sum, {}, {3.0f}, 1e-7f);
  Tensor mask = B({2}, {true, false});
  ASSERT_OK_AND_ASSIGN(Tensor m,
                       nllLoss(lp, labels, &mask, -100, LossReduction::kMean));
  expectF32(m, {}, {1.0f}, 1e-7f);
  expectInvalid(nllLoss(lp, I64({2}, {2, 0}), nullptr, -100,
                        LossReduction::kMean),
                "label 2 of row 0 is out of range [0, 2)");
}

TEST(RegressionLossTest, MseAndL1) {
  // Differences (0, 1, 2, 3).
  Tensor pred = F({2, 2}, {1, 2, 3, 4});
  Tensor target = F({2, 2}, {1, 1, 1, 1});
  ASSERT_OK_AND_ASSIGN(Tensor mse,
                       mseLoss(pred, target, nullptr, LossReduction::kMean));
  expectF32(mse, {}, {3.5f}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor mseSum,
                       mseLoss(pred, target, nullptr, LossReduction::kSum));
  expectF32(mseSum, {}, {14}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor l1,
                       l1Loss(pred, target, nullptr, LossReduction::kMean));
  expectF32(l1, {}, {1.5f}, 0);
  Tensor mask = B({2}, {false, true});
  ASSERT_OK_AND_ASSIGN(Tensor mseM,
                       mseLoss(pred, target, &mask, LossReduction::kMean));
  expectF32(mseM, {}, {6.5f}, 0); // (4 + 9) / 2 elements
  ASSERT_OK_AND_ASSIGN(Tensor l1M,
                       l1Loss(pred, target, &mask, LossReduction::kSum));
  expectF32(l1M, {}, {5}, 0);
  Tensor none = B({2}, {false, false});
  ASSERT_OK_AND_ASSIGN(Tensor empty,
                       l1Loss(pred, target, &none, LossReduction::kMean));
  expectF32(empty, {}, {kNaN});
}

TEST(RegressionLossTest, Errors) {
  expectInvalid(mseLoss(F({2}, {1, 2}), F({3}, {1, 2, 3}), nullptr,
                        LossReduction::kMean),
                "pred has shape [2] but target has shape [3]");
  Tensor mask = B({3}, {true, true, true});
  expectInvalid(l1Loss(F({2}, {1, 2}), F({2}, {1, 2}), &mask,
                       LossReduction::kMean),
                "mask has 3 entries but pred has 2 rows");
}

//===-- robustness -----------------------------------------------------===//

TEST(KernelsRobustnessTest, InvalidTensorsAreErrorsNotCrashes) {
  Tensor neg(DType::kF32, {2, -3});
  expectInvalid(unary(UnaryOp::kRelu, neg), "negative dimension");
  expectInvalid(binary(BinaryOp::kAdd, neg, neg), "negative dimension");
  expectInvalid(reduce(neg, {0}, Reduce::kSum), "negative dimension");
  expectInvalid(cast(neg, DType::kI32), "negative dimension");
  // A default-constructed tensor has rank 0 (one element) but no storage.
  Tensor def;
  expectInvalid(unary(UnaryOp::kExp, def), "holds 0 elements instead of 1");
  expectInvalid(scatter(F({2}, {1, 2}), I64({2}, {0, 0}), int64_t{1} << 62,
                        Reduce::kSum),
                "too large");
}

} // namespace
} // namespace gnnrt
