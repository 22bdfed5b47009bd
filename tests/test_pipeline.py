"""Pipeline bookkeeping: learned furniture re-cleans what it must, also after a crash."""

from __future__ import annotations

import pytest

from unspun.ingestion import ingest
from unspun.pipeline import learn_furniture
from unspun.store import open_store

BODIES = [
    "The council voted 7-2 to close the bridge for repairs. Work starts in May.",
    "A fire destroyed the old mill on Sunday. Nobody was hurt, officials said.",
    "The school board approved a new budget of $4 million for next year.",
    "Farmers expect a record harvest after a wet spring, the union said.",
    "The museum will reopen on Friday after a two-year renovation.",
    "Police arrested two men after a chase through the city centre at night.",
]
HEADER = "Gazette Online | Your town, your news"
FOOTER = "Home | About | Contact | Advertise"


def _pages(tmp_path):
    folder = tmp_path / "gazette"
    folder.mkdir()
    for i, body in enumerate(BODIES):
        others = "\\n".join(f"{b} (Story {i}, paragraph {k}.)" for k, b in enumerate(BODIES) if k != i)
        (folder / f"p{i}.jsonl").write_text(
            '{"url": "https://gazette.example/%d", "text": "%s\\n%s\\n%s\\n%s"}\n' % (i, HEADER, body, others, FOOTER))
    return folder


def test_pipeline_learned_furniture_is_removed_from_every_page(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        ingest(store, [str(_pages(tmp_path))])
        assert all(HEADER in a.text for a in store.articles())  # one page at a time: not yet known
        assert learn_furniture(store) == len(BODIES)
        for art in store.articles():
            assert HEADER not in art.text and FOOTER not in art.text
            assert HEADER in art.raw_text
            assert any(r.kind == "site-repeated" and r.text == HEADER for r in art.removals)
        assert learn_furniture(store) == 0  # nothing left to do


def test_pipeline_relearning_resumes_after_a_crash(tmp_path, monkeypatch):
    db = tmp_path / "g.db"
    with open_store(db) as store:
        ingest(store, [str(_pages(tmp_path))])
        real = store.update_cleaned
        calls = {"n": 0}

        def crash_on_third(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt("killed")
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "update_cleaned", crash_on_third)
        with pytest.raises(KeyboardInterrupt):
            learn_furniture(store)
    with open_store(db) as store:
        assert sum(HEADER in a.text for a in store.articles()) == len(BODIES) - 2
        assert learn_furniture(store) == len(BODIES) - 2
        assert not any(HEADER in a.text for a in store.articles())


def test_pipeline_new_pages_of_a_known_site_are_cleaned_on_ingest(tmp_path):
    with open_store(tmp_path / "g.db") as store:
        ingest(store, [str(_pages(tmp_path))])
        learn_furniture(store)
        late = tmp_path / "late.jsonl"
        late.write_text('{"url": "https://gazette.example/99", "text": "%s\\nThe mayor resigned.\\n%s"}\n'
                        % (HEADER, FOOTER))
        ingest(store, [str(late)])
        art = next(a for a in store.articles() if a.url.endswith("/99"))
        assert art.text == "The mayor resigned."
        assert learn_furniture(store) == 0
