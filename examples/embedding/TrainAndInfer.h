//===- TrainAndInfer.h - the Session part of the embedding examples -------===//
//
// Shared by embed.cpp (which compiles the model) and runtime/run_executable.cpp
// (which loads a saved executable with the MLIR-free runtime alone): creates
// a gnnrt::exec::Session, binds the random batch of Inputs.h to every input
// of `loss_train_step` and `inference` (by Session::inputs), trains `steps`
// steps printing each loss, runs inference and prints its output's shape.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_EXAMPLES_EMBEDDING_TRAINANDINFER_H
#define GNNC_EXAMPLES_EMBEDDING_TRAINANDINFER_H

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gnnrt/exec/Session.h"

#include "Inputs.h"

namespace embed {

using gnnrt::Tensor;

inline int fail(const std::string &what, const absl::Status &status) {
  std::fprintf(stderr, "embed: %s: %s\n", what.c_str(),
               std::string(status.message()).c_str());
  return 1;
}

/// The graph batch, by the model-level input names of imported models.
inline std::map<std::string, Tensor> makeInputs(int64_t features, int64_t classes) {
  EmbedInputs in;
  embed_inputs_make(&in, kEmbedNodes, kEmbedEdges, features, classes);
  const int64_t n = kEmbedNodes, e = kEmbedEdges;
  std::map<std::string, Tensor> t;
  t["x"] = Tensor::fromF32({n, features},
                           std::vector<float>(in.x, in.x + n * features));
  t["src"] = Tensor::fromI64({e}, std::vector<int64_t>(in.src, in.src + e));
  t["dst"] = Tensor::fromI64({e}, std::vector<int64_t>(in.dst, in.dst + e));
  t["y"] = Tensor::fromI64({n}, std::vector<int64_t>(in.y, in.y + n));
  t["train_mask"] = Tensor::fromBool(
      {n}, std::vector<bool>(in.train_mask, in.train_mask + n));
  t["nodes_mask"] = Tensor::fromBool({n}, std::vector<bool>(n, true));
  t["edges_mask"] = Tensor::fromBool({e}, std::vector<bool>(e, true));
  embed_inputs_free(&in);
  return t;
}

/// The binding of the program's first output with `role`, else of its first
/// output ("" if it has none).
inline std::string outputWithRole(const gnnrt::exec::Session &s,
                           const std::string &program, const std::string &role) {
  auto outs = s.outputs(program);
  if (!outs.ok() || outs->empty())
    return "";
  for (const gnnrt::exec::StreamBinding &o : *outs)
    if (o.role == role)
      return o.binding;
  return outs->front().binding;
}

/// Trains `steps` steps and runs inference; 0 on success.
inline int trainAndInfer(gnnrt::exec::Executable exe, int steps) {
  gnnrt::exec::SessionOptions sessionOptions;
  sessionOptions.threads = 2;
  auto session = gnnrt::exec::Session::create(std::move(exe), sessionOptions);
  if (!session.ok())
    return fail("creating the session", session.status());
  gnnrt::exec::Session &s = **session;

  // The sizes the model was compiled for: x's width from the train step's
  // inputs, the class count from inference's output.
  const std::string train = "loss_train_step", infer = "inference";
  auto trainInputs = s.inputs(train);
  if (!trainInputs.ok())
    return fail("inputs of " + train, trainInputs.status());
  int64_t features = 0, classes = 0;
  for (const gnnrt::exec::StreamBinding &in : *trainInputs)
    if (in.binding == "x" && in.shape.size() == 2)
      features = in.shape[1];
  const std::string out = outputWithRole(s, infer, "output");
  auto inferOutputs = s.outputs(infer);
  if (!inferOutputs.ok())
    return fail("outputs of " + infer, inferOutputs.status());
  for (const gnnrt::exec::StreamBinding &o : *inferOutputs)
    if (o.binding == out && o.shape.size() == 2)
      classes = o.shape[1];
  if (features <= 0 || classes <= 0 || out.empty())
    return fail("model", absl::InvalidArgumentError(
                             "expected node features x [N, F] and an "
                             "inference output [N, C]"));

  std::map<std::string, Tensor> inputs = makeInputs(features, classes);
  for (const std::string &program : {train, infer}) {
    auto bindings = s.inputs(program);
    if (!bindings.ok())
      return fail("inputs of " + program, bindings.status());
    for (const gnnrt::exec::StreamBinding &in : *bindings) {
      if (in.role == "step")
        continue; // fed by the session's step counter
      auto it = inputs.find(in.binding);
      if (it == inputs.end())
        return fail(program, absl::NotFoundError("no value for input '" +
                                                 in.binding + "'"));
      std::printf("input %s.%s %s%s\n", program.c_str(), in.binding.c_str(),
                  gnnrt::dtypeName(in.dtype),
                  gnnrt::shapeToString(in.shape).c_str());
      if (absl::Status st = s.setInput(program, in.binding, it->second);
          !st.ok())
        return fail("binding " + program + "." + in.binding, st);
    }
  }

  const std::string loss = outputWithRole(s, train, "loss");
  if (loss.empty())
    return fail(train, absl::NotFoundError("no output with role 'loss'"));
  for (int step = 1; step <= steps; ++step) {
    if (absl::Status st = s.run(train); !st.ok())
      return fail("running " + train, st);
    absl::StatusOr<Tensor> value = s.getOutput(train, loss);
    if (!value.ok())
      return fail("reading " + loss, value.status());
    double l = value->floatAt(0);
    if (!std::isfinite(l))
      return fail(train, absl::InternalError("the loss is not finite"));
    std::printf("step %d loss %.6f\n", step, l);
  }

  if (absl::Status st = s.run(infer); !st.ok())
    return fail("running " + infer, st);
  absl::StatusOr<Tensor> result = s.getOutput(infer, out);
  if (!result.ok())
    return fail("reading " + out, result.status());
  std::printf("inference %s: %s%s\n", out.c_str(),
              gnnrt::dtypeName(result->dtype()),
              gnnrt::shapeToString(result->shape()).c_str());
  auto profile = s.profile(train);
  if (profile.ok())
    std::printf("estimated IPU time of %d train steps: %.3g s\n", steps,
                profile->seconds);
  return 0;
}

} // namespace embed

#endif // GNNC_EXAMPLES_EMBEDDING_TRAINANDINFER_H
