//===- GnnLayerOps.td - gnn dialect operations (continued) --------*- tablegen -*-===//
//
// Included at the end of GnnOps.td; see that file for the conventions.
//
//===----------------------------------------------------------------------===//
#ifndef GNN_GNNLAYEROPS_TD
#define GNN_GNNLAYEROPS_TD

#endif // GNN_GNNLAYEROPS_TD
