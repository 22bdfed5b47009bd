"""The stories stage: the same-story score, incremental clustering, persistence, BCubed.

The evaluation gate on real data is tests/test_eval_stories.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from conftest import DEMO
from unspun.stories import (
    StoryIndex,
    StoryInput,
    StoryOptions,
    bcubed,
    chronological,
    date_factor,
    english_share,
    entity_overlap,
    inputs_from_store,
    same_story_score,
    story_inputs,
)

# -- helpers -------------------------------------------------------------------------------


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _synthetic(n: int, stories: int, seed: int = 0, noise: float = 0.25) -> list[StoryInput]:
    """Articles scattered around ``stories`` random directions, some dated, in a shuffled order."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(stories, 32))
    out = []
    for i in range(n):
        s = int(rng.integers(stories))
        vec = _unit(centres[s] / np.linalg.norm(centres[s]) + rng.normal(0, noise / np.sqrt(32), 32))
        day = date(2024, 1, 1 + s % 28) if i % 3 else None
        out.append(StoryInput(f"a{i:04d}", vec, (f"name{s}", f"{s * 7}"), day, english=1.0 if s % 2 else 0.3))
    return out


@pytest.fixture(scope="module")
def demo_store():
    from unspun.ingestion import ingest
    from unspun.store import open_store

    store = open_store(":memory:")
    ingest(store, [str(DEMO / "corpus")])
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_inputs(demo_store):
    """The demo articles as StoryInputs (real all-MiniLM-L6-v2 lead embeddings), and their names."""
    pytest.importorskip("sentence_transformers", reason="needs the 'embed' extra")
    expected = json.loads((DEMO / "expected.json").read_text("utf-8"))
    articles = list(demo_store.articles())
    names = {}
    for e in expected["articles"]:
        for a in articles:
            if (e["url"] and a.url == e["url"]) or (not e["url"] and a.path.endswith(e["file"].split("/")[-1])):
                names[a.id] = e["name"]
    assert len(names) == len(articles) == 9
    return story_inputs(articles), names, expected


def _partition(index: StoryIndex, names: dict[str, str]) -> set[frozenset[str]]:
    return {frozenset(names[a] for a in s.articles) for s in index.stories()}


# -- the demo corpus -----------------------------------------------------------------------


def test_stories_demo_corpus_matches_expected_stories(demo_inputs):
    inputs, names, expected = demo_inputs
    index = StoryIndex()
    index.add(chronological(inputs))
    want = {frozenset(v) for v in expected["stories"].values()}
    assert _partition(index, names) == want


def test_stories_demo_story_has_dates_and_names(demo_inputs):
    inputs, names, _ = demo_inputs
    index = StoryIndex()
    index.add(chronological(inputs))
    flood = next(s for s in index.stories() if len(s.articles) == 7)
    assert (flood.first, flood.last) == ("2024-03-14", "2024-03-16")
    assert names[flood.id] in {"original", "syndicated", "same_story"}  # a story is named after its first article
    assert {"brandt", "ruiz"} & set(flood.entities)  # its people, not the corpus-wide words


def test_stories_demo_later_event_is_vetoed_by_date_not_by_text(demo_inputs):
    """The fire a year later reads close to the undated spin of the summit; only the dates keep them apart."""
    inputs, names, _ = demo_inputs
    by = {names[x.id]: x for x in inputs}
    later, spin, original = by["later_event"], by["spin"], by["original"]
    assert same_story_score(later, spin) >= 0.5  # no dates on the spin: text alone would join them
    assert same_story_score(later, original) < 0.05  # dated a year apart: vetoed


# -- same people, a year apart ---------------------------------------------------------------


@pytest.mark.parametrize("days, same", [(0, True), (2, True), (7, True), (45, False), (371, False)])
def test_stories_same_text_and_names_split_by_dates(demo_inputs, days, same):
    inputs, names, _ = demo_inputs
    original = next(x for x in inputs if names[x.id] == "original")
    d0 = date(2024, 3, 14)
    later = StoryInput("copy", original.embedding, original.tokens, date.fromordinal(d0.toordinal() + days))
    assert (same_story_score(original, later) >= 0.5) is same
    index = StoryIndex()
    index.add([original, later])
    assert (len(index) == 1) is same


