//===- SimFastPathTest.cpp - The simulator's host-time shortcuts ----------===//
//
// The simulator shares one host copy between the replicas of a replicated
// tensor that only host writes and copies reach, skips host-to-device
// stream copies whose bytes the tensor provably still holds, caches vertex
// cycles and exchange plans, and walks sparse operands by their non-zeros.
// None of this may change results or cycles: these tests pin that down.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "gmock/gmock.h"
#include "gnnrt/sim/Codelets.h"
#include "gnnrt/sim/Simulator.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::sim {
namespace {

using testutil::smallTarget;
using testutil::tensorDecl;

Tensor ramp(Shape shape, float start, float step) {
  std::vector<float> v(static_cast<size_t>(numElements(shape)));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = start + step * static_cast<float>(i);
  return Tensor::fromF32(shape, v);
}

using ::gnnrt::sim::testutil::bitEqual;

HostStreamDecl stream(std::string name, Shape shape, StreamDirection dir) {
  HostStreamDecl s;
  s.name = std::move(name);
  s.shape = std::move(shape);
  s.direction = dir;
  return s;
}

// Replicas filled by a broadcast (shared host copy), by a partial-range copy
// and by writeTensor all read back identically on every tile, and vertices
// on every tile see them; a replicated tensor a vertex writes keeps one
// copy per tile.
TEST(SimFastPathTest, ReplicasFilledByCopiesReadTheSameOnEveryTile) {
  Program p;
  p.target = smallTarget(4);
  p.tensors = {tensorDecl("B", {4, 3}, Mapping::blocked({0, 4}, 1)),
               tensorDecl("R", {4, 3}, Mapping::replica({0, 4})),
               tensorDecl("H", {4, 3}, Mapping::replica({1, 3})),
               tensorDecl("C", {4, 3}, Mapping::replica({0, 4})),
               tensorDecl("D", {4, 3}, Mapping::replica({0, 4}))};
  p.steps = {
      Step::exchange("bcast", {Copy{"B", -1, -1, "R", -1, -1},
                               Copy{"B", 3, 6, "H", 0, 3}}),
      Step::computeSet("cs", {{"copy", {0, 4}, {"R"}, {"C"}}}),
      // C is written by a vertex (one copy per tile); D copies it with
      // local reads.
      Step::exchange("again", {Copy{"C", -1, -1, "D", -1, -1}})};
  for (int threads : {1, 3}) {
    auto sim = Simulator::create(p, SimulatorOptions{CostParams(), threads, nullptr});
    ASSERT_TRUE(sim.ok()) << sim.status();
    Tensor b = ramp({4, 3}, 1, 0.5f), h = ramp({4, 3}, -7, 1);
    ASSERT_TRUE((*sim)->writeTensor("B", b).ok());
    ASSERT_TRUE((*sim)->writeTensor("H", h).ok());
    ASSERT_TRUE((*sim)->run().ok());
    Tensor hWant = h;
    for (int i = 0; i < 3; ++i)
      hWant.data<float>()[i] = b.data<float>()[3 + i];
    for (int64_t t = 0; t < 4; ++t) {
      EXPECT_TRUE(bitEqual(*(*sim)->readTensorOnTile("R", t), b)) << t;
      EXPECT_TRUE(bitEqual(*(*sim)->readTensorOnTile("C", t), b)) << t;
      EXPECT_TRUE(bitEqual(*(*sim)->readTensorOnTile("D", t), b)) << t;
      if (t >= 1) {
        EXPECT_TRUE(bitEqual(*(*sim)->readTensorOnTile("H", t), hWant)) << t;
      }
    }
    // The exchange cost still counts every replica: B's 4 rows of 12 B are
    // sent once each (multicast) and each tile receives the 36 B it lacks
    // (H: tiles 2 and 3 receive row 1; tile 1 owns it).
    const Profile &prof = (*sim)->profile();
    EXPECT_EQ(prof.steps[0].bytes, 48 + 12);
    EXPECT_EQ(prof.steps[0].cycles, (36 + 12) / 4);
    EXPECT_EQ(prof.steps[2].bytes, 0); // every tile reads its own replica
    // A second run gives the same data and twice the cycles.
    int64_t cycles = prof.totalCycles;
    ASSERT_TRUE((*sim)->run().ok());
    EXPECT_EQ((*sim)->profile().totalCycles, 2 * cycles);
    EXPECT_TRUE(bitEqual(*(*sim)->readTensor("D"), b));
  }
}

// A host-to-device stream copy is skipped only while the tensor provably
// still holds the stream's bytes: a new setStream or a writeTensor forces
// the copy again. A tensor the host fills lives for the whole program, so a
// plan that lets another tensor share its bytes is rejected at load. The
// host bytes are charged on every run either way.
TEST(SimFastPathTest, StreamCopiesRepeatWhenTheirBytesMayHaveChanged) {
  for (bool shareBytes : {false, true}) {
    Program p;
    p.target = smallTarget(2);
    // X [0, 1] and Z [2, 3] share offset 0 when shareBytes (disjoint
    // lifetimes); Z = 2 * Y overwrites X's bytes on every run.
    p.tensors = {tensorDecl("X", {4, 2}, Mapping::blocked({0, 2}, 2),
                        shareBytes ? 0 : 256),
                 tensorDecl("Y", {4, 2}, Mapping::blocked({0, 2}, 2), 64),
                 tensorDecl("Z", {4, 2}, Mapping::blocked({0, 2}, 2), 0)};
    p.streams = {stream("in", {4, 2}, StreamDirection::kHostToDevice),
                 stream("out", {4, 2}, StreamDirection::kDeviceToHost)};
    Vertex scale{"scale", {0, 2}, {"Y"}, {"Z"}, {{"scale", 2.0}}};
    p.steps = {Step::streamCopy("in", "X"),
               Step::computeSet("c1", {{"copy", {0, 2}, {"X"}, {"Y"}}}),
               Step::computeSet("c2", {scale}),
               Step::streamCopy("Z", "out")};
    if (!shareBytes)
      p.tensors[2].offset = 128;
    auto sim = Simulator::create(p);
    if (shareBytes) {
      ASSERT_FALSE(sim.ok());
      EXPECT_THAT(std::string(sim.status().message()),
                  ::testing::HasSubstr("'X' (bytes [0, 16), live steps [0, 3])"));
      continue;
    }
    ASSERT_TRUE(sim.ok()) << sim.status();
    auto expectOut = [&](const Tensor &in, const char *what) {
      Tensor want = in;
      for (float &v : want.data<float>())
        v *= 2;
      EXPECT_TRUE(bitEqual(*(*sim)->getStream("out"), want))
          << what;
    };
    Tensor a = ramp({4, 2}, 1, 1), b = ramp({4, 2}, -3, 0.25f);
    ASSERT_TRUE((*sim)->setStream("in", a).ok());
    ASSERT_TRUE((*sim)->run().ok());
    expectOut(a, "first run");
    ASSERT_TRUE((*sim)->run().ok());
    expectOut(a, "same input");
    ASSERT_TRUE((*sim)->setStream("in", b).ok());
    ASSERT_TRUE((*sim)->run().ok());
    expectOut(b, "new input");
    ASSERT_TRUE((*sim)->writeTensor("X", a).ok());
    ASSERT_TRUE((*sim)->run().ok());
    expectOut(b, "after writeTensor");
    EXPECT_EQ((*sim)->profile().hostBytes, 4 * 2 * 32);
    EXPECT_EQ((*sim)->profile().steps[0].bytes, 4 * 32);
  }
}

// contract_partial finds its non-skipped terms by walking the sparser
// operand; whatever the path, P must equal the plain loop bit for bit
// (every term in row order from +0.0, zero terms skipped only where they
// cannot change the sum).
TEST(SimFastPathTest, ContractPartialMatchesThePlainLoopBitwise) {
  const int64_t r = 7, k = 37, m = 5;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> val(-2, 2);
  auto sparse = [&](Shape shape, int keepPercent) {
    Tensor t(DType::kF32, shape);
    for (float &v : t.data<float>())
      v = static_cast<int>(rng() % 100) < keepPercent ? val(rng) : 0.0f;
    return t;
  };
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int trial = 0; trial < 12; ++trial) {
    Tensor a = sparse({r, k}, trial % 2 ? 5 : 60);
    Tensor b = sparse({r, m}, trial % 3 ? 20 : 100);
    if (trial >= 6) {
      // Non-finite values in a few rows force the other paths.
      a.data<float>()[2 * k + 3] = inf;
      b.data<float>()[4 * m + 1] = nan;
      a.data<float>()[5 * k] = -0.0f;
    }
    Program p;
    p.target = smallTarget(1, 1 << 20);
    p.tensors = {tensorDecl("A", {r, k}, Mapping::blocked({0, 1}, r)),
                 tensorDecl("B", {r, m}, Mapping::blocked({0, 1}, r)),
                 tensorDecl("P", {1, k * m}, Mapping::blocked({0, 1}, 1))};
    p.steps = {Step::computeSet(
        "cs", {{"contract_partial", {0, 1}, {"A", "B"}, {"P"}}})};
    auto sim = Simulator::create(p);
    ASSERT_TRUE(sim.ok()) << sim.status();
    ASSERT_TRUE((*sim)->writeTensor("A", a).ok());
    ASSERT_TRUE((*sim)->writeTensor("B", b).ok());
    ASSERT_TRUE((*sim)->run().ok());
    Tensor want(DType::kF32, {1, k * m});
    float *w = want.data<float>().data();
    const float *as = a.data<float>().data(), *bs = b.data<float>().data();
    for (int64_t i = 0; i < r; ++i)
      for (int64_t kk = 0; kk < k; ++kk)
        for (int64_t j = 0; j < m; ++j) {
          float t = as[i * k + kk] * bs[i * m + j];
          w[kk * m + j] = w[kk * m + j] + t;
        }
    EXPECT_TRUE(bitEqual(*(*sim)->readTensor("P"), want)) << "trial " << trial;
  }
}

