//===- Kernels.cpp - Reference kernels for GNN operations -----------------===//
//
// Single-threaded, f32-accumulating, index-ordered implementations. Every
// input is validated first; failures are InvalidArgument statuses whose
// message names the kernel, the operand, what is wrong and how to fix it.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gnnrt/Random.h"

namespace gnnrt {
namespace {

#define GNNRT_RETURN_IF_ERROR(expr)                                            \
  do {                                                                         \
    absl::Status _gnnrt_status = (expr);                                       \
    if (!_gnnrt_status.ok())                                                   \
      return _gnnrt_status;                                                    \
  } while (false)

/// Calls f with a value of the C++ element type of `dtype` (uint8_t for bool).
template <typename F> decltype(auto) dispatch(DType dtype, F &&f) {
  switch (dtype) {
  case DType::kI32:
    return f(int32_t{});
  case DType::kI64:
    return f(int64_t{});
  case DType::kBool:
    return f(uint8_t{});
  case DType::kF32:
    break;
  }
  return f(float{});
}

absl::Status invalid(const std::string &msg) {
  return absl::InvalidArgumentError(msg);
}

int64_t storageElements(const Tensor &t) {
  return dispatch(t.dtype(), [&](auto tag) {
    return static_cast<int64_t>(t.data<decltype(tag)>().size());
  });
}

std::string describe(const Tensor &t) {
  return absl::StrCat(dtypeName(t.dtype()), " ", shapeToString(t.shape()));
}

/// Shape has no negative dimension and storage matches it.
absl::Status checkTensor(const Tensor &t, const char *op, const char *name) {
  for (int64_t d : t.shape())
    if (d < 0)
      return invalid(absl::StrCat(op, ": ", name, " has shape ",
                                  shapeToString(t.shape()),
                                  " with a negative dimension; dimensions "
                                  "must be >= 0"));
  if (storageElements(t) != t.numElements())
    return invalid(absl::StrCat(
        op, ": ", name, " of shape ", shapeToString(t.shape()), " holds ",
        storageElements(t), " elements instead of ", t.numElements(),
        "; build it with one value per element"));
  return absl::OkStatus();
}

absl::Status checkF32(const Tensor &t, const char *op, const char *name) {
  GNNRT_RETURN_IF_ERROR(checkTensor(t, op, name));
  if (t.dtype() != DType::kF32)
    return invalid(absl::StrCat(op, ": ", name, " must be f32, got ",
                                describe(t),
                                "; convert it with cast(x, DType::kF32)"));
  return absl::OkStatus();
}

absl::Status checkInt(const Tensor &t, const char *op, const char *name) {
  GNNRT_RETURN_IF_ERROR(checkTensor(t, op, name));
  if (!t.isInteger())
    return invalid(absl::StrCat(op, ": ", name, " must be an i32 or i64 "
                                "tensor, got ",
                                describe(t),
                                "; convert it with cast(x, DType::kI64)"));
  return absl::OkStatus();
}

absl::Status checkBool(const Tensor &t, const char *op, const char *name) {
  GNNRT_RETURN_IF_ERROR(checkTensor(t, op, name));
  if (t.dtype() != DType::kBool)
    return invalid(absl::StrCat(op, ": ", name, " must be a bool (i1) tensor, "
                                "got ",
                                describe(t),
                                "; compare or cast it to DType::kBool"));
  return absl::OkStatus();
}

absl::Status checkRank(const Tensor &t, int64_t rank, const char *op,
                       const char *name, const char *form) {
  if (t.rank() != rank)
    return invalid(absl::StrCat(op, ": ", name, " must have rank ", rank, " ",
                                form, ", got shape ",
                                shapeToString(t.shape())));
  return absl::OkStatus();
}

/// An optional row mask: a bool vector with one entry per row.
absl::Status checkRowMask(const Tensor *mask, int64_t rows, const char *op) {
  if (!mask)
    return absl::OkStatus();
  GNNRT_RETURN_IF_ERROR(checkBool(*mask, op, "mask"));
  GNNRT_RETURN_IF_ERROR(checkRank(*mask, 1, op, "mask", "[rows]"));
  if (mask->dim(0) != rows)
    return invalid(absl::StrCat(op, ": mask has ", mask->dim(0),
                                " entries but there are ", rows,
                                " rows; they must be equal"));
  return absl::OkStatus();
}

bool rowActive(const Tensor *mask, int64_t row) {
  return !mask || mask->data<uint8_t>()[row] != 0;
}

/// Output shapes derived from user-supplied sizes must be allocatable.
absl::Status checkAllocatable(const Shape &shape, DType dtype,
                              const char *op) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return invalid(absl::StrCat(op, ": result shape ", shapeToString(shape),
                                  " has a negative dimension"));
    if (__builtin_mul_overflow(n, d, &n))
      return invalid(absl::StrCat(op, ": result shape ", shapeToString(shape),
                                  " is too large"));
  }
  int64_t bytes = 0;
  if (__builtin_mul_overflow(n, dtypeSize(dtype), &bytes) ||
      bytes > (int64_t{1} << 40))
    return invalid(absl::StrCat(op, ": result shape ", shapeToString(shape),
                                " is too large to allocate"));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                      const char *op) {
  if (rank == 0)
    return invalid(absl::StrCat(op, ": axis ", axis,
                                " is invalid for a rank-0 tensor, which has "
                                "no axes"));
  if (axis < -rank || axis >= rank)
    return invalid(absl::StrCat(op, ": axis ", axis, " is out of range [",
                                -rank, ", ", rank, ") for a rank-", rank,
                                " tensor"));
  return axis < 0 ? axis + rank : axis;
}

int64_t product(const Shape &shape, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t i = begin; i < end && i < shape.size(); ++i)
    n *= shape[i];
  return n;
}

//===-- Broadcasting ---------------------------------------------------===//

absl::StatusOr<Shape> broadcastShapes(const Shape &a, const Shape &b,
                                      const char *op) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    int64_t d;
    if (da == db || db == 1)
      d = da;
    else if (da == 1)
      d = db;
    else
      return invalid(absl::StrCat(
          op, ": shapes ", shapeToString(a), " and ", shapeToString(b),
          " cannot be broadcast: size ", da, " vs ", db, " at axis -", i + 1,
          "; trailing sizes must be equal or 1"));
    out[rank - 1 - i] = d;
  }
  return out;
}

/// Strides of `in` (row-major) laid out against `out`, 0 on broadcast axes.
std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out) {
  std::vector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  for (size_t i = 0; i < in.size(); ++i) {
    size_t inAxis = in.size() - 1 - i;
    size_t outAxis = out.size() - 1 - i;
    strides[outAxis] = in[inAxis] == 1 ? 0 : stride;
    stride *= in[inAxis];
  }
  return strides;
}

/// Walks the elements of `shape` in row-major order, tracking one offset per
/// operand.
struct Odometer {
  Shape shape;
  std::vector<std::vector<int64_t>> strides;
  std::vector<int64_t> coord;
  std::vector<int64_t> offsets;

  Odometer(Shape s, std::vector<std::vector<int64_t>> st)
      : shape(std::move(s)), strides(std::move(st)), coord(shape.size(), 0),
        offsets(strides.size(), 0) {}

  void next() {
    for (size_t d = shape.size(); d-- > 0;) {
      ++coord[d];
      for (size_t k = 0; k < strides.size(); ++k)
        offsets[k] += strides[k][d];
      if (coord[d] < shape[d])
        return;
      for (size_t k = 0; k < strides.size(); ++k)
        offsets[k] -= strides[k][d] * shape[d];
      coord[d] = 0;
    }
  }
};

//===-- Segment reductions ---------------------------------------------===//