def test_stories_a_copy_stamped_months_later_joins_its_originals_story():
    """A scraper's copy carries its own date; sharing the text word for word, it reports the original's event
    (found by QA: truncated and verbatim copies dated months later were stories of their own)."""
    summit = _unit(np.arange(1, 17))
    names = ("elena ruiz", "tomas brandt", "port calder")
    wobble = _unit(summit + 0.05 * _unit(np.ones(16)))
    original = StoryInput("orig", summit, names, date(2024, 3, 14))
    report = StoryInput("report", wobble, names, date(2024, 3, 16))
    copy = StoryInput("copy", wobble, names, date(2024, 12, 1))  # a truncated copy: its lead reads a little apart
    index = StoryIndex()
    index.add([original, report, copy])
    assert index.story_of("copy") != index.story_of("orig")  # the dates alone split them ...
    index = StoryIndex()
    index.add([original, report, replace(copy, reuses=("orig",))])
    assert index.story_of("copy") == index.story_of("orig") == index.story_of("report")  # ... unless the text is one
    # the copy's stamp is no date of the event: next year's summit still starts a story of its own
    index.add([StoryInput("next", summit, names, date(2024, 12, 2))])
    assert index.story_of("next") != index.story_of("orig")
    # the other way round: a copy that arrived first draws its original in, whatever the original's date says
    index = StoryIndex()
    index.add([copy, report, replace(original, reuses=("copy",))])
    assert index.story_of("orig") == index.story_of("copy")


def test_stories_summits_a_year_apart_are_two_stories():
    """Two reports of each of two summits of the same leaders: identical names, near-identical wording."""
    summit = _unit(np.arange(1, 17))
    names = ("elena ruiz", "tomas brandt", "port calder")
    wobble = _unit(summit + 0.05 * _unit(np.ones(16)))
    arts = [StoryInput("a1", summit, names, date(2024, 3, 14)), StoryInput("a2", wobble, names, date(2024, 3, 16)),
            StoryInput("b1", summit, names, date(2025, 3, 13)), StoryInput("b2", wobble, names, date(2025, 3, 15))]
    index = StoryIndex()
    index.add(arts)
    assert index.story_of("a1") == index.story_of("a2") != index.story_of("b1") == index.story_of("b2")
    undated = [StoryInput(x.id, x.embedding, x.tokens) for x in arts]
    index = StoryIndex()
    index.add(undated)
    assert len(index) == 1  # without dates nothing can tell identical reports apart


# -- one summit, and the same leaders a year later (real embeddings) -------------------------

_SUMMITS = {
    "opens": ("Ruiz and Brandt open Port Calder summit", "2024-03-14",
              "Prime Minister Elena Ruiz of Norland and Chancellor Tomas Brandt of Vesteria opened a two-day summit "
              "in Port Calder on Thursday, promising a deal on North Sea fishing quotas and a new cross-border rail "
              "link. Ruiz told reporters the talks would be difficult but that both governments wanted an agreement "
              "before the spring fishing season."),
    "closes": ("Summit ends with fishing deal", "2024-03-16",
               "Norland and Vesteria agreed to share North Sea fishing quotas for the next five years, Elena Ruiz and "
               "Tomas Brandt announced as their summit in Port Calder closed. The two leaders also signed a letter of "
               "intent on the cross-border rail link, which Brandt said could open by 2030."),
    "next_year": ("Ruiz and Brandt meet again in Port Calder", "2025-03-13",
                  "Prime Minister Elena Ruiz of Norland and Chancellor Tomas Brandt of Vesteria met in Port Calder on "
                  "Thursday for a summit on North Sea fishing quotas and the cross-border rail link. Ruiz told "
                  "reporters both governments wanted progress before the spring fishing season."),
}


@pytest.fixture(scope="module")
def summits():
    """Two differently worded reports of one summit two days apart, and a report of the next year's summit."""
    pytest.importorskip("sentence_transformers", reason="needs the 'embed' extra")
    from unspun.config import LEAD_TOKENS
    from unspun.fingerprint import lead
    from unspun.fingerprint.embed import embed

    vecs = embed([lead(text, title) for title, _, text in _SUMMITS.values()], max_tokens=LEAD_TOKENS)
    dated = {k: StoryInput.of(k, text, v, title=title, published=day)
             for (k, (title, day, text)), v in zip(_SUMMITS.items(), vecs, strict=True)}
    undated = {k: StoryInput.of(k, text, v, title=title)
               for (k, (title, _, text)), v in zip(_SUMMITS.items(), vecs, strict=True)}
    return dated, undated


