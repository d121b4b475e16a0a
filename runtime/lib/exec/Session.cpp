//===- Session.cpp - Running a gnnc executable on the BSP simulator -------===//
#include "gnnrt/exec/Session.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gnnrt::exec {

struct Session::ProgramState {
  int index = 0;
  std::string name;
  std::unique_ptr<sim::Simulator> sim;
  std::vector<StreamBinding> inputs, outputs;
  /// Input streams bound by setInput.
  std::set<std::string> bound;
  /// Per state name held by this program: its tensor, and whether the
  /// device copy equals the store (valid only while holder_ is -1 or this
  /// program).
  std::map<std::string, std::string> stateTensors; // state -> tensor
  std::set<std::string> fresh;
  /// Per stream symbol with a row order applied (SessionOptions::hostOrder):
  /// the order, in executable_.rowOrders.
  std::map<std::string, const std::vector<int64_t> *> rowOrders;
  bool ran = false;
};

Session::~Session() = default;

namespace {
StreamBinding bindingOf(const sim::HostStreamDecl &s) {
  return StreamBinding{s.binding.empty() ? s.name : s.binding,
                       s.role,
                       s.dtype,
                       s.shape,
                       s.name,
                       s.rowOrder};
}

/// Permutes the rows (slices of the leading dimension, any dtype) of `t` in
/// one pass: host to device, device row i = host row order[i]; device to
/// host, host row order[i] = device row i. `order` is a validated
/// permutation of [0, t.dim(0)).
Tensor permuteRows(const Tensor &t, const std::vector<int64_t> &order,
                   bool toDevice) {
  Tensor out(t.dtype(), t.shape());
  int64_t n = static_cast<int64_t>(order.size());
  if (n == 0 || t.sizeInBytes() == 0)
    return out;
  size_t rowBytes = static_cast<size_t>(t.sizeInBytes() / n);
  const uint8_t *src = t.rawData();
  uint8_t *dst = out.rawData();
  for (int64_t i = 0; i < n; ++i) {
    size_t host = static_cast<size_t>(order[static_cast<size_t>(i)]) * rowBytes;
    size_t dev = static_cast<size_t>(i) * rowBytes;
    if (toDevice)
      std::memcpy(dst + dev, src + host, rowBytes);
    else
      std::memcpy(dst + host, src + dev, rowBytes);
  }
  return out;
}

std::string listBindings(const std::vector<StreamBinding> &list) {
  std::vector<std::string> names;
  for (const StreamBinding &b : list)
    names.push_back(absl::StrCat("'", b.binding, "'"));
  return names.empty() ? std::string("none") : absl::StrJoin(names, ", ");
}
} // namespace

absl::StatusOr<std::unique_ptr<Session>>
Session::create(Executable executable, SessionOptions options) {
  if (absl::Status s = validateExecutable(executable); !s.ok())
    return s;
  std::unique_ptr<Session> session(new Session());
  session->executable_ = std::move(executable);
  session->options_ = options;
  session->pool_ = std::make_shared<sim::ThreadPool>(options.threads);
  for (const StateTensor &st : session->executable_.state) {
    session->store_[st.name] = st.initial;
    session->holder_[st.name] = -1;
  }
  sim::SimulatorOptions simOptions;
  simOptions.cost = options.cost;
  simOptions.pool = session->pool_;
  const std::vector<sim::Program> &programs = session->executable_.programs;
  for (size_t i = 0; i < programs.size(); ++i) {
    auto ps = std::make_unique<ProgramState>();
    ps->index = static_cast<int>(i);
    ps->name = programs[i].name;
    absl::StatusOr<std::unique_ptr<sim::Simulator>> sim =
        sim::Simulator::create(programs[i], simOptions);
    if (!sim.ok())
      return absl::Status(sim.status().code(),
                          absl::StrCat("program '", ps->name,
                                       "': ", sim.status().message()));
    ps->sim = *std::move(sim);
    for (const sim::HostStreamDecl &s : programs[i].streams) {
      (s.direction == sim::StreamDirection::kHostToDevice ? ps->inputs
                                                          : ps->outputs)
          .push_back(bindingOf(s));
      // validateExecutable checked that the order exists and fits.
      if (options.hostOrder && !s.rowOrder.empty())
        ps->rowOrders[s.name] =
            &session->executable_.rowOrders.at(s.rowOrder);
    }
    for (const sim::TensorDecl &t : programs[i].tensors)
      if (!t.state.empty())
        ps->stateTensors[t.state] = t.name;
    session->programs_.push_back(std::move(ps));
  }
  return session;
}

