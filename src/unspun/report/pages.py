"""What each page shows: template contexts built from the :class:`Model`.

Highlighted texts are built here with :func:`highlight.render` (every piece
escaped); the templates only place them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from markupsafe import Markup

from ..records import Passage, Span
from ..relate.credits import distinct_sites
from ..relate.diff import edits, word_key
from . import graph
from .highlight import Furniture, Mark, furniture, render
from .model import REUSE, Model, article_page, pair_page, story_page

SEARCH_TEXT_CHARS = 2_000


def script_json(obj: object) -> Markup:
    """JSON to embed in ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so no
    ``</script>`` or ``<!--`` in an article can end the element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    s = s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def search_index(model: Model) -> list[dict]:
    out = []
    for aid, a in model.meta.items():
        text = " ".join(model.text(aid).split())[:SEARCH_TEXT_CHARS]
        out.append({"u": article_page(aid), "id": aid, "t": model.title(aid), "s": model.site_name(aid),
                    "d": a.get("published") or "", "x": text})
    return out


def _pieces(model: Model, aid: str) -> tuple[list[Furniture], bool]:
    """Furniture to show inline, and whether it could be placed (else the page lists the removals)."""
    art = model.texts.get(aid)
    if art is None:
        return [], True
    pieces = furniture(art)
    return (pieces, True) if pieces is not None else ([], False)


def article_ref(model: Model, aid: str) -> dict:
    a = model.meta.get(aid, {})
    return {"id": aid, "title": model.title(aid), "site": model.site_name(aid), "published": a.get("published"),
            "chars": a.get("chars"), "page": article_page(aid)}


def relation_row(model: Model, r: Mapping, here: str | None = None) -> dict:
    other = None if here is None else (r["b"] if r["a"] == here else r["a"])
    return {"a": article_ref(model, r["a"]), "b": article_ref(model, r["b"]),
            "other": article_ref(model, other) if other else None, "kind": r["kind"],
            "direction": r["direction"], "arrow": arrow(r), "confidence": r.get("confidence") or 0.0,
            "coverage_a": r.get("coverage_a") or 0.0, "coverage_b": r.get("coverage_b") or 0.0,
            "passages": len(r.get("passages", [])), "spin": r.get("spin"),
            "page": pair_page(r["a"], r["b"]) if model.has_page(r) else None}


def arrow(r: Mapping) -> str:
    return {"a->b": "A → B", "b->a": "B → A", "common": "common source", "unknown": "?"}.get(r["direction"],
                                                                                              r["direction"])


def index_context(model: Model) -> dict:
    rows = []
    for s in model.doc.get("stories", []):
        rels = model.story_relations(s)
        rows.append({"id": s["id"], "page": story_page(s["id"]), "title": model.story_title(s),
                     "articles": len(s.get("articles", [])),
                     "relations": sum(r["kind"] in REUSE for r in rels),
                     "same_story": sum(r["kind"] == "same_story" for r in rels),
                     "sites": distinct_sites(model.site_name(a) for a in s.get("articles", [])),
                     "dates": sorted({(model.meta.get(a, {}).get("published") or "")[:10]  # days: one format
                                      for a in s.get("articles", [])} - {""})})
    unfiled = [article_ref(model, a) for a in model.meta if a not in model.story_of]
    return {"stories": rows, "unfiled": unfiled, "n_articles": len(model.meta),
            "n_relations": len(model.doc.get("relations", [])),
            "search_index": script_json(search_index(model))}


def story_context(model: Model, story: Mapping) -> dict:
    ids = list(story.get("articles", []))
    fams = []
    for f in model.story_families(story):
        drawing = graph.svg(f, model.label, lambda aid: "../" + article_page(aid) if aid in model.meta else None,
                            highlight=frozenset(ids))
        fams.append({"id": f["id"], "original": f.get("original"), "svg": drawing,
                     "original_ref": article_ref(model, f["original"]) if f.get("original") in model.meta else None,
                     "articles": [article_ref(model, a) for a in f.get("articles", [])]})
    rels = [relation_row(model, r) for r in model.story_relations(story)]
    rels.sort(key=lambda x: (x["kind"] == "same_story", -x["confidence"]))
    return {"story": {"id": story["id"], "title": model.story_title(story)},
            "articles": [article_ref(model, a) for a in ids], "families": fams, "relations": rels}