def test_stories_reports_of_one_summit_two_days_apart_are_one_story(summits):
    dated, _ = summits
    assert "ruiz" in " ".join(dated["opens"].tokens)  # names are read from the lead
    assert same_story_score(dated["opens"], dated["closes"]) >= 0.5
    index = StoryIndex()
    index.add([dated["opens"], dated["closes"]])
    assert len(index) == 1
    (story,) = index.stories()
    assert (story.first, story.last) == ("2024-03-14", "2024-03-16")


def test_stories_same_leaders_a_year_apart_are_two_stories(summits):
    """The next summit shares every name and most words; the text alone would join it, the dates do not."""
    dated, undated = summits
    assert same_story_score(undated["opens"], undated["next_year"]) >= 0.5
    assert same_story_score(dated["opens"], dated["next_year"]) < 0.05
    index = StoryIndex()
    index.add([dated["opens"], dated["closes"], dated["next_year"]])
    assert index.story_of("opens") == index.story_of("closes") != index.story_of("next_year")
    assert len(index) == 2
    blind = StoryIndex()
    blind.add([undated["opens"], undated["closes"], undated["next_year"]])
    assert len(blind) == 1


def test_stories_next_summit_arriving_later_starts_its_own_story(summits):
    """Incremental: the index persisted after the first summit takes the later report without reclustering."""
    dated, _ = summits
    index = StoryIndex()
    index.add([dated["opens"], dated["closes"]])
    before = index.stories()
    resumed = StoryIndex.from_state(index.to_state())
    resumed.add(dated["next_year"])
    assert resumed.stories()[0] == before[0]
    assert len(resumed) == 2 and resumed.story_of("next_year") == "next_year"


# -- incremental == batch --------------------------------------------------------------------


def test_stories_demo_one_by_one_equals_batch(demo_inputs):
    inputs, names, _ = demo_inputs
    ordered = chronological(inputs)
    batch, single = StoryIndex(), StoryIndex()
    batch.add(ordered)
    for x in ordered:
        single.add(x)
    assert _partition(batch, names) == _partition(single, names)
    assert [s.id for s in batch.stories()] == [s.id for s in single.stories()]


@pytest.mark.parametrize("candidates", [1, 3, 10])
@pytest.mark.parametrize("batch_size", [7, 300])
def test_stories_synthetic_one_by_one_equals_any_batching(candidates, batch_size):
    """Many stories, merges and a short shortlist: the batch path must not change a single assignment."""
    arts = _synthetic(700, 60, seed=candidates)
    options = StoryOptions(candidates=candidates)
    single = StoryIndex(options)
    one = [single.add(x)[0] for x in arts]
    batched = StoryIndex(options)
    many = []
    for start in range(0, len(arts), batch_size):
        many.extend(batched.add(arts[start:start + batch_size]))
    assert [single.story_of(x.id) for x in arts] == [batched.story_of(x.id) for x in arts]
    assert 20 < len(single) < 300  # it did cluster, and did not lump everything together
    assert len(set(one)) >= len(single)  # returned ids include stories later merged away


def test_stories_adding_again_is_idempotent():
    arts = _synthetic(100, 10)
    index = StoryIndex()
    first = index.add(arts)
    again = index.add(arts)
    assert [index.story_of(x.id) for x in arts] == again
    assert sum(len(s.articles) for s in index.stories()) == 100
    assert len(first) == 100


def _json_state(index: StoryIndex) -> dict:
    """The state as a store would keep it: through JSON, arrays as lists."""
    return json.loads(json.dumps({k: (v.tolist() if isinstance(v, np.ndarray) else v)
                                  for k, v in index.to_state().items()}))


