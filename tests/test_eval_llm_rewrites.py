"""Evaluation gate: HAND-WRITTEN LLM-style rewrites and independent reports (bench/data/llm_rewrites).

``python bench/eval_llm_rewrites.py`` analyses each of the ten families (an original, a rewrite of it that keeps
every quotation and rewords the rest, an independent report quoting two or three of the same sentences) and
reads the relations back (bench/results/llm_rewrites.json). Pinned at what was measured on 2026-12-03: 9 of 10
rewrites called ``rewrite`` (the tenth, a heavy rewrite, ``partial``), no independent pair called reuse.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

REWRITES_CALLED_REWRITE = 9
"""Of 10 (measured; without the gap search also 9, at lower coverage: the gate on coverage below is what holds it)."""


@pytest.mark.slow
def test_eval_llm_rewrites_found_and_independent_reports_left_alone():
    from eval_llm_rewrites import evaluate

    result = evaluate()
    assert result["rewrite_pairs"] == 10 and result["independent_pairs"] == 20
    assert result["rewrite_found_as_rewrite"] >= REWRITES_CALLED_REWRITE, result["rewrite_kinds"]
    assert result["rewrite_found_as_reuse"] == 10, result["rewrite_kinds"]
    assert result["independent_called_reuse"] == 0, [p for p in result["pairs"]
                                                     if p["label"] == "independent" and p["kind"]]
    # every rewrite's coverage at least what was recorded, less a little
    recorded = json.loads((REPO / "bench" / "results" / "llm_rewrites.json").read_text("utf-8"))
    cover = {(p["family"], p["a"], p["b"]): p["coverage"] for p in recorded["pairs"]}
    for p in result["pairs"]:
        if p["label"] == "rewrite":
            assert p["coverage"] >= cover[(p["family"], p["a"], p["b"])] - 0.05, p
