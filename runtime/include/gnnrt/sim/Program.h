//===- Program.h - In-memory BSP tile programs for the simulator ----------===//
//
// An MLIR-free mirror of the `bsp` dialect (dialects/bsp/Rationale.md): a
// target, tile-mapped tensors, host streams and a list of steps (compute
// sets of SPMD vertices, exchanges of flat-range copies, syncs, repeats and
// host stream copies). The simulator (Simulator.h) executes it; `validate`
// checks everything the bsp verifiers check, plus codelet signatures, and
// returns an InvalidArgument status naming the offending piece.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_SIM_PROGRAM_H
#define GNNRT_SIM_PROGRAM_H

#include <cstdint>
#include <map>
#include <string>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "gnnrt/TargetModel.h"
#include "gnnrt/Tensor.h"

namespace gnnrt::sim {

/// The tiles [first, first + count), numbered globally across IPUs
/// (#bsp.tiles).
struct TileRange {
  int64_t first = 0;
  int64_t count = 1;
  int64_t end() const { return first + count; }
  bool contains(int64_t tile) const { return tile >= first && tile < end(); }
  bool contains(const TileRange &o) const {
    return o.first >= first && o.end() <= end();
  }
  bool overlaps(const TileRange &o) const {
    return first < o.end() && o.first < end();
  }
};

/// #bsp.mapping: either blocks of `block` indices of dimension `dim` (0, or
/// 1 for rank >= 2; tile first + k holds [k * block, (k + 1) * block) of that
/// dimension, clamped, and all of the others, stored compactly row-major), or
/// a replica of the whole tensor on every tile of the range.
struct Mapping {
  bool replicated = false;
  int64_t block = 1;
  TileRange tiles;
  int64_t dim = 0;

  static Mapping blocked(TileRange tiles, int64_t block, int64_t dim = 0) {
    return Mapping{false, block, tiles, dim};
  }
  static Mapping replica(TileRange tiles) {
    return Mapping{true, 0, tiles, 0};
  }
};

/// A bsp.tensor.
struct TensorDecl {
  std::string name;
  DType dtype = DType::kF32;
  Shape shape;
  Mapping mapping;
  /// Byte offset of the tensor's slice in every tile's arena, from memory
  /// planning (bsp-plan-memory); -1: the simulator places it.
  int64_t offset = -1;
  /// Non-empty: holds the executable-level state tensor of this name
  /// (parameter, optimizer state, buffer); persists across runs.
  std::string state;
  /// Set: constant contents, written when the program is loaded.
  std::optional<Tensor> constant;

