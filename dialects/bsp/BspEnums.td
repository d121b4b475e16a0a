//===- BspEnums.td - bsp dialect enums ----------------------*- tablegen -*-===//
#ifndef BSP_ENUMS_TD
#define BSP_ENUMS_TD

include "mlir/IR/EnumAttr.td"

def Bsp_StreamDirection : I32EnumAttr<"StreamDirection",
    "direction of a host stream", [
      I32EnumAttrCase<"host_to_device", 0>,
      I32EnumAttrCase<"device_to_host", 1>
    ]> {
  let cppNamespace = "::mlir::bsp";
}

def Bsp_SyncScope : I32EnumAttr<"SyncScope",
    "which tiles a sync waits for", [
      I32EnumAttrCase<"internal", 0>,
      I32EnumAttrCase<"global", 1>
    ]> {
  let cppNamespace = "::mlir::bsp";
}

#endif // BSP_ENUMS_TD
