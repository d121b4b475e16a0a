//===- BatchBinding.cpp - Feed data-pipeline batches to a session ---------===//
#include "gnnrt/exec/BatchBinding.h"

#include "absl/strings/str_cat.h"
#include "gnnrt/Kernels.h"

namespace gnnrt::exec {
namespace {

Tensor edgeRow(const Tensor &edgeIndex, int64_t r) {
  int64_t e = edgeIndex.dim(1);
  std::vector<int64_t> v(static_cast<size_t>(e));
  auto d = edgeIndex.data<int64_t>();
  for (int64_t i = 0; i < e; ++i)
    v[i] = d[r * e + i];
  return Tensor::fromI64({e}, std::move(v));
}

} // namespace

absl::Status bindBatch(Session &session, const std::string &program,
                       const data::Batch &b) {
  absl::StatusOr<std::vector<StreamBinding>> inputs = session.inputs(program);
  if (!inputs.ok())
    return inputs.status();
  for (const StreamBinding &in : *inputs) {
    if (in.role == "step")
      continue;
    const std::string &n = in.binding;
    Tensor t;
    if (n == "x")
      t = b.x;
    else if (n == "src" || n == "edge_index_src")
      t = edgeRow(b.edgeIndex, 0);
    else if (n == "dst" || n == "edge_index_dst")
      t = edgeRow(b.edgeIndex, 1);
    else if (n == "y")
      t = b.y;
    else if (n == "batch")
      t = b.batch;
    else if (n == "nodes_mask")
      t = b.nodesMask;
    else if (n == "edges_mask")
      t = b.edgesMask;
    else if (n == "graphs_mask")
      t = b.graphsMask;
    else if (n == "train_mask")
      t = b.trainMask;
    else if (n == "val_mask")
      t = b.valMask;
    else if (n == "test_mask")
      t = b.testMask;
    else if (n == "edge_attr" || n == "edge_weight")
      t = b.edgeAttr;
    else
      return absl::InvalidArgumentError(absl::StrCat(
          "program '", program, "' takes input '", n,
          "', which a data-pipeline batch does not provide (it provides x, "
          "src, dst, y, batch, nodes_mask, edges_mask, graphs_mask, "
          "train_mask, val_mask, test_mask, edge_attr)"));
    if (t.numElements() == numElements(in.shape) && t.shape() != in.shape)
      if (absl::StatusOr<Tensor> r = reshape(t, in.shape); r.ok())
        t = *std::move(r);
    if (t.dtype() != in.dtype && t.dtype() == DType::kI64 &&
        in.dtype == DType::kF32)
      if (absl::StatusOr<Tensor> c = cast(t, in.dtype); c.ok())
        t = *std::move(c);
    if (absl::Status s = session.setInput(program, n, t); !s.ok())
      return absl::InvalidArgumentError(absl::StrCat(
          s.message(), " (the batch from the data pipeline: compile with "
                       "--num-nodes/--num-edges/--num-graphs matching it)"));
  }
  return absl::OkStatus();
}

} // namespace gnnrt::exec
