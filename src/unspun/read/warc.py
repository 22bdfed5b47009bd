"""WARC (and ARC) archives: every HTML response is an article; the rest is counted and skipped.

Streams with warcio's ``ArchiveIterator``: one record's payload (at most
``max_article_bytes``) is in memory at a time. ``published`` is only the date
the page itself states, when trafilatura finds one (the original
publication), else None; the record's ``WARC-Date`` (when it was crawled: an
upper bound, never evidence of publication) is ``crawled``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..config import ReadOptions
from ..records import Document, ReadError
from .common import ReadResult, ReadStats, TooBig, read_bounded, too_big
from .decode import BinaryContent
from .html import ErrorPage, ListingPage, NotAnArticle, extract_html, host_of

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ARTICLE_RECORDS = frozenset({"response", "resource"})
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--")
_HEADERS_SLACK = 65_536
"""A record block may be this much larger than the payload limit (its HTTP headers)."""

logging.getLogger("warcio").addHandler(logging.NullHandler())
"""warcio logs its repairs (``Replacing spaces in invalid WARC-Target-URI: <the whole URI>``) as warnings, which
Python prints to stderr when nothing is configured; the reader reports what matters in its own errors."""


def read_warc(
    stream: BinaryIO,
    path: str,
    options: ReadOptions = ReadOptions(),
    *,
    stats: ReadStats | None = None,
) -> Iterator[ReadResult]:
    """Yield one :class:`Document` per HTML ``response``/``resource`` record of a (gzipped) WARC.

    Other records (``warcinfo``, ``request``, ``metadata``, ``revisit``,
    non-HTML or non-2xx responses) are counted in ``stats.skipped`` by
    reason. A truncated or corrupt archive yields the records read before
    the damage, then one :class:`ReadError` with the byte offset; in a file
    that can be read from anywhere (not a pipe), reading goes on at the next
    record that starts whole after the damage (the next gzip member that
    opens with a WARC header, or the next ``WARC/1.`` line of an uncompressed
    archive), so damage in the middle of a crawl loses only what it hit.
    """
    stats = stats if stats is not None else ReadStats()
    base, reported = 0, set()
    while True:
        damage = yield from _read_from(stream, base, path, options, stats, reported)
        if damage is None:
            return
        # from the start of the last record read on (it may have run into the next one), and always past ``base``
        resume = _next_record(stream, max(damage, base) + 1, gzipped=_gzipped(stream))
        if resume is None:
            return
        base = resume


def _read_from(stream: BinaryIO, base: int, path: str, options: ReadOptions, stats: ReadStats, reported: set[int]
               ) -> Iterator[ReadResult]:
    """The records from byte ``base`` on (where ``stream`` stands); when damage stops it, returns where the last
    record read before the damage started (a record whose end is missing runs into the next one, so the damage
    is found past the next record's start: the next whole record is looked for from there), else ``base``; None
    at the end of the archive. A damage offset already in ``reported`` is not reported again."""
    from warcio.archiveiterator import ArchiveIterator

    counted = _CountingReader(stream, base)
    it = ArchiveIterator(counted, arc2warc=True)
    overrun = _Overrun()
    it.INC_RECORD = overrun  # warcio writes bytes left after a record's declared end to stderr with its format()
    end = 0  # where the last complete record ended
    last = base  # where the last record read started

    def damaged(at: int, what: str) -> Iterator[ReadError]:
        if at not in reported:
            reported.add(at)
            yield _damaged(path, at, what)

    try:
        for record in it:
            stats.records += 1
            declared = (record.rec_headers.get_header("Content-Length") or "").strip()
            if not record.rec_type or record.length is None or not declared.isdigit():
                yield from damaged(base + it.offset, "record header is incomplete")
                return last
            swallowed: list[int] = []
            result, reason = _record_result(record, path, options, swallowed)
            offset = base + it.get_record_offset()  # reads the record to its end
            end = it.offset  # where the next record starts
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0 or not _member_complete(it):
                what = f"{missing} bytes missing" if missing > 0 else "gzip member ends early"
                yield from damaged(offset, f"record cut short ({what})")
                return offset
            last = offset
            if overrun.take():  # its payload goes on past its declared end, or its own end is missing
                yield from damaged(offset, "record does not end where its Content-Length says (other bytes follow "
                                           "there: its length is wrong or its end is missing)")
                return offset  # the next whole record is looked for from its start on
            if reason is not None:
                stats.skip(reason)
            elif result is not None:
                yield replace(result, locator=f"offset={offset}")
            if swallowed:  # the records inside it are read from their own version line on
                yield from damaged(offset, f"record runs into the next one (a WARC record starts at byte "
                                           f"{swallowed[0]} of its payload: its Content-Length is too large)")
                return offset
    except (AttributeError, TypeError, KeyError, IndexError):  # warcio on a header cut short
        yield from damaged(base + it.offset, "record header is incomplete or invalid")
        return last
    except Exception as err:  # noqa: BLE001 -- warcio, zlib and gzip raise many kinds on damage
        yield from damaged(base + it.offset, _one_line(err))
        return last
    left = counted.drain() - end
    if left > 0:
        yield from damaged(base + end, f"{left} bytes after it are not a complete record")
    elif stats.records == 0:
        yield ReadError(path, "not a WARC file (no records)")
    return None


_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN = 1 << 20


def _gzipped(stream: BinaryIO) -> bool:
    try:
        here = stream.tell()
        stream.seek(0)
        head = stream.read(3)
        stream.seek(here)
    except (AttributeError, OSError, ValueError):
        return False
    return head == _GZIP_MAGIC


def _next_record(stream: BinaryIO, start: int, *, gzipped: bool) -> int | None:
    """Where the next whole record after ``start`` begins, with ``stream`` left there; None when there is none
    or the stream can't be read from anywhere."""
    import zlib

    try:
        if not stream.seekable():
            return None
        pos = start
        while True:
            stream.seek(pos)
            chunk = stream.read(_SCAN + 8)
            if len(chunk) < 8:
                return None
            mark = _GZIP_MAGIC if gzipped else b"WARC/1."
            k = chunk.find(mark)
            while 0 <= k < _SCAN:
                at = pos + k
                stream.seek(at)
                head = stream.read(4096)
                if gzipped:
                    try:
                        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
                    except zlib.error:
                        head = b""
                    ok = head.startswith(b"WARC/")
                else:  # a version line followed by WARC headers (what came before may be a record cut short)
                    ok = re.match(rb"WARC/1\.\d\r?\n(?:[\w-]+:[^\n]*\n){0,20}?WARC-Type:", head) is not None
                if ok:
                    stream.seek(at)
                    return at
                k = chunk.find(mark, k + 1)
            pos += _SCAN
    except (AttributeError, OSError, ValueError):
        return None


_NEXT_RECORD = re.compile(rb"\r?\n\r?\nWARC/1\.\d\r?\n(?:[\w-]+:[^\n]*\n){0,20}?WARC-Type:")
"""A WARC record's start inside another's payload: the one before declared more bytes than it has."""


def _swallowed_at(data: bytes) -> int | None:
    """Where, in a record's payload, the records it swallowed start: only when what follows is one or more whole
    WARC records, each as long as its Content-Length says, that end exactly where the payload ends (a page that
    shows a WARC record as an example is no damage)."""
    walked: set[int] = set()  # record starts whose chain was followed already (and did not end the payload)
    for m in _NEXT_RECORD.finditer(data):
        pos = data.index(b"WARC/1.", m.start())
        while pos not in walked:  # a chain met again ends where it ended before: each record is walked once
            walked.add(pos)
            head_end = data.find(b"\r\n\r\n", pos)
            length = re.search(rb"(?im)^Content-Length:[ \t]*(\d+)[ \t]*\r?$", data[pos:head_end]) \
                if head_end >= 0 else None
            if length is None:
                break
            end = head_end + 4 + int(length.group(1))
            if end == len(data):
                return m.start()
            if data[end:end + 4] != b"\r\n\r\n" or not data.startswith(b"WARC/1.", end + 4):
                break
            pos = end + 4
    return None


_SWALLOW_TAIL = 16 << 20
"""How much of a skipped record's end is searched for records it swallowed."""


def _skipped(record: Any, reason: str, swallowed: list[int] | None) -> tuple[None, str]:
    """A record that is no article (a request, an image, a redirect) is skipped, but its payload is read through
    for records it swallowed, as an article's is: a request whose Content-Length is too large loses the response
    after it as surely (QA). The iterator reads the payload to its end anyway; only its last
    :data:`_SWALLOW_TAIL` bytes are kept and searched."""
    if swallowed is not None:
        tail, total = bytearray(), 0
        while chunk := record.raw_stream.read(1 << 16):
            tail += chunk
            total += len(chunk)
            if len(tail) > 2 * _SWALLOW_TAIL:
                del tail[:-_SWALLOW_TAIL]
        at = _swallowed_at(bytes(tail)) if b"WARC/1." in tail else None  # an image or a request: no record in it
        if at is not None:
            swallowed.append(total - len(tail) + at)
    return None, reason


def _record_result(
    record: Any, path: str, options: ReadOptions, swallowed: list[int] | None = None
) -> tuple[ReadResult | None, str | None]:
    """The article in ``record``, or why it is skipped; the locator is filled in later. A payload that holds the
    start of another record is read up to it, and where it starts is added to ``swallowed``."""
    rec_type = record.rec_type
    if rec_type not in _ARTICLE_RECORDS:
        return _skipped(record, f"{rec_type} record", swallowed)
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):  # a redirect (its target is a record of its own), an error page
            why = "HTTP redirect (3xx)" if status.startswith("3") else f"HTTP status {status or 'missing'}"
            return _skipped(record, why, swallowed)
        content_type = http.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    mime, charset = _parse_content_type(content_type)
    if mime and mime not in HTML_TYPES:
        return _skipped(record, f"non-HTML {rec_type}", swallowed)
    if record.length is not None and record.length > options.max_article_bytes + _HEADERS_SLACK:
        return ReadError(path, too_big(record.length, options.max_article_bytes)), None
    try:
        data = read_bounded(record.content_stream(), options.max_article_bytes)
    except TooBig as err:
        return ReadError(path, str(err)), None
    at = _swallowed_at(data)
    if at is not None:
        data = data[:at]
        if swallowed is not None:
            swallowed.append(at)
    if not mime and not _looks_like_html(data):
        return None, f"non-HTML {rec_type}"
    if not data.strip():
        return ReadError(path, f"empty {rec_type} payload"), None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    try:
        page = extract_html(data, charset=charset, url=uri)
    except ErrorPage:  # served with status 200, as bot checks are: skipped and counted like other non-articles
        return None, "error or bot-check page"
    except ListingPage:  # a crawl's home, section and tag pages
        return None, "home or listing page"
    except BinaryContent as err:
        return ReadError(path, _undecoded(http, err)), None
    except NotAnArticle as err:
        return ReadError(path, str(err)), None
    doc = Document(
        text=page.text,
        source=uri or path,
        path=path,
        format="warc",
        url=uri or page.url,
        title=page.title,
        site=page.site or host_of(uri),
        author=page.author,
        published=page.published,
        crawled=record.rec_headers.get_header("WARC-Date") or None,
        language=page.language,
        encoding=page.encoding,
        warning=page.warning,
        canonical=page.canonical,
        source_link=page.source_link,
    )
    return doc, None


