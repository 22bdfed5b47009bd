"""Article text as HTML with highlighted spans: every piece of text escaped.

Offsets are into the cleaned text (``Article.text``). Marks may nest (a
replaced word inside an aligned passage) or cross (a spin flag over the end of
a quotation): an element that a closing mark cuts is closed and reopened, the
reopened part carrying the same classes and data attributes but not the id.
Furniture that cleaning removed is put back where it stood, greyed, when the
article's removals still rebuild its cleaned text; otherwise it is left out
(the page lists it instead).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..clean.offsets import apply_removals
from ..records import Article


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the cleaned text to wrap in ``<tag class=... attrs...>``.

    ``level`` orders marks that start at one offset: lower opens first (outside).
    """

    start: int
    end: int
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    tag: str = "span"
    level: int = 0
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Furniture:
    """Removed text to show greyed at cleaned offset ``at``."""

    at: int
    text: str
    kinds: tuple[str, ...] = field(default=())


def furniture(article: Article) -> list[Furniture] | None:
    """The removed pieces of ``article`` placed in its cleaned text; None when they no longer rebuild it."""
    if not article.removals:
        return []
    try:
        cleaned, omap = apply_removals(article.raw_text, article.removals)
    except (IndexError, ValueError):
        return None
    if cleaned != article.text:
        return None
    out: list[Furniture] = []
    raw_pos = 0
    for clean_start, raw_start, length in omap.segments + ((omap.clean_length, omap.raw_length, 0),):
        gap = article.raw_text[raw_pos:raw_start]
        # a gap of only whitespace is tidying, not furniture; nor is an invisible mark taken out of a word
        if gap.strip() and not all(unicodedata.category(c) == "Cf" for c in gap):
            kinds = tuple(sorted({r.kind for r in article.removals if r.start < raw_start and r.end > raw_pos}))
            out.append(Furniture(clean_start, gap, kinds))
        raw_pos = raw_start + length
    return out


def _open(m: Mark, *, first: bool) -> str:
    attrs = [f'class="{escape(m.classes)}"']
    if first and m.id:
        attrs.append(f'id="{escape(m.id)}"')
    attrs += [f'{k}="{escape(v)}"' for k, v in m.attrs if first or k != "href"]
    tag = m.tag if first or m.tag != "a" else "span"
    return f"<{tag} {' '.join(attrs)}>"


def _close(m: Mark, *, first: bool) -> str:
    return f"</{m.tag if first or m.tag != 'a' else 'span'}>"


def render(text: str, marks: Iterable[Mark] = (), pieces: Sequence[Furniture] = ()) -> Markup:
    """``text`` as escaped HTML with ``marks`` wrapped around their spans and ``pieces`` inserted greyed."""
    n = len(text)
    ms = sorted((Mark(max(0, min(m.start, n)), max(0, min(m.end, n)), m.classes, m.attrs, m.tag, m.level, m.id)
                 for m in marks), key=lambda m: (m.start, -m.end, m.level))
    ms = [m for m in ms if m.end > m.start]
    points = sorted({0, n} | {m.start for m in ms} | {m.end for m in ms} | {f.at for f in pieces if 0 <= f.at <= n})
    starts: dict[int, list[int]] = {}
    for i, m in enumerate(ms):
        starts.setdefault(m.start, []).append(i)
    inserts: dict[int, list[Furniture]] = {}
    for f in pieces:
        inserts.setdefault(min(max(f.at, 0), n), []).append(f)
    out: list[str] = []
    stack: list[int] = []  # indexes into ms, outermost first
    opened: set[int] = set()  # marks whose first element has been written

    def open_mark(i: int) -> None:
        out.append(_open(ms[i], first=i not in opened))
        stack.append(i)

    for k, pos in enumerate(points):
        ending = [i for i in stack if ms[i].end <= pos]
        if ending:  # close down to the deepest ending mark, reopen the ones that go on
            depth = min(stack.index(i) for i in ending)
            cut = stack[depth:]
            for i in reversed(cut):
                out.append(_close(ms[i], first=i not in opened))
                opened.add(i)
            del stack[depth:]
            for i in cut:
                if ms[i].end > pos:
                    open_mark(i)
        for f in inserts.get(pos, ()):
            title = "removed by cleaning" + (f": {', '.join(f.kinds)}" if f.kinds else "")
            out.append(f'<span class="furniture" title="{escape(title)}">{escape(f.text)}</span>')
        for i in starts.get(pos, ()):
            open_mark(i)
        if k + 1 < len(points):
            out.append(str(escape(text[pos : points[k + 1]])))
    for i in reversed(stack):
        out.append(_close(ms[i], first=i not in opened))
    return Markup("".join(out))
