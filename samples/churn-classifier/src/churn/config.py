"""Loads the experiment configuration; every tunable lives in conf/*.yaml, not in code."""
from pathlib import Path

import yaml


def load_config(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
