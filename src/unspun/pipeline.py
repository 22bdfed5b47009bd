"""The pipeline after ingest: furniture, quotations and spin flags, segments, fingerprints, candidates,
stories, alignment and relations, rewrite verdicts.

Each step finds what the store lacks, runs its stage over batches through an
engine, and stores the result, so every step is incremental and resumable.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .candidates import CandidateIndex, CandidateStats, propose
from .clean import clean_text
from .clean.site import learn_site_lines, normalise_line
from .config import Options
from .engine import LocalEngine, batched
from .ingestion import IngestReport, furniture_stamp
from .fingerprint.embed import MissingExtra
from .fingerprint.embed import prepare as prepare_encoder
from .fingerprint.minhash import EMPTY
from .fingerprint.sentences import NO_SENTENCES
from .fingerprint.sentences import decode as decode_sentences
from .fingerprint import (PER_ARTICLE, ImmutableSignature, Schemes, ShingleSignature, embed_batch, fingerprint_batch,
                          grams_batch)
from .progress import QUIET, Reporter
from .records import Candidate, Document, Relation, Segmentation
from .segment import segment_article
from .store import SQLiteStore, require_store
from .align.align import AlignOptions
from .align.stage import ALIGN_VERSION, AlignArticle, AlignBatch, AlignStageOptions, align_batch, release_vectors
from .fingerprint.embed import DIM, from_bytes
from .relate.direction import side_of
from .stories import StoryIndex, StoryInput, StoryOptions, chronological, inputs_from_store

BOILERPLATE_STATE = "site_boilerplate"
"""Per site, the sentences unrelated pages of it repeat (learned with its furniture): weak evidence of copying."""
FINGERPRINT_BATCH = 500
EMBED_BATCH = 256


def learn_furniture(store: SQLiteStore, options: Options = Options(), reporter: Reporter = QUIET) -> int:
    """Learn each site's repeated lines, then re-clean every article cleaned otherwise.

    Each article carries the stamp of the cleaning it got (clean rules and its
    site's lines), so a run killed half-way is completed by the next one.
    Returns how many articles' cleaned text changed (their segments and
    fingerprints are dropped and recomputed by the next steps).
    """
    pages = ((site, aid, raw) for site, aid, raw in store.site_pages() if site != "-")
    learned, boilerplate = learn_site_lines(pages, options.clean)
    if learned != store.site_furniture():
        store.replace_site_furniture(learned)
    said = {site: sorted(lines) for site, lines in sorted(boilerplate.items())}
    before = (store.state(BOILERPLATE_STATE) or ({},))[0]
    if before != said:
        # pairs of a site whose boilerplate changed were judged without it: they are aligned again
        store.drop_site_relations([s for s in set(before) | set(said) if before.get(s) != said.get(s)])
        store.put_state(BOILERPLATE_STATE, said)
    stamps = {site: furniture_stamp(lines) for site, lines in learned.items()}
    todo = store.stale_cleaned(stamps, furniture_stamp(frozenset()))
    changed = 0
    with reporter.task("re-clean", total=len(todo)) as task:
        for art_id, site in todo:
            art = store.article(art_id)
            lines = learned.get(site, frozenset())
            text, removals = clean_text(art.raw_text, furniture=lines, options=options.clean)
            if text != art.text:
                store.update_cleaned(art_id, text, removals, furniture_stamp(lines))
                changed += 1
            else:
                store.set_removals(art_id, removals, furniture_stamp(lines),
                                   relations_stale=tuple(removals) != tuple(art.removals))
            task.advance()
    return changed


def _segment_batch(batch: Sequence[tuple[str, str]], _options: object) -> list[Segmentation]:
    return [segment_article(aid, text) for aid, text in batch]


def _text_batches(store: SQLiteStore, ids: list[str], size: int) -> Iterator[list[tuple[str, str]]]:
    for chunk in batched(ids, size):
        yield [(aid, text) for aid, text, _ in store.texts(chunk)]


def segment(store: SQLiteStore, *, engine: LocalEngine | None = None, reporter: Reporter = QUIET) -> int:
    """Segment every article that has no segments yet."""
    ids = store.ids_without_segments()
    engine = engine or LocalEngine()
    with reporter.task("segment", total=len(ids)) as task:
        for segs in engine.map(_segment_batch, _text_batches(store, ids, 1000), None, parallel=False):
            store.put_segmentations(segs)
            task.advance(len(segs))
    return len(ids)


def fingerprint(store: SQLiteStore, options: Options = Options(), *, engine: LocalEngine | None = None,
                reporter: Reporter = QUIET) -> int:
    """Compute the fingerprints every article lacks; returns how many articles were done."""
    fo = options.fingerprint
    schemes = Schemes.of(fo)
    for name, params in schemes.params(fo).items():
        store.register_scheme(name, params)
    engine = engine or LocalEngine()
    missing = set(store.ids_without_fingerprint(schemes.shingles))
    missing.update(store.ids_without_fingerprint(schemes.immutables))
    missing.update(store.ids_without_fingerprint(schemes.sentences))
    grams_only = set(store.ids_without_fingerprint(schemes.grams)) - missing  # a store fingerprinted before them
    order = store.article_ids()
    ids = [aid for aid in order if aid in missing]  # all four schemes, in article order
    rest = [aid for aid in order if aid in grams_only]
    with reporter.task("fingerprint", total=len(ids) + len(rest)) as task:
        for fps in engine.map(fingerprint_batch, _text_batches(store, ids, FINGERPRINT_BATCH), fo):
            store.put_fingerprints(fps)
            task.advance(len(fps) // PER_ARTICLE)
        for fps in engine.map(grams_batch, _text_batches(store, rest, FINGERPRINT_BATCH), fo):
            store.put_fingerprints(fps)
            task.advance(len(fps))
    done = len(ids) + len(rest)
    if fo.embed:
        ids = store.ids_without_fingerprint(schemes.embedding)
        memo: dict = {}  # the vectors of this run's leads by word pieces: a copy's lead is often its original's
        try:
            with reporter.task("embed", total=len(ids)) as task:
                for chunk in batched(ids, EMBED_BATCH):
                    fps = embed_batch(list(store.texts(chunk)), fo, memo)
                    store.put_fingerprints(fps)
                    task.advance(len(fps))
        except MissingExtra as exc:  # go on with MinHash and immutables; say so
            reporter.warn(f"warning: no embeddings, candidates use MinHash and immutables only: {exc}")
        done = max(done, len(ids))
    return done


def load_index(store: SQLiteStore, options: Options = Options()) -> CandidateIndex:
    """Read every article's fingerprints into memory for the candidates stage."""
    fo = options.fingerprint
    schemes = Schemes.of(fo)
    ids, sigs, sizes, words = [], [], [], []
    for aid, data in store.fingerprints(schemes.shingles):
        s = ShingleSignature.decode(data)
        ids.append(aid)
        sigs.append(s.sig)
        sizes.append(s.shingles)
        words.append(s.words)
    pos = {aid: i for i, aid in enumerate(ids)}
    imm_sigs = np.full((len(ids), fo.immutables_perm), EMPTY, dtype=np.uint32)
    imm_feats = np.zeros(len(ids), dtype=np.int64)  # 0: no immutables fingerprint, never used
    imm_tokens: list[tuple[str, ...]] = [()] * len(ids)
    for aid, data in store.fingerprints(schemes.immutables):
        if aid in pos:
            s = ImmutableSignature.decode(data, fo.immutables_perm)
            imm_sigs[pos[aid]] = s.sig
            imm_feats[pos[aid]] = s.features
            imm_tokens[pos[aid]] = s.tokens
    sentences = [NO_SENTENCES] * len(ids)
    for aid, data in store.fingerprints(schemes.sentences):
        if aid in pos:
            sentences[pos[aid]] = decode_sentences(data)
    grams = [NO_SENTENCES] * len(ids)
    for aid, data in store.fingerprints(schemes.grams):
        if aid in pos:
            grams[pos[aid]] = decode_sentences(data)
    emb = None
    if fo.embed:
        from .fingerprint.embed import DIM

        emb = np.zeros((len(ids), DIM), dtype=np.float32)
        seen = 0
        for aid, data in store.fingerprints(schemes.embedding):
            if aid in pos:
                emb[pos[aid]] = from_bytes(data)
                seen += 1
        if seen < len(ids):
            emb = None
    from .read.dates import UNDATED, published_seconds

    when = {aid: published_seconds(value) for aid, value in store.published().items()}
    site_of = store.sites()
    codes: dict[str, int] = {}
    sites = np.array([codes.setdefault(s.casefold(), len(codes)) if (s := site_of.get(a)) else -1 for a in ids],
                     dtype=np.int64)
    shingle_sigs = np.stack(sigs) if sigs else np.zeros((0, fo.num_perm), dtype=np.uint32)
    return CandidateIndex(
        published_at=np.array([when.get(a, UNDATED) for a in ids], dtype=np.int64),
        text_keys=_exact_keys(store, ids, shingle_sigs, np.asarray(sizes, dtype=np.int64),
                              np.asarray(words, dtype=np.int64) < options.candidates.min_words,
                              options.candidates.max_identical),
        ids=ids,
        shingle_sigs=shingle_sigs,
        shingle_sizes=np.asarray(sizes, dtype=np.int64), immutable_sigs=imm_sigs,
        immutable_tokens=imm_tokens, embeddings=emb, words=np.asarray(words, dtype=np.int64),
        immutable_features=imm_feats, sentences=sentences, grams=grams, sites=sites)


