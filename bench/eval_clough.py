"""Clough & Stevenson short answers: is each answer a cut, light or heavy revision of its source, or independent?

Each of the 95 answers is aligned against its task's source (``orig_task*.txt``)
by the pipeline's own path (segment, embed, ``align_pair``, ``sharing``,
``relation_kind``: what ``relate_one`` does) and the result is mapped to the
corpus's four classes by :func:`classify`.

C&S has no official split. The mapping's three thresholds are tuned on tasks
**a and b** only (grid search for 4-class accuracy; among the tied optima,
the one nearest the middle of the plateau); tasks **c, d, e** are the held-out
test. Figures are given for train, test and all five tasks. The one default
changed for this evaluation (``AlignOptions.run_gap`` 2 -> 4) was also chosen
on tasks a-b (binary F1 0.947 -> 0.974, no false positive); the JSON's
``before`` block gives every figure with the old value.

What else was tried (JSON ``tried``). About forty candidate mappings were
compared on tasks a-b only, by leave-one-out accuracy within a-b (thresholds
re-tuned in each fold): ordinal thresholds on one document-level feature of
answer vs source (word n-gram containment n=1..5, word LCS over answer
length, words kept in source order inside aligned passages), ``exact_share``
for cut plus one or two such features for light, and small Naive Bayes /
logistic models on C&S's features (containment n=1..5 + LCS). None was
clearly better than this mapping (a-b leave-one-out 0.66-0.82 against this
mapping's 0.79, standard error about 0.06; repeated half splits of a-b put
the best ones within 0.01 of it). By the one-standard-error rule (fewest
thresholds within one standard error of the best, then the best
leave-one-out) the two-threshold mapping of :func:`classify_runs` (cut by
``exact_share``, light by :func:`run_share`) was chosen and then run once on
tasks c-e: it did worse there than this mapping (see ``tried``), so this
mapping, fixed and measured on c-e before that work, is kept. Keeping it was
decided after seeing the tried mapping's c-e figure; no threshold or feature
was picked on c-e.

    python bench/eval_clough.py --cache /tmp/unspun-emb     # table + bench/results/clough.json

Figures: ``accuracy`` is the 4-class accuracy; ``binary`` treats cut, light
and heavy as reused and ``non`` as independent (precision, recall, F1);
``non_false_positives`` lists the independent answers that unspun relates to
the source at all, the error that matters most ("don't call two independent
reports a rewrite").
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

from datasets import cached_sentences, clough_stevenson  # noqa: E402

from unspun.align.align import AlignOptions, Sentences, align_pair, sharing  # noqa: E402
from unspun.align.features import tokens  # noqa: E402
from unspun.relate.kind import KindRules, relation_kind  # noqa: E402

CLASSES = ("cut", "light", "heavy", "non")
TRAIN_TASKS = "ab"
TEST_TASKS = "cde"
RESULT = os.path.join(os.path.dirname(__file__), "results", "clough.json")
COMMAND = "python bench/eval_clough.py --cache /tmp/unspun-emb"


@dataclass(frozen=True, slots=True)
class Mapping:
    """Thresholds of :func:`classify` (tuned on tasks a-b by :func:`tune`)."""

    cut: float = 0.40
    """An answer is ``cut`` when at least this share of its aligned text is near-verbatim (``Sharing.exact_share``)."""
    light_edited: float = 0.68
    """... else ``light`` when at least this share of its aligned text is in exact or edited passages ..."""
    light_score: float = 0.87
    """... or when its passages' mean score is at least this; otherwise ``heavy``."""


@dataclass(frozen=True, slots=True)
class RunMapping:
    """Thresholds of :func:`classify_runs`, the tried alternative (tuned on tasks a-b by :func:`tune_runs`)."""

    cut: float = 0.30
    """``cut`` when at least this share of the aligned text is near-verbatim (``Sharing.exact_share``) ..."""
    light_runs: float = 0.18
    """... else ``light`` when at least this share of the answer's words lie in 5-word runs found in the source
    (:func:`run_share`); otherwise ``heavy``."""


@dataclass(slots=True)
class Row:
    """What unspun says of one answer against its source."""

    file: str
    task: str
    label: str
    kind: str | None
    """``relation_kind`` of the pair: None means unrelated (independent)."""
    exact_share: float
    edited_share: float
    """Share of the answer's aligned characters in ``exact`` or ``edited`` passages (any edit similarity)."""
    mean_score: float
    """Mean score of the aligned passages (1 exact, edit similarity for edited, judge similarity for paraphrase)."""
    run_share: float
    """Share of the answer's words inside a run of :data:`RUN_WORDS` words that also occurs in the source."""
    coverage_answer: float
    coverage_source: float
    longest_run: int
    passages: int


