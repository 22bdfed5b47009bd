"""Tests of the clean stage (unspun.clean): fixture pages in tests/data/clean/ and the real PolNeAR articles.

The fixture pages and article bodies are invented for these tests (no real
article is copied); the real-data test reads PolNeAR from ../shared/datasets.
"""

from __future__ import annotations

import collections
import csv
import doctest
import os
from pathlib import Path

import pytest

import unspun.clean
from unspun.clean import (
    KINDS,
    apply_removals,
    clean_text,
    cleaned_to_raw,
    learn_site_furniture,
    normalise_line,
)
import unspun.clean.patterns
import unspun.clean.site
from unspun.clean.patterns import STRONG, classify_line
from unspun.clean.site import reads_as_sentence
from unspun.config import CleanOptions
from unspun.records import Removal

DATA = Path(__file__).parent / "data" / "clean"


def _fixture(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _parts(name: str) -> list[str]:
    return [part.strip() for part in _fixture(name).split("=====")]


def _check_removals(raw: str, removals: tuple[Removal, ...]) -> None:
    """Offsets point at the removed text, in order, without overlap, with a known kind."""
    end = 0
    for r in removals:
        assert raw[r.start : r.end] == r.text
        assert r.start >= end, "removals overlap or are out of order"
        assert r.kind in KINDS
        end = r.end


def _ws(text: str) -> str:
    return " ".join(text.split())


def test_clean_docstring_example_holds() -> None:
    assert doctest.testmod(unspun.clean).failed == 0


# --- pattern removal on realistic scraped pages ---------------------------------------------


@pytest.mark.parametrize("name", ["wordpress_page", "news_page"])
def test_clean_fixture_page_gives_expected_text(name: str) -> None:
    raw = _fixture(f"{name}.txt")
    cleaned, removals = clean_text(raw)
    assert cleaned == _fixture(f"{name}.expected.txt").strip()
    _check_removals(raw, removals)


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("wordpress_page", "Translate »", "translate"),
        (
            "wordpress_page",
            "Photo: Council members vote on the budget on Tuesday. (Photo by Jane Doe/Getty Images)",
            "caption",
        ),
        ("wordpress_page", "Advertisement", "advert"),
        ("wordpress_page", "Share this:", "share"),
        ("wordpress_page", "Print", "share"),
        ("wordpress_page", "Like Loading...", "share"),
        ("wordpress_page", "Related Posts", "related"),
        ("wordpress_page", "Mayor Brooks unveils spending plan", "related"),
        ("wordpress_page", "Source link", "source-link"),
        ("news_page", "Protesters gather outside the state Capitol on Thursday. REUTERS/Kevin Lamarque", "caption"),
        ("news_page", "Credit: AP Photo/Julio Cortez", "caption"),
        ("news_page", "Tweet", "share"),
        ("news_page", "Tags: voter ID, Senate, elections", "taxonomy"),
        ("news_page", "Posted in Politics", "taxonomy"),
        ("news_page", "Copyright © 2024 Example News Network. All rights reserved.", "copyright"),
    ],
)
def test_clean_fixture_page_records_each_removal(name: str, text: str, kind: str) -> None:
    raw = _fixture(f"{name}.txt")
    _, removals = clean_text(raw)
    found = [r for r in removals if r.text == text]
    assert len(found) == 1, f"{text!r} not removed exactly once: {[r.text for r in removals]}"
    r = found[0]
    assert r.kind == kind
    assert raw[r.start : r.end] == text
    assert raw.count(text) == 1 and raw.index(text) == r.start


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Facebook Twitter Pinterest WhatsApp Email", "share"),
        ("Share on Facebook", "share"),
        ("3 Comments", "comment-form"),
        ("Your email address will not be published.", "comment-form"),
        ("Click here to read the full report", "read-more"),
        ("Continue reading the main story", "read-more"),
        # an excerpt's link to where it was cut from (QA, 2026-12-04)
        ("Continue reading at https://www.capitolledger.example/2016/06/02/israel/", "source-link"),
        ("Read the full story at The Capitol Ledger", "source-link"),
        ("READ MORE: Trump wins Iowa caucuses", "related"),
        ("You may also like", "related"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Follow Pam Key on Twitter @pamkeyNEN.", "follow"),
        ("Twitter: @Milbank.", "follow"),
        ("Do you support Donald Trump? Like the page:", "follow"),
        ("(Photo by Chip Somodevilla/Getty Images)", "caption"),
        ("Scott Olson/Getty Images", "caption"),
        ("Image: Reuters", "caption"),
        ("Getty.", "caption"),
        ("Filed under: Politics, Elections", "taxonomy"),
        ("Story continues below advertisement", "advert"),
        ('<tweet tweet-id="769293030520000512"><tweet/>.', "embed"),
        ("We Are Sorry, This video is restricted from playing in your location", "embed"),
        ("* * *", "separator"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
    ],
)
def test_clean_pattern_line_between_paragraphs_is_removed(line: str, kind: str) -> None:
    raw = _article_with(line, "middle")
    cleaned, removals = clean_text(raw)
    assert [(r.kind, r.text) for r in removals] == [(kind, line)]
    assert cleaned == _article_with("", "middle").replace("\n\n\n\n", "\n\n")


# A pattern's free text that reads as a clause keeps the line: these are article sentences.
CLAUSE_AFTER_A_LEAD = [
    "300 comments on the proposed rule were filed with the agency by Friday.",
    "Filed under a pseudonym, the lawsuit claims the company hid the losses.",
    "Filed under seal, the motion accused the bank of hiding the losses.",
    "Copyright 2023 was a record year for lawsuits over song lyrics, lawyers said.",
    "In 2019, the label said it had all rights reserved.",
    "Credit: the lender said it would extend the loan by two years.",
    "Subscribe to the channel, the YouTuber told his fans in a final video.",
    "Related: the council will vote on the plan again next week.",
    "Click here to see what the senator said about it.",
    "Keep reading at home, the teachers told parents who were worried about the summer.",
    "Follow us on Twitter, where the mayor said she will post updates.",
]

