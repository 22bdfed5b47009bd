"""Latency of ``POST /check`` as the store grows: copies, spins and unrelated texts.

For each size N it generates N news-shaped ~600-word articles with
``corpus.generate_news`` (10% near-verbatim copies, 5% spun copies, as
``bench_analyze.py``), stores them (ingest, segments, fingerprints: what a
check reads; no candidates, alignment or stories, which /check does not use),
then times checks of texts that are NOT in the store:

- ``copy``: a stored original, truncated to 50-100% of its paragraphs, 2% of its words edited;
- ``spin``: a stored original with 20% of its words swapped;
- ``unrelated``: a fresh article from another seed.

Each query is timed three ways, one right after the other (so load from other
work on the shared machine falls on all three alike): the library call the
endpoint makes (``Service.check``), the FastAPI app in process (starlette's
TestClient, so JSON and validation included), and a real ``unspun serve``
over loopback (httpx, keep-alive). Also reported: the time to build the store and to load
the in-memory index, and whether each copy and spin found its original with
the right kind (copy/duplicate, rewrite) and each unrelated text nothing.

    python bench/bench_check.py --sizes 1000 10000 100000 --no-embed
    python bench/bench_check.py --sizes 1000 10000            # with MiniLM lead embeddings

Rows are merged into ``bench/results/check.json`` by (articles, embed).
Generation note: ``generate_news`` draws each word with ``rng.choice(p=...)``,
which recomputes a 20,000-entry CDF per sentence (12 ms an article here); the
bench hands it a generator whose ``choice`` uses a cached CDF, and cheaper
draws for the uniform cases: the same distributions, a different random stream.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

import corpus  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(REPO, "bench", "results", "check.json")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class _FastRng:
    """A numpy Generator whose ``choice`` is fast for the calls ``generate_news`` makes (same distributions)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._r, self._cdf = rng, {}

    def choice(self, a, size=None, replace=True, p=None):
        if p is not None:
            cdf = self._cdf.get(id(p))
            if cdf is None:
                cdf = self._cdf[id(p)] = (np.cumsum(p), p)  # keep p alive: its id stays its own
            idx = np.minimum(np.searchsorted(cdf[0], self._r.random(size), side="right"), len(cdf[0]) - 1)
            return np.asarray(a)[idx]
        if size is None and not isinstance(a, int):
            return a[int(self._r.integers(len(a)))]
        if isinstance(a, int) and size == 2 and not replace and a >= 2:
            i, j = int(self._r.integers(a)), int(self._r.integers(a - 1))
            return np.array([i, j + (j >= i)])
        return self._r.choice(a, size=size, replace=replace)

    def __getattr__(self, name):
        return getattr(self._r, name)


class _NumpyWithFastRng:
    def __getattr__(self, name):
        return getattr(np, name)

    class random:  # noqa: N801 -- stands in for numpy.random
        @staticmethod
        def default_rng(seed=None):
            return _FastRng(np.random.default_rng(seed))


corpus.np = _NumpyWithFastRng()
_VOCAB = corpus.english_vocabulary()
corpus.english_vocabulary = lambda size=20_000: _VOCAB[:size]


def url(i: int) -> str:
    return f"https://s{i % 50}.example/{i}"


def build_store(db: str, n: int, embed: bool) -> dict:
    """Generate and store N articles; returns timings and the planted pairs."""
    from unspun import ingest, open_store
    from unspun.config import FingerprintOptions, Options
    from unspun.engine import LocalEngine
    from unspun.pipeline import fingerprint, segment

    t0 = time.perf_counter()
    docs, planted = corpus.generate_news(n, seed=n)
    gen = time.perf_counter() - t0
    log(f"  generated {n} articles in {gen:.1f} s")
    src = db + ".jsonl"
    with open(src, "w") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"url": url(i), "text": d}) + "\n")
    options = Options(fingerprint=FingerprintOptions(embed=embed))
    t0 = time.perf_counter()
    with open_store(db) as store:
        ingest(store, [src], options=options)
        t_ingest = time.perf_counter() - t0
        segment(store)
        t_seg = time.perf_counter() - t0 - t_ingest
        fingerprint(store, options, engine=LocalEngine())
        t_fp = time.perf_counter() - t0 - t_ingest - t_seg
        assert store.count_articles() == n, store.count_articles()
    os.remove(src)
    log(f"  stored in {time.perf_counter() - t0:.1f} s (ingest {t_ingest:.1f}, segment {t_seg:.1f}, "
        f"fingerprint{' + embed' if embed else ''} {t_fp:.1f})")
    return {"docs": docs, "planted": planted, "seconds": {"generate": round(gen, 1), "ingest": round(t_ingest, 1),
                                                          "segment": round(t_seg, 1), "fingerprint": round(t_fp, 1)}}


def make_queries(docs: list[str], planted: list, n: int, per_kind: int) -> list[tuple[str, str, int | None]]:
    """(kind, text, index of the stored original or None)."""
    rng = np.random.default_rng(n + 1)
    derived = {c for _, c, _ in planted}
    originals = [i for i in range(len(docs)) if i not in derived]
    vocab = np.array(_VOCAB or corpus.vocabulary())
    out = []
    for kind, rate in (("copy", 0.02), ("spin", 0.2)):
        for src in rng.choice(originals, size=per_kind, replace=False):
            out.append((kind, corpus.derive(docs[int(src)], kind, rate, rng, vocab), int(src)))
    fresh, _ = corpus.generate_news(per_kind, seed=10_000_019 + n, copy_fraction=0.0, spin_fraction=0.0)
    out.extend(("unrelated", d, None) for d in fresh)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stats(ms: list[float]) -> dict:
    a = np.asarray(ms)
    return {"median": round(float(np.median(a)), 1), "p95": round(float(np.percentile(a, 95)), 1),
            "max": round(float(a.max()), 1), "n": len(a)}


