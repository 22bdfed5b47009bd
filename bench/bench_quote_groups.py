"""Cost and shape of quote grouping on real articles: all PolNeAR articles' quotations, no relations.

PolNeAR's 1,008 articles are independent reports (no copies), so the groups
are utterances that several outlets quoted (speeches, tweets, slogans).

    python bench/bench_quote_groups.py      # prints and writes bench/results/quote_groups.json

It also measures the witness lookup of ``unspun sources`` and ``check`` (``SQLiteStore.quoting``: the articles
with a quotation whose three rarest words all stand in one of an article's quotations): how many other articles
it finds for each article, and how long a lookup takes.
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
    result["witnesses"] = witnesses(docs, quotes)
    print(result)
    write_json(os.path.join(os.path.dirname(__file__), "results", "quote_groups.json"), result)


def witnesses(docs, quotes) -> dict:
    import statistics
    import tempfile

    from unspun.quotes.variants import words
    from unspun.records import Article
    from unspun.store import open_store

    by_article: dict[str, list] = {}
    for aid, q in quotes:
        by_article.setdefault(aid, []).append(q)
    with tempfile.TemporaryDirectory() as tmp, open_store(os.path.join(tmp, "q.db")) as store:
        store.add_articles([(Article(f"d{i}", "s", f"p{i}", "", "txt", d.text, d.text), "site", "")
                            for i, d in enumerate(docs)])
        store.put_quotes([(f"d{i}", by_article.get(f"d{i}", [])) for i in range(len(docs))], "bench")
        found, ms = [], []
        for aid, qs in by_article.items():
            t0 = time.perf_counter()
            got = store.quoting(words(q.text) for q in qs)
            ms.append(1000 * (time.perf_counter() - t0))
            found.append(len(got - {aid}))
    found.sort()
    return {"articles_with_quotations": len(found), "other_articles_found_median": statistics.median(found),
            "p90": found[int(0.9 * (len(found) - 1))], "max": found[-1],
            "lookup_ms_median": round(statistics.median(ms), 2), "lookup_ms_max": round(max(ms), 2)}


if __name__ == "__main__":
    main()
