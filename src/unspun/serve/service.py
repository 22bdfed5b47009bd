"""What the HTTP service does, apart from HTTP: one writer, many readers, one live fingerprint index.

SQLite in WAL mode lets readers run beside one writer. Writes (``add``) go
through one connection behind a lock, one at a time; every request thread
reads on a connection of its own. The :class:`FingerprintIndex` is read from
the store once, at start, and each stored article is added to it, so a check
never rescans the store.

An article added here is analysed incrementally, as ``unspun analyze`` would
for it: cleaned with its site's furniture as learned so far (furniture is not
re-learned per article), segmented, fingerprinted, paired with its candidates
from the index (stored as candidate pairs), given a story (with embeddings),
aligned against its candidates (``pipeline.align`` aligns only pairs not
aligned yet), then its quotations and spin flags are found.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .. import export as ex
from ..lookup import CheckOptions, FingerprintIndex, Match, align_hits, embedding_available, prepare
from ..config import Options
from ..engine import LocalEngine
from ..fingerprint import Schemes, embed_batch, fingerprint_batch, immutables
from ..ingestion import furniture_stamp, make_article, site_key, without_tracking
from ..read.html import host_of, html_document
from ..records import Candidate, Document, Fingerprint, ReadError
from ..segment import segment_article
from ..store import SQLiteStore, open_store


class BadArticle(ValueError):
    """The request's article cannot be read (an HTML page with no main text)."""


@dataclass(slots=True)
class Added:
    id: str
    created: bool
    sources: dict
    story: str | None


