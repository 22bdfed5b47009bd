"""Word-level diff of a rewrite: which words were replaced by which (and, in a copy, dropped or added)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..records import Passage, Span
from ..words import WORD, cut_from

_WORD = re.compile(rf"\b(?:[^\W\d_]\.){{2,}}(?!\w)|\d+(?:[.,]\d+)+(?!\w)|{WORD.pattern}|[^\w\s]")
"""A dotted abbreviation (``U.S.``), a number written with separators (``31,000``, ``18.5``: found by QA, a
correction of ``13,000`` to ``31,000`` was listed as ``13 → 31``), a word (a Han character alone: see
unspun.words) or a punctuation mark."""
_QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00ad": None})


_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """A word as compared: case, the style of apostrophes and quotation marks and the full stops of an
    abbreviation (``U.S.``, ``US``) do not make a change. (Cached: every word of every edited passage is keyed,
    a million calls for 2,000 articles; most words recur.)"""
    return (word.replace(".", "") if "." in word and _DOTTED.fullmatch(word) else word).lower().translate(_QUOTE_MARKS)


@dataclass(frozen=True, slots=True)
class Edit:
    """One change inside an aligned passage: the words of each side (empty where a side has none), as written,
    with where they stand (an empty span where they would stand)."""

    a: Span
    b: Span
    old: str
    new: str
    words: tuple[int, int]
    """Tokens (words and punctuation marks) on each side."""

    @property
    def kind(self) -> str:
        """``replace``, ``delete`` (words only A has) or ``insert`` (words only B has)."""
        return "replace" if self.old and self.new else "delete" if self.old else "insert"


def _tokens(text: str, span: Span) -> list[tuple[int, int, str]]:
    return [(span.start + m.start(), span.start + m.end(), m.group()) for m in _WORD.finditer(span.of(text))]


def _is_word(tok: tuple[int, int, str]) -> bool:
    return any(c.isalnum() for c in tok[2])


def _trimmed(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A side of a change without the punctuation at its edges: the comma before a dropped clause, the full stop
    after it and a scraper's ``…`` or ``...`` marking a cut are not words changed."""
    i, j = 0, len(toks)
    while i < j and not _is_word(toks[i]):
        i += 1
    while j > i and not _is_word(toks[j - 1]):
        j -= 1
    return toks[i:j]


def _cut(part: list, whole: list, at_end: bool) -> list[tuple[list, list]] | None:
    """``part`` against ``whole`` where ``part`` ends (``at_end``) or starts its passage with a stub of one of
    ``whole``'s words, as a scraper cuts a copied passage mid-word (``the meas…`` of ``the measure on
    Tuesday``): the change as ``(part, whole)`` pieces without the stub, the words past the cut dropped
    (``measure on Tuesday``, not ``measure on Tuesday → meas``); None where no word was cut."""
    stub = word_key(part[-1 if at_end else 0][2])
    hits = [k for k, (*_, w) in enumerate(whole) if cut_from(stub, word_key(w), at_end=at_end)]
    if not hits:
        return None
    if at_end:
        return [(part[:-1], whole[:hits[0]]), ([], whole[hits[0]:])]
    return [([], whole[:hits[-1] + 1]), (part[1:], whole[hits[-1] + 1:])]


_CUT_MARK = re.compile(r"\s*(?:\[\s?(?:…|\.\s?\.\s?\.)\s?\]|…|\.\s?\.\s?\.)?\s*")
"""What may stand between a word cut short and the edge of its passage: nothing, or an ellipsis, bracketed too
(WordPress ends a feed's excerpt with ``[…]``, which autoblog plugins repost: found by QA, ``filmed leavin […]``
read as ``leaving early to avoid angry delegates → leavin``)."""


def _edges(text: str, toks: list[tuple[int, int, str]], span: Span) -> tuple:
    """The first and last word of a side where a cut may stand: at the edge of its passage or of an ellipsis
    there (not before a full stop: ``in the US.`` of ``in the USA.`` is a word replaced); None where not."""
    words = [t for t in toks if _is_word(t)]
    if not words:
        return None, None
    return (words[0] if _CUT_MARK.fullmatch(text[span.start:words[0][0]]) else None,
            words[-1] if _CUT_MARK.fullmatch(text[words[-1][1]:span.end]) else None)


def _pieces(ta: list, tb: list, a_edges: tuple, b_edges: tuple) -> list[tuple[list, list]]:
    """A change as ``(a, b)`` pieces: itself, or split where one side is cut mid-word at an edge of its passage
    (``a_edges``, ``b_edges``: see :func:`_edges`)."""
    for part, whole, edges, flip in ((ta, tb, a_edges, False), (tb, ta, b_edges, True)):
        for at_end in (True, False):
            if part and whole and part[-1 if at_end else 0] == edges[at_end]:
                if (cut := _cut(part, whole, at_end)) is not None:
                    return [(w, p) if flip else (p, w) for p, w in cut]
    return [(ta, tb)]


def _side(text: str, toks: list[tuple[int, int, str]], at: int) -> tuple[Span, str]:
    """Where a side's words stand and the words as written (spacing made one space); ``at`` for none."""
    if not toks:
        return Span(at, at), ""
    return Span(toks[0][0], toks[-1][1]), " ".join(text[toks[0][0] : toks[-1][1]].split())


def edits(a_text: str, b_text: str, passage: Passage) -> list[Edit]:
    """The word changes inside one aligned passage, in order.

    Words are compared by :func:`word_key`; punctuation at the edges of a
    change is not part of it (a clause cut and marked ``…`` is the clause
    dropped, not the clause replaced by ``…``), and a change of punctuation
    alone is none. A word cut short at either end of a passage (``the
    meas…``, ``nator announced``) is a scraper's cut too: the words past it
    are dropped, not replaced by its stub.
    """
    a, b = _tokens(a_text, passage.a), _tokens(b_text, passage.b)
    edges = _edges(a_text, a, passage.a), _edges(b_text, b, passage.b)
    matcher = SequenceMatcher(a=[word_key(w) for *_, w in a], b=[word_key(w) for *_, w in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        at_a, at_b = a[i1][0] if i1 < len(a) else passage.a.end, b[j1][0] if j1 < len(b) else passage.b.end
        for ta, tb in _pieces(_trimmed(a[i1:i2]), _trimmed(b[j1:j2]), *edges):
            if not ta and not tb or [word_key(w) for *_, w in ta] == [word_key(w) for *_, w in tb]:
                continue
            sa, old = _side(a_text, ta, at_a)
            sb, new = _side(b_text, tb, at_b)
            out.append(Edit(sa, sb, old, new, (len(ta), len(tb))))
            at_a, at_b = sa.end, sb.end
    return out


def replacements(a_text: str, b_text: str, passages: Iterable[Passage], *, max_words: int = 4,
                 gaps: bool = False) -> list[tuple[str, str]]:
    """``(old, new)`` word replacements inside aligned passages, most frequent first.

    Only short replacements (up to ``max_words`` words on each side) are
    listed: those are what a spinner does; longer changes are rewording.
    With ``gaps``, short words dropped (``("never ever", "")``) or added
    (``("", "not")``) are listed too: in a copy, each edit counts. A clause
    a scraper cut and marked with ``…`` is a drop (``("and will not be
    supported", "")``), never a replacement by ``…``: see :func:`edits`.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for p in passages:
        if p.type == "exact":
            continue
        for e in edits(a_text, b_text, p):
            if (e.kind == "replace" or gaps) and max(e.words) <= max_words:
                counts[(e.old, e.new)] += 1
    return [pair for pair, _ in counts.most_common()]
