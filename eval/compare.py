#!/usr/bin/env python3
"""Reruns RepoAudit on the labelled repositories and compares its verdicts with the blind labels.

Not part of CI: it needs full clones of the labelled repositories (see eval/README.md).

    python3 eval/compare.py --tool "dotnet out/repoaudit.dll" --clones DIR [--half dev|test|blind2|all] [--out DIR]

DIR holds one clone per repository, named owner__name, checked out at the labelled commit. Each label is compared
with RepoAudit's outcome for that rule: agreement counts pass/fail/not_applicable matches; a tool `unknown` or
`error` where the label is decided counts as a disagreement; labels of `unknown` are left out.
"""
import argparse, json, os, subprocess, sys, collections
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, help="command that runs repoaudit, e.g. 'dotnet out/repoaudit.dll'")
    ap.add_argument("--clones", required=True)
    ap.add_argument("--half", default="all", help="a group of split.yml (dev, test, blind2, ...) or all")
    ap.add_argument("--out", default=None, help="folder to keep each JSON report in")
    ap.add_argument("--rule", action="append", help="only these rule ids")
    args = ap.parse_args()

    split = yaml.safe_load(open(os.path.join(HERE, "split.yml")))
    if args.half != "all" and args.half not in split:
        sys.exit(f"no group '{args.half}' in split.yml (it has {', '.join(split)})")
    halves = list(split) if args.half == "all" else [args.half]
    per_rule = collections.defaultdict(lambda: [0, 0])
    per_half = {}
    disagreements = []
    for half in halves:
        agree = total = 0
        for entry in split[half]:
            repo, commit = entry["repo"], entry["commit"]
            labels = yaml.safe_load(open(os.path.join(HERE, "labels", repo.replace("/", "__") + ".yml")))["labels"]
            clone = os.path.join(args.clones, repo.replace("/", "__"))
            head = subprocess.run(["git", "-C", clone, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
            if head != commit:
                sys.exit(f"{clone} is at {head or 'nothing'}, not the labelled {commit}")
            report = run(args.tool, clone, args.out, repo)
            outcomes = {r["ruleId"]: r for r in report["results"]}
            for rule, label in labels.items():
                if args.rule and rule not in args.rule:
                    continue
                want = label["label"]
                if want == "unknown":
                    continue
                got = outcomes.get(rule, {}).get("outcome", "missing")
                total += 1
                per_rule[rule][1] += 1
                if got == want:
                    agree += 1
                    per_rule[rule][0] += 1
                else:
                    disagreements.append((half, repo, rule, want, got, label.get("why", ""), outcomes.get(rule, {}).get("message", "")))
        per_half[half] = (agree, total)

    for half, (agree, total) in per_half.items():
        print(f"{half}: {agree}/{total} = {100.0 * agree / max(total, 1):.1f}% agreement")
    print("\nper rule:")
    for rule in sorted(per_rule):
        a, t = per_rule[rule]
        print(f"  {rule:8} {a:3}/{t:<3} {100.0 * a / max(t, 1):5.1f}%")
    print("\ndisagreements:")
    for half, repo, rule, want, got, why, message in disagreements:
        print(f"  [{half}] {repo} {rule}: label {want}, RepoAudit {got}\n      label: {why}\n      tool:  {message[:200]}")

def run(tool, clone, out, repo):
    path = os.path.join(out or "/tmp", repo.replace("/", "__") + ".json")
    if out:
        os.makedirs(out, exist_ok=True)
    proc = subprocess.run(tool.split() + ["scan", clone, "--format", "json", "--output", path], capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not os.path.exists(path):
        sys.exit(f"repoaudit failed on {repo} (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return json.load(open(path))

if __name__ == "__main__":
    main()