def run_size(n: int, embed: bool, per_kind: int, workdir: str, server: bool) -> dict:
    import httpx
    from fastapi.testclient import TestClient

    from unspun.serve import create_app

    log(f"size {n} ({'embeddings' if embed else 'lexical only'})")
    db = os.path.join(workdir, f"check{n}{'e' if embed else ''}.db")
    built = build_store(db, n, embed)
    queries = make_queries(built["docs"], built["planted"], n, per_kind)
    id_of_url = {}
    from unspun import open_store

    with open_store(db) as store:
        for a in store.article_summaries():
            id_of_url[a["url"]] = a["id"]
    t0 = time.perf_counter()
    app = create_app(db, embed=embed)
    t_index = time.perf_counter() - t0
    service = app.state.service
    assert service.embed == embed, "embeddings wanted but not available" if embed else "unexpected embeddings"
    log(f"  index of {len(service.index)} articles loaded in {t_index:.1f} s")
    proc = None
    base = None
    t_server = None
    if server:  # a real `unspun serve` on loopback, started now so that every query is timed all three ways
        port = _free_port()
        exe = os.path.join(os.path.dirname(sys.executable), "unspun")
        t0 = time.perf_counter()
        proc = subprocess.Popen([exe, "serve", db, "--port", str(port), "--embed" if embed else "--no-embed"],
                                stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
    times: dict[str, dict[str, list[float]]] = {m: {} for m in ("library", "app", "server")}
    quality = {"copy": [0, 0], "spin": [0, 0], "unrelated": [0, 0]}
    cands = []
    try:
        with TestClient(app) as c, httpx.Client(base_url=base or "http://unused", timeout=120) as h:
            if proc is not None:
                while True:
                    try:
                        if h.get("/health").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.2)
                    if proc.poll() is not None:
                        raise RuntimeError("unspun serve exited")
                t_server = time.perf_counter() - t0
                log(f"  server answering after {t_server:.1f} s")
            for _, text, _ in queries[:3]:  # warm up (model, caches) in every mode
                service.check(text)
                c.post("/check", json={"text": text})
                if proc is not None:
                    h.post("/check", json={"text": text})
            # Each query is timed in the three modes one after the other, so load from
            # other work on the machine falls on all three alike.
            for kind, text, src in queries:
                t = time.perf_counter()
                n_c, matches = service.check(text)
                times["library"].setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                r = c.post("/check", json={"text": text})
                times["app"].setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, r.text
                if proc is not None:
                    t = time.perf_counter()
                    r = h.post("/check", json={"text": text})
                    times["server"].setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.text
                cands.append(n_c)
                kinds = {m.id: m.kind for m in matches}
                if src is None:
                    quality[kind][0] += not matches
                else:
                    k = kinds.get(id_of_url[url(src)])
                    quality[kind][0] += k is not None
                    quality[kind][1] += k in ({"copy", "duplicate"} if kind == "copy" else {"rewrite"})
    finally:
        service.close()
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    row = {"articles": n, "embed": embed, "queries_per_kind": per_kind,
           "query_words_median": int(np.median([len(t.split()) for _, t, _ in queries])),
           "build_seconds": built["seconds"], "index_load_seconds": round(t_index, 1),
           "server_ready_seconds": None if t_server is None else round(t_server, 1),
           "candidates_per_query": {"median": float(np.median(cands)), "max": int(max(cands))},
           "ms": {mode: {"all": stats([x for v in by.values() for x in v]), **{k: stats(v) for k, v in by.items()}}
                  for mode, by in times.items() if by},
           "found": {"copy": f"{quality['copy'][0]}/{per_kind}", "spin": f"{quality['spin'][0]}/{per_kind}"},
           "right_kind": {"copy": f"{quality['copy'][1]}/{per_kind}", "spin": f"{quality['spin'][1]}/{per_kind}"},
           "unrelated_without_match": f"{quality['unrelated'][0]}/{per_kind}"}
    os.remove(db)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--no-embed", action="store_true", help="MinHash and immutables only (no MiniLM).")
    ap.add_argument("--queries", type=int, default=30, help="Queries of each kind (copy, spin, unrelated).")
    ap.add_argument("--no-server", action="store_true", help="Skip the real server over loopback.")
    ap.add_argument("--json", default=RESULTS)
    args = ap.parse_args()
    embed = not args.no_embed
    command = ("python bench/bench_check.py --sizes " + " ".join(map(str, args.sizes))
               + (" --no-embed" if args.no_embed else "") + (f" --queries {args.queries}" if args.queries != 30 else "")
               + (" --no-server" if args.no_server else ""))
    doc = {"bench": "POST /check latency against growing stores of generated news", "machine": _machine(), "rows": []}
    if os.path.exists(args.json):
        with open(args.json) as f:
            doc = json.load(f)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            row = run_size(n, embed, args.queries, tmp, not args.no_server)
        row["command"] = command
        row["measured"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        print(json.dumps(row), flush=True)
        doc["rows"] = [r for r in doc["rows"] if (r["articles"], r["embed"]) != (n, embed)] + [row]
        doc["rows"].sort(key=lambda r: (r["embed"], r["articles"]))
        os.makedirs(os.path.dirname(args.json), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")


def _machine() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return f"{os.cpu_count()} cores, {model} (shared with other work while measured)"


if __name__ == "__main__":
    main()