def _undecoded(http: Any, err: BinaryContent) -> str:
    """Why a response's payload is no text: a ``Content-Encoding`` that warcio could not undo (brotli without the
    ``brotli`` package, zstd) is named, since its bytes are the page compressed, not a binary file (found by QA:
    a browser crawler's brotli-encoded pages were each 'binary content (not text): NUL byte at byte 95')."""
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() if http is not None else ""
    if not encoding or encoding == "identity":
        return str(err)
    from warcio.bufferedreaders import BufferedReader

    if encoding in BufferedReader.get_supported_decompressors():
        return f"{err} (the payload did not decompress as its Content-Encoding '{encoding}' says)"
    hint = " (install the 'brotli' package for warcio to read it)" if encoding == "br" else ""
    return f"payload compressed with Content-Encoding '{encoding}', which cannot be decompressed here{hint}"


def _damaged(path: str, offset: int, what: str) -> ReadError:
    return ReadError(path, f"truncated or corrupt WARC at offset {offset}: {what}", f"offset={offset}")


def _parse_content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS) or b"<html" in head


def _member_complete(it: Any) -> bool:
    """False when the gzip member of the record just read stopped before its end."""
    reader = getattr(it, "reader", None)
    decompressor = getattr(reader, "decompressor", None)
    return decompressor is None or bool(getattr(decompressor, "eof", True))


