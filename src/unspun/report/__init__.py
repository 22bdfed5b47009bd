"""``unspun report``: the analysis as a self-contained static HTML site.

An index of stories with a search box, one page per story (its articles,
reuse families and provenance graph), per pair of related articles (the two
texts side by side, shared passages highlighted and linked) and per article
(its sources and copies, spin flags and quotations). It opens from disk: no
server, no network.
"""

from __future__ import annotations

from pathlib import Path

from ..progress import QUIET, Reporter
from ..store import SQLiteStore
from .site import Written, build

__all__ = ["report", "build", "Written"]


def report(store: SQLiteStore, out_dir: str | Path, *, reporter: Reporter = QUIET) -> Written:
    """Write the report of the analysis in ``store`` into ``out_dir`` (created if missing).

    Returns where it went and how many pages were written.
    """
    from ..export import export

    doc = export(store)
    texts = {a.id: a for a in store.articles()}
    return build(doc, texts, out_dir, reporter=reporter)
