//===- RenumberGraphTest.cpp - A renumbered graph computes the same --------===//
//
// gnn-renumber-graph changes where every node and edge row lives; the host
// must not see it. A model compiled with and without renumbering, on the
// same graph, parameters and features, gives the same inference outputs in
// the host's order (up to float summation order), and the renumbered one
// cuts fewer edges between its node blocks.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <random>
#include <string>

#include "gnnc/Compiler.h"
#include "gnnc/gnnc.h"
#include "gnnc/Partition/Graph.h"
#include "gnnrt/Npy.h"
#include "gnnrt/exec/Session.h"
#include "gtest/gtest.h"

namespace {

using gnnrt::Tensor;

struct Compiled {
  std::unique_ptr<gnnrt::exec::Session> session;
  gnnrt::exec::Executable exe;
};

TEST(RenumberGraphTest, HostSeesTheSameOutputsAndFewerEdgesAreCut) {
  // Eight communities, numbered so that blocks of consecutive ids mix them.
  std::vector<int32_t> community;
  gnnc::partition::Graph g = gnnc::partition::stochasticBlockModel(
      96, 8, /*intraPairs=*/160, /*interPairs=*/12, /*seed=*/5, &community);
  const int64_t n = g.numNodes, e = g.numEdges();
  std::vector<int64_t> perm(n);
  for (int64_t i = 0; i < n; ++i)
    perm[i] = (i * 37) % n; // 37 is coprime to 96
  std::vector<int64_t> src(e), dst(e);
  for (int64_t j = 0; j < e; ++j) {
    src[j] = perm[g.src[j]];
    dst[j] = perm[g.dst[j]];
  }

  gnnc::CompileOptions options;
  options.tiles = 8;
  options.numNodes = n;
  options.numEdges = e;
  options.train = false;
  options.fixedInputs = {
      {"src", Tensor::fromI64({e}, src)},
      {"dst", Tensor::fromI64({e}, dst)},
      {"nodes_mask", Tensor::fromBool({n}, std::vector<bool>(n, true))},
      {"edges_mask", Tensor::fromBool({e}, std::vector<bool>(e, true))}};
  auto compile = [&](bool renumber) {
    gnnc::CompileOptions o = options;
    o.renumberGraph = renumber;
    absl::StatusOr<gnnrt::exec::Executable> exe = gnnc::compileModelFile(
        std::string(GNNC_EXAMPLES_DIR) + "/models/cora_gcn.textproto", o);
    EXPECT_TRUE(exe.ok()) << exe.status();
    Compiled c{nullptr, *exe};
    gnnrt::exec::SessionOptions so;
    so.threads = 1;
    auto s = gnnrt::exec::Session::create(*std::move(exe), so);
    EXPECT_TRUE(s.ok()) << s.status();
    c.session = *std::move(s);
    return c;
  };
  Compiled plain = compile(false), renumbered = compile(true);
  ASSERT_TRUE(plain.session && renumbered.session);
  EXPECT_TRUE(plain.exe.rowOrders.empty());
  ASSERT_EQ(renumbered.exe.rowOrders.count("nodes"), 1u);
  EXPECT_EQ(renumbered.exe.rowOrders.at("nodes").size(),
            static_cast<size_t>(n));

  // Edges between blocks: the renumbered graph cuts fewer.
  const auto &meta = renumbered.exe.metadata;
  ASSERT_TRUE(meta.count("gnn.graph_partition.edge_cut_before"));
  int64_t before = std::stoll(meta.at("gnn.graph_partition.edge_cut_before"));
  int64_t after = std::stoll(meta.at("gnn.graph_partition.edge_cut_after"));
  EXPECT_LT(after, before / 2) << "before " << before << ", after " << after;

  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(n * 1433));
  for (float &v : x)
    v = u(rng);
  Tensor xt = Tensor::fromF32({n, 1433}, x);
  Tensor outs[2];
  for (int k = 0; k < 2; ++k) {
    gnnrt::exec::Session &s = k == 0 ? *plain.session : *renumbered.session;
    ASSERT_TRUE(s.setInput("inference", "x", xt).ok());
    ASSERT_TRUE(s.run("inference", 1).ok());
    absl::StatusOr<Tensor> out = s.getOutput("inference", "out");
    ASSERT_TRUE(out.ok()) << out.status();
    outs[k] = *std::move(out);
  }
  ASSERT_EQ(outs[0].shape(), outs[1].shape());
  // The device really holds another order: without the host-order
  // conversion the rows come back permuted.
  {
    gnnrt::exec::SessionOptions so;
    so.threads = 1;
    so.hostOrder = false;
    auto raw = gnnrt::exec::Session::create(renumbered.exe, so);
    ASSERT_TRUE(raw.ok()) << raw.status();
    const std::vector<int64_t> &order = renumbered.exe.rowOrders.at("nodes");
    std::vector<float> xd(x.size());
    for (int64_t i = 0; i < n; ++i)
      std::copy_n(x.begin() + order[i] * 1433, 1433, xd.begin() + i * 1433);
    ASSERT_TRUE((*raw)->setInput("inference", "x", Tensor::fromF32({n, 1433}, xd)).ok());
    ASSERT_TRUE((*raw)->run("inference", 1).ok());
    absl::StatusOr<Tensor> device = (*raw)->getOutput("inference", "out");
    ASSERT_TRUE(device.ok());
    int64_t width = outs[0].numElements() / n, moved = 0;
    for (int64_t i = 0; i < n; ++i) {
      moved += order[i] != i;
      for (int64_t c = 0; c < width; ++c)
        ASSERT_NEAR(device->floatAt(i * width + c),
                    outs[1].floatAt(order[i] * width + c), 1e-6);
    }
    EXPECT_GT(moved, n / 2);
  }
  for (int64_t i = 0; i < outs[0].numElements(); ++i)
    ASSERT_NEAR(outs[0].floatAt(i), outs[1].floatAt(i),
                1e-5 + 1e-5 * std::fabs(outs[0].floatAt(i)))
        << "element " << i;
}

} // namespace

