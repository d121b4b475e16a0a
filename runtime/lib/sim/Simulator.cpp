//===- Simulator.cpp - Executes BSP tile programs -------------------------===//
#include "gnnrt/sim/Simulator.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gnnrt/sim/Codelets.h"

namespace gnnrt::sim {
namespace {

/// The raw bytes of a tensor's storage (its typed views are the only
/// accessors).
uint8_t *rawBytes(Tensor &t) {
  switch (t.dtype()) {
  case DType::kF32:
    return reinterpret_cast<uint8_t *>(t.data<float>().data());
  case DType::kI32:
    return reinterpret_cast<uint8_t *>(t.data<int32_t>().data());
  case DType::kI64:
    return reinterpret_cast<uint8_t *>(t.data<int64_t>().data());
  case DType::kBool:
    break;
  }
  return t.data<uint8_t>().data();
}

const uint8_t *rawBytes(const Tensor &t) {
  switch (t.dtype()) {
  case DType::kF32:
    return reinterpret_cast<const uint8_t *>(t.data<float>().data());
  case DType::kI32:
    return reinterpret_cast<const uint8_t *>(t.data<int32_t>().data());
  case DType::kI64:
    return reinterpret_cast<const uint8_t *>(t.data<int64_t>().data());
  case DType::kBool:
    break;
  }
  return t.data<uint8_t>().data();
}

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

int64_t flatRangeBegin(int64_t b) { return b == -1 ? 0 : b; }

} // namespace

absl::StatusOr<std::unique_ptr<Simulator>>
Simulator::create(Program program, CostParams params) {
  if (absl::Status s = validate(program); !s.ok())
    return s;
  std::unique_ptr<Simulator> sim(new Simulator());
  sim->program_ = std::move(program);
  sim->params_ = params;
  const TargetModel &target = sim->program_.target;
  int64_t tiles = target.totalTiles();
  std::vector<int64_t> used(static_cast<size_t>(tiles), 0);
  for (const TensorDecl &t : sim->program_.tensors) {
    Placement p;
    p.decl = &t;
    p.offsets.resize(static_cast<size_t>(t.mapping.tiles.count), 0);
    for (int64_t k = 0; k < t.mapping.tiles.count; ++k) {
      int64_t tile = t.mapping.tiles.first + k;
      int64_t bytes = t.bytesOnTile(tile);
      int64_t offset = (used[tile] + 7) / 8 * 8;
      if (offset + bytes > target.bytesPerTile)
        return absl::ResourceExhaustedError(absl::StrCat(
            "out of tile memory: tile ", tile, " needs ", offset + bytes,
            " bytes (tensor '", t.name, "' adds ", bytes, " at offset ",
            offset, ") but bytes_per_tile is ", target.bytesPerTile));
      p.offsets[k] = offset;
      used[tile] = offset + bytes;
    }
    sim->placements_[t.name] = std::move(p);
  }
  sim->arenas_.resize(static_cast<size_t>(tiles));
  Profile &prof = sim->profile_;
  prof.bytesPerTile = used;
  int64_t sum = 0;
  for (int64_t tile = 0; tile < tiles; ++tile) {
    sim->arenas_[tile].assign(static_cast<size_t>(used[tile]), 0);
    prof.maxBytesPerTile = std::max(prof.maxBytesPerTile, used[tile]);
    sum += used[tile];
  }
  prof.meanBytesPerTile = tiles ? static_cast<double>(sum) / tiles : 0.0;
  collectProfiles(sim->program_.steps, prof.steps);
  for (const HostStreamDecl &s : sim->program_.streams)
    sim->streams_[s.name] = Tensor(s.dtype, s.shape);
  return sim;
}

const Simulator::Placement *Simulator::placement(const std::string &name) const {
  auto it = placements_.find(name);
  return it == placements_.end() ? nullptr : &it->second;
}

uint8_t *Simulator::sliceData(const Placement &p, int64_t tile) const {
  int64_t k = tile - p.decl->mapping.tiles.first;
  // The arenas are owned by this object; slices are handed to codelets.
  return const_cast<uint8_t *>(arenas_[tile].data()) + p.offsets[k];
}

int64_t Simulator::offsetOf(const std::string &name, int64_t tile) const {
  const Placement *p = placement(name);
  if (!p || !p->decl->mapping.tiles.contains(tile))
    return -1;
  return p->offsets[tile - p->decl->mapping.tiles.first];
}

void Simulator::scatterToTiles(const Placement &p, const Tensor &value) {
  const TensorDecl &t = *p.decl;
  int64_t esize = dtypeSize(t.dtype);
  const uint8_t *src = rawBytes(value);
  for (int64_t tile = t.mapping.tiles.first; tile < t.mapping.tiles.end();
       ++tile) {
    auto [b, e] = t.elementsOnTile(tile);
    if (e > b)
      std::memcpy(sliceData(p, tile), src + b * esize,
                  static_cast<size_t>((e - b) * esize));
  }
}

Tensor Simulator::gatherFromTiles(const Placement &p) const {
  const TensorDecl &t = *p.decl;
  Tensor out(t.dtype, t.shape);
  int64_t esize = dtypeSize(t.dtype);
  uint8_t *dst = rawBytes(out);
  int64_t last = t.mapping.replicated ? t.mapping.tiles.first + 1
                                      : t.mapping.tiles.end();
  for (int64_t tile = t.mapping.tiles.first; tile < last; ++tile) {
    auto [b, e] = t.elementsOnTile(tile);
    if (e > b)
      std::memcpy(dst + b * esize, sliceData(p, tile),
                  static_cast<size_t>((e - b) * esize));
  }
  return out;
}

absl::Status Simulator::setStream(const std::string &name,
                                  const Tensor &value) {
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
  streams_[name] = value;
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Simulator::getStream(const std::string &name) const {
  auto it = streams_.find(name);
  if (it == streams_.end())
    return absl::NotFoundError(absl::StrCat("no host stream '", name, "'"));
  return it->second;
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
  auto [rb, re] = t.rowsOnTile(tile);
  Shape shape = t.shape;
  if (!shape.empty())
    shape[0] = re - rb;
  Tensor out(t.dtype, shape);
  int64_t bytes = t.bytesOnTile(tile);
  uint8_t *dst = rawBytes(out);
  if (bytes > 0)
    std::memcpy(dst, sliceData(*p, tile), static_cast<size_t>(bytes));
  return out;
}

absl::Status Simulator::run() {
  int64_t index = 0;
  return runSteps(program_.steps, index);
}

absl::Status Simulator::runSteps(const std::vector<Step> &steps,
                                 int64_t &index) {
  for (const Step &s : steps) {
    StepProfile &prof = profile_.steps[index++];
    prof.executions++;
    absl::Status st;
    int64_t before = profile_.totalCycles;
    switch (s.kind) {
    case Step::Kind::kComputeSet:
      st = runComputeSet(s, prof);
      break;
    case Step::Kind::kExchange:
      st = runExchange(s, prof);
      break;
    case Step::Kind::kSync:
      prof.cycles += program_.target.syncCycles;
      profile_.syncCycles += program_.target.syncCycles;
      profile_.totalCycles += program_.target.syncCycles;
      break;
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
      st = runStreamCopy(s, prof);
      break;
    }
    if (!st.ok())
      return st;
  }
  profile_.seconds = static_cast<double>(profile_.totalCycles) /
                     program_.target.clockHz;
  return absl::OkStatus();
}

absl::Status Simulator::runComputeSet(const Step &step, StepProfile &prof) {
  const TargetModel &target = program_.target;
  std::vector<std::pair<int64_t, int64_t>> tileCycles; // (tile, cycles)
  std::map<int64_t, int64_t> cycles;
  std::vector<LocalSlice> ins, outs;
  for (size_t v = 0; v < step.vertices.size(); ++v) {
    const Vertex &vx = step.vertices[v];
    const Codelet *c = findCodelet(vx.codelet);
    if (!c)
      return absl::InvalidArgumentError(
          absl::StrCat("unknown codelet '", vx.codelet, "'"));
    for (int64_t tile = vx.tiles.first; tile < vx.tiles.end(); ++tile) {
      auto slices = [&](const std::vector<std::string> &names,
                        std::vector<LocalSlice> &out) {
        out.clear();
        for (const std::string &n : names) {
          const Placement &p = *placement(n);
          auto [rb, re] = p.decl->rowsOnTile(tile);
          LocalSlice s;
          s.decl = p.decl;
          s.rows = re - rb;
          s.rowElements = p.decl->rowElements();
          s.data = sliceData(p, tile);
          out.push_back(s);
        }
      };
      slices(vx.ins, ins);
      slices(vx.outs, outs);
      if (absl::Status st = c->run(vx, ins, outs); !st.ok())
        return absl::InvalidArgumentError(absl::StrCat(
            "compute set '", step.name, "', vertex ", v, " '", vx.codelet,
            "' on tile ", tile, ": ", st.message()));
      cycles[tile] += c->cycles(target, params_, ins, outs);
    }
  }
  int64_t maxC = 0, minC = std::numeric_limits<int64_t>::max();
  for (const auto &[tile, c] : cycles) {
    maxC = std::max(maxC, c);
    minC = std::min(minC, c);
  }
  prof.cycles += maxC;
  prof.minTileCycles = cycles.empty() ? 0 : minC;
  profile_.computeCycles += maxC;
  profile_.totalCycles += maxC;
  return absl::OkStatus();
}

absl::Status Simulator::runExchange(const Step &step, StepProfile &prof) {
  struct Transfer {
    int64_t srcTile, dstTile;
    const uint8_t *src;
    uint8_t *dst;
    int64_t bytes;
  };
  std::vector<Transfer> transfers;
  std::map<int64_t, int64_t> sent, received;
  int64_t moved = 0;
  for (const Copy &cp : step.copies) {
    const Placement &sp = *placement(cp.source);
    const Placement &dp = *placement(cp.dest);
    const TensorDecl &st = *sp.decl, &dt = *dp.decl;
    int64_t esize = dtypeSize(st.dtype);
    int64_t sb = flatRangeBegin(cp.sourceBegin);
    int64_t db = flatRangeBegin(cp.destBegin);
    int64_t de = cp.destEnd == -1 ? numElements(dt.shape) : cp.destEnd;
    // Elements each source tile puts on the exchange, as (tile, begin, end)
    // in source flat indices; merged below so that a multicast counts once.
    std::vector<std::tuple<int64_t, int64_t, int64_t>> sends;
    int64_t srcRow = st.rowElements();
    for (int64_t d = dt.mapping.tiles.first; d < dt.mapping.tiles.end(); ++d) {
      auto [ob, oe] = dt.elementsOnTile(d);
      int64_t x = std::max(ob, db), y = std::min(oe, de);
      if (x >= y)
        continue;
      int64_t u = x - db + sb, v = y - db + sb;
      while (u < v) {
        int64_t s, segEnd;
        if (st.mapping.replicated) {
          s = st.mapping.tiles.contains(d) ? d : st.mapping.tiles.first;
          segEnd = v;
        } else {
          int64_t k = (u / srcRow) / st.mapping.block;
          s = st.mapping.tiles.first + k;
          segEnd = std::min(v, (k + 1) * st.mapping.block * srcRow);
        }
        int64_t n = segEnd - u;
        auto [sob, soe] = st.elementsOnTile(s);
        (void)soe;
        auto [dob, doe] = dt.elementsOnTile(d);
        (void)doe;
        int64_t dElem = u - sb + db;
        transfers.push_back({s, d, sliceData(sp, s) + (u - sob) * esize,
                             sliceData(dp, d) + (dElem - dob) * esize,
                             n * esize});
        if (s != d) {
          received[d] += n * esize;
          sends.emplace_back(s, u, segEnd);
        }
        u = segEnd;
      }
    }
    std::sort(sends.begin(), sends.end());
    for (size_t i = 0; i < sends.size();) {
      auto [s, b, e] = sends[i];
      int64_t total = 0;
      size_t j = i + 1;
      for (; j < sends.size() && std::get<0>(sends[j]) == s; ++j) {
        if (std::get<1>(sends[j]) <= e) {
          e = std::max(e, std::get<2>(sends[j]));
        } else {
          total += e - b;
          b = std::get<1>(sends[j]);
          e = std::get<2>(sends[j]);
        }
      }
      total += e - b;
      sent[s] += total * esize;
      moved += total * esize;
      i = j;
    }
  }
  // All reads happen before any write.
  std::vector<std::vector<uint8_t>> staged(transfers.size());
  for (size_t i = 0; i < transfers.size(); ++i)
    staged[i].assign(transfers[i].src, transfers[i].src + transfers[i].bytes);
  for (size_t i = 0; i < transfers.size(); ++i)
    if (transfers[i].bytes > 0)
      std::memcpy(transfers[i].dst, staged[i].data(),
                  static_cast<size_t>(transfers[i].bytes));
  int64_t maxSent = 0, maxRecv = 0;
  for (const auto &[t, b] : sent)
    maxSent = std::max(maxSent, b);
  for (const auto &[t, b] : received)
    maxRecv = std::max(maxRecv, b);
  int64_t c = exchangeCycles(program_.target, maxSent, maxRecv);
  prof.cycles += c;
  prof.bytes += moved;
  profile_.exchangeCycles += c;
  profile_.totalCycles += c;
  profile_.bytesExchanged += moved;
  return absl::OkStatus();
}

absl::Status Simulator::runStreamCopy(const Step &step, StepProfile &prof) {
  if (const Placement *p = placement(step.dest)) {
    const Tensor &value = streams_[step.source];
    scatterToTiles(*p, value);
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
