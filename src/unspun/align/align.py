"""Sentence alignment of one article pair: which sentence of A says what which sentence of B says.

The alignment is order-free: every sentence of A may match any sentence of
B, so swapped paragraphs align as well as kept ones. It runs in four steps:

1. **shortlist**: sentence pairs that share content words (an inverted
   index over B's sentences) or, when sentence embeddings are given, whose
   cosine is high;
2. **judge**: each shortlisted pair is judged by :mod:`unspun.align.judge`
   (``exact``, ``edited``, ``paraphrase`` or nothing);
3. **match**: the best pairs are taken greedily, one partner per sentence;
4. **merge**: a sentence left alone, or matched only in part, is tried
   against two neighbouring sentences of the other side joined, which is
   how one sentence rewritten as two (or two as one) is found;
5. **gaps**: where a few sentences of each side stand unmatched between
   two passages in the same order on both sides (one of them more than a
   shared quotation), they are judged again in that context at a lower bar, which is how a rewrite that pads, trims or
   merges sentences as it rewords them (an LLM's) is followed between the
   quotations it keeps.

Each matched pair becomes a :class:`~unspun.records.Passage`. A passage whose
shared words lie inside quotation marks on both sides (a shared direct
quote) or that is only a few words long (a stock phrase) is marked ``weak``:
independent reports of one event quote the same people. :func:`sharing`
sums an alignment up for the relate stage: coverage of each side, the share
that is near-verbatim, the strong passages, and the longest run of passages
in the same order on both sides, which is the strong evidence of copying.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Passage, Span, covered_chars
from ..relate.kind import Sharing
from ..words import WORD, cut_from, quoted_ranges
from .features import FEATURES, SentInfo, feature_row, normalise, sent_info, tokens
from .judge import EDITED, EXACT, Judgement, judge_features

__all__ = ["AlignOptions", "Sentences", "align_pair", "sharing", "quoted_ranges"]

_QWORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """How sentences are shortlisted, matched and merged."""

    min_shared: float = 0.3
    """Shortlist a sentence pair when this share of the smaller side's content words is shared."""
    min_cosine: float = 0.6
    """... or, with embeddings, when their cosine is at least this."""
    paraphrase: float | None = None
    """Smallest paraphrase probability of a ``paraphrase`` passage; None: the judge's own (MRPC-tuned) threshold."""
    shortlist: int = 5
    """At most this many sentences of B are judged against each sentence of A, best first, by each test."""
    min_score: float = 0.0
    """Drop matches scoring under this (the judge decides the type; this only trims)."""
    short_words: int = 6
    """A passage of fewer words than this is a stock phrase: weak evidence of copying."""
    quoted_share: float = 0.6
    """A passage whose shared words lie this much inside quotation marks on both sides is a shared quote."""
    run_gap: int = 4
    """Passages at most this many sentences apart (on both sides) continue a run."""
    verbatim_edit: float = 0.9
    """An edited passage keeping at least this share of its words counts as near-verbatim
    (a copy); below it, word swaps make a rewrite (machine spin changes about one word in four)."""
    gap_sentences: int = 3
    """Between two passages in the same order on both sides, one of them more than a shared quotation or stock
    phrase, gaps of at most this many unmatched sentences on each side ..."""
    gap_paraphrase: float | None = 0.35
    """... are searched for paraphrases at this lower probability (None: not searched), given ``gap_cosine``:
    a rewrite that adds and merges as it rewords is judged in its context, not sentence by sentence alone."""
    gap_cosine: float = 0.7
    """Smallest cosine of a pair judged in a gap."""


@dataclass(slots=True)
class Sentences:
    """One article's sentences, ready to align: text, spans, what the judge needs, and embeddings."""

    text: str
    spans: tuple[Span, ...]
    vecs: np.ndarray | None = None
    """L2-normalised sentence embeddings, one row per span, or None (then no paraphrase is found)."""
    embed: Callable[[list[str]], np.ndarray | None] | None = None
    """What made ``vecs``: used to embed two sentences joined, when one is tried against one of the other side
    (None back: use the normalised sum of the two sentences' vectors)."""
    infos: list[SentInfo] = field(default_factory=list)
    quoted: list[tuple[int, int]] | None = None
    boilerplate: frozenset[int] = frozenset()
    """Sentences that lie in a line of the site's boilerplate (repeated by its unrelated pages)."""

    def __post_init__(self) -> None:
        self.spans = tuple(s for s in self.spans if s.end > s.start)
        if not self.infos:
            self.infos = [sent_info(s.of(self.text)) for s in self.spans]
        if self.quoted is None:
            self.quoted = quoted_ranges(self.text)
        if self.vecs is not None and len(self.vecs) != len(self.spans):
            raise ValueError(f"{len(self.spans)} sentences but {len(self.vecs)} embeddings")

    @classmethod
    def of(cls, text: str, spans: Sequence[Span], vecs: np.ndarray | None = None,
           embed: Callable[[list[str]], np.ndarray] | None = None) -> Sentences:
        return cls(text, tuple(spans), vecs, embed)

    def __len__(self) -> int:
        return len(self.spans)


