#!/usr/bin/env bash
# Benchmark: a rule pattern no engine can bound, `(?=a)(a+)+$` on 100,000 `a`s, is still cut off when the machine is
# busy, and a pattern that is merely slow-ish is not failed by the load. Rule patterns are timed in the thread's CPU
# time (src/RepoAudit.Core/Checks/MatchBudget.cs), with a wall-clock safety limit.
#   tests/bench/hostile-pattern.sh [LOAD]      LOAD: busy processes to start for the loaded run (default: 4 per core)
# Environment: REPOAUDIT (a command to time instead of building this checkout).
set -euo pipefail
load=${1:-$(( $(nproc) * 4 ))}
source "$(dirname "$0")/repoaudit-command.sh"
work=$(mktemp -d)
busy=()
cleanup() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/repo" "$work/pack/TEAM001" "$work/pack/TEAM002"
python3 -c "print('a' * 100000 + '!')" > "$work/repo/input.txt"
python3 -c "print('x = compute(1)  # a comment about compute and more words here ok\n' * 20000, end='')" > "$work/repo/train.py"
rule() {
  printf 'id: %s\nname: %s\ntitle: A pattern\ncategory: documentation\nseverity: warning\nwhy: Because.\nfix: Do it.\ncheck:\n  contains: { files: ["%s"], pattern: %s }\n' "$@"
}
rule TEAM001 hostile input.txt "'(?=a)(a+)+\$'" > "$work/pack/TEAM001/rule.yml"
# About 0.2 s of CPU on 1.3 MB (a lookbehind keeps it on the backtracking engine): fine alone, slow when starved.
rule TEAM002 slowish train.py "'(?<=x)( \\w+)+ ok!'" > "$work/pack/TEAM002/rule.yml"
scan() {
  /usr/bin/time -f "$1: %e s wall, %U+%S s CPU" $REPOAUDIT scan "$work/repo" --no-history --no-builtin-rules --rules "$work/pack" \
    --quiet --format json --output "$work/report.json" || true
  python3 -c "
import json, sys
for r in json.load(open('$work/report.json'))['results']:
    print('  ', r['ruleId'], r['outcome'], '-', r['message'])"
}
scan "idle"
for _ in $(seq "$load"); do (while :; do :; done) & busy+=($!); done
scan "with $load busy processes"
