"""The candidates stage: pairs of articles that may share text, with their evidence.

Five indexes propose pairs, none of them comparing all pairs:

- LSH banding over the word-shingle MinHash (near-verbatim copies, and
  truncated copies through a low banding threshold);
- LSH banding over the immutables MinHash (rewrites and spins keep names and
  numbers while they change the words around them);
- nearest neighbours of the lead embeddings in a usearch index (rewrites,
  and reports of the same story);
- postings of whole sentences (:mod:`unspun.fingerprint.sentences`): two
  articles sharing at least two long sentences word for word (an extract of a
  few paragraphs, a summary built from an article's sentences, a block quote),
  or one long sentence of the writer's own words (``LONG_WORDS`` content words
  outside quotation marks) that two sites share, which the whole-text MinHash
  misses when one text is much longer or they share one sentence of many;
- postings of runs of content words (:mod:`unspun.fingerprint.grams`): a few
  paragraphs spun into another text (an article builder's work) keep runs of
  their source's names, numbers and unswapped words.

Every proposed pair is then scored from the signatures (estimated Jaccard and
containment, immutables Jaccard and the shared tokens, embedding cosine) and
kept when any evidence passes its threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..config import CandidateOptions
from ..fingerprint.minhash import EMPTY, containments, mix_keys, same_text_rows, text_keys
from ..fingerprint.grams import NO_GRAMS, gram_pairs
from ..fingerprint.sentences import NO_SENTENCES, shared_sentence_pairs
from ..records import Candidate
from .ann import neighbour_pairs
from .lsh import candidate_pairs, lsh_params

MIN_SHINGLES_FOR_CONTAINMENT = 15
"""Below this many shingles a text is too short for containment to mean copying."""


@dataclass(slots=True)
class CandidateIndex:
    """Everything the candidates stage reads: one row per article."""

    ids: list[str]
    shingle_sigs: np.ndarray
    shingle_sizes: np.ndarray
    immutable_sigs: np.ndarray
    immutable_tokens: list[tuple[str, ...]]
    embeddings: np.ndarray | None = None
    words: np.ndarray | None = None
    """Word count per article; articles under ``CandidateOptions.min_words`` never pair."""
    immutable_features: np.ndarray | None = None
    """Invariant features per article (0 where the article has no immutables fingerprint)."""
    sentences: list[np.ndarray] | None = None
    """Each article's fingerprinted sentences (:func:`~unspun.fingerprint.sentences.sentence_hashes`)."""
    grams: list[np.ndarray] | None = None
    """Each article's kept content-word trigram hashes (:func:`~unspun.fingerprint.grams.gram_hashes`)."""
    text_keys: np.ndarray | None = None
    """Each article's :func:`~unspun.fingerprint.minhash.exact_text_key`: copies of one text are those whose words
    are the same (a signature can be blind to a word or two changed); by signature when not given."""
    published_at: np.ndarray | None = None
    """Each article's publication time in seconds (any origin; a larger number than any date when undated): a family
    of identical copies is paired around its earliest (``CandidateOptions.max_identical``)."""
    sites: np.ndarray | None = None
    """Each article's site as a code (negative where not known): one long sentence shared by two pages of one site
    is its own boilerplate, and pairs them not (:func:`~unspun.fingerprint.sentences.shared_sentence_pairs`)."""


@dataclass(slots=True)
class CandidateStats:
    articles: int = 0
    proposed: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    skipped_buckets: int = 0
    skipped_pairs: int = 0
    all_pairs: int = 0
    identical_copies: int = 0
    """Copies paired through their family's earliest copy only (``CandidateOptions.max_identical``)."""

    def as_dict(self) -> dict:
        return {"articles": self.articles, "proposed": dict(self.proposed), "kept": self.kept,
                "skipped_buckets": self.skipped_buckets, "skipped_pairs": self.skipped_pairs,
                "all_pairs": self.all_pairs, "identical_copies": self.identical_copies}