absl::StatusOr<Tensor> scatterImpl(const char *op, const char *srcName,
                                   const char *idxName, const Tensor &source,
                                   const Tensor &index, int64_t numSegments,
                                   Reduce reduce, const Tensor *mask) {
  GNNRT_RETURN_IF_ERROR(checkF32(source, op, srcName));
  GNNRT_RETURN_IF_ERROR(checkInt(index, op, idxName));
  if (source.rank() < 1)
    return invalid(absl::StrCat(op, ": ", srcName,
                                " must have rank >= 1 (rows along dim 0), got "
                                "a rank-0 tensor"));
  GNNRT_RETURN_IF_ERROR(checkRank(index, 1, op, idxName, "[rows]"));
  if (index.dim(0) != source.dim(0))
    return invalid(absl::StrCat(op, ": ", idxName, " has ", index.dim(0),
                                " entries but ", srcName, " has ",
                                source.dim(0),
                                " rows (dim 0); they must be equal"));
  if (numSegments < 0)
    return invalid(absl::StrCat(op, ": the number of segments must be >= 0, "
                                "got ",
                                numSegments));
  GNNRT_RETURN_IF_ERROR(checkRowMask(mask, source.dim(0), op));
  Shape outShape = source.shape();
  outShape[0] = numSegments;
  GNNRT_RETURN_IF_ERROR(checkAllocatable(outShape, DType::kF32, op));

  int64_t rows = source.dim(0);
  for (int64_t e = 0; e < rows; ++e) {
    int64_t s = index.intAt(e);
    if (rowActive(mask, e) && (s < 0 || s >= numSegments))
      return invalid(absl::StrCat(op, ": ", idxName, " ", s, " at position ",
                                  e, " is out of range [0, ", numSegments,
                                  ")"));
  }

  int64_t row = product(source.shape(), 1, source.shape().size());
  Tensor out(DType::kF32, outShape);
  absl::Span<float> dst = out.data<float>();
  absl::Span<const float> src = source.data<float>();
  std::vector<int64_t> count(numSegments, 0);
  for (int64_t e = 0; e < rows; ++e) {
    if (!rowActive(mask, e))
      continue;
    int64_t s = index.intAt(e);
    const float *in = src.data() + e * row;
    float *acc = dst.data() + s * row;
    bool first = count[s] == 0;
    ++count[s];
    for (int64_t k = 0; k < row; ++k) {
      float v = in[k];
      switch (reduce) {
      case Reduce::kSum:
      case Reduce::kMean:
        acc[k] += v;
        break;
      case Reduce::kMax:
        if (first || v > acc[k] || std::isnan(v))
          acc[k] = v;
        break;
      case Reduce::kMin:
        if (first || v < acc[k] || std::isnan(v))
          acc[k] = v;
        break;
      }
    }
  }
  if (reduce == Reduce::kMean)
    for (int64_t s = 0; s < numSegments; ++s)
      if (count[s] > 0)
        for (int64_t k = 0; k < row; ++k)
          dst[s * row + k] /= static_cast<float>(count[s]);
  return out;
}

//===-- Softmax helpers ------------------------------------------------===//

absl::StatusOr<Tensor> softmaxImpl(const char *op, const Tensor &x,
                                   int64_t axis, bool log) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, op, "x"));
  Shape shape = x.shape();
  if (shape.empty()) {
    // A rank-0 tensor is a single element along its only "axis" (torch).
    if (axis != 0 && axis != -1)
      return invalid(absl::StrCat(op, ": axis ", axis,
                                  " is out of range [-1, 1) for a rank-0 "
                                  "tensor"));
    shape = {1};
    axis = 0;
  }
  absl::StatusOr<int64_t> ax =
      normalizeAxis(axis, static_cast<int64_t>(shape.size()), op);
  if (!ax.ok())
    return ax.status();
  int64_t outer = product(shape, 0, *ax);
  int64_t len = shape[*ax];
  int64_t inner = product(shape, *ax + 1, shape.size());
  Tensor out(DType::kF32, x.shape());
  absl::Span<const float> in = x.data<float>();
  absl::Span<float> dst = out.data<float>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      int64_t base = o * len * inner + i;
      float m = -std::numeric_limits<float>::infinity();
      for (int64_t j = 0; j < len; ++j) {
        float v = in[base + j * inner];
        if (v > m || std::isnan(v))
          m = v;
      }
      float sum = 0.0f;
      for (int64_t j = 0; j < len; ++j)
        sum += std::exp(in[base + j * inner] - m);
      if (log) {
        float logSum = std::log(sum);
        for (int64_t j = 0; j < len; ++j)
          dst[base + j * inner] = (in[base + j * inner] - m) - logSum;
      } else {
        for (int64_t j = 0; j < len; ++j)
          dst[base + j * inner] = std::exp(in[base + j * inner] - m) / sum;
      }
    }
  }
  return out;
}

//===-- Loss helpers ---------------------------------------------------===//

absl::Status checkLabelsAndMask(const char *op, int64_t n,
                                const Tensor &labels, const Tensor *mask) {
  GNNRT_RETURN_IF_ERROR(checkInt(labels, op, "labels"));
  GNNRT_RETURN_IF_ERROR(checkRank(labels, 1, op, "labels", "[N]"));
  if (labels.dim(0) != n)
    return invalid(absl::StrCat(op, ": labels has ", labels.dim(0),
                                " entries but there are ", n,
                                " rows; they must be equal"));
  if (mask) {
    GNNRT_RETURN_IF_ERROR(checkBool(*mask, op, "mask"));
    GNNRT_RETURN_IF_ERROR(checkRank(*mask, 1, op, "mask", "[N]"));
    if (mask->dim(0) != n)
      return invalid(absl::StrCat(op, ": mask has ", mask->dim(0),
                                  " entries but there are ", n,
                                  " rows; they must be equal"));
  }
  return absl::OkStatus();
}

/// nll over validated log-probabilities [N, C].
absl::StatusOr<Tensor> nllImpl(const char *op, const Tensor &logProbs,
                               const Tensor &labels, const Tensor *mask,
                               int64_t ignoreIndex, LossReduction reduction) {
  int64_t n = logProbs.dim(0), c = logProbs.dim(1);
  absl::Span<const float> lp = logProbs.data<float>();
  float total = 0.0f;
  int64_t counted = 0;
  for (int64_t r = 0; r < n; ++r) {
    int64_t label = labels.intAt(r);
    if (label == ignoreIndex || (mask && !mask->intAt(r)))
      continue;
    if (label < 0 || label >= c)
      return invalid(absl::StrCat(
          op, ": label ", label, " of row ", r, " is out of range [0, ", c,
          "); labels must be class indices (or ignoreIndex=", ignoreIndex,
          ")"));
    total += -lp[r * c + label];
    ++counted;
  }
  float result = total;
  if (reduction == LossReduction::kMean)
    result = counted == 0 ? std::numeric_limits<float>::quiet_NaN()
                          : total / static_cast<float>(counted);
  return Tensor::scalarF32(result);
}

absl::Status checkLogits(const char *op, const char *name, const Tensor &t) {
  GNNRT_RETURN_IF_ERROR(checkF32(t, op, name));
  return checkRank(t, 2, op, name, "[N, C]");
}

