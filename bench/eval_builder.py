"""Articles built of spun paragraphs from several sources (what a content farm's article builder makes): found?

SYNTHETIC from REAL text: each built article takes the first two paragraphs of
one PolNeAR article and two random paragraphs (40-120 words each) of each of
two more, spins each paragraph at one strength of ``bench/spin_corpus.py``
(``verbatim``: not spun), and joins them. The sources and the built articles
go into one store, undated, and ``unspun analyze`` runs every stage. Reported
per strength:

- ``found``: sources related to their built article by reuse (``partial``,
  ``copy`` or ``rewrite``), of all source-built pairs;
- ``directed``: of those, the ones whose direction says the built article
  derives from the source;
- ``other_reuse``: reuse relations between articles of different built sets
  (independent real articles; PolNeAR has a few real republications, so this
  need not be 0).

``--without-grams`` turns the content-word trigram candidates off
(``CandidateOptions.grams``): the figures before them. The grams' thresholds
were chosen on dev sets and train noise (see ``unspun.fingerprint.grams``);
the default split reported is test.

    python bench/eval_builder.py [--split test] [--sets 8] [--without-grams] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from datasets import polnear, write_json  # noqa: E402
from spin_corpus import STRENGTHS, spin  # noqa: E402

REUSE = ("partial", "copy", "rewrite", "duplicate")
STRENGTH_NAMES = ("verbatim", "light", "medium", "heavy")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if 40 <= len(p.split()) <= 120]


def corpus(split: str, sets: int, strength: str, seed: int) -> tuple[list[dict], list[tuple[str, str]]]:
    """(JSONL records, the (source url, built url) pairs that share text)."""
    rng = random.Random(f"{seed}/{strength}")
    docs = [d for d in polnear((split,)) if len(_paragraphs(d.text)) >= 2]
    rng.shuffle(docs)
    rows, truth = [], []
    for i in range(sets):
        parts = []
        for j, d in enumerate(docs[3 * i:3 * i + 3]):
            url = f"https://source{j}.example/{i}"
            rows.append({"url": url, "text": d.text, "title": d.title})
            paras = _paragraphs(d.text)
            take = paras[:2] if j == 0 else rng.sample(paras, 2)
            parts += [p if strength == "verbatim" else spin(p, STRENGTHS[strength], rng).text for p in take]
            truth.append((url, f"https://builder.example/{i}"))
        rows.append({"url": f"https://builder.example/{i}", "text": "\n\n".join(parts)})
    return rows, truth


def run(split: str, sets: int, strength: str, seed: int, grams: bool) -> dict:
    from unspun.config import CandidateOptions, Options
    from unspun.export import export
    from unspun.pipeline import analyze
    from unspun.store import open_store

    rows, truth = corpus(split, sets, strength, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
        with open_store(os.path.join(tmp, "b.db")) as store:
            analyze(store, [path], Options(candidates=CandidateOptions(grams=grams)))
            doc = export(store)
    url = {a["id"]: a["url"] for a in doc["articles"]}
    rel = {frozenset((url[r["a"]], url[r["b"]])): r for r in doc["relations"]}
    found = directed = 0
    for src, built in truth:
        r = rel.get(frozenset((src, built)))
        if r is None or r["kind"] not in REUSE:
            continue
        found += 1
        want = "a->b" if url[r["a"]] == src else "b->a"
        directed += r["direction"] == want
    truths = {frozenset(t) for t in truth}
    other = sorted([*sorted(k), r["kind"]] for k, r in rel.items() if r["kind"] in REUSE and k not in truths)
    return {"pairs": len(truth), "found": found, "directed": directed, "other_reuse": len(other),
            "other_reuse_pairs": other}


def evaluate(split: str = "test", sets: int = 8, seed: int = 1, strengths=STRENGTH_NAMES, grams: bool = True,
             echo: bool = False) -> dict:
    start = time.perf_counter()
    result = {"bench": "articles built of spun paragraphs (SYNTHETIC from real PolNeAR text)",
              "command": "python bench/eval_builder.py" + ("" if grams else " --without-grams")
                         + f" --split {split} --sets {sets} --seed {seed}",
              "split": split, "grams": grams, "strengths": {}}
    for strength in strengths:
        got = run(split, sets, strength, seed, grams)
        result["strengths"][strength] = got
        if echo:
            print(f"{strength:<9} found {got['found']:>2} / {got['pairs']}  directed {got['directed']:>2}  "
                  f"other reuse relations {got['other_reuse']}", flush=True)
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--sets", type=int, default=8, help="built articles per strength (three sources each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strengths", nargs="+", default=list(STRENGTH_NAMES), choices=STRENGTH_NAMES)
    ap.add_argument("--without-grams", action="store_true", help="no content-word trigram candidates (the baseline)")
    ap.add_argument("--out", help="write the results as JSON here")
    args = ap.parse_args()
    result = evaluate(args.split, args.sets, args.seed, args.strengths, not args.without_grams, echo=True)
    if args.out:
        write_json(args.out, result)


if __name__ == "__main__":
    main()
