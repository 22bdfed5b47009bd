"""An article builder's work: one article made of paragraphs from each of two sources, spun (about a word in
five swapped for a synonym), and lines of its own. Such paragraphs share too few shingles with their source
for the whole-text MinHash, no sentence word for word, and the lead embedding sees only the first source; the runs of
content words they keep (:mod:`unspun.fingerprint.grams`) pair them with both sources."""

from __future__ import annotations

import json

import numpy as np
import pytest

from unspun.config import FingerprintOptions, Options
from unspun.fingerprint.grams import MAX_POSTINGS, MIN_SHARED, SAMPLE, gram_hashes
from unspun.ingestion import ingest
from unspun.candidates import propose
from unspun.pipeline import candidates, fingerprint, load_index
from unspun.store import open_store

FERRY = """The Halden Bay ferry service will stop running its night crossings from the first of June, the regional transport authority announced on Monday, citing a shortage of qualified deck crew and rising fuel costs.

The authority said the last evening sailing from Halden will now leave at 8.40pm, two hours earlier than at present, and that the 11pm return crossing from Mossvik will be withdrawn altogether.

Commuters who work late shifts at the Mossvik fish processing plant said the decision would leave them stranded. Around 140 workers cross the bay each night, according to figures published by the plant's owner, Nordhav Seafood.

Transport authority director Ingrid Solberg told a news conference that the service had advertised eleven deck officer positions since January and filled only three. She said the authority had asked the coastal ministry for emergency funding to train new crew.

Local councillors from both main parties criticised the timing of the announcement, which came two days after the authority approved a budget that included a pay rise for its senior managers.

A public meeting on the timetable changes will be held at Halden town hall on Thursday evening."""

DAM = """Engineers inspecting the Varnes hydroelectric dam found cracks in two of its concrete spillway gates last week, the power company Vestkraft said on Tuesday, and the reservoir behind it will be lowered by four metres as a precaution.

The company said there was no immediate danger to the villages downstream, but it has asked the county emergency office to review its evacuation plans for the Varnes valley, where about 2,300 people live.

The dam, completed in 1964, supplies electricity to roughly 90,000 households. Vestkraft said lowering the reservoir would cut its output by about a third until repairs are finished, probably in late autumn.

Independent dam safety consultant Per Aasland said cracks of the kind described were common in spillway gates of that age and could usually be repaired without draining the reservoir completely.

The national energy regulator said it would send its own inspectors to the site and publish their findings within a month.

Residents of the valley have been invited to an information meeting at the Varnes community centre next Monday."""

BUILT = """Regional roundup: transport and energy news from the western districts this week.

The Halden Bay ferry service will stop operating its night crossings from the first of June, the regional transport authority declared on Monday, citing a shortage of qualified deck crew and mounting fuel costs. The authority said the final evening sailing from Halden will now depart at 8.40pm, two hours earlier than at present, and that the 11pm return crossing from Mossvik will be withdrawn entirely.

Transport authority director Ingrid Solberg told a press conference that the service had advertised eleven deck officer vacancies since January and filled only three. She said the authority had asked the coastal ministry for urgent funding to train new crew.

Inspectors examining the Varnes hydroelectric barrage discovered fractures in two of its concrete spillway gates last week, the energy firm Vestkraft said on Tuesday, and the reservoir behind it will be reduced by four metres as a safeguard. The firm said there was no imminent hazard to the hamlets downstream, but it has requested the county emergency bureau to revisit its evacuation schemes for the Varnes valley, where about 2,300 people reside.

The barrage, finished in 1964, provides power to approximately 90,000 households. Vestkraft said reducing the reservoir would slash its production by about a third until fixes are completed, likely in late autumn.

Readers can send news from their own district to our newsroom by the usual address."""


def _write(folder, **texts):
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")


def test_gram_hashes_are_sorted_distinct_sampled_and_survive_spinning():
    h = gram_hashes(FERRY)
    assert h.dtype == np.uint64 and np.all(np.diff(h.astype(np.float64)) >= 0) and len(np.unique(h)) == len(h)
    assert not np.any(h & np.uint64(1)) and np.all((h >> np.uint64(1)) % np.uint64(SAMPLE) == 0)
    assert np.array_equal(h, gram_hashes(FERRY))  # the same in every process: no Python hash()
    assert len(gram_hashes("the and of")) == 0
    # the spun paragraphs keep enough of their source's runs of content words; the other story shares none
    assert len(np.intersect1d(gram_hashes(FERRY), gram_hashes(BUILT))) >= MIN_SHARED
    assert len(np.intersect1d(gram_hashes(DAM), gram_hashes(BUILT))) >= MIN_SHARED
    assert len(np.intersect1d(gram_hashes(FERRY), gram_hashes(DAM))) == 0


