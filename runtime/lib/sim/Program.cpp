//===- Program.cpp - BSP program model and its validation -----------------===//
#include "gnnrt/sim/Program.h"

#include <functional>

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gnnrt/sim/Codelets.h"

namespace gnnrt::sim {

int64_t TensorDecl::rowElements() const {
  int64_t n = 1;
  for (size_t i = 1; i < shape.size(); ++i)
    n *= shape[i];
  return n;
}

std::optional<int64_t> paramInt(const Params &params, const std::string &key) {
  auto it = params.find(key);
  if (it == params.end())
    return std::nullopt;
  if (const int64_t *v = std::get_if<int64_t>(&it->second))
    return *v;
  return std::nullopt;
}
std::optional<double> paramFloat(const Params &params, const std::string &key) {
  auto it = params.find(key);
  if (it == params.end())
    return std::nullopt;
  if (const double *v = std::get_if<double>(&it->second))
    return *v;
  if (const int64_t *v = std::get_if<int64_t>(&it->second))
    return static_cast<double>(*v);
  return std::nullopt;
}
std::optional<std::string> paramString(const Params &params,
                                       const std::string &key) {
  auto it = params.find(key);
  if (it == params.end())
    return std::nullopt;
  if (const std::string *v = std::get_if<std::string>(&it->second))
    return *v;
  return std::nullopt;
}
std::optional<std::vector<int64_t>> paramInts(const Params &params,
                                              const std::string &key) {
  auto it = params.find(key);
  if (it == params.end())
    return std::nullopt;
  if (const auto *v = std::get_if<std::vector<int64_t>>(&it->second))
    return *v;
  return std::nullopt;
}

int64_t TensorDecl::mappedDimSize() const {
  if (shape.empty())
    return 1;
  size_t d = static_cast<size_t>(mapping.dim);
  return d < shape.size() ? shape[d] : shape[0];
}

Shape TensorDecl::localShape(int64_t tile) const {
  Shape s = shape;
  if (!mapping.tiles.contains(tile))
    return Shape(s.size(), 0);
  if (mapping.replicated || shape.empty())
    return s;
  auto [b, e] = rowsOnTile(tile);
  size_t d = static_cast<size_t>(mapping.dim);
  s[d < s.size() ? d : 0] = e - b;
  return s;
}

std::pair<int64_t, int64_t> TensorDecl::rowsOnTile(int64_t tile) const {
  if (!mapping.tiles.contains(tile))
    return {0, 0};
  int64_t size = mappedDimSize();
  if (mapping.replicated)
    return {0, size};
  int64_t k = tile - mapping.tiles.first;
  // Guard the multiplication: k * block can only exceed size when past it.
  if (mapping.block <= 0 || k > size / mapping.block)
    return {size, size};
  int64_t begin = std::min(k * mapping.block, size);
  int64_t end = std::min(begin + std::min(mapping.block, size), size);
  return {begin, end};
}

std::pair<int64_t, int64_t> TensorDecl::elementsOnTile(int64_t tile) const {
  if (!mapping.replicated && mapping.dim != 0 && shape.size() >= 2)
    return {0, 0};
  auto [b, e] = rowsOnTile(tile);
  int64_t row = rowElements();
  return {b * row, e * row};
}

int64_t TensorDecl::elementsOnTileCount(int64_t tile) const {
  if (!mapping.tiles.contains(tile))
    return 0;
  auto [b, e] = rowsOnTile(tile);
  if (mapping.replicated || mapping.dim == 0 || shape.size() < 2)
    return (e - b) * rowElements();
  // [d0, e - b, d2, ...]
  int64_t n = shape[0] * (e - b);
  for (size_t i = 2; i < shape.size(); ++i)
    n *= shape[i];
  return n;
}

int64_t TensorDecl::bytesOnTile(int64_t tile) const {
  return elementsOnTileCount(tile) * dtypeSize(dtype);
}

int64_t TensorDecl::maxBytesOnTile() const {
  return bytesOnTile(mapping.tiles.first);
}

int64_t TensorDecl::tilesWithData() const {
  if (mapping.replicated)
    return mapping.tiles.count;
  int64_t size = mappedDimSize();
  if (mapping.block <= 0)
    return 0;
  return std::min(mapping.tiles.count, (size + mapping.block - 1) / mapping.block);
}

int64_t countSteps(const std::vector<Step> &steps) {
  int64_t n = 0;
  for (const Step &s : steps) {
    ++n;
    if (s.kind == Step::Kind::kRepeat)
      n += countSteps(s.body);
  }
  return n;
}

namespace {
// Numbers steps in pre-order and extends lifetimes (see tensorLifetimes).
// `outer` is the span of the outermost enclosing repeat, or empty.
void collectLifetimes(const std::vector<Step> &steps, int64_t &index,
                      Lifetime outer,
                      const std::map<std::string, size_t> &byName,
                      std::vector<Lifetime> &out) {
  for (const Step &s : steps) {
    int64_t here = index++;
    Lifetime span{here, here};
    if (!outer.empty())
      span = outer;
    auto use = [&](const std::string &name) {
      auto it = byName.find(name);
      if (it == byName.end())
        return;
      Lifetime &l = out[it->second];
      if (l.empty()) {
        l = span;
      } else {
        l.first = std::min(l.first, span.first);
        l.last = std::max(l.last, span.last);
      }
    };
    switch (s.kind) {
    case Step::Kind::kComputeSet:
      for (const Vertex &v : s.vertices) {
        for (const std::string &n : v.ins)
          use(n);
        for (const std::string &n : v.outs)
          use(n);
      }
      break;
    case Step::Kind::kExchange:
      for (const Copy &c : s.copies) {
        use(c.source);
        use(c.dest);
      }
      break;
    case Step::Kind::kStreamCopy:
      // The stream side is not a tensor and is skipped by `use`.
      use(s.source);
      use(s.dest);
      break;
    case Step::Kind::kSync:
      break;
    case Step::Kind::kRepeat: {
      Lifetime inner = outer;
      if (inner.empty())
        inner = Lifetime{here, here + countSteps(s.body)};
      collectLifetimes(s.body, index, inner, byName, out);
      break;
    }
    }
  }
}
} // namespace

std::vector<Lifetime> tensorLifetimes(const Program &program) {
  std::map<std::string, size_t> byName;
  for (size_t i = 0; i < program.tensors.size(); ++i)
    byName.emplace(program.tensors[i].name, i);
  std::vector<Lifetime> out(program.tensors.size());
  int64_t index = 0;
  collectLifetimes(program.steps, index, Lifetime{}, byName, out);
  Lifetime whole{0, std::max<int64_t>(index - 1, 0)};
  // State, constants and tensors the host fills (stream copy destinations)
  // live for the whole program.
  std::set<std::string> hostFilled;
  std::function<void(const std::vector<Step> &)> collect =
      [&](const std::vector<Step> &steps) {
        for (const Step &s : steps) {
          if (s.kind == Step::Kind::kStreamCopy)
            hostFilled.insert(s.dest);
          else if (s.kind == Step::Kind::kRepeat)
            collect(s.body);
        }
      };
  collect(program.steps);
  for (size_t i = 0; i < program.tensors.size(); ++i)
    if (!program.tensors[i].state.empty() ||
        program.tensors[i].constant.has_value() ||
        hostFilled.count(program.tensors[i].name))
      out[i] = whole;
  return out;
}

Step Step::computeSet(std::string name, std::vector<Vertex> vertices) {
  Step s;
  s.kind = Kind::kComputeSet;
  s.name = std::move(name);
  s.vertices = std::move(vertices);
  return s;
}
Step Step::exchange(std::string name, std::vector<Copy> copies) {
  Step s;
  s.kind = Kind::kExchange;
  s.name = std::move(name);
  s.copies = std::move(copies);
  return s;
}
Step Step::sync(bool global) {
  Step s;
  s.kind = Kind::kSync;
  s.global = global;
  return s;
}
Step Step::repeat(int64_t count, std::vector<Step> body) {
  Step s;
  s.kind = Kind::kRepeat;
  s.count = count;
  s.body = std::move(body);
  return s;
}
Step Step::streamCopy(std::string source, std::string dest) {
  Step s;
  s.kind = Kind::kStreamCopy;
  s.source = std::move(source);
  s.dest = std::move(dest);
  return s;
}

const char *stepKindName(Step::Kind kind) {
  switch (kind) {
  case Step::Kind::kComputeSet:
    return "compute_set";
  case Step::Kind::kExchange:
    return "exchange";
  case Step::Kind::kSync:
    return "sync";
  case Step::Kind::kRepeat:
    return "repeat";
  case Step::Kind::kStreamCopy:
    return "stream_copy";
  }
  return "?";
}

const TensorDecl *Program::findTensor(const std::string &n) const {
  for (const TensorDecl &t : tensors)
    if (t.name == n)
      return &t;
  return nullptr;
}
const HostStreamDecl *Program::findStream(const std::string &n) const {
  for (const HostStreamDecl &s : streams)
    if (s.name == n)
      return &s;
  return nullptr;
}

namespace {

absl::Status invalid(const std::string &msg) {
  return absl::InvalidArgumentError(msg);
}

// Elements a tensor may have: keeps every byte count below 2^62.
constexpr int64_t kMaxElements = int64_t(1) << 56;

absl::Status checkShape(const Shape &shape, const std::string &what) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return invalid(absl::StrCat(what, ": negative dimension in shape ",
                                  shapeToString(shape)));
    if (d > 0 && n > kMaxElements / d)
      return invalid(absl::StrCat(what, ": shape ", shapeToString(shape),
                                  " is too large"));
    n *= d;
  }
  return absl::OkStatus();
}

