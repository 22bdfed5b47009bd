"""Tests of the read stage (unspun.read) on real files: fixtures in tests/data/read/ and WARCs built with warcio."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspun.config import ReadOptions
from unspun.read import ReadStats, detect_format, iter_input_files, read_file
from unspun.records import Document, ReadError

DATA = Path(__file__).parent / "data" / "read"
JSONL_OPTIONS = ReadOptions(
    text_field="body", url_field="link", title_field="headline", date_field="when", site_field="outlet"
)


def _read(path: Path | str, options: ReadOptions = ReadOptions(), **kwargs) -> list[Document | ReadError]:
    return list(read_file(str(path), options, **kwargs))


def _docs(results: list) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def _errors(results: list) -> list[ReadError]:
    return [r for r in results if isinstance(r, ReadError)]


def _page(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>All rights reserved.</footer></body></html>"
    )


BRIDGE = [
    "The harbour bridge reopened to traffic on Thursday morning after eight months of repairs, officials said.",
    "Engineers replaced 212 steel cables and resurfaced the whole deck, according to the transport department.",
    "The first bus crossed a few minutes after the mayor cut the ribbon at seven in the morning.",
]
COPY = [
    "Après huit mois de travaux, le pont du port est rouvert à la circulation jeudi, selon la mairie.",
    "Les ingénieurs ont remplacé 212 câbles d’acier et refait le tablier, « plus sûr que jamais ».",
    "Le premier bus a traversé le pont quelques minutes après l'inauguration par la maire.",
]


def _response(writer, uri, body: bytes, content_type, status="200 OK", date="2024-03-20T10:00:00Z"):
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )


def _write_warc(target: Path, *, gz: bool) -> Path:
    with open(target, "wb") as out:
        w = WARCWriter(out, gzip=gz)
        w.write_record(w.create_warcinfo_record(target.name, {"software": "unspun-tests"}))
        request = StatusAndHeaders("GET /bridge HTTP/1.1", [("Host", "a.example.com")], is_http_request=True)
        w.write_record(w.create_warc_record("https://a.example.com/bridge", "request", payload=io.BytesIO(b""), http_headers=request))
        head = '<meta property="article:published_time" content="2024-03-14T09:30:00+00:00"><meta property="og:site_name" content="The Daily Coast">'
        w.write_record(_response(w, "https://a.example.com/bridge", _page("Bridge reopens", BRIDGE, head).encode(), "text/html; charset=utf-8"))
        w.write_record(w.create_warc_record("https://a.example.com/bridge", "metadata", payload=io.BytesIO(b"via: test\r\n"), warc_content_type="application/warc-fields"))
        w.write_record(_response(w, "https://a.example.com/logo.jpg", b"\xff\xd8\xff\xe0" + bytes(500), "image/jpeg"))
        w.write_record(_response(w, "https://a.example.com/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain"))
        # latin-1 per HTTP, no <meta charset>, no date on the page: WARC-Date is used
        w.write_record(_response(w, "https://copy.example.net/pont", _page("Pont rouvert", COPY).encode("cp1252"), "text/html; charset=ISO-8859-1", date="2024-03-21T08:00:00Z"))
        w.write_record(_response(w, "https://a.example.com/gone", _page("Not found", ["Sorry, that page is gone."]).encode(), "text/html", status="404 Not Found"))
        w.write_record(w.create_revisit_record("https://a.example.com/bridge", "sha1:AAAA", "https://a.example.com/bridge", "2024-03-20T10:00:00Z"))
        # no Content-Type at all: sniffed as HTML
        w.write_record(_response(w, "https://b.example.org/sniffed", _page("Sniffed page", BRIDGE[::-1]).encode(), None))
    return target


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def read_warc_file(request, tmp_path: Path) -> Path:
    gz = request.param
    return _write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)


# --- HTML -------------------------------------------------------------------------------


def test_read_html_text_and_metadata():
    [doc] = _read(DATA / "article.html")
    assert isinstance(doc, Document)
    assert doc.format == "html" and doc.locator == "" and doc.source == doc.path == str(DATA / "article.html")
    assert doc.title == "Harbour bridge reopens after repairs"
    assert doc.url == "https://dailycoast.example.com/news/2024/03/harbour-bridge-reopens"
    assert doc.site == "The Daily Coast"
    assert doc.author == "Maria Jensen"
    assert doc.published == "2024-03-14T09:30:00+00:00"  # article:published_time, with its time
    assert doc.language == "en-GB"
    assert doc.encoding == "utf-8"
    paragraphs = doc.text.split("\n")
    assert paragraphs[1].startswith("The harbour bridge reopened to traffic on Thursday morning")
    assert paragraphs[2].startswith("Mayor Anne Holm cut a ribbon at 7 a.m.")
    assert "212 steel cables" in doc.text and "Lars Berg" in doc.text
    for furniture in ("Privacy policy", "Most read", "Your email address will not be published", "Sport"):
        assert furniture not in doc.text


def test_read_html_keeps_repeated_paragraphs():
    repeated = "Breaking: the council voted to close the old library on Friday evening after a long debate."
    other = "A second paragraph with different words about budgets, schools and the state of the roads."
    html = _page("Library", [repeated, other, repeated, other + " Again."]).encode()
    [doc] = list(read_file("-", stdin=io.BytesIO(html)))
    assert doc.format == "html"
    assert doc.text.count(repeated) == 2


@pytest.mark.parametrize("ref", ["&#12;", "&#x1b;", "&#X0B;", "&#0008;", "&#12 ", "&#xFFFE;"])
def test_read_html_a_reference_to_a_control_character_does_not_lose_the_page(ref):
    # found by QA: one `&#12;` (a form feed pasted from a PDF) anywhere in a page made trafilatura discard it
    # whole: "no article text found in the HTML page"
    first = "The council voted on Friday to close the old library after a long debate about the budget."
    second = "A second paragraph with different words about schools and the state of the county roads."
    html = _page(f"Library {ref} closes", [first, f"{second} {ref} More follows."]).encode()
    [doc] = list(read_file("-", stdin=io.BytesIO(html)))
    assert isinstance(doc, Document), doc
    assert first in doc.text and "county roads. More follows." in doc.text


def test_read_html_without_text_is_an_error(tmp_path: Path):
    path = tmp_path / "blank.html"
    path.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><img src='a.jpg'><script>var x = 1;</script><div> </div></body></html>")
    [err] = _read(path)
    assert isinstance(err, ReadError) and err.path == str(path)
    assert err.reason == "no article text found in the HTML page"


# --- WARC -------------------------------------------------------------------------------


def test_read_warc_articles_offsets_and_skips(read_warc_file: Path):
    stats = ReadStats()
    results = _read(read_warc_file, stats=stats)
    assert _errors(results) == []
    docs = _docs(results)
    assert [d.source for d in docs] == [
        "https://a.example.com/bridge",
        "https://copy.example.net/pont",
        "https://b.example.org/sniffed",
    ]
    bridge, copy, sniffed = docs
    assert all(d.format == "warc" and d.path == str(read_warc_file) for d in docs)
    assert bridge.url == bridge.source and bridge.site == "The Daily Coast"
    assert bridge.published == "2024-03-14T09:30:00+00:00"  # the time the page states
    assert bridge.crawled == "2024-03-20T10:00:00Z"  # WARC-Date: when it was crawled
    assert bridge.text.split("\n")[1:] == BRIDGE
    assert copy.published is None  # no date on the page: WARC-Date is not a publication date
    assert copy.crawled == "2024-03-21T08:00:00Z"
    assert copy.encoding == "cp1252" and copy.text.split("\n")[1:] == COPY
    assert copy.site == "copy.example.net"
    assert sniffed.text.split("\n")[1:] == BRIDGE[::-1]
    assert stats.records == 10 and stats.documents == 3 and stats.errors == 0
    assert stats.skipped == {
        "warcinfo record": 1,
        "request record": 1,
        "metadata record": 1,
        "revisit record": 1,
        "non-HTML response": 2,
        "HTTP status 404": 1,
    }
    offsets = [int(d.locator.removeprefix("offset=")) for d in docs]
    assert offsets == sorted(offsets) and offsets[0] > 0
    with open(read_warc_file, "rb") as f:
        for doc, offset in zip(docs, offsets):
            f.seek(offset)
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == doc.source


def test_read_warc_truncated(read_warc_file: Path, tmp_path: Path):
    docs = _docs(_read(read_warc_file))
    second = int(docs[1].locator.removeprefix("offset="))
    data = read_warc_file.read_bytes()
    cut = tmp_path / ("cut" + "".join(read_warc_file.suffixes))
    cut.write_bytes(data[: second + 300])  # in the middle of the second article's record
    stats = ReadStats()
    results = _read(cut, stats=stats)
    assert [d.source for d in _docs(results)] == ["https://a.example.com/bridge"]
    [err] = _errors(results)
    assert results[-1] is err and err.path == str(cut) and err.locator == f"offset={second}"
    assert err.reason.startswith(f"truncated or corrupt WARC at offset {second}: ")
    assert stats.skipped["non-HTML response"] == 2 and stats.errors == 1


def test_read_warc_damaged_in_the_middle_goes_on_at_the_next_whole_record(read_warc_file: Path, tmp_path: Path):
    """Found by QA: 200 bytes overwritten inside one record lost every record after it, and the error quoted the
    raw gzip bytes. Reading now resumes at the next record that starts whole; the error stays, with its offset."""
    docs = _docs(_read(read_warc_file))
    offsets = [int(d.locator.removeprefix("offset=")) for d in docs]
    data = bytearray(read_warc_file.read_bytes())
    hit = offsets[1] + 40  # inside the second article's record (its header, or its gzip member)
    data[hit : hit + 200] = bytes(b ^ 0xFF for b in data[hit : hit + 200])
    bad = tmp_path / ("bad" + "".join(read_warc_file.suffixes))
    bad.write_bytes(bytes(data))
    results = _read(bad)
    got = _docs(results)
    assert [d.source for d in got] == [docs[0].source, docs[2].source]
    assert [d.locator for d in got] == [docs[0].locator, docs[2].locator]  # offsets still into the whole file
    [err] = _errors(results)
    assert err.locator == f"offset={offsets[1]}" and err.reason.isprintable() and "\\x1f" not in err.reason


def test_read_warc_record_over_the_limit(read_warc_file: Path):
    stats = ReadStats()
    results = _read(read_warc_file, ReadOptions(max_article_bytes=300), stats=stats)
    assert _docs(results) == [] and len(results) == 3 and stats.records == 10
    assert all(e.locator.startswith("offset=") for e in results)
    assert all(e.reason == "article is over the 300 bytes limit (--max-article-bytes)" for e in results)


@pytest.mark.parametrize("content", [b"this is not a warc file at all\n" * 3, b"WARC/1.0\r\nWARC-Type: resp"])
def test_read_warc_garbage(tmp_path: Path, content: bytes):
    path = tmp_path / "junk.warc"
    path.write_bytes(content)
    [err] = _read(path)
    assert isinstance(err, ReadError) and err.reason.startswith("truncated or corrupt WARC at offset 0: ")


def test_read_warc_garbage_prints_no_warcio_log_lines(tmp_path: Path):
    # warcio logged 'Replacing spaces in invalid WARC-Target-URI: <the whole text>' to stderr, before our error
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a warc file at all, only a few words of prose\n" * 3)
    code = ("import sys; from unspun.read import read_file; "
            "print([type(r).__name__ for r in read_file(sys.argv[1])])")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "['ReadError']"
    assert run.stderr == ""


# --- JSONL and CSV ----------------------------------------------------------------------


def test_read_jsonl_custom_fields_bad_line_and_missing_text():
    stats = ReadStats()
    results = _read(DATA / "articles.jsonl", JSONL_OPTIONS, stats=stats)
    assert [r.locator for r in results] == ["line=1", "line=2", "line=3", "line=4", "line=6", "line=7"]
    first, second, bad, missing, html, plain = results
    assert first.text.startswith("The harbour bridge reopened") and "\nOfficials said" in first.text
    assert (first.source, first.url, first.title, first.published, first.site) == (
        "https://dailycoast.example.com/bridge", "https://dailycoast.example.com/bridge",
        "Bridge reopens", "2024-03-14", "The Daily Coast",
    )
    assert first.format == "jsonl" and first.path == str(DATA / "articles.jsonl")
    assert second.published == "2024-03-15T08:00:00+00:00" and second.site == "copycat.example.net"
    assert isinstance(bad, ReadError) and bad.reason.startswith("invalid JSON: ")
    assert isinstance(missing, ReadError) and missing.reason == "no text field 'body' (--text-field)"
    assert html.text == (
        "The ferry will keep its summer timetable until the end of October, the operator said on Monday.\n"
        "Passengers should check the new departure times online."
    )
    assert (html.title, html.author, html.published) == ("Ferry timetable", "Ole Nygaard", "2024-03-16")
    assert plain.source == plain.path and plain.url is None and plain.title == "Storm"
    assert (stats.records, stats.documents, stats.errors) == (6, 4, 2)


@pytest.mark.parametrize("how", ["jsonl", "jsonl.gz", "stdin"])
def test_read_jsonl_with_a_bom_keeps_its_first_record(tmp_path: Path, how: str):
    data = b"\xef\xbb\xbf" + "\n".join(
        json.dumps({"text": f"Record {i}: the bridge reopened.", "url": f"https://x.example/{i}"}) for i in range(3)
    ).encode() + b"\n"
    if how == "stdin":
        results = list(read_file("-", stdin=io.BytesIO(data)))
    else:
        path = tmp_path / f"bom.{how}"
        path.write_bytes(gzip.compress(data) if how.endswith(".gz") else data)
        results = _read(path)
    assert _errors(results) == []
    assert [d.url for d in results] == [f"https://x.example/{i}" for i in range(3)]
    assert results[0].text == "Record 0: the bridge reopened." and results[0].locator == "line=1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<b>Breaking</b>: the bridge closed on Monday after a lorry hit one of its pillars.",
            "Breaking: the bridge closed on Monday after a lorry hit one of its pillars.",
        ),
        (
            "<3 Fans lined up for hours outside the stadium on Sunday to see the band.",
            "<3 Fans lined up for hours outside the stadium on Sunday to see the band.",
        ),
        ("<i>Short</i> &amp; sweet.", "Short & sweet."),
        ("<p>First paragraph.</p><p>Second <em>paragraph</em>.</p>", "First paragraph.\nSecond paragraph."),
        ("<span>Tom &lt;3 Jerry</span> at the cinema<br>on Friday.", "Tom <3 Jerry at the cinema\non Friday."),
    ],
)
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_read_tabular_text_with_markup_but_not_a_page(tmp_path: Path, fmt: str, text: str, expected: str):
    if fmt == "jsonl":
        path = tmp_path / "a.jsonl"
        path.write_text(json.dumps({"text": text, "title": "Kept"}) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "a.csv"
        path.write_text('text,title\n"' + text.replace('"', '""') + '",Kept\n', encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, Document), doc
    assert doc.text == expected and doc.title == "Kept" and doc.format == fmt


def test_read_tabular_full_page_without_text_is_still_an_error(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    page = "<!DOCTYPE html><html><body><img src='a.jpg'><script>var x = 1;</script></body></html>"
    path.write_text(json.dumps({"text": page}) + "\n")
    [err] = _read(path)
    assert isinstance(err, ReadError) and err.reason == "no article text found in the HTML page"


def test_read_jsonl_half_a_surrogate_pair_is_read_and_stored(tmp_path: Path):
    # found by QA: a record whose title or text held `\ud83d` (an emoji cut in two by a scraper) ended
    # `unspun ingest` in a UnicodeEncodeError traceback from SQLite, and nothing of the run was stored
    path = tmp_path / "cut.jsonl"
    path.write_text('{"url": "https://s.example/1", "title": "Cut \\ud83d emoji", '
                    '"text": "The council voted on Friday \\udc00 to close the old library after a long debate."}\n')
    [doc] = _read(path)
    assert isinstance(doc, Document), doc
    assert doc.title == "Cut \ufffd emoji" and "Friday \ufffd to close" in doc.text
    doc.title.encode("utf-8"), doc.text.encode("utf-8")  # what SQLite stores: it raised here


def test_read_records_keep_their_byline(tmp_path: Path):
    # found by QA: a newsroom's feed export with an `author` on every record was stored with none, so `show`, the
    # report and `GET /articles` named no author; a CSV's `author` column, a list of names, `byline`, too
    body = "The council voted on Friday to close the old library after a long debate about its roof."
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        {"url": "https://s.example/1", "author": "Jenna Portnoy", "text": body},
        {"url": "https://s.example/2", "authors": ["Sean Sullivan", {"name": "Sari Horwitz"}], "text": body},
        {"url": "https://s.example/3", "byline": "By Staff", "text": body},
        {"url": "https://s.example/4", "text": body},
        # review: WordPress's REST API names the author by a user id, which is no byline
        {"url": "https://s.example/6", "author": 3, "authors": [7, {"name": 8}], "byline": "12", "text": body})) + "\n")
    assert [d.author for d in _read(path)] == ["Jenna Portnoy", "Sean Sullivan, Sari Horwitz", "By Staff", None, None]
    csv_path = tmp_path / "feed.csv"
    csv_path.write_text(f"url,author,text\nhttps://s.example/5,Dan Balz,{body}\n")
    [doc] = _read(csv_path)
    assert isinstance(doc, Document) and doc.author == "Dan Balz"


def test_read_jsonl_gz_and_truncated_gz(tmp_path: Path):
    lines = [json.dumps({"text": f"Article number {i}: " + "words " * 200, "url": f"https://x.example/{i}"}) for i in range(200)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    good = tmp_path / "a.jsonl.gz"
    good.write_bytes(whole)
    assert len(_docs(_read(good))) == 200
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    results = _read(cut)
    docs, [err] = _docs(results), _errors(results)
    assert 0 < len(docs) < 200 and results[-1] is err
    assert [d.url for d in docs] == [f"https://x.example/{i}" for i in range(len(docs))]
    assert err.reason.startswith(f"truncated or corrupt compressed file after line {len(docs)}")


def test_read_jsonl_line_over_the_limit(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    rows = [{"text": "short one"}, {"text": "x" * 5000}, {"text": "short two"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first, big, last = _read(path, ReadOptions(max_article_bytes=1000))
    assert first.text == "short one" and last.text == "short two" and last.locator == "line=3"
    assert big == ReadError(str(path), "article is 5.0 KB, over the 1.0 KB limit (--max-article-bytes)", "line=2")


def test_read_csv_bom_and_multiline_field():
    stats = ReadStats()
    first, second, empty = _read(DATA / "articles.csv", stats=stats)
    assert first.text == (
        "First paragraph, with a comma.\nSecond paragraph with \"quotes\" in it.\n\nThird paragraph after a blank line."
    )
    assert (first.locator, first.format, first.url, first.title, first.published) == (
        "row=1", "csv", "https://dailycoast.example.com/bridge", "Bridge reopens", "2024-03-14",
    )
    assert first.source == first.url and first.site == "dailycoast.example.com"
    assert second.text == "Café owners “welcome” the reopening." and second.title == "Bridge, again"
    assert empty == ReadError(str(DATA / "articles.csv"), "text field 'text' is empty", "row=3")
    assert stats.records == 3


def test_read_csv_rows_over_the_limit(tmp_path: Path):
    path = tmp_path / "big.csv"
    multiline = "\n".join(["line of a long quoted field"] * 100)
    path.write_text(f'text,url\nshort,u1\n{"y" * 3000},u2\n"{multiline}",u3\nlast,u4\n', encoding="utf-8")
    results = _read(path, ReadOptions(max_article_bytes=1000))
    assert [r.locator for r in results] == ["row=1", "row=2", "row=3", "row=4"]
    assert [type(r).__name__ for r in results] == ["Document", "ReadError", "ReadError", "Document"]
    assert results[1].reason == "article is 3.0 KB, over the 1.0 KB limit (--max-article-bytes)"
    assert "over the 1.0 KB limit" in results[2].reason and results[3].text == "last"


# --- text, encodings, bad files ---------------------------------------------------------


def test_read_text_cp1252():
    [doc] = _read(DATA / "cp1252.txt")
    assert doc.encoding == "cp1252" and doc.format == "text" and doc.title is None
    assert doc.text == (
        "Café Müller in der Großstraße: “Wir öffnen wieder”, sagt die Inhaberin.\n"
        "Die Gäste können ab Montag über die Brücke kommen – endlich.\n\n"
        "L'été dernier, le café était fermé à cause des travaux; ça a coûté cher.\n"
    )


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        (b"\xef\xbb\xbfline one\r\nline two\rline three\n", "line one\nline two\nline three\n", "utf-8-sig"),
        ("Grüße aus Köln\n".encode("utf-16"), "Grüße aus Köln\n", "utf-16"),
        (b"caf\xc3\xa9 and a stray \xff byte " * 3, None, None),
    ],
)
def test_read_text_encodings(tmp_path: Path, raw: bytes, text: str | None, encoding: str | None):
    path = tmp_path / "note.txt"
    path.write_bytes(raw)
    [doc] = _read(path)
    assert isinstance(doc, Document)
    if text is not None:
        assert (doc.text, doc.encoding) == (text, encoding)
    else:  # not UTF-8: decoded by detection, never an exception
        assert doc.text.startswith("caf") and doc.encoding


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("empty.jsonl", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "no text (only whitespace)"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary content (not text): looks like a PNG image"),
        ("random.txt", random.Random(7).randbytes(4096), "binary content (not text): NUL byte at byte"),
        ("random.html", b"<html>" + bytes(100) + b"</html>", "binary content (not text): NUL byte at byte 6"),
        ("noise", bytes(range(1, 32)) * 50, "binary content (not text)"),
    ],
)
def test_read_bad_files(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    [err] = _read(path)
    assert isinstance(err, ReadError) and err.path == str(path)
    assert err.reason.startswith(reason)


def test_read_missing_folder_and_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert _read(tmp_path / "nope.txt") == [ReadError(str(tmp_path / "nope.txt"), "no such file")]
    [err] = _read(tmp_path)
    assert err.reason.startswith("is a folder")
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden words")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(secret))

    monkeypatch.setattr("unspun.read.open", denied, raising=False)
    assert _read(secret) == [ReadError(str(secret), "permission denied")]


def test_read_text_over_the_limit(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 1000)
    [err] = _read(path, ReadOptions(max_article_bytes=1000))
    assert err == ReadError(str(path), "article is 5.0 KB, over the 1.0 KB limit (--max-article-bytes)")
    [err] = list(read_file("-", ReadOptions(max_article_bytes=1000), stdin=io.BytesIO(b"word " * 1000)))
    assert err.reason == "article is over the 1.0 KB limit (--max-article-bytes)"


# --- stdin, sniffing, folders -----------------------------------------------------------


def test_read_stdin_jsonl_and_text():
    jsonl = (DATA / "articles.jsonl").read_bytes()
    results = list(read_file("-", JSONL_OPTIONS, stdin=io.BytesIO(jsonl)))
    assert [r.locator for r in results] == ["line=1", "line=2", "line=3", "line=4", "line=6", "line=7"]
    assert results[0].path == "-" and results[0].format == "jsonl" and results[-1].source == "-"
    [doc] = list(read_file("-", stdin=io.BytesIO("Plain words from a pipe.\r\nSecond line ü.\n".encode())))
    assert (doc.text, doc.format, doc.path, doc.source) == ("Plain words from a pipe.\nSecond line ü.\n", "text", "-", "-")
    assert list(read_file("-", stdin=io.BytesIO(b""))) == [ReadError("-", "empty input")]


def test_read_stdin_warc(read_warc_file: Path):
    results = list(read_file("-", stdin=io.BytesIO(read_warc_file.read_bytes())))
    assert [d.source for d in _docs(results)] == [
        "https://a.example.com/bridge", "https://copy.example.net/pont", "https://b.example.org/sniffed",
    ]
    assert _errors(results) == [] and all(d.path == "-" for d in results)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo", "warc"),
        (gzip.compress(b"WARC/1.0\r\n"), "warc"),
        (gzip.compress(b'{"text": "x"}\n'), "jsonl.gz"),
        (gzip.compress(b"just words"), "gzip"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b"  <html lang=en>", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b"Dear editor, <b> is not html here", "text"),
    ],
)
def test_read_detect_format(head: bytes, fmt: str):
    assert detect_format(head) == fmt


def test_read_unknown_extension_is_sniffed(tmp_path: Path):
    page = tmp_path / "page.dat"
    page.write_bytes((DATA / "article.html").read_bytes())
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\nSome words.\n")
    assert _read(page)[0].format == "html"
    assert _read(notes)[0].text == "# Notes\nSome words.\n"


def test_read_iter_input_files(tmp_path: Path):
    for name in ["b/sub/3.html", "b/1.txt", "b/0.txt", "b/.hidden.txt", ".git/config", "a.txt", "b/.cache/x.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    missing = str(tmp_path / "missing.txt")
    got = list(iter_input_files([str(tmp_path), "-", missing, str(tmp_path / "a.txt")]))
    root = str(tmp_path)
    assert got == [
        os.path.join(root, "a.txt"),
        os.path.join(root, "b", "0.txt"),
        os.path.join(root, "b", "1.txt"),
        os.path.join(root, "b", "sub", "3.html"),
        "-",
        missing,
        os.path.join(root, "a.txt"),
    ]


def _make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Some words of an article.\n")


def _make_sqlite(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    return con  # kept open: the -wal and -shm files stay


def test_read_iter_input_files_walks_only_article_files(tmp_path: Path):
    articles = [
        "a.txt", "b.text", "c.html", "d.htm", "e.xhtml", "f.warc", "g.warc.gz", "h.arc", "i.arc.gz",
        "j.jsonl", "k.ndjson", "l.jsonl.gz", "m.ndjson.gz", "n.csv", "sub/o.TXT",
    ]
    others = ["README.md", "build.py", "data.json", "notes", "sub/x.txt.bak", "sub/archive.zip"]
    _make_tree(tmp_path, articles + others)
    con = _make_sqlite(tmp_path / "news.db")
    try:
        assert (tmp_path / "news.db-wal").exists() and (tmp_path / "news.db-shm").exists()
        (tmp_path / "old.db-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(100))
        (tmp_path / "old.db").write_bytes((tmp_path / "news.db").read_bytes())
        (tmp_path / "store.sqlite.txt").write_bytes((tmp_path / "news.db").read_bytes())  # a SQLite file named .txt
        skipped: dict[str, int] = {}
        got = list(iter_input_files([str(tmp_path)], skipped=skipped))
        expected = sorted(str(tmp_path / name) for name in articles + ["store.sqlite.txt"])
        assert sorted(got) == expected
        assert skipped == {"not an article file": len(others), "SQLite database file": 5}
        # the SQLite file with an article extension is walked, and read_file refuses it clearly
        assert _read(tmp_path / "store.sqlite.txt") == [
            ReadError(str(tmp_path / "store.sqlite.txt"), "is a SQLite database, not an article file")
        ]
        # the walk without a skipped dict still works
        assert sorted(iter_input_files([str(tmp_path)])) == expected
    finally:
        con.close()


def test_read_explicit_files_are_read_whatever_their_extension(tmp_path: Path):
    _make_tree(tmp_path, ["README.md", "notes"])
    con = _make_sqlite(tmp_path / "news.db")
    try:
        skipped: dict[str, int] = {}
        names = [str(tmp_path / n) for n in ("README.md", "notes", "news.db", "news.db-wal")]
        assert list(iter_input_files(names, skipped=skipped)) == names
        assert skipped == {}
        readme, notes, db, wal = (_read(n) for n in names)
        assert readme[0].text == notes[0].text == "Some words of an article.\n"
        assert db == [ReadError(names[2], "is a SQLite database, not an article file")]
        assert wal == [ReadError(names[3], "is a SQLite database, not an article file")]
    finally:
        con.close()


# --- 50 MB inputs -----------------------------------------------------------------------


@pytest.mark.slow
def test_read_huge_text_file_refused_fast(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        chunk = b"All work and no play makes Jack a dull boy.\n" * 25_000
        while f.tell() < 50_000_000:
            f.write(chunk)
    size = path.stat().st_size
    tracemalloc.start()
    started = time.perf_counter()
    [err] = _read(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert err.reason == f"article is {size / 1e6:.1f} MB, over the 5.0 MB limit (--max-article-bytes)"
    assert elapsed < 1.0 and peak < 1_000_000


@pytest.mark.slow
def test_read_huge_jsonl_streams_in_bounded_memory(tmp_path: Path):
    path = tmp_path / "huge.jsonl"
    rng = random.Random(3)
    words = ["harbour", "bridge", "council", "minister", "said", "on", "Thursday", "the", "a", "of", "budget", "storm"]
    count = 0
    with open(path, "w", encoding="utf-8") as f:
        while f.tell() < 50_000_000:
            text = " ".join(rng.choice(words) for _ in range(450))
            f.write(json.dumps({"text": text, "url": f"https://news.example/{count}"}) + "\n")
            count += 1
    stats = ReadStats()
    seen = 0
    tracemalloc.start()
    for result in read_file(str(path), stats=stats):
        assert isinstance(result, Document)
        seen += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seen == count == stats.documents and count > 15_000
    assert peak < 20_000_000


def test_read_text_utf8_with_a_stray_byte_is_utf8_with_a_warning(tmp_path: Path):
    body = "Café owners say “we don’t know” – the council’s vote is on Friday. ".encode() * 10
    path = tmp_path / "stray.txt"
    path.write_bytes(body[:90] + b"\x96" + body[90:])
    [doc] = _read(path)
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 1 and doc.text.count("don’t") == 10
    assert doc.warning == "1 byte sequence not valid UTF-8 replaced by U+FFFD (the rest is UTF-8)"
    [clean] = _read(DATA / "cp1252.txt")  # a real cp1252 file is still read as cp1252, with no warning
    assert clean.encoding == "cp1252" and clean.warning is None


@pytest.mark.parametrize("raw", [
    # few non-ASCII characters, but a curly quote (three UTF-8 bytes) is there: UTF-8 with stray latin-1 bytes
    "He said “no” and “yes” then left. It’s over.".encode() + b" Caf\xe9s, Jos\xe9 and Ren\xe9e.",
    b"\xef\xbb\xbf" + "Caf\u00e9 owners".encode() + b" met Jos\xe9 and Ren\xe9e on Monday.",  # a BOM, then the same
])
def test_read_text_stray_bytes_are_always_reported(tmp_path: Path, raw: bytes):
    path = tmp_path / "few.txt"
    path.write_bytes(raw)
    [doc] = _read(path)
    assert doc.encoding.startswith("utf-8") and "\ufffd" in doc.text and doc.warning, doc
    assert "‚Ä" not in doc.text and "тА" not in doc.text


_BODY = "<article>" + "".join(
    f"<p>Paragraph {i}: the estuary mayors met in Port Calder for two days of talks on the flood barrier.</p>"
    for i in range(6)) + "</article>"


def _headed_page(head: str) -> bytes:
    return f"<html><head><title>Barrier plan</title>{head}</head><body>{_BODY}</body></html>".encode()


@pytest.mark.parametrize(("head", "url", "site", "canonical"), [
    # a WordPress reposting site whose SEO plugin points the canonical link at the original
    ('<link rel="canonical" href="https://harborwire.example/2024/a"><meta property="og:site_name" content="NewsHub">'
     '<link rel="shortlink" href="https://newshub.example/?p=12">',
     "https://newshub.example/?p=12", "NewsHub", "https://harborwire.example/2024/a"),
    # the same without a site name: the site is its own host, not the original's
    ('<link rel="canonical" href="https://harborwire.example/2024/a">'
     '<link rel="https://api.w.org/" href="https://newshub.example/wp-json/">',
     None, "newshub.example", "https://harborwire.example/2024/a"),
    # a syndication partner: its og:url is its own page
    ('<link rel="canonical" href="https://harborwire.example/2024/a"><meta property="og:url" '
     'content="https://ledger.example/n/a">', "https://ledger.example/n/a", "ledger.example",
     "https://harborwire.example/2024/a"),
    # one site under two hosts (edition.cnn.com, www.cnn.com): its own page, nothing declared
    ('<link rel="canonical" href="https://www.cnn.com/2024/a"><meta property="og:url" '
     'content="https://edition.cnn.com/2024/a">', "https://edition.cnn.com/2024/a", "edition.cnn.com", None),
    # Yoast on a reposting WordPress site sets og:url to the canonical too: the shortlink tells the site
    ('<link rel="canonical" href="https://harborwire.example/2024/a"><meta property="og:url" '
     'content="https://harborwire.example/2024/a"><link rel="shortlink" href="https://newshub.example/?p=12">',
     "https://newshub.example/?p=12", "newshub.example", "https://harborwire.example/2024/a"),
    # a canonical link and nothing else: all the page says of its address
    ('<link rel="canonical" href="https://harborwire.example/2024/a">', "https://harborwire.example/2024/a",
     "harborwire.example", None),
    # a WordPress page with no canonical link or og:url: its shortlink is its address (QA, 2026-12-04: it had none)
    ('<link rel="shortlink" href="https://newshub.example/?p=12"><link rel="https://api.w.org/" '
     'href="https://newshub.example/wp-json/">', "https://newshub.example/?p=12", "newshub.example", None),
])
def test_read_html_a_canonical_link_to_another_site_is_a_declared_original(head, url, site, canonical):
    from unspun.read.html import extract_html

    page = extract_html(_headed_page(head))
    assert (page.url, page.site, page.canonical) == (url, site, canonical)


@pytest.mark.parametrize(("href", "fetched", "source_link"), [
    # a reposting plugin's link under the article names the page it took the article from
    ("https://harborwire.example/2024/a", "https://newshub.example/?p=12", "https://harborwire.example/2024/a"),
    ("//harborwire.example/2024/a", "https://newshub.example/?p=12", "https://harborwire.example/2024/a"),
    # a link to the page's own site names no source; a relative one, read from nowhere, names nothing known
    ("https://newshub.example/2024/other", "https://newshub.example/?p=12", None),
    ("/2024/a", None, None),
    ("javascript:void(0)", "https://newshub.example/?p=12", None),
])
def test_read_html_a_source_link_to_another_site_names_the_page_it_reposts(href, fetched, source_link):
    """The plugin's "Source link" line was kept as a reposting mark, but where it pointed was dropped."""
    from unspun.read.html import extract_html

    data = _headed_page("").replace(b"</body>", f'<p><a href="{href}" target="_blank">Source link</a></p></body>'
                                    .encode())
    page = extract_html(data, url=fetched)
    assert page.source_link == source_link and "Source link" in page.text


