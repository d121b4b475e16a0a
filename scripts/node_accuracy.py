#!/usr/bin/env python3
"""Node-classification accuracy from .npy files, with the standard library only.

    node_accuracy.py OUT.npy Y.npy MASK.npy [MASK.npy ...] [--min FRACTION]

OUT is f32 [N, C] (logits or log-probabilities), Y i64 [N] class ids and each
MASK bool [N] (e.g. test_mask.npy; its name labels the line). For each mask it
prints `<mask>: accuracy A (correct/total), chance 1/C`: the argmax of OUT
against Y over the nodes the mask selects (ties go to the first class, as
torch.argmax). With --min, exits 1 when an accuracy falls below FRACTION.
"""
import argparse
import ast
import os
import struct
import sys

_FORMATS = {"<f4": "f", "<i8": "q", "<i4": "i", "|b1": "B", "|u1": "B"}


def read_npy(path):
    """(shape, flat list) of a little-endian C-order .npy file, v1 to v3."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"error: {path}: not a .npy file (no \\x93NUMPY magic)")
    major = data[6]
    if major == 1:
        (hlen,), start = struct.unpack_from("<H", data, 8), 10
    else:
        (hlen,), start = struct.unpack_from("<I", data, 8), 12
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    descr, shape = header["descr"], tuple(header["shape"])
    if descr not in _FORMATS or header["fortran_order"]:
        sys.exit(f"error: {path}: dtype {descr} (fortran_order "
                 f"{header['fortran_order']}) is not supported; write "
                 f"<f4, <i8, <i4 or |b1 in C order")
    count = 1
    for d in shape:
        count *= d
    values = struct.unpack_from(f"<{count}{_FORMATS[descr]}", data,
                                start + hlen)
    return shape, values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("y")
    parser.add_argument("masks", nargs="+")
    parser.add_argument("--min", type=float, default=None,
                        help="fail when an accuracy is below this fraction")
    args = parser.parse_args()

    oshape, out = read_npy(args.out)
    yshape, y = read_npy(args.y)
    if len(oshape) != 2 or yshape != oshape[:1]:
        sys.exit(f"error: {args.out} is {list(oshape)} and {args.y} is "
                 f"{list(yshape)}; expected [N, C] and [N]")
    n, c = oshape
    pred = []
    for i in range(n):
        row = out[i * c:(i + 1) * c]
        pred.append(max(range(c), key=lambda k: (row[k], -k)))
    ok = True
    for mask_path in args.masks:
        mshape, mask = read_npy(mask_path)
        if mshape != (n,):
            sys.exit(f"error: {mask_path} is {list(mshape)}; expected [{n}]")
        total = sum(1 for m in mask if m)
        correct = sum(1 for i in range(n) if mask[i] and pred[i] == y[i])
        acc = correct / total if total else 0.0
        name = os.path.splitext(os.path.basename(mask_path))[0]
        print(f"{name}: accuracy {acc:.4f} ({correct}/{total}), "
              f"chance {1 / c:.4f}")
        if args.min is not None and acc < args.min:
            print(f"error: {name} accuracy {acc:.4f} is below {args.min}",
                  file=sys.stderr)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