def identical_families(sigs: np.ndarray, sizes: np.ndarray, skip: np.ndarray, more_than: int,
                       rank: np.ndarray | None = None, exact: np.ndarray | None = None) -> np.ndarray:
    """``rep[i]``: the first row of ``i``'s family when more than ``more_than`` rows have the same text (the same
    ``exact`` key and signature; the same shingle signature and count without ``exact``), else ``i`` itself. The
    first row is the one of lowest ``rank`` (the earliest publication time), then the lowest row (the first
    ingested). Rows in ``skip`` (too short, no shingles) are never in a family."""
    n = len(sigs)
    first = same_text_rows(sigs, sizes, skip, None if exact is None else mix_keys(text_keys(sigs, sizes), exact))
    big = np.flatnonzero(np.bincount(first, minlength=n)[first] > more_than)
    rep = np.arange(n, dtype=np.int64)
    if not len(big):
        return rep
    r = np.zeros(len(big), dtype=np.int64) if rank is None else np.asarray(rank, dtype=np.int64)[big]
    order = np.lexsort((big, r, first[big]))  # by text, then rank, then row
    group = first[big][order]
    starts = np.r_[True, group[1:] != group[:-1]]
    head = np.empty(n, dtype=np.int64)
    head[group[starts]] = big[order][starts]
    rep[big] = head[first[big]]
    return rep


