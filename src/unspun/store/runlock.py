"""One ``analyze`` at a time per store: a second run waits for the first, saying so, rather than redo its work.

Two runs side by side are safe (each stage stores what it makes in transactions and finds what the store lacks),
but each would embed, align and judge everything the other is doing, and the first would report a half-done
store. The lock is a POSIX record lock (``lockf``) on a file beside the store (``DB.analyze.lock``): a run that is
killed releases it, and the worker processes a run forks do not hold it (they would, with ``flock``, and outlive
a killed parent). Since a POSIX lock belongs to a process, threads of one process are serialised by a lock of the
process's own per store file, taken first; a run nested in a run of the same store in one thread goes on inside
it. The file is removed when the run ends.
Where ``lockf`` does not exist (Windows) or the folder can't be written (a read-only store: analyze fails there
anyway, saying why), runs are not serialised.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


_GUARD = threading.Lock()
_THREADS: dict[str, threading.Lock] = {}
"""The lock of each store file (by :func:`lock_path`) that this process's threads take before the file's."""
_HELD = threading.local()
"""The lock paths this thread holds (``paths``), so that a nested run of the same store goes on inside."""


def lock_path(db: str) -> str:
    """Beside the store's file itself: a store opened through a symbolic link (or by another name of it) locks the
    same file (review: a run through a link beside one through the path ran at once)."""
    return f"{os.path.realpath(db)}.analyze.lock"


@contextmanager
def run_lock(db: str, waiting: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold the analyze lock of the store at ``db`` for the block; ``waiting`` is called once, with a readable
    line, when another process holds it and this one waits."""
    if fcntl is None or db == ":memory:":
        yield
        return
    path = lock_path(db)
    held = _HELD.__dict__.setdefault("paths", set())
    if path in held:  # this thread runs it already: an inner run inside the outer one
        yield
        return
    with _GUARD:
        mine = _THREADS.setdefault(path, threading.Lock())
    if not mine.acquire(blocking=False):
        waiting(f"waiting: another 'unspun analyze' of {db} is running in this process; this one goes on when it "
                "ends, with what it left to do")
        mine.acquire()
    held.add(path)
    try:
        with _file_lock(db, path, waiting):
            yield
    finally:
        held.discard(path)
        mine.release()


@contextmanager
def _file_lock(db: str, path: str, waiting: Callable[[str], None]) -> Iterator[None]:
    """The POSIX lock on ``path``, between processes."""
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            fd = None  # a folder that can't be written: no lock (and no writes, which fail saying why)
        if fd is None:
            break
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            if not told:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                waiting(f"waiting: another 'unspun analyze' of {db} is running"
                        + (f" (process {holder})" if holder.isdigit() else "")
                        + "; this one goes on when it ends, with what it left to do")
                told = True
            fcntl.lockf(fd, fcntl.LOCK_EX)
        # the holder before removed the file on its way out: a lock on the removed file locks nothing
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    if fd is None:
        yield
        return
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)  # releases the lock, after the file is gone: a waiter then finds it removed and locks anew
