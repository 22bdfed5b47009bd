"""Learn the lines a site repeats on unrelated pages: its furniture.

A line is a site's furniture when at least ``min_site_pages`` *unrelated*
pages of the site carry it. Pages are related (one story) when they share
real content: a site that posted three versions of one wire story repeats the
story's sentences, and those must never be learned. So the pages carrying a
line are grouped into story clusters (single-link over "related") and the
clusters are counted, not the pages.

Two pages are related when the lines they share include at least
:data:`RELATED_PROSE_LINES` prose lines of :data:`PROSE_CHARS` characters or
more (the line being judged counts: erring towards "related" keeps
sentences), or cover at least :data:`RELATED_SHARE` of the characters of
both pages together. Lines that very many pages of the site carry
(``df >= common_df``, ``max(10, 4 * min_site_pages)`` capped at
:data:`MAX_POSTINGS`) are left out of that evidence: they are furniture or
boilerplate, not a story's text.

Two more guards keep article sentences out:

- a line of three words or more (it could be prose: "It takes 1,237
  delegates to win the nomination.", "Partial transcript as follows:") is
  learned only when, in most pages that carry it, it stands in the page's
  head or tail: every line between it and the page's start (or end) is
  short or is itself repeated on the site. Headers, footers, editor's notes
  and author promos stand there; a stock sentence inside stories does not;
- lines with no letters, and times and dates ("9:15 p.m.", "March 3, 2016"),
  are never learned: they are live-blog time stamps and list numbers;
- a line that reads as a sentence (:func:`reads_as_sentence`: it ends in
  sentence punctuation or a closing quote, has at least
  :data:`SENTENCE_WORDS` words, and most of its words start in lower case)
  is never learned, however many unrelated pages carry it: "The Associated
  Press contributed to this report." is part of the article, and evidence of
  where it came from. Short labels, navigation rows, Title Case headlines,
  taglines without end punctuation and contact lines ("Follow Pam Key on
  Twitter @pamkeyNEN.") can still be learned. The check is made on each
  page's own form of the line (from its second page on), before
  normalisation: one page where it reads as a sentence keeps it. Such a line
  that passes every other test is the site's *boilerplate* ("Please share
  this story ..."): kept in the text, but weak evidence of copying.

One pass over the pages; memory grows with the number of distinct lines (a
64-bit hash and a page number each), plus the first and last
:data:`EDGE_LINES` line hashes of every page, plus postings (capped at
:data:`MAX_POSTINGS` pages per line) and the text of short lines seen at
least twice. The pairwise work is bounded: only pages that carry one
candidate line are compared, at most :data:`MAX_POSTINGS` of them, and each
pair's shared lines are computed once. Measured: 100,000 synthetic pages
(343 MB of text, 50 sites) in about 7 s and 270 MB at peak.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

from unspun.config import CleanOptions

__all__ = ["learn_site_furniture", "learn_site_lines", "normalise_line", "reads_as_sentence"]

MAX_POSTINGS = 48
"""Pages remembered per repeated line; the clusters of a line are counted over these."""
PROSE_CHARS = 80
"""A shared line at least this long (normalised) is evidence of a shared story."""
RELATED_PROSE_LINES = 3
RELATED_SHARE = 0.3
EDGE_SHARE = 0.75
"""A line of several words must stand in a page's head or tail in at least this share of its pages."""
EDGE_LINES = 8
"""How many lines at each end of a page can be its head or tail."""
EDGE_WORDS = 3
"""Lines of at least this many words must stand in a head or tail to be learned."""
SHORT_WORDS = 4
"""Lines of at most this many words may stand between a head or tail line and the page's end."""
SENTENCE_WORDS = 5
"""A line of at least this many words (and the rest of :func:`reads_as_sentence`) is a sentence, never furniture."""

_LETTER = re.compile(r"[^\W\d_]")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIME = r"\d{1,2}(?::\d{2}\s*(?:[ap]\.?\s?m\.?)?|\s*[ap]\.?\s?m\.?)(?:\s+[a-z]{2,4})?"
_TIME_OR_DATE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?|\d{1,2}\s+" + _MONTH + r"(?:\s+\d{4})?)?"
    r"(?:,?\s*(?:at\s+)?" + _TIME + r")?"
)


SENTENCE_END = re.compile(r"(?:[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*|[\"\u201d\u2019\u00bb])\s*$")
"""Ends in . ! ? or \u2026 (closing quotes and brackets may follow), or in a closing quote."""
_CONTACT = re.compile(r"(?<![\w.])@\w|https?://|\bwww\.\w|\w@\w+\.\w", re.IGNORECASE)
"""A handle, a URL or an e-mail address: a contact or promo line, not article prose."""


