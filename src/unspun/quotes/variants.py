"""Quote variants: one utterance as the articles of a corpus word it.

Quotations of different articles are one utterance when their speakers agree
(or one side names nobody) and their wording is close, or when the pair's
aligned passages map one quotation onto the other (a spun copy that changed
words inside the quote). Each group lists its distinct wordings and which
articles use each. A group is ``altered`` when two wordings differ in words
inside the part they share: punctuation, case and trimming at either end do
not count. The likely original wording is the one carried by the most
independent sources (articles not linked by reuse count once per family),
then by the article judged original, then the earliest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..records import Quote, Relation, Span
from ..spin.lexicon import FUNCTION_WORDS
from ..words import american_spelling

REUSE = frozenset({"duplicate", "copy", "partial", "rewrite"})
_WORD = re.compile(r"\w+(?:['’]\w+)*")
MIN_WORDS = 3
"""Shorter quotations (scare quotes, one-word labels) are kept but never grouped by wording."""
CLOSE = 0.6
"""Share of the shorter wording's words that must match, in order, for two quotations to be one."""
JUDGED = 0.5
"""A relation's direction makes its source the article judged original at this confidence or more: a direction
read from publication dates alone (0.4) is no better witness of the wording than the dates themselves, which
are often wrong (a scraper stamps its own)."""
POSTINGS_CAP = 400
"""A word pair quoted more often than this (a slogan) does not propose pairs by itself."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording of an utterance and the articles that use it (``spans`` parallel to ``articles``)."""

    text: str
    articles: tuple[str, ...]
    spans: tuple[Span, ...]
    speakers: tuple[str | None, ...] = ()
    """Who each article says spoke (parallel to ``articles``)."""


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    id: str
    speaker: str | None
    variants: tuple[Variant, ...]
    altered: bool
    likely_original: int | None
    """Index into ``variants`` of the wording most likely original; None when it can't be told."""
    changes: tuple[tuple[str, str], ...] = ()
    """Words replaced between wordings, each wording read against the best-ranked one it overlaps:
    ``("dialogue", "engagement")``."""
    speakers: tuple[str, ...] = ()
    """The names the articles give its speaker when two of them are different people, by their surnames (a copy
    that gives the words to ``Michael Mann``, not ``Hans Joachim Schellnhuber``) or by their given names (``Ted
    Cruz``, ``Heidi Cruz``): one person's words given to another; empty otherwise (``Trump``, ``Donald Trump``)."""
    decided_by: str | None = None
    """What set the likely original apart from the wordings that differ from it in words: ``sources`` (more
    independent sources carry it), ``original`` (the article judged original does), ``date`` (it was published
    first); None when no wording differs in words or none is likely."""

    def articles(self) -> set[str]:
        return {a for v in self.variants for a in v.articles}


_SPLIT_NT = re.compile(r"(?<=\w) (?=n['’]t\b)")          # "ca n't" -> "can't" (tokenizer residue)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")            # "1,000" -> "1000"
_DOTTED = re.compile(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.")  # "U.S." -> "US"
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")                      # "e-mail" -> "email"
_BRACKETS = re.compile(r"\[[^\]]{0,60}\]")                  # "not Bill [Clinton]": the writer's insertion
_APOSTROPHE = re.compile(r"(?<=\w)[‘’`´](?=\w|\s|$)")       # "Trump‘s", "ISIS’" -> an apostrophe
_PERCENT = re.compile(r"\s*%|\bper cent\b")                   # "10%", "10 per cent" -> "10 percent"
_UNIT = re.compile(r"(?<=\d)(?=[a-z]{2,})")                  # "2.6million" -> "2.6 million", "10pm"
_IRREGULAR = {"can't": "can not", "won't": "will not", "shan't": "shall not", "let's": "let us", "cannot": "can not"}
_IRREGULAR_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, _IRREGULAR)) + r")\b")
_CONTRACTION = re.compile(r"(?<=\w)(n't|'ve|'re|'ll|'m|'d)\b")
_EXPANDED = {"n't": " not", "'ve": " have", "'re": " are", "'ll": " will", "'m": " am", "'d": " would"}
_HAS = re.compile(r"(?<=\w)'s(?= (?:been|got)\b)")
_IS = re.compile(r"\b(it|that|he|she|there|what|here|who|where)'s\b")
_POSSESSIVE = re.compile(r"(?<=\w)'s?\b|(?<=s)'(?=\s|$)")


KEY_WORDS = 3
"""How many of a quotation's rarest words the store keeps to find the articles that quote it (``rare_words``)."""


