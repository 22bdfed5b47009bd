"""BCubed precision, recall and F1 of a clustering against gold classes (Bagga & Baldwin 1998).

For each item: precision is the share of its cluster that shares its gold
class, recall the share of its gold class that shares its cluster; both are
averaged over items, and F1 is their harmonic mean (Amigó et al. 2009).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> BCubed:
    """BCubed scores of ``predicted`` cluster labels against ``gold`` class labels, item by item."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels but {len(gold)} gold labels")
    if not gold:
        raise ValueError("no items")
    both = Counter(zip(predicted, gold, strict=True))
    cluster = Counter(predicted)
    klass = Counter(gold)
    n = len(gold)
    # every item of one (cluster, class) cell has the same precision and recall
    p = sum(c * c / cluster[k] for (k, _), c in both.items()) / n
    r = sum(c * c / klass[g] for (_, g), c in both.items()) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f)
