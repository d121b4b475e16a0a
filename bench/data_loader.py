#!/usr/bin/env python3
"""Loader throughput (batches/s) and batching efficiency of `gnn-run data`.

Runs the fixed-size data loader for several epochs on MUTAG (the seed's
150-graph training split) and the QM9 subset with each batching strategy, plus
the built-in generators, and prints one table row per configuration. Real
datasets are read from ../shared/datasets beside the checkout (or --datasets);
when that folder is absent their rows are skipped with a note.

    python3 bench/data_loader.py [--gnn-run build/bin/gnn-run] [--epochs 200]
                                 [--datasets DIR] [--json OUT.json]

Python standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TORCH_ORDER = os.path.join(ROOT, "test", "gnn-run", "Inputs",
                           "mutag-torch-perm-12345.txt")
MUTAG_TRAIN = ["--order", TORCH_ORDER, "--take", "150"]


def configs(datasets):
    """(label, dataset args, batching args, needs real data)."""
    real = ["--dataset-dir", datasets]
    rows = []
    for prefetch in ("0", "2"):
        p = ["--prefetch", prefetch]
        rows += [
            ("MUTAG", ["mutag"] + real + MUTAG_TRAIN,
             ["--strategy", "pad-to-max", "--num-graphs", "10"] + p, True),
            ("MUTAG", ["mutag"] + real + MUTAG_TRAIN,
             ["--strategy", "stream-pack", "--num-graphs", "10",
              "--num-nodes", "179", "--num-edges", "395"] + p, True),
            ("MUTAG", ["mutag"] + real + MUTAG_TRAIN,
             ["--strategy", "pack", "--num-graphs", "10", "--num-nodes",
              "179", "--num-edges", "395"] + p, True),
            ("MUTAG", ["mutag"] + real + MUTAG_TRAIN,
             ["--strategy", "pack", "--num-graphs", "10"] + p, True),
            ("QM9 subset", ["qm9"] + real,
             ["--strategy", "pad-to-max", "--num-graphs", "128",
              "--num-nodes", "3712", "--num-edges", "7168"] + p, True),
            ("QM9 subset", ["qm9"] + real,
             ["--strategy", "stream-pack", "--num-graphs", "128",
              "--num-nodes", "3712", "--num-edges", "7168"] + p, True),
            ("QM9 subset", ["qm9"] + real,
             ["--strategy", "pack", "--num-graphs", "128"] + p, True),
        ]
    rows += [
        ("MUTAG reshuffled", ["mutag"] + real + MUTAG_TRAIN,
         ["--strategy", "stream-pack", "--num-graphs", "10", "--num-nodes",
          "179", "--num-edges", "395", "--shuffle"], True),
        ("MUTAG reshuffled", ["mutag"] + real + MUTAG_TRAIN,
         ["--strategy", "pack", "--num-graphs", "10", "--num-nodes", "179",
          "--num-edges", "395", "--shuffle"], True),
        ("MUTAG reshuffled", ["mutag"] + real + MUTAG_TRAIN,
         ["--strategy", "pack", "--num-graphs", "10", "--shuffle"], True),
        ("synthetic-molecules:10000", ["synthetic-molecules:10000"],
         ["--strategy", "pad-to-max", "--num-graphs", "128"], False),
        ("synthetic-molecules:10000", ["synthetic-molecules:10000"],
         ["--strategy", "pack", "--num-graphs", "128"], False),
        ("synthetic-cora neighbor", ["synthetic-cora"],
         ["--strategy", "neighbor", "--batch-size", "16",
          "--num-neighbors", "10,5"], False),
        ("IMDB neighbor", ["imdb"] + real,
         ["--strategy", "neighbor", "--batch-size", "5"], True),
        ("random:1000000 neighbor", ["random:1000000:10"],
         ["--strategy", "neighbor", "--input-nodes", "all",
          "--batch-size", "1024", "--num-neighbors", "10,10"], False),
    ]
    return rows


def epochs_for(label, batching, epochs):
    if label.startswith("random"):
        return "1"  # 977 batches of 1024 seeds already
    if "neighbor" in label:
        return str(max(1, epochs // 10))
    if "QM9" in label or "molecules" in label:
        return str(max(1, epochs // 10))
    return str(epochs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gnn-run",
                        default=os.path.join(ROOT, "build", "bin", "gnn-run"))
    parser.add_argument("--datasets", default=os.path.join(
        os.path.dirname(ROOT), "shared", "datasets"))
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--json", help="write all rows as JSON here")
    args = parser.parse_args()
    if not os.access(args.gnn_run, os.X_OK):
        sys.exit(f"error: {args.gnn_run} is not an executable; build it "
                 "(scripts/setup.sh) or pass --gnn-run")
    have_real = os.path.isdir(args.datasets)
    if not have_real:
        print(f"note: {args.datasets} is absent: MUTAG, QM9 and IMDB rows "
              "are skipped (the real datasets live in ../shared/datasets "
              "beside the checkout)")
    header = (f"{'dataset':<26} {'strategy':<12} {'slots (g/n/e)':<18} "
              f"{'pf':>2} {'batches':>7} {'node eff':>8} {'edge eff':>8} "
              f"{'epochs':>6} {'batches/s':>10}")
    print(header)
    print("-" * len(header))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        metrics = os.path.join(tmp, "m.json")
        for label, dataset, batching, real in configs(args.datasets):
            if real and not have_real:
                continue
            epochs = epochs_for(label, batching, args.epochs)
            cmd = [args.gnn_run, "data"] + dataset + batching + [
                "--epochs", epochs, "--metrics-json", metrics]
            run = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
            if run.returncode != 0:
                print(f"{label}: failed: {run.stderr.strip()}")
                continue
            with open(metrics) as f:
                m = json.load(f)
            b = m["batching"]
            if "num_nodes" in b:
                slots = f"{b['num_graphs']}/{b['num_nodes']}/{b['num_edges']}"
            else:
                slots = "per type"
            eff = m["efficiency"]
            t = m["throughput"]
            print(f"{label:<26} {b['strategy']:<12} {slots:<18} "
                  f"{t['prefetch']:>2} {m['batches']:>7} "
                  f"{eff['nodes'] * 100:>7.2f}% {eff['edges'] * 100:>7.2f}% "
                  f"{t['epochs']:>6} {t['batches_per_second']:>10.0f}")
            results.append({"label": label, "command": " ".join(cmd[1:-2]),
                            "metrics": m})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
