//===- Loader.h - The fixed-size data loader for many small graphs ---------===//
//
// PopTorch Geometric's FixedSizeDataLoader, MLIR-free: a planner
// (Packing.h) groups the graphs of an epoch, each group is collated into a
// fixed-size Batch (FixedSize.h). Every graph appears exactly once per epoch
// unless skipped, and skips are counted in EpochStats, never silent.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_LOADER_H
#define GNNRT_DATA_LOADER_H

#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Packing.h"

namespace gnnrt::data {

struct LoaderOptions {
  FixedSizeOptions sizes;
  FixedSizeStrategy strategy = FixedSizeStrategy::kPadToMax;
  OverSizeStrategy overSize = OverSizeStrategy::kError;
  /// Reshuffle the graphs every epoch (PyTorch's RandomSampler); otherwise
  /// they are taken in the given order (SequentialSampler).
  bool shuffle = false;
  uint64_t seed = 0;
  /// Batches built ahead on a background thread (0: none).
  int64_t prefetch = 0;
};

/// What one epoch produced. Efficiencies are real items over slots, over all
/// batches (PopTorch's packing efficiency is the node one).
struct EpochStats {
  int64_t batches = 0;
  int64_t nodeSlots = 0, edgeSlots = 0, graphSlots = 0; // per batch
  int64_t realNodes = 0, realEdges = 0, realGraphs = 0;
  int64_t skippedGraphs = 0, trimmedNodes = 0, trimmedEdges = 0;
  std::vector<int64_t> realGraphsPerBatch;

  void add(const Batch &b);
  double nodeEfficiency() const;
  double edgeEfficiency() const;
  double graphEfficiency() const;
};

class FixedSizeDataLoader {
public:
  /// A loader over graphs `graphIds` of `ds` (all graphs when empty), in that
  /// order. `ds` must outlive the loader. Sizes with numNodes == 0 are taken
  /// from FixedSizeOptions::fromDataset(numGraphs) for pad-to-max and
  /// stream-pack, and from choosePackSizes for pack.
  static absl::StatusOr<FixedSizeDataLoader>
  create(const GraphDataset &ds, std::vector<int64_t> graphIds,
         LoaderOptions options);

  const LoaderOptions &options() const { return options_; }
  const std::vector<int64_t> &graphIds() const { return ids_; }

  /// The graphs of every batch of `epoch` and the skipped graphs.
  absl::StatusOr<PackPlan> plan(int64_t epoch) const;
  /// Batch `index` of `epoch` holding `graphs` (trimming is seeded by the
  /// epoch and index).
  absl::StatusOr<Batch> collate(absl::Span<const int64_t> graphs,
                                int64_t epoch, int64_t index) const;
  /// Builds every batch of `epoch` and passes each to `consume`, in order.
  absl::Status forEachBatch(int64_t epoch,
                            const std::function<absl::Status(Batch &)> &consume,
                            EpochStats *stats = nullptr) const;

private:
  /// The plan of `epoch`; computed once when the order never changes.
  absl::StatusOr<std::shared_ptr<const PackPlan>> sharedPlan(int64_t epoch) const;

  FixedSizeDataLoader(const GraphDataset &ds, std::vector<int64_t> ids,
                      LoaderOptions options)
      : ds_(&ds), ids_(std::move(ids)), options_(options),
        sizes_(graphSizes(ds)) {}

  const GraphDataset *ds_;
  std::vector<int64_t> ids_;
  LoaderOptions options_;
  std::vector<GraphSize> sizes_;
  std::shared_ptr<const PackPlan> fixedPlan_;
};

} // namespace gnnrt::data

#endif // GNNRT_DATA_LOADER_H
