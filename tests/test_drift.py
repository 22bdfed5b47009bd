"""Direction from wording drift: the side that breaks stock news phrases is the copy; both sides: siblings."""

from __future__ import annotations

from unspun.records import Passage, Span
from unspun.relate import Sharing, Side, relate_pair
from unspun.relate.direction import direction
from unspun.relate.drift import Drift, DriftOptions, drift

ORIGINAL = ("The ruling on health care and national security came on Monday, with interest rates steady. "
            "At a press conference, the minister said foreign policy and climate change were on the campaign trail. "
            "Peace talks with world leaders followed, and tax returns were released by the federal government.")
# two independent spins of ORIGINAL, each swapping other words
SPIN_1 = ("The ruling on health attention and national security came on Monday, with interest charges steady. "
          "At a press meeting, the minister said foreign policy and climate change were on the campaign trail. "
          "Peace negotiations with world leaders followed, and tax returns were released by the federal government.")
SPIN_2 = ("The ruling on health care and national safety came on Monday, with interest rates steady. "
          "At a press conference, the minister said foreign strategy and climate alteration were on the campaign path. "
          "Peace talks with world frontrunners followed, and tax yields were released by the federal administration.")


def _whole(a: str, b: str) -> list[Passage]:
    return [Passage(Span(0, len(a)), Span(0, len(b)), "edited", 0.8)]


def test_drift_finds_the_side_that_breaks_stock_phrases():
    d = drift(ORIGINAL, SPIN_1, _whole(ORIGINAL, SPIN_1))
    assert d.a == ()
    assert ("charges", "rates") in d.b and ("meeting", "conference") in d.b and len(d.b) == 4
    assert d.drifted() == "b" and not d.siblings()
    reverse = drift(SPIN_1, ORIGINAL, _whole(SPIN_1, ORIGINAL))
    assert reverse.drifted() == "a" and len(reverse.a) == 4


def test_drift_of_two_spins_is_siblings():
    d = drift(SPIN_1, SPIN_2, _whole(SPIN_1, SPIN_2))
    assert len(d.a) == 4 and len(d.b) >= 5
    assert d.siblings() and d.drifted() is None
    assert not d.siblings(DriftOptions(min_each=5))  # the thresholds matter


def test_drift_ignores_exact_passages_inflections_and_names():
    a, b = "Officials said health care costs rose.", "Officials said health cares costs rose."
    assert drift(a, b, _whole(a, b)) == Drift()
    assert drift(ORIGINAL, SPIN_1, [Passage(Span(0, 10), Span(0, 10), "exact", 1.0)]) == Drift()
    a, b = "Senator Smith met the press on Monday.", "Senator Jones met the press on Monday."
    assert drift(a, b, _whole(a, b)) == Drift()
    # news writes "President Obama" far more than "President Biden": still a name for a name, not a synonym
    a = "They met Hillary Clinton and President Obama on health care."
    b = "They met Hillary Rodham and President Biden on health attention."
    assert drift(a, b, _whole(a, b)) == Drift((), (("attention", "care"),))


# a spun sentence of PolNeAR dev against its original: difflib pairs the words differently in each order
SPUN = ("Perhaps go a stride further , and ask would you poll for an African American or Hispanic, ban or man, "
        "who said and did the same clothes as  Trump.")
KEPT = ("Perhaps go a step further, and ask would you vote for an African American or Hispanic, man or woman, "
        "who said and did the same things as  Trump.")


def test_drift_is_the_same_whichever_side_is_a():
    """Before, A = the spin found ('ban', 'man') among its swaps and A = the original did not."""
    forward, backward = drift(SPUN, KEPT, _whole(SPUN, KEPT)), drift(KEPT, SPUN, _whole(KEPT, SPUN))
    assert forward.b == backward.a == () and ("stride", "step") in forward.a
    assert sorted(forward.a) == sorted(backward.b)


def test_direction_uses_drift_and_reports_it():
    d = direction(Side(ORIGINAL), Side(SPIN_1), 0.95, 0.95, drift(ORIGINAL, SPIN_1, _whole(ORIGINAL, SPIN_1)))
    assert d.direction == "a->b" and any("B breaks stock news phrases" in e for e in d.evidence)
    d = direction(Side(SPIN_1), Side(SPIN_2), 0.95, 0.95, drift(SPIN_1, SPIN_2, _whole(SPIN_1, SPIN_2)))
    assert d.direction == "common" and d.confidence >= 0.5 and "both derive" in d.evidence[0]
    assert direction(Side(SPIN_1), Side(SPIN_2), 0.95, 0.95).direction == "unknown"  # the texts alone, before
    dated = direction(Side(SPIN_1, "2024-05-01"), Side(SPIN_2, "2024-05-03"), 0.95, 0.95,
                      drift(SPIN_1, SPIN_2, _whole(SPIN_1, SPIN_2)))
    assert dated.direction == "a->b"  # dates that point one way outweigh the drift on both sides


def test_relate_pair_calls_two_spins_of_an_absent_original_common():
    rel = relate_pair("s1", "s2", Side(SPIN_1), Side(SPIN_2), _whole(SPIN_1, SPIN_2), Sharing(0.95, 0.95, 0.4, 3, 3))
    assert rel.kind == "rewrite" and rel.direction == "common"
    rel = relate_pair("o", "s1", Side(ORIGINAL), Side(SPIN_1), _whole(ORIGINAL, SPIN_1), Sharing(0.95, 0.95, 0.4, 3, 3))
    assert rel.direction == "a->b" and ("rates", "charges") in {(x.lower(), y.lower()) for x, y in rel.diff}
