"""Who an article credits as its source: datelines, credit lines and the news agencies' names.

News copies name where they come from in a few fixed places: the dateline
(``WASHINGTON (AP) —``, ``LONDON, March 3 (Reuters) -``, ``PORT CALDER (Harbor
Wire) —``), a credit line at the head or foot (``Source: Reuters``,
``Originally published by The Conversation``, ``The Associated Press
contributed to this report``) and the agency after a byline (``By Jo Smith,
Associated Press``). :func:`credited` reads those places only, not every
mention of a name in the body, so a story *about* Reuters does not credit it.

Names are put in one form (:func:`canonical`): the agencies in :data:`AGENCIES`
by their aliases (``AP``, ``apnews.com`` and ``The Associated Press`` are one),
any other name lower-cased without a leading "the". A site (its name or its
host) is compared in the same form (:func:`names_of_site`), so that direction
can tell a credit to one side of a pair from a credit to a third source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..words import SOURCE_NAME

AGENCIES: dict[str, tuple[str, ...]] = {
    "associated press": ("ap", "associated press", "apnews", "ap news"),
    "reuters": ("reuters", "thomson reuters"),
    "agence france-presse": ("afp", "agence france-presse", "agence france presse"),
    "united press international": ("upi", "united press international"),
    "bloomberg": ("bloomberg", "bloomberg news"),
    "press association": ("pa", "pa media", "press association"),
    "deutsche presse-agentur": ("dpa", "deutsche presse-agentur"),
    "xinhua": ("xinhua", "xinhua news agency"),
    "kyodo": ("kyodo", "kyodo news"),
    "yonhap": ("yonhap", "yonhap news agency"),
    "press trust of india": ("pti", "press trust of india"),
    "asian news international": ("ani", "asian news international"),
    "indo-asian news service": ("ians", "indo-asian news service"),
    "canadian press": ("cp", "canadian press"),
    "australian associated press": ("aap", "australian associated press"),
    "efe": ("efe",),
    "ansa": ("ansa",),
    "tass": ("tass",),
}
"""News agencies whose copy is syndicated everywhere, with the names and hosts they go by."""
_ALIAS = {alias: name for name, aliases in AGENCIES.items() for alias in aliases}
_AGENCY = ("(?:(?i:" + "|".join(sorted((re.escape(a) for a in _ALIAS if len(a) > 3), key=len, reverse=True))
           + ")|" + "|".join(sorted((a.upper() for a in _ALIAS if len(a) <= 3), key=len, reverse=True)) + "|dpa)")
"""An agency's name: the long forms in any case, the short ones (``AP``, ``AFP``) in capitals only (and
``dpa``, which writes itself in lower case)."""

HEAD = 400
"""Characters at the start of a text where a dateline or a credit line may stand."""
FOOT = 600
"""Characters at the end of a text where a credit line may stand."""

_NAME = SOURCE_NAME
_DATELINE = re.compile(r"\((?P<src>" + _NAME + "|" + _AGENCY + r")\)[ \t]*(?:[—–-]|(?=[A-Z]))")
_DATELINE_WORD = re.compile(r"[A-Z\d][\w.'’\-]*,?")
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?i:source|via|credit|courtesy(?: of)?|copyright|©)[ \t]*(?:©[ \t]*)?(?:\d{4}[ \t]+)?[:\-—–]?[ \t]*"
    r"(?P<src>" + _NAME + r")[ \t.,]*(?i:all rights reserved\.?)?[ \t]*$", re.MULTILINE)
_FIRST_PUBLISHED = re.compile(
    r"\b(?:(?:originally|first) (?:appeared|published|ran)|(?:appeared|was published) first) (?:on|in|at|by)\s+"
    r"(?P<src>" + _NAME + r")"  # WordPress feeds sign each post "The post <title> appeared first on <site>."
    r"|\brepublished (?:from|with (?:the )?permission (?:of|from))\s+(?P<src2>" + _NAME + r")")
_PERSON = r"[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}"
_CONTRIBUTED = re.compile(r"\b(?P<src>(?:[Tt]he )?" + _AGENCY + r")(?: (?:writers?|reporters?|correspondents?)"
                          r"(?: " + _PERSON + r"(?:,? and " + _PERSON + r")?)?)? contributed to this")
_BYLINE = re.compile(r"\bBy " + _PERSON + r"(?:,? and " + _PERSON + r")?\s*[,|/]\s*(?P<src>(?:[Tt]he )?" + _AGENCY
                     + r")\b")
_ATTRIBUTED = re.compile(r"\b(?:(?i:according to|as reported by) (?P<src>(?:[Tt]he )?" + _AGENCY
                         + r")|(?P<src2>(?:[Tt]he )?" + _AGENCY + r")(?: news agency)? (?:reported|said in a report))\b")
"""A news agency that the lead says the story comes from (``..., UPI reported.``, ``according to Reuters``): a
rewrite of an agency's story, worded anew, keeps no dateline but names the agency so."""
LEAD = 300
"""Characters at the start of a text where such an attribution stands for the story as a whole."""
_PARTY = re.compile(r"[RDI]-[A-Z]")
_SUFFIX_LABELS = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"})
_NOT_A_SOURCE = frozenset("""
updated update video videos photo photos file watch live opinion analysis editorial sponsored advertisement ad
audio graphic map listen breaking exclusive correction corrected
""".split())


