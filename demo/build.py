#!/usr/bin/env python3
"""Build unspun's bundled demo corpus from the hand-written texts in demo/texts/.

Run from anywhere as ``python demo/build.py``. The script is deterministic and
idempotent: it deletes and rewrites ``demo/corpus/`` and ``demo/expected.json``
and produces byte-identical files on every run (no clocks, no random UUIDs;
the spinner uses a seeded RNG).

Inputs (all original fictional prose, written for this demo):

    demo/texts/original.txt     the source story (Harbor Wire)
    demo/texts/rewrite.txt      an editorial (LLM-style) rewrite of it
    demo/texts/same_story.txt   another outlet's independent report of the event
    demo/texts/unrelated.txt    a different story
    demo/texts/later_event.txt  same named people, a different event a year later

Each file: first line the title, then ``key: value`` metadata lines (url, site,
author, published), a blank line, then the body, paragraphs separated by blank
lines.

Derived here from the original (so that copies are exact by construction):
``syndicated`` (exact copy on a partner site, its canonical link naming the original), ``scraper`` (verbatim copy inside
a scraper site's furniture), ``truncated`` (the lead only, with a "continue
reading" trailer) and ``spin`` (a seeded word-for-word synonym spinner plus
tokenizer residue and one misspelled name).

Outputs:

    demo/corpus/text/*.txt        plain-text bodies
    demo/corpus/html/*.html       full HTML pages
    demo/corpus/warc/demo.warc.gz a WARC with warcinfo, request/response pairs
                                  and two non-HTML responses to skip
    demo/expected.json            the ground truth (articles and all pairs)

Only the standard library and warcio are needed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import io
import itertools
import json
import random
import re
import shutil
import struct
import sys
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEMO = Path(__file__).resolve().parent
ROOT = DEMO.parent
TEXTS = DEMO / "texts"
CORPUS = DEMO / "corpus"
WARC_NAME = "demo.warc.gz"

# --------------------------------------------------------------------------
# Sites: the furniture every page of a site carries.
# --------------------------------------------------------------------------

SITES: dict[str, dict] = {
    "harborwire.example": {
        "name": "Harbor Wire",
        "tagline": "Independent news from the coast since 1987",
        "body_class": "hw-site",
        "nav": ["Home", "Region", "Business", "Environment", "Ports & Shipping", "Sport", "Opinion", "Podcasts"],
        "section": "Environment",
        "sidebar_title": "Most read",
        "sidebar": [
            "Ferry timetable cut for the winter as crew shortage bites",
            "Westmarch council approves 400 new homes on former rail yard",
            "Gull Point lighthouse to reopen to visitors in summer",
            "Container volumes at Port Calder up 6 percent on year",
            "Letters: the estuary deserves better than another study",
        ],
        "newsletter": "Get the Harbor Wire morning briefing in your inbox. Sign up",
        "footer_links": ["About us", "Contact", "Corrections", "Privacy policy", "Terms of use", "Advertise"],
        "copyright": "Harbor Wire Ltd. All rights reserved.",
        "cookie": "We use cookies to improve your experience and to measure our audience. Accept",
        "ip": "192.0.2.17",
        "server": "nginx",
    },
    "coastalledger.example": {
        "name": "Coastal Ledger",
        "tagline": "The paper of the north shore",
        "body_class": "cl-site",
        "nav": ["News", "Local", "Politics", "Money", "Weather", "Obituaries", "Puzzles"],
        "section": "News",
        "sidebar_title": "Trending on Coastal Ledger",
        "sidebar": [
            "High school robotics team heads to national finals",
            "Road closures this weekend for the harbour half-marathon",
            "Opinion: why our town needs a second bridge",
            "Restaurant review: the best chowder on the north shore",
        ],
        "newsletter": "Support local journalism. Subscribe from $1 a week",
        "footer_links": ["About the Ledger", "Send us a tip", "Jobs", "Privacy", "Syndication partners"],
        "copyright": "Coastal Ledger Publishing Co.",
        "cookie": "This site uses cookies. By continuing you agree to our cookie policy.",
        "ip": "192.0.2.44",
        "server": "Apache",
    },
    "newsfeedhub24.example": {
        "name": "NewsFeedHub24",
        "tagline": "Breaking News, World News, Latest Updates 24/7",
        "body_class": "post-template-default single single-post wp-theme-newspaperx",
        "nav": ["Home", "World", "Politics", "Business", "Tech", "Entertainment", "Sports", "Health", "Crypto"],
        "section": "World",
        "sidebar_title": "Recent Posts",
        "sidebar": [
            "Top 10 Crypto Coins To Watch This Week",
            "Celebrity Chef Opens New Restaurant In Downtown",
            "Stock Market Today: Futures Edge Higher Ahead Of Data",
            "How To Lose Weight Fast: Experts Reveal Simple Tricks",
            "Estuary mayors back $240 million flood barrier plan after two-day summit",
        ],
        "newsletter": "Subscribe to our newsletter for daily updates!",
        "footer_links": ["About", "Contact Us", "DMCA", "Privacy Policy", "Disclaimer"],
        "copyright": "NewsFeedHub24 | Powered by WordPress",
        "cookie": "",
        "ip": "198.51.100.9",
        "server": "LiteSpeed",
    },
    "brightlinedigest.example": {
        "name": "Brightline Digest",
        "tagline": "The news you need, in five minutes",
        "body_class": "bd-article",
        "nav": ["Top stories", "World", "Climate", "Money", "Science", "Lifestyle"],
        "section": "Climate",
        "sidebar_title": "More from the Digest",
        "sidebar": [
            "What rising seas mean for coastal property prices",
            "Five things to know about tidal barriers",
            "Explained: how disaster funds are shared between regions",
            "The week in climate, in 10 charts",
        ],
        "newsletter": "Join 80,000 readers of the Brightline Daily. Subscribe",
        "footer_links": ["About", "Editorial standards", "AI use policy", "Contact", "Privacy"],
        "copyright": "Brightline Media Inc.",
        "cookie": "We and our partners use cookies to personalise content and ads. Manage choices",
        "ip": "203.0.113.21",
        "server": "cloudfront",
    },
    "marrenpost.example": {
        "name": "Marren Morning Post",
        "tagline": "Lower Marren's daily newspaper",
        "body_class": "mmp-story",
        "nav": ["Home", "Local", "Province", "Farming", "Coast", "Sport", "Letters", "E-edition"],
        "section": "Local",
        "sidebar_title": "Latest from the Post",
        "sidebar": [
            "Ashby school roof repairs to finish before spring term",
            "Province to review bus subsidies for rural routes",
            "Tallow Bridge market traders oppose parking charges",
            "Obituary: Harold Finch, boatbuilder, 1931-2024",
        ],
        "newsletter": "Get the Post delivered: print and digital from $4.99 a month",
        "footer_links": ["About the Post", "Contact the newsroom", "Advertise", "Privacy", "Terms"],
        "copyright": "Marren Morning Post Ltd.",
        "cookie": "The Post uses cookies. Find out more",
        "ip": "203.0.113.80",
        "server": "nginx",
    },
    "northvalegazette.example": {
        "name": "Northvale Gazette",
        "tagline": "News for Northvale",
        "body_class": "ng-page",
        "nav": ["News", "Science", "Sport", "Arts"],
        "section": "Science",
        "sidebar_title": "",
        "sidebar": [],
        "newsletter": "",
        "footer_links": ["About", "Contact"],
        "copyright": "Northvale Gazette",
        "cookie": "",
        "ip": "192.0.2.90",
        "server": "nginx",
    },
}

# Furniture a scraper site leaves inside the article container.
SCRAPER_TOP = [
    "NewsFeedHub24 — Breaking News, World News, Latest Updates 24/7",
    "Home » World » Europe",
]
SCRAPER_SHARE = "Share this: Facebook Twitter WhatsApp"
SCRAPER_TRANSLATE = "Translate »"
SCRAPER_PHOTO = "Photo credit: Harbor Wire / File"
SCRAPER_BOTTOM = [
    "Source link",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment",
    "Name *",
    "Email *",
    "Website",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Post Comment",
]

TRUNCATE_SHARE = 0.35
TRUNCATED_TRAILER = ["Continue reading on Harbor Wire", "Read more"]

# --------------------------------------------------------------------------
# The spinner: a typical article spinner's synonym table, word by word.
# --------------------------------------------------------------------------

SPIN_SEED = 20240317
SPIN_RATE = 0.6
SPIN_TABLE: dict[str, str] = {
    "lasting peace": "green peace",
    "according to": "in accordance with",
    "leaders": "frontrunners",
    "said": "stated",
    "government": "authorities",
    "announced": "introduced",
    "people": "individuals",
    "important": "essential",
    "help": "assist",
    "increase": "improve",
    "agreed": "concurred",
    "agreement": "arrangement",
    "build": "assemble",
    "raise": "elevate",
    "first": "initial",
    "project": "venture",
    "region": "area",
    "history": "background",
    "end": "conclusion",
    "summit": "peak",
    "plan": "strategy",
    "cost": "expense",
    "national": "nationwide",
    "pay": "compensate",
    "municipalities": "towns",
    "construction": "building",
    "begin": "start",
    "finish": "end",
    "keep": "preserve",
    "rebuilding": "reconstructing",
    "streets": "avenues",
    "winter": "wintertime",
    "told": "informed",
    "reporters": "press reporters",
    "decided": "determined",
    "stop": "cease",
    "waiting": "ready",
    "storm": "tempest",
    "live": "reside",
    "forced": "compelled",
    "residents": "locals",
    "homes": "houses",
    "closed": "shut",
    "caused": "triggered",
    "estimated": "approximated",
    "damage": "harm",
    "figures": "numbers",
    "result": "outcome",
    "almost": "practically",
    "negotiation": "settlement",
    "long": "lengthy",
    "competed": "contended",
    "limited": "restricted",
    "disaster": "catastrophe",
    "funds": "resources",
    "shows": "reveals",
    "shared": "mutual",
    "river": "stream",
    "boundaries": "limits",
    "statement": "declaration",
    "released": "launched",
    "designed": "created",
    "exceed": "surpass",
    "engineers": "designers",
    "strengthen": "reinforce",
    "new": "brand-new",
    "found": "discovered",
    "chance": "opportunity",
    "sharply": "greatly",
    "rise": "increase",
    "sea": "ocean",
    "little": "small",
    "time": "period",
    "waste": "squander",
    "models": "designs",
    "tell": "inform",
    "event": "occasion",
    "expect": "anticipate",
    "century": "100 years",
    "everyone": "everybody",
    "welcomed": "invited",
    "represents": "stands for",
    "owners": "proprietors",
    "warned": "cautioned",
    "change": "alter",
    "fishing": "angling",
    "consulted": "sought advice from",
    "support": "assistance",
    "protecting": "safeguarding",
    "need": "require",
    "publish": "release",
    "detailed": "in-depth",
    "hold": "maintain",
    "public": "general public",
    "expected": "anticipated",
    "vote": "ballot",
    "funding": "financing",
}
SPIN_MISSPELL = ("Elena Ruiz", "Elena Ruis")  # first occurrence only

# --------------------------------------------------------------------------
# Reading the hand-written texts.
# --------------------------------------------------------------------------


def read_text(name: str) -> dict:
    raw = (TEXTS / f"{name}.txt").read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    lines = head.split("\n")
    meta = {"title": lines[0].strip()}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{name}.txt: bad metadata line {line!r}")
        meta[key.strip()] = value.strip()
    paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n")]
    meta["paragraphs"] = [p for p in paragraphs if p]
    return meta


def words(text: str) -> list[str]:
    return text.split()


SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=["A-Z])')


def truncate(paragraphs: list[str], share: float) -> list[str]:
    """Whole sentences from the top until at least ``share`` of the words are in."""
    total = sum(len(words(p)) for p in paragraphs)
    goal = share * total
    out: list[str] = []
    count = 0
    for p in paragraphs:
        kept: list[str] = []
        for sentence in SENTENCE_END.split(p):
            kept.append(sentence)
            count += len(words(sentence))
            if count >= goal:
                out.append(" ".join(kept))
                return out
        out.append(" ".join(kept))
    return out


def match_case(src: str, repl: str) -> str:
    if len(src) > 1 and src.isupper():
        return repl.upper()
    if src[0].isupper():
        return repl[0].upper() + repl[1:]
    return repl


def spin(title: str, paragraphs: list[str]) -> tuple[str, list[str], list[dict]]:
    keys = sorted(SPIN_TABLE, key=lambda k: (-len(k), k))
    pattern = re.compile(
        r"\b(" + "|".join(r"\s+".join(map(re.escape, k.split())) for k in keys) + r")\b",
        re.IGNORECASE,
    )
    rng = random.Random(SPIN_SEED)
    log: list[dict] = []

    def sub(m: re.Match) -> str:
        src = m.group(0)
        if rng.random() >= SPIN_RATE:
            return src
        repl = match_case(src, SPIN_TABLE[" ".join(src.lower().split())])
        log.append({"from": src, "to": repl})
        return repl

    def residue(text: str) -> str:
        text = text.replace("n't", " n't")
        return re.sub(r"\$(?=\d)", "$ ", text)

    new_title = residue(pattern.sub(sub, title))
    out = [residue(pattern.sub(sub, p)) for p in paragraphs]
    wrong, right = SPIN_MISSPELL
    for i, p in enumerate(out):
        if wrong in p:
            out[i] = p.replace(wrong, right, 1)
            break
    else:
        raise ValueError(f"{wrong!r} not found in the spun text")
    return new_title, out, log


# --------------------------------------------------------------------------
# Rendering.
# --------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def human_date(value: str) -> str:
    t = parse_time(value)
    return f"{MONTHS[t.month - 1]} {t.day}, {t.year}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def render_text(art: dict) -> str:
    return "\n\n".join(art["paragraphs"]) + "\n"


def render_html(art: dict) -> str:
    domain = art["domain"]
    site = SITES[domain]
    base = f"https://{domain}"
    year = parse_time(art["published"]).year
    description = SENTENCE_END.split(art["paragraphs"][0])[0]
    if len(description) > 200:
        description = description[:197].rsplit(" ", 1)[0] + "..."
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art["title"],
        "datePublished": art["published"],
        "author": {"@type": "Person", "name": art["author"]},
        "publisher": {"@type": "Organization", "name": site["name"], "url": base + "/"},
        "mainEntityOfPage": art["url"],
        "inLanguage": "en",
    }
    o: list[str] = []
    w = o.append
    w("<!DOCTYPE html>")
    w('<html lang="en">')
    w("<head>")
    w('  <meta charset="utf-8">')
    w('  <meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"  <title>{esc(art['title'])} | {esc(site['name'])}</title>")
    w(f'  <link rel="canonical" href="{attr(art.get("canonical") or art["url"])}">')
    w(f'  <meta name="description" content="{attr(description)}">')
    w(f'  <meta name="author" content="{attr(art["author"])}">')
    w('  <meta property="og:type" content="article">')
    w(f'  <meta property="og:title" content="{attr(art["title"])}">')
    w(f'  <meta property="og:url" content="{attr(art["url"])}">')
    w(f'  <meta property="og:site_name" content="{attr(site["name"])}">')
    w(f'  <meta property="article:published_time" content="{attr(art["published"])}">')
    w(f'  <meta property="article:section" content="{attr(site["section"])}">')
    w(f'  <link rel="stylesheet" href="{base}/static/css/site.css">')
    w(f'  <link rel="icon" type="image/png" href="{base}/favicon.png">')
    w('  <script type="application/ld+json">')
    w("  " + json.dumps(ld, ensure_ascii=False))
    w("  </script>")
    w(f'  <script async src="{base}/static/js/analytics.js"></script>')
    w("</head>")
    w(f'<body class="{attr(site["body_class"])}">')
    w('  <header class="site-header">')
    w('    <div class="masthead">')
    w(f'      <a class="logo" href="{base}/">{esc(site["name"])}</a>')
    w(f'      <span class="tagline">{esc(site["tagline"])}</span>')
    w(f'      <a class="subscribe" href="{base}/subscribe">Subscribe</a>')
    w("    </div>")
    w('    <nav class="main-nav" aria-label="Main">')
    w("      <ul>")
    for item in site["nav"]:
        href = base + "/" if item == "Home" else f"{base}/{slug(item)}/"
        w(f'        <li><a href="{href}">{esc(item)}</a></li>')
    w("      </ul>")
    w("    </nav>")
    w("  </header>")
    w('  <main class="layout">')
    w('    <div class="content">')
    w('      <div class="article-header">')
    w(f'        <p class="kicker"><a href="{base}/{slug(site["section"])}/">{esc(site["section"])}</a></p>')
    w(f"        <h1>{esc(art['title'])}</h1>")
    byline = f'By <a href="{base}/author/{slug(art["author"])}/">{esc(art["author"])}</a>'
    if art.get("credit"):
        byline += f", {esc(art['credit'])}"
    w(f'        <p class="byline">{byline} &middot; '
      f'<time datetime="{attr(art["published"])}">{human_date(art["published"])}</time></p>')
    w("      </div>")
    w('      <article class="article-body">')
    for line in art.get("furniture_top", []):
        w(f'        <p class="td-header-line">{esc(line)}</p>')
    if art.get("furniture_share"):
        links = " ".join(
            f'<span class="td-btn-label" data-net="{net.lower()}">{net}</span>'
            for net in ("Facebook", "Twitter", "WhatsApp")
        )
        w(f'        <div class="td-post-sharing-top"><p>Share this: {links}</p></div>')
    if art.get("furniture_translate"):
        w(f'        <p class="gtranslate-link">{esc(art["furniture_translate"])}</p>')
    if art.get("furniture_photo"):
        w('        <div class="td-post-featured-image">')
        w(f'          <img src="{base}/wp-content/uploads/2024/03/{slug(art["title"])[:40]}.jpg" alt="">')
        w(f'          <p class="td-image-credit">{esc(art["furniture_photo"])}</p>')
        w("        </div>")
    for p in art["paragraphs"]:
        w(f"        <p>{esc(p)}</p>")
    bottom = art.get("furniture_bottom", [])
    if bottom:
        # A JS "button", not an <a>: link-only paragraphs are dropped by extractors.
        w(f'        <p class="td-post-source"><span class="td-src" data-href="{attr(art["source_url"])}">'
          f'{esc(bottom[0])}</span></p>')
        w('        <div id="respond" class="td-block-after-post">')
        w(f"          <h3>{esc(bottom[1])}</h3>")
        for line in bottom[2:-1]:
            w(f"          <p>{esc(line)}</p>")
        w(f'          <p><span class="btn">{esc(bottom[-1])}</span></p>')
        w("        </div>")
    w("      </article>")
    tags = art.get("tags", [])
    if tags:
        w('      <div class="tags">Tags: ' + ", ".join(
            f'<a href="{base}/tag/{slug(t)}/">{esc(t)}</a>' for t in tags) + "</div>")
    w("    </div>")
    if site["sidebar"]:
        w('    <aside class="sidebar">')
        w(f"      <h2>{esc(site['sidebar_title'])}</h2>")
        w("      <ol>")
        for i, head in enumerate(site["sidebar"], 1):
            w(f'        <li><a href="{base}/{year}/{slug(head)}">{esc(head)}</a></li>')
        w("      </ol>")
        if site["newsletter"]:
            w(f'      <div class="newsletter"><p>{esc(site["newsletter"])}</p></div>')
        w("    </aside>")
    w("  </main>")
    w('  <footer class="site-footer">')
    w('    <nav class="footer-nav">')
    for item in site["footer_links"]:
        w(f'      <a href="{base}/{slug(item)}">{esc(item)}</a>')
    w("    </nav>")
    w(f"    <p>&copy; {year} {esc(site['copyright'])}</p>")
    if site["cookie"]:
        w(f'    <div id="cookie-banner" class="cookie-banner"><p>{esc(site["cookie"])}</p></div>')
    w("  </footer>")
    w("</body>")
    w("</html>")
    return "\n".join(o) + "\n"


# --------------------------------------------------------------------------
# WARC.
# --------------------------------------------------------------------------


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'unspun-demo:' + ':'.join(parts))}>"


def warc_date(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(t: dt.datetime) -> str:
    return email.utils.format_datetime(t.astimezone(dt.timezone.utc), usegmt=True)


def tiny_png() -> bytes:
    """A 16x16 teal square, built byte by byte (deterministic)."""
    width = height = 16
    raw = b"".join(b"\x00" + b"\x1f\x7a\x8c" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


ROBOTS = (
    "User-agent: *\n"
    "Disallow: /subscribe\n"
    "Disallow: /search\n"
    "\n"
    "Sitemap: https://harborwire.example/sitemap.xml\n"
).encode("utf-8")


def write_warc(path: Path, fetches: list[dict]) -> dict[str, int]:
    """Write the WARC; return the offset of each response record by URL."""
    offsets: dict[str, int] = {}
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    first = min(f["time"] for f in fetches)

    info = io.BytesIO()
    for key, value in [
        ("software", "unspun demo/build.py (warcio)"),
        ("format", "WARC File Format 1.0"),
        ("isPartOf", "unspun-demo"),
        ("description", "Fictional demo crawl for unspun; all texts are original and redistributable."),
        ("robots", "obey"),
    ]:
        info.write(f"{key}: {value}\r\n".encode("utf-8"))
    length = info.tell()
    info.seek(0)
    headers = StatusAndHeaders("", [], protocol=writer.warc_version)
    headers.add_header("WARC-Type", "warcinfo")
    headers.add_header("WARC-Record-ID", record_id("warcinfo", WARC_NAME))
    headers.add_header("WARC-Filename", WARC_NAME)
    headers.add_header("WARC-Date", warc_date(first))
    writer.write_record(writer.create_warc_record(
        "", "warcinfo", payload=info, length=length, warc_headers=headers,
        warc_content_type="application/warc-fields"))

    for f in fetches:
        uri, body, ctype, t = f["url"], f["body"], f["content_type"], f["time"]
        path_part = re.sub(r"^https?://[^/]+", "", uri) or "/"
        host = re.match(r"^https?://([^/]+)", uri).group(1)
        resp_id = record_id("response", uri)
        req_id = record_id("request", uri)
        site = SITES.get(host, {})
        http_headers = StatusAndHeaders("200 OK", [
            ("Date", http_date(t)),
            ("Server", site.get("server", "nginx")),
            ("Content-Type", ctype),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
            ("Connection", "close"),
        ], protocol="HTTP/1.1")
        response = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": resp_id,
                "WARC-Date": warc_date(t),
                "WARC-IP-Address": site.get("ip", "192.0.2.1"),
                "WARC-Warcinfo-ID": record_id("warcinfo", WARC_NAME),
            })
        request_headers = StatusAndHeaders(f"GET {path_part}", [
            ("Host", host),
            ("User-Agent", "unspun-demo-crawler/0.1 (+https://unspun.example/bot)"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", "en"),
            ("Connection", "close"),
        ], protocol="HTTP/1.1", is_http_request=True)
        request = writer.create_warc_record(
            uri, "request", http_headers=request_headers,
            warc_headers_dict={
                "WARC-Record-ID": req_id,
                "WARC-Date": warc_date(t),
                "WARC-Concurrent-To": resp_id,
                "WARC-IP-Address": site.get("ip", "192.0.2.1"),
                "WARC-Warcinfo-ID": record_id("warcinfo", WARC_NAME),
            })
        writer.write_record(request)
        offsets[uri] = buf.tell()
        writer.write_record(response)

    path.write_bytes(buf.getvalue())
    return offsets


# --------------------------------------------------------------------------
# Ground truth.
# --------------------------------------------------------------------------

VERBATIM = {"original", "duplicate", "copy"}


def relation(a: dict, b: dict) -> dict:
    """The expected relation of two articles, from how each was made."""
    if a["story"] != b["story"]:
        note = None
        names = sorted(set(a["people"]) & set(b["people"]))
        if names:
            note = "different events that share named people: " + ", ".join(names)
        return {"relation": "unrelated", "original": None, "direct": False, "note": note}
    fam_a = a["derivation"] != "independent"
    fam_b = b["derivation"] != "independent"
    if not (fam_a and fam_b):
        return {"relation": "same_story", "original": None, "direct": False,
                "note": "independent reports of the same event"}
    # Both come from the same source text.
    direct = None
    if a["derived_from"] == b["name"]:
        direct = b["name"]
    elif b["derived_from"] == a["name"]:
        direct = a["name"]
    kinds = {a["derivation"], b["derivation"]}
    truncated = "truncated_copy" in kinds
    if kinds & {"rewrite"}:
        rel = "rewrite"
    elif kinds & {"spin"}:
        rel = "spin"
    elif truncated:
        rel = "copy"
    elif kinds & {"copy"}:
        rel = "copy"
    else:
        rel = "duplicate"
    out = {"relation": rel, "original": direct, "direct": direct is not None}
    if rel == "copy" or truncated:
        out["truncated"] = truncated
    if direct is None:
        out["common_source"] = a["derived_from"] or b["derived_from"]
        if kinds == {"rewrite", "spin"}:
            out["note"] = "both reword the same original (a rewrite and a spin of it)"
        else:
            out["note"] = "both derive from the same original"
    elif rel == "copy" and not truncated:
        out["note"] = "identical to the original once the scraper furniture is removed"
    elif rel == "duplicate":
        out["note"] = "exact copy: same text, different URL (syndication)"
    return out


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    toks = re.findall(r"\w+", text.lower())
    return {tuple(toks[i:i + k]) for i in range(max(0, len(toks) - k + 1))}


# --------------------------------------------------------------------------
# Main.
# --------------------------------------------------------------------------

PEOPLE = {
    "aven-flood-deal-2024": ["Elena Ruiz", "Tomas Brandt", "Amara Okafor", "Gideon Fell"],
    "brannock-comet-2024": ["Walter Brannock", "Ines Moravec", "Kasia Oyelaran"],
    "port-calder-market-fire-2025": ["Rhona Malley", "Gideon Fell", "Elena Ruiz", "Tomas Brandt"],
}


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def main() -> int:
    original = read_text("original")
    rewrite = read_text("rewrite")
    same_story = read_text("same_story")
    unrelated = read_text("unrelated")
    later = read_text("later_event")

    def domain_of(url: str) -> str:
        return re.match(r"^https://([^/]+)/", url).group(1)

    def art(name, meta, *, case, form, story, derivation, derived_from=None, **extra):
        a = {
            "name": name, "case": case, "form": form, "story": story,
            "derivation": derivation, "derived_from": derived_from,
            "title": meta["title"], "url": meta.get("url"), "site": meta["site"],
            "author": meta.get("author"), "published": meta["published"],
            "paragraphs": list(meta["paragraphs"]),
        }
        if a["url"]:
            a["domain"] = domain_of(a["url"])
        a.update(extra)
        return a

    o_slug = "estuary-mayors-back-240-million-flood-barrier-plan"
    spun_title, spun_paragraphs, spin_log = spin(original["title"], original["paragraphs"])
    articles = [
        art("original", original, case="1 original", form="warc",
            story="aven-flood-deal-2024", derivation="original",
            tags=["Flooding", "Aven estuary", "Port Calder"]),
        art("syndicated", {**original,
                           "url": f"https://coastalledger.example/news/2024/03/14/{o_slug}",
                           "site": "Coastal Ledger",
                           "published": "2024-03-14T15:10:00+00:00"},
            case="1b exact duplicate (syndicated)", form="html",
            story="aven-flood-deal-2024", derivation="duplicate", derived_from="original",
            canonical=original["url"],  # a syndication partner's page names the original its canonical page
            credit="Harbor Wire", tags=["Harbor Wire", "Environment"]),
        art("scraper", {**original,
                        "url": f"https://newsfeedhub24.example/world/{o_slug}/",
                        "site": "NewsFeedHub24", "author": "admin",
                        "published": "2024-03-15T04:12:00+00:00"},
            case="2 verbatim copy with other furniture", form="html",
            story="aven-flood-deal-2024", derivation="copy", derived_from="original",
            furniture_top=SCRAPER_TOP, furniture_share=True,
            furniture_translate=SCRAPER_TRANSLATE, furniture_photo=SCRAPER_PHOTO,
            furniture_bottom=SCRAPER_BOTTOM, source_url=original["url"],
            tags=["world news", "breaking"]),
        art("truncated", {**original, "url": None,
                          "site": "Regional Pulse (aggregator repost, plain text)",
                          "author": None, "published": "2024-03-14T10:02:00+00:00"},
            case="3 truncated copy", form="text",
            story="aven-flood-deal-2024", derivation="truncated_copy", derived_from="original"),
        art("rewrite", rewrite, case="4 rewrite", form="warc",
            story="aven-flood-deal-2024", derivation="rewrite", derived_from="original",
            tags=["Climate", "Infrastructure"]),
        art("spin", {**original, "title": spun_title, "paragraphs": spun_paragraphs,
                     "url": None, "site": "TopNewsNow365 (spun repost, plain text)",
                     "author": None, "published": "2024-03-17T02:40:00+00:00"},
            case="5 machine-spun copy", form="text",
            story="aven-flood-deal-2024", derivation="spin", derived_from="original"),
        art("same_story", same_story, case="6 same story, written independently", form="warc",
            story="aven-flood-deal-2024", derivation="independent",
            tags=["Ashby", "Flooding", "Fishing"]),
        art("unrelated", unrelated, case="7 unrelated story", form="text",
            story="brannock-comet-2024", derivation="independent"),
        art("later_event", later, case="8 same people, different event a year later", form="html",
            story="port-calder-market-fire-2025", derivation="independent",
            tags=["Port Calder", "Fire", "Fishing"]),
    ]
    by_name = {a["name"]: a for a in articles}

    # Derived bodies.
    by_name["truncated"]["paragraphs"] = truncate(original["paragraphs"], TRUNCATE_SHARE) + TRUNCATED_TRAILER
    by_name["truncated"]["url"] = None

    # Fresh output.
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    for sub in ("text", "html", "warc"):
        (CORPUS / sub).mkdir(parents=True)

    fetches: list[dict] = []
    for a in articles:
        a["people"] = [p for p in PEOPLE[a["story"]]
                       if any(p in para for para in a["paragraphs"])]
        if a["form"] == "text":
            a["url"] = None
            out = CORPUS / "text" / f"{a['name']}.txt"
            content = render_text(a)
            out.write_text(content, encoding="utf-8", newline="\n")
            a["file"] = rel(out)
            a["reader_text"] = content
        elif a["form"] == "html":
            out = CORPUS / "html" / f"{a['name']}.html"
            out.write_text(render_html(a), encoding="utf-8", newline="\n")
            a["file"] = rel(out)
        else:
            fetches.append({
                "url": a["url"], "body": render_html(a).encode("utf-8"),
                "content_type": "text/html; charset=utf-8",
                "time": parse_time(a["published"]) + dt.timedelta(hours=2, minutes=len(fetches)),
            })
            a["file"] = rel(CORPUS / "warc" / WARC_NAME)
        if a["form"] != "text":
            lines = list(a.get("furniture_top", []))
            if a.get("furniture_share"):
                lines.append(SCRAPER_SHARE)
            if a.get("furniture_translate"):
                lines.append(a["furniture_translate"])
            if a.get("furniture_photo"):
                lines.append(a["furniture_photo"])
            lines += a["paragraphs"] + list(a.get("furniture_bottom", []))
            a["reader_text"] = "\n".join(lines)

    # Non-HTML responses the WARC reader must skip, interleaved with the pages.
    hw_time = parse_time(original["published"]) + dt.timedelta(hours=1, minutes=58)
    skipped = [
        {"url": "https://harborwire.example/robots.txt", "body": ROBOTS,
         "content_type": "text/plain; charset=utf-8", "time": hw_time},
        {"url": "https://harborwire.example/favicon.png", "body": tiny_png(),
         "content_type": "image/png", "time": hw_time + dt.timedelta(minutes=3)},
    ]
    fetches = [skipped[0], fetches[0], skipped[1]] + fetches[1:]
    offsets = write_warc(CORPUS / "warc" / WARC_NAME, fetches)

    # Ground truth.
    order = {a["name"]: i for i, a in enumerate(articles)}
    records = []
    for a in articles:
        rec = {
            "name": a["name"],
            "case": a["case"],
            "form": a["form"],
            "file": a["file"],
            "warc_offset": offsets.get(a["url"]) if a["form"] == "warc" else None,
            "url": a["url"],
            "site": a["site"],
            "title": a["title"],
            "author": a["author"] if a["form"] != "text" else None,
            "published": a["published"],
            "story": a["story"],
            "derivation": a["derivation"],
            "derived_from": a["derived_from"],
            "people": a["people"],
            "words": len(words(" ".join(a["paragraphs"]))),
        }
        if a["name"] == "scraper":
            rec["furniture"] = SCRAPER_TOP + [SCRAPER_SHARE, SCRAPER_TRANSLATE, SCRAPER_PHOTO] + SCRAPER_BOTTOM
        if a["name"] == "truncated":
            body = a["paragraphs"][:-len(TRUNCATED_TRAILER)]
            rec["furniture"] = TRUNCATED_TRAILER
            rec["kept_share_of_original_words"] = round(
                len(words(" ".join(body))) / len(words(" ".join(original["paragraphs"]))), 3)
        if a["name"] == "spin":
            rec["spin"] = {
                "seed": SPIN_SEED, "rate": SPIN_RATE, "table_entries": len(SPIN_TABLE),
                "substitutions": len(spin_log),
                "misspelled": {"original": SPIN_MISSPELL[0], "spun": SPIN_MISSPELL[1], "occurrences": 1},
                "residue": ["n't -> ' n't'", "$<digit> -> '$ <digit>'"],
            }
        if a["name"] == "rewrite":
            rec["quote_drift"] = {"speaker": "Gideon Fell",
                                  "original": "responsible dialogue", "rewrite": "responsible engagement"}
        if a["name"] == "same_story":
            rec["shared_quote"] = {
                "speaker": "Tomas Brandt",
                "text": "This agreement is important because it shows that leaders from eleven towns "
                        "can put a shared river ahead of their own boundaries.",
            }
        records.append(rec)

    pairs = []
    for a, b in itertools.combinations(articles, 2):
        r = relation(a, b)
        sa, sb = shingles(a["reader_text"]), shingles(b["reader_text"])
        inter = len(sa & sb)
        pair = {"a": a["name"], "b": b["name"], **{k: v for k, v in r.items() if v is not None}}
        pair["reference"] = {
            "jaccard": round(inter / len(sa | sb), 3),
            "containment_a": round(inter / len(sa), 3),
            "containment_b": round(inter / len(sb), 3),
        }
        pairs.append(pair)
    pairs.sort(key=lambda p: (order[p["a"]], order[p["b"]]))

    expected = {
        "about": (
            "Ground truth for unspun's demo corpus, written by demo/build.py. Paths are relative "
            "to the repository root. 'pairs' lists every pair of articles once. relation is one of "
            "duplicate, copy, rewrite, spin, same_story, unrelated; 'original' names the source "
            "side when one article was made from the other (direct), else null; 'truncated' marks "
            "pairs where one side carries only the lead. 'reference' holds exact word-5-shingle "
            "Jaccard and containment computed by build.py on the article body as a reader should "
            "see it (furniture included, lowercased \\w+ tokens): a sanity yardstick, not the tool's "
            "estimates."
        ),
        "corpus": rel(CORPUS),
        "articles": records,
        "skipped_records": [
            {"file": rel(CORPUS / "warc" / WARC_NAME), "url": s["url"],
             "content_type": s["content_type"], "reason": "not HTML"}
            for s in skipped
        ],
        "stories": {
            "aven-flood-deal-2024": [a["name"] for a in articles if a["story"] == "aven-flood-deal-2024"],
            "brannock-comet-2024": [a["name"] for a in articles if a["story"] == "brannock-comet-2024"],
            "port-calder-market-fire-2025": [a["name"] for a in articles
                                              if a["story"] == "port-calder-market-fire-2025"],
        },
        "pairs": pairs,
    }
    (DEMO / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")

    for a in articles:
        print(f"{a['name']:<12} {a['form']:<5} {a['file']}")
    print(f"expected.json: {len(records)} articles, {len(pairs)} pairs, spin substitutions {len(spin_log)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
