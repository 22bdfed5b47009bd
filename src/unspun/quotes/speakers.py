"""Who said a quotation: attribution patterns around its marks.

A speaker is the subject of a reporting verb (the *cue*) next to the
quotation:

* after it: ``"…," Xi said`` / ``"…," said Xi`` / ``"…," according to Xi`` /
  ``"…" — Xi``; a subject with an appositive (``Ki Hong, 33, said``) counts;
  not a clause joined by ``and``/``but``/``or`` to a quotation closed with no
  comma or stop inside its marks (``accuses X of "…" and Holt says``: the
  next clause's subject); a document or a sign ``reads`` (``read the memo``);
  failing all else, the rest of the sentence after a quotation ending in a
  comma, when it holds a cue (``"…," Leonard E. Burman, director of …, said of
  the plan.``, ``"…," scoffed Arianna Gil, 22, who …``);
* before it, in the same sentence: ``Putin said that "…"``, ``X said: "…"``,
  ``according to X, "…"``, ``X: "…"``, ``X told reporters on Monday, "…"``, a
  clause ending in a colon (``Gillibrand on …: ‘…’``: its subject, cue ``:``); or
  in the previous paragraph's last sentence when the quotation opens its
  paragraph (``Carter said that …¶"…"``);
* failing a cue, a quotation inside a sentence takes the sentence's subject
  (``Trump defended the incident, calling the protester "…"``);
* a transcript's label at the start of the quoted words (``"WALLACE: …"``).

The speaker is given as the article gives it: a name (``Sen. Ted Cruz``), a
nominal (``the campaign``) or a pronoun (resolved later, ``people.py``); a
title's lower-case words before a name stay with it (``former UN Ambassador John
Bolton``, ``Republican presidential nominee Donald Trump``). Never a speaker:
the writer's words joined to a name across a dash (``… were made public ― Trump
boasted`` gives ``Trump``), a dateline or a heading in capitals that opens the
paragraph (``BOCA RATON, Fla. --``), a state's abbreviation after its town
(``Portsmouth, N.H.,``), a phrase that opens with a preposition (``in a statement
released by the campaign``), lower-case prose that ends on a name (``comparison
to Obama``), the predicate after a name (``Ms. Sherry smiled and [said]``
gives ``Ms. Sherry``) or words across a sentence end (``… Marco Rubio. He
angrily [listed]``; the full stop of an initial or a title ends no sentence,
unless a pronoun follows: ``Martin Luther King Jr. He``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..records import Span

_CUES = (
    "said says say saying told tells tell telling asked asks asking added adds adding explained explains "
    "wrote writes tweeted tweets declared declares stated noted continued continues argued argues insisted "
    "insists recalled recalls replied replies responded responds answered warned warns claimed acknowledged "
    "acknowledges admitted admits conceded concedes observed remarked commented suggested suggests predicted "
    "predicts promised vowed pledged joked jokes quipped shouted yelled screamed cried exclaimed announced "
    "announces boasted complained complains lamented mused testified posted countered retorted agreed "
    "emphasized stressed concluded charged alleged urged cautioned recounted reiterated chanted whispered "
    "wondered proclaimed asserted asserts maintained contended contends confirmed confided scoffed fumed "
    "snapped interjected thundered marveled reasoned demanded reacted cracked tweeting stating noting "
    "declaring insisting arguing warning explaining calling called described describes describing reported "
    "quoted quoting surmised opined write add note argue explain insist warn claim recall reply respond "
    "continue tweet notes repeated interrupted pressed echoed inquired clarified corrected reads read "
    "conclude concludes recommended mocks remembered"
).split()
_MULTI = ("shot back", "went on", "pointed out", "put it", "chimed in", "according to", "goes on")
_CUE = r"(?:" + "|".join(sorted({re.escape(c) for c in _CUES} | {c.replace(" ", r"\s+") for c in _MULTI},
                                  key=len, reverse=True)) + r")"
_ADV = r"(?:(?:also|then|later|again|once|has|have|had|would|will|previously|recently|simply|just|\w+ly)\s+)*"
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "you"}
_STOP = {"but", "and", "so", "then", "yet", "still", "now", "also", "later", "instead", "however", "as",
         "when", "while", "after", "before", "because", "if", "though", "although", "or", "that", "here",
         "there", "in", "on", "at", "for", "with", "meanwhile", "finally", "indeed", "asked", "earlier"}
_CLAUSE = {"that", "who", "which", "whom", "whose", "and", "but", "because", "when", "while", "as", "if",
           "after", "before", "where", "what", "how", "why", "than", "to", "was", "is", "were", "are", "be",
           "been", "not", "did", "does", "do", "can", "could", "should", "may", "might", "said", "says"}
_PREPOSITIONS = {"in", "on", "at", "for", "with"}
_DETS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "one", "another", "this", "some", "many",
         "several", "both", "two", "three", "other", "most", "each", "every", "few", "no"}
_TOKEN = re.compile(r"\S+")
_DASH = re.compile(r"--+|[—–―]|-")
"""A dash standing as a word (``—``, ``―`` U+2015, ``--``, a spaced ``-``): it sets off a phrase, never part of a
name (``… were made public ― Trump boasted``)."""
_DASHED_TOKEN = re.compile(r"--+|[—–―]|(?:(?!--)[^\s—–―])+")
"""A word, with a dash written against it (``be!— Cruz``, ``snark—and``) a word of its own."""
_DASH_IN = re.compile(r"[—–―]|--|\s-\s")
_TITLES = r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|St|Rev|Sgt|Adm|Capt|Prof"
"""Abbreviated titles whose full stop ends no sentence (``Sen. Ted Cruz``)."""
_NAME_TOKEN = re.compile(r"[A-Z]\.|(?:" + _TITLES + r")\.")
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
"""A dotted initialism (``U.S.``, ``U.N.``): its last full stop is part of it, also where it ends a sentence."""
_SENTENCE_NEXT = re.compile(r"\s*(?:\Z|(?:He|She|They|It|We|I|The|A|An|This|That|But|And|In|On)\b)")
"""What starts a new sentence after a full stop that could be an abbreviation's."""
_NAME_RUN = re.compile(r"(?:(?:" + _NAME_TOKEN.pattern + r"|[A-Z][\w'’\-]*)"
                       r"(?:\s+(?:de|van|von|da|del|der|bin|al|la|le|du|di|of)(?=\s+[A-Z]))?\s*)+")