def rare_words(text: str, n: int = KEY_WORDS) -> list[str]:
    """The ``n`` rarest words of a quotation (by their IDF in news sentences; among words the IDF table lacks, the
    longest first, then by the word), none of a
    quotation too short to be grouped by its wording: another article that quotes the same words, or part of
    them, shares these."""
    from ..align.weights_idf import DEFAULT, IDF

    all_words = words(text)
    if len(all_words) < MIN_WORDS:
        return []
    ws = {w for w in all_words if w not in FUNCTION_WORDS and len(w) > 2}
    return sorted(ws, key=lambda w: (-IDF.get(w, DEFAULT), -len(w), w))[:n]


def words(text: str) -> tuple[str, ...]:
    """The words of a wording, with differences of tokenisation and transcription convention taken out:
    tokenizer residue, thousands separators, dotted abbreviations, hyphens, the writer's bracketed
    insertions, curly or backward apostrophes, accents, ``%`` or ``per cent`` for ``percent``, contractions (``we've`` is ``we have``, ``it's been``
    is ``it has been``) and possessives."""
    text = _BRACKETS.sub(" ", text)
    text = _APOSTROPHE.sub("'", text.replace("’", "'"))
    text = _HYPHEN.sub("", _DOTTED.sub("", _THOUSANDS.sub("", _SPLIT_NT.sub("", text))))
    text = unicodedata.normalize("NFKD", text.casefold())
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))  # "İstanbul", "Zürich"
    text = _UNIT.sub(" ", _PERCENT.sub(" percent", text))
    text = _IRREGULAR_RE.sub(lambda m: _IRREGULAR[m.group()], text)
    text = _CONTRACTION.sub(lambda m: _EXPANDED[m.group()], text)
    text = _IS.sub(r"\1 is", _HAS.sub(" has", text))
    return tuple(_WORD.findall(_POSSESSIVE.sub("", text)))


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {w: 10 * k for k, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                                          "ninety"), 2)}
_SAME_WORD = {"okay": "ok", "mister": "mr", **{w: str(k) for k, w in enumerate(_UNITS)},
              **{w: str(n) for w, n in _TENS.items()},
              **{t + u: str(n + k) for t, n in _TENS.items() for k, u in enumerate(_UNITS[1:10], 1)}}
"""Words that a house style or a transcriber writes one way or the other: ``twenty``/``20``, ``ninety-five``/``95``
(:func:`words` takes the hyphen out), ``percent``/``%``."""
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def compared(ws: Sequence[str]) -> tuple[str, ...]:
    """:func:`words` as two wordings are compared, one for one: British and American spellings as one
    (``harbour``/``harbor``, ``organise``/``organize``), numbers to ninety-nine in words or figures, ``okay`` and ``OK``: a respelling by house style is no change of wording."""
    return tuple(_SAME_WORD.get(w) or american_spelling(w) for w in ws)


def _number(ws: Sequence[str]) -> int | None:
    """The value of compared words that write one number (``11 thousand``, ``3 hundred``, ``11000``), else None."""
    total = current = 0
    seen = False
    for k, w in enumerate(ws):
        if w.isdigit() and not (seen and current % 100 and (current % 10 or int(w) > 9)):  # ``twenty one``
            current, seen = current + int(w), True
        elif w in _MULTIPLIERS and seen:
            if w == "hundred":
                current *= 100
            else:
                total, current = total + current * _MULTIPLIERS[w], 0
        elif not (w == "and" and seen and 0 < k < len(ws) - 1):
            return None
    return total + current if seen else None


_ELLIPSIS = re.compile(r"…|\.(?:\s?\.){2}")


def gaps(text: str) -> frozenset[int]:
    """Where a wording marks words left out (``…``, ``...``; also how quoted pieces side by side are joined):
    the number of :func:`words` before each mark."""
    if not _ELLIPSIS.search(text):
        return frozenset()
    return frozenset(len(words(text[: m.start()])) for m in _ELLIPSIS.finditer(text))


def changes(x: str, y: str) -> list[tuple[str, str]] | None:
    """:func:`inner_changes` of two wordings as written: words left out where one marks an ellipsis are trimming."""
    return inner_changes(words(x), words(y), gaps(x), gaps(y))


def surname(name: str | None) -> str | None:
    """The last capitalised word of a speaker's name, case-folded; None for a speaker that names no one (``the
    mayor``, ``a spokesman``, an unresolved ``he``): a described speaker can be anyone named elsewhere, so it
    neither agrees nor disagrees with a name (QA: ``the mayor`` kept an independent report's identical quotation
    of the named mayor out of its group)."""
    if not name:
        return None
    # a description or a pronoun that opens its sentence is capitalised too (``The mayor said: "..."``, ``He
    # said``): its first word names no one
    # a possessive names someone else: ``Obama's former campaign strategist`` is no Obama (QA: such a speaker kept
    # the same quotation of the named Axelrod, one word changed, out of its group, so nothing was called altered)
    parts = [p for p in _WORD.findall(name) if p[:1].isupper() and p.casefold() not in _UNNAMING
             and not _POSSESSIVE_NAME.search(p)]
    return parts[-1].casefold() if parts else None


