"""The read stage: files in, :class:`~unspun.records.Document` s (and :class:`~unspun.records.ReadError` s) out.

Readers stream: memory stays bounded by the largest single article, and an
article over ``ReadOptions.max_article_bytes`` is refused without being read
whole. Bad input never raises; every problem is a ``ReadError`` naming the
file, the place in it and the reason, and reading goes on where it can.

    stats = ReadStats()
    skipped: dict[str, int] = {}
    for path in iter_input_files(["corpus/", "crawl.warc.gz"], skipped=skipped):
        for item in read_file(path, stats=stats):
            ...

A folder walk takes only article files (by extension, :data:`ARTICLE_SUFFIXES`)
and never a SQLite database or its ``-wal``/``-shm``/``-journal`` files; what
it passes over is counted in ``skipped``. A file named on its own is read
whatever its name, except a SQLite database, which is refused.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..config import ReadOptions
from ..records import Document, ReadError
from .common import ReadResult, ReadStats, peek_head
from .html import HtmlPage, extract_html, read_html
from .tabular import looks_like_table, read_csv, read_json, read_jsonl
from .text import read_text
from .warc import read_warc

__all__ = [
    "Document",
    "HtmlPage",
    "ReadError",
    "ReadResult",
    "ReadStats",
    "ARTICLE_SUFFIXES",
    "detect_format",
    "extract_html",
    "iter_input_files",
    "read_file",
]

_SUFFIXES = (
    (".warc.gz", "warc"),
    (".arc.gz", "warc"),
    (".warc", "warc"),
    (".arc", "warc"),
    (".jsonl.gz", "jsonl.gz"),
    (".ndjson.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".csv", "csv"),
    (".tsv", "csv"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
    (".text", "text"),
)
_WHOLE_FILE = frozenset({"text", "html"})
ARTICLE_SUFFIXES = tuple(suffix for suffix, _ in _SUFFIXES)
"""The extensions (case-insensitive) a folder walk takes as article files."""
_NAMED_SUFFIXES = ((".json", "json"), (".json.gz", "json.gz"))
"""Read by name only when named on their own: a folder's JSON files are as often settings or metadata."""
_SQLITE_MAGIC = (
    b"SQLite format 3\x00",  # a database
    b"\x37\x7f\x06\x82",  # a write-ahead log (-wal), either byte order flag
    b"\x37\x7f\x06\x83",
    b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7",  # a rollback journal (-journal)
)
_SQLITE_SIBLINGS = ("-wal", "-shm", "-journal")
SKIP_NOT_ARTICLE = "not an article file"
SKIP_SQLITE = "SQLite database file"
SKIP_NOT_REGULAR = "not a regular file (FIFO, socket or device)"
NOT_ARTICLE_SQLITE = "is a SQLite database, not an article file"


def iter_input_files(paths: Iterable[str], *, skipped: dict[str, int] | None = None) -> Iterator[str]:
    """Expand ``paths``: files as given, folders recursively (sorted, hidden entries skipped).

    A folder walk yields only files with an article extension
    (:data:`ARTICLE_SUFFIXES`: ``.txt``, ``.html``, ``.warc.gz``, ``.jsonl``,
    ``.csv``, ...) and never a SQLite database or its ``-wal``, ``-shm`` or
    ``-journal`` file (so ``unspun ingest news.db .`` does not read its own
    store). Each file it passes over is counted in ``skipped``, when given,
    by reason: ``"not an article file"``, ``"SQLite database file"`` or, for a FIFO, socket or device, which
    reading could wait on for ever, ``"not a regular file ..."``. A symlink that loops onto itself is no folder.
    Hidden entries are passed over without being counted.

    A path given by itself is yielded whatever its name (:func:`read_file`
    sniffs it and refuses a SQLite database); so are ``-`` (standard input)
    and a path that does not exist, so that :func:`read_file` reports it.
    """
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path, skipped=skipped)
        else:
            yield path


def read_file(
    path: str,
    options: ReadOptions = ReadOptions(),
    *,
    stdin: BinaryIO | None = None,
    stats: ReadStats | None = None,
) -> Iterator[ReadResult]:
    """Read one file (or ``-``: ``stdin``, default ``sys.stdin.buffer``), yielding its articles.

    The format comes from the extension (``.txt``, ``.html``/``.htm``,
    ``.warc``/``.warc.gz``/``.arc.gz``, ``.jsonl``/``.ndjson`` (``.gz``),
    ``.json`` (named on its own), ``.csv``/``.tsv``); standard input and unknown extensions are sniffed. A
    :class:`ReadError` is yielded for every problem; nothing is raised for bad
    input. ``stats``, when given, is filled as the generator is consumed.
    """
    stats = stats if stats is not None else ReadStats()
    for result in _read(path, options, stdin, stats):
        yield stats.count(result)


