#!/usr/bin/env bash
# Benchmark: the `links` primitive (DOC003's own-release branch) on a repository full of web addresses. 4,000 Python
# files of 250 lines, each with two addresses, and one line of 200,000 addresses: 196 MB, none of it training code, so
# DOC003 asks every file. In the first tree the addresses are under other accounts; in the second every GitHub address
# is under the repository's own account but none is a release's weights file, so each is read and parsed.
#   tests/bench/hostile-links.sh
# Environment: REPOAUDIT (a command to time instead of building this checkout).
set -euo pipefail
source "$(dirname "$0")/repoaudit-command.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree() { # FOLDER ACCOUNT
  mkdir -p "$1/pkg"
  python3 - "$1" "$2" <<'PY'
import sys
root, account = sys.argv[1], sys.argv[2]
for i in range(4000):
    with open(f"{root}/pkg/m{i}.py", "w") as f:
        for j in range(250):
            who = account or f"someone{j % 7}"
            f.write(f'U{j} = "https://github.com/{who}/repo{i}/releases/download/v{j}/file{j}.txt" + "https://huggingface.co/x/y/resolve/main/{"a" * 50}"\n')
with open(f"{root}/pkg/long.py", "w") as f:
    f.write('X = "' + " ".join(f"https://huggingface.co/u{k}/m" for k in range(200000)) + '"\n')
PY
  git -C "$1" init -q && git -C "$1" add -A && git -C "$1" -c user.email=bench@example.com -c user.name=bench commit -qm tree
  git -C "$1" remote add origin https://github.com/acme/hostile
}
tree "$work/others" ""
tree "$work/own" acme
for name in others own; do
  /usr/bin/time -f "$name: %e s wall, %U+%S s CPU, %M KB peak" $REPOAUDIT scan "$work/$name" --no-history --quiet --format json --output "$work/report.json" || true
done
