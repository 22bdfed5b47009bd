"""Candidates: LSH banding, and the whole pipeline on the demo corpus and planted cases."""

from __future__ import annotations

import json

import numpy as np
import pytest

from unspun.candidates.lsh import candidate_pairs, collision_probability, lsh_params
from unspun.candidates import identical_families
from unspun.config import CandidateOptions, FingerprintOptions, Options
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
def test_candidates_a_story_copied_600_times_is_one_family_around_its_first_copy(tmp_path):
    src = _jsonl(tmp_path / "wire.jsonl", [{"url": f"https://s{i}.example/x", "text": WIRE} for i in range(600)])
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "w.db") as store:
        ingest(store, [str(src)], options=options)
        result = candidates(store, options)
    linked = {c.a for c in result.candidates} | {c.b for c in result.candidates}
    assert len(linked) == 600  # every copy is linked to the others, through stars if not all pairs
    assert all(c.jaccard == 1.0 for c in result.candidates)
    # one family around the first copy ingested: 599 pairs, not 179,700
    first = _first_id(tmp_path / "w.db")
    assert len(result.candidates) == 599 and all(first in (c.a, c.b) for c in result.candidates)
    assert result.stats.identical_copies == 599


def _first_id(db) -> str:
    with open_store(db) as store:
        return store.db.execute("SELECT id FROM articles ORDER BY seq LIMIT 1").fetchone()[0]


def test_candidates_identical_families_need_more_than_the_limit():
    sigs = np.repeat(np.arange(4, dtype=np.uint32)[:, None], 8, axis=1)
    sigs = np.concatenate([np.tile(sigs[0], (12, 1)), np.tile(sigs[1], (3, 1)), sigs[2:]])  # 12 + 3 + 2 rows
    sizes = np.full(len(sigs), 40)
    sizes[5] = 41  # the same signature but another shingle count: another text
    rep = identical_families(sigs, sizes, np.zeros(len(sigs), bool), more_than=10)
    assert rep[:12].tolist() == [0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0]  # 11 equal rows: more than 10
    assert rep[12:].tolist() == [12, 13, 14, 15, 16]  # 3 copies: every pair kept
    assert identical_families(sigs, sizes, np.zeros(len(sigs), bool), more_than=11).tolist() == list(range(17))
    skip = np.zeros(len(sigs), bool)
    skip[:2] = True  # too short to pair: never in a family, and the family starts at the next copy
    assert identical_families(sigs, sizes, skip, more_than=8)[:12].tolist() == [0, 1, 2, 2, 2, 5, 2, 2, 2, 2, 2, 2]
    # the family's first copy is its earliest dated (undated rank last), then the first ingested
    rank = np.full(len(sigs), 10**7)
    rank[[4, 7, 9]] = [738_000, 737_999, 737_999]
    assert identical_families(sigs, sizes, np.zeros(len(sigs), bool), 10, rank)[:12].tolist() == [
        7, 7, 7, 7, 7, 5, 7, 7, 7, 7, 7, 7]


