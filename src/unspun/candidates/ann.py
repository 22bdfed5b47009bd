"""Nearest neighbours of article embeddings with a usearch HNSW index (cosine)."""

from __future__ import annotations

import numpy as np

EXACT_BELOW = 5000
"""Up to this many vectors the search is exact (brute force); above it, HNSW."""


def neighbour_pairs(vectors: np.ndarray, k: int, min_cosine: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) where j is among i's ``k`` nearest neighbours or vice versa, with cosine ≥ ``min_cosine``.

    Returns (pairs m x 2, cosines m). Vectors must be L2-normalised.
    """
    n = len(vectors)
    if n < 2 or k < 1:
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.float32)
    from ..fingerprint.embed import before_usearch

    before_usearch()
    from usearch.index import Index, search

    k = min(k + 1, n)  # each vector finds itself first
    vecs = np.ascontiguousarray(vectors, dtype=np.float32)
    if n <= EXACT_BELOW:
        matches = search(vecs, vecs, k, metric="cos", exact=True)
    else:
        index = Index(ndim=vecs.shape[1], metric="cos", dtype="f16", connectivity=16,
                      expansion_add=128, expansion_search=64)
        index.add(np.arange(n, dtype=np.uint64), vecs)
        matches = index.search(vecs, k)
    keys = np.asarray(matches.keys, dtype=np.int64).reshape(n, k)
    dists = np.asarray(matches.distances, dtype=np.float32).reshape(n, k)
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = keys.ravel()
    cos = 1.0 - dists.ravel()
    ok = (cols >= 0) & (cols < n) & (cols != rows) & (cos >= min_cosine)
    i, j, cos = rows[ok], cols[ok], cos[ok]
    code = np.minimum(i, j) * n + np.maximum(i, j)
    code, first = np.unique(code, return_index=True)
    return np.stack([code // n, code % n], axis=1), cos[first]
