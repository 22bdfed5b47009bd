"""Fitting the judge's two linear heads, in numpy: logistic and ridge regression.

Used by ``bench/eval_mrpc.py`` and ``bench/eval_stsb.py`` with ``--write``
to regenerate ``weights_paraphrase.py`` and ``weights_similarity.py`` from the
training splits. Features are standardised for the fit and the coefficients
mapped back, so a pinned head is one dot product on raw features.
"""

from __future__ import annotations

import math
import pprint
from pathlib import Path

import numpy as np

__all__ = ["fit_logistic", "fit_ridge", "f1_score", "cv_threshold", "cv_logistic", "cv_ridge", "oof_logistic",
           "idf_table",
           "write_weights"]


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


def oof_logistic(X: np.ndarray, y: np.ndarray, *, folds: int = 5, l2: float = 1.0) -> np.ndarray:
    """Out-of-fold probabilities of a logistic head (fold ``k`` holds rows ``i % folds == k``)."""
    fold = np.arange(len(y)) % folds
    oof = np.zeros(len(y))
    for k in range(folds):
        coef, b = fit_logistic(X[fold != k], y[fold != k], l2=l2)
        oof[fold == k] = 1.0 / (1.0 + np.exp(-(X[fold == k] @ coef + b)))
    return oof


def cv_logistic(X: np.ndarray, y: np.ndarray, *, forced: np.ndarray | None = None,
                l2s: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0), folds: int = 5
                ) -> dict:
    """Choose the L2 strength and threshold that maximise out-of-fold F1 on the training set.

    ``forced``: pairs counted positive whatever the head says (exact and edited pairs), so the
    threshold is tuned for the judge's decision, not the head's alone. Returns ``l2``,
    ``threshold``, ``f1`` (cross-validated) and ``by_l2`` (best F1 per strength).
    """
    forced = np.zeros(len(y), bool) if forced is None else np.asarray(forced, bool)
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    best: dict = {"f1": -1.0, "by_l2": {}}
    for l2 in l2s:
        oof = oof_logistic(X, y, folds=folds, l2=l2)
        f1s = [f1_score(y, ((oof >= t) | forced).astype(int)) for t in grid]
        k = int(np.argmax(f1s))
        best["by_l2"][l2] = round(f1s[k], 4)
        if f1s[k] > best["f1"]:
            best.update(l2=l2, threshold=float(grid[k]), f1=f1s[k])
    return best


def cv_ridge(X: np.ndarray, y: np.ndarray, score, *, l2s: tuple[float, ...] = (0.1, 1.0, 10.0, 100.0),
             folds: int = 5) -> dict:
    """Choose the ridge strength by out-of-fold ``score(pred, y)`` on the training set."""
    fold = np.arange(len(y)) % folds
    best: dict = {"score": -np.inf, "by_l2": {}}
    for l2 in l2s:
        oof = np.zeros(len(y))
        for k in range(folds):
            coef, b = fit_ridge(X[fold != k], y[fold != k], l2=l2)
            oof[fold == k] = X[fold == k] @ coef + b
        sc = float(score(oof, y))
        best["by_l2"][l2] = round(sc, 4)
        if sc > best["score"]:
            best.update(l2=l2, score=sc)
    return best


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


def idf_table(sentences: list[str], *, min_df: int = 5) -> tuple[dict[str, float], float]:
    """IDF ``log((N + 1) / (df + 1))`` of content words in at least ``min_df`` sentences, and the
    default for rarer words (the IDF of a word in two sentences)."""
    from collections import Counter

    from .features import STOPWORDS, tokens

    df: Counter[str] = Counter()
    for s in sentences:
        df.update({t for t in tokens(s) if t not in STOPWORDS})
    n = len(sentences)
    table = {t: round(math.log((n + 1) / (c + 1)), 3) for t, c in sorted(df.items()) if c >= min_df}
    return table, round(math.log((n + 1) / 3), 3)
