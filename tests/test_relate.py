"""Relate: kinds, direction and its evidence, rewrite diffs, siblings, provenance graphs."""

from __future__ import annotations

from dataclasses import replace

import xml.etree.ElementTree as ET

import pytest

from unspun.records import Passage, Relation, Span
from unspun.relate import Sharing, Side, relate_pair, siblings
from unspun.relate.diff import edits, replacements
from unspun.relate.direction import direction, residue_rate
from unspun.relate.kind import relation_kind
from unspun.relate.provenance import OUTSIDE, families, to_graphml, to_json


@pytest.mark.parametrize("sharing,same_story,kind", [
    (Sharing(0.98, 0.97, 1.0, 20, 20), None, "duplicate"),
    (Sharing(0.35, 0.99, 1.0, 6, 6), None, "copy"),  # truncated copy
    (Sharing(0.85, 0.80, 0.1, 12, 12), None, "rewrite"),
    (Sharing(0.15, 0.30, 0.9, 3, 3), None, "partial"),  # an extract
    (Sharing(0.03, 0.04, 1.0, 1, 1), 0.8, "same_story"),  # one shared quote only
    (Sharing(0.03, 0.04, 1.0, 1, 1), 0.1, None),
    (Sharing(0.0, 0.0, 0.0, 0, 0), None, None),
    # found by QA: an article of one sentence, copied word for word, was no reuse (one passage, no run)
    (Sharing(1.0, 1.0, 1.0, 1, 1, 1), None, "duplicate"),
    (Sharing(0.05, 1.0, 1.0, 1, 1, 1), None, "copy"),  # one sentence lifted whole out of a long article
    (Sharing(0.05, 0.6, 1.0, 1, 1, 1), 0.8, "same_story"),  # a sentence shared, but not most of either side
])
def test_relate_kinds(sharing, same_story, kind):
    assert relation_kind(sharing, same_story) == kind


def test_relate_one_shared_quote_is_not_reuse():
    quote_only = Sharing(0.05, 0.05, 1.0, 1, 1)
    assert relation_kind(quote_only) is None


def test_relate_direction_from_containment_dates_and_residue():
    orig = Side("The council said it can't wait. It will pay $240 million.", "2024-03-14", "harborwire.example")
    trunc = Side("The council said it can't wait.", "2024-03-15", "scraper.example")
    d = direction(orig, trunc, coverage_a=0.4, coverage_b=1.0)
    assert d.direction == "a->b" and d.confidence > 0.5
    assert any("contained" in e for e in d.evidence) and any("published" in e for e in d.evidence)
    spun = Side("The council stated it ca n't wait. It will pay $ 240 million.")
    d = direction(spun, Side(orig.text), coverage_a=0.9, coverage_b=0.9)
    assert d.direction == "b->a" and any("residue" in e for e in d.evidence)
    assert direction(Side("x y z"), Side("x y z"), 0.9, 0.9).direction == "unknown"


def test_relate_residue_rate():
    assert residue_rate("He said they do n't know , and paid $ 240 .") > residue_rate("He said they don't know.")


def test_relate_credit_line_points_to_the_source():
    a = Side("PORT CALDER (Harbor Wire) - The mayor spoke.", None, "NewsHub")
    b = Side("PORT CALDER - The mayor spoke.", None, "Harbor Wire")
    assert direction(a, b, 0.9, 0.9).direction == "b->a"


def test_relate_rewrite_diff_lists_word_swaps():
    a_text = "Leaders agreed to a lasting peace on Monday, officials said."
    b_text = "Frontrunners agreed to a green peace on Monday, officials stated."
    p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
    swaps = replacements(a_text, b_text, [p])
    assert ("Leaders", "Frontrunners") in swaps and ("lasting", "green") in swaps and ("said", "stated") in swaps


def test_relate_pair_builds_a_relation_with_diff_for_rewrites():
    a_text = "Leaders agreed to a lasting peace on Monday. The deal covers 12 towns."
    b_text = "Frontrunners agreed to a green peace on Monday. The deal covers 12 towns."
    passages = (Passage(Span(0, 44), Span(0, 49), "edited", 0.7), Passage(Span(45, 71), Span(50, 76), "exact", 1.0))
    rel = relate_pair("a", "b", Side(a_text), Side(b_text), passages, Sharing(0.95, 0.95, 0.4, 2, 2))
    assert rel.kind == "rewrite" and ("Leaders", "Frontrunners") in rel.diff
    assert rel.passages == passages


def test_relate_copy_lists_a_long_edit_in_its_diff():
    """In a copy every edit counts, a five-word one too (found by QA: an edited version of a stored file was a
    duplicate whose one edited passage had no diff)."""
    a_text = "Supporters avoided confrontations over policy during the hearing. The platform is due in July."
    b_text = "Supporters steered clear of any clash over policy during the hearing. The platform is due in July."
    passages = (Passage(Span(0, 65), Span(0, 69), "edited", 0.8), Passage(Span(66, 96), Span(70, 100), "exact", 1.0))
    assert b_text[70:100] == a_text[66:96] == "The platform is due in July."
    rel = relate_pair("a", "b", Side(a_text), Side(b_text), passages, Sharing(1.0, 1.0, 0.9, 2, 2, 2, 0.3))
    assert rel.kind == "copy", rel.kind
    assert rel.diff == (("avoided confrontations", "steered clear of any clash"),)


@pytest.mark.parametrize("cut", ["…", "...", " …", ". . ."])
def test_relate_a_clause_cut_at_an_ellipsis_is_dropped_not_replaced(cut):
    """Found by QA: a scraper that cut a sentence short and marked it with an ellipsis showed in the diff as the
    clause replaced by the ellipsis (``, and will not be supported by Senate Democrats . → …``)."""
    a_text = ("The bill is expected to face a tough vote in the House next week when lawmakers return, and will not "
              "be supported by Senate Democrats.")
    b_text = "The bill is expected to face a tough vote in the House next week when lawmakers return" + cut
    assert_cut_drops(a_text, b_text, "and will not be supported by Senate Democrats")


def assert_cut_drops(a_text: str, b_text: str, dropped: str) -> None:
    """``b_text`` is ``a_text`` cut short: the words past the cut are dropped (added, read from B to A), where
    they stand in A, and a rewrite's diff, swaps only, has nothing."""
    p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
    assert [(e.kind, e.old, e.a.of(a_text)) for e in edits(a_text, b_text, p)] == [("delete", dropped, dropped)]
    assert replacements(a_text, b_text, [p], gaps=True, max_words=12) == [(dropped, "")]
    assert replacements(b_text, a_text, [Passage(p.b, p.a, "edited", 0.8)], gaps=True, max_words=12) == [
        ("", dropped)]
    assert replacements(a_text, b_text, [p]) == []


@pytest.mark.parametrize(("copy", "dropped"), [
    ("The senator announced the meas", "measure on Tuesday"),
    ("The senator announced the meas…", "measure on Tuesday"),
    ("The senator announced the meas ...", "measure on Tuesday"),
    # WordPress ends a feed's excerpt with "[…]" (autoblog plugins repost it): found by QA, "filmed leavin […]"
    # read as "leaving early to avoid angry delegates → leavin"
    ("The senator announced the meas […]", "measure on Tuesday"),
    ("The senator announced the meas [...]", "measure on Tuesday"),
    ("The senator announced the measure on Tue", "Tuesday"),
    ("nator announced the measure on Tuesday.", "The senator"),
    ("…nator announced the measure on Tuesday.", "The senator"),
])
def test_relate_a_passage_cut_mid_word_drops_the_words_past_the_cut(copy, dropped):
    """A scraper's copy cut in the middle of a word, at either end of a passage, showed in the diff as the word
    replaced by its stub (``measure on Tuesday → meas``)."""
    assert_cut_drops("The senator announced the measure on Tuesday.", copy, dropped)


@pytest.mark.parametrize("copy", ["The plant employs almost 50,0…", "The plant employs almost 50,0"])
def test_relate_a_number_cut_short_drops_its_digits_past_the_cut(copy):
    """One digit left of a number is a stub (found by QA: ``000 workers → 0``); one letter is not (below). A
    number with separators is one word of the diff (QA, a crawl: ``13,000 → 31,000`` was ``13 → 31``), so the
    number cut short is dropped whole."""
    assert_cut_drops("The plant employs almost 50,000 workers.", copy, "50,000 workers")


