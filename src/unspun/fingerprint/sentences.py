"""Exact sentence fingerprints: what finds a few paragraphs lifted word for word into another text.

MinHash estimates the Jaccard similarity of two whole texts, so an extract of
three or four paragraphs from a long article (80 words of 1,000 share under a
tenth of the article's shingles) falls below any banding threshold, and so
does a long article quoting a short one whole. Each sentence of at least
:data:`MIN_WORDS` words is hashed on its words (normalised as the aligner
reads them: case, apostrophes and punctuation aside); two articles that share
:data:`MIN_SHARED` such sentences, a good share (:data:`MIN_SHARE`) of the
shorter one's, share text, whatever their lengths. One sentence shared is not
enough: independent reports quote the same sentence of a speech. A sentence found in more than :data:`MAX_POSTINGS` articles (a
site's boilerplate, a stock line) pairs none of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from ..records import Span
from ..words import WORD

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
SCHEME_VERSION = "sentences.v1"
NO_SENTENCES = np.empty(0, dtype=np.uint64)
"""The hashes of an article with no fingerprinted sentence (or no fingerprint of this scheme yet)."""


def sentence_hashes(text: str, spans: Sequence[Span]) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the sentences (``spans`` of ``text``) of at least ``MIN_WORDS`` words."""
    out = set()
    for s in spans:
        words = WORD.findall(text[s.start:s.end].casefold().replace("\u2019", "'"))
        if len(words) >= MIN_WORDS:
            out.add(int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "little"))
    return np.array(sorted(out), dtype=np.uint64)


def encode(hashes: np.ndarray) -> bytes:
    return np.asarray(hashes, dtype="<u8").tobytes()


def decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def flat_postings(hashes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every (hash, row) of ``hashes`` (one array per row), sorted by hash then row."""
    lens = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if not lens.sum():
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    keys = np.concatenate([np.asarray(h, dtype=np.uint64) for h in hashes])
    rows = np.repeat(np.arange(len(hashes), dtype=np.int64), lens)
    order = np.lexsort((rows, keys))
    return keys[order], rows[order]


def shared_sentence_pairs(hashes: Sequence[np.ndarray], *, min_shared: int = MIN_SHARED,
                          max_postings: int = MAX_POSTINGS, min_share: float = MIN_SHARE) -> np.ndarray:
    """``(i, j)`` rows (``i < j``) of the articles that share at least ``min_shared`` fingerprinted sentences,
    and at least ``min_share`` of the sentences of the one that has fewer.

    ``hashes`` holds one article's :func:`sentence_hashes` per row.
    """
    keys, rows = flat_postings(hashes)
    if not len(keys):
        return np.empty((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    n = len(hashes)
    codes = []
    for s, size in zip(starts[(sizes >= 2) & (sizes <= max_postings)].tolist(),
                       sizes[(sizes >= 2) & (sizes <= max_postings)].tolist(), strict=True):
        r = rows[s:s + size]
        i, j = np.triu_indices(size, k=1)
        codes.append(r[i] * n + r[j])
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=n)
    fewer = np.minimum(sizes[pair_codes // n], sizes[pair_codes % n])
    kept = pair_codes[(counts >= min_shared) & (counts >= min_share * fewer)]
    return np.stack([kept // n, kept % n], axis=1)


def shared_with(query: np.ndarray, keys: np.ndarray, rows: np.ndarray, sizes: np.ndarray, *,
                min_shared: int = MIN_SHARED, max_postings: int = MAX_POSTINGS,
                min_share: float = MIN_SHARE) -> np.ndarray:
    """The rows of a sorted (``keys``, ``rows``) posting list that share at least ``min_shared`` of ``query``'s
    hashes, and ``min_share`` of the sentences of the side that has fewer (``sizes``: each row's count); a hash
    in more than ``max_postings`` rows counts for none."""
    if len(query) < min_shared or not len(keys):
        return np.empty(0, dtype=np.int64)
    lo = np.searchsorted(keys, query, side="left")
    hi = np.searchsorted(keys, query, side="right")
    found = [rows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if 0 < b - a <= max_postings]
    if not found:
        return np.empty(0, dtype=np.int64)
    hit, counts = np.unique(np.concatenate(found), return_counts=True)
    fewer = np.minimum(sizes[hit], len(query))
    return hit[(counts >= min_shared) & (counts >= min_share * fewer)]
