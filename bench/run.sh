#!/usr/bin/env bash
# The side-by-side benchmark: tapegrad, PyTorch, LibTorch (when libtorch-dev is installed) and
# numpy run the same workloads, alternating, N repetitions, at 1 and 2 threads, every process
# under the same OpenBLAS kernels; bench/RESULTS.md gets the medians, the ratios and peak RSS.
#   bash bench/run.sh            # short run (~10 min): fewer repetitions, MNIST on 100 batches
#   bash bench/run.sh --full     # the real figures: 5 repetitions, whole MNIST epochs
#   REPS=n ONLY="xor mnist1" bash bench/run.sh   # a subset (ops xor digits mnist1 mnist2 cat linear)
# Times are process CPU seconds (the machine may be shared) and wall seconds; the 2-thread
# ratios use wall time (CPU time cannot show a parallel speedup). The kernels are whatever
# OPENBLAS_CORETYPE says in this environment (left as it is, and reported); an extra pass runs
# MNIST, cat and Linear for every framework on the other kernels: OPENBLAS_CORETYPE unset
# (OpenBLAS's own choice) when the environment sets it, Haswell-class ones when it does not.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
full=0
[[ "${1:-}" == "--full" ]] && full=1
PY=/usr/bin/python3
BUILD=${BUILD:-build}
OUT=$BUILD/bench
export BENCH_CACHE=$root/$OUT/cache
export TAPEGRAD_DATA=${TAPEGRAD_DATA:-$root/../shared/data}
if ((full)); then REPS=${REPS:-5}; BATCHES=0; CAT=200; DIG=4041; XOR=10000; OPS=300; LIN=50
else REPS=${REPS:-3}; BATCHES=100; CAT=40; DIG=1347; XOR=3000; OPS=100; LIN=20; fi
ONLY=${ONLY:-"ops xor digits mnist1 mnist2 cat linear"}
mkdir -p "$OUT" "$BENCH_CACHE"
log() { printf '[%4ds] %s\n' $SECONDS "$*" >&2; }

log "build"
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target bench_workloads >/dev/null
fws="tapegrad pytorch numpy"
if [ -f /usr/include/torch/csrc/api/include/torch/torch.h ]; then
  if [ ! -x "$OUT/libtorch_workloads" ] || [ bench/libtorch/workloads.cpp -nt "$OUT/libtorch_workloads" ]; then
    g++ -O2 -std=c++17 -I/usr/include/torch/csrc/api/include bench/libtorch/workloads.cpp \
        -o "$OUT/libtorch_workloads" -ltorch -ltorch_cpu -lc10 -lopenblas
  fi
  fws="tapegrad libtorch pytorch numpy"
else
  log "libtorch-dev not installed: LibTorch skipped"
fi
[ -s "$BENCH_CACHE/mnist_train_x.u8" ] || "$OUT/bench_workloads" prep "$BENCH_CACHE"

args() {  # args WORKLOAD -> the workload's command-line arguments
  case $1 in
    ops) echo "ops $OPS" ;; xor) echo "xor $XOR" ;; digits) echo "digits $DIG" ;;
    mnist1) echo "mnist 784,128,10 $BATCHES" ;; mnist2) echo "mnist 784,256,128,10 $BATCHES" ;;
    cat) echo "cat $CAT" ;; linear) echo "linear $LIN" ;;
  esac
}
cmd() {  # cmd FRAMEWORK -> the program
  case $1 in
    tapegrad) echo "$OUT/bench_workloads" ;; libtorch) echo "$OUT/libtorch_workloads" ;;
    pytorch) echo "$PY bench/py/torch_workloads.py" ;; numpy) echo "$PY bench/py/numpy_workloads.py" ;;
  esac
}
RAW=$OUT/results.jsonl
: > "$RAW"
# run KERNELS THREADS FRAMEWORK WORKLOAD: one process, its JSON line tagged and appended
run() {
  local kernels=$1 t=$2 fw=$3 wl=$4 line
  local envs=(TAPEGRAD_BENCH_THREADS=$t OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t OMP_WAIT_POLICY=PASSIVE)
  if [[ $kernels == openblas-auto ]]; then envs=(-u OPENBLAS_CORETYPE "${envs[@]}"); fi
  if [[ $kernels == forced-Haswell ]]; then envs=(OPENBLAS_CORETYPE=Haswell "${envs[@]}"); fi
  if line=$(env "${envs[@]}" $(cmd "$fw") $(args "$wl") 2>"$OUT/last_error.txt"); then
    echo "$line" | sed "s/^{/{\"kernels\": \"$kernels\", \"cfg\": $t, \"workload\": \"$wl\", /" >> "$RAW"
  else
    log "FAILED: $fw $wl ($(head -c 300 "$OUT/last_error.txt"))"
  fi
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
env_kernels=${OPENBLAS_CORETYPE:+env-$OPENBLAS_CORETYPE}
env_kernels=${env_kernels:-openblas-auto}
order=($fws)
for rep in $(seq "$REPS"); do
  log "repetition $rep/$REPS"
  for t in 1 2; do
    for wl in $ONLY; do
      # rotate the order each repetition, so that no framework always runs first
      for i in "${!order[@]}"; do
        fw=${order[$(((i + rep) % ${#order[@]}))]}
        run "$env_kernels" "$t" "$fw" "$wl"
      done
    done
  done
done
# The other kernel family, for every framework alike: OpenBLAS's own choice when the environment
# sets OPENBLAS_CORETYPE, Haswell-class kernels (AVX2) when it does not.
extra_kernels=openblas-auto extra_what="OpenBLAS's own kernel choice (OPENBLAS_CORETYPE unset)"
if [[ $env_kernels == openblas-auto ]]; then
  extra_kernels=forced-Haswell extra_what="Haswell-class kernels (OPENBLAS_CORETYPE=Haswell)"
fi
log "$extra_what"
for rep in $(seq $(( (REPS + 1) / 2 ))); do
  for wl in mnist1 cat linear; do
    [[ " $ONLY " == *" $wl "* ]] || continue
    for fw in $fws; do run "$extra_kernels" 1 "$fw" "$wl"; done
  done
done
{
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) CPUs; $(lscpu | sed -n 's/^Flags:.*\(avx512f\).*/AVX-512/p')$(lscpu | grep -q ' avx2 ' && echo ', AVX2'))"
  echo "tapegrad blas: $(env OPENBLAS_NUM_THREADS=1 "$OUT/bench_workloads" blas)"
  echo "OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE-unset}; OMP_WAIT_POLICY=PASSIVE in every run; threads 1 and 2 (TAPEGRAD_BENCH_THREADS = OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = torch.set_num_threads)"
  echo "load average at the start: $load_start"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date: $(date -u +%FT%TZ); run: bash bench/run.sh $*; repetitions $REPS; MNIST batches ${BATCHES/#0/all 469}"
} > "$OUT/machine.txt"
$PY bench/py/summarize.py "$RAW" "$OUT/machine.txt" $full > bench/RESULTS.md
log "done: bench/RESULTS.md ($(wc -l < "$RAW") runs in $RAW)"
