//===- NpyTest.cpp - .npy reading and writing ------------------------------===//
#include "gnnrt/Npy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "TestUtil.h"

namespace gnnrt {
namespace {

using namespace testing_util;
using ::testing::HasSubstr;

/// A .npy file as numpy writes it: version major.0, `dict` padded with spaces
/// and '\n' to a 64-byte boundary (or exactly as given when pad is false).
std::string makeNpy(const std::string &dict, const std::string &data,
                    int major = 1, bool pad = true) {
  size_t preamble = major == 1 ? 10 : 12;
  std::string header = dict;
  if (pad) {
    size_t total = preamble + header.size() + 1;
    header += std::string((64 - total % 64) % 64, ' ');
    header += '\n';
  }
  std::string out("\x93NUMPY", 6);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  size_t len = header.size();
  out.push_back(static_cast<char>(len & 0xff));
  out.push_back(static_cast<char>((len >> 8) & 0xff));
  if (major != 1) {
    out.push_back(static_cast<char>((len >> 16) & 0xff));
    out.push_back(static_cast<char>((len >> 24) & 0xff));
  }
  return out + header + data;
}

template <typename T> std::string rawBytes(std::initializer_list<T> values) {
  std::string out;
  for (T v : values)
    out.append(reinterpret_cast<const char *>(&v), sizeof(T));
  return out;
}

void expectRoundTrip(const Tensor &t) {
  std::string bytes = serializeNpy(t);
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t headerLen = static_cast<uint8_t>(bytes[8]) |
                     (static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8);
  EXPECT_EQ((10 + headerLen) % 64, 0u);
  EXPECT_EQ(bytes[10 + headerLen - 1], '\n');
  EXPECT_EQ(bytes.size(), 10 + headerLen + t.sizeInBytes());
  ASSERT_OK_AND_ASSIGN(Tensor back, parseNpy(bytes, "roundtrip.npy"));
  EXPECT_EQ(back.dtype(), t.dtype());
  EXPECT_EQ(back.shape(), t.shape());
  EXPECT_TRUE(back.allClose(t, 0, 0)) << back.toString();
}

TEST(NpyTest, RoundTripEveryDtype) {
  expectRoundTrip(F({2, 3}, {1.5f, -2, 3e-8f, 4e9f, 0, -0.25f}));
  expectRoundTrip(I32({4}, {-2147483647 - 1, -1, 0, 2147483647}));
  expectRoundTrip(I64({2, 2}, {-(1LL << 62), -1, 0, 1LL << 40}));
  expectRoundTrip(B({3}, {true, false, true}));
  expectRoundTrip(Tensor::scalarF32(3.25f));
  expectRoundTrip(Tensor(DType::kF32, {0, 3}));
  expectRoundTrip(I64({1, 1, 1}, {5}));
}

TEST(NpyTest, SerializedHeaderText) {
  std::string bytes = serializeNpy(F({2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_THAT(bytes, HasSubstr("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (2, 3), }"));
  EXPECT_THAT(serializeNpy(I32({3}, {1, 2, 3})), HasSubstr("'shape': (3,)"));
  EXPECT_THAT(serializeNpy(I64({1}, {1})), HasSubstr("'descr': '<i8'"));
  EXPECT_THAT(serializeNpy(B({1}, {true})), HasSubstr("'descr': '|b1'"));
  EXPECT_THAT(serializeNpy(Tensor::scalarF32(1)), HasSubstr("'shape': ()"));
  // 64-byte total for a short header: 10 + 118 = 128.
  EXPECT_EQ(bytes.size(), 128u + 24u);
}

TEST(NpyTest, ParsesNumpyStyleFiles) {
  ASSERT_OK_AND_ASSIGN(
      Tensor a,
      parseNpy(makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': "
                       "(3,), }",
                       rawBytes<int64_t>({7, -8, 9})),
               "a.npy"));
  expectInts(a, DType::kI64, {3}, {7, -8, 9});

  // Version 2.0, double quotes, odd spacing, no trailing comma, key order.
  ASSERT_OK_AND_ASSIGN(
      Tensor b,
      parseNpy(makeNpy("{ \"shape\" : ( 2 ,2 ) ,\"descr\":\"<f4\", "
                       "'fortran_order' :False}",
                       rawBytes<float>({1, 2, 3, 4}), 2),
               "b.npy"));
  expectF32(b, {2, 2}, {1, 2, 3, 4}, 0);

  // Rank 0.
  ASSERT_OK_AND_ASSIGN(
      Tensor c,
      parseNpy(makeNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (), }",
                       rawBytes<int32_t>({-5})),
               "c.npy"));
  expectInts(c, DType::kI32, {}, {-5});

  // |u1 is read as bool.
  ASSERT_OK_AND_ASSIGN(
      Tensor d,
      parseNpy(makeNpy("{'descr': '|u1', 'fortran_order': False, 'shape': "
                       "(3,), }",
                       std::string("\x01\x00\x01", 3)),
               "d.npy"));
  expectInts(d, DType::kBool, {3}, {1, 0, 1});

  // An unpadded header is still accepted.
  ASSERT_OK_AND_ASSIGN(
      Tensor e,
      parseNpy(makeNpy("{'descr':'|b1','fortran_order':False,'shape':(2,)}",
                       std::string("\x00\x01", 2), 1, false),
               "e.npy"));
  expectInts(e, DType::kBool, {2}, {0, 1});
}

void expectNpyError(const std::string &bytes, const std::string &substr) {
  absl::StatusOr<Tensor> r = parseNpy(bytes, "bad.npy");
  ASSERT_FALSE(r.ok()) << "expected: " << substr;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("bad.npy"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr(substr));
}

TEST(NpyTest, MalformedInputs) {
  const std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
  std::string good = makeNpy(dict, rawBytes<float>({1, 2, 3, 4}));
  ASSERT_TRUE(parseNpy(good, "good.npy").ok());

  expectNpyError(good.substr(0, good.size() - 1),
                 "data has 15 bytes but shape (2, 2) of '<f4' needs 16 bytes "
                 "(truncated file)");
  expectNpyError(good + "x", "trailing bytes");
  std::string badMagic = good;
  badMagic[1] = 'X';
  expectNpyError(badMagic, "not a .npy file");
  expectNpyError("", "not a .npy file");
  expectNpyError(good.substr(0, 40), "runs past the end of the file");
  std::string badVersion = good;
  badVersion[6] = 4;
  expectNpyError(badVersion, "unsupported .npy format version 4.0");

  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': True, 'shape': "
                         "(2, 2), }",
                         rawBytes<float>({1, 2, 3, 4})),
                 "pass a C-contiguous array");
  expectNpyError(makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         rawBytes<double>({1, 2})),
                 "unsupported dtype '<f8'");
  expectNpyError(makeNpy("{'descr': '>f4', 'fortran_order': False, 'shape': "
                         "(1,), }",
                         rawBytes<float>({1})),
                 "unsupported dtype '>f4'");
  expectNpyError(makeNpy("{'descr': '<f4', 'shape': (1,), }",
                         rawBytes<float>({1})),
                 "missing key 'fortran_order'");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(1,), 'extra': 1}",
                         rawBytes<float>({1})),
                 "unexpected key 'extra'");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(-1,), }",
                         ""),
                 "non-negative integers");
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(1, 2",
                         ""),
                 "malformed .npy header");
  expectNpyError(makeNpy("['descr']", ""), "must start with '{'");
  expectNpyError(makeNpy("{'descr': '|u1', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         std::string("\x01\x05", 2)),
                 "uint8 element 1 is 5");
  // A huge shape whose byte count overflows is an error, not an allocation.
  expectNpyError(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296), }",
                         ""),
                 "too large");
}

TEST(NpyTest, Files) {
  std::string path = ::testing::TempDir() + "/gnnrt_npy_test.npy";
  Tensor t = I64({2, 3}, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(writeNpyFile(path, t).ok());
  ASSERT_OK_AND_ASSIGN(Tensor back, readNpyFile(path));
  EXPECT_TRUE(back.allClose(t, 0, 0));
  std::remove(path.c_str());

  std::string missing = ::testing::TempDir() + "/no_such_dir/x.npy";
  absl::StatusOr<Tensor> r = readNpyFile(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr(missing));
  absl::Status w = writeNpyFile(missing, t);
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(std::string(w.message()), HasSubstr(missing));

  // A malformed file names its path.
  std::string junk = ::testing::TempDir() + "/gnnrt_junk.npy";
  {
    std::ofstream out(junk, std::ios::binary);
    out << "hello";
  }
  absl::StatusOr<Tensor> j = readNpyFile(junk);
  ASSERT_FALSE(j.ok());
  EXPECT_THAT(std::string(j.status().message()), HasSubstr(junk));
  EXPECT_THAT(std::string(j.status().message()), HasSubstr("not a .npy file"));
  std::remove(junk.c_str());
}

} // namespace
} // namespace gnnrt
