"""WikiRef220: story clustering measured with BCubed precision, recall and F1.

220 English news texts; the gold story of a file is its name without the
trailing number (``ParisAttacks2015 (3).txt`` -> ``ParisAttacks2015``,
``michelle.obama.20.txt`` -> ``michelle.obama``): 5 large topics and 11 small
noise topics. The texts have no dates, so only text and names can decide.

WikiRef has no split and WikiRef150/186 are not in shared/datasets, so
nothing is tuned here: the threshold is ``StoryOptions().threshold`` (0.5,
the midpoint of SemEval's similarity scale, whose weights were fitted on
SemEval-2022 Task 8 train). This is the test.

    python bench/eval_wikiref.py                       # writes bench/results/wikiref.json
    python bench/eval_wikiref.py --scale 10000 100000  # also time the index alone at these sizes

The main order is ``unspun.stories.chronological`` (undated, so by id, a hash
of the file name: a fixed, topic-mixed order); five seeded shuffles show how
much the one-pass clustering depends on the order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import datasets_dir  # noqa: E402

from unspun.config import LEAD_TOKENS  # noqa: E402
from unspun.fingerprint.embed import LEAD_ENCODER  # noqa: E402
from unspun.stories import StoryIndex, StoryInput, StoryOptions, bcubed, chronological, story_inputs  # noqa: E402

_LABEL = (re.compile(r"^(.*?) \(\d+\)\.txt$"), re.compile(r"^(.*)\.\d+\.txt$"))


def gold_story(name: str) -> str:
    for pat in _LABEL:
        m = pat.match(name)
        if m:
            return m.group(1)
    raise ValueError(f"unexpected WikiRef file name: {name}")


@dataclass(frozen=True)
class Text:
    id: str
    name: str
    text: str
    title: str | None
    published: str | None = None
    language: str | None = None


def load(folder: str = "WikiRef220") -> list[Text]:
    """The files of one WikiRef folder; the title is the first non-empty line."""
    root = datasets_dir() / "wikiref" / folder
    out = []
    for path in sorted(root.glob("*.txt")):
        text = path.read_text("utf-8", errors="replace").strip()
        title = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
        out.append(Text(hashlib.blake2b(path.name.encode(), digest_size=8).hexdigest(), path.name, text, title))
    return out


def run(inputs: list[StoryInput], gold: dict[str, str], options: StoryOptions) -> dict:
    t0 = time.perf_counter()
    index = StoryIndex(options)
    index.add(inputs)
    secs = time.perf_counter() - t0
    ids = [x.id for x in inputs]
    score = bcubed(index.labels(ids), [gold[i] for i in ids])
    return {**score.as_dict(), "stories": len(index), "index_ms_per_article": 1000 * secs / len(ids)}


def scale(inputs: list[StoryInput], sizes: list[int], options: StoryOptions) -> list[dict]:
    """Index time on synthetic corpora: real leads jittered into many distinct stories (no accuracy)."""
    rng = np.random.default_rng(0)
    base = np.stack([x.embedding for x in inputs])
    out = []
    for n in sizes:
        centres = base[rng.integers(0, len(base), n // 5)] + rng.normal(0, 0.08, (n // 5, base.shape[1]))
        vecs = centres[rng.integers(0, len(centres), n)] + rng.normal(0, 0.03, (n, base.shape[1]))
        vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        synth = [StoryInput(f"s{i}", vecs[i], inputs[i % len(inputs)].tokens) for i in range(n)]
        t0 = time.perf_counter()
        index = StoryIndex(options)
        index.add(synth)
        secs = time.perf_counter() - t0
        out.append({"articles": n, "stories": len(index), "seconds": round(secs, 2),
                    "ms_per_article": round(1000 * secs / n, 4)})
        print(f"scale {n}: {secs:.1f} s, {len(index)} stories", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, nargs="*", default=[], help="also time the index on N synthetic articles")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "wikiref.json")
    args = ap.parse_args(argv)
    options = StoryOptions()
    texts = load()
    gold = {t.id: gold_story(t.name) for t in texts}
    t0 = time.perf_counter()
    inputs = story_inputs(texts)
    embed_ms = 1000 * (time.perf_counter() - t0) / len(texts)
    main_run = run(chronological(inputs), gold, options)
    shuffles = []
    for seed in range(5):
        order = list(inputs)
        random.Random(seed).shuffle(order)
        shuffles.append(run(order, gold, options))
    by_name = sorted(inputs, key=lambda x: next(t.name for t in texts if t.id == x.id))
    noise_single = {i: (g if g in BIG else f"noise:{i}") for i, g in gold.items()}
    doc = {
        "bench": "WikiRef220 story clustering, BCubed", "articles": len(texts), "gold_stories": len(set(gold.values())),
        "threshold": options.threshold, "tuned_on": "nothing here (SemEval-2022 Task 8 train)",
        "development_set": "clustering choices are tried on bench/eval_uci.py (UCI headlines), never here",
        "reproduce": "python bench/eval_wikiref.py --scale 10000 100000",
        "order": "chronological (undated: by id = hash of file name)",
        "model": f"all-MiniLM-L6-v2, {LEAD_ENCODER}, title + lead, {LEAD_TOKENS} tokens", **main_run,
        "embed_ms_per_article": round(embed_ms, 2),
        "shuffled_orders": {"runs": shuffles,
                            "f1_mean": float(np.mean([r["f1"] for r in shuffles])),
                            "f1_min": float(np.min([r["f1"] for r in shuffles]))},
        "sorted_by_file_name": run(by_name, gold, options),
        "noise_files_as_singletons": run(chronological(inputs), noise_single, options),
        "without_merge": run(chronological(inputs), gold, StoryOptions(merge=False)),
    }
    if args.scale:
        doc["scale_synthetic"] = scale(inputs, args.scale, options)
    print(f"WikiRef220: P {main_run['precision']:.3f} R {main_run['recall']:.3f} F1 {main_run['f1']:.3f}, "
          f"{main_run['stories']} stories; shuffled F1 mean {doc['shuffled_orders']['f1_mean']:.3f} "
          f"min {doc['shuffled_orders']['f1_min']:.3f}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


BIG = {"ParisAttacks2015", "malaysia.airlines.flight", "michelle.obama", "premier.league", "samsung.galaxy.s5"}

if __name__ == "__main__":
    raise SystemExit(main())
