"""Word-level diff of a rewrite: which words were replaced by which."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from ..records import Passage
from ..words import WORD

_WORD = re.compile(rf"{WORD.pattern}|[^\w\s]")
"""A word (a Han character alone: see unspun.words) or a punctuation mark."""
_QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00ad": None})


def word_key(word: str) -> str:
    """A word as compared: case and the style of apostrophes and quotation marks do not make a change."""
    return word.lower().translate(_QUOTE_MARKS)


def replacements(a_text: str, b_text: str, passages: Iterable[Passage], *, max_words: int = 4,
                 gaps: bool = False) -> list[tuple[str, str]]:
    """``(old, new)`` word replacements inside aligned passages, most frequent first.

    Only short replacements (up to ``max_words`` words on each side) are
    listed: those are what a spinner does; longer changes are rewording.
    With ``gaps``, short words dropped (``("never ever", "")``) or added
    (``("", "not")``) are listed too: in a copy, each edit counts.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for p in passages:
        if p.type == "exact":
            continue
        a = _WORD.findall(p.a.of(a_text))
        b = _WORD.findall(p.b.of(b_text))
        matcher = SequenceMatcher(a=[word_key(w) for w in a], b=[word_key(w) for w in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if (op == "replace" or (gaps and op in ("delete", "insert"))) and i2 - i1 <= max_words \
                    and j2 - j1 <= max_words:
                old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
                if word_key(old) != word_key(new) and any(c.isalnum() for c in old + new):
                    counts[(old, new)] += 1
    return [pair for pair, _ in counts.most_common()]