// rows.linear shares the transposed weight between the tiles of a compute
// set; a weight that changes between runs (or between compute sets) must
// be seen afresh.
TEST(SimFastPathTest, LinearSeesWeightUpdatesBetweenRuns) {
  const int64_t n = 6, in = 19, out = 3;
  Program p;
  p.target = smallTarget(3, 1 << 20);
  p.tensors = {tensorDecl("x", {n, in}, Mapping::blocked({0, 3}, 2)),
               tensorDecl("W", {out, in}, Mapping::blocked({0, 3}, 1)),
               tensorDecl("Wr", {out, in}, Mapping::replica({0, 3})),
               tensorDecl("y", {n, out}, Mapping::blocked({0, 3}, 2))};
  Vertex lin{"rows.linear", {0, 3}, {"x", "Wr"}, {"y"}, {}};
  p.steps = {Step::exchange("bcast", {Copy{"W", -1, -1, "Wr", -1, -1}}),
             Step::computeSet("lin", {lin})};
  auto sim = Simulator::create(p, SimulatorOptions{CostParams(), 2, nullptr});
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor x(DType::kF32, {n, in});
  for (int64_t i = 0; i < n * in; ++i)
    x.data<float>()[i] = i % 4 == 0 ? 0.5f * static_cast<float>(i % 7) : 0.0f;
  ASSERT_TRUE((*sim)->writeTensor("x", x).ok());
  for (int trial = 0; trial < 3; ++trial) {
    Tensor w = ramp({out, in}, -1.0f + trial, 0.125f);
    if (trial == 2)
      w.data<float>()[5] = std::numeric_limits<float>::infinity();
    ASSERT_TRUE((*sim)->writeTensor("W", w).ok());
    ASSERT_TRUE((*sim)->run().ok());
    Tensor want(DType::kF32, {n, out});
    for (int64_t i = 0; i < n; ++i)
      for (int64_t o = 0; o < out; ++o) {
        float acc = 0.0f;
        for (int64_t q = 0; q < in; ++q) {
          float a = x.data<float>()[i * in + q], b = w.data<float>()[o * in + q];
          if (a == 0.0f && std::isfinite(b))
            continue;
          float t = a * b;
          acc = acc + t;
        }
        want.data<float>()[i * out + o] = acc;
      }
    EXPECT_TRUE(bitEqual(*(*sim)->readTensor("y"), want)) << "trial " << trial;
  }
}

// Many small parallel jobs in a row (the pool spins between them).
TEST(SimFastPathTest, ThreadPoolRunsManyJobs) {
  ThreadPool pool(3);
  std::vector<int64_t> sums(1000, 0);
  for (int job = 0; job < 1000; ++job) {
    std::vector<int64_t> hits(17, 0);
    pool.parallelFor(17, [&](int64_t i) { hits[i] += i + job; });
    int64_t s = 0;
    for (int64_t h : hits)
      s += h;
    sums[job] = s;
  }
  for (int job = 0; job < 1000; ++job)
    ASSERT_EQ(sums[job], 136 + 17 * job) << job;
}

} // namespace
} // namespace gnnrt::sim