def _row_equal_share(sigs: np.ndarray, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        p = pairs[s : s + chunk]
        out[s : s + chunk] = (sigs[p[:, 0]] == sigs[p[:, 1]]).mean(axis=1)
    return out


def propose(index: CandidateIndex, options: CandidateOptions = CandidateOptions()
                    ) -> tuple[list[Candidate], CandidateStats]:
    """Propose, score and filter candidate pairs over an in-memory index."""
    n = len(index.ids)
    stats = CandidateStats(articles=n, all_pairs=n * (n - 1) // 2)
    if n < 2:
        return [], stats
    o = options
    proposals: dict[str, np.ndarray] = {}
    # Too short to say anything (empty, or furniture only): out of every index.
    words = index.words if index.words is not None else np.full(n, o.min_words, dtype=np.int64)
    short = words < o.min_words
    feats = (index.immutable_features if index.immutable_features is not None
             else np.full(n, o.min_immutable_features, dtype=np.int64))
    few_immutables = short | (feats < o.min_immutable_features)
    shingle_sigs = np.where(short[:, None], EMPTY, index.shingle_sigs)
    immutable_sigs = np.where(few_immutables[:, None], EMPTY, index.immutable_sigs)
    # A wire story run by many sites: a family around its earliest copy, not all pairs of copies. Only that copy
    # goes into the indexes below (so the copies fill no bucket, posting list or neighbour list), and each copy
    # is paired with it.
    rep = identical_families(shingle_sigs, index.shingle_sizes, short, o.max_identical, index.published_at,
                             index.text_keys)
    copies = np.flatnonzero(rep != np.arange(n))
    apart = np.zeros(n, dtype=bool)
    apart[copies] = True
    # Truncated copies have Jaccard = their share of the original: band low.
    banded = {"shingles": (np.where(apart[:, None], EMPTY, shingle_sigs), min(o.jaccard, o.containment * 0.4),
                           o.shingle_bands),
              "immutables": (np.where(apart[:, None], EMPTY, immutable_sigs), o.immutables_jaccard,
                             o.immutables_bands)}
    for name, (sigs, threshold, bands_override) in banded.items():
        num_perm = sigs.shape[1]
        bands, rows = lsh_params(round(threshold, 3), num_perm)
        if bands_override:
            bands, rows = bands_override, num_perm // bands_override
        res = candidate_pairs(sigs, bands, rows, max_bucket=o.max_bucket)
        proposals[name] = res.pairs
        stats.skipped_buckets += res.skipped_buckets
        stats.skipped_pairs += res.skipped_pairs
    emb_cos = None
    if index.embeddings is not None and len(index.embeddings) == n:
        kept = np.flatnonzero(~apart)
        pairs, _ = neighbour_pairs(index.embeddings[kept], o.embedding_neighbours, o.embedding_cosine)
        pairs = kept[pairs] if len(pairs) else pairs
        proposals["embedding"] = pairs[~(short[pairs[:, 0]] | short[pairs[:, 1]])]
    if index.sentences is not None:  # an extract of a few paragraphs shares whole sentences, not the whole text
        # a long sentence alone pairs articles while few *texts* carry it: the copies of one story run by a few
        # sites count once, so an article that lifts a sentence of that story is paired with them all
        same = same_text_rows(shingle_sigs, index.shingle_sizes, short)
        pairs = shared_sentence_pairs([NO_SENTENCES if a else h for h, a in zip(index.sentences, apart.tolist(),
                                                                                  strict=True)], sites=index.sites,
                                      same_text=same)
        proposals["sentences"] = pairs[~(short[pairs[:, 0]] | short[pairs[:, 1]])]
    if index.grams is not None and o.grams:  # a few paragraphs spun into another text keep runs of their content words
        pairs = gram_pairs([NO_GRAMS if a else h for h, a in zip(index.grams, apart.tolist(), strict=True)])
        keep = ~(short[pairs[:, 0]] | short[pairs[:, 1]])
        if index.sites is not None:  # two pages of one site share its boilerplate and its formats (a live blog's
            # time stamps, a tip line), not a spun paragraph: the other indexes pair a site's own republications
            sa, sb = np.asarray(index.sites)[pairs[:, 0]], np.asarray(index.sites)[pairs[:, 1]]
            keep &= (sa < 0) | (sa != sb)
        proposals["grams"] = pairs[keep]
    if len(copies):
        stats.identical_copies = len(copies)
        star = np.stack([rep[copies], copies], axis=1)
        proposals["shingles"] = np.unique(np.concatenate([proposals["shingles"], star]), axis=0)
    stats.proposed = {k: len(v) for k, v in proposals.items()}

    codes = {name: p[:, 0] * n + p[:, 1] for name, p in proposals.items() if len(p)}
    if not codes:
        return [], stats
    all_codes = np.unique(np.concatenate(list(codes.values())))
    pairs = np.stack([all_codes // n, all_codes % n], axis=1)
    jac = _row_equal_share(shingle_sigs, pairs)
    jac[short[pairs[:, 0]] | short[pairs[:, 1]]] = 0.0
    sa = index.shingle_sizes[pairs[:, 0]].astype(float)
    sb = index.shingle_sizes[pairs[:, 1]].astype(float)
    ca, cb = containments(jac, sa, sb)
    ca = np.where(sa >= MIN_SHINGLES_FOR_CONTAINMENT, ca, 0.0)
    cb = np.where(sb >= MIN_SHINGLES_FOR_CONTAINMENT, cb, 0.0)
    ij = _row_equal_share(immutable_sigs, pairs)
    ij[few_immutables[pairs[:, 0]] | few_immutables[pairs[:, 1]]] = 0.0
    if index.embeddings is not None and len(index.embeddings) == n:
        e = index.embeddings
        emb_cos = np.clip(np.einsum("ij,ij->i", e[pairs[:, 0]], e[pairs[:, 1]]), -1.0, 1.0)
        emb_cos[short[pairs[:, 0]] | short[pairs[:, 1]]] = 0.0
    keep = (jac >= o.jaccard) | (np.maximum(ca, cb) >= o.containment) | (ij >= o.immutables_jaccard)
    if emb_cos is not None:
        keep |= emb_cos >= o.embedding_cosine
    for name in ("sentences", "grams"):  # they share whole sentences, or runs of rare content words: the evidence
        if name in codes:
            keep |= np.isin(all_codes, codes[name], assume_unique=True)
    out: list[Candidate] = []
    member = {name: np.isin(all_codes, c, assume_unique=True) for name, c in codes.items()}
    for k in np.flatnonzero(keep):
        i, j = int(pairs[k, 0]), int(pairs[k, 1])
        via = tuple(name for name, m in member.items() if m[k])
        a, b = index.ids[i], index.ids[j]
        ta, tb = index.immutable_tokens[i], index.immutable_tokens[j]
        ca_k, cb_k = float(ca[k]), float(cb[k])
        if a > b:
            a, b, ta, tb, ca_k, cb_k = b, a, tb, ta, cb_k, ca_k
        stb = set(tb)
        shared = tuple(t for t in ta if t in stb)
        out.append(Candidate(
            a=a, b=b, jaccard=round(float(jac[k]), 4), containment_a=round(ca_k, 4),
            containment_b=round(cb_k, 4), shared_immutables=shared,
            immutables_jaccard=round(float(ij[k]), 4),
            embedding_cosine=None if emb_cos is None else round(float(emb_cos[k]), 4), via=via))
    stats.kept = len(out)
    out.sort(key=lambda c: (c.a, c.b))
    return out, stats


__all__ = ["CandidateIndex", "CandidateStats", "identical_families", "propose", "lsh_params"]
