"""Write the report: one page per story, pair and article, an index with the search, and the static files.

Every page is rendered by Jinja2 with autoescaping on; page links are
relative, so the folder opens from disk (``file://``) with no server or network.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from ..progress import QUIET, Reporter
from ..records import Article
from . import pages
from .model import Model, article_page, pair_page, story_page


@dataclass(frozen=True, slots=True)
class Written:
    out: Path
    pages: int


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("unspun.report", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{float(x or 0):.0%}"
    env.filters["num"] = lambda x: f"{float(x or 0):.2f}"
    return env


def _write(path: Path, html: str) -> None:
    """Write a page whole or not at all: into a file beside it, then put in its place (QA: a full disk left
    index.html cut short, which a browser shows as if it were whole, over the last whole one). As writing in place
    did, a page written again keeps its file's mode, and a link to a page elsewhere stays a link (found in review: the
    mode set for a web server was reset by the next report, and a link was replaced by a file)."""
    target = Path(os.path.realpath(path))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        if target.exists():
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_MARK = b'<a class="brand" href="../index.html">unspun report</a>'


def _written_here(path: Path) -> bool:
    """Whether ``path`` is a page an unspun report wrote (its header's brand link): the folder named for a report
    can hold a reader's own pages (a crawl's ``article/`` folder of saved HTML), which are no stale pages of ours."""
    try:
        with path.open("rb") as f:
            return _MARK in f.read(4096)
    except OSError:
        return False


def build(doc: Mapping, texts: Mapping[str, Article], out_dir: str | Path, *,
          reporter: Reporter = QUIET) -> Written:
    """Write the site for export document ``doc`` (``unspun.export/1``) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = Model.build(doc, texts)
    env = environment()
    static = resources.files("unspun.report") / "static"
    for sub in ("static", "story", "pair", "article"):
        (out / sub).mkdir(exist_ok=True)
    for item in static.iterdir():
        if item.is_file():
            with resources.as_file(item) as src:
                shutil.copyfile(src, out / "static" / item.name)
    stories = list(doc.get("stories", []))
    pairs = [r for r in doc.get("relations", []) if model.has_page(r)]
    total = 1 + len(stories) + len(pairs) + len(model.meta)
    live = {s["id"] for s in stories}
    moved = {old: new for old, new in (doc.get("stories_moved") or {}).items() if new in live and old not in live}
    total += len(moved)
    wanted = {out / story_page(s["id"]) for s in stories} | {out / pair_page(r["a"], r["b"]) for r in pairs} \
        | {out / article_page(aid) for aid in model.meta} | {out / story_page(old) for old in moved}
    for sub in ("story", "pair", "article"):  # pages of an earlier report into this folder that this one lacks: a
        for old in (out / sub).glob("*.html"):  # story that ended or was renamed as the store grew, still on disk
            if old not in wanted and _written_here(old):
                old.unlink()
    with reporter.task("writing report pages", total=total) as task:
        tpl = env.get_template("story.html")
        for s in stories:
            _write(out / story_page(s["id"]), tpl.render(root="../", **pages.story_context(model, s)))
            task.advance()
        tpl = env.get_template("moved.html")  # a link to a story that ended leads to where its articles went
        for old, new in sorted(moved.items()):
            _write(out / story_page(old), tpl.render(root="../", old=old, new=new,
                                                     target=story_page(new).removeprefix("story/")))
            task.advance()
        tpl = env.get_template("pair.html")
        for r in pairs:
            _write(out / pair_page(r["a"], r["b"]), tpl.render(root="../", **pages.pair_context(model, r)))
            task.advance()
        tpl = env.get_template("article.html")
        for aid in model.meta:
            _write(out / article_page(aid), tpl.render(root="../", **pages.article_context(model, aid)))
            task.advance()
        # the index last: a report that a full disk stopped leaves none (or the last whole report's) (QA)
        _write(out / "index.html", env.get_template("index.html").render(root="", **pages.index_context(model)))
        task.advance()
    return Written(out, total)
