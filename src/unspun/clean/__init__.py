"""The clean stage: take page furniture out of an article's text, and say what was taken.

Furniture is what a scraper keeps that is not the article: comment forms,
"Source link", share buttons, photo credits, related-post lists, and the
header and footer lines a site repeats on every page. Precision comes first:
a removed article sentence corrupts every later answer, so only whole lines
are removed (and a few unambiguous line ends such as "... Source link"), and
an unsure line is kept.

>>> text, removals = clean_text("Trump spoke on Monday.\\n\\nShare this:\\nTweet\\n\\nSource link")
>>> text
'Trump spoke on Monday.'
>>> [(r.kind, r.text) for r in removals]
[('share', 'Share this:'), ('share', 'Tweet'), ('source-link', 'Source link')]

Offsets of a :class:`~unspun.records.Removal` refer to the text as read; the
cleaned text is that text with the removals cut out and tidied, by deletion
only (see :mod:`unspun.clean.offsets`), so :func:`cleaned_to_raw` can map
any cleaned offset back.
"""

from __future__ import annotations

from unspun.clean.lines import find_removals
from unspun.clean.offsets import OffsetMap, apply_removals, cleaned_to_raw
from unspun.clean.phrases import KINDS
from unspun.clean.site import learn_site_furniture, normalise_line
from unspun.config import CleanOptions
from unspun.records import Removal

__all__ = [
    "KINDS",
    "OffsetMap",
    "apply_removals",
    "clean_text",
    "cleaned_to_raw",
    "learn_site_furniture",
    "normalise_line",
]


def clean_text(
    text: str,
    *,
    furniture: frozenset[str] = frozenset(),
    options: CleanOptions = CleanOptions(),
) -> tuple[str, tuple[Removal, ...]]:
    """The cleaned text and what was removed from ``text``, in text order.

    ``furniture`` is the page's site furniture from :func:`learn_site_furniture`:
    a line whose :func:`normalise_line` form is in it is removed as
    ``site-repeated``. With ``options.patterns`` the common scraper and CMS
    leftovers are removed too (kinds in :data:`KINDS`). Each removal's
    ``text == text[start:end]``. The cleaned text is
    ``apply_removals(text, removals)[0]``: a pure function of the input.
    """
    if not furniture and not options.patterns:
        return apply_removals(text, ())[0], ()
    removals = tuple(find_removals(text, furniture, options.patterns))
    return apply_removals(text, removals)[0], removals
