"""The ``unspun`` command: a thin click layer over the library.

Results go to stdout (``--json`` for machines), progress and errors to stderr.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import shutil
import sys
import time

import click

from . import __version__
from .config import CandidateOptions, FingerprintOptions, Options, ReadOptions
from .engine import LocalEngine
from .progress import Reporter
from .records import printable
from .cli_common import (_emit_json, _open, _resolve_id, _short, handle_broken_pipe, json_option,  # noqa: F401
                         quiet_accepted, quiet_option, warn_not_analysed)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unspun")
def cli() -> None:
    """Trace rewritten news back to its source.

    Data flows one way: ingest -> clean -> quotes, spin flags -> segment -> fingerprint -> candidates
    -> align -> relate -> stories -> rewrite verdicts.
    Every command takes the database path first; results on stdout, progress on stderr.
    """


def read_options(f):
    """The options naming JSONL/CSV fields and the size limit, for every command that reads files."""
    for option in reversed((
        click.option("--text-field", default="text", show_default=True, help="JSONL/JSON/CSV field holding the text."),
        click.option("--url-field", default="url", show_default=True),
        click.option("--title-field", default="title", show_default=True),
        click.option("--date-field", default="date", show_default=True,
                     help="When the record has no 'date' and this is left as it is, 'published', 'published_at', "
                          "'datePublished', 'pubDate' ... are read. ISO 8601, RFC 2822 (RSS), Unix time, "
                          "month-first (10/28/2016) and dotted day-first (02.09.2016) dates, and a month named in "
                          "another language with day and year stated (3. Dezember 2026), are understood; others "
                          "are left out with a warning."),
        click.option("--site-field", default="site", show_default=True),
        click.option("--max-article-bytes", type=int, default=ReadOptions().max_article_bytes, show_default=True,
                     help="Refuse larger articles (a text file, page, WARC record or JSONL line)."),
    )):
        f = option(f)
    return f


def _read_options(fields: dict) -> ReadOptions:
    return ReadOptions(**{k: fields.pop(k) for k in ("text_field", "url_field", "title_field", "date_field",
                                                     "site_field", "max_article_bytes")})


def _not_fingerprinted(store, db: str, fo: FingerprintOptions) -> list[str]:
    """Warnings for stored articles that a query can't find: not analysed yet (found by a README read-through:
    after 'ingest' alone, check said "0 stored article(s)" and POST /check answered no match for their words), or
    fingerprinted by an older unspun, without the content-word runs that find a spun paragraph (review)."""
    from .fingerprint import Schemes

    s = Schemes.of(fo)
    none = set(store.ids_without_fingerprint(s.shingles))
    older = set(store.ids_without_fingerprint(s.grams)) - none
    out = []
    if none:
        out.append(f"warning: {len(none)} stored article(s) not analysed yet, so not checked against: run "
                   f"'unspun analyze {db}' first")
    if older:
        out.append(f"warning: {len(older)} stored article(s) fingerprinted by an older unspun: a few paragraphs of "
                   f"them spun into a text are not found until 'unspun analyze {db}' adds what finds them")
    return out


@cli.command()
@click.argument("db")
@click.argument("paths", nargs=-1, required=True)
@read_options
@json_option
@quiet_option
@handle_broken_pipe
def ingest(db: str, paths: tuple[str, ...], as_json: bool, quiet: bool, **fields) -> None:
    """Read text, HTML, WARC, JSONL, JSON and CSV/TSV files or folders (or - for stdin) into DB.

    Ingesting the same input again adds nothing. Files that can't be read are
    reported on stderr and make the exit status 1; the rest still goes in.
    """
    from .ingestion import ingest as run_ingest

    options = Options(read=_read_options(fields))
    reporter = Reporter(quiet=quiet)
    with _open(db) as store:
        report = run_ingest(store, paths, options=options, reporter=reporter)
        for err in report.errors:
            click.echo(f"error: {err}", err=True)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        if as_json:
            _emit_json(report.as_dict())
        else:
            click.echo(_ingest_line(report, db))
    if report.failed:
        sys.exit(1)


def _ingest_line(report, db: str) -> str:
    """What an ingest did, on one line: articles added and read, files skipped, records skipped and why, errors."""
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items())) or "none"
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return (f"{n(report.added, 'new article')} from {n(report.files, 'input')} "
            f"({n(report.read, 'article')} read, {report.read - report.added} of them already stored, "
            f"{n(report.files_unchanged, 'unchanged file')} skipped, "
            f"records skipped: {skipped}, {n(len(report.errors), 'error')}) -> {db}")


@cli.command()
@click.argument("db")
@click.option("--jaccard", type=float, default=CandidateOptions().jaccard, show_default=True,
              help="Keep pairs whose estimated shingle Jaccard is at least this.")
@click.option("--containment", type=float, default=CandidateOptions().containment, show_default=True,
              help="Keep pairs where this share of either side's shingles is in the other.")
@click.option("--immutables", "immutables_jaccard", type=float,
              default=CandidateOptions().immutables_jaccard, show_default=True,
              help="Keep pairs whose invariant tokens (names, numbers) overlap this much (Jaccard).")
@click.option("--cosine", "embedding_cosine", type=float, default=CandidateOptions().embedding_cosine,
              show_default=True, help="Keep pairs whose lead embeddings are at least this similar.")
@click.option("--embed/--no-embed", default=True, show_default=True,
              help="Use lead embeddings (all-MiniLM-L6-v2) as well as MinHash, immutables and shared "
                   "sentences.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes for fingerprinting (0: one per core).")
@json_option
@quiet_option
@handle_broken_pipe
def candidates(db: str, jaccard: float, containment: float, immutables_jaccard: float,
               embedding_cosine: float, embed: bool, workers: int, as_json: bool, quiet: bool) -> None:
    """Pairs of articles that may share text, with the evidence for each.

    Brings cleaning, segments and fingerprints up to date first.
    """
    from .pipeline import candidates as run_candidates

    options = Options(
        fingerprint=FingerprintOptions(embed=embed),
        candidates=CandidateOptions(jaccard=jaccard, containment=containment,
                                    immutables_jaccard=immutables_jaccard,
                                    embedding_cosine=embedding_cosine))
    reporter = Reporter(quiet=quiet)
    with _open(db, must_exist=True) as store:
        result = run_candidates(store, options, engine=LocalEngine(workers=workers), reporter=reporter)
        titles = {a["id"]: a["title"] or a["source"] for a in store.article_summaries()}
    if as_json:
        for c in result.candidates:
            _emit_json(dataclasses.asdict(c))
        return
    s = result.stats
    click.echo(f"{s.kept} candidate pairs among {s.articles} articles "
               f"(proposed: {', '.join(f'{k} {v}' for k, v in s.proposed.items())}; "
               f"{s.all_pairs} pairs in all)")
    if s.skipped_buckets and not quiet:
        click.echo(f"{s.skipped_buckets} LSH buckets of many near-identical articles were paired as stars "
                   f"around one member ({s.skipped_pairs} redundant pairs not listed)", err=True)
    if s.identical_copies and not quiet:
        click.echo(f"{s.identical_copies} copies of texts run more than {options.candidates.max_identical} times are "
                   "paired with their family's earliest copy only", err=True)
    for c in result.candidates:
        cos = "-" if c.embedding_cosine is None else f"{c.embedding_cosine:.2f}"
        click.echo(f"{c.a}  {c.b}  jaccard {c.jaccard:.2f}  contain {c.containment_a:.2f}/{c.containment_b:.2f}"
                   f"  immutables {c.immutables_jaccard:.2f} ({len(c.shared_immutables)} shared)"
                   f"  cosine {cos}  via {'+'.join(c.via)}")
        click.echo(f"    {_short(titles.get(c.a))}  <>  {_short(titles.get(c.b))}")


@cli.command()
@click.argument("db")
@json_option
@quiet_accepted
@handle_broken_pipe
def articles(db: str, as_json: bool) -> None:
    """List stored articles: id, chars, format, title, and URL (else source); --json adds the rest of its metadata."""
    with _open(db, must_exist=True) as store:
        for a in store.article_summaries():
            if as_json:
                _emit_json(a)
            else:
                click.echo(f"{a['id']}  {a['chars']:>7}  {a['format']:<5}  {_short(a['title'], 40):<40}  "
                           f"{printable(a['url'] or a['source'])}")


@cli.command()
@click.argument("db")
@click.argument("article_id")
@json_option
@quiet_accepted
@handle_broken_pipe
def show(db: str, article_id: str, as_json: bool) -> None:
    """Print one article: its metadata, cleaned text (all offsets refer to it) and removed furniture.

    ARTICLE_ID is an article's id, or a prefix of 4 or more characters that only one id starts with.
    """
    with _open(db, must_exist=True) as store:
        art = store.article(_resolve_id(store, article_id))
        seg = store.segmentation(art.id)
    assert art is not None
    if seg is None:  # not segmented yet (only ingested): segment now, so --json always has sentences
        from .segment import segment_article

        seg = segment_article(art.id, art.text)
    if as_json:
        d = {k: getattr(art, k) for k in ("id", "source", "path", "locator", "format", "url", "title", "site",
                                          "author", "published", "crawled", "language", "encoding", "canonical",
                                          "source_link", "text")}
        d["chars"] = art.chars
        d["removed"] = [{"start": r.start, "end": r.end, "kind": r.kind, "text": r.text} for r in art.removals]
        d["paragraphs"] = [[s.start, s.end] for s in seg.paragraphs]
        d["sentences"] = [[s.start, s.end] for s in seg.sentences]
        _emit_json(d)
        return
    for key in ("id", "title", "source", "url", "site", "author", "published", "crawled", "language", "format"):
        value = getattr(art, key)
        if value:
            shown = printable(value) if key in ("source", "url") else _short(str(value), 10_000)
            click.echo(f"{key + ':':<11}{shown}")  # on one line, no control characters
    if art.canonical:
        click.echo(f"{'original:':<11}{_short(art.canonical, 10_000)} (the page's canonical link names it)")
    if art.source_link and art.source_link != art.canonical:
        from .relate.direction import scraper_mark

        click.echo(f"{'from:':<11}{_short(art.source_link, 10_000)} (the page's "
                   f"\u201c{_short(scraper_mark(art) or 'Source link', 40)}\u201d link names it)")
    click.echo(f"{'chars:':<11}{art.chars}")
    click.echo("")
    click.echo(art.text)
    if art.removals:
        click.echo("")
        click.echo(f"removed furniture ({len(art.removals)}):")
        for r in art.removals:
            click.echo(f"  [{r.start}:{r.end}] {r.kind}: {_short(r.text, 70)}")


@cli.command()
@click.argument("db")
@click.argument("paths", nargs=-1)
@click.option("--embed/--no-embed", default=True, show_default=True,
              help="Sentence embeddings (paraphrase alignment, rewrites, stories).")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes for the stages that run in parallel: quotations, spin flags, fingerprints, "
                   "alignment, rewrite verdicts (0: one per core).")
@read_options
@json_option
@quiet_option
@handle_broken_pipe
def analyze(db: str, paths: tuple[str, ...], embed: bool, workers: int, as_json: bool, quiet: bool,
            **fields) -> None:
    """Ingest PATHS (if any) and run every stage: quotations and spin flags, candidates, alignment and
    relations, stories, rewrite verdicts.

    Incremental and idempotent: only new articles and new candidate pairs are worked on.
    """
    from .export import relations as load_relations
    from .pipeline import analyze as run_analyze

    reporter = Reporter(quiet=quiet)
    options = Options(read=_read_options(fields), fingerprint=FingerprintOptions(embed=embed))
    with _open(db, must_exist=not paths) as store:
        result = run_analyze(store, paths, options, engine=LocalEngine(workers=workers), reporter=reporter)
        kinds: dict[str, int] = {}
        for r in load_relations(store):
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        summary = {"db": db, "articles": store.count_articles(), "candidates": result.candidates,
                   "aligned_now": result.aligned, "stories": len(set(store.story_of().values())),
                   "relations": dict(sorted(kinds.items())), "quotations": store.count_quotes(),
                   "spin_verdicts": {}}
        for v in store.rewrite_spin().values():
            summary["spin_verdicts"][v["verdict"]] = summary["spin_verdicts"].get(v["verdict"], 0) + 1
        if result.ingested is not None:
            summary["ingested"] = result.ingested.as_dict()
            summary["ingest_errors"] = [str(e) for e in result.ingested.errors]
            summary["ingest_warnings"] = list(result.ingested.warnings)
    if as_json:
        _emit_json(summary)
    else:
        if result.ingested is not None:  # what was read and skipped (QA: a crawl's skipped records went unsaid)
            click.echo(_ingest_line(result.ingested, db))
        rel = ", ".join(f"{v} {k}" for k, v in summary["relations"].items()) or "none"
        click.echo(f"{summary['articles']} articles, {summary['candidates']} candidate pairs "
                   f"({result.aligned} aligned now), {summary['stories']} stories; relations: {rel}")
        spun = ", ".join(f"{v} {k}" for k, v in sorted(summary["spin_verdicts"].items())) or "none"
        click.echo(f"{summary['quotations']} quotations; rewrite verdicts: {spun}")
        click.echo(f"results in {db}: 'unspun export {db}' writes them all, "
                   f"'unspun sources {db} ID' shows one article's sources")
    if result.ingested is not None:
        for w in result.ingested.warnings:
            click.echo(f"warning: {w}", err=True)
    if result.ingested is not None and result.ingested.errors:
        for e in result.ingested.errors:
            click.echo(f"error: {e}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("db")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "graphml"]), default="json", show_default=True,
              help="json: the whole unspun.export/1 document; csv: one row per relation; "
                   "graphml: provenance graphs.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-",
              help="File to write (default: stdout).")
@click.option("--quiet", "-q", is_flag=True, help="Do not say on stderr which file was written.")
@handle_broken_pipe
def export(db: str, fmt: str, output: str, quiet: bool) -> None:
    """Write the analysis: articles, relations with aligned passages, stories, provenance."""
    from . import export as ex

    if output != "-" and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise click.ClickException(f"{output}: cannot write the export (no folder {os.path.dirname(output) or '.'})")
    if output != "-" and any(os.path.exists(output) and os.path.exists(f) and os.path.samefile(output, f)
                             for f in (db, db + "-wal", db + "-shm", db + "-journal")):
        raise click.ClickException(f"{output}: cannot write the export over the store {db} itself")
    with _open(db, must_exist=True) as store:
        warn_not_analysed(store, db)
        if fmt == "json":
            text = json.dumps(ex.export(store), ensure_ascii=False, indent=1) + "\n"
        elif fmt == "csv":
            text = ex.relations_csv(ex.resolved(store)[0], {a["id"]: a for a in store.article_summaries()})
        else:
            text = ex.graphml(store)
    if output == "-":
        sys.stdout.write(text)
    else:
        try:
            _write_whole(output, text)
        except OSError as exc:
            kept = "; the file there before is kept" if os.path.isfile(output) else ""
            raise click.ClickException(f"{output}: cannot write the export ({exc.strerror or exc}){kept}") from None
        if not quiet:  # QA: -q still said it
            click.echo(f"wrote {output}", err=True)


def _write_whole(path: str, text: str) -> None:
    """Write ``text`` to the file ``path`` whole or not at all: into a file beside it, then put in its place (QA: a
    full disk or a file size limit left the nightly export cut short, and the last whole one was gone). A device
    or a pipe (``-o /dev/stdout``), or a file in a folder that can't be written, is written as it is; a file that
    can't be written is not replaced (review: a read-only export was)."""
    target = os.path.realpath(path)
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        if os.path.exists(target) and (not os.path.isfile(target) or not os.access(target, os.W_OK)):
            raise IsADirectoryError  # not a file, or one its owner protected: written in place below (or refused)
        f = open(tmp, "x", encoding="utf-8", newline="")
    except OSError:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return
    try:
        with f:
            f.write(text)
        if os.path.exists(target):
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        os.remove(tmp)
        raise


