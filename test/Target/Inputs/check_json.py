"""Reads a parameter manifest on stdin and checks it is valid, consistent JSON."""
import json
import math
import sys

manifest = json.load(sys.stdin)
total = 0
for p in manifest["parameters"]:
    assert p["num_elements"] == math.prod(p["shape"]), p
    total += p["num_elements"]
assert total == manifest["total_elements"], (total, manifest["total_elements"])
print("manifest ok")
