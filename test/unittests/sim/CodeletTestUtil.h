//===- CodeletTestUtil.h - Runs one codelet over hand-built tile slices ---===//
//
// A harness for the codelet tests: operands are whole host tensors with a
// layout (rows blocked on dim 0, blocked on dim 1, replicated, or a
// one-row-per-tile partial); the harness builds every tile's LocalSlices
// (compact copies, as the simulator's arenas hold them), runs the codelet's
// check once and its body on every tile, and reassembles the results.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TEST_UNITTESTS_SIM_CODELETTESTUTIL_H
#define GNNRT_TEST_UNITTESTS_SIM_CODELETTESTUTIL_H

#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/sim/Codelets.h"
#include "SimTestUtil.h"

namespace gnnrt::sim::testutil {

/// The `reduce` param spelling of a reduction.
inline const char *reduceName(Reduce r) {
  switch (r) {
  case Reduce::kSum:
    return "sum";
  case Reduce::kMean:
    return "mean";
  case Reduce::kMax:
    return "max";
  case Reduce::kMin:
    return "min";
  }
  return "?";
}

enum class Layout { kRows, kDim1, kReplicated, kPartial };

class Harness {
public:
  Harness(std::string codelet, int64_t tiles, Params params = {})
      : tiles_(tiles) {
    vertex_.codelet = std::move(codelet);
    vertex_.tiles = TileRange{0, tiles};
    vertex_.params = std::move(params);
  }

  Harness &in(const std::string &name, const Tensor &value, Layout layout,
              int64_t block = 0) {
    decls_.push_back(decl(name, value.dtype(), value.shape(), layout, block));
    values_[name] = value;
    vertex_.ins.push_back(name);
    return *this;
  }
  /// An output; a name already given as an input makes it in place.
  Harness &out(const std::string &name, DType dtype, const Shape &shape,
               Layout layout, int64_t block = 0) {
    if (!values_.count(name)) {
      decls_.push_back(decl(name, dtype, shape, layout, block));
      values_[name] = Tensor(dtype, shape);
      std::memset(values_[name].rawData(), 0xff,
                  static_cast<size_t>(values_[name].sizeInBytes()));
    }
    vertex_.outs.push_back(name);
    return *this;
  }
  Params &params() { return vertex_.params; }

  absl::Status check() const {
    const Codelet *c = findCodelet(vertex_.codelet);
    if (!c)
      return absl::NotFoundError("no codelet " + vertex_.codelet);
    if (!arityMatches(*c, vertex_.ins.size(), vertex_.outs.size()))
      return absl::InvalidArgumentError("arity");
    std::vector<const TensorDecl *> ins, outs;
    for (const std::string &n : vertex_.ins)
      ins.push_back(find(n));
    for (const std::string &n : vertex_.outs)
      outs.push_back(find(n));
    return c->check(vertex_, ins, outs);
  }