def test_relate_a_number_changed_is_listed_whole():
    # QA (a crawl): a page's correction of "13,000 vehicles" to "31,000 vehicles" was listed as "13 → 31"
    a = "The bridge carries about 13,000 vehicles a day; repairs will cost $18.5 million, officials said in 2026."
    b = "The bridge carries about 31,000 vehicles a day; repairs will cost $18.7 million, officials said in 2026."
    p = Passage(Span(0, len(a)), Span(0, len(b)), "edited", 0.8)
    assert replacements(a, b, [p], gaps=True, max_words=12) == [("13,000", "31,000"), ("18.5", "18.7")]
    assert [e.a.of(a) for e in edits(a, b, p)] == ["13,000", "18.5"]
    # a number at the end of a sentence keeps its full stop apart
    assert replacements("It opened in 1962.", "It opened in 1963.", [Passage(Span(0, 18), Span(0, 18), "edited",
                                                                             0.8)]) == [("1962", "1963")]


def test_relate_a_cut_is_a_stub_at_the_passage_edge_only():
    """A word shortened before a full stop is replaced (``USA → US``), not cut; words replaced just before a cut
    stay replaced; one letter at an edge is no stub (``S`` is not the end of ``objectives``: found at 10k)."""
    for a_text, b_text, diff in (("They met in the USA.", "They met in the US.", [("USA", "US")]),
                                 ("S Buc downplayed it.", "objectives Buc downplayed it.", [("S", "objectives")]),
                                 ("The senator said a meas…", "The senator announced the measure on Tuesday.",
                                  [("said a", "announced the"), ("", "measure on Tuesday")])):
        p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
        assert replacements(a_text, b_text, [p], gaps=True, max_words=12) == diff


def test_relate_diff_words_carry_no_stray_punctuation():
    """A clause dropped between commas is its words, not ``, in its current form ,``; words are given as written
    (``U.S.``, ``Democrats, who``), not as tokens spaced apart."""
    a_text = "Critics said the bill, in its current form, would add to the U.S. deficit, which is high."
    b_text = "Critics said the bill would add to the federal deficit, which is high."
    p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
    assert sorted(replacements(a_text, b_text, [p], gaps=True, max_words=12)) == [
        ("U.S.", "federal"), ("in its current form", "")]
    a_text = "The senators, the leader said, would vote no."
    b_text = "The senators, the leader said on Friday, who met, would vote no."
    p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
    assert replacements(a_text, b_text, [p], gaps=True, max_words=12) == [("", "on Friday, who met")]
    for a_text, b_text, diff in (("They met in the U.S.", "They met in the EU.", [("U.S.", "EU")]),
                                 ("They met in the US.", "They met in the U.S.", [])):  # an abbreviation's style
        p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
        assert replacements(a_text, b_text, [p], gaps=True, max_words=12) == diff


def _rel(a, b, kind="rewrite", direction="unknown"):
    return Relation(a, b, kind, 0.9, 0.9, direction, 0.5)


def test_relate_siblings_of_one_source_are_common():
    rels = siblings([_rel("o", "r1", direction="a->b"), _rel("o", "r2", direction="a->b"), _rel("r1", "r2")])
    assert {(r.a, r.b): r.direction for r in rels}[("r1", "r2")] == "common"
    # export resolves directions in two passes: the second must not repeat the evidence
    again = {(r.a, r.b): r.evidence for r in siblings(rels)}
    assert again[("r1", "r2")].count("both derive from o") == 1, again


def test_relate_provenance_graph_original_and_exports():
    import networkx as nx

    rels = [_rel("o", "c1", "copy", "a->b"), _rel("o", "c2", "rewrite", "a->b"), _rel("c1", "c2", "rewrite", "common"),
            _rel("x", "y", "same_story")]
    fams = families(rels)
    assert len(fams) == 1  # same_story is not reuse
    assert set(fams[0].articles) == {"o", "c1", "c2"}
    assert fams[0].original == "o"  # c1 and c2 are siblings of a source in the corpus
    orphans = families([_rel("c1", "c2", "rewrite", "common")])
    assert orphans[0].original == OUTSIDE  # two rewrites of an original that is not here
    fams = families(rels[:2])
    doc = to_json(fams)[0]
    assert {(e["from"], e["to"]) for e in doc["edges"]} == {("o", "c1"), ("o", "c2")}
    root = ET.fromstring(to_graphml(fams))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 3 and len(root.findall(".//g:edge", ns)) == 2
    # GraphML's booleans are XML Schema's ``true``/``false`` (found by QA: written ``True``/``False``); each data
    # element names a declared key of its element's kind, and node ids are unique
    keys = {k.get("id"): k for k in root.findall("g:key", ns)}
    (flag,) = [k for k in keys.values() if k.get("attr.name") == "original"]
    assert flag.get("attr.type") == "boolean" and flag.get("for") == "node"
    originals = {n.get("id"): d.text for n in root.findall(".//g:node", ns) for d in n.findall("g:data", ns)
                 if d.get("key") == flag.get("id")}
    assert originals == {"o": "true", "c1": "false", "c2": "false"}, originals
    for kind in ("node", "edge"):
        for el in root.findall(f".//g:{kind}", ns):
            assert all(keys[d.get("key")].get("for") == kind for d in el.findall("g:data", ns))
    ids = [n.get("id") for n in root.findall(".//g:node", ns)]
    assert len(ids) == len(set(ids))
    assert {n: d["original"] for n, d in nx.parse_graphml(to_graphml(fams)).nodes(data=True)} == \
        {"o": True, "c1": False, "c2": False}  # and networkx reads them back as booleans


def test_relate_a_page_sharing_passages_with_two_families_joins_one_and_does_not_make_them_one():
    # found by QA on a crawl: a home page lifting the leads of two stories (partial, direction unknown) made the
    # bridge article's family and the wire story's family one, whose original was then "not in the corpus"
    def loose(a, b, cov):
        return Relation(a, b, "partial", cov, cov, "unknown", 0.0)

    bridge = [_rel("art", "amp", "duplicate", "a->b"), _rel("art", "print", "duplicate", "a->b")]
    wire = [_rel("w1", "w2", "copy", "common"), _rel("w1", "w3", "copy", "common"), _rel("w2", "w3", "copy", "common")]
    home = [loose("art", "home", 0.3), loose("home", "w1", 0.2), loose("home", "w2", 0.2)]
    fams = {f.original: f for f in families(bridge + wire + home)}
    assert set(fams) == {"art", OUTSIDE}
    assert set(fams["art"].articles) == {"art", "amp", "print", "home"}  # its strongest link
    assert set(fams[OUTSIDE].articles) == {"w1", "w2", "w3"}
    assert not any("home" in e for e in fams[OUTSIDE].graph.edges)
    # a loose link joins articles that are in no family yet, and an article to a family
    fams = families([loose("a", "b", 0.4), loose("b", "c", 0.3), _rel("c", "d", "copy", "a->b")])
    assert [set(f.articles) for f in fams] == [{"a", "b", "c", "d"}]
    # two families linked only by a loose link stay two
    fams = families([_rel("o", "c1", "copy", "a->b"), _rel("p", "c2", "copy", "a->b"), loose("c1", "c2", 0.5)])
    assert sorted(f.original for f in fams) == ["o", "p"]


def test_relate_graphml_leaves_out_characters_xml_cannot_carry():
    # found by QA: a title with a control character (a JSONL record's form feed or escape) made
    # `unspun export --format graphml` end in lxml's ValueError traceback
    import networkx as nx

    fams = families([_rel("o", "c", "copy", "a->b")])
    meta = {"o": {"title": "Vote\x0ccount \x1b[1mnow\x00 \ufffe", "url": "https://x.example/o"},
            "c": {"title": "Plain, “ünïcode” title", "published": "2016-11-07"}}
    g = nx.parse_graphml(to_graphml(fams, meta))
    assert g.nodes["o"]["title"] == "Votecount [1mnow " and g.nodes["o"]["url"] == "https://x.example/o"
    assert g.nodes["c"]["title"] == "Plain, “ünïcode” title" and g.nodes["c"]["published"] == "2016-11-07"


def _scored(a: str, b: str, score: float, kind: str = "rewrite", direction: str = "unknown") -> Relation:
    p = Passage(Span(0, 10), Span(0, 10), "edited", score)
    return Relation(a, b, kind, 0.9, 0.9, direction, 0.0, (), (p, p))


