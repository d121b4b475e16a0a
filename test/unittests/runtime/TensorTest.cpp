//===- TensorTest.cpp - Host tensor basics ---------------------------------===//
#include "gnnrt/Tensor.h"

#include <cmath>
#include <limits>

#include "TestUtil.h"

namespace gnnrt {
namespace {

using namespace testing_util;

TEST(DTypeTest, NamesAndSizes) {
  EXPECT_STREQ(dtypeName(DType::kF32), "f32");
  EXPECT_STREQ(dtypeName(DType::kI32), "i32");
  EXPECT_STREQ(dtypeName(DType::kI64), "i64");
  EXPECT_STREQ(dtypeName(DType::kBool), "i1");
  EXPECT_EQ(dtypeSize(DType::kF32), 4);
  EXPECT_EQ(dtypeSize(DType::kI32), 4);
  EXPECT_EQ(dtypeSize(DType::kI64), 8);
  EXPECT_EQ(dtypeSize(DType::kBool), 1);
}

TEST(ShapeTest, NumElementsAndString) {
  EXPECT_EQ(numElements({}), 1);
  EXPECT_EQ(numElements({2, 3}), 6);
  EXPECT_EQ(numElements({4, 0, 5}), 0);
  EXPECT_EQ(numElements({-1, 3}), 0); // invalid shapes hold nothing
  EXPECT_EQ(shapeToString({2, 3}), "[2, 3]");
  EXPECT_EQ(shapeToString({7}), "[7]");
  EXPECT_EQ(shapeToString({}), "[]");
}

TEST(TensorTest, ZeroFilledConstructor) {
  Tensor t(DType::kI64, {2, 3});
  EXPECT_EQ(t.dtype(), DType::kI64);
  EXPECT_EQ(t.rank(), 2);
  EXPECT_EQ(t.dim(1), 3);
  EXPECT_EQ(t.numElements(), 6);
  EXPECT_EQ(t.sizeInBytes(), 48);
  EXPECT_TRUE(t.isInteger());
  ASSERT_EQ(t.data<int64_t>().size(), 6u);
  for (int64_t v : t.data<int64_t>())
    EXPECT_EQ(v, 0);
}

TEST(TensorTest, FactoriesAndTypedViews) {
  Tensor f = F({2, 2}, {1.5f, -2, 3, 4});
  ASSERT_EQ(f.data<float>().size(), 4u);
  EXPECT_EQ(f.data<float>()[0], 1.5f);
  EXPECT_EQ(f.data<float>()[1], -2.0f);
  // A view of the wrong type is empty rather than reinterpreting bytes.
  EXPECT_TRUE(f.data<int32_t>().empty());
  EXPECT_FALSE(f.isInteger());

  Tensor i = I32({3}, {7, -8, 9});
  EXPECT_EQ(i.data<int32_t>()[1], -8);
  EXPECT_EQ(i.sizeInBytes(), 12);

  Tensor b = B({3}, {true, false, true});
  ASSERT_EQ(b.data<uint8_t>().size(), 3u);
  EXPECT_EQ(b.data<uint8_t>()[0], 1);
  EXPECT_EQ(b.data<uint8_t>()[1], 0);

  Tensor s = Tensor::scalarF32(2.5f);
  EXPECT_EQ(s.rank(), 0);
  EXPECT_EQ(s.numElements(), 1);
  EXPECT_EQ(s.floatAt(0), 2.5f);

  // Missing values are zero-filled; the shape is kept.
  Tensor short_ = F({3}, {1});
  EXPECT_EQ(short_.floatAt(0), 1.0f);
  EXPECT_EQ(short_.floatAt(2), 0.0f);
}

TEST(TensorTest, ElementAccessors) {
  Tensor b = B({2}, {true, false});
  EXPECT_EQ(b.intAt(0), 1);
  EXPECT_EQ(b.intAt(1), 0);
  EXPECT_EQ(b.floatAt(0), 1.0f);
  Tensor i = I64({2}, {-5, 1LL << 40});
  EXPECT_EQ(i.intAt(1), 1LL << 40);
  EXPECT_EQ(i.floatAt(0), -5.0f);
  Tensor f = F({2}, {2.75f, -2.75f});
  EXPECT_EQ(f.intAt(0), 2);
  EXPECT_EQ(f.intAt(1), -2);
  // Out of range accessors return 0 instead of crashing.
  EXPECT_EQ(i.intAt(5), 0);
  EXPECT_EQ(f.floatAt(-1), 0.0f);
}

TEST(TensorTest, AllClose) {
  Tensor a = F({3}, {1, 2, 3});
  EXPECT_TRUE(a.allClose(F({3}, {1, 2, 3})));
  EXPECT_TRUE(a.allClose(F({3}, {1, 2, 3.00001f}), 1e-5f, 0));
  EXPECT_FALSE(a.allClose(F({3}, {1, 2, 3.001f})));
  EXPECT_TRUE(a.allClose(F({3}, {1, 2, 3.001f}), 0, 1e-2f));
  EXPECT_FALSE(a.allClose(F({1, 3}, {1, 2, 3})));       // shape
  EXPECT_FALSE(a.allClose(I64({3}, {1, 2, 3})));        // dtype
  EXPECT_TRUE(I64({2}, {1, 2}).allClose(I64({2}, {1, 2})));
  EXPECT_FALSE(I64({2}, {1, 2}).allClose(I64({2}, {1, 3}), 1, 1));
  float nan = std::numeric_limits<float>::quiet_NaN();
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(F({2}, {nan, inf}).allClose(F({2}, {nan, inf})));
  EXPECT_FALSE(F({1}, {nan}).allClose(F({1}, {0})));
  EXPECT_FALSE(F({1}, {inf}).allClose(F({1}, {-inf})));
}

TEST(TensorToStringTest, Formats) {
  EXPECT_EQ(F({2, 3}, {1, 2, 3, 4, 5, 6}).toString(),
            "tensor<2x3xf32> [[1, 2, 3], [4, 5, 6]]");
  EXPECT_EQ(Tensor::scalarF32(1.5f).toString(), "tensor<f32> 1.5");
  EXPECT_EQ(B({2}, {true, false}).toString(), "tensor<2xi1> [true, false]");
  EXPECT_EQ(I64({3}, {-1, 0, 7}).toString(), "tensor<3xi64> [-1, 0, 7]");
  EXPECT_EQ(I32({1, 1, 2}, {4, 5}).toString(), "tensor<1x1x2xi32> [[[4, 5]]]");
  EXPECT_EQ(F({4}, {1.0f / 3.0f, 1e10f, 123456789.0f, -0.00001f}).toString(),
            "tensor<4xf32> [0.333333, 1e+10, 1.23457e+08, -1e-05]");
  float nan = std::numeric_limits<float>::quiet_NaN();
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(F({3}, {nan, inf, -inf}).toString(),
            "tensor<3xf32> [nan, inf, -inf]");
  EXPECT_EQ(Tensor(DType::kF32, {0}).toString(), "tensor<0xf32> []");
  EXPECT_EQ(Tensor(DType::kI32, {2, 0}).toString(), "tensor<2x0xi32> [[], []]");
}

TEST(TensorToStringTest, Truncation) {
  Tensor t = F({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.toString(4), "tensor<2x3xf32> [[1, 2, 3], [4, ...]]");
  EXPECT_EQ(t.toString(3), "tensor<2x3xf32> [[1, 2, 3], ...]");
  EXPECT_EQ(t.toString(6), "tensor<2x3xf32> [[1, 2, 3], [4, 5, 6]]");
  EXPECT_EQ(F({5}, {1, 2, 3, 4, 5}).toString(2), "tensor<5xf32> [1, 2, ...]");
  EXPECT_EQ(F({5}, {1, 2, 3, 4, 5}).toString(0), "tensor<5xf32> [...]");
  Tensor big(DType::kI32, {2000});
  std::string s = big.toString();
  EXPECT_THAT(s, ::testing::EndsWith("0, 0, ...]"));
  // Default maxElements = 1000 elements: 999 separators between them plus
  // one before "...".
  size_t separators = 0;
  for (size_t pos = s.find(", "); pos != std::string::npos;
       pos = s.find(", ", pos + 1))
    ++separators;
  EXPECT_EQ(separators, 1000u);
}

} // namespace
} // namespace gnnrt