def _start(r: tuple[int, int]) -> int:
    return r[0]


_FEED_FOOTER = re.compile(r"^[ \t]*The post\b[^\n]*?\bappeared first on\b[^\n]*$", re.MULTILINE)
"""WordPress's feed signature, ``The post <title> appeared first on <site>.``, that a scraper importing a feed
keeps at the end of each post: it names the source (``relate.credits`` reads it) but is no sentence of the
article, and its title can pass for a paraphrase of another report's sentence."""


def feed_footers(side: Sentences) -> frozenset[int]:
    """Indices of the sentences of ``side`` that lie in a line of a feed's signature (:data:`_FEED_FOOTER`)."""
    if "appeared first on" not in side.text:
        return frozenset()
    out = set()
    for m in _FEED_FOOTER.finditer(side.text):
        out.update(k for k, sp in enumerate(side.spans) if m.start() <= sp.start and sp.end <= m.end())
    return frozenset(out)


def _quoted_share(side: Sentences, span: Span, words: frozenset[str]) -> float:
    """Share of the occurrences of ``words`` in ``span`` that lie inside quotation marks.

    Capitalised words outside the quotes (the speaker, a place, a weekday) don't count:
    they are how any report attributes a quote, not evidence of copying.
    """
    if not side.quoted or not words:
        return 0.0
    inside = total = 0
    text = side.text
    for m in _QWORD.finditer(text, span.start, span.end):
        if m.group().casefold() not in words:
            continue
        total += 1
        k = bisect_right(side.quoted, m.start(), key=_start) - 1
        if k >= 0 and side.quoted[k][0] <= m.start() < side.quoted[k][1]:
            inside += 1
        elif m.group()[0].isupper():
            total -= 1  # the attribution around a quote: who said it, where, on which day
    return inside / total if total > 0 else 0.0


def _join(side: Sentences, i: int, j: int) -> tuple[Span, SentInfo, np.ndarray | None]:
    """Sentences ``i`` and ``j = i + 1`` as one."""
    span = Span(side.spans[i].start, side.spans[j].end)
    vec = None
    if side.vecs is not None:
        v = side.vecs[i].astype(np.float64) + side.vecs[j]
        vec = v / max(float(np.linalg.norm(v)), 1e-12)
    return span, sent_info(span.of(side.text)), vec


@dataclass(slots=True)
class _Match:
    ia: tuple[int, int]  # first and last sentence index on each side
    ib: tuple[int, int]
    type: str
    score: float
    span_a: Span
    span_b: Span
    rank: float


_COS = FEATURES.index("cos")


def _judge(pairs: list[tuple[SentInfo, SentInfo, float]], threshold: float | None,
           rows: list[tuple[float, ...] | None] | None = None) -> list:
    """The judge's verdicts on ``pairs``; ``rows`` may give a pair's features already computed (any cosine)."""
    if not pairs:
        return []
    rows = rows or [None] * len(pairs)
    X = np.array([feature_row(x, y, c) if r is None else r for (x, y, c), r in zip(pairs, rows, strict=True)]
                 ).reshape(len(pairs), len(FEATURES))
    X[:, _COS] = [c for _, _, c in pairs]
    exact = np.array([bool(x.tokens) and x.tokens == y.tokens for x, y, _ in pairs])
    return judge_features(X, exact, threshold=threshold)


def _score(j) -> float:
    """A passage's score: 1 for exact, else the judge's graded similarity (at least the edit similarity when edited)."""
    if j.type == EXACT:
        return 1.0
    return j.edit_similarity if j.type == EDITED else j.score


def _rank(j) -> float:
    """Order of preference among matches: exact, then edited, then paraphrase; by score inside."""
    return {EXACT: 3.0, EDITED: 2.0}.get(j.type, 1.0) + (j.edit_similarity if j.type == EDITED else j.probability)


_COMMON_POSTINGS = 200
"""A content word in more sentences of the other side than this does not shortlist pairs (only articles of
over 200 sentences have one)."""


