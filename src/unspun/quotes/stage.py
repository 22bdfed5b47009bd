"""The quotes stage: extract each article's quotations once, group them across the corpus on demand."""

from __future__ import annotations

from collections.abc import Sequence

from ..engine import LocalEngine, batched
from ..progress import QUIET, Reporter
from ..records import Relation
from ..store import SQLiteStore
from .variants import QuoteGroup, quote_groups

QUOTES_VERSION = "quotes.v10"
"""Bumped when extraction changes, so that stored quotations are extracted again."""
BATCH = 500


def extract_batch(batch: Sequence[tuple[str, str]], _options: object = None) -> list[tuple[str, list]]:
    """``(article_id, text)`` in, ``(article_id, [Quote, ...])`` out."""
    from . import extract_quotes

    return [(aid, extract_quotes(text)) for aid, text in batch]


def _texts(store: SQLiteStore, ids: list[str]):
    for chunk in batched(ids, BATCH):
        yield [(aid, text) for aid, text, _ in store.texts(chunk)]


def extract(store: SQLiteStore, *, engine: LocalEngine | None = None, reporter: Reporter = QUIET) -> int:
    """Extract the quotations of every article not yet scanned; returns how many were scanned."""
    store.fill_quote_words()  # a store of schema 5: its quotations' words, once
    todo = store.ids_without_quotes(QUOTES_VERSION)
    engine = engine or LocalEngine()
    with reporter.task("quotes", total=len(todo)) as task:
        for found in engine.map(extract_batch, _texts(store, todo), None):
            store.put_quotes(found, QUOTES_VERSION)
            task.advance(len(found))
    return len(todo)


def groups(store: SQLiteStore, relations: Sequence[Relation] | None = None, *,
           ids: Sequence[str] | None = None) -> list[QuoteGroup]:
    """Every utterance quoted in the store (or among ``ids``), with its wordings
    (``relations``: ``export.relations(store)``)."""
    if relations is None:
        from ..export import relations as resolved

        relations = resolved(store)
    published = store.published(ids)
    quotes = store.quotes() if ids is None else (q for aid in ids for q in store.quotes(aid))
    return quote_groups(quotes, relations, published=published)
