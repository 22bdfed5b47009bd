"""Ingest: read inputs, clean each article and store it, file by file, resumably.

A file is marked done only after all its articles are committed. Articles
are inserted with their content-hash ids, so reading a file again, or again
after a crash half-way through it, adds only what is missing.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .clean import clean_text
from .config import Options
from .progress import QUIET, Reporter
from .read import ReadStats, iter_input_files, read_file
from .read.common import CLICK_IDS
from .read.html import host_of
from .read.tabular import RECORD_FORMATS, record_document
from .records import Article, Document, ReadError, article_id, where_read
from .store import SQLiteStore, require_store

BATCH = 200
SKIP_REACHED_AGAIN = "file reached again (given twice, or through a symlink)"
CLEAN_VERSION = "clean.v8"
"""Bump when the cleaning rules change: every stored article is then cleaned again."""


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; ``failed`` is true when some input could not be read."""

    files: int = 0
    files_unchanged: int = 0
    read: int = 0
    added: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[ReadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Articles read with something repaired (bytes not valid in their encoding), one line each."""

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        return {"files": self.files, "files_unchanged": self.files_unchanged, "read": self.read,
                "added": self.added, "already_stored": self.read - self.added, "skipped": dict(self.skipped),
                "errors": [{"path": e.path, "locator": e.locator, "reason": e.reason} for e in self.errors],
                "warnings": list(self.warnings)}

    def merge(self, other: IngestReport) -> IngestReport:
        """This report with ``other``'s counts, errors and warnings added (``analyze`` of paths and records)."""
        skipped = dict(self.skipped)
        for reason, count in other.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
        return IngestReport(self.files + other.files, self.files_unchanged + other.files_unchanged,
                            self.read + other.read, self.added + other.added, skipped,
                            self.errors + other.errors, self.warnings + other.warnings)


def site_key(doc: Document) -> str:
    """The site whose repeated lines count as its furniture: URL host, else site name, else folder."""
    host = host_of(doc.url)  # None for a URL that does not parse (QA: "http://[" stopped the whole ingest)
    if host:
        return host
    if doc.site:
        return doc.site.strip().lower()
    if doc.path == "-":
        return "-"
    return os.path.dirname(os.path.abspath(doc.path))


def origin(doc: Document, name: str) -> str:
    """What, with the text as read, identifies an article.

    A WARC, JSONL, JSON or CSV record with a URL: that URL (where it was fetched or
    published). Anything else, HTML files included (their canonical URL is the
    page's claim, and syndicated copies often point it at the original): the
    file's path inside the folder given to ``ingest``, so that a corpus moved
    elsewhere keeps its ids while two folders' copies stay two articles.
    """
    if doc.url and doc.format in RECORD_FORMATS:
        return without_tracking(doc.url)
    return name


def without_tracking(url: str) -> str:
    """``url`` without its fragment, ``utm_`` parameters and the click identifiers of ad and social platforms
    (``fbclid``, ``gclid``, ...): the same page reached from a feed, a share button or an ad is one page (found by
    QA: a crawl's captures of one article with two ``fbclid`` values were two articles). Anything else (host, path,
    other parameters) is kept as it is."""
    base, _, _ = url.partition("#")
    path, sep, query = base.partition("?")
    if not sep:
        return base
    kept = [p for p in query.split("&") if p and not p.lower().startswith("utm_")
            and p.partition("=")[0].lower() not in CLICK_IDS]
    return f"{path}?{'&'.join(kept)}" if kept else path


@lru_cache(maxsize=4096)
def furniture_stamp(lines: frozenset[str]) -> str:
    """Names the cleaning an article got: this release's clean rules and its site's learned lines."""
    h = hashlib.blake2b(f"{CLEAN_VERSION}\n".encode(), digest_size=8)
    for line in sorted(lines):
        h.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


def make_article(doc: Document, furniture: frozenset[str], options: Options, name: str | None = None) -> Article:
    """Clean a document and give it its id (``name``: its file's path inside the ingested folder)."""
    text, removals = clean_text(doc.text, furniture=furniture, options=options.clean)
    name = name if name is not None else ("-" if doc.path == "-" else os.path.basename(doc.path))
    return Article(
        id=article_id(doc.text, origin(doc, name)), source=doc.source, path=doc.path, locator=doc.locator,
        format=doc.format, raw_text=doc.text, text=text, removals=removals,
        url=without_tracking(doc.url) if doc.url else None,  # the page, not the share button that led to it
        title=doc.title, site=doc.site, author=doc.author, published=doc.published,
        language=doc.language, encoding=doc.encoding, crawled=doc.crawled, canonical=doc.canonical,
        source_link=doc.source_link)


def ingest(store: SQLiteStore, paths: Iterable[str], *, options: Options = Options(),
           reporter: Reporter = QUIET) -> IngestReport:
    """Read ``paths`` (files, folders, ``-``; ``str`` or ``pathlib.Path``) into ``store``; unchanged files are
    skipped."""
    require_store(store, "ingest")
    if isinstance(paths, (str, bytes, os.PathLike)):  # found by QA: a path's characters were read as paths, "-" stdin
        raise TypeError(f"paths must be a list of paths, not one path: ingest(store, [{paths!r}])")
    paths = list(paths)
    if any(isinstance(p, (Mapping, Document)) for p in paths):  # a Python pipeline's articles, not files
        raise TypeError("paths are files and folders; to store records held in Python (dicts, Documents), "
                        "call ingest_records(store, records) or analyze(store, records=records)")
    paths = [os.fsdecode(p) for p in paths]
    report = IngestReport()
    furniture = store.site_furniture()
    walk_skipped: dict[str, int] = {}
    files = []
    for p in paths:
        found = [(f, _name_in(f, p)) for f in iter_input_files([p], skipped=walk_skipped)]
        if not found and os.path.isdir(p):  # found by QA: an empty day's crawl folder passed without a word
            report.warnings.append(f"{where_read(p)}: no article files in it (.txt, .html, .warc, .jsonl, .csv, ...)")
        files += found
    for reason, count in walk_skipped.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + count
    reached: set[str] = set()
    with reporter.task("ingest", total=len(files)) as task:
        for path, name in files:
            real = path if path == "-" else os.path.realpath(path)
            if real in reached:  # one file given twice, or reached again through a symlink: read once
                report.skipped[SKIP_REACHED_AGAIN] = report.skipped.get(SKIP_REACHED_AGAIN, 0) + 1
                task.advance()
                continue
            reached.add(real)
            report.files += 1
            task.describe(f"ingest {os.path.basename(path) or path}")
            within = _FileShare(task)  # QA: a 1-million-line JSONL showed 0/1 (0%) for minutes
            _ingest_file(store, path, name, furniture, options, report, within)
            within.finish()
    return report


STEPS = 1024
"""A file's task advances in 1/1024ths of a file as it is read (powers of two: the shares add up to 1 exactly)."""
PROGRESS_EVERY = 64
"""Articles and errors read between two looks at how far into its file reading is."""


class _FileShare:
    """Advances the ingest task by the share of one file read so far, then, at its end, by the rest of the file."""

    def __init__(self, task) -> None:
        self.task, self.done = task, 0

    def __call__(self, share: float) -> None:
        step = min(int(share * STEPS), STEPS)
        if step > self.done:
            self.task.advance((step - self.done) / STEPS)
            self.done = step

    def finish(self) -> None:
        self.task.advance((STEPS - self.done) / STEPS)


def _apart_from_other_copies(store: SQLiteStore, batch: list[tuple[Article, str, str]], path: str
                             ) -> list[tuple[Article, str, str]]:
    """Articles identified by their file's name inside the folder given (not a URL) whose id is taken by the same
    words read from another file that still exists (``wapo/story.txt`` and ``scraper/story.txt`` given as two
    folders) get an id of their own, from the file's absolute path: two copies stay two articles. A stored
    article whose file is gone was moved, and keeps its id."""
    if path == "-":
        return batch
    named = [art.id for art, _, _ in batch if origin(art, "") == ""]  # ids from the file name, not a URL
    if not named:
        return batch
    here = os.path.abspath(path)
    stored = store.paths_of(named)
    out = []
    for art, site, stamp in batch:
        other = stored.get(art.id)
        if other is not None and other != "-" and os.path.abspath(other) != here and os.path.exists(other) \
                and not _same_file(other, here):  # the same file reached through a symlink is no other copy
            art = replace(art, id=article_id(art.raw_text, here))
        out.append((art, site, stamp))
    return out


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _name_in(path: str, given: str) -> str:
    """A file's path relative to the folder the user gave (its own name when given directly)."""
    if path == "-":
        return "-"
    root = given if os.path.isdir(given) else os.path.dirname(given)
    return os.path.relpath(path, root or ".").replace(os.sep, "/")


def storable_path(path: str) -> str:
    """``path`` as the store keeps and shows it: a file name whose bytes are not UTF-8 (``caf\\xe9.txt`` from a
    Latin-1 archive, which Python holds with lone surrogates that SQLite can't take) with those bytes as
    ``\\xNN``; any other path as it is."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _shown_as(item: Document | ReadError, path: str, shown: str) -> Document | ReadError:
    if isinstance(item, ReadError):
        return replace(item, path=shown) if item.path == path else item
    return replace(item, path=shown, source=shown if item.source == path else item.source)


def _staged(doc: Document, furniture: dict[str, frozenset[str]], options: Options, report: IngestReport,
            name: str | None = None) -> tuple[Article, str, str]:
    """A document read, as the batch that :meth:`SQLiteStore.add_articles` stores takes it (its warning noted in
    ``report``): the article, cleaned with its site's furniture lines known so far, its site and those lines' stamp."""
    if doc.warning:
        report.warnings.append(f"{where_read(doc.path, doc.locator)}: {doc.warning}")
    site = site_key(doc)
    lines = furniture.get(site, frozenset())
    return make_article(doc, lines, options, name), site, furniture_stamp(lines)


def _ingest_file(store: SQLiteStore, path: str, name: str, furniture: dict[str, frozenset[str]],
                 options: Options, report: IngestReport, within: Callable[[float], None] | None = None) -> None:
    shown = storable_path(path)
    key = path if path == "-" else storable_path(os.path.abspath(path))
    size = mtime = None
    if path != "-":
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime
        except OSError:
            pass
        # the file itself, where ``path`` reaches it through a symlink: read before under its own name or another
        real = storable_path(os.path.realpath(path))
        keys = [key] if real == key else [key, real]
        if any(store.file_state(k) == (size, mtime, "done") for k in keys) and size is not None:
            report.files_unchanged += 1
            return
        store.mark_file(key, size=size, mtime=mtime, status="reading")
    stats = ReadStats()
    batch: list[tuple[Article, str, str]] = []
    errors: list[ReadError] = []
    n_articles = n_items = 0
    for item in read_file(path, options.read, stats=stats):
        n_items += 1
        if within is not None and n_items % PROGRESS_EVERY == 0 and (share := stats.share_read()) is not None:
            within(share)
        if shown != path:
            item = _shown_as(item, path, shown)
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        batch.append(_staged(item, furniture, options, report, name))
        n_articles += 1
        if len(batch) >= BATCH:
            report.added += store.add_articles(_apart_from_other_copies(store, batch, path))
            batch.clear()
    if batch:
        report.added += store.add_articles(_apart_from_other_copies(store, batch, path))
    report.read += n_articles
    for reason, count in stats.skipped.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + count
    if errors:
        store.add_read_errors(errors)
        report.errors.extend(errors)
    if path != "-":
        # A file with errors is not 'done': the next run reads it again (ids make that safe).
        for k in keys:
            store.mark_file(k, size=size, mtime=mtime, status="done" if not errors else "errors",
                            articles=n_articles, errors=len(errors), skipped=sum(stats.skipped.values()))


Record = str | Mapping | Document
"""What :func:`ingest_records` stores: a text, a record (``{"text": ..., "url": ..., "title": ...}``) or a
:class:`~unspun.records.Document`."""


def ingest_records(store: SQLiteStore, records: Iterable[Record], *, path: str = "-", options: Options = Options(),
                   reporter: Reporter = QUIET) -> IngestReport:
    """Store articles held in Python, as ``ingest`` stores the records of a JSON document (an array of records).

    Each item is a ``dict`` with the fields a JSONL record has (``text``; ``url``, ``title``, ``site``, ``date`` or
    ``published``, ``author``, ...; named by ``options.read``), a ``str`` (the text alone: ``{"text": s}``), or a
    :class:`~unspun.records.Document` (stored as it is). A record's text and title are read as a JSON record's
    are (HTML stripped, character references decoded), its date is put in ISO 8601 (a ``datetime`` or ``date``
    value as its ISO form) or left out with a warning, and its id hashes its URL (without ``utm_`` parameters,
    click ids or ``#fragment``) and its text, so that the same record read from a JSONL, JSON or CSV file, or
    given again, is the same article. A record with no URL is named by ``path``, as a file's records are by the
    file's name: ``"-"`` (the default) gives the ids ``unspun ingest DB -`` gives records piped to it, a file's
    name (``"feed.jsonl"``) those that ingesting that file gives. The report counts the records read, those
    added (``read - added`` were stored already) and gives each record that cannot be stored (no text, an empty
    one, one over ``max_article_bytes``) as an error at ``item=N`` (1-based), as ``ingest`` does.

    An item that is no record (``bytes``, ``None``, a number, a list) raises :class:`TypeError` naming its place;
    the items before it are stored by then (given again, they are only counted as stored already).
    """
    require_store(store, "ingest_records")  # a path, or None (review: an AttributeError deep inside)
    if isinstance(records, (str, bytes, Mapping, Document)):  # its characters or keys would be read as records
        raise TypeError(f"records must be a list of records, not one {type(records).__name__}: "
                        "ingest_records(store, [record])")
    if not isinstance(path, str):
        raise TypeError(f"path must be a str, not {type(path).__name__}")
    report = IngestReport()
    furniture = store.site_furniture()
    batch: list[tuple[Article, str, str]] = []
    errors: list[ReadError] = []
    total = len(records) if isinstance(records, Sized) else None
    try:
        with reporter.task("ingest records", total=total) as task:
            for n, item in enumerate(records, 1):
                doc = _record_document(item, n, path, options)
                task.advance()
                if isinstance(doc, ReadError):
                    errors.append(doc)
                    continue
                batch.append(_staged(doc, furniture, options, report))
                report.read += 1
                if len(batch) >= BATCH:
                    full, batch = batch, []
                    report.added += store.add_articles(full)
    finally:  # also when an item is no record, or the iterable fails: what came before it stays stored
        if batch:
            report.added += store.add_articles(batch)
        if errors:
            store.add_read_errors(errors)
            report.errors.extend(errors)
    return report


def _record_document(item: object, n: int, path: str, options: Options) -> Document | ReadError:
    """Item ``n`` (1-based) of :func:`ingest_records` as the reader of a JSON document reads its record ``n``."""
    locator = f"item={n}"
    if isinstance(item, Document):
        if not isinstance(item.text, str):
            raise TypeError(f"item {n} is a Document whose text is {type(item.text).__name__}, not a str; the items "
                            "before it are stored")
        if not item.text.strip():
            return ReadError(item.path, "no text (only whitespace)", item.locator or locator)
        return item
    if isinstance(item, str):
        item = {options.read.text_field: item}
    elif not isinstance(item, Mapping):
        hint = ": decode it to a str first" if isinstance(item, (bytes, bytearray)) else ""
        raise TypeError(f"item {n} is {type(item).__name__}, not a record (a str, a dict with a "
                        f"{options.read.text_field!r} field, or a Document){hint}; the items before it are stored")
    record = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in item.items()}
    return record_document(record, path, locator=locator, fmt="json", options=options.read)
