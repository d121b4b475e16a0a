#!/usr/bin/env bash
# The main job on its built-in default: sets everything up, compiles the
# example two-layer GCN (examples/gcn.mlir) through gnn-opt and evaluates it,
# before and after compilation, with the reference evaluator on a generated
# graph (both runs must print the same loss); then makes the dynamic form of
# the model static with gnn-staticize and evaluates that; finally trains seed
# 000's GCN (examples/models/cora_gcn.textproto) on the built-in citation-like
# graph (scripts/train_demo.sh: the loss every 10 epochs, then the accuracy,
# which must be far above chance).
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

# The same model as PyG users write it (self-loops added inside the layer,
# x[train_mask] in the loss, dynamic sizes) made static for the IPU.
dynamic=$root/examples/gcn_dynamic.mlir
"$bin/gnn-opt" "$dynamic" --gnn-staticize="num-nodes=2708 num-edges=10556" \
  -o "$build_dir/gcn_dynamic.static.mlir"
echo "demo: made $dynamic static for Cora's sizes; its arguments and results:"
grep -m1 "func.func @gcn" "$build_dir/gcn_dynamic.static.mlir" |
  grep -o 'tensor<[^>]*> {gnn.name = "[a-z_]*"' | sed 's/{gnn.name = "\(.*\)"/\1/; s/^/  /'
"$bin/gnn-run" eval "$build_dir/gcn_dynamic.static.mlir" --seed 2 --print-limit 4

# Training: seed 000's GCN on synthetic-cora, on the reference evaluator.
echo "demo: training examples/models/cora_gcn.textproto on synthetic-cora" \
     "(scripts/train_demo.sh):"
"$root/scripts/train_demo.sh" --workdir "$build_dir/train_demo"
