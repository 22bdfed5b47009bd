"""How a rewrite was made, from its aligned passages: machine spin, editorial rewrite or translation round trip.

A machine spinner (SpinBot and the like) walks the text word by word and
swaps content words for thesaurus synonyms: every sentence survives, in the
same order, about as long as before, its function words and word order
untouched, and the new words make pairs news never writes. An editor
restructures: sentences dropped, condensed, split, joined, moved, new
material added, and some sentences (quotations above all) left word for
word. A translation there and back keeps names, numbers, sentence order and
one sentence for each sentence, but changes function words and word order
in nearly every sentence, quotations included, and normalises idioms.

:func:`rewrite_signals` measures these over the relation's passages (token
alignment inside each passage with :class:`difflib.SequenceMatcher`);
:func:`rewrite_spin` turns them into a verdict, a machine-spin score and the
passages and words behind it. Weights and thresholds were chosen on
SYNTHETIC rewrites of PolNeAR **dev** articles (``bench/eval_spin.py``).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..records import Passage, Relation, Span, covered_chars
from ..relate.diff import word_key
from ..words import american_spelling
from .lexicon import FUNCTION_WORDS, Lexicon, default_lexicon

__all__ = ["RewriteSignals", "RewriteSpin", "VerdictOptions", "evidence", "inner_coverage", "judge_pair", "quotes_kept",
           "rewrite_signals", "rewrite_spin", "rewrite_verdict"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class RewriteSignals:
    """What the passages of a rewrite pair show, each a share 0..1 unless said."""

    order: float
    """Share of the aligned passages in the same order on both sides (longest increasing run)."""
    coverage: float
    """The smaller side's share of its text inside aligned passages, counted from the start of the text to the last
    sentence a strong passage reaches (:func:`inner_coverage`): new material, cuts in between and a cut head lower
    it, a cut tail does not."""
    length_ratio: float
    """Words of B's aligned passages over A's (1.0: same length)."""
    kept: float
    """Share of A's aligned words kept in place."""
    swapped: float
    """Share of A's aligned words replaced one for one, in place (same number of words)."""
    function_changed: float
    """Share of A's function words changed, dropped or moved."""
    reordered: float
    """Share of A's aligned words found in B's passage but out of order."""
    names_kept: float
    """Share of A's capitalised names and numbers found again in B's passage."""
    rare_new: float
    """Share of the words swapped in that are rare in news (``rare_synonym`` in :mod:`.flags`)."""
    restructured: float = 0.0
    """Share of the aligned passages (quotes included) where one sentence became two, or two one."""
    verbatim: float = 0.0
    """Share of A's aligned words (quotes included) in passages B repeats word for word."""
    whole_coverage: float = 0.0
    """The smaller side's share of its whole text inside aligned passages (``min(coverage_a, coverage_b)``)."""
    quoted: int = 0
    """Words of A's direct quotations inside its aligned passages (:func:`quotes_kept`)."""
    quotes_kept: float = 0.0
    """Share of those quoted words that B repeats word for word (0 when ``quoted`` is 0)."""
    swaps: int | None = None
    """How many words were swapped one for one (``swapped`` counts them as a share); None: not counted."""


@dataclass(frozen=True, slots=True)
class RewriteSpin:
    """The verdict on one rewrite pair and what it rests on."""

    verdict: str
    """``machine_spin``, ``editorial_rewrite`` or ``translation_round_trip``."""
    score: float
    """0..1: how much the pair looks machine-spun."""
    spans: tuple[tuple[Span, Span], ...]
    """Passages (span in A, span in B) where words were swapped one for one."""
    replaced: tuple[tuple[str, str], ...]
    """``(old, new)`` words swapped one for one, in text order (at most ``VerdictOptions.max_replaced``)."""
    signals: RewriteSignals | None = None
    source: str = "a"
    """The side taken for the source, ``a`` or ``b`` (see :func:`judge_pair`); the swapped words read from it."""


