#!/usr/bin/env bash
# The capacity-stability measurement (docs/measurements/2026-12-06-capacity-stability.md): N sweeps of
# `perf capacity --levels 1,2,3,4` against a standalone emulator with a known slot count, while a CPU hog
# takes one core; prints each sweep's knee and recommendations, then how often OLLAMA_NUM_PARALLEL agreed.
# The harness is not told the slots (no OLLAMA_NUM_PARALLEL in its environment): the answer must come
# from what the sweep measured.
#
# Usage: scripts/capacity-stability.sh [SWEEPS=10] [SLOTS=2] [STEP=8s]   (PORT, OUT, HOG=0 in the environment)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SWEEPS="${1:-10}"
SLOTS="${2:-2}"
STEP="${3:-8s}"
PORT="${PORT:-11500}"
OUT="${OUT:-$ROOT/target/perf/capacity-stability}"
mkdir -p "$OUT"
unset OLLAMA_NUM_PARALLEL OLLAMA_HOST

cd "$ROOT"
scripts/perf emulator --port "$PORT" --num-parallel "$SLOTS" >"$OUT/emulator.log" 2>&1 &
EMULATOR=$!
HOG_PID=""
cleanup() {
  kill "$EMULATOR" 2>/dev/null || true
  [[ -n "$HOG_PID" ]] && kill "$HOG_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$PORT/api/version" >/dev/null && break
  sleep 1
done
if [[ "${HOG:-1}" != "0" ]]; then
  timeout 3600 sh -c 'while :; do :; done' &
  HOG_PID=$!
fi

printf '%-6s %-14s %-6s %-10s %-10s %-8s %-6s\n' sweep knee level PARALLEL MAX_CONC rounds secs | tee "$OUT/summary.txt"
for i in $(seq "$SWEEPS"); do
  run="$OUT/sweep-$i"
  rm -rf "$run"
  start=$(date +%s)
  OLLAMA_ENDPOINT="http://127.0.0.1:$PORT" scripts/perf capacity --levels 1,2,3,4 --step "$STEP" --run "$run" \
    >"$OUT/sweep-$i.log" 2>&1 || echo "sweep $i: exit $?" >>"$OUT/summary.txt"
  secs=$(( $(date +%s) - start ))
  rounds=$(find "$run" -maxdepth 1 -name 'repeat-*' -type d | wc -l)
  python3 - "$run/capacity.json" "$i" "$rounds" "$secs" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys
c = json.load(open(sys.argv[1]))
rec = {r["name"]: r["value"] for r in c["recommendations"]}
print("%-6s %-14s %-6s %-10s %-10s %-8s %-6s" % (sys.argv[2], c["knee"]["verdict"], c["knee"]["level"],
      rec["OLLAMA_NUM_PARALLEL"], rec["OLLAMA_MAX_CONCURRENT"], sys.argv[3], sys.argv[4]))
PY
done
echo "OLLAMA_NUM_PARALLEL by sweep:" | tee -a "$OUT/summary.txt"
awk 'NR > 1 && $1 ~ /^[0-9]+$/ {print $4}' "$OUT/summary.txt" | sort | uniq -c | tee -a "$OUT/summary.txt"
