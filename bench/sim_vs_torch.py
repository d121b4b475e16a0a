#!/usr/bin/python3
"""The Cora GCN training epoch on gnnc's BSP simulator and on PyTorch (CPU).

gnnc: `gnn-run train examples/models/cora_gcn.textproto --dataset builtin:cora
--transform normalize-features,add-self-loops --epochs E --threads T --quiet
--metrics-json F` (full batch, so one step is one epoch, 1472 simulated tiles);
metrics.json gives host_seconds_per_step (the simulator's host time per epoch)
and ipu_seconds_per_step (the cost model's estimate of a GC200). The process's
peak RSS (wait4) is checked against the 1 GiB target.

PyTorch: a plain-torch two-layer GCN with the same shapes on the same data
(`gnn-run data synthetic-cora --transform normalize-features,add-self-loops
--export-dir`): dense 2708 x 1433 features, the symmetric-normalised
adjacency D^-1/2 A D^-1/2 built once (PyG's GCNConv with cached=True),
hidden 16, ReLU, dropout 0.5, 7 classes, ReLU, log-softmax, NLL over the
training nodes, Adam lr 0.001; an epoch is zero_grad + forward + backward +
step, timed after warm-up, propagation by torch.sparse.mm and by index_add_,
and a third peer that also multiplies the features as a sparse matrix
(torch.sparse.mm(x, W^T)), as gnnc does once full-batch training fixes
them at compile time (gnn-sparsify-constant-products). torch.set_num_threads(T)
for the same T.

    /usr/bin/python3 bench/sim_vs_torch.py [--bin-dir build/bin]
        [--threads 1,2] [--gnnc-epochs 20] [--torch-epochs 200] [--json F]

Debian's python3-torch needs libopenblas0-openmp (the pthread or reference
BLAS makes it about 15x slower); the script warns when it is missing. Not run
by the test suite.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "examples", "models", "cora_gcn.textproto")
TRANSFORM = "normalize-features,add-self-loops"
GIB = 1 << 30
PYG_MS_2_THREADS = 7.0  # issue 7: PyG 2.4 on this machine, 2 threads


def blas_check():
    """(ok, text): is the OpenMP OpenBLAS installed and the one in use?"""
    try:
        out = subprocess.run(["ldconfig", "-p"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout
    except OSError:
        out = ""
    lines = [l.strip() for l in out.splitlines() if "openblas" in l]
    real = ""
    for l in lines:
        if "=>" in l:
            real = os.path.realpath(l.split("=>", 1)[1].strip())
            break
    ok = "openmp" in real
    if not lines:
        return False, "no OpenBLAS in `ldconfig -p`"
    return ok, "libopenblas.so.0 -> %s" % (real or "?")


def gnnc_epoch(bins, tmp, threads, epochs):
    metrics = os.path.join(tmp, "metrics-%d.json" % threads)
    log = os.path.join(tmp, "train-%d.log" % threads)
    cmd = [bins["gnn-run"], "train", MODEL, "--dataset", "builtin:cora",
           "--transform", TRANSFORM, "--epochs", str(epochs), "--threads",
           str(threads), "--quiet", "--metrics-json", metrics,
           "--output-dir", os.path.join(tmp, "out-%d" % threads),
           "--cache-dir", "none"]
    # fork + exec + wait4: the peak RSS of exactly this process (stdout and
    # stderr to a log file).
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execv(cmd[0], cmd)
        finally:
            os._exit(127)
    t0 = time.perf_counter()
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        with open(log) as f:
            text = f.read()
        raise RuntimeError("$ %s\n%s" % (" ".join(cmd), text[-2000:]))
    with open(metrics) as f:
        m = json.load(f)
    m["peak_rss_bytes"] = ru.ru_maxrss * 1024
    m["wall_seconds"] = wall
    m["command"] = " ".join(cmd)
    return m


def export_data(bins, tmp):
    d = os.path.join(tmp, "cora")
    cmd = [bins["gnn-run"], "data", "synthetic-cora", "--transform", TRANSFORM,
           "--export-dir", d]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError("$ %s\n%s" % (" ".join(cmd), p.stdout[-2000:]))
    return d


def torch_epochs(data_dir, threads, epochs, warmup, impl):
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    load = lambda n: np.load(os.path.join(data_dir, n + ".npy"))
    x = torch.from_numpy(load("x"))
    src = torch.from_numpy(load("src"))
    dst = torch.from_numpy(load("dst"))
    y = torch.from_numpy(load("y"))
    train = torch.from_numpy(load("train_mask"))
    n = x.shape[0]
    # gcn_norm without adding self-loops (the transform added them).
    deg = torch.zeros(n).index_add_(0, dst, torch.ones(dst.shape[0]))
    dis = deg.pow(-0.5)
    dis[torch.isinf(dis)] = 0
    w = dis[src] * dis[dst]
    adj = torch.sparse_coo_tensor(torch.stack([dst, src]), w, (n, n)).coalesce()
    # The features as a sparse matrix too: what gnnc does with them once
    # they are fixed at compile time (the strongest peer).
    x_sparse = x.to_sparse().coalesce() if impl == "sparse x" else None

    def propagate(h):
        if impl in ("sparse.mm", "sparse x"):
            return torch.sparse.mm(adj, h)
        msg = h.index_select(0, src) * w.unsqueeze(1)
        return torch.zeros(n, h.shape[1]).index_add_(0, dst, msg)

    class GCN(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.l1 = torch.nn.Linear(x.shape[1], 16, bias=False)
            self.b1 = torch.nn.Parameter(torch.zeros(16))
            self.l2 = torch.nn.Linear(16, 7, bias=False)
            self.b2 = torch.nn.Parameter(torch.zeros(7))

        def forward(self):
            if x_sparse is not None:
                xw = torch.sparse.mm(x_sparse, self.l1.weight.t())
            else:
                xw = self.l1(x)
            h = F.relu(propagate(xw) + self.b1)
            h = F.dropout(h, p=0.5, training=self.training)
            h = F.relu(propagate(self.l2(h)) + self.b2)
            return F.log_softmax(h, dim=1)

    model = GCN()
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    model.train()
    times, losses = [], []
    for i in range(warmup + epochs):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.nll_loss(model()[train], y[train])
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        losses.append(float(loss))
        if i >= warmup:
            times.append(dt)
    return {"ms_per_epoch": 1e3 * statistics.median(times),
            "ms_min": 1e3 * min(times), "first_loss": losses[0],
            "last_loss": losses[-1], "epochs": epochs,
            "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--gnnc-epochs", type=int, default=20)
    ap.add_argument("--torch-epochs", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    bins = {"gnn-run": os.path.join(args.bin_dir, "gnn-run")}
    if not os.access(bins["gnn-run"], os.X_OK):
        sys.exit("sim_vs_torch.py: %s is missing; build it or pass --bin-dir"
                 % bins["gnn-run"])
    try:
        import torch  # noqa: F401
    except ImportError:
        sys.exit("sim_vs_torch.py: needs PyTorch (Debian: python3-torch; run "
                 "with /usr/bin/python3)")
    ok, blas = blas_check()
    if not ok:
        print("WARNING: libopenblas0-openmp does not appear to be the OpenBLAS "
              "in use (%s); Debian's torch is then about 15x slower: "
              "apt-get install libopenblas0-openmp" % blas, file=sys.stderr)
    threads = [int(t) for t in args.threads.split(",")]
    load_before = os.getloadavg()
    result = {"date": time.strftime("%Y-%m-%d"), "blas": blas,
              "blas_openmp": ok, "cpus": os.cpu_count(), "rows": []}
    with tempfile.TemporaryDirectory(prefix="gnnc-sim-torch-") as tmp:
        data = export_data(bins, tmp)
        for t in threads:
            row = {"threads": t}
            try:
                row["gnnc"] = gnnc_epoch(bins, tmp, t, args.gnnc_epochs)
            except RuntimeError as e:
                row["gnnc_error"] = str(e)
            for impl in ("sparse.mm", "index_add", "sparse x"):
                row["torch_" + impl] = torch_epochs(data, t, args.torch_epochs,
                                                    args.warmup, impl)
            result["rows"].append(row)

    result["loadavg_before"] = load_before
    result["loadavg_after"] = os.getloadavg()
    print("machine: %d CPUs, load average %.2f before, %.2f after (other "
          "processes skew wall times)" % (os.cpu_count(), load_before[0],
                                          result["loadavg_after"][0]))
    print("Cora GCN training epoch (2708 nodes, 13264 edges incl. self-loops, "
          "1433 -> 16 -> 7), host ms per epoch; %s" % blas)
    print("| threads | gnnc sim (1472 tiles) | torch sparse.mm | "
          "torch index_add | torch sparse x | sim / sparse.mm | "
          "sim / index_add | sim / sparse x | est. IPU ms/step | "
          "sim peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in result["rows"]:
        ts, ti, tx = (r["torch_sparse.mm"], r["torch_index_add"],
                      r["torch_sparse x"])
        g = r.get("gnnc")
        if g is None:
            print("| %d | error | %.2f | %.2f | %.2f | - | - | - | - | - |" % (
                r["threads"], ts["ms_per_epoch"], ti["ms_per_epoch"],
                tx["ms_per_epoch"]))
            continue
        sim = 1e3 * g["host_seconds_per_step"]
        print("| %d | %.1f | %.2f | %.2f | %.2f | %.2fx | %.2fx | %.2fx | "
              "%.4f | %.2f GiB (%s 1 GiB) |" % (
                  r["threads"], sim, ts["ms_per_epoch"], ti["ms_per_epoch"],
                  tx["ms_per_epoch"], sim / ts["ms_per_epoch"],
                  sim / ti["ms_per_epoch"], sim / tx["ms_per_epoch"],
                  1e3 * g["ipu_seconds_per_step"], g["peak_rss_bytes"] / GIB,
                  "<=" if g["peak_rss_bytes"] <= GIB else "OVER"))
    print("ratio > 1: the simulator is slower than PyTorch (issue 7's target is "
          "< 1; PyG 2.4 on this machine: about %g ms with 2 threads)"
          % PYG_MS_2_THREADS)
    for r in result["rows"]:
        if "gnnc_error" in r:
            print("\ngnn-run train failed (threads %d):\n%s" % (
                r["threads"], r["gnnc_error"]))
        else:
            g = r["gnnc"]
            print("\nthreads %d: gnnc %d epochs, loss %.4f -> %.4f, whole run "
                  "%.1f s wall; torch loss %.4f -> %.4f\n  $ %s" % (
                      r["threads"], g["epochs"], g["first_loss"],
                      g["final_loss"], g["wall_seconds"],
                      r["torch_sparse.mm"]["first_loss"],
                      r["torch_sparse.mm"]["last_loss"], g["command"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print("wrote", args.json)


if __name__ == "__main__":
    main()