@dataclass(frozen=True, slots=True)
class VerdictOptions:
    """Score weights and verdict thresholds (chosen on SYNTHETIC PolNeAR dev pairs)."""

    weights: tuple[tuple[str, float], ...] = (
        ("order", 7.111), ("coverage", 8.968), ("kept_or_swapped", 8.618), ("swapped", 12.062),
        ("function_changed", -18.409), ("reordered", -1.243), ("rare_new", 1.747))
    """Class-balanced logistic regression of spins (all strengths, and spins set against a truncated copy) against
    editorial rewrites and round trips, SYNTHETIC PolNeAR dev pairs; its strength (C=30) chosen by cross-validation
    over articles (``python bench/eval_spin.py --fit``)."""
    intercept: float = -23.979
    spin: float = 0.5
    """Score at or above which the verdict is ``machine_spin`` ..."""
    min_swapped: float = 0.01
    """... provided at least this share of the aligned words were swapped one for one: a copy with a word or two
    changed is not spun, whatever its structure (the lightest SYNTHETIC dev spins swap 0.018 of their words)."""
    min_swaps: int = 3
    """... and at least this many words: in a brief of 100 words one word changed is a share of 0.01 (QA: a copy
    that wrote ``evening`` for ``night`` was called a machine spin)."""
    round_trip_order: float = 0.8
    """A round trip keeps sentence order at least this much ..."""
    round_trip_coverage: float = 0.7
    """... covers this much of both sides, whole (``whole_coverage``: a translation goes through the whole text, so
    a part of one paraphrased sentence by sentence is no round trip; a design choice, set with the threshold on
    SYNTHETIC dev round trips) ..."""
    round_trip_function: float = 0.03
    """... changes at least this share of function words (or reorders as many words) ..."""
    round_trip_restructured: float = 0.15
    """... splits or joins sentences in at most this share of the passages (SYNTHETIC dev round trips: 0.071 at
    most; translation goes sentence by sentence, editors split and join) ..."""
    round_trip_quotes_kept: float = 0.6
    """... and, where A's aligned passages quote at least ``round_trip_quoted`` words, B repeats at most this share
    of them word for word. Translation there and back rewords what people said like the rest; an editor, or a
    language model asked to rewrite, keeps direct quotations as they were even where it rewords every other
    sentence (SYNTHETIC dev pairs quoting 20 words or more: round trips 0.52 at most, editorial rewrites 0.72 or
    more but one at 0.40; a rewrite written by hand in a language model's manner keeps them all) ..."""
    round_trip_quoted: int = 20
    """Quoted words below which the quotation test does not apply (a quotation or two of a few words can survive a
    round trip unchanged) ..."""
    round_trip_verbatim: float = 0.2
    """... and the pair leaves at most this share of the words in passages kept word for word (SYNTHETIC dev round trips:
    0.13 at most; translation rewords nearly every sentence, quotations too, editors keep some as they were)."""
    max_replaced: int = 200


def _lis(xs: list[int]) -> int:
    """Length of the longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    for x in xs:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def _is_name(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit()


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A word as two sides are compared: ``word_key``, in American spelling (``harbour`` and ``harbor`` are one
    word: a house style's respelling is no synonym swap)."""
    return american_spelling(word_key(word))