# Furniture with a pattern lead that must still be recognised.
FURNITURE_AFTER_A_LEAD = [
    ("3 Comments", "comment-form"),
    ("12 Responses on “Trump wins Iowa”", "comment-form"),
    ("Filed under: Politics, Elections", "taxonomy"),
    ("Tags: donald trump, hillary clinton, election 2016.", "taxonomy"),
    ("Copyright © 2024 Harbor Wire. All rights reserved.", "copyright"),
    (
        "Copyright 2016 The Associated Press. All rights reserved. "
        "This material may not be published, broadcast, rewritten or redistributed.",
        "copyright",
    ),
    ("Photo credit: Harbor Wire / File", "caption"),
    ("Credit: Getty Images", "caption"),
    ("Subscribe to our newsletter", "subscribe"),
    ("Sign up for our daily newsletter to get the news in your inbox.", "subscribe"),
    ("Want more updates from Amanda? Sign up for her newsletter, Piping Hot Truth.", "subscribe"),
    ("Photo: John Moore/Getty Images", "caption"),
    ("Photo: Council members vote on the budget on Tuesday.", "caption"),
    ("(Photo by Jane Doe/AFP via Getty Images)", "caption"),
    ("Click here to read the full report.", "read-more"),
    ("READ MORE: Trump wins Iowa caucuses", "related"),
]


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("sentence", CLAUSE_AFTER_A_LEAD)
def test_clean_clause_after_a_furniture_lead_survives(sentence: str, where: str) -> None:
    assert classify_line(sentence) is None
    raw = _article_with(sentence, where)
    cleaned, removals = clean_text(raw)
    assert removals == ()
    assert sentence in cleaned


@pytest.mark.parametrize(("line", "kind"), FURNITURE_AFTER_A_LEAD)
def test_clean_furniture_after_a_lead_is_still_removed(line: str, kind: str) -> None:
    assert classify_line(line) == (kind, STRONG)
    raw = _article_with(line, "middle")
    cleaned, removals = clean_text(raw)
    assert [(r.kind, r.text) for r in removals] == [(kind, line)]


def test_clean_comment_form_tail_is_one_block() -> None:
    raw = _fixture("wordpress_page.txt")
    _, removals = clean_text(raw)
    last = removals[-1]
    assert last.kind == "comment-form"
    assert last.text.startswith("Leave a Reply Cancel reply")
    assert last.text.endswith("Post Comment")
    assert last.end == len(raw.rstrip())


# --- article sentences that look like furniture survive -------------------------------------

LOOKALIKES = [
    "Share prices fell sharply on Monday.",
    "Photo ID laws were challenged in court.",
    "Photo identification laws were passed in 2012.",
    "He said the email was not published.",
    '"Leave a reply to every letter," the mayor told her staff.',
    "“Leave a Reply,” read the sign taped to the door.",
    "“Continue reading.”",
    "'Advertisement'",
    "Copyright law was changed in 2019.",
    "Posted in 2012, the video went viral.",
    "The poll was conducted by ABC News/AP.",
    "The rules were issued by the Environmental Protection Agency (EPA).",
    "The photo was later sold to Getty Images.",
    "Follow the money on Twitter, the senator said.",
    "Tweet by tweet, the feud grew louder.",
    "Email records show the meeting was cancelled.",
    "Source: a person familiar with the talks.",
    "Related coverage of the trial continues on page 4.",
    "Click, the company, reported higher sales.",
    "Click here, the message said, and the savings were gone.",
    "The 2011 law is known as the Voter ID Act (Photo ID Act).",
    "Associated Press",
]


def _article_with(line: str, where: str) -> str:
    first = "The governor signed the bill on Friday after months of debate in the legislature."
    last = "The law takes effect in January, officials said."
    if where == "middle":
        return f"{first}\n\n{line}\n\n{last}"
    if where == "end":
        return f"{first}\n\n{last}\n\n{line}"
    return f"{line}\n\n{first}\n\n{last}"


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("sentence", LOOKALIKES)
def test_clean_furniture_lookalike_sentence_survives(sentence: str, where: str) -> None:
    raw = _article_with(sentence, where)
    cleaned, removals = clean_text(raw)
    assert removals == ()
    assert sentence in cleaned


@pytest.mark.parametrize("word", ["Email", "Print", "Share", "Comment", "Website", "Subscribe", "Related"])
def test_clean_bare_word_between_article_paragraphs_survives(word: str) -> None:
    raw = f"The mayor spoke first.\n\n{word}\n\nThen the council voted on the plan."
    cleaned, removals = clean_text(raw)
    assert removals == ()
    assert f"\n{word}\n" in cleaned


@pytest.mark.parametrize("word", ["Email", "Print", "Share", "Tweet"])
def test_clean_bare_word_next_to_furniture_is_removed(word: str) -> None:
    raw = f"The council voted on the plan.\n\nShare this:\n{word}\n\nSource link"
    cleaned, removals = clean_text(raw)
    assert cleaned == "The council voted on the plan."
    assert word in [r.text for r in removals]


def test_clean_line_inside_a_quoted_sentence_survives() -> None:
    raw = _fixture("news_page.txt")
    cleaned, removals = clean_text(raw)
    assert '"I sent the letter to every member by\nEmail\nand by post,"' in cleaned
    inside = raw.index("by\nEmail\n") + 3
    assert not [r for r in removals if r.start <= inside < r.end]


@pytest.mark.parametrize("line", ["Advertisement", "Source link", "Share this:", "Email"])
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The council said the", "was misleading, officials said."),  # runs on, and goes on in lower case
        ("The council said the", "Council's own report was wrong."),  # runs on into the line
        ("The council said:", "was misleading, officials said."),  # goes on in lower case
    ],
)
def test_clean_furniture_word_inside_a_sentence_survives(line: str, before: str, after: str) -> None:
    raw = f"{before}\n{line}\n{after}\n\nShare this:\nTweet"
    cleaned, removals = clean_text(raw)
    assert cleaned == f"{before}\n{line}\n{after}"
    assert [r.text for r in removals] == ["Share this:", "Tweet"]