def test_read_html_fetched_page_keeps_its_own_address_and_site():
    from unspun.read.html import html_document

    doc = html_document(_headed_page('<link rel="canonical" href="https://harborwire.example/2024/a">'), "x.html",
                        url="https://scraper.example/x")
    # before, the site was the canonical link's host (trafilatura's fallback), so the copy took the original's site
    assert (doc.url, doc.site, doc.canonical) == ("https://scraper.example/x", "scraper.example",
                                                  "https://harborwire.example/2024/a")


@pytest.mark.parametrize(("fetched", "canonical"), [
    # an AMP or print page names the site's article page: the version to keep (found by QA: none was declared,
    # so a crawl's AMP and print duplicates had no direction and their families no original)
    ("https://www.ledger.example/2024/03/14/barrier-plan/amp/", "https://www.ledger.example/2024/03/14/barrier-plan/"),
    ("https://www.ledger.example/2024/03/14/barrier-plan/?print=1", "https://www.ledger.example/2024/03/14/barrier-plan/"),
    # the same page with tracking parameters or a fragment: nothing declared
    ("https://ledger.example/2024/03/14/barrier-plan?utm_source=fb#comments", None),
])
def test_read_html_fetched_page_naming_another_page_of_its_site_declares_it(fetched, canonical):
    from unspun.read.html import html_document

    head = '<link rel="canonical" href="https://www.ledger.example/2024/03/14/barrier-plan/">'
    doc = html_document(_headed_page(head), "crawl.warc.gz", url=fetched)
    assert (doc.url, doc.canonical) == (fetched, canonical)


