#!/usr/bin/env bash
# A rule change measured the way the README reports it: two builds of RepoAudit run over every group that may be tuned
# on (split.yml less disagreements.py's NEVER_TUNED), each group's agreement printed side by side, then abtest.py's
# verdict-by-verdict count. Not part of CI: it needs the clones (clone_from_snapshot.py makes them).
#
#   eval/ab.sh BEFORE_DLL AFTER_DLL RUNS_DIR CLONES_DIR [GROUP...]
#
# A DLL is a folder holding repoaudit.dll (`dotnet publish src/RepoAudit.Cli -c Release -o DIR`). Runs go to
# RUNS_DIR/before-GROUP and RUNS_DIR/after-GROUP; a group already run there is not run again, so after a rule edit
# delete the after-* folders (or use a new RUNS_DIR) and keep the before-* ones.
set -euo pipefail
[[ $# -ge 4 ]] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
before=$1 after=$2 runs=$3 clones=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -gt 0 ]]; then
  groups=("$@")
else
  mapfile -t groups < <(cd "$here" && python3 -c '
import yaml
from disagreements import NEVER_TUNED
print("\n".join(g for g in yaml.safe_load(open("split.yml")) if g not in NEVER_TUNED))')
fi
for build in before after; do
  dll=$before
  [[ $build == after ]] && dll=$after
  todo=()
  for g in "${groups[@]}"; do [[ -f "$runs/$build-$g.txt" ]] || todo+=("$g"); done
  [[ ${#todo[@]} -eq 0 ]] || "$here/run_groups.sh" "$dll" "$build" "$runs" "$clones" "${todo[@]}" >/dev/null
done
pairs=()
for g in "${groups[@]}"; do
  printf '%-14s %-32s %s\n' "$g" "$(head -1 "$runs/before-$g.txt" | cut -d' ' -f2-)" "$(head -1 "$runs/after-$g.txt" | cut -d' ' -f2-)"
  pairs+=(--pair "$runs/before-$g" "$runs/after-$g")
done
(cd "$here" && python3 abtest.py "${pairs[@]}")