def _exact_keys(store: SQLiteStore, ids: list[str], sigs: np.ndarray, sizes: np.ndarray, short: np.ndarray,
                more_than: int) -> np.ndarray:
    """The exact word keys that families need: only for the articles whose signature more than ``more_than``
    others share (the rest are never in a family, and 0 stands for their key), so no other text is read."""
    from .fingerprint.minhash import exact_text_key, same_text_rows

    keys = np.zeros(len(ids), dtype=np.uint64)
    first = same_text_rows(sigs, sizes, short)
    big = np.flatnonzero(np.bincount(first, minlength=len(ids))[first] > more_than)
    if len(big):
        at = {ids[k]: k for k in big.tolist()}
        for aid, text, _title in store.texts(at):
            keys[at[aid]] = exact_text_key(text)
    return keys


@dataclass(slots=True)
class CandidatesResult:
    candidates: list[Candidate]
    stats: CandidateStats


def candidates(store: SQLiteStore, options: Options = Options(), *, engine: LocalEngine | None = None,
               reporter: Reporter = QUIET, learn: bool = True) -> CandidatesResult:
    """Bring furniture (unless ``learn`` is False: just done), segments and fingerprints up to date,
    then find and store candidate pairs."""
    require_store(store, "find_candidates")  # the name unspun exports it under
    if learn:
        learn_furniture(store, options, reporter)
    segment(store, engine=engine, reporter=reporter)
    fingerprint(store, options, engine=engine, reporter=reporter)
    index = load_index(store, options)
    found, stats = propose(index, options.candidates)
    store.replace_candidates(found, among=set(index.ids))
    return CandidatesResult(found, stats)