absl::StatusOr<Tensor> pointwiseLoss(const char *op, const Tensor &pred,
                                     const Tensor &target, const Tensor *mask,
                                     LossReduction reduction, bool squared) {
  GNNRT_RETURN_IF_ERROR(checkF32(pred, op, "pred"));
  GNNRT_RETURN_IF_ERROR(checkF32(target, op, "target"));
  if (pred.shape() != target.shape())
    return invalid(absl::StrCat(op, ": pred has shape ",
                                shapeToString(pred.shape()),
                                " but target has shape ",
                                shapeToString(target.shape()),
                                "; they must be equal"));
  int64_t rows = pred.rank() == 0 ? 1 : pred.dim(0);
  int64_t row = pred.rank() == 0
                    ? 1
                    : product(pred.shape(), 1, pred.shape().size());
  if (mask) {
    GNNRT_RETURN_IF_ERROR(checkBool(*mask, op, "mask"));
    GNNRT_RETURN_IF_ERROR(checkRank(*mask, 1, op, "mask", "[N]"));
    if (pred.rank() == 0)
      return invalid(absl::StrCat(op, ": a row mask needs pred of rank >= 1 "
                                  "[N, ...], got a rank-0 tensor"));
    if (mask->dim(0) != rows)
      return invalid(absl::StrCat(op, ": mask has ", mask->dim(0),
                                  " entries but pred has ", rows,
                                  " rows (dim 0); they must be equal"));
  }
  absl::Span<const float> p = pred.data<float>();
  absl::Span<const float> t = target.data<float>();
  float total = 0.0f;
  int64_t counted = 0;
  for (int64_t r = 0; r < rows; ++r) {
    if (mask && !mask->intAt(r))
      continue;
    for (int64_t k = 0; k < row; ++k) {
      float d = p[r * row + k] - t[r * row + k];
      total += squared ? d * d : std::fabs(d);
    }
    counted += row;
  }
  float result = total;
  if (reduction == LossReduction::kMean)
    result = counted == 0 ? std::numeric_limits<float>::quiet_NaN()
                          : total / static_cast<float>(counted);
  return Tensor::scalarF32(result);
}


//===-- Dense helpers --------------------------------------------------===//

/// c[m, n] = a[m, k] * b[k, n], all row-major and densely packed; c must not
/// overlap a or b. Each element is accumulated in f32 from +0.0 over p = 0,
/// 1, ..., k - 1 in turn, exactly as the textbook dot-product loop does, so
/// the result is bit-for-bit that loop's (no reassociation, no fused
/// multiply-adds under -ffp-contract=off, no zero skipping: 0 * inf stays
/// NaN). Only the loop nest differs: i-k-j over a tile of kRows rows of c by
/// kCols columns held in a local buffer, so the inner loop streams one
/// contiguous row segment of b into the tile (vectorisable, each b segment
/// read once per row tile) instead of striding down a column of b.
void gemmRowMajor(const float *a, const float *b, float *c, int64_t m,
                  int64_t k, int64_t n) {
  constexpr int64_t kRows = 8;
  constexpr int64_t kCols = 256;
  alignas(64) float tile[kRows][kCols];
  for (int64_t j0 = 0; j0 < n; j0 += kCols) {
    const int64_t cols = std::min(kCols, n - j0);
    for (int64_t i0 = 0; i0 < m; i0 += kRows) {
      const int64_t rows = std::min(kRows, m - i0);
      for (int64_t ii = 0; ii < rows; ++ii)
        std::fill_n(tile[ii], cols, 0.0f);
      for (int64_t p = 0; p < k; ++p) {
        const float *brow = b + p * n + j0;
        for (int64_t ii = 0; ii < rows; ++ii) {
          const float aip = a[(i0 + ii) * k + p];
          float *t = tile[ii];
          for (int64_t jj = 0; jj < cols; ++jj)
            t[jj] += aip * brow[jj];
        }
      }
      for (int64_t ii = 0; ii < rows; ++ii)
        std::copy_n(tile[ii], cols, c + (i0 + ii) * n + j0);
    }
  }
}

} // namespace

//===-- Graph primitives -----------------------------------------------===//

