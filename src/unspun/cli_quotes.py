"""``unspun quotes`` and ``unspun spin``: how quotations and wordings changed on their way through the corpus."""

from __future__ import annotations

import click

from .cli_common import (_emit_json, _open, _resolve_id, _short, handle_broken_pipe, json_option, quiet_option,
                         warn_not_analysed)
from .progress import Reporter


@click.command()
@click.argument("db")
@click.option("--altered", is_flag=True, help="Only utterances whose wording differs between articles.")
@click.option("--article", "article_id", default=None,
              help="Only the utterances quoted by this article (id or prefix), also those no other article carries.")
@click.option("--all", "show_all", is_flag=True, help="Also quotations that only one article carries.")
@json_option
@quiet_option
@handle_broken_pipe
def quotes(db: str, altered: bool, article_id: str | None, show_all: bool, as_json: bool, quiet: bool) -> None:
    """Direct quotations grouped by utterance across the corpus, with their wordings.

    Each group lists its distinct wordings and the articles that use each, is
    marked ALTERED when wordings differ in words (not just punctuation or
    trimming), and names the wording most likely original.
    """
    from .quotes.stage import extract, groups
    from .quotes.variants import group_json

    with _open(db, must_exist=True) as store:
        aid = _resolve_id(store, article_id) if article_id else None
        warn_not_analysed(store, db)  # quotations group across reuse relations, which only analyze makes
        extract(store, reporter=Reporter(quiet=quiet))
        found = groups(store)
        titles = {s["id"]: s.get("title") or s.get("source") for s in store.article_summaries()}
    found = [g for g in found
             if (show_all or aid or len(g.articles()) > 1) and (not altered or g.altered)
             and (aid is None or aid in g.articles())]
    if as_json:  # one group per line, as ``export`` has them (``stories --json`` gives one story per line)
        for g in found:
            _emit_json(group_json(g))
        return
    if not found:
        click.echo("no quotation shared by two articles" + (" with altered wording" if altered else "")
                   + ("" if show_all else " (--all lists every quotation)"))
    for g in found:
        mark = "ALTERED" if g.altered else "same words"
        click.echo(f"{g.id}  {_short(g.speaker, 10_000) or '(speaker not named)'}  {mark}: "
                   f"{len(g.articles())} articles, {len(g.variants)} wording(s)")
        at = _first_difference([v.text for v in g.variants])
        for k, v in enumerate(g.variants):
            star = "*" if k == g.likely_original else " "
            click.echo(f"  {star} \u201c{_window(v.text, at, 110)}\u201d")
            click.echo("      in " + ", ".join(f"{a} ({_short(titles.get(a), 30)})" for a in v.articles[:6])
                       + (f" and {len(v.articles) - 6} more" if len(v.articles) > 6 else ""))
        if g.changes:
            click.echo("    changed: " + ", ".join(f"{a or '(none)'} \u2192 {b or '(none)'}" for a, b in g.changes[:10]))
        said = _named(g)
        if len(said) > 1:  # ``Cruz`` in one, ``Heidi Cruz`` in another: the reader judges; two given names differ
            label = "SPEAKERS DIFFER" if g.speakers else "speaker named"
            click.echo(f"    {label}: " + "; ".join(f"{_short(s, 10_000)} in {', '.join(arts[:4])}"
                                                    for s, arts in said.items()))
        if g.altered and g.likely_original is None:
            click.echo("    (which wording is original can't be told from this corpus)")
        click.echo("")
    if found and not as_json:
        click.echo("* the wording most likely original: shared by the most independent sources, "
                   "then by the article judged original, then the earliest")


def _spin_data(store, aid: str | None) -> dict:
    from .export import resolved, with_source
    from .quotes.stage import extract
    from .spin.stage import article_spins, flag_articles, judge_rewrites, spin_json

    extract(store)
    flag_articles(store)
    judge_rewrites(store)
    relations, found = resolved(store)
    spins = article_spins(store, found)
    direction = {(r.a, r.b): r.direction for r in relations}
    rewrites = [{"a": a, "b": b, "direction": direction.get((a, b), "unknown"),
                 **with_source(v, direction.get((a, b), "unknown"))}
                for (a, b), v in sorted(store.rewrite_spin().items()) if aid is None or aid in (a, b)]
    if aid is not None:
        return {"id": aid, "spin": spin_json(spins[aid]) if aid in spins else None, "rewrites": rewrites}
    ranked = sorted(spins.items(), key=lambda kv: (-kv[1].score, kv[0]))
    return {"articles": [{"id": k, "spin": spin_json(v)} for k, v in ranked], "rewrites": rewrites}


