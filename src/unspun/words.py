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
_OPENERS, _CLOSERS = "“„«", "”»"


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` inside double quotation marks (straight, curly, guillemets, and two apostrophes
    as some wire and newspaper texts write one), paragraph by paragraph (a paragraph ends at a newline).

    A quotation left open at the end of its paragraph runs to that end (news reopens a long quotation at each
    new paragraph with an opening mark and closes it only in the last), and a closing curly mark with no opening
    mark before it in its paragraph closes a quotation that ran from the paragraph's start. Straight marks open
    and close in turn; a German ``„`` is closed by ``“`` or ``”``.
    """
    out: list[tuple[int, int]] = []
    start = 0
    for para in text.split("\n"):
        end = start + len(para)
        opened: int | None = None
        opener = ""
        seen = False
        for m in _MARK.finditer(text, start, end):
            mark = m.group()
            if opened is None:
                if mark in _CLOSERS and not seen:
                    out.append((start, m.start()))  # the rest of a quotation reopened in this paragraph
                elif mark not in _CLOSERS:
                    opened, opener = m.end(), mark
            elif mark in _CLOSERS or mark == opener or (opener == "„" and mark == "“") or (
                    mark in "\"''" and opener in "\"''"):
                out.append((opened, m.start()))
                opened = None
            seen = True
        if opened is not None:
            out.append((opened, end))
        start = end + 1
    return [(a, b) for a, b in out if b - a >= 2]
