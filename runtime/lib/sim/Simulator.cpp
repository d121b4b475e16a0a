//===- Simulator.cpp - Executes BSP tile programs -------------------------===//
#include "gnnrt/sim/Simulator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>
#include <tuple>

#if defined(__unix__)
#include <sys/mman.h>
#endif

#include "absl/strings/str_cat.h"
#include "CodeletsCommon.h"
#include "gnnrt/sim/Codelets.h"

namespace gnnrt::sim {

//===----------------------------------------------------------------------===//
// ThreadPool
//===----------------------------------------------------------------------===//

struct ThreadPool::State {
  std::mutex jobMu; // serialises parallelFor
  std::mutex mu;    // guards sleeping on `wake` / `done`
  std::condition_variable wake, done;
  const std::function<void(int64_t)> *fn = nullptr;
  int64_t n = 0;
  std::atomic<int64_t> next{0};
  /// Bumped (release) once fn and n are set for a new job.
  std::atomic<int64_t> generation{0};
  std::atomic<int64_t> active{0}; // workers still inside the current job
  std::atomic<bool> stop{false};
};

namespace {
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
/// How long a thread spins on a flag before it blocks: jobs come in quick
/// succession while a program runs, and a futex wake-up costs more than a
/// typical job.
constexpr auto kSpin = std::chrono::microseconds(50);

/// Spins until pred() or kSpin has passed; returns pred().
template <typename P> bool spinUntil(P &&pred) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0;; ++i) {
    if (pred())
      return true;
    cpuRelax();
    if ((i & 63) == 63 && std::chrono::steady_clock::now() - start > kSpin)
      return pred();
  }
}
} // namespace

ThreadPool::ThreadPool(int threads) : state_(new State) {
  if (threads <= 0)
    threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  workers_.reserve(static_cast<size_t>(threads - 1));
  for (int i = 1; i < threads; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> l(state_->mu);
    state_->stop.store(true);
  }
  state_->wake.notify_all();
  for (std::thread &t : workers_)
    t.join();
}

void ThreadPool::workerLoop() {
  State &s = *state_;
  int64_t seen = 0;
  for (;;) {
    auto ready = [&] {
      return s.stop.load(std::memory_order_acquire) ||
             s.generation.load(std::memory_order_acquire) != seen;
    };
    if (!spinUntil(ready)) {
      std::unique_lock<std::mutex> l(s.mu);
      s.wake.wait(l, ready);
    }
    if (s.stop.load(std::memory_order_acquire))
      return;
    seen = s.generation.load(std::memory_order_acquire);
    const std::function<void(int64_t)> *fn = s.fn;
    int64_t n = s.n;
    for (int64_t i; (i = s.next.fetch_add(1)) < n;)
      (*fn)(i);
    if (s.active.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> l(s.mu);
      s.done.notify_all();
    }
  }
}

void ThreadPool::parallelFor(int64_t n,
                             const std::function<void(int64_t)> &fn) {
  if (n <= 0)
    return;
  if (workers_.empty() || n == 1) {
    for (int64_t i = 0; i < n; ++i)
      fn(i);
    return;
  }
  State &s = *state_;
  std::lock_guard<std::mutex> job(s.jobMu);
  s.fn = &fn;
  s.n = n;
  s.next.store(0);
  s.active.store(static_cast<int64_t>(workers_.size()));
  {
    std::lock_guard<std::mutex> l(s.mu);
    s.generation.fetch_add(1, std::memory_order_release);
  }
  s.wake.notify_all();
  for (int64_t i; (i = s.next.fetch_add(1)) < n;)
    fn(i);
  auto finished = [&] { return s.active.load(std::memory_order_acquire) == 0; };
  if (!spinUntil(finished)) {
    std::unique_lock<std::mutex> l(s.mu);
    s.done.wait(l, finished);
  }
}

//===----------------------------------------------------------------------===//
// Plans built at creation
//===----------------------------------------------------------------------===//

struct Simulator::ComputePlan {
  struct Instance {
    const Vertex *vertex = nullptr;
    const Codelet *codelet = nullptr;
    size_t vertexIndex = 0;
    size_t slices = 0; // ins then outs in `slices`
    /// Offset of its Codelet::prepare state in `states`, or kNoState.
    size_t state = kNoState;
  };
  static constexpr size_t kNoState = ~size_t(0);
  std::vector<LocalSlice> slices;
  /// Prepared instance states (8-byte words).
  std::vector<uint64_t> states;
  std::vector<Instance> instances; // grouped by tile, vertex order inside
  std::vector<size_t> groupStart;  // groups + 1 entries
  /// Per group: the first of its slices (groups + 1 entries; a group's
  /// slices are contiguous in `slices`).
  std::vector<size_t> groupSlices;
  /// Per slice: the bytes its codelet reads first (a rows.* operand
  /// replicated in full is read at the result's rows, detail::rowView),
  /// capped at kPrefetchBytes.
  struct Prefetch {
    const uint8_t *at = nullptr;
    int64_t bytes = 0;
  };
  std::vector<Prefetch> prefetch;
  std::vector<int64_t> groupTile;
  int64_t work = 0; // elements touched, to decide on threading
  /// The slowest, fastest and mean tile's cycles: codelet estimates depend
  /// only on the slices' shapes, so they are computed once, at creation.
  int64_t maxCycles = 0, minCycles = 0;
  double meanCycles = 0;
  // Per-run scratch.
  std::vector<absl::Status> errors;
};

struct Simulator::ExchangePlan {
  struct Resolved {
    const Placement *src = nullptr;
    const Placement *dst = nullptr;
    int64_t sb = 0, db = 0, de = 0; // source begin; dest [db, de)
    int64_t esize = 1;
  };
  struct Item {
    size_t copy;
    int64_t tile; // destination tile
  };
  std::vector<Resolved> copies;
  std::vector<Item> items; // sorted by destination tile
  std::vector<size_t> groupStart;
  std::vector<int64_t> groupTile;
  int64_t work = 0;
  /// The cost is static: computed on the first execution, then reused.
  bool costed = false;
  ExchangeCost cost;
  /// The byte copies of one execution, built on the first one: offsets in
  /// the memory block, adjacent pieces merged, a shared replica written
  /// once. `chunkStart` splits them into pieces of similar size for the
  /// pool.
  struct Run {
    int64_t dst, src, bytes;
  };
  bool planned = false;
  std::vector<Run> runs;
  std::vector<size_t> chunkStart;
  int64_t bytes = 0;
};

