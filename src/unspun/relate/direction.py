"""Which side of a pair derives from the other, with the evidence for it.

Each signal votes for ``a->b`` (B derives from A) or ``b->a`` with a weight,
and says in words what it saw. Publication dates are used when both sides
state one, knowing that scrapers stamp their own; crawl dates never are.
The texts speak too: a truncated copy or an extract is contained in its
source, machine rewriting leaves tokenizer residue ("do n't", "$ 240") in the
copy, and a copy often credits its source ("(Harbor Wire)"). Two articles that
both credit one third source in their datelines or credit lines ("WASHINGTON
(AP) —" in both, both sites known and neither of them AP) are siblings: ``common``.

A page can also say it outright: a canonical link to another site's page is
how syndication partners and reposting plugins declare the original, and so
is the link such a plugin puts under the article (``Source link``). A side
whose page names the other side's address so is its copy, whatever else
votes; two that name one third page are siblings; one that names a page
outside the pair is a copy of something (a vote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..read.common import named_page_key, page_key
from ..read.dates import instant
from ..read.html import site_domain
from .credits import (credited, credits_site, first_appeared_in, lead_credits, names_of_site, reported_to, same_site,
                      site_stem)
from .drift import Drift, DriftOptions

RESIDUE = re.compile(r"\w \b(?:n't|'s|'re|'ve|'ll|'d)\b|[$€£] \d|\d %|\( \w| \)| ,\w")


@dataclass(frozen=True, slots=True)
class Side:
    """What direction needs to know about one article."""

    text: str
    published: str | None = None
    site: str | None = None
    """Its site's name or host, to spot a copy that credits it."""
    scraped: str | None = None
    """The scraper's mark that cleaning took out of it, if any (``Source link``, ``View original post``): the
    plugins that repost other sites' articles add them."""
    url: str | None = None
    """Its own address, if known."""
    canonical: str | None = None
    """The page its own page declares its original (a canonical link to another site's page), if any."""
    source: str | None = None
    """Where it was read from (a file's path, a record's URL)."""
    read: int | None = None
    """When the store read it, as a rank among its articles (a file read again after an edit comes later)."""
    crawled: str | None = None
    """When a crawler fetched it (a WARC record's date), if known: of two captures of one address, the later
    one is the later version of the page."""
    source_link: str | None = None
    """The page its reposting plugin's link names as its source (``Source link``), if another site's."""


@dataclass(frozen=True, slots=True)
class Direction:
    direction: str
    confidence: float
    evidence: tuple[str, ...]


def scraper_mark(article) -> str | None:
    """The ``source-link`` line that cleaning took out of an article (``Source link``, ``View original post``),
    if any: what a plugin reposting other sites' articles adds; for :attr:`Side.scraped`. The last of them: a
    plugin's link comes under the article, after an excerpt's own ``Continue reading on …`` line."""
    marks = [r.text for r in getattr(article, "removals", ())
             if r.kind == "source-link" and r.text.strip(" :").lower() != "source"]
    return marks[-1] if marks else None


def side_of(article) -> Side:
    """The :class:`Side` of a stored :class:`~unspun.records.Article`."""
    return Side(article.text, article.published, article.site, scraper_mark(article), article.url,
                article.canonical, article.source if not article.locator else None,  # a file, not a feed's record
                article.seq, getattr(article, "crawled", None), getattr(article, "source_link", None))


def _declarations(side: Side) -> list[tuple[str, str, str]]:
    """The pages a side's own page names as its original: (page key, address, how it names it), the canonical link
    first, then a reposting plugin's link (``<a href=…>Source link</a>``)."""
    out = []  # (the named form of an address: without click identifiers or AMP forms, to compare with page keys)
    if key := named_page_key(side.canonical):
        out.append((key, side.canonical, "canonical link"))
    if ((key := named_page_key(side.source_link)) and key not in {k for k, _, _ in out}
            and not _own_site_link(side)):
        out.append((key, side.source_link, f"\u201c{side.scraped or 'Source link'}\u201d link"))
    return out


def _own_site_link(side: Side) -> bool:
    """Whether a side's ``Source link`` points into its own site where its page's address is not known (reading
    drops such links when it is): a link to one's own site names no source (review)."""
    from ..read.html import host_of

    if side.url or not side.source_link:
        return False
    return any(same_site(side.site, linked) for linked in (host_of(side.source_link), site_domain(side.source_link))
               if linked)


