"""People named in an article, and ``he``/``she`` speakers resolved to them.

A *person* is a capitalised name that the article treats as one: the named
speaker of a quotation, the subject of a reporting verb (``Carter said``) or the
name after one (``said Daron Shaw``, ``according to``, ``a worker named …``), a
name with an honorific or title (``Mr. Ryan``, ``Sen. Ted Cruz``), or a two- or
three-word name whose first word is a common given name (``Hillary Clinton``).
A mention's name leaves out the word that opens its sentence (``But Sanders``,
``When Trump``), and weekdays are never people.
Every later mention of the person's last name outside quotation marks counts
as a mention of that person. A pronoun speaker becomes the speaker of the
quotation just before when that is also the last fitting mention; otherwise,
in the nearest sentence that mentions a fitting person, the first one it
mentions (the subject is usually named first). A person fits when the gender
from an honorific or given name does not contradict the pronoun (unknown fits
both); where no name tells a person's gender, a pronoun speaker already
resolved to them does (``he said`` of Dremmick: a later ``she`` is not his).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..records import Quote, Span
from .speakers import _ADV, _CUE, _NOT_NAMES, _OPENERS

_MORE_VERBS = (r"(?:suggested|believes|believed|thinks|thought|wants|wanted|hopes|hoped|urged|called|criticized|praised"
               r"|appeared|spoke|campaigned|vowed|pledged|accused|attacked|defended)")

_MALE_TITLES = {"mr", "mr.", "sir", "lord"}
_FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady"}
_MALE = set((
    "Donald Bernie Barack Mike Ted Marco Jeb John Paul Chris Bill Joe Tim Ben Mitt Rand Scott Rick Lindsey Bob "
    "Robert James Jim David Michael Mark Steve Stephen Richard Thomas Tom Kevin Jason Brian Eric Corey Reince "
    "Newt Rudy Jeff Harry Mitch Chuck George Vladimir Jorge Carlos Jose Luis Martin Peter Andrew Jack Charles "
    "Sean Matt Dan Daniel Frank Ron Ronald Gary Larry Jerry Dennis Greg Keith Ken Lou Jesse Jon Josh Adam Sam "
    "Samuel Anthony Tony Ryan Kyle Bret Brett Tucker Bernard Harold Henry William Will Alex Nick Steven Patrick "
    "Ed Edward Al Jimmy Joseph Terry Walter Ralph Roger Bruce Carl Arthur Lawrence Wayne Raymond Philip Phil "
    "Howard Douglas Doug Nathan Aaron Jeremy Christopher Benjamin Bobby Evan Jonathan Justin Brandon Travis "
    "Xi Francois Francis Boris Nigel Bashar Recep Hassan Ali Muhammad Mohammed Ahmed Omar Gabriel Dick Rob Roy "
    "Jake Joel Glenn Hugh Ian Jared Luke Marc Neil Reid Sherrod Trey Van Vince Wolf Khizr Marty Reince Sheldon "
    "Rush Sean Bill Mitt Rahm Elijah Julian Jimmie Willie Curt Hank Gov Newt Rex Kirk Ray Dave Jay Billy Fred"
).split())
_FEMALE = set((
    "Hillary Huma Sarah Nancy Elizabeth Michelle Melania Ivanka Kellyanne Carly Hope Donna Debbie Jill Katrina "
    "Megyn Mary Susan Karen Lisa Jennifer Jessica Amy Anna Ann Anne Maria Margaret Patricia Linda Barbara Laura "
    "Kate Katie Kathleen Kathy Catherine Emily Rachel Rebecca Heather Nicole Stephanie Julie Julia Janet Joan "
    "Jane Kim Kimberly Sharon Sandra Carol Christine Claire Diane Deborah Elaine Ellen Helen Kelly Loretta "
    "Madeleine Marsha Melissa Michele Monica Nikki Patty Pam Paula Samantha Tammy Theresa Tulsi Valerie Wendy "
    "Angela Marine Chelsea Gabby Gwen Kirsten Mia Ruth Sonia Sally Alicia Ana Tara Brooke Andrea Cynthia Dana "
    "Erin Jan Jeanne Judy Lauren Leah Lynn Meghan Megan Mika Molly Nina Rosa Sheila Teresa Yvonne Zoe Ashley "
    "Amanda Kristen Heidi Betsy Cheryl Lois Joni Kamala Katy Liz Maxine Condoleezza Dianne Harriet Jeanine "
    "Ghazala Aung Marie Jeanne Dolores Gloria Suzanne Kristin Elise Rosie Michaela Natalie Olivia Sophie"
).split())
_TITLES = ("Mr|Mrs|Ms|Miss|Dr|Sen|Senator|Rep|Representative|Gov|Governor|Gen|General|Lt|Col|Maj|Sgt|Capt|Adm|"
           "Cmdr|President|Secretary|"
           "Speaker|Judge|Justice|Mayor|Prof|Professor|Rev|Pastor|Attorney General|Chairman|Chairwoman|Pope")
_NAME = r"(?:[A-Z]['’](?=[A-Z]))?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[\-'’][A-Z]?[a-z]+)?\b"
"""A name word: ``Clinton``, ``O'Brien``, ``McConnell``, ``DeSantis``, ``Mark-Viverito`` (QA: the last four
stopped at ``O``, ``Mc`` and ``De``, or were never found as mentions, so their ``he``/``she`` went to someone
else)."""
_PARTICLE = r"(?:de|van|von|da|del|della|der|di|du|la|le|bin|ibn|al|ter|ten|dos|das)"
"""A surname's lower-case particle (``Bill de Blasio``, ``Ludwig van Beethoven``)."""
_TITLED = re.compile(r"\b(?:" + _TITLES + r")\.?\s+(?:[A-Z]\.\s+)?(" + _NAME + r"(?:\s+[A-Z]\.)?(?:\s+(?:" + _PARTICLE
                     + r"\s+){0,2}" + _NAME + r"){0,2})")