def _one_line(err: BaseException) -> str:
    """The error in one printable line: warcio quotes the damaged bytes it read (``first line: ['\\x1f\\x8b…``)."""
    text = " ".join(str(err).split()) or type(err).__name__
    if "first line:" in text and ("\\x" in text or not text.isprintable()):
        text = text.split("first line:")[0].strip() + " (the bytes there are not a WARC record header)"
    return "".join(c if c.isprintable() else "?" for c in text)[:300]


class _Overrun:
    """Stands in for warcio's ``INC_RECORD`` message: notes the bytes that warcio found after a record's declared end
    where the blank lines before the next record belong (found by QA: a Content-Length too small left the page cut
    short and stored without an error, and warcio printed its warning with the raw bytes to stderr)."""

    def __init__(self) -> None:
        self.lines: list[bytes] = []

    def format(self, _offset: object, line: bytes) -> str:
        self.lines.append(line)
        return ""  # what warcio writes to stderr

    def take(self) -> bool:
        """Whether the record just read ran past its Content-Length: bytes after it that do not start the next
        record. A record followed by its successor's version line with no blank line between, or by what is left
        of that line when its Content-Length took a few bytes of it too, is whole."""
        lines, self.lines = self.lines, []
        return any(not _version_line_part(line) for line in lines)


def _version_line_part(line: bytes) -> bool:
    """Whether ``line`` is a WARC version line or the end of one (``ARC/1.0``: its first bytes read as a record's)."""
    head = line.rstrip(b"\r\n")
    return line.startswith(b"WARC/") or (bool(head) and any(v.endswith(head) for v in (b"WARC/1.0", b"WARC/1.1")))


class _CountingReader:
    """A read-only stream that counts the bytes read through it (``tell`` for unseekable input)."""

    def __init__(self, stream: BinaryIO, base: int = 0) -> None:
        self._stream = stream
        self._count = 0
        self._base = base
        """Where in the file reading started (the counts are from there)."""

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._count += len(data)
        return data

    def tell(self) -> int:
        return self._count

    def drain(self) -> int:
        """Read what is left (in bounded chunks) and return the total number of bytes."""
        try:
            size = os.fstat(self._stream.fileno()).st_size - self._base
            if size >= self._count:
                return size
        except (AttributeError, OSError, ValueError):
            pass
        while chunk := self.read(1 << 20):
            del chunk
        return self._count
