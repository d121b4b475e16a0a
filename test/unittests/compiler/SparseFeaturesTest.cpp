//===- SparseFeaturesTest.cpp - Sparse features compiled in ----------------===//
//
// Full-batch training fixes the features with the graph; mostly-zero
// features then multiply as sums over their nonzeros (gnn-sparsify-constant-
// products -> halo_spmm). The host must see the same model: inference
// outputs and training losses equal those of the same model with the
// features streamed every step (dense products), up to float summation
// order, and the features are no longer a host stream.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <string>

#include "gnnc/Compiler.h"
#include "gnnc/Partition/Graph.h"
#include "gnnrt/exec/Session.h"
#include "gtest/gtest.h"

namespace {

using gnnrt::Tensor;

/// How many vertices of every program of `exe` run each codelet.
std::map<std::string, int> codelets(const gnnrt::exec::Executable &exe) {
  std::map<std::string, int> out;
  std::function<void(const std::vector<gnnrt::sim::Step> &)> walk =
      [&](const std::vector<gnnrt::sim::Step> &steps) {
        for (const gnnrt::sim::Step &s : steps) {
          for (const gnnrt::sim::Vertex &v : s.vertices)
            ++out[v.codelet];
          walk(s.body);
        }
      };
  for (const gnnrt::sim::Program &program : exe.programs)
    walk(program.steps);
  return out;
}

TEST(SparseFeaturesTest, SameModelAsStreamedDenseFeatures) {
  gnnc::partition::Graph g = gnnc::partition::stochasticBlockModel(
      96, 8, /*intraPairs=*/160, /*interPairs=*/12, /*seed=*/3, nullptr);
  const int64_t n = g.numNodes, e = g.numEdges(), f = 1433;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  // About 3% nonzero, like normalised bag-of-words rows.
  std::vector<float> x(static_cast<size_t>(n * f), 0.0f);
  for (float &v : x)
    if (u(rng) < 0.03f)
      v = u(rng);
  std::vector<int64_t> y(n);
  std::vector<bool> train(n);
  for (int64_t i = 0; i < n; ++i) {
    y[i] = (i * 5) % 7;
    train[i] = i % 3 == 0;
  }
  std::map<std::string, Tensor> graph = {
      {"src", Tensor::fromI64({e}, g.src)},
      {"dst", Tensor::fromI64({e}, g.dst)},
      {"nodes_mask", Tensor::fromBool({n}, std::vector<bool>(n, true))},
      {"edges_mask", Tensor::fromBool({e}, std::vector<bool>(e, true))}};
  std::map<std::string, Tensor> data = {
      {"x", Tensor::fromF32({n, f}, x)},
      {"y", Tensor::fromI64({n}, y)},
      {"train_mask", Tensor::fromBool({n}, train)}};

  auto compile = [&](bool fixFeatures) {
    gnnc::CompileOptions o;
    o.tiles = 16;
    o.numNodes = n;
    o.numEdges = e;
    o.fixedInputs = graph;
    if (fixFeatures)
      o.fixedInputs.insert(data.begin(), data.end());
    absl::StatusOr<gnnrt::exec::Executable> exe = gnnc::compileModelFile(
        std::string(GNNC_EXAMPLES_DIR) + "/models/cora_gcn.textproto", o);
    EXPECT_TRUE(exe.ok()) << exe.status();
    return exe.ok() ? *std::move(exe) : gnnrt::exec::Executable();
  };
  gnnrt::exec::Executable streamed = compile(false), fixed = compile(true);
  ASSERT_FALSE(fixed.programs.empty());
  // The first layer's products with the features (inference and training
  // forward, the weight gradient) are halo_spmm sums over the nonzeros,
  // besides the graph's propagations that both executables have.
  std::map<std::string, int> sparse = codelets(fixed), dense = codelets(streamed);
  EXPECT_GE(sparse["halo.spmm"], dense["halo.spmm"] + 3);
  EXPECT_LT(sparse["rows.linear"], dense["rows.linear"]);

  gnnrt::exec::SessionOptions so;
  so.threads = 1;
  auto a = gnnrt::exec::Session::create(streamed, so);
  auto b = gnnrt::exec::Session::create(fixed, so);
  ASSERT_TRUE(a.ok() && b.ok());
  // Nothing but the step counter is left to stream in the fixed session.
  for (const std::string &program : (*b)->programNames()) {
    auto inputs = (*b)->inputs(program);
    ASSERT_TRUE(inputs.ok());
    for (const auto &in : *inputs)
      EXPECT_EQ(in.role, "step") << program << " streams " << in.binding;
  }
  for (const std::string &program : (*a)->programNames()) {
    auto inputs = (*a)->inputs(program);
    ASSERT_TRUE(inputs.ok());
    for (const auto &in : *inputs) {
      if (!data.count(in.binding))
        continue;
      ASSERT_TRUE(
          (*a)->setInput(program, in.binding, data.at(in.binding)).ok());
    }
  }

  auto near = [](const Tensor &got, const Tensor &want, const char *what) {
    ASSERT_EQ(got.shape(), want.shape()) << what;
    for (int64_t i = 0; i < want.numElements(); ++i) {
      double w = want.floatAt(i), d = std::fabs(got.floatAt(i) - w);
      ASSERT_LE(d, 1e-5 + 1e-5 * std::fabs(w)) << what << " element " << i;
    }
  };
  for (int step = 0; step < 3; ++step) {
    ASSERT_TRUE((*a)->run("loss_train_step", 1).ok());
    ASSERT_TRUE((*b)->run("loss_train_step", 1).ok());
    absl::StatusOr<Tensor> la = (*a)->getOutput("loss_train_step", "loss");
    absl::StatusOr<Tensor> lb = (*b)->getOutput("loss_train_step", "loss");
    ASSERT_TRUE(la.ok() && lb.ok());
    near(*lb, *la, "loss");
  }
  ASSERT_TRUE((*a)->run("inference", 1).ok());
  ASSERT_TRUE((*b)->run("inference", 1).ok());
  absl::StatusOr<Tensor> oa = (*a)->getOutput("inference", "out");
  absl::StatusOr<Tensor> ob = (*b)->getOutput("inference", "out");
  ASSERT_TRUE(oa.ok() && ob.ok()) << oa.status() << ob.status();
  near(*ob, *oa, "inference output");
}

} // namespace
