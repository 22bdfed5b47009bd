"""The pipeline after ingest: furniture, segments, fingerprints, candidates.

Each step finds what the store lacks, runs its stage over batches through an
engine, and stores the result, so every step is incremental and resumable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import CandidateIndex, CandidateStats, propose
from .clean import clean_text, learn_site_furniture
from .config import Options
from .engine import LocalEngine, batched
from .ingestion import furniture_stamp
from .fingerprint.embed import MissingExtra
from .fingerprint.minhash import EMPTY
from .fingerprint import ImmutableSignature, Schemes, ShingleSignature, embed_batch, fingerprint_batch
from .progress import QUIET, Reporter
from .records import Candidate, Segmentation
from .segment import segment_article
from .store import SQLiteStore

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
    learned = learn_site_furniture(pages, options.clean)
    if learned != store.site_furniture():
        store.replace_site_furniture(learned)
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
                store.set_removals(art_id, removals, furniture_stamp(lines))
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
    ids = [aid for aid in store.article_ids() if aid in missing]  # both schemes, in article order
    with reporter.task("fingerprint", total=len(ids)) as task:
        for fps in engine.map(fingerprint_batch, _text_batches(store, ids, FINGERPRINT_BATCH), fo):
            store.put_fingerprints(fps)
            task.advance(len(fps) // 2)
    done = len(ids)
    if fo.embed:
        ids = store.ids_without_fingerprint(schemes.embedding)
        try:
            with reporter.task("embed", total=len(ids)) as task:
                for chunk in batched(ids, EMBED_BATCH):
                    fps = embed_batch(list(store.texts(chunk)), fo)
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
    emb = None
    if fo.embed:
        from .fingerprint.embed import DIM, from_bytes

        emb = np.zeros((len(ids), DIM), dtype=np.float32)
        seen = 0
        for aid, data in store.fingerprints(schemes.embedding):
            if aid in pos:
                emb[pos[aid]] = from_bytes(data)
                seen += 1
        if seen < len(ids):
            emb = None
    return CandidateIndex(
        ids=ids,
        shingle_sigs=np.stack(sigs) if sigs else np.zeros((0, fo.num_perm), dtype=np.uint32),
        shingle_sizes=np.asarray(sizes, dtype=np.int64), immutable_sigs=imm_sigs,
        immutable_tokens=imm_tokens, embeddings=emb, words=np.asarray(words, dtype=np.int64),
        immutable_features=imm_feats)


@dataclass(slots=True)
class CandidatesResult:
    candidates: list[Candidate]
    stats: CandidateStats


def candidates(store: SQLiteStore, options: Options = Options(), *, engine: LocalEngine | None = None,
               reporter: Reporter = QUIET) -> CandidatesResult:
    """Bring furniture, segments and fingerprints up to date, then find and store candidate pairs."""
    learn_furniture(store, options, reporter)
    segment(store, engine=engine, reporter=reporter)
    fingerprint(store, options, engine=engine, reporter=reporter)
    index = load_index(store, options)
    found, stats = propose(index, options.candidates)
    store.replace_candidates(found)
    return CandidatesResult(found, stats)
