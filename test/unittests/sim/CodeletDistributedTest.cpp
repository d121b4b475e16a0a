//===- CodeletDistributedTest.cpp - partial/combine chains vs kernels -----===//
//
// scatter_partial / reduce_partial / contract_partial write one partial per
// tile into P [G, ...]; the test re-lays P out by hand as P2 (the same
// tensor, blocked on dim 1 so that tile k holds [:, rows of block k]) and
// runs combine; the result must match gnnrt::scatter / degree / reduce /
// matmul(transpose(A), B) within 1e-5 relative (the sums are reordered;
// max and min are exact). loss_partial + loss_combine match the loss
// kernels the same way.
//
//===----------------------------------------------------------------------===//
#include <cmath>
#include <limits>

#include "CodeletTestUtil.h"
#include "gmock/gmock.h"
#include "gnnrt/Kernels.h"
#include "gnnrt/Random.h"
#include "gnnrt/TrainKernels.h"
#include "gtest/gtest.h"

namespace gnnrt::sim {
namespace {

using testutil::bitEqual;
using testutil::Harness;
using testutil::Layout;
using testutil::reduceName;
using ::testing::HasSubstr;

struct Split {
  int64_t tiles, block;
};
// Edge rows split unevenly (23 rows: 5,5,5,5,3 / 6,6,6,5,0 / 8,8,7).
const Split kEdgeSplits[] = {{5, 5}, {5, 6}, {3, 8}};

/// Runs `h` and returns its outputs, failing the test on an error.
std::vector<Tensor> runOk(Harness &h, const std::string &what) {
  absl::StatusOr<std::vector<Tensor>> r = h.run();
  EXPECT_TRUE(r.ok()) << what << ": " << r.status();
  return r.ok() ? *r : std::vector<Tensor>();
}

void expectClose(const Tensor &got, const Tensor &want,
                 const std::string &what) {
  EXPECT_TRUE(got.allClose(want, 1e-5f, 1e-5f))
      << what << "\n got " << got.toString() << "\nwant " << want.toString();
}

/// combine of partials P (and counts C) into an [R, ...] result on
/// `outTiles` tiles in blocks of `outBlock` columns.
std::vector<Tensor> combine(const Tensor &p, const Tensor *c, Reduce kind,
                            int64_t outTiles, int64_t outBlock,
                            const std::string &empty = "zero") {
  Harness h("combine", outTiles,
            {{"reduce", std::string(reduceName(kind))}, {"empty", empty}});
  h.in("P2", p, Layout::kDim1, outBlock);
  if (c)
    h.in("C2", *c, c->rank() == 2 ? Layout::kDim1 : Layout::kReplicated,
         outBlock);
  Shape out(p.shape().begin() + 1, p.shape().end());
  h.out("out", DType::kF32, out, Layout::kRows, outBlock);
  return runOk(h, "combine");
}

TEST(CodeletDistributedTest, ScatterPartialCombineMatchesScatter) {
  const int64_t rows = 23, segments = 7;
  Tensor src = randomFloatTensor({rows, 3}, -2, 2, 1);
  Tensor src3 = randomFloatTensor({rows, 2, 2}, -2, 2, 2);
  // Segment 6 never appears: an empty segment.
  Tensor idx = randomIntTensor(DType::kI64, {rows}, 0, 6, 3);
  Tensor idx32 = randomIntTensor(DType::kI32, {rows}, 0, 6, 4);
  Tensor mask = randomBoolTensor({rows}, 0.7, 5);
  // A masked-out row with an out-of-range index is never read.
  Tensor idxMasked = idx;
  for (int64_t e = 0; e < rows; ++e)
    if (!mask.data<uint8_t>()[e]) {
      idxMasked.data<int64_t>()[e] = 1000;
      break;
    }
  for (Reduce kind : {Reduce::kSum, Reduce::kMean, Reduce::kMax, Reduce::kMin})
    for (const Split &sp : kEdgeSplits)
      for (int variant = 0; variant < 4; ++variant) {
        const Tensor &s = variant == 2 ? src3 : src;
        const Tensor &ix = variant == 1 ? idx32 : variant == 3 ? idxMasked : idx;
        bool useMask = variant == 3 || variant == 2;
        Tensor want =
            *scatter(s, ix, segments, kind, useMask ? &mask : nullptr);
        Harness h("scatter_partial", sp.tiles,
                  {{"reduce", std::string(reduceName(kind))},
                   {"num_segments", segments},
                   {"has_source", int64_t{1}},
                   {"has_mask", int64_t{useMask}}});
        h.in("src", s, Layout::kRows, sp.block).in("idx", ix, Layout::kRows,
                                                  sp.block);
        if (useMask)
          h.in("mask", mask, Layout::kRows, sp.block);
        Shape pShape = {sp.tiles, segments};
        pShape.insert(pShape.end(), s.shape().begin() + 1, s.shape().end());
        h.out("P", DType::kF32, pShape, Layout::kPartial);
        if (kind != Reduce::kSum)
          h.out("C", DType::kF32, {sp.tiles, segments}, Layout::kPartial);
        std::vector<Tensor> parts = runOk(h, "scatter_partial");
        ASSERT_FALSE(parts.empty());
        for (int64_t outTiles : {int64_t{3}, int64_t{1}}) {
          int64_t outBlock = (segments + outTiles - 1) / outTiles;
          std::vector<Tensor> got =
              combine(parts[0], kind == Reduce::kSum ? nullptr : &parts[1],
                      kind, outTiles, outBlock);
          ASSERT_EQ(got.size(), 1u);
          std::string what = absl::StrCat(reduceName(kind), " variant ", variant,
                                          " on ", sp.tiles, " tiles");
          if (kind == Reduce::kMax || kind == Reduce::kMin)
            EXPECT_TRUE(bitEqual(got[0], want)) << what;
          else
            expectClose(got[0], want, what);
        }
      }
}

TEST(CodeletDistributedTest, DegreeAndWeightedDegree) {
  const int64_t rows = 23, nodes = 9;
  Tensor idx = randomIntTensor(DType::kI64, {rows}, 0, 8, 10);
  Tensor w = randomFloatTensor({rows}, 0, 2, 11);
  Tensor mask = randomBoolTensor({rows}, 0.6, 12);
  for (const Split &sp : kEdgeSplits)
    for (bool useMask : {false, true}) {
      Harness h("scatter_partial", sp.tiles,
                {{"reduce", std::string("sum")},
                 {"num_segments", nodes},
                 {"has_source", int64_t{0}},
                 {"has_mask", int64_t{useMask}}});
      h.in("idx", idx, Layout::kRows, sp.block);
      if (useMask)
        h.in("mask", mask, Layout::kRows, sp.block);
      h.out("P", DType::kF32, {sp.tiles, nodes}, Layout::kPartial);
      std::vector<Tensor> parts = runOk(h, "degree partial");
      ASSERT_FALSE(parts.empty());
      std::vector<Tensor> got = combine(parts[0], nullptr, Reduce::kSum, 4, 3);
      expectClose(got[0],
                  *degree(idx, nodes, nullptr, useMask ? &mask : nullptr),
                  "degree");
      // Weighted degree: the weights are the source.
      Harness hw("scatter_partial", sp.tiles,
                 {{"reduce", std::string("sum")},
                  {"num_segments", nodes},
                  {"has_mask", int64_t{useMask}}});
      hw.in("w", w, Layout::kRows, sp.block).in("idx", idx, Layout::kRows,
                                               sp.block);
      if (useMask)
        hw.in("mask", mask, Layout::kRows, sp.block);
      hw.out("P", DType::kF32, {sp.tiles, nodes}, Layout::kPartial);
      std::vector<Tensor> wparts = runOk(hw, "weighted degree partial");
      ASSERT_FALSE(wparts.empty());
      expectClose(combine(wparts[0], nullptr, Reduce::kSum, 4, 3)[0],
                  *degree(idx, nodes, &w, useMask ? &mask : nullptr),
                  "weighted degree");
    }
}

TEST(CodeletDistributedTest, ScatterPartialErrors) {
  Tensor src = randomFloatTensor({23, 3}, -2, 2, 1);
  Tensor idx = randomIntTensor(DType::kI64, {23}, 0, 6, 3);
  idx.data<int64_t>()[11] = 7;
  Harness h("scatter_partial", 5,
            {{"reduce", std::string("sum")}, {"num_segments", int64_t{7}}});
  h.in("src", src, Layout::kRows, 5)
      .in("idx", idx, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 7, 3}, Layout::kPartial);
  EXPECT_THAT(h.run().status().message(),
              HasSubstr("scatter_partial: index 7 at position 11 is out of "
                        "range [0, 7)"));
  Harness noCount("scatter_partial", 5,
                  {{"reduce", std::string("mean")},
                   {"num_segments", int64_t{7}}});
  noCount.in("src", src, Layout::kRows, 5)
      .in("idx", idx, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 7, 3}, Layout::kPartial);
  EXPECT_THAT(noCount.check().message(), HasSubstr("takes 2 results, got 1"));
  Harness badP("scatter_partial", 5,
               {{"reduce", std::string("sum")}, {"num_segments", int64_t{7}}});
  badP.in("src", src, Layout::kRows, 5)
      .in("idx", idx, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 7, 3}, Layout::kRows, 2);
  EXPECT_THAT(badP.check().message(), HasSubstr("one row per tile"));
  Harness badReduce("scatter_partial", 5,
                    {{"reduce", std::string("prod")},
                     {"num_segments", int64_t{7}}});
  badReduce.in("src", src, Layout::kRows, 5)
      .in("idx", idx, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 7, 3}, Layout::kPartial);
  EXPECT_THAT(badReduce.check().message(),
              HasSubstr("param 'reduce' is \"prod\""));
}

