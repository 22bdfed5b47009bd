"""``unspun analyze``, ``export`` and ``sources`` on the demo corpus, against its ground truth."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from unspun.cli import cli
from unspun.export import SCHEMA
from unspun.store import open_store

from conftest import DEMO

EXPECTED = json.loads((DEMO / "expected.json").read_text("utf-8"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("analyze") / "demo.db"
    result = run("analyze", str(db), str(DEMO / "corpus"), "--json", "--quiet")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    return db, summary


@pytest.fixture(scope="module")
def exported(analysed) -> dict:
    db, _ = analysed
    result = run("export", str(db))
    assert result.exit_code == 0
    return json.loads(result.stdout)


def names(doc: dict) -> dict[str, str]:
    """Article id -> demo article name (from the file name or the WARC record's URL)."""
    by_url = {a["url"]: a["name"] for a in EXPECTED["articles"] if a["url"]}
    by_file = {Path(a["file"]).stem: a["name"] for a in EXPECTED["articles"] if a["form"] != "warc"}
    out = {}
    for art in doc["articles"]:
        out[art["id"]] = by_url.get(art["url"]) or by_file[Path(art["source"]).stem]
    return out


def test_export_follows_the_contract(exported):
    doc = exported
    assert doc["schema"] == SCHEMA == "unspun.export/1"
    assert len(doc["articles"]) == 9
    for a in doc["articles"]:
        assert set(a) >= {"id", "source", "url", "title", "site", "published", "chars"}
    ids = {a["id"] for a in doc["articles"]}
    for r in doc["relations"]:
        assert set(r) >= {"a", "b", "kind", "direction", "confidence", "coverage_a", "coverage_b", "passages"}
        assert r["a"] < r["b"] and {r["a"], r["b"]} <= ids
        for p in r["passages"]:
            assert set(p) >= {"a", "b", "type", "score"} and p["type"] in {"exact", "edited", "paraphrase"}
    assert sorted(x for s in doc["stories"] for x in s["articles"]) == sorted(ids)


def test_passage_offsets_point_into_the_cleaned_text_that_show_prints(analysed, exported):
    db, _ = analysed
    texts = {}
    for art in exported["articles"]:
        shown = json.loads(run("show", str(db), art["id"], "--json").stdout)
        texts[art["id"]] = shown["text"]
    checked = 0
    for r in exported["relations"]:
        for p in r["passages"]:
            if p["type"] == "exact":
                a = texts[r["a"]][p["a"][0]:p["a"][1]]
                assert a and a == texts[r["b"]][p["b"][0]:p["b"][1]]
                checked += 1
    assert checked > 50


def test_relations_match_the_demo_ground_truth(exported):
    n = names(exported)
    got = {frozenset((n[r["a"]], n[r["b"]])): r for r in exported["relations"]}
    allowed = {"duplicate": {"duplicate"}, "copy": {"copy", "duplicate"}, "rewrite": {"rewrite"},
               "spin": {"rewrite"}, "same_story": {"same_story"}}
    for pair in EXPECTED["pairs"]:
        key = frozenset((pair["a"], pair["b"]))
        r = got.get(key)
        if pair["relation"] == "unrelated":
            assert r is None, (pair, r)
            continue
        assert r is not None, pair
        assert r["kind"] in allowed[pair["relation"]], (pair, r["kind"])
        if pair.get("truncated"):
            assert r["kind"] in {"copy", "rewrite"}
        if pair["direct"] and pair.get("original"):
            src = pair["original"]
            want = "a->b" if n[r["a"]] == src else "b->a"
            assert r["direction"] == want, (pair, r["direction"], r["evidence"])
        elif pair.get("common_source"):
            assert r["direction"] == "common", (pair, r["direction"])
    # the spin's word diff names the synonyms it swapped in
    spin = got[frozenset(("original", "spin"))]
    pairs = {(d["from"], d["to"]) if n[spin["a"]] == "original" else (d["to"], d["from"]) for d in spin["diff"]}
    assert ("Leaders", "Frontrunners") in pairs


def test_stories_match_the_demo_ground_truth(exported):
    n = names(exported)
    got = sorted(sorted(n[x] for x in s["articles"]) for s in exported["stories"])
    want = sorted(sorted(v) for v in EXPECTED["stories"].values())
    assert got == want


def test_family_original_is_the_wire_story(exported):
    n = names(exported)
    fam = exported["families"][0]
    assert n[fam["original"]] == "original"
    assert {n[x] for x in fam["articles"]} == {"original", "syndicated", "scraper", "truncated", "rewrite", "spin"}


def test_sources_json_and_text(analysed, exported):
    db, _ = analysed
    n = {v: k for k, v in names(exported).items()}
    out = json.loads(run("sources", str(db), n["spin"], "--json").stdout)
    assert [s["id"] for s in out["sources"]] == [n["original"]]
    src = out["sources"][0]
    assert src["kind"] == "rewrite" and src["coverage"] > 0.9 and len(src["passages"]) >= 15
    assert {"there": "Leaders", "here": "Frontrunners"} in src["diff"]
    assert {c["id"] for c in json.loads(run("sources", str(db), n["original"], "--json").stdout)["copies"]} == {
        n[x] for x in ("syndicated", "scraper", "truncated", "rewrite", "spin")}
    text = run("sources", str(db), n["truncated"][:8]).stdout
    assert f"derives from {n['original']}" in text and "exact 1.00" in text
    # the evidence names the pair's sides A and B: the reader is told which one this article is
    side = "A" if n["truncated"] < n["original"] else "B"
    assert src["this_side"] in ("A", "B") and f"this article is {side}):" in text
    assert "direction confidence 1.00" in text  # the dateline credit outweighs (0.85 before 2026-12-03)


def test_csv_and_graphml_exports(analysed, exported, tmp_path):
    db, _ = analysed
    csv_text = run("export", str(db), "--format", "csv").stdout
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("a,b,kind,direction") and len(lines) == 1 + len(exported["relations"])
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    where = {a["id"]: (a["url"] or a["source"], a["title"] or "") for a in exported["articles"]}
    for row in rows:  # each side's address and title, so that a script needs no join (found by QA)
        assert (row["address_a"], row["title_a"]) == where[row["a"]]
        assert (row["address_b"], row["title_b"]) == where[row["b"]]
    out = tmp_path / "prov.graphml"
    result = run("export", str(db), "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0 and f"wrote {out}" in result.stderr
    g = nx.read_graphml(out)
    orig = exported["families"][0]["original"]
    assert g.nodes[orig]["original"] is True and g.out_degree(orig) == 5
    assert g.nodes[orig]["url"].startswith("https://harborwire.example/") and g.nodes[orig]["title"]
    assert sum(bool(d["original"]) for _, d in g.nodes(data=True)) == len(exported["families"])
    # every article node says where it was read from, a text file too, which has no title or address (QA)
    source = {a["id"]: a["source"] for a in exported["articles"]}
    assert all(d["source"] == source[n] for n, d in g.nodes(data=True) if d["kind"] == "article")


def test_analyze_is_incremental_and_idempotent(analysed, tmp_path):
    db, summary = analysed
    assert summary["articles"] == 9 and summary["aligned_now"] == summary["candidates"] > 0
    copy = tmp_path / "demo.db"
    shutil.copy(db, copy)
    again = json.loads(run("analyze", str(copy), "--json", "--quiet").stdout)
    assert again["aligned_now"] == 0 and again["relations"] == summary["relations"]
    # a run without embeddings keeps what embeddings found (rewrites and their verdicts) instead of redoing it
    bare = json.loads(run("analyze", str(copy), "--no-embed", "--json", "--quiet").stdout)
    assert bare["aligned_now"] == 0 and bare["relations"] == summary["relations"]
    assert bare["spin_verdicts"] == summary["spin_verdicts"] and bare["stories"] == summary["stories"]
    # a new article joins: only its pairs are aligned, and it joins the flood story
    extra = tmp_path / "new"
    extra.mkdir()
    original = next(a for a in EXPECTED["articles"] if a["name"] == "truncated")
    text = (Path(original["file"]) if Path(original["file"]).is_absolute()
            else DEMO.parent / original["file"]).read_text("utf-8")
    (extra / "second_truncation.txt").write_text(text.split("\n\n")[0] + "\n\nPosted by a reader.\n", "utf-8")
    grown = json.loads(run("analyze", str(copy), str(extra), "--json", "--quiet").stdout)
    assert grown["articles"] == 10 and 0 < grown["aligned_now"] < summary["candidates"]
    assert grown["stories"] == summary["stories"]
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 10


def test_analyze_without_a_database_or_paths_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no such database" in result.output


def test_analyze_without_embeddings_still_finds_the_copies(tmp_path):
    db = tmp_path / "words.db"
    result = CliRunner().invoke(cli, ["analyze", str(db), str(DEMO / "corpus"), "--no-embed", "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["stories"] == 0 and "join no story" in result.stderr
    doc = json.loads(run("export", str(db)).stdout)
    n = names(doc)
    got = {frozenset((n[r["a"]], n[r["b"]])): r["kind"] for r in doc["relations"]}
    assert got[frozenset(("original", "syndicated"))] == "duplicate"
    assert got[frozenset(("original", "truncated"))] == "copy"
    assert all(r["kind"] != "same_story" for r in doc["relations"])
    for r in doc["relations"]:
        assert all(p["type"] in {"exact", "edited"} for p in r["passages"])


def test_two_outlets_running_one_wire_story_without_it_are_siblings(tmp_path):
    # the original (Harbor Wire's own page) left out: the syndicated copy and the scraper's both credit
    # Harbor Wire in their dateline, and neither site is Harbor Wire, so neither copied the other
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("syndicated.html", "scraper.html"):
        shutil.copy(DEMO / "corpus" / "html" / name, corpus / name)
    db = tmp_path / "wire.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    (rel,) = doc["relations"]
    assert rel["direction"] == "common", rel["evidence"]
    assert rel["evidence"][0].startswith("both credit Harbor Wire, which is neither side's site"), rel["evidence"]


def test_a_page_naming_the_other_as_its_canonical_original_is_its_copy(tmp_path):
    # the scraper's SEO plugin points its canonical link at the Coastal Ledger's page: the scraper says which
    # page it copies, which outweighs the dateline credit both carry (that alone makes them siblings, above)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEMO / "corpus" / "html" / "syndicated.html", corpus / "ledger.html")
    html = (DEMO / "corpus" / "html" / "scraper.html").read_text("utf-8")
    ledger = "https://coastalledger.example/news/2024/03/14/estuary-mayors-back-240-million-flood-barrier-plan"
    own = "https://newsfeedhub24.example/world/estuary-mayors-back-240-million-flood-barrier-plan/"
    assert f'<link rel="canonical" href="{own}">' in html
    (corpus / "scraper.html").write_text(html.replace(f'<link rel="canonical" href="{own}">',
                                                      f'<link rel="canonical" href="{ledger}/">'), "utf-8")
    db = tmp_path / "canon.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    by_file = {Path(a["source"]).name: a for a in doc["articles"]}
    assert by_file["scraper.html"]["url"] == own and by_file["scraper.html"]["site"] == "NewsFeedHub24"
    assert by_file["scraper.html"]["canonical"] == f"{ledger}/"
    # the Ledger's page in turn names Harbor Wire's, which is not in this corpus
    assert by_file["ledger.html"]["canonical"].startswith("https://harborwire.example/2024/03/14/")
    (rel,) = doc["relations"]
    src = by_file["ledger.html"]["id"]
    assert (rel["a"] == src and rel["direction"] == "a->b") or (rel["b"] == src and rel["direction"] == "b->a"), rel
    assert rel["confidence"] == 0.95 and "canonical link" in rel["evidence"][0], rel["evidence"]
    shown = run("show", str(db), by_file["scraper.html"]["id"]).stdout
    assert f"original:  {ledger}/" in shown


# -- quotations: the rewrite and the spun copy changed words inside quotes ---------------------------
def _group(doc: dict, words: str) -> dict:
    found = [g for g in doc["quotes"] if any(words in v["text"] for v in g["variants"])]
    assert len(found) == 1, [g["variants"] for g in found]
    return found[0]


def test_quotes_altered_in_the_rewrite_are_found_with_the_original_wording(exported):
    doc = exported
    who = names(doc)
    g = _group(doc, "responsible dialogue")
    assert g["altered"] is True
    assert g["speaker"] and "Fell" in g["speaker"]
    texts = [v["text"] for v in g["variants"]]
    assert any("responsible engagement" in t for t in texts)
    original = g["variants"][g["likely_original"]]
    assert "responsible dialogue" in original["text"]
    assert "original" in {who[a] for a in original["articles"]}
    changed = [v for v in g["variants"] if "responsible engagement" in v["text"]]
    assert {who[a] for v in changed for a in v["articles"]} == {"rewrite"}
    assert {"from": "dialogue", "to": "engagement"} in g["changes"]
    for v in g["variants"]:
        arts = {a["id"]: a for a in doc["articles"]}
        assert len(v["spans"]) == len(v["articles"])
        for aid, (s, e) in zip(v["articles"], v["spans"]):
            assert 0 <= s < e <= arts[aid]["chars"]


def test_quotes_spun_copy_and_independent_report_share_an_utterance(exported):
    doc = exported
    who = names(doc)
    g = _group(doc, "frontrunners from eleven towns")
    users = {who[a] for v in g["variants"] for a in v["articles"]}
    assert {"original", "spin", "same_story"} <= users
    assert g["altered"] is True
    original = g["variants"][g["likely_original"]]
    assert "leaders from eleven towns" in original["text"]
    assert "same_story" in {who[a] for a in original["articles"]}


def test_quotes_command_readable_and_json(analysed):
    db, _ = analysed
    out = run("quotes", str(db), "--altered", "--json", "--quiet")
    assert out.exit_code == 0, out.output
    groups = [json.loads(line) for line in out.stdout.splitlines()]  # one group per line (QA: one document)
    assert groups and all(g["altered"] for g in groups)
    assert {"id", "speaker", "altered", "likely_original", "variants", "changes"} <= set(groups[0])
    text = run("quotes", str(db), "--altered", "--quiet").output
    assert "ALTERED" in text and "dialogue \u2192 engagement" in text


# -- spin: the machine-spun copy is found from its own text and from its source -----------------------


def test_spin_article_scores_single_out_the_spun_copy(exported):
    who = names(exported)
    spin = {who[a["id"]]: a["spin"] for a in exported["articles"]}
    assert set(spin) == {a["name"] for a in EXPECTED["articles"]}
    assert spin["spin"]["verdict"] == "likely_spun"
    assert max(spin, key=lambda n: spin[n]["score"]) == "spin"
    kinds = {f["kind"] for f in spin["spin"]["flags"]}
    assert {"residue", "altered_quote"} <= kinds
    for name in ("original", "syndicated", "scraper", "truncated", "same_story", "unrelated", "later_event"):
        assert spin[name]["verdict"] != "likely_spun", (name, spin[name])
    chars = {who[a["id"]]: a["chars"] for a in exported["articles"]}
    for f in spin["spin"]["flags"]:
        assert 0 <= f["span"][0] < f["span"][1] <= chars["spin"] and f["note"]


def test_spin_verdict_of_the_spun_rewrite_is_machine_spin(exported):
    who = names(exported)
    by_pair = {frozenset((who[r["a"]], who[r["b"]])): r for r in exported["relations"]}
    r = by_pair[frozenset(("original", "spin"))]
    assert r["kind"] == "rewrite" and r["spin"]["verdict"] == "machine_spin"
    assert {"from": "Leaders", "to": "Frontrunners"} in r["spin"]["replaced"]
    for rel in exported["relations"]:
        if rel["kind"] == "rewrite":
            assert "spin" in rel
        elif "spin" in rel:  # a copy shows a verdict only when its swapped words are machine spin
            assert rel["spin"]["verdict"] == "machine_spin", rel


def test_spin_verdict_of_every_copy_against_the_spin_is_machine_spin(exported):
    """The spin set against the syndicated, the scraper's and the truncated copy of its original: machine spin
    each time. The truncated copy carries only the lead, so most of the spin has nothing to align with; that is
    the scraper's cut, not an editor's, and verdict.v2 called this pair editorial."""
    who = names(exported)
    by_pair = {frozenset((who[r["a"]], who[r["b"]])): r for r in exported["relations"]}
    spun = [p for p in EXPECTED["pairs"] if p["relation"] == "spin"]
    assert {p["a"] for p in spun} | {p["b"] for p in spun} >= {"original", "syndicated", "scraper", "truncated"}
    for p in spun:
        r = by_pair[frozenset((p["a"], p["b"]))]
        assert r["spin"]["verdict"] == "machine_spin", (p["a"], p["b"], r["kind"], r["spin"])
    cut = by_pair[frozenset(("truncated", "spin"))]
    assert min(cut["coverage_" + side] for side in "ab") < 0.6
    # the evidence travels with the verdict: the signals, and a sentence that says the cut is not counted
    assert cut["spin"]["signals"]["whole_coverage"] < 0.6 <= cut["spin"]["signals"]["coverage"]
    assert cut["spin"]["evidence"].startswith("machine spin") and "cut tail" in cut["spin"]["evidence"]


def test_spin_verdict_of_the_editorial_rewrite_is_editorial(exported):
    """The hand-written rewrite keeps most sentences in order but splits and joins some: no round trip."""
    who = names(exported)
    by_pair = {frozenset((who[r["a"]], who[r["b"]])): r for r in exported["relations"]}
    r = by_pair[frozenset(("original", "rewrite"))]
    assert r["kind"] == "rewrite" and r["spin"]["verdict"] == "editorial_rewrite", r["spin"]
    for rel in exported["relations"]:  # nothing in the demo went through a translation there and back
        assert rel.get("spin", {}).get("verdict") != "translation_round_trip", (who[rel["a"]], who[rel["b"]])


def test_spin_command_readable_and_json(analysed, exported):
    db, _ = analysed
    who = {v: k for k, v in names(exported).items()}
    out = run("spin", str(db), "--json", "--quiet")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["articles"][0]["id"] == who["spin"] and data["rewrites"]
    one = json.loads(run("spin", str(db), who["spin"][:6], "--json", "--quiet").stdout)
    assert one["id"] == who["spin"] and one["spin"]["verdict"] == "likely_spun"
    text = run("spin", str(db), who["spin"], "--quiet").output
    assert "likely_spun" in text and "residue" in text and "machine_spin" in text
    # each rewrite pair reads from its source to its copy, and so do its swapped words (found by QA: they were
    # listed A's word -> B's, so an original could read as the one that swapped the words in)
    pair = next(r for r in data["rewrites"] if {r["a"], r["b"]} == {who["original"], who["spin"]})
    assert {"direction", "source"} <= set(pair)
    line = next(x for x in text.splitlines() if who["spin"] in x and "machine_spin" in x and "swapped" in x)
    assert f"{who['original']} \u2192 {who['spin']}" in line and "Leaders \u2192 Frontrunners" in line, line


def test_sources_agrees_with_the_export_on_every_direction(analysed, exported):
    """``sources`` groups quotations only around the article; its directions must still match the export's."""
    db, _ = analysed
    for art in exported["articles"]:
        aid = art["id"]
        out = json.loads(run("sources", str(db), aid, "--json").stdout)
        mine = {d["id"]: d["direction"] for k in ("sources", "copies", "related") for d in out[k]}
        theirs = {(r["b"] if r["a"] == aid else r["a"]): r["direction"]
                  for r in exported["relations"] if aid in (r["a"], r["b"])}
        assert mine == theirs, aid


def test_sources_hears_the_witnesses_of_a_quotation_in_other_stories(tmp_path):
    """A copy changed words inside the mayor's quotation; two later articles, of other events, quote her words as the
    original has them. ``export`` read the direction from them; ``sources`` and ``check`` grouped quotations only
    around the article, missed them, and said ``unknown`` (review). ``quote_words`` finds them by rare words."""
    db = tmp_path / "q.db"
    corpus = Path(__file__).parent / "data" / "quote_witness"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    name = {a["id"]: Path(a["source"]).stem for a in doc["articles"]}
    (rel,) = doc["relations"]
    assert {name[rel["a"]], name[rel["b"]]} == {"o", "s"}
    assert rel["direction"] == ("a->b" if name[rel["a"]] == "o" else "b->a")
    assert "independent sources carry" in rel["evidence"][0]
    for aid in (rel["a"], rel["b"]):
        out = json.loads(run("sources", str(db), aid, "--json").stdout)
        mine = {d["id"]: d["direction"] for k in ("sources", "copies", "related") for d in out[k]}
        assert mine == {(rel["b"] if aid == rel["a"] else rel["a"]): rel["direction"]}, name[aid]
    checked = json.loads(run("check", str(db), str(corpus / "s.txt"), "--json", "--no-embed").stdout)
    (art,) = checked["articles"]
    (match,) = [m for m in art["matches"] if name.get(m["id"]) == "o"]
    assert match["direction"] == "stored->text" and match["judged"] == "corpus", match


def test_a_chinese_copy_is_found_like_an_english_one(tmp_path):
    # written without spaces: each Han character is a word, and sentences end at 。！？ with no space after
    body = ("在今天发布的政府工作报告中，李明总理提出今年经济增速目标约为百分之五。他强调要坚定不移推进高质量发展，稳住就业基本盘。"
            "按照报告，城镇新增就业要超过一千二百万人，物价涨幅约为百分之三。\n\n地方专项债规模定为三点九万亿元，主要投向交通、能源、"
            "水利等领域的基础设施。报告还提出，要加大对中小企业的支持力度，降低企业融资成本。")
    corpus = tmp_path / "zh"
    corpus.mkdir()
    (corpus / "orig.txt").write_text(body, "utf-8")
    (corpus / "copy.txt").write_text(body.split("\n\n")[0] + "\n\n来源：新华社\n", "utf-8")
    db = tmp_path / "zh.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    (rel,) = doc["relations"]
    assert rel["kind"] == "copy" and rel["passages"], rel
    spin = {Path(a["source"]).name: a.get("spin", {}).get("verdict") for a in doc["articles"]}
    assert spin["orig.txt"] in ("not_assessed", None), spin  # spin signs are English-only


PROMO = ("Please share this story on Facebook and Twitter and let us know what you think in the comments below.\n"
         "The views expressed in this article are the writer's own and do not necessarily reflect those of the "
         "Gazette.")


def _promo_site(tmp_path: Path) -> tuple[Path, list[str], str]:
    """A folder of six unrelated stories of one site, each ending in the site's two promo sentences (which read
    as sentences, so they are not furniture and stay in the text); (folder, bodies, promo)."""
    bodies = [p.strip() for p in (Path(__file__).parent / "data" / "clean" / "unrelated_bodies.txt")
              .read_text("utf-8").split("=====")]
    site = tmp_path / "gazette"
    site.mkdir()
    for i, body in enumerate(bodies):
        (site / f"story{i}.txt").write_text(f"{body}\n\n{PROMO}\n", "utf-8")
    return site, bodies, PROMO


def test_sentences_a_site_repeats_on_unrelated_pages_make_no_copies(tmp_path):
    # six unrelated stories of one site, each ending in the site's two promo sentences (which read as sentences,
    # so they are not furniture and stay in the text): before, 2 shared lines made them partial copies
    site, bodies, promo = _promo_site(tmp_path)
    (site / "copy.txt").write_text(f"{bodies[0]}\n\nSource: the Gazette\n\n{promo}\n", "utf-8")  # one real copy
    db = tmp_path / "site.db"
    assert run("analyze", str(db), str(site), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    names = {a["id"]: Path(a["source"]).name for a in doc["articles"]}
    reuse = {frozenset((names[r["a"]], names[r["b"]])): r for r in doc["relations"] if r["kind"] != "same_story"}
    assert set(reuse) == {frozenset(("story0.txt", "copy.txt"))}, {tuple(k): r["kind"] for k, r in reuse.items()}
    weak = {p.get("weak") for p in reuse[frozenset(("story0.txt", "copy.txt"))]["passages"]}
    assert "boilerplate" in weak  # the promo lines are aligned, but as weak evidence


def test_boilerplate_learned_later_reaches_the_pairs_aligned_before(tmp_path, monkeypatch):
    # a store analysed before its site's boilerplate was known (here: learning it turned off) has pairs related
    # through the promo lines; the next run learns them and judges those pairs again
    import unspun.pipeline

    site, _, _ = _promo_site(tmp_path)
    db = tmp_path / "site.db"
    learn = unspun.pipeline.learn_site_lines
    monkeypatch.setattr(unspun.pipeline, "learn_site_lines", lambda pages, o: (learn(pages, o)[0], {}))
    assert run("analyze", str(db), str(site), "--no-embed", "--quiet").exit_code == 0
    first = [r["kind"] for r in json.loads(run("export", str(db)).stdout)["relations"]]
    monkeypatch.setattr(unspun.pipeline, "learn_site_lines", learn)
    assert run("analyze", str(db), "--no-embed", "--quiet").exit_code == 0
    later = [r["kind"] for r in json.loads(run("export", str(db)).stdout)["relations"]]
    assert "partial" in first and later == [], (first, later)


def test_a_copy_stamped_months_later_is_in_its_originals_story(tmp_path):
    # a scraper reposts the truncated copy in December with its own date: the text is the March story's
    text = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8")
    later = (DEMO / "corpus" / "html" / "later_event.html")
    records = [{"url": "https://wire.example/estuary", "text": text, "published": "2024-03-14T10:02:00+00:00"},
               {"url": "https://reposts.example/estuary", "text": "\n\n".join(text.split("\n\n")[:3]),
                "published": "2024-12-01T08:00:00+00:00"}]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    shutil.copy(later, corpus / later.name)  # the same towns a year later: another story
    db = tmp_path / "late.db"
    assert run("analyze", str(db), str(corpus), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    by_url = {a["url"]: a["id"] for a in doc["articles"]}
    story = {aid: s["id"] for s in doc["stories"] for aid in s["articles"]}
    wire, repost = by_url["https://wire.example/estuary"], by_url["https://reposts.example/estuary"]
    assert [r["kind"] for r in doc["relations"] if {r["a"], r["b"]} == {wire, repost}] == ["copy"]
    assert story[wire] == story[repost]
    assert len(doc["stories"]) == 2


def _analysed_with_the_demo_warc(tmp_path: Path, records: list[dict]) -> tuple[dict, dict, dict]:
    """``analyze`` of the demo WARC (original, editorial rewrite, independent report) and ``records`` as JSONL:
    (the export, article id by URL, story id by article id)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    shutil.copy(DEMO / "corpus" / "warc" / "demo.warc.gz", corpus / "demo.warc.gz")
    db = tmp_path / "warc.db"
    assert run("analyze", str(db), str(corpus), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    return (doc, {a["url"]: a["id"] for a in doc["articles"]},
            {aid: s["id"] for s in doc["stories"] for aid in s["articles"]})


def test_a_spin_and_a_rewrite_stamped_a_year_later_are_in_their_originals_story(tmp_path):
    """Found by QA: a spin shares too few word shingles to count as a copy before alignment, and a content farm's
    date a year after the original vetoed the story; its ``rewrite`` relation now ties it to the original's story,
    while a ``same_story`` pair dated a year apart stays apart."""
    text = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8")
    spin = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    records = [{"url": "https://spinfarm.example/estuary", "text": spin, "published": "2025-06-01T08:00:00+00:00"},
               {"url": "https://wire.example/estuary", "text": text, "published": "2024-03-14T10:02:00+00:00"}]
    doc, by_url, story = _analysed_with_the_demo_warc(tmp_path, records)  # the original, the rewrite, the report
    farm = by_url["https://spinfarm.example/estuary"]
    orig = next(a["id"] for a in doc["articles"] if a["url"].startswith("https://harborwire.example/"))
    kinds = {r["kind"] for r in doc["relations"] if farm in (r["a"], r["b"])}
    assert [r["kind"] for r in doc["relations"] if {r["a"], r["b"]} == {farm, orig}] == ["rewrite"], kinds
    assert story[farm] == story[orig]
    assert len(doc["stories"]) == 1
    assert doc["stories"][0]["last"] < "2025", doc["stories"][0]  # the farm's stamp is no day of the event


def test_a_spin_stamped_a_year_before_its_original_does_not_pull_the_original_out_of_its_story(tmp_path):
    """Found by QA: stories are built oldest first, so a spin dated a year early started a story of its own on
    that date, and its original then followed it there through their rewrite relation, leaving the other reports
    of its event. The original takes no story from its copy; the copy follows its original."""
    spin = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    doc, by_url, story = _analysed_with_the_demo_warc(tmp_path, [
        {"url": "https://spinfarm.example/estuary", "text": spin, "published": "2023-03-01T08:00:00+00:00"}])
    farm = by_url["https://spinfarm.example/estuary"]
    orig = next(i for u, i in by_url.items() if u.startswith("https://harborwire.example/"))
    report = next(i for u, i in by_url.items() if u.startswith("https://marrenpost.example/"))
    (r,) = [r for r in doc["relations"] if {r["a"], r["b"]} == {farm, orig}]
    assert r["kind"] == "rewrite" and r["direction"] == ("a->b" if r["a"] == orig else "b->a"), r["evidence"]
    assert story[orig] == story[report] == story[farm]


def test_a_spin_stored_before_its_original_follows_the_original_to_its_story(tmp_path):
    """Found by measuring incremental runs: a content farm's spin analysed in an earlier run than its original had
    joined a story by its own score (here, alone, stamped a year early), and the original, arriving later, took no
    story from its copy: the two stayed in different stories for good, unlike the same articles analysed at once.
    The copy now follows its original when the original arrives, and a copy of the copy follows with it."""
    spin = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    first = tmp_path / "first"
    first.mkdir()
    (first / "farm.jsonl").write_text(json.dumps({"url": "https://spinfarm.example/estuary", "text": spin,
                                                  "published": "2023-03-01T08:00:00+00:00"}) + "\n"
                                      + json.dumps({"url": "https://scraper.example/estuary",
                                                    "text": spin + "\n\nLeave a Reply"}) + "\n", "utf-8")
    db = tmp_path / "grow.db"
    assert run("analyze", str(db), str(first), "--quiet").exit_code == 0
    before = json.loads(run("export", str(db)).stdout)
    assert len(before["stories"]) == 1
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(DEMO / "corpus" / "warc" / "demo.warc.gz", second / "demo.warc.gz")
    assert run("analyze", str(db), str(second), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    by_url = {a["url"]: a["id"] for a in doc["articles"]}
    story = {aid: s["id"] for s in doc["stories"] for aid in s["articles"]}
    farm, scraper = by_url["https://spinfarm.example/estuary"], by_url["https://scraper.example/estuary"]
    orig = next(i for u, i in by_url.items() if u.startswith("https://harborwire.example/"))
    report = next(i for u, i in by_url.items() if u.startswith("https://marrenpost.example/"))
    (r,) = [r for r in doc["relations"] if {r["a"], r["b"]} == {farm, orig}]
    assert r["kind"] == "rewrite" and r["direction"] == ("a->b" if r["a"] == orig else "b->a"), r["evidence"]
    assert story[orig] == story[report] == story[farm] == story[scraper]
    assert len(doc["stories"]) == 1 and sorted(doc["stories"][0]["articles"]) == sorted(by_url.values())
    ended = before["stories"][0]["id"]  # the story the spin started ended: its id leads to where its articles went
    assert ended != story[orig] and doc["stories_moved"] == {ended: story[orig]}
    with open_store(db) as store:
        assert store.story_moved(ended) == story[orig] and store.story_moved(story[orig]) is None
    assert run("stories", str(db), ended).stdout.startswith(
        f"story {ended} ended as the store grew: its articles are in story {story[orig]} now\n")
    # the spin's stamp left with it: a copy's own date is no day of its story (found by QA: it stretched them)
    assert doc["stories"][0]["first"] == "2024-03-14", doc["stories"][0]


def test_stories_command_leads_from_a_story_id_that_ended_to_where_its_articles_are(tmp_path):
    """A story id kept from an earlier run, that no article has any more and that names no article (a store
    written through the library can name its stories as it likes), leads to the story its articles are in."""
    db = tmp_path / "s.db"
    assert run("ingest", str(db), str(DEMO / "corpus" / "text"), "--quiet").exit_code == 0
    with open_store(db) as store:
        a, b, c = store.article_ids()[:3]
        store.put_stories({a: "first", b: "first", c: "second"})
        store.put_stories({c: "first"})
    shown = run("stories", str(db), "second")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("story second ended as the store grew: its articles are in story first now\n"
                                   "story first: 3 articles")
    assert json.loads(run("stories", str(db), "second", "--json").stdout)["id"] == "first"


def test_stories_command_leads_an_ended_story_named_after_an_article_where_serve_and_the_report_do(tmp_path):
    """Review: a story named after an article that left it (it followed its original) and was renamed after
    another of its articles led, on the command line, to the story that one article went to; GET /stories/ID, the
    export's stories_moved and the report's forwarding page lead to the story most of its articles are in."""
    db = tmp_path / "s.db"
    assert run("ingest", str(db), str(DEMO / "corpus"), "--quiet").exit_code == 0
    with open_store(db) as store:
        s, x, y, p = store.article_ids()[:4]
        store.put_stories({s: s, x: s, y: s, p: p})
        store.put_stories({s: p, x: x, y: x})  # s follows its original to p's story; the rest stay, renamed
        assert store.story_moved(s) == x
    shown = run("stories", str(db), s)
    assert shown.stdout.startswith(f"story {s} ended as the store grew: its articles are in story {x} now\n"
                                   f"story {x}: 2 articles")
    assert json.loads(run("stories", str(db), s, "--json").stdout)["id"] == x
    assert json.loads(run("stories", str(db), s[:8], "--json").stdout)["id"] == p  # a prefix names the article


def test_a_spin_stored_before_its_original_follows_it_with_a_copy_of_it_that_arrives_with_the_original(tmp_path):
    """Found by review: the spin's copy arriving in the same run as the original joined the spin's story (through
    the spin), and the spin then 'followed' that copy, the first of its sources by id, so it stayed put; and a copy
    of this run was never moved along with the spin it joined. Analysed at once, all five are one story."""
    spin = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "farm.jsonl").write_text(json.dumps({"url": "https://spinfarm.example/estuary", "text": spin,
                                                  "published": "2023-03-01T08:00:00+00:00"}) + "\n", "utf-8")
    shutil.copy(DEMO / "corpus" / "warc" / "demo.warc.gz", second / "demo.warc.gz")
    (second / "scraper.jsonl").write_text(json.dumps({"url": "https://scraper.example/estuary",
                                                      "text": spin + "\n\nLeave a Reply",
                                                      "published": "2023-03-02T08:00:00+00:00"}) + "\n", "utf-8")
    db = tmp_path / "grow.db"
    assert run("analyze", str(db), str(first), "--quiet").exit_code == 0
    assert run("analyze", str(db), str(second), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    assert len(doc["articles"]) == 5
    assert len(doc["stories"]) == 1 and len(doc["stories"][0]["articles"]) == 5, doc["stories"]


def test_a_story_a_spin_started_keeps_no_id_of_the_spin_once_the_spin_follows_its_original_away(tmp_path):
    """Found by QA (a daily crawl): a spin stamped a year early, crawled first, started a story that an independent
    report of the event joined; when the original arrived (a year later by its date: a story of its own) the spin
    followed it, and the story it left, holding only the report, kept the spin's id: a story named after an
    article of another story. It takes the id of its first remaining member."""
    from unspun.read import read_file
    from unspun.records import Document

    docs = {d.url: d for d in read_file(str(DEMO / "corpus" / "warc" / "demo.warc.gz")) if isinstance(d, Document)}
    orig = docs["https://harborwire.example/2024/03/14/estuary-mayors-back-240-million-flood-barrier-plan"]
    report = docs["https://marrenpost.example/local/2024/03/14/aven-towns-strike-historic-deal-on-tidal-gates"]
    spin = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    for part, rows in (("first", [{"url": "https://spinfarm.example/estuary", "text": spin, "published": "2023-03-01"},
                                  {"url": report.url, "title": report.title, "text": report.text,
                                   "published": "2023-03-02"}]),
                       ("second", [{"url": orig.url, "title": orig.title, "text": orig.text,
                                    "published": "2024-03-14"}])):
        (tmp_path / part).mkdir()
        (tmp_path / part / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    db = tmp_path / "daily.db"
    assert run("analyze", str(db), str(tmp_path / "first"), "--quiet").exit_code == 0
    before = json.loads(run("export", str(db)).stdout)
    by_url = {a["url"]: a["id"] for a in before["articles"]}
    farm, independent = by_url["https://spinfarm.example/estuary"], by_url[report.url]
    assert [sorted(s["articles"]) for s in before["stories"]] == [sorted([farm, independent])]
    assert before["stories"][0]["id"] == farm
    assert run("analyze", str(db), str(tmp_path / "second"), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    wire = next(a["id"] for a in doc["articles"] if a["url"] == orig.url)
    stories = {s["id"]: sorted(s["articles"]) for s in doc["stories"]}
    assert stories == {wire: sorted([wire, farm]), independent: [independent]}, stories
    assert all(s["id"] in s["articles"] for s in doc["stories"])


def test_a_copy_that_gives_a_quotation_to_someone_else_shows_the_changed_sentence_and_both_speakers(tmp_path):
    """Found by QA: a copy rewrote one attribution (``said Hans Joachim Schellnhuber, the director of …`` ->
    ``said Michael Mann, a climate scientist …``); that sentence aligned with nothing, so the relation had no diff,
    ``sources`` did not show it and the quotation stayed in two groups of one article each. In a copy, sentences
    changed in place between two aligned passages are aligned as edited."""
    lines = [
        "Midway Atoll is a remote spit of land in the middle of the Pacific Ocean, far from any city.",
        "Last week the president flew there to swim with monk seals and draw attention to a quiet threat.",
        "The ocean around the atoll is warming faster than scientists had expected a decade ago.",
        "Officials at the wildlife refuge said the seabird colonies had shrunk by a third since 2010.",
        "\"One would have hoped for transformational leadership, in the way J.F.K. would have done it,\" said Hans "
        "Joachim Schellnhuber, the director of the Potsdam Institute for Climate Impact Research in Germany.",
        "The president has made climate change a central theme of his final months in office.",
        "His aides say he will return to the subject in a speech at the United Nations in September.",
        "Critics in Congress have vowed to block the regulations that his administration proposed in May.",
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "orig.txt").write_text("\n\n".join(lines) + "\n", "utf-8")
    swapped = [x.replace("Hans Joachim Schellnhuber, the director of the Potsdam Institute for Climate Impact Research "
                         "in Germany", "Michael Mann, a climate scientist at Penn State University") for x in lines]
    assert swapped != lines
    (corpus / "swap.txt").write_text("\n\n".join(swapped) + "\n", "utf-8")
    db = tmp_path / "swap.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    (r,) = doc["relations"]
    assert r["kind"] == "copy"  # the judged passages' kind: an attribution rewritten in place makes no duplicate
    edited = [p for p in r["passages"] if p["type"] == "edited"]
    assert len(edited) == 1 and min(r["coverage_a"], r["coverage_b"]) > 0.99
    assert {"from": "Hans Joachim Schellnhuber", "to": "Michael Mann"} in [
        {k: d[k] for k in ("from", "to")} for d in r["diff"]] or \
        {"from": "Michael Mann", "to": "Hans Joachim Schellnhuber"} in [{k: d[k] for k in ("from", "to")} for d in r["diff"]]
    (g,) = [g for g in doc["quotes"] if "J.F.K." in g["variants"][0]["text"]]
    assert set(g["speakers_differ"]) == {"Hans Joachim Schellnhuber", "Michael Mann"}


def test_an_edited_file_read_again_is_a_later_version_of_the_first(tmp_path):
    """Found by QA: the two versions' relation was 'unknown', so the family {old, new, a copy} lost its original."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8")
    (corpus / "story.txt").write_text(text, "utf-8")
    db = tmp_path / "v.db"
    assert run("analyze", str(db), str(corpus), "--quiet").exit_code == 0
    first = json.loads(run("export", str(db)).stdout)["articles"][0]["id"]
    edited = text.replace("agreed", "decided", 1) + "\n\nCorrection: an earlier version misstated the cost.\n"
    (corpus / "story.txt").write_text(edited, "utf-8")
    assert run("analyze", str(db), str(corpus), "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    (rel,) = doc["relations"]
    second = next(a["id"] for a in doc["articles"] if a["id"] != first)
    assert (rel["a"], rel["b"]) == tuple(sorted((first, second)))
    assert rel["direction"] == ("a->b" if rel["a"] == first else "b->a"), rel
    assert "is a later version of" in rel["evidence"][0]
    assert doc["families"][0]["original"] == first


def test_a_same_story_pair_shows_the_quotations_it_shares(exported):
    """Two reports of one event that quote the same person are no reuse, but what they share is shown: before,
    such a pair said 'no shared text' and 0% while sharing quotations word for word (found by QA: an LLM rewrite
    keeping all seven of its original's quotations)."""
    who = names(exported)
    story = [r for r in exported["relations"] if r["kind"] == "same_story"]
    assert story and all(r["direction"] == "unknown" for r in story)
    shared = [r for r in story if r["passages"]]
    assert shared, [(who[r["a"]], who[r["b"]]) for r in story]
    for r in shared:
        assert r["evidence"][0].startswith("shares only ") and "no reuse" in r["evidence"][0]
        assert max(r["coverage_a"], r["coverage_b"]) > 0
        assert any(p.get("weak") == "quote" for p in r["passages"]) or "other sentence" in r["evidence"][0]
    for r in story:
        if not r["passages"]:
            assert r["evidence"] == ["no shared text: independent reports of one event"]


def test_stories_come_with_their_days_and_articles_in_publication_order(exported):
    """Found by QA: a story was only an id and its articles in id order, so how it spread over days could not be
    read from the export, the API or the report."""
    published = {a["id"]: (a["published"] or "")[:10] or None for a in exported["articles"]}
    spread = 0
    for s in exported["stories"]:
        days = [published[a] for a in s["articles"]]
        dated = [d for d in days if d]
        assert days == sorted(dated) + [None] * (len(days) - len(dated))  # oldest first, undated last
        assert (s["first"], s["last"]) == ((min(dated), max(dated)) if dated else (None, None))
        spread += bool(dated) and min(dated) != max(dated)
    assert spread, "the demo has a story reported on more than one day"


def test_rewrite_verdicts_source_follows_the_resolved_direction(exported):
    """A verdict stored before the copies around a pair settled its direction still says which side is the source
    as the export's direction does (found by review: 'source': 'a' beside 'direction': 'b->a' was possible)."""
    from unspun.export import with_source

    for r in exported["relations"]:
        if "spin" in r and r["direction"] in ("a->b", "b->a"):
            assert r["spin"]["source"] == r["direction"][0], r
    assert with_source({"source": "a", "verdict": "machine_spin"}, "b->a")["source"] == "b"
    assert with_source({"source": "b"}, "common") == {"source": "b"}


def test_sources_lists_replaced_words_from_the_source_to_the_copy(analysed, exported):
    """Found by QA: on a 'copied by' entry the words ran from the copy to this article, its source."""
    db, _ = analysed
    who = {v: k for k, v in names(exported).items()}
    on_original = run("sources", str(db), who["original"]).output
    on_spin = run("sources", str(db), who["spin"]).output
    block = on_original.split(f"copied by {who['spin']}")[1].split("\n\n")[0]
    assert "Leaders → Frontrunners" in block, block
    assert "Leaders → Frontrunners" in on_spin.split(f"derives from {who['original']}")[1].split("\n\n")[0]


def test_same_story_evidence_names_each_kind_of_weak_passage():
    from unspun.export import _weak_note
    from unspun.records import Passage, Span

    def p(weak: str) -> Passage:
        return Passage(Span(0, 1), Span(0, 1), "exact", 1.0, weak)

    assert _weak_note(()) == "no shared text: independent reports of one event"
    note = _weak_note((p("quote"), p("quote"), p("boilerplate"), p("short"), Passage(Span(0, 1), Span(0, 1),
                                                                                         "paraphrase", 0.6)))
    assert note.startswith("shares only 2 quotations, 1 stock phrase, 1 site boilerplate sentence, "
                           "1 other sentence (loose paraphrases, none in a run): weak evidence"), note


def test_same_story_evidence_does_not_call_a_sentence_shared_word_for_word_a_paraphrase():
    # QA (a crawl): a site's home page carries its article's lead word for word as a teaser (the site's own
    # sentence, no lifted passage): the same_story evidence called it a loose paraphrase
    from unspun.export import _weak_note
    from unspun.records import Passage, Span

    exact = Passage(Span(55, 360), Span(79, 384), "exact", 1.0)
    loose = Passage(Span(0, 1), Span(0, 1), "paraphrase", 0.6)
    assert _weak_note((exact,)).startswith("shares only 1 other sentence (word for word or nearly, none in a run)")
    assert _weak_note((exact, loose)).startswith("shares only 2 other sentences (loose paraphrases or word for "
                                                  "word, none in a run)")
    assert "(loose paraphrases, none in a run)" in _weak_note((loose,))


def test_stories_command_lists_the_stories_and_shows_one_with_its_reuse(analysed, exported):
    """`unspun stories` answers the first question (which articles report the same story) on the command line:
    the stories as the export has them, largest first, and one story, named by its id or any of its articles' ids,
    with its articles in publication order and who copies whom inside it."""
    db, _ = analysed
    listed = [json.loads(line) for line in run("stories", str(db), "--json").stdout.splitlines()]
    assert listed == exported["stories"]
    lines = run("stories", str(db)).stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [[s["id"], str(len(s["articles"]))] for s in listed]
    big = listed[0]
    name = names(exported)
    orig = next(a for a, n in name.items() if n == "original")
    member = next(a for a in big["articles"] if a != big["id"])
    one = json.loads(run("stories", str(db), member[:6], "--json").stdout)
    assert one["id"] == big["id"] and one["note"] == f"article {member} is in story {big['id']}"
    assert [a["id"] for a in one["articles"]] == big["articles"]
    assert {(r["a"], r["b"]) for r in one["relations"]} == {
        (r["a"], r["b"]) for r in exported["relations"] if {r["a"], r["b"]} <= set(big["articles"])}
    assert [f["original"] for f in one["families"]] == [orig]
    shown = run("stories", str(db), big["id"]).stdout
    assert f"story {big['id']}: {len(big['articles'])} articles" in shown
    assert f"original {orig}" in shown
    truncated = next(a for a, n in name.items() if n == "truncated")
    assert f"{truncated} is a copy of {orig}" in shown
    missing = run("stories", str(db), "0000000000000000")
    assert missing.exit_code == 1 and "no story '0000000000000000'" in missing.output


def test_a_reposting_plugins_source_link_names_the_original_in_analyze_check_and_show(tmp_path):
    """A scraper's page links to the page it took the article from (``<a href=…>Source link</a>``): the link, kept
    with the article, decides the direction against that page, in ``analyze`` and in ``check``, and ``show`` names
    it; before, only the line's presence voted."""
    body = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8").split("\n\n")
    original_url = "https://harborwire.example/2024/03/14/estuary"

    def page(url: str, extra: str = "") -> str:
        return (f'<html><head><title>Estuary mayors back barrier</title><meta property="og:url" content="{url}">'
                "</head><body><article>" + "".join(f"<p>{p}</p>" for p in body) + f"</article>{extra}</body></html>")

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.html").write_text(page(original_url), "utf-8")
    repost = page("https://newshub.example/?p=12",
                  f'<p><a href="{original_url}?utm_source=rss" rel="nofollow">Source link</a></p>')
    (corpus / "repost.html").write_text(repost, "utf-8")
    db = tmp_path / "s.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    by_url = {a["url"]: a for a in doc["articles"]}
    wire, copy = by_url[original_url], by_url["https://newshub.example/?p=12"]
    assert copy["source_link"] == f"{original_url}?utm_source=rss" and wire["source_link"] is None
    (r,) = doc["relations"]
    assert r["direction"] == ("a->b" if r["a"] == wire["id"] else "b->a") and r["confidence"] == 0.95, r
    assert "names" in r["evidence"][0] and "\u201cSource link\u201d link to" in r["evidence"][0], r["evidence"]
    assert f"from:      {original_url}?utm_source=rss (the page's \u201cSource link\u201d link names it)" in run(
        "show", str(db), copy["id"]).stdout
    # check of the repost's page against a store holding only the original
    only = tmp_path / "only.db"
    assert run("analyze", str(only), str(corpus / "wire.html"), "--no-embed", "--quiet").exit_code == 0
    [art] = json.loads(run("check", str(only), str(corpus / "repost.html"), "--no-embed", "--json", "-q").stdout)[
        "articles"]
    [m] = art["matches"]
    assert m["direction"] == "stored->text" and m["confidence"] == 0.95, m


def test_check_names_the_page_a_source_link_names_among_stored_copies_of_its_words(tmp_path):
    """Found by QA (content farm, 2026-12-04): a store holds the original and another scraper's repost of it, word for
    word, the repost stamped earlier. ``check`` of a third repost whose ``Source link`` names the original showed only
    the stored repost (``common``), the original hidden among "the same words are stored 1 more time(s) ... kind,
    passages and coverage hold for each", though the text derives from it: the page a text names as its original
    stands for its group of identical texts."""
    body = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8").split("\n\n")
    original_url = "https://harborwire.example/2024/03/14/estuary"

    def page(url: str, when: str, extra: str = "") -> str:
        return (f'<html><head><title>Estuary mayors back barrier</title><meta property="og:url" content="{url}">'
                f'<meta property="article:published_time" content="{when}"></head><body><article>'
                + "".join(f"<p>{p}</p>" for p in body) + f"</article>{extra}</body></html>")

    link = f'<p><a href="{original_url}" rel="nofollow">Source link</a></p>'
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.html").write_text(page(original_url, "2024-03-14T22:00:00+00:00"), "utf-8")
    (corpus / "repost.html").write_text(page("https://newshub.example/?p=12", "2024-03-14T09:00:00+00:00", link),
                                        "utf-8")
    db = tmp_path / "s.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    wire = next(a for a in json.loads(run("export", str(db)).stdout)["articles"] if a["url"] == original_url)
    third = tmp_path / "third.html"
    third.write_text(page("https://buzzfeed24.example/estuary/", "2024-03-13T08:00:00+00:00", link), "utf-8")
    [art] = json.loads(run("check", str(db), str(third), "--no-embed", "--json", "-q").stdout)["articles"]
    derives = [m for m in art["matches"] if m["direction"] == "stored->text"]
    assert [m["id"] for m in derives] == [wire["id"]], art["matches"]
    assert derives[0]["confidence"] == 0.95
    shown = run("check", str(db), str(third), "--no-embed", "-q").stdout
    assert "this one is the page the text names as its original" in shown, shown


def test_stories_listing_counts_a_site_known_by_name_and_by_host_once(tmp_path):
    """Found by QA on a crawl: an article page (``og:site_name`` The Valley Tribune) and its print page (no site
    name: it goes by its host) were listed as a story of 2 sites."""
    page = ("<html><head><title>{t}</title>{meta}<meta property='article:published_time' content='2025-04-11'>"
            "</head><body><article><h1>{t}</h1><p>{p}</p></article></body></html>")
    body = ("The county board voted on Thursday night to build an electric bus depot on the old rail yard east "
            "of downtown, ending three years of argument over the empty fourteen-acre site. ") * 3
    site = "<meta property='og:site_name' content='The Valley Tribune'>"
    (tmp_path / "a.html").write_text(page.format(t="Depot approved", meta=site + "<link rel='canonical' href="
                                                 "'https://www.valleytribune.example/news/depot/'>", p=body))
    (tmp_path / "b.html").write_text(page.format(t="Depot approved", meta="<link rel='canonical' href="
                                                 "'https://valleytribune.example/print/news/depot/'>", p=body))
    db = tmp_path / "s.db"
    assert run("ingest", str(db), str(tmp_path / "a.html"), str(tmp_path / "b.html"), "--quiet").exit_code == 0
    with open_store(db) as store:
        a, b = store.article_ids()
        assert {store.article(a).site, store.article(b).site} == {"The Valley Tribune", "valleytribune.example"}
        store.put_stories({a: a, b: a})
    listed = run("stories", str(db)).stdout
    assert " 1 site " in listed and "2 sites" not in listed, listed


def test_check_stands_identical_stored_copies_for_the_one_that_names_no_other_page_its_original(tmp_path):
    """Found by QA on a crawl: a store holds Coast News' article page and its AMP page (or a partner's syndicated
    run), the same words stamped with the same time, the copy's canonical link naming the article page. ``check`` of
    a third site's cut copy answered with the AMP page, whose own evidence said it reposts another page (direction
    confidence 0.50), the article page hidden among "the same words are stored 1 more time(s)": the tie of dates
    went to the smaller id. A page that names another page its original does not stand for its group."""
    body = [" ".join(p.split()) for p in """
PORT HALDEN \u2014 A powerful winter storm pushed seawater over the harbor wall early Thursday, flooding dozens of
homes and businesses in the low-lying Harbor District and forcing about 300 residents from their homes before dawn.
|The National Weather Service said the surge peaked at 6.4 feet above normal high tide at 4:10 a.m., the highest
reading at the Port Halden tide gauge since a March 1998 storm that destroyed the old ferry pier.
|Firefighters in inflatable boats went door to door along Cannery Row and Wharf Street, where water reached the
windowsills of some ground-floor apartments. No serious injuries were reported, the fire chief said.
|The city opened an emergency shelter at Halden Middle School, where the Red Cross served breakfast to about 140
people. Others went to stay with family or at hotels, which offered discounted rooms.
|Mayor Victor Albescu declared a local emergency on Thursday morning, which allows the city to seek state and federal
aid. He said early estimates put the damage at more than $12 million.""".split("|")]
    original_url = "https://coastnews.example/2025/04/10/storm-surge/"

    def page(url: str, when: str, extra: str = "", paras: list[str] = body) -> str:
        return (f'<html><head><title>Estuary mayors back barrier</title><meta property="og:url" content="{url}">'
                f'{extra}<meta property="article:published_time" content="{when}"></head><body><article>'
                + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    when = "2025-04-10T15:15:00+00:00"
    (corpus / "cn.html").write_text(page(original_url, when), "utf-8")
    (corpus / "dr.html").write_text(page("https://dailyregion.example/region/storm-surge", when,
                                         f'<link rel="canonical" href="{original_url}">'), "utf-8")
    db = tmp_path / "s.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    by_url = {a["url"]: a["id"] for a in json.loads(run("export", str(db)).stdout)["articles"]}
    original, partner = by_url[original_url], by_url["https://dailyregion.example/region/storm-surge"]
    assert partner < original  # the tie of dates went to the smaller id
    third = tmp_path / "third.html"
    third.write_text(page("https://baycourier.example/news/storm", "2025-04-11T16:00:00+00:00",
                          paras=body[:-2]), "utf-8")
    [art] = json.loads(run("check", str(db), str(third), "--no-embed", "--json", "-q").stdout)["articles"]
    derives = [m for m in art["matches"] if m["direction"] == "stored->text"]
    assert [m["id"] for m in derives] == [original], [(m["id"], m["kind"], m["direction"], m["evidence"]) for m in art["matches"]]
    assert derives[0]["same_text"] == [partner]


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066"])
def test_a_copy_with_invisible_characters_inside_its_words_is_a_copy_not_a_rewrite(tmp_path, mark):
    """Found by QA: a scraper that slips zero-width or bidi control characters into words (an old trick against
    copy detection) made its verbatim copy a `rewrite`, with `words replaced: debate → de\u200bbate, ...`; the
    characters split each word in two. They are taken out of the cleaned text (offsets map back to the text as read)."""
    text = (DEMO / "corpus" / "text" / "truncated.txt").read_text("utf-8")
    marked = " ".join(w[:2] + mark + w[2:] if len(w) > 4 and k % 3 == 0 else w for k, w in enumerate(text.split(" ")))
    assert marked.count(mark) > 30
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(text, "utf-8")
    (corpus / "b.txt").write_text(marked, "utf-8")
    db = tmp_path / "s.db"
    assert run("analyze", str(db), str(corpus), "--no-embed", "--quiet").exit_code == 0
    doc = json.loads(run("export", str(db)).stdout)
    (rel,) = doc["relations"]
    assert rel["kind"] == "duplicate" and not rel.get("diff"), (rel["kind"], rel.get("diff", [])[:3])
    [art] = json.loads(run("check", str(db), str(corpus / "b.txt"), "--no-embed", "--json", "-q").stdout)["articles"]
    got = {m["kind"] for m in art["matches"]}
    assert got == {"duplicate"}, got
    for m in art["matches"]:  # offsets into the text as read: each passage starts and ends on the words it aligns
        for p in m["passages"]:
            start, end = p["text"]
            assert marked[start:end].replace(mark, "").split()[0] in text
