"""Spin detection, measured: SYNTHETIC spins of real PolNeAR articles, and what real labels support.

SYNTHETIC (``bench/spin_corpus.py``; no labelled spun-news corpus exists here):

- per article, without a source (``unspun.spin.article_spin``): PolNeAR
  originals against their light / medium / heavy spins; ROC AUC of the score
  and F1 of the ``likely_spun`` verdict per strength (and for synonym swaps
  alone, without residue or misspellings: ``swap25_only``, ``swap40_only``),
  and the share of editorial and round-trip rewrites flagged;
- per rewrite pair (``unspun.spin.rewrite_spin`` over ``relate_one`` with
  sentence embeddings): verdict accuracy by procedure (spins should be
  ``machine_spin``, editorial rewrites ``editorial_rewrite``, round trips
  ``translation_round_trip``).

Weights and thresholds are fitted on PolNeAR **dev** (``--fit`` prints them,
to pin in ``unspun/spin/flags.py`` and ``verdict.py``); figures are reported
on PolNeAR **test**. The lexicon is built from train text only.

REAL data:

- Clough & Stevenson: light vs heavy revisions of the task's source (people,
  not machines): AUC of the rewrite spin score, light taken as positive, and
  verdicts by class. No split: nothing is tuned on it;
- false flags: the share of WikiRef220 articles and of PolNeAR test originals
  that ``article_spin`` calls ``likely_spun`` (and ``unclear``) at the defaults,
  and off US politics (the lexicon's domain): WikiRef220 less its political
  events (172 texts) and the 100 Clough & Stevenson texts (computer science);
- throughput of ``article_spin`` (docs/s, one process) over all 1,008 PolNeAR articles.

    python bench/eval_spin.py                 # writes bench/results/spin.json (~3 min on 2 cores)
    python bench/eval_spin.py --fit           # fit on dev, print the constants
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

import spin_corpus as sc  # noqa: E402
from datasets import cached_sentences, polnear, write_json  # noqa: E402

from unspun.spin.flags import SpinOptions, article_spin, kind_rates, spin_flags  # noqa: E402
from unspun.spin.verdict import (  # noqa: E402
    VerdictOptions, rewrite_signals, rewrite_spin, rewrite_verdict, score_inputs, spin_logit)

RESULT = os.path.join(os.path.dirname(__file__), "results", "spin.json")
COMMAND = "python bench/eval_spin.py --cache /tmp/unspun-emb"
STRENGTHS = tuple(sc.STRENGTHS)
EXPECTED = {"light": "machine_spin", "medium": "machine_spin", "heavy": "machine_spin",
            "editorial": "editorial_rewrite", "round_trip": "translation_round_trip",
            "cut~medium": "machine_spin", "orig~heavy_of_cut": "machine_spin", "cut~editorial": "editorial_rewrite"}
"""Each procedure's expected verdict. A plain name pairs the original with that rewrite of it; the ``cut`` pairs
set a truncated copy (``spin_corpus.truncate``) against a rewrite of the whole, or the whole against a spin of
the cut copy, as a corpus with scrapers holds them: a truncation must not make a spin look like an editor's work."""


def synthetic_articles(split: str, seed: int = 0) -> dict[str, list[str]]:
    """``{procedure: texts}`` for the PolNeAR articles of ``split`` (``orig`` is the originals)."""
    docs = [d.text for d in polnear((split,))]
    out = {"orig": docs}
    for name, strength in (sc.STRENGTHS | sc.DIAGNOSTIC).items():
        out[name] = [sc.spin(t, strength, random.Random(f"{seed}-{name}-{i}")).text for i, t in enumerate(docs)]
    out["editorial"] = [sc.editorial(t, docs[(i + 7) % len(docs)], random.Random(f"{seed}-ed-{i}"))
                        for i, t in enumerate(docs)]
    out["round_trip"] = [sc.round_trip(t, random.Random(f"{seed}-rt-{i}")) for i, t in enumerate(docs)]
    return out


def _auc(neg: list[float], pos: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([0] * len(neg) + [1] * len(pos), list(neg) + list(pos)))


