//===- TargetModel.h - The tiled machine the compiler targets --------------===//
//
// A plain description of an IPU-style machine: nothing in gnnc hard-codes the
// tile count or the SRAM size. The bsp dialect's #bsp.target attribute carries
// the same fields. Defaults describe a Mk2 GC200 (Bow clock), see
// docs/TargetModel.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TARGETMODEL_H
#define GNNRT_TARGETMODEL_H

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace gnnrt {

struct TargetModel {
  int64_t tilesPerIpu = 1472;
  int64_t bytesPerTile = 624 * 1024;
  int64_t numIpus = 1;
  double clockHz = 1.85e9;
  /// Bytes a tile can send (and receive) per cycle in an exchange phase.
  int64_t exchangeBytesPerCycle = 4;
  /// Cycles of one global sync.
  int64_t syncCycles = 600;
  /// Worker threads per tile.
  int64_t workersPerTile = 6;

  static TargetModel ipuMk2() { return TargetModel(); }
  int64_t totalTiles() const { return tilesPerIpu * numIpus; }
  /// Non-positive sizes or clock are errors naming the field.
  absl::Status validate() const;
  std::string toString() const;
};

} // namespace gnnrt

#endif // GNNRT_TARGETMODEL_H