struct Simulator::StepPlan {
  std::string path; // "step 2 (compute_set 'cs')", nested with ", "
  ComputePlan compute;
  ExchangePlan exchange;
  // Stream copy host -> device: the copy is skipped when the destination
  // can only have been written by this copy (`exclusive`) and neither the
  // stream (setStream) nor the tensor (writeTensor, another stream copy)
  // changed since the last one.
  const Placement *streamDest = nullptr;
  const uint64_t *streamVersion = nullptr;
  bool exclusive = false;
  bool copied = false;
  uint64_t copiedStreamVersion = 0, copiedTensorVersion = 0;
};

/// The memory block: mmap'd where available, so that pages nothing writes
/// (e.g. the tile bytes of shared replicas) cost no host memory.
struct Simulator::Memory {
  uint8_t *base = nullptr;
  size_t size = 0;
  bool mapped = false;
  explicit Memory(size_t bytes) : size(bytes) {
    if (bytes == 0)
      return;
#if defined(__unix__)
    void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) {
      base = static_cast<uint8_t *>(p);
      mapped = true;
#if defined(MADV_HUGEPAGE)
      // The tiles' arenas are packed back to back and a compute set walks
      // them all: 2 MiB pages spare a TLB miss per tile (advice only).
      madvise(p, bytes, MADV_HUGEPAGE);
#endif
      return;
    }
#endif
    base = static_cast<uint8_t *>(std::calloc(bytes, 1));
  }
  ~Memory() {
#if defined(__unix__)
    if (mapped) {
      munmap(base, size);
      return;
    }
#endif
    std::free(base);
  }
  Memory(const Memory &) = delete;
  Memory &operator=(const Memory &) = delete;
};

namespace {

void collectProfiles(const std::vector<Step> &steps,
                     std::vector<StepProfile> &out) {
  for (const Step &s : steps) {
    StepProfile p;
    p.index = static_cast<int64_t>(out.size());
    p.kind = s.kind;
    switch (s.kind) {
    case Step::Kind::kComputeSet:
    case Step::Kind::kExchange:
      p.name = s.name;
      break;
    case Step::Kind::kSync:
      p.name = s.global ? "sync global" : "sync internal";
      break;
    case Step::Kind::kRepeat:
      p.name = absl::StrCat("repeat x", s.count);
      break;
    case Step::Kind::kStreamCopy:
      p.name = absl::StrCat(s.source, "->", s.dest);
      break;
    }
    out.push_back(p);
    if (s.kind == Step::Kind::kRepeat)
      collectProfiles(s.body, out);
  }
}

int64_t align8(int64_t v) { return (v + 7) / 8 * 8; }

/// Calls fn on every step in pre-order (a repeat, then its body).
void forEachStep(const std::vector<Step> &steps,
                 const std::function<void(const Step &)> &fn) {
  for (const Step &s : steps) {
    fn(s);
    if (s.kind == Step::Kind::kRepeat)
      forEachStep(s.body, fn);
  }
}

/// Work below this many elements runs on the calling thread: waking the
/// pool costs more than it saves.
constexpr int64_t kParallelWork = int64_t(1) << 14;

/// runComputeSet prefetches the leading bytes of each operand of the tile
/// this many tiles ahead (see there).
constexpr int64_t kPrefetchBytes = 512;
constexpr int64_t kPrefetchGroups = 4;

/// Where source element u of `st` lives for a copy to destination tile
/// `dtile`, and how far (up to v) it stays contiguous there.
struct SourcePiece {
  int64_t tile;
  int64_t local; // element offset in the tile's slice
  int64_t end;   // global flat end of the contiguous piece
};
SourcePiece locateSource(const TensorDecl &st, int64_t dtile, int64_t u,
                         int64_t v) {
  const Mapping &m = st.mapping;
  if (m.replicated)
    return {m.tiles.contains(dtile) ? dtile : m.tiles.first, u, v};
  if (m.dim == 0 || st.shape.size() < 2) {
    int64_t row = std::max<int64_t>(1, st.rowElements());
    int64_t k = (u / row) / m.block;
    int64_t base = k * m.block * row;
    return {m.tiles.first + k, u - base, std::min(v, base + m.block * row)};
  }
  int64_t inner = 1;
  for (size_t i = 2; i < st.shape.size(); ++i)
    inner *= st.shape[i];
  int64_t d1 = st.shape[1];
  int64_t rowSize = d1 * inner;
  int64_t i = u / rowSize;
  int64_t rem = u - i * rowSize;
  int64_t k = (rem / inner) / m.block;
  int64_t cb = k * m.block;
  int64_t ce = std::min(cb + m.block, d1);
  return {m.tiles.first + k, i * (ce - cb) * inner + rem - cb * inner,
          std::min(v, i * rowSize + ce * inner)};
}

/// The destination tiles of `dt` that may hold elements of [db, de), as a
/// half-open tile range.
std::pair<int64_t, int64_t> destTiles(const TensorDecl &dt, int64_t db,
                                      int64_t de) {
  const Mapping &m = dt.mapping;
  int64_t first = m.tiles.first;
  int64_t busyEnd = first + dt.tilesWithData();
  if (m.replicated || dt.shape.empty())
    return {first, m.tiles.end()};
  if (m.dim == 0 || dt.shape.size() < 2) {
    int64_t row = std::max<int64_t>(1, dt.rowElements());
    int64_t a = first + (db / row) / m.block;
    int64_t b = first + ((de - 1) / row) / m.block + 1;
    return {a, std::min(b, busyEnd)};
  }
  int64_t inner = 1;
  for (size_t i = 2; i < dt.shape.size(); ++i)
    inner *= dt.shape[i];
  int64_t rowSize = std::max<int64_t>(1, dt.shape[1] * inner);
  if (db / rowSize != (de - 1) / rowSize)
    return {first, busyEnd};
  int64_t c0 = (db % rowSize) / std::max<int64_t>(1, inner);
  int64_t c1 = ((de - 1) % rowSize) / std::max<int64_t>(1, inner);
  return {first + c0 / m.block, std::min(busyEnd, first + c1 / m.block + 1)};
}

std::string stepPath(const std::string &prefix, size_t i, const Step &s) {
  std::string what =
      absl::StrCat(prefix, "step ", i, " (", stepKindName(s.kind));
  if (!s.name.empty())
    absl::StrAppend(&what, " '", s.name, "'");
  absl::StrAppend(&what, ")");
  return what;
}

} // namespace

LocalSlice makeLocalSlice(const TensorDecl &t, int64_t tile, uint8_t *data) {
  LocalSlice ls;
  ls.decl = &t;
  auto [b, e] = t.rowsOnTile(tile);
  if (!t.mapping.tiles.contains(tile)) {
    ls.rows = 0;
    ls.rowElements = t.rowElements();
  } else if (t.mapping.replicated) {
    ls.rows = t.mappedDimSize();
    ls.rowElements = t.rowElements();
    ls.begin = 0;
  } else if (t.mapping.dim == 0) {
    ls.rows = e - b;
    ls.rowElements = t.rowElements();
    ls.begin = b;
  } else {
    int64_t inner = 1;
    for (size_t i = 2; i < t.shape.size(); ++i)
      inner *= t.shape[i];
    ls.rows = t.shape[0];
    ls.rowElements = (e - b) * inner;
    ls.begin = b;
  }
  ls.shape = t.localShape(tile);
  ls.data = data;
  return ls;
}

