//===- PlanCheck.h - Re-derive what exchange plans deliver ------*- C++ -*-===//
//
// Simulator-free checkers: they replay a plan's copies symbolically (which
// tile holds which rows after each phase) against a concrete graph or index
// array, independently of how the plan was built, and report the first
// lookup or row that is missing, duplicated or superfluous.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_PLANCHECK_H
#define GNNC_PARTITION_PLANCHECK_H

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "gnnc/Partition/GatherPlan.h"
#include "gnnc/Partition/GraphPartition.h"

namespace gnnc::partition {

/// The halo plan is exact for `graph` under `nodeTile`: every edge's
/// destination tile holds the source row after the exchange (its own or
/// received from the row's owner), no row is received twice or without an
/// edge needing it, and the byte counts match the rows.
absl::Status checkHaloPlan(const Graph &graph,
                           absl::Span<const int32_t> nodeTile,
                           const HaloPlan &plan);

/// The gather plan delivers table[index[e]] to lookupHome's tile of every
/// lookup e: every copy sends data its source holds at that point, and
/// exactly one tile contributes a non-zero partial to each lookup.
absl::Status checkGatherPlan(const GatherPlan &plan,
                             absl::Span<const int64_t> index);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_PLANCHECK_H
