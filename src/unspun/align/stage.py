"""The align-and-relate stage over batches of candidate pairs.

``relate_batch`` is a plain function of a batch of :class:`PairInput`, with no
knowledge of the store or of scheduling: the pipeline loads the pairs,
decides which articles need sentence embeddings (:func:`needs_embeddings`:
a pair that the words alone show to be a near-verbatim copy does not) and
stores what comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Relation
from ..relate import Side, relate_pair
from .align import AlignOptions, Sentences, align_pair, sharing

ALIGN_VERSION = "align.v1"
"""Bumped whenever alignment or relation rules change, so stored relations are recomputed."""


@dataclass(slots=True)
class PairInput:
    """One candidate pair, ready to align (``a_id < b_id``)."""

    a_id: str
    b_id: str
    a: Sentences
    b: Sentences
    a_side: Side
    b_side: Side


def needs_embeddings(pair: PairInput, options: AlignOptions = AlignOptions(), *, verbatim: float = 0.9) -> bool:
    """True unless the words alone align at least ``verbatim`` of one side (a copy, whole or truncated)."""
    s = sharing(pair.a, pair.b, align_pair(pair.a, pair.b, options), options)
    return max(s.coverage_a, s.coverage_b) < verbatim


def relate_one(pair: PairInput, options: AlignOptions = AlignOptions()) -> Relation | None:
    """Align a pair and relate it; None when it shares no text worth a relation."""
    passages = align_pair(pair.a, pair.b, options)
    s = sharing(pair.a, pair.b, passages, options)
    return relate_pair(pair.a_id, pair.b_id, pair.a_side, pair.b_side, passages, s)


def relate_batch(batch: Sequence[PairInput], options: AlignOptions = AlignOptions()
                 ) -> list[tuple[str, str, Relation | None]]:
    """``(a, b, relation or None)`` for each pair of the batch."""
    return [(p.a_id, p.b_id, relate_one(p, options)) for p in batch]