def _declared(a: Side, b: Side) -> tuple[Direction | None, tuple[float, str] | None]:
    """What the pages' canonical links and reposting plugins' source links say: a decided direction (one names the
    other's address, or both name one third page), else a vote (one names a page outside the pair), else nothing."""
    da, db = _declarations(a), _declarations(b)
    ua, ub = named_page_key(a.url, amp=False), named_page_key(b.url, amp=False)  # a click identifier aside
    b_names_a = [d for d in db if ua and d[0] == ua]
    a_names_b = [d for d in da if ub and d[0] == ub]
    if b_names_a and a_names_b:  # each names the other its original (review): the pages say nothing that decides
        return None, None
    for _, url, how in b_names_a:
        return Direction("a->b", 0.95, (f"B's page names A's address as its original ({how} to {url})",)), None
    for _, url, how in a_names_b:
        return Direction("b->a", 0.95, (f"A's page names B's address as its original ({how} to {url})",)), None
    theirs = {k: how for k, _, how in db}
    for key, url, how in da:
        if key in theirs:
            names = how if how == theirs[key] else f"A's {how}, B's {theirs[key]}"
            note = f"both pages name {url} as their original ({names}), which is neither: both derive from it"
            return Direction("common", 0.9, (note,)), None
    if bool(da) != bool(db):
        side, (_, url, how) = ("A", da[0]) if da else ("B", db[0])
        note = f"{side}'s page names another page as its original ({how} to {url}): it reposts it"
        return None, (-0.6 if da else 0.6, note)
    return None, None


def one_site(a: Side, b: Side) -> bool:
    """Whether two articles are pages of one site: their sites are one by name or host (see
    :func:`~.credits.same_site`), and their addresses, where both are known, are on one registered domain (a
    scraper may copy its source's ``og:site_name`` with its page)."""
    if not same_site(a.site, b.site):
        return False
    da, db = site_domain(a.url), site_domain(b.url)
    return da is None or db is None or da == db


def _later_capture(a: Side, b: Side) -> Direction | None:
    """Two captures of one address fetched at different times: the later is the later version of the page (a
    correction appended, a live blog's new entries), whatever its containment says (found by QA: a live blog's
    first capture, contained in its second, was called its copy)."""
    if not (page_key(a.url) and page_key(a.url) == page_key(b.url)):
        return None
    ta, tb = instant(a.crawled)[0], instant(b.crawled)[0]
    if ta is None or tb is None or ta == tb:
        return None
    later = "B" if ta < tb else "A"
    return Direction("a->b" if later == "B" else "b->a", 0.9, (
        f"both are the page at {a.url}, fetched {ta:%Y-%m-%d %H:%M} UTC (A) and {tb:%Y-%m-%d %H:%M} UTC (B): "
        f"{later} is a later version of it",))


def _local_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def _neutral(a: Side, b: Side) -> tuple[str, ...]:
    """What was seen that points neither way, so that an ``unknown`` says why."""
    out = []
    if page_key(a.url) and page_key(a.url) == page_key(b.url):
        out.append(f"both are the page at {a.url} (one address: the same page read twice)")
    elif a.source and a.source == b.source and not a.url:
        out.append(f"both were read from {a.source}: two versions of one file (an edited file is read again as "
                   "a new article; the earlier version stays)")
    _, da = instant(a.published)
    _, db = instant(b.published)
    if da is not None and da == db:
        out.append(f"both published {da.isoformat()}: the dates do not tell")
    elif (da is None) != (db is None):
        dated = "A" if da is not None else "B"
        out.append(f"only {dated} has a publication date, so dates do not tell")
    return tuple(out)


def residue_rate(text: str) -> float:
    """Tokenizer residue per 1,000 words: a trace of machine rewriting that editors don't leave."""
    words = max(len(text.split()), 1)
    return 1000.0 * len(RESIDUE.findall(text)) / words


def _dates(a: str | None, b: str | None) -> tuple[int, str] | None:
    """(+1 when A was published first, -1 when B was; in words) from two stated dates, compared as instants in
    UTC when both give a time and an offset, else as days; None when they do not differ or one is missing."""
    ma, da = instant(a)
    mb, db = instant(b)
    if ma is not None and mb is not None:
        if ma == mb:
            return None
        return (1 if ma < mb else -1), (f"published {ma:%Y-%m-%d %H:%M} UTC (A) and {mb:%Y-%m-%d %H:%M} UTC (B)")
    if (ma is None) != (mb is None):  # a day against a time: the day that time's own zone gives it
        da, db = _local_day(a) or da, _local_day(b) or db
    if da is None or db is None or da == db:
        return None
    return (1 if da < db else -1), f"published {da.isoformat()} (A) and {db.isoformat()} (B)"


def _credits(text: str, site: str | None) -> bool:
    """``text`` names ``site`` in its head (capitalised: "Time reported", not "at the time"), or credits it in
    a dateline, credit line or byline."""
    if not site:
        return False
    name = site_stem(site) if "." in site and " " not in site else site
    if len(name) >= 3 and any(m.group()[0].isupper() for m in
                              re.finditer(rf"\b{re.escape(name)}\b", text[:600], re.IGNORECASE)):
        return True
    return credits_site(text, site) or reported_to(text, site)


