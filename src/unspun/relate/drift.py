"""Which side of a pair drifted from the wording news uses: evidence of direction, and of siblings.

A spinner swaps a word for a synonym that breaks the phrase around it
("world frontrunners" for "world leaders", "green peace" for "lasting
peace"). In a pair that shares edited text, each one-word replacement inside
the aligned passages is read in its context on both sides, against the stock
news collocations of :mod:`unspun.spin.lexicon`: the side whose word forms
phrases news writes kept the original wording; the other side drifted.

When only one side drifted, it is the copy. When each side drifted in places
where the other kept the stock phrase, neither copies the other: both derive
from a source that the pair does not contain (two spins of one original).
Names (capitalised past a sentence start) are left out: a name for another
is a correction or another story, not a synonym. Thresholds were chosen on
SYNTHETIC families of PolNeAR **dev** articles (``bench/eval_direction.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..records import Passage

if TYPE_CHECKING:  # spin imports relate: the lexicon is loaded when drift runs
    from ..spin.lexicon import Lexicon

__all__ = ["Drift", "DriftOptions", "drift"]


@dataclass(frozen=True, slots=True)
class DriftOptions:
    gap: float = 1.5
    """How much better (natural log of the collocation counts) the stock side must fit its context."""
    stock: int = 3
    """The stock side's word must form a phrase news wrote at least this often."""
    min_each: int = 3
    """Siblings: each side drifted at least this many times ..."""
    min_share: float = 0.3
    """... and the side that drifted less did so in at least this share of the drifted places."""
    min_one_way: int = 2
    """Direction: the drifted places, all or nearly all (``one_way``) on one side, must be at least this many."""
    one_way: float = 0.8


@dataclass(frozen=True, slots=True)
class Drift:
    """The one-word replacements each side made, as ``(its odd word, the other side's stock word)``."""

    a: tuple[tuple[str, str], ...] = ()
    """Where A's word breaks a stock phrase that B keeps."""
    b: tuple[tuple[str, str], ...] = ()
    """Where B's word breaks a stock phrase that A keeps."""

    def siblings(self, o: DriftOptions = DriftOptions()) -> bool:
        """Both sides drifted, each where the other kept the stock phrase."""
        na, nb = len(self.a), len(self.b)
        return min(na, nb) >= o.min_each and min(na, nb) >= o.min_share * (na + nb)

    def drifted(self, o: DriftOptions = DriftOptions()) -> str | None:
        """``"a"`` or ``"b"`` when one side, and only it (nearly), drifted."""
        na, nb = len(self.a), len(self.b)
        if na + nb >= o.min_one_way and max(na, nb) >= o.one_way * (na + nb):
            return "a" if na > nb else "b"
        return None

    def note(self, side: str, k: int = 3) -> str:
        pairs = self.a if side == "a" else self.b
        return ", ".join(f"{odd!r} for {stock!r}" for odd, stock in pairs[:k])


def _fit(left: str | None, w: str, right: str | None, lex: Lexicon) -> int:
    """How often news writes ``w`` next to these neighbours (both adjacent pairs counted)."""
    return (lex.pair(left, w) if left else 0) + (lex.pair(w, right) if right else 0)


def drift(a_text: str, b_text: str, passages: Iterable[Passage], *, lexicon: Lexicon | None = None,
          options: DriftOptions = DriftOptions()) -> Drift:
    """The replacements inside the edited passages of a pair where one side's word breaks a stock phrase."""
    from ..spin.lexicon import FUNCTION_WORDS, TOKEN, default_lexicon

    def words(text: str) -> tuple[list[str], list[bool]]:
        """Lower-cased tokens, and whether each is capitalised past a sentence start (a name)."""
        out, named = [], []
        prev = "."
        for m in TOKEN.finditer(text):
            w = m.group()
            out.append(w.lower().replace("’", "'"))
            named.append(w[:1].isupper() and prev not in ".!?\"“‘'(:")
            prev = w
        return out, named

    def content(w: str) -> bool:
        return w.isalpha() and len(w) >= 3 and w not in FUNCTION_WORDS

    lex = lexicon or default_lexicon()
    on_a: list[tuple[str, str]] = []
    on_b: list[tuple[str, str]] = []
    for p in passages:
        if p.type == "exact":
            continue
        (a, a_named), (b, b_named) = words(p.a.of(a_text)), words(p.b.of(b_text))
        flip = b < a  # difflib's matching breaks ties by the order of its inputs: read each pair in one order
        for op, i1, i2, j1, j2 in SequenceMatcher(a=b if flip else a, b=a if flip else b,
                                                  autojunk=False).get_opcodes():
            if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
                continue
            if flip:
                i1, i2, j1, j2 = j1, j2, i1, i2
            wa, wb = a[i1], b[j1]
            if not (content(wa) and content(wb)) or wa[:4] == wb[:4]:  # inflection, spelling: not a swap
                continue
            if a_named[i1] or b_named[j1]:  # another name is a correction or another story, not a synonym
                continue
            left = a[i1 - 1] if i1 > 0 and j1 > 0 and a[i1 - 1] == b[j1 - 1] and a[i1 - 1].isalpha() else None
            right = a[i2] if i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and a[i2].isalpha() else None
            if left is None and right is None:
                continue
            fa, fb = _fit(left, wa, right, lex), _fit(left, wb, right, lex)
            gap = math.log1p(fb) - math.log1p(fa)
            if gap >= options.gap and fb >= options.stock:
                on_a.append((wa, wb))
            elif -gap >= options.gap and fa >= options.stock:
                on_b.append((wb, wa))
    return Drift(tuple(on_a), tuple(on_b))
