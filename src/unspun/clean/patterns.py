"""Common scraper and CMS leftovers, recognised one whole line at a time.

:func:`classify_line` says whether one stripped line is furniture and how
sure that is:

- ``STRONG``: the line is furniture wherever it stands ("Leave a Reply",
  "Source link", "Share this:", "Advertisement", "Photo: ...").
- ``WEAK``: a bare word that an article could also use as a line of its own
  ("Email", "Print", "Comment", "Website"). It is furniture only next to other
  furniture or in the run of furniture at the head or tail of the page; the
  rules that decide that live in :mod:`unspun.clean.lines`.

A line is matched as a whole: "Share prices fell on Monday." or "Photo
identification laws were passed in 2012." never match, and neither does a
line that starts with a quotation mark. Long lines (over
:data:`MAX_LINE_CHARS`) match only a known long boilerplate sentence exactly.

A pattern is a lead ("3 Comments on", "Filed under", "Copyright 2024",
"Credit:", "Subscribe") and, often, free text after it (named ``free``
groups in the patterns). A match is refused when that free text reads as a
clause (:func:`reads_as_clause`): "Credit: the lender said it would extend
the loan by two years." and "Copyright 2023 was a record year for lawsuits,
lawyers said." are sentences, not a credit and a copyright notice. Exact
phrases (:data:`~unspun.clean.phrases.EXACT`) are never refused.
"""

from __future__ import annotations

import re

from unspun.clean.phrases import EXACT, KINDS, SOCIAL, STRONG, WEAK
from unspun.clean.site import SENTENCE_END, normalise_line
from unspun.words import SOURCE_NAME

__all__ = ["KINDS", "MAX_LINE_CHARS", "STRONG", "WEAK", "classify_line", "standalone", "trailing_segment",
           "leading_segment", "reads_as_clause"]

MAX_LINE_CHARS = 300
CLAUSE_WORDS = 4
"""A run of this many lower-case words with a finite verb in it, in a pattern's free text, is a clause."""

QUOTES = "\"'“”‘’«»„‚‹›「」"

_MARKUP = re.compile(r"(?:</?[A-Za-z][^<>]{0,300}>\s*)+\.?")  # tags a scraper left, with no text
_SEPARATOR = re.compile(r"([^\w\s]|_)(?:\s*\1){2,}\s*\.?")  # "___", "* * *", "-----"
_TOKEN_SPLIT = re.compile(r"[\s|,·•/]+")

_CREDIT_AGENCIES = (
    r"(?:Getty Images|Getty|AFP|AP|Reuters|REUTERS|EPA|Bloomberg|Shutterstock|iStock\w*|ZUMA\w*|Corbis|NurPhoto"
    r"|SIPA\w*|Sipa\w*|Pool|Handout|Instagram|Twitter|Facebook|YouTube|Flickr)"
)
_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
_CI = re.IGNORECASE
_CREDIT_LEAD = r"(?:photos?|images?|photograph)\s*(?::|by\b|credits?\b|courtesy\b|via\b)|credit\s*:|AP Photo\s*/"
_META_DATE = (r"(?i:(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
              r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
              r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
              r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}))")
_META_COMMENTS = r"(?i:(?:\d+|no)\s+(?:comments?|responses?|replies)|leave a (?:comment|reply)|comments? (?:off|closed))"
_CAP_TOKEN = r"(?:[A-Z0-9][\w.'’&:-]*|by|in|on|at|and|[ap]\.?m\.?)"
# "Share this: Facebook Twitter WhatsApp", "Share on: Facebook | X | Email": no sentence runs through it
_SHARE_ROW = re.compile(
    r"share(?: this(?: article| story| post| page)?)?(?: on| via)?\s*[:»]?\s*"
    r"(?:(?:facebook|twitter|x|whatsapp|e-?mail|print|linkedin|reddit|pinterest|telegram|messenger"
    r"|flipboard|tumblr|sms|copy link|pin it)[\s,|·•/]*){2,12}",
    _CI,
)
CONSENT_MAX_CHARS = 1200
_CONSENT = re.compile(
    r"(?:(?:we|this (?:web)?site|our (?:web)?site|(?:we|this (?:web)?site) and our (?:\d+ )?(?:trusted )?partners)"
    r"\s+(?:use|uses|may use|store|and our partners use)\b[^.]{0,60}\bcookies\b"
    r"|by (?:continuing|clicking|using|browsing|scrolling)\b[^.]{0,150}\b(?:cookies|privacy policy|cookie policy)\b)",
    _CI,
)
"""A cookie-consent notice addressed to the reader, as a line of its own (Cookiebot's ``We use cookies to
personalise content and ads, ...``, ``By continuing to browse the site you agree to our use of cookies``): it
runs to several sentences, so it is known by how it starts, not matched whole (found by QA: a site's banner at
the head of every page made twelve unrelated articles one story)."""
_CONSENT_WORDS = re.compile(r"personali[sz]|consent|privacy|analytic|advertis|partners|experience|browsing|settings"
                            r"|preferences|policy|accept|agree", _CI)