RUN_WORDS = 5


def run_share(answer: str, source: str, n: int = RUN_WORDS) -> float:
    """Share of ``answer``'s words that lie inside a run of ``n`` consecutive words also found in ``source``.

    Word n-gram containment (Clough & Stevenson 2011) counted on the answer's
    words rather than on distinct n-grams; tokens are the aligner's
    (:func:`unspun.align.features.tokens`). A light revision keeps stretches of
    the source's wording between swapped words; a heavy one rarely keeps five
    words in a row.
    """
    a, b = tokens(answer), tokens(source)
    grams = {b[i:i + n] for i in range(len(b) - n + 1)}
    kept = [False] * len(a)
    for i in range(len(a) - n + 1):
        if a[i:i + n] in grams:
            kept[i:i + n] = [True] * n
    return sum(kept) / max(len(a), 1)


def classify(kind: str | None, exact_share: float, edited_share: float, mean_score: float,
             m: Mapping = Mapping()) -> str:
    """Map unspun's relation of an answer to its source onto C&S's classes.

    - ``non``: unspun finds no relation (``relation_kind`` is None);
    - ``cut``: a relation whose aligned text is mostly near-verbatim (``exact_share >= m.cut``);
    - ``light``: otherwise, when much of the aligned text stays exact or word-edited
      (``edited_share >= m.light_edited``) or the passages are close paraphrases
      (``mean_score >= m.light_score``);
    - ``heavy``: the rest (paraphrase passages of middling similarity).
    """
    if kind is None:
        return "non"
    if exact_share >= m.cut:
        return "cut"
    if edited_share >= m.light_edited or mean_score >= m.light_score:
        return "light"
    return "heavy"


def classify_runs(kind: str | None, exact_share: float, run_share: float, m: RunMapping = RunMapping()) -> str:
    """The tried alternative: ``non`` and ``cut`` as :func:`classify`; ``light`` when a good share of the
    answer's words still lie in 5-word runs of the source's wording (``run_share >= m.light_runs``), else
    ``heavy``."""
    if kind is None:
        return "non"
    if exact_share >= m.cut:
        return "cut"
    if run_share >= m.light_runs:
        return "light"
    return "heavy"


def _sentences(text: str, cache: str | None) -> Sentences:
    return cached_sentences(text, cache, "clough", normalize=True)


def prepare(cache: str | None = None) -> tuple[dict[str, Sentences], list[tuple[str, str, str, Sentences]]]:
    """Sources by task and answers as ``(file, task, label, sentences)``, with sentence embeddings."""
    sources, answers = clough_stevenson()
    src = {t: _sentences(text, cache) for t, text in sources.items()}
    return src, [(f, t, c, _sentences(text, cache)) for f, t, c, text in answers]


def rows(prepared, options: AlignOptions = AlignOptions(), rules: KindRules = KindRules()) -> list[Row]:
    """Run the pipeline's align-and-relate path on each answer against its source."""
    src, answers = prepared
    out = []
    for f, t, c, a in answers:
        b = src[t]
        ps = align_pair(a, b, options)
        s = sharing(a, b, ps, options)
        aligned = sum(p.a.end - p.a.start for p in ps)
        edited = sum(p.a.end - p.a.start for p in ps if p.type in ("exact", "edited"))
        scores = [p.score for p in ps if p.score == p.score]  # NaN-safe
        out.append(Row(f, t, c, relation_kind(s, None, rules), s.exact_share, edited / max(aligned, 1),
                       float(np.mean(scores)) if scores else 0.0, run_share(a.text, b.text), s.coverage_a,
                       s.coverage_b, s.longest_run, s.passages))
    return out


def predict(rs: list[Row], m: Mapping | RunMapping) -> list[str]:
    if isinstance(m, RunMapping):
        return [classify_runs(r.kind, r.exact_share, r.run_share, m) for r in rs]
    return [classify(r.kind, r.exact_share, r.edited_share, r.mean_score, m) for r in rs]


def _nearest_middle(best: list, pts: np.ndarray):
    mid = np.median(pts, axis=0)
    span = np.maximum(pts.max(axis=0) - pts.min(axis=0), 1e-9)
    return best[int(np.argmin((((pts - mid) / span) ** 2).sum(axis=1)))]


