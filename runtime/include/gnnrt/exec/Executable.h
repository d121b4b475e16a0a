//===- Executable.h - gnnc executables: loading, validation, saving -------===//
//
// A gnnc executable (proto/executable.proto, written by
// `gnn-translate --bsp-to-executable`) holds the programs of one model for
// one target, the state they share with its initial values, and the
// bindings of host streams to the model's named inputs and outputs. This is
// its in-memory form: every program is a validated sim::Program. See
// docs/Runtime.md.
//
//   absl::StatusOr<Executable> exe = loadExecutable("model.gnnx");
//   auto session = Session::create(*std::move(exe));     // Session.h
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_EXEC_EXECUTABLE_H
#define GNNRT_EXEC_EXECUTABLE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gnnrt/TargetModel.h"
#include "gnnrt/Tensor.h"
#include "gnnrt/sim/Program.h"

namespace gnnc::exec {
class Executable;
} // namespace gnnc::exec

namespace gnnrt::exec {

/// The `format` tag and the only `format_version` this runtime reads.
inline constexpr const char *kFormat = "gnnc-executable";
inline constexpr uint32_t kFormatVersion = 1;

/// Executable-level state: a parameter, optimizer state or buffer.
struct StateTensor {
  std::string name;
  /// "parameter", "optimizer_state", "buffer" (free-form).
  std::string role;
  Tensor initial;
};

struct Executable {
  std::string producer;
  std::string modelName;
  TargetModel target;
  std::vector<StateTensor> state;
  std::map<std::string, std::string> metadata;
  /// Every program's target is `target`.
  std::vector<sim::Program> programs;
  /// Named row orders ("nodes", "edges"), each a permutation of [0, n):
  /// entry[i] is the host row held at device row i. A host stream whose
  /// `rowOrder` names one carries rows in host order on the host side (see
  /// Session). Empty for executables that renumber nothing.
  std::map<std::string, std::vector<int64_t>> rowOrders;

  const sim::Program *findProgram(const std::string &name) const;
  const StateTensor *findState(const std::string &name) const;
};

/// Checks an Executable built in memory as loading does: target; unique,
/// non-empty program and state names; state data sizes; every program
/// valid (sim::validate) with the executable's target; every tensor's
/// `state` names a state tensor of the same dtype and shape; every row order
/// is a permutation of [0, n) (O(n)); every stream's non-empty `rowOrder`
/// names a row order, and the stream has rank >= 1 and leading dimension n.
/// Errors name the program, tensor, stream, state or row order.
absl::Status validateExecutable(const Executable &exe);

/// Converts and validates. `source` (a file name) prefixes every error.
absl::StatusOr<Executable> fromProto(const gnnc::exec::Executable &proto,
                                     absl::string_view source = "");
/// The protobuf form (format and format_version filled in).
gnnc::exec::Executable toProto(const Executable &exe);

enum class ExecutableEncoding { kBinary, kText };
/// kText for names ending in .textproto or .pbtxt, else kBinary.
ExecutableEncoding encodingForPath(absl::string_view path);

/// Parses serialized bytes (binary protobuf or text format) and validates.
absl::StatusOr<Executable> parseExecutable(absl::string_view bytes,
                                           ExecutableEncoding encoding,
                                           absl::string_view source);
/// Reads `path` (text format when it ends in .textproto/.pbtxt, else
/// binary) and validates. A missing, corrupt or truncated file is an error
/// naming the file (and the program, tensor or step when known).
absl::StatusOr<Executable> loadExecutable(const std::string &path);
/// Serializes (validated first) to `path`, text format for .textproto/.pbtxt.
absl::Status saveExecutable(const Executable &exe, const std::string &path);
/// The serialized bytes.
absl::StatusOr<std::string> serializeExecutable(const Executable &exe,
                                                ExecutableEncoding encoding);

} // namespace gnnrt::exec

#endif // GNNRT_EXEC_EXECUTABLE_H
