//===- Check.cpp - Simulated programs against the reference evaluator -----===//
//
// The golden-model check (StableHLO's habit): the same static gnn functions
// run on the reference evaluator and, compiled to bsp programs, on the
// simulator; every result must agree elementwise within a tolerance.
//
//===----------------------------------------------------------------------===//
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gnnc/Compiler.h"
#include "ModelSource.h"
#include "gnnc/Conversion/Pipelines.h"
#include "gnnc/Evaluator/Evaluator.h"
#include "gnnc/Target/Executable.h"
#include "gnnc/Transforms/Passes.h"
#include "gnnrt/Random.h"
#include "gnnrt/exec/Session.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using gnnrt::Tensor;

namespace gnnc {
namespace {

bool isStateRole(StringRef role) {
  return role == "parameter" || role == "optimizer_state" || role == "buffer";
}

std::string attrString(DictionaryAttr attrs, StringRef key, StringRef dflt) {
  if (attrs)
    if (auto s = attrs.getAs<StringAttr>(key))
      return s.str();
  return dflt.str();
}

/// Inputs that describe the graph rather than its features or labels.
bool isGraphInput(StringRef name) {
  return name == "src" || name == "dst" || name.ends_with("_src") ||
         name.ends_with("_dst") || name == "batch" ||
         name.ends_with("nodes_mask") || name.ends_with("edges_mask") ||
         name.ends_with("graphs_mask");
}

CheckResult compare(const std::string &program, const std::string &name,
                    const Tensor &sim, const Tensor &ref, double rtol,
                    double atol) {
  CheckResult r{program, name};
  if (sim.dtype() != ref.dtype() || sim.shape() != ref.shape()) {
    r.ok = false;
    r.maxAbsError = INFINITY;
    return r;
  }
  double worstExcess = -INFINITY;
  for (int64_t i = 0, n = ref.numElements(); i < n; ++i) {
    double a = sim.floatAt(i), b = ref.floatAt(i);
    if (std::isnan(a) && std::isnan(b))
      continue;
    if (std::isinf(b) && a == b)
      continue;
    double err = std::fabs(a - b);
    if (std::isnan(err))
      err = INFINITY;
    r.maxAbsError = std::max(r.maxAbsError, err);
    if (b != 0)
      r.maxRelError = std::max(r.maxRelError, err / std::fabs(b));
    double excess = err - (atol + rtol * std::fabs(b));
    if (excess > 0)
      r.ok = false;
    if (excess > worstExcess) {
      worstExcess = excess;
      r.worstIndex = i;
      r.worstSim = a;
      r.worstRef = b;
    }
  }
  return r;
}

} // namespace

std::string CheckReport::toString() const {
  std::string s = absl::StrFormat("%d tile(s):\n", tiles);
  for (const CheckResult &r : results)
  {
    absl::StrAppendFormat(&s, "  %-4s %s.%s: max abs error %.3g, max rel error %.3g",
                          r.ok ? "ok" : "FAIL", r.program, r.name,
                          r.maxAbsError, r.maxRelError);
    if (!r.ok || !r.note.empty())
      absl::StrAppendFormat(&s, " (element %d: simulated %.9g, reference %.9g)",
                            r.worstIndex, r.worstSim, r.worstRef);
    if (!r.note.empty())
      absl::StrAppend(&s, "\n       note: ", r.note);
    s += "\n";
  }
  return s;
}

absl::StatusOr<CheckReport>
checkAgainstReference(const std::string &path, const CompileOptions &options,
                      uint64_t seed, double rtol, double atol, int threads,
                      bool fixedGraph) {
  absl::StatusOr<std::string> source = detail::readModelFile(path);
  if (!source.ok())
    return source.status();
  absl::StatusOr<std::unique_ptr<detail::LoadedModel>> loaded =
      detail::LoadedModel::load(*source, path, options.modelSeed);
  if (!loaded.ok())
    return loaded.status();
  MLIRContext &ctx = (*loaded)->context();
  ModuleOp module = (*loaded)->module();
  auto fail = [&](absl::string_view what) { return (*loaded)->error(what); };
  mlir::gnn::CompileOptions pipeline =
      detail::pipelineOptions(options, module);
  PassManager frontend(&ctx, ModuleOp::getOperationName());
  mlir::gnn::buildCompileFrontendPipeline(frontend, pipeline);
  if (failed(frontend.run(module)))
    return fail("the front end failed");
  if (fixedGraph) {
    // One random graph for every function, bound as gnn-run binds the
    // graph of a full-batch dataset, with sparse features (the reference
    // runs the dense products, the simulator gnn-sparsify-constant-products'
    // sums over the nonzeros).
    auto graph = std::make_shared<mlir::gnn::BoundInputs>();
    for (func::FuncOp f : module.getOps<func::FuncOp>()) {
      if (f.isExternal())
        continue;
      FailureOr<SmallVector<Tensor>> args = generateArguments(f, seed);
      if (failed(args))
        return fail(absl::StrCat("cannot generate inputs for @",
                                 f.getSymName().str()));
      for (BlockArgument arg : f.getArguments()) {
        DictionaryAttr attrs = f.getArgAttrDict(arg.getArgNumber());
        std::string name = attrString(attrs, "gnn.name", "");
        // Parameters named like edges (GAT's att_src) are not the graph.
        if (attrString(attrs, "gnn.role", "input") != "input")
          continue;
        if (isGraphInput(name) && !graph->contains(name))
          (*graph)[name] = (*args)[arg.getArgNumber()];
        // Features as full-batch training fixes them: sparse, 5% nonzero.
        if (name == "x" && !graph->contains(name)) {
          Tensor x = (*args)[arg.getArgNumber()];
          if (x.dtype() == gnnrt::DType::kF32 && x.rank() == 2) {
            absl::Span<float> v = x.data<float>();
            for (size_t i = 0; i < v.size(); ++i)
              if (gnnrt::randomUniform01(seed, /*stream=*/7, i) >= 0.05f)
                v[i] = 0.0f;
            (*graph)[name] = std::move(x);
          }
        }
      }
    }
    PassManager bind(&ctx, ModuleOp::getOperationName());
    bind.addPass(mlir::gnn::createGnnBindInputs(graph));
    if (failed(bind.run(module)))
      return fail("cannot bind the graph");
  }
  // Gradients, compared before any optimizer: Adam's first step divides by
  // |g| + eps, so float rounding in near-zero gradients (1e-10 when terms
  // of 1e-3 cancel) moves a parameter by up to lr * 1e-10 / eps.
  if (pipeline.train) {
    PassManager grad(&ctx, ModuleOp::getOperationName());
    mlir::gnn::GnnAutodiffOptions autodiff;
    autodiff.function = pipeline.lossFunction;
    autodiff.optimizer = "none";
    grad.addPass(mlir::gnn::createGnnAutodiff(autodiff));
    if (failed(grad.run(module)))
      return fail("cannot build the gradient function");
  }
  OwningOpRef<ModuleOp> lowered(cast<ModuleOp>(module->clone()));
  PassManager backend(&ctx, ModuleOp::getOperationName());
  mlir::gnn::buildCompileBackendPipeline(backend, pipeline);
  if (failed(backend.run(*lowered)))
    return fail("the back end failed");
  FailureOr<gnnc::exec::Executable> proto = buildExecutableProto(*lowered);
  if (failed(proto))
    return fail("cannot build the executable");
  absl::StatusOr<gnnrt::exec::Executable> exe =
      gnnrt::exec::fromProto(*proto, path);
  if (!exe.ok())
    return exe.status();
  CheckReport report;
  report.tiles = exe->target.totalTiles();
  gnnrt::exec::SessionOptions so;
  so.threads = threads;
  // The reference evaluates the programs as compiled, renumbered graph
  // included: both sides see the device's row order.
  so.hostOrder = false;
  auto session = gnnrt::exec::Session::create(*std::move(exe), so);
  if (!session.ok())
    return session.status();
  gnnrt::exec::Session &s = **session;

  FailureOr<ParameterStore> params = initializeParameters(module);
  if (failed(params))
    return fail("cannot initialise the parameters");

  // Forward programs first (they read the initial state), the train step
  // last.
  SmallVector<func::FuncOp> funcs;
  for (func::FuncOp f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && !StringRef(f.getSymName()).ends_with("_train_step"))
      funcs.push_back(f);
  for (func::FuncOp f : module.getOps<func::FuncOp>())
    if (!f.isExternal() && StringRef(f.getSymName()).ends_with("_train_step"))
      funcs.push_back(f);

  for (func::FuncOp f : funcs) {
    std::string program = f.getSymName().str();
    bool trainStep = StringRef(program).ends_with("_train_step");
    FailureOr<SmallVector<Tensor>> args = generateArguments(f, seed);
    if (failed(args))
      return fail(absl::StrCat("cannot generate inputs for @", program));
    if (trainStep) {
      ParameterStore state = *params;
      if (failed(completeTrainState(f, state)))
        return fail("cannot build the initial training state");
      llvm::StringMap<Tensor> inputs;
      for (BlockArgument arg : f.getArguments()) {
        DictionaryAttr attrs = f.getArgAttrDict(arg.getArgNumber());
        std::string role = attrString(attrs, "gnn.role", "input");
        std::string name = attrString(attrs, "gnn.name", "");
        if (role != "input")
          continue;
        inputs[name] = (*args)[arg.getArgNumber()];
        if (absl::Status st = s.setInput(program, name, inputs[name]); !st.ok())
          return st;
      }
      FailureOr<SmallVector<float>> losses =
          runTrainSteps(f, state, inputs, /*firstStep=*/1, /*numSteps=*/1);
      if (failed(losses))
        return fail(absl::StrCat("the reference train step @", program, " failed"));
      if (absl::Status st = s.run(program, 1); !st.ok())
        return absl::Status(st.code(), absl::StrCat(program, ": ", st.message()));
      absl::StatusOr<Tensor> loss = s.getOutput(program, "loss");
      if (!loss.ok())
        return loss.status();
      report.results.push_back(compare(program, "loss", *loss,
                                       Tensor::scalarF32((*losses)[0]), rtol, atol));
      std::string optimizer;
      if (auto opt = module->getAttrOfType<DictionaryAttr>("gnn.optimizer"))
        optimizer = attrString(opt, "kind", "");
      bool adam = optimizer == "adam" || optimizer == "adamw";
      for (const std::string &name : s.stateNames()) {
        auto it = state.find(name);
        if (it == state.end())
          continue;
        absl::StatusOr<Tensor> sim = s.getState(name);
        if (!sim.ok())
          return sim.status();
        CheckResult r = compare(program, name, *sim, it->second, rtol, atol);
        if (adam && !r.ok) {
          // Adam's first step moves every element by at most lr (m/sqrt(v)
          // is +-1 after bias correction), and a near-zero gradient's
          // rounding can flip that move: accept differences up to 2 lr per
          // element, the gradients having been compared strictly above.
          double lr = 1e-3;
          if (auto opt = module->getAttrOfType<DictionaryAttr>("gnn.optimizer"))
            if (auto f = opt.getAs<FloatAttr>("lr"))
              lr = f.getValueAsDouble();
          CheckResult bounded = compare(program, name, *sim, it->second, 0,
                                        atol + 2 * lr);
          if (bounded.ok) {
            r.ok = true;
            r.note = "Adam's first step amplifies gradient rounding by "
                     "lr/eps; within 2 lr, and the gradient is checked";
          }
        }
        report.results.push_back(r);
      }
      continue;
    }
    // State arguments (a gradient function's parameters) start from the
    // initial values, as on the device.
    ParameterStore state = *params;
    if (failed(completeTrainState(f, state)))
      return fail("cannot build the initial state");
    for (BlockArgument arg : f.getArguments()) {
      DictionaryAttr attrs = f.getArgAttrDict(arg.getArgNumber());
      if (!isStateRole(attrString(attrs, "gnn.role", "input")))
        continue;
      auto it = state.find(attrString(attrs, "gnn.name", ""));
      if (it != state.end())
        (*args)[arg.getArgNumber()] = it->second;
    }
    FailureOr<SmallVector<Tensor>> ref = evaluateFunction(f, *args, *params);
    if (failed(ref))
      return fail(absl::StrCat("the reference evaluation of @", program, " failed"));
    for (BlockArgument arg : f.getArguments()) {
      DictionaryAttr attrs = f.getArgAttrDict(arg.getArgNumber());
      std::string name = attrString(attrs, "gnn.name",
                                    absl::StrCat("arg", arg.getArgNumber()));
      if (isStateRole(attrString(attrs, "gnn.role", "input")))
        continue;
      if (absl::Status st = s.setInput(program, name, (*args)[arg.getArgNumber()]);
          !st.ok())
        return st;
    }
    if (absl::Status st = s.run(program, 1); !st.ok())
      return absl::Status(st.code(), absl::StrCat(program, ": ", st.message()));
    for (unsigned i = 0; i < f.getNumResults(); ++i) {
      std::string name = attrString(f.getResultAttrDict(i), "gnn.name",
                                    absl::StrCat("result", i));
      absl::StatusOr<Tensor> sim = s.getOutput(program, name);
      if (!sim.ok())
        return sim.status();
      report.results.push_back(compare(program, name, *sim, (*ref)[i], rtol, atol));
    }
  }
  return report;
}

} // namespace gnnc
