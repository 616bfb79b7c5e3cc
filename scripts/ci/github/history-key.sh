#!/usr/bin/env bash
# Prints the cache key and restore keys of the gate's history database, as GITHUB_OUTPUT lines:
#   key=perf-history/<os>-<arch>-<machine>/<branch>/<run id>-<attempt>
#   restore-keys<<EOF ... EOF   the branch's prefix, then the base branch's (a pull request's target, else
#                               PERF_DEFAULT_BRANCH), so a new pull request starts from that history.
# <branch> is GITHUB_HEAD_REF in a pull request, else GITHUB_REF_NAME; '%', '/', ',' are escaped so that one
# branch's prefix never matches another branch ("main/" does not match "main%2Fx/").
# <machine> hashes what shapes the numbers (CPU count, memory, CPU model) unless PERF_MACHINE_FINGERPRINT is
# set. A coarse guard only: the history also keys each run by the reports' MachineFingerprint and compares a run
# with runs of the same machine only, so restoring a history written on another machine shape is harmless.
set -euo pipefail

escape() {
    local s=${1//%/%25}
    s=${s//\//%2F}
    printf '%s' "${s//,/%2C}"
}

machine() {
    if [[ -n "${PERF_MACHINE_FINGERPRINT:-}" ]]; then
        printf '%s' "$PERF_MACHINE_FINGERPRINT"
        return
    fi
    local cpus mem model
    cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
    mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || true)
    [[ -n "$mem" ]] || mem=$(sysctl -n hw.memsize 2>/dev/null || echo '?')
    model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    [[ -n "$model" ]] || model=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || echo '?')
    # memory in GiB: the kernel's MemTotal moves by a few kB between boots of the same machine shape
    [[ "$mem" =~ ^[0-9]+$ ]] && mem=$((mem / 1048576))
    printf '%s' "$cpus|$mem|$model" | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-12
}

branch=${GITHUB_HEAD_REF:-}
[[ -n "$branch" ]] || branch=${GITHUB_REF_NAME:?GITHUB_REF_NAME is not set}
base=${GITHUB_BASE_REF:-}
[[ -n "$base" ]] || base=${PERF_DEFAULT_BRANCH:-}

prefix="perf-history/${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-$(machine)"
echo "key=$prefix/$(escape "$branch")/${GITHUB_RUN_ID:-0}-${GITHUB_RUN_ATTEMPT:-1}"
echo "restore-keys<<EOF"
echo "$prefix/$(escape "$branch")/"
if [[ -n "$base" && "$base" != "$branch" ]]; then
    echo "$prefix/$(escape "$base")/"
fi
echo "EOF"