def align_pair(a: Sentences, b: Sentences, options: AlignOptions = AlignOptions(), *,
               memo: dict[tuple[int, int], tuple[float, ...]] | None = None) -> list[Passage]:
    """Aligned passages of ``a`` and ``b``, in A's order, each marked weak when it is only a quote or stock phrase.

    ``memo``: a dict kept for this one pair of sides between calls (aligning on words, then with
    embeddings), where the features of sentence pairs already judged are found again.
    """
    if not len(a) or not len(b):
        return []
    # 1. shortlist: shared content words (inverted index over B), or cosine
    index: dict[str, list[int]] = defaultdict(list)
    for j, info in enumerate(b.infos):
        for w in info.content:
            index[w].append(j)
    # in a very long article a word in hundreds of sentences would make this quadratic: such words find no
    # candidate, and the candidates that rarer words find are counted on all their words
    common = {w for w, js in index.items() if len(js) > _COMMON_POSTINGS}
    short: set[tuple[int, int]] = set()
    for i, info in enumerate(a.infos):
        counts: dict[int, int] = defaultdict(int)
        for w in info.content - common if common else info.content:
            for j in index.get(w, ()):
                counts[j] += 1
        if common:
            counts = {j: len(info.content & b.infos[j].content) for j in counts}
        na = len(info.content)
        ranked = heapq.nlargest(options.shortlist,
                                ((c / max(min(na, len(b.infos[j].content)), 1), j) for j, c in counts.items()))
        for share, j in ranked:
            if share < options.min_shared:
                break
            short.add((i, j))
    # the sentences next to a shortlisted pair, in the same order on both sides: a short sentence with a word
    # swapped ("It magnifies who you are" / "It enlarges who you are") shares no content word, only its place
    for i, j in list(short):
        for di in (-1, 1):
            if 0 <= i + di < len(a.infos) and 0 <= j + di < len(b.infos):
                short.add((i + di, j + di))
    cos = None
    if a.vecs is not None and b.vecs is not None:
        cos = a.vecs.astype(np.float32) @ b.vecs.astype(np.float32).T
        k = min(options.shortlist, cos.shape[1])
        top = np.argpartition(-cos, k - 1, axis=1)[:, :k]
        for i, row in enumerate(top):
            for j in row:
                if cos[i, j] >= options.min_cosine:
                    short.add((i, int(j)))
    feeds_a, feeds_b = feed_footers(a), feed_footers(b)
    if feeds_a or feeds_b:  # a feed's own signature line is no sentence of the article: it aligns with nothing
        short = {(i, j) for i, j in short if i not in feeds_a and j not in feeds_b}
    # 2. judge; without embeddings the cosine stands at 0, so only exact and edited pairs pass
    pairs = sorted(short)
    rows = None
    if memo is not None:  # the words' features of a pair don't change between passes; only the cosine does
        rows = [memo.get(p) for p in pairs]
        for k, (i, j) in enumerate(pairs):
            if rows[k] is None:
                rows[k] = memo[(i, j)] = feature_row(a.infos[i], b.infos[j], 0.0)
    judged = _judge([(a.infos[i], b.infos[j], float(cos[i, j]) if cos is not None else 0.0) for i, j in pairs],
                    options.paraphrase, rows)
    judged = [_edge_cut(jd, a, b, i, j) for (i, j), jd in zip(pairs, judged, strict=True)]
    if cos is None:
        judged = [j if j.type in (EXACT, EDITED) else None for j in judged]
    # 3. greedy one-to-one matching, best first
    scored = sorted(((_rank(jd), i, j, jd) for (i, j), jd in zip(pairs, judged)
                     if jd is not None and jd.type is not None and jd.score >= options.min_score),
                    key=lambda t: (-t[0], t[1], t[2]))
    used_a: dict[int, _Match] = {}
    used_b: dict[int, _Match] = {}
    for _, i, j, jd in scored:
        if i in used_a or j in used_b:
            continue
        m = _Match((i, i), (j, j), jd.type, _score(jd), a.spans[i], b.spans[j], _rank(jd))
        used_a[i] = used_b[j] = m
    # 4. merges: one sentence against two neighbours of the other side
    near: dict[int, set[int]] = defaultdict(set)
    near_b: dict[int, set[int]] = defaultdict(set)
    for i, j in short:
        near[i].add(j)
        near_b[j].add(i)
    _merge(a, b, used_a, used_b, near, options, flip=False)
    _merge(b, a, used_b, used_a, near_b, options, flip=True)
    if cos is not None and options.gap_paraphrase is not None:
        _fill_gaps(a, b, used_a, used_b, cos, options)
    matches = {id(m): m for m in used_a.values()}.values()
    out = []
    for m in sorted(matches, key=lambda m: (m.ia, m.ib)):
        span_a, span_b = _narrow_cut(a, b, m)
        out.append(Passage(span_a, span_b, m.type, round(float(m.score), 4), _weak(a, b, m, options)))
    return out