def _credit_vote(side: str, text: str, site: str, sign: float, other: str = "") -> tuple[float, str]:
    """A credit to the other side's site: 1.5 when the text says where it comes from, that it first appeared
    there or in a credit line, dateline or byline (``Source: Harbor Wire``), which outweighs a date: scrapers
    stamp their own; 0.7 when the site is only named, capitalised, in the text's head (``Time reported``), or
    when the credit is only a ``Source:``, ``Via``, ``Credit:`` or ``Courtesy`` line that ``other`` (the other
    side's text) carries too: a verbatim copy carries its source's photo or data credit, which may name the
    copy's own site (review: an original's "Courtesy of Coastal Ledger", kept by Coastal Ledger's later copy,
    turned the pair round)."""
    if first_appeared_in(text, site):
        return 1.5 * sign, f"{side} credits {site} (it says it first appeared there)"
    names = names_of_site(site)
    if not names.isdisjoint(credited(text, firm=True)) or (credits_site(text, site) and not credits_site(other, site)):
        return 1.5 * sign, f"{side} credits {site} (in a credit line, dateline or byline)"
    if credits_site(text, site):
        return 0.7 * sign, f"{side} credits {site} (in a credit line both sides carry)"
    return 0.7 * sign, f"{side} credits {site}"


def _own_page(side: Side) -> str | None:
    """Why ``side`` is its site's own copy, or None: its own text credits its own site in its dateline or byline
    (``WASHINGTON (Reuters) -`` on Reuters' page), or names it as the outlet people spoke to (``told The Washington
    Post`` on the Post's page, :func:`~.credits.reported_to`)."""
    if not side.site:
        return None
    if not names_of_site(side.site).isdisjoint(credited(side.text, firm=True)):
        return f"its own dateline or byline credits {side.site}"
    if reported_to(side.text, side.site):
        return f"its own text names {side.site} as the outlet people spoke to"
    return None


LEAD_COPIED = 0.6
"""Two leads whose words match at least this much (difflib's ratio, word by word) are one lead copied, maybe with a
word or two changed (a spinner's synonyms, an edit), not two rewrites each in its own words."""


def _own_words(x: str, y: str) -> bool:
    """Whether two leads are each worded on its own (review: a spun copy of a lead that says "UPI reported", a word
    or two changed, made the copy and its source siblings of UPI)."""
    from difflib import SequenceMatcher

    wx, wy = re.findall(r"\w+", x.lower()), re.findall(r"\w+", y.lower())
    return SequenceMatcher(None, wx, wy, autojunk=False).ratio() < LEAD_COPIED


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                      "july august september october november december".split())


def _same_news(x: str, y: str, agency: str) -> bool:
    """Whether two leads tell one piece of news: they share two names or more, the agency's and the calendar's
    aside (review: two leads citing Reuters on a rate rise and on oil prices, in articles that share a later
    paragraph, made them siblings of Reuters)."""
    def names(t: str) -> set[str]:
        return {w.lower() for w in _CAPITALISED.findall(t)} - _CALENDAR - set(agency.lower().split())

    return len(names(x) & names(y)) >= 2


def _third_source(a: Side, b: Side) -> str | None:
    """A source both sides credit (dateline, credit line, byline) that is neither side's own site."""
    ca, cb = credited(a.text, firm=True), credited(b.text, firm=True)
    la, lb = lead_credits(a.text), lead_credits(b.text)  # an agency each lead names in its own words
    worded = [k for k in la.keys() & lb.keys()
              if _own_words(la[k][1], lb[k][1]) and _same_news(la[k][1], lb[k][1], la[k][0])]
    ca.update((k, la[k][0]) for k in worded if k not in ca)
    cb.update((k, lb[k][0]) for k in worded if k not in cb)
    shared = (ca.keys() & cb.keys()) - names_of_site(a.site) - names_of_site(b.site)
    return ca[min(shared)] if shared else None