absl::StatusOr<Tensor> gather(const Tensor &source, const Tensor &index) {
  GNNRT_RETURN_IF_ERROR(checkTensor(source, "gather", "source"));
  GNNRT_RETURN_IF_ERROR(checkInt(index, "gather", "index"));
  if (source.rank() < 1)
    return invalid("gather: source must have rank >= 1 (rows along dim 0), "
                   "got a rank-0 tensor");
  int64_t rows = source.dim(0);
  int64_t n = index.numElements();
  for (int64_t e = 0; e < n; ++e) {
    int64_t s = index.intAt(e);
    if (s < 0 || s >= rows)
      return invalid(absl::StrCat("gather: index ", s, " at position ", e,
                                  " is out of range [0, ", rows, ")"));
  }
  Shape outShape = index.shape();
  outShape.insert(outShape.end(), source.shape().begin() + 1,
                  source.shape().end());
  GNNRT_RETURN_IF_ERROR(checkAllocatable(outShape, source.dtype(), "gather"));
  int64_t row = product(source.shape(), 1, source.shape().size());
  Tensor out(source.dtype(), outShape);
  dispatch(source.dtype(), [&](auto tag) {
    using T = decltype(tag);
    absl::Span<const T> src = source.data<T>();
    absl::Span<T> dst = out.data<T>();
    for (int64_t e = 0; e < n; ++e)
      std::copy_n(src.data() + index.intAt(e) * row, row,
                  dst.data() + e * row);
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> scatter(const Tensor &source, const Tensor &index,
                               int64_t numSegments, Reduce reduce,
                               const Tensor *mask) {
  return scatterImpl("scatter", "source", "index", source, index, numSegments,
                     reduce, mask);
}

absl::StatusOr<int64_t> inferNumSegments(const Tensor &index,
                                         const Tensor *mask) {
  GNNRT_RETURN_IF_ERROR(checkInt(index, "inferNumSegments", "index"));
  GNNRT_RETURN_IF_ERROR(
      checkRank(index, 1, "inferNumSegments", "index", "[rows]"));
  GNNRT_RETURN_IF_ERROR(checkRowMask(mask, index.dim(0), "inferNumSegments"));
  int64_t count = 0;
  for (int64_t e = 0; e < index.dim(0); ++e) {
    if (!rowActive(mask, e))
      continue;
    int64_t s = index.intAt(e);
    if (s < 0)
      return invalid(absl::StrCat("inferNumSegments: index ", s,
                                  " at position ", e, " is negative"));
    count = std::max(count, s + 1);
  }
  return count;
}

absl::StatusOr<Tensor> degree(const Tensor &index, int64_t numNodes,
                              const Tensor *weights, const Tensor *mask) {
  GNNRT_RETURN_IF_ERROR(checkInt(index, "degree", "index"));
  GNNRT_RETURN_IF_ERROR(checkRank(index, 1, "degree", "index", "[E]"));
  if (numNodes < 0)
    return invalid(absl::StrCat("degree: numNodes must be >= 0, got ",
                                numNodes));
  GNNRT_RETURN_IF_ERROR(checkAllocatable({numNodes}, DType::kF32, "degree"));
  int64_t e = index.dim(0);
  if (weights) {
    GNNRT_RETURN_IF_ERROR(checkF32(*weights, "degree", "weights"));
    GNNRT_RETURN_IF_ERROR(checkRank(*weights, 1, "degree", "weights", "[E]"));
    if (weights->dim(0) != e)
      return invalid(absl::StrCat("degree: weights has ", weights->dim(0),
                                  " entries but index has ", e,
                                  "; they must be equal"));
  }
  GNNRT_RETURN_IF_ERROR(checkRowMask(mask, e, "degree"));
  for (int64_t i = 0; i < e; ++i) {
    int64_t n = index.intAt(i);
    if (rowActive(mask, i) && (n < 0 || n >= numNodes))
      return invalid(absl::StrCat("degree: index ", n, " at position ", i,
                                  " is out of range [0, ", numNodes, ")"));
  }
  Tensor out(DType::kF32, {numNodes});
  absl::Span<float> dst = out.data<float>();
  for (int64_t i = 0; i < e; ++i)
    if (rowActive(mask, i))
      dst[index.intAt(i)] += weights ? weights->data<float>()[i] : 1.0f;
  return out;
}

absl::StatusOr<Tensor> segmentSoftmax(const Tensor &source,
                                      const Tensor &index,
                                      int64_t numSegments,
                                      const Tensor *mask) {
  // PyG: out = exp(src - max[index]) / (sum[index] + 1e-16); masked-out rows
  // take no part and are 0.
  absl::StatusOr<Tensor> maxima = scatterImpl(
      "segmentSoftmax", "source", "index", source, index, numSegments,
      Reduce::kMax, mask);
  if (!maxima.ok())
    return maxima.status();
  int64_t rows = source.dim(0);
  int64_t row = product(source.shape(), 1, source.shape().size());
  absl::Span<const float> src = source.data<float>();
  absl::Span<const float> mx = maxima->data<float>();
  Tensor out(DType::kF32, source.shape());
  absl::Span<float> dst = out.data<float>();
  std::vector<float> sums(static_cast<size_t>(numSegments * row), 0.0f);
  for (int64_t e = 0; e < rows; ++e) {
    if (!rowActive(mask, e))
      continue;
    int64_t s = index.intAt(e);
    for (int64_t k = 0; k < row; ++k) {
      float v = std::exp(src[e * row + k] - mx[s * row + k]);
      dst[e * row + k] = v;
      sums[s * row + k] += v;
    }
  }
  for (float &v : sums)
    v += 1e-16f;
  for (int64_t e = 0; e < rows; ++e) {
    if (!rowActive(mask, e))
      continue;
    int64_t s = index.intAt(e);
    for (int64_t k = 0; k < row; ++k)
      dst[e * row + k] /= sums[s * row + k];
  }
  return out;
}

absl::StatusOr<Tensor> booleanIndex(const Tensor &source, const Tensor &mask) {
  GNNRT_RETURN_IF_ERROR(checkTensor(source, "booleanIndex", "source"));
  if (source.rank() < 1)
    return invalid("booleanIndex: source must have rank >= 1 (rows along "
                   "dim 0), got a rank-0 tensor");
  GNNRT_RETURN_IF_ERROR(checkRowMask(&mask, source.dim(0), "booleanIndex"));
  Shape outShape = source.shape();
  outShape[0] = 0;
  for (int64_t r = 0; r < source.dim(0); ++r)
    outShape[0] += rowActive(&mask, r);
  int64_t row = product(source.shape(), 1, source.shape().size());
  Tensor out(source.dtype(), outShape);
  dispatch(source.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = source.data<T>().data();
    T *dst = out.data<T>().data();
    for (int64_t r = 0; r < source.dim(0); ++r)
      if (rowActive(&mask, r))
        dst = std::copy_n(src + r * row, row, dst);
    return 0;
  });
  return out;
}

absl::StatusOr<EdgeList> addSelfLoops(const Tensor &src, const Tensor &dst,
                                      const Tensor *weights, int64_t numNodes,
                                      bool remaining, float fill,
                                      const Tensor *mask) {
  const char *op = "addSelfLoops";
  GNNRT_RETURN_IF_ERROR(checkInt(src, op, "src"));
  GNNRT_RETURN_IF_ERROR(checkInt(dst, op, "dst"));
  GNNRT_RETURN_IF_ERROR(checkRank(src, 1, op, "src", "[E]"));
  GNNRT_RETURN_IF_ERROR(checkRank(dst, 1, op, "dst", "[E]"));
  if (src.dtype() != dst.dtype())
    return invalid(absl::StrCat(op, ": src is ", describe(src), " but dst is ",
                                describe(dst), "; they must share a dtype"));
  int64_t e = src.dim(0);
  if (dst.dim(0) != e)
    return invalid(absl::StrCat(op, ": src has ", e, " entries but dst has ",
                                dst.dim(0), "; they must be equal"));
  if (weights) {
    GNNRT_RETURN_IF_ERROR(checkF32(*weights, op, "weights"));
    GNNRT_RETURN_IF_ERROR(checkRank(*weights, 1, op, "weights", "[E]"));
    if (weights->dim(0) != e)
      return invalid(absl::StrCat(op, ": weights has ", weights->dim(0),
                                  " entries but there are ", e, " edges"));
  }
  GNNRT_RETURN_IF_ERROR(checkRowMask(mask, e, op));
  if (numNodes < 0)
    return invalid(absl::StrCat(op, ": numNodes must be >= 0, got ",
                                numNodes));
  for (int64_t i = 0; i < e; ++i) {
    if (!rowActive(mask, i))
      continue;
    for (int64_t n : {src.intAt(i), dst.intAt(i)})
      if (n < 0 || n >= numNodes)
        return invalid(absl::StrCat(op, ": node ", n, " of edge ", i,
                                    " is out of range [0, ", numNodes, ")"));
  }
  std::vector<int64_t> keptSrc, keptDst;
  std::vector<float> keptW, loopW(static_cast<size_t>(numNodes), fill);
  for (int64_t i = 0; i < e; ++i) {
    if (!rowActive(mask, i))
      continue;
    int64_t a = src.intAt(i), b = dst.intAt(i);
    if (remaining && a == b) {
      if (weights)
        loopW[a] = weights->data<float>()[i];
      continue;
    }
    keptSrc.push_back(a);
    keptDst.push_back(b);
    if (weights)
      keptW.push_back(weights->data<float>()[i]);
  }
  for (int64_t n = 0; n < numNodes; ++n) {
    keptSrc.push_back(n);
    keptDst.push_back(n);
    if (weights)
      keptW.push_back(loopW[n]);
  }
  int64_t total = static_cast<int64_t>(keptSrc.size());
  EdgeList out;
  if (src.dtype() == DType::kI64) {
    out.src = Tensor::fromI64({total}, keptSrc);
    out.dst = Tensor::fromI64({total}, keptDst);
  } else {
    out.src = Tensor::fromI32({total}, std::vector<int32_t>(keptSrc.begin(),
                                                            keptSrc.end()));
    out.dst = Tensor::fromI32({total}, std::vector<int32_t>(keptDst.begin(),
                                                            keptDst.end()));
  }
  if (weights)
    out.weights = Tensor::fromF32({total}, std::move(keptW));
  return out;
}

absl::StatusOr<Tensor> compare(ComparePredicate predicate, const Tensor &a,
                               const Tensor &b) {
  GNNRT_RETURN_IF_ERROR(checkTensor(a, "compare", "a"));
  GNNRT_RETURN_IF_ERROR(checkTensor(b, "compare", "b"));
  if (a.dtype() != b.dtype())
    return invalid(absl::StrCat("compare: a is ", describe(a), " but b is ",
                                describe(b), "; they must share a dtype"));
  absl::StatusOr<Shape> shape = broadcastShapes(a.shape(), b.shape(),
                                                "compare");
  if (!shape.ok())
    return shape.status();
  GNNRT_RETURN_IF_ERROR(checkAllocatable(*shape, DType::kBool, "compare"));
  Tensor out(DType::kBool, *shape);
  Odometer it(*shape, {broadcastStrides(a.shape(), *shape),
                       broadcastStrides(b.shape(), *shape)});
  absl::Span<uint8_t> dst = out.data<uint8_t>();
  dispatch(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    absl::Span<const T> as = a.data<T>();
    absl::Span<const T> bs = b.data<T>();
    for (size_t i = 0; i < dst.size(); ++i, it.next()) {
      T x = as[it.offsets[0]], y = bs[it.offsets[1]];
      bool r = false;
      switch (predicate) {
      case ComparePredicate::kEq: r = x == y; break;
      case ComparePredicate::kNe: r = x != y; break;
      case ComparePredicate::kLt: r = x < y; break;
      case ComparePredicate::kLe: r = x <= y; break;
      case ComparePredicate::kGt: r = x > y; break;
      case ComparePredicate::kGe: r = x >= y; break;
      }
      dst[i] = r;
    }
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> logical(LogicalOp op, const Tensor &a,
                               const Tensor &b) {
  GNNRT_RETURN_IF_ERROR(checkBool(a, "logical", "a"));
  GNNRT_RETURN_IF_ERROR(checkBool(b, "logical", "b"));
  absl::StatusOr<Shape> shape = broadcastShapes(a.shape(), b.shape(),
                                                "logical");
  if (!shape.ok())
    return shape.status();
  GNNRT_RETURN_IF_ERROR(checkAllocatable(*shape, DType::kBool, "logical"));
  Tensor out(DType::kBool, *shape);
  Odometer it(*shape, {broadcastStrides(a.shape(), *shape),
                       broadcastStrides(b.shape(), *shape)});
  absl::Span<const uint8_t> as = a.data<uint8_t>(), bs = b.data<uint8_t>();
  absl::Span<uint8_t> dst = out.data<uint8_t>();
  for (size_t i = 0; i < dst.size(); ++i, it.next()) {
    bool x = as[it.offsets[0]] != 0, y = bs[it.offsets[1]] != 0;
    dst[i] = op == LogicalOp::kAnd ? (x && y)
             : op == LogicalOp::kOr ? (x || y)
                                    : (x != y);
  }
  return out;
}

absl::StatusOr<Tensor> logicalNot(const Tensor &a) {
  GNNRT_RETURN_IF_ERROR(checkBool(a, "logicalNot", "a"));
  Tensor out(DType::kBool, a.shape());
  absl::Span<const uint8_t> as = a.data<uint8_t>();
  absl::Span<uint8_t> dst = out.data<uint8_t>();
  for (size_t i = 0; i < dst.size(); ++i)
    dst[i] = as[i] == 0;
  return out;
}

absl::StatusOr<Tensor> iota(DType dtype, int64_t n) {
  if (dtype != DType::kI32 && dtype != DType::kI64)
    return invalid(absl::StrCat("iota: dtype must be i32 or i64, got ",
                                dtypeName(dtype)));
  GNNRT_RETURN_IF_ERROR(checkAllocatable({n}, dtype, "iota"));
  Tensor out(dtype, {n});
  for (int64_t i = 0; i < n; ++i) {
    if (dtype == DType::kI64)
      out.data<int64_t>()[i] = i;
    else
      out.data<int32_t>()[i] = static_cast<int32_t>(i);
  }
  return out;
}

//===-- Dense ----------------------------------------------------------===//

absl::StatusOr<Tensor> linear(const Tensor &x, const Tensor &weight,
                              const Tensor *bias) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, "linear", "x"));
  GNNRT_RETURN_IF_ERROR(checkF32(weight, "linear", "weight"));
  GNNRT_RETURN_IF_ERROR(checkRank(weight, 2, "linear", "weight", "[out, in]"));
  if (x.rank() < 1)
    return invalid("linear: x must have rank >= 1 [..., in], got a rank-0 "
                   "tensor");
  int64_t in = weight.dim(1), outF = weight.dim(0);
  if (x.shape().back() != in)
    return invalid(absl::StrCat(
        "linear: x has ", x.shape().back(), " features (last dim of ",
        shapeToString(x.shape()), ") but weight ",
        shapeToString(weight.shape()), " expects ", in,
        "; weight must be [out, in]"));
  if (bias) {
    GNNRT_RETURN_IF_ERROR(checkF32(*bias, "linear", "bias"));
    if (bias->shape() != Shape{outF})
      return invalid(absl::StrCat("linear: bias has shape ",
                                  shapeToString(bias->shape()),
                                  " but weight has ", outF,
                                  " outputs; bias must be [", outF, "]"));
  }
  Shape outShape = x.shape();
  outShape.back() = outF;
  GNNRT_RETURN_IF_ERROR(checkAllocatable(outShape, DType::kF32, "linear"));
  int64_t m = product(x.shape(), 0, x.shape().size() - 1);
  Tensor out(DType::kF32, outShape);
  absl::Span<const float> xs = x.data<float>();
  absl::Span<const float> ws = weight.data<float>();
  absl::Span<float> dst = out.data<float>();
  // x * weight^T with weight^T packed [in, out] so that the product runs as
  // the row-streaming gemm; each output is still sum_k x[i,k] * w[o,k] in k
  // order from +0.0, then + bias.
  std::vector<float> wt(static_cast<size_t>(in * outF));
  for (int64_t o = 0; o < outF; ++o)
    for (int64_t k = 0; k < in; ++k)
      wt[k * outF + o] = ws[o * in + k];
  gemmRowMajor(xs.data(), wt.data(), dst.data(), m, in, outF);
  if (bias) {
    absl::Span<const float> bs = bias->data<float>();
    for (int64_t i = 0; i < m; ++i)
      for (int64_t o = 0; o < outF; ++o)
        dst[i * outF + o] += bs[o];
  }
  return out;
}

absl::StatusOr<Tensor> matmul(const Tensor &a, const Tensor &b) {
  GNNRT_RETURN_IF_ERROR(checkF32(a, "matmul", "lhs"));
  GNNRT_RETURN_IF_ERROR(checkF32(b, "matmul", "rhs"));
  GNNRT_RETURN_IF_ERROR(checkRank(a, 2, "matmul", "lhs", "[M, K]"));
  GNNRT_RETURN_IF_ERROR(checkRank(b, 2, "matmul", "rhs", "[K, N]"));
  int64_t m = a.dim(0), k = a.dim(1), n = b.dim(1);
  if (b.dim(0) != k)
    return invalid(absl::StrCat("matmul: lhs ", shapeToString(a.shape()),
                                " and rhs ", shapeToString(b.shape()),
                                " have mismatched inner dimensions ", k,
                                " and ", b.dim(0), "; need [M, K] x [K, N]"));
  GNNRT_RETURN_IF_ERROR(checkAllocatable({m, n}, DType::kF32, "matmul"));
  Tensor out(DType::kF32, {m, n});
  absl::Span<const float> as = a.data<float>();
  absl::Span<const float> bs = b.data<float>();
  absl::Span<float> dst = out.data<float>();
  gemmRowMajor(as.data(), bs.data(), dst.data(), m, k, n);
  return out;
}

absl::StatusOr<Tensor> binary(BinaryOp op, const Tensor &lhs,
                              const Tensor &rhs) {
  GNNRT_RETURN_IF_ERROR(checkF32(lhs, "binary", "lhs"));
  GNNRT_RETURN_IF_ERROR(checkF32(rhs, "binary", "rhs"));
  absl::StatusOr<Shape> shape =
      broadcastShapes(lhs.shape(), rhs.shape(), "binary");
  if (!shape.ok())
    return shape.status();
  GNNRT_RETURN_IF_ERROR(checkAllocatable(*shape, DType::kF32, "binary"));
  Tensor out(DType::kF32, *shape);
  absl::Span<const float> a = lhs.data<float>();
  absl::Span<const float> b = rhs.data<float>();
  absl::Span<float> dst = out.data<float>();
  Odometer it(*shape, {broadcastStrides(lhs.shape(), *shape),
                       broadcastStrides(rhs.shape(), *shape)});
  for (size_t i = 0; i < dst.size(); ++i, it.next()) {
    float x = a[it.offsets[0]], y = b[it.offsets[1]];
    float r = 0.0f;
    switch (op) {
    case BinaryOp::kAdd:
      r = x + y;
      break;
    case BinaryOp::kSub:
      r = x - y;
      break;
    case BinaryOp::kMul:
      r = x * y;
      break;
    case BinaryOp::kDiv:
      r = x / y;
      break;
    case BinaryOp::kMax: // torch.maximum: NaN propagates
      r = std::isnan(x) || std::isnan(y) ? std::numeric_limits<float>::quiet_NaN()
                                         : (x > y ? x : y);
      break;
    case BinaryOp::kMin:
      r = std::isnan(x) || std::isnan(y) ? std::numeric_limits<float>::quiet_NaN()
                                         : (x < y ? x : y);
      break;
    }
    dst[i] = r;
  }
  return out;
}

absl::StatusOr<Tensor> unary(UnaryOp op, const Tensor &x, double param,
                             bool infToZero) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, "unary", "x"));
  Tensor out(DType::kF32, x.shape());
  absl::Span<const float> in = x.data<float>();
  absl::Span<float> dst = out.data<float>();
  float p = static_cast<float>(param);
  for (size_t i = 0; i < in.size(); ++i) {
    float v = in[i];
    float r = 0.0f;
    switch (op) {
    case UnaryOp::kRelu:
      r = std::isnan(v) ? v : (v > 0.0f ? v : 0.0f);
      break;
    case UnaryOp::kSigmoid:
      r = 1.0f / (1.0f + std::exp(-v));
      break;
    case UnaryOp::kTanh:
      r = std::tanh(v);
      break;
    case UnaryOp::kExp:
      r = std::exp(v);
      break;
    case UnaryOp::kLog:
      r = std::log(v);
      break;
    case UnaryOp::kNeg:
      r = -v;
      break;
    case UnaryOp::kSqrt:
      r = std::sqrt(v);
      break;
    case UnaryOp::kAbs:
      r = std::fabs(v);
      break;
    case UnaryOp::kLeakyRelu:
      r = v > 0.0f ? v : v * p;
      break;
    case UnaryOp::kElu:
      r = v > 0.0f ? v : p * (std::exp(v) - 1.0f);
      break;
    case UnaryOp::kPow:
      r = std::pow(v, p);
      if (infToZero && std::isinf(r))
        r = 0.0f;
      break;
    }
    dst[i] = r;
  }
  return out;
}

