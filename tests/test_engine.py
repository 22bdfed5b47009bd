"""The local engine: order kept, small work in-process, worker processes limited to a thread count."""

from __future__ import annotations

import os
import sys

import pytest

from unspun.engine import LocalEngine, batched


def _square(batch, offset):
    return [x * x + offset for x in batch]


def _where(batch, _options):
    return os.getpid(), os.environ.get("OMP_NUM_THREADS"), "torch" in sys.modules


def test_map_keeps_batch_order_in_process_and_in_a_pool():
    batches = batched(list(range(40)), 3)
    want = [[x * x + 1 for x in b] for b in batches]
    assert list(LocalEngine(workers=1).map(_square, batches, 1)) == want
    assert list(LocalEngine(workers=2).map(_square, iter(batches), 1)) == want


def test_small_work_runs_in_this_process():
    out = list(LocalEngine(workers=2).map(_where, [[1], [2]], None))  # under min_parallel_batches
    assert {pid for pid, _, _ in out} == {os.getpid()}


def test_workers_are_limited_to_the_threads_asked_for():
    out = list(LocalEngine(workers=2).map(_where, [[k] for k in range(6)], None, threads=1))
    assert all(pid != os.getpid() for pid, _, _ in out)
    assert {threads for _, threads, _ in out} == {"1"}


def test_workers_are_spawned_not_forked_once_this_process_has_torch():
    pytest.importorskip("torch")  # loaded here: a forked worker would inherit it (and its OpenMP state)
    out = list(LocalEngine(workers=2).map(_where, [[k] for k in range(4)], None, threads=1))
    assert not any(has_torch for _, _, has_torch in out)
