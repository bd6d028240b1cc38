#!/usr/bin/env bash
# Benchmark: times `repoaudit scan` on a synthetic repository with many files and a long history.
#   tests/bench/run.sh [FILES] [COMMITS]      (defaults: 20000 files, 5000 commits)
# Uses hyperfine when installed (apt-get install hyperfine), otherwise three timed runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-20000}
commits=${2:-5000}
repo="${TMPDIR:-/tmp}/repoaudit-bench-${files}-${commits}"
[ -d "$repo/.git" ] || python3 tests/bench/make_repo.py "$repo" --files "$files" --commits "$commits"
dotnet build src/RepoAudit.Cli -c Release -nologo -v q >/dev/null
cli="dotnet src/RepoAudit.Cli/bin/Release/net10.0/repoaudit.dll"
echo "repository: $repo ($(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" rev-list --count HEAD) commits)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 -i "$cli scan $repo --format json --output /dev/null" "$cli scan $repo --no-history --format json --output /dev/null"
else
  for mode in "" "--no-history"; do
    for i in 1 2 3; do
      /usr/bin/time -f "scan $mode: %e s, %M KB max RSS" $cli scan "$repo" $mode --format json --output /dev/null || true
    done
  done
fi
