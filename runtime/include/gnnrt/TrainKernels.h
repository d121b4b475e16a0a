//===- TrainKernels.h - Reference kernels for training ---------------------===//
//
// Kernels of the ops training adds (GnnTrainOps.td): transpose and the
// optimizer updates of torch.optim, in PyTorch 1.13's order of operations so
// that trajectories match torch in f32. MLIR-free, errors as statuses.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_TRAINKERNELS_H
#define GNNRT_TRAINKERNELS_H

#include "gnnrt/Kernels.h"

namespace gnnrt {

/// Dimension d of the result is dimension permutation[d] of x (any dtype).
absl::StatusOr<Tensor> transpose(const Tensor &x,
                                 absl::Span<const int64_t> permutation);

/// torch.optim.SGD hyperparameters (maximize = False).
struct SgdOptions {
  double lr = 0.0;
  double momentum = 0.0;
  double dampening = 0.0;
  double weightDecay = 0.0;
  bool nesterov = false;
};
struct SgdResult {
  Tensor param;
  Tensor momentumBuffer; // empty when momentum == 0
};
/// One SGD step of f32 `param` with `grad` at `step` (>= 1; step 1 starts the
/// momentum buffer from the gradient, as torch does when it has none).
/// `momentumBuffer` is required exactly when momentum != 0.
absl::StatusOr<SgdResult> sgdUpdate(const Tensor &param, const Tensor &grad,
                                    const Tensor *momentumBuffer,
                                    int64_t step, const SgdOptions &options);

/// torch.optim.Adam / AdamW hyperparameters (amsgrad = maximize = False).
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weightDecay = 0.0;
  bool decoupled = false; // AdamW
};
struct AdamResult {
  Tensor param;
  Tensor expAvg;
  Tensor expAvgSq;
};
/// One Adam (AdamW when decoupled) step at `step` >= 1.
absl::StatusOr<AdamResult> adamUpdate(const Tensor &param, const Tensor &grad,
                                      const Tensor &expAvg,
                                      const Tensor &expAvgSq, int64_t step,
                                      const AdamOptions &options);

} // namespace gnnrt

#endif // GNNRT_TRAINKERNELS_H