def _fill_gaps(a: Sentences, b: Sentences, used_a: dict, used_b: dict, cos: np.ndarray, options: AlignOptions
               ) -> None:
    """Paraphrases in the gaps of an ordered alignment, at a lower bar: where one or a few sentences of each side
    stand unmatched between two passages that are in the same order on both sides, the best pairs of them whose
    cosine and paraphrase probability reach ``options.gap_cosine`` and ``options.gap_paraphrase`` are matched, in
    order (a rewrite that merges, trims or adds as it rewords scores below the judge's own threshold, which asks
    for two sentences that say the same and no more)."""
    ms = sorted({id(m): m for m in used_a.values()}.values(), key=lambda m: m.ia)
    for p, q in zip(ms, ms[1:]):
        if not (p.ib[1] < q.ib[0]):
            continue
        gap_a, gap_b = range(p.ia[1] + 1, q.ia[0]), range(p.ib[1] + 1, q.ib[0])
        if not (0 < len(gap_a) <= options.gap_sentences and 0 < len(gap_b) <= options.gap_sentences):
            continue
        if any(i in used_a for i in gap_a) or any(j in used_b for j in gap_b):
            continue  # a sentence matched elsewhere: not a gap of this run
        if _weak(a, b, p, options) and _weak(a, b, q, options):
            continue  # between two shared quotations independent reports state the same facts: no lower bar there
        feeds_a, feeds_b = feed_footers(a), feed_footers(b)
        pairs = [(i, j) for i in gap_a for j in gap_b
                 if cos[i, j] >= options.gap_cosine and i not in feeds_a and j not in feeds_b]
        judged = _judge([(a.infos[i], b.infos[j], float(cos[i, j])) for i, j in pairs], options.gap_paraphrase)
        judged = [_edge_cut(jd, a, b, i, j) for (i, j), jd in zip(pairs, judged, strict=True)]
        taken: list[tuple[int, int]] = []
        for jd, (i, j) in sorted(zip(judged, pairs), key=lambda t: -t[0].probability):
            if jd.type is None or jd.score < options.min_score or any((i - x) * (j - y) <= 0 for x, y in taken):
                continue  # one partner each, and in order
            taken.append((i, j))
            used_a[i] = used_b[j] = _Match((i, i), (j, j), jd.type, _score(jd), a.spans[i], b.spans[j], _rank(jd))


def _mergeable(m: _Match | None, x: Sentences, i: int, y: Sentences, flip: bool) -> bool:
    """A sentence worth trying against two: unmatched, or paraphrased by a much shorter one; never twice merged."""
    if m is None:
        return True
    if m.type in (EXACT, EDITED) or m.ia[0] != m.ia[1] or m.ib[0] != m.ib[1]:
        return False
    partner = m.ia[0] if flip else m.ib[0]
    return len(x.infos[i].tokens) >= 1.3 * len(y.infos[partner].tokens)


_WINDOW_COVER = 0.4
"""A window of two sentences is tried only when it holds at least this share of the sentence's content words."""


def _split_like(x: SentInfo, y1: SentInfo, y2: SentInfo) -> bool:
    """Could ``x`` be ``y1`` and ``y2`` written as one: about as long as both, and sharing words with each?"""
    lx, l1, l2 = len(x.tokens), len(y1.tokens), len(y2.tokens)
    if lx < 0.7 * (l1 + l2) or lx < 1.3 * max(l1, l2):
        return False
    return bool(x.content & y1.content) and bool(x.content & y2.content)


def _windows(x: Sentences, y: Sentences, used_x: dict, used_y: dict, near: dict[int, set[int]], flip: bool
             ) -> dict[tuple[int, int], tuple[Span, SentInfo, np.ndarray | None]]:
    """Pairs of adjacent sentences of ``y`` worth trying against a sentence of ``x``, joined.

    With an ``embed`` function on ``y`` the joined text is embedded in one
    batch (exact); otherwise, or when that function returns None (it only
    noted the texts, see :func:`unspun.align.stage.batch_joined`), its vector
    is the normalised sum of the two.
    """
    wanted: set[tuple[int, int]] = set()
    for i in range(len(x)):
        if not _mergeable(used_x.get(i), x, i, y, flip):
            continue
        xi = x.infos[i]
        best, best_cover = None, _WINDOW_COVER
        for j in sorted(near.get(i, ())):
            for lo, hi in ((j, j + 1), (j - 1, j)):
                if 0 <= lo and hi < len(y) and _split_like(xi, y.infos[lo], y.infos[hi]):
                    cover = len(xi.content & (y.infos[lo].content | y.infos[hi].content)) / max(len(xi.content), 1)
                    if cover > best_cover:
                        best, best_cover = (lo, hi), cover
        if best is not None:  # only the window sharing most of the sentence's words is tried
            wanted.add(best)
    out = {w: _join(y, *w) for w in sorted(wanted)}
    if out and y.embed is not None and y.vecs is not None:
        vecs = y.embed([span.of(y.text) for span, _, _ in out.values()])
        if vecs is not None:
            out = {w: (span, info, v) for (w, (span, info, _)), v in zip(out.items(), vecs, strict=True)}
    return out