def test_stories_a_weeks_long_run_of_similar_reports_does_not_chain_into_one_story():
    """Reports on one campaign every four days for eleven weeks, all alike: each is within a week of the one
    before, so a story's date range would swallow them all; its mean date keeps a story to a few weeks."""
    topic = _unit(np.arange(1, 17))
    names = ("donald trump", "hillary clinton")
    arts = [StoryInput(f"r{i:02d}", _unit(topic + 0.02 * _unit(np.roll(np.ones(16), i))), names,
                       date.fromordinal(date(2016, 9, 1).toordinal() + 4 * i)) for i in range(20)]
    index = StoryIndex()
    index.add(arts)
    assert 2 <= len(index) <= 6, [s.first for s in index.stories()]
    for s in index.stories():  # every story stays within about a month
        assert (date.fromisoformat(s.last) - date.fromisoformat(s.first)).days <= 32, s
    # while reports a few days apart are still one story
    index = StoryIndex()
    index.add(arts[:4])
    assert len(index) == 1


def test_stories_state_saved_before_mean_dates_still_loads():
    index = StoryIndex()
    index.add(_synthetic(60, 6, seed=3, noise=0.5))
    state = _json_state(index)
    for st in state["stories"]:
        del st["date_sum"], st["date_n"]
    again = StoryIndex.from_state(state)
    assert again.stories() == index.stories()
    # each story's date is the middle of its range, weighed as all its members (so a few new reports don't
    # drag it away)
    for s in again._stories:
        if s.dates:
            assert s.date_n == len(s.members)
            mid = date.fromordinal((s.dates[0].toordinal() + s.dates[1].toordinal()) // 2)
            assert s.when() == (mid, mid)


@pytest.mark.parametrize("cut", [1, 137, 200, 399])
def test_stories_state_round_trip_continues_exactly(cut):
    """Persist after ``cut`` articles, restore, add the rest: the same stories as never persisting."""
    arts = _synthetic(400, 30, seed=5, noise=1.0)  # loose stories: some merge
    whole = StoryIndex()
    whole.add(arts)
    assert whole._forward and 30 <= len(whole) < 100
    half = StoryIndex()
    half.add(arts[:cut])
    resumed = StoryIndex.from_state(_json_state(half))
    assert resumed.stories() == half.stories()
    resumed.add(arts[cut:])
    assert [whole.story_of(x.id) for x in arts] == [resumed.story_of(x.id) for x in arts]
    assert resumed.stories() == whole.stories()  # ids, members in order, date ranges, top names
    assert _json_state(resumed) == _json_state(whole)  # and it goes on the same way after that
    with pytest.raises(ValueError):
        StoryIndex.from_state({**_json_state(half), "schema": "other/1"})


def test_stories_state_round_trip_twice_with_merges():
    """Several persist/restore cycles, in batches, on data that merges stories: still the uninterrupted result."""
    arts = _synthetic(500, 40, seed=5, noise=1.2)  # loose enough that stories merge
    whole = StoryIndex()
    whole.add(arts)
    assert whole._forward  # merges happened, so the forwarding table is exercised
    index = StoryIndex()
    for start in range(0, len(arts), 120):
        index = StoryIndex.from_state(_json_state(index)) if start else index
        index.add(arts[start:start + 120])
    assert index.stories() == whole.stories()


def test_stories_a_copy_follows_its_late_original_and_takes_back_what_it_brought():
    """A copy added before its original (a content farm crawled first) joins whatever story its own score finds;
    ``follow`` moves it to its original's story, taking its embedding, names and date out of the story it leaves."""
    summit = _unit(np.arange(1, 17))
    other = _unit(np.arange(16, 0, -1) ** 2)
    names = ("elena ruiz", "tomas brandt", "port calder")
    index = StoryIndex()
    index.add([StoryInput("election", other, ("anna vell",), date(2024, 3, 1)),
               StoryInput("copy", summit, names, date(2023, 3, 1)),  # stamped a year early: a story of its own
               StoryInput("stray", other, ("anna vell",), date(2024, 3, 2))])
    assert index.story_of("copy") == "copy" and index.story_of("stray") == "election"
    index.add([StoryInput("orig", summit, names, date(2024, 3, 14))])  # the original, a year later: apart
    assert index.story_of("orig") == "orig"
    fresh = StoryIndex.from_state(_json_state(index))  # the dates each member brought survive a restore
    for idx in (index, fresh):
        assert idx.follow(StoryInput("copy", summit, names, date(2023, 3, 1)), "orig")
        assert not idx.follow(StoryInput("copy", summit, names, date(2023, 3, 1)), "orig")  # moved already
        assert idx.story_of("copy") == idx.story_of("orig") == "orig"
        [story] = [s for s in idx.stories() if s.id == "orig"]
        assert story.articles == ("orig", "copy") and (story.first, story.last) == ("2024-03-14", "2024-03-14")
        assert [s.id for s in idx.stories()] == ["election", "orig"]  # the story it left, empty, ended
        # a member leaving a story takes its names, vector and date back out of it
        idx.follow(StoryInput("stray", other, ("anna vell",), date(2024, 3, 2)), "orig")
        [left] = [s for s in idx.stories() if s.id == "election"]
        assert (left.first, left.last) == ("2024-03-01", "2024-03-01") and left.articles == ("election",)
        assert np.allclose(idx._cent[idx._resolve(idx._of["election"])], other, atol=1e-6)
    with pytest.raises(KeyError):
        index.follow(StoryInput("never-added", summit, names), "orig")


def test_stories_a_story_a_copy_started_is_renamed_when_the_copy_follows_its_original_out_of_it():
    """Found by QA (a daily crawl): a copy crawled first started a story, an independent report of the event joined
    it, and the copy then followed its late original into another story; the story it left kept the copy's id, so
    its id named an article of another story ('copy' in story 'orig', story 'copy' holding only 'report'). A story
    left by the article it is named after takes the id of its first remaining member."""
    summit = _unit(np.arange(1, 17))
    names = ("elena ruiz", "tomas brandt", "port calder")
    index = StoryIndex()
    index.add([StoryInput("copy", summit, names, date(2023, 3, 1)),  # stamped a year early: starts a story
               StoryInput("report", summit, names, date(2023, 3, 2))])
    index.add([StoryInput("orig", summit, names, date(2024, 3, 14))])
    assert index.story_of("report") == "copy" and index.story_of("orig") == "orig"
    assert index.follow(StoryInput("copy", summit, names, date(2023, 3, 1)), "orig")
    assert {a: index.story_of(a) for a in ("copy", "report", "orig")} == {"copy": "orig", "report": "report",
                                                                          "orig": "orig"}
    assert sorted((s.id, s.articles) for s in index.stories()) == [("orig", ("orig", "copy")), ("report", ("report",))]
    fresh = StoryIndex.from_state(_json_state(index))  # the new name is kept
    assert fresh.story_of("report") == "report"


# -- score parts -----------------------------------------------------------------------------


def test_stories_score_is_bounded_and_rises_with_similarity():
    base = _unit(np.ones(8))
    scores = []
    for t in np.linspace(0, 1, 6):
        other = _unit(t * base + (1 - t) * _unit([1, -1, 1, -1, 1, -1, 1, -1]))
        scores.append(same_story_score(StoryInput("a", base, ()), StoryInput("b", other, ())))
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores) and scores[0] < 0.1 and scores[-1] > 0.95


