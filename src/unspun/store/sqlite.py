"""The SQLite store: WAL mode, one connection per process, short transactions.

Every write happens inside ``transaction()``; a process killed in the middle
leaves the last committed state, and re-running the same command completes it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import numpy as np

from ..records import (Article, Candidate, Fingerprint, Passage, Quote, ReadError, Relation, Removal,
                       Segmentation, Span)

SCHEMA_VERSION = "8"
UPGRADABLE = {"2", "3", "4", "5", "6", "7"}
"""Older schemas that only lack tables or columns: opening one adds them (schema 5 added
``articles.canonical``, empty for the articles stored before; schema 6 ``quote_words``, filled from the stored
quotations by :meth:`SQLiteStore.fill_quote_words`; schema 7 ``long_sentences``, filled from the stored sentence
fingerprints by :meth:`SQLiteStore.fill_long_sentences`; schema 8 ``articles.source_link``, empty for the
articles stored before)."""
_ADDED_COLUMNS = {"articles": (("canonical", "TEXT"), ("source_link", "TEXT"))}

_ARTICLE_COLUMNS = (
    "id, source, path, locator, format, url, title, site, author, published, "
    "language, encoding, crawled, raw_text, text, removals, canonical, source_link, seq"
)
_INSERT_COLUMNS = (
    "id", "source", "path", "locator", "format", "url", "title", "site", "site_key", "author", "published",
    "language", "encoding", "crawled", "raw_text", "text", "chars", "removals", "furniture_stamp", "seq",
    "canonical", "source_link",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _spans_to_blob(spans: Iterable[Span]) -> bytes:
    return np.array([(s.start, s.end) for s in spans], dtype="<i4").reshape(-1, 2).tobytes()


def _blob_to_spans(blob: bytes) -> tuple[Span, ...]:
    arr = np.frombuffer(blob, dtype="<i4").reshape(-1, 2)
    return tuple(Span(int(s), int(e)) for s, e in arr)


def _removals_json(removals: Iterable[Removal]) -> str:
    return json.dumps([[r.start, r.end, r.kind] for r in removals])


def _row_to_article(row: sqlite3.Row) -> Article:
    raw = row["raw_text"]
    removals = tuple(Removal(s, e, k, raw[s:e]) for s, e, k in json.loads(row["removals"]))
    return Article(
        id=row["id"], source=row["source"], path=row["path"], locator=row["locator"],
        format=row["format"], raw_text=raw, text=row["text"], removals=removals,
        url=row["url"], title=row["title"], site=row["site"], author=row["author"],
        published=row["published"], language=row["language"], encoding=row["encoding"],
        crawled=row["crawled"], canonical=row["canonical"], source_link=row["source_link"], seq=row["seq"],
    )


_QUOTE_WORDS_FILLED = "quote_words_filled"
_STORY_MOVES = "story_moves"  # state: {story id no article has any more: the story its articles are in now}
"""Set in ``meta`` once the quotations stored before schema 6 have their rarest words."""
_LONG_SENTENCES_FILLED = "long_sentences_filled"
"""Set in ``meta`` once the sentence fingerprints stored before schema 7 have their long sentences posted."""

MIN_ID_PREFIX = 4
"""The shortest prefix that names an article (``unspun show DB 9922`` for ``99224185c5f7ced5``), on the command
line and in the HTTP API alike: a shorter one names too many to be meant."""

def _row_to_relation(r: sqlite3.Row) -> Relation:
    """A stored relation (kind ``""`` where it is NULL: no reuse, weak passages only)."""
    passages = tuple(Passage(Span(p[0], p[1]), Span(p[2], p[3]), p[4], p[5], p[6]) for p in json.loads(r["passages"]))
    return Relation(r["a"], r["b"], r["kind"] or "", r["coverage_a"], r["coverage_b"], r["direction"], r["confidence"],
                    tuple(json.loads(r["evidence"])), passages, tuple(tuple(d) for d in json.loads(r["diff"])))


def _writable_by_someone(path: str) -> bool:
    """Whether a user other than this one may write ``path``: it has a write bit and its file system is writable."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return False
        return bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return True


def _other_schema(path: str, version: str) -> str:
    """Why a store of a schema this unspun neither reads nor upgrades is refused, and what to do (found by QA: "store
    schema 9, this unspun reads 8" left the user to guess which of the two is the older)."""
    if not version.isdigit() or not SCHEMA_VERSION.isdigit():
        return f"{path}: store schema {version!r}, this unspun reads {SCHEMA_VERSION}"
    if int(version) > int(SCHEMA_VERSION):
        return (f"{path}: store schema {version} was written by a newer unspun (this one reads schema "
                f"{SCHEMA_VERSION}): upgrade unspun to open it")
    return (f"{path}: store schema {version} is too old for this unspun to upgrade (it reads schema {SCHEMA_VERSION}):"
            " analyse the articles again into a new store")


def _cannot_open(path: str, exc: sqlite3.DatabaseError) -> str:
    """Why ``path`` can't be opened as a store, in words (QA: a folder, or a store in a read-only folder, was called
    "not an unspun database")."""
    if os.path.isdir(path):
        return f"{path}: is a folder, not a store file (give a file name, such as {os.path.join(path, 'unspun.db')})"
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc) and not os.path.lexists(path):
        # found by QA: a store that is not there, in a folder that can't be written, was asked about as if it were
        return (f"{path}: no store there, and one can't be created ({exc}): can its folder "
                f"{os.path.dirname(os.path.abspath(path))} be written?")
    if isinstance(exc, sqlite3.OperationalError) and ("readonly" in str(exc) or "unable to open" in str(exc)):
        return (f"{path}: cannot open the store ({exc}): is the file or its folder read-only? SQLite writes a "
                f"{os.path.basename(path)}-wal and -shm file beside it, even to read")
    if isinstance(exc, sqlite3.OperationalError) and ("disk I/O error" in str(exc) or "disk is full" in str(exc)):
        # QA: a store on a full disk, where SQLite can't make its -shm file, was "not an unspun database"
        try:
            free = shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free
        except OSError:
            free = None
        why = (f"its disk is full ({free:,} bytes free)" if free is not None and free < 1 << 20
               else "its disk may be full, or failing")
        return (f"{path}: cannot open the store ({exc}): {why}; SQLite writes a {os.path.basename(path)}-wal and "
                "-shm file beside it, even to read; free some space and run the command again")
    return f"{path}: not an unspun database ({exc})"


