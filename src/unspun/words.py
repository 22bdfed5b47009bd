"""What a word is, for every stage that counts words: fingerprints, alignment features, diffs.

A run of letters or digits (apostrophes kept inside: ``don't``), as ``\\w+``
finds, except in the scripts written without spaces between words: each Han
character and each kana is a word of its own there (character unigrams, the
usual unit of Chinese and Japanese text reuse), so that a Chinese copy shares
shingles and aligned sentences like an English one. Korean puts spaces
between words and is left to ``\\w``.
"""

from __future__ import annotations

import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Hiragana, katakana and the Han ideographs (with extension A and the compatibility block)."""
WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+(?:['’][^\W{CJK}]+)*")
"""One word: a Han character or kana alone, else a run of word characters with apostrophe parts."""

SOURCE_NAME = r"[A-Z][\w&.'’\-]*(?: (?:[A-Z][\w&.'’\-]*|of|the|and|de|&)){0,5}"
"""A source's name as credit lines write it (``Harbor Wire``, ``The Associated Press``, ``Voice of America``):
capitalised words, with the small words names hold between them; not a sentence."""


def cut_from(stub: str, word: str, *, at_end: bool) -> bool:
    """Whether ``stub`` is ``word`` cut mid-word, as a scraper cuts a copy: its start where the copy stops there
    (``at_end``: ``meas`` of ``measure``), its end where the copy starts there (``nator`` of ``senator``). Two
    characters at least, or a digit: one letter (``A``, the ``S`` of ``U.S``) tells nothing."""
    if stub == word or (len(stub) < 2 and not stub.isdigit()):
        return False
    return word.startswith(stub) if at_end else word.endswith(stub)


def american_spelling(word: str) -> str:
    """``word`` (lower case) in its American spelling where it has a British one (``harbour``, ``defence``,
    ``organised``, ``centre``, ``travelled``: breame's list of 1,730), else unchanged: respelling is a house
    style, not a change of wording, when two texts or two quotations are compared."""
    return _BRITISH.get(word, word)


def _british() -> dict[str, str]:
    from breame.spelling import BRITISH_ENGLISH_SPELLINGS

    return {k.lower(): v.lower() for k, v in BRITISH_ENGLISH_SPELLINGS.items()}


_BRITISH = _british()


_MARK = re.compile(r"''|[\"“”„«»]")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_PARAGRAPH_END = re.compile(r"\n[ \t\r]*\n|\n(?=[ \t]*(?:''|[\"“”„«»]))")
_BEFORE_OPENING = "([{/—–-"
_HEIGHT = re.compile(r"\d'\s?\d{1,2}\Z")
_LOWER_WORD = re.compile(r"[ \t]*-?(?!(?:said|says|told|added|asked|wrote|he|she|they|we|according)\b)[a-z]")


_SIZE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d)?\Z")
_DETERMINED = re.compile(r"\b(?i:a|an|the|one|two|three|his|her|their|its|our|my|your|this|that|new)\s+\d{1,3}(?:\.\d)?\Z")
_ACRONYM = re.compile(r"[ \t]+[A-Z0-9]*[A-Z][A-Z0-9]+\b")
_CAPITAL_WORD = re.compile(r"[ \t]+[A-Z]")


def _inch_mark(text: str, at: int, after: int, start: int) -> bool:
    """Whether the straight mark ``text[at:after]`` measures inches (``6'2"``, ``a 12" pipe``, ``12"-long``,
    ``55" TV``, ``a 15" MacBook``): after a height, or after a number before a lower-case word; before a capital,
    a number of up to three digits (no year) before an acronym, or after a determiner (QA)."""
    if at <= start or not text[at - 1].isdigit():
        return False
    if _HEIGHT.search(text, max(start, at - 5), at) or _LOWER_WORD.match(text, after):
        return True
    lo = max(start, at - 12)
    return bool((_SIZE.search(text, lo, at) and _ACRONYM.match(text, after))
                or (_DETERMINED.search(text, lo, at) and _CAPITAL_WORD.match(text, after)))


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` inside double quotation marks (straight, curly, guillemets either way round,
    and two apostrophes as some wire and newspaper texts write one), paragraph by paragraph.

    Paragraphs end at blank lines, or at every line end in a text that has no blank line (a single line end
    between blank-line paragraphs is a wrapped line, unless the next line opens with a quotation mark). A quotation left open at the end of its paragraph runs to
    that end (news reopens a long quotation at each new paragraph with an opening mark and closes it only in the
    last), and a closing mark before any opening mark in its paragraph closes a quotation that ran from the
    paragraph's start. A mark that could open or close (straight, ``»``, ``”``) opens when it stands before a word
    with a space or a bracket before it (``»Wir«``, ``”Ja”``), else closes. Outside a quotation, a straight mark
    after a height (``6'2"``) or after a number before a lower-case word (``a 12" pipe``) measures inches.
    """
    if _BLANK_LINE.search(text):  # and a line that opens with a quotation mark: a paragraph reopening a quotation
        edges = [(m.start(), m.end()) for m in _PARAGRAPH_END.finditer(text)]
    else:
        edges = [(m.start(), m.end()) for m in re.finditer("\n", text)]
    out: list[tuple[int, int]] = []
    start = 0
    for end, after in [*edges, (len(text), len(text))]:
        _quoted_in(text, start, end, out)
        start = after
    return [(a, b) for a, b in out if b - a >= 2]


def _quoted_in(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    opened: int | None = None
    opener = ""
    seen = False
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        if opened is None and mark in ('"', "''") and _inch_mark(text, m.start(), m.end(), start):
            continue
        before = text[m.start() - 1] if m.start() > start else " "
        after = text[m.end()] if m.end() < end else " "
        opening = (before.isspace() or before in _BEFORE_OPENING) and not after.isspace()
        if opened is None:
            if mark in "“„«" or opening:
                opened, opener = m.end(), mark
            elif not seen:
                out.append((start, m.start()))  # the end of a quotation reopened in this paragraph
        elif (mark in "\"''" and opener in "\"''") or mark in "”»" and opener not in "»”" or (
                mark == "«" and opener == "»") or (mark == "”" and opener == "”") or (
                mark == "“" and opener == "„") or (mark == "»" and opener == "»" and not opening):
            out.append((opened, m.start()))
            opened = None
        seen = True
    if opened is not None:
        out.append((opened, end))
