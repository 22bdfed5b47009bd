"""Does ``check`` find a few paragraphs lifted word for word from a stored article? Recall by extract length.

A newsroom's question: the store holds the 120 New York Times articles of
PolNeAR **train** (REAL texts, with their dates); each extract is the words of
one of them from its third paragraph on, cut at a word boundary after 60, 80,
100, 150 or 250 words (25 articles, seeded), and is checked against the store
as ``unspun check`` does. An extract is found when the article it was cut from
is among the matches; its kind is counted. As the false-match side, extracts
of the same lengths from 25 PolNeAR **dev** articles of the other publishers
(not stored) are checked too: every match they get is counted.

    python bench/bench_extracts.py [--json bench/results/extracts.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from datasets import datasets_dir, write_json  # noqa: E402

LENGTHS = (60, 80, 100, 150, 250)
SAMPLE = 25


def _articles(split: str) -> list[tuple[str, str]]:
    folder = datasets_dir() / "polnear" / "data" / split / "text"
    return [(p.stem, p.read_text("utf-8")) for p in sorted(folder.glob("*.txt"))]


def extract(text: str, words: int) -> str:
    """``words`` words from the third paragraph on (cut at a word boundary), paragraphs kept."""
    paras = [p for p in text.split("\n") if p.strip()]
    out, n = [], 0
    for p in paras[min(2, len(paras) - 1):]:
        ws = p.split()[: words - n]
        out.append(" ".join(ws))
        n += len(ws)
        if n >= words:
            break
    return "\n\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", default=str(Path(__file__).parent / "results" / "extracts.json"))
    args = ap.parse_args()
    from unspun.lookup import check
    from unspun.lookup.index import FingerprintIndex
    from unspun.store import open_store

    stored = [(k, t) for k, t in _articles("train") if k.startswith("nyt_")]
    others = [(k, t) for k, t in _articles("dev") if not k.startswith("nyt_")]
    rng = random.Random(7)
    picked, outside = rng.sample(stored, SAMPLE), rng.sample(others, SAMPLE)
    result: dict = {"bench": "check: extracts of stored articles, by length", "stored": len(stored),
                    "command": "python bench/bench_extracts.py", "lengths": {}}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "nyt.jsonl"
        with feed.open("w", encoding="utf-8") as f:
            for k, t in stored:
                f.write(json.dumps({"url": f"https://nytimes.example/{k}", "text": t,
                                    "published": k.split("_")[1]}) + "\n")
        db = Path(tmp) / "nyt.db"
        print(f"analyzing {len(stored)} stored articles ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "unspun.cli", "analyze", str(db), str(feed), "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
        with open_store(db) as store:
            ids = {a["url"].rsplit("/", 1)[1]: a["id"] for a in store.article_summaries()}
            index = FingerprintIndex.from_store(store)
            t0, checks = time.perf_counter(), 0
            for n in LENGTHS:
                found, kinds, false = 0, {}, 0
                for k, t in picked:
                    ms = check(index, extract(t, n), store=store)
                    hit = [m for m in ms if m.id == ids[k]]
                    found += bool(hit)
                    if hit:
                        kinds[hit[0].kind] = kinds.get(hit[0].kind, 0) + 1
                for _, t in outside:
                    false += sum(m.kind in ("duplicate", "copy", "partial", "rewrite")
                                 for m in check(index, extract(t, n), store=store))
                checks += 2 * SAMPLE
                result["lengths"][str(n)] = {"found": f"{found}/{SAMPLE}", "kinds": kinds,
                                             "matches_of_unstored_extracts": false}
                print(f"{n:4d} words: found {found}/{SAMPLE} {kinds}; matches of {SAMPLE} unstored extracts: {false}",
                      file=sys.stderr)
            result["ms_per_check"] = round(1000 * (time.perf_counter() - t0) / checks, 1)
    write_json(args.json, result)


if __name__ == "__main__":
    main()
