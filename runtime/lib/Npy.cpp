//===- Npy.cpp - NumPy .npy reading and writing ----------------------------===//
//
// Format (https://numpy.org/devdocs/reference/generated/numpy.lib.format.html):
//   "\x93NUMPY", major, minor, header length (u16 LE for 1.0, u32 LE for
//   2.0/3.0), an ASCII Python dict literal with the keys 'descr',
//   'fortran_order' and 'shape', padded with spaces and ended by '\n', then
//   the raw little-endian data in C order.
//
//===----------------------------------------------------------------------===//
#include "gnnrt/Npy.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace gnnrt {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the .npy reader assumes a little-endian host");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

/// A tiny parser for the header dict literal.
class HeaderParser {
public:
  HeaderParser(absl::string_view text, absl::string_view source)
      : text_(text), source_(source) {}

  absl::Status parse() {
    skipSpace();
    if (!consume('{'))
      return error("the header must start with '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (absl::Status s = parseString(key); !s.ok())
        return s;
      skipSpace();
      if (!consume(':'))
        return error(absl::StrCat("expected ':' after key '", key, "'"));
      skipSpace();
      if (key == "descr") {
        if (descr)
          return error("duplicate key 'descr'");
        std::string value;
        if (absl::Status s = parseString(value); !s.ok())
          return s;
        descr = value;
      } else if (key == "fortran_order") {
        if (fortranOrder)
          return error("duplicate key 'fortran_order'");
        if (text_.substr(pos_, 4) == "True") {
          fortranOrder = true;
          pos_ += 4;
        } else if (text_.substr(pos_, 5) == "False") {
          fortranOrder = false;
          pos_ += 5;
        } else {
          return error("'fortran_order' must be True or False");
        }
      } else if (key == "shape") {
        if (shape)
          return error("duplicate key 'shape'");
        Shape value;
        if (absl::Status s = parseShape(value); !s.ok())
          return s;
        shape = value;
      } else {
        return error(absl::StrCat("unexpected key '", key,
                                  "'; only 'descr', 'fortran_order' and "
                                  "'shape' are allowed"));
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return error("expected ',' or '}' in the header dict");
    }
    skipSpace();
    if (pos_ != text_.size())
      return error("unexpected text after the header dict");
    if (!descr)
      return error("missing key 'descr'");
    if (!fortranOrder)
      return error("missing key 'fortran_order'");
    if (!shape)
      return error("missing key 'shape'");
    return absl::OkStatus();
  }

  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<Shape> shape;

private:
  absl::Status error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(
        source_, ": malformed .npy header at offset ", pos_, ": ", what,
        " (header: ", text_, ")"));
  }
  void skipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r'))
      ++pos_;
  }
  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  absl::Status parseString(std::string &out) {
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      return error("expected a quoted string");
    char quote = text_[pos_++];
    size_t end = text_.find(quote, pos_);
    if (end == absl::string_view::npos)
      return error("unterminated string");
    out = std::string(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return absl::OkStatus();
  }
  absl::Status parseShape(Shape &out) {
    if (!consume('('))
      return error("'shape' must be a tuple such as (2, 3), (3,) or ()");
    while (true) {
      skipSpace();
      if (consume(')'))
        return absl::OkStatus();
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9')
        return error("'shape' entries must be non-negative integers");
      int64_t v = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, text_[pos_] - '0', &v))
          return error("'shape' entry is too large");
        ++pos_;
      }
      consume('L'); // Python 2 long suffix
      out.push_back(v);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')')) {
        if (out.size() == 1)
          return error("a 1-element shape tuple needs a trailing comma, "
                       "e.g. (3,)");
        return absl::OkStatus();
      }
      return error("expected ',' or ')' in 'shape'");
    }
  }

  absl::string_view text_;
  absl::string_view source_;
  size_t pos_ = 0;
};

const char *descrOf(DType dtype) {
  switch (dtype) {
  case DType::kF32:
    return "<f4";
  case DType::kI32:
    return "<i4";
  case DType::kI64:
    return "<i8";
  case DType::kBool:
    return "|b1";
  }
  return "?";
}

