"""``unspun stories``: which articles report the same story, and how the reports of one story are related."""

from __future__ import annotations

import click

from .cli_common import (_emit_json, _open, _short, handle_broken_pipe, json_option, quiet_accepted,
                         warn_not_analysed)
from .relate.credits import distinct_sites
from .relate.provenance import OUTSIDE
from .store import SQLiteStore



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
        if story_id is None:
            warn_not_analysed(store, db)
            _list(ex.stories_json(store), {s["id"]: s for s in store.article_summaries()}, as_json)
            return
        sid, note = _story_named(store, story_id)
        story = ex.story(store, sid)
    if as_json:
        _emit_json({"id": sid, **({"asked": story_id, "note": note} if note else {}),
                    **{k: v for k, v in story.items() if k != "id"}})
        return
    if note:
        click.echo(note)
    click.echo(f"story {sid}: {_count(len(story['articles']), 'article')}{_days(story)}")
    for m in story["articles"]:
        click.echo(f"  {m['id']}  {(m['published'] or '')[:10]:<10}  {_short(m['site'], 24):<24}  "
                   f"{_short(m['title'] or m['url'] or m['source'], 60)}")
    for f in story["families"]:
        origin = {None: "original unknown", OUTSIDE: "original not in the corpus"}.get(f["original"],
                                                                                      f"original {f['original']}")
        click.echo(f"reuse family of {_count(len(f['articles']), 'article')}: {origin}")
        edges = sorted(f["edges"], key=lambda e: (e["from"], e["to"]))
        outside = sorted(e["to"] for e in edges if e["from"].startswith(OUTSIDE))
        if outside:  # their relations to each other are siblings' (direction common): the source is not here
            click.echo(f"  derived from a source not in the corpus: {', '.join(outside)}")
        for e in edges:
            u, v = e["from"], e["to"]
            if u.startswith(OUTSIDE) or e.get("direction") == "common":
                continue  # two copies of one source: what each derives from is said above or below
            if e.get("direction") == "unknown":
                click.echo(f"  {u} and {v}: {e['kind']}, direction unknown")
            else:
                click.echo(f"  {v} is a {e['kind']} of {u} (confidence {e['confidence']:.2f})")
    alone = {m["id"] for m in story["articles"]} - {a for f in story["families"] for a in f["articles"]}
    if alone and len(story["articles"]) > 1:
        click.echo("independent reports (no text reused): "
                   + ", ".join(m["id"] for m in story["articles"] if m["id"] in alone))
    click.echo(f"('unspun sources {db} ID' shows an article's sources with the aligned passages)")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def _days(story: dict) -> str:
    first, last = story["first"], story["last"]
    if first is None:
        return ", undated"
    return f", {first}" if first == last else f", {first} to {last}"


def _list(listed: list[dict], meta: dict[str, dict], as_json: bool) -> None:
    from .export import story_lead

    if as_json:
        for s in listed:
            _emit_json(s)
        return
    if not listed:
        click.echo("no stories yet ('unspun analyze DB' builds them, with the lead embeddings that --no-embed turns off)")
    for s in listed:
        first = meta[story_lead(s, {a: meta[a]["published"] for a in s["articles"]})]  # its first report
        sites = distinct_sites(meta[a]["site"] for a in s["articles"])  # one site by name and by host: once
        click.echo(f"{s['id']}  {len(s['articles']):>4}  {(s['first'] or '')[:10]:<10}  "
                   f"{(s['last'] or '')[:10]:<10}  {len(sites):>3} site{'s' if len(sites) != 1 else ' '}  "
                   f"{_short(first['title'] or first['url'] or first['source'], 60)}")