  /// Checks, runs every tile and returns the outputs reassembled.
  absl::StatusOr<std::vector<Tensor>> run() {
    if (absl::Status s = check(); !s.ok())
      return s;
    const Codelet *c = findCodelet(vertex_.codelet);
    // Per-tile storage, shared by in-place outputs.
    std::map<std::string, std::vector<std::vector<uint8_t>>> store;
    std::vector<std::string> names = vertex_.ins;
    names.insert(names.end(), vertex_.outs.begin(), vertex_.outs.end());
    for (const std::string &n : names) {
      if (store.count(n))
        continue;
      auto &tilesData = store[n];
      for (int64_t t = 0; t < tiles_; ++t)
        tilesData.push_back(extract(*find(n), values_[n], t));
    }
    cycles_.assign(tiles_, 0);
    for (int64_t t = 0; t < tiles_; ++t) {
      std::vector<LocalSlice> ins, outs;
      for (const std::string &n : vertex_.ins)
        ins.push_back(slice(*find(n), store[n][t], t));
      for (const std::string &n : vertex_.outs)
        outs.push_back(slice(*find(n), store[n][t], t));
      if (absl::Status s = c->run(vertex_, ins, outs); !s.ok())
        return absl::Status(s.code(),
                            absl::StrCat("tile ", t, ": ", s.message()));
      cycles_[t] = c->cycles(target_, CostParams(), ins, outs);
    }
    std::vector<Tensor> results;
    for (const std::string &n : vertex_.outs) {
      const TensorDecl &d = *find(n);
      Tensor r(d.dtype, d.shape);
      for (int64_t t = 0; t < tiles_; ++t)
        insert(d, store[n][t], t, r);
      results.push_back(std::move(r));
    }
    return results;
  }
  const std::vector<int64_t> &cycles() const { return cycles_; }

private:
  TensorDecl decl(const std::string &name, DType dtype, const Shape &shape,
                  Layout layout, int64_t block) {
    TileRange range{0, tiles_};
    TensorDecl d;
    d.name = name;
    d.dtype = dtype;
    d.shape = shape;
    switch (layout) {
    case Layout::kRows:
      d.mapping = Mapping::blocked(range, block, 0);
      break;
    case Layout::kDim1:
      d.mapping = Mapping::blocked(range, block, 1);
      break;
    case Layout::kReplicated:
      d.mapping = Mapping::replica(range);
      break;
    case Layout::kPartial:
      d.mapping = Mapping::blocked(range, 1, 0);
      break;
    }
    return d;
  }
  const TensorDecl *find(const std::string &n) const {
    for (const TensorDecl &d : decls_)
      if (d.name == n)
        return &d;
    return nullptr;
  }
  static int64_t rest(const TensorDecl &d, size_t from) {
    int64_t r = 1;
    for (size_t i = from; i < d.shape.size(); ++i)
      r *= d.shape[i];
    return r;
  }
  std::vector<uint8_t> extract(const TensorDecl &d, const Tensor &v,
                               int64_t tile) const {
    int64_t es = dtypeSize(d.dtype);
    const uint8_t *src = v.rawData();
    if (d.mapping.replicated || d.mapping.dim == 0) {
      auto [b, e] = d.elementsOnTile(tile);
      std::vector<uint8_t> out(static_cast<size_t>((e - b) * es) + 8);
      std::memcpy(out.data(), src + b * es, static_cast<size_t>((e - b) * es));
      return out;
    }
    auto [b, e] = d.rowsOnTile(tile);
    int64_t inner = rest(d, 2), d0 = d.shape[0], d1 = d.shape[1];
    std::vector<uint8_t> out(static_cast<size_t>(d0 * (e - b) * inner * es) +
                             8);
    for (int64_t i = 0; i < d0; ++i)
      std::memcpy(out.data() + i * (e - b) * inner * es,
                  src + (i * d1 + b) * inner * es,
                  static_cast<size_t>((e - b) * inner * es));
    return out;
  }
  void insert(const TensorDecl &d, const std::vector<uint8_t> &data,
              int64_t tile, Tensor &r) const {
    int64_t es = dtypeSize(d.dtype);
    uint8_t *dst = r.rawData();
    if (d.mapping.replicated) {
      if (tile == 0)
        std::memcpy(dst, data.data(), static_cast<size_t>(r.sizeInBytes()));
      return;
    }
    if (d.mapping.dim == 0) {
      auto [b, e] = d.elementsOnTile(tile);
      std::memcpy(dst + b * es, data.data(), static_cast<size_t>((e - b) * es));
      return;
    }
    auto [b, e] = d.rowsOnTile(tile);
    int64_t inner = rest(d, 2), d0 = d.shape[0], d1 = d.shape[1];
    for (int64_t i = 0; i < d0; ++i)
      std::memcpy(dst + (i * d1 + b) * inner * es,
                  data.data() + i * (e - b) * inner * es,
                  static_cast<size_t>((e - b) * inner * es));
  }
  LocalSlice slice(const TensorDecl &d, std::vector<uint8_t> &data,
                   int64_t tile) const {
    LocalSlice s;
    s.decl = &d;
    auto [b, e] = d.rowsOnTile(tile);
    s.shape = d.localShape(tile);
    s.data = data.data();
    if (d.mapping.replicated || d.mapping.dim == 0) {
      s.rows = e - b;
      s.rowElements = d.rowElements();
      s.begin = d.mapping.replicated ? 0 : b;
    } else {
      s.rows = d.shape[0];
      s.rowElements = (e - b) * rest(d, 2);
      s.begin = b;
    }
    return s;
  }

  int64_t tiles_;
  Vertex vertex_;
  std::deque<TensorDecl> decls_;
  std::map<std::string, Tensor> values_;
  std::vector<int64_t> cycles_;
  TargetModel target_;
};

} // namespace gnnrt::sim::testutil

#endif // GNNRT_TEST_UNITTESTS_SIM_CODELETTESTUTIL_H
