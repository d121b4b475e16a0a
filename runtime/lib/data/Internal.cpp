//===- Internal.cpp - Helpers shared by the data pipeline sources ---------===//
#include "Internal.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace gnnrt::data::internal {

namespace {
template <typename T>
void copyRows(const Tensor &src, Tensor &dst, absl::Span<const int64_t> rows,
              int64_t width) {
  absl::Span<const T> in = src.data<T>();
  absl::Span<T> out = dst.data<T>();
  for (size_t r = 0; r < rows.size(); ++r)
    if (width > 0)
      std::memcpy(&out[r * width], &in[rows[r] * width], width * sizeof(T));
}
} // namespace

Tensor gatherRows(const Tensor &t, absl::Span<const int64_t> rows) {
  Shape shape = t.shape();
  if (shape.empty())
    return t;
  int64_t width = 1;
  for (size_t i = 1; i < shape.size(); ++i)
    width *= shape[i];
  shape[0] = static_cast<int64_t>(rows.size());
  Tensor out(t.dtype(), shape);
  switch (t.dtype()) {
  case DType::kF32:
    copyRows<float>(t, out, rows, width);
    break;
  case DType::kI32:
    copyRows<int32_t>(t, out, rows, width);
    break;
  case DType::kI64:
    copyRows<int64_t>(t, out, rows, width);
    break;
  case DType::kBool:
    copyRows<uint8_t>(t, out, rows, width);
    break;
  }
  return out;
}

Tensor concatColumns(const Tensor &a, const Tensor &b) {
  int64_t rows = a.dim(0), ca = a.dim(1), cb = b.dim(1);
  Tensor out(DType::kF32, {rows, ca + cb});
  absl::Span<const float> x = a.data<float>(), y = b.data<float>();
  absl::Span<float> o = out.data<float>();
  for (int64_t r = 0; r < rows; ++r) {
    std::copy_n(x.begin() + r * ca, ca, o.begin() + r * (ca + cb));
    std::copy_n(y.begin() + r * cb, cb, o.begin() + r * (ca + cb) + ca);
  }
  return out;
}

Tensor oneHot(absl::Span<const int64_t> labels, int64_t classes) {
  int64_t n = static_cast<int64_t>(labels.size());
  Tensor out(DType::kF32, {n, classes});
  absl::Span<float> o = out.data<float>();
  for (int64_t i = 0; i < n; ++i)
    if (labels[i] >= 0 && labels[i] < classes)
      o[i * classes + labels[i]] = 1.0f;
  return out;
}

void sortEdgesPerGraph(GraphDataset &ds, bool dedupe) {
  std::vector<int64_t> order(ds.numEdges());
  std::iota(order.begin(), order.end(), 0);
  std::vector<int64_t> keep;
  keep.reserve(order.size());
  std::vector<int64_t> newPtr = {0};
  for (int64_t g = 0; g < ds.numGraphs(); ++g) {
    auto first = order.begin() + ds.edgePtr[g];
    auto last = order.begin() + ds.edgePtr[g + 1];
    std::stable_sort(first, last, [&](int64_t a, int64_t b) {
      return std::make_pair(ds.src[a], ds.dst[a]) <
             std::make_pair(ds.src[b], ds.dst[b]);
    });
    for (auto it = first; it != last; ++it) {
      if (dedupe && it != first && ds.src[*it] == ds.src[*(it - 1)] &&
          ds.dst[*it] == ds.dst[*(it - 1)])
        continue;
      keep.push_back(*it);
    }
    newPtr.push_back(static_cast<int64_t>(keep.size()));
  }
  std::vector<int64_t> src(keep.size()), dst(keep.size());
  for (size_t i = 0; i < keep.size(); ++i) {
    src[i] = ds.src[keep[i]];
    dst[i] = ds.dst[keep[i]];
  }
  ds.src = std::move(src);
  ds.dst = std::move(dst);
  ds.edgeAttr = gatherRows(ds.edgeAttr, keep);
  ds.edgePtr = std::move(newPtr);
}

std::vector<int64_t> trimOrder(const std::vector<int64_t> &candidates,
                               const std::vector<int64_t> &priority,
                               int64_t count, Rng &rng) {
  std::vector<std::pair<int64_t, uint64_t>> key(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i)
    key[i] = {-priority[i], rng.next()};
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return key[a] < key[b]; });
  std::vector<int64_t> out;
  for (int64_t i = 0; i < count && i < static_cast<int64_t>(order.size()); ++i)
    out.push_back(candidates[order[i]]);
  return out;
}

} // namespace gnnrt::data::internal