_FULL = re.compile(r"\b(" + _NAME + r")(?:\s+[A-Z]\.)?((?:\s+(?:" + _PARTICLE + r"\s+){0,2}" + _NAME + r"){1,2})\b")
_SAID = re.compile(r"\b(" + _NAME + r"(?:\s+" + _NAME + r"){0,2})(?:,[^,.\n]{1,60},)?\s+" + _ADV + r"(?:" + _CUE
                   + r"|" + _MORE_VERBS + r")\b")
_SAID_BY = re.compile(r"\b(?:said|says|added|asked|wrote|explained|according\s+to|named)\s+(?:(?:" + _TITLES
                      + r")\.?\s+)?(" + _NAME + r"(?:\s+[A-Z]\.)?(?:\s+(?:" + _PARTICLE + r"\s+){0,2}" + _NAME
                      + r"){1,2})(?=\s*[,.;)]|\s*$)")
_REPORTS = re.compile(r"(?:,[^,.\n]{1,60},)?\s+" + _ADV + r"(?:" + _CUE + r")\b")
"""A mention followed by its reporting verb (``Jennifer Palmieri said``): the sentence's speaker."""
_SENTENCE_WORDS = {"but", "and", "so", "then", "yet", "still", "now", "also", "later", "however", "when", "while",
                   "after", "before", "because", "if", "though", "although", "officials", "police", "critics",
                   "republicans", "democrats", "voters", "supporters", "aides", "analysts", "experts", "sources",
                   "reporters", "some", "many", "most", "others", "people", "americans", "advocates", "here",
                   "there", "that", "this", "these", "those", "what", "who", "it", "she", "he", "they", "we"}
_LEADING = {"in", "on", "at", "for", "with", "from", "by", "of", "to", "any", "ever", "since", "until", "as"}
_NOT_PERSON = {"he", "she", "they", "we", "i", "it", "you", "the", "a", "an", "his", "her", "their", "its", "our"}


