"""Recall of rewrite pairs among the candidates, on real rewrites, beside the cost of embedding.

The corpus: all 1,008 PolNeAR news articles as distractors, plus
- Clough & Stevenson: the 5 Wikipedia sources and the 95 answers; a reused
  answer (cut, light or heavy revision) must be paired with its task's source;
- MRPC paraphrases: consecutive paraphrase pairs (Quality 1) of one split are
  grouped eight at a time; article A is the eight first sentences, article B
  the eight second ones, so B rewrites A sentence by sentence. Train groups
  were used to tune thresholds; test groups are reported.

Each configuration (with and without embeddings) runs the real pipeline:
ingest from JSONL, clean, segment, fingerprint, candidates.

    python bench/bench_recall.py [--json bench/results/recall.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from datasets import clough_stevenson, mrpc, polnear  # noqa: E402

from unspun.config import FingerprintOptions, Options  # noqa: E402
from unspun.ingestion import ingest  # noqa: E402
from unspun.pipeline import candidates, fingerprint, learn_furniture, segment  # noqa: E402
from unspun.store import open_store  # noqa: E402

GROUP = 8


def build_corpus(mrpc_split: str) -> tuple[list[dict], dict[str, list[tuple[str, str]]]]:
    records: list[dict] = []
    truth: dict[str, list[tuple[str, str]]] = {"cut": [], "light": [], "heavy": [], "non": [], "mrpc": []}
    for d in polnear():
        records.append({"url": f"https://{d.site}.example/{d.key}", "title": d.title, "text": d.text,
                        "site": d.site})
    sources, answers = clough_stevenson()
    for task, text in sources.items():
        records.append({"url": f"https://wiki.example/source/{task}", "text": text})
    for name, task, cat, text in answers:
        records.append({"url": f"https://answers.example/{name}", "text": text})
        truth[cat].append((f"https://wiki.example/source/{task}", f"https://answers.example/{name}"))
    pos = [(s1, s2) for q, s1, s2 in mrpc(mrpc_split) if q == 1]
    for g in range(len(pos) // GROUP):
        chunk = pos[g * GROUP : (g + 1) * GROUP]
        ua, ub = f"https://mrpc.example/{mrpc_split}/{g}/a", f"https://mrpc.example/{mrpc_split}/{g}/b"
        records.append({"url": ua, "text": " ".join(s1 for s1, _ in chunk)})
        records.append({"url": ub, "text": " ".join(s2 for _, s2 in chunk)})
        truth["mrpc"].append((ua, ub))
    return records, truth


def run(records: list[dict], truth: dict, embed: bool, workdir: str) -> dict:
    path = os.path.join(workdir, "corpus.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    db = os.path.join(workdir, f"recall-{int(embed)}.db")
    options = Options(fingerprint=FingerprintOptions(embed=embed))
    with open_store(db) as store:
        ingest(store, [path], options=options)
        learn_furniture(store, options)
        segment(store)
        t0 = time.perf_counter()
        fingerprint(store, options)
        t_fp = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = candidates(store, options)
        t_cand = time.perf_counter() - t0
        url_of = {a["id"]: a["url"] for a in store.article_summaries()}
    found = {frozenset((url_of[c.a], url_of[c.b])) for c in result.candidates}
    n = len(records)
    out = {"embed": embed, "articles": n, "candidate_pairs": len(found),
           "share_of_all_pairs": round(len(found) / (n * (n - 1) / 2), 5),
           "fingerprint_s": round(t_fp, 2), "candidates_s": round(t_cand, 2), "recall": {}}
    for group, pairs in truth.items():
        if pairs:
            hit = sum(frozenset(p) in found for p in pairs)
            out["recall"][group] = {"found": hit, "of": len(pairs), "recall": round(hit / len(pairs), 4)}
    reused = [p for g in ("cut", "light", "heavy") for p in truth[g]]
    rewrites = truth["light"] + truth["heavy"] + truth["mrpc"]
    out["recall"]["reused_all"] = round(sum(frozenset(p) in found for p in reused) / len(reused), 4)
    out["recall"]["rewrites_all"] = round(sum(frozenset(p) in found for p in rewrites) / len(rewrites), 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=["train", "test"], help="MRPC split (tune on train)")
    ap.add_argument("--no-embed-only", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    records, truth = build_corpus(args.split)
    results = {"mrpc_split": args.split, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for embed in ([False] if args.no_embed_only else [False, True]):
            print(f"running embed={embed} on {len(records)} articles ...", file=sys.stderr)
            r = run(records, truth, embed, tmp)
            results["runs"].append(r)
            print(json.dumps(r, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
