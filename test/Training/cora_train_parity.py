#!/usr/bin/env python3
"""PyTorch parity of gnnc training on the real Cora GCN (seed 000's model).

Reads the Planetoid Cora release (DIR = <datasets>/cora; see its README.md):
x [2708, 1433] row-normalised like T.NormalizeFeatures, the 10556 edges plus
one self-loop per node appended like T.AddSelfLoops (13264 edges), the labels
and the public training split (140 nodes). The model is seed 000's
(examples/models/cora_gcn.textproto): GCNConv(1433, 16) -> relu ->
GCNConv(16, 7) -> relu -> log_softmax, the layers adding no self-loops,
NLL over the training nodes (the other labels become -100), with dropout
off. Glorot initial weights (fixed NumPy seed, zero biases, PyG's parameter
names) are written as the .npy directory `gnn-run train-ref --weights`
reads, and torch starts from the same arrays. For each optimizer of
gcn_train_parity.CONFIGS (Adam lr 0.01, SGD lr 0.1 momentum 0.9, AdamW lr
0.01 weight decay 0.05) the per-epoch losses (loss before each step) of

  * gnnc: `gnn-opt --gnn-autodiff=<options>` + `gnn-run train-ref`, and
  * PyTorch: the same GCN in plain torch ops (index_add_, as PyG's GCNConv
    computes it) with torch.optim,

must agree with |gnnc - torch| <= 1e-5 * |torch|.

    /usr/bin/python3 cora_train_parity.py --cora /work/shared/datasets/cora \
        --gnn-opt build/bin/gnn-opt --gnn-run build/bin/gnn-run --workdir /tmp/cora

Prints the dataset summary, "PASS name (N losses first -> last, max rel err
X)" or "FAIL name: ..." per optimizer and "cora-train-parity: N passed, M
failed"; exits non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gcn_train_parity import (CONFIGS, RTOL, glorot, gnnc_losses,  # noqa: E402
                              torch_gcn_losses, ttype, write_inputs)

HIDDEN = 16


def read_table(path):
    """A Planetoid text file: its header line and its data as an int array."""
    with open(path) as f:
        header = [int(v) for v in f.readline().split()]
    rows = np.loadtxt(path, dtype=np.int64, skiprows=1, ndmin=1)
    return header, rows


def load_cora(cora_dir):
    d = os.path.join(cora_dir, "planetoid")
    (n, feats, nnz), coo = read_table(os.path.join(d, "cora.features.txt"))
    assert coo.shape == (nnz, 3), coo.shape
    x = np.zeros((n, feats), np.float32)
    x[coo[:, 0], coo[:, 1]] = coo[:, 2]
    # T.NormalizeFeatures: x / x.sum(-1).clamp(min=1), in float32.
    x /= np.maximum(x.sum(1, keepdims=True, dtype=np.float32), np.float32(1))
    (ny, classes), y = read_table(os.path.join(d, "cora.labels.txt"))
    assert ny == n and y.shape == (n,)
    (ne_n, ne), edges = read_table(os.path.join(d, "cora.edges.txt"))
    assert ne_n == n and edges.shape == (ne, 2)
    # T.AddSelfLoops: the loops are appended after the existing edges.
    loops = np.arange(n, dtype=np.int64)
    src = np.concatenate([edges[:, 0], loops])
    dst = np.concatenate([edges[:, 1], loops])
    (nt,), train_idx = read_table(os.path.join(d, "cora.train_idx.txt"))
    train = np.zeros(n, dtype=bool)
    train[train_idx] = True
    assert train.sum() == nt
    data = {"x": x, "src": src, "dst": dst, "y": y, "train_mask": train}
    return data, classes


def make_weights(seed, feats, hidden, classes):
    rng = np.random.default_rng(seed)
    return {"conv1.lin.weight": glorot(rng, hidden, feats),
            "conv1.bias": np.zeros(hidden, np.float32),
            "conv2.lin.weight": glorot(rng, classes, hidden),
            "conv2.bias": np.zeros(classes, np.float32)}


def model_mlir(n, e, feats, hidden, classes):
    """Seed 000's GCN (relu after both layers), static sizes, weights from npy."""
    X, S, NH, NC = ttype((n, feats)), ttype((e,), "i64"), ttype((n, hidden)), ttype((n, classes))
    EH, EC, E1 = ttype((e, hidden)), ttype((e, classes)), ttype((e, 1))
    N, E, N64, N1 = ttype((n,)), ttype((e,)), ttype((n,), "i64"), ttype((n,), "i1")
    W1, B1, W2, B2 = (ttype((hidden, feats)), ttype((hidden,)),
                      ttype((classes, hidden)), ttype((classes,)))
    return f"""
gnn.parameter @conv1.lin.weight : {W1} init zeros
gnn.parameter @conv1.bias : {B1} init zeros
gnn.parameter @conv2.lin.weight : {W2} init zeros
gnn.parameter @conv2.bias : {B2} init zeros

func.func @gcn(%x: {X} {{gnn.name = "x"}}, %src: {S} {{gnn.name = "src"}},
               %dst: {S} {{gnn.name = "dst"}}, %y: {N64} {{gnn.name = "y"}},
               %train_mask: {N1} {{gnn.name = "train_mask"}})
    -> ({NC} {{gnn.name = "log_probs"}}, tensor<f32> {{gnn.name = "loss"}}) {{
  %deg = gnn.degree %dst : ({S}) -> {N}
  %dinv = gnn.pow %deg {{exponent = -5.000000e-01 : f64, inf_to_zero}} : {N}
  %ds = gnn.gather %dinv[%src] : ({N}, {S}) -> {E}
  %dd = gnn.gather %dinv[%dst] : ({N}, {S}) -> {E}
  %nrm = gnn.mul %ds, %dd : ({E}, {E}) -> {E}
  %norm = gnn.reshape %nrm : {E} -> {E1}
  %w1 = gnn.get_parameter @conv1.lin.weight : {W1}
  %b1 = gnn.get_parameter @conv1.bias : {B1}
  %xw = gnn.linear %x, %w1 : ({X}, {W1}) -> {NH}
  %agg1 = gnn.message_passing sum edges(%src, %dst : {S}, {S})
      sources(%xw : {NH}) edge_data(%norm : {E1}) -> {NH} {{
  ^bb0(%xj: {EH}, %n: {E1}):
    %m = gnn.mul %xj, %n : ({EH}, {E1}) -> {EH}
    gnn.yield %m : {EH}
  }}
  %h1 = gnn.add %agg1, %b1 : ({NH}, {B1}) -> {NH}
  %a1 = gnn.relu %h1 : {NH}
  %w2 = gnn.get_parameter @conv2.lin.weight : {W2}
  %b2 = gnn.get_parameter @conv2.bias : {B2}
  %hw = gnn.linear %a1, %w2 : ({NH}, {W2}) -> {NC}
  %agg2 = gnn.message_passing sum edges(%src, %dst : {S}, {S})
      sources(%hw : {NC}) edge_data(%norm : {E1}) -> {NC} {{
  ^bb0(%hj: {EC}, %n: {E1}):
    %m = gnn.mul %hj, %n : ({EC}, {E1}) -> {EC}
    gnn.yield %m : {EC}
  }}
  %h2 = gnn.add %agg2, %b2 : ({NC}, {B2}) -> {NC}
  %a2 = gnn.relu %h2 : {NC}
  %logp = gnn.log_softmax %a2 axis 1 : {NC}
  %ignore = gnn.constant dense<-100> : tensor<i64>
  %yl = gnn.where %train_mask, %y, %ignore : ({N1}, {N64}, tensor<i64>) -> {N64}
  %loss = gnn.nll_loss mean %logp, %yl : ({NC}, {N64}) -> tensor<f32>
  return %logp, %loss : {NC}, tensor<f32>
}}
"""


