"""Time and peak memory of ingest and candidates at growing corpus sizes.

Generates JSONL corpora of ~600-word articles (10% planted near-copies), runs
``unspun ingest`` and ``unspun candidates`` as separate processes, and samples
the resident memory of each process tree.

    python bench/bench_scale.py --sizes 1000 10000 100000 [--embed] [--json bench/results/scale.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import psutil

sys.path.insert(0, os.path.dirname(__file__))

from corpus import generate  # noqa: E402


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS of the process tree in MiB, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    return time.perf_counter() - t0, peak / 2**20, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--embed", action="store_true", help="include sentence embeddings")
    ap.add_argument("--json")
    args = ap.parse_args()
    unspun = [sys.executable, "-m", "unspun.cli"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            print(f"generating {n} articles ...", file=sys.stderr)
            docs, _ = generate(n, seed=n)
            src = os.path.join(tmp, f"c{n}.jsonl")
            with open(src, "w") as f:
                for i, d in enumerate(docs):
                    f.write(json.dumps({"url": f"https://s{i % 50}.example/{i}", "text": d}) + "\n")
            size_mb = os.path.getsize(src) / 2**20
            db = os.path.join(tmp, f"c{n}.db")
            t_ing, m_ing, rc1 = measure([*unspun, "ingest", db, src, "--quiet"])
            flags = [] if args.embed else ["--no-embed"]
            t_can, m_can, rc2 = measure([*unspun, "candidates", db, "--quiet", "--json", *flags])
            row = {"articles": n, "input_mb": round(size_mb, 1), "ingest_s": round(t_ing, 1),
                   "ingest_peak_mib": round(m_ing), "candidates_s": round(t_can, 1),
                   "candidates_peak_mib": round(m_can), "embed": args.embed,
                   "articles_per_s": round(n / (t_ing + t_can)), "exit_codes": [rc1, rc2]}
            rows.append(row)
            print(json.dumps(row), flush=True)
            os.remove(db)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cpu_count": os.cpu_count(), "rows": rows}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
