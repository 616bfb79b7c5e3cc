#!/usr/bin/env bash
# Creates or updates the one gate comment on pull request PR_NUMBER of GITHUB_REPOSITORY: the first comment whose
# body starts with the marker is edited, else a new one is posted. Needs gh with GH_TOKEN and, in the workflow,
# `permissions: pull-requests: write`.
#   pr-comment-post.sh BODY_FILE PR_NUMBER
set -euo pipefail

body=${1:?usage: pr-comment-post.sh BODY_FILE PR_NUMBER}
pr=${2:?usage: pr-comment-post.sh BODY_FILE PR_NUMBER}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
marker='<!-- ollama-perf-gate -->'

id=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
    --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [[ -n "$id" ]]; then
    gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" >/dev/null
    echo "updated comment $id"
else
    gh api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$body" >/dev/null
    echo "posted a comment on #$pr"
fi