absl::Status checkRange(const TileRange &r, const TargetModel &target,
                        const std::string &what) {
  if (r.first < 0 || r.count < 1)
    return invalid(absl::StrCat(what, ": tile range <", r.first, ", ",
                                r.count,
                                "> needs first >= 0 and count >= 1"));
  if (r.first > target.totalTiles() || r.count > target.totalTiles() - r.first)
    return invalid(absl::StrCat(what, ": tile range <", r.first, ", ",
                                r.count, "> ends past the target's ",
                                target.totalTiles(), " tiles"));
  return absl::OkStatus();
}

/// Elements [begin, end) of a tensor that run `run` of copy `copy` reads or
/// writes (`run` is 0 for a copy without runs).
struct Access {
  int64_t begin, end;
  size_t copy, run;
  bool operator<(const Access &o) const {
    return std::tie(begin, copy, run) < std::tie(o.begin, o.copy, o.run);
  }
};

bool overlap(int64_t b0, int64_t e0, int64_t b1, int64_t e1) {
  return b0 < e1 && b1 < e0 && b0 < e0 && b1 < e1;
}

class Validator {
public:
  explicit Validator(const Program &p) : p_(p) {}

  absl::Status run() {
    if (absl::Status s = p_.target.validate(); !s.ok())
      return invalid(absl::StrCat("target: ", s.message()));
    if (p_.target.totalTiles() > kMaxTiles)
      return invalid(absl::StrCat("target: ", p_.target.totalTiles(),
                                  " tiles exceed the simulator's limit of ",
                                  kMaxTiles));
    std::set<std::string> names;
    std::map<std::string, std::string> stateHolders;
    for (size_t i = 0; i < p_.tensors.size(); ++i) {
      const TensorDecl &t = p_.tensors[i];
      std::string what = absl::StrCat("tensor ", i, " '", t.name, "'");
      if (t.name.empty())
        return invalid(absl::StrCat("tensor ", i, ": empty name"));
      if (!names.insert(t.name).second)
        return invalid(absl::StrCat(what, ": duplicate symbol name"));
      if (absl::Status s = checkShape(t.shape, what); !s.ok())
        return s;
      if (absl::Status s = checkRange(t.mapping.tiles, p_.target,
                                      what + " mapping");
          !s.ok())
        return s;
      const Mapping &m = t.mapping;
      if (m.replicated) {
        if (m.dim != 0)
          return invalid(absl::StrCat(what, ": a replicated mapping has dim 0,"
                                            " got dim ", m.dim));
      } else {
        if (t.shape.empty())
          return invalid(
              absl::StrCat(what, ": a rank-0 tensor must be replicated"));
        if (m.dim != 0 && !(m.dim == 1 && t.shape.size() >= 2))
          return invalid(absl::StrCat(
              what, ": mapping dim ", m.dim, " must be 0, or 1 for rank >= 2 "
              "(shape ", shapeToString(t.shape), ")"));
        if (m.block < 1)
          return invalid(absl::StrCat(what, ": block ", m.block,
                                      " must be >= 1"));
        // count * block >= the mapped dim, without overflow.
        int64_t size = t.shape[static_cast<size_t>(m.dim)];
        if (m.block < (size + m.tiles.count - 1) / m.tiles.count)
          return invalid(absl::StrCat(
              what, ": blocks of ", m.block, " rows on ", m.tiles.count,
              " tiles cover ", m.block * m.tiles.count, " rows but dim ",
              m.dim, " is ", size));
      }
      int64_t bytes = t.maxBytesOnTile();
      if (bytes > p_.target.bytesPerTile)
        return absl::ResourceExhaustedError(absl::StrCat(
            what, ": tile ", m.tiles.first, " needs ", bytes,
            " bytes for its slice but bytes_per_tile is ",
            p_.target.bytesPerTile));
      if (t.offset < -1)
        return invalid(absl::StrCat(what, ": offset ", t.offset,
                                    " must be >= 0 (or -1: unplanned)"));
      if (t.offset >= 0) {
        if (t.offset % dtypeSize(t.dtype) != 0)
          return invalid(absl::StrCat(what, ": offset ", t.offset,
                                      " is not a multiple of the ",
                                      dtypeSize(t.dtype), "-byte ",
                                      dtypeName(t.dtype), " element"));
        if (t.offset > p_.target.bytesPerTile - bytes)
          return absl::ResourceExhaustedError(absl::StrCat(
              what, ": offset ", t.offset, " + ", bytes,
              " bytes of its largest slice (tile ", m.tiles.first,
              ") exceeds bytes_per_tile ", p_.target.bytesPerTile));
      }
      if (t.constant) {
        if (t.constant->dtype() != t.dtype || t.constant->shape() != t.shape)
          return invalid(absl::StrCat(
              what, ": constant is ", dtypeName(t.constant->dtype()),
              shapeToString(t.constant->shape()), " but the tensor is ",
              dtypeName(t.dtype), shapeToString(t.shape)));
        if (!t.state.empty())
          return invalid(absl::StrCat(what, ": a constant cannot also hold "
                                            "state '", t.state, "'"));
      }
      if (!t.state.empty()) {
        auto [it, fresh] = stateHolders.emplace(t.state, t.name);
        if (!fresh)
          return invalid(absl::StrCat(what, ": state '", t.state,
                                      "' is already held by tensor '",
                                      it->second, "'"));
      }
    }
    std::map<std::string, std::string> bindings[2];
    for (size_t i = 0; i < p_.streams.size(); ++i) {
      const HostStreamDecl &s = p_.streams[i];
      std::string what = absl::StrCat("host stream ", i, " '", s.name, "'");
      if (s.name.empty())
        return invalid(absl::StrCat("host stream ", i, ": empty name"));
      if (!names.insert(s.name).second)
        return invalid(absl::StrCat(what, ": duplicate symbol name"));
      if (absl::Status st = checkShape(s.shape, what); !st.ok())
        return st;
      bool in = s.direction == StreamDirection::kHostToDevice;
      if (!s.binding.empty()) {
        auto [it, fresh] = bindings[in ? 0 : 1].emplace(s.binding, s.name);
        if (!fresh)
          return invalid(absl::StrCat(
              what, ": binding '", s.binding, "' is already used by ",
              in ? "host_to_device" : "device_to_host", " stream '",
              it->second, "'"));
      }
      if (s.role == "step" &&
          (!in || s.dtype != DType::kI64 || !s.shape.empty()))
        return invalid(absl::StrCat(
            what, ": a \"step\" stream must be a host_to_device i64[] scalar, "
            "got ", in ? "host_to_device " : "device_to_host ",
            dtypeName(s.dtype), shapeToString(s.shape)));
    }
    return steps(p_.steps, "");
  }

private:
  absl::Status steps(const std::vector<Step> &list, const std::string &prefix) {
    for (size_t i = 0; i < list.size(); ++i) {
      const Step &s = list[i];
      std::string what = absl::StrCat(prefix, "step ", i, " (",
                                      stepKindName(s.kind));
      if (!s.name.empty())
        absl::StrAppend(&what, " '", s.name, "'");
      absl::StrAppend(&what, ")");
      absl::Status st;
      switch (s.kind) {
      case Step::Kind::kComputeSet:
      case Step::Kind::kExchange:
        if (s.name.empty())
          return invalid(what + ": empty phase name");
        if (!phases_.insert(s.name).second)
          return invalid(what + ": duplicate phase name");
        st = s.kind == Step::Kind::kComputeSet ? computeSet(s, what)
                                               : exchange(s, what);
        break;
      case Step::Kind::kSync:
        break;
      case Step::Kind::kRepeat:
        if (s.count < 1)
          return invalid(absl::StrCat(what, ": count ", s.count,
                                      " must be >= 1"));
        st = steps(s.body, what + ", ");
        break;
      case Step::Kind::kStreamCopy:
        st = streamCopy(s, what);
        break;
      }
      if (!st.ok())
        return st;
    }
    return absl::OkStatus();
  }

