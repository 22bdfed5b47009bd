"""Decide, line by line, what of a page is furniture.

The rules, in order:

1. A line is a candidate when a pattern matches it (:func:`classify_line`) or
   its normalised form is in the site's learned furniture.
2. A candidate that sits inside a sentence is kept: the article line before
   it (no blank line between) runs on without a sentence end, or the article
   line after it starts in lower case ("... sent by\\nEmail\\nto every member").
3. Strong candidates and site lines are removed.
4. A comment form at the end is removed as one block, from its first marker
   ("Leave a Reply", "3 Comments", ...) to the end of the page, when every
   line after the marker is furniture or a short form label ("Δ", "Phone").
5. After a removed "Related Posts" style header, the headline-like lines
   (short, and Title Case or without a sentence end) are removed: all the
   lines to the end when all are headline-like or furniture, else only those
   listed right under the header with no blank line between.
6. Weak candidates ("Email", "Print", "Comment") are removed only next to
   removed furniture or in the all-candidate run at the head or tail of the
   page; this spreads along runs of weak candidates.
7. On the lines kept, a trailing "Source link" / "Read More" after a
   sentence end and a leading "Translate »" are cut.
8. A reader's comment that the extractor kept because its container was not
   named like comments ends with a line of its own "Reply" ("Reply ↓",
   "Log in to Reply", "Like · Reply"): that line, the line right above it
   (the comment: no blank line between, not ending in ":" or "?", which
   would be a question or a line introducing a reply) and an
   author-and-time line before that ("JohnD March 3, 2016 at 4:12 pm") are
   removed, wherever they stand (trafilatura may even put such a comment
   before the headline).
"""

from __future__ import annotations

import re

from unspun.clean.patterns import STRONG, WEAK, classify_line, leading_segment, standalone, trailing_segment
from unspun.clean.site import normalise_line
from unspun.records import Removal

__all__ = ["find_removals"]

_COMMENT_STARTS = frozenset(
    normalise_line(s)
    for s in (
        "Leave a Reply",
        "Leave a Comment",
        "Leave a Reply Cancel reply",
        "Add a comment",
        "Post a comment",
        "Join the discussion",
        "Join the conversation",
        "Comments",
    )
)
_N_COMMENTS = re.compile(r"\d+ (?:comments?|responses?|replies)\b|\d+ thoughts? on [\"“‘']")
_REPLY = re.compile(r"(?:(?:like|report|flag)\s*[·|•]?\s*)?(?:reply|log in to reply|login to reply)"
                    r"(?:\s*[↓↑→»]|\s*[·|•]?\s*(?:report|flag|share|like))?")
_STAMP = re.compile(r"(?:.{0,60}\s)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+"
                    r"\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}|"
                    r"\d{1,2}/\d{1,2}/\d{2,4})\s*(?:at|,|@)?\s*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
                    r"|(?:.{0,60}\s)?\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago", re.IGNORECASE)
_COMMENT_CHARS = 1500
_RUNS_ON = re.compile(r"[\w,\-–]$")
_HEADLINE_END = re.compile(r"[.,;:]$")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_RELATED_HEADERS = frozenset(
    normalise_line(s)
    for s in (
        "Related",
        "Related Posts",
        "Related Articles",
        "Related Stories",
        "Related Coverage",
        "You may also like",
        "You might also like",
        "More stories",
        "Recommended for you",
        "Read next",
        "Read more",
    )
)
_DATE = re.compile(r"(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}|\d+ (?:minutes?|hours?|days?|weeks?) ago)", re.IGNORECASE)


