"""The sentence-pair judge: how similar two sentences are, and how one was made from the other.

Two linear heads over the same :mod:`~unspun.align.features` (embedding
cosine plus lexical overlap), each fitted on a training split only:

* :func:`similarity`: graded similarity in ``[0, 1]``, a ridge regression on
  STS Benchmark train (``bench/eval_stsb.py --write``);
* :func:`paraphrase_probability`: a logistic regression on MRPC train, with
  the F1-optimal threshold from cross-validation on train
  (``bench/eval_mrpc.py --write``).

:func:`classify` names the relation of a pair:

* ``exact``: the same words once case, punctuation and whitespace are ignored;
* ``edited``: token-level edit similarity at least :data:`EDITED_MIN` (0.7),
  a few words changed, inserted or dropped: reuse of the wording, whether or
  not the meaning stayed (a changed figure is still an edited copy);
* ``paraphrase``: paraphrase probability at or above the tuned threshold;
* ``None``: not the same content.

Every function has a batch form that takes precomputed (L2-normalised)
sentence embeddings; the single-pair forms embed with all-MiniLM-L6-v2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import weights_paraphrase as _wp
from . import weights_similarity as _ws
from .features import FEATURES, SentInfo, feature_row, pair_features, sent_info

__all__ = ["EXACT", "EDITED", "PARAPHRASE", "EDITED_MIN", "PARAPHRASE_THRESHOLD", "Judgement",
           "judge", "judge_features", "similarity", "similarities", "paraphrase_probability",
           "paraphrase_probabilities", "classify", "classify_many"]

EXACT, EDITED, PARAPHRASE = "exact", "edited", "paraphrase"
EDITED_MIN = 0.7
"""Smallest token-level edit similarity of an ``edited`` pair."""
PARAPHRASE_THRESHOLD: float = _wp.THRESHOLD
"""Smallest paraphrase probability of a ``paraphrase`` pair (F1-optimal on MRPC train, cross-validated)."""

_ED = FEATURES.index("ed")
_STALE = [m.__name__ for m in (_wp, _ws) if tuple(m.FEATURES) != FEATURES]
"""Weight modules fitted on another feature list: refit with the bench scripts. A stale
paraphrase head makes judging fail; a stale similarity head gives NaN scores (so that
``bench/eval_mrpc.py --write`` can run before ``bench/eval_stsb.py --write``)."""
_P_COEF, _P_B = np.asarray(_wp.COEF), float(_wp.INTERCEPT)
_S_COEF, _S_B = np.asarray(_ws.COEF), float(_ws.INTERCEPT)


@dataclass(frozen=True, slots=True)
class Judgement:
    """The judge's answer for one pair."""

    type: str | None
    """``exact``, ``edited``, ``paraphrase`` or ``None``."""
    score: float
    """Graded similarity in ``[0, 1]`` (1 for exact)."""
    probability: float
    """Probability that the pair is a paraphrase (MRPC's sense)."""
    edit_similarity: float


def judge_features(X: np.ndarray, exact: np.ndarray, *, threshold: float | None = None
                   ) -> list[Judgement]:
    """Judgements from a feature matrix (rows in :data:`FEATURES` order) and exact-match flags."""
    if _wp.__name__ in _STALE:
        raise RuntimeError(f"stale judge weights {_STALE}: refit with bench/eval_mrpc.py --write "
                           "and bench/eval_stsb.py --write")
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    if len(X) == 0:
        return []
    t = PARAPHRASE_THRESHOLD if threshold is None else threshold
    prob = 1.0 / (1.0 + np.exp(-(X @ _P_COEF + _P_B)))
    score = (np.full(len(X), np.nan) if _ws.__name__ in _STALE
             else np.clip(X @ _S_COEF + _S_B, 0.0, 1.0))
    out = []
    for k in range(len(X)):
        ed = float(X[k, _ED])
        if exact[k]:
            out.append(Judgement(EXACT, 1.0, float(prob[k]), 1.0))
            continue
        kind = EDITED if ed >= EDITED_MIN else PARAPHRASE if prob[k] >= t else None
        out.append(Judgement(kind, float(score[k]), float(prob[k]), ed))
    return out


def judge(a: SentInfo, b: SentInfo, cos: float, *, threshold: float | None = None) -> Judgement:
    """Judge one pair from its :class:`SentInfo` and the cosine of its embeddings."""
    exact = bool(a.tokens) and a.tokens == b.tokens
    return judge_features(pair_features(a, b, cos)[None, :], np.array([exact]),
                          threshold=threshold)[0]


def _vectors(texts: Sequence[str], vecs: np.ndarray | None) -> np.ndarray:
    if vecs is not None:
        return np.asarray(vecs, dtype=np.float32)
    from unspun.fingerprint.embed import embed

    return embed(list(texts))


def _judge_many(a_texts: Sequence[str], b_texts: Sequence[str], a_vecs: np.ndarray | None,
                b_vecs: np.ndarray | None) -> list[Judgement]:
    if len(a_texts) != len(b_texts):
        raise ValueError("a_texts and b_texts must have the same length")
    cos = np.einsum("ij,ij->i", _vectors(a_texts, a_vecs), _vectors(b_texts, b_vecs))
    infos = [(sent_info(a), sent_info(b)) for a, b in zip(a_texts, b_texts)]
    X = np.array([feature_row(ia, ib, float(c)) for (ia, ib), c in zip(infos, cos)])
    exact = np.array([bool(ia.tokens) and ia.tokens == ib.tokens for ia, ib in infos])
    return judge_features(X.reshape(len(infos), len(FEATURES)), exact)


def similarities(a_texts: Sequence[str], b_texts: Sequence[str], *, a_vecs: np.ndarray | None = None,
                 b_vecs: np.ndarray | None = None) -> np.ndarray:
    """Graded similarity of each pair ``(a_texts[i], b_texts[i])``, in ``[0, 1]``."""
    return np.array([j.score for j in _judge_many(a_texts, b_texts, a_vecs, b_vecs)])


def paraphrase_probabilities(a_texts: Sequence[str], b_texts: Sequence[str], *,
                             a_vecs: np.ndarray | None = None,
                             b_vecs: np.ndarray | None = None) -> np.ndarray:
    """Paraphrase probability of each pair."""
    return np.array([j.probability for j in _judge_many(a_texts, b_texts, a_vecs, b_vecs)])


def classify_many(a_texts: Sequence[str], b_texts: Sequence[str], *, a_vecs: np.ndarray | None = None,
                  b_vecs: np.ndarray | None = None) -> list[str | None]:
    """``exact``, ``edited``, ``paraphrase`` or ``None`` for each pair."""
    return [j.type for j in _judge_many(a_texts, b_texts, a_vecs, b_vecs)]


def similarity(a: str, b: str) -> float:
    """Graded similarity of two sentences in ``[0, 1]`` (embeds both)."""
    return float(similarities([a], [b])[0])


def paraphrase_probability(a: str, b: str) -> float:
    """Probability that ``b`` says what ``a`` says (embeds both)."""
    return float(paraphrase_probabilities([a], [b])[0])


def classify(a: str, b: str) -> str | None:
    """How ``b`` relates to ``a``: ``exact``, ``edited``, ``paraphrase`` or ``None`` (embeds both)."""
    return classify_many([a], [b])[0]
