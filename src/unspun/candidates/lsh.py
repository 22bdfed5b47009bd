"""LSH banding over MinHash signatures: pairs that agree on a whole band.

With ``b`` bands of ``r`` rows, two sets of Jaccard ``J`` collide in at least
one band with probability ``1 - (1 - J**r)**b``. ``lsh_params`` picks ``b`` and
``r`` from a threshold in the user's terms, weighting missed pairs over extra
ones because every proposed pair is verified afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..fingerprint.minhash import EMPTY, _mix
from ..fingerprint.sentences import block_pairs

_ROW_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                      0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25],
                     dtype=np.uint64)


def collision_probability(j: float | np.ndarray, bands: int, rows: int) -> np.ndarray:
    return 1.0 - (1.0 - np.asarray(j, dtype=float) ** rows) ** bands


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int, fn_weight: float = 0.9) -> tuple[int, int]:
    """Bands and rows minimising weighted false positives below and false negatives above ``threshold``."""
    xs_lo = np.linspace(0.0, threshold, 200)
    xs_hi = np.linspace(threshold, 1.0, 200)
    best, best_cost = (num_perm, 1), float("inf")
    for rows in range(1, min(8, num_perm) + 1):
        bands = num_perm // rows
        fp = np.trapezoid(collision_probability(xs_lo, bands, rows), xs_lo)
        fn = np.trapezoid(1.0 - collision_probability(xs_hi, bands, rows), xs_hi)
        cost = (1 - fn_weight) * fp + fn_weight * fn
        if cost < best_cost:
            best, best_cost = (bands, rows), cost
    return best


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (document, band)."""
    n = sigs.shape[0]
    s64 = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        acc = (s64 * _ROW_MULT[:rows]).sum(axis=2, dtype=np.uint64)
        acc += np.arange(1, bands + 1, dtype=np.uint64)
    return _mix(acc)


@dataclass(slots=True)
class BandingResult:
    pairs: np.ndarray
    """int64 array (m x 2) of row indices, i < j, unique."""
    skipped_buckets: int
    skipped_pairs: int


def candidate_pairs(sigs: np.ndarray, bands: int, rows: int, *, max_bucket: int = 500) -> BandingResult:
    """Index pairs of rows of ``sigs`` that share a band, without comparing all pairs.

    Rows whose signature is empty (no shingles) never pair. A bucket holding
    more than ``max_bucket`` rows (a wire story copied hundreds of times, or
    boilerplate many pages share) is not expanded into all its pairs: each
    member is paired with the bucket's first member only, and the pairs left
    out are counted. Verification then keeps the real copies.
    """
    n = sigs.shape[0]
    if n < 2:
        return BandingResult(np.empty((0, 2), dtype=np.int64), 0, 0)
    live = np.flatnonzero(~(sigs == EMPTY).all(axis=1))
    keys = band_keys(sigs[live], bands, rows)
    codes: list[np.ndarray] = []
    skipped_buckets = skipped_pairs = 0
    for b in range(bands):
        order = np.argsort(keys[:, b], kind="stable")
        ks = keys[order, b]
        if len(ks) < 2:
            continue
        boundary = np.r_[True, ks[1:] != ks[:-1]]
        starts = np.flatnonzero(boundary)
        sizes = np.diff(np.r_[starts, len(ks)])
        twos = starts[sizes == 2]
        if len(twos):
            i, j = live[order[twos]], live[order[twos + 1]]
            codes.append(np.minimum(i, j) * n + np.maximum(i, j))
        for s, size in zip(starts[sizes > max_bucket], sizes[sizes > max_bucket], strict=True):
            skipped_buckets += 1
            skipped_pairs += size * (size - 1) // 2 - (size - 1)
            members = np.sort(live[order[s : s + size]])
            codes.append(members[0] * n + members[1:])
        bucket = (sizes > 2) & (sizes <= max_bucket)
        for size in np.unique(sizes[bucket]).tolist():  # the buckets of one size at once
            at = starts[bucket & (sizes == size)]
            members = np.sort(live[order[at[:, None] + np.arange(size)]], axis=1)
            codes.append(block_pairs(members, n).ravel())
    if not codes:
        return BandingResult(np.empty((0, 2), dtype=np.int64), skipped_buckets, skipped_pairs)
    uniq = np.unique(np.concatenate(codes))
    return BandingResult(np.stack([uniq // n, uniq % n], axis=1), skipped_buckets, skipped_pairs)
