"""STS Benchmark: Spearman correlation of the judge's graded ``similarity``, dev and test.

The similarity head is a ridge regression of ``score / 5`` on the features of
``unspun.align.features``, fitted on STS-B train (all genres), its L2
strength chosen by 5-fold cross-validated Spearman on train. Dev and test
are only reported. Figures per genre (``main-news`` is what unspun cares
about) and overall, beside the plain embedding cosine.

    python bench/eval_stsb.py --cache /tmp/unspun-emb           # evaluate the pinned weights
    python bench/eval_stsb.py --cache /tmp/unspun-emb --write   # refit on train, rewrite weights_similarity.py

Run after ``bench/eval_mrpc.py --write`` (which rewrites the IDF table).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

from datasets import datasets_dir, write_json  # noqa: E402

from unspun.align import fit  # noqa: E402
from unspun.align.features import FEATURES  # noqa: E402

WEIGHTS = os.path.join(os.path.dirname(__file__), "..", "src", "unspun", "align", "weights_similarity.py")


def stsb(split: str) -> list[tuple[str, str, float, str, str]]:
    """(genre, source, score, sentence 1, sentence 2) of STS-B ``train``, ``dev`` or ``test``."""
    out = []
    with open(datasets_dir() / "stsb" / f"sts-{split}.tsv", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            out.append((p[0], p[1], float(p[4]), p[5], p[6]))
    return out


def rank(x: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (as scipy.stats.rankdata)."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
    ends = np.r_[starts[1:], len(x)]
    avg = (starts + ends - 1) / 2.0
    r = np.empty(len(x))
    r[order] = np.repeat(avg, ends - starts)
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(rank(np.asarray(a)), rank(np.asarray(b)))[0, 1])


def featurise(rows: list, cache: str | None = None, key: str = "stsb") -> tuple[np.ndarray, np.ndarray]:
    """(features, exact flags) of STS-B rows."""
    from eval_mrpc import embed_cached, pairs_features

    s1, s2 = [r[3] for r in rows], [r[4] for r in rows]
    return pairs_features(s1, s2, embed_cached(s1, cache, key + "_a"), embed_cached(s2, cache, key + "_b"))


def is_news(genres) -> np.ndarray:
    return np.array([g.startswith("main-news") for g in genres])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="refit on train and rewrite the pinned weights")
    ap.add_argument("--cache", help="folder to keep sentence embeddings in between runs")
    ap.add_argument("--json", default=os.path.join(os.path.dirname(__file__), "results", "stsb.json"))
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = {s: stsb(s) for s in ("train", "dev", "test")}
    feats = {s: featurise(r, args.cache, f"stsb_{s}") for s, r in rows.items()}
    t_feat = time.perf_counter() - t0
    if args.write:
        y = np.array([r[2] for r in rows["train"]]) / 5.0
        cv = fit.cv_ridge(feats["train"][0], y, spearman)
        coef, b = fit.fit_ridge(feats["train"][0], y, l2=cv["l2"])
        fit.write_weights(
            WEIGHTS, "Similarity head of the sentence-pair judge: ridge regression of score/5 fitted on\n"
            "STS Benchmark train (all genres) by bench/eval_stsb.py --write; L2 chosen by 5-fold\n"
            f"cross-validated Spearman on train ({cv['score']:.4f}).",
            FEATURES=list(FEATURES), COEF=coef, INTERCEPT=b, L2=cv["l2"])
    from unspun.align import weights_paraphrase, weights_similarity

    importlib.reload(weights_paraphrase)
    importlib.reload(weights_similarity)
    from unspun.align import judge

    judge = importlib.reload(judge)
    ci = FEATURES.index("cos")
    result: dict = {"dataset": "STS Benchmark (sts-train/dev/test.tsv)", "model": "all-MiniLM-L6-v2",
                    "features": list(FEATURES), "seconds_embed_and_features": round(t_feat, 1),
                    "l2": float(getattr(weights_similarity, "L2", 1.0)),
                    "command": "python bench/eval_mrpc.py --write && python bench/eval_stsb.py --write"}
    ytr = np.array([r[2] for r in rows["train"]]) / 5.0
    cv = fit.cv_ridge(feats["train"][0], ytr, spearman, l2s=(result["l2"],))
    result["train_cv"] = {"overall": {"pairs": len(ytr), "similarity": round(cv["score"], 4)}}
    print(f"train 5-fold CV overall similarity {cv['score']:.4f} (l2 {result['l2']})")
    for split in ("train", "dev", "test"):
        X, exact = feats[split]
        sim = np.array([j.score for j in judge.judge_features(X, exact)])
        gold = np.array([r[2] for r in rows[split]])
        genre = np.array([r[0] for r in rows[split]])
        groups = {"overall": np.ones(len(gold), bool)}
        groups.update({g: genre == g for g in sorted(set(genre))})
        result[split] = {name: {"pairs": int(m.sum()), "similarity": round(spearman(sim[m], gold[m]), 4),
                                "cosine": round(spearman(X[m, ci], gold[m]), 4)}
                         for name, m in groups.items()}
        for name, r in result[split].items():
            print(f"{split:5s} {name:14s} n={r['pairs']:5d} similarity {r['similarity']:.4f} "
                  f"cosine {r['cosine']:.4f}")
    write_json(args.json, result)


if __name__ == "__main__":
    main()
