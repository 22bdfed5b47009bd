"""``unspun serve``: the store over HTTP (FastAPI; the OpenAPI page is at ``/docs``).

- ``POST /articles`` stores an article and analyses it (needs the token);
- ``POST /check`` says which stored articles a text copies or derives from, storing nothing;
- ``GET /articles/{id}``, ``GET /articles/{id}/sources``, ``GET /stories``, ``GET /stories/{id}``.

Writes need ``Authorization: Bearer <token>``; a server started without a
token answers every write 401 (it is read-only). Reads are public unless the
app is private, then they need the token too. Every error is JSON
``{"error": ..., "detail": ...}``, never a traceback.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import sqlite3
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from .. import __version__
from .. import export as ex
from ..lookup import as_stored, stored_version
from ..read.html import html_document
from ..records import ReadError
from .models import (
    ArticleCreated,
    ArticleIn,
    ArticleOut,
    CheckIn,
    CheckOut,
    ErrorOut,
    SourcesOut,
    StoriesOut,
    StoryOut,
)
from .service import BadArticle, Service

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Limits:
    max_body_bytes: int = 2_000_000
    """A request body over this many bytes is answered 413."""


_ERRORS = {307: "moved", 400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found", 405: "method not allowed",
           413: "request too large", 415: "unsupported media type", 422: "invalid request", 500: "internal error",
           503: "service unavailable"}
_RESPONSES = {code: {"model": ErrorOut} for code in (401, 404, 413, 415, 422, 503)}
RETRY_AFTER_S = 30
"""A request that found the store held by another process's write past SQLite's wait is answered 503 with this
``Retry-After``."""


def _not_json(request: Request) -> str | None:
    """How a body that is not JSON was sent (its media type), or None for a JSON body: a text posted as
    text/plain, or by ``curl --data`` as a form, would otherwise be answered with a validation error that
    says nothing of the cause (QA)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return None
    return f"as {media}" if media else "without a Content-Type"


def _error(status: int, detail: object, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": _ERRORS.get(status, "error"), "detail": detail}, status_code=status,
                        headers=headers)


class BodyLimit:
    """ASGI middleware: a body over ``max_bytes`` (declared or as sent) gets a 413 JSON answer."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = _error(413, f"the request body is over {self.max_bytes} bytes")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await too_big(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await too_big(scope, receive, send)
                return
            chunks.append(body)
            more = msg.get("more_body", False)
        whole, sent = b"".join(chunks), False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class ShutdownReply:
    """ASGI middleware: a request still running when a stopping server's grace period ends is cancelled; its client
    gets a JSON 503 with ``Retry-After`` (found by QA: uvicorn answered a bare text 500, although a write under way
    is finished before the store is closed)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(msg) -> None:
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, receive, sending)
        except asyncio.CancelledError:
            if not started:
                await _error(503, "the server is shutting down: send the request again when it is back (an article "
                                  "being stored is stored whole, and answered 200 when sent again)",
                             headers={"Retry-After": str(RETRY_AFTER_S), "Connection": "close"})(scope, receive, send)
            raise


