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
//===----------------------------------------------------------------------===//
#ifndef GNNRT_EXEC_BATCHBINDING_H
#define GNNRT_EXEC_BATCHBINDING_H

#include <string>

#include "absl/status/status.h"
#include "gnnrt/data/FixedSize.h"
#include "gnnrt/exec/Session.h"

namespace gnnrt::exec {

/// Binds every non-step input of `program` from `batch`. An input the batch
/// does not provide is an InvalidArgument error naming it and listing what
/// the batch provides; a shape mismatch says to compile with the batch's
/// sizes.
absl::Status bindBatch(Session &session, const std::string &program,
                       const data::Batch &batch);

} // namespace gnnrt::exec

#endif // GNNRT_EXEC_BATCHBINDING_H
