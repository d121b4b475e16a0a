//===- CodeletRowsTest.cpp - rows.<op> codelets vs the reference kernels --===//
//
// Every rows.* codelet runs on each tile of uneven row blocks (17 rows on 5
// tiles in blocks of 4, and in blocks of 5, which leaves the last tile
// empty; 7 rows on 3 tiles) and the reassembled result must equal the
// gnnrt reference kernel on the whole tensors bit for bit.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <limits>

#include "CodeletTestUtil.h"
#include "gmock/gmock.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Random.h"
#include "gnnrt/TrainKernels.h"
#include "gnnrt/sim/Simulator.h"
#include "gtest/gtest.h"

namespace gnnrt::sim {
namespace {

using testutil::bitEqual;
using testutil::Harness;
using testutil::Layout;
using ::testing::HasSubstr;

struct Split {
  int64_t tiles, block;
};
// 17 rows: 4,4,4,4,1 / 5,5,5,2,0 (empty tail tile) / 17 on one tile.
const Split kSplits[] = {{5, 4}, {5, 5}, {1, 17}};

Tensor randF(Shape s, uint64_t seed, float lo = -2.0f, float hi = 2.0f) {
  return randomFloatTensor(s, lo, hi, seed);
}

/// Runs a one-output codelet and expects bit equality with `want`.
void expectRows(Harness &h, const Tensor &want, const std::string &what) {
  absl::StatusOr<std::vector<Tensor>> got = h.run();
  ASSERT_TRUE(got.ok()) << what << ": " << got.status();
  EXPECT_TRUE(bitEqual((*got)[0], want))
      << what << "\n got " << (*got)[0].toString() << "\nwant "
      << want.toString();
}

TEST(CodeletRowsTest, Unary) {
  struct Case {
    const char *name;
    UnaryOp op;
    double param;
    Params params;
  };
  std::vector<Case> cases = {
      {"relu", UnaryOp::kRelu, 0, {}},
      {"sigmoid", UnaryOp::kSigmoid, 0, {}},
      {"tanh", UnaryOp::kTanh, 0, {}},
      {"exp", UnaryOp::kExp, 0, {}},
      {"log", UnaryOp::kLog, 0, {}},
      {"neg", UnaryOp::kNeg, 0, {}},
      {"sqrt", UnaryOp::kSqrt, 0, {}},
      {"abs", UnaryOp::kAbs, 0, {}},
      {"leaky_relu", UnaryOp::kLeakyRelu, 0.2, {{"negative_slope", 0.2}}},
      {"leaky_relu", UnaryOp::kLeakyRelu, 0.01, {}},
      {"elu", UnaryOp::kElu, 0.7, {{"alpha", 0.7}}},
      {"pow", UnaryOp::kPow, -0.5, {{"exponent", -0.5}}},
  };
  Tensor x = randF({17, 6}, 1);
  x.data<float>()[3] = 0.0f; // pow(0, -0.5) = inf
  x.data<float>()[5] = std::numeric_limits<float>::quiet_NaN();
  for (const Case &c : cases)
    for (const Split &sp : kSplits) {
      Harness h(absl::StrCat("rows.", c.name), sp.tiles, c.params);
      h.in("x", x, Layout::kRows, sp.block)
          .out("y", DType::kF32, {17, 6}, Layout::kRows, sp.block);
      expectRows(h, *unary(c.op, x, c.param), c.name);
    }
  // pow with inf_to_zero.
  Harness h("rows.pow", 5, {{"exponent", -0.5}, {"inf_to_zero", int64_t{1}}});
  h.in("x", x, Layout::kRows, 4).out("y", DType::kF32, {17, 6}, Layout::kRows,
                                      4);
  expectRows(h, *unary(UnaryOp::kPow, x, -0.5, true), "pow inf_to_zero");
}

TEST(CodeletRowsTest, BinaryBroadcasting) {
  struct Shapes {
    Shape a, b;
    Layout la, lb;
    Shape out;
  };
  std::vector<Shapes> cases = {
      {{17, 6}, {17, 6}, Layout::kRows, Layout::kRows, {17, 6}},
      {{17, 6}, {6}, Layout::kRows, Layout::kReplicated, {17, 6}},
      {{17, 6}, {17, 1}, Layout::kRows, Layout::kRows, {17, 6}},
      {{17, 1}, {17, 6}, Layout::kRows, Layout::kRows, {17, 6}},
      {{17, 6}, {}, Layout::kRows, Layout::kReplicated, {17, 6}},
      {{}, {17, 6}, Layout::kReplicated, Layout::kRows, {17, 6}},
      {{17, 6}, {1, 6}, Layout::kRows, Layout::kReplicated, {17, 6}},
      {{17, 6}, {17, 6}, Layout::kRows, Layout::kReplicated, {17, 6}},
      {{17, 4, 5}, {4, 1}, Layout::kRows, Layout::kReplicated, {17, 4, 5}},
      {{17, 1, 5}, {17, 4, 1}, Layout::kRows, Layout::kRows, {17, 4, 5}},
      {{17}, {17}, Layout::kRows, Layout::kRows, {17}},
  };
  std::vector<std::pair<const char *, BinaryOp>> ops = {
      {"add", BinaryOp::kAdd}, {"sub", BinaryOp::kSub},
      {"mul", BinaryOp::kMul}, {"div", BinaryOp::kDiv},
      {"max", BinaryOp::kMax}, {"min", BinaryOp::kMin}};
  uint64_t seed = 10;
  for (const Shapes &c : cases) {
    Tensor a = randF(c.a, ++seed), b = randF(c.b, ++seed);
    if (a.numElements() > 2)
      a.data<float>()[2] = std::numeric_limits<float>::quiet_NaN();
    for (const auto &[name, op] : ops)
      for (const Split &sp : kSplits) {
        Harness h(absl::StrCat("rows.", name), sp.tiles);
        h.in("a", a, c.la, sp.block)
            .in("b", b, c.lb, sp.block)
            .out("c", DType::kF32, c.out, Layout::kRows, sp.block);
        expectRows(h, *binary(op, a, b),
                   absl::StrCat(name, " ", shapeToString(c.a), " ",
                                shapeToString(c.b)));
      }
  }
}

TEST(CodeletRowsTest, CompareLogicWhere) {
  Tensor ai = randomIntTensor(DType::kI64, {17, 3}, 0, 4, 1);
  Tensor bi = randomIntTensor(DType::kI64, {3}, 0, 4, 2);
  Tensor af = randF({17, 3}, 3), bf = randF({17, 1}, 4);
  af.data<float>()[4] = std::numeric_limits<float>::quiet_NaN();
  std::vector<std::pair<const char *, ComparePredicate>> preds = {
      {"eq", ComparePredicate::kEq}, {"ne", ComparePredicate::kNe},
      {"lt", ComparePredicate::kLt}, {"le", ComparePredicate::kLe},
      {"gt", ComparePredicate::kGt}, {"ge", ComparePredicate::kGe}};
  for (const auto &[name, pred] : preds)
    for (const Split &sp : kSplits) {
      Harness h("rows.cmp", sp.tiles, {{"predicate", std::string(name)}});
      h.in("a", ai, Layout::kRows, sp.block)
          .in("b", bi, Layout::kReplicated)
          .out("c", DType::kBool, {17, 3}, Layout::kRows, sp.block);
      expectRows(h, *compare(pred, ai, bi), name);
      Harness hf("rows.cmp", sp.tiles, {{"predicate", std::string(name)}});
      hf.in("a", af, Layout::kRows, sp.block)
          .in("b", bf, Layout::kRows, sp.block)
          .out("c", DType::kBool, {17, 3}, Layout::kRows, sp.block);
      expectRows(hf, *compare(pred, af, bf), name);
    }
  Tensor p = randomBoolTensor({17, 3}, 0.5, 5), q = randomBoolTensor({3}, 0.5, 6);
  std::vector<std::pair<const char *, LogicalOp>> logic = {
      {"and", LogicalOp::kAnd}, {"or", LogicalOp::kOr}, {"xor", LogicalOp::kXor}};
  for (const auto &[name, op] : logic)
    for (const Split &sp : kSplits) {
      Harness h(absl::StrCat("rows.", name), sp.tiles);
      h.in("p", p, Layout::kRows, sp.block)
          .in("q", q, Layout::kReplicated)
          .out("r", DType::kBool, {17, 3}, Layout::kRows, sp.block);
      expectRows(h, *logical(op, p, q), name);
    }
  for (const Split &sp : kSplits) {
    Harness h("rows.not", sp.tiles);
    h.in("p", p, Layout::kRows, sp.block)
        .out("r", DType::kBool, {17, 3}, Layout::kRows, sp.block);
    expectRows(h, *logicalNot(p), "not");
  }
  // where(mask[:, None], y, -100) and a float select with full operands.
  Tensor cond = randomBoolTensor({17, 1}, 0.5, 7);
  Tensor y = randomIntTensor(DType::kI64, {17, 3}, 0, 7, 8);
  Tensor ignore = Tensor::fromI64({}, {-100});
  Tensor c2 = randomBoolTensor({17, 3}, 0.5, 9);
  for (const Split &sp : kSplits) {
    Harness h("rows.where", sp.tiles);
    h.in("c", cond, Layout::kRows, sp.block)
        .in("y", y, Layout::kRows, sp.block)
        .in("i", ignore, Layout::kReplicated)
        .out("r", DType::kI64, {17, 3}, Layout::kRows, sp.block);
    expectRows(h, *where(cond, y, ignore), "where i64");
    Harness hf("rows.where", sp.tiles);
    hf.in("c", c2, Layout::kRows, sp.block)
        .in("a", af, Layout::kRows, sp.block)
        .in("b", bf, Layout::kRows, sp.block)
        .out("r", DType::kF32, {17, 3}, Layout::kRows, sp.block);
    expectRows(hf, *where(c2, af, bf), "where f32");
  }
}

TEST(CodeletRowsTest, CastAndIota) {
  Tensor f = randF({17, 3}, 20, -50.0f, 50.0f);
  f.data<float>()[0] = 0.0f;
  Tensor i = randomIntTensor(DType::kI64, {17, 3}, -3, 3, 21);
  Tensor b = randomBoolTensor({17, 3}, 0.5, 22);
  struct Case {
    const Tensor *x;
    DType to;
  };
  std::vector<Case> cases = {{&f, DType::kI32}, {&f, DType::kI64},
                             {&f, DType::kBool}, {&f, DType::kF32},
                             {&i, DType::kF32}, {&i, DType::kI32},
                             {&i, DType::kBool}, {&b, DType::kF32},
                             {&b, DType::kI64}};
  for (const Case &c : cases)
    for (const Split &sp : kSplits) {
      Harness h("rows.cast", sp.tiles);
      h.in("x", *c.x, Layout::kRows, sp.block)
          .out("y", c.to, {17, 3}, Layout::kRows, sp.block);
      expectRows(h, *cast(*c.x, c.to),
                 absl::StrCat(dtypeName(c.x->dtype()), "->", dtypeName(c.to)));
    }
  Tensor bad = f;
  bad.data<float>()[13] = std::numeric_limits<float>::infinity();
  Harness h("rows.cast", 5);
  h.in("x", bad, Layout::kRows, 4).out("y", DType::kI32, {17, 3}, Layout::kRows,
                                       4);
  EXPECT_THAT(h.run().status().message(),
              HasSubstr("rows.cast: element 13 is inf"));
  for (DType dt : {DType::kI32, DType::kI64})
    for (const Split &sp : kSplits) {
      Harness hi("rows.iota", sp.tiles);
      hi.out("y", dt, {17}, Layout::kRows, sp.block);
      expectRows(hi, *iota(dt, 17), "iota");
    }
}

TEST(CodeletRowsTest, DropoutUsesGlobalIndices) {
  Tensor x = randF({17, 6}, 30);
  Tensor off = Tensor::fromI64({}, {12});
  for (double p : {0.0, 0.3, 0.75, 1.0})
    for (const Split &sp : kSplits) {
      Params prm = {{"p", p}, {"seed", int64_t{7}}};
      Harness h("rows.dropout", sp.tiles, prm);
      h.in("x", x, Layout::kRows, sp.block)
          .out("y", DType::kF32, {17, 6}, Layout::kRows, sp.block);
      expectRows(h, *dropout(x, p, 7, 0), absl::StrCat("dropout p=", p));
      prm["operand_segments"] = std::vector<int64_t>{1, 1};
      Harness ho("rows.dropout", sp.tiles, prm);
      ho.in("x", x, Layout::kRows, sp.block)
          .in("off", off, Layout::kReplicated)
          .out("y", DType::kF32, {17, 6}, Layout::kRows, sp.block);
      expectRows(ho, *dropout(x, p, 7, 12), "dropout with offset");
    }
  Harness bad("rows.dropout", 5, {{"p", 1.5}});
  bad.in("x", x, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(), HasSubstr("p=1.5 is outside [0, 1]"));
  Harness missing("rows.dropout", 5);
  missing.in("x", x, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(missing.check().message(), HasSubstr("missing param 'p'"));
}

/// With positions (sparse values, one per row), element i draws as flat
/// element positions[i] of the dense tensor: the values keep exactly what
/// dropout of the dense form keeps at those places, on any split.
TEST(CodeletRowsTest, DropoutAtPositionsMatchesTheDenseMask) {
  // A [17, 6] matrix with 17 nonzeros at (r, (5 r) % 6).
  const int64_t rows = 17, cols = 6;
  Tensor dense(DType::kF32, {rows, cols});
  std::vector<float> values;
  std::vector<int64_t> positions;
  Tensor v = randF({rows, 1}, 31, 0.5f, 2.0f);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t at = r * cols + (5 * r) % cols;
    dense.data<float>()[at] = v.data<float>()[r];
    values.push_back(v.data<float>()[r]);
    positions.push_back(at);
  }
  Tensor vals = Tensor::fromF32({rows, 1}, values);
  Tensor pos = Tensor::fromI64({rows, 1}, positions);
  Tensor off = Tensor::fromI64({}, {3});
  for (double p : {0.0, 0.5, 1.0}) {
    absl::StatusOr<Tensor> full = dropout(dense, p, 9, 3);
    ASSERT_TRUE(full.ok());
    std::vector<float> kept;
    for (int64_t at : positions)
      kept.push_back(full->data<float>()[at]);
    Tensor want = Tensor::fromF32({rows, 1}, kept);
    absl::StatusOr<Tensor> ref = dropoutAt(vals, pos, p, 9, 3);
    ASSERT_TRUE(ref.ok()) << ref.status();
    EXPECT_TRUE(bitEqual(*ref, want)) << "dropoutAt p=" << p;
    for (const Split &sp : kSplits) {
      Params prm = {{"p", p},
                    {"seed", int64_t{9}},
                    {"operand_segments", std::vector<int64_t>{1, 1, 1}}};
      Harness h("rows.dropout", sp.tiles, prm);
      h.in("x", vals, Layout::kRows, sp.block)
          .in("off", off, Layout::kReplicated)
          .in("pos", pos, Layout::kRows, sp.block)
          .out("y", DType::kF32, {rows, 1}, Layout::kRows, sp.block);
      expectRows(h, want, absl::StrCat("dropout at positions p=", p));
      // Replicated positions are read at the result's rows.
      Harness hr("rows.dropout", sp.tiles, prm);
      hr.in("x", vals, Layout::kRows, sp.block)
          .in("off", off, Layout::kReplicated)
          .in("pos", pos, Layout::kReplicated)
          .out("y", DType::kF32, {rows, 1}, Layout::kRows, sp.block);
      expectRows(hr, want, "dropout at replicated positions");
    }
  }
  absl::StatusOr<Tensor> bad =
      dropoutAt(vals, Tensor::fromI64({rows}, positions), 0.5, 9, 3);
  EXPECT_THAT(bad.status().message(),
              HasSubstr("positions must be i64[17, 1]"));
  Harness wrong("rows.dropout",
                2, {{"p", 0.5}, {"operand_segments", std::vector<int64_t>{1, 0, 1}}});
  wrong.in("x", vals, Layout::kRows, 9)
      .in("pos", Tensor::fromI64({rows}, positions), Layout::kRows, 9)
      .out("y", DType::kF32, {rows, 1}, Layout::kRows, 9);
  EXPECT_THAT(wrong.check().message(),
              HasSubstr("positions and result shapes differ"));
}

TEST(CodeletRowsTest, SoftmaxAndLogSoftmax) {
  Tensor x2 = randF({17, 7}, 40, -5, 5);
  Tensor x3 = randF({17, 3, 4}, 41, -5, 5);
  x2.data<float>()[8] = -std::numeric_limits<float>::infinity();
  for (bool log : {false, true})
    for (const Split &sp : kSplits) {
      const char *cn = log ? "rows.log_softmax" : "rows.softmax";
      for (int64_t axis : {int64_t{1}, int64_t{-1}}) {
        Harness h(cn, sp.tiles, {{"axis", axis}});
        h.in("x", x2, Layout::kRows, sp.block)
            .out("y", DType::kF32, {17, 7}, Layout::kRows, sp.block);
        expectRows(h, log ? *logSoftmax(x2, axis) : *softmax(x2, axis), cn);
      }
      for (int64_t axis : {int64_t{1}, int64_t{2}}) {
        Harness h(cn, sp.tiles, {{"axis", axis}});
        h.in("x", x3, Layout::kRows, sp.block)
            .out("y", DType::kF32, {17, 3, 4}, Layout::kRows, sp.block);
        expectRows(h, log ? *logSoftmax(x3, axis) : *softmax(x3, axis), cn);
      }
    }
  Harness bad("rows.softmax", 5, {{"axis", int64_t{0}}});
  bad.in("x", x2, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 7}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(), HasSubstr("must name a dim in [1, 2)"));
}

/// Sparse rows (mostly zeros, one all-zero row) to exercise zero skipping.
Tensor sparseRows(Shape s, uint64_t seed) {
  Tensor x = randF(s, seed);
  Tensor keep = randomBoolTensor(s, 0.15, seed + 1);
  for (int64_t i = 0; i < x.numElements(); ++i)
    if (!keep.data<uint8_t>()[i])
      x.data<float>()[i] = (i % 3 == 0) ? -0.0f : 0.0f;
  int64_t row = x.numElements() / s[0];
  for (int64_t k = 0; k < row; ++k)
    x.data<float>()[2 * row + k] = 0.0f;
  return x;
}

TEST(CodeletRowsTest, LinearAndMatmul) {
  Tensor x = sparseRows({17, 9}, 50);
  Tensor w = randF({5, 9}, 51), b = randF({5}, 52);
  Tensor wInf = w;
  wInf.data<float>()[3] = std::numeric_limits<float>::infinity(); // w[0, 3]
  wInf.data<float>()[9 + 4] = std::numeric_limits<float>::quiet_NaN();
  Tensor x3 = sparseRows({17, 2, 9}, 53);
  for (const Split &sp : kSplits) {
    for (const Tensor *wt : {&w, &wInf}) {
      Harness h("rows.linear", sp.tiles);
      h.in("x", x, Layout::kRows, sp.block)
          .in("w", *wt, Layout::kReplicated)
          .out("y", DType::kF32, {17, 5}, Layout::kRows, sp.block);
      expectRows(h, *linear(x, *wt), "linear");
      Harness hb("rows.linear", sp.tiles,
                 {{"operand_segments", std::vector<int64_t>{1, 1, 1}}});
      hb.in("x", x, Layout::kRows, sp.block)
          .in("w", *wt, Layout::kReplicated)
          .in("b", b, Layout::kReplicated)
          .out("y", DType::kF32, {17, 5}, Layout::kRows, sp.block);
      expectRows(hb, *linear(x, *wt, &b), "linear with bias");
    }
    Harness h3("rows.linear", sp.tiles);
    h3.in("x", x3, Layout::kRows, sp.block)
        .in("w", w, Layout::kReplicated)
        .in("b", b, Layout::kReplicated)
        .out("y", DType::kF32, {17, 2, 5}, Layout::kRows, sp.block);
    expectRows(h3, *linear(x3, w, &b), "linear rank 3");

    Tensor bm = randF({9, 4}, 54);
    Tensor bmInf = bm;
    bmInf.data<float>()[4 * 3 + 1] = -std::numeric_limits<float>::infinity();
    for (const Tensor *bt : {&bm, &bmInf}) {
      Harness hm("rows.matmul", sp.tiles);
      hm.in("a", x, Layout::kRows, sp.block)
          .in("b", *bt, Layout::kReplicated)
          .out("c", DType::kF32, {17, 4}, Layout::kRows, sp.block);
      expectRows(hm, *matmul(x, *bt), "matmul");
    }
  }
  Harness bad("rows.linear", 5);
  bad.in("x", x, Layout::kRows, 4)
      .in("w", w, Layout::kRows, 1)
      .out("y", DType::kF32, {17, 5}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(),
              HasSubstr("rows.linear: weight 'w' (f32[5, 9]) must be "
                        "replicated"));
  Harness badShape("rows.matmul", 5);
  badShape.in("a", x, Layout::kRows, 4)
      .in("b", w, Layout::kReplicated)
      .out("c", DType::kF32, {17, 5}, Layout::kRows, 4);
  EXPECT_THAT(badShape.check().message(), HasSubstr("do not match"));
}

TEST(CodeletRowsTest, Gather) {
  Tensor table = randF({10, 3}, 60);
  Tensor tableI = randomIntTensor(DType::kI64, {10}, 0, 100, 61);
  Tensor idx = randomIntTensor(DType::kI64, {17}, 0, 10, 62);
  Tensor idx32 = randomIntTensor(DType::kI32, {17}, 0, 10, 63);
  for (const Split &sp : kSplits) {
    Harness h("rows.gather", sp.tiles);
    h.in("t", table, Layout::kReplicated)
        .in("i", idx, Layout::kRows, sp.block)
        .out("y", DType::kF32, {17, 3}, Layout::kRows, sp.block);
    expectRows(h, *gather(table, idx), "gather");
    Harness hi("rows.gather", sp.tiles);
    hi.in("t", tableI, Layout::kReplicated)
        .in("i", idx32, Layout::kRows, sp.block)
        .out("y", DType::kI64, {17}, Layout::kRows, sp.block);
    expectRows(hi, *gather(tableI, idx32), "gather i64 table");
  }
  Tensor badIdx = idx;
  badIdx.data<int64_t>()[9] = 10;
  Harness h("rows.gather", 5);
  h.in("t", table, Layout::kReplicated)
      .in("i", badIdx, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(h.run().status().message(),
              HasSubstr("rows.gather: index 10 at position 9 is out of range "
                        "[0, 10)"));
  badIdx.data<int64_t>()[9] = -1;
  Harness hn("rows.gather", 5);
  hn.in("t", table, Layout::kReplicated)
      .in("i", badIdx, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(hn.run().status().message(), HasSubstr("index -1 at position 9"));
  Harness hb("rows.gather", 5);
  hb.in("t", table, Layout::kRows, 2)
      .in("i", idx, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(hb.check().message(), HasSubstr("table 't'"));
}

TEST(CodeletRowsTest, ReduceOverNonRowDims) {
  Tensor x = randF({17, 4, 5}, 70);
  std::vector<std::vector<int64_t>> dimsList = {{1}, {2}, {1, 2}, {-1}, {}};
  std::vector<std::pair<const char *, Reduce>> kinds = {
      {"sum", Reduce::kSum}, {"mean", Reduce::kMean},
      {"max", Reduce::kMax}, {"min", Reduce::kMin}};
  for (const auto &dims : dimsList)
    for (const auto &[name, kind] : kinds)
      for (const Split &sp : kSplits) {
        Tensor want = *reduce(x, dims, kind);
        Harness h("rows.reduce", sp.tiles,
                  {{"kind", std::string(name)}, {"dims", dims}});
        h.in("x", x, Layout::kRows, sp.block)
            .out("y", DType::kF32, want.shape(), Layout::kRows, sp.block);
        expectRows(h, want, absl::StrCat("reduce ", name));
      }
  // mean of an empty extent is NaN.
  Tensor e(DType::kF32, {17, 0});
  Harness h("rows.reduce", 5, {{"kind", std::string("mean")},
                               {"dims", std::vector<int64_t>{1}}});
  h.in("x", e, Layout::kRows, 4).out("y", DType::kF32, {17}, Layout::kRows, 4);
  expectRows(h, *reduce(e, {1}, Reduce::kMean), "mean of nothing");
  Harness bad("rows.reduce", 5, {{"kind", std::string("sum")},
                                 {"dims", std::vector<int64_t>{0}}});
  bad.in("x", x, Layout::kRows, 4)
      .out("y", DType::kF32, {17, 4, 5}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(), HasSubstr("may not contain dim 0"));
}

TEST(CodeletRowsTest, LayoutOps) {
  Tensor x = randomIntTensor(DType::kI32, {17, 6}, 0, 100, 80);
  Tensor y = randF({17, 2, 3}, 81), z = randF({17, 2, 1}, 82);
  for (const Split &sp : kSplits) {
    Harness hr("rows.reshape", sp.tiles);
    hr.in("x", x, Layout::kRows, sp.block)
        .out("y", DType::kI32, {17, 2, 3}, Layout::kRows, sp.block);
    expectRows(hr, *reshape(x, {17, 2, 3}), "reshape");
    Harness hc("rows.copy", sp.tiles);
    hc.in("x", x, Layout::kRows, sp.block)
        .out("y", DType::kI32, {17, 6}, Layout::kRows, sp.block);
    expectRows(hc, x, "copy");
    Harness hs("rows.slice", sp.tiles,
               {{"axis", int64_t{1}}, {"offset", int64_t{2}},
                {"size", int64_t{3}}});
    hs.in("x", x, Layout::kRows, sp.block)
        .out("y", DType::kI32, {17, 3}, Layout::kRows, sp.block);
    expectRows(hs, *slice(x, 1, 2, 3), "slice");
    Harness hs3("rows.slice", sp.tiles,
                {{"axis", int64_t{-1}}, {"offset", int64_t{1}}});
    hs3.in("y", y, Layout::kRows, sp.block)
        .out("s", DType::kF32, {17, 2, 2}, Layout::kRows, sp.block);
    expectRows(hs3, *slice(y, 2, 1, 2), "slice rank 3");
    Harness hk("rows.concat", sp.tiles, {{"axis", int64_t{2}}});
    hk.in("y", y, Layout::kRows, sp.block)
        .in("z", z, Layout::kRows, sp.block)
        .in("y2", y, Layout::kRows, sp.block)
        .out("c", DType::kF32, {17, 2, 7}, Layout::kRows, sp.block);
    const Tensor *parts[] = {&y, &z, &y};
    expectRows(hk, *concat(parts, 2), "concat axis 2");
    Harness hk1("rows.concat", sp.tiles, {{"axis", int64_t{1}}});
    hk1.in("y", y, Layout::kRows, sp.block)
        .in("z", y, Layout::kRows, sp.block)
        .out("c", DType::kF32, {17, 4, 3}, Layout::kRows, sp.block);
    const Tensor *parts1[] = {&y, &y};
    expectRows(hk1, *concat(parts1, 1), "concat axis 1");
  }
  Harness bad("rows.slice", 5, {{"axis", int64_t{1}}, {"offset", int64_t{5}}});
  bad.in("x", x, Layout::kRows, 4)
      .out("y", DType::kI32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(), HasSubstr("is not within [0, 6)"));
}

TEST(CodeletRowsTest, BatchNormInference) {
  Tensor x = randF({17, 6}, 90);
  Tensor g = randF({6}, 91), b = randF({6}, 92), m = randF({6}, 93);
  Tensor v = randF({6}, 94, 0.1f, 2.0f);
  for (const Split &sp : kSplits) {
    Harness h("rows.batch_norm", sp.tiles,
              {{"eps", 1e-3}, {"momentum", 0.1}, {"training", int64_t{0}}});
    h.in("x", x, Layout::kRows, sp.block)
        .in("g", g, Layout::kReplicated)
        .in("b", b, Layout::kReplicated)
        .in("m", m, Layout::kReplicated)
        .in("v", v, Layout::kReplicated)
        .out("y", DType::kF32, {17, 6}, Layout::kRows, sp.block);
    expectRows(h, batchNorm(x, g, b, m, v, 1e-3, 0.1, false)->output,
               "batch_norm");
  }
  Harness bad("rows.batch_norm", 5, {{"training", int64_t{1}}});
  bad.in("x", x, Layout::kRows, 4)
      .in("g", g, Layout::kReplicated)
      .in("b", b, Layout::kReplicated)
      .in("m", m, Layout::kReplicated)
      .in("v", v, Layout::kReplicated)
      .out("y", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(), HasSubstr("use serial.batch_norm"));
}

TEST(CodeletRowsTest, AdamUpdateInPlaceAndOut) {
  Tensor p = randF({17, 3}, 100), g = randF({17, 3}, 101);
  Tensor m = randF({17, 3}, 102), v = randF({17, 3}, 103, 0.0f, 1.0f);
  for (int64_t step : {int64_t{1}, int64_t{7}})
    for (bool decoupled : {false, true})
      for (double wd : {0.0, 0.05})
        for (const Split &sp : kSplits)
          for (bool inPlace : {false, true}) {
            AdamOptions o;
            o.lr = 0.01;
            o.weightDecay = wd;
            o.decoupled = decoupled;
            AdamResult want = *adamUpdate(p, g, m, v, step, o);
            Harness h("rows.adam_update", sp.tiles,
                      {{"lr", 0.01},
                       {"beta1", 0.9},
                       {"beta2", 0.999},
                       {"eps", 1e-8},
                       {"weight_decay", wd},
                       {"decoupled", int64_t{decoupled}}});
            h.in("p", p, Layout::kRows, sp.block)
                .in("g", g, Layout::kRows, sp.block)
                .in("m", m, Layout::kRows, sp.block)
                .in("v", v, Layout::kRows, sp.block)
                .in("step", Tensor::fromI64({}, {step}), Layout::kReplicated);
            for (const char *n : {"p", "m", "v"})
              h.out(inPlace ? n : absl::StrCat(n, "2"), DType::kF32, {17, 3},
                    Layout::kRows, sp.block);
            absl::StatusOr<std::vector<Tensor>> got = h.run();
            ASSERT_TRUE(got.ok()) << got.status();
            EXPECT_TRUE(bitEqual((*got)[0], want.param));
            EXPECT_TRUE(bitEqual((*got)[1], want.expAvg));
            EXPECT_TRUE(bitEqual((*got)[2], want.expAvgSq));
          }
  Harness bad("rows.adam_update", 5, {{"lr", 0.01}});
  bad.in("p", p, Layout::kRows, 4)
      .in("g", g, Layout::kRows, 4)
      .in("m", m, Layout::kRows, 4)
      .in("v", v, Layout::kRows, 4)
      .in("step", Tensor::fromI64({}, {0}), Layout::kReplicated)
      .out("p", DType::kF32, {17, 3}, Layout::kRows, 4)
      .out("m", DType::kF32, {17, 3}, Layout::kRows, 4)
      .out("v", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(bad.run().status().message(), HasSubstr("the step is 0"));
  Harness noLr("rows.adam_update", 5);
  noLr.in("p", p, Layout::kRows, 4)
      .in("g", g, Layout::kRows, 4)
      .in("m", m, Layout::kRows, 4)
      .in("v", v, Layout::kRows, 4)
      .in("step", Tensor::fromI64({}, {1}), Layout::kReplicated)
      .out("p", DType::kF32, {17, 3}, Layout::kRows, 4)
      .out("m", DType::kF32, {17, 3}, Layout::kRows, 4)
      .out("v", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(noLr.check().message(), HasSubstr("missing param 'lr'"));
}

TEST(CodeletRowsTest, SgdUpdate) {
  Tensor p = randF({17, 3}, 110), g = randF({17, 3}, 111);
  Tensor buf = randF({17, 3}, 112);
  for (int64_t step : {int64_t{1}, int64_t{3}})
    for (double momentum : {0.0, 0.9})
      for (bool nesterov : {false, true})
        for (bool stepLast : {false, true})
          for (const Split &sp : kSplits) {
            if (nesterov && momentum == 0.0)
              continue;
            SgdOptions o;
            o.lr = 0.1;
            o.momentum = momentum;
            o.dampening = nesterov ? 0.0 : 0.25;
            o.weightDecay = 0.01;
            o.nesterov = nesterov;
            bool useBuf = momentum != 0.0;
            SgdResult want =
                *sgdUpdate(p, g, useBuf ? &buf : nullptr, step, o);
            Harness h("rows.sgd_update", sp.tiles,
                      {{"lr", 0.1},
                       {"momentum", momentum},
                       {"dampening", o.dampening},
                       {"weight_decay", 0.01},
                       {"nesterov", int64_t{nesterov}}});
            h.in("p", p, Layout::kRows, sp.block)
                .in("g", g, Layout::kRows, sp.block);
            Tensor st = Tensor::fromI32({}, {static_cast<int32_t>(step)});
            if (useBuf && stepLast)
              h.in("buf", buf, Layout::kRows, sp.block);
            h.in("step", st, Layout::kReplicated);
            if (useBuf && !stepLast)
              h.in("buf", buf, Layout::kRows, sp.block);
            h.out("p", DType::kF32, {17, 3}, Layout::kRows, sp.block);
            if (useBuf)
              h.out("buf", DType::kF32, {17, 3}, Layout::kRows, sp.block);
            absl::StatusOr<std::vector<Tensor>> got = h.run();
            ASSERT_TRUE(got.ok()) << got.status();
            EXPECT_TRUE(bitEqual((*got)[0], want.param));
            if (useBuf) {
              EXPECT_TRUE(bitEqual((*got)[1], want.momentumBuffer));
            }
          }
  Harness bad("rows.sgd_update", 5, {{"lr", 0.1}, {"momentum", 0.9}});
  bad.in("p", p, Layout::kRows, 4)
      .in("g", g, Layout::kRows, 4)
      .in("step", Tensor::fromI64({}, {1}), Layout::kReplicated)
      .out("p", DType::kF32, {17, 3}, Layout::kRows, 4);
  EXPECT_THAT(bad.check().message(),
              HasSubstr("momentum buffer is needed exactly when momentum"));
}

TEST(CodeletRowsTest, SignatureErrors) {
  Tensor x = randF({17, 6}, 120);
  Harness repl("rows.add", 5);
  repl.in("a", x, Layout::kRows, 4)
      .in("b", x, Layout::kRows, 4)
      .out("c", DType::kF32, {17, 6}, Layout::kReplicated);
  EXPECT_THAT(repl.check().message(),
              HasSubstr("rows.add: result 'c' (f32[17, 6]) must be blocked on "
                        "dim 0"));
  Harness misaligned("rows.add", 5);
  misaligned.in("a", x, Layout::kRows, 4)
      .in("b", x, Layout::kRows, 5)
      .out("c", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(misaligned.check().message(),
              HasSubstr("operand 'b' (f32[17, 6]) must be blocked on dim 0 "
                        "like 'c'"));
  Harness dtype("rows.relu", 5);
  dtype.in("a", Tensor(DType::kI32, {17, 6}), Layout::kRows, 4)
      .out("c", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(dtype.check().message(),
              HasSubstr("input 'a' (i32[17, 6]) must be f32"));
  Harness pred("rows.cmp", 5, {{"predicate", std::string("less")}});
  pred.in("a", x, Layout::kRows, 4)
      .in("b", x, Layout::kRows, 4)
      .out("c", DType::kBool, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(pred.check().message(),
              HasSubstr("param 'predicate' is \"less\", expected one of eq"));
  Harness pType("rows.leaky_relu", 5,
                {{"negative_slope", std::string("x")}});
  pType.in("a", x, Layout::kRows, 4)
      .out("c", DType::kF32, {17, 6}, Layout::kRows, 4);
  EXPECT_THAT(pType.check().message(),
              HasSubstr("param 'negative_slope' must be a float"));
  Harness seg("rows.linear", 5,
              {{"operand_segments", std::vector<int64_t>{1, 1, 2}}});
  seg.in("x", x, Layout::kRows, 4)
      .in("w", randF({2, 6}, 1), Layout::kReplicated)
      .in("b", randF({2}, 1), Layout::kReplicated)
      .out("y", DType::kF32, {17, 2}, Layout::kRows, 4);
  EXPECT_THAT(seg.check().message(), HasSubstr("operand_segments entry 2"));
}

TEST(CodeletRowsTest, CostsAreVertexOverheadOnEmptyTiles) {
  Tensor x = randF({17, 6}, 130);
  Harness h("rows.linear", 5);
  h.in("x", x, Layout::kRows, 5)
      .in("w", randF({4, 6}, 1), Layout::kReplicated)
      .out("y", DType::kF32, {17, 4}, Layout::kRows, 5);
  ASSERT_TRUE(h.run().ok());
  CostParams p;
  EXPECT_EQ(h.cycles()[4], p.vertexOverheadCycles);
  EXPECT_EQ(h.cycles()[0],
            (5 * 6 * 4 + p.f32MacsPerCycle - 1) / p.f32MacsPerCycle +
                p.vertexOverheadCycles);
  EXPECT_GT(h.cycles()[0], h.cycles()[3]);
}

TEST(CodeletRegistryTest, EveryContractCodeletExists) {
  std::vector<std::string> rows = {
      "relu", "sigmoid", "tanh", "exp", "log", "neg", "sqrt", "abs",
      "leaky_relu", "elu", "pow", "add", "sub", "mul", "div", "max", "min",
      "cmp", "and", "or", "xor", "not", "where", "cast", "iota", "dropout",
      "softmax", "log_softmax", "linear", "matmul", "gather", "reduce",
      "reshape", "slice", "concat", "batch_norm", "adam_update",
      "sgd_update", "copy"};
  for (const std::string &r : rows)
    EXPECT_NE(findCodelet("rows." + r), nullptr) << r;
  for (const char *d : {"scatter_partial", "combine", "reduce_partial",
                        "contract_partial", "loss_partial", "loss_combine"})
    EXPECT_NE(findCodelet(d), nullptr) << d;
  for (const char *old : {"copy", "add", "mul", "relu", "scale", "matmul_rows"})
    EXPECT_NE(findCodelet(old), nullptr) << old;
  std::vector<std::string> names = codeletNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(findCodelet("rows.nope"), nullptr);
}

} // namespace
} // namespace gnnrt::sim

namespace gnnrt::sim {
namespace {

// The same codelets through the simulator: its LocalSlices (with begin for
// the dropout's global index) and validate()'s arity and signature checks.
TEST(CodeletRowsTest, ThroughTheSimulator) {
  TargetModel t;
  t.tilesPerIpu = 4;
  t.numIpus = 1;
  t.bytesPerTile = 64 * 1024;
  TileRange all{0, 4};
  Program p;
  p.target = t;
  p.tensors = {
      {"X", DType::kF32, {10, 8}, Mapping::blocked(all, 3)},
      {"W", DType::kF32, {5, 8}, Mapping::replica(all)},
      {"b", DType::kF32, {5}, Mapping::replica(all)},
      {"Y", DType::kF32, {10, 5}, Mapping::blocked(all, 3)},
      {"Z", DType::kF32, {10, 5}, Mapping::blocked(all, 3)},
  };
  p.steps = {Step::computeSet(
                 "lin", {{"rows.linear",
                          all,
                          {"X", "W", "b"},
                          {"Y"},
                          {{"operand_segments",
                            std::vector<int64_t>{1, 1, 1}}}}}),
             Step::computeSet("drop", {{"rows.dropout",
                                        all,
                                        {"Y"},
                                        {"Z"},
                                        {{"p", 0.5}, {"seed", int64_t{3}}}}})};
  auto sim = Simulator::create(p);
  ASSERT_TRUE(sim.ok()) << sim.status();
  Tensor x = randF({10, 8}, 140), w = randF({5, 8}, 141), b = randF({5}, 142);
  ASSERT_TRUE((*sim)->writeTensor("X", x).ok());
  ASSERT_TRUE((*sim)->writeTensor("W", w).ok());
  ASSERT_TRUE((*sim)->writeTensor("b", b).ok());
  ASSERT_TRUE((*sim)->run().ok());
  Tensor y = *linear(x, w, &b);
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("Y"), y));
  EXPECT_TRUE(bitEqual(*(*sim)->readTensor("Z"), *dropout(y, 0.5, 3)));
  // validate() runs the codelet's check.
  p.steps[0].vertices[0].params.clear();
  p.steps[0].vertices[0].ins = {"X", "b", "W"};
  EXPECT_THAT(validate(p).message(), HasSubstr("rows.linear"));
}

} // namespace
} // namespace gnnrt::sim
