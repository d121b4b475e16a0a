#!/usr/bin/env python3
"""PyTorch parity of gnnc training: per-epoch losses of a Cora-like GCN.

Generates a small Cora-like citation graph (fixed NumPy seed: bag-of-words
features, row-normalised like T.NormalizeFeatures, undirected edges plus
self-loops like T.AddSelfLoops, a training mask) and Glorot initial weights,
then for each optimizer configuration:

  * gnnc: `gnn-opt --gnn-autodiff=<options>` on the two-layer GCN and
    `gnn-run train-ref --steps N --weights <npy dir> --losses <file>`;
  * PyTorch: the same GCN written with plain torch ops (index_add_, as PyG's
    GCNConv computes it) and torch.optim, from the same weights;

and compares the N per-epoch losses (loss before each step, dropout off)
with |gnnc - torch| <= RTOL * |torch|.

    /usr/bin/python3 gcn_train_parity.py --gnn-opt build/bin/gnn-opt \
        --gnn-run build/bin/gnn-run --workdir /tmp/parity

Prints "PASS name (max rel err X)" or "FAIL name: ..." per configuration and
"train-parity: N passed, M failed"; exits non-zero on a failure. With
--write-fixture DIR it instead writes a tiny configuration (inputs, weights,
model, torch losses) for the torch-free fixture test.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

RTOL = 1e-5

CONFIGS = [
    # name, gnn-autodiff options, torch optimizer factory
    ("adam", "optimizer=adam lr=0.01",
     lambda p: torch.optim.Adam(p, lr=0.01)),
    ("sgd-momentum", "optimizer=sgd lr=0.1 momentum=0.9",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ("adamw-weight-decay", "optimizer=adamw lr=0.01 weight-decay=0.05",
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.05)),
    ("sgd-nesterov-weight-decay",
     "optimizer=sgd lr=0.05 momentum=0.9 nesterov=true weight-decay=0.0005",
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True,
                               weight_decay=5e-4)),
    ("adam-weight-decay", "optimizer=adam lr=0.01 weight-decay=0.0005",
     lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=5e-4)),
]


def make_data(seed, n, feats, classes, edges, n_train):
    rng = np.random.default_rng(seed)
    x = (rng.random((n, feats)) < 0.15).astype(np.float32)
    x /= np.maximum(x.sum(1, keepdims=True), 1.0)  # NormalizeFeatures
    a = rng.integers(0, n, edges)
    b = rng.integers(0, n, edges)
    keep = a != b
    a, b = a[keep], b[keep]
    loops = np.arange(n)
    src = np.concatenate([a, b, loops]).astype(np.int64)
    dst = np.concatenate([b, a, loops]).astype(np.int64)
    y = rng.integers(0, classes, n).astype(np.int64)
    train = np.zeros(n, dtype=bool)
    train[rng.choice(n, n_train, replace=False)] = True
    return {"x": x, "src": src, "dst": dst, "y": y, "train_mask": train}


def glorot(rng, out_f, in_f):
    s = np.sqrt(6.0 / (out_f + in_f))
    return rng.uniform(-s, s, (out_f, in_f)).astype(np.float32)


def make_weights(seed, feats, hidden, classes):
    rng = np.random.default_rng(seed + 1)
    return {"conv1.weight": glorot(rng, hidden, feats),
            "conv1.bias": np.zeros(hidden, np.float32),
            "conv2.weight": glorot(rng, classes, hidden),
            "conv2.bias": np.zeros(classes, np.float32)}


def ttype(shape, elem="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elem + ">"


def model_mlir(n, e, feats, hidden, classes):
    """The GCN of examples/gcn.mlir with these sizes; weights come from npy."""
    X, S, NH, NC = ttype((n, feats)), ttype((e,), "i64"), ttype((n, hidden)), ttype((n, classes))
    EH, EC, E1 = ttype((e, hidden)), ttype((e, classes)), ttype((e, 1))
    return f"""
gnn.parameter @conv1.weight : {ttype((hidden, feats))} init zeros
gnn.parameter @conv1.bias : {ttype((hidden,))} init zeros
gnn.parameter @conv2.weight : {ttype((classes, hidden))} init zeros
gnn.parameter @conv2.bias : {ttype((classes,))} init zeros

