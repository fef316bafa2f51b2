#!/usr/bin/env bash
# Compiles every tests/compat/*.cpp twice -- against tapegrad (through tests/compat/include,
# whose torch/torch.h forwards to <tapegrad/torch.hpp>) and against Debian's LibTorch 1.13 --
# then runs both builds and prints compile times and outputs side by side. This proves the
# programs are real LibTorch code and shows what the shim saves.
#
#   bash bench/compat_libtorch.sh [build-dir]      # build-dir holds libtapegrad.a (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
lib=$build/libtapegrad.a
[[ -f $lib ]] || { echo "no $lib: build the tapegrad target first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cxx=${CXX:-g++}
have_libtorch=0
[[ -f /usr/include/torch/csrc/api/include/torch/torch.h ]] && have_libtorch=1
# tapegrad's link line (its dependencies: BLAS, zlib, ...) as CMake resolved it for compat_regression
link=$build/tests/CMakeFiles/compat_regression.dir/link.txt
[[ -f $link ]] || { echo "no $link: configure $build first" >&2; exit 1; }
libs_tg=$(sed -E 's/.* -o [^ ]+ //; s#CMakeFiles/[^ ]+\.o##g; s#(^| )\.\./#\1'"$build"'/#g' "$link")
run() { local o rc=0; o=$("$1" 2>&1) || rc=$?; echo "$(echo "$o" | tail -1)  (exit $rc)"; }
time_cmd() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); echo "$end - $start" | bc; }
printf '%-20s %10s %10s\n' program tapegrad_s libtorch_s
for src in "$root"/tests/compat/*.cpp; do
  name=$(basename "$src" .cpp)
  t_tg=$(time_cmd $cxx -std=c++17 -O2 -I"$root/tests/compat/include" -I"$root/include" "$src" -o "$out/$name.tg" $libs_tg)
  t_lt=-
  if ((have_libtorch)); then
    t_lt=$(time_cmd $cxx -std=c++17 -O2 -I/usr/include/torch/csrc/api/include "$src" -o "$out/$name.lt" \
      -ltorch -ltorch_cpu -lc10 -Wno-deprecated-declarations 2>/dev/null)
  fi
  [[ $t_lt == - ]] || t_lt=$(printf "%.2f" "$t_lt")
  printf "%-20s %10.2f %10s\n" "$name" "$t_tg" "$t_lt"
  echo "  tapegrad: $(run "$out/$name.tg")"
  if ((have_libtorch)); then echo "  libtorch: $(run "$out/$name.lt")"; fi
done
