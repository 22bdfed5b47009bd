"""Request and response bodies of the HTTP service (pydantic models: they make the OpenAPI page)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..read.dates import required_date
from ..read.decode import _control_ratio


def _iso_date(value: str | None) -> str | None:
    """A publication date in ISO 8601, or a clear error: a date that can't be read is not kept as text."""
    return required_date(value)


class _Body(BaseModel):
    """What an article body and a text to check share: exactly one of ``text`` and ``html``, which is text (not
    empty, not binary content), and a date put in ISO form."""

    model_config = ConfigDict(extra="forbid")
    noun: ClassVar[str] = "the text"
    """What the body is called in the errors that refuse it."""

    @field_validator("published", check_fields=False)
    @classmethod
    def published_in_iso(cls, value: str | None) -> str | None:
        return _iso_date(value)

    @model_validator(mode="after")
    def _one_body(self):
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        # a JSON escape such as "\\ud800" gives a string that UTF-8 cannot carry: refused here, in each field, rather
        # than a 500 when an answer echoes it (QA: POST /check with such a 'site')
        for name, value in self:
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise ValueError(f"'{name}' is not valid Unicode (a lone surrogate)") from None
        return self

    @model_validator(mode="after")
    def _readable(self):
        noun = self.noun
        body = self.text if self.text is not None else self.html
        if body is not None and not body.strip():
            raise ValueError(f"{noun} is empty")
        if body is not None and ("\x00" in body or _control_ratio(body[:65536]) > 0.05):
            # what ``ingest`` and ``unspun check`` refuse as binary content (found by QA: NUL characters and noise
            # were stored by POST /articles, and checked by POST /check, which answered 200 with no match)
            raise ValueError(f"{noun} is not text: it holds NUL or control characters (binary content)")
        for name in ("url", "title", "site"):  # stored and exported as given (QA: a title's NUL reached the CSV)
            if "\x00" in (getattr(self, name, None) or ""):
                raise ValueError(f"'{name}' holds a NUL character")
        return self


class ArticleIn(_Body):
    """An article to store: its plain text or its HTML page (the main text is extracted), not both."""

    noun: ClassVar[str] = "the article"

    text: str | None = Field(None, description="The article's plain text.")
    html: str | None = Field(None, description="The article's HTML page; trafilatura extracts its main text.")
    url: str | None = Field(None, description="Where it was published; with the text, it makes the id.")
    title: str | None = None
    site: str | None = Field(None, description="The site's name (credits in other articles are matched to it).")
    published: str | None = Field(None, description="ISO 8601 publication date (RFC 2822, Unix time, "
                                                    "month-first, dotted day-first and other languages' "
                                                    "month names are put in ISO form).")


class CheckIn(_Body):
    """A text to check against the stored articles; it is not stored."""

    text: str | None = Field(None, min_length=1, description="The text to check, as plain text.")
    html: str | None = Field(None, min_length=1, description="Or an HTML page: its main text is extracted, and the "
                                                              "page's own URL, date and site are used when not given.")
    published: str | None = Field(None, description="When the text was published (direction evidence).")
    site: str | None = Field(None, description="The text's site name (credit evidence).")
    url: str | None = Field(None, description="Where the text is published: a stored page whose canonical link "
                                              "names it is its copy (direction evidence).")


class MatchPassageOut(BaseModel):
    text: list[int] = Field(..., description="[start, end) in the submitted text, as sent (code points).")
    stored: list[int] = Field(..., description="[start, end) in the stored article's cleaned text.")
    type: str = Field(..., description="exact or edited.")
    score: float
    weak: str | None = Field(None, description="quote or short: weak evidence of copying on its own.")


class CandidateOut(BaseModel):
    jaccard: float
    containment_text: float
    containment_stored: float
    immutables_jaccard: float
    embedding_cosine: float | None
    via: list[str]


class MatchOut(BaseModel):
    id: str
    source: str
    url: str | None
    title: str | None
    published: str | None
    kind: str = Field(..., description="duplicate, copy, partial or rewrite.")
    direction: str = Field(..., description="stored->text (the text derives from the stored article), "
                                            "text->stored, common (both derive from a source not in the "
                                            "pair), or unknown.")
    confidence: float
    coverage_text: float = Field(..., description="Share of the submitted text (cleaned) in aligned passages.")
    coverage_stored: float = Field(..., description="Share of the stored article in aligned passages.")
    judged: str = Field("pair", description="'pair': kind and direction judged from this pair alone (A is the "
                                            "submitted text, B the stored article); 'corpus': the text is "
                                            "stored (stored_as), and they are the stored relation's, weighed "
                                            "with the rest of the corpus (A and B are the stored pair's sides).")
    same_text: list[str] | None = Field(None, description="Other stored articles with this one's very words (a "
                                                          "wire story stored from many sites): kind, passages and "
                                                          "coverage hold for each; this one is the earliest "
                                                          "published of them.")
    evidence: list[str] = Field(..., description="Direction evidence; see 'judged' for which side is A.")
    passages: list[MatchPassageOut]
    diff: list[dict[str, str]] | None = Field(None, description="A rewrite's word replacements.")
    candidate: CandidateOut


class CheckOut(BaseModel):
    offsets: str = Field("submitted", description="Match passages' 'text' offsets are into the submitted text "
                                                  "('submitted'), or into the text extracted from the page "
                                                  "('extracted', given as 'text').")
    chars: int = Field(..., description="Length of the submitted (or extracted) text.")
    text: str | None = Field(None, description="The text extracted from a submitted page, which offsets index.")
    candidates: int = Field(..., description="Stored articles proposed by the index before alignment.")
    stored_as: str | None = Field(None, description="The stored article that is this very text (same words, same "
                                                    "URL), left out of the matches.")
    matches: list[MatchOut]


class SourcesOut(BaseModel):
    """Same shape as ``unspun sources --json``."""

    model_config = ConfigDict(extra="allow")

    id: str
    sources: list[dict[str, Any]]
    copies: list[dict[str, Any]]
    related: list[dict[str, Any]]


class ArticleCreated(BaseModel):
    id: str
    created: bool = Field(..., description="False when the same article (same text and URL) was stored already.")
    sources: SourcesOut
    story: str | None = Field(None, description="Its story; None without sentence embeddings.")


class ArticleOut(BaseModel):
    id: str
    source: str
    url: str | None
    title: str | None
    site: str | None
    author: str | None
    published: str | None
    crawled: str | None = Field(None, description="When a crawler fetched the page (a WARC record's date).")
    language: str | None
    format: str
    chars: int
    canonical: str | None = Field(None, description="The page it declares its original (a canonical link to "
                                                      "another site's page), if any.")
    source_link: str | None = Field(None, description="The page its reposting plugin's link under the article "
                                                        "(`Source link`) names as its source, if another site's.")
    story: str | None
    text: str = Field(..., description="The cleaned text; every stored offset refers to it.")


class StorySummary(BaseModel):
    id: str
    articles: list[str]
    first: str | None = None
    last: str | None = None


class StoriesOut(BaseModel):
    stories: list[StorySummary]


class StoryArticle(BaseModel):
    id: str
    source: str
    url: str | None
    title: str | None
    site: str | None
    published: str | None


class StoryRelation(BaseModel):
    a: str
    b: str
    kind: str
    direction: str
    confidence: float
    coverage_a: float
    coverage_b: float


class StoryOut(BaseModel):
    """Same shape as ``unspun stories DB ID --json`` (without its ``asked`` and ``note``, which a 307 says here)."""

    id: str
    first: str | None
    last: str | None
    articles: list[StoryArticle] = Field(..., description="In publication order, undated last.")
    relations: list[StoryRelation] = Field(..., description="Between the story's articles, as in `export`.")
    families: list[dict[str, Any]] = Field(..., description="The reuse families among them, as in `export`.")


class ErrorOut(BaseModel):
    error: str
    detail: Any = None
