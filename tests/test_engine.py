"""The local engine: batches come back in order, in-process or from a pool; small work stays in-process."""

from __future__ import annotations

import os

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