TEST(CodeletDistributedTest, ReducePartialCombineMatchesReduce) {
  Tensor x = randomFloatTensor({23, 4, 3}, -2, 2, 20);
  Tensor mask = randomBoolTensor({23}, 0.5, 21);
  Tensor none = Tensor::fromBool({23}, std::vector<bool>(23, false));
  std::vector<std::vector<int64_t>> dimsList = {{0}, {0, 1}, {0, 1, 2}, {2, 0}};
  for (Reduce kind : {Reduce::kSum, Reduce::kMean, Reduce::kMax, Reduce::kMin})
    for (const auto &dims : dimsList)
      for (int m = 0; m < 3; ++m)
        for (const Split &sp : kEdgeSplits) {
          const Tensor *mk = m == 0 ? nullptr : m == 1 ? &mask : &none;
          if (m == 2 && (kind == Reduce::kMax || kind == Reduce::kMin))
            continue; // an error in the reference
          Tensor want = *reduce(x, dims, kind, mk);
          Harness h("reduce_partial", sp.tiles,
                    {{"kind", std::string(reduceName(kind))},
                     {"dims", dims},
                     {"has_mask", int64_t{mk != nullptr}}});
          h.in("x", x, Layout::kRows, sp.block);
          if (mk)
            h.in("mask", *mk, Layout::kRows, sp.block);
          h.out("P", DType::kF32, {sp.tiles, want.numElements()},
                Layout::kPartial);
          if (kind != Reduce::kSum)
            h.out("C", DType::kF32, {sp.tiles}, Layout::kPartial);
          std::vector<Tensor> parts = runOk(h, "reduce_partial");
          ASSERT_FALSE(parts.empty());
          std::vector<Tensor> got =
              combine(parts[0], kind == Reduce::kSum ? nullptr : &parts[1],
                      kind, 2, (want.numElements() + 1) / 2, "nan");
          ASSERT_EQ(got.size(), 1u);
          Tensor shaped = *reshape(got[0], want.shape());
          std::string what = absl::StrCat(reduceName(kind), " dims ", dims.size(),
                                          " mask ", m, " tiles ", sp.tiles);
          if (kind == Reduce::kMax || kind == Reduce::kMin)
            EXPECT_TRUE(bitEqual(shaped, want)) << what;
          else
            expectClose(shaped, want, what);
          if (m == 2 && kind == Reduce::kMean) {
            EXPECT_TRUE(std::isnan(shaped.data<float>()[0])) << what;
          }
        }
  Harness bad("reduce_partial", 5, {{"kind", std::string("sum")},
                                    {"dims", std::vector<int64_t>{1}}});
  bad.in("x", x, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 23 * 3}, Layout::kPartial);
  EXPECT_THAT(bad.check().message(), HasSubstr("dims must contain 0"));
}

