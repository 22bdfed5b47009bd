"""Vectorised MinHash over word shingles: one-permutation hashing with densification.

Classic MinHash hashes every shingle ``num_perm`` times. One-permutation
hashing (Li, Owen & Zhang, NIPS 2012) hashes each shingle once, uses the top
bits to pick one of ``num_perm`` bins and keeps the minimum of the low bits
per bin; empty bins are filled by probing other bins with a fixed, shared
sequence (densification, Shrivastava 2017), so that ``P[sig_a[i] == sig_b[i]]``
is the Jaccard similarity as with classic MinHash. Cost is O(shingles), not
O(shingles x num_perm), and a whole batch of documents is done in a handful
of numpy calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..words import CJK, WORD

_WORD = WORD  # a Han character is a word of its own (see unspun.words)
_MASK32 = np.uint64(0xFFFFFFFF)
EMPTY = np.uint32(0xFFFFFFFF)

# Stable 64-bit word hashes, cached per process (bounded).
_word_cache: dict[str, int] = {}
_WORD_CACHE_MAX = 200_000  # about 30 MB per process


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes kept inside words."""
    return _WORD.findall(text.lower())


def _word_hash(w: str) -> int:
    h = _word_cache.get(w)
    if h is None:
        if len(_word_cache) >= _WORD_CACHE_MAX:
            _word_cache.clear()
        h = int.from_bytes(hashlib.blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        _word_cache[w] = h
    return h


def word_hashes(tokens: Sequence[str]) -> np.ndarray:
    cache = _word_cache
    return np.fromiter((cache[t] if t in cache else _word_hash(t) for t in tokens),
                       dtype=np.uint64, count=len(tokens))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a bijective scramble of 64-bit values (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


_SHINGLE_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                          0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53,
                          0x2545F4914F6CDD1D, 0x9FB21C651E98DF25], dtype=np.uint64)


def shingle_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of the contiguous k-word shingles (one shingle of all words if fewer)."""
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n, len(_SHINGLE_MULT))
    m = n - k + 1
    with np.errstate(over="ignore"):
        acc = hashes[0:m] * _SHINGLE_MULT[0]
        for j in range(1, k):
            acc = acc + hashes[j : j + m] * _SHINGLE_MULT[j]
    return _mix(acc ^ np.uint64(k))


# Byte classes for the vectorised tokenizer: ASCII letters and digits, and every
# byte of a non-ASCII UTF-8 character (letters such as é); common non-ASCII
# punctuation is mapped to ASCII first so that curly quotes separate words.
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True
_BYTE_MASKS = np.array([(1 << (8 * i)) - 1 for i in range(8)] + [2**64 - 1], dtype=np.uint64)
_PUNCT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                        "\u2014": "-", "\u2013": "-", "\u2026": ".", "\u00ab": '"',
                        "\u00bb": '"', "\u00a0": " "})
_PUNCT_CHARS = "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00ab\u00bb\u00a0"


_CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_PUNCT = re.compile(r"[\u3000-\u3004\u3008-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
"""Full-width punctuation (。，「」！？…): not part of a word."""


def _ascii_punct(text: str) -> str:
    if text.isascii():
        return text
    if any(c in text for c in _PUNCT_CHARS):
        text = text.translate(_PUNCT)
    if _CJK_CHAR.search(text):  # each Han character or kana a word of its own (see unspun.words)
        text = _CJK_CHAR.sub(r" \g<0> ", _CJK_PUNCT.sub(" ", text))
    return text


def batch_word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes of a batch, concatenated, and each document's word count.

    Words are maximal runs of letters and digits, lower-cased (apostrophes
    split words). A word's hash is exact for words of up to 16 bytes: its
    first and last 8 bytes and its length, mixed.
    """
    n = len(texts)
    if n == 0:
        return np.empty(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    buf = ("\x00".join(_ascii_punct(t.lower().replace("\x00", " ")) for t in texts)
           + "\x00" * 9).encode("utf-8", "surrogatepass")
    b = np.frombuffer(buf, dtype=np.uint8)
    # letters and digits (text is lower-cased), and any byte of a non-ASCII character
    isw = ((b >= 97) & (b <= 122)) | ((b >= 48) & (b <= 57)) | (b >= 128)
    # word boundaries alternate: start, end, start, end, ... (the buffer ends in NULs)
    edges = np.flatnonzero(np.diff(isw.view(np.int8), prepend=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    lengths = (ends - starts).astype(np.uint64)
    u64 = np.ndarray(shape=(len(b) - 7,), dtype="<u8", buffer=buf, offset=0, strides=(1,))
    short = np.minimum(lengths, 8).astype(np.intp)
    head = u64[starts] & _BYTE_MASKS[short]  # keep only the word's own bytes
    tail = u64[np.maximum(ends - 8, starts)] & _BYTE_MASKS[short]
    with np.errstate(over="ignore"):
        h = _mix(head * np.uint64(0x9E3779B97F4A7C15) + tail * np.uint64(0xC2B2AE3D27D4EB4F) + lengths)
    doc_starts = np.zeros(n + 1, dtype=np.int64)
    seps = np.flatnonzero(b[: len(b) - 9] == 0)
    doc_starts[1:n] = seps[: n - 1] if len(seps) >= n - 1 else 0
    doc_starts[n] = len(b)
    counts = np.diff(np.searchsorted(starts, doc_starts))
    return h, counts


def batch_shingles(texts: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashes of every document's contiguous k-word shingles, concatenated.

    Returns (shingle hashes, document index of each, word count per document).
    A document with fewer than k words has one shingle made of all its words.
    """
    wh, counts = batch_word_hashes(texts)
    n = len(counts)
    if len(wh) == 0:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64), counts
    k = min(k, len(_SHINGLE_MULT))
    doc_of_word = np.repeat(np.arange(n, dtype=np.int64), counts)
    m = max(len(wh) - k + 1, 0)
    with np.errstate(over="ignore"):
        acc = wh[:m] * _SHINGLE_MULT[0]
        for j in range(1, k):
            acc += wh[j : j + m] * _SHINGLE_MULT[j]
    # a shingle is valid when its first and last words are in the same document;
    # no mixing here: the MinHasher mixes every hash with its seed
    valid = doc_of_word[:m] == doc_of_word[k - 1 : k - 1 + m]
    sh = acc[valid]
    docs = doc_of_word[:m][valid]
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):  # one shingle of all words for short documents
        offs = np.cumsum(counts) - counts
        extra = [shingle_hashes(wh[offs[d] : offs[d] + counts[d]], k) for d in short]
        sh = np.concatenate([sh, *extra])
        docs = np.concatenate([docs, short])
    return sh, docs, counts


@dataclass(frozen=True, slots=True)
class MinHasher:
    """One-permutation MinHash with ``num_perm`` bins (a power of two) and a seed."""

    num_perm: int = 128
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm & (self.num_perm - 1) or not 8 <= self.num_perm <= 1024:
            raise ValueError("num_perm must be a power of two between 8 and 1024")

    @property
    def _bits(self) -> int:
        return self.num_perm.bit_length() - 1

    def signatures(self, hash_sets: Sequence[np.ndarray]) -> np.ndarray:
        """Signatures (``len(hash_sets)`` x ``num_perm``, uint32) of sets of 64-bit hashes."""
        n = len(hash_sets)
        if n == 0:
            return np.full((0, self.num_perm), EMPTY, dtype=np.uint32)
        lengths = np.fromiter((len(h) for h in hash_sets), dtype=np.int64, count=n)
        flat = np.concatenate(hash_sets) if lengths.sum() else np.empty(0, dtype=np.uint64)
        return self.signatures_flat(flat, np.repeat(np.arange(n, dtype=np.int64), lengths), n)

    def signatures_flat(self, hashes: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
        """Signatures of ``n`` sets given as a flat array of hashes and each one's set index."""
        sig = np.full(n * self.num_perm, EMPTY, dtype=np.uint32)
        lengths = np.bincount(doc, minlength=n) if len(doc) else np.zeros(n, dtype=np.int64)
        if len(hashes):
            allh = _mix(hashes ^ np.uint64(self.seed * 0x9E3779B97F4A7C15 % 2**64))
            bins = (allh >> np.uint64(64 - self._bits)).astype(np.int64)
            vals = (allh & _MASK32).astype(np.uint32)
            vals[vals == EMPTY] -= 1  # keep EMPTY as the marker of an empty bin
            np.minimum.at(sig, doc * self.num_perm + bins, vals)
        sig = sig.reshape(n, self.num_perm)
        # densify: an empty bin takes the value of the first filled bin in its fixed probe order
        filled = sig != EMPTY
        er, eb = np.nonzero(~filled & (lengths > 0)[:, None])
        if len(er):
            probes = _probe_order(self.num_perm, self.seed)[eb]
            first = np.argmax(filled[er[:, None], probes], axis=1)
            sig[er, eb] = sig[er, probes[np.arange(len(er)), first]]
        return sig


@lru_cache(maxsize=8)
def _probe_order(num_perm: int, seed: int) -> np.ndarray:
    """For densification: for each bin, a fixed pseudo-random order of all bins."""
    rng = np.random.default_rng(seed + 0x5EED)
    return np.stack([rng.permutation(num_perm) for _ in range(num_perm)])


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (0 when either set was empty)."""
    if sig_a[0] == EMPTY and (sig_a == EMPTY).all():
        return 0.0
    return float(np.mean(sig_a == sig_b))


def containments(j: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimated |A∩B|/|A| and |A∩B|/|B| from Jaccard and the set sizes."""
    inter = j * (size_a + size_b) / (1.0 + j)
    with np.errstate(divide="ignore", invalid="ignore"):
        ca = np.where(size_a > 0, np.minimum(inter / size_a, 1.0), 0.0)
        cb = np.where(size_b > 0, np.minimum(inter / size_b, 1.0), 0.0)
    return ca, cb


def text_keys(sigs: np.ndarray, sizes: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """A 64-bit key of each row's signature and shingle count: the rows of one text share it (a key alone does not
    prove it: :func:`same_text_rows` checks)."""
    out = np.empty(len(sigs), dtype=np.uint64)
    mult = (np.arange(1, sigs.shape[1] + 1, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)) | np.uint64(1)
    with np.errstate(over="ignore"):
        for s in range(0, len(sigs), chunk):
            acc = np.asarray(sizes[s : s + chunk], dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            acc += (sigs[s : s + chunk].astype(np.uint64) * mult).sum(axis=1, dtype=np.uint64)
            out[s : s + chunk] = _mix(acc)
    return out


def same_text_rows(sigs: np.ndarray, sizes: np.ndarray, skip: np.ndarray, keys: np.ndarray | None = None
                   ) -> np.ndarray:
    """Each row's first row with the same signature and shingle count (the same text, as far as any later stage can
    tell), itself when none; rows in ``skip``, and rows without shingles, stay apart."""
    rep = np.arange(len(sigs), dtype=np.int64)
    if len(sigs) < 2:
        return rep
    keys = text_keys(sigs, sizes) if keys is None else keys
    apart = np.asarray(skip, dtype=bool) | (sigs == EMPTY).all(axis=1)
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    ends = np.r_[starts[1:], len(sk)]
    for a, b in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist(), strict=True):
        members = order[a:b]  # in row order: the sort is stable
        members = members[~apart[members]]
        while len(members) > 1:  # equal keys of different texts are told apart here
            head = members[0]
            same = (sigs[members] == sigs[head]).all(axis=1) & (sizes[members] == sizes[head])
            rep[members[same]] = head
            members = members[~same]
    return rep


def exact_text_key(text: str) -> int:
    """A 64-bit hash of ``text``'s words in order (spacing aside): equal for copies of one text only. A signature
    can be blind to a word or two changed in a long text; this is not."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=8).digest(), "little")


def mix_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One 64-bit key of two (rows equal under it are equal under both, but for collisions that callers check)."""
    with np.errstate(over="ignore"):
        return _mix(np.asarray(a, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) ^ np.asarray(b, dtype=np.uint64))
