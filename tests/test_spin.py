"""Spin detection: each flag kind with its exact span, clean text left alone, verdicts on handmade pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DEMO
from unspun.records import Passage, Quote, Relation, Span
from unspun.spin import (
    Lexicon, SpinOptions, VerdictOptions, altered_quotes, article_spin, default_lexicon, rewrite_spin, spin_flags)
from unspun.spin.verdict import judge_pair
from unspun.spin.flags import kind_rates, name_variant_flags, residue_flags, score_flags
from unspun.spin.lexicon import build, load, save, word_pairs
from unspun.spin.verdict import evidence, quotes_kept

# A small lexicon, so that the collocation tests do not depend on the shipped counts.
LEX = Lexicon(
    words={"party": 500, "leaders": 300, "prime": 100, "minister": 120, "priest": 10, "met": 200, "the": 5000,
           "spoke": 50, "campaigns": 70, "peace": 80, "lasting": 30, "green": 60, "on": 3000, "tuesday": 90},
    pairs={("party", "leaders"): 40, ("prime", "minister"): 90, ("prime", "time"): 5, ("lasting", "peace"): 25,
           ("the", "prime"): 60, ("leaders", "met"): 8, ("priest", "spoke"): 2, ("green", "party"): 4},
)


def _at(text: str, sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start, start + len(sub))


@pytest.mark.parametrize("text, residue", [
    ("The council has n't paid the contractor yet.", " n't"),
    ("The plan will cost $ 240 million over five years.", "$ 2"),
    ("Turnout rose 5 % on the last election.", " %"),
    ("The mayor said , without notes, that work would start.", " ,"),
])
def test_spin_residue_flag_spans(text, residue):
    flags = residue_flags(text)
    assert [(f.kind, f.span) for f in flags] == [("residue", _at(text, residue))]
    assert [f.span for f in article_spin(text).flags if f.kind == "residue"] == [_at(text, residue)]
    # the note quotes the span with the whole word it follows (found by QA: "s n't" for a span " n't")
    quoted = flags[0].note.split("stray space in ")[1][1:-1]
    assert residue in quoted and quoted in text and (quoted[0] == residue[0] or quoted[0].isalnum())
    assert quoted == {" n't": "has n't", "$ 2": "$ 240", " %": "5 %", " ,": "said ,"}[residue]


@pytest.mark.parametrize("text", [
    "The council hasn't paid the contractor yet.", "The plan will cost $240 million, officials said.",
    "Turnout rose 5% on the last election (the highest since 1990).",
])
def test_spin_residue_not_in_edited_text(text):
    assert residue_flags(text) == []


@pytest.mark.parametrize("text, wrong, n", [
    ("President Xi Jinping arrived on Monday. Jinping met the premier. Later Jingping spoke.", "Jingping", 0),
    ("Volodymyr Zelensky spoke. Zelensky said the talks had failed. Aides to Zelenskyy agreed.", "Zelenskyy", 0),
    ("Senator Schneiderman voted no. Schneiderman said so. Scheiderman later changed course.", "Scheiderman", 0),
])
def test_spin_name_variant_flags_the_rarer_spelling(text, wrong, n):
    flags = [f for f in spin_flags(text, lexicon=LEX) if f.kind == "name_variant"]
    assert [f.span for f in flags] == [_at(text, wrong, n)]
    assert wrong in flags[0].note


@pytest.mark.parametrize("text", [
    "Russia said the Russian army would leave.",                   # a derived form, not a misspelling
    "Clinton spoke. The Clintons left. Clinton returned.",          # a plural
    "Adriana met Ariana in Paris.",                                 # two names seen once each
    "Zelensky spoke. Zelensky left.",                               # one spelling only
    "Saint Denis is near Paris. Spain and Spain again.",            # two edits apart (one deletion each)
    "Penny spoke. Penny left. Kenny stayed.",                       # another first letter: another name
    "James spoke. James left. Jamie stayed.",                       # two edits apart
    "Qatar said a Qatari envoy would go. Qatar paid.",             # a demonym, not a misspelling
])
def test_spin_name_variant_not_flagged(text):
    assert name_variant_flags(text, LEX) == []


def test_spin_rare_synonym_flag_span_and_note():
    text = "The party frontrunners met on Tuesday."
    flags = [f for f in spin_flags(text, lexicon=LEX) if f.kind == "rare_synonym"]
    assert [f.span for f in flags] == [_at(text, "party frontrunners met")]
    assert "'frontrunners' is rare in news" in flags[0].note


def test_spin_rare_synonym_not_for_a_word_the_article_is_about():
    # a rare word that recurs (same Snowball stem) is the article's topic, not a swapped-in synonym
    text = "The party frontrunners met on Tuesday. Both frontrunner campaigns spoke."
    assert [f for f in spin_flags(text, lexicon=LEX) if f.kind == "rare_synonym"] == []


def test_spin_rare_synonym_stem_recurs_in_another_form():
    # found by QA: ``bake`` and ``baking`` share no five-letter prefix, but are one word of the article's topic
    text = "The villagers bake rye loaves at dawn. Slow baking gives the loaves their taste."
    flagged = {f.note.split("'")[1] for f in spin_flags(text) if f.kind == "rare_synonym"}
    assert not {"bake", "baking"} & flagged, flagged


CATHEDRAL = """Restoration of the west front of St Aldhelm's Cathedral is nearing completion after four years of painstaking work, the dean said on Monday.

