"""A light spin swaps few enough words to pass for a copy: its verdict must still say machine spin."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from unspun.cli import cli

from conftest import DEMO

SWAPS = {"agreed": "concurred", "plan": "strategy", "build": "assemble", "first": "initial", "project": "venture",
         "history": "background", "announced": "declared", "decided": "resolved", "forced": "compelled",
         "expect": "anticipate", "strengthen": "fortify", "funds": "finances", "risk": "hazard"}


def test_spin_a_lightly_spun_copy_gets_a_machine_spin_verdict(tmp_path):
    original = (DEMO / "texts" / "original.txt").read_text("utf-8")
    spun = re.sub(r"\b(" + "|".join(SWAPS) + r")\b", lambda m: SWAPS[m.group(1)], original)
    assert 5 <= sum(a != b for a, b in zip(original.split(), spun.split())) <= 40
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(original, "utf-8")
    (tmp_path / "corpus" / "b.txt").write_text(spun, "utf-8")
    (tmp_path / "corpus" / "c.txt").write_text(original.replace("Port Calder", "Port  Calder"), "utf-8")
    db = str(tmp_path / "s.db")
    run = CliRunner().invoke
    assert run(cli, ["analyze", db, str(tmp_path / "corpus"), "--no-embed", "--quiet"]).exit_code == 0
    doc = json.loads(run(cli, ["export", db]).stdout)
    src = {a["id"]: a["source"].rsplit("/", 1)[-1] for a in doc["articles"]}
    rels = {frozenset((src[r["a"]], src[r["b"]])): r for r in doc["relations"]}
    light = rels[frozenset(("a.txt", "b.txt"))]
    assert light["kind"] in ("duplicate", "copy")
    assert light["spin"]["verdict"] == "machine_spin"
    pair = ("agreed", "concurred") if src[light["a"]] == "a.txt" else ("concurred", "agreed")
    assert {"from": pair[0], "to": pair[1]} in light["spin"]["replaced"]
    assert "spin" not in rels[frozenset(("a.txt", "c.txt"))]  # the same words: nothing to judge
