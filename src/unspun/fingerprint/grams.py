"""Content-word trigram fingerprints: what finds a few paragraphs spun or lifted into another text.

An article builder (a content farm's tool) makes one article of two or three
paragraphs from each of several sources, and spins them: a fifth or more of
their words swapped for synonyms. Such a paragraph shares too few shingles
with its source for the whole-text MinHash, no sentence word for word
(:mod:`.sentences`), and the lead embedding sees only the first source's.
What it keeps is runs of its source's content words: names, numbers and the
words a spinner has no synonym for.

Each run of :data:`N` consecutive content words (function words and ``said``
left out, as the aligner's features leave them out) is hashed, inside
quotation marks too, and a fixed quarter of the hashes is kept
(:data:`SAMPLE`: the same quarter in every article, by hash value), so the
index stays small. Two articles that share at least :data:`MIN_SHARED` kept
hashes that at most :data:`MAX_POSTINGS` articles carry, and at least
:data:`MIN_SHARE` of the smaller side's, are a candidate pair, unless they are
pages of one site (which share its boilerplate and formats, such as a live
blog's time stamps; the other indexes pair a site's republications of its own
stories). The alignment then says whether they share passages (a spun
paragraph aligns as paraphrases in a run) or only the facts and quotations of
one story.

Chosen on PolNeAR, never its test split (``bench/eval_builder.py --split
dev``): articles built of two paragraphs from each of three dev articles,
spun light / medium / heavy, pair with 23 / 23 / 20 of their 24 sources, for
29 more pairs among the 840 train articles (most of them reports of one
story, which the lead embeddings pair too). Leaving out the runs inside
quotation marks (which independent reports share) lost 2 to 5 of those
sources a strength for 5 fewer train pairs: a spinner keeps quotations whole,
and a quotation two independent reports share makes them a candidate that the
alignment finds weak evidence.

The hashes are stored as :mod:`.sentences` stores its own (sorted distinct
64-bit values, low bit 0), and paired by the same postings.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .sentences import NO_SENTENCES as NO_GRAMS

N = 3
"""Content words per hashed run."""
SAMPLE = 4
"""One hash in this many is kept (those whose value, without its low bit, is a multiple of it)."""
MIN_SHARED = 4
"""Two articles sharing at least this many kept hashes (each in at most :data:`MAX_POSTINGS` articles) pair."""
MAX_POSTINGS = 10
"""A run in more articles than this is a stock phrase or a name everyone writes: it pairs none of them."""
MIN_SHARE = 0.05
"""... and the shared hashes must be at least this share of the kept hashes of the side that has fewer."""
SCHEME_VERSION = "grams.v1"

_M1, _M2, _M3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_ONE, _S33 = np.uint64(1), np.uint64(33)


def gram_pairs(grams, *, min_shared: int = MIN_SHARED, max_postings: int = MAX_POSTINGS,
               min_share: float = MIN_SHARE) -> np.ndarray:
    """``(i, j)`` rows (``i < j``) of the articles (one :func:`gram_hashes` array per row) that share at least
    ``min_shared`` hashes, each in at most ``max_postings`` rows, and ``min_share`` of the side that has fewer."""
    from .sentences import shared_sentence_pairs

    return shared_sentence_pairs(grams, min_shared=min_shared, max_postings=max_postings, min_share=min_share,
                                 long_max_postings=0)


def shared_grams(query: np.ndarray, keys: np.ndarray, rows: np.ndarray, sizes: np.ndarray,
                 carriers: np.ndarray | None = None) -> np.ndarray:
    """The rows of sorted (``keys``, ``rows``) postings (:func:`~.sentences.flat_postings` of :func:`gram_hashes`
    arrays; ``sizes``: each row's count) that share enough of ``query``'s hashes with it, as :func:`gram_pairs`.
    ``carriers``: how many rows carry each of ``query``'s hashes in the whole index, where these postings are a part
    of it (an index in blocks)."""
    from .sentences import shared_with

    # the query is one more article that carries each of its runs: a run stored in MAX_POSTINGS articles is in one
    # more than gram_pairs allows once the query is stored (review: check paired what analyze does not)
    return shared_with(query, keys, rows, sizes, min_shared=MIN_SHARED, max_postings=MAX_POSTINGS - 1,
                       min_share=MIN_SHARE, long_max_postings=0, carriers=carriers)


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def gram_hashes(text: str) -> np.ndarray:
    """Sorted distinct kept hashes (low bit 0) of the runs of :data:`N` consecutive content words of ``text``."""
    from ..align.features import STOPWORDS, tokens

    words = [t for t in tokens(text) if t not in STOPWORDS]
    if len(words) < N:
        return NO_GRAMS
    memo: dict[str, int] = {}
    h = np.fromiter((memo[w] if w in memo else memo.setdefault(w, _word_hash(w)) for w in words),
                    dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        g = h[:-2] * _M1 + h[1:-1] * _M2 + h[2:] * _M3  # order matters: "a b c" is not "c b a"
        g ^= g >> _S33
        g *= _MIX
        g ^= g >> _S33
    g = np.unique(g & ~_ONE)
    return g[(g >> _ONE) % np.uint64(SAMPLE) == 0]


__all__ = ["N", "SAMPLE", "MIN_SHARED", "MAX_POSTINGS", "MIN_SHARE", "SCHEME_VERSION", "NO_GRAMS", "gram_hashes",
           "gram_pairs", "shared_grams"]
