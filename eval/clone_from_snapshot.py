#!/usr/bin/env python3
"""Makes the clones the evaluation runs on, from snapshot mirrors, at the labelled commits.

Not part of CI. A snapshot mirror is a git directory whose packs leave out blobs of 4 MiB and more (each pack has a
`.promisor` file), so a plain `git checkout` would try to fetch the missing blobs. This script instead copies the
objects, records the clone as the partial clone it is (`blob:limit=4m`, as `git clone --filter=blob:limit=4m` would),
writes every blob the snapshot holds from `git ls-tree -z` (paths with spaces or newlines included), leaves the
missing ones absent, and points a detached HEAD and the index at the labelled commit. RepoAudit reads the recorded
filter, so a missing blob is known to be large rather than taken for a deleted file.

    python3 eval/clone_from_snapshot.py --mirrors /work/.mirror --clones DIR [--group G ...] [owner/name ...]

A mirror of owner/name is looked for at MIRRORS/owner+name/repo (or its .git). Clones are named owner__name; one that
already exists at the right commit is left alone.
"""
import argparse, os, shutil, subprocess, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def git(repo, *args, data=None):
    return subprocess.run(["git", "-C", repo, *args], input=data, capture_output=True, check=True).stdout


def mirror_dir(mirrors, repo):
    base = os.path.join(mirrors, repo.replace("/", "+"), "repo")
    return os.path.join(base, ".git") if os.path.isdir(os.path.join(base, ".git")) else base


def head_of(clone):
    r = subprocess.run(["git", "-C", clone, "rev-parse", "HEAD"], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def clone(mirrors, clones, repo, commit):
    dest = os.path.join(clones, repo.replace("/", "__"))
    finished = subprocess.run(["git", "-C", dest, "config", "remote.origin.partialclonefilter"],
                              capture_output=True).returncode == 0 if os.path.isdir(dest) else False
    if finished and head_of(dest) == commit:  # the filter is recorded last, so a clone cut short is made again
        return "kept"
    source = mirror_dir(mirrors, repo)
    if not os.path.isdir(os.path.join(source, "objects")):
        return "no mirror"
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["git", "init", "-q", dest], check=True)
    dot_git = os.path.join(dest, ".git")
    shutil.rmtree(os.path.join(dot_git, "objects"))
    # Hard links: cheap, and the clone survives the mirror's removal.
    subprocess.run(["cp", "-al", os.path.join(source, "objects"), os.path.join(dot_git, "objects")], check=True)
    try:
        git(dest, "cat-file", "-e", commit + "^{commit}")
    except subprocess.CalledProcessError:
        shutil.rmtree(dest)
        return "commit not in mirror"
    git(dest, "update-ref", "--no-deref", "HEAD", commit)
    entries = git(dest, "ls-tree", "-r", "-z", "--full-tree", commit).split(b"\0")
    blobs = []
    for entry in entries:
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        target = os.path.join(dest.encode(), path)
        if kind == b"commit":  # a submodule: an empty folder, as a clone without --recursive leaves it
            os.makedirs(target, exist_ok=True)
        else:
            blobs.append((mode, sha, target))
    missing = 0
    with subprocess.Popen(["git", "-C", dest, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as cat:
        for mode, sha, target in blobs:
            cat.stdin.write(sha + b"\n")
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            if header[-1] == b"missing":
                missing += 1
                continue
            content = cat.stdout.read(int(header[2]))
            cat.stdout.read(1)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if mode == b"120000":
                os.symlink(content, target)
            else:
                with open(target, "wb") as f:
                    f.write(content)
                if mode == b"100755":
                    os.chmod(target, 0o755)
        cat.stdin.close()
    git(dest, "read-tree", commit)
    # Recorded last: until then a missing blob reads as "missing" instead of starting a lazy fetch.
    for c in [("core.repositoryformatversion", "1"), ("extensions.partialClone", "origin"),
              ("remote.origin.url", f"https://github.com/{repo}"),
              ("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"),
              ("remote.origin.promisor", "true"), ("remote.origin.partialclonefilter", "blob:limit=4m")]:
        git(dest, "config", *c)
    subprocess.run(["git", "-C", dest, "update-index", "-q", "--refresh"], capture_output=True,
                   env={**os.environ, "GIT_NO_LAZY_FETCH": "1"})
    return f"cloned ({missing} blobs left out)" if missing else "cloned"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirrors", required=True, help="folder of snapshot mirrors, owner+name/repo")
    ap.add_argument("--clones", required=True, help="folder to make the clones in")
    ap.add_argument("--group", action="append", default=[], help="a group of split.yml; repeatable")
    ap.add_argument("repos", nargs="*", help="owner/name of labelled repositories")
    args = ap.parse_args()
    split = yaml.safe_load(open(os.path.join(HERE, "split.yml")))
    commits = {e["repo"]: e["commit"] for g in split.values() for e in g}
    wanted = [e["repo"] for g in args.group for e in split[g]] + args.repos
    if not wanted:
        wanted = list(commits)
    os.makedirs(args.clones, exist_ok=True)
    failed = 0
    for repo in wanted:
        if repo not in commits:
            sys.exit(f"{repo} is not in split.yml")
        outcome = clone(args.mirrors, args.clones, repo, commits[repo])
        failed += outcome in ("no mirror", "commit not in mirror")
        print(f"{repo}: {outcome}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
