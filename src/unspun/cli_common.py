"""What every ``unspun`` command shares: opening the store, JSON output, common options, ids."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps

import click

from .records import CONTROL, printable
from .store import SQLiteStore, open_store


def _open(db: str, *, must_exist: bool = False) -> SQLiteStore:
    import os

    if must_exist and db != ":memory:" and not os.path.exists(db):
        raise click.ClickException(f"{db}: no such database (run 'unspun ingest {db} PATH...' first)")
    try:
        store = open_store(db)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    store.on_wait = lambda message: click.echo(message, err=True)  # a write held up by another process's says so
    return store


def warn_not_analysed(store: SQLiteStore, db: str) -> None:
    """Say on stderr how many stored articles no ``analyze`` has reached (found by QA: after ``ingest`` alone, export,
    report, quotes, spin and the JSON of stories and sources came out as for an analysed store that shares nothing,
    without a word)."""
    from .config import FingerprintOptions
    from .fingerprint import Schemes

    n = store.count_without_fingerprint(Schemes.of(FingerprintOptions()).shingles)  # each reading command: cheap
    if n:
        click.echo(f"warning: {n} of {store.count_articles()} stored article(s) not analysed yet, so what they share "
                   f"with other articles is not in this output: run 'unspun analyze {db}' first", err=True)
        return
    pairs = store.unaligned_pairs()  # ``unspun candidates`` alone proposes pairs that no analyze has aligned (QA)
    if pairs:
        click.echo(f"warning: {pairs} candidate pair(s) not aligned yet, so what they share is not in this output: "
                   f"run 'unspun analyze {db}' first", err=True)


def _emit_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def quiet_option(fn: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")(fn)


def quiet_accepted(fn: Callable) -> Callable:
    """``-q`` on a command that shows no progress: accepted, so that every command takes it."""
    return click.option("--quiet", "-q", is_flag=True, expose_value=False,
                        help="Accepted like everywhere; this command shows no progress.")(fn)


def json_option(fn: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")(fn)


def _resolve_id(store: SQLiteStore, article_id: str) -> str:
    try:
        return store.resolve_id(article_id)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None


def handle_broken_pipe(fn: Callable) -> Callable:
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:  # `unspun ... | head`
            _output_nowhere()  # found in review: a buffered stdout's last flush at exit met the pipe again (status 120)
            sys.stderr.close()
            sys.exit(0)
        except sqlite3.OperationalError as exc:  # QA: a read-only store, a full disk, a lock held too long
            db = kwargs.get("db") or (args[0] if args else "the store")
            if "readonly" in str(exc):
                raise click.ClickException(
                    f"{db}: the store is read-only (its file or folder can't be written), and this command writes "
                    f"to it (ingest, analyze, serve, candidates; quotes and spin until the store is analysed: run "
                    f"'unspun analyze {db}' where it can be written); articles, show, export, sources, quotes, spin, "
                    "check and report read an analysed store as it is") from None
            if "disk is full" in str(exc):  # QA: the cause is known, so say it, not the list of guesses below
                raise click.ClickException(
                    f"{db}: cannot use the store: {exc} (the disk that holds it is full, or the store file reached a "
                    "size limit, ulimit -f): free some space and run the command again; what was stored before is "
                    "kept") from None
            if "database is locked" in str(exc):  # QA: after a minute's wait, the cause is known too
                raise click.ClickException(
                    f"{db}: cannot use the store: {exc} (another process has held a write to it for over a minute: "
                    "an 'unspun ingest' or 'serve', or another program writing it): run the command again when it "
                    "is done; what was stored before is kept") from None
            raise click.ClickException(
                f"{db}: cannot use the store: {exc} (a read-only file or folder? a full disk, or a file size limit "
                "(ulimit -f)? another process holding it for over a minute?); what was stored before is kept") from None
        except sqlite3.DatabaseError as exc:  # QA: a store damaged past its first pages ended in a traceback
            if type(exc) is not sqlite3.DatabaseError:  # an IntegrityError or ProgrammingError is a bug: shown
                raise
            db = kwargs.get("db") or (args[0] if args else "the store")
            raise click.ClickException(
                f"{db}: the store file is damaged ({exc}): restore it from a backup (the sqlite3 shell's .recover "
                "saves what can still be read)") from None
        except OSError as exc:
            if exc.errno not in _OUTPUT_FULL:
                raise
            if exc.filename is not None:  # QA: a file or folder of ours on a full disk (the model's export)
                raise click.ClickException(f"{printable(os.fsdecode(exc.filename))}: {exc.strerror or exc}") from None
            _output_nowhere()  # standard output could not be written (``> /dev/full``)
            raise click.ClickException(f"cannot write the output: {exc.strerror or exc}") from None
    return wrapper


def _output_nowhere() -> None:
    """Send what is left unwritten on standard output, which can't be written, nowhere: not to a pipe or a disk that
    would raise again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


_OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT})
"""What writing to a full or failing standard output raises (an error naming no file)."""


def _short(s: str | None, n: int = 50) -> str:
    """``s`` on one line, at most ``n`` characters; control characters (a title's ESC or form feed, which a
    terminal would act on, a right-to-left override) are spaces."""
    s = CONTROL.sub(" ", s or "")
    return s if len(s) <= n else s[: n - 1] + "…"
