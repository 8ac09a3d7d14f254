"""The REST API: FastAPI routes over the library, answering with the CONTRACT objects.

No analysis logic lives here: a route checks who is asking and what they sent, hands
the work to the library (analyses and diffs in worker processes, see workers.py;
trace and stored attributions in the store) and returns the library's ``to_dict``.
Every failure is a JSON ``{"error": {"code": ..., "message": ...}}`` with its status.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from unspin import __version__
from unspin.errors import InputError, TooLarge, UnspinError
from unspin.server import guards
from unspin.server.settings import ServerSettings
from unspin.server.workers import Busy, TimedOut, WorkerFailed, WorkerPool


class AnalyzeRequest(BaseModel):
    text: str | None = Field(None, description="The article's text (plain text or an HTML page).")
    url: str | None = Field(None, max_length=4096,
                            description="Or a page to fetch (http/https; private addresses refused).")
    include_text: bool = Field(False, description="Return the analysed text as \"text\".")


class DiffRequest(BaseModel):
    source: str = Field(description="The source text.")
    copy_: str = Field(alias="copy", description="The copy to compare with the source.")


class CorroborateRequest(BaseModel):
    claim: str = Field(max_length=5000, description="The claim: a sentence or two.")


class TraceRequest(BaseModel):
    text: str = Field(description="The text to trace in the server's corpus.")
    top: int = Field(10, ge=1, le=100, description="Matches to return.")


_STATUS = ((TooLarge, 413, "too-large"), (Busy, 503, "busy"), (TimedOut, 504, "timeout"),
           (WorkerFailed, 500, "failed"), (InputError, 422, "bad-input"), (UnspinError, 422, "bad-request"))


_HTTP_CODES = {400: "bad-request", 401: "unauthorised", 403: "forbidden", 404: "not-found",
               405: "method-not-allowed", 413: "too-large", 429: "rate-limited"}


def error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def create_app(settings: ServerSettings, resources=None) -> FastAPI:
    """The application for ``unspin serve``; ``settings`` say which store and which limits,
    ``resources`` (:class:`unspin.resources.Resources`, default ``Resources.default()``) hold
    the models the server's own process uses: the corpus's embedder, the sentence model."""
    state = _State(settings, resources)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state.start()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(title="unspin", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Who said what, where the text came from, and what was changed on the way.")
    app.state.unspin = state  # for operators' and tests' eyes: the pool, the open corpus
    guards.install(app, settings, state)
    _errors(app)
    _routes(app, state)
    _docs(app)
    from unspin.server import pages

    pages.install(app, settings.open_access)
    return app


class _State:
    """What the routes share: the worker pool, the corpus (opened on first use), the tokens."""

    def __init__(self, settings: ServerSettings, resources=None) -> None:
        from unspin.resources import resolve

        self.settings = settings
        self.resources = resolve(resources)
        self.pool: WorkerPool | None = None
        self._corpus = None
        self._corpus_lock = threading.Lock()
        self._corroborator = None
        self.tokens = None
        self.jobs = None
        self.families = None  # copy families, computed on first request, dropped after an ingest
        from unspin.inputs.fetch import FetchPolicy

        self.fetch_policy = FetchPolicy(allow_private=settings.allow_private_urls)

    def start(self) -> None:
        from unspin.store import open_tokens

        self.tokens = open_tokens(self.settings.db)  # SQLite or PostgreSQL, as the store
        s = self.settings
        self.pool = WorkerPool(size=s.workers, timeout=s.timeout, max_queue=s.max_queue,
                               start_method=s.worker_start_method)
        from unspin.server.jobs import Jobs

        self.jobs = Jobs(s.db, on_stored=self.reopen, resources=self.resources, options=s.attribution)

    def reopen(self) -> None:
        """After an ingest job: the next trace opens the store afresh (and its index catches up)."""
        with self._corpus_lock:
            if self._corpus is not None:
                self._corpus.close()
                self._corpus = None
            self.families = None

    def corroborator(self, corpus):
        """The corroboration engine of the open corpus (its claim index is kept between
        requests; a reopened corpus gets a new engine, the sentence model is the resources')."""
        from unspin.corroboration import Corroborator

        if self._corroborator is None or self._corroborator.corpus is not corpus:
            self._corroborator = Corroborator(corpus)
        return self._corroborator

    @contextmanager
    def using_corpus(self):
        """The open corpus, held under the lock for the whole use (opened on first use), so an
        ingest job's reopen never closes it under a request."""
        with self._corpus_lock:
            if self._corpus is None:
                from unspin.provenance import Corpus

                self._corpus = Corpus(self.settings.db, create=False, resources=self.resources,
                                      options=self.settings.attribution)
            yield self._corpus

    def close(self) -> None:
        if self.jobs is not None:
            self.jobs.close()
        if self.pool is not None:
            self.pool.close()
        if self._corpus is not None:
            self._corpus.close()
        if self.tokens is not None:
            self.tokens.close()


def _errors(app: FastAPI) -> None:
    @app.exception_handler(UnspinError)
    async def unspin_error(request: Request, exc: UnspinError):
        for kind, status, code in _STATUS:
            if isinstance(exc, kind):
                headers = {"Retry-After": "5"} if status == 503 else None
                return error(status, code, str(exc), headers)
        return error(422, "bad-request", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return error(422, "bad-request", "the request is not what this endpoint takes: " + "; ".join(parts))


def _routes(app: FastAPI, state: _State) -> None:
    reader = Depends(guards.needs(state, "read"))

    @app.get("/v1/health", tags=["service"])
    def health() -> dict:
        """Is the server up? (no token needed)"""
        return {"status": "ok", "version": __version__}

    @app.post("/v1/analyze", tags=["attribution"], dependencies=[reader], openapi_extra=_ANALYZE_BODY)
    async def analyze(request: Request) -> dict:
        """Who said what: the CONTRACT object of `unspin analyze`, for a JSON body
        `{"text": ...}` or an uploaded file (multipart field `file`: text, HTML or PDF).
        For HTML and PDF the extracted text comes back as "text": offsets index it."""
        text, with_text, warnings = await _analyze_input(request, state.fetch_policy)
        out = await run_in_threadpool(state.pool.run, "analyze", text, with_text,  # type: ignore[union-attr]
                                      state.settings.attribution)
        if warnings:
            out["warnings"] = warnings
        return out

    @app.post("/v1/diff", tags=["drift"], dependencies=[reader])
    def diff(body: DiffRequest) -> dict:
        """What a copy changed against its source: the CONTRACT object of `unspin diff`."""
        return state.pool.run("diff", body.source, body.copy_, state.settings.attribution)  # type: ignore[union-attr]

    @app.post("/v1/trace", tags=["provenance"], dependencies=[reader])
    def trace(body: TraceRequest) -> dict:
        """The stored documents this text copies: the CONTRACT object of `unspin trace`."""
        from unspin.limits import check_text

        check_text(body.text)
        with state.using_corpus() as corpus:
            matches = corpus.trace(body.text, top=body.top)
        return {"matches": [m.to_dict() for m in matches]}

    @app.get("/v1/whoami", tags=["service"])
    def whoami(who: guards.Principal = reader) -> dict:
        """Who the request's token belongs to (the pages' sign-in checks a token with this)."""
        return who.to_dict()

    @app.get("/v1/documents", tags=["provenance"], dependencies=[reader])
    def list_documents(offset: Annotated[int, Query(ge=0)] = 0,
                       limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict:
        """The stored documents, in the order they were stored: id, title, publisher, date, URL."""
        from itertools import islice

        with state.using_corpus() as corpus:
            total = len(corpus)
            rows = [corpus.store.doc(r) for r in islice(corpus.store.rowids(), offset, offset + limit)]
        return {"total": total, "offset": offset, "documents": [_doc_meta(d) for d in rows]}

    @app.get("/v1/documents/{doc_id:path}", tags=["provenance"], dependencies=[reader])
    def get_document(doc_id: str) -> dict:
        """One stored document with its text (what a traced match's spans index)."""
        with state.using_corpus() as corpus:
            key = corpus.store.lookup_id(doc_id)
            if key is None:
                raise StarletteHTTPException(404, f"no stored document with id {doc_id!r}")
            doc = corpus.store.doc(key.rowid)
        return {**_doc_meta(doc), "text": doc.text}

    @app.get("/v1/speakers", tags=["attribution"], dependencies=[reader])
    def speakers(contains: Annotated[str | None, Query(max_length=200)] = None,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict:
        """Resolved speaker names of the stored analyses, most quoted first."""
        with state.using_corpus() as corpus:
            found = corpus.speakers(contains=contains, limit=limit)
        return {"speakers": [{"name": n, "statements": c} for n, c in found]}

    @app.get("/v1/families", tags=["provenance"], dependencies=[reader])
    def families() -> dict:
        """The copy families of the store, each with its likely original (as `unspin trace --all`)."""
        with state.using_corpus() as corpus:
            if state.families is None:
                state.families = corpus.families()
            fams = state.families
        return fams.to_dict() if hasattr(fams, "to_dict") else {"families": [f.to_dict() for f in fams]}

    writer = Depends(guards.needs(state, "write"))

    @app.post("/v1/documents", tags=["provenance"], dependencies=[writer], status_code=202,
              openapi_extra=_DOCUMENTS_BODY)
    async def documents(request: Request, analyze: bool = False) -> dict:
        """Store documents in the server's corpus (a job): multipart `files` (text, HTML, PDF,
        JSONL with "id" and "text"), or JSON `{"documents": [{"id": ..., "text": ..., "title": ...}]}`.
        With `?analyze=true` who said what is stored too. Poll `GET /v1/jobs/{id}`."""
        files = await _uploaded_documents(request)
        return state.jobs.submit(files, analyze).to_dict()  # type: ignore[union-attr]

    @app.get("/v1/jobs/{job_id}", tags=["provenance"], dependencies=[writer])
    def job(job_id: str) -> dict:
        """An ingest job's progress, counts and bad records."""
        found = state.jobs.get(job_id) if state.jobs else None  # type: ignore[union-attr]
        if found is None:
            raise StarletteHTTPException(404, f"no job {job_id!r} (jobs are kept until the server restarts)")
        return found.to_dict()

    @app.post("/v1/corroborate", tags=["corroboration"], dependencies=[reader])
    def corroborate(body: CorroborateRequest) -> dict:
        """Who else reports a claim: the CONTRACT object of `unspin corroborate`."""
        from unspin.limits import check_text

        check_text(body.claim)
        with state.using_corpus() as corpus:
            return state.corroborator(corpus).corroborate(body.claim).to_dict()

    @app.get("/v1/attributions", tags=["attribution"], dependencies=[reader])
    def attributions(speaker: Annotated[str | None, Query(max_length=200)] = None,
                     doc: Annotated[str | None, Query(max_length=2000)] = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
        """Stored statements (from `unspin ingest --analyze`), by speaker or document."""
        with state.using_corpus() as corpus:
            found = []
            for a in corpus.attributions(speaker=speaker, doc_id=doc):
                found.append(a.to_dict() if hasattr(a, "to_dict") else a)
                if len(found) >= limit:
                    break
        return {"attributions": found}


def _doc_meta(doc) -> dict:
    return {"id": doc.id, "title": doc.title, "publisher": doc.publisher, "date": doc.date, "url": doc.url}


async def _analyze_input(request: Request, policy) -> tuple[str, bool, list[str]]:
    """(text, whether to return it, what reading guessed) from a JSON body or an upload."""
    from unspin.inputs.html import extract_main_text, looks_like_html
    from unspin.inputs.sources import read_bytes

    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InputError("send the file in a multipart field named \"file\"")
        rec = read_bytes(await upload.read(), upload.filename or "upload.txt")
        if rec.error is not None:
            raise (TooLarge if "too large" in rec.error else InputError)(f"{rec.id}: {rec.error}")
        return rec.text or "", True, rec.warnings
    try:
        body = AnalyzeRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    if (body.text is None) == (body.url is None):
        raise InputError("send either \"text\" or \"url\" (or a file upload)")
    if body.url is not None:
        from unspin.inputs.fetch import fetch_record

        rec = await run_in_threadpool(fetch_record, body.url, policy)
        if rec.error is not None:
            raise (TooLarge if "too large" in rec.error else InputError)(f"{body.url}: {rec.error}")
        return rec.text or "", True, rec.warnings
    text, extracted = body.text, False
    if looks_like_html(text):
        text, extracted = extract_main_text(text), True
    from unspin.inputs.language import not_english

    note = not_english(text)
    return text, body.include_text or extracted, [note] if note else []


MAX_UPLOAD_FILES = 1000


class DocumentIn(BaseModel):
    id: str = Field(min_length=1, max_length=2000)
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


class DocumentsRequest(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=100_000)


async def _uploaded_documents(request: Request) -> list[tuple[str, bytes]]:
    """(file name, bytes) for each uploaded file, or one JSONL file of the JSON documents."""
    import json

    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=MAX_UPLOAD_FILES + 4)
        files = [(f.filename or "upload.txt", await f.read()) for f in form.getlist("files") if not isinstance(f, str)]
        if not files:
            raise InputError("send the files in multipart fields named \"files\"")
        return files
    try:
        body = DocumentsRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    lines = "\n".join(json.dumps(d.model_dump(), ensure_ascii=False) for d in body.documents) + "\n"
    return [("documents.jsonl", lines.encode("utf-8", "surrogatepass"))]


_DOCUMENTS_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": DocumentsRequest.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "required": ["files"], "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
}}}

_ANALYZE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": AnalyzeRequest.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "A text, HTML or PDF file."}}}},
}}}


def _docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the swagger-ui-bundle package's files: no CDN."""
    import swagger_ui_bundle

    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    from importlib.resources import files

    app.mount("/static/unspin", StaticFiles(directory=str(files("unspin.server") / "static")), name="unspin-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)


_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>unspin API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/unspin/docs.js"></script>
</body></html>
"""