"""Capitalised words of a name; a full stop belongs to it only after an initial or a title (``George W. Bush``,
``Sen. Ted Cruz``), else it ends the sentence and the name (``… Marco Rubio. He angrily …``)."""
_AFTER_NORMAL = re.compile(
    r"[\s'’]*,?\s*(?P<subj>[^;:!?\"“”—–―\n]{1,120}?)\s+" + _ADV + r"(?P<cue>" + _CUE + r")\b")
_AFTER_INVERTED = re.compile(r"[\s'’]*,?\s*(?P<cue>" + _CUE + r")\s+(?P<subj>[^,;:!?\"“”—–―()\n]{1,80})")
_AFTER_VERBED = re.compile(r"[\s'’]*,?\s*(?P<subj>(?:[\w.'’\-]+\s+){0,5}?[\w.'’\-]+)\s+(?P<cue>[a-z]{3,}ed)\b")
_AFTER_DASH = re.compile(r"[\s.,]*(?:—|–|―|--|-)\s*(?P<subj>[^,;:!?\"“”—–―()\n]{1,80})")
_SENTENCE_END = re.compile(r"[.!?](?:''|[\"”’)])*\s+(?=(?:''|[\"“‘'(])?[A-Z])")
_ABBREV = re.compile(r"\b(?:" + _TITLES + r"|Inc|Co|Corp|Mt|No|U\.S|U\.N|[A-Z])\Z")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))[‘']\w")
_CUE_WORD = re.compile(r"\b(?P<cue>" + _CUE + r")\b")
_NOT_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Over", "During",
              "Under", "Since", "Until", "By", "From", "Like", "Unlike", "Despite", "Among", "Across", "Last",
              "Next", "Today", "Yesterday", "Once", "Then", "Now", "Tonight", "Here", "There", "This", "That", "These", "Those", "Such",
              "What", "Why", "How", "Who", "Where", "Whether", "Even", "Only", "Just", "Not", "No", "Yes", "If"}
_OPENERS = {"Likewise", "Similarly", "Together", "Specifically", "Immediately", "Moreover", "Furthermore",
            "Additionally", "Nevertheless", "Nonetheless", "Otherwise", "Overall", "Again", "Besides", "Afterward",
            "Afterwards", "Previously", "Ultimately", "Separately", "Elsewhere", "Initially", "Originally",
            "Recently", "Currently", "Shortly", "Already", "Thus", "Hence", "Therefore", "Regardless", "Notably",
            "Between", "Preceded", "Following", "Within", "Throughout", "Amid", "Upon", "Against", "Behind",
            "Beyond", "Inside", "Outside", "Around", "Through", "Along", "Alongside", "Toward", "Towards",
            "Instead", "Indeed", "Meanwhile", "Later", "Earlier", "Finally", "Also"}
"""Words that open a sentence before its subject (``Likewise, a paper …``), never a surname; a unit of time
opens one only before ``later``/``earlier``/``ago`` (``Hours later, Trump …``: Weeks and Hours are surnames)."""
_TIME_OPENER = re.compile(r"(?:Hours|Days|Weeks|Months|Years|Minutes|Moments|Seconds)\s+(?:later|earlier|ago|after|before)\b")


def opens_sentence(text: str, at: int) -> int:
    """How many characters at ``text[at:]`` open the sentence before its subject (``Likewise``, ``Hours
    later``), or 0."""
    m = _TIME_OPENER.match(text, at)
    if m is None:
        m = re.match(r"([A-Z][a-z]+)\b", text[at:])
        if m is None or m.group(1) not in _OPENERS:
            return 0
        return m.end()
    return m.end() - at
_LONG_INVERTING = {"scoffed", "mused", "quipped", "joked", "declares", "concluded", "replied", "responded",
                   "answered", "countered", "remarked", "observed", "exclaimed", "cautioned", "says", "tweets"}
_INVERTING = {"said", "says", "asked", "added", "wrote", "tweeted", "recalled", "explained", "continued",
              "insisted", "recalls", "adds", "writes", "explains", "argued", "noted", "warned", "declared",
              "read", "reads", "remembered"}


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    speaker_span: Span | None
    cue: str | None
    after_of: int = -1
    """The closing mark's end when the attribution follows the quotation directly, else -1."""
    end: int = -1
    """Where the attribution's words end (after the cue or the subject)."""

    @property
    def after(self) -> bool:
        return self.after_of >= 0


