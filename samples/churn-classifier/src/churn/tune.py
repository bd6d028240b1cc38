"""Searches the model's hyperparameters with Optuna on the validation split."""
import optuna
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score


def objective(trial, train, val, features):
    model = HistGradientBoostingClassifier(
        learning_rate=trial.suggest_float("learning_rate", 0.01, 0.3, log=True),
        max_leaf_nodes=trial.suggest_int("max_leaf_nodes", 8, 64),
        random_state=0,
    )
    model.fit(train[features], train["churned"])
    return roc_auc_score(val["churned"], model.predict_proba(val[features])[:, 1])


def search(train, val, features, n_trials: int):
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=0))
    study.optimize(lambda trial: objective(trial, train, val, features), n_trials=n_trials)
    return study.best_params
