#!/usr/bin/env bash
# The injector-merge measurement (docs/measurements/2026-12-07-injector-merge.md, docs/injectors.md): one
# `perf load arrival` process carrying RATE arrivals/s for DURATION against a standalone emulator, then two
# `perf load arrival --injector K/2` processes sharing the same load from a common --start-at, each with its own
# file in one run folder; prints the one process's figures beside the two injectors' merged ones (perf report merges
# them), and each injector's own.
#
# Usage: scripts/injector-merge.sh [DURATION=60s] [RATE=4] [LEAD=20]   (PORT, OUT in the environment; LEAD: seconds
# from the injectors' launch to their common start)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-60s}"
RATE="${2:-4}"
LEAD="${3:-20}"
PORT="${PORT:-11600}"
OUT="${OUT:-$ROOT/target/perf/injector-merge}"
rm -rf "$OUT"
mkdir -p "$OUT"
unset OLLAMA_NUM_PARALLEL OLLAMA_HOST OLLAMA_ENDPOINT

cd "$ROOT"
scripts/perf emulator --port "$PORT" --num-parallel 16 >"$OUT/emulator.log" 2>&1 &
EMULATOR=$!
trap 'kill "$EMULATOR" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$PORT/api/version" >/dev/null && break
  sleep 1
done

LOAD=(load arrival -Dollama.perf.endpoint="http://127.0.0.1:$PORT" -Dollama.perf.rate="$RATE"
  -Dollama.perf.duration="$DURATION" -Dollama.perf.numPredict=32)
scripts/perf "${LOAD[@]}" --run "$OUT/one" >"$OUT/one.log" 2>&1
START="$(date -u -d "+$LEAD sec" +%Y-%m-%dT%H:%M:%SZ)"
scripts/perf "${LOAD[@]}" --run "$OUT/two" --injector 1/2 --start-at "$START" >"$OUT/injector-1.log" 2>&1 &
FIRST=$!
scripts/perf "${LOAD[@]}" --run "$OUT/two" --injector 2/2 --start-at "$START" >"$OUT/injector-2.log" 2>&1
wait "$FIRST"
grep -h "start time" "$OUT"/injector-*.log
for run in one two; do
  scripts/perf report "$OUT/$run" --no-history >"$OUT/report-$run.log" 2>&1 || true
done
python3 - "$OUT" <<'PY'
import json, sys, glob, os
out = sys.argv[1]
def metrics(run):
    return {m["name"]: m["value"] for m in json.load(open(os.path.join(out, run, "results.json")))["metrics"]}
one, two = metrics("one"), metrics("two")
names = sorted(n for n in one if n.startswith("load.arrival.") and (n.endswith((".ttft.p50", ".ttft.p90", ".ttft.p99",
    ".e2e.p50", ".e2e.p90", ".inter_token.p50")) or n.endswith(".requests") or n == "load.arrival.throughput.rps"))
print("%-48s %12s %12s %8s" % ("metric", "one process", "2 merged", "ratio"))
for n in names:
    a, b = one[n], two.get(n, float("nan"))
    print("%-48s %12.2f %12.2f %8.3f" % (n, a, b, b / a if a else float("nan")))
for f in sorted(glob.glob(os.path.join(out, "two", "load", "metrics-*injector-*.json"))):
    s = json.load(open(f))["scenarios"][0]
    m = s["models"][0]
    print("%s: %s, %d requests, window %s .. %s" % (os.path.basename(f), s["status"], m["counters"]["requests"],
          s["window"]["start"], s["window"]["end"]))
for f in sorted(glob.glob(os.path.join(out, "two", "load", "harness-injector-*.json"))):
    h = json.load(open(f))
    lag = h["dispatch_lag_ms"].get("arrival", {})
    print("%s: dispatch lag p99 %.1f ms, health %s" % (os.path.basename(f), lag.get("p99", float("nan")), h.get("health")))
PY
