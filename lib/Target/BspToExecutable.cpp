//===- BspToExecutable.cpp - bsp programs to a gnnc executable ------------===//
//
// `--bsp-to-executable` serialises the bsp.program ops of a module, with
// the model-level state they share and the module's gnn.* metadata, as a
// gnnc.exec.Executable (proto/executable.proto) that the simulator runtime
// loads; `--bsp-to-executable-text` writes the same message in protobuf text
// format. See docs/Executable.md.
//
//===----------------------------------------------------------------------===//
#include <cstring>
#include <string>

#include "bsp/BspOps.h"
#include "gnnc/InitAll.h"
#include "gnnc/Target/Executable.h"
#include "gnnc/executable.pb.h"
#include "google/protobuf/text_format.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallString.h"

using namespace mlir;
using namespace mlir::bsp;
namespace exec = gnnc::exec;

namespace gnnc {
void registerBspToExecutableTranslation();
} // namespace gnnc

namespace {

constexpr uint32_t kFormatVersion = 1;

/// The executable's dtype of an element type; emits `what` on failure.
FailureOr<exec::DType> dtypeOf(Type elementType, Operation *op,
                               StringRef what) {
  if (elementType.isF32())
    return exec::F32;
  if (auto integer = dyn_cast<IntegerType>(elementType)) {
    switch (integer.getWidth()) {
    case 1:
      return exec::BOOL;
    case 32:
      return exec::I32;
    case 64:
      return exec::I64;
    default:
      break;
    }
  }
  return op->emitError() << what << " has element type " << elementType
                         << ", which executables cannot hold (f32, i32, i64 "
                            "and i1 only)";
}

int64_t dtypeBytes(exec::DType dtype) {
  switch (dtype) {
  case exec::F32:
  case exec::I32:
    return 4;
  case exec::I64:
    return 8;
  default:
    return 1;
  }
}

void appendLittleEndian(std::string &bytes, uint64_t value, int64_t size) {
  for (int64_t i = 0; i < size; ++i)
    bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

/// Sets `msg`'s dtype and shape fields (TensorData, TensorDecl and
/// HostStream all have them) from `type`; the dtype, or failure.
template <typename Msg>
FailureOr<exec::DType> setTypeFields(Msg &msg, RankedTensorType type,
                                     Operation *op, StringRef what) {
  FailureOr<exec::DType> dtype = dtypeOf(type.getElementType(), op, what);
  if (failed(dtype))
    return failure();
  msg.set_dtype(*dtype);
  for (int64_t d : type.getShape())
    msg.add_shape(d);
  return dtype;
}

/// Raw little-endian row-major contents (i1: one byte per element).
LogicalResult fillData(Attribute value, RankedTensorType expected,
                       exec::TensorData &out, Operation *op, StringRef what) {
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return op->emitError() << what
                           << " must be a dense elements attribute, got "
                           << value;
  if (dense.getType() != expected)
    return op->emitError() << what << " has type " << dense.getType()
                           << " but the tensor is " << expected;
  FailureOr<exec::DType> dtype = setTypeFields(out, expected, op, what);
  if (failed(dtype))
    return failure();
  std::string bytes;
  int64_t size = dtypeBytes(*dtype);
  bytes.reserve(static_cast<size_t>(expected.getNumElements() * size));
  if (*dtype == exec::F32) {
    for (APFloat v : dense.getValues<APFloat>())
      appendLittleEndian(bytes, v.bitcastToAPInt().getZExtValue(), 4);
  } else {
    for (APInt v : dense.getValues<APInt>())
      appendLittleEndian(bytes,
                         *dtype == exec::BOOL ? uint64_t(v.getBoolValue())
                                              : v.getZExtValue(),
                         size);
  }
  out.set_data(std::move(bytes));
  return success();
}

LogicalResult fillZeros(RankedTensorType type, exec::TensorData &out,
                        Operation *op, StringRef what) {
  FailureOr<exec::DType> dtype = setTypeFields(out, type, op, what);
  if (failed(dtype))
    return failure();
  out.set_data(std::string(
      static_cast<size_t>(type.getNumElements() * dtypeBytes(*dtype)), '\0'));
  return success();
}

LogicalResult convertParam(VertexOp vertex, NamedAttribute param,
                           exec::ParamValue &out) {
  Attribute value = param.getValue();
  if (auto flag = dyn_cast<BoolAttr>(value)) {
    out.set_i(flag.getValue() ? 1 : 0);
  } else if (isa<UnitAttr>(value)) {
    out.set_i(1);
  } else if (auto integer = dyn_cast<IntegerAttr>(value)) {
    out.set_i(integer.getType().isUnsignedInteger()
                  ? static_cast<int64_t>(integer.getValue().getZExtValue())
                  : integer.getValue().getSExtValue());
  } else if (auto real = dyn_cast<FloatAttr>(value)) {
    out.set_f(real.getValueAsDouble());
  } else if (auto text = dyn_cast<StringAttr>(value)) {
    out.set_s(text.str());
  } else if (auto ints = dyn_cast<DenseI64ArrayAttr>(value)) {
    exec::IntList *list = out.mutable_ints();
    for (int64_t v : ints.asArrayRef())
      list->add_values(v);
  } else if (auto array = dyn_cast<ArrayAttr>(value);
             array && llvm::all_of(array, [](Attribute a) {
               return isa<IntegerAttr>(a) && !isa<BoolAttr>(a);
             })) {
    exec::IntList *list = out.mutable_ints();
    for (auto v : array.getAsRange<IntegerAttr>())
      list->add_values(v.getValue().getSExtValue());
  } else {
    return vertex.emitError("vertex '")
           << vertex.getCodelet() << "': param '" << param.getName().strref()
           << "' is " << value
           << ", which executables cannot hold (integers, floats, strings, "
              "booleans, unit and integer lists only)";
  }
  return success();
}

LogicalResult
convertSteps(Block &block,
             google::protobuf::RepeatedPtrField<exec::Step> &steps) {
  for (Operation &op : block) {
    if (isa<TensorOp, HostStreamOp>(op))
      continue;
    exec::Step &step = *steps.Add();
    if (auto computeSet = dyn_cast<ComputeSetOp>(op)) {
      exec::ComputeSet &out = *step.mutable_compute_set();
      out.set_name(computeSet.getPhaseName().str());
      for (VertexOp vertex : computeSet.getVertices()) {
        exec::Vertex &v = *out.add_vertices();
        v.set_codelet(vertex.getCodelet().str());
        v.set_first_tile(vertex.getTiles().getFirst());
        v.set_tile_count(vertex.getTiles().getCount());
        for (auto ref : vertex.getIns().getAsRange<FlatSymbolRefAttr>())
          v.add_ins(ref.getValue().str());
        for (auto ref : vertex.getOuts().getAsRange<FlatSymbolRefAttr>())
          v.add_outs(ref.getValue().str());
        if (DictionaryAttr params = vertex.getParamsAttr())
          for (NamedAttribute param : params)
            if (failed(
                    convertParam(vertex, param,
                                 (*v.mutable_params())[param.getName().str()])))
              return failure();
      }
    } else if (auto exchange = dyn_cast<ExchangeOp>(op)) {
      exec::Exchange &out = *step.mutable_exchange();
      out.set_name(exchange.getPhaseName().str());
      for (CopyOp copy : exchange.getCopies()) {
        exec::Copy &c = *out.add_copies();
        c.set_source(copy.getSource().str());
        c.set_source_begin(copy.getSourceBegin().value_or(-1));
        c.set_source_end(copy.getSourceEnd().value_or(-1));
        c.set_dest(copy.getDest().str());
        c.set_dest_begin(copy.getDestBegin().value_or(-1));
        c.set_dest_end(copy.getDestEnd().value_or(-1));
        if (std::optional<ArrayRef<int64_t>> runs = copy.getRuns())
          c.mutable_runs()->Add(runs->begin(), runs->end());
      }
    } else if (auto sync = dyn_cast<SyncOp>(op)) {
      step.mutable_sync()->set_global(sync.getScope() == SyncScope::global);
    } else if (auto repeat = dyn_cast<RepeatOp>(op)) {
      exec::Repeat &out = *step.mutable_repeat();
      out.set_count(repeat.getCount());
      if (failed(convertSteps(*repeat.getBody(), *out.mutable_body())))
        return failure();
    } else if (auto streamCopy = dyn_cast<StreamCopyOp>(op)) {
      exec::StreamCopy &out = *step.mutable_stream_copy();
      out.set_source(streamCopy.getSource().str());
      out.set_dest(streamCopy.getDest().str());
    } else {
      return op.emitError("cannot be serialised as a step");
    }
  }
  return success();
}

LogicalResult convertProgram(ProgramOp program, exec::Program &out) {
  out.set_name(program.getSymName().str());
  for (Operation &op : *program.getBody()) {
    if (auto tensor = dyn_cast<TensorOp>(op)) {
      exec::TensorDecl &t = *out.add_tensors();
      t.set_name(tensor.getSymName().str());
      RankedTensorType type = tensor.getTensorType();
      std::string what = ("tensor '" + tensor.getSymName() + "'").str();
      if (failed(setTypeFields(t, type, tensor, what)))
        return failure();
      MappingAttr mapping = tensor.getMapping();
      exec::Mapping &m = *t.mutable_mapping();
      m.set_replicated(mapping.getReplicated());
      m.set_dim(mapping.getDim());
      m.set_block(mapping.getBlock());
      m.set_first_tile(mapping.getTiles().getFirst());
      m.set_tile_count(mapping.getTiles().getCount());
      t.set_offset(tensor.getOffset().value_or(-1));
      if (std::optional<StringRef> state = tensor.getState())
        t.set_state(state->str());
      if (std::optional<ElementsAttr> value = tensor.getValue())
        if (failed(fillData(*value, type, *t.mutable_constant(), tensor,
                            "the constant of " + what)))
          return failure();
    } else if (auto stream = dyn_cast<HostStreamOp>(op)) {
      exec::HostStream &s = *out.add_streams();
      s.set_name(stream.getSymName().str());
      RankedTensorType type = stream.getTensorType();
      if (failed(setTypeFields(
              s, type, stream,
              ("host stream '" + stream.getSymName() + "'").str())))
        return failure();
      s.set_host_to_device(stream.getDirection() ==
                           StreamDirection::host_to_device);
      if (std::optional<StringRef> binding = stream.getBinding())
        s.set_binding(binding->str());
      if (std::optional<StringRef> role = stream.getRole())
        s.set_role(role->str());
      if (std::optional<StringRef> order = stream.getRowOrder())
        s.set_row_order(order->str());
    }
  }
  return convertSteps(*program.getBody(), *out.mutable_steps());
}

/// A module attribute's value as metadata text: strings as they are,
/// numbers in decimal, anything else in MLIR syntax.
std::string metadataText(Attribute value) {
  if (auto text = dyn_cast<StringAttr>(value))
    return text.str();
  if (auto flag = dyn_cast<BoolAttr>(value))
    return flag.getValue() ? "true" : "false";
  if (auto integer = dyn_cast<IntegerAttr>(value)) {
    SmallString<32> s;
    integer.getValue().toString(s, 10, !integer.getType().isUnsignedInteger());
    return s.str().str();
  }
  if (auto real = dyn_cast<FloatAttr>(value)) {
    SmallString<32> s;
    real.getValue().toString(s);
    return s.str().str();
  }
  std::string s;
  llvm::raw_string_ostream os(s);
  os << value;
  return s;
}

} // namespace

FailureOr<exec::Executable> gnnc::buildExecutableProto(Operation *op) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a builtin.module of bsp.program ops");
  exec::Executable executable;
  executable.set_format("gnnc-executable");
  executable.set_format_version(kFormatVersion);
  executable.set_producer("gnnc gnn-translate");
  if (auto name = module->getAttrOfType<StringAttr>("gnn.model_name"))
    executable.set_model_name(name.str());
  else if (std::optional<StringRef> name = module.getSymName())
    executable.set_model_name(name->str());