def replaced_words(a_text: str, b_text: str, passage: Mapping, diff: set[tuple[str, str]]
                   ) -> list[tuple[tuple[int, int], tuple[int, int], str, str]]:
    """Where the diff's replacements stand inside one passage: (a span, b span, old, new). The words are read
    as the relate stage read them (:func:`unspun.relate.diff.edits`); ``diff`` holds them as
    :func:`unspun.relate.diff.word_key` gives them."""
    p = Passage(Span(*passage["a"]), Span(*passage["b"]), str(passage.get("type", "")), 0.0)
    return [((e.a.start, e.a.end), (e.b.start, e.b.end), e.old, e.new) for e in edits(a_text, b_text, p)
            if e.kind == "replace" and (word_key(e.old), word_key(e.new)) in diff]


def pair_context(model: Model, r: Mapping) -> dict:
    swap = r["direction"] == "b->a"  # the source on the left when it is known
    sides = ("b", "a") if swap else ("a", "b")
    ids = {"a": r["a"], "b": r["b"]}
    texts = {k: model.text(v) for k, v in ids.items()}
    marks: dict[str, list[Mark]] = {"a": [], "b": []}
    diff = {(word_key(str(d.get("from", ""))), word_key(str(d.get("to", "")))) for d in r.get("diff", []) or []}
    pos = {"a": "L" if sides[0] == "a" else "R", "b": "L" if sides[0] == "b" else "R"}
    counts: dict[str, int] = {}
    for i, p in enumerate(r.get("passages", [])):
        kind = str(p.get("type", ""))
        counts[kind] = counts.get(kind, 0) + 1
        weak = p.get("weak")
        title = f"{kind} passage, score {float(p.get('score') or 0):.2f}" + (f", weak: {weak}" if weak else "")
        for me, other in (("a", "b"), ("b", "a")):
            s, e = p[me]
            marks[me].append(Mark(s, e, f"passage {kind}" + (" weak" if weak else ""), tag="a",
                                  id=f"{pos[me]}{i}", attrs=(("href", f"#{pos[other]}{i}"), ("data-p", str(i)),
                                                             ("title", title))))
        if kind != "exact" and diff:
            left, right = sides
            for j, (sa, sb, old, new) in enumerate(replaced_words(texts["a"], texts["b"], p, diff)):
                span, word = {"a": sa, "b": sb}, {"a": old, "b": new}
                marks[left].append(Mark(*span[left], "replaced", (("data-w", f"{i}.{j}"),
                                                                  ("title", f"replaced by: {word[right]}")), level=1))
                marks[right].append(Mark(*span[right], "replaced", (("data-w", f"{i}.{j}"),
                                                                    ("title", f"was: {word[left]}")), level=1))
    columns = []
    for k in sides:
        pieces, placed = _pieces(model, ids[k])
        art = model.texts.get(ids[k])
        columns.append({"ref": article_ref(model, ids[k]), "html": render(texts[k], marks[k], pieces),
                        "role": _role(r, k), "coverage": r.get(f"coverage_{k}") or 0.0, "missing": art is None,
                        "removals": [] if placed or art is None else list(art.removals)})
    diff_rows = [{"from": d.get("to", ""), "to": d.get("from", "")} if swap else d for d in r.get("diff", []) or []]
    only = {k: [d[k] for d in diff_rows if d.get(k) and not d.get(o)] for k, o in (("from", "to"), ("to", "from"))}
    known = r["direction"] in ("a->b", "b->a")  # the source is on the left: words only it has were dropped
    gaps = [("Words dropped" if known else "Words only left", "del", only["from"]),
            ("Words added" if known else "Words only right", "ins", only["to"])]
    direction = ("none: no reuse, two reports of one event that share only what independent reports share"
                 if r["kind"] == "same_story" else _direction_text(r["direction"]))
    return {"rel": relation_row(model, r), "columns": columns, "direction": direction,
            "evidence": list(r.get("evidence", [])),
            "sides": "A is the right article, B the left one" if swap else "A is the left article, B the right one",
            "diff": [d for d in diff_rows if d.get("from") and d.get("to")], "gaps": gaps, "counts": counts,
            "spin": r.get("spin"),
            "story": story_page(model.story_of[r["a"]]) if r["a"] in model.story_of else None}


