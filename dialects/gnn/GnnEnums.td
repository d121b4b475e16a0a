//===- GnnEnums.td - gnn dialect enums ----------------------*- tablegen -*-===//
#ifndef GNN_ENUMS_TD
#define GNN_ENUMS_TD

include "mlir/IR/EnumAttr.td"

def Gnn_ReduceKind : I32EnumAttr<"ReduceKind",
    "segment reduction of scatter, message passing and global pooling", [
      I32EnumAttrCase<"sum", 0>,
      I32EnumAttrCase<"mean", 1>,
      I32EnumAttrCase<"max", 2>,
      I32EnumAttrCase<"min", 3>
    ]> {
  let cppNamespace = "::mlir::gnn";
}

def Gnn_LossReduction : I32EnumAttr<"LossReduction",
    "how a loss combines the entries that count", [
      I32EnumAttrCase<"mean", 0>,
      I32EnumAttrCase<"sum", 1>
    ]> {
  let cppNamespace = "::mlir::gnn";
}

def Gnn_InitKind : I32EnumAttr<"InitKind", "parameter initialiser", [
      I32EnumAttrCase<"zeros", 0>,
      I32EnumAttrCase<"ones", 1>,
      I32EnumAttrCase<"constant", 2>,
      I32EnumAttrCase<"uniform", 3>,
      I32EnumAttrCase<"normal", 4>,
      I32EnumAttrCase<"glorot_uniform", 5>,
      I32EnumAttrCase<"kaiming_uniform", 6>,
      I32EnumAttrCase<"value", 7>
    ]> {
  let cppNamespace = "::mlir::gnn";
}

def Gnn_SelfLoopMode : I32EnumAttr<"SelfLoopMode",
    "which self-loops add_self_loops inserts", [
      I32EnumAttrCase<"all", 0>,
      I32EnumAttrCase<"remaining", 1>
    ]> {
  let cppNamespace = "::mlir::gnn";
}

def Gnn_CmpPredicate : I32EnumAttr<"CmpPredicate", "comparison predicate", [
      I32EnumAttrCase<"eq", 0>,
      I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>,
      I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>,
      I32EnumAttrCase<"ge", 5>
    ]> {
  let cppNamespace = "::mlir::gnn";
}

#endif // GNN_ENUMS_TD