class _Line:
    __slots__ = ("start", "end", "text", "gap_before", "gap_after", "kind", "strength")

    def __init__(self, start: int, end: int, text: str, gap_before: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.gap_before = gap_before
        self.gap_after = True
        self.kind: str | None = None
        self.strength = 0


def _split(raw: str) -> list[_Line]:
    """The non-blank lines of ``raw`` with the offsets of their stripped text."""
    lines: list[_Line] = []
    pos = 0
    gap = True
    for piece in raw.split("\n"):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            start = pos + lead
            if lines and not gap:
                lines[-1].gap_after = False
            lines.append(_Line(start, start + len(stripped), stripped, gap))
            gap = False
        else:
            gap = True
        pos += len(piece) + 1
    return lines


def _short_label(text: str) -> bool:
    return len(text) <= 40 and text.count(" ") <= 4


def _headline_like(text: str) -> bool:
    """A line that reads as a headline in a list: short, and Title Case or without a sentence end."""
    if _DATE.fullmatch(text.rstrip(".")):
        return True
    if len(text) > 150 or text.count(" ") >= 20:
        return False
    if not _HEADLINE_END.search(text):
        return True
    words = _LONG_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def find_removals(raw: str, furniture: frozenset[str], patterns: bool) -> list[Removal]:
    """The furniture of one page as removals (offsets into ``raw``), in text order."""
    lines = _split(raw)
    n = len(lines)
    if not n:
        return []
    for line in lines:
        hit = classify_line(line.text) if patterns else None
        if hit is not None:
            line.kind, line.strength = hit
        if furniture and (hit is None or hit[1] == WEAK) and normalise_line(line.text) in furniture:
            line.kind, line.strength = "site-repeated", STRONG

    def inside_sentence(i: int) -> bool:
        if lines[i].kind is not None and standalone(lines[i].text, lines[i].kind):
            return False
        if i > 0 and not lines[i].gap_before and lines[i - 1].kind is None and _RUNS_ON.search(lines[i - 1].text):
            return True
        return i + 1 < n and not lines[i].gap_after and lines[i + 1].kind is None and lines[i + 1].text[0].islower()

    kinds: list[str | None] = [None] * n
    for i, line in enumerate(lines):
        if line.strength == STRONG and not inside_sentence(i):
            kinds[i] = line.kind
    if patterns:
        _reader_comments(lines, kinds)
    block_start = _comment_block(lines, kinds)
    if patterns:
        _related_lists(lines, kinds, block_start)
    _spread_weak(lines, kinds, inside_sentence)

    removals: list[Removal] = []
    for i, line in enumerate(lines):
        if i == block_start:  # the form runs to the end; a reposting mark in it (put last) stays one of its own
            start = line.start
            for mark in (x for x in lines[i:] if x.kind == "source-link" and x.strength == STRONG):
                if mark.start > start:
                    removals.append(Removal(start, mark.start, "comment-form", raw[start:mark.start]))
                removals.append(Removal(mark.start, mark.end, "source-link", mark.text))
                start = mark.end
            if start < lines[-1].end:
                removals.append(Removal(start, lines[-1].end, "comment-form", raw[start:lines[-1].end]))
            break
        kind = kinds[i]
        if kind is not None:
            removals.append(Removal(line.start, line.end, kind, line.text))
        elif patterns:
            removals.extend(_segments(raw, line))
    return removals


def _comment_block(lines: list[_Line], kinds: list[str | None]) -> int | None:
    """Where a comment form that runs to the end of the page starts, if one does."""
    start = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.kind == "comment-form":
            norm = normalise_line(line.text)
            if norm in _COMMENT_STARTS or _N_COMMENTS.fullmatch(norm):
                start = i
        if not (kinds[i] is not None or line.kind is not None or _short_label(line.text)):
            break
    return start


def _reader_comments(lines: list[_Line], kinds: list[str | None]) -> None:
    """Rule 8: each "Reply" line of its own ends a reader's comment: it, the comment line before it and an
    author-and-time line before that are removed. (A comment often ends without a full stop, so only a next
    line in lower case, ``… his\nReply\nto the committee``, keeps a "Reply" line in the text.)"""
    n = len(lines)
    for i, line in enumerate(lines):
        if kinds[i] is not None or not _REPLY.fullmatch(normalise_line(line.text)):
            continue
        if i + 1 < n and not line.gap_after and lines[i + 1].text[:1].islower():
            continue
        j = i - 1
        if (j < 0 or kinds[j] is not None or line.gap_before or len(lines[j].text) > _COMMENT_CHARS
                or lines[j].text.rstrip()[-1:] in (":", "?")):
            continue  # no comment right above it: a question and its answer, a line that introduces the reply
        kinds[i] = kinds[j] = "reader-comment"
        j -= 1
        if j >= 0 and kinds[j] is None and len(lines[j].text) <= 120 and _STAMP.fullmatch(lines[j].text.strip()):
            kinds[j] = "reader-comment"


def _related_lists(lines: list[_Line], kinds: list[str | None], stop: int | None) -> None:
    n = len(lines) if stop is None else stop
    tail_ok = [False] * (n + 1)
    tail_ok[n] = True
    for i in range(n - 1, -1, -1):
        tail_ok[i] = tail_ok[i + 1] and (kinds[i] is not None or _headline_like(lines[i].text))
    for i in range(n):
        if kinds[i] is None or normalise_line(lines[i].text) not in _RELATED_HEADERS:
            continue  # only a header ("Related Posts"), not an item ("Related: headline")
        if tail_ok[i + 1]:
            for j in range(i + 1, n):
                kinds[j] = kinds[j] or "related"
            return
        j = i + 1
        while j < n and not lines[j].gap_before and kinds[j] is None and _headline_like(lines[j].text):
            kinds[j] = "related"
            j += 1


def _spread_weak(lines: list[_Line], kinds: list[str | None], inside_sentence) -> None:  # type: ignore[no-untyped-def]
    n = len(lines)
    weak = [i for i in range(n) if kinds[i] is None and lines[i].strength == WEAK and not inside_sentence(i)]
    if not weak:
        return
    head = 0
    while head < n and lines[head].kind is not None:
        head += 1
    tail = n
    while tail > 0 and lines[tail - 1].kind is not None:
        tail -= 1
    for i in weak:
        if i < head or i >= tail:
            kinds[i] = lines[i].kind
    changed = True
    while changed:
        changed = False
        for i in weak:
            if kinds[i] is None and ((i > 0 and kinds[i - 1] is not None) or (i + 1 < n and kinds[i + 1] is not None)):
                kinds[i] = lines[i].kind
                changed = True


def _segments(raw: str, line: _Line) -> list[Removal]:
    out = []
    lead = leading_segment(line.text)
    if lead is not None:
        cut, kind = lead
        out.append(Removal(line.start, line.start + cut, kind, raw[line.start : line.start + cut]))
    tail = trailing_segment(line.text)
    if tail is not None and (lead is None or tail[0] > lead[0]):
        cut, kind = tail
        out.append(Removal(line.start + cut, line.end, kind, raw[line.start + cut : line.end]))
    return out
