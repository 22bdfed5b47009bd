"""Time and peak memory of ``unspun analyze`` (every stage) at growing corpus sizes.

Generates JSONL corpora of news-shaped ~600-word articles (10% near-verbatim
copies, 5% spun copies), runs ``unspun analyze`` in a separate process, and
samples the memory of its process tree: the resident pages summed over its processes, and
their proportional set size (each page shared with a forked worker counted once). Also reports how many of
the planted copies came out as a relation of the right kind.

    python bench/bench_analyze.py --sizes 1000 10000 [--no-embed] [--json bench/results/analyze.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))

from bench_scale import measure  # noqa: E402
from corpus import generate_news  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            print(f"generating {n} articles ...", file=sys.stderr)
            docs, planted = generate_news(n, seed=n)
            src = os.path.join(tmp, f"c{n}.jsonl")
            with open(src, "w") as f:
                for i, d in enumerate(docs):
                    f.write(json.dumps({"url": f"https://s{i % 50}.example/{i}", "text": d}) + "\n")
            db = os.path.join(tmp, f"c{n}.db")
            cmd = [sys.executable, "-m", "unspun.cli", "analyze", db, src, "--quiet"]
            if args.no_embed:
                cmd.append("--no-embed")
            secs, peak, rc, pss = measure(cmd)
            if rc != 0:
                sys.exit(f"unspun analyze failed (exit {rc}): rerun {' '.join(cmd)} to see why")
            con = sqlite3.connect(db)
            url_of = dict(con.execute("SELECT id, url FROM articles"))
            index = {url_of[k]: k for k in url_of}
            kinds = {(a, b): k for a, b, k in con.execute("SELECT a, b, kind FROM relations")}
            candidates = con.execute("SELECT count(*) FROM candidates").fetchone()[0]
            con.close()
            found = {"copy": 0, "spin": 0}
            right = {"copy": 0, "spin": 0}
            for o, c, kind in planted:
                a, b = sorted((index[f"https://s{o % 50}.example/{o}"], index[f"https://s{c % 50}.example/{c}"]))
                k = kinds.get((a, b))
                found[kind] += k is not None
                right[kind] += k in ({"copy", "duplicate"} if kind == "copy" else {"rewrite"})
            total = {k: sum(1 for *_, x in planted if x == k) for k in found}
            row = {"articles": n, "embed": not args.no_embed, "seconds": round(secs, 1),
                   "peak_mib": round(peak), "peak_pss_mib": round(pss), "exit": rc, "candidates": candidates,
                   "relations": len([k for k in kinds.values() if k]),
                   "planted_found": {k: f"{found[k]}/{total[k]}" for k in found},
                   "planted_right_kind": {k: f"{right[k]}/{total[k]}" for k in right}}
            print(json.dumps(row), flush=True)
            rows.append(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"bench": "unspun analyze, news-shaped generated corpus",
                       "command": "python bench/bench_analyze.py --sizes " + " ".join(map(str, args.sizes))
                       + (" --no-embed" if args.no_embed else ""), "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