bool dropoutKeep(double p, uint64_t seed, uint64_t offset, uint64_t i) {
  return static_cast<double>(randomUniform01(seed, offset, i)) >= p;
}

absl::StatusOr<Tensor> dropout(const Tensor &x, double p, uint64_t seed,
                               uint64_t offset) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, "dropout", "x"));
  if (!(p >= 0.0 && p <= 1.0))
    return invalid(absl::StrFormat(
        "dropout: p=%g is outside [0, 1]; p is the probability of dropping "
        "an element",
        p));
  Tensor out(DType::kF32, x.shape());
  absl::Span<const float> in = x.data<float>();
  absl::Span<float> dst = out.data<float>();
  if (p == 1.0)
    return out; // everything dropped (torch returns zeros)
  dropoutRange(in.data(), dst.data(), static_cast<int64_t>(in.size()), 0, p,
               seed, offset);
  return out;
}

namespace {
/// Inverted dropout of in[0, n) where element i is flat element
/// position(i): dropoutKeep's numbers, with the (seed, offset) mixing done
/// once.
template <typename Position>
void dropoutLoop(const float *in, float *out, int64_t n, Position position,
                 double p, uint64_t seed, uint64_t offset) {
  float scale = 1.0f / static_cast<float>(1.0 - p);
  RandomStream random(seed, offset);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, in + i, sizeof(bits));
    out[i] = bits != 0 &&
                     static_cast<double>(random.uniform01(position(i))) >= p
                 ? in[i] * scale
                 : 0.0f;
  }
}
} // namespace

