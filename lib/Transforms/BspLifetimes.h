//===- BspLifetimes.h - Steps, lifetimes, flat layouts ----------*- C++ -*-===//
//
// Shared by bsp-plan-memory, bsp-verify-exchange and --bsp-to-metrics:
//
// * the step numbering and tensor lifetimes that memory planning uses and
//   the simulator re-checks at load time (docs/MemoryPlanning.md);
// * sets of half-open intervals over the row-major flat index of a tensor;
// * the closed-form geometry of a #bsp.mapping in flat-index space: which
//   elements a range of tiles holds, which tile owns an element, how many
//   elements of a flat range a range of tiles owns. Tile ranges are
//   intervals, so nothing here loops over tiles or elements.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_LIB_TRANSFORMS_BSPLIFETIMES_H
#define GNNC_LIB_TRANSFORMS_BSPLIFETIMES_H

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "bsp/BspOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

namespace gnnc::bspinfo {

//===----------------------------------------------------------------------===//
// Step numbering and lifetimes
//===----------------------------------------------------------------------===//

/// A closed range of step indices; empty when `first > last`.
struct Lifetime {
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = -1;
  bool empty() const { return first > last; }
  void extend(int64_t lo, int64_t hi) {
    first = std::min(first, lo);
    last = std::max(last, hi);
  }
  bool overlaps(const Lifetime &o) const {
    return !empty() && !o.empty() && first <= o.last && o.first <= last;
  }
};

/// The steps of one program numbered in pre-order (a bsp.repeat is a step
/// and its body's steps follow it), and each tensor's lifetime.
struct ProgramLifetimes {
  /// Steps in index order.
  std::vector<mlir::Operation *> steps;
  /// Index of each step op.
  llvm::DenseMap<mlir::Operation *, int64_t> index;
  /// For a repeat: the index of its last body step, recursively (its own
  /// index when the body is empty).
  llvm::DenseMap<mlir::Operation *, int64_t> lastIndex;
  /// Lifetime of every tensor, by symbol name (empty when no step refers
  /// to it and it holds no state and no constant).
  llvm::StringMap<Lifetime> lifetimes;

  int64_t numSteps() const { return static_cast<int64_t>(steps.size()); }
};

/// Numbers the steps of `program` and derives every tensor's lifetime: the
/// [min, max] of the indices of the steps that reference it (stream copy
/// source/dest, vertex ins/outs, copy source/dest), where a reference from
/// inside a repeat counts as the whole of the outermost repeat around it;
/// tensors with `state` or `value` live for the whole program.
ProgramLifetimes computeLifetimes(mlir::bsp::ProgramOp program);

/// A step for diagnostics: "compute set 'name'", "exchange 'name'",
/// "sync internal", "repeat 3", "stream copy @a -> @b".
std::string describeStep(mlir::Operation *step);

//===----------------------------------------------------------------------===//
// Interval sets
//===----------------------------------------------------------------------===//

/// A set of integers as sorted, disjoint, non-adjacent half-open intervals.
class IntervalSet {
public:
  using Interval = std::pair<int64_t, int64_t>;

  IntervalSet() = default;
  IntervalSet(int64_t begin, int64_t end) { add(begin, end); }
  /// The union of `intervals`, in any order and possibly overlapping, in
  /// O(n log n) (adding them one by one can be quadratic).
  static IntervalSet fromIntervals(std::vector<Interval> intervals);

  bool empty() const { return intervals.empty(); }
  const std::vector<Interval> &get() const { return intervals; }
  const Interval &front() const { return intervals.front(); }
  int64_t size() const;
  bool operator==(const IntervalSet &o) const {
    return intervals == o.intervals;
  }
  bool operator!=(const IntervalSet &o) const { return !(*this == o); }

  /// Adds [begin, end) (ignored when empty).
  void add(int64_t begin, int64_t end);
  void unite(const IntervalSet &other);
  /// This set without the elements of `other`.
  IntervalSet minus(const IntervalSet &other) const;
  IntervalSet intersect(const IntervalSet &other) const;
  /// The elements in [begin, end).
  IntervalSet clip(int64_t begin, int64_t end) const;
  /// Every element plus `delta`.
  IntervalSet shifted(int64_t delta) const;
  void clear() { intervals.clear(); }

private:
  std::vector<Interval> intervals;
};

//===----------------------------------------------------------------------===//
// Flat layouts
//===----------------------------------------------------------------------===//

/// A #bsp.mapping in terms of flat (row-major) element indices. For a
/// blocked mapping of dimension `dim` of size D, with `inner` elements per
/// index of that dimension, element f is index (f / inner) % D of the
/// dimension and lives on tile first + that / block.
struct FlatLayout {
  bool replicated = false;
  int64_t firstTile = 0, endTile = 0;
  int64_t block = 1;
  int64_t dimSize = 0; // D
  int64_t inner = 1;   // elements per index of the mapped dimension
  int64_t numElements = 0;
  int64_t elementBytes = 1;

  static FlatLayout get(mlir::bsp::TensorOp tensor);

  int64_t numTiles() const { return endTile - firstTile; }
  /// Elements of one outer index: D * inner.
  int64_t period() const { return dimSize * inner; }
  /// Indices [lo, hi) of the mapped dimension held by tiles [ta, tb)
  /// (blocked), clamped to the mapping and the dimension.
  std::pair<int64_t, int64_t> dimRange(int64_t ta, int64_t tb) const;
  /// The elements tiles [ta, tb) hold together (the whole tensor for a
  /// replica when the range meets the mapping).
  IntervalSet heldBy(int64_t ta, int64_t tb) const;
  /// Blocked: the tile that holds element f.
  int64_t owner(int64_t f) const;
  /// Blocked: one past the last element of [f, limit) held by owner(f)
  /// without interruption.
  int64_t runEnd(int64_t f, int64_t limit) const;
  /// Blocked: how many elements of [x, y) tiles [ta, tb) hold.
  int64_t countOwned(int64_t x, int64_t y, int64_t ta, int64_t tb) const;
  /// Blocked: an upper bound on the number of runs (maximal pieces held by
  /// one tile) of [x, y).
  int64_t estimateRuns(int64_t x, int64_t y) const;
};

/// Size of a tensor's reservation on each of its tiles: its largest slice
/// rounded up to 8 bytes.
int64_t reservedBytes(mlir::bsp::TensorOp tensor);

} // namespace gnnc::bspinfo

#endif // GNNC_LIB_TRANSFORMS_BSPLIFETIMES_H
