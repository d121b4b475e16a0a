//===- IndexHalo.h - Exact exchanges for constant indices -------*- C++ -*-===//
//
// When a gather's or a segment reduction's indices are constants (a graph
// fixed at compile time, folded by gnn-fold-constants), the tile that owns
// each result row knows exactly which input rows it needs. Each tile then
// receives just the rows other tiles hold (its halo) and works locally:
//
//   gather   out[e] = table[index[e]]: the owner of out row e reads table
//            row index[e] from its own block or from its halo;
//   segment  out[n] = reduce{ source[e] : index[e] == n }: the owner of out
//            row n pulls the source rows of its entries (CSR, in edge
//            order, so sums add in the reference's order).
//   spmm     out[n] = sum{ w[e] * table[src[e]] : dst[e] == n }: a gather,
//            a per-edge scale and a segment sum in one; the owner of out
//            row n pulls the table rows its entries read (a weighted CSR
//            in edge order), so no per-edge row ever exists.
//
// Each tile's halo rows are its distinct remote rows in ascending order; the
// halo buffer holds haloRows rows per tile (tile t's slice starts at row
// t * haloRows) and is filled by row runs (from row, halo row, rows), where
// consecutive rows on both sides merge into one run.
//
// gnn-partition uses the sizes to check tile memory; convert-gnn-to-bsp
// emits the constants and the exchange runs. See docs/Partitioning.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_PARTITION_INDEXHALO_H
#define GNNC_PARTITION_INDEXHALO_H

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace gnnc::partition {

/// Rows [0, rows) in blocks of `block` over tiles [0, count): tile t holds
/// [t * block, min(rows, (t + 1) * block)), the block form of #bsp.mapping.
/// Tiles past the last row hold none.
struct BlockedRows {
  int64_t rows = 0;
  int64_t block = 1;
  int64_t count = 1;
  int64_t owner(int64_t row) const { return row / block; }
  int64_t begin(int64_t tile) const { return std::min(rows, tile * block); }
  int64_t end(int64_t tile) const { return std::min(rows, (tile + 1) * block); }
};

struct GatherHalo {
  /// Halo rows per tile (at least 1, so the buffer is never empty): the
  /// most distinct remote rows of any tile.
  int64_t haloRows = 1;
  /// One per lookup: >= 0 a row of the tile's own table block, < 0 halo
  /// row -ref-1.
  std::vector<int32_t> refs;
  /// Row runs (table row, halo buffer row, rows); the halo buffer is
  /// [count * haloRows] rows blocked by haloRows.
  std::vector<int64_t> runs;
  /// Rows moved between tiles, in all.
  int64_t remoteRows = 0;
};

/// Appends the run (from, to, 1) to flat (from, to, count) triples,
/// extending the last run when both sides continue it.
inline void appendRun(std::vector<int64_t> &runs, int64_t from, int64_t to) {
  size_t n = runs.size();
  if (n >= 3 && runs[n - 3] + runs[n - 1] == from &&
      runs[n - 2] + runs[n - 1] == to) {
    ++runs[n - 1];
    return;
  }
  runs.insert(runs.end(), {from, to, 1});
}

/// Plans out[e] = table[index[e]] with `out` blocked as `lookups` and
/// `table` as `table`. Nothing when an index lies outside the table.
std::optional<GatherHalo> planGatherHalo(const std::vector<int64_t> &index,
                                         BlockedRows table,
                                         BlockedRows lookups);

struct SegmentHalo {
  int64_t haloRows = 1;
  /// Entries per tile (at least 1).
  int64_t entries = 1;
  /// Per tile, out.block + 1 CSR offsets into its refs.
  std::vector<int32_t> offsets;
  /// Per tile, `entries` refs (>= 0: a local source row; < 0: halo row
  /// -ref-1); unused slots are 0.
  std::vector<int32_t> refs;
  /// Row runs (source row, halo buffer row, rows).
  std::vector<int64_t> runs;
  int64_t remoteRows = 0;
};

/// Plans out[n] = reduce{source[e] : index[e] == n} with `source` (and the
/// index) blocked as `source` and `out` as `out`. Rows whose index lies
/// outside [0, out.rows) contribute nothing (they are masked padding).
/// Tiles past the last row get empty CSR ranges.
SegmentHalo planSegmentHalo(const std::vector<int64_t> &index,
                            BlockedRows source, BlockedRows out);

/// A segment plan whose refs name table rows (not source rows), with the
/// edge behind each entry.
struct SpmmHalo : SegmentHalo {
  /// Per tile, `entries` edge ids (where each entry's weight comes from);
  /// unused slots are -1.
  std::vector<int64_t> edges;
};

/// Plans out[n] = sum{w[e] * table[src[e]] : dst[e] == n} with `table` and
/// `out` blocked as given. Edges whose dst lies outside [0, out.rows)
/// contribute nothing; nothing when a src lies outside the table or the
/// index arrays differ in length.
std::optional<SpmmHalo> planSpmmHalo(const std::vector<int64_t> &src,
                                     const std::vector<int64_t> &dst,
                                     BlockedRows table, BlockedRows out);

} // namespace gnnc::partition

#endif // GNNC_PARTITION_INDEXHALO_H
