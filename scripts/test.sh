#!/usr/bin/env bash
# Builds tapegrad (Release) and runs the whole test suite through CTest.
#   scripts/test.sh                 # build/ , all tests
#   BUILD_DIR=build-asan CMAKE_ARGS=-DTAPEGRAD_SANITIZE=ON scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} ${CMAKE_ARGS:-}
cmake --build "$build_dir" -j "$jobs"
cd "$build_dir"
ctest --output-on-failure -j "$jobs" "$@"