//===----------------------------------------------------------------------===//
// Creation: placement and plans
//===----------------------------------------------------------------------===//

Simulator::Simulator() = default;
Simulator::~Simulator() = default;

absl::StatusOr<std::unique_ptr<Simulator>>
Simulator::create(Program program, CostParams params) {
  SimulatorOptions options;
  options.cost = params;
  return create(std::move(program), options);
}

absl::StatusOr<std::unique_ptr<Simulator>>
Simulator::create(Program program, const SimulatorOptions &options) {
  if (absl::Status s = validate(program); !s.ok())
    return s;
  std::unique_ptr<Simulator> sim(new Simulator());
  sim->program_ = std::move(program);
  sim->params_ = options.cost;
  sim->pool_ = options.pool;
  if (!sim->pool_ && options.threads != 1)
    sim->pool_ = std::make_shared<ThreadPool>(options.threads);
  if (absl::Status s = sim->place(); !s.ok())
    return s;
  collectProfiles(sim->program_.steps, sim->profile_.steps);
  if (absl::Status s = sim->buildPlans(sim->program_.steps, ""); !s.ok())
    return s;
  for (const HostStreamDecl &s : sim->program_.streams) {
    sim->streams_[s.name] = Tensor(s.dtype, s.shape);
    if (s.direction == StreamDirection::kHostToDevice)
      sim->streamVersions_[s.name] = 0;
  }
  {
    std::vector<bool> exclusive = sim->findExclusiveTensors();
    size_t index = 0;
    Simulator &self = *sim;
    forEachStep(self.program_.steps, [&](const Step &s) {
      StepPlan &plan = *self.plans_[index++];
      if (s.kind != Step::Kind::kStreamCopy)
        return;
      const Placement *p = self.placement(s.dest);
      auto v = self.streamVersions_.find(s.source);
      if (!p || v == self.streamVersions_.end())
        return;
      plan.streamDest = p;
      plan.streamVersion = &v->second;
      plan.exclusive = exclusive[p->index];
    });
  }
  for (const TensorDecl &t : sim->program_.tensors)
    if (t.constant)
      sim->scatterToTiles(sim->placements_.at(t.name), *t.constant);
  return sim;
}

absl::Status Simulator::place() {
  const TargetModel &target = program_.target;
  const int64_t tiles = target.totalTiles();
  lifetimes_ = tensorLifetimes(program_);
  const std::vector<TensorDecl> &tensors = program_.tensors;

  // Planned region of each tile and the planned slices on it.
  struct Entry {
    int64_t begin, end;
    size_t tensor;
  };
  std::vector<int64_t> used(static_cast<size_t>(tiles), 0);
  std::vector<std::vector<Entry>> perTile(static_cast<size_t>(tiles));
  bool anyPlanned = false;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorDecl &t = tensors[i];
    if (t.offset < 0)
      continue;
    anyPlanned = true;
    for (int64_t tile = t.mapping.tiles.first; tile < t.mapping.tiles.end();
         ++tile) {
      int64_t bytes = t.bytesOnTile(tile);
      if (bytes == 0)
        continue;
      used[tile] = std::max(used[tile], t.offset + bytes);
      perTile[tile].push_back({t.offset, t.offset + bytes, i});
    }
  }
  if (anyPlanned) {
    // Sweep each tile's slices by offset; a slice overlapping an earlier
    // one in bytes must not overlap it in lifetime.
    std::vector<std::string> errors(static_cast<size_t>(tiles));
    parallelFor(tiles, [&](int64_t tile) {
      std::vector<Entry> &list = perTile[tile];
      if (list.size() < 2)
        return;
      std::sort(list.begin(), list.end(), [](const Entry &a, const Entry &b) {
        return std::tie(a.begin, a.end, a.tensor) <
               std::tie(b.begin, b.end, b.tensor);
      });
      std::vector<Entry> active;
      for (const Entry &e : list) {
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [&](const Entry &a) {
                                      return a.end <= e.begin;
                                    }),
                     active.end());
        for (const Entry &a : active) {
          const Lifetime &la = lifetimes_[a.tensor], &le = lifetimes_[e.tensor];
          if (!la.overlaps(le))
            continue;
          errors[tile] = absl::StrCat(
              "planned tensors '", tensors[a.tensor].name, "' (bytes [",
              a.begin, ", ", a.end, "), live steps [", la.first, ", ",
              la.last, "]) and '", tensors[e.tensor].name, "' (bytes [",
              e.begin, ", ", e.end, "), live steps [", le.first, ", ",
              le.last, "]) overlap on tile ", tile);
          return;
        }
        active.push_back(e);
      }
    });
    for (const std::string &e : errors)
      if (!e.empty())
        return absl::InvalidArgumentError(e);
  }
  perTile.clear();
  perTile.shrink_to_fit();

  // Planned offsets, then bump allocation after the planned region.
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorDecl &t = tensors[i];
    Placement p;
    p.decl = &t;
    p.index = i;
    p.offsets.assign(static_cast<size_t>(t.mapping.tiles.count), t.offset);
    if (t.offset < 0) {
      for (int64_t k = 0; k < t.mapping.tiles.count; ++k) {
        int64_t tile = t.mapping.tiles.first + k;
        int64_t bytes = t.bytesOnTile(tile);
        int64_t offset = align8(used[tile]);
        if (offset + bytes > target.bytesPerTile)
          return absl::ResourceExhaustedError(absl::StrCat(
              "out of tile memory: tile ", tile, " needs ", offset + bytes,
              " bytes (tensor '", t.name, "' adds ", bytes, " at offset ",
              offset, ") but bytes_per_tile is ", target.bytesPerTile));
        p.offsets[k] = offset;
        used[tile] = offset + bytes;
      }
    }
    placements_[t.name] = std::move(p);
  }
  Profile &prof = profile_;
  prof.bytesPerTile = used;
  prof.bytesPerTileLimit = target.bytesPerTile;
  prof.clockHz = target.clockHz;
  int64_t sum = 0;
  for (int64_t tile = 0; tile < tiles; ++tile) {
    prof.maxBytesPerTile = std::max(prof.maxBytesPerTile, used[tile]);
    sum += used[tile];
  }
  prof.meanBytesPerTile = tiles ? static_cast<double>(sum) / tiles : 0.0;

  // One block: every tile's arena (64-byte aligned), then one copy of each
  // shared replica.
  findSharedReplicas();
  arenaSizes_ = used;
  tileBase_.assign(static_cast<size_t>(tiles), 0);
  int64_t total = 0;
  for (int64_t tile = 0; tile < tiles; ++tile) {
    tileBase_[tile] = total;
    total += (used[tile] + 63) / 64 * 64;
  }
  for (auto &[name, p] : placements_)
    if (p.shared >= 0) {
      p.shared = total;
      total += (p.decl->maxBytesOnTile() + 63) / 64 * 64;
    }
  memory_ = std::make_unique<Memory>(static_cast<size_t>(total));
  if (total > 0 && !memory_->base)
    return absl::ResourceExhaustedError(absl::StrCat(
        "cannot allocate ", total, " bytes of host memory for the tiles"));
  return absl::OkStatus();
}