@cli.command()
@click.argument("db")
@click.argument("article_id")
@json_option
@quiet_accepted
@handle_broken_pipe
def sources(db: str, article_id: str, as_json: bool) -> None:
    """What one article derives from, with the aligned passages; also its copies and related articles.

    ARTICLE_ID is an article's id, or a prefix of 4 or more characters that only one id starts with.
    """
    from . import export as ex
    from .fingerprint import Schemes

    with _open(db, must_exist=True) as store:
        aid = _resolve_id(store, article_id)
        result = ex.sources(store, aid)
        texts = {a.id: a for a in store.articles([aid] + [d["id"] for k in ("sources", "copies", "related")
                                                           for d in result[k]])}
        analysed = any(True for _ in store.fingerprints_of([aid], Schemes.of(FingerprintOptions()).shingles))
        weak = store.weakly_related(aid)
        if as_json and not analysed:  # the text says so below
            warn_not_analysed(store, db)
    if as_json:
        _emit_json(result)
        return
    here = texts[aid]
    click.echo(f"{aid}  {_short(here.title or here.source, 70)}")
    if not any(result[k] for k in ("sources", "copies", "related")):
        # the hint only where it helps (found by a README read-through: an analysed article that shares nothing
        # was told to run 'analyze')
        if weak:  # found by QA: "no shared text" where a built page shares a source's quoted paragraphs with it
            click.echo(f"  no reuse: it shares only quotations, stock phrases or loose paraphrases with {weak} stored "
                       f"article(s), weak evidence of copying ('unspun quotes {db} --article {aid}' shows the "
                       "quotations)")
        else:
            click.echo("  no shared text with any stored article" + ("" if analysed else
                       f" (not analysed yet: run 'unspun analyze {db}' first)"))
    for key, label in (("sources", "derives from"), ("copies", "copied by"), ("related", "related to")):
        for d in result[key]:
            other = texts.get(d["id"])
            click.echo("")
            how = ("direction unknown" if d["direction"] == "unknown"
                   else f"{d['direction']}, direction confidence {d['confidence']:.2f}")
            click.echo(f"{label} {d['id']}  [{d['kind']}, {how}]  "
                       f"{_short(other.title or other.source if other else '', 60)}")
            click.echo(f"  shares {d['coverage']:.0%} of this article, {d['coverage_other']:.0%} of that one")
            if d["evidence"]:
                click.echo(f"  evidence (A and B are the pair's two sides; this article is {d['this_side']}):")
            for e in d["evidence"]:
                click.echo(f"    {_short(e, 10_000)}")
            if "diff" in d and d["diff"]:  # from the source's word to the copy's: here is the source of a copy
                frm, to = ("here", "there") if key == "copies" else ("there", "here")
                _echo_diff([(x[frm], x[to]) for x in d["diff"]], "  ", ("words dropped", "words added")
                           if key != "related" else ("words only there", "words only here"))
            for x in d.get("moved", ()):
                click.echo(f"  moved: here [{x['here'][0]}:{x['here'][1]}] is there [{x['there'][0]}:{x['there'][1]}], "
                           f"in another place: {_short(here.text[x['here'][0]:x['here'][1]], 60)}")
            if key == "copies":
                continue  # 'unspun sources' on the copy shows them
            for p in d["passages"]:
                weak = f" (weak: {p['weak']})" if "weak" in p else ""
                click.echo(f"  - {p['type']} {p['score']:.2f}{weak}  here [{p['here'][0]}:{p['here'][1]}]"
                           f"  there [{p['there'][0]}:{p['there'][1]}]")
                click.echo(f"      here:  {_short(here.text[p['here'][0]:p['here'][1]], 100)}")
                if other is not None:
                    click.echo(f"      there: {_short(other.text[p['there'][0]:p['there'][1]], 100)}")


