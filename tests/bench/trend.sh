#!/usr/bin/env bash
# Benchmark: `repoaudit trend --commits N` against one `repoaudit scan` of the same repository (the issue's target:
# 20 points cost at most 5 scans). Give it any clone with a long history, e.g. a clone of Lightning-AI/pytorch-lightning.
#   tests/bench/trend.sh REPOSITORY [N]      (default N: 20)
set -euo pipefail
repo=$(cd "${1:?usage: tests/bench/trend.sh REPOSITORY [N]}" && pwd)
points=${2:-20}
cd "$(dirname "$0")/../.."
dotnet build src/RepoAudit.Cli -c Release -nologo -v q >/dev/null
cli="dotnet src/RepoAudit.Cli/bin/Release/net10.0/repoaudit.dll"
echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files)"
for history in "" "--no-history"; do
  /usr/bin/time -f "scan $history: %e s, %M KB max RSS" $cli scan "$repo" $history --quiet --format json --output /dev/null || true
  /usr/bin/time -f "trend --commits $points $history: %e s, %M KB max RSS" $cli trend "$repo" --commits "$points" $history --quiet --format json --output /dev/null
done
