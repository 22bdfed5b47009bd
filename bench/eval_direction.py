"""Direction of reuse within SYNTHETIC families of real articles, and on human rewrites.

SYNTHETIC (``bench/spin_corpus.py``, seeded): for each PolNeAR article O of a
split, two spins S1 and S2 made independently at one strength, a spin of S1
(S1') and an editorial rewrite E. Each pair goes through the pipeline's
``relate_one`` (sentence embeddings included) with no dates or sites, so
only the texts speak. The right answers:

- ``O ~ S1``: ``a->b`` (O is the original);
- ``S1 ~ S2``: ``common`` (siblings: both derive from O, which the pair lacks);
- ``S1 ~ S1'``: ``a->b`` (a spin of a spin);
- ``O ~ E``: ``a->b`` (containment: E dropped a third of O).

Reported per pair type and strength: the share of each direction, and the
share right. ``unknown`` is an honest abstention; a wrong direction or a
false ``common`` is an error.

WIRE COPIES (real wire stories, SYNTHETIC outlets): each PolNeAR article whose
dateline or credit line names a news agency (``WASHINGTON (AP) —``: real wire
copy) is run by three made-up outlets, each with its own site: verbatim, cut
short (``spin_corpus.truncate``) and spun at ``medium``. Any two of them are
siblings (``common``: both took it from the agency, which is not in the pair);
the agency's own copy (its site set to the agency's host) against an outlet is
``a->b``. Reported with and without the shared-credit rule
(``unspun.relate.credits``), which has no threshold to tune.

REAL (Clough & Stevenson): each light and heavy revision (written by people,
from the task's source) against its source: the share called ``common``
(wrong: the source is in the pair) and ``b->a`` (wrong).

Thresholds (``unspun.relate.drift.DriftOptions``) were chosen on PolNeAR **dev**;
figures are reported on **test**.

    python bench/eval_direction.py --split test --cache /tmp/unspun-emb    # bench/results/direction.json
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))

import spin_corpus as sc  # noqa: E402
from datasets import cached_sentences, clough_stevenson, polnear, write_json  # noqa: E402

from unspun.align.stage import PairInput, relate_one  # noqa: E402
from unspun.progress import Reporter  # noqa: E402
from unspun.relate import Side  # noqa: E402

RESULT = os.path.join(os.path.dirname(__file__), "results", "direction.json")
STRENGTHS = ("light", "swap25_only", "medium")
EXPECTED = {"original~spin": "a->b", "spin~spin": "common", "spin~respin": "a->b", "original~editorial": "a->b"}


def relation(a: str, b: str, cache: str | None):
    return relate_one(PairInput("a", "b", cached_sentences(a, cache, "dir"), cached_sentences(b, cache, "dir"),
                                Side(a), Side(b)))


def families(split: str, n: int, strength: str) -> list[dict[str, str]]:
    st = (sc.STRENGTHS | sc.DIAGNOSTIC)[strength]
    docs = [d.text for d in polnear((split,))][:n]
    out = []
    for i, o in enumerate(docs):
        s1 = sc.spin(o, st, random.Random(f"dir-{strength}-{i}-1")).text
        s2 = sc.spin(o, st, random.Random(f"dir-{strength}-{i}-2")).text
        s1b = sc.spin(s1, st, random.Random(f"dir-{strength}-{i}-3")).text
        ed = sc.editorial(o, docs[(i + 7) % len(docs)], random.Random(f"dir-ed-{i}"))
        out.append({"original~spin": (o, s1), "spin~spin": (s1, s2), "spin~respin": (s1, s1b),
                    "original~editorial": (o, ed)})
    return out


def synthetic(split: str, n: int, cache: str | None, reporter: Reporter) -> dict:
    out = {}
    for strength in STRENGTHS:
        fams = families(split, n, strength)
        counts: dict[str, Counter] = {k: Counter() for k in EXPECTED}
        with reporter.task(f"{strength} families", total=len(fams)) as bar:
            for fam in fams:
                for kind, (a, b) in fam.items():
                    if strength != STRENGTHS[0] and kind == "original~editorial":
                        continue  # the same rewrite at every strength: measured once
                    rel = relation(a, b, cache)
                    counts[kind][rel.direction if rel is not None else "unrelated"] += 1
                bar.advance()
        out[strength] = {k: {"pairs": sum(c.values()), "directions": dict(c),
                             "right": round(c[EXPECTED[k]] / max(1, sum(c.values())), 4),
                             "wrong": round(sum(v for d, v in c.items() if d not in (EXPECTED[k], "unknown"))
                                            / max(1, sum(c.values())), 4)}
                         for k, c in counts.items() if sum(c.values())}
    return out


WIRE_EXPECTED = {"copy~cut": "common", "copy~spin": "common", "cut~spin": "common", "agency~copy": "a->b"}
AGENCY_HOST = {"associated press": "apnews.com", "reuters": "reuters.com", "agence france-presse": "afp.com",
               "united press international": "upi.com"}


def wire_families(splits: tuple[str, ...]) -> list[dict[str, tuple[Side, Side]]]:
    from unspun.relate.credits import AGENCIES, credited

    out = []
    for i, d in enumerate(polnear(splits)):
        agencies = sorted(k for k in credited(d.text) if k in AGENCIES)
        if not agencies:
            continue
        w = d.text
        copy = Side(w, None, "outlet-one.example")
        cut = Side(sc.truncate(w, random.Random(f"wire-cut-{i}")), None, "outlet-two.example")
        spun = Side(sc.spin(w, sc.STRENGTHS["medium"], random.Random(f"wire-spin-{i}")).text, None, "Outlet Three")
        agency = Side(w, None, AGENCY_HOST.get(agencies[0], agencies[0]))
        out.append({"copy~cut": (copy, cut), "copy~spin": (copy, spun), "cut~spin": (cut, spun),
                    "agency~copy": (agency, copy)})
    return out


def wire(splits: tuple[str, ...], cache: str | None, reporter: Reporter) -> dict:
    import importlib

    direction_module = importlib.import_module("unspun.relate.direction")  # the module, not the function
    fams = wire_families(splits)
    out: dict = {"splits": list(splits), "stories": len(fams)}
    real_rule = direction_module._third_source
    for name, rule in (("with_credit_rule", real_rule), ("without_credit_rule", lambda a, b: None)):
        direction_module._third_source = rule
        counts: dict[str, Counter] = {k: Counter() for k in WIRE_EXPECTED}
        try:
            with reporter.task(f"wire stories ({name})", total=len(fams)) as bar:
                for fam in fams:
                    for kind, (a, b) in fam.items():
                        rel = relate_one(PairInput("a", "b", cached_sentences(a.text, cache, "dir"),
                                                   cached_sentences(b.text, cache, "dir"), a, b))
                        counts[kind][rel.direction if rel is not None else "unrelated"] += 1
                    bar.advance()
        finally:
            direction_module._third_source = real_rule
        out[name] = {k: {"pairs": sum(c.values()), "directions": dict(c),
                         "right": round(c[WIRE_EXPECTED[k]] / max(1, sum(c.values())), 4),
                         "wrong": round(sum(v for d, v in c.items() if d not in (WIRE_EXPECTED[k], "unknown"))
                                        / max(1, sum(c.values())), 4)} for k, c in counts.items()}
    return out


def clough(cache: str | None) -> dict:
    sources, answers = clough_stevenson()
    counts: dict[str, Counter] = {}
    for _f, t, c, text in answers:
        if c not in ("light", "heavy"):
            continue
        rel = relation(sources[t], text, cache)
        counts.setdefault(c, Counter())[rel.direction if rel is not None else "unrelated"] += 1
    return {c: {"answers": sum(v.values()), "directions": dict(v),
                "common_share": round(v["common"] / max(1, sum(v.values())), 4),
                "reversed_share": round(v["b->a"] / max(1, sum(v.values())), 4)} for c, v in counts.items()}


def without_drift() -> None:
    """The baseline: direction as it was before the wording-drift signal (for this process)."""
    from unspun.relate.drift import Drift

    Drift.siblings = lambda self, o=None: False
    Drift.drifted = lambda self, o=None: None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("-n", type=int, default=40, help="articles (families) per strength")
    ap.add_argument("--cache", default=None, help="folder to keep sentence embeddings in between runs")
    ap.add_argument("--out", default=RESULT)
    ap.add_argument("--without-drift", action="store_true",
                    help="the baseline: direction without the wording-drift signal (nothing written)")
    args = ap.parse_args(argv)
    if args.without_drift:
        without_drift()
    reporter = Reporter()
    t0 = time.perf_counter()
    doc = {"bench": "direction of reuse: SYNTHETIC families of PolNeAR articles, and Clough & Stevenson",
           "reproduce": f"python bench/eval_direction.py --split {args.split} -n {args.n}",
           "tuned_on": "PolNeAR dev (unspun.relate.drift.DriftOptions)", "split": args.split,
           "expected": EXPECTED, "synthetic": synthetic(args.split, args.n, args.cache, reporter),
           "wire": wire((args.split,), args.cache, reporter),
           "wire_all_splits": wire(("train", "dev", "test"), args.cache, reporter),
           "clough_stevenson": clough(args.cache), "seconds": round(time.perf_counter() - t0, 1)}
    for strength, rows in doc["synthetic"].items():
        for kind, r in rows.items():
            print(f"{strength:12s} {kind:20s} right {r['right']:.2f} wrong {r['wrong']:.2f}  {r['directions']}")
    for part in ("wire", "wire_all_splits"):
        for name in ("with_credit_rule", "without_credit_rule"):
            for kind, r in doc[part][name].items():
                print(f"{part} ({doc[part]['stories']} stories) {name:19s} {kind:12s} right {r['right']:.2f} "
                      f"wrong {r['wrong']:.2f}  {r['directions']}")
    for c, r in doc["clough_stevenson"].items():
        print(f"C&S {c:6s} common {r['common_share']:.2f} reversed {r['reversed_share']:.2f}  {r['directions']}")
    if args.split == "test" and not args.without_drift:
        write_json(args.out, doc)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