def _f1(neg: list[bool], pos: list[bool]) -> dict:
    tp, fn, fp = sum(pos), len(pos) - sum(pos), sum(neg)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def article_metrics(sets: dict[str, list[str]], options: SpinOptions = SpinOptions()) -> dict:
    res = {k: [article_spin(t, options=options) for t in v] for k, v in sets.items()}
    orig = res["orig"]
    out = {"articles": len(orig), "by_strength": {}, "flagged_share": {}}
    for name in STRENGTHS + tuple(sc.DIAGNOSTIC):
        out["by_strength"][name] = {
            "auc": round(_auc([r.score for r in orig], [r.score for r in res[name]]), 4),
            **_f1([r.verdict == "likely_spun" for r in orig], [r.verdict == "likely_spun" for r in res[name]])}
    for name, rs in res.items():
        out["flagged_share"][name] = {"likely_spun": round(float(np.mean([r.verdict == "likely_spun" for r in rs])), 4),
                                      "unclear": round(float(np.mean([r.verdict == "unclear" for r in rs])), 4),
                                      "mean_score": round(float(np.mean([r.score for r in rs])), 4)}
    return out


def semeval_dev(limit: int = 300) -> list[str]:
    """English articles of SemEval-2022 Task 8 **train** (real pairs only): out-of-domain clean news for fitting."""
    import csv
    import re

    from datasets import datasets_dir

    out: list[str] = []
    with open(datasets_dir() / "semeval2022_task8_sample" / "training_set.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if re.fullmatch(r"\d+_\d+", row["pair_id"]):
                out += [t for lang, t in ((row["lang1"], row["text1"]), (row["lang2"], row["text2"]))
                        if lang == "en" and t not in out]
            if len(out) >= limit:
                break
    return out[:limit]


def fit_articles(sets: dict[str, list[str]], extra_clean: list[str], quantile: float = 0.95) -> dict:
    """Baselines and logistic weights of the flag rates, on dev only.

    Clean: PolNeAR dev originals and ``extra_clean`` (out-of-domain news); spun:
    the dev spins of every strength. A kind's baseline is the ``quantile`` of
    its rate over the clean texts (only the excess counts); the weights come
    from a class-balanced logistic regression on the excess rates.
    """
    from sklearn.linear_model import LogisticRegression

    o = SpinOptions()
    kinds = [k for k in o.weights if k != "altered_quote"]

    def rows(texts):
        return np.array([[kind_rates(spin_flags(t), len(t.split()), o)[k] for k in kinds] for t in texts])

    clean = np.vstack([rows(sets["orig"]), rows(extra_clean)])
    spun = np.vstack([rows(sets[s]) for s in STRENGTHS])
    base = {k: (round(float(np.quantile(clean[:, i], quantile)), 2) if k in ("rare_synonym", "odd_collocation")
                else 0.0) for i, k in enumerate(kinds)}
    b = np.array([base[k] for k in kinds])
    x = np.maximum(0.0, np.vstack([clean, spun]) - b)
    y = np.array([0] * len(clean) + [1] * len(spun))
    m = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    return {"baselines": base, "weights": {k: round(max(0.0, float(w)), 4) for k, w in zip(kinds, m.coef_[0])},
            "half": round(-float(m.intercept_[0]), 4), "raw_coefficients": [round(float(w), 4) for w in m.coef_[0]]}


# ---- rewrite pairs -------------------------------------------------------------------------------

def _sentences(text: str, cache: str | None):
    return cached_sentences(text, cache, "spin")


def relation_of(a: str, b: str, cache: str | None):
    """The pipeline's relation of a pair (``relate_one`` with sentence embeddings); None when unrelated."""
    from unspun.align.stage import PairInput, relate_one
    from unspun.relate import Side

    return relate_one(PairInput("a", "b", _sentences(a, cache), _sentences(b, cache), Side(a), Side(b)))


def synthetic_pairs(split: str, n: int, cache: str | None) -> list[tuple[str, str, str, object]]:
    """``(procedure, article index, original, rewrite, relation)`` for the first ``n`` articles of ``split``."""
    sets = synthetic_articles(split)
    out = []
    for proc in EXPECTED:
        for i in range(min(n, len(sets["orig"]))):
            a, b = _pair(proc, sets, i)
            out.append((proc, i, a, b, relation_of(a, b, cache)))
    return out


def _pair(proc: str, sets: dict[str, list[str]], i: int) -> tuple[str, str]:
    orig = sets["orig"][i]
    if "~" not in proc:
        return orig, sets[proc][i]
    cut = sc.truncate(orig, random.Random(f"cut-{i}"))
    if proc == "cut~medium":
        return cut, sets["medium"][i]
    if proc == "orig~heavy_of_cut":
        return orig, sc.spin(cut, sc.STRENGTHS["heavy"], random.Random(f"cut-heavy-{i}")).text
    if proc == "cut~editorial":
        return cut, sets["editorial"][i]
    raise ValueError(proc)


def _signal_row(s) -> list[float]:
    v = score_inputs(s)
    return [v[k] for k, _ in VerdictOptions().weights]


def fit_verdict(pairs, grid: tuple[float, ...] = (1, 3, 10, 30, 100, 300, 1000), folds: int = 5) -> dict:
    """Spin-score weights: a class-balanced logistic regression of spins against the other rewrites.

    The synthetic procedures are separable, so the fit's strength ``C`` sets how far the weights go. It is chosen
    by cross-validation over articles (a fold holds every pair built from its articles; an editorial rewrite's
    inserted sentences come from another article, which may sit in another fold): the smallest ``C`` whose
    verdict accuracy is within 0.01 of the best. ``main`` records the fit in the results, and the gate checks
    that the pinned weights are the ones it gives.
    """
    from sklearn.linear_model import LogisticRegression

    names = [k for k, _ in VerdictOptions().weights]
    rows = [(proc, i, rewrite_signals(a, b, rel)[0]) for proc, i, a, b, rel in pairs if rel is not None]
    x = np.array([_signal_row(s) for _, _, s in rows])
    y = np.array([EXPECTED[proc] == "machine_spin" for proc, _, _ in rows])
    group = np.array([i % folds for _, i, _ in rows])

    def fit(c: float, keep) -> VerdictOptions:
        m = LogisticRegression(C=c, class_weight="balanced", max_iter=10000).fit(x[keep], y[keep])
        return dataclasses.replace(VerdictOptions(), intercept=round(float(m.intercept_[0]), 3),
                                   weights=tuple((k, round(float(w), 3)) for k, w in zip(names, m.coef_[0])))

    def right(o: VerdictOptions, held) -> list[bool]:
        return [rewrite_verdict(s, o) == EXPECTED[proc] for (proc, _, s), h in zip(rows, held) if h]

    cv = {c: float(np.mean([ok for f in range(folds) for ok in right(fit(c, group != f), group == f)]))
          for c in grid}
    best = max(cv.values())
    chosen = min(c for c, a in cv.items() if a >= best - 0.01)
    o = fit(chosen, np.ones(len(rows), bool))
    return {"cv_accuracy": {str(c): round(a, 4) for c, a in cv.items()}, "C": chosen,
            "weights": dict(o.weights), "intercept": o.intercept,
            "in_sample_accuracy": round(float(np.mean(right(o, np.ones(len(rows), bool)))), 4)}


def verdict_metrics(pairs, options: VerdictOptions = VerdictOptions()) -> dict:
    out: dict = {"by_procedure": {}}
    spin_scores: dict[str, list[float]] = {}
    correct_all = []
    for proc in EXPECTED:
        rows = [(a, b, rel) for p, _, a, b, rel in pairs if p == proc]
        kinds: dict[str, int] = {}
        verdicts: dict[str, int] = {}
        correct = []
        for a, b, rel in rows:
            kind = rel.kind if rel is not None else "none"
            kinds[kind] = kinds.get(kind, 0) + 1
            if rel is None:
                correct.append(False)
                continue
            r = rewrite_spin(a, b, rel, options=options)
            verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
            correct.append(r.verdict == EXPECTED[proc])
            spin_scores.setdefault(proc, []).append(spin_logit(r.signals))
        correct_all += correct
        related = [ok for ok, (_, _, rel) in zip(correct, rows) if rel is not None]
        out["by_procedure"][proc] = {"pairs": len(rows), "expected": EXPECTED[proc],
                                     "accuracy": round(float(np.mean(correct)), 4) if correct else 0.0,
                                     "accuracy_of_related": round(float(np.mean(related)), 4) if related else 0.0,
                                     "verdicts": verdicts, "relation_kinds": kinds}
    out["accuracy_all"] = round(float(np.mean(correct_all)), 4) if correct_all else 0.0
    spun = [s for p, v in EXPECTED.items() if v == "machine_spin" for s in spin_scores.get(p, [])]
    other = [s for p, v in EXPECTED.items() if v != "machine_spin" for s in spin_scores.get(p, [])]
    out["spin_score_auc_spun_vs_other"] = round(_auc(other, spun), 4) if spun and other else None
    return out


# ---- real data ------------------------------------------------------------------------------------

def clough(cache: str | None) -> dict:
    """Light vs heavy revisions (Clough & Stevenson), each against its task's source; nothing tuned here."""
    from datasets import clough_stevenson

    from unspun.align.align import align_pair, sharing
    from unspun.records import Relation

    sources, answers = clough_stevenson()
    src = {t: _sentences(text, cache) for t, text in sources.items()}
    rows = []
    for f, t, c, text in answers:
        if c not in ("light", "heavy"):
            continue
        a = _sentences(text, cache)
        ps = align_pair(src[t], a)
        s = sharing(src[t], a, ps)
        rel = Relation("a", "b", "rewrite", s.coverage_a, s.coverage_b, passages=tuple(ps))
        r = rewrite_spin(sources[t], text, rel)
        rows.append({"file": f, "label": c, "score": r.score, "logit": round(spin_logit(r.signals), 4),
                     "verdict": r.verdict, "signals": dataclasses.asdict(r.signals)})
    # ranked by the logit: the score is rounded to 4 decimals, which ties most human rewrites at 0.0
    light = [r["logit"] for r in rows if r["label"] == "light"]
    heavy = [r["logit"] for r in rows if r["label"] == "heavy"]
    verdicts = {c: {} for c in ("light", "heavy")}
    for r in rows:
        verdicts[r["label"]][r["verdict"]] = verdicts[r["label"]].get(r["verdict"], 0) + 1
    # the share of light revisions with the higher score, at the best single threshold (in-sample, optimistic)
    best = max((float(np.mean([x >= th for x in light] + [x < th for x in heavy])), th) for th in light + heavy)
    return {"answers": {"light": len(light), "heavy": len(heavy)},
            "auc_light_vs_heavy": round(_auc(heavy, light), 4), "verdicts": verdicts,
            "best_threshold_accuracy_in_sample": round(best[0], 4), "rows": rows}


POLITICS = ("barack", "michelle", "greek.elections")
"""WikiRef220 file-name prefixes of political events: the rest is news outside US politics."""


def false_flags() -> dict:
    """Independent real texts called ``likely_spun``: WikiRef220, PolNeAR test originals, and texts outside US politics
    (the lexicon's domain): WikiRef220 less its political events, and the Clough & Stevenson answers and sources."""
    from datasets import clough_stevenson
    from eval_wikiref import load

    wiki = load()
    sources, answers = clough_stevenson()
    out = {}
    for name, texts in (("wikiref220", [t.text for t in wiki]),
                        ("polnear_test_originals", [d.text for d in polnear(("test",))]),
                        ("wikiref220_off_politics", [t.text for t in wiki if not t.name.startswith(POLITICS)]),
                        ("clough_stevenson_texts", list(sources.values()) + [a[3] for a in answers])):
        rs = [article_spin(t) for t in texts]
        out[name] = {"articles": len(rs), "likely_spun": round(float(np.mean([r.verdict == "likely_spun" for r in rs])), 4),
                     "unclear": round(float(np.mean([r.verdict == "unclear" for r in rs])), 4),
                     "flagged_examples": [(i, r.score, [(f.kind, f.note) for f in r.flags[:5]])
                                          for i, r in enumerate(rs) if r.verdict == "likely_spun"][:5]}
    return out


def throughput() -> dict:
    texts = [d.text for d in polnear()]
    article_spin(texts[0])  # loads the lexicon
    t0 = time.perf_counter()
    for t in texts:
        article_spin(t)
    secs = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "seconds": round(secs, 3), "docs_per_s": round(len(texts) / secs, 1),
            "mean_words": round(words / len(texts))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="fit weights on PolNeAR dev and print them")
    ap.add_argument("--pairs", type=int, default=20, help="articles per procedure for the pair verdicts")
    ap.add_argument("--cache", help="folder keeping sentence embeddings between runs")
    ap.add_argument("--out", default=RESULT)
    args = ap.parse_args()
    t0 = time.time()
    if args.fit:
        print("article weights (dev):", fit_articles(synthetic_articles("dev"), semeval_dev()))
        print("verdict weights (dev):", fit_verdict(synthetic_pairs("dev", args.pairs, args.cache)))
        return
    result = {
        "bench": "spin detection", "command": COMMAND,
        "synthetic": {
            "label": "SYNTHETIC: real PolNeAR articles spun by bench/spin_corpus.py; not real spun news",
            "protocol": "lexicon from train text; weights/thresholds fitted on PolNeAR dev; figures on PolNeAR test",
            "round_trip": ("the round trip changes every sentence of four words or more, as translation does (before, "
                           "a third of its words sat in sentences left word for word); the verdict's restructured "
                           "and verbatim thresholds were set on dev round trips (at most 0.071 and 0.13 there); the "
                           "score weights were refitted after that change (verdict.v3)"),
            "cut": ("the cut~ procedures set a truncated copy (the first 40-70% of the paragraphs) against a rewrite "
                    "of the whole, or the whole against a spin of the cut copy; a pair the pipeline does not relate "
                    "at all ('none': a one-paragraph cut) counts as wrong in accuracy and is left out of "
                    "accuracy_of_related. Before verdict.v3 (coverage over the whole text, the earlier weights), "
                    "test: cut~medium 1 of 17 related pairs right, orig~heavy_of_cut 1 of 17, cut~editorial 17 of "
                    "17; dev: 1/18, 2/18, 19/19"),
            "article_test": article_metrics(synthetic_articles("test")),
            "article_dev": article_metrics(synthetic_articles("dev")),
            "verdict_test": verdict_metrics(synthetic_pairs("test", args.pairs, args.cache)),
            "verdict_fit_dev": fit_verdict(synthetic_pairs("dev", args.pairs, args.cache)),
        },
        "real": {"clough_stevenson_light_vs_heavy": clough(args.cache), "false_flags": false_flags(),
                 "disclosure": ("the name_variant rule was tightened (a true single edit with the same first "
                                "letter; it had accepted two deletions apart) after reading WikiRef220's false "
                                "flags: WikiRef220 likely_spun share 0.0227 before, the figure above after, so "
                                "that figure is not fully blind; since 2026-12-04 rare words and odd collocations alone reach at "
                                "most 'unclear' (found by QA on three hand-written originals outside politics): that "
                                "rule was chosen looking at those three, WikiRef220 and Clough & Stevenson (its "
                                "weights were refitted on dev), so the off-politics figures are not blind either; "
                                "nothing else was chosen on WikiRef220 or PolNeAR test")},
        "throughput": throughput(),
        "options": {"article": dataclasses.asdict(SpinOptions()), "verdict": dataclasses.asdict(VerdictOptions())},
    }
    result["seconds"] = round(time.time() - t0, 1)
    syn = result["synthetic"]
    for name, m in syn["article_test"]["by_strength"].items():
        print(f"SYNTHETIC article {name:7} AUC {m['auc']:.3f} F1 {m['f1']:.3f} (P {m['precision']:.3f} R {m['recall']:.3f})")
    print("SYNTHETIC flagged share (test):", {k: v["likely_spun"] for k, v in syn["article_test"]["flagged_share"].items()})
    for proc, m in syn["verdict_test"]["by_procedure"].items():
        print(f"SYNTHETIC verdict {proc:10} acc {m['accuracy']:.3f} (of related {m['accuracy_of_related']:.3f}) "
              f"{m['verdicts']} kinds {m['relation_kinds']}")
    c = result["real"]["clough_stevenson_light_vs_heavy"]
    print(f"REAL Clough&Stevenson light vs heavy: AUC {c['auc_light_vs_heavy']:.3f}, verdicts {c['verdicts']}")
    for k, v in result["real"]["false_flags"].items():
        print(f"REAL false flags {k}: likely_spun {v['likely_spun']:.3f}, unclear {v['unclear']:.3f}")
    print(f"throughput: {result['throughput']['docs_per_s']} docs/s")
    write_json(args.out, result)
    print(f"wrote {args.out} in {result['seconds']} s")


if __name__ == "__main__":
    main()