@pytest.mark.parametrize(("record", "published", "warned"), [
    ({"text": "x", "date": "Wed, 26 Oct 2016 19:02:00 -0400"}, "2016-10-26T19:02:00-04:00", False),  # RSS
    ({"text": "x", "date": "10/28/2016"}, "2016-10-28", False),  # US, month first
    ({"text": "x", "date": "1477526400"}, "2016-10-27T00:00:00+00:00", False),  # Unix time
    ({"text": "x", "published": "2016-10-26T21:00:00-07:00"}, "2016-10-26T21:00:00-07:00", False),  # no 'date'
    ({"text": "x", "date": "last Tuesday"}, None, True),  # said, not kept
    # a month named in another language (QA: dropped with a warning)
    ({"text": "x", "date": "Donnerstag, 3. Dezember 2026 um 10:15 Uhr"}, "2026-12-03T10:15:00", False),
    ({"text": "x", "date": "3 de diciembre de 2026"}, "2026-12-03", False),
    ({"text": "x", "date": "3 décembre 2026 à 14h30"}, "2026-12-03T14:30:00", False),
    ({"text": "x", "date": "2026年12月3日"}, "2026-12-03", False),
    ({"text": "x", "date": "Dezember 2026"}, None, True),  # no day: not made up
    ({"text": "x", "date": "vor 2 Tagen, 2026"}, None, True),  # relative: not read
])
def test_read_record_dates_are_put_in_iso_form(record, published, warned):
    from unspun.read.tabular import record_document

    doc = record_document(record, "feed.jsonl", locator="line=1", fmt="jsonl", options=ReadOptions())
    assert doc.published == published
    assert bool(doc.warning and "not read" in doc.warning) == warned, doc.warning