_POSSESSIVE_NAME = re.compile(r"['’]s$")
_UNNAMING = frozenset("the a an this that these those its his her their our my your one another some "
                      "he she they we i it you who".split())
"""Capitalised words of a speaker that name no one: a determiner or a pronoun at the start of a sentence."""


def _speakers_agree(x: Quote, y: Quote) -> bool:
    sx, sy = surname(x.speaker), surname(y.speaker)
    return sx is None or sy is None or sx == sy


def _matched(u: Sequence[str], v: Sequence[str]) -> int:
    return sum(b.size for b in SequenceMatcher(None, u, v, autojunk=False).get_matching_blocks())


def inner_changes(u: Sequence[str], v: Sequence[str], gaps_u: frozenset[int] = frozenset(),
                  gaps_v: frozenset[int] = frozenset()) -> list[tuple[str, str]] | None:
    """Word changes between two wordings inside the part they share; None when they share too little to compare.

    The shared part runs from the first to the last run of two or more words
    that both wordings have (one word for wordings of up to four words). Words
    only one side has before or after it are trimming, unless the other side
    alone has them elsewhere (a word moved to the edge). A few words replaced
    one for a few right at either end (``stop waiting`` / ``stop ready``, also
    after a first word both keep: ``we will win`` / ``we shall prevail in``)
    are a change. When both sides go on with other words beyond the shared part
    (two sentences of one speech that start alike: ``we're going to build a
    wall. It's going to ...`` / ``... a wall. Who's going to pay ...``), a
    short run at that end is a coincidence, not shared wording: the shared
    part stops before it and the change next to it. When the runs left leave
    most of either side unmatched, the wordings are different extracts that
    happen to share a phrase or two, not one wording altered: None. So are
    wordings of over four words that share fewer than four. Words that one
    side leaves out where it marks an ellipsis (``gaps_u``, ``gaps_v``: word
    counts before each mark, see :func:`gaps`) are trimming too. A word dropped
    and a word added a few words apart (a word moved, or replaced where a
    translation put it elsewhere) are one change over the words between them
    (``really like this plan`` / ``like this plan a lot``): see :func:`_paired`.
    """
    shown_u, shown_v = u, v
    u, v = compared(u), compared(v)
    ops = SequenceMatcher(None, u, v, autojunk=False).get_opcodes()
    if sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") < 2:
        return None
    least = 1 if max(len(u), len(v)) <= 4 else 2
    solid = [k for k, (tag, i1, i2, _, _) in enumerate(ops) if tag == "equal" and i2 - i1 >= least]
    if not solid:
        return None
    first, last = solid[0], solid[-1]
    moved = _moved_to_an_end(ops, u, v, gaps_u, gaps_v)
    # an ellipsis inside either end sets the other quoted piece apart (see :func:`_cut_at_gaps`), where the two
    # share a run long enough to be one utterance (a slogan or a stock phrase of four words is not)
    cut = sum(i2 - i1 for tag, i1, i2, _, _ in ops[first : last + 1] if tag == "equal") >= _CUT_SHARED
    head = _end_change(_cut_at_gaps(ops[:first], u, v, gaps_u, gaps_v, True), True, moved) if cut else None
    tail = _end_change(_cut_at_gaps(ops[last + 1 :], u, v, gaps_u, gaps_v, False), False, moved) if cut else None
    if head is None:
        head = _end_change(ops[:first], True, moved)
    if tail is None:
        tail = _end_change(ops[last + 1 :], False, moved)
    if head is None:  # the wordings diverge before the shared part: it must start with a real run
        first = next((k for k in solid if ops[k][2] - ops[k][1] >= _ANCHOR), None)
        head = []
    if tail is None:
        last = next((k for k in reversed(solid) if ops[k][2] - ops[k][1] >= _ANCHOR), None)
        tail = []
    if first is None or last is None or first > last:
        return None
    core = ops[first : last + 1]
    if least > 1 and sum(i2 - i1 for tag, i1, i2, _, _ in (*head, *core, *tail) if tag == "equal") < _ANCHOR:
        return None  # three words in common ("radical Islamic terrorism") are a phrase, not one wording
    core = [("gap", *op[1:]) if (op[0] == "delete" and op[3] in gaps_v) or (op[0] == "insert" and op[1] in gaps_u)
            else op for op in core]  # trimming at an ellipsis: no change, and nothing to pair a change across
    for side in (1, 3):  # the shared part must be mostly shared on both sides
        span = sum(op[side + 1] - op[side] for op in core if op[0] != "gap")
        shared = sum(op[side + 1] - op[side] for op in core if op[0] == "equal")
        if shared < 0.5 * span:
            return None
    return [(" ".join(shown_u[i1:i2]), " ".join(shown_v[j1:j2]))
            for tag, i1, i2, j1, j2 in _paired([*head, *core, *tail], u, v) if tag not in ("equal", "gap")
            and "".join(u[i1:i2]) != "".join(v[j1:j2])  # ``slow-moving`` / ``slow moving``: written apart
            and (_number(u[i1:i2]) is None or _number(u[i1:i2]) != _number(v[j1:j2]))]  # ``eleven thousand``


