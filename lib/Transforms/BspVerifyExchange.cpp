//===- BspVerifyExchange.cpp - Every tile reads data delivered before -----===//
//
// Re-derives what each vertex reads on each tile of its range (its tile's
// slice of every `ins` tensor, or the tile's replica) and what each copy
// reads, and checks against an abstract execution of the program that
//
//  * every element read was defined before: by a host stream copy into the
//    tensor, a constant (`value`), model state (`state`, defined at start),
//    a vertex that wrote it (its `outs` slices on its tiles) or a copy;
//  * between an exchange or stream copy writing elements and a compute set
//    reading them there is a bsp.sync, and between a compute set writing
//    elements and an exchange reading them there is one too.
//
// The state of a tensor is a set of flat element intervals: for a blocked
// tensor an element lives on one tile, so one set says everything; for a
// replica, each tile has its own copy and the state is piecewise constant
// over tile intervals (split only where vertices' tile ranges start or
// end). Nothing loops over tiles or elements. Repeat bodies run twice so
// that definitions and unsynchronised writes carried from one iteration to
// the next are seen.
//
//===----------------------------------------------------------------------===//
#include "BspLifetimes.h"

#include <functional>
#include <optional>

#include "bsp/BspOps.h"
#include "gnnc/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::gnn {
#define GEN_PASS_DEF_BSPVERIFYEXCHANGE
#include "gnnc/Transforms/Passes.h.inc"
} // namespace mlir::gnn

using namespace mlir;
using namespace mlir::bsp;
using gnnc::bspinfo::FlatLayout;
using gnnc::bspinfo::IntervalSet;

namespace {

/// A set of flat elements per tile, piecewise constant over tile intervals
/// that partition a tensor's mapping.
struct TileSegments {
  struct Segment {
    int64_t begin, end;
    IntervalSet set;
  };
  std::vector<Segment> segments;

  void init(int64_t first, int64_t end) {
    segments.assign(1, Segment{first, end, IntervalSet()});
  }
  void splitAt(int64_t tile) {
    for (size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].begin < tile && tile < segments[i].end) {
        Segment right = segments[i];
        right.begin = tile;
        segments[i].end = tile;
        segments.insert(segments.begin() + i + 1, std::move(right));
        return;
      }
    }
  }
  /// Adds `set` on tiles [ta, tb).
  void add(int64_t ta, int64_t tb, const IntervalSet &set) {
    ta = std::max(ta, segments.front().begin);
    tb = std::min(tb, segments.back().end);
    if (ta >= tb || set.empty())
      return;
    splitAt(ta);
    splitAt(tb);
    for (Segment &segment : segments)
      if (segment.begin >= ta && segment.end <= tb)
        segment.set.unite(set);
    // Merge neighbours that became equal.
    std::vector<Segment> merged;
    for (Segment &segment : segments) {
      if (!merged.empty() && merged.back().set == segment.set)
        merged.back().end = segment.end;
      else
        merged.push_back(std::move(segment));
    }
    segments = std::move(merged);
  }
  void clear() { init(segments.front().begin, segments.back().end); }
};

/// What the abstract execution knows about one tensor.
struct TensorState {
  TensorOp op;
  FlatLayout layout;
  TileSegments defined;
  /// Written by an exchange or stream copy, or by a compute set, since the
  /// last sync.
  TileSegments pendingExchange, pendingCompute;
  std::string exchangeWriter, computeWriter;

  /// Adds `set` on tiles [ta, tb): for a blocked tensor the elements name
  /// their tiles, so the tile range does not matter.
  static void write(TensorState &state, TileSegments &segments, int64_t ta,
                    int64_t tb, const IntervalSet &set) {
    if (!state.layout.replicated) {
      ta = state.layout.firstTile;
      tb = state.layout.endTile;
    }
    segments.add(ta, tb, set);
  }
};

/// A read: every tile of [firstTile, endTile) reads `elements(a, b)` (the
/// union over tiles [a, b) of what they read) of the tile's replica, or,
/// for a blocked tensor, of the tensor.
struct Read {
  int64_t firstTile, endTile;
  std::function<IntervalSet(int64_t, int64_t)> elements;
  /// For a bad element range [f, e) found on tiles starting at `tile`: the
  /// tile that reads f and the end of what it reads of [f, e).
  std::function<std::pair<int64_t, int64_t>(int64_t f, int64_t e, int64_t tile)>
      locate;
};

