//===- Kernels.h - Reference kernels for GNN operations --------------------===//
//
// Straightforward, single-threaded implementations of every gnn dialect
// operation on host tensors. They define the numerical semantics that the
// compiler and the simulator must reproduce (see dialects/gnn/Rationale.md),
// so they favour clarity over speed. Every kernel validates its inputs (shapes,
// index ranges) and returns an InvalidArgument status instead of crashing.
//
// Floating-point tensors are f32 and accumulate in f32 in index order, like
// PyTorch's CPU kernels; integer tensors may be i32 or i64.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_KERNELS_H
#define GNNRT_KERNELS_H

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gnnrt/Tensor.h"

namespace gnnrt {

/// Segment reductions (scatter, global pooling, message passing).
enum class Reduce { kSum, kMean, kMax, kMin };
/// Loss reductions.
enum class LossReduction { kMean, kSum };

//===-- Graph primitives -----------------------------------------------===//

/// out[e, ...] = source[index[e], ...]. Out-of-range indices are an error.
absl::StatusOr<Tensor> gather(const Tensor &source, const Tensor &index);

/// Segment reduction of the rows of `source` (dim 0 = E) into `numSegments`
/// rows: out[s] = reduce{ source[e] : index[e] == s }. Segments that receive
/// no row are 0 for every reduction (PyG). Mean divides by the row count.
///
/// The optional row `mask` (bool [E]) removes rows: a row whose mask is false
/// takes no part (not summed, not counted, never a max) and its index is not
/// read. The other segment kernels below take the same kind of mask.
absl::StatusOr<Tensor> scatter(const Tensor &source, const Tensor &index,
                               int64_t numSegments, Reduce reduce,
                               const Tensor *mask = nullptr);

/// PyG's inferred number of segments: max(index) + 1 over the rows the mask
/// keeps (0 when there is none).
absl::StatusOr<int64_t> inferNumSegments(const Tensor &index,
                                         const Tensor *mask = nullptr);

/// In-degree-style count: out[n] = sum of weights[e] (or 1) over index[e]==n,
/// as an f32 vector of length numNodes.
absl::StatusOr<Tensor> degree(const Tensor &index, int64_t numNodes,
                              const Tensor *weights = nullptr,
                              const Tensor *mask = nullptr);

/// Softmax of the rows of `source` (dim 0 = E) within each segment of
/// `index` (PyG's torch_geometric.utils.softmax), per trailing element.
/// Masked-out rows take no part and come out as 0.
absl::StatusOr<Tensor> segmentSoftmax(const Tensor &source,
                                      const Tensor &index,
                                      int64_t numSegments,
                                      const Tensor *mask = nullptr);

/// The rows of `source` whose mask entry is true, in order (x[mask]).
absl::StatusOr<Tensor> booleanIndex(const Tensor &source, const Tensor &mask);

struct EdgeList {
  Tensor src;
  Tensor dst;
  Tensor weights; // f32 [E'] when weights were given, else default-constructed
};
/// PyG's add_self_loops (remaining = false: append a loop (n, n) for every
/// node, weight `fill`) and add_remaining_self_loops (remaining = true: drop
/// the existing self-loops, then append a loop for every node whose weight is
/// `fill`, or the weight of the node's existing self-loop; with several, the
/// last one). Input edges whose `mask` entry is false are dropped first.
absl::StatusOr<EdgeList> addSelfLoops(const Tensor &src, const Tensor &dst,
                                      const Tensor *weights, int64_t numNodes,
                                      bool remaining, float fill,
                                      const Tensor *mask = nullptr);

//===-- Dense ----------------------------------------------------------===//

enum class ComparePredicate { kEq, kNe, kLt, kLe, kGt, kGe };
/// Elementwise comparison with numpy broadcasting; a and b share a dtype
/// (any); the result is bool.
absl::StatusOr<Tensor> compare(ComparePredicate predicate, const Tensor &a,
                               const Tensor &b);
enum class LogicalOp { kAnd, kOr, kXor };
/// Elementwise logic on bool tensors with numpy broadcasting.
absl::StatusOr<Tensor> logical(LogicalOp op, const Tensor &a, const Tensor &b);
absl::StatusOr<Tensor> logicalNot(const Tensor &a);
/// [0, 1, ..., n-1] as an integer vector of `dtype`.
absl::StatusOr<Tensor> iota(DType dtype, int64_t n);

/// y = x * weight^T (+ bias); x [..., in], weight [out, in], bias [out].
absl::StatusOr<Tensor> linear(const Tensor &x, const Tensor &weight,
                              const Tensor *bias = nullptr);
/// [M, K] x [K, N] -> [M, N].
absl::StatusOr<Tensor> matmul(const Tensor &a, const Tensor &b);

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kMax, kMin };
/// Numpy-style broadcasting binary arithmetic on f32 tensors.
absl::StatusOr<Tensor> binary(BinaryOp op, const Tensor &lhs,
                              const Tensor &rhs);