NEAR = 3
"""Words kept in between that a word dropped and a word added on either side of them may be apart and still be
one change: ``really like this plan`` / ``like this plan a lot`` changed ``really`` to ``a lot``, not dropped
one word and added another."""
MOVED = 8
"""Words kept in between that a word may be moved over (dropped here, added there) and be one change."""


def _paired(ops: list, u: Sequence[str], v: Sequence[str]) -> list:
    """The ops with each word dropped and word added that are one change merged, with the words kept between
    them, into one ``replace``: a difference matcher pairs a word only where it stands, so a word moved (``just
    like us`` / ``like us just``) or replaced a few words off (a translation's word order) reads as a word
    added and another dropped; a ``(none) → new`` is left only where nothing was replaced."""
    merged: list[tuple[int, int]] = []
    for p, q in sorted(_pairs(ops, u, v)):
        if merged and p <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(q, merged[-1][1]))
        else:
            merged.append((p, q))
    out, k = [], 0
    for p, q in merged:
        out.extend(ops[k:p])
        out.append(("replace", ops[p][1], ops[q][2], ops[p][3], ops[q][4]))
        k = q + 1
    return out + ops[k:]


def _pairs(ops: list, u: Sequence[str], v: Sequence[str]) -> list[tuple[int, int]]:
    """Indices of a ``delete`` and an ``insert`` op that are one change: at most :data:`NEAR` words apart, or
    :data:`MOVED` apart when one is the other moved (they share a word); never across a ``gap`` (trimming)."""
    one_sided = [k for k, op in enumerate(ops) if op[0] in ("delete", "insert")]
    out = []
    for x, p in enumerate(one_sided):
        for q in one_sided[x + 1 :]:
            between = ops[p + 1 : q]
            if ops[p][0] == ops[q][0] or any(op[0] == "gap" for op in between):
                continue
            apart = sum(op[2] - op[1] for op in between if op[0] == "equal")
            dropped, added = (ops[p], ops[q]) if ops[p][0] == "delete" else (ops[q], ops[p])
            moved = not set(u[dropped[1] : dropped[2]]).isdisjoint(v[added[3] : added[4]])
            if apart <= NEAR or (apart <= MOVED and moved):
                out.append((p, q))
    return out


def _cut_at_gaps(ops: list, u: Sequence[str], v: Sequence[str], gaps_u: frozenset[int], gaps_v: frozenset[int],
                 head: bool) -> list:
    """The ops of one end (before the shared part when ``head``, else after it) with the words beyond an
    ellipsis that one side marks inside that end set apart as that side's own, at the outer edge: they are
    another quoted piece, which the other side did not quote (trimming), not words it replaced. So
    ``... and our military … I mean, there's ...`` / ``... and our armed forces`` changed ``military``
    (QA: the words after the ellipsis made the two ends diverge, and the changed word read as trimming)."""
    if not ops:
        return ops
    u0, u1, v0, v1 = ops[0][1], ops[-1][2], ops[0][3], ops[-1][4]
    inside_u = [g for g in gaps_u if u0 < g < u1]
    inside_v = [g for g in gaps_v if v0 < g < v1]
    if not inside_u and not inside_v:
        return ops
    if head:
        cu, cv = max(inside_u, default=u0), max(inside_v, default=v0)
        inner = [(tag, i1 + cu, i2 + cu, j1 + cv, j2 + cv) for tag, i1, i2, j1, j2
                 in SequenceMatcher(None, u[cu:u1], v[cv:v1], autojunk=False).get_opcodes()]
        outer = [op for op in (("delete", u0, cu, v0, v0), ("insert", cu, cu, v0, cv)) if op[2] > op[1] or op[4] > op[3]]
        return outer + inner
    cu, cv = min(inside_u, default=u1), min(inside_v, default=v1)
    inner = [(tag, i1 + u0, i2 + u0, j1 + v0, j2 + v0) for tag, i1, i2, j1, j2
             in SequenceMatcher(None, u[u0:cu], v[v0:cv], autojunk=False).get_opcodes()]
    outer = [op for op in (("insert", cu, cu, cv, v1), ("delete", cu, u1, v1, v1)) if op[2] > op[1] or op[4] > op[3]]
    return inner + outer


_CUT_SHARED = 6
"""Words two wordings must share inside their shared part for an ellipsis at one end to set the other quoted piece
apart (QA on PolNeAR: with four, ``make America great again`` and ``prepared to take on`` made different
utterances altered)."""
_ANCHOR = 4
"""Words in a row that a shared part must start (or end) with where the two wordings diverge beyond it."""


