#!/usr/bin/env python3
"""Builds a synthetic ML repository with a long history for benchmarking `repoaudit scan`.

Usage: make_repo.py TARGET [--commits 1000] [--text-mb 100] [--files 2000] [--seed 0]

Deterministic for a given seed. Every commit rewrites a few Python files, so the history holds about TEXT_MB
megabytes of distinct text blobs over COMMITS commits; along the way it adds Jupyter notebooks with outputs, large
binaries (model weights, a zip), Git LFS pointers, CSV dumps that are later deleted, and secrets buried in old commits
(an AWS key in a config, a Hugging Face token in a notebook, a .env) that later commits remove again. The history is
written with `git fast-import`, streamed, so 10,000 commits and a gigabyte of text take a minute or two.
"""
import argparse
import json
import os
import random
import subprocess

WORDS = ["model", "loss", "batch", "optimizer", "epoch", "metric", "feature", "label", "tokenizer", "dataset",
         "weights", "config", "scheduler", "logits", "embedding", "hidden", "dropout", "encoder", "decoder", "sample"]


def python_module(rng: random.Random, size: int) -> str:
    """Plausible training code, about `size` bytes, different on every call."""
    parts = ["import numpy as np\nimport torch\nfrom torch import nn\n\n"]
    total = len(parts[0])
    while total < size:
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        n = rng.randint(0, 10**9)
        chunk = (f"def {a}_{b}_{n}(x, {b}_size={rng.randint(1, 512)}):\n"
                 f"    \"\"\"Computes the {a} of the {b} ({rng.random():.6f}).\"\"\"\n"
                 f"    {a} = torch.randn({rng.randint(1, 64)}, {rng.randint(1, 64)}) * {rng.random():.8f}\n"
                 f"    token_count = len(x) + {n % 977}\n"
                 f"    return nn.functional.relu({a}).mean() + np.float32({rng.random():.8f}) * token_count\n\n")
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)


def notebook(rng: random.Random, secret: str | None = None) -> str:
    source = ["import torch\n", f"lr = {rng.random():.5f}\n"]
    if secret:
        source.append(f"HF_TOKEN = \"{secret}\"\n")
    cells = [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": source,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [f"loss {rng.random():.4f}\n"] * 20}]},
        {"cell_type": "markdown", "metadata": {}, "source": ["# Results\n"]},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def token(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--text-mb", type=int, default=100, help="megabytes of distinct text blobs in the history")
    parser.add_argument("--files", type=int, default=2000, help="Python files in the tree")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    os.makedirs(args.target, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.target], check=True)
    rng = random.Random(args.seed)
    upper, alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    paths = [f"src/pkg{i % 50}/module_{i}.py" for i in range(args.files - args.files // 10)]
    paths += [f"tests/test_{i}.py" for i in range(args.files // 10)]
    # Bytes of new text per commit, spread over a few files; the first commit writes every file at 2 KB.
    first = len(paths) * 2048
    per_commit = max(1024, (args.text_mb * 2**20 - first) // max(1, args.commits - 1))
    touched_per_commit = max(1, min(20, per_commit // 4096))
    file_size = per_commit // touched_per_commit

    fast_import = subprocess.Popen(["git", "-C", args.target, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fast_import.stdin

    def write_blob(path: str, data: bytes, mode: str = "100644") -> None:
        out.write(b"M %s inline %s\ndata %d\n" % (mode.encode(), path.encode(), len(data)))
        out.write(data)
        out.write(b"\n")

    events = {  # commit index (as a share of the history) -> what happens there
        "secret_config": args.commits // 10, "secret_config_gone": args.commits // 10 + 3,
        "secret_notebook": args.commits // 4, "secret_notebook_clean": args.commits // 4 + 5,
        "env_file": args.commits // 3, "env_file_gone": args.commits // 3 + 1,
        "weights": args.commits // 2, "weights_gone": args.commits // 2 + 2,
        "lfs": args.commits // 5,
    }
    for c in range(args.commits):
        when = 1_600_000_000 + c * 600
        msg = f"change {c}".encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % (c + 1))
        out.write(b"committer Bench <bench@example.com> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        if c > 0:
            out.write(b"from :%d\n" % c)
        if c == 0:
            for path in paths:
                write_blob(path, python_module(rng, 2048).encode())
            write_blob("README.md", b"# Bench\n\nSynthetic repository.\n\n## Usage\n\n```\npython train.py\n```\n")
            write_blob("requirements.txt", b"torch==2.3.1\nnumpy==1.26.4\n")
            write_blob(".gitignore", b".env\n__pycache__/\n")
            write_blob(".gitattributes", b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
        else:
            start = (c * touched_per_commit) % len(paths)
            for path in paths[start:start + touched_per_commit]:
                write_blob(path, python_module(rng, file_size).encode())
        if c % 100 == 50:  # notebooks with outputs, rewritten now and then
            write_blob(f"notebooks/explore_{c % 700}.ipynb", notebook(rng).encode())
        if c % 500 == 250:  # a data dump slips in and is removed again
            write_blob(f"data/dump_{c}.csv", ("a,b\n" + "".join(f"{rng.random():.6f},{rng.random():.6f}\n" for _ in range(40_000))).encode())
        if c % 500 == 251:
            out.write(b"D data/dump_%d.csv\n" % (c - 1))
        if c == events["lfs"]:
            for i in range(20):
                pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{rng.getrandbits(256):064x}\nsize {rng.randint(10**6, 10**9)}\n"
                write_blob(f"models/shard_{i}.safetensors", pointer.encode())
        if c == events["secret_config"]:
            write_blob("configs/aws.yaml", f"region: eu-west-1\naws_access_key_id: AKIA{token(rng, upper, 16)}\n".encode())
        if c == events["secret_config_gone"]:
            out.write(b"D configs/aws.yaml\n")
        if c == events["secret_notebook"]:
            write_blob("notebooks/upload.ipynb", notebook(rng, "hf_" + token(rng, alnum, 34)).encode())
        if c == events["secret_notebook_clean"]:
            write_blob("notebooks/upload.ipynb", notebook(rng).encode())
        if c == events["env_file"]:
            write_blob(".env", f"WANDB_API_KEY={token(rng, '0123456789abcdef', 40)}\n".encode())
        if c == events["env_file_gone"]:
            out.write(b"D .env\n")
        if c == events["weights"]:  # large binaries committed directly, deleted two commits later
            write_blob("models/model.pt", rng.randbytes(30 * 2**20))
            write_blob("models/checkpoints.zip", b"PK\x03\x04" + rng.randbytes(8 * 2**20))
        if c == events["weights_gone"]:
            out.write(b"D models/model.pt\nD models/checkpoints.zip\n")
        out.write(b"\n")
    out.close()
    if fast_import.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", args.target, "checkout", "-q", "-f", "main"], check=True)
    print(f"built {args.target}: {len(paths)} files, {args.commits} commits, about {args.text_mb} MB of text blobs")


if __name__ == "__main__":
    main()
