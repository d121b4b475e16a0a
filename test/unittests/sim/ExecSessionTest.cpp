//===- ExecSessionTest.cpp - The host API over hand-built executables -----===//
#include "gnnrt/exec/Session.h"

#include <cstring>

#include "gmock/gmock.h"
#include "gnnc/executable.pb.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::exec {
namespace testing_exec {
// ExecTest.cpp: inference (y = x * w), train_step (w += -0.5 g, m += g,
// step echo) and relayout (dim 0 -> dim 1 exchange) sharing state w, m.
::gnnc::exec::Executable threeProgramProto();
std::vector<float> initialW();
} // namespace testing_exec

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_exec::initialW;
using testing_exec::threeProgramProto;

Tensor f32(Shape shape, float start, float step) {
  std::vector<float> v(static_cast<size_t>(numElements(shape)));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = start + step * static_cast<float>(i);
  return Tensor::fromF32(shape, v);
}

Tensor mul(const Tensor &a, const Tensor &b) {
  Tensor c = a;
  for (int64_t i = 0; i < c.numElements(); ++i)
    c.data<float>()[i] = a.data<float>()[i] * b.data<float>()[i];
  return c;
}

using ::gnnrt::sim::testutil::bitEqual;

std::unique_ptr<Session> makeSession(int threads = 1) {
  absl::StatusOr<Executable> exe = fromProto(threeProgramProto());
  EXPECT_TRUE(exe.ok()) << exe.status();
  SessionOptions o;
  o.threads = threads;
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::create(*std::move(exe), o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

TEST(ExecSessionTest, ProgramsAndBindings) {
  std::unique_ptr<Session> s = makeSession();
  ASSERT_TRUE(s);
  EXPECT_THAT(s->programNames(),
              ElementsAre("inference", "train_step", "relayout"));
  EXPECT_THAT(s->stateNames(), ElementsAre("w", "m"));
  auto in = s->inputs("train_step");
  ASSERT_TRUE(in.ok());
  ASSERT_EQ(in->size(), 2u);
  EXPECT_EQ((*in)[0].binding, "grad");
  EXPECT_EQ((*in)[0].role, "input");
  EXPECT_EQ((*in)[0].stream, "g_in");
  EXPECT_EQ((*in)[0].shape, (Shape{8, 2}));
  EXPECT_EQ((*in)[1].binding, "step");
  EXPECT_EQ((*in)[1].role, "step");
  EXPECT_EQ((*in)[1].dtype, DType::kI64);
  auto out = s->outputs("inference");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].binding, "y");
  EXPECT_EQ((*out)[0].role, "output");
  EXPECT_THAT(s->inputs("nope").status().message(),
              HasSubstr("no program 'nope'; programs: inference, "
                        "train_step, relayout"));
}

