#!/usr/bin/env bash
# Benchmark: `repoaudit trend --commits N` against one `repoaudit scan` of the same repository (the issue's target:
# 20 points cost at most 5 scans). Give it any clone with a long history, e.g. a clone of Lightning-AI/pytorch-lightning.
#   tests/bench/trend.sh REPOSITORY [N]      (default N: 20)
# Environment: REPOAUDIT (a command to time instead of building this checkout, e.g. a `dotnet publish` output).
# CPU seconds are user + system of the whole process tree (git included); wall time is noisy on a shared machine.
set -euo pipefail
repo=$(cd "${1:?usage: tests/bench/trend.sh REPOSITORY [N]}" && pwd)
points=${2:-20}
cd "$(dirname "$0")/../.."
command -v /usr/bin/time >/dev/null || { echo "trend.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "${REPOAUDIT:-}" ]; then
  dotnet build src/RepoAudit.Cli -c Release -nologo -v q >/dev/null
  REPOAUDIT="dotnet src/RepoAudit.Cli/bin/Release/net10.0/repoaudit.dll"
fi
echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files)"
format="%e s wall, %U+%S s CPU, %M KB max RSS"
for history in "" "--no-history"; do
  /usr/bin/time -f "scan $history: $format" $REPOAUDIT scan "$repo" $history --quiet --format json --output /dev/null || true
  /usr/bin/time -f "trend --commits $points $history: $format" $REPOAUDIT trend "$repo" --commits "$points" $history --quiet --format json --output /dev/null
done
