"""Check one text against the store without storing it: which stored articles it copies or derives from.

This is the question a plagiarism checker (Copyscape) answers. The text is
cleaned, segmented and fingerprinted as an article would be; its candidates
come from a :class:`~unspun.lookup.index.FingerprintIndex` (LSH bands over the
shingle and immutables MinHash, nearest lead embeddings), never from a scan;
then only those few are aligned sentence by sentence (words only: ``exact``
and ``edited`` passages) and related.

Offsets: a match's ``text`` spans are character offsets (Python ``str``
indices, code points) into the text exactly as submitted; its ``stored`` spans
are offsets into the stored article's cleaned text (what ``unspun show``
prints and ``GET /articles/{id}`` returns). In a match's ``evidence``, A is
the submitted text and B the stored article, unless the text is itself stored
(:func:`stored_version`): then :func:`as_stored` gives each match the stored
relation's evidence (``judged == "corpus"``), where A and B are the stored
pair's sides.

    from unspun import open_store, check
    with open_store("news.db") as store:
        for m in check(store, text):
            print(m.id, m.kind, m.direction, m.coverage_text, m.coverage_stored)
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from types import SimpleNamespace

import numpy as np

from ..align.align import AlignOptions, Sentences
from ..align.stage import PairInput, SentenceVectors, needs_embeddings, relate_aligned, relate_one, unmatched
from ..clean import clean_text, cleaned_to_raw
from ..config import CandidateOptions, FingerprintOptions, Options
from ..fingerprint import ImmutableSignature, ShingleSignature, fingerprint_batch, lead
from ..fingerprint.sentences import decode as decode_sentences
from ..relate import Side
from ..read.common import named_page_key, page_key
from ..read.dates import required_date
from ..read.tabular import RECORD_FORMATS
from ..relate.direction import scraper_mark, side_of
from ..relate.provenance import REUSE
from ..segment import segment_article
from .index import FingerprintIndex, Hit, QuerySignature

log = logging.getLogger(__name__)

QUERY_ID = "(text)"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    candidates: CandidateOptions = field(default_factory=CandidateOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    max_aligned: int = 20
    """Align at most this many candidates (the strongest by their signatures)."""
    kinds: frozenset[str] = REUSE
    """Relation kinds reported as matches."""


@dataclass(frozen=True, slots=True)
class MatchPassage:
    text: tuple[int, int]
    """Offsets into the submitted text."""
    stored: tuple[int, int]
    """Offsets into the stored article's cleaned text."""
    type: str
    score: float
    weak: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A stored article the submitted text shares text with."""

    id: str
    source: str
    url: str | None
    title: str | None
    published: str | None
    kind: str
    direction: str
    """``stored->text`` (the text derives from the stored article), ``text->stored``, ``common`` (both
    derive from a source that is not in the pair: each reworded it in its own places), or ``unknown``."""
    confidence: float
    coverage_text: float
    """Share of the submitted (cleaned) text inside aligned passages."""
    coverage_stored: float
    evidence: tuple[str, ...]
    passages: tuple[MatchPassage, ...]
    diff: tuple[tuple[str, str], ...]
    """For a rewrite: (stored word, the text's word) replacements."""
    candidate: Hit
    judged: str = "pair"
    """``pair``: kind and direction from this pair alone; ``corpus``: the text is stored, and they are the
    stored relation's (weighed with the rest of the corpus, as ``unspun sources`` gives them)."""
    same_text: tuple[str, ...] = ()
    """Other stored articles with this one's very words (a wire story stored from many sites): the kind, passages
    and coverage hold for each of them too; this one, the earliest published of them, stands for them (its date
    is the one the direction read)."""

    def as_dict(self) -> dict:
        h = self.candidate
        return {
            "id": self.id, "source": self.source, "url": self.url, "title": self.title,
            "published": self.published, "kind": self.kind, "direction": self.direction,
            "confidence": self.confidence, "coverage_text": self.coverage_text,
            "coverage_stored": self.coverage_stored, "judged": self.judged,
            **({"same_text": list(self.same_text)} if self.same_text else {}), "evidence": list(self.evidence),
            "passages": [{"text": list(p.text), "stored": list(p.stored), "type": p.type, "score": p.score,
                          **({"weak": p.weak} if p.weak else {})} for p in self.passages],
            **({"diff": [{"stored": a, "text": b} for a, b in self.diff]} if self.kind == "rewrite" or self.diff
               else {}),
            "candidate": {"jaccard": h.jaccard, "containment_text": h.containment_query,
                          "containment_stored": h.containment_stored, "immutables_jaccard": h.immutables_jaccard,
                          "embedding_cosine": h.embedding_cosine, "via": list(h.via)},
        }


@dataclass(slots=True)
class Query:
    """The submitted text made ready: cleaned, segmented, fingerprinted, with offsets back to the original."""

    original: str
    cleaned: str
    sentences: Sentences
    signature: QuerySignature
    _to_original: object
    scraped: str | None = None
    """The reposting plugin's mark that cleaning took out of it (``Source link``), as ingest keeps it."""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self._to_original(start, end)


def _newline_map(text: str) -> tuple[str, np.ndarray | None]:
    """``\\r\\n`` and lone ``\\r`` as ``\\n`` (as the readers store text), and each kept character's offset."""
    if "\r" not in text:
        return text, None
    keep = np.array([not (c == "\r" and text[i + 1 : i + 2] == "\n") for i, c in enumerate(text)], dtype=bool)
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    return norm, np.flatnonzero(keep)


def prepare(text: str, fingerprint: FingerprintOptions = FingerprintOptions(),
            candidates: CandidateOptions = CandidateOptions(), *, embed: bool = False,
            embed_fn: Callable[[list[str]], np.ndarray] | None = None) -> Query:
    """Clean, segment and fingerprint ``text`` as an article (nothing is stored).

    With ``embed`` the lead is embedded too, by ``embed_fn`` when given (a
    service runs the model on one thread of its own), else in this thread.
    """
    norm, kept = _newline_map(text)
    cleaned, removals = clean_text(norm)
    omap = cleaned_to_raw(norm, removals)

    def to_original(start: int, end: int) -> tuple[int, int]:
        s, e = omap.to_raw_span(start, end)
        if kept is None:
            return s, e
        conv = lambda x: int(kept[x]) if x < len(kept) else len(text)  # noqa: E731
        return conv(s), (conv(e - 1) + 1 if e > s else conv(s))

    spans = segment_article(QUERY_ID, cleaned).sentences
    sh_fp, imm_fp, sent_fp, gram_fp = fingerprint_batch([(QUERY_ID, cleaned)], fingerprint)
    sh = ShingleSignature.decode(sh_fp.data)
    imm = ImmutableSignature.decode(imm_fp.data, fingerprint.immutables_perm)
    vec = None
    if embed and sh.words >= candidates.min_words:
        if embed_fn is None:
            from ..fingerprint.embed import embed_leads

            embed_fn = partial(embed_leads, max_tokens=fingerprint.embed_max_tokens)
        vec = embed_fn([lead(cleaned, None)])[0]
    sig = QuerySignature(sh.sig, sh.shingles, imm.sig, sh.words < candidates.min_words,
                         sh.words < candidates.min_words or imm.features < candidates.min_immutable_features, vec,
                         decode_sentences(sent_fp.data), decode_sentences(gram_fp.data))
    return Query(text, cleaned, Sentences.of(cleaned, spans), sig, to_original,
                 scraper_mark(SimpleNamespace(removals=removals)))


def check(index_or_store, text: str, *, store=None, published: str | date | None = None, site: str | None = None,
          options: CheckOptions | Options = CheckOptions(), exclude: tuple[str, ...] = (), url: str | None = None,
          canonical: str | None = None, crawled: str | date | None = None, source_link: str | None = None
          ) -> list[Match]:
    """The stored articles that ``text`` copies, derives from or shares passages with; nothing is stored.

    ``index_or_store``: a :class:`FingerprintIndex` (built once, reused: the fast
    way) or a store (an index is built from it for this one call). ``store``
    is where the candidates' texts are read: required with an index, the
    store given otherwise. ``published``, ``site`` and ``url`` (where the text
    is published: a stored page whose canonical link names it is its copy)
    describe the text, for the direction's evidence, and so does ``canonical``
    (the page the text's own page names as its original), and ``crawled`` (when a
    crawler fetched it: of two captures of one address, the later is the page's later version), and
    ``source_link`` (where a reposting plugin's link under it points: the page it names as its source). Matches come
    strongest first. ``options``: :class:`CheckOptions`, or the :class:`~unspun.Options` the store was analysed
    with (its fingerprint and candidate settings). ``published`` and ``crawled`` are read as ingest reads a date (ISO
    8601, RFC 2822, Unix time, month-first, ...; a ``datetime.date`` or ``datetime`` too): one that is no date is a
    ValueError.
    """
    if isinstance(options, Options):  # found by QA: analyze's Options failed here for want of max_aligned
        options = CheckOptions(options.fingerprint, options.candidates)
    if not isinstance(text, str):  # found by QA: bytes and None failed deep inside with misleading errors
        raise TypeError(f"check's text must be a str, not {type(text).__name__} (decode bytes first)")
    if isinstance(index_or_store, (str, os.PathLike)):
        raise TypeError(f"check needs an open store or index, not a path: check(open_store({index_or_store!r}), text)")
    published, crawled = _date_given(published, "published"), _date_given(crawled, "crawled")
    if isinstance(index_or_store, FingerprintIndex):
        index = index_or_store
        if store is None:
            raise TypeError("check(index, text) needs store=: where the stored articles' texts are read")
    else:
        store = store or index_or_store
        index = FingerprintIndex.from_store(store, options.fingerprint, options.candidates)
    use_embed = index.embed and embedding_available()
    q = prepare(text, options.fingerprint, options.candidates, embed=use_embed)
    hits = index.query(q.signature, exclude=exclude, same_text=True, site=site)[: options.max_aligned]
    sentences = None
    if use_embed:
        from ..fingerprint.embed import embed

        sentences = partial(embed, max_tokens=options.fingerprint.sentence_max_tokens)
    return align_hits(store, q, hits, published=published, site=site, options=options, url=url,
                      canonical=canonical, sentences=sentences, crawled=crawled, source_link=source_link)


def _date_given(value: str | date | None, name: str) -> str | None:
    """A date given to :func:`check`, in ISO 8601 as ingest and ``POST /check`` put it (found by QA: an RFC 2822 or
    month-first date was kept as given and so read as no date, one that is no date was dropped without a word, and a
    ``datetime.date`` failed deep inside)."""
    if value is None:
        return None
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"check's {name} must be a str or a date, not {type(value).__name__}")
    try:
        return required_date(value)
    except ValueError as exc:
        raise ValueError(f"check's {name}: {exc}") from None


