"""Trains the classifier on the prepared split and logs the run to MLflow."""
import argparse
import random

import joblib
import mlflow
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

from churn.config import load_config

FEATURES = ["tenure_days", "monthly_spend", "support_tickets"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    config = load_config(parser.parse_args().config)
    seed = config["seed"]
    random.seed(seed)
    np.random.seed(seed)

    train = pd.read_parquet("data/processed/train.parquet")
    val = pd.read_parquet("data/processed/val.parquet")
    with mlflow.start_run():
        mlflow.log_params(config["model"])
        model = HistGradientBoostingClassifier(random_state=seed, **config["model"])
        model.fit(train[FEATURES], train["churned"])
        val_auc = roc_auc_score(val["churned"], model.predict_proba(val[FEATURES])[:, 1])
        mlflow.log_metric("val_auc", val_auc)
    joblib.dump(model, "models/model.joblib")


if __name__ == "__main__":
    main()