SHUTDOWN_GRACE_S = 5
"""On SIGTERM, ``serve`` gives the requests in flight this many seconds to finish, then closes their connections."""


@cli.command()
@click.argument("db")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="UNSPUN_TOKEN", default=None,
              help="Bearer token for writes (also from $UNSPUN_TOKEN). Without one the server is read-only: "
                   "POST /articles answers 401.")
@click.option("--private", is_flag=True, help="Reads (GETs and /check) need the token too.")
@click.option("--embed/--no-embed", default=None,
              help="Sentence embeddings (default: when installed and every stored article has one).")
@quiet_accepted
def serve(db: str, host: str, port: int, token: str | None, private: bool, embed: bool | None) -> None:
    """Serve DB over HTTP: POST /articles, POST /check, GET /articles/ID[/sources], /stories (docs at /docs)."""
    import uvicorn

    from .serve import create_app

    if private and not token:
        raise click.ClickException("--private needs a token (--token or $UNSPUN_TOKEN)")
    if not token:
        click.echo("no token: read-only, POST /articles answers 401", err=True)
    with _open(db, must_exist=True) as store:  # a clear error for a missing file or one that is not a store
        if store.read_only and token:
            raise click.ClickException(f"{db}: the store is read-only (its file or folder can't be written): serve "
                                       "it without a token, for reads and /check only")
        if store.frozen:
            click.echo(f"warning: {db}: read as it is now, since its folder can't be written here; what another "
                       "user writes to it while this server runs is not seen (restart the server to see it)", err=True)
        for line in _not_fingerprinted(store, db, FingerprintOptions()):  # as check says it
            click.echo(line, err=True)
    app = create_app(db, token=token, private=private, embed=embed)
    docs = "no /docs: --private publishes no schema" if private else "docs at /docs"
    click.echo(f"serving {db} on http://{host}:{port} ({docs})", err=True)
    # found by QA: uvicorn waits for every request in flight on SIGTERM, with no limit, so one client that stalled
    # half way through sending a request kept the server from stopping until a supervisor's SIGKILL; a write under
    # way still completes (the service closes the store only after it)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE_S)