def _valid(text: str, s: int, e: int, *, at_cue: bool = False) -> tuple[int, int] | None:
    """(s, e) trimmed to a speaker phrase (a name, a pronoun, a short nominal), else None. ``at_cue``: the words
    end at the reporting verb (:func:`subject_before`), so a leading preposition makes them a phrase of place or
    manner, and prose ending on a name gives that name (``In a Bloomberg interview Trump [declared]``)."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, s, e)]
    while toks and text[toks[0][0] : toks[0][1]].lower().strip(",") in _STOP:
        if at_cue and text[toks[0][0] : toks[0][1]].lower() in _PREPOSITIONS:
            return _name_ending(text, toks)  # ``in a statement released by the campaign``: no subject
        toks = toks[1:]
    while toks and not any(c.isalnum() for c in text[toks[-1][0] : toks[-1][1]]):
        toks = toks[:-1]  # tokenizer residue's stop after a space (``said Rep. Devin Nunes .``) is no part of it
    if not toks or len(toks) > 8:
        return None
    s, e = toks[0][0], toks[-1][1]
    if _DASH_IN.search(text, s, e):
        return None  # ``concerned — Sanders``: prose and a name across a dash are no one phrase
    if _ends_sentence(text[s:e]):
        return None  # ``Marco Rubio. He angrily [listed]``: the words run into the next sentence
    while (e > s and text[e - 1] in ",;:.'’" and not _NAME_TOKEN.fullmatch(text[toks[-1][0] : e])
           and not _INITIALISM.fullmatch(text[toks[-1][0] : e])):
        e -= 1
    words = text[s:e].split()
    if not words:
        return None
    first = words[0].lower()
    if first in _PRONOUNS:
        return s, s + len(words[0])  # ``I laughed and [said]``: the pronoun is the subject
    if first in ("who", "which", "whose", "that", "this", "it's") or words[0] in _NOT_NAMES or words[0] in _OPENERS:
        return None
    if first in _DETS:
        return s, e
    if words[0][:1].isupper():
        return _leading_name(text, s, e)
    if first not in _CLAUSE and words[-1][:1].isupper() and len(words) > 1:
        if _titled(words):
            return s, e  # ``former UN Ambassador John Bolton``
        return _name_ending(text, toks) if at_cue else None  # ``the famous story John F. Kennedy [told]``
    return None


_GOES_ON = {"has", "had", "have", "is", "was", "were", "are", "will", "would", "can", "could", "may", "might",
            "should", "must", "did", "does", "also", "then", "later", "once", "at", "in", "on", "during"}
"""Words after a name that start its sentence's predicate or a phrase of time or place (``Mr. Rubio had at last
[described]``, ``Priebus later Thursday [told]``), not more of the subject."""
_DANGLING = {"and", "to", "that", "before", "his", "her", "their", "its", "a", "an", "the", "so", "was", "is"}
"""Words that end no subject: a predicate goes on to the reporting verb (``Ms. Sherry smiled and [said]``)."""
_PAST = {"went", "shook", "thought", "took", "gave", "made", "came", "ran", "stood", "sat", "spoke", "began", "held",
         "kept", "got", "put", "left", "sent", "brought", "wrote", "told", "said"}
"""Past tenses not in -ed that open such a predicate (``Bush thought for a moment and [said]``)."""


def _leading_name(text: str, s: int, e: int) -> tuple[int, int]:
    """(s, e), or the name that opens it when the words after the name are the sentence's predicate (``Ms. Sherry
    smiled and [said]``, ``Mr. Rubio had at last [described]``) or a phrase of time or place (``Trump at the time
    [said]``)."""
    run = _NAME_RUN.match(text, s, e)
    name = run.group().rstrip() if run else ""
    rest = text[s + len(name) : e].split()
    if not name or not rest or name.endswith(("'s", "’s")) or name.split()[0] in _NOT_NAMES:
        return s, e
    verb = rest[0].endswith("ed") or rest[0] in _PAST  # ``Bush thought for a moment and [said]``
    if _CUE_WORD.fullmatch(rest[0].strip(",;:")):
        return s, s + len(name)  # ``Sanders said, going on to [say]``: the reporting verb is no part of the name
    if (rest[0].lower() not in _GOES_ON and not (verb and rest[-1].lower() in _DANGLING)
            and not (verb and len(rest) > 2 and rest[1].lower() in _DETS)):
        return s, e  # (``Dremmick mocked the buses Varrow [promised]``: a verb and its object, a predicate)
    return s, s + len(name)


def _name_ending(text: str, toks: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The name (or ``the`` and a name) that ends the writer's words just before a reporting verb, its subject:
    ``In a Bloomberg interview Trump [declared]``, ``the famous story John F. Kennedy [told]``; None when a
    preposition or a reporting verb puts the name in the phrase (``in an interview with The Wall Street Journal``,
    ``comparison to Obama``), or it follows a pronoun's clause (``he’s certain Rubio [will continue]``)."""
    words = [text[a:b].strip(",.;:") for a, b in toks]
    k = len(words)
    while k > 1 and words[k - 1][:1].isupper() and words[k - 1] not in _NOT_NAMES:
        k -= 1
    if k == len(words) or k < 2:
        return None
    if words[k - 1] == "the" and k > 2:
        k -= 1
    before = words[k - 1].lower()
    if not before.isalpha() or before in _LINKS or _CUE_WORD.fullmatch(before):
        return None
    if any(w.lower() in _PRONOUNS or _CONTRACTION.fullmatch(w) for w in words[:k]):
        return None
    s, e = toks[k][0], toks[-1][1]
    while e > s and text[e - 1] in ",;:":
        e -= 1
    return s, e


_LINKS = _CLAUSE | {
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those", "of", "at", "for",
    "in", "on", "by", "from", "with", "about", "between", "under", "over", "during", "through", "like", "unlike",
    "into", "onto", "alongside", "against", "among", "since", "until", "once", "across", "around", "behind",
    "beyond", "near", "off", "out", "up", "down", "without", "within", "toward", "towards", "upon", "via", "per",
    "despite", "or", "nor", "so", "yet", "then", "has", "have", "had", "will", "would", "she", "he", "they", "we",
    "it", "i", "you", "him", "them", "us", "me", "soon", "even", "only", "just", "already", "perhaps", "never",
    "ever", "too", "very", "really"}
"""Words of the writer's prose, never in the lower-case words of a title before a name (``former``, ``election
law expert``)."""
_CONTRACTION = re.compile(r"[a-z]+['’](?:s|re|ve|ll|d|m|t)", re.IGNORECASE)


def _titled(words: list[str]) -> bool:
    """Lower-case words then a name read as a title and its holder (``former UN Ambassador John Bolton``,
    ``election law expert Rick Hasen``), not prose ending on a name (``comparison to Obama``, ``made public
    Trump``, ``he’s certain Rubio``, ``endorsed Sanders’ approach Saturday``)."""
    if words[-1].strip(",.") in _NOT_NAMES:
        return False
    for w in words:
        if w[:1].isupper():
            return True
        core = w.strip(",;:()\"“”'‘’")
        if core.lower() in _LINKS or _CONTRACTION.fullmatch(core) or w[-1:] in ":;":
            return False
    return True


_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)\b[^,;:!?\"“”]*,\s*\Z")
_DASHED_BEFORE = re.compile(r"(?:--|[—–―]|\s-\s)(?:(?!--|\s-\s)[^—–―\n])+?(?:--|[—–―]|\s-)\s*\Z")
"""A phrase set off by dashes right before the reporting verb (``Trump - who said he would "…" - said``)."""


