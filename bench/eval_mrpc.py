"""MRPC: F1 and accuracy of the sentence-pair judge (paraphrase or not), train (cross-validated) and test.

The paraphrase head is a logistic regression on MRPC train (features in
``unspun.align.features``). Its L2 strength and its threshold are the ones
that maximise the judge's F1 on 5-fold out-of-fold predictions of train
(exact and edited pairs count positive whatever the head says, as in
``classify``). Test is only reported, never tuned on.

    python bench/eval_mrpc.py --cache /tmp/unspun-emb           # evaluate the pinned weights
    python bench/eval_mrpc.py --cache /tmp/unspun-emb --write   # refit on train, rewrite weights, evaluate

``--write`` also rewrites ``weights_idf.py`` (IDF of content words over the
MRPC train and STS-B train sentences), so run ``bench/eval_stsb.py --write``
after it. ``--cache`` keeps sentence embeddings between runs.

Figures: ``judge`` counts a pair positive when ``classify`` gives any type
(exact, edited or paraphrase), which is what alignment uses; ``head`` is the
logistic head alone; ``cosine`` is the embedding cosine with its own
F1-optimal threshold on train, for reference.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

from datasets import mrpc, write_json  # noqa: E402

from unspun.align import features, fit  # noqa: E402

ALIGN = os.path.join(os.path.dirname(__file__), "..", "src", "unspun", "align")
WEIGHTS = os.path.join(ALIGN, "weights_paraphrase.py")
IDF_WEIGHTS = os.path.join(ALIGN, "weights_idf.py")


def embed_cached(texts: list[str], cache: str | None, key: str) -> np.ndarray:
    """Sentence embeddings of ``texts``, kept as ``cache/key.npy`` when a cache folder is given."""
    path = os.path.join(cache, f"{key}.npy") if cache else None
    if path and os.path.exists(path):
        vecs = np.load(path)
        if len(vecs) == len(texts):
            return vecs
    from unspun.fingerprint.embed import embed

    vecs = embed(texts)
    if path:
        os.makedirs(cache, exist_ok=True)
        np.save(path, vecs)
    return vecs


def pairs_features(a_texts: list[str], b_texts: list[str], a: np.ndarray, b: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(features, exact flags) of sentence pairs, from their embeddings."""
    cos = np.einsum("ij,ij->i", a, b)
    X, exact = [], []
    for s1, s2, c in zip(a_texts, b_texts, cos):
        ia, ib = features.sent_info(s1), features.sent_info(s2)
        X.append(features.pair_features(ia, ib, float(c)))
        exact.append(bool(ia.tokens) and ia.tokens == ib.tokens)
    return np.array(X).reshape(len(X), len(features.FEATURES)), np.array(exact, bool)