def torch_losses(data, weights, make_opt, steps):
    """Seed 000's forward pass with dropout off (model.eval() for dropout)."""
    def step_loss(conv, x, y, mask, params):
        h = conv(x, params["conv1.lin.weight"], params["conv1.bias"]).relu()
        h = conv(h, params["conv2.lin.weight"], params["conv2.bias"]).relu()
        logp = F.log_softmax(h, dim=1)
        return F.nll_loss(logp, torch.where(mask, y, torch.tensor(-100)))

    return torch_gcn_losses(data, weights, make_opt, steps, step_loss)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cora", required=True, metavar="DIR",
                   help="the cora dataset directory (holding planetoid/)")
    p.add_argument("--gnn-opt", default="gnn-opt")
    p.add_argument("--gnn-run", default="gnn-run")
    p.add_argument("--workdir", required=True)
    p.add_argument("--steps", type=int, default=100,
                   help="epochs of Adam")
    p.add_argument("--other-steps", type=int, default=None,
                   help="epochs of SGD momentum and AdamW (default: --steps)")
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)

    d = args.workdir
    os.makedirs(d, exist_ok=True)
    data, classes = load_cora(args.cora)
    n, feats = data["x"].shape
    e = data["src"].shape[0]
    print(f"cora: {n} nodes, {feats} features, {classes} classes, {e} edges "
          f"with self-loops, {int(data['train_mask'].sum())} training nodes, "
          f"row sums of x in [{data['x'].sum(1).min():.6f}, "
          f"{data['x'].sum(1).max():.6f}]", flush=True)
    weights = make_weights(0, feats, HIDDEN, classes)
    write_inputs(d, data, weights)
    with open(os.path.join(d, "gcn.mlir"), "w") as f:
        f.write(model_mlir(n, e, feats, HIDDEN, classes))

    other = args.steps if args.other_steps is None else args.other_steps
    passed = failed = 0
    for name, options, make_opt in CONFIGS[:3]:
        steps = args.steps if name == "adam" else other
        t0 = time.time()
        try:
            ours = gnnc_losses(args, d, data, options, steps, name)
        except subprocess.CalledProcessError as err:
            print(f"FAIL {name}: {err}", flush=True)
            failed += 1
            continue
        t1 = time.time()
        ref = torch_losses(data, weights, make_opt, steps)
        t2 = time.time()
        ours = np.atleast_1d(ours)
        if ours.shape != ref.shape:
            failed += 1
            print(f"FAIL {name}: {ours.shape[0]} gnnc losses, "
                  f"{ref.shape[0]} torch losses", flush=True)
            continue
        rel = np.abs(ours - ref) / np.abs(ref)
        worst = float(rel.max())
        timing = f"gnnc {t1 - t0:.1f}s, torch {t2 - t1:.1f}s"
        if worst <= RTOL:
            passed += 1
            print(f"PASS {name} ({steps} losses {ref[0]:.6f} -> "
                  f"{ref[-1]:.6f}, max rel err {worst:.2e}; {timing})",
                  flush=True)
        else:
            failed += 1
            i = int(rel.argmax())
            print(f"FAIL {name}: max rel err {worst:.2e} at epoch {i + 1} "
                  f"(gnnc {ours[i]:.9e}, torch {ref[i]:.9e}; {timing})",
                  flush=True)
    print(f"cora-train-parity: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
