#!/usr/bin/env python3
"""Compares two files of per-step losses (one float per line).

    compare_losses.py GOT EXPECTED [--rtol 1e-5]

Prints "losses: N match (max rel err X)" and exits 0 when every
|got - expected| <= rtol * |expected| and the counts agree; otherwise prints
the first mismatch and exits 1. Plain Python: no NumPy needed.
"""
import argparse
import sys


def read(path):
    with open(path) as f:
        return [float(line) for line in f if line.strip()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("got")
    p.add_argument("expected")
    p.add_argument("--rtol", type=float, default=1e-5)
    a = p.parse_args()
    got, want = read(a.got), read(a.expected)
    if len(got) != len(want):
        print(f"losses: {len(got)} values but {len(want)} expected")
        return 1
    worst = 0.0
    for i, (g, w) in enumerate(zip(got, want)):
        rel = abs(g - w) / abs(w) if w != 0 else abs(g)
        worst = max(worst, rel)
        if not rel <= a.rtol:
            print(f"losses: step {i + 1}: got {g!r}, expected {w!r} "
                  f"(rel err {rel:.2e} > {a.rtol})")
            return 1
    print(f"losses: {len(got)} match (max rel err {worst:.2e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