def canonical(name: str) -> str:
    """One form of a source's name: an agency by its full name, anything else lower-cased without 'the' and
    without spaces, hyphens or apostrophes, as a host writes it (``Harbor Wire`` is ``harborwire.example``'s
    ``harborwire``, ``Al-Jazeera`` ``aljazeera``)."""
    n = re.sub(r"\s+", " ", name.replace("’", "'")).strip(" .,:;-—–").lower()
    n = n.removeprefix("the ")
    return _ALIAS.get(n) or re.sub(r"[ '\-]", "", n)


def site_stem(host: str) -> str:
    """The name part of a host: ``edition.cnn.com`` -> ``cnn``, ``news.bbc.co.uk`` -> ``bbc``."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and labels[-2] in _SUFFIX_LABELS and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def names_of_site(site: str | None) -> set[str]:
    """The forms a site goes by: its name and its leading words (``CNN International``: CNN), and for a host
    the name part of it (``edition.cnn.com``: CNN)."""
    if not site:
        return set()
    out = {canonical(site)}
    parts = site.split()
    out |= {canonical(" ".join(parts[:k])) for k in range(1, len(parts)) if len(" ".join(parts[:k])) >= 3}
    if "." in site and " " not in site:
        stem = site_stem(site)
        out |= {canonical(stem), canonical(site.lower().removeprefix("www."))}
        if stem.startswith("the") and len(stem) > 6:  # thehill.com is The Hill
            out.add(canonical(stem[3:]))
    return out


def same_site(x: str | None, y: str | None) -> bool:
    """Whether two sites are one, each given by its name or its host: a name as the host writes it (``The
    Valley Tribune`` and ``www.valleytribune.example``: a page with no ``og:site_name`` goes by its host); two
    hosts only when they are one host (``alice.blogspot.com`` is not ``bob.blogspot.com``); not by a leading
    word alone (``The Times`` is not ``The Times of India``)."""
    x, y = (x or "").strip(), (y or "").strip()
    if not x or not y:
        return False
    hx, hy = ("." in x and " " not in x), ("." in y and " " not in y)
    if hx and hy:
        return x.lower().removeprefix("www.") == y.lower().removeprefix("www.")
    if hx or hy:
        host, name = (x, y) if hx else (y, x)
        stem = canonical(site_stem(host))
        return canonical(name) in ({stem, stem[3:]} if stem.startswith("the") and len(stem) > 6 else {stem})
    return canonical(x) == canonical(y)


def distinct_sites(sites: Iterable[str | None]) -> list[str]:
    """The sites among ``sites``, each once: the names of one site (by name and by host, :func:`same_site`) count
    once, under its name where one is given (found by QA: a crawl's print and AMP pages, which go by their host,
    made a story of one site's pages "2 sites"). Sorted."""
    groups: list[list[str]] = []
    for site in sorted({s.strip() for s in sites if s and s.strip()}, key=lambda s: ("." in s and " " not in s, s)):
        for group in groups:
            if any(same_site(site, other) for other in group):
                group.append(site)
                break
        else:
            groups.append([site])
    return sorted(group[0] for group in groups)


def credited(text: str, *, firm: bool = False) -> dict[str, str]:
    """The sources ``text`` credits in its dateline, its credit lines and its byline: canonical name -> the
    name as the text writes it (the first time).

    ``firm`` keeps only what says where the story itself came from: the dateline, the byline, a
    "contributed to this report" or "originally appeared in" line, and a news agency on any credit line;
    not a ``Source:``, ``Credit:``, ``Via`` or ``Courtesy`` line naming anyone else (a chart's data, a
    photo agency, a family), which a verbatim copy carries over like any other line.
    """
    head, foot = text[:HEAD], text[-FOOT:]
    found: list[tuple[str, bool]] = []  # (name, firm)
    for m in _DATELINE.finditer(head):
        if _is_dateline(head, m):
            found.append((m.group("src"), True))
            break
    for part in (head, foot):
        found += [(m.group("src"), False) for m in _CREDIT_LINE.finditer(part)]
        found += [(m.group("src") or m.group("src2"), True) for m in _FIRST_PUBLISHED.finditer(part)]
        found += [(m.group("src"), True) for m in _CONTRIBUTED.finditer(part)]
        found += [(m.group("src"), True) for m in _BYLINE.finditer(part)]
    out: dict[str, str] = {}
    for name, sure in found:
        name = re.split(r"\.\s", name, maxsplit=1)[0]  # "The Conversation. Read the original": the sentence ends
        c = canonical(name)
        if len(c) >= 2 and c not in _NOT_A_SOURCE and (sure or not firm or c in AGENCIES):
            out.setdefault(c, name.strip(" .,:;"))
    return out


def lead_credits(text: str) -> dict[str, tuple[str, str]]:
    """The news agencies that ``text``'s lead paragraph names as its source (``..., UPI reported.``,
    ``according to Reuters``): canonical name -> (the name as written, the lead's words). Two rewrites of one
    agency story each word their lead, so each names it in its own words; a verbatim copy carries the other's
    lead, words and all, and that says nothing of a third source."""
    lead = text[:LEAD]
    lead = lead[: max(lead.find("\n", lead.find(".") + 1), 0) or LEAD]  # the lead paragraph only
    out: dict[str, tuple[str, str]] = {}
    for m in _ATTRIBUTED.finditer(lead):
        name = m.group("src") or m.group("src2")
        out.setdefault(canonical(name), (name.strip(), " ".join(lead.split())))
    return out


def _is_dateline(head: str, m: re.Match) -> bool:
    """The parenthesis closes a dateline: at most eight capitalised words or numbers from the start of its line
    (``PORT CALDER, Lower Marren, March 14``), no sentence before it, and not a party label (``(R-Texas) —``)."""
    prefix = head[head.rfind("\n", 0, m.start()) + 1 : m.start()].split()
    src = m.group("src")
    if src.endswith(".") and "." not in src[:-1]:
        return False  # a headline's aside, "(Again.)", not a source ("(A.P.)" is one)
    return len(prefix) <= 8 and all(_DATELINE_WORD.fullmatch(w) for w in prefix) and not _PARTY.match(src)


def first_appeared_in(text: str, site: str | None) -> bool:
    """Whether ``text`` says it first appeared on ``site`` ("This article originally appeared on The Washington
    Post", "Republished with permission from ..."): the copy's own statement of its source."""
    names = names_of_site(site)
    return bool(names) and any(canonical(re.split(r"\.\s", m.group("src") or m.group("src2"), maxsplit=1)[0]) in names
                               for part in (text[:HEAD], text[-FOOT:]) for m in _FIRST_PUBLISHED.finditer(part))


_REPORTED_TO = re.compile(
    r"\b(?:told|(?:interview|statement|letter|email|e-mail|comment)s? (?:to|with)|obtained by|reviewed by|provided to|"
    r"shared with|first reported by|[Aa]ccording to|[Aa]s reported by|spoke to|[Ss]peaking to|wrote (?:in|for)|"
    r"[Ww]riting (?:in|for)) (?P<the>[Tt]he )?(?P<src>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,3})")
_REPORTED_BY = re.compile(r"\b(?P<the>[Tt]he )?(?P<src>[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,3}) (?:has learned|"
                          r"reported (?:earlier|first|last|on|this|that)|first reported|obtained|has obtained|reviewed)\b")
_POSSESSIVE = re.compile(r"['’]s?$")


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("'", "").replace("’", "").replace("-", "")


def reported_to(text: str, site: str | None) -> bool:
    """Whether ``text``, anywhere, names ``site`` by its whole name as the outlet people spoke to or that did the
    reporting (``told The Washington Post``, ``a statement to The Post-Gazette``, ``obtained by The Washington
    Post``, ``The Washington Post has learned``): on the outlet's own page its own reporting, on another page a
    citation of it. Leading words of a name do not count (``returned to Washington`` is no credit to the
    Washington Examiner); its last word after 'The' does, in a text that names the outlet in full somewhere
    (``told The Post`` in a text that names The Washington Post: the second reference newsrooms write). Found by
    QA: a thief's verbatim copy stamped before the newsroom's original carried "told The Washington Post" deep in
    the text, which only the first 600 characters were searched for."""
    if not site:
        return False
    whole = {canonical(site)}
    if "." in site and " " not in site:
        whole.add(canonical(site_stem(site)))
    whole -= {"", "the"}
    words_of = site.lower().split()
    if len(words_of) == 2 and words_of[0] == "the":  # The Hill, The Sun: the one word alone is a person's name or
        whole = {"the" + n for n in whole}  # a common word (according to Hill), only with its 'The' the outlet
    # the scan tries every run of capitalised words (seconds on a 5 MB text, review): only a text with one of the
    # site's names in it, squashed as canonical() writes a name, can name it
    squashed = _squash(text.lower())  # a match's words are joined by single spaces
    needles = whole | {alias for alias, name in _ALIAS.items() if name in whole}
    if not any(_squash(n) in squashed for n in needles):
        return False
    for rx in (_REPORTED_TO, _REPORTED_BY):
        for m in rx.finditer(text):
            words = m.group("src").split()
            for i, w in enumerate(words):  # a possessive ends the name: CNN's Jake Tapper, The Post's reporters
                if _POSSESSIVE.search(w):
                    words = [*words[:i], _POSSESSIVE.sub("", w)]
                    break
            for k in range(1, len(words) + 1):
                name = canonical(" ".join(words[:k]))
                # the 'The' canonical() drops is part of a host's name: told The Hill credits thehill.com
                if (name in whole or (m.group("the") and "the" + name in whole)) and _name_ends(words[k:]):
                    return True
            # the short name is one word: the first of several is another name (the Star Tribune, the Post Office)
            if m.group("the") and _WHEN.issuperset(w.lower() for w in words[1:]) and _second_reference(
                    words[0], whole, text, m.end("src")):  # but a day may follow it: told The Post Wednesday
                return True
    return False


_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                  "july august september october november december".split())
_AFTER_NAME = _WHEN | frozenset("digital online magazine europe international newsroom tv radio live".split())
"""Capitalised words that may follow an outlet's name without making it another name: a day or month (``told
Politico Wednesday``) or an outlet's own edition (``Fox News Digital``, ``Politico Europe``)."""