def test_relate_corroborate_takes_direction_from_the_copies_around():
    from unspun.relate import corroborate

    # x and y disagree; both share text with c1 and c2, and x agrees with them far more closely
    rels = [_scored("x", "y", 0.7), _scored("c1", "x", 0.95), _scored("c2", "x", 0.93), _scored("c1", "y", 0.72),
            _scored("c2", "y", 0.7)]
    out = {(r.a, r.b): r for r in corroborate(rels)}
    r = out[("x", "y")]
    assert r.direction == "a->b" and 0 < r.confidence <= 0.6
    assert "A agrees more closely with the 2 other copies" in r.evidence[0]
    # a known direction is kept; too small a difference says nothing; same_story is never given one
    kept = corroborate([_scored("x", "y", 0.7, direction="b->a"), _scored("c", "x", 0.95), _scored("c", "y", 0.7)])
    assert kept[0].direction == "b->a"
    close = corroborate([_scored("x", "y", 0.7), _scored("c", "x", 0.90), _scored("c", "y", 0.88)])
    assert close[0].direction == "unknown"
    story = Relation("x", "y", "same_story", 0, 0)
    assert corroborate([story, _scored("c", "x", 0.95), _scored("c", "y", 0.7)])[0].direction == "unknown"
    # a duplicate of one side is no independent copy: it agrees with that side by being it
    twin = _scored("c", "x", 1.0)
    twin = Relation(twin.a, twin.b, "duplicate", 1.0, 1.0, passages=twin.passages)
    assert corroborate([_scored("x", "y", 0.7), twin, _scored("c", "y", 0.7)])[0].direction == "unknown"
    # nor is a near-verbatim copy of one side (found by QA: a scraper's copy of one of two independent reports
    # made the other report its copy); rewrites of the same source around the pair still count
    scraped = _scored("c", "x", 1.0, kind="copy", direction="b->a")
    assert corroborate([_scored("x", "y", 0.7, kind="partial"), scraped, _scored("c", "y", 0.66, kind="partial")]
                       )[0].direction == "unknown"


@pytest.mark.parametrize("text, sources", [
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", {"associated press"}),
    ("LONDON, March 3 (Reuters) - Shares fell.", {"reuters"}),
    ("PORT CALDER, Lower Marren, March 14 (Harbor Wire) — Leaders agreed.", {"harborwire"}),
    ("The mayor spoke.\n\nSource: Reuters", {"reuters"}),
    ("The mayor spoke.\nThis article originally appeared on The Conversation.", {"conversation"}),
    ("The mayor spoke. The Associated Press contributed to this report.", {"associated press"}),
    ("By Jo Smith, Associated Press\nWASHINGTON — The Senate voted.", {"associated press"}),
    ("By Jo Smith | AP\nThe Senate voted.", {"associated press"}),
    # a name in the body, a party label, a photo credit or a section label is not a credit
    ("Reuters said on Monday it would cut 300 jobs.", set()),
    ("Ted Cruz (R-Texas) — who spoke first — said no.", set()),
    ("In a statement, the group said (AP) - nothing more.", set()),
    ("Photo credit: Harbor Wire / File\nThe mayor spoke.", set()),
    ("BERLIN (Updated) — The mayor spoke.", set()),
    # datelines and credit lines as agencies and outlets write them
    ("LOS ANGELES, Calif., Sept. 15 (AP) — The fire spread.", {"associated press"}),
    ("Washington (CNN)The president spoke on Monday.", {"cnn"}),
    ("ZÜRICH (dpa) - Der Bürgermeister sprach.", {"deutsche presse-agentur"}),
    ("By Jo Smith and Ann Lee, Associated Press\nThe Senate voted.", {"associated press"}),
    ("The Senate voted.\nAssociated Press writer Jo Smith contributed to this report.", {"associated press"}),
    ("The Senate voted.\nCopyright 2020 The Associated Press. All rights reserved.", {"associated press"}),
    ("The Senate voted.\nThis article was originally published on The Conversation. Read the original.",
     {"conversation"}),
])
def test_relate_credited_sources(text, sources):
    from unspun.relate.credits import credited

    assert set(credited(text)) == sources


def test_relate_site_names_match_credits():
    from unspun.relate.credits import credits_site, names_of_site

    assert "associated press" in names_of_site("apnews.com") and "reuters" in names_of_site("www.reuters.com")
    assert "hill" in names_of_site("thehill.com") and names_of_site(None) == set()
    # the name part of a host is the label before its public suffix, not its first label
    assert "cnn" in names_of_site("edition.cnn.com") and "bbc" in names_of_site("news.bbc.co.uk")
    assert "reuters" in names_of_site("uk.reuters.com") and "cnn" in names_of_site("CNN International")
    assert credits_site("NEW YORK (AP) — Stocks rose.", "apnews.com")
    assert not credits_site("NEW YORK (AP) — Stocks rose.", "reuters.com")


WIRE = ("WASHINGTON (AP) — The Senate passed the spending bill late on Tuesday, sending it to the president. "
        "Leaders of both parties said the vote ended a month of talks.")


def test_relate_two_copies_crediting_one_wire_are_siblings():
    # two outlets run the same AP story, one cut short: containment alone would say the cut copy took it from
    # the other, but both credit AP, neither is AP: both took it from AP
    full = Side(WIRE + " The measure now goes to the White House.", "2024-05-01", "dailyherald.example")
    cut = Side(WIRE, "2024-05-02", "Coastal Ledger")
    d = direction(full, cut, coverage_a=0.6, coverage_b=1.0)
    assert (d.direction, d.confidence) == ("common", 0.7), d
    assert d.evidence[0].startswith("both credit AP, which is neither side's site"), d.evidence
    assert any(e.startswith("B is contained in A") for e in d.evidence)  # the other signals stay on record


def test_relate_two_rewrites_naming_one_agency_in_their_leads_are_siblings():
    # (QA) two outlets reword one UPI story, neither in the corpus: both say so in the lead ("UPI reported",
    # "according to UPI"), so both derive from it; the dates alone made the earlier one the other's source
    a = Side("Green Party nominee Jill Stein was removed from Hofstra on Monday by police, UPI reported.\n"
             "Stein does not qualify for the debate stage.", "2016-09-26T20:00:00Z", "politicsdaily.example")
    b = Side("Hours before the debate, police led Jill Stein off the Hofstra campus on Monday, according to UPI.\n"
             "Stein was not allowed to take part.", "2016-09-26T22:00:00Z", "campaignwatch.example")
    d = direction(a, b, 0.6, 0.6)
    assert d.direction == "common" and d.evidence[0].startswith("both credit UPI, which is neither side's site"), d
    from unspun.relate.credits import lead_credits

    assert set(lead_credits("According to Reuters, the court will hear it.\nThe EPA said.")) == {"reuters"}
    assert not lead_credits("The Senate voted.\nLater, according to Reuters, the council met.")  # not the lead
    # two leads citing one agency on two different pieces of news are no shared source (review)
    rates = Side("The Federal Reserve raised interest rates on Tuesday, according to Reuters.\nMarkets fell.",
                 "2016-09-26T20:00:00Z", "money.example")
    oil = Side("Crude oil prices fell sharply in Asian trading on Tuesday, Reuters reported.\nMarkets fell.",
               "2016-09-26T22:00:00Z", "energy.example")
    assert direction(rates, oil, 0.3, 0.3).direction != "common"
    # a verbatim copy carries the original's lead, attribution and all: that is no third source
    copy = Side(a.text, "2016-09-27T09:00:00Z", "copies.example")
    assert direction(a, copy, 1.0, 1.0).direction == "a->b"
    # (review) and so does a spun copy, a word or two of the lead changed: its lead is the other's, not its own
    spun = Side(a.text.replace("removed", "taken away").replace("Monday", "Monday night"), "2016-09-27T09:00:00Z",
                "copies.example")
    assert direction(a, spun, 1.0, 1.0).direction == "a->b"


def test_relate_wire_credit_points_to_the_wire_itself():
    # the wire's own copy against an outlet running it: a one-way credit, not siblings
    d = direction(Side(WIRE, None, "apnews.com"), Side(WIRE, None, "Coastal Ledger"), 1.0, 1.0)
    assert d.direction == "a->b" and "B credits apnews.com (in a credit line, dateline or byline)" in d.evidence, d


def test_relate_wire_credit_without_sites_says_nothing():
    # without sites either side may be the wire's own copy, and a copy keeps the dateline: no vote either way
    assert direction(Side(WIRE), Side(WIRE), 1.0, 1.0).direction == "unknown"
    assert direction(Side(WIRE, None, "Coastal Ledger"), Side(WIRE), 1.0, 1.0).direction == "unknown"
    d = direction(Side(WIRE + " The measure now goes to the White House."), Side(WIRE), 0.6, 1.0)
    assert d.direction == "a->b", d  # containment speaks