def test_read_record_named_date_field_has_no_fallback():
    from unspun.read.tabular import record_document

    doc = record_document({"text": "x", "published": "2016-10-26"}, "f.jsonl", locator="line=1", fmt="jsonl",
                          options=ReadOptions(date_field="when"))
    assert doc.published is None


def test_read_html_the_pages_own_time_beats_a_date_in_its_canonical_url():
    from unspun.read.html import extract_html

    page = extract_html(_headed_page('<link rel="canonical" href="https://www.washingtonpost.com/politics/2016/10/26/'
                                     'story/"><meta property="article:published_time" content="2016-11-02T10:00:00Z">'))
    assert page.published == "2016-11-02T10:00:00+00:00"


def test_read_warc_bot_checks_and_error_pages_served_with_200_are_skipped(tmp_path: Path):
    challenge = (b"<html><head><title>Just a moment...</title></head><body><h1>Checking your browser before accessing "
                 b"the site.</h1><p>This process is automatic. Your browser will redirect to your requested content "
                 b"shortly. Please allow up to 5 seconds. DDoS protection by Cloudflare. Ray ID: 5a1b2c3d</p>"
                 b"</body></html>")
    about = _headed_page("").replace(b"</article>", b"<p>A wave of attacks hit news sites, which now show readers "
                                                    b"pages saying 'Checking your browser' before they load.</p></article>")
    target = tmp_path / "crawl.warc.gz"
    with open(target, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for uri in ("https://www.politico.com/story/a", "https://www.nytimes.com/b"):
            w.write_record(_response(w, uri, challenge, "text/html"))
        w.write_record(_response(w, "https://gone.example/c", b"<html><head><title>404 Not Found</title></head>"
                                 b"<body><h1>Not Found</h1></body></html>", "text/html"))
        w.write_record(_response(w, "https://news.example/about-bot-checks", about, "text/html"))
    stats = ReadStats()
    docs = list(read_file(str(target), ReadOptions(), stats=stats))
    assert [d.url for d in docs] == ["https://news.example/about-bot-checks"]  # an article about them is kept
    assert stats.skipped == {"error or bot-check page": 3}
    # an HTML file given on its own is an error, naming the problem
    page = tmp_path / "404.html"
    page.write_bytes(b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>")
    [err] = list(read_file(str(page), ReadOptions()))
    assert isinstance(err, ReadError) and "only 2 words of text: not an article" in err.reason


def test_read_binary_gzipped_jsonl_is_one_error(tmp_path: Path):
    rng = random.Random(5)
    junk = b"\n".join(bytes(rng.randrange(256) for _ in range(300)).replace(b"\n", b"") + b"\x00" for _ in range(50))
    path = tmp_path / "junk.jsonl.gz"
    path.write_bytes(gzip.compress(junk))
    [err] = list(read_file(str(path), ReadOptions()))
    assert isinstance(err, ReadError) and err.reason.startswith("binary content, not JSON lines"), err
    # QA: random bytes whose first line has no NUL (only bytes that are not UTF-8) were 'invalid JSON', then one
    # error per line
    noise = b"\n".join(bytes(rng.randrange(128, 256) for _ in range(200)) for _ in range(40))
    raw = tmp_path / "noise.jsonl"
    raw.write_bytes(b"\x85\xff not json at all\n" + noise)
    [err] = list(read_file(str(raw), ReadOptions()))
    assert isinstance(err, ReadError) and err.reason.startswith("binary content, not JSON lines"), err
    # a line of plain text that is no JSON is still its own error, and the records after it are read
    record = json.dumps({"text": "A good line of text about the harbour and its new gates."}).encode()
    raw.write_bytes(b"not json at all\n" + b"\n".join([record] * 3))
    got = list(read_file(str(raw), ReadOptions()))
    assert isinstance(got[0], ReadError) and "invalid JSON" in got[0].reason and len(got) == 4, got
    # review: records that start as JSON but are broken (a raw control character in a string, Latin-1 bytes cut
    # short) are line errors, not a binary file: the good records after them are read
    broken = [record.replace(b"harbour", b"har\x0cbour"), record.replace(b"harbour", b"har\x1bbour"),
              record[:-3] + "\xe9".encode("latin-1")]
    raw.write_bytes(b"\n".join([*broken, record, record]))
    got = list(read_file(str(raw), ReadOptions()))
    assert [type(x).__name__ for x in got] == ["ReadError"] * 3 + ["Document"] * 2, got
    # one binary line among good ones stays a line error, the good lines still read
    good = json.dumps({"text": "A good line of text about the harbour."}).encode()
    path.write_bytes(gzip.compress(b"\n".join([good, b"\x00\x01\x02" * 20, good.replace(b"good", b"fine")])))
    got = list(read_file(str(path), ReadOptions()))
    assert [type(x).__name__ for x in got] == ["Document", "ReadError", "Document"] and got[1].locator == "line=2"


def test_read_html_short_chinese_articles_and_briefs_about_access_are_articles():
    from unspun.read.html import extract_html

    zh = ("<html><head><title>报告</title></head><body><article><p>" + "在今天发布的政府工作报告中，李明总理提出今年经济增速目标约为百分之五。" * 2
          + "</p></article></body></html>")
    assert extract_html(zh.encode()).text.startswith("在今天发布")  # 60 words, one per Han character
    brief = ("<html><head><title>Access denied: court rules the city broke the law</title></head><body><article><p>"
             + "The court ruled on Tuesday that the city broke state law when it closed the archive to reporters. " * 4
             + "</p></article></body></html>")
    assert extract_html(brief.encode()).title.startswith("Access denied")


def test_read_html_a_headline_in_the_title_is_not_the_site_name():
    from unspun.read.html import extract_html

    page = ('<html><head><title>Netanyahu will meet him. | AP News</title>'
            '<meta property="og:url" content="https://apnews.example/article/x"></head><body><article>'
            '<h1>Netanyahu will meet him.</h1><p>JERUSALEM (AP) - Israeli Prime Minister Benjamin Netanyahu said '
            'Thursday he would meet the candidate when he visits the country later this month, officials said.</p>'
            '<p>The meeting was confirmed by both offices on Thursday afternoon after weeks of talks.</p>'
            '</article></body></html>').encode()
    got = extract_html(page)
    assert got.title == "Netanyahu will meet him." and got.site == "apnews.example"


def _credit_page(credit: str, where: str) -> bytes:
    body = "".join(f"<p>{s} The council voted on Tuesday to approve the new budget plan for the city.</p>"
                   for s in ("First,", "Then", "Later,"))
    article = f"<article><h1>Budget</h1><div class='entry-content'>{body}</div>{{inside}}</article>"
    parts = {"inside": "", "after": "", "aside": "", "footer": "", "related": "", "caption": ""}
    parts[where] = credit
    article = article.replace("{inside}", parts["inside"])
    return (f"<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav>{article}"
            f"<div class='post-footer'>{parts['after']}</div><aside>{parts['aside']}</aside>"
            f"<div class='related-posts'>{parts['related']}</div>"
            f"<figure><img src='x.jpg'><span class='photo-credit'>{parts['caption']}</span></figure>"
            f"<footer>{parts['footer']} © 2024 NewsHub</footer></body></html>").encode()


@pytest.mark.parametrize(("credit", "where", "kept"), [
    ("<p>Source: <a href='https://harborwire.example/x'>Harbor Wire</a></p>", "after", "Source: Harbor Wire"),
    ("<p>Source: <a href='https://harborwire.example/x'>Harbor Wire</a></p>", "inside", "Source: Harbor Wire"),
    ("<p>This article originally appeared on <a href='https://x.example'>The Conversation</a>.</p>", "after",
     "This article originally appeared on The Conversation."),
    ("<p>The post Budget approved appeared first on <a href='https://x.example'>POLITICO</a>.</p>", "after",
     "The post Budget approved appeared first on POLITICO."),
    ("<p>Source: Reuters</p>", "aside", None),
    ("<p>Source: Reuters</p>", "footer", None),
    ("<p>Source: Reuters</p>", "related", None),
    ("Source: Getty Images", "caption", None),
    ("<p>Sources say the vote was close</p>", "after", None),
])
def test_read_html_a_credit_line_outside_the_article_container_is_kept(credit, where, kept):
    # (2026-12-03) a reposting page's "Source: <site>" under its article, outside the container trafilatura keeps,
    # was lost, and with it the copy's statement of its source; the page's sidebars, footer, related links and
    # photo credits are not read for it
    from unspun.read.html import extract_html

    text = extract_html(_credit_page(credit, where)).text
    if kept is None:
        assert "Source" not in text and "Sources" not in text, text
    else:
        assert text.endswith(kept) and text.count(kept) == 1, text


def test_read_html_a_reposting_plugins_source_link_survives_extraction():
    # trafilatura drops a paragraph that is only a link; a scraper's "Source link" is evidence it reposts
    from unspun.clean import clean_text
    from unspun.read.html import extract_html

    body = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget plan for the city."] * 3) + "</p>"
    page = (f'<html><head><title>Budget</title></head><body><article><h1>Budget</h1>{body}'
            '<p>More text here about the plan and the vote that happened today in the city.</p>'
            '<p><a href="https://apnews.example/x">Source link</a></p></article></body></html>').encode()
    text = extract_html(page).text
    assert [(r.kind, r.text.strip()) for r in clean_text(text)[1]] == [("source-link", "Source link")]


@pytest.mark.parametrize("text", [
    "café naïve article in latin-1 with enough words to be read as an article, said the mayor of the town.",
    "Señor García said the façade of the old théâtre will reopen in the spring, the council said on Monday.",
])
def test_read_text_latin1_with_few_accents_is_not_read_in_a_dos_code_page(tmp_path: Path, text: str):
    # charset-normalizer ranks cp775 (Baltic DOS) a shade above cp1252 for the first: 'café' came out 'cafķ'
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    [doc] = _read(path)
    assert doc.text == text and doc.encoding == "cp1252"


def test_read_html_declared_utf8_with_no_utf8_in_it_is_read_as_what_it_is(tmp_path: Path):
    # a CMS template's <meta charset="utf-8"> over cp1252 bytes: every accent and euro sign came out as U+FFFD
    paras = "".join(f"<p>The mayor said on Tuesday that the café plan number {i} costs €{i} million and will open "
                    f"next spring, after a vote of the town council.</p>" for i in range(6))
    page = f"<html><head><meta charset='utf-8'><title>Plan</title></head><body><article>{paras}</article></body></html>"
    path = tmp_path / "lie.html"
    path.write_bytes(page.encode("cp1252"))
    [doc] = _read(path)
    assert doc.encoding == "cp1252" and "café plan number 3 costs €3 million" in doc.text and "\ufffd" not in doc.text
    assert doc.warning == "declared UTF-8, but next to nothing in it is UTF-8: read as cp1252"
    # with some real UTF-8 in it, the declaration holds and only the stray byte is replaced
    path.write_bytes(page.encode("utf-8").replace("€1".encode(), b"\x801"))
    [doc] = _read(path)
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 1 and "café" in doc.text


@pytest.mark.parametrize(("name", "sep"), [("semicolons.csv", ";"), ("tabs.tsv", "\t"), ("pipes.csv", "|")])
def test_read_csv_separator_is_the_header_rows(tmp_path: Path, name: str, sep: str):
    # a European spreadsheet's ';' export was read as one column: "no text field 'text'"
    body = "Mayor backs the plan, which costs 240 million; it opens next spring."
    rows = [["url", "title", "text"], ["https://a.example/1", "Plan, backed", body]]
    lines = [sep.join(f'"{c}"' if sep in c or (sep != "\t" and "," in c) else c for c in row) for row in rows]
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / name
    path.write_bytes(codecs.BOM_UTF8 + "\n".join(lines).encode() + b"\n")
    assert list(iter_input_files([str(tmp_path)])) == [str(path)]  # a folder walk takes .tsv files too
    [doc] = _read(path)
    assert (doc.text, doc.title, doc.url, doc.format) == (body, "Plan, backed", "https://a.example/1", "csv")


def _record(i: int) -> dict:
    return {"url": f"https://a.example/{i}", "title": f"Plan {i}",
            "text": f"The mayor said on Tuesday that plan {i} costs 240 million and opens next spring after a vote."}


@pytest.mark.parametrize("document", [
    [_record(1), _record(2)],  # an array of records
    {"count": 2, "articles": [_record(1), _record(2)]},  # an object holding one list of them
])
def test_read_json_document_gives_one_article_per_record(tmp_path: Path, document):
    # a .json export was stored as ONE text article: the raw JSON, brackets and field names included
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, indent=2), "utf-8")
    stats = ReadStats()
    docs = _read(path, stats=stats)
    assert [(d.url, d.title, d.format, d.locator) for d in docs] == [
        ("https://a.example/1", "Plan 1", "json", "item=1"), ("https://a.example/2", "Plan 2", "json", "item=2")]
    assert docs[0].text == _record(1)["text"] and stats.records == 2
    (tmp_path / "unnamed").write_text(json.dumps(document if isinstance(document, list) else [], indent=1), "utf-8")
    assert len(_read(tmp_path / "unnamed")) == (2 if isinstance(document, list) else 0)  # an array is sniffed


