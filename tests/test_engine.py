"""The local engine: batches come back in order, in-process or from a pool; small work stays in-process."""

from __future__ import annotations

import os

import pytest

from unspun.engine import LocalEngine, batched


def _square(batch, offset):
    return [x * x + offset for x in batch]


def _where(batch, _options):
    return os.getpid()


def test_map_keeps_batch_order_in_process_and_in_a_pool():
    batches = batched(list(range(40)), 3)
    want = [[x * x + 1 for x in b] for b in batches]
    assert list(LocalEngine(workers=1).map(_square, batches, 1)) == want
    assert list(LocalEngine(workers=2).map(_square, iter(batches), 1)) == want


def test_small_work_runs_in_this_process():
    out = list(LocalEngine(workers=2).map(_where, [[1], [2]], None))  # under min_parallel_batches
    assert set(out) == {os.getpid()}


def test_enough_batches_run_in_worker_processes():
    out = list(LocalEngine(workers=2).map(_where, [[k] for k in range(6)], None))
    assert len(out) == 6 and os.getpid() not in out


class _PicklingEngine:
    """What a distributed engine does with a stage: each call pickled to a fresh interpreter (spawned, not
    forked, so nothing of this process's state goes with it) and its result pickled back."""

    def __init__(self, pool):
        self.pool, self.stages = pool, set()

    def map(self, fn, batches, options, *, parallel=True):
        import pickle

        self.stages.add(fn.__name__)
        for blob in [self.pool.submit(_call, pickle.dumps((fn, b, options))) for b in batches]:
            yield pickle.loads(blob.result())


def _call(blob):
    import pickle

    fn, batch, options = pickle.loads(blob)
    return pickle.dumps(fn(batch, options))


def test_stages_run_unchanged_by_an_engine_that_pickles_them_to_another_interpreter(tmp_path):
    """README, "Library": a stage knows nothing of how it is scheduled."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from unspun import analyze, open_store
    from unspun.export import export

    from conftest import DEMO

    def analysed(engine) -> dict:
        with open_store(":memory:") as store:
            analyze(store, [str(DEMO / "corpus")], engine=engine)
            doc = export(store)
        return {k: doc[k] for k in ("relations", "stories", "families", "quotes")} | {
            "spin": [a.get("spin") for a in doc["articles"]]}

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        engine = _PicklingEngine(pool)
        got = analysed(engine)
    assert {"extract_batch", "flag_batch", "fingerprint_batch", "align_batch", "judge_batch"} <= engine.stages
    assert got == analysed(LocalEngine(workers=1))
    assert len(got["relations"]) == 21


_ORPHANS = """
import os, signal, sys, time
from unspun.engine import LocalEngine

def slow(batch, _options):
    time.sleep(0.3 if batch[0] < 4 else 60)
    return os.getpid()

if __name__ == "__main__":
    seen = set()
    for pid in LocalEngine(workers=2).map(slow, [[k] for k in range(8)], None):
        seen.add(pid)
        if len(seen) == 2:
            print(*sorted(seen), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # killed outright, batches of a minute still in its workers
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\\tZ" not in next(line for line in f if line.startswith("State:"))  # a zombie has exited
    except (FileNotFoundError, StopIteration):
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    """QA: ``analyze`` killed by a signal left its two pool workers alive for ever, blocked on a pipe it no longer
    read (holding a terminal's pipe open and their memory)."""
    import subprocess
    import sys
    import time

    script = tmp_path / "orphans.py"
    script.write_text(_ORPHANS)
    out = tmp_path / "pids.txt"
    with open(out, "w") as f:  # a file, not a pipe, which the workers would hold open
        subprocess.run([sys.executable, str(script)], stdout=f, stderr=subprocess.DEVNULL, timeout=60)
    pids = [int(p) for p in out.read_text().split()]
    assert len(pids) == 2, out.read_text()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in pids if _alive(p)]
    for p in left:
        os.kill(p, 9)
    assert not left, "pool workers outlived their killed parent"
