//===- CostModel.cpp - The simulator's cycle model ------------------------===//
#include "gnnrt/sim/CostModel.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::sim {

static int64_t ceilDiv(int64_t a, int64_t b) { return b <= 0 ? a : (a + b - 1) / b; }

int64_t elementwiseCycles(const TargetModel &target, const CostParams &params,
                          DType dtype, int64_t elements) {
  int64_t lanes = std::max<int64_t>(1, params.vectorBytes / dtypeSize(dtype));
  int64_t workers = std::max<int64_t>(1, target.workersPerTile);
  return workers * ceilDiv(elements, workers * lanes) +
         params.vertexOverheadCycles;
}

int64_t matmulCycles(const TargetModel &, const CostParams &params,
                     int64_t macs) {
  return ceilDiv(macs, std::max<int64_t>(1, params.f32MacsPerCycle)) +
         params.vertexOverheadCycles;
}

int64_t exchangeCycles(const TargetModel &target, int64_t maxSent,
                       int64_t maxReceived) {
  return ceilDiv(std::max(maxSent, maxReceived),
                 std::max<int64_t>(1, target.exchangeBytesPerCycle));
}

std::string Profile::toString() const {
  auto pct = [&](int64_t c) {
    return totalCycles ? 100.0 * static_cast<double>(c) / totalCycles : 0.0;
  };
  std::string out = absl::StrFormat(
      "total %d cycles (%.3g s): compute %d (%.1f%%), exchange %d (%.1f%%), "
      "sync %d (%.1f%%)\n"
      "bytes exchanged %d, host bytes %d; tile memory max %d bytes, mean "
      "%.1f bytes\n",
      totalCycles, seconds, computeCycles, pct(computeCycles), exchangeCycles,
      pct(exchangeCycles), syncCycles, pct(syncCycles), bytesExchanged,
      hostBytes, maxBytesPerTile, meanBytesPerTile);
  absl::StrAppend(&out, "  #  kind         name                  runs       "
                        "cycles        bytes\n");
  for (const StepProfile &s : steps)
    absl::StrAppend(&out,
                    absl::StrFormat("%3d  %-12s %-20s %5d %12d %12d\n",
                                    s.index, stepKindName(s.kind), s.name,
                                    s.executions, s.cycles, s.bytes));
  return out;
}

} // namespace gnnrt::sim