  // The target, which every program shares.
  ProgramOp first;
  for (ProgramOp program : module.getOps<ProgramOp>()) {
    if (!first) {
      first = program;
      continue;
    }
    if (program.getTarget() != first.getTarget()) {
      InFlightDiagnostic diag =
          program.emitError("program @")
          << program.getSymName() << " targets " << program.getTarget()
          << " but program @" << first.getSymName() << " targets "
          << first.getTarget() << "; an executable has one target";
      diag.attachNote(first.getLoc()) << "first program here";
      return diag;
    }
  }
  if (!first)
    return mlir::emitError(module.getLoc(), "no bsp.program to serialise");
  TargetAttr target = first.getTarget();
  exec::Target &t = *executable.mutable_target();
  t.set_tiles_per_ipu(target.getTilesPerIpu());
  t.set_bytes_per_tile(target.getBytesPerTile());
  t.set_ipus(target.getIpus());
  t.set_clock_hz(target.getClockHzValue());
  t.set_exchange_bytes_per_cycle(target.getExchangeBytesPerCycle());
  t.set_sync_cycles(target.getSyncCycles());
  t.set_workers_per_tile(target.getWorkersPerTile());

  for (ProgramOp program : module.getOps<ProgramOp>())
    if (failed(convertProgram(program, *executable.add_programs())))
      return failure();

