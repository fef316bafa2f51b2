#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang and runs each for a given time.
#   scripts/fuzz.sh                       # every target, 60 s each
#   scripts/fuzz.sh -t 600 fuzz_npz       # one target, 10 minutes
#   FUZZ_BUILD_DIR=build-fuzz JOBS=2 scripts/fuzz.sh -t 30
# The readers are compiled with clang + sanitizers (fuzz/CMakeLists.txt); the rest of the
# library comes from a normal build: TAPEGRAD_LIBRARY=<libtapegrad.a>, or else the script
# builds the `tapegrad` target in ${BUILD_DIR:-build}.
# Each target's corpus starts from fuzz/seeds/<name>/ plus the files its "// seeds:" line
# names, and grows in <build>/corpus/<name>/ across runs. A finding is saved as
# <build>/findings/<name>/crash-* (or leak-, timeout-, oom-) and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=60
while getopts "t:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    *) echo "usage: $0 [-t seconds] [target...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
build=${FUZZ_BUILD_DIR:-build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac
jobs=${JOBS:-$(nproc)}
cxx=${CLANGXX:-$(command -v clang++ || command -v clang++-14)}

library=${TAPEGRAD_LIBRARY:-}
if [ -z "$library" ]; then
  main=${BUILD_DIR:-build}
  [ -f "$main/CMakeCache.txt" ] || cmake -S . -B "$main" -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$main" -j "$jobs" --target tapegrad
  library=$(pwd)/$main/libtapegrad.a
fi
mkdir -p "$build"
cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DTAPEGRAD_LIBRARY="$library" > "$build/configure.log" 2>&1 || {
  cat "$build/configure.log"; exit 1; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

status=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  corpus=$build/corpus/$name findings=$build/findings/$name
  mkdir -p "$corpus" "$findings"
  [ -d "fuzz/seeds/$name" ] && cp -n fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null || true
  for pattern in $(sed -n 's|^// seeds: ||p' "fuzz/$t.cpp"); do
    for f in $pattern; do [ -f "$f" ] && cp -n "$f" "$corpus/seed-$(echo "$f" | tr / _)" || true; done
  done
  echo "fuzz.sh: $t for ${seconds}s, corpus $(ls "$corpus" | wc -l) files"
  log=$build/$t.log
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$build/$t" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" \
      > "$log" 2>&1; then
    echo "fuzz.sh: $t: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') executions, no findings"
  else
    status=1
    echo "fuzz.sh: $t FAILED; findings in $findings/, log $log:"
    grep -E -A30 "ERROR|==[0-9]+==|uncaught|deadly" "$log" | head -60
  fi
done
exit $status