TEST(ExecSessionTest, StateFlowsBetweenPrograms) {
  std::unique_ptr<Session> s = makeSession();
  ASSERT_TRUE(s);
  Tensor w0 = Tensor::fromF32({8, 2}, initialW());
  Tensor x = f32({8, 2}, -2.0f, 0.25f);
  Tensor g = f32({8, 2}, 1.0f, -0.125f);
  EXPECT_TRUE(bitEqual(*s->getState("w"), w0));

  ASSERT_TRUE(s->setInput("inference", "x", x).ok());
  ASSERT_TRUE(s->run("inference").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("inference", "y"), mul(x, w0)));

  // Two SGD-like steps: w -= 0.5 g twice; m += g twice.
  ASSERT_TRUE(s->setInput("train_step", "grad", g).ok());
  ASSERT_TRUE(s->run("train_step", 2).ok());
  Tensor w2 = w0, m2 = f32({8, 2}, 1.0f, 0.0f);
  for (int it = 0; it < 2; ++it)
    for (int64_t i = 0; i < 16; ++i) {
      w2.data<float>()[i] = w2.data<float>()[i] + g.data<float>()[i] * -0.5f;
      m2.data<float>()[i] = m2.data<float>()[i] + g.data<float>()[i];
    }
  EXPECT_TRUE(bitEqual(*s->getState("w"), w2));
  EXPECT_TRUE(bitEqual(*s->getState("m"), m2));

  // Inference sees the trained w (and re-reads its bound input).
  ASSERT_TRUE(s->run("inference").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("inference", "y"), mul(x, w2)));
  EXPECT_FALSE(bitEqual(*s->getOutput("inference", "y"), mul(x, w0)));

  // setState reaches every program.
  Tensor w1 = f32({8, 2}, 3.0f, 1.0f);
  ASSERT_TRUE(s->setState("w", w1).ok());
  EXPECT_TRUE(bitEqual(*s->getState("w"), w1));
  ASSERT_TRUE(s->run("inference").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("inference", "y"), mul(x, w1)));
  ASSERT_TRUE(s->run("train_step").ok());
  Tensor w3 = w1;
  for (int64_t i = 0; i < 16; ++i)
    w3.data<float>()[i] = w1.data<float>()[i] + g.data<float>()[i] * -0.5f;
  // Inference runs after train_step without getState in between.
  ASSERT_TRUE(s->run("inference").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("inference", "y"), mul(x, w3)));
  EXPECT_TRUE(bitEqual(*s->getState("w"), w3));
  // m was untouched by setState("w") and inference: three updates.
  Tensor m3 = m2;
  for (int64_t i = 0; i < 16; ++i)
    m3.data<float>()[i] = m2.data<float>()[i] + g.data<float>()[i];
  EXPECT_TRUE(bitEqual(*s->getState("m"), m3));
  // A new input binding is used by the next run.
  Tensor x2 = f32({8, 2}, 5.0f, -1.0f);
  ASSERT_TRUE(s->setInput("inference", "x", x2).ok());
  ASSERT_TRUE(s->run("inference").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("inference", "y"), mul(x2, w3)));
}

TEST(ExecSessionTest, StepCounter) {
  std::unique_ptr<Session> s = makeSession();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->stepCounter(), 1);
  ASSERT_TRUE(s->setInput("train_step", "grad", f32({8, 2}, 0, 0)).ok());
  ASSERT_TRUE(s->run("train_step").ok());
  EXPECT_EQ(s->getOutput("train_step", "step_seen")->data<int64_t>()[0], 1);
  ASSERT_TRUE(s->run("train_step", 3).ok());
  EXPECT_EQ(s->getOutput("train_step", "step_seen")->data<int64_t>()[0], 4);
  EXPECT_EQ(s->stepCounter(), 5);
  // Programs without a step stream leave the counter alone.
  ASSERT_TRUE(s->setInput("inference", "x", f32({8, 2}, 0, 0)).ok());
  ASSERT_TRUE(s->run("inference", 2).ok());
  EXPECT_EQ(s->stepCounter(), 5);
  ASSERT_TRUE(s->run("train_step").ok());
  EXPECT_EQ(s->getOutput("train_step", "step_seen")->data<int64_t>()[0], 5);
  // Resuming: set the counter.
  s->setStepCounter(100);
  ASSERT_TRUE(s->run("train_step").ok());
  EXPECT_EQ(s->getOutput("train_step", "step_seen")->data<int64_t>()[0], 100);
  // An explicit binding wins and stops the automatic feeding.
  ASSERT_TRUE(s->setInput("train_step", "step", Tensor::fromI64({}, {42})).ok());
  ASSERT_TRUE(s->run("train_step", 2).ok());
  EXPECT_EQ(s->getOutput("train_step", "step_seen")->data<int64_t>()[0], 42);
  EXPECT_EQ(s->stepCounter(), 101);
  // 0 iterations is a no-op.
  ASSERT_TRUE(s->run("train_step", 0).ok());
  EXPECT_EQ(s->run("train_step", -1).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ExecSessionTest, Dim1RelayoutAndPlannedOffsets) {
  for (int threads : {1, 3}) {
    std::unique_ptr<Session> s = makeSession(threads);
    ASSERT_TRUE(s);
    Tensor p = f32({4, 6}, 1.0f, 1.0f);
    ASSERT_TRUE(s->setInput("relayout", "p", p).ok());
    ASSERT_TRUE(s->run("relayout").ok());
    EXPECT_TRUE(bitEqual(*s->getOutput("relayout", "p2"), p));
    const sim::Simulator *sim = *s->simulator("relayout");
    EXPECT_EQ(sim->offsetOf("P2", 2), 32);
    // Tile 1 holds columns 2-3 of every row.
    Tensor t1 = *sim->readTensorOnTile("P2", 1);
    ASSERT_EQ(t1.shape(), (Shape{4, 2}));
    EXPECT_EQ(t1.data<float>()[2], 1.0f + 6 + 2);
    // The planned offsets of inference are used as given.
    const sim::Simulator *inf = *s->simulator("inference");
    EXPECT_EQ(inf->offsetOf("w", 3), 16);
    EXPECT_EQ(inf->arenaBytes(0), 48);
  }
}

