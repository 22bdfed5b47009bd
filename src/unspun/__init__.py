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
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Options", "open_store", "ingest", "candidates", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .config import Options
    from .ingest import ingest
    from .pipeline import candidates
    from .store import open_store

_LAZY = {"Options": ".config", "open_store": ".store", "ingest": ".ingest", "candidates": ".pipeline"}


def __getattr__(name: str) -> Any:
    """Import the verbs on first use, so ``import unspun`` stays fast."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'unspun' has no attribute {name!r}")