func.func @gcn(%x: {X} {{gnn.name = "x"}}, %src: {S} {{gnn.name = "src"}},
               %dst: {S} {{gnn.name = "dst"}}, %y: {ttype((n,), "i64")} {{gnn.name = "y"}},
               %train_mask: {ttype((n,), "i1")} {{gnn.name = "train_mask"}})
    -> ({NC} {{gnn.name = "log_probs"}}, tensor<f32> {{gnn.name = "loss"}}) {{
  %deg = gnn.degree %dst : ({S}) -> {ttype((n,))}
  %dinv = gnn.pow %deg {{exponent = -5.000000e-01 : f64, inf_to_zero}} : {ttype((n,))}
  %ds = gnn.gather %dinv[%src] : ({ttype((n,))}, {S}) -> {ttype((e,))}
  %dd = gnn.gather %dinv[%dst] : ({ttype((n,))}, {S}) -> {ttype((e,))}
  %nrm = gnn.mul %ds, %dd : ({ttype((e,))}, {ttype((e,))}) -> {ttype((e,))}
  %norm = gnn.reshape %nrm : {ttype((e,))} -> {E1}
  %w1 = gnn.get_parameter @conv1.weight : {ttype((hidden, feats))}
  %b1 = gnn.get_parameter @conv1.bias : {ttype((hidden,))}
  %xw = gnn.linear %x, %w1 : ({X}, {ttype((hidden, feats))}) -> {NH}
  %agg1 = gnn.message_passing sum edges(%src, %dst : {S}, {S})
      sources(%xw : {NH}) edge_data(%norm : {E1}) -> {NH} {{
  ^bb0(%xj: {EH}, %n: {E1}):
    %m = gnn.mul %xj, %n : ({EH}, {E1}) -> {EH}
    gnn.yield %m : {EH}
  }}
  %h1 = gnn.add %agg1, %b1 : ({NH}, {ttype((hidden,))}) -> {NH}
  %a1 = gnn.relu %h1 : {NH}
  %w2 = gnn.get_parameter @conv2.weight : {ttype((classes, hidden))}
  %b2 = gnn.get_parameter @conv2.bias : {ttype((classes,))}
  %hw = gnn.linear %a1, %w2 : ({NH}, {ttype((classes, hidden))}) -> {NC}
  %agg2 = gnn.message_passing sum edges(%src, %dst : {S}, {S})
      sources(%hw : {NC}) edge_data(%norm : {E1}) -> {NC} {{
  ^bb0(%hj: {EC}, %n: {E1}):
    %m = gnn.mul %hj, %n : ({EC}, {E1}) -> {EC}
    gnn.yield %m : {EC}
  }}
  %h2 = gnn.add %agg2, %b2 : ({NC}, {ttype((classes,))}) -> {NC}
  %logp = gnn.log_softmax %h2 axis 1 : {NC}
  %ignore = gnn.constant dense<-100> : tensor<i64>
  %yl = gnn.where %train_mask, %y, %ignore : ({ttype((n,), "i1")}, {ttype((n,), "i64")}, tensor<i64>) -> {ttype((n,), "i64")}
  %loss = gnn.nll_loss mean %logp, %yl : ({NC}, {ttype((n,), "i64")}) -> tensor<f32>
  return %logp, %loss : {NC}, tensor<f32>
}}
"""


def torch_gcn_losses(data, weights, make_opt, steps, step_loss):
    """The per-epoch losses (loss before each step) of a GCN in plain torch
    ops (index_add_, as PyG's GCNConv computes it) trained with make_opt from
    `weights`. step_loss(conv, x, y, mask, params) is one forward pass's loss;
    conv(h, w, b) is a GCN layer with the symmetric normalisation of data's
    edges (no self-loops added)."""
    x = torch.from_numpy(data["x"])
    src = torch.from_numpy(data["src"])
    dst = torch.from_numpy(data["dst"])
    y = torch.from_numpy(data["y"])
    mask = torch.from_numpy(data["train_mask"])
    n = x.shape[0]
    params = {k: torch.nn.Parameter(torch.from_numpy(v.copy()))
              for k, v in weights.items()}
    deg = torch.zeros(n).index_add_(0, dst, torch.ones(src.shape[0]))
    dinv = deg.pow(-0.5)
    dinv[dinv == float("inf")] = 0
    norm = (dinv[src] * dinv[dst]).view(-1, 1)

    def conv(h, w, b):
        hw = h @ w.t()
        out = torch.zeros(n, w.shape[0]).index_add_(0, dst, hw[src] * norm)
        return out + b

    opt = make_opt(list(params.values()))
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = step_loss(conv, x, y, mask, params)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    return np.array(losses)


def torch_losses(data, weights, make_opt, steps):
    def step_loss(conv, x, y, mask, params):
        h = F.relu(conv(x, params["conv1.weight"], params["conv1.bias"]))
        logp = F.log_softmax(conv(h, params["conv2.weight"],
                                  params["conv2.bias"]), dim=1)
        return F.nll_loss(logp[mask], y[mask])

    return torch_gcn_losses(data, weights, make_opt, steps, step_loss)


def write_inputs(d, data, weights):
    os.makedirs(os.path.join(d, "weights"), exist_ok=True)
    for k, v in data.items():
        np.save(os.path.join(d, k + ".npy"), v)
    for k, v in weights.items():
        np.save(os.path.join(d, "weights", k + ".npy"), v)


def gnnc_losses(args, d, data, options, steps, name):
    model = os.path.join(d, "gcn.mlir")
    train = os.path.join(d, name + ".train.mlir")
    out = os.path.join(d, name + ".losses.txt")
    subprocess.run([args.gnn_opt, model, f"--gnn-autodiff={options}",
                    "-o", train], check=True)
    cmd = [args.gnn_run, "train-ref", train, "--steps", str(steps),
           "--weights", os.path.join(d, "weights"), "--losses", out,
           "--checkpoint-dir", os.path.join(d, name + ".checkpoint")]
    for k in data:
        cmd += ["--input", f"{k}={os.path.join(d, k + '.npy')}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return np.loadtxt(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gnn-opt", default="gnn-opt")
    p.add_argument("--gnn-run", default="gnn-run")
    p.add_argument("--workdir", required=True)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--write-fixture", metavar="DIR")
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)

    if args.write_fixture:
        d = args.write_fixture
        data = make_data(3, 12, 6, 3, 16, 6)
        weights = make_weights(3, 6, 4, 3)
        write_inputs(d, data, weights)
        with open(os.path.join(d, "gcn.mlir"), "w") as f:
            f.write(model_mlir(12, data["src"].shape[0], 6, 4, 3))
        for name, options, make_opt in CONFIGS[:3]:
            losses = torch_losses(data, weights, make_opt, 20)
            np.savetxt(os.path.join(d, name + ".torch.txt"), losses, fmt="%.9e")
        return 0

    d = args.workdir
    os.makedirs(d, exist_ok=True)
    n, feats, hidden, classes = 200, 64, 16, 7
    data = make_data(0, n, feats, classes, 400, 40)
    weights = make_weights(0, feats, hidden, classes)
    write_inputs(d, data, weights)
    with open(os.path.join(d, "gcn.mlir"), "w") as f:
        f.write(model_mlir(n, data["src"].shape[0], feats, hidden, classes))
    passed = failed = 0
    for name, options, make_opt in CONFIGS:
        try:
            ours = gnnc_losses(args, d, data, options, args.steps, name)
        except subprocess.CalledProcessError as e:
            print(f"FAIL {name}: {e}", flush=True)
            failed += 1
            continue
        ref = torch_losses(data, weights, make_opt, args.steps)
        rel = np.abs(ours - ref) / np.abs(ref)
        worst = float(rel.max())
        if ours.shape == ref.shape and worst <= RTOL:
            passed += 1
            print(f"PASS {name} ({args.steps} losses {ref[0]:.6f} -> "
                  f"{ref[-1]:.6f}, max rel err {worst:.2e})", flush=True)
        else:
            failed += 1
            i = int(rel.argmax())
            print(f"FAIL {name}: max rel err {worst:.2e} at epoch {i + 1} "
                  f"(gnnc {ours[i]:.9e}, torch {ref[i]:.9e})", flush=True)
    print(f"train-parity: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
