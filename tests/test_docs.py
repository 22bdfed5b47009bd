"""The documentation keeps up with the code (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import re

import pytest

from unspun.cli import cli

from conftest import REPO

README = REPO / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    assert README.is_file(), f"{README} is missing"
    return README.read_text("utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_docs_readme_mentions_every_command(readme: str, command: str):
    assert re.search(rf"\bunspun {command}\b", readme), f"'unspun {command}' is not in README.md"


@pytest.mark.parametrize("make_command", ["make demo", "make test"])
def test_docs_readme_has_the_two_make_commands(readme: str, make_command: str):
    assert re.search(rf"^{make_command}\b", readme, re.MULTILINE), f"no line starting '{make_command}' in README.md"


@pytest.mark.parametrize("target", ["demo", "test"])
def test_docs_make_targets_exist(target: str):
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"Makefile has no '{target}' target"


def test_docs_ci_runs_make_test():
    script = (REPO / ".ci" / "run").read_text("utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "make test" in commands


def _run(code: str, where: str) -> None:
    exec(compile(code, where, "exec"), {"__name__": "__example__"})


def test_docs_readme_library_example_runs(readme: str, tmp_path, monkeypatch, capsys):
    """The README's "Library" example, as written, from a folder holding the demo corpus."""
    section = readme.split("\n## Library\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo").symlink_to(REPO / "demo", target_is_directory=True)
    _run(code, "README.md")
    out = capsys.readouterr().out
    assert out.startswith("9 new articles")
    assert "a137 derives from 99224185c5f7ced5 copy a->b" in out
    assert "d48d0cd7643a5a5c None likely_spun" in out  # the machine-spun copy
    assert "a137af45239a1d81 duplicate" in out  # check: the text is the stored truncated copy's words


def test_docs_readme_records_example_runs(readme: str, capsys):
    """The README's example of ``ingest_records`` (the Library section's second), as written."""
    section = readme.split("\n## Library\n", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.*?)```", section, re.DOTALL)[1]
    _run(code, "README.md")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 new, [\"- (item=3): no text field 'text' (--text-field)\"]"
    assert " https://paper.example/bridge 2024-05-14T18:00:00-04:00 Ann Lee, Bo Chan" in out[1]  # no utm_source
    assert out[-1] == "0 new the second time"


def test_docs_package_docstring_example_runs(tmp_path, monkeypatch, capsys):
    """Found by QA: the example in ``unspun.__doc__`` called ``analyze`` without importing it."""
    import shutil
    import textwrap

    import unspun

    code = textwrap.dedent(unspun.__doc__.split("::\n", 1)[1].split("\n\n``", 1)[0])
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPO / "demo" / "corpus" / "warc" / "demo.warc.gz", tmp_path / "crawl.warc.gz")
    shutil.copytree(REPO / "demo" / "corpus" / "text", tmp_path / "exports")
    _run(code, "unspun/__init__.py")
    out = capsys.readouterr().out
    assert "99224185c5f7ced5 9e9f007f3412d155 rewrite a->b" in out  # the crawl's wire story and its rewrite
    assert " copy " in out  # and the truncated copy in exports/