def direction(a: Side, b: Side, coverage_a: float, coverage_b: float, drift: Drift | None = None,
              drift_options: DriftOptions = DriftOptions()) -> Direction:
    """Vote on the direction of reuse between ``a`` and ``b``.

    ``drift`` (see :mod:`.drift`) adds the wording: the side whose words
    break stock news phrases that the other keeps is the copy, and when both
    sides did so, each in its own places, the pair is ``common``, unless
    publication dates or a credit line point one way.
    """
    votes: list[tuple[float, str]] = []  # positive: a->b
    stated, vote = _declared(a, b)
    if stated is not None:
        return stated
    if a.source and a.source == b.source and not a.url and not b.url and a.read is not None and b.read is not None \
            and a.read != b.read:
        later = "B" if a.read < b.read else "A"
        return Direction("a->b" if later == "B" else "b->a", 0.9, (
            f"{later} is a later version of {'A' if later == 'B' else 'B'}: both were read from {a.source}, {later} "
            "after an edit (the earlier version stays in the store)",))
    later = _later_capture(a, b)
    if later is not None:
        return later
    if vote is not None:
        votes.append(vote)
    siblings = drift is not None and drift.siblings(drift_options)
    side = drift.drifted(drift_options) if drift is not None else None
    if side is not None:
        n = len(drift.a if side == "a" else drift.b)
        votes.append((1.0 if side == "b" else -1.0,
                      f"{side.upper()} breaks stock news phrases that {'A' if side == 'b' else 'B'} keeps "
                      f"({n}x: {drift.note(side)})"))
    if abs(coverage_a - coverage_b) >= 0.2:
        if coverage_b > coverage_a:
            votes.append((1.0, f"B is contained in A ({coverage_b:.0%} of B is shared, {coverage_a:.0%} of A)"))
        else:
            votes.append((-1.0, f"A is contained in B ({coverage_a:.0%} of A is shared, {coverage_b:.0%} of B)"))
    dated = _dates(a.published, b.published)
    if dated is not None:
        votes.append((0.8 * dated[0], dated[1]))
    ra, rb = residue_rate(a.text), residue_rate(b.text)
    if max(ra, rb) >= 2.0 and abs(ra - rb) >= 2.0:
        votes.append((1.0 if rb > ra else -1.0,
                      f"tokenizer residue of machine rewriting in {'B' if rb > ra else 'A'} "
                      f"({max(ra, rb):.1f} per 1,000 words)"))
    credit = None
    if one_site(a, b):
        pass  # two pages of one site (its name on one, its host on another): a credit to it is each one's own
    elif _credits(b.text, a.site) and not _credits(a.text, b.site):
        credit = _credit_vote("B", b.text, a.site, 1.0, a.text)
        votes.append(credit)
        own = ("A", a.site, why) if (why := _own_page(a)) else None
    elif _credits(a.text, b.site) and not _credits(b.text, a.site):
        credit = _credit_vote("A", a.text, b.site, -1.0, b.text)
        votes.append(credit)
        own = ("B", b.site, why) if (why := _own_page(b)) else None
    if credit is not None and own is not None and dated is not None and (dated[0] > 0) != (credit[0] > 0):
        # the credited side is that source's own page (its own dateline or byline names its site): the copy's
        # earlier date is the scraper's own stamp, not a sign that the source's own page copied it (found by QA:
        # a scraper's copy of Reuters' page stamped hours before it, "Source: Reuters", had no direction)
        votes.remove((0.8 * dated[0], dated[1]))
        votes.append((0.0, f"{dated[1]}: the earlier date does not outweigh the credit, since {own[0]} is "
                           f"{own[1]}'s own page ({own[2]})"))
    if bool(a.scraped) != bool(b.scraped):
        side = "B" if b.scraped else "A"
        votes.append((0.6 if b.scraped else -0.6, f"{side} carried a scraper's '{a.scraped or b.scraped}' line "
                                                    "(taken out as furniture): it reposts another page"))
    one_way = any(e.startswith(("B credits", "A credits")) for _, e in votes)
    # a side whose site is unknown may be the credited source's own copy: then the credit says nothing
    third = _third_source(a, b) if a.site and b.site and not one_way else None
    if third is not None:
        note = f"both credit {third}, which is neither side's site ({a.site}, {b.site}): both derive from it"
        return Direction("common", 0.7, (note, *(e for _, e in votes)))
    if siblings and not one_way and not any(e.startswith("published") for _, e in votes):
        # both sides reworded, each in its own places; dates or a credit line, when they point one way, outweigh it
        return Direction("common", round(min(0.9, 0.5 + 0.05 * min(len(drift.a), len(drift.b))), 3), (
            f"each side replaced words the other keeps in stock news phrases: A has {drift.note('a')}; "
            f"B has {drift.note('b')}; both derive from a source not in the pair", *(e for _, e in votes)))
    if not votes:
        return Direction("unknown", 0.0, _neutral(a, b) or ("no dates, containment, rewriting traces or credits tell",))
    total = sum(v for v, _ in votes)
    weight = sum(abs(v) for v, _ in votes)
    if abs(total) < 0.3:
        return Direction("unknown", 0.0, (*(e for _, e in votes), *_neutral(a, b)))
    # agreement among the signals, times how much evidence there is (two signals: full)
    confidence = round((abs(total) / weight) * min(1.0, weight / 2.0), 3)
    return Direction("a->b" if total > 0 else "b->a", confidence, tuple(e for _, e in votes))
