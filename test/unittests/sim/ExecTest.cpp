//===- ExecTest.cpp - Executable loading, validation and corruption -------===//
#include "gnnrt/exec/Executable.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gnnc/executable.pb.h"
#include "gnnrt/exec/Session.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"

namespace gnnrt::exec {
namespace testing_exec {

namespace pb = ::gnnc::exec;

void setData(pb::TensorData *d, pb::DType dtype, Shape shape,
             const std::vector<float> &values) {
  d->set_dtype(dtype);
  for (int64_t s : shape)
    d->add_shape(s);
  d->set_data(reinterpret_cast<const char *>(values.data()),
              values.size() * sizeof(float));
}

pb::TensorDecl *addTensor(pb::Program *p, const std::string &name,
                          Shape shape, bool replicated, int64_t dim,
                          int64_t block, int64_t first, int64_t count,
                          int64_t offset = -1, pb::DType dtype = pb::F32) {
  pb::TensorDecl *t = p->add_tensors();
  t->set_name(name);
  t->set_dtype(dtype);
  for (int64_t s : shape)
    t->add_shape(s);
  pb::Mapping *m = t->mutable_mapping();
  m->set_replicated(replicated);
  m->set_dim(dim);
  m->set_block(block);
  m->set_first_tile(first);
  m->set_tile_count(count);
  t->set_offset(offset);
  return t;
}

void addStream(pb::Program *p, const std::string &name, pb::DType dtype,
               Shape shape, bool in, const std::string &binding,
               const std::string &role) {
  pb::HostStream *s = p->add_streams();
  s->set_name(name);
  s->set_dtype(dtype);
  for (int64_t d : shape)
    s->add_shape(d);
  s->set_host_to_device(in);
  s->set_binding(binding);
  s->set_role(role);
}

pb::Vertex *addVertex(pb::ComputeSet *cs, const std::string &codelet,
                      std::vector<std::string> ins,
                      std::vector<std::string> outs, int64_t first = 0,
                      int64_t count = 4) {
  pb::Vertex *v = cs->add_vertices();
  v->set_codelet(codelet);
  v->set_first_tile(first);
  v->set_tile_count(count);
  for (const std::string &s : ins)
    v->add_ins(s);
  for (const std::string &s : outs)
    v->add_outs(s);
  return v;
}

void streamCopy(pb::Program *p, const std::string &from,
                const std::string &to) {
  pb::StreamCopy *s = p->add_steps()->mutable_stream_copy();
  s->set_source(from);
  s->set_dest(to);
}

void wholeCopy(pb::Exchange *ex, const std::string &from,
               const std::string &to) {
  pb::Copy *c = ex->add_copies();
  c->set_source(from);
  c->set_source_begin(-1);
  c->set_source_end(-1);
  c->set_dest(to);
  c->set_dest_begin(-1);
  c->set_dest_end(-1);
}

/// Initial value of state "w" [8, 2] and "m" [8, 2].
std::vector<float> initialW() {
  std::vector<float> v(16);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = 0.5f * static_cast<float>(i) - 3.0f;
  return v;
}

/// A model with three programs on a 4-tile target:
///   inference:  y = x * w                         (x, w, y [8, 2], dim 0)
///   train_step: m = m + g; w = w + scale(g, -0.5); the step stream is copied
///               to a device tensor and back out as "step_seen"
///   relayout:   P [4, 6] (dim 0, block 1) -> P2 (dim 1, block 2, 3 tiles)
///               -> "p2" out; inference and relayout use planned offsets.
/// State: "w" (parameter), "m" (optimizer_state).
pb::Executable threeProgramProto() {
  pb::Executable e;
  e.set_format("gnnc-executable");
  e.set_format_version(1);
  e.set_producer("gnnrt test");
  e.set_model_name("toy");
  pb::Target *t = e.mutable_target();
  t->set_tiles_per_ipu(4);
  t->set_bytes_per_tile(4096);
  t->set_ipus(1);
  t->set_clock_hz(1e9);
  t->set_exchange_bytes_per_cycle(4);
  t->set_sync_cycles(100);
  t->set_workers_per_tile(6);
  (*e.mutable_metadata())["optimizer"] = "sgd";
  pb::StateTensor *w = e.add_state();
  w->set_name("w");
  w->set_role("parameter");
  setData(w->mutable_initial(), pb::F32, {8, 2}, initialW());
  pb::StateTensor *m = e.add_state();
  m->set_name("m");
  m->set_role("optimizer_state");
  setData(m->mutable_initial(), pb::F32, {8, 2}, std::vector<float>(16, 1.0f));

  {
    pb::Program *p = e.add_programs();
    p->set_name("inference");
    // Planned: x [0, 16), w [16, 32), y [32, 48) on every tile.
    addTensor(p, "x", {8, 2}, false, 0, 2, 0, 4, 0);
    addTensor(p, "w", {8, 2}, false, 0, 2, 0, 4, 16)->set_state("w");
    addTensor(p, "y", {8, 2}, false, 0, 2, 0, 4, 32);
    addStream(p, "x_in", pb::F32, {8, 2}, true, "x", "input");
    addStream(p, "y_out", pb::F32, {8, 2}, false, "y", "output");
    streamCopy(p, "x_in", "x");
    pb::ComputeSet *cs = p->add_steps()->mutable_compute_set();
    cs->set_name("mul");
    addVertex(cs, "mul", {"x", "w"}, {"y"});
    p->add_steps()->mutable_sync()->set_global(true);
    streamCopy(p, "y", "y_out");
  }
  {
    pb::Program *p = e.add_programs();
    p->set_name("train_step");
    addTensor(p, "g", {8, 2}, false, 0, 2, 0, 4);
    addTensor(p, "w", {8, 2}, false, 0, 2, 0, 4)->set_state("w");
    addTensor(p, "m", {8, 2}, false, 0, 2, 0, 4)->set_state("m");
    addTensor(p, "d", {8, 2}, false, 0, 2, 0, 4);
    addTensor(p, "step", {}, true, 0, 0, 0, 1, -1, pb::I64);
    addStream(p, "g_in", pb::F32, {8, 2}, true, "grad", "input");
    addStream(p, "step_in", pb::I64, {}, true, "step", "step");
    addStream(p, "step_out", pb::I64, {}, false, "step_seen", "output");
    streamCopy(p, "g_in", "g");
    streamCopy(p, "step_in", "step");
    pb::ComputeSet *cs = p->add_steps()->mutable_compute_set();
    cs->set_name("update1");
    pb::Vertex *v = addVertex(cs, "scale", {"g"}, {"d"});
    (*v->mutable_params())["scale"].set_f(-0.5);
    addVertex(cs, "add", {"m", "g"}, {"m"});
    pb::ComputeSet *cs2 = p->add_steps()->mutable_compute_set();
    cs2->set_name("update2");
    addVertex(cs2, "add", {"w", "d"}, {"w"});
    streamCopy(p, "step", "step_out");
  }
  {
    pb::Program *p = e.add_programs();
    p->set_name("relayout");
    addTensor(p, "P", {4, 6}, false, 0, 1, 0, 4, 0);
    addTensor(p, "P2", {4, 6}, false, 1, 2, 0, 3, 32);
    addStream(p, "p_in", pb::F32, {4, 6}, true, "p", "input");
    addStream(p, "p2_out", pb::F32, {4, 6}, false, "p2", "output");
    streamCopy(p, "p_in", "P");
    pb::Exchange *ex = p->add_steps()->mutable_exchange();
    ex->set_name("to_columns");
    wholeCopy(ex, "P", "P2");
    streamCopy(p, "P2", "p2_out");
  }
  return e;
}

} // namespace testing_exec

namespace {

using ::testing::HasSubstr;
using namespace testing_exec;

std::string tempPath(const std::string &name) {
  const char *dir = std::getenv("TMPDIR");
  return absl::StrCat(dir ? dir : "/tmp", "/gnnrt_exec_test_", ::getpid(),
                      "_", name);
}

TEST(ExecLoadTest, FromProtoBuildsValidatedPrograms) {
  absl::StatusOr<Executable> exe = fromProto(threeProgramProto());
  ASSERT_TRUE(exe.ok()) << exe.status();
  EXPECT_EQ(exe->modelName, "toy");
  EXPECT_EQ(exe->producer, "gnnrt test");
  EXPECT_EQ(exe->target.tilesPerIpu, 4);
  EXPECT_EQ(exe->metadata.at("optimizer"), "sgd");
  ASSERT_EQ(exe->programs.size(), 3u);
  const sim::Program *train = exe->findProgram("train_step");
  ASSERT_NE(train, nullptr);
  EXPECT_EQ(train->target.bytesPerTile, 4096);
  EXPECT_EQ(train->findTensor("w")->state, "w");
  EXPECT_EQ(train->findTensor("step")->dtype, DType::kI64);
  EXPECT_TRUE(train->findTensor("step")->mapping.replicated);
  EXPECT_EQ(train->findStream("step_in")->role, "step");
  EXPECT_EQ(*sim::paramFloat(train->steps[2].vertices[0].params, "scale"),
            -0.5);
  const sim::Program *rel = exe->findProgram("relayout");
  EXPECT_EQ(rel->findTensor("P2")->mapping.dim, 1);
  EXPECT_EQ(rel->findTensor("P2")->offset, 32);
  ASSERT_NE(exe->findState("m"), nullptr);
  EXPECT_EQ(exe->findState("m")->role, "optimizer_state");
  EXPECT_EQ(exe->findState("w")->initial.data<float>()[3], -1.5f);
}

TEST(ExecLoadTest, RoundTripsThroughFilesInBothEncodings) {
  absl::StatusOr<Executable> exe = fromProto(threeProgramProto());
  ASSERT_TRUE(exe.ok()) << exe.status();
  for (const char *name : {"a.gnnx", "a.textproto", "a.pbtxt"}) {
    std::string path = tempPath(name);
    ASSERT_TRUE(saveExecutable(*exe, path).ok()) << name;
    absl::StatusOr<Executable> back = loadExecutable(path);
    ASSERT_TRUE(back.ok()) << back.status();
    // Same proto again (binary serialization is deterministic).
    EXPECT_EQ(*serializeExecutable(*back, ExecutableEncoding::kBinary),
              *serializeExecutable(*exe, ExecutableEncoding::kBinary))
        << name;
    std::ifstream in(path);
    std::string head(16, '\0');
    in.read(&head[0], 16);
    if (encodingForPath(path) == ExecutableEncoding::kText) {
      EXPECT_THAT(head, HasSubstr("format"));
    }
    std::remove(path.c_str());
  }
  // toProto fills in the format.
  EXPECT_EQ(toProto(*exe).format(), "gnnc-executable");
  EXPECT_EQ(toProto(*exe).format_version(), 1u);
}

struct BadCase {
  const char *what;
  std::function<void(pb::Executable &)> mutate;
  const char *error;
};

TEST(ExecLoadTest, EachValidationError) {
  std::vector<BadCase> cases = {
      {"format", [](pb::Executable &e) { e.set_format("onnx"); },
       "not a gnnc executable: format is 'onnx'"},
      {"version", [](pb::Executable &e) { e.set_format_version(2); },
       "executable format version 2 is not supported: this runtime reads "
       "version 1"},
      {"no target", [](pb::Executable &e) { e.clear_target(); }, "no target"},
      {"target", [](pb::Executable &e) { e.mutable_target()->set_ipus(0); },
       "target: target model: numIpus is 0"},
      {"too many tiles",
       [](pb::Executable &e) {
         e.mutable_target()->set_tiles_per_ipu(int64_t(1) << 40);
       },
       "exceed the simulator's limit"},
      {"state size",
       [](pb::Executable &e) {
         e.mutable_state(0)->mutable_initial()->mutable_data()->pop_back();
       },
       "state tensor 0 'w': f32[8, 2] needs 64 bytes of data but has 63"},
      {"state dtype",
       [](pb::Executable &e) {
         e.mutable_state(1)->mutable_initial()->set_dtype(pb::DTYPE_UNSPECIFIED);
       },
       "state tensor 1 'm': unknown dtype enum value 0"},
      {"state dup", [](pb::Executable &e) { e.mutable_state(1)->set_name("w"); },
       "state tensor 1 'w': duplicate name"},
      {"state no initial",
       [](pb::Executable &e) { e.mutable_state(1)->clear_initial(); },
       "state tensor 1 'm': no initial value"},
      {"unknown dtype",
       [](pb::Executable &e) {
         e.mutable_programs(1)->mutable_tensors(0)->set_dtype(
             static_cast<pb::DType>(42));
       },
       "program 'train_step': tensor 0 'g': unknown dtype enum value 42"},
      {"missing state",
       [](pb::Executable &e) {
         e.mutable_programs(1)->mutable_tensors(2)->set_state("adam.m");
       },
       "program 'train_step': tensor 2 'm': state 'adam.m' is not a state "
       "tensor of the executable"},
      {"state shape",
       [](pb::Executable &e) {
         e.mutable_programs(0)->mutable_tensors(1)->set_state("w");
         e.mutable_state(0)->mutable_initial()->set_shape(0, 4);
         e.mutable_state(0)->mutable_initial()->set_shape(1, 4);
       },
       "program 'inference': tensor 1 'w': is f32[8, 2] but state 'w' is "
       "f32[4, 4]"},
      {"constant size",
       [](pb::Executable &e) {
         pb::TensorDecl *t = e.mutable_programs(0)->mutable_tensors(0);
         setData(t->mutable_constant(), pb::F32, {8, 2},
                 std::vector<float>(15));
       },
       "program 'inference': tensor 0 'x' constant: f32[8, 2] needs 64 "
       "bytes of data but has 60"},
      {"constant shape",
       [](pb::Executable &e) {
         pb::TensorDecl *t = e.mutable_programs(0)->mutable_tensors(0);
         setData(t->mutable_constant(), pb::F32, {16},
                 std::vector<float>(16));
       },
       "program 'inference': tensor 0 'x': constant is f32[16] but the "
       "tensor is f32[8, 2]"},
      {"bool constant",
       [](pb::Executable &e) {
         pb::TensorDecl *t = addTensor(e.mutable_programs(0), "mask", {2},
                                       true, 0, 0, 0, 4, -1, pb::BOOL);
         t->mutable_constant()->set_dtype(pb::BOOL);
         t->mutable_constant()->add_shape(2);
         t->mutable_constant()->set_data(std::string("\x01\x02", 2));
       },
       "tensor 3 'mask' constant: bool element 1 is 2, expected 0 or 1"},
      {"negative shape",
       [](pb::Executable &e) {
         e.mutable_programs(2)->mutable_tensors(0)->set_shape(0, -4);
       },
       "program 'relayout': tensor 0 'P': negative dimension"},
      {"huge shape",
       [](pb::Executable &e) {
         e.mutable_programs(2)->mutable_tensors(0)->set_shape(0, int64_t(1)
                                                                 << 40);
         e.mutable_programs(2)->mutable_tensors(0)->set_shape(1, int64_t(1)
                                                                 << 40);
       },
       "is too large"},
      {"no mapping",
       [](pb::Executable &e) {
         e.mutable_programs(2)->mutable_tensors(0)->clear_mapping();
       },
       "program 'relayout': tensor 0 'P': no mapping"},
      {"no step kind",
       [](pb::Executable &e) { e.mutable_programs(2)->add_steps(); },
       "program 'relayout': step 3: no step kind set"},
      {"nested no step kind",
       [](pb::Executable &e) {
         pb::Repeat *r = e.mutable_programs(2)->add_steps()->mutable_repeat();
         r->set_count(2);
         r->add_body()->mutable_sync();
         r->add_body();
       },
       "program 'relayout': step 3 (repeat), step 1: no step kind set"},
      {"param without value",
       [](pb::Executable &e) {
         (*e.mutable_programs(0)
               ->mutable_steps(1)
               ->mutable_compute_set()
               ->mutable_vertices(0)
               ->mutable_params())["k"];
       },
       "program 'inference': step 1 (compute_set 'mul'), vertex 0 'mul': "
       "param 'k' has no value"},
      {"program validation",
       [](pb::Executable &e) {
         e.mutable_programs(0)
             ->mutable_steps(1)
             ->mutable_compute_set()
             ->mutable_vertices(0)
             ->set_codelet("conv");
       },
       "program 'inference': step 1 (compute_set 'mul'), vertex 0 'conv': "
       "unknown codelet 'conv'"},
      {"offset overflow",
       [](pb::Executable &e) {
         e.mutable_programs(0)->mutable_tensors(2)->set_offset(4092);
       },
       "program 'inference': tensor 2 'y': offset 4092 + 16 bytes"},
      {"duplicate program",
       [](pb::Executable &e) { e.mutable_programs(2)->set_name("inference"); },
       "program 2 'inference': duplicate program name"},
      {"no programs", [](pb::Executable &e) { e.clear_programs(); },
       "no programs"},
      {"step stream type",
       [](pb::Executable &e) {
         e.mutable_programs(1)->mutable_streams(1)->set_dtype(pb::I32);
         e.mutable_programs(1)->mutable_tensors(4)->set_dtype(pb::I32);
       },
       "a \"step\" stream must be a host_to_device i64[] scalar"},
      {"binding clash",
       [](pb::Executable &e) {
         addStream(e.mutable_programs(0), "x2", pb::F32, {8, 2}, true, "x",
                   "input");
       },
       "binding 'x' is already used"},
  };
  for (const BadCase &c : cases) {
    pb::Executable e = threeProgramProto();
    c.mutate(e);
    absl::StatusOr<Executable> exe = fromProto(e, "m.gnnx");
    ASSERT_FALSE(exe.ok()) << c.what;
    EXPECT_THAT(exe.status().message(), HasSubstr("m.gnnx: ")) << c.what;
    EXPECT_THAT(exe.status().message(), HasSubstr(c.error)) << c.what;
  }
}

TEST(ExecLoadTest, FileErrorsNameTheFile) {
  absl::StatusOr<Executable> missing = loadExecutable("/nonexistent/x.gnnx");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("'/nonexistent/x.gnnx'"));