def _moved_to_an_end(ops: list, u: Sequence[str], v: Sequence[str], gaps_u: frozenset[int],
                     gaps_v: frozenset[int]) -> list:
    """The ops at either end that only one side has, whose words the other side alone has elsewhere, with no
    ellipsis between: words moved to the edge (``soon we will act`` / ``we will act soon``), not trimming."""
    def alone(op: tuple) -> tuple[str, ...]:
        return tuple(u[op[1] : op[2]]) if op[0] == "delete" else tuple(v[op[3] : op[4]])

    def across(a: tuple, b: tuple) -> bool:
        return any(min(a[k], b[k]) < g < max(a[k + 1], b[k + 1]) for k, gs in ((1, gaps_u), (3, gaps_v)) for g in gs)

    one_sided = [op for op in ops if op[0] in ("insert", "delete")]
    return [op for op in (ops[0], ops[-1]) if op in one_sided
            and any(o[0] != op[0] and alone(o) == alone(op) and not across(o, op) for o in one_sided)]


def _end_change(ops: list, head: bool, moved: Sequence = ()) -> list | None:
    """What the ops before (``head``) or after the shared part are: ``[]`` trimming (only one side has words
    there, once what one side alone has at the outer end is dropped, unless it was ``moved`` there), the ops of
    a change (a few words, at most three, on both sides, counting only the words replaced where both wordings
    start or end alike: ``we will win`` / ``we shall prevail in``; or as many on each side, swapped one for one
    around words both keep), or None: both sides go on with words of their own (they diverge)."""
    ops, edge = list(ops), 0 if head else -1
    trimmed = False
    while ops and ops[edge][0] in ("insert", "delete") and ops[edge] not in moved:
        ops.pop(edge)
        trimmed = True
    nu = sum(i2 - i1 for _, i1, i2, _, _ in ops)
    nv = sum(j2 - j1 for _, _, _, j1, j2 in ops)
    if min(nu, nv) == 0:
        return ops if any(op in moved for op in ops) else []
    same = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    kept = same if ops[edge][0] == "equal" and not trimmed else 0  # both wordings start (or end) alike
    # a few words replaced, or words swapped one for one in place around words kept (a spinner's work)
    return ops if max(nu, nv) - kept <= 3 or (nu == nv and same >= nu / 3) else None


class _Union:
    """Union-find whose groups keep the surnames of their named speakers: two named speakers never merge."""

    def __init__(self, names: Mapping | None = None) -> None:
        self.parent: dict = {}
        self.names: dict = {}
        self._of = names or {}

    def find(self, x):
        if x not in self.parent:
            self.parent[x] = x
            name = self._of.get(x)
            self.names[x] = {name} if name else set()
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x, y, *, force: bool = False) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx == ry or (not force and len(self.names[rx] | self.names[ry]) > 1):
            return
        keep, gone = min(rx, ry), max(rx, ry)
        self.parent[gone] = keep
        self.names[keep] |= self.names.pop(gone)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _joins(u: Sequence[str], v: Sequence[str], *, same_speaker: bool = False) -> bool:
    """One utterance: most of the shorter wording matches, mostly as one run (not scattered stock phrases), and
    the words they share hold two content words, or six words in a row (``as we know it`` or ``is no longer`` is
    a phrase anyone says), unless one named speaker says the whole of the shorter one in both (``Lock her up``)."""
    blocks = SequenceMatcher(None, u, v, autojunk=False).get_matching_blocks()
    shorter = min(len(u), len(v))
    run = max(b.size for b in blocks)
    matched = sum(b.size for b in blocks)
    if matched < CLOSE * shorter or run < max(MIN_WORDS, 0.5 * shorter):
        return False
    return (run >= 6 or (same_speaker and run == shorter)
            or sum(w not in FUNCTION_WORDS for b in blocks for w in u[b.a : b.a + b.size]) >= 2)


def _by_wording(keys: list[tuple[str, int]], quotes: Mapping, toks: Mapping, union: _Union) -> None:
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, key in enumerate(keys):
        w = toks[key]
        if len(w) >= MIN_WORDS:
            for bigram in set(zip(w, w[1:])):
                postings[bigram].append(k)
    shared: Counter[tuple[int, int]] = Counter()
    for ks in postings.values():
        if 2 <= len(ks) <= POSTINGS_CAP:
            for i, x in enumerate(ks):
                for y in ks[i + 1:]:
                    if keys[x][0] != keys[y][0]:
                        shared[(x, y)] += 1
    for (x, y), n in sorted(shared.items()):  # in the quotations' order: a join can bar a later one (two named
        kx, ky = keys[x], keys[y]                # speakers never merge), so set order (the hash seed) must not decide
        u, v = toks[kx], toks[ky]
        if n >= max(2, 0.3 * (min(len(u), len(v)) - 1)) and _speakers_agree(quotes[kx], quotes[ky]):
            sx = surname(quotes[kx].speaker)
            if _joins(u, v, same_speaker=sx is not None and sx == surname(quotes[ky].speaker)):
                union.join(kx, ky)