def reads_as_sentence(line: str) -> bool:
    """Whether ``line`` (as read, not normalised) reads as a sentence of prose.

    All of: it ends in ``.``, ``!``, ``?`` or ``\u2026`` (closing quotes and
    brackets may follow) or in a closing quote mark; it has at least
    :data:`SENTENCE_WORDS` words (whitespace-separated tokens with a letter
    in them); more than half of those words start, at their first letter,
    in lower case; and it holds no handle, URL or e-mail address (a
    "Follow X on Twitter @x." promo line is not article prose).

    >>> reads_as_sentence("The Associated Press contributed to this report.")
    True
    >>> reads_as_sentence("Follow our reporter on Twitter @reporter.")
    False
    >>> reads_as_sentence("Rand Paul Scores Direct Hit On Donald Trump.")
    False
    >>> reads_as_sentence("Sign up for the Valley Gazette morning briefing")
    False
    """
    if not SENTENCE_END.search(line) or _CONTACT.search(line):
        return False
    words = lower = 0
    for token in line.split():
        m = _LETTER.search(token)
        if m is None:
            continue
        words += 1
        lower += m.group().islower()
    return words >= SENTENCE_WORDS and 2 * lower > words


def normalise_line(line: str) -> str:
    """The form lines are compared in: casefolded, whitespace collapsed, no punctuation at the ends.

    ``"  Share this: "`` and ``"SHARE THIS"`` both give ``"share this"``; a line
    of only punctuation gives ``""``. A character counts as punctuation here
    when it is not alphanumeric (``str.isalnum``).
    """
    text = " ".join(line.split()).casefold()
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _hash(norm: str) -> int:
    """A 64-bit hash with the lowest bit clear (page windows keep a flag there).

    Python's own string hash. It is salted per process, but the result can
    differ between runs only where two distinct lines collide (odds about
    2**-63 per pair).
    """
    return hash(norm) & ~1


def _learnable(norm: str) -> bool:
    """Lines that may be furniture at all: some letters, and not a bare time or date."""
    if not _LETTER.search(norm):
        return False
    return _TIME_OR_DATE.fullmatch(norm) is None


def _words(norm: str) -> int:
    return norm.count(" ") + 1


class _Line:
    """What is known about one repeated line of one site."""

    __slots__ = ("df", "chars", "text", "pages", "prose")

    def __init__(self, chars: int, first_page: int) -> None:
        self.df = 1
        self.chars = chars
        self.text: str | None = None
        self.pages = [first_page]
        self.prose = False
        """Read as a sentence on some page: never furniture, but boilerplate when unrelated pages repeat it."""


class _Site:
    """Line statistics of one site, filled page by page."""

    __slots__ = ("once", "multi", "page_chars", "head", "tail", "seen_ids", "seen_texts")

    def __init__(self) -> None:
        self.once: dict[int, int] = {}
        """Lines seen on one page so far: hash -> page index."""
        self.multi: dict[int, _Line] = {}
        self.page_chars: list[int] = []
        self.head: list[array[int]] = []
        """Per page, its first lines' hashes, the lowest bit set on short lines."""
        self.tail: list[array[int]] = []
        """Per page, its last lines' hashes from the end, the lowest bit set on short lines."""
        self.seen_ids: set[str] = set()
        self.seen_texts: set[int] = set()
        """Hashes of the pages' texts (their normalised prose lines, else all their lines): one text read at
        several addresses is one page."""

    def add(self, page_id: str, text: str, max_chars: int) -> None:
        if page_id in self.seen_ids:
            return
        self.seen_ids.add(page_id)
        lines = [(raw, norm) for raw in text.split("\n") if raw and not raw.isspace() and (norm := normalise_line(raw))]
        # a crawl holds one article under many addresses (http and https, www. or not, click ids, print pages):
        # counted as many pages, its sentences became common enough to be taken for the site's (found by QA)
        # (its prose lines, where it has enough to make two pages related: captures that differ by an "Updated ..."
        # stamp, a view counter or a rotating teaser are one page too)
        prose = tuple(norm for _, norm in lines if len(norm) >= PROSE_CHARS)
        key = hash(prose if len(prose) >= RELATED_PROSE_LINES else tuple(norm for _, norm in lines))
        if key in self.seen_texts:
            return
        self.seen_texts.add(key)
        page = len(self.page_chars)
        total = 0
        done: set[int] = set()
        window: list[int] = []
        for raw, norm in lines:
            total += len(norm)
            h = _hash(norm)
            window.append(h | (_words(norm) <= SHORT_WORDS))
            if h in done:
                continue
            done.add(h)
            line = self.multi.get(h)
            if line is None:
                first = self.once.pop(h, None)
                if first is None:
                    self.once[h] = page
                    continue
                line = self.multi[h] = _Line(len(norm), first)
                if len(norm) <= max_chars and _learnable(norm):
                    line.text = norm
            if line.text is not None and not line.prose and reads_as_sentence(raw):
                line.prose = True  # article prose: never furniture
            line.df += 1
            if len(line.pages) < MAX_POSTINGS:
                line.pages.append(page)
        self.page_chars.append(total)
        self.head.append(array("q", window[:EDGE_LINES]))
        self.tail.append(array("q", window[: -EDGE_LINES - 1 : -1]))

    def _at_edge(self, h: int, page: int) -> bool:
        """Whether line ``h`` stands in the page's head or tail."""
        for window in (self.head[page], self.tail[page]):
            for entry in window:
                if entry & ~1 == h:
                    return True
                if not entry & 1 and entry & ~1 not in self.multi:
                    break  # a long line the site never repeats: article text
        return False

    def learn(self, options: CleanOptions) -> tuple[frozenset[str], frozenset[str]]:
        """(furniture, boilerplate): the repeated lines of unrelated pages, as they do not or do read as
        sentences."""
        need = options.min_site_pages
        common_df = min(MAX_POSTINGS, max(10, 4 * need))
        candidates = []
        for h, line in self.multi.items():
            if line.text is None or line.df < need:
                continue
            if _words(line.text) >= EDGE_WORDS:
                edges = sum(self._at_edge(h, p) for p in line.pages)
                if edges < EDGE_SHARE * len(line.pages):
                    continue
            candidates.append(line)
        if not candidates:
            return frozenset(), frozenset()
        # Evidence of a shared story: each page's repeated, not-too-common lines.
        evidence: dict[int, set[int]] = {}
        for h, line in self.multi.items():
            if line.df < common_df:
                for p in line.pages:
                    evidence.setdefault(p, set()).add(h)
        shared_cache: dict[tuple[int, int], tuple[int, ...]] = {}
        learned: tuple[list[str], list[str]] = ([], [])
        for line in candidates:
            if _clusters(line.pages, need, evidence, shared_cache, self) >= need:
                assert line.text is not None
                learned[line.prose].append(line.text)
        return frozenset(learned[0]), frozenset(learned[1])


