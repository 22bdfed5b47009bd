"""Passages that a copy moved: shared text that stands in another order on the two sides.

A scraper or an editor may move a paragraph up or down; the aligner finds the
passages wherever they stand, and :func:`moved` says which of them are out of
order. The passages kept in order are the heaviest chain of passages in the
same order on both sides (a longest increasing subsequence over the passages
sorted by A, each weighted by its length); the others are moved, joined into
blocks of passages that stand together on both sides (a paragraph of three
sentences is one move). Weak passages (a shared quotation, a stock phrase)
are left out: independent reports quote in their own order.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Passage, Span


def moved(passages: Sequence[Passage]) -> list[tuple[Span, Span]]:
    """The blocks of shared text out of order, as ``(span in A, span in B)``, in A's order; empty when the
    passages stand in the same order on both sides."""
    ps = sorted((p for p in passages if not p.weak), key=lambda p: (p.a.start, p.b.start))
    if len(ps) < 2 or all(x.a.end <= y.a.start and x.b.end <= y.b.start for x, y in zip(ps, ps[1:])):
        return []  # in order on both sides (most pairs): no chain to search
    weight = [p.a.end - p.a.start + p.b.end - p.b.start for p in ps]
    best = weight[:]  # heaviest in-order chain ending at each passage
    back = [-1] * len(ps)
    for i, p in enumerate(ps):
        for k in range(i):
            if ps[k].b.end <= p.b.start and ps[k].a.end <= p.a.start and best[k] + weight[i] > best[i]:
                best[i], back[i] = best[k] + weight[i], k
    kept: set[int] = set()
    i = max(range(len(ps)), key=best.__getitem__)
    while i >= 0:
        kept.add(i)
        i = back[i]
    rank = {i: r for r, i in enumerate(sorted(range(len(ps)), key=lambda i: (ps[i].b.start, ps[i].a.start)))}
    blocks: list[tuple[Span, Span]] = []
    last = -2
    for i, p in enumerate(ps):
        if i in kept:
            continue
        if blocks and last == i - 1 and rank[i] == rank[i - 1] + 1:  # next to the last on both sides
            a, b = blocks[-1]
            blocks[-1] = (Span(a.start, p.a.end), Span(b.start, p.b.end))
        else:
            blocks.append((p.a, p.b))
        last = i
    return blocks
