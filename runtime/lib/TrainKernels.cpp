//===- TrainKernels.cpp - Reference kernels for training -------------------===//
//
// The optimizer kernels follow torch/optim/{sgd,adam,adamw}.py of PyTorch
// 1.13 (single-tensor path) statement by statement: Python floats are
// doubles; a double scalar meeting an f32 tensor is rounded to f32 first, as
// ATen does, and each tensor statement rounds its result to f32. ATen's
// vectorised `add(x, y, alpha)` is a fused multiply-add (vec::fmadd), which
// std::fma reproduces; addcmul / addcdiv compute `x + value * a * b` and
// `x + value * a / b` left to right.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/TrainKernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"

namespace gnnrt {
namespace {

absl::Status checkSame(const char *kernel, const char *what, const Tensor &t,
                       const Tensor &param) {
  if (t.dtype() != DType::kF32 || t.shape() != param.shape())
    return absl::InvalidArgumentError(absl::StrCat(
        kernel, ": ", what, " is a ", dtypeName(t.dtype()), " tensor of shape ",
        shapeToString(t.shape()), " but the parameter is f32 of shape ",
        shapeToString(param.shape())));
  return absl::OkStatus();
}

Tensor copyOf(const Tensor &t) { return t; }

/// dst[c, r] = src[r, c] for a row-major [rows, cols] matrix of T, in square
/// tiles so that both the reads and the writes stay within a few cache lines
/// per tile instead of striding the whole destination per source row.
template <typename T>
void transpose2d(const T *src, T *dst, int64_t rows, int64_t cols) {
  constexpr int64_t kTile = 32;
  for (int64_t r0 = 0; r0 < rows; r0 += kTile) {
    const int64_t r1 = std::min(rows, r0 + kTile);
    for (int64_t c0 = 0; c0 < cols; c0 += kTile) {
      const int64_t c1 = std::min(cols, c0 + kTile);
      for (int64_t c = c0; c < c1; ++c)
        for (int64_t r = r0; r < r1; ++r)
          dst[c * rows + r] = src[r * cols + c];
    }
  }
}

} // namespace

absl::StatusOr<Tensor> transpose(const Tensor &x,
                                 absl::Span<const int64_t> permutation) {
  int64_t rank = x.rank();
  if (static_cast<int64_t>(permutation.size()) != rank)
    return absl::InvalidArgumentError(
        absl::StrCat("transpose: permutation has ", permutation.size(),
                     " entries for a tensor of rank ", rank));
  std::vector<bool> seen(rank, false);
  Shape outShape(rank);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t p = permutation[d];
    if (p < 0 || p >= rank || seen[p])
      return absl::InvalidArgumentError(
          "transpose: the permutation must list every dimension once");
    seen[p] = true;
    outShape[d] = x.dim(p);
  }
  // Strides of the input, read in the result's dimension order.
  std::vector<int64_t> inStride(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStride[d] = inStride[d + 1] * x.dim(d + 1);
  Tensor out(x.dtype(), outShape);
  if (rank == 2 && permutation[0] == 1) {
    // The matrix transpose (autodiff's x^T in x^T * g products): a tiled,
    // typed copy. Same elements as the general walk below.
    int64_t rows = x.dim(0), cols = x.dim(1);
    switch (x.dtype()) {
    case DType::kF32:
      transpose2d(x.data<float>().data(), out.data<float>().data(), rows,
                  cols);
      break;
    case DType::kI32:
      transpose2d(x.data<int32_t>().data(), out.data<int32_t>().data(), rows,
                  cols);
      break;
    case DType::kI64:
      transpose2d(x.data<int64_t>().data(), out.data<int64_t>().data(), rows,
                  cols);
      break;
    case DType::kBool:
      transpose2d(x.data<uint8_t>().data(), out.data<uint8_t>().data(), rows,
                  cols);
      break;
    }
    return out;
  }
  int64_t n = out.numElements();
  int64_t size = dtypeSize(x.dtype());
  const uint8_t *src = x.rawData();
  uint8_t *dst = out.rawData();
  std::vector<int64_t> index(rank, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t from = 0;
    for (int64_t d = 0; d < rank; ++d)
      from += index[d] * inStride[permutation[d]];
    std::copy(src + from * size, src + (from + 1) * size, dst + i * size);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

absl::StatusOr<SgdResult> sgdUpdate(const Tensor &param, const Tensor &grad,
                                    const Tensor *momentumBuffer,
                                    int64_t step, const SgdOptions &options) {
  if (param.dtype() != DType::kF32)
    return absl::InvalidArgumentError("sgd_update: the parameter must be f32");
  absl::Status st = checkSame("sgd_update", "the gradient", grad, param);
  if (!st.ok())
    return st;
  bool useMomentum = options.momentum != 0.0;
  if (useMomentum != (momentumBuffer != nullptr))
    return absl::InvalidArgumentError(
        "sgd_update: a momentum buffer is needed exactly when momentum != 0");
  if (momentumBuffer) {
    st = checkSame("sgd_update", "the momentum buffer", *momentumBuffer, param);
    if (!st.ok())
      return st;
  }
  if (step < 1)
    return absl::InvalidArgumentError(absl::StrCat(
        "sgd_update: the step is ", step, "; steps count from 1"));
  const float wd = static_cast<float>(options.weightDecay);
  const float momentum = static_cast<float>(options.momentum);
  const float oneMinusDampening = static_cast<float>(1.0 - options.dampening);
  const float negLr = static_cast<float>(-options.lr);
  SgdResult result{copyOf(param), Tensor()};
  absl::Span<float> p = result.param.data<float>();
  absl::Span<const float> g = grad.data<float>();
  absl::Span<float> buf;
  if (useMomentum) {
    result.momentumBuffer = copyOf(*momentumBuffer);
    buf = result.momentumBuffer.data<float>();
  }
  for (size_t i = 0; i < p.size(); ++i) {
    float d = g[i];
    if (options.weightDecay != 0.0)
      d = std::fma(p[i], wd, d);
    if (useMomentum) {
      if (step == 1)
        buf[i] = d;
      else
        buf[i] = std::fma(d, oneMinusDampening, buf[i] * momentum);
      d = options.nesterov ? std::fma(buf[i], momentum, d) : buf[i];
    }
    p[i] = std::fma(d, negLr, p[i]);
  }
  return result;
}

absl::StatusOr<AdamResult> adamUpdate(const Tensor &param, const Tensor &grad,
                                      const Tensor &expAvg,
                                      const Tensor &expAvgSq, int64_t step,
                                      const AdamOptions &options) {
  if (param.dtype() != DType::kF32)
    return absl::InvalidArgumentError("adam_update: the parameter must be f32");
  for (auto [what, t] : {std::pair<const char *, const Tensor *>{
                             "the gradient", &grad},
                         {"exp_avg", &expAvg},
                         {"exp_avg_sq", &expAvgSq}}) {
    absl::Status st = checkSame("adam_update", what, *t, param);
    if (!st.ok())
      return st;
  }
  if (step < 1)
    return absl::InvalidArgumentError(absl::StrCat(
        "adam_update: the step is ", step, "; steps count from 1"));
  const double t = static_cast<double>(step);
  const double biasCorrection1 = 1.0 - std::pow(options.beta1, t);
  const double biasCorrection2 = 1.0 - std::pow(options.beta2, t);
  const double stepSize = options.lr / biasCorrection1;
  const double biasCorrection2Sqrt = std::sqrt(biasCorrection2);
  const float decay = static_cast<float>(1.0 - options.lr * options.weightDecay);
  const float wd = static_cast<float>(options.weightDecay);
  const float beta1 = static_cast<float>(options.beta1);
  const float beta2 = static_cast<float>(options.beta2);
  const float oneMinusBeta1 = static_cast<float>(1.0 - options.beta1);
  const float oneMinusBeta2 = static_cast<float>(1.0 - options.beta2);
  const float bc2Sqrt = static_cast<float>(biasCorrection2Sqrt);
  const float eps = static_cast<float>(options.eps);
  const float negStepSize = static_cast<float>(-stepSize);

  AdamResult result{copyOf(param), copyOf(expAvg), copyOf(expAvgSq)};
  absl::Span<float> p = result.param.data<float>();
  absl::Span<float> m = result.expAvg.data<float>();
  absl::Span<float> v = result.expAvgSq.data<float>();
  absl::Span<const float> g = grad.data<float>();
  for (size_t i = 0; i < p.size(); ++i) {
    float gi = g[i];
    if (options.decoupled)
      p[i] = p[i] * decay;
    else if (options.weightDecay != 0.0)
      gi = std::fma(p[i], wd, gi);
    m[i] = std::fma(gi, oneMinusBeta1, m[i] * beta1);
    float vi = v[i] * beta2;
    v[i] = vi + oneMinusBeta2 * gi * gi;
    float denom = std::sqrt(v[i]) / bc2Sqrt + eps;
    p[i] = p[i] + negStepSize * m[i] / denom;
  }
  return result;
}

} // namespace gnnrt
