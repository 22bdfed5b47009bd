"""Direct quotations: find quotation marks, pair them, group the pieces, attach speakers.

The scan works paragraph by paragraph (a paragraph ends at a newline):

1. **Marks.** Double marks are ``"`` ``“`` ``”`` ``„``, two apostrophes ``''``
   (the NYT's typewriter style), the Penn Treebank's ````…''`` (tokenizer
   residue) and guillemets ``«`` ``»`` (also German ``»…«``: a ``»`` before a
   word opens); single marks are ``'`` ``‘`` ``’``, ``‚`` (German ``‚…‘``: a
   ``‘`` after a word closes) and ``‹`` ``›``. A straight mark's direction comes from
   its neighbours (space before and a letter after opens; a letter before and
   a space or punctuation after closes; otherwise it toggles; a ``“`` after a
   word and before a space is a reversed closing mark). A single mark between
   two letters or digits (``don't``, ``O'Brien``), before a decade (``'90s``)
   or after a plural ``s`` and before a word (``Jones' car``; not before a
   function word, ``'… weapons' to Ukraine``, nor when another single
   quotation opens later in the paragraph) is an apostrophe. Marks inside
   embedded markup (``<tweet author="…">``, also where an attribute runs
   over a line break) are not quotation marks.
2. **Pairs.** Inside a double quotation single marks are nested quotes and
   are left alone (the outer quotation is the one reported), as are double
   marks inside a single quotation that closes after them (British style:
   ``'… were "not ready", I accepted …,' she said``), and so is a
   curly ``“`` or an opening straight ``"`` after some quoted words when the
   next two double marks both close (``“… even when “your team” needs …”``,
   ``"… shouted "Go home!" at them."``: a quotation nested with double
   marks). Outside, a single
   pair is a quotation only when both ends look like marks and it closes in the
   same paragraph. A double quotation still open at the end of a paragraph is
   the reopening convention when the next paragraph starts with an opening
   mark (the quotation continues there), unless that paragraph opens with a
   transcript's speaker label (``"PENCE: …``: the next turn is a quotation of
   its own, without the label), or the open quotation has a speaker of its own
   and the next paragraph's is attributed to someone not named since the
   paragraph before it (``Holt said: "…¶"…," said Tom Reyes``: a copy that
   lost a closing mark); otherwise it ends with its paragraph. A single
   quotation reopens the same way (British style) when the next paragraph
   starts with a single mark; otherwise one left open is no quotation.
3. **Groups.** One ``Quote`` gathers the pieces of one quotation: pieces of a
   reopened quotation; pieces broken by the quotation's own attribution
   (``"We will," she said, "win."``, also with a long appositive: ``"…," said
   Mr. Meyer, who runs a firm. "…"``, or one the short patterns miss: ``"…,"
   Douglas Holtz-Eakin, an adviser to …, wrote after the report. "…"``; an
   ``according to X`` that ends the sentence before the second part is not
   that part's own attribution; a document's ``reads``, ``read the memo``)
   unless the words between introduce a new one (``"…." He added: "…"``,
   ``…, but she cautions that "…"``), or the writer goes on for more than
   three words after the attribution and then quotes a phrase mid-sentence,
   after a lower-case word (``"…," said Ann Lee, a nurse who stood in an
   "endless line"``: the writer's sentence, not the second part; ``he said,
   but "…"`` still joins), or the first part is a phrase of the writer's
   sentence: quoted after a lower-case word and closed with no comma or stop
   inside its marks (``the party's "southern plan" led to what Park called
   "…"``); and a
   following paragraph that is nothing but a quotation with no attribution of
   its own (it goes on with the same speaker), unless it is one single-quoted
   phrase (a section heading: ``'Totally pro-Israel.'``) after a quotation in
   double marks, or one in Title Case (``'All Bets Are Off.'``), or what comes before
   is a show's or book's title (``said on "Face the Nation":``, whose
   attribution the paragraph takes instead). A title or a word or
   two quoted inside the attribution (``said on "Meet the Press."``) is
   dropped. Quoted phrases side by side (``"incredibly ugly," "a huge
   shock"``) or strung together by at most five of the writer's words, with
   no reporting verb and no sentence stop between them, are one quotation
   (``says "the game is screwed up" because "football has become soft"``),
   with the attribution that follows the last (``"A" but necessary "B," he
   said``): PolNeAR's annotators make them one content (train: 191 of 208
   such pairs with a gap of one to four words).
4. **Filter.** A section heading (a paragraph that is one single-quoted
   phrase; none of the 11 in train/dev is a gold quotation) is dropped, and
   so is a quoted headline followed by its author (``"Pop-up art show …," by
   DNAinfo's Eddie Small``). A quotation of one or two words is kept when a
   verb of calling names it (``calling it "absurd"``, ``Trump called Cruz the
   "ultimate hypocrite"``, ``what he calls the "Washington cartel"``; not
   ``so-called``: what someone called a thing is their word, and PolNeAR's
   annotators mark it); otherwise it is dropped when it stands inside the
   writer's own sentence (after a lowercase word other than a reporting verb:
   ``the "qualified" spat``) or has no attribution; so is a Title-Case quotation of up to six words with no
   attribution (a book or a show: ``"Face the Nation"``), or with one but
   right after a possessive, ``on``, ``with``, ``of``, ``in``, ``book``, ``titled`` (and
   such words for a work) (``told ABC's
   "Good Morning America"``: 27 such in train/dev, 3 touching a gold
   quotation). In PolNeAR's train
   split such stretches are mostly not direct quotations (see
   ``bench/eval_quotes.py``).
5. **Speakers** (``speakers.py``): the attribution after the quotation
   (``"…," Xi said`` / ``said Xi`` / ``"…" — Xi``; not after a full stop when
   the sentence goes on: ``"…." Reid said both are …``), inside it (broken
   quotations), or before it in the same sentence (``Putin said that "…"``,
   ``according to X, "…"``, ``X said: "…"``, ``X: "…"``, a headline's
   ``Gillibrand on …: ‘…’``, where the colon is the cue); a quotation with
   none takes the speaker of the quotation before it in its paragraph, or of
   the reporting clause ending the paragraph before. ``he``/``she`` is then
   resolved to a fitting person named before it (``people.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..records import Quote, Span
from .people import resolve_pronouns
from .speakers import (Attribution, after_attribution, before_attribution, has_cue, introduces, label_attribution,
                       long_attribution, previous_paragraph_attribution, trailing_attribution)

_MARK = re.compile(r"''|``|[\"“”„«»‹›'‘’‚]")
_DOUBLE = {'"', "''", "``", "“", "”", "„", "«", "»"}
_OPENERS = {"“", "„", "«", "‹", "‘", "‚", "``"}
_SINGLE_OPENERS = {"'", "‘", "‹"}
_FUNCTION_AFTER = re.compile(r"\s+(?:to|in|on|at|of|for|from|by|with|into|than|as|and|or|but|that|which|who|when|"
                             r"while|if|because|after|before|the|a|an|is|was|are|were|has|had|have|will|would)\b")
"""A function word after ``s'``: the quotation ends there (``'lethal defensive weapons' to Ukraine``), where a
possessive goes on with its noun (``the workers' money``)."""
_CLOSERS = {"”", "»", "›"}
_DECADE = re.compile(r"\d\d?s\b|\d\d\b")
_ELISION = re.compile(r"(?:em|til|cause|n|tis|twas)\b", re.IGNORECASE)
_TRAIL = " \t\r\n,"
_SHORT_WORDS = 2
_INTRO_WORDS = {"that", "said", "says", "say", "told", "tells", "added", "asked", "wrote", "writes", "tweeted",
                "declared", "stated", "noted", "replied", "responded", "answered", "explained", "saying",
                "adding", "writing", "telling", "asking", "declaring", "stating", "quipped", "joked", "shouted",
                "yelled", "chanted", "read", "reads", "posted", "continued", "warned", "argued", "insisted"}
_TITLE_WORDS = 6
_CONNECTOR = re.compile(r"[\s,;]*(?:(?:and|or|but|then|who|which|as|an?|the|nor|to|of)[\s,]+){1,3}")
_STRING_WORDS = 5
_TITLE_BEFORE = re.compile(r"(?:['’]s|\b(?:on|with|of|in|titled|entitled)|\b(?:the|a|an|his|her|their|its|new|[\w]+['’]s)"
                           r"\s+(?:\d{4}\s+)?(?:book|memoir|novel|film|movie|documentary|show|song|album|series)),?\s+\Z")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*(?:\n[^<>\n]*){0,2})?/?>")