TEST(CodeletDistributedTest, ContractPartialMatchesTransposedMatmul) {
  // A: gradients [23, 4]; B: sparse features [23, 9] with a zero row.
  Tensor a = randomFloatTensor({23, 4}, -1, 1, 30);
  Tensor b = randomFloatTensor({23, 9}, -1, 1, 31);
  Tensor keep = randomBoolTensor({23, 9}, 0.1, 32);
  for (int64_t i = 0; i < b.numElements(); ++i)
    if (!keep.data<uint8_t>()[i] || i / 9 == 4)
      b.data<float>()[i] = 0.0f;
  Tensor dense = randomFloatTensor({23, 9}, -1, 1, 33);
  Tensor aInf = a;
  aInf.data<float>()[5] = std::numeric_limits<float>::infinity();
  for (const Tensor *lhs : {&a, &aInf})
    for (const Tensor *rhs : {&b, &dense})
      for (const Split &sp : kEdgeSplits) {
        Harness h("contract_partial", sp.tiles);
        h.in("a", *lhs, Layout::kRows, sp.block)
            .in("b", *rhs, Layout::kRows, sp.block)
            .out("P", DType::kF32, {sp.tiles, 36}, Layout::kPartial);
        std::vector<Tensor> parts = runOk(h, "contract_partial");
        ASSERT_FALSE(parts.empty());
        Tensor got = *reshape(combine(parts[0], nullptr, Reduce::kSum, 5,
                                      8)[0],
                              {4, 9});
        Tensor want = *matmul(*transpose(*lhs, {1, 0}), *rhs);
        expectClose(got, want, "contract");
      }
  Harness bad("contract_partial", 5);
  bad.in("a", a, Layout::kRows, 5)
      .in("b", b, Layout::kRows, 6)
      .out("P", DType::kF32, {5, 36}, Layout::kPartial);
  EXPECT_THAT(bad.check().message(), HasSubstr("rhs 'b'"));
}

