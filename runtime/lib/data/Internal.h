//===- Internal.h - Helpers shared by the data pipeline sources ------------===//
#ifndef GNNRT_LIB_DATA_INTERNAL_H
#define GNNRT_LIB_DATA_INTERNAL_H

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/data/Graph.h"
#include "gnnrt/data/Rng.h"

namespace gnnrt::data::internal {

/// Rows `rows` of a rank-1 or rank-2 tensor (any dtype), in that order.
Tensor gatherRows(const Tensor &t, absl::Span<const int64_t> rows);
/// Concatenates rank-2 tensors of the same dtype along dimension 1.
Tensor concatColumns(const Tensor &a, const Tensor &b);
/// f32 [labels.size(), classes] one-hot rows.
Tensor oneHot(absl::Span<const int64_t> labels, int64_t classes);
/// Sorts the edges of every graph by (src, dst) (stable), permuting the edge
/// features along; with `dedupe`, repeated (src, dst) pairs keep the first.
void sortEdgesPerGraph(GraphDataset &ds, bool dedupe);
/// Rows of `t` for the edges kept, given as dataset edge indices.
inline Tensor gatherEdgeRows(const Tensor &t, absl::Span<const int64_t> e) {
  return gatherRows(t, e);
}
/// The first `count` items of `candidates` in trimming order: by priority
/// (higher first), ties broken by random keys drawn from `rng`.
std::vector<int64_t> trimOrder(const std::vector<int64_t> &candidates,
                               const std::vector<int64_t> &priority,
                               int64_t count, Rng &rng);

} // namespace gnnrt::data::internal

#endif // GNNRT_LIB_DATA_INTERNAL_H