struct Violation {
  int64_t tile, begin, end;
};

enum class Mode { Undefined, Pending };

std::optional<Violation> check(const TileSegments &segments, const Read &read,
                               Mode mode) {
  for (const TileSegments::Segment &segment : segments.segments) {
    int64_t a = std::max(segment.begin, read.firstTile);
    int64_t b = std::min(segment.end, read.endTile);
    if (a >= b)
      continue;
    if (mode == Mode::Pending && segment.set.empty())
      continue;
    IntervalSet elements = read.elements(a, b);
    IntervalSet bad = mode == Mode::Undefined ? elements.minus(segment.set)
                                              : elements.intersect(segment.set);
    if (bad.empty())
      continue;
    auto [f, e] = bad.front();
    auto [tile, end] = read.locate(f, e, a);
    return Violation{tile, f, end};
  }
  return std::nullopt;
}

/// How blocked elements locate: by their owner tile.
auto blockedLocate(const FlatLayout &layout) {
  return [layout](int64_t f, int64_t e, int64_t) {
    return std::make_pair(layout.owner(f), layout.runEnd(f, e));
  };
}
auto replicaLocate() {
  return
      [](int64_t, int64_t e, int64_t tile) { return std::make_pair(tile, e); };
}

/// What a vertex on tiles [ta, tb) reads of a tensor: its slices.
Read sliceRead(const FlatLayout &layout, int64_t ta, int64_t tb) {
  Read read{ta, tb, nullptr, nullptr};
  if (layout.replicated) {
    int64_t n = layout.numElements;
    read.elements = [n](int64_t, int64_t) { return IntervalSet(0, n); };
    read.locate = replicaLocate();
  } else {
    read.elements = [layout](int64_t a, int64_t b) {
      return layout.heldBy(a, b);
    };
    read.locate = blockedLocate(layout);
  }
  return read;
}

/// What a copy reads of its source: the source side of its runs, each
/// element from its owner or, from a replicated source, from the
/// destination tile's own replica when the source is mapped there and from
/// the first replica otherwise (as the simulator does). Runs are merged into
/// interval sets up front, so a copy of K runs costs O(K log K), not K
/// checks.
SmallVector<Read, 2> copySourceReads(const FlatLayout &source,
                                     ArrayRef<CopyRun> runs,
                                     const FlatLayout &dest) {
  SmallVector<Read, 2> reads;
  if (!source.replicated) {
    std::vector<IntervalSet::Interval> pieces;
    pieces.reserve(runs.size());
    for (const CopyRun &run : runs)
      pieces.emplace_back(run.source, run.source + run.count);
    IntervalSet all = IntervalSet::fromIntervals(std::move(pieces));
    reads.push_back(Read{source.firstTile, source.endTile,
                         [all](int64_t, int64_t) { return all; },
                         blockedLocate(source)});
    return reads;
  }
  std::vector<CopyRun> owned(runs.begin(), runs.end());
  // The source elements that tiles [a, b) receive, run by run.
  auto destElements = [dest, owned](int64_t a, int64_t b) {
    IntervalSet held = dest.heldBy(a, b);
    const std::vector<IntervalSet::Interval> &h = held.get();
    std::vector<IntervalSet::Interval> pieces;
    for (const CopyRun &run : owned) {
      int64_t db = run.dest, de = run.dest + run.count;
      auto it = std::partition_point(
          h.begin(), h.end(),
          [db](const IntervalSet::Interval &iv) { return iv.second <= db; });
      for (; it != h.end() && it->first < de; ++it)
        pieces.emplace_back(std::max(it->first, db) - run.dest + run.source,
                            std::min(it->second, de) - run.dest + run.source);
    }
    return IntervalSet::fromIntervals(std::move(pieces));
  };
  // Only on error: the destination tile that reads source element f, from
  // a run that reads it.
  auto locate = [dest, owned](int64_t f, int64_t e, int64_t tile) {
    if (dest.replicated)
      return std::make_pair(tile, e);
    const CopyRun *found = nullptr;
    for (const CopyRun &run : owned) {
      if (f < run.source || f >= run.source + run.count)
        continue;
      bool fromTile = dest.owner(f - run.source + run.dest) >= tile;
      if (!found || fromTile)
        found = &run;
      if (fromTile)
        break;
    }
    if (!found)
      return std::make_pair(tile, e);
    int64_t shift = found->source - found->dest;
    int64_t g = f - shift;
    int64_t limit = std::min(e, found->source + found->count) - shift;
    return std::make_pair(dest.owner(g), dest.runEnd(g, limit) + shift);
  };
  // Destination tiles where the source has a replica read their own.
  int64_t ia = std::max(dest.firstTile, source.firstTile);
  int64_t ib = std::min(dest.endTile, source.endTile);
  if (ia < ib)
    reads.push_back(Read{ia, ib, destElements, locate});
  // The others read the first replica.
  IntervalSet outside;
  if (dest.firstTile < source.firstTile)
    outside.unite(
        destElements(dest.firstTile, std::min(dest.endTile, source.firstTile)));
  if (dest.endTile > source.endTile)
    outside.unite(
        destElements(std::max(dest.firstTile, source.endTile), dest.endTile));
  if (!outside.empty())
    reads.push_back(Read{source.firstTile, source.firstTile + 1,
                         [outside](int64_t, int64_t) { return outside; },
                         replicaLocate()});
  return reads;
}