TEST(CodeletDistributedTest, LossPartialCombineMatchesLosses) {
  const int64_t n = 23, c = 5;
  Tensor logits = randomFloatTensor({n, c}, -3, 3, 40);
  Tensor logp = *logSoftmax(logits, 1);
  Tensor labels = randomIntTensor(DType::kI64, {n}, 0, c, 41);
  labels.data<int64_t>()[3] = -100;
  labels.data<int64_t>()[17] = -100;
  Tensor labels32 = *cast(labels, DType::kI32);
  Tensor mask = randomBoolTensor({n}, 0.5, 42);
  Tensor none = Tensor::fromBool({n}, std::vector<bool>(n, false));
  Tensor pred = randomFloatTensor({n, 2}, -1, 1, 43);
  Tensor target = randomFloatTensor({n, 2}, -1, 1, 44);
  for (const char *loss : {"cross_entropy", "nll", "mse", "l1"})
    for (LossReduction red : {LossReduction::kMean, LossReduction::kSum})
      for (int m = 0; m < 3; ++m)
        for (const Split &sp : kEdgeSplits) {
          std::string l = loss;
          const Tensor *mk = m == 0 ? nullptr : m == 1 ? &mask : &none;
          bool cls = l == "cross_entropy" || l == "nll";
          const Tensor &p = l == "cross_entropy" ? logits : cls ? logp : pred;
          const Tensor &t = cls ? (sp.tiles == 3 ? labels32 : labels) : target;
          Tensor want = l == "cross_entropy"
                            ? *crossEntropy(logits, t, mk, -100, red)
                        : l == "nll" ? *nllLoss(logp, t, mk, -100, red)
                        : l == "mse" ? *mseLoss(pred, target, mk, red)
                                     : *l1Loss(pred, target, mk, red);
          Harness h("loss_partial", sp.tiles,
                    {{"loss", l},
                     {"ignore_index", int64_t{-100}},
                     {"has_mask", int64_t{mk != nullptr}}});
          h.in("pred", p, Layout::kRows, sp.block)
              .in("target", t, Layout::kRows, sp.block);
          if (mk)
            h.in("mask", *mk, Layout::kRows, sp.block);
          h.out("P", DType::kF32, {sp.tiles, 2}, Layout::kPartial);
          std::vector<Tensor> parts = runOk(h, "loss_partial");
          ASSERT_FALSE(parts.empty());
          Harness hc("loss_combine", 1,
                     {{"reduction", std::string(red == LossReduction::kMean
                                                    ? "mean"
                                                    : "sum")}});
          hc.in("P2", parts[0], Layout::kReplicated)
              .out("loss", DType::kF32, {}, Layout::kReplicated);
          std::vector<Tensor> got = runOk(hc, "loss_combine");
          ASSERT_FALSE(got.empty());
          std::string what = absl::StrCat(l, " mask ", m, " tiles ", sp.tiles);
          expectClose(got[0], want, what);
          if (m == 2) {
            EXPECT_EQ(std::isnan(got[0].data<float>()[0]),
                      red == LossReduction::kMean)
                << what;
          }
        }
  Tensor bad = labels;
  bad.data<int64_t>()[20] = 5;
  Harness h("loss_partial", 5, {{"loss", std::string("nll")}});
  h.in("pred", logp, Layout::kRows, 5)
      .in("target", bad, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 2}, Layout::kPartial);
  EXPECT_THAT(h.run().status().message(),
              HasSubstr("loss_partial: label 5 of row 20 is out of range "
                        "[0, 5)"));
  Harness badLoss("loss_partial", 5, {{"loss", std::string("hinge")}});
  badLoss.in("pred", logp, Layout::kRows, 5)
      .in("target", labels, Layout::kRows, 5)
      .out("P", DType::kF32, {5, 2}, Layout::kPartial);
  EXPECT_THAT(badLoss.check().message(), HasSubstr("param 'loss'"));
}

} // namespace
} // namespace gnnrt::sim
