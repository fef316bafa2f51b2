#!/usr/bin/env bash
# Installs everything tapegrad needs on a fresh Debian 12 machine. Idempotent; run as root
# (or with sudo available). Only Debian packages are used.
set -euo pipefail

packages=(
  build-essential cmake
  libxtensor-dev libxtensor-blas-dev libopenblas-dev   # tensors and BLAS
  libboost-test-dev                                    # unit tests
  zlib1g-dev                                           # gzip'd IDX data files
  libhdf5-dev libmatio-dev pkg-config                  # data/: HDF5 (cat set) and MATLAB .mat readers
  dataset-fashion-mnist                                # Fashion-MNIST in /usr/share/datasets (data tests)
  python3-numpy                                        # checkpoint interop test (numpy.load)
  clang clang-format                                   # header checks under clang, format_check
  libclang-rt-14-dev                                   # libFuzzer for fuzz/ (the fuzz_short test)
  libcli11-dev nlohmann-json3-dev libstb-dev gnuplot-nox libgnuplot-iostream-dev libboost-iostreams-dev libboost-filesystem-dev  # examples/
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
