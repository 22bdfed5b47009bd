"""The relate stage: from aligned passages to a relation a fact-checker can check.

``relate_pair`` decides the kind (``kind.py``), the direction with its
evidence (``direction.py``) and, for rewrites and copies with edited
passages, the word replacements (``diff.py``). ``siblings`` then marks pairs that both derive from a third
article as ``common``. ``provenance.py`` turns relations into reuse families
and their graphs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..records import Passage, Relation
from .diff import replacements
from .direction import Side, direction, one_site
from .drift import Drift, DriftOptions, drift
from .kind import KindRules, Sharing, relation_kind
from .provenance import REUSE

COPY_EDIT_WORDS = 12
"""In a copy or duplicate every edit counts: words changed, dropped or added up to this many on each side are
listed (``avoided confrontations`` -> ``steered clear of any clash``); a rewrite lists swaps of up to four."""


def relate_pair(a_id: str, b_id: str, a: Side, b: Side, passages: Sequence[Passage], sharing: Sharing,
                *, same_story: float | None = None, rules: KindRules = KindRules()) -> Relation | None:
    """The relation between two articles (``a_id < b_id``), or None when they are unrelated."""
    if sharing.long_passages and one_site(a, b):
        # a long sentence that one site repeats on two of its pages is its own (an editor's note on every article
        # of a kind, a writer's biography, its background paragraph): not a passage lifted from another article
        sharing = replace(sharing, long_passages=0)
    kind = relation_kind(sharing, same_story, rules)
    if kind is None:
        return None
    if kind == "same_story":
        return Relation(a_id, b_id, kind, round(sharing.coverage_a, 4), round(sharing.coverage_b, 4),
                        "unknown", 0.0, ("no shared text: independent reports of one event",))
    edited = [p for p in passages if p.type != "exact" and not p.weak]
    d = direction(a, b, sharing.coverage_a, sharing.coverage_b, drift(a.text, b.text, edited) if edited else None)
    changed = any(p.type != "exact" for p in passages)  # a copy with sentences or quotations edited has a diff too
    diff = (tuple(replacements(a.text, b.text, passages)) if kind == "rewrite" else
            tuple(replacements(a.text, b.text, passages, gaps=True, max_words=COPY_EDIT_WORDS))
            if kind in ("copy", "duplicate") and changed
            else ())
    return Relation(a_id, b_id, kind, round(sharing.coverage_a, 4), round(sharing.coverage_b, 4),
                    d.direction, d.confidence, d.evidence, tuple(passages), diff)


def corroborate(relations: Iterable[Relation], *, margin: float = 0.05) -> list[Relation]:
    """Give a direction to reuse pairs still ``unknown`` from the copies around them.

    Copies drift away from the original, each in its own way, so the side of
    a pair whose shared text (quotations included) agrees more closely with
    the third articles both share text with is nearer the original. The
    agreement is the mean score of the aligned passages; a difference under
    ``margin`` says nothing.
    """
    rels = list(relations)
    agree: dict[tuple[str, str], float] = {}
    near: dict[str, set[str]] = defaultdict(set)
    twins: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        if r.kind in REUSE and r.passages:
            m = sum(p.score for p in r.passages) / len(r.passages)
            agree[(r.a, r.b)] = agree[(r.b, r.a)] = m
            near[r.a].add(r.b)
            near[r.b].add(r.a)
        if r.kind in ("duplicate", "copy"):
            twins[r.a].add(r.b)
            twins[r.b].add(r.a)
    out = []
    for r in rels:
        # a duplicate or near-verbatim copy of one side is that side again, not an independent copy to agree
        # with (found by QA: a scraper's copy of one of two independent reports 'agreed' with it, and made the
        # other report its copy)
        thirds = (sorted((near[r.a] & near[r.b]) - {r.a, r.b} - twins[r.a] - twins[r.b])
                  if r.direction == "unknown" else [])
        if r.kind in REUSE and thirds:
            da = sum(agree[(r.a, c)] for c in thirds) / len(thirds)
            db = sum(agree[(r.b, c)] for c in thirds) / len(thirds)
            if abs(da - db) >= margin:
                side = "A" if da > db else "B"
                r = replace(r, direction="a->b" if da > db else "b->a",
                            confidence=round(min(0.6, 2 * abs(da - db)), 3),
                            evidence=(f"{side} agrees more closely with the {len(thirds)} other copies both share "
                                      f"text with (mean passage score {max(da, db):.2f} against {min(da, db):.2f})",
                                      *r.evidence))
        out.append(r)
    return out


def siblings(relations: Iterable[Relation]) -> list[Relation]:
    """Mark as ``common`` the pairs whose two sides both derive from one third article.

    That covers two copies of one original that don't copy each other. A
    chain is told from siblings by what the copies changed (stemmatology's
    shared innovations): when everything A changed in S's words B changed
    the same way, B derives from A (and from S through A), and the pair keeps
    a direction; a copy of a copy keeps its parent's edits. Applying it again
    changes nothing.
    """
    rels = list(relations)
    sources: dict[str, set[str]] = defaultdict(set)
    changed: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}  # (source, copy) -> (source word, copy word)
    copied: set[tuple[str, str]] = set()  # (source, copy) of a copy or duplicate: its diff is the copy's changes
    for r in rels:
        if r.kind == "same_story":
            continue
        if r.direction == "a->b":
            sources[r.b].add(r.a)
            changed[(r.a, r.b)] = frozenset((x.lower(), y.lower()) for x, y in r.diff)
            if r.kind in ("duplicate", "copy"):
                copied.add((r.a, r.b))
        elif r.direction == "b->a":
            sources[r.a].add(r.b)
            changed[(r.b, r.a)] = frozenset((y.lower(), x.lower()) for x, y in r.diff)
            if r.kind in ("duplicate", "copy"):
                copied.add((r.b, r.a))
    out = []
    for r in rels:
        shared = (sources[r.a] & sources[r.b]) - {r.a, r.b}
        chain = _chain(r, shared, changed, copied) if r.kind != "same_story" and shared else None
        if chain is not None:
            r = chain
        elif r.kind != "same_story" and shared:
            note = f"both derive from {min(shared)}"
            r = replace(r, direction="common", confidence=max(r.confidence, 0.5),
                        evidence=r.evidence if note in r.evidence else (note, *r.evidence))
        out.append(r)
    return out


def _chain(r: Relation, shared: set[str], changed: dict, copied: set[tuple[str, str]] = frozenset()
           ) -> Relation | None:
    """``r`` with the direction its sides' changes to a common source give (a copy carries all of its parent's
    changes and adds its own), or None when they give none (then the two are siblings)."""
    def own(x: str) -> frozenset:
        # a change counts as x's own only if x made it from each source the pair shares: against a later version
        # of its source (the site's own update), a copy "changed" what the update changed (found by QA: two
        # copies of a page's first version were made a chain by the words the site's update changed). The same
        # for every shared source, so computed once a pair (review: once a source made siblings() cubic in a
        # family's size, 55 s for 160 copies of one story, on every export and serve)
        # a partial or a rewrite that points to x has no copy's diff (a lifted sentence, reworded text): it
        # says nothing of x's changes, and would void them (review: a dated partial source of both made a chain
        # 'common')
        out = None
        for o in [o for o in shared if (o, x) in copied] or shared:
            c = changed.get((o, x), frozenset())
            out = c if out is None else out & c
        return out or frozenset()

    ca, cb = own(r.a), own(r.b)
    # the changes are the same against every shared source that both copy: one names them
    s = min((o for o in shared if (o, r.a) in copied and (o, r.b) in copied), default=min(shared))
    if not ca or not cb or not (ca <= cb or cb <= ca):
        return None
    if ca < cb or (ca == cb and r.direction == "a->b"):
        parent, child, direction = "A", "B", "a->b"
    elif cb < ca or (ca == cb and r.direction == "b->a"):
        parent, child, direction = "B", "A", "b->a"
    elif abs(r.coverage_a - r.coverage_b) >= 0.2:
        # the same changes on both sides, and the pair's own direction was sibling or unknown (two copies that
        # credit one wire): one copies the other, and the side contained in the other is the copy (found by
        # QA: a cut copy of a scraper's copy came out 'unknown' with the evidence "both derive from" the wire)
        parent, child, direction = ("A", "B", "a->b") if r.coverage_b > r.coverage_a else ("B", "A", "b->a")
    else:
        return r if r.direction == "unknown" else replace(r, direction="unknown", confidence=0.0)
    kept = sorted(ca & cb)[:3]
    note = (f"{child} keeps every change {parent} made to {s} ({', '.join(f'{x} → {y}' for x, y in kept)}"
            f"{' ...' if len(ca & cb) > 3 else ''}): it derives from {parent}, not from {s} directly")
    if r.direction == direction and note in r.evidence:
        return r
    return replace(r, direction=direction, confidence=max(r.confidence if r.direction == direction else 0.0, 0.6),
                   evidence=(note, *(e for e in r.evidence if not e.startswith("both derive from"))))


__all__ = ["corroborate", "Drift", "DriftOptions", "drift", "Side", "Sharing", "KindRules", "relate_pair", "siblings", "relation_kind", "direction", "replacements"]