  absl::Status computeSet(const Step &s, const std::string &where) {
    struct Use {
      TileRange tiles;
      size_t vertex;
    };
    std::map<std::string, std::vector<Use>> writes, reads;
    for (size_t v = 0; v < s.vertices.size(); ++v) {
      const Vertex &vx = s.vertices[v];
      std::string what =
          absl::StrCat(where, ", vertex ", v, " '", vx.codelet, "'");
      const Codelet *c = findCodelet(vx.codelet);
      if (!c)
        return invalid(absl::StrCat(what, ": unknown codelet '", vx.codelet,
                                    "'; known: ",
                                    absl::StrJoin(codeletNames(), ", ")));
      if (absl::Status st = checkRange(vx.tiles, p_.target, what); !st.ok())
        return st;
      if (vx.outs.empty())
        return invalid(what + ": a vertex needs at least one output");
      if (!arityMatches(*c, vx.ins.size(), vx.outs.size()))
        return invalid(absl::StrCat(
            what, ": takes ",
            c->numIns == kVariadicArity ? std::string("any number of")
                                        : absl::StrCat(c->numIns),
            " inputs and ",
            c->numOuts == kVariadicArity ? std::string("any number of")
                                         : absl::StrCat(c->numOuts),
            " outputs, got ", vx.ins.size(), " and ", vx.outs.size()));
      std::vector<const TensorDecl *> ins, outs;
      auto resolve = [&](const std::vector<std::string> &names,
                         std::vector<const TensorDecl *> &decls,
                         const char *role) -> absl::Status {
        for (const std::string &n : names) {
          const TensorDecl *t = p_.findTensor(n);
          if (!t)
            return invalid(absl::StrCat(what, ": ", role, " '", n,
                                        "' is not a tensor of the program"));
          if (!t->mapping.tiles.contains(vx.tiles))
            return invalid(absl::StrCat(
                what, ": ", role, " '", n, "' is mapped on tiles <",
                t->mapping.tiles.first, ", ", t->mapping.tiles.count,
                "> which do not cover the vertex's tiles <", vx.tiles.first,
                ", ", vx.tiles.count, ">"));
          decls.push_back(t);
        }
        return absl::OkStatus();
      };
      if (absl::Status st = resolve(vx.ins, ins, "input"); !st.ok())
        return st;
      if (absl::Status st = resolve(vx.outs, outs, "output"); !st.ok())
        return st;
      std::set<std::string> seen;
      for (const std::string &o : vx.outs)
        if (!seen.insert(o).second)
          return invalid(absl::StrCat(what, ": output '", o,
                                      "' appears twice"));
      if (absl::Status st = c->check(vx, ins, outs); !st.ok())
        return invalid(absl::StrCat(what, ": ", st.message()));
      for (const std::string &o : vx.outs)
        for (const Use &u : writes[o])
          if (u.tiles.overlaps(vx.tiles))
            return invalid(absl::StrCat(what, ": writes '", o,
                                        "' on tiles vertex ", u.vertex,
                                        " also writes"));
      for (const std::string &o : vx.outs)
        for (const Use &u : reads[o])
          if (u.tiles.overlaps(vx.tiles))
            return invalid(absl::StrCat(what, ": writes '", o,
                                        "' on tiles where vertex ", u.vertex,
                                        " reads it"));
      for (const std::string &in : vx.ins)
        for (const Use &u : writes[in])
          if (u.tiles.overlaps(vx.tiles))
            return invalid(absl::StrCat(what, ": reads '", in,
                                        "' on tiles where vertex ", u.vertex,
                                        " writes it"));
      for (const std::string &o : vx.outs)
        writes[o].push_back({vx.tiles, v});
      for (const std::string &in : vx.ins)
        reads[in].push_back({vx.tiles, v});
    }
    return absl::OkStatus();
  }