/// What a vertex on tiles [ta, tb) reads of a buffer it lists in
/// `halo_reads`: only the rows its constant refs name (ref < 0 is row
/// -ref-1 of the tile's slice). Tiles needing fewer halo rows than the
/// busiest one leave the rest of their slice unwritten, and never read it.
std::optional<Read> haloRead(TensorOp refsOp, const FlatLayout &refs,
                             const FlatLayout &halo, int64_t ta, int64_t tb) {
  auto values = dyn_cast_or_null<DenseIntElementsAttr>(refsOp.getValueAttr());
  // Refs are i32 (the codelets reject anything else); other IR reads the
  // whole slice.
  if (!values || !values.getElementType().isInteger(32) || halo.replicated ||
      refs.replicated)
    return std::nullopt;
  std::vector<IntervalSet::Interval> rows;
  auto all = values.getValues<int32_t>();
  for (int64_t t = std::max(ta, halo.firstTile); t < tb; ++t) {
    IntervalSet mine = refs.heldBy(t, t + 1);
    IntervalSet slice = halo.heldBy(t, t + 1);
    if (mine.empty() || slice.empty())
      continue;
    int64_t base = slice.front().first;
    for (auto [b, e] : mine.get())
      for (int64_t k = b; k < e && k < static_cast<int64_t>(all.size()); ++k)
        if (all[k] < 0) {
          int64_t f = base + (-static_cast<int64_t>(all[k]) - 1) * halo.inner;
          rows.emplace_back(f, f + halo.inner);
        }
  }
  IntervalSet read = IntervalSet::fromIntervals(std::move(rows));
  return Read{ta, tb,
              [read, halo](int64_t a, int64_t b) {
                return read.intersect(halo.heldBy(a, b));
              },
              blockedLocate(halo)};
}

class Verifier {
public:
  explicit Verifier(ProgramOp program) : program(program) {
    for (TensorOp tensor : program.getOps<TensorOp>()) {
      TensorState &state = tensors[tensor.getSymNameAttr()];
      state.op = tensor;
      state.layout = FlatLayout::get(tensor);
      for (TileSegments *segments :
           {&state.defined, &state.pendingExchange, &state.pendingCompute})
        segments->init(state.layout.firstTile, state.layout.endTile);
      // Model state and constants are there from the start.
      if (tensor.getState() || tensor.getValue())
        state.defined.add(state.layout.firstTile, state.layout.endTile,
                          IntervalSet(0, state.layout.numElements));
    }
  }

  LogicalResult run() { return runBlock(*program.getBody()); }

private:
  TensorState *lookup(StringRef name) {
    auto it = tensors.find(StringAttr::get(program.getContext(), name));
    return it == tensors.end() ? nullptr : &it->second;
  }

  /// "program @p, step <step>: "
  InFlightDiagnostic error(Operation *at, Operation *step) {
    InFlightDiagnostic diag = at->emitError();
    diag << "program @" << program.getSymName() << ", step "
         << gnnc::bspinfo::describeStep(step);
    if (laterIteration)
      diag << " (in a later iteration of its bsp.repeat)";
    diag << ": ";
    return diag;
  }

