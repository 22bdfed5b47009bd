"""``unspun analyze`` on one wire story run by many sites: time, candidate pairs and relations.

Syndication makes hundreds of copies of one text. Every pair of them is a
copy of the other, but relating all n(n - 1)/2 pairs costs quadratic time and
space. Above ``CandidateOptions.max_identical`` copies of one identical text
unspun makes a family around the earliest-dated copy instead (n - 1
relations). This bench runs ``unspun analyze`` (every stage, embeddings on) on
N copies of one REAL PolNeAR train article, each under a site of its own,
plus 59 other PolNeAR train articles, once with the default and once with
``max_identical`` set above N (``without_families``: as before families, every
pair of copies up to the 500 articles of one LSH bucket; above that, a star
around one copy plus each copy's 20 nearest neighbours by embedding), and
reports the wall time, the candidate pairs and the relations of each run.

    python bench/bench_copies.py --copies 300 1000 [--json bench/results/copies.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from datasets import polnear, write_json  # noqa: E402

from unspun.config import CandidateOptions  # noqa: E402

RESULT = os.path.join(os.path.dirname(__file__), "results", "copies.json")


def corpus(path: str, copies: int) -> None:
    docs = polnear(("train",))[:60]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(copies):
            f.write(json.dumps({"url": f"https://site{i}.example/story", "site": f"site{i}.example",
                                "title": docs[0].title, "text": docs[0].text}) + "\n")
        for d in docs[1:]:
            f.write(json.dumps({"url": f"https://{d.site or 'other'}.example/{d.key}", "title": d.title,
                                "text": d.text}) + "\n")


def run(src: str, db: str, max_identical: int) -> dict:
    """``analyze`` (the CLI's defaults but ``max_identical``) in this process: seconds, candidate pairs, relations."""
    from unspun.config import CandidateOptions, Options
    from unspun.engine import LocalEngine
    from unspun.pipeline import analyze
    from unspun.store import open_store

    options = Options(candidates=CandidateOptions(max_identical=max_identical))
    start = time.perf_counter()
    with open_store(db) as store:
        result = analyze(store, [src], options, engine=LocalEngine())
        seconds = time.perf_counter() - start
        kinds: dict[str, int] = {}
        for (kind,) in store.db.execute("SELECT kind FROM relations"):
            kinds[kind or "same_story"] = kinds.get(kind or "same_story", 0) + 1
    return {"seconds": round(seconds, 1), "candidate_pairs": result.candidates, "relations": kinds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[300, 1000])
    ap.add_argument("--json", default=RESULT)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.copies:
            src = os.path.join(tmp, f"copies{n}.jsonl")
            corpus(src, n)
            row = {"copies": n}
            for name, limit in (("families", CandidateOptions().max_identical), ("without_families", n + 1)):
                row[name] = run(src, os.path.join(tmp, f"{name}{n}.db"), limit)
                print(f"{n} copies, {name}: {row[name]}", file=sys.stderr)
            rows.append(row)
    write_json(args.json, {"command": "python bench/bench_copies.py --copies " + " ".join(map(str, args.copies)),
                           "runs": rows})
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
