#!/usr/bin/env python3
"""Compile time of the whole gnnc pipeline, against Poplar's.

Compiles seed 000's GCN (examples/models/cora_gcn.textproto) for one GC200
(1472 tiles) at Cora's size (2708 nodes, 13264 edges), a PubMed-sized graph
(19717 nodes, 88648 edges; also the 500-wide bench/models/pubmed_gcn_500
variant) and a 1M-node synthetic graph (1,000,000 nodes, 5M edges), for
training (inference + train step) and inference only, trying more IPUs
(1, 2, 4, 16; 64 for the streamed 1M graph) until one compiles, and a
"does not fit" row with the first error line when none does. Two kinds of
rows:

    streamed  the graph (src, dst) is a host stream of N node and E edge
              slots, unknown to the compiler (data-dependent plans)
    fixed     the graph is bound at compile time (bind=src=...,dst=...,
              nodes_mask=...,edges_mask=...): gnn-bind-inputs makes them
              constants, gnn-fold-constants folds the graph-only ops and
              gathers / scatters become halo exchanges (halo_gather,
              halo_segment). Cora is `gnn-run data synthetic-cora
              --strategy full --transform add-self-loops --export-dir`;
              PubMed-sized and 1M are random graphs (seed 0, endpoints
              uniform over the nodes, all masks true), written as .npy
              files by this script

Each configuration is timed stage by stage:

    import      gnn-translate --import-model MODEL
    compile     gnn-opt --gnn-compile="train=B num-nodes=N num-edges=E ipus=I
                [bind=...]" (staticize, [bind, fold,] autodiff, partition,
                lower to bsp, plan memory, verify exchanges)
    executable  gnn-translate --bsp-to-executable

and, for streamed training, end to end (`gnn-run compile`, which has no
bind option). Times are wall seconds of each process, the median of --runs
runs (--runs-1m for the 1M graph, default 1). The 1M fixed-graph compiles
run with --mlir-timing and their top passes are printed. Then growth
series at Cora's density (edges = 4.9 x nodes, training): streamed, on
one IPU up to the largest node count that compiles (by bisection), with
the exponent of time against nodes; fixed, random graphs up to
--fixed-growth-max nodes (default 100000), on the fewest IPUs that
compile. Then the top passes of the streamed Cora training compile
(--mlir-timing) and Cora training compiled for 16 tiles up to 4 IPUs.
Poplar/staged divides Poplar's compile time by the staged total (three
processes and an MLIR text round trip, the slower of the two ways).
Poplar's compile times come from seed 000: 33 s (Cora GCN training), 14 s
(inference).

    python3 bench/compile_time.py [--bin-dir build/bin] [--runs 3]
                                  [--runs-1m 1] [--fixed-growth-max N]
                                  [--timeout 600] [--json OUT.json] [--quick]

Python standard library only. Not run by the test suite.
"""
import argparse
import array
import json
import math
import os
import random
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORA = os.path.join(ROOT, "examples", "models", "cora_gcn.textproto")
PUBMED500 = os.path.join(ROOT, "bench", "models", "pubmed_gcn_500.textproto")
POPLAR = {"training": 33.0, "inference": 14.0}  # seed 000, seconds
CORA_DENSITY = 13264 / 2708
GRAPH_INPUTS = ("src", "dst", "nodes_mask", "edges_mask")
TIMEOUT = 600  # seconds per process


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
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failed(stage, cmd, "timed out after %d s" % TIMEOUT)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise Failed(stage, cmd, first_error(p.stderr + p.stdout))
    return dt, p.stdout + p.stderr


# --- Graphs fixed at compile time -------------------------------------------

def write_npy(path, descr, count, data):
    """A 1-D .npy file, format v1.0: magic, header length, dict, raw data."""
    head = "{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }" % (
        descr, count)
    head += " " * (-(10 + len(head) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)))
        f.write(head.encode("latin1"))
        f.write(data)


def npy_count(path):
    """Number of values of a 1-D .npy file (from its header)."""
    with open(path, "rb") as f:
        head = f.read(10)
        text = f.read(struct.unpack("<H", head[8:10])[0]).decode("latin1")
    return int(re.search(r"'shape': \((\d+),\)", text).group(1))


