//===- RandomTest.cpp - Counter-based random numbers and initialisers -----===//
#include "gnnrt/Random.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "TestUtil.h"

namespace gnnrt {
namespace {

using namespace testing_util;

// Golden values from an independent (Python) implementation of the formula
// documented in Random.cpp; the simulator must reproduce these bit-exactly.
TEST(RandomBitsTest, GoldenValues) {
  EXPECT_EQ(randomBits(0, 0, 0), 0x568a9b0b1a2c05ecULL);
  EXPECT_EQ(randomBits(0, 0, 1), 0x44e5b8b147ef718bULL);
  EXPECT_EQ(randomBits(1, 0, 0), 0x6ec85f1f8547bc0cULL);
  EXPECT_EQ(randomBits(0, 1, 0), 0x0cd22c136c3bb055ULL);
  EXPECT_EQ(randomBits(42, 7, 123456789), 0x30d7cf1038746baeULL);
  EXPECT_EQ(randomUniform01(0, 0, 0), 0.3380524516105652f);
  EXPECT_EQ(randomUniform01(42, 7, 123456789), 0.190792977809906f);
  EXPECT_NEAR(randomNormal(5, 0, 3), -1.172343160737848f, 1e-6f);
}

TEST(RandomBitsTest, PureFunctionOfInputs) {
  EXPECT_EQ(randomBits(9, 2, 77), randomBits(9, 2, 77));
  std::set<uint64_t> seen;
  for (uint64_t seed = 0; seed < 4; ++seed)
    for (uint64_t stream = 0; stream < 4; ++stream)
      for (uint64_t counter = 0; counter < 64; ++counter)
        seen.insert(randomBits(seed, stream, counter));
  EXPECT_EQ(seen.size(), 4u * 4u * 64u);
}

TEST(RandomUniformTest, RangeAndMoments) {
  constexpr int kN = 100000;
  double sum = 0, sumSq = 0;
  float lo = 1, hi = 0;
  for (int i = 0; i < kN; ++i) {
    float u = randomUniform01(3, 1, i);
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    // Exactly a multiple of 2^-24.
    ASSERT_EQ(std::ldexp(u, 24), std::floor(std::ldexp(u, 24)));
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
    sumSq += double(u) * u;
  }
  double mean = sum / kN;
  double var = sumSq / kN - mean * mean;
  EXPECT_NEAR(mean, 0.5, 0.005);         // std of the mean ~0.0009
  EXPECT_NEAR(var, 1.0 / 12.0, 0.002);
  EXPECT_LT(lo, 0.001f);
  EXPECT_GT(hi, 0.999f);
}

TEST(RandomNormalTest, Moments) {
  constexpr int kN = 100000;
  double sum = 0, sumSq = 0;
  int beyond3 = 0;
  for (int i = 0; i < kN; ++i) {
    float z = randomNormal(17, 0, i);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sumSq += double(z) * z;
    beyond3 += std::fabs(z) > 3;
  }
  double mean = sum / kN;
  EXPECT_NEAR(mean, 0.0, 0.015);
  EXPECT_NEAR(std::sqrt(sumSq / kN - mean * mean), 1.0, 0.015);
  // P(|z| > 3) = 0.0027 -> ~270 of 1e5.
  EXPECT_GT(beyond3, 150);
  EXPECT_LT(beyond3, 400);
}

//===-- initialize -----------------------------------------------------===//

TEST(InitializeTest, Deterministic) {
  ASSERT_OK_AND_ASSIGN(Tensor z,
                       initialize(DType::kF32, {2, 2}, {InitKind::kZeros}));
  expectF32(z, {2, 2}, {0, 0, 0, 0}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor o,
                       initialize(DType::kF32, {3}, {InitKind::kOnes}));
  expectF32(o, {3}, {1, 1, 1}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor c, initialize(DType::kF32, {2},
                                            {InitKind::kConstant, 0.25}));
  expectF32(c, {2}, {0.25f, 0.25f}, 0);
  ASSERT_OK_AND_ASSIGN(Tensor ci, initialize(DType::kI64, {2},
                                             {InitKind::kConstant, -3}));
  expectInts(ci, DType::kI64, {2}, {-3, -3});
  ASSERT_OK_AND_ASSIGN(Tensor ob,
                       initialize(DType::kBool, {2}, {InitKind::kOnes}));
  expectInts(ob, DType::kBool, {2}, {1, 1});
  ASSERT_OK_AND_ASSIGN(Tensor s,
                       initialize(DType::kF32, {}, {InitKind::kConstant, 7}));
  expectF32(s, {}, {7}, 0);
}

TEST(InitializeTest, Uniform) {
  InitSpec spec{InitKind::kUniform, -2.0, 3.0, 5};
  ASSERT_OK_AND_ASSIGN(Tensor t, initialize(DType::kF32, {100000}, spec));
  double sum = 0;
  for (float v : t.data<float>()) {
    ASSERT_GE(v, -2.0f);
    ASSERT_LE(v, 3.0f);
    sum += v;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.03);
  // Element i uses seed, stream 0, counter i.
  EXPECT_FLOAT_EQ(t.data<float>()[7], -2.0f + 5.0f * randomUniform01(5, 0, 7));
  ASSERT_OK_AND_ASSIGN(Tensor again, initialize(DType::kF32, {100000}, spec));
  EXPECT_TRUE(t.allClose(again, 0, 0));
  spec.seed = 6;
  ASSERT_OK_AND_ASSIGN(Tensor other, initialize(DType::kF32, {100000}, spec));
  EXPECT_FALSE(t.allClose(other, 0, 0));
}

TEST(InitializeTest, Normal) {
  ASSERT_OK_AND_ASSIGN(Tensor t, initialize(DType::kF32, {100000},
                                            {InitKind::kNormal, 2.0, 3.0, 1}));
  double sum = 0, sumSq = 0;
  for (float v : t.data<float>()) {
    sum += v;
    sumSq += double(v) * v;
  }
  double mean = sum / 100000;
  EXPECT_NEAR(mean, 2.0, 0.05);
  EXPECT_NEAR(std::sqrt(sumSq / 100000 - mean * mean), 3.0, 0.05);
  ASSERT_OK_AND_ASSIGN(Tensor zeroStd, initialize(DType::kF32, {3},
                                                  {InitKind::kNormal, 4, 0}));
  expectF32(zeroStd, {3}, {4, 4, 4}, 0);
}

/// All values within [-bound, bound] and the extremes close to +-bound.
void expectSymmetricUniform(const Tensor &t, float bound) {
  bound *= 1.0f + 1e-6f; // the bound itself is rounded to f32
  float lo = 0, hi = 0;
  for (float v : t.data<float>()) {
    ASSERT_GE(v, -bound);
    ASSERT_LE(v, bound);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_LT(lo, -0.99f * bound);
  EXPECT_GT(hi, 0.99f * bound);
}

TEST(InitializeTest, GlorotUniform) {
  // fan_in 300, fan_out 200: s = sqrt(6 / 500) = 0.10954451.
  ASSERT_OK_AND_ASSIGN(Tensor w, initialize(DType::kF32, {200, 300},
                                            {InitKind::kGlorotUniform, 0, 0,
                                             3}));
  expectSymmetricUniform(w, 0.10954451f);
  // PyG's glorot reads the last two dims whatever the rank: GAT's attention
  // vector [1, 8, 16] gets s = sqrt(6 / 24) = 0.5.
  ASSERT_OK_AND_ASSIGN(Tensor c, initialize(DType::kF32, {1, 8, 16},
                                            {InitKind::kGlorotUniform}));
  float maxAbs = 0;
  for (float v : c.data<float>())
    maxAbs = std::max(maxAbs, std::fabs(v));
  EXPECT_LE(maxAbs, 0.5f);
  EXPECT_GT(maxAbs, 0.45f);
}

TEST(InitializeTest, KaimingUniform) {
  // fan_in 100: s = 0.1.
  ASSERT_OK_AND_ASSIGN(Tensor w, initialize(DType::kF32, {640, 100},
                                            {InitKind::kKaimingUniform, 0, 0,
                                             8}));
  expectSymmetricUniform(w, 0.1f);
  // [8, 4, 4]: torch's fan_in is 4 x receptive field 4 = 16, s = 0.25.
  ASSERT_OK_AND_ASSIGN(Tensor b, initialize(DType::kF32, {8, 4, 4},
                                            {InitKind::kKaimingUniform}));
  for (float v : b.data<float>())
    EXPECT_LE(std::fabs(v), 0.25f);
}

TEST(InitializeTest, Errors) {
  expectInvalid(initialize(DType::kI64, {2}, {InitKind::kUniform, 0, 1}),
                "requested dtype is i64");
  expectInvalid(initialize(DType::kF32, {2}, {InitKind::kUniform, 1, 1}),
                "need finite a < b");
  expectInvalid(initialize(DType::kF32, {2}, {InitKind::kNormal, 0, -1}),
                "std >= 0");
  expectInvalid(initialize(DType::kF32, {4}, {InitKind::kGlorotUniform}),
                "rank >= 2");
  expectInvalid(initialize(DType::kF32, {16}, {InitKind::kKaimingUniform}),
                "rank >= 2");
  expectInvalid(initialize(DType::kI32, {2}, {InitKind::kConstant, 2.5}),
                "not representable as i32");
  expectInvalid(initialize(DType::kF32, {-2}, {InitKind::kZeros}),
                "negative dimension");
}

//===-- random inputs --------------------------------------------------===//

TEST(RandomInputsTest, Float) {
  Tensor t = randomFloatTensor({1000}, -1.0f, 1.0f, 4);
  EXPECT_EQ(t.dtype(), DType::kF32);
  for (float v : t.data<float>()) {
    EXPECT_GE(v, -1.0f);
    EXPECT_LT(v, 1.0f);
  }
  EXPECT_TRUE(t.allClose(randomFloatTensor({1000}, -1.0f, 1.0f, 4), 0, 0));
  EXPECT_FALSE(t.allClose(randomFloatTensor({1000}, -1.0f, 1.0f, 5), 0, 0));
}

TEST(RandomInputsTest, Int) {
  Tensor t = randomIntTensor(DType::kI64, {10000}, -2, 3, 9);
  EXPECT_EQ(t.dtype(), DType::kI64);
  std::set<int64_t> values;
  for (int64_t v : t.data<int64_t>()) {
    EXPECT_GE(v, -2);
    EXPECT_LT(v, 3);
    values.insert(v);
  }
  EXPECT_EQ(values.size(), 5u);
  // Golden: lo + floor(randomBits(seed, 0, i) * (hi - lo) / 2^64).
  expectInts(randomIntTensor(DType::kI64, {8}, -2, 3, 9), DType::kI64, {8},
             {-1, 2, -1, -1, 1, -2, 2, 1});
  expectInts(randomIntTensor(DType::kI64, {3}, -(int64_t{1} << 62),
                             int64_t{1} << 62, 1),
             DType::kI64, {3},
             {-620318554177937914, -685922089612532859, 365878602412757845});
  Tensor t32 = randomIntTensor(DType::kI32, {100}, 0, 10, 9);
  EXPECT_EQ(t32.dtype(), DType::kI32);
  for (int32_t v : t32.data<int32_t>()) {
    EXPECT_GE(v, 0);
    EXPECT_LT(v, 10);
  }
}

TEST(RandomInputsTest, Bool) {
  Tensor t = randomBoolTensor({100000}, 0.2, 1);
  EXPECT_EQ(t.dtype(), DType::kBool);
  int64_t trues = 0;
  for (uint8_t v : t.data<uint8_t>()) {
    ASSERT_LE(v, 1);
    trues += v;
  }
  EXPECT_NEAR(trues / 100000.0, 0.2, 0.01);
}

} // namespace
} // namespace gnnrt
