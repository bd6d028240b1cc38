"""Scores the trained model on the held-out test split."""
import json

import joblib
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

from churn.train import FEATURES


def main() -> None:
    test = pd.read_parquet("data/processed/test.parquet")
    model = joblib.load("models/model.joblib")
    scores = model.predict_proba(test[FEATURES])[:, 1]
    metrics = {
        "test_auc": roc_auc_score(test["churned"], scores),
        "test_f1": f1_score(test["churned"], scores > 0.5),
    }
    with open("metrics.json", "w", encoding="utf-8") as handle:
        json.dump(metrics, handle, indent=2)


if __name__ == "__main__":
    main()