class Service:
    """The store, its live index and the analysis of added articles, safe to share between threads."""

    max_pairs = 200
    """An added article is paired with (and aligned against) at most this many stored ones, strongest first."""

    def __init__(self, db_path: str, *, embed: bool | None = None, check_options: CheckOptions | None = None) -> None:
        self.db_path = str(db_path)
        self._local = threading.local()
        self._readers: weakref.WeakSet[SQLiteStore] = weakref.WeakSet()  # a dead thread's connection closes
        self._readers_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._model_thread = ThreadPoolExecutor(1, thread_name_prefix="unspun-model")
        self.writer = open_store(self.db_path)
        # Embeddings when wanted (default: when the model loads) and every stored article has one;
        # a store analysed with --no-embed stays lexical, so its relations keep their alignment version.
        # The model is loaded only for a store that has embeddings (or is empty).
        base = check_options or CheckOptions()
        fo = dataclasses.replace(base.fingerprint, embed=embed is not False)
        self.index = FingerprintIndex.from_store(self.writer, fo, base.candidates)
        other = [n for n in self.writer.schemes_in_use("embed.") if n != Schemes.of(fo).embedding]
        if fo.embed and not self.index.embed and other:  # don't go lexical and re-align it all in silence
            self.writer.close()
            raise ValueError(f"{self.db_path}: its articles were embedded as {other[0]}, and this unspun embeds "
                             f"them as {Schemes.of(fo).embedding}: run `unspun analyze {self.db_path}` first "
                             "(it embeds them again and rebuilds the stories)")
        if not len(self.index) and fo.embed:  # an empty store: embed from the first article on
            self.index = FingerprintIndex(fo, base.candidates, embed=True)
        if self.index.embed and not embedding_available():  # no model here: work lexically
            self.index = FingerprintIndex.from_store(self.writer, dataclasses.replace(fo, embed=False),
                                                     base.candidates)
        self.embed = self.index.embed
        fo = dataclasses.replace(fo, embed=self.embed)
        self.options = Options(fingerprint=fo, candidates=base.candidates)
        self.check_options = dataclasses.replace(base, fingerprint=fo)
        schemes = Schemes.of(fo)
        for name, params in schemes.params(fo).items():
            if (self.embed or name != schemes.embedding) and not self.writer.read_only:  # nothing is written to it
                self.writer.register_scheme(name, params)
        self._seen = self.writer.data_version()

    def catch_up(self, *, wait: bool = True) -> int:
        """Add to the index the articles another process (``unspun analyze`` beside the server) stored since it
        was read; returns how many (found by QA: the server never saw them, so a check of their very text
        matched nothing). Cheap when nothing changed: SQLite's data version of the write connection. Without
        ``wait`` (a read), it does nothing while this server is writing: a check never waits for a write, and
        the next request catches up."""
        if not self._write_lock.acquire(blocking=wait):
            return 0
        try:
            return self._catch_up()
        finally:
            self._write_lock.release()

    def _catch_up(self) -> int:
        """:meth:`catch_up`'s work, under the write lock."""
        version = self.writer.data_version()
        if version == self._seen:
            return 0
        self._seen = version
        schemes = Schemes.of(self.options.fingerprint)
        lacking = self.index.without_grams
        if lacking and sum(1 for _ in self.writer.fingerprints_of(lacking, schemes.grams)) == len(lacking):
            # a store written before the runs of content words, which 'analyze' has now given every article the
            # index holds (review: they were never read, so POST /check missed what 'check' finds): read again, once
            fresh = FingerprintIndex.from_store(self.writer, self.index.fo, self.index.co)
            if fresh.embed == self.index.embed:
                before, self.index = len(self.index), fresh
                return len(fresh) - before
        new = [aid for aid in self.writer.article_ids() if aid not in self.index]
        if not new:
            return 0
        names = [schemes.shingles, schemes.immutables, schemes.sentences, schemes.grams,
                 *((schemes.embedding,) if self.embed else ())]
        fps = [Fingerprint(aid, name, data) for name in names for aid, data in self.writer.fingerprints_of(new, name)]
        return self.index.add(fps, merge=True, sites=self.writer.sites(new))

    def _embed_one_thread(self, texts: list[str]):
        """Embed leads on the service's one model thread: an encoder called from many request threads at
        once, each call with its own team of worker threads, fights itself for the cores."""
        from ..fingerprint.embed import embed_leads

        return self._on_model_thread(embed_leads, texts, self.options.fingerprint.embed_max_tokens)

    def _embed_sentences(self, texts: list[str]):
        """Embed sentences for paraphrase alignment, on the same model thread."""
        from ..fingerprint.embed import embed

        return self._on_model_thread(embed, texts, self.options.fingerprint.sentence_max_tokens)

    def _on_model_thread(self, encoder, texts: list[str], max_tokens: int):
        return self._model_thread.submit(encoder, texts, max_tokens=max_tokens).result()

    # -- connections ----------------------------------------------------------------------
    def reader(self) -> SQLiteStore:
        """This thread's read connection."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db_path)
            self._local.store = store
            with self._readers_lock:
                self._readers.add(store)
        return store

    def close(self) -> None:
        with self._readers_lock:
            for s in list(self._readers):
                try:
                    s.close()
                except Exception:  # noqa: BLE001 -- closing from another thread; best effort
                    pass
            self._readers.clear()
        with self._write_lock:
            self.writer.close()
        self._model_thread.shutdown(wait=False)

    # -- reads ----------------------------------------------------------------------------
    def check(self, text: str, *, published: str | None = None, site: str | None = None,
              url: str | None = None, canonical: str | None = None, source_link: str | None = None
              ) -> tuple[int, list[Match]]:
        """(candidates proposed, matches) for ``text``; nothing is stored."""
        self.catch_up(wait=False)
        q = prepare(text, self.check_options.fingerprint, self.check_options.candidates,
                    embed=self.embed, embed_fn=self._embed_one_thread)
        site = site or host_of(url)  # as a JSONL or CSV record with that address is read: its site is its host
        hits = self.index.query(q.signature, same_text=True, site=site)[: self.check_options.max_aligned]
        return len(hits), align_hits(self.reader(), q, hits, published=published, site=site,
                                     options=self.check_options, url=url, canonical=canonical,
                                     source_link=source_link,
                                     sentences=self._embed_sentences if self.embed else None)

    # -- writes ---------------------------------------------------------------------------
    def add(self, *, text: str | None = None, html: str | None = None, url: str | None = None,
            title: str | None = None, site: str | None = None, published: str | None = None) -> Added:
        """Store an article and analyse it; an article stored already is only looked up."""
        doc = _document(text=text, html=html, url=url, title=title, site=site, published=published)
        self.catch_up()
        with self._write_lock:
            store = self.writer
            key = site_key(doc)
            lines = store.site_furniture().get(key, frozenset()) if key != "-" else frozenset()
            art = make_article(doc, lines, self.options, name=without_tracking(url) if url else "-")  # one page, as ingest
            created = store.add_articles([(art, key, furniture_stamp(lines))]) > 0
            if created or art.id not in self.index:
                self._analyse(store, art)
            sources = ex.sources(store, art.id)
            story = store.story(art.id)
        return Added(art.id, created, sources, story)

    def _analyse(self, store: SQLiteStore, art) -> None:
        from ..pipeline import align, stories

        store.put_segmentations([segment_article(art.id, art.text)])
        fo = self.options.fingerprint
        fps = fingerprint_batch([(art.id, art.text)], fo)
        if self.embed:
            fps += embed_batch([(art.id, art.text, art.title)], fo)
        store.put_fingerprints(fps)
        hits = self._pairs_for(store, self.index.query(self.index.signature(fps), exclude=(art.id,), same_text=True,
                                                       site=art.site))
        mine = immutables(art.text)
        cands = []
        for h in hits:
            other = store.article(h.id)
            if other is None:
                continue
            theirs = set(immutables(other.text))
            shared = tuple(dict.fromkeys(t for t in mine if t in theirs))
            a, b, ca, cb = art.id, h.id, h.containment_query, h.containment_stored
            if a > b:
                a, b, ca, cb = b, a, cb, ca
            cands.append(Candidate(a=a, b=b, jaccard=h.jaccard, containment_a=ca, containment_b=cb,
                                   shared_immutables=shared, immutables_jaccard=h.immutables_jaccard,
                                   embedding_cosine=h.embedding_cosine, via=h.via))
        store.add_candidates(cands)
        self.index.add(fps, sites={art.id: art.site})
        align(store, self.options, engine=IN_PROCESS)
        if self.embed:  # its own article only (found by QA: it placed those an 'unspun analyze' or 'ingest' beside it
            # had stored and not yet aligned, so a copy got a story of its own before its relation to its original
            # existed, and kept it): the run that aligns the others places them
            stories(store, self.options, only=(art.id,))
        _later_stages(store)


    def _pairs_for(self, store: SQLiteStore, hits: list) -> list:
        """The stored articles a new one is paired with, as ``analyze`` pairs it: each copy of a text stored up to
        ``max_identical`` times, else that text's earliest copy only (its family's), at most ``max_pairs``."""
        from ..lookup import by_exact_text

        out = []
        for h in hits:
            for g in by_exact_text(store, h):
                ids = (g.id, *g.same_text) if len(g.same_text) < self.options.candidates.max_identical else (g.id,)
                out += [dataclasses.replace(g, id=i, same_text=()) for i in ids]
        return out[: self.max_pairs]


IN_PROCESS = LocalEngine(workers=1)
"""The engine of the server's stages: in its own process (never a pool forked from a threaded server holding the
encoder, and one article's pairs are few)."""


def _later_stages(store: SQLiteStore) -> None:
    """Quotations and spin flags, as ``analyze`` runs them after alignment (each does only what is missing)."""
    try:
        from ..quotes.stage import extract as extract_quotes
        from ..spin.stage import flag_articles, judge_rewrites
    except ImportError:  # a build without those stages
        return
    extract_quotes(store, engine=IN_PROCESS)
    flag_articles(store, engine=IN_PROCESS)
    judge_rewrites(store, engine=IN_PROCESS)


def _document(*, text: str | None, html: str | None, url: str | None, title: str | None, site: str | None,
              published: str | None) -> Document:
    path = url or "-"
    if html is not None:
        got = html_document(html.encode("utf-8"), path, url=url)
        if isinstance(got, ReadError):
            raise BadArticle(got.reason)
        doc = got
    else:
        assert text is not None
        doc = Document(text=text.replace("\r\n", "\n").replace("\r", "\n"), source=url or "api", path=path,
                       format="text", url=url, site=host_of(url))  # a record's site, unnamed, is its address's host
    given = {k: v for k, v in (("title", title), ("site", site), ("published", published)) if v is not None}
    return dataclasses.replace(doc, **given) if given else doc