def test_relate_a_subdomain_site_is_the_credited_source_not_a_third_one():
    cnn = "Washington (CNN)The Senate passed the spending bill late on Tuesday, sending it to the president."
    d = direction(Side(cnn, None, "edition.cnn.com"), Side(cnn, None, "blog.example.org"), 1.0, 1.0)
    assert d.direction == "a->b" and d.evidence == ("B credits edition.cnn.com (in a credit line, dateline or byline)",), d


@pytest.mark.parametrize("line", ["Credit: Getty Images", "Source: Bureau of Labor Statistics", "Via Getty Images",
                                  "Courtesy of the family"])
def test_relate_photo_data_and_courtesy_lines_do_not_make_siblings(line):
    # a verbatim copy carries such a line over: it says nothing of where the story came from
    text = "The council agreed the budget on Tuesday after a long debate about the harbour.\n" + line
    a = Side(text + "\nThe vote was 9 to 2.", "2020-01-01", "harbourtimes.example")
    b = Side(text, "2020-01-02", "copies.example")
    assert direction(a, b, 0.5, 1.0).direction == "a->b"


def test_relate_a_common_word_site_is_not_credited_by_the_word():
    # time.com is not credited by "at the time", nor news.yahoo.com by "Breaking news"
    assert direction(Side("Breaking news: at the time the council met.", None, "copies.example"),
                     Side("Breaking news: at the time the council met.", None, "time.com"), 1.0, 1.0
                     ).direction == "unknown"


def test_relate_rewrite_diff_ignores_apostrophe_and_quote_styles():
    a_text = "The party's leaders said “we will win” on Monday."
    b_text = "The party’s frontrunners said \"we will win\" on Monday."
    p = Passage(Span(0, len(a_text)), Span(0, len(b_text)), "edited", 0.8)
    assert replacements(a_text, b_text, [p]) == [("leaders", "frontrunners")]


def test_relate_a_copy_with_edited_sentences_is_a_copy_not_a_duplicate():
    # whole on both sides and near-verbatim, but a tenth of it edited (a few words changed in quotes, sentences
    # reworded): not "the same article with other furniture"
    assert relation_kind(Sharing(0.98, 0.97, 0.95, 20, 20, 20, identical_share=0.9)) == "copy"
    assert relation_kind(Sharing(0.98, 0.97, 1.0, 20, 20, 20, identical_share=1.0)) == "duplicate"


def test_relate_a_scrapers_source_link_marks_the_copy():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    d = direction(Side(text, None, "harbourtimes.example"), Side(text, None, "newsfeedhub.example", "Source link"),
                  1.0, 1.0)
    assert d.direction == "a->b" and "B carried a scraper's 'Source link' line" in d.evidence[0], d
    assert direction(Side(text, scraped="Source link"), Side(text, scraped="Source link"), 1.0, 1.0).direction == "unknown"


def test_relate_a_source_link_to_the_other_page_decides_the_direction():
    """A reposting plugin's link under the article (``Source link``) names the page it took the article from: as a
    canonical link does, it decides the direction (before, only the line's presence voted, and two identical texts
    of which neither carried it stayed ``unknown``)."""
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    orig = Side(text, None, "Harbour Times", url="https://www.harbourtimes.example/2024/budget/")
    copy = Side(text, "2024-03-10", "NewsHub", "Source link", url="https://newshub.example/?p=12",
                source_link="https://harbourtimes.example/2024/budget")
    d = direction(copy, orig, 1.0, 1.0)
    assert (d.direction, d.confidence) == ("b->a", 0.95), d
    assert d.evidence[0] == ("A's page names B's address as its original (\u201cSource link\u201d link to "
                             "https://harbourtimes.example/2024/budget)")
    assert direction(orig, copy, 1.0, 1.0).direction == "a->b"
    # two reposts of one page outside the pair, one by its canonical link and one by its plugin's link: siblings
    other = Side(text, None, "Ledger", url="https://ledger.example/n/1", canonical=copy.source_link)
    d = direction(copy, other, 1.0, 1.0)
    assert d.direction == "common" and "(A's \u201cSource link\u201d link, B's canonical link)" in d.evidence[0], d
    # a link to a page outside the pair: a vote that it reposts something
    third = Side(text, None, "Gazette", url="https://gazette.example/1")
    d = direction(third, Side(text, None, "NewsHub", source_link="https://elsewhere.example/x"), 1.0, 1.0)
    assert d.direction == "a->b" and "names another page as its original" in d.evidence[0], d


def test_relate_a_source_link_into_its_own_site_is_no_vote_where_the_pages_address_is_unknown():
    """Review: reading drops a ``Source link`` to the page's own site, but only where it knows the page's address;
    a page read without one (no URL, canonical or og:url) still voted that it reposts a page of its own site."""
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    third = Side(text, None, "Gazette", url="https://gazette.example/1")
    for site in ("NewsHub", "newshub.example", "www.newshub.example"):
        own = Side(text, None, site, source_link="https://www.newshub.example/2024/03/budget")
        d = direction(third, own, 1.0, 1.0)
        assert not any("as its original" in e for e in d.evidence), (site, d)
    # another site's page stays a vote, and so does an own-site link where the page's address is known (reading
    # keeps it only when the page's site is another's: a scraper's copied og:site_name)
    other = Side(text, None, "NewsHub", source_link="https://elsewhere.example/x")
    assert direction(third, other, 1.0, 1.0).direction == "a->b"


def test_relate_two_pages_that_name_each_other_their_original_decide_nothing():
    """Review: A's canonical link names B and B's Source link names A; the rule checked first decided (a->b at
    0.95). The pages contradict each other, so the other evidence decides."""
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    a = Side(text, None, "Harbour Times", url="https://harbourtimes.example/budget",
             canonical="https://newshub.example/?p=12")
    b = Side(text, None, "NewsHub", "Source link", url="https://newshub.example/?p=12",
             source_link="https://harbourtimes.example/budget")
    d = direction(a, b, 1.0, 1.0)
    assert not any("as its original" in e for e in d.evidence), d
    assert direction(a, replace(b, source_link=None), 1.0, 1.0).direction == "b->a"


def test_relate_a_canonical_link_to_the_other_page_decides_the_direction():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    orig = Side(text, "2024-03-15", "Harbour Times", url="https://www.harbourtimes.example/2024/budget/")
    copy = Side(text, "2024-03-14", "NewsHub", url="https://newshub.example/?p=12",
                canonical="http://harbourtimes.example/2024/budget?utm_source=feed")
    # the copy's own date is earlier (scrapers stamp their own), yet its page names the original's address
    d = direction(copy, orig, 1.0, 1.0)
    assert (d.direction, d.confidence) == ("b->a", 0.95) and "canonical link" in d.evidence[0], d
    assert direction(orig, copy, 1.0, 1.0).direction == "a->b"
    # two pages naming one third page are siblings
    other = Side(text, None, "Ledger", url="https://ledger.example/n/1", canonical=copy.canonical)
    assert direction(copy, other, 1.0, 1.0).direction == "common"
    # one naming a page outside the pair: a vote that it reposts something
    third = Side(text, None, "Gazette", url="https://gazette.example/1")
    d = direction(third, Side(text, None, "NewsHub", canonical="https://elsewhere.example/x"), 1.0, 1.0)
    assert d.direction == "a->b" and "names another page as its original" in d.evidence[0], d
    assert direction(third, Side(text, None, "Ledger"), 1.0, 1.0).direction == "unknown"


def test_relate_dates_compare_as_instants_across_time_zones():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    # the original at 01:00 UTC on the 27th; the copy three hours later, stamped in Pacific time on the 26th
    orig = Side(text, "2016-10-27T01:00:00+00:00")
    copy = Side(text, "2016-10-26T21:00:00-07:00")
    d = direction(orig, copy, 1.0, 1.0)
    assert d.direction == "a->b" and d.evidence[0] == ("published 2016-10-27 01:00 UTC (A) and 2016-10-27 04:00 UTC "
                                                       "(B)"), d
    # a date without a time is compared with the day the copy was stamped in its own zone: the same day says nothing
    assert direction(Side(text, "2016-10-26"), copy, 1.0, 1.0).direction == "unknown"  # the copy's own day
    assert direction(Side(text, "2016-10-25"), copy, 1.0, 1.0).direction == "a->b"


