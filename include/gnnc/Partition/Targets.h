//===- Targets.h - Named target presets -------------------------*- C++ -*-===//
//
// Presets of gnnrt::TargetModel for the machines gnnc knows by name. The
// numbers come from ../shared/research/ipu.md section 1 (see
// docs/TargetModel.md); nothing else in the partitioner hard-codes them.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_TARGETS_H
#define GNNC_PARTITION_TARGETS_H

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gnnrt/TargetModel.h"

namespace gnnc::partition {

/// Mk2 GC200: 1472 tiles x 624 KiB, about 1.33 GHz.
gnnrt::TargetModel gc200Target(int64_t numIpus = 1);
/// Bow IPU: the GC200's tiles and SRAM at 1.85 GHz.
gnnrt::TargetModel bowTarget(int64_t numIpus = 1);
/// A small machine for tests: 16 tiles x 64 KiB at 1 GHz.
gnnrt::TargetModel testTarget(int64_t numIpus = 1);

/// The names targetByName accepts, in a stable order: gc200, bow, test.
std::vector<std::string> targetNames();

/// The preset called `name` (case-insensitive) spanning `numIpus` IPUs. An
/// unknown name is an error listing the valid ones; a non-positive IPU count
/// is an error from TargetModel::validate().
absl::StatusOr<gnnrt::TargetModel> targetByName(absl::string_view name,
                                                int64_t numIpus = 1);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_TARGETS_H
