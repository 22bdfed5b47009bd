"""HTML pages: trafilatura's main text and metadata, kept faithful for copy detection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from ..config import ReadOptions
from ..records import Document, ReadError
from .common import ReadResult, TooBig, read_bounded
from .decode import BinaryContent, decode_with_note, html_meta_charset, normalize_newlines

_LANG_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    '//meta[translate(@http-equiv,"CONTENTLANGUAGE","contentlanguage")="content-language"]/@content',
    '//meta[@property="og:locale"]/@content',
)


class NotAnArticle(ValueError):
    """An HTML page with no article text in it; the message says why."""


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The main text of an HTML page and what the page states about itself."""

    text: str
    """Paragraphs separated by ``\\n``, as trafilatura extracts them."""
    encoding: str
    title: str | None = None
    url: str | None = None
    """The page's canonical URL (``<link rel=canonical>``, ``og:url``), else the ``url`` given."""
    site: str | None = None
    """The site's name (``og:site_name``, publisher) or else its host name."""
    author: str | None = None
    published: str | None = None
    """ISO date the page states (meta tags, JSON-LD, ``<time>``); never guessed from free text."""
    language: str | None = None
    """As the page declares it (``<html lang>``, Content-Language, ``og:locale``)."""
    warning: str | None = None
    """What decoding had to replace, if anything."""


def extract_html(data: bytes, *, charset: str | None = None, url: str | None = None) -> HtmlPage:
    """Extract the main text and metadata of one HTML page.

    ``charset`` is what the transport said (an HTTP header); otherwise the
    page's ``<meta charset>`` is honoured, after UTF-8 and before guessing.
    ``url`` is where the page was fetched, for resolving its metadata.
    Raises :class:`~unspun.read.decode.BinaryContent` for bytes that are not
    text and :class:`NotAnArticle` when trafilatura finds no text.
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    html, encoding, warning = decode_with_note(data, charset or html_meta_charset(data))
    try:
        tree = load_html(html)
        if tree is None:
            raise NotAnArticle("not an HTML page (it does not parse as HTML)")
        language = _language(tree)
        found = bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": date.today().isoformat(),
            },
        )
    except NotAnArticle:
        raise
    except Exception as err:  # noqa: BLE001 -- lxml/trafilatura fail in many ways on odd pages
        raise NotAnArticle(f"HTML extraction failed: {type(err).__name__}: {err}") from err
    text = normalize_newlines(_get(found, "text") or "").strip()
    if not text:
        raise NotAnArticle("no article text found in the HTML page")
    page_url = _get(found, "url") or url
    return HtmlPage(
        text=text,
        encoding=encoding,
        title=_get(found, "title"),
        url=page_url,
        site=_get(found, "sitename") or host_of(page_url),
        author=_get(found, "author"),
        published=_get(found, "date"),
        language=language,
        warning=warning,
    )


def html_document(
    data: bytes,
    path: str,
    *,
    source: str | None = None,
    locator: str = "",
    fmt: str = "html",
    charset: str | None = None,
    url: str | None = None,
) -> ReadResult:
    """Extract one HTML page into a :class:`Document`, or a :class:`ReadError` saying why not.

    When ``url`` (where the page was fetched) is given it is the document's
    URL; otherwise the URL the page states (canonical) is.
    """
    try:
        page = extract_html(data, charset=charset, url=url)
    except (BinaryContent, NotAnArticle) as err:
        return ReadError(path, str(err), locator)
    return Document(
        text=page.text,
        source=source or path,
        path=path,
        locator=locator,
        format=fmt,
        url=url or page.url,
        title=page.title,
        site=page.site,
        author=page.author,
        published=page.published,
        language=page.language,
        encoding=page.encoding,
        warning=page.warning,
    )


def read_html(
    stream: BinaryIO, path: str, options: ReadOptions = ReadOptions(), *, size: int | None = None
) -> Iterator[ReadResult]:
    """Read ``stream`` as one HTML page (at most ``options.max_article_bytes``)."""
    try:
        data = read_bounded(stream, options.max_article_bytes, size)
    except TooBig as err:
        yield ReadError(path, str(err))
        return
    if not data:
        yield ReadError(path, "empty file")
        return
    yield html_document(data, path)


def host_of(url: str | None) -> str | None:
    """The host name of ``url`` without a leading ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _language(tree: Any) -> str | None:
    for xpath in _LANG_XPATHS:
        try:
            values = tree.xpath(xpath, namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
        except Exception:  # noqa: BLE001 -- lxml raises several kinds for odd trees
            continue
        for value in values:
            lang = str(value).strip().split(",")[0].strip().replace("_", "-")
            if lang:
                return lang
    return None


def _get(found: Any, name: str) -> str | None:
    value = getattr(found, name, None) if found is not None else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None
