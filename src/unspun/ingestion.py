"""Ingest: read inputs, clean each article and store it, file by file, resumably.

A file is marked done only after all its articles are committed. Articles
are inserted with their content-hash ids, so reading a file again, or again
after a crash half-way through it, adds only what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .clean import clean_text
from .config import Options
from .progress import QUIET, Reporter
from .read import ReadStats, iter_input_files, read_file
from .records import Article, Document, ReadError, article_id
from .store import SQLiteStore

BATCH = 200


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; ``failed`` is true when some input could not be read."""

    files: int = 0
    files_unchanged: int = 0
    read: int = 0
    added: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[ReadError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict:
        return {"files": self.files, "files_unchanged": self.files_unchanged, "read": self.read,
                "added": self.added, "skipped": dict(self.skipped),
                "errors": [{"path": e.path, "locator": e.locator, "reason": e.reason} for e in self.errors]}


def site_key(doc: Document) -> str:
    """The site whose repeated lines count as its furniture: URL host, else site name, else folder."""
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    if doc.site:
        return doc.site.strip().lower()
    if doc.path == "-":
        return "-"
    return os.path.dirname(os.path.abspath(doc.path))


def origin(doc: Document) -> str:
    """What, with the text, identifies an article: its URL, else its file's name and place in it.

    The file's name, not its path, so that a corpus moved to another folder or
    machine keeps its ids.
    """
    if doc.url:
        return doc.url
    name = "-" if doc.path == "-" else os.path.basename(doc.path)
    return f"{name}#{doc.locator}" if doc.locator else name


def make_article(doc: Document, furniture: frozenset[str], options: Options) -> Article:
    """Clean a document and give it its id."""
    text, removals = clean_text(doc.text, furniture=furniture, options=options.clean)
    return Article(
        id=article_id(doc.text, origin(doc)), source=doc.source, path=doc.path, locator=doc.locator,
        format=doc.format, raw_text=doc.text, text=text, removals=removals, url=doc.url,
        title=doc.title, site=doc.site, author=doc.author, published=doc.published,
        language=doc.language, encoding=doc.encoding)


def ingest(store: SQLiteStore, paths: Iterable[str], *, options: Options = Options(),
           reporter: Reporter = QUIET) -> IngestReport:
    """Read ``paths`` (files, folders, ``-``) into ``store``; unchanged files are skipped."""
    report = IngestReport()
    furniture = store.site_furniture()
    files = list(iter_input_files(paths))
    with reporter.task("ingest", total=len(files)) as task:
        for path in files:
            report.files += 1
            task.describe(f"ingest {os.path.basename(path) or path}")
            _ingest_file(store, path, furniture, options, report)
            task.advance()
    return report


def _ingest_file(store: SQLiteStore, path: str, furniture: dict[str, frozenset[str]],
                 options: Options, report: IngestReport) -> None:
    key = path if path == "-" else os.path.abspath(path)
    size = mtime = None
    if path != "-":
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime
        except OSError:
            pass
        state = store.file_state(key)
        if state is not None and state == (size, mtime, "done") and size is not None:
            report.files_unchanged += 1
            return
        store.mark_file(key, size=size, mtime=mtime, status="reading")
    stats = ReadStats()
    batch: list[tuple[Article, str]] = []
    errors: list[ReadError] = []
    n_articles = 0
    for item in read_file(path, options.read, stats=stats):
        if isinstance(item, ReadError):
            errors.append(item)
            continue
        site = site_key(item)
        batch.append((make_article(item, furniture.get(site, frozenset()), options), site))
        n_articles += 1
        if len(batch) >= BATCH:
            report.added += store.add_articles(batch)
            batch.clear()
    if batch:
        report.added += store.add_articles(batch)
    report.read += n_articles
    for reason, count in stats.skipped.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + count
    if errors:
        store.add_read_errors(errors)
        report.errors.extend(errors)
    if path != "-":
        # A file with errors is not 'done': the next run reads it again (ids make that safe).
        store.mark_file(key, size=size, mtime=mtime, status="done" if not errors else "errors",
                        articles=n_articles, errors=len(errors), skipped=sum(stats.skipped.values()))