def create_app(db_path: str, *, token: str | None = None, private: bool = False, limits: Limits = Limits(),
               embed: bool | None = None) -> FastAPI:
    """The service over the store at ``db_path``.

    ``token``: the bearer token writes need (None: writes are refused with
    401); ``private``: reads need it too. ``embed``: use sentence embeddings
    (None: when the model is installed and every stored article has one).
    """
    if private and not token:
        raise ValueError("a private server needs a token")
    service = Service(db_path, embed=embed)
    docs = {} if not private else {"docs_url": None, "redoc_url": None, "openapi_url": None}  # no public schema
    app = FastAPI(title="unspun", version=__version__, responses=_RESPONSES, **docs,
                  description="Trace rewritten news to its source: store articles, check a text against them.")
    app.state.service = service
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(ShutdownReply)
    app.router.add_event_handler("shutdown", service.close)
    bearer = HTTPBearer(auto_error=False, description="the server's token")
    secret = token.encode("utf-8") if token else None

    def _authorized(creds: HTTPAuthorizationCredentials | None) -> bool:
        return (secret is not None and creds is not None and creds.scheme.lower() == "bearer"
                and hmac.compare_digest(creds.credentials.encode("latin-1", "replace"), secret))  # the bytes sent
        # (Starlette reads a header as Latin-1; found by QA: encoded as UTF-8, a non-ASCII token sent by curl never
        # matched)

    def need_token(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if secret is None:
            raise HTTPException(401, "this server was started without a token: writes are disabled",
                                headers={"WWW-Authenticate": "Bearer"})
        if not _authorized(creds):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                                headers={"WWW-Authenticate": "Bearer"})

    def may_read(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if private and not _authorized(creds):
            raise HTTPException(401, "this server is private: reads need 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        if any(e["type"] == "json_invalid" for e in errors):
            return _error(400, "the body is not valid JSON")
        sent = _not_json(_request)
        if sent is not None and any(tuple(e["loc"]) == ("body",) for e in errors):
            return _error(415, f"the body must be JSON sent with 'Content-Type: application/json', such as "
                               f'{{"text": "..."}} or {{"html": "..."}}; this one was sent {sent}')
        return _error(422, json.loads(json.dumps(errors, default=str)))

    @app.exception_handler(sqlite3.OperationalError)
    async def _busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        """Found by QA: a write that waited its minute for another process's write to the store (a cron job's
        long transaction, a ``sqlite3`` shell) answered 500 "OperationalError"; the client can only try again."""
        if "database is locked" not in str(exc):
            return await _crash(request, exc)
        log.warning("%s %s: the store is busy (%s)", request.method, request.url.path, exc)
        return _error(503, "the store is busy: another process has held a write to it for over a minute (an "
                           "'unspun analyze' or 'ingest', or another program writing it); send the request again "
                           "later (an article stored before the wait is analysed when sent again, or by the next 'unspun analyze')",
                      headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")
        return _error(500, f"{type(exc).__name__}: the server could not answer this request")

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok"}

    @app.post("/articles", response_model=ArticleCreated, status_code=201, dependencies=[Depends(need_token)],
              summary="Store an article and analyse it")
    def post_article(body: ArticleIn) -> JSONResponse:
        """Stores the article (plain text or an HTML page) and analyses it against the stored ones.

        Answers its id, its sources (what it derives from, copies of it and
        related articles, as ``unspun sources --json``) and its story; 200
        instead of 201 when the same article was stored already.
        """
        try:
            added = service.add(**body.model_dump())
        except BadArticle as exc:
            raise HTTPException(400, f"not an article: {exc}") from exc
        out = ArticleCreated(id=added.id, created=added.created, sources=added.sources, story=added.story)
        return JSONResponse(out.model_dump(), status_code=201 if added.created else 200)

    @app.post("/check", response_model=CheckOut, dependencies=[Depends(may_read)],
              summary="Which stored articles a text copies or derives from (nothing is stored)")
    def post_check(body: CheckIn) -> dict:
        """The stored articles the text shares passages with: kind, direction, coverage and passages.

        A passage's ``text`` offsets are into the submitted text as sent
        (Python string indices: Unicode code points); its ``stored``
        offsets are into the stored article's cleaned text (``GET
        /articles/{id}``). In ``evidence``, A is the submitted text and B the
        stored article; when the text is itself stored (``stored_as``: the same
        words at the same ``url``), each match carries the stored relation
        (``judged: corpus``) and A and B are that pair's sides.
        """
        text, url, published, site, extracted = body.text, body.url, body.published, body.site, False
        canonical = source_link = None
        if body.html is not None:
            got = html_document(body.html.encode("utf-8"), body.url or "-", url=body.url)
            if isinstance(got, ReadError):
                raise HTTPException(400, f"not an article: {got.reason}")
            text, extracted = got.text, True
            url, published, site = url or got.url, published or got.published, site or got.site
            canonical, source_link = got.canonical, got.source_link
        n, matches = service.check(text, published=published, site=site, url=url, canonical=canonical,
                                   source_link=source_link)
        store = service.reader()
        stored = stored_version(store, matches, text, url=url)
        if stored is not None:  # this very page is stored: the corpus's relations, as GET /articles/ID/sources
            matches = as_stored(store, stored, matches)
        return {"offsets": "extracted" if extracted else "submitted", "chars": len(text), "candidates": n,
                "stored_as": stored, "matches": [m.as_dict() for m in matches],
                **({"text": text} if extracted else {})}

    @app.get("/articles/{article_id}", response_model=ArticleOut, dependencies=[Depends(may_read)])
    def get_article(article_id: str) -> dict:
        """One article's metadata and cleaned text (the text every offset refers to)."""
        store = service.reader()
        art = store.article(_full_id(store, article_id))
        return {"id": art.id, "source": art.source, "url": art.url, "title": art.title, "site": art.site,
                "author": art.author, "published": art.published, "crawled": art.crawled, "language": art.language,
                "format": art.format, "chars": art.chars, "canonical": art.canonical, "source_link": art.source_link,
                "story": store.story(art.id),
                "text": art.text}

    @app.get("/articles/{article_id}/sources", response_model=SourcesOut, dependencies=[Depends(may_read)])
    def get_sources(article_id: str) -> dict:
        """What the article derives from, its copies and related articles, as ``unspun sources --json``."""
        store = service.reader()
        return ex.sources(store, _full_id(store, article_id))

    @app.get("/stories", response_model=StoriesOut, dependencies=[Depends(may_read)])
    def get_stories() -> dict:
        """Every story with its articles' ids, largest first."""
        return {"stories": ex.stories_json(service.reader())}

    @app.get("/stories/{story_id}", response_model=StoryOut, dependencies=[Depends(may_read)],
             responses={307: {"model": ErrorOut, "description": "The story ended, or the id is an article's: "
                                                                "`Location` is the story its articles are in now"}})
    def get_story(story_id: str) -> dict:
        """One story, as ``unspun stories DB ID --json``: its first and last day, its articles in publication
        order, the relations between them and their reuse families (who copies or rewrites whom). A story id that ended (its story merged into another, or renamed when the
        article it was named after moved to its original's story) answers 307 with the story its articles are
        in now at ``Location``; so does the id of an article (or a prefix of one), with its story, as ``unspun
        stories DB ID`` takes them."""
        store = service.reader()
        try:
            story, how, aid = store.story_named(story_id)
        except LookupError as exc:  # none, or an ambiguous prefix: say which
            raise HTTPException(404, f"no story with id {story_id!r}: {exc}") from None
        if story is None:
            raise HTTPException(404, f"article {aid!r} is in no story yet")
        if how != "story":
            why = f"story {story_id!r} is now story {story!r}" if how == "moved" else \
                f"article {aid!r} is in story {story!r}"
            # relative to this URL (the Host a proxy forwards may not be the one clients use), the id quoted as
            # one path segment (a story id is the library's to choose: "?", "#", "/" would be read as such)
            raise HTTPException(307, why, headers={"Location": quote(story, safe="")})
        try:
            return ex.story(store, story)
        except LookupError as exc:  # its last article left it between the two reads
            raise HTTPException(404, str(exc)) from None

    return app


def _full_id(store, article_id: str) -> str:
    """The id ``article_id`` names, whole or a prefix of at least 4 characters that only one id starts with
    (as the CLI takes); 404 otherwise."""
    try:
        return store.resolve_id(article_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