# -- after candidates: alignment and relations, then stories ------------------------------------

STORIES_STATE = "stories"
SAME_TEXT = 0.8
"""Two candidates of which one has at least this share of its word shingles in the other (estimated) share their
text nearly word for word: a copy joins its original's story whatever dates the two carry."""
REUSES_KINDS = frozenset({"duplicate", "copy", "rewrite"})
"""Relations whose two articles report one event whatever their dates (see ``_reuses``)."""
SENTENCE_CACHE = 1500
"""Articles whose sentence embeddings each worker keeps in memory between batches of pairs."""
ALIGN_BATCH = 50
"""Candidate pairs per align batch. A batch's sentence features (word, shingle and character n-gram sets) take
about 1 MiB per article it names in the worker that aligns it: 200 pairs (about 380 articles) took 436 MiB."""


def stories(store: SQLiteStore, options: Options = Options(), story_options: StoryOptions | None = None, *,
            reporter: Reporter = QUIET, only: Collection[str] | None = None) -> int:
    """Add the articles that have no story yet to the story index (of them, those in ``only``, when given: the
    article the server has just aligned); returns how many were added.

    The index's state lives in the store, so a later run adds new articles to
    the stories it left, without reclustering. Articles join oldest first.
    It runs after :func:`align`: an article that copies or rewrites one already
    in a story joins that story whatever its date (``_reuses``).
    """
    if not options.fingerprint.embed:
        assigned = store.story_of()
        if all(aid in assigned for aid in store.article_ids()):
            return 0  # nothing waits for a story: nothing to warn about
        kept = " (the stories already stored are kept as they are)" if assigned else ""
        reporter.warn("warning: new articles join no story: stories need the lead embeddings that --no-embed "
                      f"turns off{kept}")
        return 0
    schemes = Schemes.of(options.fingerprint)
    saved = store.state(STORIES_STATE)
    # which write of the index this run read (each write counts one more), and how many articles it held then
    read = (saved[0].get("written", 0), len(saved[0]["articles"])) if saved else None
    if saved is not None and saved[0].get("embedding") != schemes.embedding:
        # the stories were built on other lead embeddings (another token budget or model): their centroids
        # can't be compared with the new vectors, so every article is clustered again
        reporter.warn(f"stories: rebuilt, their lead embeddings changed ({saved[0].get('embedding') or 'older'} "
                      f"-> {schemes.embedding})")
        saved = None
    if saved is not None:
        state, blob = saved
        state["sums"] = np.frombuffer(blob or b"", dtype="<f4").reshape(-1, DIM) if blob else np.zeros((0, DIM))
        index = StoryIndex.from_state(state, story_options or StoryOptions())
    else:
        index = StoryIndex(story_options or StoryOptions())
    ids = store.article_ids()
    assigned = store.story_of()
    unrecorded = {aid: story for aid in ids if aid not in assigned and (story := index.story_of(aid)) is not None}
    if unrecorded:  # in the index but not in the stories table (a store written before the two were one commit)
        store.put_stories(unrecorded)
    waiting = store.unaligned(f"{ALIGN_VERSION}/embed")  # an analyze beside this one (or the server) aligns
    # them: they join a story once their relations are stored, so a copy joins its original's (QA: two analyze
    # runs at once put the other's copies in stories of their own, for good)
    new_ids = [aid for aid in ids if index.story_of(aid) is None and aid not in waiting
               and (only is None or aid in only)]
    if not new_ids:
        return 0
    wanted = set(new_ids)
    try:
        found = inputs_from_store(store, options.fingerprint, new_ids)
    except MissingExtra as exc:
        reporter.warn(f"warning: no stories: they need sentence embeddings: {exc}")
        return 0
    reuses = _reuses(store, wanted)
    inputs = _sources_first(chronological(replace(x, reuses=tuple(sorted(reuses[x.id]))) if x.id in reuses else x
                                          for x in found), reuses)
    with reporter.task("stories", total=len(inputs)) as task:
        for chunk in batched(inputs, 1000):
            index.add(chunk)
            task.advance(len(chunk))
    _follow_late_sources(store, index, reuses, wanted, options)
    state = index.to_state()
    state["embedding"] = schemes.embedding
    state["written"] = (read[0] if read else 0) + 1
    sums = np.asarray(state.pop("sums"), dtype="<f4")
    with store.transaction():  # the index and the table together: a run killed between them would leave
        # articles the index holds (so no later run adds them) with no story
        now = store.state(STORIES_STATE)
        if ((now[0].get("written", 0), len(now[0]["articles"])) if now else None) != read:
            # another process wrote the index since this run read it (QA: its stories, written over, were lost;
            # a write that only moved articles, as a late original's copies follow it, keeps their number, so the
            # writes are counted): again from its state, holding the store meanwhile
            return stories(store, options, story_options, reporter=reporter, only=only)
        store.put_state(STORIES_STATE, state, sums.tobytes())
        store.put_stories({aid: index.story_of(aid) for aid in state["articles"]})
    return len(new_ids)


