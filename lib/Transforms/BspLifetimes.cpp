//===- BspLifetimes.cpp - Step numbering, lifetimes and flat layouts ------===//
#include "BspLifetimes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <functional>

#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::bsp;

namespace gnnc::bspinfo {

//===----------------------------------------------------------------------===//
// Lifetimes
//===----------------------------------------------------------------------===//

ProgramLifetimes computeLifetimes(ProgramOp program) {
  ProgramLifetimes result;
  std::function<void(Block &)> number = [&](Block &block) {
    for (Operation &op : block) {
      if (isa<TensorOp, HostStreamOp>(op))
        continue;
      result.index[&op] = result.numSteps();
      result.steps.push_back(&op);
      if (auto repeat = dyn_cast<RepeatOp>(op)) {
        number(*repeat.getBody());
        result.lastIndex[&op] = result.numSteps() - 1;
      }
    }
  };
  number(*program.getBody());

  int64_t lastStep = std::max<int64_t>(result.numSteps() - 1, 0);
  // Tensors the host fills (stream copy destinations) stay put for the whole
  // program too, so an input that did not change between runs need not be
  // sent again (the simulator skips such copies).
  llvm::StringSet<> hostFilled;
  program.walk([&](StreamCopyOp copy) { hostFilled.insert(copy.getDest()); });
  for (TensorOp tensor : program.getOps<TensorOp>()) {
    Lifetime &lifetime = result.lifetimes[tensor.getSymName()];
    if (tensor.getState() || tensor.getValue() ||
        hostFilled.contains(tensor.getSymName()))
      lifetime.extend(0, lastStep);
  }

  // A step inside repeats stands for the whole outermost repeat around it.
  auto stepRange = [&](Operation *step) -> std::pair<int64_t, int64_t> {
    Operation *outermost = nullptr;
    for (Operation *parent = step->getParentOp(); parent && parent != program;
         parent = parent->getParentOp())
      if (isa<RepeatOp>(parent))
        outermost = parent;
    if (outermost)
      return {result.index[outermost], result.lastIndex[outermost]};
    int64_t i = result.index[step];
    return {i, i};
  };
  auto reference = [&](StringRef name, Operation *step) {
    auto it = result.lifetimes.find(name);
    if (it == result.lifetimes.end())
      return; // A host stream.
    auto [lo, hi] = stepRange(step);
    it->second.extend(lo, hi);
  };
  auto referenceAll = [&](ArrayAttr refs, Operation *step) {
    for (auto ref : refs.getAsRange<FlatSymbolRefAttr>())
      reference(ref.getValue(), step);
  };
  for (Operation *step : result.steps) {
    if (auto streamCopy = dyn_cast<StreamCopyOp>(step)) {
      reference(streamCopy.getSource(), step);
      reference(streamCopy.getDest(), step);
    } else if (auto computeSet = dyn_cast<ComputeSetOp>(step)) {
      for (VertexOp vertex : computeSet.getVertices()) {
        referenceAll(vertex.getIns(), step);
        referenceAll(vertex.getOuts(), step);
      }
    } else if (auto exchange = dyn_cast<ExchangeOp>(step)) {
      for (CopyOp copy : exchange.getCopies()) {
        reference(copy.getSource(), step);
        reference(copy.getDest(), step);
      }
    }
  }
  return result;
}

std::string describeStep(Operation *step) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto computeSet = dyn_cast<ComputeSetOp>(step))
    os << "compute set '" << computeSet.getPhaseName() << "'";
  else if (auto exchange = dyn_cast<ExchangeOp>(step))
    os << "exchange '" << exchange.getPhaseName() << "'";
  else if (auto sync = dyn_cast<SyncOp>(step))
    os << "sync " << stringifySyncScope(sync.getScope());
  else if (auto repeat = dyn_cast<RepeatOp>(step))
    os << "repeat " << repeat.getCount();
  else if (auto streamCopy = dyn_cast<StreamCopyOp>(step))
    os << "stream copy @" << streamCopy.getSource() << " -> @"
       << streamCopy.getDest();
  else
    os << "'" << step->getName() << "'";
  return text;
}

//===----------------------------------------------------------------------===//
// IntervalSet
//===----------------------------------------------------------------------===//

int64_t IntervalSet::size() const {
  int64_t total = 0;
  for (auto [b, e] : intervals)
    total += e - b;
  return total;
}

void IntervalSet::add(int64_t begin, int64_t end) {
  if (begin >= end)
    return;
  if (intervals.empty() || begin > intervals.back().second) {
    intervals.emplace_back(begin, end);
    return;
  }
  // The first interval that ends at or after `begin` (adjacent ones merge).
  auto it = std::lower_bound(
      intervals.begin(), intervals.end(), begin,
      [](const Interval &iv, int64_t v) { return iv.second < v; });
  auto jt = it;
  int64_t b = begin, e = end;
  while (jt != intervals.end() && jt->first <= end) {
    b = std::min(b, jt->first);
    e = std::max(e, jt->second);
    ++jt;
  }
  it = intervals.erase(it, jt);
  intervals.insert(it, {b, e});
}

IntervalSet IntervalSet::fromIntervals(std::vector<Interval> intervals) {
  llvm::sort(intervals);
  IntervalSet result;
  for (auto [b, e] : intervals) {
    if (b >= e)
      continue;
    if (!result.intervals.empty() && b <= result.intervals.back().second)
      result.intervals.back().second =
          std::max(result.intervals.back().second, e);
    else
      result.intervals.emplace_back(b, e);
  }
  return result;
}