def featurise(rows: list[tuple[int, str, str]], cache: str | None = None, key: str = "mrpc"
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, exact flags, labels) of MRPC rows."""
    s1, s2 = [r[1] for r in rows], [r[2] for r in rows]
    X, exact = pairs_features(s1, s2, embed_cached(s1, cache, key + "_a"), embed_cached(s2, cache, key + "_b"))
    return X, exact, np.array([r[0] for r in rows])


def scores(y: np.ndarray, pred: np.ndarray) -> dict:
    return {"f1": round(fit.f1_score(y, pred.astype(int)), 4), "accuracy": round(float(np.mean(pred == y)), 4)}


def write_idf() -> None:
    from eval_stsb import stsb

    sents = [s for r in mrpc("train") for s in r[1:]] + [s for r in stsb("train") for s in r[3:5]]
    table, default = fit.idf_table(sents)
    fit.write_weights(IDF_WEIGHTS, "IDF of content words for the judge's features: log((N + 1) / (df + 1)) over the\n"
                      f"{len(sents)} sentences of MRPC train and STS-B train, words in at least 5 of them;\n"
                      "DEFAULT is for rarer words. Written by bench/eval_mrpc.py --write.",
                      IDF=table, DEFAULT=default)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="refit on train and rewrite the pinned weights")
    ap.add_argument("--cache", help="folder to keep sentence embeddings in between runs")
    ap.add_argument("--json", default=os.path.join(os.path.dirname(__file__), "results", "mrpc.json"))
    args = ap.parse_args()
    global features
    if args.write:
        write_idf()
        from unspun.align import weights_idf

        importlib.reload(weights_idf)
        features = importlib.reload(features)
    t0 = time.perf_counter()
    data = {split: featurise(mrpc(split), args.cache, f"mrpc_{split}") for split in ("train", "test")}
    t_feat = time.perf_counter() - t0
    Xtr, extr, ytr = data["train"]
    forced = extr | (Xtr[:, features.FEATURES.index("ed")] >= 0.7)
    from unspun.align import judge

    if args.write:
        cv = fit.cv_logistic(Xtr, ytr, forced=forced)
        coef, b = fit.fit_logistic(Xtr, ytr, l2=cv["l2"])
        fit.write_weights(
            WEIGHTS, "Paraphrase head of the sentence-pair judge: logistic regression fitted on MRPC train\n"
            "by bench/eval_mrpc.py --write; L2 and THRESHOLD maximise the judge's F1 on 5-fold\n"
            f"out-of-fold predictions of train (cross-validated F1 {cv['f1']:.4f}).",
            FEATURES=list(features.FEATURES), COEF=coef, INTERCEPT=b, THRESHOLD=cv["threshold"], L2=cv["l2"])
    from unspun.align import weights_paraphrase, weights_similarity

    importlib.reload(weights_paraphrase)
    importlib.reload(weights_similarity)
    judge = importlib.reload(judge)
    l2 = float(getattr(weights_paraphrase, "L2", 1.0))
    oof = fit.oof_logistic(Xtr, ytr, l2=l2)
    t = judge.PARAPHRASE_THRESHOLD
    ci = features.FEATURES.index("cos")
    grid = np.round(np.arange(0.30, 0.951, 0.005), 3)
    cos_t = float(grid[np.argmax([fit.f1_score(ytr, (Xtr[:, ci] >= t).astype(int)) for t in grid])])
    result: dict = {"dataset": "MRPC (msr_paraphrase_train/test)", "features": list(features.FEATURES),
                    "threshold": t, "l2": l2, "cosine_threshold": cos_t,
                    "model": "all-MiniLM-L6-v2", "seconds_embed_and_features": round(t_feat, 1),
                    "command": "python bench/eval_mrpc.py --write && python bench/eval_stsb.py --write",
                    "train_cv": {"judge": scores(ytr, (oof >= t) | forced), "head": scores(ytr, oof >= t)}}
    for split, (X, exact, y) in data.items():
        js = judge.judge_features(X, exact)
        types = [j.type for j in js]
        result[split] = {
            "pairs": int(len(y)), "positives": int(y.sum()),
            "judge": scores(y, np.array([t is not None for t in types])),
            "head": scores(y, np.array([j.probability >= judge.PARAPHRASE_THRESHOLD for j in js])),
            "cosine": scores(y, X[:, ci] >= cos_t),
            "types": {str(t): types.count(t) for t in (judge.EXACT, judge.EDITED, judge.PARAPHRASE, None)},
        }
    r = result["train_cv"]
    print(f"train 5-fold CV judge F1 {r['judge']['f1']:.4f} acc {r['judge']['accuracy']:.4f} | "
          f"head F1 {r['head']['f1']:.4f} (l2 {l2}, threshold {t})")
    for split in ("train", "test"):
        r = result[split]
        print(f"{split:5s} judge F1 {r['judge']['f1']:.4f} acc {r['judge']['accuracy']:.4f} | "
              f"head F1 {r['head']['f1']:.4f} acc {r['head']['accuracy']:.4f} | "
              f"cosine F1 {r['cosine']['f1']:.4f} acc {r['cosine']['accuracy']:.4f} | types {r['types']}")
    write_json(args.json, result)


if __name__ == "__main__":
    main()
