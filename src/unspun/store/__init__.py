"""The store: one small interface, SQLite by default.

``open_store(path)`` is the only constructor callers need; stages never see
SQL. Another backend implements the same methods as ``SQLiteStore``.
"""

from __future__ import annotations

import os
from pathlib import Path

from .sqlite import SQLiteStore

Store = SQLiteStore


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating if needed) the store at ``path``; ``:memory:`` for a throwaway one."""
    return SQLiteStore(path)


def require_store(store: object, call: str) -> None:
    """Raise a TypeError that says what to do where ``call`` was given a path, or nothing, for its open store (found
    by QA: ``analyze("news.db", [...])`` failed deep inside with an AttributeError)."""
    if isinstance(store, (str, bytes, os.PathLike)):
        raise TypeError(f"{call} needs an open store, not a path: {call}(open_store({os.fsdecode(store)!r}), ...)")
    if store is None:
        raise TypeError(f"{call} needs an open store (unspun.open_store(path)), not NoneType")


__all__ = ["Store", "SQLiteStore", "open_store", "require_store"]
