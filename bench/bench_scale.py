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
from typing import NamedTuple

import psutil

sys.path.insert(0, os.path.dirname(__file__))

from corpus import generate  # noqa: E402


class Measured(NamedTuple):
    seconds: float
    peak_mib: float
    """Peak resident memory of the process tree, summed over its processes: a page that a forked worker shares
    with its parent counts once per process."""
    rc: int
    peak_pss_mib: float
    """Peak proportional set size of the tree: each shared page divided among the processes that share it, so
    the sum is the physical memory the tree holds (Linux; equal to ``peak_mib`` where PSS can't be read)."""


def measure(cmd: list[str]) -> Measured:
    """Run ``cmd`` and sample its process tree's memory every 50 ms."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ps = psutil.Process(proc.pid)
    peak = peak_pss = 0
    while proc.poll() is None:
        try:
            tree = [ps, *ps.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
            peak_pss = max(peak_pss, sum(_pss(p) for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    return Measured(time.perf_counter() - t0, peak / 2**20, proc.returncode, (peak_pss or peak) / 2**20)


def _pss(p: psutil.Process) -> int:
    try:
        return p.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return p.memory_info().rss


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
            t_ing, m_ing, rc1, _ = measure([*unspun, "ingest", db, src, "--quiet"])
            flags = [] if args.embed else ["--no-embed"]
            t_can, m_can, rc2, _ = measure([*unspun, "candidates", db, "--quiet", "--json", *flags])
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
