"""Pipeline bookkeeping: learned furniture re-cleans what it must, also after a crash."""

from __future__ import annotations

import pytest

from unspun.ingestion import ingest
from unspun.pipeline import learn_furniture
from unspun.spin.stage import judge_batch as _JUDGE_BATCH
from unspun.store import open_store

BODIES = [
    "The council voted 7-2 to close the bridge for repairs. Work starts in May.",
    "A fire destroyed the old mill on Sunday. Nobody was hurt, officials said.",
    "The school board approved a new budget of $4 million for next year.",
    "Farmers expect a record harvest after a wet spring, the union said.",
    "The museum will reopen on Friday after a two-year renovation.",
    "Police arrested two men after a chase through the city centre at night.",
]
HEADER = "Gazette Online | Your town, your news"
FOOTER = "Home | About | Contact | Advertise"


def _pages(tmp_path):
    folder = tmp_path / "gazette"
    folder.mkdir()
    for i, body in enumerate(BODIES):
        others = "\\n".join(f"{b} (Story {i}, paragraph {k}.)" for k, b in enumerate(BODIES) if k != i)
        (folder / f"p{i}.jsonl").write_text(
            '{"url": "https://gazette.example/%d", "text": "%s\\n%s\\n%s\\n%s"}\n' % (i, HEADER, body, others, FOOTER))
    return folder