@cli.command()
@click.argument("db")
@click.argument("path")
@click.option("--embed/--no-embed", default=True, show_default=True,
              help="Find candidates by lead embeddings too, and align paraphrased sentences by sentence "
                   "embeddings (when the store has them); without, words only.")
@read_options
@json_option
@quiet_option
@handle_broken_pipe
def check(db: str, path: str, embed: bool, as_json: bool, quiet: bool, **fields) -> None:
    """Which stored articles the article(s) in PATH (a text, HTML, WARC, JSONL, JSON or CSV file, a folder of
    them, or - for stdin) copy, derive from or share passages with; nothing is stored.

    Each match gives the relation's kind, its direction (stored->text: the text derives from the stored
    article), the evidence, the words replaced and the aligned passages (offsets into the text as read,
    after HTML extraction, and into the stored cleaned text). The command behind POST /check.
    """
    from .lookup import CheckOptions, FingerprintIndex, as_stored, stored_version
    from .lookup import check as run_check
    from .read import iter_input_files, read_file
    from .records import ReadError

    read = _read_options(fields)
    options = CheckOptions(fingerprint=FingerprintOptions(embed=embed))
    out: list[dict] = []
    errors: list[dict] = []  # in --json as ingest --json has them: a machine reading stdout learns what failed
    texts: dict[int, str] = {}
    stored_texts: dict[str, str] = {}
    with _open(db, must_exist=True) as store:
        index = FingerprintIndex.from_store(store, options.fingerprint, options.candidates)
        items = [item for f in iter_input_files([path]) for item in read_file(f, read)]  # a folder: its files
        if not items:
            click.echo(f"warning: {printable(path)}: no article files in it (.txt, .html, .warc, .jsonl, .csv, ...)",
                       err=True)
        for line in _not_fingerprinted(store, db, options.fingerprint) if items else ():
            click.echo(line, err=True)
        reporter = Reporter(quiet=quiet)
        with reporter.task("check", total=len(items)) as task:
            for item in items:
                task.advance()
                if isinstance(item, ReadError):
                    click.echo(f"error: {item}", err=True)
                    errors.append({"path": item.path, "locator": item.locator, "reason": item.reason})
                    continue
                matches = run_check(index, item.text, store=store, published=item.published, site=item.site,
                                    url=item.url, canonical=item.canonical, crawled=item.crawled,
                                    source_link=item.source_link, options=options)
                stored = stored_version(store, matches, item.text, url=item.url, path=item.path,
                                        locator=item.locator, fmt=item.format)
                if stored is not None:  # the text is in the store: say so, and give the corpus's relations
                    matches = as_stored(store, stored, matches)
                if not as_json:  # the readable answer quotes the passages from both texts
                    texts[len(out)] = item.text
                    for m in matches:
                        art = store.article(m.id) if m.id not in stored_texts else None
                        if art is not None:
                            stored_texts[m.id] = art.text
                out.append({"source": item.source, "file": item.path, "locator": item.locator, "chars": len(item.text),
                            "stored_as": stored, "matches": [m.as_dict() for m in matches],
                            # a page's extracted text, which the offsets point into (a text file is its own)
                            **({"text": item.text} if item.format in ("html", "warc") else {})})
    if as_json:
        _emit_json({"db": db, "path": path, "articles": out, "errors": errors,
                    "offsets": "into the text as read: line ends as \\n, an HTML page's extracted text"})
    else:
        for k, art in enumerate(out):
            if k:
                click.echo("")
            where = printable(art["source"])
            if art["locator"]:  # a record: its file too, when its source is its URL
                inside = f"{printable(art['file'])}, " if art["file"] != art["source"] else ""
                where += f" ({inside}{art['locator']})"
            found = sum(1 + len(m.get("same_text", ())) for m in art["matches"])
            if art["stored_as"] and not found:
                click.echo(f"{where}: stored as {art['stored_as']}; no other stored article shares text with it")
            elif art["stored_as"]:
                click.echo(f"{where}: stored as {art['stored_as']}; {found} other stored article(s) "
                           "share text with it (kinds and directions as 'unspun sources' gives them, weighed with "
                           "the corpus, where the store relates the pair)")
            else:
                click.echo(f"{where}: {found} stored article(s) share text with it")
            for m in art["matches"]:
                how = {"stored->text": "it derives from this stored article",
                       "text->stored": "this stored article derives from it",
                       "common": "both derive from a source not in the pair"}.get(m["direction"], "direction unknown")
                conf = f", direction confidence {m['confidence']:.2f}" if m["direction"] != "unknown" else ""
                click.echo(f"  {m['id']}  [{m['kind']}: {how}{conf}]  {_short(m['title'] or m['source'], 60)}")
                click.echo(f"    shares {m['coverage_text']:.0%} of the text, {m['coverage_stored']:.0%} of the stored "
                           f"article; {len(m['passages'])} passages")
                if m.get("same_text"):
                    n = len(m["same_text"])
                    listed = ", ".join(m["same_text"][:5]) + (", …" if n > 5 else "")
                    which = ("this one is the page the text names as its original"
                             if any("names B's address as its original" in e for e in m["evidence"])
                             else "this one is the earliest published" if m["published"] else "none of them is dated")
                    click.echo(f"    the same words are stored {n} more time(s): {listed} ({which}; kind, passages "
                               "and coverage hold for each)")
                click.echo("    evidence (A and B are the stored pair's two sides):" if m["judged"] == "corpus"
                           else "    evidence (A is the text, B the stored article):")
                for e in m["evidence"]:
                    click.echo(f"      {_short(e, 10_000)}")
                if m.get("diff"):
                    pairs, labels = _check_diff(m)
                    _echo_diff(pairs, "    ", labels)
                _echo_check_passages(m, texts.get(k, ""), stored_texts.get(m["id"], ""))
    if errors:
        sys.exit(1)


DIFF_SHOWN = 12
"""The readable ``sources`` and ``check`` list this many words replaced, dropped and added (``--json`` all)."""


def _check_diff(m: dict) -> tuple[list[tuple[str, str]], tuple[str, str]]:
    """A ``check`` match's diff as :func:`_echo_diff` takes it: from the source's words to the copy's where the
    direction is known, else from the stored article's to the text's, with labels that say no more than that."""
    if m["direction"] == "text->stored":
        return [(x["text"], x["stored"]) for x in m["diff"]], ("words dropped", "words added")
    labels = (("words dropped", "words added") if m["direction"] == "stored->text"
              else ("words only in the stored article", "words only in the text"))
    return [(x["stored"], x["text"]) for x in m["diff"]], labels


def _echo_diff(pairs: list[tuple[str, str]], indent: str,
               gaps: tuple[str, str] = ("words dropped", "words added")) -> None:
    """A relation's diff, ``(from, to)`` pairs: words replaced (``old → new``), then words only the first side
    has (dropped on the way to the second: a clause a scraper cut) and words only the second has, each kind on
    its own line under its label in ``gaps``; split by ``;`` where the words hold a comma."""
    lines = (("words replaced", [f"{old} → {new}" for old, new in pairs if old and new]),
             (gaps[0], [old for old, new in pairs if old and not new]),
             (gaps[1], [new for old, new in pairs if new and not old]))
    for label, shown in lines:
        if shown:
            sep = "; " if any("," in x for x in shown[:DIFF_SHOWN]) else ", "
            more = f" and {len(shown) - DIFF_SHOWN} more" if len(shown) > DIFF_SHOWN else ""
            click.echo(f"{indent}{label}: " + sep.join(shown[:DIFF_SHOWN]) + more)


CHECK_PASSAGES = 8
"""The readable ``check`` quotes this many aligned passages of each match (``--json`` gives them all)."""


def _echo_check_passages(m: dict, text: str, stored: str) -> None:
    for p in m["passages"][:CHECK_PASSAGES]:
        weak = f" (weak: {p['weak']})" if p.get("weak") else ""
        (s, e), (t, u) = p["text"], p["stored"]
        click.echo(f"    - {p['type']} {p['score']:.2f}{weak}  text [{s}:{e}]  stored [{t}:{u}]")
        click.echo(f"        text:   {_short(text[s:e], 100)}")
        click.echo(f"        stored: {_short(stored[t:u], 100)}")
    if len(m["passages"]) > CHECK_PASSAGES:
        click.echo(f"    ... and {len(m['passages']) - CHECK_PASSAGES} more passages (--json gives them all)")


def _register() -> None:
    from .cli_quotes import quotes, spin
    from .cli_stories import stories

    cli.add_command(quotes)
    cli.add_command(spin)
    cli.add_command(stories)


_register()


@cli.command()
@click.argument("db")
@click.argument("out_dir", type=click.Path(file_okay=False, writable=True))
@json_option
@quiet_option
@handle_broken_pipe
def report(db: str, out_dir: str, as_json: bool, quiet: bool) -> None:
    """Write the analysis as a static HTML site into OUT_DIR: open OUT_DIR/index.html from disk.

    Stories, provenance graphs, each pair's texts side by side with the shared
    passages highlighted, and each article's sources, copies, spin and quotations.
    """
    from .report import report as write_report

    with _open(db, must_exist=True) as store:
        warn_not_analysed(store, db)
        try:
            written = write_report(store, out_dir, reporter=Reporter(quiet=quiet))
        except OSError as exc:
            raise click.ClickException(f"{out_dir}: cannot write the report ({exc.strerror or exc})") from exc
    index = written.out / "index.html"
    if as_json:
        _emit_json({"out": str(written.out), "index": str(index), "pages": written.pages})
    else:
        click.echo(f"{written.pages} pages written to {written.out}/: open {index}")


