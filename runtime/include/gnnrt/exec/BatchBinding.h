//===- BatchBinding.h - Feed data-pipeline batches to a session -*- C++ -*-===//
//
// Binds the tensors of a fixed-size batch (gnnrt::data::Batch) to the inputs
// of a program by their model-level names, the names gnn-translate
// --import-model gives function arguments: x, src and dst (the rows of
// edge_index), y, batch, nodes_mask, edges_mask, graphs_mask, train_mask,
// val_mask, test_mask, edge_attr / edge_weight. Labels and weights are
// reshaped to the declared shape when the element counts agree, and integer
// regression targets are cast to f32.
//
// Heterogeneous batches (gnnrt::data::HeteroBatch, from the heterogeneous
// neighbour loader or a padded full graph) bind by the names an imported
// heterogeneous model gives its arguments: x_<type>, <src>__<rel>__<dst>_src
// and _dst per edge type, y and the split masks (rows of one node type, the
// batch's input type), and, when a model takes them, nodes_mask_<type> and
// edges_mask_<src>__<rel>__<dst>.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_EXEC_BATCHBINDING_H
#define GNNRT_EXEC_BATCHBINDING_H

#include <string>

#include "absl/status/status.h"
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/data/Graph.h"
#include "gnnrt/data/NeighborLoader.h"
#include "gnnrt/exec/Session.h"

namespace gnnrt::exec {

/// Binds every non-step input of `program` from `batch`. An input the batch
/// does not provide is an InvalidArgument error naming it and listing what
/// the batch provides; a shape mismatch says to compile with the batch's
/// sizes.
absl::Status bindBatch(Session &session, const std::string &program,
                       const data::Batch &batch);

/// The inputs of `batch` that describe its graph (src, dst, nodes_mask,
/// edges_mask), by the names imported models give them: what a full-batch
/// run on one graph fixes at compile time (gnnc::CompileOptions::fixedInputs).
std::map<std::string, Tensor> graphInputs(const data::Batch &batch);

/// Features at most this dense (nonzeros / elements) are fixed with the
/// graph: gnn-sparsify-constant-products (whose max-density default this
/// matches) then sums their products over the nonzeros. Denser ones stay
/// a host stream: as constants they would only take tile memory.
inline constexpr double kFixedFeatureDensity = 0.1;
/// Whether `x` is f32 [N, F] with at most kFixedFeatureDensity nonzeros.
bool sparseFeatures(const Tensor &x);

/// What stays the same every step of full-batch training on one graph: the
/// graph inputs, the labels `y` and `train_mask` (the loss's label and mask
/// arithmetic folds away) and, when sparse enough, the features `x`.
std::map<std::string, Tensor> fullBatchInputs(const data::Batch &batch);

/// Split masks over the rows of a heterogeneous batch's input node type
/// (i1 [slots of that type], false on padding). A default-constructed
/// (rank-0) tensor means "not given": train_mask, val_mask and test_mask then default to the seed
/// mask (the first numSeeds real rows), the rows a neighbour batch is about.
struct HeteroMasks {
  Tensor train, val, test;
};

/// Binds every non-step input of `program` from a heterogeneous batch of
/// `graph` (which names the batch's node and edge types, in order): x_<type>,
/// <key>_src / <key>_dst, y (the input type's labels), train_mask / val_mask
/// / test_mask (`masks`, or the seed mask), nodes_mask_<type>,
/// edges_mask_<key>, graphs_mask. An input the batch does not provide is an
/// InvalidArgument error naming it and listing what the batch provides; a
/// shape mismatch names the type, its slots and the model's budget.
absl::Status bindHeteroBatch(Session &session, const std::string &program,
                             const data::HeteroGraph &graph,
                             const data::HeteroBatch &batch,
                             const HeteroMasks &masks = HeteroMasks());

/// The per-type budgets a compiled heterogeneous program was built for, in
/// `graph`'s type order: node slots from the rows of x_<type>, edge slots
/// from the length of <key>_src. numGraphs is 2 (one real graph and the
/// padding). An input missing for a type of the graph is an error naming it.
absl::StatusOr<data::HeteroFixedSizeOptions>
heteroBudgets(const Session &session, const std::string &program,
              const data::HeteroGraph &graph);

} // namespace gnnrt::exec

#endif // GNNRT_EXEC_BATCHBINDING_H