std::string shapeTuple(const Shape &shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      out += ", ";
    absl::StrAppend(&out, shape[i]);
  }
  if (shape.size() == 1)
    out += ",";
  return out + ")";
}

void appendLE(std::string &out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

} // namespace

absl::StatusOr<Tensor> parseNpy(absl::string_view bytes,
                                absl::string_view sourceName) {
  auto fail = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(sourceName, ": ", what));
  };
  if (bytes.size() < 10 || bytes.substr(0, kMagicLen) !=
                               absl::string_view(kMagic, kMagicLen))
    return fail(absl::StrCat(
        "not a .npy file (it does not start with the magic \\x93NUMPY and a "
        "version; ",
        bytes.size(), " bytes); write it with numpy.save"));
  uint8_t major = static_cast<uint8_t>(bytes[6]);
  uint8_t minor = static_cast<uint8_t>(bytes[7]);
  size_t headerStart, headerLen;
  auto byteAt = [&](size_t i) {
    return static_cast<size_t>(static_cast<uint8_t>(bytes[i]));
  };
  if (major == 1 && minor == 0) {
    headerStart = 10;
    headerLen = byteAt(8) | (byteAt(9) << 8);
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (bytes.size() < 12)
      return fail("truncated .npy preamble (need 12 bytes for version 2.0)");
    headerStart = 12;
    headerLen = byteAt(8) | (byteAt(9) << 8) | (byteAt(10) << 16) |
                (byteAt(11) << 24);
  } else {
    return fail(absl::StrCat("unsupported .npy format version ", major, ".",
                             minor, "; save with numpy.save (version 1.0 or "
                             "2.0)"));
  }
  if (headerLen > bytes.size() - headerStart)
    return fail(absl::StrCat("header length ", headerLen,
                             " runs past the end of the file (",
                             bytes.size(), " bytes); the file is truncated"));
  HeaderParser parser(bytes.substr(headerStart, headerLen), sourceName);
  if (absl::Status s = parser.parse(); !s.ok())
    return s;

  const std::string &descr = *parser.descr;
  DType dtype;
  bool fromU1 = false;
  if (descr == "<f4")
    dtype = DType::kF32;
  else if (descr == "<i4")
    dtype = DType::kI32;
  else if (descr == "<i8")
    dtype = DType::kI64;
  else if (descr == "|b1")
    dtype = DType::kBool;
  else if (descr == "|u1") {
    dtype = DType::kBool;
    fromU1 = true;
  } else
    return fail(absl::StrCat(
        "unsupported dtype '", descr,
        "' in header field 'descr'; supported are '<f4', '<i4', '<i8', '|b1' "
        "and '|u1' (convert with arr.astype(numpy.float32) etc.)"));
  if (*parser.fortranOrder)
    return fail("header field 'fortran_order' is True; pass a C-contiguous "
                "array (numpy.ascontiguousarray(arr)) instead");

  const Shape &shape = *parser.shape;
  int64_t n = 1, expected = 0;
  for (int64_t d : shape)
    if (__builtin_mul_overflow(n, d, &n))
      return fail(absl::StrCat("header field 'shape' ", shapeTuple(shape),
                               " is too large"));
  if (__builtin_mul_overflow(n, dtypeSize(dtype), &expected))
    return fail(absl::StrCat("header field 'shape' ", shapeTuple(shape),
                             " is too large"));
  size_t dataStart = headerStart + headerLen;
  size_t actual = bytes.size() - dataStart;
  if (static_cast<uint64_t>(expected) != actual)
    return fail(absl::StrCat(
        "data has ", actual, " bytes but shape ", shapeTuple(shape), " of '",
        descr, "' needs ", expected, " bytes (",
        actual < static_cast<uint64_t>(expected) ? "truncated file"
                                                 : "trailing bytes",
        ")"));

  Tensor t(dtype, shape);
  absl::string_view data = bytes.substr(dataStart);
  if (data.empty())
    return t;
  switch (dtype) {
  case DType::kF32:
    std::memcpy(t.data<float>().data(), data.data(), data.size());
    break;
  case DType::kI32:
    std::memcpy(t.data<int32_t>().data(), data.data(), data.size());
    break;
  case DType::kI64:
    std::memcpy(t.data<int64_t>().data(), data.data(), data.size());
    break;
  case DType::kBool: {
    absl::Span<uint8_t> out = t.data<uint8_t>();
    for (size_t i = 0; i < data.size(); ++i) {
      uint8_t v = static_cast<uint8_t>(data[i]);
      if (fromU1 && v > 1)
        return fail(absl::StrCat(
            "uint8 element ", i, " is ", static_cast<int>(v),
            ", but '|u1' arrays are read as bool masks and must hold 0 or 1; "
            "save a bool array (arr.astype(bool)) instead"));
      out[i] = v ? 1 : 0;
    }
    break;
  }
  }
  return t;
}