def test_pipeline_learned_furniture_is_removed_from_every_page(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        ingest(store, [str(_pages(tmp_path))])
        assert all(HEADER in a.text for a in store.articles())  # one page at a time: not yet known
        assert learn_furniture(store) == len(BODIES)
        for art in store.articles():
            assert HEADER not in art.text and FOOTER not in art.text
            assert HEADER in art.raw_text
            assert any(r.kind == "site-repeated" and r.text == HEADER for r in art.removals)
        assert learn_furniture(store) == 0  # nothing left to do


def test_pipeline_relearning_resumes_after_a_crash(tmp_path, monkeypatch):
    db = tmp_path / "g.db"
    with open_store(db) as store:
        ingest(store, [str(_pages(tmp_path))])
        real = store.update_cleaned
        calls = {"n": 0}

        def crash_on_third(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt("killed")
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "update_cleaned", crash_on_third)
        with pytest.raises(KeyboardInterrupt):
            learn_furniture(store)
    with open_store(db) as store:
        assert sum(HEADER in a.text for a in store.articles()) == len(BODIES) - 2
        assert learn_furniture(store) == len(BODIES) - 2
        assert not any(HEADER in a.text for a in store.articles())


def test_pipeline_new_pages_of_a_known_site_are_cleaned_on_ingest(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        ingest(store, [str(_pages(tmp_path))])
        learn_furniture(store)
        late = tmp_path / "late.jsonl"
        late.write_text('{"url": "https://gazette.example/99", "text": "%s\\nThe mayor resigned.\\n%s"}\n'
                        % (HEADER, FOOTER))
        ingest(store, [str(late)])
        art = next(a for a in store.articles() if a.url.endswith("/99"))
        assert art.text == "The mayor resigned."
        assert learn_furniture(store) == 0


def test_pipeline_removals_changed_by_new_clean_rules_drop_the_articles_relations(tmp_path):
    """A store cleaned by rules that swallowed a repost's "Source link" into its comment form: the next
    re-cleaning reads the mark, the cleaned text stays the same, and the pair is related again so that its
    direction reads the mark (before, the old relation, judged on dates alone, stayed)."""
    from dataclasses import replace

    from unspun.pipeline import analyze

    story = " ".join(f"The council voted on measure {k} after a long debate about the harbour, officials said."
                     for k in range(12))
    (tmp_path / "orig.txt").write_text(story + "\n", "utf-8")
    (tmp_path / "repost.txt").write_text(story + "\nLeave a Reply\nYour email address will not be published.\n"
                                         "Comment\nName *\nPost Comment\nSource link\n", "utf-8")
    with open_store(tmp_path / "r.db") as store:
        analyze(store, [str(tmp_path / "orig.txt"), str(tmp_path / "repost.txt")])
        [rel] = list(store.relations(shared_only=True))
        repost = next(a for a in store.articles() if "Source link" in a.raw_text)
        assert any("Source link" in e for e in rel.evidence), rel.evidence
        # as an older release cleaned it: one comment-form removal to the end, the mark inside it
        form = repost.removals[0]
        old = (replace(form, end=repost.removals[-1].end, text=repost.raw_text[form.start:repost.removals[-1].end]),)
        store.set_removals(repost.id, old, "an older release's stamp")
        [version] = [v for (v,) in store.db.execute("SELECT version FROM relations")]
        store.put_relations([(rel.a, rel.b, replace(rel, evidence=("published dates only",)))], version)
        analyze(store)
        [again] = list(store.relations(shared_only=True))
        assert any("Source link" in e for e in again.evidence), again.evidence


def test_pairs_aligned_and_judged_by_a_pool_of_workers_come_out_as_in_one_process(tmp_path, monkeypatch):
    """The align stage runs its batches of pairs in worker processes, each with its own encoder on one thread:
    the demo corpus, in batches of two pairs (eleven batches, so a pool of two takes them), relates exactly
    as in this process, paraphrase passages included (they need the workers' sentence embeddings); so do the
    rewrite verdicts, judged in batches of two."""
    import os

    import unspun.pipeline as pipeline
    import unspun.align.stage as align_stage
    import unspun.spin.stage as spin_stage
    from conftest import DEMO
    from unspun.engine import LocalEngine

    def relations(workers: int) -> list:
        with open_store(tmp_path / f"w{workers}.db") as store:
            pipeline.analyze(store, [str(DEMO / "corpus")], engine=LocalEngine(workers=workers))
            return sorted((r.a, r.b, r.kind, r.direction, r.coverage_a, r.coverage_b,
                           [(p.a, p.b, p.type, round(p.score, 4)) for p in r.passages])
                          for r in store.relations(shared_only=True)), store.rewrite_spin()

    ran_in: set[int] = set()
    judged_in: set[int] = set()
    monkeypatch.setattr(pipeline, "ALIGN_BATCH", 2)
    monkeypatch.setattr(spin_stage, "BATCH", 2)  # the rewrite verdicts too
    monkeypatch.setattr(spin_stage, "judge_batch", _judge_batch_noting_its_process)
    monkeypatch.setattr(pipeline.SQLiteStore, "put_rewrite_spin",
                        _without_pids(judged_in, pipeline.SQLiteStore.put_rewrite_spin))
    monkeypatch.setattr(pipeline, "align_batch", _align_batch_noting_its_process)
    monkeypatch.setattr(pipeline.SQLiteStore, "put_relations", _without_pids(ran_in, pipeline.SQLiteStore.put_relations))
    alone, verdicts = relations(1)
    assert ran_in == judged_in == {os.getpid()}
    assert len(align_stage._VECTORS) == 0, "a run's sentence vectors are not kept after it"
    ran_in.clear()
    judged_in.clear()
    pooled, pooled_verdicts = relations(2)
    assert os.getpid() not in ran_in and len(ran_in) == 2
    assert os.getpid() not in judged_in and len(judged_in) == 2
    assert any(t == "paraphrase" for rel in alone for *_, t, _ in rel[6]), "the demo has paraphrase passages"
    assert pooled == alone
    assert len(verdicts) >= 9 and pooled_verdicts == verdicts


def _align_batch_noting_its_process(batch, options):
    import os

    from unspun.align.stage import AlignResult, align_batch

    out = align_batch(batch, options)
    return AlignResult(out.rows + [("pid", str(os.getpid()), None)], out.warning)


def _judge_batch_noting_its_process(batch, options):
    import os

    return _JUDGE_BATCH(batch, options) + [("pid", str(os.getpid()), "", 0.0, {})]


def _without_pids(seen: set[int], put):
    def put_relations(self, rows, version):
        rows = list(rows)
        seen.update(int(r[1]) for r in rows if r[0] == "pid")
        return put(self, [r for r in rows if r[0] != "pid"], version)
    return put_relations


@pytest.mark.parametrize("damaged", ["killed between the two writes", "store damaged before"])
def test_pipeline_stories_killed_between_index_and_table_are_completed_by_the_next_run(tmp_path, monkeypatch,
                                                                                     damaged):
    """The story index's state and the stories table are written in one commit: a run killed after the first
    left articles the index holds, which no later run added, with no story (0 stories for good)."""
    from conftest import DEMO
    from unspun.pipeline import stories

    db = tmp_path / "s.db"
    with open_store(db) as store:
        ingest(store, [str(DEMO)])
        n = store.count_articles()
        if damaged == "killed between the two writes":
            def killed(assignment):
                raise KeyboardInterrupt("killed")

            monkeypatch.setattr(store, "put_stories", killed)
            with pytest.raises(KeyboardInterrupt):
                stories(store)
            monkeypatch.undo()
        else:  # what a run killed between the two commits left, before they were one
            assert stories(store) == n
            store.db.execute("DELETE FROM stories")
    with open_store(db) as store:
        stories(store)
        assert len(store.story_of()) == n
        assert stories(store) == 0


def test_pipeline_stories_wait_for_the_alignment_of_articles_another_process_is_analysing(tmp_path):
    """(QA) Two ``analyze`` runs at once on one store (or ``analyze`` beside the server): the first to reach its
    stories stage put the articles the other had stored but not aligned yet into stories, before their relations
    were known, and no later run moves them: a copy stayed out of its original's story for good."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    from conftest import DEMO
    from unspun.pipeline import align, analyze, candidates, stories

    corpus = DEMO / "corpus"
    spin = corpus / "text" / "spin.txt"
    with open_store(tmp_path / "s.db") as store:
        ingest(store, [str(p) for p in sorted(corpus.rglob("*")) if p.is_file() and p != spin])
        analyze(store)
        ingest(store, [str(spin)])  # what the other process has done so far: stored it and its candidate pairs
        candidates(store)
        (new,) = [aid for aid in store.article_ids() if aid not in store.story_of()]
        assert stories(store) == 0 and new not in store.story_of()  # it waits for the other's alignment
        align(store)
        assert stories(store) == 1
        story = store.story_of()
        reuse = [r for r in store.relations(new, shared_only=True) if r.kind in ("duplicate", "copy", "rewrite")]
        assert reuse and all(story[r.a] == story[r.b] for r in reuse)


def test_pipeline_stories_of_two_processes_at_once_are_all_kept(tmp_path, monkeypatch):
    """(QA) Two story stages at once on one store: each read the index's state, added its articles and wrote it
    back, so the last to write dropped what the other had added, while the stories table kept it."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    from conftest import DEMO
    from unspun.pipeline import align, analyze, candidates, stories
    from unspun.stories import StoryIndex

    corpus = DEMO / "corpus"
    mine, theirs = corpus / "text" / "unrelated.txt", corpus / "html" / "later_event.html"
    db = tmp_path / "s.db"
    with open_store(db) as store, open_store(db) as other:
        ingest(store, [str(p) for p in sorted(corpus.rglob("*")) if p.is_file() and p not in (mine, theirs)])
        analyze(store)
        ingest(store, [str(mine)])
        candidates(store)
        align(store)
        add = StoryIndex.add

        def meanwhile(self, chunk):  # while this run clusters its article, another process adds one of its own
            monkeypatch.setattr(StoryIndex, "add", add)
            ingest(other, [str(theirs)])
            candidates(other)
            align(other)
            assert stories(other) == 2
            return add(self, chunk)

        monkeypatch.setattr(StoryIndex, "add", meanwhile)
        stories(store)
        held = store.state("stories")[0]["articles"]
        assert set(held) == set(store.story_of()) == set(store.article_ids())
        assert stories(store) == 0


def test_pipeline_stories_keep_another_process_write_that_moved_articles_without_adding_any(tmp_path, monkeypatch):
    """(Review of the fix above) A run read as changed only an index holding another number of articles, so another
    process's write that kept their number (articles moved into a late original's story) was written over."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    from conftest import DEMO
    from unspun.pipeline import STORIES_STATE, align, analyze, candidates, stories
    from unspun.stories import StoryIndex

    corpus = DEMO / "corpus"
    mine = corpus / "text" / "unrelated.txt"
    db = tmp_path / "s.db"
    with open_store(db) as store, open_store(db) as other:
        ingest(store, [str(p) for p in sorted(corpus.rglob("*")) if p.is_file() and p != mine])
        analyze(store)
        ingest(store, [str(mine)])
        candidates(store)
        align(store)
        add = StoryIndex.add

        def meanwhile(self, chunk):  # another process writes the index with as many articles as it had
            monkeypatch.setattr(StoryIndex, "add", add)
            state, blob = other.state(STORIES_STATE)
            state["stories"][0]["tokens"]["their-write"] = 1
            state["written"] = state.get("written", 0) + 1
            other.put_state(STORIES_STATE, state, blob)
            return add(self, chunk)

        monkeypatch.setattr(StoryIndex, "add", meanwhile)
        assert stories(store) == 1
        state = store.state(STORIES_STATE)[0]
        assert state["stories"][0]["tokens"].get("their-write") == 1, "the other process's write was lost"
        assert set(state["articles"]) == set(store.story_of()) == set(store.article_ids())


def test_a_second_analyze_of_one_store_waits_for_the_first_saying_so(tmp_path):
    """(QA) Two ``analyze`` runs of one store at once neither waited nor said anything: each embedded, aligned and
    judged everything the other was doing, and the first reported a half-done store. The second now waits for the
    first, says so once (naming its process), and goes on when it ends, also when it is killed."""
    import os
    import signal
    import threading

    from conftest import DEMO
    from unspun.config import FingerprintOptions, Options
    from unspun.pipeline import analyze
    from unspun.progress import Reporter
    from unspun.store.runlock import lock_path

    pytest.importorskip("fcntl")
    db = tmp_path / "s.db"
    holder = _holding_the_analyze_lock(db)
    try:
        said: list[str] = []

        class Heard(Reporter):
            def warn(self, message: str) -> None:
                said.append(message)

        done: list = []
        with open_store(db) as store:
            run = threading.Thread(target=lambda: done.append(analyze(
                store, [str(DEMO / "corpus" / "text")], Options(fingerprint=FingerprintOptions(embed=False)),
                reporter=Heard(quiet=True))))
            run.start()
            run.join(timeout=5)
            assert run.is_alive() and not done, "the second analyze did not wait"
            assert said == [f"waiting: another 'unspun analyze' of {db} is running (process {holder.pid}); this one "
                            "goes on when it ends, with what it left to do"]
            os.kill(holder.pid, signal.SIGKILL)  # killed: its lock goes with it
            run.join(timeout=300)
            assert not run.is_alive() and done[0].ingested.added == 3
        assert not os.path.exists(lock_path(str(db)))  # removed when the run ended
    finally:
        holder.kill()
        holder.wait()


def test_analyze_lock_is_one_through_a_symbolic_link_to_the_store(tmp_path):
    """Review: the lock file was named after the path given, so an analyze of ``link.db`` (a link to ``s.db``) ran
    beside one of ``s.db`` without waiting."""
    import threading

    from unspun.store.runlock import run_lock

    pytest.importorskip("fcntl")
    db, link = tmp_path / "s.db", tmp_path / "link.db"
    db.write_bytes(b"")
    link.symlink_to(db)
    holder = _holding_the_analyze_lock(db)
    try:
        said: list[str] = []
        got = threading.Event()

        def run() -> None:
            with run_lock(str(link), said.append):
                got.set()

        t = threading.Thread(target=run, daemon=True)
        t.start()
        assert not got.wait(2) and len(said) == 1, "the run through the link did not wait"
        holder.kill()
        assert got.wait(30)
        t.join(30)
    finally:
        holder.kill()
        holder.wait()


def test_analyze_lock_serialises_threads_of_one_process_and_lets_a_nested_run_through(tmp_path):
    """A POSIX lock belongs to a process, so two threads of one process (a library user's worker threads) both got
    the analyze lock of one store at once, and the first to finish removed the file the other held. A second thread
    now waits, saying so; a run nested in a run of the same store, in one thread, goes on inside it."""
    import os
    import threading

    from unspun.store.runlock import lock_path, run_lock

    pytest.importorskip("fcntl")
    db = str(tmp_path / "s.db")
    said: list[str] = []
    got, release = threading.Event(), threading.Event()
    with run_lock(db):
        with run_lock(db):  # nested in one thread: no wait (a plain lock would wait for itself for ever)
            assert os.path.exists(lock_path(db))

        def second() -> None:
            with run_lock(db, said.append):
                got.set()
                release.wait(30)

        t = threading.Thread(target=second, daemon=True)
        t.start()
        assert not got.wait(1), "a second thread got the lock the first holds"
        assert said == [f"waiting: another 'unspun analyze' of {db} is running in this process; this one goes on "
                        "when it ends, with what it left to do"]
        assert os.path.exists(lock_path(db))  # the nested run's end did not remove it
    assert got.wait(30)
    assert os.path.exists(lock_path(db))  # the second thread holds it now
    release.set()
    t.join(30)
    assert not os.path.exists(lock_path(db))


def _holding_the_analyze_lock(db):
    """A process that holds the analyze lock of the store at ``db`` until it is killed."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from unspun.store.runlock import run_lock\n"
                               f"with run_lock({str(db)!r}):\n    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder
