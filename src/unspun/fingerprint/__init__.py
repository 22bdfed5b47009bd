"""The fingerprint stage: per-article signatures, each tagged with its scheme.

Five schemes, each a registered, versioned name that carries its parameters,
so a signature made by one configuration is never compared with another's:

- ``minhash-oph.v1(k=5,perm=128,seed=1)``: MinHash of the word 5-shingles,
  for near-verbatim reuse (header: distinct shingles, words; then the signature);
- ``immutables.v1(perm=64,seed=1)``: MinHash of the invariant tokens and their
  consecutive pairs, which survive spinning and rewriting, plus the tokens;
- ``sentences.v2(...)``: hashes of whole sentences (:mod:`.sentences`: an extract lifted word for word);
- ``grams.v1(n=3,sample=4)``: hashes of runs of content words (:mod:`.grams`: a paragraph spun into another text);
- ``embed.all-MiniLM-L6-v2.lead.v3(tokens=64,encoder=onnxruntime-int8)``: the embedding of the title and
  lead (``LEAD_TOKENS`` word pieces), by the int8 ONNX encoder (``embed.embed_leads``; ``lead.v1`` was
  torch, float32 or bfloat16; ``lead.v2`` encoded leads in batches, whose vectors depended on the batch).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import FingerprintOptions
from ..records import Fingerprint
from .embed import LEAD_ENCODER
from .immutables import immutable_features, immutables
from .minhash import MinHasher, batch_shingles, word_hashes
from .sentences import LONG_WORDS as SENTENCE_LONG_WORDS
from .sentences import MIN_WORDS as SENTENCE_MIN_WORDS
from .sentences import SCHEME_VERSION as SENTENCES_VERSION
from .sentences import encode as encode_sentences
from .sentences import sentence_hashes
from .grams import N as GRAM_WORDS
from .grams import SAMPLE as GRAM_SAMPLE
from .grams import SCHEME_VERSION as GRAMS_VERSION
from .grams import gram_hashes

_HEADER = struct.Struct("<II")


@dataclass(frozen=True, slots=True)
class Schemes:
    shingles: str
    immutables: str
    embedding: str
    sentences: str = f"{SENTENCES_VERSION}(min_words={SENTENCE_MIN_WORDS},long_words={SENTENCE_LONG_WORDS})"
    grams: str = f"{GRAMS_VERSION}(n={GRAM_WORDS},sample={GRAM_SAMPLE})"

    @classmethod
    def of(cls, o: FingerprintOptions) -> Schemes:
        return cls(
            shingles=f"minhash-oph.v1(k={o.shingle_words},perm={o.num_perm},seed={o.seed})",
            immutables=f"immutables.v1(perm={o.immutables_perm},seed={o.seed})",
            embedding=f"embed.all-MiniLM-L6-v2.lead.v3(tokens={o.embed_max_tokens},encoder={LEAD_ENCODER})",
        )

    def params(self, o: FingerprintOptions) -> dict[str, dict]:
        return {
            self.shingles: {"shingle_words": o.shingle_words, "num_perm": o.num_perm, "seed": o.seed},
            self.immutables: {"num_perm": o.immutables_perm, "seed": o.seed},
            self.sentences: {"min_words": SENTENCE_MIN_WORDS, "long_words": SENTENCE_LONG_WORDS,
                             "hash": "blake2b-64 of the casefolded words, low bit: long"},
            self.grams: {"n": GRAM_WORDS, "sample": GRAM_SAMPLE,
                         "hash": "runs of content words, word hashes blake2b-64, mixed; low bit 0"},
            self.embedding: {"model": "all-MiniLM-L6-v2", "max_tokens": o.embed_max_tokens,
                             "input": "title + lead", "encoder": LEAD_ENCODER, "dtype": "float16"},
        }


@dataclass(frozen=True, slots=True)
class ShingleSignature:
    shingles: int
    words: int
    sig: np.ndarray

    @classmethod
    def decode(cls, data: bytes) -> ShingleSignature:
        n_sh, n_w = _HEADER.unpack_from(data)
        return cls(n_sh, n_w, np.frombuffer(data, dtype="<u4", offset=_HEADER.size))


@dataclass(frozen=True, slots=True)
class ImmutableSignature:
    features: int
    sig: np.ndarray
    tokens: tuple[str, ...]

    @classmethod
    def decode(cls, data: bytes, num_perm: int) -> ImmutableSignature:
        n_f, _ = _HEADER.unpack_from(data)
        end = _HEADER.size + 4 * num_perm
        sig = np.frombuffer(data[_HEADER.size:end], dtype="<u4")
        rest = data[end:].decode("utf-8")
        return cls(n_f, sig, tuple(rest.split("\n")) if rest else ())


def shingle_signatures(texts: Sequence[str], o: FingerprintOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signatures, shingle counts, word counts) for a batch of texts, vectorised over the batch."""
    hashes, doc, n_words = batch_shingles(texts, o.shingle_words)
    sigs = MinHasher(o.num_perm, o.seed).signatures_flat(hashes, doc, len(texts))
    sizes = np.bincount(doc, minlength=len(texts)) if len(doc) else np.zeros(len(texts), dtype=np.int64)
    return sigs, sizes, n_words


def fingerprint_batch(batch: Sequence[tuple[str, str]], options: FingerprintOptions) -> list[Fingerprint]:
    """MinHash, immutables, sentence and content-word trigram fingerprints for a batch of (article_id, cleaned text):
    four per article, in that order (:data:`PER_ARTICLE`).

    A pure function of its input: the engine may run it in any process.
    """
    from ..segment import segment

    schemes = Schemes.of(options)
    ids = [aid for aid, _ in batch]
    texts = [t for _, t in batch]
    sigs, sizes, n_words = shingle_signatures(texts, options)
    imm_hasher = MinHasher(options.immutables_perm, options.seed)
    token_lists = [immutables(t) for t in texts]
    feat_sets = [word_hashes(immutable_features(toks)) for toks in token_lists]
    imm_sigs = imm_hasher.signatures(feat_sets)
    out: list[Fingerprint] = []
    for i, aid in enumerate(ids):
        out.append(Fingerprint(aid, schemes.shingles,
                               _HEADER.pack(int(sizes[i]), int(n_words[i])) + sigs[i].astype("<u4").tobytes()))
        distinct = "\n".join(dict.fromkeys(token_lists[i]))
        out.append(Fingerprint(aid, schemes.immutables,
                               _HEADER.pack(len(feat_sets[i]), 0) + imm_sigs[i].astype("<u4").tobytes()
                               + distinct.encode("utf-8")))
        out.append(Fingerprint(aid, schemes.sentences, encode_sentences(sentence_hashes(texts[i],
                                                                                      segment(texts[i])[1]))))
        out.extend(grams_batch([(aid, texts[i])], options))
    return out


PER_ARTICLE = 4
"""Fingerprints :func:`fingerprint_batch` makes per article."""


def grams_batch(batch: Sequence[tuple[str, str]], options: FingerprintOptions) -> list[Fingerprint]:
    """The content-word trigram fingerprints alone, for a batch of (article_id, cleaned text): what a store
    fingerprinted before that scheme lacks (a fifth of :func:`fingerprint_batch`'s work)."""
    scheme = Schemes.of(options).grams
    return [Fingerprint(aid, scheme, encode_sentences(gram_hashes(text))) for aid, text in batch]


def lead(text: str, title: str | None, chars: int = 1200) -> str:
    """What the embedding sees: the title and the start of the article."""
    body = text[:chars]
    return f"{title}\n{body}" if title and title not in body[: len(title) + 50] else body


def embed_batch(batch: Sequence[tuple[str, str, str | None]], options: FingerprintOptions,
                memo: dict | None = None) -> list[Fingerprint]:
    """Lead embeddings for a batch of (article_id, cleaned text, title); ``memo``: see ``embed.embed_leads``."""
    from .embed import embed_leads, to_bytes

    scheme = Schemes.of(options).embedding
    vecs = embed_leads([lead(t, title) for _, t, title in batch], max_tokens=options.embed_max_tokens,
                 batch_size=options.embed_batch_size, memo=memo)
    return [Fingerprint(aid, scheme, to_bytes(v)) for (aid, _, _), v in zip(batch, vecs, strict=True)]


__all__ = ["Schemes", "ShingleSignature", "ImmutableSignature", "fingerprint_batch", "embed_batch", "PER_ARTICLE",
           "grams_batch",
           "shingle_signatures", "lead", "immutables"]
