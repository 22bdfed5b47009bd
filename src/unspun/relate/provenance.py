"""Reuse families and their provenance graphs.

A family is a set of articles linked by reuse (every kind but
``same_story``); a ``partial`` of unknown direction links an article to a
family, never two families (see :func:`_groups`). Its graph has an edge from each source to what derives from
it (``coverage_from``, ``coverage_to``: the share of each end's text that the
pair shares); siblings that derive from a source outside the corpus
(``common``) get a shared "not in the corpus" node, with a ``derives`` edge to
each, and the siblings' own relation is an edge with ``direction: common``
(like ``direction: unknown``, it says nothing of who copies whom). The family's original is the article with
no source among the edges, when exactly one such article has copies.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from ..records import Relation

REUSE = frozenset({"duplicate", "copy", "partial", "rewrite"})
OUTSIDE = "not in the corpus"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry (control characters a title or address may hold): left out of GraphML."""


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    articles: tuple[str, ...]
    original: str | None
    """The article judged original, ``OUTSIDE`` when the members derive from a missing source, or None."""
    graph: nx.DiGraph


def _loose(r: Relation) -> bool:
    """A passage or two shared with no direction known: it links an article to a family, not two families."""
    return r.kind == "partial" and r.direction == "unknown"


def _groups(rels: list[Relation]) -> list[set[str]]:
    """The articles of each family. Every relation but a loose one (:func:`_loose`) joins its two ends' families;
    a loose one, strongest first, only where one end's family has no other relation yet: a page that shares a
    passage with a family joins it, and its other loose links, to other families, join them to nothing (found by
    QA: a home page lifting the leads of two stories made their families one, whose original was then "not in the
    corpus")."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = x = parent[parent[x]]
        return x

    loose = []
    for r in rels:
        if _loose(r):
            loose.append(r)
            root(r.a), root(r.b)
        else:
            ra, rb = root(r.a), root(r.b)
            if ra != rb:
                parent[rb] = ra
    formed = {root(r.a) for r in rels if not _loose(r)}  # families with a relation that is not loose
    for r in sorted(loose, key=lambda r: (-max(r.coverage_a, r.coverage_b), r.a, r.b)):
        ra, rb = root(r.a), root(r.b)
        if ra != rb and not (ra in formed and rb in formed):
            parent[rb] = ra
            if rb in formed:
                formed.add(ra)
            formed.discard(rb)
    out: dict[str, set[str]] = {}
    for x in parent:
        out.setdefault(root(x), set()).add(x)
    return list(out.values())


def families(relations: Iterable[Relation]) -> list[Family]:
    """Reuse families, largest first, each with its directed provenance graph. A loose relation (a ``partial`` of
    unknown direction) between two families is a relation of each article, in no family's graph."""
    rels = [r for r in relations if r.kind in REUSE]
    out = []
    for members in _groups(rels):
        fid = min(members)
        g = nx.DiGraph(family=fid)
        g.add_nodes_from(sorted(members), kind="article")
        outside = f"{OUTSIDE}:{fid}"
        common = []
        for r in rels:
            if r.a not in members or r.b not in members:
                continue
            # coverage of each end of the edge: the share of that article's text the pair shares
            forward = {"kind": r.kind, "confidence": r.confidence, "coverage_from": r.coverage_a,
                       "coverage_to": r.coverage_b}
            if r.direction == "a->b":
                g.add_edge(r.a, r.b, **forward)
            elif r.direction == "b->a":
                g.add_edge(r.b, r.a, kind=r.kind, confidence=r.confidence, coverage_from=r.coverage_b,
                           coverage_to=r.coverage_a)
            elif r.direction == "common":
                common.append(r)
            else:
                g.add_edge(r.a, r.b, direction="unknown", **forward)
        for r in common:  # siblings: of a source in the family, else of one outside it; their own link is kept
            if not set(g.predecessors(r.a)) & set(g.predecessors(r.b)):
                g.add_node(outside, kind="outside")
                for x in (r.a, r.b):
                    if not g.has_edge(outside, x):
                        g.add_edge(outside, x, kind="derives")  # from a source not in the corpus: no kind known
            if not g.has_edge(r.a, r.b) and not g.has_edge(r.b, r.a):
                g.add_edge(r.a, r.b, direction="common", kind=r.kind, confidence=r.confidence,
                           coverage_from=r.coverage_a, coverage_to=r.coverage_b)
        out.append(Family(fid, tuple(sorted(members)), _original(g, outside), g))
    out.sort(key=lambda f: (-len(f.articles), f.id))
    return out


def _original(g: nx.DiGraph, outside: str) -> str | None:
    if outside in g:
        return OUTSIDE
    directed = [(u, v) for u, v, d in g.edges(data=True) if d.get("direction") not in ("unknown", "common")]
    if not directed:
        return None
    sources = {u for u, _ in directed} - {v for _, v in directed}
    return next(iter(sources)) if len(sources) == 1 else None


def to_json(fams: Iterable[Family]) -> list[dict]:
    """Families as plain JSON-ready dicts: members, original, and directed edges."""
    return [{"id": f.id, "articles": list(f.articles), "original": f.original,
             "edges": [{"from": u, "to": v, **d} for u, v, d in f.graph.edges(data=True)]} for f in fams]


def to_graphml(fams: Iterable[Family], meta: Mapping[str, Mapping] | None = None) -> str:
    """All families in one GraphML document (one connected component each).

    Each node has ``family``, ``kind`` (``article`` or ``outside``: the source
    not in the corpus) and ``original`` (a boolean); with ``meta`` (article id
    -> its export fields) an article's ``source`` (the path or WARC URI it
    was read from), ``title``, ``url``, ``site`` and ``published`` too, where
    known.
    """
    meta = meta or {}
    whole = nx.DiGraph()
    for f in fams:
        for node, data in f.graph.nodes(data=True):
            known = {k: _NOT_XML.sub("", str(v)) for k, v in (meta.get(node) or {}).items()
                     if k in ("source", "title", "url", "site", "published") and v}
            whole.add_node(node, family=f.id, original=node == f.original or (f.original == OUTSIDE
                                                                               and data.get("kind") == "outside"),
                           **data, **known)
        for u, v, data in f.graph.edges(data=True):
            whole.add_edge(u, v, **{k: (json.dumps(x) if isinstance(x, (list, tuple)) else x)
                                    for k, x in data.items()})
    buf = io.BytesIO()
    nx.write_graphml(whole, buf)
    return _xml_booleans(buf.getvalue().decode("utf-8"))


def _xml_booleans(doc: str) -> str:
    """``doc`` with its boolean values written as GraphML's ``true``/``false`` (XML Schema's literals): networkx
    writes Python's ``True``/``False``, which a schema-checking reader refuses (found by QA)."""
    for key in re.findall(r'<key id="([^"]+)"[^>]*\battr\.type="boolean"', doc):
        doc = re.sub(f'(<data key="{re.escape(key)}">)(True|False)(?=</data>)', lambda m: m[1] + m[2].lower(), doc)
    return doc
