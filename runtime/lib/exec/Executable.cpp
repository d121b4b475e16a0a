//===- Executable.cpp - gnnc executables: loading, validation, saving -----===//
#include "gnnrt/exec/Executable.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gnnc/executable.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"

namespace gnnrt::exec {
namespace pb = ::gnnc::exec;

const sim::Program *Executable::findProgram(const std::string &name) const {
  for (const sim::Program &p : programs)
    if (p.name == name)
      return &p;
  return nullptr;
}

const StateTensor *Executable::findState(const std::string &name) const {
  for (const StateTensor &s : state)
    if (s.name == name)
      return &s;
  return nullptr;
}

namespace {

absl::Status invalid(const std::string &msg) {
  return absl::InvalidArgumentError(msg);
}

/// Prefixes a status message, keeping its code.
absl::Status prefixed(const absl::Status &s, absl::string_view prefix) {
  if (s.ok() || prefix.empty())
    return s;
  return absl::Status(s.code(), absl::StrCat(prefix, ": ", s.message()));
}

absl::StatusOr<DType> fromProtoDType(int v, absl::string_view what) {
  switch (v) {
  case pb::F32:
    return DType::kF32;
  case pb::I32:
    return DType::kI32;
  case pb::I64:
    return DType::kI64;
  case pb::BOOL:
    return DType::kBool;
  default:
    break;
  }
  return invalid(absl::StrCat(what, ": unknown dtype enum value ", v,
                              v == 0 ? " (DTYPE_UNSPECIFIED)" : "",
                              "; expected F32, I32, I64 or BOOL"));
}

pb::DType toProtoDType(DType d) {
  switch (d) {
  case DType::kF32:
    return pb::F32;
  case DType::kI32:
    return pb::I32;
  case DType::kI64:
    return pb::I64;
  case DType::kBool:
    return pb::BOOL;
  }
  return pb::DTYPE_UNSPECIFIED;
}

// Elements a tensor may have: keeps every byte count below 2^62.
constexpr int64_t kMaxElements = int64_t(1) << 56;

absl::StatusOr<Shape>
fromProtoShape(const google::protobuf::RepeatedField<int64_t> &dims,
               absl::string_view what) {
  Shape shape(dims.begin(), dims.end());
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
  return shape;
}

absl::StatusOr<Tensor> fromProtoTensor(const pb::TensorData &data,
                                       absl::string_view what) {
  absl::StatusOr<DType> dtype = fromProtoDType(data.dtype(), what);
  if (!dtype.ok())
    return dtype.status();
  absl::StatusOr<Shape> shape = fromProtoShape(data.shape(), what);
  if (!shape.ok())
    return shape.status();
  int64_t n = numElements(*shape);
  int64_t bytes = n * dtypeSize(*dtype);
  if (static_cast<int64_t>(data.data().size()) != bytes)
    return invalid(absl::StrCat(what, ": ", dtypeName(*dtype),
                                shapeToString(*shape), " needs ", bytes,
                                " bytes of data but has ", data.data().size()));
  if (*dtype == DType::kBool)
    for (size_t i = 0; i < data.data().size(); ++i)
      if (static_cast<unsigned char>(data.data()[i]) > 1)
        return invalid(absl::StrCat(what, ": bool element ", i, " is ",
                                    static_cast<int>(static_cast<unsigned char>(
                                        data.data()[i])),
                                    ", expected 0 or 1"));
  Tensor t(*dtype, *shape);
  if (bytes > 0)
    std::memcpy(t.rawData(), data.data().data(), static_cast<size_t>(bytes));
  return t;
}

void toProtoTensor(const Tensor &t, pb::TensorData *out) {
  out->set_dtype(toProtoDType(t.dtype()));
  for (int64_t d : t.shape())
    out->add_shape(d);
  out->set_data(reinterpret_cast<const char *>(t.rawData()),
                static_cast<size_t>(t.sizeInBytes()));
}

absl::Status fromProtoSteps(const google::protobuf::RepeatedPtrField<pb::Step> &in,
                            std::vector<sim::Step> &out,
                            const std::string &prefix) {
  for (int i = 0; i < in.size(); ++i) {
    const pb::Step &ps = in[i];
    std::string what = absl::StrCat(prefix, "step ", i);
    switch (ps.kind_case()) {
    case pb::Step::kComputeSet: {
      std::vector<sim::Vertex> vertices;
      const pb::ComputeSet &cs = ps.compute_set();
      for (int v = 0; v < cs.vertices_size(); ++v) {
        const pb::Vertex &pv = cs.vertices(v);
        sim::Vertex vx;
        vx.codelet = pv.codelet();
        vx.tiles = sim::TileRange{pv.first_tile(), pv.tile_count()};
        vx.ins.assign(pv.ins().begin(), pv.ins().end());
        vx.outs.assign(pv.outs().begin(), pv.outs().end());
        for (const auto &[key, value] : pv.params()) {
          switch (value.value_case()) {
          case pb::ParamValue::kI:
            vx.params[key] = value.i();
            break;
          case pb::ParamValue::kF:
            vx.params[key] = value.f();
            break;
          case pb::ParamValue::kS:
            vx.params[key] = value.s();
            break;
          case pb::ParamValue::kInts:
            vx.params[key] = std::vector<int64_t>(
                value.ints().values().begin(), value.ints().values().end());
            break;
          case pb::ParamValue::VALUE_NOT_SET:
            return invalid(absl::StrCat(what, " (compute_set '", cs.name(),
                                        "'), vertex ", v, " '", pv.codelet(),
                                        "': param '", key, "' has no value"));
          }
        }
        vertices.push_back(std::move(vx));
      }
      out.push_back(sim::Step::computeSet(cs.name(), std::move(vertices)));
      break;
    }
    case pb::Step::kExchange: {
      std::vector<sim::Copy> copies;
      for (const pb::Copy &pc : ps.exchange().copies())
        copies.push_back(sim::Copy{
            pc.source(), pc.source_begin(), pc.source_end(), pc.dest(),
            pc.dest_begin(), pc.dest_end(),
            std::vector<int64_t>(pc.runs().begin(), pc.runs().end())});
      out.push_back(sim::Step::exchange(ps.exchange().name(), std::move(copies)));
      break;
    }
    case pb::Step::kSync:
      out.push_back(sim::Step::sync(ps.sync().global()));
      break;
    case pb::Step::kRepeat: {
      std::vector<sim::Step> body;
      if (absl::Status s = fromProtoSteps(ps.repeat().body(), body,
                                          absl::StrCat(what, " (repeat), "));
          !s.ok())
        return s;
      out.push_back(sim::Step::repeat(ps.repeat().count(), std::move(body)));
      break;
    }
    case pb::Step::kStreamCopy:
      out.push_back(sim::Step::streamCopy(ps.stream_copy().source(),
                                          ps.stream_copy().dest()));
      break;
    case pb::Step::KIND_NOT_SET:
      return invalid(absl::StrCat(what, ": no step kind set"));
    }
  }
  return absl::OkStatus();
}

void toProtoSteps(const std::vector<sim::Step> &in,
                  google::protobuf::RepeatedPtrField<pb::Step> *out) {
  for (const sim::Step &s : in) {
    pb::Step *ps = out->Add();
    switch (s.kind) {
    case sim::Step::Kind::kComputeSet: {
      pb::ComputeSet *cs = ps->mutable_compute_set();
      cs->set_name(s.name);
      for (const sim::Vertex &vx : s.vertices) {
        pb::Vertex *pv = cs->add_vertices();
        pv->set_codelet(vx.codelet);
        pv->set_first_tile(vx.tiles.first);
        pv->set_tile_count(vx.tiles.count);
        for (const std::string &n : vx.ins)
          pv->add_ins(n);
        for (const std::string &n : vx.outs)
          pv->add_outs(n);
        for (const auto &[key, value] : vx.params) {
          pb::ParamValue &pvv = (*pv->mutable_params())[key];
          if (const int64_t *i = std::get_if<int64_t>(&value))
            pvv.set_i(*i);
          else if (const double *f = std::get_if<double>(&value))
            pvv.set_f(*f);
          else if (const std::string *str = std::get_if<std::string>(&value))
            pvv.set_s(*str);
          else if (const auto *ints = std::get_if<std::vector<int64_t>>(&value))
            for (int64_t x : *ints)
              pvv.mutable_ints()->add_values(x);
        }
      }
      break;
    }
    case sim::Step::Kind::kExchange: {
      pb::Exchange *ex = ps->mutable_exchange();
      ex->set_name(s.name);
      for (const sim::Copy &c : s.copies) {
        pb::Copy *pc = ex->add_copies();
        pc->set_source(c.source);
        pc->set_source_begin(c.sourceBegin);
        pc->set_source_end(c.sourceEnd);
        pc->set_dest(c.dest);
        pc->set_dest_begin(c.destBegin);
        pc->set_dest_end(c.destEnd);
        pc->mutable_runs()->Add(c.runs.begin(), c.runs.end());
      }
      break;
    }
    case sim::Step::Kind::kSync:
      ps->mutable_sync()->set_global(s.global);
      break;
    case sim::Step::Kind::kRepeat:
      ps->mutable_repeat()->set_count(s.count);
      toProtoSteps(s.body, ps->mutable_repeat()->mutable_body());
      break;
    case sim::Step::Kind::kStreamCopy:
      ps->mutable_stream_copy()->set_source(s.source);
      ps->mutable_stream_copy()->set_dest(s.dest);
      break;
    }
  }
}

absl::StatusOr<sim::Program> fromProtoProgram(const pb::Program &pp,
                                              const TargetModel &target) {
  sim::Program p;
  p.name = pp.name();
  p.target = target;
  for (int i = 0; i < pp.tensors_size(); ++i) {
    const pb::TensorDecl &pt = pp.tensors(i);
    std::string what = absl::StrCat("tensor ", i, " '", pt.name(), "'");
    sim::TensorDecl t;
    t.name = pt.name();
    absl::StatusOr<DType> dtype = fromProtoDType(pt.dtype(), what);
    if (!dtype.ok())
      return dtype.status();
    t.dtype = *dtype;
    absl::StatusOr<Shape> shape = fromProtoShape(pt.shape(), what);
    if (!shape.ok())
      return shape.status();
    t.shape = *std::move(shape);
    if (!pt.has_mapping())
      return invalid(absl::StrCat(what, ": no mapping"));
    const pb::Mapping &m = pt.mapping();
    t.mapping.replicated = m.replicated();
    t.mapping.dim = m.dim();
    t.mapping.block = m.replicated() ? 0 : m.block();
    t.mapping.tiles = sim::TileRange{m.first_tile(), m.tile_count()};
    t.offset = pt.offset();
    t.state = pt.state();
    if (pt.has_constant()) {
      absl::StatusOr<Tensor> c =
          fromProtoTensor(pt.constant(), absl::StrCat(what, " constant"));
      if (!c.ok())
        return c.status();
      t.constant = *std::move(c);
    }
    p.tensors.push_back(std::move(t));
  }
  for (int i = 0; i < pp.streams_size(); ++i) {
    const pb::HostStream &ps = pp.streams(i);
    std::string what = absl::StrCat("host stream ", i, " '", ps.name(), "'");
    sim::HostStreamDecl s;
    s.name = ps.name();
    absl::StatusOr<DType> dtype = fromProtoDType(ps.dtype(), what);
    if (!dtype.ok())
      return dtype.status();
    s.dtype = *dtype;
    absl::StatusOr<Shape> shape = fromProtoShape(ps.shape(), what);
    if (!shape.ok())
      return shape.status();
    s.shape = *std::move(shape);
    s.direction = ps.host_to_device() ? sim::StreamDirection::kHostToDevice
                                      : sim::StreamDirection::kDeviceToHost;
    s.binding = ps.binding();
    s.role = ps.role();
    s.rowOrder = ps.row_order();
    p.streams.push_back(std::move(s));
  }
  if (absl::Status s = fromProtoSteps(pp.steps(), p.steps, ""); !s.ok())
    return s;
  return p;
}

bool sameTarget(const TargetModel &a, const TargetModel &b) {
  return a.tilesPerIpu == b.tilesPerIpu && a.bytesPerTile == b.bytesPerTile &&
         a.numIpus == b.numIpus && a.clockHz == b.clockHz &&
         a.exchangeBytesPerCycle == b.exchangeBytesPerCycle &&
         a.syncCycles == b.syncCycles && a.workersPerTile == b.workersPerTile;
}

class CollectErrors : public google::protobuf::io::ErrorCollector {
public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string &message) override {
    if (errors.size() < 5)
      errors.push_back(
          absl::StrCat("line ", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber,
                  const std::string &) override {}
  std::vector<std::string> errors;
};

std::string rowOrderNames(const Executable &exe) {
  std::vector<std::string> names;
  for (const auto &entry : exe.rowOrders)
    names.push_back(absl::StrCat("'", entry.first, "'"));
  return names.empty() ? std::string("none") : absl::StrJoin(names, ", ");
}

/// A permutation of [0, n): every entry in range and none twice. O(n).
absl::Status validateRowOrder(const std::string &name,
                              const std::vector<int64_t> &order) {
  std::string what = absl::StrCat("row order '", name, "'");
  if (name.empty())
    return invalid("row order with an empty name");
  int64_t n = static_cast<int64_t>(order.size());
  std::vector<int64_t> seenAt(order.size(), -1);
  for (int64_t i = 0; i < n; ++i) {
    int64_t r = order[static_cast<size_t>(i)];
    if (r < 0 || r >= n)
      return invalid(absl::StrCat(what, ": entry ", i, " is host row ", r,
                                  ", outside [0, ", n, ")"));
    int64_t &first = seenAt[static_cast<size_t>(r)];
    if (first >= 0)
      return invalid(absl::StrCat(what, ": entries ", first, " and ", i,
                                  " both hold host row ", r,
                                  "; not a permutation"));
    first = i;
  }
  return absl::OkStatus();
}

} // namespace

absl::Status validateExecutable(const Executable &exe) {
  if (absl::Status s = exe.target.validate(); !s.ok())
    return invalid(absl::StrCat("target: ", s.message()));
  std::set<std::string> stateNames;
  for (size_t i = 0; i < exe.state.size(); ++i) {
    const StateTensor &st = exe.state[i];
    if (st.name.empty())
      return invalid(absl::StrCat("state tensor ", i, ": empty name"));
    if (!stateNames.insert(st.name).second)
      return invalid(absl::StrCat("state tensor ", i, " '", st.name,
                                  "': duplicate name"));
  }
  for (const auto &[name, order] : exe.rowOrders)
    if (absl::Status s = validateRowOrder(name, order); !s.ok())
      return s;
  if (exe.programs.empty())
    return invalid("the executable has no programs");
  std::set<std::string> programNames;
  for (size_t i = 0; i < exe.programs.size(); ++i) {
    const sim::Program &p = exe.programs[i];
    std::string what = absl::StrCat("program ", i, " '", p.name, "'");
    if (p.name.empty())
      return invalid(absl::StrCat("program ", i, ": empty name"));
    if (!programNames.insert(p.name).second)
      return invalid(absl::StrCat(what, ": duplicate program name"));
    if (!sameTarget(p.target, exe.target))
      return invalid(absl::StrCat(what, ": target ", p.target.toString(),
                                  " differs from the executable's ",
                                  exe.target.toString()));
    if (absl::Status s = sim::validate(p); !s.ok())
      return prefixed(s, absl::StrCat("program '", p.name, "'"));
    for (size_t k = 0; k < p.streams.size(); ++k) {
      const sim::HostStreamDecl &hs = p.streams[k];
      if (hs.rowOrder.empty())
        continue;
      std::string sw = absl::StrCat("program '", p.name, "': host stream ",
                                    k, " '", hs.name, "'");
      auto order = exe.rowOrders.find(hs.rowOrder);
      if (order == exe.rowOrders.end())
        return invalid(absl::StrCat(
            sw, ": row order '", hs.rowOrder,
            "' is not a row order of the executable (row orders: ",
            rowOrderNames(exe), ")"));
      int64_t n = static_cast<int64_t>(order->second.size());
      if (hs.shape.empty() || hs.shape[0] != n)
        return invalid(absl::StrCat(
            sw, ": is ", dtypeName(hs.dtype), shapeToString(hs.shape),
            " but row order '", hs.rowOrder, "' has ", n,
            " rows (a stream with a row order needs rank >= 1 and leading "
            "dimension ",
            n, ")"));
    }
    for (size_t k = 0; k < p.tensors.size(); ++k) {
      const sim::TensorDecl &t = p.tensors[k];
      if (t.state.empty())
        continue;
      const StateTensor *st = exe.findState(t.state);
      std::string tw = absl::StrCat("program '", p.name, "': tensor ", k,
                                    " '", t.name, "'");
      if (!st)
        return invalid(absl::StrCat(tw, ": state '", t.state,
                                    "' is not a state tensor of the "
                                    "executable"));
      if (st->initial.dtype() != t.dtype || st->initial.shape() != t.shape)
        return invalid(absl::StrCat(
            tw, ": is ", dtypeName(t.dtype), shapeToString(t.shape),
            " but state '", t.state, "' is ", dtypeName(st->initial.dtype()),
            shapeToString(st->initial.shape())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Executable> fromProto(const pb::Executable &proto,
                                     absl::string_view source) {
  auto fail = [&](const absl::Status &s) { return prefixed(s, source); };
  if (proto.format() != kFormat)
    return fail(invalid(absl::StrCat("not a gnnc executable: format is '",
                                     proto.format(), "', expected '", kFormat,
                                     "'")));
  if (proto.format_version() != kFormatVersion)
    return fail(invalid(absl::StrCat(
        "executable format version ", proto.format_version(),
        " is not supported: this runtime reads version ", kFormatVersion)));
  Executable exe;
  exe.producer = proto.producer();
  exe.modelName = proto.model_name();
  if (!proto.has_target())
    return fail(invalid("no target"));
  const pb::Target &pt = proto.target();
  exe.target.tilesPerIpu = pt.tiles_per_ipu();
  exe.target.bytesPerTile = pt.bytes_per_tile();
  exe.target.numIpus = pt.ipus();
  exe.target.clockHz = pt.clock_hz();
  exe.target.exchangeBytesPerCycle = pt.exchange_bytes_per_cycle();
  exe.target.syncCycles = pt.sync_cycles();
  exe.target.workersPerTile = pt.workers_per_tile();
  if (absl::Status s = exe.target.validate(); !s.ok())
    return fail(invalid(absl::StrCat("target: ", s.message())));
  for (int i = 0; i < proto.state_size(); ++i) {
    const pb::StateTensor &ps = proto.state(i);
    std::string what = absl::StrCat("state tensor ", i, " '", ps.name(), "'");
    if (!ps.has_initial())
      return fail(invalid(absl::StrCat(what, ": no initial value")));
    absl::StatusOr<Tensor> t = fromProtoTensor(ps.initial(), what);
    if (!t.ok())
      return fail(t.status());
    exe.state.push_back(StateTensor{ps.name(), ps.role(), *std::move(t)});
  }
  exe.metadata.insert(proto.metadata().begin(), proto.metadata().end());
  for (const auto &[k, v] : proto.row_orders())
    exe.rowOrders[k].assign(v.host_rows().begin(), v.host_rows().end());
  for (int i = 0; i < proto.programs_size(); ++i) {
    absl::StatusOr<sim::Program> p =
        fromProtoProgram(proto.programs(i), exe.target);
    if (!p.ok())
      return fail(prefixed(p.status(), absl::StrCat("program '",
                                                    proto.programs(i).name(),
                                                    "'")));
    exe.programs.push_back(*std::move(p));
  }
  if (absl::Status s = validateExecutable(exe); !s.ok())
    return fail(s);
  return exe;
}

pb::Executable toProto(const Executable &exe) {
  pb::Executable proto;
  proto.set_format(kFormat);
  proto.set_format_version(kFormatVersion);
  proto.set_producer(exe.producer);
  proto.set_model_name(exe.modelName);
  pb::Target *t = proto.mutable_target();
  t->set_tiles_per_ipu(exe.target.tilesPerIpu);
  t->set_bytes_per_tile(exe.target.bytesPerTile);
  t->set_ipus(exe.target.numIpus);
  t->set_clock_hz(exe.target.clockHz);
  t->set_exchange_bytes_per_cycle(exe.target.exchangeBytesPerCycle);
  t->set_sync_cycles(exe.target.syncCycles);
  t->set_workers_per_tile(exe.target.workersPerTile);
  for (const StateTensor &s : exe.state) {
    pb::StateTensor *ps = proto.add_state();
    ps->set_name(s.name);
    ps->set_role(s.role);
    toProtoTensor(s.initial, ps->mutable_initial());
  }
  for (const auto &[k, v] : exe.metadata)
    (*proto.mutable_metadata())[k] = v;
  for (const auto &[k, v] : exe.rowOrders)
    (*proto.mutable_row_orders())[k].mutable_host_rows()->Add(v.begin(),
                                                               v.end());
  for (const sim::Program &p : exe.programs) {
    pb::Program *pp = proto.add_programs();
    pp->set_name(p.name);
    for (const sim::TensorDecl &td : p.tensors) {
      pb::TensorDecl *pt = pp->add_tensors();
      pt->set_name(td.name);
      pt->set_dtype(toProtoDType(td.dtype));
      for (int64_t d : td.shape)
        pt->add_shape(d);
      pb::Mapping *m = pt->mutable_mapping();
      m->set_replicated(td.mapping.replicated);
      m->set_dim(td.mapping.dim);
      m->set_block(td.mapping.block);
      m->set_first_tile(td.mapping.tiles.first);
      m->set_tile_count(td.mapping.tiles.count);
      pt->set_offset(td.offset);
      pt->set_state(td.state);
      if (td.constant)
        toProtoTensor(*td.constant, pt->mutable_constant());
    }
    for (const sim::HostStreamDecl &s : p.streams) {
      pb::HostStream *ps = pp->add_streams();
      ps->set_name(s.name);
      ps->set_dtype(toProtoDType(s.dtype));
      for (int64_t d : s.shape)
        ps->add_shape(d);
      ps->set_host_to_device(s.direction ==
                             sim::StreamDirection::kHostToDevice);
      ps->set_binding(s.binding);
      ps->set_role(s.role);
      ps->set_row_order(s.rowOrder);
    }
    toProtoSteps(p.steps, pp->mutable_steps());
  }
  return proto;
}

ExecutableEncoding encodingForPath(absl::string_view path) {
  return absl::EndsWith(path, ".textproto") || absl::EndsWith(path, ".pbtxt")
             ? ExecutableEncoding::kText
             : ExecutableEncoding::kBinary;
}

absl::StatusOr<Executable> parseExecutable(absl::string_view bytes,
                                           ExecutableEncoding encoding,
                                           absl::string_view source) {
  std::string where = source.empty() ? std::string("executable")
                                     : std::string(source);
  pb::Executable proto;
  if (encoding == ExecutableEncoding::kText) {
    google::protobuf::TextFormat::Parser parser;
    CollectErrors errors;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(std::string(bytes), &proto))
      return invalid(absl::StrCat(
          where, ": not a valid text-format gnnc executable: ",
          errors.errors.empty() ? std::string("parse error")
                                : absl::StrJoin(errors.errors, "; ")));
  } else {
    if (bytes.size() > static_cast<size_t>(INT32_MAX))
      return invalid(absl::StrCat(where, ": ", bytes.size(),
                                  " bytes is larger than protobuf's 2 GiB "
                                  "limit"));
    if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
      return invalid(absl::StrCat(
          where, ": not a valid gnnc executable: the protobuf is corrupt or "
                 "truncated (",
          bytes.size(), " bytes)"));
  }
  return fromProto(proto, where);
}

absl::StatusOr<Executable> loadExecutable(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot open executable '", path,
                                            "': ", std::strerror(errno)));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad())
    return absl::DataLossError(
        absl::StrCat("error reading executable '", path, "'"));
  return parseExecutable(buf.str(), encodingForPath(path), path);
}

absl::StatusOr<std::string> serializeExecutable(const Executable &exe,
                                                ExecutableEncoding encoding) {
  if (absl::Status s = validateExecutable(exe); !s.ok())
    return s;
  pb::Executable proto = toProto(exe);
  std::string out;
  if (encoding == ExecutableEncoding::kText) {
    if (!google::protobuf::TextFormat::PrintToString(proto, &out))
      return absl::InternalError("text-format serialization failed");
    return out;
  }
  {
    google::protobuf::io::StringOutputStream sos(&out);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    if (!proto.SerializeToCodedStream(&cos))
      return absl::InternalError("binary serialization failed");
  }
  return out;
}

absl::Status saveExecutable(const Executable &exe, const std::string &path) {
  absl::StatusOr<std::string> bytes =
      serializeExecutable(exe, encodingForPath(path));
  if (!bytes.ok())
    return prefixed(bytes.status(), path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot write executable '", path, "': ", std::strerror(errno)));
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  out.close();
  if (!out)
    return absl::DataLossError(
        absl::StrCat("error writing executable '", path, "'"));
  return absl::OkStatus();
}

} // namespace gnnrt::exec
