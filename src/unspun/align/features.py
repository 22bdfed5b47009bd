"""Cheap lexical features of a sentence pair, beside the embedding cosine.

Each sentence is read once into a :class:`SentInfo` (normalised tokens,
content words, word n-grams, character trigrams, numbers, capitalised words);
a pair's feature vector is then a handful of set operations and one
token-level edit distance. The features, in :data:`FEATURES` order:

``cos``    cosine of the two sentence embeddings (all-MiniLM-L6-v2);
``jac``    Jaccard of the word sets; ``cjac`` of the content-word sets;
``cmin``   shared content words over the smaller side's; ``cmax`` over the larger's;
``bi``     Dice of word bigrams; ``tri`` of word trigrams;
``ch3``    Jaccard of character trigrams (spelling variants, inflections);
``lenr``   shorter / longer length in words; ``lend`` ``|log|`` of the length ratio;
``numx``   1 when one side has a number the other lacks;
``capx``   log(1 + capitalised words, names mostly, on one side only);
``ed``     token-level edit similarity, ``1 - levenshtein / longer length``;
``unmax``, ``unmin``: log(1 + content words found on one side only), larger and smaller side.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

__all__ = ["FEATURES", "SentInfo", "sent_info", "tokens", "pair_features", "edit_similarity"]

FEATURES = ("cos", "jac", "cjac", "cmin", "cmax", "bi", "tri", "ch3", "lenr", "lend",
            "numx", "capx", "ed", "unmax", "unmin")

_WORD = re.compile(r"\w+(?:'\w+)*")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_CAP = re.compile(r"\b[A-Z][\w'-]*")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be
been being has have had do does did will would shall should can could may might must that this these
those it its he she they them his her their we our you your i me my him not no so than then there
here which who whom what when where why how also about into over after before up down out said says
""".split())
"""Function words left out of the content-word features (``said`` too: every news sentence has it)."""


def normalise(text: str) -> str:
    """NFKC, casefolded, typographic apostrophes made plain."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_APOS)


def tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens: punctuation and whitespace dropped, apostrophes kept inside words."""
    return tuple(_WORD.findall(normalise(text)))


@dataclass(frozen=True, slots=True)
class SentInfo:
    """What the features need from one sentence, computed once."""

    tokens: tuple[str, ...]
    words: frozenset[str]
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    trigrams: frozenset[tuple[str, str, str]]
    char3: frozenset[str]
    numbers: frozenset[str]
    capitals: frozenset[str]


def sent_info(text: str) -> SentInfo:
    """Read one sentence (or a few joined) into a :class:`SentInfo`."""
    toks = tokens(text)
    flat = " ".join(toks)
    caps = _CAP.findall(unicodedata.normalize("NFKC", text))
    if caps and text.lstrip(" \"'“‘(").startswith(caps[0]):
        caps = caps[1:]  # the first word is capitalised anyway
    return SentInfo(
        tokens=toks,
        words=frozenset(toks),
        content=frozenset(t for t in toks if t not in STOPWORDS),
        bigrams=frozenset(zip(toks, toks[1:])),
        trigrams=frozenset(zip(toks, toks[1:], toks[2:])),
        char3=frozenset(flat[i : i + 3] for i in range(len(flat) - 2)),
        numbers=frozenset(n.replace(",", "") for n in _NUM.findall(text)),
        capitals=frozenset(c.casefold() for c in caps),
    )


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def levenshtein(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Token-level Levenshtein distance (Myers/Hyyrö bit-parallel, one Python int as bit vector)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, t in enumerate(b):
        peq[t] = peq.get(t, 0) | (1 << i)
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for t in a:
        eq = peq.get(t, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def edit_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """``1 - levenshtein(a, b) / max(len)``: 1 for the same words, 0.8 for one word in five changed."""
    n = max(len(a), len(b))
    return 1.0 - levenshtein(a, b) / n if n else 1.0


def pair_features(a: SentInfo, b: SentInfo, cos: float) -> np.ndarray:
    """The :data:`FEATURES` of one pair, as a float64 vector."""
    la, lb = len(a.tokens), len(b.tokens)
    shared = len(a.content & b.content)
    ca, cb = len(a.content), len(b.content)
    only_a, only_b = math.log1p(ca - shared), math.log1p(cb - shared)
    return np.array([
        cos,
        _jaccard(a.words, b.words),
        _jaccard(a.content, b.content),
        shared / max(min(ca, cb), 1),
        shared / max(ca, cb, 1),
        _dice(a.bigrams, b.bigrams),
        _dice(a.trigrams, b.trigrams),
        _jaccard(a.char3, b.char3),
        min(la, lb) / max(la, lb, 1),
        abs(math.log((la + 1) / (lb + 1))),
        float(a.numbers != b.numbers),
        math.log1p(len(a.capitals ^ b.capitals)),
        edit_similarity(a.tokens, b.tokens),
        max(only_a, only_b),
        min(only_a, only_b),
    ])
