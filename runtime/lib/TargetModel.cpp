//===- TargetModel.cpp - The tiled machine the compiler targets ------------===//
#include "gnnrt/TargetModel.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt {

absl::Status TargetModel::validate() const {
  struct Field {
    const char *name;
    int64_t value;
    int64_t min;
  };
  const Field fields[] = {
      {"tilesPerIpu", tilesPerIpu, 1},
      {"bytesPerTile", bytesPerTile, 1},
      {"numIpus", numIpus, 1},
      {"exchangeBytesPerCycle", exchangeBytesPerCycle, 1},
      {"syncCycles", syncCycles, 0},
      {"workersPerTile", workersPerTile, 1},
  };
  for (const Field &f : fields)
    if (f.value < f.min)
      return absl::InvalidArgumentError(absl::StrCat(
          "target model: ", f.name, " is ", f.value, " but must be ",
          f.min == 0 ? ">= 0" : "positive", "; fix the target description"));
  if (!(clockHz > 0.0) || !std::isfinite(clockHz))
    return absl::InvalidArgumentError(
        absl::StrFormat("target model: clockHz is %g but must be a positive "
                        "finite frequency in Hz; fix the target description",
                        clockHz));
  int64_t total = 0;
  if (__builtin_mul_overflow(tilesPerIpu, numIpus, &total))
    return absl::InvalidArgumentError(absl::StrCat(
        "target model: tilesPerIpu (", tilesPerIpu, ") x numIpus (", numIpus,
        ") overflows; use smaller values"));
  return absl::OkStatus();
}

std::string TargetModel::toString() const {
  return absl::StrFormat(
      "target<tilesPerIpu=%d, bytesPerTile=%d, numIpus=%d, clockHz=%g, "
      "exchangeBytesPerCycle=%d, syncCycles=%d, workersPerTile=%d>",
      tilesPerIpu, bytesPerTile, numIpus, clockHz, exchangeBytesPerCycle,
      syncCycles, workersPerTile);
}

} // namespace gnnrt
