"""The align-and-relate stage over batches of candidate pairs.

``relate_batch`` is a plain function of a batch of :class:`PairInput`, with no
knowledge of the store or of scheduling: the pipeline loads the pairs,
decides which articles need sentence embeddings (:func:`needs_embeddings`:
a pair that the words alone show to be a near-verbatim copy does not) and
stores what comes back.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..fingerprint.embed import DIM
from ..records import Passage, Relation, Span
from ..relate import Side, relate_pair
from .align import AlignOptions, Sentences, align_pair, in_place_edits, sharing
from .features import SentInfo, sent_info

ALIGN_VERSION = "align.v15"
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


COPIES = frozenset({"copy", "duplicate"})
"""The kinds whose sentences changed in place are aligned as edited (``in_place_edits``)."""
NO_REUSE = ""
"""The kind of a stored pair that shares only weak passages (quotations, stock phrases, a loose paraphrase or
two): no reuse, but what they share is kept to be shown (``unspun sources`` of two reports of one event)."""


def relate_aligned(pair: PairInput, passages: list[Passage], options: AlignOptions = AlignOptions(), *,
                   keep_weak: bool = False) -> Relation | None:
    """Relate a pair from its aligned passages; None when it shares no text worth a relation, or, with
    ``keep_weak``, a :data:`NO_REUSE` relation holding what it shares when it shares something."""
    s = sharing(pair.a, pair.b, passages, options)
    r = relate_pair(pair.a_id, pair.b_id, pair.a_side, pair.b_side, passages, s)
    if r is not None and r.kind in COPIES:  # a copy's sentences changed in place are shown, and relate with it
        edited = in_place_edits(pair.a, pair.b, passages, options)
        if edited:
            more = sorted([*passages, *edited], key=lambda p: (p.a.start, p.b.start))
            # they add to what is shared; how near-verbatim the copy is stays as the judged passages say
            grown = dataclasses.replace(sharing(pair.a, pair.b, more, options), exact_share=s.exact_share,
                                        identical_share=s.identical_share)
            again = relate_pair(pair.a_id, pair.b_id, pair.a_side, pair.b_side, more, grown)
            # the kind stays the judged passages' (an attribution rewritten in place makes no duplicate of a copy)
            r = dataclasses.replace(again, kind=r.kind) if again is not None and again.kind in COPIES else r
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


# -- the stage over batches of pairs ------------------------------------------------------------

@dataclass(slots=True)
class AlignArticle:
    """What aligning needs of one article: its cleaned text, sentences, side (site, date, credits) and the
    indices of its sentences that lie in its site's boilerplate."""

    text: str
    spans: tuple[Span, ...]
    side: Side
    boilerplate: frozenset[int] = frozenset()


@dataclass(slots=True)
class AlignBatch:
    """Candidate pairs ``(a, b)`` (``a < b``) and every article they name."""

    pairs: list[tuple[str, str]]
    articles: dict[str, AlignArticle]


@dataclass(frozen=True, slots=True)
class AlignStageOptions:
    align: AlignOptions = AlignOptions()
    embed: bool = True
    """Sentence embeddings for pairs the words alone leave mostly unaligned (paraphrase passages)."""
    max_tokens: int = 128
    batch_size: int = 32
    cache: int = 1500
    """Articles whose sentence vectors a process keeps between batches (a story's articles come back)."""


@dataclass(slots=True)
class AlignResult:
    rows: list[tuple[str, str, Relation | None]]
    """``(a, b, relation or None)`` for each pair (a :data:`NO_REUSE` relation: only weak passages)."""
    warning: str | None = None
    """Why the batch was aligned on words only, when embeddings were asked for and could not be had."""


class SentenceVectors:
    """Sentence embeddings of articles, filled row by row as pairs ask for them (zero rows: not needed)."""

    def __init__(self) -> None:
        self._vecs: dict[str, np.ndarray] = {}
        self._filled: dict[str, np.ndarray] = {}
        self._texts: dict[str, list[str]] = {}
        self._wanted: dict[str, set[int]] = {}

    def want(self, aid: str, side: Sentences, rows: Sequence[int]) -> None:
        texts = [s.of(side.text) for s in side.spans]
        if aid not in self._vecs or self._texts[aid] != texts:  # (another store's article of that id)
            self._vecs[aid] = np.zeros((len(side), DIM), dtype=np.float32)
            self._filled[aid] = np.zeros(len(side), dtype=bool)
            self._texts[aid] = texts
            self._wanted.pop(aid, None)
        missing = [i for i in rows if not self._filled[aid][i]]
        if missing:
            self._wanted.setdefault(aid, set()).update(missing)

    def fill(self, embed_fn: Callable[[list[str]], np.ndarray]) -> None:
        """Embed every wanted row in one batch."""
        keys = [(aid, i) for aid, rows in self._wanted.items() for i in sorted(rows)]
        self._wanted = {}
        if not keys:
            return
        vecs = embed_fn([self._texts[aid][i] for aid, i in keys])
        for (aid, i), v in zip(keys, vecs, strict=True):
            self._vecs[aid][i] = v
            self._filled[aid][i] = True

    def of(self, aid: str) -> np.ndarray:
        return self._vecs[aid]

    def __len__(self) -> int:
        """How many articles' vectors are kept."""
        return len(self._vecs)

    def trim(self, limit: int) -> None:
        if len(self._vecs) > limit:
            self._vecs, self._filled, self._texts, self._wanted = {}, {}, {}, {}