Masons have replaced more than three hundred blocks of magnesian limestone that lichen, soot and frost had gnawed away. Carvers copied the weathered pinnacles, crockets and gargoyles from drawings in the cathedral library, and apprentices learned to repoint the buttresses with lime mortar. Inside, glaziers releaded the tracery of the great window, whose mullions had cracked where rusting iron cramps swelled in the stone.

"We wanted the old masons' hands to show," the master mason said. The scaffolding comes down in the spring, when the choristers and bellringers will mark the work with a service of thanksgiving."""


def test_spin_plain_original_on_another_topic_is_not_likely_spun():
    # found by QA: plainly written originals outside US politics were likely_spun from rare words alone (the
    # lexicon is counted on political news); rare words alone now reach at most ``unclear``
    spin = article_spin(CATHEDRAL)
    assert {f.kind for f in spin.flags} <= {"rare_synonym", "odd_collocation"}
    assert spin.verdict != "likely_spun", spin
    # ... and the same words with a spinner's residue still are: a sign no topic produces
    spun = article_spin(CATHEDRAL.replace(", ", " , ").replace("masons'", "masons '"))
    assert spun.verdict == "likely_spun", spun


@pytest.mark.parametrize("text, pair", [
    ("On Tuesday the prime priest spoke.", "prime priest"),
    ("They hoped for a green peace on Tuesday.", "green peace"),
])
def test_spin_odd_collocation_flag(text, pair):
    flags = [f for f in spin_flags(text, lexicon=LEX, options=SpinOptions(stock_count=5, stock_share=0.6))
             if f.kind == "odd_collocation"]
    assert [f.span for f in flags] == [_at(text, pair)]
    assert "where news writes" in flags[0].note


def test_spin_odd_collocation_not_for_stock_phrase():
    text = "On Tuesday the prime minister spoke of a lasting peace."
    assert [f for f in spin_flags(text, lexicon=LEX) if f.kind in ("odd_collocation", "rare_synonym")] == []


def test_spin_altered_quote_from_corpus():
    text = 'Ruiz said: "Today eleven councils chose to stop waiting for the next tempest."'
    inner = _at(text, "Today eleven councils chose to stop waiting for the next tempest")
    quote = Quote(inner, inner.of(text), speaker="Elena Ruiz")
    original = Quote(Span(0, 10), "Today eleven councils decided to stop waiting for the next storm.",
                     speaker="Mayor Elena Ruiz")
    other_speaker = Quote(Span(0, 10), original.text, speaker="Tomas Brandt")
    found = altered_quotes(text, [quote], [other_speaker, original])
    assert [s for s, _ in found] == [_at(text, "chose to stop waiting for the next tempest")]
    spin = article_spin(text, quotes=[quote], other_quotes=[original])
    assert [(f.kind, f.span) for f in spin.flags if f.kind == "altered_quote"] == [("altered_quote", found[0][0])]
    assert altered_quotes(text, [quote], [other_speaker]) == []  # another speaker's words are another quote


def test_spin_altered_quote_precomputed_spans_become_flags():
    text = "Some article text with a quotation in it."
    spans = [Span(5, 12), (Span(20, 30), "differs from the wire's version")]
    flags = [f for f in article_spin(text, altered=spans).flags if f.kind == "altered_quote"]
    assert [(f.span, f.note) for f in flags] == [
        (Span(5, 12), "quotation differs from its version elsewhere"), (Span(20, 30), "differs from the wire's version")]


def _body(path: Path) -> str:
    return path.read_text("utf-8").split("\n\n", 1)[1]


@pytest.mark.parametrize("name, verdict", [
    ("original.txt", "clean"), ("rewrite.txt", "clean"), ("unrelated.txt", "clean"),
    # many concrete words news rarely uses ("sideboard", "librarian"): rare words alone, so at most unclear, and
    # below what they alone would need for unclear (it was unclear before rare words alone were scaled down)
    ("same_story.txt", "clean"),
])
def test_spin_clean_articles_not_flagged(name, verdict):
    spin = article_spin(_body(DEMO / "texts" / name))
    assert spin.verdict == verdict, spin
    assert spin.score < SpinOptions().likely
    assert not [f for f in spin.flags if f.kind in ("residue", "name_variant")]


def test_spin_demo_spun_copy_is_likely_spun():
    text = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    spin = article_spin(text)
    assert spin.verdict == "likely_spun", spin
    kinds = {f.kind for f in spin.flags}
    assert {"residue", "rare_synonym"} <= kinds  # its one misspelled name (Ruiz/Ruis, once each) is too short to tell
    for f in spin.flags:
        assert 0 <= f.span.start < f.span.end <= len(text)


def test_spin_score_is_a_rate_per_thousand_words():
    clean = " ".join(["The council met on Tuesday and agreed the budget for the coming year."] * 100)  # 1,300 words
    one = clean + " It has n't paid."
    two = clean + " It has n't paid. It does n't pay."
    many = " ".join(["The council has n't paid $ 240 to the contractor , officials said."] * 20)
    s_one, s_two, s_many = article_spin(one), article_spin(two), article_spin(many)
    assert s_one.verdict == "clean" and s_one.score == 0.0  # one stray space is a typo
    assert s_two.verdict != "likely_spun" and 0 < s_two.score < 0.5
    assert s_many.verdict == "likely_spun" and s_many.score > 0.9
    # a short text counts as min_words long: one flag in ten words is not 100 per 1,000
    flags = residue_flags("It has n't paid.")
    assert kind_rates(flags, 4)["residue"] == pytest.approx(1000 / SpinOptions().min_words)
    assert score_flags([], 500) == 0.0


def test_spin_lexicon_round_trip(tmp_path):
    lex = build(["The prime minister spoke.", "The prime minister left, and the prime minister returned."])
    assert lex.pair("prime", "minister") == 3 and lex.count("prime") == 3
    assert ("left", "and") not in set(word_pairs("The prime minister left, and"))
    save(lex, tmp_path / "c.tsv.gz")
    again = load(tmp_path / "c.tsv.gz")
    assert again.words == lex.words and again.pairs == lex.pairs and again.total == lex.total


def test_spin_shipped_lexicon_has_stock_news_phrases():
    lex = default_lexicon()
    assert lex.pair("prime", "minister") >= 20
    assert lex.stock_right("prime")[1] == "minister"
    assert lex.count("frontrunners") < 2


# ---- rewrite verdicts -----------------------------------------------------------------------------

A = ("Leaders of eleven towns agreed on Thursday to build tidal gates. The agreement was announced at the end "
     "of a summit in Port Calder. Mayor Elena Ruiz said the councils would publish designs in September. "
     "About 62,000 people live in the flood zone of the estuary.")


def _relation(a: str, b: str, pairs: list[tuple[str, str, str]], cov: tuple[float, float] | None = None) -> Relation:
    ps = tuple(Passage(_at(a, x), _at(b, y), t, 0.8) for x, y, t in pairs)
    ca = sum(p.a.end - p.a.start for p in ps) / len(a)
    cb = sum(p.b.end - p.b.start for p in ps) / len(b)
    cov = cov or (ca, cb)
    return Relation("a", "b", "rewrite", cov[0], cov[1], passages=ps)


def _sents(text: str) -> list[str]:
    from unspun.segment import segment

    return [s.of(text) for s in segment(text)[1]]


def test_spin_verdict_machine_spin():
    b = ("Frontrunners of eleven towns concurred on Thursday to assemble tidal gates. The accord was proclaimed at "
         "the conclusion of a peak in Port Calder. Mayor Elena Ruiz said the councils would issue blueprints in "
         "September. About 62,000 people dwell in the deluge zone of the estuary.")
    r = rewrite_spin(A, b, _relation(A, b, [(x, y, "edited") for x, y in zip(_sents(A), _sents(b))]))
    assert r.verdict == "machine_spin" and r.score >= 0.5, r
    assert ("Leaders", "Frontrunners") in r.replaced and ("build", "assemble") in r.replaced
    assert r.spans[0] == (_at(A, _sents(A)[0]), _at(b, _sents(b)[0]))
    assert r.signals.order == 1.0 and r.signals.function_changed == 0.0


def test_spin_verdict_editorial_rewrite():
    sa = _sents(A)
    b = (f"{sa[2]} Officials expect objections from fishermen, who were consulted late. {sa[0]} "
         "Critics say the money would be better spent elsewhere, and the vote is still months away.")
    r = rewrite_spin(A, b, _relation(A, b, [(sa[2], sa[2], "exact"), (sa[0], sa[0], "exact")]))
    assert r.verdict == "editorial_rewrite" and r.score < 0.5, r
    assert r.replaced == () and r.signals.order < 1.0


def test_spin_verdict_translation_round_trip():
    b = ("On Thursday, leaders of eleven towns agreed that they would build tidal gates. This agreement was "
         "announced when a summit in Port Calder ended. Mayor Elena Ruiz said that the councils are going to "
         "publish designs in September. In the flood zone of this estuary live about 62,000 people.")
    r = rewrite_spin(A, b, _relation(A, b, [(x, y, "paraphrase") for x, y in zip(_sents(A), _sents(b))]))
    assert r.verdict == "translation_round_trip", r
    assert r.signals.names_kept == 1.0 and r.signals.function_changed >= 0.03
    assert r.signals.restructured == 0.0 and r.signals.verbatim == 0.0  # sentence for sentence, every one reworded


def test_spin_verdict_human_rewrite_in_order_is_editorial():
    """An editor who keeps every sentence in order but splits one and leaves one as it was: no round trip."""
    sa = _sents(A)
    split = ("Leaders of eleven towns reached a deal on Thursday. They agreed to build tidal gates.")
    reworded = ["The agreement was made public as a summit in Port Calder ended.", sa[2],
                "Roughly 62,000 people live in the estuary's flood zone."]
    b = " ".join([split, *reworded])
    pairs = [(sa[0], split, "paraphrase"), (sa[1], reworded[0], "paraphrase"), (sa[2], sa[2], "exact"),
             (sa[3], reworded[2], "paraphrase")]
    r = rewrite_spin(A, b, _relation(A, b, pairs))
    s = r.signals
    assert s.restructured == 0.25  # one passage of four: one sentence became two
    assert s.verbatim == round(11 / 47, 4)  # the sentence kept as it was: 11 of A's 47 words (62,000 is two)
    assert s.order == 1.0 and s.coverage >= 0.7 and s.function_changed >= 0.03 and s.names_kept >= 0.8
    assert r.verdict == "editorial_rewrite", r
    # the old rule (order, coverage, function words, names) called it a round trip
    old = VerdictOptions(round_trip_restructured=1.0, round_trip_verbatim=1.0)
    assert rewrite_spin(A, b, _relation(A, b, pairs), options=old).verdict == "translation_round_trip"
    # either sign alone is enough: the split ...
    assert rewrite_spin(A, b, _relation(A, b, pairs), options=VerdictOptions(round_trip_verbatim=1.0)
                        ).verdict == "editorial_rewrite"
    # ... or many words kept word for word
    assert rewrite_spin(A, b, _relation(A, b, pairs), options=VerdictOptions(
        round_trip_restructured=1.0, round_trip_verbatim=s.verbatim - 0.01)).verdict == "editorial_rewrite"


TAIL = ("Engineers from the regional water board will review the designs before any money is spent. The gates "
        "would close only during storm surges, leaving the harbour open to shipping the rest of the year. Fishermen "
        "asked for a second meeting to discuss the effect on spawning grounds. A first vote is planned for spring.")
SPUN = ("Leaders of eleven towns concurred on Thursday to build tidal gates. The agreement was proclaimed at the end "
        "of a summit in Port Calder. Mayor Elena Ruiz said the councils would publish blueprints in September. "
        "About 62,000 people dwell in the flood zone of the estuary. Technicians from the regional water board will "
        "review the designs before any money is spent. The gates would shut only during storm surges, leaving the "
        "harbour open to shipping the rest of the year. Fishermen asked for a second gathering to discuss the effect "
        "on spawning grounds. A first ballot is planned for spring.")
"""A medium spin of ``A`` + ``TAIL``: about one word in twelve swapped, structure and order kept."""


Q = ('Leaders of eleven towns agreed on Thursday to build tidal gates. "We can\'t keep rebuilding the same streets '
     'every winter and calling it resilience," Mayor Elena Ruiz told reporters. The agreement was announced at the '
     'end of a summit in Port Calder. "We support protecting homes, but we need responsible dialogue about the gates '
     'before a single pile is driven," Gideon Fell said.')


def _reworded_quotes_kept() -> str:
    return ('On Thursday, leaders from eleven towns agreed that they would construct tidal gates. "We can\'t keep '
            'rebuilding the same streets every winter and calling it resilience," said Port Calder Mayor Elena Ruiz. '
            'This agreement was unveiled as a summit held in Port Calder came to an end. "We support protecting '
            'homes, but we need responsible dialogue about the gates before a single pile is driven," Gideon Fell '
            'remarked.')


def test_spin_verdict_sentence_for_sentence_rewrite_keeping_quotations_is_editorial():
    """A language model (or an editor) asked to rewrite rewords every sentence one for one, as a round trip does,
    but keeps what people said word for word; a translation there and back rewords the quotations too."""
    b = _reworded_quotes_kept()
    pairs = [(x, y, "paraphrase") for x, y in zip(_sents(Q), _sents(b))]
    r = rewrite_spin(Q, b, _relation(Q, b, pairs))
    s = r.signals
    assert s.quoted == 31 and s.quotes_kept == 1.0, s
    assert s.verbatim == 0.0 and s.restructured == 0.0 and s.order == 1.0  # everything else reads as a round trip
    assert r.verdict == "editorial_rewrite", r
    assert "with the quotations kept" in evidence(r.verdict, s) and "100% of the quoted words" in evidence(r.verdict, s)
    # without the quotation rule it was called a translation round trip
    assert rewrite_spin(Q, b, _relation(Q, b, pairs), options=VerdictOptions(round_trip_quotes_kept=1.0)
                        ).verdict == "translation_round_trip"
    # the same rewrite with the quotations reworded as well is a round trip
    t = b.replace("We can't keep rebuilding the same streets", "We cannot continue to rebuild the same streets").replace(
        "but we need responsible dialogue", "however we need one responsible dialogue")
    pairs_t = [(x, y, "paraphrase") for x, y in zip(_sents(Q), _sents(t))]
    rt = rewrite_spin(Q, t, _relation(Q, t, pairs_t))
    assert rt.signals.quoted == 31 and rt.signals.quotes_kept == 0.0, rt.signals
    assert rt.verdict == "translation_round_trip", rt


def test_spin_quotes_kept_counts_quoted_words_inside_aligned_passages_only():
    b = _reworded_quotes_kept()
    sq, sb = _sents(Q), _sents(b)
    # only the first two sentences aligned: Ruiz's quotation (13 words: can't is one) and not Fell's
    n, kept = quotes_kept(Q, b, list(_relation(Q, b, [(sq[0], sb[0], "paraphrase"), (sq[1], sb[1], "edited")]).passages))
    assert (n, kept) == (13, 1.0)
    # a quotation moved elsewhere in B still counts as kept; one B lacks does not
    moved = sb[3] + " " + " ".join(sb[:3])
    n, kept = quotes_kept(Q, moved, list(_relation(Q, b, [(x, y, "paraphrase") for x, y in zip(sq, sb)]).passages))
    assert n == 31 and kept == 1.0
    n, kept = quotes_kept(Q, sb[1], list(_relation(Q, b, [(x, y, "paraphrase") for x, y in zip(sq, sb)]).passages))
    assert n == 31 and kept == round(13 / 31, 4)


def test_spin_verdict_truncated_copy_against_a_spin_of_the_whole():
    """A scraper's copy cut after its first paragraph, set against a spin of the whole article: the spin's
    unaligned tail is the scraper's cut, not an editor's, and must not hide the spin."""
    import dataclasses

    from unspun.spin.verdict import evidence, spin_score

    whole = A + "\n\n" + TAIL
    spun_cut = " ".join(_sents(SPUN)[:4])
    for a, b, pairs in ((A, SPUN, list(zip(_sents(A), _sents(SPUN)[:4], ["edited"] * 4))),  # cut copy ~ spin
                        (whole, spun_cut, list(zip(_sents(whole)[:4], _sents(spun_cut), ["edited"] * 4)))):  # ~ spun cut
        r = rewrite_spin(a, b, _relation(a, b, pairs))
        assert r.signals.whole_coverage < 0.5 and r.signals.coverage == 1.0, r.signals
        assert r.verdict == "machine_spin", r
        why = evidence(r.verdict, r.signals)
        assert why.startswith("machine spin") and "a cut tail is not counted" in why, why
        # counted over the whole text, as verdict.v2 did, the cut would have hidden the spin
        assert spin_score(dataclasses.replace(r.signals, coverage=r.signals.whole_coverage)) < 0.5
        # a quotation matched in the tail (a weak passage) does not bring the tail back
        long_side_tail = _at(b, _sents(b)[5]) if a is A else _at(a, _sents(a)[5])
        short_side_head = _at(a, _sents(a)[0]) if a is A else _at(b, _sents(b)[0])
        weak = (Passage(short_side_head, long_side_tail, "exact", 1.0, weak="quote") if a is A
                else Passage(long_side_tail, short_side_head, "exact", 1.0, weak="quote"))
        rel = _relation(a, b, pairs)
        rel = dataclasses.replace(rel, passages=rel.passages + (weak,))
        assert rewrite_spin(a, b, rel).signals.coverage >= 0.9, rewrite_spin(a, b, rel).signals


def test_spin_verdict_round_trip_needs_the_whole_text():
    """A part of a source reworded sentence by sentence (covering the part fully) is not a translation round trip:
    a translation goes through the whole text (``whole_coverage``)."""
    b = ("On Thursday, leaders of eleven towns agreed that they would build tidal gates. This agreement was "
         "announced when a summit in Port Calder ended. Mayor Elena Ruiz said that the councils are going to "
         "publish designs in September. In the flood zone of this estuary live about 62,000 people.")
    pairs = [(x, y, "paraphrase") for x, y in zip(_sents(A), _sents(b))]
    assert rewrite_spin(A, b, _relation(A, b, pairs)).verdict == "translation_round_trip"
    whole = A + "\n\n" + TAIL
    r = rewrite_spin(whole, b, _relation(whole, b, pairs))
    assert r.signals.coverage == 1.0 and r.signals.whole_coverage < 0.7, r.signals
    assert r.verdict == "editorial_rewrite", r


def test_spin_inner_coverage_forgives_a_cut_tail_only():
    from unspun.spin.verdict import inner_coverage

    text = A + "\n\n" + TAIL
    ss = [_at(text, x) for x in _sents(text)]
    assert inner_coverage(text, ss[:3]) == 1.0  # the head kept, the tail cut
    assert inner_coverage(text, []) == 0.0
    gap = inner_coverage(text, [ss[0], ss[2]])  # a sentence dropped in between counts against
    assert gap == round((len(_sents(text)[0]) + len(_sents(text)[2])) / sum(len(x) for x in _sents(text)[:3]), 4)
    # a cut head counts too: news copies keep the lead, a paraphrase of a middle part of a source is no truncation
    assert inner_coverage(text, ss[4:6]) < 0.5


def test_spin_verdict_few_swaps_no_spin():
    """One word changed in a copy: the score's structure signals (order, coverage, words kept) are those of a
    spin, but under 1% of the words were swapped; ``min_swapped`` keeps it from being called machine spin."""
    from unspun.spin.verdict import evidence

    a = A + "\n\n" + TAIL
    b = a.replace("publish", "release")
    types = ["edited" if x != y else "exact" for x, y in zip(_sents(a), _sents(b))]
    assert types.count("edited") == 1
    pairs = list(zip(_sents(a), _sents(b), types))
    r = rewrite_spin(a, b, _relation(a, b, pairs))
    assert 0 < r.signals.swapped < 0.01 and r.score >= 0.5, r
    assert r.verdict == "editorial_rewrite", r
    assert "too few words swapped" in evidence(r.verdict, r.signals)
    assert rewrite_spin(a, b, _relation(a, b, pairs), options=VerdictOptions(min_swapped=0.0, min_swaps=1)
                        ).verdict == "machine_spin"


def test_spin_structure_signals_count_quotes_and_weak_passages():
    a = 'The mayor spoke on Monday. "We will not wait for the next storm," she said.'
    b = 'On Monday the mayor spoke. "We will not wait for the next storm," she said.'
    quote = '"We will not wait for the next storm," she said.'
    rel = Relation("a", "b", "rewrite", 1.0, 1.0, passages=(
        Passage(_at(a, "The mayor spoke on Monday."), _at(b, "On Monday the mayor spoke."), "paraphrase", 0.9),
        Passage(_at(a, quote), _at(b, quote), "exact", 1.0, weak="quote")))
    s = rewrite_spin(a, b, rel).signals
    assert s.restructured == 0.0
    assert s.verbatim == round(10 / 15, 4)  # the quoted sentence, 10 of 15 words, though its passage is weak


def test_spin_verdict_on_demo_pair_from_the_aligner():
    """The pipeline's own alignment (no embeddings) of the demo original and its spun copy."""
    from unspun.align.align import Sentences
    from unspun.align.stage import PairInput, relate_one
    from unspun.relate import Side
    from unspun.segment import segment

    a = _body(DEMO / "texts" / "original.txt")
    b = (DEMO / "corpus" / "text" / "spin.txt").read_text("utf-8")
    rel = relate_one(PairInput("a", "b", Sentences.of(a, segment(a)[1]), Sentences.of(b, segment(b)[1]),
                               Side(a), Side(b)))
    assert rel is not None and rel.kind == "rewrite"
    r = rewrite_spin(a, b, rel)
    assert r.verdict == "machine_spin" and ("Leaders", "Frontrunners") in r.replaced
    for x, y in r.spans:
        assert x.of(a) and y.of(b)


