#!/usr/bin/env bash
# Builds tapegrad and runs the whole test suite through CTest:
#   1. a Release build in build/: every test (unit tests, examples, header and format checks,
#      the install test, a short fuzz run);
#   2. an AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/: the unit tests
#      again (label `unit`, without the `slow` ones), so memory errors, leaks and undefined
#      behaviour fail the run.
#   scripts/test.sh                     # both
#   SANITIZERS=0 scripts/test.sh        # the Release pass only
#   scripts/test.sh -R data_            # extra arguments go to the Release pass's ctest
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} "${launcher[@]}" ${CMAKE_ARGS:-}
cmake --build "$build_dir" -j "$jobs"
(cd "$build_dir" && ctest --output-on-failure -j "$jobs" "$@")

if [ "${SANITIZERS:-1}" != 0 ]; then
  asan_dir=${ASAN_BUILD_DIR:-build-asan}
  # -O1 -g1: a third of RelWithDebInfo's compile time, with file:line in every report
  cmake -S . -B "$asan_dir" -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" -DTAPEGRAD_SANITIZE=ON \
    -DTAPEGRAD_BUILD_EXAMPLES=OFF -DTAPEGRAD_BUILD_BENCH=OFF -DTAPEGRAD_FUZZ_TEST=OFF "${launcher[@]}"
  cmake --build "$asan_dir" -j "$jobs"
  (cd "$asan_dir" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure -j "$jobs" -L unit -LE slow)
fi
