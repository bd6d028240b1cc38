#!/usr/bin/env python3
"""What a rule change did: the verdicts that differ between two builds' reports, scored against the labels.

    python3 eval/abtest.py --pair BEFORE_DIR AFTER_DIR [--pair ...] [--rule ID ...]

Each DIR is a folder that `compare.py --out DIR` filled (one JSON report per repository, `owner__name.json`); pair the
before and after folders of each group. Prints every verdict that changed, marked `+` (now agrees with the label), `-`
(agreed before, not now) or `=` (wrong either way), then the won and lost count per rule. This is the figure a rule
change is judged by on the tuning groups: a change earns its place when it wins more than it loses there, and the test
groups are never read this way.
"""
import argparse, collections, functools, glob, json, os, sys

from agreement import labels


def outcomes(folder):
    found = {}
    for path in glob.glob(os.path.join(folder, "*.json")):
        name = os.path.basename(path)[:-len(".json")]
        with open(path) as f:
            report = json.load(f)
        for result in report["results"]:
            found[(name, result["ruleId"])] = result["outcome"]
    return found


@functools.cache
def labels_of(name):
    """The reviewer's labels of one repository (owner__name), or none when it has no label file."""
    return labels("labels", name.replace("__", "/", 1)) or {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pair", nargs=2, action="append", required=True, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--rule", action="append", help="only these rule ids")
    args = ap.parse_args()
    per_rule = collections.defaultdict(collections.Counter)
    for before_dir, after_dir in args.pair:
        for folder in (before_dir, after_dir):
            if not glob.glob(os.path.join(folder, "*.json")):
                sys.exit(f"no reports in {folder}: fill it with compare.py --out")
        before, after = outcomes(before_dir), outcomes(after_dir)
        for key in sorted(set(before) | set(after)):
            name, rule = key
            if before.get(key) == after.get(key) or (args.rule and rule not in args.rule):
                continue
            want = labels_of(name).get(rule)
            if want in (None, "unknown"):
                continue  # not decided by the reviewer: neither won nor lost
            was, now = before.get(key) == want, after.get(key) == want
            mark = "+" if now and not was else "-" if was and not now else "="
            per_rule[rule][mark] += 1
            print(f"{mark} {name.replace('__', '/', 1)} {rule}: {before.get(key)} -> {after.get(key)} (label {want})")
    won = sum(c["+"] for c in per_rule.values())
    lost = sum(c["-"] for c in per_rule.values())
    print(f"\nwon {won}, lost {lost}")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        print(f"  {rule:8} +{c['+']} -{c['-']} ={c['=']}")


if __name__ == "__main__":
    main()
