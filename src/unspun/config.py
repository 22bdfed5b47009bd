"""Options for every stage, in one place, as dataclasses with defaults.

Parameters are in the user's terms (a Jaccard threshold, not bands and rows);
the derived values can still be overridden.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How readers find text and metadata in tabular inputs and guard against huge inputs."""

    text_field: str = "text"
    url_field: str = "url"
    title_field: str = "title"
    date_field: str = "date"
    site_field: str = "site"
    max_article_bytes: int = 5_000_000
    """An article (a text file, an HTML page, a WARC record, a JSONL line) larger than this is refused."""


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Furniture removal."""

    min_site_pages: int = 3
    """A line is learned as a site's furniture when at least this many unrelated pages of the site carry it."""
    max_furniture_line_chars: int = 300
    """Longer lines are never learned as site furniture."""
    patterns: bool = True
    """Remove common scraper and CMS leftovers ("Leave a Reply", "Source link", share buttons, ...)."""


LEAD_TOKENS = 64
"""The article embedding reads the title and the lead up to 64 word pieces (about 45 words: the title and
the first sentence or two, where news states its event). 128 read more but cost 2.5x the time on a CPU
without AMX (34 against 85 leads/s on 2 cores), which put 10k articles over five minutes there. Chosen on
SemEval-2022 train (same-story Pearson en-en 0.868 at 128, 0.847 at 64 after refitting) and the train-split
rewrite recall (1.00 against 0.995); ``bench/eval_semeval.py``, ``bench/bench_recall.py --split train``.
Those speeds are torch's in float32; leads now go through an int8 ONNX export (``fingerprint.embed.embed_leads``),
about 117 leads/s at 64 word pieces."""


@dataclass(frozen=True, slots=True)
class FingerprintOptions:
    """Which fingerprints to compute and with what parameters."""

    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1
    immutables_perm: int = 64
    embed: bool = True
    """Embed each article's lead with all-MiniLM-L6-v2 (the costly part; off gives MinHash and immutables only)."""
    embed_max_tokens: int = LEAD_TOKENS
    """Word pieces of title + lead the article's embedding sees (see ``LEAD_TOKENS``)."""
    sentence_max_tokens: int = 128
    """Word pieces of one sentence the aligner's embeddings see (news sentences rarely need more)."""
    embed_batch_size: int = 32


@dataclass(frozen=True, slots=True)
class CandidateOptions:
    """Which pairs to propose and keep. Thresholds are in the user's terms."""

    jaccard: float = 0.3
    """Near-verbatim: estimated Jaccard of word shingles at or above this."""
    containment: float = 0.5
    """Partial and truncated copies: estimated containment of either side at or above this."""
    immutables_jaccard: float = 0.25
    """Rewrites: Jaccard of the invariant tokens (names, numbers) at or above this."""
    embedding_cosine: float = 0.65
    """Rewrites and same-story pairs: cosine of the lead embeddings at or above this.

    Chosen on MRPC train paraphrase articles (bench/bench_recall.py --split train)."""
    embedding_neighbours: int = 20
    """How many nearest neighbours to ask the ANN index for, per article."""
    shingle_bands: int | None = None
    """LSH bands over the shingle signature; derived from the thresholds when None."""
    immutables_bands: int | None = None
    min_words: int = 8
    """Articles with fewer words (empty, or furniture only) are never paired."""
    min_immutable_features: int = 8
    """Immutables count as evidence only between articles with this many invariant features
    (tokens and consecutive pairs): one shared name is not a rewrite."""
    max_bucket: int = 500
    """An LSH bucket with more articles than this is paired as a star around its first member."""
    max_identical: int = 10
    """More copies of one identical text than this (the very same words: a wire story run by many sites) make a
    family around its earliest-dated copy (then the first ingested): each copy is paired with that one only, and
    any other article that pairs with a copy is paired with that one instead. So n copies make n - 1 relations, not
    n(n - 1)/2, and an article quoting them is related to one copy, not to each. Up to this many, every pair is
    related."""
    grams: bool = True
    """Pair articles that share runs of rare content words (:mod:`unspun.fingerprint.grams`): a few paragraphs spun
    into another text. Off, such paragraphs are found only when the other indexes pair their articles."""


@dataclass(frozen=True, slots=True)
class Options:
    read: ReadOptions = field(default_factory=ReadOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    fingerprint: FingerprintOptions = field(default_factory=FingerprintOptions)
    candidates: CandidateOptions = field(default_factory=CandidateOptions)
