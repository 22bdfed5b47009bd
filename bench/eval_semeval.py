"""SemEval-2022 Task 8 sample: Pearson correlation of the same-story score with the human ``Overall``.

Real pairs only (``pair_id`` of the form ``digits_digits``; the others are
machine-translated augmentations). ``Overall`` runs from 1 (very similar) to 4
(very dissimilar); the figure reported is the correlation with ``5 - Overall``
(the similarity direction), for en-en pairs and for all real pairs, on the
training file (where the score's weights were fitted) and the testing file
(reported, never tuned on).

    python bench/eval_semeval.py                 # evaluate, write bench/results/semeval.json
    python bench/eval_semeval.py --fit           # refit the Calibration on training_set.csv and print it

Each text is one article: its lead (title + first 1,200 characters, cut at
``LEAD_TOKENS`` word pieces) is embedded with
all-MiniLM-L6-v2 exactly as the fingerprint stage does, its immutables taken
from the same lead; rarity weights come from the file's own texts (no labels).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import datasets_dir  # noqa: E402

from unspun.config import LEAD_TOKENS  # noqa: E402
from unspun.fingerprint import lead  # noqa: E402
from unspun.stories import Calibration, Rarity, StoryInput, StoryOptions, same_story_score  # noqa: E402
from unspun.stories.score import combine, entity_overlap  # noqa: E402

REAL_PAIR = re.compile(r"^\d+_\d+$")
FILES = {"train": "training_set.csv", "test": "testing_set.csv"}


def load_pairs(split: str) -> list[dict]:
    """The real pairs of one file, with their language columns and ``Overall``."""
    csv.field_size_limit(1 << 30)
    path = datasets_dir() / "semeval2022_task8_sample" / FILES[split]
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if REAL_PAIR.match(r["pair_id"])]


def text_id(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def build_inputs(pairs: list[dict], cache: Path | None = None) -> dict[str, StoryInput]:
    """One StoryInput per distinct text, embedded like the fingerprint stage (cached when asked)."""
    from unspun.fingerprint.embed import LEAD_ENCODER, embed_leads

    texts = sorted({r["text1"] for r in pairs} | {r["text2"] for r in pairs})
    ids = [text_id(t) for t in texts]
    vecs = None
    key = hashlib.blake2b(("".join(ids) + f"/{LEAD_TOKENS}/{LEAD_ENCODER}").encode(), digest_size=8).hexdigest()
    if cache is not None and (cache / f"semeval-{key}.npy").exists():
        vecs = np.load(cache / f"semeval-{key}.npy")
    if vecs is None:
        vecs = embed_leads([lead(t, None) for t in texts], max_tokens=LEAD_TOKENS)
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            np.save(cache / f"semeval-{key}.npy", vecs)
    return {t: StoryInput.of(i, t, v) for t, i, v in zip(texts, ids, vecs, strict=True)}


def pearson(x, y) -> float:
    return float(np.corrcoef(np.asarray(x, float), np.asarray(y, float))[0, 1])


def spearman(x, y) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def features(pairs, inputs, rarity) -> np.ndarray:
    """(cosine, entity overlap, englishness) per pair: what ``combine`` takes."""
    rows = []
    for r in pairs:
        a, b = inputs[r["text1"]], inputs[r["text2"]]
        ov = entity_overlap(dict.fromkeys(a.tokens, 1.0), dict.fromkeys(b.tokens, 1.0), rarity.weight)
        rows.append((float(a.embedding @ b.embedding), ov, min(a.english, b.english)))
    return np.asarray(rows)


def fit(pairs, inputs, rarity) -> Calibration:
    """Least squares of ``sigmoid(z)`` against ``(4 - Overall) / 3`` on the given (training) pairs."""
    from scipy.optimize import least_squares

    f = features(pairs, inputs, rarity)
    y = np.array([(4 - float(r["Overall"])) / 3 for r in pairs])

    def resid(p):
        c = Calibration(*p)
        return np.array([combine(cs, ov, e, None, StoryOptions(calibration=c)) for cs, ov, e in f]) - y

    start = asdict(Calibration())
    start.pop("fitted_on")
    p = least_squares(resid, list(start.values()),
                      bounds=([-np.inf, 0, -np.inf, -np.inf, 0, -np.inf], np.inf)).x
    return Calibration(*[round(float(v), 4) for v in p])


def evaluate(split: str, options: StoryOptions, cache: Path | None) -> dict:
    pairs = load_pairs(split)
    inputs = build_inputs(pairs, cache)
    rarity = Rarity.of(x.tokens for x in inputs.values())
    t0 = time.perf_counter()
    scores = np.array([same_story_score(inputs[r["text1"]], inputs[r["text2"]], rarity=rarity, options=options)
                       for r in pairs])
    per_pair_ms = (time.perf_counter() - t0) * 1000 / len(pairs)
    sim = np.array([5 - float(r["Overall"]) for r in pairs])
    langs = np.array([f"{r['lang1']}-{r['lang2']}" for r in pairs])
    en = langs == "en-en"
    out = {"pairs": len(pairs), "en_en_pairs": int(en.sum()),
           "pearson_en_en": pearson(scores[en], sim[en]), "pearson_all": pearson(scores, sim),
           "spearman_en_en": spearman(scores[en], sim[en]), "spearman_all": spearman(scores, sim),
           "score_ms_per_pair": round(per_pair_ms, 4), "by_language_pair": {}}
    for lp in sorted(set(langs)):
        m = langs == lp
        out["by_language_pair"][lp] = {"pairs": int(m.sum()), "pearson": pearson(scores[m], sim[m])}
    # how well the 0.5 threshold separates "similar" (Overall <= 2.5) from "dissimilar" pairs
    same = np.array([float(r["Overall"]) <= 2.5 for r in pairs])
    for name, m in (("en_en", en), ("all", np.ones_like(en))):
        pred = scores[m] >= options.threshold
        tp = int((pred & same[m]).sum())
        out[f"same_story_at_threshold_{name}"] = {
            "threshold": options.threshold, "accuracy": float((pred == same[m]).mean()),
            "precision": tp / max(1, int(pred.sum())), "recall": tp / max(1, int(same[m].sum()))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fit", action="store_true", help="refit the Calibration on training_set.csv and print it")
    ap.add_argument("--cache", type=Path, default=None, help="folder to cache embeddings in")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "semeval.json")
    args = ap.parse_args(argv)
    options = StoryOptions()
    if args.fit:
        pairs = load_pairs("train")
        inputs = build_inputs(pairs, args.cache)
        cal = fit(pairs, inputs, Rarity.of(x.tokens for x in inputs.values()))
        print(cal)
        options = replace(options, calibration=cal)
    results = {split: evaluate(split, options, args.cache) for split in ("train", "test")}
    doc = {"bench": "SemEval-2022 Task 8 sample, real pairs", "target": "Pearson r of score with 5 - Overall",
           "model": f"all-MiniLM-L6-v2 lead embedding (title + 1,200 chars, {LEAD_TOKENS} tokens)",
           "calibration": asdict(options.calibration), "tuned_on": "train only",
           "reproduce": "python bench/eval_semeval.py  (refit the weights on train: --fit)", **results}
    for split, r in results.items():
        print(f"{split}: pearson en-en {r['pearson_en_en']:.3f} (n={r['en_en_pairs']})  "
              f"all {r['pearson_all']:.3f} (n={r['pairs']})", file=sys.stderr)
    if not args.fit:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
