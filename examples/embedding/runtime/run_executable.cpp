//===- run_executable.cpp - a saved gnnc executable, runtime only ---------===//
//
// The MLIR-free side of the package: loads an executable that gnnc compiled
// and saved (`embed_c MODEL STEPS FILE`, gnnc_executable_save, or
// `gnn-run compile`), then trains and infers on the simulator exactly as
// embed.cpp does after compiling (../TrainAndInfer.h). Links gnnc::runtime
// only: no MLIR or LLVM library (find_package(gnnc COMPONENTS runtime)).
//
//   run_executable EXECUTABLE [STEPS]
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gnnrt/exec/Executable.h"

#include "../TrainAndInfer.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: run_executable EXECUTABLE [STEPS]\n");
    return 2;
  }
  const int steps = argc > 2 ? std::atoi(argv[2]) : 5;
  absl::StatusOr<gnnrt::exec::Executable> exe =
      gnnrt::exec::loadExecutable(argv[1]);
  if (!exe.ok())
    return embed::fail(std::string("loading ") + argv[1], exe.status());
  std::printf("loaded %s: model %s, produced by %s, %zu programs\n", argv[1],
              exe->modelName.c_str(), exe->producer.c_str(),
              exe->programs.size());
  if (int rc = embed::trainAndInfer(*std::move(exe), steps))
    return rc;
  std::printf("run_executable: OK\n");
  return 0;
}