  static void describe(InFlightDiagnostic &diag, StringRef tensor,
                       const Violation &v) {
    diag << "reads '" << tensor << "' elements [" << v.begin << ", " << v.end
         << ") on tile " << v.tile;
  }

  LogicalResult runBlock(Block &block) {
    for (Operation &op : block) {
      LogicalResult result = success();
      if (auto streamCopy = dyn_cast<StreamCopyOp>(op))
        result = runStreamCopy(streamCopy);
      else if (auto computeSet = dyn_cast<ComputeSetOp>(op))
        result = runComputeSet(computeSet);
      else if (auto exchange = dyn_cast<ExchangeOp>(op))
        result = runExchange(exchange);
      else if (isa<SyncOp>(op))
        runSync();
      else if (auto repeat = dyn_cast<RepeatOp>(op))
        result = runRepeat(repeat);
      if (failed(result))
        return failure();
    }
    return success();
  }

  LogicalResult runRepeat(RepeatOp repeat) {
    if (failed(runBlock(*repeat.getBody())))
      return failure();
    if (repeat.getCount() == 1)
      return success();
    bool saved = laterIteration;
    laterIteration = true;
    LogicalResult result = runBlock(*repeat.getBody());
    laterIteration = saved;
    return result;
  }

  void runSync() {
    for (TensorState *state : dirty) {
      state->pendingExchange.clear();
      state->pendingCompute.clear();
    }
    dirty.clear();
  }

  LogicalResult runStreamCopy(StreamCopyOp streamCopy) {
    if (TensorState *dest = lookup(streamCopy.getDest())) {
      // Host to device: the whole tensor, every replica.
      IntervalSet all(0, dest->layout.numElements);
      TensorState::write(*dest, dest->defined, dest->layout.firstTile,
                         dest->layout.endTile, all);
      TensorState::write(*dest, dest->pendingExchange, dest->layout.firstTile,
                         dest->layout.endTile, all);
      dest->exchangeWriter = gnnc::bspinfo::describeStep(streamCopy);
      dirty.insert(dest);
      return success();
    }
    TensorState *source = lookup(streamCopy.getSource());
    if (!source)
      return success(); // The verifier rejects this.
    // Device to host: gathered from the owners, or the first replica.
    const FlatLayout &layout = source->layout;
    Read read =
        sliceRead(layout, layout.firstTile,
                  layout.replicated ? layout.firstTile + 1 : layout.endTile);
    read.elements = [n = layout.numElements](int64_t, int64_t) {
      return IntervalSet(0, n);
    };
    if (std::optional<Violation> v =
            check(source->defined, read, Mode::Undefined)) {
      InFlightDiagnostic diag = error(streamCopy, streamCopy);
      describe(diag, streamCopy.getSource(), *v);
      diag << ", which no earlier step defines";
      return diag;
    }
    return success();
  }

