"""Records as news APIs and research tools export them (QA, 2026-12-04): HTML fragments and escaped entities in
their text fields, compact GDELT dates, NewsAPI's ``source`` object, news-please's ``date_publish``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from unspun.config import ReadOptions
from unspun.read import read_file
from unspun.read.dates import normalise_date
from unspun.read.tabular import record_document
from unspun.records import Document


def _one(path: Path) -> Document:
    [doc] = list(read_file(str(path)))
    assert isinstance(doc, Document), doc
    return doc


def _write(tmp_path: Path, fmt: str, record: dict) -> Path:
    if fmt == "jsonl":
        path = tmp_path / "export.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "export.csv"
        cell = lambda v: '"' + str(v).replace('"', '""') + '"'
        rows = [",".join(record), ",".join(map(cell, record.values()))]
        path.write_text("".join(row + "\r\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(("text", "expected"), [
    # found by QA: a body that starts with a dateline, not a tag, kept every <br/> and &quot; in the stored text, so
    # a verbatim copy of a stored article was only a `rewrite` of it
    ("NEW YORK &mdash; The program was extended.<br/>Critics called it &quot;a massive fraud&quot;.<br/>",
     "NEW YORK — The program was extended.\nCritics called it \"a massive fraud\"."),
    ("The senators wrote a letter.<p>They want <b>changes</b> before it is renewed.</p>",
     "The senators wrote a letter.\nThey want changes before it is renewed."),
    # no tag: kept as it is (a '<' in prose is no markup)
    ("Dear editor, <b> is no html here, 3 < 4.", "Dear editor, <b> is no html here, 3 < 4."),
])
def test_a_text_field_holding_markup_after_its_first_words_is_stripped(tmp_path: Path, fmt: str, text: str,
                                                                       expected: str):
    doc = _one(_write(tmp_path, fmt, {"text": text, "url": "https://fragments.example/a", "title": "Kept"}))
    assert doc.text == expected and doc.title == "Kept"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_escaped_entities_in_a_plain_text_field_and_title_are_decoded(tmp_path: Path, fmt: str):
    # found by QA: an API that escapes its text (`It&#x27;s`, `&quot;`, `&amp;`) had the entities stored as words
    record = {"text": "It&#x27;s hard to imagine a tax code this complex &amp; costly, &quot;he said&quot;. "
                      "AT&T and S&P stay; so does &copy without its semicolon and &madeup;.",
              "title": "Clinton&#8217;s plan &amp; its critics", "url": "https://escaped.example/tax"}
    doc = _one(_write(tmp_path, fmt, record))
    assert doc.text == ("It's hard to imagine a tax code this complex & costly, \"he said\". "
                        "AT&T and S&P stay; so does &copy without its semicolon and &madeup;.")
    assert doc.title == "Clinton\u2019s plan & its critics"


@pytest.mark.parametrize(("given", "read"), [
    ("20160926123000", "2016-09-26T12:30:00"),  # GDELT's YYYYMMDDhhmmss: the time was dropped
    ("201609261230", "2016-09-26T12:30:00"),
    ("20160926", "2016-09-26"),  # a date alone: was given a midnight it does not state
])
def test_compact_numeric_dates_keep_their_time_and_only_it(given: str, read: str):
    assert normalise_date(given) == (read, None)


def test_a_site_field_holding_an_object_gives_its_name():
    # NewsAPI: "source": {"id": "the-new-york-times", "name": "The New York Times"} (QA: with --site-field source
    # the name was lost and the site was the URL's host)
    record = {"content": "The program was extended on Tuesday.", "url": "https://www.nytimes.com/2016/09/12/visa.html",
              "source": {"id": "the-new-york-times", "name": "The New York Times"}}
    doc = record_document(record, "newsapi.json", locator="item=1", fmt="json",
                          options=ReadOptions(text_field="content", site_field="source"))
    assert doc.site == "The New York Times"


def test_news_please_date_publish_is_read_without_naming_it():
    # news-please writes `date_publish` (QA: the date was left out with no warning)
    record = {"maintext": "The program was extended on Tuesday.", "date_publish": "2016-09-27 11:20:00",
              "date_download": "2016-10-01 00:00:00"}
    doc = record_document(record, "np.jsonl", locator="line=1", fmt="jsonl",
                          options=ReadOptions(text_field="maintext"))
    assert doc.published == "2016-09-27T11:20:00"


def test_a_corpus_own_markup_is_not_taken_for_html():
    # PolNeAR's texts embed tweets as <tweet author="...">...</tweet>, which the quotation reader knows: kept
    text = 'The blue arrow is Warren.\n\n<tweet author="carl" timestamp="1474387200">Look at this.</tweet>.'
    doc = record_document({"text": text}, "polnear.jsonl", locator="line=1", fmt="jsonl", options=ReadOptions())
    assert doc.text == text


NEWSAPI = {"status": "ok", "totalResults": 2, "articles": [
    {"source": {"id": None, "name": "Harbor Wire"}, "title": "Bridge reopens", "url": "https://harbor.example/1",
     "publishedAt": "2016-09-26T12:30:00Z", "content": "The harbour bridge reopened to traffic on Thursday."},
    {"source": {"id": None, "name": "Ledger"}, "title": "Bridge reopens again", "url": "https://ledger.example/1",
     "publishedAt": "2016-09-27T08:00:00Z", "content": "The harbour bridge reopened to traffic on Friday."}]}
CSV = ('\ufeffurl;seendate;title;article_text\r\n'
       'https://harbor.example/1;20160926123000;Bridge reopens;"The harbour bridge reopened.\r\n\r\nIt had been '
       'shut for months, officials said; the mayor cut the ribbon."\r\n'
       'https://ledger.example/1;20160927080000;Bridge, again;The harbour bridge reopened to traffic on Friday.\r\n')


@pytest.mark.parametrize("indent", [2, None])
def test_a_json_document_on_standard_input_is_read_as_one(indent):
    # found by QA: `curl .../v2/everything | unspun ingest db - --text-field content` (an object, pretty-printed)
    # was read as JSON lines, one `invalid JSON` error a line and no article
    data = json.dumps(NEWSAPI, indent=indent).encode()
    results = list(read_file("-", ReadOptions(text_field="content"), stdin=io.BytesIO(data)))
    assert all(isinstance(r, Document) for r in results), results
    assert [(d.url, d.format, d.locator) for d in results] == [
        ("https://harbor.example/1", "json", "item=1"), ("https://ledger.example/1", "json", "item=2")]


@pytest.mark.parametrize("where", ["stdin", "no extension"])
def test_a_table_on_standard_input_or_without_an_extension_is_read_as_a_table(tmp_path: Path, where: str):
    # found by QA: a CSV export piped in (or saved without an extension) became one text article, the whole table
    # its text, with no error
    options = ReadOptions(text_field="article_text", date_field="seendate")
    if where == "stdin":
        results = list(read_file("-", options, stdin=io.BytesIO(CSV.encode())))
    else:
        path = tmp_path / "gdelt_export"
        path.write_bytes(CSV.encode())
        results = list(read_file(str(path), options))
    assert all(isinstance(r, Document) for r in results), results
    assert [(d.url, d.format, d.locator, d.published, d.title) for d in results] == [
        ("https://harbor.example/1", "csv", "row=1", "2016-09-26T12:30:00", "Bridge reopens"),
        ("https://ledger.example/1", "csv", "row=2", "2016-09-27T08:00:00", "Bridge, again")]
    assert results[0].text == ("The harbour bridge reopened.\n\nIt had been shut for months, officials said; "
                               "the mayor cut the ribbon.")


def test_text_whose_first_line_has_commas_is_still_text():
    data = b"Trump, Clinton spar over taxes; text of the debate\n\nThe two candidates met on Monday.\n"
    [doc] = list(read_file("-", stdin=io.BytesIO(data)))
    assert isinstance(doc, Document) and doc.format == "text"


@pytest.mark.parametrize(("value", "said"), [(None, "null"), (12, "a number"), (["a", "b"], "an array"),
                                             ({"rendered": "x"}, "an object")])
def test_a_text_field_that_is_no_string_is_named_in_json_terms(value, said: str):
    # QA: a record with "body": null was refused as "text field 'body' is NoneType, not a string"
    err = record_document({"body": value}, "api.json", locator="item=5", fmt="json",
                          options=ReadOptions(text_field="body"))
    assert err.reason == f"text field 'body' is {said}, not a string" and err.locator == "item=5"
