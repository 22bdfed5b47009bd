"""A live, in-memory index of the stored articles' fingerprints, for one-text queries.

The candidates stage (:mod:`unspun.candidates`) pairs a whole corpus at once.
A service asks another question, many times: which stored articles may share
text with *this* text? :class:`FingerprintIndex` answers it without scanning
the store: it reads every article's fingerprints once, then a query is

- an LSH lookup of the text's band keys, over both MinHash signatures (word
  shingles for near-verbatim reuse, immutables for rewrites and spins), in a
  sorted array of every stored (band key, row), by binary search;
- when the lead embeddings are there, a nearest-neighbour query (usearch HNSW
  above :data:`~unspun.candidates.ann.EXACT_BELOW` vectors, exact below);
- a lookup of its long sentences in the sorted postings of every stored
  article's (:mod:`unspun.fingerprint.sentences`): an extract of a few
  paragraphs shares whole sentences with its source, not its shingles' Jaccard;
- a lookup of its runs of content words (:mod:`unspun.fingerprint.grams`): a
  few paragraphs spun into another text keep their source's names and numbers;

and the few rows found are verified from their signatures with the same
thresholds as the candidates stage. Articles added later go into a small tail
block that is re-sorted on each add and merged into the main block when it
grows; the blocks are immutable and swapped whole, so queries running in
other threads never see half an update.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..candidates import MIN_SHINGLES_FOR_CONTAINMENT
from ..candidates.ann import EXACT_BELOW
from ..candidates.lsh import band_keys, lsh_params
from ..config import CandidateOptions, FingerprintOptions
from ..fingerprint import ImmutableSignature, Schemes, ShingleSignature
from ..fingerprint.embed import DIM, from_bytes
from ..fingerprint.minhash import EMPTY, containments, same_text_rows, text_keys
from ..fingerprint.sentences import decode as decode_sentences
from ..fingerprint.grams import NO_GRAMS, shared_grams
from ..fingerprint.sentences import NO_SENTENCES, flat_postings, shared_with
from ..records import Fingerprint

TAIL_MERGE = 2000
"""The tail block is merged into the main one when it holds more rows than this (or 5% of the main)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A stored article that may share text with the query, and the evidence from the signatures."""

    id: str
    jaccard: float
    containment_query: float
    """Estimated share of the query's shingles found in the stored article."""
    containment_stored: float
    immutables_jaccard: float
    embedding_cosine: float | None
    via: tuple[str, ...]
    same_text: tuple[str, ...] = ()
    """Other stored articles with this one's very text (the same word-shingle signature and count), left out of
    the hits in its favour when the query asks (``query(same_text=True)``): a wire story stored from many sites
    takes one hit, not all."""

    @property
    def strength(self) -> float:
        return max(self.jaccard, self.containment_query, self.containment_stored, self.immutables_jaccard,
                   self.embedding_cosine or 0.0)


@dataclass(frozen=True, slots=True)
class QuerySignature:
    """The query text's fingerprints, as the index compares them."""

    shingles: np.ndarray
    shingle_count: int
    immutables: np.ndarray
    short: bool
    """Too few words to pair (``CandidateOptions.min_words``)."""
    few_immutables: bool
    embedding: np.ndarray | None = None
    sentences: np.ndarray | None = None
    """Its fingerprinted sentences (:func:`~unspun.fingerprint.sentences.sentence_hashes`)."""
    grams: np.ndarray | None = None
    """Its kept content-word trigram hashes (:func:`~unspun.fingerprint.grams.gram_hashes`)."""


