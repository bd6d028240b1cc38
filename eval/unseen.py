#!/usr/bin/env python3
"""The honest figure: agreement on repositories RepoAudit had not seen when it was judged on them.

    python3 eval/unseen.py [--test FILE] [--blind5 FILE]

Sums, from the comparison outputs in eval/results/, each blind set's one blind run (the rules of that day, before
anyone read its verdicts) and the never-tuned groups (test, blind5) on the current rules (their `*-after.txt`, or the
files given). Prints the total and each rule's agreement over all of them, with a 95% interval for the total and for
the test half. Needs only eval/results/, eval/labels/ and eval/split.yml.

The interval resamples repositories, not verdicts: the 28 verdicts on one repository share its quirks (a library
read as a project moves eight rules at once), so treating them as independent would make the interval far too narrow.
"""
import argparse, collections, os, random, re

import yaml

from agreement import labels

HERE = os.path.dirname(os.path.abspath(__file__))
# Each blind set's one blind run, as recorded in eval/README.md.
BLIND_RUNS = {
    "blind6": "blind6-56911e4.txt", "blind7": "blind7-8fd20d8.txt", "blind8": "blind8-ce4ea7b.txt",
    "blind9": "blind9-7dfc372.txt", "blind10": "blind10-d82c07d.txt", "blind11": "blind11-0033f61.txt",
    "blind12": "blind12-208b5cd.txt", "blind13": "blind13-be5a578.txt", "blind14": "blind14-88456e6.txt",
    "blind15": "blind15-00af277.txt", "blind16": "blind16-16af28f.txt", "blind17": "blind17-e088e80.txt",
    "blind18": "blind18-8e2009f.txt", "blind19": "blind19-d6f8643.txt",
    "blind20_test": "blind20_test-03eaf4e.txt", "blind20_dev": "blind20_dev-03eaf4e.txt", "blind21": "blind21-fb5a219.txt",
    "blind22": "blind22-cee90ba.txt", "blind23": "blind23-0afa599.txt", "blind24": "blind24-2d78863.txt",
    "blind25": "blind25-ac230a6.txt", "blind26": "blind26-dfb4bb3.txt", "blind27": "blind27-8d21092.txt",
    "blind28": "blind28-1554587.txt", "blind29": "blind29-9585a3c.txt", "blind30": "blind30-9fb004e.txt", "blind31": "blind31-c38c9fd.txt",
}

def read(text):
    total = re.search(r"^\S+: (\d+)/(\d+) = ", text, re.M)
    rules = {m[1]: (int(m[2]), int(m[3])) for m in re.finditer(r"^  ([A-Z]+\d+)\s+(\d+)/(\d+)", text, re.M)}
    return (int(total[1]), int(total[2])), rules

def per_repository(group, text, split):
    """(agreeing, decided) for each repository of the group: decided labels from eval/labels/, less the disagreements
    the comparison output lists for it."""
    wrong = collections.Counter(m[1] for m in re.finditer(r"^  \[[^\]]+\] (\S+) [A-Z]+\d+: label ", text, re.M))
    counts = []
    for entry in split[group]:
        decided = sum(1 for label in labels("labels", entry["repo"]).values() if label != "unknown")
        counts.append((decided - wrong[entry["repo"]], decided))
    return counts

def interval(counts, draws=2000, seed=0):
    """95% percentile interval of the pooled agreement, resampling repositories with replacement."""
    rng = random.Random(seed)
    shares = []
    for _ in range(draws):
        sample = [counts[rng.randrange(len(counts))] for _ in counts]
        shares.append(sum(a for a, _ in sample) / sum(t for _, t in sample))
    shares.sort()
    return 100.0 * shares[int(0.025 * draws)], 100.0 * shares[int(0.975 * draws) - 1]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", default=os.path.join(HERE, "results", "test-after.txt"))
    ap.add_argument("--blind5", default=os.path.join(HERE, "results", "blind5-after.txt"))
    args = ap.parse_args()
    files = {"test": args.test, "blind5": args.blind5}
    files.update({g: os.path.join(HERE, "results", f) for g, f in BLIND_RUNS.items()})
    split = yaml.safe_load(open(os.path.join(HERE, "split.yml")))
    agree = total = 0
    per_rule = collections.defaultdict(lambda: [0, 0])
    repositories = []
    for group, path in files.items():
        text = open(path).read()
        (a, t), rules = read(text)
        agree += a; total += t
        counts = per_repository(group, text, split)
        if (sum(c for c, _ in counts), sum(d for _, d in counts)) != (a, t):
            raise SystemExit(f"{path}: its totals {a}/{t} do not match the labels of split.yml's {group}")
        repositories += counts
        low, high = interval(counts)
        print(f"  {group:12} {a:4}/{t:<4} {100.0 * a / t:5.1f}%  [{low:4.1f}, {high:5.1f}]  ({os.path.basename(path)})")
        for rule, (ra, rt) in rules.items():
            per_rule[rule][0] += ra; per_rule[rule][1] += rt
    low, high = interval(repositories)
    print(f"unseen: {agree}/{total} = {100.0 * agree / total:.1f}% over {len(files)} sets and {len(repositories)} repositories;"
          f" 95% interval {low:.1f}% to {high:.1f}% (repositories resampled)")
    print("per rule, weakest first:")
    for rule, (a, t) in sorted(per_rule.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        print(f"  {rule:8} {a:4}/{t:<4} {100.0 * a / t:5.1f}%")

if __name__ == "__main__":
    main()