void dropoutRange(const float *in, float *out, int64_t n, uint64_t first,
                  double p, uint64_t seed, uint64_t offset) {
  dropoutLoop(
      in, out, n, [&](int64_t i) { return first + static_cast<uint64_t>(i); },
      p, seed, offset);
}

void dropoutPositions(const float *in, float *out, int64_t n,
                      const int64_t *positions, double p, uint64_t seed,
                      uint64_t offset) {
  dropoutLoop(
      in, out, n,
      [&](int64_t i) { return static_cast<uint64_t>(positions[i]); }, p, seed,
      offset);
}

absl::StatusOr<Tensor> dropoutAt(const Tensor &x, const Tensor &positions,
                                 double p, uint64_t seed, uint64_t offset) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, "dropout", "x"));
  if (positions.dtype() != DType::kI64 || positions.shape() != x.shape())
    return invalid(absl::StrFormat(
        "dropout: positions must be i64%s (one per element of x), got %s%s",
        shapeToString(x.shape()), dtypeName(positions.dtype()),
        shapeToString(positions.shape())));
  for (int64_t v : positions.data<int64_t>())
    if (v < 0)
      return invalid(absl::StrFormat(
          "dropout: position %d is negative; positions are flat element "
          "indices",
          v));
  if (!(p >= 0.0 && p <= 1.0))
    return dropout(x, p, seed, offset); // reports p
  Tensor out(DType::kF32, x.shape());
  if (p < 1.0)
    dropoutPositions(x.data<float>().data(), out.data<float>().data(),
                     x.numElements(), positions.data<int64_t>().data(), p,
                     seed, offset);
  return out;
}

absl::StatusOr<Tensor> softmax(const Tensor &x, int64_t axis) {
  return softmaxImpl("softmax", x, axis, /*log=*/false);
}

absl::StatusOr<Tensor> logSoftmax(const Tensor &x, int64_t axis) {
  return softmaxImpl("logSoftmax", x, axis, /*log=*/true);
}

absl::StatusOr<BatchNormResult>
batchNorm(const Tensor &x, const Tensor &gamma, const Tensor &beta,
          const Tensor &runningMean, const Tensor &runningVar, double eps,
          double momentum, bool training, const Tensor *mask) {
  const char *op = "batchNorm";
  GNNRT_RETURN_IF_ERROR(checkF32(x, op, "x"));
  GNNRT_RETURN_IF_ERROR(checkRank(x, 2, op, "x", "[N, C]"));
  int64_t n = x.dim(0), c = x.dim(1);
  GNNRT_RETURN_IF_ERROR(checkRowMask(mask, n, op));
  // Statistics come from the rows the mask keeps (all rows without one).
  int64_t counted = 0;
  for (int64_t i = 0; i < n; ++i)
    counted += rowActive(mask, i);
  struct Param {
    const Tensor &t;
    const char *name;
  };
  for (const Param &prm : {Param{gamma, "gamma"}, Param{beta, "beta"},
                           Param{runningMean, "runningMean"},
                           Param{runningVar, "runningVar"}}) {
    GNNRT_RETURN_IF_ERROR(checkF32(prm.t, op, prm.name));
    if (prm.t.shape() != Shape{c})
      return invalid(absl::StrCat(op, ": ", prm.name, " has shape ",
                                  shapeToString(prm.t.shape()),
                                  " but x has ", c, " channels; it must be [",
                                  c, "]"));
  }
  if (!(eps >= 0.0) || !std::isfinite(eps))
    return invalid(absl::StrFormat("%s: eps=%g must be finite and >= 0", op,
                                   eps));
  if (!(momentum >= 0.0 && momentum <= 1.0))
    return invalid(absl::StrFormat("%s: momentum=%g must lie in [0, 1]", op,
                                   momentum));
  if (training && counted <= 1)
    return invalid(absl::StrCat(
        op, ": expected more than 1 value per channel when training, got ",
        counted, " (unmasked) rows of x of shape ", shapeToString(x.shape()),
        "; use a batch of at least 2 rows or inference mode"));

  absl::Span<const float> xs = x.data<float>();
  absl::Span<const float> g = gamma.data<float>();
  absl::Span<const float> b = beta.data<float>();
  BatchNormResult result{Tensor(DType::kF32, x.shape()), runningMean,
                         runningVar};
  absl::Span<float> dst = result.output.data<float>();
  float epsF = static_cast<float>(eps);
  float mom = static_cast<float>(momentum);
  for (int64_t j = 0; j < c; ++j) {
    float mean, var;
    if (training) {
      float sum = 0.0f;
      for (int64_t i = 0; i < n; ++i)
        if (rowActive(mask, i))
          sum += xs[i * c + j];
      mean = sum / static_cast<float>(counted);
      float sq = 0.0f;
      for (int64_t i = 0; i < n; ++i) {
        if (!rowActive(mask, i))
          continue;
        float d = xs[i * c + j] - mean;
        sq += d * d;
      }
      var = sq / static_cast<float>(counted);
      float unbiased = sq / static_cast<float>(counted - 1);
      float &rm = result.runningMean.data<float>()[j];
      float &rv = result.runningVar.data<float>()[j];
      rm = (1.0f - mom) * rm + mom * mean;
      rv = (1.0f - mom) * rv + mom * unbiased;
    } else {
      mean = runningMean.data<float>()[j];
      var = runningVar.data<float>()[j];
    }
    float invStd = 1.0f / std::sqrt(var + epsF);
    for (int64_t i = 0; i < n; ++i)
      dst[i * c + j] = (xs[i * c + j] - mean) * invStd * g[j] + b[j];
  }
  return result;
}

