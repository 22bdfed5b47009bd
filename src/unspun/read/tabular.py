"""JSON lines, JSON documents and CSV: one record, one article, with field names from :class:`ReadOptions`.

JSON lines and CSV stream: one line (JSONL) or one row (CSV) is in memory at a
time, each at most ``max_article_bytes``. A JSON document (an array of records,
or an object holding one list of them) is parsed whole, up to
:data:`JSON_DOCUMENT_BYTES`. A text field that holds HTML (it starts with
``<``) goes through the HTML extractor; the record's own fields win over what
the page states; markup further in (``NEW YORK &mdash; ...<br/>``) is stripped,
and a text with none has its character references decoded (``It&#x27;s``).
Text that starts with ``<`` but is not a whole page
("<b>Breaking</b>: ...", "<3 Fans ...") is kept when the extractor finds no
page in it: with its tags stripped when it has tags, else as it is.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ..config import ReadOptions
from ..records import Document, ReadError
from .common import ReadResult, ReadStats, peek_head, too_big
from .decode import BinaryContent, check_not_binary, decode_text, decode_with_note, normalize_newlines, wide_encoding
from .dates import normalise_date
from .html import NotAnArticle, extract_html, host_of

_STREAM_ERRORS = (EOFError, OSError, zlib.error)
"""What a truncated or corrupt gzip stream raises while being read."""
_PAGE_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|body\b|\?xml\b)", re.I | re.S)
"""A whole HTML page: its failures stay errors (a page with no article text is not an article)."""
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|template)\b[^<>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|table|blockquote|section|article|header|footer|pre|figure"
    r"|figcaption)\b[^<>]*>",
    re.I,
)
_MARKUP = re.compile(_BLOCK_TAG.pattern + r"|</(?:a|b|i|u|s|em|strong|span|font|small|big|sub|sup|cite|q|mark|abbr"
                     r"|code|time|del|ins|strike)\s*>", re.I)
"""HTML in a text that does not start with a tag (``NEW YORK &mdash; ...<br/>``, ``... <b>changes</b> ...``): a block
tag, or an inline element's closing tag; a lone ``<b>`` in prose is none, nor is a corpus's own markup
(PolNeAR's ``<tweet ...>...</tweet>``, which the quotation reader knows)."""
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def read_jsonl(
    stream: BinaryIO, path: str, options: ReadOptions = ReadOptions(), *, stats: ReadStats | None = None
) -> Iterator[ReadResult]:
    """Yield one article per JSON object line; a bad line is a :class:`ReadError` with ``line=N``.

    Blank lines are passed over. Lines are UTF-8 (as JSON lines are); a line
    in another encoding is decoded by detection. A truncated gzip stream ends
    the reading with one error.
    """
    stats = stats if stats is not None else ReadStats()
    limit = options.max_article_bytes
    line_no = 0
    try:
        first, stream = peek_head(stream, 4096)
    except _STREAM_ERRORS as err:
        yield ReadError(path, f"truncated or corrupt compressed file after line 0: {err}", "line=1")
        return
    wide = wide_encoding(first)
    if wide is not None:  # UTF-16 or UTF-32 (PowerShell's redirection writes UTF-16): read as text, lines in UTF-8
        stream = _Utf8Lines(io.TextIOWrapper(stream, encoding=wide, errors="replace"))
    head: list[ReadResult] | None = []  # the first lines' binary-content errors, until a line is not one
    while True:
        try:
            line = stream.readline(limit + 1)
            if line_no == 0 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]  # a UTF-8 BOM before the first record
            if len(line) > limit and not line.endswith(b"\n"):
                line_no += 1
                stats.records += 1
                size = len(line) + _skip_line(stream, limit)
                yield from head or ()
                head = None
                yield ReadError(path, too_big(size, limit), f"line={line_no}")
                continue
        except _STREAM_ERRORS as err:
            yield from head or ()
            yield ReadError(path, f"truncated or corrupt compressed file after line {line_no}: {err}", f"line={line_no + 1}")
            return
        if not line:
            yield from head or ()
            return
        line_no += 1
        if not line.strip():
            continue
        stats.records += 1
        item = _json_line(line, path, line_no, options, wide)
        if isinstance(item, list):  # a wrapper's records (an API's response on one line)
            stats.records += len(item) - 1
            yield from head or ()
            head = None
            yield from item
            continue
        if head is not None:
            if isinstance(item, ReadError) and (item.reason.startswith("binary content")
                                                or (item.reason.startswith("invalid JSON") and _not_text(line))):
                head.append(item)
                if len(head) == _BINARY_LINES:  # a binary file, not JSON lines with a bad line: one error
                    yield ReadError(path, f"binary content, not JSON lines: its first {_BINARY_LINES} lines are not "
                                          "text; the rest was not read")
                    return
                continue
            yield from head
            head = None
        yield item


