"""One long sentence lifted word for word from a long article into another one: a candidate pair, related as
``partial`` with that one passage; a shared quotation or a short stock sentence is not (weak evidence)."""

from __future__ import annotations

import pytest

from unspun.config import FingerprintOptions, Options
from unspun.lookup import CheckOptions, check
from unspun.pipeline import analyze
from unspun.store import open_store

from conftest import DEMO

ORIGINAL = (DEMO / "texts" / "original.txt").read_text("utf-8").split("\n\n", 1)[1]
"""The demo's flood-barrier story (about 450 words), its body (no header lines of metadata)."""
COMET = (DEMO / "texts" / "unrelated.txt").read_text("utf-8").split("\n\n", 1)[1].replace(
    "LINDEN FALLS, Northvale, March 14 — ", "")
"""A story about a comet (about 480 words) that shares no text with it (its dateline, which the aligner pairs with
the other's as an edited passage, taken out: the lifted sentence is all they share)."""
LIFTED = ("The floods of November 2022 forced 4,300 residents from their homes, closed the Port Calder container "
          "terminal for nine days and caused an estimated $95 million in damage, according to figures presented at "
          "the summit.")
"""A sentence of ORIGINAL, 35 words of the writer's own (21 content words)."""
QUOTED = ('"We can\'t keep rebuilding the same streets every winter and calling it resilience," Mayor Elena Ruiz of '
          'Port Calder, who hosted the summit, told reporters.')
STOCK = "Construction is due to begin in April 2025 and finish by the end of 2029."


def _with(sentence: str) -> str:
    paras = COMET.split("\n\n")
    return "\n\n".join([*paras[:5], sentence, *paras[5:]])


@pytest.mark.parametrize("sentence", [LIFTED, QUOTED, STOCK], ids=["lifted", "quoted", "stock"])
def test_lifted_sentence_is_a_partial_candidate(tmp_path, sentence):
    assert sentence in ORIGINAL
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL, "utf-8")
    (folder / "comet.txt").write_text(_with(sentence), "utf-8")
    options = Options(fingerprint=FingerprintOptions(embed=False))
    with open_store(tmp_path / "s.db") as store:
        found = analyze(store, [str(folder)], options).candidates
        relations = [r for r in store.relations() if not isinstance(r, tuple)]
        if sentence is LIFTED:
            assert found == 1
            (r,) = relations
            assert r.kind == "partial"
            (p,) = r.passages  # that one sentence, at its offsets on both sides
            names = {a["id"]: a["path"].rsplit("/", 1)[-1] for a in store.article_summaries()}
            texts = {names[a.id]: a.text for a in store.articles()}
            for name, span in ((names[r.a], p.a), (names[r.b], p.b)):
                assert texts[name][span.start:span.end].strip() == LIFTED
        else:  # one shared quotation or stock sentence: weak evidence, no relation (a long quotation shares enough
            # runs of content words to make a candidate pair, which the alignment then finds weak)
            assert found <= (sentence is QUOTED) and relations == []
    # ``check`` of the comet story against a store holding the original says the same
    with open_store(tmp_path / "o.db") as store:
        analyze(store, [str(folder / "original.txt")], options)
        text = _with(sentence)
        matches = check(store, text, options=CheckOptions(fingerprint=FingerprintOptions(embed=False)))
        if sentence is LIFTED:
            (m,) = matches
            assert m.kind == "partial"
            (mp,) = m.passages
            assert text[mp.text[0]:mp.text[1]].strip() == LIFTED
        else:
            assert matches == []


def test_lifted_sentence_is_no_relation_within_one_site():
    """One long sentence that a site repeats on two of its pages (an editor's note, a writer's biography) is its
    own boilerplate: ``partial`` only between two sites (or where a site is not known)."""
    from unspun.records import Passage, Span
    from unspun.relate import relate_pair
    from unspun.relate.direction import Side
    from unspun.relate.kind import Sharing, relation_kind

    one = Sharing(0.04, 0.04, 1.0, 1, 1, 1, 1.0, 0, 1)
    assert relation_kind(one) == "partial"
    assert relation_kind(Sharing(0.04, 0.04, 1.0, 1, 1, 1, 1.0, 0, 0)) is None  # not long: weak evidence
    p = (Passage(Span(0, 10), Span(0, 10), "exact", 1.0),)
    for site_a, site_b, kind in (("Gazette", "Ledger", "partial"), ("Gazette", "gazette", None),
                                 (None, "Gazette", "partial")):
        r = relate_pair("a", "b", Side("x" * 300, site=site_a), Side("y" * 300, site=site_b), p, one)
        assert (r.kind if r else None) == kind


LEAD = ("Leaders of eleven towns along the Aven estuary agreed on Thursday to a $240 million plan to build tidal gates "
        "and raise 38 kilometres of embankments, the first joint flood-defence project in the region's history.")
"""ORIGINAL's lead sentence without its dateline (``PORT CALDER, Lower Marren, March 14 (Harbor Wire) — ``), as a
blog lifts it: the copy's sentence is a run of the words of the original's, not all of them."""


def test_lead_lifted_without_its_dateline_is_a_partial():
    """QA: a lead sentence lifted word for word minus the dateline it opened with was aligned as an ``edited``
    passage below the near-verbatim bar, so no long lifted sentence: ``check`` found nothing and ``analyze`` called
    the pair ``same_story`` (with the dateline kept, ``partial``)."""
    from unspun.align.align import AlignOptions, Sentences, align_pair, sharing
    from unspun.relate.kind import relation_kind
    from unspun.segment import segment

    assert LEAD in ORIGINAL and not ORIGINAL.startswith(LEAD)
    copy = _with(LEAD)
    a, b = (Sentences(t, tuple(segment(t)[1])) for t in (ORIGINAL, copy))
    passages = align_pair(a, b, AlignOptions())
    s = sharing(a, b, passages)
    assert s.long_passages == 1
    assert relation_kind(s) == "partial"
