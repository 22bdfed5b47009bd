"""The same-story score: are two articles (or an article and a story) reports of one event?

Three kinds of evidence, combined into one number in [0, 1]:

- **text**: cosine of the lead embeddings (title and lead, the first ``LEAD_TOKENS`` word pieces);
- **names and numbers**: overlap of the immutables, each token weighted by
  its rarity (inverse document frequency) when a corpus is known. The
  embedding model is English-only, so this is what carries non-English and
  cross-lingual pairs; on English pairs it added nothing to the embedding on
  SemEval-2022 Task 8 train, and its fitted weight there is 0;
- **dates**: when both sides have publication dates, a gap beyond
  ``window_days`` multiplies the score by ``exp(-(gap - window) / decay)``.
  Two summits of the same leaders a year apart share every name and much
  of their wording, so only the dates can tell them apart, and they veto.

``z = e * (cos_en * cos + ent_en * overlap + bias_en)
      + (1 - e) * (cos_other * cos + ent_other * overlap + bias_other)``,
``score = sigmoid(z) * date_factor``, where ``e`` is how English both sides
look. The weights were fitted on SemEval-2022 Task 8 train (real pairs) by
least squares of ``sigmoid(z)`` against ``(4 - Overall) / 3``: the score is
a predicted similarity on SemEval's scale, so 0.5 is its midpoint between
"somewhat similar" and "somewhat dissimilar". Refit with
``python bench/eval_semeval.py --fit``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from .inputs import StoryInput

DateRange = tuple[date, date] | None


@dataclass(frozen=True, slots=True)
class Calibration:
    """Weights of the score's logistic model (see the module docstring)."""

    cos_en: float = 7.0128
    ent_en: float = 1.2774
    bias_en: float = -3.0145
    cos_other: float = 1.8599
    ent_other: float = 11.1066
    bias_other: float = -2.125
    fitted_on: str = "SemEval-2022 Task 8 sample, training_set.csv, real pairs (796; en-en 161)"


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How articles are grouped into stories. Parameters are in the user's terms."""

    threshold: float = 0.5
    """Join a story when the same-story score against it is at least this (SemEval's midpoint)."""
    window_days: float = 7.0
    """Publication dates this close (or inside a story's date range) never count against a match."""
    decay_days: float = 14.0
    """Beyond the window the score decays by e every this many days: x0.19 at 30 days, x1e-11 at a year."""
    candidates: int = 10
    """How many stories, nearest by centroid cosine, are scored in full for each article."""
    profile_tokens: int = 64
    """A story's entity profile: its most frequent immutables, at most this many."""
    merge: bool = True
    """After an article joins a story, merge that story with another that now scores above threshold."""
    calibration: Calibration = Calibration()


class Rarity:
    """Document frequencies of immutables; ``weight`` is a smoothed inverse document frequency."""

    __slots__ = ("df", "docs", "_weights")

    def __init__(self, df: Mapping[str, int] | None = None, docs: int = 0) -> None:
        self.df: Counter[str] = Counter(df or {})
        self.docs = docs
        self._weights: dict[str, float] = {}
        """Weights computed since the counts last changed (an article is scored against a dozen stories that
        share most of their tokens)."""

    @classmethod
    def of(cls, token_sets: Iterable[Iterable[str]]) -> Rarity:
        r = cls()
        for toks in token_sets:
            r.add(toks)
        return r

    def add(self, tokens: Iterable[str]) -> None:
        self.df.update(set(tokens))
        self.docs += 1
        self._weights.clear()

    def weight(self, token: str) -> float:
        w = self._weights.get(token)
        if w is None:
            w = self._weights[token] = max(0.05, math.log((self.docs + 1) / (self.df.get(token, 0) + 0.5)))
        return w


def _uniform(_: str) -> float:
    return 1.0


def entity_overlap(a: Mapping[str, float], b: Mapping[str, float],
                   weight: Callable[[str], float] = _uniform) -> float:
    """Weighted Jaccard (Ruzicka) of two token profiles, each token weighted by rarity.

    A profile maps a token to the share of the side's articles that carry it
    (1 for a single article), so an article compares with a story's profile
    the same way as with another article.
    """
    num = den = 0.0
    for tok, x in a.items():
        y = b.get(tok, 0.0)
        w = weight(tok)
        if x < y:
            num += w * x
            den += w * y
        else:
            num += w * y
            den += w * x
    for tok, y in b.items():
        if tok not in a:
            den += weight(tok) * y
    return num / den if den > 0 else 0.0


def date_gap_days(a: DateRange, b: DateRange) -> float | None:
    """Days between two date ranges (0 when they overlap); None when either is unknown."""
    if a is None or b is None:
        return None
    return float(max(0, (max(a[0], b[0]) - min(a[1], b[1])).days))


def date_factor(gap: float | None, options: StoryOptions = StoryOptions()) -> float:
    """1 inside the window or without dates; decays exponentially beyond it."""
    if gap is None or gap <= options.window_days:
        return 1.0
    return math.exp(-(gap - options.window_days) / options.decay_days)


def combine(cos: float, overlap: float, english: float, gap: float | None,
            options: StoryOptions = StoryOptions()) -> float:
    """The score from its parts: ``sigmoid(z) * date_factor`` (see the module docstring)."""
    c = options.calibration
    z = (english * (c.cos_en * cos + c.ent_en * overlap + c.bias_en)
         + (1.0 - english) * (c.cos_other * cos + c.ent_other * overlap + c.bias_other))
    return date_factor(gap, options) / (1.0 + math.exp(-z))


def entity_weight(english: float, options: StoryOptions = StoryOptions()) -> float:
    """How much the entity overlap counts at this englishness (0 means it need not be computed)."""
    c = options.calibration
    return english * c.ent_en + (1.0 - english) * c.ent_other


def same_story_score(a: StoryInput, b: StoryInput, *, rarity: Rarity | None = None,
                     options: StoryOptions = StoryOptions()) -> float:
    """How likely two articles report the same event, in [0, 1] (0.5: SemEval's midpoint).

    ``rarity`` weights shared names and numbers by how rare they are in a
    corpus; without it every token counts the same.
    """
    cos = float(np.dot(a.embedding, b.embedding))
    english = min(a.english, b.english)
    overlap = 0.0
    if entity_weight(english, options) != 0.0:
        weight = rarity.weight if rarity is not None else _uniform
        overlap = entity_overlap(dict.fromkeys(a.tokens, 1.0), dict.fromkeys(b.tokens, 1.0), weight)
    ra = (a.published, a.published) if a.published else None
    rb = (b.published, b.published) if b.published else None
    return combine(cos, overlap, english, date_gap_days(ra, rb), options)