JSON_DOCUMENT_BYTES = 256 << 20
"""A JSON document is parsed whole (its text and its objects held at once, about six times its size): over
this size it is refused, with the advice to write it as JSON lines, which stream."""
RECORD_FORMATS = ("warc", "jsonl", "json", "csv")
"""Formats whose articles are records that may carry their own URL (which then identifies them)."""


def read_json(
    stream: BinaryIO, path: str, options: ReadOptions = ReadOptions(), *, stats: ReadStats | None = None
) -> Iterator[ReadResult]:
    """Yield one article per record of a JSON document (``item=N``, 1-based): a top-level array of records, one
    record (an object with the text field), or an object with one list of records (``{"articles": [...]}``)."""
    stats = stats if stats is not None else ReadStats()
    try:
        data = stream.read(JSON_DOCUMENT_BYTES + 1)
    except _STREAM_ERRORS as err:  # a gzipped document cut short
        stats.records += 1
        yield ReadError(path, f"truncated or corrupt compressed file: {err}")
        return
    if len(data) > JSON_DOCUMENT_BYTES:
        stats.records += 1
        yield ReadError(path, f"a JSON document over {JSON_DOCUMENT_BYTES >> 20} MiB is not read whole: write it as "
                              "JSON lines (one record per line), which are streamed")
        return
    try:
        text, encoding, warning = decode_with_note(data.removeprefix(codecs.BOM_UTF8))
    except BinaryContent as err:
        stats.records += 1
        yield ReadError(path, str(err))
        return
    del data
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):  # JSON lines under a .json name
            yield from read_jsonl(io.BytesIO(text.encode("utf-8", "surrogatepass")), path, options, stats=stats)
            return
        stats.records += 1
        yield ReadError(path, f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})")
        return
    except RecursionError:
        stats.records += 1
        yield ReadError(path, "invalid JSON: nested too deeply")
        return
    del text
    records = _json_records(document, options.text_field)
    if isinstance(records, str):
        stats.records += 1
        yield ReadError(path, records)
        return
    for n, record in enumerate(records, 1):
        stats.records += 1
        if not isinstance(record, dict):
            yield ReadError(path, f"JSON item is {_json_type(record)}, not an object", f"item={n}")
            continue
        yield record_document(record, path, locator=f"item={n}", fmt="json", options=options, encoding=encoding,
                              warning=warning)


_WRAPPER_STRING = 200
"""A wrapper's own strings are a status, a query, a page's address; a longer one is some article's text."""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", str: "a string", list: "an array", dict: "an object", int: "a number",
            float: "a number"}.get(
        type(value), type(value).__name__)