def _merge(x: Sentences, y: Sentences, used_x: dict, used_y: dict, near: dict[int, set[int]],
           options: AlignOptions, *, flip: bool) -> None:
    """Match a sentence of ``x`` with two adjacent sentences of ``y`` when that beats what it has."""
    joined = _windows(x, y, used_x, used_y, near, flip)
    for i in range(len(x)):
        current = used_x.get(i)
        if not _mergeable(current, x, i, y, flip):
            continue
        best = None
        for j in sorted(near.get(i, ())):
            for lo, hi in ((j, j + 1), (j - 1, j)):
                if (lo, hi) not in joined:
                    continue
                others = [used_y.get(k) for k in (lo, hi)]
                if any(o is not None and o is not current for o in others):
                    continue
                span, info, vec = joined[(lo, hi)]
                c = float(np.dot(x.vecs[i], vec)) if vec is not None and x.vecs is not None else 0.0
                jd = _judge([(x.infos[i], info, c)], options.paraphrase)[0]
                if jd.type is None or (x.vecs is None and jd.type not in (EXACT, EDITED)):
                    continue
                if best is None or _rank(jd) > _rank(best[0]):
                    best = (jd, lo, hi, span)
        if best is None:
            continue
        jd, lo, hi, span = best
        if current is not None and _rank(jd) <= current.rank + 0.05:
            continue
        score = _score(jd)
        if flip:
            m = _Match((lo, hi), (i, i), jd.type, score, span, x.spans[i], _rank(jd))
        else:
            m = _Match((i, i), (lo, hi), jd.type, score, x.spans[i], span, _rank(jd))
        if current is not None:
            for k in range(current.ib[0] if not flip else current.ia[0],
                           (current.ib[1] if not flip else current.ia[1]) + 1):
                used_y.pop(k, None)
        used_x[i] = m
        used_y[lo] = used_y[hi] = m


def _weak(a: Sentences, b: Sentences, m: _Match, options: AlignOptions) -> str:
    """``quote``, ``short``, ``boilerplate`` (a sentence the site repeats on unrelated pages) or ``numbers`` (a
    paraphrase whose two sides state numbers and share none: one sentence form with other facts, as a live blog's
    entries or a results roundup repeat it, ``With 107 delegates at stake, she will win at least 56`` / ``With 214
    delegates at stake, Clinton is assured of winning at least 118``; a spinner or a rewriter keeps the numbers)
    when the passage is weak evidence of copying, else ``""``."""
    ta = a.infos[m.ia[0]] if m.ia[0] == m.ia[1] else sent_info(m.span_a.of(a.text))
    tb = b.infos[m.ib[0]] if m.ib[0] == m.ib[1] else sent_info(m.span_b.of(b.text))
    if min(len(ta.tokens), len(tb.tokens)) < options.short_words:
        return "short"
    if (a.boilerplate and all(i in a.boilerplate for i in range(m.ia[0], m.ia[1] + 1))) or \
            (b.boilerplate and all(j in b.boilerplate for j in range(m.ib[0], m.ib[1] + 1))):
        return "boilerplate"
    if m.type not in (EXACT, EDITED) and ta.numbers and tb.numbers and not ta.numbers & tb.numbers:
        return "numbers"
    shared = ta.content & tb.content
    if shared and min(_quoted_share(a, m.span_a, shared), _quoted_share(b, m.span_b, shared)) >= options.quoted_share:
        return "quote"
    return ""


IN_PLACE_SENTENCES = 2
"""At most this many sentences on each side between two aligned passages of a copy are read as edited in place."""