@click.command()
@click.argument("db")
@click.argument("article_id", required=False)
@json_option
@quiet_option
@handle_broken_pipe
def spin(db: str, article_id: str | None, as_json: bool, quiet: bool) -> None:
    """Machine-spin signs: each article's spin score and flags, and how each rewrite was made.

    Without ARTICLE_ID: every article by spin score, then every rewrite pair's verdict
    (machine spin, editorial rewrite, translation round trip). With ARTICLE_ID (an id, or
    a prefix of 4 or more characters that only one id starts with): that article's flags
    with their spans, and its rewrite pairs with the words swapped.
    """
    from .spin.stage import flag_articles

    with _open(db, must_exist=True) as store:
        aid = _resolve_id(store, article_id) if article_id else None
        warn_not_analysed(store, db)  # rewrite verdicts and altered quotations need the relations analyze makes
        flag_articles(store, reporter=Reporter(quiet=quiet))
        data = _spin_data(store, aid)
        texts = {a.id: a for a in store.articles([aid])} if aid else {}
        titles = {s["id"]: s.get("title") or s.get("source") for s in store.article_summaries()}
    if as_json:
        _emit_json(data)
        return
    if aid is None:
        click.echo("score  verdict      flags  article")
        for d in data["articles"]:
            s = d["spin"]
            kinds: dict[str, int] = {}
            marks = []  # of the whole text, no span (not_english, too_short): why it is not assessed, no flag
            for f in s["flags"]:
                if f["span"][0] == f["span"][1]:
                    marks.append(f["kind"])
                else:
                    kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
            click.echo(f"{s['score']:.2f}   {s['verdict']:<12} {sum(kinds.values()):>5}  {d['id']}  "
                       f"{_short(titles.get(d['id']), 50)}  "
                       + ", ".join([*marks, *(f"{v} {k}" for k, v in sorted(kinds.items()))]))
    else:
        s = data["spin"]
        click.echo(f"{aid}  {_short(titles.get(aid), 70)}")
        if s is None:
            click.echo("  not flagged yet (run 'unspun analyze')")
        else:
            marks = [f for f in s["flags"] if f["span"][0] == f["span"][1]]  # of the whole text: not_english, too_short
            shown = len(s["flags"]) - len(marks)
            click.echo(f"  spin score {s['score']:.2f}: {s['verdict']} ({shown} flag{'' if shown == 1 else 's'})")
            text = texts[aid].text
            for f in s["flags"]:
                a, b = f["span"]
                if a == b:
                    click.echo(f"  - {f['kind']}: {f['note']}")
                else:
                    click.echo(f"  - {f['kind']} [{a}:{b}] \u201c{_short(text[a:b], 60)}\u201d: {f['note']}")
    if data["rewrites"]:
        click.echo("")
        click.echo("rewrite pairs:")
    for r in data["rewrites"]:  # from the side taken for the source (``with_source``: judged, else by its words)
        back = r.get("source") == "b"
        swapped = swapped_words(r.get("replaced", []), back)
        a, b = (r["b"], r["a"]) if back else (r["a"], r["b"])
        pair = f"{a} \u2192 {b}" if r.get("direction") in ("a->b", "b->a") else f"{a} ~ {b}"
        click.echo(f"  {pair}  {r['verdict']} (spin score {r['score']:.2f})"
                   + (f"  swapped: {swapped}" if swapped else ""))
        if aid is not None and r.get("evidence"):
            click.echo(f"      why: {r['evidence']}")


def _named(g) -> dict[str, list[str]]:
    """The names a group's articles give its speaker, each with its articles, once per article however many of
    its quotations the group holds."""
    said: dict[str, list[str]] = {}
    for v in g.variants:
        for a, s in zip(v.articles, v.speakers):
            if s and s[:1].isupper() and a not in said.setdefault(s, []):
                said[s].append(a)
    return {s: arts for s, arts in said.items() if arts}


def _first_difference(texts: list[str]) -> int:
    """Where the wordings first differ (a character index), or 0 when they are the same."""
    if len(texts) < 2:
        return 0
    shortest = min(len(t) for t in texts)
    return next((i for i in range(shortest) if len({t[i] for t in texts}) > 1), shortest)


def _window(text: str, at: int, n: int) -> str:
    """``text`` cut to ``n`` characters around character ``at`` (where the group's wordings first differ), so that
    two long wordings never look the same on screen; from the start when they differ early."""
    text = text.replace("\n", " ")
    if len(text) <= n or at < n - 20:
        return _short(text, n)
    start = text.rfind(" ", 0, max(at - n // 2, 0)) + 1
    piece = _short(text[start:start + n - 2], n)  # control characters as spaces, as in a short wording
    return "…" + piece + ("…" if start + n - 2 < len(text) else "")


SWAPS_SHOWN = 8
"""The readable ``spin`` lists this many distinct swaps of a rewrite pair (``--json`` all, once per occurrence)."""


def swapped_words(replaced: list[dict], back: bool = False) -> str:
    """A rewrite's swaps as ``old → new``, from its source's side (``back``: B is the source), each swap once
    (a spinner swaps a word the same way wherever it stands: found by QA, ``tide → tidal, tide → tidal``)."""
    words = dict.fromkeys((x["to"], x["from"]) if back else (x["from"], x["to"]) for x in replaced)
    return ", ".join(f"{x} \u2192 {y}" for x, y in list(words)[:SWAPS_SHOWN])
