"""Candidates: LSH banding, and the whole pipeline on the demo corpus and planted cases."""

from __future__ import annotations

import json

import numpy as np
import pytest

from unspun.candidates.lsh import candidate_pairs, collision_probability, lsh_params
from unspun.config import FingerprintOptions, Options
from unspun.ingestion import ingest
from unspun.pipeline import candidates
from unspun.store import open_store

from conftest import DEMO


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.5, 0.8])
def test_candidates_lsh_params_favour_recall_at_threshold(threshold):
    bands, rows = lsh_params(threshold, 128)
    assert bands * rows <= 128
    assert collision_probability(threshold + 0.1, bands, rows) > 0.9
    assert collision_probability(max(threshold - 0.25, 0.02), bands, rows) < 0.6


def test_candidates_banding_finds_equal_rows_only():
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2**32 - 2, size=(50, 128), dtype=np.uint64).astype(np.uint32)
    sigs[7] = sigs[3]
    sigs[40, :64] = sigs[12, :64]  # half the rows agree
    res = candidate_pairs(sigs, 32, 4)
    assert {tuple(p) for p in res.pairs.tolist()} == {(3, 7), (12, 40)}


def test_candidates_huge_buckets_become_stars_not_losses():
    sigs = np.tile(np.arange(128, dtype=np.uint32), (30, 1))  # one story copied 30 times
    res = candidate_pairs(sigs, 32, 4, max_bucket=10)
    assert {tuple(p) for p in res.pairs.tolist()} == {(0, j) for j in range(1, 30)}
    assert res.skipped_buckets == 32 and res.skipped_pairs == 32 * (30 * 29 // 2 - 29)


def _demo_names(store) -> dict[str, str]:
    expected = json.loads((DEMO / "expected.json").read_text())
    by_url = {a["url"]: a["name"] for a in expected["articles"] if a["url"]}
    by_file = {a["file"].split("/")[-1]: a["name"] for a in expected["articles"]}
    names = {}
    for a in store.article_summaries():
        names[a["id"]] = by_url.get(a["url"]) or by_file.get(a["path"].split("/")[-1])
    return names


@pytest.fixture(scope="module")
def demo_pairs(tmp_path_factory):
    out = {}
    for embed in (False, True):
        db = tmp_path_factory.mktemp("demo") / "demo.db"
        options = Options(fingerprint=FingerprintOptions(embed=embed))
        with open_store(db) as store:
            report = ingest(store, [str(DEMO / "corpus")], options=options)
            assert not report.failed, report.errors
            result = candidates(store, options)
            names = _demo_names(store)
        out[embed] = {frozenset((names[c.a], names[c.b])): c for c in result.candidates}
    return out


@pytest.mark.parametrize("embed", [False, True])
@pytest.mark.parametrize("other", ["syndicated", "scraper", "truncated", "rewrite", "spin"])
def test_candidates_demo_finds_every_reuse_of_the_original(demo_pairs, embed, other):
    assert frozenset(("original", other)) in demo_pairs[embed]


@pytest.mark.parametrize("embed", [False, True])
def test_candidates_demo_pairs_nothing_with_the_unrelated_story(demo_pairs, embed):
    assert not [p for p in demo_pairs[embed] if "unrelated" in p]


def test_candidates_demo_evidence(demo_pairs):
    pairs = demo_pairs[True]
    dup = pairs[frozenset(("original", "syndicated"))]
    assert dup.jaccard == 1.0 and "shingles" in dup.via
    trunc = pairs[frozenset(("original", "truncated"))]
    assert max(trunc.containment_a, trunc.containment_b) > 0.85 and trunc.jaccard < 0.6
    spin = pairs[frozenset(("original", "spin"))]
    assert spin.jaccard < 0.5 and spin.immutables_jaccard > spin.jaccard
    assert "brandt" in spin.shared_immutables
    rewrite = pairs[frozenset(("original", "rewrite"))]
    assert rewrite.embedding_cosine is not None and rewrite.embedding_cosine > 0.8


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


WIRE = ("Eleven towns along the Aven estuary agreed on Thursday to a $240 million plan to build tidal "
        "gates, Mayor Elena Ruiz of Port Calder said after a two-day summit with Tomas Brandt. ") * 4


@pytest.mark.slow
def test_candidates_a_story_copied_600_times_still_pairs_every_copy(tmp_path):
    src = _jsonl(tmp_path / "wire.jsonl", [{"url": f"https://s{i}.example/x", "text": WIRE} for i in range(600)])
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "w.db") as store:
        ingest(store, [str(src)], options=options)
        result = candidates(store, options)
    linked = {c.a for c in result.candidates} | {c.b for c in result.candidates}
    assert len(linked) == 600  # every copy is linked to the others, through stars if not all pairs
    assert all(c.jaccard == 1.0 for c in result.candidates)


def test_candidates_never_pair_empty_or_furniture_only_articles(tmp_path):
    recs = [{"url": f"https://e{i}.example/", "text": "Leave a Reply\nSource link"} for i in range(3)]
    src = _jsonl(tmp_path / "f.jsonl", recs + [{"url": "https://x.example/", "text": "Short note."}])
    for embed in (False, True):
        options = Options(fingerprint=FingerprintOptions(embed=embed))
        with open_store(":memory:") as store:
            ingest(store, [str(src)], options=options)
            assert candidates(store, options).candidates == []


def test_candidates_one_shared_name_is_not_a_rewrite(tmp_path):
    src = _jsonl(tmp_path / "n.jsonl", [
        {"url": "https://a.example/1", "text": "Biden spoke about the weather and how warm the spring has been "
                                               "for farmers and for everybody else who works outside."},
        {"url": "https://b.example/2", "text": "Biden will travel by train because the roads are closed for "
                                               "repairs until the end of the month, aides explained."}])
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(":memory:") as store:
        ingest(store, [str(src)], options=options)
        assert candidates(store, options).candidates == []


def test_candidates_changing_one_scheme_recomputes_it_without_poisoning(tmp_path):
    fresh = {}
    db = tmp_path / "d.db"
    for perm in (64, 32):
        options = Options(fingerprint=FingerprintOptions(embed=False, immutables_perm=perm))
        with open_store(db) as store:
            if perm == 64:
                ingest(store, [str(DEMO / "corpus")], options=options)
            got = {(c.a, c.b) for c in candidates(store, options).candidates}
        with open_store(":memory:") as clean_store:
            ingest(clean_store, [str(DEMO / "corpus")], options=options)
            fresh[perm] = {(c.a, c.b) for c in candidates(clean_store, options).candidates}
        assert got == fresh[perm]