def random_graph(folder, nodes, edges, seed=0):
    """src, dst (int64, endpoints uniform over the nodes), all-true masks."""
    os.makedirs(folder, exist_ok=True)
    rnd = random.Random(seed).random
    for name in ("src", "dst"):
        a = array.array("q", [int(rnd() * nodes) for _ in range(edges)])
        if sys.byteorder != "little":
            a.byteswap()
        write_npy(os.path.join(folder, name + ".npy"), "<i8", edges,
                  a.tobytes())
    write_npy(os.path.join(folder, "nodes_mask.npy"), "|b1", nodes,
              b"\x01" * nodes)
    write_npy(os.path.join(folder, "edges_mask.npy"), "|b1", edges,
              b"\x01" * edges)
    return {n: os.path.join(folder, n + ".npy") for n in GRAPH_INPUTS}


def cora_graph(bins, folder):
    """The synthetic Cora graph with self-loops, as `gnn-run data` exports it."""
    timed("export", [bins["gnn-run"], "data", "synthetic-cora", "--strategy",
                     "full", "--transform", "add-self-loops", "--export-dir",
                     folder])
    return {n: os.path.join(folder, n + ".npy") for n in GRAPH_INPUTS}


def halo_codelets(path):
    """Occurrences of halo.gather / halo.segment in a bsp file."""
    pat = re.compile(rb"halo\.(gather|segment)")
    count, buf = 0, b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 24)
            # Matches starting in the last 11 bytes may continue in the
            # next chunk: count them with it.
            end = len(buf) + len(chunk) - 11 if chunk else None
            buf += chunk
            count += sum(1 for m in pat.finditer(buf)
                         if end is None or m.start() < end)
            if not chunk:
                return count
            buf = buf[end:]


# --- mlir-timing ------------------------------------------------------------

def parse_timing(text):
    """{pass name: wall seconds} (summed over repeats) and the total."""
    seen = {}
    for line in text.splitlines():
        m = re.match(r"\s*[0-9.]+ \(\s*[0-9.]+%\)\s+([0-9.]+) "
                     r"\(\s*[0-9.]+%\)\s+(\S.*)$", line)
        if m and not m.group(2).startswith(("(A)", "'")):
            name = m.group(2).strip()
            seen[name] = seen.get(name, 0.0) + float(m.group(1))
    total = seen.pop("Total", sum(seen.values()))
    return seen, total


def top_passes(seen, total, n=7):
    passes = sorted(seen.items(), key=lambda p: -p[1])[:n]
    return [{"pass": p, "seconds": t, "percent": 100.0 * t / total}
            for p, t in passes]


# --- Stages -----------------------------------------------------------------

def staged(bins, tmp, model, train, nodes, edges, ipus, bind=None,
           timing=False):
    """One run of the three stages; returns {stage: seconds}."""
    mlir = os.path.join(tmp, "model.mlir")
    bsp = os.path.join(tmp, "bsp.mlir")
    exe = os.path.join(tmp, "model.gnnx")
    opts = "train=%s ipus=%d" % ("true" if train else "false", ipus)
    if nodes:
        opts += " num-nodes=%d num-edges=%d" % (nodes, edges)
    if bind:
        opts += " bind=" + ",".join("%s=%s" % kv for kv in sorted(bind.items()))
    out = {}
    out["import"], _ = timed("import", [bins["gnn-translate"],
                                        "--import-model", model, "-o", mlir])
    out["compile"], text = timed(
        "compile", [bins["gnn-opt"], mlir, "--gnn-compile=" + opts, "-o", bsp]
        + (["--mlir-timing"] if timing else []))
    out["executable"], _ = timed("executable", [bins["gnn-translate"],
                                                "--bsp-to-executable", bsp,
                                                "-o", exe])
    out["total"] = out["import"] + out["compile"] + out["executable"]
    out["exe_bytes"] = os.path.getsize(exe)
    out["bsp_bytes"] = os.path.getsize(bsp)
    if bind:
        out["halo_codelets"] = halo_codelets(bsp)
    if timing:
        out["timing"] = parse_timing(text)
    os.remove(bsp)
    os.remove(exe)
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


