"""Fingerprint + candidate throughput: unspun's vectorised MinHash and LSH vs datasketch.

Both sides get the same generated documents, the same 5-word shingles, 128
permutations and the same LSH threshold (bands and rows chosen by each
library's own rule from that threshold, with equal weights on false positives
and negatives). Recall is measured over planted near-duplicate pairs whose
true shingle Jaccard is at or above the threshold.

    python bench/bench_minhash.py --docs 20000 [--json bench/results/minhash.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from corpus import generate, true_jaccard  # noqa: E402

from unspun.candidates.lsh import candidate_pairs, lsh_params  # noqa: E402
from unspun.config import FingerprintOptions  # noqa: E402
from unspun.engine import LocalEngine, batched  # noqa: E402
from unspun.fingerprint import shingle_signatures  # noqa: E402


def _sig_batch(batch, options):
    return shingle_signatures(batch, options)[0]


def run_unspun(docs, threshold, workers):
    import numpy as np

    o = FingerprintOptions(num_perm=128, shingle_words=5, embed=False)
    t0 = time.perf_counter()
    engine = LocalEngine(workers=workers, pool="thread")  # MinHash is numpy: threads, no pickling
    sigs = np.concatenate(list(engine.map(_sig_batch, batched(docs, 100), o)))
    t1 = time.perf_counter()
    bands, rows = lsh_params(threshold, 128)  # unspun's own rule: favour recall, candidates are verified
    res = candidate_pairs(sigs, bands, rows)
    t2 = time.perf_counter()
    pairs = {(int(i), int(j)) for i, j in res.pairs}
    return pairs, t1 - t0, t2 - t1, (bands, rows)


def run_datasketch(docs, threshold):
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes = []
    for i, d in enumerate(docs):
        toks = d.split()
        sh = [" ".join(toks[k : k + 5]).encode() for k in range(max(len(toks) - 4, 1))]
        m = MinHash(num_perm=128)
        m.update_batch(sh)
        hashes.append(m)
    t1 = time.perf_counter()
    for i, m in enumerate(hashes):
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    return pairs, t1 - t0, t2 - t1, lsh.b, lsh.r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs per side; the fastest counts (timeit-style)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    print(f"generating {args.docs} documents of ~600 words ...", file=sys.stderr)
    docs, planted = generate(args.docs)
    truth = {(min(a, b), max(a, b)) for a, b in planted if true_jaccard(docs[a], docs[b]) >= args.threshold}

    def best(fn, *a):
        runs = [fn(*a) for _ in range(args.repeat)]
        return min(runs, key=lambda r: r[1] + r[2])

    print("unspun ...", file=sys.stderr)
    u_pairs, u_fp, u_lsh, (ub, ur) = best(run_unspun, docs, args.threshold, args.workers)
    u1_pairs, u1_fp, u1_lsh, _ = best(run_unspun, docs, args.threshold, 1)
    print("datasketch ...", file=sys.stderr)
    d_pairs, d_fp, d_lsh, db, dr = best(run_datasketch, docs, args.threshold)

    n = len(docs)
    res = {
        "documents": n, "words_per_document": 600, "repeat": args.repeat, "threshold": args.threshold, "num_perm": 128,
        "planted_pairs_at_threshold": len(truth), "cpu_count": os.cpu_count(),
        "unspun": {"workers": args.workers, "bands_rows": [ub, ur], "fingerprint_s": round(u_fp, 3),
                   "lsh_s": round(u_lsh, 3), "docs_per_s": round(n / (u_fp + u_lsh)),
                   "recall": round(len(truth & u_pairs) / max(len(truth), 1), 4),
                   "candidate_pairs": len(u_pairs)},
        "unspun_1_worker": {"docs_per_s": round(n / (u1_fp + u1_lsh)),
                            "recall": round(len(truth & u1_pairs) / max(len(truth), 1), 4)},
        "datasketch": {"bands_rows": [db, dr], "fingerprint_s": round(d_fp, 3), "lsh_s": round(d_lsh, 3),
                       "docs_per_s": round(n / (d_fp + d_lsh)),
                       "recall": round(len(truth & d_pairs) / max(len(truth), 1), 4),
                       "candidate_pairs": len(d_pairs)},
    }
    res["speedup"] = round(res["unspun"]["docs_per_s"] / res["datasketch"]["docs_per_s"], 1)
    res["speedup_1_worker"] = round(res["unspun_1_worker"]["docs_per_s"] / res["datasketch"]["docs_per_s"], 1)
    print(json.dumps(res, indent=2))
    print(f"unspun {res['unspun']['docs_per_s']} docs/s ({args.workers} workers), "
          f"datasketch {res['datasketch']['docs_per_s']} docs/s: {res['speedup']}x "
          f"(1 worker: {res['speedup_1_worker']}x); recall {res['unspun']['recall']} vs "
          f"{res['datasketch']['recall']}", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
