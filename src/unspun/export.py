"""What ``unspun export`` and ``unspun sources`` write: the store's answers as plain data.

The JSON document follows the ``unspun.export/1`` contract: articles,
relations with their aligned passages (offsets into the cleaned text that
``unspun show`` prints), stories and reuse families. Pairs that were aligned
and share no text but sit in one story come out as ``same_story`` relations;
pairs whose two sides both derive from a third article come out ``common``, and
reuse pairs whose own texts left the direction unknown take it from the copies around them
or from how they word a quotation that independent sources also carry. ``quotes`` groups the
corpus's quotations by utterance, with their wordings (``quotes/variants.py``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from .records import Relation
from .relate import corroborate, siblings
from .relate.moves import moved
from .relate.provenance import REUSE, families, to_graphml
from .relate.provenance import to_json as families_json
from .store import SQLiteStore, require_store

SCHEMA = "unspun.export/1"
ARTICLE_FIELDS = ("id", "source", "url", "title", "site", "published", "chars", "canonical", "source_link", "author",
                  "crawled")


def relations(store: SQLiteStore, article_id: str | None = None) -> list[Relation]:
    """Every relation (of one article), with ``same_story`` pairs and sibling directions resolved."""
    story = store.story_of()
    weak = store.weak_sharing()
    out: list[Relation] = []
    for r in store.relations():
        if isinstance(r, tuple):
            a, b = r
            if story.get(a) is not None and story.get(a) == story.get(b):
                cov_a, cov_b, passages = weak.get(r, (0.0, 0.0, ()))
                out.append(Relation(a, b, "same_story", cov_a, cov_b, "unknown", 0.0, (_weak_note(passages),),
                                    passages))
            continue
        out.append(r)
    out = siblings(corroborate(out))
    if article_id is not None:
        out = [r for r in out if article_id in (r.a, r.b)]
    return out


def _weak_note(passages) -> str:
    """What a ``same_story`` pair shares, in words: nothing, or only what independent reports share."""
    if not passages:
        return "no shared text: independent reports of one event"
    counts = {"quote": 0, "short": 0, "boilerplate": 0, "notice": 0, "numbers": 0, "": 0}
    for p in passages:
        counts[p.weak if p.weak in counts else ""] += 1
    names = (("quote", "quotation"), ("short", "stock phrase"), ("boilerplate", "site boilerplate sentence"),
             ("notice", "republication notice"), ("numbers", "sentence of one form with other numbers"),
             ("", "other sentence"))
    parts = [f"{counts[k]} {name}{'s' * (counts[k] != 1)}" for k, name in names if counts[k]]
    if counts[""]:
        # the others are loose paraphrases, or sentences word for word that are no lifted passage: a site's own
        # sentence on two of its pages (a section page's teaser of its article; found by QA: called paraphrases)
        types = {"paraphrase" if p.type == "paraphrase" else "verbatim" for p in passages if not p.weak}
        parts[-1] += {frozenset({"paraphrase"}): " (loose paraphrases, none in a run)",
                      frozenset({"verbatim"}): " (word for word or nearly, none in a run)"}.get(
            frozenset(types), " (loose paraphrases or word for word, none in a run)")
    return ("shares only " + ", ".join(parts) + ": weak evidence of copying, since independent reports of one "
            "event quote the same people and tell it in the same order; no reuse")


def resolved(store: SQLiteStore, around: str | None = None) -> tuple[list[Relation], list]:
    """All relations, with directions that quotation wording settles, and the quote groups.

    With ``around``, quotations are grouped only among the articles near that
    one (its story and the articles within two reuse links), which is what
    settles its own relations, and costs little on a large store; where one of
    its reuse relations has no direction yet, also among the articles in other
    stories that quote what the pair quotes (found by the quotations' rarest
    words: independent witnesses of their wording).
    """
    from .quotes.stage import groups
    from .quotes.variants import REUSE, quote_direction, words

    rels = relations(store)
    ids = None
    if around is not None:
        near = {around}
        for _ in range(2):
            near |= {x for r in rels if r.a in near or r.b in near for x in (r.a, r.b)}
        story = store.story_of()
        if story.get(around) is not None:
            near |= {a for a, sid in story.items() if sid == story[around]}
        open_pairs = {x for r in rels if around in (r.a, r.b) and r.kind in REUSE and r.direction == "unknown"
                      for x in (r.a, r.b)}
        if open_pairs:  # an independent article in another story that quotes the same words is a witness
            near |= store.quoting(words(q.text) for aid in sorted(open_pairs) for _, q in store.quotes(aid))
        ids = sorted(near)
    found = groups(store, rels, ids=ids)
    return siblings(quote_direction(rels, found)), found


def relation_json(r: Relation) -> dict:
    d = {"a": r.a, "b": r.b, "kind": r.kind, "direction": r.direction, "confidence": r.confidence,
         "coverage_a": r.coverage_a, "coverage_b": r.coverage_b, "evidence": list(r.evidence),
         "passages": [{"a": [p.a.start, p.a.end], "b": [p.b.start, p.b.end], "type": p.type, "score": p.score,
                       **({"weak": p.weak} if p.weak else {})} for p in r.passages]}
    if r.kind == "rewrite" or r.diff:  # rewrites always; a copy when words were changed, dropped ("to": "") or added
        d["diff"] = [{"from": old, "to": new} for old, new in r.diff]
    if r.kind in REUSE and (blocks := moved(r.passages)):  # shared text that stands in another order on each side
        d["moved"] = [{"a": [a.start, a.end], "b": [b.start, b.end]} for a, b in blocks]
    return d


def _own_stamps(store: SQLiteStore) -> set[str]:
    """Articles that joined their story as a copy or rewrite of one in it, whose own date the story's days leave out
    (a scraper's or content farm's stamp is no date of the event; found by QA: a spin's date stretched its story's
    days by weeks). Read from the story index's state; a story saved before the index kept each member's date
    (``dated`` shorter than ``date_n``) counts every member."""
    from .pipeline import STORIES_STATE

    saved = store.state(STORIES_STATE)
    out: set[str] = set()
    for st in (saved[0].get("stories", ()) if saved else ()):
        if st.get("alive") and "dated" in st and len(st["dated"]) == st.get("date_n"):
            out.update(set(st["members"]) - set(st["dated"]))
    return out


def _story_days(own: list[str], stamps: list[str]) -> list[str]:
    """The days of a story: those of its articles that joined on their own, and the stamps of copies within the
    stories' date window of them (a copy run the next day is a report of the event on that day; one stamped weeks
    or a year away is a scraper's stamp); every stamp when no article joined on its own."""
    from datetime import date

    from .stories import StoryOptions

    if not own:
        return stamps
    window = StoryOptions().window_days
    lo, hi = date.fromisoformat(min(own)), date.fromisoformat(max(own))

    def near(day: str) -> bool:
        try:
            d = date.fromisoformat(day)
        except ValueError:
            return False
        return (lo - d).days <= window and (d - hi).days <= window

    return own + [d for d in stamps if near(d)]


