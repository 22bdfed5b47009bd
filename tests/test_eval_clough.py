"""Evaluation gate: Clough & Stevenson reuse classification, pinned at what was measured.

Runs the pipeline's align-and-relate path on all 95 answers against their
sources (``bench/eval_clough.py``), tunes the class mapping on tasks a-b and
checks the held-out tasks c-e. Figures from ``python bench/eval_clough.py
--cache /tmp/unspun-emb`` (bench/results/clough.json); floors are the measured
values minus 0.005 (less than one answer of 57).
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

# Measured on tasks c-e (held out) and a-b (tuned on), bench/results/clough.json. 0.772 until 2026-12-03, when
# the aligner began to search the gaps of an ordered alignment at a lower bar (AlignOptions.gap_paraphrase, chosen
# on the hand-written LLM rewrites and PolNeAR dev, nothing of C&S): on c-e one light revision gained a loose
# paraphrase passage, and its mean passage score fell under the mapping's light threshold (a-b unchanged).
TEST_ACCURACY = 0.754
TEST_BINARY_F1 = 0.958
TRAIN_ACCURACY = 0.868


@pytest.mark.slow
def test_eval_gate_clough_stevenson(datasets):
    from eval_clough import evaluate, prepare

    result = evaluate(prepare())
    test = result["splits"]["test (tasks c-e, held out)"]
    assert test["accuracy"] >= TEST_ACCURACY - 0.005, test
    assert test["binary"]["f1"] >= TEST_BINARY_F1 - 0.005, test["binary"]
    assert result["splits"]["train (tasks a-b, tuned on)"]["accuracy"] >= TRAIN_ACCURACY - 0.005
    # Independent answers on the same topic are never called reuse.
    for name, split in result["splits"].items():
        assert split["non_false_positives"] == [], (name, split["non_false_positives"])
        assert split["binary"]["precision"] == 1.0, (name, split["binary"])
