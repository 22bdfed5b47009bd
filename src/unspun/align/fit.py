"""Fitting the judge's two linear heads, in numpy: logistic and ridge regression.

Used by ``bench/eval_mrpc.py`` and ``bench/eval_stsb.py`` with ``--write``
to regenerate ``weights_paraphrase.py`` and ``weights_similarity.py`` from the
training splits. Features are standardised for the fit and the coefficients
mapped back, so a pinned head is one dot product on raw features.
"""

from __future__ import annotations

import pprint
from pathlib import Path

import numpy as np

__all__ = ["fit_logistic", "fit_ridge", "f1_score", "cv_threshold", "write_weights"]


def _standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu, sd = X.mean(0), X.std(0)
    sd = np.where(sd > 1e-12, sd, 1.0)
    return (X - mu) / sd, mu, sd


def _unstandardise(w: np.ndarray, mu: np.ndarray, sd: np.ndarray) -> tuple[np.ndarray, float]:
    coef = w[:-1] / sd
    return coef, float(w[-1] - coef @ mu)


def fit_logistic(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iters: int = 50
                 ) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method: (coefficients, intercept)."""
    Z, mu, sd = _standardise(np.asarray(X, dtype=np.float64))
    Z1 = np.hstack([Z, np.ones((len(Z), 1))])
    reg = l2 * np.eye(Z1.shape[1])
    reg[-1, -1] = 0.0
    w = np.zeros(Z1.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(Z1 @ w)))
        grad = Z1.T @ (p - y) + reg @ w
        hess = (Z1 * (p * (1 - p))[:, None]).T @ Z1 + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return _unstandardise(w, mu, sd)


def fit_ridge(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """Ridge regression (intercept not penalised): (coefficients, intercept)."""
    Z, mu, sd = _standardise(np.asarray(X, dtype=np.float64))
    Z1 = np.hstack([Z, np.ones((len(Z), 1))])
    reg = l2 * np.eye(Z1.shape[1])
    reg[-1, -1] = 0.0
    w = np.linalg.solve(Z1.T @ Z1 + reg, Z1.T @ y)
    return _unstandardise(w, mu, sd)


def f1_score(y: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the positive class."""
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cv_threshold(X: np.ndarray, y: np.ndarray, *, folds: int = 5, l2: float = 1.0) -> float:
    """The probability threshold that maximises F1 on out-of-fold predictions of the training set."""
    fold = np.arange(len(y)) % folds
    oof = np.zeros(len(y))
    for k in range(folds):
        coef, b = fit_logistic(X[fold != k], y[fold != k], l2=l2)
        oof[fold == k] = 1.0 / (1.0 + np.exp(-(X[fold == k] @ coef + b)))
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [f1_score(y, (oof >= t).astype(int)) for t in grid]
    return float(grid[int(np.argmax(scores))])


def write_weights(path: str | Path, doc: str, **values: object) -> None:
    """Write a generated weights module: a docstring and ``NAME = literal`` lines."""
    lines = [f'"""{doc}\n\nGenerated; do not edit by hand."""\n']
    for name, value in values.items():
        if isinstance(value, np.ndarray):
            value = [round(float(v), 6) for v in value]
        elif isinstance(value, float):
            value = round(value, 6)
        lines.append(f"{name} = {pprint.pformat(value, width=100, compact=True)}\n")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