  absl::Status exchange(const Step &s, const std::string &where) {
    // Each copy on its own first, collecting every run's reads and writes
    // per tensor; then the races, on sorted accesses: O(n log n) in the
    // runs of the exchange.
    std::map<std::string, std::vector<Access>> writes, reads;
    auto what = [&](size_t c) {
      const Copy &cp = s.copies[c];
      return absl::StrCat(where, ", copy ", c, " ('", cp.source, "' -> '",
                          cp.dest, "')");
    };
    for (size_t c = 0; c < s.copies.size(); ++c) {
      const Copy &cp = s.copies[c];
      const TensorDecl *src = p_.findTensor(cp.source);
      const TensorDecl *dst = p_.findTensor(cp.dest);
      if (!src)
        return invalid(absl::StrCat(what(c), ": source '", cp.source,
                                    "' is not a tensor of the program"));
      if (!dst)
        return invalid(absl::StrCat(what(c), ": dest '", cp.dest,
                                    "' is not a tensor of the program"));
      if (src->dtype != dst->dtype)
        return invalid(absl::StrCat(what(c), ": source is ",
                                    dtypeName(src->dtype), " but dest is ",
                                    dtypeName(dst->dtype)));
      std::vector<Access> &copyReads = reads[cp.source];
      std::vector<Access> &copyWrites = writes[cp.dest];
      if (!cp.runs.empty()) {
        if (absl::Status st = checkRuns(cp, *src, *dst, what(c)); !st.ok())
          return st;
        for (size_t k = 0; k < cp.runs.size() / 3; ++k) {
          int64_t sb = cp.runs[3 * k], db = cp.runs[3 * k + 1];
          int64_t n = cp.runs[3 * k + 2];
          copyReads.push_back({sb, sb + n, c, k});
          copyWrites.push_back({db, db + n, c, k});
        }
        continue;
      }
      int64_t sb = 0, se = 0, db = 0, de = 0;
      if (absl::Status st = range(*src, cp.sourceBegin, cp.sourceEnd, sb, se,
                                  what(c) + ": source");
          !st.ok())
        return st;
      if (absl::Status st =
              range(*dst, cp.destBegin, cp.destEnd, db, de, what(c) + ": dest");
          !st.ok())
        return st;
      if (se - sb != de - db)
        return invalid(absl::StrCat(what(c), ": source has ", se - sb,
                                    " elements but dest has ", de - db));
      if (src == dst && overlap(sb, se, db, de))
        return invalid(absl::StrCat(what(c), ": source [", sb, ", ", se,
                                    ") and dest [", db, ", ", de,
                                    ") overlap in one tensor"));
      // Empty ranges race with nothing (and would break the sorted scan).
      if (se > sb) {
        copyReads.push_back({sb, se, c, 0});
        copyWrites.push_back({db, de, c, 0});
      }
    }
    auto runText = [&](const Access &a) {
      return s.copies[a.copy].runs.empty()
                 ? absl::StrCat("[", a.begin, ", ", a.end, ")")
                 : absl::StrCat("run ", a.run, ", [", a.begin, ", ", a.end,
                                ")");
    };
    // Writes by begin: disjoint iff each starts at or after the end of the
    // one before (which, while no two overlap, ends last).
    for (auto &[tensor, list] : writes) {
      std::sort(list.begin(), list.end());
      for (size_t i = 1; i < list.size(); ++i) {
        const Access &a = list[i - 1], &b = list[i];
        if (b.begin >= a.end)
          continue;
        if (a.copy == b.copy)
          return invalid(absl::StrCat(
              what(a.copy), ": runs ", std::min(a.run, b.run), " and ",
              std::max(a.run, b.run), " both write elements [", b.begin, ", ",
              std::min(a.end, b.end), ") of '", tensor, "'"));
        const Access &later = a.copy > b.copy ? a : b;
        const Access &earlier = a.copy > b.copy ? b : a;
        return invalid(absl::StrCat(what(later.copy), ": writes elements of '",
                                    tensor, "' that copy ", earlier.copy,
                                    " also writes (", runText(later), ")"));
      }
    }
    for (auto &[tensor, list] : reads) {
      auto it = writes.find(tensor);
      if (it == writes.end())
        continue;
      const std::vector<Access> &sorted = it->second;
      // Prefer races between early copies, as a copy-by-copy check would.
      const Access *badRead = nullptr, *badWrite = nullptr;
      for (const Access &r : list) {
        auto w = std::partition_point(
            sorted.begin(), sorted.end(),
            [&](const Access &x) { return x.end <= r.begin; });
        if (w == sorted.end() || w->begin >= r.end)
          continue;
        if (!badRead || std::max(r.copy, w->copy) <
                            std::max(badRead->copy, badWrite->copy)) {
          badRead = &r;
          badWrite = &*w;
        }
      }
      if (!badRead)
        continue;
      const Access &r = *badRead, &w = *badWrite;
      if (r.copy == w.copy)
        return invalid(absl::StrCat(
            what(r.copy), ": run ", r.run, " reads elements [", r.begin, ", ",
            r.end, ") of '", tensor, "' that run ", w.run,
            " writes (source and dest overlap in one tensor)"));
      if (r.copy > w.copy)
        return invalid(absl::StrCat(what(r.copy), ": reads elements of '",
                                    tensor, "' that copy ", w.copy, " writes (",
                                    runText(r), ")"));
      return invalid(absl::StrCat(what(w.copy), ": writes elements of '",
                                  tensor, "' that copy ", r.copy, " reads (",
                                  runText(w), ")"));
    }
    return absl::OkStatus();
  }

