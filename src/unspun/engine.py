"""Engines run a stage over batches; stages never know how they are scheduled.

A stage is a plain function ``fn(batch, options) -> list[records]``, pure and
picklable. ``LocalEngine`` runs it in this process or in a pool of local
processes; a distributed engine (Spark, Ray, ...) would run the same function
over partitions of the same batches.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections import deque
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

B = TypeVar("B")
R = TypeVar("R")


@dataclass(slots=True)
class LocalEngine:
    """Runs stages in up to ``workers`` local processes (in-process when 1 or work is small)."""

    workers: int = 0
    """0 means one per CPU core."""
    pool: str = "process"
    """``process`` for stages that run Python code; ``thread`` for stages that spend their
    time in numpy (which releases the GIL), saving the cost of pickling batches."""
    min_parallel_batches: int = 4

    def map(self, fn: Callable[[B, Any], R], batches: Iterable[B], options: Any, *,
            parallel: bool = True) -> Iterator[R]:
        """Yield ``fn(batch, options)`` for every batch, in order; batches are read lazily."""
        it = iter(batches)
        head = list(itertools.islice(it, self.min_parallel_batches))
        workers = self.workers or os.cpu_count() or 1
        if not parallel or workers <= 1 or len(head) < self.min_parallel_batches:
            for batch in itertools.chain(head, it):
                yield fn(batch, options)
            return
        window = 2 * workers  # bounded: only this many batches are in flight
        if self.pool == "thread":
            executor: Executor = ThreadPoolExecutor(max_workers=workers)
        else:  # fork starts workers in milliseconds; a stage that runs the encoder makes its own in each worker,
            # on one thread (the parent's thread pools are not carried over by a fork)
            ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
            executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_exit_with_parent,
                                           initargs=(os.getpid(),))
        with executor as pool:
            pending: deque = deque()
            for batch in itertools.chain(head, it):
                pending.append(pool.submit(fn, batch, options))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


ORPHAN_POLL_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """In a pool's worker: exit when the process that started it is gone. A parent killed outright (``kill``, a
    scheduler's SIGTERM, the out-of-memory killer) leaves its workers behind, blocked for ever on a pipe it no
    longer reads (found by QA: two workers held a terminal's pipe open after ``analyze`` was killed)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="unspun-exit-with-parent", daemon=True).start()


def batched(items: Sequence[B], size: int) -> list[Sequence[B]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