def _follow_late_sources(store: SQLiteStore, index: StoryIndex, reuses: dict[str, set[str]], wanted: set[str],
                         options: Options) -> None:
    """Articles of earlier runs that copy or rewrite an article of this run follow it into its story, and their own
    copies follow them (``StoryIndex.follow``): otherwise a copy analysed before its original stays in whatever
    story its own score found, unlike the same articles analysed at once (found by measuring incremental runs).
    The source followed is one in another story (the first by id can be a copy of this run that joined the copy's
    own story), and a copy of this run left in the story a copy moved out of follows it too."""
    def lead(d: str, srcs: set[str]) -> str | None:
        here = index.story_of(d)
        return min((s for s in srcs if index.story_of(s) != here), default=None)

    todo = sorted((d, src) for d, srcs in reuses.items()
                  if d not in wanted and index.story_of(d) is not None and (src := lead(d, srcs & wanted)))
    moved: set[str] = set()
    while todo:
        inputs = {x.id: x for x in inputs_from_store(store, options.fingerprint, [d for d, _ in todo])}
        left = {d: index.story_key(d) for d, _ in todo}  # not its id: a story named after a copy that left is renamed
        now = [d for d, source in todo if d not in moved and index.follow(inputs[d], source)]
        moved.update(now)
        if not now:
            break
        after = _reuses(store, set(now))  # their copies, stored in earlier runs too
        todo = sorted((d, src) for d, srcs in after.items()
                      if d not in moved and index.story_of(d) is not None
                      and (d not in wanted or any(index.story_key(d) == left[s] for s in srcs & set(now)))
                      and (src := lead(d, srcs & set(now))))


