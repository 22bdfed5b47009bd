"""Progress on stderr (unspun.progress): plain lines for a log."""

from __future__ import annotations

from unspun.progress import Reporter, _LineTask


def test_line_task_prints_its_last_line_once(monkeypatch, capsys):
    """QA: a file ingested in over 15 s printed its final line twice (the advance that ended it, then done)."""
    monkeypatch.setattr(_LineTask, "EVERY", 0.0)
    with Reporter().task("ingest", total=2) as task:
        task.advance()
        task.advance()
    lines = [line.rsplit(" ", 1)[0] for line in capsys.readouterr().err.splitlines()]
    assert lines == ["ingest: 0/2 (0%)", "ingest: 1/2 (50%)", "ingest: 2/2 (100%)"]


def test_line_task_shows_a_unit_done_in_part_as_a_share(monkeypatch, capsys):
    """A file read in part advances its task by the share read: the count stays whole, the percentage moves."""
    monkeypatch.setattr(_LineTask, "EVERY", 0.0)
    with Reporter().task("ingest", total=1) as task:
        task.advance(0.25)
        task.advance(0.75)
    lines = [line.rsplit(" ", 1)[0] for line in capsys.readouterr().err.splitlines()]
    assert lines == ["ingest: 0/1 (0%)", "ingest: 0/1 (25%)", "ingest: 1/1 (100%)"]
