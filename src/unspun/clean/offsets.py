"""Cut removals out of a text, tidy it, and map offsets between the two texts.

The cleaned text is always the raw text with some characters deleted, never
with characters added or changed, so every cleaned offset has one raw offset.
What is deleted, in this order (a pure function of the raw text and the
removals):

0. invisible characters inside a word (:data:`INVISIBLE`: zero-width spaces
   and joiners, word joiners, bidi controls), which split it in two for every
   stage that counts words while it reads the same;
1. every removal's range;
2. every line that a removal touched and that is left with only whitespace,
   together with its line break (so a removed line leaves no empty line);
3. in each run of two or more blank lines (lines of only whitespace), all
   but one blank line: the run keeps its first and last line break (a
   ``\\r\\n`` counts as one);
4. whitespace at the start and end of the text.

Blank lines and whitespace that the input had elsewhere are left as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from unspun.records import Removal

__all__ = ["OffsetMap", "apply_removals", "cleaned_to_raw"]

_BLANK_RUN = re.compile(r"\n[^\S\n]*\n(?:[^\S\n]*\n)+")
_LATIN = re.compile(r"(?:[^\W\u0530-\U0010FFFF]|['’])")
_JOINERS = frozenset("\u200c\u200d")
INVISIBLE = re.compile(
    r"(?<=[\w'’])[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+(?=[\w'’])")
"""Invisible format characters between two word characters (an apostrophe inside a word is one): a scraper's
trick against copy detection (found by QA: a copy with zero-width spaces in its words was a `rewrite` with
``debate → de\u200bbate`` replaced). Zero-width (non-)joiners are taken only between letters of Latin, Greek or
Cyrillic script: Persian, the Indic scripts and emoji sequences write with them. Soft hyphens stay (the stages that
compare words drop them: ``unspun.align.features``, ``unspun.relate.diff``). A run of them is taken as a whole
(review: ``de\u200b\u200dbate`` kept both), its joiners kept between letters of other scripts (:func:`_invisible`)."""


def _invisible(raw: str) -> list[tuple[int, int]]:
    """The spans of :data:`INVISIBLE` in ``raw``; a run with a joiner not between Latin-script letters loses only
    its other characters."""
    out = []
    for m in INVISIBLE.finditer(raw):
        s, e = m.span()
        if _JOINERS.isdisjoint(m.group()) or (_LATIN.fullmatch(raw[s - 1]) and _LATIN.fullmatch(raw[e])):
            out.append((s, e))
        else:
            out += [(k, k + 1) for k in range(s, e) if raw[k] not in _JOINERS]
    return out


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets of the cleaned text to the raw text and back.

    ``segments`` are ``(clean_start, raw_start, length)``: the cleaned text is
    these raw pieces joined, in order.
    """

    segments: tuple[tuple[int, int, int], ...]
    clean_length: int
    raw_length: int

    def to_raw(self, offset: int) -> int:
        """The raw offset of the cleaned character at ``offset`` (``clean_length`` maps past the last kept one)."""
        if not 0 <= offset <= self.clean_length:
            raise IndexError(f"offset {offset} outside the cleaned text (0..{self.clean_length})")
        if not self.segments:
            return 0
        if offset == self.clean_length:
            _, raw, length = self.segments[-1]
            return raw + length
        i = bisect_right(self.segments, offset, key=_clean_start) - 1
        clean, raw, _ = self.segments[i]
        return raw + offset - clean

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw range covering cleaned ``[start, end)`` (it may hold removed text inside)."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_clean(self, offset: int) -> int:
        """The cleaned offset of raw ``offset``; a deleted character maps to the next kept one."""
        if not 0 <= offset <= self.raw_length:
            raise IndexError(f"offset {offset} outside the raw text (0..{self.raw_length})")
        i = bisect_right(self.segments, offset, key=_raw_start) - 1
        if i < 0:
            return 0
        clean, raw, length = self.segments[i]
        return clean + min(offset - raw, length)


def _clean_start(segment: tuple[int, int, int]) -> int:
    return segment[0]


def _raw_start(segment: tuple[int, int, int]) -> int:
    return segment[1]


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _complement(deleted: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    kept = []
    pos = 0
    for start, end in deleted:
        if start > pos:
            kept.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        kept.append((pos, length))
    return kept


def _emptied_lines(raw: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole lines (with their line break) that the cuts leave with only whitespace."""
    out = []
    i = 0
    while i < len(cuts):
        line_start = raw.rfind("\n", 0, cuts[i][0]) + 1
        j = i
        line_end = raw.find("\n", cuts[j][1])
        line_end = len(raw) if line_end < 0 else line_end
        while j + 1 < len(cuts) and cuts[j + 1][0] <= line_end:
            j += 1
            nxt = raw.find("\n", cuts[j][1])
            line_end = len(raw) if nxt < 0 else max(line_end, nxt)
        pos = line_start
        empty = True
        for start, end in cuts[i : j + 1]:
            if raw[pos:start].strip():
                empty = False
                break
            pos = end
        if empty and not raw[pos:line_end].strip():
            out.append((line_start, min(line_end + 1, len(raw))))
        i = j + 1
    return out


def _map(kept: list[tuple[int, int]], raw_length: int) -> OffsetMap:
    segments = []
    clean = 0
    for start, end in kept:
        segments.append((clean, start, end - start))
        clean += end - start
    return OffsetMap(tuple(segments), clean, raw_length)


def apply_removals(raw: str, removals: Iterable[Removal]) -> tuple[str, OffsetMap]:
    """The cleaned text (see the module docstring for exactly what is deleted) and its offset map."""
    cuts = _merge((r.start, r.end) for r in removals)
    deleted = _merge(cuts + _emptied_lines(raw, cuts) + _invisible(raw))
    kept = _complement(deleted, len(raw))
    mid_map = _map(kept, len(raw))
    mid = "".join(raw[s:e] for s, e in kept)
    more = []
    for m in _BLANK_RUN.finditer(mid):
        a, b = m.start() + 1, m.end() - 1  # keep the first and the last line break
        if b - 1 >= a and mid[b - 1] == "\r":
            b -= 1  # and the last one whole when it is "\r\n"
        more.append((mid_map.to_raw(a), mid_map.to_raw(b - 1) + 1))
    lead = len(mid) - len(mid.lstrip())
    if lead:
        more.append((mid_map.to_raw(0), mid_map.to_raw(lead - 1) + 1))
    trail = len(mid.rstrip())
    if trail < len(mid):
        more.append((mid_map.to_raw(trail), mid_map.to_raw(len(mid) - 1) + 1))
    if more:
        kept = _complement(_merge(deleted + more), len(raw))
    offset_map = _map(kept, len(raw))
    return "".join(raw[s:e] for s, e in kept), offset_map


def cleaned_to_raw(raw: str, removals: Iterable[Removal]) -> OffsetMap:
    """The offset map of the text that :func:`apply_removals` makes from ``raw`` and ``removals``.

    A stored article keeps its raw text and removals; this rebuilds the map a
    report needs to show a cleaned span in the page as read.
    """
    return apply_removals(raw, removals)[1]