void Simulator::findSharedReplicas() {
  // Candidates: replicated over several tiles and never written by a
  // vertex (a codelet writes its own replica; only host writes and copies
  // reach every replica alike).
  std::map<std::string, bool> cand;
  for (const TensorDecl &t : program_.tensors)
    if (t.mapping.replicated && t.mapping.tiles.count > 1 &&
        t.maxBytesOnTile() > 0)
      cand[t.name] = true;
  forEachStep(program_.steps, [&](const Step &s) {
    if (s.kind == Step::Kind::kComputeSet)
      for (const Vertex &v : s.vertices)
        for (const std::string &o : v.outs)
          cand.erase(o);
  });
  // A copy into a candidate must deliver the same data to every replica:
  // a block-mapped source is read from its owner tiles, a replicated one
  // from the destination's own replica where it has one (else from its
  // first tile), which is the same data only if the replicas read are one
  // replica or the source is shared itself.
  for (bool changed = true; changed;) {
    changed = false;
    forEachStep(program_.steps, [&](const Step &s) {
      if (s.kind != Step::Kind::kExchange)
        return;
      for (const Copy &c : s.copies) {
        auto it = cand.find(c.dest);
        if (it == cand.end())
          continue;
        const TensorDecl *src = program_.findTensor(c.source);
        if (!src || !src->mapping.replicated || cand.count(c.source))
          continue;
        const TileRange &d = program_.findTensor(c.dest)->mapping.tiles;
        const TileRange &sr = src->mapping.tiles;
        int64_t lo = std::max(d.first, sr.first);
        int64_t hi = std::min(d.end(), sr.end());
        int64_t inside = std::max<int64_t>(0, hi - lo);
        bool outside = inside < d.count;
        // Replicas read: the overlapping tiles' own, plus the source's
        // first tile for destination tiles outside the source's range.
        bool one = (inside == 0) || (inside == 1 && (!outside || lo == sr.first));
        if (!one) {
          cand.erase(it);
          changed = true;
        }
      }
    });
  }
  for (auto &[name, p] : placements_)
    p.shared = cand.count(name) ? 0 : -1;
}

std::vector<bool> Simulator::findExclusiveTensors() const {
  // Tensors no step but a stream copy writes and whose bytes no other
  // tensor shares on any tile.
  const std::vector<TensorDecl> &tensors = program_.tensors;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < tensors.size(); ++i)
    index[tensors[i].name] = i;
  std::vector<bool> exclusive(tensors.size(), true);
  forEachStep(program_.steps, [&](const Step &s) {
    if (s.kind == Step::Kind::kComputeSet)
      for (const Vertex &v : s.vertices)
        for (const std::string &o : v.outs)
          exclusive[index.at(o)] = false;
    if (s.kind == Step::Kind::kExchange)
      for (const Copy &c : s.copies)
        exclusive[index.at(c.dest)] = false;
  });
  struct Entry {
    int64_t begin, end;
    size_t tensor;
  };
  const int64_t tiles = program_.target.totalTiles();
  std::vector<std::vector<Entry>> perTile(static_cast<size_t>(tiles));
  for (const auto &[name, p] : placements_) {
    if (p.shared >= 0)
      continue; // its own copy
    const TensorDecl &t = *p.decl;
    for (int64_t k = 0; k < t.mapping.tiles.count; ++k) {
      int64_t tile = t.mapping.tiles.first + k;
      int64_t bytes = t.bytesOnTile(tile);
      if (bytes > 0)
        perTile[tile].push_back({p.offsets[k], p.offsets[k] + bytes, p.index});
    }
  }
  for (std::vector<Entry> &list : perTile) {
    std::sort(list.begin(), list.end(), [](const Entry &a, const Entry &b) {
      return a.begin < b.begin;
    });
    std::vector<Entry> active;
    for (const Entry &e : list) {
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const Entry &a) {
                                    return a.end <= e.begin;
                                  }),
                   active.end());
      for (const Entry &a : active) {
        exclusive[a.tensor] = false;
        exclusive[e.tensor] = false;
      }
      active.push_back(e);
    }
  }
  return exclusive;
}