def test_spin_a_text_not_in_english_is_not_assessed_and_letters_of_any_script_make_whole_words():
    from unspun.spin import article_spin

    fr = ("La ministre de l'Économie a présenté mercredi un plan de relance de quatre milliards d'euros pour les "
          "entreprises touchées par la crise. Selon elle, les mesures entreront en vigueur dès le mois prochain, "
          "et les syndicats ont salué une décision attendue depuis longtemps par les salariés du secteur.")
    s = article_spin(fr)
    assert (s.score, s.verdict) == (0.0, "not_assessed") and [f.kind for f in s.flags] == ["not_english"]
    # accented words in English text are whole words: no fragment such as 'rich' or 'nchen' is flagged
    en = ("The delegation flew from Zürich to München on Tuesday, where officials said the talks with "
          "Señor Peña would continue for two more days before a final agreement on the rückgrat of the plan. ")
    flagged = [en[f.span.start:f.span.end] for f in article_spin(en * 3).flags]
    assert not any(w in ("nchen", "rich", "ckgrat", "a") for f in flagged for w in f.split()), flagged


@pytest.mark.parametrize("b, passage_type", [
    ("Frontrunners of eleven towns concurred on Thursday to assemble tidal gates. The accord was proclaimed at the "
     "conclusion of a peak in Port Calder. Mayor Elena Ruiz said the councils would issue blueprints in September. "
     "About 62,000 people dwell in the deluge zone of the estuary.", "edited"),
    # function words swapped with one content word: measured from either side, its score was 0.08 or 0.62
    ("Leaders of eleven towns agreed following Thursday to build tidal gates. The agreement was announced at the end "
     "of a summit throughout Port Calder. Mayor Elena Ruiz stated the councils would publish designs in September. "
     "About 62,000 people live in the flood zone of the estuary.", "edited"),
])
@pytest.mark.parametrize("direction", ["unknown", "common"])
def test_spin_verdict_of_a_pair_is_the_same_whichever_article_is_a(b, passage_type, direction):
    from dataclasses import replace

    from unspun.spin.verdict import _flipped, judge_pair

    rel = replace(_relation(A, b, [(x, y, passage_type) for x, y in zip(_sents(A), _sents(b))]), direction=direction)
    ab, ba = judge_pair(A, b, rel), judge_pair(b, A, _flipped(rel))
    assert (ab.verdict, ab.score) == (ba.verdict, ba.score)
    assert ab.replaced == tuple((new, old) for old, new in ba.replaced)
    assert ab.spans == tuple((y, x) for x, y in ba.spans)
    # a known source is where the measure starts: B derives from A is A -> B read from A
    src = judge_pair(A, b, replace(rel, direction="a->b"))
    assert (judge_pair(b, A, replace(_flipped(rel), direction="b->a")).score, src.score) == (src.score, src.score)
    assert (src.source, judge_pair(b, A, replace(_flipped(rel), direction="b->a")).source) == ("a", "b")
    # undirected, the side taken for the source is the same article either way round
    assert {ab.source, ba.source} == {"a", "b"}


