"""What every reader shares: the stats it fills and the guard against huge articles."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..records import Document, ReadError

ReadResult = Document | ReadError
"""What a reader yields: one article, or one thing it could not read."""


@dataclass(slots=True)
class ReadStats:
    """Counts a reader fills while it streams, for the caller's summary.

    Pass one to :func:`unspun.read.read_file` (or several calls of it) and read
    it once the generator is exhausted.
    """

    records: int = 0
    """Units looked at: files, WARC records, JSONL lines, CSV rows."""
    documents: int = 0
    """Articles yielded."""
    errors: int = 0
    """``ReadError`` s yielded."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Records passed over on purpose, by reason (``request record``, ``non-HTML response``, ...)."""
    size: int | None = field(default=None, repr=False, compare=False)
    """The size of the file being read, while a regular file is (else None)."""
    position: Callable[[], int] | None = field(default=None, repr=False, compare=False)
    """Where its reading is in it, in bytes of the file (of a compressed file, its compressed bytes)."""

    def share_read(self) -> float | None:
        """How much of the file being read has been read (0 to 1), for progress; None when not known (standard
        input, a pipe)."""
        if not self.size or self.position is None:
            return None
        try:
            return min(self.position() / self.size, 1.0)
        except (OSError, ValueError):
            return None

    def skip(self, reason: str) -> None:
        """Count one record passed over for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def skipped_total(self) -> int:
        """All records passed over, whatever the reason."""
        return sum(self.skipped.values())

    def count(self, result: ReadResult) -> ReadResult:
        """Count ``result`` as a document or an error and hand it back."""
        if isinstance(result, ReadError):
            self.errors += 1
        else:
            self.documents += 1
        return result


def format_size(n: int) -> str:
    """A byte count for people: ``52.4 MB``, ``812 KB``, ``17 bytes`` (decimal units)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


def too_big(size: int | None, limit: int) -> str:
    """The reason given for an article over ``--max-article-bytes`` (``size`` None: not known)."""
    stated = f"{format_size(size)}, " if size is not None else ""
    return f"article is {stated}over the {format_size(limit)} limit (--max-article-bytes)"


class TooBig(Exception):
    """An article larger than the limit; ``size`` is a lower bound when ``exact`` is false."""

    def __init__(self, size: int, limit: int, exact: bool) -> None:
        super().__init__(too_big(size if exact else None, limit))
        self.size = size
        self.limit = limit
        self.exact = exact


def read_bounded(stream: BinaryIO, limit: int, size: int | None = None) -> bytes:
    """Read ``stream`` to its end, or raise :class:`TooBig` after at most ``limit + 1`` bytes.

    ``size``, when known (a file's size, a record's Content-Length), is
    checked first so that nothing is read at all for a huge article.
    """
    if size is not None and size > limit:
        raise TooBig(size, limit, exact=True)
    chunks: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    if got > limit:
        raise TooBig(got, limit, exact=False)
    return b"".join(chunks)


class _Chained(io.RawIOBase):
    """``head`` followed by the rest of ``stream``, as one readable stream."""

    def __init__(self, head: bytes, stream: BinaryIO, error: BaseException | None = None) -> None:
        self._head = memoryview(head)
        self._stream = stream
        self._error = error
        """What reading ``stream`` raised while its head was read: raised once the head is read."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._error is not None:
            raise self._error
        data = _read_some(self._stream, len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_some(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, from one read of what lies beneath where the stream can (``read1``): a gzip stream
    that is cut short gives what it decompressed before it fails (a whole ``read`` fails and loses it)."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


def peek_head(stream: BinaryIO, size: int = 65_536) -> tuple[bytes, BinaryIO]:
    """Read up to ``size`` bytes from the start of ``stream`` and give back a stream that still has them."""
    chunks: list[bytes] = []
    got = 0
    error = None
    try:
        while got < size:
            chunk = _read_some(stream, size - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except (EOFError, OSError, zlib.error) as err:  # a truncated gzip stream: its error comes after what it gave
        if not chunks:
            raise
        error = err
    head = b"".join(chunks)
    return head, io.BufferedReader(_Chained(head, stream, error))


def _split(url: str | None):
    """``url`` split (``urlsplit``), or None when there is none or it does not parse (an unclosed IPv6 bracket)."""
    if not url:
        return None
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def page_key(url: str | None) -> str | None:
    """``url`` in one form for comparing addresses: no scheme, ``www.``, fragment, trailing slash or
    ``utm_`` parameters; host in lower case."""
    if (parts := _split(url)) is None:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


CLICK_IDS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid"})
"""Query parameters that ad and social platforms add to every link they show: never part of which page."""
_CLICK_IDS = CLICK_IDS | {"ref", "ref_src", "smid", "cmpid", "ocid", "amp"}
"""Query parameters that name who sent a reader or which version of a page, not which page: a reposting plugin's
link carries them from the feed or share button it took the address from."""


def named_page_key(url: str | None, *, amp: bool = True) -> str | None:
    """:func:`page_key` of an address a page names as its original (a canonical or ``Source link`` link), also
    without click identifiers (``fbclid``, ``ref``, ...) and the AMP forms of the page (an ``amp`` path segment or
    query, an ``amp.`` host, the AMP cache's ``HOST.cdn.ampproject.org/c/s/HOST/PATH``), so that it compares with
    the page's own address (found by QA: two scrapers' links to one article, one to its AMP page, did not say they
    name one original). ``amp=False``: the click identifiers only, for a page's own address (an AMP page is not
    the page its canonical link names)."""
    if (parts := _split(url)) is None:
        return None
    host = (parts.hostname or "").lower()
    if amp and host.endswith(".cdn.ampproject.org"):
        inner = parts.path.split("/")  # /c/s/HOST/PATH (s: https) or /c/HOST/PATH
        inner = inner[3:] if len(inner) > 3 and inner[2] == "s" else inner[2:]
        if not inner or not inner[0]:
            return page_key(url)
        return named_page_key("https://" + "/".join(inner) + (f"?{parts.query}" if parts.query else ""))
    key = page_key(url)
    if key is None:
        return None
    if not amp:
        host, path = key.split("?")[0].split("/")[0], parts.path.rstrip("/")
    else:
        host = host.removeprefix("www.").removeprefix("amp.")
        path = "/".join(seg for seg in parts.path.split("/") if seg.lower() != "amp").rstrip("/")
    dropped = _CLICK_IDS if amp else _CLICK_IDS - {"amp"}
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query)
                             if not k.lower().startswith("utm_") and k.lower() not in dropped
                             and not (amp and k == "outputType" and v.lower() == "amp")))
    return f"{host}{path}" + (f"?{query}" if query else "")
