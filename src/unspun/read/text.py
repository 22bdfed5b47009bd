"""Plain text files: one file, one article, decoded and with ``\\n`` newlines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..config import ReadOptions
from ..records import Document, ReadError
from .common import ReadResult, TooBig, read_bounded
from .decode import BinaryContent, decode_with_note, normalize_newlines


def read_text(
    stream: BinaryIO, path: str, options: ReadOptions = ReadOptions(), *, size: int | None = None
) -> Iterator[ReadResult]:
    """Read ``stream`` as one plain-text article.

    ``size`` (the file's size, when known) is checked against
    ``options.max_article_bytes`` before anything is read; without it at most
    ``max_article_bytes + 1`` bytes are read. The text keeps everything but a
    BOM and ``\\r`` newlines; no title is guessed.
    """
    try:
        data = read_bounded(stream, options.max_article_bytes, size)
    except TooBig as err:
        yield ReadError(path, str(err))
        return
    yield text_document(data, path)


def text_document(data: bytes, path: str, *, locator: str = "", fmt: str = "text") -> ReadResult:
    """Decode ``data`` into a text :class:`Document`, or say why it is not one."""
    if not data:
        return ReadError(path, "empty file", locator)
    try:
        text, encoding, warning = decode_with_note(data)
    except BinaryContent as err:
        return ReadError(path, str(err), locator)
    text = normalize_newlines(text)
    if not text.strip():
        return ReadError(path, "no text (only whitespace)", locator)
    return Document(text=text, source=path, path=path, locator=locator, format=fmt, encoding=encoding,
                    warning=warning)