def test_clean_comment_marker_before_prose_keeps_the_prose() -> None:
    raw = (
        "The mayor signed the bill.\n\nLeave a Reply\n\n"
        "I think the mayor is right about this, and the council should have acted sooner.\n\n"
        "Totally disagree with this decision, it will cost the city millions over the years."
    )
    cleaned, removals = clean_text(raw)
    assert [r.text for r in removals] == ["Leave a Reply"]
    assert "council should have acted sooner." in cleaned and "millions over the years." in cleaned


@pytest.mark.parametrize(
    ("line", "kept", "removed", "kind"),
    [
        ("He said it would happen. Source link", "He said it would happen.", "Source link", "source-link"),
        (
            "Officials expect more rain this week… Read More",
            "Officials expect more rain this week…",
            "Read More",
            "read-more",
        ),
        ("Translate »The senator spoke on Monday.", "The senator spoke on Monday.", "Translate »", "translate"),
    ],
)
def test_clean_furniture_segment_at_a_line_end(line: str, kept: str, removed: str, kind: str) -> None:
    raw = f"The storm passed overnight.\n\n{line}"
    cleaned, removals = clean_text(raw)
    assert cleaned == f"The storm passed overnight.\n\n{kept}"
    assert len(removals) == 1 and removals[0].kind == kind and removals[0].text.strip() == removed
    _check_removals(raw, removals)


def test_clean_source_link_mid_sentence_is_kept() -> None:
    raw = "The agency called the Source link a forgery, officials said."
    assert clean_text(raw) == (raw, ())


# --- the cleaned text and the offset map ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Body one.\n\n\n\nBody two.  \n", "Body one.\n\nBody two."),
        ("Body one.\n\nAdvertisement\n\nBody two.", "Body one.\n\nBody two."),
        ("Body one.\nAdvertisement\nBody two.", "Body one.\nBody two."),
        ("Advertisement\n\nBody one.\n\nSource link\n", "Body one."),
        ("Body one.\n  \n \nBody two.", "Body one.\n\nBody two."),
        ("Advertisement\nSource link", ""),
        ("Body one.\r\n\r\nAdvertisement\r\n\r\nBody two.\r\n", "Body one.\r\n\r\nBody two."),
        ("", ""),
    ],
)
def test_clean_tidy_rules(raw: str, expected: str) -> None:
    cleaned, removals = clean_text(raw)
    assert cleaned == expected
    assert apply_removals(raw, removals)[0] == cleaned


@pytest.mark.parametrize("name", ["wordpress_page.txt", "news_page.txt", "story_versions.txt"])
def test_clean_offset_map_points_back_into_the_raw_text(name: str) -> None:
    raw = _fixture(name)
    cleaned, removals = clean_text(raw)
    offsets = cleaned_to_raw(raw, removals)
    assert offsets.clean_length == len(cleaned)
    for i, ch in enumerate(cleaned):
        assert raw[offsets.to_raw(i)] == ch
        assert offsets.to_clean(offsets.to_raw(i)) == i
    for r in removals:  # a removed character maps to the next kept one
        c = offsets.to_clean(r.start)
        assert c == len(cleaned) or offsets.to_raw(c) >= r.end
    start = cleaned.index("Share prices") if "Share prices" in cleaned else 0
    a, b = offsets.to_raw_span(start, start + 12)
    assert raw[a:b] == cleaned[start : start + 12]


# --- site furniture -----------------------------------------------------------------------------


def _site_page(body: str) -> str:
    header, footer = _parts("site_chrome.txt")
    return f"{header}\n\n{body}\n\n{footer}"


CHROME_LINES = [normalise_line(line) for part in _parts("site_chrome.txt") for line in part.splitlines()]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  Share this: ", "share this"),
        ("SHARE   THIS", "share this"),
        ('"Related:"', "related"),
        ("Editor’s\xa0note:\xa0Donald", "editor’s note: donald"),
        ("© 2024 Valley Gazette Media. All rights reserved.", "2024 valley gazette media. all rights reserved"),
        ("___.", ""),
    ],
)
def test_clean_normalise_line(line: str, expected: str) -> None:
    assert normalise_line(line) == expected


def test_clean_learn_site_header_and_footer_of_unrelated_pages() -> None:
    pages = [("gazette", f"p{i}", _site_page(body)) for i, body in enumerate(_parts("unrelated_bodies.txt"))]
    learned = learn_site_furniture(pages)
    assert set(learned) == {"gazette"}
    assert learned["gazette"] == frozenset(CHROME_LINES)
    cleaned, removals = clean_text(pages[0][2], furniture=learned["gazette"])
    assert cleaned == _parts("unrelated_bodies.txt")[0]
    assert {r.kind for r in removals} == {"site-repeated", "copyright", "navigation"}
    _check_removals(pages[0][2], removals)


def test_clean_learn_story_versions_are_one_story() -> None:
    bodies = _parts("unrelated_bodies.txt") + _parts("story_versions.txt")
    pages = [("gazette", f"p{i}", _site_page(body)) for i, body in enumerate(bodies)]
    learned = learn_site_furniture(pages)["gazette"]
    assert learned == frozenset(CHROME_LINES)
    shared = "No injuries have been reported, a fire department spokeswoman said."
    assert normalise_line(shared) not in learned
    for version in _parts("story_versions.txt"):
        cleaned, _ = clean_text(_site_page(version), furniture=learned)
        assert cleaned == version


