"""PolNeAR: direct quotations and their speakers, measured against the annotated attributions.

PolNeAR annotates attributions (Source, Cue, Content spans, brat standoff, one
``.ann`` per annotator). Definitions used here:

* **Annotator.** Most articles have one annotator; the few annotated by all six
  (agreement checks) are read from the annotator whose id sorts first, so each
  article has one consistent gold.
* **Quoted characters** (gold side, independent of ``unspun.quotes``): per
  paragraph (a line), double marks ``" “ ” '' « »`` toggle an in-quote state
  (``“``/``«`` always open, ``”``/``»`` always close); a quotation open at the
  paragraph's end runs to that end; a ``“`` inside a quotation that follows a
  non-space and precedes a space or punctuation is a reversed closing mark
  (``"It's unusual,“ said …``) and closes it. Outside double marks, a single mark
  (``' ‘ ’``) after a space, ``:`` or ``(`` and before a letter opens a single
  quotation, closed by the next single mark that follows a non-space and
  precedes a space or punctuation (headlines: ``Trump: ‘I'm the worst …’``).
* **Direct quotation.** An attribution whose Content is mostly quoted: at least
  half of its non-space characters are quoted, or its content (trimmed) starts
  with an opening mark or right after one. Its gold span is the quoted part of
  the content: first quoted character to last, trimmed of whitespace and
  punctuation. Its gold speaker is its Source.
* **Mixed quotations** (quoted words inside a mostly paraphrased content, such as
  ``called him a "train wreck"``) are not direct quotations; a prediction that
  overlaps one and matches no direct quotation is left out of precision
  (``precision``), and counted as a false positive in ``precision_strict``.
  Quoted text outside any attribution (titles, scare quotes, nicknames) counts
  as a false positive in both.
* **Scare quotes.** Train: 501 quoted stretches of 1-2 words lie outside every
  attribution and 146 are whole direct quotations, so ``extract_quotes`` drops
  1-2-word quotations that have no attribution next to them, unless a verb of
  calling names them (``calling it "absurd"``: train adds 27 gold quotations,
  23 predictions inside mixed quotations and 1 false positive).
* **Matching.** One-to-one, greedy by overlap. ``exact``: the trimmed spans are
  equal; ``overlap``: the intersection is at least half of the longer span.
* **Speaker accuracy**, over overlap-matched quotations whose gold has a Source:
  correct when ``speaker_span`` overlaps the Source, or the predicted name's
  last word (honorifics dropped) is a word of the Source; when the Source is a
  pronoun, also when that word is in the nearest preceding Source (of another
  attribution) that contains a capitalised name, the approximation of "the name
  the pronoun refers to".

* **Annotators' span conventions** (train, pairs of quoted stretches in one
  paragraph, counted by whether one attribution's Content holds both): a
  quotation broken by its attribution and a full stop (``"A," X said. "B"``)
  is one content (about 1,065 joined, 57 split); with a comma (``"A," X said,
  "B"``) 57 joined, 29 split; after a sentence-final first part (``"A." He
  added, "B"``) mostly split (4 / 14); phrases strung by one to four of the
  writer's words (``"A" because "B"``) joined (191 / 17); quotations that close
  at each paragraph's end are separate (about 2,350 split, 45 joined). A
  transcript's ``NAME:`` label inside the marks is left out of the content in
  dev (2) but kept in train (1): it is left out (the label is who speaks, not
  what is said); quoted headline fragments are annotated unevenly and that is
  not followed. The gold span is the first to the last
  quoted character of the Content, so a joined pair covers the words between.

Tuning was done on train and dev only; test is reported as measured.

    python bench/eval_quotes.py            # table on stdout, progress on stderr, bench/results/quotes.json
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from datasets import datasets_dir, write_json  # noqa: E402

from unspun.quotes import extract_quotes  # noqa: E402
from unspun.records import Quote  # noqa: E402

SPLITS = ("train", "dev", "test")
RESULT = HERE / "results" / "quotes.json"
TEST_RUNS = ("test was run seven times: at a checkpoint (overlap F1 0.894, exact F1 0.838, speaker 0.849); for the "
             "second figures (overlap F1 0.9035, exact F1 0.8529, strict overlap F1 0.8253, speaker 0.8583); for "
             "the third (exact F1 0.8638, overlap F1 0.9108, speaker 0.8654) at the end of an exact-span pass; for "
             "the fourth (exact F1 0.8668, overlap F1 0.9137, speaker 0.8639) after a second pass on train/dev errors "
             "(attributions with long appositives, headline quotes after a colon: dev exact F1 0.891 -> 0.900); a "
             "fifth and a sixth during a third pass (2026-12-02; exact F1 0.8684 both times, overlap F1 0.9117, "
             "speaker 0.8592 then 0.8654); these figures, once, at the end of it (speakers from realistic pages, a "
             "QA pass and train errors, subjects that open with an article, the person whose reporting verb a "
             "sentence has, quoted phrases side by side, a transcript's turns, titles after 'book'/'titled', fixes "
             "from a review). Every change was chosen from train/dev errors, realistic pages, the QA pass or the "
             "review; nothing was chosen on test. Run again after later speaker fixes from QA passes (2026-12-02: a dash "
             "ends a subject, datelines; speaker 0.8716), and once more after a speaker was kept from running across a "
             "sentence end (the same test figures), and once more after fixes from a QA pass on realistic pages (a speaker "
             "after 'going on to say', a quotation opening the sentence after a paraphrase attributed to its speaker, "
             "two military titles, an appositive between the name and the verb, a quotation left open at the end of a "
             "cut copy, and then 'X said Y was right when he said': Y), and once more (2026-12-03) after three fixes "
             "chosen on train errors (a quotation nested with curly double marks, a word or two named by a verb of "
             "calling, a quoted headline followed by its author; train exact F1 0.911 -> 0.916, dev 0.914 -> 0.916): "
             "test exact F1 0.8684 -> 0.8716, overlap F1 0.9117 -> 0.9147, speaker 0.8716 -> 0.8724; and once more "
             "(2026-12-03, a later session) after a fix from a QA pass (a paragraph reopened with a quotation "
             "attributed to someone other than the named speaker of the open one is a quotation of its own: a copy "
             "that lost a closing mark; train and dev unchanged): test exact F1 0.8716 -> 0.8745, overlap F1 "
             "0.9147 -> 0.9157, speaker 0.8724 -> 0.8747; and once more after a review narrowed it to an open "
             "quotation whose own speaker is named (``The mayor told reporters: '…`` then ``'…,' Holt said`` is "
             "one quotation; train and dev unchanged): test back to exact F1 0.8716, overlap F1 0.9147, speaker "
             "0.8724; and once more (2026-12-03, a sixth session) after speaker fixes from QA passes on realistic "
             "pages (surnames with O', Mc, De, a hyphen or a lower-case particle; the name after a described "
             "subject; more title nouns; train speaker 0.8574 -> 0.8605, dev 0.869 -> 0.8748): test unchanged; and once "
             "more (2026-12-04) after six fixes chosen on train/dev errors (more reporting verbs, 'the letter reads'; "
             "a quoted phrase in the writer's own words more than three words after an attribution is no second part "
             "of the quotation; tweet markup over a line break; quotes nested with straight double marks; a short "
             "phrase quoted mid-sentence with no punctuation inside its marks starts no broken quotation; an and/but "
             "clause after it is the next clause; train exact F1 0.9161 -> 0.9213, dev 0.9158 -> 0.9185): test exact "
             "F1 0.8716 -> 0.8700 (one more false positive), overlap F1 0.9147 -> 0.9167, speaker 0.8724 -> 0.8750")
COMMAND = "python bench/eval_quotes.py"
_STRIP = " \t\r\n.,;:!?\"“”'‘’«»‹›—–-…()[]"
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "jr", "sr", "miss"}
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    sources: list[tuple[int, int]]


@dataclass(slots=True)
class Article:
    key: str
    text: str
    gold: list[Gold] = field(default_factory=list)
    mixed: list[tuple[int, int]] = field(default_factory=list)
    sources: list[tuple[int, int]] = field(default_factory=list)  # every Source span, for pronoun checks


def _read_ann(path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, ranges = parts[1].partition(" ")
            try:
                spans[parts[0]] = [tuple(map(int, r.split())) for r in ranges.split(";")]  # type: ignore[misc]
            except ValueError:
                continue
        elif line.startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    out = []
    for roles in events:
        att: dict[str, list[tuple[int, int]]] = {}
        for role in roles:
            name, _, tid = role.partition(":")
            kind = re.sub(r"\d+$", "", name)
            att.setdefault(kind, []).extend(spans.get(tid, []))
        out.append(att)
    return out


def quoted_mask(text: str) -> bytearray:
    """1 for each character inside quotation marks (see the module doc)."""
    mask = bytearray(len(text))
    pos = 0
    for line in text.split("\n"):
        inside, single, i = -1, -1, 0
        while i < len(line):
            two = line[i : i + 2] == "''"
            ch = line[i]
            if two or ch in "\"“”«»":
                w = 2 if two else 1
                nxt = line[i + 1] if i + 1 < len(line) else " "
                if ch == "“" and inside >= 0 and i and not line[i - 1].isspace() and (nxt.isspace() or nxt in ".,;:!?)"):
                    ch = "”"  # a reversed closing mark: ``"It's unusual,“ said Larry Noble``
                if inside < 0 and ch not in "”»":
                    inside, single = i + w, -1
                elif inside >= 0 and ch not in "“«":
                    mask[pos + inside : pos + i] = b"\x01" * (i - inside)
                    inside = -1
                elif inside >= 0:
                    mask[pos + inside : pos + i] = b"\x01" * (i - inside)
                    inside = i + w
                i += w
                continue
            if ch in "'‘’" and inside < 0:
                before = line[i - 1] if i else " "
                after = line[i + 1] if i + 1 < len(line) else " "
                if single < 0 and (before.isspace() or before in ":(") and after.isalpha():
                    single = i + 1
                elif single >= 0 and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
                    mask[pos + single : pos + i] = b"\x01" * (i - single)
                    single = -1
            i += 1
        if inside >= 0:
            mask[pos + inside : pos + len(line)] = b"\x01" * (len(line) - inside)
        pos += len(line) + 1
    return mask


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _annotated(split: str) -> dict[str, list[Path]]:
    """``{article: its .ann files, one per annotator, sorted}`` for ``split``."""
    by_article: dict[str, list[Path]] = {}
    for path in sorted((datasets_dir() / "polnear" / "data" / split / "attributions").glob("*.ann")):
        key, _, _annotator = path.stem.rpartition("_")
        by_article.setdefault(key, []).append(path)
    return {k: sorted(v) for k, v in sorted(by_article.items())}


def load(split: str) -> list[Article]:
    """Each article of ``split`` with the gold of the annotator whose id sorts first."""
    return [_article(split, key, paths[0]) for key, paths in _annotated(split).items()]


def _article(split: str, key: str, ann: Path) -> Article:
    """One article with the direct quotations (and mixed ones) that the annotation file ``ann`` gives."""
    text = (datasets_dir() / "polnear" / "data" / split / "text" / f"{key}.txt").read_text("utf-8")
    art = Article(key, text)
    mask = quoted_mask(text)
    for att in _read_ann(ann):
        art.sources.extend(att.get("Source", [])[:1])
        content = att.get("Content", [])
        if not content:
            continue
        chars = [i for s, e in content for i in range(s, e) if not text[i].isspace()]
        quoted = [i for i in chars if mask[i]]
        if not quoted:
            continue
        s0, _ = trim(text, min(s for s, _ in content), max(e for _, e in content))
        lead = text[s0 - 1 : s0 + 1] if s0 > 0 else text[s0 : s0 + 1]
        direct = len(quoted) >= 0.5 * len(chars) or any(c in "\"“«‘'" for c in lead) or text[s0 : s0 + 2] == "''"
        gs, ge = trim(text, min(quoted), max(quoted) + 1)
        if ge <= gs:
            continue
        if direct:
            art.gold.append(Gold(gs, ge, att.get("Source", [])))
        else:
            art.mixed.append((gs, ge))
    art.sources.sort()
    return art


def agreement(splits: tuple[str, ...] = ("train", "dev")) -> dict:
    """How far the annotators agree with each other, on the articles that several of them annotated.

    Each annotator's direct quotations are scored as predictions against each
    other annotator's, with the protocol that scores ``extract_quotes``
    (:func:`score_article`: exact and overlap, mixed quotations neutral);
    ``extract_quotes`` is scored against every annotator of the same
    articles. The annotators' own exact-span F1 is the ceiling that their
    conventions put on any extractor's.
    """
    from unspun.records import Span

    human: dict[str, int] = {}
    machine: dict[str, int] = {}
    articles = annotators = 0
    for split in splits:
        for key, paths in _annotated(split).items():
            if len(paths) < 2:
                continue
            arts = [_article(split, key, p) for p in paths]
            articles += 1
            annotators += len(arts)
            ours = extract_quotes(arts[0].text)
            for i, gold in enumerate(arts):
                _add(machine, score_article(gold, ours))
                for j, pred in enumerate(arts):
                    if i != j:
                        quotes = [Quote(Span(g.start, g.end), arts[0].text[g.start : g.end]) for g in pred.gold]
                        _add(human, score_article(gold, quotes))
    out: dict = {"splits": list(splits), "articles": articles, "annotations": annotators}
    for name, c in (("annotator_vs_annotator", human), ("unspun_vs_each_annotator", machine)):
        counted = c["pred"] - c["neutral"]
        out[name] = {"exact": _prf(c["exact"], counted, c["gold"]), "overlap": _prf(c["overlap"], counted, c["gold"]),
                     "gold_quotes": c["gold"]}
    return out


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for k, v in counts.items():
        total[k] = total.get(k, 0) + v


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _surname(name: str) -> str | None:
    words = [w.lower().strip("’'") for w in _WORD.findall(name)]
    words = [w for w in words if w not in _HONORIFICS and not w.endswith("’s") and not w.endswith("'s")]
    return words[-1] if words else None


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} | {w.lower()[:-2] for w in _WORD.findall(text)
                                                      if w.lower().endswith(("'s", "’s"))}


def _is_name(source_text: str) -> bool:
    words = source_text.split()
    return any(w[:1].isupper() and w.lower() not in _PRONOUNS and w.lower() not in ("the", "a", "an")
               for w in words)


def speaker_correct(text: str, art: Article, gold: Gold, q: Quote) -> bool:
    if q.speaker is None or q.speaker_span is None:
        return False
    pred = (q.speaker_span.start, q.speaker_span.end)
    if any(_overlap(pred, s) for s in gold.sources):
        return True
    src_text = " ".join(text[s:e] for s, e in gold.sources)
    last = _surname(q.speaker)
    if last and last in _words(src_text):
        return True
    if last and src_text.strip().lower() in _PRONOUNS:
        first = min(s for s, _ in gold.sources)
        before = [s for s in art.sources if s[0] < first and _is_name(text[s[0] : s[1]])]
        if before and last in _words(text[before[-1][0] : before[-1][1]]):
            return True
    return False


def score_article(art: Article, quotes: list[Quote]) -> dict[str, int]:
    text = art.text
    preds = [trim(text, q.span.start, q.span.end) for q in quotes]
    golds = [(g.start, g.end) for g in art.gold]
    pairs = sorted(((_overlap(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                    if _overlap(p, g) > 0), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    c = dict(pred=len(preds), gold=len(golds), exact=0, overlap=0, neutral=0, spk_gold=0, spk_ok=0,
             spk_none=0, spk_nosource=0)
    for ov, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        p, g = preds[i], golds[j]
        if ov < 0.5 * max(p[1] - p[0], g[1] - g[0]):
            continue
        used_p.add(i)
        used_g.add(j)
        c["overlap"] += 1
        c["exact"] += p == g
        gold = art.gold[j]
        if not gold.sources:
            c["spk_nosource"] += 1
            continue
        c["spk_gold"] += 1
        c["spk_none"] += quotes[i].speaker is None
        c["spk_ok"] += speaker_correct(text, art, gold, quotes[i])
    for i, p in enumerate(preds):
        if i not in used_p and any(_overlap(p, m) for m in art.mixed):
            c["neutral"] += 1
    return c


def _prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def evaluate(split: str, *, progress: bool = False) -> dict:
    articles = load(split)
    total: dict[str, int] = {}
    secs = 0.0
    for n, art in enumerate(articles, 1):
        t0 = time.perf_counter()
        quotes = extract_quotes(art.text)
        secs += time.perf_counter() - t0
        for k, v in score_article(art, quotes).items():
            total[k] = total.get(k, 0) + v
        if progress and (n % 50 == 0 or n == len(articles)):
            print(f"{split}: {n}/{len(articles)} articles", file=sys.stderr)
    counted = total["pred"] - total["neutral"]
    out = {"articles": len(articles), "gold_quotes": total["gold"], "predicted": total["pred"],
           "neutral_predictions": total["neutral"],
           "exact": _prf(total["exact"], counted, total["gold"]),
           "overlap": _prf(total["overlap"], counted, total["gold"]),
           "exact_strict": _prf(total["exact"], total["pred"], total["gold"]),
           "overlap_strict": _prf(total["overlap"], total["pred"], total["gold"]),
           "speaker": {"matched_with_source": total["spk_gold"], "correct": total["spk_ok"],
                       "accuracy": round(total["spk_ok"] / total["spk_gold"], 4) if total["spk_gold"] else 0.0,
                       "predicted_none": total["spk_none"], "matched_without_source": total["spk_nosource"]},
           "docs_per_second": round(len(articles) / secs, 1) if secs else None}
    return out


def throughput(repeat: int = 3) -> dict:
    """Documents per second of ``extract_quotes`` over all 1,008 PolNeAR articles, best of ``repeat``."""
    texts = [a.text for split in SPLITS for a in load(split)]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            extract_quotes(t)
        best = min(best, time.perf_counter() - t0)
    words = sum(len(t.split()) for t in texts)
    return {"documents": len(texts), "mean_words": round(words / len(texts)), "seconds": round(best, 3),
            "docs_per_second": round(len(texts) / best, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", nargs="*", default=list(SPLITS))
    ap.add_argument("--out", type=Path, default=RESULT)
    args = ap.parse_args(argv)
    doc: dict = {"bench": "PolNeAR direct quotations and speakers", "reproduce": COMMAND,
                 "tuned_on": "train and dev only", "annotator": "first annotator id (sorted) per article",
                 "gold": "attributions whose content is at least half quoted or opens with a quotation mark; "
                         "span = quoted part of the content",
                 "matching": "one-to-one; exact = equal spans after trimming whitespace and punctuation; "
                             "overlap = intersection >= half the longer span",
                 "precision": "predictions overlapping only a mixed quotation (quoted words inside a mostly "
                              "paraphrased content) are left out; *_strict counts them as false positives",
                 "speaker": "speaker_span overlaps the Source, or the name's last word is in the Source, or "
                            "(Source a pronoun) in the nearest preceding named Source",
                 "test_runs": TEST_RUNS}
    print(f"{'split':6} {'gold':>5} {'pred':>5} {'P exact':>8} {'R exact':>8} {'F1 exact':>8} "
          f"{'P ovl':>6} {'R ovl':>6} {'F1 ovl':>6} {'F1 strict':>9} {'speaker':>7}")
    for split in args.splits:
        r = evaluate(split, progress=True)
        doc[split] = r
        print(f"{split:6} {r['gold_quotes']:5d} {r['predicted']:5d} {r['exact']['precision']:8.3f} "
              f"{r['exact']['recall']:8.3f} {r['exact']['f1']:8.3f} {r['overlap']['precision']:6.3f} "
              f"{r['overlap']['recall']:6.3f} {r['overlap']['f1']:6.3f} {r['overlap_strict']['f1']:9.3f} "
              f"{r['speaker']['accuracy']:7.3f}")
    if set(args.splits) == set(SPLITS):
        print("annotator agreement ...", file=sys.stderr)
        doc["agreement"] = a = agreement()
        print(f"annotators against each other ({a['articles']} train/dev articles annotated by several): exact F1 "
              f"{a['annotator_vs_annotator']['exact']['f1']:.3f}, overlap F1 {a['annotator_vs_annotator']['overlap']['f1']:.3f}; "
              f"unspun against each of them: {a['unspun_vs_each_annotator']['exact']['f1']:.3f}, "
              f"{a['unspun_vs_each_annotator']['overlap']['f1']:.3f}")
        print("throughput ...", file=sys.stderr)
        doc["throughput"] = throughput()
        print(f"throughput: {doc['throughput']['docs_per_second']} docs/s "
              f"({doc['throughput']['mean_words']} words per article)")
        write_json(str(args.out), doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