def test_read_json_document_problems_are_errors_naming_the_item(tmp_path: Path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([_record(1), "oops", {"title": "no text"}]), "utf-8")
    doc, bad, missing = _read(path)
    assert isinstance(doc, Document) and doc.locator == "item=1"
    assert bad == ReadError(str(path), "JSON item is a string, not an object", "item=2")
    assert missing == ReadError(str(path), "no text field 'text' (--text-field)", "item=3")
    path.write_text('{"meta": {"version": 1}}', "utf-8")
    assert _read(path) == [ReadError(str(path), "a JSON object with no text field 'text' (--text-field) and no list "
                                                "of objects")]
    path.write_text('[{"text": "cut', "utf-8")
    [err] = _read(path)
    assert err.reason.startswith("invalid JSON: Unterminated string") and "line 1" in err.reason
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "settings.json").write_text("{}", "utf-8")
    assert list(iter_input_files([str(tmp_path / "sub")])) == []  # a folder's JSON files are not read


def test_read_text_name_holding_a_page_or_an_archive_is_read_as_one(tmp_path: Path, read_warc_file: Path):
    # ``wget -O story.txt``: the page was stored as text, markup, menus and footer included
    paras = "".join(f"<p>The mayor said on Tuesday that plan {i} costs 240 million and opens next spring.</p>"
                    for i in range(6))
    page = (f"<!DOCTYPE html><html><head><title>Plan backed</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Plan backed</h1>{paras}</article></body></html>")
    path = tmp_path / "story.txt"
    path.write_text(page, "utf-8")
    [doc] = _read(path)
    assert doc.format == "html" and doc.title == "Plan backed" and "<p>" not in doc.text and "plan 3 costs" in doc.text
    archive = tmp_path / "crawl.txt"
    archive.write_bytes(read_warc_file.read_bytes())
    assert [d.format for d in _docs(_read(archive))] == [d.format for d in _docs(_read(read_warc_file))] != []
    plain = tmp_path / "plain.txt"
    plain.write_text("<3 to all the fans, said the mayor of the town on Tuesday after the vote.", "utf-8")
    assert _read(plain)[0].format == "text"


def test_read_json_named_file_of_json_lines_is_read_as_json_lines(tmp_path: Path):
    # found by review: JSON lines saved as .json were refused ("Extra data"), also with a first line over 64 KB
    for name, pad in (("lines.json", ""), ("long_first_line.json", "x" * 70_000)):
        path = tmp_path / name
        path.write_text(json.dumps(dict(_record(1), pad=pad)) + "\n" + json.dumps(_record(2)) + "\n", "utf-8")
        docs = _read(path)
        assert [(d.url, d.locator) for d in docs] == [("https://a.example/1", "line=1"), ("https://a.example/2", "line=2")]


def test_read_json_wrapper_holds_no_text_of_its_own(tmp_path: Path):
    path = tmp_path / "x.json"
    # a record that lacks the text field: its comments are not articles
    body = "The council voted on Tuesday to close the old bridge for repairs, the mayor said. " * 4
    path.write_text(json.dumps({"title": "T", "body": body, "comments": [{"text": "nice"}]}), "utf-8")
    assert _read(path) == [ReadError(str(path), "no text field 'text' (--text-field)")]
    path.write_text(json.dumps({"status": "ok", "totalResults": 1, "articles": [_record(3)]}), "utf-8")  # NewsAPI
    assert [d.url for d in _read(path)] == ["https://a.example/3"]
    path.write_text(json.dumps({"articles": []}), "utf-8")
    assert _read(path) == []  # as ``[]``
    path.write_text(json.dumps({"articles": [_record(5), None]}), "utf-8")
    doc, null = _read(path)
    assert doc.url == "https://a.example/5" and null == ReadError(str(path), "JSON item is null, not an object", "item=2")


def test_read_tsv_keeps_quotation_marks_and_defaults_to_tabs(tmp_path: Path):
    # found by review: unquoted TSV (mysql -B, psql, spreadsheets) lost its quotation marks, an unclosed one
    # swallowed the rows after it, and a one-column .tsv was cut at its first comma
    rows = ["title\ttext\turl",
            'One\t"Wow" is all he said after the vote on Tuesday.\thttps://a.example/1',
            'Two\t"Never again, said the mayor after the vote on Tuesday.\thttps://a.example/2',
            "Three\tA third row about the vote on Tuesday evening.\thttps://a.example/3"]
    path = tmp_path / "t.tsv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    assert [(d.text, d.url) for d in _read(path)] == [
        ('"Wow" is all he said after the vote on Tuesday.', "https://a.example/1"),
        ('"Never again, said the mayor after the vote on Tuesday.', "https://a.example/2"),
        ("A third row about the vote on Tuesday evening.", "https://a.example/3")]
    path.write_text("text\nThe council voted on Tuesday, and the plan goes ahead.\n", "utf-8")
    assert [d.text for d in _read(path)] == ["The council voted on Tuesday, and the plan goes ahead."]
    quoted = tmp_path / "q.tsv"  # a header with quoted names: a quoting writer (pandas, Excel)
    quoted.write_text('"title"\t"text"\n"Q"\t"He said ""wow"" and\nleft."\n', "utf-8")
    assert [d.text for d in _read(quoted)] == ['He said "wow" and\nleft.']
    quoted.write_text('title\ttext\nQ\t"He said ""wow"" and left."\n', "utf-8")  # Python's csv with tabs
    assert [d.text for d in _read(quoted)] == ['He said "wow" and left.']


def test_read_csv_header_after_blank_lines_gives_the_separator(tmp_path: Path):
    path = tmp_path / "b.csv"
    path.write_text("\n\ntitle;text;url\nFire;The market burned on Tuesday, said the mayor.;https://a.example/9\n",
                    "utf-8")
    [doc] = _read(path)
    assert (doc.text, doc.url) == ("The market burned on Tuesday, said the mayor.", "https://a.example/9")


def test_read_decode_superset_names_and_chance_utf8_pairs():
    from unspun.read.decode import decode_text

    jp = "東京都の市議会は火曜日、新しい防災計画を発表した。計画は来年から実施される予定だ。"
    assert decode_text(jp.encode("euc_jp")) == (jp, "euc_jp")  # charset-normalizer names it euc_jis_2004
    # cp1252 under a UTF-8 declaration, where ``ß“`` (DF 93) happens to be one valid UTF-8 character
    de = ("Die Bürgermeisterin sagte am Dienstag: „Das Wasser ist heiß“, und die Straße bleibt gesperrt. "
          "Größere Schäden gab es nicht, sagte sie später.")
    assert decode_text(de.encode("cp1252"), "utf-8") == (de, "cp1252")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_read_utf16_text_without_a_byte_order_mark(tmp_path: Path, encoding: str):
    """Found by QA: UTF-16 saved without a BOM (Windows tools do) was refused as binary (NUL byte at byte 1);
    so was UTF-32 without one."""
    text = "Le pont a rouvert jeudi, « plus sûr que jamais » 🌉.\n\n" + "\n\n".join(BRIDGE)
    path = tmp_path / "bridge.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = _read(path)
    assert isinstance(doc, Document) and doc.encoding == encoding
    assert doc.text.startswith("Le pont a rouvert jeudi, « plus sûr")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    [err] = _read(junk)
    assert isinstance(err, ReadError) and "binary" in err.reason


def _bridge_pages_warc(path: Path, n: int) -> Path:
    """An uncompressed WARC of ``n`` HTML responses, ``https://a.example.com/0`` on."""
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=False)
        for k in range(n):
            page = _page(f"Bridge {k}", [f"Story {k}: " + line for line in BRIDGE]).encode()
            w.write_record(_response(w, f"https://a.example.com/{k}", page, "text/html; charset=utf-8"))
    return path


def test_read_warc_record_missing_its_end_loses_only_itself(tmp_path: Path):
    """Found by review: in an uncompressed WARC a record whose last bytes are missing runs into the next one, so
    the damage shows past the next record's start; reading goes on from the record read last, and the next
    whole record is found by its version line and WARC headers."""
    whole = _bridge_pages_warc(tmp_path / "four.warc", 4)
    docs = _docs(_read(whole))
    offsets = [int(d.locator.removeprefix("offset=")) for d in docs]
    assert len(docs) == 4
    data = whole.read_bytes()
    bad = tmp_path / "tail.warc"
    bad.write_bytes(data[: offsets[2] - 50] + data[offsets[2] :])  # the second record's last 50 bytes are gone
    results = _read(bad)
    assert [d.source for d in _docs(results)][-2:] == [docs[2].source, docs[3].source]
    assert len(_errors(results)) == 1


def test_read_warc_record_that_swallows_the_next_is_read_up_to_it_and_the_next_is_read_too(tmp_path: Path):
    """Found by review: in an uncompressed WARC a record whose Content-Length is too large swallows the next record
    whole; warcio reads on at the one after, and the swallowed record was lost without an error."""
    import re

    whole = _bridge_pages_warc(tmp_path / "four.warc", 4)
    docs = _docs(_read(whole))
    offsets = [int(d.locator.removeprefix("offset=")) for d in docs]
    data = whole.read_bytes()
    m = re.compile(rb"Content-Length: (\d+)").search(data, offsets[1])
    longer = str(int(m.group(1)) + offsets[3] - offsets[2]).encode()
    bad = tmp_path / "swallowing.warc"
    bad.write_bytes(data[:m.start(1)] + longer + data[m.end(1):])  # record 1 declares record 2's bytes as its own
    results = _read(bad)
    read = _docs(results)
    assert [d.source for d in read] == [d.source for d in docs]
    assert [d.text for d in read] == [d.text for d in docs]  # record 1 read up to where record 2 starts
    (err,) = _errors(results)
    assert "runs into the next one" in err.reason and err.locator == f"offset={offsets[1]}"


