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


def test_api_check_says_what_it_takes():
    """Found by QA: bytes, None or a store's path given to check failed deep inside with misleading errors
    (``a bytes-like object is required, not 'str'``, ``'str' object has no attribute 'fingerprints'``)."""
    import pytest

    with unspun.open_store(":memory:") as store:
        for text in (b"Some text as bytes.", None):
            with pytest.raises(TypeError, match="must be a str"):
                unspun.check(store, text)
        with pytest.raises(TypeError, match="not a path"):
            unspun.check("news.db", "Some text.")
        assert unspun.check(store, "Some text.") == []


def test_api_sources_takes_an_id_prefix_and_refuses_an_unknown_id():
    """Found by QA: ``export.sources(store, "a137")`` (a prefix, as ``unspun sources`` takes) or an id not stored
    answered an empty result, as for an article that shares nothing."""
    import pytest

    from unspun.export import sources

    with unspun.open_store(":memory:") as store:
        unspun.ingest(store, [str(DEMO / "corpus")])  # ids as README.md gives them
        assert sources(store, "a137")["id"] == "a137af45239a1d81"
        with pytest.raises(LookupError, match="no article"):
            sources(store, "ffffffff")


def test_api_check_takes_the_options_analyze_took():
    """Found by QA: ``check(store, text, options=Options(...))``, the options the store was analysed with, failed
    with AttributeError ('Options' object has no attribute 'max_aligned'): check wanted a CheckOptions."""
    from unspun.config import FingerprintOptions
    from unspun.lookup import CheckOptions

    words_only = FingerprintOptions(embed=False)
    with unspun.open_store(":memory:") as store:
        unspun.ingest(store, [str(DEMO / "corpus" / "html")])
        unspun.find_candidates(store, unspun.Options(fingerprint=words_only))
        text = next(a.text for a in store.articles() if "coastalledger" in (a.url or ""))
        got = unspun.check(store, text, options=unspun.Options(fingerprint=words_only))
        assert got and got == unspun.check(store, text, options=CheckOptions(fingerprint=words_only))


def test_api_check_lists_the_original_before_a_stored_copy_of_it(tmp_path):
    """Found by QA (a fact-checker's case): a new repost that a stored scraper's repost matches word for word,
    furniture and all, listed the scraper first and the original it copies second (ordered by shared text). What
    the store says derives from another match of the text comes after that one."""
    import json

    from unspun.config import FingerprintOptions, Options

    orig = (DEMO / "corpus" / "text" / "unrelated.txt").read_text("utf-8")
    scraped = orig + "\n\nRead more stories like this one every day at our partner sites, free of charge."
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://paper.example/story", "text": orig, "site": "The Paper",
                                "published": "2024-05-01T08:00:00+00:00"}) + "\n"
                    + json.dumps({"url": "https://scraper.example/story", "text": scraped, "site": "Scraper",
                                  "published": "2024-05-02T08:00:00+00:00"}) + "\n", "utf-8")
    words = Options(fingerprint=FingerprintOptions(embed=False))
    with unspun.open_store(tmp_path / "s.db") as store:
        unspun.analyze(store, [str(feed)], words)
        ids = {a.url: a.id for a in store.articles()}
        found = unspun.check(store, scraped, published="2024-05-03T08:00:00+00:00", options=words)
    assert [(m.id, m.direction) for m in found] == [(ids["https://paper.example/story"], "stored->text"),
                                                   (ids["https://scraper.example/story"], "stored->text")], found


def test_api_check_puts_a_copy_right_after_its_original_and_a_copy_of_a_copy_after_that():
    """Review: every stored copy went after every other match (an unrelated one with less in common too), and a
    copy of a copy could come before the copy it copies. Each goes after its sources; the order is otherwise kept."""
    from types import SimpleNamespace

    from unspun.lookup import Match, _sources_first

    def match(aid: str, share: float) -> Match:
        return Match(aid, "site", None, None, None, "copy", "stored->text", 1.0, share, share, (), (), (), None)

    class Store:
        def __init__(self, *pairs):
            self.rels = [SimpleNamespace(a=a, b=b, direction="a->b") for a, b in pairs]

        def relations_among(self, ids, kinds):
            return self.rels

    got = _sources_first(Store(("orig", "copy")), [match("copy", 0.9), match("orig", 0.5), match("other", 0.3)])
    assert [m.id for m in got] == ["orig", "copy", "other"]
    got = _sources_first(Store(("A", "B"), ("B", "C")), [match("C", 0.9), match("B", 0.8), match("A", 0.7)])
    assert [m.id for m in got] == ["A", "B", "C"]