def _clusters(
    pages: list[int],
    need: int,
    evidence: dict[int, set[int]],
    cache: dict[tuple[int, int], tuple[int, ...]],
    site: _Site,
) -> int:
    """How many story clusters ``pages`` fall into (single link), or a number below ``need`` once it is."""
    parent = list(range(len(pages)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    count = len(pages)
    for i in range(len(pages)):
        for j in range(i + 1, len(pages)):
            ri, rj = find(i), find(j)
            if ri == rj:
                continue
            if _related(pages[i], pages[j], evidence, cache, site):
                parent[rj] = ri
                count -= 1
                if count < need:
                    return count
    return count


def _related(
    p: int,
    q: int,
    evidence: dict[int, set[int]],
    cache: dict[tuple[int, int], tuple[int, ...]],
    site: _Site,
) -> bool:
    key = (p, q) if p < q else (q, p)
    shared = cache.get(key)
    if shared is None:
        shared = cache[key] = tuple(evidence.get(p, set()) & evidence.get(q, set()))
    multi = site.multi
    prose = 0
    chars = 0
    for s in shared:
        n = multi[s].chars
        chars += n
        prose += n >= PROSE_CHARS
    if prose >= RELATED_PROSE_LINES:
        return True
    union = site.page_chars[p] + site.page_chars[q] - chars
    return union > 0 and chars >= RELATED_SHARE * union


def learn_site_furniture(
    pages: Iterable[tuple[str, str, str]],
    options: CleanOptions = CleanOptions(),
) -> dict[str, frozenset[str]]:
    """Per site, the normalised lines that unrelated pages of the site repeat (see :func:`learn_site_lines`)."""
    return learn_site_lines(pages, options)[0]


def learn_site_lines(
    pages: Iterable[tuple[str, str, str]],
    options: CleanOptions = CleanOptions(),
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Per site, the normalised lines that unrelated pages of the site repeat.

    ``pages`` yields ``(site, page_id, text)``; it is read once. A page id seen
    twice for one site counts once. A line is learned when it is at most
    ``options.max_furniture_line_chars`` long (normalised) and at least
    ``options.min_site_pages`` story clusters of the site carry it (see the
    module docstring for what makes pages one story). Sites with nothing
    learned are left out of the result. Pass a site's set to
    :func:`unspun.clean.clean_text` as ``furniture``.

    Returns (furniture, boilerplate): the second holds the repeated lines that
    read as sentences ("Please share this story on Facebook and Twitter and let
    us know what you think in the comments below."). They stay in the text,
    which they may belong to, but an aligned passage made of them is weak
    evidence of copying: unrelated pages of the site carry them.
    """
    sites: dict[str, _Site] = {}
    for site, page_id, text in pages:
        stats = sites.get(site)
        if stats is None:
            stats = sites[site] = _Site()
        stats.add(page_id, text, options.max_furniture_line_chars)
    out: dict[str, frozenset[str]] = {}
    prose: dict[str, frozenset[str]] = {}
    for site, stats in sites.items():
        stats.once.clear()
        learned, said = stats.learn(options)
        if learned:
            out[site] = learned
        if said:
            prose[site] = said
    return out, prose
