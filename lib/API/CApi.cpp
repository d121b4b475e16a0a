//===- CApi.cpp - gnnc's C API ----------------------------------------------===//
#include "gnnc/gnnc.h"

#include <cstring>
#include <deque>
#include <optional>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gnnc/Compiler.h"
#include "gnnrt/exec/Session.h"

struct gnnc_executable {
  gnnrt::exec::Executable exe;
};
struct gnnc_session {
  std::unique_ptr<gnnrt::exec::Session> session;
  /// Binding names handed out by gnnc_session_stream_info.
  std::deque<std::string> names;
};

namespace {

thread_local std::string lastError;

gnnc_status fail(const absl::Status &status) {
  lastError = std::string(status.message());
  switch (status.code()) {
  case absl::StatusCode::kInvalidArgument:
  case absl::StatusCode::kFailedPrecondition:
  case absl::StatusCode::kOutOfRange:
    return GNNC_INVALID_ARGUMENT;
  case absl::StatusCode::kNotFound:
    return GNNC_NOT_FOUND;
  case absl::StatusCode::kResourceExhausted:
    return GNNC_RESOURCE_EXHAUSTED;
  default:
    return GNNC_INTERNAL;
  }
}
gnnc_status invalid(const std::string &message) {
  return fail(absl::InvalidArgumentError(message));
}
gnnc_status ok() {
  lastError.clear();
  return GNNC_OK;
}

absl::Status parseOptions(const char *text, gnnc::CompileOptions &o) {
  if (!text)
    return absl::OkStatus();
  for (absl::string_view word :
       absl::StrSplit(text, ' ', absl::SkipWhitespace())) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(word, absl::MaxSplits('=', 1));
    int64_t n = 0;
    bool isNumber = absl::SimpleAtoi(kv.second, &n);
    if (kv.first == "target") {
      o.target = kv.second;
      continue;
    }
    if (kv.first == "bind") {
      // bind=src=src.npy,dst=dst.npy,...: inputs fixed at compile time.
      if (absl::Status st = gnnc::readBoundInputs(kv.second, o.fixedInputs);
          !st.ok())
        return absl::InvalidArgumentError(
            absl::StrCat("compile option ", st.message()));
      continue;
    }
    if (!isNumber)
      return absl::InvalidArgumentError(absl::StrCat(
          "compile option '", word,
          "' is not key=value with a known key and an integer value (keys: "
          "target ipus tiles num-nodes num-edges num-graphs train "
          "renumber-graph bind)"));
    if (kv.first == "ipus")
      o.ipus = n;
    else if (kv.first == "tiles")
      o.tiles = n;
    else if (kv.first == "num-nodes")
      o.numNodes = n;
    else if (kv.first == "num-edges")
      o.numEdges = n;
    else if (kv.first == "num-graphs")
      o.numGraphs = n;
    else if (kv.first == "train")
      o.train = n != 0;
    else if (kv.first == "renumber-graph")
      o.renumberGraph = n != 0;
    else
      return absl::InvalidArgumentError(
          absl::StrCat("unknown compile option '", kv.first, "'"));
  }
  return absl::OkStatus();
}

std::optional<gnnrt::DType> toDType(gnnc_dtype d) {
  switch (d) {
  case GNNC_F32:
    return gnnrt::DType::kF32;
  case GNNC_I32:
    return gnnrt::DType::kI32;
  case GNNC_I64:
    return gnnrt::DType::kI64;
  case GNNC_BOOL:
    return gnnrt::DType::kBool;
  }
  return std::nullopt;
}

} // namespace

