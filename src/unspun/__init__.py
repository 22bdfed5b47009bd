"""unspun: trace rewritten news back to its source.

The library does the work; the ``unspun`` command is a thin layer over it::

    from unspun import open_store, ingest, find_candidates, analyze

    with open_store("news.db") as store:
        report = ingest(store, ["crawl.warc.gz", "exports/"])
        for pair in find_candidates(store).candidates:
            print(pair.a, pair.b, pair.jaccard, pair.via)
        analyze(store)                      # stories, alignment, relations: incremental
        for r in store.relations(shared_only=True):
            print(r.a, r.b, r.kind, r.direction, r.coverage_a, r.coverage_b)

``store.relations`` gives the relations as each pair was judged; ``rels, groups = unspun.export.resolved(store)``
gives them (and the quote groups) as ``unspun export`` does, weighed with the corpus (two copies of one original are
siblings, ``common``; ``same_story`` pairs; directions that quotations settle). ``ingest_records(store, records)``
stores articles held in Python (dicts with a JSON record's fields, texts, Documents) as ``ingest`` stores a JSON
file's records. README.md, "Library", says more.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Options", "open_store", "ingest", "ingest_records", "find_candidates", "analyze", "check", "__version__"]

from .lookup import check  # noqa: E402
from .config import Options  # noqa: E402
from .ingestion import ingest, ingest_records  # noqa: E402
from .pipeline import analyze  # noqa: E402
from .pipeline import candidates as find_candidates  # noqa: E402
from .store import open_store  # noqa: E402