def align_hits(store, q: Query, hits: list[Hit], *, published: str | None = None, site: str | None = None,
               options: CheckOptions = CheckOptions(), url: str | None = None,
               canonical: str | None = None, sentences: Callable[[list[str]], np.ndarray] | None = None,
               crawled: str | None = None, source_link: str | None = None) -> list[Match]:
    """Align the query against each hit and keep the reuse relations, strongest first.

    Each pair is aligned on its words; where that leaves most of both sides unaligned and ``sentences`` (a
    sentence encoder) is given, both sides' sentences are embedded (the query's once) and the pair is aligned
    again with paraphrase passages, as ``analyze`` aligns it: a rewrite is a ``rewrite`` here too."""
    related: list[tuple] = []
    me = Side(q.cleaned, published, site, q.scraped, url=url, canonical=canonical, crawled=crawled,
              source_link=source_link)
    vectors = SentenceVectors()  # the query's, kept across its hits, and each hit's, row by row as asked for
    named = {k for k in (named_page_key(canonical), named_page_key(source_link)) if k}
    for hit in [_named_first(store, h, named) for x in hits for h in by_exact_text(store, x)]:
        art = store.article(hit.id)
        if art is None:  # deleted since the index was built
            continue
        seg = store.segmentation(art.id)
        spans = seg.sentences if seg is not None else segment_article(art.id, art.text).sentences
        mine = Sentences(q.sentences.text, q.sentences.spans, None, None, q.sentences.infos, q.sentences.quoted)
        pair = PairInput(QUERY_ID, art.id, mine, Sentences.of(art.text, spans), me,
                         side_of(art))
        more, words = needs_embeddings(pair, options.align)
        if more and sentences is not None and len(mine) and len(spans):
            # only the sentences the words left unmatched, as ``align_batch`` embeds them
            vectors.want(QUERY_ID, pair.a, unmatched(pair.a, [p.a for p in words]))
            vectors.want(art.id, pair.b, unmatched(pair.b, [p.b for p in words]))
            vectors.fill(sentences)
            pair.a.vecs, pair.b.vecs = vectors.of(QUERY_ID), vectors.of(art.id)
            pair.a.embed = pair.b.embed = sentences
            r = relate_one(pair, options.align)
        else:
            r = relate_aligned(pair, words, options.align)
        related.append((art, hit, pair, r))
    out: list[Match] = []
    for art, hit, pair, r in _without_notices(store, related, options):
        if r is None or r.kind not in options.kinds:
            continue
        direction = {"a->b": "text->stored", "b->a": "stored->text"}.get(r.direction, r.direction)
        passages = tuple(MatchPassage(q.to_original(p.a.start, p.a.end), (p.b.start, p.b.end), p.type, p.score,
                                      p.weak or "") for p in r.passages)
        out.append(Match(art.id, art.source, art.url, art.title, art.published, r.kind, direction, r.confidence,
                         r.coverage_a, r.coverage_b, r.evidence, passages,
                         tuple((stored, mine) for mine, stored in r.diff), hit,  # the pair's A is the text
                         same_text=hit.same_text))
    # what the text derives from first (2026-12-03: a sibling rewrite with more of it in common came first), then
    # by what they share: a duplicate before a cut copy that it holds whole
    out.sort(key=lambda m: (m.direction != "stored->text", -max(m.coverage_text, m.coverage_stored),
                            -min(m.coverage_text, m.coverage_stored), m.id))
    return _sources_first(store, out)