def test_stories_names_carry_non_english_pairs_only():
    vec_a, vec_b = _unit([1, 0, 0, 0]), _unit([0.6, 0.8, 0, 0])
    names = ("angela merkel", "berlin", "2020")
    for english, helps in ((0.0, True), (1.0, False)):
        with_names = same_story_score(StoryInput("a", vec_a, names, english=english),
                                      StoryInput("b", vec_b, names, english=english))
        without = same_story_score(StoryInput("a", vec_a, names, english=english),
                                   StoryInput("b", vec_b, ("paris",), english=english))
        assert (with_names > without + 0.2) is helps


def test_stories_date_factor_window_and_decay():
    assert date_factor(None) == date_factor(0) == date_factor(7) == 1.0
    assert 0.1 < date_factor(30) < 0.5 and date_factor(365) < 1e-9


def test_stories_entity_overlap_weights_rare_tokens():
    rare = {"anastasiades": 10.0}.get
    assert entity_overlap({"a": 1, "b": 1}, {"a": 1, "b": 1}) == 1.0
    assert entity_overlap({"a": 1}, {"b": 1}) == 0.0
    shared_rare = entity_overlap({"anastasiades": 1, "monday": 1}, {"anastasiades": 1, "friday": 1},
                                 lambda t: rare(t, 1.0))
    assert shared_rare == pytest.approx(10 / 12)


