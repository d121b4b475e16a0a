#!/usr/bin/env bash
# The main job on its built-in default: sets everything up, compiles the
# example two-layer GCN (examples/gcn.mlir) through gnn-opt and evaluates it,
# before and after compilation, with the reference evaluator on a generated
# graph (both runs must print the same loss); then makes the dynamic form of
# the model static with gnn-staticize and evaluates that; finally compiles
# Kipf & Welling's GCN (examples/models/cora_gcn_kipf.textproto) for a GC200
# and trains it on the BSP simulator on the built-in citation-like graph
# (gnn-run train: the accuracy must be far above chance).
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

# Training on the BSP simulator: Kipf & Welling's GCN compiled for a GC200
# (1472 tiles) and trained full-batch on the built-in citation graph
# (synthetic-cora, 2708 nodes), with the loss, the accuracy and the estimated
# IPU time; metrics, loss curve, profile and checkpoint land in
# build/demo_train/.
out=$build_dir/demo_train
echo "demo: training examples/models/cora_gcn_kipf.textproto on the simulator" \
     "(gnn-run train, builtin:cora):"
"$bin/gnn-run" train "$root/examples/models/cora_gcn_kipf.textproto" \
  --dataset builtin:cora --transform normalize-features --epochs "${DEMO_EPOCHS:-100}" \
  --eval-every 20 --cache-dir "$build_dir/gnnc-cache" --output-dir "$out"
python3 - "$out/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
chance = 1 / 7
print(f"demo: loss {m['first_loss']:.4f} -> {m['final_loss']:.4f}, test accuracy "
      f"{m['test_accuracy']:.3f} (chance {chance:.3f}), estimated IPU time "
      f"{m['ipu_seconds_per_step'] * 1e3:.3f} ms/step, host {m['host_seconds_per_step'] * 1e3:.0f} ms/step")
if not (m['final_loss'] < m['first_loss'] and m['test_accuracy'] > 3 * chance):
    sys.exit("demo: FAILED: the model did not learn")
print("demo: OK")
PY