def _sources_first(store, out: list[Match]) -> list[Match]:
    """``out`` with a stored article that the store says derives from another one the text derives from put after
    it (found by QA: a scraper's stored repost of Politico's story, with more of the new repost in common, was
    listed before Politico's own page); the order is otherwise kept."""
    ids = {m.id for m in out if m.direction == "stored->text"}
    if len(ids) < 2:
        return out
    sources: dict[str, set[str]] = {}
    for r in store.relations_among(ids, REUSE):
        if r.direction in ("a->b", "b->a"):
            src, copy = (r.a, r.b) if r.direction == "a->b" else (r.b, r.a)
            sources.setdefault(copy, set()).add(src)
    # each in turn, the first whose sources are all placed (review: every copy went after every other match, an
    # unrelated one too, and a copy of a copy before the copy it copies); in a cycle, the first left
    left, placed, ordered = [m for m in out if m.direction == "stored->text"], set(), []
    while left:
        m = left.pop(next((i for i, m in enumerate(left) if sources.get(m.id, set()) <= placed), 0))
        ordered.append(m)
        placed.add(m.id)
    return ordered + [m for m in out if m.direction != "stored->text"]


def _without_notices(store, related: list[tuple], options: CheckOptions) -> list[tuple]:
    """``related`` (``(article, hit, pair, relation)`` of the query's pairs), where a pair that rests on one lifted
    sentence alone that is a notice many independent articles carry is no reuse (as ``analyze`` judges it,
    :func:`unspun.pipeline.judge_notices`): the query is a carrier too, one with the stored articles it relates to
    on other evidence."""
    from ..align.notices import at_edge, lifted_only, long_keys
    from ..fingerprint import Schemes
    from ..pipeline import notice_sentence

    found = {}
    for k, (_art, _hit, pair, r) in enumerate(related):
        if r is not None and r.kind == "partial":
            x = lifted_only(pair.a_id, pair.b_id, pair.a, pair.b, pair.a_side, pair.b_side, r.passages, options.align)
            if x is not None:
                found[k] = x
    if not found:
        return related
    links = [(QUERY_ID, art.id) for k, (art, _hit, _pair, r) in enumerate(related)
             if k not in found and r is not None and r.kind in REUSE]
    scheme = Schemes.of(options.fingerprint).sentences
    out = list(related)
    for k, (kept, demoted, p) in found.items():
        art, hit, pair, _r = related[k]
        if not (at_edge(pair.a, p.a) and at_edge(pair.b, p.b)):
            continue
        keys = tuple(sorted({long_keys(pair.a, p.a), long_keys(pair.b, p.b)}, key=sorted))
        if len(keys) != 1:  # the sentence edited on one side: no notice, as analyze judges it
            continue
        if notice_sentence(store, scheme, keys, more=(QUERY_ID,), more_links=links):
            out[k] = (art, hit, pair, demoted if demoted.kind else None)
    return out