def test_stories_english_share():
    assert english_share("The mayor said that the plan was approved by the council on Monday.") == 1.0
    assert english_share("Der Bürgermeister sagte, dass der Plan am Montag genehmigt wurde.") < 0.3
    assert english_share("anything", "de") == 0.0 and english_share("irgendwas", "en-GB") == 1.0


# -- BCubed --------------------------------------------------------------------------------


def test_stories_bcubed_hand_example():
    # gold: A = {1,2,3}, B = {4,5}; predicted: {1,2}, {3,4,5}
    # precision: 1,2 -> 1; 3 -> 1/3; 4,5 -> 2/3   => (1+1+1/3+2/3+2/3)/5 = 11/15
    # recall:    1,2 -> 2/3; 3 -> 1/3; 4,5 -> 1   => (2/3+2/3+1/3+1+1)/5 = 11/15
    b = bcubed(["x", "x", "y", "y", "y"], ["A", "A", "A", "B", "B"])
    assert b.precision == pytest.approx(11 / 15) and b.recall == pytest.approx(11 / 15)
    assert b.f1 == pytest.approx(11 / 15)
    one = bcubed(["c"] * 5, ["A", "A", "A", "B", "B"])
    assert one.recall == 1.0 and one.precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    singletons = bcubed(list(range(5)), ["A", "A", "A", "B", "B"])
    assert singletons.precision == 1.0 and singletons.recall == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)
    with pytest.raises(ValueError):
        bcubed([1], [1, 2])


# -- reading from the store ------------------------------------------------------------------


def test_stories_inputs_from_store_reuse_fingerprint_embeddings(demo_store, demo_inputs):
    """After the fingerprint stage, the stored (float16) lead embeddings give the same stories."""
    from unspun.pipeline import fingerprint

    inputs, names, expected = demo_inputs
    fingerprint(demo_store)
    stored = inputs_from_store(demo_store)
    fresh = {x.id: x for x in inputs}
    assert [x.id for x in stored] == [a.id for a in demo_store.articles()]
    for x in stored:
        assert float(x.embedding @ fresh[x.id].embedding) > 0.995  # bfloat16, other batches
        assert x.tokens == fresh[x.id].tokens and x.published == fresh[x.id].published
    index = StoryIndex()
    index.add(chronological(stored))
    assert _partition(index, names) == {frozenset(v) for v in expected["stories"].values()}


def test_stories_inputs_from_store_before_fingerprinting_embeds_itself(demo_inputs):
    """Without stored embeddings (fingerprint stage not run), the store's articles are embedded here."""
    from unspun.ingestion import ingest
    from unspun.store import open_store

    inputs, _, _ = demo_inputs
    fresh = {x.id: x for x in inputs}
    with open_store(":memory:") as store:
        assert inputs_from_store(store) == []
        ingest(store, [str(DEMO / "corpus")])
        stored = inputs_from_store(store)
    assert [x.id for x in stored] == list(fresh)
    for x in stored:
        assert float(x.embedding @ fresh[x.id].embedding) > 0.995
        assert abs(float(np.linalg.norm(x.embedding)) - 1.0) < 1e-3
        assert x.tokens == fresh[x.id].tokens and x.english == fresh[x.id].english


def test_a_story_profile_kept_up_as_it_grows_is_the_profile_computed_afresh():
    """``_Story.grew`` looks for the new top tokens among the old top and the tokens that went up only;
    after any sequence of joins and merges that must equal ranking every token again."""
    import random
    from collections import Counter

    from unspun.stories.index import _Story

    rng = random.Random(7)
    vocab = [f"t{i}" for i in range(60)]
    grown, other = _Story("a", ["a0"]), _Story("b", ["b0"])
    for step in range(300):
        tokens = rng.sample(vocab[: rng.choice([12, 30, 60])], rng.randint(1, 12))
        if step % 50 == 49:  # a merge: another story's counts all at once
            grown.tokens.update(other.tokens)
            grown.members.extend(other.members)
            grown.grew(other.tokens)
            other = _Story(f"b{step}", [f"b{step}"])
        else:
            other.tokens.update(rng.sample(vocab, 5))
            grown.tokens.update(tokens)
            grown.members.append(f"a{step}")
            grown.grew(tokens)
        size = 8
        kept = grown.profile(size)
        fresh = _Story("x", list(grown.members), Counter(grown.tokens)).profile(size)
        assert kept == fresh and list(kept) == list(fresh), step