extern "C" {

const char *gnnc_last_error(void) { return lastError.c_str(); }

const char *gnnc_version(void) {
  static const std::string version = gnnc::compilerVersion();
  return version.c_str();
}

gnnc_status gnnc_compile_file(const char *path, const char *options,
                              gnnc_executable **out) {
  if (!path || !out)
    return invalid("gnnc_compile_file: path and out must not be NULL");
  gnnc::CompileOptions o;
  if (absl::Status s = parseOptions(options, o); !s.ok())
    return fail(s);
  absl::StatusOr<gnnrt::exec::Executable> exe = gnnc::compileModelFile(path, o);
  if (!exe.ok())
    return fail(exe.status());
  *out = new gnnc_executable{*std::move(exe)};
  return ok();
}

gnnc_status gnnc_executable_load(const char *path, gnnc_executable **out) {
  if (!path || !out)
    return invalid("gnnc_executable_load: path and out must not be NULL");
  absl::StatusOr<gnnrt::exec::Executable> exe = gnnrt::exec::loadExecutable(path);
  if (!exe.ok())
    return fail(exe.status());
  *out = new gnnc_executable{*std::move(exe)};
  return ok();
}

gnnc_status gnnc_executable_save(const gnnc_executable *exe, const char *path) {
  if (!exe || !path)
    return invalid("gnnc_executable_save: exe and path must not be NULL");
  if (absl::Status s = gnnrt::exec::saveExecutable(exe->exe, path); !s.ok())
    return fail(s);
  return ok();
}

void gnnc_executable_free(gnnc_executable *exe) { delete exe; }

gnnc_status gnnc_session_create(const gnnc_executable *exe, int threads,
                                gnnc_session **out) {
  if (!exe || !out)
    return invalid("gnnc_session_create: exe and out must not be NULL");
  gnnrt::exec::SessionOptions options;
  options.threads = threads;
  auto session = gnnrt::exec::Session::create(exe->exe, options);
  if (!session.ok())
    return fail(session.status());
  *out = new gnnc_session{*std::move(session)};
  return ok();
}

void gnnc_session_free(gnnc_session *session) { delete session; }

gnnc_status gnnc_session_set_input(gnnc_session *session, const char *program,
                                   const char *binding, gnnc_dtype dtype,
                                   const int64_t *shape, int rank,
                                   const void *data) {
  if (!session || !program || !binding || (rank > 0 && !shape) || rank < 0)
    return invalid("gnnc_session_set_input: NULL argument or negative rank");
  std::optional<gnnrt::DType> dt = toDType(dtype);
  if (!dt)
    return invalid(absl::StrCat("gnnc_session_set_input: unknown dtype ",
                                static_cast<int>(dtype)));
  gnnrt::Shape s(shape, shape + rank);
  // Check against the program's stream before allocating: a wrong or huge
  // shape is an error, not an allocation.
  auto inputs = session->session->inputs(program);
  if (!inputs.ok())
    return fail(inputs.status());
  const gnnrt::exec::StreamBinding *in = nullptr;
  for (const gnnrt::exec::StreamBinding &b : *inputs)
    if (b.binding == binding)
      in = &b;
  if (!in)
    return fail(absl::NotFoundError(absl::StrCat(
        "gnnc_session_set_input: program '", program, "' has no input '",
        binding, "'")));
  if (in->dtype != *dt || in->shape != s)
    return invalid(absl::StrCat(
        "gnnc_session_set_input: input '", binding, "' of '", program,
        "' is ", gnnrt::dtypeName(in->dtype), gnnrt::shapeToString(in->shape),
        " but got ", gnnrt::dtypeName(*dt), gnnrt::shapeToString(s)));
  gnnrt::Tensor t(*dt, s);
  if (t.sizeInBytes() > 0) {
    void *dst = t.rawData();
    if (!data || !dst)
      return invalid("gnnc_session_set_input: data must not be NULL");
    std::memcpy(dst, data, static_cast<size_t>(t.sizeInBytes()));
  }
  if (absl::Status st = session->session->setInput(program, binding, t); !st.ok())
    return fail(st);
  return ok();
}

gnnc_status gnnc_session_run(gnnc_session *session, const char *program,
                             int64_t iterations) {
  if (!session || !program)
    return invalid("gnnc_session_run: NULL argument");
  if (absl::Status s = session->session->run(program, iterations); !s.ok())
    return fail(s);
  return ok();
}

gnnc_status gnnc_session_output_bytes(gnnc_session *session,
                                      const char *program, const char *binding,
                                      size_t *bytes) {
  if (!session || !program || !binding || !bytes)
    return invalid("gnnc_session_output_bytes: NULL argument");
  auto t = session->session->getOutput(program, binding);
  if (!t.ok())
    return fail(t.status());
  *bytes = static_cast<size_t>(t->sizeInBytes());
  return ok();
}

gnnc_status gnnc_session_get_output(gnnc_session *session, const char *program,
                                    const char *binding, void *data,
                                    size_t bytes) {
  if (!session || !program || !binding || (!data && bytes))
    return invalid("gnnc_session_get_output: NULL argument");
  auto t = session->session->getOutput(program, binding);
  if (!t.ok())
    return fail(t.status());
  if (bytes != static_cast<size_t>(t->sizeInBytes()))
    return invalid(absl::StrCat("gnnc_session_get_output: output '", binding,
                                "' has ", t->sizeInBytes(),
                                " bytes but the buffer has ", bytes));
  const void *src = t->rawData();
  if (bytes)
    std::memcpy(data, src, bytes);
  return ok();
}

gnnc_status gnnc_session_stream_count(gnnc_session *session,
                                      const char *program, int outputs,
                                      int *count) {
  if (!session || !program || !count)
    return invalid("gnnc_session_stream_count: NULL argument");
  auto streams = outputs ? session->session->outputs(program)
                         : session->session->inputs(program);
  if (!streams.ok())
    return fail(streams.status());
  *count = static_cast<int>(streams->size());
  return ok();
}

gnnc_status gnnc_session_stream_info(gnnc_session *session,
                                     const char *program, int outputs, int i,
                                     const char **binding, gnnc_dtype *dtype,
                                     int64_t *shape, int max_rank, int *rank) {
  if (!session || !program || !binding || !dtype || !rank ||
      (max_rank > 0 && !shape))
    return invalid("gnnc_session_stream_info: NULL argument");
  auto streams = outputs ? session->session->outputs(program)
                         : session->session->inputs(program);
  if (!streams.ok())
    return fail(streams.status());
  if (i < 0 || i >= static_cast<int>(streams->size()))
    return invalid(absl::StrCat("gnnc_session_stream_info: index ", i,
                                " is outside [0, ", streams->size(), ")"));
  const gnnrt::exec::StreamBinding &b = (*streams)[i];
  session->names.push_back(b.binding);
  *binding = session->names.back().c_str();
  switch (b.dtype) {
  case gnnrt::DType::kF32: *dtype = GNNC_F32; break;
  case gnnrt::DType::kI32: *dtype = GNNC_I32; break;
  case gnnrt::DType::kI64: *dtype = GNNC_I64; break;
  case gnnrt::DType::kBool: *dtype = GNNC_BOOL; break;
  }
  *rank = static_cast<int>(b.shape.size());
  for (int d = 0; d < *rank && d < max_rank; ++d)
    shape[d] = b.shape[d];
  return ok();
}

gnnc_status gnnc_session_estimated_seconds(gnnc_session *session,
                                           const char *program,
                                           double *seconds) {
  if (!session || !program || !seconds)
    return invalid("gnnc_session_estimated_seconds: NULL argument");
  auto profile = session->session->profile(program);
  if (!profile.ok())
    return fail(profile.status());
  *seconds = profile->seconds;
  return ok();
}

} // extern "C"