def _by_alignment(relations: Iterable[Relation], per_article: Mapping[str, list], union: _Union) -> None:
    """Join the quotations that a reuse relation's passages map onto each other.

    A quotation inside one passage maps onto the quotation at the same place in
    the passage's other side. A quotation of several sentences is often aligned
    sentence by sentence, over several passages, none holding half of it (a
    spinner changes words in each): it maps onto the quotation of the other side
    that those passages' other sides hold most of.
    """
    for r in relations:
        if r.kind not in REUSE or r.a not in per_article or r.b not in per_article:
            continue
        for ka, x in per_article[r.a]:
            size = x.span.end - x.span.start
            over = [(_overlap(x.span, p.a), p) for p in r.passages]
            over = [(n, p) for n, p in over if n > 0]
            if not over or sum(n for n, _ in over) < 0.5 * size:
                continue
            n, p = max(over, key=lambda t: t[0])
            if n >= 0.5 * size:  # one passage holds most of it
                qb = [(k, q) for k, q in per_article[r.b] if _overlap(q.span, p.b) >= 0.5 * (q.span.end - q.span.start)]
                rel_a = (x.span.start - p.a.start) / max(p.a.end - p.a.start, 1)
                near = [(abs((y.span.start - p.b.start) / max(p.b.end - p.b.start, 1) - rel_a), kb, y)
                        for kb, y in qb]
                near = [t for t in near if t[0] < 0.25]
            else:  # spread over passages: the other side's quotation their other sides hold most of, when it
                # holds most of what they map x onto (not another speaker's quotation set among them)
                mapped = sum(n / max(q.a.end - q.a.start, 1) * (q.b.end - q.b.start) for n, q in over)
                held = [(sum(_overlap(y.span, q.b) for _, q in over), kb, y) for kb, y in per_article[r.b]]
                near = [(-h, kb, y) for h, kb, y in held if h >= 0.5 * (y.span.end - y.span.start)
                        and h >= 0.5 * mapped]
            if not near:
                continue
            _, kb, y = min(near, key=lambda t: t[0])  # the one quotation at the same place, not every nearby one
            if _speakers_agree(x, y) or _matched(words(x.text), words(y.text)) >= 2:
                union.join(ka, kb, force=True)  # the alignment maps one onto the other: a spun name too


RELATED_WORDS = 8
"""A quotation at least this long, worded alike in two articles that share text, is one utterance whoever each
names as its speaker."""


def _by_related_wording(relations: Iterable[Relation], per_article: Mapping[str, list], toks: Mapping,
                        union: _Union) -> None:
    """Join the long quotations worded alike in two articles of a reuse relation, even where the two name
    different speakers and no passage maps one onto the other (a copy that gives a quotation to someone else
    rewrites the attribution around it, and that sentence may align with nothing): one article took the words
    from the other, so the speakers it names are what differs."""
    grams: dict[tuple[str, int], set[tuple[str, ...]]] = {}

    def trigrams(k: tuple[str, int]) -> set[tuple[str, ...]]:
        if k not in grams:
            w = toks[k]
            grams[k] = {tuple(w[i : i + 3]) for i in range(len(w) - 2)}
        return grams[k]

    for r in relations:
        if r.kind not in REUSE or r.a not in per_article or r.b not in per_article:
            continue
        index: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
        for kb, _ in per_article[r.b]:
            if len(toks[kb]) >= RELATED_WORDS:
                for g in trigrams(kb):
                    index[g].append(kb)
        for ka, _ in per_article[r.a]:
            if len(toks[ka]) < RELATED_WORDS:
                continue
            near = {kb for g in trigrams(ka) for kb in index.get(g, ())}  # worded alike: they share three words
            for kb in sorted(near):
                if _joins(toks[ka], toks[kb]):
                    union.join(ka, kb, force=True)


def _independent_sources(articles: Iterable[str], family: Mapping[str, str]) -> int:
    return len({family.get(a, a) for a in articles})


