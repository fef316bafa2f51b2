#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang and runs each for a given time.
#   scripts/fuzz.sh                       # every target, 60 s each
#   scripts/fuzz.sh -t 600 fuzz_npz       # one target, 10 minutes
#   FUZZ_BUILD_DIR=build-fuzz JOBS=2 scripts/fuzz.sh -t 30
#   scripts/fuzz.sh -r                    # reproducible: what the fuzz_short test runs
# Targets run JOBS at a time (default: one per core).
# A timed run (-t) draws a new random seed each time and goes wherever that leads: that is
# how new bugs are found. A reproducible run (-r) starts from seed 1 and stops after the
# number of inputs each target's "// runs:" line gives, so the same commit fuzzes the same
# inputs on every machine, however fast, and a CI failure is reproduced by running it again
# (-t still caps each target's time, so a slow machine stops early; it cannot fail
# differently). FUZZ_SEED changes the seed of either kind of run.
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
reproducible=0
while getopts "t:r" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    r) reproducible=1 ;;
    *) echo "usage: $0 [-t seconds] [-r] [target...]" >&2; exit 2 ;;
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

# One target's run; its report is printed once all have run.
fuzz_target() {
  local t=$1 return_status=0
  {
    name=${t#fuzz_}
    corpus=$build/corpus/$name findings=$build/findings/$name
    # A reproducible run starts from the seeds alone, not from what earlier runs added.
    [ "$reproducible" = 1 ] && { corpus=$build/corpus-from-seeds/$name; rm -rf "$corpus"; }
    mkdir -p "$corpus" "$findings"
    [ -d "fuzz/seeds/$name" ] && cp -n fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null || true
    for pattern in $(sed -n 's|^// seeds: ||p' "fuzz/$t.cpp"); do
      for f in $pattern; do [ -f "$f" ] && cp -n "$f" "$corpus/seed-$(echo "$f" | tr / _)" || true; done
    done
    limits=(-max_total_time="$seconds")
    [ -n "${FUZZ_SEED:-}" ] && limits+=(-seed="$FUZZ_SEED")
    if [ "$reproducible" = 1 ]; then
      runs=$(sed -n 's|^// runs: ||p' "fuzz/$t.cpp")
      [ -n "$runs" ] || { echo "fuzz.sh: fuzz/$t.cpp has no '// runs: N' line for -r" >&2; exit 2; }
      limits+=(-runs="$runs")
      [ -n "${FUZZ_SEED:-}" ] || limits+=(-seed=1)
      echo "fuzz.sh: $t, $runs inputs from seed ${FUZZ_SEED:-1} (at most ${seconds}s), corpus $(ls "$corpus" | wc -l) files"
    else
      echo "fuzz.sh: $t for ${seconds}s, corpus $(ls "$corpus" | wc -l) files"
    fi
    log=$build/$t.log
    # A reader that runs in a child process (read_hdf5) prints a sanitizer's report there
    # without failing the fuzzer: such a report in the log is a finding too.
    if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$build/$t" "${limits[@]}" -timeout=10 -rss_limit_mb=2048 \
        -max_len=1048576 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" > "$log" 2>&1 &&
        ! grep -q -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$log"; then
      echo "fuzz.sh: $t: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') executions, no findings"
    else
      return_status=1
      echo "fuzz.sh: $t FAILED; findings in $findings/, log $log:"
      grep -E -A30 "ERROR|==[0-9]+==|uncaught|deadly" "$log" | head -60
    fi
  } > "$build/$t.report"
  echo "$return_status" > "$build/$t.status"
}

# The targets run $jobs at a time (each is one process on one core, and reproducible alone);
# each leaves its report and its status in <build>/<target>.{report,status}.
for t in "${targets[@]}"; do
  rm -f "$build/$t.report" "$build/$t.status"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  fuzz_target "$t" &
done
wait || true
status=0
for t in "${targets[@]}"; do
  cat "$build/$t.report" 2>/dev/null || true
  case $(cat "$build/$t.status" 2>/dev/null) in
    0) ;;
    1) status=1 ;;
    *) status=1; echo "fuzz.sh: $t stopped before its run ended" ;;
  esac
done
exit $status