def test_candidates_a_story_run_by_many_sites_is_one_family_and_other_articles_pair_with_its_first_copy(tmp_path):
    cut = WIRE[: len(WIRE) // 2]
    records = [{"url": f"https://s{i}.example/x", "text": WIRE} for i in range(15)]
    records.append({"url": "https://cut.example/x", "text": cut})
    src = _jsonl(tmp_path / "wire.jsonl", records)
    for limit, pairs in ((10, 14 + 1), (20, 15 * 14 // 2 + 15)):
        options = Options(fingerprint=FingerprintOptions(embed=False), candidates=CandidateOptions(max_identical=limit))
        with open_store(tmp_path / f"w{limit}.db") as store:
            ingest(store, [str(src)], options=options)
            result = candidates(store, options)
            cut_id = store.db.execute("SELECT id FROM articles ORDER BY seq DESC LIMIT 1").fetchone()[0]
        first = _first_id(tmp_path / f"w{limit}.db")
        assert len(result.candidates) == pairs, limit
        with_cut = [c for c in result.candidates if cut_id in (c.a, c.b)]
        if limit == 10:  # the cut copy is paired with the family's first copy only
            assert [{c.a, c.b} for c in with_cut] == [{cut_id, first}]
        else:
            assert len(with_cut) == 15


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


def test_candidates_a_family_of_copies_is_paired_around_its_earliest_dated_copy(tmp_path):
    records = [{"url": f"https://s{i}.example/x", "text": WIRE, "published": f"2024-03-{20 - (i == 6) * 6:02d}"}
               for i in range(12)]
    records[3].pop("published")  # an undated copy is never taken for the earliest
    records[6]["published"] = "2024-03-14T15:00:00+00:00"
    records[2]["published"] = "2024-03-14T20:00:00+00:00"  # the same day, later, and ingested first (found by QA)
    records[4]["published"] = "2024-03-14T18:00:00+02:00"  # 16:00 UTC: later
    src = _jsonl(tmp_path / "wire.jsonl", records)
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "w.db") as store:
        ingest(store, [str(src)], options=options)
        result = candidates(store, options)
        earliest = store.db.execute("SELECT id FROM articles WHERE url='https://s6.example/x'").fetchone()[0]
    assert len(result.candidates) == 11 and all(earliest in (c.a, c.b) for c in result.candidates)


def test_candidates_families_are_copies_with_the_same_words_not_only_the_same_signature():
    sigs = np.tile(np.arange(8, dtype=np.uint32), (14, 1))  # one signature for all
    sizes = np.full(14, 40)
    exact = np.full(14, 7, dtype=np.uint64)
    exact[[3, 9]] = 8  # two rows a word apart from the rest, which the signature did not see
    rep = identical_families(sigs, sizes, np.zeros(14, bool), 10, None, exact)
    assert rep.tolist() == [0, 0, 0, 3, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0]
    assert identical_families(sigs, sizes, np.zeros(14, bool), 10).tolist() == [0] * 14  # by signature alone


def test_candidates_a_copy_a_word_apart_stays_out_of_the_family_even_with_the_same_signature(tmp_path):
    from unspun.fingerprint import fingerprint_batch

    paras = (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n")[1:]
    body = "\n\n".join(paras * 4)
    fo = FingerprintOptions(embed=False)

    def sig(text):
        return fingerprint_batch([("x", text)], fo)[0].data

    words = body.split(" ")
    altered = next(t for t in (" ".join(words[:k] + [words[k] + "s"] + words[k + 1:])
                               for k in range(len(words)) if words[k].isalpha()) if sig(t) == sig(body))
    recs = [{"url": f"https://s{i}.example/x", "text": body} for i in range(12)]
    recs.append({"url": "https://alt.example/x", "text": altered})
    src = _jsonl(tmp_path / "c.jsonl", recs)
    options = Options(fingerprint=fo)
    with open_store(tmp_path / "c.db") as store:
        ingest(store, [str(src)], options=options)
        result = candidates(store, options)
    assert result.stats.identical_copies == 11  # the twelve copies; the altered one is an article of its own
    assert len(result.candidates) == 12  # eleven copies and the altered one, each with the first copy


def test_candidates_posting_and_bucket_pairs_match_a_brute_force_reference():
    """Posting lists and LSH buckets expanded a length at a time give exactly the pairs a pair-by-pair count gives."""
    from itertools import combinations

    from unspun.candidates.lsh import band_keys, candidate_pairs
    from unspun.fingerprint.sentences import shared_sentence_pairs

    rng = np.random.default_rng(7)
    for _ in range(60):
        n = int(rng.integers(2, 60))
        hashes = [np.unique(rng.integers(0, 40, size=int(rng.integers(0, 12))).astype(np.uint64) * np.uint64(2))
                  for _ in range(n)]
        min_shared, max_postings = int(rng.integers(1, 4)), int(rng.integers(2, 12))
        carriers: dict[int, int] = {}
        for h in hashes:
            for x in h.tolist():
                carriers[x] = carriers.get(x, 0) + 1
        want = [[i, j] for i, j in combinations(range(n), 2)
                if (k := sum(1 for x in set(hashes[i].tolist()) & set(hashes[j].tolist())
                             if carriers[x] <= max_postings)) >= min_shared
                and k >= 0.5 * min(len(hashes[i]), len(hashes[j]))]
        got = shared_sentence_pairs(hashes, min_shared=min_shared, max_postings=max_postings, min_share=0.5,
                                    long_max_postings=0).tolist()
        assert got == want

        sigs = rng.integers(1, 3, size=(n, 8)).astype(np.uint64)
        max_bucket = int(rng.integers(3, 20))
        keys = band_keys(sigs, 4, 2)
        pairs: set[tuple[int, int]] = set()
        for b in range(4):
            buckets: dict[int, list[int]] = {}
            for row, key in enumerate(keys[:, b].tolist()):
                buckets.setdefault(key, []).append(row)
            for members in buckets.values():
                if len(members) > max_bucket:  # a star around its first member
                    pairs.update((members[0], m) for m in members[1:])
                else:
                    pairs.update(combinations(members, 2))
        assert candidate_pairs(sigs, 4, 2, max_bucket=max_bucket).pairs.tolist() == [list(p) for p in sorted(pairs)]