def tune_runs(rs: list[Row]) -> RunMapping:
    """:func:`tune` for the tried :class:`RunMapping` (both thresholds on a 0.02 grid from 0 to 1)."""
    grid = np.round(np.arange(0.0, 1.0001, 0.02), 2)
    none = np.array([r.kind is None for r in rs])
    ex, run = (np.array([getattr(r, k) for r in rs]) for k in ("exact_share", "run_share"))
    label = np.array([r.label for r in rs])
    cut = ~none & (ex >= grid[:, None, None])                                            # (G, 1, N)
    light = ~none & ~cut & (run >= grid[None, :, None])                                  # (G, G, N)
    heavy = ~none & ~cut & ~light
    correct = ((none & (label == "non")) | (cut & (label == "cut")) | (light & (label == "light"))
               | (heavy & (label == "heavy")))
    accs = correct.mean(axis=-1).ravel()
    cands = [RunMapping(float(c), float(r)) for c in grid for r in grid]
    best = [m for m, a in zip(cands, accs) if a >= accs.max() - 1e-12]
    return _nearest_middle(best, np.array([[m.cut, m.light_runs] for m in best]))


def tune(rs: list[Row]) -> Mapping:
    """The mapping with the best 4-class accuracy on ``rs``; among ties, the one nearest the plateau's middle."""
    grid_cut = np.round(np.arange(0.30, 1.0001, 0.02), 2)
    grid_edit = np.round(np.arange(0.10, 1.0001, 0.02), 2)
    grid_score = np.round(np.arange(0.70, 1.0001, 0.01), 2)
    none = np.array([r.kind is None for r in rs])
    ex, ed, ms = (np.array([getattr(r, k) for r in rs]) for k in ("exact_share", "edited_share", "mean_score"))
    label = np.array([r.label for r in rs])
    cut = ~none & (ex >= grid_cut[:, None, None, None])                                  # (C, 1, 1, N)
    light = ~none & ~cut & ((ed >= grid_edit[None, :, None, None]) | (ms >= grid_score[None, None, :, None]))
    heavy = ~none & ~cut & ~light
    correct = ((none & (label == "non")) | (cut & (label == "cut")) | (light & (label == "light"))
               | (heavy & (label == "heavy")))
    accs = correct.mean(axis=-1).ravel()
    cands = [Mapping(float(c), float(e), float(s)) for c in grid_cut for e in grid_edit for s in grid_score]
    best = [m for m, a in zip(cands, accs) if a >= accs.max() - 1e-12]
    return _nearest_middle(best, np.array([[m.cut, m.light_edited, m.light_score] for m in best]))


def loo_accuracy(rs: list[Row], fit=tune) -> float:
    """Leave-one-out 4-class accuracy of a mapping design on ``rs`` (thresholds re-tuned without each answer)."""
    return float(np.mean([predict([r], fit(rs[:i] + rs[i + 1:]))[0] == r.label for i, r in enumerate(rs)]))


def metrics(rs: list[Row], m: Mapping | RunMapping) -> dict:
    """Accuracy, confusion matrix, binary reused-vs-independent figures and the independent answers called reuse."""
    preds = predict(rs, m)
    confusion = {t: {p: 0 for p in CLASSES} for t in CLASSES}
    for r, p in zip(rs, preds):
        confusion[r.label][p] += 1
    tp = sum(r.label != "non" and p != "non" for r, p in zip(rs, preds))
    fp = sum(r.label == "non" and p != "non" for r, p in zip(rs, preds))
    fn = sum(r.label != "non" and p == "non" for r, p in zip(rs, preds))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "answers": len(rs),
        "accuracy": round(float(np.mean([p == r.label for r, p in zip(rs, preds)])), 4),
        "confusion": {"rows": "true class", "columns": "predicted", **confusion},
        "binary": {"precision": round(prec, 4), "recall": round(rec, 4),
                   "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
                   "tp": tp, "fp": fp, "fn": fn},
        "non_false_positives": [f"{r.file} ({r.kind})" for r, p in zip(rs, preds) if r.label == "non" and p != "non"],
        "reuse_missed": [f"{r.file} ({r.label})" for r, p in zip(rs, preds) if r.label != "non" and p == "non"],
        "relation_kinds": {c: _count([r.kind or "none" for r in rs if r.label == c]) for c in CLASSES},
    }