def gender(name: str) -> str | None:
    """'m', 'f' or None from an honorific or a given name in ``name``."""
    words = name.replace(".", ". ").split()
    for w in words:
        lw = w.lower()
        if lw in _MALE_TITLES:
            return "m"
        if lw in _FEMALE_TITLES:
            return "f"
    for w in words:
        if w in _MALE:
            return "m"
        if w in _FEMALE:
            return "f"
    return None


_TITLE_WORD = re.compile(r"(?:" + _TITLES + r")\.?|[A-Z]\.?|Jr|Sr|II|III")
_CAP_WORD = re.compile(r"\b[A-Z][A-Za-z'’]*[a-z](?:-[A-Z][A-Za-z'’]*[a-z])*")
_NAME_BEFORE = re.compile(r"(?:(?:" + _TITLES + r")\.?[ \t]+){0,2}(?:(?:[A-Z]\.[ \t]+|" + _NAME + r"[ \t]+){1,2}"
                          r"(?:" + _PARTICLE + r"[ \t]+){0,2})?\Z")


def _surname(name: str) -> str | None:
    words = [w.strip(",.") for w in name.split() if w[:1].isupper()]
    words = [w for w in words if not _TITLE_WORD.fullmatch(w)]
    if not words:
        return None
    last = words[-1]
    return last[:-2] if last.endswith(("'s", "’s")) else last


def people(text: str, quotes: list[Quote]) -> list[tuple[int, int, str, str | None]]:
    """Mentions of people, in text order: (start, end, name, gender)."""
    known: dict[str, str | None] = {}
    shared: set[str] = set()

    def add(name: str) -> None:
        last = _surname(name)
        if last and len(last) > 1 and last not in _NOT_NAMES:
            g = gender(name)
            if last in known and known[last] is not None and g is not None and g != known[last]:
                known[last] = None  # ``Heidi Cruz`` and ``Ted Cruz``: a bare ``Cruz`` is either
                shared.add(last)
            elif last not in shared and (g is not None or last not in known):
                known[last] = g if g is not None else known.get(last)

    for q in quotes:
        if (q.cue and q.speaker and q.speaker[:1].isupper()
                and q.speaker.split()[0].lower() not in _NOT_PERSON | _SENTENCE_WORDS):
            add(q.speaker)
    for m in _TITLED.finditer(text):
        add(m.group())
    for m in _SAID.finditer(text):
        if m.group(1).split()[0].lower() not in _NOT_PERSON | _SENTENCE_WORDS:
            add(m.group(1))
    for m in _SAID_BY.finditer(text):  # ``said Jake Horowitz``, ``a worker named Antonio Arroyo``
        if not any(_TITLE_WORD.fullmatch(w.rstrip(".")) for w in m.group(1).split()):  # not ``New York Gov.``
            add(m.group(1))
    for m in _FULL.finditer(text):
        words = m.group().split()
        for k, w in enumerate(words[:-1]):  # ``Even Mike Pence``: the name starts at its given name
            if w in _MALE or w in _FEMALE:
                add(" ".join(words[k:]))
                break
    if not known:
        return []
    quoted = [(q.span.start, q.span.end) for q in quotes]
    out = []
    for m in _CAP_WORD.finditer(text):
        last, end = m.group(), m.end()
        if last.endswith(("'s", "’s")):
            last, end = last[:-2], end - 2
        if last not in known:
            continue
        k = bisect.bisect_right(quoted, (m.start(), len(text))) - 1
        if k >= 0 and quoted[k][0] <= m.start() < quoted[k][1]:
            continue  # a name inside a quotation is not who is speaking around it
        head = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        start = head.start() if head else m.start()
        while start < m.start():  # ``But Sanders``, ``When Trump``, ``In Hillary Clinton``: not part of the name
            word = text[start:m.start()].split()[0]
            if (word.lower() not in _SENTENCE_WORDS and word not in _NOT_NAMES and word not in _OPENERS
                    and word.lower() not in _LEADING):
                break
            start = text.index(word, start) + len(word)
            start += len(text[start:m.start()]) - len(text[start:m.start()].lstrip())
        name = text[start:end]
        out.append((start, end, name, gender(name) or known[last]))
    return out