def subject_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The subject that ends at ``hi``: the words nearest it, skipping appositives (``X, 33,``), a relative
    clause (``Zimmerman, who identifies as Hispanic, [told]``) and a phrase set off by dashes (``Trump - who …
    - said``); a dash ends a subject (``… were made public ― Trump boasted``)."""
    dashed = _DASHED_BEFORE.search(text, lo, hi)
    if dashed is not None and dashed.start() > lo:
        hi = dashed.start()  # ``Trump - who said he would "…" - said``: the words between the dashes are no subject
    rel = _RELATIVE_BEFORE.search(text, lo, hi)
    if rel is not None and rel.start() > lo:
        hi = rel.start()
    toks = [(m.start(), m.end()) for m in _DASHED_TOKEN.finditer(text, lo, hi)]
    seg: list[tuple[int, int]] = []
    segments: list[list[tuple[int, int]]] = []
    for s, e in reversed(toks):
        w = text[s:e]
        core = w.rstrip("'\"”’)")  # ``… for abortions.'' She called``: the sentence ends inside the marks
        if core.endswith((".", "!", "?", ":", ";")) and not _NAME_TOKEN.fullmatch(core) and (seg or segments):
            break  # ``news coverage was merciless: The … Union Leader said``: a colon ends the clause before
        if _DASH.fullmatch(w):  # ``… made public ― Trump boasted``: the dash sets off what stands before it
            if seg:
                segments.append(seg)
                seg = []
            if len(segments) >= 3:
                break
            continue
        if w.endswith(",") and seg:
            segments.append(seg)
            seg = []
            if len(segments) >= 3:
                break
        if w.lower() in ("who", "which", "whose", "whom") and seg and segments == [] and len(seg) > 1:
            seg = []  # ``Mr. Khan, who had addressed the convention, said``: the relative clause is no subject
            continue
        if w.lower() in _CLAUSE and seg:
            segments.append(seg)
            seg = []
            break
        seg.insert(0, (s, e))
    if seg:
        segments.append(seg)
    head = text[segments[0][0][0] : segments[0][0][1]] if segments else ""
    if (len(segments) >= 2 and text[segments[0][-1][0] : segments[0][-1][1]].endswith(",")
            and (head.lower() in _DETS or head.endswith(("'s", "’s")))):
        found = _valid(text, segments[1][0][0], segments[1][-1][1], at_cue=True)
        if (found is not None and found[0] == segments[1][0][0] and text[found[0]].isupper()
                and text[found[0] : found[1]].lower() not in _PRONOUNS):
            return found  # ``Flynn, a top Trump surrogate, said``: the appositive after the name is no subject
    for seg in segments:
        found = _valid(text, seg[0][0], seg[-1][1], at_cue=True)
        if found is not None:
            return found
        if text[seg[0][0] : seg[0][1]].lower() in _CLAUSE - {"who", "which", "whose"}:
            return None
    return None


def subject_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The subject of an inverted cue (``said Jason Miller, a senior adviser``): the words from ``lo``, up to a
    pronoun (``said Martin Luther King Jr. He …``)."""
    out = []
    for m in _TOKEN.finditer(text, lo, hi):
        w = m.group()
        if out and w.lower() in _CLAUSE | _PRONOUNS | {"on", "in", "at", "during", "to", "from", "about", "last",
                                                       "this", "earlier", "later", "of", "before", "after", "when",
                                                       "while"}:
            break
        out.append((m.start(), m.end()))
        if w[-1:] in ",;:" or len(out) >= 8 or (w.endswith(".") and not _NAME_TOKEN.fullmatch(w)
                                                 and not (_INITIALISM.fullmatch(w) and not _SENTENCE_NEXT.match(
                                                     text, m.end()))):
            break  # (``said the U.S. envoy``: the initialism's full stop ends nothing; ``said the U.S. He``: it does)
    if not out:
        return None
    named = _named_after(text, out)
    return named if named is not None else _valid(text, out[0][0], out[-1][1])


_NAME_CLOSES = re.compile(r"[ \t]*(?:[.,;:!?]|$)")


