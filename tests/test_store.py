"""The SQLite store: round trips, idempotence, WAL, and surviving a kill mid-ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from unspun.records import Article, Removal, Segmentation, Span, article_id
from unspun.store import open_store


def _article(text: str, url: str = "https://a.example/1") -> Article:
    return Article(id=article_id(text, url), source=url, path="x.html", locator="", format="html",
                   raw_text=text + "\nSource link", text=text, removals=(Removal(len(text) + 1, len(text) + 12,
                   "source-link", "Source link"),), url=url, title="T")


def test_store_round_trip(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        art = _article("Hello world. It rained.")
        assert store.add_articles([(art, "a.example", "")]) == 1
        got = store.article(art.id)
        assert got == art
        assert got.removals[0].text == "Source link"
        store.put_segmentations([Segmentation(art.id, (Span(0, 23),), (Span(0, 12), Span(13, 23)))])
        seg = store.segmentation(art.id)
        assert [s.of(art.text) for s in seg.sentences] == ["Hello world.", "It rained."]


def test_store_add_is_idempotent(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        art = _article("Same text.")
        assert store.add_articles([(art, "s", "")]) == 1
        assert store.add_articles([(art, "s", "")]) == 0
        assert store.count_articles() == 1


def test_store_ids_differ_by_origin():
    assert article_id("Same words.", "https://a.example/x") != article_id("Same words.", "https://b.example/x")
    assert article_id("Same words.", "https://a.example/x") == article_id("Same words.", "https://a.example/x")


def test_store_uses_wal(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(ValueError, match="notes.db"):
        open_store(bad)


def test_store_rollback_keeps_earlier_state(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([(_article("First."), "s", "")])
        with pytest.raises(RuntimeError), store.transaction():
            store.add_articles([(_article("Second.", "https://a.example/2"), "s", "")])
            raise RuntimeError("boom")
        assert store.count_articles() == 1


def test_store_write_held_up_by_another_process_says_it_waits_once(tmp_path):
    """Found by QA: with another process holding a write to the store, ``analyze`` and ``ingest`` waited a minute
    without a word (then gave up with ``database is locked``); past two seconds the store now says it waits, once."""
    import threading

    db = tmp_path / "s.db"
    with open_store(db) as store:
        said: list[str] = []
        store.on_wait = said.append
        store.set_meta("x", "1")  # nobody else writes: nothing said
        assert said == []
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(3.0, other.execute, ("COMMIT",))
        release.start()
        started = time.monotonic()
        store.set_meta("x", "2")  # waits for the other writer, then goes on
        assert time.monotonic() - started >= 2.5
        release.join()
        assert len(said) == 1 and said[0].startswith(f"waiting: another process is writing to {db}"), said
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(2.5, other.execute, ("COMMIT",)).start()
        store.set_meta("x", "3")
        assert len(said) == 1  # once for the store
        other.close()
        assert store.meta("x") == "3"


def test_store_full_disk_is_the_error_raised_and_the_store_goes_on(tmp_path):
    # (QA) SQLite undoes a transaction itself when the disk fills up: the ROLLBACK after it raised "cannot rollback -
    # no transaction is active", which hid the full disk from the message, and the store was left in no state to
    # know why. SQLite's page limit gives the same error as a full disk.
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([(_article("First."), "s", "")])
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count={pages}")
        with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
            store.set_meta("big", "x" * 200_000)
        with pytest.raises(sqlite3.OperationalError, match="database or disk is full"), store.transaction():
            store.add_articles([(_article("Second. " * 20_000, "https://a.example/2"), "s", "")])
        assert not store.db.in_transaction
        store.db.execute("PRAGMA max_page_count=1073741823")  # space freed: the next write goes in
        store.add_articles([(_article("Third.", "https://a.example/3"), "s", "")])
        assert store.count_articles() == 2 and store.meta("big") is None


def test_store_on_a_full_disk_is_not_called_damaged(tmp_path, monkeypatch):
    # (QA) on a disk with no space left SQLite can't make the -shm file it reads through: "disk I/O error", which
    # every command gave as "not an unspun database", as if the store were damaged
    import shutil
    from collections import namedtuple

    import unspun.store.sqlite as sqlite_store

    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.add_articles([(_article("First."), "s", "")])

    class FullDisk:
        row_factory = None

        def __init__(self, *args, **kwargs):
            pass

        def execute(self, *args):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            pass

    monkeypatch.setattr(sqlite_store.sqlite3, "connect", FullDisk)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(40 << 20, 40 << 20, 0))
    with pytest.raises(ValueError) as caught:
        open_store(db)
    assert "not an unspun database" not in str(caught.value)
    assert f"{db}: cannot open the store (disk I/O error): its disk is full (0 bytes free)" in str(caught.value)
    monkeypatch.undo()
    with open_store(db) as store:  # space freed
        assert store.count_articles() == 1


@pytest.mark.slow
def test_store_kill_during_ingest_is_consistent_and_resumable(tmp_path):
    n = 12_000
    src = tmp_path / "big.jsonl"
    with open(src, "w") as f:
        for i in range(n):
            body = f"Article {i} reports that the council met on day {i}. " * 12
            f.write(json.dumps({"url": f"https://k.example/{i}", "title": f"T{i}", "text": body}) + "\n")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "unspun.cli", "ingest", str(db), str(src), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            seen = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            continue
        if seen >= 1000:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the input bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(db) as store:
        assert store.integrity_ok()
        partial = store.count_articles()
        assert 0 < partial < n
        assert store.file_state(str(src))[2] == "reading"  # not marked done
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(db) as store:
        assert store.count_articles() == n
        assert store.db.execute("SELECT COUNT(DISTINCT url) FROM articles").fetchone()[0] == n
        assert store.file_state(str(src))[2] == "done"


def test_store_opens_an_older_store_and_adds_the_new_tables(tmp_path):
    import sqlite3

    from unspun.records import Article
    from unspun.store import open_store

    db = tmp_path / "old.db"
    with open_store(db) as store:
        store.add_articles([(Article("a1", "s", "p", "", "html", "raw", "text"), "site", "")])
    con = sqlite3.connect(db)
    for table in ("relations", "stories", "state", "quotes", "quote_words", "quoted", "spin", "rewrite_spin"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE articles DROP COLUMN canonical")  # schema 4 had no canonical column
    con.execute("ALTER TABLE articles DROP COLUMN source_link")  # schema 7 had no source_link column
    con.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
    con.commit()
    con.close()
    with open_store(db) as store:
        assert store.meta("schema_version") == "8"
        assert store.article("a1").text == "text" and store.article("a1").canonical is None
        assert store.article("a1").source_link is None
        store.add_articles([(Article("a2", "s", "q", "", "html", "raw", "text2", canonical="https://x.example/1",
                                     source_link="https://y.example/2"), "site", "")])
        assert store.article("a2").canonical == "https://x.example/1"
        assert store.article("a2").source_link == "https://y.example/2"
        assert store.story_of() == {} and list(store.relations()) == []
        assert list(store.quotes()) == [] and list(store.spin()) == [] and store.rewrite_spin() == {}
        assert store.quoting([["promise"]]) == set()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value='9' WHERE key='schema_version'")
    con.commit()
    con.close()
    import pytest

    with pytest.raises(ValueError, match="schema 9"):
        open_store(db)


def test_store_a_realigned_pair_loses_its_old_spin_verdict(tmp_path):
    from unspun.records import Article, Relation
    from unspun.store import open_store

    with open_store(tmp_path / "s.db") as store:
        for aid in ("a", "b"):
            store.add_articles([(Article(aid, f"{aid}.txt", f"{aid}.txt", "", "text", "x y z", "x y z"), "s", "")])
        store.put_relations([("a", "b", Relation("a", "b", "copy", 1.0, 1.0))], "v1")
        store.put_rewrite_spin([("a", "b", "machine_spin", 0.9, {"spans": [], "replaced": []})], "spin.v1")
        assert ("a", "b") in store.rewrite_spin()
        store.put_relations([("a", "b", Relation("a", "b", "duplicate", 1.0, 1.0))], "v2")
        assert store.rewrite_spin() == {} and store.rewrites_without_spin("spin.v1") == [("a", "b")]


def test_store_an_older_store_that_cannot_be_written_is_a_clear_error(tmp_path, monkeypatch):
    import sqlite3

    import pytest

    from unspun.store import open_store
    from unspun.store.sqlite import SQLiteStore

    db = tmp_path / "old.db"
    with open_store(db):
        pass
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE articles DROP COLUMN canonical")
    con.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    con.commit()
    con.close()

    def read_only(self, schema, **_):  # what SQLite says of a read-only file or mount (root could write a 0444 file)
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SQLiteStore, "_create_or_upgrade", read_only)
    with pytest.raises(ValueError, match="must be upgraded from schema 4 to 8, and it can't be written: attempt"):
        open_store(db)


def test_store_weak_sharing_reads_only_pairs_of_one_story(tmp_path):
    """A pair that shares only weak passages keeps them (kind NULL); only those of one story are read back, as
    only they come out as ``same_story`` (found by review: every export read every such pair of the store)."""
    from unspun.records import Passage, Relation

    with open_store(tmp_path / "s.db") as store:
        x, y, z = (_article(f"Text number {k} here.", f"https://a.example/{k}") for k in range(3))
        store.add_articles([(a, "a.example", "") for a in (x, y, z)])
        store.put_stories({x.id: "s1", y.id: "s1", z.id: "s2"})
        p = (Passage(Span(0, 4), Span(0, 4), "exact", 1.0, "quote"),)
        weak = [(a.id, b.id, Relation(a.id, b.id, "", 0.2, 0.3, "unknown", 0.0, (), p))
                for a, b in sorted([(x, y), (x, z)], key=lambda ab: (ab[0].id, ab[1].id))]
        store.put_relations([(min(a, b), max(a, b), r) for a, b, r in weak], "v")
        assert all(isinstance(r, tuple) for r in store.relations())  # no reuse: bare pairs, as before
        got = store.weak_sharing()
        assert list(got) == [tuple(sorted((x.id, y.id)))] and got[tuple(sorted((x.id, y.id)))] == (0.2, 0.3, p)


def test_store_finds_the_articles_that_quote_the_same_words(tmp_path):
    from unspun.records import Article, Quote, Span
    from unspun.store import open_store

    def q(text: str) -> Quote:
        return Quote(Span(0, len(text)), text, (Span(0, len(text)),), None, None, None)

    promise = "This wall is a promise to every family on Dock Street that we will not leave them behind"
    with open_store(tmp_path / "q.db") as store:
        store.add_articles([(Article(f"a{i}", "s", f"p{i}", "", "txt", "raw", f"text {i}"), "site", "")
                            for i in range(4)])
        store.put_quotes([("a0", [q(promise)]), ("a1", [q("We will not leave them behind, she said again")]),
                          ("a2", [q("A promise is a promise, and we keep our promises to families")]), ("a3", [])],
                         "v")
        asked = [promise.lower().split()]
        # a1 quotes part of the words (its rarest words all stand in the quotation); a2 shares one word only
        assert store.quoting(asked) == {"a0", "a1"}
        assert store.quoting([["a", "promise", "is", "a", "promise"]]) == set()
        assert store.quoting(asked, limit=1) in ({"a0"}, {"a1"})
        store.put_quotes([("a0", [])], "v")  # quotations extracted again replace their words
        assert store.quoting(asked) == {"a1"}
        # a store of schema 5 had quotations and no words: they are filled from the stored quotations, once
        store.db.execute("DELETE FROM quote_words")
        store.db.execute("DELETE FROM meta WHERE key='quote_words_filled'")
        assert store.quoting(asked) == set()
        assert store.fill_quote_words() == 2 and store.quoting(asked) == {"a1"}
        assert store.fill_quote_words() == 0


def test_store_posts_the_long_sentences_of_sentence_fingerprints(tmp_path):
    """The articles that carry a long sentence are found from its postings (a syndicator's notice: its carriers),
    kept with the fingerprints, dropped with them, and filled once for a store of schema 6."""
    from unspun.config import FingerprintOptions
    from unspun.fingerprint import Schemes, fingerprint_batch
    from unspun.fingerprint.sentences import sentence_hashes
    from unspun.records import Article, Span
    from unspun.store import open_store

    notice = ("Harbor Health Desk is an independent nonprofit newsroom that produces in-depth reporting about "
              "public health, hospitals and medical costs, free to republish under a Creative Commons license.")
    texts = {"a": "The clinic opens late on Fridays from next month, its managers said. " + notice,
             "b": "Nurses began voting on a pay offer on Wednesday at the general hospital. " + notice,
             "c": "Nurses began voting on a pay offer on Wednesday at the general hospital."}
    fo = FingerprintOptions(embed=False)
    schemes = Schemes.of(fo)
    scheme = schemes.sentences
    (key,) = [int(h) & ~1 for h in sentence_hashes(notice, [Span(0, len(notice))]) if int(h) & 1]
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([(Article(k, "s", k, "", "txt", t, t), "site", "") for k, t in texts.items()])
        for name, params in schemes.params(fo).items():
            store.register_scheme(name, params)
        store.put_fingerprints(fingerprint_batch(list(texts.items()), fo))
        assert store.carriers(scheme, [key]) == {"a", "b"}
        assert store.carriers(scheme, [key, 12345678]) == set() and store.carriers(scheme, []) == set()
        store.update_cleaned("a", "Another text.", (), "")
        assert store.carriers(scheme, [key]) == {"b"}
        assert store.fill_long_sentences() == 0  # a new store posted them as they came: nothing read again
        store.db.execute("DELETE FROM long_sentences")  # a store of schema 6
        store.db.execute("DELETE FROM meta WHERE key='long_sentences_filled'")
        assert store.fill_long_sentences() == 2 and store.carriers(scheme, [key]) == {"b"}  # b and c read
        assert store.fill_long_sentences() == 0
        store.db.execute("DELETE FROM long_sentences")  # a store of schema 6 again, as an older unspun left it
        store.db.execute("DELETE FROM meta WHERE key='long_sentences_filled'")
        store.db.execute("UPDATE meta SET value='6' WHERE key='schema_version'")
    with open_store(tmp_path / "s.db") as store:  # opening it posts them (review: check and serve found none
        assert store.carriers(scheme, [key]) == {"b"}  # until an analyze ran)


def test_store_read_as_immutable_is_frozen_only_when_someone_may_still_write_it(tmp_path):
    # review: a store read as an immutable file never sees what its owner writes later; serve warns of it
    from unspun.store.sqlite import _writable_by_someone

    f = tmp_path / "s.db"
    f.write_bytes(b"")
    f.chmod(0o644)
    assert _writable_by_someone(str(f))
    f.chmod(0o444)
    assert not _writable_by_someone(str(f))
    assert _writable_by_someone(str(tmp_path / "missing.db"))


def test_store_a_story_id_that_ended_is_moved_to_the_story_its_articles_are_in():
    """A story id that no article has any more (merged into another story; renamed when the article it was named
    after left) leads to the story most of its articles are in now, also through later moves; an id in use again
    is no move. (Before, an ended story's id just answered 404: a bookmarked story was lost.)"""
    with open_store(":memory:") as store:
        arts = [_article(f"Text number {k} here.", f"https://a.example/{k}") for k in range(5)]
        store.add_articles([(a, "a.example", "") for a in arts])
        v, w, x, y, z = (a.id for a in arts)
        store.put_stories({v: v, w: v, x: x, y: x, z: z})
        assert store.story_moved(x) is None and store.story_moved("nope") is None
        store.put_stories({x: v, y: v})  # x's story merged into v's
        assert store.story_moved(x) == v and store.story_moved(v) is None
        store.put_stories({v: z, w: z, x: z, y: z})  # and that one into z's: both old ids lead to z
        assert (store.story_moved(v), store.story_moved(x)) == (z, z)
        store.put_stories({y: y})  # y starts a story again ... and x's old story, named after x, goes with x
        assert (store.story_moved(v), store.story_moved(x)) == (z, z)
        store.put_stories({x: x})  # the id x is a story's again: no move
        assert store.story_moved(x) is None and store.story_moved(v) == z
        store.put_stories({v: "q", w: "q"})
        assert store.story_moved(z) is None
        store.put_stories({x: "q", y: "q", z: "q"})
        assert store.story_moved(z) == "q" and store.story_moved(v) == "q" and store.story_moved(y) == "q"
        store.put_stories({v: v, w: v})
        store.put_stories({v: "zz", w: "aa"})  # a tie between two stories goes to the one its namesake is in
        assert store.story_moved(v) == "zz"


def test_store_path_must_be_a_path(tmp_path, monkeypatch):
    """Found by QA (library use): ``open_store(None)`` made a store file named "None" in the working folder."""
    monkeypatch.chdir(tmp_path)
    for wrong in (None, 3):
        with pytest.raises(TypeError):
            open_store(wrong)
    assert list(tmp_path.iterdir()) == []
    with open_store(tmp_path / "s.db") as store, open_store(os.fsencode(tmp_path / "b.db")) as other:
        assert store.count_articles() == other.count_articles() == 0


def test_store_whose_folder_cannot_be_made_is_a_clear_error(tmp_path):
    """Found by QA (library and CLI): a store under a path whose folder can't be made (a file stands where the folder
    would be, a read-only mount) ended in a FileExistsError traceback from ``mkdir``, not an error naming the store."""
    (tmp_path / "notes.txt").write_text("x")
    db = tmp_path / "notes.txt" / "news.db"
    with pytest.raises(ValueError, match=r"news\.db: cannot create the store's folder .*notes\.txt"):
        open_store(db)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc, which no one can write")
def test_store_new_in_a_folder_that_cannot_be_written_says_it_cannot_be_created():
    """Found by QA (library use): a store that does not exist, in a folder that can't be written, was asked about as
    if it were there ("is the file or its folder read-only? SQLite writes a -wal ... even to read")."""
    with pytest.raises(ValueError, match=r"/proc/unspun-qa\.db: no store there, and one can't be created"):
        open_store("/proc/unspun-qa.db")
    assert not os.path.exists("/proc/unspun-qa.db")


def test_store_of_another_schema_says_whether_unspun_or_the_store_is_the_older(tmp_path):
    """Found by QA: a store written by a newer unspun (or one too old to upgrade) was refused with "store schema 9,
    this unspun reads 8", which leaves the user to guess whether to upgrade unspun or to rebuild the store."""
    from unspun.store.sqlite import SCHEMA_VERSION

    db = tmp_path / "s.db"
    with open_store(db):
        pass
    for version, said in ((str(int(SCHEMA_VERSION) + 1), r"written by a newer unspun .*: upgrade unspun to open it"),
                          ("1", r"too old for this unspun to upgrade .*: analyse the articles again into a new store")):
        con = sqlite3.connect(db)
        con.execute("UPDATE meta SET value=? WHERE key='schema_version'", (version,))
        con.commit()
        con.close()
        with pytest.raises(ValueError, match=rf"s\.db: store schema {version} .*{said}"):
            open_store(db)


def test_store_counts_articles_not_analysed_from_the_ids_index(tmp_path, capsys):
    """Every reading command (export, report, stories, quotes, spin) counts the articles not analysed yet, to warn
    of them: the list of their ids, in insertion order, read each article's row (0.5 s on a store of 100,000, 1.5 s
    from disk); the count reads the index of ids alone."""
    from unspun.cli_common import warn_not_analysed
    from unspun.config import FingerprintOptions
    from unspun.fingerprint import Schemes
    from unspun.records import Fingerprint

    scheme = Schemes.of(FingerprintOptions()).shingles
    with open_store(tmp_path / "s.db") as store:
        arts = [_article(f"Text number {i}.", f"https://a.example/{i}") for i in range(3)]
        store.add_articles([(a, "a.example", "") for a in arts])
        store.register_scheme(scheme, {})
        store.put_fingerprints([Fingerprint(arts[1].id, scheme, b"\0")])
        assert store.count_without_fingerprint(scheme) == len(store.ids_without_fingerprint(scheme)) == 2
        queries: list[str] = []
        store.db.set_trace_callback(queries.append)
        warn_not_analysed(store, "s.db")
        store.db.set_trace_callback(None)
        assert "warning: 2 of 3 stored article(s) not analysed yet" in capsys.readouterr().err
        plans = [row[-1] for q in queries if "articles" in q for row in store.db.execute("EXPLAIN QUERY PLAN " + q)]
        assert plans and all("COVERING INDEX" in step for step in plans if "articles" in step), plans
