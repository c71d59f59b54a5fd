"""The Starlette application: the page, its static files, the JSON API and a health check.

Every answer of the API is JSON; every error is one line, ``{"error": "..."}``, with a 4xx status for
what the client sent. Nothing a user sends is stored or logged: the log gets counts (characters,
findings, milliseconds), never text.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonecheck.version import __version__
from tonecheck.web.service import (
    CHECK_FIELDS,
    FIX_FIELDS,
    PLAN_FIELDS,
    CheckService,
    RequestError,
    parse_request,
)

STATIC = Path(__file__).with_name("static")
DRAIN_LIMIT = 16 * 1024 * 1024  # bytes of a body too large still read, so the client gets its 413
SETTINGS_VARIABLE = "TONECHECK_SERVE_SETTINGS"  # how `tonecheck serve` tells each worker what to load
log = logging.getLogger("tonecheck.web")

# Only what tonecheck serves itself: no outside script, style, font or connection, and no inline script.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response, and `no-store` to the API's (drafts are private)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                if private:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error(message: str, status: int) -> JSONResponse:
    # One line, and encodable: a message quoting a lone surrogate from the request must not fail here.
    line = " ".join(message.split()).encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"error": line}, status_code=status)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 when it is larger than ``limit`` bytes.

    The rest of a body too large is read and dropped (up to DRAIN_LIMIT) before the answer: a client
    still sending when the server closes the connection gets a broken pipe instead of the 413.
    """
    too_large = RequestError(f"the body is larger than the size limit (max-file-size: {limit:,} bytes)", 413)
    declared = request.headers.get("content-length")
    if declared is not None and not declared.isdigit():
        raise RequestError("bad Content-Length header", 400)
    drain = max(DRAIN_LIMIT, limit)
    if declared is not None and int(declared) > drain:
        raise too_large  # not worth reading: the connection is closed after the answer
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > drain:
            raise too_large
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        raise too_large
    return b"".join(chunks)


Endpoint = Callable[[Request], Awaitable[Response]]


def answers_in_json(endpoint: Endpoint) -> Endpoint:
    """A request error becomes its 4xx; anything else a one-line 500 (its type only: the message of an
    unexpected error might quote the draft)."""

    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except RequestError as exc:
            return error(exc.message, exc.status)
        except Exception as exc:
            log.error("internal error in %s: %s", request.url.path, type(exc).__name__)
            return error(f"internal error ({type(exc).__name__})", 500)

    return wrapped


def create_app(service: CheckService) -> Starlette:
    """The application around a started ``service``."""

    async def page(_request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def draft_from(request: Request, fields: tuple[str, ...], text_required: bool = True) -> Any:
        return parse_request(await read_body(request, service.max_bytes), fields, text_required)

    @answers_in_json
    async def check(request: Request) -> Response:
        draft = await draft_from(request, CHECK_FIELDS)
        started = time.perf_counter()
        report = await run_in_threadpool(service.check, draft)
        elapsed = (time.perf_counter() - started) * 1000
        count = report["summary"]["findings"]
        log.info("check: %d characters, %d findings, %.0f ms", len(draft.text), count, elapsed)
        return JSONResponse(report)

    @answers_in_json
    async def fix(request: Request) -> Response:
        draft = await draft_from(request, FIX_FIELDS)
        started = time.perf_counter()
        fixed = await run_in_threadpool(service.fix, draft)
        elapsed = (time.perf_counter() - started) * 1000
        log.info("fix: %d characters, %d fixes, %.0f ms", len(draft.text), fixed["applied"], elapsed)
        return JSONResponse(fixed)

    @answers_in_json
    async def follow_up_plan(request: Request) -> Response:
        # No pipeline and no lock: dates and front matter only, so it answers between two checks.
        draft = await draft_from(request, PLAN_FIELDS, text_required=False)
        return JSONResponse(await run_in_threadpool(service.schedule, draft))

    @answers_in_json
    async def rules(_request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(service.rules))

    async def health(_request: Request) -> Response:
        # The worker's process id tells a load balancer's check (and the benchmark) which worker answered.
        return JSONResponse({"status": "ok", "version": __version__, "worker": os.getpid()})

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return error(f"not found: {request.url.path}", 404)
        if status == 405:
            return error(f"method not allowed: {request.method} {request.url.path}", 405)
        return error(str(getattr(exc, "detail", "error")), status)

    routes = [
        Route("/", page, methods=["GET", "HEAD"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/fix", fix, methods=["POST"]),
        Route("/api/plan", follow_up_plan, methods=["POST"]),
        Route("/api/rules", rules, methods=["GET"]),
        Route("/healthz", health, methods=["GET", "HEAD"]),
        Route("/api/health", health, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> Starlette:
    """The factory each uvicorn worker calls: it loads its own pipeline, with the settings of `serve`."""
    from tonecheck.pipeline.backend import prefer_single_thread_blas

    prefer_single_thread_blas()
    settings = json.loads(os.environ.get(SETTINGS_VARIABLE, "{}"))
    config = settings.get("config")
    service = CheckService.start(
        model=settings.get("model"),
        config_path=Path(config) if config else None,
        isolated=bool(settings.get("isolated")),
    )
    return create_app(service)
