#!/usr/bin/env bash
# The main job on its built-in default: sets everything up, compiles the
# example two-layer GCN (examples/gcn.mlir) through gnn-opt and evaluates it,
# before and after compilation, with the reference evaluator on a generated
# graph. Both runs must print the same loss.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GNNC_BUILD_DIR:-$root/build}
bin=$build_dir/bin

"$root/scripts/setup.sh"

model=$root/examples/gcn.mlir
compiled=$build_dir/gcn.expanded.mlir
"$bin/gnn-opt" "$model" --gnn-expand-message-passing --canonicalize -o "$compiled"
echo "demo: compiled $model -> $compiled"

echo "demo: reference evaluation of the model as written (seed 1):"
"$bin/gnn-run" eval "$model" --seed 1 --print-limit 8 | tee "$build_dir/demo.before.txt"
echo "demo: reference evaluation after gnn-opt (seed 1):"
"$bin/gnn-run" eval "$compiled" --seed 1 --print-limit 8 | tee "$build_dir/demo.after.txt"

if cmp -s "$build_dir/demo.before.txt" "$build_dir/demo.after.txt"; then
  echo "demo: OK, compiled and original programs agree"
else
  echo "demo: FAILED, the compiled program's results differ" >&2
  exit 1
fi