def _name_ends(rest: list[str]) -> bool:
    """Whether the capitalised words after a site's name leave it that site's: ``told Time Warner`` names a
    company, not time.com, and ``The Hill Times`` another paper than The Hill (found by review)."""
    return all(w.lower() in _AFTER_NAME for w in rest)


def _second_reference(word: str, whole: set[str], text: str, end: int) -> bool:
    """Whether ``word``, one word after 'The' ending at ``end`` in ``text``, is the short form the text uses for
    the outlet whose names are ``whole``, once it has named it in full: ``told The Post`` in a text that writes
    ``Washington Post``. The text must write the whole name with ``word`` as its last word (not ``HuffPost`` nor
    ``Sun-Times``) and no other name ending in it (``Denver Post`` beside ``Washington Post``: which Post?); the
    word is four letters or more and does not begin a longer name (``The Globe and Mail``, ``The Times of
    India``). Found by review: each of these had credited the wrong outlet."""
    name = canonical(word)
    if len(name) < 4 or re.match(r"\s+(?:and|of|&)\s+[A-Z]", text[end:end + 12]):
        return False
    ours = False
    for m in re.finditer(rf"((?:[A-Z][\w'’\-]*\s+){{1,3}}){re.escape(word)}\b", text):
        before = m.group(1).split()
        heads = [h for i in range(len(before))  # "A Washington": "Washington" too
                 if (h := canonical(" ".join(before[i:]))) not in ("", "the")]
        if not heads:
            continue  # "The Post" itself
        if not any(h + name in whole or "the" + h + name in whole for h in heads):
            return False  # another outlet's name ends in the word too
        ours = True
    return ours


def credits_site(text: str, site: str | None) -> bool:
    """Whether ``text`` credits the site ``site`` (by its name or host) in one of those places."""
    return not names_of_site(site).isdisjoint(credited(text))


__all__ = ["AGENCIES", "canonical", "credited", "credits_site", "first_appeared_in", "lead_credits", "names_of_site",
           "reported_to", "site_stem"]