@pytest.mark.parametrize("kind", ["request", "image"])
def test_read_warc_record_of_no_article_that_swallows_the_next_loses_nothing(tmp_path: Path, kind: str):
    """Found by QA: a request record, or an image's response, whose Content-Length is too large swallowed the page
    after it without an error (only an HTML payload was searched for the records inside it)."""
    import re

    f = tmp_path / "mixed.warc"
    with open(f, "wb") as out:
        w = WARCWriter(out, gzip=False)
        for k in range(3):
            uri = f"https://a.example.com/{k}"
            if kind == "request":
                http = StatusAndHeaders(f"GET /{k} HTTP/1.1", [("Host", "a.example.com")], is_http_request=True)
                w.write_record(w.create_warc_record(uri, "request", http_headers=http))
            else:
                w.write_record(_response(w, uri + ".png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png"))
            page = _page(f"Bridge {k}", [f"Story {k}: " + line for line in BRIDGE]).encode()
            w.write_record(_response(w, uri, page, "text/html; charset=utf-8"))
    whole = _docs(_read(f))
    assert len(whole) == 3 and _errors(_read(f)) == []
    data = f.read_bytes()
    starts = [m.start() for m in re.finditer(rb"WARC/1\.\d\r\n", data)]
    m = re.compile(rb"Content-Length: (\d+)").search(data, starts[2])  # the record before page 1 ...
    longer = str(int(m.group(1)) + starts[4] - starts[3]).encode()  # ... declares page 1's bytes as its own
    bad = tmp_path / "swallowing.warc"
    bad.write_bytes(data[:m.start(1)] + longer + data[m.end(1):])
    results = _read(bad)
    assert [d.source for d in _docs(results)] == [d.source for d in whole]
    assert [d.text for d in _docs(results)] == [d.text for d in whole]
    (err,) = _errors(results)
    assert "runs into the next one" in err.reason and err.locator == f"offset={starts[2]}"


def test_read_warc_swallow_search_walks_each_inner_record_once():
    """Review: a payload holding a long run of record-shaped blocks (an archived WARC file, a log of one) was
    searched in quadratic time, each block's chain walked to its end again: 8,000 blocks in under 0.5 MB took
    minutes, and every record that is no article (up to 32 MiB of it) is searched now."""
    import time

    from unspun.read.warc import _swallowed_at

    rec = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
    head = b"x" * 100 + b"\r\n\r\n"
    t = time.perf_counter()
    assert _swallowed_at(head + rec * 8000 + b"trailing bytes") is None  # the chain does not end the payload
    assert time.perf_counter() - t < 10  # about 0.1 s; minutes before
    assert _swallowed_at((head + rec * 50)[:-4]) == 100  # records that end exactly where the payload ends


def test_read_warc_page_that_shows_a_warc_record_is_no_damage(tmp_path: Path):
    """Review: a page documenting the format, with an example record in a ``<pre>``, was cut there, reported as
    damage, and its example's Content-Length made the next real page lost. Only records that end exactly where the
    payload ends are swallowed ones."""
    doc = ("<!DOCTYPE html><html><head><title>How web archives store pages</title></head><body><article>"
           "<h1>How web archives store pages</h1><p>Web archives keep what a crawler fetched in WARC files, a format "
           "standardised by ISO in 2009, and each page becomes a record with its own headers. Here is one record as "
           "a text editor shows it, before the page itself starts:</p>\r\n\r\n<pre>\r\n\r\nWARC/1.0\r\n"
           "WARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\nContent-Length: 1234\r\n\r\n"
           "HTTP/1.1 200 OK\r\n</pre><p>The Content-Length header says how many bytes the record holds, so that a "
           "reader can skip to the next one without parsing the page, which is why a wrong length does such harm to "
           "the records that follow it in the archive.</p></article></body></html>")
    f = tmp_path / "docs.warc"
    with open(f, "wb") as out:
        w = WARCWriter(out, gzip=False)
        w.write_record(_response(w, "https://docs.example/warc", doc.encode(), "text/html; charset=utf-8"))
        for k in range(2):
            page = _page(f"Bridge {k}", [f"Story {k}: " + line for line in BRIDGE]).encode()
            w.write_record(_response(w, f"https://a.example.com/{k}", page, "text/html; charset=utf-8"))
    results = _read(f)
    assert _errors(results) == []
    docs = _docs(results)
    assert [d.source for d in docs] == ["https://docs.example/warc", "https://a.example.com/0", "https://a.example.com/1"]
    assert docs[0].text.endswith("the records that follow it in the archive.")


@pytest.mark.parametrize("given, read", [
    ("02.09.2016", "2016-09-02"),  # was read 2016-02-09
    ("13.09.2016", "2016-09-13"),
    ("01.12.2016 14:30", "2016-12-01T14:30:00"),
    ("10/28/2016", "2016-10-28"),  # slashes stay month first (US)
])
def test_read_dotted_dates_day_first(given: str, read: str):
    """Found by QA: ``02.09.2016`` was read month first and ``13.09.2016`` day first, one feed two ways."""
    from unspun.read.dates import normalise_date

    assert normalise_date(given) == (read, None)


@pytest.mark.parametrize(("given", "read"), [
    ("May 6, 2024 11:30 PM PDT", "2024-05-06T23:30:00-07:00"),  # was 11:30, no offset: PM and zone dropped
    ("May 6, 2024 11:30 PM", "2024-05-06T23:30:00"),
    ("May 6, 2024 9:05 a.m. EDT", "2024-05-06T09:05:00-04:00"),
    ("2024-05-06 10:00 EST", "2024-05-06T10:00:00-05:00"),  # was a local time: the zone name dropped
    ("2024-05-06T10:00:00 CET", "2024-05-06T10:00:00+01:00"),
    ("Mon, 06 May 2024 23:30:00 PDT", "2024-05-06T23:30:00-07:00"),  # RFC 2822, as before
])
def test_twelve_hour_times_and_zone_names_are_read(given, read):
    """QA: dates as US pages and feeds write them, with a 12-hour time and a zone name."""
    from unspun.read.dates import normalise_date

    assert normalise_date(given) == (read, None)


@pytest.mark.parametrize("given", ["2024-01-01T10:00:00+99:00", "Mon, 01 Dec 2024 10:00:00 +9900",
                                   "2024-01-01T10:00:00+24:00"])
def test_a_date_whose_offset_is_a_day_or_more_is_left_out_not_a_crash(tmp_path: Path, given: str):
    """QA: ``isoformat`` raised ValueError on an offset of 24 hours or more, a traceback that stopped the whole
    ingest of a JSONL file (and an HTML page stating such an ``article:published_time``)."""
    from unspun.read.dates import normalise_date

    found, note = normalise_date(given)
    assert found is None and "left out" in note
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "The council approved the budget on Tuesday after a long debate in the "
                                        "town hall of Port Calder.", "date": given}) + "\n")
    (doc,) = _read(path)
    assert isinstance(doc, Document) and doc.published is None


def test_read_jsonl_nul_escapes_are_dropped_with_a_warning_as_a_csv_s_nul_bytes_are(tmp_path: Path):
    """QA: a record's "\\u0000" stayed in the stored text and title (and so in the CSV export, which PostgreSQL's
    COPY refuses), while a CSV's stray NUL bytes are dropped with a warning and POST /articles refuses them."""
    path = tmp_path / "a.jsonl"
    text = "The council approved the budget on Tuesday after a long debate in the town hall of Port Calder."
    path.write_text(json.dumps({"text": text.replace("Port", "Po\x00rt"), "title": "Budget\x00"}) + "\n")
    (doc,) = _read(path)
    assert isinstance(doc, Document) and doc.text == text and doc.title == "Budget"
    assert "NUL" in (doc.warning or "")


def test_read_html_a_page_whose_date_breaks_trafilatura_keeps_its_text():
    """QA: htmldate raised on ``article:published_time`` ``...+99:00`` and trafilatura then discarded the whole
    page, which was refused as 'no article text found'."""
    from unspun.read.html import extract_html

    body = "".join(f"<p>{s} The council voted on Tuesday to approve the new budget plan for the city of Port Calder "
                   "after a long debate.</p>" for s in ("First,", "Then", "Later,", "After that,", "Finally,"))
    page = ("<html><head><title>Budget</title><meta property='article:published_time' "
            f"content='2024-03-14T10:00:00+99:00'></head><body><article>{body}</article></body></html>")
    got = extract_html(page.encode())
    assert "approve the new budget plan" in got.text and got.published is None


def test_read_html_a_page_fetched_at_an_address_that_does_not_parse_is_read():
    """QA: ``urlsplit`` raised ValueError on ``http://[::1/a`` (an unclosed IPv6 host) after extraction: a WARC
    record at that address was reported as damage ('truncated or corrupt WARC'), POST /check answered 500."""
    from unspun.read.html import extract_html

    body = "".join(f"<p>{s} The council voted on Tuesday to approve the new budget plan for the city of Port Calder "
                   "after a long debate.</p>" for s in ("First,", "Then", "Later,", "After that,", "Finally,"))
    page = f"<html><head><title>Budget</title></head><body><article>{body}</article></body></html>"
    got = extract_html(page.encode(), url="http://[::1/a")
    assert "approve the new budget plan" in got.text


def test_read_walk_survives_a_symlink_looping_onto_itself_and_passes_over_a_fifo(tmp_path: Path):
    """A folder walk met ``OSError: Too many levels of symbolic links`` at a symlink to itself and stopped the
    whole ingest with a traceback; a FIFO named ``.txt`` was read, and the ingest waited on it for ever."""
    _make_tree(tmp_path, ["a.txt", "sub/b.txt"])
    os.symlink("self", tmp_path / "self")  # ELOOP
    os.symlink("loop.txt", tmp_path / "loop.txt")  # ELOOP, named as an article
    os.symlink("..", tmp_path / "sub" / "up")  # a loop through a folder, walked once
    os.mkfifo(tmp_path / "pipe.txt")
    skipped: dict[str, int] = {}
    got = list(iter_input_files([str(tmp_path)], skipped=skipped))
    assert sorted(got) == sorted(str(tmp_path / n) for n in ["a.txt", "loop.txt", "sub/b.txt"])
    assert skipped == {"not an article file": 1, "not a regular file (FIFO, socket or device)": 1}
    (err,) = _read(tmp_path / "loop.txt")
    assert isinstance(err, ReadError) and err.path == str(tmp_path / "loop.txt")


def test_read_html_a_credit_line_of_the_next_story_on_the_page_is_not_kept():
    # (review of 2026-12-03) an endless-scroll page preloads its next story in an <article> of its own; that story's
    # "originally appeared on" line is not the page's statement of its source
    from unspun.read.html import extract_html

    body = "".join(f"<p>{s} The council voted on Tuesday to approve the new budget plan for the city of Port Calder "
                   "after a long debate.</p>" for s in ("First,", "Then", "Later,", "After that,", "Finally,"))
    nxt = ("<article class='next-story'><h2>Fish</h2><div class='entry-content'><p>A different story about the "
           "harbour and its fish stocks.</p><p>This article originally appeared on Coastal Ledger.</p></div></article>")
    page = (f"<html><head><title>Budget</title></head><body><main><article><h1>Budget</h1><div class='entry-content'>"
            f"{body}</div></article>{nxt}</main></body></html>").encode()
    text = extract_html(page).text
    assert "Coastal Ledger" not in text, text
    # the page's own credit line, inside its article, is still kept
    own = page.replace(b"</div></article><article", b"</div><p>Source: Harbor Wire</p></article><article")
    assert extract_html(own).text.endswith("Source: Harbor Wire")


@pytest.mark.parametrize("after", [
    "<div class='trending-now'><ul><li><a href='/x'><span>Source: Giants agree to deal with Smith</span></a></li></ul></div>",
    "<div class='most-popular'><p>Source: Trump Plans To Fire Comey</p></div>",
    "<div class='video-embed'><iframe src='x'></iframe><p>Source: Fox News</p></div>",
    "<div class='infographic'><img src='c.png'><p>Source: Bloomberg</p></div>",
    "<div class='post-footer'><p>Source: Officials said the vote was close and the mayor was pleased</p></div>",
    "<div class='ad-slot'><span>ViaSat Internet</span></div>",
    "<div class='author-bio'><p>Via The Hill</p></div>",
    "<div class='newsletter'><p>Originally published in The Daily Brief.</p></div>",
    "<div class='post-tags'><span>Via</span> <span>Source</span></div>",
    "<h3>Comments</h3><div class='c'><p>Source: Breitbart</p></div>",
    "<p>One more paragraph of the story that is long enough to stand.</p><p>And another paragraph of it.</p>"
    "<p>A third paragraph of the same story.</p><p>A fourth paragraph of the same story.</p><p>Source: Harbor Wire</p>",
])
def test_read_html_what_follows_an_article_is_no_credit_line_unless_it_says_so_next_to_it(after):
    # (review of 2026-12-03) searching the whole page for "Source: X" read widgets, chart and video credits,
    # comments, footers and sentences as the page's credit line; only a name of capitalised words in the first
    # few blocks under the article's last paragraph, before any heading or media, is one
    from trafilatura.utils import load_html

    from unspun.read.html import _credit_line

    body = "".join(f"<p>{s} The council voted on Tuesday to approve the new budget plan for the city of Port Calder "
                   "after a long debate.</p>" for s in ("First,", "Then", "Later,"))
    page = (f"<html><head><title>Budget</title></head><body><main><article><h1>Budget</h1><div class='entry-content'>"
            f"{body}</div></article>{after}</main><footer><p>Via Rail Canada</p></footer></body></html>")
    text = "\n".join(f"{s} The council voted on Tuesday to approve the new budget plan for the city of Port Calder "
                     "after a long debate." for s in ("First,", "Then", "Later,"))
    assert _credit_line(load_html(page), text) is None
    kept = page.replace("</article>", "</article><div class='post-footer'><p>Source: Harbor Wire</p></div>")
    assert _credit_line(load_html(kept), text) == "Source: Harbor Wire"


