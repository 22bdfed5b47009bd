"""The HTTP service: ``create_app(db_path, token=..., private=...)`` and ``unspun serve``."""

from __future__ import annotations

from .app import Limits, create_app

__all__ = ["create_app", "Limits"]
