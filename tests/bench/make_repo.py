#!/usr/bin/env python3
"""Builds a synthetic ML repository with a long history for benchmarking `repoaudit scan`.

Usage: make_repo.py TARGET [--files 20000] [--commits 5000]
The history is written with `git fast-import`, so even large repositories take seconds to build.
"""
import argparse
import os
import random
import subprocess


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--commits", type=int, default=5000)
    args = parser.parse_args()

    os.makedirs(args.target, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.target], check=True)
    rng = random.Random(0)
    paths = [f"src/pkg{i % 200}/module_{i}.py" for i in range(args.files - 100)]
    paths += [f"tests/test_{i}.py" for i in range(100)]

    def blob(text: str) -> bytes:
        data = text.encode()
        return b"data %d\n%s\n" % (len(data), data)

    out = []
    per_commit = max(1, len(paths) // args.commits)
    mark = 0
    for c in range(args.commits):
        mark += 1
        when = 1_600_000_000 + c * 600
        msg = f"change {c}".encode()
        out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(b"committer Bench <bench@example.com> %d +0000\n" % when)
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        if c > 0:
            out.append(b"from :%d\n" % (mark - 1))
        start = (c * per_commit) % len(paths)
        touched = paths[start:start + per_commit] if c > 0 else paths
        for path in touched:
            body = f"import numpy as np\n\ndef f_{rng.randint(0, 10**9)}(x):\n    return np.mean(x) * {rng.random()}\n" * 5
            out.append(b"M 100644 inline %s\n" % path.encode())
            out.append(blob(body))
        if c % 500 == 250:  # now and then a data file slips in and is removed again
            out.append(b"M 100644 inline data/dump_%d.csv\n" % c)
            out.append(blob("a,b\n" + "1,2\n" * 400_000))
        if c % 500 == 251:
            out.append(b"D data/dump_%d.csv\n" % (c - 1))
        out.append(b"\n")
    subprocess.run(["git", "-C", args.target, "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", args.target, "checkout", "-q", "-f", "main"], check=True)
    print(f"built {args.target}: {len(paths)} files, {args.commits} commits")


if __name__ == "__main__":
    main()
