#!/usr/bin/env python3
"""How often two blind reviewers agree, and how RepoAudit fares against each and against their consensus.

Not part of CI. The second reviewer's labels are in eval/labels-second/ (same format as eval/labels/), made under the
same brief and practices.md, without sight of the first reviewer's labels or of RepoAudit's output.

    python3 eval/agreement.py [--half test --half blind5] [--reports DIR ...]

--reports names folders of JSON reports written by `compare.py --out` (one owner__name.json per repository); with
them, RepoAudit's agreement with each reviewer and with the items both reviewers labelled the same is printed too.
An item counts when both labels are decided (pass, fail or not_applicable).
"""
import argparse, collections, json, os, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DECIDED = ("pass", "fail", "not_applicable")

def labels(folder, repo):
    path = os.path.join(HERE, folder, repo.replace("/", "__") + ".yml")
    return {rule: entry["label"] for rule, entry in yaml.safe_load(open(path))["labels"].items()} if os.path.exists(path) else None

def kappa(pairs):
    """Cohen's kappa: agreement beyond what the two reviewers' label frequencies give by chance."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    first, second = collections.Counter(a for a, _ in pairs), collections.Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in DECIDED) / (n * n)
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0

def outcomes(folders, repo):
    for folder in folders:
        path = os.path.join(folder, repo.replace("/", "__") + ".json")
        if os.path.exists(path):
            return {r["ruleId"]: r["outcome"] for r in json.load(open(path))["results"]}
    return None

def share(hits, total):
    return f"{hits}/{total} = {100.0 * hits / max(total, 1):.1f}%"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", action="append", help="groups of split.yml (default: every group with second labels)")
    ap.add_argument("--reports", action="append", default=[], help="folders of RepoAudit JSON reports")
    args = ap.parse_args()
    split = yaml.safe_load(open(os.path.join(HERE, "split.yml")))
    pairs, per_rule, differ = [], collections.defaultdict(lambda: [0, 0]), []
    tool = collections.defaultdict(lambda: [0, 0])
    for half in args.half or list(split):
        for entry in split[half]:
            repo = entry["repo"]
            first, second = labels("labels", repo), labels("labels-second", repo)
            if second is None:
                continue
            got = outcomes(args.reports, repo) if args.reports else None
            for rule, a in first.items():
                b = second.get(rule)
                if a not in DECIDED or b not in DECIDED:
                    continue
                pairs.append((a, b))
                per_rule[rule][1] += 1
                per_rule[rule][0] += a == b
                if a != b:
                    differ.append((half, repo, rule, a, b))
                if got is not None:
                    outcome = got.get(rule, "missing")
                    for name, hit in (("first reviewer", outcome == a), ("second reviewer", outcome == b)):
                        tool[name][0] += hit
                        tool[name][1] += 1
                    if a == b:
                        tool["consensus (both reviewers agree)"][0] += outcome == a
                        tool["consensus (both reviewers agree)"][1] += 1
    agree = sum(a == b for a, b in pairs)
    print(f"reviewers agree on {share(agree, len(pairs))} of the items both decided; Cohen's kappa {kappa(pairs):.2f}")
    print("\nper rule (reviewer against reviewer):")
    for rule in sorted(per_rule):
        print(f"  {rule:8} {share(*per_rule[rule])}")
    if tool:
        print("\nRepoAudit against:")
        for name, (hits, total) in tool.items():
            print(f"  {name:34} {share(hits, total)}")
    print("\nwhere the reviewers differ (first, second):")
    for half, repo, rule, a, b in differ:
        print(f"  [{half}] {repo} {rule}: {a} / {b}")

if __name__ == "__main__":
    sys.exit(main())
