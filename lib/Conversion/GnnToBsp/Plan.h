//===- Plan.h - Tile mappings and parallel plans for gnn ops ----*- C++ -*-===//
//
// What gnn-partition decides and convert-gnn-to-bsp reads back: the
// attributes that carry a value's #bsp.mapping and an op's plan, and the
// helpers both passes share. See docs/Partitioning.md.
//
//===----------------------------------------------------------------------===//
#ifndef GNNC_LIB_CONVERSION_GNNTOBSP_PLAN_H
#define GNNC_LIB_CONVERSION_GNNTOBSP_PLAN_H

#include <cstdint>
#include <optional>
#include <vector>

#include "bsp/BspAttrs.h"
#include "gnn/GnnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::gnn::plan {

/// Function attribute: the #bsp.target the function was partitioned for.
inline constexpr llvm::StringLiteral kTargetAttr = "bsp.target";
/// Argument attribute: the argument's #bsp.mapping.
inline constexpr llvm::StringLiteral kMappingAttr = "bsp.mapping";
/// Op attribute: one #bsp.mapping per result.
inline constexpr llvm::StringLiteral kMappingsAttr = "bsp.mappings";
/// Op attribute: the plan, {kind = "...", groups = G, tile = t}.
inline constexpr llvm::StringLiteral kPlanAttr = "bsp.plan";

/// Plan kinds (the `kind` entry of bsp.plan).
inline constexpr llvm::StringLiteral kRows = "rows";
inline constexpr llvm::StringLiteral kGather = "gather";
inline constexpr llvm::StringLiteral kScatter = "scatter";
/// Column splits for tables too wide for the row plans above.
inline constexpr llvm::StringLiteral kGatherCols = "gather_cols";
inline constexpr llvm::StringLiteral kScatterCols = "scatter_cols";
inline constexpr llvm::StringLiteral kContractCols = "contract_cols";
/// Contractions too big both ways: G row groups x C column blocks, each
/// group contracting its rows by columns, then the G partials combined.
inline constexpr llvm::StringLiteral kContractGrid = "contract_grid";
/// Linear layers whose weight does not fit a tile: K split over C tiles,
/// partial products combined per row block, then the bias.
inline constexpr llvm::StringLiteral kLinearKSplit = "linear_ksplit";
/// Tables too tall for one tile: an L x S grid of tiles (row blocks x
/// lookup groups), PopLibs' multiSlice / multiUpdateAdd with a split table.
inline constexpr llvm::StringLiteral kGatherGrid = "gather_grid";
inline constexpr llvm::StringLiteral kScatterGrid = "scatter_grid";
/// Gathers and segment reductions whose indices are constants (a graph
/// fixed at compile time): each tile receives exactly the rows it needs
/// (gnnc/Partition/IndexHalo.h).
inline constexpr llvm::StringLiteral kHaloGather = "halo_gather";
inline constexpr llvm::StringLiteral kHaloSegment = "halo_segment";
/// A segment sum of scaled lookups, scatter(mul(gather(T, src), w), dst),
/// with constant src and dst and per-edge w (GCN's normalised propagation
/// on a fixed graph, products with sparse features): one weighted CSR per
/// tile over a halo of T's rows, planned at the scatter; the gather and the
/// mul become kFused.
inline constexpr llvm::StringLiteral kHaloSpmm = "halo_spmm";
/// A small 2-D transpose done by the exchange alone: one copy whose runs put
/// every element at its transposed place (no compute set, no serial tile).
inline constexpr llvm::StringLiteral kTransposeRuns = "transpose_runs";
/// Largest transpose (elements) planned as transpose_runs: each element is
/// a run of the copy. gnn-sparsify-constant-products' max-transpose-elements
/// defaults to it.
inline constexpr int64_t kMaxTransposeRunElements = int64_t(1) << 18;
/// Computed inside another op's plan (halo_spmm): nothing on the device.
inline constexpr llvm::StringLiteral kFused = "fused";
inline constexpr llvm::StringLiteral kReduceRows = "reduce_rows";
inline constexpr llvm::StringLiteral kContract = "contract";
inline constexpr llvm::StringLiteral kLoss = "loss";
inline constexpr llvm::StringLiteral kSerial = "serial";
/// No compute: constants, parameters, and transposes folded into a
/// contraction.
inline constexpr llvm::StringLiteral kNone = "none";

/// A block mapping of dim 0 over tiles [0, count).
bsp::MappingAttr blockedRows(MLIRContext *ctx, int64_t block, int64_t count,
                             int64_t first = 0);
/// A replica on tiles [first, first + count).
bsp::MappingAttr replicatedOn(MLIRContext *ctx, int64_t first, int64_t count);
/// Rows [0, rows) in `groups` blocks over tiles [0, groups).
bsp::MappingAttr groupRows(MLIRContext *ctx, int64_t rows, int64_t groups);

/// Reads the plan kind and integer entries of an op's bsp.plan.
llvm::StringRef planKind(Operation *op);
int64_t planInt(Operation *op, llvm::StringRef key, int64_t dflt = 0);

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The values of `v` when it is an integer constant (gnn.constant or
/// arith.constant); nothing otherwise. The halo plans
/// (gnnc/Partition/IndexHalo.h) need them.
std::optional<std::vector<int64_t>> constantIndices(Value v);

/// The parts of a halo_spmm candidate scatter(mul(gather(T, src), w), dst):
/// a sum without a mask; the gather and the mul used once each; src and dst
/// constant indices; w (in either operand of the mul, leaving the gather's
/// shape) a constant f32 scalar or [E, 1, ...], or an f32 [E, 1, ...]
/// computed on the device (dropped-out sparse features).
struct SpmmChain {
  GatherOp gather;
  MulOp mul;
  /// One weight per edge when they are constants.
  std::vector<float> weights;
  /// Otherwise the [E, 1, ...] value that holds them.
  Value weightValue;
  std::vector<int64_t> src, dst;
};
std::optional<SpmmChain> matchSpmmChain(ScatterOp scatter);

} // namespace mlir::gnn::plan

#endif // GNNC_LIB_CONVERSION_GNNTOBSP_PLAN_H
