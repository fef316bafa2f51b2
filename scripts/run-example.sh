#!/usr/bin/env bash
# Builds tapegrad (Release) and runs the main example (mnist): scripts/run-example.sh [example] [args]
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:-mnist}
shift || true
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target "$example"
"$build_dir/examples/$example" "$@"