def rewrite_signals(text_a: str, text_b: str, relation: Relation, lexicon: Lexicon | None = None
                    ) -> tuple[RewriteSignals, list[tuple[Span, Span]], list[tuple[str, str]]]:
    """The signals of one pair, the passages with one-for-one swaps and the swapped words."""
    lex = lexicon or default_lexicon()
    ps = sorted((p for p in relation.passages if not p.weak), key=lambda p: p.a.start)
    if not ps:
        return RewriteSignals(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), [], []
    restructured, verbatim = _structure(text_a, text_b, relation)
    order = _lis([p.b.start for p in ps]) / len(ps)
    n_a = n_b = kept = swapped = fn_total = fn_changed = reordered = names = names_kept = 0
    new_words = rare = 0
    spans: list[tuple[Span, Span]] = []
    replaced: list[tuple[str, str]] = []
    for p in ps:
        a = _WORD.findall(p.a.of(text_a))
        b = _WORD.findall(p.b.of(text_b))
        la, lb = [_key(w) for w in a], [_key(w) for w in b]
        n_a += len(a)
        n_b += len(b)
        fn_a = [i for i, w in enumerate(la) if w in FUNCTION_WORDS]
        fn_total += len(fn_a)
        bag_b = Counter(lb)
        present = {w for w in b if _is_name(w)}
        nm = [w for w in a[1:] if _is_name(w)]  # the first word is capitalised anyway
        names += len(nm)
        names_kept += sum(w in present for w in nm)
        if p.type == "exact":
            kept += len(a)
            continue
        sm = SequenceMatcher(a=la, b=lb, autojunk=False)
        in_place = set()
        had_swap = False
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                kept += i2 - i1
                in_place.update(range(i1, i2))
            elif op == "replace" and i2 - i1 == j2 - j1:
                for i, j in zip(range(i1, i2), range(j1, j2)):
                    if la[i] in FUNCTION_WORDS or lb[j] in FUNCTION_WORDS:
                        continue  # a function word changed: counted below, not a swap
                    swapped += 1
                    in_place.add(i)
                    had_swap = True
                    new_words += 1
                    rare += lex.count(lb[j]) < 2
                    if len(replaced) < 10_000:
                        replaced.append((a[i], b[j]))
        fn_changed += sum(i not in in_place for i in fn_a)
        # words of A that B has, but not where a one-for-one alignment puts them
        matched = Counter(la[i] for i in in_place)
        for w, c in Counter(la).items():
            reordered += max(0, min(c, bag_b[w]) - matched[w])
        if had_swap:
            spans.append((p.a, p.b))
    n = max(n_a, 1)
    coverage = min(inner_coverage(text_a, [p.a for p in relation.passages], [p.a for p in ps]),
                   inner_coverage(text_b, [p.b for p in relation.passages], [p.b for p in ps]))
    return (RewriteSignals(round(order, 4), round(coverage, 4), round(n_b / n, 4), round(kept / n, 4),
                           round(swapped / n, 4), round(fn_changed / max(fn_total, 1), 4), round(reordered / n, 4),
                           round(names_kept / names, 4) if names else 1.0,
                           round(rare / new_words, 4) if new_words else 0.0, restructured, verbatim,
                           round(min(relation.coverage_a, relation.coverage_b), 4),
                           *quotes_kept(text_a, text_b, list(relation.passages)), swaps=swapped),
            spans, replaced)


def quotes_kept(text_a: str, text_b: str, passages: list[Passage]) -> tuple[int, float]:
    """Words of A's direct quotations inside ``passages`` (their A side), and the share of them B repeats word for
    word, in runs as long as each quotation's part in a passage, anywhere in B (an editor moves quotations)."""
    from ..quotes.extract import extract_quotes

    parts = [[_key(w) for w in _WORD.findall(text_a[max(piece.start, p.a.start): min(piece.end, p.a.end)])]
             for q in extract_quotes(text_a) for piece in (q.pieces or (q.span,))
             for p in passages if piece.start < p.a.end and p.a.start < piece.end]
    parts = [w for w in parts if len(w) >= 3]
    total = sum(len(w) for w in parts)
    if not total:
        return 0, 0.0
    b = " " + " ".join(_key(w) for w in _WORD.findall(text_b)) + " "
    return total, round(sum(len(w) for w in parts if f" {' '.join(w)} " in b) / total, 4)


def inner_coverage(text: str, spans: list[Span], reach: list[Span] | None = None) -> float:
    """The share of ``text``'s sentences, from its start to the last one that ``reach`` (default: ``spans``)
    touches, that ``spans`` cover.

    A scraper that keeps only the first paragraphs, or a spinner fed such a
    copy, leaves the tail of the other side unaligned: that is truncation, not
    rewriting, and must not make a spin look like an editor's work (which
    drops, adds and condenses all along the text). A cut head still counts:
    news copies keep the lead. ``reach`` is the strong passages, so that a
    quotation or stock phrase matched in the tail does not bring the tail back.
    """
    from ..segment import segment

    ends = [s.end for s in (reach if reach else spans)]
    if not spans or not ends:
        return 0.0
    hi = max(ends)
    total = covered_chars([s for s in segment(text)[1] if s.start < hi])
    return round(min(covered_chars(spans) / total, 1.0), 4) if total else 0.0


