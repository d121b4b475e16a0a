//===- TextFile.h - Line-oriented text files with located errors -----------===//
//
// The dataset readers read whole files into memory and walk them line by line.
// Every error names "path:line", says what is wrong and how to fix it.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_LIB_DATA_TEXTFILE_H
#define GNNRT_LIB_DATA_TEXTFILE_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gnnrt::data {

/// How fields are separated on a line.
enum class Separator {
  kWhitespace, // runs of spaces and tabs
  kComma,      // commas, with optional spaces around each field
  kTab,        // single tabs (empty fields are kept)
};

class TextFile {
public:
  /// Reads `path`. `format` describes one data line ("src, dst: 1-based node
  /// ids") and is quoted by errors. A missing file is NotFound.
  static absl::StatusOr<TextFile> open(const std::string &path,
                                       std::string format);

  const std::string &path() const { return path_; }
  /// Lines without their terminator; trailing empty lines are dropped.
  int64_t numLines() const { return static_cast<int64_t>(lines_.size()); }
  absl::string_view line(int64_t i) const {
    return absl::string_view(content_).substr(lines_[i].first,
                                              lines_[i].second);
  }

  /// "path:(i+1): problem; fix: fix" (fix defaults to the format).
  absl::Status error(int64_t i, absl::string_view problem,
                     absl::string_view fix = "") const;
  /// "path: problem; fix: fix", for whole-file problems (line counts).
  absl::Status fileError(absl::string_view problem,
                         absl::string_view fix) const;

  /// Splits line i into fields. With `expected` >= 0 a different count is an
  /// error; an empty line is always one.
  absl::Status fields(int64_t i, Separator sep, int64_t expected,
                      std::vector<absl::string_view> &out) const;
  /// Parses field `field` of line i (for errors) as an integer / finite float.
  absl::Status parseInt(int64_t i, absl::string_view field,
                        int64_t &out) const;
  absl::Status parseFloat(int64_t i, absl::string_view field,
                          double &out) const;
  /// A line of exactly `expected` integers (any count when -1).
  absl::Status ints(int64_t i, Separator sep, int64_t expected,
                    std::vector<int64_t> &out) const;
  /// A line of exactly `expected` finite floats (any count when -1).
  absl::Status floats(int64_t i, Separator sep, int64_t expected,
                      std::vector<double> &out) const;

private:
  std::string path_;
  std::string format_;
  std::string content_;
  /// (offset, length) of each line in content_ (offsets survive moves).
  std::vector<std::pair<size_t, size_t>> lines_;
};

/// True when a file exists at `path`.
bool fileExists(const std::string &path);
/// `dir` + "/" + `name`.
std::string joinPath(absl::string_view dir, absl::string_view name);

} // namespace gnnrt::data

#endif // GNNRT_LIB_DATA_TEXTFILE_H
