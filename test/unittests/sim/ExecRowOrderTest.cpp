//===- ExecRowOrderTest.cpp - Host streams with executable row orders -----===//
//
// An executable whose host streams name row orders ("nodes", "edges"): the
// host sees rows in host order, the device holds them in device order
// (device row i = host row order[i]).
//
//===----------------------------------------------------------------------===//
#include "gnnrt/exec/Executable.h"
#include "gnnrt/exec/Session.h"

#include <cstring>
#include <functional>

#include "gmock/gmock.h"
#include "gnnc/executable.pb.h"
#include "gtest/gtest.h"
#include "SimTestUtil.h"

namespace gnnrt::exec {
namespace testing_exec {
namespace pb = ::gnnc::exec;
// ExecTest.cpp.
::gnnc::exec::Executable threeProgramProto();
pb::TensorDecl *addTensor(pb::Program *p, const std::string &name,
                          Shape shape, bool replicated, int64_t dim,
                          int64_t block, int64_t first, int64_t count,
                          int64_t offset, pb::DType dtype);
void addStream(pb::Program *p, const std::string &name, pb::DType dtype,
               Shape shape, bool in, const std::string &binding,
               const std::string &role);
pb::Vertex *addVertex(pb::ComputeSet *cs, const std::string &codelet,
                      std::vector<std::string> ins,
                      std::vector<std::string> outs, int64_t first,
                      int64_t count);
void streamCopy(pb::Program *p, const std::string &from,
                const std::string &to);
} // namespace testing_exec

namespace {

namespace pb = ::gnnc::exec;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using namespace testing_exec;

// Neither is its own inverse, so a gather/scatter mix-up shows.
const std::vector<int64_t> kNodes = {3, 0, 5, 1, 4, 2};
const std::vector<int64_t> kEdges = {2, 0, 3, 1};

/// The 4-tile target of ExecTest.cpp with one program "copy":
///   x [6, 3] f32 ("nodes") -> X -> scale 2 -> Y -> y ("nodes") and
///                                             y_device (no order)
///   ids [6] i64 ("nodes") -> I -> ids_out ("nodes"), ids_device
///   mask [4] bool ("edges") -> M -> mask_out ("edges")
pb::Executable rowOrderProto() {
  pb::Executable e = threeProgramProto();
  e.clear_programs();
  e.clear_state();
  (*e.mutable_row_orders())["nodes"].mutable_host_rows()->Add(kNodes.begin(),
                                                              kNodes.end());
  (*e.mutable_row_orders())["edges"].mutable_host_rows()->Add(kEdges.begin(),
                                                              kEdges.end());
  pb::Program *p = e.add_programs();
  p->set_name("copy");
  addTensor(p, "X", {6, 3}, false, 0, 2, 0, 3, -1, pb::F32);
  addTensor(p, "Y", {6, 3}, false, 0, 2, 0, 3, -1, pb::F32);
  addTensor(p, "I", {6}, false, 0, 2, 0, 3, -1, pb::I64);
  addTensor(p, "M", {4}, false, 0, 1, 0, 4, -1, pb::BOOL);
  addStream(p, "x_in", pb::F32, {6, 3}, true, "x", "input");
  addStream(p, "ids_in", pb::I64, {6}, true, "ids", "input");
  addStream(p, "mask_in", pb::BOOL, {4}, true, "mask", "input");
  addStream(p, "y_out", pb::F32, {6, 3}, false, "y", "output");
  addStream(p, "y_dev", pb::F32, {6, 3}, false, "y_device", "output");
  addStream(p, "ids_out", pb::I64, {6}, false, "ids_out", "output");
  addStream(p, "ids_dev", pb::I64, {6}, false, "ids_device", "output");
  addStream(p, "mask_out", pb::BOOL, {4}, false, "mask_out", "output");
  for (int k : {0, 1, 3, 5})
    p->mutable_streams(k)->set_row_order("nodes");
  p->mutable_streams(2)->set_row_order("edges");
  p->mutable_streams(7)->set_row_order("edges");
  streamCopy(p, "x_in", "X");
  streamCopy(p, "ids_in", "I");
  streamCopy(p, "mask_in", "M");
  pb::ComputeSet *cs = p->add_steps()->mutable_compute_set();
  cs->set_name("double");
  pb::Vertex *v = addVertex(cs, "scale", {"X"}, {"Y"}, 0, 3);
  (*v->mutable_params())["scale"].set_f(2.0);
  p->add_steps()->mutable_sync()->set_global(true);
  streamCopy(p, "Y", "y_out");
  streamCopy(p, "Y", "y_dev");
  streamCopy(p, "I", "ids_out");
  streamCopy(p, "I", "ids_dev");
  streamCopy(p, "M", "mask_out");
  return e;
}

/// Host rows in device order, by the definition: device row i = host row
/// order[i]. Independent of the runtime's permutation.
Tensor toDevice(const Tensor &host, const std::vector<int64_t> &order) {
  Tensor out(host.dtype(), host.shape());
  size_t row = static_cast<size_t>(host.sizeInBytes() / host.dim(0));
  for (size_t i = 0; i < order.size(); ++i)
    std::memcpy(out.rawData() + i * row,
                host.rawData() + static_cast<size_t>(order[i]) * row, row);
  return out;
}

Tensor doubled(const Tensor &t) {
  Tensor out = t;
  for (float &v : out.data<float>())
    v *= 2.0f;
  return out;
}

using ::gnnrt::sim::testutil::bitEqual;

struct Inputs {
  Tensor x = Tensor::fromF32({6, 3}, {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31,
                                      32, 40, 41, 42, 50, 51, 52});
  Tensor ids = Tensor::fromI64({6}, {100, 101, 102, 103, 104, 105});
  Tensor mask = Tensor::fromBool({4}, {true, true, false, false});
};

std::unique_ptr<Session> makeSession(bool hostOrder) {
  absl::StatusOr<Executable> exe = fromProto(rowOrderProto());
  EXPECT_TRUE(exe.ok()) << exe.status();
  if (!exe.ok())
    return nullptr;
  SessionOptions o;
  o.threads = 1;
  o.hostOrder = hostOrder;
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::create(*std::move(exe), o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

void bindAll(Session &s, const Inputs &in) {
  ASSERT_TRUE(s.setInput("copy", "x", in.x).ok());
  ASSERT_TRUE(s.setInput("copy", "ids", in.ids).ok());
  ASSERT_TRUE(s.setInput("copy", "mask", in.mask).ok());
}

TEST(ExecRowOrderTest, BindingsReportTheirOrder) {
  std::unique_ptr<Session> s = makeSession(true);
  ASSERT_TRUE(s);
  auto in = s->inputs("copy");
  ASSERT_TRUE(in.ok());
  ASSERT_EQ(in->size(), 3u);
  EXPECT_EQ((*in)[0].rowOrder, "nodes");
  EXPECT_EQ((*in)[2].rowOrder, "edges");
  auto out = s->outputs("copy");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 5u);
  EXPECT_EQ((*out)[0].binding, "y");
  EXPECT_EQ((*out)[0].rowOrder, "nodes");
  EXPECT_EQ((*out)[1].binding, "y_device");
  EXPECT_EQ((*out)[1].rowOrder, "");
}

TEST(ExecRowOrderTest, HostSeesHostOrderDeviceHoldsDeviceOrder) {
  std::unique_ptr<Session> s = makeSession(true);
  ASSERT_TRUE(s);
  Inputs in;
  bindAll(*s, in);
  // The bound stream already holds device order: permuted once, at setInput.
  const sim::Simulator *sim = *s->simulator("copy");
  EXPECT_TRUE(bitEqual(*sim->getStream("x_in"), toDevice(in.x, kNodes)));
  EXPECT_TRUE(bitEqual(*sim->getStream("mask_in"), toDevice(in.mask, kEdges)));
  for (int run = 0; run < 3; ++run) {
    ASSERT_TRUE(s->run("copy").ok());
    // Round trip in host order, for every dtype.
    EXPECT_TRUE(bitEqual(*s->getOutput("copy", "y"), doubled(in.x))) << run;
    EXPECT_TRUE(bitEqual(*s->getOutput("copy", "ids_out"), in.ids)) << run;
    EXPECT_TRUE(bitEqual(*s->getOutput("copy", "mask_out"), in.mask)) << run;
    // Device tensors and order-less streams are in device order.
    EXPECT_TRUE(bitEqual(*sim->readTensor("X"), toDevice(in.x, kNodes)));
    EXPECT_TRUE(bitEqual(*s->getOutput("copy", "y_device"),
                         toDevice(doubled(in.x), kNodes)));
    EXPECT_THAT(s->getOutput("copy", "ids_device")->data<int64_t>(),
                ElementsAre(103, 100, 105, 101, 104, 102));
    EXPECT_TRUE(bitEqual(*sim->readTensor("M"), toDevice(in.mask, kEdges)));
    EXPECT_FALSE(bitEqual(*sim->readTensor("M"), in.mask));
  }
  // A new input is permuted too.
  Tensor x2 = doubled(doubled(in.x));
  ASSERT_TRUE(s->setInput("copy", "x", x2).ok());
  ASSERT_TRUE(s->run("copy").ok());
  EXPECT_TRUE(bitEqual(*s->getOutput("copy", "y"), doubled(x2)));
  EXPECT_TRUE(bitEqual(*sim->readTensor("X"), toDevice(x2, kNodes)));
}

TEST(ExecRowOrderTest, HostOrderOffPassesDeviceOrderUnchanged) {
  std::unique_ptr<Session> s = makeSession(false);
  ASSERT_TRUE(s);
  Inputs in;
  bindAll(*s, in);
  ASSERT_TRUE(s->run("copy").ok());
  const sim::Simulator *sim = *s->simulator("copy");
  EXPECT_TRUE(bitEqual(*sim->readTensor("X"), in.x));
  EXPECT_TRUE(bitEqual(*s->getOutput("copy", "y"), doubled(in.x)));
  EXPECT_TRUE(bitEqual(*s->getOutput("copy", "y_device"), doubled(in.x)));
  EXPECT_TRUE(bitEqual(*s->getOutput("copy", "ids_out"), in.ids));
  EXPECT_TRUE(bitEqual(*s->getOutput("copy", "mask_out"), in.mask));
  EXPECT_TRUE(bitEqual(*sim->readTensor("M"), in.mask));
  // The bindings still name the order.
  EXPECT_EQ((*s->inputs("copy"))[0].rowOrder, "nodes");
}

TEST(ExecRowOrderTest, RoundTripsThroughProto) {
  absl::StatusOr<Executable> exe = fromProto(rowOrderProto());
  ASSERT_TRUE(exe.ok()) << exe.status();
  ASSERT_EQ(exe->rowOrders.size(), 2u);
  EXPECT_THAT(exe->rowOrders.at("nodes"), ElementsAreArray(kNodes));
  EXPECT_THAT(exe->rowOrders.at("edges"), ElementsAreArray(kEdges));
  const sim::Program *p = exe->findProgram("copy");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->findStream("x_in")->rowOrder, "nodes");
  EXPECT_EQ(p->findStream("mask_out")->rowOrder, "edges");
  EXPECT_EQ(p->findStream("y_dev")->rowOrder, "");

  pb::Executable proto = toProto(*exe);
  ASSERT_EQ(proto.row_orders().size(), 2);
  EXPECT_THAT(proto.row_orders().at("nodes").host_rows(),
              ElementsAreArray(kNodes));
  EXPECT_EQ(proto.programs(0).streams(0).row_order(), "nodes");
  EXPECT_EQ(proto.programs(0).streams(4).row_order(), "");
  for (ExecutableEncoding enc :
       {ExecutableEncoding::kBinary, ExecutableEncoding::kText}) {
    absl::StatusOr<std::string> bytes = serializeExecutable(*exe, enc);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    if (enc == ExecutableEncoding::kText) {
      EXPECT_THAT(*bytes, HasSubstr("row_orders"));
      EXPECT_THAT(*bytes, HasSubstr("row_order: \"edges\""));
    }
    absl::StatusOr<Executable> back = parseExecutable(*bytes, enc, "r.gnnx");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->rowOrders, exe->rowOrders);
    EXPECT_EQ(back->findProgram("copy")->findStream("ids_out")->rowOrder,
              "nodes");
    EXPECT_EQ(*serializeExecutable(*back, ExecutableEncoding::kBinary),
              *serializeExecutable(*exe, ExecutableEncoding::kBinary));
  }

