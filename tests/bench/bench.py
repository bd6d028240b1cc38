#!/usr/bin/env python3
"""Times `repoaudit scan` against git's floor and ripgrep on the same repository; see tests/bench/README.md.

Usage: bench.py --repoaudit CMD [--runs N] [--label NAME] TARGET...
TARGET is COMMITSxMEGABYTES (a synthetic repository built by make_repo.py, cached under $BENCH_DIR) or the path of an
existing clone. Prints one Markdown table row per measurement; every number is the best of --runs runs under
/usr/bin/time -v (wall time, CPU time = user + system of the whole process tree, peak RSS of its largest process).
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def own_peak_mb(time_pid: int, process: subprocess.Popen) -> int:
    """Polls the high-water RSS of the command /usr/bin/time started (repoaudit itself, without its git children)."""
    import time
    peak = 0
    child = None
    while process.poll() is None:
        try:
            if child is None:
                with open(f"/proc/{time_pid}/task/{time_pid}/children") as handle:
                    child = int(handle.read().split()[0])
            with open(f"/proc/{child}/status") as handle:
                hwm = re.search(r"VmHWM:\s+(\d+) kB", handle.read())
                peak = max(peak, int(hwm.group(1)) // 1024) if hwm else peak
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.02)
    return peak


def timed(command: str, cwd: str, argv: list[str] | None = None) -> tuple[float, float, int, int]:
    """Runs a shell command (or argv) under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MB, own peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        process = subprocess.Popen(["/usr/bin/time", "-v", "-o", report.name, *(argv or ["bash", "-c", command])], cwd=cwd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        own = own_peak_mb(process.pid, process) if argv else 0
        process.wait()
        text = report.read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in wall.groups())
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return hours * 3600 + minutes * 60 + seconds, user + system, rss // 1024, own


