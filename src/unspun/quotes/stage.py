"""The quotes stage: extract each article's quotations once, group them across the corpus on demand."""

from __future__ import annotations

from collections.abc import Sequence

from ..engine import batched
from ..progress import QUIET, Reporter
from ..records import Relation
from ..store import SQLiteStore
from .variants import QuoteGroup, quote_groups

QUOTES_VERSION = "quotes.v1"
"""Bumped when extraction changes, so that stored quotations are extracted again."""
BATCH = 500


def extract_batch(batch: Sequence[tuple[str, str]]) -> list[tuple[str, list]]:
    """``(article_id, text)`` in, ``(article_id, [Quote, ...])`` out."""
    from . import extract_quotes

    return [(aid, extract_quotes(text)) for aid, text in batch]


def extract(store: SQLiteStore, *, reporter: Reporter = QUIET) -> int:
    """Extract the quotations of every article not yet scanned; returns how many were scanned."""
    todo = store.ids_without_quotes(QUOTES_VERSION)
    with reporter.task("quotes", total=len(todo)) as task:
        for chunk in batched(todo, BATCH):
            found = extract_batch([(aid, text) for aid, text, _ in store.texts(chunk)])
            store.put_quotes(found, QUOTES_VERSION)
            task.advance(len(chunk))
    return len(todo)


def groups(store: SQLiteStore, relations: Sequence[Relation] | None = None) -> list[QuoteGroup]:
    """Every utterance quoted in the store, with its wordings (relations: ``export.relations(store)``)."""
    if relations is None:
        from ..export import relations as resolved

        relations = resolved(store)
    published = {s["id"]: s.get("published") for s in store.article_summaries()}
    return quote_groups(store.quotes(), relations, published=published)