def test_an_article_built_of_spun_paragraphs_is_a_candidate_of_each_source(tmp_path):
    _write(tmp_path / "c", ferry=FERRY, dam=DAM, built=BUILT)
    db = tmp_path / "b.db"
    with open_store(db) as store:
        ingest(store, [str(tmp_path / "c")])
        found = candidates(store, Options(fingerprint=FingerprintOptions(embed=False))).candidates
        name = {a["id"]: a["path"].rsplit("/", 1)[-1].removesuffix(".txt") for a in store.article_summaries()}
    pairs = {frozenset((name[c.a], name[c.b])): c.via for c in found}
    assert "grams" in pairs[frozenset(("ferry", "built"))] and "grams" in pairs[frozenset(("dam", "built"))], pairs
    assert frozenset(("ferry", "dam")) not in pairs


@pytest.mark.slow
def test_an_article_built_of_spun_paragraphs_is_a_partial_of_each_source_in_analyze_and_check(tmp_path):
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    from click.testing import CliRunner

    from unspun.cli import cli

    _write(tmp_path / "c", ferry=FERRY, dam=DAM, built=BUILT)
    db = tmp_path / "b.db"
    run = CliRunner().invoke
    assert run(cli, ["analyze", str(db), str(tmp_path / "c"), "-q"]).exit_code == 0
    doc = json.loads(run(cli, ["export", str(db)]).stdout)
    name = {a["id"]: a["source"].rsplit("/", 1)[-1].removesuffix(".txt") for a in doc["articles"]}
    kinds = {frozenset((name[r["a"]], name[r["b"]])): r for r in doc["relations"]}
    built = next(a for a in doc["articles"] if name[a["id"]] == "built")
    shown = run(cli, ["show", str(db), built["id"], "--json"])
    text = json.loads(shown.stdout)["text"]
    where = {"ferry": (text.index("The Halden Bay ferry"), text.index("Inspectors examining")),
             "dam": (text.index("Inspectors examining"), text.index("Readers can send"))}
    for source in ("ferry", "dam"):
        r = kinds[frozenset((source, "built"))]
        # reuse of part of it (at about half of each side, `copy` or `rewrite` by the kind rules' coverage bar)
        assert r["kind"] in ("partial", "copy", "rewrite"), (source, r["kind"], r["evidence"])
        side = "a" if name[r["a"]] == "built" else "b"
        assert r["direction"] == ("b->a" if side == "a" else "a->b"), r  # the built article derives from it
        lo, hi = where[source]
        assert len(r["passages"]) >= 3 and all(lo <= p[side][0] < p[side][1] <= hi for p in r["passages"]), (
            source, r["passages"])
    assert frozenset(("ferry", "dam")) not in kinds
    # check of the built article against a store of the two sources finds both
    only = tmp_path / "s.db"
    (tmp_path / "s").mkdir()
    for source in ("ferry", "dam"):
        (tmp_path / "s" / f"{source}.txt").write_text((tmp_path / "c" / f"{source}.txt").read_text("utf-8"), "utf-8")
    assert run(cli, ["analyze", str(only), str(tmp_path / "s"), "-q"]).exit_code == 0
    out = run(cli, ["check", str(only), str(tmp_path / "c" / "built.txt"), "--json", "-q"])
    [art] = json.loads(out.stdout)["articles"]
    assert sorted(m["source"].rsplit("/", 1)[-1] for m in art["matches"]) == ["dam.txt", "ferry.txt"]
    assert all(m["kind"] in ("partial", "copy", "rewrite") and m["direction"] == "stored->text"
               for m in art["matches"]), art["matches"]


TIPS = ("READERS: The Western Courier wants to know about the council meetings, road closures, school board votes, "
        "planning disputes, campaign leaflets, candidate appearances and other interesting local news happening near "
        "you. Email any tips, videos, audio files or photographs to tips@westerncourier.example, or call our "
        "regional newsdesk at the number printed on page two of every edition.")


@pytest.mark.parametrize("hosts", [("westerncourier.example", "westerncourier.example"),
                                   ("westerncourier.example", "coastpost.example")])
def test_runs_of_content_words_pair_no_two_pages_of_one_site(tmp_path, hosts):
    """Two pages of one site share its boilerplate (a tip line, a live blog's time stamps), not a spun paragraph:
    found on real text, where two HuffPost articles that share only its reader-tips block became a ``partial`` and
    two AP live blogs of different primary nights one, through their time stamps and a stock sentence."""
    from conftest import DEMO

    stories = (FERRY + "\n\n" + DAM, (DEMO / "corpus" / "text" / "unrelated.txt").read_text("utf-8"))
    rows = [{"url": f"https://{host}/{k}", "text": f"{text}\n\n{TIPS}"}
            for k, (host, text) in enumerate(zip(hosts, stories, strict=True))]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "s.db") as store:  # (the site's furniture not learned: it would take the block out)
        ingest(store, [str(tmp_path / "in.jsonl")])
        fingerprint(store, options)
        found, _ = propose(load_index(store, options), options.candidates)
    assert any("grams" in c.via for c in found) == (hosts[0] != hosts[1]), [c.via for c in found]


