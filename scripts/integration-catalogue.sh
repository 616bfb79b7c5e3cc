#!/usr/bin/env bash
# The gate against injected regressions of the integration's configuration and code: runs the gate's load half
# (the scenarios each mutation names; JMH reduced to one benchmark in smoke mode, since no mutation here reaches it)
# RUNS times per mutation and UNCHANGED times without one, and writes one line per gate run to
# $OUT/catalogue.tsv: mutation, run, exit code, failing budget metrics. The summary at the end gives each
# mutation's detection rate and the false-alarm rate of the unchanged runs (after confirmation: --confirm 1,
# the gate's default).
#
# Usage: scripts/integration-catalogue.sh [RUNS] [UNCHANGED] [DURATION]    (defaults: 5 20 10s)
#        OUT=target/perf/catalogue ONLY=concurrency-1,cache-off scripts/integration-catalogue.sh 5 0
# A mutation is either a setting a pull request can change (the application's environment, which the gate passes
# to the integration's JVM, as production does, or the integration's JVM options), or a change of the integration's
# code, injected by the mutations agent (mutations/README.md) on the integration's JVM at the stated magnitude; the
# agent jar is built when missing. Each mutation runs the scenarios that can see it (default steady,cache).
# Unattended; a rerun appends.
set -euo pipefail

RUNS=${1:-5}
UNCHANGED=${2:-20}
DURATION=${3:-10s}
OUT=${OUT:-target/perf/catalogue}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mkdir -p "$OUT"
TSV="$OUT/catalogue.tsv"
[[ -f $TSV ]] || printf 'mutation\trun\texit\tfailing\n' > "$TSV"

AGENT="$ROOT/mutations/target/ollama-perf-mutations.jar"
code() { # the gate argument that injects the code mutations $1 (NAME[:MAGNITUDE][,...]) into the integration
  echo "-Dollama.perf.integrationJvmOptions=-javaagent:$AGENT=$1"
}

# name | environment (NAME=VALUE ...) | extra gate arguments | scenarios (default steady,cache)
MUTATIONS=(
  "concurrency-1|OLLAMA_MAX_CONCURRENT=1||"
  "concurrency-3|OLLAMA_MAX_CONCURRENT=3||"
  "concurrency-4|OLLAMA_MAX_CONCURRENT=4||"
  "cache-off|OLLAMA_CACHE_ENABLED=false||"
  "cache-ttl-1s|OLLAMA_CACHE_TTL=1s||"
  "cache-memory-tier-1k|OLLAMA_CACHE_MEMORY_BYTES=1k||"
  "rate-limit-1|OLLAMA_RATE_LIMIT=1||"
  "heap-16m||-Dollama.perf.integrationJvmOptions=-Xmx16m|"
  "interpreter-only||-Dollama.perf.integrationJvmOptions=-Xint|"
  # The integration's code (mutations/README.md). The chunk delay and the leak as ladders of magnitudes, to find the
  # smallest each budget catches every time. A delay per chunk shorter than the model's token interval (about 55 ms
  # under the steady load) leaves the gaps alone and moves the first token by one delay, so added TTFT (50 ms limit)
  # is the budget that can see it; a leak adds its size to the retained-per-request budget's 27-29 KB (64 KB limit).
  # Mutations that only touch the steady path's streaming or memory run steady alone; the cache's, cache alone.
  "chunk-delay-10ms||$(code chunk-delay:10ms)|steady"
  "chunk-delay-20ms||$(code chunk-delay:20ms)|steady"
  "chunk-delay-30ms||$(code chunk-delay:30ms)|steady"
  "chunk-delay-40ms||$(code chunk-delay:40ms)|steady"
  "chunk-delay-50ms||$(code chunk-delay:50ms)|steady"
  "nagle||$(code nagle)|steady"
  "json-tree-per-chunk||$(code json-tree-per-chunk)|steady"
  "alloc-64k||$(code alloc:64)|steady"
  "leak-10k||$(code leak:10)|steady"
  "leak-20k||$(code leak:20)|steady"
  "leak-32k||$(code leak:32)|steady"
  "leak-48k||$(code leak:48)|steady"
  "leak-64k||$(code leak:64)|steady"
  "cache-bypass||$(code cache-bypass)|cache"
  "unstable-cache-key||$(code unstable-cache-key)|cache"
  "sqlite-lock||$(code sqlite-lock)|cache"
  "upstream-no-keepalive||$(code upstream-no-keepalive)|steady"
)

gate() { # name run env scenarios args...
  local name=$1 run=$2 env=$3 scenarios=${4:-steady,cache}
  shift 4
  local dir="$OUT/runs/$name-$run"
  rm -rf "$dir"
  local status=0
  # shellcheck disable=SC2086
  env $env scripts/perf gate --run "$dir" --no-history --bench-mode smoke --bench-include 'CacheBenchmark.get_hit$' \
    --scenarios "$scenarios" --duration "$DURATION" "$@" > "$OUT/$name-$run.log" 2>&1 || status=$?
  local failing
  failing=$(python3 - "$dir/results.json" <<'EOF'
import json, sys
try:
    results = json.load(open(sys.argv[1]))
except OSError:
    print("(no results.json)")
    sys.exit()
print(",".join(sorted({b["metric"] for b in results.get("budgets", []) if b["outcome"] == "FAIL"})) or "-")
EOF
)
  printf '%s\t%s\t%s\t%s\n' "$name" "$run" "$status" "$failing" >> "$TSV"
  echo "$(date -u +%H:%M:%S) $name run $run: exit $status ($failing)"
}

wanted() { [[ -z ${ONLY:-} || ",$ONLY," == *",$1,"* ]]; }

for m in "${MUTATIONS[@]}"; do
  IFS='|' read -r name _ args _ <<< "$m"
  if [[ $args == *-javaagent:* && ! -f $AGENT ]] && wanted "$name"; then
    echo "building the mutations agent ($AGENT)"
    ./mvnw -q -pl mutations -am package -DskipTests
    break
  fi
done

# Rounds interleave the unchanged runs with the mutations, so machine drift meets both alike.
ROUNDS=$((RUNS > UNCHANGED ? RUNS : UNCHANGED))
for ((i = 1; i <= ROUNDS; i++)); do
  if ((i <= UNCHANGED)) && wanted unchanged; then
    gate unchanged "$i" "" ""
  fi
  ((i <= RUNS)) || continue
  for m in "${MUTATIONS[@]}"; do
    IFS='|' read -r name env args scenarios <<< "$m"
    wanted "$name" || continue
    # shellcheck disable=SC2086
    gate "$name" "$i" "$env" "$scenarios" $args
  done
done

python3 - "$TSV" <<'EOF'
import collections, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])][1:]
runs = collections.defaultdict(list)
for name, run, status, failing in rows:
    runs[name].append((int(status), failing))
print(f"{'mutation':24} {'runs':>4} {'exit 1':>6}  failing budgets (any run)")
for name, results in runs.items():
    failed = sum(1 for status, _ in results if status == 1)
    metrics = sorted({m for _, f in results for m in f.split(",") if m not in ("-", "")})
    print(f"{name:24} {len(results):4} {failed:6}  {', '.join(metrics)[:150]}")
EOF
