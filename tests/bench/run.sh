#!/usr/bin/env bash
# Benchmark: `repoaudit scan` against git's floor and ripgrep on the same repositories (see tests/bench/README.md).
#   tests/bench/run.sh [TARGET...]     TARGET = COMMITSxMEGABYTES (synthetic, e.g. 10000x1024) or a path to a clone
#                                      (default: 1000x100)
# Environment: RUNS (best of, default 3), BENCH_DIR (where synthetic repositories are cached, default $TMPDIR),
# REPOAUDIT (a command to time instead of publishing this checkout, e.g. another build), LABEL (names that build),
# SKIP_FLOOR=1 (time only repoaudit, e.g. for the second of two builds), SKIP_RIPGREP=1 (no ripgrep row).
# Needs /usr/bin/time (apt-get install time), python3, git, dotnet; unless SKIP_RIPGREP=1, also ripgrep
# (apt-get install ripgrep) and PyYAML.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools=(/usr/bin/time python3 git)
[ -n "${SKIP_RIPGREP:-}" ] || tools+=(rg)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "run.sh needs $tool (see the header of this script)" >&2; exit 2; }
done
if [ -z "${REPOAUDIT:-}" ]; then
  dotnet publish src/RepoAudit.Cli -c Release -o artifacts/bench -nologo -v q >/dev/null
  REPOAUDIT="$PWD/artifacts/bench/repoaudit"
fi
[ $# -gt 0 ] || set -- 1000x100
exec python3 tests/bench/bench.py --repoaudit "$REPOAUDIT" --runs "${RUNS:-3}" --label "${LABEL:-}" ${SKIP_FLOOR:+--skip-floor} ${SKIP_RIPGREP:+--skip-ripgrep} "$@"