def test_spin_an_undirected_pair_reads_its_swaps_from_the_side_with_the_commoner_words():
    """A spin and a trimmed copy of its original: which came first is unknown; the swaps were read from the spin
    ('Exceptional -> Special'), backwards for a reader (found by QA). The side whose words news uses more is the
    source they are read from, in the CLI too."""
    from dataclasses import replace

    from unspun.spin.verdict import _flipped, judge_pair

    spun = ("Frontrunners of eleven towns concurred on Thursday to assemble tidal gates. The accord was proclaimed at "
            "the conclusion of a peak in Port Calder. Mayor Elena Ruiz said the councils would issue blueprints in "
            "September. About 62,000 people dwell in the deluge zone of the estuary.")
    rel = replace(_relation(spun, A, [(x, y, "edited") for x, y in zip(_sents(spun), _sents(A))]), direction="common")
    v = judge_pair(spun, A, rel)
    assert v.source == "b" and ("Frontrunners", "Leaders") in v.replaced
    assert judge_pair(A, spun, _flipped(rel)).source == "a"


def test_spin_one_stray_space_is_a_typo_not_spin():
    """Found by QA: one 'honest ,' in a real 371-word article made it likely_spun (residue had no baseline)."""
    body = " ".join(["The council met on Tuesday and agreed the budget for the coming year."] * 28)  # 364 words
    one = body.replace("the coming year.", "the coming year , officials said.", 1)
    two = one.replace("the coming year.", "the coming year , officials said.", 1)
    assert len(residue_flags(one)) == 1 and len(residue_flags(two)) == 2
    assert article_spin(one).score == 0.0 and "residue" in [f.kind for f in article_spin(one).flags]  # shown
    assert article_spin(two).score > 0.5


def test_readable_spin_lists_each_swap_once_from_the_source():
    """A spinner swaps a word the same way wherever it stands: the readable list gives each swap once (found by
    QA: ``tide → tidal, tide → tidal``), from the source's side, at most eight."""
    from unspun.cli_quotes import swapped_words

    replaced = [{"from": "tide", "to": "tidal"}, {"from": "leaders", "to": "frontrunners"},
                {"from": "tide", "to": "tidal"}] + [{"from": f"w{k}", "to": f"v{k}"} for k in range(10)]
    assert swapped_words(replaced) == ", ".join(["tide → tidal", "leaders → frontrunners"]
                                                + [f"w{k} → v{k}" for k in range(6)])
    assert swapped_words(replaced[:3], back=True) == "tidal → tide, frontrunners → leaders"


_US = ("The defense ministers criticized the plan and said the center would organize a new program of "
       "cooperation on the harbor, where the color of the flags had been a point of honor for years.")
_UK = ("The defence ministers criticised the plan and said the centre would organise a new programme of "
       "cooperation on the harbour, where the colour of the flags had been a point of honour for years.")
_SPUN = ("The defense clergymen criticized the strategy and said the core would arrange a new program of "
         "collaboration on the port, where the shade of the banners had been a point of honor for years.")


@pytest.mark.parametrize("other, spun", [(_UK, False), (_SPUN, True)])
def test_a_copy_respelled_in_british_english_is_no_machine_spin(other, spun):
    """Found by QA: a US article respelled by a British outlet (``defense`` -> ``defence``, ``-ize`` -> ``-ise``)
    was judged ``machine_spin`` (a copy's verdict is shown only then), each respelled word counted as a synonym
    swap; a real spin still is one."""
    rel = Relation("a", "b", "copy", 1.0, 1.0, "unknown", 0.0, (),
                   (Passage(Span(0, len(_US)), Span(0, len(other)), "edited", 0.7),))
    v = judge_pair(_US, other, rel)
    assert (v.verdict == "machine_spin") is spun, (v.verdict, v.score, v.replaced)
    assert bool(v.replaced) is spun and ("harbor", "port") in v.replaced if spun else True