def measure(bins, tmp, runs, model, train, nodes, edges, ipus, bind=None,
            timing=False):
    rows = [staged(bins, tmp, model, train, nodes, edges, ipus, bind, timing)
            for _ in range(runs)]
    res = {k: median([r[k] for r in rows])
           for k in ("import", "compile", "executable", "total")}
    for k in ("exe_bytes", "bsp_bytes", "halo_codelets"):
        if k in rows[0]:
            res[k] = rows[0][k]
    res["runs_total"] = [round(r["total"], 4) for r in rows]
    if timing:
        names = set().union(*[r["timing"][0] for r in rows])
        seen = {n: median([r["timing"][0].get(n, 0.0) for r in rows])
                for n in names}
        total = median([r["timing"][1] for r in rows])
        res["mlir_timing_total"] = total
        res["top_passes"] = top_passes(seen, total)
    if train:
        extra = (["--bind", ",".join("%s=%s" % kv for kv in sorted(bind.items()))]
                 if bind else [])
        e2e = [end_to_end(bins, tmp, model, nodes, edges, ipus, extra)
               for _ in range(runs)]
        res["gnn_run_compile"] = median([e[0] for e in e2e])
        res["gnn_run_reported"] = median([e[1] for e in e2e])
    return res


def case_rows(bins, tmp, runs, label, model, nodes, edges, ipus_list,
              bind=None, timing=False):
    """Training and inference; tries each IPU count until one compiles."""
    out = []
    for mode in ("training", "inference"):
        train = mode == "training"
        row = {"graph": label, "kind": "fixed" if bind else "streamed",
               "mode": mode, "nodes": nodes, "edges": edges,
               "model": os.path.relpath(model, ROOT), "tried": []}
        for ipus in ipus_list:
            try:
                row.update(measure(bins, tmp, runs, model, train, nodes,
                                   edges, ipus, bind, timing))
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
        print("  %s, %s, %s: %s%s" % (label, row["kind"], mode, row["status"],
              " in %.3f s, ipus=%d" % (row["total"], row["ipus"])
              if row["status"] == "ok" else ""), file=sys.stderr, flush=True)
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


def exponent(points, key):
    if len(points) < 2:
        return None
    a, b = points[0], points[-1]
    return math.log(b[key] / a[key]) / math.log(b["nodes"] / a["nodes"])


def fixed_growth(bins, tmp, runs, limit):
    """Fixed random graphs at Cora's density, training, fewest IPUs."""
    sizes = [n for n in (500, 2708, 10000, 19717, 50000, 100000, 200000,
                         500000) if n <= limit]
    out, ipus_list = [], [1, 2, 4, 16]
    for n in sizes:
        e = round(n * CORA_DENSITY)
        bind = random_graph(os.path.join(tmp, "growth"), n, e)
        row = {"nodes": n, "edges": e}
        for ipus in ipus_list:
            try:
                r = [staged(bins, tmp, CORA, True, n, e, ipus, bind, True)
                     for _ in range(runs)]
                row.update({"ipus": ipus,
                            "seconds": median([x["compile"] for x in r]),
                            "reported": median([x["timing"][1] for x in r])})
                break
            except Failed as f:
                row["error"] = f.message
        if "seconds" in row:
            row.pop("error", None)
            ipus_list = [i for i in ipus_list if i >= row["ipus"]]
        out.append(row)
        print("  growth, fixed, %d nodes: %s" % (
            n, "%.3f s, ipus=%d" % (row["seconds"], row["ipus"])
            if "seconds" in row else row["error"]), file=sys.stderr,
            flush=True)
        if "seconds" not in row:
            break
    return out


