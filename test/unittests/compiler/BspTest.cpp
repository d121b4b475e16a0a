//===- BspTest.cpp - The bsp dialect's C++ helpers -------------------------===//
//
// The target attribute converts to the runtime's target model, mappings say
// which slice each tile holds, and programs built through the C++ builders
// verify (and fail to verify when a tensor does not fit a tile).
//
//===----------------------------------------------------------------------===//
#include "bsp/BspOps.h"
#include "gnnc/InitAll.h"
#include "gtest/gtest.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;

namespace {

using Slice = std::pair<int64_t, int64_t>;

class BspTest : public ::testing::Test {
protected:
  BspTest() {
    DialectRegistry registry;
    gnnc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  MLIRContext context;
};

TEST_F(BspTest, TargetAttributeMatchesTheRuntimeModel) {
  auto module = parseSourceString<ModuleOp>(R"(
    bsp.program @p target(#bsp.target<tiles_per_ipu = 1472, bytes_per_tile = 638976, ipus = 2, clock_hz = 1.33e9, exchange_bytes_per_cycle = 4, sync_cycles = 600>) {
    })",
                                            &context);
  ASSERT_TRUE(module);
  auto program = *module->getOps<bsp::ProgramOp>().begin();
  bsp::TargetAttr target = program.getTarget();
  gnnrt::TargetModel model = target.toTargetModel();
  EXPECT_EQ(model.tilesPerIpu, 1472);
  EXPECT_EQ(model.bytesPerTile, 624 * 1024);
  EXPECT_EQ(model.numIpus, 2);
  EXPECT_DOUBLE_EQ(model.clockHz, 1.33e9);
  EXPECT_EQ(model.exchangeBytesPerCycle, 4);
  EXPECT_EQ(model.syncCycles, 600);
  EXPECT_EQ(model.totalTiles(), 2944);
  EXPECT_EQ(target.getTotalTiles(), 2944);
  EXPECT_TRUE(model.validate().ok());
  // And back: the attribute built from a model prints the same fields.
  bsp::TargetAttr again = bsp::TargetAttr::get(&context, model);
  EXPECT_EQ(again, target);
}

TEST_F(BspTest, BlockMappingSlices) {
  OpBuilder b(&context);
  auto tiles = bsp::TilesAttr::get(&context, 10, 4);
  // 10 rows in blocks of 3 over tiles 10..13: [0,3) [3,6) [6,9) [9,10).
  auto mapping = bsp::MappingAttr::get(tiles, /*dim=*/0, /*block=*/3);
  EXPECT_EQ(mapping.getSliceOnTile(10, 10), Slice(0, 3));
  EXPECT_EQ(mapping.getSliceOnTile(12, 10), Slice(6, 9));
  EXPECT_EQ(mapping.getSliceOnTile(13, 10), Slice(9, 10));
  auto outside = mapping.getSliceOnTile(3, 10);
  EXPECT_EQ(outside.first, outside.second);
  EXPECT_EQ(mapping.getMaxExtent(10), 3);
  auto replicated = bsp::MappingAttr::get(tiles);
  EXPECT_EQ(replicated.getSliceOnTile(11, 10), Slice(0, 10));
}

TEST_F(BspTest, BuiltProgramsVerifyAndTileMemoryIsEnforced) {
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  gnnrt::TargetModel small;
  small.tilesPerIpu = 4;
  small.bytesPerTile = 1024;
  auto program =
      b.create<bsp::ProgramOp>(loc, "p", bsp::TargetAttr::get(&context, small));
  b.setInsertionPointToEnd(program.getBody());
  auto tiles = bsp::TilesAttr::get(&context, 0, 4);
  // 4 x 64 f32 rows per tile = 1024 bytes: exactly fits.
  auto fits = b.create<bsp::TensorOp>(
      loc, b.getStringAttr("x"), TypeAttr::get(RankedTensorType::get({16, 64}, b.getF32Type())),
      bsp::MappingAttr::get(tiles, 0, 4));
  EXPECT_EQ(fits.getMaxBytesPerTile(), 1024);
  EXPECT_EQ(fits.getBytesOnTile(3), 1024);
  EXPECT_TRUE(succeeded(verify(module)));

  // One more row per tile does not.
  b.create<bsp::TensorOp>(
      loc, b.getStringAttr("y"), TypeAttr::get(RankedTensorType::get({20, 64}, b.getF32Type())),
      bsp::MappingAttr::get(tiles, 0, 5));
  std::string errors;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    errors += d.str();
    return success();
  });
  EXPECT_TRUE(failed(verify(module)));
  EXPECT_NE(errors.find("1280"), std::string::npos) << errors;
  module->erase();
}

} // namespace
