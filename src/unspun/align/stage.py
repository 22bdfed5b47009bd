"""The align-and-relate stage over batches of candidate pairs.

``relate_batch`` is a plain function of a batch of :class:`PairInput`, with no
knowledge of the store or of scheduling: the pipeline loads the pairs,
decides which articles need sentence embeddings (:func:`needs_embeddings`:
a pair that the words alone show to be a near-verbatim copy does not) and
stores what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Passage, Relation
from ..relate import Side, relate_pair
from .align import AlignOptions, Sentences, align_pair, sharing

ALIGN_VERSION = "align.v6"
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
    memo: dict = field(default_factory=dict)
    """The features of its sentence pairs judged so far (``align_pair``'s ``memo``), shared by its passes."""


def needs_embeddings(pair: PairInput, options: AlignOptions = AlignOptions(), *, verbatim: float = 0.9
                     ) -> tuple[bool, list[Passage]]:
    """Whether paraphrase alignment could add anything, and the passages the words alone align.

    It could not when the words alone align at least ``verbatim`` of one side
    (a copy, whole or truncated).
    """
    passages = align_pair(pair.a, pair.b, options, memo=pair.memo)
    s = sharing(pair.a, pair.b, passages, options)
    return max(s.coverage_a, s.coverage_b) < verbatim, passages


def batch_joined(pairs: Sequence[PairInput], embed: Callable[[list[str]], np.ndarray],
                 options: AlignOptions = AlignOptions()) -> int:
    """Embed, in one batch, the joined sentence windows that aligning ``pairs`` will ask for.

    Alignment tries a sentence against two neighbouring sentences of the
    other side joined (one sentence rewritten as two), and embeds each such
    window as one text. Asked pair by pair, that is one small encoder call
    per pair (on a busy 2-core machine, 126 windows of the 1k bench corpus in
    32 calls took longer than its 343 sentences in one; on an idle one the
    difference does not show at 10k articles). A first pass
    over the pairs only notes the windows (merging on the summed vectors
    meanwhile); they are embedded together; then each pair's ``embed`` is set
    to read them back (a window the first pass did not foresee is embedded
    when asked). The alignment is the same as with ``embed`` called per pair.
    Returns how many windows were embedded in the batch. The pairs need
    their sentence vectors (``vecs``) already.
    """
    noted: dict[str, None] = {}

    def note(texts: list[str]) -> None:  # no vectors back: merges use the summed ones meanwhile
        noted.update(dict.fromkeys(texts))

    for p in pairs:
        p.a.embed = p.b.embed = note
        align_pair(p.a, p.b, options, memo=p.memo)
    texts = list(noted)
    cache: dict[str, np.ndarray] = dict(zip(texts, embed(texts), strict=True)) if texts else {}

    def cached(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, embed(missing), strict=True))
        return np.stack([cache[t] for t in texts])

    for p in pairs:
        p.a.embed = p.b.embed = cached
    return len(texts)


NO_REUSE = ""
"""The kind of a stored pair that shares only weak passages (quotations, stock phrases, a loose paraphrase or
two): no reuse, but what they share is kept to be shown (``unspun sources`` of two reports of one event)."""


def relate_aligned(pair: PairInput, passages: list[Passage], options: AlignOptions = AlignOptions(), *,
                   keep_weak: bool = False) -> Relation | None:
    """Relate a pair from its aligned passages; None when it shares no text worth a relation, or, with
    ``keep_weak``, a :data:`NO_REUSE` relation holding what it shares when it shares something."""
    s = sharing(pair.a, pair.b, passages, options)
    r = relate_pair(pair.a_id, pair.b_id, pair.a_side, pair.b_side, passages, s)
    if r is None and keep_weak and passages:
        return Relation(pair.a_id, pair.b_id, NO_REUSE, round(s.coverage_a, 4), round(s.coverage_b, 4), "unknown",
                        0.0, (), tuple(passages))
    return r


def relate_one(pair: PairInput, options: AlignOptions = AlignOptions(), *, keep_weak: bool = False
               ) -> Relation | None:
    """Align a pair and relate it."""
    return relate_aligned(pair, align_pair(pair.a, pair.b, options, memo=pair.memo), options, keep_weak=keep_weak)


def relate_batch(batch: Sequence[PairInput], options: AlignOptions = AlignOptions(),
                 aligned: Sequence[list[Passage] | None] | None = None) -> list[tuple[str, str, Relation | None]]:
    """``(a, b, relation or None)`` for each pair of the batch (a :data:`NO_REUSE` relation for a pair that
    shares only weak passages); ``aligned`` passes passages already found."""
    aligned = aligned or [None] * len(batch)
    return [(p.a_id, p.b_id, relate_one(p, options, keep_weak=True) if ps is None
             else relate_aligned(p, ps, options, keep_weak=True)) for p, ps in zip(batch, aligned, strict=True)]
