"""What the stories stage needs to know about one article, and how to get it.

A ``StoryInput`` is small on purpose: the lead's embedding (the same
``title + lead`` text the fingerprint stage embeds), the lead's immutables
(names, numbers, dates), the publication date when one is known, and how
English the text looks (the embedding model is English-only, so for other
languages the score leans on shared names and numbers instead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..config import LEAD_TOKENS
from ..fingerprint import lead
from ..fingerprint.immutables import immutables

_ENGLISH = frozenset("""
the of and to in a is that for on with as was by at from it he said be are has have an his but not
they this were who which their been will its after more would
""".split())
_WORD = re.compile(r"[a-z']+")
ENGLISH_FULL = 0.2
"""Share of English function words at and above which a text counts as fully English."""


def english_share(text: str, language: str | None = None) -> float:
    """How English a text looks, in [0, 1].

    A stated language wins (``en``, ``en-GB`` give 1, any other 0); otherwise
    the share of common English function words among the words, scaled so
    that ordinary English prose (about 25-45%) gives 1 and other languages
    (under 5% in the SemEval sample) give nearly 0.
    """
    if language:
        return 1.0 if language.lower().startswith("en") else 0.0
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    share = sum(w in _ENGLISH for w in words) / len(words)
    return min(1.0, share / ENGLISH_FULL)


def parse_date(value: str | date | None) -> date | None:
    """The calendar date of an ISO 8601 date or datetime, or None when absent or unreadable."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One article as the stories stage sees it."""

    id: str
    embedding: np.ndarray
    """L2-normalised embedding of ``lead(text, title)`` (all-MiniLM-L6-v2, 384 floats)."""
    tokens: tuple[str, ...]
    """Distinct immutables of the lead (lower-cased names, numbers, dates), in order."""
    published: date | None = None
    english: float = 1.0
    """``english_share`` of the lead."""
    title: str | None = None
    reuses: tuple[str, ...] = ()
    """Articles this one shares its text with, either way round: a copy or a truncated copy of it, its original,
    a rewrite or spin of it sentence by sentence. Whatever dates they carry, they report one event (scrapers
    and content farms stamp their own dates)."""

    @classmethod
    def of(cls, id: str, text: str, embedding: np.ndarray, *, title: str | None = None,
           published: str | date | None = None, language: str | None = None) -> StoryInput:
        """Build an input from an article's cleaned text and its lead embedding."""
        head = lead(text, title)
        return cls(id=id, embedding=np.asarray(embedding, dtype=np.float32),
                   tokens=tuple(dict.fromkeys(immutables(head))), published=parse_date(published),
                   english=english_share(head, language), title=title)


def story_inputs(articles: Sequence, embeddings: np.ndarray | None = None, *,
                 max_tokens: int = LEAD_TOKENS) -> list[StoryInput]:
    """Inputs for articles (anything with ``id``, ``text``, ``title``, ``published``, ``language``).

    ``embeddings`` (one row per article, as the fingerprint stage stores
    them) are computed with ``unspun.fingerprint.embed`` when not given.
    """
    if embeddings is None:
        from ..fingerprint.embed import embed_leads

        embeddings = embed_leads([lead(a.text, a.title) for a in articles], max_tokens=max_tokens)
    if len(embeddings) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(embeddings)} embeddings")
    return [StoryInput.of(a.id, a.text, e, title=a.title, published=a.published,
                          language=getattr(a, "language", None))
            for a, e in zip(articles, embeddings, strict=True)]


def inputs_from_store(store, fingerprint_options=None, ids: list[str] | None = None) -> list[StoryInput]:
    """Inputs for every stored article in store order (or for ``ids``, in their order), reusing the fingerprint
    stage's lead embeddings, L2-normalised as the story index takes them.

    Articles without a stored embedding (the stage has not run, or ran with
    ``embed=False``) are embedded here, the same way.
    """
    from ..config import FingerprintOptions
    from ..fingerprint import Schemes
    from ..fingerprint.embed import from_bytes

    fo = fingerprint_options or FingerprintOptions()
    wanted = None if ids is None else set(ids)
    stored = {aid: from_bytes(data) for aid, data in store.fingerprints(Schemes.of(fo).embedding)
              if wanted is None or aid in wanted}
    articles = list(store.articles() if ids is None else store.articles(ids))
    missing = [a for a in articles if a.id not in stored]
    if missing:
        for x in story_inputs(missing, max_tokens=fo.embed_max_tokens):
            stored[x.id] = x.embedding
    vecs = np.stack([stored[a.id] for a in articles]).astype(np.float32) if articles else np.zeros((0, 0), np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)  # stored as float16
    return story_inputs(articles, vecs)
