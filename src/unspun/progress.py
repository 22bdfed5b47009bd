"""Progress on stderr for long work (rich), silent when quiet."""

from __future__ import annotations

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
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.console, transient=False)
        with progress:
            tid = progress.add_task(description, total=total)
            yield _Task(progress, tid)

    def warn(self, message: str) -> None:
        """Shown even when quiet: something the user must know about the results."""
        self.console.print(message, highlight=False, style="yellow")

    def log(self, message: str) -> None:
        if not self.quiet:
            self.console.print(message, highlight=False)


class _Task:
    def __init__(self, progress: Progress | None, tid: object) -> None:
        self._p, self._t = progress, tid

    def advance(self, n: int = 1) -> None:
        if self._p is not None:
            self._p.advance(self._t, n)

    def describe(self, text: str) -> None:
        if self._p is not None:
            self._p.update(self._t, description=text)


QUIET = Reporter(quiet=True)