def test_clean_learn_long_versions_sharing_few_paragraphs_are_one_story() -> None:
    """Versions that each have much text of their own but end on the same three long paragraphs: one story."""
    shared = _parts("story_versions.txt")[1].split("\n\n")[1:4]
    assert all(len(p) >= 80 for p in shared)
    bodies = _parts("unrelated_bodies.txt")
    versions = ["\n\n".join([bodies[2 * i], bodies[2 * i + 1], *shared]) for i in range(3)]
    pages = [("gazette", f"v{i}", _site_page(body)) for i, body in enumerate(versions)]
    assert learn_site_furniture(pages) == {}  # one story: neither its paragraphs nor the chrome are learned


def test_clean_learn_short_versions_sharing_most_text_are_one_story() -> None:
    """Versions of a brief that share only short lines, but most of their text: one story."""
    shared = [
        "Main Street is closed between 3rd and 5th Avenue.",
        "Crews expect to finish repairs by Friday.",
        "Drivers should use Elm Street instead.",
    ]
    assert all(len(line) < 80 for line in shared)
    versions = [
        "\n\n".join(["Water main breaks under Main Street", *shared]),
        "\n\n".join(["Main Street closed after water main break", "The break happened at 6 a.m.", *shared]),
        "\n\n".join(["Main Street repairs under way", "About 40 homes lost water for two hours.", *shared]),
    ]
    bodies = _parts("unrelated_bodies.txt")
    pages = [("gazette", f"u{i}", _site_page(body)) for i, body in enumerate(bodies)]
    pages += [("gazette", f"v{i}", _site_page(body)) for i, body in enumerate(versions)]
    learned = learn_site_furniture(pages)["gazette"]
    assert learned == frozenset(CHROME_LINES)


def test_clean_learn_chrome_of_many_short_pages() -> None:
    """Lines that very many pages carry are not evidence of one story, so short pages do not all merge."""
    paragraphs = [p for body in _parts("unrelated_bodies.txt") for p in body.split("\n\n")[1:]]
    assert len(paragraphs) >= 15
    pages = [("gazette", f"p{i}", _site_page(p)) for i, p in enumerate(paragraphs)]
    assert learn_site_furniture(pages)["gazette"] == frozenset(CHROME_LINES)


def test_clean_learn_story_versions_alone_learn_nothing() -> None:
    pages = [("wire", f"v{i}", body) for i, body in enumerate(_parts("story_versions.txt"))]
    assert learn_site_furniture(pages) == {}


def test_clean_learn_keeps_sites_apart() -> None:
    bodies = _parts("unrelated_bodies.txt")
    pages = [("gazette", f"g{i}", _site_page(body)) for i, body in enumerate(bodies)]
    pages += [("herald", f"h{i}", _site_page(body)) for i, body in enumerate(bodies[:2])]
    pages += [("courier", f"c{i}", body) for i, body in enumerate(bodies)]
    learned = learn_site_furniture(pages)
    assert set(learned) == {"gazette"}


@pytest.mark.parametrize(
    ("options", "learns"),
    [
        (CleanOptions(), True),
        (CleanOptions(min_site_pages=6), True),
        (CleanOptions(min_site_pages=7), False),
        (CleanOptions(max_furniture_line_chars=10), False),
    ],
)
def test_clean_learn_options(options: CleanOptions, learns: bool) -> None:
    pages = [("gazette", f"p{i}", _site_page(body)) for i, body in enumerate(_parts("unrelated_bodies.txt"))]
    learned = learn_site_furniture(pages, options).get("gazette", frozenset())
    if learns:
        assert learned == frozenset(CHROME_LINES)
    else:
        assert not learned & {
            "about us | privacy policy | terms of use",
            "home | news | sport | business | opinion | contact",
        }


def test_clean_learn_counts_a_page_id_once() -> None:
    """Five crawls of one page id (its body changed each time) are one page."""
    pages = [("gazette", "same-url", _site_page(body)) for body in _parts("unrelated_bodies.txt")]
    assert learn_site_furniture(pages) == {}
    pages = [("gazette", f"url{i}", text) for i, (_, _, text) in enumerate(pages)]
    assert learn_site_furniture(pages)["gazette"] == frozenset(CHROME_LINES)


@pytest.mark.parametrize(
    ("line", "where", "learns"),
    [
        ("It takes 1,237 delegates to win the nomination.", "middle", False),
        ("Partial transcript as follows:", "middle", False),
        ("Follow our reporter on Twitter @reporter.", "end", True),
        ("Editor's note: this story is part of our election coverage.", "start", False),  # a sentence: never learned
        ("Editor's Note: Part of our Election 2024 Series", "start", True),
        ("9:15 p.m.", "middle", False),
        ("Developing.", "middle", True),
    ],
)
def test_clean_learn_where_a_line_stands(line: str, where: str, learns: bool) -> None:
    pages = []
    for i, body in enumerate(_parts("unrelated_bodies.txt")):
        paragraphs = body.split("\n\n")
        at = {"start": 0, "middle": 2, "end": len(paragraphs)}[where]
        pages.append(("gazette", f"p{i}", "\n\n".join(paragraphs[:at] + [line] + paragraphs[at:])))
    learned = learn_site_furniture(pages).get("gazette", frozenset())
    assert (normalise_line(line) in learned) is learns


def _pages_ending_with(line: str) -> list[tuple[str, str, str]]:
    return [("gazette", f"p{i}", f"{body}\n\n{line}") for i, body in enumerate(_parts("unrelated_bodies.txt"))]


@pytest.mark.parametrize(
    "line",
    [
        "The Associated Press contributed to this report.",
        "Reuters contributed reporting from London and Paris.",
        "This story has been updated with comment from the mayor's office.",
        "“We will not comment on pending litigation,” the company said in a statement.",
        "Editor's note: this story is part of our election coverage.",
    ],
)
def test_clean_learn_never_learns_a_sentence(line: str) -> None:
    """A sentence that every unrelated page ends with is still the article's (attribution is evidence)."""
    pages = _pages_ending_with(line)
    assert len(pages) >= 5
    learned = learn_site_furniture(pages).get("gazette", frozenset())
    assert normalise_line(line) not in learned
    for _, _, text in pages:
        cleaned, removals = clean_text(text, furniture=learned)
        assert line in cleaned and removals == ()


