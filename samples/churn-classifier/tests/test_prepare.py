import pandas as pd
import pytest

from churn.prepare import SCHEMA, split


@pytest.fixture
def customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(100)],
            "tenure_days": list(range(100)),
            "monthly_spend": [10.0] * 100,
            "support_tickets": [0] * 100,
            "churned": [i % 2 for i in range(100)],
        }
    )


def test_split_is_disjoint_and_complete(customers):
    train, val, test = split(customers, test_size=0.15, val_size=0.15, seed=0)
    ids = [set(part["customer_id"]) for part in (train, val, test)]
    assert not ids[0] & ids[1] and not ids[0] & ids[2] and not ids[1] & ids[2]
    assert sum(len(part) for part in (train, val, test)) == len(customers)


def test_schema_rejects_negative_spend(customers):
    customers.loc[0, "monthly_spend"] = -1.0
    with pytest.raises(Exception):
        SCHEMA.validate(customers)