def by_exact_text(store, hit: Hit) -> list[Hit]:
    """``hit`` and its ``same_text`` (one signature) split into the groups whose words are one and the same (a word
    or two changed in a long text can leave a signature as it was), each standing for its earliest published."""
    if not hit.same_text:
        return [hit]
    from ..fingerprint.minhash import exact_text_key

    groups: dict[int, list[str]] = {}
    for aid, text, _title in store.texts((hit.id, *hit.same_text)):
        groups.setdefault(exact_text_key(text), []).append(aid)
    return [earliest_of_same_text(store, replace(hit, id=ids[0], same_text=tuple(ids[1:])))
            for ids in groups.values()]


def _named_first(store, hit: Hit, named: set[str]) -> Hit:
    """``hit`` standing for the stored article of its text whose address the text's page names as its original
    (``named``: page keys of its canonical and Source links), if one does (found by QA: a scraper's repost, stamped
    earlier, stood for the original it names, hidden among "the same words are stored ... time(s)")."""
    if not hit.same_text or not named:
        return hit
    ids = (hit.id, *hit.same_text)
    urls = store.urls(ids)  # their addresses only: a wire story may be stored a thousand times
    for aid in ids:
        if named_page_key(urls.get(aid), amp=False) in named:
            return hit if aid == hit.id else replace(hit, id=aid, same_text=tuple(sorted(set(ids) - {aid})))
    return hit