def _json_records(document: Any, field: str) -> list | str:
    """The records of a JSON document, or why it holds none: an array, one record (an object with the text
    field), or a wrapper (an object with no text of its own, ``{"status": "ok", "articles": [...]}``) holding
    one list of objects. An object with a longer string (an article's body under another name) is a record
    that lacks the text field, not a wrapper (its ``comments`` list is no list of articles)."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return f"the JSON document is {_json_type(document)}, not an array of records or an object"
    if field in document:
        return [document]
    if any(isinstance(v, str) and len(v) > _WRAPPER_STRING for v in document.values()):
        return f"no text field {field!r} (--text-field)"
    lists = [k for k, v in document.items() if isinstance(v, list) and all(isinstance(x, dict) or x is None for x in v)]
    if len(lists) == 1:
        return document[lists[0]]
    held = f"several lists ({', '.join(map(repr, lists))})" if lists else "no list of objects"
    return f"a JSON object with no text field {field!r} (--text-field) and {held}"


_BINARY_LINES = 3


def _not_text(line: bytes) -> bool:
    """Whether a line that is no JSON is no text either: control bytes, or bytes that are not UTF-8 (found by QA:
    random bytes whose first line held no NUL gave an 'invalid JSON' error, then one error per line). A line that
    starts as a JSON object is a broken record, not binary (review: three records with a raw control character in
    a string, or cut short in Latin-1, made the whole file one error and the good records after them unread)."""
    if line.lstrip().startswith(b"{"):
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return any(c < " " and c not in "\t\r\n" for c in text)
"""A file whose first this many lines are binary is one error, not one per line."""


def read_csv(
    stream: BinaryIO, path: str, options: ReadOptions = ReadOptions(), *, stats: ReadStats | None = None
) -> Iterator[ReadResult]:
    """Yield one article per CSV data row (``row=N``, 1-based, header not counted).

    The first row names the columns. A UTF-8 BOM is dropped; a file that is
    not UTF-8 is decoded with the encoding detected on its first 64 KB.
    Quoted fields may span lines. Raises the process-wide
    ``csv.field_size_limit`` to ``max_article_bytes`` when it is lower.
    """
    stats = stats if stats is not None else ReadStats()
    limit = options.max_article_bytes
    head, stream = peek_head(stream)
    if not head:
        yield ReadError(path, "empty file")
        return
    try:
        encoding = _csv_encoding(head)
    except BinaryContent as err:
        yield ReadError(path, str(err))
        return
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    overlong: list[int] = []
    delimiter, quoting = _dialect(head, encoding, tsv=path.lower().endswith(".tsv"))
    nuls = [0]  # lines with a NUL byte, dropped (a binary file was refused above)
    raw: list[str] = []  # the lines of the row being read, as written
    reader = csv.reader(_recorded(_without_nuls(_bounded_lines(text, limit, overlong), nuls), raw),
                        delimiter=delimiter, quoting=quoting)
    header: list[str] | None = None
    row_no = 0
    while True:
        before = nuls[0]
        raw.clear()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if header is None:
                yield ReadError(path, f"invalid CSV header: {err}")
                return
            unclosed = _unclosed_quote(raw, len(header), delimiter) if quoting != csv.QUOTE_NONE else None
            row_no += 1
            stats.records += 1
            reason = too_big(None, limit) if "field limit" in str(err) else f"invalid CSV: {err}"
            yield ReadError(path, unclosed[0] if unclosed else reason, f"row={row_no}")
            for row in unclosed[1] if unclosed else ():
                row_no += 1
                stats.records += 1
                yield record_document(dict(zip(header, row)), path, locator=f"row={row_no}", fmt="csv",
                                      options=options, encoding=encoding)
            continue
        while overlong and header is not None:
            row_no += 1
            stats.records += 1
            yield ReadError(path, too_big(overlong.pop(0), limit), f"row={row_no}")
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if header is None:
            header = [name.strip() for name in row]
            continue
        if quoting != csv.QUOTE_NONE and (unclosed := _unclosed_quote(raw, len(header), delimiter)):
            row_no += 1  # QA: the row took the next rows into its text, and nothing was said
            stats.records += 1
            yield ReadError(path, unclosed[0], f"row={row_no}")
            swallowed = unclosed[1]
        else:
            swallowed = [row]
        for row in swallowed:
            row_no += 1
            stats.records += 1
            yield record_document(dict(zip(header, row)), path, locator=f"row={row_no}", fmt="csv", options=options,
                                  encoding=encoding,
                                  warning="NUL bytes dropped from the row" if nuls[0] > before else None)
    for size in overlong:
        row_no += 1
        stats.records += 1
        yield ReadError(path, too_big(size, limit), f"row={row_no}")
    if header is None:
        yield ReadError(path, "no CSV header row")


DEFAULT_DATE_FIELD = ReadOptions().date_field
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")
"""Where records keep their byline (found by QA: a newsroom's feed with an ``author`` on every record was stored
with none, so ``show``, the report and ``GET /articles`` named no author)."""

DATE_FIELDS = ("published", "published_at", "publishedAt", "datePublished", "pubDate", "pub_date", "publish_date",
               "date_publish")
"""Where records keep their date when the default field (``date``) is absent and no other was named (``date_publish``:
news-please's). A crawl date (GDELT's ``seendate``, news-please's ``date_download``) is no publication date."""


def record_document(
    record: Mapping[str, Any], path: str, *, locator: str, fmt: str, options: ReadOptions, encoding: str | None = None,
    warning: str | None = None,
) -> ReadResult:
    """Turn one JSONL/CSV record into a :class:`Document`, or say which field is wrong."""
    if any(isinstance(v, str) and "\x00" in v for v in record.values()):
        # a JSON "\u0000" escape: dropped as a CSV's stray NUL bytes are (QA: it stayed in the text and title, and
        # reached the CSV export, which PostgreSQL's COPY and other tools refuse)
        record = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in record.items()}
        note = "NUL characters dropped from the record"
        warning = f"{warning}; {note}" if warning else note
    field = options.text_field
    if field not in record:
        return ReadError(path, f"no text field {field!r} (--text-field)", locator)
    text = record[field]
    if not isinstance(text, str):
        return ReadError(path, f"text field {field!r} is {_json_type(text)}, not a string", locator)
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if not text.strip():
        return ReadError(path, f"text field {field!r} is empty", locator)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > options.max_article_bytes:
        return ReadError(path, too_big(size, options.max_article_bytes), locator)
    url = record.get(options.url_field)
    if url is not None and not isinstance(url, str):  # QA: ``"url": 5`` was stored as the address "5"
        note = f"{options.url_field!r} is {_json_type(url)}, not an address; left out"
        warning, url = f"{warning}; {note}" if warning else note, None
    url = _value(url)
    title = unescape_entities(_value(record.get(options.title_field)))
    published = _value(record.get(options.date_field))
    date_fields = DATE_FIELDS if options.date_field == DEFAULT_DATE_FIELD else ()
    if published is None and date_fields:
        published = next((v for v in map(_value, (record.get(k) for k in date_fields)) if v is not None), None)
    published, date_note = normalise_date(published)
    if published is None and date_note is None:  # QA: ``"date": [1, 2]`` was dropped without the warning
        date_note = next((f"date {k!r} is {_json_type(record[k])}, not a date; left out"
                          for k in (options.date_field, *date_fields) if isinstance(record.get(k), (list, dict))), None)
    if date_note:
        warning = f"{warning}; {date_note}" if warning else date_note
    site = _value(record.get(options.site_field))
    if site is None and isinstance(record.get(options.site_field), dict):  # NewsAPI: {"id": ..., "name": ...}
        site = _value(record[options.site_field].get("name"))
    author = next((v for v in map(_names, (record.get(k) for k in AUTHOR_FIELDS)) if v is not None), None)
    language = canonical = source_link = None
    if text.lstrip().startswith("<"):
        try:
            page = extract_html(text.encode("utf-8", "surrogatepass"), charset="utf-8", url=url, pages_only=False)
        except BinaryContent as err:
            return ReadError(path, str(err), locator)
        except NotAnArticle as err:
            page = None
            fallback = None if _PAGE_START.match(text) else strip_markup(text)
            if not fallback or not fallback.strip():
                return ReadError(path, str(err), locator)
            text = fallback
        if page is not None:
            text, url = page.text, url or page.url
            title, published, site = title or page.title, published or page.published, site or page.site
            author, language, canonical = author or page.author, page.language, page.canonical
            source_link = page.source_link
    elif _MARKUP.search(text):  # markup after the first words (QA: a body starting with a dateline kept its tags)
        text = strip_markup(text)
    else:
        text = unescape_entities(text)  # an API that escapes its text (QA: `It&#x27;s`, `&quot;` were stored)
    return Document(
        text=normalize_newlines(text),
        source=url or path,
        path=path,
        locator=locator,
        format=fmt,
        url=url,
        title=title,
        site=site or host_of(url),
        author=author,
        published=published,
        language=language,
        encoding=encoding,
        warning=warning,
        canonical=canonical,
        source_link=source_link,
    )