"""Embedded markup; an attribute may run over a line break (``<tweet tweet-date="March 9, 2016¶">``)."""
_GAP_STOP = re.compile(r"[.!?:;()\"“”«»]|''")
_PRONOUN_SPEAKERS = {"he", "she", "they", "we", "i", "it", "you"}
_CALL = r"(?:call(?:ed|s|ing)?|dubb(?:ed|ing)|labell?(?:ed|ing)|termed|nicknamed)"
_CALLED = re.compile(r"(?:\b" + _CALL + r"\s+(?:it|him|her|them|this|that|[A-Z][\w'’.-]*)|(?:\b(?:what|which|who|he|she|"
                     r"they|we|I|you|it|been|has|have|had)|(?<!\bso)\b[A-Z][\w'’.-]*)\s+(?:\w+ly\s+)?" + _CALL + r")"
                     r"\s+(?:as\s+)?(?:an?\s+|the\s+)?\Z")
"""A word or two named by a verb of calling: ``calling it "absurd"``, ``Trump called Cruz the "ultimate
hypocrite"``, ``what he calls the "Washington cartel"`` (not ``so-called``, nor ``a blog called the "Feed"``)."""
_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with", "from", "is", "&"}


@dataclass(slots=True)
class _Piece:
    start: int  # inner start (after the opening mark)
    end: int  # inner end (before the closing mark, or paragraph end)
    open_at: int  # offset of the opening mark
    close_end: int  # offset just after the closing mark (== end when unclosed)
    closed: bool
    para: int
    para_start: int
    para_end: int