def fmt_s(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return "%.3f" % x


def main():
    global TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--runs-1m", type=int, default=1,
                    help="runs of the 1M-node rows (default 1)")
    ap.add_argument("--fixed-growth-max", type=int, default=100000,
                    help="largest node count of the fixed-graph growth "
                         "series (default 100000)")
    ap.add_argument("--timeout", type=int, default=TIMEOUT,
                    help="seconds per process before it counts as failed")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--quick", action="store_true",
                    help="Cora only, no growth series")
    args = ap.parse_args()
    TIMEOUT = args.timeout
    bins = {b: os.path.join(args.bin_dir, b)
            for b in ("gnn-run", "gnn-opt", "gnn-translate")}
    for b in bins.values():
        if not os.access(b, os.X_OK):
            sys.exit("compile_time.py: %s is missing; build it (ninja -C build "
                     "gnn-run gnn-opt gnn-translate) or pass --bin-dir" % b)

    load_before = os.getloadavg()
    t_start = time.perf_counter()
    result = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs,
              "runs_1m": args.runs_1m, "bin_dir": args.bin_dir,
              "poplar_seconds": POPLAR}
    with tempfile.TemporaryDirectory(prefix="gnnc-compile-bench-") as tmp:
        cora_bind = cora_graph(bins, os.path.join(tmp, "cora"))
        cora_edges = npy_count(cora_bind["src"])
        rows = case_rows(bins, tmp, args.runs, "Cora", CORA, 2708, 13264, [1])
        rows += case_rows(bins, tmp, args.runs, "Cora", CORA, 2708,
                          cora_edges, [1], bind=cora_bind)
        if not args.quick:
            pm_bind = random_graph(os.path.join(tmp, "pubmed"), 19717, 88648)
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized", CORA,
                              19717, 88648, [1, 2, 4, 16])
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized", CORA,
                              19717, 88648, [1, 2, 4, 16], bind=pm_bind)
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized, 500-wide",
                              PUBMED500, 19717, 88648, [1, 16])
            rows += case_rows(bins, tmp, args.runs, "PubMed-sized, 500-wide",
                              PUBMED500, 19717, 88648, [1, 16], bind=pm_bind)
            rows += case_rows(bins, tmp, args.runs_1m, "1M synthetic", CORA,
                              1000000, 5000000, [1, 2, 4, 16, 64])
            m1_bind = random_graph(os.path.join(tmp, "1m"), 1000000, 5000000)
            rows += case_rows(bins, tmp, args.runs_1m, "1M synthetic", CORA,
                              1000000, 5000000, [1, 2, 4, 16], bind=m1_bind,
                              timing=True)
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
                result["growth_exponent"] = exponent(ok, "seconds")
                result["growth_exponent_in_process"] = exponent(ok, "reported")
        result["growth"] = growth
        fgrowth = []
        if not args.quick and args.fixed_growth_max > 0:
            fgrowth = fixed_growth(bins, tmp, args.runs, args.fixed_growth_max)
            ok = [g for g in fgrowth if "seconds" in g]
            if len(ok) >= 2:
                result["fixed_growth_exponent"] = exponent(ok, "seconds")
                result["fixed_growth_exponent_in_process"] = exponent(
                    ok, "reported")
        result["fixed_growth"] = fgrowth

        mlir = os.path.join(tmp, "timing.mlir")
        timed("import", [bins["gnn-translate"], "--import-model", CORA, "-o",
                         mlir])
        per_run = [parse_timing(timed(
            "compile", [bins["gnn-opt"], mlir, "--gnn-compile=train=true",
                        "-o", os.devnull, "--mlir-timing"])[1])
            for _ in range(args.runs)]
        names = set().union(*[r[0] for r in per_run])
        seen = {n: median([r[0].get(n, 0.0) for r in per_run]) for n in names}
        total = median([r[1] for r in per_run])
        result["gnn_opt_cora_training_seconds"] = total
        result["top_passes_cora_training"] = top_passes(seen, total)

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
    result["wall_seconds"] = time.perf_counter() - t_start
    # Table.
    print("machine: %d CPUs, load average %.2f before, %.2f after (other "
          "processes skew wall times); %.0f s in all" % (
              os.cpu_count(), load_before[0], result["loadavg_after"][0],
              result["wall_seconds"]))
    print("Compile time, seconds (median of %d; 1M rows: %d), one GC200 = "
          "1472 tiles per IPU; Poplar: seed 000; graph streamed (a host "
          "input) or fixed (bound at compile time)" % (args.runs,
                                                       args.runs_1m))
    hdr = ("graph", "graph is", "mode", "nodes", "edges", "ipus", "import",
           "compile", "exe", "staged", "gnn-run", "exe MB", "Poplar",
           "Poplar/staged")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for r in rows:
        if r["status"] != "ok":
            print("| %s | %s | %s | %d | %d | %s | does not fit: %s |" % (
                r["graph"], r["kind"], r["mode"], r["nodes"], r["edges"],
                ",".join(str(t["ipus"]) for t in r["tried"]),
                r["tried"][-1]["error"][:110]))
            continue
        pop = POPLAR[r["mode"]] if r["graph"] == "Cora" else None
        e2e = r.get("gnn_run_compile")
        best = r["total"]  # conservative: three processes, text round trip
        print("| %s | %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %.1f "
              "| %s | %s |" % (
                  r["graph"], r["kind"], r["mode"], r["nodes"], r["edges"],
                  r["ipus"], fmt_s(r["import"]), fmt_s(r["compile"]),
                  fmt_s(r["executable"]), fmt_s(r["total"]), fmt_s(e2e),
                  r["exe_bytes"] / 1e6, "%g" % pop if pop else "-",
                  "%.0fx" % (pop / best) if pop else "-"))
    for r in rows:
        if r["status"] == "ok" and r["kind"] == "fixed" and \
                not r.get("halo_codelets"):
            print("warning: %s %s (fixed graph) has no halo codelets" % (
                r["graph"], r["mode"]))
    for r in rows:
        if r["status"] != "ok":
            first, last = r["tried"][0], r["tried"][-1]
            print("\n%s (%s graph) %s does not compile on %s IPUs; at %d:\n"
                  "  $ %s\n  error: %s" % (
                      r["graph"], r["kind"], r["mode"],
                      ",".join(str(t["ipus"]) for t in r["tried"]),
                      last["ipus"], last["command"], last["error"]))
            if first["error"] != last["error"]:
                print("  at %d IPU(s): %s" % (first["ipus"], first["error"]))
    for r in rows:
        if r.get("top_passes"):
            print("\nTop passes, %s (fixed graph) %s on %d IPUs "
                  "(gnn-opt --gnn-compile --mlir-timing, total %.2f s):" % (
                      r["graph"], r["mode"], r["ipus"],
                      r["mlir_timing_total"]))
            for p in r["top_passes"]:
                print("  %-22s %8.3f s  %5.1f%%" % (p["pass"], p["seconds"],
                                                   p["percent"]))
    if growth:
        print("\nGrowth at Cora's density, streamed graph (gnn-run compile, "
              "training, 1 IPU); largest node count that fits: %s" %
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
    if fgrowth:
        print("\nGrowth at Cora's density, fixed random graph (gnn-opt "
              "--gnn-compile bind=..., training, fewest of 1,2,4,16 IPUs)")
        print("| nodes | edges | ipus | process s | vs smallest | "
              "in-process s | vs smallest |")
        print("|---|---|---|---|---|---|---|")
        ok = [g for g in fgrowth if "seconds" in g]
        for g in fgrowth:
            if "seconds" in g:
                print("| %d | %d | %d | %.3f | %.2fx | %.4f | %.2fx |" % (
                    g["nodes"], g["edges"], g["ipus"], g["seconds"],
                    g["seconds"] / ok[0]["seconds"], g["reported"],
                    g["reported"] / ok[0]["reported"]))
            else:
                print("| %d | %d | - | error: %s | | | |" % (
                    g["nodes"], g["edges"], g["error"][:80]))
        if "fixed_growth_exponent" in result:
            print("time ~ nodes^%.2f (process), nodes^%.2f (in-process) over "
                  "this range" % (result["fixed_growth_exponent"],
                                  result["fixed_growth_exponent_in_process"]))
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
    print("\nTop passes, Cora training, streamed graph (gnn-opt --gnn-compile "
          "--mlir-timing, total %.4f s):" %
          result["gnn_opt_cora_training_seconds"])
    for p in result["top_passes_cora_training"]:
        print("  %-22s %.4f s  %5.1f%%" % (p["pass"], p["seconds"], p["percent"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print("wrote", args.json)


if __name__ == "__main__":
    main()
