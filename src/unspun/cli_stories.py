"""``unspun stories``: which articles report the same story, and how the reports of one story are related."""

from __future__ import annotations

import click

from .cli_common import _emit_json, _open, _short, handle_broken_pipe, json_option, quiet_accepted
from .relate.provenance import OUTSIDE, families, to_json
from .store import SQLiteStore

_SUMMARY = ("id", "source", "url", "title", "site", "published")
_RELATION = ("a", "b", "kind", "direction", "confidence", "coverage_a", "coverage_b")


def _story_named(store: SQLiteStore, name: str) -> tuple[str, str | None]:
    """The story ``name`` names (:meth:`SQLiteStore.story_named`) and a line saying how, when it is not the
    story's own id; ClickException saying why when it names none."""
    try:
        story, how, aid = store.story_named(name)
    except LookupError as exc:
        raise click.ClickException(f"no story {name!r}: {exc}") from None
    if story is None:
        raise click.ClickException(f"no story {name!r}: article {aid} is in no story yet ('unspun analyze "
                                   f"{store.path}' builds stories, with the lead embeddings that --no-embed turns "
                                   "off)")
    if how == "moved":
        return story, f"story {name} ended as the store grew: its articles are in story {story} now"
    return story, None if how == "story" or story == aid else f"article {aid} is in story {story}"


@click.command()
@click.argument("db")
@click.argument("story_id", required=False)
@json_option
@quiet_accepted
@handle_broken_pipe
def stories(db: str, story_id: str | None, as_json: bool) -> None:
    """Stories (one news event each), largest first: their articles and days; with STORY_ID, one story.

    STORY_ID is a story's id or the id of any of its articles (a prefix of 4
    or more characters is enough); one story lists its articles in publication
    order and the reuse among them (who copies or rewrites whom). A story id
    that ended as the store grew (merged into another) leads to the story its
    articles are in now.
    """
    from . import export as ex

    with _open(db, must_exist=True) as store:
        listed = ex.stories_json(store)
        meta = {s["id"]: s for s in store.article_summaries()}
        if story_id is None:
            _list(listed, meta, as_json)
            return
        sid, note = _story_named(store, story_id)
        story = next(s for s in listed if s["id"] == sid)
        members = set(story["articles"])
        rels, _ = ex.resolved(store, around=story["articles"][0])
    inside = [r for r in rels if r.a in members and r.b in members]
    fams = families(inside)
    if as_json:
        _emit_json({"id": sid, **({"asked": story_id, "note": note} if note else {}),
                    "first": story["first"], "last": story["last"],
                    "articles": [{k: meta[a].get(k) for k in _SUMMARY} for a in story["articles"]],
                    "relations": [{k: getattr(r, k) for k in _RELATION} for r in inside],
                    "families": to_json(fams)})
        return
    if note:
        click.echo(note)
    click.echo(f"story {sid}: {_count(len(members), 'article')}{_days(story)}")
    for a in story["articles"]:
        m = meta[a]
        click.echo(f"  {a}  {(m['published'] or '')[:10]:<10}  {_short(m['site'], 24):<24}  "
                   f"{_short(m['title'] or m['url'] or m['source'], 60)}")
    for f in fams:
        origin = {None: "original unknown", OUTSIDE: "original not in the corpus"}.get(f.original,
                                                                                      f"original {f.original}")
        click.echo(f"reuse family of {_count(len(f.articles), 'article')}: {origin}")
        outside = sorted(v for u, v in f.graph.edges() if u.startswith(OUTSIDE))
        if outside:  # their relations to each other are siblings' (direction common): the source is not here
            click.echo(f"  derived from a source not in the corpus: {', '.join(outside)}")
        for u, v, d in sorted(f.graph.edges(data=True)):
            if u.startswith(OUTSIDE) or d.get("direction") == "common":
                continue  # two copies of one source: what each derives from is said above or below
            if d.get("direction") == "unknown":
                click.echo(f"  {u} and {v}: {d['kind']}, direction unknown")
            else:
                click.echo(f"  {v} is a {d['kind']} of {u} (confidence {d['confidence']:.2f})")
    alone = members - {a for f in fams for a in f.articles}
    if alone and len(members) > 1:
        click.echo(f"independent reports (no text reused): {', '.join(a for a in story['articles'] if a in alone)}")
    click.echo(f"('unspun sources {db} ID' shows an article's sources with the aligned passages)")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def _days(story: dict) -> str:
    first, last = story["first"], story["last"]
    if first is None:
        return ", undated"
    return f", {first}" if first == last else f", {first} to {last}"


def _list(listed: list[dict], meta: dict[str, dict], as_json: bool) -> None:
    if as_json:
        for s in listed:
            _emit_json(s)
        return
    if not listed:
        click.echo("no stories yet ('unspun analyze DB' builds them, with the lead embeddings that --no-embed turns off)")
    for s in listed:
        first = meta[s["articles"][0]]
        sites = {meta[a]["site"] for a in s["articles"] if meta[a]["site"]}
        click.echo(f"{s['id']}  {len(s['articles']):>4}  {(s['first'] or '')[:10]:<10}  "
                   f"{(s['last'] or '')[:10]:<10}  {len(sites):>3} site{'s' if len(sites) != 1 else ' '}  "
                   f"{_short(first['title'] or first['url'] or first['source'], 60)}")
