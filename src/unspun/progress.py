"""Progress on stderr for long work (rich), silent when quiet.

On a terminal, rich's live bars. When stderr is a file or a pipe (a log, a
job scheduler), rich would print each bar once, at its end; there a task
prints a plain line now and then instead (``stage: 1200/5000 (24%) 0:01:10``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Reporter:
    """Hands out progress tasks; a quiet reporter hands out no-ops."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True)

    @contextmanager
    def task(self, description: str, total: int | None = None) -> Iterator[_Task]:
        if self.quiet or total == 0:
            yield _Task(None, None)
            return
        if not self.console.is_terminal:
            line = _LineTask(description, total)
            yield line  # type: ignore[misc]
            line.done()
            return
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.console, transient=False)
        with progress:
            tid = progress.add_task(description, total=total)
            yield _Task(progress, tid)

    def warn(self, message: str) -> None:
        """Shown even when quiet: something the user must know about the results."""
        self.console.print(message, highlight=False, style="yellow", soft_wrap=True)

    def log(self, message: str) -> None:
        if not self.quiet:
            self.console.print(message, highlight=False)


class _Task:
    def __init__(self, progress: Progress | None, tid: object) -> None:
        self._p, self._t = progress, tid

    def advance(self, n: float = 1) -> None:
        if self._p is not None:
            self._p.advance(self._t, n)

    def describe(self, text: str) -> None:
        if self._p is not None:
            self._p.update(self._t, description=text)


class _LineTask:
    """Progress as plain lines on stderr, for a log: at the start, every ``EVERY`` seconds and at the end (unless the
    last line printed already said the same). ``advance`` takes a share of a unit (a part of a file read): the count
    shows the units done, the percentage the shares."""

    EVERY = 15.0

    def __init__(self, description: str, total: int | None) -> None:
        self.description, self.total, self.n = description, total, 0
        self.start = self.last = time.monotonic()
        self._shown: tuple[str, float] | None = None
        self._print()

    def _print(self) -> None:
        elapsed = time.strftime("%H:%M:%S", time.gmtime(time.monotonic() - self.start))
        of = f"/{self.total} ({100 * self.n / self.total:.0f}%)" if self.total else ""
        print(f"{self.description}: {int(self.n)}{of} {elapsed}", file=sys.stderr, flush=True)

    def advance(self, n: float = 1) -> None:
        self.n += n
        now = time.monotonic()
        if now - self.last >= self.EVERY:
            self.last = now
            self._print()
            self._shown = (self.description, self.n)

    def describe(self, text: str) -> None:
        self.description = text

    def done(self) -> None:
        if self._shown != (self.description, self.n):  # QA: the advance that ended a long task printed it already
            self._print()


QUIET = Reporter(quiet=True)