def stories_json(store: SQLiteStore) -> list[dict]:
    """Stories, largest first: each with its articles in publication order (undated last, each group by id) and
    its ``first`` and ``last`` publication days (None when none is dated), so a story's spread can be read: the days
    of the articles that joined it on their own, and of copies that joined it through their original only within
    the stories' date window of those (``_story_days``)."""
    members: dict[str, list[str]] = {}
    for aid, sid in store.story_of().items():
        members.setdefault(sid, []).append(aid)
    published = store.published()
    stamped = _own_stamps(store)
    return [_story_entry(sid, ids, published, stamped)
            for sid, ids in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _story_entry(sid: str, ids: Iterable[str], published: dict[str, str | None], stamped: set[str]) -> dict:
    """One story as :func:`stories_json` lists it: its articles in publication order and its first and last day."""
    ordered = sorted(ids, key=lambda a: publication_order(a, published.get(a)))
    dated = _story_days([published[a][:10] for a in ordered if published.get(a) and a not in stamped],
                        [published[a][:10] for a in ordered if published.get(a) and a in stamped])
    return {"id": sid, "articles": ordered, "first": min(dated) if dated else None,
            "last": max(dated) if dated else None}


STORY_ARTICLE_FIELDS = ("id", "source", "url", "title", "site", "published")
_STORY_RELATION_FIELDS = ("a", "b", "kind", "direction", "confidence", "coverage_a", "coverage_b")


def story(store: SQLiteStore, story_id: str) -> dict:
    """One story, as ``unspun stories DB ID --json`` and ``GET /stories/ID`` give it: its first and last day, its
    articles in publication order (as :func:`stories_json` lists them), the relations between them and their reuse
    families (the original, who copies or rewrites whom). LookupError when no article is in story ``story_id``."""
    ids = store.story_members(story_id)
    if not ids:
        raise LookupError(f"no article is in story {story_id!r}")
    entry = _story_entry(story_id, ids, store.published(ids), _own_stamps(store))
    members = set(ids)
    # the members' own rows (review: every article's metadata was read, a scan of the whole store per GET /stories/ID)
    meta = {a.id: {k: getattr(a, k) for k in STORY_ARTICLE_FIELDS} for a in store.articles(ids)}
    rels, _ = resolved(store, around=entry["articles"][0])
    inside = [r for r in rels if r.a in members and r.b in members]
    return {**entry, "articles": [{k: meta[a].get(k) for k in STORY_ARTICLE_FIELDS} for a in entry["articles"]],
            "relations": [{k: getattr(r, k) for k in _STORY_RELATION_FIELDS} for r in inside],
            "families": families_json(families(inside))}


def with_source(verdict: dict, direction: str) -> dict:
    """A stored rewrite verdict with ``source`` as the resolved direction says (the copies around a pair, or a
    quotation, can settle a direction after the verdict was stored); undirected, the verdict's own."""
    side = {"a->b": "a", "b->a": "b"}.get(direction)
    return {**verdict, "source": side} if side and "source" in verdict else verdict


def publication_order(article_id: str, published: str | None) -> tuple:
    """Sort key of a story's articles: dated ones by their date as stored, then undated ones, each by id."""
    return (published is None, published or "", article_id)


def story_lead(story: Mapping, published: Mapping[str, str | None]) -> str | None:
    """The article a story is titled by: its first report, in publication order, dated on or after the story's first
    day, so that a copy stamped before the event (a scraper's or content farm's stamp, which the story's days leave
    out) does not name it (found in review: a spin stamped a year before its original titled the original's story
    in ``stories`` and the report); its first article otherwise (None for none)."""
    arts = sorted(story.get("articles", []), key=lambda a: publication_order(a, published.get(a)))
    first = story.get("first")
    return next((a for a in arts if first and (published.get(a) or "")[:10] >= first), arts[0] if arts else None)


def export(store: SQLiteStore) -> dict:
    """The whole analysis as one ``unspun.export/1`` document."""
    require_store(store, "export")
    from .quotes.variants import group_json
    from .spin.stage import article_spins, spin_json

    rels, found = resolved(store)
    spins = article_spins(store, found)
    verdicts = store.rewrite_spin()
    articles = []
    for s in store.article_summaries():
        d = {k: s.get(k) for k in ARTICLE_FIELDS}
        if s["id"] in spins:
            d["spin"] = spin_json(spins[s["id"]])
        articles.append(d)
    relations_out = []
    for r in rels:
        d = relation_json(r)
        if (r.a, r.b) in verdicts:
            d["spin"] = with_source(verdicts[(r.a, r.b)], r.direction)
        relations_out.append(d)
    return {
        "schema": SCHEMA,
        "articles": articles,
        "relations": relations_out,
        "stories": stories_json(store),
        "stories_moved": store.story_moves(),
        "families": families_json(families(rels)),
        "quotes": [group_json(g) for g in found],
    }


def relations_csv(rels: Iterable[Relation], meta: dict[str, dict] | None = None) -> str:
    """One row per relation (passages counted, not listed); with ``meta`` (``article_summaries`` by id) each side's
    address (its URL, else where it was read from) and title too, so a script needs no join."""
    meta = meta or {}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["a", "b", "kind", "direction", "confidence", "coverage_a", "coverage_b", "passages", "evidence",
                "address_a", "address_b", "title_a", "title_b"])
    for r in rels:
        ma, mb = meta.get(r.a, {}), meta.get(r.b, {})
        text = ["; ".join(r.evidence), ma.get("url") or ma.get("source") or "", mb.get("url") or mb.get("source") or "",
                ma.get("title") or "", mb.get("title") or ""]
        w.writerow([r.a, r.b, r.kind, r.direction, r.confidence, r.coverage_a, r.coverage_b, len(r.passages),
                    *map(_inert, text)])
    return buf.getvalue()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """A text cell that a spreadsheet will not run: one starting as a formula does (``=HYPERLINK(...)``, ``+1``,
    ``@SUM``) gets a leading apostrophe, which spreadsheets show as text (titles come from the pages read)."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


def graphml(store: SQLiteStore) -> str:
    """The provenance graphs of all reuse families, as one GraphML document."""
    meta = {a["id"]: a for a in store.article_summaries()}
    return to_graphml(families(resolved(store)[0]), meta)


def derives_from(r: Relation, article_id: str) -> str | None:
    """The other side of ``r`` when ``article_id`` derives from it, else None."""
    if r.direction == "a->b" and r.b == article_id:
        return r.a
    if r.direction == "b->a" and r.a == article_id:
        return r.b
    return None


def sources(store: SQLiteStore, article_id: str) -> dict:
    """What one article derives from (direction known), and what it shares text with otherwise. ``article_id``: an
    id, or a prefix of one as ``unspun sources`` takes (:class:`LookupError` for none or several)."""
    require_store(store, "sources")
    article_id = store.resolve_id(article_id)  # found by QA: a prefix or an unknown id gave an empty answer
    out: dict = {"id": article_id, "sources": [], "copies": [], "related": []}
    for r in resolved(store, around=article_id)[0]:
        if article_id not in (r.a, r.b):
            continue
        other = r.b if r.a == article_id else r.a
        d = relation_json(r)
        mine, theirs = ("a", "b") if r.a == article_id else ("b", "a")
        d = {"id": other, "kind": r.kind, "direction": r.direction, "confidence": r.confidence,
             "this_side": mine.upper(),
             "coverage": r.coverage_a if mine == "a" else r.coverage_b,
             "coverage_other": r.coverage_b if mine == "a" else r.coverage_a,
             "evidence": list(r.evidence),
             "passages": [{"here": p[mine], "there": p[theirs], "type": p["type"], "score": p["score"],
                           **({"weak": p["weak"]} if "weak" in p else {})} for p in d["passages"]],
             **({"diff": [{"there": x["from"], "here": x["to"]} if mine == "b" else
                          {"there": x["to"], "here": x["from"]} for x in d["diff"]]} if "diff" in d else {}),
             **({"moved": [{"here": x[mine], "there": x[theirs]} for x in d["moved"]]} if "moved" in d else {})}
        if derives_from(r, article_id) is not None:
            out["sources"].append(d)
        elif derives_from(r, other) is not None:
            out["copies"].append(d)
        else:
            out["related"].append(d)
    return out