  /// Elements per row of dim 0 (all elements for a rank-0 tensor).
  int64_t rowElements() const;
  /// Size of the mapped dimension (shape[mapping.dim]; 1 for rank 0).
  int64_t mappedDimSize() const;
  /// Indices of the mapped dimension held by `tile`: [begin, end), empty if
  /// none (the whole dimension for a replica; {0, 1} for a rank-0 replica).
  std::pair<int64_t, int64_t> rowsOnTile(int64_t tile) const;
  /// Shape of the slice `tile` holds (the mapped dimension is 0 when the
  /// tile holds nothing; all dims 0 when the tile is outside the mapping).
  Shape localShape(int64_t tile) const;
  /// Flat (row-major) element range held by `tile` for a dim-0 or
  /// replicated mapping; empty if none. A dim-1 slice is not one flat
  /// range: use forEachRun.
  std::pair<int64_t, int64_t> elementsOnTile(int64_t tile) const;
  /// Elements of the slice `tile` holds (any mapping).
  int64_t elementsOnTileCount(int64_t tile) const;
  int64_t bytesOnTile(int64_t tile) const;
  /// The largest slice any tile holds (the first tile's), in bytes.
  int64_t maxBytesOnTile() const;
  /// The number of tiles from mapping.tiles.first on that hold a non-empty
  /// slice (all of the range for a replica).
  int64_t tilesWithData() const;
};

/// One contiguous piece of a tile's slice: global row-major flat elements
/// [begin, begin + length) stored at element `local` of the tile's slice.
struct ElementRun {
  int64_t begin = 0;
  int64_t length = 0;
  int64_t local = 0;
};

/// Calls fn(ElementRun) for every run of `tile`'s slice of `t` that
/// intersects the global flat range [from, to), clipped to it, in local
/// order. Dim-0 and replicated slices are one run; a dim-1 slice is one
/// run per index of dim 0 (only the rows meeting [from, to) are visited).
template <typename F>
void forEachRun(const TensorDecl &t, int64_t tile, int64_t from, int64_t to,
                F &&fn);

enum class StreamDirection { kHostToDevice, kDeviceToHost };

/// A bsp.host_stream.
struct HostStreamDecl {
  std::string name;
  DType dtype = DType::kF32;
  Shape shape;
  StreamDirection direction = StreamDirection::kHostToDevice;
  /// The model-level name the host binds ("x", "loss", ...) and its role
  /// ("input", "output", "loss", "step"); empty when unknown.
  std::string binding;
  std::string role;
  /// Non-empty: the executable-level row order (exec::Executable::rowOrders)
  /// the host sees this stream's rows in; exec::Session applies it. The
  /// simulator itself ignores it: its streams are always in device order.
  std::string rowOrder;
};

/// A vertex parameter: an integer, a float, a string or an integer list.
using ParamValue =
    std::variant<int64_t, double, std::string, std::vector<int64_t>>;
using Params = std::map<std::string, ParamValue>;

/// Typed parameter lookups; an integer is accepted where a float is asked.
std::optional<int64_t> paramInt(const Params &params, const std::string &key);
std::optional<double> paramFloat(const Params &params, const std::string &key);
std::optional<std::string> paramString(const Params &params,
                                       const std::string &key);
std::optional<std::vector<int64_t>> paramInts(const Params &params,
                                              const std::string &key);

/// A bsp.vertex: one codelet instance on each tile of `tiles`.
struct Vertex {
  std::string codelet;
  TileRange tiles;
  std::vector<std::string> ins;
  std::vector<std::string> outs;
  Params params;
};

/// A bsp.copy. Element ranges are row-major flat indices; begin = end = -1
/// (the default) means the whole tensor. A non-empty `runs` holds flat
/// triples (source begin, dest begin, count), each copying [s, s + n) to
/// [d, d + n) as one copy per triple would; the ranges are then -1.
struct Copy {
  std::string source;
  int64_t sourceBegin = -1, sourceEnd = -1;
  std::string dest;
  int64_t destBegin = -1, destEnd = -1;
  std::vector<int64_t> runs;
};

/// One step of a program (compute set, exchange, sync, repeat, stream copy).
struct Step {
  enum class Kind { kComputeSet, kExchange, kSync, kRepeat, kStreamCopy };
  Kind kind = Kind::kSync;
  /// Phase label of a compute set or exchange.
  std::string name;
  std::vector<Vertex> vertices; // kComputeSet
  std::vector<Copy> copies;     // kExchange
  bool global = true;           // kSync: global or internal (same cost)
  int64_t count = 0;            // kRepeat
  std::vector<Step> body;       // kRepeat
  std::string source, dest;     // kStreamCopy: stream -> tensor or back

  static Step computeSet(std::string name, std::vector<Vertex> vertices);
  static Step exchange(std::string name, std::vector<Copy> copies);
  static Step sync(bool global = true);
  static Step repeat(int64_t count, std::vector<Step> body);
  static Step streamCopy(std::string source, std::string dest);
};

const char *stepKindName(Step::Kind kind);

/// A bsp.program.
struct Program {
  std::string name = "main";
  TargetModel target;
  std::vector<TensorDecl> tensors;
  std::vector<HostStreamDecl> streams;
  std::vector<Step> steps;

