"""Stock news collocations: word and word-pair counts from real news text.

The shipped table (``data/collocations.tsv.gz``) is built by :func:`build`
from training text only: PolNeAR **train** articles, MRPC **train** sentences
and STS-B **train** sentences (SemEval-2022 Task 8 train articles are kept
out: they are the out-of-domain development set of the spin score) (``python -m unspun.spin.lexicon --build``,
which needs ``../shared/datasets``). It keeps each lower-case word seen at
least twice and each adjacent pair of words (no punctuation between them)
seen at least twice. Spin detection asks it two questions: how common is a
word in news, and is a pair of words a collocation news writers use.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "collocations.tsv.gz"
LEXICON_VERSION = "collocations.v1"

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d.,]*|[^\s\w]|_")
"""Words (letters of any script, with an apostrophe part), numbers, and single punctuation marks: ``Zürich``
is one word, not ``Z``, ``ü`` and ``rich``."""

FUNCTION_WORDS = frozenset("""
a about above across after again against all almost along also although am among an and another any are around as at
be because been before being below between both but by can could did do does doing down during each either else
enough even ever every few for from further had has have having he her here hers herself him himself his how however
i if in into is it its itself just least less many may me might more most much must my myself neither no nor not now
of off on once one only onto or other others our ours ourselves out over own per rather same shall she should since so
some such than that the their theirs them themselves then there these they this those though through thus till to
too toward towards under unless until up upon us very was we were what whatever when whenever where whether which
while who whoever whom whose why will with within without would yet you your yours yourself
n't 's 're 've 'll 'd s t said says say told
""".split())
"""Closed-class words (and the reporting verb ``said``): what a spinner leaves alone."""


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word: ``baking`` and ``bake`` are ``bake``."""
    return _stemmer().stemWord(word)


def tokens(text: str) -> Iterator[re.Match]:
    """The tokens of ``text`` as regex matches (their spans are offsets into ``text``)."""
    return TOKEN.finditer(text)


def word_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Adjacent lower-cased word pairs with nothing but a space between them."""
    prev = None
    prev_end = -2
    for m in TOKEN.finditer(text):
        w = m.group()
        if w[0].isalpha():
            lw = w.lower()
            if prev is not None and m.start() - prev_end <= 1:
                yield prev, lw
            prev, prev_end = lw, m.end()
        else:
            prev = None


@dataclass(slots=True)
class Lexicon:
    """Word and word-pair counts, with what the spin flags derive from them."""

    words: dict[str, int]
    pairs: dict[tuple[str, str], int]
    total: int = 0
    _left: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    _right: dict[str, tuple[int, str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.total:
            self.total = sum(self.words.values())
        left: dict[str, list] = {}
        right: dict[str, list] = {}
        for (a, b), c in self.pairs.items():
            if a in FUNCTION_WORDS or b in FUNCTION_WORDS:
                continue
            e = left.setdefault(b, [0, "", 0])  # all content modifiers of head b, its best one and its count
            e[0] += c
            if c > e[2]:
                e[1], e[2] = a, c
            e = right.setdefault(a, [0, "", 0])
            e[0] += c
            if c > e[2]:
                e[1], e[2] = b, c
        self._left = {k: tuple(v) for k, v in left.items()}
        self._right = {k: tuple(v) for k, v in right.items()}

    def count(self, word: str) -> int:
        return self.words.get(word, 0)

    def pair(self, a: str, b: str) -> int:
        return self.pairs.get((a, b), 0)

    def stock_left(self, head: str) -> tuple[int, str, int]:
        """``(content pairs ending in head, its most frequent modifier, that pair's count)``."""
        return self._left.get(head, (0, "", 0))

    def stock_right(self, word: str) -> tuple[int, str, int]:
        """``(content pairs starting with word, its most frequent follower, that pair's count)``."""
        return self._right.get(word, (0, "", 0))


def build(texts: Iterable[str], *, min_count: int = 2) -> Lexicon:
    """Count words and adjacent word pairs over ``texts`` (training text only)."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        words.update(m.group().lower() for m in TOKEN.finditer(text) if m.group()[0].isalpha())
        pairs.update(word_pairs(text))
    total = sum(words.values())
    return Lexicon({w: c for w, c in words.items() if c >= min_count},
                   {p: c for p, c in pairs.items() if c >= min_count}, total)


def save(lex: Lexicon, path: Path = DATA) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"#{LEXICON_VERSION}\t{lex.total}\n")
        for w, c in sorted(lex.words.items(), key=lambda x: (-x[1], x[0])):
            f.write(f"{w}\t{c}\n")
        for (a, b), c in sorted(lex.pairs.items(), key=lambda x: (-x[1], x[0])):
            f.write(f"{a} {b}\t{c}\n")


def load(path: Path = DATA) -> Lexicon:
    words: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    total = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                total = int(line.rstrip("\n").split("\t")[1])
                continue
            key, c = line.rstrip("\n").split("\t")
            if " " in key:
                a, b = key.split(" ")
                pairs[(a, b)] = int(c)
            else:
                words[key] = int(c)
    return Lexicon(words, pairs, total)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once."""
    return load()


def training_texts(datasets: Path) -> Iterator[str]:
    """PolNeAR train articles, MRPC train sentences, STS-B train sentences (never dev or test)."""
    for path in sorted((datasets / "polnear" / "data" / "train" / "text").glob("*.txt")):
        yield path.read_text("utf-8")
    with open(datasets / "mrpc" / "msr_paraphrase_train.txt", encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                yield parts[3]
                yield parts[4]
    with open(datasets / "stsb" / "sts-train.tsv", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 7:
                yield parts[5]
                yield parts[6]


def main() -> None:  # pragma: no cover - a build step
    import argparse
    import os

    ap = argparse.ArgumentParser(description="Build the shipped stock-collocation table from training text.")
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--datasets", default=os.environ.get("UNSPUN_DATASETS",
                                                          str(Path(__file__).resolve().parents[4] / "shared" / "datasets")))
    args = ap.parse_args()
    if args.build:
        lex = build(training_texts(Path(args.datasets)))
        save(lex)
        print(f"{len(lex.words)} words, {len(lex.pairs)} pairs, {lex.total} tokens -> {DATA}")


if __name__ == "__main__":  # pragma: no cover
    main()
