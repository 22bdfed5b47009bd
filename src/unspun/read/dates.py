"""Publication dates as records and pages state them, put in one form (ISO 8601).

Feeds and exports write dates many ways: ISO 8601 (``2016-10-26T19:02:00-04:00``),
RSS's RFC 2822 (``Wed, 26 Oct 2016 19:02:00 -0400``), US dates (``10/28/2016``,
read month first), dotted European dates (``02.09.2016``, read day first), Unix timestamps. :func:`normalise_date` turns each into ISO
8601, keeping the time and offset when given, so that two dates compare as
instants (:func:`instant`); a value it cannot read is dropped and said.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

_EPOCH = re.compile(r"\d{10}(?:\d{3})?(?:\.\d+)?")
_YEARS = range(1900, 2101)


def required_date(value: str | None) -> str | None:
    """``value`` in ISO 8601 (None for none or blank), or a ValueError that says which forms are read: for a date
    that a caller gives on purpose (an API body, a library call), where dropping it with a warning would hide it."""
    found, _ = normalise_date(value)
    if found is None and value is not None and value.strip():
        raise ValueError(f"{value[:40]!r} is not a date unspun reads (ISO 8601, RFC 2822, Unix time, "
                         "month-first 10/28/2016, dotted day-first 02.09.2016, 3. Dezember 2026)")
    return found


def normalise_date(value: str | None) -> tuple[str | None, str | None]:
    """(the date in ISO 8601, or None; a note when ``value`` was given but is not a date read here)."""
    if value is None or not value.strip():
        return None, None
    text = value.strip()
    found = _parse(text)
    if found is None and _FOREIGN_HINT.search(text) and _LETTERS.search(text):
        found = _parse_foreign(text[:_FOREIGN_MAX])
    note = f"date {text[:40]!r} not read (not a date in a form unspun knows); left out"
    if found is None or found.year not in _YEARS:
        return None, note
    try:
        return found.isoformat(), None
    except ValueError:  # an offset of a day or more (``+99:00``, ``+9900``): QA, it stopped the whole ingest
        return None, note


_COMPACT = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
"""Dates written as digits alone, GDELT's ``YYYYMMDDhhmmss`` among them (QA: its time was dropped, and ``YYYYMMDD``
was given a midnight it does not state); ten or thirteen digits are Unix time."""


def _parse(text: str) -> date | datetime | None:
    if text.isdigit() and len(text) in _COMPACT:
        try:
            found = datetime.strptime(text, _COMPACT[len(text)])
            return found.date() if len(text) == 8 else found
        except ValueError:
            pass
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return date.fromisoformat(iso) if len(iso) == 10 else datetime.fromisoformat(iso)
    except ValueError:
        pass
    if _EPOCH.fullmatch(text):
        seconds = float(text) / (1000.0 if len(text.split(".")[0]) == 13 else 1.0)
        return datetime.fromtimestamp(seconds, UTC)
    if not _MERIDIEM.search(text):  # the email parser reads "11:30 PM" as 11:30 and drops the zone after it
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    import warnings

    from dateutil import parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown zone name ("XYZ") is dropped
            first = bool(_DOTTED_DAY_FIRST.match(text))  # 02.09.2016 is 2 September where dots are written
            found = parser.parse(text, dayfirst=first, fuzzy=False, default=_DEFAULTS[0], tzinfos=_ZONES)
            again = parser.parse(text, dayfirst=first, fuzzy=False, default=_DEFAULTS[1], tzinfos=_ZONES)
    except (ValueError, OverflowError, TypeError):
        return None
    if found.date() != again.date():
        return None  # the year, month or day is missing ("2016", "October 2016", "Tuesday"): dateutil made it up
    return found if re.search(r"\d{1,2}:\d{2}", text) else found.date()


_FOREIGN_HINT = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]")
_FOREIGN_MAX = 80
_FOREIGN_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "sv", "da", "nb", "fi", "tr", "cs",
                      "ro", "hu", "el", "ca", "hr", "sk", "sl", "bg", "sr", "lt", "lv", "et", "ar", "he", "zh", "ja",
                      "ko", "id", "vi", "hi"]


@lru_cache(maxsize=4096)
def _parse_foreign(text: str) -> date | datetime | None:
    """A date with its month named in another language (``3. Dezember 2026``, ``3 de diciembre de 2026 14:30``),
    read by dateparser (QA: such dates were dropped). Only a text with a year and a word is tried, absolute dates
    only, with day, month and year all stated (nothing filled in from today); each distinct text once, since one
    that is no date takes dateparser a good part of a second."""
    import dateparser

    found = dateparser.parse(text, languages=_FOREIGN_LANGUAGES,
                             settings={"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                                       "STRICT_PARSING": True})
    if found is None:
        return None
    return found if re.search(r"\d{1,2}(?::|h|\s*Uhr\b)\s*\d{0,2}", text) and (found.hour or found.minute) else found.date()


_MERIDIEM = re.compile(r"\d\s*[AaPp]\.?[Mm]\b\.?")
"""A 12-hour time (``11:30 PM``, ``9 a.m.``): not RFC 2822, whose parser would take it for 11:30 in the morning."""
_ZONES = {name: hours * 3600 for name, hours in (
    ("UT", 0), ("UTC", 0), ("GMT", 0), ("Z", 0), ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7),
    ("MDT", -6), ("PST", -8), ("PDT", -7), ("AKST", -9), ("AKDT", -8), ("HST", -10), ("BST", 1), ("WET", 0),
    ("WEST", 1), ("CET", 1), ("CEST", 2), ("EET", 2), ("EEST", 3), ("MSK", 3), ("JST", 9), ("KST", 9),
    ("AEST", 10), ("AEDT", 11))}
"""Zone abbreviations that feeds and pages write after a time (``May 6, 2024 10:00 AM EDT``), as offsets in seconds:
dateutil drops a name it is not told (QA: ``2024-05-06 10:00 EST`` was kept as a local time, with no offset, so it
did not compare as an instant). RFC 2822's own names are read by the email parser before this."""
_DOTTED_DAY_FIRST = re.compile(r"\s*\d{1,2}\.\d{1,2}\.\d{2,4}\b")
"""A dotted numeric date (``02.09.2016``): day first, as German, Russian and most European feeds write it (found
by QA: it was read month first, and ``13.09.2016`` day first, so one feed's dates were read two ways)."""
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
"""Two fillers with no part in common: a date read the same with both states its own year, month and day."""


def instant(value: str | None) -> tuple[datetime | None, date | None]:
    """(the moment in UTC when ``value`` has a time and an offset, else None; its day in UTC, or the date)."""
    if not value:
        return None, None
    text = value.strip()
    try:
        if len(text) <= 10:
            return None, date.fromisoformat(text[:10])
        moment = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            return None, date.fromisoformat(text[:10])
        except ValueError:
            return None, None
    if moment.tzinfo is None:
        return None, moment.date()
    moment = moment.astimezone(UTC)
    return moment, moment.date()


__all__ = ["UNDATED", "instant", "normalise_date", "published_seconds"]


UNDATED = 2**62
"""What :func:`published_seconds` gives an undated article: it sorts after every date."""


def published_seconds(published: str | None) -> int:
    """Seconds from 0001-01-01 to the publication time (UTC), from the start of its day for a date without a time,
    :data:`UNDATED` without a date: the earliest of several copies of one text sorts first."""
    moment, day = instant(published)
    if day is None:
        return UNDATED
    seconds = day.toordinal() * 86_400
    if moment is not None:
        seconds += moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds
