"""Republication notices: a long sentence that many independent articles carry is no lifted sentence.

One long sentence shared word for word makes two articles of two sites ``partial``
(:func:`~unspun.align.align.lifted_sentence`): some 30 words of a writer's prose are
not shared by chance. A syndicator's notice is (``KFF Health News is a national
newsroom that produces in-depth journalism about health issues and is one of the
core operating programs at KFF, ...``): every site that runs one of its stories
closes it with the notice, so any two unrelated stories of two such sites share
it. What tells the two apart is how many *independent* articles carry the sentence.
A sentence lifted from one story is carried by that story's copies (a wire story
run by five sites) and by the few articles that lift it; a notice by the unrelated
stories of every republisher. So the carriers (the articles that have the sentence
as a long sentence of theirs, found in the store's ``long_sentences`` postings) are
counted after merging the articles that are related by reuse on other evidence (a
copy, a rewrite, a partial sharing more than this one sentence): the copies of one
story are one carrier. A sentence carried by :data:`NOTICE_GROUPS` groups or more,
and standing at the start or the end of both texts (:data:`NOTICE_EDGE`), where
notices stand, is a notice: a pair that rests on it alone is no reuse, and its
passage is marked weak (``notice``), as a site's own boilerplate is.

The pipeline judges such pairs again on each run (:func:`unspun.pipeline.judge_notices`),
so the relations are those of the corpus as it is, whatever order its articles came in;
only the pairs whose verdict may change are read (a sentence edited on one side of a
pair is no notice). A ``partial`` with one strong verbatim passage links no carriers:
it may rest on the very sentence being judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..fingerprint.sentences import MIN_WORDS, is_long, sentence_hashes
from ..records import Passage, Relation, Span
from ..relate import Side, relate_pair
from ..relate.provenance import REUSE
from ..words import WORD
from .align import AlignOptions, Sentences, lifted_sentence, sharing

NOTICE = "notice"
"""The ``weak`` mark of a passage that is a notice many independent articles carry."""
NOTICE_GROUPS = 5
"""A long sentence is a notice when at least this many groups of articles carry it, the articles of a group related
by reuse on other evidence. A sentence lifted from a story reaches that story's copies (one group, however many
sites run it) and the few articles that lift it: of the 10,143 long sentences of the 1,008 PolNeAR articles, none is
carried by more than two publishers (the two that 4 and 20 texts carry are one publisher's own notes, which pair no
two of its pages). Five is also where a long sentence alone stops proposing candidate pairs
(:data:`~unspun.fingerprint.sentences.LONG_MAX_POSTINGS`: above five texts)."""
NOTICE_EDGE = 3
"""... and when, on both sides of the pair, at most this many sentences of :data:`~unspun.fingerprint.sentences.
MIN_WORDS` words or more stand between it and the start or the end of the text: a notice opens or closes an article
(followed at most by a line or two: ``Subscribe to ...``, ``This story can be republished for free``; short lines such
as ``Learn more about KFF.`` don't count), while a passage lifted from a press release by many outlets stands in their
reports. Both must hold."""
NO_REUSE = ""
"""The kind of a stored pair of no reuse that keeps its weak passages (as :data:`unspun.align.stage.NO_REUSE`)."""


def unmarked(passages: Sequence[Passage]) -> tuple[Passage, ...]:
    """The passages as the alignment made them: a notice mark taken off (the passage was strong)."""
    return tuple(replace(p, weak="") if p.weak == NOTICE else p for p in passages)


def one_verbatim(passages: Sequence[Passage]) -> bool:
    """Whether exactly one strong passage is ``exact`` or ``edited``: a pair that rests on one lifted sentence has
    no other (two such make a ``partial`` by themselves), so only those are read again."""
    return sum(1 for p in passages if not p.weak and p.type in ("exact", "edited")) == 1


def lifted_only(a_id: str, b_id: str, a: Sentences, b: Sentences, a_side: Side, b_side: Side,
                passages: Sequence[Passage], options: AlignOptions = AlignOptions()
                ) -> tuple[Relation, Relation, Passage] | None:
    """``(kept, demoted, lifted)`` when the pair is ``partial`` on its one lifted sentence (``lifted``) alone:
    ``kept`` is its relation, ``demoted`` the one it has when that passage is a notice (a :data:`NO_REUSE` relation
    holding its weak passages, or ``same_story``-worthy weak sharing); None when it rests on more (or on less)."""
    passages = unmarked(passages)
    s = sharing(a, b, passages, options)
    if s.long_passages != 1:
        return None
    kept = relate_pair(a_id, b_id, a_side, b_side, passages, s)
    if kept is None or kept.kind != "partial":
        return None
    lifted = next(p for p in passages if not p.weak and lifted_sentence(a, b, p, options))
    marked = tuple(replace(p, weak=NOTICE) if p is lifted else p for p in passages)
    m = sharing(a, b, marked, options)
    demoted = relate_pair(a_id, b_id, a_side, b_side, marked, m)
    if demoted is not None and demoted.kind in REUSE:
        return None  # it shares more than that sentence
    if demoted is None:
        demoted = Relation(a_id, b_id, NO_REUSE, round(m.coverage_a, 4), round(m.coverage_b, 4), "unknown", 0.0,
                           (), marked)
    return kept, demoted, lifted


def long_keys(side: Sentences, span: Span) -> frozenset[int]:
    """The hashes (without their long bit) of the long sentences of ``side`` inside ``span``, as the sentence
    fingerprints post them."""
    inside = [s for s in side.spans if span.start <= s.start and s.end <= span.end]
    if not inside:  # a passage cut inside one sentence: that sentence
        inside = [s for s in side.spans if s.start < span.end and span.start < s.end]
    hashes = sentence_hashes(side.text, inside)
    return frozenset(int(h) & ~1 for h in hashes[is_long(hashes)].tolist())


def at_edge(side: Sentences, span: Span, edge: int = NOTICE_EDGE) -> bool:
    """Whether at most ``edge`` sentences of :data:`~unspun.fingerprint.sentences.MIN_WORDS` words or more stand
    between ``span`` and the start or the end of the text."""
    counted = [s for s in side.spans if len(WORD.findall(side.text, s.start, s.end)) >= MIN_WORDS]
    before = sum(1 for s in counted if s.end <= span.start)
    after = sum(1 for s in counted if s.start >= span.end)
    return min(before, after) <= edge


def groups(carriers: Iterable[str], links: Iterable[tuple[str, str]]) -> int:
    """How many groups the ``carriers`` make when each link (a pair related by reuse on other evidence) joins
    its two ends' groups: the copies of one story are one carrier."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(carriers)
    graph.add_edges_from((x, y) for x, y in links if x in graph and y in graph)
    return nx.number_connected_components(graph)
