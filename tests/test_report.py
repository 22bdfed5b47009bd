"""``unspun report``: the static site, built from a hand-made export document and texts (no store, no model)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest

from unspun.clean.offsets import apply_removals
from unspun.records import Article, Removal
from unspun.report import build
from unspun.report.graph import generations, layout, svg
from unspun.report.highlight import Furniture, Mark, furniture, render
from unspun.report.model import pair_page, slug
from unspun.report.pages import script_json

EVIL = "<script>alert(1)</script> and <img src=x onerror=alert(2)> then </script><!-- & more"
ORIGINAL = ("Leaders of eleven towns agreed on Thursday to a plan to build tidal gates.\n\n"
            "The agreement was announced at the end of a summit. " + EVIL + "\n\n"
            "Residents said they were relieved by the decision.")
REWRITE = ("Frontrunners of eleven towns concurred on Thursday to a strategy to assemble tidal gates.\n\n"
           "The agreement was announced at the end of a summit. " + EVIL + "\n\n"
           "Something else entirely was written here by the rewriter.")
SCRAPED_RAW = ("Home » World\nShare this: Facebook Twitter\n"
               "Leaders of eleven towns agreed on Thursday to a plan to build tidal gates.\n"
               "Read more\n")
FURNITURE = (("navigation", "Home » World"), ("share", "Share this: Facebook Twitter"), ("read-more", "Read more"))
REMOVALS = tuple(Removal(SCRAPED_RAW.index(t), SCRAPED_RAW.index(t) + len(t), kind, t) for kind, t in FURNITURE)

A, B, C, D = "a1", "b2", "c3", "d4"


def article(aid: str, raw: str, removals: tuple[Removal, ...] = ()) -> Article:
    text = apply_removals(raw, removals)[0] if removals else raw
    return Article(aid, f"/corpus/{aid}.txt", f"/corpus/{aid}.txt", "", "text", raw, text, removals,
                   title=f"Title {aid} {EVIL}", site=f"Site {aid}")


def span(text: str, piece: str) -> list[int]:
    i = text.index(piece)
    return [i, i + len(piece)]


@pytest.fixture(scope="module")
def texts() -> dict[str, Article]:
    return {A: article(A, ORIGINAL), B: article(B, REWRITE), C: article(C, SCRAPED_RAW, REMOVALS),
            D: article(D, "An unrelated story about the weather.")}


@pytest.fixture(scope="module")
def doc(texts) -> dict:
    ta, tb, tc = texts[A].text, texts[B].text, texts[C].text
    first_a, first_b = ta.split("\n\n")[0], tb.split("\n\n")[0]
    second = ta.split("\n\n")[1]
    arts = [{"id": k, "source": v.source, "url": None, "title": v.title, "site": v.site, "published": None,
             "chars": len(v.text)} for k, v in texts.items()]
    arts[0]["url"] = "javascript:alert(3)"
    arts[1]["spin"] = {"score": 0.8, "verdict": "spun", "flags": [
        {"kind": "synonym", "span": span(tb, "Frontrunners"), "note": "odd synonym <b>"}]}
    arts[3]["spin"] = {"score": 0.0, "verdict": "not_assessed", "flags": [  # a mark of the whole text: no span
        {"kind": "not_english", "span": [0, 0], "note": "the text does not read as English prose"}]}
    return {
        "schema": "unspun.export/1", "articles": arts,
        "relations": [
            {"a": A, "b": B, "kind": "rewrite", "direction": "a->b", "confidence": 0.8, "coverage_a": 0.6,
             "coverage_b": 0.6, "evidence": ["earlier <i>date</i>"],
             "passages": [{"a": span(ta, first_a), "b": span(tb, first_b), "type": "edited", "score": 0.8},
                          {"a": span(ta, second), "b": span(tb, second), "type": "exact", "score": 1.0},
                          {"a": span(ta, "Residents"), "b": span(tb, "Something"), "type": "paraphrase",
                           "score": 0.5, "weak": "short"}],
             "diff": [{"from": "Leaders", "to": "Frontrunners"}, {"from": "plan", "to": "strategy"}],
             "spin": {"verdict": "spun", "score": 0.7, "evidence": "swapped <words> in place"}},
            {"a": A, "b": C, "kind": "copy", "direction": "a->b", "confidence": 0.9, "coverage_a": 0.4,
             "coverage_b": 1.0, "evidence": [],
             "passages": [{"a": span(ta, first_a), "b": span(tc, first_a), "type": "exact", "score": 1.0}]},
            {"a": B, "b": C, "kind": "rewrite", "direction": "common", "confidence": 0.5, "coverage_a": 0.3,
             "coverage_b": 1.0, "evidence": [],
             "passages": [{"a": span(tb, first_b), "b": span(tc, first_a), "type": "edited", "score": 0.8}]},
            {"a": A, "b": D, "kind": "same_story", "direction": "unknown", "confidence": 0.0, "coverage_a": 0.0,
             "coverage_b": 0.0, "evidence": ["no shared text"], "passages": []},
        ],
        "stories": [{"id": A, "articles": [A, B, C, D]}],
        "families": [{"id": A, "articles": [A, B, C], "original": A,
                      "edges": [{"from": A, "to": B, "kind": "rewrite"}, {"from": A, "to": C, "kind": "copy"}]}],
        "quotes": [{"id": "q1", "speaker": "Mayor <Smith>", "altered": True, "likely_original": 0,
                    "changes": [{"from": "relieved", "to": "thrilled"}],
                    "variants": [{"text": "we are relieved", "articles": [A], "spans": [span(ta, "relieved")]},
                                 {"text": "we are thrilled", "articles": [B], "spans": [[0, 5]]}]}],
    }


@pytest.fixture(scope="module")
def site(doc, texts, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    written = build(doc, texts, out)
    assert written.pages == 1 + 1 + 3 + 4
    return out


def find(el, selector: str) -> list:
    """Elements under ``el`` matching a simple ``tag.class.class[attr="v"]`` selector (no cssselect needed)."""
    m = re.fullmatch(r'(\w*)((?:\.[\w-]+)*)(?:\[([\w-]+)="([^"]*)"\])?', selector)
    assert m, selector
    tag, classes, attr, value = m.groups()
    cond = [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes.split(".") if c]
    if attr:
        cond.append(f"@{attr}='{value}'")
    return el.xpath(f".//{tag or '*'}" + "".join(f"[{c}]" for c in cond))


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


def facts(tree) -> dict[str, str]:
    """A pair page's facts, each heading's text to its value's."""
    [dl] = find(tree, "dl.facts")
    return {dt.text_content(): dd.text_content() for dt, dd in zip(dl.xpath("./dt"), dl.xpath("./dd"))}