absl::Status Simulator::buildPlans(const std::vector<Step> &steps,
                                   const std::string &prefix) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step &s = steps[i];
    auto plan = std::make_unique<StepPlan>();
    plan->path = stepPath(prefix, i, s);
    StepPlan &sp = *plan;
    plans_.push_back(std::move(plan));
    switch (s.kind) {
    case Step::Kind::kComputeSet: {
      ComputePlan &cp = sp.compute;
      std::vector<std::pair<int64_t, size_t>> order; // (tile, vertex)
      for (size_t v = 0; v < s.vertices.size(); ++v)
        for (int64_t t = s.vertices[v].tiles.first;
             t < s.vertices[v].tiles.end(); ++t)
          order.emplace_back(t, v);
      std::stable_sort(order.begin(), order.end(),
                       [](const auto &a, const auto &b) {
                         return a.first < b.first;
                       });
      size_t numSlices = 0;
      for (const auto &[t, v] : order)
        numSlices += s.vertices[v].ins.size() + s.vertices[v].outs.size();
      cp.slices.reserve(numSlices);
      cp.instances.reserve(order.size());
      for (const auto &[tile, v] : order) {
        const Vertex &vx = s.vertices[v];
        const Codelet *c = findCodelet(vx.codelet);
        if (!c)
          return absl::InvalidArgumentError(absl::StrCat(
              sp.path, ", vertex ", v, ": unknown codelet '", vx.codelet,
              "'"));
        if (cp.groupTile.empty() || cp.groupTile.back() != tile) {
          cp.groupTile.push_back(tile);
          cp.groupStart.push_back(cp.instances.size());
          cp.groupSlices.push_back(cp.slices.size());
        }
        ComputePlan::Instance inst;
        inst.vertex = &vx;
        inst.codelet = c;
        inst.vertexIndex = v;
        inst.slices = cp.slices.size();
        auto add = [&](const std::string &name) {
          const Placement &p = *placement(name);
          LocalSlice ls = makeLocalSlice(*p.decl, tile, sliceData(p, tile));
          cp.work += ls.numElements();
          cp.slices.push_back(std::move(ls));
        };
        for (const std::string &n : vx.ins)
          add(n);
        for (const std::string &n : vx.outs)
          add(n);
        for (size_t i = inst.slices; i < cp.slices.size(); ++i) {
          const LocalSlice &ls = cp.slices[i];
          detail::View view = {ls.data, detail::localDims(ls)};
          if (i < inst.slices + vx.ins.size() && !vx.outs.empty())
            view = detail::rowView(ls, cp.slices[inst.slices + vx.ins.size()]);
          cp.prefetch.push_back(
              {view.data, std::min<int64_t>(kPrefetchBytes,
                                            view.dims.elements() *
                                                dtypeSize(ls.decl->dtype))});
        }
        if (c->prepare) {
          size_t at = cp.states.size();
          cp.states.resize(at + (c->stateBytes + 7) / 8, 0);
          absl::Span<const LocalSlice> ins(cp.slices.data() + inst.slices,
                                           vx.ins.size());
          absl::Span<const LocalSlice> outs(
              cp.slices.data() + inst.slices + vx.ins.size(), vx.outs.size());
          // A failed prepare leaves the instance to `run`, which reports
          // the error when the compute set runs, as it always did.
          if (c->prepare(vx, ins, outs, cp.states.data() + at).ok())
            inst.state = at;
          else
            cp.states.resize(at);
        }
        cp.instances.push_back(inst);
      }
      cp.groupStart.push_back(cp.instances.size());
      cp.groupSlices.push_back(cp.slices.size());
      cp.errors.assign(cp.groupTile.size(), absl::OkStatus());
      costComputeSet(cp);
      break;
    }
    case Step::Kind::kExchange: {
      ExchangePlan &ep = sp.exchange;
      auto add = [&](const ExchangePlan::Resolved &r) {
        size_t ci = ep.copies.size();
        ep.copies.push_back(r);
        if (r.de <= r.db)
          return;
        auto [a, b] = destTiles(*r.dst->decl, r.db, r.de);
        for (int64_t t = a; t < b; ++t)
          ep.items.push_back({ci, t});
        ep.work += (r.de - r.db) *
                   (r.dst->decl->mapping.replicated
                        ? r.dst->decl->mapping.tiles.count
                        : 1);
      };
      for (const Copy &c : s.copies) {
        ExchangePlan::Resolved r;
        r.src = placement(c.source);
        r.dst = placement(c.dest);
        r.esize = dtypeSize(r.dst->decl->dtype);
        if (!c.runs.empty()) {
          // Each run is a copy of its own: costing and byte runs need
          // nothing else.
          for (size_t k = 0; k + 2 < c.runs.size(); k += 3) {
            r.sb = c.runs[k];
            r.db = c.runs[k + 1];
            r.de = r.db + c.runs[k + 2];
            add(r);
          }
          continue;
        }
        r.sb = c.sourceBegin == -1 ? 0 : c.sourceBegin;
        r.db = c.destBegin == -1 ? 0 : c.destBegin;
        r.de = c.destEnd == -1 ? numElements(r.dst->decl->shape) : c.destEnd;
        add(r);
      }
      std::stable_sort(ep.items.begin(), ep.items.end(),
                       [](const ExchangePlan::Item &a,
                          const ExchangePlan::Item &b) {
                         return a.tile < b.tile;
                       });
      for (size_t k = 0; k < ep.items.size(); ++k)
        if (ep.groupTile.empty() || ep.groupTile.back() != ep.items[k].tile) {
          ep.groupTile.push_back(ep.items[k].tile);
          ep.groupStart.push_back(k);
        }
      ep.groupStart.push_back(ep.items.size());
      break;
    }
    case Step::Kind::kRepeat:
      if (absl::Status st = buildPlans(s.body, sp.path + ", "); !st.ok())
        return st;
      break;
    case Step::Kind::kSync:
    case Step::Kind::kStreamCopy:
      break;
    }
  }
  return absl::OkStatus();
}

void Simulator::parallelFor(int64_t n,
                            const std::function<void(int64_t)> &fn) const {
  if (!pool_ || pool_->size() == 1 || n < 2) {
    for (int64_t i = 0; i < n; ++i)
      fn(i);
    return;
  }
  pool_->parallelFor(n, fn);
}

int Simulator::threads() const { return pool_ ? pool_->size() : 1; }

//===----------------------------------------------------------------------===//
// Host access
//===----------------------------------------------------------------------===//

const Simulator::Placement *Simulator::placement(const std::string &name) const {
  auto it = placements_.find(name);
  return it == placements_.end() ? nullptr : &it->second;
}

uint8_t *Simulator::sliceData(const Placement &p, int64_t tile) const {
  // The memory is owned by this object; slices are handed to codelets.
  if (p.shared >= 0)
    return memory_->base + p.shared;
  int64_t k = tile - p.decl->mapping.tiles.first;
  return memory_->base + tileBase_[tile] + p.offsets[k];
}

int64_t Simulator::offsetOf(const std::string &name, int64_t tile) const {
  const Placement *p = placement(name);
  if (!p || !p->decl->mapping.tiles.contains(tile))
    return -1;
  return p->offsets[tile - p->decl->mapping.tiles.first];
}

int64_t Simulator::arenaBytes(int64_t tile) const {
  if (tile < 0 || tile >= static_cast<int64_t>(arenaSizes_.size()))
    return 0;
  return arenaSizes_[tile];
}

Lifetime Simulator::lifetimeOf(const std::string &name) const {
  const Placement *p = placement(name);
  return p ? lifetimes_[p->index] : Lifetime{};
}

void Simulator::scatterToTiles(const Placement &p, const Tensor &value) {
  const TensorDecl &t = *p.decl;
  int64_t esize = dtypeSize(t.dtype);
  int64_t n = numElements(t.shape);
  const uint8_t *src = value.rawData();
  int64_t first = t.mapping.tiles.first;
  // A shared replica is written once.
  int64_t count = p.shared >= 0 ? 1 : t.tilesWithData();
  p.hostVersion++;
  auto one = [&](int64_t k) {
    int64_t tile = first + k;
    uint8_t *dst = sliceData(p, tile);
    forEachRun(t, tile, 0, n, [&](const ElementRun &r) {
      std::memcpy(dst + r.local * esize, src + r.begin * esize,
                  static_cast<size_t>(r.length * esize));
    });
  };
  if (n * (t.mapping.replicated ? count : 1) < kParallelWork) {
    for (int64_t k = 0; k < count; ++k)
      one(k);
  } else {
    parallelFor(count, one);
  }
}