  LogicalResult runComputeSet(ComputeSetOp computeSet) {
    // All vertices read before any writes.
    for (auto [index, vertex] : llvm::enumerate(computeSet.getVertices())) {
      TilesAttr tiles = vertex.getTiles();
      // Buffer position -> refs position, from halo_reads.
      llvm::SmallDenseMap<int64_t, int64_t> haloRefs;
      if (std::optional<ArrayRef<int64_t>> pairs = vertex.getHaloReads())
        for (size_t i = 0; i + 1 < pairs->size(); i += 2)
          haloRefs[(*pairs)[i]] = (*pairs)[i + 1];
      auto ins = vertex.getIns().getAsRange<FlatSymbolRefAttr>();
      for (auto [operand, ref] : llvm::enumerate(ins)) {
        TensorState *state = lookup(ref.getValue());
        if (!state)
          continue;
        Read read = sliceRead(state->layout, tiles.getFirst(), tiles.getEnd());
        auto halo = haloRefs.find(static_cast<int64_t>(operand));
        if (halo != haloRefs.end()) {
          StringRef refsName =
              cast<FlatSymbolRefAttr>(vertex.getIns()[halo->second]).getValue();
          if (TensorState *refs = lookup(refsName))
            if (std::optional<Read> r =
                    haloRead(refs->op, refs->layout, state->layout,
                             tiles.getFirst(), tiles.getEnd()))
              read = *std::move(r);
        }
        if (std::optional<Violation> v =
                check(state->defined, read, Mode::Undefined)) {
          InFlightDiagnostic diag = error(vertex, computeSet);
          diag << "vertex #" << index << " ('" << vertex.getCodelet() << "') ";
          describe(diag, ref.getValue(), *v);
          diag << ", which no earlier step defines";
          return diag;
        }
        if (std::optional<Violation> v =
                check(state->pendingExchange, read, Mode::Pending)) {
          InFlightDiagnostic diag = error(vertex, computeSet);
          diag << "vertex #" << index << " ('" << vertex.getCodelet() << "') ";
          describe(diag, ref.getValue(), *v);
          diag << ", written by " << state->exchangeWriter
               << " with no bsp.sync in between";
          return diag;
        }
      }
    }
    std::string name = gnnc::bspinfo::describeStep(computeSet);
    for (VertexOp vertex : computeSet.getVertices()) {
      TilesAttr tiles = vertex.getTiles();
      for (auto ref : vertex.getOuts().getAsRange<FlatSymbolRefAttr>()) {
        TensorState *state = lookup(ref.getValue());
        if (!state)
          continue;
        IntervalSet slices =
            state->layout.heldBy(tiles.getFirst(), tiles.getEnd());
        TensorState::write(*state, state->defined, tiles.getFirst(),
                           tiles.getEnd(), slices);
        TensorState::write(*state, state->pendingCompute, tiles.getFirst(),
                           tiles.getEnd(), slices);
        state->computeWriter = name;
        dirty.insert(state);
      }
    }
    return success();
  }

  LogicalResult runExchange(ExchangeOp exchange) {
    // Writes land after all reads, merged per tensor.
    llvm::MapVector<TensorState *, std::vector<IntervalSet::Interval>> writes;
    for (auto [index, copy] : llvm::enumerate(exchange.getCopies())) {
      TensorState *source = lookup(copy.getSource());
      TensorState *dest = lookup(copy.getDest());
      if (!source || !dest)
        continue;
      SmallVector<CopyRun> runs =
          copy.getElementRuns(source->layout.numElements);
      for (const Read &read :
           copySourceReads(source->layout, runs, dest->layout)) {
        if (std::optional<Violation> v =
                check(source->defined, read, Mode::Undefined)) {
          InFlightDiagnostic diag = error(copy, exchange);
          diag << "copy #" << index << " (@" << copy.getSource() << " -> @"
               << copy.getDest() << ") ";
          describe(diag, copy.getSource(), *v);
          diag << ", which no earlier step defines";
          return diag;
        }
        if (std::optional<Violation> v =
                check(source->pendingCompute, read, Mode::Pending)) {
          InFlightDiagnostic diag = error(copy, exchange);
          diag << "copy #" << index << " (@" << copy.getSource() << " -> @"
               << copy.getDest() << ") ";
          describe(diag, copy.getSource(), *v);
          diag << ", written by " << source->computeWriter
               << " with no bsp.sync in between";
          return diag;
        }
      }
      std::vector<IntervalSet::Interval> &destWrites = writes[dest];
      for (const CopyRun &run : runs)
        destWrites.emplace_back(run.dest, run.dest + run.count);
    }
    std::string name = gnnc::bspinfo::describeStep(exchange);
    for (auto &[destState, intervals] : writes) {
      TensorState &dest = *destState;
      IntervalSet written = IntervalSet::fromIntervals(std::move(intervals));
      TensorState::write(dest, dest.defined, dest.layout.firstTile,
                         dest.layout.endTile, written);
      TensorState::write(dest, dest.pendingExchange, dest.layout.firstTile,
                         dest.layout.endTile, written);
      dest.exchangeWriter = name;
      dirty.insert(&dest);
    }
    return success();
  }

  ProgramOp program;
  llvm::DenseMap<StringAttr, TensorState> tensors;
  llvm::SetVector<TensorState *> dirty;
  bool laterIteration = false;
};

struct BspVerifyExchangePass
    : mlir::gnn::impl::BspVerifyExchangeBase<BspVerifyExchangePass> {
  void runOnOperation() override {
    bool failedAny = false;
    for (ProgramOp program : getOperation().getOps<ProgramOp>()) {
      Verifier verifier(program);
      if (failed(verifier.run()))
        failedAny = true;
    }
    if (failedAny)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
