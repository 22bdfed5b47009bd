"""Exact sentence fingerprints: what finds a few paragraphs lifted word for word into another text.

MinHash estimates the Jaccard similarity of two whole texts, so an extract of
three or four paragraphs from a long article (80 words of 1,000 share under a
tenth of the article's shingles) falls below any banding threshold, and so
does a long article quoting a short one whole. Each sentence of at least
:data:`MIN_WORDS` words is hashed on its words (normalised as the aligner
reads them: case, apostrophes and punctuation aside); two articles that share
:data:`MIN_SHARED` such sentences, a good share (:data:`MIN_SHARE`) of the
shorter one's, share text, whatever their lengths. One sentence shared is
enough only when it is long in its own words: :data:`LONG_WORDS` content words
or more outside quotation marks (a sentence of some 30 words of the writer's
prose lifted whole into another article, an extract of one sentence). A
shorter one, or one that is mostly a quotation, is not: independent reports
quote the same sentence of a speech, and share stock phrases and datelines. A
sentence found in more than :data:`MAX_POSTINGS` articles (a site's
boilerplate, a stock line) pairs none of them, and a long one alone pairs
articles only while it is in at most :data:`LONG_MAX_POSTINGS` of them.

The low bit of each hash says whether its sentence is long there; sentences are
matched on the rest of the hash, since one article may quote what another
writes as its own prose (the bit depends on the quotation marks around it).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np

from ..records import Span
from ..words import WORD, quoted_ranges

MIN_WORDS = 8
"""Sentences of fewer words (``He said.``, datelines, headings) are not fingerprinted."""
MIN_SHARED = 2
"""Two articles sharing at least this many fingerprinted sentences are a candidate pair."""
MAX_POSTINGS = 50
"""A sentence in more articles than this is boilerplate or a stock line: it pairs none of them."""
MIN_SHARE = 0.2
"""... and they must make up at least this share of the fingerprinted sentences of the one that has fewer: an
extract, a summary or a block quote is much of one side, while two long stories that close on the same
newsletter sign-up or list of candidates share a few sentences of many (their site's boilerplate, not a copy)."""
LONG_WORDS = 15
"""A sentence with at least this many content words (not function words, ``said`` neither) outside quotation
marks is long: shared word for word, it alone makes a candidate pair. About 30 words of prose; in the 1,008
PolNeAR articles the exact sentences of this many content words that two articles share are republications of one
article by its outlet, a site's editor's note, and one poll result that one publisher took from another's report:
never a quotation or a stock phrase (those have few content words outside their quotation marks)."""
LONG_MAX_POSTINGS = 5
"""A long sentence in more articles than this pairs them only with a second shared sentence (as any sentence): a
site's long boilerplate (an editor's note on every article of a kind), not a passage lifted from one article."""
SCHEME_VERSION = "sentences.v2"
"""v2: the low bit of a hash marks a long sentence (:data:`LONG_WORDS`); v1 had no such bit."""
NO_SENTENCES = np.empty(0, dtype=np.uint64)
"""The hashes of an article with no fingerprinted sentence (or no fingerprint of this scheme yet)."""


def _end(r: tuple[int, int]) -> int:
    return r[1]


def content_words_outside_quotes(text: str, span: Span, quoted: Sequence[tuple[int, int]]) -> int:
    """How many words of ``span`` are content words (not :data:`~unspun.align.features.STOPWORDS`) outside the
    ``quoted`` ranges (sorted, not overlapping)."""
    from ..align.features import STOPWORDS

    n, k = 0, bisect_right(quoted, span.start, key=_end)
    for m in WORD.finditer(text, span.start, span.end):
        while k < len(quoted) and quoted[k][1] <= m.start():
            k += 1
        if k < len(quoted) and quoted[k][0] <= m.start():
            continue
        if m.group().casefold().replace("\u2019", "'") not in STOPWORDS:
            n += 1
    return n


def sentence_hashes(text: str, spans: Sequence[Span]) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the sentences (``spans`` of ``text``) of at least ``MIN_WORDS`` words; the
    low bit is 1 for a long sentence (:data:`LONG_WORDS` content words outside quotation marks), else 0."""
    from ..align.features import STOPWORDS

    out = set()
    quoted: list[tuple[int, int]] | None = None
    for s in spans:
        words = WORD.findall(text[s.start:s.end].casefold().replace("\u2019", "'"))
        if len(words) >= MIN_WORDS:
            h = int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "little") & ~1
            if len(words) >= LONG_WORDS and sum(w not in STOPWORDS for w in words) >= LONG_WORDS:
                if quoted is None:
                    quoted = quoted_ranges(text)
                k = bisect_right(quoted, s.start, key=_end)
                inside = k < len(quoted) and quoted[k][0] < s.end
                h |= not inside or content_words_outside_quotes(text, s, quoted) >= LONG_WORDS
            out.add(h)
    return np.array(sorted(out), dtype=np.uint64)


def is_long(hashes: np.ndarray) -> np.ndarray:
    """Which of ``hashes`` are of long sentences (:data:`LONG_WORDS`)."""
    return (np.asarray(hashes, dtype=np.uint64) & np.uint64(1)).astype(bool)


def encode(hashes: np.ndarray) -> bytes:
    return np.asarray(hashes, dtype="<u8").tobytes()


def decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


_LONG_BIT = np.uint64(1)


def _postings(hashes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every distinct (sentence, row) of ``hashes``, sorted by sentence then row: the hash without its long bit
    (one sentence quoted in one article and prose in another has the same words, whatever the bit), the row, and
    whether that row's copy of the sentence is long."""
    lens = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if not lens.sum():
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    raw = np.concatenate([np.asarray(h, dtype=np.uint64) for h in hashes])
    keys, long = raw & ~_LONG_BIT, (raw & _LONG_BIT).astype(bool)
    rows = np.repeat(np.arange(len(hashes), dtype=np.int64), lens)
    order = np.lexsort((~long, rows, keys))  # a row's long copy first, where it has both
    keys, rows, long = keys[order], rows[order], long[order]
    first = np.r_[True, (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])]
    return keys[first], rows[first], long[first]


