#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite with
# ctest: the GoogleTest unit tests and the lit regression tests.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GNNC_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