  std::string path = tempPath("garbage.gnnx");
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xff\xff\xff\xff garbage";
  }
  absl::StatusOr<Executable> bad = loadExecutable(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr(path + ": not a valid gnnc "
                                                       "executable"));
  std::remove(path.c_str());

  std::string text = tempPath("bad.textproto");
  {
    std::ofstream out(text);
    out << "format: \"gnnc-executable\"\nformat_version: 1\nprograms { "
           "nme: \"x\" }\n";
  }
  bad = loadExecutable(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr(text));
  EXPECT_THAT(bad.status().message(), HasSubstr("line 3:"));
  EXPECT_THAT(bad.status().message(), HasSubstr("nme"));
  std::remove(text.c_str());
}

// Truncates and bit-flips a valid executable at many positions: every load
// must return an error or a valid executable, never crash. Sessions are
// created (not run) from the corrupt ones that still load.
TEST(ExecLoadTest, CorruptionIsAnErrorOrAValidExecutable) {
  // Invalid UTF-8 in proto3 strings is logged by protobuf; keep it quiet.
  google::protobuf::LogSilencer silence;
  absl::StatusOr<Executable> exe = fromProto(threeProgramProto());
  ASSERT_TRUE(exe.ok());
  std::string bytes = *serializeExecutable(*exe, ExecutableEncoding::kBinary);
  std::string text = *serializeExecutable(*exe, ExecutableEncoding::kText);
  ASSERT_GT(bytes.size(), 500u);
  int loaded = 0, rejected = 0;
  auto check = [&](const std::string &data, ExecutableEncoding enc,
                   const std::string &what) {
    absl::StatusOr<Executable> e = parseExecutable(data, enc, "c.gnnx");
    if (!e.ok()) {
      ++rejected;
      EXPECT_THAT(e.status().message(), HasSubstr("c.gnnx: ")) << what;
      return;
    }
    ++loaded;
    EXPECT_TRUE(validateExecutable(*e).ok()) << what;
    if (e->target.totalTiles() <= 4096 && e->target.bytesPerTile <= (1 << 20)) {
      SessionOptions o;
      o.threads = 1;
      // May fail (e.g. planned offsets now overlap) but must not crash.
      (void)Session::create(*std::move(e), o);
    }
  };
  for (size_t n = 0; n < bytes.size(); ++n)
    check(bytes.substr(0, n), ExecutableEncoding::kBinary,
          absl::StrCat("truncated to ", n));
  for (size_t i = 0; i < bytes.size(); ++i)
    for (int bit : {0, 3, 7}) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << ((bit + i) % 8)));
      check(flipped, ExecutableEncoding::kBinary,
            absl::StrCat("bit ", (bit + i) % 8, " of byte ", i));
    }
  for (size_t n = 0; n < text.size(); n += 7)
    check(text.substr(0, n), ExecutableEncoding::kText,
          absl::StrCat("text truncated to ", n));
  for (size_t i = 0; i < text.size(); i += 5) {
    std::string flipped = text;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x04);
    check(flipped, ExecutableEncoding::kText,
          absl::StrCat("text byte ", i));
  }
  // Through real files too, at a few positions.
  std::string path = tempPath("cut.gnnx");
  for (size_t n = 0; n < bytes.size(); n += bytes.size() / 9) {
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(n));
    }
    absl::StatusOr<Executable> e = loadExecutable(path);
    if (!e.ok()) {
      EXPECT_THAT(e.status().message(), HasSubstr(path));
    }
  }
  std::remove(path.c_str());
  // The full file is fine, and both outcomes happened.
  EXPECT_TRUE(parseExecutable(bytes, ExecutableEncoding::kBinary, "x").ok());
  EXPECT_GT(rejected, 1000);
  EXPECT_GT(loaded, 10);
}

} // namespace
} // namespace gnnrt::exec