@dataclass(slots=True)
class _Group:
    pieces: list[_Piece] = field(default_factory=list)
    attribution: Attribution | None = None


def _role(text: str, i: int, j: int) -> str:
    """'open', 'close', 'either' or 'apos' for the mark text[i:j]."""
    mark = text[i:j]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    if mark in ("»", "›") and (prev.isspace() or prev in "([{—–-/:") and nxt.isalnum():
        return "open"  # German and Danish style: ``»Wir schaffen das«``
    if (mark in ("«", "‹") and not prev.isspace() and prev not in "([{—–-/:"
            and (nxt.isspace() or nxt in ".,;:!?)]}—–")):
        return "close"
    if mark in ("'", "’", "‘"):
        if prev.isalnum() and nxt.isalnum():
            return "apos"
        if _DECADE.match(text, j) or _ELISION.match(text, j):
            return "apos"
        if (mark == "‘" and not prev.isspace() and prev not in "([{—–-/:“\""
                and (nxt.isspace() or nxt in ".,;:!?)]}—–")):
            return "close"  # German style: ``‚Wir bedauern das.‘``
        if mark == "‘":
            return "open" if not nxt.isspace() else "apos"
        if (prev.isspace() or prev in "([{—–-“\"/") and (nxt.isalnum() or nxt in "“\"$…(["):
            return "open"
        if not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–―-”\"…"):
            return "close" if prev not in "sS" else "close_s"
        return "apos"
    if mark == "“" and not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–") and prev not in "([{—–-/:":
        return "close"  # a reversed mark: ``"It's unusual,“ said Larry Noble``
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    opens = prev.isspace() or prev in "([{—–-/:;,"
    closes = nxt.isspace() or nxt in ".,;:!?)]}—–-'’…"
    if opens and not nxt.isspace() and not closes:
        return "open"
    if closes and not prev.isspace() and not opens:
        return "close"
    return "either"


def _paragraph_pieces(text: str, start: int, end: int, para: int,
                      tags: list[tuple[int, int]] | None = None, reopens: bool = False,
                      continued: bool = False) -> tuple[list[_Piece], bool]:
    """Quoted pieces of one paragraph; True when a quotation is left open at its end: a double one, or a single
    one when ``reopens`` (the next paragraph opens with a single mark: British style) or when it opens this
    paragraph and ``continued`` (it goes on from the paragraph before: its last part). ``tags``: the spans of
    the text's embedded markup (found in this paragraph when not given)."""
    pieces: list[_Piece] = []
    dbl: int | None = None  # inner start of the open double quotation
    dbl_at = 0
    sgl: int | None = None
    sgl_at = 0
    nested = 0
    in_sgl = False  # inside double marks nested in an open single quotation (British style)
    possessive: tuple[int, int] | None = None  # the first closing single mark after an ``s`` read as a possessive

    def piece(inner: int, at: int, close: int, close_end: int, closed: bool) -> None:
        pieces.append(_Piece(inner, close, at, close_end, closed, para, start, end))

    if tags is None:
        tags = _tags(text, start, end)
    tags = [(s, e) for s, e in tags if s < end and e > start]
    for m in _MARK.finditer(text, start, end):
        i, j = m.span()
        if tags and any(s <= i < e for s, e in tags):
            continue  # an attribute of embedded markup (``<tweet author="…">``), not a quotation mark
        mark = m.group()
        role = _role(text, i, j)
        if mark in _DOUBLE and sgl is not None and dbl is None:
            if in_sgl:
                if role in ("close", "either") or mark in _CLOSERS:
                    in_sgl = False  # the nested quotation ends; the single-quoted one goes on
                continue
            if role in ("open", "either") and mark not in _CLOSERS and _nested_in_single(text, j, end, reopens):
                in_sgl = True  # ``'When they said the figures were "not ready", I accepted it,' she said``
                continue
        if mark in _DOUBLE:
            if dbl is not None:
                if nested:
                    if role in ("close", "either") or mark in _CLOSERS:
                        nested -= 1  # a quotation nested with double marks ends; the outer one goes on
                    continue
                if (role == "open" and (mark in _OPENERS or mark == "\"") and text[dbl:i].strip()
                        and _nested(text, j, end)):
                    nested += 1  # ``“… even when “your team” needs to be held accountable.”``
                    continue
                if role == "open" and mark != '"' and mark != "''":
                    piece(dbl, dbl_at, i, i, False)  # an opener inside: the previous one never closed
                    dbl, dbl_at = j, i
                elif role in ("close", "either") or mark in _CLOSERS:
                    piece(dbl, dbl_at, i, j, True)
                    dbl, sgl = None, None
                # a straight mark that looks like an opener inside an open quotation: ignore
            elif role == "open" or (role == "either" and mark not in _CLOSERS):
                dbl, dbl_at, sgl = j, i, None
            continue
        if dbl is not None or in_sgl or role == "apos":
            continue  # nested single quotes stay inside the double quotation
        if (sgl is not None and possessive and role == "open" and mark in ("'", "‘")
                and (mark == "'") == (text[possessive[0]] == "'")):  # straight with straight, curly with curly
            piece(sgl, sgl_at, *possessive, True)  # ``'outrageous' and called for it to be 'clawed back'``: the
            sgl = None  # mark read as a possessive closed the quotation, since another one opens after it
        if sgl is None:
            if role == "open":
                sgl, sgl_at, possessive = j, i, None
        elif role in ("close", "close_s"):
            if (role == "close_s" and j + 1 < end and text[j].isspace() and text[j + 1].islower()
                    and _FUNCTION_AFTER.match(text, j) is None):
                possessive = possessive or (i, j)  # the quotation may have ended there after all: not reopened
                continue  # "Jones' car": a plural possessive, not the end of a quotation
            piece(sgl, sgl_at, i, j, True)
            sgl = None
    if dbl is not None:
        piece(dbl, dbl_at, end, end, False)
        return pieces, True
    if sgl is not None and not possessive and (reopens or (continued and not text[start:sgl_at].strip())):
        piece(sgl, sgl_at, end, end, False)  # British style: the single-quoted quotation reopens next paragraph
        return pieces, True
    return pieces, False


def _nested_in_single(text: str, j: int, end: int, reopens: bool) -> bool:
    """After an opening double mark inside an open single quotation, the next double mark closes and a single
    mark closes the single quotation after it (or the paragraph ends and the quotation reopens at the next one):
    a quotation nested in British style, not a double quotation of its own."""
    closed = None
    for m in _MARK.finditer(text, j, end):
        role = _role(text, *m.span())
        if closed is None:
            if m.group() in _DOUBLE:
                if not (role in ("close", "either") or m.group() in _CLOSERS):
                    return False
                closed = m.end()
        elif m.group() not in _DOUBLE and (role in ("close", "close_s") or m.group() == "›"):
            return True
    return closed is not None and reopens


def _tags(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of embedded markup in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [t.span() for t in _TAG.finditer(text, start, end)] if "<" in text[start:end] else []


def _nested(text: str, j: int, end: int) -> bool:
    """After an opening ``“`` inside an open quotation, the next two double marks both close: the first ends a
    quotation nested in the open one, the second the open one itself."""
    closes = []
    for m in _MARK.finditer(text, j, end):
        if m.group() in _DOUBLE:
            closes.append(_role(text, *m.span()) in ("close", "either") or m.group() in _CLOSERS)
            if len(closes) == 2:
                break
    return closes == [True, True]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        stop = pos + len(line)
        if line.strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


def _starts_with_opener(text: str, start: int, end: int) -> bool:
    return _opener(text, start, end) is not None


def _opener(text: str, start: int, end: int) -> str | None:
    """The opening mark that starts the paragraph ``text[start:end]``, if one does."""
    m = _MARK.search(text, start, min(end, start + 4))
    if m and not text[start : m.start()].strip() and _role(text, *m.span()) in ("open", "either"):
        return m.group()
    return None


def _is_title(words: list[str]) -> bool:
    if len(words) > _TITLE_WORDS or not words:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words)


def _group(text: str) -> list[_Group]:
    groups: list[_Group] = []
    open_group: _Group | None = None
    paras = _paragraphs(text)
    tags = _tags(text)  # over the whole text: a tag's attribute may run over a line break
    for n, (ps, pe) in enumerate(paras):
        reopens = n + 1 < len(paras) and _opener(text, *paras[n + 1]) in _SINGLE_OPENERS
        pieces, left_open = _paragraph_pieces(text, ps, pe, n, tags, reopens, open_group is not None)
        for k, p in enumerate(pieces):
            if (open_group is not None and k == 0 and _starts_with_opener(text, ps, pe)
                    and label_attribution(text, p.start, p.end) is None
                    and not _someone_else(text, open_group, p, paras[max(open_group.pieces[0].para - 1, 0)][0])):
                open_group.pieces.append(p)  # the quotation reopened in this paragraph (not a transcript's next turn)
            else:
                groups.append(_Group([p]))
            open_group = None
        if left_open and pieces and n + 1 < len(paras) and _starts_with_opener(text, *paras[n + 1]):
            open_group = groups[-1]
    return groups


def _someone_else(text: str, g: _Group, p: _Piece, since: int) -> bool:
    """``g``, left open, has a speaker of its own, and ``p``, which opens the next paragraph, is attributed to
    someone not named since the paragraph before ``g``'s first (``Mayor Ann Holt said: "…`` then ``"…," said Tom
    Reyes``): a quotation of its own, whose previous one lost its closing mark (a copy's scraper), not the same
    quotation reopened."""
    a = after_attribution(text, p.close_end, p.para_end, ended=_ended(text, p)) if p.closed else None
    if a is None or a.cue is None or not a.speaker or a.speaker.lower() in _PRONOUN_SPEAKERS:
        return False
    first = g.pieces[0]
    own = before_attribution(text, first.open_at, first.para_start)
    if own is None or not own.speaker:
        return False  # ``"…¶"…," Obama said``: the quotation's speaker is the one named at its end
    names, own_names = _names(a.speaker), _names(own.speaker)
    if not names or not own_names or own_names[-1] == names[-1]:
        return False  # ``The mayor told reporters: "…¶"…," Holt said``: described, then named; or the same name
    return re.search(rf"\b{re.escape(names[-1])}\b", text[since : g.pieces[-1].para_end]) is None


_NOT_NAMES = frozenset({"The", "A", "An", "This", "That", "His", "Her", "Their", "Its", "Our", "Mr", "Mrs", "Ms", "Dr"})


def _names(speaker: str) -> list[str]:
    """The capitalised words of a speaker's name (``Mayor Ann Holt``: Mayor, Ann, Holt; ``The mayor``: none)."""
    return [w for w in re.findall(r"[\w'’-]+", speaker) if w[:1].isupper() and w not in _NOT_NAMES]


def _merge_interrupted(text: str, groups: list[_Group]) -> list[_Group]:
    """Join a quotation broken by its own attribution: ``"…," X said (, who …), "…"`` in one paragraph.

    The attribution must follow the first part directly; the second part is
    joined unless it has an attribution of its own, or the first part ended a
    sentence and the words between end in a comma or colon (``"…." He added,
    "…"``: those words introduce the second part, a new attribution), or the
    second part is a phrase quoted mid-sentence after more than a few of the
    writer's words (``"…," said Ann Lee, a nurse who stood in an "endless
    line"``; PolNeAR train/dev: the annotators join 5 of the 112 such pairs),
    or the first part is a phrase of the writer's sentence (after a lower-case
    word, no comma or stop inside its marks: ``the "southern plan" led to what
    Park called "…"``).
    """
    out: list[_Group] = []
    anchor: _Group | None = None
    for g in groups:
        if anchor is not None and _title_in_attribution(text, anchor, g):
            continue  # ``"…," X said on "Meet the Press." "…"``: the title is dropped, the chain goes on
        if anchor is not None and _named_title(text, anchor):
            out.append(g)  # ``On ABC's "Good Morning America" Tuesday, he said, "…"``: the show is no part of it
            anchor = g
            continue
        if anchor is not None and _continues(text, anchor, g):
            anchor.pieces.extend(g.pieces)
            continue
        if anchor is not None and _strung(text, anchor, g):
            anchor.pieces.extend(g.pieces)
            if g.attribution is not None and g.attribution.cue is not None and (
                    anchor.attribution is None or anchor.attribution.cue is None):
                anchor.attribution = g.attribution  # ``"A" but necessary "B," he said``: his, both
            continue
        out.append(g)
        anchor = g
    return out


def _title_in_attribution(text: str, anchor: _Group, g: _Group) -> bool:
    """A title or a word or two quoted inside the attribution (``said on "Meet the Press."``)."""
    a = anchor.attribution
    if a is None or not a.after or len(g.pieces) != 1 or g.pieces[0].para != anchor.pieces[-1].para:
        return False
    if g.attribution is not None and g.attribution.speaker_span != a.speaker_span:
        return False
    if text[anchor.pieces[-1].close_end : g.pieces[0].open_at].rstrip()[-1:] in (".", "!", "?"):
        return False  # ``"…," O'Donnell said. "Big time."``: a new sentence, not a title
    words = text[g.pieces[0].start : g.pieces[0].end].split()
    return len(words) <= _SHORT_WORDS or _is_title(words)


def _continues(text: str, prev: _Group, g: _Group) -> bool:
    last, first = prev.pieces[-1], g.pieces[0]
    a = prev.attribution
    if not last.closed or last.para != first.para or a is None or not a.after or a.after_of != last.close_end:
        return False
    if (g.attribution is not None and g.attribution.cue is not None and g.attribution.speaker_span != a.speaker_span
            and not _closed_before(text, g.attribution, first)):
        return False
    gap = text[last.close_end : first.open_at].rstrip()
    if _ended(text, last) and gap[-1:] in (",", ":"):
        return False
    if len(prev.pieces) == 1 and _embedded(text, last) and text[last.start : last.end].rstrip()[-1:].isalnum():
        return False  # ``the party's "southern plan" led to what Park called "…"``: a phrase of the writer's sentence
    if _embedded(text, first) and _prose_after(text, a.end if a.end >= 0 else last.close_end, first.open_at):
        return False  # ``"…," said Ann Lee, who waited in an "awfully long line"``: the writer's phrase, quoted
    if gap[-1:] in (".", "!", "?"):
        return True  # the words between end a sentence: the next part starts one of its own
    return not (a.end >= 0 and introduces(text, a.end, first.open_at))  # ``…, but she cautions that "…"``


_JOINED_ON = re.compile(r"\b(?:and|but|or|nor)(?:\s+[a-z]+)?\s*\Z")
_PROSE_WORDS = 3


def _prose_after(text: str, start: int, end: int) -> bool:
    """More than a few of the writer's words stand between an attribution (ending at ``start``) and the next
    opening mark (at ``end``), not ending on a conjunction that joins the quotation on (``he said, but "…"``)."""
    words = text[start:end].split()
    return len(words) > _PROSE_WORDS and _JOINED_ON.search(text, start, end) is None


def _closed_before(text: str, a: Attribution, first: _Piece) -> bool:
    """``a`` stands before ``first`` and a sentence ends between them: it belongs to the sentence before
    (``"…," Sanders said, according to CNN. "…"``), not to this quotation."""
    if a.after or a.speaker_span is None or a.speaker_span.end > first.open_at:
        return False
    return text[max(a.end, a.speaker_span.end) : first.open_at].rstrip()[-1:] in (".", "!", "?")


def _strung(text: str, prev: _Group, g: _Group) -> bool:
    """Quoted phrases side by side or strung together by a few of the writer's words: ``a "nasty guy," an
    "anchor baby"``, ``says "…" because "…"`` (up to ``_STRING_WORDS`` words, no sentence stop, no reporting
    verb)."""
    last, first = prev.pieces[-1], g.pieces[0]
    if not last.closed or last.para != first.para or _ended(text, last):
        return False
    if prev.attribution is not None and prev.attribution.after:
        return False
    pa, ga = prev.attribution, g.attribution
    if (pa is not None and ga is not None and pa.cue is not None and ga.cue is not None and pa.speaker and ga.speaker
            and pa.speaker.lower() not in _PRONOUN_SPEAKERS and ga.speaker.lower() not in _PRONOUN_SPEAKERS
            and pa.speaker != ga.speaker):
        return False  # ``Smith said "…" and "…," Jones said``: two speakers (``… she said`` may be the same one)
    gap = text[last.close_end : first.open_at]
    if _CONNECTOR.fullmatch(gap) or not gap.strip(" ,"):
        return True
    words = gap.split()  # ``"…" because "…"``: a few of the writer's words, no stop, no reporting verb
    return (0 < len(words) <= _STRING_WORDS and not _GAP_STOP.search(gap)
            and not has_cue(text, last.close_end, first.open_at))


def _ended(text: str, p: _Piece) -> bool:
    """The quoted words end a sentence (``"We won."``)."""
    return text[p.start : p.end].rstrip()[-1:] in (".", "!", "?")


def _attach(text: str, groups: list[_Group]) -> None:
    for g in groups:
        first, last = g.pieces[0], g.pieces[-1]
        found = None
        if first.closed:
            found = after_attribution(text, first.close_end, first.para_end, ended=_ended(text, first))
        if found is None and last is not first and last.closed:
            found = after_attribution(text, last.close_end, last.para_end, ended=_ended(text, last))
        if found is None and not text[first.para_start : first.open_at].strip():
            found = label_attribution(text, first.start, first.end)  # a transcript's turn: ``"PENCE: Well, …``
        if found is None:
            found = before_attribution(text, first.open_at, first.para_start)
        if found is None:
            found = label_attribution(text, first.start, first.end)
        if found is None and first.closed:
            found = long_attribution(text, first.close_end, first.para_end)  # ``"…," X, a long appositive, said``
        if found is None and last.closed:
            found = trailing_attribution(text, last.close_end, last.para_end)  # ``"…" about it, said X``
        g.attribution = found


def _is_whole_paragraph(text: str, g: _Group) -> bool:
    first, last = g.pieces[0], g.pieces[-1]
    head = text[first.para_start : first.open_at].strip()
    tail = text[last.close_end : last.para_end].strip(" \t.,;:!?…)")
    return not head and not tail


def _absorb_continuations(text: str, groups: list[_Group]) -> list[_Group]:
    """A quoted paragraph with no attribution right after an attributed quotation goes on with it."""
    out: list[_Group] = []
    for g in groups:
        prev = out[-1] if out else None
        if (prev is not None and g.attribution is None and prev.attribution is not None
                and g.pieces[0].para == prev.pieces[-1].para + 1 and not _cut_off(text, g)
                and _is_whole_paragraph(text, g)
                and _ends_paragraph(text, prev) and not (_heading(text, g) and not _single_quoted(text, prev))
                and not _titled_heading(text, g)):
            if _named_title(text, prev):  # ``X said on "Face the Nation":¶"…"``: the title is no quotation of X's
                g.attribution = replace(prev.attribution, after_of=-1)
            else:
                prev.pieces.extend(g.pieces)
                continue
        out.append(g)
    return out


def _cut_off(text: str, g: _Group) -> bool:
    """A quotation left open at the end of the text: a copy cut short there, whose words can't be told to go on
    with the quotation before them (one left open before another paragraph is the reopening convention)."""
    last = g.pieces[-1]
    return not last.closed and not text[last.para_end:].strip()


def _named_title(text: str, g: _Group) -> bool:
    """A Title-Case quotation right after a possessive, ``on``, ``with``, ``of``, ``in``, ``titled`` or the
    noun of a work (``his 2012 book,``): a show or a book (``told ABC's "Good Morning America"``, ``on "Face
    the Nation"``)."""
    words = text[g.pieces[0].start : g.pieces[0].end].split()
    return (len(g.pieces) == 1 and _is_title(words)
            and _TITLE_BEFORE.search(text, g.pieces[0].para_start, g.pieces[0].open_at) is not None)


def _single_quoted(text: str, g: _Group) -> bool:
    """The quotation's last piece is in single marks: a writer who quotes in British style (``'…,' she
    said.¶'…'`` goes on with her, where a paragraph in single marks after a double-quoted one is a heading)."""
    at = g.pieces[-1].open_at
    return text[at] in "'‘‹" and text[at : at + 2] != "''"  # not the NYT's two apostrophes


def _titled_heading(text: str, g: _Group) -> bool:
    """A paragraph in single marks that is a heading whatever the style: Title Case (``'All Bets Are Off.'``)."""
    return _heading(text, g) and _is_title(text[g.pieces[0].start : g.pieces[0].end].split())


def _heading(text: str, g: _Group) -> bool:
    """A paragraph that is one single-quoted phrase (``'Totally pro-Israel.'``): a section heading."""
    p = g.pieces[0]
    return len(g.pieces) == 1 and text[p.open_at] in "'‘" and _is_whole_paragraph(text, g)


def _ends_paragraph(text: str, g: _Group) -> bool:
    """Nothing but the quotation's own attribution follows its last piece in that paragraph."""
    last = g.pieces[-1]
    tail = text[last.close_end : last.para_end]
    return '"' not in tail and "“" not in tail and len(tail.split()) <= 40


def _inherit(text: str, groups: list[_Group]) -> None:
    """A quotation with no attribution of its own: the one before it in its paragraph, or the paragraph before."""
    for k, g in enumerate(groups):
        if g.attribution is not None:
            continue
        first = g.pieces[0]
        prev = groups[k - 1] if k else None
        if prev is not None and prev.pieces[-1].para == first.para and prev.attribution is not None:
            g.attribution = replace(prev.attribution, after_of=-1)
        elif not text[first.para_start : first.open_at].strip() and (
                prev is None or prev.pieces[-1].para < first.para - 1):
            g.attribution = previous_paragraph_attribution(text, first.para_start)


def _keep(text: str, g: _Group) -> bool:
    words = " ".join(text[p.start : p.end] for p in g.pieces).split()
    if not words:
        return False
    a = g.attribution
    if _heading(text, g):
        return False  # NYT / Post section headings quote a line of the section; never a quotation of its own
    if _byline(text, g):
        return False  # ``—"Met accused of whitewashing baby Jesus," by Post's Kathianne Boniello``: a headline
    if _named_title(text, g):
        return False  # ``told ABC's "Good Morning America"``, ``on "Face the Nation"``: a title, cue or not
    if len(words) <= _SHORT_WORDS and len(g.pieces) == 1 and _CALLED.search(text, g.pieces[0].para_start,
                                                                             g.pieces[0].open_at):
        return True  # what someone called something is their word (train: 27 gold, 23 in a paraphrase, 1 not)
    if len(words) <= _SHORT_WORDS and len(g.pieces) == 1 and _embedded(text, g.pieces[0]):
        return False  # a word or two quoted inside the writer's own sentence: ``the "qualified" spat``
    if a is not None and a.cue is not None:
        return True
    if len(words) <= _SHORT_WORDS:
        return False
    return not (len(g.pieces) == 1 and _is_title(words))


_BYLINE = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")


def _byline(text: str, g: _Group) -> bool:
    """A quotation, a comma and ``by`` a name: a piece's headline and its author (``"Pop-up art show strives to
    …," by DNAinfo's Eddie Small``)."""
    last = g.pieces[-1]
    if len(g.pieces) != 1 or not last.closed:
        return False
    at = last.close_end
    if text[last.start : last.end].rstrip().endswith(","):
        return _BYLINE.match(text, at) is not None
    return text[at : at + 1] == "," and _BYLINE.match(text, at + 1) is not None


_NICKNAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+|\b[A-Z]\.) \Z")
_NICKNAME_AFTER = re.compile(r" (?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)(?:[A-Z]['’])?[A-Z][a-z]")
"""A surname after the nickname; a weekday is none (review: ``called the Post "Fake News" Monday`` was a name)."""


def _nickname(text: str, g: _Group) -> bool:
    """A word or two quoted between a given name and a surname (``Marcia "Cia" Price``, ``Robert C. "Bobby"
    Scott``): part of the name, not a quotation (found by QA: ``"Cia"`` became the first part of the quotation
    after ``Price …, shouted to the crowd.``)."""
    if len(g.pieces) != 1 or not g.pieces[0].closed:
        return False
    p = g.pieces[0]
    inner = text[p.start : p.end]
    return (len(inner.split()) <= _SHORT_WORDS and inner.replace("'", "").replace("’", "").replace(" ", "").isalpha()
            and _NICKNAME_BEFORE.search(text, p.para_start, p.open_at) is not None
            and _NICKNAME_AFTER.match(text, p.close_end) is not None)


def _embedded(text: str, p: _Piece) -> bool:
    """The opening mark follows a lowercase word (not a cue's ``that``/``:``/``,``): mid-sentence."""
    before = text[p.para_start : p.open_at].rstrip()
    m = re.search(r"([A-Za-z’']+)$", before)
    return bool(m) and m.group(1)[:1].islower() and m.group(1) not in _INTRO_WORDS


_BETWEEN = re.compile(r"[\s\"“”„‟'‘’‚‛«»‹›,.;:!?—–-]*")


def _joined(text: str, spans: list[Span]) -> str:
    """The pieces' words: a quotation reopened at a new paragraph goes on after a space; where the writer's
    words stood between two pieces (``"We will," she said, "win."``) they are elided with `` … ``."""
    out = text[spans[0].start : spans[0].end]
    for prev, s in zip(spans, spans[1:]):
        reopened = "\n" in text[prev.end : s.start] and _BETWEEN.fullmatch(text, prev.end, s.start)
        out += (" " if reopened else " … ") + text[s.start : s.end]
    return out


def _to_quote(text: str, g: _Group) -> Quote | None:
    spans = []
    a = g.attribution
    for k, p in enumerate(g.pieces):
        s, e = _trim(text, p.start, p.end)
        label = label_attribution(text, s, e) if k == 0 and a is not None and a.cue == ":" else None
        if label is not None and label.speaker_span == a.speaker_span:  # ``"PENCE: Well, …``: the words, not who
            s = _trim(text, label.speaker_span.end + 1, e)[0]
        if e > s:
            spans.append(Span(s, e))
    if not spans:
        return None
    a = g.attribution
    return Quote(
        span=Span(spans[0].start, spans[-1].end),
        text=_joined(text, spans),
        pieces=tuple(spans) if len(spans) > 1 else (),
        speaker=a.speaker if a else None,
        speaker_span=a.speaker_span if a else None,
        cue=a.cue if a else None,
    )


def extract_quotes(text: str) -> list[Quote]:
    """Every direct quotation in ``text`` with its speaker where the text says who.

    Offsets are into ``text``; the result is in text order. Pure and
    deterministic: regular expressions and one scan per paragraph, no model.
    """
    if not text or not isinstance(text, str):
        return []
    source = text
    nicknames = [g.pieces[0] for g in _group(text) if _nickname(text, g)]
    if nicknames:  # read as no marks at all, so that the name around one is read as a name (``Marcia "Cia" Price``)
        chars = list(text)
        for p in nicknames:
            chars[p.open_at : p.start] = " " * (p.start - p.open_at)
            chars[p.end : p.close_end] = " " * (p.close_end - p.end)
        text = "".join(chars)
    groups = _group(text)
    _attach(text, groups)
    groups = _merge_interrupted(text, groups)
    groups = _absorb_continuations(text, groups)
    _inherit(text, groups)
    groups = [g for g in groups if _keep(text, g)]
    quotes = [q for q in (_to_quote(text, g) for g in groups) if q is not None]
    if quotes and not _reads_english(text):  # the speaker finder reads English (found by QA: ``Selon`` named)
        return [replace(q, speaker=None, speaker_span=None, cue=None) for q in quotes]
    quotes = resolve_pronouns(text, quotes)
    if text is source:
        return quotes
    return [replace(q, speaker=source[q.speaker_span.start : q.speaker_span.end])  # the name as written
            if q.speaker_span is not None and q.speaker == text[q.speaker_span.start : q.speaker_span.end] else q
            for q in quotes]


_ENGLISH_CHARS = 300
"""A text shorter than this is taken for English: too few words to tell."""


def _reads_english(text: str) -> bool:
    """Whether the text reads as English prose (by its function words, see ``stories.english_share``)."""
    from ..stories.inputs import english_share

    return len(text) < _ENGLISH_CHARS or english_share(text) >= 0.5