def earliest_of_same_text(store, hit: Hit) -> Hit:
    """``hit`` standing for the earliest published of the stored articles with its text; of those published at the
    same time, one whose page names no other page its original (canonical or Source link), then the first fetched
    (a WARC record's date), then the first by id (found by QA on a crawl: of an article page and its AMP page, one
    time stamped on both, the AMP page, whose canonical link names the article page, stood for them by its id)."""
    if not hit.same_text:
        return hit
    from ..read.dates import published_seconds

    ids = (hit.id, *hit.same_text)
    when, marks = store.published(ids), store.page_marks(ids)

    def rank(i: str) -> tuple:
        canonical, source_link, crawled = marks.get(i, (None, None, None))
        return (published_seconds(when.get(i)), bool(canonical or source_link), published_seconds(crawled), i)

    first = min(ids, key=rank)
    if first == hit.id:
        return hit
    return replace(hit, id=first, same_text=tuple(sorted({hit.id, *hit.same_text} - {first})))


def stored_version(store, matches: list[Match], text: str, *, url: str | None = None, path: str | None = None,
                   locator: str = "", fmt: str = "text") -> str | None:
    """The id of the stored article that IS the checked text, if one is: the same words as read (line ends
    and the ends trimmed aside), from the same file or the same page. Another site's identical words, or the
    same words in another file, are a duplicate, not it.

    In turn: the id ingest would give the text (a feed record's URL; a file's name, or its absolute path when
    two folders hold it; the page address ``POST /articles`` names it by); an article read from this very
    file (the store knows every file it read by absolute path) with the same words; a matched article at the
    same address (``url``) with the same words.
    """
    from ..ingestion import without_tracking
    from ..records import article_id

    def same(art) -> bool:
        return art is not None and _words_as_read(art.raw_text) == mine

    mine = _words_as_read(text)
    def elsewhere(art) -> bool:  # ingest's rule: a file of that name that still exists elsewhere is another copy
        return (art.path not in (None, "-") and os.path.exists(art.path)
                and os.path.abspath(art.path) != os.path.abspath(path))

    origins = []
    if url and fmt in RECORD_FORMATS:
        origins.append((without_tracking(url), False))
    elif path and path != "-":
        origins += [(os.path.basename(path), True), (os.path.abspath(path), False)]
    if url:
        origins.append((url, False))
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    for origin, by_name in origins:
        art = store.article(article_id(raw, origin))
        if same(art) and not (by_name and elsewhere(art)):
            return art.id
    arts = [a for a in (store.article(i) for m in matches for i in (m.id, *m.same_text)) if same(a)]
    if path and path != "-" and store.file_state(os.path.abspath(path)) is not None:
        for art in arts:
            if art.path and os.path.basename(art.path) == os.path.basename(path) and (art.locator or "") == locator:
                return art.id
    if path is not None:  # a file or standard input: ingest makes the same words in another file another article
        return None
    key = page_key(url)  # a posted page: the stored page at its address with its words
    for art in arts:
        if key is not None and page_key(art.url) == key:
            return art.id
    return None