@pytest.mark.parametrize("order", ["AB", "BA"])
def test_runs_of_content_words_in_check_pair_each_copy_of_a_text_by_its_own_site(tmp_path, order):
    """(Review) The lookup index posts a text's runs of content words once, under its first copy, and left out the
    whole text when that copy was of the checked page's site: a source also run by another site was missed by
    ``check`` (the candidates stage pairs that other site's copy), and when the first copy was another site's, the
    checked page's own site's copy came back through it, paired by its runs. Each copy is judged by its own site,
    as the candidates stage judges each page."""
    from conftest import DEMO

    from unspun.lookup import FingerprintIndex, prepare

    built = "\n\n".join(BUILT.split("\n\n")[1:3] + [(DEMO / "corpus" / "text" / "unrelated.txt").read_text("utf-8")])
    hosts = {"A": "a-news.example", "B": "b-news.example"}
    rows = [{"url": f"https://{hosts[h]}/{k}", "text": FERRY, "date": "2024-03-01"} for k, h in enumerate(order)]
    built_row = {"url": "https://a-news.example/built", "text": built, "date": "2024-03-05"}
    options = Options(fingerprint=FingerprintOptions(embed=False))
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows + [built_row]), "utf-8")
    (tmp_path / "stored.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    with open_store(tmp_path / "all.db") as store:
        ingest(store, [str(tmp_path / "all.jsonl")])
        fingerprint(store, options)
        found, _ = propose(load_index(store, options), options.candidates)
        url = {a["id"]: a["url"] for a in store.article_summaries()}
    by_grams = {url[c.a] if url[c.b] == built_row["url"] else url[c.b] for c in found
                if built_row["url"] in (url[c.a], url[c.b]) and "grams" in c.via}
    assert by_grams == {f"https://b-news.example/{order.index('B')}"}  # the candidates stage: the other site's copy
    with open_store(tmp_path / "stored.db") as store:
        ingest(store, [str(tmp_path / "stored.jsonl")])
        fingerprint(store, options)
        index = FingerprintIndex.from_store(store, options.fingerprint, options.candidates)
        url = {a["id"]: a["url"] for a in store.article_summaries()}
    q = prepare(built, options.fingerprint, options.candidates, embed=False)
    hits = index.query(q.signature, site="a-news.example")
    assert {url[h.id] for h in hits if "grams" in h.via} == by_grams, [(url[h.id], h.via) for h in hits]


def test_a_server_started_on_a_store_without_the_content_word_runs_pairs_by_them_once_analyze_adds_them(tmp_path):
    """(Review) A store written before the runs of content words (schema 7, upgraded on opening) has none until
    ``analyze`` fingerprints its articles again; a server started on it before then kept its articles without them
    for good (it catches up only on articles it does not hold), so POST /check missed what ``check`` finds."""
    from conftest import DEMO

    from unspun.fingerprint import Schemes
    from unspun.lookup import check
    from unspun.serve.service import Service

    built = "\n\n".join(BUILT.split("\n\n")[1:3] + [(DEMO / "corpus" / "text" / "unrelated.txt").read_text("utf-8")])
    _write(tmp_path / "c", ferry=FERRY, dam=DAM)
    db = tmp_path / "s.db"
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(db) as store:
        ingest(store, [str(tmp_path / "c")])
        fingerprint(store, options)
        store.db.execute("DELETE FROM fingerprints WHERE scheme=?", (Schemes.of(options.fingerprint).grams,))
    service = Service(str(db), embed=False)
    try:
        assert service.check(built)[1] == []  # no runs stored yet: nothing pairs them
        with open_store(db) as store:
            fingerprint(store, options)  # what 'unspun analyze' beside the server does first
            expected = {m.id for m in check(store, built, options=options)}
        assert expected  # the CLI's check finds the ferry story by its runs
        assert {m.id for m in service.check(built)[1]} == expected
    finally:
        service.close()


@pytest.mark.parametrize("carriers", [MAX_POSTINGS - 1, MAX_POSTINGS])
def test_runs_of_content_words_in_check_count_the_checked_text_among_their_carriers(tmp_path, carriers):
    """(Review) A run that ``MAX_POSTINGS`` stored articles carry is in one more once the checked text is stored:
    the candidates stage pairs none of them by it, and ``check`` paired the text with all of them (it counted the
    stored articles only)."""
    import random

    from unspun.lookup import FingerprintIndex, prepare

    rnd = random.Random(1)
    vocab = [f"w{rnd.randrange(10**6)}" for _ in range(20000)]

    def filler() -> str:  # words of no story, shared by none
        return "\n\n".join(" ".join(rnd.choice(vocab) for _ in range(60)) + "." for _ in range(4))

    stored = [{"url": f"https://site{k}.example/a", "text": FERRY + "\n\n" + filler()} for k in range(carriers)]
    text = "\n\n".join(BUILT.split("\n\n")[1:3]) + "\n\n" + filler()
    options = Options(fingerprint=FingerprintOptions(embed=False))
    (tmp_path / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in stored + [
        {"url": "https://built.example/1", "text": text}]), "utf-8")
    (tmp_path / "stored.jsonl").write_text("".join(json.dumps(r) + "\n" for r in stored), "utf-8")
    with open_store(tmp_path / "all.db") as store:
        ingest(store, [str(tmp_path / "all.jsonl")])
        fingerprint(store, options)
        found, _ = propose(load_index(store, options), options.candidates)
        built = next(a["id"] for a in store.article_summaries() if a["url"] == "https://built.example/1")
    in_analyze = sum(1 for c in found if built in (c.a, c.b) and "grams" in c.via)
    assert in_analyze == (carriers if carriers < MAX_POSTINGS else 0)
    with open_store(tmp_path / "stored.db") as store:
        ingest(store, [str(tmp_path / "stored.jsonl")])
        fingerprint(store, options)
        index = FingerprintIndex.from_store(store, options.fingerprint, options.candidates)
    hits = index.query(prepare(text, options.fingerprint, options.candidates, embed=False).signature)
    assert sum(1 for h in hits if "grams" in h.via) == in_analyze