def quote_groups(quotes: Iterable[tuple[str, Quote]], relations: Sequence[Relation] = (), *,
                 published: Mapping[str, str | None] | None = None) -> list[QuoteGroup]:
    """Group the corpus's quotations into utterances; largest first, then by id.

    ``quotes`` are ``(article_id, Quote)``; ``relations`` (with directions
    resolved, as ``export.relations`` gives them) link spun copies' quotes and
    say which articles are independent and which is original.
    """
    published = published or {}
    per_article: dict[str, list[tuple[tuple[str, int], Quote]]] = defaultdict(list)
    all_quotes: dict[tuple[str, int], Quote] = {}
    for aid, q in quotes:
        key = (aid, len(per_article[aid]))
        per_article[aid].append((key, q))
        all_quotes[key] = q
    toks = {k: words(q.text) for k, q in all_quotes.items()}
    union = _Union({k: surname(q.speaker) for k, q in all_quotes.items()})
    keys = list(all_quotes)
    _by_wording(keys, all_quotes, toks, union)
    _by_alignment(relations, per_article, union)
    _by_related_wording(relations, per_article, toks, union)

    fam = _Union()
    derived, sources, undecided = set(), set(), set()
    for r in relations:
        if r.kind in REUSE:
            fam.join(r.a, r.b)
            if r.direction in ("a->b", "b->a") and r.confidence >= JUDGED:
                src, dst = (r.a, r.b) if r.direction == "a->b" else (r.b, r.a)
                sources.add(src)
                derived.add(dst)
            elif r.direction == "unknown":
                undecided.update((r.a, r.b))  # either side may be the other's source
    family = {a: fam.find(a) for a in fam.parent}
    # an article reused by others is judged original only when no reuse pair of it leaves open that the other
    # side is its source: a spin stamped earlier than its original is the source of its own spins, not theirs
    originals = sources - derived - undecided

    members: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for k in keys:
        members[union.find(k)].append(k)
    groups = [_group(ks, all_quotes, toks, family, originals, published) for ks in members.values()]
    groups.sort(key=lambda g: (-len(g.articles()), g.id))
    return groups


def _group(ks: list[tuple[str, int]], quotes: Mapping, toks: Mapping, family: Mapping[str, str],
           originals: set[str], published: Mapping[str, str | None]) -> QuoteGroup:
    ks = sorted(ks)
    by_wording: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for k in ks:
        by_wording.setdefault(toks[k], []).append(k)
    variants = []
    for wording, uses in by_wording.items():
        seen: dict[str, Span] = {}
        said: dict[str, str | None] = {}
        for aid, n in uses:
            seen.setdefault(aid, quotes[(aid, n)].span)
            said.setdefault(aid, quotes[(aid, n)].speaker)
        variants.append((wording, Variant(quotes[uses[0]].text, tuple(seen), tuple(seen.values()),
                                          tuple(said.values()))))

    # A wording is supported by every wording that agrees with it up to trimming (a shorter extract, or
    # the same words quoted in two pieces): those sources back its words too.
    def diff(x: tuple, y: tuple) -> list[tuple[str, str]] | None:
        return inner_changes(x[0], y[0], gaps(x[1].text), gaps(y[1].text))

    consistent = [[j for j, y in enumerate(variants) if j == i or diff(x, y) == []]
                  for i, x in enumerate(variants)]

    def rank(i: int) -> tuple:
        v = variants[i][1]
        backers = {a for j in consistent[i] for a in variants[j][1].articles}
        dates = [published.get(a) or "9999" for a in v.articles]
        return (-_independent_sources(backers, family), -any(a in originals for a in backers),
                min(dates), -len(variants[i][0]), -len(v.articles), v.text)

    order = sorted(range(len(variants)), key=rank)
    # a trimming of the first wording, backed as well, never stands for the words it left out: the fullest one does
    # (backed as well, and no wording that conflicts with it ranks as high: a longer but later wording does not
    # overtake an earlier one that words the rest otherwise)
    def unrivalled(j: int) -> bool:
        return not any(k != j and rank(k)[:3] <= rank(j)[:3] and diff(variants[j], variants[k])
                       for k in range(len(variants)))

    fullest = max((j for j in consistent[order[0]]
                   if j == order[0] or (rank(j)[:2] == rank(order[0])[:2] and unrivalled(j))),
                  key=lambda j: (len(variants[j][0]), -order.index(j)))
    order.remove(fullest)
    order.insert(0, fullest)
    ranks = [rank(i) for i in order]
    variants = [variants[i] for i in order]
    altered, changed = False, []
    for i, y in enumerate(variants):
        diffs = [diff(x, y) for x in variants[:i]]
        altered = altered or any(diffs)
        against = next((d for d in diffs if d), None)  # the best-ranked wording it differs from in words
        changed.extend(against or [])
    # Undecided only when a wording that conflicts with the first (not a trimming of it) ranks as high.
    tied = [j for j in range(1, len(variants)) if ranks[j][:3] == ranks[0][:3]
            and diff(variants[0], variants[j])]
    likely = None if tied else 0
    decided_by = None
    if likely is not None:
        rivals = [r for j, r in enumerate(ranks[1:], 1) if diff(variants[0], variants[j])]
        tier = max((next(k for k in range(3) if r[k] != ranks[0][k]) for r in rivals), default=None)
        decided_by = None if tier is None else ("sources", "original", "date")[tier]
    speakers = [quotes[k].speaker for k in ks if quotes[k].speaker]
    speaker = max(set(speakers), key=lambda s: (speakers.count(s), len(s), s)) if speakers else None
    named = sorted({s for s in speakers if s[:1].isupper()}, key=lambda s: (-speakers.count(s), s))
    given = {g for g in map(_given_name, named) if g is not None}
    full = {surname(s) for s in named if _full_name(s)}
    # a surname alone that articles of two reuse families name (news names a speaker by surname after the first
    # mention) is as sure a name as a full one: ``McAuliffe`` in two independent reports, ``Attorney General Mark
    # Herring`` in a copy is one man's words given to another (QA: shown only as ``speaker named``)
    bare: dict[str | None, set[str]] = defaultdict(set)
    for k in ks:
        s = quotes[k].speaker
        if s and s[:1].isupper() and not _full_name(s):
            bare[surname(s)].add(family.get(k[0], k[0]))
    full |= {n for n, fams in bare.items() if n is not None and len(fams) > 1}
    differ = tuple(named) if len(given) > 1 or len(full) > 1 else ()
    gid = "q" + hashlib.blake2b(f"{ks[0][0]}:{quotes[ks[0]].span.start}".encode(), digest_size=6).hexdigest()
    return QuoteGroup(gid, speaker, tuple(v for _, v in variants), altered, likely,
                      tuple(dict.fromkeys(changed)), differ, decided_by)


