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


def english_vocabulary(size: int = 20_000) -> list[str]:
    """Real English words, most frequent first, from the PolNeAR articles when the datasets are there.

    Word salad of real words keeps sentence embeddings apart the way real
    articles on different topics are; made-up words all embed alike.
    """
    import re
    from collections import Counter

    try:
        from datasets import polnear

        docs = polnear()
    except Exception as exc:  # no datasets: fall back to made-up words, and say so (they change every figure)
        import sys

        print(f"warning: no PolNeAR ({exc}); the corpus uses made-up words, whose leads all embed alike "
              "(far more embedding candidates): set UNSPUN_DATASETS for the published figures", file=sys.stderr)
        return []
    counts = Counter(w for d in docs for w in re.findall(r"[a-z]+", d.text.lower()))
    return [w for w, _ in counts.most_common(size)]


def generate_news(n_docs: int, *, words: int = 600, copy_fraction: float = 0.1, spin_fraction: float = 0.05,
                  seed: int = 13) -> tuple[list[str], list[tuple[int, int, str]]]:
    """News-shaped documents: paragraphs of sentences of Zipfian words, with names and numbers.

    A share are near-verbatim copies of another (a few words edited, maybe
    truncated) and a share are spun (one word in five swapped for another).
    Returns (documents, planted (original index, copy index, "copy" | "spin")).
    """
    rng = np.random.default_rng(seed)
    vocab = np.array(english_vocabulary() or vocabulary())
    p = 1.0 / np.arange(1, len(vocab) + 1)
    cdf = np.cumsum(p / p.sum())
    cdf /= cdf[-1]  # rng.choice(vocab, p=p) draws exactly this way; done once here, not per sentence
    names = [w.capitalize() for w in vocabulary(50_000, seed=3)]

    def sentence(cast: list[str], topic: np.ndarray) -> str:
        n = int(rng.integers(10, 30))
        toks = list(vocab[cdf.searchsorted(rng.random(n), side="right")])
        for k in np.flatnonzero(rng.random(n) < 0.4):  # what the article is about
            toks[k] = str(topic[rng.integers(0, len(topic))])  # = rng.choice(topic), same draws, faster
        for k in rng.choice(len(toks), size=2, replace=False):
            toks[k] = cast[int(rng.integers(len(cast)))] if rng.random() < 0.7 else str(int(rng.integers(2, 5000)))
        toks[0] = toks[0].capitalize()
        return " ".join(toks) + "."

    def article() -> str:
        # like a news story, each article is about a few people and places of its own
        cast = [names[int(k)] for k in rng.integers(len(names), size=6)]
        topic = vocab[rng.integers(200, len(vocab), size=30)]
        sentence_ = lambda: sentence(cast, topic)  # noqa: E731
        paras, n = [], 0
        while n < words:
            sents = [sentence_() for _ in range(int(rng.integers(2, 5)))]
            n += sum(len(s.split()) for s in sents)
            paras.append(" ".join(sents))
        return "\n\n".join(paras)

    n_copy, n_spin = int(n_docs * copy_fraction), int(n_docs * spin_fraction)
    n_orig = n_docs - n_copy - n_spin
    docs = [article() for _ in range(n_orig)]
    planted: list[tuple[int, int, str]] = []
    for kind, count, rate in (("copy", n_copy, 0.02), ("spin", n_spin, 0.2)):
        for _ in range(count):
            src = int(rng.integers(0, n_orig))
            planted.append((src, len(docs), kind))
            docs.append(derive(docs[src], kind, rate, rng, vocab))
    return docs, planted


def derive(text: str, kind: str, rate: float, rng: np.random.Generator, vocab) -> str:
    """A planted copy (``copy``: perhaps truncated to its first paragraphs) or spin of ``text``:
    a share ``rate`` of its words (not sentence ends) swapped for random vocabulary words."""
    paras = text.split("\n\n")
    if kind == "copy":
        paras = paras[: max(1, int(len(paras) * rng.uniform(0.5, 1.0)))]
    out = []
    for para in paras:
        toks = para.split(" ")
        for k in np.flatnonzero(rng.random(len(toks)) < rate):
            if not toks[k].endswith("."):
                toks[k] = str(rng.choice(vocab))
        out.append(" ".join(toks))
    return "\n\n".join(out)