class _Block:
    """Immutable arrays for a set of rows, with their band keys sorted for binary search."""

    def __init__(self, ids: list[str], sh: np.ndarray, sizes: np.ndarray, words: np.ndarray, imm: np.ndarray,
                 feats: np.ndarray, emb: np.ndarray | None, sh_lsh: tuple[int, int], imm_lsh: tuple[int, int],
                 o: CandidateOptions, ann: bool = True, sentences: list[np.ndarray] | None = None,
                 grams: list[np.ndarray] | None = None, sites: np.ndarray | None = None) -> None:
        self.ids, self.sizes, self.emb = ids, sizes, emb
        self.sentences = sentences if sentences is not None else [NO_SENTENCES] * len(ids)
        self.sent_sizes = np.fromiter((len(h) for h in self.sentences), dtype=np.int64, count=len(ids))
        self.grams = grams if grams is not None else [NO_GRAMS] * len(ids)
        self.gram_sizes = np.fromiter((len(h) for h in self.grams), dtype=np.int64, count=len(ids))
        self.sites = sites if sites is not None else np.full(len(ids), "", dtype=object)
        """Each row's site, casefolded ("" where not known): runs of content words pair no two pages of one site."""
        self.short = words < o.min_words
        self.few = self.short | (feats < o.min_immutable_features)
        self.sh = np.where(self.short[:, None], EMPTY, sh).astype(np.uint32)
        self.imm = np.where(self.few[:, None], EMPTY, imm).astype(np.uint32)
        self.words, self.feats = words, feats
        # The copies of one text (a wire story stored from many sites) are posted once, under their first row:
        # so they never fill a bucket's rows, a sentence's postings or the nearest neighbours, and crowd out the
        # other articles that share text with a query. ``rep`` maps each row to that first row.
        self.text_keys = text_keys(self.sh, sizes)
        self.rep = same_text_rows(self.sh, sizes, self.short, self.text_keys)
        first = self.rep == np.arange(len(ids))
        self.sent_keys, self.sent_rows = flat_postings(
            [h if f else NO_SENTENCES for h, f in zip(self.sentences, first.tolist(), strict=True)])
        self.gram_keys, self.gram_rows = flat_postings(
            [h if f else NO_GRAMS for h, f in zip(self.grams, first.tolist(), strict=True)])
        self.sh_keys, self.sh_rows = _sorted_keys(np.where(first[:, None], self.sh, EMPTY), *sh_lsh)
        self.imm_keys, self.imm_rows = _sorted_keys(np.where(first[:, None], self.imm, EMPTY), *imm_lsh)
        self.first = first
        self.ann = None
        if ann and emb is not None and len(emb) > EXACT_BELOW:  # a tail block is searched exactly
            from ..fingerprint.embed import before_usearch

            before_usearch()
            from usearch.index import Index

            self.ann = Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16, expansion_add=128,
                             expansion_search=64)
            keys = np.flatnonzero(first)
            self.ann.add(keys.astype(np.uint64), np.ascontiguousarray(emb[keys], dtype=np.float32))

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, keys: np.ndarray, sorted_keys: np.ndarray, rows: np.ndarray, max_bucket: int) -> np.ndarray:
        lo = np.searchsorted(sorted_keys, keys, side="left")
        hi = np.searchsorted(sorted_keys, keys, side="right")
        # A bucket of more than max_bucket rows (a wire story stored hundreds of times, boilerplate)
        # gives its oldest max_bucket rows: verification and ranking keep the real copies.
        found = [rows[a : min(b, a + max_bucket)] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def neighbours(self, vec: np.ndarray, k: int, min_cosine: float) -> np.ndarray:
        if self.emb is None or not len(self.emb):
            return np.empty(0, dtype=np.int64)
        if self.ann is not None:
            m = self.ann.search(np.ascontiguousarray(vec, dtype=np.float32), k)
            keys = np.asarray(m.keys, dtype=np.int64).ravel()
            cos = 1.0 - np.asarray(m.distances, dtype=np.float32).ravel()
            return keys[(keys >= 0) & (cos >= min_cosine)]
        cos = np.where(self.first, self.emb @ vec, -2.0)
        top = np.argsort(-cos)[:k]
        return top[cos[top] >= min_cosine]

    def with_copies(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` and every row with the text of one of them."""
        if not len(rows) or self.first.all():
            return rows
        return np.flatnonzero(np.isin(self.rep, self.rep[rows]))


def _sorted_keys(sigs: np.ndarray, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Every live row's band keys, flattened and sorted, with the row each came from."""
    live = np.flatnonzero(~(sigs == EMPTY).all(axis=1)) if len(sigs) else np.empty(0, dtype=np.int64)
    if not len(live):
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    keys = band_keys(sigs[live], bands, rows).ravel()  # band keys differ between bands
    rows_of = np.repeat(live, bands)
    order = np.argsort(keys, kind="stable")
    return keys[order], rows_of[order]


class FingerprintIndex:
    """Every stored article's MinHash, immutables and (optionally) lead-embedding fingerprints, in memory.

    Build it once with :meth:`from_store`, query it with :meth:`query`, and
    :meth:`add` the fingerprints of articles stored afterwards.
    """

    def __init__(self, fingerprint: FingerprintOptions = FingerprintOptions(),
                 candidates: CandidateOptions = CandidateOptions(), *, embed: bool = False) -> None:
        self.fo, self.co = fingerprint, candidates
        self.schemes = Schemes.of(fingerprint)
        self.embed = embed
        o = candidates
        threshold = round(min(o.jaccard, o.containment * 0.4), 3)
        self.sh_lsh = ((o.shingle_bands, fingerprint.num_perm // o.shingle_bands) if o.shingle_bands
                       else lsh_params(threshold, fingerprint.num_perm))
        self.imm_lsh = ((o.immutables_bands, fingerprint.immutables_perm // o.immutables_bands)
                        if o.immutables_bands
                        else lsh_params(round(o.immutables_jaccard, 3), fingerprint.immutables_perm))
        self._blocks: tuple[_Block, ...] = ()
        self._ids: set[str] = set()
        self._sites: dict[str, str] = {}
        self.without_grams: frozenset[str] = frozenset()
        """Articles added without a runs-of-content-words fingerprint (a store written before them, not analysed
        since): a server rebuilds its index once ``analyze`` has given them theirs (:class:`~unspun.serve.Service`)."""
        self._write = threading.Lock()

    # -- building -------------------------------------------------------------------------
    @classmethod
    def from_store(cls, store, fingerprint: FingerprintOptions = FingerprintOptions(),
                   candidates: CandidateOptions = CandidateOptions()) -> FingerprintIndex:
        """Read every fingerprinted article's signatures; embeddings are used only when every article has one."""
        schemes = Schemes.of(fingerprint)
        rows: dict[str, dict[str, bytes]] = {}
        for aid, data in store.fingerprints(schemes.shingles):
            rows[aid] = {"s": data}
        for aid, data in store.fingerprints(schemes.immutables):
            if aid in rows:
                rows[aid]["i"] = data
        embed = False
        if fingerprint.embed and rows:
            n = 0
            for aid, data in store.fingerprints(schemes.embedding):
                if aid in rows:
                    rows[aid]["e"] = data
                    n += 1
            embed = n == len(rows)
        for aid, data in store.fingerprints(schemes.sentences):
            if aid in rows:
                rows[aid]["t"] = data
        for aid, data in store.fingerprints(schemes.grams):
            if aid in rows:
                rows[aid]["g"] = data
        index = cls(fingerprint, candidates, embed=embed)
        fps = [Fingerprint(aid, scheme, data) for aid, d in rows.items() if "i" in d
               for scheme, data in ((schemes.shingles, d["s"]), (schemes.immutables, d["i"]),
                                    *(((schemes.embedding, d["e"]),) if "e" in d else ()),
                                    *(((schemes.sentences, d["t"]),) if "t" in d else ()),
                                    *(((schemes.grams, d["g"]),) if "g" in d else ()))]
        index.add(fps, merge=True, sites=store.sites())
        return index

    def add(self, fingerprints: Iterable[Fingerprint], *, merge: bool = False,
            sites: Mapping[str, str | None] | None = None) -> int:
        """Add articles from their fingerprints (each needs its shingles and immutables ones, and its
        embedding when the index uses embeddings); returns how many were new. ``sites``: each article's site
        (its name or host), where known: runs of content words pair no two pages of one site."""
        by_id: dict[str, dict[str, bytes]] = {}
        for f in fingerprints:
            by_id.setdefault(f.article_id, {})[f.scheme] = f.data
        s = self.schemes
        with self._write:
            self._sites.update({aid: name.casefold() for aid, name in (sites or {}).items() if name})
            new = [aid for aid, d in by_id.items() if aid not in self._ids and s.shingles in d
                   and s.immutables in d and (not self.embed or s.embedding in d)]
            if not new:
                return 0
            blocks = self._blocks
            block = self._block_of(new, by_id, ann=not blocks)
            if not blocks:
                blocks = (block,)
            elif len(blocks) == 1:
                blocks = (blocks[0], block)
            else:
                blocks = (blocks[0], _concat(blocks[1], block, self, ann=False))
            if len(blocks) == 2 and (merge or len(blocks[1]) > max(TAIL_MERGE, len(blocks[0]) // 20)):
                blocks = (_concat(blocks[0], blocks[1], self),)
            self._blocks = blocks  # one assignment: readers see the old blocks or the new ones
            self._ids.update(new)
            if lacking := [aid for aid in new if s.grams not in by_id[aid]]:
                self.without_grams = self.without_grams | frozenset(lacking)
        return len(new)

    def _block_of(self, ids: list[str], by_id: dict[str, dict[str, bytes]], *, ann: bool = True) -> _Block:
        s, n = self.schemes, len(ids)
        sh = np.empty((n, self.fo.num_perm), dtype=np.uint32)
        imm = np.empty((n, self.fo.immutables_perm), dtype=np.uint32)
        sizes, words, feats = (np.zeros(n, dtype=np.int64) for _ in range(3))
        emb = np.zeros((n, DIM), dtype=np.float32) if self.embed else None
        sentences = [decode_sentences(by_id[aid][s.sentences]) if s.sentences in by_id[aid] else NO_SENTENCES
                     for aid in ids]
        grams = [decode_sentences(by_id[aid][s.grams]) if s.grams in by_id[aid] else NO_GRAMS for aid in ids]
        for k, aid in enumerate(ids):
            sig = ShingleSignature.decode(by_id[aid][s.shingles])
            sh[k], sizes[k], words[k] = sig.sig, sig.shingles, sig.words
            isig = ImmutableSignature.decode(by_id[aid][s.immutables], self.fo.immutables_perm)
            imm[k], feats[k] = isig.sig, isig.features
            if emb is not None:
                emb[k] = from_bytes(by_id[aid][s.embedding])
        sites = np.array([self._sites.get(aid, "") for aid in ids], dtype=object)
        return _Block(ids, sh, sizes, words, imm, feats, emb, self.sh_lsh, self.imm_lsh, self.co, ann, sentences,
                      grams, sites)

    def __len__(self) -> int:
        return sum(len(b) for b in self._blocks)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._ids

    def signature(self, fingerprints: Iterable[Fingerprint]) -> QuerySignature:
        """A stored article's query signature, from its fingerprints (shingles, immutables, embedding)."""
        data = {f.scheme: f.data for f in fingerprints}
        s, o = self.schemes, self.co
        sh = ShingleSignature.decode(data[s.shingles])
        imm = ImmutableSignature.decode(data[s.immutables], self.fo.immutables_perm)
        emb = from_bytes(data[s.embedding]) if s.embedding in data else None
        short = sh.words < o.min_words
        sent = decode_sentences(data[s.sentences]) if s.sentences in data else None
        grams = decode_sentences(data[s.grams]) if s.grams in data else None
        return QuerySignature(sh.sig, sh.shingles, imm.sig, short, short or imm.features < o.min_immutable_features,
                              emb, sent, grams)

    # -- querying -------------------------------------------------------------------------
    def query(self, q: QuerySignature, *, exclude: Sequence[str] = (), same_text: bool = False,
              site: str | None = None) -> list[Hit]:
        """Stored articles whose signatures pass any candidate threshold against ``q``, strongest first.

        ``site``: the query text's site (its name or host), where known: runs of content words pair it with no
        stored page of that site (as the candidates stage pairs a corpus).

        With ``same_text``, stored articles with the very same text are one hit, the others listed in its
        ``same_text`` (the first by id stands for them; :func:`unspun.lookup.check` takes the earliest published).
        """
        o = self.co
        hits: list[Hit] = []
        text_of: dict[str, tuple[_Block, int]] = {}
        sh_q = None if q.short else band_keys(q.shingles[None, :], *self.sh_lsh)[0]
        imm_q = None if q.few_immutables else band_keys(q.immutables[None, :], *self.imm_lsh)[0]
        use_emb = self.embed and q.embedding is not None
        blocks = self._blocks
        carriers = None  # how many texts of the whole index carry each of the query's runs (review: counted block
        # by block, a run in more than MAX_POSTINGS texts, spread over the main block and the tail, paired them all)
        if q.grams is not None and len(q.grams) and not q.short and o.grams:
            carriers = sum(np.searchsorted(b.gram_keys, q.grams, side="right")
                           - np.searchsorted(b.gram_keys, q.grams, side="left") for b in blocks)
        for blk in blocks:
            via: dict[str, np.ndarray] = {}
            if sh_q is not None:
                via["shingles"] = blk.lookup(sh_q, blk.sh_keys, blk.sh_rows, o.max_bucket)
            if imm_q is not None:
                via["immutables"] = blk.lookup(imm_q, blk.imm_keys, blk.imm_rows, o.max_bucket)
            if use_emb:
                found = blk.neighbours(q.embedding, o.embedding_neighbours, o.embedding_cosine)
                via["embedding"] = found[~blk.short[found]]
            if q.sentences is not None and not q.short:
                found = shared_with(q.sentences, blk.sent_keys, blk.sent_rows, blk.sent_sizes)
                via["sentences"] = found[~blk.short[found]]
            if q.grams is not None and not q.short and o.grams:
                found = shared_grams(q.grams, blk.gram_keys, blk.gram_rows, blk.gram_sizes, carriers)
                via["grams"] = found[~blk.short[found]]  # each copy of a found text is judged by its own site below
            if not via or not any(len(v) for v in via.values()):
                continue
            rows = blk.with_copies(np.unique(np.concatenate(list(via.values()))))
            jac = np.zeros(len(rows)) if sh_q is None else (blk.sh[rows] == q.shingles).mean(axis=1)
            jac[blk.short[rows]] = 0.0
            sq = np.full(len(rows), float(q.shingle_count))
            ss = blk.sizes[rows].astype(float)
            cq, cs = containments(jac, sq, ss)
            cq = np.where(sq >= MIN_SHINGLES_FOR_CONTAINMENT, cq, 0.0)
            cs = np.where(ss >= MIN_SHINGLES_FOR_CONTAINMENT, cs, 0.0)
            ij = np.zeros(len(rows)) if imm_q is None else (blk.imm[rows] == q.immutables).mean(axis=1)
            ij[blk.few[rows]] = 0.0
            keep = (jac >= o.jaccard) | (np.maximum(cq, cs) >= o.containment) | (ij >= o.immutables_jaccard)
            cos = None
            if use_emb:
                cos = np.clip(blk.emb[rows] @ q.embedding, -1.0, 1.0)
                cos[blk.short[rows]] = 0.0
                keep |= cos >= o.embedding_cosine
            members = {name: np.isin(blk.rep[rows], v) for name, v in via.items()}  # a copy's, as its text's
            if site and "grams" in members:  # no two pages of one site, page by page (a text's runs are posted under
                # its first copy: that copy's site is not its other copies'), as the candidates stage pairs them
                members["grams"] &= blk.sites[rows] != site.casefold()
            for name in ("sentences", "grams"):  # whole sentences, or runs of rare content words: the evidence
                if name in members:
                    keep |= members[name]
            for k in np.flatnonzero(keep):
                aid = blk.ids[int(rows[k])]
                if aid in exclude:
                    continue
                hits.append(Hit(aid, round(float(jac[k]), 4), round(float(cq[k]), 4), round(float(cs[k]), 4),
                                round(float(ij[k]), 4), None if cos is None else round(float(cos[k]), 4),
                                tuple(name for name, m in members.items() if m[k])))
                row = int(rows[k])
                if same_text and not blk.short[row]:
                    text_of[aid] = (blk, row)
        hits.sort(key=lambda h: (-h.strength, h.id))
        return self._one_per_text(hits, text_of, set(exclude)) if same_text else hits

    def _one_per_text(self, hits: list[Hit], text_of: dict[str, tuple[_Block, int]], exclude: set[str]) -> list[Hit]:
        """The first hit of each text, with every other stored article of that text (hit or not: a bucket's
        rows are capped) in its ``same_text``."""
        out, seen = [], set()
        for h in hits:
            if h.id in seen:
                continue
            if h.id not in text_of:
                out.append(h)
                continue
            blk, row = text_of[h.id]
            key, sig, size = blk.text_keys[row], blk.sh[row], blk.sizes[row]
            same = []
            for b in self._blocks:
                rows = np.flatnonzero(b.text_keys == key)
                rows = rows[(b.sizes[rows] == size) & (b.sh[rows] == sig).all(axis=1) & ~b.short[rows]]
                same += [b.ids[int(r)] for r in rows]
            seen.update(same)
            others = sorted(i for i in same if i != h.id and i not in exclude)
            out.append(replace(h, same_text=tuple(others)) if others else h)
        return out


def _concat(a: _Block, b: _Block, index: FingerprintIndex, *, ann: bool = True) -> _Block:
    emb = None if a.emb is None or b.emb is None else np.concatenate([a.emb, b.emb])
    return _Block(a.ids + b.ids, np.concatenate([a.sh, b.sh]), np.concatenate([a.sizes, b.sizes]),
                  np.concatenate([a.words, b.words]), np.concatenate([a.imm, b.imm]),
                  np.concatenate([a.feats, b.feats]), emb, index.sh_lsh, index.imm_lsh, index.co, ann,
                  a.sentences + b.sentences, a.grams + b.grams, np.concatenate([a.sites, b.sites]))


__all__ = ["FingerprintIndex", "Hit", "QuerySignature", "TAIL_MERGE"]
