"""The Python API the CLI wraps: a few verbs, importable from the package."""

from __future__ import annotations

import unspun
from conftest import DEMO


def test_api_verbs_work_on_an_in_memory_store():
    options = unspun.Options()
    with unspun.open_store(":memory:") as store:
        report = unspun.ingest(store, [str(DEMO / "corpus" / "html")], options=options)
        assert report.added == 3 and not report.failed
        result = unspun.find_candidates(store, options)
        urls = {a["id"]: a["url"] for a in store.article_summaries()}
    pairs = {frozenset((urls[c.a], urls[c.b])) for c in result.candidates}
    assert frozenset(("https://coastalledger.example/news/2024/03/14/estuary-mayors-back-240-million-flood-barrier-plan",
                      "https://newsfeedhub24.example/world/estuary-mayors-back-240-million-flood-barrier-plan/")) in pairs


def test_api_analyze_relates_the_demo_copies():
    with unspun.open_store(":memory:") as store:
        result = unspun.analyze(store, [str(DEMO / "corpus" / "html")])
        assert result.ingested.added == 3 and result.aligned == result.candidates > 0
        kinds = {r.kind for r in store.relations(shared_only=True)}
        assert unspun.analyze(store).aligned == 0
    assert "duplicate" in kinds


def test_api_exports_only_its_verbs():
    assert set(unspun.__all__) == {"Options", "open_store", "ingest", "find_candidates", "analyze", "check", "__version__"}
    for name in unspun.__all__:
        assert getattr(unspun, name) is not None


def test_api_verbs_do_not_shadow_modules():
    import importlib

    assert callable(unspun.ingest)
    assert importlib.import_module("unspun.ingestion").ingest is unspun.ingest
    assert hasattr(importlib.import_module("unspun.candidates"), "propose")


def test_api_check_is_the_lookup_verb_and_leaves_its_module_reachable():
    import importlib

    assert importlib.import_module("unspun.lookup").check is unspun.check
