//===- RowBlocks.cpp - Contiguous row blocks over tiles -------------------===//
#include "gnnc/Partition/RowBlocks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace gnnc::partition {

int64_t RowBlockMapping::largestTile() const {
  int64_t best = 0;
  for (int64_t t = 1; t < numTiles; ++t)
    if (rows(t) > rows(best))
      best = t;
  return best;
}

int64_t RowBlockMapping::tileOf(int64_t row) const {
  // The last tile whose block starts at or before `row` and is not empty.
  auto it = std::upper_bound(offsets.begin(), offsets.end() - 1, row);
  int64_t t = (it - offsets.begin()) - 1;
  while (t > 0 && rows(t) == 0)
    --t;
  return t;
}

absl::StatusOr<RowBlockMapping> mapRowBlocks(int64_t numRows, int64_t rowBytes,
                                             int64_t numTiles,
                                             int64_t bytesPerTile,
                                             BlockStyle style) {
  if (numRows < 0 || rowBytes <= 0 || numTiles <= 0 || bytesPerTile <= 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "row blocks: need rows >= 0 and positive row bytes, tiles and tile "
        "bytes; got ",
        numRows, " rows of ", rowBytes, " bytes over ", numTiles,
        " tiles of ", bytesPerTile, " bytes"));
  int64_t maxRows = (numRows + numTiles - 1) / numTiles;
  int64_t maxBytes = 0;
  if (__builtin_mul_overflow(maxRows, rowBytes, &maxBytes) ||
      maxBytes > bytesPerTile) {
    int64_t rowsPerTile = bytesPerTile / rowBytes;
    std::string need =
        rowsPerTile == 0
            ? absl::StrCat("a single row does not fit; split the row")
            : absl::StrCat(numRows, " rows need at least ",
                           (numRows + rowsPerTile - 1) / rowsPerTile,
                           " tiles; use more tiles or IPUs, or fewer or "
                           "smaller rows");
    return absl::ResourceExhaustedError(absl::StrCat(
        "row blocks: tile 0 needs ", maxRows, " rows x ", rowBytes,
        " bytes = ",
        maxBytes == 0 ? std::string("(overflow)") : absl::StrCat(maxBytes),
        " bytes, over the limit of ", bytesPerTile, " bytes per tile; ",
        need));
  }
  RowBlockMapping m;
  m.numRows = numRows;
  m.rowBytes = rowBytes;
  m.numTiles = numTiles;
  m.offsets.resize(numTiles + 1);
  int64_t base = numRows / numTiles, extra = numRows % numTiles;
  for (int64_t t = 0; t <= numTiles; ++t)
    m.offsets[t] = style == BlockStyle::kBalanced
                       ? t * base + std::min(t, extra)
                       : std::min(numRows, t * maxRows);
  return m;
}

} // namespace gnnc::partition