def unescape_entities(text: str | None) -> str | None:
    """``text`` with its character references decoded (``&amp;``, ``&#x27;``, ``&mdash;``), only those that end
    with ``;`` and name a character: ``AT&T``, ``&copy`` without its semicolon and ``&madeup;`` stay as written."""
    if not text or "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def strip_markup(text: str) -> str:
    """``text`` with its HTML tags taken out, for markup that is not a whole page.

    Text with no tag (``<3`` is not one) is given back as it is. Otherwise
    comments, scripts and styles go; block tags (``<p>``, ``<br>``, ``<li>``,
    ...) become line breaks and other tags (``<b>``, ``<a href=...>``)
    nothing; entities are decoded; spaces around line breaks and runs of
    blank lines are tidied.
    """
    if _TAG.search(text) is None:
        return text
    out = _HIDDEN.sub("", text)
    out = _BLOCK_TAG.sub("\n", out)
    out = html.unescape(_TAG.sub("", out))
    out = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", out)
    out = re.sub(r"[ \t]{2,}", " ", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _json_line(line: bytes, path: str, line_no: int, options: ReadOptions, wide: str | None = None
               ) -> ReadResult | list[ReadResult]:
    """One line's record; ``wide`` names the file's UTF-16/32 encoding, its line given here recoded as UTF-8. A line
    that is a wrapper (:func:`_json_records`: an object with no text of its own holding one list of records) gives
    its records (review: a compact API response longer than the head that standard input is sniffed by is read as
    JSON lines)."""
    locator = f"line={line_no}"
    try:
        decoded, encoding, warning = line.decode("utf-8"), wide or "utf-8", None
    except UnicodeDecodeError:
        try:
            decoded, encoding, warning = decode_with_note(line)
        except BinaryContent as err:
            return ReadError(path, str(err), locator)
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as err:
        return ReadError(path, f"invalid JSON: {err.msg} (column {err.colno})", locator)
    except RecursionError:
        return ReadError(path, "invalid JSON: nested too deeply", locator)
    if not isinstance(record, dict):
        return ReadError(path, f"JSON line is {type(record).__name__}, not an object", locator)
    if options.text_field not in record and isinstance(records := _json_records(record, options.text_field), list):
        return [ReadError(path, f"JSON item is {_json_type(r)}, not an object", f"{locator} item={n}")
                if not isinstance(r, dict) else
                record_document(r, path, locator=f"{locator} item={n}", fmt="jsonl", options=options,
                                encoding=encoding, warning=warning) for n, r in enumerate(records, 1)]
    return record_document(record, path, locator=locator, fmt="jsonl", options=options, encoding=encoding,
                           warning=warning)


def _names(value: Any) -> str | None:
    """A record's byline: a string, or a list of names (strings, or objects with a ``name``), joined by commas."""
    if isinstance(value, list):
        names = [_name(v.get("name") if isinstance(v, dict) else v) for v in value]
        return ", ".join(n for n in names if n) or None
    return _name(value.get("name") if isinstance(value, dict) else value)


def _name(value: Any) -> str | None:
    """A name: a string with a letter in it, not a number (WordPress's REST API gives ``"author": 3``, a user's id)."""
    name = _value(value) if isinstance(value, str) else None
    return name if name and any(c.isalpha() for c in name) else None


def _value(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value).strip() or None
    return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a surrogate pair, which a JSON escape (``"\\ud83d"``: an emoji cut in two) can give and UTF-8
cannot store: read as U+FFFD, as an undecodable byte is."""


class _Utf8Lines:
    """``readline`` of a text stream, each line encoded as UTF-8 (what :func:`read_jsonl` reads)."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text

    def readline(self, size: int = -1) -> bytes:
        return self.text.readline(size).encode("utf-8", errors="surrogatepass")


def _skip_line(stream: BinaryIO, limit: int) -> int:
    """Read past the rest of an over-long line, in bounded pieces; return how many bytes that was."""
    skipped = 0
    while piece := stream.readline(limit + 1):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def _bounded_lines(text: io.TextIOWrapper, limit: int, overlong: list[int]) -> Iterator[str]:
    """The lines of ``text``; a line over ``limit`` characters is dropped and its length noted."""
    while line := text.readline(limit + 1):
        if len(line) > limit and not line.endswith(("\n", "\r")):
            size = len(line)
            while (more := text.readline(limit + 1)) and not more.endswith(("\n", "\r")):
                size += len(more)
            overlong.append(size + len(more))
            continue
        yield line


_DELIMITERS = (",", ";", "\t", "|")


def looks_like_table(head: bytes, text_field: str) -> bool:
    """Whether a stream with no telling name (standard input, a file with no extension) is a table: its header row
    names ``text_field`` among two columns or more (QA: a CSV export piped in was read as one text article)."""
    try:
        encoding = _csv_encoding(head)
    except BinaryContent:
        return False
    lines = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    line = next((ln for ln in lines if ln.strip()), "")
    delimiter, _ = _dialect(head, encoding)
    try:
        names = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return False
    return len(names) >= 2 and text_field in (name.strip() for name in names)


def _dialect(head: bytes, encoding: str, *, tsv: bool = False) -> tuple[str, int]:
    """The separator and quoting of a table, from its header row (its first non-blank line).

    The separator is the one of ``, ; TAB |`` the header holds most often outside quotes (spreadsheets in much
    of Europe export with semicolons); with none, a comma (a tab for a ``.tsv`` file). Tab-separated tables
    are mostly written without quoting (``mysql -B``, ``psql``, spreadsheets), where a ``"`` is a character of
    the text: they are read so unless the header's own names are quoted or a field in the first lines doubles
    its quotation marks inside quotes, as a quoting writer (Python's ``csv``, pandas) does.
    """
    lines = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    line = next((ln for ln in lines if ln.strip()), "")
    bare = re.sub(r'"[^"]*"', "", line)
    counts = [(bare.count(d), -k) for k, d in enumerate(_DELIMITERS)]
    best = max(counts)
    delimiter = _DELIMITERS[-best[1]] if best[0] else ("\t" if tsv else ",")
    if delimiter == "\t" and not line.lstrip().startswith('"') and not any(map(_ESCAPED_FIELD.search, lines)):
        return delimiter, csv.QUOTE_NONE
    return delimiter, csv.QUOTE_MINIMAL


_ESCAPED_FIELD = re.compile(r'(?:^|\t)"(?:[^"\t]|"")*""(?:[^"\t]|"")*"(?:\t|$)')
"""A tab-separated field quoted with its own quotation marks doubled (``"He said ""wow"" twice"``): a quoting
writer."""


STRAY_NULS = 0.001
"""A table whose first 64 KB hold NUL bytes, but at most four or one in a thousand, and reads as UTF-8 without them, is
text with stray NULs (a database export's ``\\0`` in one cell): they are dropped and the rows that had them say so,
rather than the whole file being refused as binary (QA: one NUL in one cell cost every row of the file)."""


def _stray_nuls(head: bytes) -> bool:
    nuls = head.count(b"\x00")
    if not nuls or nuls > max(4, STRAY_NULS * len(head)):
        return False
    try:
        check_not_binary(head.replace(b"\x00", b""))
        codecs.getincrementaldecoder("utf-8")().decode(head.replace(b"\x00", b""), final=False)
    except (BinaryContent, UnicodeDecodeError):
        return False
    return True


def _recorded(lines: Iterator[str], raw: list[str]) -> Iterator[str]:
    """``lines``, each also appended to ``raw`` (which the caller empties before each row): a row's lines as written."""
    for line in lines:
        raw.append(line)
        yield line


_UNCLOSED_TRIES = 50
"""Lines of one row tried as the start of rows it swallowed (bounds the work on a row with many stray quotes)."""


def _unclosed_quote(lines: list[str], width: int, delimiter: str) -> tuple[str, list[list[str]]] | None:
    """Why a row read from ``lines`` is no row, with the rows it swallowed, or None when it is one.

    A quotation mark that is never closed takes the next lines into its field up to the next quotation mark, or to
    the end of the file. Those lines are rows when, from one of them to the row's last line, they hold an even
    number of quotation marks (a field of many lines that is closed puts its closing mark after any line break
    within it: the lines after the break hold an odd number) and read as whole rows of the table's ``width``
    (two columns or more). A row that ends inside a quoted field, with nothing after it, was cut at the end of the
    file."""
    if width < 2:
        return None
    counts = [line.count('"') for line in lines]
    if len(lines) > 1:
        tail, starts = 0, []
        for k in range(len(lines) - 1, 0, -1):
            tail += counts[k]
            if tail % 2 == 0:
                starts.append(k)
        for k in reversed(starts[-_UNCLOSED_TRIES:]):
            rows = [r for r in csv.reader(lines[k:], delimiter=delimiter) if r and (len(r) > 1 or r[0].strip())]
            if rows and all(len(r) == width for r in rows):
                return (f"a quotation mark in this row is not closed: its field took in the {len(lines) - k} line(s) "
                        "after it, which are read as rows of their own"), rows
    if sum(counts) % 2:
        try:
            for _ in csv.reader(lines, delimiter=delimiter, strict=True):
                pass
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                return "the file ends inside a quoted field: the row is cut short", []
    return None


def _without_nuls(lines: Iterator[str], seen: list[int]) -> Iterator[str]:
    """``lines`` with NUL characters dropped; ``seen[0]`` counts the lines that had any."""
    for line in lines:
        if "\x00" in line:
            seen[0] += 1
            line = line.replace("\x00", "")
        yield line


def _csv_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    wide = wide_encoding(head)
    if wide is not None:
        return wide  # its NULs are valid UTF-8, so the test below would pass it as UTF-8
    if _stray_nuls(head):
        return "utf-8"
    check_not_binary(head)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return decode_text(head)[1]
