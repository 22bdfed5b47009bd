"""unspun: trace rewritten news back to its source.

The library does the work; the ``unspun`` command is a thin layer over it::

    from unspun import open_store, ingest, candidates

    with open_store("news.db") as store:
        report = ingest(store, ["crawl.warc.gz", "exports/"])
        for pair in candidates(store).candidates:
            print(pair.a, pair.b, pair.jaccard, pair.via)
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Options", "open_store", "ingest", "candidates", "__version__"]

# The verbs share their names with the modules that define them, so they are
# bound eagerly here (after the submodules load) rather than lazily.
from .config import Options  # noqa: E402
from .ingest import ingest  # noqa: E402
from .pipeline import candidates  # noqa: E402
from .store import open_store  # noqa: E402
