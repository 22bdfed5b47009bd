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
