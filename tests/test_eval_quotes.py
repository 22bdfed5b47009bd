"""Evaluation gate of unspun.quotes on PolNeAR (shared/datasets/polnear).

Floors are the measured test figures (bench/results/quotes.json, ``python
bench/eval_quotes.py``) less 0.005, written here rather than read from the
file so that rerunning the bench never lowers them. Everything was tuned on
train and dev; the definitions (gold direct quotations, matching, speaker
correctness) are in bench/eval_quotes.py's docstring. The whole test split
takes about a second.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

SLACK = 0.005
RESULTS = REPO / "bench" / "results"
TEST = {
    ("overlap", "f1"): 0.9167,
    ("overlap", "precision"): 0.9298,
    ("overlap", "recall"): 0.9041,
    ("exact", "f1"): 0.8700,
    ("overlap_strict", "f1"): 0.8362,
    ("speaker", "accuracy"): 0.8750,
}
"""PolNeAR test split, 84 articles, 542 gold direct quotations (2026-12-04: exact F1 0.8716 -> 0.8700 after six fixes
chosen on train/dev errors that raised train 0.9161 -> 0.9213 and dev 0.9158 -> 0.9185; see bench/eval_quotes.py)."""


@pytest.fixture(scope="module")
def test_split(datasets):
    from eval_quotes import evaluate

    return evaluate("test")


def test_eval_quotes_polnear_test_floors(test_split):
    assert test_split["articles"] == 84 and test_split["gold_quotes"] == 542
    for (block, key), measured in TEST.items():
        assert test_split[block][key] >= measured - SLACK, (block, key, test_split[block][key], measured)


def test_eval_quotes_issue_goals(test_split):
    """The issue's goals: content F1 >= 0.90 (at half overlap) and speaker accuracy >= 0.85."""
    assert test_split["overlap"]["f1"] >= 0.90
    assert test_split["speaker"]["accuracy"] >= 0.85


def test_eval_quotes_gold_definition(datasets):
    """The gold side: quoted characters and direct quotations as documented, on one real article."""
    from eval_quotes import load, quoted_mask

    text = 'He said "we will win" and \u201cthey will lose.\u201d\n\nThen "an open one'
    mask = quoted_mask(text)
    assert "".join(c for c, m in zip(text, mask) if m) == "we will winthey will lose.an open one"
    articles = load("dev")
    assert len(articles) == 84
    assert all(a.text[g.start : g.end].strip() == a.text[g.start : g.end] for a in articles for g in a.gold)


def test_eval_quotes_floors_match_recorded_results():
    """The floors are the published figures: a bench rerun that moves them must update both."""
    recorded = json.loads((RESULTS / "quotes.json").read_text("utf-8"))
    assert recorded["tuned_on"] == "train and dev only"
    for (block, key), measured in TEST.items():
        assert recorded["test"][block][key] == pytest.approx(measured, abs=1e-4), (block, key)


def test_eval_quotes_reversed_closing_mark_closes():
    """A ``“`` typed where ``”`` belongs (after a word, before a space) closes the quotation on the gold side."""
    from eval_quotes import quoted_mask

    text = "“It is unusual,“ said Noble. “Rare.” Then “an open one"
    mask = quoted_mask(text)
    assert "".join(c for c, m in zip(text, mask) if m) == "It is unusual,Rare.an open one"


AGREEMENT = {"annotator_vs_annotator": 0.9589, "unspun_vs_each_annotator": 0.9043}
"""Exact-span F1 on the 18 train/dev articles that several annotators annotated: the annotators scored against
each other, and ``extract_quotes`` against each of them (the gap is the extractor's, not the annotators')."""


def test_eval_quotes_annotator_agreement(datasets):
    from eval_quotes import agreement

    got = agreement()
    assert got["articles"] == 18 and got["annotations"] == 107
    assert got["annotator_vs_annotator"]["exact"]["f1"] == pytest.approx(AGREEMENT["annotator_vs_annotator"], abs=1e-4)
    assert got["unspun_vs_each_annotator"]["exact"]["f1"] >= AGREEMENT["unspun_vs_each_annotator"] - SLACK
    recorded = json.loads((RESULTS / "quotes.json").read_text("utf-8"))["agreement"]
    for name, f1 in AGREEMENT.items():
        assert recorded[name]["exact"]["f1"] == pytest.approx(f1, abs=1e-4), name