def test_relate_a_copy_saying_it_first_appeared_on_the_other_site_outweighs_its_earlier_date():
    body = "The council agreed the budget on Tuesday after a long debate about the harbour and the roads. " * 3
    orig = Side(body, "2016-10-26", "The Washington Post")
    copy = Side(body + "\nThis article originally appeared on The Washington Post.", "2016-10-24", "NewsFeedHub")
    d = direction(orig, copy, 1.0, 1.0)
    assert d.direction == "a->b" and "B credits The Washington Post (it says it first appeared there)" in d.evidence
    # a dateline naming the other side's site says where the story comes from too: it outweighs the copy's date
    # (until 2026-12-03 it did not, and the pair was `unknown`); a mere mention of the site in the head does not
    dateline = Side("WASHINGTON (The Washington Post) — " + body, "2016-10-24", "NewsFeedHub")
    d = direction(orig, dateline, 1.0, 1.0)
    assert d.direction == "a->b" and "B credits The Washington Post (in a credit line, dateline or byline)" in d.evidence
    mention = Side("The Washington Post reported on Monday that " + body, "2016-10-24", "NewsFeedHub")
    assert direction(orig, mention, 1.0, 1.0).direction == "unknown"


def test_relate_a_scrapers_earlier_date_does_not_outweigh_a_credit_to_the_credited_sites_own_page():
    # (QA) a scraper's verbatim copy of Reuters' page, stamped hours before it and ending "Source: Reuters": the
    # copy credits the other side's site, whose own text credits itself in its dateline: that side is Reuters'
    # own copy, and the scraper's date does not make the direction unknown
    body = ("WASHINGTON (Reuters) - The centerpiece of the president's climate strategy faces a key test on Tuesday "
            "when opponents try to convince a U.S. appeals court to throw out the regulations. ") * 3
    orig = Side(body, "2016-09-27T08:04:00+00:00", "Reuters")
    copy = Side(body + "\nSource: Reuters", "2016-09-26T21:00:00+00:00", "Daily Viral News")
    for a, b, want in ((orig, copy, "a->b"), (copy, orig, "b->a")):
        d = direction(a, b, 1.0, 1.0)
        assert d.direction == want and d.confidence > 0, d
        assert any(e.endswith("since A is Reuters's own page (its own dateline or byline credits Reuters)")
                   or e.endswith("since B is Reuters's own page (its own dateline or byline credits Reuters)")
                   for e in d.evidence), d.evidence
    # a page whose own text does not credit its site: the copy's credit line still outweighs its own earlier date
    # (`unknown` until 2026-12-03)
    plain = Side(body.replace("(Reuters) ", ""), "2016-09-27T08:04:00+00:00", "Reuters")
    assert direction(plain, Side(plain.text + "\nSource: Reuters", "2016-09-26T21:00:00+00:00", "Daily Viral News"),
                     1.0, 1.0).direction == "a->b"


def test_relate_a_backdated_thiefs_copy_does_not_outweigh_the_original_naming_itself_in_its_reporting():
    """Found by QA (a newsroom's copy): a thief's verbatim copy, no credit line, stamped two days before the
    newsroom's original, read as the original on its date alone, though the text says deep inside that people
    spoke to the newsroom (``told The Washington Post``): only its first 600 characters were searched."""
    from unspun.relate.credits import reported_to

    head = "The council agreed the budget on Tuesday after a long debate about the harbour and the roads. " * 8
    body = head + "\"We had no choice,\" the mayor told The Washington Post in an interview on Wednesday."
    assert len(head) > 600
    for site in ("The Washington Post", "www.washingtonpost.com"):
        orig = Side(body, "2016-10-26", site)
        thief = Side(body, "2016-10-24", "dailyinformer.example")
        for a, b, want in ((orig, thief, "a->b"), (thief, orig, "b->a")):
            d = direction(a, b, 1.0, 1.0)
            assert d.direction == want and d.confidence > 0, (site, d)
            assert any("own page (its own text names" in e for e in d.evidence), d.evidence
    # a place or a leading word of a name is no credit; the outlet's whole name is
    assert not reported_to("He flew back to Washington on Friday.", "Washington Examiner")
    assert not reported_to("She told The Washington Post.", "washingtonexaminer.com")
    assert reported_to("The memo was obtained by Politico on Monday.", "www.politico.com")
    assert reported_to("The Washington Post has learned that the deal fell through.", "washingtonpost.com")
    # review: a host that spells 'the' (told The Hill), a possessive (CNN's), a sentence's first 'According to'
    assert reported_to("The senator told The Hill on Monday.", "thehill.com")
    assert reported_to("The Guardian has learned that the deal fell through.", "www.theguardian.com")
    assert reported_to("\"It is over,\" he told CNN's Jake Tapper.", "edition.cnn.com")
    assert reported_to("According to Reuters, the deal fell through.", "reuters.com")
    for site in ("thehill.com", "The Hill"):
        assert not reported_to("The deal fell through, according to Hill.", site)  # a person named Hill
        assert reported_to("The deal fell through, a senator told The Hill.", site)
    # two independent pages with no such words: the earlier date still decides
    plain = Side(head, "2016-10-26", "The Washington Post")
    assert direction(plain, Side(head, "2016-10-24", "dailyinformer.example"), 1.0, 1.0).direction == "b->a"


def test_relate_the_short_name_a_newsroom_uses_after_naming_itself_credits_it():
    """A newsroom names itself in full once (``a Washington Post-ABC News poll``) and then writes ``told The Post``:
    on its own page that is its own reporting, so a thief's verbatim copy stamped earlier does not outweigh it. The
    short name alone, in a text that never names the outlet in full, is no credit (The Post of which city?), nor is
    a short name that is the whole name or too short to tell."""
    from unspun.relate.credits import reported_to

    head = "The council agreed the budget on Tuesday after a long debate about the harbour and the roads. " * 8
    poll = "A Washington Post-ABC News poll found that support for the plan fell. "
    body = poll + head + "\"We had no choice,\" the mayor told The Post in an interview on Wednesday."
    for site in ("The Washington Post", "www.washingtonpost.com"):
        assert reported_to(body, site), site
        orig, thief = Side(body, "2016-10-26", site), Side(body, "2016-10-24", "dailyinformer.example")
        for a, b, want in ((orig, thief, "a->b"), (thief, orig, "b->a")):
            d = direction(a, b, 1.0, 1.0)
            assert d.direction == want and any("own page (its own text names" in e for e in d.evidence), (site, d)
    assert not reported_to(body.replace(poll, ""), "washingtonpost.com")  # never named in full
    assert not reported_to(body, "nypost.com") and not reported_to(body, "New York Post")  # not named in full
    assert reported_to("The Wall Street Journal's poll. A spokesman told The Journal on Monday.", "wsj.com") is False
    assert reported_to("The Wall Street Journal's poll. A spokesman told The Journal on Monday.",
                       "The Wall Street Journal")
    assert not reported_to("A Daily Sun reader. She told The Sun on Monday.", "The Daily Sun")  # three letters
    assert not reported_to(poll + "He told The Post Office on Monday.", "washingtonpost.com")  # another name


def test_relate_a_site_name_that_begins_a_longer_name_is_no_credit_to_the_site():
    """Found by review: ``told Time Warner`` credited time.com and ``The Hill Times`` (a Canadian paper) The Hill,
    the site's name being the first word of another's; a day, a month or an outlet's own edition after the name
    leaves it the site's."""
    from unspun.relate.credits import reported_to

    assert not reported_to("The merger was approved, a spokesman told Time Warner staff.", "time.com")
    assert not reported_to("A senator told The Hill Times on Monday.", "thehill.com")
    assert reported_to("A senator told The Hill Tuesday.", "thehill.com")
    assert reported_to("She told The Washington Post Magazine in March.", "washingtonpost.com")
    assert reported_to("He told Fox News Digital that he would run.", "foxnews.com")
    assert reported_to("According to Politico Europe, the deal fell through.", "politico.com")


def test_relate_a_short_name_is_one_word_not_the_first_word_of_another_name():
    """Review: the second reference took the first word of any run of capitalised words after 'the', so another
    outlet or a place whose name starts with the short name credited the outlet the text names in full: the Star
    Tribune the Kansas City Star, the Times Union The New York Times, the Post Office The Washington Post. A day
    after the short name is no part of it (AP style: told The Post Wednesday)."""
    from unspun.relate.credits import reported_to

    poll = "A Washington Post-ABC News poll found that support for the plan fell. "
    assert not reported_to(poll + "The mayor sent a letter to the Post Office on Monday.", "washingtonpost.com")
    assert not reported_to("The Kansas City Star's editors met. According to the Star Tribune, the deal fell through.",
                           "Kansas City Star")
    assert not reported_to("The New York Times's poll. He told the Times Union in Albany.", "The New York Times")
    for said in ("told The Post Wednesday that", "told The Post on Wednesday", "told The Post: we", "told The Post."):
        assert reported_to(poll + f"The mayor {said} it was over.", "washingtonpost.com"), said


