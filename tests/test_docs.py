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