def flat_postings(hashes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every distinct (sentence, row) of ``hashes`` (one array per row), sorted by sentence then row; a sentence is
    its hash without the long bit (:func:`shared_with` searches it so)."""
    keys, rows, _ = _postings(hashes)
    return keys, rows


def shared_sentence_pairs(hashes: Sequence[np.ndarray], *, min_shared: int = MIN_SHARED,
                          max_postings: int = MAX_POSTINGS, min_share: float = MIN_SHARE,
                          long_max_postings: int = LONG_MAX_POSTINGS, sites: np.ndarray | None = None,
                          same_text: np.ndarray | None = None) -> np.ndarray:
    """``(i, j)`` rows (``i < j``) of the articles that share at least ``min_shared`` fingerprinted sentences,
    and at least ``min_share`` of the sentences of the one that has fewer, or one long sentence (:data:`LONG_WORDS`)
    that at most ``long_max_postings`` articles have, when they are not of one site.

    ``hashes`` holds one article's :func:`sentence_hashes` per row; ``sites`` (optional) a code per row for its
    site, negative where not known: a long sentence that two pages of one site share is the site's own (an editor's
    note, a writer's biography, a call for tips), not one lifted from the other. ``same_text`` (optional) gives each
    row the first row of the same text: the copies of one text count as one article against ``long_max_postings``
    (a story that five sites run, and one article that lifts a sentence of it, are two texts that share it).
    """
    keys, rows, long = _postings(hashes)
    if not len(keys):
        return np.empty((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    n = len(hashes)
    codes, long_codes = [], []
    used = (sizes >= 2) & (sizes <= max_postings)
    # long where any article has it as prose of its own (one that puts the sentence in quotation marks quotes it)
    alone = used & np.logical_or.reduceat(long, starts) & (_texts(keys, rows, starts, same_text) <= long_max_postings)
    for size in np.unique(sizes[used]).tolist():  # every list of one length at once: one pair index per length
        of_size = used & (sizes == size)
        block = run_pairs(rows, starts[of_size], size, n)
        codes.append(block.ravel())
        lone = alone[of_size]
        if lone.any():
            long_codes.append(block[lone].ravel())
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=n)
    fewer = np.minimum(sizes[pair_codes // n], sizes[pair_codes % n])
    keep = (counts >= min_shared) & (counts >= min_share * fewer)
    if long_codes:
        lone = np.isin(pair_codes, np.concatenate(long_codes))
        if sites is not None:
            sa, sb = np.asarray(sites)[pair_codes // n], np.asarray(sites)[pair_codes % n]
            lone &= (sa < 0) | (sa != sb)
        keep |= lone
    kept = pair_codes[keep]
    return np.stack([kept // n, kept % n], axis=1)


def run_pairs(rows: np.ndarray, starts: np.ndarray, size: int, n: int) -> np.ndarray:
    """Every pair of the runs of ``size`` rows at ``starts`` of ``rows`` (each run sorted), as codes ``i * n + j``
    (``i < j``): one line per run, its pairs in :func:`numpy.triu_indices` order."""
    return block_pairs(rows[starts[:, None] + np.arange(size)], n)


def block_pairs(block: np.ndarray, n: int) -> np.ndarray:
    """Every pair within each line of ``block`` (rows of equal length, each sorted), as codes ``i * n + j``."""
    i, j = np.triu_indices(block.shape[1], k=1)
    return block[:, i] * n + block[:, j]


def _texts(keys: np.ndarray, rows: np.ndarray, starts: np.ndarray, same_text: np.ndarray | None) -> np.ndarray:
    """How many distinct texts hold each sentence (``keys``, ``rows``: postings sorted by sentence; ``starts``: where
    each sentence's run begins): its rows, the copies of one text (``same_text``: each row's first copy) counted
    once."""
    if same_text is None:
        return np.diff(np.r_[starts, len(keys)])
    first = np.asarray(same_text, dtype=np.int64)[rows]
    order = np.lexsort((first, keys))  # within each sentence's run (keys are sorted: the runs stay in place)
    k, f = keys[order], first[order]
    new = np.r_[True, (k[1:] != k[:-1]) | (f[1:] != f[:-1])]
    return np.add.reduceat(new.astype(np.int64), starts)


def shared_with(query: np.ndarray, keys: np.ndarray, rows: np.ndarray, sizes: np.ndarray, *,
                min_shared: int = MIN_SHARED, max_postings: int = MAX_POSTINGS,
                min_share: float = MIN_SHARE, long_max_postings: int = LONG_MAX_POSTINGS,
                carriers: np.ndarray | None = None) -> np.ndarray:
    """The rows of a sorted (``keys``, ``rows``) posting list (:func:`flat_postings`) that share at least
    ``min_shared`` of ``query``'s hashes, and ``min_share`` of the sentences of the side that has fewer (``sizes``:
    each row's count), or one sentence long in the query (:data:`LONG_WORDS`) in at most ``long_max_postings``
    rows; a hash in more than ``max_postings`` rows counts for none. ``carriers`` (optional): how many rows carry
    each of ``query``'s hashes in all (where these postings are one part of an index), for ``max_postings``."""
    if not len(query) or not len(keys):
        return np.empty(0, dtype=np.int64)
    lone = is_long(query).tolist()
    query = np.asarray(query, dtype=np.uint64) & ~_LONG_BIT
    lo = np.searchsorted(keys, query, side="left")
    hi = np.searchsorted(keys, query, side="right")
    total = (hi - lo if carriers is None else np.asarray(carriers, dtype=np.int64)).tolist()
    found, alone = [], []
    for a, b, n, long in zip(lo.tolist(), hi.tolist(), total, lone, strict=True):
        if b > a and n <= max_postings:
            found.append(rows[a:b])
            if long and b - a <= long_max_postings:
                alone.append(rows[a:b])
    if not found:
        return np.empty(0, dtype=np.int64)
    hit, counts = np.unique(np.concatenate(found), return_counts=True)
    fewer = np.minimum(sizes[hit], len(query))
    keep = (counts >= min_shared) & (counts >= min_share * fewer)
    if alone:
        keep |= np.isin(hit, np.concatenate(alone))
    return hit[keep]