def _count(xs: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return dict(sorted(out.items()))


def evaluate(prepared, options: AlignOptions = AlignOptions(), rules: KindRules = KindRules(),
             fit=tune, rs: list[Row] | None = None) -> dict:
    """Tune the mapping on tasks a-b (``fit``: :func:`tune`, or :func:`tune_runs` for the tried one), report train,
    held-out test (c-e) and all."""
    rs = rows(prepared, options, rules) if rs is None else rs
    train = [r for r in rs if r.task in TRAIN_TASKS]
    test = [r for r in rs if r.task in TEST_TASKS]
    m = fit(train)
    return {
        "mapping": dataclasses.asdict(m),
        "splits": {"train (tasks a-b, tuned on)": metrics(train, m), "test (tasks c-e, held out)": metrics(test, m),
                   "all (tasks a-e)": metrics(rs, m)},
        "rows": [dataclasses.asdict(r) | {"predicted": p} for r, p in zip(rs, predict(rs, m))],
    }


def _table(result: dict) -> str:
    lines = [f"{'split':28} {'n':>3} {'acc4':>6} {'P':>6} {'R':>6} {'F1':>6} {'non FP':>6}"]
    for name, s in result["splits"].items():
        b = s["binary"]
        lines.append(f"{name:28} {s['answers']:>3} {s['accuracy']:>6.3f} {b['precision']:>6.3f} {b['recall']:>6.3f} "
                     f"{b['f1']:>6.3f} {b['fp']:>6}")
    conf = result["splits"]["test (tasks c-e, held out)"]["confusion"]
    lines.append("test confusion (rows true, columns predicted): " + "  ".join(CLASSES))
    lines += [f"  {t:6} " + " ".join(f"{conf[t][p]:>5}" for p in CLASSES) for t in CLASSES]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", help="folder keeping sentence embeddings between runs")
    ap.add_argument("--out", default=RESULT)
    args = ap.parse_args()
    t0 = time.time()
    prepared = prepare(args.cache)
    rs = rows(prepared)
    result = evaluate(prepared, rs=rs)
    tried = evaluate(prepared, fit=tune_runs, rs=rs)
    train = [r for r in rs if r.task in TRAIN_TASKS]
    for res, fit in ((result, tune), (tried, tune_runs)):
        res["train_loo_accuracy"] = round(loo_accuracy(train, fit), 4)
    before = evaluate(prepared, AlignOptions(run_gap=2))
    print(_table(result))
    print(f"mapping (tuned on tasks a-b): {result['mapping']}; a-b leave-one-out accuracy "
          f"{result['train_loo_accuracy']:.3f}")

    def brief(r: dict) -> str:
        return ", ".join(f"{k.split(' ')[0]} acc {v['accuracy']:.3f} F1 {v['binary']['f1']:.3f}"
                         for k, v in r["splits"].items())

    print(f"tried: classify_runs {tried['mapping']} (a-b leave-one-out {tried['train_loo_accuracy']:.3f}): "
          + brief(tried))
    print("before (AlignOptions.run_gap=2): " + brief(before))
    out = {
        "dataset": "clough_stevenson_short_answers (95 answers, each aligned against its task's orig_task*.txt)",
        "command": COMMAND,
        "protocol": ("no official split: mapping thresholds (and the AlignOptions.run_gap default) chosen on tasks "
                     "a-b only; tasks c-e are the held-out test; all five tasks also reported"),
        "classes": "cut, light, heavy, non; binary: reused (cut/light/heavy) vs independent (non)",
        "mapping_rule": classify.__doc__,
        "align_options": dataclasses.asdict(AlignOptions()),
        "kind_rules": dataclasses.asdict(KindRules()),
        **result,
        "tried": {"change": ("classify_runs instead of classify: cut by exact_share, light by run_share (share of the "
                             "answer's words in 5-word runs found in the source); chosen among ~40 designs on a-b "
                             "(leave-one-out within a-b, one-standard-error rule), thresholds tuned on a-b, then run "
                             "once on c-e; not kept (worse on c-e than the mapping above)"),
                  "mapping": tried["mapping"], "train_loo_accuracy": tried["train_loo_accuracy"],
                  "splits": {k: {"accuracy": v["accuracy"], "confusion": v["confusion"],
                                 "binary": v["binary"]} for k, v in tried["splits"].items()}},
        "before": {"change": "AlignOptions.run_gap 2 (old default) instead of 4",
                   "mapping": before["mapping"],
                   "splits": {k: {"accuracy": v["accuracy"], "binary": v["binary"],
                                  "non_false_positives": v["non_false_positives"]}
                              for k, v in before["splits"].items()}},
        "seconds": round(time.time() - t0, 1),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
