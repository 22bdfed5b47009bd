"""Cost and shape of quote grouping on real articles: all PolNeAR articles' quotations, no relations.

PolNeAR's 1,008 articles are independent reports (no copies), so the groups
are utterances that several outlets quoted (speeches, tweets, slogans).

    python bench/bench_quote_groups.py      # prints and writes bench/results/quote_groups.json
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from datasets import polnear, write_json  # noqa: E402

from unspun.quotes import extract_quotes  # noqa: E402
from unspun.quotes.variants import quote_groups  # noqa: E402


def main() -> None:
    docs = polnear()
    print(f"extracting the quotations of {len(docs)} articles ...", file=sys.stderr)
    quotes = [(f"d{i}", q) for i, d in enumerate(docs) for q in extract_quotes(d.text)]
    t0 = time.perf_counter()
    groups = quote_groups(quotes)
    seconds = time.perf_counter() - t0
    shared = [g for g in groups if len(g.articles()) > 1]
    result = {"bench": "quote grouping on all PolNeAR articles (no relations)", "command": "python bench/bench_quote_groups.py",
              "articles": len(docs), "quotations": len(quotes), "seconds": round(seconds, 2), "groups": len(groups),
              "quoted_by_several_articles": len(shared), "altered": sum(g.altered for g in shared),
              "largest_group_articles": max(len(g.articles()) for g in groups),
              "largest_group_wordings": max(len(g.variants) for g in groups)}
    print(result)
    write_json(os.path.join(os.path.dirname(__file__), "results", "quote_groups.json"), result)


if __name__ == "__main__":
    main()