enum class UnaryOp {
  kRelu, kSigmoid, kTanh, kExp, kLog, kNeg, kSqrt, kAbs,
  kLeakyRelu, // param = negative slope
  kElu,       // param = alpha
  kPow,       // param = exponent
};
/// Elementwise f32 op. For kPow, `infToZero` replaces infinite results by 0
/// (PyG's deg^-0.5 with isolated nodes).
absl::StatusOr<Tensor> unary(UnaryOp op, const Tensor &x, double param = 0.0,
                             bool infToZero = false);

/// Inverted dropout: each element is kept with probability 1-p and scaled by
/// 1/(1-p). The keep decision for flat element i is a pure function of
/// (seed, offset, i) (see dropoutKeep), so any partitioning of the tensor
/// reproduces the same mask.
absl::StatusOr<Tensor> dropout(const Tensor &x, double p, uint64_t seed,
                               uint64_t offset = 0);
/// The same with element i drawing for flat element positions[i] (i64,
/// shaped like x) of a larger tensor: the nonzero values of a sparse matrix
/// dropped exactly as its dense form would be.
absl::StatusOr<Tensor> dropoutAt(const Tensor &x, const Tensor &positions,
                                 double p, uint64_t seed, uint64_t offset = 0);
/// The keep decision used by dropout for flat element `i`.
bool dropoutKeep(double p, uint64_t seed, uint64_t offset, uint64_t i);
/// Dropout of the `n` elements of `in` that are flat elements first,
/// first + 1, ... of the whole tensor, into `out` (p < 1): what dropout
/// computes for them, shared by the simulator's vertices. A +0.0 input is
/// +0.0 kept or dropped, so sparse features draw numbers only for their
/// non-zeros.
void dropoutRange(const float *in, float *out, int64_t n, uint64_t first,
                  double p, uint64_t seed, uint64_t offset);
/// dropoutRange where element i is flat element positions[i].
void dropoutPositions(const float *in, float *out, int64_t n,
                      const int64_t *positions, double p, uint64_t seed,
                      uint64_t offset);

absl::StatusOr<Tensor> softmax(const Tensor &x, int64_t axis);
absl::StatusOr<Tensor> logSoftmax(const Tensor &x, int64_t axis);

struct BatchNormResult {
  Tensor output;
  Tensor runningMean;
  Tensor runningVar;
};
/// Batch normalisation over dim 0 of x [N, C] (PyTorch BatchNorm1d). In
/// training it normalises with the biased batch variance and updates the
/// running statistics with the unbiased one:
///   running = (1 - momentum) * running + momentum * batch.
/// In inference it uses the running statistics, which are returned unchanged.
/// With a row `mask`, the batch statistics come from the kept rows only (all
/// rows are normalised).
absl::StatusOr<BatchNormResult>
batchNorm(const Tensor &x, const Tensor &gamma, const Tensor &beta,
          const Tensor &runningMean, const Tensor &runningVar, double eps,
          double momentum, bool training, const Tensor *mask = nullptr);

