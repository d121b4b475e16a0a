//===- DataTestUtil.h - Helpers shared by the data pipeline tests ----------===//
#ifndef GNNRT_TEST_DATA_DATATESTUTIL_H
#define GNNRT_TEST_DATA_DATATESTUTIL_H

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

#include "TestUtil.h"
#include "absl/strings/str_cat.h"

namespace gnnrt::data::testing_util {

using gnnrt::testing_util::F;
using gnnrt::testing_util::I64;
using gnnrt::testing_util::B;

/// ../shared/datasets beside the source tree (compile definition), or
/// $GNNC_TEST_DATASETS when set (e.g. to a missing folder, to check that the
/// real-data tests skip).
inline std::string datasetsDir() {
  if (const char *env = std::getenv("GNNC_TEST_DATASETS"))
    return env;
  return GNNC_DATASETS_DIR;
}

inline bool isDir(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// The real dataset folder `name`, or "" when the datasets are absent.
inline std::string datasetDir(const std::string &name) {
  std::string dir = datasetsDir() + "/" + name;
  return isDir(dir) ? dir : "";
}

#define REQUIRE_DATASET(var, name)                                             \
  std::string var = ::gnnrt::data::testing_util::datasetDir(name);             \
  if (var.empty())                                                             \
    GTEST_SKIP() << "dataset folder "                                        \
                 << ::gnnrt::data::testing_util::datasetsDir() << "/" << name  \
                 << " is absent (the real datasets live in ../shared/datasets "   \
                    "beside the checkout)";

/// A fresh empty directory under the test temp dir.
inline std::string freshDir(const std::string &name) {
  const ::testing::TestInfo *info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = absl::StrCat(::testing::TempDir(), "/gnnrt_data_",
                                 info->test_suite_name(), "_", info->name(),
                                 "_", name);
  std::string cmd = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

inline void writeFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

} // namespace gnnrt::data::testing_util

#endif // GNNRT_TEST_DATA_DATATESTUTIL_H
