//===- Npy.h - NumPy .npy reading and writing ------------------------------===//
//
// Tensors cross the command line as NumPy .npy files (format versions 1.0 and
// 2.0, little-endian, C order) so that PyTorch/NumPy scripts can produce and
// check them. Supported dtypes: <f4, <i4, <i8, |b1 (and |u1 read as bool).
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_NPY_H
#define GNNRT_NPY_H

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gnnrt/Tensor.h"

namespace gnnrt {

/// Parses the bytes of an .npy file. `sourceName` names the file in errors,
/// which say what is wrong and where (header field, byte count).
absl::StatusOr<Tensor> parseNpy(absl::string_view bytes,
                                absl::string_view sourceName);
std::string serializeNpy(const Tensor &tensor);

absl::StatusOr<Tensor> readNpyFile(const std::string &path);
absl::Status writeNpyFile(const std::string &path, const Tensor &tensor);

} // namespace gnnrt

#endif // GNNRT_NPY_H