def _full_name(name: str) -> bool:
    """A name and a surname at least (``Michael Mann``, ``Sen. Ted Cruz``): two such with different surnames are
    two people; a surname alone, or a word a speaker finder took for one (``Upset``), tells too little."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() and w.rstrip(".").isalpha() for w in words[-2:]) \
        and len(words[-2].rstrip(".")) > 1


def _given_name(name: str) -> str | None:
    """The given name before a speaker's surname when it is a common one (``Ted`` in ``Sen. Ted Cruz``,
    ``Mitch`` in ``Senate Majority Leader Mitch McConnell``), else None: two different ones in one group
    (``Ted Cruz``, ``Heidi Cruz``) give one person's words to another."""
    from .people import _FEMALE, _MALE

    words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.", w)]
    return words[-2] if len(words) >= 2 and (words[-2] in _MALE or words[-2] in _FEMALE) else None


def group_json(g: QuoteGroup) -> dict:
    """A group as the ``quotes`` entries of ``unspun.export/1``."""
    return {"id": g.id, "speaker": g.speaker, "altered": g.altered, "likely_original": g.likely_original,
            "likely_original_by": g.decided_by,
            "variants": [{"text": v.text, "articles": list(v.articles), "spans": [[s.start, s.end] for s in v.spans],
                          "speakers": list(v.speakers)} for v in g.variants],
            "changes": [{"from": a, "to": b} for a, b in g.changes],
            "speakers_differ": list(g.speakers)}


def quote_direction(relations: Sequence[Relation], groups: Sequence[QuoteGroup]) -> list[Relation]:
    """Give a direction to reuse pairs still ``unknown`` from how they word a shared quotation.

    When a quotation's likely original wording is known (carried by more
    independent sources) and one side of a pair keeps it while the other
    changed words inside it, the side that kept it is nearer the original.
    When each side keeps one quotation the other changed, the pair is
    ``common``: siblings, each reworded its own part of a source not in the
    pair (two human rewrites of one wire story, say).
    """
    from dataclasses import replace

    votes: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for g in groups:
        if not g.altered or g.likely_original is None or g.decided_by != "sources":
            continue  # a wording picked by date or by the article judged original says nothing of direction
        kept = g.variants[g.likely_original]
        for v in g.variants:
            if v is kept:
                continue
            diff = changes(kept.text, v.text)
            if not diff:
                continue
            note = "; ".join(f"\u201c{x}\u201d \u2192 \u201c{y}\u201d" for x, y in diff[:3])
            for src in kept.articles:
                for dst in v.articles:
                    votes[(src, dst)].append((g.id, note))
    out = []
    for r in relations:
        if r.kind in REUSE and r.direction == "unknown":
            ab, ba = votes.get((r.a, r.b), []), votes.get((r.b, r.a), [])
            if bool(ab) != bool(ba):
                (gid, note), side = (ab[0], "A") if ab else (ba[0], "B")
                other = "B" if side == "A" else "A"
                r = replace(r, direction="a->b" if ab else "b->a", confidence=0.6,
                            evidence=(f"{side} keeps the wording of quotation {gid} that independent sources carry; "
                                      f"{other} changed words in it ({note})", *r.evidence))
            elif ab and ba and {g for g, _ in ab}.isdisjoint(g for g, _ in ba):
                # each side keeps a quotation's sourced wording that the other changed: neither copies the other
                r = replace(r, direction="common", confidence=0.5, evidence=(
                    f"each side changed a quotation that the other keeps as independent sources carry it: B changed "
                    f"{ab[0][0]} ({ab[0][1]}), A changed {ba[0][0]} ({ba[0][1]}); both derive from a source not in "
                    "the pair", *r.evidence))
        out.append(r)
    return out
