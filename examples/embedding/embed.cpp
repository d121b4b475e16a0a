//===- embed.cpp - gnnc embedded in a C++ program -------------------------===//
//
// Compiles a node-classification model description (e.g.
// examples/models/cora_gcn.textproto) with gnnc::compileModelFile for 16
// tiles of a GC200 and a 64-node / 256-edge batch, then trains it for a few
// steps on the BSP simulator through a gnnrt::exec::Session on a random
// graph, and runs `inference`. Built against the installed package
// (find_package(gnnc), target gnnc::gnnc); see docs/Embedding.md.
//
//   embed MODEL [STEPS]
//
// Prints the program inputs, one loss per step and the inference output's
// shape (TrainAndInfer.h, shared with runtime/run_executable.cpp); exits
// non-zero on any error. The inputs come from the same generator (Inputs.h)
// as embed.c's, so the two print the same losses.
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gnnc/Compiler.h"

#include "TrainAndInfer.h"

using embed::fail;

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: embed MODEL [STEPS]\n");
    return 2;
  }
  const std::string model = argv[1];
  const int steps = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf("%s\n", gnnc::compilerVersion().c_str());

  gnnc::CompileOptions options;
  options.tiles = 16;
  options.numNodes = kEmbedNodes;
  options.numEdges = kEmbedEdges;
  gnnc::CompileInfo info;
  absl::StatusOr<gnnrt::exec::Executable> exe =
      gnnc::compileModelFile(model, options, &info);
  if (!exe.ok())
    return fail("compiling " + model, exe.status());
  std::printf("compiled %s (%s): %zu programs, %zu state tensors\n",
              exe->modelName.c_str(), options.toString().c_str(),
              exe->programs.size(), exe->state.size());

  if (int rc = embed::trainAndInfer(*std::move(exe), steps))
    return rc;
  std::printf("embed: OK\n");
  return 0;
}
