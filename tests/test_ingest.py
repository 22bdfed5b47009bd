"""Ingest (unspun.ingestion): the demo corpus, re-runs, bad inputs beside good ones, furniture, tabular fields."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import unspun.ingestion
from unspun.config import Options, ReadOptions
from unspun.ingestion import ingest
from unspun.store import open_store

from conftest import DEMO, REPO

EXPECTED = json.loads((DEMO / "expected.json").read_text("utf-8"))
DEMO_SKIPPED = {"non-HTML response": 2, "request record": 5, "warcinfo record": 1}

LATIN1_TEXT = (
    "Le café de la gare a rouvert après l'été, et les élèves du lycée y déjeunent à midi.\n\n"
    "Die Bürger von Köln und München drängen über die Brücke; der Bürgermeister ist überrascht.\n"
)
GOOD_TEXT = (
    "The harbour bridge reopened to traffic on Thursday morning after eight months of repairs.\n\n"
    "Engineers replaced 212 steel cables and resurfaced the whole deck, the transport department said.\n"
)
PAGES = [
    ("https://a.example.com/bridge", "Bridge reopens", [
        "The harbour bridge reopened to traffic on Thursday morning after eight months of repairs, officials said.",
        "Engineers replaced 212 steel cables and resurfaced the whole deck, according to the transport department.",
        "The first bus crossed a few minutes after the mayor cut the ribbon at seven in the morning."]),
    ("https://b.example.org/comet", "Comet confirmed", [
        "A retired engineer's sighting of a faint smudge near Orion has been confirmed as a new comet.",
        "The observatory said the object would pass closest to the Sun in late November next year.",
        "Amateur astronomers across the region have been asked to send their photographs to the team."]),
    ("https://c.example.net/market", "Market fire", [
        "Fire destroyed the old fish market on the quay overnight, leaving forty traders without stalls.",
        "No one was hurt, the fire service said, but the roof collapsed before crews could reach it.",
        "The council promised temporary stalls on the car park by the end of the month."]),
]


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>All rights reserved.</footer></body></html>").encode()


def _write_cut_warc(path: Path) -> tuple[list[str], int]:
    """A gzipped WARC of 3 HTML responses, cut in the middle of the 3rd; returns (URLs read whole, 3rd offset)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    offsets = []
    for uri, title, paragraphs in PAGES:
        offsets.append(out.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(_page(title, paragraphs)),
                                                      http_headers=http))
    data = out.getvalue()
    third = offsets[2]
    path.write_bytes(data[: third + (len(data) - third) // 2])
    return [uri for uri, _, _ in PAGES[:2]], third


def _summaries(store) -> list[dict]:
    return list(store.article_summaries())


# --- the demo corpus ---------------------------------------------------------------------


def test_ingest_demo_corpus_articles_sources_and_skips(tmp_path: Path, demo_corpus: Path):
    with open_store(tmp_path / "x.db") as store:
        report = ingest(store, [str(demo_corpus)])
        stored = _summaries(store)
    assert (report.files, report.read, report.added, report.files_unchanged) == (7, 9, 9, 0)
    assert report.errors == [] and not report.failed
    assert report.skipped == DEMO_SKIPPED
    assert len(stored) == 9 and len({a["id"] for a in stored}) == 9
    for expected in EXPECTED["articles"]:
        path = str(REPO / expected["file"])
        if expected["form"] == "warc":
            [art] = [a for a in stored if a["url"] == expected["url"]]
            assert art["source"] == expected["url"]
            assert art["locator"] == f"offset={expected['warc_offset']}"
        else:
            [art] = [a for a in stored if a["path"] == path]
            assert art["source"] == path and art["locator"] == ""
            assert art["url"] == expected["url"]
        assert art["path"] == path and art["format"] == expected["form"]


def test_ingest_again_adds_nothing_and_reads_no_unchanged_file(tmp_path: Path, demo_corpus: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    with open_store(tmp_path / "x.db") as store:
        first = ingest(store, [str(demo_corpus)])
        ids = [a["id"] for a in _summaries(store)]
        opened: list[str] = []
        real_read_file = unspun.ingestion.read_file

        def spy(path, *args, **kwargs):
            opened.append(path)
            return real_read_file(path, *args, **kwargs)

        monkeypatch.setattr(unspun.ingestion, "read_file", spy)
        again = ingest(store, [str(demo_corpus)])
        assert [a["id"] for a in _summaries(store)] == ids
    assert first.added == 9
    assert (again.files, again.files_unchanged, again.read, again.added) == (7, 7, 0, 0)
    assert again.skipped == {} and again.errors == []
    assert opened == []


def test_ingest_new_file_in_folder_adds_only_its_articles(tmp_path: Path, demo_corpus: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(demo_corpus, corpus)
    with open_store(tmp_path / "x.db") as store:
        assert ingest(store, [str(corpus)]).added == 9
        before = {a["id"] for a in _summaries(store)}
        (corpus / "text" / "new.txt").write_text(GOOD_TEXT, "utf-8")
        report = ingest(store, [str(corpus)])
        after = _summaries(store)
    assert (report.files, report.files_unchanged, report.read, report.added) == (8, 7, 1, 1)
    [new] = [a for a in after if a["id"] not in before]
    assert new["path"] == str(corpus / "text" / "new.txt") and len(after) == 10


# --- bad inputs beside good ones ---------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> tuple[Path, list[str], int]:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, "utf-8")
    (folder / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    blob = random.Random(3).randbytes(4096)
    assert b"\x00" in blob[:1000] and not blob.startswith(b"\x1f\x8b")
    (folder / "blob.txt").write_bytes(blob)
    urls, third = _write_cut_warc(folder / "cut.warc.gz")
    return folder, urls, third


def test_ingest_bad_inputs_are_reported_and_the_rest_stored(tmp_path: Path, demo_corpus: Path, mixed_folder):
    folder, warc_urls, third = mixed_folder
    with open_store(tmp_path / "x.db") as store:
        ingest(store, [str(demo_corpus)])
        demo_before = {a.id: a for a in store.articles()}
        report = ingest(store, [str(folder)])
        after = {a.id: a for a in store.articles()}
        stored_errors = store.read_errors()
    assert report.failed and report.files == 5
    reasons = {Path(e.path).name: e for e in report.errors}
    assert len(report.errors) == 3 and set(reasons) == {"empty.txt", "blob.txt", "cut.warc.gz"}
    assert all(e.path == str(folder / name) for name, e in reasons.items())
    assert reasons["empty.txt"].reason == "empty file"
    assert reasons["blob.txt"].reason.startswith("binary content (not text): NUL byte at byte ")
    assert reasons["cut.warc.gz"].reason.startswith(f"truncated or corrupt WARC at offset {third}: ")
    assert reasons["cut.warc.gz"].locator == f"offset={third}"
    assert sorted(map(str, stored_errors)) == sorted(map(str, report.errors))
    # the good articles: two text files and the two WARC records before the cut
    new = [a for aid, a in after.items() if aid not in demo_before]
    assert (report.added, len(new)) == (4, 4)
    assert sorted(a.url for a in new if a.format == "warc") == sorted(warc_urls)
    assert sorted(Path(a.path).name for a in new if a.format == "text") == ["good.txt", "latin1.txt"]
    # what was stored before is still there, unchanged
    assert all(after.get(aid) == art for aid, art in demo_before.items())


def test_ingest_files_with_errors_are_read_again(tmp_path: Path, mixed_folder):
    folder, _, _ = mixed_folder
    with open_store(tmp_path / "x.db") as store:
        first = ingest(store, [str(folder)])
        again = ingest(store, [str(folder)])
        assert store.count_articles() == 4
    assert first.added == 4
    # the good text files are unchanged and skipped; the bad ones are tried (and fail) again
    assert (again.files, again.files_unchanged, again.added, len(again.errors)) == (5, 2, 0, 3)
    assert again.read == 2  # the two WARC records before the cut


def test_ingest_latin1_text_is_decoded_and_its_encoding_recorded(tmp_path: Path, mixed_folder):
    folder, _, _ = mixed_folder
    with open_store(tmp_path / "x.db") as store:
        ingest(store, [str(folder)])
        [art] = [a for a in store.articles() if a.path.endswith("latin1.txt")]
    assert art.raw_text == LATIN1_TEXT
    assert "é" in art.text and "ü" in art.text and "\ufffd" not in art.text
    assert art.encoding == "cp1252"  # latin-1 is read as its superset, as browsers do


# --- furniture ---------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "kind"), [("Leave a Reply", "comment-form"), ("Source link", "source-link")])
def test_ingest_scraper_furniture_removed_with_offsets_into_raw_text(tmp_path: Path, demo_corpus: Path,
                                                                     phrase: str, kind: str):
    with open_store(tmp_path / "x.db") as store:
        ingest(store, [str(demo_corpus)])
        [art] = [a for a in store.articles() if a.url and "newsfeedhub24" in a.url]
    assert phrase not in art.text
    assert art.raw_text.count(phrase) == 1
    at = art.raw_text.index(phrase)
    [removal] = [r for r in art.removals if r.start <= at and at + len(phrase) <= r.end]
    assert removal.kind == kind
    assert removal.text == art.raw_text[removal.start:removal.end]
    assert removal.text.startswith(phrase)
    # the article body itself survives cleaning
    assert "Elena Ruiz" in art.text and len(art.text) < len(art.raw_text)


# --- tabular inputs with custom field names -----------------------------------------------

ROWS = [
    {"body": "Councillors approved the new cycle lanes on Tuesday after a long debate.",
     "link": "https://n.example/lanes", "headline": "Cycle lanes approved", "text": "not this field"},
    {"body": "The library will open on Sundays from next month, the council said.",
     "link": "https://n.example/library", "headline": "Library opens on Sundays"},
]


def _write_rows(path: Path, fmt: str) -> None:
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["headline", "link", "body", "text"])
            w.writeheader()
            w.writerows(ROWS)
        return
    lines = "".join(json.dumps(r) + "\n" for r in ROWS) + json.dumps({"text": "no body field here"}) + "\n"
    data = lines.encode()
    path.write_bytes(gzip.compress(data) if fmt == "jsonl.gz" else data)


@pytest.mark.parametrize(("fmt", "name", "locator"), [("jsonl", "news.jsonl", "line={}"),
                                                      ("jsonl.gz", "news.jsonl.gz", "line={}"),
                                                      ("csv", "news.csv", "row={}")])
def test_ingest_tabular_custom_field_names(tmp_path: Path, fmt: str, name: str, locator: str):
    path = tmp_path / name
    _write_rows(path, fmt)
    options = Options(read=ReadOptions(text_field="body", url_field="link", title_field="headline"))
    with open_store(tmp_path / "x.db") as store:
        report = ingest(store, [str(path)], options=options)
        stored = list(store.articles())
    assert report.added == 2
    assert [(a.text, a.url, a.source, a.title) for a in stored] == [
        (r["body"], r["link"], r["link"], r["headline"]) for r in ROWS]
    assert [a.locator for a in stored] == [locator.format(1), locator.format(2)]
    assert all(a.path == str(path) and a.format == fmt.removesuffix(".gz") for a in stored)
    if fmt != "csv":  # the third line lacks the text field
        [err] = report.errors
        assert (err.path, err.locator) == (str(path), "line=3")
        assert err.reason == "no text field 'body' (--text-field)"
    else:
        assert report.errors == []


def test_ingest_default_field_names_ignore_custom_ones(tmp_path: Path):
    path = tmp_path / "news.jsonl"
    _write_rows(path, "jsonl")
    with open_store(tmp_path / "x.db") as store:
        report = ingest(store, [str(path)])
        stored = list(store.articles())
    # with the default text field 'text', only lines 1 and 3 have one; no 'url' field: the source is the file
    assert [a.text for a in stored] == ["not this field", "no body field here"]
    assert all(a.url is None and a.source == str(path) for a in stored)
    [err] = report.errors
    assert err.locator == "line=2" and err.reason == "no text field 'text' (--text-field)"


def test_ingest_ids_do_not_depend_on_where_the_corpus_lies(tmp_path):
    import shutil

    from unspun.store import open_store

    moved = tmp_path / "elsewhere" / "corpus"
    shutil.copytree(DEMO / "corpus", moved)
    ids = []
    for root in (DEMO / "corpus", moved):
        with open_store(":memory:") as store:
            ingest(store, [str(root)])
            ids.append(sorted(store.article_ids()))
    assert ids[0] == ids[1] and len(ids[0]) == 9


def test_ingest_copies_in_two_folders_stay_two_articles(tmp_path):
    from unspun.store import open_store

    for site in ("a", "b"):
        (tmp_path / "corpus" / site).mkdir(parents=True)
        (tmp_path / "corpus" / site / "index.txt").write_text("The same wire story, word for word.\n")
    with open_store(":memory:") as store:
        report = ingest(store, [str(tmp_path / "corpus")])
        assert report.added == 2
    # the two folders given one by one: both files are "index.txt" inside the folder given, yet two articles
    with open_store(tmp_path / "two.db") as store:
        first = ingest(store, [str(tmp_path / "corpus" / "a"), str(tmp_path / "corpus" / "b")])
        assert first.added == 2 and len(set(store.article_ids())) == 2
        assert sorted(a.path for a in store.articles()) == [str(tmp_path / "corpus" / s / "index.txt") for s in "ab"]
        (tmp_path / "corpus" / "b" / "index.txt").touch()  # read again: the same id as before, nothing new
        ids = sorted(store.article_ids())
        assert ingest(store, [str(tmp_path / "corpus" / "a"), str(tmp_path / "corpus" / "b")]).added == 0
        assert sorted(store.article_ids()) == ids
    # a folder moved elsewhere (its old copy gone) keeps its ids
    shutil.move(str(tmp_path / "corpus" / "a"), str(tmp_path / "moved"))
    with open_store(tmp_path / "two.db") as store:
        assert ingest(store, [str(tmp_path / "moved")]).added == 0


def test_ingest_html_copy_whose_canonical_points_at_the_original_is_its_own_article(tmp_path):
    from unspun.store import open_store

    page = ('<html><head><title>Flood deal</title><link rel="canonical" href="https://orig.example/flood">'
            "</head><body><article><p>Eleven towns agreed on Thursday to build tidal gates on the estuary, "
            "the first joint flood-defence project in the region's history, officials said.</p>"
            "</article></body></html>")
    for name in ("orig.html", "copy.html"):
        (tmp_path / name).write_text(page)
    with open_store(":memory:") as store:
        report = ingest(store, [str(tmp_path)])
        assert report.read == 2 and report.added == 2


def test_ingest_reexport_with_a_new_first_line_keeps_ids(tmp_path):
    from unspun.store import open_store

    lines = ['{"text": "Story number %d about the harbour strike and its end."}' % i for i in range(3)]
    path = tmp_path / "export.jsonl"
    with open_store(":memory:") as store:
        path.write_text("\n".join(lines) + "\n")
        ingest(store, [str(path)])
        path.write_text("\n".join(['{"text": "A new story at the top."}', *lines]) + "\n")
        report = ingest(store, [str(path)])
        assert report.added == 1 and store.count_articles() == 4


def test_ingest_a_folder_holding_the_database_skips_it_and_other_non_articles(tmp_path):
    from unspun.store import open_store

    (tmp_path / "story.txt").write_text("The harbour strike ended on Friday after nine days of talks.\n")
    (tmp_path / "notes.md").write_text("# not an article\n")
    with open_store(tmp_path / "news.db") as store:
        ingest(store, [str(tmp_path)])  # creates news.db-wal beside it too
        report = ingest(store, [str(tmp_path)])
        assert not report.failed, report.errors
        assert store.count_articles() == 1
        assert report.skipped.get("not an article file", 0) >= 1
        assert report.skipped.get("SQLite database file", 0) >= 1


def test_ingest_one_page_with_tracking_parameters_is_one_article(tmp_path: Path):
    rows = [{"text": "The same page, read from a feed and from a share button.", "url": u}
            for u in ("https://x.example/a?id=3&utm_source=feed", "https://x.example/a?id=3#comments",
                      "https://x.example/a?fbclid=IwAR0x&id=3", "https://x.example/a?id=3&gclid=Cj0K",
                      "https://x.example/a?id=4")]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with open_store(":memory:") as store:
        report = ingest(store, [str(path)])
        assert report.added == 2  # id=3 four times (tracking, click ids and fragment dropped), id=4
        assert report.as_dict()["already_stored"] == 3  # said, not folded silently (found by QA)
        # the page's address, not the share button's that led to it, whichever was read first
        assert sorted(a["url"] for a in store.article_summaries()) == ["https://x.example/a?id=3",
                                                                         "https://x.example/a?id=4"]


def test_ingest_folder_reached_through_a_symlink_is_not_stored_twice(tmp_path):
    """QA: the same files read once through their folder and once through a symlink to it (a mounted or linked
    data folder) were stored twice, every article a `duplicate` of itself."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(GOOD_TEXT, "utf-8")
    link = tmp_path / "link"
    link.symlink_to(corpus, target_is_directory=True)
    with open_store(tmp_path / "x.db") as store:
        assert ingest(store, [str(corpus)]).added == 1
        assert ingest(store, [str(link)]).added == 0
        assert ingest(store, [str(link / "story.txt")]).added == 0
        assert len(list(store.article_ids())) == 1
    # two real copies in two folders are still two articles
    other = tmp_path / "other"
    other.mkdir()
    (other / "story.txt").write_text(GOOD_TEXT, "utf-8")
    with open_store(tmp_path / "x.db") as store:
        assert ingest(store, [str(other)]).added == 1


def test_ingest_a_file_reached_under_another_name_through_a_symlink_is_not_stored_twice(tmp_path):
    """Found by QA: a file linked under another name (a crawl mirror's ``latest.txt``), or a folder reached again
    through a symlink to a folder above it (``sub/up -> ..``) with ``sub`` given too, was read under each name and
    stored once for each, every article a `duplicate` of itself; the errors of an unreadable file came twice."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "story.txt").write_text(GOOD_TEXT, "utf-8")
    (corpus / "sub" / "other.txt").write_text(GOOD_TEXT.replace("bridge", "tunnel"), "utf-8")
    (corpus / "latest.txt").symlink_to("story.txt")
    (corpus / "sub" / "up").symlink_to("..", target_is_directory=True)
    (corpus / "empty.txt").write_text("", "utf-8")
    with open_store(tmp_path / "x.db") as store:
        report = ingest(store, [str(corpus / "sub"), str(corpus)])
        assert report.added == 2 and len(list(store.article_ids())) == 2, sorted(a.path for a in store.articles())
        assert [e.reason for e in report.errors] == ["empty file"]
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "story-link.txt").symlink_to(corpus / "story.txt")
    with open_store(tmp_path / "x.db") as store:  # in a later run too, under either name
        assert ingest(store, [str(tmp_path / "elsewhere")]).added == 0
        assert len(list(store.article_ids())) == 2


def test_ingest_a_file_name_that_is_not_utf8_does_not_stop_the_ingest(tmp_path):
    """``caf\\xe9.txt`` from a Latin-1 archive: Python holds its name with a lone surrogate, which SQLite refused
    (UnicodeEncodeError) and the whole ingest stopped there with a traceback, the files after it not read."""
    import os

    folder = tmp_path / "corpus"
    folder.mkdir()
    bodies = {b"a.txt": "The council voted to close the bridge for repairs on Monday night.",
              b"caf\xe9.txt": "A fire destroyed the old mill on Sunday and nobody was hurt, officials said.",
              b"z.txt": "The school board approved a new budget of four million for next year."}
    for name, body in bodies.items():
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as f:
            f.write(body + "\n")
    broken = os.path.join(os.fsencode(folder), b"\xffbad.txt")  # one that can't be read: its error names it
    os.symlink(b"nowhere", broken)
    with open_store(tmp_path / "s.db") as store:
        report = ingest(store, [str(folder)])
        assert report.added == 3
        assert [str(e) for e in report.errors] == [f"{folder}/\\xffbad.txt: no such file"]
        sources = sorted(a.source for a in store.articles())
        assert sources == sorted([str(folder / "a.txt"), f"{folder}/caf\\xe9.txt", str(folder / "z.txt")])
        again = ingest(store, [str(folder)])
        assert again.added == 0 and again.files_unchanged == 3


def test_ingest_a_record_whose_url_does_not_parse_is_stored_and_the_rest_go_in(tmp_path: Path):
    """QA: ``urlsplit`` raised ValueError ("Invalid IPv6 URL") on a record's URL ``http://[::1``: a traceback that
    stopped the whole ingest (and a 500 for ``POST /articles``)."""
    body = "The council met on Tuesday to vote on the new budget for the town's three libraries and its pool. " * 3
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": body + tail, "url": url}) + "\n"
                            for tail, url in (("One.", "http://[::1"), ("Two.", "https://ok.example/b"))))
    with open_store(tmp_path / "a.db") as store:
        report = ingest(store, [str(path)])
        assert report.added == 2 and not report.errors
        assert {a["url"] for a in store.article_summaries()} == {"http://[::1", "https://ok.example/b"}


def test_ingest_takes_a_list_of_paths_not_one_path(tmp_path: Path, demo_corpus: Path, monkeypatch):
    """Found by QA (library use): ``ingest(store, "ab.txt")`` read each character as a path: "." the working
    folder, and a "-" in a name standard input; a ``pathlib.Path`` in the list failed with AttributeError."""
    import unspun

    monkeypatch.chdir(tmp_path)
    shutil.copy(demo_corpus / "text" / "unrelated.txt", tmp_path / "ab.txt")
    with open_store(tmp_path / "s.db") as store:
        for paths in ("ab.txt", Path("ab.txt"), ""):  # review: analyze(store, "") ingested nothing, quietly
            with pytest.raises(TypeError, match="list of paths"):
                ingest(store, paths)
            with pytest.raises(TypeError, match=r"list of paths.*: analyze\(store, \["):  # not "ingest(...)"
                unspun.analyze(store, paths)
        assert store.count_articles() == 0
        assert ingest(store, [tmp_path / "ab.txt"]).added == 1
        shutil.copy(demo_corpus / "text" / "truncated.txt", tmp_path / "cd.txt")
        assert ingest(store, [os.fsencode(tmp_path / "cd.txt")]).added == 1  # review: bytes, as open_store takes


def test_ingest_progress_moves_inside_one_large_file(tmp_path: Path, monkeypatch, capsys):
    """QA: a 1-million-line JSONL showed ``ingest: 0/1 (0%)`` for minutes: the task counted files only. It now
    advances by the share of the file read, and its last line is printed once."""
    from unspun.progress import Reporter, _LineTask

    monkeypatch.setattr(_LineTask, "EVERY", 0.0)
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"Story {i}: " + "the council voted again " * 20,
                                        "url": f"https://x.example/{i}"}) + "\n" for i in range(3000)), "utf-8")
    with open_store(tmp_path / "s.db") as store:
        assert ingest(store, [str(path)], reporter=Reporter()).added == 3000
    lines = [line.rsplit(" ", 1)[0] for line in capsys.readouterr().err.splitlines()]
    shares = [int(line.rsplit("(", 1)[1].rstrip("%)")) for line in lines]
    assert lines[0] == "ingest: 0/1 (0%)" and lines[-1] == "ingest big.jsonl: 1/1 (100%)"
    assert any(0 < s < 100 for s in shares), lines
    assert shares == sorted(shares) and lines.count(lines[-1]) == 1