BRIEF = ("Riverton council approves bridge repair\n\n"
         "RIVERTON, Ohio, May 6 (Valley Press) — The Riverton city council voted 7-2 on Tuesday night to spend $18 "
         "million repairing the Main Street bridge, two weeks after state inspectors found cracks in three of its "
         "steel support beams.\n\n"
         "The 1958 bridge, which carries about 22,000 vehicles a day across the Muskingum River, has been limited to "
         "one lane in each direction since the inspection on April 21.\n\n"
         '"We cannot gamble with people\'s lives, and we will not wait for a disaster to act," Mayor Linda Okonkwo '
         "told the council before the vote.")


@pytest.mark.parametrize("swaps, verdict", [
    ({"night": "evening"}, "editorial_rewrite"),
    ({"night": "evening", "vehicles": "motors"}, "editorial_rewrite"),
    ({"night": "evening", "vehicles": "motors", "cracks": "fissures", "steel": "metal"}, "machine_spin"),
])
def test_spin_a_brief_with_a_word_or_two_changed_is_no_machine_spin(swaps, verdict):
    """QA: in a brief of 98 words one word changed is a share of 0.01, which was enough: a copy that wrote
    ``evening`` for ``night`` was called a machine spin (0.74). Now three words at least."""
    from unspun.align.align import Sentences
    from unspun.align.stage import PairInput, relate_one
    from unspun.relate import Side
    from unspun.segment import segment

    b = BRIEF
    for old, new in swaps.items():
        b = b.replace(f" {old} ", f" {new} ")
    rel = relate_one(PairInput("a", "b", Sentences.of(BRIEF, segment(BRIEF)[1]), Sentences.of(b, segment(b)[1]),
                               Side(BRIEF), Side(b)))
    r = judge_pair(BRIEF, b, rel)
    assert r.signals.swaps == len(swaps)
    assert r.verdict == verdict, (r.verdict, r.score, r.replaced)


def test_spin_a_text_too_short_to_clear_is_not_assessed_but_one_with_evidence_keeps_its_verdict():
    """Found by QA: an empty or one-word text was ``clean``; no sign can be missing from a headline by chance."""
    from unspun.spin import article_spin

    for text in ("", "Storm", "Schools will close early on Friday because of the storm warning."):
        s = article_spin(text)
        assert s.verdict == "not_assessed" and [f.kind for f in s.flags] == ["too_short"], (text, s)
        assert f"{len(text.split())} word" in s.flags[0].note
    # the same plain prose, long enough to clear
    long = " ".join(["Schools will close early on Friday because of the storm warning, the council said."] * 5)
    assert article_spin(long).verdict == "clean"
    # a short text full of a spinner's residue is still judged on it
    spun = "The senator has n't said whether he did n't know , and he does n't plan to ; aides say it is n't so ."
    assert article_spin(spun).verdict in ("unclear", "likely_spun"), article_spin(spun)
