"""Cleans the raw export, validates it and writes the train/validation/test splits."""
import argparse
from pathlib import Path

import pandas as pd
import pandera as pa
from sklearn.model_selection import train_test_split

from churn.config import load_config

SCHEMA = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, unique=True),
        "tenure_days": pa.Column(int, pa.Check.ge(0)),
        "monthly_spend": pa.Column(float, pa.Check.ge(0)),
        "support_tickets": pa.Column(int, pa.Check.ge(0)),
        "churned": pa.Column(int, pa.Check.isin([0, 1])),
    }
)


def split(frame: pd.DataFrame, test_size: float, val_size: float, seed: int):
    train_val, test = train_test_split(frame, test_size=test_size, random_state=seed, stratify=frame["churned"])
    relative_val = val_size / (1 - test_size)
    train, val = train_test_split(train_val, test_size=relative_val, random_state=seed, stratify=train_val["churned"])
    return train, val, test


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    config = load_config(parser.parse_args().config)
    frame = SCHEMA.validate(pd.read_csv(config["data"]["raw"]))
    out = Path(config["data"]["processed"])
    out.mkdir(parents=True, exist_ok=True)
    for name, part in zip(("train", "val", "test"), split(frame, config["data"]["test_size"], config["data"]["val_size"], config["seed"])):
        part.to_parquet(out / f"{name}.parquet")


if __name__ == "__main__":
    main()
