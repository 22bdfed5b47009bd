"""Invariant tokens: what spinners and rewriters keep while they change the words around it.

DSpin (Zhang et al., NDSS 2014) observed that article spinners replace words
from a synonym dictionary and leave the rest, the "immutables", untouched;
two spins of one article share most of their immutables even when they share
few word n-grams. Without a spinner's dictionary, unspun takes as immutables
the tokens that no synonym dictionary or rewriter swaps: numbers (with their
units normalised), and capitalised words that are not sentence-initial
function words: names of people, places, organisations, months and days.
"""

from __future__ import annotations

import re

# Function words and common sentence starters: capitalised only by position.
_STOP = frozenset("""
a about above after again against all also although am among an and another any are as at be
because been before being below between both but by can could did do does doing down during each
either even every few for from further had has have having he her here hers herself him himself his
how however i if in into is it its itself just last later let like many may me meanwhile might more
most much must my myself neither never next no nor not now of off on once one only or other our ours
ourselves out over own perhaps same several she should since so some still such than that the their
theirs them themselves then there these they this those though through thus to too under until up upon
us very was we were what whatever when where whether which while who whom whose why will with within
without would yet you your yours yourself according asked told said says added still despite
instead already yesterday today tomorrow mr mrs ms dr
""".split())

_TOKEN = re.compile(r"\d[\d,.:]*\d%?|\d%?|[A-Z][\w'’.-]*\w|[A-Z]")


_INITIAL = re.compile(r"(?:^|[.!?]['\"’”)]?\s+|\n\s*|[\"“‘(]\s*)$")


def immutables(text: str) -> list[str]:
    """The invariant tokens of a text, in order, lower-cased (numbers without separators).

    A capitalised word at the start of a sentence counts only if the text
    also capitalises it mid-sentence: "Leaders met" is not a name, "Xi said"
    is when Xi appears elsewhere.
    """
    found: list[tuple[str, bool]] = []
    mid: set[str] = set()
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            found.append((tok.replace(",", ""), False))
            continue
        low = tok.lower()
        if low in _STOP or len(tok) < 2 and not tok.isupper():
            continue
        start = m.start()
        if start and text[start - 1].isalnum():  # inside a word (camelCase, "McDonald")
            continue
        low = low.rstrip(".")
        initial = _INITIAL.search(text, max(0, start - 4), start) is not None
        if not initial:
            mid.add(low)
        found.append((low, initial))
    return [tok for tok, initial in found if not initial or tok in mid]


def immutable_features(tokens: list[str]) -> list[str]:
    """Features hashed into the immutables signature: the tokens and consecutive pairs.

    Pairs keep some of the order, so two reports that merely mention the same
    names score lower than a rewrite that keeps them in the same sequence.
    """
    feats = list(dict.fromkeys(tokens))
    feats.extend(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return feats