std::vector<std::string> Session::programNames() const {
  std::vector<std::string> names;
  for (const auto &p : programs_)
    names.push_back(p->name);
  return names;
}

std::vector<std::string> Session::stateNames() const {
  std::vector<std::string> names;
  for (const StateTensor &s : executable_.state)
    names.push_back(s.name);
  return names;
}

absl::StatusOr<Session::ProgramState *>
Session::find(const std::string &program) {
  for (auto &p : programs_)
    if (p->name == program)
      return p.get();
  return absl::NotFoundError(absl::StrCat("no program '", program,
                                          "'; programs: ",
                                          absl::StrJoin(programNames(), ", ")));
}

absl::StatusOr<const Session::ProgramState *>
Session::find(const std::string &program) const {
  for (const auto &p : programs_)
    if (p->name == program)
      return p.get();
  return absl::NotFoundError(absl::StrCat("no program '", program,
                                          "'; programs: ",
                                          absl::StrJoin(programNames(), ", ")));
}

absl::StatusOr<std::vector<StreamBinding>>
Session::inputs(const std::string &program) const {
  absl::StatusOr<const ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  return (*p)->inputs;
}

absl::StatusOr<std::vector<StreamBinding>>
Session::outputs(const std::string &program) const {
  absl::StatusOr<const ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  return (*p)->outputs;
}

absl::Status Session::setInput(const std::string &program,
                               const std::string &binding,
                               const Tensor &value) {
  absl::StatusOr<ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  for (const StreamBinding &b : (*p)->inputs) {
    if (b.binding != binding)
      continue;
    if (value.dtype() != b.dtype || value.shape() != b.shape)
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "': input '", binding, "' is ",
          dtypeName(b.dtype), shapeToString(b.shape), " but got ",
          dtypeName(value.dtype()), shapeToString(value.shape())));
    auto order = (*p)->rowOrders.find(b.stream);
    absl::Status s =
        order == (*p)->rowOrders.end()
            ? (*p)->sim->setStream(b.stream, value)
            : (*p)->sim->setStream(b.stream, permuteRows(value, *order->second,
                                                         /*toDevice=*/true));
    if (!s.ok())
      return s;
    (*p)->bound.insert(b.stream);
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("program '", program,
                                          "' has no input '", binding,
                                          "'; inputs: ",
                                          listBindings((*p)->inputs)));
}

absl::Status Session::syncToStore(const std::string &name) {
  auto it = holder_.find(name);
  if (it == holder_.end() || it->second < 0)
    return absl::OkStatus();
  ProgramState &holder = *programs_[static_cast<size_t>(it->second)];
  absl::StatusOr<Tensor> value =
      holder.sim->readTensor(holder.stateTensors.at(name));
  if (!value.ok())
    return value.status();
  store_[name] = *std::move(value);
  it->second = -1;
  // The holder's device still equals the store.
  holder.fresh.insert(name);
  return absl::OkStatus();
}