@pytest.mark.parametrize(
    "line",
    [
        "Follow Pam Key on Twitter @pamkeyNEN.",
        "Follow our reporter on Twitter at @reporter for updates.",
        "Sign up for the Valley Gazette morning briefing",
        "Home | News | Sport | Business | Opinion | Contact",
        "Rand Paul Scores Direct Hit On Donald Trump.",
        "Related Coverage",
        "Developing.",
    ],
)
def test_clean_learn_still_learns_lines_that_are_not_sentences(line: str) -> None:
    learned = learn_site_furniture(_pages_ending_with(line)).get("gazette", frozenset())
    assert normalise_line(line) in learned


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("The Associated Press contributed to this report.", True),
        ("the bridge will stay closed until further notice!", True),
        ('He said, "we will win this one."', True),
        ("Asked why, she said they would “try again next year”", True),
        ("Copies were sent to all five members.", True),
        ("It was a record.", False),  # four words
        ("The Associated Press contributed to this report", False),  # no end punctuation
        ("THE ASSOCIATED PRESS CONTRIBUTED TO THIS REPORT.", False),  # no lower-case words
        ("Rand Paul Scores Direct Hit On Donald Trump.", False),  # Title Case
        ("Follow our reporter on Twitter at @reporter for updates.", False),  # a handle
        ("Read more of our coverage at https://example.com/news today.", False),  # a URL
        ("Send your tips to the newsroom at tips@example.com today.", False),  # an e-mail address
        ("political violence and is a serial liar, rampant xenophobe,", False),
    ],
)
def test_clean_reads_as_sentence(line: str, sentence: bool) -> None:
    assert reads_as_sentence(line) is sentence


