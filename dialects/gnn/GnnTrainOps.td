//===- GnnTrainOps.td - gnn dialect operations (continued) --------*- tablegen -*-===//
//
// Included at the end of GnnOps.td; see that file for the conventions.
//
//===----------------------------------------------------------------------===//
#ifndef GNN_GNNTRAINOPS_TD
#define GNN_GNNTRAINOPS_TD

#endif // GNN_GNNTRAINOPS_TD