  const TensorDecl *findTensor(const std::string &name) const;
  const HostStreamDecl *findStream(const std::string &name) const;
};

/// Checks the whole program: target (at most kMaxTiles tiles); tensor and
/// stream names, shapes and mappings (tile ranges inside the target, dim 0,
/// or 1 for rank >= 2, replicas on dim 0, blocks cover the mapped dim, every
/// slice fits in bytes_per_tile); planned offsets (-1, or >= 0, a multiple
/// of the element size, offset + largest slice <= bytes_per_tile); constants
/// (same dtype and shape as the tensor, not also state); state (no two
/// tensors of one program hold the same state); stream bindings (unique per
/// direction; a "step" stream is a host_to_device i64 scalar); vertices
/// (known codelet and its signature, tiles inside the target and inside
/// every operand's mapping, existing tensors, no write/write or read/write
/// races between vertices on shared tiles); copies (existing tensors, ranges
/// in bounds, equal dtypes and element counts, no overlap within one
/// tensor, no write/write or read/write races between copies; `runs` are
/// whole triples with positive counts and no ranges beside them, and every
/// run is checked as a copy of its own, in O(n log n) over all runs of an
/// exchange); repeats
/// (count >= 1); stream copies (one stream, one tensor, direction, same
/// type); unique phase names. Errors are InvalidArgument (ResourceExhausted
/// for a slice that cannot fit) and name the step path, e.g.
/// "step 2 (exchange 'bcast'), copy 0: ...".
absl::Status validate(const Program &program);

/// The most tiles (tiles_per_ipu * ipus) the simulator accepts.
constexpr int64_t kMaxTiles = int64_t(1) << 20;

/// The live range of a tensor in pre-order step indices, inclusive; empty
/// (first > last) when no step references it.
struct Lifetime {
  int64_t first = 0;
  int64_t last = -1;
  bool empty() const { return first > last; }
  bool overlaps(const Lifetime &o) const {
    return !empty() && !o.empty() && first <= o.last && o.first <= last;
  }
};

/// Number of steps in pre-order (a repeat counts itself and its body).
int64_t countSteps(const std::vector<Step> &steps);

/// The lifetime rule shared with the compiler's bsp-plan-memory
/// (docs/Runtime.md): steps are numbered in pre-order (a repeat is a step
/// and its body follows it); a tensor lives over [min, max] of the indices
/// of the steps that reference it (stream copy source/dest, vertex
/// ins/outs, copy source/dest); a reference inside a repeat extends that to
/// the outermost enclosing repeat's whole span [repeat index, index of the
/// last step of its body, recursively]; tensors with `state` or a
/// `constant` live over the whole program [0, max(countSteps - 1, 0)].
/// Indexed like program.tensors.
std::vector<Lifetime> tensorLifetimes(const Program &program);

// --- implementation of forEachRun ---
template <typename F>
void forEachRun(const TensorDecl &t, int64_t tile, int64_t from, int64_t to,
                F &&fn) {
  if (!t.mapping.tiles.contains(tile) || from >= to)
    return;
  if (t.mapping.replicated || t.mapping.dim == 0 || t.shape.size() < 2) {
    auto [b, e] = t.elementsOnTile(tile);
    int64_t x = b > from ? b : from, y = e < to ? e : to;
    if (x < y)
      fn(ElementRun{x, y - x, x - b});
    return;
  }
  auto [cb, ce] = t.rowsOnTile(tile);
  if (cb >= ce)
    return;
  int64_t inner = 1;
  for (size_t i = 2; i < t.shape.size(); ++i)
    inner *= t.shape[i];
  int64_t rowSize = t.shape[1] * inner;    // one index of dim 0
  int64_t width = (ce - cb) * inner;       // local elements per dim-0 index
  if (rowSize <= 0 || width <= 0)
    return;
  int64_t i0 = from / rowSize;
  int64_t i1 = (to - 1) / rowSize;
  if (i1 > t.shape[0] - 1)
    i1 = t.shape[0] - 1;
  for (int64_t i = i0; i <= i1; ++i) {
    int64_t b = i * rowSize + cb * inner;
    int64_t e = b + width;
    int64_t x = b > from ? b : from, y = e < to ? e : to;
    if (x < y)
      fn(ElementRun{x, y - x, i * width + (x - b)});
  }
}

} // namespace gnnrt::sim

#endif // GNNRT_SIM_PROGRAM_H