@pytest.mark.parametrize("module", [unspun.clean.site, unspun.clean.patterns])
def test_clean_sentence_guard_docstring_examples_hold(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_clean_patterns_off_removes_only_site_lines() -> None:
    raw = "Valley Gazette\n\nThe storm passed.\n\nShare this:\n\nSource link"
    cleaned, removals = clean_text(raw, furniture=frozenset({"valley gazette"}), options=CleanOptions(patterns=False))
    assert cleaned == "The storm passed.\n\nShare this:\n\nSource link"
    assert [(r.kind, r.text) for r in removals] == [("site-repeated", "Valley Gazette")]


# --- real data: PolNeAR ---------------------------------------------------------------------------

PROTECTED = {"Source", "Cue", "Content", "Attribution", "Attribution-no-source"}


def _polnear() -> Path:
    for root in (
        Path(__file__).resolve().parents[1].parent / "shared" / "datasets",
        Path(os.environ.get("UNSPUN_DATASETS", "/nonexistent")),
    ):
        if (root / "polnear" / "data" / "metadata.tsv").is_file():
            return root / "polnear" / "data"
    pytest.skip("PolNeAR not found under ../shared/datasets or $UNSPUN_DATASETS")


def _load_polnear(data: Path) -> list[tuple[str, str, str, str, list[tuple[str, list[tuple[int, int]]]]]]:
    """(split, publisher, file stem, text, [(label, [(start, end), ...])]) for every core article."""
    with open(data / "metadata.tsv", encoding="utf-8", newline="") as f:
        publisher = {row["filename"]: row["publisher"] for row in csv.DictReader(f, delimiter="\t")}
    articles = []
    for split in ("train", "dev", "test"):
        for path in sorted((data / split / "text").glob("*.txt")):
            spans = []
            for ann in sorted((data / split / "attributions").glob(f"{path.stem}_*.ann")):
                for line in ann.read_text(encoding="utf-8").splitlines():
                    if not line.startswith("T") or line.count("\t") < 2:
                        continue  # relations, notes, and continuation lines of multi-line span texts
                    label, offsets = line.split("\t")[1].split(" ", 1)
                    frags = [(int(a), int(b)) for a, b in (frag.split() for frag in offsets.split(";"))]
                    spans.append((label, frags))
            text = path.read_text(encoding="utf-8")
            articles.append((split, publisher[path.stem], path.stem, text, spans))
    return articles


def test_clean_polnear_never_cuts_an_annotated_attribution() -> None:
    """Learn site furniture over all 1,008 PolNeAR articles, clean each, and check no attribution is cut.

    Every annotated source, cue or content span must be left whole, and must
    read the same in the cleaned text: no exception. (Before the sentence
    guard of site learning, HuffPost's one-line editor's note on Trump was
    learned and cut 12 annotated spans in 2 articles; a sentence is now never
    learned, so it stays.) Annotators marked what they took for page
    furniture as ``Discard``; the share of those characters removed is
    printed and held to a floor.
    """
    data = _polnear()
    articles = _load_polnear(data)
    assert len(articles) == 1008
    learned = learn_site_furniture((site, stem, text) for _, site, stem, text, _ in articles)

    chars = removed = lines = 0
    by_kind: collections.Counter[str] = collections.Counter()
    chars_by_kind: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    protected = 0
    discard_chars = discard_removed = 0
    bad: list[str] = []
    for split, site, stem, text, spans in articles:
        cleaned, removals = clean_text(text, furniture=learned.get(site, frozenset()))
        _check_removals(text, removals)
        offsets = cleaned_to_raw(text, removals)
        chars += len(text)
        lines += sum(1 for line in text.splitlines() if line.strip())
        gone = bytearray(len(text))
        for r in removals:
            removed += len(r.text)
            by_kind[r.kind] += 1
            chars_by_kind[r.kind] += len(r.text)
            if len(examples[r.kind]) < 4 and r.text not in examples[r.kind]:
                examples[r.kind].append(r.text)
            gone[r.start : r.end] = b"\x01" * (r.end - r.start)
        for label, frags in spans:
            for a, b in frags:
                if label == "Discard":
                    discard_chars += sum(1 for i in range(a, b) if not text[i].isspace())
                    discard_removed += sum(1 for i in range(a, b) if gone[i] and not text[i].isspace())
                if label not in PROTECTED:
                    continue
                protected += 1
                hits = [r for r in removals if r.start < b and a < r.end]
                if hits:
                    bad.append(f"{split}/{stem} {label} {text[a:b]!r} cut by {[(r.kind, r.text) for r in hits]}")
                    continue
                c0, c1 = offsets.to_clean(a), offsets.to_clean(b)
                if _ws(cleaned[c0:c1]) != _ws(text[a:b]):
                    bad.append(f"{split}/{stem} {label} {text[a:b]!r} reads {cleaned[c0:c1]!r} after cleaning")

    share = removed / chars
    print(f"\nPolNeAR: {len(articles)} articles, {chars:,} chars, {lines:,} non-blank lines")
    print(f"removed {removed:,} chars ({share:.3%}) in {sum(by_kind.values())} removals")
    for kind, n in by_kind.most_common():
        print(f"  {kind:14} {n:4} removals {chars_by_kind[kind]:6,} chars  e.g. {examples[kind][:3]}")
    print(f"learned furniture: { {site: len(lines_) for site, lines_ in sorted(learned.items())} }")
    print(f"annotated source/cue/content spans: {protected:,}; cut or changed: {len(bad)}")
    recall = discard_removed / discard_chars
    print(f"annotator 'Discard' characters removed: {discard_removed:,} of {discard_chars:,} ({recall:.1%})")

    assert not bad, "\n".join(bad[:20])
    assert share < 0.02  # measured 0.250% (11,588 of 4,628,410 chars)
    assert len(learned) >= 5  # five of the seven publishers repeat furniture lines (measured)
    # Recall floor of annotator-discarded text, lowered from 0.25: measured 0.173 (6,418 of 37,006 chars).
    # It was 0.30 while HuffPost's one-line editor's note was learned (4,783 of those chars); the note is a
    # sentence, so the sentence guard keeps it now. Its hard-wrapped copies (no line of them a sentence)
    # are still learned and removed, and cut no annotated span.
    assert recall >= 0.15


@pytest.mark.parametrize("line,kind", [
    ("Share this: Facebook Twitter WhatsApp", "share"),
    ("Share on: Facebook | X | Email", "share"),
    ("Translate »", "translate"),
    ("Home » World » Europe", "navigation"),
    ("Home / News / Politics", "navigation"),
])
def test_clean_removes_header_rows_of_scraper_pages(line, kind):
    raw = f"SiteName — Breaking News 24/7\n{line}\nThe council met on Monday. It voted to build the barrier.\n"
    text, removals = clean_text(raw)
    assert line not in text
    assert any(r.kind == kind and r.text == line for r in removals)
    assert "The council met on Monday. It voted to build the barrier." in text


@pytest.mark.parametrize("sentence", [
    "Home prices rose 4 percent in March.",
    "Home is where the heart is, she said.",
    "Share prices fell on Monday.",
])
def test_clean_keeps_sentences_that_start_like_header_rows(sentence):
    text, _ = clean_text(f"Markets were calm.\n{sentence}\nTrading ended early.")
    assert sentence in text


@pytest.mark.parametrize("form", [
    "Leave a Reply Your email address will not be published. Required fields are marked *",
    "Leave a Reply Cancel reply Your email address will not be published. Required fields are marked *",
    "Leave a Comment Your email address will not be published.",
])
def test_clean_comment_form_flattened_onto_one_line_is_removed(form: str) -> None:
    raw = f"The mayor signed the bill on Tuesday.\n\n{form}\n\nComment\n\nName *\n\nEmail *"
    cleaned, removals = clean_text(raw)
    assert cleaned == "The mayor signed the bill on Tuesday."
    assert removals[0].text == form


PROMO = ["Please share this story on Facebook and Twitter and let us know what you think in the comments below.",
         "The views expressed in this article are the writer's own and do not necessarily reflect those of the Gazette."]


def test_clean_learn_sentences_unrelated_pages_repeat_as_boilerplate_not_furniture() -> None:
    from unspun.clean.site import learn_site_lines

    pages = [("gazette", f"p{i}", _site_page(body + "\n\n" + "\n".join(PROMO)))
             for i, body in enumerate(_parts("unrelated_bodies.txt"))]
    furniture, boilerplate = learn_site_lines(pages)
    assert boilerplate["gazette"] == frozenset(normalise_line(p) for p in PROMO)  # kept in the text, but known
    assert not furniture["gazette"] & boilerplate["gazette"]
    # one story posted several times: its sentences are neither
    story = _parts("unrelated_bodies.txt")[0]
    furniture, boilerplate = learn_site_lines([("gazette", f"p{i}", story) for i in range(5)])
    assert boilerplate == {} and furniture == {}


def test_clean_reader_comments_kept_by_the_extractor_are_removed_at_their_reply_lines() -> None:
    # comments in a container not named like comments survive extraction (trafilatura even put one before
    # the headline); each ends with a "Reply" line of its own
    text = ("This is a terrible plan and nobody asked us\nReply\n"
            "Council approves budget\n"
            "The city council voted on Tuesday to approve a new budget for the coming fiscal year.\n\n"
            "Critics said the plan raised taxes too much.\n\n"
            "12 thoughts on “Council approves budget”\n\n"
            "JohnD March 3, 2016 at 4:12 pm\nThe taxes are way too high already\nReply ↓\n"
            "Mary Smith 2 hours ago\nI agree with John.\nLike · Reply\n")
    cleaned, removals = clean_text(text)
    assert cleaned == ("Council approves budget\n"
                       "The city council voted on Tuesday to approve a new budget for the coming fiscal year.\n\n"
                       "Critics said the plan raised taxes too much.")
    assert [r.text for r in removals if r.kind == "reader-comment"] == [
        "This is a terrible plan and nobody asked us", "Reply", "JohnD March 3, 2016 at 4:12 pm",
        "The taxes are way too high already", "Reply ↓", "Mary Smith 2 hours ago", "I agree with John.",
        "Like · Reply"]


@pytest.mark.parametrize("line", [
    # a linked headline reads as a clause
    "Read More: Mayor says the city will hire more teachers next year, and what it means for parents.",
    "Related: Mayor says the city will hire more teachers next year.",
    "Also see: Mayor says the city will hire more teachers next year",
    "MORE: Mayor says the city will hire more teachers next year",
    # an abbreviation does not end its one sentence
    "Related: U.S. to send more troops to Syria",
    "Read more: Mr. Trump says he will sign the bill",
    # a headline may ask and answer; a site's name may have four words
    "Read more: Who won the forum? Our analysts weigh in",
    "More from The Other Paper: Sanders surges in Iowa poll",
])
def test_clean_linked_headline_after_a_read_more_lead_is_removed(line: str) -> None:
    cleaned, removals = clean_text(_article_with(line, "middle"))
    assert [(r.kind, r.text) for r in removals] == [("related", line)]


def test_clean_prose_of_several_sentences_after_a_related_lead_is_kept() -> None:
    line = "Related: The mayor spoke on Monday. He said the city would hire more teachers."
    assert line in clean_text(_article_with(line, "middle"))[0]


@pytest.mark.parametrize("text", [
    # a "Reply" inside a sentence
    "The minister sent his\nReply\nto the committee on Monday, aides said.",
    # a question and its answer under a "Reply" heading
    "Why are property taxes going up this year?\nReply\nThe assessor said values rose by 12 percent.",
    # a line that introduces a one-word reply
    "Asked for comment, the mayor's office sent a one-word email:\nReply\nThe council meets on Friday.",
    # a blank line between: not the comment the Reply link closes
    "The council approved the plan on Tuesday.\n\nReply\n\nThe vote was 7 to 2.",
    # a subheading about thoughts, not a WordPress comment header
    "The Fed raised rates on Wednesday.\n\n3 thoughts on the Fed's decision\n\nFirst, inflation is falling.",
])
def test_clean_reply_lines_that_close_no_comment_keep_the_text(text: str) -> None:
    assert clean_text(text)[0] == text


def test_clean_reader_comment_rule_is_a_pattern_rule() -> None:
    text = "Council approves budget\nThe taxes are way too high already\nReply\nThe vote was 7 to 2."
    assert clean_text(text, options=CleanOptions(patterns=False))[0] == text


def test_a_reposting_mark_after_a_comment_form_is_kept_as_one():
    """The HTML reader puts a dropped "Source link" line last, after the comment form that runs to the end of the
    page; before, the form's removal swallowed it, and direction lost the page's only reposting mark (found by QA)."""
    raw = ("Trump declared that the amounts involved require an investigation.\n"
           "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
           "Comment\nName *\nEmail *\nWebsite\nPost Comment\nRelated Posts\nSource link")
    text, removals = clean_text(raw)
    assert text == "Trump declared that the amounts involved require an investigation."
    assert [r.kind for r in removals] == ["comment-form", "source-link"]
    assert removals[1].text == "Source link" and raw[removals[1].start:removals[1].end] == "Source link"
    assert removals[0].end <= removals[1].start and raw[removals[0].start:].startswith("Leave a Reply")


_BANNER = ("We use cookies to personalise content and ads, to provide social media features and to analyse our "
           "traffic. We also share information about your use of our site with our social media, advertising and "
           "analytics partners who may combine it with other information that you've provided to them or that "
           "they've collected from your use of their services.")


@pytest.mark.parametrize("line, consent", [
    (_BANNER, True),
    ("Accept all cookies", True),
    ("By continuing to browse the site you are agreeing to our use of cookies.", True),
    ("This website and our partners use cookies to improve your browsing experience.", True),
    ("We use cookies in every batch, the baker said.", False),  # says nothing of consent or privacy
    ("The notice read: We use cookies to personalise content.", False),  # a report about one
    ("Regulators said websites must ask consent before they use cookies to track readers.", False),
])
def test_a_cookie_consent_notice_is_furniture(line, consent):
    """Found by QA: a site whose pages all began with a Cookiebot banner (one paragraph of several sentences)
    made twelve unrelated articles `partial` copies of each other and one story."""
    kind = classify_line(line)
    assert (kind is not None and kind[0] == "consent") is consent, kind


def test_unrelated_pages_under_one_consent_banner_share_nothing(tmp_path):
    from click.testing import CliRunner

    from unspun.cli import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("truncated.txt", "unrelated.txt"):
        body = (Path(__file__).parent.parent / "demo" / "corpus" / "text" / name).read_text("utf-8")
        (corpus / name).write_text(f"{_BANNER}\n\nAccept all cookies\n\n{body}", "utf-8")
    db = tmp_path / "banner.db"
    assert CliRunner().invoke(cli, ["analyze", str(db), str(corpus), "--no-embed", "--quiet"]).exit_code == 0
    doc = CliRunner().invoke(cli, ["export", str(db)]).stdout
    import json

    data = json.loads(doc)
    assert data["relations"] == []
    for a in data["articles"]:
        text, removed = CliRunner().invoke(cli, ["show", str(db), a["id"]]).stdout.split("removed furniture")
        assert _BANNER[:30] not in text and "consent: We use cookies" in removed and "consent: Accept all" in removed


@pytest.mark.parametrize("line, meta", [
    ("Posted by admin | October 31, 2016 | 0 Comments", True),
    ("Posted by jsmith_42 on Nov 2, 2016", True),
    ("Posted by the embassy on Twitter, the message said the ambassador would return.", False),
])
def test_a_post_meta_line_under_a_user_name_is_furniture(line, meta):
    """Found by QA: a WordPress scraper's ``Posted by admin | October 31, 2016 | 0 Comments`` stayed in the text
    (only capitalised names were taken for the poster)."""
    kind = classify_line(line)
    assert (kind is not None and kind[0] == "taxonomy") is meta, kind


@pytest.mark.parametrize("meta", [
    "Posted by admin | October 31, 2016 | 0 Comments",
    "By Jane Doe · 12/03/2024 · Politics",
    "Jobs report | Oct 31, 2016 | 12 replies",
])
def test_a_post_meta_row_under_the_title_leaves_the_text(meta):
    """Found by QA: a post-meta row between the title and the body was kept (a weak line, furniture only in a
    run of furniture at the page's head or tail); its fields between bars, a date among them, are no prose."""
    body = ("The city council voted on Tuesday to approve a new budget for the river bridge, officials said.\n\n"
            "The mayor said the project would begin in the spring and take two years to finish.")
    cleaned, removals = clean_text(f"Council approves new bridge budget\n\n{meta}\n\n{body}")
    assert meta not in cleaned and body in cleaned and "Council approves new bridge budget" in cleaned
    assert [r.kind for r in removals] == ["taxonomy"]


@pytest.mark.parametrize("line", [
    "Sales rose 4% | October 31, 2016 | the company said it would hire 200 people at the plant in Ohio",
    "By 2030, emissions must fall by half | the minister said on October 31, 2016",
])
def test_a_sentence_with_bars_and_a_date_is_no_post_meta_row(line):
    assert classify_line(line) is None


def test_the_furniture_of_german_french_spanish_and_italian_pages_leaves_the_text():
    """A translated WordPress comment form, like row, advert label and related-links heading were kept (only English
    furniture was known); sentences that use the same words stay."""
    body = ("Die Stadt hat am Dienstag einen neuen Haushalt für die Brücke beschlossen, teilte ein Sprecher mit.\n\n"
            "Weiterlesen lohnt sich: Der Bürgermeister sagte, die Arbeiten sollten im Frühjahr beginnen.")
    furniture = ["Anzeige", "Lesen Sie auch:", "Teilen mit:", "Gefällt mir Wird geladen …",
                 "Schreibe einen Kommentar Antworten abbrechen",
                 "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
                 "Foto: dpa", "© 2024 dpa, Alle Rechte vorbehalten", "La suite après cette publicité",
                 "Tu dirección de correo electrónico no será publicada.", "Leggi anche"]
    raw = "Neuer Haushalt für die Brücke\n\n" + body.replace("\n\n", "\n\nAnzeige\n\n", 1) + "\n\n" + "\n\n".join(
        furniture)
    cleaned, removals = clean_text(raw)
    assert body in cleaned and not any(f in cleaned for f in furniture if f != "Anzeige")
    assert "\nAnzeige" not in cleaned and len(removals) >= len(furniture)


@pytest.mark.parametrize("line", [
    "By using the app, more than 40 million British users agree to a privacy policy that lets the company share "
    "their location with advertisers, the regulator said in its report on Monday.",
    "We use cookies only where the law allows, the company said in a statement, adding that it had never sold "
    "browsing data to advertisers.",
    "This website uses cookies to track readers, the lawsuit alleges, and shares that data with partners without "
    "consent.",
])
def test_a_reported_sentence_about_cookies_is_no_consent_notice(line):
    kind = classify_line(line)
    assert kind is None or kind[0] != "consent", kind


def test_clean_learn_many_captures_of_one_page_are_one_page() -> None:
    """A crawl holds one article under a dozen addresses (http and https, www. or not, click ids, print and AMP
    pages that read the same): its identical texts are one page, so its sentences are neither the site's
    boilerplate nor its furniture (found by QA: 14 captures of one story made its sentences 'site boilerplate',
    and its copies `same_story` with no reuse)."""
    from unspun.clean.site import learn_site_lines

    bodies = _parts("unrelated_bodies.txt")
    story = _site_page(bodies[0])
    pages = [("gazette", f"p{i}", _site_page(body)) for i, body in enumerate(bodies[1:])]
    pages += [("gazette", f"https://gazette.example/story?fbclid={i}", story) for i in range(14)]
    furniture, boilerplate = learn_site_lines(pages)
    assert furniture["gazette"] == frozenset(CHROME_LINES)
    assert "gazette" not in boilerplate
    # captures that differ by a short line (an "Updated" stamp, a view counter) are one page too
    lines = story.split("\n")
    stamped = [("gazette", f"https://gazette.example/story?c={i}",
                "\n".join([*lines[:2], f"Updated 10:{i:02d} a.m.", *lines[2:]])) for i in range(14)]
    pages = [("gazette", f"p{i}", _site_page(body)) for i, body in enumerate(bodies[1:])] + stamped
    furniture, boilerplate = learn_site_lines(pages)
    assert furniture["gazette"] == frozenset(CHROME_LINES)
    assert "gazette" not in boilerplate


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("de\u200bbate and O\u2019\u200dMalley", "debate and O\u2019Malley"),
    ("hy\u2060phen\ufeffated, re\u202ever\u202csed", "hyphenated, reversed"),
    ("a \u200bspace\u200b.", "a \u200bspace\u200b."),  # not inside a word: no word is split
    ("de\u200b\u200dbate, de\u200c\u200cbate, de\u200d\u2060bate", "debate, debate, debate"),  # (review) a run
    ("\u0645\u06cc\u200c\u200b\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # its ZWNJ kept
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f469", None),  # Persian, emoji: kept
])
def test_clean_takes_invisible_marks_out_of_words_and_maps_offsets_back(raw: str, cleaned: str | None) -> None:
    """Found by QA: zero-width and bidi control characters inside words split them for every stage that counts
    words, so a copy carrying them was a rewrite."""
    text, removals = clean_text(raw)
    assert text == (raw if cleaned is None else cleaned)
    omap = cleaned_to_raw(raw, removals)
    assert "".join(raw[omap.to_raw(i)] for i in range(len(text))) == text
