"""HTML pages: trafilatura's main text and metadata, kept faithful for copy detection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

from ..config import ReadOptions
from ..records import Document, ReadError
from ..words import SOURCE_NAME
from .common import ReadResult, TooBig, page_key, read_bounded
from .decode import BinaryContent, decode_with_note, html_meta_charset, normalize_newlines

_LANG_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    '//meta[translate(@http-equiv,"CONTENTLANGUAGE","contentlanguage")="content-language"]/@content',
    '//meta[@property="og:locale"]/@content',
)

_WORD_RUN = re.compile(r"\w+")
_CONTROL_REF = re.compile(r"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
                          r"|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9]));?")
"""A character reference to a control character or a noncharacter (``&#12;``, ``&#x1b;``, ``&#12`` without its
semicolon, ``&#xFFFE;``): lxml puts it in the tree, where
trafilatura's XML output refuses it and drops the whole page; it is read as a space."""


class NotAnArticle(ValueError):
    """An HTML page with no article text in it; the message says why."""


class ErrorPage(NotAnArticle):
    """A page a crawler stored that is not an article: an error page, a bot check, a near-empty page."""


class ListingPage(NotAnArticle):
    """A site's home, section, tag, topic or author page: teasers of its articles (each a headline and a lead),
    not an article of its own."""


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The main text of an HTML page and what the page states about itself."""

    text: str
    """Paragraphs separated by ``\\n``, as trafilatura extracts them."""
    encoding: str
    title: str | None = None
    url: str | None = None
    """The page's own URL: the ``url`` given, else what the page states (canonical link, ``og:url``) unless that
    names another site's page (see ``canonical``), else its ``og:url`` or WordPress shortlink."""
    site: str | None = None
    """The site's name (``og:site_name``, publisher) or else its own host name."""
    author: str | None = None
    published: str | None = None
    """ISO 8601 date the page states (``article:published_time`` with its time and offset, else trafilatura's
    date from meta tags, JSON-LD, ``<time>``); never guessed from free text."""
    language: str | None = None
    """As the page declares it (``<html lang>``, Content-Language, ``og:locale``)."""
    warning: str | None = None
    """What decoding had to replace, if anything."""
    canonical: str | None = None
    """The canonical link when it names a page of another site than the page's own: the page declares that page
    its original (what syndication partners and reposting plugins do). None when it names the page's own site,
    and when the page says nothing else of its own address (then the canonical link is taken as that)."""
    source_link: str | None = None
    """Where the link a reposting plugin adds under the article points (``<a href=…>Source link</a>``), when that is
    another site's page: the page names it as the page it took the article from."""


_OWN_XPATHS = (
    '//meta[@property="og:url"]/@content',
    '//link[@rel="shortlink"]/@href',
    '//link[@rel="https://api.w.org/"]/@href',
    '//link[@rel="EditURI"]/@href',
    "//base/@href",
)
"""Where a page states its own address besides its canonical link: Open Graph, and what WordPress (the usual
platform of reposting sites) writes into every page whatever its SEO plugin sets the canonical link to."""


def site_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` (``edition.cnn.com`` -> ``cnn.com``, ``news.bbc.co.uk`` -> ``bbc.co.uk``)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    from courlan import extract_domain

    try:
        found = extract_domain(url)
    except Exception:  # noqa: BLE001 -- odd hosts
        found = None
    if found:
        return found
    host = host_of(url)  # a suffix the public-suffix list lacks (.example, .local): its last two labels
    return ".".join(host.split(".")[-2:]) if host else None


def _absolute(href: str, base: str | None) -> str:
    """``href`` read from ``base`` (where the page was fetched), if known; as it is when that fails."""
    if not base or not href or href.startswith(("http://", "https://")):
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed address (an unclosed IPv6 bracket)
        return href


def page_addresses(tree: Any, url: str | None = None) -> tuple[str | None, str | None]:
    """(the page's own URL or None, the canonical link if it names another page else None).

    ``url`` is where the page was fetched (a WARC record's target): a
    canonical link on another domain names another site's page, and one on
    the same site naming another address (not the same page with tracking
    parameters) names the version the site prefers (an AMP or print page
    names its article page). Otherwise the
    site's own domain is read from the WordPress shortlink, REST and EditURI
    links and ``<base>`` (which an SEO plugin leaves alone, while Yoast sets
    ``og:url`` to the canonical address), else from ``og:url``. Without any of
    them the canonical link is all the page says of itself and is taken as
    its address, and without that either, the WordPress shortlink.
    """
    def first(xpath: str) -> str | None:
        try:
            values = tree.xpath(xpath)
        except Exception:  # noqa: BLE001
            return None
        # a fetched page's relative link (href="/news/story", "//host/news/story") is read from where it was
        # fetched (found by QA: an AMP page's relative canonical link was passed over, so it was no duplicate of
        # its article page with a direction)
        found = (_absolute(str(v).strip(), url) for v in values)
        return next((v for v in found if v.startswith(("http://", "https://"))), None)

    canonical = first('//link[translate(@rel,"CANONICAL","canonical")="canonical"]/@href')
    og, short = first(_OWN_XPATHS[0]), first(_OWN_XPATHS[1])
    site_links = [u for u in (short, *(first(x) for x in _OWN_XPATHS[2:])) if u]
    if url:  # fetched from there: that is its address, whatever its tags say
        own = [url]
    elif site_links:  # what WordPress writes whatever its SEO plugin sets (Yoast sets og:url to the canonical)
        own = site_links
    else:
        own = [og] if og else []
    if canonical is None or not own:
        return (url or og or canonical or short), None  # a WordPress page with neither: its shortlink (QA)
    domains = {site_domain(u) for u in own} - {None}
    if not domains or site_domain(canonical) in domains:
        if url and page_key(canonical) not in (None, page_key(url)):
            return url, canonical  # fetched here, it names the site's preferred version of itself
        return (url or canonical), None
    page = url or next((u for u in (og, short) if u and site_domain(u) != site_domain(canonical)), None)
    return page, canonical


def extract_html(data: bytes, *, charset: str | None = None, url: str | None = None,
                 pages_only: bool = True) -> HtmlPage:
    """Extract the main text and metadata of one HTML page.

    ``charset`` is what the transport said (an HTTP header); otherwise the
    page's ``<meta charset>`` is honoured, after UTF-8 and before guessing.
    ``url`` is where the page was fetched, for resolving its metadata.
    Raises :class:`~unspun.read.decode.BinaryContent` for bytes that are not
    text and :class:`NotAnArticle` when trafilatura finds no text, and
    :class:`ErrorPage` for an error or bot-check page, or one of under
    ``MIN_WORDS`` words (unless ``pages_only`` is false: a record's HTML
    snippet may be short).
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    html, encoding, warning = decode_with_note(data, charset or html_meta_charset(data))
    try:
        tree = load_html(_CONTROL_REF.sub(" ", html))
        if tree is None:
            raise NotAnArticle("not an HTML page (it does not parse as HTML)")
        language = _language(tree)
        own_url, declared = page_addresses(tree, url)
        settings = {"url": url, "include_comments": False, "include_tables": True, "deduplicate": False,
                    "date_extraction_params": {"original_date": True, "extensive_search": False,
                                               "max_date": date.today().isoformat()}}
        found = bare_extraction(tree, with_metadata=True, **settings)
        if found is None:  # trafilatura discards a whole page whose metadata raises (QA: htmldate on the date
            # 2024-03-14T10:00:00+99:00, then "no article text found"): the text without trafilatura's metadata
            found = bare_extraction(tree, with_metadata=False, **settings)
    except NotAnArticle:
        raise
    except Exception as err:  # noqa: BLE001 -- lxml/trafilatura fail in many ways on odd pages
        raise NotAnArticle(f"HTML extraction failed: {type(err).__name__}: {err}") from err
    text = normalize_newlines(_get(found, "text") or "").strip()
    if not text:
        raise NotAnArticle("no article text found in the HTML page")
    items = _json_ld_articles(tree)
    text = _json_ld_paragraphs(items, text) or text
    link = _source_link(tree, url or own_url)
    for mark in (link[0] if link else None, _credit_line(tree, text)):
        if mark is not None and " ".join(mark.split()) not in " ".join(text.split()):
            text = f"{text}\n{mark}"  # a reposting plugin's link line, which trafilatura drops as link-only
    if pages_only:
        _refuse_non_article(text, _get(found, "title"), _head_title(tree))
    stated = _stated_date(tree)
    if pages_only and stated is None:
        _refuse_listing(tree, url or own_url)
    found_url = _get(found, "url")
    page_url = own_url if declared else (url or found_url or own_url)
    name = _get(found, "sitename")
    if name and found_url and name.lower() in {host_of(found_url), _hostname(found_url)}:
        name = None  # trafilatura's fallback to the host of the URL it found, which may be another site's
    title = _get(found, "title")
    if name and (name.strip().lower() == (title or "").strip().lower()
                 or (name.rstrip()[-1:] in ".?!" and len(name.split()) >= 4)):
        name = None  # a headline taken for the site's name (``<title>Netanyahu will meet him. | AP News``)
    own_host = host_of(page_url) or next((host_of(u) for u in _own_links(tree)), None)
    return HtmlPage(
        text=text,
        encoding=encoding,
        title=_get(found, "title"),
        url=page_url,
        site=name or own_host,
        author=_get(found, "author"),
        published=stated or _json_ld_time(items, _get(found, "date")) or _get(found, "date"),
        language=language,
        warning=warning,
        canonical=declared,
        source_link=_other_site(link[1] if link else None, url or page_url),
    )


def _other_site(href: str | None, page: str | None) -> str | None:
    """``href`` (read from ``page``, where the page is) when it is another site's page, else None: a reposting
    plugin's link names the page it took the article from, and a link to the page's own site names no source."""
    found = _absolute(href.strip(), page) if href else None
    if not found or not found.startswith(("http://", "https://")) or not host_of(found):
        return None
    own = site_domain(page)
    return found if own is None or site_domain(found) != own else None


_SOURCE_LINKS = frozenset({"source link", "view original post", "original article"})


def _source_link(tree: Any, page: str | None = None) -> tuple[str, str | None] | None:
    """The text and address of a link a reposting plugin adds under the article (``<a href=…>Source link</a>``), if
    the page has one: cleaning takes the text out as furniture and direction reads it as the page's reposting mark,
    and the address as the page it names its source. Else an excerpt's line that links another site's page than
    ``page`` (where the page is) for the rest (:data:`READ_ON`), which says the same."""
    from ..clean.patterns import READ_ON
    from ..clean.site import normalise_line

    try:
        anchors = tree.xpath("//body//a")
    except Exception:  # noqa: BLE001
        return None
    excerpt = None
    lines: dict[Any, str | None] = {}  # each block's line read once: a list of thousands of links is one block
    for a in anchors:
        words = " ".join("".join(a.itertext()).split())
        if not words or _in_page_parts(a):
            continue
        if normalise_line(words) in _SOURCE_LINKS:
            return words, a.get("href")
        block = a.getparent()
        if excerpt is not None or block is None:
            continue
        if block not in lines:
            line = " ".join("".join(block.itertext()).split())
            lines[block] = line if READ_ON.fullmatch(line) else None
        if lines[block] is not None and _other_site(a.get("href"), page):
            # an excerpt's "Continue reading at <a href=…>…</a>" (QA, 2026-12-04)
            excerpt = lines[block], a.get("href")
    return excerpt


_PAGE_PARTS = re.compile(r"(?:sidebar|widget|related|jp-relatedposts|comment|menu|breadcrumb|recommend|trending"
                         r"|popular|most-read)", re.IGNORECASE)
"""How the class or id words of the page's parts around the article begin (``widget_recent_entries``,
``sidebar-1``, ``comments-area``): their links are other posts'. A word that only contains one
(``has-sidebar`` on the body, Genesis's ``content-sidebar-wrap`` around article and sidebar) is no such part."""


def _in_page_parts(el: Any) -> bool:
    """Whether ``el`` stands in a sidebar, a widget, a menu, the comments or a list of other posts (found by QA: a
    ``Recent posts`` widget's ``Source link`` of another repost was taken for the article's)."""
    for up in el.iterancestors():
        if not isinstance(up.tag, str) or up.tag in ("body", "html"):
            continue
        if up.tag in ("aside", "nav") or any(_PAGE_PARTS.match(w) for w in
                                             f"{up.get('class') or ''} {up.get('id') or ''}".split()):
            return True
    return False


_CREDIT = re.compile(
    r"(?:(?i:source|via)(?:\s*:\s*|\s+)|(?i:(?:this (?:article|story|post) )?(?:was )?(?:originally|first) "
    r"(?:published|appeared) (?:on|in|at|by)|republished (?:from|with permission (?:of|from)))\s+)"
    r"(?:the )?" + SOURCE_NAME + r"\.?"
    r"|The post .{1,300} appeared first on " + SOURCE_NAME + r"\.?")
"""A line that says where a reposted page comes from (``Source: Harbor Wire``, ``Originally published on ...``,
WordPress's ``The post <title> appeared first on <site>.``): a name of capitalised words, not a sentence."""
_BLOCKS = frozenset({"p", "div", "section", "footer", "span", "small", "em", "strong", "li", "ul", "blockquote"})
_STOPS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "nav", "aside", "form", "header", "figure", "figcaption",
                    "img", "iframe", "svg", "canvas", "video", "picture", "table", "article", "script"})
"""Where the search for a credit line under the article ends: a heading (the comments', the related links'),
the page's other parts, another story, and media (a line after a chart or a photo is its credit)."""
_MEDIA_TAGS = frozenset({"img", "iframe", "svg", "canvas", "video", "picture", "figure"})
_MEDIA = ".//*[" + " or ".join(f"self::{t}" for t in sorted(_MEDIA_TAGS)) + "]"
CREDIT_BLOCKS = 4
"""A credit line stands among the first few blocks of text after the article's last paragraph."""


_NOT_THE_POST = re.compile(r"sidebar|widget|related|comment|discussion|responses|menu|breadcrumb|recommend|caption"
                           r"|photo|image|chart|trending|popular|most-read|newsletter|promo|sponsor|advert|\bads?\b"
                           r"|author|bio\b|tags?\b|share|social|site-footer|colophon", re.IGNORECASE)
"""Class or id words of a page's parts that are not the article: no credit line is read in or after them."""


def _credit_line(tree: Any, text: str = "") -> str | None:
    """A credit line that a reposting page puts just under its article, where trafilatura leaves it out
    (``<div class=post-footer>Source: <a>Harbor Wire</a></div>``): the page's statement of its source, which
    direction reads. It is looked for only among the first :data:`CREDIT_BLOCKS` blocks of text that follow the
    element holding the extracted text's last paragraph, up to a heading, a media element, another story or the
    page's other parts: a review found sidebars, widgets, comments, site footers, the next story an endless-scroll
    page preloads and a chart's ``Source: Bloomberg`` read as the page's credit when the whole page was searched."""
    last = " ".join(text.split())[-60:]  # the end of the last paragraph (trafilatura may join paragraphs)
    if len(last) < 20:
        return None
    try:
        anchors = [el for el in tree.xpath("//body//*[self::p or self::div or self::li or self::blockquote]")
                   if " ".join("".join(el.itertext()).split()).endswith(last)]
    except Exception:  # noqa: BLE001
        return None
    if not anchors:
        return None
    anchor = anchors[-1]  # the innermost element that ends with the last paragraph (ancestors come first)
    seen = 0
    for el in anchor.xpath("following::*"):
        tag = str(el.tag).lower()
        if tag in _STOPS or _NOT_THE_POST.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return None
        if tag == "footer" and not any(str(x.tag).lower() == "article" for x in el.iterancestors()):
            return None  # the site's footer, not the article's
        if tag not in _BLOCKS:
            continue
        words = " ".join("".join(el.itertext()).split())
        if not words:
            continue
        if _CREDIT.fullmatch(words):
            prev = el.getprevious()
            if el.xpath(_MEDIA) or (prev is not None and (str(prev.tag).lower() in _MEDIA_TAGS or prev.xpath(_MEDIA))):
                return None  # a chart's, a video's or a photo's credit line
            return words
        if any(c.tag in _BLOCKS for c in el):
            continue  # a container: its blocks are looked at one by one
        seen += 1
        if seen >= CREDIT_BLOCKS:
            return None
    return None



_LD_ARTICLE = re.compile(r"\w*(?:Article|BlogPosting)")
"""The schema.org types of an article (``NewsArticle``, ``ReportageNewsArticle``, ``BlogPosting``, ...)."""
_LD_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b[^<>]*>", re.IGNORECASE)
_LD_BREAK = re.compile(r"<(?:br\b[^<>]*|/(?:p|div|h[1-6]|li|blockquote)\s*)>", re.IGNORECASE)


def _json_ld_articles(tree: Any) -> list[dict]:
    """The objects of the page's JSON-LD scripts that are articles, at the top, in a list or in ``@graph``."""
    import json

    out: list[dict] = []

    def walk(node: Any) -> None:
        for item in node if isinstance(node, list) else [node]:
            if isinstance(item, dict):
                kinds = item.get("@type")
                if any(isinstance(k, str) and _LD_ARTICLE.fullmatch(k)
                       for k in (kinds if isinstance(kinds, list) else [kinds])):
                    out.append(item)
                walk(item.get("@graph"))

    try:
        scripts = tree.xpath('//script[@type="application/ld+json"]/text()')
    except Exception:  # noqa: BLE001
        return out
    for script in scripts:
        try:
            walk(json.loads(str(script), strict=False))
        except (ValueError, RecursionError):
            continue
    return out


def _json_ld_paragraphs(items: list[dict], text: str) -> str | None:
    """``text`` with the paragraphs of the JSON-LD ``articleBody`` it was read from, where trafilatura's fallback
    to that body (a page rendered by script) joined them into one line; None otherwise (found by QA: a quotation
    reopened at the next paragraph was joined across paragraphs and given to the wrong speaker)."""
    from html import unescape

    if "\n" in text:
        return None
    words = _WORD_RUN.findall(text)
    for item in items:
        body = item.get("articleBody")
        if not isinstance(body, str):
            continue
        if _LD_MARKUP.search(body):
            body = unescape(re.sub(r"<[^<>]*>", " ", _LD_BREAK.sub("\n", body)))
        lines = [" ".join(line.split()) for line in normalize_newlines(body).split("\n")]
        found = "\n".join(line for line in lines if line)
        if "\n" in found and _WORD_RUN.findall(found) == words:
            return found
    return None


def _json_ld_time(items: list[dict], day: str | None) -> str | None:
    """The publication time an article's JSON-LD states (``datePublished`` with its time and offset) on the day
    trafilatura read, which it gives without the time (found by QA: an AMP page's copy, hours after its original
    on the same day, was of unknown direction)."""
    from .dates import normalise_date

    for item in items:
        value = item.get("datePublished")
        found = normalise_date(value)[0] if isinstance(value, str) else None
        if found and "T" in found and (day is None or found.startswith(day[:10])):
            return found
    return None


_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="article:published_time"]/@content',
)


def _stated_date(tree: Any) -> str | None:
    """The publication time the page's own metadata states (``article:published_time``), with its time and
    offset: it outranks a date found in a URL (the canonical link's, which may be another site's page) and
    lets two pages of one day be ordered."""
    from .dates import normalise_date

    for xpath in _DATE_XPATHS:
        try:
            values = tree.xpath(xpath)
        except Exception:  # noqa: BLE001, S112 -- lxml raises several kinds for odd trees
            continue
        for value in values:
            found, _ = normalise_date(str(value))
            if found:
                return found
    return None


_SECTION = (r"news|world|politics|business|economy|markets|money|sports?|opinion|editorials?|us|uk|nation(?:al)?|"
            r"international|local|metro|tech(?:nology)?|science|health|entertainment|culture|arts|lifestyle|travel|"
            r"latest|video|live|breaking|top-stories")
_INDEX = r"(?:index\.(?:s?html?|php|aspx?))?$"
_FRONT_PATH = re.compile(rf"^(?:/(?:{_SECTION})){{0,2}}/?{_INDEX}", re.IGNORECASE)
"""The path of a home page (``/``) or of a section's front page (``/news/``, ``/world/``, ``/us/politics``: one or
two common section names and nothing else)."""
_LISTING_PATH = re.compile(
    r"(?:/(?:tags?|category|categories|topics?|sections?|authors?|archives?)/[^/]+/?|/page/\d+/?)" + _INDEX,
    re.IGNORECASE)
"""The path of a page that lists a tag's, a section's or an author's articles (WordPress's ``/tag/x``,
``/category/x``, ``/author/x``, and their ``/page/2``)."""


def _refuse_listing(tree: Any, url: str | None) -> None:
    """Raise :class:`ListingPage` for a page at a listing address that does not call itself an article (no
    ``og:type`` of ``article``; the caller has found no ``article:published_time``). Found by QA on a crawl: a home
    page, read as an article, shared a lead with each story it listed, joined their stories and, through them, their
    provenance families."""
    if not url:
        return
    try:
        parts = urlsplit(url)
        path = parts.path
        kinds = [str(v).strip().lower() for v in tree.xpath('//meta[@property="og:type"]/@content')]
    except Exception:  # noqa: BLE001 -- a URL that does not parse, an odd tree: read as an article
        return
    front = _FRONT_PATH.search(path)
    if parts.query and front:
        return  # ``/?p=12``: WordPress's address of an article, ``/news/?p=12`` where it is installed in /news/
    if (front or _LISTING_PATH.search(path)) and "article" not in kinds:
        where = "home page" if path.strip("/") == "" or path.lower().startswith("/index.") else "listing page"
        raise ListingPage(f"a site's {where} ({url}): teasers of its articles, not an article")


MIN_WORDS = 15
"""A page whose main text has fewer words is an error or empty page, not an article."""
_BARRIER = re.compile(
    r"checking (?:your|if the site connection is) (?:browser|secure)|just a moment\.\.\.|enable javascript and cookies"
    r"|attention required!? \| cloudflare|ddos protection by|verify (?:that )?you are (?:a )?human|are you a robot"
    r"|access (?:to this page has been )?denied|\b(?:403 forbidden|404 not found|page not found|500 internal server error)\b"
    r"|please complete the security check|unusual traffic from your computer"
    r"|\bthat page can(?:no|['’])?t be found|nothing was found at this location", re.IGNORECASE)
"""What bot checks (Cloudflare's), access walls and error pages say (WordPress themes' own "Oops! That page can't
be found. It looks like nothing was found at this location." among them): such a page served with status 200 is
stored by crawlers like any other."""
_BARRIER_WORDS = 150
"""... in their first lines, in a text this short; a longer one may be an article about them ..."""
_BARRIER_TITLE_WORDS = 50
"""... or in their title, in a text shorter still (a brief headlined "Access denied: court rules ..." is news)."""


def _head_title(tree: Any) -> str | None:
    """The page's ``<title>``, which trafilatura passes over for its ``<h1>`` (a WordPress 404 page is titled
    "Page not found – Site" over an ``<h1>`` that says "Oops! ...")."""
    try:
        found = tree.xpath("//title")
    except Exception:  # noqa: BLE001
        return None
    return " ".join("".join(found[0].itertext()).split()) or None if found else None


def _refuse_non_article(text: str, title: str | None, head_title: str | None = None) -> None:
    from ..words import WORD

    words = sum(1 for _ in WORD.finditer(text, 0, 20_000))  # a Han character is a word: Chinese has no spaces
    if words < MIN_WORDS:
        raise ErrorPage(f"only {words} word{'s' if words != 1 else ''} of text: not an article (an error or "
                        "empty page?)")
    if words < _BARRIER_WORDS:
        m = _BARRIER.search(text[:200])  # they say so at once
        for heading in (title, head_title):
            if m is None and heading and words < _BARRIER_TITLE_WORDS:
                m = _BARRIER.search(heading)  # "Access denied" as the title of a page with next to nothing in it
        if m:
            raise ErrorPage(f"a bot check or error page ('{m.group()}'), not an article")


def _own_links(tree: Any) -> list[str]:
    out = []
    for xpath in _OWN_XPATHS:
        try:
            out += [str(v) for v in tree.xpath(xpath)]
        except Exception:  # noqa: BLE001, S112 -- lxml raises several kinds for odd trees
            continue
    return out


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
    URL; otherwise the page's own address (see :func:`page_addresses`).
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
        canonical=page.canonical,
        source_link=page.source_link,
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


def _hostname(url: str) -> str | None:
    """``url``'s host name as ``urlsplit`` gives it, None where it does not parse (QA: ``http://[::1/a``, an
    unclosed IPv6 host, raised ValueError: a 500 for POST /check, a WARC record reported as damage)."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


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