def in_place_edits(a: Sentences, b: Sentences, passages: Sequence[Passage], options: AlignOptions = AlignOptions()
                   ) -> list[Passage]:
    """The sentences a copy changed in place: where one or two unaligned sentences of each side stand between the
    same two aligned passages, in order on both sides, and share at least a third of the shorter side's content
    words (three at least), they are one sentence edited, however much was rewritten around what they keep (a
    quotation given to someone else: ``…," said Hans Joachim Schellnhuber, the director of …`` / ``…," said
    Michael Mann, a climate scientist …``, which no judge calls a paraphrase). Scored by word-level similarity;
    marked weak as :func:`align_pair` marks its passages. For a pair already known to be a copy: between
    passages of independent texts nothing is edited in place."""
    from difflib import SequenceMatcher

    ps = sorted(passages, key=lambda p: (p.a.start, p.b.start))
    # sentences in text order: the ones between two passages by bisection (a scan per gap was quadratic)
    a_starts, a_ends = [s.start for s in a.spans], [s.end for s in a.spans]
    b_starts, b_ends = [s.start for s in b.spans], [s.end for s in b.spans]
    by_b = sorted((r.b.start, r.b.end) for r in passages)
    r_starts, r_reach = [x for x, _ in by_b], []
    for _, e in by_b:
        r_reach.append(max(e, r_reach[-1]) if r_reach else e)
    out = []
    for p, q in zip(ps, ps[1:]):
        if not (p.b.end <= q.b.start and p.a.end <= q.a.start):
            continue
        la, ha = bisect_left(a_starts, p.a.end), bisect_right(a_ends, q.a.start)
        lb, hb = bisect_left(b_starts, p.b.end), bisect_right(b_ends, q.b.start)
        gap_a, gap_b = a.spans[la:ha], b.spans[lb:hb]
        if not (1 <= len(gap_a) <= IN_PLACE_SENTENCES and 1 <= len(gap_b) <= IN_PLACE_SENTENCES):
            continue
        span_a, span_b = Span(gap_a[0].start, gap_a[-1].end), Span(gap_b[0].start, gap_b[-1].end)
        k = bisect_left(r_starts, span_b.end)
        if k and r_reach[k - 1] > span_b.start:
            continue  # a sentence of B already aligned elsewhere (moved), not changed here
        ia_info, ib_info = sent_info(span_a.of(a.text)), sent_info(span_b.of(b.text))
        if len(ia_info.content & ib_info.content) < max(3, min(len(ia_info.content), len(ib_info.content)) / 3):
            continue  # content words, not ``the`` and ``said``: another sentence put in its place is no edit
        sm = SequenceMatcher(None, ia_info.tokens, ib_info.tokens, autojunk=False)
        ia, ib = la, lb
        m = _Match((ia, ia + len(gap_a) - 1), (ib, ib + len(gap_b) - 1), EDITED, sm.ratio(), span_a, span_b, 0.0)
        out.append(Passage(span_a, span_b, EDITED, round(sm.ratio(), 4), _weak(a, b, m, options)))
    return out


def _text_chars(side: Sentences) -> int:
    return max(covered_chars(list(side.spans)), 1)


def sharing(a: Sentences, b: Sentences, passages: Sequence[Passage], options: AlignOptions = AlignOptions()
            ) -> Sharing:
    """Sum an alignment up: coverage of each side, near-verbatim share, strong passages, longest run."""
    if not passages:
        return Sharing(0.0, 0.0, 0.0, 0, 0)
    cov_a = covered_chars([p.a for p in passages]) / _text_chars(a)
    cov_b = covered_chars([p.b for p in passages]) / _text_chars(b)
    aligned = sum(p.a.end - p.a.start for p in passages)
    verbatim = sum(p.a.end - p.a.start for p in passages
                   if p.type == EXACT or (p.type == EDITED and (p.score >= options.verbatim_edit
                                                               or _cut(a.text, b.text, p))))
    identical = sum(p.a.end - p.a.start for p in passages if p.type == EXACT)
    strong = [p for p in passages if not p.weak]
    strong_verbatim = sum(1 for p in strong if p.type in (EXACT, EDITED))
    quote_edits = sum(1 for p in passages if p.type == EDITED and (_edited_in_quotes(a, b, p)
                                                                   or _edited_names(a, b, p)))
    long_passages = sum(1 for p in strong if lifted_sentence(a, b, p, options))
    run = _longest_run(a, b, strong, options)
    return Sharing(min(cov_a, 1.0), min(cov_b, 1.0), verbatim / max(aligned, 1), run, strong_verbatim, len(strong),
                   identical / max(aligned, 1), quote_edits, long_passages)


def lifted_sentence(a: Sentences, b: Sentences, p: Passage, options: AlignOptions = AlignOptions()) -> bool:
    """Whether ``p`` is a long sentence lifted word for word (near-verbatim, long on both sides): a passage that
    alone makes a pair ``partial`` (:attr:`~unspun.relate.kind.Sharing.long_passages`)."""
    return (p.type == EXACT or (p.type == EDITED and (p.score >= options.verbatim_edit or _cut(a.text, b.text, p)))) \
        and _long(a, p.a) and _long(b, p.b)


def _long(side: Sentences, span: Span) -> bool:
    """Whether ``span`` holds a long sentence's worth of the writer's words (:data:`~unspun.fingerprint.sentences.
    LONG_WORDS` content words outside quotation marks), as the sentence fingerprints count them."""
    from ..fingerprint.sentences import LONG_WORDS, content_words_outside_quotes

    if len(_QWORD.findall(side.text, span.start, span.end)) < LONG_WORDS:
        return False
    return content_words_outside_quotes(side.text, span, side.quoted or []) >= LONG_WORDS


def _cut(a_text: str, b_text: str, p: Passage) -> bool:
    """Whether one side of an edited passage is the other's words cut short, a run of them in order (the first or
    last sentence of an extract, cut mid-sentence, perhaps mid-word): near-verbatim, however few words it kept."""
    return _run_of(tokens(p.a.of(a_text)), tokens(p.b.of(b_text)), 1)