def _structure(text_a: str, text_b: str, relation: Relation) -> tuple[float, float]:
    """``restructured`` and ``verbatim`` over all the relation's passages, weak ones (quotes) included.

    Translation there and back goes sentence by sentence and rewords nearly
    every one, quotations too; an editor splits and joins sentences and leaves
    some, quotations above all, word for word.
    """
    from ..segment import segment

    split = words = same = 0
    for p in relation.passages:
        ta, tb = p.a.of(text_a), p.b.of(text_b)
        split += len(segment(ta)[1]) != len(segment(tb)[1])
        a = [_key(w) for w in _WORD.findall(ta)]
        words += len(a)
        same += len(a) if a == [_key(w) for w in _WORD.findall(tb)] else 0
    n = len(relation.passages)
    return (round(split / n, 4) if n else 0.0), (round(same / words, 4) if words else 0.0)


def score_inputs(s: RewriteSignals) -> dict[str, float]:
    """The values the spin score weighs, by the names ``VerdictOptions.weights`` uses."""
    return {"order": s.order, "coverage": s.coverage, "kept_or_swapped": s.kept + s.swapped,
            "swapped": s.swapped, "function_changed": s.function_changed, "reordered": s.reordered,
            "rare_new": s.rare_new}


def spin_logit(s: RewriteSignals, options: VerdictOptions = VerdictOptions()) -> float:
    """The spin score before the logistic squash: it ranks pairs whose scores round to 0 or 1."""
    values = score_inputs(s)
    return options.intercept + sum(w * values[k] for k, w in options.weights)


def spin_score(s: RewriteSignals, options: VerdictOptions = VerdictOptions()) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(spin_logit(s, options), 50.0), -50.0)))


def rewrite_spin(text_a: str, text_b: str, relation: Relation, *, lexicon: Lexicon | None = None,
                 options: VerdictOptions = VerdictOptions()) -> RewriteSpin:
    """Verdict on how B rewrites A (or A rewrites B: the signals are symmetric enough), from the relation's passages."""
    s, spans, replaced = rewrite_signals(text_a, text_b, relation, lexicon)
    return RewriteSpin(rewrite_verdict(s, options), round(spin_score(s, options), 4), tuple(spans),
                       tuple(replaced[: options.max_replaced]), s)


def judge_pair(text_a: str, text_b: str, relation: Relation, *, lexicon: Lexicon | None = None,
               options: VerdictOptions = VerdictOptions()) -> RewriteSpin:
    """The verdict on a related pair, the same whichever of the two articles is A.

    The signals are shares of the source's words (the weights were fitted from
    source to rewrite), so they are measured from A when B derives from A, from
    B when A derives from B, and, when neither is known to be the source, both
    ways: the way that looks more like machine spin is kept (the spun side is
    taken for the rewrite), ties going to the way whose source text sorts
    first. Spans and swapped words come back as (A, B). ``source`` is the side judged the source, else the side
    whose swapped words are the commoner in news (a spinner's synonyms are rarer), else the side measured from.
    """
    if relation.direction == "a->b":
        return rewrite_spin(text_a, text_b, relation, lexicon=lexicon, options=options)
    back = rewrite_spin(text_b, text_a, _flipped(relation), lexicon=lexicon, options=options)
    back = dataclasses.replace(back, spans=tuple((y, x) for x, y in back.spans),
                               replaced=tuple((new, old) for old, new in back.replaced), source="b")
    if relation.direction == "b->a":
        return back
    forward = rewrite_spin(text_a, text_b, relation, lexicon=lexicon, options=options)
    key_f, key_b = spin_logit(forward.signals, options), spin_logit(back.signals, options)
    kept = (forward if key_f > key_b else back) if key_f != key_b else (forward if text_a <= text_b else back)
    # whose words the swaps replaced: a spinner swaps the words news uses for rarer ones, so the side whose
    # swapped words are the commoner reads as the source (the words are listed from it); else the measured side
    lex = lexicon or default_lexicon()
    vote = sum((lex.count(x.lower()) > lex.count(y.lower())) - (lex.count(x.lower()) < lex.count(y.lower()))
               for x, y in kept.replaced)
    return dataclasses.replace(kept, source="a" if vote > 0 else "b" if vote < 0 else kept.source)