  /// The runs of a copy: whole triples, no ranges beside them, positive
  /// counts, inside both tensors (checked without overflow).
  static absl::Status checkRuns(const Copy &cp, const TensorDecl &src,
                                const TensorDecl &dst,
                                const std::string &what) {
    if (cp.sourceBegin != -1 || cp.sourceEnd != -1 || cp.destBegin != -1 ||
        cp.destEnd != -1)
      return invalid(absl::StrCat(
          what, ": has runs and a range; a copy with runs has begin = end = "
                "-1 on both sides"));
    if (cp.runs.size() % 3 != 0)
      return invalid(absl::StrCat(
          what, ": ", cp.runs.size(),
          " run values are not whole (source, dest, count) triples"));
    int64_t ns = numElements(src.shape), nd = numElements(dst.shape);
    for (size_t k = 0; k < cp.runs.size() / 3; ++k) {
      int64_t sb = cp.runs[3 * k], db = cp.runs[3 * k + 1];
      int64_t n = cp.runs[3 * k + 2];
      auto run = [&] {
        return absl::StrCat(what, ": run ", k, " (source ", sb, ", dest ", db,
                            ", count ", n, ")");
      };
      if (n <= 0)
        return invalid(absl::StrCat(run(), ": count must be >= 1"));
      if (sb < 0 || sb > ns || n > ns - sb)
        return invalid(absl::StrCat(run(), " is not inside '", src.name, "' (",
                                    ns, " elements)"));
      if (db < 0 || db > nd || n > nd - db)
        return invalid(absl::StrCat(run(), " is not inside '", dst.name, "' (",
                                    nd, " elements)"));
    }
    return absl::OkStatus();
  }