_EDGE_CUT_WORDS = 4
"""A sentence at an edge of its article, cut short, is aligned as ``edited`` when it keeps at least this many
words of the other side's sentence, in order."""


def _run_of(x: tuple[str, ...], y: tuple[str, ...], least: int) -> bool:
    """Whether the shorter of ``x``, ``y`` (at least ``least`` words) is a run of the longer's words, its first word
    perhaps the end of one (cut mid-word) and its last the start of one."""
    return _run_at(x, y, least) is not None


def _run_at(x: tuple[str, ...], y: tuple[str, ...], least: int, *, last_place: bool = False) -> int | None:
    """Where the run of :func:`_run_of` starts in the longer of ``x``, ``y`` (the first place, or the last with
    ``last_place``), or None."""
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    n = len(short)
    if n < least or n == 0:
        return None
    first, last, inner = short[0], short[-1], short[1:-1]
    places = range(len(long) - n + 1)
    for k in reversed(places) if last_place else places:
        if n == 1:
            if long[k] == first:
                return k
        elif (long[k + 1:k + n - 1] == inner and (first == long[k] or cut_from(first, long[k], at_end=False))
              and (last == long[k + n - 1] or cut_from(last, long[k + n - 1], at_end=True))):
            return k
    return None


def _edge_cut(jd: Judgement, a: Sentences, b: Sentences, i: int, j: int) -> Judgement:
    """``edited`` for a sentence that a copy cut short at the end or start of the article (``... as to why
    Clinton has strugg``, no full stop; ``aders to vote``, lower case), a run of the other side's sentence's words,
    which the judge, seeing few of them, turns down; the judgement itself otherwise."""
    if jd.type in (EXACT, EDITED):
        return jd
    if not _edge_cut_at(a, b, i, j) or not _run_of(a.infos[i].tokens, b.infos[j].tokens, _EDGE_CUT_WORDS):
        return jd
    return Judgement(EDITED, jd.edit_similarity, jd.probability, jd.edit_similarity)


def _edge_cut_at(a: Sentences, b: Sentences, i: int, j: int) -> bool:
    """Whether the shorter of sentences ``i`` of ``a`` and ``j`` of ``b`` (in words) is its article's last and stops
    without ending (or its first and starts inside one): cut short where the copy was cut."""
    x, y = a.infos[i].tokens, b.infos[j].tokens
    side, k = (a, i) if len(x) <= len(y) else (b, j)
    text = side.spans[k].of(side.text).strip()
    # the text stops without ending its sentence (a scraper's ``...`` marks a cut as its ``…`` does: found by QA,
    # ``his wife was filmed leavin...`` was no cut, so the words past it did not show)
    return bool((k == len(side) - 1 and (not _ENDED.search(text) or _CUT_END.search(text)))
                or (k == 0 and (text[:1].islower() or text.startswith(("…", "...")))))  # or starts inside one


def _narrow_cut(a: Sentences, b: Sentences, m: _Match) -> tuple[Span, Span]:
    """The spans of a one-sentence ``edited`` match where one side is the other's sentence cut short at the edge of
    its article (:func:`_edge_cut_at`): the longer side's span narrowed to the words the cut side kept (found by
    QA: a truncated copy cut inside a 100-word sentence was counted as sharing the whole sentence, 88% of the
    original for the half it kept). The spans as matched otherwise."""
    (i, i2), (j, j2) = m.ia, m.ib
    if m.type != EDITED or i != i2 or j != j2 or not _edge_cut_at(a, b, i, j):
        return m.span_a, m.span_b
    x, y = a.infos[i].tokens, b.infos[j].tokens
    if len(x) == len(y):
        return m.span_a, m.span_b
    cut, k = (a, i) if len(x) < len(y) else (b, j)
    # a first sentence that starts inside one (and is not also its article's last) keeps the longer one's last words:
    # where its run also comes earlier in that sentence, the place at the end is the one it was cut from
    at = _run_at(x, y, 1, last_place=k == 0 and k != len(cut) - 1)
    if at is None:
        return m.span_a, m.span_b
    side, span, n, short = (b, m.span_b, len(x), x) if len(x) < len(y) else (a, m.span_a, len(y), y)
    words = list(WORD.finditer(side.text, span.start, span.end))
    if len(words) != len(side.infos[j if side is b else i].tokens):
        return m.span_a, m.span_b  # the words as read don't line up with the tokens (normalisation): leave it
    first, last = words[at], words[at + n - 1]
    # a word cut mid-word counts for the part the cut side kept (``nator`` of ``senator``, ``meas`` of ``measure``),
    # in the characters it has as written (``ß`` is ``ss`` normalised)
    start = span.start if at == 0 else (
        first.start() if normalise(first.group()) == short[0] else first.end() - _written(first.group(), short[0]))
    end = span.end if at + n == len(words) else (
        last.end() if normalise(last.group()) == short[-1] else last.start() + _written(last.group(), short[-1],
                                                                                           start=True))
    narrowed = Span(start, max(end, start + 1))
    return (narrowed, m.span_b) if side is a else (m.span_a, narrowed)


