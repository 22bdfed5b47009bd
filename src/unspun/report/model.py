"""The export document indexed for the report: who is in which story, family and relation.

Built from the ``unspun.export/1`` dict and the articles' texts only, so a
test can feed any document (with or without the optional ``quotes`` and
``spin`` fields) without a store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..records import Article

_SAFE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
REUSE = ("duplicate", "copy", "partial", "rewrite")


def slug(article_or_story_id: str) -> str:
    """A file name stem for an id: the id itself when it is plain (hex ids are), else a hash of it."""
    s = str(article_or_story_id)
    if _SAFE_ID.fullmatch(s):
        return s
    return "x" + hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def article_page(aid: str) -> str:
    return f"article/{slug(aid)}.html"


def story_page(sid: str) -> str:
    return f"story/{slug(sid)}.html"


def pair_page(a: str, b: str) -> str:
    return f"pair/{slug(a)}-{slug(b)}.html"


@dataclass
class Model:
    doc: Mapping
    texts: Mapping[str, Article]
    meta: dict[str, dict] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    rels_of: dict[str, list[dict]] = field(default_factory=dict)
    quotes_of: dict[str, list[dict]] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Mapping, texts: Mapping[str, Article]) -> Model:
        m = cls(doc, texts)
        m.meta = {a["id"]: a for a in doc.get("articles", [])}
        for s in doc.get("stories", []):
            for aid in s.get("articles", []):
                m.story_of[aid] = s["id"]
        for r in doc.get("relations", []):
            for side in (r["a"], r["b"]):
                m.rels_of.setdefault(side, []).append(r)
        for q in doc.get("quotes", None) or []:
            for aid in dict.fromkeys(x for v in q.get("variants", []) for x in v.get("articles", [])):
                m.quotes_of.setdefault(aid, []).append(q)
        return m

    def title(self, aid: str) -> str:
        """What to call an article: its title, else its file or URL name."""
        a = self.meta.get(aid, {})
        if a.get("title"):
            return str(a["title"])
        src = a.get("url") or a.get("source") or aid
        return PurePosixPath(str(src).rstrip("/")).name or str(src)

    def site_name(self, aid: str) -> str:
        a = self.meta.get(aid, {})
        return str(a.get("site") or "")

    def label(self, aid: str) -> tuple[str, str]:
        """Two lines for a graph node: the site (or id) and the title."""
        return (self.site_name(aid) or aid, self.title(aid))

    def text(self, aid: str) -> str:
        art = self.texts.get(aid)
        return art.text if art is not None else ""

    def has_page(self, r: Mapping) -> bool:
        """Pairs with a page: those with passages to show (reuse, or a same_story pair's shared quotations)."""
        return bool(r.get("passages")) and r["a"] in self.meta and r["b"] in self.meta

    def story_relations(self, story: Mapping) -> list[dict]:
        ids = set(story.get("articles", []))
        seen, out = set(), []
        for aid in story.get("articles", []):
            for r in self.rels_of.get(aid, []):
                key = (r["a"], r["b"])
                if key not in seen and r["a"] in ids and r["b"] in ids:
                    seen.add(key)
                    out.append(r)
        return out

    def story_families(self, story: Mapping) -> list[dict]:
        ids = set(story.get("articles", []))
        return [f for f in self.doc.get("families", []) if ids & set(f.get("articles", []))]

    def story_title(self, story: Mapping) -> str:
        """The title of its first report (:func:`unspun.export.story_lead`: its earliest article dated within its
        days, not a copy stamped before them), else of its first article."""
        from ..export import story_lead

        lead = story_lead(story, {a: self.meta.get(a, {}).get("published") for a in story.get("articles", [])})
        return str(story.get("id")) if lead is None else self.title(lead)

    def roles(self, aid: str) -> dict[str, list[tuple[str, dict]]]:
        """The article's relations split as ``sources`` (it derives from), ``copies`` and ``related``."""
        out: dict[str, list[tuple[str, dict]]] = {"sources": [], "copies": [], "related": []}
        for r in self.rels_of.get(aid, []):
            other = r["b"] if r["a"] == aid else r["a"]
            if (r["direction"] == "a->b" and r["b"] == aid) or (r["direction"] == "b->a" and r["a"] == aid):
                out["sources"].append((other, r))
            elif (r["direction"] == "a->b" and r["a"] == aid) or (r["direction"] == "b->a" and r["b"] == aid):
                out["copies"].append((other, r))
            else:
                out["related"].append((other, r))
        for v in out.values():
            v.sort(key=lambda x: (x[1]["kind"] == "same_story", -float(x[1].get("confidence") or 0), x[0]))
        return out