Tensor Simulator::gatherFromTiles(const Placement &p) const {
  const TensorDecl &t = *p.decl;
  Tensor out(t.dtype, t.shape);
  int64_t esize = dtypeSize(t.dtype);
  int64_t n = numElements(t.shape);
  uint8_t *dst = out.rawData();
  int64_t first = t.mapping.tiles.first;
  int64_t last = t.mapping.replicated ? first + 1 : first + t.tilesWithData();
  for (int64_t tile = first; tile < last; ++tile) {
    const uint8_t *src = sliceData(p, tile);
    forEachRun(t, tile, 0, n, [&](const ElementRun &r) {
      std::memcpy(dst + r.begin * esize, src + r.local * esize,
                  static_cast<size_t>(r.length * esize));
    });
  }
  return out;
}

absl::Status Simulator::setStream(const std::string &name, Tensor value) {
  const HostStreamDecl *s = program_.findStream(name);
  if (!s)
    return absl::NotFoundError(absl::StrCat("no host stream '", name, "'"));
  if (s->direction != StreamDirection::kHostToDevice)
    return absl::InvalidArgumentError(
        absl::StrCat("host stream '", name, "' is device_to_host"));
  if (value.dtype() != s->dtype || value.shape() != s->shape)
    return absl::InvalidArgumentError(absl::StrCat(
        "host stream '", name, "' carries ", dtypeName(s->dtype),
        shapeToString(s->shape), " but got ", dtypeName(value.dtype()),
        shapeToString(value.shape())));
  streams_[name] = std::move(value);
  streamVersions_[name]++;
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Simulator::getStream(const std::string &name) const {
  auto it = streams_.find(name);
  if (it == streams_.end())
    return absl::NotFoundError(absl::StrCat("no host stream '", name, "'"));
  return it->second;
}

const Tensor *Simulator::streamValue(const std::string &name) const {
  auto it = streams_.find(name);
  return it == streams_.end() ? nullptr : &it->second;
}

absl::Status Simulator::writeTensor(const std::string &name,
                                    const Tensor &value) {
  const Placement *p = placement(name);
  if (!p)
    return absl::NotFoundError(absl::StrCat("no tensor '", name, "'"));
  if (value.dtype() != p->decl->dtype || value.shape() != p->decl->shape)
    return absl::InvalidArgumentError(absl::StrCat(
        "tensor '", name, "' is ", dtypeName(p->decl->dtype),
        shapeToString(p->decl->shape), " but got ", dtypeName(value.dtype()),
        shapeToString(value.shape())));
  scatterToTiles(*p, value);
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Simulator::readTensor(const std::string &name) const {
  const Placement *p = placement(name);
  if (!p)
    return absl::NotFoundError(absl::StrCat("no tensor '", name, "'"));
  return gatherFromTiles(*p);
}

absl::StatusOr<Tensor> Simulator::readTensorOnTile(const std::string &name,
                                                   int64_t tile) const {
  const Placement *p = placement(name);
  if (!p)
    return absl::NotFoundError(absl::StrCat("no tensor '", name, "'"));
  const TensorDecl &t = *p->decl;
  if (!t.mapping.tiles.contains(tile))
    return absl::InvalidArgumentError(
        absl::StrCat("tensor '", name, "' is not mapped on tile ", tile));
  Tensor out(t.dtype, t.localShape(tile));
  int64_t bytes = t.bytesOnTile(tile);
  if (bytes > 0)
    std::memcpy(out.rawData(), sliceData(*p, tile),
                static_cast<size_t>(bytes));
  return out;
}

//===----------------------------------------------------------------------===//
// Execution
//===----------------------------------------------------------------------===//

absl::Status Simulator::run() {
  int64_t index = 0;
  absl::Status st = runSteps(program_.steps, index);
  if (st.ok())
    profile_.runs++;
  profile_.seconds =
      static_cast<double>(profile_.totalCycles) / program_.target.clockHz;
  return st;
}

absl::Status Simulator::runSteps(const std::vector<Step> &steps,
                                 int64_t &index) {
  for (const Step &s : steps) {
    StepPlan &plan = *plans_[index];
    StepProfile &prof = profile_.steps[index++];
    prof.executions++;
    absl::Status st;
    int64_t before = profile_.totalCycles;
    const auto hostStart = std::chrono::steady_clock::now();
    switch (s.kind) {
    case Step::Kind::kComputeSet:
      st = runComputeSet(plan, prof);
      break;
    case Step::Kind::kExchange:
      st = runExchange(plan, prof);
      break;
    case Step::Kind::kSync: {
      int64_t c = program_.target.syncCycles;
      prof.cycles += c;
      prof.minTileCycles = prof.maxTileCycles = c;
      prof.meanTileCycles = static_cast<double>(c);
      profile_.syncCycles += c;
      profile_.totalCycles += c;
      break;
    }
    case Step::Kind::kRepeat: {
      int64_t bodyStart = index;
      for (int64_t i = 0; i < s.count && st.ok(); ++i) {
        index = bodyStart;
        st = runSteps(s.body, index);
      }
      // The repeat's row shows what its body cost in total.
      prof.cycles += profile_.totalCycles - before;
      break;
    }
    case Step::Kind::kStreamCopy:
      st = runStreamCopy(s, plan, prof);
      break;
    }
    prof.hostSeconds += std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - hostStart)
                            .count();
    if (!st.ok())
      return st;
  }
  return absl::OkStatus();
}

void Simulator::costComputeSet(ComputePlan &cp) {
  const int64_t groups = static_cast<int64_t>(cp.groupTile.size());
  int64_t maxC = 0, minC = std::numeric_limits<int64_t>::max();
  double sum = 0;
  for (int64_t g = 0; g < groups; ++g) {
    int64_t cycles = 0;
    for (size_t k = cp.groupStart[g]; k < cp.groupStart[g + 1]; ++k) {
      const ComputePlan::Instance &inst = cp.instances[k];
      size_t nin = inst.vertex->ins.size(), nout = inst.vertex->outs.size();
      absl::Span<const LocalSlice> ins(cp.slices.data() + inst.slices, nin);
      absl::Span<const LocalSlice> outs(cp.slices.data() + inst.slices + nin,
                                        nout);
      cycles += inst.codelet->cycles(program_.target, params_, ins, outs);
    }
    maxC = std::max(maxC, cycles);
    minC = std::min(minC, cycles);
    sum += static_cast<double>(cycles);
  }
  cp.maxCycles = maxC;
  cp.minCycles = groups ? minC : 0;
  cp.meanCycles = groups ? sum / static_cast<double>(groups) : 0.0;
}

absl::Status Simulator::runComputeSet(StepPlan &plan, StepProfile &prof) {
  ComputePlan &cp = plan.compute;
  const int64_t groups = static_cast<int64_t>(cp.groupTile.size());
  const uint64_t epoch = detail::newComputeSetEpoch();
  std::atomic<bool> failed{false};
  // Tiles' arenas lie far apart in host memory, so a small instance's
  // operands miss the cache and their latency dominates its run time:
  // fetching a later tile's operands while this one runs hides it.
  auto prefetchGroup = [&](int64_t g) {
    for (size_t i = cp.groupSlices[g], e = cp.groupSlices[g + 1]; i < e; ++i)
      for (int64_t b = 0; b < cp.prefetch[i].bytes; b += 64)
        __builtin_prefetch(cp.prefetch[i].at + b);
  };
  auto runGroup = [&](int64_t g) {
    detail::ComputeSetScope scope(epoch);
    int64_t tile = cp.groupTile[g];
    if (g == 0)
      for (int64_t d = 1; d < kPrefetchGroups && d < groups; ++d)
        prefetchGroup(d);
    if (g + kPrefetchGroups < groups)
      prefetchGroup(g + kPrefetchGroups);
    for (size_t k = cp.groupStart[g]; k < cp.groupStart[g + 1]; ++k) {
      const ComputePlan::Instance &inst = cp.instances[k];
      const Codelet &c = *inst.codelet;
      size_t nin = inst.vertex->ins.size(), nout = inst.vertex->outs.size();
      absl::Span<const LocalSlice> ins(cp.slices.data() + inst.slices, nin);
      absl::Span<const LocalSlice> outs(cp.slices.data() + inst.slices + nin,
                                        nout);
      absl::Status st =
          inst.state != ComputePlan::kNoState
              ? c.runPrepared(cp.states.data() + inst.state, ins, outs)
              : c.run(*inst.vertex, ins, outs);
      if (!st.ok()) {
        cp.errors[g] = absl::Status(
            st.code(), absl::StrCat(plan.path, ", vertex ", inst.vertexIndex,
                                    " '", c.name, "' on tile ", tile, ": ",
                                    st.message()));
        failed.store(true, std::memory_order_relaxed);
        return;
      }
    }
  };
  if (cp.work < kParallelWork) {
    for (int64_t g = 0; g < groups; ++g)
      runGroup(g);
  } else {
    // Tiles in chunks: a few per thread-pool index keeps the dispatch cheap
    // and the load balanced.
    int64_t chunk = std::max<int64_t>(1, groups / (threads() * 16));
    int64_t chunks = (groups + chunk - 1) / chunk;
    parallelFor(chunks, [&](int64_t c) {
      for (int64_t g = c * chunk, e = std::min(groups, g + chunk); g < e; ++g)
        runGroup(g);
    });
  }
  if (failed.load())
    for (absl::Status &e : cp.errors)
      if (!e.ok()) {
        absl::Status first = e;
        for (absl::Status &x : cp.errors)
          x = absl::OkStatus();
        return first;
      }
  prof.cycles += cp.maxCycles;
  prof.minTileCycles = cp.minCycles;
  prof.maxTileCycles = cp.maxCycles;
  prof.meanTileCycles = cp.meanCycles;
  profile_.computeCycles += cp.maxCycles;
  profile_.balancedComputeCycles += cp.meanCycles;
  profile_.totalCycles += cp.maxCycles;
  return absl::OkStatus();
}

void Simulator::accountExchange(ExchangePlan &ep) {
  // Bytes each destination tile receives from other tiles and each source
  // tile sends. A multicast counts once for its sender: only a replicated
  // destination receives one source element on several tiles.
  const int64_t groups = static_cast<int64_t>(ep.groupTile.size());
  const int64_t tiles = program_.target.totalTiles();
  std::vector<int64_t> received(static_cast<size_t>(groups), 0);
  std::vector<int64_t> sentDirect(static_cast<size_t>(tiles), 0);
  std::vector<TileTraffic> traffic(static_cast<size_t>(tiles));
  // A replicated destination receives the whole range [db, de) on every
  // tile: the pieces are the same for every tile (a block-mapped source) or
  // come from the tile's own replica or the source's first tile (a
  // replicated source). So the union of what a source tile sends over all
  // destination tiles is known without listing the pieces per destination.
  std::vector<bool> replicatedFast(ep.copies.size(), false);
  std::vector<int64_t> pieceBytes(static_cast<size_t>(tiles), 0);
  for (size_t ci = 0; ci < ep.copies.size(); ++ci) {
    const ExchangePlan::Resolved &c = ep.copies[ci];
    const TensorDecl &st = *c.src->decl, &dt = *c.dst->decl;
    if (!dt.mapping.replicated || c.de <= c.db)
      continue;
    replicatedFast[ci] = true;
    const TileRange &dr = dt.mapping.tiles;
    int64_t len = c.de - c.db, es = c.esize;
    if (st.mapping.replicated) {
      const TileRange &sr = st.mapping.tiles;
      // Tiles outside the source's range read its first tile's replica.
      int64_t inside = std::max<int64_t>(
          0, std::min(dr.end(), sr.end()) - std::max(dr.first, sr.first));
      int64_t outside = dr.count - inside;
      if (outside > 0)
        traffic[sr.first].sent += len * es;
      for (int64_t g = 0; g < groups; ++g) {
        int64_t d = ep.groupTile[g];
        if (dr.contains(d) && !sr.contains(d))
          received[g] += len * es;
      }
      continue;
    }
    // Block-mapped source: the pieces of [sb, sb + len) by owner tile.
    std::vector<int64_t> owners;
    for (int64_t u = c.sb, v = c.sb + len; u < v;) {
      SourcePiece sp = locateSource(st, dr.first, u, v);
      if (pieceBytes[sp.tile] == 0)
        owners.push_back(sp.tile);
      pieceBytes[sp.tile] += (sp.end - u) * es;
      u = sp.end;
    }
    for (int64_t t : owners) {
      // Sent if some destination tile is another tile.
      if (dr.count > 1 || dr.first != t)
        traffic[t].sent += pieceBytes[t];
    }
    for (int64_t g = 0; g < groups; ++g) {
      int64_t d = ep.groupTile[g];
      if (dr.contains(d))
        received[g] += len * es - pieceBytes[d];
    }
    for (int64_t t : owners)
      pieceBytes[t] = 0;
  }
  // Other destinations hold each element on one tile.
  for (int64_t g = 0; g < groups; ++g) {
    int64_t d = ep.groupTile[g];
    for (size_t k = ep.groupStart[g]; k < ep.groupStart[g + 1]; ++k) {
      if (replicatedFast[ep.items[k].copy])
        continue;
      const ExchangePlan::Resolved &c = ep.copies[ep.items[k].copy];
      const TensorDecl &st = *c.src->decl, &dt = *c.dst->decl;
      int64_t es = c.esize;
      forEachRun(dt, d, c.db, c.de, [&](const ElementRun &r) {
        int64_t u = r.begin - c.db + c.sb, v = u + r.length;
        while (u < v) {
          SourcePiece sp = locateSource(st, d, u, v);
          int64_t n = sp.end - u;
          if (sp.tile != d) {
            received[g] += n * es;
            sentDirect[sp.tile] += n * es;
          }
          u = sp.end;
        }
      });
    }
  }
  for (int64_t g = 0; g < groups; ++g)
    traffic[ep.groupTile[g]].received += received[g];
  for (int64_t t = 0; t < tiles; ++t)
    traffic[t].sent += sentDirect[t];
  ep.cost = exchangeCost(program_.target, traffic);
  ep.costed = true;
}

void Simulator::buildExchangeRuns(ExchangePlan &ep) {
  // Copies in one exchange never write what another reads (validate), and
  // planned tensors live at the same step never share bytes, so the byte
  // copies are independent and can run in any order, straight from the
  // source slices. A shared replica is written once (its first tile).
  const uint8_t *base = memory_->base;
  std::vector<ExchangePlan::Run> &runs = ep.runs;
  for (size_t g = 0; g < ep.groupTile.size(); ++g) {
    int64_t d = ep.groupTile[g];
    for (size_t k = ep.groupStart[g]; k < ep.groupStart[g + 1]; ++k) {
      const ExchangePlan::Resolved &c = ep.copies[ep.items[k].copy];
      const TensorDecl &st = *c.src->decl, &dt = *c.dst->decl;
      if (c.dst->shared >= 0 && d != dt.mapping.tiles.first)
        continue;
      int64_t dbase = sliceData(*c.dst, d) - base;
      int64_t es = c.esize;
      forEachRun(dt, d, c.db, c.de, [&](const ElementRun &r) {
        int64_t u = r.begin - c.db + c.sb, v = u + r.length;
        int64_t dl = r.local;
        while (u < v) {
          SourcePiece sp = locateSource(st, d, u, v);
          int64_t n = sp.end - u;
          int64_t dst = dbase + dl * es;
          int64_t src = (sliceData(*c.src, sp.tile) - base) + sp.local * es;
          if (!runs.empty() && runs.back().dst + runs.back().bytes == dst &&
              runs.back().src + runs.back().bytes == src)
            runs.back().bytes += n * es;
          else if (n > 0)
            runs.push_back({dst, src, n * es});
          dl += n;
          u = sp.end;
        }
      });
    }
  }
  runs.shrink_to_fit();
  // Chunks of about equal cost (bytes plus a per-copy overhead).
  constexpr int64_t kRunOverhead = 32;
  int64_t total = 0;
  for (const ExchangePlan::Run &r : runs)
    total += r.bytes + kRunOverhead;
  ep.bytes = total;
  int64_t chunks = std::max<int64_t>(1, threads() * 8);
  int64_t per = std::max<int64_t>(1, (total + chunks - 1) / chunks);
  ep.chunkStart.clear();
  ep.chunkStart.push_back(0);
  int64_t acc = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    acc += runs[i].bytes + kRunOverhead;
    if (acc >= per && i + 1 < runs.size()) {
      ep.chunkStart.push_back(i + 1);
      acc = 0;
    }
  }
  ep.chunkStart.push_back(runs.size());
  ep.planned = true;
}

