#!/usr/bin/env bash
# Benchmark: `repoaudit trend --commits N` against one `repoaudit scan` of the same repository (the issue's target:
# 20 points cost at most 5 scans). Give it any clone with a long history, e.g. a clone of Lightning-AI/pytorch-lightning.
#   tests/bench/trend.sh REPOSITORY [N]      (default N: 20)
# Environment: REPOAUDIT (a command to time instead of building this checkout, e.g. a `dotnet publish` output).
# CPU seconds are user + system of the whole process tree (git included); wall time is noisy on a shared machine.
set -euo pipefail
repo=$(cd "${1:?usage: tests/bench/trend.sh REPOSITORY [N]}" && pwd)
points=${2:-20}
source "$(dirname "$0")/repoaudit-command.sh"
echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files)"
format="%e s wall, %U+%S s CPU, %M KB max RSS"
for history in "" "--no-history"; do
  /usr/bin/time -f "scan $history: $format" $REPOAUDIT scan "$repo" $history --quiet --format json --output /dev/null || true
  /usr/bin/time -f "trend --commits $points $history: $format" $REPOAUDIT trend "$repo" --commits "$points" $history --quiet --format json --output /dev/null
done
