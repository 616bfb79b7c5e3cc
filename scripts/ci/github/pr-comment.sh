#!/usr/bin/env bash
# Writes the pull request comment of a gate run to OUT: the hidden marker that pr-comment-post.sh finds the
# comment by, the verdict, the first TOP (default 5, at most 20) failing budget rows and the first TOP rows of
# the top regressions, from the run's summary.md (cli/README.md, CI). Every line is cut to 400 characters, so
# the comment stays far below GitHub's 65536. Without a summary.md (the gate stopped before its report): the
# verdict and exit code from PERF_VERDICT and PERF_EXIT_CODE.
#   pr-comment.sh SUMMARY_MD OUT [TOP]
set -euo pipefail

summary=${1:?usage: pr-comment.sh SUMMARY_MD OUT [TOP]}
out=${2:?usage: pr-comment.sh SUMMARY_MD OUT [TOP]}
top=${3:-5}
[[ "$top" =~ ^[0-9]+$ ]] || top=5
((top <= 20)) || top=20

run_url=""
if [[ -n "${GITHUB_SERVER_URL:-}" && -n "${GITHUB_REPOSITORY:-}" && -n "${GITHUB_RUN_ID:-}" ]]; then
    run_url="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
fi

{
    echo "<!-- ollama-perf-gate -->"
    if [[ -f "$summary" ]]; then
        awk -v top="$top" '
            function put(line) { print substr(line, 1, 400) }
            NR == 1 && /^# Performance gate: / { sub(/^# /, "### "); put($0); print ""; next }
            /^## / { section = $0; header = 0; next }
            section == "## Budgets" && /^\| Result \|/ { head1 = $0; next }
            section == "## Budgets" && /^\| FAIL \|/ {
                if (fails == 0) { print "Failing budgets:"; print ""; put(head1); print "|---|---|---|---|---|" }
                if (fails++ < top) put($0)
                next
            }
            section ~ /^## Top regressions/ && /^\| Metric \|/ { head2 = $0; next }
            section ~ /^## Top regressions/ && /^\| `/ {
                if (regs == 0) {
                    if (fails > 0) print ""
                    t = section; sub(/^## /, "", t); put(t ":"); print ""
                    put(head2); print "|---|---|---|---|---|---|"
                }
                if (regs++ < top) put($0)
                next
            }
            END {
                if (fails > top) print "\n(" fails - top " more failing budgets in the job summary)"
                if (fails == 0 && regs == 0) print "No failing budgets, no regressions."
            }
        ' "$summary"
    else
        echo "### Performance gate: ${PERF_VERDICT:-ERROR}"
        echo ""
        echo "No report was written (exit code ${PERF_EXIT_CODE:-unknown}); see the job's log."
    fi
    if [[ -n "$run_url" ]]; then
        echo ""
        echo "[Job summary and run folder]($run_url)"
    fi
} >"$out"
