"""Churn prediction: data preparation, training and evaluation."""
