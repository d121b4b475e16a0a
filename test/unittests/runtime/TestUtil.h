//===- TestUtil.h - Helpers shared by the runtime unit tests ---------------===//
#ifndef GNNRT_TEST_TESTUTIL_H
#define GNNRT_TEST_TESTUTIL_H

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gnnrt/Tensor.h"
#include "gtest/gtest.h"

#define GNNRT_CONCAT_INNER(a, b) a##b
#define GNNRT_CONCAT(a, b) GNNRT_CONCAT_INNER(a, b)
/// ASSERT_OK_AND_ASSIGN(auto x, expr): fails the test on an error status.
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                                        \
  ASSERT_OK_AND_ASSIGN_IMPL(GNNRT_CONCAT(statusor_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)                              \
  auto tmp = (expr);                                                           \
  ASSERT_TRUE(tmp.ok()) << tmp.status();                                       \
  lhs = std::move(*tmp)

namespace gnnrt::testing_util {

inline Tensor F(Shape shape, std::vector<float> values) {
  return Tensor::fromF32(std::move(shape), std::move(values));
}
inline Tensor I64(Shape shape, std::vector<int64_t> values) {
  return Tensor::fromI64(std::move(shape), std::move(values));
}
inline Tensor I32(Shape shape, std::vector<int32_t> values) {
  return Tensor::fromI32(std::move(shape), std::move(values));
}
inline Tensor B(Shape shape, std::vector<bool> values) {
  return Tensor::fromBool(std::move(shape), std::move(values));
}

/// f32 tensor of `shape` whose elements are within `tol` of `want` (NaN
/// expects NaN).
inline void expectF32(const Tensor &t, const Shape &shape,
                      const std::vector<float> &want, float tol = 1e-6f) {
  ASSERT_EQ(t.dtype(), DType::kF32) << t.toString();
  ASSERT_EQ(t.shape(), shape) << t.toString();
  auto d = t.data<float>();
  ASSERT_EQ(d.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i]))
      EXPECT_TRUE(std::isnan(d[i])) << "element " << i << " is " << d[i];
    else if (std::isinf(want[i]))
      EXPECT_EQ(d[i], want[i]) << "element " << i;
    else
      EXPECT_NEAR(d[i], want[i], tol) << "element " << i;
  }
}

/// Integer or bool tensor with exactly these values.
inline void expectInts(const Tensor &t, DType dtype, const Shape &shape,
                       const std::vector<int64_t> &want) {
  ASSERT_EQ(t.dtype(), dtype) << t.toString();
  ASSERT_EQ(t.shape(), shape) << t.toString();
  ASSERT_EQ(t.numElements(), static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(t.intAt(static_cast<int64_t>(i)), want[i]) << "element " << i;
}

/// An InvalidArgument error whose message contains `substr`.
template <typename T>
void expectInvalid(const absl::StatusOr<T> &result, const std::string &substr) {
  ASSERT_FALSE(result.ok()) << "expected an error containing: " << substr;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << result.status();
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr(substr));
}
inline void expectInvalid(const absl::Status &status,
                          const std::string &substr) {
  ASSERT_FALSE(status.ok()) << "expected an error containing: " << substr;
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(substr));
}

} // namespace gnnrt::testing_util

#endif // GNNRT_TEST_TESTUTIL_H