def _words_as_read(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _same_words_passages(passages, src: str, dst: str) -> tuple[MatchPassage, ...]:
    """``passages`` whose ``stored`` offsets point into ``src``, pointing into ``dst`` instead: a text with the
    same words in the same order (:func:`~unspun.fingerprint.minhash.exact_text_key`), spaced otherwise (found
    by QA: a page checked while stored, whose JSONL original has the same words, got the page's own offsets
    for the original, every passage shown a character or more off)."""
    ws = [(w.start(), w.end()) for w in re.finditer(r"\S+", src)]
    wd = [(w.start(), w.end()) for w in re.finditer(r"\S+", dst)]
    if len(ws) != len(wd) or not ws:
        return tuple(passages)
    starts, ends = [s for s, _ in ws], [e for _, e in ws]

    def start(p: int) -> int:  # the word it starts in, or the next word
        k = bisect.bisect_right(ends, p)
        if k >= len(ws):
            return len(dst)
        return wd[k][0] + max(0, min(p - ws[k][0], wd[k][1] - wd[k][0]))

    def end(p: int) -> int:  # the word it ends in, or the word before
        k = bisect.bisect_left(starts, p) - 1
        if k < 0:
            return 0
        return wd[k][0] + min(p - ws[k][0], wd[k][1] - wd[k][0])

    return tuple(replace(x, stored=(start(x.stored[0]), max(start(x.stored[0]), end(x.stored[1]))))
                 for x in passages)


def as_stored(store, stored_id: str, matches: list[Match]) -> list[Match]:
    """The matches of a text that is stored as ``stored_id``, its stored self left out, each with the kind,
    direction, confidence and evidence of the stored relation (what ``unspun sources`` says: weighed with
    the rest of the corpus) where the store has one; offsets and coverage stay the check's. A match that stands
    for several stored articles with the same words is split: each the store relates to the text is a match of
    its own, with its own relation."""
    from ..export import sources
    from ..read.dates import published_seconds

    known = sources(store, stored_id)
    stored = {d["id"]: (key, d) for key in ("sources", "copies", "related") for d in known[key]}
    out = []
    for m in matches:
        # each stored article with these words is a match of its own, with its own stored relation: one
        # article's relation is not another's (a sibling is no source); those the store does not relate stay one
        mine = m.id == stored_id or stored_id in m.same_text  # the group holds the text itself
        ids = [i for i in (m.id, *m.same_text) if i != stored_id]
        when = store.published(ids)
        ids.sort(key=lambda i: (i != m.id, published_seconds(when.get(i)), i))  # the one the pair was judged on
        alone = [i for i in ids if i not in stored]
        for i in [i for i in ids if i in stored] + alone[:1]:
            art = store.article(i)
            if art is None:
                continue
            one = replace(m, id=art.id, source=art.source, url=art.url, title=art.title, published=art.published,
                          same_text=tuple(alone[1:]) if i not in stored else (),
                          candidate=replace(m.candidate, id=art.id, same_text=()))
            if i != m.id:  # the passages were aligned on m.id's text: the same words, maybe spaced otherwise
                aligned_on = store.article(m.id)
                if aligned_on is not None and aligned_on.text != art.text:
                    one = replace(one, passages=_same_words_passages(m.passages, aligned_on.text, art.text))
            if i in stored:
                key, d = stored[i]
                direction = {"sources": "stored->text", "copies": "text->stored"}.get(
                    key, "common" if d["direction"] == "common" else "unknown")
                evidence = (f"the text is stored as {stored_id}, side {d['this_side']} of the stored pair; "
                            "as weighed with the corpus:", *d["evidence"])
                one = replace(one, kind=d["kind"], direction=direction, confidence=d["confidence"],
                              evidence=evidence, judged="corpus")
            elif mine or i != m.id:  # its own words, or a pair judged on another article: not this one's
                one = replace(one, direction="unknown", confidence=0.0, judged="corpus",
                              evidence=(f"the text is stored as {stored_id}, "
                                        + ("whose text this stored article has too" if mine else
                                           f"related to {m.id}, whose text this stored article has too")
                                        + "; the store does not relate the two",))
            out.append(one)
    out.sort(key=lambda m: m.direction != "stored->text")  # what it derives from first, as weighed with the corpus
    return out


_EMBED_OK: bool | None = None


def embedding_available() -> bool:
    """Whether the sentence-embedding model loads (the ``embed`` extra); checked once."""
    global _EMBED_OK
    if _EMBED_OK is None:
        try:
            from ..fingerprint.embed import check_available

            check_available()
            _EMBED_OK = True
        except Exception as exc:  # noqa: BLE001 -- MissingExtra, or a broken install: work lexically
            log.warning("no sentence embeddings, checking lexically: %s", exc)
            _EMBED_OK = False
    return _EMBED_OK


__all__ = ["check", "prepare", "align_hits", "stored_version", "as_stored", "CheckOptions", "Match", "MatchPassage", "FingerprintIndex",
           "Hit", "embedding_available"]