  static absl::Status range(const TensorDecl &t, int64_t b, int64_t e,
                            int64_t &outB, int64_t &outE,
                            const std::string &what) {
    int64_t n = numElements(t.shape);
    if (b == -1 && e == -1) {
      outB = 0;
      outE = n;
      return absl::OkStatus();
    }
    if (b < 0 || e < b || e > n)
      return invalid(absl::StrCat(what, " range [", b, ", ", e,
                                  ") is not inside '", t.name, "' (", n,
                                  " elements)"));
    outB = b;
    outE = e;
    return absl::OkStatus();
  }

  absl::Status streamCopy(const Step &s, const std::string &what) {
    const HostStreamDecl *inStream = p_.findStream(s.source);
    const HostStreamDecl *outStream = p_.findStream(s.dest);
    const TensorDecl *srcT = p_.findTensor(s.source);
    const TensorDecl *dstT = p_.findTensor(s.dest);
    const HostStreamDecl *stream = nullptr;
    const TensorDecl *tensor = nullptr;
    if (inStream && dstT) {
      stream = inStream;
      tensor = dstT;
      if (stream->direction != StreamDirection::kHostToDevice)
        return invalid(absl::StrCat(what, ": stream '", stream->name,
                                    "' is device_to_host but is read"));
    } else if (srcT && outStream) {
      stream = outStream;
      tensor = srcT;
      if (stream->direction != StreamDirection::kDeviceToHost)
        return invalid(absl::StrCat(what, ": stream '", stream->name,
                                    "' is host_to_device but is written"));
    } else {
      return invalid(absl::StrCat(
          what, ": '", s.source, "' -> '", s.dest,
          "' must copy a host stream into a tensor or a tensor into a host "
          "stream"));
    }
    if (stream->dtype != tensor->dtype || stream->shape != tensor->shape)
      return invalid(absl::StrCat(
          what, ": stream '", stream->name, "' is ", dtypeName(stream->dtype),
          shapeToString(stream->shape), " but tensor '", tensor->name,
          "' is ", dtypeName(tensor->dtype), shapeToString(tensor->shape)));
    return absl::OkStatus();
  }

  const Program &p_;
  std::set<std::string> phases_;
};

} // namespace

absl::Status validate(const Program &program) {
  return Validator(program).run();
}

} // namespace gnnrt::sim
