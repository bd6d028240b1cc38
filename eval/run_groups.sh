#!/usr/bin/env bash
# Runs one build of RepoAudit over groups of split.yml and keeps, per group, the JSON reports and compare.py's summary.
# Not part of CI: it needs the clones (eval/clone_from_snapshot.py makes them).
#
#   eval/run_groups.sh DLL RUN_NAME RUNS_DIR CLONES_DIR GROUP...
#
# writes RUNS_DIR/RUN_NAME-GROUP/*.json and RUNS_DIR/RUN_NAME-GROUP.txt. JOBS (default: the machine's processor count)
# groups run at once. The summary's first line is the group's agreement; abtest.py pairs two runs' report folders.
set -euo pipefail
[[ $# -ge 5 ]] || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }
dll=$1 name=$2 runs=$3 clones=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$runs"
printf '%s\n' "$@" | xargs -P "${JOBS:-$(nproc)}" -I{} sh -c '
  python3 "$0/compare.py" --tool "dotnet $1/repoaudit.dll" --clones "$3" --half "{}" --out "$2/$4-{}" > "$2/$4-{}.txt" 2>&1 ||
    echo "group {} failed: see $2/$4-{}.txt" >&2
  head -1 "$2/$4-{}.txt"' "$here" "$dll" "$runs" "$clones" "$name"
