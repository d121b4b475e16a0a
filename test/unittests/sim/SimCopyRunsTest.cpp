//===- SimCopyRunsTest.cpp - Copies of many element runs ------------------===//
//
// A copy with `runs` moves each (source, dest, count) triple as one copy per
// triple would: the same data, the same exchange bytes and cycles. Corrupt
// runs are validation errors naming the step and copy, and validating
// hundreds of thousands of runs stays fast (sorted, not pairwise).
//
//===----------------------------------------------------------------------===//
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>

#include "gnnc/executable.pb.h"
#include "gnnrt/exec/Executable.h"
#include "gnnrt/exec/Session.h"
#include "gnnrt/sim/Simulator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::exec::testing_exec {
// ExecTest.cpp: inference, train_step and relayout (P [4, 6] by rows ->
// P2 by column pairs, one whole-tensor copy).
::gnnc::exec::Executable threeProgramProto();
} // namespace gnnrt::exec::testing_exec

namespace gnnrt::sim {
namespace {

using testutil::smallTarget;

using ::testing::HasSubstr;

TensorDecl blocked(std::string name, Shape shape, int64_t block) {
  return TensorDecl{std::move(name), DType::kF32, std::move(shape),
                    Mapping::blocked(TileRange{0, 4}, block)};
}

Copy runsCopy(std::string source, std::string dest, std::vector<int64_t> runs) {
  Copy c{std::move(source), -1, -1, std::move(dest), -1, -1};
  c.runs = std::move(runs);
  return c;
}

/// A [8, 2] (tile k holds rows 2k, 2k + 1; row r is {10r + 1, 10r + 2}),
/// gathered row-wise into H [8, 2] and element-wise into a replica R [2].
/// With `asRuns` the exchange is two copies with runs, else six range
/// copies moving the same elements.
Program gatherProgram(bool asRuns) {
  Program p;
  p.target = smallTarget();
  p.tensors = {
      blocked("A", {8, 2}, 2), blocked("H", {8, 2}, 2),
      TensorDecl{"R", DType::kF32, {2}, Mapping::replica(TileRange{0, 4})}};
  std::vector<Copy> copies;
  if (asRuns) {
    copies = {runsCopy("A", "H", {14, 0, 2, 2, 2, 2, 4, 10, 4, 8, 8, 2}),
              runsCopy("A", "R", {0, 0, 1, 13, 1, 1})};
  } else {
    copies = {Copy{"A", 14, 16, "H", 0, 2}, Copy{"A", 2, 4, "H", 2, 4},
              Copy{"A", 4, 8, "H", 10, 14}, Copy{"A", 8, 10, "H", 8, 10},
              Copy{"A", 0, 1, "R", 0, 1},   Copy{"A", 13, 14, "R", 1, 2}};
  }
  p.steps = {Step::exchange("gather", std::move(copies))};
  return p;
}

Tensor rowsOfA() {
  std::vector<float> v;
  for (int r = 0; r < 8; ++r) {
    v.push_back(10.0f * r + 1);
    v.push_back(10.0f * r + 2);
  }
  return Tensor::fromF32({8, 2}, v);
}

TEST(SimCopyRunsTest, RunsMoveTheirElementsAndCountTheirBytes) {
  auto sim = Simulator::create(gatherProgram(true));
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_TRUE((*sim)->writeTensor("A", rowsOfA()).ok());
  ASSERT_TRUE((*sim)->run().ok());
  // H rows 0, 1 <- A rows 7, 1; rows 5, 6 <- A rows 2, 3; row 4 <- A row 4;
  // rows 2, 3 and 7 untouched (zeros).
  EXPECT_TRUE((*sim)->readTensor("H")->allClose(Tensor::fromF32(
      {8, 2}, {71, 72, 11, 12, 0, 0, 0, 0, 41, 42, 21, 22, 31, 32, 0, 0})));
  for (int64_t t = 0; t < 4; ++t)
    EXPECT_TRUE((*sim)->readTensorOnTile("R", t)->allClose(
        Tensor::fromF32({2}, {1, 62})))
        << "tile " << t;
  // Sent: tile 3 A row 7 to tile 0 (8 B) and A[13] to the replicas of
  // tiles 0-2 (4 B, multicast); tile 1 rows 2-3 to tiles 2, 3 (16 B);
  // tile 0 A[0] to tiles 1-3 (4 B). Rows 1 and 4 stay on their tiles.
  // Received at most 16 B (tile 2: row 5, A[0], A[13]); sent at most 16 B
  // (tile 1): 4 cycles.
  const Profile &prof = (*sim)->profile();
  EXPECT_EQ(prof.bytesExchanged, 8 + 4 + 16 + 4);
  EXPECT_EQ(prof.steps[0].cycles, 16 / 4);

  // One range copy per run: the same bytes and cycles.
  auto ranges = Simulator::create(gatherProgram(false));
  ASSERT_TRUE(ranges.ok()) << ranges.status();
  ASSERT_TRUE((*ranges)->writeTensor("A", rowsOfA()).ok());
  ASSERT_TRUE((*ranges)->run().ok());
  EXPECT_TRUE((*ranges)->readTensor("H")->allClose(*(*sim)->readTensor("H")));
  EXPECT_EQ((*ranges)->profile().bytesExchanged, prof.bytesExchanged);
  EXPECT_EQ((*ranges)->profile().steps[0].cycles, prof.steps[0].cycles);
}

struct RunsCase {
  const char *what;
  std::function<void(std::vector<Copy> &)> mutate;
  const char *error;
};

TEST(SimCopyRunsTest, CorruptRunsAreValidationErrors) {
  // Copy 0 writes H row 3 from B; copy 1 gathers A rows into H.
  auto base = [] {
    Program p;
    p.target = smallTarget();
    p.tensors = {blocked("A", {8, 2}, 2), blocked("B", {8, 2}, 2),
                 blocked("H", {8, 2}, 2)};
    p.steps = {Step::exchange(
        "x", {Copy{"B", 0, 2, "H", 6, 8},
              runsCopy("A", "H", {14, 0, 2, 2, 2, 2, 4, 10, 4})})};
    return p;
  };
  ASSERT_TRUE(validate(base()).ok()) << validate(base());
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<RunsCase> cases = {
      {"not triples",
       [](auto &c) {
         c[1].runs = {0, 0, 2, 5};
       },
       "step 0 (exchange 'x'), copy 1 ('A' -> 'H'): 4 run values are not "
       "whole (source, dest, count) triples"},
      {"count 0", [](auto &c) { c[1].runs[5] = 0; },
       "copy 1 ('A' -> 'H'): run 1 (source 2, dest 2, count 0): count must "
       "be >= 1"},
      {"negative count", [](auto &c) { c[1].runs[5] = -3; },
       "run 1 (source 2, dest 2, count -3): count must be >= 1"},
      {"negative source", [](auto &c) { c[1].runs[3] = -2; },
       "run 1 (source -2, dest 2, count 2) is not inside 'A' (16 elements)"},
      {"source past the end", [](auto &c) { c[1].runs[6] = 14; },
       "run 2 (source 14, dest 10, count 4) is not inside 'A' (16 elements)"},
      {"dest past the end", [](auto &c) { c[1].runs[7] = 14; },
       "run 2 (source 4, dest 14, count 4) is not inside 'H' (16 elements)"},
      {"overflowing count", [&](auto &c) { c[1].runs[8] = kMax; },
       "is not inside 'A' (16 elements)"},
      {"runs and a range", [](auto &c) { c[1].sourceBegin = 0; },
       "copy 1 ('A' -> 'H'): has runs and a range"},
      {"dest runs overlap", [](auto &c) { c[1].runs[4] = 1; },
       "copy 1 ('A' -> 'H'): runs 0 and 1 both write elements [1, 2) of 'H'"},
      {"write/write with another copy", [](auto &c) { c[1].runs[1] = 6; },
       "copy 1 ('A' -> 'H'): writes elements of 'H' that copy 0 also writes "
       "(run 0, [6, 8))"},
      {"read of another copy's write",
       [](auto &c) {
         c[0] = Copy{"B", 0, 2, "A", 0, 2};
         c[1].runs[3] = 1;
       },
       "copy 1 ('A' -> 'H'): reads elements of 'A' that copy 0 writes (run "
       "1, [1, 3))"},
      {"write of an earlier copy's read",
       [](auto &c) { c[0] = Copy{"H", 10, 12, "B", 0, 2}; },
       "copy 1 ('A' -> 'H'): writes elements of 'H' that copy 0 reads (run "
       "2, [10, 14))"},
      {"self overlap",
       [](auto &c) {
         c = {runsCopy("A", "A", {0, 4, 4, 6, 12, 2})};
       },
       "copy 0 ('A' -> 'A'): run 1 reads elements [6, 8) of 'A' that run 0 "
       "writes"},
  };
  for (const RunsCase &c : cases) {
    Program p = base();
    c.mutate(p.steps[0].copies);
    absl::Status s = validate(p);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(s.message(), HasSubstr(c.error)) << c.what;
    EXPECT_FALSE(Simulator::create(p).ok()) << c.what;
  }
}

/// S [n] -> D [n] reversed, one element a run, in two copies that take
/// alternate elements (so the runs of both interleave in D).
Program reverseProgram(int64_t n) {
  Program p;
  p.target = smallTarget(4, 1 << 20);
  p.tensors = {blocked("S", {n}, n / 4), blocked("D", {n}, n / 4)};
  std::vector<int64_t> even, odd;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int64_t> &runs = i % 2 ? odd : even;
    runs.insert(runs.end(), {i, n - 1 - i, 1});
  }
  p.steps = {Step::exchange("reverse", {runsCopy("S", "D", std::move(even)),
                                        runsCopy("S", "D", std::move(odd))})};
  return p;
}

TEST(SimCopyRunsTest, ManyRunsValidateFastAndRun) {
  constexpr int64_t kN = 200000;
  Program p = reverseProgram(kN);
  auto start = std::chrono::steady_clock::now();
  absl::Status s = validate(p);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(s.ok()) << s;
  // Pairwise checks would take minutes here.
  EXPECT_LT(seconds, 1.0);

  // A race among them is found as fast.
  Program bad = p;
  // Element 1 to D[n - 1], which element 0 (copy 0) writes.
  bad.steps[0].copies[1].runs[1] = kN - 1;
  start = std::chrono::steady_clock::now();
  s = validate(bad);
  seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_THAT(s.message(), HasSubstr("writes elements of 'D' that copy 0 "
                                     "also writes"));
  EXPECT_LT(seconds, 1.0);

  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  std::vector<float> v(kN);
  for (int64_t i = 0; i < kN; ++i)
    v[i] = static_cast<float>(i);
  ASSERT_TRUE((*sim)->writeTensor("S", Tensor::fromF32({kN}, v)).ok());
  ASSERT_TRUE((*sim)->run().ok());
  absl::StatusOr<Tensor> d = (*sim)->readTensor("D");
  ASSERT_TRUE(d.ok());
  for (int64_t i = 0; i < kN; ++i)
    ASSERT_EQ(d->data<float>()[i], static_cast<float>(kN - 1 - i)) << i;
  // Tile t's elements land on tile 3 - t: every element crosses.
  EXPECT_EQ((*sim)->profile().bytesExchanged, kN * 4);
}

TEST(SimCopyRunsTest, ExecutablesCarryRuns) {
  namespace pb = ::gnnc::exec;
  // relayout with its rows reversed by runs instead of the whole copy.
  pb::Executable proto = exec::testing_exec::threeProgramProto();
  pb::Program *relayout = proto.mutable_programs(2);
  ASSERT_EQ(relayout->name(), "relayout");
  pb::Copy *copy =
      relayout->mutable_steps(1)->mutable_exchange()->mutable_copies(0);
  for (int64_t v : {18, 0, 6, 12, 6, 6, 6, 12, 6, 0, 18, 6})
    copy->add_runs(v);
  absl::StatusOr<exec::Executable> exe = exec::fromProto(proto);
  ASSERT_TRUE(exe.ok()) << exe.status();
  const Copy &loaded = exe->findProgram("relayout")->steps[1].copies[0];
  EXPECT_EQ(loaded.runs.size(), 12u);
  EXPECT_EQ(loaded.sourceBegin, -1);

  // Both encodings keep them.
  for (exec::ExecutableEncoding enc :
       {exec::ExecutableEncoding::kBinary, exec::ExecutableEncoding::kText}) {
    absl::StatusOr<std::string> bytes = exec::serializeExecutable(*exe, enc);
    ASSERT_TRUE(bytes.ok());
    absl::StatusOr<exec::Executable> back =
        exec::parseExecutable(*bytes, enc, "r.gnnx");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->findProgram("relayout")->steps[1].copies[0].runs,
              loaded.runs);
  }
  EXPECT_THAT(*exec::serializeExecutable(*exe, exec::ExecutableEncoding::kText),
              HasSubstr("runs: 18"));

  // And the session runs them: P2 is P with its rows reversed.
  exec::SessionOptions o;
  o.threads = 1;
  auto session = exec::Session::create(*std::move(exe), o);
  ASSERT_TRUE(session.ok()) << session.status();
  std::vector<float> v(24), reversed(24);
  for (int i = 0; i < 24; ++i)
    v[i] = static_cast<float>(i);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 6; ++c)
      reversed[r * 6 + c] = v[(3 - r) * 6 + c];
  ASSERT_TRUE(
      (*session)->setInput("relayout", "p", Tensor::fromF32({4, 6}, v)).ok());
  ASSERT_TRUE((*session)->run("relayout").ok());
  EXPECT_TRUE((*session)
                  ->getOutput("relayout", "p2")
                  ->allClose(Tensor::fromF32({4, 6}, reversed)));

  // A list that is not whole triples is rejected on load, naming the copy.
  copy->add_runs(1);
  absl::StatusOr<exec::Executable> corrupt = exec::fromProto(proto, "r.gnnx");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_THAT(corrupt.status().message(),
              HasSubstr("step 1 (exchange 'to_columns'), copy 0 ('P' -> "
                        "'P2'): 13 run values are not whole"));
}

} // namespace
} // namespace gnnrt::sim
