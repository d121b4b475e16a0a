//===- TextFile.cpp - Line-oriented text files with located errors ---------===//
#include "TextFile.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gnnrt::data {

bool fileExists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string joinPath(absl::string_view dir, absl::string_view name) {
  if (dir.empty())
    return std::string(name);
  if (dir.back() == '/')
    return absl::StrCat(dir, name);
  return absl::StrCat(dir, "/", name);
}

absl::StatusOr<TextFile> TextFile::open(const std::string &path,
                                        std::string format) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open file; fix: check the path (the "
                           "file should hold lines of ",
                     format, ")"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  TextFile file;
  file.path_ = path;
  file.format_ = std::move(format);
  file.content_ = buffer.str();
  absl::string_view rest(file.content_);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    absl::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    file.lines_.emplace_back(line.data() - file.content_.data(), line.size());
    if (end == absl::string_view::npos)
      break;
    rest.remove_prefix(end + 1);
  }
  while (!file.lines_.empty() &&
         absl::StripAsciiWhitespace(file.line(file.numLines() - 1)).empty())
    file.lines_.pop_back();
  return file;
}

absl::Status TextFile::error(int64_t i, absl::string_view problem,
                             absl::string_view fix) const {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s:%d: %s; fix: %s", path_, i + 1, problem,
      fix.empty() ? absl::StrCat("each line must hold ", format_)
                  : std::string(fix)));
}

absl::Status TextFile::fileError(absl::string_view problem,
                                 absl::string_view fix) const {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: %s; fix: %s", path_, problem, fix));
}

absl::Status TextFile::fields(int64_t i, Separator sep, int64_t expected,
                              std::vector<absl::string_view> &out) const {
  out.clear();
  absl::string_view line = this->line(i);
  if (absl::StripAsciiWhitespace(line).empty())
    return error(i, "empty line");
  switch (sep) {
  case Separator::kWhitespace: {
    size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
        ++pos;
      size_t start = pos;
      while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t')
        ++pos;
      if (pos > start)
        out.push_back(line.substr(start, pos - start));
    }
    break;
  }
  case Separator::kComma:
  case Separator::kTab: {
    char c = sep == Separator::kComma ? ',' : '\t';
    size_t start = 0;
    while (true) {
      size_t end = line.find(c, start);
      absl::string_view field = line.substr(start, end - start);
      out.push_back(sep == Separator::kComma ? absl::StripAsciiWhitespace(field)
                                             : field);
      if (end == absl::string_view::npos)
        break;
      start = end + 1;
    }
    break;
  }
  }
  if (expected >= 0 && static_cast<int64_t>(out.size()) != expected)
    return error(i, absl::StrFormat("expected %d fields, found %d", expected,
                                    out.size()));
  return absl::OkStatus();
}

absl::Status TextFile::parseInt(int64_t i, absl::string_view field,
                                int64_t &out) const {
  const char *begin = field.data(), *end = field.data() + field.size();
  if (begin != end && *begin == '+')
    ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (field.empty() || ec != std::errc() || ptr != end)
    return error(i, absl::StrCat("'", field, "' is not an integer"));
  return absl::OkStatus();
}

absl::Status TextFile::parseFloat(int64_t i, absl::string_view field,
                                  double &out) const {
  const char *begin = field.data(), *end = field.data() + field.size();
  if (begin != end && *begin == '+')
    ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (field.empty() || ec != std::errc() || ptr != end)
    return error(i, absl::StrCat("'", field, "' is not a number"));
  if (!std::isfinite(out))
    return error(i, absl::StrCat("'", field, "' is not finite (NaN or Inf)"),
                 "replace the value by a finite number (or drop the item)");
  return absl::OkStatus();
}

absl::Status TextFile::ints(int64_t i, Separator sep, int64_t expected,
                            std::vector<int64_t> &out) const {
  std::vector<absl::string_view> f;
  if (absl::Status s = fields(i, sep, expected, f); !s.ok())
    return s;
  out.resize(f.size());
  for (size_t k = 0; k < f.size(); ++k)
    if (absl::Status s = parseInt(i, f[k], out[k]); !s.ok())
      return s;
  return absl::OkStatus();
}

absl::Status TextFile::floats(int64_t i, Separator sep, int64_t expected,
                              std::vector<double> &out) const {
  std::vector<absl::string_view> f;
  if (absl::Status s = fields(i, sep, expected, f); !s.ok())
    return s;
  out.resize(f.size());
  for (size_t k = 0; k < f.size(); ++k)
    if (absl::Status s = parseFloat(i, f[k], out[k]); !s.ok())
      return s;
  return absl::OkStatus();
}

} // namespace gnnrt::data
