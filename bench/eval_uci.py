"""UCI News Aggregator sample: story clustering of headlines, BCubed (a development set).

The sample holds the first 6,366 complete rows of the UCI News Aggregator
headlines (10-12 March 2014, 87 ``STORY`` clusters). It is the only labelled
clustering data with a train-like role here, so it is where clustering
choices may be tried; WikiRef220 stays the test (``bench/eval_wikiref.py``).

Each headline is one article: its text is the headline (no title, no body),
its date the UTC day of ``TIMESTAMP``. Headlines are far shorter than the
leads the score was calibrated on, so their cosines run lower and the best
threshold here is lower than SemEval's midpoint of 0.5; the sweep shows it,
and it is not carried over to full articles.

    python bench/eval_uci.py                      # writes bench/results/uci.json
    python bench/eval_uci.py --cache /tmp/emb     # cache the embeddings between runs
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import datasets_dir  # noqa: E402
from eval_wikiref import run  # noqa: E402  (one BCubed run of the story index, shared)

from unspun.fingerprint.embed import LEAD_ENCODER  # noqa: E402
from unspun.stories import StoryInput, StoryOptions, chronological, story_inputs  # noqa: E402

SWEEP = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class Headline:
    id: str
    text: str
    story: str
    published: str
    publisher: str
    title: str | None = None
    language: str | None = None


def load() -> list[Headline]:
    """Complete rows with a story id and a readable timestamp (the truncated last line is dropped)."""
    path = datasets_dir() / "uci_news_aggregator_sample" / "uci-news-aggregator.partial.csv"
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            try:
                day = datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000, tz=timezone.utc).date().isoformat()
            except (TypeError, ValueError):
                continue
            if r["STORY"] and r["TITLE"]:
                out.append(Headline(f"uci{r['ID']}", r["TITLE"], r["STORY"], day, r["PUBLISHER"]))
    return out


def inputs(heads: list[Headline], cache: Path | None = None) -> list[StoryInput]:
    key = hashlib.blake2b(("\n".join(h.text for h in heads) + f"/{LEAD_ENCODER}").encode(), digest_size=8).hexdigest()
    file = cache / f"uci-{key}.npy" if cache is not None else None
    vecs = np.load(file) if file is not None and file.exists() else None
    out = story_inputs(heads, vecs)
    if file is not None and vecs is None:
        file.parent.mkdir(parents=True, exist_ok=True)
        np.save(file, np.stack([x.embedding for x in out]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="folder to cache embeddings in")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "uci.json")
    args = ap.parse_args(argv)
    heads = load()
    gold = {h.id: h.story for h in heads}
    t0 = time.perf_counter()
    inp = inputs(heads, args.cache)
    embed_s = time.perf_counter() - t0
    options = StoryOptions()
    ordered = chronological(inp)
    main_run = run(ordered, gold, options)
    sweep = {f"{t:g}": run(ordered, gold, replace(options, threshold=t)) for t in SWEEP}
    best = max(sweep, key=lambda t: sweep[t]["f1"])
    shuffles = []
    for seed in range(3):
        order = list(inp)
        random.Random(seed).shuffle(order)
        shuffles.append(run(order, gold, replace(options, threshold=float(best))))
    doc = {
        "bench": "UCI News Aggregator sample (headlines), story clustering, BCubed", "role": "development set",
        "articles": len(heads), "gold_stories": len(set(gold.values())),
        "dates": [min(h.published for h in heads), max(h.published for h in heads)],
        "text": "headline only", "order": "chronological (by day, then id)",
        "embed_seconds": round(embed_s, 1) if args.cache is None else None,
        "default_options": {"threshold": options.threshold, **main_run},
        "threshold_sweep": sweep, "best_threshold_here": float(best),
        "shuffled_orders_at_best": {"runs": shuffles, "f1_mean": float(np.mean([r["f1"] for r in shuffles]))},
        "reproduce": "python bench/eval_uci.py",
    }
    print(f"UCI headlines (dev): default P {main_run['precision']:.3f} R {main_run['recall']:.3f} "
          f"F1 {main_run['f1']:.3f}; best threshold here {best} F1 {sweep[best]['f1']:.3f}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
