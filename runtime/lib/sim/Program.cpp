//===- Program.cpp - BSP program model and its validation -----------------===//
#include "gnnrt/sim/Program.h"

#include <algorithm>
#include <set>

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

Shape TensorDecl::localShape(int64_t tile) const {
  Shape s = shape;
  if (mapping.replicated || shape.empty())
    return mapping.tiles.contains(tile) ? s : Shape(s.size(), 0);
  auto [b, e] = rowsOnTile(tile);
  s[static_cast<size_t>(mapping.dim)] = e - b;
  return s;
}

std::pair<int64_t, int64_t> TensorDecl::rowsOnTile(int64_t tile) const {
  if (!mapping.tiles.contains(tile))
    return {0, 0};
  int64_t dim0 = shape.empty() ? 1 : shape[0];
  if (mapping.replicated)
    return {0, dim0};
  int64_t k = tile - mapping.tiles.first;
  // Guard the multiplication: k * block can only exceed dim0 when past it.
  if (mapping.block <= 0 || k > dim0 / mapping.block)
    return {dim0, dim0};
  int64_t begin = std::min(k * mapping.block, dim0);
  int64_t end = std::min(begin + std::min(mapping.block, dim0), dim0);
  return {begin, end};
}

std::pair<int64_t, int64_t> TensorDecl::elementsOnTile(int64_t tile) const {
  auto [b, e] = rowsOnTile(tile);
  int64_t row = rowElements();
  return {b * row, e * row};
}

int64_t TensorDecl::bytesOnTile(int64_t tile) const {
  auto [b, e] = elementsOnTile(tile);
  return (e - b) * dtypeSize(dtype);
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

struct Interval {
  int64_t begin, end;
  size_t copy;
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
    std::set<std::string> names;
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
      if (!t.mapping.replicated) {
        if (t.shape.empty())
          return invalid(
              absl::StrCat(what, ": a rank-0 tensor must be replicated"));
        if (t.mapping.block < 1)
          return invalid(absl::StrCat(what, ": block ", t.mapping.block,
                                      " must be >= 1"));
        // count * block >= dim 0, without overflow.
        if (t.mapping.block < (t.shape[0] + t.mapping.tiles.count - 1) /
                                  t.mapping.tiles.count)
          return invalid(absl::StrCat(
              what, ": blocks of ", t.mapping.block, " rows on ",
              t.mapping.tiles.count, " tiles cover ",
              t.mapping.block * t.mapping.tiles.count, " rows but dim 0 is ",
              t.shape[0]));
      }
      int64_t bytes = t.bytesOnTile(t.mapping.tiles.first);
      if (bytes > p_.target.bytesPerTile)
        return absl::ResourceExhaustedError(absl::StrCat(
            what, ": tile ", t.mapping.tiles.first, " needs ", bytes,
            " bytes for its slice but bytes_per_tile is ",
            p_.target.bytesPerTile));
    }
    for (size_t i = 0; i < p_.streams.size(); ++i) {
      const HostStreamDecl &s = p_.streams[i];
      std::string what = absl::StrCat("host stream ", i, " '", s.name, "'");
      if (s.name.empty())
        return invalid(absl::StrCat("host stream ", i, ": empty name"));
      if (!names.insert(s.name).second)
        return invalid(absl::StrCat(what, ": duplicate symbol name"));
      if (absl::Status st = checkShape(s.shape, what); !st.ok())
        return st;
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
      if (static_cast<int>(vx.ins.size()) != c->numIns ||
          static_cast<int>(vx.outs.size()) != c->numOuts)
        return invalid(absl::StrCat(what, ": takes ", c->numIns,
                                    " inputs and ", c->numOuts,
                                    " outputs, got ", vx.ins.size(), " and ",
                                    vx.outs.size()));
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
    std::map<std::string, std::vector<Interval>> writes, reads;
    for (size_t c = 0; c < s.copies.size(); ++c) {
      const Copy &cp = s.copies[c];
      std::string what = absl::StrCat(where, ", copy ", c, " ('", cp.source,
                                      "' -> '", cp.dest, "')");
      const TensorDecl *src = p_.findTensor(cp.source);
      const TensorDecl *dst = p_.findTensor(cp.dest);
      if (!src)
        return invalid(absl::StrCat(what, ": source '", cp.source,
                                    "' is not a tensor of the program"));
      if (!dst)
        return invalid(absl::StrCat(what, ": dest '", cp.dest,
                                    "' is not a tensor of the program"));
      int64_t sb = 0, se = 0, db = 0, de = 0;
      if (absl::Status st = range(*src, cp.sourceBegin, cp.sourceEnd, sb, se,
                                  what + ": source");
          !st.ok())
        return st;
      if (absl::Status st =
              range(*dst, cp.destBegin, cp.destEnd, db, de, what + ": dest");
          !st.ok())
        return st;
      if (src->dtype != dst->dtype)
        return invalid(absl::StrCat(what, ": source is ",
                                    dtypeName(src->dtype), " but dest is ",
                                    dtypeName(dst->dtype)));
      if (se - sb != de - db)
        return invalid(absl::StrCat(what, ": source has ", se - sb,
                                    " elements but dest has ", de - db));
      if (src == dst && overlap(sb, se, db, de))
        return invalid(absl::StrCat(what, ": source [", sb, ", ", se,
                                    ") and dest [", db, ", ", de,
                                    ") overlap in one tensor"));
      for (const Interval &w : writes[cp.dest])
        if (overlap(w.begin, w.end, db, de))
          return invalid(absl::StrCat(what, ": writes elements of '", cp.dest,
                                      "' that copy ", w.copy, " also writes"));
      for (const Interval &r : reads[cp.dest])
        if (overlap(r.begin, r.end, db, de))
          return invalid(absl::StrCat(what, ": writes elements of '", cp.dest,
                                      "' that copy ", r.copy, " reads"));
      for (const Interval &w : writes[cp.source])
        if (overlap(w.begin, w.end, sb, se))
          return invalid(absl::StrCat(what, ": reads elements of '",
                                      cp.source, "' that copy ", w.copy,
                                      " writes"));
      writes[cp.dest].push_back({db, de, c});
      reads[cp.source].push_back({sb, se, c});
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
