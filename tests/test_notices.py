"""A syndicator's republication notice that many sites carry at the end of unrelated stories is no lifted sentence;
a sentence lifted from a story that several sites run still is (``unspun.align.notices``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from unspun.config import FingerprintOptions, Options
from unspun.lookup import CheckOptions, check
from unspun.pipeline import analyze
from unspun.store import open_store

DATA = Path(__file__).parent / "data" / "notices"
BRIEFS = [json.loads(line) for line in (DATA / "briefs.jsonl").read_text("utf-8").splitlines()]
"""Seven short health briefs of seven sites, on seven unrelated subjects, each closed by the same long notice of a
(made-up) nonprofit newsroom whose stories they may republish."""
STORY = [json.loads(line) for line in (DATA / "story.jsonl").read_text("utf-8").splitlines()]
"""One story (a maternity ward to close) run word for word by five sites."""
LIFTER = [json.loads(line) for line in (DATA / "lifter.jsonl").read_text("utf-8").splitlines()]
"""A story of a sixth site about another subject (a quiet ski season) that ends with the story's last sentence, a
long one, lifted word for word."""
OPTIONS = Options(fingerprint=FingerprintOptions(embed=False))
NOTICE_START = "Harbor Health Desk is an independent nonprofit newsroom"


def _analyze(store, tmp_path: Path, *parts: list[dict]) -> None:
    """Analyze the records of each part in turn (an increment each)."""
    for k, rows in enumerate(parts):
        folder = tmp_path / f"part{k}"
        folder.mkdir()
        (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
        analyze(store, [str(folder)], OPTIONS)


def _relations(store) -> list[tuple]:
    """The stored pairs by URL, with their kinds (None: no reuse) and their passages' weak marks."""
    urls = {a.id: a.url for a in store.articles()}
    return sorted((*sorted((urls[a], urls[b])), kind, tuple(sorted(p[6] for p in json.loads(passages))))
                  for a, b, kind, passages in store.db.execute("SELECT a, b, kind, passages FROM relations"))


def test_a_notice_that_seven_sites_carry_is_no_lifted_sentence(tmp_path):
    """QA: seven unrelated briefs of seven sites that share only the notice were all ``partial`` of one another
    (the notice alone no longer proposes them, above five articles, but their shingles do: the notice is much of
    each); they are proposed and aligned still, and are no reuse, the notice a weak passage."""
    assert all(r["text"].rsplit("\n\n", 1)[1].startswith(NOTICE_START) for r in BRIEFS)
    assert len({r["url"].split("/")[2] for r in BRIEFS}) == 7
    with open_store(tmp_path / "s.db") as store:
        _analyze(store, tmp_path, BRIEFS)
        assert len(list(store.candidates())) == 21
        assert [r for r in store.relations(shared_only=True)] == []
        texts = {a.id: a.text for a in store.articles()}
        weak = list(store.db.execute("SELECT a, passages FROM relations"))
        assert len(weak) == 21
        for aid, passages in weak:  # each pair keeps the notice, marked weak
            (p,) = json.loads(passages)
            assert p[6] == "notice" and texts[aid][p[0]:p[1]].startswith(NOTICE_START)
        # ``check`` of an eighth brief with the notice against the seven says the same
        text = ("The county will open a second blood donation centre in Linden Falls in May, the health board said, "
                "after donations fell by a fifth over the winter.\n\n" + BRIEFS[0]["text"].rsplit("\n\n", 1)[1])
        assert check(store, text, options=CheckOptions(fingerprint=FingerprintOptions(embed=False))) == []


def test_a_sentence_lifted_from_a_story_five_sites_run_is_still_a_lifted_sentence(tmp_path):
    """Six articles carry the story's last sentence, but five of them are copies of one story (duplicates of one
    another): two independent carriers, so the sixth site's article that lifts it is ``partial`` with each copy. A
    rule that counted articles (more than five: a notice) missed it, and so did the candidates, which now count the
    copies of one text once against the five-article limit of a long sentence alone."""
    with open_store(tmp_path / "s.db") as store:
        _analyze(store, tmp_path, STORY + LIFTER)
        rels = [r for r in store.relations(shared_only=True)]
        lifter = next(a.id for a in store.articles() if a.url == LIFTER[0]["url"])
        assert Counter(r.kind for r in rels if lifter not in (r.a, r.b)) == {"duplicate": 10}
        lifted = [r for r in rels if lifter in (r.a, r.b)]
        assert len(lifted) == 5 and {r.kind for r in lifted} == {"partial"}
        text = LIFTER[0]["text"]
        for r in lifted:
            (p,) = r.passages
            span = p.a if r.a == lifter else p.b
            assert text[span.start:span.end] == STORY[0]["text"].rsplit("\n\n", 1)[1]
    (tmp_path / "copies").mkdir()
    with open_store(tmp_path / "copies.db") as store:  # ``check`` of the lifter against the five copies
        _analyze(store, tmp_path / "copies", STORY)
        matches = check(store, LIFTER[0]["text"], options=CheckOptions(fingerprint=FingerprintOptions(embed=False)))
        assert matches and {m.kind for m in matches} == {"partial"}


def test_notices_do_not_depend_on_the_order_of_ingestion(tmp_path):
    """One analyze of everything, and two increments either way round (four briefs first: too few carriers for a
    notice, so their pairs are ``partial`` until the other three come), make the same relations: the pairs that
    rest on one lifted sentence are judged again on each run, from the stored corpus."""
    first = BRIEFS[:4] + STORY[:3]
    second = BRIEFS[4:] + STORY[3:] + LIFTER
    found = []
    for name, parts in (("once", [first + second]), ("two", [first, second]), ("reversed", [second, first])):
        (tmp_path / name).mkdir()
        with open_store(tmp_path / name / "s.db") as store:
            _analyze(store, tmp_path / name, *parts)
            found.append(_relations(store))
    assert found[0] == found[1] == found[2]
    assert Counter(kind for *_, kind, _weak in found[0]) == {"duplicate": 10, "partial": 5, None: 21}
    assert {weak for *_, kind, weak in found[0] if kind is None} == {("notice",)}
