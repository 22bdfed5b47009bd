"""The spin stage: text-only flags per article and a verdict per rewrite, stored; quote flags added when read.

The flags an article's own text shows (tokenizer residue, names spelled
several ways, rare synonyms and odd collocations) are computed once and
stored. Whether one of its quotations differs from the wording independent
sources carry depends on the rest of the corpus, so those flags are taken
from the quote groups when the spin is read, and the score is computed then.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from ..engine import LocalEngine, batched
from ..progress import QUIET, Reporter
from ..records import Relation, Span
from ..store import SQLiteStore
from .flags import NOT_ASSESSED, NOT_ENGLISH, ArticleSpin, SpinFlag, not_english, spin_flags, spin_of
from .lexicon import LEXICON_VERSION
from .verdict import RewriteSpin, evidence, judge_pair

SPIN_VERSION = f"spin.v3/{LEXICON_VERSION}"
"""Text flags stored under another version are computed again (v2: words of any script are whole words, and a
text that does not read as English gets no flags, only the ``not_english`` mark; v3: a rare word is the article's
topic when another word shares its Snowball stem, not its first five letters)."""
VERDICT_VERSION = f"verdict.v8/{LEXICON_VERSION}"
"""Rewrite verdicts stored under another version are judged again (v2: the round trip rule also asks for
sentences kept one for one and few passages kept word for word; v3: coverage counted up to the last sentence a
strong passage reaches, so that a truncated copy does not hide a spin, weights refitted, no spin with under 1% of
the words swapped, and the evidence stored with the verdict; v4: measured from the source side, the same
whichever article is A, :func:`~.verdict.judge_pair`)."""
BATCH = 200


def flag_batch(batch: Sequence[tuple[str, str]], _options: object = None) -> list[tuple[str, int, list]]:
    """``(article_id, text)`` in, ``(article_id, words, [[kind, start, end, note], ...])`` out."""
    out = []
    for aid, text in batch:
        mark = not_english(text)
        flags = [mark] if mark is not None else spin_flags(text)
        out.append((aid, len(text.split()), [[f.kind, f.span.start, f.span.end, f.note] for f in flags]))
    return out


def flag_articles(store: SQLiteStore, *, engine: LocalEngine | None = None, reporter: Reporter = QUIET) -> int:
    """Store the text-only spin flags of every article that has none yet; returns how many were flagged."""
    todo = store.ids_without_spin(SPIN_VERSION)
    engine = engine or LocalEngine()
    batches = ([(aid, text) for aid, text, _ in store.texts(chunk)] for chunk in batched(todo, BATCH))
    with reporter.task("spin", total=len(todo)) as task:
        for rows in engine.map(flag_batch, batches, None):
            store.put_spin(rows, SPIN_VERSION)
            task.advance(len(rows))
    return len(todo)


def judge_rewrites(store: SQLiteStore, *, engine: LocalEngine | None = None, reporter: Reporter = QUIET) -> int:
    """Store a verdict (machine spin, editorial rewrite, round trip) for every rewrite relation without one.

    Copies (duplicate, copy, partial) are judged too when some of their
    passages are edited, since a light spin swaps few enough words to pass for
    a copy; their verdict is shown only when it is machine spin. A copy with
    nothing edited is recorded as ``none``. The pairs go in batches to
    :func:`judge_batch` through ``engine``.
    """
    todo = store.rewrites_without_spin(VERDICT_VERSION)
    if not todo:
        return 0
    wanted = set(todo)
    rels = {(r.a, r.b): r for r in store.relations(shared_only=True) if (r.a, r.b) in wanted}

    def batches():
        for chunk in batched(todo, BATCH):
            texts = {aid: text for aid, text, _ in store.texts({x for p in chunk for x in p})}
            yield [(a, b, texts[a], texts[b], rels[a, b]) for a, b in chunk
                   if (a, b) in rels and a in texts and b in texts]

    engine = engine or LocalEngine()
    with reporter.task("rewrite verdicts", total=len(todo)) as task:
        for chunk, rows in zip(batched(todo, BATCH), engine.map(judge_batch, batches(), None), strict=True):
            store.put_rewrite_spin(rows, VERDICT_VERSION)
            task.advance(len(chunk))
    return len(todo)


def judge_batch(batch: Sequence[tuple[str, str, str, str, Relation]], _options: object = None
                ) -> list[tuple[str, str, str, float, dict]]:
    """``(a, b, verdict, score, detail)`` for each ``(a, b, text of a, text of b, relation)`` of a batch: the
    rewrite-verdict stage (a copy with no edited passage is ``none``)."""
    rows = []
    for a, b, text_a, text_b, r in batch:
        if r.kind != "rewrite" and not any(p.type == "edited" for p in r.passages):
            rows.append((a, b, "none", 0.0, {}))
            continue
        v = judge_pair(text_a, text_b, r)
        rows.append((a, b, v.verdict, v.score, rewrite_detail(v)))
    return rows


def rewrite_detail(v: RewriteSpin) -> dict:
    """What the store keeps beside a verdict: the swapped passages and words, the signals and a readable reason."""
    return {"spans": [{"a": [x.start, x.end], "b": [y.start, y.end]} for x, y in v.spans],
            "replaced": [{"from": old, "to": new} for old, new in v.replaced],
            "source": v.source,
            "evidence": evidence(v.verdict, v.signals),
            "signals": dataclasses.asdict(v.signals) if v.signals is not None else {}}


def altered_quote_flags(groups: Sequence) -> dict[str, list[SpinFlag]]:
    """For each article, a flag on every quotation it words differently from the likely original wording, when
    more independent sources carry that wording, or the article judged original does (on more than dates, see
    ``quotes.variants.JUDGED``): a wording picked by a date can't tell which side changed the words (found by QA: a
    wrongly dated copy made the true original 'likely spun')."""
    from ..quotes.variants import changes

    out: dict[str, list[SpinFlag]] = defaultdict(list)
    for g in groups:
        if not g.altered or g.likely_original is None or g.decided_by not in ("sources", "original"):
            continue
        base = g.variants[g.likely_original].text
        for v in g.variants:
            diff = changes(base, v.text)
            if not diff:
                continue
            # a word changed wherever the quotation repeats it is one change (QA: "believe → accept" thrice)
            note = ("quotation of " + (g.speaker or "an unnamed speaker") + " differs from the wording that "
                    "other articles carry: " + "; ".join(f"{x} \u2192 {y}" for x, y in list(dict.fromkeys(diff))[:4]))
            for aid, span in zip(v.articles, v.spans):
                out[aid].append(SpinFlag("altered_quote", Span(span.start, span.end), note))
    return out


def article_spins(store: SQLiteStore, groups: Sequence) -> dict[str, ArticleSpin]:
    """Every flagged article's spin: stored text flags plus altered-quote flags, scored together."""
    quote_flags = altered_quote_flags(groups)
    out = {}
    for aid, words, rows in store.spin():
        flags = [SpinFlag(k, Span(s, e), note) for k, s, e, note in rows] + quote_flags.get(aid, [])
        if any(f.kind == NOT_ENGLISH for f in flags):
            out[aid] = ArticleSpin(0.0, NOT_ASSESSED, tuple(f for f in flags if f.kind == NOT_ENGLISH), words)
            continue
        flags.sort(key=lambda f: (f.span.start, f.kind))
        out[aid] = spin_of(flags, words)
    return out


def spin_json(s: ArticleSpin) -> dict:
    """An article's ``spin`` field of ``unspun.export/1``."""
    return {"score": s.score, "verdict": s.verdict,
            "flags": [{"kind": f.kind, "span": [f.span.start, f.span.end], "note": f.note} for f in s.flags]}


def relation_spin(store: SQLiteStore) -> dict[tuple[str, str], dict]:
    """The stored verdict of each rewrite relation, keyed ``(a, b)``."""
    return store.rewrite_spin()


__all__ = ["SPIN_VERSION", "VERDICT_VERSION", "flag_articles", "judge_rewrites", "article_spins", "spin_json",
           "relation_spin", "altered_quote_flags", "Relation"]
