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
``unmax``, ``unmin``: log(1 + content words found on one side only), larger and smaller side;
``wmin``, ``wmax`` shared words over each side's words (containment), smaller and larger;
``smin``, ``smax`` the same for content-word stems (first five letters: inflections match);
``bmin``, ``bmax`` the same for word bigrams; ``c3min``, ``c3max`` for character trigrams;
``ch5``    Jaccard of character 5-grams;
``imin``, ``imax`` IDF-weighted shared content over each side's content (IDF from train
           sentences, :mod:`~unspun.align.weights_idf`); ``ijac`` IDF-weighted Jaccard;
``iumax``, ``iumin`` log(1 + IDF mass of content found on one side only), larger and smaller;
``numeq``  1 when both sides have numbers and the same ones; ``numsub`` 1 when they differ but
           one side's numbers are a subset of the other's; ``numd`` log(1 + numbers on one side only);
``capmin``, ``capmax`` log(1 + capitalised words on each side only), smaller and larger;
``negx``   1 when one side has a negation and the other has none.

Per pair this is one intersection of each precomputed frozenset and one
word-level edit distance (RapidFuzz), no embedding work beyond the cosine.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Levenshtein as _Levenshtein

from ..words import WORD

from . import weights_idf as _idf

__all__ = ["FEATURES", "SentInfo", "sent_info", "tokens", "pair_features", "feature_row", "edit_similarity"]

FEATURES = ("cos", "jac", "cjac", "cmin", "cmax", "bi", "tri", "ch3", "lenr", "lend",
            "numx", "capx", "ed", "unmax", "unmin",
            "wmin", "wmax", "smin", "smax", "bmin", "bmax", "c3min", "c3max", "ch5",
            "imin", "imax", "ijac", "iumax", "iumin", "numeq", "numsub", "numd", "capmin", "capmax",
            "negx")

_WORD = WORD  # a Han character is a word of its own (see unspun.words)
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_CAP = re.compile(r"\b[A-Z][\w'-]*")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00ad": None})
"""Typographic apostrophes made plain, and soft hyphens (a hyphenation plugin's) dropped."""
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be
been being has have had do does did will would shall should can could may might must that this these
those it its he she they them his her their we our you your i me my him not no so than then there
here which who whom what when where why how also about into over after before up down out said says
""".split())
"""Function words left out of the content-word features (``said`` too: every news sentence has it)."""
NEGATIONS = frozenset("not no never nothing none nobody neither nor without cannot".split())
_IDF: dict[str, float] = _idf.IDF
_IDF_DEFAULT: float = float(_idf.DEFAULT)


def idf(word: str) -> float:
    """Inverse document frequency of a content word (train sentences; rare words get the default)."""
    return _IDF.get(word, _IDF_DEFAULT)


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
    stems: frozenset[str]
    char5: frozenset[str]
    negated: bool
    idf_total: float
    idf: dict[str, float] = field(hash=False, compare=False)
    """IDF of each content word."""


def sent_info(text: str) -> SentInfo:
    """Read one sentence (or a few joined) into a :class:`SentInfo`."""
    toks = tokens(text)
    flat = " ".join(toks)
    content = frozenset(t for t in toks if t not in STOPWORDS)
    weights = {t: _IDF.get(t, _IDF_DEFAULT) for t in content}
    caps = _CAP.findall(unicodedata.normalize("NFKC", text))
    if caps and text.lstrip(" \"'“‘(").startswith(caps[0]):
        caps = caps[1:]  # the first word is capitalised anyway
    return SentInfo(
        tokens=toks,
        words=frozenset(toks),
        content=content,
        bigrams=frozenset(zip(toks, toks[1:])),
        trigrams=frozenset(zip(toks, toks[1:], toks[2:])),
        char3=frozenset(map("".join, zip(flat, flat[1:], flat[2:]))),  # every 3 characters in a row
        numbers=frozenset(n.replace(",", "") for n in _NUM.findall(text)),
        capitals=frozenset(c.casefold() for c in caps),
        stems=frozenset(t[:5] for t in content),
        char5=frozenset([flat[i:i + 5] for i in range(len(flat) - 4)]),  # (slices: faster than joins at 5)
        negated=any(t in NEGATIONS or t.endswith("n't") for t in toks),
        idf_total=sum(weights.values()),
        idf=weights,
    )


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _contain(a: frozenset, b: frozenset) -> tuple[float, float]:
    """Shared items over a's and over b's, as (smaller, larger); an empty side counts as 1."""
    s = len(a & b)
    x = s / len(a) if a else 1.0
    y = s / len(b) if b else 1.0
    return (x, y) if x <= y else (y, x)


def levenshtein(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Token-level Levenshtein distance (RapidFuzz, over sequences of words)."""
    return _Levenshtein.distance(a, b)