absl::StatusOr<Tensor> concat(absl::Span<const Tensor *const> inputs,
                              int64_t axis) {
  if (inputs.empty())
    return invalid("concat: needs at least one input");
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i])
      return invalid(absl::StrCat("concat: input ", i, " is null"));
    GNNRT_RETURN_IF_ERROR(checkTensor(*inputs[i], "concat", "an input"));
  }
  const Tensor &first = *inputs[0];
  absl::StatusOr<int64_t> ax = normalizeAxis(axis, first.rank(), "concat");
  if (!ax.ok())
    return ax.status();
  Shape outShape = first.shape();
  outShape[*ax] = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor &t = *inputs[i];
    if (t.dtype() != first.dtype())
      return invalid(absl::StrCat("concat: input ", i, " is ", describe(t),
                                  " but input 0 is ", describe(first),
                                  "; all inputs must share a dtype"));
    bool ok = t.rank() == first.rank();
    for (int64_t d = 0; ok && d < t.rank(); ++d)
      ok = d == *ax || t.dim(d) == first.dim(d);
    if (!ok)
      return invalid(absl::StrCat(
          "concat: input ", i, " has shape ", shapeToString(t.shape()),
          " but input 0 has shape ", shapeToString(first.shape()),
          "; all sizes except along axis ", *ax, " must be equal"));
    outShape[*ax] += t.dim(*ax);
  }
  int64_t outer = product(outShape, 0, *ax);
  int64_t inner = product(outShape, *ax + 1, outShape.size());
  Tensor out(first.dtype(), outShape);
  dispatch(first.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *dst = out.data<T>().data();
    for (int64_t o = 0; o < outer; ++o)
      for (const Tensor *t : inputs) {
        int64_t chunk = t->dim(*ax) * inner;
        dst = std::copy_n(t->data<T>().data() + o * chunk, chunk, dst);
      }
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> slice(const Tensor &x, int64_t axis, int64_t offset,
                             int64_t size) {
  GNNRT_RETURN_IF_ERROR(checkTensor(x, "slice", "x"));
  absl::StatusOr<int64_t> ax = normalizeAxis(axis, x.rank(), "slice");
  if (!ax.ok())
    return ax.status();
  int64_t extent = x.dim(*ax);
  if (offset < 0 || size < 0 || offset > extent || size > extent - offset)
    return invalid(absl::StrCat("slice: [", offset, ", ", offset, " + ", size,
                                ") is not within [0, ", extent,
                                ") along axis ", *ax, " of shape ",
                                shapeToString(x.shape()),
                                "; need 0 <= offset, 0 <= size and "
                                "offset + size <= ",
                                extent));
  Shape outShape = x.shape();
  outShape[*ax] = size;
  int64_t outer = product(outShape, 0, *ax);
  int64_t inner = product(outShape, *ax + 1, outShape.size());
  Tensor out(x.dtype(), outShape);
  dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = x.data<T>().data();
    T *dst = out.data<T>().data();
    for (int64_t o = 0; o < outer; ++o)
      dst = std::copy_n(src + (o * extent + offset) * inner, size * inner, dst);
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> reshape(const Tensor &x, const Shape &shape) {
  GNNRT_RETURN_IF_ERROR(checkTensor(x, "reshape", "x"));
  for (int64_t d : shape)
    if (d < 0)
      return invalid(absl::StrCat("reshape: target shape ",
                                  shapeToString(shape),
                                  " has a negative dimension"));
  if (numElements(shape) != x.numElements())
    return invalid(absl::StrCat("reshape: cannot view ", x.numElements(),
                                " elements of shape ",
                                shapeToString(x.shape()), " as shape ",
                                shapeToString(shape), " (",
                                numElements(shape), " elements)"));
  Tensor out(x.dtype(), shape);
  dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    std::copy_n(x.data<T>().data(), x.numElements(), out.data<T>().data());
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> where(const Tensor &cond, const Tensor &a,
                             const Tensor &b) {
  GNNRT_RETURN_IF_ERROR(checkBool(cond, "where", "cond"));
  GNNRT_RETURN_IF_ERROR(checkTensor(a, "where", "a"));
  GNNRT_RETURN_IF_ERROR(checkTensor(b, "where", "b"));
  if (a.dtype() != b.dtype())
    return invalid(absl::StrCat("where: a is ", describe(a), " but b is ",
                                describe(b), "; a and b must share a dtype"));
  absl::StatusOr<Shape> ab = broadcastShapes(a.shape(), b.shape(), "where");
  if (!ab.ok())
    return ab.status();
  absl::StatusOr<Shape> shape = broadcastShapes(cond.shape(), *ab, "where");
  if (!shape.ok())
    return shape.status();
  GNNRT_RETURN_IF_ERROR(checkAllocatable(*shape, a.dtype(), "where"));
  Tensor out(a.dtype(), *shape);
  Odometer it(*shape, {broadcastStrides(cond.shape(), *shape),
                       broadcastStrides(a.shape(), *shape),
                       broadcastStrides(b.shape(), *shape)});
  absl::Span<const uint8_t> c = cond.data<uint8_t>();
  dispatch(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    absl::Span<const T> as = a.data<T>();
    absl::Span<const T> bs = b.data<T>();
    absl::Span<T> dst = out.data<T>();
    for (size_t i = 0; i < dst.size(); ++i, it.next())
      dst[i] = c[it.offsets[0]] ? as[it.offsets[1]] : bs[it.offsets[2]];
    return 0;
  });
  return out;
}

absl::StatusOr<Tensor> conformTo(const Tensor &x, const Shape &shape,
                                 DType dtype) {
  auto withoutOnes = [](const Shape &s) {
    Shape out;
    for (int64_t d : s)
      if (d != 1)
        out.push_back(d);
    return out;
  };
  auto isInteger = [](DType d) { return d == DType::kI32 || d == DType::kI64; };
  bool convertible =
      x.dtype() == dtype || (isInteger(x.dtype()) && isInteger(dtype)) ||
      (x.dtype() == DType::kI64 && dtype == DType::kF32);
  if (withoutOnes(x.shape()) != withoutOnes(shape) || !convertible)
    return invalid(absl::StrFormat("%s%s does not fit an input %s%s",
                                   dtypeName(x.dtype()),
                                   shapeToString(x.shape()), dtypeName(dtype),
                                   shapeToString(shape)));
  Tensor t = x;
  if (t.shape() != shape) {
    absl::StatusOr<Tensor> r = reshape(t, shape);
    if (!r.ok())
      return r.status();
    t = *std::move(r);
  }
  if (t.dtype() != dtype)
    return cast(t, dtype);
  return t;
}

absl::StatusOr<Tensor> cast(const Tensor &x, DType to) {
  GNNRT_RETURN_IF_ERROR(checkTensor(x, "cast", "x"));
  Tensor out(to, x.shape());
  int64_t n = x.numElements();
  switch (to) {
  case DType::kF32: {
    absl::Span<float> dst = out.data<float>();
    for (int64_t i = 0; i < n; ++i)
      dst[i] = x.dtype() == DType::kF32 ? x.data<float>()[i]
                                        : static_cast<float>(x.intAt(i));
    return out;
  }
  case DType::kBool: {
    absl::Span<uint8_t> dst = out.data<uint8_t>();
    for (int64_t i = 0; i < n; ++i)
      dst[i] = x.dtype() == DType::kF32 ? (x.data<float>()[i] != 0.0f ? 1 : 0)
                                        : (x.intAt(i) != 0 ? 1 : 0);
    return out;
  }
  case DType::kI32:
  case DType::kI64: {
    bool is32 = to == DType::kI32;
    int64_t lo = is32 ? std::numeric_limits<int32_t>::min()
                      : std::numeric_limits<int64_t>::min();
    int64_t hi = is32 ? std::numeric_limits<int32_t>::max()
                      : std::numeric_limits<int64_t>::max();
    for (int64_t i = 0; i < n; ++i) {
      int64_t v;
      if (x.dtype() == DType::kF32) {
        float f = x.data<float>()[i];
        // [-2^63, 2^63) or [-2^31, 2^31) after truncation toward zero.
        double limit = is32 ? 2147483648.0 : 9223372036854775808.0;
        double t = std::trunc(static_cast<double>(f));
        if (!(t >= -limit && t < limit))
          return invalid(absl::StrFormat(
              "cast: element %d is %g, which has no %s value; clamp or mask "
              "non-finite and out-of-range values before casting",
              i, f, dtypeName(to)));
        v = static_cast<int64_t>(t);
      } else {
        v = x.intAt(i);
        if (v < lo || v > hi)
          return invalid(absl::StrCat("cast: element ", i, " is ", v,
                                      ", which is out of range for ",
                                      dtypeName(to), "; use DType::kI64"));
      }
      if (is32)
        out.data<int32_t>()[i] = static_cast<int32_t>(v);
      else
        out.data<int64_t>()[i] = v;
    }
    return out;
  }
  }
  return invalid("cast: unknown target dtype");
}

absl::StatusOr<Tensor> reduce(const Tensor &x, absl::Span<const int64_t> dims,
                              Reduce kind, const Tensor *rowMask) {
  GNNRT_RETURN_IF_ERROR(checkF32(x, "reduce", "x"));
  int64_t rank = x.rank();
  std::vector<bool> reduced(rank, false);
  for (int64_t d : dims) {
    if (d < -rank || d >= rank)
      return invalid(absl::StrCat("reduce: dim ", d, " is out of range [",
                                  -rank, ", ", rank, ") for shape ",
                                  shapeToString(x.shape())));
    int64_t nd = d < 0 ? d + rank : d;
    if (reduced[nd])
      return invalid(absl::StrCat("reduce: dim ", d,
                                  " appears more than once; list each dim "
                                  "once"));
    reduced[nd] = true;
  }
  Shape outShape, keptDims, redDims;
  std::vector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * x.dim(d + 1);
  Shape redShape;
  std::vector<int64_t> keptStrides, redStrides;
  int64_t extent = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced[d]) {
      redShape.push_back(x.dim(d));
      redStrides.push_back(strides[d]);
      extent *= x.dim(d);
    } else {
      outShape.push_back(x.dim(d));
      keptStrides.push_back(strides[d]);
    }
  }
  if (rowMask) {
    if (rank == 0 || !reduced[0])
      return invalid("reduce: a row mask applies to dim 0, which must be one "
                     "of the reduced dims");
    GNNRT_RETURN_IF_ERROR(checkRowMask(rowMask, x.dim(0), "reduce"));
    int64_t active = 0;
    for (int64_t i = 0; i < x.dim(0); ++i)
      active += rowActive(rowMask, i);
    // Only the kept rows count: extent becomes active rows x the rest.
    extent = x.dim(0) == 0 ? 0 : extent / x.dim(0) * active;
  }
  if (extent == 0 && (kind == Reduce::kMax || kind == Reduce::kMin))
    return invalid(absl::StrCat(
        "reduce: max/min over an empty extent of shape ",
        shapeToString(x.shape()),
        " is undefined; reduce over non-empty dims or use sum/mean"));
  Tensor out(DType::kF32, outShape);
  absl::Span<const float> in = x.data<float>();
  absl::Span<float> dst = out.data<float>();
  Odometer outer(outShape, {keptStrides});
  for (size_t o = 0; o < dst.size(); ++o, outer.next()) {
    Odometer inner(redShape, {redStrides});
    float acc = 0.0f;
    bool first = true;
    int64_t total = numElements(redShape);
    for (int64_t r = 0; r < total; ++r, inner.next()) {
      // With a row mask, dim 0 is the first reduced dim: skip masked rows.
      if (rowMask && !rowActive(rowMask, inner.coord[0]))
        continue;
      float v = in[outer.offsets[0] + inner.offsets[0]];
      switch (kind) {
      case Reduce::kSum:
      case Reduce::kMean:
        acc += v;
        break;
      case Reduce::kMax:
        if (first || v > acc || std::isnan(v))
          acc = v;
        break;
      case Reduce::kMin:
        if (first || v < acc || std::isnan(v))
          acc = v;
        break;
      }
      first = false;
    }
    if (kind == Reduce::kMean)
      acc = extent == 0 ? std::numeric_limits<float>::quiet_NaN()
                        : acc / static_cast<float>(extent);
    dst[o] = acc;
  }
  return out;
}