def _reuses(store: SQLiteStore, wanted: set[str]) -> dict[str, set[str]]:
    """The articles that each of ``wanted`` takes its story from: a copy, a truncated copy or a rewrite reports its
    original's event whatever date it carries (scrapers and content farms stamp their own).

    Where the relation's direction is known, only the side that derives takes the other's story: an original is
    never pulled into the story its copy's wrong date put the copy in (found by QA: a spin stamped a year early
    started a story there, and its original followed it out of its own event's story); an undirected pair (two
    copies of one text, siblings) goes both ways. A candidate pair that shares nearly all of one side's word
    shingles counts before it is aligned; a relation counts when it is a ``duplicate``, ``copy`` or ``rewrite``,
    not a ``partial`` (an extract or a block quote can sit in a report of another event) nor ``same_story``.
    """
    out: dict[str, set[str]] = defaultdict(set)
    directed: set[tuple[str, str]] = set()

    def link(a: str, b: str, direction: str = "unknown") -> None:
        if a not in wanted and b not in wanted:
            return
        if direction != "b->a":
            out[b].add(a)
        if direction != "a->b":
            out[a].add(b)

    few = len(wanted) <= 64  # the service adds one article at a time: read its relations, not the store's
    rels = (r for aid in sorted(wanted) for r in store.relations(aid, shared_only=True)) if few else \
        store.relations(shared_only=True)
    for r in rels:
        if r.kind in REUSES_KINDS:
            link(r.a, r.b, r.direction)
            if r.direction in ("a->b", "b->a"):
                directed.add((r.a, r.b))
    for c in store.candidates():
        if max(c.containment_a, c.containment_b) >= SAME_TEXT and (c.a, c.b) not in directed:
            link(c.a, c.b)
    return out


def _sources_first(inputs: list[StoryInput], reuses: dict[str, set[str]]) -> list[StoryInput]:
    """``inputs`` (oldest first) with each article that takes its story from another article of the same run put
    right after that one, whatever their dates: a copy dated before its original would otherwise be placed first,
    on its own wrong date. Articles in a loop of such links keep their date order."""
    new = {x.id for x in inputs}
    waiting: dict[str, list[StoryInput]] = defaultdict(list)
    placed: set[str] = set()
    out: list[StoryInput] = []

    def pending(x: StoryInput) -> list[str]:  # its sources in this run not placed yet (one-way links only)
        return [s for s in reuses.get(x.id, ()) if s in new and s not in placed and x.id not in reuses.get(s, ())]

    def place(x: StoryInput) -> None:
        out.append(x)
        placed.add(x.id)
        for y in waiting.pop(x.id, ()):
            if y.id not in placed and not pending(y):
                place(y)

    for x in inputs:
        if x.id in placed:
            continue
        wait = pending(x)
        for src in wait:
            waiting[src].append(x)
        if not wait:
            place(x)
    left = [x for x in inputs if x.id not in placed]  # a loop: date order
    for x in left:
        if x.id not in placed:
            place(x)
    return out


def _sentences(store: SQLiteStore, ids: Sequence[str]) -> dict[str, tuple]:
    out = {}
    for art in store.articles(ids):
        seg = store.segmentation(art.id)
        spans = seg.sentences if seg is not None else segment_article(art.id, art.text).sentences
        out[art.id] = (art, spans)
    return out


