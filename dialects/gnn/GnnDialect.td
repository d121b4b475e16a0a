//===- GnnDialect.td - The gnn dialect ---------------------*- tablegen -*-===//
//
// Graph neural network models at the level PyTorch Geometric users write them:
// message passing, dense layers, readout, losses and parameters.
//
//===----------------------------------------------------------------------===//
#ifndef GNN_DIALECT_TD
#define GNN_DIALECT_TD

include "mlir/IR/OpBase.td"

def Gnn_Dialect : Dialect {
  let name = "gnn";
  let cppNamespace = "::mlir::gnn";
  let summary = "Graph neural networks: message passing, dense layers, losses";
  let description = [{
    The `gnn` dialect expresses GNN models on ranked tensors. Node tensors have
    the node dimension first, edge tensors the edge dimension first; graphs are
    given as index vectors (COO edge lists split into source and destination
    rows, a `batch` vector of graph ids). Semantics follow PyTorch Geometric
    and are written down in dialects/gnn/Rationale.md; the reference evaluator
    (`gnn-run eval`) is their executable definition.
  }];
  let hasConstantMaterializer = 1;
}

#endif // GNN_DIALECT_TD