"""A consent notice says what the cookies are for or what the reader agrees to (a baker's ``We use cookies``
line does not)."""
_REPORTED = re.compile(r"\b(?:said|says|told|alleges?|alleged|according to|reported|statement|users|readers)\b", _CI)
_READER = re.compile(r"\b(?:you|your)\b", _CI)
"""A sentence of a report about cookies (``..., the company said``; ``users agree to a privacy policy``) is no
notice: a notice addresses the reader."""
_READ_ON_LEAD = (r"(?i:(?:continue|keep) reading|read (?:the )?(?:full|whole|complete|entire|rest of the) "
                 r"(?:article|story|post|report))")
_READ_ON_WHERE = r"\s+(?i:at|on)\s+(?:https?://\S{1,300}|(?:the )?" + SOURCE_NAME + r")"
READ_ON = re.compile(_READ_ON_LEAD + r"(?:" + _READ_ON_WHERE + r")?\s*[.…»→]?")
"""The line an excerpt ends with, naming where the rest is (``Continue reading at https://…``, ``Read the full story
on The Capitol Ledger``): with the place named, a reposting mark (found by QA, 2026-12-04: an aggregator's excerpt
kept it in its text); reading takes its link, when to another site's page, for the excerpt's source."""
_LINE_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    ("source-link", STRONG, re.compile(_READ_ON_LEAD + _READ_ON_WHERE + r"\s*[.…»→]?")),
    ("comment-form", STRONG, re.compile(r"\d+\s+(?:comments?|responses?|replies)(?:\s+on\s+(?P<free>.{1,150}))?", _CI)),
    ("comment-form", STRONG, re.compile(r"\d+\s+thoughts?\s+on\s+[\"“‘'].{1,150}", _CI)),  # WordPress: 3 thoughts on “Title”
    ("read-more", STRONG, re.compile(r"click here (?:to|for)\b(?P<free>.{0,150})", _CI)),
    (
        "related",
        STRONG,
        re.compile(
            r"(?:read more|related|see also|also see|also read|read also|recommended|more from \w+(?: \w+){0,3})\s*:\s*"
            r"(?P<headline>\S.{0,200})",
            _CI,
        ),
    ),
    ("related", STRONG, re.compile(r"(?:MORE|READ)\s*:\s*(?P<headline>\S.{0,200})")),
    ("share", STRONG, re.compile(r"click to (?:share|email|print)\b(?P<free>.{0,80})", _CI)),
    ("share", STRONG, re.compile(r"\d[\d,.]*k?\s+shares?", _CI)),
    ("share", STRONG, _SHARE_ROW),
    ("translate", STRONG, re.compile(r"translate\s*[»›]", _CI)),
    # breadcrumbs: "Home » World » Europe", "Home / News / Politics"
    ("navigation", STRONG, re.compile(r"home(?:\s*[»›>|/]\s*[\w&'’ -]{1,30}){1,6}", _CI)),
    (
        "follow",
        STRONG,
        re.compile(
            r"(?i:follow)\s+(?:(?i:me|us|him|her|them)|" + _NAME + r")\s+(?i:on)\s+"
            r"(?i:twitter|facebook|instagram|x|threads|bluesky|linkedin|tiktok|youtube)\b(?P<free>.{0,60})"
        ),
    ),
    (
        "follow",
        STRONG,
        re.compile(
            r"(?:(?i:follow)\b.{0,150}\s(?i:on)\s+(?i:twitter|facebook|instagram|x|threads|bluesky)\b"
            r"|(?i:on (?:twitter|facebook|instagram|x|threads|bluesky)),?\s+(?i:follow)\b)"
            r".{0,150}(?:@\w+|https?://\S+)\W{0,3}"
        ),
    ),
    ("follow", STRONG, re.compile(r"(?:twitter|instagram|threads|x)\s*:\s*@\w{1,30}\.?", _CI)),
    (
        "follow",
        STRONG,
        re.compile(
            r"(?:[^.!?]{0,80}\?\s*)?like (?:us|the page|our page|our facebook page)(?: on facebook)?\W{0,3}", _CI
        ),
    ),
    (
        "subscribe",
        STRONG,
        re.compile(
            r"(?:[^.!?]{0,80}\?\s*)?(?:subscribe|sign up)\b(?P<free>.{0,80}"
            r"\b(?:newsletters?|inbox|mailing list|podcast|channel|alerts)\b.{0,60})",
            _CI,
        ),
    ),
    ("read-more", STRONG, re.compile(r"read the (?:rest|full)\b.{0,80}\bhere\W{0,3}", _CI)),
    ("embed", STRONG, re.compile(r"we are sorry,?\s*this video is (?:restricted|not available).{0,100}", _CI)),
    (
        "copyright",
        STRONG,
        re.compile(
            r"(?:copyright\s*)?(?:©|\(c\)\s*\d{4})\s*(?P<free>.{0,200})"
            r"|copyright\s+(?:©\s*)?\d{4}\b(?P<free2>.{0,200})",
            _CI,
        ),
    ),
    (
        "copyright",
        STRONG,
        re.compile(
            r"(?P<free>.{0,150}(?:©|copyright|\b(?:19|20)\d{2}\b).{0,100}|.{0,60})\b(?:all rights reserved|alle rechte "
            r"vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos "
            r"reservados)\W*", _CI
        ),
    ),
    (
        "caption",
        STRONG,
        re.compile(
            r"(?i:(?:photo|photograph|image|picture|video|featured image|top image|header image|lead image|foto|bild"
            r"|titelbild|imagen|immagine)s?"
            r"\s*(?:credits?)?)\s*(?::(?P<free>.{0,250})|(?i:by|via|courtesy(?: of)?)\s+(?P<free2>[A-Z0-9@].{0,200}))"
            r"|(?i:(?:photo |image )?credits?\s*:)(?P<free3>.{0,200})"
        ),
    ),
    ("caption", STRONG, re.compile(r"\((?:" + _CREDIT_LEAD + r"|pictured\b)[^()]{0,200}\)\.?", _CI)),
    (
        "taxonomy",
        STRONG,
        re.compile(
            r"(?:tags|tagged|tagged with|topics|categories|category|filed under|keywords)\s*:\s*(?P<free>\S.{0,250})"
            r"|filed under\b(?P<free2>.{0,200})",
            _CI,
        ),
    ),
    # A blog's post-meta row: short fields between bars or bullets, one of them a date, with a byline first or
    # a comment count last ("Posted by admin | October 31, 2016 | 0 Comments", "By Jane Doe · 12/03/2024 ·
    # Politics"). No sentence is cut into such fields, so it is furniture wherever it stands (QA: under the
    # title, where a weak line is kept)
    (
        "taxonomy",
        STRONG,
        re.compile(
            r"(?=.*?(?:^|[|·•]\s*)" + _META_DATE + r"\s*(?:[|·•]|$))"
            r"(?:(?i:(?:posted|written|published)\s+)?(?i:by)\s+[^|·•]{1,40}?(?:\s*[|·•]\s*[^|·•]{1,40}?){1,5}"
            r"|[^|·•]{1,40}?(?:\s*[|·•]\s*[^|·•]{1,40}?){0,4}\s*[|·•]\s*" + _META_COMMENTS + r")"
        ),
    ),
    # "Posted in Politics, World", "Posted on March 3, 2024 by Jane Doe", "Posted by admin | October 31, 2016 |
    # 0 Comments": capitalised words, dates, names only (a user name first)
    (
        "taxonomy",
        WEAK,
        re.compile(
            r"(?i:posted (?:in|on|by))\s+(?:[\w.@-]{1,40}|" + _CAP_TOKEN + r")(?:(?:\s+|\s*[,|/·•–-]\s*)" + _CAP_TOKEN
            + r"){0,20}\.?"
        ),
    ),
]
# A caption: a line that ends in a photo credit. A bare "Name/Agency" counts
# only where a credit stands (line start, after a sentence or a bracket), so
# "a poll by ABC News/AP." is not a credit.
_CREDIT_END = re.compile(
    r"(?:\((?i:" + _CREDIT_LEAD + r")[^()]{0,100}\)|\((?:Getty Images|Getty|AFP/Getty Images)\)"
    r"|\((?:AP|Reuters|REUTERS|AFP|EPA)\s*/\s*[A-Z][\w.'’-]+\s+[A-Z][^()]{0,60}\)"
    r"|\bREUTERS\s*/\s*"
    + _NAME
    + r"|\bAP Photo\s*/\s*"
    + _NAME
    + r"|(?:^|[.!?)(|:—–-]\s*|(?i:photo by|credit:)\s*)"
    + _NAME
    + r"\s*/\s*"
    + _CREDIT_AGENCIES
    + r"(?:\s*/\s*"
    + _CREDIT_AGENCIES
    + r")?"
    r")[.)\s]{0,3}$"
)
_FREE_GROUPS: dict[re.Pattern[str], list[int]] = {
    pattern: [n for name, n in pattern.groupindex.items() if name.startswith("free")]
    for _, _, pattern in _LINE_PATTERNS
}
"""Per pattern, its groups of free text (the part after the lead) that :func:`reads_as_clause` judges."""
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_](?:[^\W\d_]|['’-])*)[.,;:!?…\"'”’)\]]*")
_FINITE = frozenset(
    "am is are was were has have had do does did will would shall should can could may might must "
    "says said tells told claims asks asked adds wants wanted needs seems knows knew thinks thought "
    "makes made takes took gives gave gets got goes went comes came finds found hid hides keeps kept "
    "leaves left meets met pays paid sends sent sells sold wins won loses lost holds held brings brought "
    "becomes became begins began feels felt means meant hears heard writes wrote shows calls "
    "plans warns argues notes accuses denies admits reports expects believes remains includes".split()
)
"""Finite verbs and auxiliaries: a closed list, plus any word in -ed (see :func:`reads_as_clause`)."""
_CONTRACTION = re.compile(r"(?:n[’']t|[’'](?:ll|re|ve|d))$")