def align(store: SQLiteStore, options: Options = Options(), align_options: AlignOptions = AlignOptions(), *,
          engine: LocalEngine | None = None, reporter: Reporter = QUIET) -> int:
    """Align and relate every candidate pair that has no relation yet; returns how many were aligned.

    The pairs go in batches to :func:`unspun.align.stage.align_batch` through
    ``engine`` (each worker embeds what its pairs need, see there); the
    relations are stored batch by batch, so a killed run keeps what it did.
    """
    version = f"{ALIGN_VERSION}/{'embed' if options.fingerprint.embed else 'words'}"
    pairs = [(c.a, c.b) for c in store.candidates()]
    store.keep_relations(set(pairs))
    done = store.aligned_pairs(version)
    if not options.fingerprint.embed:  # an alignment made with embeddings has all a words-only one would find
        done |= store.aligned_pairs(f"{ALIGN_VERSION}/embed")
    todo = sorted(p for p in pairs if p not in done)
    fo = options.fingerprint
    stage = AlignStageOptions(align_options, fo.embed, fo.sentence_max_tokens, fo.embed_batch_size, SENTENCE_CACHE)
    engine = engine or LocalEngine()
    if todo and fo.embed:
        try:
            prepare_encoder()  # once here, not in each worker
        except MissingExtra:
            pass  # each batch says so
    warned = False
    with reporter.task("align", total=len(todo)) as task:
        for chunk, result in zip(batched(todo, ALIGN_BATCH), engine.map(align_batch, _align_batches(store, todo),
                                                                          stage), strict=True):
            if result.warning and not warned:
                reporter.warn(f"warning: {result.warning}")
                warned = True
            store.put_relations(result.rows, version)
            task.advance(len(chunk))
    release_vectors()
    judge_notices(store, options, align_options)
    return len(todo)


NOTICE_READ = 200
"""Pairs whose texts are read at once when pairs resting on one lifted sentence are judged again."""


@dataclass(frozen=True, slots=True)
class Lifted:
    """A pair that rests on one long lifted sentence alone (:func:`unspun.align.notices.lifted_only`)."""

    kept: Relation
    """Its relation (``partial``) while the sentence is a lifted one ..."""
    demoted: Relation
    """... and while it is a notice (no reuse, the passage marked weak)."""
    keys: tuple[frozenset[int], ...]
    """The hashes of the sentence's long sentences on each side (the same unless one side edited it)."""
    edge: bool
    """Whether the sentence stands at the start or the end of both texts (:func:`unspun.align.notices.at_edge`)."""


def judge_notices(store: SQLiteStore, options: Options = Options(), align_options: AlignOptions = AlignOptions()
                  ) -> int:
    """Judge again the stored pairs that rest on one long lifted sentence alone: ``partial``, unless the sentence
    is a notice that many independent articles carry (:mod:`unspun.align.notices`), then no reuse. Run after each
    alignment, over the relations of the whole store, so a notice that new articles spread makes the older pairs
    that rest on it no reuse (and a group that new relations merge may make it a lifted sentence again): the
    relations depend on the corpus, not on the order it came in.

    The cost stays with the pairs whose verdict may change (review: reading every ``partial`` pair's texts took
    28 ms a pair on every run and every posted article). From the ``long_sentences`` postings alone: the long
    sentences that :data:`~unspun.align.notices.NOTICE_GROUPS` articles or more carry; a ``partial`` pair is read
    only when both its articles carry one of them and that sentence is a notice, a pair marked a notice unless
    its articles share one such sentence alone and it is still a notice (with two, which one was marked is not
    known). Returns how many relations changed."""
    from .align.notices import NOTICE, NOTICE_GROUPS, one_verbatim, unmarked

    store.fill_long_sentences()  # a store of schema 6: its long sentences, once
    scheme = Schemes.of(options.fingerprint).sentences
    wide = store.widespread(scheme, NOTICE_GROUPS)
    verdicts: dict[tuple[frozenset[int], ...], bool] = {}

    def notice(keys: tuple[frozenset[int], ...]) -> bool:
        if keys not in verdicts:
            verdicts[keys] = notice_sentence(store, scheme, keys)
        return verdicts[keys]

    def shares_notice(a: str, b: str) -> bool:
        return any(notice((frozenset({k}),)) for k in sorted(wide.get(a, frozenset()) & wide.get(b, frozenset())))

    def still_notice(a: str, b: str) -> bool:  # the one widespread sentence they share, and still a notice
        shared = wide.get(a, frozenset()) & wide.get(b, frozenset())
        return len(shared) == 1 and notice((shared,))

    todo = [(r, v) for r, v in store.marked_relations(NOTICE) if not still_notice(r.a, r.b)]
    pairs = [(a, b) for a, b in store.pairs_of_kind("partial") if a in wide and b in wide and wide[a] & wide[b]]
    todo += [(r, v) for r, v in store.relations_of(pairs)
             if one_verbatim(unmarked(r.passages)) and shares_notice(r.a, r.b)]
    if not todo:
        return 0
    lifted = lifted_pairs(store, [r for r, _ in todo], align_options)
    changed = []
    for r, version in todo:
        x = lifted.get((r.a, r.b))
        if x is None:
            continue
        want = x.demoted if x.edge and len(x.keys) == 1 and notice(x.keys) else x.kept  # edited: no notice
        if any(p.weak == NOTICE for p in want.passages) != any(p.weak == NOTICE for p in r.passages):
            changed.append((version, (r.a, r.b, want)))
    for version, row in changed:
        store.put_relations([row], version)
    return len(changed)