def edit_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """``1 - levenshtein(a, b) / max(len)``: 1 for the same words, 0.8 for one word in five changed."""
    n = max(len(a), len(b))
    return 1.0 - levenshtein(a, b) / n if n else 1.0


def _ratios(n_shared: int, na: int, nb: int) -> tuple[float, float]:
    """Shared items over each side's count, as (smaller, larger); an empty side counts as 1."""
    x = n_shared / na if na else 1.0
    y = n_shared / nb if nb else 1.0
    return (x, y) if x <= y else (y, x)


def pair_features(a: SentInfo, b: SentInfo, cos: float) -> np.ndarray:
    """The :data:`FEATURES` of one pair, as a float64 vector (each set intersected once)."""
    return np.array(feature_row(a, b, cos))


def feature_row(a: SentInfo, b: SentInfo, cos: float) -> tuple[float, ...]:
    """The :data:`FEATURES` of one pair as a tuple (rows of many pairs become one matrix at once)."""
    la, lb = len(a.tokens), len(b.tokens)
    common = a.content & b.content
    shared = len(common)
    ca, cb = len(a.content), len(b.content)
    only_a, only_b = math.log1p(ca - shared), math.log1p(cb - shared)
    nw, wa_, wb_ = len(a.words & b.words), len(a.words), len(b.words)
    nbi, ba, bb = len(a.bigrams & b.bigrams), len(a.bigrams), len(b.bigrams)
    ntri, ta, tb = len(a.trigrams & b.trigrams), len(a.trigrams), len(b.trigrams)
    n3, c3a, c3b = len(a.char3 & b.char3), len(a.char3), len(b.char3)
    n5, c5a, c5b = len(a.char5 & b.char5), len(a.char5), len(b.char5)
    ws = sum(a.idf[t] for t in common)
    wa, wb = a.idf_total, b.idf_total
    ia, ib = (ws / wa if wa else 1.0), (ws / wb if wb else 1.0)
    ua, ub = math.log1p(max(wa - ws, 0.0)), math.log1p(max(wb - ws, 0.0))
    na, nb = a.numbers, b.numbers
    xa, xb = math.log1p(len(a.capitals - b.capitals)), math.log1p(len(b.capitals - a.capitals))
    return (
        cos,
        nw / (wa_ + wb_ - nw) if wa_ + wb_ else 1.0,
        shared / (ca + cb - shared) if ca + cb else 1.0,
        shared / max(min(ca, cb), 1),
        shared / max(ca, cb, 1),
        2 * nbi / (ba + bb) if ba + bb else 1.0,
        2 * ntri / (ta + tb) if ta + tb else 1.0,
        n3 / (c3a + c3b - n3) if c3a + c3b else 1.0,
        min(la, lb) / max(la, lb, 1),
        abs(math.log((la + 1) / (lb + 1))),
        float(na != nb),
        math.log1p(len(a.capitals ^ b.capitals)),
        edit_similarity(a.tokens, b.tokens),
        max(only_a, only_b),
        min(only_a, only_b),
        *_ratios(nw, wa_, wb_),
        *_contain(a.stems, b.stems),
        *_ratios(nbi, ba, bb),
        *_ratios(n3, c3a, c3b),
        n5 / (c5a + c5b - n5) if c5a + c5b else 1.0,
        min(ia, ib),
        max(ia, ib),
        ws / (wa + wb - ws) if wa + wb - ws > 0 else 1.0,
        max(ua, ub),
        min(ua, ub),
        float(bool(na) and na == nb),
        float(na != nb and (na <= nb or nb <= na)),
        math.log1p(len(na ^ nb)),
        min(xa, xb),
        max(xa, xb),
        float(a.negated != b.negated),
    )