def reads_as_clause(text: str) -> bool:
    """Whether ``text`` (a pattern's free text) holds a clause: words of a sentence, not a label.

    Known boilerplate sentences (exact phrases: "This material may not be
    published, ...") are set aside first. Then ``text`` holds a clause when
    it has a run of at least :data:`CLAUSE_WORDS` consecutive lower-case
    words (a word: letters, inner apostrophes and hyphens, with quotes,
    brackets and punctuation around it, so a comma does not end the run; a
    capitalised word, a number or a symbol does) with a finite-verb-like
    word in it: an auxiliary, a modal or a common finite verb from a closed
    list, a word in ``-ed``, or a contraction ("don't", "they're"). Labels,
    names, credits and tag lists have no such run; "the lender said it
    would extend the loan" has one. :func:`classify_line` asks this only of
    a line that ends in sentence punctuation (or a closing quote).

    >>> reads_as_clause(" the lender said it would extend the loan by two years.")
    True
    >>> reads_as_clause(" Getty Images"), reads_as_clause(" to our daily newsletter to get the news in your inbox.")
    (False, False)
    """
    kept = [s for s in _SENTENCE_SPLIT.split(text) if not (s.strip() and normalise_line(s) in EXACT)]
    run = 0
    verb = False
    for token in " ".join(kept).split():
        m = _WORD.fullmatch(token)
        if m is None or not m.group(1)[0].islower():
            run, verb = 0, False
            continue
        word = m.group(1)
        run += 1
        verb = verb or word in _FINITE or (len(word) > 4 and word.endswith("ed")) or bool(_CONTRACTION.search(word))
        if run >= CLAUSE_WORDS and verb:
            return True
    return False