namespace {

// The C API binds a graph from .npy files (`bind=` compile option): the
// compiled programs no longer take it.
TEST(CApiFixedGraphTest, BindOptionFixesTheGraph) {
  gnnc::partition::Graph g = gnnc::partition::randomGraph(40, 120, 3);
  const int64_t n = g.numNodes, e = g.numEdges();
  std::string dir = ::testing::TempDir();
  auto path = [&](const char *name) { return dir + "/capi_" + name + ".npy"; };
  ASSERT_TRUE(gnnrt::writeNpyFile(path("src"), Tensor::fromI64({e}, g.src)).ok());
  ASSERT_TRUE(gnnrt::writeNpyFile(path("dst"), Tensor::fromI64({e}, g.dst)).ok());
  ASSERT_TRUE(gnnrt::writeNpyFile(
                  path("nodes_mask"),
                  Tensor::fromBool({n}, std::vector<bool>(n, true)))
                  .ok());
  ASSERT_TRUE(gnnrt::writeNpyFile(
                  path("edges_mask"),
                  Tensor::fromBool({e}, std::vector<bool>(e, true)))
                  .ok());
  std::string options =
      "tiles=8 num-nodes=40 num-edges=120 train=0 bind=src=" + path("src") +
      ",dst=" + path("dst") + ",nodes_mask=" + path("nodes_mask") +
      ",edges_mask=" + path("edges_mask");
  std::string model = std::string(GNNC_EXAMPLES_DIR) + "/models/cora_gcn.textproto";
  gnnc_executable *exe = nullptr;
  ASSERT_EQ(gnnc_compile_file(model.c_str(), options.c_str(), &exe), GNNC_OK)
      << gnnc_last_error();
  gnnc_session *session = nullptr;
  ASSERT_EQ(gnnc_session_create(exe, 1, &session), GNNC_OK) << gnnc_last_error();
  gnnc_executable_free(exe);
  int count = 0;
  ASSERT_EQ(gnnc_session_stream_count(session, "inference", 0, &count), GNNC_OK);
  EXPECT_EQ(count, 1); // x only
  gnnc_session_free(session);

  // A pair without a file is an error that says what the option takes.
  exe = nullptr;
  EXPECT_EQ(gnnc_compile_file(model.c_str(), "bind=src", &exe),
            GNNC_INVALID_ARGUMENT);
  EXPECT_NE(std::string(gnnc_last_error()).find("is not name=file.npy"),
            std::string::npos)
      << gnnc_last_error();
  EXPECT_EQ(gnnc_compile_file(model.c_str(),
                              ("bind=src=" + dir + "/missing.npy").c_str(),
                              &exe),
            GNNC_INVALID_ARGUMENT);
  EXPECT_NE(std::string(gnnc_last_error()).find("input 'src'"),
            std::string::npos)
      << gnnc_last_error();
}

} // namespace
