"""``unspun analyze`` on a corpus of REAL news texts with planted reuse: time, memory and what it finds.

The synthetic corpus of ``bench_analyze.py`` has few related pairs, so it
times the stages that every article goes through. Real news is different:
articles of one campaign share names, quotations and stock phrases, so many
more pairs are candidates and the alignment (with sentence embeddings)
dominates. This corpus is every real text the datasets hold:

- all 1,008 PolNeAR articles (with their publisher's name in the URL and their
  dates), the 220 WikiRef220 texts, and MRPC **test** sentences grouped eight
  to an article (independent texts);
- planted, from the first 48 PolNeAR **test** articles, in turn: a verbatim copy,
  a truncated copy, a medium spin and a heavy spin (``spin_corpus.py``), half of
  them dated two days after their original and half undated, each under a site
  of its own.

It runs ``unspun analyze`` in a separate process (peak memory of the process
tree sampled), then reports how many planted pairs are found, with the right
kind (copy or duplicate for the copies; rewrite or a machine-spin copy for the
spins) and the direction: ``right`` (original -> copy), ``unknown``, ``wrong``,
or ``common_wire`` when the original is an outlet's run of a wire story (AP,
AFP) and the copy credits the agency too, so that the two read as siblings of
the agency's story (what two outlets running one wire story are; from the
texts the two cases look the same). It also counts the relations that join
two different real texts (PolNeAR has a few real republications; they are
listed for reading).

    python bench/bench_real.py [--small] [--json bench/results/real.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))

import spin_corpus as sc  # noqa: E402
from bench_scale import measure  # noqa: E402
from datasets import mrpc, polnear  # noqa: E402
from eval_wikiref import load as wikiref  # noqa: E402

from unspun.export import resolved  # noqa: E402
from unspun.relate.provenance import REUSE  # noqa: E402
from unspun.store import open_store  # noqa: E402

KINDS = ("copy", "trunc", "medium", "heavy")
RIGHT_KIND = {"copy": {"copy", "duplicate"}, "trunc": {"copy", "duplicate", "partial"},
              "medium": {"rewrite", "copy"}, "heavy": {"rewrite", "copy"}}


def build(seed: int = 7, *, small: bool = False) -> tuple[list[dict], list[dict]]:
    """(records, planted pairs) of the corpus; ``small``: PolNeAR dev and test only (for the gate)."""
    rng = random.Random(seed)
    records = []
    for d in polnear(("dev", "test") if small else ("train", "dev", "test")):
        site = (d.site or "news").lower().replace(" ", "")
        records.append({"text": d.text, "url": f"https://{site}.example/{d.key}", "title": d.title,
                        "date": d.published, "kind": "real"})
    for t in [] if small else wikiref():
        records.append({"text": t.text, "url": f"https://wikiref.example/{t.id}", "kind": "real"})
    sentences = [] if small else [s for _, a, b in mrpc("test") for s in (a, b)]
    for i in range(0, len(sentences) - 8, 8):
        records.append({"text": " ".join(sentences[i:i + 8]), "url": f"https://mrpc.example/{i // 8}",
                        "kind": "real"})
    planted = []
    test = [r for r in records if "/polnear/test/" in r["url"]][:48]
    for i, orig in enumerate(test):
        kind = KINDS[i % 4]
        if kind == "copy":
            text = orig["text"]
        elif kind == "trunc":
            text = sc.truncate(orig["text"], rng)
        else:
            text = sc.spin(orig["text"], sc.STRENGTHS[kind], rng).text
        dated = i % 8 < 4 and orig.get("date")
        later = (dt.date.fromisoformat(orig["date"][:10]) + dt.timedelta(days=2)).isoformat() if dated else None
        url = f"https://reposts{i}.example/{kind}/{i}"
        records.append({"text": text, "url": url, "title": orig.get("title"), "date": later, "kind": kind})
        planted.append({"original": orig["url"], "copy": url, "kind": kind, "dated": bool(dated)})
    rng.shuffle(records)
    return records, planted


def run(*, small: bool = False) -> dict:
    """Build the corpus, analyse it, and measure."""
    records, planted = build(small=small)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "real.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({k: v for k, v in r.items() if k != "kind" and v is not None}) + "\n")
        db = os.path.join(tmp, "real.db")
        cmd = [sys.executable, "-m", "unspun.cli", "analyze", db, src, "--quiet"]
        print(f"{len(records)} articles: {' '.join(cmd)}", file=sys.stderr)
        secs, peak, rc, _ = measure(cmd)
        if rc != 0:
            sys.exit(f"unspun analyze failed (exit {rc})")
        with open_store(db) as store:  # the relations as the export gives them (siblings, corroboration)
            url_of = {a["id"]: a["url"] for a in store.article_summaries()}
            found_rels = [r for r in resolved(store)[0] if r.kind in REUSE]
            rels = {(r.a, r.b): (r.kind, r.direction) for r in found_rels}
            evidence = {(r.a, r.b): list(r.evidence) for r in found_rels}
            candidates = sum(1 for _ in store.candidates())
    id_of = {u: i for i, u in url_of.items()}
    found, right_kind, directions, wrong = {}, {}, {}, []
    for p in planted:
        a, b = id_of[p["original"]], id_of[p["copy"]]
        key = (min(a, b), max(a, b))
        kind, direction = rels.get(key, (None, None))
        want = "a->b" if key[0] == a else "b->a"
        k = p["kind"]
        found[k] = found.get(k, 0) + (kind is not None)
        right_kind[k] = right_kind.get(k, 0) + (kind in RIGHT_KIND[k])
        said = "right" if direction == want else "unknown" if direction in ("unknown", None) else "wrong"
        if said == "wrong" and direction == "common" and evidence.get(key, [""])[0].startswith("both credit"):
            said = "common_wire"  # the original runs a wire story (AP, AFP) its copy credits too: siblings of it
        if said == "wrong":
            wrong.append([k, p["original"], p["copy"], direction, evidence.get(key, [])[:2]])
        slot = directions.setdefault(k, {"dated": {}, "undated": {}})["dated" if p["dated"] else "undated"]
        slot[said] = slot.get(said, 0) + 1
    kind_of = {r["url"]: r["kind"] for r in records}
    real_pairs = [(url_of[a], url_of[b], k) for (a, b), (k, _) in rels.items()
                  if k in ("duplicate", "copy", "partial", "rewrite")
                  and kind_of[url_of[a]] == "real" and kind_of[url_of[b]] == "real"]
    n = {k: sum(p["kind"] == k for p in planted) for k in KINDS}
    out = {"bench": "unspun analyze on real texts with planted reuse",
           "command": "python bench/bench_real.py" + (" --small" if small else ""),
           "articles": len(records), "seconds": round(secs, 1), "peak_mib": round(peak), "candidates": candidates,
           "planted": {k: {"pairs": n[k], "found": found.get(k, 0), "right_kind": right_kind.get(k, 0),
                           "direction": directions.get(k, {})} for k in KINDS},
           "wrong_directions": wrong,
           "reuse_between_real_texts": len(real_pairs),
           "reuse_between_real_texts_examples": [list(x) for x in sorted(real_pairs)[:20]]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--small", action="store_true", help="PolNeAR dev and test only, with the planted pairs")
    args = ap.parse_args()
    out = run(small=args.small)
    print(json.dumps(out, indent=1))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