class SQLiteStore:
    """unspun's default store. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = os.fsdecode(path)  # found by QA: str(path) made open_store(None) a store file named "None"
        if self.path != ":memory:":
            folder = Path(self.path).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # found by QA: a file where the folder would be ended in a mkdir traceback
                raise ValueError(f"{self.path}: cannot create the store's folder {folder} "
                                 f"({exc.strerror or exc})") from exc
        self.read_only = False
        """Opened for reading only, because the file or its folder can't be written (see :meth:`_open_read_only`)."""
        self.frozen = False
        """Read as an immutable file although someone else may write it (its owner, in a folder only they can
        write): what they write while it is open is not seen (review: a long-running server never would)."""
        self.db = sqlite3.connect(":memory:")  # replaced below; closed by whatever fails
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=60000")
            version = self._meta_get_raw("schema_version")
            others = [] if version is not None else [r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        except sqlite3.DatabaseError as exc:
            self.db.close()
            version = self._open_read_only(exc, timeout)
            others = []
        else:  # a file SQLite can't write is opened for reading without a word (its folder can hold the -shm file)
            self.read_only = self.path != ":memory:" and os.path.isfile(self.path) and not os.access(self.path, os.W_OK)
        if others:  # another application's SQLite file: left as it is (QA: it was given unspun's tables)
            self.db.close()
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise ValueError(f"{self.path}: not an unspun database (it holds other tables: {shown}); "
                             "give a new file name for the store")
        if version is None or version in UPGRADABLE:  # a new store, or one that only lacks tables
            schema = resources.files("unspun.store").joinpath("schema.sql").read_text("utf-8")
            try:
                self._create_or_upgrade(schema, new=version is None)
            except sqlite3.OperationalError as exc:
                what = "created" if version is None else f"upgraded from schema {version} to {SCHEMA_VERSION}"
                raise ValueError(f"{self.path}: the store must be {what}, and it can't be written: {exc}") from exc
        elif version != SCHEMA_VERSION:
            raise ValueError(_other_schema(self.path, version))
        self._lock = threading.RLock()
        self._in_tx = 0
        self.on_wait: Callable[[str], None] | None = None
        """Told once, in words, when a write has to wait for another process's (the command line prints it: found by
        QA, a store held by another writer kept ``analyze`` silent for a minute before it gave up)."""
        if version in UPGRADABLE:  # its long sentences posted now, so check and serve find notices from the start
            self.fill_long_sentences()

    def _open_read_only(self, exc: sqlite3.DatabaseError, timeout: float) -> str:
        """Open a store that can't be written (a read-only file or folder: an archive's copy, a shared mount) for
        reading, and return its schema version; raise ValueError saying why it can't be opened otherwise.

        SQLite's WAL mode wants its ``-shm`` file beside the store even to read. Where it exists (a writer has
        the store open) the store is read through it; where it doesn't and can't be made, no writer has the store
        open, and it is read as an immutable file. Any write then fails with an error naming the store.
        """
        if (not isinstance(exc, sqlite3.OperationalError) or self.path == ":memory:"
                or not os.path.isfile(self.path) or os.access(self.path, os.W_OK) and os.access(
                    os.path.dirname(os.path.abspath(self.path)), os.W_OK)):
            raise ValueError(_cannot_open(self.path, exc)) from exc
        uri = "file:" + quote(os.path.abspath(self.path)) + "?mode=ro"
        version = None
        wal = self.path + "-wal"
        unsaved = os.path.exists(wal) and os.path.getsize(wal) > 0  # an immutable read would not see its writes
        for extra in ("",) if unsaved else ("", "&immutable=1"):
            try:
                self.db = sqlite3.connect(uri + extra, uri=True, timeout=timeout, isolation_level=None,
                                          check_same_thread=False)
                self.db.row_factory = sqlite3.Row
                row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            except sqlite3.DatabaseError:
                self.db.close()
                continue
            if row is not None:
                version = row[0]
                self.frozen = bool(extra) and _writable_by_someone(self.path)
                break
            self.db.close()
        if version is None:
            if unsaved:
                raise ValueError(f"{self.path}: cannot open the store ({exc}): it is read-only and its last writes are "
                                 f"still in {os.path.basename(wal)}, which SQLite can only read beside a -shm file it "
                                 "can write; open it once where it can be written") from exc
            raise ValueError(_cannot_open(self.path, exc)) from exc
        if version in UPGRADABLE:
            self.db.close()
            raise ValueError(f"{self.path}: store schema {version}, this unspun reads {SCHEMA_VERSION}, and the store "
                             f"can't be upgraded: it is read-only ({exc})")
        if version != SCHEMA_VERSION:
            self.db.close()
            raise ValueError(_other_schema(self.path, version))
        self.db.execute("PRAGMA busy_timeout=60000")
        self.read_only = True
        return version

    def _create_or_upgrade(self, schema: str, *, new: bool = False) -> None:
        """Create the tables (an upgrade from an older schema only adds what it lacks), in one transaction. A
        ``new`` store posts its quotations' words and long sentences as they are stored: nothing to fill."""
        with self.transaction():
            self._execscript(schema)
            if new:
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, '1')",
                                    [(_QUOTE_WORDS_FILLED,), (_LONG_SENTENCES_FILLED,)])
            for table, columns in _ADDED_COLUMNS.items():
                have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                for name, kind in columns:
                    if name not in have:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    # -- plumbing -------------------------------------------------------------------------
    def _execscript(self, script: str) -> None:
        for statement in script.split(";\n"):
            if statement.strip():
                self.db.execute(statement)

    def _meta_get_raw(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of writes; nested calls join the outer transaction."""
        lock = getattr(self, "_lock", None)
        if lock is None:  # during __init__
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return
        with lock:
            if self._in_tx:
                self._in_tx += 1
                try:
                    yield
                finally:
                    self._in_tx -= 1
                return
            self._begin()
            self._in_tx = 1
            try:
                yield
                self._in_tx = 0
                self.db.execute("COMMIT")
            except BaseException:
                self._in_tx = 0
                self._rollback()
                raise

    _WAIT_QUIETLY_MS = 2000
    """How long a write waits for another process's without a word, when :attr:`on_wait` is set."""

    def _begin(self) -> None:
        """Begin a write, waiting up to a minute for another process's to end (SQLite's busy timeout); past
        :data:`_WAIT_QUIETLY_MS`, :attr:`on_wait` is told, once for this store."""
        tell, self.on_wait = self.on_wait, None
        if tell is None:
            self.db.execute("BEGIN IMMEDIATE")
            return
        try:
            self.db.execute(f"PRAGMA busy_timeout={self._WAIT_QUIETLY_MS}")
            try:
                self.db.execute("BEGIN IMMEDIATE")
                self.on_wait = tell  # no wait this time: tell it the next time there is one
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    self.on_wait = tell
                    raise
            tell(f"waiting: another process is writing to {self.path}; this one goes on when it is done "
                 "(a minute at most)")
            self.db.execute(f"PRAGMA busy_timeout={60000 - self._WAIT_QUIETLY_MS}")
            self.db.execute("BEGIN IMMEDIATE")
        finally:
            self.db.execute("PRAGMA busy_timeout=60000")

    def _rollback(self) -> None:
        """Undo the open transaction, unless SQLite has undone it itself: it does on a full disk or an I/O error,
        and a ROLLBACK then raised "cannot rollback - no transaction is active" in place of the full disk (QA). A
        COMMIT that failed is undone the same way, where SQLite left it open, so that the next one can begin."""
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:  # the error that brought us here says more
                pass

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        return self._meta_get_raw(key)

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- files ----------------------------------------------------------------------------
    def file_state(self, path: str) -> tuple[int | None, float | None, str] | None:
        row = self.db.execute("SELECT size, mtime, status FROM files WHERE path=?", (path,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def mark_file(self, path: str, *, size: int | None, mtime: float | None, status: str,
                  articles: int = 0, errors: int = 0, skipped: int = 0) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (path, size, mtime, status, articles, errors, skipped, _now()),
            )

    # -- articles -------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[tuple[Article, str, str]]) -> int:
        """Insert (article, site_key, furniture_stamp) triples not stored yet; returns how many were new."""
        new = 0
        sql = (f"INSERT OR IGNORE INTO articles ({', '.join(_INSERT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})")
        with self.transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            for art, site_key, stamp in articles:
                seq += 1
                cur = self.db.execute(sql, (
                    art.id, art.source, art.path, art.locator, art.format, art.url, art.title, art.site,
                    site_key, art.author, art.published, art.language, art.encoding, art.crawled,
                    art.raw_text, art.text, len(art.text), _removals_json(art.removals), stamp, seq,
                    art.canonical, art.source_link))
                new += cur.rowcount
        return new

    def add_read_errors(self, errors: Iterable[ReadError]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO read_errors VALUES (?, ?, ?, ?)",
                [(e.path, e.locator, e.reason, _now()) for e in errors],
            )

    def read_errors(self) -> list[ReadError]:
        rows = self.db.execute("SELECT path, reason, locator FROM read_errors ORDER BY path, locator")
        return [ReadError(r[0], r[1], r[2]) for r in rows]

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def _columns(self, columns: str, ids: Iterable[str] | None) -> dict[str, tuple]:
        """Metadata columns (fixed names, comma-separated, never user input) of the given articles (of all when
        None), as a tuple per article."""
        if ids is None:
            return {row[0]: tuple(row[1:]) for row in self.db.execute(f"SELECT id, {columns} FROM articles")}
        return {aid: tuple(row) for aid in ids
                for row in self.db.execute(f"SELECT {columns} FROM articles WHERE id=?", (aid,))}

    def _column(self, column: str, ids: Iterable[str] | None) -> dict[str, str | None]:
        """One metadata column (a fixed name, never user input) of the given articles (of all when None)."""
        return {aid: row[0] for aid, row in self._columns(column, ids).items()}

    def published(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """Publication date of the given articles (of all when None)."""
        return self._column("published", ids)

    def sites(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """The site (its name, else its address's host) of the given articles (of all when None), None where not
        known."""
        return self._column("site", ids)

    def urls(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """The address of the given articles (of all when None), None where not known."""
        return self._column("url", ids)

    def page_marks(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """(canonical link, Source link, when fetched) of the given articles, for those stored: the page another
        page names as its original, and the crawl date of a WARC record."""
        return self._columns("canonical, source_link, crawled", ids)

    def count_quotes(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?",
                              (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def site_keys(self, ids: Iterable[str]) -> dict[str, str]:
        """The site (whose furniture and boilerplate apply) of each of ``ids``, for those stored."""
        ids = list(ids)
        out: dict[str, str] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            out.update(self.db.execute(
                f"SELECT id, site_key FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    def paths_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The file each of ``ids`` was read from, for those stored."""
        ids = list(ids)
        out: dict[str, str] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            out.update(self.db.execute(f"SELECT id, path FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                                       chunk).fetchall())
        return out

    def find_article_ids(self, prefix: str) -> list[str]:
        """Ids starting with ``prefix`` (so users can type a short id)."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 10",
            (prefix, prefix + "\uffff"))]

    def resolve_id(self, article_id: str) -> str:
        """The id ``article_id`` names: itself, or the one id it is a prefix of at least :data:`MIN_ID_PREFIX`
        characters; :class:`LookupError` saying why otherwise (none, too short a prefix, or several)."""
        if len(article_id) < MIN_ID_PREFIX:
            if article_id and self.article(article_id) is not None:
                return article_id
            raise LookupError(f"no article with id {article_id!r} (a prefix of an id needs {MIN_ID_PREFIX} "
                              "characters or more)")
        ids = self.find_article_ids(article_id)
        if article_id in ids:
            return article_id
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise LookupError(f"no article with id {article_id!r}")
        raise LookupError(f"id prefix {article_id!r} is ambiguous: {', '.join(ids[:5])}")

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            cur = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq")
            for row in cur:
                yield _row_to_article(row)
            return
        for aid in ids:
            art = self.article(aid)
            if art is not None:
                yield art

    def article_summaries(self) -> Iterator[dict]:
        """Metadata of every article, without its text, in insertion order."""
        cur = self.db.execute(
            "SELECT id, source, path, locator, format, url, title, site, author, published, crawled, "
            "language, encoding, chars, length(raw_text) AS raw_chars, canonical, source_link FROM articles ORDER BY seq")
        for row in cur:
            yield dict(row)

    def texts(self, ids: Iterable[str]) -> Iterator[tuple[str, str, str | None]]:
        """(id, cleaned text, title) for the given ids."""
        for aid in ids:
            row = self.db.execute("SELECT id, text, title FROM articles WHERE id=?", (aid,)).fetchone()
            if row:
                yield row[0], row[1], row[2]

    def site_pages(self) -> Iterator[tuple[str, str, str]]:
        """(site_key, id, raw_text) for every article, for learning site furniture."""
        yield from self.db.execute("SELECT site_key, id, raw_text FROM articles ORDER BY site_key")

    # -- furniture ------------------------------------------------------------------------
    def replace_site_furniture(self, furniture: dict[str, frozenset[str]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM site_furniture")
            self.db.executemany("INSERT INTO site_furniture VALUES (?, ?)",
                                [(s, line) for s, lines in furniture.items() for line in lines])

    def site_furniture(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for site, line in self.db.execute("SELECT site_key, line FROM site_furniture"):
            out.setdefault(site, set()).add(line)
        return {k: frozenset(v) for k, v in out.items()}

    def stale_cleaned(self, stamps: dict[str, str], default: str) -> list[tuple[str, str]]:
        """(id, site_key) of articles cleaned with other furniture than their site's current ``stamps``."""
        out = []
        for aid, site, stamp in self.db.execute("SELECT id, site_key, furniture_stamp FROM articles ORDER BY seq"):
            if stamp != stamps.get(site, default):
                out.append((aid, site))
        return out

    def set_removals(self, article_id: str, removals: tuple[Removal, ...], stamp: str, *,
                     relations_stale: bool = False) -> None:
        """Record a re-cleaning that left the cleaned text as it was; ``relations_stale``: what it removed changed
        (a reposting mark now read, say), so the article's relations, whose direction reads it, are dropped."""
        with self.transaction():
            self.db.execute("UPDATE articles SET removals=?, furniture_stamp=? WHERE id=?",
                            (_removals_json(removals), stamp, article_id))
            if relations_stale:
                self.db.execute("DELETE FROM relations WHERE a=? OR b=?", (article_id, article_id))
                self.db.execute("DELETE FROM rewrite_spin WHERE a=? OR b=?", (article_id, article_id))

    def drop_site_relations(self, sites: Iterable[str]) -> int:
        """Forget the relations (and their verdicts) of the articles of ``sites``, so that the next alignment
        judges those pairs again; returns how many relations went."""
        gone = 0
        with self.transaction():
            for site in sites:
                ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE site_key=?", (site,))]
                for aid in ids:
                    gone += self.db.execute("DELETE FROM relations WHERE a=? OR b=?", (aid, aid)).rowcount
                    self.db.execute("DELETE FROM rewrite_spin WHERE a=? OR b=?", (aid, aid))
        return gone

    def update_cleaned(self, article_id: str, text: str, removals: tuple[Removal, ...], stamp: str) -> None:
        """Store a new cleaned text and drop everything computed from the old one."""
        with self.transaction():
            self.db.execute(
                "UPDATE articles SET text=?, chars=?, removals=?, furniture_stamp=? WHERE id=?",
                (text, len(text), _removals_json(removals), stamp, article_id))
            self.db.execute("DELETE FROM segments WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM fingerprints WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM long_sentences WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM relations WHERE a=? OR b=?", (article_id, article_id))
            self.db.execute("DELETE FROM rewrite_spin WHERE a=? OR b=?", (article_id, article_id))
            for table in ("quotes", "quote_words", "quoted", "spin"):
                self.db.execute(f"DELETE FROM {table} WHERE article_id=?", (article_id,))

    # -- segments -------------------------------------------------------------------------
    def ids_without_segments(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM segments) ORDER BY seq")]

    def put_segmentations(self, segs: Iterable[Segmentation]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO segments VALUES (?, ?, ?)",
                [(s.article_id, _spans_to_blob(s.paragraphs), _spans_to_blob(s.sentences))
                 for s in segs])

    def segmentation(self, article_id: str) -> Segmentation | None:
        row = self.db.execute("SELECT paragraphs, sentences FROM segments WHERE article_id=?",
                              (article_id,)).fetchone()
        if not row:
            return None
        return Segmentation(article_id, _blob_to_spans(row[0]), _blob_to_spans(row[1]))

    # -- fingerprints ---------------------------------------------------------------------
    def register_scheme(self, name: str, params: dict) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO schemes VALUES (?, ?)",
                            (name, json.dumps(params, sort_keys=True)))

    def ids_without_fingerprint(self, scheme: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN "
            "(SELECT article_id FROM fingerprints WHERE scheme=?) ORDER BY seq", (scheme,))]

    def count_without_fingerprint(self, scheme: str) -> int:
        """How many articles :meth:`ids_without_fingerprint` gives, counted on the ids' index alone: no article's
        row is read (the list, in ``seq`` order, reads each: 0.5 s on 100,000 articles, 1.5 s from disk)."""
        return self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE id NOT IN "
            "(SELECT article_id FROM fingerprints WHERE scheme=?)", (scheme,)).fetchone()[0]

    def put_fingerprints(self, fps: Iterable[Fingerprint]) -> None:
        fps = list(fps)
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO fingerprints VALUES (?, ?, ?)",
                                [(f.article_id, f.scheme, f.data) for f in fps])
            for f in fps:
                self._put_long_sentences(f.article_id, f.scheme, f.data)

    def _put_long_sentences(self, aid: str, scheme: str, data: bytes) -> None:
        """Post the long sentences of one sentence fingerprint (other schemes post nothing)."""
        from ..fingerprint.sentences import SCHEME_VERSION, decode, is_long

        if not scheme.startswith(SCHEME_VERSION):
            return
        self.db.execute("DELETE FROM long_sentences WHERE scheme=? AND article_id=?", (scheme, aid))
        hashes = decode(data)
        keys = (hashes[is_long(hashes)] & ~np.uint64(1)).view(np.int64)  # SQLite integers are signed
        self.db.executemany("INSERT OR IGNORE INTO long_sentences VALUES (?, ?, ?)",
                            [(scheme, k, aid) for k in keys.tolist()])

    def fill_long_sentences(self) -> int:
        """Post the long sentences of the sentence fingerprints stored before ``long_sentences`` was (schema 6),
        once: a read of every sentence fingerprint, on the first run after the upgrade only; returns how many
        fingerprints were read."""
        if self._meta_get_raw(_LONG_SENTENCES_FILLED) is not None:
            return 0
        from ..fingerprint.sentences import SCHEME_VERSION

        done = 0
        with self.transaction():
            rows = self.db.execute("SELECT article_id, scheme, data FROM fingerprints WHERE substr(scheme, 1, ?) = ?",
                                   (len(SCHEME_VERSION), SCHEME_VERSION)).fetchall()
            for aid, scheme, data in rows:
                self._put_long_sentences(aid, scheme, data)
                done += 1
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (_LONG_SENTENCES_FILLED,))
        return done

    def widespread(self, scheme: str, min_carriers: int) -> dict[str, frozenset[int]]:
        """For each article that carries one, the long sentences (hashes without their long bit, as
        :meth:`carriers` takes them) that at least ``min_carriers`` articles carry: a scan of the postings grouped
        by sentence, without reading a fingerprint."""
        rows = self.db.execute(
            "SELECT article_id, key FROM long_sentences WHERE scheme=? AND key IN (SELECT key FROM long_sentences "
            "WHERE scheme=? GROUP BY key HAVING COUNT(*) >= ?)", (scheme, scheme, min_carriers))
        out: dict[str, set[int]] = {}
        for aid, key in rows:
            out.setdefault(aid, set()).add(key & 0xFFFF_FFFF_FFFF_FFFF)  # stored signed
        return {aid: frozenset(keys) for aid, keys in out.items()}

    def carriers(self, scheme: str, keys: Iterable[int]) -> set[str]:
        """The articles that carry every one of ``keys`` (sentence hashes without their long bit) as a long
        sentence of theirs (fingerprints of ``scheme``); none for no keys."""
        keys = [int(np.uint64(k).view(np.int64)) for k in sorted({int(k) for k in keys})]
        if not keys:
            return set()
        rows = self.db.execute(
            f"SELECT article_id FROM long_sentences WHERE scheme=? AND key IN ({','.join('?' * len(keys))}) "
            "GROUP BY article_id HAVING COUNT(*) = ?", (scheme, *keys, len(keys)))
        return {r[0] for r in rows}

    def schemes_in_use(self, prefix: str = "") -> list[str]:
        """The fingerprint schemes (names starting with ``prefix``) that stored fingerprints are under."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT scheme FROM fingerprints WHERE substr(scheme, 1, ?) = ? ORDER BY scheme",
            (len(prefix), prefix))]

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this connection: it changes when another connection (another
        process) commits to the store, not when this one does."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def fingerprints_of(self, article_ids: Iterable[str], scheme: str) -> Iterator[tuple[str, bytes]]:
        """(article_id, data) for one scheme, of the given articles only."""
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            yield from self.db.execute(
                f"SELECT article_id, data FROM fingerprints WHERE scheme=? AND article_id IN "
                f"({','.join('?' * len(chunk))})", (scheme, *chunk))

    def fingerprints(self, scheme: str) -> Iterator[tuple[str, bytes]]:
        """(article_id, data) for one scheme, in article insertion order."""
        yield from self.db.execute(
            "SELECT f.article_id, f.data FROM fingerprints f JOIN articles a ON a.id=f.article_id "
            "WHERE f.scheme=? ORDER BY a.seq", (scheme,))

    # -- candidates -----------------------------------------------------------------------
    def replace_candidates(self, cands: Iterable[Candidate], among: Collection[str] | None = None) -> int:
        """Replace the candidate pairs of the articles ``among`` (all when None), those ``cands`` were found among; a
        pair naming an article stored since (by the server beside an ``analyze``) is kept, and so its relation (QA:
        a concurrent ``analyze`` dropped the relations the server had just stored and answered)."""
        n = 0
        with self.transaction():
            later = [] if among is None else [(a, b) for a, b in self.db.execute("SELECT a, b FROM candidates")
                                              if a not in among or b not in among]
            if later:
                self.db.executemany("DELETE FROM candidates WHERE a=? AND b=?",
                                    [(a, b) for a, b in self.db.execute("SELECT a, b FROM candidates")
                                     if a in among and b in among])
            else:
                self.db.execute("DELETE FROM candidates")
            for c in cands:
                self.db.execute(
                    "INSERT INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (c.a, c.b, c.jaccard, c.containment_a, c.containment_b, c.immutables_jaccard,
                     json.dumps(list(c.shared_immutables)), c.embedding_cosine, json.dumps(list(c.via))))
                n += 1
        return n

    def add_candidates(self, cands: Iterable[Candidate]) -> int:
        """Insert or replace some candidate pairs, keeping the others (an article added alone)."""
        rows = [(c.a, c.b, c.jaccard, c.containment_a, c.containment_b, c.immutables_jaccard,
                 json.dumps(list(c.shared_immutables)), c.embedding_cosine, json.dumps(list(c.via)))
                for c in cands]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def candidates(self) -> Iterator[Candidate]:
        cur = self.db.execute("SELECT * FROM candidates ORDER BY a, b")
        for r in cur:
            yield Candidate(
                a=r["a"], b=r["b"], jaccard=r["jaccard"], containment_a=r["containment_a"],
                containment_b=r["containment_b"],
                shared_immutables=tuple(json.loads(r["shared_immutables"])),
                immutables_jaccard=r["immutables_jaccard"], embedding_cosine=r["embedding_cosine"],
                via=tuple(json.loads(r["via"])))

    # -- relations ------------------------------------------------------------------------
    def aligned_pairs(self, version: str) -> set[tuple[str, str]]:
        """The pairs that have a relation made by this ``version``."""
        return {(r[0], r[1]) for r in self.db.execute("SELECT a, b FROM relations WHERE version=?", (version,))}

    def unaligned(self, version: str) -> set[str]:
        """The articles of the candidate pairs that have no relation made by this ``version`` yet."""
        rows = self.db.execute("SELECT c.a, c.b FROM candidates c LEFT JOIN relations r ON r.a = c.a AND r.b = c.b "
                               "AND r.version = ? WHERE r.a IS NULL", (version,))
        return {x for a, b in rows for x in (a, b)}

    def unaligned_pairs(self) -> int:
        """How many candidate pairs have no relation row at all (aligned by no version: only proposed)."""
        return self.db.execute("SELECT COUNT(*) FROM candidates c WHERE NOT EXISTS "
                               "(SELECT 1 FROM relations r WHERE r.a = c.a AND r.b = c.b)").fetchone()[0]

    def put_relations(self, rows: Iterable[tuple[str, str, Relation | None]], version: str) -> None:
        """Store the relation of each aligned pair (None: no shared text; kind ``""``: no reuse, only weak
        passages, stored with kind NULL and kept for :meth:`weak_sharing`)."""
        with self.transaction():
            for a, b, r in rows:
                self.db.execute("DELETE FROM rewrite_spin WHERE a=? AND b=?", (a, b))  # judged again if still reuse
                if r is None:
                    self.db.execute("INSERT OR REPLACE INTO relations VALUES (?,?,NULL,0,0,'unknown',0,'[]','[]','[]',?)",
                                    (a, b, version))
                    continue
                passages = [[p.a.start, p.a.end, p.b.start, p.b.end, p.type, p.score, p.weak] for p in r.passages]
                if not r.kind:
                    self.db.execute("INSERT OR REPLACE INTO relations VALUES (?,?,NULL,?,?,'unknown',0,'[]',?,'[]',?)",
                                    (a, b, r.coverage_a, r.coverage_b, json.dumps(passages), version))
                    continue
                self.db.execute(
                    "INSERT OR REPLACE INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (a, b, r.kind, r.coverage_a, r.coverage_b, r.direction, r.confidence,
                     json.dumps(list(r.evidence), ensure_ascii=False), json.dumps(passages),
                     json.dumps([list(d) for d in r.diff], ensure_ascii=False), version))

    def keep_relations(self, pairs: set[tuple[str, str]]) -> int:
        """Drop the relations of pairs that are no longer candidates; returns how many went."""
        gone = [(a, b) for a, b in self.db.execute("SELECT a, b FROM relations") if (a, b) not in pairs]
        with self.transaction():
            self.db.executemany("DELETE FROM relations WHERE a=? AND b=?", gone)
            self.db.executemany("DELETE FROM rewrite_spin WHERE a=? AND b=?", gone)
        return len(gone)

    def marked_relations(self, weak: str) -> list[tuple[Relation, str]]:
        """``(relation, version)`` of the pairs of no reuse (kind ``""`` here) with a passage marked ``weak``
        (``notice``: :func:`unspun.pipeline.judge_notices` judges them again), in (a, b) order."""
        rows = self.db.execute("SELECT * FROM relations WHERE kind IS NULL AND passages LIKE ? ORDER BY a, b",
                               (f'%"{weak}"%',))
        out = [(_row_to_relation(r), r["version"]) for r in rows]
        return [(rel, v) for rel, v in out if any(p.weak == weak for p in rel.passages)]

    def pairs_of_kind(self, kind: str) -> list[tuple[str, str]]:
        """The ``(a, b)`` of the stored relations of ``kind``; nothing else of them is read."""
        return [(r[0], r[1]) for r in self.db.execute("SELECT a, b FROM relations WHERE kind=? ORDER BY a, b",
                                                      (kind,))]

    def relations_of(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[Relation, str]]:
        """``(relation, version)`` of the stored relations of ``pairs`` (``(a, b)`` as stored), in their order."""
        out = []
        for a, b in pairs:
            r = self.db.execute("SELECT * FROM relations WHERE a=? AND b=?", (a, b)).fetchone()
            if r is not None:
                out.append((_row_to_relation(r), r["version"]))
        return out

    def relations_among(self, ids: Iterable[str], kinds: Iterable[str]) -> list[Relation]:
        """The relations (of ``kinds``) whose two articles are both among ``ids``, in (a, b) order."""
        ids, kinds = sorted(set(ids)), sorted(set(kinds))
        out: list[Relation] = []
        if not ids or not kinds:
            return out
        wanted = set(ids)
        k = ",".join("?" * len(kinds))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.db.execute(f"SELECT * FROM relations WHERE kind IN ({k}) AND a IN "
                                   f"({','.join('?' * len(chunk))})", (*kinds, *chunk))
            out += [_row_to_relation(r) for r in rows if r["b"] in wanted]
        return sorted(out, key=lambda r: (r.a, r.b))

    def weakly_related(self, article_id: str) -> int:
        """How many stored articles share only weak passages with this one (quotations, stock phrases, loose
        paraphrases: aligned, no relation)."""
        return self.db.execute("SELECT COUNT(*) FROM relations WHERE (a=? OR b=?) AND kind IS NULL AND passages != '[]'",
                               (article_id, article_id)).fetchone()[0]

    def weak_sharing(self) -> dict[tuple[str, str], tuple[float, float, tuple[Passage, ...]]]:
        """``(coverage_a, coverage_b, passages)`` of the aligned pairs of one story that share only weak passages
        (no reuse): what a ``same_story`` pair shows; the other such pairs are not read."""
        rows = self.db.execute(
            "SELECT r.a, r.b, r.coverage_a, r.coverage_b, r.passages FROM relations r "
            "JOIN stories sa ON sa.article_id = r.a JOIN stories sb ON sb.article_id = r.b "
            "WHERE r.kind IS NULL AND r.passages != '[]' AND sa.story = sb.story")
        return {(r["a"], r["b"]): (r["coverage_a"], r["coverage_b"], tuple(
            Passage(Span(p[0], p[1]), Span(p[2], p[3]), p[4], p[5], p[6]) for p in json.loads(r["passages"])))
            for r in rows}

    def relations(self, article_id: str | None = None, *, shared_only: bool = False) -> Iterator[Relation | tuple[str, str]]:
        """Stored relations (of one article when given: its id, or a prefix of one as :meth:`resolve_id` takes,
        :class:`LookupError` for none or several), in (a, b) order.

        A pair aligned without shared text comes as a bare ``(a, b)`` tuple
        unless ``shared_only``.
        """
        if article_id is not None:  # found by QA: a prefix, which ``export.sources`` takes, gave no relations
            article_id = self.resolve_id(article_id)
        return self._relations(article_id, shared_only)

    def _relations(self, article_id: str | None, shared_only: bool) -> Iterator[Relation | tuple[str, str]]:
        where, args = "", ()
        if article_id is not None:
            where, args = "WHERE a=? OR b=?", (article_id, article_id)
        for r in self.db.execute(f"SELECT * FROM relations {where} ORDER BY a, b", args):
            if r["kind"] is None:
                if not shared_only:
                    yield (r["a"], r["b"])
                continue
            yield _row_to_relation(r)

    # -- stories and stage state ----------------------------------------------------------
    def put_stories(self, assignment: dict[str, str]) -> None:
        """Replace the story of the given articles. A story id that no article has any more (its story merged
        into another, or renamed when the article it was named after moved out) is recorded as moved to the story
        that most of its articles are in now (of two, that of the article it was named after), which
        :meth:`story_moved` tells."""
        with self.transaction():
            before = self.story_of()
            self.db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?)", list(assignment.items()))
            after = {**before, **assignment}
            live = set(after.values())
            gone = {s for s in before.values() if s not in live}
            saved = self.state(_STORY_MOVES)
            moves: dict[str, str] = dict(saved[0]) if saved else {}
            if not gone and not live & moves.keys():
                return
            went: dict[str, Counter] = {s: Counter() for s in gone}
            for aid, s in before.items():
                if s in went:
                    went[s][after[aid]] += 1
            # most of its articles, a tie going to the story of the article it was named after
            now = {s: min(c.items(), key=lambda kv: (-kv[1], kv[0] != after.get(s), kv[0]))[0]
                   for s, c in went.items()}
            moves = {old: now.get(new, new) for old, new in moves.items()} | now
            moves = {old: new for old, new in sorted(moves.items()) if old not in live and new in live}
            self.put_state(_STORY_MOVES, moves)

    def story_moves(self) -> dict[str, str]:
        """Every story id that no article has any more, with the story its articles are in now."""
        saved = self.state(_STORY_MOVES)
        return dict(saved[0]) if saved else {}

    def story_named(self, name: str) -> tuple[str | None, str, str | None]:
        """The story ``name`` names, how, and the article named: ``(name, "story", None)`` for a story's id,
        ``(now, "moved", None)`` for a story id that ended (its articles are in story ``now``; also when it is the
        id of an article that left it), ``(story, "article", id)`` for the id of an article or a prefix of one
        (``story`` None: in no story yet). :class:`LookupError` saying why when it names none of these (no such
        article, an ambiguous prefix). What ``unspun stories DB ID`` and ``GET /stories/ID`` take."""
        if self.story_members(name):
            return name, "story", None
        moved = self.story_moved(name)
        if moved is not None:
            return moved, "moved", None
        aid = self.resolve_id(name)
        return self.story(aid), "article", aid

    def story_moved(self, story_id: str) -> str | None:
        """The story that the articles of ``story_id``, a story id that no article has any more, are in now
        (None: no such move; a story id still in use is no move either)."""
        saved = self.state(_STORY_MOVES)
        new = saved[0].get(story_id) if saved else None
        return None if new is None or self.story_members(story_id) else new

    def story(self, article_id: str) -> str | None:
        """One article's story id (None: not assigned)."""
        row = self.db.execute("SELECT story FROM stories WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_members(self, story_id: str) -> list[str]:
        """The articles of one story, in insertion order."""
        return [r[0] for r in self.db.execute(
            "SELECT s.article_id FROM stories s JOIN articles a ON a.id=s.article_id WHERE s.story=? ORDER BY a.seq",
            (story_id,))]

    def story_of(self) -> dict[str, str]:
        """Every assigned article's story id."""
        return dict(self.db.execute("SELECT article_id, story FROM stories"))

    def put_state(self, key: str, value: dict, blob: bytes | None = None) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)",
                            (key, json.dumps(value, ensure_ascii=False), blob))

    def state(self, key: str) -> tuple[dict, bytes | None] | None:
        row = self.db.execute("SELECT json, blob FROM state WHERE key=?", (key,)).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    # -- quotations -----------------------------------------------------------------------
    def ids_without_quotes(self, version: str) -> list[str]:
        """Articles not yet scanned for quotations by this extractor ``version``."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM quoted WHERE version=?) ORDER BY seq",
            (version,))]

    def put_quotes(self, found: Iterable[tuple[str, Iterable[Quote]]], version: str) -> None:
        """Replace the quotations of each article (an empty list records that it has none), with the rarest words
        of each that :meth:`quoting` finds them by."""
        with self.transaction():
            for aid, quotes in found:
                quotes = list(quotes)
                self.db.execute("DELETE FROM quotes WHERE article_id=?", (aid,))
                for n, q in enumerate(quotes):
                    sp = q.speaker_span
                    self.db.execute(
                        "INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (aid, n, q.span.start, q.span.end, q.text, json.dumps([[p.start, p.end] for p in q.pieces]),
                         q.speaker, sp.start if sp else None, sp.end if sp else None, q.cue))
                self._put_quote_words(aid, [q.text for q in quotes])
                self.db.execute("INSERT OR REPLACE INTO quoted VALUES (?, ?)", (aid, version))

    def _put_quote_words(self, aid: str, texts: list[str]) -> None:
        from ..quotes.variants import rare_words

        self.db.execute("DELETE FROM quote_words WHERE article_id=?", (aid,))
        rows = [(w, aid, n, len(ws)) for n, t in enumerate(texts) for ws in [rare_words(t)] for w in ws]
        self.db.executemany("INSERT OR IGNORE INTO quote_words VALUES (?, ?, ?, ?)", rows)

    def fill_quote_words(self) -> int:
        """Store the rarest words of the quotations stored before ``quote_words`` was (schema 5), once; returns for
        how many articles."""
        if self._meta_get_raw(_QUOTE_WORDS_FILLED) is not None:
            return 0
        done = 0
        with self.transaction():
            ids = [r[0] for r in self.db.execute("SELECT DISTINCT article_id FROM quotes")]
            for aid in ids:
                self._put_quote_words(aid, [r[0] for r in self.db.execute(
                    "SELECT text FROM quotes WHERE article_id=? ORDER BY n", (aid,))])
                done += 1
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (_QUOTE_WORDS_FILLED,))
        return done

    def quoting(self, quotations: Iterable[Iterable[str]], *, limit: int = 200) -> set[str]:
        """The articles with a quotation whose rarest words (as :meth:`put_quotes` stores them) all stand among the
        words of one of ``quotations`` (each given as its words): those that quote the same words, or part of them;
        at most ``limit`` articles for each quotation."""
        found: set[str] = set()
        for ws in quotations:
            ws = sorted(set(ws))
            if not ws or len(ws) > 900:
                continue
            found.update(r[0] for r in self.db.execute(
                f"SELECT article_id FROM quote_words WHERE word IN ({','.join('?' * len(ws))}) "
                "GROUP BY article_id, n HAVING COUNT(*) = MAX(k) LIMIT ?", (*ws, limit)))
        return found

    def quotes(self, article_id: str | None = None) -> Iterator[tuple[str, Quote]]:
        """Stored quotations as ``(article_id, Quote)``, in article order."""
        where, args = ("WHERE article_id=?", (article_id,)) if article_id is not None else ("", ())
        for r in self.db.execute(f"SELECT * FROM quotes {where} ORDER BY article_id, n", args):
            sp = Span(r["speaker_start"], r["speaker_end"]) if r["speaker_start"] is not None else None
            yield r["article_id"], Quote(Span(r["start"], r["end"]), r["text"],
                                         tuple(Span(s, e) for s, e in json.loads(r["pieces"])),
                                         r["speaker"], sp, r["cue"])

    # -- spin -----------------------------------------------------------------------------
    def ids_without_spin(self, version: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM spin WHERE version=?) ORDER BY seq",
            (version,))]

    def put_spin(self, rows: Iterable[tuple[str, int, list]], version: str) -> None:
        """Each article's word count and text-only spin flags ``[[kind, start, end, note], ...]``."""
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO spin VALUES (?,?,?,?)",
                                [(aid, words, json.dumps(flags, ensure_ascii=False), version)
                                 for aid, words, flags in rows])

    def spin(self, article_id: str | None = None) -> Iterator[tuple[str, int, list]]:
        where, args = ("WHERE article_id=?", (article_id,)) if article_id is not None else ("", ())
        for r in self.db.execute(f"SELECT article_id, words, flags FROM spin {where}", args):
            yield r[0], r[1], json.loads(r[2])

    def rewrites_without_spin(self, version: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT a, b FROM relations r WHERE kind IN ('rewrite', 'copy', 'duplicate', 'partial') AND NOT EXISTS "
            "(SELECT 1 FROM rewrite_spin s WHERE s.a=r.a AND s.b=r.b AND s.version=?)", (version,))]

    def put_rewrite_spin(self, rows: Iterable[tuple[str, str, str, float, dict]], version: str) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO rewrite_spin VALUES (?,?,?,?,?,?)",
                                [(a, b, verdict, score, json.dumps(detail, ensure_ascii=False), version)
                                 for a, b, verdict, score, detail in rows])

    def rewrite_spin(self) -> dict[tuple[str, str], dict]:
        """The spin verdict of each rewrite relation, and of each copy whose swapped words show machine spin."""
        return {(r[0], r[1]): {"verdict": r[2], "score": r[3], **json.loads(r[4])} for r in self.db.execute(
            "SELECT s.a, s.b, s.verdict, s.score, s.detail FROM rewrite_spin s JOIN relations r "
            "ON r.a=s.a AND r.b=s.b WHERE r.kind='rewrite' OR s.verdict='machine_spin'")}