def _flipped(r: Relation) -> Relation:
    """The relation seen from B: sides, coverages, passages and direction swapped."""
    direction = {"a->b": "b->a", "b->a": "a->b"}.get(r.direction, r.direction)
    return dataclasses.replace(r, a=r.b, b=r.a, coverage_a=r.coverage_b, coverage_b=r.coverage_a,
                               direction=direction, passages=tuple(
                                   Passage(p.b, p.a, p.type, p.score, p.weak) for p in r.passages),
                               diff=tuple((new, old) for old, new in r.diff))


def _swapped_enough(s: RewriteSignals, options: VerdictOptions) -> bool:
    return s.swapped >= options.min_swapped and (s.swaps is None or s.swaps >= options.min_swaps)


def rewrite_verdict(s: RewriteSignals, options: VerdictOptions = VerdictOptions()) -> str:
    """``machine_spin``, ``translation_round_trip`` or ``editorial_rewrite``, from a pair's signals."""
    if spin_score(s, options) >= options.spin and _swapped_enough(s, options):
        return "machine_spin"
    if (s.order >= options.round_trip_order and s.whole_coverage >= options.round_trip_coverage
            and max(s.function_changed, s.reordered) >= options.round_trip_function and s.names_kept >= 0.8
            and s.restructured <= options.round_trip_restructured and s.verbatim <= options.round_trip_verbatim
            and (s.quoted < options.round_trip_quoted or s.quotes_kept <= options.round_trip_quotes_kept)):
        return "translation_round_trip"
    return "editorial_rewrite"


def evidence(verdict: str, s: RewriteSignals | None, options: VerdictOptions = VerdictOptions()) -> str:
    """One readable sentence: the signals behind ``verdict``, as a fact-checker would check them."""
    if s is None:
        return ""

    def pct(x: float) -> str:
        return f"{100 * x:.0f}%"

    parts = [f"{pct(s.swapped)} of the words swapped one for one in place", f"{pct(s.kept)} kept in place",
             f"{pct(s.function_changed)} of function words changed", f"sentence order kept in {pct(s.order)} of passages"]
    if s.restructured:
        parts.append(f"{pct(s.restructured)} of passages split or join sentences")
    if s.coverage - s.whole_coverage >= 0.1:
        parts.append(f"{pct(s.coverage)} aligned up to where one side stops ({pct(s.whole_coverage)} of the whole "
                     "text: a cut tail is not counted)")
    else:
        parts.append(f"{pct(s.coverage)} of the text aligned")
    if s.quoted >= options.round_trip_quoted:
        parts.append(f"{pct(s.quotes_kept)} of the quoted words kept word for word")
    if verdict == "machine_spin":
        lead = "machine spin: words swapped for synonyms, structure and order kept"
    elif verdict == "translation_round_trip":
        lead = "translation round trip: sentence for sentence, function words and word order changed throughout"
    elif not _swapped_enough(s, options) and spin_score(s, options) >= options.spin:
        lead = "editorial: too few words swapped to call it spin"
    elif (s.quoted >= options.round_trip_quoted and s.quotes_kept > options.round_trip_quotes_kept
          and rewrite_verdict(dataclasses.replace(s, quoted=0), options) == "translation_round_trip"):
        lead = "editorial: reworded sentence for sentence with the quotations kept, as an editor or a language model does"
    else:
        lead = "editorial: reworded, restructured, cut or added to"
    return f"{lead} ({'; '.join(parts)})"