def test_runs_of_content_words_in_check_count_their_carriers_in_every_block_of_the_index(tmp_path):
    """(Review) The lookup index keeps the articles a server stored since it started in a tail block, and a run's
    carriers were counted block by block: a run that 5 articles of each block carry (10, and the checked text 11:
    more than ``MAX_POSTINGS``, so the candidates stage pairs none of them by it) paired the text with all 10."""
    import random

    from unspun.fingerprint import fingerprint_batch
    from unspun.lookup import FingerprintIndex, prepare

    rnd = random.Random(1)
    vocab = [f"w{rnd.randrange(10**6)}" for _ in range(20000)]

    def filler() -> str:
        return "\n\n".join(" ".join(rnd.choice(vocab) for _ in range(60)) + "." for _ in range(4))

    fo = FingerprintOptions(embed=False)
    options = Options(fingerprint=fo)
    stored = [(f"{k:016x}", FERRY + "\n\n" + filler()) for k in range(MAX_POSTINGS)]
    text = "\n\n".join(BUILT.split("\n\n")[1:3]) + "\n\n" + filler()
    q = prepare(text, fo, options.candidates, embed=False).signature
    whole = FingerprintIndex(fo, options.candidates)
    whole.add(fingerprint_batch(stored, fo), merge=True)
    split = FingerprintIndex(fo, options.candidates)
    split.add(fingerprint_batch(stored[:5], fo), merge=True)
    split.add(fingerprint_batch(stored[5:], fo))  # as a server adds what it stores: a tail block
    assert len(split._blocks) == 2
    # 10 stored carriers and the text: none of them is paired by these runs, in one block or in two
    assert [h.id for h in split.query(q) if "grams" in h.via] == [] == [h.id for h in whole.query(q) if "grams" in h.via]


def test_a_store_fingerprinted_before_the_runs_gets_them_alone_and_pairs_as_a_new_one(tmp_path, monkeypatch):
    """A store written before the content-word runs lacks only them: the next run computes them alone (the other
    three schemes' work, four fifths of it, is not done again for every stored article), and its candidates are a
    fresh store's."""
    import unspun.pipeline as pipeline
    from unspun.fingerprint import Schemes

    _write(tmp_path / "c", ferry=FERRY, dam=DAM, built=BUILT)
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "fresh.db") as store:
        ingest(store, [str(tmp_path / "c")])
        want = {(c.a, c.b, c.via) for c in candidates(store, options).candidates}
    with open_store(tmp_path / "old.db") as store:
        ingest(store, [str(tmp_path / "c")])
        fingerprint(store, options)
        store.db.execute("DELETE FROM fingerprints WHERE scheme=?", (Schemes.of(options.fingerprint).grams,))
        full = []
        monkeypatch.setattr(pipeline, "fingerprint_batch", lambda batch, o: full.append(batch) or [])
        got = {(c.a, c.b, c.via) for c in candidates(store, options).candidates}
    assert full == [] and got == want
