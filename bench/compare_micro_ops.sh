#!/usr/bin/env bash
# Per-op overhead and Linear layer cost of tapegrad against LibTorch (Debian's libtorch-dev, reference only), both
# measured in this run, alternating, 5 rounds; prints the medians and tapegrad/LibTorch ratios.
#   bash bench/compare_micro_ops.sh   (needs build/ from scripts/test.sh and libtorch-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED_DIR:-../shared}
out=build/bench
mkdir -p "$out"
cmake --build build --target bench_micro_ops >/dev/null
if [ ! -x "$out/micro_libtorch" ]; then
  g++ -O2 -std=c++17 -I/usr/include/torch/csrc/api/include "$shared/bench/src/micro_libtorch.cpp" \
      -o "$out/micro_libtorch" -ltorch -ltorch_cpu -lc10 -lopenblas
fi
for round in 1 2 3 4 5; do
  "$out/micro_libtorch" all 15
  "$out/bench_micro_ops" 15 all
done | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
linear = sorted({r["exp"] for r in rows if r["exp"].startswith("micro_linear")})
for exp in linear:
    for k in ("us_per_step", "us_fwd_nograd"):
        t = statistics.median(r[k] for r in rows if r["exp"] == exp and r["fw"] == "tapegrad")
        l = statistics.median(r[k] for r in rows if r["exp"] == exp and r["fw"] == "libtorch")
        print("%-30s %10.1f %10.1f %8.2f" % (exp[6:] + " " + k[3:], t, l, t / l))
rows = [r for r in rows if r["exp"] == "micro_ops"]
keys = ["us_per_op_nograd", "us_per_op_fwd", "us_per_op_fwd_bwd", "us_single_add_plus_backward"]
med = {fw: {k: statistics.median(r[k] for r in rows if r["fw"] == fw) for k in keys} for fw in ("tapegrad", "libtorch")}
print("%-30s %10s %10s %8s" % ("median over 5 rounds", "tapegrad", "libtorch", "ratio"))
for k in keys:
    print("%-30s %10.3f %10.3f %8.2f" % (k, med["tapegrad"][k], med["libtorch"][k], med["tapegrad"][k] / med["libtorch"][k]))
'