absl::StatusOr<Tensor> concat(absl::Span<const Tensor *const> inputs,
                              int64_t axis);
/// Elements [offset, offset + size) along `axis`.
absl::StatusOr<Tensor> slice(const Tensor &x, int64_t axis, int64_t offset,
                             int64_t size);
/// The same elements (row-major order) with another shape of equal size.
absl::StatusOr<Tensor> reshape(const Tensor &x, const Shape &shape);
/// cond ? a : b with numpy broadcasting; a and b share a dtype, cond is bool.
absl::StatusOr<Tensor> where(const Tensor &cond, const Tensor &a,
                             const Tensor &b);
/// Elementwise conversion (bool -> 0/1, float -> int truncates toward zero,
/// nonzero -> true). NaN, infinite or out-of-range values for an integer
/// target are an error.
absl::StatusOr<Tensor> cast(const Tensor &x, DType to);
/// `x` as an input declared `shape` and `dtype` takes it, when that loses
/// nothing: the same elements where only dimensions of 1 differ ([N] labels
/// for [N, 1]), i32 and i64 either way, i64 labels as f32 targets. Anything
/// else is an InvalidArgument error. Shared by streamed inputs
/// (exec::bindBatch) and inputs bound at compile time (gnn-bind-inputs).
absl::StatusOr<Tensor> conformTo(const Tensor &x, const Shape &shape,
                                 DType dtype);
/// Reduce f32 `x` over `dims` (no kept dims; each in [-rank, rank), no
/// repeats). Max/min of an empty extent is an error; mean of an empty extent
/// is NaN (PyTorch). An empty `dims` list returns x unchanged (unlike
/// torch.sum(x, dim=[]); list every dim to reduce everything).
/// A `rowMask` [dim 0] keeps only some rows; dim 0 must then be reduced.
absl::StatusOr<Tensor> reduce(const Tensor &x, absl::Span<const int64_t> dims,
                              Reduce kind, const Tensor *rowMask = nullptr);

//===-- Readout and losses ---------------------------------------------===//

/// Global pooling of node rows x [N, ...] into numGraphs rows by the graph
/// id of each node (`batch`); same semantics as scatter.
absl::StatusOr<Tensor> globalPool(const Tensor &x, const Tensor &batch,
                                  int64_t numGraphs, Reduce reduce,
                                  const Tensor *mask = nullptr);

/// Cross-entropy of logits [N, C] against integer labels [N] (PyTorch
/// F.cross_entropy). A row counts when its label != ignoreIndex and, with a
/// mask, mask[row] is true. Mean divides by the number of counted rows (NaN
/// when none, like PyTorch); sum adds them. Labels of counted rows must lie in
/// [0, C). Result is a rank-0 f32 tensor.
absl::StatusOr<Tensor> crossEntropy(const Tensor &logits, const Tensor &labels,
                                    const Tensor *mask, int64_t ignoreIndex,
                                    LossReduction reduction);
/// Negative log-likelihood of log-probabilities [N, C] (F.nll_loss); same
/// counting rules as crossEntropy.
absl::StatusOr<Tensor> nllLoss(const Tensor &logProbs, const Tensor &labels,
                               const Tensor *mask, int64_t ignoreIndex,
                               LossReduction reduction);
/// Mean squared / absolute error of same-shaped f32 tensors [N, ...]. With a
/// row mask [N] only the rows whose mask is true count; mean divides by the
/// number of counted elements (rows x trailing size).
absl::StatusOr<Tensor> mseLoss(const Tensor &pred, const Tensor &target,
                               const Tensor *mask, LossReduction reduction);
absl::StatusOr<Tensor> l1Loss(const Tensor &pred, const Tensor &target,
                              const Tensor *mask, LossReduction reduction);

} // namespace gnnrt

#endif // GNNRT_KERNELS_H