def best(command: str, cwd: str, runs: int, argv: list[str] | None = None) -> tuple[float, float, int, int]:
    results = [timed(command, cwd, argv) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def synthetic(spec: str) -> str:
    commits, megabytes = (int(part) for part in spec.lower().split("x"))
    folder = os.path.join(os.environ.get("BENCH_DIR", tempfile.gettempdir()), f"repoaudit-bench-{commits}x{megabytes}")
    if not os.path.isdir(os.path.join(folder, ".git")):
        subprocess.run([sys.executable, os.path.join(HERE, "make_repo.py"), folder,
                        "--commits", str(commits), "--text-mb", str(megabytes)], check=True)
    return folder


def rg_patterns() -> list[str]:
    """The built-in pack's work-tree content patterns that ripgrep's engine accepts (no lookarounds or backreferences)."""
    import yaml  # PyYAML: apt-get install python3-yaml

    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "history_secrets":  # history, not the work tree
                    continue
                if key == "pattern" and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for folder, _, files in os.walk(os.path.join(ROOT, "rules")):
        if "rule.yml" in files and "fixtures" not in folder:
            with open(os.path.join(folder, "rule.yml"), encoding="utf-8") as handle:
                rule = yaml.safe_load(handle)
            walk({"applies_when": rule.get("applies_when"), "check": rule.get("check")})
    accepted = []
    for pattern in dict.fromkeys(found):
        converted = re.sub(r"\(\?<(?=[A-Za-z])", "(?P<", pattern)  # .NET named groups in Rust's spelling
        probe = subprocess.run(["rg", "-q", "-e", converted, "--", os.devnull], capture_output=True)
        if probe.returncode in (0, 1):  # 2 = the pattern does not compile (lookarounds, backreferences)
            accepted.append(converted)
    return accepted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repoaudit", required=True, help="command that runs the published repoaudit")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--skip-floor", action="store_true", help="only time repoaudit (for a second build)")
    parser.add_argument("--skip-ripgrep", action="store_true", help="leave out the ripgrep row (it can take minutes)")
    parser.add_argument("targets", nargs="+")
    args = parser.parse_args()

    rg_args = ""
    count = 0
    if not args.skip_ripgrep:
        patterns = rg_patterns()
        count = len(patterns)
        # One -e per pattern (a patterns file would split the multi-line (?x) ones), each in its own group so that inline
        # flags stay inside it (the newline ends a trailing (?x) comment); the whole set must compile together.
        rg_args = " ".join(f"-e {shlex.quote('(?:' + p + chr(10) + ')')}" for p in patterns)
        if subprocess.run(f"rg -U -q {rg_args} -- {os.devnull}", shell=True, capture_output=True).returncode not in (0, 1):
            raise SystemExit("ripgrep does not accept the combined patterns")
        print(f"<!-- ripgrep runs {count} of the pack's work-tree content patterns (the rest use lookarounds) -->")
    print("| repository | measurement | wall s | CPU s | peak RSS MB (largest process) | repoaudit's own peak RSS MB | × floor | × ripgrep |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for target in args.targets:
        folder = synthetic(target) if re.fullmatch(r"\d+x\d+", target) else os.path.abspath(target)
        commits = subprocess.run(["git", "-C", folder, "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout.strip()
        name = f"{os.path.basename(folder)} ({commits} commits)"
        q = shlex.quote(folder)
        rows: list[tuple[str, tuple[float, float, int]]] = []
        floor = piped = rg = None
        if not args.skip_floor:
            objects = os.path.join(tempfile.gettempdir(), "repoaudit-bench-objects.txt")
            def floor_command(blobs_to: str) -> str:
                """The floor's commands, with the blob contents going where `blobs_to` sends cat-file's output."""
                return (
                    f"git rev-list --objects --missing=print HEAD | git cat-file --batch-check='%(objectname) %(objecttype) %(objectsize) %(rest)' > {objects}"
                    f" && awk '$2==\"blob\" && $3<1048576 {{print $1}}' {objects} | git cat-file {blobs_to}"
                    f" && git ls-files -z | xargs -0 cat -- > /dev/null 2>&1; true")
            floor_cmd = floor_command("--batch > /dev/null")
            floor = best(floor_cmd, folder, args.runs)
            rows.append(("git floor (objects + blobs < 1 MB + work tree)", floor))
            # What any program that reads git through its executable pays on top of the floor: the blobs cross a pipe
            # into a reader (here `cat`, which does nothing with them; --buffer as RepoAudit asks), and the history rules
            # need the commit log with changed paths (`git log --raw`, as RepoAudit runs it), which the floor does not read.
            piped_cmd = floor_command("--batch --buffer | cat > /dev/null")
            log_cmd = ("git log --no-renames --raw --no-abbrev -z '--format=%x1e%H%x1f%P%x1f%ct%x1f%s' HEAD -- . | cat > /dev/null")
            piped = best(f"{piped_cmd} && {log_cmd}", folder, args.runs)
            rows.append(("git floor through a pipe, with `log --raw`", piped))
            worktree = best("git ls-files -z | xargs -0 cat -- > /dev/null 2>&1; true", folder, args.runs)
            rows.append(("git floor, work tree only", worktree))
        if not args.skip_floor and not args.skip_ripgrep:
            rg = best(f"rg -U --hidden -g '!.git' --no-messages -c {rg_args} . > /dev/null; true", folder, args.runs)
            rows.append((f"ripgrep, {count} content patterns", rg))
        label = f" {args.label}" if args.label else ""
        scan = [*shlex.split(args.repoaudit), "scan", folder, "--format", "json", "--output", "/dev/null"]
        full = best("", folder, args.runs, scan)
        rows.append((f"repoaudit scan{label}", full))
        no_history = best("", folder, args.runs, scan + ["--no-history"])
        rows.append((f"repoaudit scan --no-history{label}", no_history))
        for what, (wall, cpu, rss, own) in rows:
            ratio = lambda base: f"{wall / base[0]:.2f} ({cpu / max(base[1], 0.01):.2f} CPU)"
            to_floor = ratio(floor) if floor and what.startswith("repoaudit scan") and "--no-history" not in what else ""
            if to_floor and piped:
                to_floor += f"; {ratio(piped)} of the piped floor"
            to_rg = ratio(rg) if rg and "--no-history" in what else ""
            print(f"| {name} | {what} | {wall:.2f} | {cpu:.2f} | {rss} | {own or ''} | {to_floor} | {to_rg} |", flush=True)

    sample = os.path.join(ROOT, "samples", "churn-classifier")
    tool = shlex.split(args.repoaudit)
    for what, argv in [("rules list", [*tool, "rules", "list"]),
                       ("scan samples/churn-classifier", [*tool, "scan", sample, "--format", "json", "--output", "/dev/null"])]:
        wall, cpu, rss, own = best("", ROOT, max(args.runs, 5), argv)
        print(f"| start-up | {what}{' ' + args.label if args.label else ''} | {wall:.2f} | {cpu:.2f} | {rss} | {own} | | |", flush=True)


if __name__ == "__main__":
    main()
