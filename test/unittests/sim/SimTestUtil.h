//===- SimTestUtil.h - Small targets and declarations for simulator tests -===//
//
// What the simulator tests build their hand-written programs from: a small
// target (4 tiles of 64 KiB unless told otherwise, 1 GHz, 4 bytes a cycle)
// a tensor declaration with an optional planned offset, and bitwise
// tensor equality.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TEST_UNITTESTS_SIM_SIMTESTUTIL_H
#define GNNRT_TEST_UNITTESTS_SIM_SIMTESTUTIL_H

#include <cstring>
#include <string>
#include <utility>

#include "gnnrt/Tensor.h"
#include "gnnrt/TargetModel.h"
#include "gnnrt/sim/Program.h"

namespace gnnrt::sim::testutil {

inline TargetModel smallTarget(int64_t tiles = 4, int64_t bytes = 64 * 1024) {
  TargetModel t;
  t.tilesPerIpu = tiles;
  t.bytesPerTile = bytes;
  t.numIpus = 1;
  t.clockHz = 1e9;
  t.exchangeBytesPerCycle = 4;
  t.syncCycles = 100;
  t.workersPerTile = 6;
  return t;
}

inline TensorDecl tensorDecl(std::string name, Shape shape, Mapping m,
                             int64_t offset = -1, DType dtype = DType::kF32) {
  TensorDecl t{std::move(name), dtype, std::move(shape), m};
  t.offset = offset;
  return t;
}

/// Same dtype, shape and bytes (NaNs with the same payload match).
inline bool bitEqual(const Tensor &a, const Tensor &b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.rawData(), b.rawData(),
                     static_cast<size_t>(a.sizeInBytes())) == 0;
}

} // namespace gnnrt::sim::testutil

#endif // GNNRT_TEST_UNITTESTS_SIM_SIMTESTUTIL_H
