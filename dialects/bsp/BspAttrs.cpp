//===- BspAttrs.cpp - bsp dialect attributes ------------------------------===//
#include "bsp/BspAttrs.h"
#include "bsp/BspDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::bsp;

#define GET_ATTRDEF_CLASSES
#include "bsp/BspAttrs.cpp.inc"

void BspDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "bsp/BspAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t tilesPerIpu, int64_t bytesPerTile,
                                 int64_t ipus, APFloat clockHz,
                                 int64_t exchangeBytesPerCycle,
                                 int64_t syncCycles, int64_t workersPerTile) {
  auto requirePositive = [&](int64_t value, StringRef name) -> LogicalResult {
    if (value > 0)
      return success();
    return emitError() << "target " << name << " must be positive, got "
                       << value;
  };
  if (failed(requirePositive(tilesPerIpu, "tiles_per_ipu")) ||
      failed(requirePositive(bytesPerTile, "bytes_per_tile")) ||
      failed(requirePositive(ipus, "ipus")) ||
      failed(
          requirePositive(exchangeBytesPerCycle, "exchange_bytes_per_cycle")) ||
      failed(requirePositive(syncCycles, "sync_cycles")) ||
      failed(requirePositive(workersPerTile, "workers_per_tile")))
    return failure();
  if (!clockHz.isFinite() || clockHz.isNegative() || clockHz.isZero())
    return emitError() << "target clock_hz must be positive and finite, got "
                       << clockHz.convertToDouble();
  return success();
}

gnnrt::TargetModel TargetAttr::toTargetModel() const {
  gnnrt::TargetModel model;
  model.tilesPerIpu = getTilesPerIpu();
  model.bytesPerTile = getBytesPerTile();
  model.numIpus = getIpus();
  model.clockHz = getClockHzValue();
  model.exchangeBytesPerCycle = getExchangeBytesPerCycle();
  model.syncCycles = getSyncCycles();
  model.workersPerTile = getWorkersPerTile();
  return model;
}

//===----------------------------------------------------------------------===//
// TilesAttr
//===----------------------------------------------------------------------===//

LogicalResult TilesAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                int64_t first, int64_t count) {
  if (first < 0)
    return emitError() << "first tile must be non-negative, got " << first;
  if (count < 1)
    return emitError() << "tile count must be positive, got " << count;
  return success();
}

//===----------------------------------------------------------------------===//
// MappingAttr
//===----------------------------------------------------------------------===//

LogicalResult MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  bool replicated, int64_t dim, int64_t block,
                                  TilesAttr tiles) {
  if (!tiles)
    return emitError() << "mapping needs a tile range";
  if (replicated) {
    if (dim != 0 || block != 0)
      return emitError() << "a replicated mapping has no dim or block";
    return success();
  }
  if (dim < 0)
    return emitError() << "mapping dim must be non-negative, got " << dim;
  if (block < 1)
    return emitError() << "mapping block must be positive, got " << block;
  return success();
}

/// `<dim = D, block = B, tiles = #bsp.tiles<...>>` or
/// `<replicated, tiles = #bsp.tiles<...>>`.
Attribute MappingAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  bool replicated = false;
  int64_t dim = 0, block = 0;
  TilesAttr tiles;
  if (parser.parseLess())
    return {};
  if (succeeded(parser.parseOptionalKeyword("replicated"))) {
    replicated = true;
  } else if (parser.parseKeyword("dim") || parser.parseEqual() ||
             parser.parseInteger(dim) || parser.parseComma() ||
             parser.parseKeyword("block") || parser.parseEqual() ||
             parser.parseInteger(block)) {
    return {};
  }
  if (parser.parseComma() || parser.parseKeyword("tiles") ||
      parser.parseEqual() || parser.parseCustomAttributeWithFallback(tiles) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    replicated, dim, block, tiles);
}

void MappingAttr::print(AsmPrinter &printer) const {
  printer << '<';
  if (getReplicated())
    printer << "replicated";
  else
    printer << "dim = " << getDim() << ", block = " << getBlock();
  printer << ", tiles = ";
  printer.printAttribute(getTiles());
  printer << '>';
}

std::pair<int64_t, int64_t> MappingAttr::getSliceOnTile(int64_t tile,
                                                        int64_t dimSize) const {
  if (!getTiles().contains(tile))
    return {0, 0};
  if (getReplicated())
    return {0, dimSize};
  int64_t k = tile - getTiles().getFirst();
  int64_t begin = std::min(k * getBlock(), dimSize);
  int64_t end = std::min(begin + getBlock(), dimSize);
  return {begin, end};
}

int64_t MappingAttr::getMaxExtent(int64_t dimSize) const {
  return getReplicated() ? dimSize : std::min(getBlock(), dimSize);
}
