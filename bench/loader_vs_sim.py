#!/usr/bin/env python3
"""Loader throughput against simulator consumption (issue 8's last figure).

For MUTAG (packing) and the QM9 subset (padding and packing), with the real
datasets when they are there (--datasets, else $GNNC_DATASETS, else
../shared/datasets beside the checkout) and the built-in synthetic-molecules
otherwise:

  loader     `gnn-run data DATASET --strategy S --num-graphs G [--num-nodes N
             --num-edges E] --shuffle --epochs K --metrics-json F`:
             throughput.batches_per_second (no prefetch, one thread);
  simulator  the model compiled for those exact slots (`gnn-run compile MODEL
             -o EXE --num-graphs G --num-nodes N --num-edges E`) and trained on
             the same batches: `gnn-run train MODEL --dataset DATASET
             --batching S --batch-size G --epochs K --threads T --metrics-json`
             (1 / host_seconds_per_step, which includes building the batches)
             when that works, and always gnnc-loader-sim-bench (bench/
             loader_sim/, the runtime's Session API: steps/s of the train
             step alone, batches built beforehand).

and prints loader batches/s over simulator steps/s (target > 1: the loader
keeps the simulator fed).

    python3 bench/loader_vs_sim.py [--bin-dir build/bin] [--threads 2]
        [--datasets DIR] [--epochs 3] [--json OUT.json]

gnnc-loader-sim-bench is built with the project (`ninja -C build
gnnc-loader-sim-bench`); --bench-bin points at another copy. Python standard
library only. Not run by the test suite.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "examples", "models")
BENCH_MOLECULES = os.path.join(ROOT, "bench", "models",
                               "molecules_gcn_pack.textproto")

# (label, dataset, model, strategy, graphs, nodes, edges, real data)
CONFIGS = [
    ("MUTAG", "mutag", "mutag_gcn_pack.textproto", "pack", 10, 179, 395, True),
    ("MUTAG", "mutag", "mutag_gcn_pack.textproto", "pack", 10, 400, 800, True),
    ("QM9 subset", "qm9", "qm9_gcn_pad.textproto", "pad-to-max", 128, 3712,
     7168, True),
    ("QM9 subset", "qm9", "qm9_gcn_pad.textproto", "pack", 128, 0, 0, True),
    ("synthetic-molecules", "synthetic-molecules", BENCH_MOLECULES,
     "pack", 32, 0, 0, False),
]
TRAIN_BATCHING = {"pack": "pack", "pad-to-max": "pad",
                  "stream-pack": "stream-pack"}


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def short_error(text):
    lines = [l for l in text.splitlines() if l.strip()]
    for l in lines:
        if "error" in l.lower() or "gnn-run:" in l:
            return l.strip()[:200]
    return (lines[0] if lines else "failed")[:200]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--bench-bin", help="gnnc-loader-sim-bench (default: "
                    "BIN_DIR/gnnc-loader-sim-bench)")
    ap.add_argument("--datasets")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=3,
                    help="epochs of simulated training")
    ap.add_argument("--loader-epochs", type=int, default=50)
    ap.add_argument("--json")
    args = ap.parse_args()
    gnn_run = os.path.join(args.bin_dir, "gnn-run")
    bench = args.bench_bin or os.path.join(args.bin_dir,
                                           "gnnc-loader-sim-bench")
    if not os.access(gnn_run, os.X_OK):
        sys.exit("loader_vs_sim.py: %s is missing; pass --bin-dir" % gnn_run)
    have_bench = os.access(bench, os.X_OK)
    if not have_bench:
        print("note: %s is missing (ninja -C build gnnc-loader-sim-bench); "
              "only gnn-run train is tried" % bench)
    datasets = (args.datasets or os.environ.get("GNNC_DATASETS") or
                os.path.join(os.path.dirname(ROOT), "shared", "datasets"))
    have_real = os.path.isdir(os.path.join(datasets, "mutag"))
    if not have_real:
        print("note: no real datasets under %s; using synthetic-molecules only"
              % datasets)
    env = dict(os.environ, GNNC_DATASETS=datasets)
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gnnc-loader-sim-") as tmp:
        for label, ds, model, strat, g, n, e, real in CONFIGS:
            if real and not have_real:
                continue
            row = {"label": label, "dataset": ds, "model": model,
                   "strategy": strat, "threads": args.threads}
            mpath = os.path.join(MODELS, model)
            # 1. Loader.
            mj = os.path.join(tmp, "data.json")
            cmd = [gnn_run, "data", ds, "--dataset-dir", datasets,
                   "--strategy", strat, "--num-graphs", str(g), "--shuffle",
                   "--epochs", str(args.loader_epochs), "--metrics-json", mj]
            if n:
                cmd += ["--num-nodes", str(n), "--num-edges", str(e)]
            rc, out, err = run(cmd, env)
            row["data_command"] = " ".join(cmd[:-2])
            if rc != 0:
                row["error"] = "gnn-run data: " + short_error(err + out)
                rows.append(row)
                continue
            with open(mj) as f:
                m = json.load(f)
            b = m["batching"]
            g, n, e = b["num_graphs"], b["num_nodes"], b["num_edges"]
            row.update(num_graphs=g, num_nodes=n, num_edges=e,
                       batches_per_epoch=m["batches"],
                       node_efficiency=m["efficiency"]["nodes"],
                       loader_bps=m["throughput"]["batches_per_second"])
            # 2. Compile for those slots.
            exe = os.path.join(tmp, "model.gnnx")
            cmd = [gnn_run, "compile", mpath, "-o", exe, "--num-graphs",
                   str(g), "--num-nodes", str(n), "--num-edges", str(e)]
            rc, out, err = run(cmd, env)
            row["compile_command"] = " ".join(cmd)
            if rc != 0:
                row["error"] = "gnn-run compile: " + short_error(err + out)
                rows.append(row)
                continue
            # 3a. gnn-run train on the same batches.
            metrics = os.path.join(tmp, "train.json")
            if os.path.exists(metrics):
                os.remove(metrics)
            cmd = [gnn_run, "train", mpath, "--dataset", ds, "--dataset-dir",
                   datasets, "--batching", TRAIN_BATCHING[strat],
                   "--batch-size", str(g), "--num-nodes", str(n),
                   "--num-edges", str(e), "--num-graphs", str(g), "--epochs",
                   str(args.epochs), "--threads", str(args.threads),
                   "--quiet", "--metrics-json", metrics, "--output-dir",
                   os.path.join(tmp, "train-out"), "--cache-dir", "none"]
            rc, out, err = run(cmd, env)
            row["train_command"] = " ".join(cmd)
            if rc == 0 and os.path.exists(metrics):
                with open(metrics) as f:
                    t = json.load(f)
                row["train_steps_per_second"] = 1.0 / t["host_seconds_per_step"]
                row["ipu_seconds_per_step"] = t["ipu_seconds_per_step"]
            else:
                row["train_error"] = "rc %d: %s" % (rc, short_error(err + out))
            # 3b. The Session API on the same batches.
            if have_bench:
                cmd = [bench, exe, ds, "--dataset-dir", datasets,
                       "--strategy", strat, "--num-graphs", str(g),
                       "--num-nodes", str(n), "--num-edges", str(e),
                       "--epochs", str(args.epochs), "--threads",
                       str(args.threads)]
                rc, out, err = run(cmd, env)
                row["bench_command"] = " ".join(cmd)
                if rc == 0:
                    r = json.loads(out.strip().splitlines()[-1])
                    row["sim_steps_per_second"] = r["sim_steps_per_second"]
                    row["bench_loader_bps"] = r["loader_batches_per_second"]
                    row["ipu_seconds_per_step"] = r["ipu_seconds_per_step"]
                    row["mean_loss"] = r["mean_loss"]
                else:
                    row["bench_error"] = short_error(err + out)
            rows.append(row)

    print("machine: %d CPUs, load average %.2f before, %.2f after" % (
        os.cpu_count(), load_before[0], os.getloadavg()[0]))
    print("Loader batches/s (gnn-run data, 1 thread, no prefetch) against "
          "simulator train steps/s (%d host threads), same batches" %
          args.threads)
    print("| dataset | strategy | slots g/n/e | batches/epoch | node eff | "
          "loader b/s | sim steps/s (Session) | sim steps/s (gnn-run train) | "
          "loader / sim | est. IPU steps/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print("| %s | %s | | | | %s | | | | |" % (r["label"],
                                                    r["strategy"], r["error"]))
            continue
        sim = r.get("sim_steps_per_second") or r.get("train_steps_per_second")
        ipu = r.get("ipu_seconds_per_step")
        print("| %s | %s | %d/%d/%d | %d | %.1f%% | %.0f | %s | %s | %s | %s |"
              % (r["label"], r["strategy"], r["num_graphs"], r["num_nodes"],
                 r["num_edges"], r["batches_per_epoch"],
                 100 * r["node_efficiency"], r["loader_bps"],
                 "%.1f" % r["sim_steps_per_second"]
                 if "sim_steps_per_second" in r else "fails",
                 "%.1f" % r["train_steps_per_second"]
                 if "train_steps_per_second" in r else "fails",
                 "%.0fx" % (r["loader_bps"] / sim) if sim else "-",
                 "%.0f" % (1 / ipu) if ipu else "-"))
    for r in rows:
        if "train_error" in r:
            print("\n%s %s: gnn-run train failed (%s)\n  $ %s" % (
                r["label"], r["strategy"], r["train_error"], r["train_command"]))
        if "bench_error" in r:
            print("\n%s %s: gnnc-loader-sim-bench failed (%s)\n  $ %s" % (
                r["label"], r["strategy"], r["bench_error"],
                r["bench_command"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"date": time.strftime("%Y-%m-%d"), "rows": rows,
                       "loadavg_before": load_before,
                       "loadavg_after": os.getloadavg()}, f,
                      indent=2)
        print("wrote", args.json)


if __name__ == "__main__":
    main()