def _direction_text(d: str) -> str:
    """The pair's direction in words, for the left and right columns of its page (the source is put on the left
    when it is known, so either way the right one derives from it)."""
    return {"a->b": "the right article derives from the left one",
            "b->a": "the right article derives from the left one",
            "common": "neither copies the other: both derive from one source",
            "unknown": "unknown: nothing tells which came first"}.get(d, d)


def _role(r: Mapping, side: str) -> str:
    d = r["direction"]
    if d in ("a->b", "b->a"):
        return "source" if d.startswith(side) else "derived"
    return {"common": "shares a source", "unknown": "direction unknown"}.get(d, d)


def _quote_view(model: Model, q: Mapping, aid: str) -> dict:
    lo = q.get("likely_original")  # the index of the likely original wording among the variants
    variants = []
    for i, v in enumerate(q.get("variants", [])):
        arts = list(dict.fromkeys(v.get("articles", [])))
        variants.append({"text": v.get("text", ""), "here": aid in arts,
                         "original": isinstance(lo, int) and not isinstance(lo, bool) and lo == i,
                         "articles": [article_ref(model, a) for a in arts if a in model.meta]})
    named: dict[str, list] = {}  # who each article says spoke, shown when they name the speaker differently
    for v in q.get("variants", []):
        for a, who in zip(v.get("articles", []), v.get("speakers", []) or []):
            ref = article_ref(model, a) if who and who[:1].isupper() and a in model.meta else None
            if ref is not None and ref not in named.setdefault(who, []):  # once per article, as the CLI lists it
                named[who].append(ref)
    return {"speaker": q.get("speaker"), "altered": bool(q.get("altered")), "variants": variants,
            "changes": [c for c in q.get("changes", []) or [] if isinstance(c, Mapping)],
            "named": named if len(named) > 1 else {}, "speakers_differ": bool(q.get("speakers_differ"))}


def article_context(model: Model, aid: str) -> dict:
    meta = model.meta.get(aid, {})
    art = model.texts.get(aid)
    text = model.text(aid)
    marks: list[Mark] = []
    spin = meta.get("spin") if isinstance(meta.get("spin"), Mapping) else None
    for k, f in enumerate((spin or {}).get("flags", []) or []):
        span = f.get("span")
        if span and len(span) == 2:
            note = f"{f.get('kind', 'spin')}: {f.get('note', '')}".rstrip(": ")
            marks.append(Mark(int(span[0]), int(span[1]), f"spin-flag spin-{f.get('kind', '')}",
                              (("title", note), ("data-flag", str(k))), id=f"flag{k}"))
    quotes = model.quotes_of.get(aid, [])
    for n, q in enumerate(quotes):
        for i, v in enumerate(q.get("variants", [])):
            arts, spans = v.get("articles", []), v.get("spans", [])
            if len(arts) != len(spans):
                continue
            changed = bool(q.get("altered")) and q.get("likely_original") != i  # not the original wording
            for a, span in zip(arts, spans):
                if a == aid and span and len(span) == 2:
                    marks.append(Mark(int(span[0]), int(span[1]), "quote" + (" altered" if changed else ""),
                                      (("title", f"quotation of {q.get('speaker') or 'unknown speaker'}"),
                                       ("data-q", str(n))), level=1))
    pieces, placed = _pieces(model, aid)
    roles = model.roles(aid)
    return {"article": {**article_ref(model, aid), "meta": meta, "url": meta.get("url"),
                        "url_safe": _http(meta.get("url")), "source": meta.get("source"),
                        "author": getattr(art, "author", None), "missing": art is None},
            "html": render(text, marks, pieces), "removals": [] if placed or art is None else list(art.removals),
            "spin": spin, "flags": list((spin or {}).get("flags", []) or []),
            "sources": [relation_row(model, r, aid) for _, r in roles["sources"]],
            "copies": [relation_row(model, r, aid) for _, r in roles["copies"]],
            "related": [relation_row(model, r, aid) for _, r in roles["related"]],
            "quotes": [_quote_view(model, q, aid) for q in quotes],
            "story": story_page(model.story_of[aid]) if aid in model.story_of else None}


def _http(url: object) -> str | None:
    """The URL when it is safe to link (http or https), else None (shown as text only)."""
    return url if isinstance(url, str) and re.match(r"(?i)https?://", url) else None