//===-- Readout and losses ---------------------------------------------===//

absl::StatusOr<Tensor> globalPool(const Tensor &x, const Tensor &batch,
                                  int64_t numGraphs, Reduce reduce,
                                  const Tensor *mask) {
  return scatterImpl("globalPool", "x", "batch", x, batch, numGraphs, reduce,
                     mask);
}

absl::StatusOr<Tensor> crossEntropy(const Tensor &logits, const Tensor &labels,
                                    const Tensor *mask, int64_t ignoreIndex,
                                    LossReduction reduction) {
  GNNRT_RETURN_IF_ERROR(checkLogits("crossEntropy", "logits", logits));
  GNNRT_RETURN_IF_ERROR(
      checkLabelsAndMask("crossEntropy", logits.dim(0), labels, mask));
  absl::StatusOr<Tensor> lp = softmaxImpl("crossEntropy", logits, 1, true);
  if (!lp.ok())
    return lp.status();
  return nllImpl("crossEntropy", *lp, labels, mask, ignoreIndex, reduction);
}

absl::StatusOr<Tensor> nllLoss(const Tensor &logProbs, const Tensor &labels,
                               const Tensor *mask, int64_t ignoreIndex,
                               LossReduction reduction) {
  GNNRT_RETURN_IF_ERROR(checkLogits("nllLoss", "logProbs", logProbs));
  GNNRT_RETURN_IF_ERROR(
      checkLabelsAndMask("nllLoss", logProbs.dim(0), labels, mask));
  return nllImpl("nllLoss", logProbs, labels, mask, ignoreIndex, reduction);
}

absl::StatusOr<Tensor> mseLoss(const Tensor &pred, const Tensor &target,
                               const Tensor *mask, LossReduction reduction) {
  return pointwiseLoss("mseLoss", pred, target, mask, reduction, true);
}

absl::StatusOr<Tensor> l1Loss(const Tensor &pred, const Tensor &target,
                              const Tensor *mask, LossReduction reduction) {
  return pointwiseLoss("l1Loss", pred, target, mask, reduction, false);
}

} // namespace gnnrt
