"""Shared fixtures: where the datasets and the demo corpus are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo"


def datasets_dir() -> Path:
    env = os.environ.get("UNSPUN_DATASETS")
    return Path(env) if env else REPO.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The shared real datasets; CI has them beside the clone, so there a missing copy fails."""
    d = datasets_dir()
    if not d.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"datasets not found at {d}: CI must run with shared/ beside the repository")
        pytest.skip(f"datasets not found at {d} (set UNSPUN_DATASETS)")
    return d


@pytest.fixture
def demo_corpus() -> Path:
    return DEMO / "corpus"