def _written(word: str, stub: str, *, start: bool = False) -> int:
    """How many characters of ``word`` as written the normalised ``stub`` is, at its end (or its ``start``):
    normalising can change a word's length (``Straße``, ``strasse``)."""
    for n in range(1, len(word) + 1):
        if normalise(word[:n] if start else word[-n:]) == stub:
            return n
    return min(len(stub), len(word))


_ENDED = re.compile(r"[.!?][\"'”’)\]]*$")
"""A sentence that ends as a writer ends one (a shortened sentence that does is an edit, not a cut)."""
_CUT_END = re.compile(r"\w\s?(?:\.\s?\.\s?\.|\[\s?\.\s?\.\s?\.\s?\])$")
"""Three dots right after a word at the end of a text, bracketed or not: a scraper's mark of a cut (``leavin...``,
WordPress's excerpt ``leavin [...]``), not a full stop."""


def _edited_in_quotes(a: Sentences, b: Sentences, p: Passage) -> bool:
    """Whether the words an ``edited`` passage changes, drops or adds lie mostly inside quotation marks on the
    side that has them: a quotation altered in a copy."""
    # the words as _quoted_share reads them (``don't`` is ``don`` and ``t`` there), casefolded
    wa, wb = (frozenset(w.casefold() for w in _QWORD.findall(s.text, span.start, span.end))
              for s, span in ((a, p.a), (b, p.b)))
    return any(words and _quoted_share(side, span, words) > 0.5
               for side, span, words in ((a, p.a, wa - wb), (b, p.b, wb - wa)))


def _edited_names(a: Sentences, b: Sentences, p: Passage) -> bool:
    """Whether an ``edited`` passage names someone or something the other side's passage does not: a capitalised
    word inside a sentence (not its first) on one side only (``"…," he said`` → ``"…," Mike Pence said``: a
    quotation given to someone else; found by QA, where the copy came out a ``duplicate``)."""
    sides = ((a, p.a), (b, p.b))
    seen = [frozenset(_name_key(w) for w in _NAME_WORD.findall(s.text, span.start, span.end)) for s, span in sides]
    for (side, span), other in zip(sides, reversed(seen), strict=True):
        for m in _NAME_WORD.finditer(side.text, span.start, span.end):
            w = m.group()
            if w[:1].isupper() and _name_key(w) not in other and not _opens_sentence(side.text, m.start(), span.start):
                return True
    return False


_NAME_WORD = re.compile(r"(?:\w\.){2,}|\w+")
"""A word, or initials written with dots (``U.S.``), which :func:`_name_key` makes the word they abbreviate (``US``)."""


def _name_key(w: str) -> str:
    return w.replace(".", "").casefold()


def _opens_sentence(text: str, at: int, start: int) -> bool:
    """Whether the word at ``at`` opens its sentence (or the passage, which starts at ``start``)."""
    before = text[start:at].rstrip(" \t\"'“‘«(")
    return not before or before[-1] in ".!?:\n"


def _longest_run(a: Sentences, b: Sentences, passages: Sequence[Passage], options: AlignOptions) -> int:
    """Longest chain of passages in the same order on both sides, with small gaps allowed."""
    if not passages:
        return 0
    starts_a = [s.start for s in a.spans]
    starts_b = [s.start for s in b.spans]
    pos = sorted((bisect_right(starts_a, p.a.start) - 1, bisect_right(starts_a, p.a.end - 1) - 1,
                  bisect_right(starts_b, p.b.start) - 1, bisect_right(starts_b, p.b.end - 1) - 1)
                 for p in passages)
    best = [1] * len(pos)
    # a passage that can precede one starting at sentence i0 ends at i0 - run_gap or later, so it starts no
    # earlier than that less the most sentences a passage spans: only those are looked at (a book-length article
    # makes thousands of passages, which all against all took minutes)
    reach = options.run_gap + max(i1 - i0 for i0, i1, _, _ in pos)
    for k, (i0, _, j0, _) in enumerate(pos):
        q = k - 1
        while q >= 0 and pos[q][0] >= i0 - reach:
            _, i1, _, j1 = pos[q]
            if 0 < i0 - i1 <= options.run_gap and 0 < j0 - j1 <= options.run_gap:
                best[k] = max(best[k], best[q] + 1)
            q -= 1
    return max(best)