def test_relate_a_short_name_counts_only_when_the_text_names_one_outlet_with_it():
    """Review: a text that names two outlets ending in one word (a Denver Post columnist quoted in The Washington
    Post's story, which the Denver Post runs too) read ``told The Post`` as the Denver Post's own reporting, and
    the pair turned round against its dates; a name the text writes in one word (``HuffPost``) or with a hyphen
    (``Sun-Times``) has no short form, and ``The Globe and Mail`` is no short name of The Boston Globe."""
    from unspun.relate.credits import reported_to

    poll = "A Washington Post-ABC News poll found that support for the plan fell. "
    both = poll + "Jane Smith, a former Denver Post columnist, told The Post on Monday that it was over."
    for site in ("washingtonpost.com", "denverpost.com", "The Denver Post"):
        assert not reported_to(both, site), site
    body = both + " The council agreed the budget on Tuesday after a long debate about the harbour." * 6
    wapo, denver = Side(body, "2016-10-24", "washingtonpost.com"), Side(body, "2016-10-25", "denverpost.com")
    assert direction(wapo, denver, 1.0, 1.0).direction == "a->b"  # the dates tell; no credit turns it round
    assert not reported_to("HuffPost reported it first. He told The Post on Monday.", "huffpost.com")
    assert not reported_to("The Chicago Sun-Times reported it. He told The Times on Monday.", "Chicago Sun-Times")
    assert not reported_to("The Boston Globe said so. According to The Globe and Mail, it fell.", "bostonglobe.com")
    assert reported_to("The Boston Globe said so. According to The Globe, it fell.", "bostonglobe.com")
    assert reported_to("Fox News reported it. He told The News on Monday.", "foxnews.com")
    assert not reported_to(poll + "Fox News reported it. He told The News on Monday.", "foxnews.com")  # ABC News


def test_relate_a_credit_line_names_a_site_as_its_host_writes_it():
    # (2026-12-03) "Source: Harbor Wire" on a scraper's page stamped a day before harborwire.example's: the credit
    # is to that site (its host writes the name without a space) and outweighs the scraper's own date
    from unspun.relate.credits import canonical, credits_site

    assert canonical("Harbor Wire") == "harborwire" and canonical("Al-Jazeera") == "aljazeera"
    assert canonical("The Associated Press") == "associated press"
    assert credits_site("The mayor spoke.\nSource: Harbor Wire", "harborwire.example")
    assert credits_site("The mayor spoke.\nVia The Washington Post", "www.washingtonpost.com")
    assert not credits_site("The mayor spoke.\nSource: Harbor Wire", "harbor.example")
    body = "Eleven mayors backed a plan to build a tidal barrier on Thursday, ending two years of argument. " * 3
    orig = Side(body, "2024-03-14T10:00:00Z", "harborwire.example")
    copy = Side(body + "\nSource: Harbor Wire", "2024-03-13T08:00:00Z", "newshub24.example")
    d = direction(copy, orig, 1.0, 1.0)
    assert d.direction == "b->a" and "A credits harborwire.example (in a credit line, dateline or byline)" in d.evidence


def test_relate_a_wordpress_feed_footer_credits_the_site_the_post_appeared_first_on():
    # a scraper that imports an RSS feed keeps WordPress's own footer, "The post <title> appeared first on <site>."
    # (QA): the copy's statement of its source, as "This article first appeared on <site>" is
    body = "The council agreed the budget on Tuesday after a long debate about the harbour and the roads. " * 3
    orig = Side(body, "2016-10-26", "POLITICO")
    footer = "\nThe post Council agrees the budget after harbour debate appeared first on POLITICO."
    copy = Side(body + footer, "2016-10-24", "NewsFeedHub")
    d = direction(orig, copy, 1.0, 1.0)
    assert d.direction == "a->b" and "B credits POLITICO (it says it first appeared there)" in d.evidence
    from unspun.relate.credits import credited

    assert set(credited("The mayor spoke." + footer)) == {"politico"}


def test_relate_unknown_says_what_it_saw():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    d = direction(Side(text, "2016-10-10", url="https://x.example/a?utm_source=fb"),
                  Side(text, "2016-10-10T18:00:00Z", url="https://www.x.example/a/"), 1.0, 1.0)
    assert d.direction == "unknown" and d.evidence == (
        "both are the page at https://x.example/a?utm_source=fb (one address: the same page read twice)",
        "both published 2016-10-10: the dates do not tell"), d
    assert direction(Side(text), Side(text), 1.0, 1.0).evidence == (
        "no dates, containment, rewriting traces or credits tell",)
    assert direction(Side(text), Side(text, "2016-10-10"), 1.0, 1.0).evidence == (
        "only B has a publication date, so dates do not tell",)


def test_relate_a_later_version_of_the_source_does_not_make_its_first_versions_copies_a_chain():
    # (QA) a site updates its page (v2: "nearly" -> "about"); a partner's exact copy (p) and a scraper's copy (x,
    # "face" -> "square") of the first version (v1) both derive from v1 and, by the partner's canonical link and
    # dates, from v2 too: what v2 changed is no change of p's, so p is not x's parent: both derive from v1
    from unspun.records import Relation
    from unspun.relate import siblings

    def rel(a, b, kind, d, diff=()):
        return Relation(a, b, kind, 1.0, 1.0, d, 0.5, ("x",), (), tuple(diff))

    rels = [rel("v1", "p", "duplicate", "a->b"), rel("v1", "x", "copy", "a->b", [("face", "square")]),
            rel("v2", "p", "duplicate", "a->b", [("About", "Nearly")]),
            rel("v2", "x", "copy", "a->b", [("About", "Nearly"), ("face", "square")]),
            rel("p", "x", "copy", "unknown")]
    out = {(r.a, r.b): r for r in siblings(rels)}
    assert out[("p", "x")].direction == "common", out[("p", "x")]
    assert not any("keeps every change" in e for e in out[("p", "x")].evidence), out[("p", "x")].evidence
    # a cut copy (c) of x with x's change and none of its own, the pair judged siblings for crediting one wire:
    # c derives from x (it is contained in x), not 'unknown' beside the wire credit's "both derive from it"
    cut = Relation("x", "c", "copy", 0.6, 1.0, "common", 0.7, ("both credit Reuters, which is neither side's site",))
    out = {(r.a, r.b): r for r in siblings([rels[1], rel("v1", "c", "copy", "a->b", [("face", "square")]), cut])}
    assert out[("x", "c")].direction == "a->b", out[("x", "c")]
    assert out[("x", "c")].evidence[0].startswith("B keeps every change A made to v1 (face → square)"), out[("x", "c")]


def test_relate_a_copy_of_a_copy_keeps_its_parents_edits_and_is_not_its_sibling():
    from unspun.records import Relation
    from unspun.relate import siblings

    def rel(a, b, kind, d, diff=()):
        return Relation(a, b, kind, 1.0, 1.0, d, 0.5, ("x",), (), tuple(diff))

    s_x = rel("s", "x", "duplicate", "a->b", [("said", "stated")])  # x changed one word of s
    s_y = rel("s", "y", "copy", "a->b", [("said", "stated"), ("bank", "lender")])  # y carries it, and adds one
    x_y = rel("x", "y", "copy", "unknown")
    out = {(r.a, r.b): r for r in siblings([s_x, s_y, x_y])}
    assert out[("x", "y")].direction == "a->b", out[("x", "y")]
    assert out[("x", "y")].evidence[0].startswith("B keeps every change A made to s (said → stated)")
    # the same changes on both sides: a chain, its direction from the pair itself (containment, here), or unknown
    s_y1 = rel("s", "y", "copy", "a->b", [("said", "stated")])
    assert {(r.a, r.b): r for r in siblings([s_x, s_y1, rel("x", "y", "copy", "a->b")])}[("x", "y")].direction == "a->b"
    assert {(r.a, r.b): r for r in siblings([s_x, s_y1, x_y])}[("x", "y")].direction == "unknown"
    # two copies each with its own change are siblings of s
    s_z = rel("s", "z", "copy", "a->b", [("bank", "lender")])
    out = {(r.a, r.b): r for r in siblings([s_x, s_z, rel("x", "z", "copy", "unknown")])}
    assert out[("x", "z")].direction == "common" and out[("x", "z")].evidence[0] == "both derive from s"
    # a copy with no change of its own tells nothing: siblings, as before
    s_w = rel("s", "w", "copy", "a->b")
    assert {(r.a, r.b): r for r in siblings([s_x, s_w, rel("w", "x", "copy", "unknown")])}[("w", "x")].direction == "common"
    assert siblings(siblings([s_x, s_y, x_y])) == siblings([s_x, s_y, x_y])  # applying it again changes nothing


