#!/usr/bin/env python3
"""Where one rule disagrees with the reviewers on the tuning groups, from the stored comparisons (needs no clones).

    python3 eval/disagreements.py RULE [--results SUFFIX] [--consensus] [--group G ...]

Reads results/<group>-<SUFFIX>.txt (default: after, the current rules) for every group that may be tuned on: all of
split.yml but the groups never tuned on (NEVER_TUNED). Prints each disagreement with the label's reason and RepoAudit's
message, then a count by direction (label -> RepoAudit). With --consensus only the repositories whose second reviewer
(labels-second/) gave the same label are kept: the disagreements two careful reviewers would both call errors.
"""
import argparse, collections, os, re, sys
import yaml

from agreement import labels

HERE = os.path.dirname(os.path.abspath(__file__))
# Reported, never read rule by rule (README, "Accuracy"): keep in step with eval/README.md.
NEVER_TUNED = {"test", "blind5", "blind20_test", "blind28", "blind30", "blind31"}

ENTRY = re.compile(r"^  \[(?P<group>[^\]]+)\] (?P<repo>\S+) (?P<rule>[A-Z]+\d+): label (?P<label>\w+), RepoAudit (?P<tool>\w+)\n"
                   r"      label: (?P<why>.*)\n      tool:  (?P<message>.*)$", re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rule")
    ap.add_argument("--results", default="after", help="which stored comparison: results/<group>-<this>.txt")
    ap.add_argument("--consensus", action="store_true", help="only where the second reviewer agrees with the first")
    ap.add_argument("--group", action="append", help="these groups only (never one of the never-tuned groups)")
    args = ap.parse_args()
    split = yaml.safe_load(open(os.path.join(HERE, "split.yml")))
    groups = args.group or [g for g in split if g not in NEVER_TUNED]
    if refused := NEVER_TUNED.intersection(groups):
        sys.exit(f"{', '.join(sorted(refused))}: never tuned on, so never read rule by rule")
    directions = collections.Counter()
    for group in groups:
        path = os.path.join(HERE, "results", f"{group}-{args.results}.txt")
        if not os.path.exists(path):
            print(f"(no {os.path.relpath(path, HERE)})", file=sys.stderr)
            continue
        for found in ENTRY.finditer(open(path).read()):
            if found["rule"] != args.rule:
                continue
            if args.consensus and (labels("labels-second", found["repo"]) or {}).get(args.rule) != found["label"]:
                continue
            directions[f"{found['label']} -> {found['tool']}"] += 1
            print(f"[{group}] {found['repo']}: label {found['label']}, RepoAudit {found['tool']}\n"
                  f"    label: {found['why']}\n    tool:  {found['message']}")
    print(f"\n{sum(directions.values())} disagreements on {args.rule}" + (" (both reviewers agree)" if args.consensus else ""))
    for direction, count in directions.most_common():
        print(f"  {direction}: {count}")


if __name__ == "__main__":
    main()