  // Model-level state: one entry per name, typed by the tensors holding it.
  Attribute initAttr = module->getAttr("gnn.state_init");
  auto init = dyn_cast_or_null<DictionaryAttr>(initAttr);
  if (initAttr && !init)
    return mlir::emitError(module.getLoc(),
                           "gnn.state_init must be a dictionary from state "
                            "names to dense elements, got ")
           << initAttr;
  Attribute rolesAttr = module->getAttr("gnn.state_roles");
  auto roles = dyn_cast_or_null<DictionaryAttr>(rolesAttr);
  if (rolesAttr && !roles)
    return mlir::emitError(module.getLoc(),
                           "gnn.state_roles must be a dictionary from state "
                            "names to strings, got ")
           << rolesAttr;
  llvm::MapVector<StringRef, TensorOp> states;
  for (ProgramOp program : module.getOps<ProgramOp>()) {
    for (TensorOp tensor : program.getOps<TensorOp>()) {
      std::optional<StringRef> state = tensor.getState();
      if (!state)
        continue;
      auto [it, inserted] = states.insert({*state, tensor});
      if (!inserted && it->second.getType() != tensor.getType()) {
        InFlightDiagnostic diag =
            tensor.emitError("holds state '")
            << *state << "' as " << tensor.getType() << " but @"
            << it->second.getSymName() << " of program @"
            << it->second->getParentOfType<ProgramOp>().getSymName()
            << " holds it as " << it->second.getType();
        diag.attachNote(it->second.getLoc()) << "other holder here";
        return diag;
      }
    }
  }
  for (auto &[name, tensor] : states) {
    exec::StateTensor &state = *executable.add_state();
    state.set_name(name.str());
    if (roles)
      if (auto role = roles.getAs<StringAttr>(name))
        state.set_role(role.str());
    std::string what = ("the initial value of state '" + name + "'").str();
    if (Attribute value = init ? init.get(name) : Attribute()) {
      if (failed(fillData(value, tensor.getTensorType(),
                          *state.mutable_initial(), tensor, what)))
        return failure();
    } else {
      // On the location only: the module itself would be printed otherwise.
      mlir::emitWarning(module.getLoc(), "no initial value for state '")
          << name << "' in gnn.state_init; it starts as zeros";
      if (failed(fillZeros(tensor.getTensorType(), *state.mutable_initial(),
                           tensor, what)))
        return failure();
    }
  }