@pytest.mark.parametrize("text", ["Trump Fires Back (Again.)\nThe candidate said on Monday that he would win.",
                                  "Trump Fires Back (Again)\nThe candidate said on Monday that he would win."])
def test_relate_a_headlines_aside_in_brackets_is_no_credit(text):
    from unspun.relate.credits import credited

    assert credited(text) == {}
    assert credited("WASHINGTON (AP) — The Senate voted on Monday.") == {"associated press": "AP"}
    assert credited("Washington (CNN)The Senate voted on Monday.") == {"cnn": "CNN"}


def test_relate_two_versions_of_one_file_say_so():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    d = direction(Side(text, source="c/story.txt"), Side(text + " More.", source="c/story.txt"), 1.0, 1.0)
    assert d.direction == "unknown" and d.evidence[0].startswith("both were read from c/story.txt: two versions"), d


def test_relate_a_day_against_a_time_compares_the_times_own_day():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    # 20:00 Pacific on the 26th is the 27th in UTC, but the 26th where it was stamped: the same day as A
    assert direction(Side(text, "2016-10-26"), Side(text, "2016-10-26T20:00:00-07:00"), 1.0, 1.0).direction == "unknown"
    assert direction(Side(text, "2016-10-25"), Side(text, "2016-10-26T20:00:00-07:00"), 1.0, 1.0).direction == "a->b"


def test_relate_two_versions_of_one_file_point_from_the_one_read_first():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    old, new = Side(text, source="news/story.txt", read=3), Side(text + " Correction appended.", source="news/story.txt",
                                                                 read=9)
    assert direction(old, new, 1.0, 0.9).direction == "a->b"
    assert direction(new, old, 0.9, 1.0).direction == "b->a"
    # pages are told apart by their address, not by when they were read
    page = Side(text, url="https://x.example/a", source="https://x.example/a", read=2)
    assert direction(page, replace(page, read=7), 1.0, 1.0).direction == "unknown"


def test_relate_provenance_edges_carry_their_own_pair_and_each_ends_coverage():
    """Found by QA: a duplicate between two siblings of a missing source vanished from the graph, each edge from
    the 'not in the corpus' node carried the kind and coverage of whichever sibling pair came first, and a
    reversed edge kept the relation's a/b coverage, so its 'from' figure was the target's."""
    rels = [Relation("m", "w", "duplicate", 1.0, 1.0, "common", 0.7),
            Relation("m", "s", "copy", 0.79, 0.63, "common", 0.7),
            Relation("k", "s", "partial", 0.25, 0.08, "b->a", 0.6)]
    [fam] = families(rels)
    assert fam.original == OUTSIDE
    edges = {(e["from"], e["to"]): e for e in to_json([fam])[0]["edges"]}
    outside = f"{OUTSIDE}:{fam.id}"
    assert {edges[(outside, x)]["kind"] for x in ("m", "w", "s")} == {"derives"}
    assert all("coverage_from" not in edges[(outside, x)] for x in ("m", "w", "s"))
    assert edges[("m", "w")]["kind"] == "duplicate" and edges[("m", "w")]["direction"] == "common"
    assert (edges[("m", "s")]["coverage_from"], edges[("m", "s")]["coverage_to"]) == (0.79, 0.63)
    # s is the source of k: the edge runs s -> k and its coverages follow it
    assert (edges[("s", "k")]["coverage_from"], edges[("s", "k")]["coverage_to"]) == (0.08, 0.25)
    # siblings of a source in the family keep their link too, and it makes no one an original
    [fam] = families([_rel("o", "c1", "copy", "a->b"), _rel("o", "c2", "copy", "a->b"),
                      _rel("c1", "c2", "duplicate", "common")])
    assert fam.original == "o" and fam.graph.edges["c1", "c2"]["direction"] == "common"


