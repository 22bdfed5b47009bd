"""Generated corpora for the benchmarks: Zipfian word documents with planted near-duplicates."""

from __future__ import annotations

import random

import numpy as np


def vocabulary(size: int = 30_000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(2, 10))))
    return sorted(words)


def generate(n_docs: int, *, words: int = 600, planted_fraction: float = 0.1, edit_rate: float = 0.03,
             seed: int = 11) -> tuple[list[str], list[tuple[int, int]]]:
    """``n_docs`` documents of about ``words`` words; a share of them are edited copies of another.

    Returns (documents, planted pairs (original index, copy index)). A copy
    replaces ``edit_rate`` of the words (true shingle Jaccard ~0.7) and may
    be truncated to 60-100% of the original.
    """
    rng = np.random.default_rng(seed)
    vocab = np.array(vocabulary())
    ranks = np.arange(1, len(vocab) + 1)
    p = 1.0 / ranks
    p /= p.sum()
    docs: list[str] = []
    planted: list[tuple[int, int]] = []
    n_copies = int(n_docs * planted_fraction)
    n_orig = n_docs - n_copies
    for _ in range(n_orig):
        docs.append(" ".join(rng.choice(vocab, size=words, p=p)))
    for _ in range(n_copies):
        src = int(rng.integers(0, n_orig))
        toks = docs[src].split()
        cut = int(len(toks) * rng.uniform(0.6, 1.0))
        toks = toks[:cut]
        edits = rng.random(len(toks)) < edit_rate
        for k in np.flatnonzero(edits):
            toks[k] = str(rng.choice(vocab))
        planted.append((src, len(docs)))
        docs.append(" ".join(toks))
    return docs, planted


def shingle_set(doc: str, k: int = 5) -> set[str]:
    toks = doc.split()
    return {" ".join(toks[i : i + k]) for i in range(max(len(toks) - k + 1, 1))}


def true_jaccard(a: str, b: str, k: int = 5) -> float:
    sa, sb = shingle_set(a, k), shingle_set(b, k)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0