  // Row orders of a renumbered graph (gnn-renumber-graph): device row i
  // holds host row host_rows[i].
  if (Attribute ordersAttr = module->getAttr("gnn.row_orders")) {
    auto orders = dyn_cast<DictionaryAttr>(ordersAttr);
    if (!orders)
      return module.emitError("gnn.row_orders must be a dictionary of i64 "
                              "index tensors");
    for (NamedAttribute order : orders) {
      auto values = dyn_cast<DenseIntElementsAttr>(order.getValue());
      if (!values)
        return module.emitError("gnn.row_orders entry '")
               << order.getName() << "' is not an integer tensor";
      auto &rows = (*executable.mutable_row_orders())[order.getName().str()];
      rows.mutable_host_rows()->Reserve(values.getNumElements());
      for (const APInt &v : values.getValues<APInt>())
        rows.add_host_rows(v.getSExtValue());
    }
  }

  // Metadata: the module's gnn.* scalars, and optimizer, task and seed
  // whatever their kind.
  for (NamedAttribute attr : module->getAttrs()) {
    StringRef key = attr.getName().strref();
    if (!key.starts_with("gnn.") || key == "gnn.state_init" ||
        key == "gnn.state_roles")
      continue;
    if (key == "gnn.row_orders")
      continue;
    bool always = key == "gnn.optimizer" || key == "gnn.task" ||
                  key == "gnn.seed" || key == "gnn.graph_partition";
    if (!always && !isa<StringAttr, IntegerAttr, FloatAttr>(attr.getValue()))
      continue;
    auto &metadata = *executable.mutable_metadata();
    metadata[key.str()] = metadataText(attr.getValue());
    // A dictionary (the importer's gnn.optimizer) also gives one entry per
    // scalar field: gnn.optimizer.kind, gnn.optimizer.lr, ...
    if (auto dict = dyn_cast<DictionaryAttr>(attr.getValue()))
      for (NamedAttribute field : dict)
        if (isa<StringAttr, IntegerAttr, FloatAttr>(field.getValue()))
          metadata[(key + "." + field.getName().strref()).str()] =
              metadataText(field.getValue());
  }
  return executable;
}

void gnnc::registerBspToExecutableTranslation() {
  TranslateFromMLIRRegistration binary(
      "bsp-to-executable",
      "serialise the bsp programs of a module as a gnnc executable "
      "(proto/executable.proto)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        FailureOr<exec::Executable> executable = gnnc::buildExecutableProto(op);
        if (failed(executable))
          return failure();
        std::string bytes;
        if (!executable->SerializeToString(&bytes))
          return op->emitError("cannot serialise the executable");
        os.write(bytes.data(), bytes.size());
        return success();
      },
      [](DialectRegistry &registry) { gnnc::registerAllDialects(registry); });
  TranslateFromMLIRRegistration text(
      "bsp-to-executable-text",
      "the gnnc executable of --bsp-to-executable in protobuf text format",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        FailureOr<exec::Executable> executable = gnnc::buildExecutableProto(op);
        if (failed(executable))
          return failure();
        std::string text;
        if (!google::protobuf::TextFormat::PrintToString(*executable, &text))
          return op->emitError("cannot print the executable");
        os << text;
        return success();
      },
      [](DialectRegistry &registry) { gnnc::registerAllDialects(registry); });
}