def test_relations_csv_keeps_a_formula_title_as_text():
    """A page titled like a spreadsheet formula is written so that a spreadsheet shows it, not runs it (QA)."""
    import csv
    import io

    from unspun.export import relations_csv

    rel = Relation("a1", "b2", "copy", 0.9, 0.8, "a->b", 0.7, ("-dated first",))
    meta = {"a1": {"url": "https://x.example/1", "title": '=HYPERLINK("http://evil.example","click")'},
            "b2": {"source": "b.txt", "title": "+1 for the mayor"}}
    row = next(csv.DictReader(io.StringIO(relations_csv([rel], meta))))
    assert row["title_a"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert row["title_b"] == "'+1 for the mayor" and row["evidence"] == "'-dated first"
    assert row["address_a"] == "https://x.example/1" and row["address_b"] == "b.txt"
    assert row["coverage_a"] == "0.9" and row["kind"] == "copy"


def test_relate_a_partial_source_of_both_copies_does_not_void_their_chain():
    # (review) s -> a (a copy: face -> square), a -> b (b keeps it and adds its own); p, an earlier article that
    # both lift a sentence from, is a dated source of both with no copy's diff: it says nothing of the copies'
    # changes, and the pair stays a chain instead of 'common, both derive from p'
    from unspun.records import Relation
    from unspun.relate import siblings

    def rel(a, b, kind, d, diff=()):
        return Relation(a, b, kind, 1.0, 1.0, d, 0.5, ("x",), (), tuple(diff))

    rels = [rel("s", "a", "copy", "a->b", [("face", "square")]),
            rel("s", "b", "copy", "a->b", [("face", "square"), ("nearly", "about")]),
            rel("a", "b", "copy", "unknown"), rel("a", "p", "partial", "b->a"), rel("b", "p", "partial", "b->a")]
    out = {(r.a, r.b): r for r in siblings(rels)}
    assert out[("a", "b")].direction == "a->b", out[("a", "b")]
    assert out[("a", "b")].evidence[0].startswith("B keeps every change A made to s (face → square)"), out[("a", "b")]


def test_relate_moved_passages_are_the_blocks_out_of_order():
    # (QA) a copy that moved a paragraph was a plain duplicate with nothing to say the order changed
    from unspun.relate.moves import moved

    def p(a0, b0, n=10, weak=""):
        return Passage(Span(a0, a0 + n), Span(b0, b0 + n), "exact", 1.0, weak)

    in_order = [p(0, 0), p(11, 11), p(22, 22), p(33, 33)]
    assert moved(in_order) == [] and moved([]) == [] and moved(in_order[:1]) == []
    # a paragraph of two sentences (A 22-42) moved to the top of B: one block, the heavier rest stays in order
    paragraph = [p(0, 22), p(11, 33), p(22, 0), p(33, 11), p(44, 44), p(55, 55)]
    assert moved(paragraph) == [(Span(22, 43), Span(0, 21))]
    # two moves apart are two blocks; a weak passage (a shared quotation) out of order is no move
    two = [p(0, 33), p(11, 11), p(22, 22), p(33, 0), p(44, 44), p(55, 70, weak="quote")]
    assert moved(two) == [(Span(0, 10), Span(33, 43)), (Span(33, 43), Span(0, 10))]
    # moved sentences that stand together in A but not in B are separate blocks
    split = [p(0, 0), p(11, 60), p(22, 11), p(33, 80), p(44, 22), p(55, 33)]
    assert moved(split) == [(Span(11, 21), Span(60, 70)), (Span(33, 43), Span(80, 90))]


def test_relate_a_credit_line_both_sides_carry_does_not_outweigh_the_dates():
    # (review of 2026-12-03) an original's photo credit naming the site that later copied it verbatim, kept in the
    # copy: both texts carry the line, so it is no statement of the copy's source and must not turn the pair round
    body = "Eleven mayors backed a plan to build a tidal barrier on Thursday, ending two years of argument. " * 3
    line = "\nCourtesy of Coastal Ledger"
    orig = Side(body + line, "2024-03-14T10:00:00Z", "harborwire.example")
    copy = Side(body + line, "2024-03-15T08:00:00Z", "coastalledger.example", scraped="Source link")
    d = direction(orig, copy, 1.0, 1.0)
    assert d.direction == "a->b" and "A credits coastalledger.example (in a credit line both sides carry)" in d.evidence, d
    assert direction(orig, Side(copy.text, copy.published, copy.site), 1.0, 1.0).direction != "b->a"
    # a credit line only the copy carries still outweighs its own earlier date
    added = Side(body + "\nSource: Harbor Wire", "2024-03-13T08:00:00Z", "newshub24.example")
    assert direction(Side(body, "2024-03-14T10:00:00Z", "harborwire.example"), added, 1.0, 1.0).direction == "a->b"


def test_relate_two_pages_of_one_site_by_name_and_by_host_credit_no_one():
    # QA (a crawl): a section page of The Valley Tribune (og:site_name) lists the lead of an article whose print
    # page, saved without og:site_name, goes by its host and carries the byline "By Joanna Fleck, The Valley
    # Tribune": its credit to its own site made the section page its source ('B credits The Valley Tribune')
    from unspun.relate.credits import same_site

    assert same_site("The Valley Tribune", "www.valleytribune.example") and same_site("The Hill", "thehill.com")
    assert same_site("CNN", "edition.cnn.com") and same_site("Harbor Wire", "Harbor Wire")
    assert not same_site("The Times", "The Times of India") and not same_site("Harbor Wire", "coastalledger.example")
    assert not same_site(None, "") and not same_site("", "")
    assert same_site("www.valleytribune.example", "valleytribune.example")
    assert not same_site("alice.blogspot.com", "bob.blogspot.com")  # two blogs of one platform are two sites
    lead = ("DORRANCE — The Kessler River bridge, which carries about 31,000 vehicles a day between Dorrance and the "
            "eastern suburbs, will close to all traffic on April 14 for at least six months, officials said Tuesday.")
    section = Side(f"The Valley Tribune — Dorrance news, sports and weather\n{lead}\nMarch 3\n"
                   "DORRANCE — The Dorrance school board voted 5-2 late Monday to approve a $94 million budget.",
                   None, "The Valley Tribune", url="https://www.valleytribune.example/")
    page = Side(f"By Joanna Fleck, The Valley Tribune\n{lead}\n" + "Traffic will be sent over the Mill Street crossing. " * 8,
                "2026-03-03T16:20:00-05:00", "www.valleytribune.example",
                url="https://www.valleytribune.example/news/2026/03/03/kessler-river-bridge-to-close")
    d = direction(section, page, 0.25, 0.12)
    assert d.direction == "unknown" and not any("credits" in e for e in d.evidence), d
    # a credit to another site still counts
    other = replace(page, site="www.ridgepost.example")
    assert direction(section, other, 0.25, 0.12).direction == "a->b"
    # and a long sentence the one site carries on two pages is its own, not a passage lifted from the other
    passage = Passage(Span(55, 55 + len(lead)), Span(36, 36 + len(lead)), "exact", 1.0)
    sharing = Sharing(coverage_a=0.25, coverage_b=0.12, exact_share=1.0, longest_run=1, passages=1, strong=1,
                      long_passages=1)
    rel = relate_pair("a", "b", section, page, [passage], sharing)
    assert rel is None or rel.kind == "same_story", rel
    assert relate_pair("a", "b", section, other, [passage], sharing).kind == "partial"
    # a scraper that kept its source's og:site_name is on another domain: its credit still counts
    body = "Traffic will be sent over the Mill Street crossing, about four miles upstream, officials said. " * 3
    orig = Side(body, "2026-03-03", "The Valley Tribune", url="https://www.valleytribune.example/news/bridge")
    scraper = Side(body + "\nSource: The Valley Tribune", "2026-03-03", "The Valley Tribune",
                   url="https://newsfeedhub24.example/bridge-to-close")
    assert direction(orig, scraper, 1.0, 1.0).direction == "a->b"


def test_relate_two_captures_of_one_address_the_later_is_the_later_version():
    # QA (a crawl): a live blog fetched twice, its second capture with three new entries on top: the first
    # capture, contained in the second, was called its copy (b->a, 0.5); the crawl dates say which came first
    url = "https://www.valleytribune.example/news/live/ice-storm-dorrance-county"
    first = ("7:45 a.m. — Dorrance Power & Light says about 18,400 customers are without electricity this morning.\n"
             "6:30 a.m. — Freezing rain began around midnight and is expected to continue until at least noon.")
    second = ("10:20 a.m. — The number of customers without power has risen to about 26,000, the utility said.\n"
              "9:05 a.m. — County emergency managers have opened a warming center at the Eastside Community Center.\n"
              + first)
    a = Side(first, "2026-02-18T06:30:00-05:00", "The Valley Tribune", url=url, crawled="2026-02-18T12:50:00Z")
    b = Side(second, "2026-02-18T06:30:00-05:00", "The Valley Tribune", url=url, crawled="2026-02-18T15:30:00Z")
    d = direction(a, b, 0.97, 0.55)
    assert d.direction == "a->b" and "B is a later version of it" in d.evidence[0], d
    assert direction(b, a, 0.55, 0.97).direction == "b->a"
    # without crawl dates (or at two addresses) it is as before: containment
    assert direction(replace(a, crawled=None), b, 0.97, 0.55).direction == "b->a"
    assert direction(a, replace(b, url=url + "/amp"), 0.97, 0.55).direction == "b->a"


@pytest.mark.parametrize("link", [
    "https://www.politico.com/story/2016/09/chelsea-228311?fbclid=IwAR2abc",
    "https://www.politico.com/story/2016/09/chelsea-228311?ref=rss&utm_source=rss",
    "https://www.politico.com/amp/story/2016/09/chelsea-228311",
    "https://www-politico-com.cdn.ampproject.org/c/s/www.politico.com/story/2016/09/chelsea-228311",
    "http://politico.com/story/2016/09/chelsea-228311/amp/",
])
def test_relate_a_source_link_with_a_click_id_or_to_the_amp_page_names_the_page(link):
    """Found by QA (content farm, 2026-12-04): a reposting plugin's link carries the feed's or share button's click
    identifier, or names the article's AMP page; it was read as naming a page outside the pair, a vote of 0.2 that a
    thief's earlier stamp could outweigh, and two scrapers naming one original in two such forms were read by their
    dates as one the other's source."""
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    orig = Side(text, "2016-09-17", "Politico", url="https://www.politico.com/story/2016/09/chelsea-228311")
    copy = Side(text, "2016-09-14", "NewsBuzz", "Source link", url="https://newsbuzz.example/chelsea/",
                source_link=link)
    d = direction(copy, orig, 1.0, 1.0)
    assert (d.direction, d.confidence) == ("b->a", 0.95), d
    other = Side(text, "2016-09-16", "OtherFarm", "Source link", url="https://otherfarm.example/chelsea/",
                 source_link="https://www.politico.com/story/2016/09/chelsea-228311")
    d = direction(copy, other, 1.0, 1.0)
    assert d.direction == "common", d


def test_relate_an_amp_page_still_derives_from_the_page_its_canonical_link_names():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    amp = Side(text, None, "Politico", url="https://www.politico.com/amp/story/x-1",
               canonical="https://www.politico.com/story/x-1")
    page = Side(text, None, "Politico", url="https://www.politico.com/story/x-1",
                canonical="https://www.politico.com/story/x-1")
    assert direction(amp, page, 1.0, 1.0).direction == "b->a"


def test_relate_a_source_link_to_a_page_whose_own_address_has_a_click_id_still_names_it():
    text = "The council agreed the budget on Tuesday after a long debate about the harbour."
    orig = Side(text, "2016-09-17", "Ledger", url="https://ledger.example/budget?ref=home")
    copy = Side(text, "2016-09-14", "NewsBuzz", "Source link", url="https://newsbuzz.example/budget/",
                source_link="https://ledger.example/budget?ref=home")
    assert direction(copy, orig, 1.0, 1.0).direction == "b->a"


def test_distinct_sites_counts_a_site_known_by_name_and_by_host_once():
    """A crawl's AMP and print pages carry no ``og:site_name`` and go by their host: the stories listing and the
    report counted ``The Valley Tribune`` and ``valleytribune.example`` as two sites (found by QA)."""
    from unspun.relate.credits import distinct_sites

    assert distinct_sites(["The Valley Tribune", "valleytribune.example", "www.valleytribune.example",
                           "The Valley Tribune", None, ""]) == ["The Valley Tribune"]
    assert distinct_sites(["coastnews.example", "Coast News", "Metro Times", "The Daily Region"]) == [
        "Coast News", "Metro Times", "The Daily Region"]
    assert distinct_sites(["alice.blogspot.com", "bob.blogspot.com"]) == ["alice.blogspot.com", "bob.blogspot.com"]
    assert distinct_sites(["The Times", "The Times of India"]) == ["The Times", "The Times of India"]