def _named_after(text: str, out: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The name after a described subject and its comma, the person it describes (``said its president, Mike
    Ferris.``: Mike Ferris, QA), when that name closes the attribution; else None."""
    first = text[out[0][0]:out[0][1]].lower()
    at = out[-1][1]
    if first not in _DETS or not (text[at - 1] == "," or text.startswith(",", at)):
        return None
    at += text.startswith(",", at)
    hi = min(len(text), at + 80)
    while at < hi and text[at] in " \t":
        at += 1
    run = _NAME_RUN.match(text, at, hi)
    if run is None:
        return None
    e = at + len(run.group().rstrip())
    if len(text[at:e].split()) < 2 or not _NAME_CLOSES.match(text, e, hi):
        return None
    return _valid(text, at, e)


def _make(text: str, span: tuple[int, int] | None, cue: str | None, after_of: int = -1,
          end: int = -1) -> Attribution | None:
    if span is None:
        return None
    s, e = span
    return Attribution(text[s:e], Span(s, e), re.sub(r"\s+", " ", cue.lower()) if cue else None, after_of,
                       max(end, e))


def after_attribution(text: str, pos: int, end: int, *, ended: bool = False) -> Attribution | None:
    """``"…," Xi said`` / ``said Xi`` / ``according to Xi`` / ``"…" — Xi`` right after a closing mark.

    ``ended``: the quotation ended its sentence (``"…." He added: "…"``); then the
    words after it attribute it only when short and not introducing another
    quotation in the same sentence.
    """
    found = _after(text, pos, end, ended)
    if found is None or not ended:
        return found
    if _full_stop_before(text, pos) and not re.match(r"\s*(?:[.,;:—–]|$)", text[found.end : end]):
        return None  # ``"…." Reid said both are "non-entities"``: a sentence of its own, not this quotation's
    nxt = min((i for i in (text.find(c, found.end, end) for c in ("\"", "“", "''")) if i >= 0), default=-1)
    between = text[found.end : nxt].strip() if nxt >= 0 else ""
    if (nxt >= 0 and not _ends_sentence(between) and between[-1:] not in (".", "!", "?")
            and (between[-1:] in (",", ":") or len(between.split()) <= 4)):
        return None  # ``"…." He added: "…"`` / ``He said American Jews "…"``: it introduces the next one
    return found


def _last_inside(text: str, pos: int) -> str:
    """The character the quotation closing at ``pos`` ends with, inside its marks (``,`` in ``"…," X said``)."""
    i = pos - 1
    while i >= 0 and text[i] in "\"”'’» ":
        i -= 1
    return text[i] if i >= 0 else ""


def _comma_before(text: str, pos: int) -> bool:
    """The quotation closing at ``pos`` ends in a comma: the writer's sentence goes on (``"…," X said``)."""
    return _last_inside(text, pos) == ","


def _sentence_stop(text: str, pos: int, end: int) -> int:
    """Where the sentence running from ``pos`` ends (after its full stop), or ``end``."""
    for m in re.finditer(r"[.!?](?=\s|\Z)", text[pos:end]):
        if _stops(text, pos, pos + m.start()):
            return pos + m.end()
    return end


def long_attribution(text: str, pos: int, end: int) -> Attribution | None:
    """The rest of the sentence after a quotation that ends in a comma (closing at ``pos``), when it holds a
    reporting verb that the other patterns miss: a long appositive (``"…," Douglas Holtz-Eakin, an economic
    adviser to …, wrote after the report was released.``), a parenthesis (``"…," panel Chairman Rep. Jason
    Chaffetz (R-Utah) said after …``) or an inverted cue (``"…," scoffed Arianna Gil, 22, who …``). A last
    resort: ``extract`` asks only when no other attribution is found."""
    if not _comma_before(text, pos):
        return None
    stop = _sentence_stop(text, pos, end)
    seg = text[pos:stop]
    if not seg.strip() or len(seg.split()) > 40 or any(c in seg for c in "\"“”«»") or "''" in seg:
        return None
    cue = _CUE_WORD.search(text, pos, stop)
    if cue is None or cue.group("cue").endswith("ing"):  # ``"…," adding that …``: no subject here
        return None
    if not text[pos : cue.start()].strip(" \t,'’"):
        if cue.group("cue").lower() not in _INVERTING | _LONG_INVERTING:
            return None  # ``"…," posted the clip``: not an inverted attribution
        span = subject_after(text, cue.end(), stop)  # ``"…," scoffed Arianna Gil, 22, who …``
    else:
        span = _head_subject(text, pos, cue.start())
    return _make(text, span, cue.group("cue"), pos, cue.end())


def trailing_attribution(text: str, pos: int, end: int) -> Attribution | None:
    """A sentence that goes on after the quotation (closing at ``pos``, no comma inside the marks) and ends
    with its attribution after a comma: ``"We're extremely happy" about the decision, said RoseAnn DeMoro,
    …`` / ``"We are frustrated" by the shooting …, Nefzi said.`` A last resort, like :func:`long_attribution`."""
    if _last_inside(text, pos) in (",", ".", "!", "?"):  # a comma is long_attribution's; .!? end the sentence
        return None
    stop = _sentence_stop(text, pos, end)
    seg = text[pos:stop]
    if not seg.strip() or len(seg.split()) > 40 or any(c in seg for c in "\"“”«»") or "''" in seg:
        return None
    for cue in _CUE_WORD.finditer(text, pos, stop):  # the first attribution after a comma is the quotation's
        if cue.group("cue").endswith("ing"):
            continue
        comma = text.rfind(",", pos, cue.start())
        if comma < 0:
            continue
        before = text[comma + 1 : cue.start()]
        if not before.strip():  # ``…, said RoseAnn DeMoro, executive director …``
            if cue.group("cue").lower() not in _INVERTING | _LONG_INVERTING:
                continue
            span = subject_after(text, cue.end(), stop)
        elif len(before.split()) <= 6:  # ``…, Nefzi said.``
            lead, trail = len(before) - len(before.lstrip()), len(before) - len(before.rstrip())
            span = _valid(text, comma + 1 + lead, cue.start() - trail)
        else:
            continue
        if span is not None and text[span[0] : span[0] + 1].isupper():
            return _make(text, span, cue.group("cue"), -1, cue.end())
    return None


def _head_subject(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The subject at the head of ``text[lo:hi]``: its words up to the first comma or parenthesis, or the
    name in them (``state Sen. Jason Holsman (D)`` gives ``Sen. Jason Holsman``)."""
    m = re.match(r"[\s'’,]*([^,(]+)", text[lo:hi])
    if m is None:
        return None
    s, e = lo + m.start(1), lo + m.end(1)
    while e > s and text[e - 1].isspace():
        e -= 1
    found = _valid(text, s, e)
    if found is not None:
        return found
    for run in _NAME_RUN.finditer(text, s, e):
        name = run.group().rstrip()
        if name and (name.split()[0] not in _NOT_NAMES or name == text[s:e]):  # ``"…," From said.``
            return run.start(), run.start() + len(name)
    return None


def _full_stop_before(text: str, pos: int) -> bool:
    """The quotation closing at ``pos`` ends in a full stop (not ``?`` or ``!``)."""
    return _last_inside(text, pos) == "."


def _after(text: str, pos: int, end: int, ended: bool) -> Attribution | None:
    m = _AFTER_INVERTED.match(text, pos, end)
    if m and m.group("cue").lower() in _INVERTING | {"according to", "told", "asked", "replied", "responded"}:
        found = _make(text, subject_after(text, m.start("subj"), m.end("subj")), m.group("cue"), pos, m.end("cue"))
        if found is not None:
            return found
    m = _AFTER_NORMAL.match(text, pos, end)
    if m and re.match(r"(?:and|but|or)\s", m.group("subj")) and _last_inside(text, pos) not in (",", ".", "!", "?"):
        m = None  # ``accuses the governor of "hiding" and Holt says she is "…"``: the next clause's subject
    if m and len(m.group("subj").split()) <= (5 if ended else 14) and not (ended and "," in m.group("subj")):
        head = m.group("subj").split(",")[0]
        if not _ends_sentence(head):
            s = m.start("subj")
            span = _valid(text, s, s + len(head))
            if span is None and not ended:  # ``'' of the proposals, Mr. Holtz-Eakin said``
                span = subject_before(text, s, m.end("subj"))
            found = _make(text, span, m.group("cue"), pos, m.end())
            if found is not None:
                return found
    m = _AFTER_VERBED.match(text, pos, end)
    if m and not ended:
        found = _make(text, _valid(text, m.start("subj"), m.end("subj")), m.group("cue"), pos, m.end())
        if found is not None and (found.speaker[:1].isupper() or found.speaker.split()[0].lower() in _DETS):
            return found
    m = _AFTER_DASH.match(text, pos, end)
    if m and m.group("subj")[:1].isupper():
        run = _NAME_RUN.match(text, m.start("subj"), m.end("subj"))
        if run and run.group().strip():
            s = run.start()
            e = s + len(run.group().rstrip())
            return Attribution(text[s:e], Span(s, e), "—", pos, e)
    return None


_INTRODUCING = re.compile(r"\b(?:that|" + _CUE + r"|cautions|believes|thinks|hopes|wants)\b")


def introduces(text: str, start: int, end: int) -> bool:
    """The words between two quotations hold a new reporting clause (``, but she cautions that``)."""
    return bool(_INTRODUCING.search(text, start, end))


def has_cue(text: str, start: int, end: int) -> bool:
    """A reporting verb (``said``, ``told``, ``according to`` …) stands between ``start`` and ``end``."""
    return bool(_CUE_WORD.search(text, start, end))


_PRONOUN_NEXT = re.compile(r"\s*(?:He|She|They|It|We|I)\b")


def _stops(text: str, lo: int, at: int) -> bool:
    """The ``.``, ``?`` or ``!`` at ``at`` ends a sentence: not after ``Mr.`` or an initial (the words from ``lo``),
    unless a pronoun follows (``Martin Luther King Jr. He``)."""
    # an abbreviation ends at ``at`` and is at most four letters long: search only the last few characters
    return not _ABBREV.search(text, max(lo, at - 8), at) or bool(_PRONOUN_NEXT.match(text, at + 1))


def _ends_sentence(words: str) -> bool:
    """A sentence ends inside ``words``."""
    return any(_stops(words, 0, m.start()) for m in re.finditer(r"[.!?]\s", words))


def _sentence_start(text: str, lo: int, hi: int) -> int:
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if _stops(text, lo, m.start()):
            start = m.end()
    return start


def _previous_paragraph(text: str, para_start: int) -> tuple[int, int] | None:
    end = para_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end <= 0:
        return None
    return text.rfind("\n", 0, end) + 1, end


def _unquoted_last_sentence(text: str, para_start: int) -> tuple[int, int] | None:
    """``(start, end)`` of the last sentence of the paragraph before, unless it has a quotation mark."""
    prev = _previous_paragraph(text, para_start)
    if prev is None:
        return None
    lo = _sentence_start(text, prev[0], prev[1])
    return None if any(c in text[lo : prev[1]] for c in "\"“”") else (lo, prev[1])


_DOCUMENT_FROM = re.compile(
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:statement|release|letter|report|memo|email|e-mail|post|transcript|filing"
    r"|tweet|note|message)s?\s+(?:(?:issued|released|sent|written|posted)\s+)?(?:from|by)\s+(?=\S)")
"""A document named as the source of a quotation, ``a statement from``, ``a press release issued by``: the speaker
is its author, named after it."""


def _cue_before(text: str, lo: int, hi: int, max_tail: int = 14) -> Attribution | None:
    m = re.search(r"\b[Aa]ccording\s+to\s+(?P<subj>[^,;:!?\"“”()\n]{1,80}?)\s*,?\s*$", text[lo:hi])
    if m:
        subj = lo + m.start("subj")
        if doc := _DOCUMENT_FROM.match(text, subj, lo + m.end("subj")):  # QA: ``according to a statement from
            subj = doc.end()  # Varrow's office``: the speaker was ``a statement``; its author speaks
        return _make(text, subject_after(text, subj, lo + m.end("subj")), "according to")
    cue = None
    for c in reversed(list(_CUE_WORD.finditer(text, lo, hi))):
        tail = text[c.end() : hi]
        if len(tail.split()) > max_tail or _ends_sentence(tail):
            continue
        cue = cue or c.group("cue")
        if c.group("cue").endswith("ing"):  # ``X appeared to assert …, saying, "…"``: the sentence's subject
            found = _sentence_subject(text, lo, c.start())
            if found is not None:
                return Attribution(found.speaker, found.speaker_span, c.group("cue").lower())
            continue
        pre = re.search(_ADV + r"$", text[lo : c.start()])
        found = _make(text, subject_before(text, lo, lo + pre.start() if pre else c.start()), c.group("cue"))
        if found is not None:
            return found
        inv = re.match(r"\s+(?P<subj>[A-Z][^,;:!?\"“”()\n]{0,60}?)\s*[,:]?\s*$", tail)
        if inv and c.group("cue").lower() in _INVERTING:
            found = _make(text, subject_after(text, c.end() + inv.start("subj"), c.end() + inv.end("subj")),
                          c.group("cue"))
            if found is not None:
                return found
    if cue is not None:
        found = _sentence_subject(text, lo, hi)
        if found is not None:
            return Attribution(found.speaker, found.speaker_span, cue.lower())
    return None


_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z]\.?"
_DATELINE = re.compile(r"[ \t]*" + _CAPS_WORD + r"(?:[ \t]+" + _CAPS_WORD + r"){0,7}(?:,[ \t]*[^,\n—–―()]{1,30}?)?[ \t]*"
                       r"(?:\([^()\n]{1,30}\)[ \t]*)?(?:--|[—–―]|-(?=\s))\s*")
"""A paragraph's all-capitals lead-in up to a dash: a dateline (``BOCA RATON, Fla. --``, ``WASHINGTON, Dec. 8 (UPI)
—``, ``WASHINGTON ―``) or a newsletter item's heading (``IOWA POLLS NOT NECESSARILY WRONG, JUST TOO EARLY -``)."""
_STATE = re.compile(r"(?:[A-Z]\.){2}|(?:W\.Va|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|"
                    r"Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Penn|Tenn|Tex|Va|Vt|Wash|Wis|Wisc|Wyo)\.")
"""A state's abbreviation after its town (``Portsmouth, N.H.,``): a place, not the sentence's subject."""


def _after_dateline(text: str, lo: int) -> int:
    """``lo``, or past the dateline that opens the paragraph at ``lo`` (``BOCA RATON, Fla. -- …``)."""
    if lo > 0 and text[lo - 1] != "\n":
        return lo
    m = _DATELINE.match(text, lo)
    return m.end() if m is not None else lo


_PARTICIPLE_OPENER = re.compile(r"[A-Z][a-z]{3,}ed\s+(?:(?:again|later|repeatedly|further)\s+)?"
                                r"(?:on|about|by|over|for|with|at|in|during|after|to)\b")
"""A past participle that opens a sentence's leading phrase (``Pressed on …``, ``Reached by phone``), found by QA
given a quotation as its speaker."""


def _given_name(word: str) -> bool:
    from .people import _FEMALE, _MALE  # people reads this module

    return word in _MALE or word in _FEMALE


def _sentence_subject(text: str, lo: int, hi: int) -> Attribution | None:
    """The subject at the head of the sentence (after a leading phrase ending in a comma, and after a dateline:
    ``BOCA RATON, Fla. -- The mayor …``; a state's abbreviation after its town is no subject)."""
    lo = min(_after_dateline(text, lo), hi)
    head = text[lo:hi]
    for m in re.finditer(r"(?:^|,)\s*(?P<np>[^,\s][^,]{0,79})", head):  # the phrase starts on a word, not space
        words = m.group("np").split()
        if not words:
            continue
        w0 = words[0]
        if w0.lower() in _PRONOUNS and w0.lower() != "it":
            s = lo + m.start("np")
            return Attribution(w0, Span(s, s + len(w0)), None)
        run = _NAME_RUN.match(text, lo + m.start("np"))
        if w0.lower() in _PRONOUNS:
            return None
        if w0.endswith("ing") or w0.strip(",") in _NOT_NAMES or opens_sentence(text, lo + m.start("np")):
            continue
        if _PARTICIPLE_OPENER.match(m.group("np")) and not _given_name(w0):
            continue  # ``Pressed on whether …, Christie pushed back, saying``: a participle, no one's name
        if m.start() > 0 and _STATE.fullmatch(m.group("np").rstrip()):
            continue  # ``At a rally in Portsmouth, N.H., on Tuesday, Senator Bernie Sanders …``
        if w0[:1].isupper() and w0.lower().strip(",") not in _STOP and w0.lower() not in _DETS and run:
            name = _held_title(text, run.start(), run.group().rstrip(), hi)
            if name in ("First", "Second", "Third"):
                continue  # ``First there was … Bret Stephens, who …``: an ordinal opens the sentence, no one's name
            if name.isupper() and len(name.split()) >= 3:
                return None  # a heading in capitals (``NEW YORK ENDS TAMPON TAX “…”``), no one's name
            if name.endswith(("'s", "’s")):  # ``Hillary Clinton’s right-hand woman rallied …``: her aide
                found = _noun_phrase(text, run.start(), text[run.start() : hi].split(), len(name.split()))
                if found is not None:
                    return found
            if len(name.split()) <= 5 or name != run.group().rstrip():
                s = run.start()
                return Attribution(name, Span(s, s + len(name)), None)
        if w0.lower() in ("his", "her", "their") and len(words) > 1:
            s = lo + m.start("np")
            e = s + len(w0) + 1 + len(words[1].strip(",."))
            return Attribution(text[s:e], Span(s, e), None)
        if w0.lower() in ("the", "a", "an") and len(words) > 2:
            found = _noun_phrase(text, lo + m.start("np"), words)
            if found is not None:  # ``The retired neurosurgeon has provided …, saying``
                return found
        if not (w0.endswith("ing") or w0.lower().strip(",") in _STOP or w0 in ("To", "Asked", "Speaking")):
            return None
    return None


_HOLDERS = set((
    "candidate nominee front-runner frontrunner hopeful rival spokesman spokeswoman spokesperson manager chairman "
    "chairwoman chair director adviser advisor aide strategist pollster secretary senator governor congressman "
    "congresswoman representative leader president professor economist analyst host anchor member minister "
    "attorney lawyer executive official commentator columnist editor reporter correspondent contender challenger "
    "businessman businesswoman billionaire activist speechwriter researcher founder ambassador counsel judge mayor "
    "auditor sheriff commissioner chief treasurer prosecutor comptroller controller councilman councilwoman "
    "councillor councilor superintendent inspector administrator"
).split())
"""The head nouns of a title held by the name after it (``Republican presidential nominee Donald Trump``)."""
_TITLE_GAP = re.compile(r"[ \t]+((?:[a-z][\w\-]*[ \t]+){1,3})(?=[A-Z])")


def _held_title(text: str, start: int, name: str, hi: int) -> str:
    """``name`` (a capitalised run at ``start``), or the title it opens with its holder's name: ``Republican
    presidential nominee Donald Trump``, not ``Republican``; the lower-case words end on a title's head noun."""
    gap = _TITLE_GAP.match(text, start + len(name), hi)
    if gap is None or gap.group(1).split()[-1] not in _HOLDERS:
        return name
    if any(w in _LINKS for w in gap.group(1).split()):
        return name
    run = _NAME_RUN.match(text, gap.end(), hi)
    if run is None or not run.group().strip():
        return name
    full = text[start : run.start() + len(run.group().rstrip())]
    return full if len(full.split()) <= 8 else name


_NOT_LABELS = {"VIDEO", "PHOTO", "PHOTOS", "WATCH", "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "NOTE", "LISTEN",
               "AUDIO", "READ", "RELATED", "MORE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "SOURCE", "FACT",
               "FACTS", "JUST IN", "ALERT", "WARNING", "BREAKING NEWS", "LIVE", "DEVELOPING"}
"""Headers written like a speaker's label, which name no one (``"VIDEO: Hillary and Obama …``)."""
_VERB_AFTER = {"has", "have", "had", "is", "was", "were", "are", "will", "would", "can", "could", "did", "does",
               "may", "might", "should", "must", "also", "then", "later", "again", "appeared", "seemed"}


def _noun_phrase(text: str, start: int, words: list[str], first: int = 1) -> Attribution | None:
    """A sentence's subject that opens with an article, up to its verb: ``The retired neurosurgeon`` in ``The
    retired neurosurgeon has provided …``, ``A spokesman for Platte River`` in ``… declined to …``. None when
    no verb (an auxiliary, a reporting verb or another verb in -ed) ends it within six words."""
    for k, w in enumerate(words[first : first + 6], first):
        lw = w.lower()
        if w.endswith((",", ";", ":")):
            return None
        if lw in _VERB_AFTER or _CUE_WORD.fullmatch(lw) or (lw.endswith("ed") and w[:1].islower() and k > first):
            if k < first + 1:
                return None
            toks = [t for t, _ in zip(_TOKEN.finditer(text, start), range(k))]
            return Attribution(text[start : toks[-1].end()], Span(start, toks[-1].end()), None)
    return None


_LABEL = re.compile(r"\s*(?P<label>[A-Z][A-Z.'’\- ]{1,30}[A-Z])\s*:\s")


def label_attribution(text: str, inner: int, end: int) -> Attribution | None:
    """A transcript's speaker label at the start of the quoted words: ``"WALLACE: Let's start …"``."""
    m = _LABEL.match(text, inner, end)
    if m is None or m.group("label") in _NOT_LABELS:
        return None
    return Attribution(m.group("label"), Span(m.start("label"), m.end("label")), ":")


def before_attribution(text: str, open_at: int, para_start: int) -> Attribution | None:
    """``X said: "…"``, ``X said that "…"``, ``according to X, "…"``, ``X: "…"`` before an opening mark."""
    if not text[para_start:open_at].strip():
        last = _unquoted_last_sentence(text, para_start)
        if last is None or not text[: last[1]].endswith(":"):
            return None
        found = _cue_before(text, *last)  # ``Sanders made the following comment:¶"…"``
        return found if found is not None else _sentence_subject(text, *last)
    lo = _sentence_start(text, para_start, open_at)
    opens = _sentence_start(text, lo, min(len(text), open_at + 3))  # the mark and a capital after it in view
    if opens > lo and not text[opens:open_at].strip():
        found = _previous_sentence_attribution(text, lo, opens)  # ``…, Schiff said. "The other factor …"``
        if found is not None:
            return found
    clause = text[lo:open_at]
    marks = [clause.rfind(c) + len(c) - 1 for c in ("\"", "“", "”", "''") if c in clause]
    # a single quotation closed before: ``‘…,’ X said, ‘…’`` (one that opened: not ``the U.S.' top diplomat``)
    closed = [m for m in re.finditer(r"[,.!?][’']", clause) if _SINGLE_OPEN.search(clause, 0, m.start())]
    if closed:
        marks.append(closed[-1].end() - 1)
    if marks:
        lo += max(marks) + 1
    found = _cue_before(text, lo, open_at)
    if found is not None:
        return found
    m = re.search(r"(?P<subj>(?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’\-]*)\s*:\s*$", text[lo:open_at])
    if m and not text[lo : lo + m.start()].strip(" \t"):
        s, e = lo + m.start("subj"), lo + m.end("subj")
        return Attribution(text[s:e], Span(s, e), ":")
    if not marks and text[lo:open_at].strip():
        found = _sentence_subject(text, lo, open_at)
        if text[lo:open_at].rstrip().endswith(":"):
            if found is None and lo == para_start:
                found = _headline_subject(text, lo, open_at)
            if found is not None and found.cue is None:
                return replace(found, cue=":")  # ``Gillibrand on …: ‘I Think She Will.’``: the colon is the cue
        return found
    return None


def _previous_sentence_attribution(text: str, lo: int, hi: int) -> Attribution | None:
    """The cue and subject of the sentence ``text[lo:hi]`` just before a quotation that opens a sentence of its
    own, when it has no quotation mark (``The administration may be reluctant …, Schiff said. "The other factor
    …"``: Schiff's words go on, not the paraphrase's subject)."""
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end <= lo or any(c in text[lo:end] for c in "\"“”") or "''" in text[lo:end]:
        return None
    found = _cue_before(text, lo, end, max_tail=60)
    if found is None or found.speaker.lower() in _PRONOUNS:
        return found
    words = found.speaker.split()
    if len(words) > 6 or words[0].endswith("ing") or words[-1].lower() in _STOP | _CLAUSE:
        return None  # ``… the Trump Administration if [asked]``: no subject, the writer's words
    return found


_HEADLINE_VERB = re.compile(r"\b(?:Says|Tells|Slams|Rips|Blasts|Hammers|Praises|Calls|Warns|Urges|Accuses|Mocks|"
                            r"Defends|Attacks|Knocks|Hits|Touts|Vows|Insists|Admits|Asks|Heckles|Responds|Reacts|"
                            r"Tweets)\b")


def _headline_subject(text: str, lo: int, hi: int) -> Attribution | None:
    """A headline's subject: the name before its Title-Case verb (``Elizabeth Warren Hammers Wells Fargo CEO:``)."""
    run = _NAME_RUN.match(text, lo, hi)
    if run is None:
        return None
    verb = _HEADLINE_VERB.search(text, run.start(), run.end())
    if verb is None or verb.start() == run.start():
        return None
    name = text[run.start() : verb.start()].rstrip()
    if name.split()[0] in _NOT_NAMES or len(name.split()) > 5:
        return None
    return Attribution(name, Span(run.start(), run.start() + len(name)), None)


def previous_paragraph_attribution(text: str, para_start: int) -> Attribution | None:
    """The cue and subject in the last sentence of the paragraph before (``Carter said that …``)."""
    last = _unquoted_last_sentence(text, para_start)
    return None if last is None else _cue_before(text, *last, max_tail=60)
