//===- Targets.cpp - Named target presets ---------------------------------===//
#include "gnnc/Partition/Targets.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gnnc::partition {

gnnrt::TargetModel gc200Target(int64_t numIpus) {
  gnnrt::TargetModel t; // Mk2 tiles and SRAM (ipu.md 1.1)
  t.tilesPerIpu = 1472;
  t.bytesPerTile = 624 * 1024;
  t.clockHz = 1.33e9; // 250 TFLOPS / (1472 x 128 flop/cycle)
  t.numIpus = numIpus;
  return t;
}

gnnrt::TargetModel bowTarget(int64_t numIpus) {
  gnnrt::TargetModel t = gc200Target(numIpus);
  t.clockHz = 1.85e9;
  return t;
}

gnnrt::TargetModel testTarget(int64_t numIpus) {
  gnnrt::TargetModel t;
  t.tilesPerIpu = 16;
  t.bytesPerTile = 64 * 1024;
  t.clockHz = 1e9;
  t.numIpus = numIpus;
  return t;
}

std::vector<std::string> targetNames() { return {"gc200", "bow", "test"}; }

absl::StatusOr<gnnrt::TargetModel> targetByName(absl::string_view name,
                                                int64_t numIpus) {
  std::string lower = absl::AsciiStrToLower(name);
  gnnrt::TargetModel t;
  if (lower == "gc200")
    t = gc200Target(numIpus);
  else if (lower == "bow")
    t = bowTarget(numIpus);
  else if (lower == "test")
    t = testTarget(numIpus);
  else
    return absl::InvalidArgumentError(
        absl::StrCat("unknown target '", name, "'; valid targets: ",
                     absl::StrJoin(targetNames(), ", ")));
  if (absl::Status s = t.validate(); !s.ok())
    return s;
  return t;
}

} // namespace gnnc::partition
