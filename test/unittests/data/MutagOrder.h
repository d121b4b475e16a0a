//===- MutagOrder.h - The MUTAG shuffle of the packing seed ---------------===//
//
// torch.manual_seed(12345); torch.randperm(188) (what PyG's
// dataset.shuffle() draws in seed 004), generated with Debian's python3-torch
// 1.13. The first 150 entries are the seed's training graphs. The same list
// is test/gnn-run/Inputs/mutag-torch-perm-12345.txt.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TEST_DATA_MUTAGORDER_H
#define GNNRT_TEST_DATA_MUTAGORDER_H

#include <cstdint>
#include <vector>

namespace gnnrt::data::testing_util {

inline const std::vector<int64_t> &mutagTorchOrder() {
  static const std::vector<int64_t> order = {
      10, 115, 59, 131, 40, 24, 14, 99, 149, 2, 161, 30,
      50, 23, 121, 92, 185, 83, 177, 27, 108, 102, 139, 91,
      137, 31, 3, 4, 130, 26, 117, 37, 175, 104, 72, 179,
      107, 126, 16, 141, 22, 47, 58, 162, 127, 133, 64, 113,
      163, 152, 155, 146, 151, 173, 129, 65, 78, 41, 17, 71,
      55, 118, 70, 36, 147, 136, 15, 98, 79, 5, 101, 38,
      124, 182, 109, 160, 134, 62, 154, 20, 180, 13, 57, 28,
      158, 145, 183, 150, 178, 97, 143, 32, 53, 88, 77, 170,
      84, 8, 29, 33, 96, 112, 122, 52, 60, 165, 106, 169,
      100, 110, 153, 74, 140, 148, 76, 125, 42, 73, 89, 95,
      80, 81, 18, 11, 174, 68, 93, 85, 167, 94, 35, 19,
      87, 119, 156, 116, 186, 123, 132, 49, 44, 176, 43, 6,
      1, 69, 54, 105, 103, 56, 166, 111, 39, 63, 51, 61,
      171, 90, 34, 45, 159, 135, 168, 86, 128, 9, 75, 114,
      187, 48, 157, 7, 138, 120, 184, 82, 21, 144, 172, 181,
      67, 0, 46, 66, 164, 142, 25, 12,
  };
  return order;
}

} // namespace gnnrt::data::testing_util

#endif // GNNRT_TEST_DATA_MUTAGORDER_H