std::string serializeNpy(const Tensor &tensor) {
  std::string dict = absl::StrCat("{'descr': '", descrOf(tensor.dtype()),
                                  "', 'fortran_order': False, 'shape': ",
                                  shapeTuple(tensor.shape()), ", }");
  // Pad with spaces so the data starts at a multiple of 64 bytes; the header
  // ends with '\n'.
  auto paddedSize = [&](size_t preamble) {
    return (preamble + dict.size() + 1 + 63) / 64 * 64;
  };
  size_t preamble = 10;
  if (paddedSize(10) - 10 > 65535)
    preamble = 12; // version 2.0: the header length needs 4 bytes
  size_t total = preamble + dict.size() + 1;
  size_t padded = paddedSize(preamble);
  std::string header = dict + std::string(padded - total, ' ') + "\n";

  std::string out(kMagic, kMagicLen);
  out.push_back(static_cast<char>(preamble == 10 ? 1 : 2));
  out.push_back(0);
  appendLE(out, header.size(), preamble == 10 ? 2 : 4);
  out += header;
  absl::string_view data;
  switch (tensor.dtype()) {
  case DType::kF32: {
    auto d = tensor.data<float>();
    data = absl::string_view(reinterpret_cast<const char *>(d.data()),
                             d.size() * sizeof(float));
    break;
  }
  case DType::kI32: {
    auto d = tensor.data<int32_t>();
    data = absl::string_view(reinterpret_cast<const char *>(d.data()),
                             d.size() * sizeof(int32_t));
    break;
  }
  case DType::kI64: {
    auto d = tensor.data<int64_t>();
    data = absl::string_view(reinterpret_cast<const char *>(d.data()),
                             d.size() * sizeof(int64_t));
    break;
  }
  case DType::kBool: {
    auto d = tensor.data<uint8_t>();
    data = absl::string_view(reinterpret_cast<const char *>(d.data()),
                             d.size());
    break;
  }
  }
  if (!data.empty())
    out.append(data.data(), data.size());
  return out;
}

absl::StatusOr<Tensor> readNpyFile(const std::string &path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    return absl::Status(
        err ? absl::ErrnoToStatusCode(err) : absl::StatusCode::kNotFound,
        absl::StrCat(path, ": cannot open for reading (",
                     err ? std::strerror(err) : "unknown error",
                     "); check the path"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    return absl::DataLossError(absl::StrCat(path, ": read error"));
  std::string bytes = buffer.str();
  return parseNpy(bytes, path);
}

absl::Status writeNpyFile(const std::string &path, const Tensor &tensor) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    int err = errno;
    return absl::Status(
        err ? absl::ErrnoToStatusCode(err) : absl::StatusCode::kUnknown,
        absl::StrCat(path, ": cannot open for writing (",
                     err ? std::strerror(err) : "unknown error",
                     "); check that the directory exists and is writable"));
  }
  std::string bytes = serializeNpy(tensor);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return absl::DataLossError(
        absl::StrCat(path, ": write failed (disk full?)"));
  return absl::OkStatus();
}

} // namespace gnnrt
