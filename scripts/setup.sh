#!/usr/bin/env bash
# Installs the Debian 12 packages gnnc needs (only those missing, so a second
# run installs nothing), then configures and builds gnnc with CMake + Ninja.
#
#   scripts/setup.sh            # packages + Release build in ./build
#   GNNC_BUILD_DIR=/tmp/b scripts/setup.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GNNC_BUILD_DIR:-$root/build}

packages=(
  cmake ninja-build g++ ccache python3
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  libabsl-dev libprotobuf-dev protobuf-compiler
  libgtest-dev libgmock-dev
  # PyTorch parity tests run Debian's torch from /usr/bin/python3; the
  # OpenMP OpenBLAS keeps its CPU reference from falling back to slow BLAS.
  python3-torch python3-numpy libopenblas0-openmp
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || {
      echo "setup: need root or sudo to install: ${missing[*]}" >&2
      exit 1
    }
    sudo=(sudo)
  fi
  # sudo resets the environment: pass DEBIAN_FRONTEND on its command line.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

cmake -G Ninja -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir"
echo "setup: built gnnc in $build_dir"