  // An executable without orders (older writers) reads and writes none.
  absl::StatusOr<Executable> old = fromProto(threeProgramProto());
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE(old->rowOrders.empty());
  EXPECT_TRUE(toProto(*old).row_orders().empty());
  EXPECT_EQ(old->findProgram("inference")->findStream("x_in")->rowOrder, "");
}

struct BadOrder {
  const char *what;
  std::function<void(pb::Executable &)> mutate;
  std::vector<const char *> errors;
};

void setNodes(pb::Executable &e, std::vector<int64_t> rows) {
  pb::RowOrder &o = (*e.mutable_row_orders())["nodes"];
  o.clear_host_rows();
  o.mutable_host_rows()->Add(rows.begin(), rows.end());
}

TEST(ExecRowOrderTest, BadOrdersAreValidationErrors) {
  std::vector<BadOrder> cases = {
      {"duplicate",
       [](pb::Executable &e) { setNodes(e, {3, 0, 5, 1, 0, 2}); },
       {"row order 'nodes': entries 1 and 4 both hold host row 0; not a "
        "permutation"}},
      {"out of range",
       [](pb::Executable &e) { setNodes(e, {3, 0, 5, 6, 4, 2}); },
       {"row order 'nodes': entry 3 is host row 6, outside [0, 6)"}},
      {"negative",
       [](pb::Executable &e) { setNodes(e, {3, 0, -1, 1, 4, 2}); },
       {"row order 'nodes': entry 2 is host row -1, outside [0, 6)"}},
      {"wrong length",
       [](pb::Executable &e) { setNodes(e, {3, 0, 1, 4, 2}); },
       {"program 'copy': host stream 0 'x_in': is f32[6, 3] but row order "
        "'nodes' has 5 rows",
        "leading dimension 5"}},
      {"unknown name",
       [](pb::Executable &e) {
         e.mutable_programs(0)->mutable_streams(6)->set_row_order("node");
       },
       {"program 'copy': host stream 6 'ids_dev': row order 'node' is not a "
        "row order of the executable (row orders: 'edges', 'nodes')"}},
      {"empty name",
       [](pb::Executable &e) { (*e.mutable_row_orders())[""]; },
       {"row order with an empty name"}},
      {"scalar stream",
       [](pb::Executable &e) {
         pb::Executable three = threeProgramProto();
         pb::Program *train = e.add_programs();
         *train = three.programs(1);
         *e.mutable_state() = three.state();
         train->mutable_streams(1)->set_row_order("nodes");
       },
       {"program 'train_step': host stream 1 'step_in': is i64[] but row "
        "order 'nodes' has 6 rows (a stream with a row order needs rank >= "
        "1"}},
  };
  for (const BadOrder &c : cases) {
    pb::Executable e = rowOrderProto();
    c.mutate(e);
    absl::StatusOr<Executable> exe = fromProto(e, "bad.gnnx");
    ASSERT_FALSE(exe.ok()) << c.what;
    EXPECT_EQ(exe.status().code(), absl::StatusCode::kInvalidArgument)
        << c.what;
    EXPECT_THAT(exe.status().message(), HasSubstr("bad.gnnx: ")) << c.what;
    for (const char *error : c.errors)
      EXPECT_THAT(exe.status().message(), HasSubstr(error)) << c.what;
  }

  // The same checks on an executable built in memory, and at Session::create.
  absl::StatusOr<Executable> exe = fromProto(rowOrderProto());
  ASSERT_TRUE(exe.ok());
  exe->rowOrders["edges"] = {1, 1, 0, 2};
  EXPECT_THAT(validateExecutable(*exe).message(),
              HasSubstr("row order 'edges': entries 0 and 1 both hold host "
                        "row 1"));
  exe->rowOrders.erase("edges");
  EXPECT_THAT(validateExecutable(*exe).message(),
              HasSubstr("host stream 2 'mask_in': row order 'edges' is not a "
                        "row order of the executable (row orders: 'nodes')"));
  absl::StatusOr<std::unique_ptr<Session>> s = Session::create(*exe);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("row order 'edges'"));
}

} // namespace
} // namespace gnnrt::exec
