"""Typed records that flow between the pipeline's stages.

Every offset in these records is a character offset (Python ``str`` index),
half-open ``[start, end)``. Offsets in ``Removal`` refer to the text as read
(``Article.raw_text``); every other offset refers to the cleaned text
(``Article.text``), which is what ``unspun show`` prints.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """One article as a reader found it, before it has an id or is cleaned."""

    text: str
    """The text as read: the whole file for plain text, trafilatura's main text for HTML."""
    source: str
    """Where it came from for a user: the path read, or the target URI of a WARC record."""
    path: str
    """The file it was read from (``-`` for standard input)."""
    locator: str = ""
    """Its place inside that file: ``offset=1234`` (WARC), ``line=17`` (JSONL), ``row=3`` (CSV)."""
    format: str = "text"
    """One of ``text``, ``html``, ``warc``, ``jsonl``, ``csv``."""
    url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    """ISO 8601 date or datetime, as the page or record states it (never a crawl date)."""
    language: str | None = None
    encoding: str | None = None
    """The encoding the bytes were decoded from, when a reader had to decide."""
    crawled: str | None = None
    """When a crawler fetched it (WARC-Date), if known: not evidence of publication."""
    canonical: str | None = None
    """The page's canonical link when it names another site's page: the page declares that page its original."""
    source_link: str | None = None
    """Where a reposting plugin's link under the article points (``<a href=…>Source link</a>``), when that is another
    site's page: the page names it as its source."""
    warning: str | None = None
    """Something the reader had to repair, for the user to hear of (``3 byte sequences not valid UTF-8 ...``)."""


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file, or one record inside a file, that could not be read."""

    path: str
    reason: str
    locator: str = ""

    def __str__(self) -> str:
        return f"{where_read(self.path, self.locator)}: {self.reason}"


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on rather than shows: C0 and C1 controls, Unicode's line and paragraph separators,
and its bidirectional embeddings, overrides and isolates (a right-to-left override in a title or file name
would show the rest of the line reversed)."""


def printable(s: str) -> str:
    """``s`` with its control characters written as escapes (``\\n``, ``\\x1b``), so that a file name holding a
    newline or a terminal's escape code prints on one line as what it is."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], s)


def where_read(path: str, locator: str = "") -> str:
    """A file, and a record's place in it, for a message on one line: ``PATH (LOCATOR)``."""
    return f"{printable(path)} ({locator})" if locator else printable(path)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an article's cleaned text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


def covered_chars(spans: Iterable[Span]) -> int:
    """Characters inside the union of ``spans`` (overlaps counted once)."""
    total, end = 0, -1
    for s in sorted(spans, key=lambda s: s.start):
        start = max(s.start, end)
        if s.end > start:
            total += s.end - start
            end = s.end
    return total


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of page furniture taken out of the text as read."""

    start: int
    end: int
    kind: str
    """What it was: ``site-repeated``, ``comment-form``, ``source-link``, ``share``, ``caption``, ..."""
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article: the document as read, its cleaned text and what cleaning removed."""

    id: str
    source: str
    path: str
    locator: str
    format: str
    raw_text: str
    text: str
    removals: tuple[Removal, ...] = ()
    url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    encoding: str | None = None
    crawled: str | None = None
    canonical: str | None = None
    """The page it declares its original (a canonical link to another site's page), if any."""
    source_link: str | None = None
    """The page its reposting plugin's link names as its source (``Source link``), if another site's."""
    seq: int | None = field(default=None, compare=False)
    """Its place in the order the store read its articles (set by the store; not part of equality)."""

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Paragraphs and sentences of one article's cleaned text."""

    article_id: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One fingerprint of one article, tagged with the scheme that made it.

    ``scheme`` is a registered, versioned name with its parameters, for example
    ``minhash-oph.v1(k=5,perm=128,seed=1)``; signatures made by different
    schemes are never compared.
    """

    article_id: str
    scheme: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair of articles that may share text, with the evidence for it.

    ``a < b`` always. ``containment_a`` is the estimated share of A's word
    shingles that B also has (1.0 when A is a truncated copy of B).
    """

    a: str
    b: str
    jaccard: float
    containment_a: float
    containment_b: float
    shared_immutables: tuple[str, ...] = ()
    immutables_jaccard: float = 0.0
    embedding_cosine: float | None = None
    via: tuple[str, ...] = field(default=())
    """Which indexes proposed the pair: ``shingles``, ``immutables``, ``embedding``."""


def article_id(text: str, origin: str) -> str:
    """A stable id: a hash of the text as read and where it came from.

    ``origin`` is a record's URL, or a file's path inside the ingested folder
    (see ``unspun.ingestion.origin``). Two sites carrying the same words are
    two articles; reading the same page twice gives the same id.
    """
    h = hashlib.blake2b(digest_size=8)
    h.update(origin.encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Story:
    """One news event: the articles that report it, in the order they joined.

    ``id`` is the id of the story's first article, so it is stable across
    runs that see the articles in the same order. ``first`` and ``last`` are
    the earliest and latest publication dates among its dated articles (ISO
    ``YYYY-MM-DD``), None when none is dated. ``entities`` are its most
    characteristic immutables (names, numbers, dates): frequent in the story
    and rare in the corpus, first.
    """

    id: str
    articles: tuple[str, ...]
    first: str | None = None
    last: str | None = None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """Text shared by two articles: a span of each and how it was reused."""

    a: Span
    b: Span
    type: str
    """``exact``, ``edited`` or ``paraphrase``."""
    score: float
    weak: str = ""
    """Why the passage is weak evidence of copying: ``quote`` (only a shared direct
    quotation), ``short`` (a stock phrase of a few words); empty when it is not."""


@dataclass(frozen=True, slots=True)
class Relation:
    """What one article of a pair does with the other's text (``a < b``).

    ``kind``: ``duplicate``, ``copy``, ``partial``, ``rewrite`` or ``same_story``.
    ``direction``: ``a->b`` (B derives from A), ``b->a``, ``common`` (both
    derive from a source that is not in the corpus) or ``unknown``.
    ``evidence`` says, in words, what the direction rests on. ``diff`` lists
    the word replacements of a rewrite (``("leaders", "frontrunners")``), and
    the words a copy or duplicate changed, dropped or added.
    """

    a: str
    b: str
    kind: str
    coverage_a: float
    coverage_b: float
    direction: str = "unknown"
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation in an article's cleaned text.

    ``span`` covers the quoted words, without the quotation marks. A quotation
    broken by its attribution (``"We will," she said, "win."``) or reopened at
    each new paragraph is one ``Quote`` whose ``pieces`` are the quoted parts;
    ``span`` then runs from the first piece's start to the last piece's end and
    ``text`` joins the pieces, with `` … `` where the writer's words stood
    between them (elided), else with a space.
    ``speaker`` is the name the article gives (a pronoun resolved to the
    nearest fitting name), None when it says
    nobody; ``speaker_span`` is where that name stands in the text. ``cue`` is
    the attributing word or form (``said``, ``according to``, ``:``).
    """

    span: Span
    text: str
    pieces: tuple[Span, ...] = ()
    speaker: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