TEST(ExecSessionTest, OverlappingLiveOffsetsAreRejectedAtCreate) {
  ::gnnc::exec::Executable proto = threeProgramProto();
  // y at x's bytes: both live at the compute set.
  proto.mutable_programs(0)->mutable_tensors(2)->set_offset(0);
  absl::StatusOr<Executable> exe = fromProto(proto);
  ASSERT_TRUE(exe.ok()) << exe.status();
  auto s = Session::create(*std::move(exe));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(),
              HasSubstr("program 'inference': planned tensors 'x'"));
  EXPECT_THAT(s.status().message(), HasSubstr("and 'y'"));
  EXPECT_THAT(s.status().message(), HasSubstr("overlap on tile 0"));
  // P (steps 0-1) and P2 (steps 1-2) share step 1.
  proto = threeProgramProto();
  proto.mutable_programs(2)->mutable_tensors(1)->set_offset(16);
  exe = fromProto(proto);
  ASSERT_TRUE(exe.ok());
  s = Session::create(*std::move(exe));
  EXPECT_THAT(s.status().message(), HasSubstr("'P' (bytes [0, 24)"));
}

TEST(ExecSessionTest, HostApiErrors) {
  std::unique_ptr<Session> s = makeSession();
  ASSERT_TRUE(s);
  absl::Status st = s->setInput("inference", "z", Tensor());
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(st.message(),
              HasSubstr("program 'inference' has no input 'z'; inputs: 'x'"));
  st = s->setInput("inference", "x", f32({2, 8}, 0, 1));
  EXPECT_THAT(st.message(),
              HasSubstr("input 'x' is f32[8, 2] but got f32[2, 8]"));
  st = s->run("inference");
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(st.message(), HasSubstr("input 'x' is not set"));
  EXPECT_THAT(s->getOutput("inference", "y").status().message(),
              HasSubstr("has not run yet"));
  EXPECT_THAT(s->getOutput("inference", "q").status().message(),
              HasSubstr("has no output 'q'; outputs: 'y'"));
  EXPECT_THAT(s->getState("v").status().message(),
              HasSubstr("no state tensor 'v'; state: w, m"));
  EXPECT_THAT(s->setState("w", f32({16}, 0, 1)).message(),
              HasSubstr("state 'w' is f32[8, 2] but got f32[16]"));
  EXPECT_EQ(s->run("nope").code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(s->profile("nope").ok());
}

TEST(ExecSessionTest, ProfilesAccumulatePerProgram) {
  std::unique_ptr<Session> s = makeSession();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->setInput("inference", "x", f32({8, 2}, 0, 1)).ok());
  ASSERT_TRUE(s->run("inference", 3).ok());
  absl::StatusOr<sim::Profile> p = s->profile("inference");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->runs, 3);
  // mul: 4 elements per tile -> 6 + 11 cycles; one sync of 100.
  EXPECT_EQ(p->totalCycles, 3 * (17 + 100));
  EXPECT_EQ(p->bytesPerTileLimit, 4096);
  EXPECT_THAT(p->toJson(), HasSubstr("\"runs\": 3"));
  EXPECT_EQ(p->toSvg().rfind("<svg", 0), 0u);
  EXPECT_EQ(s->profile("train_step")->runs, 0);
}

} // namespace
} // namespace gnnrt::exec
