"""Loaders for the real labelled datasets in ../shared/datasets (see its README)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path


def datasets_dir() -> Path:
    env = os.environ.get("UNSPUN_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


@dataclass(frozen=True)
class Doc:
    key: str
    text: str
    title: str | None = None
    site: str | None = None
    published: str | None = None


def polnear(splits: tuple[str, ...] = ("train", "dev", "test")) -> list[Doc]:
    """PolNeAR's full news articles, with publisher, date and title from metadata.tsv."""
    root = datasets_dir() / "polnear" / "data"
    meta = {}
    with open(root / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    out = []
    for split in splits:
        for path in sorted((root / split / "text").glob("*.txt")):
            m = meta.get(path.stem, {})
            out.append(Doc(f"polnear/{split}/{path.stem}", path.read_text("utf-8"), m.get("title"),
                           m.get("publisher"), m.get("publication_date")))
    return out


def clough_stevenson() -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """(sources by task, answers as (file, task, category, text)); categories cut/light/heavy/non."""
    root = datasets_dir() / "clough_stevenson_short_answers"
    sources = {t: (root / f"orig_task{t}.txt").read_text("utf-8", errors="replace") for t in "abcde"}
    answers = []
    with open(root / "file_information.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Category"] == "orig":
                continue
            text = (root / row["File"]).read_text("utf-8", errors="replace")
            answers.append((row["File"], row["Task"], row["Category"], text))
    return sources, answers


def mrpc(split: str) -> list[tuple[int, str, str]]:
    """(quality, sentence 1, sentence 2) of MRPC train or test."""
    path = datasets_dir() / "mrpc" / f"msr_paraphrase_{split}.txt"
    out = []
    with open(path, encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                out.append((int(parts[0]), parts[3], parts[4]))
    return out


def write_json(path: str, result: object) -> None:
    """Write a bench result as indented JSON, making its folder first."""
    import json
    import os

    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


def cached_sentences(text: str, cache: str | None, prefix: str, *, normalize: bool = False):
    """``Sentences`` of ``text`` with MiniLM sentence embeddings, kept in ``cache`` (a folder) between runs."""
    import hashlib

    import numpy as np

    from unspun.align.align import Sentences
    from unspun.segment import segment

    spans = segment(text)[1]
    texts = [s.of(text) for s in spans]
    path = os.path.join(cache, f"{prefix}-" + hashlib.sha1(text.encode()).hexdigest() + ".npy") if cache else None
    vecs = np.load(path) if path and os.path.exists(path) else None
    if vecs is None or len(vecs) != len(texts):
        from unspun.fingerprint.embed import embed

        vecs = np.asarray(embed(texts), dtype=np.float32)
        if path:
            os.makedirs(cache, exist_ok=True)
            np.save(path, vecs)
    if normalize:
        vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    return Sentences.of(text, spans, vecs)