def _refused(line: str, m: re.Match[str]) -> bool:
    """Whether a pattern's match is refused: the line ends a sentence and its free text reads as a clause.
    After a "Read more:" / "Related:" lead, a linked headline is kept furniture however much it reads as a
    clause when it starts with a capital and is one sentence; several sentences, or a clause in lower case
    (``Related: the council will vote …``), are the writer's prose."""
    headline = m.groupdict().get("headline")
    if headline is not None:
        from unspun.segment import segment

        sentences = segment(headline.strip())[1]  # abbreviation-aware: ``U.S. to send …`` is one sentence
        if len(sentences) > 2 or (len(sentences) == 2 and headline[sentences[0].end - 1 : sentences[0].end] != "?"):
            return True  # a headline may ask and answer (``Who won the forum? Our analysts weigh in``)
        if headline[:1].isupper() or headline[:1].isdigit():
            return False
        return bool(SENTENCE_END.search(line)) and reads_as_clause(headline)
    groups = _FREE_GROUPS[m.re]
    if not groups or not SENTENCE_END.search(line):
        return False
    free = " ".join(m.group(n) for n in groups if m.group(n))
    return bool(free) and reads_as_clause(free)


_CREDIT_TAIL = 200
"""A credit is looked for in this many characters at the end of a line."""
_TRAILING = re.compile(
    r"(?<=[.!?…\]\"”’)])\s+(?:(Source link)|(Read More|Read more\s*»|Continue reading\s*(?:→|»|…|\.\.\.)?))\s*$",
)
_LEADING = re.compile(r"^(Translate\s*»)\s*(?=\S)")


