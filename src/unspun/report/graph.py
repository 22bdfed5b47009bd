"""A reuse family's provenance graph drawn as inline SVG: originals above, copies below.

Nodes sit in rows by generation (the longest chain of derivations above
them); an edge whose direction is unknown is drawn dashed with no arrow and
does not push a node down. Everything written is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

from ..relate.provenance import OUTSIDE

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 180, 46, 28, 70, 16


def generations(nodes: list[str], edges: list[dict]) -> dict[str, int]:
    """Depth of each node in the derivation DAG (0: no known source); a cycle is cut where it closes."""
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for e in edges:
        if e.get("direction") not in ("unknown", "common") and e["from"] in parents and e["to"] in parents:
            parents[e["to"]].append(e["from"])
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((p, n) for n, ps in parents.items() for p in ps if p != n)
    while True:  # cut each cycle where it closes (iteratively: a chain of any length)
        try:
            u, v = nx.find_cycle(g)[-1][:2]
        except nx.NetworkXNoCycle:
            break
        g.remove_edge(u, v)
    depth: dict[str, int] = {}
    for n in nx.topological_sort(g):
        depth[n] = 1 + max((depth[p] for p in g.predecessors(n)), default=-1)
    return depth


def layout(nodes: list[str], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Top-left corner of each node's box: one row per generation, children near their parents."""
    if not nodes:
        return {}
    depth = generations(nodes, edges)
    rows: dict[int, list[str]] = {}
    for n in nodes:
        rows.setdefault(depth[n], []).append(n)
    width = max(len(r) for r in rows.values())
    pos: dict[str, tuple[float, float]] = {}
    for d in sorted(rows):
        def centre(n: str) -> float:  # mean x of the parents already placed (barycentre)
            xs = [pos[e["from"]][0] for e in edges if e["to"] == n and e["from"] in pos]
            return sum(xs) / len(xs) if xs else 0.0

        row = sorted(rows[d], key=lambda n: (centre(n), n != OUTSIDE and not n.startswith(OUTSIDE), n))
        offset = (width - len(row)) * (NODE_W + GAP_X) / 2
        for i, n in enumerate(row):
            pos[n] = (PAD + offset + i * (NODE_W + GAP_X), PAD + d * (NODE_H + GAP_Y))
    return pos


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def svg(family: Mapping, label: Callable[[str], tuple[str, str]], href: Callable[[str], str | None],
        *, highlight: frozenset[str] = frozenset()) -> Markup:
    """The family's graph as an ``<svg>`` element.

    ``label(id)`` gives two lines for a node (e.g. site and title); ``href(id)``
    the page to link it to, or None. Nodes in ``highlight`` are drawn bold
    (the story's own articles when the family spans several stories).
    """
    edges = [e for e in family.get("edges", []) if e.get("from") is not None and e.get("to") is not None]
    nodes = list(dict.fromkeys([*family.get("articles", []), *(x for e in edges for x in (e["from"], e["to"]))]))
    pos = layout(nodes, edges)
    if not pos:
        return Markup("")
    w = max(x for x, _ in pos.values()) + NODE_W + PAD
    h = max(y for _, y in pos.values()) + NODE_H + PAD
    title = f"provenance of family {family.get('id', '')}"
    parts = [f'<svg class="provenance" xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
             f'viewBox="0 0 {w:.0f} {h:.0f}" role="img" aria-label="{escape(title)}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>']
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        unknown = e.get("direction") in ("unknown", "common")  # siblings' own link: no arrow either
        kind = str(e.get("kind", ""))
        if y1 == y2:  # same row (direction unknown): an arc below
            ax, bx, yb = x1 + NODE_W / 2, x2 + NODE_W / 2, y1 + NODE_H
            d = f"M{ax:.0f},{yb:.0f} C{ax:.0f},{yb + 40:.0f} {bx:.0f},{yb + 40:.0f} {bx:.0f},{yb:.0f}"
            lx, ly = (ax + bx) / 2, yb + 34
        else:
            if y1 > y2:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            ax, ay, bx, by = x1 + NODE_W / 2, y1 + NODE_H, x2 + NODE_W / 2, y2
            d = f"M{ax:.0f},{ay:.0f} L{bx:.0f},{by:.0f}"
            lx, ly = ax + (bx - ax) * 0.55, ay + (by - ay) * 0.55
        cls = f"edge kind-{escape(kind)}" + (" unknown" if unknown else "")
        marker = "" if unknown else ' marker-end="url(#arrow)"'
        conf = e.get("confidence")
        tip = f"{kind}" + (f", confidence {conf:.2f}" if isinstance(conf, (int, float)) else "") + \
            (", siblings of one source" if e.get("direction") == "common" else ", direction unknown" if unknown else "")
        parts.append(f'<g class="{cls}"><title>{escape(tip)}</title><path d="{d}"{marker}/>'
                     f'<text x="{lx:.0f}" y="{ly:.0f}" class="edge-label">{escape(kind)}</text></g>')
    for n in nodes:
        x, y = pos[n]
        outside = n.startswith(OUTSIDE)
        top, bottom = ("not in corpus", "common source") if outside else label(n)
        cls = "node outside" if outside else "node" + (" original" if n == family.get("original") else "") + \
            (" here" if n in highlight else "")
        box = (f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
               f'<text x="{x + 8:.0f}" y="{y + 18:.0f}" class="l1">{escape(_short(top, 24))}</text>'
               f'<text x="{x + 8:.0f}" y="{y + 36:.0f}" class="l2">{escape(_short(bottom, 28))}</text>')
        link = None if outside else href(n)
        tip = f"<title>{escape(top)}: {escape(bottom)}</title>"
        if link:
            parts.append(f'<a href="{escape(link)}" class="{cls}">{tip}{box}</a>')
        else:
            parts.append(f'<g class="{cls}">{tip}{box}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