namespace {
inline void copyBytes(uint8_t *dst, const uint8_t *src, int64_t n) {
  switch (n) {
  case 4:
    std::memcpy(dst, src, 4);
    return;
  case 8:
    std::memcpy(dst, src, 8);
    return;
  default:
    std::memcpy(dst, src, static_cast<size_t>(n));
  }
}
} // namespace

absl::Status Simulator::runExchange(StepPlan &plan, StepProfile &prof) {
  ExchangePlan &ep = plan.exchange;
  if (!ep.costed)
    accountExchange(ep);
  if (!ep.planned)
    buildExchangeRuns(ep);
  uint8_t *base = memory_->base;
  const ExchangePlan::Run *runs = ep.runs.data();
  auto runChunk = [&](int64_t c) {
    for (size_t i = ep.chunkStart[c], e = ep.chunkStart[c + 1]; i < e; ++i)
      copyBytes(base + runs[i].dst, base + runs[i].src, runs[i].bytes);
  };
  const int64_t chunks = static_cast<int64_t>(ep.chunkStart.size()) - 1;
  if (ep.bytes < kParallelWork * 4) {
    for (int64_t c = 0; c < chunks; ++c)
      runChunk(c);
  } else {
    parallelFor(chunks, runChunk);
  }
  prof.cycles += ep.cost.cycles;
  prof.bytes += ep.cost.bytes;
  prof.minTileCycles = ep.cost.minTileCycles;
  prof.maxTileCycles = ep.cost.cycles;
  prof.meanTileCycles = ep.cost.meanTileCycles;
  profile_.exchangeCycles += ep.cost.cycles;
  profile_.totalCycles += ep.cost.cycles;
  profile_.bytesExchanged += ep.cost.bytes;
  return absl::OkStatus();
}