absl::Status Session::run(const std::string &program, int64_t iterations) {
  absl::StatusOr<ProgramState *> found = find(program);
  if (!found.ok())
    return found.status();
  ProgramState &p = **found;
  if (iterations < 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "run '", program, "': iterations is ", iterations,
        " but must be >= 0"));
  std::vector<const StreamBinding *> autoStep;
  std::vector<std::string> missing;
  for (const StreamBinding &b : p.inputs) {
    if (p.bound.count(b.stream))
      continue;
    if (b.role == "step")
      autoStep.push_back(&b);
    else
      missing.push_back(absl::StrCat("'", b.binding, "'"));
  }
  if (!missing.empty())
    return absl::FailedPreconditionError(
        absl::StrCat("run '", program, "': input ",
                     absl::StrJoin(missing, ", "),
                     missing.size() == 1 ? " is" : " are",
                     " not set (setInput)"));
  // Load the state this program holds if its device copy is stale.
  for (const auto &[state, tensor] : p.stateTensors) {
    int holder = holder_.at(state);
    if (holder == p.index)
      continue;
    if (holder >= 0)
      if (absl::Status s = syncToStore(state); !s.ok())
        return s;
    if (!p.fresh.count(state)) {
      if (absl::Status s = p.sim->writeTensor(tensor, store_.at(state));
          !s.ok())
        return s;
      p.fresh.insert(state);
    }
  }
  // From here the device holds the latest state, even if a run fails
  // half-way.
  for (const auto &[state, tensor] : p.stateTensors) {
    holder_[state] = p.index;
    for (auto &other : programs_)
      if (other.get() != &p)
        other->fresh.erase(state);
  }
  for (int64_t i = 0; i < iterations; ++i) {
    for (const StreamBinding *b : autoStep)
      if (absl::Status s = p.sim->setStream(
              b->stream, Tensor::fromI64({}, {stepCounter_}));
          !s.ok())
        return s;
    absl::Status s = p.sim->run();
    if (!s.ok())
      return absl::Status(s.code(), absl::StrCat("program '", program,
                                                 "', iteration ", i, ": ",
                                                 s.message()));
    p.ran = true;
    if (!autoStep.empty())
      ++stepCounter_;
  }
  return absl::OkStatus();
}

absl::StatusOr<Tensor> Session::getOutput(const std::string &program,
                                          const std::string &binding) const {
  absl::StatusOr<const ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  for (const StreamBinding &b : (*p)->outputs) {
    if (b.binding != binding)
      continue;
    if (!(*p)->ran)
      return absl::FailedPreconditionError(absl::StrCat(
          "program '", program, "' has not run yet: output '", binding,
          "' has no value"));
    auto order = (*p)->rowOrders.find(b.stream);
    if (order == (*p)->rowOrders.end())
      return (*p)->sim->getStream(b.stream);
    const Tensor *device = (*p)->sim->streamValue(b.stream);
    if (!device)
      return absl::InternalError(
          absl::StrCat("program '", program, "': no host stream '", b.stream,
                       "' in the simulator"));
    return permuteRows(*device, *order->second, /*toDevice=*/false);
  }
  return absl::NotFoundError(absl::StrCat("program '", program,
                                          "' has no output '", binding,
                                          "'; outputs: ",
                                          listBindings((*p)->outputs)));
}

absl::StatusOr<Tensor> Session::getState(const std::string &name) {
  auto it = store_.find(name);
  if (it == store_.end())
    return absl::NotFoundError(absl::StrCat(
        "no state tensor '", name, "'; state: ",
        stateNames().empty() ? std::string("none")
                             : absl::StrJoin(stateNames(), ", ")));
  if (absl::Status s = syncToStore(name); !s.ok())
    return s;
  return store_.at(name);
}

absl::Status Session::setState(const std::string &name, const Tensor &value) {
  auto it = store_.find(name);
  if (it == store_.end())
    return absl::NotFoundError(absl::StrCat("no state tensor '", name, "'"));
  if (value.dtype() != it->second.dtype() ||
      value.shape() != it->second.shape())
    return absl::InvalidArgumentError(absl::StrCat(
        "state '", name, "' is ", dtypeName(it->second.dtype()),
        shapeToString(it->second.shape()), " but got ",
        dtypeName(value.dtype()), shapeToString(value.shape())));
  it->second = value;
  holder_[name] = -1;
  for (auto &p : programs_)
    p->fresh.erase(name);
  return absl::OkStatus();
}

absl::StatusOr<sim::Profile>
Session::profile(const std::string &program) const {
  absl::StatusOr<const ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  return (*p)->sim->profile();
}

absl::StatusOr<const sim::Simulator *>
Session::simulator(const std::string &program) const {
  absl::StatusOr<const ProgramState *> p = find(program);
  if (!p.ok())
    return p.status();
  return (*p)->sim.get();
}

} // namespace gnnrt::exec
