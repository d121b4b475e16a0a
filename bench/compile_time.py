#!/usr/bin/env python3
"""Compile time of the whole gnnc pipeline, against Poplar's.

Compiles seed 000's GCN (examples/models/cora_gcn.textproto) for one GC200
(1472 tiles) at Cora's size (2708 nodes, 13264 edges), a PubMed-sized graph
(19717 nodes, 88648 edges; also the 500-wide bench/models/pubmed_gcn_500
variant) and a 1M-node synthetic graph (1,000,000 nodes, 5M edges, trying
more IPUs when one does not fit), for training (inference + train step) and
inference only. Each configuration is timed end to end (`gnn-run compile`,
training) and stage by stage:

    import      gnn-translate --import-model MODEL
    compile     gnn-opt --gnn-compile="train=B num-nodes=N num-edges=E ipus=I"
                (staticize, autodiff, partition, lower to bsp, plan memory,
                verify exchanges)
    executable  gnn-translate --bsp-to-executable

Times are wall seconds of each process, the median of --runs runs. Then a
growth series at Cora's density (edges = 4.9 x nodes) up to the largest
node count that compiles, with the exponent of time against nodes, and the
top passes of the Cora training compile (--mlir-timing) and Cora training
compiled for 16 tiles up to 4 IPUs. Poplar/staged divides Poplar's compile
time by the staged total (three processes and an MLIR text round trip, the
slower of the two ways). Poplar's compile
times come from seed 000: 33 s (Cora GCN training), 14 s (inference).

    python3 bench/compile_time.py [--bin-dir build/bin] [--runs 3]
                                  [--json OUT.json] [--quick]

Python standard library only. Not run by the test suite.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORA = os.path.join(ROOT, "examples", "models", "cora_gcn.textproto")
PUBMED500 = os.path.join(ROOT, "bench", "models", "pubmed_gcn_500.textproto")
POPLAR = {"training": 33.0, "inference": 14.0}  # seed 000, seconds
CORA_DENSITY = 13264 / 2708


class Failed(Exception):
    def __init__(self, stage, cmd, message):
        super().__init__(message)
        self.stage, self.cmd, self.message = stage, cmd, message


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else "failed"


def timed(stage, cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise Failed(stage, cmd, first_error(p.stderr + p.stdout))
    return dt, p.stdout + p.stderr


def staged(bins, tmp, model, train, nodes, edges, ipus, extra=()):
    """One run of the three stages; returns {stage: seconds}."""
    mlir = os.path.join(tmp, "model.mlir")
    bsp = os.path.join(tmp, "bsp.mlir")
    exe = os.path.join(tmp, "model.gnnx")
    opts = "train=%s ipus=%d" % ("true" if train else "false", ipus)
    if nodes:
        opts += " num-nodes=%d num-edges=%d" % (nodes, edges)
    out = {}
    out["import"], _ = timed("import", [bins["gnn-translate"],
                                        "--import-model", model, "-o", mlir])
    out["compile"], _ = timed("compile", [bins["gnn-opt"], mlir,
                                          "--gnn-compile=" + opts, "-o", bsp]
                              + list(extra))
    out["executable"], _ = timed("executable", [bins["gnn-translate"],
                                                "--bsp-to-executable", bsp,
                                                "-o", exe])
    out["total"] = sum(out.values())
    out["exe_bytes"] = os.path.getsize(exe)
    return out


def end_to_end(bins, tmp, model, nodes, edges, ipus, extra=()):
    """`gnn-run compile` (training): (process seconds, its own seconds)."""
    cmd = [bins["gnn-run"], "compile", model, "-o",
           os.path.join(tmp, "e2e.gnnx"), "--ipus", str(ipus)] + list(extra)
    if nodes:
        cmd += ["--num-nodes", str(nodes), "--num-edges", str(edges)]
    dt, text = timed("gnn-run compile", cmd)
    m = re.search(r"in ([0-9.]+) s", text)
    return dt, float(m.group(1)) if m else float("nan")


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def measure(bins, tmp, runs, model, train, nodes, edges, ipus):
    rows = [staged(bins, tmp, model, train, nodes, edges, ipus)
            for _ in range(runs)]
    res = {k: median([r[k] for r in rows])
           for k in ("import", "compile", "executable", "total")}
    res["exe_bytes"] = rows[0]["exe_bytes"]
    res["runs_total"] = [round(r["total"], 4) for r in rows]
    if train:
        e2e = [end_to_end(bins, tmp, model, nodes, edges, ipus)
               for _ in range(runs)]
        res["gnn_run_compile"] = median([e[0] for e in e2e])
        res["gnn_run_reported"] = median([e[1] for e in e2e])
    return res


def case_rows(bins, tmp, runs, label, model, nodes, edges, ipus_list):
    """Training and inference; tries each IPU count until one compiles."""
    out = []
    for mode in ("training", "inference"):
        train = mode == "training"
        row = {"graph": label, "mode": mode, "nodes": nodes, "edges": edges,
               "model": os.path.relpath(model, ROOT), "tried": []}
        for ipus in ipus_list:
            try:
                row.update(measure(bins, tmp, runs, model, train, nodes,
                                   edges, ipus))
                row["ipus"] = ipus
                row["status"] = "ok"
                break
            except Failed as f:
                row["tried"].append({"ipus": ipus, "stage": f.stage,
                                     "command": " ".join(f.cmd),
                                     "error": f.message})
                row["status"] = "does not fit"
                row["ipus"] = ipus
        out.append(row)
    return out


def fits(bins, tmp, nodes):
    try:
        end_to_end(bins, tmp, CORA, nodes, round(nodes * CORA_DENSITY), 1)
        return True
    except Failed:
        return False


def largest_fitting(bins, tmp, lo=2708, hi=19717):
    if not fits(bins, tmp, lo):
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(bins, tmp, mid) else (lo, mid)
    return lo


def pass_timing(bins, tmp, runs):
    """Wall seconds per pass name (summed within a run, median over runs)."""
    mlir = os.path.join(tmp, "timing.mlir")
    timed("import", [bins["gnn-translate"], "--import-model", CORA, "-o", mlir])
    per_run = []
    for _ in range(runs):
        _, text = timed("compile", [bins["gnn-opt"], mlir,
                                    "--gnn-compile=train=true", "-o",
                                    os.devnull, "--mlir-timing"])
        seen = {}
        for line in text.splitlines():
            m = re.match(r"\s*[0-9.]+ \(\s*[0-9.]+%\)\s+([0-9.]+) "
                         r"\(\s*[0-9.]+%\)\s+(\S.*)$", line)
            if m and not m.group(2).startswith(("(A)", "'")):
                name = m.group(2).strip()
                seen[name] = seen.get(name, 0.0) + float(m.group(1))
        per_run.append(seen)
    names = set().union(*per_run)
    med = {n: median([r.get(n, 0.0) for r in per_run]) for n in names}
    total = med.pop("Total", sum(med.values()))
    passes = sorted(med.items(), key=lambda p: -p[1])[:7]
    return [(n, t, 100.0 * t / total) for n, t in passes], total


def fmt_s(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return "%.3f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--quick", action="store_true",
                    help="Cora only, no growth series")
    args = ap.parse_args()
    bins = {b: os.path.join(args.bin_dir, b)
            for b in ("gnn-run", "gnn-opt", "gnn-translate")}
    for b in bins.values():
        if not os.access(b, os.X_OK):
            sys.exit("compile_time.py: %s is missing; build it (ninja -C build "
                     "gnn-run gnn-opt gnn-translate) or pass --bin-dir" % b)

    load_before = os.getloadavg()
    result = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs,
              "bin_dir": args.bin_dir, "poplar_seconds": POPLAR}
    with tempfile.TemporaryDirectory(prefix="gnnc-compile-bench-") as tmp:
        rows = case_rows(bins, tmp, args.runs, "Cora", CORA, 2708, 13264, [1])
        if not args.quick:
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized", CORA,
                              19717, 88648, [1, 2, 4, 16])
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized, 500-wide",
                              PUBMED500, 19717, 88648, [1, 16])
            rows += case_rows(bins, tmp, args.runs, "1M synthetic", CORA,
                              1000000, 5000000, [1, 2, 4, 16, 64])
        result["cases"] = rows

        growth = []
        if not args.quick:
            limit = largest_fitting(bins, tmp)
            result["largest_fitting_nodes"] = limit
            sizes = [500, 1000, 2000, 2708, 4000]
            if limit:
                sizes = sorted(set([s for s in sizes if s < limit] + [limit]))
            for n in sizes:
                e = round(n * CORA_DENSITY)
                try:
                    e2e = [end_to_end(bins, tmp, CORA, n, e, 1)
                           for _ in range(args.runs)]
                    growth.append({"nodes": n, "edges": e,
                                   "seconds": median([x[0] for x in e2e]),
                                   "reported": median([x[1] for x in e2e])})
                except Failed as f:
                    growth.append({"nodes": n, "edges": e, "error": f.message})
            ok = [g for g in growth if "seconds" in g]
            if len(ok) >= 2:
                a, b = ok[0], ok[-1]
                result["growth_exponent"] = (
                    math.log(b["seconds"] / a["seconds"]) /
                    math.log(b["nodes"] / a["nodes"]))
                result["growth_exponent_in_process"] = (
                    math.log(b["reported"] / a["reported"]) /
                    math.log(b["nodes"] / a["nodes"]))
        result["growth"] = growth
        passes, total = pass_timing(bins, tmp, args.runs)
        result["gnn_opt_cora_training_seconds"] = total
        result["top_passes_cora_training"] = [
            {"pass": p, "seconds": s, "percent": pc} for p, s, pc in passes]

        # Tiles: Cora training on 16 tiles up to 4 IPUs.
        tiles = []
        for t, ipus in ([(16, 1), (64, 1), (256, 1), (0, 1), (0, 2), (0, 4)]
                        if not args.quick else []):
            cmd_t = ["--tiles", str(t)] if t else []
            try:
                e2e = [end_to_end(bins, tmp, CORA, 2708, 13264, ipus, cmd_t)
                       for _ in range(args.runs)]
                tiles.append({"tiles": (t or 1472) * ipus, "ipus": ipus,
                              "seconds": median([e[0] for e in e2e]),
                              "reported": median([e[1] for e in e2e])})
            except Failed as f:
                tiles.append({"tiles": (t or 1472) * ipus, "ipus": ipus,
                              "error": f.message})
        result["tiles"] = tiles

    result["loadavg_before"] = load_before
    result["loadavg_after"] = os.getloadavg()
    # Table.
    print("machine: %d CPUs, load average %.2f before, %.2f after (other "
          "processes skew wall times)" % (os.cpu_count(), load_before[0],
                                          result["loadavg_after"][0]))
    print("Compile time, seconds (median of %d), one GC200 = 1472 tiles per "
          "IPU; Poplar: seed 000" % args.runs)
    hdr = ("graph", "mode", "nodes", "edges", "ipus", "import", "compile",
           "exe", "staged", "gnn-run", "Poplar", "Poplar/staged")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for r in rows:
        if r["status"] != "ok":
            print("| %s | %s | %d | %d | %s | does not fit: %s |" % (
                r["graph"], r["mode"], r["nodes"], r["edges"],
                ",".join(str(t["ipus"]) for t in r["tried"]),
                r["tried"][-1]["error"][:110]))
            continue
        pop = POPLAR[r["mode"]] if r["graph"] == "Cora" else None
        e2e = r.get("gnn_run_compile")
        best = r["total"]  # conservative: three processes, text round trip
        print("| %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            r["graph"], r["mode"], r["nodes"], r["edges"], r["ipus"],
            fmt_s(r["import"]), fmt_s(r["compile"]), fmt_s(r["executable"]),
            fmt_s(r["total"]), fmt_s(e2e), "%g" % pop if pop else "-",
            "%.0fx" % (pop / best) if pop else "-"))
    for r in rows:
        if r["status"] != "ok":
            t = r["tried"][0]
            print("\n%s %s does not compile; first attempt:\n  $ %s\n  error: %s"
                  % (r["graph"], r["mode"], t["command"], t["error"]))
    if growth:
        print("\nGrowth at Cora's density (gnn-run compile, training, 1 IPU); "
              "largest node count that fits: %s" %
              result.get("largest_fitting_nodes"))
        print("| nodes | edges | process s | vs smallest | in-process s | vs smallest |")
        print("|---|---|---|---|---|---|")
        ok = [g for g in growth if "seconds" in g]
        for g in growth:
            if "seconds" in g:
                print("| %d | %d | %.3f | %.2fx | %.4f | %.2fx |" % (
                    g["nodes"], g["edges"], g["seconds"],
                    g["seconds"] / ok[0]["seconds"], g["reported"],
                    g["reported"] / ok[0]["reported"]))
            else:
                print("| %d | %d | error: %s | | | |" % (
                    g["nodes"], g["edges"], g["error"][:80]))
        if "growth_exponent" in result:
            print("time ~ nodes^%.2f (process), nodes^%.2f (in-process) over "
                  "this range" % (result["growth_exponent"],
                                  result["growth_exponent_in_process"]))
    if result.get("tiles"):
        print("\nTiles: Cora training (gnn-run compile --tiles/--ipus)")
        print("| tiles | ipus | process s | in-process s | vs fewest that fit |")
        print("|---|---|---|---|---|")
        ok = [t for t in result["tiles"] if "seconds" in t]
        for t in result["tiles"]:
            if "seconds" in t:
                print("| %d | %d | %.3f | %.4f | %.2fx |" % (
                    t["tiles"], t["ipus"], t["seconds"], t["reported"],
                    t["reported"] / ok[0]["reported"]))
            else:
                print("| %d | %d | error: %s | | |" % (t["tiles"], t["ipus"],
                                                      t["error"][:80]))
    print("\nTop passes, Cora training (gnn-opt --gnn-compile --mlir-timing, "
          "total %.4f s):" % result["gnn_opt_cora_training_seconds"])
    for p in result["top_passes_cora_training"]:
        print("  %-22s %.4f s  %5.1f%%" % (p["pass"], p["seconds"], p["percent"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print("wrote", args.json)


if __name__ == "__main__":
    main()