absl::Status Simulator::runStreamCopy(const Step &step, StepPlan &plan,
                                     StepProfile &prof) {
  if (const Placement *p = plan.streamDest) {
    const Tensor &value = streams_[step.source];
    // The IPU still pays for the transfer; the host skips a copy that
    // would write the bytes the tensor already holds.
    if (!(plan.exclusive && plan.copied &&
          plan.copiedStreamVersion == *plan.streamVersion &&
          plan.copiedTensorVersion == p->hostVersion)) {
      scatterToTiles(*p, value);
      plan.copied = true;
      plan.copiedStreamVersion = *plan.streamVersion;
      plan.copiedTensorVersion = p->hostVersion;
    }
    prof.bytes += value.sizeInBytes();
    profile_.hostBytes += value.sizeInBytes();
  } else {
    const Placement *src = placement(step.source);
    if (!src)
      return absl::InvalidArgumentError(
          absl::StrCat("stream copy '", step.source, "' -> '", step.dest,
                       "' names no tensor"));
    Tensor value = gatherFromTiles(*src);
    prof.bytes += value.sizeInBytes();
    profile_.hostBytes += value.sizeInBytes();
    streams_[step.dest] = std::move(value);
  }
  return absl::OkStatus();
}

} // namespace gnnrt::sim