_VECTORS = SentenceVectors()
"""This process's sentence vectors, kept between batches (each worker of a pool has its own)."""


def align_batch(batch: AlignBatch, options: AlignStageOptions = AlignStageOptions()) -> AlignResult:
    """Align and relate every pair of a batch: the align stage, run by an engine over batches of pairs.

    Each pair is first aligned on its words. Only when that leaves most of
    both sides unaligned (:func:`needs_embeddings`) are its sentences
    embedded, and only those the words left unmatched; the vectors stay in
    this process's cache for the next batches. Without the embedding extra,
    the batch is aligned on words only and the result says why.
    """
    memo: dict[str, SentInfo] = {}
    read = {aid: Sentences(x.text, x.spans, infos=_infos(x, memo), boilerplate=x.boilerplate)
            for aid, x in batch.articles.items()}
    inputs = [PairInput(a, b, _fresh(read[a]), _fresh(read[b]), batch.articles[a].side, batch.articles[b].side)
              for a, b in batch.pairs]
    aligned: list[list[Passage] | None] = [None] * len(inputs)
    words = _WordsAligned(batch, options.align)
    warning = None
    if options.embed:
        from ..fingerprint.embed import MissingExtra, embed

        def embed_fn(texts: list[str]) -> np.ndarray:
            return embed(texts, max_tokens=options.max_tokens, batch_size=options.batch_size)

        needy = []
        for k, p in enumerate(inputs):
            more, aligned[k] = words(p)
            if more:
                _VECTORS.want(p.a_id, p.a, unmatched(p.a, [x.a for x in aligned[k]]))
                _VECTORS.want(p.b_id, p.b, unmatched(p.b, [x.b for x in aligned[k]]))
                needy.append(p)
                aligned[k] = None
        try:
            _VECTORS.fill(embed_fn)
        except MissingExtra as exc:
            warning = f"no paraphrase alignment, exact and edited passages only: {exc}"
            aligned, needy = [None] * len(inputs), []
        for p in needy:
            p.a.vecs, p.b.vecs = _VECTORS.of(p.a_id), _VECTORS.of(p.b_id)
        if needy:
            batch_joined(needy, embed_fn, options.align)
    else:
        aligned = [words(p)[1] for p in inputs]
    rows = relate_batch(inputs, options.align, aligned)
    _VECTORS.trim(options.cache)
    return AlignResult(rows, warning)


def _infos(article: AlignArticle, memo: dict[str, SentInfo]) -> list[SentInfo]:
    """The features of an article's sentences (as :class:`Sentences` reads them), each distinct sentence read once
    per batch: a copy repeats its original's sentences, which then share one :class:`SentInfo`."""
    out = []
    for s in article.spans:
        if s.end > s.start:
            text = s.of(article.text)
            info = memo.get(text)
            if info is None:
                info = memo[text] = sent_info(text)
            out.append(info)
    return out


class _WordsAligned:
    """:func:`needs_embeddings` for the pairs of one batch, once per pair of texts: the copies of one wire story
    on many sites make many pairs of the same two texts (300 copies, 44,850 pairs), and their word alignment
    depends on the texts alone (their sentences and boilerplate), not on which articles carry them."""

    def __init__(self, batch: AlignBatch, options: AlignOptions) -> None:
        self._articles = batch.articles
        self._options = options
        self._done: dict[tuple, tuple[bool, list[Passage]]] = {}

    def __call__(self, pair: PairInput) -> tuple[bool, list[Passage]]:
        a, b = self._articles[pair.a_id], self._articles[pair.b_id]
        key = (a.text, a.spans, a.boilerplate, b.text, b.spans, b.boilerplate)
        hit = self._done.get(key)
        if hit is None:
            hit = self._done[key] = needs_embeddings(pair, self._options)
        return hit[0], list(hit[1])


def release_vectors() -> None:
    """Drop this process's sentence vectors (a run is over; a long-lived process, such as the server, should not
    keep them)."""
    _VECTORS.trim(0)


def _fresh(s: Sentences) -> Sentences:
    """A pair's own view of an article's sentences (its vectors and embed hook are the pair's; the sentence
    features, read once, are shared)."""
    return Sentences(s.text, s.spans, None, None, s.infos, s.quoted, s.boilerplate)


def unmatched(side: Sentences, spans: Sequence[Span]) -> list[int]:
    """Indices of the sentences of ``side`` that no aligned span starts in or covers."""
    covered = [False] * len(side)
    starts = [s.start for s in side.spans]
    for span in spans:
        lo = max(bisect_right(starts, span.start) - 1, 0)
        hi = bisect_right(starts, span.end - 1) - 1
        for i in range(lo, hi + 1):
            covered[i] = True
    return [i for i, c in enumerate(covered) if not c]
