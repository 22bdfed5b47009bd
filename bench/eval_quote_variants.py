"""Quote variants, measured: is a reworded quotation found, and is a merely trimmed or restyled one left alone?

SYNTHETIC variants of REAL quotations. Every quotation of at least eight words
that ``extract_quotes`` finds in the PolNeAR articles of a split (with its
speaker) gets a variant in a made-up article, and one more made-up article
carries it unchanged, so that two independent sources back the real wording.
All the split's other real quotations stay in the corpus as background (they
are what a wrong join would pull in). One kind of variant per run of
``quote_groups``:

- ``excerpt``: a run of 50-80% of its words, cut at word boundaries;
- ``restyled``: other quotation marks and apostrophes, contractions spelled
  out (``don't`` -> ``do not``), upper case, a comma dropped;
- ``bracketed``: the writer's insertion ``[in 2016]`` after a word;
- ``altered``: one content word replaced by a synonym (Roget, as
  ``spin_corpus`` does).

The first three must be grouped with the real quotation and not called
altered; the last must be grouped, called altered, list the swap among the
group's changes and rank the real wording as the likely original. A real
quotation whose own group is altered before any variant is added (another
real article words it differently) is left out and counted.

REAL: PolNeAR's 1,008 articles are independent reports, so quotations several
of them carry are utterances worded by several outlets (``bench_quote_groups.py``
counts them). There is no label for those; the figures in
``bench/results/quote_variants.json`` (``real``) say how many such groups are
called altered, and the README gives the developers' own reading of them.

The comparison rules (``inner_changes``, ``_joins`` and ``words`` in
``unspun.quotes.variants``) were developed on dev variants and on the real
groups of all PolNeAR articles (there is no split of cross-article groups);
test variants are reported.

    python bench/eval_quote_variants.py --split test      # bench/results/quote_variants.json
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import replace

sys.path.insert(0, os.path.dirname(__file__))

import spin_corpus as sc  # noqa: E402
from datasets import polnear, write_json  # noqa: E402

from unspun.quotes import extract_quotes  # noqa: E402
from unspun.quotes.variants import quote_groups, words  # noqa: E402
from unspun.records import Quote, Span  # noqa: E402
from unspun.spin.lexicon import FUNCTION_WORDS  # noqa: E402

RESULT = os.path.join(os.path.dirname(__file__), "results", "quote_variants.json")
KINDS = ("excerpt", "restyled", "bracketed", "altered")
MIN_WORDS = 8
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SPELL_OUT = (("don't", "do not"), ("don’t", "do not"), ("can't", "cannot"), ("can’t", "cannot"),
              ("it's", "it is"), ("it’s", "it is"), ("we're", "we are"), ("we’re", "we are"),
              ("I'm", "I am"), ("I’m", "I am"), ("won't", "will not"), ("won’t", "will not"))


def excerpt(text: str, rng: random.Random) -> str:
    tokens = text.split()
    n = max(4, round(len(tokens) * rng.uniform(0.5, 0.8)))
    start = rng.randint(0, len(tokens) - n)
    return " ".join(tokens[start : start + n])


def restyled(text: str, rng: random.Random) -> str:
    out = text
    for short, full in _SPELL_OUT:
        out = out.replace(short, full)
    out = out.replace("’", "'").replace("“", '"').replace("”", '"').replace(",", "", 1)
    return out.upper() if rng.random() < 0.5 else out


def bracketed(text: str, rng: random.Random) -> str:
    tokens = text.split()
    k = rng.randint(1, len(tokens) - 1)
    return " ".join(tokens[:k] + ["[in 2016]"] + tokens[k:])


def altered(text: str, rng: random.Random, syn) -> tuple[str, tuple[str, str]] | None:
    """``text`` with one content word swapped for a synonym, and the swap (lower-cased), or None."""
    spots = [m for m in _WORD.finditer(text) if m.group().islower() and m.group() not in FUNCTION_WORDS
             and len(m.group()) >= 3 and syn.get(m.group())]
    if not spots:
        return None
    m = rng.choice(spots)
    new = rng.choice(syn[m.group()])
    return text[: m.start()] + new + text[m.end():], (m.group(), new)


def cases(split: str) -> tuple[list[tuple[str, Quote]], list[tuple[str, Quote]]]:
    """(background: every real quotation of the split, chosen: the real quotations that get variants)."""
    background, chosen = [], []
    for doc in polnear((split,)):
        for q in extract_quotes(doc.text):
            background.append((doc.key, q))
            if q.speaker and len(words(q.text)) >= MIN_WORDS:
                chosen.append((doc.key, q))
    return background, chosen


def _quote(text: str, like: Quote) -> Quote:
    return replace(like, span=Span(0, len(text)), text=text, pieces=(), speaker_span=None)


def run_kind(kind: str, background, chosen, syn, seed: int = 0) -> list[dict]:
    """One corpus: the background, an independent copy and a ``kind`` variant of each chosen quotation."""
    extra, truth = [], []
    for k, (key, q) in enumerate(chosen):
        rng = random.Random(f"{seed}-{kind}-{k}")
        swap = None
        if kind == "none":
            variant = None
        elif kind == "altered":
            made = altered(q.text, rng, syn)
            if made is None:
                continue
            variant, swap = made
        else:
            variant = {"excerpt": excerpt, "restyled": restyled, "bracketed": bracketed}[kind](q.text, rng)
        extra.append((f"indep-{k}", _quote(q.text, q)))
        if variant is not None:
            extra.append((f"variant-{k}", _quote(variant, q)))
        truth.append((k, key, q, swap))
    groups = quote_groups(background + extra)
    of = {}
    for g in groups:
        for v in g.variants:
            for a in v.articles:
                of.setdefault(a, g)
    out = []
    for k, key, q, swap in truth:
        g = of[f"indep-{k}"]
        row = {"k": k, "real_altered": None}
        if kind == "none":
            row["real_altered"] = g.altered
        else:
            gv = of.get(f"variant-{k}")
            row["grouped"] = gv is g and key in g.articles()
            row["altered"] = bool(gv is not None and gv.altered)
            if swap is not None and gv is not None:
                row["change_found"] = swap in gv.changes or (swap[0], swap[1]) in gv.changes
                lo = gv.likely_original
                row["original_right"] = lo is not None and words(gv.variants[lo].text) == words(q.text)
        out.append(row)
    return out


def evaluate(split: str, seed: int = 0) -> dict:
    background, chosen = cases(split)
    syn = sc.synonyms()
    base = {r["k"]: r["real_altered"] for r in run_kind("none", background, chosen, syn, seed)}
    out: dict = {"split": split, "quotations": len(background), "with_variants": len(chosen),
                 "left_out_already_altered": sum(base.values())}
    for kind in KINDS:
        rows = [r for r in run_kind(kind, background, chosen, syn, seed) if not base[r["k"]]]
        n = len(rows)
        m = {"cases": n, "grouped": round(sum(r["grouped"] for r in rows) / n, 4),
             "called_altered": round(sum(r["altered"] for r in rows) / n, 4)}
        if kind == "altered":
            m["change_listed"] = round(sum(r.get("change_found", False) for r in rows) / n, 4)
            m["original_right"] = round(sum(r.get("original_right", False) for r in rows) / n, 4)
        out[kind] = m
    return out


def real() -> dict:
    docs = polnear()
    quotes = [(d.key, q) for d in docs for q in extract_quotes(d.text)]
    groups = quote_groups(quotes)
    shared = [g for g in groups if len(g.articles()) > 1]
    return {"articles": len(docs), "quotations": len(quotes), "quoted_by_several_articles": len(shared),
            "altered": sum(g.altered for g in shared),
            "altered_groups": [{"speaker": g.speaker, "changes": [list(c) for c in g.changes[:4]],
                                "wordings": [v.text[:200] for v in g.variants[:4]]} for g in shared if g.altered]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--out", default=RESULT)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    print(f"quote variants on PolNeAR {args.split} ...", file=sys.stderr)
    doc = {"bench": "quote variants: SYNTHETIC variants of real PolNeAR quotations; real cross-article groups",
           "reproduce": f"python bench/eval_quote_variants.py --split {args.split}",
           "synthetic": evaluate(args.split), "real": real(), "seconds": None}
    doc["seconds"] = round(time.perf_counter() - t0, 1)
    syn = doc["synthetic"]
    print(f"{args.split}: {syn['with_variants']} quotations with variants "
          f"({syn['left_out_already_altered']} left out: already altered among real articles)")
    for kind in KINDS:
        print(f"  {kind:10s} {syn[kind]}")
    r = doc["real"]
    print(f"REAL: {r['quoted_by_several_articles']} quotations carried by several PolNeAR articles, "
          f"{r['altered']} called altered")
    if args.split == "test":
        write_json(args.out, doc)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
