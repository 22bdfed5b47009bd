"""The store: one small interface, SQLite by default.

``open_store(path)`` is the only constructor callers need; stages never see
SQL. Another backend implements the same methods as ``SQLiteStore``.
"""

from __future__ import annotations

from pathlib import Path

from .sqlite import SQLiteStore

Store = SQLiteStore


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating if needed) the store at ``path``; ``:memory:`` for a throwaway one."""
    return SQLiteStore(path)


__all__ = ["Store", "SQLiteStore", "open_store"]