void IntervalSet::unite(const IntervalSet &other) {
  if (other.empty())
    return;
  if (empty()) {
    intervals = other.intervals;
    return;
  }
  std::vector<Interval> merged;
  merged.reserve(intervals.size() + other.intervals.size());
  std::merge(intervals.begin(), intervals.end(), other.intervals.begin(),
             other.intervals.end(), std::back_inserter(merged));
  intervals.clear();
  for (auto [b, e] : merged) {
    if (!intervals.empty() && b <= intervals.back().second)
      intervals.back().second = std::max(intervals.back().second, e);
    else
      intervals.emplace_back(b, e);
  }
}

IntervalSet IntervalSet::minus(const IntervalSet &other) const {
  IntervalSet result;
  size_t j = 0;
  const auto &o = other.intervals;
  for (auto [b, e] : intervals) {
    int64_t cur = b;
    while (j < o.size() && o[j].second <= cur)
      ++j;
    size_t k = j;
    while (k < o.size() && o[k].first < e) {
      if (o[k].first > cur)
        result.intervals.emplace_back(cur, o[k].first);
      cur = std::max(cur, o[k].second);
      if (o[k].second > e)
        break;
      ++k;
    }
    if (cur < e)
      result.intervals.emplace_back(cur, e);
  }
  return result;
}

IntervalSet IntervalSet::intersect(const IntervalSet &other) const {
  IntervalSet result;
  size_t i = 0, j = 0;
  const auto &a = intervals, &o = other.intervals;
  while (i < a.size() && j < o.size()) {
    int64_t b = std::max(a[i].first, o[j].first);
    int64_t e = std::min(a[i].second, o[j].second);
    if (b < e)
      result.intervals.emplace_back(b, e);
    if (a[i].second < o[j].second)
      ++i;
    else
      ++j;
  }
  return result;
}

IntervalSet IntervalSet::clip(int64_t begin, int64_t end) const {
  return intersect(IntervalSet(begin, end));
}

IntervalSet IntervalSet::shifted(int64_t delta) const {
  IntervalSet result;
  result.intervals.reserve(intervals.size());
  for (auto [b, e] : intervals)
    result.intervals.emplace_back(b + delta, e + delta);
  return result;
}

//===----------------------------------------------------------------------===//
// FlatLayout
//===----------------------------------------------------------------------===//

FlatLayout FlatLayout::get(TensorOp tensor) {
  FlatLayout layout;
  RankedTensorType type = tensor.getTensorType();
  MappingAttr mapping = tensor.getMapping();
  layout.replicated = mapping.getReplicated();
  layout.firstTile = mapping.getTiles().getFirst();
  layout.endTile = mapping.getTiles().getEnd();
  layout.numElements = type.getNumElements();
  layout.elementBytes = tensor.getElementBytes();
  if (layout.replicated) {
    layout.dimSize = layout.numElements;
    return layout;
  }
  int64_t dim = mapping.getDim();
  layout.block = mapping.getBlock();
  layout.dimSize = type.getDimSize(dim);
  layout.inner = 1;
  for (int64_t d = dim + 1; d < type.getRank(); ++d)
    layout.inner *= type.getDimSize(d);
  return layout;
}

std::pair<int64_t, int64_t> FlatLayout::dimRange(int64_t ta, int64_t tb) const {
  ta = std::max(ta, firstTile);
  tb = std::min(tb, endTile);
  if (ta >= tb)
    return {0, 0};
  int64_t lo = std::min((ta - firstTile) * block, dimSize);
  int64_t hi = std::min((tb - firstTile) * block, dimSize);
  return {lo, hi};
}

IntervalSet FlatLayout::heldBy(int64_t ta, int64_t tb) const {
  IntervalSet result;
  if (numElements == 0)
    return result;
  if (replicated) {
    if (std::max(ta, firstTile) < std::min(tb, endTile))
      result.add(0, numElements);
    return result;
  }
  auto [lo, hi] = dimRange(ta, tb);
  if (lo >= hi)
    return result;
  if (lo == 0 && hi == dimSize) {
    result.add(0, numElements);
    return result;
  }
  int64_t p = period();
  for (int64_t base = 0; base < numElements; base += p)
    result.add(base + lo * inner, base + hi * inner);
  return result;
}

int64_t FlatLayout::owner(int64_t f) const {
  return firstTile + ((f / inner) % dimSize) / block;
}

int64_t FlatLayout::runEnd(int64_t f, int64_t limit) const {
  int64_t p = period();
  int64_t k = ((f / inner) % dimSize) / block;
  int64_t base = f - f % p;
  return std::min(limit, base + std::min((k + 1) * block, dimSize) * inner);
}

int64_t FlatLayout::countOwned(int64_t x, int64_t y, int64_t ta,
                               int64_t tb) const {
  auto [lo, hi] = dimRange(ta, tb);
  if (lo >= hi || x >= y)
    return 0;
  int64_t p = period(), width = (hi - lo) * inner;
  auto below = [&](int64_t v) {
    return (v / p) * width + std::clamp(v % p - lo * inner, int64_t(0), width);
  };
  return below(y) - below(x);
}

int64_t FlatLayout::estimateRuns(int64_t x, int64_t y) const {
  if (x >= y)
    return 0;
  int64_t p = period();
  int64_t rows = (y - 1) / p - x / p + 1;
  if (rows == 1)
    return ((((y - 1) / inner) % dimSize) / block) -
           (((x / inner) % dimSize) / block) + 1;
  return rows * ((dimSize + block - 1) / block);
}

int64_t reservedBytes(TensorOp tensor) {
  return (tensor.getMaxBytesPerTile() + 7) / 8 * 8;
}

} // namespace gnnc::bspinfo