def test_read_csv_with_a_stray_nul_byte_keeps_every_row_and_says_which_had_it(tmp_path: Path):
    # (QA) one NUL byte in one cell refused the whole CSV as binary, losing every row
    rows = ["url,text"] + [f'https://x.example/{i},"The council voted on Tuesday to approve budget plan number {i} '
                           f'after a long debate in the town hall."' for i in range(3)]
    rows[2] = rows[2].replace("budget", "bud\x00get")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    got = _read(path)
    assert [type(r).__name__ for r in got] == ["Document"] * 3
    assert "\x00" not in got[1].text and "budget plan number 1" in got[1].text
    assert got[1].warning == "NUL bytes dropped from the row" and got[0].warning is None and got[2].warning is None
    # bytes that are mostly NULs, or a binary format, are still refused as binary
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"url,text\n" + b"\x00\x01" * 400)
    [err] = _read(binary)
    assert type(err).__name__ == "ReadError" and "binary content" in err.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-32-be"])
@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "csv", "tsv"])
def test_read_records_in_utf16_or_utf32(tmp_path: Path, fmt: str, encoding: str):
    """JSON lines and tables written as UTF-16 or UTF-32, with or without a byte-order mark (PowerShell's ``>``
    writes UTF-16): JSON lines were split at the NUL after each newline byte and every line refused, and a table's
    NULs were read as UTF-8, dropped, and every row warned about."""
    texts = [f"Record {i}: the bridge at Köln reopened « sûr » 🌉 after the council's vote." for i in range(3)]
    if fmt.startswith("jsonl"):
        data = "".join(json.dumps({"url": f"https://x.example/{i}", "text": t}, ensure_ascii=False) + "\n"
                       for i, t in enumerate(texts))
    else:
        sep, q = ("\t", "") if fmt == "tsv" else (",", '"')
        data = f"url{sep}text\n" + "".join(f"https://x.example/{i}{sep}{q}{t}{q}\n" for i, t in enumerate(texts))
    raw = data.encode(encoding)
    path = tmp_path / f"records.{fmt}"
    path.write_bytes(gzip.compress(raw) if fmt.endswith(".gz") else raw)
    got = _read(path)
    assert _errors(got) == []
    assert [d.text for d in got] == texts
    assert [d.warning for d in got] == [None] * 3
    assert all(d.encoding.startswith(encoding[:6]) for d in got)


@pytest.mark.parametrize("page", [
    # WordPress themes' own 404 page, served with status 200 (QA: stored as a 29-word article)
    "<html><head><title>Page not found \u2013 Ridge Post</title></head><body><nav>News Business Farm &amp; Ranch</nav>"
    "<h1>Oops! That page can\u2019t be found.</h1><p>It looks like nothing was found at this location. Maybe try one "
    "of the links below or a search?</p><footer>Ridge Post \u00a9 2026 | Powered by WordPress</footer></body></html>",
    # a theme's own words, the page's <title> saying what it is
    "<html><head><title>Page Not Found | The Valley Tribune</title></head><body><h1>Sorry!</h1><p>We looked "
    "everywhere for the story you wanted and came back empty-handed. It may have been moved, renamed or taken "
    "down. Try our search box or head back to the front page.</p></body></html>",
])
def test_read_html_soft_404_pages_are_error_pages(tmp_path: Path, page: str):
    from unspun.read.html import ErrorPage, extract_html

    with pytest.raises(ErrorPage):
        extract_html(page.encode())
    path = tmp_path / "soft404.html"
    path.write_text(page, encoding="utf-8")
    [err] = list(read_file(str(path), ReadOptions()))
    assert isinstance(err, ReadError) and "error page" in err.reason, err


@pytest.mark.parametrize("href", ["/2024/03/14/barrier-plan/", "//www.ledger.example/2024/03/14/barrier-plan/",
                                  "../"])
def test_read_html_fetched_page_relative_canonical_link_is_read_from_its_address(href):
    # QA (a crawl): an AMP page's relative canonical link (href="/news/story") was passed over: the AMP page
    # declared no original and was a duplicate of its article page with no direction
    from unspun.read.html import html_document

    fetched = "https://www.ledger.example/2024/03/14/barrier-plan/amp/"
    doc = html_document(_headed_page(f'<link rel="canonical" href="{href}">'), "crawl.warc.gz", url=fetched)
    assert (doc.url, doc.canonical) == (fetched, "https://www.ledger.example/2024/03/14/barrier-plan/")
    # a loose file has no address to read it from: nothing is made up
    doc = html_document(_headed_page(f'<link rel="canonical" href="{href}">'), "amp.html")
    assert doc.canonical is None


def test_read_warc_payload_in_an_encoding_warcio_cannot_undo_is_named(tmp_path: Path):
    # QA (a crawl): a browser crawler stores pages as served, brotli-encoded; without the brotli package warcio
    # passes the compressed bytes on, and each page was 'binary content (not text): NUL byte at byte 95'
    import gzip as gz

    compressed = gz.compress(_page("Bridge reopens", BRIDGE, "").encode(), mtime=0)
    target = tmp_path / "crawl.warc.gz"
    with open(target, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for i, encoding in enumerate(("zstd", "gzip", "x-unknown")):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", encoding)],
                                    protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://a.example.com/p{i}", "response",
                                                payload=io.BytesIO(compressed), http_headers=http))
    zstd, gzipped, unknown = list(read_file(str(target), ReadOptions()))
    assert isinstance(zstd, ReadError) and "Content-Encoding 'zstd', which cannot be decompressed" in zstd.reason
    assert isinstance(unknown, ReadError) and "Content-Encoding 'x-unknown'" in unknown.reason
    assert not isinstance(gzipped, ReadError) and gzipped.title == "Bridge reopens"  # warcio undoes gzip
    # brotli, when warcio has no decompressor for it, says what to install
    from warcio.bufferedreaders import BufferedReader

    from unspun.read.decode import BinaryContent
    from unspun.read.warc import _undecoded

    http = StatusAndHeaders("200 OK", [("Content-Encoding", "br")], protocol="HTTP/1.1")
    if "br" not in BufferedReader.get_supported_decompressors():
        assert "install the 'brotli' package" in _undecoded(http, BinaryContent("binary content"))


def test_read_warc_home_tag_and_author_pages_are_skipped_as_listing_pages(tmp_path: Path):
    # QA (a crawl): a home page and a tag page, read as articles, shared each listed story's lead, joined their
    # stories and, through them, their provenance families
    teasers = [f"<h2><a href='/news/{k}'>Story {k}</a></h2><p>{line}</p>" for k, line in enumerate(BRIDGE)]
    listing = ("<!DOCTYPE html><html><head><title>The Valley Tribune</title><meta property='og:type' "
               "content='website'></head><body><main>" + "".join(teasers) + "</main></body></html>").encode()
    article = _page("Bridge reopens", BRIDGE).encode()
    dated = _page("Weekly roundup", BRIDGE, "<meta property='article:published_time' content='2024-03-20'>").encode()
    typed = _page("About", BRIDGE, "<meta property='og:type' content='article'>").encode()
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=False)
        for uri, body in [("https://www.tribune.example/", listing), ("https://www.tribune.example/tag/bridges", listing),
                          ("https://www.tribune.example/author/jane-doe/page/2/", listing),
                          ("https://www.tribune.example/index.html", listing),
                          ("https://www.tribune.example/news/", listing),  # a section's front page
                          ("https://www.tribune.example/us/politics/index.html", listing),
                          ("https://www.tribune.example/news/local-news", article),  # an article's slug, not a section
                          ("https://www.tribune.example/?p=12", article),  # WordPress's address of an article
                          # ... and where WordPress is installed in /news/ (review: read as the section's front page)
                          ("https://www.tribune.example/news/?p=14", article),
                          ("https://www.tribune.example/news/bridge-reopens", article),
                          ("https://www.tribune.example/tag/roundup", dated),  # it states a publication time
                          ("https://www.tribune.example/category/about", typed)]:  # it calls itself an article
            w.write_record(_response(w, uri, body, "text/html; charset=utf-8"))
        w.write_record(_response(w, "http://tribune.example/", b"", "text/html", status="301 Moved Permanently"))
    stats = ReadStats()
    got = list(read_file(str(path), stats=stats))
    assert _errors(got) == [] and stats.skipped["HTTP redirect (3xx)"] == 1
    assert [d.url for d in got] == ["https://www.tribune.example/news/local-news", "https://www.tribune.example/?p=12",
                                    "https://www.tribune.example/news/?p=14", "https://www.tribune.example/news/bridge-reopens",
                                    "https://www.tribune.example/tag/roundup", "https://www.tribune.example/category/about"]
    assert stats.skipped["home or listing page"] == 6
    # a saved home page is an error naming it, as an error page is
    saved = tmp_path / "home.html"
    saved.write_bytes(listing.replace(b"</title>", b"</title><link rel='canonical' href='https://www.tribune.example/'>"))
    [err] = _read(saved)
    assert isinstance(err, ReadError) and "a site's home page (https://www.tribune.example/)" in err.reason


@pytest.mark.parametrize("n", [3, 40])
def test_jsonl_gz_cut_short_keeps_its_whole_lines_before_the_cut(n: int):
    # review: the peek for UTF-16/32 read the head with one read(), which a cut gzip stream fails whole: a small
    # file's lines were all lost ("after line 0"), a larger one's last few KiB of whole lines
    from unspun.read.tabular import read_jsonl

    lines = b"".join(json.dumps({"text": f"Article number {i}. " * 20, "url": f"https://x.example/{i}"}).encode()
                     + b"\n" for i in range(n))
    cut = gzip.compress(lines)[:-12]  # the trailer and the end of the last line
    out = list(read_jsonl(gzip.GzipFile(fileobj=io.BytesIO(cut)), "f.jsonl.gz"))
    docs = [x for x in out if not isinstance(x, ReadError)]
    assert [d.url for d in docs] == [f"https://x.example/{i}" for i in range(n - 1)]
    assert isinstance(out[-1], ReadError) and f"after line {n - 1}" in out[-1].reason