def test_report_writes_one_page_per_story_pair_and_article(site):
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert names == sorted(["index.html", f"story/{A}.html", f"pair/{A}-{B}.html", f"pair/{A}-{C}.html",
                            f"pair/{B}-{C}.html", *(f"article/{x}.html" for x in (A, B, C, D))])
    assert (site / "static" / "report.css").is_file() and (site / "static" / "report.js").is_file()


def test_report_links_resolve_and_stay_local(site):
    for p in site.rglob("*.html"):
        html = p.read_text("utf-8")
        assert "http://" not in re.sub(r'href="https?://[^"]*" rel="noopener', "", html).replace(
            'xmlns="http://www.w3.org/2000/svg"', "")
        for target in re.findall(r'(?:href|src)="([^"#?]+)"', html):
            if not target.startswith(("https://", "http://")):
                assert (p.parent / target).resolve().is_file(), f"{p.name}: broken link {target}"


def test_report_in_page_links_have_their_targets(site):
    """Found by QA: a zero-width spin flag (``not_english``, span [0:0]) was linked as ``#flag0``, which no element
    carried."""
    for p in site.rglob("*.html"):
        html = p.read_text("utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in ids, f"{p.name}: #{target} has no target"


@pytest.mark.parametrize("rel", ["index.html", f"story/{A}.html", f"pair/{A}-{B}.html", f"article/{A}.html"])
def test_report_escapes_article_data(site, rel):
    html = page(site, rel)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "javascript:alert" not in html.replace("javascript:alert(3)</dd>", "")
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(s in ('<script src="static/report.js">', '<script src="../static/report.js">',
                     '<script type="application/json" id="search-index">') for s in scripts), scripts
    if rel != "index.html":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_report_article_url_is_linked_only_when_http(site):
    tree = lxml.html.fromstring(page(site, f"article/{A}.html"))
    assert not [a for a in tree.iter("a") if "javascript" in (a.get("href") or "")]
    assert "javascript:alert(3)" in tree.text_content()


def test_report_search_index_survives_script_breakout(site, doc):
    html = page(site, "index.html")
    m = re.search(r'<script type="application/json" id="search-index">(.*?)</script>', html, re.S)
    assert m, "no search index"
    raw = m.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw.replace("\\u0026", "")
    index = json.loads(raw)
    assert {e["id"] for e in index} == {a["id"] for a in doc["articles"]}
    assert any(EVIL in e["x"] for e in index)  # the text itself is intact once parsed


def test_script_json_escapes_markup():
    s = str(script_json({"x": "</script><!--&"}))
    assert s == '{"x":"\\u003c/script\\u003e\\u003c!--\\u0026"}' and json.loads(s) == {"x": "</script><!--&"}


def test_report_index_lists_stories_with_counts(site):
    tree = lxml.html.fromstring(page(site, "index.html"))
    rows = find(find(tree, "table.stories")[0], "tbody")[0].xpath("./tr")
    assert len(rows) == 1
    cells = [c.text_content().strip() for c in find(rows[0], "td")]
    assert cells[1] == "4" and cells[2].startswith("3")  # four articles, three reuse relations (+1 same story)
    assert find(rows[0], "a.story-link")[0].get("href") == f"story/{A}.html"


def test_report_pair_highlights_passages_on_both_sides(site, texts, doc):
    rel = doc["relations"][0]
    tree = lxml.html.fromstring(page(site, f"pair/{A}-{B}.html"))
    left, right = tree.get_element_by_id("text-left"), tree.get_element_by_id("text-right")
    for i, p in enumerate(rel["passages"]):
        l, r = tree.get_element_by_id(f"L{i}"), tree.get_element_by_id(f"R{i}")
        assert l.get("href") == f"#R{i}" and r.get("href") == f"#L{i}"
        assert l.get("data-p") == r.get("data-p") == str(i)
        assert p["type"] in l.get("class").split() and p["type"] in r.get("class").split()
        assert ("weak" in l.get("class").split()) == bool(p.get("weak"))
        whole = "".join(x.text_content() for x in find(left, f'.passage[data-p="{i}"]'))
        assert whole == texts[A].text[p["a"][0]:p["a"][1]]
        whole = "".join(x.text_content() for x in find(right, f'.passage[data-p="{i}"]'))
        assert whole == texts[B].text[p["b"][0]:p["b"][1]]
    assert left.text_content() == texts[A].text and right.text_content() == texts[B].text


def test_report_pair_marks_replaced_words_on_both_sides(site):
    tree = lxml.html.fromstring(page(site, f"pair/{A}-{B}.html"))
    left = [x.text_content() for x in find(tree.get_element_by_id("text-left"), ".replaced")]
    right = [x.text_content() for x in find(tree.get_element_by_id("text-right"), ".replaced")]
    assert left == ["Leaders", "plan"] and right == ["Frontrunners", "strategy"]
    assert find(tree.get_element_by_id("L0"), ".replaced")  # inside the aligned passage


def test_report_shows_removed_furniture_greyed_around_the_cleaned_text(site, texts):
    tree = lxml.html.fromstring(page(site, f"article/{C}.html"))
    text = find(tree, "div.text")[0]
    grey = [x.text_content() for x in find(text, ".furniture")]
    assert any("Home » World" in g for g in grey) and any("Read more" in g for g in grey)
    for g in find(text, ".furniture"):
        g.drop_tree()
    assert text.text_content() == texts[C].text


def test_furniture_is_none_when_removals_no_longer_rebuild_the_text(texts):
    art = texts[C]
    stale = Article(art.id, art.source, art.path, "", "text", art.raw_text, art.text + " changed", art.removals)
    assert furniture(stale) is None and furniture(texts[A]) == []


def test_report_article_page_shows_sources_spin_and_quotes(site):
    tree = lxml.html.fromstring(page(site, f"article/{B}.html"))
    body = tree.text_content()
    assert f"pair/{A}-{B}.html" in [a.get("href", "").removeprefix("../") for a in tree.iter("a")]
    flag = tree.get_element_by_id("flag0")
    assert flag.text_content() == "Frontrunners" and "odd synonym <b>" in flag.get("title")
    assert "Mayor <Smith>" in body and "we are relieved" in body and "altered" in body
    original = find(tree, "span.original")
    assert len(original) == 1 and "we are relieved" in original[0].getparent().text_content()
    assert [x.text_content() for x in find(tree, ".quote.altered")] == ["Front"]  # its changed wording
    a_quote = find(lxml.html.fromstring(page(site, f"article/{A}.html")), ".quote")
    assert [x.text_content() for x in a_quote] == ["relieved"] and "altered" not in a_quote[0].get("class")
    a_page = lxml.html.fromstring(page(site, f"article/{A}.html")).text_content()
    assert "Copied by (2)" in a_page and "Derives from (0)" in a_page


def test_report_story_page_draws_the_family_graph(site):
    tree = lxml.html.fromstring(page(site, f"story/{A}.html"))
    svgs = find(tree, "svg.provenance")
    assert len(svgs) == 1
    labels = [t.text_content() for t in find(svgs[0], ".edge-label")]
    assert sorted(labels) == ["copy", "rewrite"]


def test_report_renders_documents_without_optional_fields(doc, texts, tmp_path):
    plain = {k: v for k, v in doc.items() if k != "quotes"}
    plain["articles"] = [{k: v for k, v in a.items() if k != "spin"} for a in doc["articles"]]
    plain["relations"] = [{k: v for k, v in r.items() if k not in ("spin", "diff")} for r in doc["relations"]]
    written = build(plain, {k: v for k, v in texts.items() if k != D}, tmp_path / "s")  # one text missing
    assert written.pages == 9
    assert "Text not in the store" not in page(tmp_path / "s", f"pair/{A}-{B}.html")
    assert "Quotations" not in page(tmp_path / "s", f"article/{B}.html")


def test_report_written_again_into_its_folder_leaves_no_page_of_what_the_store_no_longer_has(doc, texts, tmp_path):
    """Found by QA (a daily report into one folder): a story that ended or was renamed as the store grew (a copy
    that had started a story followed its late original) kept its page from the day before, with the members it
    had then, beside the new pages."""
    out = tmp_path / "site"
    gone = {**doc, "stories": [*doc["stories"], {"id": "e" * 16, "articles": [D]}]}
    build(gone, texts, out)
    (out / "story" / "notes.txt").write_text("a reader's own file", "utf-8")
    assert (out / "story" / f"{'e' * 16}.html").is_file()
    build(doc, texts, out)
    assert sorted(p.name for p in (out / "story").iterdir()) == sorted([f"{A}.html", "notes.txt"])
    assert len(list(out.rglob("*.html"))) == 1 + 1 + 3 + 4


def test_report_page_of_a_story_that_ended_forwards_to_the_story_its_articles_are_in(doc, texts, tmp_path):
    """A link a reader kept to a story's page (a daily report into one folder) leads on once the story merged into
    another or was renamed; a move whose target is no story of this report, or whose old id is a story again,
    writes no page, and a forwarding page that is no longer wanted is removed like any stale page."""
    out = tmp_path / "site"
    old = "e" * 16
    build({**doc, "stories": [*doc["stories"], {"id": old, "articles": [D]}]}, texts, out)
    build({**doc, "stories_moved": {old: A, "f" * 16: "nowhere"}}, texts, out)
    page = lxml.html.parse(str(out / "story" / f"{old}.html")).getroot()
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url={A}.html"]
    assert page.xpath(f"//main//a[text()='story {A}']/@href") == [f"{A}.html"]
    assert b"unspun report" in (out / "story" / f"{old}.html").read_bytes()
    assert not (out / "story" / f"{'f' * 16}.html").exists()
    build(doc, texts, out)
    assert sorted(p.name for p in (out / "story").iterdir()) == [f"{A}.html"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes and links")
def test_report_written_again_keeps_its_pages_modes_and_links(doc, texts, tmp_path):
    """Pages written whole (into a file beside them, then put in place) keep what writing in place kept: the mode
    given to a page (found in review: reset to the umask's by the next report) and a link to a page kept elsewhere
    (replaced by a file)."""
    out = tmp_path / "site"
    build(doc, texts, out)
    os.chmod(out / "index.html", 0o604)
    elsewhere = tmp_path / "served" / "index.html"
    elsewhere.parent.mkdir()
    page = next((out / "article").glob("*.html"))
    os.replace(page, elsewhere)
    page.symlink_to(elsewhere)
    elsewhere.write_text("old", "utf-8")
    build(doc, texts, out)
    assert os.stat(out / "index.html").st_mode & 0o777 == 0o604
    assert page.is_symlink() and elsewhere.read_text("utf-8").rstrip().endswith("</html>")
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_report_into_a_folder_keeps_html_files_it_did_not_write(doc, texts, tmp_path):
    """Review: the removal of an earlier report's stale pages took every .html file in article/, story/ and pair/,
    so a report written into a crawl's folder deleted the saved pages of its article/ folder."""
    out = tmp_path / "crawl"
    (out / "article").mkdir(parents=True)
    saved = out / "article" / "saved-page.html"
    saved.write_text("<html><body><p>A page the user saved.</p></body></html>", "utf-8")
    build(doc, texts, out)
    assert saved.is_file()


def test_report_stopped_by_a_full_disk_leaves_no_page_cut_short(doc, texts, tmp_path, monkeypatch):
    """Found by QA (a report onto a disk that filled up): the index, written first, was left cut short, and a
    browser shows a cut page as if it were whole; over an earlier report it replaced that one's whole index."""
    import errno

    written = []
    write_text = Path.write_text

    def fills_up(self, data, *args, **kwargs):  # the disk takes four pages and half of the fifth
        if len(written) == 4:
            write_text(self, data[: len(data) // 2], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return write_text(self, data, *args, **kwargs)

    out = tmp_path / "site"
    build(doc, texts, out)
    index = (out / "index.html").read_bytes()
    monkeypatch.setattr(Path, "write_text", fills_up)
    with pytest.raises(OSError):
        build(doc, texts, tmp_path / "new")
    assert not (tmp_path / "new" / "index.html").exists()  # no index: no report that looks whole
    written.clear()
    with pytest.raises(OSError):
        build(doc, texts, out)
    assert (out / "index.html").read_bytes() == index
    monkeypatch.undo()
    for page_file in [*out.rglob("*.html"), *(tmp_path / "new").rglob("*.html")]:
        assert page_file.read_text("utf-8").rstrip().endswith("</html>"), page_file
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("marks, expected", [
    ([], "a&lt;b&gt;c&amp;d"),
    ([Mark(1, 4, "x")], 'a<span class="x">&lt;b&gt;</span>c&amp;d'),
    ([Mark(0, 6, "o"), Mark(2, 3, "i", level=1)], '<span class="o">a&lt;<span class="i">b</span>&gt;c&amp;</span>d'),
    ([Mark(0, 3, "p", id="P"), Mark(2, 5, "q")],  # crossing: the first is cut and reopened without its id
     '<span class="p" id="P">a&lt;<span class="q">b</span></span><span class="q">&gt;c</span>&amp;d'),
])
def test_render_nests_escapes_and_cuts_crossing_marks(marks, expected):
    assert str(render("a<b>c&d", marks)) == expected


def test_render_inserts_furniture_and_escapes_attributes():
    html = str(render("ab", [Mark(0, 2, "m", (("title", '"><x>'),))], [Furniture(1, "<nav>", ("navigation",))]))
    assert html == ('<span class="m" title="&#34;&gt;&lt;x&gt;">a<span class="furniture" '
                    'title="removed by cleaning: navigation">&lt;nav&gt;</span>b</span>')


def test_graph_puts_originals_above_copies():
    edges = [{"from": "o", "to": "c1", "kind": "copy"}, {"from": "c1", "to": "c2", "kind": "rewrite"},
             {"from": "o", "to": "c2", "kind": "copy"}, {"from": "c2", "to": "u", "kind": "copy",
                                                         "direction": "unknown"}]
    assert generations(["o", "c1", "c2", "u"], edges) == {"o": 0, "c1": 1, "c2": 2, "u": 0}
    pos = layout(["o", "c1", "c2", "u"], edges)
    assert pos["o"][1] < pos["c1"][1] < pos["c2"][1]


def test_graph_draws_a_not_in_corpus_node_for_common_sources():
    fam = {"id": "a", "articles": ["a", "b"], "original": "not in the corpus",
           "edges": [{"from": "not in the corpus:a", "to": "a", "kind": "copy"},
                     {"from": "not in the corpus:a", "to": "b", "kind": "copy"}]}
    drawing = lxml.html.fromstring(str(svg(fam, lambda x: (x, f"<{x}>"), lambda x: f"{x}.html")))
    outside = find(drawing, ".node.outside")
    assert len(outside) == 1 and "not in corpus" in outside[0].text_content()
    assert {a.get("href") for a in find(drawing, "a.node")} == {"a.html", "b.html"}
    assert "<a>" in drawing.text_content()  # a label is text, not markup


def test_generations_survive_a_cycle():
    edges = [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]
    assert sorted(generations(["a", "b"], edges).values()) == [0, 1]


@pytest.mark.parametrize("value, plain", [("33be1ac908e32989", True), ("../etc/passwd", False), ("a b", False),
                                          ("x" * 65, False)])
def test_slug_keeps_hex_ids_and_hashes_anything_else(value, plain):
    s = slug(value)
    assert (s == value) == plain and re.fullmatch(r"[0-9A-Za-z_-]+", s)


def run(*args: str):
    from click.testing import CliRunner

    from unspun.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_report_cli_writes_a_site_for_an_ingested_store(tmp_path, demo_corpus):
    db, out = tmp_path / "x.db", tmp_path / "site"
    assert run("ingest", str(db), str(demo_corpus), "--quiet").exit_code == 0
    result = run("report", str(db), str(out), "--json", "--quiet")
    # an ingested store's report shows no reuse: it says so, and what to run (QA: it said nothing)
    assert result.exit_code == 0 and result.stderr.startswith("warning: 9 of 9 stored article(s) not analysed yet")
    assert result.stderr.count("\n") == 1
    summary = json.loads(result.stdout)
    articles = list((out / "article").glob("*.html"))
    assert summary["out"] == str(out) and summary["pages"] == 1 + len(articles) and len(articles) == 9
    index = lxml.html.fromstring(page(out, "index.html"))  # no stories yet: the articles are listed
    assert len([a for a in index.iter("a") if a.get("href", "").startswith("article/")]) == 9
    result = run("report", str(db), str(out))
    assert result.exit_code == 0 and str(out) in result.stdout and "writing report pages" in result.stderr


def test_report_cli_errors_are_one_clear_line(tmp_path, demo_corpus):
    result = run("report", str(tmp_path / "missing.db"), str(tmp_path / "site"))
    assert result.exit_code == 1 and "no such database" in result.stderr and "Traceback" not in result.stderr
    db, target = tmp_path / "x.db", tmp_path / "file"
    target.write_text("not a folder")
    assert run("ingest", str(db), str(demo_corpus), "--quiet").exit_code == 0
    result = run("report", str(db), str(target))
    assert result.exit_code == 2 and "is a file" in result.stderr
    result = run("report", str(db), str(target / "below"), "--quiet")
    assert result.exit_code == 1 and result.stderr.splitlines()[-1].startswith(
        f"Error: {target / 'below'}: cannot write the report")


def test_report_scales_to_hundreds_of_stories_one_page_each(tmp_path):
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20
    texts, doc = {}, {"articles": [], "relations": [], "stories": [], "families": []}
    for s in range(200):
        a, b = f"{s:04x}aa", f"{s:04x}bb"
        for x in (a, b):
            texts[x] = Article(x, f"{x}.txt", f"{x}.txt", "", "text", text, text)
            doc["articles"].append({"id": x, "source": f"{x}.txt", "title": f"story {s} {x}", "chars": len(text)})
        doc["relations"].append({"a": a, "b": b, "kind": "copy", "direction": "a->b", "confidence": 0.9,
                                 "passages": [{"a": [0, 100], "b": [0, 100], "type": "exact", "score": 1.0}]})
        doc["stories"].append({"id": a, "articles": [a, b]})
        doc["families"].append({"id": a, "articles": [a, b], "original": a,
                                "edges": [{"from": a, "to": b, "kind": "copy"}]})
    written = build(doc, texts, tmp_path / "s")
    assert written.pages == 1 + 200 + 200 + 400 == len(list((tmp_path / "s").rglob("*.html")))
    index = page(tmp_path / "s", "index.html")
    assert index.count('class="story-link"') == 200 and 'class="passage' not in index
    assert f"pair/{0x63:04x}aa-{0x63:04x}bb.html" in page(tmp_path / "s", f"story/{0x63:04x}aa.html")


def test_report_graph_of_a_long_chain_and_of_an_empty_family():
    from unspun.report.graph import generations, svg

    chain = [f"a{i:04d}" for i in range(600)]
    edges = [{"from": x, "to": y, "kind": "copy"} for x, y in zip(chain, chain[1:])]
    depth = generations(chain, edges + [{"from": chain[-1], "to": chain[0], "kind": "copy"}])  # with a cycle
    assert depth[chain[0]] == 0 and depth[chain[-1]] == 599
    assert str(svg({"id": "f", "articles": [], "edges": []}, label=lambda n: ("", ""), href=lambda n: None)) == ""


def test_report_pair_shows_the_verdict_evidence_escaped(site):
    html = page(site, f"pair/{A}-{B}.html")
    why = find(lxml.html.fromstring(html), ".why")
    assert [x.text_content() for x in why] == ["swapped <words> in place"]
    assert "swapped &lt;words&gt; in place" in html


@pytest.mark.parametrize(("pair", "says"), [
    (f"{A}-{B}", "the right article derives from the left one (confidence 0.80)"),
    (f"{B}-{C}", "neither copies the other: both derive from one source (confidence 0.50)"),
])
def test_report_pair_says_the_direction_in_words(site, pair, says):
    said = facts(lxml.html.fromstring(page(site, f"pair/{pair}.html")))
    assert said["Direction"] == says, said


def test_report_pair_derived_first_in_the_export_puts_the_source_left_and_says_so(doc, texts, tmp_path):
    # the same rewrite with its sides the other way round (the export's a is the copy): b->a
    flipped = dict(doc)
    r = doc["relations"][0]
    back = {**r, "a": B, "b": A, "direction": "b->a", "coverage_a": r["coverage_b"], "coverage_b": r["coverage_a"],
            "passages": [{**p, "a": p["b"], "b": p["a"]} for p in r["passages"]],
            "diff": [{"from": d["to"], "to": d["from"]} for d in r["diff"]]}
    flipped["relations"] = [back]
    flipped["families"], flipped["quotes"] = [], []
    out = tmp_path / "site"
    build(flipped, texts, out)
    tree = lxml.html.fromstring(page(out, f"pair/{B}-{A}.html") if (out / "pair" / f"{B}-{A}.html").exists()
                                else page(out, f"pair/{A}-{B}.html"))
    said = facts(tree)
    assert said["Direction"] == "the right article derives from the left one (confidence 0.80)", said
    # the original's word on the left, the copy's on the right, as on the a->b page
    assert said["Words replaced (left → right)"].startswith("Leaders → Frontrunners"), said
    assert "A is the right article, B the left one" in said["Evidence"]
    titles = [m.get("title") for m in find(tree, "span.replaced")] + [m.get("title") for m in find(tree, "mark.replaced")]
    assert "replaced by: Frontrunners" in titles and "was: Leaders" in titles, titles


@pytest.mark.parametrize(("direction", "dropped", "added"), [
    ("a->b", "Words dropped", "Words added"), ("b->a", "Words dropped", "Words added"),
    ("common", "Words only left", "Words only right"),
])
def test_report_pair_lists_the_words_dropped_and_added(doc, texts, tmp_path, direction, dropped, added):
    """A change that only drops or only adds words showed as a replacement with an empty side; it is listed as
    the CLI lists it, the dropped words struck through, the source's side on the left either way."""
    diff = [{"from": "plan", "to": "scheme"}, {"from": "tidal gates", "to": ""}, {"from": "", "to": "Read more"}]
    copy = {**doc["relations"][1], "direction": direction, "diff": diff}
    if direction == "b->a":  # the export's a is the copy
        copy.update(a=C, b=A, coverage_a=copy["coverage_b"], coverage_b=copy["coverage_a"],
                    passages=[{**p, "a": p["b"], "b": p["a"]} for p in copy["passages"]],
                    diff=[{"from": d["to"], "to": d["from"]} for d in diff])
    build({**doc, "relations": [copy], "families": [], "quotes": []}, texts, tmp_path / "s")
    tree = lxml.html.fromstring(page(tmp_path / "s", pair_page(copy["a"], copy["b"])))
    said = facts(tree)
    assert said["Words replaced (left → right)"] == "plan → scheme", said
    assert said[dropped] == "tidal gates" and said[added] == "Read more", said
    assert [x.text_content() for x in tree.iter("del")] == ["plan", "tidal gates"]
    assert [x.text_content() for x in tree.iter("ins")] == ["scheme", "Read more"]


def test_report_quote_shows_how_each_article_names_its_speaker(doc, texts, tmp_path):
    named = dict(doc)
    named["quotes"] = [{**doc["quotes"][0], "speakers_differ": ["Ted Smith", "Heidi Smith"],
                        "variants": [{**doc["quotes"][0]["variants"][0], "speakers": ["Ted Smith"]},
                                     {**doc["quotes"][0]["variants"][1], "speakers": ["Heidi Smith"]}]}]
    build(named, texts, tmp_path / "s")
    body = lxml.html.fromstring(page(tmp_path / "s", f"article/{B}.html")).text_content()
    assert "speakers differ" in body and "Speaker as each article names it: Ted Smith" in body
    assert "Heidi Smith" in body
    # no speakers recorded (or one name everywhere): nothing more is said
    build(doc, texts, tmp_path / "d")
    plain = lxml.html.fromstring(page(tmp_path / "d", f"article/{B}.html")).text_content()
    assert "Speaker as each article names it" not in plain and "speakers differ" not in plain


def test_report_graph_draws_siblings_link_without_an_arrow_or_a_generation():
    from unspun.report.graph import generations, svg

    family = {"id": "f", "articles": ["m", "w"], "edges": [
        {"from": "out", "to": "m", "kind": "derives"}, {"from": "out", "to": "w", "kind": "derives"},
        {"from": "m", "to": "w", "kind": "duplicate", "direction": "common", "confidence": 0.7}]}
    assert generations(["out", "m", "w"], family["edges"]) == {"out": 0, "m": 1, "w": 1}
    drawn = str(svg(family, label=lambda n: (n, ""), href=lambda n: None))
    [link] = [g for g in drawn.split("<g ") if "kind-duplicate" in g]
    assert "marker-end" not in link and "siblings of one source" in link


def test_report_quote_lists_each_article_once_per_name(doc, texts):
    """Found by review: an article with two quotations in one group was listed twice under its speaker's name
    (the CLI was fixed, the report not)."""
    from unspun.report.model import Model
    from unspun.report.pages import _quote_view

    q = {**doc["quotes"][0], "variants": [{**doc["quotes"][0]["variants"][0], "articles": [A, B],
                                           "speakers": ["Ted Smith", "Smith"]},
                                          {**doc["quotes"][0]["variants"][1], "articles": [A],
                                           "speakers": ["Ted Smith"]}]}
    view = _quote_view(Model.build(doc, texts), q, A)
    assert [r["id"] for r in view["named"]["Ted Smith"]] == [A] and [r["id"] for r in view["named"]["Smith"]] == [B]


def test_report_same_story_pair_with_shared_quotations_says_no_reuse(doc, texts, tmp_path):
    """A same_story pair now keeps the quotations it shares, so it gets a page; its direction is no reuse, not
    'unknown' (found by review)."""
    shared = dict(doc)
    rels = [dict(r) for r in doc["relations"]]
    story = next(r for r in rels if r["kind"] == "same_story")
    story["passages"] = [{"a": [0, 5], "b": [0, 5], "type": "exact", "score": 1.0, "weak": "quote"}]
    shared["relations"] = rels
    build(shared, texts, tmp_path / "s")
    tree = lxml.html.fromstring(page(tmp_path / "s", f"pair/{story['a']}-{story['b']}.html"))
    [dl] = find(tree, "dl.facts")
    facts = {dt.text_content(): dd.text_content() for dt, dd in zip(dl.xpath("./dt"), dl.xpath("./dd"))}
    assert facts["Direction"].startswith("none: no reuse"), facts


def test_report_isolates_inline_article_data_from_what_follows(site):
    """A right-to-left override in a title, site, quotation or speaker reordered the rest of its line (the site name
    after a title, the badges after a speaker): every inline element showing stored text is bidi-isolated."""
    css = (site / "static" / "report.css").read_text("utf-8")
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    isolated = {sel.strip() for sels, body in rules if "unicode-bidi: isolate" in body for sel in sels.split(",")}
    tree = lxml.html.fromstring(page(site, f"article/{A}.html"))
    speakers = [el for el in tree.iter("span") if "speaker" in (el.get("class") or "").split()]
    assert speakers and speakers[0].text_content() == "Mayor <Smith>"
    assert tree.findall(".//q") and tree.find_class("site") and tree.find_class("article-link")
    assert {"a", "q", ".site", ".speaker"} <= isolated, isolated
    # review: the stories table listed a story's sites as one run of text, an override in one reordering the next
    index = lxml.html.fromstring(page(site, "index.html"))
    [row] = find(find(index, "table.stories")[0], "tbody")[0].xpath("./tr")
    sites = row.xpath("./td")[3]
    assert [b.text for b in sites.iter("bdi")] == [x.strip() for x in sites.text_content().split(", ")]


def test_report_index_names_a_site_known_by_name_and_by_host_once(texts):
    """Found by QA on a crawl: a story of one site's article page and its print page (no ``og:site_name``: it goes
    by its host) listed ``The Valley Tribune, valleytribune.example``."""
    from unspun.report.model import Model
    from unspun.report.pages import index_context

    arts = [{"id": A, "source": "a", "url": None, "title": "t", "site": "The Valley Tribune", "published": None,
             "chars": 1},
            {"id": B, "source": "b", "url": None, "title": "t", "site": "valleytribune.example", "published": None,
             "chars": 1}]
    doc = {"schema": "unspun.export/1", "articles": arts, "relations": [], "families": [], "quotes": [],
           "stories": [{"id": A, "articles": [A, B]}]}
    [row] = index_context(Model.build(doc, {A: texts[A], B: texts[B]}))["stories"]
    assert row["sites"] == ["The Valley Tribune"]


def test_a_story_is_titled_by_its_first_report_not_a_copy_stamped_before_it(capsys):
    """Found in review (the change that said so changed nothing): a spin stamped a year before its original, which
    the story's days leave out, titled the original's story in the report and in ``unspun stories``."""
    from unspun.cli_stories import _list
    from unspun.report.model import Model

    meta = {"f" * 16: {"id": "f" * 16, "title": "A content farm's spin", "published": "2023-03-01T08:00:00+00:00",
                       "site": "farm.example", "url": None, "source": "f"},
            "a" * 16: {"id": "a" * 16, "title": "The original report", "published": "2024-03-14T10:02:00+00:00",
                       "site": "wire.example", "url": None, "source": "a"},
            "b" * 16: {"id": "b" * 16, "title": "Undated", "published": None, "site": None, "url": None,
                       "source": "b"}}
    story = {"id": "5" * 16, "articles": ["f" * 16, "a" * 16, "b" * 16], "first": "2024-03-14", "last": "2024-03-14"}
    model = Model.build({"articles": list(meta.values()), "stories": [story]}, {})
    assert model.story_title(story) == "The original report"
    _list([story], meta, as_json=False)
    assert capsys.readouterr().out.rstrip().endswith("The original report")
    undated = {"id": "6" * 16, "articles": ["b" * 16], "first": None, "last": None}
    assert model.story_title(undated) == "Undated" and model.story_title({"id": "x", "articles": []}) == "x"