def detect_format(head: bytes) -> str:
    """The format the first bytes of a stream look like: ``warc``, ``html``, ``jsonl``, ``json`` (an array),
    ``jsonl.gz``, ``json.gz`` (an array), ``gzip`` or ``text``."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1024)
        except zlib.error:
            return "gzip"
        inner_format = detect_format(inner) if inner and not inner.startswith(b"\x1f\x8b") else "gzip"
        return {"warc": "warc", "jsonl": "jsonl.gz", "json": "json.gz"}.get(inner_format, "gzip")
    if start.startswith((b"<!doctype html", b"<html")) or (start.startswith(b"<") and b"<html" in start):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"[") and start[1:].lstrip()[:1] in (b"{", b"]"):
        return "json"
    return "text"


def _read(path: str, options: ReadOptions, stdin: BinaryIO | None, stats: ReadStats) -> Iterator[ReadResult]:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _read_stream(stream, path, None, options, stats)
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed below, after streaming
    except FileNotFoundError:
        yield ReadError(path, "no such file")
        return
    except IsADirectoryError:
        if not os.access(path, os.R_OK | os.X_OK):
            yield ReadError(path, "permission denied (folder)")
        else:
            yield ReadError(path, "is a folder (expand it with iter_input_files)")
        return
    except PermissionError:
        yield ReadError(path, "permission denied")
        return
    except OSError as err:
        yield ReadError(path, f"cannot open: {err.strerror or err}")
        return
    with handle:
        info = os.fstat(handle.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size == 0:
            stats.records += 1
            yield ReadError(path, "empty file")
            return
        if regular and (_is_sqlite(path, handle) or _is_sqlite_sibling(path)):
            stats.records += 1
            yield ReadError(path, NOT_ARTICLE_SQLITE)
            return
        fmt = _format_by_name(path)
        if regular:  # for progress inside a large file
            stats.size, stats.position = info.st_size, handle.tell
        try:
            yield from _read_stream(handle, path, fmt, options, stats, size=info.st_size if regular else None)
        finally:
            stats.size = stats.position = None


def _read_stream(
    stream: BinaryIO,
    path: str,
    fmt: str | None,
    options: ReadOptions,
    stats: ReadStats,
    *,
    size: int | None = None,
) -> Iterator[ReadResult]:
    sniffed = fmt is None
    try:
        if fmt is None:
            head, stream = peek_head(stream)
            if not head:
                stats.records += 1
                yield ReadError(path, "empty file" if path != "-" else "empty input")
                return
            fmt = detect_format(head)
            if fmt == "jsonl":  # JSON lines, or one JSON document (an API's response, pretty-printed or not)
                fmt = _json_stream_format(head, whole=len(head) < _HEAD)
            elif fmt == "text" and looks_like_table(head, options.text_field):
                fmt = "csv"
        elif fmt == "text":  # a page or an archive saved under a text name (``wget -O story.txt``) is read as one
            head, stream = peek_head(stream)
            if (sniffed := detect_format(head)) in ("html", "warc"):
                fmt = sniffed
        elif fmt == "json":  # JSON lines saved as ``.json``: its first line is a whole object
            head, stream = peek_head(stream)
            if _first_line_is_object(head):
                fmt = "jsonl"
        if fmt in _WHOLE_FILE:
            stats.records += 1
            reader = read_text if fmt == "text" else read_html
            yield from reader(stream, path, options, size=size)
        elif fmt == "warc":
            yield from read_warc(stream, path, options, stats=stats)
        elif fmt == "jsonl":
            yield from read_jsonl(stream, path, options, stats=stats)
        elif fmt in ("jsonl.gz", "json.gz"):
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                inner: BinaryIO = unzipped  # type: ignore[assignment]
                if sniffed or fmt == "json.gz":  # QA: a gzipped JSON document was read as JSON lines
                    try:
                        head, inner = peek_head(inner)
                    except (EOFError, zlib.error) as err:
                        yield ReadError(path, f"truncated or corrupt compressed file after line 0: {err}", "line=1")
                        return
                    fmt = _json_format_inside(head, named_json=not sniffed)
                if fmt == "json":
                    yield from read_json(inner, path, options, stats=stats)
                else:
                    yield from read_jsonl(inner, path, options, stats=stats)
        elif fmt == "json":
            yield from read_json(stream, path, options, stats=stats)
        elif fmt == "csv":
            yield from read_csv(stream, path, options, stats=stats)
        else:
            stats.records += 1
            yield ReadError(path, "gzip-compressed content that is neither WARC nor JSON lines")
    except OSError as err:
        yield ReadError(path, f"read error: {err.strerror or err}")


_HEAD = 65_536
"""What :func:`peek_head` reads of a stream by default: a shorter head is the whole stream."""


def _json_stream_format(head: bytes, *, whole: bool) -> str:
    """``jsonl`` or ``json`` for a stream with no telling name that starts with ``{`` (found by QA: a NewsAPI response
    piped in, an object over many lines, was read as JSON lines, one error a line): JSON lines when its first line
    ends an object and another line follows; a JSON document when its first line leaves the object open (one
    written with an indent), or when the whole stream is one line (a record, or a wrapper holding them); a first
    line longer than the head stays JSON lines, which stream."""
    first, newline, rest = head.removeprefix(b"\xef\xbb\xbf").lstrip().partition(b"\n")
    if newline and rest.strip():
        return "jsonl" if first.rstrip().endswith(b"}") else "json"
    return "json" if whole else "jsonl"


def _json_format_inside(head: bytes, *, named_json: bool) -> str:
    """``jsonl`` or ``json`` for the unzipped head of a gzipped stream, as for the same stream unzipped: under a
    ``.json.gz`` name as under ``.json``, with no telling name as sniffed."""
    if named_json:
        return "jsonl" if _first_line_is_object(head) else "json"
    if detect_format(head) == "json":
        return "json"
    return _json_stream_format(head, whole=len(head) < _HEAD)


def _first_line_is_object(head: bytes) -> bool:
    """JSON lines: a first line that is a whole object, and another object's line after it (one line alone is
    a JSON document: a record or a wrapper)."""
    first, _, rest = head.removeprefix(b"\xef\xbb\xbf").lstrip().partition(b"\n")
    if not (first.strip().startswith(b"{") and rest.lstrip().startswith(b"{")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _format_by_name(path: str, *, walk: bool = False) -> str | None:
    name = os.path.basename(path).lower()
    for suffix, fmt in _SUFFIXES if walk else _SUFFIXES + _NAMED_SUFFIXES:
        if name.endswith(suffix):
            return fmt
    return None


def _is_sqlite(path: str, handle: BinaryIO | None = None) -> bool:
    """Whether the file starts like a SQLite database, write-ahead log or rollback journal."""
    try:
        if handle is None:
            with open(path, "rb") as f:
                head = f.read(16)
        else:
            head = handle.read(16)
            handle.seek(0)
    except OSError:
        return False
    return head.startswith(_SQLITE_MAGIC)


def _is_sqlite_sibling(path: str) -> bool:
    """Whether ``path`` is the ``-wal``, ``-shm`` or ``-journal`` file of a SQLite database beside it."""
    for suffix in _SQLITE_SIBLINGS:
        if path.endswith(suffix):
            base = path[: -len(suffix)]
            return os.path.isfile(base) and (_is_sqlite(base) or _is_sqlite(path))
    return False


def _is_special(path: str) -> bool:
    """Whether ``path`` (followed through symlinks) exists and is neither a regular file nor a folder."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:  # a dangling symlink: read_file reports it
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _skip(skipped: dict[str, int] | None, reason: str) -> None:
    if skipped is not None:
        skipped[reason] = skipped.get(reason, 0) + 1


def _walk(folder: str, seen: set[str] | None = None, *, skipped: dict[str, int] | None = None) -> Iterator[str]:
    seen = seen if seen is not None else set()
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder  # read_file says what is wrong with it
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
            special = not is_dir and _is_special(entry.path)
        except OSError:  # a symlink that points at itself (ELOOP): read_file says so if it is named as an article
            is_dir = special = False
        if is_dir:
            yield from _walk(entry.path, seen, skipped=skipped)
        elif special:  # a FIFO, socket or device: reading it could wait for ever
            _skip(skipped, SKIP_NOT_REGULAR)
        elif _is_sqlite_sibling(entry.path):
            _skip(skipped, SKIP_SQLITE)
        elif _format_by_name(entry.path, walk=True) is None:
            _skip(skipped, SKIP_SQLITE if _is_sqlite(entry.path) else SKIP_NOT_ARTICLE)
        else:
            yield entry.path