_SENTENCE = re.compile(r"[.!?](?:''|[\"”’)])*\s+(?=(?:''|[\"“‘'(])?[A-Z])|\n")


_ABBREVIATED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Maj|Sgt|Capt|Adm|Cmdr|St|Jr|[A-Z])$")


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE.finditer(text):
        if not _ABBREVIATED.search(text[max(0, m.start() - 4) : m.start()]):
            starts.append(m.end())
    return starts


_SUBORDINATE = re.compile(r"\b(?:when|after|because|as|since|before|while|until)\s+\Z", re.IGNORECASE)
"""What opens a clause of its own just before a pronoun speaker (``… when he said``)."""
_REPORTED = re.compile(r"\s+(?:said|says|argued|argues|claimed|claims|insisted|insists|thinks|believes)\s+(?:that\s+)?")
"""Between a reporter and the person reported on (``Flynn said Trump``)."""


def resolve_pronouns(text: str, quotes: list[Quote]) -> list[Quote]:
    """Replace a ``he``/``she`` speaker by a fitting person named before it, when there is one.

    The nearest sentence (the pronoun's own, then earlier ones) that mentions a
    fitting person gives the first such person in it: the subject is usually
    named first, and is the likelier antecedent than a later object.
    """
    if not any(q.speaker and q.speaker.lower() in ("he", "she") for q in quotes):
        return quotes
    mentions = people(text, quotes)
    starts = _sentence_starts(text)
    gendered = {_surname(m[2]) for m in mentions if m[3] is not None}
    learned: dict[str | None, str] = {}  # a surname no name tells the gender of, from a pronoun resolved to it
    out = []
    for q in quotes:
        if q.speaker and q.speaker_span and q.speaker.lower() in ("he", "she"):
            want = "m" if q.speaker.lower() == "he" else "f"
            pos = q.speaker_span.start
            fitting = [m for m in mentions if m[0] < pos and (m[3] or learned.get(_surname(m[2]))) in (None, want)]
            prev = out[-1] if out else None
            if (prev is not None and prev.cue and prev.speaker and prev.speaker_span and fitting
                    and prev.speaker[:1].isupper() and prev.speaker.split()[0].lower() not in _NOT_PERSON
                    and prev.speaker_span.start == fitting[-1][0] and text.count("\n", prev.span.end, pos) <= 2):
                q = replace(q, speaker=prev.speaker, speaker_span=prev.speaker_span)
            elif fitting:
                last = fitting[-1]
                k = bisect.bisect_right(starts, last[0]) - 1
                sentence_start = starts[k] if k >= 0 else 0
                in_sentence = [m for m in fitting if m[0] >= sentence_start]
                best = next((m for m in in_sentence if _REPORTS.match(text, m[1])), in_sentence[0])
                last = in_sentence[-1]
                if (last is not best and _SUBORDINATE.search(text, max(sentence_start, pos - 12), pos)
                        and _REPORTED.fullmatch(text, best[1], last[0])):
                    best = last  # ``Flynn said Trump was right when he [said]``: the one reported on
                q = replace(q, speaker=best[2], speaker_span=Span(best[0], best[1]))
                g = gender(best[2]) or best[3] or want
                bisect.insort(mentions, (pos, q.speaker_span.end if q.speaker_span.end > pos else pos + 1,
                                         best[2], g))
            if q.speaker.lower() not in ("he", "she") and _surname(q.speaker) not in gendered:
                learned[_surname(q.speaker)] = want  # ``he said`` of Dremmick: a later ``she`` is someone else
        out.append(q)
    return out