class _WholeWrites(io.RawIOBase):
    """Standard output without a buffer (``PYTHONUNBUFFERED=1``, set in many containers, or ``python -u``) whose
    writes go out whole or raise. Python writes its text there in one call to the file and drops what the file did
    not take (QA: ``export > FILE`` on a disk that filled up left half a document and exited 0, saying nothing;
    buffered, the next write raises ENOSPC, and ``handle_broken_pipe`` says so)."""

    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__()
        self.raw = raw

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.raw.fileno()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def write(self, b) -> int:
        view = memoryview(b).cast("B")
        done = 0
        while done < len(view):
            n = self.raw.write(view[done:])
            if n is None:  # a non-blocking output full for now (a pipe that a slow reader drains): wait, not full
                _wait_writable(self.raw)
                continue
            if not n:  # nothing taken, no error: a file that takes no more is full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            done += n
        return done


def _wait_writable(raw: io.RawIOBase) -> None:
    """Wait until ``raw`` takes more (found in review: a non-blocking standard output, which a parent process can
    leave, was called a full disk when its pipe was full for a moment)."""
    import select

    try:
        select.select([], [raw.fileno()], [], 1.0)
    except (OSError, ValueError):  # no select on this file (Windows): wait a little
        time.sleep(0.01)


def _whole_writes() -> None:
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if isinstance(buffer, io.RawIOBase) and not isinstance(buffer, _WholeWrites):
        sys.stdout = io.TextIOWrapper(_WholeWrites(out.buffer), encoding=out.encoding, errors=out.errors,
                                      line_buffering=out.line_buffering, write_through=True)


def main() -> None:
    """The ``unspun`` command. Ctrl-C exits with 130, as shells report SIGINT, so that a script can tell an
    interrupted run from one that met bad input (1) or a usage error (2)."""
    _whole_writes()
    try:
        code = cli.main(prog_name="unspun", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted: what was stored before stays in the store; run the command again to go on", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