def classify_line(line: str) -> tuple[str, int] | None:
    """The kind and strength of one stripped, non-empty line, or None when it is not furniture."""
    if line[0] in QUOTES:
        return None
    if line[0] == "<" and _MARKUP.fullmatch(line):
        return "embed", STRONG
    norm = normalise_line(line)
    if not norm:
        return ("separator", STRONG) if _SEPARATOR.fullmatch(line) else None
    hit = EXACT.get(norm)
    if hit is not None:
        if hit[1] == WEAK and line.endswith("*"):
            return "comment-form", STRONG  # a form label: "Name *", "Email *"
        return hit
    if len(line) <= CONSENT_MAX_CHARS and _CONSENT.match(line) and _CONSENT_WORDS.search(line) \
            and not (_REPORTED.search(line) and not _READER.search(line)):
        return "consent", STRONG
    if len(line) > MAX_LINE_CHARS:
        return None
    tokens = [t for t in _TOKEN_SPLIT.split(norm) if t]
    if len(tokens) >= 2 and all(t in SOCIAL for t in tokens):
        return "share", STRONG
    for kind, strength, pattern in _LINE_PATTERNS:
        m = pattern.fullmatch(line)
        if m is not None and not _refused(line, m):
            return kind, strength
    if _CREDIT_END.search(line, max(0, len(line) - _CREDIT_TAIL)) is not None:
        return "caption", STRONG
    return None


def standalone(line: str, kind: str) -> bool:
    """Furniture that no sentence runs through: breadcrumbs, "Translate »", a row of share buttons."""
    return kind in ("navigation", "translate") or (kind == "share" and _SHARE_ROW.fullmatch(line) is not None)


def trailing_segment(line: str) -> tuple[int, str] | None:
    """Where a furniture tail ("... the end. Source link") starts in a long line, and its kind."""
    m = _TRAILING.search(line)
    if m is None:
        return None
    return m.start(), ("source-link" if m.group(1) else "read-more")


def leading_segment(line: str) -> tuple[int, str] | None:
    """Where the text after a furniture head ("Translate » Donald Trump ...") starts, and its kind."""
    m = _LEADING.match(line)
    if m is None:
        return None
    return m.end(), "translate"