def lifted_pairs(store: SQLiteStore, relations: Sequence[Relation], align_options: AlignOptions = AlignOptions()
                 ) -> dict[tuple[str, str], Lifted]:
    """Of the stored ``relations``, the pairs that rest on one lifted sentence alone (their texts are read)."""
    from .align.align import Sentences
    from .align.notices import at_edge, lifted_only, long_keys

    out = {}
    for chunk in batched(relations, NOTICE_READ):
        arts = _sentences(store, sorted({x for r in chunk for x in (r.a, r.b)}))
        read = {aid: (Sentences(art.text, tuple(spans)), side_of(art)) for aid, (art, spans) in arts.items()}
        for r in chunk:
            if r.a not in read or r.b not in read:
                continue
            (sa, side_a), (sb, side_b) = read[r.a], read[r.b]
            found = lifted_only(r.a, r.b, sa, sb, side_a, side_b, r.passages, align_options)
            if found is not None:
                kept, demoted, p = found
                keys = tuple(sorted({long_keys(sa, p.a), long_keys(sb, p.b)}, key=sorted))
                out[(r.a, r.b)] = Lifted(kept, demoted, keys, at_edge(sa, p.a) and at_edge(sb, p.b))
    return out


def notice_sentence(store: SQLiteStore, scheme: str, keys: tuple[frozenset[int], ...], *,
                    more: Sequence[str] = (), more_links: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether a lifted sentence (``keys``: :attr:`Lifted.keys`; an article that has all of one side's as long
    sentences of its own carries it) is carried by at least :data:`~unspun.align.notices.NOTICE_GROUPS` groups of
    articles, those related by reuse on other evidence than one lifted sentence being one group (a ``partial``
    with one strong verbatim passage links nothing: it may rest on this very sentence); ``more`` and
    ``more_links``: carriers and links not stored (a checked text's)."""
    from .align.notices import NOTICE_GROUPS, groups, one_verbatim, unmarked
    from .relate.provenance import REUSE

    carriers: set[str] = set(more)
    for side in keys:
        carriers |= store.carriers(scheme, side)
    if len(carriers) < NOTICE_GROUPS:
        return False
    links = [(r.a, r.b) for r in store.relations_among(carriers, REUSE)
             if not (r.kind == "partial" and one_verbatim(unmarked(r.passages)))]
    return groups(carriers, [*links, *more_links]) >= NOTICE_GROUPS


def _align_batches(store: SQLiteStore, todo: list[tuple[str, str]]) -> Iterator[AlignBatch]:
    """Batches of :data:`ALIGN_BATCH` pairs with the articles they name, read from the store as the engine
    asks for them (a pair whose article is gone is left out)."""
    said = site_boilerplate(store)
    for chunk in batched(todo, ALIGN_BATCH):
        arts = _sentences(store, sorted({x for p in chunk for x in p}))
        sites = store.site_keys(arts) if said else {}
        articles = {}
        for aid, (art, spans) in arts.items():
            lines = said.get(sites.get(aid))
            spans = tuple(s for s in spans if s.end > s.start)
            articles[aid] = AlignArticle(art.text, spans, side_of(art),
                                         _in_lines(art.text, spans, lines) if lines else frozenset())
        yield AlignBatch([(a, b) for a, b in chunk if a in articles and b in articles], articles)


def _in_lines(text: str, spans: Sequence, lines: frozenset[str]) -> frozenset[int]:
    """Indices of the sentences (``spans``) that lie in a line of ``text`` whose normalised form is in ``lines``."""
    out, start = set(), 0
    for raw in text.split("\n"):
        end = start + len(raw)
        if raw.strip() and normalise_line(raw) in lines:
            out.update(i for i, s in enumerate(spans) if start <= s.start and s.end <= end)
        start = end + 1
    return frozenset(out)


def site_boilerplate(store: SQLiteStore) -> dict[str, frozenset[str]]:
    """The boilerplate sentences learned for each site (see :func:`learn_furniture`)."""
    saved = store.state(BOILERPLATE_STATE)
    return {site: frozenset(lines) for site, lines in (saved[0] if saved else {}).items()}


@dataclass(slots=True)
class AnalyzeResult:
    ingested: IngestReport | None
    candidates: int
    aligned: int
    stories_added: int
    quotes_scanned: int = 0
    spin_flagged: int = 0
    rewrites_judged: int = 0


def analyze(store: SQLiteStore, paths: Sequence[str] = (), options: Options = Options(), *,
            records: Iterable | None = None, align_options: AlignOptions = AlignOptions(),
            story_options: StoryOptions | None = None, engine: LocalEngine | None = None,
            reporter: Reporter = QUIET) -> AnalyzeResult:
    """Ingest ``paths`` (if any) and ``records`` (articles held in Python, as
    :func:`~unspun.ingestion.ingest_records` stores them), then bring every stage up to date: incremental and
    idempotent. A second analyze of the same store waits for the first (``store.runlock``), saying so through
    ``reporter``."""
    from .store.runlock import run_lock

    require_store(store, "analyze")
    if isinstance(paths, (str, bytes, os.PathLike)):  # as ingest refuses it, but naming the call that was made
        raise TypeError(f"paths must be a list of paths, not one path: analyze(store, [{paths!r}])")
    if isinstance(records, (str, bytes, Mapping, Document)):
        raise TypeError(f"records must be a list of records, not one {type(records).__name__}: "
                        "analyze(store, records=[record])")
    with run_lock(store.path, reporter.warn):
        return _stages(store, paths, options, align_options, story_options, engine, reporter, records)


def _stages(store: SQLiteStore, paths: Sequence[str], options: Options, align_options: AlignOptions,
            story_options: StoryOptions | None, engine: LocalEngine | None, reporter: Reporter,
            records: Iterable | None = None) -> AnalyzeResult:
    """Every stage, in order: what :func:`analyze` runs under the store's analyze lock."""
    from .ingestion import ingest, ingest_records
    from .quotes.stage import extract as extract_quotes
    from .spin.stage import flag_articles, judge_rewrites

    report = ingest(store, paths, options=options, reporter=reporter) if paths or isinstance(paths, str) else None
    if records is not None:
        given = ingest_records(store, records, options=options, reporter=reporter)
        report = given if report is None else report.merge(given)
    # the text-only stages first: their process pool starts before the embedding model is loaded
    learn_furniture(store, options, reporter)
    scanned = extract_quotes(store, engine=engine, reporter=reporter)
    flagged = flag_articles(store, engine=engine, reporter=reporter)
    found = candidates(store, options, engine=engine, reporter=reporter, learn=False)
    aligned = align(store, options, align_options, engine=engine, reporter=reporter)
    added = stories(store, options, story_options, reporter=reporter)  # after align: a rewrite joins its original
    judged = judge_rewrites(store, engine=engine, reporter=reporter)
    return AnalyzeResult(report, len(found.candidates), aligned, added, scanned, flagged, judged)
