"""``unspun analyze`` all at once against the same corpus analysed in batches: what arrival order changes.

A data team runs unspun on each day's crawl into one growing store; a content
farm's copy can arrive before its original. This bench builds a corpus of N
REAL PolNeAR train articles (their publishers and dates) and SYNTHETIC
derived articles made by ``bench/spin_corpus.py`` (undated, under sites of
their own): a medium spin of every third article, a truncated copy with a
scraper's "Leave a Reply" of every fourth, an editorial rewrite of every
fifth. It shuffles them (seeded), analyses them at once into one store and
in K batches into another (every stage, embeddings on), and reports:

- relations: pairs whose kind or direction differ between the two stores;
- reuse pairs split: ``duplicate``, ``copy`` or ``rewrite`` pairs whose two
  articles are in different stories (each article takes its story from the
  article it copies or rewrites, so this should be 0 in both);
- stories: how many, and the BCubed agreement of the batched grouping with
  the grouping at once (1.0: the same stories).

    python bench/bench_incremental.py [--articles 60] [--batches 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from datasets import polnear, write_json  # noqa: E402
from spin_corpus import STRENGTHS, editorial, spin, truncate  # noqa: E402


def corpus(n: int, seed: int) -> list[dict]:
    docs = polnear(("train",))[:n]
    rng = random.Random(seed)
    rows = []
    for i, d in enumerate(docs):
        site = (d.site or "outlet").replace(" ", "").lower()
        rows.append({"text": d.text, "title": d.title, "url": f"https://{site}.example/{i}", "date": d.published})
        if i % 3 == 0:
            rows.append({"text": spin(d.text, STRENGTHS["medium"], rng).text, "title": d.title,
                         "url": f"https://farm.example/{i}"})
        if i % 4 == 0:
            rows.append({"text": truncate(d.text, rng) + "\n\nLeave a Reply", "title": d.title,
                         "url": f"https://scraper.example/{i}"})
        if i % 5 == 0:
            rows.append({"text": editorial(d.text, docs[(i + 7) % n].text, rng), "title": d.title,
                         "url": f"https://edit.example/{i}"})
    rng.shuffle(rows)
    return rows


def analyse(db: str, parts: list[str]) -> dict:
    """``analyze`` of each file in turn into ``db`` (the CLI's defaults), then the store's export."""
    from unspun.config import Options
    from unspun.engine import LocalEngine
    from unspun.export import export
    from unspun.pipeline import analyze
    from unspun.store import open_store

    with open_store(db) as store:
        for part in parts:
            analyze(store, [part], Options(), engine=LocalEngine())
        return export(store)


def split_reuse_pairs(doc: dict) -> int:
    story = {aid: s["id"] for s in doc["stories"] for aid in s["articles"]}
    return sum(1 for r in doc["relations"]
               if r["kind"] in ("duplicate", "copy", "rewrite") and story.get(r["a"]) != story.get(r["b"]))


def main() -> None:
    from unspun.stories import bcubed

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=60, help="PolNeAR train articles (derived ones come on top)")
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    rows = corpus(args.articles, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        def write(name: str, part: list[dict]) -> str:
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(json.dumps(r) + "\n" for r in part)
            return path

        n, k = len(rows), args.batches
        start = time.perf_counter()
        whole = analyse(os.path.join(tmp, "once.db"), [write("all.jsonl", rows)])
        once_s = time.perf_counter() - start
        parts = [write(f"part{i}.jsonl", rows[i * n // k:(i + 1) * n // k]) for i in range(k)]
        start = time.perf_counter()
        batched = analyse(os.path.join(tmp, "batched.db"), parts)
        batched_s = time.perf_counter() - start
    rel = {d: {(r["a"], r["b"]): (r["kind"], r["direction"]) for r in doc["relations"]}
           for d, doc in (("once", whole), ("batched", batched))}
    differ = sorted(p for p in set(rel["once"]) | set(rel["batched"]) if rel["once"].get(p) != rel["batched"].get(p))
    label = {d: {aid: s["id"] for s in doc["stories"] for aid in s["articles"]}
             for d, doc in (("once", whole), ("batched", batched))}
    ids = sorted(label["once"])
    agree = bcubed([label["batched"].get(a) for a in ids], [label["once"][a] for a in ids])
    result = {
        "articles": n, "real": args.articles, "batches": k, "seed": args.seed,
        "seconds": {"once": round(once_s, 1), "batched": round(batched_s, 1)},
        "relations": {"once": len(rel["once"]), "batched": len(rel["batched"]), "differ": len(differ)},
        "reuse_pairs_split": {"once": split_reuse_pairs(whole), "batched": split_reuse_pairs(batched)},
        "stories": {"once": len(whole["stories"]), "batched": len(batched["stories"])},
        "story_agreement_bcubed": {"precision": round(agree.precision, 3), "recall": round(agree.recall, 3),
                                   "f1": round(agree.f1, 3)},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        write_json(args.json, result)


if __name__ == "__main__":
    main()