@pytest.mark.parametrize("own", [True, False])
def test_read_html_a_source_link_in_a_sidebar_widget_is_not_the_pages(own: bool):
    """Found by QA (content farm, 2026-12-04): a scraper's sidebar (``Recent posts``, here before the article, as a
    left sidebar stands) lists another repost with its plugin's ``Source link``: the first such link on the page was
    taken for the article's, naming another story's page as its source and appending the mark to its text."""
    from unspun.read.html import extract_html

    body = "".join(f"<p>The council voted on Tuesday to approve the new budget plan number {i} for the city, after a "
                   f"long debate about the harbour and the roads.</p>" for i in range(5))
    mine = '<p><a href="https://apnews.example/budget" rel="nofollow">Source link</a></p>' if own else ""
    page = ('<html><head><title>Budget</title></head><body class="single has-sidebar">'
            '<div class="content-sidebar-wrap"><div id="secondary" class="widget-area">'
            '<section class="widget widget_recent_entries"><h2>Recent Posts</h2><ul><li>Storm hits coast '
            '<a href="https://cnn.example/storm">Source link</a></li></ul></section></div>'
            f'<article><h1>Budget</h1><div class="entry-content">{body}{mine}</div></article></div></body></html>'
            ).encode()
    got = extract_html(page, url="https://newsbuzz.example/budget/")
    assert got.source_link == ("https://apnews.example/budget" if own else None), got.source_link
    assert got.text.rstrip().endswith("Source link") == own, got.text[-80:]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_read_warc_record_running_past_its_content_length_is_an_error_not_a_cut_page(tmp_path: Path, gz: bool):
    """Found by QA: a response whose Content-Length is shorter than its payload was stored cut at that length,
    without an error (exit status 0), while warcio printed 'WARNING: Record not followed by newline ...' and the
    raw bytes of the rest to stderr. The record is an error named by its offset; the records after it are read."""
    import re

    pages = [(f"https://a.example.com/{k}", _page(f"Bridge {k}", [f"Story {k}: " + ln for ln in BRIDGE]).encode())
             for k in range(3)]
    records = []
    for k, (uri, page) in enumerate(pages):
        buf = io.BytesIO()
        WARCWriter(buf, gzip=False).write_record(_response(WARCWriter(io.BytesIO()), uri, page, "text/html"))
        rec = buf.getvalue()
        if k == 1:  # declares 120 bytes fewer than it holds
            m = re.search(rb"Content-Length: (\d+)", rec)
            rec = rec[:m.start(1)] + str(int(m.group(1)) - 120).encode() + rec[m.end(1):]
        records.append(gzip.compress(rec) if gz else rec)
    f = tmp_path / ("short.warc.gz" if gz else "short.warc")
    f.write_bytes(b"".join(records))
    code = ("import sys; from unspun.read import read_file; "
            "[print(type(r).__name__, r.source if hasattr(r, 'source') else r.reason) for r in read_file(sys.argv[1])]")
    run = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 0 and run.stderr == "", run.stderr  # no warcio warning with the page's bytes
    results = _read(f)
    assert [d.source for d in _docs(results)] == [pages[0][0], pages[2][0]]
    assert [d.text for d in _docs(results)] == [_docs(_read(_one(tmp_path, *pages[k], gz)))[0].text for k in (0, 2)]
    (err,) = _errors(results)
    assert "does not end where its Content-Length says" in err.reason and err.locator == f"offset={len(records[0])}", err


def _one(tmp_path: Path, uri: str, page: bytes, gz: bool) -> Path:
    f = tmp_path / f"one-{abs(hash(uri))}.warc{'.gz' if gz else ''}"
    with open(f, "wb") as out:
        w = WARCWriter(out, gzip=gz)
        w.write_record(_response(w, uri, page, "text/html"))
    return f


def test_read_an_api_response_on_one_line_longer_than_the_sniffed_head_gives_its_records(tmp_path: Path):
    """Review: a compact API response (``{"status": "ok", "articles": [...]}`` on one line) over the 64 KiB that
    standard input is sniffed by was read as JSON lines: one error, 'no text field', and none of its articles."""
    records = [{**_record(i), "text": _record(i)["text"] * 20} for i in range(60)]
    data = json.dumps({"status": "ok", "totalResults": len(records), "articles": records}).encode()
    assert len(data) > 65_536 and b"\n" not in data
    docs = list(read_file("-", stdin=io.BytesIO(data)))
    assert [d.url for d in docs] == [r["url"] for r in records], docs[:1]
    assert docs[0].locator == "line=1 item=1" and docs[0].text == records[0]["text"]
    (tmp_path / "export").write_bytes(data)  # no extension: sniffed the same way
    assert len([d for d in _read(tmp_path / "export") if isinstance(d, Document)]) == len(records)


_CSV_BODY = "The council voted on the budget again on Tuesday after a long debate"


@pytest.mark.parametrize("row2", [
    f'https://x.example/2,Two,"{_CSV_BODY} two\n',  # the quote never closes: later rows are unquoted
    f'https://x.example/2,Two,"{_CSV_BODY} ""two\n',  # a quotation mark doubled inside, the field never closed
])
@pytest.mark.parametrize("quoted_after", [False, True])
def test_read_csv_unclosed_quote_is_an_error_and_the_rows_it_swallowed_are_read(tmp_path: Path, row2: str,
                                                                               quoted_after: bool):
    """QA: a row whose quoted text never closes absorbed the next rows into its text, later ``row=`` locators
    shifted and nothing was said. The row is an error naming it, and the rows it ran into are read as rows."""
    q = '"' if quoted_after else ""
    rows = [f"https://x.example/{i},T{i},{q}{_CSV_BODY} {i}{q}\n" for i in (3, 4)]
    path = tmp_path / "t.csv"
    path.write_text("url,title,text\n" + f'https://x.example/1,One,"{_CSV_BODY} one"\n' + row2 + "".join(rows),
                    "utf-8")
    results = _read(path)
    [err] = _errors(results)
    assert err.locator == "row=2" and "not closed" in err.reason, err
    assert [(d.locator, d.url, d.text) for d in _docs(results)] == [
        ("row=1", "https://x.example/1", f"{_CSV_BODY} one"),
        ("row=3", "https://x.example/3", f"{_CSV_BODY} 3"),
        ("row=4", "https://x.example/4", f"{_CSV_BODY} 4")]


def test_read_csv_sloppy_quotes_and_cells_of_many_lines_are_no_unclosed_quote(tmp_path: Path):
    """A cell of many lines, some of which look like rows of the table, and ``"abc" ,`` are read as they were."""
    path = tmp_path / "t.csv"
    body = f'{_CSV_BODY}, then\nSmith, the mayor\nsaid "no", twice\nend'
    path.write_text('text,url\n"' + body.replace('"', '""') + '",https://x.example/1\n'
                    '"abc" ,https://x.example/2\n' + f'"{_CSV_BODY}",https://x.example/3\n', "utf-8")
    results = _read(path)
    assert not _errors(results)
    assert [(d.locator, d.text) for d in _docs(results)] == [("row=1", body), ("row=2", "abc "), ("row=3", _CSV_BODY)]


def test_read_csv_cut_inside_a_quoted_field_says_so(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(f'url,text\nhttps://x.example/1,"{_CSV_BODY}"\nhttps://x.example/2,"{_CSV_BODY}\nand on',
                    "utf-8")
    results = _read(path)
    [err] = _errors(results)
    assert err.locator == "row=2" and "ends inside a quoted field" in err.reason, err
    assert [d.locator for d in _docs(results)] == ["row=1"]


@pytest.mark.parametrize("how", ["json.gz", "gz", "stdin"])
@pytest.mark.parametrize("indent", [None, 2])
def test_read_gzipped_json_document_is_read_as_the_document_it_is(tmp_path: Path, how: str, indent: int | None):
    """QA: a gzipped JSON document (``.json.gz``, or gzip on standard input) was read as JSON lines, one error per
    line (pretty-printed) or refused (an array)."""
    records = [{"text": f"{_CSV_BODY} {i}", "url": f"https://x.example/{i}"} for i in range(3)]
    for document in (records, {"status": "ok", "articles": records}):
        data = gzip.compress(json.dumps(document, indent=indent).encode())
        if how == "stdin":
            results = _read("-", stdin=io.BytesIO(data))
        else:
            path = tmp_path / f"doc.{how}"
            path.write_bytes(data)
            results = _read(path)
        assert not _errors(results), results
        assert [(d.locator, d.url) for d in _docs(results)] == [(f"item={i + 1}", f"https://x.example/{i}")
                                                                 for i in range(3)]
    lines = tmp_path / "lines.json.gz"  # JSON lines under that name stay JSON lines
    lines.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode()))
    assert [d.locator for d in _docs(_read(lines))] == ["line=1", "line=2", "line=3"]


def test_read_record_date_or_url_of_the_wrong_type_is_left_out_with_a_warning(tmp_path: Path):
    """QA: ``"date": [1, 2]`` was dropped without the warning a date in no known form gets; ``"url": 5`` was stored
    as the address ``5``."""
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": _CSV_BODY, "date": [1, 2]}) + "\n"
                    + json.dumps({"text": _CSV_BODY, "date": {"y": 2016}, "url": 5}) + "\n"
                    + json.dumps({"text": _CSV_BODY, "date": "2016-09-26", "url": "https://x.example/a"}) + "\n",
                    "utf-8")
    first, second, third = _read(path)
    assert first.published is None and "date" in first.warning and "an array" in first.warning
    assert second.published is None and "an object" in second.warning
    assert second.url is None and second.source == str(path) and "url" in second.warning
    assert "a number" in second.warning
    assert third.warning is None and third.url == "https://x.example/a" and third.published == "2016-09-26"


_LD_PARAGRAPHS = [
    "The council voted on Tuesday to approve the harbour budget, after a debate that ran past midnight.",
    "“We will not raise the fares this year,” the mayor said. “The harbour pays for itself.",
    "“But the roads do not, and that is the next fight,” she added.",
    "Opponents said the plan left the northern districts without a single new bus line.",
]


@pytest.mark.parametrize("markup", [False, True], ids=["text", "html"])
def test_read_html_an_article_body_in_json_ld_keeps_its_paragraphs(markup: bool):
    """Found by QA (CMS templates, 2026-12-04): a page whose article is only in its JSON-LD ``articleBody`` (a
    script-rendered page) was read as one line, trafilatura's fallback joining its paragraphs: a quotation reopened at
    the next paragraph was joined across them and given to the wrong speaker."""
    from unspun.read.html import extract_html

    body = ("".join(f"<p>{p}</p>" for p in _LD_PARAGRAPHS) if markup else "\n\n".join(_LD_PARAGRAPHS))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour budget",
                     "articleBody": body})
    page = (f'<html><head><title>Harbour budget</title><script type="application/ld+json">{ld}</script></head>'
            '<body><div id="root">Loading…</div></body></html>').encode()
    assert extract_html(page).text.split("\n") == _LD_PARAGRAPHS


def test_read_html_json_ld_publication_time_is_kept():
    """Found by QA (an AMP page, 2026-12-04): a page that states its date only in JSON-LD (``datePublished``, with
    a time) was read with its day alone, so a copy published hours after its original on the same day was
    ``both published 2016-06-20: the dates do not tell``."""
    from unspun.read.html import extract_html

    ld = json.dumps({"@context": "http://schema.org", "@type": "NewsArticle", "headline": "Barrier plan",
                     "datePublished": "2016-06-20T20:12:00Z", "dateModified": "2016-06-21T08:00:00Z"})
    page = _headed_page(f'<script type="application/ld+json">{ld}</script>')
    assert extract_html(page).published == "2016-06-20T20:12:00+00:00"


@pytest.mark.parametrize(("line", "link"), [
    ('Continue reading at <a href="{u}">{u}</a>', True),
    ('<a href="{u}">Continue reading</a> at The Capitol Ledger', True),
    ('Read the full story on <a href="{u}">The Capitol Ledger</a>.', True),
    ('<a href="https://newsroundup.example/world/more">Continue reading</a>', False),  # its own site's page
    ('Read more about <a href="{u}">the barrier plan</a> here and there, as ever', False),
])
def test_read_html_an_excerpts_continue_reading_link_names_its_source(line: str, link: bool):
    """Found by QA (CMS templates, 2026-12-04): an aggregator's excerpt (the first paragraphs and ``Continue reading
    at <a href=original>``), stamped a day before its original, was a copy of unknown direction: the link that
    names the page it was cut from was not read, as a reposting plugin's ``Source link`` is."""
    from unspun.read.html import extract_html

    u = "https://www.capitolledger.example/2016/06/02/israel/"
    data = _headed_page("").replace(b"</body>", f"<p>{line.format(u=u)}</p></body>".encode())
    page = extract_html(data, url="https://newsroundup.example/world/israel")
    assert page.source_link == (u if link else None)


def test_read_html_a_list_of_thousands_of_links_is_read_in_linear_time():
    """Looking for an excerpt's ``Continue reading at <link>`` line read each link's whole block of text again,
    link by link: 4,000 links in one ``<div>`` (an archive or a site map) took 8 s for that search alone, 16,000
    took 280 s; each block is read once."""
    import time

    import lxml.html

    from unspun.read.html import _source_link

    links = "".join(f'<a href="https://site{i}.example/news/{i}">Story number {i} about things</a> '
                    for i in range(4000))
    tree = lxml.html.fromstring(f"<html><body><div>{links}</div><p>Continue reading at "
                                f'<a href="https://wire.example/a/1">Wire</a></p></body></html>')
    start = time.perf_counter()
    found = _source_link(tree, "https://paper.example/a/1")
    assert time.perf_counter() - start < 1.5
    assert found == ("Continue reading at Wire", "https://wire.example/a/1")
