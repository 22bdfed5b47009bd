"""The kind of a relation, from how much of each side is shared and how."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sharing:
    """What the alignment of a pair says, summed up."""

    coverage_a: float
    """Share of A's cleaned text inside aligned passages."""
    coverage_b: float
    exact_share: float
    """Share of the aligned characters in near-verbatim passages (``exact``, or ``edited`` keeping most words)."""
    longest_run: int
    """Most strong passages in one run of passages aligned in the same order on both sides (a few sentences
    apart at most; weak passages, such as a shared quotation, may link two strong ones but are not counted)."""
    passages: int
    """``exact`` or ``edited`` passages that are not only a shared quotation or stock phrase."""
    strong: int = 0
    """Passages of any type that are not only a shared quotation or stock phrase."""
    identical_share: float = 1.0
    """Share of the aligned characters in ``exact`` passages (the same words after normalisation)."""
    quote_edits: int = 0
    """``edited`` passages whose changed words lie inside a quotation, or that name someone the other side's
    passage does not (a quotation given to someone else): an altered quote is never a duplicate."""
    long_passages: int = 0
    """Strong near-verbatim passages with at least :data:`~unspun.fingerprint.sentences.LONG_WORDS` content words
    outside quotation marks on both sides: one long sentence lifted word for word."""


@dataclass(frozen=True, slots=True)
class KindRules:
    """Thresholds for the kinds; tuned on Clough & Stevenson and the demo corpus."""

    duplicate: float = 0.9
    identical: float = 0.95
    """A duplicate keeps at least this share of its aligned text word for word, and no quotation edited; a
    near-verbatim copy with sentences or quotations edited is a ``copy``."""
    copy: float = 0.8
    verbatim: float = 0.8
    rewrite: float = 0.5
    partial_passages: int = 2
    min_run: int = 2
    same_story: float = 0.5
    reworded_passages: int = 3
    """Reworded passages out of order: at least this many strong passages ..."""
    reworded_coverage: float = 0.35
    """... covering at least this share of one side make a ``partial`` (a summary, reordered)."""


def relation_kind(s: Sharing, same_story: float | None = None, rules: KindRules = KindRules()) -> str | None:
    """``duplicate``, ``copy``, ``partial``, ``rewrite``, ``same_story`` or None (unrelated).

    One shared quotation or stock phrase is weak evidence: text reuse needs
    at least ``partial_passages`` passages beyond those, or a run of aligned
    sentences in the same order, or one near-verbatim passage that is most of
    one side (an article of one sentence, copied), or one long near-verbatim
    passage (``long_passages``: a sentence of some 30 words of the writer's own
    prose lifted whole, which independent reports do not share).
    """
    shared = s.passages >= rules.partial_passages or s.longest_run >= rules.min_run
    # one side of a sentence or so reproduced whole, word for word (a news flash, a single claim, one sentence
    # lifted): its one strong passage is the whole of it, which no independent report shares
    whole = s.strong >= 1 and s.exact_share >= rules.verbatim and max(s.coverage_a, s.coverage_b) >= rules.copy
    shared = shared or whole or s.long_passages >= 1
    if not shared and s.strong >= rules.reworded_passages and max(s.coverage_a, s.coverage_b) >= rules.reworded_coverage:
        return "partial"
    if shared:
        hi, lo = max(s.coverage_a, s.coverage_b), min(s.coverage_a, s.coverage_b)
        verbatim = s.exact_share >= rules.verbatim
        if verbatim and lo >= rules.duplicate and s.identical_share >= rules.identical and not s.quote_edits:
            return "duplicate"
        if verbatim and hi >= rules.copy:
            return "copy"
        if hi >= rules.rewrite and s.longest_run >= rules.min_run:
            return "rewrite" if not verbatim else "copy"
        return "partial"
    if same_story is not None and same_story >= rules.same_story:
        return "same_story"
    return None
